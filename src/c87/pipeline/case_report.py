"""What ``c87 case show`` and ``load`` make of a case: the text a person reads, its JSON,
the names of its documents, and its graphs in a store."""

from __future__ import annotations

import re
from typing import Any

from c87.mapper.complaint import human_date
from c87.model.case import CaseEvent, Dispute, LinkedCase, split_ref
from c87.ontology.iris import DEFAULT_BASE
from c87.output import rdf_syntax
from c87.output.casefile import case_triples, casefile_iri, document_graphs
from c87.store import GraphData, Store, Term

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

GENRE_WORDS = {"letter": "letter", "urgent-action": "urgent action",
               "press-release": "press release", "news-report": "news report",
               "cfa-report": "CFA report", "index-entry": "index entry",
               "government-reply": "Government's reply"}


def document_label(case: LinkedCase, doc: str) -> str:
    """How the case names a document: ``ITUC letter of 2020-06-18`` (its author, genre and
    date as its facts give them)."""
    facts = case.facts[doc]
    entry = next(d for d in case.manifest.documents if d.id == doc)
    genre = GENRE_WORDS.get(entry.genre or facts.letter.genre or "letter", "document")
    sender = next((a for a in facts.actors if a.id == facts.letter.sender), None)
    who = _short(sender.name, sender.aliases) if sender else ""
    who = "" if who and who.casefold() in genre.casefold().split() else who
    when = f" of {human_date(facts.letter.date)}" if facts.letter.date else ""
    return f"{who} {genre}{when}".strip()


def _short(name: str, aliases: list[str]) -> str:
    acronym = next((a for a in aliases if a.isupper() and 2 <= len(a) <= 8), None)
    return acronym or name


def statement_sources(case: LinkedCase, dispute: Dispute) -> str:
    """``10 June 2020 (ITUC letter of 18 June 2020); 17 June 2020 (news report of 17 June
    2020)``: dates as people write them."""
    return "; ".join(f"{statement_value(s.value)} ({document_label(case, split_ref(s.ref)[0])})"
                     + (" [adopted]" if s.ref == dispute.adopted else "")
                     for s in dispute.statements)


def statement_value(value: str) -> str:
    """A statement as people read it: ISO dates (and periods of them) written out."""
    if ".." in value:
        first, _, last = value.partition("..")
        return " to ".join(statement_value(v) for v in (first, last) if v)
    return human_date(value) if ISO_DATE.match(value) else value


def case_data(case: LinkedCase) -> dict[str, Any]:
    """The case as plain data (``c87 case show --json``)."""
    m = case.manifest
    return {
        "name": m.name, "title": m.title, "cfa_case": case.cfa_case,
        "documents": [{"id": d.id, "file": d.added_as, "label": document_label(case, d.id),
                       "events": len(case.facts[d.id].events),
                       "actors": len(case.facts[d.id].actors)} for d in m.documents],
        "references": [{"from": r.ref, "to": r.document, "quote": r.quote}
                       for r in case.references],
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "names": a.names,
                    "members": a.members, "reasons": a.reasons} for a in case.actors],
        "events": [{"id": e.id, "type": e.type, "date": e.date, "start": e.start,
                    "end": e.end, "sources": e.members,
                    "reasons": e.reasons,
                    "disputes": [{"fact": d.fact, "adopted": d.adopted,
                                  "statements": [{"ref": s.ref, "value": s.value}
                                                 for s in d.statements]}
                                 for d in e.disputes]} for e in case.events],
    }


def case_text(case: LinkedCase, *, explain: bool = False) -> str:
    """The case for a person: documents, actors told by several, events, disputes."""
    m = case.manifest
    lines = [f"case {m.name}" + (f": {m.title}" if m.title else "")]
    if case.cfa_case:
        lines.append(f"CFA case No. {case.cfa_case}"
                     + (f" (named: {case.cfa_case_quote!r})" if case.cfa_case_quote else ""))
    lines += ["", f"documents ({len(m.documents)})"]
    for d in m.documents:
        f = case.facts[d.id]
        lines.append(f"  {d.id}  {document_label(case, d.id)}  ({len(f.events)} events, "
                     f"{len(f.actors)} actors)  {d.added_as}")
    for r in case.references:
        lines.append(f"  {r.ref} recalls {r.document}: {r.quote!r}")
    shared = [a for a in case.actors if len({split_ref(x)[0] for x in a.members}) > 1]
    lines += ["", f"actors in several documents ({len(shared)} of {len(case.actors)})"]
    for a in shared:
        lines.append(f"  {a.id}  {a.name} ({a.kind})  {' '.join(a.members)}")
        lines += [f"      why: {r}" for r in a.reasons] if explain else []
    lines += ["", f"events ({len(case.events)})"]
    for e in case.events:
        lines += _event_lines(case, e, explain)
    disputes = case.disputes
    lines += ["", f"disputed facts ({len(disputes)})"]
    for d in disputes:
        lines.append(f"  {d.event} {d.fact}: {statement_sources(case, d)}")
    return "\n".join(lines) + "\n"


def _event_lines(case: LinkedCase, e: CaseEvent, explain: bool) -> list[str]:
    flag = "  DISPUTED" if e.disputes else ""
    when = e.date or (f"{e.start or ''}..{e.end or ''}" if e.start or e.end else "undated")
    out = [f"  {e.id}  {when:10}  {e.type}  sources {len(e.members)}: "
           f"{' '.join(e.members)}{flag}"]
    if explain:
        out += [f"      why: {r}" for r in e.reasons]
    return out


# -- files and stores ------------------------------------------------------------------------

_PARTS = ("SELECT ?part WHERE { GRAPH $case { $case "
          "<http://purl.org/dc/terms/hasPart> ?part } }")


def load_case(case: LinkedCase, store: Store, base: str = DEFAULT_BASE) -> int:
    """Replace the case's graphs in ``store`` at once: its own, each document's, and, empty,
    those of documents an earlier load of it held and the case no longer does."""
    iri = casefile_iri(case, base)
    query = _PARTS.replace("$case", Term("uri", iri).sparql())
    before = {row["part"].value for row in store.select(query).rows}
    graphs = [case_triples(case, base), *document_graphs(case, base).values()]
    data = [GraphData(g.name, rdf_syntax.ntriples(g), len(g.triples), case.manifest.name)
            for g in graphs]
    now = {g.name for g in graphs}
    data += [GraphData(name, b"", 0, case.manifest.name) for name in sorted(before - now)]
    store.replace(data)
    return len(data)


__all__ = ["case_data", "case_text", "document_label", "load_case", "statement_sources",
           "statement_value"]
