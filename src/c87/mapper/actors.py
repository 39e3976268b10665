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

Nothing here knows a particular letter; every word list is data.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import replace as _dc_replace
from importlib.resources import files
from typing import Any

import yaml

from c87.model import Actor, Position, Span

__all__ = ["ActorIndex", "Mention", "acronym_start", "acronym_starts", "find_actors", "gazetteer",
           "lexicon"]

EVIDENCE_CAP = 5
UNION_KINDS = frozenset({"trade-union", "union-federation", "union-confederation"})
ORG_KINDS = UNION_KINDS | {"organisation", "employer", "intergovernmental"}
STATE_KINDS = frozenset({"government", "state-authority", "legislature", "court", "police",
                         "military"})


# --- public API ---------------------------------------------------------------------------

@dataclass
class Mention:
    """The words at ``start:end`` of the text name the actor whose id is ``actor``."""

    start: int
    end: int
    actor: str


@dataclass
class ActorIndex:
    """The actors of a letter and where the text names them.

    ``actors`` are in order of first mention with unique ids; ``mentions`` are sorted by
    start and do not overlap; ``notes`` say which rule made each actor and alias.
    """

    actors: list[Actor]
    mentions: list[Mention]
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        self._by_id = {a.id: a for a in self.actors}

    def in_span(self, start: int, end: int) -> list[Mention]:
        """The mentions that lie wholly inside ``start:end`` (a sentence), in text order."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def last_before(self, pos: int, kinds: set[str] | None = None) -> Mention | None:
        """The last mention that ends at or before ``pos`` (of an actor of ``kinds``)."""
        i = bisect.bisect_left(self._starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.end <= pos and (kinds is None or self.kind(m.actor) in kinds):
                return m
            i -= 1
        return None

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return self._by_id.get(actor_id)

    def kind(self, actor_id: str) -> str | None:
        """The kind of the actor with this id, or None if there is none."""
        actor = self._by_id.get(actor_id)
        return actor.kind if actor else None

    def add(self, actor: Actor, mentions: Sequence[Mention] = ()) -> Actor:
        """Add an actor (its id made unique) and those of ``mentions`` that overlap none.

        Use this, not ``actors.append``, so that the lookups stay consistent.
        """
        base, n = actor.id, 2
        while actor.id in self._by_id:
            actor.id = f"{base}-{n}"
            n += 1
        self.actors.append(actor)
        self._by_id[actor.id] = actor
        for m in mentions:
            m.actor = actor.id
            i = bisect.bisect_left(self._starts, m.start)
            prev_ok = i == 0 or self.mentions[i - 1].end <= m.start
            next_ok = i == len(self.mentions) or self.mentions[i].start >= m.end
            if prev_ok and next_ok:
                self.mentions.insert(i, m)
                self._starts.insert(i, m.start)
        return actor


# --- data ---------------------------------------------------------------------------------

@functools.cache
def lexicon() -> dict[str, Any]:
    """The word lists of ``ontology/lexicon.yaml`` (read once)."""
    path = files("c87").joinpath("ontology/lexicon.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def gazetteer() -> tuple[dict[str, Any], ...]:
    """The well-known bodies of ``ontology/organisations.yaml`` (read once)."""
    path = files("c87").joinpath("ontology/organisations.yaml")
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple({**e, "name": " ".join(str(e["name"]).split()),
                  "aliases": [" ".join(str(a).split()) for a in e.get("aliases", [])]}
                 for e in entries)


def _upper_class() -> str:
    """A regex character class body of the upper-case letters of Latin, Greek, Cyrillic."""
    ranges: list[tuple[int, int]] = []
    for lo, hi in ((0x41, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF)):
        for cp in range(lo, hi + 1):
            if chr(cp).isupper() or chr(cp).istitle():
                if ranges and ranges[-1][1] == cp - 1:
                    ranges[-1] = (ranges[-1][0], cp)
                else:
                    ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)


UP = _upper_class()
# A capitalised word: "Babayeva", "Al-Farabi", "O'Brien", "Metal-İş".
CAPW = rf"[{UP}]\w*(?:[-‑]\w+)*(?:['’][{UP}]\w*)?"
SP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # white space with at most one line break
QUOTE_OPEN = frozenset('"“«„‘')
QUOTE_CLOSE = frozenset('"”»’')
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‑": "-", "–": "-"})


@functools.lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """The form under which two names count as the same name."""
    text = unicodedata.normalize("NFKC", name).translate(_FOLD)
    return " ".join(text.split()).casefold()


def _squash(text: str) -> str:
    return " ".join(text.split())


def _alt(words: list[str] | frozenset[str] | set[str]) -> str:
    """An alternation of ``words`` (longest first), each space matching any white space."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(SP.join(re.escape(p) for p in w.split()) for w in parts)


def _words_re(words: list[str], *, bound: str = r"\w") -> str:
    """A pattern matching any of ``words`` as whole words (not inside a longer word)."""
    return f"(?<!{bound})(?:{_alt(words)})(?!{bound})"


def slug(value: str) -> str:
    """A readable identifier: ASCII letters, digits and hyphens, lower case."""
    text = unicodedata.normalize("NFKD", value.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60].strip("-") or "actor"


@functools.lru_cache(maxsize=1 << 16)
def _acronym_like(word: str) -> bool:
    """Whether ``word`` reads as an acronym: "ITUC", "FTUKg", "DoL", "DİSK-AR", "ITUC-Africa"."""
    if not word or not word[0].isupper() or len(word) > 16:
        return False
    first = word.split("-")[0]
    letters = [c for c in first if c.isalpha()]
    uppers = sum(c.isupper() for c in letters)
    if len(letters) < 2 or uppers < 2 or uppers * 2 < len(letters):
        return False
    return not re.fullmatch(r"[IVXLC]+", first)


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
    articles = frozenset({"the", "la", "le", "les", "los", "las", "l'"})
    english_preps = frozenset({"of", "for", "on", "to", "in", "at", "against", "über"})
    romance_preps = connectors - articles - english_preps
    from c87.mapper.dates import month_names

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


_TOKEN = re.compile(
    r"(?P<ws>\s*)(?:(?P<e>(?<!\w)[dDlL]['’](?=\w))|(?P<x>['’]s(?!\w))"
    r"|(?P<w>\w+(?:[-‑]\w+)*(?:(?<=[sS])['’](?!\w))?)|(?P<p>[^\w\s]))")


class _Tok:
    """A word, elision (d' l'), possessive 's or punctuation mark of the text."""

    __slots__ = ("cap", "caps", "end", "kind", "low", "nl", "norm", "start", "text")

    def __init__(self, start: int, end: int, text: str, norm: str, kind: str, nl: int,
                 caps: bool) -> None:
        self.start, self.end, self.text, self.kind, self.nl = start, end, text, kind, nl
        self.norm = norm  # quotes and dashes folded
        self.low = norm.lower()
        self.caps = caps  # in a line written in capitals (letterheads, subject lines)
        self.cap = kind == "w" and text[0].isupper() and not caps


_NO_UPPER = {cp: None for lo, hi in ((0x41, 0x24F), (0x370, 0x52F)) for cp in range(lo, hi + 1)
             if chr(cp).isupper()}
_NO_LOWER = {cp: None for lo, hi in ((0x61, 0x24F), (0x370, 0x52F)) for cp in range(lo, hi + 1)
             if chr(cp).islower()}
_LOWER_RUN = re.compile(r"[a-zà-ÿ]{3,}")


@functools.lru_cache(maxsize=1 << 14)
def _phrase_words(phrase: str, fold: bool) -> tuple[str, ...]:
    """The tokens of ``phrase`` as :class:`_Tok` would read them (lower case if ``fold``)."""
    words = tuple(m.group().translate(_FOLD) for m in _TOKEN.finditer(phrase)
                  if m.lastgroup != "ws")
    words = tuple(w.strip() for w in words if w.strip())
    return tuple(w.lower() for w in words) if fold else words


class _PhraseIndex:
    """Phrases looked up by their first token: leftmost-longest matches over a token list.

    Scanning the tokens once with a dictionary is far faster than one regular expression
    with hundreds of alternatives tried at every character.
    """

    def __init__(self, phrases: list[tuple[str, Any]], fold: bool) -> None:
        self.fold = fold
        self.first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for phrase, payload in phrases:
            words = _phrase_words(phrase, fold)
            if words:
                self.first.setdefault(words[0], []).append((words, payload))
        for entries in self.first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def match(self, toks: list[_Tok], i: int) -> tuple[int, Any] | None:
        """(index of the last token, payload) of the longest phrase starting at token i."""
        entries = self.first.get(toks[i].low if self.fold else toks[i].norm)
        if not entries:
            return None
        n = len(toks)
        for words, payload in entries:
            size = len(words)
            if i + size > n:
                continue
            k = 1
            while k < size:
                t = toks[i + k]
                if t.nl > 1 or (t.low if self.fold else t.norm) != words[k]:
                    break
                k += 1
            if k == size:
                return i + size - 1, payload
        return None

    def scan(self, toks: list[_Tok], start: int = 0,
             where: dict[str, list[int]] | None = None) -> list[tuple[int, int, Any]]:
        """Non-overlapping (first, last token, payload) matches, leftmost-longest.

        ``where`` maps each token form (lower case if this index folds case) to the indexes
        of the tokens of that form, so only tokens that can start a phrase are tried.
        """
        if where is None:
            where = {}
            for i, t in enumerate(toks):
                where.setdefault(t.low if self.fold else t.norm, []).append(i)
        starts = sorted(i for key in self.first.keys() & where.keys() for i in where[key]
                        if i >= start)
        out = []
        after = -1
        for i in starts:
            if i <= after:
                continue
            hit = self.match(toks, i)
            if hit is not None:
                out.append((i, hit[0], hit[1]))
                after = hit[0]
        return out


# --- the finder ---------------------------------------------------------------------------

@dataclass(eq=False)
class _Ent:
    """An actor while it is being found (merged entities point to their survivor)."""

    name: str
    kind: str
    rule: str
    names: list[str] = field(default_factory=list)
    gid: str | None = None  # gazetteer or generic id
    acronym: str | None = None
    honorific: str | None = None
    tokens: tuple[str, ...] = ()  # a person's name words
    positions: list[tuple[str, _Ent | None]] = field(default_factory=list)
    member_of: list[_Ent] = field(default_factory=list)
    country: str | None = None
    into: _Ent | None = None
    group_key: str | None = None

    def root(self) -> _Ent:
        ent = self
        while ent.into is not None:
            ent = ent.into
        return ent


@dataclass
class _Cand:
    start: int
    end: int
    ent: _Ent
    prio: int  # higher wins when two candidates have the same length
    alias: bool = True  # the words are a name of the actor (False: a back-reference)


class _Finder:
    """Runs the rules over one letter; :meth:`run` returns the :class:`ActorIndex`."""

    def __init__(self, text: str, body_start: int, country: str | None,
                 language: str | None) -> None:
        self.text = text
        self.body_start = body_start
        self.country = country
        self.language = (language or "en")[:2]
        self.lx = _lex()
        stop = lexicon()["name_stopwords"]
        # The letter's language's stop words; all of them when the language is not known.
        langs = [self.language] if language else [k for k in stop if k not in ("any", "en")]
        self.lx = _replace(self.lx, stopwords=frozenset(
            stop["any"] + stop["en"] + [w for k in langs for w in stop.get(k, [])]))
        self.ents: list[_Ent] = []
        self.lookup: dict[str, _Ent] = {}
        self.cands: list[_Cand] = []
        self.notes: list[str] = []
        self.group_keys: dict[str, _Ent] = {}
        self._cover_n = -1
        self._cover_starts: list[int] = []
        self._cover_ends: list[int] = []
        lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
        self.width = lengths[int(len(lengths) * 0.75)] if lengths else 80
        self.toks = self._tokenize()
        self.tok_starts = [t.start for t in self.toks]
        where_low: dict[str, list[int]] = {}
        where_norm: dict[str, list[int]] = {}
        for i, t in enumerate(self.toks):
            where_low.setdefault(t.low, []).append(i)
            where_norm.setdefault(t.norm, []).append(i)
        self.where_low, self.where_norm = where_low, where_norm

    # -- bookkeeping ------------------------------------------------------------------------

    def _tokenize(self) -> list[_Tok]:
        text = self.text
        caps_spans = []
        for line in re.finditer(r"[^\n]+", text):
            value = line.group()
            if len(_LOWER_RUN.findall(value)) > 2:
                continue  # running prose: quick to reject
            upper = len(value) - len(value.translate(_NO_UPPER))
            lower = len(value) - len(value.translate(_NO_LOWER))
            if upper < 8 or lower * 0.85 > 0.15 * upper:
                continue
            if sum(w.isupper() for w in re.findall(r"[^\W\d_]{3,}", value)) >= 2:
                caps_spans.append(line.span())
        toks: list[_Tok] = []
        norm = text.translate(_FOLD)  # one character for one: offsets do not move
        ci, n_caps = 0, len(caps_spans)
        pos = 0
        # The matches tile the text (white space, then one token), so offsets are sums.
        for ws, e, x, w, p in _TOKEN.findall(text):
            start = pos + len(ws)
            word = w or p or e or x
            end = pos = start + len(word)
            if not word:
                continue
            caps = False
            if n_caps:
                while ci < n_caps and caps_spans[ci][1] <= start:
                    ci += 1
                caps = ci < n_caps and caps_spans[ci][0] <= start
            toks.append(_Tok(start, end, word, norm[start:end],
                             "w" if w else "p" if p else "e" if e else "x",
                             ws.count("\n") if ws else 0, caps))
        return toks

    def find(self, name: str) -> _Ent | None:
        ent = self.lookup.get(_key(name))
        return ent.root() if ent else None

    def new(self, name: str, kind: str, rule: str, **kw: Any) -> _Ent:
        ent = _Ent(name=_squash(name), kind=kind, rule=rule, **kw)
        ent.names.append(ent.name)
        self.ents.append(ent)
        self.lookup.setdefault(_key(name), ent)
        return ent

    def entity(self, name: str, kind: str, rule: str, start: int | None = None,
               end: int | None = None, prio: int = 5, **kw: Any) -> _Ent:
        """The entity named ``name`` (made if new), with a candidate mention at start:end."""
        ent = self.find(name)
        if ent is None:
            ent = self.new(name, kind, rule, **kw)
            where = f" at {start}" if start is not None else ""
            self.notes.append(f"{_squash(name)!r}: {kind} by rule {rule}{where}")
        if start is not None and end is not None:
            self.cands.append(_Cand(start, end, ent, prio))
        return ent

    def alias(self, ent: _Ent, name: str, rule: str, start: int | None = None,
              end: int | None = None, prio: int = 5, merge: bool = True) -> _Ent:
        """Record ``name`` as a name of ``ent``; a different entity of that name merges in."""
        ent = ent.root()
        name = _squash(name)
        if not name:
            return ent
        other = self.find(name)
        if other is not None and other is not ent:
            if not merge or (other.kind == "person") != (ent.kind == "person"):
                return other  # a person and a body never merge
            ent = self.merge(ent, other, rule)
        if _key(name) not in {_key(n) for n in ent.names}:
            ent.names.append(name)
            self.notes.append(f"{ent.name!r}: alias {name!r} by rule {rule}")
        self.lookup.setdefault(_key(name), ent)
        if start is not None and end is not None:
            self.cands.append(_Cand(start, end, ent, prio))
        return ent

    def merge(self, keep: _Ent, gone: _Ent, rule: str) -> _Ent:
        """Merge ``gone`` into ``keep`` (the gazetteer's entity always survives)."""
        keep, gone = keep.root(), gone.root()
        if keep is gone:
            return keep
        if gone.gid and not keep.gid:
            keep, gone = gone, keep
        gone.into = keep
        for n in gone.names:
            if _key(n) not in {_key(x) for x in keep.names}:
                keep.names.append(n)
        keep.positions += gone.positions
        keep.member_of += gone.member_of
        keep.acronym = keep.acronym or gone.acronym
        if keep.kind == "organisation" and gone.kind != "organisation":
            keep.kind = gone.kind
        self.notes.append(f"{gone.name!r} merged into {keep.name!r} by rule {rule}")
        return keep

    def scan(self, index: _PhraseIndex, start: int = 0) -> list[tuple[int, int, Any]]:
        """Matches of ``index`` in the letter's tokens (see :meth:`_PhraseIndex.scan`)."""
        return index.scan(self.toks, start, self.where_low if index.fold else self.where_norm)

    def windows(self, triggers: frozenset[str], before: int, after: int,
                start: int = 0) -> list[tuple[int, int]]:
        """Spans of text around the tokens whose lower-case form is in ``triggers``.

        Rules whose patterns are costly run only in these windows: a letter without
        "Ltd" has no company suffix to look for.
        """
        out: list[tuple[int, int]] = []
        text, toks = self.text, self.toks
        hits = sorted(i for key in triggers & self.where_low.keys() for i in self.where_low[key])
        for t in (toks[i] for i in hits):
            if t.start >= start:
                lo = max(0, t.start - before)
                while lo > 0 and not text[lo - 1].isspace():
                    lo -= 1
                hi = min(len(text), t.end + after)
                if out and lo <= out[-1][1]:
                    out[-1] = (out[-1][0], hi)
                else:
                    out.append((lo, hi))
        return out

    def finditer(self, pattern: re.Pattern[str], triggers: frozenset[str], before: int,
                 after: int, start: int = 0) -> list[re.Match[str]]:
        """``pattern``'s matches in the windows around ``triggers`` (see :meth:`windows`)."""
        out: list[re.Match[str]] = []
        for lo, hi in self.windows(triggers, before, after, start):
            out.extend(pattern.finditer(self.text, lo, hi))
        return out

    def tok_at(self, pos: int) -> int:
        """Index of the first token that starts at or after ``pos``."""
        return bisect.bisect_left(self.tok_starts, pos)

    def joinable(self, a: int, b: int) -> bool:
        """Whether tokens a and b (a < b, adjacent) may belong to one name."""
        t = self.toks[b]
        if t.nl == 0:
            return True
        if t.nl > 1:
            return False
        lx = self.lx
        joiners = lx.connectors | lx.coordinators
        if self.toks[a].low in joiners or t.low in joiners:
            return True
        if t.start < self.body_start:  # header lines are separate, unless a line ends in "of"
            return False
        # In the body a name wraps onto the next line of running prose, but short lines are
        # a signature block or a list of copies, each line a name of its own.
        line_start = self.text.rfind("\n", 0, self.toks[a].start) + 1
        line_end = self.text.find("\n", self.toks[a].end)
        return len(self.text[line_start:line_end].rstrip()) >= 0.7 * self.width

    # -- kinds -------------------------------------------------------------------------------

    def head_kind(self, words: list[str], full: str) -> tuple[str | None, str | None]:
        """(kind, head) of a name made of ``words``, or (None, None) when it has no head."""
        lx = self.lx
        if not words:
            return None, None
        seg: list[str] = []
        for w in words:
            if w.lower() in lx.english_preps:
                break
            seg.append(w)
        seg = [w for w in seg if w not in ("'s", "’s")]
        if not seg:
            return None, None
        last = seg[-1]
        if last in lx.documents or (seg[0] in lx.documents and len(seg) == 1):
            return None, None
        head = None
        first = words[0].lower()
        romance = first in lx.romance_heads and first in lx.heads and (
            self.language in ("fr", "es", "pt", "it") or (len(words) > 1 and (
                words[1][:1].islower() or words[1].lower() in lx.romance_preps)))
        if romance:
            head = first
        elif last.lower().rstrip("'’") in lx.heads and (last[0].isupper() or len(seg) == 1):
            head = last.lower().rstrip("'’")
        elif first in lx.romance_heads and first in lx.heads:
            head = first
        if head is None:
            return None, None
        return self.refine(lx.heads[head], full), head

    def refine(self, value: Any, full: str) -> str:
        """The kind a head's lexicon value gives for the name ``full`` (cue words)."""
        if isinstance(value, str):
            return value
        cues = self.lx.cues
        full = self.lx.cue_exclusions_re.sub(" ", full)  # "Social Security" is no police
        union = bool(cues["union"].search(full)) or self.names_union(full)
        if "union" in value and union:
            kind = value["union"]
        elif "state" in value and cues["state"].search(full):
            kind = value["state"]
        else:
            kind = value["default"]
        if value.get("refine") and kind not in UNION_KINDS:
            for cue_kind in ("police", "court", "military", "legislature"):
                if cues[cue_kind].search(full):
                    return cue_kind
        return kind

    def names_union(self, full: str) -> bool:
        """Whether ``full`` contains the name of a workers' organisation already known."""
        for word in re.findall(r"[\w-]+", full):
            if _acronym_like(word):
                ent = self.find(word)
                if ent is not None and ent.kind in UNION_KINDS:
                    return True
        return False

    def fallback_kind(self, full: str) -> str:
        cues = self.lx.cues
        full = self.lx.cue_exclusions_re.sub(" ", full)
        if cues["union"].search(full):
            return "trade-union"
        for cue_kind in ("police", "court", "military", "legislature"):
            if cues[cue_kind].search(full):
                return cue_kind
        if cues["state"].search(full):
            return "state-authority"
        return "organisation"

    # -- rules -------------------------------------------------------------------------------

    def run(self) -> ActorIndex:
        self.gazetteer_names()
        self.persons()
        self.definitions()
        self.capitalised_names()
        self.hereinafter()
        self.companies()
        self.local_authorities()
        self.generic_authorities()
        self.state_agents()
        self.media()
        self.lower_unions()
        self.merge_acronym_variants()
        self.recurring_names()
        self.merge_persons()
        self.search_names()
        self.back_references()
        self.groups()
        self.person_positions()
        return self.finish()

    def gazetteer_names(self) -> None:
        """Rule gazetteer: well-known bodies by any of their names."""
        toks, text = self.toks, self.text
        hits = [(i, j, entry, True) for i, j, entry in self.scan(self.lx.gazetteer_long)
                if toks[i].text[:1].isupper()]
        taken = {k for i, j, _, _ in hits for k in range(i, j + 1)}
        for i, j, entry in self.scan(self.lx.gazetteer_acronyms):
            t = toks[i]
            if i in taken or (t.caps and len(t.text) <= 3) or "/" in (
                    text[t.start - 1:t.start] + text[t.end:t.end + 1]):
                continue  # "PERC/HTUR" is a reference code, not the body PERC
            hits.append((i, j, entry, False))
        for i, j, entry, _ in sorted(hits, key=lambda h: h[0]):
            start, end = toks[i].start, toks[j].end
            word = text[start:end]
            ent = self.find(entry["name"])
            if ent is None:
                ent = self.new(entry["name"], entry["kind"], "gazetteer", gid=entry["id"])
                for alias in entry["aliases"]:
                    ent.names.append(alias)
                    self.lookup.setdefault(_key(alias), ent)
                self.notes.append(f"{entry['name']!r}: {entry['kind']} from the gazetteer "
                                  f"(ontology/organisations.yaml), named {word!r} at {start}")
            self.alias(ent, word, "gazetteer", start, end, prio=8)

    def _in_caps(self, pos: int) -> bool:
        i = self.tok_at(pos)
        return i < len(self.toks) and self.toks[i].caps

    # persons ------------------------------------------------------------------------------

    def _name_words(self, words: list[str], titled: bool = False) -> list[str]:
        """The leading words of ``words`` that can be a person's name.

        After a title ("Daw Aye Aye Mar", "Ms June Banda") a month's name is a name.
        """
        lx = self.lx
        out = []
        for w in words:
            low = w.lower()
            if (w in lx.stopwords or (low in lx.months and not titled) or low in lx.heads
                    or low in lx.vocatives or low in lx.offices or w in lx.documents
                    or w in lx.places or low in lx.position_words
                    or (_acronym_like(w) and len(w) > 1 and w.isupper() and len(w) > 3)
                    or (self.find(w) is not None and self.find(w).kind != "person")):
                break
            out.append(w)
        return out

    def persons(self) -> None:
        """Rules person-title, person-appositive, person-post."""
        text, lx, toks = self.text, self.lx, self.toks
        from c87.mapper.countries import country_names

        countries = country_names()
        honorifics = _honorifics(self.country, self.language)
        n = len(toks)
        for i, t in enumerate(toks):
            if t.kind != "w" or t.caps:
                continue
            hon = t.text
            if hon not in honorifics:
                if not (hon == "H" and i + 2 < n and toks[i + 1].text == "." and
                        toks[i + 2].text == "E"):
                    continue
                hon = "H.E"
                t = toks[i + 2]
            if i > 0 and toks[i - 1].end == toks[i].start and toks[i - 1].text in "-’'.":
                continue  # "U.S.", "Jean-Marc": not a title
            m = _after_honorific().match(text, t.end)
            if m is None:
                continue
            if hon in ("M", "Me") and not m.group("dot"):
                continue
            raw = m.group("name")
            tokens = re.findall(rf"{CAPW}|\S+", raw)
            first = tokens[0].lower()
            if first in lx.vocatives or first in lx.offices:
                continue
            if hon == "M" and self.language != "fr" and len(tokens) < 2:
                continue
            keep = self._person_tokens(tokens, countries, titled=True)
            if not keep:
                continue
            name_end = m.start("name") + self._span_of(raw, keep)
            self.person(keep, m.start("name"), name_end, "person-title",
                        honorific=hon + (m.group("dot") or ""), hon_start=toks[i].start)
        # A name followed by an appositive post: "Kanatbek Osmonov, deputy president of".
        for c, t in enumerate(toks):
            if t.text != "," or t.start < self.body_start:
                continue
            k = c - 1
            while k >= 0 and c - k <= 5 and toks[k].cap and (k == c - 1 or toks[k + 1].nl == 0):
                k -= 1
            size = c - 1 - k
            if size < 2 or size > 4 or (k >= 0 and (toks[k].cap or toks[k].kind == "e" or
                                                   toks[k].low in lx.connectors - lx.articles)):
                continue
            start, end = toks[k + 1].start, toks[c - 1].end
            rest = re.match(r"\s*(?:(?:a|an|the|its|his|her|their|our|le|la|el|su|son|sa)\s+)?"
                            r"([^,;.:()\n]{1,60})", text[t.end:t.end + 80])
            if rest is None or self._covered(start, end):
                continue
            if not any(self._post_word(w) for w in rest.group(1).split()[:6]):
                continue
            # "Serbian Railways Infrastructure, the state-owned operator": an appositive
            # that says what a company is (an employer noun after "the") names no person.
            app = lx.employer_app_re.match(text, start)
            if app and app.end("name") == end and re.match(
                    r",\s*(?:the|la|el|le|l['’])\s", text[end:end + 6], re.IGNORECASE):
                continue
            tokens = [x.text for x in toks[k + 1:c]]
            keep = self._person_tokens(tokens, countries)
            if len(keep) == len(tokens):
                self.person(keep, start, end, "person-appositive")
        # A post, a comma, a name: "its president, Dragana Milovanović", "A third founder,
        # Shahlo Rakhimova, has been".
        for _i, j, _ in self.scan(lx.positions_index, self.tok_at(self.body_start)):
            c = j + 1
            if c + 2 >= n or toks[c].text != "," or toks[c + 1].nl > 1:
                continue
            k = c + 1
            while k < n and k - c <= 5 and toks[k].cap and (k == c + 1 or toks[k].nl == 0):
                k += 1
            size = k - c - 1
            if size < 2 or size > 4 or (k < n and toks[k].nl == 0 and toks[k].kind == "w"
                                        and toks[k].text[:1].isupper()):
                continue
            if toks[c + 1].text in honorifics or (
                    toks[c + 1].nl and not self.joinable(c, c + 1)):
                continue
            start, end = toks[c + 1].start, toks[k - 1].end
            if self._covered(start, end):
                continue
            tokens = [x.text for x in toks[c + 1:k]]
            keep = self._person_tokens(tokens, countries)
            if len(keep) == len(tokens):
                self.person(keep, start, end, "person-post-comma")
        # A post before a name: "union leader Peter Moyo", "trade unionist Javad Karimi".
        for _i, j, _ in self.scan(lx.positions_index):
            k = j + 1
            while k < n and k - j <= 4 and toks[k].cap and toks[k].nl == 0:
                k += 1
            if k - j - 1 < 2:
                continue
            start, end = toks[j + 1].start, toks[k - 1].end
            if self._covered(start, end):
                continue
            tokens = [x.text for x in toks[j + 1:k]]
            keep = self._person_tokens(tokens, countries)
            if len(keep) < 2:
                continue
            end = start + self._span_of(text[start:end], keep)
            self.person(keep, start, end, "person-post")

    def _post_word(self, word: str) -> bool:
        """Whether ``word`` names a post, singular or plural ("founder", "founders")."""
        low = word.lower().strip(",’'")
        posts = self.lx.position_words
        return low in posts or (len(low) > 3 and low.endswith("s") and low[:-1] in posts)

    def _person_tokens(self, tokens: list[str], countries: dict[str, str],
                       titled: bool = False) -> list[str]:
        lx = self.lx
        keep: list[str] = []
        i = 0
        while i < len(tokens):
            w = tokens[i]
            low = w.lower()
            if low in lx.particles and keep:
                keep.append(w)
                i += 1
                continue
            if not w[:1].isupper():
                break
            # A place word ends a name ("... House"), but after a title it may open one:
            # "Mr Park Jin-ho", "Ms Hall".
            opens = titled and not keep and w in lx.places and w not in lx.stopwords
            stop = self._name_words([w], titled) or ([w] if opens else [])
            if not stop or w in countries or (w.isupper() and len(w) > 2):
                break
            keep.append(w)
            i += 1
        while keep and keep[-1].lower() in lx.particles:
            keep.pop()
        return keep

    @staticmethod
    def _span_of(raw: str, keep: list[str]) -> int:
        """Length of the part of ``raw`` that holds the words ``keep``."""
        pos = 0
        for w in keep:
            pos = raw.index(w, pos) + len(w)
        return pos

    def _covered(self, start: int, end: int) -> bool:
        """Whether a candidate mention found so far spans all of start:end."""
        if self._cover_n != len(self.cands):  # rebuilt when candidates were added
            spans = sorted((c.start, c.end) for c in self.cands)
            self._cover_starts = [s for s, _ in spans]
            self._cover_ends = list(itertools.accumulate((e for _, e in spans), max))
            self._cover_n = len(self.cands)
        i = bisect.bisect_right(self._cover_starts, start)
        return i > 0 and self._cover_ends[i - 1] >= end

    def _after_cap(self, pos: int) -> bool:
        """Whether a capitalised word or name connector stands just before ``pos``."""
        i = self.tok_at(pos) - 1
        return i >= 0 and self.toks[i].nl == 0 and (
            (self.toks[i].cap and self.toks[i].text not in self.lx.stopwords)
            or self.toks[i].low in self.lx.connectors - self.lx.articles)

    def person(self, words: list[str], start: int, end: int, rule: str,
               honorific: str | None = None, hon_start: int | None = None) -> _Ent:
        """Record a person named ``words`` at start:end (with a title from hon_start)."""
        name = " ".join(words)
        ent = self.find(name)
        if ent is None or ent.kind != "person":
            ent = self.new(name, "person", rule, tokens=tuple(words), honorific=honorific)
            self.notes.append(f"{name!r}: person by rule {rule} at {start}")
        if honorific and not ent.honorific:
            ent.honorific = honorific
        if hon_start is not None:
            self.alias(ent, self.text[hon_start:end], rule, hon_start, end, prio=7, merge=False)
        else:
            self.cands.append(_Cand(start, end, ent, 7))
        return ent

    def recurring_names(self) -> None:
        """Rule person-recurrence: a name whose family name recurs alone is a person's.

        Letters name a person once in full and then by the family name alone
        ("Dragana Milovanović ... Milovanović was summoned", "Martín Olvera Ríos ...
        Olvera permaneció"). A run of two to four capitalised words in the body, each of
        which can be a name word (no head noun, post, place, month, country, acronym or
        known actor), whose family name (by the letter's name order: the last word, the
        first in family-first countries, the first surname where persons have two) stands
        elsewhere on its own, is a person. On its own: no capitalised word beside it, no
        determiner ("the Metro") or place preposition ("in Kitwe") before it; nor may a
        place preposition stand before the full name ("in Savski Venac"). A capitalised
        word that opens a sentence and is written in lower case elsewhere in the letter is
        an ordinary word, not part of the name ("Yesterday", "Police").
        """
        from c87.mapper.countries import country_names

        lx, toks = self.lx, self.toks
        countries = country_names()
        n = len(toks)
        lower_words = {t.low for t in toks if t.kind == "w" and not t.text[:1].isupper()}
        first_body = self.tok_at(self.body_start)
        spans = sorted((c.start, c.end) for c in self.cands)
        i = first_body
        while i < n:
            if not toks[i].cap:
                i += 1
                continue
            j = i
            while j + 1 < n and toks[j + 1].cap and toks[j + 1].nl == 0:
                j += 1
            run = list(range(i, j + 1))
            i = j + 1
            # Leading words that are not a name: known actors ("SITAB"), acronyms, posts,
            # stop words, and an ordinary word opening the sentence.
            while run:
                t = toks[run[0]]
                known = self.find(t.text)
                opens = run[0] == first_body or toks[run[0]].nl > 1 or (
                    run[0] > 0 and toks[run[0] - 1].text in ".!?:;")
                if (not self._name_words([t.text]) or _acronym_like(t.text) or
                        (known is not None and known.kind != "person") or
                        (opens and t.low in lower_words)):
                    run.pop(0)
                    continue
                break
            if not 2 <= len(run) <= 4:
                continue
            words = [toks[k].text for k in run]
            start, end = toks[run[0]].start, toks[run[-1]].end
            if _overlaps(spans, start, end) or self._in_caps(start) or (
                    run[0] > 0 and toks[run[0] - 1].low in lx.place_preps):
                continue  # "in Savski Venac": a place
            if self._person_tokens(words, countries) != words or any(
                    w.lower() in lower_words for w in words):
                continue
            family = self.split_name(tuple(words))[1]
            if not family:
                continue
            forms = {family, family.split()[0]} if (
                self.country in lx.name_order["two_surnames"]) else {family}
            if not any(self._stands_alone(f, run, spans) for f in forms if " " not in f):
                continue
            self.person(words, start, end, "person-recurrence")
            spans = sorted((c.start, c.end) for c in self.cands)

    def _stands_alone(self, word: str, run: list[int], spans: list[tuple[int, int]]) -> bool:
        """Whether ``word`` stands alone elsewhere in the body (see :meth:`recurring_names`)."""
        toks, lx = self.toks, self.lx
        found = False
        for k in self.where_norm.get(word, ()):
            t = toks[k]
            if k in run or t.start < self.body_start or t.caps or t.kind != "w":
                continue
            prev = toks[k - 1] if k > 0 else None
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if (prev is not None and t.nl == 0 and prev.cap and
                    prev.text not in lx.stopwords) or (
                    nxt is not None and nxt.nl == 0 and nxt.cap):
                continue  # part of a longer name
            if _inside(spans, t.start, t.end):
                continue
            if prev is not None and (prev.low in lx.place_preps or prev.low in _DETS):
                return False  # "in Kitwe", "the Metro": a place or a thing
            found = True
        return found

    def merge_persons(self) -> None:
        """Rule person-short-form: "Ms Babayeva" and "Babayeva" are Ryskul Babayeva."""
        persons = [e for e in self.ents if e.kind == "person" and e.into is None]
        persons.sort(key=lambda e: -len(e.tokens))
        first: dict[int, int] = {}
        for c in self.cands:
            key = id(c.ent.root())
            first[key] = min(first.get(key, c.start), c.start)
        for short in persons:
            if short.into is not None:
                continue
            n = len(short.tokens)
            fulls = [full for full in persons if full is not short and full.into is None
                     and len(full.tokens) > n and any(
                         full.tokens[i:i + n] == short.tokens
                         for i in range(len(full.tokens) - n + 1))]
            if not fulls:
                continue
            # Two persons may share a name part: the one named last before the short form.
            at = first.get(id(short), 0)
            before = [f for f in fulls if first.get(id(f), 0) <= at]
            full = max(before, key=lambda f: first.get(id(f), 0)) if before else fulls[0]
            self.merge(full, short, "person-short-form")
            if short.honorific and not full.honorific:
                full.honorific = short.honorific
        for ent in self.ents:
            if ent.kind != "person" or ent.into is not None:
                continue
            _given, family = self.split_name(ent.tokens)
            if family:  # never merges: two persons may share a family name
                self.alias(ent, family, "person-family-name", merge=False)
                if ent.honorific:
                    self.alias(ent, f"{ent.honorific} {family}", "person-family-name",
                               merge=False)
                first, _, second = family.partition(" ")
                # "compañero Quintero" of "Hernán Darío Quintero Mejía": the first surname
                # alone, when the letter uses it so.
                if self.country in self.lx.name_order["two_surnames"] and second and re.search(
                        rf"(?<!\w){re.escape(first)}(?!\w)(?!\s+{re.escape(second)})", self.text):
                    self.alias(ent, first, "person-first-surname", merge=False)

    def split_name(self, tokens: tuple[str, ...]) -> tuple[str | None, str | None]:
        """(given, family) names of a person named ``tokens`` in the letter's country."""
        order = self.lx.name_order
        if not tokens or self.country in order["no_family_name"]:
            return None, None
        if len(tokens) == 1:
            return None, tokens[0]
        if self.country in order["family_first"]:
            return " ".join(tokens[1:]), tokens[0]
        words = list(tokens)
        cut = len(words) - 1
        if self.country in order["two_surnames"] and len(
                [w for w in words if w.lower() not in self.lx.particles]) >= 3:
            cut = len(words) - 2
        while cut > 1 and words[cut - 1].lower() in self.lx.particles:
            cut -= 1
        # "Joy Ann Dela Cruz": a capitalised particle before the last word joins it.
        if cut == len(words) - 1 and cut > 1 and words[cut - 1].lower() in (
                "dela", "delos", "de", "del", "van", "von", "da", "dos", "el", "al", "bin",
                "binti", "le", "la", "di", "mac", "mc"):
            cut -= 1
        given = " ".join(words[:cut]).strip()
        family = " ".join(words[cut:]).strip()
        return (given or None), (family or None)

    # definitions ---------------------------------------------------------------------------

    def definitions(self) -> None:
        """Rule acronym-definition: names defined in parentheses."""
        text = self.text
        for m in re.finditer(r"\((?P<inner>[^()\n]{1,160}(?:\n[^()\n]{1,160})?)\)", text):
            if self._in_caps(m.start()):
                continue
            self._definition(m)

    def hereinafter(self) -> None:
        """Rule hereinafter: '(hereinafter "the Union")' names the actor just before it."""
        for m in self.lx.hereinafter_re.finditer(self.text):
            before = self._entity_ending_at(m.start())
            if before is not None:
                self.alias(before, m.group("alias"), "hereinafter", m.start("alias"),
                           m.end("alias"))

    def _entity_ending_at(self, pos: int) -> _Ent | None:
        best = None
        for c in self.cands:
            if c.end <= pos and not self.text[c.end:pos].strip(" \t\n\"”»'’,"):
                best = c.ent.root()
        if best is None:
            name = self._run_before(self.tok_at(pos))
            if name is not None:
                s, e = name
                words = [t.text for t in self.toks[s:e + 1]]
                full = self.text[self.toks[s].start:self.toks[e].end]
                kind, _ = self.head_kind(words, full)
                if kind:
                    best = self.entity(full, kind, "hereinafter", self.toks[s].start,
                                       self.toks[e].end)
        return best

    def _definition(self, m: re.Match[str]) -> None:
        text = self.text
        inner = m.group("inner")
        if inner.strip()[:1] in QUOTE_OPEN or re.match(r"\s*(?:hereinafter|hereafter|ci-après"
                                                       r"|en adelante)", inner, re.I):
            return
        parts = []
        offset = m.start("inner")
        for p in re.finditer(r"[^,/;]+", inner):
            part = p.group()
            stripped = part.strip()
            if stripped:
                s = offset + p.start() + part.index(stripped[0])
                parts.append((stripped, s, s + len(stripped)))
        acronyms = [p for p in parts if " " not in p[0] and _acronym_like(p[0])]
        names = []
        for p in parts:
            if p in acronyms:
                continue
            words = re.findall(r"[\w’'-]+", p[0])
            kind, _ = self.head_kind(words, p[0])
            if kind and p[0][:1].isupper():
                names.append((p, kind))
        # A foreign name with no head noun: "United Metal Workers' Union (Birleşik Metal-İş)".
        plain = [p for p in parts if p not in acronyms and not any(p == n[0] for n in names)
                 and re.fullmatch(rf"{CAPW}(?:\s+(?:(?:de|del|la|du|des|van|von|el|al)\s+)?"
                                  rf"{CAPW}){{0,5}}", p[0])
                 and not self._is_place(p[0])]
        if not acronyms and not names and not plain:
            return
        open_tok = self.tok_at(m.start())
        pre = None  # (start, end, kind)
        if acronyms:
            span = self._acronym_name(open_tok, acronyms[0][0])
            rule = "acronym-definition"
            if span is None:
                span = self._run_before(open_tok)
                rule = "acronym-definition (name before it)"
            if span is not None:
                s, e = span
                words = [t.text for t in self.toks[s:e + 1]]
                full = text[self.toks[s].start:self.toks[e].end]
                kind, _head = self.head_kind(words, full)
                if kind is None and (rule == "acronym-definition" or len(words) >= 2):
                    kind = self.fallback_kind(full)
                if kind is not None and kind != "person":
                    pre = (self.toks[s].start, self.toks[e].end, kind, rule)
        elif names and open_tok > 0 and _acronym_like(self.toks[open_tok - 1].text):
            t = self.toks[open_tok - 1]
            acronyms = [(t.text, t.start, t.end)]
            rule = "acronym-definition (name after it)"
        else:
            span = self._run_before(open_tok)
            rule = "translation-in-parentheses"
            if span is not None:
                s, e = span
                words = [t.text for t in self.toks[s:e + 1]]
                full = text[self.toks[s].start:self.toks[e].end]
                kind, _ = self.head_kind(words, full)
                if kind and not self._is_office(words):
                    pre = (self.toks[s].start, self.toks[e].end, kind, rule)
            if pre is None:
                return
            names += [(p, None) for p in plain]
        # Which entity: one already known by any of these names, else a new one.
        all_names = ([text[pre[0]:pre[1]]] if pre else []) + [n[0][0] for n in names] + [
            a[0] for a in acronyms]
        ent = next((self.find(n) for n in all_names if self.find(n) is not None), None)
        if ent is not None and ent.kind == "person":
            return
        if ent is None:
            if pre:
                kind = pre[2]
            elif names:
                kind = names[0][1]
            else:
                kind = self._kind_before(open_tok)
                if kind is None:
                    return
            first = text[pre[0]:pre[1]] if pre else (names[0][0][0] if names else acronyms[0][0])
            ent = self.new(first, kind, rule)
            where = pre[0] if pre else m.start()
            self.notes.append(f"{_squash(first)!r}: {kind} by rule {rule} at {where}")
        if pre:
            self.alias(ent, text[pre[0]:pre[1]], rule, pre[0], pre[1], prio=6)
        for (name, s, e), _kind in names:
            self.alias(ent, name, rule, s, e, prio=6)
        for acr, s, e in acronyms:
            self.alias(ent, acr, rule, s, e, prio=6)
            if ent.root().acronym is None:
                ent.root().acronym = acr

    def _is_place(self, name: str) -> bool:
        """Whether ``name`` is a country or ends in a place word ("Antioquia" is not known)."""
        return bool(countries_in(name)) or name.split()[-1] in self.lx.places

    def _kind_before(self, open_tok: int) -> str | None:
        """Kind from a lower-case head noun just before "(": "research centre (DİSK-AR)"."""
        if open_tok == 0:
            return None
        word = self.toks[open_tok - 1].low
        value = self.lx.heads.get(word)
        return self.refine(value, word) if value is not None else None

    def _run_before(self, open_tok: int) -> tuple[int, int] | None:
        """The capitalised name (token span) that ends just before token ``open_tok``."""
        e = open_tok - 1
        toks = self.toks
        while e >= 0 and toks[e].kind == "p" and toks[e].text in QUOTE_CLOSE:
            e -= 1
        if e < 0 or not (toks[e].cap or (toks[e].kind == "w" and toks[e].text[0].isupper())):
            return None
        s = e
        while s > 0:
            prev = toks[s - 1]
            if prev.cap and self.joinable(s - 1, s):
                s -= 1
                continue
            if prev.kind == "x" and s >= 2 and toks[s - 2].cap:
                s -= 2
                continue
            # connectors between capitalised words: "of", "of the", "and", "de la"
            j = s - 1
            seq = []
            while j >= 0 and (toks[j].low in self.lx.connectors or toks[j].low in
                              self.lx.coordinators) and len(seq) < 3:
                seq.append(toks[j].low)
                j -= 1
            if seq and j >= 0 and toks[j].cap and self._valid_connectors(seq[::-1]):
                s = j
                continue
            break
        while s <= e and (toks[s].text in self.lx.stopwords or toks[s].text in
                          self.lx.honorifics or toks[s].low in self.lx.months):
            s += 1
        if s > e:
            return None
        # A post or office before "of the": "Secretary General of the X Union (XU)".
        words = [t.text for t in toks[s:e + 1]]
        for i, w in enumerate(words):
            if w.lower() == "of" and i > 0:
                kind, _ = self.head_kind(words[:i], " ".join(words[:i]))
                if kind is None or self._is_office(words[:i]):
                    k = s + i + 1
                    while k <= e and toks[k].low in self.lx.articles:
                        k += 1
                    if k <= e:
                        rest = self._run_before_cut(k, e)
                        if rest is not None:
                            return rest
                break
        return s, e

    def _run_before_cut(self, s: int, e: int) -> tuple[int, int] | None:
        words = [t.text for t in self.toks[s:e + 1]]
        kind, _ = self.head_kind(words, " ".join(words))
        return (s, e) if kind else None

    def _valid_connectors(self, seq: list[str]) -> bool:
        """Whether a sequence of connector words may join two parts of one name."""
        lx = self.lx
        if len(seq) == 1:
            return seq[0] not in lx.articles or seq[0] in ("l'",)
        if seq[0] in lx.coordinators:
            rest = seq[1:]
            return bool(rest) and rest[0] in lx.romance_preps and all(
                w in lx.articles or w in lx.romance_preps for w in rest[1:])
        return seq[0] in (lx.english_preps | lx.romance_preps) and all(
            w in lx.articles or w in ("l'",) for w in seq[1:])

    def _acronym_name(self, open_tok: int, acronym: str) -> tuple[int, int] | None:
        """Token span of the name that ``acronym`` (defined at "(") abbreviates, if any."""
        toks = self.toks
        words: list[int] = []
        i = open_tok - 1
        while i >= 0 and len(words) < 16:
            t = toks[i]
            if t.nl > 1 or (t.start < self.body_start and t.nl > 0 and words):
                break
            if t.kind in ("w", "e"):
                words.append(i)
            elif t.kind == "x" or t.text in "-‑&'’" or (
                    t.text == "," and words and toks[words[-1]].cap):
                pass
            else:
                break
            i -= 1
        words.reverse()
        texts = [toks[i].text for i in words]
        caps = [toks[i].kind == "w" and toks[i].text[0].isupper() for i in words]
        results = acronym_starts(acronym, texts, caps, self.lx.connectors |
                                 self.lx.acronym_skips | self.lx.coordinators)
        if not results:
            return None
        cost, start = min(results, key=lambda r: (r[0], -r[1]))
        # "State Security Service of Georgia (SSG)": the country gives the acronym its last
        # letter, so "Security Service of Georgia" spells it too. A name that ends in
        # "of <Country>" runs back over the capitalised words before that start (with no
        # punctuation between) when they spell the acronym as well.
        if self._ends_in_country(texts[start:]):
            for c, s in sorted(results, key=lambda r: r[1]):
                if s < start and c <= cost + 1 and all(
                        caps[k] and texts[k] not in self.lx.stopwords and
                        texts[k] not in self.lx.honorifics and words[k + 1] == words[k] + 1
                        for k in range(s, start)):
                    start = s
                    break
        return words[start], words[-1]

    def _ends_in_country(self, words: list[str]) -> bool:
        """Whether a name of ``words`` ends in "of <Country>" ("... of Georgia", "de Honduras")."""
        cut = max((k for k, w in enumerate(words) if k and w.lower() in ("of", "de", "du", "del",
                                                                          "d'", "d’")),
                  default=None)
        if cut is None:
            return False
        rest = [w for w in words[cut + 1:] if w.lower() not in self.lx.articles]
        return 0 < len(rest) <= 4 and bool(countries_in(" ".join(rest)))

    # capitalised names ---------------------------------------------------------------------

    def _runs(self) -> list[tuple[int, int]]:
        """Token spans of capitalised names: capitalised words joined by connectors."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        runs = []
        i = 0
        while i < n:
            if not toks[i].cap and not self._lower_head_opens(i):
                i += 1
                continue
            j = i
            first = i
            while first <= j and toks[first].text in lx.stopwords:
                first += 1
            romance = first < n and (toks[first].low in lx.romance_heads or
                                     toks[first].low in lx.lower_heads)
            has_prep = False
            complements = 0
            while True:
                k = j + 1
                if k >= n:
                    break
                t = toks[k]
                if t.cap and self.joinable(j, k):
                    j = k
                    continue
                if t.kind == "x" and k + 1 < n and toks[k + 1].cap and self.joinable(k, k + 1):
                    j = k + 1
                    continue
                # "procureur de la République près le tribunal de ...": an office and the
                # court it serves are one name.
                if romance and t.low in lx.attachments and self.joinable(j, k):
                    m = k + 1
                    while m < n and m - k <= 2 and (toks[m].low in lx.articles or
                                                    toks[m].kind == "e"):
                        m += 1
                    if m < n and m > k + 1 and self.joinable(m - 1, m) and (
                            toks[m].cap or self._lower_head_opens(m)):
                        j = m
                        continue
                m, seq = k, []
                while m < n and (toks[m].low in lx.connectors or toks[m].low in
                                 lx.coordinators or toks[m].kind == "e") and len(seq) < 3 \
                        and self.joinable(m - 1, m):
                    seq.append(toks[m].low)
                    m += 1
                if seq and m < n and toks[m].cap and self.joinable(m - 1, m) and \
                        self._valid_connectors(seq):
                    has_prep = has_prep or any(w in lx.english_preps | lx.romance_preps
                                               for w in seq)
                    j = m
                    continue
                if t.text == "," and has_prep:
                    nxt = self._comma_list(k)
                    if nxt is not None:
                        j = nxt
                        continue
                if romance and t.kind in ("w", "e") and not t.cap and self.joinable(j, k):
                    if lx.adjective_re.match(t.low) and k - j == 1:
                        j = k
                        continue
                    if seq and m < n and toks[m].kind == "w" and not toks[m].text[0].isupper() \
                            and seq[0] in lx.romance_preps and complements < 2 \
                            and toks[m].low not in lx.connectors and self.joinable(m - 1, m):
                        complements += 1
                        # "de première instance de Yaoundé": lower-case words closed by a
                        # capitalised complement belong to the name; else one word does.
                        closing = self._closed_complement(m)
                        if closing is not None:
                            j = closing
                            continue
                        j = m
                        while j + 1 < n and lx.adjective_re.match(toks[j + 1].low) and \
                                toks[j + 1].nl == 0:
                            j += 1
                        continue
                break
            runs.append((i, j))
            i = j + 1
        return runs

    def _lower_head_opens(self, i: int) -> bool:
        """Whether the lower-case head at token i opens a name: "le ministère du Travail",
        "le procureur de la République", "le tribunal de première instance de Sfax"."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        if toks[i].low not in lx.lower_heads or i + 2 >= n or toks[i + 1].nl != 0:
            return False
        # "la police judiciaire", "la garde républicaine", "el tribunal laboral": a body
        # named by its head and a relational adjective.
        if self.language in _ROMANCE and toks[i].low in lx.heads and \
                lx.adjective_re.match(toks[i + 1].low) and toks[i + 1].kind == "w":
            return True
        if lx.adjective_re.match(toks[i + 1].low) and i + 3 < n:
            i += 1  # "le procureur général près la cour d'appel de Tunis"
            if toks[i + 1].low in lx.attachments and toks[i + 1].nl == 0:
                m = i + 2
                while m < n and m - i <= 3 and (toks[m].low in lx.articles or
                                                toks[m].kind == "e"):
                    m += 1
                return m > i + 2 and m < n and (toks[m].cap or self._lower_head_opens(m))
        if i + 2 >= n or not (toks[i + 1].low in lx.romance_preps or toks[i + 1].kind == "e"):
            return False
        after = toks[i + 2]
        if after.cap or (after.low in lx.articles and i + 3 < n and toks[i + 3].cap):
            return True
        return after.kind == "w" and not after.text[0].isupper() and \
            self._closed_complement(i + 2) is not None

    def _closed_complement(self, m: int) -> int | None:
        """Index of the capital closing "première instance de Yaoundé" from token m, if any."""
        toks, lx = self.toks, self.lx
        k = m
        while k < len(toks) and k - m < 3 and toks[k].kind == "w" and toks[k].nl <= 1 and \
                not toks[k].text[0].isupper() and toks[k].low not in lx.connectors:
            k += 1
        if k == m:
            return None
        p = k
        while p < len(toks) and (toks[p].low in lx.romance_preps or toks[p].kind == "e" or
                                 toks[p].low in lx.articles) and p - k < 3:
            p += 1
        if p > k and p < len(toks) and toks[p].cap and toks[p].nl <= 1:
            return p
        return None

    def _comma_list(self, k: int) -> int | None:
        """End of a list inside a name ("of Food, Agricultural, Hotel ... and Allied ...")."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        m = k
        while m < n and toks[m].text == ",":
            m += 1
            while m < n and (toks[m].low in lx.romance_preps or toks[m].low in lx.articles or
                             toks[m].kind == "e"):
                m += 1
            if m >= n or not toks[m].cap:
                return None
            while m + 1 < n and toks[m + 1].cap and toks[m + 1].nl == 0:
                m += 1
            m += 1
        if m < n and toks[m].low in lx.coordinators:
            m += 1
            while m < n and (toks[m].low in lx.romance_preps or toks[m].low in lx.articles or
                             toks[m].kind == "e"):
                m += 1
            if m < n and toks[m].cap:
                while m + 1 < n and toks[m + 1].cap and self.joinable(m, m + 1):
                    m += 1
                return m
        return None

    def _is_office(self, words: list[str]) -> bool:
        seg = []
        for w in words:
            if w.lower() in self.lx.english_preps:
                break
            seg.append(w)
        if seg and self.lx.office_re.search(" ".join(seg)):
            return True
        # French and Spanish put the office first: "ministre de l'Administration
        # territoriale", "Presidente de la República".
        return len(words) > 1 and words[0].lower() in self.lx.offices and (
            words[1].lower() in self.lx.romance_preps or words[1] in ("d'", "d’"))

    def capitalised_names(self) -> None:
        """Rule head-noun: capitalised names whose head noun says their kind."""
        lx, toks = self.lx, self.toks

        for i, j in self._runs():
            # Split "the District Court and Parliament": a coordinator after a head.
            pieces = []
            s = i
            for k in range(i + 1, j):
                if toks[k].low not in lx.coordinators:
                    continue
                m = k + 1
                while m < j and (toks[m].low in lx.connectors or toks[m].kind == "e"):
                    m += 1
                after = toks[m].low if m <= j else ""
                if (toks[k - 1].low.rstrip("'’") in lx.heads and toks[k - 1].cap) or (
                        m > k + 1 and (after in lx.heads or self.find(toks[m].text))):
                    pieces.append((s, k - 1))
                    s = m
            pieces.append((s, j))
            for s, e in pieces:
                self._classify_run(s, e)

    def _classify_run(self, s: int, e: int) -> None:
        lx, toks, text = self.lx, self.toks, self.text
        while s <= e and (toks[s].text in lx.stopwords or toks[s].low in lx.months
                          or toks[s].kind != "w"):
            s += 1
        while e >= s and (toks[e].low in lx.connectors or toks[e].low in lx.coordinators
                          or toks[e].kind != "w"):
            e -= 1
        if s > e or toks[s].text in lx.honorifics:
            return
        prev = toks[s - 1] if s > 0 else None
        if prev is not None and prev.low in ("on", "sur", "sobre", "concerning") and prev.nl == 0:
            return  # the topic of a law or meeting: "Law on Trade Unions"
        words = [t.text for t in toks[s:e + 1] if t.kind in ("w", "x", "e")]
        start, end = toks[s].start, toks[e].end
        full = text[start:end]
        if self._covered(start, end) or any(c.start == start and c.ent.gid and c.ent.kind ==
                                            "intergovernmental" for c in self.cands):
            return  # part of a name defined with its acronym, or of a person's name
        if len(words) == 1:
            return  # a lone head word is a back-reference or a generic name (rules below)
        if self.find(full) is not None:
            self.entity(full, "organisation", "head-noun", start, end)
            return
        office = self._is_office(words)
        kind, head = self.head_kind(words, full)
        # "Ordinary Congress of the TUCOSWA", "Constitution of the FTUKg": a part of a body
        # already named.
        for k in range(s + 1, e):
            if toks[k].low in ("of", "de", "du", "del", "des"):
                m = k + 1
                while m <= e and toks[m].low in lx.articles:
                    m += 1
                if m <= e and not office and any(
                        c.start == toks[m].start and c.end == end and c.ent.root().kind not in
                        ("person", "group") for c in self.cands):
                    return
                break
        if office and not (kind and head and not lx.office_re.search(head)):
            self._office(s, e, words, full)
            return
        if kind is None:
            # "Secretary General of the Santo Tomás de Castilla Port Workers' Union"
            for k in range(s + 1, e):
                if toks[k].low == "of":
                    m = k + 1
                    while m <= e and toks[m].low in lx.articles:
                        m += 1
                    if m <= e:
                        self._classify_run(m, e)
                    return
            return
        seg = [w for w in words[:len(words)] if w.lower() not in lx.english_preps]
        before_head = []
        for w in words:
            if w.lower().rstrip("'’") == head or w.lower() in lx.english_preps:
                break
            before_head.append(w)
        # "FPKg Council", "ZCTU Congress": an organ of an organisation, not an actor of its own.
        if before_head and all(_acronym_like(w) for w in before_head) and kind not in (
                "government",):
            parent = self._gazetteer_parent(before_head[0])
            if parent is None or parent["kind"] != "intergovernmental":
                return
        if toks[e].text in lx.places or (seg and seg[-1] in lx.places and kind != "police"):
            return
        parent = self._gazetteer_parent(words[0])
        if (parent is not None and parent["kind"] == "intergovernmental" and \
                kind not in UNION_KINDS) or (kind not in UNION_KINDS and any(
                (g := self.lx.gazetteer_map.get(_key(w))) and g["kind"] == "intergovernmental"
                for w in words[1:])):
            kind = "intergovernmental"
        # "ITUC Human and Trade Union Rights Department", "BWI Communications Department": a
        # department of a workers' or other non-state organisation is no state body; it
        # has the kind of the organisation it is part of.
        owner = self.find(words[0]) if _acronym_like(words[0]) else None
        owner_kind = owner.kind if owner is not None else (parent or {}).get("kind")
        if kind in STATE_KINDS and owner_kind in ORG_KINDS - {"intergovernmental"}:
            kind = owner_kind
        # Short form of a name already known: "the State Government" of "Ekiti State
        # Government".
        if len(words) >= 2:
            short = _key(full)
            for ent in self.ents:
                if ent.into is None and ent.kind not in ("person", "group") and \
                        _key(ent.name).endswith(" " + short) and ent.kind == kind:
                    self.alias(ent, full, "short-form", start, end)
                    return
        if kind == "government":
            mods = {w.lower() for w in before_head}
            countries = countries_in(full)
            national = not mods - {"national", "federal", "central", "royal", "transitional",
                                   "interim", "provisional", "union"}
            if countries or (national and re.search(r"\bof\b", full) is None) or (
                    national and re.search(r"Republic|Kingdom|State of", full)):
                code = countries[0] if countries else self.country
                ent = self.generic("government", code)
                self.alias(ent, full, "national-government", start, end)
                return
        self._quoted_after(e, self.entity(full, kind, "head-noun", start, end), start)

    def _gazetteer_parent(self, word: str) -> dict[str, Any] | None:
        return self.lx.gazetteer_map.get(_key(word)) if _acronym_like(word) else None

    def _quoted_after(self, e: int, ent: _Ent, start: int) -> None:
        """'Independent Trade Union of Construction Workers "Kurylysshy"': a quoted name."""
        toks = self.toks
        k = e + 1
        if k < len(toks) and toks[k].text in QUOTE_OPEN and toks[k].nl == 0:
            m = k + 1
            while m < len(toks) and m - k <= 6 and toks[m].text not in QUOTE_CLOSE:
                m += 1
            if m < len(toks) and m > k + 1 and toks[k + 1].cap:
                q0, q1 = toks[k + 1].start, toks[m - 1].end
                self.alias(ent, self.text[start:toks[m].end], "quoted-name", start, toks[m].end)
                self.alias(ent, self.text[q0:q1], "quoted-name", q0, q1)

    def _office(self, s: int, e: int, words: list[str], full: str) -> None:
        """Rule office: "the President of the Republic", "Minister of Labour"."""
        toks, text = self.toks, self.text
        of = next((k for k in range(s + 1, e) if toks[k].low in _OF), None)
        if of is None and not self._domain_office(s, e, words):
            return  # a bare title is a form of address, or a post
        start, end = toks[s].start, toks[e].end
        # A post in an appositive: "Ms X, President of the BKDP", "the KHWU President, Ms Y".
        before = text[max(0, start - 4):start]
        if re.search(r",\s*$", before) and any(
                c.ent.kind == "person" and c.end <= start and
                not text[c.end:start].strip(" \t\n,") for c in self.cands):
            return
        if self.names_union(full) or any(
                (ent := self.find(w)) is not None and ent.kind in ORG_KINDS - {"intergovernmental"}
                for w in words if _acronym_like(w)):
            return
        # "President of the Zambia Congress of Trade Unions", "Presidente de la Central
        # Unitaria de Trabajadores": a post a union also has, in a union or company named
        # by its own name, is no state office; the union or company is the actor. (The
        # "Registrar of Trade Unions" is: a state post, and unions in general.)
        if of is not None and self._post_word(toks[of - 1].text):
            m = of + 1
            while m <= e and (toks[m].low in self.lx.articles or toks[m].kind == "e"):
                m += 1
            rest = [t.text for t in toks[m:e + 1] if t.kind == "w"]
            cues = self.lx.cues["union"]
            if rest and self.head_kind(rest, text[toks[m].start:end])[0] in (
                    UNION_KINDS | {"employer"}) and not all(
                    w.lower() in self.lx.heads or cues.fullmatch(w) or
                    w.lower() in self.lx.connectors for w in rest):
                self._classify_run(m, e)
                return
        kind = "state-authority"
        if any((g := self.lx.gazetteer_map.get(_key(w))) and g["kind"] == "intergovernmental"
               for w in words) or re.search(r"International Labour|United Nations", full):
            kind = "intergovernmental"
        self.entity(full, kind, "office", start, end)

    def _domain_office(self, s: int, e: int, words: list[str]) -> bool:
        """Whether tokens s..e are an office named by its portfolio: "the Labour
        Commissioner", "the Interior Minister", "le Préfet régional".

        A state office without "of": the office word after a capitalised word that says
        its domain (not a post modifier such as "Deputy" or "Acting", not a union word or
        acronym), after a definite article, and not a post before a name ("Labour
        Minister Jane Doe").
        """
        lx, toks = self.lx, self.toks
        if len(words) < 2 or s == 0 or toks[s - 1].low not in ("the", "le", "la", "el", "l'") \
                or toks[s].start < self.body_start:
            return False
        nxt = toks[e + 1] if e + 1 < len(toks) else None
        if nxt is not None and nxt.nl == 0 and nxt.cap:
            return False
        m = lx.office_re.search(" ".join(words))
        if m is None:
            return False
        domain = " ".join(words)[:m.start()].split()
        return bool(domain) and not any(
            w.lower() in lx.position_mods or w.lower() in lx.offices or _acronym_like(w)
            or w in lx.stopwords or self.head_kind([w], w)[0] in UNION_KINDS
            for w in domain)

    def generic(self, gid: str, code: str | None) -> _Ent:
        """The one actor of a generic-authority entry (government-kg, police-kg ...)."""
        entry = next(e for e in self.lx_generic() if e["id"] == gid)
        ident = f"{gid}-{code.lower()}" if code else gid
        for ent in self.ents:
            if ent.gid == ident and ent.into is None:
                return ent
        label = entry["label"]
        if gid == "government" and code:
            label = f"Government of {country_name(code)}"
        ent = self.new(label, entry["kind"], "generic-authority", gid=ident, country=code)
        self.notes.append(f"{label!r}: {entry['kind']} by rule generic-authority "
                          f"(lexicon generic_authorities: {gid})")
        return ent

    def lx_generic(self) -> list[dict[str, Any]]:
        return lexicon()["generic_authorities"]

    # employers, local authorities, unions by common nouns --------------------------------

    def companies(self) -> None:
        """Rules company-suffix, employer-appositive, generic employers."""
        lx, text = self.lx, self.text
        # "PT Sinar Jaya Garment": a legal form before the name (Indonesia, Malaysia ...)
        for m in self.finditer(lx.company_prefix_re, lx.triggers["company_prefix"], 0, 120):
            name = m.group("name").split()
            while name and (name[-1] in lx.stopwords or name[-1].lower() in lx.months):
                name = name[:-1]
            if name and not self._in_caps(m.start()):
                end = m.start("name") + self._span_of(m.group("name"), name)
                ent = self.entity(text[m.start():end], "employer", "company-prefix", m.start(),
                                  end, prio=6)
                self.alias(ent, text[m.start("name"):end], "company-prefix")
        for m in self.finditer(lx.company_re, lx.triggers["company"], 150, 12):
            # A name wraps onto the next line of prose ("Tbilisi\nMetro LLC"), but lines that
            # do not join (an address block, a list) cut it.
            cut = m.start("name")
            first, last = self.tok_at(cut), self.tok_at(m.start("suffix"))
            if last < len(self.toks) and not self.joinable(last - 1, last):
                continue
            for k in range(first + 1, last):
                if self.toks[k].nl and not self.joinable(k - 1, k):
                    cut = self.toks[k].start
            name = text[cut:m.end("name")]
            words = name.split()
            while words and (words[0] in lx.stopwords or words[0].lower() in lx.months):
                words = words[1:]
            if "of" in words:  # "Workers of Golden Textiles Ltd.": the workers are not a name
                before = " ".join(words[:words.index("of")]).lower()
                if before in lx.group_heads or before in lx.position_words:
                    words = words[words.index("of") + 1:]
            if not words or self._in_caps(m.start()):
                continue
            start = cut + name.index(words[0])
            full = text[start:m.end()]
            if self.find(full) and self.find(full).kind == "person":
                continue
            ent = self.entity(full, "employer", "company-suffix", start, m.end(), prio=6)
            bare = text[start:m.end("name")]
            if ent.kind == "employer":
                self.alias(ent, bare, "company-suffix")
                # "Procesadora Agroalimentaria del Bajío, S.A. de C.V. (PAB)": an acronym
                # defined after the legal form abbreviates the name before it.
                acr = re.match(r"[ \t]*\(\s*(?P<acr>[^\s()]{2,12})\s*\)",
                               text[m.end():m.end() + 20])
                if acr and _acronym_like(acr.group("acr")) and \
                        self.find(acr.group("acr")) is None:
                    bare_words = re.findall(r"[\w’'-]+", bare)
                    if acronym_starts(acr.group("acr"), bare_words,
                                      [w[:1].isupper() for w in bare_words],
                                      lx.connectors | lx.acronym_skips | lx.coordinators):
                        a0 = m.end() + acr.start("acr")
                        self.alias(ent, acr.group("acr"), "company-acronym", a0,
                                   a0 + len(acr.group("acr")), prio=6)
                        ent.root().acronym = ent.root().acronym or acr.group("acr")
        for m in self.finditer(lx.employer_app_re, lx.triggers["employer"], 200, 30,
                               self.body_start):
            words = m.group("name").split()
            while words and (words[0] in lx.stopwords or words[0].lower() in lx.months):
                words = words[1:]
            if not words or self._after_cap(m.start()):
                continue
            start = m.start("name") + m.group("name").index(words[0])
            end = m.end("suffix") if m.group("suffix") else m.end("name")
            name = text[start:end]
            known = self.find(name)
            if known is not None and known.kind != "employer":
                continue
            if len(words) == 1 and words[0] in lx.stopwords:
                continue
            self.entity(name, "employer", "employer-appositive", start, end, prio=6)
        # "their employer, Samarqand Non Kombinati,", "la empresa Procesadora Agroalimentaria
        # del Bajío": a name after an employer noun is a company's, with or without its
        # legal form.
        for m in self.finditer(lx.employer_before_re, lx.triggers["employer_before"], 40, 120,
                               self.body_start):
            words = m.group("name").split()
            start, end = m.span("name")
            if words[0] in lx.stopwords or self._in_caps(start) or self._is_place(
                    m.group("name")) or _overlaps(sorted((c.start, c.end) for c in self.cands),
                                                  start, end):
                continue
            if any(not self._name_words([w]) and w.lower() not in lx.connectors and
                   w.lower() not in lx.heads for w in words):
                continue  # a post, month, document or office: no company's name
            known = self.find(m.group("name"))
            if (known is not None and known.kind != "employer") or self.head_kind(
                    words, m.group("name"))[0] not in (None, "employer", "organisation"):
                continue  # "the employer, Ministry of Education": a state body
            self.entity(m.group("name"), "employer", "employer-noun-before", start, end, prio=6)
        employer = None
        toks = self.toks
        for i, j, _ in self.scan(lx.employer_generic, self.tok_at(self.body_start)):
            start, end = toks[i].start, toks[j].end
            if employer is None:
                employer = self.find("employers") or self.new(
                    "employers", "employer", "employer-generic", gid="employers")
                self.notes.append("'employers': employer by rule employer-generic "
                                  f"(lexicon employer_generic) at {start}")
            self.alias(employer, text[start:end], "employer-generic", start, end, prio=2)
        # "the management of the Golden Lotus Casino Resort": the employer of a workplace.
        for m in self.finditer(_MANAGEMENT_OF, _MANAGEMENT_WORDS, 0, 120):
            name = m.group("name")
            ent = self.find(name)
            if any(c.start == m.start("name") for c in self.cands):
                continue
            if ent is None and name.split()[0] not in lx.stopwords and len(name.split()) >= 2:
                kind, _ = self.head_kind(name.split(), name)
                if kind in (None, "employer", "organisation"):
                    self.entity(name, "employer", "management-of", m.start("name"), m.end())

    def local_authorities(self) -> None:
        """Rules place-authority ("Bishkek police department") and de-place ("wali d'Oran")."""
        lx, text = self.lx, self.text
        fn_words = {"and", "or", "the", "of", "to", "by", "in", "on", "at", "with", "from",
                    "for", "a", "an", "as", "its", "their", "was", "were", "is", "are", "has",
                    "have", "had", "which", "who", "that", "local"}
        # English puts the place first ("Bishkek police department"); French and Spanish
        # put it after the head, which the de-place rule reads.
        english = self.language in ("en", "") or self.language not in ("fr", "es", "pt", "it")
        for m in self.finditer(lx.place_authority_re, lx.triggers["place"] if english
                               else frozenset(), 80, 30):
            place = m.group("place").split()
            mods = m.group("mods").split()
            if any(w in fn_words for w in mods) or self._in_caps(m.start()):
                continue
            while place and (place[0] in lx.stopwords or place[0].lower() in lx.months):
                place = place[1:]
            if not place or any(self._name_words([w]) != [w] for w in place if not
                                self.find(w)) or (self.find(place[0]) is not None and
                                                  self.find(place[0]).kind == "person"):
                continue
            start = m.start("place") + m.group("place").index(place[0])
            i = self.tok_at(start)
            if self._after_cap(start) or i == 0 or self.toks[i].nl > 1 or self.toks[i - 1].text \
                    in ".!?:;" or self._covered(start, m.end()):
                continue  # a capital opening a sentence is not a place ("Governmental ...")
            name = text[start:m.end()]
            head = m.group("head").lower()
            kind = self.fallback_kind(name) if "authorit" not in head else "state-authority"
            if kind in ("organisation", "trade-union"):
                kind = "state-authority"
            self.entity(name, kind, "place-authority", start, m.end(), prio=6)
        # "the mahalla committee", "the city police department": a body of a unit of local
        # government, named by the unit's common noun.
        for m in self.finditer(lx.local_unit_re, lx.triggers["local_unit"], 40, 40,
                               self.body_start):
            if self._in_caps(m.start()) or self._covered(m.start("name"), m.end()):
                continue
            name = m.group("name")
            kind = self.fallback_kind(name)
            if kind in ("organisation", "trade-union"):
                kind = "state-authority"
            self.entity(name, kind, "local-unit-authority", m.start("name"), m.end(), prio=5)
        for m in self.finditer(lx.de_place_re, lx.triggers["de_place"], 0, 90):
            if self._in_caps(m.start()):
                continue
            self.entity(m.group(), "state-authority", "de-place-authority", m.start(), m.end(),
                        prio=6)

    def media(self) -> None:
        """Rule media: the press named by its stance or owner is an actor.

        "pro-government tabloids published her address", "state television", "la prensa
        oficialista": a media noun (lexicon media_nouns) with a word saying whose it is
        (media_modifiers, or any "pro-" compound) before it, or after it in French,
        Spanish and Portuguese. Unqualified ("the media reported") it is no actor.
        """
        lx, toks, text = self.lx, self.toks, self.text
        n = len(toks)
        spans = sorted((c.start, c.end) for c in self.cands)

        def modifier(t: _Tok) -> bool:
            return t.kind == "w" and (t.low in lx.media_mods or (
                t.low.startswith("pro-") and len(t.low) > 5))

        for h in sorted(i for w in lx.media_nouns for i in self.where_low.get(w, ())):
            if toks[h].start < self.body_start or toks[h].caps:
                continue
            s = e = h
            if h > 0 and toks[h - 1].low in lx.media_nouns and toks[h].nl == 0:
                continue  # the second noun of "state television channel", read with the first
            while s > 0 and h - s < 2 and toks[s].nl <= 1 and modifier(toks[s - 1]):
                s -= 1
            while e + 1 < n and toks[e + 1].nl == 0 and toks[e + 1].low in lx.media_nouns:
                e += 1  # "state television channel"
            while self.language in _ROMANCE and e + 1 < n and e - h < 2 and \
                    toks[e + 1].nl <= 1 and modifier(toks[e + 1]):
                e += 1
            if s == h and (self.language not in _ROMANCE or e == h or
                           not modifier(toks[e])):
                continue
            start, end = toks[s].start, toks[e].end
            if _overlaps(spans, start, end):
                continue
            self.entity(_squash(text[start:end]), "organisation", "media", start, end, prio=4)

    def lower_unions(self) -> None:
        """Rule common-noun-union: "the textile workers' union", "sindicato de docentes"."""
        text = self.text
        # 'a new union, "Adal Engbek"', 'le syndicat « Solidarité »': a quoted name.
        for m in self.finditer(_QUOTED_UNION, _UNION_WORDS, 20, 80, self.body_start):
            name = _squash(m.group("q"))
            if name[:1].isupper() and len(name.split()) <= 6 and not self.find(name):
                head = m.group("head").lower()
                value = self.lx.heads.get(head) or self.lx.heads.get(head.split()[-1])
                kind = self.refine(value, name) if value else "trade-union"
                self.entity(name, kind, "quoted-union-name", m.start("q"), m.end("q"))
        for m in self.finditer(self.lx.lower_union_re, _UNION_WORDS, 60, 80):
            start, end = m.span("name")
            if self._covered(start, end):
                continue
            # "Kurylysshy construction workers' union": a known name just before it.
            i = self.tok_at(start) - 1
            if i >= 0 and self.toks[i].cap and self.toks[i].nl == 0:
                known = self.find(self.toks[i].text)
                if known is not None and known.kind in UNION_KINDS:
                    self.alias(known, text[self.toks[i].start:end], "common-noun-union",
                               self.toks[i].start, end)
                    continue
            # "a new union, "Adal Engbek"": the quoted name after it.
            q = re.match(r"\s*,?\s*[\"“«]\s*(?P<q>[^\"”»\n]{2,50}?)\s*[\"”»]", text[end:end + 60])
            if q and q.group("q")[:1].isupper() and re.search(r"union|syndicat|sindicato",
                                                               m.group(), re.I):
                self.entity(q.group("q"), "trade-union", "quoted-union-name",
                            end + q.start("q"), end + q.end("q"))
                continue
            if re.fullmatch(r"(?:trade\s+)?unions?", m.group(), re.I):
                continue
            self.entity(m.group(), "trade-union", "common-noun-union", start, end, prio=4)

    def generic_authorities(self) -> None:
        """Rule generic-authority: "the police", "soldiers", "the authorities", "Parliament"."""
        text, lx, toks = self.text, self.lx, self.toks
        spans = sorted((c.start, c.end) for c in self.cands if c.ent.kind != "group")
        for i, j, _ in self.scan(lx.generic_index):
            start, end = toks[i].start, toks[j].end
            phrase = text[start:end]
            if toks[i].caps or _overlaps(spans, start, end):
                continue
            # A determiner before the phrase belongs to it when the lexicon has both forms.
            det = toks[i - 1].low if i > 0 and toks[i].nl == 0 else None
            entry = lx.generic_map.get(_key(phrase))
            if entry is None and det is not None and _key(f"{det} {phrase}") in lx.generic_map:
                entry = lx.generic_map[_key(f"{det} {phrase}")]
                start = toks[i - 1].start
                phrase = text[start:end]
            if entry is None:
                continue
            if (phrase.lower() in ("government", "parliament") and phrase[0].islower() and
                    det not in _DETS and j + 1 < len(toks) and toks[j + 1].kind == "w" and
                    toks[j + 1].text[0].islower()):
                continue  # "government officials": an adjective use
            ent = self.generic(entry["id"], self.country)
            self.alias(ent, phrase, "generic-authority", start, end, prio=3)
            if start < toks[i].start:  # "the public prosecutor" is also "public prosecutor"
                self.alias(ent, text[toks[i].start:end], "generic-authority")

    def state_agents(self) -> None:
        """Rule state-agents: "immigration officers", "agentes de migración" are a state actor.

        Agents named by a function only the state has (lexicon state_agent_modifiers) act
        for the state: an actor named as the letter words it, not an unnamed group.
        """
        lx, toks, text = self.lx, self.toks, self.text
        spans = sorted((c.start, c.end) for c in self.cands)
        heads = sorted(i for w in lx.state_agent_nouns for i in self.where_low.get(w, ()))
        n = len(toks)
        for h in heads:
            if toks[h].start < self.body_start or toks[h].caps:
                continue
            start = end = None
            kind = None
            # English: "immigration officers", "tax and customs officials" (modifiers before).
            k = h
            while k > 0 and h - k < 3 and toks[k].nl <= 1 and toks[k - 1].kind == "w" and (
                    toks[k - 1].low in lx.state_agent_mods or (
                        toks[k - 1].low in lx.coordinators and k - 2 >= 0 and
                        toks[k - 2].low in lx.state_agent_mods)):
                k -= 1
            while k < h and toks[k].low not in lx.state_agent_mods:
                k += 1
            if k < h:
                start, end = toks[k].start, toks[h].end
                kind = lx.state_agent_mods[toks[k].low]
            else:
                # French, Spanish: "agentes de migración", "agents de l'immigration".
                m = h + 1
                if m < n and toks[m].low in ("de", "des", "del", "du", "d'") and \
                        toks[m].nl <= 1:
                    m += 1
                    while m < n and m - h <= 3 and (toks[m].low in lx.articles or
                                                    toks[m].kind == "e"):
                        m += 1
                    if m < n and m - h <= 4 and toks[m].low in lx.state_agent_mods and \
                            toks[m].nl <= 1:
                        start, end = toks[h].start, toks[m].end
                        kind = lx.state_agent_mods[toks[m].low]
            if start is None or kind is None or _overlaps(spans, start, end):
                continue
            self.entity(_squash(text[start:end]), kind, "state-agents", start, end, prio=5)

    # acronym variants ----------------------------------------------------------------------

    def merge_acronym_variants(self) -> None:
        """Rule acronym-variant: an acronym the letter never defines is a defined one.

        Letters about non-English-speaking countries use the national-language acronym of
        an organisation beside the English one they define ("Federation of Trade Unions of
        Kyrgyzstan (FTUKg)" ... "the FPKg Council" ... "the FPK Council"). An undefined
        acronym is merged into the one defined acronym of a workers' organisation that
        (a) starts with the same letter and ends in the same last capital, with the same
        lower-case country suffix if both have one (FPKg, FPK ~ FTUKg), or (b) is a prefix
        of it or has it as a prefix. Acronyms of the gazetteer (ITUC, ILO, EU) are never
        variants, so a union never merges with the ILO; two defined acronyms never merge.
        """
        defined = []
        for ent in self.ents:
            ent = ent.root()
            if ent.kind in UNION_KINDS | {"organisation"} and not ent.gid:
                for n in ent.names:
                    if " " not in n and _acronym_like(n) and (n, ent) not in defined:
                        defined.append((n, ent))
        text, toks = self.text, self.toks
        for word, places in self.where_norm.items():
            if not word[:1].isupper() or (word.isalpha() and word.istitle()) or \
                    not _acronym_like(word):
                continue
            # "TUC/SG/URG/05/23" is a reference code; capitals lines are letterheads.
            if all(toks[i].caps or "/" in text[toks[i].start - 1:toks[i].start] +
                   text[toks[i].end:toks[i].end + 1] for i in places):
                continue
            if self.find(word) is not None or _key(word) in self.lx.gazetteer_map:
                continue
            hits = {id(ent): (acr, ent) for acr, ent in defined if _variant(word, acr)}
            if len(hits) == 1:
                acr, ent = next(iter(hits.values()))
                self.alias(ent, word, f"acronym-variant (of {acr})")

    # search, back-references, groups, positions --------------------------------------------

    def search_names(self) -> None:
        """Find every name and alias of every actor again, anywhere in the text."""
        surface: list[tuple[str, _Ent]] = []
        for ent in self.ents:
            if ent.into is not None:
                continue
            for n in ent.names:
                if len(n) < 2 or (ent.gid and ent.kind != "person" and n == n.lower()
                                  and ent.gid.split("-")[0] in ("government", "employers")):
                    continue
                surface.append((n, ent))
        if not surface:
            return
        seen = {(c.start, c.end) for c in self.cands}
        toks = self.toks
        for i, j, ent in self.scan(_PhraseIndex(surface, fold=False)):
            start, end = toks[i].start, toks[j].end
            if (start, end) not in seen and not toks[i].caps:
                self.cands.append(_Cand(start, end, ent.root(), 4))

    def back_references(self) -> None:
        """Rule back-reference: "the Federation" is the last actor with that head noun."""
        lx, toks, text = self.lx, self.toks, self.text
        spots: list[tuple[int, int, dict[str, Any], str]] = []
        for i, t in enumerate(toks):
            if not t.cap or t.low not in lx.backref_words:
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and ((nxt.cap and nxt.nl == 0) or (nxt.low in lx.connectors and
                                    i + 2 < len(toks) and toks[i + 2].cap)):
                continue
            prev = toks[i - 1] if i > 0 else None
            if prev is None or prev.low not in lx.backref_dets:
                continue
            spots.append((prev.start if prev.low != "its" else t.start, t.end,
                          lx.backref_words[t.low], t.low))
        for m in lx.backref_lower_re.finditer(text):
            spots.append((m.start(), m.end(), lx.backref_words[m.group("word")],
                          m.group("word")))
        for i, j, _ in self.scan(lx.employer_backrefs):
            spots.append((toks[i].start, toks[j].end, lx.backref_words["company"], "company"))
        if not spots:
            return
        named = sorted((c for c in self.cands if c.alias), key=lambda c: c.start)
        starts = [c.start for c in named]
        for start, end, entry, word in sorted(spots, key=lambda s: s[0]):
            if self._covered(start, end):
                continue
            words = {w.lower() for w in entry["words"]}
            i = bisect.bisect_left(starts, start) - 1
            target = None
            while i >= 0:
                ent = named[i].ent.root()
                if named[i].end <= start and ent.kind not in ("person", "group"):
                    name_words = {w.lower() for n in ent.names for w in re.findall(r"\w+", n)}
                    if name_words & words or (ent.kind in entry["kinds"] and word in (
                            "company", "employer", "management")):
                        target = ent
                        break
                i -= 1
            if target is None:
                continue
            self.cands.append(_Cand(start, end, target, 1, alias=False))
            self.notes.append(f"{text[start:end]!r} at {start}: back-reference to "
                              f"{target.name!r}")

    def groups(self) -> None:
        """Rule group: unnamed groups of people ("212 workers", "members of the X Council")."""
        lx, text, toks = self.lx, self.text, self.toks
        named = sorted((c for c in self.cands if c.ent.root().kind != "group"),
                       key=lambda c: c.start)
        starts = [c.start for c in named]
        spans = sorted((c.start, c.end) for c in self.cands)
        last_end = -1
        for hi, hj, _ in self.scan(lx.group_head_index, self.tok_at(self.body_start)):
            hs, he = toks[hi].start, toks[hj].end
            if hs < last_end:
                continue  # the second head of "leaders and activists"
            head = text[hs:he]
            if (hj + 1 < len(toks) and toks[hj + 1].kind == "x") or toks[hj].text.endswith(
                    ("'", "’")) or (hi > 0 and toks[hi - 1].text in "-‑"):
                continue  # "workers' rights", "workers’ union"
            if head[0].isupper() and self._after_cap(hs):
                continue
            if _inside(spans, hs, he):
                continue
            # Left of the head: modifiers, a number, determiners (dropped from the name).
            k = self.tok_at(hs) - 1
            start, n, number = hs, 0, False
            while k >= 0 and n < 3 and toks[k].nl <= 1 and toks[k].kind == "w" and (
                    toks[k].low in lx.group_mods or _acronym_like(toks[k].text)):
                start, k, n = toks[k].start, k - 1, n + 1
            while k >= 0 and toks[k].nl <= 1 and (toks[k].low in lx.numbers or
                                                  toks[k].text.isdigit()):
                start, k, number = toks[k].start, k - 1, True
                while k >= 1 and toks[k].text in ",." and toks[k - 1].text.isdigit():
                    start, k = toks[k - 1].start, k - 2
            dets = []
            while k >= 0 and toks[k].nl <= 1:
                pair = f"{toks[k - 1].low} {toks[k].low}" if k else ""
                if pair in lx.group_dets:
                    dets[:0] = pair.split()
                    k -= 2
                elif toks[k].low in lx.group_dets:
                    dets.insert(0, toks[k].low)
                    k -= 1
                else:
                    break
            end = he
            coord = lx.group_coord_re.match(text, end)
            if coord:
                end = coord.end()
            post = lx.group_post_re.match(text, end)
            if post:
                end = post.end()
            member = None
            # "of the FPKg Council", "from Harare Central Police Station", "de la Policía"
            pp = _PP.match(text, end)
            if pp and not post:
                i = bisect.bisect_left(starts, pp.end())
                if i >= len(named) or named[i].start != pp.end():  # "of the Parliament"
                    i = bisect.bisect_left(starts, pp.start("article"))
                    if i < len(named) and (named[i].start != pp.start("article") or
                                           named[i].end <= pp.end()):
                        i = len(named)
                if i < len(named):
                    member = named[i].ent.root()
                    end = named[i].end
                    more = re.match(rf"(?:[ \t]+{CAPW})+", text[end:end + 80])
                    if more and not re.match(r"[ \t]+(?:On|In|The)\b", more.group()):
                        end += more.end()
            if member is None:
                for w in text[start:hs].split():
                    ent = self.find(w) if _acronym_like(w) else None
                    if ent is not None and ent.kind != "person":
                        member = ent
            if member is None and dets and dets[0] in lx.possessives:
                member = self._last_org_before(start)
            # "officers of the State Security Committee", "members of the Parliament": the
            # state body acting through its agents is the body itself.
            if member is not None and member.kind in STATE_KINDS and \
                    head.lower() in lx.agent_nouns and not number:
                self.alias(member, text[start:end], "agents-of", start, end, prio=6)
                continue
            name = _squash(text[start:end])
            gkey = self._group_key(start, end, named, starts)
            ent = self.group_keys.get(gkey)
            if ent is None:
                ent = self.new(name, "group", "group", group_key=gkey)
                self.group_keys[gkey] = ent
                self.notes.append(f"{name!r}: group by rule group (head {head!r}) at {start}")
            if _key(name) not in {_key(n) for n in ent.names}:
                ent.names.append(name)
            if member is not None and member not in ent.member_of:
                ent.member_of.append(member)
            self.cands.append(_Cand(start, end, ent, 2))
            last_end = end

    def _group_key(self, start: int, end: int, named: list[_Cand], starts: list[int]) -> str:
        """The phrase with the names inside it replaced by their actor: one key per group."""
        out, pos = [], start
        i = bisect.bisect_left(starts, start)
        while i < len(named) and named[i].start < end:
            c = named[i]
            if c.start >= pos and c.end <= end:
                out.append(_key(self.text[pos:c.start]))
                out.append(f"<{id(c.ent.root())}>")
                pos = c.end
            i += 1
        out.append(_key(self.text[pos:end]))
        return " ".join(w for w in out if w)

    def _last_org_before(self, pos: int) -> _Ent | None:
        best = None
        for c in self.cands:
            ent = c.ent.root()
            if c.end <= pos and ent.kind in UNION_KINDS | {"organisation", "employer"} and (
                    best is None or c.start > best[0]):
                best = (c.start, ent)
        return best[1] if best else None

    def person_positions(self) -> None:
        """Rule position: the posts of persons, from appositives around their names."""
        text, lx = self.text, self.lx
        for c in [c for c in self.cands if c.ent.root().kind == "person"]:
            ent = c.ent.root()
            after = re.match(r"[ \t]*,[ \t]*\n?[ \t]*(?P<app>[^,;.:()\n]+(?:\n[^,;.:()\n]+)?)",
                             text[c.end:c.end + 200])
            if after:
                self._positions(ent, c.end + after.start("app"), after.group("app"), c.start)
            as_post = re.match(r"[ \t]+(?:as|comme|como)[ \t]+(?P<app>[^,;.:()\n]+)",
                               text[c.end:c.end + 120])
            if as_post:
                self._positions(ent, c.end + as_post.start("app"), as_post.group("app"),
                                c.start)
            before = re.search(r"(?P<pre>[^,;.:()\n]{1,80}),[ \t]*\n?[ \t]*$",
                               text[max(0, c.start - 80):c.start])
            if before:
                pre = before.group("pre")
                words = pre.split()
                take: list[str] = []
                for w in reversed(words):
                    lw = w.lower().strip("’'")
                    if lw in lx.position_words or lw in lx.position_mods or _acronym_like(w) \
                            or lw.endswith(("'s", "’s")) or self.find(w) is not None:
                        take.insert(0, w)
                        continue
                    break
                if take and any(w.lower() in lx.position_words for w in take[-2:]) and (
                        take[-1].lower() in lx.position_words or
                        " ".join(take[-2:]).lower() in lx.position_words):
                    det = words[len(words) - len(take) - 1].lower() if len(words) > len(
                        take) else ""
                    title = " ".join(take)
                    at = max(0, c.start - 80) + before.start("pre") + pre.rindex(take[0])
                    if len(take) == len(words) and any(
                            p.ent.root().kind == "person" and p.end <= at and
                            not text[p.end:at].strip(" \t\n,") for p in self.cands):
                        continue  # "X, P1, Y": P1 is the post of X
                    org = self._org_in(at, at + len(title))
                    if org is None and det in lx.possessives:
                        org = self._last_org_before(at)
                    self._add_position(ent, title, org)

    def _positions(self, ent: _Ent, at: int, app: str, person_start: int) -> None:
        lx = self.lx
        words = app.split()
        lead = 0
        while lead < len(words) and words[lead].lower() in ("a", "an", "the", "its", "his",
                                                             "her", "their", "our", "le", "la",
                                                             "el", "su", "son", "sa", "l'"):
            lead += 1
        if not any(w.lower().strip("’'") in lx.position_words for w in words[lead:lead + 6]):
            return
        det = words[lead - 1].lower() if lead else ""
        body_start = at + (app.index(words[lead]) if lead < len(words) else len(app))
        body = self.text[body_start:at + len(app.rstrip())]
        # "deputy president of the FPKg and chairman of the trade union of forestry workers"
        parts = [(body_start, body_start + len(body))]
        for m in re.finditer(r"\s+(?:and|y|et|e)\s+", body):
            nxt = body[m.end():].split()
            k = 0
            while k < len(nxt) and (nxt[k].lower() in lx.position_mods or _acronym_like(nxt[k])
                                    or nxt[k].lower() in ("the", "a", "an")):
                k += 1
            if k < len(nxt) and nxt[k].lower().strip("’'") in lx.position_words:
                s0, e0 = parts[-1]
                parts[-1] = (s0, body_start + m.start())
                parts.append((body_start + m.end(), e0))
        for s0, e0 in parts:
            title = _squash(self.text[s0:e0])
            if not title or len(title) > 120:
                continue
            org = self._org_in(s0, e0)
            if org is None and det in lx.possessives | {"its"}:
                org = self._last_org_before(person_start)
            self._add_position(ent, title, org)

    def _org_in(self, start: int, end: int) -> _Ent | None:
        """The first organisation named inside start:end (or by a back-reference there)."""
        best = None
        for c in self.cands:
            ent = c.ent.root()
            if c.start < end and start < c.end and ent.kind not in ("person", "group") and (
                    best is None or c.start < best[0] or (c.start == best[0] and c.end > best[1])):
                best = (c.start, c.end, ent)
        return best[2] if best else None

    def _add_position(self, ent: _Ent, title: str, org: _Ent | None) -> None:
        if any(_key(t) == _key(title) for t, _ in ent.positions):
            return
        ent.positions.append((title, org))
        self.notes.append(f"{ent.name!r}: position {title!r}"
                          + (f" in {org.name!r}" if org else "") + " by rule position")
        if org is not None and re.search(r"\b(?:member|membre|miembro|afiliad[oa])\b",
                                         title, re.I) and org not in ent.member_of:
            ent.member_of.append(org)

    # the result ----------------------------------------------------------------------------

    def finish(self) -> ActorIndex:
        """Choose non-overlapping mentions, give ids, and make the Actor models."""
        text = self.text
        cands = [c for c in self.cands if c.end > c.start]
        for c in cands:
            c.ent = c.ent.root()
        chosen: list[_Cand] = []
        taken: list[tuple[int, int]] = []
        for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.prio, c.start)):
            i = bisect.bisect_left(taken, (c.start, c.end))
            if (i > 0 and taken[i - 1][1] > c.start) or (i < len(taken) and taken[i][0] < c.end):
                continue
            taken.insert(i, (c.start, c.end))
            chosen.append(c)
        evidence: dict[int, list[tuple[int, int]]] = {}
        first: dict[int, int] = {}
        for c in sorted(cands, key=lambda c: (c.start, -c.end)):
            if not c.alias and c not in chosen:
                continue
            spans = evidence.setdefault(id(c.ent), [])
            if (c.start, c.end) not in spans and not any(
                    s <= c.start and c.end <= e for s, e in spans):
                spans.append((c.start, c.end))
            first.setdefault(id(c.ent), c.start)
        ents = [e for e in self.ents if e.into is None and id(e) in first]
        ents.sort(key=lambda e: first[id(e)])
        ids: dict[int, str] = {}
        used: set[str] = set()
        for ent in ents:
            base = self._id_for(ent)
            ident, n = base, 2
            while ident in used:
                ident = f"{base}-{n}"
                n += 1
            used.add(ident)
            ids[id(ent)] = ident
        actors = []
        for ent in ents:
            name = self._best_name(ent)
            aliases = []
            for n in ent.names:
                if _key(n) != _key(name) and _key(n) not in {_key(a) for a in aliases}:
                    aliases.append(n)
            given = family = None
            if ent.kind == "person":
                given, family = self.split_name(ent.tokens)
            country = ent.country
            if country is None and ent.kind in STATE_KINDS:
                country = self.country
            elif country is None and ent.kind in UNION_KINDS | {"organisation", "employer"}:
                found = countries_in(name)
                country = found[0] if found else None
            positions = [Position(title=t, organisation=ids.get(id(o.root())) if o else None)
                         for t, o in ent.positions]
            member_of = []
            for o in ent.member_of:
                ref = ids.get(id(o.root()))
                if ref and ref not in member_of and ref != ids[id(ent)]:
                    member_of.append(ref)
            spans = evidence[id(ent)][:EVIDENCE_CAP]
            actors.append(Actor(
                id=ids[id(ent)], name=name, aliases=aliases, kind=ent.kind, country=country,
                honorific=ent.honorific.rstrip(".") if ent.honorific else None,
                given_name=given, family_name=family, positions=positions,
                member_of=member_of,
                evidence=[Span(quote=text[s:e], start=s, end=e) for s, e in spans]))
            self.notes.append(f"actor {ids[id(ent)]}: {name!r} ({ent.kind}, rule {ent.rule})")
        mentions = [Mention(c.start, c.end, ids[id(c.ent)]) for c in chosen
                    if id(c.ent) in ids]
        return ActorIndex(actors=actors, mentions=mentions, notes=self.notes)

    def _best_name(self, ent: _Ent) -> str:
        if ent.gid or ent.kind in ("person", "group"):
            return ent.name
        good = [n for n in ent.names if not _acronym_like(n.split()[0]) or " " in n]
        good = [n for n in good if not n.isupper()] or good
        if not good:
            return ent.name
        # The full name the letter defines, in the letter's order of first definition.
        return max(good[:3], key=lambda n: (len(n.split()) >= 2, -ent.names.index(n)))

    def _id_for(self, ent: _Ent) -> str:
        if ent.gid:
            return ent.gid
        if ent.kind == "person":
            _, family = self.split_name(ent.tokens)
            return slug(family or ent.name)
        if ent.acronym:
            return slug(ent.acronym)
        acr = next((n for n in ent.names if " " not in n and _acronym_like(n)), None)
        if acr and ent.kind != "group":
            return slug(acr)
        return slug(self._best_name(ent))


_ROMANCE = frozenset({"fr", "es", "pt", "it"})
_OF = frozenset({"of", "de", "du", "des", "del", "d'", "d’", "do", "da"})
_MANAGEMENT_WORDS = frozenset({"management", "owner", "owners", "direction", "dirección",
                               "gerencia"})
_MANAGEMENT_OF = re.compile(
    rf"(?i:management|owners?|direction|dirección|gerencia)[ \t]+(?:of|de|du|del)[ \t]+"
    rf"(?:(?i:the|la|el|le|l['’])[ \t]*)?"
    rf"(?P<name>{CAPW}(?:[ \t]+(?:(?:de|del|of|and)[ \t]+)?{CAPW}){{0,5}})")
_UNION_WORDS = frozenset({"union", "unions", "syndicat", "sindicato", "sindicat", "federation",
                          "fédération", "federación", "confederation", "confédération",
                          "confederación", "association", "asociación"})

_QUOTED_UNION = re.compile(
    r"(?<![\w-])(?P<head>(?i:trade\s+union|union|syndicat|sindicato|sindicat|federation|fédération"
    r"|federación|confederation|confédération|confederación|association|asociación))"
    r"\s*,?\s*(?:(?i:called|named|known\s+as|dénommée?|llamad[oa]|denominad[oa])\s+)?"
    r"[\"“«]\s*(?P<q>[^\"”»\n]{2,50}?)\s*[\"”»]")

_DETS = frozenset({"the", "your", "our", "its", "their", "la", "le", "les", "el", "los", "las",
                   "l'", "su", "sus", "votre", "vos", "leur", "leurs", "nos", "this"})


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start:end overlaps one of ``spans`` (sorted by start)."""
    i = bisect.bisect_left(spans, (end, -1))
    return any(e > start for s, e in spans[max(0, i - 8):i])


_PP = re.compile(r"[ \t]*\n?[ \t]+(?:of|from|de|del|des|du|d['’])[ \t]*\n?[ \t]*(?P<article>)"
                 r"(?:(?:the|our|its|their|la|le|les|el|los|las|l['’])[ \t]*\n?[ \t]*)?")


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start:end lies inside one of ``spans`` (sorted by start)."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    return any(s <= start and end <= e for s, e in reversed(spans[max(0, i - 8):i]))


def _variant(word: str, acronym: str) -> bool:
    """Whether the undefined acronym ``word`` may be a variant of the defined ``acronym``."""
    if word == acronym or word[0].upper() != acronym[0].upper():
        return False
    if acronym.startswith(word) or word.startswith(acronym):
        return True
    caps_w = [c for c in word if c.isupper()]
    caps_a = [c for c in acronym if c.isupper()]
    tail_w = re.search(r"[a-zà-ÿ]+$", word)
    tail_a = re.search(r"[a-zà-ÿ]+$", acronym)
    if tail_w and tail_a and tail_w.group() != tail_a.group():
        return False
    return bool(caps_w and caps_a) and caps_w[-1] == caps_a[-1] and len(caps_w) >= 2


def acronym_start(acronym: str, words: list[str], caps: list[bool],
                  skips: frozenset[str] | set[str]) -> int | None:
    """Where, in ``words`` (the words before "(ACR)"), the name ``acronym`` abbreviates starts.

    The best of :func:`acronym_starts`: the start that leaves out fewest words, then the
    nearest; None when no start spells the acronym.
    """
    results = acronym_starts(acronym, words, caps, skips)
    return min(results, key=lambda r: (r[0], -r[1]))[1] if results else None


def acronym_starts(acronym: str, words: list[str], caps: list[bool],
                   skips: frozenset[str] | set[str]) -> list[tuple[float, int]]:
    """Every (cost, start) in ``words`` from which the name ``acronym`` abbreviates can run.

    Each word of the name gives the acronym its first letter and possibly more of its
    letters in order ("FEderación COlombiana DE ..." is FECODE, "Kyrgyzstan" gives the
    "Kg" of FTUKg); connector words (of, de, la, to ...) may give letters ("DoL": Department
    of Labour) or none. The name must start with a capitalised word that gives the
    acronym's first letter, and run to the word before the parenthesis: up to two words
    inside it and four at its end may give no letter. The cost counts the words that give
    no letter (half for the words at the end); starts costing more than 3 are left out.
    """
    letters = [c.casefold() for c in acronym if c.isalnum()]
    if len(letters) < 2 or not words:
        return []
    n = len(words)
    folded = [w.casefold() for w in words]
    skip = [w in skips for w in folded]
    memo: dict[tuple[int, int], float] = {}

    def cost(i: int, j: int) -> float:
        """Least cost to spell letters[i:] with words[j:]."""
        if i == len(letters):
            trailing = sum(1 for k in range(j, n) if not skip[k])
            return 0.5 * trailing if trailing <= 4 else float("inf")
        if j == n:
            return float("inf")
        key = (i, j)
        if key in memo:
            return memo[key]
        best = cost(i, j + 1) + (0 if skip[j] else 1)
        w = folded[j]
        if w and w[0] == letters[i]:
            # take letters[i], then further letters as an in-order subsequence of w
            k, pos = i + 1, 1
            best = min(best, cost(k, j + 1))
            while k < len(letters):
                found = w.find(letters[k], pos)
                if found < 0:
                    break
                pos, k = found + 1, k + 1
                best = min(best, cost(k, j + 1) + (0.25 if found > k else 0))
        memo[key] = best
        return best

    results = []
    for s in range(n - 1, -1, -1):
        if caps[s] and folded[s][:1] == letters[0] and not skip[s]:
            c = cost(0, s)
            if c <= 3:
                results.append((c, s))
    return results


@functools.lru_cache(maxsize=1 << 12)
def countries_in(name: str) -> tuple[str, ...]:
    """ISO codes of the countries ``name`` names ("... of Kyrgyzstan" -> ("KG",)).

    Looks the name's word sequences up in the country names of
    :func:`c87.mapper.countries.country_names`, longest first; far cheaper than a
    pattern over every country name for the short names of actors.
    """
    from c87.mapper.countries import country_names

    names = country_names()
    words = re.findall(r"[\w'’.-]+", name)
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in (5, 4, 3, 2, 1):
            code = names.get(" ".join(words[i:i + size])) if i + size <= len(words) else None
            if code:
                found.append(code)
                i += size
                break
        else:
            i += 1
    return tuple(found)


@functools.cache
def country_name(code: str) -> str:
    """The short English name of the country with ISO code ``code``."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return name.split(",")[0].split(" (")[0]


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
