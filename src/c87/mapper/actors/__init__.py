"""Find the actors a letter names: organisations, state bodies, persons and groups.

:func:`find_actors` reads a letter's text with rules and word lists (``ontology/
lexicon.yaml``, ``ontology/organisations.yaml``) and returns an :class:`ActorIndex`: the
actors (:class:`c87.model.Actor`, each with the spans that name it), every mention of
each in the text (for the event reader: who is named in a sentence), and notes saying
which rule made each actor and each alias (``c87 extract --explain``).

The rules, in the order they run:

1. *Gazetteer*: bodies every letter of the genre may name (ITUC, ILO, its Committee on
   Freedom of Association, the EU ...), by any of their names in EN/FR/ES.
2. *Persons*: a title before a name ("Ms Ryskul Babayeva", "M. Mourad Bensalem",
   "compañero Quintero"); a name with an appositive post ("Kanatbek Osmonov, deputy
   president of ...", "X, one of the founders of ..."), unless the appositive says what
   a company is ("X, the state-owned operator"); a post before a name ("union leader
   Peter Moyo"), also with a comma ("its president, Dragana Milovanović"). A person named
   once in full and later in part ("Ms Babayeva", "Cajas") is one actor.
3. *Definitions in parentheses*: "Full Name (ACR)", "Full Name (ACR / Other Name)",
   "English Name (Nombre, ACR)", "ACR (Full Name)", "Name (translation)",
   "(hereinafter "the Union")". How far back a name goes is found by matching the
   acronym's letters against the words before it (see :func:`acronym_start`).
4. *Capitalised names with a head noun* ("Bishkek City Court", "Ministry of Labour and
   Social Security", "Policía Nacional"): the head says the kind (lexicon data); French
   and Spanish offices and bodies in lower case read the same way ("le procureur de la
   République près le tribunal de première instance de Sfax", "el juzgado de X", "la
   police judiciaire", "le ministre de l'Administration territoriale"); an office named
   by its portfolio is a state authority ("the Labour Commissioner"); a post of a union
   named by its own name is not ("President of the Zambia Congress of Trade Unions"), and
   a department of a non-state organisation has its kind ("ITUC ... Rights Department").
5. Company names (legal-form suffixes, with an acronym after them "X S.A. de C.V. (PAB)";
   appositives "X, the call-centre operator"; an employer noun before the name "their
   employer, Samarqand Non Kombinati"), local authorities ("Bishkek police department",
   "le wali d'Oran", "the mahalla committee"), unions named by common nouns ("the textile
   workers' union"), state actors named by common nouns ("the police", "soldiers", "the
   authorities", "Parliament"), state agents named by their function ("immigration
   officers", "agentes de migración") and the press named by its stance or owner
   ("pro-government tabloids", "la prensa oficialista").
6. *Undefined acronyms* that are variants of a defined one merge into it (see
   :meth:`_Finder.merge_acronym_variants`); a capitalised name whose family name recurs
   alone elsewhere is a person's ("Martín Olvera Ríos ... Olvera permaneció", see
   :meth:`_Finder.recurring_names`).
7. Every name and alias is then searched again in the whole text, "the Federation"-style
   back-references are resolved to the last actor with that head noun, unnamed groups
   ("212 workers", "members of the FPKg Council") are made, and the posts of persons are
   read from their appositives.

Nothing here knows a particular letter; every word list is data. Each rule family is a
module of this package (``persons``, ``definitions``, ``names``, ``common_nouns``,
``references``), mixed into the finder (``finder``) that runs them in this order; the
word lists compiled once are in ``words``, the finder's view of the text (tokens, phrase
look-ups, the candidates and entities it builds, acronym and country helpers) in
``text``, and what it returns in ``index``.
"""

from __future__ import annotations

from c87.mapper.actors.finder import _Finder
from c87.mapper.actors.index import (
    EVIDENCE_CAP,
    ORG_KINDS,
    STATE_KINDS,
    UNION_KINDS,
    ActorIndex,
    Mention,
)
from c87.mapper.actors.text import acronym_start, acronym_starts, countries_in, country_name, slug
from c87.mapper.actors.words import gazetteer, lexicon

__all__ = ["EVIDENCE_CAP", "ORG_KINDS", "STATE_KINDS", "UNION_KINDS", "ActorIndex", "Mention",
           "acronym_start", "acronym_starts", "countries_in", "country_name", "find_actors",
           "gazetteer", "lexicon", "slug"]


def find_actors(text: str, *, body_start: int, country: str | None,
                language: str | None) -> ActorIndex:
    """The actors the letter in ``text`` names, with their mentions and the rules' notes.

    ``body_start`` is where the body starts (after the salutation; lines before it are
    the letterhead and address block, read line by line); ``country`` is the ISO code of
    the state concerned (names state actors "Government of <country>", picks name orders
    and honorifics); ``language`` the ISO 639-1 code of the letter. Deterministic: the
    same text and arguments give the same actors, ids and mentions.
    """
    return _Finder(text, body_start, country, language).run()
