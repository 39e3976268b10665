"""The posts the sources of one act give a person in telling it, and whether two sources
disagree on them.

A source gives a person a post in an act when the event's quote holds one of the
person's titles in that document ("On 3 June 2020, Ms Babayeva, acting FPKg president,
was taken for interrogation"): a post said elsewhere in the document may be one held
before or after. A title is read as an office ("president", "chairperson" and
"présidente" are one office, the head of the body) and whether it is the deputy's ("deputy
chairperson", "vice-president", "secrétaire général adjoint"); words such as "acting",
"interim" or the body's name do not change the office. A title that names no office of
``case-linking.yaml`` (``posts``), or one the person held before ("former chairman"), is
not compared. The words are data; this module reads them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from c87.mapper.case.names import fold_words, settings
from c87.model import Actor, Event


@dataclass(frozen=True)
class Post:
    """A post a source gives a person in an act."""

    office: str
    """The office (``head``, ``general secretary``; ``deputy head`` for its deputy's)."""
    organisation: str | None
    """The case actor of the body it is held in, when the source names it."""
    title: str
    """As the document words it."""


@dataclass(frozen=True)
class _Words:
    offices: tuple[tuple[tuple[str, ...], str], ...]
    deputy: frozenset[str]
    prefixes: tuple[str, ...]
    not_compared: frozenset[str]


@functools.cache
def _words() -> _Words:
    data = settings()["posts"]  # type: ignore[index]
    offices = sorted(((tuple(fold_words(w).split()), office)
                      for office, words in data["offices"].items() for w in words),
                     key=lambda x: len(x[0]), reverse=True)
    return _Words(tuple(offices), frozenset(fold_words(w) for w in data["deputy"]),
                  tuple(fold_words(w) for w in data["deputy_prefixes"]),
                  frozenset(fold_words(w) for w in data["not_compared"]))


def _find(words: list[str]) -> tuple[str, int, int] | None:
    """The first office the words name, with where its words begin and end; a prefix
    of the deputy's glued to it ("vicepresidenta") counts as a word before it."""
    table = _words()
    for at in range(len(words)):
        for phrase, office in table.offices:
            if tuple(words[at:at + len(phrase)]) == phrase:
                return office, at, at + len(phrase)
        for prefix in table.prefixes:
            rest = words[at][len(prefix):]
            if words[at].startswith(prefix) and rest and any(
                    phrase == (rest,) for phrase, _ in table.offices):
                office = next(o for p, o in table.offices if p == (rest,))
                return f"deputy {office}", at, at + 1
    return None


def office(title: str) -> str | None:
    """The office a title names (``deputy chairperson of the FPK`` -> ``deputy head``,
    ``acting FPKg president`` -> ``head``), or None: no office of the word lists, or a
    post held before ("former chairman")."""
    words = fold_words(title).split()
    table = _words()
    if table.not_compared & set(words):
        return None
    found = _find(words)
    if found is None:
        return None
    name, begin, end = found
    if name.startswith("deputy "):
        return name
    deputy = table.deputy & set(words[:begin]) or (end < len(words) and words[end] in table.deputy)
    return f"deputy {name}" if deputy else name


def _holds(quote: str, title: str) -> bool:
    """Whether the folded quote holds the folded title as whole words."""
    return re.search(rf"(?<!\w){re.escape(title)}(?!\w)", quote) is not None


def posts_in(event: Event, actor: Actor, organisations: dict[str, str]) -> list[Post]:
    """The posts ``event``'s quotes give ``actor`` (an actor of the event's document);
    ``organisations`` maps the document's actor ids to case actors."""
    quote = fold_words(" ".join(s.quote for s in event.evidence))
    out = []
    for position in actor.positions:
        name = office(position.title)
        if name is not None and _holds(quote, fold_words(position.title)):
            where = organisations.get(position.organisation) if position.organisation else None
            out.append(Post(name, where, position.title))
    return out


def differ(one: list[Post], other: list[Post]) -> bool:
    """Whether two sources' posts for one person in one act disagree: for a body both
    name, no office in common; for a post of no named body, no office in common with the
    other source's posts, when those are of one body at most (the same person may be
    president of one union and deputy of another)."""
    def offices(posts: list[Post], where: str | None) -> set[str]:
        return {p.office for p in posts if p.organisation == where}

    named = {p.organisation for p in one if p.organisation} & {
        p.organisation for p in other if p.organisation}
    if any(not offices(one, w) & offices(other, w) for w in named):
        return True
    for a, b in ((one, other), (other, one)):
        loose = offices(a, None)
        bodies = {p.organisation for p in b if p.organisation}
        if loose and b and len(bodies) <= 1 and not loose & {p.office for p in b}:
            return True
    return False


__all__ = ["Post", "differ", "office", "posts_in"]
