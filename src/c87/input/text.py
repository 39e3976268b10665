"""The normalised text of a letter, with a map from every character back to its source.

Every character offset in a facts document refers to :attr:`Text.text`. The offset map
ties each character of that text to the span of :attr:`Text.original` it came from, so a
quote can always be shown, highlighted or checked in the file the user gave.

:func:`build_text` applies the normalisations, in this order:

1. line endings ``\\r\\n`` and ``\\r`` become ``\\n``; soft hyphens (U+00AD) and zero-width
   characters (U+200B..U+200D, U+FEFF) are dropped, and a soft hyphen at a line break
   drops the line break with it; non-breaking spaces (U+00A0, U+2007, U+202F) become
   plain spaces;
2. Unicode NFC;
3. words whose letters mix Latin, Cyrillic and Greek are folded to the script of most of
   their letters (``Сouncil`` with a Cyrillic ``С`` becomes ``Council``); ties, and words
   written in one script, are left alone;
4. a word hyphenated across a line break (``legis-\\nlation``) is joined, when the letter
   before the hyphen and the letter after the break are both lowercase.

Nothing else changes: whitespace is not collapsed.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

__all__ = ["FORMATS", "Text", "build_mapped_text", "build_text", "skeleton"]

FORMATS = ("txt", "md", "html", "pdf", "docx")


@dataclass(frozen=True)
class Text:
    """A letter's normalised text and the map from it back to the original.

    ``offsets`` has ``len(text) + 1`` entries: ``offsets[i]`` is the index in ``original``
    where the source of ``text[i]`` starts, and the last entry is ``len(original)``.
    ``ends`` has ``len(text)`` entries: ``ends[i]`` is the index in ``original`` just after
    the source of ``text[i]``. The source of one character can be several original
    characters (``\\r\\n``, ``e`` + combining accent, an HTML entity, a whitespace run
    in HTML), and characters that were dropped (a hyphen and line break joining a word)
    belong to no character's source. Both sequences are non-decreasing.
    """

    text: str = field(repr=False)
    original: str = field(repr=False)
    offsets: tuple[int, ...] = field(repr=False)
    ends: tuple[int, ...] = field(repr=False)
    path: str | None = None
    format: str = "txt"
    encoding: str | None = None

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text) + 1 or len(self.ends) != len(self.text):
            raise ValueError(
                f"offset map does not fit the text: {len(self.text)} characters, "
                f"{len(self.offsets)} offsets, {len(self.ends)} ends")
        if self.offsets[-1] != len(self.original):
            raise ValueError("the last offset must be len(original)")

    def __len__(self) -> int:
        return len(self.text)

    @cached_property
    def sha256(self) -> str:
        """Hex SHA-256 of :attr:`text` encoded as UTF-8: the same for the same text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def _check(self, start: int, end: int) -> None:
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(
                f"span [{start}, {end}) is not within the text (0..{len(self.text)})")

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of :attr:`original` that the text span ``[start, end)`` came from.

        The result starts where the source of ``text[start]`` starts and ends where the
        source of ``text[end - 1]`` ends, so it covers every original character behind
        the span, whole: a span ending in a ``\\n`` that came from ``\\r\\n`` ends after
        the ``\\n``; one ending in an ``é`` that came from ``&eacute;`` ends after the
        ``;``. An empty span maps to an empty span at ``offsets[start]``.
        Raises ValueError if the span is not within the text.
        """
        self._check(start, end)
        if start == end:
            at = self.offsets[start]
            return at, at
        return self.offsets[start], self.ends[end - 1]

    def quote(self, start: int, end: int) -> str:
        """Return ``text[start:end]``, the quote that evidence offsets denote.

        Raises ValueError if the span is not within the text (a slice would silently
        return something shorter).
        """
        self._check(start, end)
        return self.text[start:end]

    def original_quote(self, start: int, end: int) -> str:
        """Return the original characters behind the text span ``[start, end)``."""
        a, b = self.original_span(start, end)
        return self.original[a:b]


# -- the builder ---------------------------------------------------------------------------
#
# The working state is (text, starts, ends): starts[i]/ends[i] bound the source of text[i]
# in the original. Each normalisation finds edits -- (a, b, replacement) on the current
# text, sorted and disjoint -- and _apply rewrites text and map together with string and
# list slicing, so the cost per stage is O(n) at C speed, and a stage with nothing to do
# costs one regex scan.

_Edit = tuple[int, int, str]


def _apply(text: str, starts: list[int], ends: list[int],
           edits: Iterable[_Edit]) -> tuple[str, list[int], list[int]]:
    """Apply sorted, disjoint edits; a replacement of the same length maps char to char,
    any other maps every new character to the whole replaced source."""
    parts: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for a, b, rep in edits:
        if a > pos:
            parts.append(text[pos:a])
            new_starts += starts[pos:a]
            new_ends += ends[pos:a]
        if rep:
            parts.append(rep)
            if len(rep) == b - a:
                new_starts += starts[a:b]
                new_ends += ends[a:b]
            else:
                new_starts += [starts[a]] * len(rep)
                new_ends += [ends[b - 1]] * len(rep)
        pos = b
    if pos == 0 and not parts:
        return text, starts, ends
    parts.append(text[pos:])
    new_starts += starts[pos:]
    new_ends += ends[pos:]
    return "".join(parts), new_starts, new_ends


# 1. line endings, invisible characters, non-breaking spaces

_NBSP = "\u00a0\u2007\u202f"
_CHARS = re.compile(
    "\u00ad[ \t\u00a0\u2007\u202f]*(?:\r\n?|\n)[ \t\u00a0\u2007\u202f]*"
    "|\r\n?"
    "|[\u00ad\u200b-\u200d\ufeff]"
    "|[\u00a0\u2007\u202f]")


def _char_edits(text: str) -> list[_Edit]:
    edits: list[_Edit] = []
    for m in _CHARS.finditer(text):
        first = m.group()[0]
        if first == "\r":
            rep = "\n"
        elif first in _NBSP:
            rep = " "
        else:
            rep = ""
        edits.append((m.start(), m.end(), rep))
    return edits


# 2. NFC

# Characters with canonical combining class 0 that still compose with the character
# before them (the second half of a primary composite: Indic two-part vowels and a few
# others), plus Hangul medial vowels and final consonants. A cluster boundary must not
# fall before them. Taken from the Unicode data of Python 3.11; one that a later Unicode
# version adds is caught by the whole-text check in _nfc, which then maps more coarsely.
_COMPOSE_WITH_PREVIOUS = frozenset(
    "\u09be\u09d7\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf"
    "\u0ddf\u0fb5\u0fb7\u102e\u1b35\U00011127\U0001133e\U00011357\U000114b0\U000114ba"
    "\U000114bd\U000115af\U00011930"
    + "".join(map(chr, range(0x1161, 0x1176)))
    + "".join(map(chr, range(0x11A8, 0x11C3))))


def _nfc(text: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """NFC-normalise cluster by cluster, so a composed character maps to its cluster."""
    if unicodedata.is_normalized("NFC", text):
        return text, starts, ends
    combining = unicodedata.combining
    normalize = unicodedata.normalize
    edits: list[_Edit] = []
    begin = 0
    n = len(text)
    for j in range(1, n + 1):
        if j < n:
            c = text[j]
            if c >= "\u0300" and (combining(c) or c in _COMPOSE_WITH_PREVIOUS):
                continue  # c joins the cluster before it
        cluster = text[begin:j]
        if not cluster.isascii():
            done = normalize("NFC", cluster)
            if done != cluster:
                edits.append((begin, j, done))
        begin = j
    result = _apply(text, starts, ends, edits)
    expected = normalize("NFC", text)
    if result[0] == expected:
        return result
    # Cluster-wise normalisation disagreed with the whole text (a composition this
    # module does not know): map the differing middle as one block.
    prefix = 0
    limit = min(len(text), len(expected))
    while prefix < limit and text[prefix] == expected[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < limit - prefix
           and text[len(text) - 1 - suffix] == expected[len(expected) - 1 - suffix]):
        suffix += 1
    return _apply(text, starts, ends,
                  [(prefix, len(text) - suffix, expected[prefix:len(expected) - suffix])])


# 3. mixed-script words

_WORD = re.compile(r"\w+")
_FOLDABLE = frozenset({"LATIN", "CYRILLIC", "GREEK"})
_NAME_SCRIPT: dict[str, str] = {}
_HOMOGLYPH: dict[tuple[str, str], str | None] = {}


def _name_script(c: str) -> str:
    """First word of the character's Unicode name for letters ('' for others): a cheap
    stand-in for the script, used only to spot candidate words."""
    script = _NAME_SCRIPT.get(c)
    if script is None:
        script = unicodedata.name(c, "?").split(" ", 1)[0] if c.isalpha() else ""
        _NAME_SCRIPT[c] = script
    return script


def _homoglyph(c: str, script: str) -> str | None:
    """The character of ``script`` that ``c`` is a homoglyph of, or None."""
    key = (c, script)
    if key in _HOMOGLYPH:
        return _HOMOGLYPH[key]
    # Imported here: the package loads its data tables (and urllib) on import, which
    # only letters with a mixed-script word need to pay for.
    from confusable_homoglyphs import categories, confusables

    found = confusables.is_confusable(c, greedy=True, preferred_aliases=[script.lower()])
    choice = None
    if found:
        # same case only: 'b' and the Cyrillic capital soft sign 'Ь' are listed as
        # confusable, but folding one into the other would change the word
        candidates = [h["c"] for h in found[0]["homoglyphs"]
                      if len(h["c"]) == 1 and categories.alias(h["c"]) == script
                      and h["c"].isupper() == c.isupper() and h["c"].islower() == c.islower()]
        if candidates:
            choice = min(candidates, key=lambda h: (
                not h.isascii(), unicodedata.normalize("NFKC", h) != h, ord(h)))
    _HOMOGLYPH[key] = choice
    return choice


def _script_edits(text: str) -> list[_Edit]:
    if text.isascii():
        return []
    edits: list[_Edit] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        names = {_name_script(c) for c in word}
        names.discard("")
        if len(names) < 2:
            continue
        edits += _fold_word(word, m.start())
    return edits


def _fold_word(word: str, at: int) -> list[_Edit]:
    from confusable_homoglyphs import categories

    scripts = [categories.alias(c) if c.isalpha() else "" for c in word]
    counts: dict[str, int] = {}
    for s in scripts:
        if s:
            counts[s] = counts.get(s, 0) + 1
    if len(counts) < 2:
        return []
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] == ranked[1]:
        return []
    majority = max(counts, key=counts.__getitem__)
    if majority not in _FOLDABLE:
        return []
    edits: list[_Edit] = []
    for i, (c, s) in enumerate(zip(word, scripts, strict=True)):
        if s and s != majority and s in _FOLDABLE:
            rep = _homoglyph(c, majority)
            if rep is not None:
                edits.append((at + i, at + i + 1, rep))
    return edits


def skeleton(text: str) -> tuple[str, list[int]]:
    """``text`` folded for finding a name in it whatever its writing: lower case (Unicode
    case folding), without accents (NFKD, combining marks dropped), and every Cyrillic or
    Greek letter that is a homoglyph of a Latin one folded to it, as the reader folds a
    mixed-script word (``Bаbayeva`` with a Cyrillic ``а`` and ``BABAYEVA`` both give
    ``babayeva``); with, for each character of the result, the index in ``text`` of the
    character it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        folded = c.casefold()
        if not c.isascii():
            folded = "".join(_skeleton_char(d) for d in folded)
        for d in folded:
            out.append(d)
            where.append(i)
    return "".join(out), where


@functools.cache
def _skeleton_char(c: str) -> str:
    if _name_script(c) in ("CYRILLIC", "GREEK"):
        c = _homoglyph(c, "LATIN") or c
    return "".join(d for d in unicodedata.normalize("NFKD", c)
                   if not unicodedata.combining(d)).casefold()


# 4. words hyphenated across a line break

_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])[-\u2010][ \t]*\n[ \t]*(?=[^\W\d_])")


def _hyphen_edits(text: str) -> list[_Edit]:
    return [(m.start(), m.end(), "") for m in _HYPHEN_BREAK.finditer(text)
            if text[m.start() - 1].islower() and text[m.end()].islower()]


def build_text(original: str, *, path: str | None = None, format: str = "txt",
               encoding: str | None = None) -> Text:
    """Normalise ``original`` (see the module docstring) and return its :class:`Text`.

    The same string always gives the same text, offsets and sha256.
    """
    n = len(original)
    return build_mapped_text(original, original, list(range(n)), list(range(1, n + 1)),
                             path=path, format=format, encoding=encoding)


def build_mapped_text(extracted: str, original: str, starts: list[int], ends: list[int], *,
                      path: str | None = None, format: str = "txt",
                      encoding: str | None = None) -> Text:
    """Normalise ``extracted`` and return its :class:`Text`, mapped into ``original``.

    For text an extractor took out of a source (HTML): ``starts[i]`` and ``ends[i]``
    bound the source in ``original`` of ``extracted[i]`` and must be non-decreasing.
    The lists may be modified.
    """
    if len(starts) != len(extracted) or len(ends) != len(extracted):
        raise ValueError("starts and ends must have one entry per extracted character")
    text = extracted
    edits = _char_edits(text)
    if edits:
        text, starts, ends = _apply(text, starts, ends, edits)
    text, starts, ends = _nfc(text, starts, ends)
    for find in (_script_edits, _hyphen_edits):
        edits = find(text)
        if edits:
            text, starts, ends = _apply(text, starts, ends, edits)
    offsets = (*starts, len(original))
    return Text(text=text, original=original, offsets=offsets, ends=tuple(ends),
                path=path, format=format, encoding=encoding)
