"""The complaint to the ILO Committee on Freedom of Association: what it says, and the checklist.

A letter is not yet a complaint. :func:`make_complaint` turns the facts of a letter, and
optionally a :class:`ComplainantProfile` (who files, from where, who signs, what it asks),
into a :class:`Complaint`: the complainant and its standing, the addressee (the ILO
Director-General), the government concerned, the numbered allegations (the events that
are alleged violations), the requests, and whether the case is urgent and why.
``output.complaint`` writes a Complaint as Akoma Ntoso XML, ``input.complaint`` reads it
back, and :func:`checklist` says, item by item, whether it gives what the CFA asks of a
complaint (``ontology/cfa-procedure.yaml`` holds the verified rules and their sources).

Without a profile the letter's sender is the complainant: a body of the gazetteer
(``ontology/organisations.yaml``) listed with consultative status is an international
organisation of workers with consultative status, another international union body of the
gazetteer is an "other international" organisation, a union the letter names with a
country a national one. The letter's signatory signs; the complaint is dated with the
letter's date. A letter gives no permanent address, and most give no signatory's name:
the checklist says so, and a profile supplies them. A placeholder for the signatory's name
("Jane Doe", the example profile's; the list is ``ontology/placeholders.yaml``) fails the
checklist as no name does.

What a filing says is what its sources say: the allegations are grouped under the headings
of ``ontology/allegation-headings.yaml`` and ordered by date within each, an event's
summary is a sentence or clause (:func:`event_summary`), and a principle's text is quoted
only where the ontology holds a verified quotation, with its citation
(:func:`principle_quotations`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from c87.model import CountryCode, IsoDate, Strict

if TYPE_CHECKING:
    from c87.model import Event, Facts

__all__ = [
    "COMPLAINANT_TYPES", "Allegation", "CheckResult", "Complainant", "ComplainantProfile",
    "Complaint", "Heading", "Quotation", "SignatoryProfile", "UrgencyGround",
    "allegation_heading", "by_date", "cfa_procedure", "checklist", "country_name",
    "event_summary", "government_of", "human_date", "is_placeholder_name", "make_complaint",
    "principle_quotations", "urgency_grounds", "when_text",
]

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
class Complaint:
    """A complaint to the CFA: the facts of a letter and what makes them a complaint."""

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


# -- data ------------------------------------------------------------------------------

@functools.cache
def cfa_procedure() -> dict[str, Any]:
    """``ontology/cfa-procedure.yaml``: addressee, receivability, consultative status, urgency."""
    import yaml

    from c87.ontology import DATA_DIR

    with (DATA_DIR / "cfa-procedure.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def _gazetteer_unions() -> frozenset[str]:
    """Ids of the international union bodies of the gazetteer (organisations.yaml)."""
    import yaml

    from c87.ontology import DATA_DIR

    with (DATA_DIR / "organisations.yaml").open(encoding="utf-8") as fh:
        entries = yaml.safe_load(fh) or []
    return frozenset(e["id"] for e in entries if e.get("kind") in _union_kinds())


@functools.cache
def _placeholders() -> frozenset[str]:
    from c87.ontology.data import letters_and_digits, load

    return frozenset(letters_and_digits(n) for n in load("placeholders")["names"])


def is_placeholder_name(name: str) -> bool:
    """Whether ``name`` stands for nobody: an entry of ``ontology/placeholders.yaml`` ("Jane
    Doe", "N.N.", "[Your Name]"; case, spaces and punctuation aside), or no letter at all."""
    from c87.ontology.data import letters_and_digits

    key = letters_and_digits(name)
    return not any(ch.isalpha() for ch in key) or key in _placeholders()


@functools.cache
def _headings() -> tuple[dict[str, Heading], Heading]:
    from c87.ontology.data import load

    data = load("allegation-headings")
    by_type = {}
    for rank, entry in enumerate(data["headings"]):
        heading = Heading(entry["id"], entry["label"], rank)
        for event_type in entry["event_types"]:
            by_type[event_type] = heading
    return by_type, Heading("other", data["other"], len(data["headings"]))


def allegation_heading(event_type: str) -> Heading:
    """The heading an allegation of this event type goes under: the heading of the type,
    else of its nearest broader type, else ``other`` (last)."""
    from c87 import ontology

    by_type, other = _headings()
    level, seen = [event_type], set()
    while level:
        found = [by_type[t] for t in level if t in by_type]
        if found:
            return found[0]
        seen.update(level)
        level = [b for t in level if (c := ontology.concept(t)) for b in c.broader
                 if b not in seen]
    return other


def _date_key(event: Event) -> str | None:
    return event.date or event.start or event.end


def by_date(events: list[Event]) -> list[Event]:
    """The events in the order of their dates (the first day of a reduced date, the start of
    a period), undated ones last; events of the same date keep their order."""
    return sorted(events, key=lambda e: (_date_key(e) is None, _date_key(e) or ""))


def event_summary(event: Event) -> str | None:
    """The event's summary as a complaint gives it, or None when it has none.

    On one line, without the event type's label when the summary begins with it
    ("Intimidation: ..."), since the complaint names the type beside it. A summary that is
    the beginning of its quotation cut inside a word (as earlier versions of c87 wrote
    them, at 140 characters) is cut again at the end of a clause of the quotation, so
    that it never ends inside a word.
    """
    from c87 import ontology
    from c87.mapper.sentences import first_clauses

    if not event.summary:
        return None
    text = " ".join(event.summary.split())
    concept = ontology.concept(event.type)
    if concept is not None and text.casefold().startswith(concept.label.casefold() + ":"):
        text = text[len(concept.label) + 1:].strip()
    core = text.rstrip(" .…")
    for span in event.evidence:
        quote = " ".join(span.quote.split())
        if core and quote.startswith(core) and core[-1].isalnum() and (
                quote[len(core):len(core) + 1].isalnum()):
            text = first_clauses(quote, limit=len(core))
            break
    return text or None


def principle_quotations(notation: str, *, besides: tuple[str, ...] = ()) -> tuple[Quotation, ...]:
    """What a filing may quote for a principle, with the citation of each quotation.

    A principle whose definition in the ontology quotes its source (in quotation marks)
    gives that quotation. One that only paraphrases (Article 3 as a whole) gives the
    quotations of its paragraphs, except those in ``besides`` (quoted elsewhere in the same
    filing). A civil liberty, whose wording as recalled is not verified, gives the CFA's
    sentence that states it (its ``skos:closeMatch`` in the cfa scheme), where there is
    one. Unverified wording and paraphrases give nothing: a filing quotes its sources or
    says nothing.
    """
    from c87 import ontology

    def quoted(n: str) -> Quotation | None:
        found = ontology.concept(n)
        if found is None or not _QUOTED.search(found.definition):
            return None
        return Quotation(n, " ".join(found.definition.split()), found.citation, found.source)

    concept = ontology.concept(notation)
    if concept is None:
        return ()
    own = quoted(notation)
    found = [own] if own else [quoted(n) for n in concept.narrower if n not in besides]
    found += [quoted(n) for n in concept.close_matches
              if (m := ontology.concept(n)) is not None and m.scheme == "cfa"]
    return tuple(q for q in found if q is not None)


_QUOTED = re.compile(r"\"[^\"]+\"")
"""A passage in quotation marks: the ontology's mark of a definition that quotes its source."""


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def human_date(date: str) -> str:
    """An ISO date at its precision, in English words: ``10 June 2020``, ``June 2020``, ``2020``."""
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def when_text(event: Event) -> str | None:
    """When an event happened, in words (``on 3 June 2020``, ``in 1992``, ``since February
    2020``), or None when the facts do not say."""
    if event.date:
        return f"{'on' if len(event.date) == 10 else 'in'} {human_date(event.date)}"
    if event.start and event.end:
        return f"from {human_date(event.start)} to {human_date(event.end)}"
    if event.start:
        return f"since {human_date(event.start)}"
    if event.end:
        return f"until {human_date(event.end)}"
    return None


def _the(name: str) -> str:
    """``The International Trade Union Confederation`` for a name used as a subject."""
    return name if name.casefold().startswith("the ") else f"The {name}"


def country_name(code: str) -> str:
    """The common English name of an ISO 3166-1 alpha-2 code (the code if unknown)."""
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return getattr(found, "common_name", None) or found.name


def government_of(code: str | None) -> str:
    """``Government of Kyrgyzstan`` for ``KG``; ``the Government concerned`` for None."""
    return f"Government of {country_name(code)}" if code else "the Government concerned"


def _ancestors(event_type: str) -> set[str]:
    """The type and every broader type of it in the ontology."""
    from c87 import ontology

    found, todo = set(), [event_type]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        concept = ontology.concept(current)
        if concept is not None:
            todo.extend(concept.broader)
    return found


def urgency_grounds(facts: Facts) -> tuple[UrgencyGround, ...]:
    """The alleged violations that meet a criterion of urgency, in the facts' order.

    An event meets a ground when its type, or a broader type, is one the ground lists in
    ``cfa-procedure.yaml`` (killing, violence, abduction, arrest or detention and
    interrogation for human life or personal freedom; dissolution for the dissolution of
    an organisation).
    """
    grounds = cfa_procedure()["urgency"]["grounds"]
    found = []
    for event in facts.events:
        if not event.alleged_violation:
            continue
        types = _ancestors(event.type)
        for ground in grounds:
            if types & set(ground["event_types"]):
                found.append(UrgencyGround(event.id, ground["id"]))
                break
    return tuple(found)


# -- making a complaint ----------------------------------------------------------------

def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _complainant(facts: Facts, profile: ComplainantProfile | None) -> Complainant:
    sender = facts.actor(facts.letter.sender) if facts.letter.sender else None
    if profile is not None:
        names = [n for n in (profile.name, profile.acronym) if n]
        candidates = ([sender] if sender else []) + [a for a in facts.actors if a is not sender]
        actor = next((a for a in candidates
                      if any(_same_name(n, m) for n in names for m in (a.name, *a.aliases))),
                     None)
        return Complainant(
            name=profile.name, type=profile.type,
            consultative_status=bool(profile.consultative_status),
            actor=actor.id if actor else None, acronym=profile.acronym,
            country=profile.country, address=profile.address,
            affiliates=tuple(profile.affiliates), origin="profile")
    if sender is None:
        return Complainant(name=None, type="other", consultative_status=False)
    consultative = sender.id in cfa_procedure()["consultative_status"]["members"]
    if consultative:
        kind = "international-consultative"
    elif sender.id in _gazetteer_unions():
        kind = "international-other"
    elif sender.kind in _union_kinds():
        kind = "national"
    else:
        kind = "other"
    acronym = next((a for a in sender.aliases if a.isupper() and " " not in a), None)
    return Complainant(name=sender.name, type=kind, consultative_status=consultative,
                       actor=sender.id, acronym=acronym, country=sender.country)


def _justification(facts: Facts, grounds: tuple[UrgencyGround, ...],
                   numbers: dict[str, int]) -> str:
    """Why the case is urgent, naming the events that meet each ground."""
    from c87 import ontology

    labels = {g["id"]: g["label"] for g in cfa_procedure()["urgency"]["grounds"]}
    sentences = []
    for ground_id, label in labels.items():
        items = []
        for ground in grounds:
            if ground.ground != ground_id:
                continue
            event = next(e for e in facts.events if e.id == ground.event)
            concept = ontology.concept(event.type)
            what = (concept.label if concept else event.type).lower()
            when = when_text(event)
            summary = event_summary(event)
            item = f"allegation {numbers[event.id]} ({what}"
            item += f", {when}" if when else ""
            item += f": {summary.rstrip('.')})" if summary else ")"
            items.append(item)
        if items:
            listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
            sentences.append(f"The complaint concerns {label}: {listed}.")
    sentences.append("The Committee on Freedom of Association treats as urgent cases "
                     f"involving \"{cfa_procedure()['urgency']['criteria']}\"; the "
                     "complainant asks that this case be treated as urgent.")
    return " ".join(sentences)


def make_complaint(facts: Facts, profile: ComplainantProfile | None = None, *,
                   case: str | None = None, letter_attached: bool = False) -> Complaint:
    """The complaint the facts of a letter make, with the profile's data where it gives some.

    The allegations are the alleged violations, numbered under their headings (in the order
    of ``allegation-headings.yaml``) by date, undated ones last, and in the letter's order
    where dates are the same. Deterministic: the same facts and profile give the same
    complaint. ``case`` is the case
    id (default :func:`c87.iris.case_id`); ``letter_attached`` says whether the letter's
    text goes with the complaint (the writer attaches it). Nothing is checked here:
    :func:`checklist` says what the complaint lacks.
    """
    from c87.iris import case_id

    complainant = _complainant(facts, profile)
    violations = by_date([e for e in facts.events if e.alleged_violation])
    violations.sort(key=lambda e: allegation_heading(e.type).rank)  # stable: dates within
    allegations = tuple(Allegation(n, e.id) for n, e in enumerate(violations, 1))
    numbers = {a.event: a.number for a in allegations}
    grounds = tuple(sorted(urgency_grounds(facts), key=lambda g: numbers[g.event]))
    justification = profile.urgency_justification if profile else None
    if justification is None and grounds:
        justification = _justification(facts, grounds, numbers)
    if profile is not None and profile.signatory is not None:
        signatory_name: str | None = profile.signatory.name
        signatory_function: str | None = profile.signatory.function
        signatory_origin: Literal["letter", "profile"] = "profile"
    else:
        signatory_name = facts.letter.signatory.name
        signatory_function = facts.letter.signatory.role
        signatory_origin = "letter"
    respondent = facts.letter.country
    who = _the(complainant.name) if complainant.name else "The complainant"
    against = government_of(respondent) if respondent else "Government concerned"
    intent = (f"{who} hereby lodges a complaint with the ILO Committee on Freedom of "
              f"Association against the {against} for violations of freedom of "
              "association and of the right to organise, and asks the Committee to "
              "examine the allegations below.")
    return Complaint(
        facts=facts, case=case or case_id(facts),
        date=(profile.date if profile and profile.date else facts.letter.date),
        complainant=complainant, addressee=cfa_procedure()["addressee"]["id"],
        respondent=respondent, intent=intent,
        signatory_name=signatory_name, signatory_function=signatory_function,
        signatory_origin=signatory_origin, allegations=allegations,
        requests=tuple(profile.requests) if profile else (),
        urgent=bool(grounds) or justification is not None, justification=justification,
        grounds=grounds, letter_attached=letter_attached)


# -- the checklist ---------------------------------------------------------------------

CHECKLIST = (
    ("who-may-file", "who may file"),
    ("addressee", "addressee"),
    ("date", "date"),
    ("permanent-address", "permanent address"),
    ("intent", "explicit intent"),
    ("government", "government concerned"),
    ("facts", "detailed facts with dates"),
    ("evidence", "evidence"),
    ("signatory-name", "signatory name"),
    ("signatory-function", "signatory function"),
    ("urgency", "urgency"),
)
"""The items of :func:`checklist`, key and label, in the order they are reported."""

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PROFILE_HINT = "the complainant profile (--complainant)"


def _who_may_file(c: Complaint) -> tuple[bool, str]:
    rules = cfa_procedure()["receivability"]
    who = c.complainant
    name = who.name or "the complainant"
    if who.name is None:
        return False, f"the complaint names no complainant: give name and type in {_PROFILE_HINT}"
    if who.type == "international-consultative":
        if not who.consultative_status:
            return False, (f"{name} is said to be international-consultative without "
                           "consultative status with the ILO")
        return True, f"{name}: one of the \"{rules['international-consultative']}\""
    if who.type == "international-other":
        if not who.affiliates:
            return False, (f"{name} is an international organisation of workers without "
                           "consultative status: such complaints are receivable from "
                           f"\"{rules['international-other']}\"; name the affiliates the "
                           f"allegations affect (affiliates in {_PROFILE_HINT})")
        return True, (f"{name}: one of the \"{rules['international-other']}\" (affiliates "
                      f"affected: {', '.join(who.affiliates)})")
    if who.type == "national":
        if c.respondent is None or who.country != c.respondent:
            where = country_name(who.country) if who.country else "an unknown country"
            return False, (f"{name} is a national organisation of {where}, not of the "
                           "country the complaint is against: receivable from "
                           f"\"{rules['national']}\"")
        return True, f"{name}: \"{rules['national']}\" ({country_name(who.country)})"
    return False, (f"{name} is not an organisation of workers whose allegations the "
                   f"Committee receives (\"{rules['national']}\"; "
                   f"\"{rules['international-consultative']}\"; or "
                   f"\"{rules['international-other']}\"): give its type in {_PROFILE_HINT}")


def _facts_item(c: Complaint) -> tuple[bool, str]:
    if not c.allegations:
        return False, "the complaint makes no allegation (no event is an alleged violation)"
    events = [c.event(a.event) for a in c.allegations]
    missing = [a.event for a, e in zip(c.allegations, events, strict=True) if e is None]
    if missing:
        return False, ("allegations refer to events the complaint does not hold: "
                       + ", ".join(missing))
    n = len(events)
    dated = sum(1 for e in events if e is not None and (e.date or e.start or e.end))
    if not dated:
        return False, (f"none of the {n} allegations is dated: give the dates the letter "
                       "states in the facts")
    reason = f"{n} allegation{'s' if n > 1 else ''}, {dated} dated"
    if dated < n:
        reason += f" ({n - dated} the letter does not date)"
    return True, reason


def _evidence_item(c: Complaint) -> tuple[bool, str]:
    quotes = [len(e.evidence) for a in c.allegations if (e := c.event(a.event))]
    if not quotes or min(quotes) == 0:
        return False, "an allegation quotes no evidence"
    if not c.letter_attached:
        return False, (f"every allegation quotes the letter ({sum(quotes)} quotes), but the "
                       "letter is not attached: convert the letter itself, or keep it at "
                       "the facts' source.path")
    return True, (f"every allegation quotes the letter ({sum(quotes)} quotes); the letter "
                  "is attached")


def _urgency_item(c: Complaint) -> tuple[bool, str]:
    required = urgency_grounds(c.facts)
    if not required:
        if c.urgent and not c.justification:
            return False, "urgent treatment is asked without a justification"
        if c.urgent:
            return True, "urgent treatment is asked, with a justification"
        return True, ("no allegation concerns human life, personal freedom or the "
                      "dissolution of an organisation; urgent treatment is not asked")
    numbers = {a.event: a.number for a in c.allegations}
    required = tuple(sorted(required, key=lambda g: numbers.get(g.event, len(numbers) + 1)))
    listed = ", ".join(str(numbers.get(g.event, g.event)) for g in required)
    if not c.urgent:
        return False, (f"allegations {listed} concern personal freedom, life or the "
                       "dissolution of an organisation, but urgent treatment is not asked")
    if not c.justification or not c.justification.strip():
        return False, (f"urgent treatment is asked (allegations {listed}) without a "
                       f"justification: give urgency_justification in {_PROFILE_HINT}")
    return True, f"urgent treatment is asked and justified (allegations {listed})"


def _signatory_name_item(c: Complaint) -> tuple[bool, str]:
    name = c.signatory_name
    if not name:
        unnamed = " (the letter gives no name)" if c.signatory_origin == "letter" else ""
        return False, (f"the complaint names no signatory{unnamed}: give signatory.name in "
                       f"{_PROFILE_HINT}")
    if is_placeholder_name(name):
        if c.signatory_origin == "profile":
            return False, (f"{name} is a placeholder name: the complainant profile is an "
                           "example; give the name of the person who signs as "
                           f"signatory.name in your own profile (--complainant)")
        return False, (f"{name} is a placeholder name, not the letter's signatory: give "
                       f"signatory.name in {_PROFILE_HINT}")
    return True, name


def checklist(c: Complaint) -> list[CheckResult]:
    """What the CFA asks of a complaint, item by item (:data:`CHECKLIST`), with the reason.

    Checks what the complaint says, not whether it is true: who may file (the kinds of
    workers' organisation whose allegations are receivable), the addressee (the ILO
    Director-General), a full date, the complainant's permanent address, the statement of
    intent to complain to the CFA against a government, the government concerned, the
    allegations (at least one, at least one dated), their evidence (every allegation
    quotes the letter, and the letter is attached), the signatory's name (not a
    placeholder such as "Jane Doe") and function, and urgency (asked and justified when
    an allegation concerns human life, personal freedom or the dissolution of an
    organisation).
    """
    procedure = cfa_procedure()
    results: dict[str, tuple[bool, str]] = {}
    results["who-may-file"] = _who_may_file(c)
    addressee = procedure["addressee"]
    results["addressee"] = (
        (True, f"addressed to the {addressee['name']}, {addressee['place']}")
        if c.addressee == addressee["id"] else
        (False, f"addressed to {c.addressee!r}, not to the {addressee['name']}"))
    if c.date is None:
        results["date"] = (False, f"the complaint is not dated: give date in {_PROFILE_HINT}")
    elif not _FULL_DATE.match(c.date):
        results["date"] = (False, f"the complaint is dated {human_date(c.date)} only: give "
                                  f"the full date in {_PROFILE_HINT}")
    else:
        results["date"] = (True, f"dated {human_date(c.date)}")
    who = c.complainant.name or "the complainant"
    letter_only = " (the letter gives none)" if c.complainant.origin == "letter" else ""
    results["permanent-address"] = (
        (True, c.complainant.address) if c.complainant.address else
        (False, f"no permanent address of {who} is given{letter_only}: give address in "
                f"{_PROFILE_HINT}"))
    intent_ok = "Committee on Freedom of Association" in c.intent and "complaint" in c.intent
    results["intent"] = (
        (True, "the complaint states that it is lodged with the ILO Committee on Freedom of "
               f"Association against the {government_of(c.respondent)}")
        if intent_ok else
        (False, "the complaint does not state that it is a complaint to the Committee on "
                "Freedom of Association against a government"))
    results["government"] = (
        (True, f"the {government_of(c.respondent)} ({c.respondent})") if c.respondent else
        (False, "no government is named: give the country (letter.country) in the facts"))
    results["facts"] = _facts_item(c)
    results["evidence"] = _evidence_item(c)
    results["signatory-name"] = _signatory_name_item(c)
    results["signatory-function"] = (
        (True, c.signatory_function) if c.signatory_function else
        (False, f"the signatory's function is not given: give signatory.function in "
                f"{_PROFILE_HINT}"))
    results["urgency"] = _urgency_item(c)
    return [CheckResult(key, label, *results[key]) for key, label in CHECKLIST]


def _union_kinds() -> frozenset[str]:
    """Trade unions and the federations and confederations under them (the ontology's
    actor-kind hierarchy)."""
    from c87 import ontology

    return ontology.under("trade-union")
