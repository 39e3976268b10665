"""A case file -> RDF: the case's graph beside each document's own.

Each document keeps its own graph, exactly as ``c87 convert`` writes it (its events,
actors and quotes, named by its ``c87:Case`` IRI). The case's graph, named by the case
file's IRI (``{base}casefile/{name}``), adds what joins them:

* the ``c87:CaseFile``: name, title, CFA case number (and its NORMLEX search page),
  state, and its documents (``dcterms:hasPart``, each a document's ``c87:Case``);
* a ``c87:CaseActor`` per actor of the case, ``prov:wasDerivedFrom`` each document actor
  it stands for, with the reason of each match (``c87:matchReason``);
* a ``c87:CaseEvent`` per act, ``prov:wasDerivedFrom`` each document event that tells it
  (never ``owl:sameAs``: every source's statement stays its own), its type, the date the
  sources agree on, its participants as case actors, ``c87:sourceCount``;
* a ``c87:Dispute`` per fact the sources disagree on, with one ``c87:Statement`` per
  source (its value, ``prov:wasDerivedFrom`` the document event) and the one adopted;
* ``dcterms:references`` from a document's communication to the earlier document of the
  case it recalls.

Nothing is a blank node; the same case file gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from c87.mapper.case.names import fold_name
from c87.model.case import CaseActor, CaseEvent, Dispute, LinkedCase, split_ref
from c87.ontology.iris import DEFAULT_BASE, case_id, check_base
from c87.output import rdf_syntax
from c87.output.graph import (
    FALSE,
    RDF_TYPE,
    TRUE,
    XSD,
    CaseGraph,
    Lit,
    Triple,
    date_literal,
    ns,
)
from c87.output.rdf import facts_to_triples

NORMLEX_RECORD = re.compile(r"^https?://[a-z.]*(?:ilo\.org|ilo\.int|ilo\.ch|oit\.org)/dyn/"
                            r"normlex/[a-z]{2}/f\?p=[A-Z0-9]+:5000[12]:")
"""A NORMLEX page of a CFA case (a report's text, P50002_COMPLAINT_TEXT_ID). NORMLEX has
no address that takes a case number (none could be found, docs/cases.md): the case file
links the NORMLEX pages its documents came from."""

Add = Callable[[Triple], None]


def casefile_iri(case: LinkedCase, base: str = DEFAULT_BASE) -> str:
    return f"{base}casefile/{case.manifest.name}"


def normlex_records(case: LinkedCase) -> list[str]:
    """The NORMLEX pages of the CFA case that documents of the case came from."""
    urls = (f.source.url for f in case.facts.values() if f.source.url)
    return sorted({u for u in urls if NORMLEX_RECORD.match(u)})


def document_case_ids(case: LinkedCase) -> dict[str, str]:
    """Document id -> the case id of its own graph (:func:`c87.ontology.iris.case_id`, the
    same as ``c87 convert`` gives it; ``-d2`` added when two documents would share one)."""
    out: dict[str, str] = {}
    for doc, facts in case.facts.items():
        ident = case_id(facts)
        out[doc] = f"{ident}-{doc}" if ident in out.values() else ident
    return out


def document_graphs(case: LinkedCase, base: str = DEFAULT_BASE) -> dict[str, CaseGraph]:
    """Each document's own graph, by document id."""
    ids = document_case_ids(case)
    return {doc: facts_to_triples(f, base=base, case=ids[doc]) for doc, f in case.facts.items()}


class _Refs:
    """The IRIs of documents' items in their own graphs."""

    def __init__(self, case: LinkedCase, base: str) -> None:
        self.graph = {doc: f"{base}case/{ident}" for doc, ident in document_case_ids(case).items()}
        self.letter = {doc: f"{base}letter/{f.source.sha256[:16]}" for doc, f in case.facts.items()}

    def actor(self, ref: str) -> str:
        doc, item = split_ref(ref)
        return f"{self.graph[doc]}/actor/{item}"

    def event(self, ref: str) -> str:
        doc, item = split_ref(ref)
        return f"{self.graph[doc]}/event/{item}"


def case_triples(case: LinkedCase, base: str = DEFAULT_BASE) -> CaseGraph:
    """The case file's own graph (what joins its documents' graphs)."""
    check_base(base)
    iri = casefile_iri(case, base)
    refs = _Refs(case, base)
    out = CaseGraph(iri)
    add = out.triples.append
    _header(case, iri, refs, add)
    for actor in case.actors:
        _actor(actor, iri, refs, add)
    actor_iri = {a.id: f"{iri}/actor/{a.id}" for a in case.actors}
    for event in case.events:
        _event(case, event, iri, refs, actor_iri, add)
    for reference in case.references:
        add((refs.event(reference.ref), ns("dcterms", "references"),
             refs.letter[reference.document]))
    return CaseGraph(iri, list(dict.fromkeys(out.triples)))


def _header(case: LinkedCase, iri: str, refs: _Refs, add: Add) -> None:
    m = case.manifest
    add((iri, RDF_TYPE, ns("c87", "CaseFile")))
    add((iri, ns("dcterms", "identifier"), Lit(m.name)))
    if m.title:
        add((iri, ns("dcterms", "title"), Lit(m.title)))
    if case.cfa_case:
        add((iri, ns("c87", "cfaCaseNumber"), Lit(case.cfa_case)))
    for url in normlex_records(case):
        add((iri, ns("rdfs", "seeAlso"), url))
    countries = {f.letter.country for f in case.facts.values() if f.letter.country}
    for country in sorted({m.country} if m.country else countries):
        add((iri, ns("dcterms", "spatial"), ns("country", country)))
    for doc in case.facts:
        add((iri, ns("dcterms", "hasPart"), refs.graph[doc]))


def _actor(actor: CaseActor, base: str, refs: _Refs, add: Add) -> None:
    iri = f"{base}/actor/{actor.id}"
    add((iri, RDF_TYPE, ns("c87", "CaseActor")))
    add((iri, RDF_TYPE, ns("sem", "Actor")))
    add((iri, ns("foaf", "name"), Lit(actor.name)))
    add((iri, ns("c87", "nameKey"), Lit(fold_name(actor.name))))
    for name in actor.names[1:]:
        add((iri, ns("skos", "altLabel"), Lit(name)))
    add((iri, ns("c87", "actorKind"), ns("ak", actor.kind)))
    if actor.country:
        add((iri, ns("dcterms", "spatial"), ns("country", actor.country)))
    for member in actor.members:
        add((iri, ns("prov", "wasDerivedFrom"), refs.actor(member)))
    for reason in actor.reasons:
        add((iri, ns("c87", "matchReason"), Lit(reason, None, "en")))
    add((iri, ns("c87", "sourceCount"), _count(len(actor.members))))


def _count(n: int) -> Lit:
    return Lit(str(n), XSD + "nonNegativeInteger")


def _event(case: LinkedCase, event: CaseEvent, base: str, refs: _Refs,
           actor_iri: dict[str, str], add: Add) -> None:
    iri = f"{base}/event/{event.id}"
    add((iri, RDF_TYPE, ns("c87", "CaseEvent")))
    add((iri, ns("sem", "eventType"), ns("et", event.type)))
    if event.date:
        add((iri, ns("sem", "hasTimeStamp"), date_literal(event.date)))
    if event.start:
        add((iri, ns("sem", "hasBeginTimeStamp"), date_literal(event.start)))
    if event.end:
        add((iri, ns("sem", "hasEndTimeStamp"), date_literal(event.end)))
    add((iri, ns("c87", "sourceCount"), _count(len(event.members))))
    add((iri, ns("c87", "disputed"), TRUE if event.disputes else FALSE))
    for member in event.members:
        add((iri, ns("prov", "wasDerivedFrom"), refs.event(member)))
    for reason in event.reasons:
        add((iri, ns("c87", "matchReason"), Lit(reason, None, "en")))
    for n, (actor, role) in enumerate(_participants(case, event), 1):
        node = f"{iri}/role/{n}"
        add((iri, ns("sem", "hasActor"), node))
        add((node, RDF_TYPE, ns("sem", "Role")))
        add((node, ns("rdf", "value"), actor_iri[actor]))
        add((node, ns("sem", "roleType"), ns("role", role)))
    for dispute in event.disputes:
        _dispute(dispute, iri, refs, add)


def _participants(case: LinkedCase, event: CaseEvent) -> list[tuple[str, str]]:
    """(case actor id, role) of every participant any source names, once each, in order."""
    seen: dict[tuple[str, str], None] = {}
    for member in event.members:
        doc, item = split_ref(member)
        found = next(e for e in case.facts[doc].events if e.id == item)
        for p in found.participants:
            actor = case.actor_of(f"{doc}/{p.actor}")
            if actor is not None:
                seen[(actor.id, p.role)] = None
    return list(seen)


def _dispute(dispute: Dispute, event: str, refs: _Refs, add: Add) -> None:
    iri = f"{event}/dispute/{dispute.fact}"
    add((iri, RDF_TYPE, ns("c87", "Dispute")))
    add((iri, ns("c87", "disputeOf"), event))
    add((iri, ns("c87", "disputedFact"), Lit(dispute.fact)))
    for n, statement in enumerate(dispute.statements, 1):
        node = f"{iri}/statement/{n}"
        add((iri, ns("c87", "statement"), node))
        if statement.ref == dispute.adopted:
            add((iri, ns("c87", "adoptedStatement"), node))
        add((node, RDF_TYPE, ns("c87", "Statement")))
        add((node, ns("rdf", "value"), Lit(statement.value)))
        add((node, ns("prov", "wasDerivedFrom"), refs.event(statement.ref)))
        doc = split_ref(statement.ref)[0]
        add((node, ns("dcterms", "source"), refs.letter[doc]))


def write_case(case: LinkedCase, fmt: str = "nq", base: str = DEFAULT_BASE) -> bytes:
    """The case file's graph and every document's, in ``fmt`` (a quads format: nq, trig;
    a triples format holds the case's graph alone)."""
    writer = rdf_syntax.WRITERS[fmt]
    parts = [writer(case_triples(case, base))]
    if fmt in ("nq", "trig"):
        parts += [writer(g) for g in document_graphs(case, base).values()]
    return b"".join(parts)


__all__ = [
    "case_triples",
    "casefile_iri",
    "document_case_ids",
    "document_graphs",
    "write_case",
]
