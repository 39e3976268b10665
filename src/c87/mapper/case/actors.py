"""The actors of a case: the actors of its documents joined where they are one.

Two actors of different documents are joined when :func:`~c87.mapper.case.names.same_actor`
says why; a person called by a family name alone (``Mr Osmonov``) is joined to the one
person of the case of that family name, when there is exactly one. Two actors of one
document are never joined by the matching (the extraction kept them apart), and neither
is an actor the reviewer split off; the reviewer's own groups always are.
"""

from __future__ import annotations

import itertools

from rapidfuzz import fuzz

from c87.mapper.case.names import (
    Named,
    family_of,
    fold_name,
    only_family,
    same_actor,
    same_actor_vetoed,
    settings,
)
from c87.model import Event, Facts
from c87.model.case import CaseActor, Decisions, split_ref


class Groups:
    """Union-find over references, refusing to join two groups that hold one document twice."""

    def __init__(self, refs: list[str]) -> None:
        self.parent = {r: r for r in refs}
        self.docs = {r: {split_ref(r)[0]} for r in refs}
        self.reasons: dict[str, list[str]] = {r: [] for r in refs}

    def find(self, ref: str) -> str:
        while self.parent[ref] != ref:
            self.parent[ref] = self.parent[self.parent[ref]]
            ref = self.parent[ref]
        return ref

    def join(self, a: str, b: str, reason: str, *, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (not force and self.docs[ra] & self.docs[rb]):
            return False
        self.parent[rb] = ra
        self.docs[ra] |= self.docs.pop(rb)
        self.reasons[ra] += [*self.reasons.pop(rb), f"{b}: {reason} ({a})"]
        return True

    @classmethod
    def decided(cls, refs: list[str], same: list[list[str]]) -> Groups:
        """Groups of ``refs`` with the reviewer's groups (``same``) joined already; a
        reference to an item no document has any more is left out."""
        groups = cls(refs)
        known = set(refs)
        for group in same:
            present = [r for r in group if r in known]
            for other in present[1:]:
                groups.join(present[0], other, "joined by the reviewer", force=True)
        return groups

    def members(self, order: list[str]) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for ref in order:
            out.setdefault(self.find(ref), []).append(ref)
        return list(out.values())


def document_actors(facts: dict[str, Facts]) -> list[Named]:
    return [Named.of(f"{doc}/{a.id}", a, f.letter.country)
            for doc, f in facts.items() for a in f.actors]


def link_actors(facts: dict[str, Facts], decisions: Decisions) -> list[CaseActor]:
    """The case's actors, in the order of their first mention (documents in order)."""
    named = document_actors(facts)
    groups = Groups.decided([n.ref for n in named], decisions.same_actor)
    apart = set(decisions.split_actor)
    free = [n for n in named if n.ref not in apart]
    for i, a in enumerate(free):
        for b in free[i + 1:]:
            if split_ref(a.ref)[0] != split_ref(b.ref)[0]:
                reason = same_actor(a, b)
                if reason:
                    groups.join(a.ref, b.ref, reason)
    _join_family_names(free, groups)
    return _case_actors(named, groups)


def _join_family_names(named: list[Named], groups: Groups) -> None:
    """A person called by a family name alone joins the one group of persons of that
    family name, when there is exactly one."""
    limit = settings()["thresholds"]["family_name"]  # type: ignore[index]
    full = [(n, family_of(n)) for n in named if n.actor.kind == "person" and not only_family(n)]
    for lone in named:
        family = only_family(lone)
        if family is None:
            continue
        found = {groups.find(n.ref): n for n, name in full
                 if name and fuzz.ratio(name, family) >= limit}
        found.pop(groups.find(lone.ref), None)
        if len(found) == 1:
            (other,) = found.values()
            groups.join(other.ref, lone.ref,
                        f"{family!r} is the family name of {other.actor.name!r}, the only "
                        "person of that name in the case")


ROLE_CLASSES = (frozenset({"victim", "target"}), frozenset({"perpetrator"}),
                frozenset({"participant"}))
"""Roles in which two sources of one act name the same actor (a victim in one source is a
target in another)."""


def join_through_events(facts: dict[str, Facts], actors: list[CaseActor],
                        events: list[list[str]], decisions: Decisions) -> list[CaseActor] | None:
    """The case's actors with those joined that two sources of one act (``events``: the
    case's events, as document event refs) each name in one role, as the only actor of
    that role the other source's actors leave unmatched: "a group of foreign nationals"
    barred from entry in the Government's reply is "the delegation of trade unionists"
    barred in the ITUC's. Only actors of one kind, never persons with names of their own
    (names decide those). None when nothing more was joined."""
    named = document_actors(facts)
    by_ref = {n.ref: n for n in named}
    groups = Groups([n.ref for n in named])
    for actor in actors:
        for other in actor.members[1:]:
            groups.join(actor.members[0], other, "", force=True)
        groups.reasons[groups.find(actor.members[0])] = list(actor.reasons)
    said = {f"{doc}/{e.id}": (doc, e) for doc, f in facts.items() for e in f.events}
    apart = set(decisions.split_actor)
    joined = False
    for members in events:
        for a_ref, b_ref in itertools.combinations([r for r in members if r in said], 2):
            for roles in ROLE_CLASSES:
                pair = _left_over(said[a_ref], said[b_ref], roles, groups)
                if pair and not apart & set(pair) and _alignable(*(by_ref[r] for r in pair)):
                    joined |= groups.join(*pair, f"the only {'/'.join(sorted(roles))} left "
                                          f"unmatched in {a_ref} and {b_ref}, one act")
    return _case_actors(named, groups) if joined else None


def _left_over(a: tuple[str, Event], b: tuple[str, Event], roles: frozenset[str],
               groups: Groups) -> tuple[str, str] | None:
    """The one actor of ``roles`` in each event that the other's do not match, if one."""
    refs = [[f"{doc}/{p.actor}" for p in e.participants if p.role in roles]
            for doc, e in (a, b)]
    roots = [{groups.find(r) for r in side} for side in refs]
    left = [[r for r in refs[0] if groups.find(r) not in roots[1]],
            [r for r in refs[1] if groups.find(r) not in roots[0]]]
    if a[0] == b[0] or len(left[0]) != 1 or len(left[1]) != 1:
        return None
    return left[0][0], left[1][0]


def _alignable(a: Named, b: Named) -> bool:
    """Whether two actors may be joined for the role they play in one act: of one kind,
    not contradicted by country, and not two persons with names of their own."""
    if a.actor.kind != b.actor.kind or same_actor_vetoed(a, b):
        return False
    return a.actor.kind != "person" or not (a.actor.given_name or a.actor.family_name) or \
        not (b.actor.given_name or b.actor.family_name)


def _case_actors(named: list[Named], groups: Groups) -> list[CaseActor]:
    by_ref = {n.ref: n for n in named}
    used: set[str] = set()
    actors = []
    for members in groups.members([n.ref for n in named]):
        chosen = max((by_ref[r] for r in members), key=lambda n: len(n.actor.name.split()))
        ident = _unique(split_ref(chosen.ref)[1], used)
        names = list(dict.fromkeys(x for r in [chosen.ref, *members]
                                   for x in (by_ref[r].actor.name, *by_ref[r].actor.aliases)))
        country = next((by_ref[r].actor.country for r in members if by_ref[r].actor.country),
                       None)
        reasons = groups.reasons[groups.find(members[0])]
        actors.append(CaseActor(id=ident, name=chosen.actor.name, kind=chosen.actor.kind,
                                members=members, names=names, country=country,
                                reasons=reasons))
    return actors


def _unique(ident: str, used: set[str]) -> str:
    candidate, n = ident, 1
    while candidate in used:
        n += 1
        candidate = f"{ident}-{n}"
    used.add(candidate)
    return candidate


__all__ = ["Groups", "document_actors", "fold_name", "join_through_events", "link_actors"]
