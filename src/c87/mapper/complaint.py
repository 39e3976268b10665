"""From the facts of a letter to a complaint to the ILO Committee on Freedom of Association.

A letter is not yet a complaint. :func:`make_complaint` turns the facts of a letter, and
optionally a :class:`ComplainantProfile` (who files, from where, who signs, what it asks),
into a :class:`Complaint`: the complainant and its standing, the addressee (the ILO
Director-General), the government concerned, the numbered allegations (the events that
are alleged violations), the requests, and whether the case is urgent and why.
``output.complaint`` writes a Complaint as Akoma Ntoso XML, ``input.complaint`` reads it
back, and :func:`c87.mapper.checklist.checklist` says, item by item, whether it gives
what the CFA asks of a complaint (``ontology/cfa-procedure.yaml`` holds the verified rules
and their sources).

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
from typing import TYPE_CHECKING, Literal

from c87 import ontology
from c87.mapper.actors import UNION_KINDS, gazetteer
from c87.mapper.sentences import first_clauses
from c87.model.complaint import (
    Allegation,
    Complainant,
    ComplainantProfile,
    Complaint,
    Heading,
    Quotation,
    UrgencyGround,
)
from c87.ontology.cfa import cfa_procedure
from c87.ontology.countries import country_name
from c87.ontology.data import load
from c87.ontology.iris import case_id

if TYPE_CHECKING:
    from c87.model import Event, Facts


@functools.cache
def _gazetteer_unions() -> frozenset[str]:
    """Ids of the international union bodies of the gazetteer (organisations.yaml)."""
    return frozenset(e["id"] for e in gazetteer() if e.get("kind") in UNION_KINDS)


@functools.cache
def _headings() -> tuple[dict[str, Heading], Heading]:
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


def concept_label(notation: str) -> str:
    """The label of the ontology's concept ``notation`` (an event type, role or principle),
    or the notation itself when the ontology has no such concept."""
    concept = ontology.concept(notation)
    return concept.label if concept else notation


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


def government_of(code: str | None) -> str:
    """``Government of Kyrgyzstan`` for ``KG``; ``the Government concerned`` for None."""
    return f"Government of {country_name(code)}" if code else "the Government concerned"


def _ancestors(event_type: str) -> set[str]:
    """The type and every broader type of it in the ontology."""
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
    elif sender.kind in UNION_KINDS:
        kind = "national"
    else:
        kind = "other"
    acronym = next((a for a in sender.aliases if a.isupper() and " " not in a), None)
    return Complainant(name=sender.name, type=kind, consultative_status=consultative,
                       actor=sender.id, acronym=acronym, country=sender.country)


def _justification(facts: Facts, grounds: tuple[UrgencyGround, ...],
                   numbers: dict[str, int]) -> str:
    """Why the case is urgent, naming the events that meet each ground."""
    labels = {g["id"]: g["label"] for g in cfa_procedure()["urgency"]["grounds"]}
    sentences = []
    for ground_id, label in labels.items():
        items = []
        for ground in grounds:
            if ground.ground != ground_id:
                continue
            event = next(e for e in facts.events if e.id == ground.event)
            what = concept_label(event.type).lower()
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
    id (default :func:`c87.ontology.iris.case_id`); ``letter_attached`` says whether the letter's
    text goes with the complaint (the writer attaches it). Nothing is checked here:
    :func:`c87.mapper.checklist.checklist` says what the complaint lacks.
    """
    facts = facts.asserted()
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
