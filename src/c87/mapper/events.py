"""Find the acts a letter reports: one event per act, typed, dated, with its participants.

A sentence of the body is read for the cue words of the event types (ontology data).
Each cue proposes an act; acts of one type in one sentence are one event, unless the
sentence gives them distinct dates ("On 26 April and 29 October 2019, I wrote").
Sentences that ask for something ("We urge you to release ...") or state a principle
report no act. Every decision is noted for ``c87 extract --explain``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from c87.mapper.cues import Cue, find_cues
from c87.mapper.dates import DateMention
from c87.mapper.sentences import Sentence

if TYPE_CHECKING:
    from c87.mapper.actors import ActorIndex

PERPETRATOR_KINDS = frozenset({"government", "state-authority", "legislature", "court",
                               "police", "military", "employer"})
_AGENT = re.compile(r"\b(?:by|par|por)\s+(?:the\s+|les?\s+|la\s+|los\s+|las\s+|el\s+)?$",
                    re.IGNORECASE)
# Acts that strike a person, so that "his home", "took him" point to one.
_AGAINST_PERSONS = frozenset({
    "arrest-detention", "house-arrest", "interrogation", "search", "violence", "killing",
    "abduction", "criminal-prosecution", "travel-ban", "anti-union-dismissal", "intimidation",
    "restriction-of-communication", "smear-campaign"})
UNION_KINDS = {"trade-union", "union-federation", "union-confederation"}
VICTIM_KINDS = frozenset({"person", "group", "trade-union", "union-federation",
                          "union-confederation"})


@dataclass
class Act:
    """An event as the mapper finds it, before it becomes a :class:`c87.model.Event`."""

    type: str
    sentence: Sentence
    cues: list[Cue]
    date: str | None = None
    start: str | None = None
    end: str | None = None
    approximate: bool = False
    date_span: tuple[int, int] | None = None
    participants: list[tuple[str, str]] = field(default_factory=list)  # (actor id, role)
    place: str | None = None
    notes: list[str] = field(default_factory=list)
    more: list[Sentence] = field(default_factory=list)  # sentences that go on about the act
    topic: bool = False  # named as what another act is about ("concern over a draft law")


@dataclass
class EventReading:
    acts: list[Act]
    warnings: list[str]
    notes: list[str]


@functools.cache
def acts_lexicon() -> dict[str, list[str]]:
    """The word lists of ``ontology/acts.yaml``."""
    from importlib.resources import files

    import yaml

    data = yaml.safe_load((files("c87.ontology") / "acts.yaml").read_text(encoding="utf-8"))
    return {key: [str(w) for w in value] for key, value in data.items()}


@functools.cache
def _words() -> dict[str, re.Pattern[str]]:
    """The lexicon's word lists as patterns (demands, first person, past tense, ...)."""
    lex = acts_lexicon()

    def words(key: str) -> re.Pattern[str]:
        alternation = "|".join(r"\s+".join(re.escape(w) for w in item.split())
                               for item in sorted(lex[key], key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)

    found = {key: words(key) for key in ("demand", "first_person", "happened", "principle_talk",
                                        "pronoun_start", "present", "range_start",
                                        "range_link", "duration_unit", "second_person_agent",
                                        "sequel", "congress", "anaphora", "plural_anaphora",
                                        "union_reference", "perpetrator_groups", "negation",
                                        "purpose", "person_pronoun", "topic", "continuing",
                                        "modal", "demanded", "second_person")}
    # Searched with the text's own offsets, so that a word boundary before them is real.
    found["anaphora_before"] = re.compile(rf"(?:{found['anaphora'].pattern})\s+$",
                                          re.IGNORECASE)
    found["continuing_before"] = re.compile(
        rf"(?:{found['continuing'].pattern})\s+(?:\w+\s+)?$", re.IGNORECASE)
    found["negation_before"] = re.compile(
        rf"(?:{found['negation'].pattern})\s+(?:\w+\s+){{0,3}}$", re.IGNORECASE)
    found["purpose_to"] = re.compile(
        r"(?<![\w-])(?:to|para|pour|afin de|a fin de|in order to)\s+$", re.IGNORECASE)
    found["modal_before"] = re.compile(
        rf"(?:{found['modal'].pattern})\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE)
    found["demanded_before"] = re.compile(
        rf"(?:{found['demanded'].pattern})\s+(?:[\w'’-]+\s+){{0,4}}$", re.IGNORECASE)
    return found


_TOLD_BEFORE = re.compile(
    r"(?<![\w-])(?i:the|les|los|las|la|le|el|his|her|their|its|our|during|in|sa|son|ses|leur|"
    r"leurs|su|sus|durante|pendant)\s+(?:[a-zà-ÿ-]+\s+)?$")
# "Les syndicalistes arrêtés devaient ...": a French or Spanish participle right after a
# noun, with no auxiliary, qualifies the noun; it reports no act.
_NOUN_BEFORE = re.compile(
    r"(?<![\w-])(?i:les|ces|des|leurs|los|las|estos|estas|sus|unos|unas)\s+[\w-]+\s+$")
_ROMANCE_PARTICIPLE = re.compile(r"\w+(?:é|ée|és|ées|ado|ada|ados|adas|ido|ida|idos|idas)",
                                 re.IGNORECASE)

_PARTICIPLE = re.compile(r"\w+(?:ed|é|ée|és|ées|ado|ada|ados|adas|ido|ida|idos|idas)",
                         re.IGNORECASE)
_DETERMINER = re.compile(r"(?<![\w-])(?:the|les|los|las|la|le|el)\s+$", re.IGNORECASE)

_PAST_FORM = re.compile(
    r"(?<![\w-])\w{3,}(?:ed|en|é|ée|és|ées|ado|ada|ados|adas|ido|ida|idos|idas|ou|aram|eram)"
    r"(?![\w-])", re.IGNORECASE)


def read_events(text: str, sentences: list[Sentence], dates: list[DateMention],
                index: ActorIndex, *, letter_date: str | None, sender: str | None,
                addressee: str | None, header_spans: list[tuple[int, int]],
                language: str | None = None, genre: str | None = None) -> EventReading:
    """The acts reported in ``sentences`` of ``text``."""
    words = _words()
    acts: list[Act] = []
    warnings: list[str] = []
    notes: list[str] = []
    in_demands = False
    previous: Act | None = None
    last_dated: Act | None = None  # the latest act with a date, for "the next day"
    previous_paragraph = -1
    paragraph_date: DateMention | None = None  # the paragraph's last date so far
    for sentence in sentences:
        if sentence.paragraph != previous_paragraph:
            # A list of demands runs from "We urge you to:" to the next plain paragraph.
            if in_demands and not _is_list_item(text, sentence):
                in_demands = False
            previous_paragraph = sentence.paragraph
            paragraph_date = None
        s_dates = [d for d in dates if sentence.start <= d.start < sentence.end
                   and not any(a <= d.start < b for a, b in header_spans)
                   and not (d.precision == "year" and _TITLE_YEAR.search(
                       text, max(0, d.start - 140), d.start))]
        said_before, paragraph_date = paragraph_date, next(
            (d for d in reversed(s_dates) if not d.relative and d.precision == "day"),
            paragraph_date)
        cues = find_cues(text, sentence.start, sentence.end, language)
        if cues and _heading(text, sentence):
            notes.append(f"skip {_cite(sentence)}: a heading, not a sentence")
            continue
        demand = bool(words["demand"].search(sentence.text)) or in_demands
        if demand and sentence.text.rstrip().endswith(":"):
            in_demands = True
        if demand or _imperative_item(text, sentence):
            kept = [c for c in cues if c.type in ("communication", "planned-intervention")]
            if len(kept) != len(cues):
                notes.append(f"skip {_cite(sentence)}: a demand, not a report "
                             f"({', '.join(sorted({c.type for c in cues}))})")
            cues = kept
        if cues and not s_dates and words["principle_talk"].search(sentence.text):
            # A law said to be contrary to the Convention is itself the act.
            kept = [c for c in cues if not _is_violation(c.type)
                    or c.type == "legislative-restriction"]
            if len(kept) != len(cues):
                notes.append(f"skip {_cite(sentence)}: states a principle, reports no act")
            cues = kept
        cues = _resolve_cues(text, sentence, cues, index, words, notes,
                             sender if genre in ("letter", "urgent-action", None) else None)
        told = {a.type for a in acts if not a.topic and not _purposeful(a.sentence.text)}
        cues = _drop_told(text, sentence, cues, told, notes)
        if not cues:
            if any(not d.relative for d in s_dates) and not demand and \
                    _reports_something(sentence.text, words):
                warnings.append(f"no event type fits this dated sentence: "
                                f"{_squash(sentence.text)!r} (at {sentence.start})")
            continue
        by_type: dict[str, list[Cue]] = {}
        for cue in cues:
            by_type.setdefault(cue.type, []).append(cue)
        by_type = _split_by_date(text, by_type, s_dates)
        if "disruption-of-meetings" in by_type and words["congress"].search(sentence.text):
            by_type.setdefault("obstruction-of-congress", []).extend(
                by_type.pop("disruption-of-meetings"))
            notes.append(f"obstruction-of-congress: a disrupted congress in {_cite(sentence)}")
        for key, type_cues in by_type.items():
            event_type = key.split("#")[0]
            if (not s_dates and previous and _same_family(previous.type, event_type)
                    and previous.sentence.paragraph == sentence.paragraph
                    and (previous.more or [previous.sentence])[-1].end <= sentence.start
                    and _adjacent(sentences, previous, sentence)):
                # "Among those detained are ...": the same act, told on.
                previous.more.append(sentence)
                extra = Act(event_type, sentence, type_cues)
                _participants(extra, text, index, sender, addressee, words)
                known = {a for a, _ in previous.participants}
                previous.participants += [p for p in extra.participants if p[0] not in known]
                previous.notes.append(f"goes on in {_cite(sentence)}")
                continue
            topic = _is_topic(text, sentence, type_cues[0], cues, words)
            for act in _dated_acts(text, sentence, event_type, type_cues,
                                   [] if topic else s_dates, letter_date,
                                   None if topic else last_dated, words, index, cues,
                                   None if topic else said_before):
                _participants(act, text, index, sender, addressee, words,
                              _victims(previous, index))
                act.place = _place(text, sentence, index)
                act.topic = topic
                said = ", ".join(repr(c.words) for c in type_cues)
                act.notes.insert(0, f"{event_type}: cue {said} ({type_cues[0].lang}) "
                                    f"in {_cite(sentence)}")
                acts.append(act)
                previous = act
                if act.date or act.start:
                    last_dated = act
    acts = _drop_announced(acts, words, notes)
    return EventReading(acts, warnings, notes)


@functools.lru_cache(maxsize=4096)
def _purposeful(sentence_text: str) -> bool:
    """Whether a sentence states the letter's purpose ("to denounce the murder of")."""
    return bool(_words()["purpose"].search(sentence_text))


def _drop_announced(acts: list[Act], words: dict[str, re.Pattern[str]],
                    notes: list[str]) -> list[Act]:
    """Acts named in a sentence that states the letter's purpose ("to denounce the murder
    of ...") are told again later: keep the later telling, which has the detail."""
    kept = []
    for act in acts:
        # The statement itself ("the ITUC has condemned ...") is an act of its own.
        if _is_violation(act.type) and (
                act.topic or words["purpose"].search(act.sentence.text)) and any(
                other is not act and other.sentence.start > act.sentence.start
                and _same_family(other.type, act.type) for other in acts):
            notes.append(f"skip {act.type} in {_cite(act.sentence)}: announced here, "
                         "told later")
            continue
        kept.append(act)
    return kept


def _drop_told(text: str, sentence: Sentence, cues: list[Cue], told: set[str],
               notes: list[str]) -> list[Cue]:
    """A noun cue after "the" names an act of a type told before ("a statement on the
    deregistration"): it is that act again, not a new one."""
    kept = []
    for cue in cues:
        if cue.type in told and not _PARTICIPLE.fullmatch(cue.words) and \
                _TOLD_BEFORE.search(text, max(sentence.start, cue.start - 24), cue.start) and \
                not (cue.type == "communication" and _dated_clause(text, sentence, cue)):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: the {cue.type} told before")
            continue
        kept.append(cue)
    return kept


def _heading(text: str, sentence: Sentence) -> bool:
    """A line on its own without a full stop ("Allegation A - Postponement of a strike")."""
    if re.search(r"[.!?:;»”\")]\s*$", sentence.text):
        return False
    return "\n" not in sentence.text.strip() and len(sentence.text.split()) <= 15


def _same_family(a: str, b: str) -> bool:
    """Equal types, or one narrower than the other (interrogation, investigation)."""
    return a == b or a in _ancestors(b) or b in _ancestors(a)


def _victims(act: Act | None, index: ActorIndex) -> tuple[str, ...]:
    """The persons who were victims of ``act``."""
    if act is None:
        return ()
    return tuple(a for a, r in act.participants if r == "victim" and index.kind(a) == "person")


def _adjacent(sentences: list[Sentence], previous: Act, sentence: Sentence) -> bool:
    """Whether ``sentence`` directly follows the last sentence of ``previous``."""
    last = (previous.more or [previous.sentence])[-1]
    return any(a is last and b is sentence for a, b in itertools.pairwise(sentences))


def _is_violation(event_type: str) -> bool:
    from c87.ontology import concept

    found = concept(event_type)
    return bool(found and found.is_violation)


def _cite(sentence: Sentence) -> str:
    return f"sentence at {sentence.start}: {_squash(sentence.text)[:70]!r}"


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _is_list_item(text: str, sentence: Sentence) -> bool:
    line_start = text.rfind("\n", 0, sentence.start) + 1
    return bool(re.match(r"[ \t]*(?:[-*•▪◦–]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]",
                         text[line_start:sentence.start + 1]))


def _imperative_item(text: str, sentence: Sentence) -> bool:
    """A list item that starts with a bare verb ("release Mr Haque") is a demand."""
    if not _is_list_item(text, sentence):
        return False
    first = sentence.text.split(maxsplit=1)[0].lower() if sentence.text.split() else ""
    return first in {w.lower() for w in acts_lexicon()["imperative"]}


def _reports_something(sentence: str, words: dict[str, re.Pattern[str]]) -> bool:
    return bool(words["happened"].search(sentence) or _PAST_FORM.search(sentence))


def _resolve_cues(text: str, sentence: Sentence, cues: list[Cue], index: ActorIndex,
                  words: dict[str, re.Pattern[str]], notes: list[str],
                  letter_sender: str | None = None) -> list[Cue]:
    """Drop cues the sentence does not bear out as acts."""
    if not cues:
        return cues
    from c87.ontology import concept

    kept: list[Cue] = []
    internal = [c for c in cues if c.type == "union-internal-decision"]
    actors = index.in_span(sentence.start, sentence.end)
    kinds = {index.kind(m.actor) for m in actors}
    state_or_employer = bool(kinds & PERPETRATOR_KINDS)
    eventive = _reports_something(sentence.text, words)
    for cue in cues:
        found = concept(cue.type)
        if found is None:
            continue
        lo = max(sentence.start, cue.start - 24)
        if words["anaphora_before"].search(text, lo, cue.start):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: refers to acts told before")
            continue
        if words["negation_before"].search(text, lo, cue.start):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: denied")
            continue
        if (found.is_violation or cue.type == "release") and (
                words["modal_before"].search(text, lo, cue.start)
                or words["demanded_before"].search(text, max(sentence.start, cue.start - 40),
                                                   cue.start)):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: asked for or supposed, "
                         "not done")
            continue
        if any(m.start <= cue.start and cue.end <= m.end
               and index.kind(m.actor) not in ("person", "group") for m in actors):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: part of a name "
                         "('Criminal Investigation Department')")
            continue
        if " " not in cue.words and cue.words.lower().endswith(_agent_endings()):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: names a person, not an act")
            continue
        if words["continuing_before"].search(text, lo, cue.start):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: a state that goes on")
            continue
        first_word = cue.words.split()[0]
        if (_ROMANCE_PARTICIPLE.fullmatch(cue.words)
                and _NOUN_BEFORE.search(text, max(sentence.start, cue.start - 40), cue.start)):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: a participle that "
                         "qualifies a noun ('les syndicalistes arrêtés'), not an act")
            continue
        if _PARTICIPLE.fullmatch(first_word) and _DETERMINER.search(text, lo, cue.start):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: an adjective "
                         "('the dismissed workers'), not an act")
            continue
        if cue.type == "union-internal-decision" and any(
                index.kind(m.actor) in PERPETRATOR_KINDS
                for m in index.in_span(*_clause(text, sentence, cue.start))):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: decided by an authority, "
                         "not by the union")
            continue
        if internal and cue is not internal[0] and cue.type == "anti-union-dismissal" \
                and not state_or_employer:
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: the union's own decision")
            continue
        if cue.type == "communication" and _the_text_itself(text, sentence, cue, words,
                                                             index, letter_sender):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: the text itself speaks "
                         "(first person, present)")
            continue
        conveys = any(c.type != cue.type and _is_violation(c.type) for c in cues)
        if cue.type == "communication" and conveys \
                and not words["first_person"].search(sentence.text) \
                and any(index.kind(m.actor) in PERPETRATOR_KINDS and m.start < cue.start
                        for m in index.in_span(*_clause(text, sentence, cue.start))):
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: an authority's letter "
                         "is the act it conveys")
            continue
        if found.is_violation and not eventive and " " not in cue.words.strip():
            notes.append(f"skip {cue.words!r} in {_cite(sentence)}: no act is reported "
                         "(no past or passive verb)")
            continue
        kept.append(cue)
    # A narrower type in the same sentence makes the broader one redundant.
    types = {c.type for c in kept}
    narrower_present = {b for t in types for b in _ancestors(t) if b != t}
    return [c for c in kept if c.type not in narrower_present]


_PAST_OR_PERFECT = re.compile(
    r"(?<![\w-])(?:has|have|had|was|were|a|ont|avait|avons|avaient|ha|han|había|hemos)\s+"
    r"(?:\w+\s+){0,2}$", re.IGNORECASE)


def _the_text_itself(text: str, sentence: Sentence, cue: Cue,
                     words: dict[str, re.Pattern[str]], index: ActorIndex | None = None,
                     letter_sender: str | None = None) -> bool:
    """"We condemn ...", "I am writing to ...", "the NLC writes to ...", "to protest
    against ...": the letter speaking, not an act it reports.

    The cue is in the present or an infinitive of purpose, and the letter speaks in its
    clause: the first person before it, "you" after it, or, in a letter, its sender as the
    subject.
    """
    a, b = _clause(text, sentence, cue.start)
    if words["purpose_to"].search(text, max(a, cue.start - 12), cue.start):
        return True
    by_sender = letter_sender is not None and index is not None and any(
        m.actor == letter_sender for m in index.in_span(a, cue.start))
    speaking = by_sender or words["first_person"].search(text, a, cue.start) or \
        words["second_person"].search(text, cue.end, min(b, cue.end + 40))
    if not speaking or _dated_clause(text, sentence, cue):
        return False  # a dated letter ("our letter of 20 April") is an act of its own
    if any(_PAST_FORM.fullmatch(w) or w.lower() in _irregular_past()
           for w in re.findall(r"[\w'’-]+", cue.words)):
        return False
    return not _PAST_OR_PERFECT.search(text, max(a, cue.start - 30), cue.start)


def _dated_clause(text: str, sentence: Sentence, cue: Cue) -> bool:
    """Whether the clause of ``cue`` states a date (day, month or year)."""
    from c87.mapper.dates import find_dates

    a, b = _clause(text, sentence, cue.start)
    return bool(find_dates(text[a:b]))


@functools.cache
def _irregular_past() -> frozenset[str]:
    return frozenset(w.lower() for w in acts_lexicon()["irregular_past"])


@functools.cache
def _agent_endings() -> tuple[str, ...]:
    return tuple(acts_lexicon()["agent_noun_endings"])


def _ancestors(event_type: str) -> set[str]:
    from c87.ontology import concept

    out = {event_type}
    found = concept(event_type)
    while found and found.broader:
        parent = found.broader[0]
        out.add(parent)
        found = concept(parent)
    return out


def _is_topic(text: str, sentence: Sentence, cue: Cue, cues: list[Cue],
              words: dict[str, re.Pattern[str]]) -> bool:
    """A cue after "about"/"concerning" that follows another act's cue in its clause names
    the topic of that act ("I wrote to you ... about the draft legislation")."""
    a, _b = _clause(text, sentence, cue.start)
    earlier = [c for c in cues if a <= c.start < cue.start and c.type != cue.type]
    return bool(earlier) and bool(words["topic"].search(text, earlier[0].end, cue.start))


def _continues(sentence: Sentence, previous: Act, index: ActorIndex) -> bool:
    """The sentence goes on about the act before: it opens with a pronoun, or names a
    person, group or authority that took part in it ("The gendarmerie detained ...")."""
    if _words()["pronoun_start"].match(sentence.text) or \
            _words()["plural_anaphora"].search(sentence.text[:40]):
        return True
    taking_part = {a for a, _ in previous.participants
                   if index.kind(a) in PERPETRATOR_KINDS | {"person", "group"}}
    return any(m.actor in taking_part for m in index.in_span(sentence.start, sentence.end))


def _nearest(pattern: re.Pattern[str], text: str, sentence: Sentence, cues: list[Cue],
             all_cues: list[Cue]) -> re.Match[str] | None:
    """The match of ``pattern`` in the sentence, if the act's cue is the cue nearest to it
    ("arrested during the sit-in, she was released the next day": the next day is the
    release's, not the arrest's)."""
    match = pattern.search(text, sentence.start, sentence.end)
    if match is None:
        return None
    nearest = min(all_cues, key=lambda c: min(abs(c.start - match.start()),
                                              abs(c.end - match.start())))
    if nearest in cues:
        return match
    # "was searched and sealed the next day": verbs joined by "and" share the adverb.
    joined = any(c.end <= nearest.start and re.fullmatch(
        r"\s*(?:and|et|y|e)\s+(?:\w+\s+){0,2}", text[c.end:nearest.start], re.IGNORECASE)
        for c in cues)
    return match if joined else None


_SINCE_THEN = re.compile(r"\b(?:since then|ever since|depuis lors|desde entonces)\b",
                         re.IGNORECASE)


def _dated_acts(text: str, sentence: Sentence, event_type: str, cues: list[Cue],
                s_dates: list[DateMention], letter_date: str | None, previous: Act | None,
                words: dict[str, re.Pattern[str]], index: ActorIndex,
                all_cues: list[Cue], paragraph_date: DateMention | None = None) -> list[Act]:
    """One act, or one per date when the sentence lists several dates for it.

    An undated act takes the date of the act before it when it goes on from it, else the
    last date its paragraph stated before it (a report's paragraph tells one day).
    """
    act = Act(event_type, sentence, cues)
    if not s_dates:
        _undated(act, text, sentence, cues, previous, words, index, all_cues, paragraph_date)
        return [act]
    return _with_dates(act, text, sentence, event_type, cues, s_dates, letter_date, previous,
                       words, all_cues)


def _undated(act: Act, text: str, sentence: Sentence, cues: list[Cue], previous: Act | None,
             words: dict[str, re.Pattern[str]], index: ActorIndex, all_cues: list[Cue],
             paragraph_date: DateMention | None) -> None:
    """Date ``act``, whose sentence states no date, from what came before it."""
    if previous and (previous.date or previous.start):
        same_paragraph = previous.sentence.paragraph == sentence.paragraph
        sequel = _nearest(words["sequel"], text, sentence, cues, all_cues)
        later = _nearest(_DAYS_LATER, text, sentence, cues, all_cues)
        since = _SINCE_THEN.search(sentence.text)
        base = previous.date or previous.start
        if later and base and len(base) == 10:
            n = 1 if later["next"] else _count(later["n"] or later["n2"])
            day = dt.date.fromisoformat(base) + dt.timedelta(days=n)
            act.date, act.approximate = day.isoformat(), previous.approximate
            act.notes.append(f"date: {act.date}, {n} day(s) after the act before")
        elif since:
            act.start, act.approximate = previous.date or previous.start, True
            act.notes.append(f"start: {act.start}, the date of the act before ('since then')")
        elif (same_paragraph and _continues(sentence, previous, index)) or sequel:
            act.date, act.start, act.end = previous.date, previous.start, previous.end
            act.approximate = True
            act.date_span = previous.date_span
            act.notes.append("date: from the act before (the sentence goes on from it)")
    if not (act.date or act.start) and paragraph_date is not None:
        act.date, act.approximate = paragraph_date.value, True
        act.date_span = (paragraph_date.start, paragraph_date.end)
        act.notes.append(f"date: {act.date}, the last date of its paragraph")


def _with_dates(act: Act, text: str, sentence: Sentence, event_type: str, cues: list[Cue],
                s_dates: list[DateMention], letter_date: str | None, previous: Act | None,
                words: dict[str, re.Pattern[str]], all_cues: list[Cue]) -> list[Act]:
    """Date ``act`` from the dates its sentence states (one act per listed date)."""
    cue_at = cues[0].start
    a, b = _clause(text, sentence, cue_at)
    later = _DAYS_LATER.search(text, a, b)
    if later and not any(a <= d.start < b for d in s_dates):
        # "On 14 October they were told to withdraw; two days later their employer ...".
        earlier = [d for d in s_dates if d.end <= a and d.precision == "day"]
        if earlier:
            n = 1 if later["next"] else _count(later["n"] or later["n2"])
            act.date = (earlier[-1].date + dt.timedelta(days=n)).isoformat()
            act.approximate = earlier[-1].year_inferred or earlier[-1].relative
            act.notes.append(f"date: {act.date}, {n} day(s) after {earlier[-1].value}")
            return [act]
    if previous and (previous.date or previous.start) and \
            not any(a <= d.start < b for d in s_dates) and \
            words["pronoun_start"].match(sentence.text) and a == sentence.start:
        # "She was questioned ... and released on 16 June": the date is the other act's.
        act.date, act.start, act.end = previous.date, previous.start, previous.end
        act.approximate, act.date_span = True, previous.date_span
        act.notes.append("date: from the act before (the sentence's date is another act's)")
        return [act]
    groups = _date_groups(text, s_dates)
    group = _nearest_group(groups, cues[0])
    range_ = _range(text, group, groups, letter_date, words)
    if range_:
        act.start, act.end, act.date_span = range_
        act.notes.append(f"date: range {act.start} .. {act.end or 'open'}")
        return [act]
    if len(group) > 1 and len({d.value for d in group}) > 1:
        out = []
        for mention in group:
            twin = Act(event_type, sentence, cues, date=mention.value,
                       approximate=mention.year_inferred or mention.relative,
                       date_span=(mention.start, mention.end))
            twin.notes.append(f"date: {mention.value}, one of {len(group)} listed dates")
            out.append(twin)
        return out
    mention = group[0]
    act.date = mention.value
    act.approximate = mention.year_inferred or mention.relative
    act.date_span = (mention.start, mention.end)
    act.notes.append(f"date: {mention.value} from {text[mention.start:mention.end]!r}")
    duration = _duration_end(text, sentence, mention)
    if duration:
        act.start, act.end, act.date = act.date, duration, None
        act.notes.append(f"end: {duration} from the stated duration")
    return [act]


def _split_by_date(text: str, by_type: dict[str, list[Cue]],
                   s_dates: list[DateMention]) -> dict[str, list[Cue]]:
    """Cues of one type that sit by different dates are different acts ("in a letter
    dated 3 September and at a meeting on 18 September")."""
    if len(s_dates) < 2:
        return by_type
    groups = _date_groups(text, s_dates)
    out: dict[str, list[Cue]] = {}
    for event_type, cues in by_type.items():
        parts: dict[int, list[Cue]] = {}
        for cue in cues:
            parts.setdefault(id(_nearest_group(groups, cue)[0]), []).append(cue)
        for n, part in enumerate(parts.values()):
            out[event_type if n == 0 else f"{event_type}#{n}"] = part
    return out


def _nearest_group(groups: list[list[DateMention]], cue: Cue) -> list[DateMention]:
    """The dates that go with the cue: the group nearest to it, a date after the cue
    counting a little farther ("On 3 June, X was arrested" and "X was arrested on
    2 December ... until her release on 5 December" both read right)."""
    def distance(group: list[DateMention]) -> float:
        if group[-1].end <= cue.start:
            return cue.start - group[-1].end
        if group[0].start >= cue.end:
            return (group[0].start - cue.end) * 1.3
        return 0.0
    return min(groups, key=distance)


def _date_groups(text: str, mentions: list[DateMention]) -> list[list[DateMention]]:
    """Mentions that share a phrase ("26 April and 29 October 2019") form one group."""
    groups: list[list[DateMention]] = []
    for mention in mentions:
        if groups:
            last = groups[-1][-1]
            gap = text[last.end:mention.start]
            if mention.start == last.start or (
                    len(gap) <= 8 and re.fullmatch(r"\s*(?:,|and|et|y|e|&|,\s*and)?\s*", gap)):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def _range(text: str, group: list[DateMention], groups: list[list[DateMention]],
           letter_date: str | None, words: dict[str, re.Pattern[str]]
           ) -> tuple[str, str | None, tuple[int, int]] | None:
    """``from A to B``, ``between A and B``, ``since A``, ``from A to the present``."""
    first = group[0]
    lead = text[max(0, first.start - 14):first.start]
    if not words["range_start"].search(lead.split("\n")[-1] + " "):
        return None
    last_end = group[-1].end
    between = text[first.end:group[-1].start] if len(group) > 1 else ""
    if len(group) == 2 and words["range_link"].search(between):
        return group[0].value, group[1].value, (first.start, last_end)
    if len(group) == 2 and group[0].start == group[1].start:  # "between 7 and 12 June"
        return group[0].value, group[1].value, (first.start, last_end)
    after = text[last_end:last_end + 40]
    link = words["range_link"].match(after.lstrip())
    if link:
        rest = after.lstrip()[link.end():]
        if words["present"].match(rest.lstrip()):
            return first.value, letter_date, (first.start, last_end)
        nxt = next((g for g in groups if g[0].start > last_end and
                    g[0].start - last_end <= 24), None)
        if nxt:
            return first.value, nxt[0].value, (first.start, nxt[0].end)
    return first.value, None, (first.start, last_end)


# A year that ends the title of an instrument ("Convention, 1948", "Law on Trade Unions of
# 2014", "Public Order Act of 2017") dates the instrument, not an act.
_TITLE_YEAR = re.compile(
    r"\b(?:Convention|Act|Law|Code|Decree|Proclamation|Ordinance|Constitution|Loi|Ley|Código|"
    r"Decreto)\b[^.;]{0,120}?(?:,|\bof|\bde|\()\s*(?:\(No\.?\s*\d+\)\s*)?$")

_DAYS_LATER = re.compile(
    r"\b(?:(?P<next>the following (?:day|morning|evening|night)|the next (?:day|morning|"
    r"evening)|the day after|le lendemain(?: matin| soir)?|al día siguiente|"
    r"a la mañana siguiente|el día siguiente)"
    r"|(?P<n>\d+|two|three|four|five|six|seven|ten|deux|trois|quatre|cinq|dos|tres|cuatro|"
    r"cinco)\s+(?:days\s+later|jours\s+plus\s+tard|días\s+después)"
    r"|(?:dos|tres|cuatro|cinco)\s+días\s+más\s+tarde"
    r"|(?P<n2>\d+)\s+(?:days)\s+after)\b", re.IGNORECASE)


def _count(word: str | None) -> int:
    if not word:
        return 1
    word = word.lower()
    return int(word) if word.isdigit() else {**_NUMBERS, "cinq": 5, "cinco": 5}.get(word, 1)

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "thirty": 30,
            "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "six ": 6, "uno": 1,
            "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "seis": 6}


def _duration_end(text: str, sentence: Sentence, mention: DateMention) -> str | None:
    """``for (a period of) two months`` after a day-precision date gives the end date."""
    if mention.precision != "day":
        return None
    match = re.search(
        r"\b(?:for|pendant|durante|por)\s+(?:a\s+period\s+of\s+|une\s+période\s+de\s+|"
        r"un\s+período\s+de\s+)?(?P<n>\d+|\w+)\s+(?P<unit>day|days|week|weeks|month|months|"
        r"year|years|jours?|semaines?|mois|ans?|années?|días?|semanas?|meses|mes|años?)\b",
        text[mention.end:sentence.end], re.IGNORECASE)
    if not match:
        return None
    raw = match["n"].lower()
    n = int(raw) if raw.isdigit() else _NUMBERS.get(raw)
    if not n:
        return None
    unit = match["unit"].lower()
    start = mention.date
    if unit.startswith(("day", "jour", "día", "dia")):
        end = start + dt.timedelta(days=n)
    elif unit.startswith(("week", "semaine", "semana")):
        end = start + dt.timedelta(weeks=n)
    elif unit.startswith(("month", "mois", "mes")):
        month = start.month - 1 + n
        year = start.year + month // 12
        end = _clamp(year, month % 12 + 1, start.day)
    else:
        end = _clamp(start.year + n, start.month, start.day)
    return end.isoformat()


def _clamp(year: int, month: int, day: int) -> dt.date:
    for d in (day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError("no such month")  # pragma: no cover - 28 always exists


@functools.cache
def _international() -> frozenset[str]:
    """Ids of the well-known international bodies (the gazetteer): they write about acts
    against others, so as senders they are not taken for victims."""
    from c87.mapper.actors import gazetteer

    return frozenset(str(entry["id"]) for entry in gazetteer())


def _clause(text: str, sentence: Sentence, at: int) -> tuple[int, int]:
    """The clause of ``sentence`` that holds offset ``at``: sentences that state two acts
    join them with ";" or ", and" (", et", ", y", ", while", ", but")."""
    cuts = [sentence.start]
    for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        cuts.append(match.start())
    cuts.append(sentence.end)
    for a, b in itertools.pairwise(cuts):
        if a <= at < b:
            return a, b
    return sentence.start, sentence.end


_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|et|y|e|while|whereas|but|mais|pero|then|puis|luego)\s+(?!\d)"
    # "She was questioned ... and was released on 16 June": a second verb, a second act.
    r"|\s+and\s+(?=(?:was|were|has|have|had|then)\b)|\s+et\s+(?=(?:a|ont|fut|furent)\s)"
    r"|\s+y\s+(?=(?:fue|fueron|ha|han)\s)",
    re.IGNORECASE)


def _participants(act: Act, text: str, index: ActorIndex, sender: str | None,
                  addressee: str | None, words: dict[str, re.Pattern[str]],
                  previous_victims: tuple[str, ...] = ()) -> None:
    """Who did what to whom: roles from the actors' kinds and the kind of act.

    Actors named in the clause of the cue come first; a role the clause leaves open is
    taken from the rest of the sentence ("criminal prosecutions were initiated against
    members of the Council, and their homes were searched": the members for both).
    """
    from c87.ontology import concept

    sentence = act.sentence
    found = concept(act.type)
    violation = bool(found and found.is_violation)
    a, b = _clause(text, sentence, act.cues[0].start)
    in_clause = index.in_span(a, b)
    rest = [m for m in index.in_span(sentence.start, sentence.end) if not a <= m.start < b]
    roles: dict[str, str] = {}

    def role_of(actor: str) -> str | None:
        kind = index.kind(actor)
        if act.type in ("communication", "planned-intervention"):
            if actor == sender:
                return "author"
            return "addressee" if kind == "intergovernmental" else "participant"
        if violation and actor == addressee:
            return None  # the addressee is asked to act, not accused, unless "your services"
        if violation and (kind in PERPETRATOR_KINDS or (
                kind == "group" and words["perpetrator_groups"].search(index.actor(actor).name))):
            return "perpetrator"
        if (violation or act.type == "release") and kind in VICTIM_KINDS and (
                actor != sender or actor not in _international()):
            return "victim"  # a national centre that writes can be struck itself
        return None if actor == sender else "participant"

    for m in in_clause:
        role = role_of(m.actor)
        if role and violation and _AGENT.search(text, max(a, m.start - 6), m.start) and \
                index.kind(m.actor) not in VICTIM_KINDS - {"person", "group"}:
            role = "perpetrator"  # the agent of a passive: "shot dead ... by two gunmen"
        if role:
            roles.setdefault(m.actor, role)
    for m in rest:
        role = role_of(m.actor)
        if role in ("victim", "perpetrator") and role not in roles.values():
            roles.setdefault(m.actor, role)
            act.notes.append(f"{role}: {m.actor} (from the rest of the sentence)")
    if act.type in ("communication", "planned-intervention"):
        if sender and words["first_person"].search(sentence.text):
            roles.setdefault(sender, "author")
        if act.type == "communication" and addressee and re.search(
                r"\b(?:to you|vous|le escribí|usted)\b", sentence.text, re.IGNORECASE):
            roles.setdefault(addressee, "addressee")
    if violation and addressee and "perpetrator" not in roles.values() and \
            words["second_person_agent"].search(text, a, b):
        roles[addressee] = "perpetrator"
        act.notes.append(f"perpetrator: {addressee} (the addressee's own services)")
    if violation and "victim" not in roles.values():
        ref = words["union_reference"].search(text, a, b)
        union = index.last_before(ref.start(), UNION_KINDS) if ref else None
        if union and union.actor != sender:
            roles[union.actor] = "victim"
            act.notes.append(f"victim: {union.actor} ({ref.group()!r}: the union named before)")
    if violation and previous_victims and words["plural_anaphora"].search(
            sentence.text[:40]) and not any(r == "victim" and index.kind(x) == "person"
                                            for x, r in roles.items()):
        for actor in previous_victims:
            roles.setdefault(actor, "victim")
        act.notes.append("victims: those of the act before ('the three', 'both')")
    if violation and not any(r == "victim" and index.kind(x) == "person"
                             for x, r in roles.items()) and \
            words["person_pronoun"].search(text, a, b) and act.type in _AGAINST_PERSONS:
        earlier = index.last_before(sentence.start, {"person"})
        if earlier:
            roles.setdefault(earlier.actor, "victim")
            act.notes.append(f"victim: {earlier.actor} (a pronoun points to the person named "
                             "last)")
    if violation and words["pronoun_start"].match(sentence.text):
        earlier = index.last_before(sentence.start, {"person"})
        if earlier:
            roles[earlier.actor] = "victim"
            act.notes.append(f"victim: {earlier.actor} (the pronoun that opens the sentence)")
    act.participants = sorted(roles.items(), key=lambda item: _ROLE_ORDER.get(item[1], 9))
    for actor, role in act.participants:
        act.notes.append(f"{role}: {actor}")


_ROLE_ORDER = {"victim": 0, "perpetrator": 1, "author": 2, "addressee": 3, "participant": 4}


def _place(text: str, sentence: Sentence, index: ActorIndex) -> str | None:
    """A place the sentence names: "in Gazipur", or the city of a named authority."""
    taken = [(m.start, m.end) for m in index.in_span(sentence.start, sentence.end)]
    for match in re.finditer(r"\b(?:in|at|near|en|à|dans|de)\s+(?P<place>[A-Z][\w'’-]+"
                             r"(?:\s+[A-Z][\w'’-]+)?)", text[sentence.start:sentence.end]):
        start = sentence.start + match.start("place")
        if any(a <= start < b for a, b in taken):
            continue
        candidate = match["place"]
        if _not_a_place(candidate):
            continue
        return candidate
    return None


@functools.cache
def _not_place_words() -> frozenset[str]:
    from c87.mapper.dates import month_names

    return frozenset(month_names()) | {"the", "la", "le", "el", "line", "addition", "order",
                                       "particular", "view", "light", "accordance"}


def _not_a_place(candidate: str) -> bool:
    from c87.mapper.countries import country_names

    first = candidate.split()[0]
    return (first.casefold() in _not_place_words() or candidate in country_names()
            or first in country_names() or first.isupper())
