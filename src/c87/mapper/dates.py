"""Find the dates a letter states, in the forms letters use, with their spans.

Forms read: ``18/06/2020``, ``18.06.2020``, ``2020-06-18``, ``18 June 2020``,
``June 18, 2020``, ``18th of June 2020``, ``le 12 mai 2022``, ``5 de abril de 2021``,
lists of days sharing a month (``On 2 and 9 March 2023``, ``26 April and 29 October
2019``), month and year (``February 2020``), a month alone (``From February``), and a
year alone (``in 1992``). Month names come from the CLDR data that Babel ships, for the
languages in :data:`LANGUAGES`, so nothing here is specific to one letter.

A mention without a year gets it from context: the next mention in the same phrase
(``26 April and 29 October 2019``), else the caller's ``default_year`` (the letter's);
such mentions are marked ``year_inferred``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from babel.dates import get_day_names, get_month_names

from c87.mapper.wordscan import FirstWords, scan
from c87.ontology.data import load

LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "ru")

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class DateMention:
    """A date stated in the text: ``value`` is ISO 8601 at ``precision``."""

    start: int
    end: int
    value: str
    precision: Precision
    year_inferred: bool = False
    relative: bool = False  # said relative to the letter's date ("yesterday", "last week")

    @property
    def date(self) -> dt.date:
        """The first day the mention covers."""
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name.casefold().rstrip("."))


@functools.cache
def month_names() -> dict[str, int]:
    """Every month name and abbreviation of :data:`LANGUAGES`, folded, to its number."""
    names: dict[str, int] = {}
    for lang in LANGUAGES:
        for width in ("wide", "abbreviated") if lang in ("en", "fr", "es") else ("wide",):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=lang).items():
                    folded = _fold(name)
                    if len(folded) >= 3 and folded not in _NOT_MONTHS:
                        names.setdefault(folded, number)
    # Common English abbreviations CLDR does not list.
    names.update({"sept": 9, "febr": 2})
    return names


@functools.cache
def _wide_names() -> frozenset[str]:
    return frozenset(_fold(n) for lang in LANGUAGES
                     for n in get_month_names("wide", "format", locale=lang).values())


def _alternation(names: frozenset[str] | list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


# Abbreviations that are also common words ("two days ago").
_NOT_MONTHS = frozenset({"ago", "set", "out"})

_ORD = r"(?:st|nd|rd|th|er|º|°)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_LINK = (r"(?:\s*(?:,|&|-|–|/)\s*|\s+(?:and|et|y|e|und|to|au|al|and\s+on)\s+"
         r"(?:the\s+|le\s+|el\s+)?)")


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    month = _alternation(list(month_names()))
    flags = re.IGNORECASE
    m = rf"(?P<month>{month})\.?"
    year = r"(?P<year>\d{4})"
    return {
        # 2020-07-30 · 2012/4/20 (web pages' "Posted" lines)
        "iso": re.compile(
            r"\b(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})\b"),
        # 29.04.16 · 08/11/09 at the start of a line: a web page's date line, day first
        "numeric_short": re.compile(
            r"(?m)^[ \t]*(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{2})"
            r"(?![\d./])"),
        "numeric": re.compile(
            r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})\b"),
        # 26 April 2019 · 2 and 9 March 2023 · 5 de abril de 2021 · 18th of June, 2020
        "day_month": re.compile(
            rf"\b(?P<days>{_DAY}{_ORD}(?:{_LINK}{_DAY}{_ORD})*)\s*(?:of\s+|de\s+)?{m}"
            rf"(?:,?\s*(?:de\s+|del\s+|of\s+)?{year})?(?![\w])", flags),
        # June 18, 2020 · June 18 · March 2 and 9, 2023
        "month_day": re.compile(
            rf"\b{m}\s+(?P<days>{_DAY}{_ORD}(?:{_LINK}{_DAY}{_ORD})*)(?![\d\w])"
            rf"(?:,?\s+{year})?", flags),
        # February 2020 · février 2020 · febrero de 2020
        "month_year": re.compile(rf"\b{m}\s*,?\s*(?:de\s+|del\s+|of\s+)?{year}\b", flags),
        "year": re.compile(r"(?<![\d/.-])(?P<year>1[89]\d\d|20\d\d)(?![\d/]|-\d)"),
    }


@functools.cache
def _month_alone() -> re.Pattern[str]:
    # A month named alone: capitalised in English and German, after a preposition in
    # the Romance languages; "may" and "march" as verbs are left alone by both rules.
    wide = _alternation(_wide_names())
    preps = "|".join(re.escape(p) for p in _PREPOSITIONS)
    return re.compile(rf"\b(?:{preps})\s+(?P<month>{wide})\b(?!\s*\d)", re.IGNORECASE)


_PREPOSITIONS = ("from", "since", "until", "till", "in", "by", "before", "after", "early",
                 "late", "mid", "depuis", "desde", "hasta", "jusqu'en", "en", "de", "a", "à",
                 "em", "im", "seit", "bis")


def _date_value(year: int, month: int, day: int | None) -> str | None:
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


@functools.cache
def _month_firsts() -> FirstWords:
    return FirstWords.of(month_names())


@functools.cache
def _preposition_firsts() -> FirstWords:
    return FirstWords.of(_PREPOSITIONS)


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Every date mention in ``text``, in text order, without overlaps.

    Longer, more precise forms win over the shorter forms they contain.
    """
    return _fill_years(text, list(_scan_dates(text)), default_year)


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` states a date with its year (read once per text)."""
    return [(m.start, m.end) for m in _scan_dates(text) if not m.year_inferred]


# The mentions one form gives at a place of the text: (mentions, start, end).
_Reading = tuple[list[DateMention], int, int]


@functools.lru_cache(maxsize=4)
def _scan_dates(text: str) -> tuple[DateMention, ...]:
    """The mentions of ``text`` before years are filled in (read once per text).

    The forms are read longest and most precise first; a form's mentions are kept only
    where no earlier form found one.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for readings in (_iso_dates(text), _numeric_dates(text), _day_month_dates(text),
                     _month_years(text), _months_alone(text), _years(text)):
        for mentions, start, end in readings:
            if mentions and all(end <= s or start >= e for s, e in taken):
                found.extend(mentions)
                taken.append((start, end))
    found.sort(key=lambda d: (d.start, d.value[-2:] if d.precision == "day" else ""))
    return tuple(found)


def _iso_dates(text: str) -> Iterator[_Reading]:
    """2020-07-30, 2012/4/20."""
    for match in _patterns()["iso"].finditer(text):
        value = _date_value(int(match["year"]), int(match["month"]), int(match["day"]))
        if value:
            yield [DateMention(match.start(), match.end(), value, "day")], *match.span()


def _numeric_dates(text: str) -> Iterator[_Reading]:
    """18/06/2020, 18.06.2020, and 29.04.16 at the start of a line: day first."""
    pats = _patterns()
    for match in [*pats["numeric"].finditer(text), *pats["numeric_short"].finditer(text)]:
        a, b = int(match["a"]), int(match["b"])
        day, month = (a, b) if b <= 12 else (b, a)  # day first, as letters outside the US
        year = int(match["year"])
        year += 0 if year >= 100 else (2000 if year < 50 else 1900)
        value = _date_value(year, month, day)
        if value:
            yield [DateMention(match.start(), match.end(), value, "day")], *match.span()


def _day_month_dates(text: str) -> Iterator[_Reading]:
    """26 April 2019, 2 and 9 March 2023, June 18, 2020: one mention per day named."""
    months, pats = month_names(), _patterns()
    for key in ("day_month", "month_day"):
        found_in = (pats[key].finditer(text) if key == "day_month"
                    else scan(pats[key], text, _month_firsts()))
        for match in found_in:
            month = months.get(_fold(match["month"]))
            if month is None or not _plausible_month_word(match["month"], text, match):
                continue
            days = [int(d) for d in re.findall(r"\d+", match["days"])]
            year = int(match["year"]) if match["year"] else None
            mentions = []
            for day in days:
                value = _date_value(year or 2000, month, day)
                if value:
                    mentions.append(DateMention(match.start(), match.end(),
                                                value if year else value[5:], "day",
                                                year_inferred=year is None))
            yield mentions, *match.span()


def _month_years(text: str) -> Iterator[_Reading]:
    """February 2020, février 2020, febrero de 2020."""
    months = month_names()
    for match in scan(_patterns()["month_year"], text, _month_firsts()):
        month = months.get(_fold(match["month"]))
        if month and _plausible_month_word(match["month"], text, match):
            value = _date_value(int(match["year"]), month, None)
            if value:
                yield [DateMention(match.start(), match.end(), value, "month")], *match.span()


def _months_alone(text: str) -> Iterator[_Reading]:
    """A month after a preposition ("From February"), its year to be filled in."""
    months = month_names()
    for match in scan(_month_alone(), text, _preposition_firsts()):
        word = match["month"]
        if word[0].islower() and _fold(word) in _ENGLISH_AMBIGUOUS:
            continue
        month = months.get(_fold(word))
        if month:
            start, end = match.span("month")
            yield [DateMention(start, end, f"{month:02d}", "month", year_inferred=True)], start, end


def _years(text: str) -> Iterator[_Reading]:
    """A year alone: "in 1992"."""
    for match in _patterns()["year"].finditer(text):
        yield [DateMention(match.start(), match.end(), match["year"], "year")], *match.span()


_ENGLISH_AMBIGUOUS = frozenset({"may", "march", "august"})


def _plausible_month_word(word: str, text: str, match: re.Match[str]) -> bool:
    """Reject "may"/"march" used as verbs: a lower-case one must sit beside a year."""
    return not (word[0].islower() and _fold(word) in _ENGLISH_AMBIGUOUS
                and not match.groupdict().get("year"))


def _fill_years(text: str, found: list[DateMention],
                default_year: int | None) -> list[DateMention]:
    """Give yearless mentions a year: from the next mention in the same phrase ("4 March,
    2 May and 9 October 2019": all three are 2019's), else default."""
    out: list[DateMention] = []
    for i, mention in enumerate(found):
        if not mention.year_inferred:
            out.append(mention)
            continue
        year = None
        last = mention
        for later in found[i + 1:]:
            gap = text[last.end:later.start]
            if later.start >= last.end and len(gap) <= 12 and re.fullmatch(
                    rf"{_LINK}|\s+(?:and|to|until|till|through|au|al|à|a|hasta)\s+", gap):
                if not later.year_inferred:
                    year = later.value[:4]
                    out.append(replace(mention, value=f"{year}-{mention.value}",
                                       year_inferred=False))
                    break
                last = later  # a yearless link of the chain: look further
                continue
            if later.start > last.end:
                break
        if year is None:
            if default_year is None:
                continue
            out.append(replace(mention, value=f"{default_year:04d}-{mention.value}"))
    return out


@functools.cache
def weekday_names() -> dict[str, int]:
    """The weekday names of English, French and Spanish, lower case, to their number
    (Monday 0), from the CLDR data of babel."""
    return {name.lower(): number for lang in ("en", "fr", "es")
            for number, name in get_day_names("wide", "format", locale=lang).items()}


def number_value(word: str) -> int | None:
    """The value of a number word ("two", "deux", "dos"), from ``ontology/numbers.yaml``."""
    return load("numbers")["values"].get(word.lower())


_RELATIVE = re.compile(
    r"\b(?:(?P<day2>the\s+day\s+before\s+yesterday|avant-hier|anteayer)"
    r"|(?P<yesterday>yesterday|hier|ayer)"
    r"|(?P<today>today|this\s+morning|earlier\s+today|aujourd'hui|ce\s+matin|hoy|esta\s+mañana)"
    r"|(?P<lastweek>last\s+week|la\s+semaine\s+dernière|la\s+semana\s+pasada)"
    r"|(?P<lastmonth>last\s+month|le\s+mois\s+dernier|el\s+mes\s+pasado)"
    r"|(?P<thismonth>earlier\s+this\s+month|this\s+month|ce\s+mois-ci|este\s+mes)"
    r"|(?P<lastyear>last\s+year|l'année\s+dernière|el\s+año\s+pasado)"
    r"|(?P<n>\d+|one|two|three|four|five|six|seven|ten|a|an)\s+(?P<unit>days?|weeks?|months?)"
    r"\s+ago"
    r"|(?:il\s+y\s+a|hace)\s+(?P<n2>\d+|deux|trois|dos|tres|un|une|uno|una)\s+"
    r"(?P<unit2>jours?|semaines?|mois|días?|semanas?|meses|mes)"
    r"|(?:on|last|le|el)\s+(?P<weekday>" + "|".join(weekday_names()) + r")(?!\s*,?\s*\d))\b",
    re.IGNORECASE)


def says_relative_date(text: str) -> bool:
    """``text`` names a day relative to the letter ("yesterday", "last week"), which can be
    dated only when the letter is. "Today" alone is not counted: letters mostly mean
    "nowadays" by it ("that is not guaranteed in Kyrgyzstan today")."""
    return any(match["today"] is None for match in _RELATIVE.finditer(text))


def find_relative_dates(text: str, anchor: dt.date, *, news: bool = False
                        ) -> list[DateMention]:
    """Dates said relative to the letter's date ``anchor``, each marked ``relative``.

    "yesterday" is the day before the letter; "last week" the day a week before it;
    "last month" the month before; "on Monday" the last Monday before the letter, or, in
    a news report or press release (``news``), the day itself when it is a Monday: news
    copy names the day of the week of anything in the past seven days, that day
    included ("A court sent him to house arrest on Wednesday", in a report of Wednesday).
    """
    out = []
    for match in _RELATIVE.finditer(text):
        kind = next(k for k, v in match.groupdict().items() if v is not None)
        value: str
        precision: Precision = "day"
        if kind == "day2":
            value = (anchor - dt.timedelta(days=2)).isoformat()
        elif kind == "yesterday":
            value = (anchor - dt.timedelta(days=1)).isoformat()
        elif kind == "today":
            value = anchor.isoformat()
        elif kind == "lastweek":
            value = (anchor - dt.timedelta(days=7)).isoformat()
        elif kind in ("lastmonth", "thismonth"):
            first = anchor.replace(day=1)
            month = first - dt.timedelta(days=1) if kind == "lastmonth" else first
            value, precision = month.isoformat()[:7], "month"
        elif kind == "lastyear":
            value, precision = f"{anchor.year - 1:04d}", "year"
        elif kind == "weekday":
            back = (anchor.weekday() - weekday_names()[match["weekday"].lower()]) % 7
            if not (news and match.group().lower().startswith(("on ", "le ", "el "))):
                back = back or 7  # "last Monday", and a letter's "on Monday": a week back
            value = (anchor - dt.timedelta(days=back)).isoformat()
        else:
            raw = (match["n"] or match["n2"]).lower()
            n = int(raw) if raw.isdigit() else (number_value(raw) or 1)
            unit = (match["unit"] or match["unit2"]).lower()
            if unit.startswith(("day", "jour", "día", "dia")):
                value = (anchor - dt.timedelta(days=n)).isoformat()
            elif unit.startswith(("week", "semaine", "semana")):
                value = (anchor - dt.timedelta(weeks=n)).isoformat()
            else:
                month_index = anchor.year * 12 + anchor.month - 1 - n
                value, precision = f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
        out.append(DateMention(match.start(), match.end(), value, precision, relative=True))
    return out
