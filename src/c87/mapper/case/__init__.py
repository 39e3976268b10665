"""Facts of many documents -> one case: the same actors and events across documents, the
sources of each, the facts they disagree on, the earlier letters they recall.

Stages, one module each: names and when two actors are one (``names``), the case's actors
(``actors``), the case's events (``events``), the facts the sources of an event disagree
on (``disputes``), the documents' links to each other and to a CFA case number
(``references``). :func:`link_case` runs them. It is a pure function of the documents'
facts, their texts and the reviewer's decisions: the same inputs give the same case.

May import: c87.ontology, c87.model, c87.errors.
"""

from __future__ import annotations

from c87.mapper.case.actors import join_through_events, link_actors
from c87.mapper.case.disputes import disputes
from c87.mapper.case.events import Told, case_events, interval, link_events, told
from c87.mapper.case.references import cfa_case_number, references
from c87.model import Facts
from c87.model.case import CaseActor, CaseEvent, CaseManifest, Decisions, LinkedCase, Reference


def link_case(manifest: CaseManifest, facts: dict[str, Facts], texts: dict[str, str]
              ) -> LinkedCase:
    """The case that ``facts`` (document id -> facts, in the order documents were added;
    rejected events are left out) and ``texts`` (document id -> text, where there is one)
    tell, with ``manifest``'s decisions applied."""
    asserted = {doc: f.asserted() for doc, f in facts.items()}
    actors, told_events, recalls, linked = _link(asserted, manifest.decisions)
    events = case_events(linked, asserted)
    by_ref = {t.ref: t for t in told_events}
    by_id = {a.id: a for a in actors}
    for event in events:
        event.disputes = disputes(event, by_ref, by_id, manifest.decisions, asserted)
        event.date = _agreed_date(event, by_ref)
        if event.date is None and not any(d.fact == "date" for d in event.disputes):
            event.start, event.end = _agreed_period(event, by_ref)
    events.sort(key=_order)
    for n, event in enumerate(events, start=1):  # numbered in date order
        event.id = f"ev{n}"
        for dispute in event.disputes:
            dispute.event = event.id
    found = cfa_case_number({doc: texts.get(doc) or _quoted(f) for doc, f in facts.items()})
    number = manifest.cfa_case or (found[0] if found else None)
    quote = found[1] if found and found[0] == number else None
    return LinkedCase(manifest=manifest, facts=asserted, actors=actors,
                      events=events,
                      references=recalls,
                      cfa_case=number, cfa_case_quote=quote)


ROUNDS = 3
"""How many times the events are linked again after actors were joined through them."""


def _link(facts: dict[str, Facts], decisions: Decisions
          ) -> tuple[list[CaseActor], list[Told], list[Reference],
                     list[tuple[list[str], list[str]]]]:
    """The case's actors and events: actors joined on their names, events on their
    participants and dates, then actors that two sources of one act each name in one role
    joined (:func:`join_through_events`), and the events linked again with them, until
    nothing more is joined."""
    actors = link_actors(facts, decisions)
    for _ in range(ROUNDS):
        told_events = told(facts, actors)
        recalls = references(told_events, facts, actors)
        recalled = {r.ref: r.document for r in recalls}
        linked = link_events(facts, actors, decisions, recalled)
        more = join_through_events(facts, actors, [m for m, _ in linked], decisions)
        if more is None:
            break
        actors = more
    return actors, told_events, recalls, linked


def _quoted(facts: Facts) -> str:
    """What a document's facts quote of it, for a document added without its text."""
    parts = [facts.letter.subject or "", facts.letter.reference or ""]
    parts += [s.quote for e in facts.events for s in e.evidence]
    return "\n".join(parts)


def _agreed_date(event: CaseEvent, by_ref: dict) -> str | None:  # type: ignore[type-arg]
    """The date of the event: the adopted statement's when the date is disputed, else the
    most precise the sources give."""
    dispute = next((d for d in event.disputes if d.fact == "date"), None)
    if dispute is not None:
        adopted = next((s.value for s in dispute.statements if s.ref == dispute.adopted), None)
        return adopted if adopted and ".." not in adopted else None
    dates = [by_ref[r].event.date for r in event.members if r in by_ref and by_ref[r].event.date]
    if not dates:
        return None
    return min(dates, key=lambda d: (-len(d), d))


def _agreed_period(event: CaseEvent, by_ref: dict) -> tuple[str | None, str | None]:  # type: ignore[type-arg]
    """The most precise start and end the sources give the act."""
    events = [by_ref[r].event for r in event.members if r in by_ref]

    def best(values: list[str | None]) -> str | None:
        given = [v for v in values if v]
        return min(given, key=lambda d: (-len(d), d)) if given else None

    return best([e.start for e in events]), best([e.end for e in events])


def _order(event: CaseEvent) -> tuple[int, str, int, int]:
    """Case events in date order (undated last), then in the order of their first source."""
    when = event.date or event.start
    span = interval(when) if when else None
    first = event.members[0]
    doc = first.partition("/")[0]
    return (0 if span else 1, span[0].isoformat() if span else "", int(doc[1:]),
            int(event.id[2:]))


__all__ = ["link_case"]
