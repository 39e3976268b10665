"""Letter text -> facts document: header, actors, dated events, types, principles; and
facts -> complaint.

Owns the extractor, a pipeline of stages with one module each (docs/extraction.md lists
them): the page and its genre (``genre``), words and lemmas (``tokens``), dates
(``dates``), the state concerned (``countries``), the actors (``actors/``), the header and
the parties (``header``, ``parties``, ``publisher``), sentences and clauses
(``sentences``, ``clauses``), cues and the acts they report (``cues``, ``triggers``,
``events``, ``event_dates``, ``participants``), and the facts document they make
(``assemble``; :func:`extract` is its entry point). The word lists they read are data of
``c87.ontology``; the cue words of a user lexicon (``c87.ontology.user_lexicon``) are
read on top of them when one is given, and ``user_cues`` proposes such cues for a
reviewer's selection and adds them. Also owns the way from facts to a complaint to the
CFA (``complaint``) and the CFA's checklist for it (``checklist``).

May import: c87.input, c87.ontology, c87.model, c87.errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from c87.mapper.assemble import extract_facts

if TYPE_CHECKING:
    from c87.input.text import Text
    from c87.model import Facts
    from c87.ontology.user_lexicon import UserLexicon


def extract(text: Text, lexicon: UserLexicon | None = None) -> Facts:
    """The facts document of the letter whose text is ``text``, read with the cue words of
    the user lexicon ``lexicon`` on top of the shipped ones (None: the shipped alone)."""
    return extract_facts(text, lexicon=lexicon)
