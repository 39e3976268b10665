"""The events of a case: the events of its documents joined where they tell one act.

Two events of different documents are one act when their types are compatible (equal, one
broader than the other, or a pair of ``case-linking.yaml``), they share a victim or a
target (a case actor), or else share the day, and their dates are no further apart than
the threshold. Pairs are joined best first; a case event never holds two events of one
document. Communications are one only with the same date and a party in common.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
from dataclasses import dataclass

from c87 import ontology
from c87.mapper.case.actors import Groups
from c87.mapper.case.names import fold_name, fold_words, settings
from c87.model import Event, Facts
from c87.model.case import CaseActor, CaseEvent, Decisions

VICTIM_ROLES = frozenset({"victim", "target"})
PARTY_ROLES = frozenset({"author", "addressee"})


def interval(date: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day an ISO date of reduced precision covers."""
    if not date:
        return None
    parts = [int(p) for p in date.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else None
    if len(parts) == 3:
        day = dt.date(year, parts[1], parts[2])
        return day, day
    if month:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def event_interval(event: Event) -> tuple[dt.date, dt.date] | None:
    if event.date:
        return interval(event.date)
    first, last = interval(event.start), interval(event.end)
    if first is None and last is None:
        return None
    return (first or last)[0], (last or first)[1]  # type: ignore[index]


def gap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two periods (0 when they overlap)."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


INHERITED = ("from the act before", "the last date of its paragraph")
"""How the extractor's rule says an event's date was not stated for it but carried over
from another act or the paragraph (c87.mapper.event_dates)."""


def inherited(event: Event) -> bool:
    """Whether the event's date is carried over rather than stated: such a date neither
    keeps two sources apart nor disagrees with another source."""
    return bool(event.rule) and any(words in event.rule for words in INHERITED)  # type: ignore[operator]


@functools.cache
def _ancestors(notation: str) -> frozenset[str]:
    out, todo = set(), [notation]
    while todo:
        item = todo.pop()
        if item not in out:
            out.add(item)
            todo.extend(ontology.broader(item))
    return frozenset(out)


@functools.cache
def compatible(a: str, b: str) -> bool:
    """Whether two sources may give types ``a`` and ``b`` to one act."""
    if a == b or a in _ancestors(b) or b in _ancestors(a):
        return True
    pairs = {frozenset(p) for p in settings()["compatible_types"]}  # type: ignore[attr-defined]
    return any(frozenset((x, y)) in pairs for x in _ancestors(a) for y in _ancestors(b))


@dataclass(frozen=True)
class Told:
    """A document's event, with what it is compared on (participants as case actors)."""

    ref: str
    event: Event
    period: tuple[dt.date, dt.date] | None
    victims: frozenset[str]
    perpetrators: frozenset[str]
    parties: frozenset[str]
    place: str | None
    involved: frozenset[str] = frozenset()
    """The victims, targets and other participants (not perpetrators nor parties)."""
    written: tuple[dt.date, dt.date] | None = None
    """When its document is dated."""
    stems: frozenset[str] = frozenset()
    """The words of its quotes (four letters or more, folded, cut to six)."""


def told(facts: dict[str, Facts], actors: list[CaseActor]) -> list[Told]:
    """Every asserted event of the documents, in document order."""
    of = {ref: a.id for a in actors for ref in a.members}
    out = []
    for doc, f in facts.items():
        for e in f.events:
            def who(roles: frozenset[str], e: Event = e, doc: str = doc) -> frozenset[str]:
                return frozenset(of[f"{doc}/{p.actor}"] for p in e.participants
                                 if p.role in roles and f"{doc}/{p.actor}" in of)
            out.append(Told(f"{doc}/{e.id}", e, None if inherited(e) else event_interval(e),
                            who(VICTIM_ROLES), who(frozenset({"perpetrator"})),
                            who(PARTY_ROLES | {"participant"}),
                            fold_name(e.place) if e.place else None,
                            who(VICTIM_ROLES | {"participant"}), interval(f.letter.date),
                            stems(" ".join(s.quote for s in e.evidence))))
    return out


def stems(text: str) -> frozenset[str]:
    """The words of ``text`` that say what happened and to whom: four letters or more,
    folded, cut to their first six (``arrested``, ``arrestation`` -> ``arrest``)."""
    return frozenset(w[:6] for w in fold_words(text).split() if len(w) >= 4 and w.isalpha())


class Similarity:
    """How alike two events' quotes are: the share of their words they have in common,
    each word weighted by how rare it is among the case's events (idf)."""

    def __init__(self, events: list[Told]) -> None:
        counts: dict[str, int] = {}
        for t in events:
            for w in t.stems:
                counts[w] = counts.get(w, 0) + 1
        n = max(len(events), 1)
        self.weight = {w: math.log((n + 1) / (c + 0.5)) for w, c in counts.items()}

    def __call__(self, a: Told, b: Told) -> float:
        union = a.stems | b.stems
        total = sum(self.weight.get(w, 0.0) for w in union)
        return sum(self.weight.get(w, 0.0) for w in a.stems & b.stems) / total if total else 0.0


def score(a: Told, b: Told, similar: float = 0.0) -> tuple[float, str] | None:
    """How surely ``a`` and ``b`` tell one act, and why (``similar``: how alike their
    quotes are, 0 to 1); None when they do not."""
    ta, tb = a.event.type, b.event.type
    if not compatible(ta, tb):
        return None
    if "communication" in (ta, tb):
        return _communication(a, b)
    shared = a.involved & b.involved
    if a.victims and b.victims and not shared:
        return None
    if _told_before(a, b) or _told_before(b, a):
        return None
    days = gap(a.period, b.period) if a.period and b.period else None
    limit = settings()["thresholds"]["date_gap_days"]  # type: ignore[index]
    if days is not None and (days > limit or (days > 0 and not shared)):
        return None
    if not shared and not _alike_without_participants(a, b, days) and \
            similar < settings()["thresholds"]["quote_similarity"] / 100:  # type: ignore[index]
        return None
    points = 2.0 * len(shared) + _date_points(days, a, b) + 3.0 * similar
    points += (ta == tb) + bool(a.perpetrators & b.perpetrators) + (
        a.place is not None and a.place == b.place)
    why = [f"types {ta} and {tb}" if ta != tb else f"type {ta}"]
    if shared:
        why.append(f"{len(shared)} victim(s) or target(s) in common")
    why.append("no date in one" if days is None else
               "the same day" if days == 0 else f"dates {days} days apart")
    why.append(f"quotes {similar:.0%} alike")
    return points, ", ".join(why)


def _alike_without_participants(a: Told, b: Told, days: int | None) -> bool:
    """Two events with no participant in common may still be one act: of the same type,
    on the same day; or of the same impersonal type (a ratification, a law, a congress),
    with overlapping dates or none in one, and no participants on one side."""
    if a.event.type != b.event.type:
        return False
    impersonal = a.event.type in settings()["impersonal_types"]  # type: ignore[operator]
    if impersonal and not (a.involved and b.involved):
        return days is None or days == 0
    return days == 0 and _precise(a) and _precise(b)


def _precise(t: Told) -> bool:
    """Whether the event is dated to the day."""
    return t.period is not None and t.period[0] == t.period[1]


def _told_before(a: Told, b: Told) -> bool:
    """Whether ``a``'s document was written before ``b``'s act began: it cannot tell it (a
    report of August 2020 does not tell a release of November 2021)."""
    return bool(a.written and b.period and (b.period[0] - a.written[1]).days > 1)


def _date_points(days: int | None, a: Told, b: Told) -> float:
    """Closer dates, surer match; a source that gives no date says nothing either way, and
    a month or a year that holds the other's day says little."""
    if days is None:
        return 1.0
    if days == 0:
        return 2.0 if _precise(a) and _precise(b) else 1.0
    return 1.5 if days <= 3 else 0.5


def restates(a: Told, b: Told) -> bool:
    """Whether ``b``, an undated event of ``a``'s own document, tells ``a``'s act again
    ("He was arrested last night ... He was placed in police custody"): the same type or
    a narrower one, no date of its own (not even one carried over), and no participant
    that ``a`` does not have."""
    undated = b.event.date is None and b.event.start is None and b.event.end is None
    return (undated and a.period is not None and bool(b.involved)
            and b.involved <= a.involved and a.event.type != "communication"
            and (a.event.type == b.event.type or a.event.type in _ancestors(b.event.type)))


def _communication(a: Told, b: Told) -> tuple[float, str] | None:
    """Two communications are one when they have a party in common and the same day, or,
    neither dated, documents written within a week of each other (a union's statement
    that a news report and a press release both report)."""
    common = a.parties & b.parties
    if a.event.type != b.event.type or not common:
        return None
    if a.period and b.period:
        if gap(a.period, b.period):
            return None
        return 3.0 + len(common), "a communication of the same day, the same parties"
    if a.period or b.period or a.written is None or b.written is None or \
            gap(a.written, b.written) > 7:
        return None
    return 1.0 + len(common), ("a communication of the same parties, undated in both, in "
                               "documents a week apart at most")


def link_events(facts: dict[str, Facts], actors: list[CaseActor], decisions: Decisions,
                recalled: dict[str, str] | None = None) -> list[tuple[list[str], list[str]]]:
    """Groups of document events that tell one act (references in document order), each
    with the reasons its members were joined."""
    events = told(facts, actors)
    refs = [t.ref for t in events]
    groups = Groups(refs)
    known = set(refs)
    for group in decisions.same_event:
        present = [r for r in group if r in known]
        for other in present[1:]:
            groups.join(present[0], other, "joined by the reviewer", force=True)
    apart = set(decisions.split_event)
    free = [t for t in events if t.ref not in apart]
    told_again = _join_restatements(free, groups)
    free = [t for t in free if t.ref not in told_again]
    pairs = []
    similarity = Similarity(events)
    for i, a in enumerate(free):
        for b in free[i + 1:]:
            if a.ref.split("/")[0] != b.ref.split("/")[0]:
                found = score(a, b, similarity(a, b))
                if found:
                    pairs.append((-found[0], i, a.ref, b.ref, found[1]))
    for _, _, a_ref, b_ref, why in sorted(pairs):
        groups.join(a_ref, b_ref, why)
    _join_recalls(recalled or {}, apart, groups)
    return [(members, groups.reasons[groups.find(members[0])])
            for members in groups.members(refs)]


def _join_recalls(recalled: dict[str, str], apart: set[str], groups: Groups) -> None:
    """Communications of different documents that recall the same document of the case
    (``your letter of 6 February``, ``the ITUC wrote on 6 February``) are one: its sending."""
    by_document: dict[str, list[str]] = {}
    for ref, document in recalled.items():
        if ref not in apart:
            by_document.setdefault(document, []).append(ref)
    for document, refs in by_document.items():
        for other in refs[1:]:
            groups.join(refs[0], other, f"both recall the document {document}")


def _join_restatements(events: list[Told], groups: Groups) -> set[str]:
    """An undated event joins the one dated event of its document that it restates, when
    there is exactly one (two dated candidates: it is not known which). Done before the
    documents are matched, which then match the dated one. Returns the joined refs."""
    joined = set()
    for b in events:
        doc = b.ref.split("/")[0]
        found = [a for a in events if a.ref.split("/")[0] == doc and restates(a, b)]
        if len(found) == 1:
            groups.join(found[0].ref, b.ref, "the same act told again in its document, "
                        "undated", force=True)
            joined.add(b.ref)
    return joined


def case_events(groups: list[tuple[list[str], list[str]]], facts: dict[str, Facts]
                ) -> list[CaseEvent]:
    """One case event per group, numbered in document order of their first source."""
    by_ref = {f"{doc}/{e.id}": e for doc, f in facts.items() for e in f.events}
    out = []
    for n, (members, reasons) in enumerate(groups, start=1):
        out.append(CaseEvent(id=f"ev{n}", type=_type(members, by_ref), members=members,
                             reasons=reasons))
    return out


def _type(members: list[str], by_ref: dict[str, Event]) -> str:
    """The most specific type the sources give (the first source's when they differ)."""
    types = [by_ref[r].type for r in members]
    for t in types:
        if all(t == u or u in _ancestors(t) for u in types):
            return t
    return types[0]
