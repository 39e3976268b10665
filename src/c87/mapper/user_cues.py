"""Cue words for the user lexicon: what to propose for a reviewer's selection, what the
shipped lexicon already says of a cue, and adding or removing one.

For the review page: :func:`propose_cues` gives the trigger words of a selected span as
lemmas, best first (verbs, with their particle when they are phrasal: "round up"; then
nouns of acts: "dismissal", "licenciement"; then words that may be either), leaving out
function words (``proposal_stopwords`` of ``ontology/acts.yaml``), names (capitalised
words inside a sentence, words in capitals), numbers, dates, and the words that are
already cues of some type, which :func:`known_cues` gives with their type.
:func:`add_user_cue` and :func:`remove_user_cue` change the user lexicon's file
(:mod:`c87.ontology.user_lexicon`, by default ``<data folder>/c87/lexicon.ttl``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import lemminflect
import simplemma

from c87.errors import ContentError
from c87.mapper.cues import LANGUAGES, find_cues, fold_cue, shipped_entries, using_lexicon
from c87.mapper.dates import month_names, weekday_names
from c87.mapper.lexicon import acts_lexicon
from c87.mapper.tokens import Token, lemmas_of, tokenize
from c87.ontology.data import load
from c87.ontology.user_lexicon import (
    UserLexicon,
    check_event_type,
    lexicon_path,
    normalise_cue,
    read_user_lexicon,
    write_user_lexicon,
)

__all__ = ["CueAdded", "add_user_cue", "known_cues", "propose_cues", "remove_user_cue",
           "shipped_types"]

# Endings of nouns that name an act ("dismissal", "detention", "licenciement", "despido"
# has none: it is read as a form of "despedir").
_ACT_NOUN_ENDINGS = {
    "en": ("tion", "sion", "ment", "al", "ure", "age", "ance", "ence"),
    "fr": ("tion", "sion", "ment", "ure", "age", "ade"),
    "es": ("ción", "sión", "miento", "ura", "aje", "ada", "ido"),
}
_NOT_ACT_NOUN_ENDINGS = ("amment", "emment", "ivement", "alement", "ellement", "mente")
_INFINITIVE = {"fr": ("er", "ir", "re", "oir"), "es": ("ar", "er", "ir")}
_SENTENCE_END = re.compile(r"(?:^|[.!?:;]|\n\s*\n)[\s\"'“‘«(\[]*$")

# Categories, best first.
_PHRASAL, _VERB, _ACT_NOUN, _EITHER = range(4)


@dataclass(frozen=True)
class _Candidate:
    words: str            # the lemma, or "verb particle"
    rank: int             # a category above
    start: int            # of its first token
    end: int              # of its last token


@functools.cache
def _stopwords() -> frozenset[str]:
    return frozenset(w.casefold() for w in acts_lexicon()["proposal_stopwords"])


@functools.cache
def _particles() -> frozenset[str]:
    return frozenset(acts_lexicon()["phrasal_particles"])


@functools.cache
def _actor_words() -> frozenset[str]:
    """Words that name who acts, not what is done ("police", "workers")."""
    kinds = load("lexicon")["kind_cues"]
    return frozenset(w.casefold() for words in kinds.values() for w in words
                     if " " not in w and not w.endswith("*"))


@functools.cache
def _time_words() -> frozenset[str]:
    return frozenset(month_names()) | frozenset(weekday_names())


def _is_name(text: str, token: Token) -> bool:
    """A word in capitals, or capitalised inside a sentence (a name, a place)."""
    word = text[token.start:token.end]
    if len(word) > 1 and word.isupper():
        return True
    if not word[:1].isupper():
        return False
    return not _SENTENCE_END.search(text, max(0, token.start - 200), token.start)


def _shared_start(a: str, b: str) -> int:
    """How many letters ``a`` and ``b`` begin with alike."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _english(token: Token, before: Token | None, after: Token | None) -> tuple[int, str] | None:
    """The category and lemma of an English word, or None when it is no trigger;
    ``before`` and ``after`` are the words around it."""
    word = token.lower
    readings = lemminflect.getAllLemmas(word)
    if not readings:
        if not word.isalpha():
            return None
        if word.endswith(("ed", "ing")):  # a verb lemminflect does not know
            lemmas = lemminflect.getAllLemmasOOV(word, "VERB").get("VERB", ())
            return (_VERB, lemmas[0].lower()) if lemmas else None
        return None
    verbs = [v.lower() for v in readings.get("VERB", ())]
    nouns = [n.lower() for n in readings.get("NOUN", ())]
    others = set(readings) - {"VERB", "NOUN", "AUX"}
    if verbs:
        # Of two lemmas ("axed": ax, axe), the one closest to the word as written.
        verbs.sort(key=lambda v: (-_shared_start(v, word), -len(v)))
    if nouns and word not in nouns and word.endswith("s"):
        # A plural ("guards", "raids") more often than a present: letters tell the past.
        return (_ACT_NOUN, nouns[0]) if nouns[0].endswith(_ACT_NOUN_ENDINGS["en"]) else None
    if verbs and word not in verbs:
        return _VERB, verbs[0]  # an inflected form: "axed", "rounded", "beaten"
    if verbs and not nouns and not others:
        return _VERB, verbs[0]
    if nouns and nouns[0].endswith(_ACT_NOUN_ENDINGS["en"]):
        return _ACT_NOUN, nouns[0]
    # "raid", "beat": a noun or the verb itself; worth proposing where it is used as one
    # ("a raid", "beat them"), not inside a compound ("the union notice board").
    if verbs and ((before is not None and before.lower in _determiners("en"))
                  or (after is not None and after.lower in _objects())):
        return _EITHER, verbs[0]
    return None


@functools.cache
def _determiners(lang: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in acts_lexicon()[f"proposal_determiners_{lang}"])


@functools.cache
def _objects() -> frozenset[str]:
    return _determiners("en") | frozenset(acts_lexicon()["object_pronouns"])


_PARTICIPLES = {"fr": ("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues"),
                "es": ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas", "ó", "ió",
                       "aron", "ieron")}


def _romance(token: Token, before: Token | None, lang: str) -> tuple[int, str] | None:
    """The category and lemma of a French or Spanish word, or None."""
    word = token.lower
    if not word.isalpha() or len(word) < 3 or word.endswith(_NOT_ACT_NOUN_ENDINGS):
        return None
    endings = _ACT_NOUN_ENDINGS[lang]
    lemma = simplemma.lemmatize(word, lang=lang).lower()
    if word.endswith(endings) or lemma.endswith(endings):
        return _ACT_NOUN, lemma if lemma.endswith(endings) else word
    if lemma != word and lemma.endswith(_INFINITIVE[lang]):
        return _VERB, lemma  # "cesó" -> "cesar", "despedidos" -> "despedir"
    if before is not None and before.lower in _determiners(lang):
        return None  # "les délégués", "la planta": a noun, not a verb
    if word.endswith(_PARTICIPLES[lang]):  # "muté" -> "muter": the participle table's guess
        verbs = sorted(v for v in lemmas_of(word, lang) - {word}
                       if v.endswith(_INFINITIVE[lang]) and simplemma.is_known(v, lang=lang))
        if verbs:
            return _VERB, verbs[0]
    if word.endswith(_INFINITIVE[lang]) and len(word) > 4 and simplemma.is_known(word, lang=lang):
        return _EITHER, word  # an infinitive ("détenir"), or a noun that looks like one
    return None


def _span_tokens(text: str, start: int, end: int, lang: str) -> list[Token]:
    """The tokens of ``text`` that overlap ``start:end`` (a word cut by the selection
    counts whole)."""
    tokens = tokenize(text, lang)
    first, last = tokens.between(start, end)
    while first > 0 and tokens.items[first - 1].end > start:
        first -= 1
    return list(tokens.items[first:last])


def _candidates(text: str, start: int, end: int, lang: str) -> list[_Candidate]:
    tokens = _span_tokens(text, start, end, lang)
    stop, time_words, actors = _stopwords(), _time_words(), _actor_words()
    out: list[_Candidate] = []
    everything = tokenize(text, lang)
    for i, token in enumerate(tokens):
        word = token.lower
        if (word in stop or word in time_words or any(ch.isdigit() for ch in word)
                or word in actors or word in _particles() or _is_name(text, token)):
            continue
        at = everything.between(token.start, token.end)[0]
        before = everything.items[at - 1] if at > 0 else None
        after = everything.items[at + 1] if at + 1 < len(everything.items) else None
        read = _english(token, before, after) if lang == "en" else _romance(token, before, lang)
        if read is None or read[1] in stop or read[1] in actors:
            continue
        rank, lemma = read
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if lang == "en" and rank == _VERB and nxt is not None and nxt.lower in _particles() \
                and not text[token.end:nxt.start].strip():
            out.append(_Candidate(f"{lemma} {nxt.lower}", _PHRASAL, token.start, nxt.end))
        out.append(_Candidate(lemma, rank, token.start, token.end))
    return out


def _language(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def _known(text: str, start: int, end: int, lang: str,
           lexicon: UserLexicon | None) -> dict[tuple[int, int], str]:
    """Spans of the selection the lexicon (shipped, and ``lexicon``) matches, to the type."""
    with using_lexicon(lexicon):
        return {(c.start, c.end): c.type for c in find_cues(text, start, end, lang)}


def _type_of(candidate: _Candidate, known: dict[tuple[int, int], str], lang: str,
             lexicon: UserLexicon | None) -> str | None:
    """The event type ``candidate`` is already a cue of, or None."""
    for (a, b), event_type in known.items():
        if a <= candidate.start and candidate.end <= b:
            return event_type
    folded = fold_cue(candidate.words)
    for cue in lexicon.of_language(lang) if lexicon else ():
        if cue.cue == folded:
            return cue.type
    shipped = shipped_entries(lang).get(folded)
    return shipped[0] if shipped else None


def _read(text: str, start: int, end: int, language: str | None,
          lexicon: UserLexicon | None) -> tuple[list[str], list[tuple[str, str]]]:
    lang = _language(language)
    found = _candidates(text, start, end, lang)
    known = _known(text, start, end, lang, lexicon)
    new: list[str] = []
    old: list[tuple[str, str]] = []
    for candidate in sorted(found, key=lambda c: (c.rank, c.start)):
        event_type = _type_of(candidate, known, lang, lexicon)
        if event_type is None:
            if candidate.words not in new:
                new.append(candidate.words)
        elif (candidate.words, event_type) not in old:
            old.append((candidate.words, event_type))
    return new, old


def propose_cues(text: str, start: int, end: int, language: str | None,
                 *, lexicon: UserLexicon | None = None) -> list[str]:
    """The trigger words of ``text[start:end]`` as lemmas (``language``: ``en``, ``fr``,
    ``es``; another is read as English), best first, that are no cue yet of the shipped
    lexicon nor of ``lexicon`` (the user's): each a cue to offer the reviewer, who picks
    one and its event type (:func:`add_user_cue`)."""
    return _read(text, start, end, language, lexicon)[0]


def known_cues(text: str, start: int, end: int, language: str | None,
               *, lexicon: UserLexicon | None = None) -> list[tuple[str, str]]:
    """The trigger words of ``text[start:end]`` that are already cues, as (lemma, event
    type), best first: what :func:`propose_cues` leaves out, and why."""
    return _read(text, start, end, language, lexicon)[1]


# -- the shipped lexicon's word on a cue -------------------------------------------------

def shipped_types(cue: str, lang: str) -> list[str]:
    """The event types the shipped lexicon gives ``cue`` in ``lang``: a shipped cue of the
    same words, or shipped cues that match the whole of the cue read as a text ("detain"
    is what the shipped "detained" and "detention" match)."""
    folded = normalise_cue(cue)
    found: list[str] = []
    entry = shipped_entries(lang).get(folded)
    if entry:
        found.append(entry[0])
    if not any(mark in folded for mark in ("*", "/", "...")):
        with using_lexicon(None):
            cues = find_cues(folded, 0, len(folded), lang)
        if len(cues) == 1 and cues[0].start == 0 and cues[0].end == len(folded) \
                and cues[0].type not in found:
            found.append(cues[0].type)
    return found


# -- changing the user lexicon -----------------------------------------------------------

@dataclass(frozen=True)
class CueAdded:
    """What :func:`add_user_cue` did: the file, the cue as kept, whether it was added (not
    there before), the other types the shipped lexicon gives it (the user's wins), and the
    types the user lexicon gave it before (it moved: a cue has one type of the user's)."""

    path: Path
    type: str
    lang: str
    cue: str
    added: bool
    shipped_elsewhere: tuple[str, ...] = field(default=())
    moved_from: tuple[str, ...] = field(default=())  # types the user lexicon gave it before


def _normalised(cue: str) -> str:
    try:
        return normalise_cue(cue)
    except ValueError as exc:
        raise ContentError(f"not a cue: {exc}") from None


def add_user_cue(event_type: str, cue: str, lang: str = "en",
                 path: str | Path | None = None) -> CueAdded:
    """Add ``cue`` (a lemma, in ``lang``) for ``event_type`` to the user lexicon at
    ``path`` (default: ``$C87_LEXICON``, else ``<data folder>/c87/lexicon.ttl``), written
    whole; a cue the user lexicon gave another type moves to this one. A
    :class:`ContentError` for an unknown type (naming the close ones), a
    language other than en, fr, es, a cue the matcher cannot read, or a cue the shipped
    lexicon already gives that type."""
    check_event_type(event_type)
    if lang not in LANGUAGES:
        raise ContentError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    kept = _normalised(cue)
    shipped = shipped_types(kept, lang)
    if event_type in shipped:
        raise ContentError(f"the shipped lexicon already gives {kept!r} ({lang}) to "
                           f"{event_type}: nothing to add")
    target = lexicon_path(path)
    lexicon = read_user_lexicon(target, missing_ok=True)
    added = not lexicon.has(event_type, kept, lang)
    moved = tuple(c.type for c in lexicon
                  if c.lang == lang and c.cue == kept and c.type != event_type)
    if added:
        write_user_lexicon(lexicon.with_cue(event_type, kept, lang), target)
    return CueAdded(target, event_type, lang, kept, added,
                    tuple(t for t in shipped if t != event_type), moved)


def remove_user_cue(event_type: str, cue: str, lang: str = "en",
                    path: str | Path | None = None) -> Path:
    """Remove ``cue`` of ``event_type`` in ``lang`` from the user lexicon at ``path``
    (default as in :func:`add_user_cue`); a :class:`ContentError` when it holds no such
    cue. Returns the file written."""
    target = lexicon_path(path)
    lexicon = read_user_lexicon(target, missing_ok=True)
    kept = _normalised(cue)
    if not lexicon.has(event_type, kept, lang):
        held = [c.cue for c in lexicon if c.type == event_type and c.lang == lang]
        has = f"; it has {', '.join(repr(c) for c in held)}" if held else ""
        raise ContentError(f"no cue {kept!r} ({lang}) of {event_type} in the user "
                           f"lexicon{has}", path=target)
    return write_user_lexicon(lexicon.without_cue(event_type, kept, lang), target)
