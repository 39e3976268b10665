"""What links the documents of a case to each other and to the CFA: earlier letters a
document recalls (``On 26 April and 29 October 2019, I wrote to you``), and the CFA case
number a document names (``Case No. 3386``)."""

from __future__ import annotations

import functools
import re
from collections import Counter

from c87.mapper.case.events import Told, interval
from c87.mapper.case.names import settings
from c87.model import Facts
from c87.model.case import CaseActor, Reference


def references(told: list[Told], facts: dict[str, Facts], actors: list[CaseActor]
               ) -> list[Reference]:
    """Each communication of a document dated the day of another document of the case that
    its sender wrote (or, when either sender is unknown, any document of that day)."""
    of = {ref: a.id for a in actors for ref in a.members}
    out = []
    for t in told:
        if t.event.type != "communication" or t.event.date is None or \
                len(t.event.date) != 10:
            continue
        doc = t.ref.split("/")[0]
        for other, f in facts.items():
            if other == doc or f.letter.date != t.event.date:
                continue
            if _may_recall(t, f, other, of):
                out.append(Reference(t.ref, other, t.event.evidence[0].quote))
    return out


def _may_recall(t: Told, facts: Facts, doc: str, of: dict[str, str]) -> bool:
    """Whether the communication ``t`` may be the document ``doc`` (of the same day): it
    names no author, or its author is the document's sender."""
    authors = {of.get(f"{t.ref.split('/')[0]}/{p.actor}") for p in t.event.participants
               if p.role == "author"} - {None}
    sender = of.get(f"{doc}/{facts.letter.sender}") if facts.letter.sender else None
    return not authors or sender is None or sender in authors


@functools.cache
def _case_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in settings()["cfa_case_patterns"])  # type: ignore[attr-defined]


def cfa_case_number(texts: dict[str, str]) -> tuple[str, str] | None:
    """The CFA case number the documents name most often, with the words that name it
    first (``Case No. 3386``), or None."""
    found: Counter[str] = Counter()
    first: dict[str, str] = {}
    for text in texts.values():
        for pattern in _case_patterns():
            for match in pattern.finditer(text):
                number = match.group(1)
                found[number] += 1
                first.setdefault(number, match.group(0))
    if not found:
        return None
    number = max(found, key=lambda n: (found[n], -list(first).index(n)))
    return number, first[number]


__all__ = ["cfa_case_number", "interval", "references"]
