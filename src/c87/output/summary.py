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
* ``c87:summaryCountry`` the state the letter is about, when it names one.

The summary is derived: everything in it follows from the rest of the graph and the
ontology, it is recomputed from the facts whenever the graph is written, and
:mod:`c87.input.rdf` ignores it when it reads a graph back into facts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from c87 import ontology
from c87.output.graph import RDF_TYPE, Lit, Object, Triple, ns

if TYPE_CHECKING:
    from c87.model import Event, Facts

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
    names = {a.id: a.name for a in facts.actors}
    country = ns("country", facts.letter.country) if facts.letter.country else None
    triples: list[Triple] = []
    for event in facts.events:
        triples += _summary(event, case, names, country)
    return triples


def _summary(e: Event, case: str, names: dict[str, str], country: str | None
             ) -> list[Triple]:
    """The summary of the event ``e``: a ``c87:EventSummary`` at ``{event}/summary``."""
    event = f"{case}/event/{e.id}"
    iri = f"{event}/summary"
    out: list[tuple[str, Object]] = [(RDF_TYPE, ns("c87", "EventSummary")),
                                     (ns("c87", "summarizes"), event),
                                     (ns("c87", "summaryType"), ns("et", e.type))]
    out += [(ns("c87", "summaryTypeOrBroader"), ns("et", t)) for t in broader_types(e.type)]
    dates = summary_dates(e)
    if dates is not None:
        out += [(ns("c87", p), Lit(d)) for p, d in zip(
            ("summaryDate", "summaryStart", "summaryEnd"), dates, strict=True)]
    for role, local in (("victim", "Victim"), ("perpetrator", "Perpetrator")):
        actors = list(dict.fromkeys(p.actor for p in e.participants if p.role == role))
        out += [(ns("c87", f"summary{local}"), f"{case}/actor/{a}") for a in actors]
        called = sorted({names[a] for a in actors if a in names})
        if called:
            out.append((ns("c87", f"summary{local}Names"), Lit("; ".join(called))))
    link = "summaryViolates" if e.alleged_violation else "summaryExercises"
    out += [(ns("c87", link), ns("principle", p)) for p in broader_principles(e.principles)]
    if country is not None:
        out.append((ns("c87", "summaryCountry"), country))
    return [(iri, p, o) for p, o in out]
