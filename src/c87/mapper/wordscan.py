"""Run a large alternation only where it can match: at words that begin one of its phrases.

A regular expression of hundreds of phrases ("house arrest", "Kyrgyzstan", "février") is
slow when tried at every character of a letter; tried only at the words that begin one of
the phrases it is fast, and finds the same matches (leftmost, non-overlapping).

:func:`scan` finds those words by a dictionary of their folded forms; :func:`scan_from`
by a pattern of them (:func:`tree_alternation`) with the large pattern's own flags, which
then matches wherever the large one can, case-insensitive ones included.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"[\s'’-]+")


@dataclass(frozen=True)
class FirstWords:
    """The words (folded) that begin a phrase, and the stems of phrases like ``despid*``."""

    exact: frozenset[str]
    stems: frozenset[str]
    stem_lengths: tuple[int, ...]

    @classmethod
    def of(cls, phrases: Iterable[str], fold: bool = True) -> FirstWords:
        exact: set[str] = set()
        stems: set[str] = set()
        for phrase in phrases:
            head = _SPLIT.split(phrase.strip(), maxsplit=1)[0]
            head = head.casefold() if fold else head
            if head.endswith("*"):
                stems.add(head[:-1])
            elif head:
                exact.add(head.rstrip("."))
        return cls(frozenset(exact), frozenset(stems), tuple(sorted({len(s) for s in stems})))

    def begins(self, word: str) -> bool:
        if word in self.exact:
            return True
        for k in self.stem_lengths:
            if k > len(word):
                return False
            if word[:k] in self.stems:
                return True
        return False


@functools.lru_cache(maxsize=8)
def _words(text: str, fold: bool) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Where the words of ``text`` start, and the words (folded), read once per text."""
    starts, tokens = [], []
    for word in _WORD.finditer(text):
        starts.append(word.start())
        tokens.append(word.group().casefold() if fold else word.group())
    return tuple(starts), tuple(tokens)


def scan(pattern: re.Pattern[str], text: str, firsts: FirstWords, start: int = 0,
         end: int | None = None, fold: bool = True) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text[start:end]`` that begin at a word of ``firsts``.

    ``pattern`` must match at the start of a phrase (its own lookbehind, if any, still
    sees the text before ``start``).
    """
    stop = len(text) if end is None else end
    starts, tokens = _words(text, fold)
    after = start
    i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, stop)
    if (i > 0 and _ends(text, starts[i - 1]) > start) or (
            j > 0 and _ends(text, starts[j - 1]) > stop):
        # A bound inside a word: that word is read as cut by the bound, word by word.
        yield from _scan_words(pattern, text, firsts, start, stop, fold)
        return
    begins = firsts.begins
    for k in range(i, len(starts)):
        at = starts[k]
        if at >= stop:
            break
        if at < after or not begins(tokens[k]):
            continue
        match = pattern.match(text, at, stop)
        if match and match.end() > match.start():
            after = match.end()
            yield match


def _ends(text: str, at: int) -> int:
    match = _WORD.match(text, at)
    return match.end() if match else at


def _scan_words(pattern: re.Pattern[str], text: str, firsts: FirstWords, start: int,
                stop: int, fold: bool) -> Iterator[re.Match[str]]:
    after = start
    for word in _WORD.finditer(text, start, stop):
        if word.start() < after:
            continue
        token = word.group().casefold() if fold else word.group()
        if not firsts.begins(token):
            continue
        match = pattern.match(text, word.start(), stop)
        if match and match.end() > match.start():
            after = match.end()
            yield match


def tree_alternation(words: Iterable[str], space: str | None = None) -> str:
    """An alternation of the literal ``words`` as a tree of their common beginnings.

    It matches what the words longest first match (``"|".join(...)`` of them sorted by
    length, longest first), and backtracks through them in the same order: the words that
    match at a place all lie on one path of the tree, tried deepest first. It is faster
    because a branch is chosen by one character, not by trying every word. Under
    IGNORECASE two words that differ only in case may be tried in another order (see
    :func:`phrase_alternation`); where only whether some word matches counts (a pattern
    of first words), any flags will do. ``space``: the pattern a space of a word stands
    for (``\\s+``: any white space; it must be followed by no white space in a word).
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def atom(char: str) -> str:
        return space if space is not None and char == " " else re.escape(char)

    def alt(node: dict[str, Any]) -> str:
        branches = [atom(char) + alt(sub) for char, sub in sorted(node.items()) if char]
        if not branches:
            return ""
        if "" in node:
            branches.append("")  # the word that ends here, after the longer ones
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return alt(tree) if tree else "(?!)"


def scan_from(pattern: re.Pattern[str], starts: re.Pattern[str],
              text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, with ``pattern`` tried only where ``starts`` matches.

    The same matches when every match of ``pattern`` begins where a match of ``starts``
    begins, no match of ``starts`` holds the beginning of a match of ``pattern`` after its
    own, and ``pattern`` never matches the empty string: ``starts`` is the first words of
    ``pattern``'s phrases, whole words, with ``pattern``'s flags and look-behind.
    """
    after = 0
    for hit in starts.finditer(text):
        at = hit.start()
        if at < after:
            continue
        match = pattern.match(text, at)
        if match:
            after = match.end()
            yield match


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A case-insensitive alternation of ``phrases`` (words between which any white space
    matches): what ``"|".join`` of them longest first matches, and tried in that order.

    As a tree of their lower-case forms behind a look-ahead for their first letters
    (:func:`tree_alternation`), several times faster, when that is the same: every phrase
    written with single spaces and read the same by its lower-case form
    (:func:`_lower_reads_the_same`). Otherwise as the plain alternation.
    """
    items = list(phrases)
    white = r"\s+"
    if not items or not all(p and p == " ".join(p.split()) for p in items) or \
            not _lower_reads_the_same(items):
        return "|".join(white.join(re.escape(w) for w in p.split())
                        for p in sorted(items, key=len, reverse=True))
    lower = {p.lower() for p in items}
    firsts = "".join(sorted({re.escape(p[0]) for p in lower}))
    return f"(?=[{firsts}]){tree_alternation(lower, space=white)}"


def _lower_reads_the_same(phrases: list[str]) -> bool:
    """Whether a case-insensitive pattern reads each of ``phrases`` as its lower-case form
    ("İ" it does not: its lower case is two characters), and no two letters of those
    forms as one ("ı" and "i", "ſ" and "s", "ς" and "σ" ...): then the tree of the
    lower-case forms has no two branches that match the same text."""
    letters: set[str] = set()
    for phrase in phrases:
        lower = phrase.lower()
        if len(lower) != len(phrase) or not all(
                a == b or _same_ignoring_case(a, b) for a, b in zip(phrase, lower, strict=True)):
            return False
        letters.update(lower)
    # Two ASCII letters are one only in another case, which lower() has made the same.
    odd = [c for c in letters if not c.isascii()]
    return not any(a != b and _same_ignoring_case(a, b) for a in odd for b in letters)


@functools.cache
def _same_ignoring_case(a: str, b: str) -> bool:
    """Whether a case-insensitive pattern of the letter ``a`` matches the letter ``b``."""
    return re.fullmatch(re.escape(a), b, re.IGNORECASE) is not None
