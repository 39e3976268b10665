"""The event summary: what the built-in queries ask of each event, written beside it.

For each event of a case, a ``c87:EventSummary`` node (``{event}/summary``) holds, as
plain links and literals that a store finds by its indexes, what the queries would
otherwise assemble from the full graph with optional parts and ``skos:broader*``:

* ``c87:summarizes`` the event;
* ``c87:summaryType`` its type, ``c87:summaryTypeOrBroader`` that type and every broader
  one (``skos:broader`` in the ontology, transitively);
* ``c87:summaryDate`` its date as the queries show it (``2020-06-10``, or a period as
  ``START..END``, either end possibly empty), ``c87:summaryStart`` and ``c87:summaryEnd``
  its first and last date (the date itself, or the period's ends; one end stands for a
  missing other), each ISO 8601 text at the letter's precision, which sorts as text;
  none of the three for an undated event;
* ``c87:summaryVictim`` and ``c87:summaryPerpetrator`` the actors in those roles, and
  ``c87:summaryVictimNames`` and ``c87:summaryPerpetratorNames`` their names, sorted and
  joined by ``"; "`` (absent when there are none);
* ``c87:summaryViolates`` (or ``c87:summaryExercises``, for an event that is not an
  alleged violation) each principle of the event and every broader one: ``skos:broader``
  in the ontology, transitively, and, as the notations say, the article of a paragraph
  of a Convention (``C087-3-2`` is under ``C087-3``);
* ``c87:summaryCountry`` the state the letter is about, when it names one;
* as short literals, what the queries show and filter on, so that they need not cut it out
  of IRIs: ``c87:summaryCaseId`` the case id, ``c87:summaryEventId`` the event's id in its
  case, ``c87:summaryTypeNotation`` the notation of its type (``house-arrest``) and
  ``c87:summaryCountryCode`` the code of the state (``KG``, when there is one);
* ``c87:summaryParticipant`` a ``c87:ParticipantSummary`` (``{event}/role/{n}/summary``)
  for each participant (``sem:Role``) whose actor the case names: ``c87:summaryActor``
  the actor, ``c87:summaryActorName`` its name (``foaf:name``), ``c87:summaryActorKind``
  and ``c87:summaryRole`` the notations of its kind and of its role in the event.

The summary is derived: everything in it follows from the rest of the graph and the
ontology, it is recomputed from the facts whenever the graph is written, and
:mod:`c87.input.rdf` ignores it when it reads a graph back into facts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from c87 import ontology
from c87.output.graph import RDF_TYPE, Lit, Object, Triple, ns

if TYPE_CHECKING:
    from c87.model import Actor, Event, Facts

__all__ = ["broader_principles", "broader_types", "event_summaries", "summary_dates"]

_PARAGRAPH = re.compile(r"^(C[0-9]+-[0-9]+)-[0-9]+$")


def _broader(notation: str) -> list[str]:
    """The concepts broader than ``notation`` in the ontology, transitively, nearest
    first (none for a notation the ontology does not know)."""
    found: dict[str, None] = {}
    todo = [notation]
    while todo:
        concept = ontology.concept(todo.pop(0))
        for up in concept.broader if concept is not None else ():
            if up not in found and up != notation:
                found[up] = None
                todo.append(up)
    return list(found)


def broader_types(event_type: str) -> list[str]:
    """The event type and every broader one (``skos:broader``, transitively)."""
    return [event_type, *_broader(event_type)]


def broader_principles(principles: list[str]) -> list[str]:
    """Each principle, followed by those broader than it not yet named: ``skos:broader``
    in the ontology, transitively, and the article of a Convention's paragraph."""
    found: dict[str, None] = {}
    for principle in principles:
        found[principle] = None
        for up in _broader(principle):
            found[up] = None
        article = _PARAGRAPH.match(principle)
        if article:
            found[article.group(1)] = None
    return list(found)


def summary_dates(event: Event) -> tuple[str, str, str] | None:
    """The event's date as the queries show it (the date, or ``START..END`` for a period,
    either end possibly empty), its first date and its last; None when it is undated."""
    if event.date is not None:
        return event.date, event.date, event.date
    if event.start is None and event.end is None:
        return None
    first, last = event.start or event.end or "", event.end or event.start or ""
    return f"{event.start or ''}..{event.end or ''}", first, last


def event_summaries(facts: Facts, case: str) -> list[Triple]:
    """The summary of every event of ``facts`` (already without rejected events), in the
    order of the events; ``case`` is the case IRI."""
    actors = {a.id: a for a in facts.actors}
    names = {a.id: a.name for a in facts.actors}
    letter = _Letter(case, facts.letter.country)
    triples: list[Triple] = []
    for event in facts.events:
        triples += _summary(event, letter, names)
        triples += _participants(event, case, actors)
    return triples


class _Letter(NamedTuple):
    """What every event summary of a letter repeats: the case and the state."""

    case: str
    code: str | None

    @property
    def triples(self) -> list[tuple[str, Object]]:
        """The case id, and the state's IRI and code when the letter names one."""
        out: list[tuple[str, Object]] = [
            (ns("c87", "summaryCaseId"), Lit(self.case.rsplit("/", 1)[-1]))]
        if self.code:
            out += [(ns("c87", "summaryCountry"), ns("country", self.code)),
                    (ns("c87", "summaryCountryCode"), Lit(self.code))]
        return out


def _summary(e: Event, letter: _Letter, names: dict[str, str]) -> list[Triple]:
    """The summary of the event ``e``: a ``c87:EventSummary`` at ``{event}/summary``."""
    event = f"{letter.case}/event/{e.id}"
    iri = f"{event}/summary"
    out: list[tuple[str, Object]] = [(RDF_TYPE, ns("c87", "EventSummary")),
                                     (ns("c87", "summarizes"), event),
                                     (ns("c87", "summaryEventId"), Lit(e.id)),
                                     (ns("c87", "summaryType"), ns("et", e.type)),
                                     (ns("c87", "summaryTypeNotation"), Lit(e.type))]
    out += [(ns("c87", "summaryTypeOrBroader"), ns("et", t)) for t in broader_types(e.type)]
    dates = summary_dates(e)
    if dates is not None:
        out += [(ns("c87", p), Lit(d)) for p, d in zip(
            ("summaryDate", "summaryStart", "summaryEnd"), dates, strict=True)]
    for role, local in (("victim", "Victim"), ("perpetrator", "Perpetrator")):
        actors = list(dict.fromkeys(p.actor for p in e.participants if p.role == role))
        out += [(ns("c87", f"summary{local}"), f"{letter.case}/actor/{a}") for a in actors]
        called = sorted({names[a] for a in actors if a in names})
        if called:
            out.append((ns("c87", f"summary{local}Names"), Lit("; ".join(called))))
    link = "summaryViolates" if e.alleged_violation else "summaryExercises"
    out += [(ns("c87", link), ns("principle", p)) for p in broader_principles(e.principles)]
    out += letter.triples
    out += [(ns("c87", "summaryParticipant"), f"{event}/role/{n}/summary")
            for n, p in enumerate(e.participants, 1) if p.actor in names]
    return [(iri, p, o) for p, o in out]


def _participants(e: Event, case: str, actors: dict[str, Actor]) -> list[Triple]:
    """A ``c87:ParticipantSummary`` at ``{event}/role/{n}/summary`` for each participant
    of ``e`` whose actor the case names: the actor, its name and kind, and its role."""
    out: list[Triple] = []
    for n, participant in enumerate(e.participants, 1):
        actor = actors.get(participant.actor)
        if actor is None:
            continue
        iri = f"{case}/event/{e.id}/role/{n}/summary"
        out += [(iri, RDF_TYPE, ns("c87", "ParticipantSummary")),
                (iri, ns("c87", "summaryActor"), f"{case}/actor/{actor.id}"),
                (iri, ns("c87", "summaryActorName"), Lit(actor.name)),
                (iri, ns("c87", "summaryActorKind"), Lit(actor.kind)),
                (iri, ns("c87", "summaryRole"), Lit(participant.role))]
    return out
