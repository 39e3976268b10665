"""Stage 5 of the mapper: the date of each act, from its clause, its sentence, the act
before it or its paragraph; one act per date when a sentence lists several.
"""

from __future__ import annotations

import datetime as dt
import re

from c87.mapper.act import PERPETRATOR_KINDS, Act
from c87.mapper.actors import ActorIndex
from c87.mapper.clauses import clause
from c87.mapper.cues import Cue
from c87.mapper.dates import DateMention, number_value
from c87.mapper.lexicon import word_patterns
from c87.mapper.sentences import Sentence
from c87.mapper.tokens import past_form


def continues(sentence: Sentence, previous: Act, index: ActorIndex) -> bool:
    """The sentence goes on about the act before: it opens with a pronoun, or names a
    person, group or authority that took part in it ("The gendarmerie detained ...")."""
    if word_patterns()["pronoun_start"].match(sentence.text) or \
            word_patterns()["plural_anaphora"].search(sentence.text[:40]):
        return True
    taking_part = {a for a, _ in previous.participants
                   if index.kind(a) in PERPETRATOR_KINDS | {"person", "group"}}
    return any(m.actor in taking_part for m in index.in_span(sentence.start, sentence.end))


def nearest(pattern: re.Pattern[str], text: str, sentence: Sentence, cues: list[Cue],
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


SINCE_THEN = re.compile(r"\b(?:since then|ever since|depuis lors|desde entonces)\b",
                         re.IGNORECASE)


def dated_acts(text: str, sentence: Sentence, event_type: str, cues: list[Cue],
                s_dates: list[DateMention], letter_date: str | None, previous: Act | None,
                words: dict[str, re.Pattern[str]], index: ActorIndex,
                all_cues: list[Cue], paragraph_date: DateMention | None = None) -> list[Act]:
    """One act, or one per date when the sentence lists several dates for it.

    An undated act takes the date of the act before it when it goes on from it, else the
    last date its paragraph stated before it (a report's paragraph tells one day).
    """
    act = Act(event_type, sentence, cues)
    if not s_dates:
        undated(act, text, sentence, cues, previous, words, index, all_cues, paragraph_date)
        return [act]
    return with_dates(act, text, sentence, event_type, cues, s_dates, letter_date, previous,
                       words, all_cues)


def undated(act: Act, text: str, sentence: Sentence, cues: list[Cue], previous: Act | None,
             words: dict[str, re.Pattern[str]], index: ActorIndex, all_cues: list[Cue],
             paragraph_date: DateMention | None) -> None:
    """Date ``act``, whose sentence states no date, from what came before it."""
    if previous and (previous.date or previous.start):
        same_paragraph = previous.sentence.paragraph == sentence.paragraph
        sequel = nearest(words["sequel"], text, sentence, cues, all_cues)
        later = nearest(DAYS_LATER, text, sentence, cues, all_cues)
        since = SINCE_THEN.search(sentence.text)
        base = previous.date or previous.start
        if later and base and len(base) == 10:
            n = 1 if later["next"] else count(later["n"] or later["n2"])
            day = dt.date.fromisoformat(base) + dt.timedelta(days=n)
            act.date, act.approximate = day.isoformat(), previous.approximate
            act.notes.append(f"date: {act.date}, {n} day(s) after the act before")
        elif since:
            act.start, act.approximate = previous.date or previous.start, True
            act.notes.append(f"start: {act.start}, the date of the act before ('since then')")
        elif (same_paragraph and continues(sentence, previous, index)) or sequel:
            act.date, act.start, act.end = previous.date, previous.start, previous.end
            act.approximate = True
            act.date_span = previous.date_span
            act.notes.append("date: from the act before (the sentence goes on from it)")
    if not (act.date or act.start) and paragraph_date is not None:
        act.date, act.approximate = paragraph_date.value, True
        act.date_span = (paragraph_date.start, paragraph_date.end)
        act.notes.append(f"date: {act.date}, the last date of its paragraph")


def with_dates(act: Act, text: str, sentence: Sentence, event_type: str, cues: list[Cue],
                s_dates: list[DateMention], letter_date: str | None, previous: Act | None,
                words: dict[str, re.Pattern[str]], all_cues: list[Cue]) -> list[Act]:
    """Date ``act`` from the dates its sentence states (one act per listed date)."""
    cue_at = cues[0].start
    a, b = clause(text, sentence, cue_at)
    later = DAYS_LATER.search(text, a, b)
    if later and not any(a <= d.start < b for d in s_dates):
        # "On 14 October they were told to withdraw; two days later their employer ...".
        earlier = [d for d in s_dates if d.end <= a and d.precision == "day"]
        if earlier:
            n = 1 if later["next"] else count(later["n"] or later["n2"])
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
    groups = date_groups(text, s_dates)
    group = nearest_group(groups, cues[0], text)
    range_ = range(text, group, groups, letter_date, words)
    if range_:
        act.start, act.end, act.date_span = range_
        act.notes.append(f"date: range {act.start} .. {act.end or 'open'}")
        return [act]
    listed = group + gapped(text, groups, group, all_cues)
    if len(listed) > 1 and len({d.value for d in listed}) > 1:
        out = []
        for mention in listed:
            twin = Act(event_type, sentence, cues, date=mention.value,
                       approximate=mention.year_inferred or mention.relative,
                       date_span=(mention.start, mention.end))
            twin.notes.append(f"date: {mention.value}, one of {len(listed)} listed dates")
            out.append(twin)
        return out
    mention = group[0]
    act.date = mention.value
    act.approximate = mention.year_inferred or mention.relative
    act.date_span = (mention.start, mention.end)
    act.notes.append(f"date: {mention.value} from {text[mention.start:mention.end]!r}")
    duration = duration_end(text, sentence, mention)
    if duration:
        act.start, act.end, act.date = act.date, duration, None
        act.notes.append(f"end: {duration} from the stated duration")
    return [act]


def split_by_date(text: str, by_type: dict[str, list[Cue]],
                   s_dates: list[DateMention]) -> dict[str, list[Cue]]:
    """Cues of one type that sit by different dates are different acts ("in a letter
    dated 3 September and at a meeting on 18 September")."""
    if len(s_dates) < 2:
        return by_type
    groups = date_groups(text, s_dates)
    out: dict[str, list[Cue]] = {}
    for event_type, cues in by_type.items():
        parts: dict[int, list[Cue]] = {}
        for cue in cues:
            parts.setdefault(id(nearest_group(groups, cue, text)[0]), []).append(cue)
        for n, part in enumerate(parts.values()):
            out[event_type if n == 0 else f"{event_type}#{n}"] = part
    return out


COORDINATION = re.compile(r"\b(?:and|et|y|e|but|mais|pero|then|puis|luego)\b", re.IGNORECASE)
GAP = re.compile(r"\s*,?\s*(?:and|et|y|e)\s+"
                 r"(?P<object>(?:[^;:.!?]|(?<=\bNo)\.|(?<=\bMr)\.|(?<=\bMrs)\.|(?<=\bMs)\.|(?<=\bDr)\.)"
                 r"{1,60}?)\s+"
                 r"(?:in|on|en|el|le|au|dans|de)\s*", re.IGNORECASE)


def gapped(text: str, groups: list[list[DateMention]], group: list[DateMention],
           all_cues: list[Cue]) -> list[DateMention]:
    """Dates of the same act told again with its verb left out ("ratified Convention
    No. 87 in 1995 and Convention No. 98 in 1972", "arrested Mr A on 3 May and Mr B on
    5 May"): each "and <object> in <date>" after the act's own date is one act more."""
    out: list[DateMention] = []
    at = groups.index(group) if group in groups else -1
    while 0 <= at < len(groups) - 1:
        last, following = groups[at][-1], groups[at + 1]
        gap = GAP.fullmatch(text, last.end, following[0].start)
        if gap is None or any(last.end <= c.start < following[0].start for c in all_cues) \
                or any(past_form(w.lower()) or w.lower().endswith("ed")
                       for w in re.findall(r"[A-Za-z]{2,}", gap["object"])):
            break
        out += following
        at += 1
    return out


def nearest_group(groups: list[list[DateMention]], cue: Cue, text: str = ""
                  ) -> list[DateMention]:
    """The dates that go with the cue: the group nearest to it, a date after the cue
    counting a little farther ("On 3 June, X was arrested" and "X was arrested on
    2 December ... until her release on 5 December" both read right), a date before it
    across "and" counting much farther: in "arrested on 3 June and released on 5 June"
    the 3 June is the arrest's."""
    def distance(group: list[DateMention]) -> float:
        if group[-1].end <= cue.start:
            between = text[group[-1].end:cue.start]
            joined = COORDINATION.search(between) is not None
            return cue.start - group[-1].end + (40 if joined else 0)
        if group[0].start >= cue.end:
            return (group[0].start - cue.end) * 1.3
        return 0.0
    return min(groups, key=distance)


def date_groups(text: str, mentions: list[DateMention]) -> list[list[DateMention]]:
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


def range(text: str, group: list[DateMention], groups: list[list[DateMention]],
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
    if not words["open_range_start"].search(lead.split("\n")[-1] + " "):
        return None  # "from 3 May" with no end, "datée du 25 août": a day, not a range
    return first.value, None, (first.start, last_end)


# A year that ends the title of an instrument ("Convention, 1948", "Law on Trade Unions of
# 2014", "Public Order Act of 2017") dates the instrument, not an act.
TITLE_YEAR = re.compile(
    r"\b(?:Convention|Act|Law|Code|Decree|Proclamation|Ordinance|Constitution|Loi|Ley|Código|"
    r"Decreto)\b[^.;]{0,120}?(?:,|\bof|\bde|\()\s*(?:\(No\.?\s*\d+\)\s*)?$")


DAYS_LATER = re.compile(
    r"\b(?:(?P<next>the following (?:day|morning|evening|night)|the next (?:day|morning|"
    r"evening)|the day after|le lendemain(?: matin| soir)?|al día siguiente|"
    r"a la mañana siguiente|el día siguiente)"
    r"|(?P<n>\d+|two|three|four|five|six|seven|ten|deux|trois|quatre|cinq|dos|tres|cuatro|"
    r"cinco)\s+(?:days\s+later|jours\s+plus\s+tard|días\s+después)"
    r"|(?:dos|tres|cuatro|cinco)\s+días\s+más\s+tarde"
    r"|(?P<n2>\d+)\s+(?:days)\s+after)\b", re.IGNORECASE)


def count(word: str | None) -> int:
    if not word:
        return 1
    word = word.lower()
    return int(word) if word.isdigit() else (number_value(word) or 1)




def duration_end(text: str, sentence: Sentence, mention: DateMention) -> str | None:
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
    n = int(raw) if raw.isdigit() else number_value(raw)
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
        end = clamp(year, month % 12 + 1, start.day)
    else:
        end = clamp(start.year + n, start.month, start.day)
    return end.isoformat()


def clamp(year: int, month: int, day: int) -> dt.date:
    for d in (day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError("no such month")  # pragma: no cover - 28 always exists
