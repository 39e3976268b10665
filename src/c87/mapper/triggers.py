"""Stage 4 of the mapper: which cues of a sentence report an act. A cue is dropped when
the sentence denies it, asks for it, supposes it, names it in an organisation's name,
tells it again, or is the letter itself speaking; every drop is noted with its reason.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from c87.mapper.act import PERPETRATOR_KINDS, VICTIM_KINDS, ancestors, is_violation
from c87.mapper.actors import ActorIndex, Mention
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


def drop_told(text: str, sentence: Sentence, cues: list[Cue], told: dict[str, set[str]],
               notes: list[str], index: ActorIndex) -> list[Cue]:
    """A noun cue after "the" names an act of a type told before ("a statement on the
    deregistration"): it is that act again, not a new one, unless it names another
    victim ("the detention of Carlos Fernandez" after the arrest of others)."""
    words = word_patterns()
    kept = []
    for cue in cues:
        # A group ("nine union leaders") may be the victims told before, in other words.
        struck = {a for a in _struck(text, sentence, cue, index) if index.kind(a) != "group"}
        if struck and not struck & told.get(cue.type, struck):
            kept.append(cue)
            continue
        lo = max(sentence.start, cue.start - 24)
        if cue.type in told and words["continuing_before"].search(text, lo, cue.start):
            # "remains in detention" after the arrest was told: the same act, going on.
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: a state that goes on")
            continue
        if cue.type in told and not PARTICIPLE.fullmatch(cue.words) and \
                not PAST_FORM.fullmatch(cue.words.split()[0]) and \
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
    actors = index.in_span(sentence.start, sentence.end)
    ctx = _Context(text, sentence, cues, index, words, letter_sender, actors,
                   internal=[c for c in cues if c.type == "union-internal-decision"],
                   state_or_employer=bool({index.kind(m.actor) for m in actors}
                                          & PERPETRATOR_KINDS),
                   eventive=reports_something(sentence.text, words))
    kept: list[Cue] = []
    for cue in cues:
        found = concept(cue.type)
        if found is None:
            continue
        reason = _wording_drops(ctx, cue, found.is_violation) or _context_drops(
            ctx, cue, found.is_violation)
        if reason:
            notes.append(f"skip {cue.words!r} in {cite(sentence)}: {reason}")
            continue
        kept.append(cue)
    # A narrower type in the same sentence makes the broader one redundant.
    types = {c.type for c in kept}
    narrower_present = {b for t in types for b in ancestors(t) if b != t}
    return [c for c in kept if c.type not in narrower_present]


@dataclass
class _Context:
    """What :func:`resolve_cues` reads each cue of a sentence with: the sentence, its
    cues and the actors it names, and what holds for all its cues."""

    text: str
    sentence: Sentence
    cues: list[Cue]
    index: ActorIndex
    words: dict[str, re.Pattern[str]]
    letter_sender: str | None
    actors: list[Mention]  # the actors the sentence names
    internal: list[Cue]  # the cues of a union's internal decision
    state_or_employer: bool  # whether the sentence names a state body or an employer
    eventive: bool  # whether it has a past or passive verb


def _wording_drops(ctx: _Context, cue: Cue, violation: bool | None) -> str | None:
    """Why the words around ``cue`` say it is no act: told before, denied, asked for, part
    of a name, a person's noun, a participle or an adjective; None if they do not."""
    text, sentence, words = ctx.text, ctx.sentence, ctx.words
    lo = max(sentence.start, cue.start - 24)
    if words["anaphora_before"].search(text, lo, cue.start):
        return "refers to acts told before"
    if words["negation_before"].search(text, lo, cue.start):
        return "denied"
    if (violation or cue.type == "release") and _SUPPOSED.search(text, lo, cue.start):
        return "supposed, not told as done ('may have been arrested')"
    if (violation or cue.type == "release") and not \
            PAST_OR_PERFECT.search(text, lo, cue.start) and (
            words["modal_before"].search(text, lo, cue.start)
            or words["demanded_before"].search(text, max(sentence.start, cue.start - 64),
                                               cue.start)):
        return "asked for or supposed, not done"
    if violation and cue.type != "criminal-prosecution" and words["charged_before"].search(
            text, max(sentence.start, cue.start - 90), cue.start):
        return "what a charge accuses someone of ('charges of kidnapping'), not an act"
    if any(m.start <= cue.start and cue.end <= m.end
           and ctx.index.kind(m.actor) not in ("person", "group") for m in ctx.actors):
        return "part of a name ('Criminal Investigation Department')"
    if _inside_title_case(text, sentence, cue):
        return "inside a capitalised name ('Special Investigation Unit')"
    if " " not in cue.words and cue.words.lower().endswith(agent_endings()):
        return "names a person, not an act"
    if (ROMANCE_PARTICIPLE.fullmatch(cue.words)
            and NOUN_BEFORE.search(text, max(sentence.start, cue.start - 40), cue.start)
            and not dated_clause(text, sentence, cue)
            and not TIME_AFTER.match(text, cue.end)):
        return ("a participle that qualifies a noun ('les syndicalistes arrêtés'), "
                "not an act")
    if PARTICIPLE.fullmatch(cue.words.split()[0]) and DETERMINER.search(text, lo, cue.start):
        return "an adjective ('the dismissed workers'), not an act"
    return None


def _context_drops(ctx: _Context, cue: Cue, violation: bool | None) -> str | None:
    """Why the sentence says ``cue`` is no act of its own: decided by an authority or the
    union, the text itself speaking, an authority's letter that conveys another act, no
    act reported at all; None if it does not."""
    text, sentence, index = ctx.text, ctx.sentence, ctx.index
    if cue.type == "union-internal-decision" and _decided_by_authority(
            text, sentence, cue, index):
        return "decided by an authority, not by the union"
    if ctx.internal and cue is not ctx.internal[0] and cue.type == "anti-union-dismissal" \
            and not ctx.state_or_employer:
        return "the union's own decision"
    if cue.type == "communication" and the_text_itself(text, sentence, cue, ctx.words,
                                                         index, ctx.letter_sender):
        return "the text itself speaks (first person, present)"
    conveys = any(c.type != cue.type and is_violation(c.type) for c in ctx.cues)
    if cue.type == "communication" and conveys and not ctx.words["purpose"].search(cue.words) \
            and not ctx.words["first_person"].search(sentence.text) \
            and any(index.kind(m.actor) in PERPETRATOR_KINDS and m.start < cue.start
                    for m in index.in_span(*clause(text, sentence, cue.start))):
        return "an authority's letter is the act it conveys"
    if violation and not ctx.eventive and " " not in cue.words.strip() and \
            not _ALLEGATIONS.match(sentence.text) and not _struck(text, sentence, cue, ctx.index):
        return "no act is reported (no past or passive verb)"
    return None


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
# "the arrest and detention of Mr Rong Chhun", "l'assassinat de X": a definite noun of an
# act with the person or body it struck names one act, even with no verb in the past.
_THE_BEFORE = re.compile(r"(?<![\w-])(?i:the|this|his|her|their|la|le|el|l['’]|su|sa|son)"
                         r"\s*$")
_OF_AFTER = re.compile(r"(?:\s+(?:and|et|y)\s+[\w-]+|\s+[a-zà-ÿ-]+)?\s+"
                       r"(?i:of|against|de|du|des|contre|contra)\s+")


_SUPPOSED = re.compile(r"(?<![\w-])(?i:may|might|could|would|must|should)\s+(?:not\s+)?"
                      r"have\s+(?:been\s+)?$")


def _struck(text: str, sentence: Sentence, cue: Cue, index: ActorIndex) -> set[str]:
    """The persons or unions that ``cue``, a definite noun, names as struck ("the arrest
    of Mr X"); empty if it names none."""
    if not _THE_BEFORE.search(text, max(sentence.start, cue.start - 8), cue.start):
        return set()
    after = _OF_AFTER.match(text, cue.end)
    if after is None:
        return set()
    return {m.actor for m in index.in_span(after.end(), sentence.end)
            if m.start <= after.end() + 12 and index.kind(m.actor) in VICTIM_KINDS}


_ALLEGATIONS = re.compile(r"\s*(?:Allegations?|Allégations?|Alegatos?|Alegaciones)\s*:",
                          re.IGNORECASE)


def _decided_by_authority(text: str, sentence: Sentence, cue: Cue, index: ActorIndex) -> bool:
    """Whether the actor named last before the cue in its clause, its subject, is a
    state body or an employer ("the Ministry decided to ..."), not the union ("workers at
    Philips announced they were forming a union")."""
    a, _b = clause(text, sentence, cue.start)
    before = [m for m in index.in_span(a, cue.start)]
    if not before or _BACKDROP.search(text, max(a, cue.start - 30), cue.start):
        return False  # "dismissed by the Government following a nationwide strike"
    subject = before[-1]
    if len(before) > 1 and text[before[-2].end:subject.start].strip() == "(":
        subject = before[-2]  # "the Corporation (CSGEC)": the name the acronym restates
    if index.kind(subject.actor) not in PERPETRATOR_KINDS:
        return False
    # "workers at P.T. Philips", "pour la CSGEC", "not respected by the company": an
    # employer after a preposition is where, or whom, not who decided.
    return not _PREPOSITION_BEFORE.search(text, max(a, subject.start - 16), subject.start)


# A noun after one of these is the backdrop of the clause's act, not what its subject did.
_BACKDROP = re.compile(
    r"(?<![\w-])(?i:following|after|during|before|since|over|amid|après|pendant|lors\s+d[eu]|"
    r"suite\s+à|à\s+la\s+suite\s+d[eu']|tras|después\s+de|durante|luego\s+de|a\s+raíz\s+de)"
    r"\s+(?i:a|an|the|their|its|his|her|une|un|la|le|les|l['’]|el|una|los|las|su|sus)?\s*$")


_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w-])(?i:at|of|in|from|for|by|with|against|de|du|des|en|del|pour|par|avec|contre|"
    r"chez|por|para|con|contra)\s+(?i:the\s+|la\s+|le\s+|les\s+|l['’]|el\s+|los\s+|las\s+)?$")


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
