"""Stage 4 of the mapper: the acts a letter reports, one per act, typed, dated, with
its participants.

The stages it runs for each sentence, each in a module of its own: the cues of event
types (``cues``, over the lemmas of ``tokens``), the cues the sentence bears out as acts
(``triggers``), their dates (``event_dates``) and their participants and place
(``participants``).

A sentence of the body is read for the cue words of the event types (ontology data).
Each cue proposes an act; acts of one type in one sentence are one event, unless the
sentence gives them distinct dates ("On 26 April and 29 October 2019, I wrote").
Sentences that ask for something ("We urge you to release ...") or state a principle
report no act. Every decision is noted for ``c87 extract --explain``.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from c87.mapper.act import Act, EventReading, is_violation, same_family
from c87.mapper.clauses import (
    cite,
    heading,
    imperative_item,
    is_list_item,
    squash,
    tells_past,
)
from c87.mapper.cues import Cue, cue_origin, find_cues
from c87.mapper.dates import DateMention, says_relative_date
from c87.mapper.event_dates import TITLE_YEAR, dated_acts, split_by_date
from c87.mapper.lexicon import word_patterns
from c87.mapper.participants import participants, place
from c87.mapper.sentences import Sentence
from c87.mapper.triggers import definite_noun, drop_told, is_topic, resolve_cues

if TYPE_CHECKING:
    from c87.mapper.actors import ActorIndex


def read_events(text: str, sentences: list[Sentence], dates: list[DateMention],
                index: ActorIndex, *, letter_date: str | None, sender: str | None,
                addressee: str | None, header_spans: list[tuple[int, int]],
                language: str | None = None, genre: str | None = None) -> EventReading:
    """The acts reported in ``sentences`` of ``text``."""
    reader = _EventReader(text, sentences, dates, index, letter_date=letter_date,
                          sender=sender, addressee=addressee, header_spans=header_spans,
                          language=language, genre=genre)
    for sentence in sentences:
        reader.read(sentence)
    acts = _drop_announced(reader.acts, reader.words, reader.notes)
    return EventReading(acts, reader.warnings, reader.notes)


@dataclass
class _EventReader:
    """Reads the sentences of a letter in order, with what the sentences before told: the
    acts so far, whether a list of demands runs, the last act and the last dated one, the
    paragraph's last date."""

    text: str
    sentences: list[Sentence]
    dates: list[DateMention]
    index: ActorIndex
    letter_date: str | None
    sender: str | None
    addressee: str | None
    header_spans: list[tuple[int, int]]
    language: str | None
    genre: str | None
    words: dict[str, re.Pattern[str]] = field(default_factory=word_patterns)
    acts: list[Act] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    in_demands: bool = False
    previous: Act | None = None
    last_dated: Act | None = None  # the latest act with a date, for "the next day"
    previous_paragraph: int = -1
    paragraph_date: DateMention | None = None  # the paragraph's last date so far

    def read(self, sentence: Sentence) -> None:
        """The acts ``sentence`` reports, added to :attr:`acts`."""
        text = self.text
        if sentence.paragraph != self.previous_paragraph:
            # A list of demands runs from "We urge you to:" to the next plain paragraph.
            if self.in_demands and not is_list_item(text, sentence):
                self.in_demands = False
            self.previous_paragraph = sentence.paragraph
            self.paragraph_date = None
        s_dates = [d for d in self.dates if sentence.start <= d.start < sentence.end
                   and not any(a <= d.start < b for a, b in self.header_spans)
                   and not (d.precision == "year" and TITLE_YEAR.search(
                       text, max(0, d.start - 140), d.start))]
        said_before, self.paragraph_date = self.paragraph_date, next(
            (d for d in reversed(s_dates) if not d.relative and d.precision == "day"),
            self.paragraph_date)
        found = self._cues(sentence, s_dates)
        if found is None:
            return
        cues, demand = found
        if not cues:
            if any(not d.relative for d in s_dates) or says_relative_date(sentence.text):
                _account_for_dated(sentence, demand, self.words, self.warnings, self.notes)
            return
        for key, type_cues in self._by_type(sentence, cues, s_dates).items():
            event_type = key.split("#")[0]
            if not s_dates and self._goes_on(sentence, event_type):
                self._tell_on(sentence, event_type, type_cues)
            else:
                topic = is_topic(text, sentence, type_cues[0], cues, self.words)
                self._add_acts(sentence, event_type, type_cues, cues, topic, s_dates,
                               said_before)

    def _cues(self, sentence: Sentence,
              s_dates: list[DateMention]) -> tuple[list[Cue], bool] | None:
        """The cues of ``sentence`` that report acts, and whether it makes a demand; None
        for a heading. A demand reports only communications and planned interventions, a
        statement of principle no violation but a law."""
        text, words, notes = self.text, self.words, self.notes
        cues = find_cues(text, sentence.start, sentence.end, self.language)
        if cues and heading(text, sentence):
            notes.append(f"skip {cite(sentence)}: a heading, not a sentence")
            return None
        demand, asked_in = demand_scope(sentence, words)
        if demand and sentence.text.rstrip().endswith(":"):
            self.in_demands = True
        if self.in_demands or imperative_item(text, sentence):
            demand, asked_in = True, [(sentence.start, sentence.end)]
        kept = [c for c in cues if c.type in ("communication", "planned-intervention")
                or not any(a <= c.start < b for a, b in asked_in)]
        if len(kept) != len(cues):
            where = "" if demand or len(asked_in) != 1 or asked_in[0][0] == sentence.start \
                else " (in its relative clause)"
            notes.append(f"skip {cite(sentence)}: a demand, not a report{where} "
                         f"({', '.join(sorted({c.type for c in cues if c not in kept}))})")
        cues = kept
        if cues and not s_dates and words["principle_talk"].search(sentence.text):
            # A law said to be contrary to the Convention is itself the act.
            kept = [c for c in cues if not is_violation(c.type)
                    or c.type == "legislative-restriction"]
            if len(kept) != len(cues):
                notes.append(f"skip {cite(sentence)}: states a principle, reports no act")
            cues = kept
        cues = resolve_cues(text, sentence, cues, self.index, words, notes,
                             self.sender if self.genre in ("letter", "urgent-action", None)
                             else None)
        told: dict[str, set[str]] = {}
        for a in self.acts:
            if not a.topic and not _purposeful(a.sentence.text):
                told.setdefault(a.type, set()).update(actor for actor, _ in a.participants)
        return drop_told(text, sentence, cues, told, notes, self.index), demand

    def _by_type(self, sentence: Sentence, cues: list[Cue],
                 s_dates: list[DateMention]) -> dict[str, list[Cue]]:
        """The cues grouped by event type, a type split where the sentence gives its acts
        distinct dates; a disrupted congress is an obstruction of the congress."""
        by_type: dict[str, list[Cue]] = {}
        for cue in cues:
            by_type.setdefault(cue.type, []).append(cue)
        by_type = split_by_date(self.text, by_type, s_dates)
        if "disruption-of-meetings" in by_type and self.words["congress"].search(sentence.text):
            by_type.setdefault("obstruction-of-congress", []).extend(
                by_type.pop("disruption-of-meetings"))
            self.notes.append(f"obstruction-of-congress: a disrupted congress in "
                              f"{cite(sentence)}")
        return by_type

    def _goes_on(self, sentence: Sentence, event_type: str) -> bool:
        """Whether an undated ``sentence`` tells on the act of the same family just before
        it, in its paragraph ("Among those detained are ...")."""
        previous = self.previous
        return bool(previous and same_family(previous.type, event_type)
                    and previous.sentence.paragraph == sentence.paragraph
                    and (previous.more or [previous.sentence])[-1].end <= sentence.start
                    and _adjacent(self.sentences, previous, sentence))

    def _tell_on(self, sentence: Sentence, event_type: str, type_cues: list[Cue]) -> None:
        """``sentence`` goes on telling the previous act: its participants join that act's."""
        previous = self.previous
        previous.more.append(sentence)
        extra = Act(event_type, sentence, type_cues)
        participants(extra, self.text, self.index, self.sender, self.addressee, self.words)
        known = {a for a, _ in previous.participants}
        previous.participants += [p for p in extra.participants if p[0] not in known]
        previous.notes.append(f"goes on in {cite(sentence)}")

    def _add_acts(self, sentence: Sentence, event_type: str, type_cues: list[Cue],
                  cues: list[Cue], topic: bool, s_dates: list[DateMention],
                  said_before: DateMention | None) -> None:
        """The acts of ``event_type`` that ``type_cues`` report, one per date, with their
        participants and place; the topic of another act ("about the draft legislation")
        is dated by nothing."""
        text, index, words = self.text, self.index, self.words
        for act in dated_acts(text, sentence, event_type, type_cues,
                              [] if topic else s_dates, self.letter_date,
                              None if topic else self.last_dated, words, index, cues,
                              None if topic else said_before):
            participants(act, text, index, self.sender, self.addressee, words,
                         _victims(self.previous, index))
            act.place = place(text, sentence, index)
            act.topic = topic
            act.definite = not (act.date or act.start) and all(
                definite_noun(text, sentence, c) for c in type_cues)
            said = ", ".join(repr(c.words) for c in type_cues)
            act.notes.insert(0, f"{event_type}: cue {said} ({cue_origin(type_cues)}) "
                                f"in {cite(sentence)}")
            self.acts.append(act)
            self.previous = act
            if act.date or act.start:
                self.last_dated = act


def demand_scope(sentence: Sentence,
                 words: dict[str, re.Pattern[str]]) -> tuple[bool, list[tuple[int, int]]]:
    """Whether ``sentence`` makes a demand, and the spans of the text where it asks for
    something. A demand asks for what follows it ("X, arrested on 3 May, must be
    released": the arrest is told); inside a relative clause ("..., which should be
    protected by the law") it asks only for what that clause says, up to the next comma
    or semicolon, and the sentence makes no demand of its own."""
    spans: list[tuple[int, int]] = []
    demand = False
    for match in words["demand"].finditer(sentence.text):
        clause_start = max(sentence.text.rfind(mark, 0, match.start()) for mark in ",;:(")
        opener = None
        for pronoun in words["relative_pronoun"].finditer(sentence.text, clause_start + 1,
                                                            match.start()):
            opener = pronoun
        if opener is None:
            demand = True
            spans.append((sentence.start + match.start(), sentence.end))
            continue
        ends = [i for i in (sentence.text.find(mark, match.end()) for mark in ",;)")
                if i != -1]
        spans.append((sentence.start + opener.start(),
                       sentence.start + min(ends, default=len(sentence.text))))
    return demand, spans


def _account_for_dated(sentence: Sentence, demand: bool, words: dict[str, re.Pattern[str]],
                       warnings: list[str], notes: list[str]) -> None:
    """A dated sentence that gave no event is never dropped in silence: a demand or a
    statement of principle gets its reason under ``--explain``; anything that reads as a
    report gets a warning, relative dates ("yesterday") included."""
    if demand:
        notes.append(f"skip {cite(sentence)}: dated, but a demand, not a report")
    elif words["principle_talk"].search(sentence.text):
        notes.append(f"skip {cite(sentence)}: dated, but states a principle")
    elif tells_past(sentence.text, words):
        warnings.append(f"no event type fits this dated sentence: "
                        f"{squash(sentence.text)!r} (at {sentence.start})")
    else:
        notes.append(f"skip {cite(sentence)}: dated, but tells no past act")


@functools.lru_cache(maxsize=4096)
def _purposeful(sentence_text: str) -> bool:
    """Whether a sentence states the letter's purpose ("to denounce the murder of")."""
    return any(not _NOUN_OF_EVENT.search(sentence_text, max(0, m.start() - 12), m.start())
               for m in word_patterns()["purpose"].finditer(sentence_text))


# "at a protest against ...", "the protests", "the Dec. 11 protests": a purpose word after
# an article or a number names an event, not the purpose of the text.
_NOUN_OF_EVENT = re.compile(r"(?:(?<![\w-])(?i:a|an|the|this|these|their|its|une|un|la|le|les|"
                            r"el|los|las|su|sus|mass|street|nationwide)|\d|(?<![\w-])(?:Jan|Feb|"
                            r"Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)\s+$")


def _drop_announced(acts: list[Act], words: dict[str, re.Pattern[str]],
                    notes: list[str]) -> list[Act]:
    """Acts named in a sentence that states the letter's purpose ("to denounce the murder
    of ..."), or named as known ("refused to accept their dismissals"), are told again
    later: keep the later telling, which has the detail."""
    kept = []
    for act in acts:
        # The statement itself ("the ITUC has condemned ...") is an act of its own.
        if is_violation(act.type) and (
                act.topic or act.definite or _purposeful(act.sentence.text)) and any(
                other is not act and other.sentence.start > act.sentence.start
                and same_family(other.type, act.type) for other in acts):
            notes.append(f"skip {act.type} in {cite(act.sentence)}: announced here, "
                         "told later")
            continue
        kept.append(act)
    return kept


def _victims(act: Act | None, index: ActorIndex) -> tuple[str, ...]:
    """The persons who were victims of ``act``."""
    if act is None:
        return ()
    return tuple(a for a, r in act.participants if r == "victim" and index.kind(a) == "person")


def _adjacent(sentences: list[Sentence], previous: Act, sentence: Sentence) -> bool:
    """Whether ``sentence`` directly follows the last sentence of ``previous``."""
    last = (previous.more or [previous.sentence])[-1]
    return any(a is last and b is sentence for a, b in itertools.pairwise(sentences))
