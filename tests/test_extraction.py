"""Extraction quality on letters with human answer keys, and the extractor's rules.

The letters under tests/letters/ are of the genre, from several countries, authors, forms
and languages, each with an answer key written by a careful human reader. The bars are
the project's: the reference letter (ITUC, Kyrgyzstan) is held to the issue's thresholds,
the corpus as a whole to recall and precision >= 0.85 and dates >= 0.9.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from c87.errors import C87Error
from c87.input import read_letter, read_letter_bytes
from c87.mapper.assemble import read_letter_facts
from c87.output.facts import dump_facts, facts_to_data
from c87.pipeline.score import broader_types, report, score

from .conftest import LETTERS, REFERENCE_LETTER

KEYS = sorted(LETTERS.glob("*.gold.yaml"))
REFERENCE_KEY = LETTERS / "000_623f508c44472784.gold.yaml"


@cache
def _scored(key: Path) -> tuple[dict, dict]:
    letter = key.with_name(key.name.removesuffix(".gold.yaml") + ".txt")
    facts = facts_to_data(read_letter_facts(read_letter(letter)).facts)
    gold = yaml.safe_load(key.read_text(encoding="utf-8"))
    return score(facts, gold, broader_types()), facts


def test_reference_letter_meets_the_bars() -> None:
    result, facts = _scored(REFERENCE_KEY)
    bars = {"recall": 0.95, "precision": 0.9, "dates": 1.0, "articles": 0.9, "roles": 0.9,
            "actors_found": 1.0, "actors_merged": 1.0, "letter_fields": 1.0}
    short = {k: result[k] for k, bar in bars.items() if result[k] < bar}
    assert not short, f"{short}\n{report(result, facts)}"


def test_corpus_meets_the_bars() -> None:
    rows = {key.name: _scored(key)[0] for key in KEYS if key != REFERENCE_KEY}
    assert len(rows) >= 10
    mean = {k: sum(r[k] for r in rows.values()) / len(rows)
            for k in ("recall", "precision", "dates")}
    table = "\n".join(f"{name}: recall={r['recall']} precision={r['precision']} "
                      f"dates={r['dates']}" for name, r in rows.items())
    assert mean["recall"] >= 0.85, table
    assert mean["precision"] >= 0.85, table
    assert mean["dates"] >= 0.9, table


# Floors a little under what the held-out sets gave when last measured (see the README):
# they catch a change that makes unseen letters worse, they do not claim a quality.
HELD_OUT_FLOORS = {
    "heldout2": {"recall": 0.85, "precision": 0.9, "dates": 0.85, "actors_found": 0.95},
    "heldout3": {"recall": 0.6, "precision": 0.8, "dates": 0.8, "actors_found": 0.85},
}


@pytest.mark.parametrize("folder", sorted(HELD_OUT_FLOORS))
def test_held_out_letters_do_not_regress(folder: str) -> None:
    keys = sorted((LETTERS / folder).glob("*.gold.yaml"))
    assert len(keys) >= 6
    rows = [_scored(key)[0] for key in keys]
    mean = {k: sum(r[k] for r in rows) / len(rows) for k in HELD_OUT_FLOORS[folder]}
    low = {k: round(v, 3) for k, v in mean.items() if v < HELD_OUT_FLOORS[folder][k]}
    assert not low, f"{folder} fell below its floors: {low}"


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.name.split(".")[0])
def test_each_letter_gets_its_header_and_parties(key: Path) -> None:
    result, facts = _scored(key)
    assert result["letter_fields"] == 1.0, report(result, facts)
    assert result["actors_found"] == 1.0, report(result, facts)
    # No letter is a write-off: each has most of its acts found, few invented.
    assert result["recall"] >= 0.6 and result["precision"] >= 0.6, report(result, facts)


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.name.split(".")[0])
def test_every_fact_has_its_span(key: Path) -> None:
    letter = key.with_name(key.name.removesuffix(".gold.yaml") + ".txt")
    text = read_letter(letter)
    facts = read_letter_facts(text).facts
    for actor in facts.actors:
        assert actor.evidence, actor.id
    for event in facts.events:
        for span in event.evidence:
            assert text.text[span.start:span.end] == span.quote
        assert event.principles or not event.alleged_violation, event.id
    for span in facts.letter.provenance.values():
        assert text.text[span.start:span.end] == span.quote


def test_extraction_is_deterministic() -> None:
    text = read_letter(REFERENCE_LETTER)
    assert dump_facts(read_letter_facts(text).facts) == dump_facts(
        read_letter_facts(read_letter(REFERENCE_LETTER)).facts)


# --- the rules, on sentences written for them --------------------------------------------

HEAD = "Geneva, 14 March 2023\n\nDear Mr President,\n\n"


def _events(body: str) -> list[dict]:
    text = read_letter_bytes((HEAD + body).encode(), "t.txt")
    return [e.model_dump(exclude_none=True) for e in read_letter_facts(text).facts.events]


def test_two_dates_of_one_act_give_two_events() -> None:
    events = _events("On 2 and 9 March 2023, the police arrested Mr Juan Pérez, a union leader.")
    assert [(e["type"], e["date"]) for e in events] == [
        ("arrest-detention", "2023-03-02"), ("arrest-detention", "2023-03-09")]


def test_two_acts_in_one_sentence_give_two_events_with_their_own_actors() -> None:
    events = _events("On 5 March 2023, the police detained Mr Ali Demir, and the Ministry "
                     "of Labour dissolved the Metal Workers' Union (MWU).")
    types = {e["type"]: e for e in events}
    assert set(types) == {"arrest-detention", "dissolution-suspension"}
    assert types["dissolution-suspension"]["participants"][0]["actor"] == "mwu"


def test_range_to_the_present_ends_on_the_letter_date() -> None:
    (event,) = _events("From February to the present, union leaders have been harassed by "
                       "the police.")
    assert (event["start"], event["end"]) == ("2023-02", "2023-03-14")


def test_duration_gives_an_end() -> None:
    (event,) = _events("On 10 January 2023, the court placed Ms Ana Ruiz under house arrest "
                       "for a period of two months.")
    assert (event["type"], event["start"], event["end"]) == (
        "house-arrest", "2023-01-10", "2023-03-10")


def test_relative_date_is_resolved_and_approximate() -> None:
    (event,) = _events("Yesterday, the police raided the offices of the union.")
    assert (event["type"], event["date"], event["approximate"]) == (
        "search", "2023-03-13", True)


def test_yearless_date_takes_the_letter_year() -> None:
    (event,) = _events("On 14 February, Mr Karim Ould was arrested by the police.")
    assert event["date"] == "2023-02-14"


def test_demands_and_denials_report_no_act() -> None:
    assert _events("We urge you to release Mr Karim Ould and to end the harassment of "
                   "union members. Our country has not ratified Convention 87.") == []


def test_follow_up_sentence_takes_the_victims_of_the_act_before() -> None:
    events = _events("On 3 March 2023, the police arrested Mr Peter Moyo and Ms Rose Banda. "
                     "On 6 March 2023, the two were charged with unlawful assembly.")
    charged = next(e for e in events if e["type"] == "criminal-prosecution")
    assert {p["actor"] for p in charged["participants"] if p["role"] == "victim"} >= {
        "moyo", "banda"}


def test_french_and_spanish_acts() -> None:
    fr = _events("Le 19 avril 2023, M. Mourad Bensalem a été interpellé à son domicile.")
    es = _events("El 5 de abril de 2023, la policía detuvo a dirigentes sindicales; fueron "
                 "golpeados.")
    assert [e["type"] for e in fr] == ["arrest-detention"]
    assert fr[0]["date"] == "2023-04-19"
    assert "violence" in {e["type"] for e in es}


def test_an_act_no_type_fits_is_a_warning_not_a_guess() -> None:
    text = read_letter_bytes((HEAD + "On 3 March 2023, the governor opened a factory beside "
                              "the union.").encode(), "t.txt")
    extraction = read_letter_facts(text)
    assert extraction.facts.events == []
    assert any("no event type fits" in w and "factory" in w for w in extraction.warnings)


# --- the command ------------------------------------------------------------------------

def test_text_without_events_exits_1_and_writes_nothing(run, tmp_path: Path) -> None:
    path = tmp_path / "recipe.txt"
    path.write_text("Mix two cups of flour with water and bake for an hour.\n",
                    encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run("extract", str(path), "-o", str(out))
    assert result.exit_code == 1
    assert "no event found" in result.stderr and "warning" in result.stderr
    assert not out.exists()
    assert run("extract", str(path), "-o", str(out), "--allow-empty").exit_code == 0
    assert out.exists()


def test_explain_gives_the_rule_behind_each_fact(run) -> None:
    result = run("extract", str(REFERENCE_LETTER), "--explain", "--format", "json")
    assert result.exit_code == 0
    facts = json.loads(result.stdout)
    explained = result.stderr
    house_arrest = next(e for e in facts["events"] if e["type"] == "house-arrest")
    assert f"explain: {house_arrest['id']} house-arrest: cue 'house arrest'" in explained
    assert "letter date 2020-06-18" in explained


# --- no text makes it crash ---------------------------------------------------------------

REFERENCE_TEXT = REFERENCE_LETTER.read_text(encoding="utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=400))
def test_arbitrary_text_gives_facts_or_a_documented_error(noise: str) -> None:
    _survives(noise.encode("utf-8", "surrogatepass"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_letters_give_facts_or_a_documented_error(data: st.DataObject) -> None:
    text = REFERENCE_TEXT
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 200))
        insert = data.draw(st.text(max_size=30))
        text = text[:at] + insert + text[at + cut:]
    _survives(text.encode("utf-8", "surrogatepass"))


def _survives(data: bytes) -> None:
    try:
        extraction = read_letter_facts(read_letter_bytes(data, "fuzz.txt"))
    except C87Error as exc:
        assert exc.exit_code in (1, 3)
        return
    facts = extraction.facts
    ids = {a.id for a in facts.actors}
    assert all(p.actor in ids for e in facts.events for p in e.participants)
    assert json.loads(dump_facts(facts, "json"))["c87"] == 1


def test_every_extracted_event_says_what_proposed_it() -> None:
    """Event coders' users ask which pattern coded each event: the facts record the cue
    words (found in the event's own quote) and how the date was found."""
    events = read_letter_facts(read_letter(REFERENCE_LETTER)).facts.events
    assert events
    for event in events:
        assert event.rule and event.rule.startswith("cue "), event
        cue = event.rule.split('"')[1]
        assert any(cue.lower() in span.quote.lower() for span in event.evidence), event.rule
        if event.date or event.start:
            assert "date:" in event.rule or "start:" in event.rule, event.rule


@pytest.mark.parametrize(("sentence", "event_type"), [
    ("On 3 May 2023 several armed men took him away in a white van.", "abduction"),
    ("El 18 de julio de 2023 fue extraído violentamente de su hogar en Temblador.", "abduction"),
    ("On 3 May 2023, 110 workers were illegally fired after joining the union.",
     "anti-union-dismissal"),
    ("On 3 May 2023 the guards hit them in the face and slapped the union secretary.",
     "violence"),
    ("Union leader Lee Cheuk-yan is in jail over his role in the protests.", "arrest-detention"),
    ("On 3 May 2023 the union asked the Labour Board to reconsider its decision.",
     "communication"),
])
def test_families_of_phrasing_met_in_real_texts(sentence: str, event_type: str) -> None:
    """Each is a family of phrasings, not one sentence: an object pronoun, an adverb
    inside the phrase, a state told in the present, an organisation asking another."""
    assert event_type in {e["type"] for e in _events(sentence)}


def test_a_threat_of_an_act_is_the_threat_not_the_act() -> None:
    events = _events("On 3 May 2023 the assailants threatened to kill the union president.")
    types = {e["type"] for e in events}
    assert "intimidation" in types and "killing" not in types


def test_a_verb_with_its_object_is_a_new_act_not_one_told_before() -> None:
    events = _events("On 3 May 2023 guards assaulted the union president. The guards hit them in "
                     "the face on 5 May 2023.")
    assert sorted(e["date"] for e in events if e["type"] == "violence") == [
        "2023-05-03", "2023-05-05"]
