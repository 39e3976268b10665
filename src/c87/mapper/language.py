"""Guess the language a letter is written in (py3langid's model ships with the package)."""

from __future__ import annotations

import functools
import re
from typing import Any

from py3langid.langid import _load_identifier

from c87.ontology.data import load

# The languages letters of the genre are written in; restricting the model to them makes
# short letters far less likely to be mistaken for a neighbouring language.
LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "ru", "ar", "tr", "id", "nl", "pl", "uk",
             "ky", "kk", "be", "ko", "ja", "zh", "th", "vi", "km", "my", "fa", "sw")


@functools.cache
def _identifier() -> Any:
    return _load_identifier(norm_probs=True, langs=list(LANGUAGES))


@functools.cache
def _markers() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words) for lang, words in load("lexicon")["language_markers"].items()}


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text``, or None when there is too little text.

    A text plainly in English, French or Spanish (its commonest words make up a sixth of
    the text and outnumber the other two languages' four to one) is told by those words;
    any other goes to py3langid."""
    sample = text[:1500]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    words = _WORD.findall(sample.lower())
    counts = sorted(((sum(w in markers for w in words), lang)
                     for lang, markers in _markers().items()), reverse=True)
    (best, lang), (second, _) = counts[0], counts[1]
    if best >= 15 and best >= 4 * max(1, second) and best >= 0.15 * len(words):
        return lang
    lang, _prob = _identifier().classify(sample)
    return str(lang)
