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
    loose: bool = False
    """Whether its victims are all groups ("a delegation of trade unionists", "a group of
    foreign nationals"): sources describe a group in their own words, so two that differ
    do not keep two acts apart the way two persons' names do."""


def told(facts: dict[str, Facts], actors: list[CaseActor]) -> list[Told]:
    """Every asserted event of the documents, in document order."""
    of = {ref: a.id for a in actors for ref in a.members}
    groups = {a.id for a in actors if a.kind == "group"}
    out = []
    for doc, f in facts.items():
        for e in f.events:
            def who(roles: frozenset[str], e: Event = e, doc: str = doc) -> frozenset[str]:
                return frozenset(of[f"{doc}/{p.actor}"] for p in e.participants
                                 if p.role in roles and f"{doc}/{p.actor}" in of)
            victims = who(VICTIM_ROLES)
            out.append(Told(f"{doc}/{e.id}", e, None if inherited(e) else event_interval(e),
                            victims, who(frozenset({"perpetrator"})),
                            who(PARTY_ROLES | {"participant"}),
                            fold_name(e.place) if e.place else None,
                            who(VICTIM_ROLES | {"participant"}), interval(f.letter.date),
                            stems(" ".join(s.quote for s in e.evidence)),
                            bool(victims) and victims <= groups))
    return out


def stems(text: str) -> frozenset[str]:
    """The words of ``text`` that say what happened and to whom: four letters or more,
    folded, cut to their first six (``arrested``, ``arrestation`` -> ``arrest``), and its
    numbers of two digits or more (the articles of a charge, a count: rare ones weigh
    much, a year that every event gives weighs little)."""
    return frozenset(w[:6] if w.isalpha() else w for w in fold_words(text).split()
                     if (len(w) >= 4 and w.isalpha()) or (len(w) >= 2 and w.isdigit()))


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


class Rarity:
    """How many of the case's events each actor takes part in: a federation that is the
    victim of everything says little about which act two events tell; its leader, named
    in three, says much."""

    def __init__(self, events: list[Told]) -> None:
        self.n = max(len(events), 1)
        self.counts: dict[str, int] = {}
        for t in events:
            for actor in t.involved:
                self.counts[actor] = self.counts.get(actor, 0) + 1

    def share(self, actor: str) -> float:
        return self.counts.get(actor, 0) / self.n

    def weight(self, actors: frozenset[str]) -> float:
        return sum(math.log((self.n + 1) / (self.counts.get(x, 0) + 0.5)) for x in actors)


class Case:
    """What a pair of events is judged against: the case's other events."""

    def __init__(self, events: list[Told]) -> None:
        self.similarity = Similarity(events)
        self.rarity = Rarity(events)
        self.by_document: dict[str, list[Told]] = {}
        for t in events:
            self.by_document.setdefault(t.ref.split("/")[0], []).append(t)

    def only_one(self, a: Told, b: Told, shared: frozenset[str]) -> bool:
        """Whether ``a`` is the one event of its document of a type compatible with
        ``b``'s that names one of ``shared``: the one prosecution of him each tells."""
        rivals = [t for t in self.by_document.get(a.ref.split("/")[0], []) if t.ref != a.ref
                  and t.event.type == a.event.type and t.involved & shared]
        return not rivals


def score(a: Told, b: Told, case: Case | None = None) -> tuple[float, str] | None:
    """How surely ``a`` and ``b`` tell one act, and why, judged against the ``case``'s
    events (how alike their quotes are, how rare their participants); None when they do
    not."""
    similar = case.similarity(a, b) if case else 0.0
    ta, tb = a.event.type, b.event.type
    if not compatible(ta, tb):
        return None
    if "communication" in (ta, tb):
        return _communication(a, b, similar)
    shared = a.involved & b.involved
    days = gap(a.period, b.period) if a.period and b.period else None
    if _kept_apart(a, b, shared, days) or not _enough(a, b, shared, days, similar, case):
        return None
    weight = case.rarity.weight(shared) if case else 2.0 * len(shared)
    points = weight + _date_points(days, a, b) + 3.0 * similar
    points -= (days or 0) / 1000  # of two candidates otherwise alike, the closer date
    points += (ta == tb) + bool(a.perpetrators & b.perpetrators) + (
        a.place is not None and a.place == b.place)
    why = [f"types {ta} and {tb}" if ta != tb else f"type {ta}"]
    if shared:
        why.append(f"{len(shared)} victim(s) or target(s) in common")
    why.append("no date in one" if days is None else
               "the same day" if days == 0 else f"dates {days} days apart")
    why.append(f"quotes {similar:.0%} alike")
    return points, ", ".join(why)


def _kept_apart(a: Told, b: Told, shared: frozenset[str], days: int | None) -> bool:
    """What keeps two events of compatible types apart: victims with none in common, a
    document written before the other's act, dates too far apart (or apart at all with
    no participant in common). A source whose victims are all groups may be telling the
    other's victims in its own words: its victims do not keep the two apart, what else
    the two have in common is weighed."""
    if a.victims and b.victims and not shared and not (a.loose or b.loose):
        return True
    if _told_before(a, b) or _told_before(b, a):
        return True
    limit = settings()["thresholds"]["date_gap_days"]  # type: ignore[index]
    return days is not None and (days > limit or (days > 0 and not shared))


def _enough(a: Told, b: Told, shared: frozenset[str], days: int | None, similar: float,
            case: Case | None) -> bool:
    """Whether what two events have in common is enough to take them for one act:
    without a participant in common, see :func:`_alike_without_participants`; with one
    undated, a participant in common that few of the case's events name, or quotes alike."""
    limits = settings()["thresholds"]  # type: ignore[index]
    alike = similar >= limits["quote_similarity"] / 100
    if not shared:
        return alike or _alike_without_participants(a, b, days)
    if days is None and case is not None:
        rare = min(case.rarity.share(x) for x in shared) <= limits["undated_share"] / 100
        return alike or rare or (case.only_one(a, b, shared) and case.only_one(b, a, shared))
    return True


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
    """Whether the event is dated to the day, or to a period of given days (the 30 and
    31 January)."""
    e = t.event
    return t.period is not None and (
        t.period[0] == t.period[1]
        or bool(e.start and e.end and len(e.start) == len(e.end) == 10))


def _told_before(a: Told, b: Told) -> bool:
    """Whether ``a``'s document was written before ``b``'s act began: it cannot tell it (a
    report of August 2020 does not tell a release of November 2021). Not for what is
    announced before it happens (a strike called, a march): acts that are not
    violations."""
    if not (a.event.alleged_violation and b.event.alleged_violation):
        return False
    return bool(a.written and b.period and (b.period[0] - a.written[1]).days > 1)


def _date_points(days: int | None, a: Told, b: Told) -> float:
    """Closer dates, surer match; a source that gives no date says nothing either way, and
    a month or a year that holds the other's day says little."""
    if days is None:
        return 1.0
    if days == 0:
        return 2.0 if _precise(a) and _precise(b) else 1.0
    return 1.5 if days <= 3 else 0.5


@functools.cache
def sequence_words() -> frozenset[str]:
    """Words that tell an act that came after another ("subsequently", "ensuite")."""
    return frozenset(fold_words(w) for w in settings()["sequence_words"])  # type: ignore[attr-defined]


def restates(a: Told, b: Told) -> bool:
    """Whether ``b``, an undated event of ``a``'s own document, tells ``a``'s act again
    ("He was arrested last night ... He was placed in police custody"): the same type or
    a narrower one, no date of its own (not even one carried over), and no participant
    that ``a`` does not have."""
    undated = b.event.date is None and b.event.start is None and b.event.end is None
    later = any(w in sequence_words() for w in fold_words(b.event.evidence[0].quote).split())
    return (undated and not later and a.period is not None and bool(b.involved)
            and b.involved <= a.involved and a.event.type != "communication"
            and (a.event.type == b.event.type or a.event.type in _ancestors(b.event.type)))


def _communication(a: Told, b: Told, similar: float = 0.0) -> tuple[float, str] | None:
    """Two communications are one when they have a party in common and the same day; or,
    one undated, quotes alike (the statement on the border villages that the charge
    concerns); or, neither dated, documents written within a week of each other (a
    union's statement that a news report and a press release both report)."""
    common = a.parties & b.parties
    if a.event.type != b.event.type or not common:
        return None
    if a.period and b.period:
        if gap(a.period, b.period):
            return None
        return 3.0 + len(common), "a communication of the same day, the same parties"
    if similar >= settings()["thresholds"]["quote_similarity"] / 100:  # type: ignore[index]
        return 2.0 + len(common) + similar, (f"a communication of the same parties, quotes "
                                             f"{similar:.0%} alike, undated in one")
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
    groups = Groups.decided(refs, decisions.same_event)
    apart = set(decisions.split_event)
    free = [t for t in events if t.ref not in apart]
    told_again = _join_restatements(free, groups)
    free = [t for t in free if t.ref not in told_again]
    pairs = []
    judged = Case(events)
    for i, a in enumerate(free):
        for b in free[i + 1:]:
            if a.ref.split("/")[0] != b.ref.split("/")[0]:
                found = score(a, b, judged)
                if found:
                    pairs.append((-found[0], i, a.ref, b.ref, found[1]))
    for _, _, a_ref, b_ref, why in sorted(_unambiguous(pairs)):
        groups.join(a_ref, b_ref, why)
    _join_recalls(recalled or {}, apart, groups)
    return [(members, groups.reasons[groups.find(members[0])])
            for members in groups.members(refs)]


def _unambiguous(pairs: list[tuple[float, int, str, str, str]]
                 ) -> list[tuple[float, int, str, str, str]]:
    """The pairs, less those of an event with two events of another document that fit it
    equally well (an undated "the court eased the measure" beside two house arrests of
    one person): which one it tells is not known, so it is joined to neither."""
    best: dict[tuple[str, str], list[float]] = {}
    for points, _, a_ref, b_ref, _ in pairs:
        for one, other in ((a_ref, b_ref), (b_ref, a_ref)):
            best.setdefault((one, other.split("/")[0]), []).append(points)
    tied = {key for key, scores in best.items()
            if len(scores) > 1 and sorted(scores)[:2][0] == sorted(scores)[:2][1]}
    return [p for p in pairs if (p[2], p[3].split("/")[0]) not in tied
            and (p[3], p[2].split("/")[0]) not in tied]


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
