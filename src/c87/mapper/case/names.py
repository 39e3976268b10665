"""Whether two actors of different documents are one: names, aliases, posts, kinds, country.

Names are compared folded (lower case, no accents, no honorifics, no punctuation) with
rapidfuzz, within the thresholds of ``ontology/case-linking.yaml``. Each test that says
yes gives its reason in words, for ``c87 case show --explain``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from c87.model import Actor
from c87.ontology.data import load

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_ARTICLES = frozenset({"the", "la", "le", "les", "el", "los", "las", "l"})


@functools.cache
def settings() -> dict[str, object]:
    return load("case-linking")


@functools.cache
def _honorifics() -> frozenset[str]:
    lexicon = load("lexicon")
    words = list(lexicon["honorifics"])
    for more in lexicon["honorifics_by_country"].values():
        words.extend(more)
    return frozenset(fold_words(w) for w in words)


def fold_words(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces single: ``Ms. Babáeva`` ->
    ``ms babaeva``."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", _PUNCT.sub(" ", bare.casefold())).strip()


def fold_name(text: str) -> str:
    """A name folded for comparison, honorifics and leading articles dropped."""
    words = fold_words(text).split()
    while words and (words[0] in _honorifics() or words[0] in _ARTICLES):
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class Named:
    """An actor of one document, with what it is matched on."""

    ref: str
    actor: Actor
    names: tuple[str, ...]
    """Its name and aliases, folded, without duplicates, the name first."""
    posts: tuple[str, ...]
    where: str | None = None
    """The state the actor's document is about (its letter's country)."""

    @classmethod
    def of(cls, ref: str, actor: Actor, where: str | None = None) -> Named:
        names = tuple(dict.fromkeys(n for n in map(fold_name, [actor.name, *actor.aliases])
                                    if n))
        posts = tuple(p for p in (fold_name(pos.title) for pos in actor.positions)
                      if len(p.split()) >= 2)
        return cls(ref, actor, names, posts, where)


def _group(kind: str) -> frozenset[str]:
    groups = [frozenset(g) for g in settings()["kind_groups"]]  # type: ignore[attr-defined]
    found = frozenset().union(*(g for g in groups if kind in g))
    return found | {kind}


def kinds_match(a: str, b: str) -> bool:
    """Whether actors of kinds ``a`` and ``b`` may be one (a person is never a body)."""
    if "person" in (a, b) or "group" in (a, b):
        return a == b
    return b in _group(a)


LOCAL_KINDS = frozenset({"group", "government", "state-authority", "legislature", "court",
                         "police", "military"})
"""Kinds of actor that belong to one state: two documents about different states do not
share one (the police of one country is not another's)."""


def same_actor_vetoed(a: Named, b: Named) -> bool:
    """Whether what is known of ``a`` and ``b`` rules out their being one: kinds that
    cannot name one actor, or different states."""
    if not kinds_match(a.actor.kind, b.actor.kind):
        return True
    if a.actor.country and b.actor.country and a.actor.country != b.actor.country:
        return True
    return bool(a.actor.kind in LOCAL_KINDS and a.where and b.where and a.where != b.where)


def same_actor(a: Named, b: Named) -> str | None:
    """Why ``a`` and ``b`` (of different documents) are one actor, or None."""
    if same_actor_vetoed(a, b):
        return None
    test = _same_person if a.actor.kind == "person" else _same_body
    reason = test(a, b) or (_same_group(a, b) if a.actor.kind == "group" else None)
    return reason or _same_post(a, b)


def _pairs(a: Named, b: Named) -> Iterable[tuple[str, str]]:
    return ((x, y) for x in a.names for y in b.names)


def _same_person(a: Named, b: Named) -> str | None:
    limits = settings()["thresholds"]  # type: ignore[index]
    for x, y in _pairs(a, b):
        if x == y:
            return f"the same name, {x!r}"
        xs, ys = x.split(), y.split()
        if len(xs) == len(ys) == 2 and _initial_of(xs, ys, limits["family_name"]):
            return f"{x!r} and {y!r}: the same family name, an initial of the given name"
        if len(xs) >= 2 and len(ys) >= 2:
            whole = fuzz.token_sort_ratio(x, y)
            family = max(fuzz.ratio(x1, y1) for x1 in (xs[0], xs[-1]) for y1 in (ys[0], ys[-1]))
            if whole >= limits["person_name"] and family >= limits["family_name"] and \
                    _given_agree(xs, ys):
                return f"names alike, {x!r} and {y!r} (score {whole:.0f})"
    return None


def _initial_of(xs: list[str], ys: list[str], limit: int) -> bool:
    """``k osmonov`` and ``kanatbek osmonov``: one given name is the other's initial."""
    short, full = (xs, ys) if len(xs[0]) == 1 else (ys, xs)
    return len(short[0]) == 1 and len(full[0]) > 1 and full[0][0] == short[0] and \
        fuzz.ratio(short[1], full[1]) >= limit


def _given_agree(xs: list[str], ys: list[str]) -> bool:
    """Two names of several words whose first words do not contradict each other: equal,
    alike, or an initial of the other (``k osmonov`` / ``kanatbek osmonov``)."""
    sx, sy = set(xs), set(ys)
    if sx & sy:
        return True
    x0, y0 = xs[0], ys[0]
    if len(x0) == 1 or len(y0) == 1:
        return x0[0] == y0[0]
    return fuzz.ratio(x0, y0) >= 70


def family_of(named: Named) -> str | None:
    """The family name of a person actor, folded (its own field, or its name's last word)."""
    actor = named.actor
    if actor.family_name:
        return fold_name(actor.family_name)
    words = named.names[0].split() if named.names else []
    return words[-1] if len(words) >= 2 else None


def only_family(named: Named) -> str | None:
    """The name of a person called by a family name alone (``Mr Osmonov``), folded."""
    if named.actor.kind != "person" or not named.names:
        return None
    words = [n for n in named.names if len(n.split()) == 1]
    return words[0] if len(words) == len(named.names) else None


_GROUP_FILLERS = frozenset("""of the its their his her our your several some more than other
all many a an and de des du la le les l del los las sus ses leur leurs plusieurs otros
otras autres varios varias""".split())


def group_words(actor: Actor) -> frozenset[str]:
    """What a group is made of, without counts, determiners or the acronym of its
    organisation: "40 members of the FPK Council", "members of its Council" -> {members,
    council}."""
    words = []
    for raw in re.findall(r"[^\W\d_]+", actor.name):
        if sum(c.isupper() for c in raw) >= 2:  # FPK, FPKg, SYNACEB: the organisation
            continue
        word = fold_words(raw)
        if word and word not in _GROUP_FILLERS and word not in load("numbers")["values"]:
            words.append(word)
    return frozenset(words)


def _same_group(a: Named, b: Named) -> str | None:
    """Two groups of two documents described by the same words (two of them at least)."""
    words = group_words(a.actor)
    if len(words) >= 2 and words == group_words(b.actor):
        return f"a group of the same words, {' '.join(sorted(words))!r}"
    return None


def _same_body(a: Named, b: Named) -> str | None:
    limit = settings()["thresholds"]["organisation_name"]  # type: ignore[index]
    group = a.actor.kind == "group"  # "leaders", "workers": one word names no one group
    for x, y in _pairs(a, b):
        if x == y and not (group and len(x.split()) < 2):
            return f"the same name, {x!r}"
        if len(x.split()) >= 2 and len(y.split()) >= 2:
            score = fuzz.token_set_ratio(x, y)
            if score >= limit and _same_words_count(x, y):
                return f"names alike, {x!r} and {y!r} (score {score:.0f})"
            head = _qualified(x, y) or _qualified(y, x)
            if head:
                return f"{head[1]!r} is {head[0]!r} named with where it sits"
    return None


_OF = ("of", "de", "du", "des", "del", "de la")


def _qualified(short: str, long: str) -> tuple[str, str] | None:
    """``long`` is ``short`` followed by where it belongs: "investigating judge of the
    Tunis court", "toll collectors of the STA" (not "ministry of labour and social
    protection", another body)."""
    if not long.startswith(short + " "):
        return None
    rest = long[len(short) + 1:]
    return (short, long) if any(rest.startswith(w + " ") for w in _OF) else None


def _same_words_count(x: str, y: str) -> bool:
    """Whether neither name has a word of substance the other lacks beyond a spelling
    (``ministry of labour`` is not ``ministry of labour and social protection``)."""
    content = [w for w in x.split() if len(w) > 3], [w for w in y.split() if len(w) > 3]
    return abs(len(content[0]) - len(content[1])) <= 1


def _same_post(a: Named, b: Named) -> str | None:
    """One is called by a post the other holds (``the Minister of Labour``)."""
    for one, other in ((a, b), (b, a)):
        for post in other.posts:
            if post in one.names:
                return f"{one.ref} is called by the post {post!r} that {other.ref} holds"
            named = next((n for n in one.names if _qualified(n, post)), None)
            if named and one.actor.kind == "person" and not _has_name(one.actor):
                return (f"{one.ref} is called by the post {named!r}, which {other.ref} "
                        f"holds named with where it is held ({post!r})")
    return None


def _has_name(actor: Actor) -> bool:
    """Whether a person actor has a name of their own, not only a post."""
    return bool(actor.given_name or actor.family_name)
