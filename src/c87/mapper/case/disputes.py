"""The facts on which the sources of one case event disagree, each statement kept.

A date disagrees with another when their periods do not overlap (``June 2020`` and
``10 June 2020`` agree: the first is less precise); a place when neither name contains
the other; the perpetrators when both sources name some and none in common; the number of
people when both give one and they differ; the length of a sentence or a measure when both
give one of the same thing and no length of one agrees with one of the other (``lengths``);
a role when an actor is a victim in one source and a perpetrator in another, or when two
sources give a person different posts in the act (``posts``). A fact a source does not
give is no disagreement, nor is a document that contradicts itself.
"""

from __future__ import annotations

import functools
import re

from c87.mapper.case.events import VICTIM_ROLES, Told, gap
from c87.mapper.case.lengths import Length, lengths
from c87.mapper.case.names import settings
from c87.mapper.case.posts import Post, differ, posts_in
from c87.model import Facts
from c87.model.case import CaseActor, CaseEvent, Decisions, Dispute, Statement
from c87.ontology.data import load


@functools.cache
def _count_pattern() -> re.Pattern[str]:
    nouns = sorted({n for words in settings()["people_nouns"].values()  # type: ignore[attr-defined]
                    for n in words}, key=len, reverse=True)
    numbers = sorted(load("numbers")["values"], key=len, reverse=True)
    words = "|".join(re.escape(w) for w in numbers if len(w) > 2)
    people = "|".join(map(re.escape, nouns))
    return re.compile(rf"\b(\d[\d,.]*|{words})\s+(?:\w+\s+)?({people})\b", re.IGNORECASE)


_COUNTRY_WORDS = frozenset({"countries", "pays", "países"})


def count_of(text: str) -> tuple[int, str] | None:
    """The number of people an event's quote gives and what it counts (``12 workers`` ->
    (12, ``worker``), ``quinze militants``), or None."""
    match = _count_pattern().search(text)
    if not match:
        return None
    raw = match.group(1).lower().replace(",", "").replace(".", "")
    value = int(raw) if raw.isdigit() else load("numbers")["values"].get(raw)
    if value is None:
        return None
    noun = match.group(2).lower()
    return value, "countries" if noun in _COUNTRY_WORDS else noun[:5]


def number_of(text: str) -> int | None:
    """The number of people an event's quote gives (``12 workers``, ``quinze militants``)."""
    found = count_of(text)
    return found[0] if found else None


def disputes(event: CaseEvent, told: dict[str, Told], actors: dict[str, CaseActor],
             decisions: Decisions, facts: dict[str, Facts] | None = None) -> list[Dispute]:
    """The disputed facts of ``event`` (with its statements and the adopted one);
    ``facts``, the documents' facts, give the posts of its persons."""
    members = [told[r] for r in event.members if r in told]
    if len(members) < 2:
        return []
    found = [_dates(members), _places(members), _perpetrators(members, actors),
             _numbers(members), _lengths(members), _roles(members, actors, facts or {})]
    out = []
    for fact, statements in found:
        if statements:
            adopted = next((s.ref for s in statements
                            if s.ref in decisions.adopt.get(fact, [])), None)  # type: ignore[call-overload]
            out.append(Dispute(event.id, fact, statements, adopted))
    return out


def _apart(a: Told, b: Told) -> bool:
    """Two sources: events of different documents (a document does not dispute itself)."""
    return a.ref.split("/")[0] != b.ref.split("/")[0]


def _date_text(t: Told) -> str | None:
    """What a source says of the date: the day (or month, year) of the act, the day a
    period began ("from 10 June"), or a period of which it gives only months."""
    e = t.event
    if e.date:
        return e.date
    if e.start and len(e.start) == 10:
        return e.start
    if e.start or e.end:
        return f"{e.start or ''}..{e.end or ''}"
    return None


def _begins(t: Told) -> str | None:
    """The day an act began, when its source gives it to the day (its date, or the start
    of its period: a house arrest "for two months" from 10 June)."""
    day = t.event.date or t.event.start
    return day if day and len(day) == 10 else None


def _dates(members: list[Told]) -> tuple[str, list[Statement]]:
    """Two sources' dates disagree when their periods do not overlap, or when both give
    the day the act began and the days differ."""
    dated = [t for t in members if t.period]
    def differ(a: Told, b: Told) -> bool:
        first, second = _begins(a), _begins(b)
        return bool(gap(a.period, b.period)  # type: ignore[arg-type]
                    or (first and second and first != second))

    clash = any(_apart(a, b) and differ(a, b) for i, a in enumerate(dated)
                for b in dated[i + 1:])
    return "date", [Statement(t.ref, _date_text(t) or "") for t in dated] if clash else []


def _places(members: list[Told]) -> tuple[str, list[Statement]]:
    placed = [t for t in members if t.place]
    clash = any(_apart(a, b) and not (a.place in b.place or b.place in a.place)  # type: ignore[operator]
                for i, a in enumerate(placed) for b in placed[i + 1:])
    return "place", [Statement(t.ref, t.event.place or "") for t in placed] if clash else []


def _names(ids: frozenset[str], actors: dict[str, CaseActor]) -> str:
    return "; ".join(sorted(actors[i].name for i in ids))


FORCES = frozenset({"police", "military", "group", "employer"})
"""Who may be said to have done an act by one source and not by another: the police or
the army, men in plain clothes, the employer. The Government answers for every body of
the State, and a minister or a prosecutor acts with the police: naming one of them
against another is no disagreement."""


def _perpetrators(members: list[Told], actors: dict[str, CaseActor]
                  ) -> tuple[str, list[Statement]]:
    """Two documents each naming one perpetrator, of different kinds among the forces (the
    police in one, the army in the other): a document that names several does not
    contradict one that names one of them or another, and two bodies of one kind are
    most often one body named at two levels ("the Bishkek police department", "the Main
    Department of Internal Affairs of Bishkek")."""
    named = [t for t in members if t.perpetrators]
    one = {doc: next(iter(ps)) for doc, ps in _by_document(named).items() if len(ps) == 1}
    kinds = [actors[x].kind for x in one.values()]
    clash = any(k != m and k in FORCES and m in FORCES
                for i, k in enumerate(kinds) for m in kinds[i + 1:])
    statements = [Statement(t.ref, _names(t.perpetrators, actors)) for t in named]
    return "perpetrator", statements if clash else []


def _by_document(members: list[Told]) -> dict[str, frozenset[str]]:
    """The perpetrators each document names for the event (its restatements together)."""
    out: dict[str, frozenset[str]] = {}
    for t in members:
        doc = t.ref.split("/")[0]
        out[doc] = out.get(doc, frozenset()) | t.perpetrators
    return out


def _numbers(members: list[Told]) -> tuple[str, list[Statement]]:
    """Two documents counting the same people differently ("nineteen other activists",
    "more than 20 other activists"); counts of different people are no disagreement."""
    counted = [(t, count_of(" ".join(s.quote for s in t.event.evidence))) for t in members]
    given = [(t, c) for t, c in counted if c is not None]
    clash = any(_apart(a, b) and m[1] == n[1] and m[0] != n[0]
                for i, (a, m) in enumerate(given) for b, n in given[i + 1:])
    return "number", [Statement(t.ref, str(c[0])) for t, c in given] if clash else []


def _lengths(members: list[Told]) -> tuple[str, list[Statement]]:
    """Two documents giving a length of one measure (probation, prison, house arrest)
    that no length of the other for it agrees with: "probation for three years" and "for
    two years". A document that gives several (the sentence of two years, cut to 15
    months) agrees with one that gives one of them."""
    given = {t.ref: [x for s in t.event.evidence for x in lengths(s.quote)] for t in members}
    by_document: dict[str, list[Length]] = {}
    for ref, found in given.items():
        by_document.setdefault(ref.split("/")[0], []).extend(found)
    docs = list(by_document.items())
    disputed = {m.measure for i, (_, one) in enumerate(docs) for _, other in docs[i + 1:]
                for m in one if any(n.measure == m.measure for n in other)
                and not any(x.agrees(y) for x in one for y in other
                            if x.measure == y.measure == m.measure)}
    statements = [Statement(t.ref, "; ".join(f"{x.measure}: {x.text}" for x in given[t.ref]
                                             if x.measure in disputed))
                  for t in members if any(x.measure in disputed for x in given[t.ref])]
    return "length", statements if disputed else []


def _roles(members: list[Told], actors: dict[str, CaseActor], facts: dict[str, Facts]
           ) -> tuple[str, list[Statement]]:
    """An actor that is a victim in one source and a perpetrator in another; else a
    person two sources give different posts in the act."""
    for actor in sorted(set().union(*(t.victims for t in members)) &
                        set().union(*(t.perpetrators for t in members))):
        statements = [Statement(t.ref, f"{actors[actor].name}: "
                                + ("victim" if actor in t.victims else "perpetrator"))
                      for t in members if actor in t.victims | t.perpetrators]
        return "role", statements
    return "role", _posts(members, actors, facts)


def _posts(members: list[Told], actors: dict[str, CaseActor], facts: dict[str, Facts]
           ) -> list[Statement]:
    """The posts of the first person two documents give different posts in the act
    ("acting FPKg president" and "deputy chairperson of the FPK"), each source's."""
    told = _posts_told(members, actors, facts)
    for person in sorted({p for _, posts in told for p in posts}):
        by_document: dict[str, list[Post]] = {}
        for t, posts in told:
            by_document.setdefault(t.ref.split("/")[0], []).extend(posts.get(person, []))
        docs = [posts for posts in by_document.values() if posts]
        if any(differ(a, b) for i, a in enumerate(docs) for b in docs[i + 1:]):
            name = actors[person].name
            return [Statement(t.ref, f"{name}: " + "; ".join(dict.fromkeys(
                p.title for p in posts[person])))
                    for t, posts in told if posts.get(person)]
    return []


def _posts_told(members: list[Told], actors: dict[str, CaseActor], facts: dict[str, Facts]
                ) -> list[tuple[Told, dict[str, list[Post]]]]:
    """Each source with the posts its quotes give each person taking part (by case
    actor)."""
    of = {ref: a.id for a in actors.values() for ref in a.members}
    out = []
    for t in members:
        doc = t.ref.split("/")[0]
        if doc not in facts:
            continue
        bodies = {x.id: of[f"{doc}/{x.id}"] for x in facts[doc].actors if f"{doc}/{x.id}" in of}
        people = {x.id: x for x in facts[doc].actors if x.kind == "person"}
        posts: dict[str, list[Post]] = {}
        for p in t.event.participants:
            if p.actor in people and p.actor in bodies:
                found = posts_in(t.event, people[p.actor], bodies)
                if found:
                    posts.setdefault(bodies[p.actor], []).extend(found)
        out.append((t, posts))
    return out


__all__ = ["FORCES", "VICTIM_ROLES", "count_of", "disputes", "number_of"]
