"""The actors of a case: the actors of its documents joined where they are one.

Two actors of different documents are joined when :func:`~c87.mapper.case.names.same_actor`
says why; a person called by a family name alone (``Mr Osmonov``) is joined to the one
person of the case of that family name, when there is exactly one. Two actors of one
document are never joined by the matching (the extraction kept them apart), and neither
is an actor the reviewer split off; the reviewer's own groups always are.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from c87.mapper.case.names import Named, family_of, fold_name, only_family, same_actor, settings
from c87.model import Facts
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


__all__ = ["Groups", "document_actors", "fold_name", "link_actors"]
