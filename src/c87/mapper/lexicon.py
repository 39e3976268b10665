"""The event reader's word lists (``ontology/acts.yaml``), compiled once, and the
patterns of word forms it reads: participles, past forms, determiners.
"""

from __future__ import annotations

import functools
import re

from c87.mapper.wordscan import phrase_alternation
from c87.ontology.data import load


@functools.cache
def acts_lexicon() -> dict[str, list[str]]:
    """The word lists of ``ontology/acts.yaml``, checked against their schema."""
    return {key: [str(w) for w in value] for key, value in load("acts").items()}


@functools.cache
def word_patterns() -> dict[str, re.Pattern[str]]:
    """The lexicon's word lists as patterns (demands, first person, past tense, ...)."""
    lex = acts_lexicon()

    def words(key: str) -> re.Pattern[str]:
        alternation = phrase_alternation(lex[key])
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)

    found = {key: words(key) for key in ("demand", "first_person", "happened", "principle_talk",
                                        "pronoun_start", "present", "range_start",
                                        "open_range_start", "range_link", "duration_unit",
                                        "second_person_agent",
                                        "sequel", "congress", "anaphora", "plural_anaphora",
                                        "union_reference", "perpetrator_groups", "negation",
                                        "purpose", "person_pronoun", "topic", "continuing",
                                        "modal", "demanded", "second_person",
                                        "relative_pronoun", "charged_with")}
    # "desde el principio", "a principios de": the beginning, not a principle.
    found["principle_talk"] = re.compile(
        r"(?<!desde el )(?<!al )(?<!en un )(?<!a )(?<!por )" + found["principle_talk"].pattern,
        re.IGNORECASE)
    # Searched with the text's own offsets, so that a word boundary before them is real.
    found["anaphora_before"] = re.compile(rf"(?:{found['anaphora'].pattern})\s+$",
                                          re.IGNORECASE)
    found["continuing_before"] = re.compile(
        rf"(?:{found['continuing'].pattern})\s+(?:\w+\s+)?$", re.IGNORECASE)
    found["negation_before"] = re.compile(
        rf"(?:{found['negation'].pattern})\s+(?:\w+\s+){{0,3}}$", re.IGNORECASE)
    found["purpose_to"] = re.compile(
        r"(?<![\w-])(?:to|para|pour|afin de|a fin de|in order to)\s+$", re.IGNORECASE)
    # "may" the modal, not May the month ("on 3 May 2023 guards beat ...").
    found["modal_before"] = re.compile(
        rf"(?<!\d\s)(?:{found['modal'].pattern})(?!\s+\d)\s+(?:\w+\s+){{0,2}}(?:[dl]['’])?$",
        re.IGNORECASE)
    # Up to five words between the demand and the act, or a list of them ("demanding the
    # swift, full and unconditional release").
    word = r"[\w'’-]+"
    listed = (rf"(?:{word}\s+){{0,2}}(?:{word},\s+){{1,3}}{word}\s+"
              rf"(?:{words('list_closers').pattern})\s+(?:{word}\s+)?")
    # The crimes a charge names, a list of them included ("charges of murder attempt,
    # dacoity and kidnapping").
    found["charged_before"] = re.compile(
        rf"(?:{found['charged_with'].pattern})\s+(?:[\w'’-]+,?\s+){{0,8}}(?:[dl]['’])?$",
        re.IGNORECASE)
    found["demanded_before"] = re.compile(
        rf"(?:{found['demanded'].pattern})\s+(?:(?:{word}\s+){{0,5}}|{listed})$",
        re.IGNORECASE)
    return found


TOLD_BEFORE = re.compile(
    r"(?<![\w-])(?i:the|les|los|las|la|le|el|his|her|their|its|our|during|in|sa|son|ses|leur|"
    r"leurs|su|sus|durante|pendant|[\w-]+['’]s)\s+(?:[a-zà-ÿ-]+\s+)?$")


# "Les syndicalistes arrêtés devaient ...": a French or Spanish participle right after a
# noun, with no auxiliary, qualifies the noun; it reports no act.
NOUN_BEFORE = re.compile(
    r"(?<![\w-])(?i:les|ces|des|leurs|los|las|estos|estas|sus|unos|unas)\s+[\w-]+\s+$")


ROMANCE_PARTICIPLE = re.compile(r"\w+(?:é|ée|és|ées|ado|ada|ados|adas|ido|ida|idos|idas)",
                                 re.IGNORECASE)


PARTICIPLE = re.compile(r"\w+(?:ed|é|ée|és|ées|ado|ada|ados|adas|ido|ida|idos|idas)",
                         re.IGNORECASE)


DETERMINER = re.compile(r"(?<![\w-])(?:the|les|los|las|la|le|el)\s+$", re.IGNORECASE)


PAST_FORM = re.compile(
    r"(?<![\w-])\w{3,}(?:ed|en|é|ée|és|ées|ado|ada|ados|adas|ido|ida|idos|idas|ou|aram|eram"
    # the Spanish preterite ("detuvieron", "cargaron", "denunció") and the French passé
    # simple of the plural ("arrêtèrent", "saisirent"), told as finite verbs
    r"|aron|ieron|yeron|ó|èrent|irent)"
    r"(?![\w-])", re.IGNORECASE)


PAST_OR_PERFECT = re.compile(
    r"(?<![\w-])(?:has|have|had|was|were|a|ont|avait|avons|avaient|ha|han|había|hemos)\s+"
    r"(?:\w+\s+){0,2}$", re.IGNORECASE)


@functools.cache
def irregular_past() -> frozenset[str]:
    return frozenset(w.lower() for w in acts_lexicon()["irregular_past"])


@functools.cache
def agent_endings() -> tuple[str, ...]:
    return tuple(acts_lexicon()["agent_noun_endings"])
