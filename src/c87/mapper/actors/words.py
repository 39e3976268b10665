"""The actor finder's word knowledge, read once from the data (``ontology/lexicon.yaml``,
``ontology/organisations.yaml``), and the small text helpers every rule family uses.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from dataclasses import replace as _dc_replace
from importlib.resources import files
from typing import Any

from c87.mapper.actors.text import (
    CAPW,
    SP,
    UP,
    _acronym_like,
    _alt,
    _fold,
    _key,
    _phrase_words,
    _PhraseIndex,
    _words_re,
)
from c87.mapper.dates import month_names
from c87.mapper.wordscan import tree_alternation
from c87.ontology.data import load, read_yaml


@functools.cache
def lexicon() -> dict[str, Any]:
    """The word lists of ``ontology/lexicon.yaml`` (read once, checked against its schema)."""
    return load("lexicon")


@functools.cache
def gazetteer() -> tuple[dict[str, Any], ...]:
    """The well-known bodies of ``ontology/organisations.yaml`` (read once)."""
    path = files("c87").joinpath("ontology/organisations.yaml")
    entries = read_yaml(path)
    return tuple({**e, "name": " ".join(str(e["name"]).split()),
                  "aliases": [" ".join(str(a).split()) for a in e.get("aliases", [])]}
                 for e in entries)


@dataclass(eq=False)
class _Lex:
    """The lexicon compiled: sets and patterns, built once per process."""

    connectors: frozenset[str]
    english_preps: frozenset[str]
    romance_preps: frozenset[str]
    articles: frozenset[str]
    coordinators: frozenset[str]
    acronym_skips: frozenset[str]
    stopwords: frozenset[str]
    heads: dict[str, Any]
    romance_heads: frozenset[str]
    lower_heads: frozenset[str]
    documents: frozenset[str]
    places: frozenset[str]
    offices: frozenset[str]
    office_re: re.Pattern[str]
    positions_index: _PhraseIndex
    position_words: frozenset[str]
    position_mods: frozenset[str]
    honorifics: frozenset[str]
    vocatives: frozenset[str]
    months: frozenset[str]
    cues: dict[str, re.Pattern[str]]
    particles: frozenset[str]
    group_heads: frozenset[str]
    agent_nouns: frozenset[str]
    group_head_index: _PhraseIndex
    not_acronyms: frozenset[str]  # words in capitals that name no organisation
    large_counts: frozenset[str]  # "million": a membership told, not a group that acts
    membership_re: re.Pattern[str]  # "which has" before a count: a membership told
    group_list_re: re.Pattern[str]  # what opens a list of persons ("six workers:", "including")
    group_coord_re: re.Pattern[str]
    group_post_re: re.Pattern[str]
    group_mods: frozenset[str]
    group_dets: frozenset[str]
    numbers: frozenset[str]
    generic_index: _PhraseIndex
    generic_map: dict[str, dict[str, Any]]
    place_authority_re: re.Pattern[str]
    de_place_re: re.Pattern[str]
    company_re: re.Pattern[str]
    company_prefix_re: re.Pattern[str]
    employer_app_re: re.Pattern[str]
    employer_before_re: re.Pattern[str]
    employer_generic: _PhraseIndex
    employer_backrefs: _PhraseIndex
    lower_union_re: re.Pattern[str]
    lower_union_needles: tuple[str, ...]  # one of them is in every match
    backref_words: dict[str, dict[str, Any]]
    backref_lower_re: re.Pattern[str]
    backref_lower_words_re: re.Pattern[str]  # one is in every match of backref_lower_re
    backref_dets: frozenset[str]
    possessives: frozenset[str]
    hereinafter_re: re.Pattern[str]
    gazetteer_long: _PhraseIndex
    gazetteer_acronyms: _PhraseIndex
    gazetteer_map: dict[str, dict[str, Any]]
    adjective_re: re.Pattern[str]
    triggers: dict[str, frozenset[str]]
    name_order: dict[str, frozenset[str]]
    attachments: frozenset[str]
    cue_exclusions_re: re.Pattern[str]
    state_agent_mods: dict[str, str]
    state_agent_nouns: frozenset[str]
    place_preps: frozenset[str]
    media_nouns: frozenset[str]
    media_mods: frozenset[str]
    local_unit_re: re.Pattern[str]


@functools.cache
def _lex() -> _Lex:
    """The lexicon and gazetteer compiled into sets, phrase indexes and patterns."""
    lx = lexicon()
    group = _group_words(lx)
    return _Lex(**_function_words(lx), **_kind_words(lx), **group, **_authority_words(lx),
                **_company_words(lx), **_reference_words(lx, group["group_heads"]),
                **_gazetteer_indexes(), triggers=_triggers(lx))


def _low(lx: dict[str, Any], key: str) -> frozenset[str]:
    """The words of the lexicon list ``key``, in lower case."""
    return frozenset(w.lower() for w in lx[key])


def _function_words(lx: dict[str, Any]) -> dict[str, Any]:
    """The small words names are read with: connectors, prepositions, articles, months."""
    connectors = _low(lx, "connectors")
    articles = _low(lx, "articles")
    english_preps = _low(lx, "english_prepositions")
    return {
        "connectors": connectors, "english_preps": english_preps,
        "romance_preps": connectors - articles - english_preps, "articles": articles,
        "coordinators": _low(lx, "coordinators"), "acronym_skips": _low(lx, "acronym_skips"),
        "stopwords": frozenset(), "months": frozenset(month_names()),
        "particles": frozenset(w.lower() for p in lx["name_particles"] for w in p.split()),
        "numbers": _low(lx, "number_words") | {"million", "millions", "thousand", "hundred",
                                               "millones", "mil"},
        "attachments": _low(lx, "attachment_words"), "place_preps": _low(lx, "place_prepositions"),
        "possessives": _low(lx, "possessive_pronouns"),
    }


# Relational adjectives of French and Spanish names ("judiciaire", "nacional").
_ADJECTIVE_RE = re.compile(
    r"^[a-zà-ÿ]+(?:al|ale|ales|aux|el|elle|elles|ique|iques|aire|aires|ien|ienne|iennes|if"
    r"|ive|ives|ional|ionale|ain|aine|ains|aines|ano|ana|anos|anas|ico|ica|icos|icas|ista"
    r"|istas|ario|aria|arios|arias|ivo|iva|ivos|ivas|ial|iale|ais|aise|eño|eña|ense|ale"
    r"|al)$")


def _kind_words(lx: dict[str, Any]) -> dict[str, Any]:
    """What says the kind of a name: head nouns, offices, posts, titles, cue words."""
    offices = _low(lx, "offices")
    positions = list(lx["position_words"])
    return {
        "heads": {k.lower(): v for k, v in lx["organisation_heads"].items()},
        "romance_heads": _low(lx, "romance_heads"), "lower_heads": _low(lx, "lowercase_heads"),
        "documents": frozenset(lx["document_words"]), "places": frozenset(lx["place_words"]),
        "offices": offices,
        "office_re": re.compile(_words_re(sorted(offices)) + r"$", re.IGNORECASE),
        "positions_index": _PhraseIndex([(w, None) for w in positions], fold=True),
        "position_words": frozenset(p.lower() for p in positions),
        "position_mods": _low(lx, "position_modifiers"),
        "honorifics": frozenset(lx["honorifics"]), "vocatives": _low(lx, "vocative_words"),
        "cues": {kind: re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else
                                     SP.join(map(re.escape, w.split())) for w in words)
            + r")(?![\w])", re.IGNORECASE) for kind, words in lx["kind_cues"].items()},
        "cue_exclusions_re": re.compile(_words_re(lx["cue_exclusions"]), re.IGNORECASE),
        "not_acronyms": frozenset(lx["not_acronyms"]), "adjective_re": _ADJECTIVE_RE,
        "name_order": {k: frozenset(v) for k, v in lx["name_order"].items()},
    }


def _group_words(lx: dict[str, Any]) -> dict[str, Any]:
    """What names an unnamed group: its head nouns, modifiers, determiners, counts."""
    group_heads = _low(lx, "group_heads")
    heads_alt = "|".join(SP.join(map(re.escape, h.split()))
                         for h in sorted(group_heads, key=len, reverse=True))
    gmods = _alt(lx["group_modifiers"])
    acr = rf"(?-i:[{UP}][\w]*[{UP}][\w]*(?:-\w+)?)"
    return {
        "group_heads": group_heads, "agent_nouns": _low(lx, "agent_nouns"),
        "group_head_index": _PhraseIndex([(h, None) for h in group_heads], fold=True),
        "large_counts": frozenset(w.lower() for w in lx["large_counts"]),
        "membership_re": re.compile(
            rf"(?<![\w-])(?:{_alt(lx['membership_verbs'])})[ \t]+"
            rf"(?:(?:{_alt(lx['count_approximators'])})[ \t]+)?$", re.IGNORECASE),
        "group_list_re": re.compile(
            rf"(?<![\w-])(?:{heads_alt}|{_alt(lx['list_openers'])})(?![\w-])", re.IGNORECASE),
        "group_coord_re": re.compile(
            rf"[ \t]+(?:and|y|et|e)[ \t]+(?:(?:{gmods}|{acr})[ \t]+){{0,2}}(?:{heads_alt})"
            rf"(?![\w'’-])", re.IGNORECASE),
        "group_post_re": re.compile(rf"{SP}(?:{_alt(lx['group_postmodifiers'])})(?![\w])",
                                    re.IGNORECASE),
        "group_mods": _low(lx, "group_modifiers"), "group_dets": _low(lx, "group_determiners"),
    }


# The determiners a generic authority's phrase may open with ("the police", "la policía").
_GENERIC_DETERMINERS = (
    "the", "your", "our", "its", "their", "la", "le", "les", "el", "los", "las", "l'", "su",
    "sus", "votre", "vos", "leur", "leurs", "nos", "nuestro", "nuestra", "o", "os", "a", "as",
    "this", "these", "those", "some", "local", "several")


def _authority_words(lx: dict[str, Any]) -> dict[str, Any]:
    """State bodies named by common nouns: generic authorities, local authorities, state
    agents, the press."""
    generic_map: dict[str, dict[str, Any]] = {}
    for entry in lx["generic_authorities"]:
        for phrase in entry["phrases"]:
            generic_map.setdefault(_key(phrase), entry)
    det_alt = "|".join(map(re.escape, _GENERIC_DETERMINERS))
    # Phrases are matched without a leading determiner; the determiner is checked after.
    bare = [re.sub(rf"^(?:{det_alt})\s+", "", p, flags=re.IGNORECASE)
            for e in lx["generic_authorities"] for p in e["phrases"]]
    cap = f"(?-i:{CAPW})"
    return {
        "generic_index": _PhraseIndex([(b, None) for b in bare], fold=True),
        "generic_map": generic_map,
        "place_authority_re": re.compile(
            rf"(?<![\w-])(?P<place>{CAPW}(?:[ \t]+{CAPW}){{0,2}})[ \t]+"
            rf"(?P<mods>(?:[a-z][\w-]*[ \t]+){{0,2}}?)"
            rf"(?P<head>{_alt(lx['place_authority_heads'])})(?![\w])"),
        "de_place_re": re.compile(
            rf"{_words_re(lx['de_place_authority_heads'])}[ \t]+"
            rf"(?:de[ \t]+(?:la[ \t]+)?|d['’]|del[ \t]+|du[ \t]+)"
            rf"(?P<place>{cap}(?:[ \t]+{cap}){{0,3}})"
            rf"(?:[ \t]+(?:et|y)[ \t]+(?:de[ \t]+|d['’]|del[ \t]+|du[ \t]+){cap}"
            rf"(?:[ \t]+{cap}){{0,3}})?",
            re.IGNORECASE),
        "local_unit_re": re.compile(
            rf"(?<![\w-])(?i:the|a|an|its|their|his|her|our|local)[ \t]+"
            rf"(?P<name>(?i:{_alt(lx['local_units'])})[ \t]+"
            rf"(?:(?i:{_alt(lx['local_unit_heads'])})))"
            rf"(?![\w-])"),
        "state_agent_mods": {w.lower(): kind for kind, words in
                             lx["state_agent_modifiers"].items() for w in words},
        "state_agent_nouns": _low(lx, "state_agent_nouns"),
        "media_nouns": _low(lx, "media_nouns"), "media_mods": _low(lx, "media_modifiers"),
    }


def _company_words(lx: dict[str, Any]) -> dict[str, Any]:
    """Companies and employers: legal forms before and after a name, employer nouns."""
    suffixes = sorted(lx["company_suffixes"], key=len, reverse=True)
    suffix_alt = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in suffixes)
    return {
        # A name may wrap onto the next line ("Tbilisi\nMetro LLC"); the finder cuts it
        # where the lines do not join (see _Finder.joinable).
        "company_re": re.compile(
            rf"(?<![\w-])(?P<name>{CAPW}(?:{SP}(?:(?:&|and|y|et|de|del|la|of){SP})?{CAPW})"
            rf"{{0,5}}),?{SP}(?P<suffix>(?:{suffix_alt}))(?![\w])"),
        "company_prefix_re": re.compile(
            rf"(?<![\w-])(?:{'|'.join(map(re.escape, lx['company_prefixes']))})\.?[ \t]+"
            rf"(?P<name>{CAPW}(?:[ \t]+{CAPW}){{0,5}})"),
        "employer_app_re": re.compile(
            rf"(?<![\w-])(?P<name>{CAPW}(?:[ \t]+(?:(?:de|del|of|and|&)[ \t]+)?{CAPW}){{0,5}})"
            rf"(?P<suffix>,?[ \t]+(?:{suffix_alt}))?,{SP}(?:the|a|an|une?|la|el|le|l['’])"
            rf"[ \t]+(?:[\w-]+[ \t]+){{0,3}}?(?P<noun>{_words_re(lx['employer_nouns'])})"
            rf"(?=\s*[,;.:)]|\s*$|\s+(?:where|that|which|who|in|of|at|for|from|with|based"
            rf"|owned|producing|supplying|operating|and|whose|en|de|que|qui|dont|donde|con"
            rf"|du|des)\b)"),
        "employer_before_re": re.compile(
            rf"(?<![\w-])(?i:the|their|its|his|her|our|la|el|le|l['’]|leur|su|sa|son)[ \t]+"
            rf"(?:[\w-]+[ \t]+)?(?P<noun>{_words_re(lx['employer_nouns_before'])}),?[ \t]+"
            rf"(?P<name>{CAPW}(?:[ \t]+(?:(?:de|del|de[ \t]+la|of|and|&|y|et)[ \t]+)?{CAPW})"
            rf"{{1,5}})(?=[ \t]*[,;.:()]|[ \t]+[a-zà-ÿ])"),
        "employer_generic": _PhraseIndex([(w, None) for w in lx["employer_generic"]], fold=True),
        "employer_backrefs": _PhraseIndex([(w, None) for w in lx["employer_backrefs"]],
                                          fold=True),
    }


_HEREINAFTER_RE = re.compile(
    r"\(\s*(?:hereinafter|hereafter|henceforth|ci-après|en\s+adelante|en\s+lo\s+sucesivo"
    r"|doravante)(?:\s+(?:referred\s+to\s+as|called|dénommée?s?|désignée?s?|denominad[oa]s?"
    r"|llamad[oa]s?))?\s*[,:]?\s*[\"“«‘']\s*(?P<alias>[^\"”»’']{2,40}?)\s*[\"”»’']\s*\)",
    re.IGNORECASE)


def _reference_words(lx: dict[str, Any], group_heads: frozenset[str]) -> dict[str, Any]:
    """What refers to a body by a common noun: "the textile workers' union", "the
    Federation", "(hereinafter "the Union")"."""
    occupations = group_heads | {"guards", "employees", "workers", "teachers"}
    occ = tree_alternation(occupations)
    # What a match of lower_union_re opens with: a lower-case word, an occupation, "trade",
    # "union" or "s[iy]ndicat" (a look-ahead that spares the engine the rest elsewhere).
    occ_firsts = re.escape("".join(sorted({w[0] for w in occupations}
                                          - set(string.ascii_lowercase))))
    backref_words: dict[str, dict[str, Any]] = {}
    lower_words = []
    for entry in lx["backreferences"]:
        for w in entry["words"]:
            backref_words[w.lower()] = entry
            if entry.get("lower"):
                lower_words.append(w.lower())
    backref_dets = _low(lx, "backreference_determiners")
    return {
        "lower_union_re": re.compile(
            rf"(?<![\w'’-])(?=[a-z{occ_firsts}])"
            rf"(?P<name>(?:(?!(?:the|a|an|of|and|or|to|by|in|its|their|our|with)"
            rf"\b)[a-z][\w-]*[ \t]+){{0,2}}(?:{occ})['’]s?[ \t]+(?:trade[ \t]+)?union"
            rf"|(?:trade{SP})?union{SP}of{SP}(?:(?!(?:the|a|an|and)\b)[a-z][\w-]*{SP})"
            rf"{{0,2}}(?:{occ})"
            rf"|(?:syndicat|sindicato|sindicat)[ \t]+(?:des|de[ \t]+los|de[ \t]+las|de[ \t]+la"
            rf"|del|de|du)[ \t]+[a-zà-ÿ]+(?:[ \t]+(?:de[ \t]+la|del|de|des|du|de[ \t]+l['’])"
            rf"[ \t]*[a-zà-ÿ]+)?)(?![\w])"),
        "lower_union_needles": ("union", "syndicat", "sindicat"),
        "backref_words": backref_words, "backref_dets": backref_dets,
        "backref_lower_re": re.compile(
            rf"(?<![\w])(?:{'|'.join(map(re.escape, sorted(backref_dets, key=len, reverse=True)))})"
            rf"[ \t]+(?P<word>{'|'.join(map(re.escape, lower_words))})(?![\w])"),
        "backref_lower_words_re": re.compile("|".join(map(re.escape, lower_words))),
        "hereinafter_re": _HEREINAFTER_RE,
    }


# The ILO's bodies are named with the ILO before or after them: "ILO Governing Body",
# "Comité de Libertad Sindical de la OIT".
_ILO_BEFORE = ("ILO", "OIT", "BIT")
_ILO_AFTER = ("of the ILO", "of the International Labour Organization",
              "of the International Labour Organisation", "of the International Labour Office",
              "de la OIT", "de l'OIT", "du BIT", "du Bureau international du Travail",
              "de la Organización Internacional del Trabajo")


def _gazetteer_indexes() -> dict[str, Any]:
    """The gazetteer's names: long names and acronyms, and every name to its entry."""
    gmap: dict[str, dict[str, Any]] = {}
    acronyms: list[tuple[str, Any]] = []
    long_names: list[tuple[str, Any]] = []
    for entry in gazetteer():
        for name in [entry["name"], *entry["aliases"]]:
            gmap.setdefault(_key(name), entry)
            if " " not in name and _acronym_like(name):
                acronyms.append((name, entry))
                continue
            long_names.append((name, entry))
            if entry.get("ilo_body"):
                long_names += [(f"{before} {name}", entry) for before in _ILO_BEFORE]
                for after in _ILO_AFTER:
                    long_names += [(f"{name} {after}", entry), (f"ILO {name} {after}", entry)]
    return {"gazetteer_long": _PhraseIndex(long_names, fold=True),
            "gazetteer_acronyms": _PhraseIndex(acronyms, fold=False), "gazetteer_map": gmap}


def _triggers(lx: dict[str, Any]) -> dict[str, frozenset[str]]:
    """The words without which a costly rule has nothing to find (see _Finder.windows)."""
    def last_words(key: str) -> frozenset[str]:
        return frozenset(w.split()[-1].lower() for w in lx[key])

    return {
        "company": frozenset(_phrase_words(x, True)[0] for x in lx["company_suffixes"]),
        "company_prefix": frozenset(x.lower() for x in lx["company_prefixes"]),
        "employer": last_words("employer_nouns"),
        "employer_before": last_words("employer_nouns_before"),
        "place": last_words("place_authority_heads"),
        "de_place": frozenset(w.lower() for w in lx["de_place_authority_heads"]),
        "local_unit": last_words("local_unit_heads"),
    }


@functools.cache
def _replace(lx: _Lex, stopwords: frozenset[str]) -> _Lex:
    """The compiled lexicon with the stop words of one language (cached per language)."""
    return _dc_replace(lx, stopwords=stopwords)


@functools.cache
def _honorifics(country: str | None, language: str | None) -> frozenset[str]:
    """The titles read before a person's name in a letter about ``country``."""
    lx = lexicon()
    words = list(lx["honorifics"]) + list(lx["honorifics_by_country"].get(country or "", []))
    if language != "es":
        words = [w for w in words if w not in ("Don", "Doña")]
    return frozenset(words)


@functools.cache
def _title_forms(country: str | None, language: str | None) -> frozenset[str]:
    """The token forms (quotes and dashes folded) a title may have, and "H" of "H.E"."""
    return frozenset(_fold(w) for w in _honorifics(country, language)) | {"H"}


@functools.cache
def _after_honorific() -> re.Pattern[str]:
    """What follows a title: an optional dot, then one to five capitalised name words."""
    particles = "|".join(sorted((SP.join(map(re.escape, p.split()))
                                 for p in lexicon()["name_particles"]), key=len, reverse=True))
    return re.compile(
        rf"(?P<dot>\.)?{SP}(?P<name>{CAPW}(?:(?:{SP}(?:(?:{particles}){SP})*){CAPW}){{0,4}})")
