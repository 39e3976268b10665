"""Extraction slips a new user met on letters the tool had never seen (issue 12, items 8-10).

Each test is named after its item. The rules they check are general ones (a family of
phrasings each), so every test feeds several phrasings, not the one sentence reported.
"""

from __future__ import annotations

from c87.input import read_letter_bytes
from c87.mapper.assemble import Extraction, read_letter_facts

HEAD = "Brussels, 12 March 2021\n\nDear Minister,\n\n"
TAIL = "\n\nYours sincerely,\n\nSharan Burrow\nGeneral Secretary\n"


def _extract(*paragraphs: str, head: str = HEAD) -> Extraction:
    body = head + "\n\n".join(paragraphs) + TAIL
    return read_letter_facts(read_letter_bytes(body.encode(), "letter.txt"))


def _accounted(extraction: Extraction, sentence: str) -> str | None:
    """How the extraction accounts for ``sentence``: 'event', 'warning', 'reason' or None."""
    head = sentence[:50]
    for event in extraction.facts.events:
        if any(head in e.quote or e.quote in sentence for e in event.evidence):
            return "event"
    if any(head in w for w in extraction.warnings):
        return "warning"
    if any("skip" in n and head[:40] in n for n in extraction.explanations):
        return "reason"
    return None


DATED = [
    # the two sentences of the report
    "On 20 February, workers went on strike at the Lanka Tyres factory in Colombo.",
    "Yesterday the police prevented the union from holding a meeting.",
    # acts no event type fits, told with regular and irregular past forms
    "On 20 February 2021, the workers met the manager of the plantation.",
    "Last week the workers walked to the ministry in silence.",
    "On 2 March 2021 the union held its annual congress in Kandy.",
    # demands and statements of principle that carry a date
    "We urge you to meet the union by 30 March 2021.",
    "Since 1995 freedom of association has been guaranteed by the Constitution.",
    # a relative date in a letter that has no date of its own
    "Two days ago the governor opened a new hospital wing.",
]


def test_item8_every_dated_sentence_is_an_event_a_warning_or_a_reason() -> None:
    extraction = _extract(*DATED)
    ways = {sentence: _accounted(extraction, sentence) for sentence in DATED}
    assert None not in ways.values(), [s for s, way in ways.items() if way is None]
    # The two sentences of the report are acts of the kinds the ontology knows.
    assert ways[DATED[0]] == ways[DATED[1]] == "event"
    # A demand is no report: its reason is recorded, it is no warning.
    assert ways["We urge you to meet the union by 30 March 2021."] == "reason"


def test_item8_a_letter_without_a_date_still_accounts_for_relative_dates() -> None:
    undated = "Dear Minister,\n\n"
    sentence = "Yesterday the workers walked to the ministry in silence."
    extraction = _extract(sentence, "The police arrested the union president.", head=undated)
    assert _accounted(extraction, sentence) == "warning"


def _types(extraction: Extraction) -> list[str]:
    return [e.type for e in extraction.facts.events]


def test_item9_a_body_named_after_an_act_is_no_act() -> None:
    # "Criminal Investigation Department", "Anti-Corruption Commission": a body's name
    # holds an act's word, and is a participant, not the act.
    extraction = _extract(
        "The Criminal Investigation Department summoned the union's secretary, "
        "Ms Anoma Perera, on 8 March 2021.",
        "On 9 March 2021 officers of the Special Investigation Unit visited the office of "
        "the Ceylon Teachers Union and took away its files.")
    assert "investigation" not in _types(extraction)
    names = {a.name for a in extraction.facts.actors}
    assert "Criminal Investigation Department" in names


def test_item9_subject_lines_headings_address_lines_and_counts_are_no_actors() -> None:
    extraction = _extract(
        "Re: DISMISSAL OF STRIKING NURSES",
        "Trade Unions",
        "The ITUC, which represents 50 million workers in 163 countries, protests against "
        "the dismissal of 40 nurses of the Colombo General Hospital on 2 March 2021.",
        "The union, which has seven members on its executive board, had called a strike. "
        "Its federation, which counts more than 3,000 members, supported it.")
    names = {a.name.lower() for a in extraction.facts.actors}
    for not_an_actor in ("dismissal of striking nurses", "striking nurses", "trade unions",
                         "50 million workers", "seven members", "3,000 members"):
        assert not any(not_an_actor in name for name in names), (not_an_actor, names)
    # A count of people an act fell on is still a group: the 40 dismissed nurses.
    assert any("40 nurses" in name for name in names)


def test_item10_two_ratifications_in_one_sentence_are_two_events() -> None:
    extraction = _extract(
        "Sri Lanka ratified Convention No. 87 in 1995 and Convention No. 98 in 1972.")
    assert sorted((e.type, e.date) for e in extraction.facts.events) == [
        ("ratification", "1972"), ("ratification", "1995")]


def test_item10_an_act_told_again_without_its_verb_is_one_act_per_date() -> None:
    # "arrested A on 3 May and B on 5 May": the verb is left out of the second act.
    extraction = _extract(
        "The police arrested Mr Ali Khan on 3 May 2021 and Mr Omar Saleh on 5 May 2021.",
        "The company dismissed 20 workers in March 2021 and 30 workers in April 2021.")
    dated = sorted((e.type, e.date) for e in extraction.facts.events)
    assert dated == [("anti-union-dismissal", "2021-03"), ("anti-union-dismissal", "2021-04"),
                     ("arrest-detention", "2021-05-03"), ("arrest-detention", "2021-05-05")]


def test_item10_a_second_verb_keeps_its_own_date() -> None:
    # Not the left-out verb: "arrested on 3 June and released on 5 June" are two acts,
    # and 3 June is the arrest's only.
    extraction = _extract(
        "Ms Rana Das was arrested on 3 June 2021 and released on 5 June 2021.")
    assert sorted((e.type, e.date) for e in extraction.facts.events) == [
        ("arrest-detention", "2021-06-03"), ("release", "2021-06-05")]
