"""Find the cue words of event types (the lexicon in the ontology data) in sentences."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from c87.mapper.wordscan import FirstWords, scan


@dataclass(frozen=True)
class Cue:
    """A cue word of ``type`` found at ``start:end`` of the text."""

    start: int
    end: int
    type: str
    words: str
    lang: str


LANGUAGES = ("en", "fr", "es")
"""The languages the lexicon covers; a letter in another language is read with all."""


@functools.cache
def _lexicon(langs: tuple[str, ...] = LANGUAGES
             ) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One pattern over the cues of ``langs``, and cue (folded) -> (type, language).

    A letter is read with the cues of its own language only, so that a word of another
    language ("eligible" against Spanish "eligi*") proposes no act.
    """
    from c87.ontology import concepts

    table: dict[str, tuple[str, str]] = {}
    for event_type in concepts("event-types"):
        for lang, words in sorted(event_type.cues.items()):
            if lang not in langs:
                continue
            for word in words:
                table.setdefault(_fold(word), (event_type.notation, lang))
    # Longest first, so "house arrest" wins over "arrest"; words may wrap across lines,
    # and a plural -s/-es is allowed after the last word.
    parts = sorted(table, key=len, reverse=True)
    alternation = "|".join(_cue_pattern(p) for p in parts)
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?:s|es)?(?![\w-])", re.IGNORECASE)
    return pattern, table


GAP = "..."
"""In a cue, ``...`` stands for up to five words: "postponing ... strike" matches
"postponing for 60 days the lawful strike"."""


def _cue_pattern(cue: str) -> str:
    parts = [r"\s+".join(_word(w) for w in chunk.split()) for chunk in cue.split(GAP)]
    return r"\s+(?:\S+\s+){0,5}?".join(p for p in parts if p)


def _word(word: str) -> str:
    # "despid*" stands for every form of the verb: despidió, despidieron, despidos.
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word)


@functools.cache
def _gapped(langs: tuple[str, ...]) -> list[tuple[re.Pattern[str], tuple[str, str]]]:
    """Patterns of the cues with a gap, to find which one a match came from."""
    _pattern, table = _lexicon(langs)
    return [(re.compile(_cue_pattern(c) + r"(?:s|es)?", re.IGNORECASE), table[c])
            for c in table if GAP in c or "*" in c]


@functools.cache
def _false_friends() -> re.Pattern[str]:
    """Phrases in which a cue word means no act ("par arrêté": by decree)."""
    from c87.mapper.events import acts_lexicon

    words = sorted(acts_lexicon()["false_friends"], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(_cue_pattern(w) for w in words) + r")(?![\w-])",
                      re.IGNORECASE)


@functools.cache
def _firsts(langs: tuple[str, ...]) -> FirstWords:
    """The words that begin a cue, so that cues are tried only there."""
    return FirstWords.of(_lexicon(langs)[1])


def _fold(words: str) -> str:
    return " ".join(words.casefold().replace("’", "'").split())


def find_cues(text: str, start: int = 0, end: int | None = None,
              language: str | None = None) -> list[Cue]:
    """Every cue in ``text[start:end]``, in order, longest match first where they overlap.

    ``language`` (ISO 639-1) restricts the cues to that language when the lexicon has it.
    """
    langs = (language,) if language in LANGUAGES else LANGUAGES
    pattern, table = _lexicon(langs)
    gapped = _gapped(langs)
    stop = len(text) if end is None else end
    false_friends = [m.span() for m in _false_friends().finditer(text, start, stop)]
    out = []
    for match in scan(pattern, text.replace("’", "'"), _firsts(langs), start, stop):
        folded = _fold(match.group())
        hit = table.get(folded) or table.get(re.sub(r"e?s$", "", folded))
        if hit is None and folded.endswith("s"):
            hit = table.get(folded[:-1])
        if hit is None:
            hit = next((h for p, h in gapped if p.fullmatch(match.group())), None)
        if hit is not None and any(a <= match.start() < b for a, b in false_friends):
            continue
        if hit:
            out.append(Cue(match.start(), match.end(), hit[0], match.group(), hit[1]))
    return out
