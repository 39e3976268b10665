"""Find the states a letter names, by the ISO 3166 names pycountry ships in several languages."""

from __future__ import annotations

import functools
import gettext
import re
from collections import Counter
from dataclasses import dataclass

import pycountry

from c87.mapper.wordscan import FirstWords, scan
from c87.ontology.data import load

# Languages whose country names are matched (pycountry ships the translations).
NAME_LANGUAGES = ("fr", "es", "pt", "de", "ru")


@functools.cache
def _data() -> dict:
    return load("countries")


@dataclass(frozen=True)
class CountryMention:
    start: int
    end: int
    code: str


@functools.cache
def country_names() -> dict[str, str]:
    """Country name (as written) -> ISO 3166-1 alpha-2 code."""
    names: dict[str, str] = {}
    translations = []
    for lang in NAME_LANGUAGES:
        try:
            translations.append(gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    names.update(_data()["ambiguous"])
    for country in pycountry.countries:
        english = [country.name, getattr(country, "common_name", None),
                   getattr(country, "official_name", None)]
        for name in filter(None, english):
            variants = [name] + [t.gettext(name) for t in translations]
            for variant in variants:
                # "Iran, Islamic Republic of" is written "Iran" in letters.
                for form in {variant, variant.split(",")[0].split(" (")[0]}:
                    form = form.strip()
                    if len(form) > 3 and form not in _data()["uncounted"]:
                        names.setdefault(form, country.alpha_2)
    names.update(_data()["common_names"])
    for word, code in _data()["pointers"].items():
        names.setdefault(word, code)
    return names


@functools.cache
def _pattern() -> re.Pattern[str]:
    names = sorted(country_names(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


@functools.cache
def _firsts() -> FirstWords:
    return FirstWords.of(country_names(), fold=False)


def find_countries(text: str) -> list[CountryMention]:
    """Every mention of a country name in ``text``, in order."""
    names = country_names()
    return [CountryMention(m.start(), m.end(), names[m.group()])
            for m in scan(_pattern(), text, _firsts(), fold=False)]


def country_concerned(text: str, body_start: int = 0) -> CountryMention | None:
    """The state the letter is about: the country named most often from ``body_start``.

    Letterheads (before ``body_start``) name the sender's seat, not the state concerned, so
    mentions there count only when the body names no country. Ties go to the first named.
    """
    mentions = find_countries(text)
    body = [m for m in mentions if m.start >= body_start] or mentions
    if not body:
        return None
    counts: Counter[str] = Counter()
    half = set(_data()["ambiguous"]) | set(_data()["pointers"])
    for m in body:
        # A name that is also a given name or a US state counts half, and so does a word
        # that only points to a state (its people, its capital).
        counts[m.code] += 0.5 if text[m.start:m.end] in half else 1
    best = max(counts.values())
    return next(m for m in body if counts[m.code] == best)
