"""Guess the language a letter is written in (py3langid's model ships with the package)."""

from __future__ import annotations

import functools
from typing import Any

# The languages letters of the genre are written in; restricting the model to them makes
# short letters far less likely to be mistaken for a neighbouring language.
LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "ru", "ar", "tr", "id", "nl", "pl", "uk",
             "ky", "kk", "be", "ko", "ja", "zh", "th", "vi", "km", "my", "fa", "sw")


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=list(LANGUAGES))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text``, or None when there is too little text."""
    sample = text[:1500]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    lang, _prob = _identifier().classify(sample)
    return str(lang)
