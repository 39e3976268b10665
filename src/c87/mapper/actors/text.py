"""The actor finder's view of a text: its tokens, phrase look-ups, the candidates and
entities it builds, and helpers for spans, acronyms and country names.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from c87.mapper.countries import country_names
from c87.ontology import countries, iris
from c87.ontology.data import load


def _upper_class() -> str:
    """A regex character class body of the upper-case letters of Latin, Greek, Cyrillic."""
    ranges: list[tuple[int, int]] = []
    for lo, hi in ((0x41, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF)):
        for cp in range(lo, hi + 1):
            if chr(cp).isupper() or chr(cp).istitle():
                if ranges and ranges[-1][1] == cp - 1:
                    ranges[-1] = (ranges[-1][0], cp)
                else:
                    ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)


UP = _upper_class()


# A capitalised word: "Babayeva", "Al-Farabi", "O'Brien", "Metal-İş".
CAPW = rf"[{UP}]\w*(?:[-‑]\w+)*(?:['’][{UP}]\w*)?"


SP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # white space with at most one line break


QUOTE_OPEN = frozenset('"“«„‘')


QUOTE_CLOSE = frozenset('"”»’')


_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‑": "-", "–": "-"})


_FOLD_PAIRS = tuple((chr(code), str(folded)) for code, folded in _FOLD.items())


def _fold(text: str) -> str:
    """``text`` with its quotes and dashes folded (``_FOLD``), one character for one: as
    ``text.translate(_FOLD)``, and many times faster on a letter."""
    for char, folded in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, folded)
    return text


@functools.lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """The form under which two names count as the same name."""
    text = unicodedata.normalize("NFKC", name).translate(_FOLD)
    return " ".join(text.split()).casefold()


def _squash(text: str) -> str:
    return " ".join(text.split())


def _alt(words: list[str] | frozenset[str] | set[str]) -> str:
    """An alternation of ``words`` (longest first), each space matching any white space."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(SP.join(re.escape(p) for p in w.split()) for w in parts)


def _words_re(words: list[str], *, bound: str = r"\w") -> str:
    """A pattern matching any of ``words`` as whole words (not inside a longer word)."""
    return f"(?<!{bound})(?:{_alt(words)})(?!{bound})"


def slug(value: str) -> str:
    """An actor id made of ``value``: its :func:`~c87.ontology.iris.slug` of at most 60
    characters, words broken where a character has no ASCII form; ``actor`` if empty."""
    return iris.slug(value, 60, breaks=True) or "actor"


@functools.lru_cache(maxsize=1 << 16)
def _acronym_like(word: str) -> bool:
    """Whether ``word`` reads as an acronym: "ITUC", "FTUKg", "DoL", "DİSK-AR", "ITUC-Africa"."""
    if not word or not word[0].isupper() or len(word) > 16:
        return False
    first = word.split("-")[0]
    letters = [c for c in first if c.isalpha()]
    uppers = sum(c.isupper() for c in letters)
    if len(letters) < 2 or uppers < 2 or uppers * 2 < len(letters):
        return False
    return not re.fullmatch(r"[IVXLC]+", first)


_TOKEN = re.compile(
    r"(?P<ws>\s*)(?:(?P<e>(?<!\w)[dDlL]['’](?=\w))|(?P<x>['’]s(?!\w))"
    r"|(?P<w>\w+(?:[-‑]\w+)*(?:(?<=[sS])['’](?!\w))?)|(?P<p>[^\w\s]))")


class _Tok:
    """A word, elision (d' l'), possessive 's or punctuation mark of the text."""

    __slots__ = ("cap", "caps", "end", "kind", "low", "nl", "norm", "start", "text")

    def __init__(self, start: int, end: int, text: str, norm: str, low: str, kind: str,
                 nl: int, caps: bool) -> None:
        self.start, self.end, self.text, self.kind, self.nl = start, end, text, kind, nl
        self.norm = norm  # quotes and dashes folded
        self.low = low  # norm in lower case
        self.caps = caps  # in a line written in capitals (letterheads, subject lines)
        self.cap = kind == "w" and text[0].isupper() and not caps


_NO_UPPER = {cp: None for lo, hi in ((0x41, 0x24F), (0x370, 0x52F)) for cp in range(lo, hi + 1)
             if chr(cp).isupper()}


_NO_LOWER = {cp: None for lo, hi in ((0x61, 0x24F), (0x370, 0x52F)) for cp in range(lo, hi + 1)
             if chr(cp).islower()}


_LOWER_RUN = re.compile(r"[a-zà-ÿ]{3,}")


@functools.lru_cache(maxsize=1 << 14)
def _phrase_words(phrase: str, fold: bool) -> tuple[str, ...]:
    """The tokens of ``phrase`` as :class:`_Tok` would read them (lower case if ``fold``)."""
    words = tuple(m.group().translate(_FOLD) for m in _TOKEN.finditer(phrase)
                  if m.lastgroup != "ws")
    words = tuple(w.strip() for w in words if w.strip())
    return tuple(w.lower() for w in words) if fold else words


_PHRASE_END = ""  # the key of a phrase's payload (no token is empty)


class _PhraseIndex:
    """Phrases looked up by their first token: leftmost-longest matches over a token list.

    Scanning the tokens once with a dictionary is far faster than one regular expression
    with hundreds of alternatives tried at every character. The phrases are a tree of
    dictionaries, one level a token, so that the longest phrase at a token is found by
    walking on from it as far as the tree goes (not by trying each phrase in turn). Of two
    phrases with the same tokens the first given keeps its payload.
    """

    def __init__(self, phrases: list[tuple[str, Any]], fold: bool) -> None:
        self.fold = fold
        self.first: dict[str, dict[str, Any]] = {}
        for phrase, payload in phrases:
            words = _phrase_words(phrase, fold)
            if not words:
                continue
            node = self.first.setdefault(words[0], {})
            for word in words[1:]:
                node = node.setdefault(word, {})
            node.setdefault(_PHRASE_END, (payload,))

    def match(self, toks: list[_Tok], i: int) -> tuple[int, Any] | None:
        """(index of the last token, payload) of the longest phrase starting at token i."""
        fold = self.fold
        node = self.first.get(toks[i].low if fold else toks[i].norm)
        best = None
        k, n = i, len(toks)
        while node is not None:
            end = node.get(_PHRASE_END)
            if end is not None:
                best = (k, end[0])
            k += 1
            if k >= n or toks[k].nl > 1:
                break
            node = node.get(toks[k].low if fold else toks[k].norm)
        return best

    def scan(self, toks: list[_Tok], start: int = 0,
             where: dict[str, list[int]] | None = None) -> list[tuple[int, int, Any]]:
        """Non-overlapping (first, last token, payload) matches, leftmost-longest.

        ``where`` maps each token form (lower case if this index folds case) to the indexes
        of the tokens of that form, so only tokens that can start a phrase are tried.
        """
        if where is None:
            where = {}
            for i, t in enumerate(toks):
                where.setdefault(t.low if self.fold else t.norm, []).append(i)
        starts = sorted(i for key in self.first.keys() & where.keys() for i in where[key]
                        if i >= start)
        out = []
        after = -1
        for i in starts:
            if i <= after:
                continue
            hit = self.match(toks, i)
            if hit is not None:
                out.append((i, hit[0], hit[1]))
                after = hit[0]
        return out


def _line_matches(pattern: re.Pattern[str], needle: re.Pattern[str],
                  text: str) -> list[re.Match[str]]:
    """``pattern.finditer(text)``, searched only in the lines that hold a match of
    ``needle``: the same matches when no match of ``pattern`` spans a line break and every
    one holds a match of ``needle`` (which spans no line break either)."""
    out: list[re.Match[str]] = []
    end = -1
    for hit in needle.finditer(text):
        if hit.start() <= end:
            continue  # a line already searched
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.start())
        end = len(text) if end < 0 else end
        out.extend(pattern.finditer(text, start, end))
    return out


@dataclass(eq=False)
class _Ent:
    """An actor while it is being found (merged entities point to their survivor)."""

    name: str
    kind: str
    rule: str
    names: list[str] = field(default_factory=list)
    gid: str | None = None  # gazetteer or generic id
    acronym: str | None = None
    honorific: str | None = None
    tokens: tuple[str, ...] = ()  # a person's name words
    positions: list[tuple[str, _Ent | None]] = field(default_factory=list)
    member_of: list[_Ent] = field(default_factory=list)
    country: str | None = None
    into: _Ent | None = None
    group_key: str | None = None

    def root(self) -> _Ent:
        ent = self
        while ent.into is not None:
            ent = ent.into
        return ent


@dataclass
class _Cand:
    start: int
    end: int
    ent: _Ent
    prio: int  # higher wins when two candidates have the same length
    alias: bool = True  # the words are a name of the actor (False: a back-reference)


_ROMANCE = frozenset({"fr", "es", "pt", "it"})


def _words(key: str) -> frozenset[str]:
    return frozenset(load("lexicon")[key])


_OF = _words("of_words")


_MANAGEMENT_WORDS = _words("management_words")


_MANAGEMENT_OF = re.compile(
    rf"(?i:{_alt(_MANAGEMENT_WORDS)})[ \t]+(?:of|de|du|del)[ \t]+"
    rf"(?:(?i:the|la|el|le|l['’])[ \t]*)?"
    rf"(?P<name>{CAPW}(?:[ \t]+(?:(?:de|del|of|and)[ \t]+)?{CAPW}){{0,5}})")


_UNION_WORDS = _words("union_words")


_QUOTED_UNION = re.compile(
    rf"(?<![\w-])(?P<head>(?i:trade\s+union|{_alt(_UNION_WORDS)}))"
    rf"\s*,?\s*(?:(?i:{_alt(_words('naming_words'))})\s+)?"
    r"[\"“«]\s*(?P<q>[^\"”»\n]{2,50}?)\s*[\"”»]")


_QUOTES_OPEN = ('"', "“", "«")  # one of them is in every match of _QUOTED_UNION


_DETS = _words("determiners")


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start:end overlaps one of ``spans`` (sorted by start)."""
    i = bisect.bisect_left(spans, (end, -1))
    return any(e > start for s, e in spans[max(0, i - 8):i])


_PP = re.compile(r"[ \t]*\n?[ \t]+(?:of|from|de|del|des|du|d['’])[ \t]*\n?[ \t]*(?P<article>)"
                 r"(?:(?:the|our|its|their|la|le|les|el|los|las|l['’])[ \t]*\n?[ \t]*)?")


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start:end lies inside one of ``spans`` (sorted by start)."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    return any(s <= start and end <= e for s, e in reversed(spans[max(0, i - 8):i]))


def _variant(word: str, acronym: str) -> bool:
    """Whether the undefined acronym ``word`` may be a variant of the defined ``acronym``."""
    if word == acronym or word[0].upper() != acronym[0].upper():
        return False
    if acronym.startswith(word) or word.startswith(acronym):
        return True
    caps_w = [c for c in word if c.isupper()]
    caps_a = [c for c in acronym if c.isupper()]
    tail_w = re.search(r"[a-zà-ÿ]+$", word)
    tail_a = re.search(r"[a-zà-ÿ]+$", acronym)
    if tail_w and tail_a and tail_w.group() != tail_a.group():
        return False
    return bool(caps_w and caps_a) and caps_w[-1] == caps_a[-1] and len(caps_w) >= 2


def acronym_start(acronym: str, words: list[str], caps: list[bool],
                  skips: frozenset[str] | set[str]) -> int | None:
    """Where, in ``words`` (the words before "(ACR)"), the name ``acronym`` abbreviates starts.

    The best of :func:`acronym_starts`: the start that leaves out fewest words, then the
    nearest; None when no start spells the acronym.
    """
    results = acronym_starts(acronym, words, caps, skips)
    return min(results, key=lambda r: (r[0], -r[1]))[1] if results else None


def acronym_starts(acronym: str, words: list[str], caps: list[bool],
                   skips: frozenset[str] | set[str]) -> list[tuple[float, int]]:
    """Every (cost, start) in ``words`` from which the name ``acronym`` abbreviates can run.

    Each word of the name gives the acronym its first letter and possibly more of its
    letters in order ("FEderación COlombiana DE ..." is FECODE, "Kyrgyzstan" gives the
    "Kg" of FTUKg); connector words (of, de, la, to ...) may give letters ("DoL": Department
    of Labour) or none. The name must start with a capitalised word that gives the
    acronym's first letter, and run to the word before the parenthesis: up to two words
    inside it and four at its end may give no letter. The cost counts the words that give
    no letter (half for the words at the end); starts costing more than 3 are left out.
    """
    letters = [c.casefold() for c in acronym if c.isalnum()]
    if len(letters) < 2 or not words:
        return []
    n = len(words)
    folded = [w.casefold() for w in words]
    skip = [w in skips for w in folded]
    memo: dict[tuple[int, int], float] = {}

    def cost(i: int, j: int) -> float:
        """Least cost to spell letters[i:] with words[j:]."""
        if i == len(letters):
            trailing = sum(1 for k in range(j, n) if not skip[k])
            return 0.5 * trailing if trailing <= 4 else float("inf")
        if j == n:
            return float("inf")
        key = (i, j)
        if key in memo:
            return memo[key]
        best = cost(i, j + 1) + (0 if skip[j] else 1)
        w = folded[j]
        if w and w[0] == letters[i]:
            # take letters[i], then further letters as an in-order subsequence of w
            k, pos = i + 1, 1
            best = min(best, cost(k, j + 1))
            while k < len(letters):
                found = w.find(letters[k], pos)
                if found < 0:
                    break
                pos, k = found + 1, k + 1
                best = min(best, cost(k, j + 1) + (0.25 if found > k else 0))
        memo[key] = best
        return best

    results = []
    for s in range(n - 1, -1, -1):
        if caps[s] and folded[s][:1] == letters[0] and not skip[s]:
            c = cost(0, s)
            if c <= 3:
                results.append((c, s))
    return results


@functools.lru_cache(maxsize=1 << 12)
def countries_in(name: str) -> tuple[str, ...]:
    """ISO codes of the countries ``name`` names ("... of Kyrgyzstan" -> ("KG",)).

    Looks the name's word sequences up in the country names of
    :func:`c87.mapper.countries.country_names`, longest first; far cheaper than a
    pattern over every country name for the short names of actors.
    """
    names = country_names()
    words = re.findall(r"[\w'’.-]+", name)
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in (5, 4, 3, 2, 1):
            code = names.get(" ".join(words[i:i + size])) if i + size <= len(words) else None
            if code:
                found.append(code)
                i += size
                break
        else:
            i += 1
    return tuple(found)


def country_name(code: str) -> str:
    """The short English name of the country with ISO code ``code`` ("Micronesia"), as
    letters write it (:func:`c87.ontology.countries.country_name`)."""
    return countries.country_name(code, short=True)
