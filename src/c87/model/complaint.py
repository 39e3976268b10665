"""The complaint to the ILO Committee on Freedom of Association, as data.

:class:`ComplainantProfile` is what a person writes (``--complainant``: who files, from
where, who signs, what it asks); :class:`Complaint` is what the XML says: the complainant
and its standing, the addressee, the government concerned, the numbered allegations, the
requests, and whether the case is urgent and why. ``mapper.complaint`` makes one from the
facts of a letter, ``mapper.checklist`` checks it against what the CFA asks,
``output.complaint`` writes it as Akoma Ntoso XML and ``input.complaint`` reads it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from c87.model import CountryCode, IsoDate, Strict

if TYPE_CHECKING:
    from c87.model import Event, Facts

COMPLAINANT_TYPES = ("national", "international-consultative", "international-other",
                     "other")
"""Kinds of complainant: the three kinds of workers' organisation whose allegations the
CFA receives, and ``other`` (anyone else, who may not file)."""


Text = Annotated[str, StringConstraints(min_length=1)]


# -- the complainant profile (what a person writes) ------------------------------------

class SignatoryProfile(Strict):
    """Who signs the complaint for the complainant."""

    name: str = Field(min_length=1, description="The signatory's full name.")
    function: str = Field(min_length=1,
                          description="Their function in the organisation, e.g. General "
                                      "Secretary.")


class ComplainantProfile(Strict):
    """The filing organisation: what turns a letter into a complaint (``--complainant``)."""

    name: str = Field(min_length=1, description="The organisation's name.")
    acronym: str | None = Field(default=None, description="Its acronym, e.g. ITUC.")
    type: Literal["national", "international-consultative", "international-other"] = Field(
        description="national; international-consultative (an international organisation "
                    "of workers with consultative status with the ILO); "
                    "international-other (another international organisation of workers).")
    consultative_status: bool | None = Field(
        default=None, description="Consultative status with the ILO (default: true for "
                                  "international-consultative, else false).")
    country: CountryCode | None = Field(
        default=None, description="Where the organisation is based (ISO 3166-1 alpha-2).")
    address: str | None = Field(default=None, min_length=1,
                                description="Its permanent address.")
    signatory: SignatoryProfile | None = None
    date: IsoDate | None = Field(default=None,
                                 description="Date of the complaint (default: the letter's).")
    requests: list[Text] = Field(
        default_factory=list, description="What the complainant asks the Committee to do.")
    urgency_justification: str | None = Field(
        default=None, min_length=1,
        description="Why the case is urgent, in the complainant's words (default: "
                    "written from the events that engage personal freedom or life).")
    affiliates: list[Text] = Field(
        default_factory=list,
        description="Affiliated organisations the allegations directly affect (what "
                    "makes an international-other organisation's complaint receivable).")

    @model_validator(mode="after")
    def _status_matches_type(self) -> ComplainantProfile:
        consultative = self.type == "international-consultative"
        if self.consultative_status is None:
            self.__dict__["consultative_status"] = consultative
        elif self.consultative_status != consultative:
            raise ValueError(
                f"consultative_status: {str(self.consultative_status).lower()} does not go "
                f"with type {self.type} (consultative status is what makes an international "
                "organisation international-consultative)")
        return self


# -- the complaint (what the XML says) -------------------------------------------------

@dataclass(frozen=True)
class Complainant:
    """Who files the complaint, and what gives it standing.

    ``actor`` is the id of the facts' actor it is, if any; ``origin`` says whether a
    profile or the letter said who it is.
    """

    name: str | None
    type: str
    consultative_status: bool
    actor: str | None = None
    acronym: str | None = None
    country: str | None = None
    address: str | None = None
    affiliates: tuple[str, ...] = ()
    origin: Literal["letter", "profile"] = "letter"


@dataclass(frozen=True)
class Allegation:
    """An allegation of the complaint: its number and the id of the event it alleges.

    :func:`make_complaint` numbers the alleged violations by heading, then by date.
    """

    number: int
    event: str


@dataclass(frozen=True)
class UrgencyGround:
    """An event that meets one of the CFA's criteria of urgency (``personal-freedom`` ...)."""

    event: str
    ground: str


@dataclass(frozen=True)
class SourceNote:
    """A source of an allegation of a case's complaint: the document event that tells it."""

    ref: str
    document: str
    label: str
    """How the complaint names the document (``ITUC letter of 18 June 2020``)."""
    quote: str


@dataclass(frozen=True)
class DisputeNote:
    """A fact of an allegation that the sources disagree on: each statement with the
    document that makes it, and whether the complaint adopts it."""

    fact: str
    statements: tuple[tuple[str, str, bool], ...]
    """(value, document label, adopted)."""


@dataclass(frozen=True)
class CaseDocumentNote:
    """A document of a case, for the complaint's annex: the letters, reports and replies."""

    id: str
    label: str
    date: str | None
    url: str | None = None
    recalls: tuple[str, ...] = ()
    """The earlier documents of the case it refers to (their ids)."""


@dataclass(frozen=True)
class FollowUp:
    """For a case the CFA has before it: its number, the date of its last report in the
    case file, and the numbers of the allegations made since."""

    case_number: str
    last_report: str | None
    new_allegations: tuple[int, ...]


@dataclass(frozen=True)
class Complaint:
    """A complaint to the CFA: the facts of a letter (or of a case of several documents)
    and what makes them a complaint. ``sources``, ``disputes``, ``documents`` and
    ``follow_up`` are given for a case: by allegation event id, each source and each
    disputed fact; the documents of the case; the follow-up form."""

    facts: Facts
    case: str
    date: str | None
    complainant: Complainant
    addressee: str
    respondent: str | None
    intent: str
    signatory_name: str | None
    signatory_function: str | None
    signatory_origin: Literal["letter", "profile"]
    allegations: tuple[Allegation, ...]
    requests: tuple[str, ...] = ()
    urgent: bool = False
    justification: str | None = None
    grounds: tuple[UrgencyGround, ...] = ()
    letter_attached: bool = False
    sources: Mapping[str, tuple[SourceNote, ...]] = field(default_factory=dict)
    disputes: Mapping[str, tuple[DisputeNote, ...]] = field(default_factory=dict)
    documents: tuple[CaseDocumentNote, ...] = ()
    follow_up: FollowUp | None = None

    def event(self, event_id: str) -> Event | None:
        """The facts' event with this id, or None."""
        return next((e for e in self.facts.events if e.id == event_id), None)


@dataclass(frozen=True)
class Heading:
    """A heading the complaint groups allegations under (``allegation-headings.yaml``)."""

    id: str
    label: str
    rank: int
    """Its place in the complaint: headings come in the order of the file, ``other`` last."""


@dataclass(frozen=True)
class Quotation:
    """Words a filing may quote for a principle: the text, how to cite it, where it is.

    ``notation`` is the concept the words belong to: the principle itself, a paragraph of
    it, or the CFA's sentence that states it (a civil liberty).
    """

    notation: str
    text: str
    citation: str | None
    source: str | None


@dataclass(frozen=True)
class CheckResult:
    """One item of the checklist: its key, its label, whether it passed, and why."""

    key: str
    label: str
    passed: bool
    reason: str


