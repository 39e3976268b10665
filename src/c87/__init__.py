"""c87: letters denouncing violations of trade union rights, turned into evidence.

The parts, each a package in layers that import only downwards (``docs/architecture.md``,
checked by ``tests/test_architecture.py``): ``cli`` (the commands), ``pipeline`` (whole
jobs), ``output`` (the writers) and ``store`` (triple stores), ``mapper`` (text to facts,
facts to a complaint), ``input`` (the readers), ``ontology`` (vocabularies and data),
``model`` (the facts document) and ``errors``.

This module holds the version and :func:`lazy_exports`, which the packages whose public
names come from many modules (``input``, ``store``) use so that importing one of their
names does not load them all.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__version__ = "0.1.0"


def lazy_exports(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) for ``package``: a name of ``where`` is imported
    from the module of ``package`` it names on first use, and kept."""

    def attribute(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return attribute
