"""Stage 1 of the mapper: the words of a text, each with its offsets and its lemmas.

A cue of the lexicon is written once, as a lemma ("shoot", "arrêter", "detener"), and
matches every inflection of it ("shot", "arrêtés", "detenidos"). English words are
lemmatised with ``lemminflect`` (its dictionary, then its rules for unknown words);
French and Spanish words with ``simplemma``, and, because simplemma leaves many past
participles as they are ("arrêté", "detenido"), with the participle table of
``ontology/lemmas.yaml``.

A token's ``lemmas`` hold its lower-case form, every lemma it may have, and each lemma
with the part of speech it has under that reading (``shoot/VERB``), so that a cue can
ask for one part of speech where it matters.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import lemminflect
import simplemma

from c87.ontology.data import load

_WORD = re.compile(r"\w+(?:-\w+)*")
POS = ("VERB", "NOUN", "ADJ")


@dataclass(slots=True)
class Token:
    """A word of the text at ``start:end``."""

    start: int
    end: int
    lower: str
    lemmas: frozenset[str]
    future: bool = False  # a French or Spanish future or conditional form

    def inflected(self, lemma: str) -> bool:
        """Whether this word is a form of ``lemma`` other than the lemma itself."""
        return self.lower != lemma and lemma in self.lemmas


@dataclass(frozen=True)
class Tokens:
    """The tokens of one text, searchable by offset."""

    items: tuple[Token, ...]
    starts: tuple[int, ...]

    def between(self, start: int, end: int) -> tuple[int, int]:
        """Indexes ``i:j`` of the tokens that lie within ``start:end``."""
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)


@functools.cache
def _participles() -> dict[str, dict]:
    return load("lemmas")["participles"]


@functools.cache
def _future_endings(language: str) -> tuple[str, ...]:
    return tuple(load("lemmas")["future_endings"].get(language, ()))


@functools.lru_cache(maxsize=65536)
def lemmas_of(word: str, language: str) -> frozenset[str]:
    """The lemmas ``word`` (lower case) may have in ``language``, with their parts of speech."""
    out = {word}
    if language == "en":
        readings = dict(lemminflect.getAllLemmas(word))
        if not readings and word.isalpha():
            for pos in ("VERB", "NOUN"):
                readings.update(lemminflect.getAllLemmasOOV(word, pos))
        for pos, lemmas in readings.items():
            for lemma in lemmas:
                lemma = lemma.lower()
                out.add(lemma)
                out.add(f"{lemma}/{pos}")
        return frozenset(out)
    if language in ("fr", "es"):
        out.add(simplemma.lemmatize(word, lang=language).lower())
        table = _participles().get(language, {})
        irregular = table.get("irregular", {}).get(word)
        if irregular:
            out.add(irregular)
        for suffix, replacements in table.get("suffixes", {}).items():
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                out.update(word[: -len(suffix)] + r for r in replacements)
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def past_form(word: str, unless: frozenset[str] = frozenset()) -> bool:
    """``word`` (lower case) is the simple past or past participle of an English verb,
    irregular ones included ("met", "went", "held", "shot", "taken", "beat"), unless the
    verb is one of ``unless`` (lemmas)."""
    for lemma in lemminflect.getAllLemmas(word).get("VERB", ()):
        if lemma in unless:
            continue
        simple_past = set(lemminflect.getInflection(lemma, "VBD"))
        forms = simple_past | set(lemminflect.getInflection(lemma, "VBN"))
        # "beat", "hit", "cut": a past the same as the verb itself counts too.
        if word in forms and (word != lemma or lemma in simple_past):
            return True
    return False


@functools.lru_cache(maxsize=8)
def tokenize(text: str, language: str) -> Tokens:
    """The tokens of ``text`` read as ``language`` (``en``, ``fr``, ``es``)."""
    items = []
    future = _future_endings(language)
    for match in _WORD.finditer(text.replace("’", "'")):
        lower = match.group().casefold()
        items.append(Token(match.start(), match.end(), lower, lemmas_of(lower, language),
                           len(lower) > 5 and lower.endswith(future)))
    return Tokens(tuple(items), tuple(t.start for t in items))
