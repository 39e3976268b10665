"""Stage 3 of the mapper: where a sentence's clauses begin and end, and what kind of
line a sentence is (a heading, a list item, a demand in a list).
"""

from __future__ import annotations

import functools
import itertools
import re

from c87.mapper.lexicon import PAST_FORM, acts_lexicon
from c87.mapper.sentences import Sentence
from c87.mapper.tokens import past_form


def heading(text: str, sentence: Sentence) -> bool:
    """A line on its own without a full stop ("Allegation A - Postponement of a strike")."""
    if re.search(r"[.!?:;»”\")]\s*$", sentence.text):
        return False
    return "\n" not in sentence.text.strip() and len(sentence.text.split()) <= 15


def cite(sentence: Sentence) -> str:
    return f"sentence at {sentence.start}: {squash(sentence.text)[:70]!r}"


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def is_list_item(text: str, sentence: Sentence) -> bool:
    line_start = text.rfind("\n", 0, sentence.start) + 1
    return bool(re.match(r"[ \t]*(?:[-*•▪◦–]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]",
                         text[line_start:sentence.start + 1]))


def imperative_item(text: str, sentence: Sentence) -> bool:
    """A list item that starts with a bare verb ("release Mr Haque") is a demand."""
    if not is_list_item(text, sentence):
        return False
    first = sentence.text.split(maxsplit=1)[0].lower() if sentence.text.split() else ""
    return first in {w.lower() for w in acts_lexicon()["imperative"]}


def reports_something(sentence: str, words: dict[str, re.Pattern[str]]) -> bool:
    """The sentence has a verb in a regular past form ("arrested", "arrêté", "detenido")."""
    return bool(words["happened"].search(sentence) or PAST_FORM.search(sentence))


def tells_past(sentence: str, words: dict[str, re.Pattern[str]]) -> bool:
    """:func:`reports_something`, or an irregular English past form ("beat", "shot",
    "struck") of a verb that is no mere speaking, knowing or going ("said", "went")."""
    return reports_something(sentence, words) or any(
        past_form(w.lower(), _reporting_verbs())
        for w in re.findall(r"[A-Za-z]{2,}", sentence))


@functools.cache
def _reporting_verbs() -> frozenset[str]:
    return frozenset(acts_lexicon()["reporting_verbs"])


def clause(text: str, sentence: Sentence, at: int) -> tuple[int, int]:
    """The clause of ``sentence`` that holds offset ``at``: sentences that state two acts
    join them with ";" or ", and" (", et", ", y", ", while", ", but")."""
    cuts = [sentence.start]
    for match in CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        cuts.append(match.start())
    cuts.append(sentence.end)
    for a, b in itertools.pairwise(cuts):
        if a <= at < b:
            return a, b
    return sentence.start, sentence.end


CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|et|y|e|while|whereas|but|mais|pero|then|puis|luego)\s+(?!\d)"
    # "She was questioned ... and was released on 16 June": a second verb, a second act.
    r"|\s+and\s+(?=(?:was|were|has|have|had|then)\b)|\s+et\s+(?=(?:a|ont|fut|furent)\s)"
    r"|\s+y\s+(?=(?:fue|fueron|ha|han)\s)",
    re.IGNORECASE)
