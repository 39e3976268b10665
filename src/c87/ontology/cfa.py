"""The CFA's procedure as data: ``cfa-procedure.yaml`` and the placeholder names."""

from __future__ import annotations

import functools
from typing import Any

from c87.ontology import DATA_DIR
from c87.ontology.data import letters_and_digits, load, read_yaml


@functools.cache
def cfa_procedure() -> dict[str, Any]:
    """``ontology/cfa-procedure.yaml``: addressee, receivability, consultative status, urgency."""
    return read_yaml(DATA_DIR / "cfa-procedure.yaml")


@functools.cache
def _placeholders() -> frozenset[str]:
    return frozenset(letters_and_digits(n) for n in load("placeholders")["names"])


def is_placeholder_name(name: str) -> bool:
    """Whether ``name`` stands for nobody: an entry of ``ontology/placeholders.yaml`` ("Jane
    Doe", "N.N.", "[Your Name]"; case, spaces and punctuation aside), or no letter at all."""
    key = letters_and_digits(name)
    return not any(ch.isalpha() for ch in key) or key in _placeholders()
