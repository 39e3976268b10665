"""The facts document: what ``c87 extract`` writes, a person reviews, and every output reads.

The models below are the contract of ``DESIGN.md`` ("The facts document"). Validation is
pydantic's: unknown keys are rejected by name, and an error carries the path of the field
(``events[3].date``). :func:`facts_schema` gives the JSON Schema published in ``docs/``.

Dates are ISO 8601 at the precision the letter gives: ``2020-06-18``, ``2020-06`` or
``2020``. Offsets (``start``/``end``) are character offsets into the text that
:func:`c87.input.read_letter` produced for the letter, ``end`` exclusive. The data
classes of the complaint are in :mod:`c87.model.complaint`.

May import: c87.errors.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

FORMAT_VERSION = 2
"""The newest version of the document. Version 2 adds ``review`` to the letter, each actor
and each event, and ``confidential`` to each actor and event; a document that holds
neither is written as version 1, which every reader of version 1 still reads, and both
versions are read."""

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")


def _check_date(value: str) -> str:
    """Accept ISO 8601 dates of reduced precision (YYYY, YYYY-MM, YYYY-MM-DD) that exist."""
    match = _DATE_RE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = match.groups()
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date: {exc}") from None
    return value


IsoDate = Annotated[str, AfterValidator(_check_date)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120)]
Notation = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]

ActorKind = Literal[
    "person", "group", "trade-union", "union-federation", "union-confederation",
    "organisation", "intergovernmental", "government", "state-authority", "legislature",
    "court", "police", "military", "employer",
]
"""Actor kinds of DESIGN.md; the ontology holds their labels and definitions."""

Role = Literal[
    "victim", "perpetrator", "target", "author", "addressee", "intervening-party",
    "source", "witness", "participant",
]
"""Roles an actor plays in an event (HURIDOCS: victim, perpetrator, source, intervening party).

``target`` is the organisation an act is aimed at when it is not itself a victim of a
person-level act; ``author`` and ``addressee`` serve communications.
"""


ReviewStatus = Literal["accepted", "corrected", "added", "rejected"]
"""What a person made of an item: ``accepted`` as extracted, ``corrected`` (changed, then
accepted), ``added`` (written by the person), ``rejected`` (not a fact of the letter; kept
in the document, as a negative example, and left out of every output)."""


class Strict(BaseModel):
    """Base of every part of the document: unknown keys are an error, not ignored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Span(Strict):
    """A piece of the letter's text: the words that say a fact, and where they stand."""

    quote: str = Field(min_length=1, description="The text exactly as in the letter's text.")
    start: int | None = Field(default=None, ge=0, description=(
        "Offset of the first character; left out, with end, only in a public document "
        "(c87 convert --public), whose quotes are redacted."))
    end: int | None = Field(default=None, ge=0, description="Offset after the last character.")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Review(Strict):
    """A person's verdict on one item (format version 2)."""

    status: ReviewStatus
    time: AwareDatetime = Field(description="When, in ISO 8601 with its offset from UTC.")
    reviewer: str | None = Field(default=None, min_length=1,
                                 description="Who reviewed it, when they gave a name.")


class Source(Strict):
    """The text the offsets refer to."""

    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    path: str | None = None
    format: Literal["txt", "md", "html", "pdf", "docx"] | None = None
    language: LanguageCode | None = None
    url: str | None = Field(default=None, description=(
        "The web page the text was stored from, when its first line names it "
        "('SOURCE: https://...')."))


class Signatory(Strict):
    role: str | None = None
    name: str | None = None


Genre = Literal["letter", "urgent-action", "press-release", "news-report", "cfa-report",
                "index-entry"]


class Letter(Strict):
    """What the letter is: its header, its parties, the state it concerns."""

    genre: Genre | None = Field(default=None, description=(
        "What kind of text it is; for a press release or news report the sender is the "
        "issuing organisation and the date is its date line."))
    date: IsoDate | None = None
    reference: str | None = None
    subject: str | None = None
    sender: Identifier | None = Field(default=None, description="An actor id.")
    addressee: Identifier | None = Field(default=None, description="An actor id.")
    signatory: Signatory = Field(default_factory=Signatory)
    country: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code of the state concerned.")
    conventions: list[Annotated[str, StringConstraints(pattern=r"^C\d{3}$")]] = Field(
        default_factory=list, description="ILO conventions invoked, e.g. C087.")
    provenance: dict[str, Span] = Field(
        default_factory=dict,
        description="For each field above that the letter states, the span that states it.")
    review: Review | None = None

    @model_validator(mode="after")
    def _not_rejected(self) -> Letter:
        if self.review is not None and self.review.status == "rejected":
            raise ValueError("review.status: a letter's fields are accepted or corrected, "
                             "not rejected")
        return self


class Position(Strict):
    """A post a person holds, as the letter words it."""

    title: str
    organisation: Identifier | None = Field(default=None, description="An actor id.")


class Actor(Strict):
    id: Identifier
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list,
                               description="Every other name the letter uses for it.")
    kind: ActorKind
    country: CountryCode | None = None
    honorific: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    positions: list[Position] = Field(default_factory=list)
    member_of: list[Identifier] = Field(default_factory=list, description="Actor ids.")
    evidence: list[Span] = Field(default_factory=list,
                                 description="Where the letter names it.")
    confidential: bool = Field(default=False, description=(
        "Not to be published: c87 convert --public replaces the actor's name by a "
        "pseudonym and redacts it from every quote (format version 2)."))
    review: Review | None = None

    @model_validator(mode="after")
    def _not_rejected(self) -> Actor:
        if self.review is not None and self.review.status == "rejected":
            raise ValueError("review.status: an actor is accepted, corrected or added; one "
                             "that is not an actor of the letter is removed or merged")
        return self


class Participant(Strict):
    actor: Identifier
    role: Role


class Event(Strict):
    id: Identifier
    type: Identifier = Field(description="An event type of the ontology's scheme.")
    date: IsoDate | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    approximate: bool = Field(default=False,
                              description="The date was inferred (relative or partial).")
    summary: str | None = None
    evidence: list[Span] = Field(min_length=1)
    participants: list[Participant] = Field(default_factory=list)
    place: str | None = None
    principles: list[Notation] = Field(default_factory=list)
    alleged_violation: bool = True
    provenance: dict[str, Span] = Field(
        default_factory=dict,
        description="Spans for fields stated outside the evidence (a year from context).")
    rule: str | None = Field(
        default=None,
        description="What proposed the event: the cue words that triggered it and the rule "
                    "that dated it, as c87 extract found them (absent when a person wrote "
                    "the event; kept when a person corrects it).")
    confidential: bool = Field(default=False, description=(
        "Not to be published: left out of the outputs of c87 convert --public "
        "(format version 2)."))
    review: Review | None = None

    @model_validator(mode="after")
    def _one_kind_of_date(self) -> Event:
        if self.date is not None and (self.start is not None or self.end is not None):
            raise ValueError("give either date, or start/end, not both")
        if self.start and self.end and _bound(self.end, "-99") < _bound(self.start, "-00"):
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


def _bound(date: str, pad: str) -> str:
    # A reduced-precision date covers its whole period: 2020-06 starts with 2020-06-00
    # and ends with 2020-06-99, so start 2020-06 and end 2020-06-05 are in order.
    return date + pad * (2 - date.count("-"))


class Facts(Strict):
    """The whole facts document of one letter."""

    c87: Literal[1, 2] = Field(default=1, description=(
        "Format version: 2 when the document holds a review, a confidentiality flag or is "
        "public, else 1 (both are read). "
        "Left out in Python, it is the oldest version that holds the document."))
    public: bool = Field(default=False, description=(
        "The public version of a document (c87 convert --public, format version 2): "
        "confidential actors are named by pseudonyms, confidential events left out, the "
        "quotes redacted and their offsets dropped."))
    source: Source
    letter: Letter = Field(default_factory=Letter)
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _review_needs_version_2(self) -> Facts:
        if self.c87 == 1:
            where = next(self._version_2(), None)
            if where is not None and "c87" in self.model_fields_set:
                what = ("a review", "no review") if where.endswith(".review") else \
                    ("a public document", "none") if where == "public" else \
                    ("a confidentiality flag", "none")
                raise ValueError(f"{where}: {what[0]} needs format version 2 "
                                 f"(c87: 2); version 1 has {what[1]}")
            if where is not None:  # made in Python without a version: the one it needs
                object.__setattr__(self, "c87", 2)
        return self

    def _reviewed(self) -> Iterator[str]:
        """Where the document holds a review: ``letter``, ``actors[0]``, ``events[3]``."""
        if self.letter.review is not None:
            yield "letter"
        for section, items in (("actors", self.actors), ("events", self.events)):
            for i, item in enumerate(items):
                if item.review is not None:
                    yield f"{section}[{i}]"

    def _version_2(self) -> Iterator[str]:
        """Where the document holds what only version 2 has: a review, or a
        confidentiality flag (``actors[2].confidential``)."""
        if self.public:
            yield "public"
        yield from (f"{where}.review" for where in self._reviewed())
        for section, items in (("actors", self.actors), ("events", self.events)):
            for i, item in enumerate(items):
                if item.confidential:
                    yield f"{section}[{i}].confidential"

    @property
    def needs_version_2(self) -> bool:
        """Whether the document holds a review or a confidentiality flag."""
        return next(self._version_2(), None) is not None

    @property
    def reviewed(self) -> bool:
        """Whether a person has reviewed any item of the document."""
        return next(self._reviewed(), None) is not None

    def asserted(self) -> Facts:
        """The document without its rejected events: what every output states."""
        kept = [e for e in self.events if e.review is None or e.review.status != "rejected"]
        if len(kept) == len(self.events):
            return self
        return self.model_copy(update={"events": kept})

    @model_validator(mode="after")
    def _offsets_unless_public(self) -> Facts:
        if self.public:
            return self
        for where, span in self.spans():
            if span.start is None:
                raise ValueError(f"{where}: a quote without start and end is only in a "
                                 "public document (public: true)")
        return self

    def spans(self) -> Iterator[tuple[str, Span]]:
        """Every span of the document, with where it is (``events[3].evidence[0]``)."""
        for key, span in self.letter.provenance.items():
            yield f"letter.provenance.{key}", span
        for section, items in (("actors", self.actors), ("events", self.events)):
            for i, item in enumerate(items):
                for j, span in enumerate(item.evidence):
                    yield f"{section}[{i}].evidence[{j}]", span
        for i, event in enumerate(self.events):
            for key, span in event.provenance.items():
                yield f"events[{i}].provenance.{key}", span

    @model_validator(mode="after")
    def _references_resolve(self) -> Facts:
        ids = [a.id for a in self.actors]
        seen: set[str] = set()
        for i, actor_id in enumerate(ids):
            if actor_id in seen:
                raise ValueError(f"actors[{i}].id: duplicate actor id {actor_id!r}")
            seen.add(actor_id)
        event_ids: set[str] = set()
        for i, event in enumerate(self.events):
            if event.id in event_ids:
                raise ValueError(f"events[{i}].id: duplicate event id {event.id!r}")
            event_ids.add(event.id)
            for j, p in enumerate(event.participants):
                if p.actor not in seen:
                    raise ValueError(
                        f"events[{i}].participants[{j}].actor: no actor has id {p.actor!r}")
        for field in ("sender", "addressee"):
            value = getattr(self.letter, field)
            if value is not None and value not in seen:
                raise ValueError(f"letter.{field}: no actor has id {value!r}")
        for i, actor in enumerate(self.actors):
            for j, ref in enumerate(actor.member_of):
                if ref not in seen:
                    raise ValueError(f"actors[{i}].member_of[{j}]: no actor has id {ref!r}")
            for j, pos in enumerate(actor.positions):
                if pos.organisation is not None and pos.organisation not in seen:
                    raise ValueError(
                        f"actors[{i}].positions[{j}].organisation: "
                        f"no actor has id {pos.organisation!r}")
        return self

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)


SCHEMA_IRI = "https://w3id.org/c87/schema/facts-2.json"
"""The JSON Schema of the facts document; it reads versions 1 and 2."""


def facts_schema() -> dict[str, Any]:
    """The JSON Schema of the facts document (what ``c87 schema`` prints)."""
    schema = Facts.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_IRI
    schema["title"] = "c87 facts document"
    return schema
