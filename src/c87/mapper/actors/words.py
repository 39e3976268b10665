"""The actor finder's word knowledge, read once from the data (``ontology/lexicon.yaml``,
``ontology/organisations.yaml``), and the small text helpers every rule family uses.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from dataclasses import replace as _dc_replace
from importlib.resources import files
from typing import Any

import yaml

from c87.mapper.actors.text import (
    CAPW,
    SP,
    UP,
    _acronym_like,
    _alt,
    _key,
    _phrase_words,
    _PhraseIndex,
    _words_re,
)
from c87.mapper.dates import month_names
from c87.ontology.data import load


@functools.cache
def lexicon() -> dict[str, Any]:
    """The word lists of ``ontology/lexicon.yaml`` (read once, checked against its schema)."""
    return load("lexicon")


@functools.cache
def gazetteer() -> tuple[dict[str, Any], ...]:
    """The well-known bodies of ``ontology/organisations.yaml`` (read once)."""
    path = files("c87").joinpath("ontology/organisations.yaml")
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    backref_words: dict[str, dict[str, Any]]
    backref_lower_re: re.Pattern[str]
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
    low = lambda key: frozenset(w.lower() for w in lx[key])  # noqa: E731
    connectors = low("connectors")
    articles = low("articles")
    english_preps = low("english_prepositions")
    romance_preps = connectors - articles - english_preps
    months = frozenset(month_names())
    cues = {kind: re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else
                                 SP.join(map(re.escape, w.split())) for w in words)
        + r")(?![\w])", re.IGNORECASE) for kind, words in lx["kind_cues"].items()}
    offices = low("offices")
    positions = [w for w in lx["position_words"]]
    mods = low("position_modifiers")
    group_heads = low("group_heads")
    heads_alt = "|".join(SP.join(map(re.escape, h.split()))
                         for h in sorted(group_heads, key=len, reverse=True))
    gmods = _alt(lx["group_modifiers"])
    acr = rf"(?-i:[{UP}][\w]*[{UP}][\w]*(?:-\w+)?)"
    group_head_index = _PhraseIndex([(h, None) for h in group_heads], fold=True)
    group_coord_re = re.compile(
        rf"[ \t]+(?:and|y|et|e)[ \t]+(?:(?:{gmods}|{acr})[ \t]+){{0,2}}(?:{heads_alt})"
        rf"(?![\w'’-])", re.IGNORECASE)
    group_post_re = re.compile(rf"{SP}(?:{_alt(lx['group_postmodifiers'])})(?![\w])",
                               re.IGNORECASE)
    generic_map: dict[str, dict[str, Any]] = {}
    for entry in lx["generic_authorities"]:
        for phrase in entry["phrases"]:
            generic_map.setdefault(_key(phrase), entry)
    det_words = ["the", "your", "our", "its", "their", "la", "le", "les", "el", "los", "las",
                 "l'", "su", "sus", "votre", "vos", "leur", "leurs", "nos", "nuestro",
                 "nuestra", "o", "os", "a", "as", "this", "these", "those", "some", "local",
                 "several"]
    det_alt = "|".join(map(re.escape, det_words))
    # Phrases are matched without a leading determiner; the determiner is checked after.
    bare = [re.sub(rf"^(?:{det_alt})\s+", "", p, flags=re.IGNORECASE)
            for e in lx["generic_authorities"] for p in e["phrases"]]
    generic_index = _PhraseIndex([(b, None) for b in bare], fold=True)
    place_heads = _alt(lx["place_authority_heads"])
    place_authority_re = re.compile(
        rf"(?<![\w-])(?P<place>{CAPW}(?:[ \t]+{CAPW}){{0,2}})[ \t]+"
        rf"(?P<mods>(?:[a-z][\w-]*[ \t]+){{0,2}}?)(?P<head>{place_heads})(?![\w])")
    de_heads = _words_re(lx["de_place_authority_heads"])
    cap = f"(?-i:{CAPW})"
    de_place_re = re.compile(
        rf"{de_heads}[ \t]+(?:de[ \t]+(?:la[ \t]+)?|d['’]|del[ \t]+|du[ \t]+)"
        rf"(?P<place>{cap}(?:[ \t]+{cap}){{0,3}})"
        rf"(?:[ \t]+(?:et|y)[ \t]+(?:de[ \t]+|d['’]|del[ \t]+|du[ \t]+){cap}"
        rf"(?:[ \t]+{cap}){{0,3}})?",
        re.IGNORECASE)
    suffixes = sorted(lx["company_suffixes"], key=len, reverse=True)
    suffix_alt = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in suffixes)
    # A name may wrap onto the next line ("Tbilisi\nMetro LLC"); the finder cuts it where
    # the lines do not join (see _Finder.joinable).
    company_re = re.compile(
        rf"(?<![\w-])(?P<name>{CAPW}(?:{SP}(?:(?:&|and|y|et|de|del|la|of){SP})?{CAPW}){{0,5}})"
        rf",?{SP}(?P<suffix>(?:{suffix_alt}))(?![\w])")
    employer_app_re = re.compile(
        rf"(?<![\w-])(?P<name>{CAPW}(?:[ \t]+(?:(?:de|del|of|and|&)[ \t]+)?{CAPW}){{0,5}})"
        rf"(?P<suffix>,?[ \t]+(?:{suffix_alt}))?,{SP}(?:the|a|an|une?|la|el|le|l['’])[ \t]+"
        rf"(?:[\w-]+[ \t]+){{0,3}}?(?P<noun>{_words_re(lx['employer_nouns'])})"
        rf"(?=\s*[,;.:)]|\s*$|\s+(?:where|that|which|who|in|of|at|for|from|with|based|owned"
        rf"|producing|supplying|operating|and|whose|en|de|que|qui|dont|donde|con|du|des)\b)")
    employer_before_re = re.compile(
        rf"(?<![\w-])(?i:the|their|its|his|her|our|la|el|le|l['’]|leur|su|sa|son)[ \t]+"
        rf"(?:[\w-]+[ \t]+)?(?P<noun>{_words_re(lx['employer_nouns_before'])}),?[ \t]+"
        rf"(?P<name>{CAPW}(?:[ \t]+(?:(?:de|del|de[ \t]+la|of|and|&|y|et)[ \t]+)?{CAPW}){{1,5}})"
        rf"(?=[ \t]*[,;.:()]|[ \t]+[a-zà-ÿ])")
    employer_generic = _PhraseIndex([(w, None) for w in lx["employer_generic"]], fold=True)
    employer_backrefs = _PhraseIndex([(w, None) for w in lx["employer_backrefs"]], fold=True)
    occupations = sorted(group_heads | {"guards", "employees", "workers", "teachers"},
                         key=len, reverse=True)
    occ = "|".join(map(re.escape, occupations))
    lower_union_re = re.compile(
        rf"(?<![\w'’-])(?P<name>(?:(?!(?:the|a|an|of|and|or|to|by|in|its|their|our|with)\b)"
        rf"[a-z][\w-]*[ \t]+){{0,2}}(?:{occ})['’]s?[ \t]+(?:trade[ \t]+)?union"
        rf"|(?:trade{SP})?union{SP}of{SP}(?:(?!(?:the|a|an|and)\b)[a-z][\w-]*{SP})"
        rf"{{0,2}}(?:{occ})"
        rf"|(?:syndicat|sindicato|sindicat)[ \t]+(?:des|de[ \t]+los|de[ \t]+las|de[ \t]+la|del"
        rf"|de|du)[ \t]+[a-zà-ÿ]+(?:[ \t]+(?:de[ \t]+la|del|de|des|du|de[ \t]+l['’])[ \t]*"
        rf"[a-zà-ÿ]+)?)(?![\w])")
    backref_words: dict[str, dict[str, Any]] = {}
    lower_words = []
    for entry in lx["backreferences"]:
        for w in entry["words"]:
            backref_words[w.lower()] = entry
            if entry.get("lower"):
                lower_words.append(w.lower())
    backref_dets = low("backreference_determiners")
    backref_lower_re = re.compile(
        rf"(?<![\w])(?:{'|'.join(map(re.escape, sorted(backref_dets, key=len, reverse=True)))})"
        rf"[ \t]+(?P<word>{'|'.join(map(re.escape, lower_words))})(?![\w])")
    hereinafter_re = re.compile(
        r"\(\s*(?:hereinafter|hereafter|henceforth|ci-après|en\s+adelante|en\s+lo\s+sucesivo"
        r"|doravante)(?:\s+(?:referred\s+to\s+as|called|dénommée?s?|désignée?s?|denominad[oa]s?"
        r"|llamad[oa]s?))?\s*[,:]?\s*[\"“«‘']\s*(?P<alias>[^\"”»’']{2,40}?)\s*[\"”»’']\s*\)",
        re.IGNORECASE)
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
            if entry.get("ilo_body"):  # "ILO Governing Body", "Comité ... de la OIT"
                for before in ("ILO", "OIT", "BIT"):
                    long_names.append((f"{before} {name}", entry))
                for after in ("of the ILO", "of the International Labour Organization",
                              "of the International Labour Organisation",
                              "of the International Labour Office", "de la OIT", "de l'OIT",
                              "du BIT", "du Bureau international du Travail",
                              "de la Organización Internacional del Trabajo"):
                    long_names.append((f"{name} {after}", entry))
                    long_names.append((f"ILO {name} {after}", entry))
    gazetteer_long = _PhraseIndex(long_names, fold=True)
    gazetteer_acronyms = _PhraseIndex(acronyms, fold=False)
    adjective_re = re.compile(
        r"^[a-zà-ÿ]+(?:al|ale|ales|aux|el|elle|elles|ique|iques|aire|aires|ien|ienne|iennes|if"
        r"|ive|ives|ional|ionale|ain|aine|ains|aines|ano|ana|anos|anas|ico|ica|icos|icas|ista"
        r"|istas|ario|aria|arios|arias|ivo|iva|ivos|ivas|ial|iale|ais|aise|eño|eña|ense|ale"
        r"|al)$")
    order = lx["name_order"]
    state_agent_mods = {w.lower(): kind for kind, words in lx["state_agent_modifiers"].items()
                        for w in words}
    return _Lex(
        connectors=connectors, english_preps=english_preps, romance_preps=romance_preps,
        articles=articles, coordinators=low("coordinators"), acronym_skips=low("acronym_skips"),
        stopwords=frozenset(),
        heads={k.lower(): v for k, v in lx["organisation_heads"].items()},
        romance_heads=low("romance_heads"), lower_heads=low("lowercase_heads"),
        documents=frozenset(lx["document_words"]),
        places=frozenset(lx["place_words"]), offices=offices,
        office_re=re.compile(_words_re(sorted(offices)) + r"$", re.IGNORECASE),
        positions_index=_PhraseIndex([(w, None) for w in positions], fold=True),
        position_words=frozenset(p.lower() for p in positions), position_mods=mods,
        honorifics=frozenset(lx["honorifics"]), vocatives=low("vocative_words"),
        months=months, cues=cues,
        particles=frozenset(w.lower() for p in lx["name_particles"] for w in p.split()),
        group_heads=group_heads,
        agent_nouns=low("agent_nouns"), group_head_index=group_head_index,
        not_acronyms=frozenset(lx["not_acronyms"]),
        large_counts=frozenset(w.lower() for w in lx["large_counts"]),
        membership_re=re.compile(
            rf"(?<![\w-])(?:{_alt(lx['membership_verbs'])})[ \t]+"
            rf"(?:(?:{_alt(lx['count_approximators'])})[ \t]+)?$", re.IGNORECASE),
        group_list_re=re.compile(
            rf"(?<![\w-])(?:{heads_alt}|{_alt(lx['list_openers'])})(?![\w-])", re.IGNORECASE),
        group_coord_re=group_coord_re, group_post_re=group_post_re,
        group_mods=low("group_modifiers"), group_dets=low("group_determiners"),
        numbers=low("number_words") | {"million", "millions", "thousand", "hundred",
                                        "millones", "mil"}, generic_index=generic_index,
        generic_map=generic_map,
        place_authority_re=place_authority_re, de_place_re=de_place_re, company_re=company_re,
        company_prefix_re=re.compile(
            rf"(?<![\w-])(?:{'|'.join(map(re.escape, lx['company_prefixes']))})\.?[ \t]+"
            rf"(?P<name>{CAPW}(?:[ \t]+{CAPW}){{0,5}})"),
        employer_app_re=employer_app_re, employer_before_re=employer_before_re,
        employer_generic=employer_generic,
        employer_backrefs=employer_backrefs, lower_union_re=lower_union_re,
        backref_words=backref_words, backref_lower_re=backref_lower_re,
        backref_dets=backref_dets, possessives=low("possessive_pronouns"),
        hereinafter_re=hereinafter_re, gazetteer_long=gazetteer_long,
        gazetteer_acronyms=gazetteer_acronyms, gazetteer_map=gmap,
        adjective_re=adjective_re,
        triggers={
            "company": frozenset(_phrase_words(x, True)[0] for x in lx["company_suffixes"]),
            "company_prefix": frozenset(x.lower() for x in lx["company_prefixes"]),
            "employer": frozenset(w.split()[-1].lower() for w in lx["employer_nouns"]),
            "employer_before": frozenset(w.split()[-1].lower()
                                         for w in lx["employer_nouns_before"]),
            "place": frozenset(w.split()[-1].lower() for w in lx["place_authority_heads"]),
            "de_place": frozenset(w.lower() for w in lx["de_place_authority_heads"]),
            "local_unit": frozenset(w.split()[-1].lower() for w in lx["local_unit_heads"]),
        },
        name_order={k: frozenset(v) for k, v in order.items()},
        attachments=low("attachment_words"),
        cue_exclusions_re=re.compile(_words_re(lx["cue_exclusions"]), re.IGNORECASE),
        state_agent_mods=state_agent_mods, state_agent_nouns=low("state_agent_nouns"),
        place_preps=low("place_prepositions"), media_nouns=low("media_nouns"),
        media_mods=low("media_modifiers"),
        local_unit_re=re.compile(
            rf"(?<![\w-])(?i:the|a|an|its|their|his|her|our|local)[ \t]+"
            rf"(?P<name>(?i:{_alt(lx['local_units'])})[ \t]+"
            rf"(?:(?i:{_alt(lx['local_unit_heads'])})))"
            rf"(?![\w-])"),
    )


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
def _after_honorific() -> re.Pattern[str]:
    """What follows a title: an optional dot, then one to five capitalised name words."""
    particles = "|".join(sorted((SP.join(map(re.escape, p.split()))
                                 for p in lexicon()["name_particles"]), key=len, reverse=True))
    return re.compile(
        rf"(?P<dot>\.)?{SP}(?P<name>{CAPW}(?:(?:{SP}(?:(?:{particles}){SP})*){CAPW}){{0,4}})")
