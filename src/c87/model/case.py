"""A case file: the documents on one set of violations, and what a reviewer decided of them.

A case file is a folder: ``case.yaml`` (the :class:`CaseManifest` below), the documents
as they were added (``documents/``) and the facts of each (``facts/``). What the case
*says* (its actors, events and disputed facts, :class:`LinkedCase`) is not stored: it is
worked out from the documents' facts and the reviewer's decisions each time, so that it
never drifts from them. A reference to an item of a document is ``DOC/ID``: ``d2/e5`` is
event ``e5`` of document ``d2``, ``d1/osmonov`` actor ``osmonov`` of document ``d1``.

This is not a per-letter ``c87:Case`` (the graph of one letter's facts): a case file holds
many letters and reports, and may be a case of the ILO Committee on Freedom of
Association, whose number it then carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints

from c87.model import Facts, Identifier, Strict

CASE_FORMAT_VERSION = 1

Ref = Annotated[str, StringConstraints(pattern=r"^d[0-9]+/[a-z0-9][a-z0-9._-]*$")]
"""An item of a document of the case: ``d2/e5`` (event e5 of document d2)."""

DocId = Annotated[str, StringConstraints(pattern=r"^d[0-9]+$")]

CaseGenre = Literal["letter", "urgent-action", "press-release", "news-report", "cfa-report",
                    "index-entry", "government-reply"]

Fact = Literal["date", "place", "perpetrator", "number", "length", "role"]
"""The facts of an event on which the sources of a case event are compared."""


class CaseDocument(Strict):
    """One document of the case, as added."""

    id: DocId
    file: str | None = Field(default=None, description=(
        "The text as added, inside the case folder (documents/...); none when a facts "
        "file was added without its text."))
    facts: str = Field(description="Its facts file, inside the case folder (facts/...).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$",
                        description="Of the file as added (the letter, or the facts file).")
    added_as: str = Field(description="The path it was added from, as given.")
    added: AwareDatetime
    genre: CaseGenre | None = Field(default=None, description=(
        "Set by the reviewer when the extraction's genre is wrong (a Government's reply)."))


class Decisions(Strict):
    """What the reviewer decided against the matching, each a list of references."""

    same_actor: list[list[Ref]] = Field(default_factory=list, description=(
        "Groups of document actors that are one actor of the case."))
    split_actor: list[Ref] = Field(default_factory=list, description=(
        "Document actors kept apart from every other (a wrong merge undone)."))
    same_event: list[list[Ref]] = Field(default_factory=list, description=(
        "Groups of document events that are one event of the case."))
    split_event: list[Ref] = Field(default_factory=list, description=(
        "Document events kept apart from every other."))
    adopt: dict[Fact, list[Ref]] = Field(default_factory=dict, description=(
        "Per fact, the document events whose statement of it the complaint adopts when "
        "the sources disagree (one per case event)."))


class CaseManifest(Strict):
    """``case.yaml``: the case file's name, its documents and the reviewer's decisions."""

    c87_case: Literal[1] = CASE_FORMAT_VERSION
    name: Identifier
    title: str | None = None
    cfa_case: str | None = Field(default=None, pattern=r"^[0-9]{1,5}$", description=(
        "The CFA case number, when the reviewer sets it (else one the documents name)."))
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    created: AwareDatetime
    documents: list[CaseDocument] = Field(default_factory=list)
    decisions: Decisions = Field(default_factory=Decisions)

    def next_id(self) -> str:
        """The id of the next document added: ids are never reused."""
        used = [int(d.id[1:]) for d in self.documents]
        return f"d{max(used, default=0) + 1}"


# -- what the case says (worked out, not stored) ---------------------------------------------

@dataclass
class CaseActor:
    """One actor of the case: every document actor it stands for, and why they were merged."""

    id: str
    name: str
    kind: str
    members: list[str]
    """References of the document actors (``d1/osmonov``), in document order."""
    names: list[str] = field(default_factory=list)
    """Every name and alias the documents use, first the name chosen."""
    country: str | None = None
    reasons: list[str] = field(default_factory=list)
    """Why each member after the first was merged: ``d2/k-osmonov: name 'Osmonov' is the
    family name of 'Kanatbek Osmonov' (d1/osmonov)``."""


@dataclass
class Statement:
    """What one source says of one fact of an event."""

    ref: str
    """The document event that says it (``d2/e5``)."""
    value: str
    """The value as a string (a date, a place, an actor name, a number)."""


@dataclass
class Dispute:
    """A fact of a case event on which its sources disagree: every statement kept."""

    event: str
    fact: str
    statements: list[Statement]
    adopted: str | None = None
    """The reference of the statement the complaint adopts, when the reviewer chose one."""


@dataclass
class CaseEvent:
    """One event of the case: the document events that tell it, each its own source."""

    id: str
    type: str
    members: list[str]
    """References of the document events (``d1/e5``), in document order."""
    date: str | None = None
    """The date the sources agree on (the most precise), or the adopted one, or none."""
    start: str | None = None
    end: str | None = None
    """The period the sources agree on, for an act that lasts (a house arrest), when no
    source gives it a single date."""
    disputes: list[Dispute] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    """Why each member after the first was linked."""


@dataclass
class Reference:
    """A document that refers to an earlier one of the case (``On 26 April ... I wrote``)."""

    ref: str
    """The document event (a communication) that refers to it, ``d2/e1``."""
    document: str
    """The document it refers to (``d1``)."""
    quote: str


@dataclass
class LinkedCase:
    """What a case file says: its documents' facts joined into one record."""

    manifest: CaseManifest
    facts: dict[str, Facts]
    """Document id -> its facts (reviewed events that were rejected left out)."""
    actors: list[CaseActor]
    events: list[CaseEvent]
    references: list[Reference]
    cfa_case: str | None = None
    """The CFA case number, the reviewer's or one the documents name."""
    cfa_case_quote: str | None = None

    @property
    def disputes(self) -> list[Dispute]:
        return [d for e in self.events for d in e.disputes]

    def actor_of(self, ref: str) -> CaseActor | None:
        """The case actor a document actor belongs to."""
        for actor in self.actors:
            if ref in actor.members:
                return actor
        return None

    def event_of(self, ref: str) -> CaseEvent | None:
        for event in self.events:
            if ref in event.members:
                return event
        return None


def split_ref(ref: str) -> tuple[str, str]:
    """``d2/e5`` -> (``d2``, ``e5``)."""
    doc, _, item = ref.partition("/")
    return doc, item


__all__ = ["CASE_FORMAT_VERSION", "CaseActor", "CaseDocument", "CaseEvent", "CaseGenre",
           "CaseManifest", "Decisions", "Dispute", "DocId", "Fact", "LinkedCase",
           "Ref", "Reference", "Statement", "split_ref"]
