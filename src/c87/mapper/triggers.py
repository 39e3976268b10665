"""Stage 4 of the mapper: which cues of a sentence report an act. A cue is dropped when
the sentence denies it, asks for it, supposes it, names it in an organisation's name,
tells it again, or is the letter itself speaking; every drop is noted with its reason.
"""

from __future__ import annotations

import functools
import re

from c87.mapper.act import PERPETRATOR_KINDS, ancestors, is_violation
from c87.mapper.actors import ActorIndex
from c87.mapper.clauses import cite, clause, reports_something
from c87.mapper.cues import Cue
from c87.mapper.dates import date_spans
from c87.mapper.lexicon import (
    DETERMINER,
    NOUN_BEFORE,
    PARTICIPLE,
    PAST_FORM,
    PAST_OR_PERFECT,
    ROMANCE_PARTICIPLE,
    TOLD_BEFORE,
    acts_lexicon,
    agent_endings,
    irregular_past,
    word_patterns,
)
from c87.mapper.sentences import Sentence
from c87.ontology import concept


def drop_told(text: str, sentence: Sentence, cues: list[Cue], told: set[str],
               notes: list[str]) -> list[Cue]:
    """A noun cue after "the" names an act of a type told before ("a statement on the
    deregistration"): it is that act again, not a new one."""
    words = word_patterns()
    kept = []
    for cue in cues:
        lo = max(sentence.start, cue.start - 24)
        if cue.type in told and words["continuing_before"].search(text, lo, cue.start):
            # "remains in detention" after the arrest was told: the same act, going on.
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: a state that goes on")
            continue
        if cue.type in told and not PARTICIPLE.fullmatch(cue.words) and \
                not _verb_with_object(cue) and \
                TOLD_BEFORE.search(text, max(sentence.start, cue.start - 24), cue.start) and \
                not (cue.type == "communication" and dated_clause(text, sentence, cue)):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: the {cue.type} told before")
            continue
        kept.append(cue)
    return kept


def definite_noun(text: str, sentence: Sentence, cue: Cue) -> bool:
    """Whether the cue is a noun after "the", a possessive or "during" ("their
    dismissals", "Kushakbaev's conviction"): an act the text names as known."""
    return not PARTICIPLE.fullmatch(cue.words.split()[0]) and bool(
        TOLD_BEFORE.search(text, max(sentence.start, cue.start - 24), cue.start))


def resolve_cues(text: str, sentence: Sentence, cues: list[Cue], index: ActorIndex,
                  words: dict[str, re.Pattern[str]], notes: list[str],
                  letter_sender: str | None = None) -> list[Cue]:
    """Drop cues the sentence does not bear out as acts."""
    if not cues:
        return cues
    kept: list[Cue] = []
    internal = [c for c in cues if c.type == "union-internal-decision"]
    actors = index.in_span(sentence.start, sentence.end)
    kinds = {index.kind(m.actor) for m in actors}
    state_or_employer = bool(kinds & PERPETRATOR_KINDS)
    eventive = reports_something(sentence.text, words)
    for cue in cues:
        found = concept(cue.type)
        if found is None:
            continue
        lo = max(sentence.start, cue.start - 24)
        if words["anaphora_before"].search(text, lo, cue.start):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: refers to acts told before")
            continue
        if words["negation_before"].search(text, lo, cue.start):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: denied")
            continue
        if (found.is_violation or cue.type == "release") and not \
                PAST_OR_PERFECT.search(text, lo, cue.start) and (
                words["modal_before"].search(text, lo, cue.start)
                or words["demanded_before"].search(text, max(sentence.start, cue.start - 40),
                                                   cue.start)):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: asked for or supposed, "
                         "not done")
            continue
        if any(m.start <= cue.start and cue.end <= m.end
               and index.kind(m.actor) not in ("person", "group") for m in actors):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: part of a name "
                         "('Criminal Investigation Department')")
            continue
        if _inside_title_case(text, sentence, cue):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: inside a capitalised name "
                         "('Special Investigation Unit')")
            continue
        if " " not in cue.words and cue.words.lower().endswith(agent_endings()):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: names a person, not an act")
            continue
        first_word = cue.words.split()[0]
        if (ROMANCE_PARTICIPLE.fullmatch(cue.words)
                and NOUN_BEFORE.search(text, max(sentence.start, cue.start - 40), cue.start)
                and not dated_clause(text, sentence, cue)
                and not TIME_AFTER.match(text, cue.end)):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: a participle that "
                         "qualifies a noun ('les syndicalistes arrêtés'), not an act")
            continue
        if PARTICIPLE.fullmatch(first_word) and DETERMINER.search(text, lo, cue.start):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: an adjective "
                         "('the dismissed workers'), not an act")
            continue
        if cue.type == "union-internal-decision" and _decided_by_authority(
                text, sentence, cue, index):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: decided by an authority, "
                         "not by the union")
            continue
        if internal and cue is not internal[0] and cue.type == "anti-union-dismissal" \
                and not state_or_employer:
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: the union's own decision")
            continue
        if cue.type == "communication" and the_text_itself(text, sentence, cue, words,
                                                             index, letter_sender):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: the text itself speaks "
                         "(first person, present)")
            continue
        conveys = any(c.type != cue.type and is_violation(c.type) for c in cues)
        if cue.type == "communication" and conveys \
                and not words["first_person"].search(sentence.text) \
                and any(index.kind(m.actor) in PERPETRATOR_KINDS and m.start < cue.start
                        for m in index.in_span(*clause(text, sentence, cue.start))):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: an authority's letter "
                         "is the act it conveys")
            continue
        if found.is_violation and not eventive and " " not in cue.words.strip() and \
                not _ALLEGATIONS.match(sentence.text):
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: no act is reported "
                         "(no past or passive verb)")
            continue
        kept.append(cue)
    # A narrower type in the same sentence makes the broader one redundant.
    types = {c.type for c in kept}
    narrower_present = {b for t in types for b in ancestors(t) if b != t}
    return [c for c in kept if c.type not in narrower_present]


def the_text_itself(text: str, sentence: Sentence, cue: Cue,
                     words: dict[str, re.Pattern[str]], index: ActorIndex | None = None,
                     letter_sender: str | None = None) -> bool:
    """"We condemn ...", "I am writing to ...", "the NLC writes to ...", "to protest
    against ...": the letter speaking, not an act it reports.

    The cue is in the present or an infinitive of purpose, and the letter speaks in its
    clause: the first person before it, "you" after it, or, in a letter, its sender as the
    subject.
    """
    a, b = clause(text, sentence, cue.start)
    if words["purpose_to"].search(text, max(a, cue.start - 12), cue.start):
        return True
    by_sender = letter_sender is not None and index is not None and any(
        m.actor == letter_sender for m in index.in_span(a, cue.start))
    speaking = by_sender or words["first_person"].search(text, a, cue.start) or \
        words["second_person"].search(text, cue.end, min(b, cue.end + 40))
    if not speaking or dated_clause(text, sentence, cue):
        return False  # a dated letter ("our letter of 20 April") is an act of its own
    if any(PAST_FORM.fullmatch(w) or w.lower() in irregular_past()
           for w in re.findall(r"[\w'’-]+", cue.words)):
        return False
    return not PAST_OR_PERFECT.search(text, max(a, cue.start - 30), cue.start)


def dated_clause(text: str, sentence: Sentence, cue: Cue) -> bool:
    """Whether the clause of ``cue`` states a date (day, month or year)."""
    a, b = clause(text, sentence, cue.start)
    return any(s < b and e > a for s, e in date_spans(text))


def is_topic(text: str, sentence: Sentence, cue: Cue, cues: list[Cue],
              words: dict[str, re.Pattern[str]]) -> bool:
    """A cue after "about"/"concerning" that follows another act's cue in its clause names
    the topic of that act ("I wrote to you ... about the draft legislation")."""
    a, _b = clause(text, sentence, cue.start)
    earlier = [c for c in cues if a <= c.start < cue.start and c.type != cue.type]
    return bool(earlier) and bool(words["topic"].search(text, earlier[0].end, cue.start))


# "leurs collègues interpellés ces derniers jours": a time after the participle makes it
# an act again.
TIME_AFTER = re.compile(r"\s+(?:ces derniers jours|hier|la semaine dernière|le \d|ce \w+ \d|"
                        r"estos días|ayer|la semana pasada|el \d|on \d|last \w+|yesterday)",
                        re.IGNORECASE)

# "Allegations: Dismissal of trade union leaders, acts of harassment ...": a CFA report's
# summary names each alleged act with a noun.
_ALLEGATIONS = re.compile(r"\s*(?:Allegations?|Allégations?|Alegatos?|Alegaciones)\s*:",
                          re.IGNORECASE)


def _decided_by_authority(text: str, sentence: Sentence, cue: Cue, index: ActorIndex) -> bool:
    """Whether the actor named last before the cue in its clause, its subject, is a
    state body or an employer ("the Ministry decided to ..."), not the union ("workers at
    Philips announced they were forming a union")."""
    a, _b = clause(text, sentence, cue.start)
    before = [m for m in index.in_span(a, cue.start)]
    if not before:
        return False
    subject = before[-1]
    if index.kind(subject.actor) not in PERPETRATOR_KINDS:
        return False
    # "workers at P.T. Philips": an employer after a preposition is where, not who.
    return not re.search(r"\b(?:at|of|in|from|de|du|des|en|del)\s+(?:the\s+)?$",
                         text[max(a, subject.start - 12):subject.start], re.IGNORECASE)


_CAP_BEFORE = re.compile(r"\b[A-Z][\w’'-]*[ \t]+$")
_CAP_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")


def _inside_title_case(text: str, sentence: Sentence, cue: Cue) -> bool:
    """The cue is a capitalised word between two capitalised words in the middle of a
    sentence: part of a name the actor rules did not know ("the Special Investigation
    Unit", "the Anti-Strike Brigade"), not an act. Headings in capitals are not meant,
    nor a sentence's first word ("Arrests Followed")."""
    words = text[cue.start:cue.end]
    if not words[:1].isupper() or words.isupper():
        return False
    before = _CAP_BEFORE.search(text, max(sentence.start, cue.start - 30), cue.start)
    return bool(before and before.start() > sentence.start
                and text[before.start() - 2:before.start()].strip() not in (".", ":", ";")
                and _CAP_AFTER.match(text, cue.end))


def _verb_with_object(cue: Cue) -> bool:
    """The cue is a verb with its object ("hit them in the face", "took him away"): "the
    assailants hit them" is a new act, not a noun after "the" naming one told before."""
    words = cue.words.lower().split()
    return len(words) > 1 and words[1] in _object_pronouns()


@functools.cache
def _object_pronouns() -> frozenset[str]:
    return frozenset(acts_lexicon()["object_pronouns"])
