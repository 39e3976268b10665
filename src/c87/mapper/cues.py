"""Stage 2 of the mapper: the cue words of event types, matched by lemma in a sentence.

Cues come from two places, both data: the ``c87:cueWord`` forms of each event type in
the ontology, and the lemma entries of ``ontology/cues.yaml``, each family following one
of the field's lists (CFA Compilation chapters, HURIDOCS acts, ITUC Global Rights Index
indicators, CAMEO codes) in our own words. Either way a cue is a phrase of
words; each word matches every inflection of it:

* ``arrest``, ``arrested``, ``taken into custody``: a word matches the forms that share
  its lemma ("arrested" matches "arrests" and "arresting"; "taken" matches "took");
* ``shoot/VERB``: a part of speech after the slash keeps the word to that reading;
* ``despid*``: a star keeps the old prefix match on the written form;
* ``postpone ... strike``: three dots stand for up to five words.

A letter is read with the cues of its own language only, so that a word of another
language proposes no act ("eligible" is not Spanish "eligi*").

A user lexicon (:mod:`c87.ontology.user_lexicon`: the cues a reviewer added) is read on
top of the shipped one for the time of a :func:`using_lexicon` block: its cues are lemmas,
and a user cue takes the place of a shipped cue of the same words, and wins over a
shipped cue that matches the same words of the text (a reviewer who moved "detained" to
another type means it). The caches are keyed on the user lexicon's cues, so that reading
without one costs what it did.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from c87.mapper.lexicon import acts_lexicon
from c87.mapper.tokens import Token, lemmas_of, tokenize
from c87.mapper.wordscan import scan_from, tree_alternation
from c87.ontology import concepts
from c87.ontology.data import load

if TYPE_CHECKING:
    from c87.ontology.user_lexicon import UserLexicon


@dataclass(frozen=True)
class Cue:
    """A cue word of ``type`` found at ``start:end`` of the text; ``user`` when the cue
    is one of the user lexicon's."""

    start: int
    end: int
    type: str
    words: str
    lang: str
    user: bool = False


LANGUAGES = ("en", "fr", "es")
"""The languages the lexicon covers; a letter in another language is read with all."""

GAP = "..."
"""In a cue, ``...`` stands for up to five words."""
_GAP_WORDS = 5


@dataclass(frozen=True)
class _Slot:
    """One word of a cue: what a token must be to match it."""

    word: str
    pos: str | None = None
    prefix: bool = False
    shared: frozenset[str] = frozenset()  # lemmas of the word other than itself

    def matches(self, token: Token) -> bool:
        lower = token.lower
        if lower == self.word:
            return not self.pos or self._bare_reading(token)
        if token.future:
            return False  # "presentará una queja" announces; it reports nothing
        if self.prefix:
            return lower.startswith(self.word)
        if self.pos:
            # The bare form ("free", "beat") is often another part of speech: only an
            # inflected form ("freed", "beaten") or a word with one reading is sure.
            if f"{self.word}/{self.pos}" not in token.lemmas:
                return False
            return token.lower != self.word or not any(
                "/" in x and not x.endswith(f"/{self.pos}") for x in token.lemmas)
        if self.word in token.lemmas:
            return True
        # Another form of the same verb ("arrested" -> "arresting", "taken" -> "took"),
        # but not its bare or -s form, which is as often a noun ("charge", "brands").
        if not self.shared or self.shared.isdisjoint(token.lemmas):
            return False
        return not any(lower in (lemma, lemma + "s", lemma + "es")
                       for lemma in self.shared & token.lemmas)

    def _bare_reading(self, token: Token) -> bool:
        """Whether the bare form is sure to be of this slot's part of speech."""
        return f"{self.word}/{self.pos}" in token.lemmas and not any(
            "/" in x and not x.endswith(f"/{self.pos}") for x in token.lemmas)

    def keys(self) -> set[str]:
        """The lemmas a token must have for this slot to be worth trying."""
        return {self.word} | set(self.shared)


_Phrase = tuple[_Slot | None, ...]  # None stands for a gap


def _slot(word: str, lang: str, forms_only: bool = False) -> _Slot:
    if forms_only:
        return _Slot(word)
    if word.endswith("*"):
        return _Slot(word[:-1], prefix=True)
    if "/" in word:
        lemma, pos = word.split("/", 1)
        return _Slot(lemma, pos=pos.upper())
    shared = frozenset(x for x in lemmas_of(word, lang) if "/" not in x and x != word)
    return _Slot(word, shared=shared)


def _phrase(cue: str, lang: str, forms_only: bool = False) -> _Phrase:
    # Split as the text is ("l'OIT" is two words, "re-arrest" one).
    words = _fold(cue).replace(GAP, f" {GAP} ").replace("'", " ").split()
    return tuple(None if w == GAP else _slot(w, lang, forms_only) for w in words)


_Item = tuple[_Phrase, str, str, bool]  # phrase, event type, language, from the user's


@dataclass(frozen=True)
class _Lexicon:
    by_key: dict[str, list[_Item]]
    by_prefix: dict[str, list[_Item]]


_USER: ContextVar[UserLexicon | None] = ContextVar("c87_user_lexicon", default=None)


@contextlib.contextmanager
def using_lexicon(lexicon: UserLexicon | None) -> Iterator[None]:
    """Read cues with ``lexicon`` on top of the shipped lexicon until the block ends
    (None, or an empty lexicon: the shipped one alone)."""
    token = _USER.set(lexicon if lexicon else None)
    try:
        yield
    finally:
        _USER.reset(token)


def active_lexicon() -> UserLexicon | None:
    """The user lexicon cues are read with now (None: the shipped lexicon alone)."""
    return _USER.get()


@functools.cache
def shipped_entries(lang: str) -> dict[str, tuple[str, bool]]:
    """The shipped cues of ``lang``: cue (folded) -> (event type, whether it is a form to
    match as written). Of a cue given twice, the first (event-types.ttl) counts."""
    data = load("cues")
    entries: dict[str, tuple[str, bool]] = {}
    for event_type in concepts("event-types"):
        as_written = event_type.notation in data["forms_only"]
        for word in event_type.cues.get(lang, ()):
            entries.setdefault(_fold(word), (event_type.notation, as_written))
    for event_type, entry in data["cues"].items():
        for word in entry.get(lang, ()):
            entries.setdefault(_fold(word), (event_type, False))
    return entries


@functools.lru_cache(maxsize=32)
def _lexicon(lang: str, user: UserLexicon | None = None) -> _Lexicon:
    """The cues of ``lang``, indexed by the lemmas their first word can have: the shipped
    ones, and those of ``user``, which replace shipped cues of the same words."""
    # cue (folded) -> (event type, whether to match as written, whether the user's)
    entries = {words: (event_type, as_written, False)
               for words, (event_type, as_written) in shipped_entries(lang).items()}
    for cue in user.of_language(lang) if user else ():
        entries[_fold(cue.cue)] = (cue.type, False, True)
    by_key: dict[str, list[_Item]] = {}
    by_prefix: dict[str, list[_Item]] = {}
    for words, (event_type, as_written, mine) in entries.items():
        phrase = _phrase(words, lang, as_written)
        first = phrase[0]
        if first is None:
            continue
        item = (phrase, event_type, lang, mine)
        if first.prefix:
            by_prefix.setdefault(first.word[:3], []).append(item)
        else:
            for key in first.keys():  # noqa: SIM118 - a method of _Slot
                by_key.setdefault(key, []).append(item)
    return _Lexicon(by_key, by_prefix)


def _match(phrase: _Phrase, tokens: tuple[Token, ...], i: int, stop: int) -> int | None:
    """Index after the last token of ``phrase`` matched from ``tokens[i]``, or None."""
    j = i
    k = 0
    while k < len(phrase):
        slot = phrase[k]
        if slot is None:  # a gap: the next slot within the next few words
            nxt = phrase[k + 1]
            for skip in range(_GAP_WORDS + 1):
                if j + skip < stop and nxt is not None and nxt.matches(tokens[j + skip]):
                    j += skip + 1
                    break
            else:
                return None
            k += 2
            continue
        if j >= stop or not slot.matches(tokens[j]):
            return None
        if j > i and tokens[j].start - tokens[j - 1].end > 40:
            return None
        j += 1
        k += 1
    return j


@functools.cache
def _false_friends() -> re.Pattern[str]:
    """Phrases in which a cue word means no act ("par arrêté": by decree); ``...`` stands
    for up to three words ("released ... decision": released its long-awaited decision)."""
    words = sorted(acts_lexicon()["false_friends"], key=len, reverse=True)
    alternation = "|".join(
        r"\s+".join(r"(?:[\w'’-]+\s+){0,2}[\w'’-]+" if w == GAP else re.escape(w)
                    for w in p.split()) for p in words)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 15)
def _candidates(lang: str, user: UserLexicon | None, lemmas: frozenset[str], head: str
                ) -> tuple[_Item, ...]:
    """The cues a word with these lemmas (and first three letters) may begin."""
    lexicon = _lexicon(lang, user)
    found = [c for key in lemmas for c in lexicon.by_key.get(key, ())]
    return tuple(found + lexicon.by_prefix.get(head, []))


@functools.cache
def _false_friend_starts() -> re.Pattern[str] | None:
    """Where a false friend can begin: the first word of one, a whole word, with the
    look-behind and flags of :func:`_false_friends` (None when a false friend begins with
    no word: then that pattern is tried everywhere)."""
    heads = set()
    for phrase in acts_lexicon()["false_friends"]:
        head = re.match(r"\w+", phrase)
        if head is None:
            return None
        heads.add(head.group())
    return re.compile(rf"(?<![\w-])(?:{tree_alternation(heads)})(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _false_friend_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the false friends of the whole text are (read once per text).

    The pattern is tried only where a false friend's first word stands (every match
    begins there: the first word is followed by a space, a gap, an apostrophe, a hyphen
    or the end of the phrase), which finds the same matches as trying it at every
    character, several times faster.
    """
    text = text.replace("’", "'")
    starts = _false_friend_starts()
    pattern = _false_friends()
    found = pattern.finditer(text) if starts is None else scan_from(pattern, starts, text)
    return tuple(m.span() for m in found)


def cue_origin(cues: list[Cue]) -> str:
    """The language of ``cues`` and, when some are the user lexicon's, which: "en",
    "en, user lexicon" (all of them), 'en; user lexicon: "nabbed"' (some)."""
    lang = cues[0].lang if cues else "?"
    mine = [c for c in cues if c.user]
    if not mine:
        return lang
    if len(mine) == len(cues):
        return f"{lang}, user lexicon"
    return f"{lang}; user lexicon: " + ", ".join(f'"{c.words}"' for c in mine)


def _fold(words: str) -> str:
    return " ".join(words.casefold().replace("’", "'").split())


fold_cue = _fold
"""A cue as the lexicon indexes it: case folded, ``’`` as ``'``, one space between words."""


def find_cues(text: str, start: int = 0, end: int | None = None,
              language: str | None = None) -> list[Cue]:
    """Every cue in ``text[start:end]``, in order, longest match first where they overlap.

    ``language`` (ISO 639-1) restricts the cues to that language when the lexicon has it.
    The cues are the shipped lexicon's and those of the user lexicon in use
    (:func:`using_lexicon`).
    """
    langs = (language,) if language in LANGUAGES else LANGUAGES
    user = _USER.get()
    stop = len(text) if end is None else end
    false_friends = [(a, b) for a, b in _false_friend_spans(text) if a < stop and b > start]
    found: list[Cue] = []
    for lang in langs:
        mine = user if user is not None and user.of_language(lang) else None
        tokens = tokenize(text, lang)
        first, last = tokens.between(start, stop)
        items = tokens.items
        i = first
        while i < last:
            token = items[i]
            candidates = _candidates(lang, mine, token.lemmas, token.lower[:3])
            if not candidates:
                i += 1
                continue
            # The longest match; of two as long, the user's, then the one whose first
            # word is as written, then the one whose first word is the token's own lemma
            # ("condena" is a form of "condenar", and only shares a lemma with "condenado").
            best: tuple[int, bool, bool, bool, str, str] | None = None
            for phrase, event_type, cue_lang, users in candidates:
                after = _match(phrase, items, i, last)
                if after is None:
                    continue
                word = getattr(phrase[0], "word", None)
                rank = (after, users, word == token.lower, word in token.lemmas)
                if best is None or rank > best[:4]:
                    best = (*rank, event_type, cue_lang)
            if best is None or any(a <= token.start < b for a, b in false_friends):
                i += 1
                continue
            after, users, _exact, _direct, event_type, cue_lang = best
            cue_end = items[after - 1].end
            found.append(Cue(token.start, cue_end, event_type, text[token.start:cue_end],
                             cue_lang, users))
            i = after
    found.sort(key=lambda c: (c.start, -c.end))
    out: list[Cue] = []
    for cue in found:
        if not out or cue.start >= out[-1].end:
            out.append(cue)
    return out
