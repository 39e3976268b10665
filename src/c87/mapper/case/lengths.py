"""The lengths of sentences and measures an event's quote gives: "probation for three
years", "a two-year sentence", "deux ans de prison", "arresto domiciliario por dos meses".

A length is a number (digits, or a number word of ``numbers.yaml``: "three", "trois",
"tres") before a unit (hours, days, weeks, months, years, in English, French and Spanish),
with more units joined to it ("15 months and 11 days", "un an et demi"). It is a length of
something when a word of one measure (probation, prison, house arrest, detention,
suspension, a ban) stands next to it, after it ("two years in prison") or before it
("probation for three years"); "three years after his arrest" is no length of anything.
Each length is the span of hours it may last, so that lengths written in other units or
words agree: "12 months" and "one year", "3 years" and "three years", "trois ans". The
words are in ``ontology/case-linking.yaml`` (``lengths``).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from c87.mapper.case.names import fold_words, settings
from c87.ontology.data import load


@dataclass(frozen=True)
class Length:
    """A length a quote gives something: what it measures, the hours it may last (the
    least and the most: a month lasts 672 to 744), and how it is written."""

    measure: str
    least: float
    most: float
    text: str

    def agrees(self, other: Length) -> bool:
        """Whether the two may be one length: their spans overlap."""
        return self.least <= other.most and other.least <= self.most


@dataclass(frozen=True)
class _Words:
    """The words of ``case-linking.yaml``'s ``lengths``, folded."""

    units: dict[str, tuple[int, int]]
    numbers: dict[str, int]
    measures: tuple[tuple[tuple[str, ...], str], ...]
    """Each measure's phrases as words, longest first, with the measure they name."""
    before: int
    after: int
    joins: frozenset[str]
    ranges: frozenset[str]
    half: tuple[tuple[str, ...], ...]
    bounds: tuple[tuple[tuple[str, ...], str], ...]
    not_after: tuple[tuple[str, ...], ...]
    not_before: tuple[tuple[str, ...], ...]


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(fold_words(w).split()) for w in words}, key=len, reverse=True))


@functools.cache
def _words() -> _Words:
    data = settings()["lengths"]  # type: ignore[index]
    units = {fold_words(w): tuple(u["hours"]) for u in data["units"].values()
             for w in u["words"]}
    numbers = {fold_words(w): v for w, v in load("numbers")["values"].items()}
    measures = sorted(((p, m) for m, words in data["measures"].items()
                       for p in _phrases(words)), key=lambda x: len(x[0]), reverse=True)
    bounds = sorted(((p, kind) for kind in ("at_least", "at_most", "about")
                     for p in _phrases(data[kind])), key=lambda x: len(x[0]), reverse=True)
    return _Words(units, numbers, tuple(measures), data["window"]["before"],
                  data["window"]["after"], frozenset(fold_words(w) for w in data["joins"]),
                  frozenset(fold_words(w) for w in data["ranges"]),
                  _phrases(data["half"]), tuple(bounds), _phrases(data["not_after"]),
                  _phrases(data["not_before"]))


def _number(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The number that ends at token ``i``, and the token it starts at: ``15``, ``three``,
    ``twenty five``."""
    if not 0 <= i < len(tokens):
        return None
    words = _words()
    token = tokens[i]
    value = int(token) if token.isdigit() else words.numbers.get(token)
    if value is None:
        return None
    tens = words.numbers.get(tokens[i - 1]) if i > 0 else None
    if tens is not None and tens >= 20 and tens % 10 == 0 and 0 < value < 10:
        return tens + value, i - 1
    return value, i


def _starts(tokens: list[str], at: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """The number of tokens of the first of ``phrases`` found at ``at``, or 0."""
    for phrase in phrases:
        if tuple(tokens[at:at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _ends(tokens: list[str], at: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """The number of tokens of the first of ``phrases`` that ends just before ``at``."""
    for phrase in phrases:
        if at >= len(phrase) and tuple(tokens[at - len(phrase):at]) == phrase:
            return len(phrase)
    return 0


@dataclass
class _Span:
    first: int
    last: int
    """The tokens the length is written with, the number to the last unit."""
    least: float
    most: float
    unit: tuple[int, int]


def _span(tokens: list[str], i: int) -> _Span | None:
    """The length whose first unit is token ``i``, with the smaller units joined to it
    ("15 months and 11 days", "un an et demi") and the number before it of a range ("two
    to three years")."""
    words = _words()
    found = _number(tokens, i - 1)
    if found is None or tokens[i] not in words.units:
        return None
    value, first = found
    unit = words.units[tokens[i]]
    span = _Span(first, i, value * unit[0], value * unit[1], unit)
    low = _number(tokens, first - 2)
    if low and first >= 2 and tokens[first - 1] in words.ranges and low[0] < value:
        span.first, span.least = low[1], low[0] * unit[0]  # "two to three years"
    while span.last + 1 < len(tokens):
        half = _starts(tokens, span.last + 1, words.half)
        if half:
            span.least, span.most = span.least + span.unit[0] / 2, span.most + span.unit[1] / 2
            span.last += half
            continue
        nxt, more = span.last + 3, _number(tokens, span.last + 2)
        if (tokens[span.last + 1] in words.joins and more and more[1] == span.last + 2
                and nxt < len(tokens) and words.units.get(tokens[nxt], span.unit) < span.unit):
            unit = words.units[tokens[nxt]]  # a smaller unit: "15 months and 11 days"
            span.least, span.most = span.least + more[0] * unit[0], span.most + more[0] * unit[1]
            span.last, span.unit = nxt, unit
            continue
        break
    return span


def _bounded(tokens: list[str], span: _Span) -> tuple[float, float]:
    """The span of hours, widened by a bound before the number ("more than", "up to") or
    an approximation ("about two years": one to three)."""
    for phrase, kind in _words().bounds:
        if span.first >= len(phrase) and tuple(tokens[span.first - len(phrase):span.first]) \
                == phrase:
            if kind == "at_least":
                return span.least, math.inf
            if kind == "at_most":
                return 0.0, span.most
            return max(span.least - span.unit[0], 0.0), span.most + span.unit[1]
    return span.least, span.most


def _measure(tokens: list[str], span: _Span, previous: int, following: int) -> str | None:
    """What the length measures: a measure's words just after it, else the nearest
    before it, and never past another length (``previous`` is the last token of the one
    before it, ``following`` the first of the next)."""
    words = _words()
    for at in range(span.last + 1, min(span.last + 1 + words.after, following)):
        for phrase, measure in words.measures:
            if tuple(tokens[at:at + len(phrase)]) == phrase:
                return measure
    for end in range(span.first, max(span.first - words.before, previous + 1) - 1, -1):
        for phrase, measure in words.measures:
            begin = end - len(phrase)
            if begin > previous and tuple(tokens[begin:end]) == phrase:
                return measure
    return None


def _spans(tokens: list[str]) -> list[_Span]:
    """Every length of the tokens, in order, less those that are times ("two years
    ago", "il y a deux ans")."""
    words, out, i = _words(), [], 0
    while i < len(tokens):
        span = _span(tokens, i) if i else None
        if span is None:
            i += 1
            continue
        i = span.last + 1
        if not (_starts(tokens, i, words.not_after) or _ends(tokens, span.first,
                                                              words.not_before)):
            out.append(span)
    return out


_TOKEN = re.compile(r"\w+")


def lengths(text: str) -> list[Length]:
    """The lengths of sentences and measures ``text`` gives, in order, each written as
    the text writes it."""
    found = [(m, fold_words(m.group())) for m in _TOKEN.finditer(text)]
    tokens = [t for _, t in found]
    spans = _spans(tokens)
    out = []
    for n, span in enumerate(spans):
        previous = spans[n - 1].last if n else -1
        following = spans[n + 1].first if n + 1 < len(spans) else len(tokens)
        measure = _measure(tokens, span, previous, following)
        if measure is not None:
            least, most = _bounded(tokens, span)
            written = text[found[span.first][0].start():found[span.last][0].end()]
            out.append(Length(measure, least, most, " ".join(written.split())))
    return out


__all__ = ["Length", "lengths"]
