"""What a review works on, without the browser: opening, the page's data, saving, and the
facts document's version 2 (review status per item)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from c87.errors import ContentError, InputError
from c87.input import load_facts, parse_facts
from c87.output.facts import dump_facts, facts_to_data
from c87.review.session import open_review

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "examples" / "ituc-kyrgyzstan-2020-06-18.txt"
WARNED = """Geneva, 3 May 2021

Dear Minister,

On 12 April 2021, the police arrested Maria Lopez, president of the dockers' union. \
On 15 April 2021, the port authority gardened the union office for three weeks.

Yours sincerely
"""
STAMP = "2026-12-04T10:00:00Z"


def test_a_dated_sentence_without_event_is_marked_with_its_span(tmp_path: Path) -> None:
    letter = tmp_path / "dockers.txt"
    letter.write_text(WARNED, encoding="utf-8")
    state = open_review(letter, tmp_path / "dockers.facts.yaml").state()
    [warning] = state["warnings"]
    marked = state["text"][warning["start"]:warning["end"]]
    assert marked == ("On 15 April 2021, the port authority gardened the union office for "
                      "three weeks.")
    assert "no event type fits" in warning["message"]
    assert {"start", "end", "value"} <= set(state["dates"][0])
    assert any(t["id"] == "arrest-detention" and t["principles"]
               for t in state["vocabulary"]["types"])


def test_a_warning_goes_once_an_event_quotes_its_sentence(tmp_path: Path) -> None:
    letter = tmp_path / "dockers.txt"
    letter.write_text(WARNED, encoding="utf-8")
    review = open_review(letter, tmp_path / "dockers.facts.yaml")
    data = facts_to_data(review.facts)
    text = review.text.text
    start = text.index("On 15 April")
    end = text.index("weeks.") + len("weeks.")
    data["events"].append({
        "id": "r1", "type": "seizure-of-assets", "date": "2021-04-15",
        "evidence": [{"quote": text[start:end], "start": start, "end": end}],
        "principles": ["C087-3-1", "CL-property"],
        "review": {"status": "added", "time": STAMP}})
    assert review.save(data).ok
    again = open_review(review.output)  # a facts file: reviewed where it stopped
    assert again.state()["warnings"] == []
    assert again.output == review.output


def test_selection_proposes_its_date_and_refuses_what_is_outside(tmp_path: Path) -> None:
    letter = tmp_path / "dockers.txt"
    letter.write_text(WARNED, encoding="utf-8")
    review = open_review(letter, tmp_path / "d.facts.yaml")
    text = review.text.text
    start = text.index("On 15 April")
    chosen = review.selection(start, start + 60)
    assert chosen["quote"] == text[start:start + 60] and chosen["dates"] == ["2021-04-15"]
    with pytest.raises(ContentError, match="not within the letter"):
        review.selection(5, len(text) + 3)


def test_a_letter_is_reviewed_from_its_facts_file_where_the_review_stopped(
        tmp_path: Path) -> None:
    letter = tmp_path / LETTER.name
    shutil.copy(LETTER, letter)
    output = tmp_path / "kg.facts.yaml"
    first = open_review(letter, output)
    data = facts_to_data(first.facts)
    data["events"][0]["review"] = {"status": "rejected", "time": STAMP, "reviewer": "Ana"}
    assert first.save(data).ok
    second = open_review(letter, output)
    assert second.facts.events[0].review.status == "rejected"
    assert second.facts.events[0].review.reviewer == "Ana"


def test_a_facts_file_whose_letter_is_gone_is_refused(tmp_path: Path) -> None:
    letter = tmp_path / LETTER.name
    shutil.copy(LETTER, letter)
    output = tmp_path / "kg.facts.yaml"
    open_review(letter, output).save(facts_to_data(open_review(letter, output).facts))
    letter.unlink()
    with pytest.raises(InputError, match="is not there, or its text has changed"):
        open_review(output)


def test_version_1_documents_still_read_and_a_review_needs_version_2(tmp_path: Path) -> None:
    old = (ROOT / "tests" / "data" / "facts" / "valid.yaml").read_text(encoding="utf-8")
    assert old.startswith("c87: 1") or "\nc87: 1\n" in old
    facts = parse_facts(old, "valid.yaml")
    assert facts.c87 == 1 and not facts.reviewed
    assert dump_facts(facts).startswith("c87: 1\n")  # no review: still written as 1
    data = yaml.safe_load(old)
    data["events"][0]["review"] = {"status": "accepted", "time": STAMP}
    with pytest.raises(ContentError, match=r"events\[0\]\.review: a review needs format "
                                           r"version 2"):
        parse_facts(yaml.safe_dump(data), "old.yaml")
    data["c87"] = 2
    reviewed = parse_facts(yaml.safe_dump(data), "new.yaml")
    assert reviewed.reviewed and dump_facts(reviewed).startswith("c87: 2\n")
    # A review must say when; its status is one of four; a rejected actor is no actor.
    for review, message in (({"status": "accepted"}, "time"),
                            ({"status": "maybe", "time": STAMP}, "status"),
                            ({"status": "accepted", "time": "2026-12-04T10:00:00"}, "time")):
        data["events"][0]["review"] = review
        with pytest.raises(ContentError, match=message):
            parse_facts(yaml.safe_dump(data), "bad.yaml")
    data["events"][0]["review"] = {"status": "accepted", "time": STAMP}
    data["actors"][0]["review"] = {"status": "rejected", "time": STAMP}
    with pytest.raises(ContentError, match="removed or merged"):
        parse_facts(yaml.safe_dump(data), "bad.yaml")


def test_a_rejected_event_stays_in_the_file_and_out_of_every_output(tmp_path: Path) -> None:
    from c87.output.complaint import serialize_complaint
    from c87.output.rdf import serialize

    letter = tmp_path / LETTER.name
    shutil.copy(LETTER, letter)
    review = open_review(letter, tmp_path / "kg.facts.yaml")
    data = facts_to_data(review.facts)
    gone = data["events"][-1]
    gone["review"] = {"status": "rejected", "time": STAMP}
    data["events"][0]["review"] = {"status": "accepted", "time": STAMP}
    quote = gone["evidence"][0]["quote"][:40]
    assert review.save(data).ok
    facts = load_facts(review.output)
    assert facts.events[-1].review.status == "rejected"
    ttl = serialize(facts, "ttl")
    ttl = ttl.decode() if isinstance(ttl, bytes) else ttl
    assert f"/event/{gone['id']}>" not in ttl and f"/event/{gone['id']} " not in ttl
    assert "facts-2.json" in ttl
    xml = serialize_complaint(facts, text=review.text.text).decode()
    assert f'"{gone["id"]}"' not in xml.split("<c87:complaint", 1)[-1]
    assert quote not in xml.split("<attachments>", 1)[0]
