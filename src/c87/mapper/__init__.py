"""Letter text -> facts document: header, actors, dated events, types, principles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from c87.mapper.assemble import extract_facts

if TYPE_CHECKING:
    from c87.input.text import Text
    from c87.model import Facts


def extract(text: Text) -> Facts:
    """The facts document of the letter whose text is ``text``."""
    return extract_facts(text)
