"""The facts document: validation with paths and lines, lossless YAML and JSON, schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from c87.errors import ContentError, InputError
from c87.input.facts import load_facts, parse_facts
from c87.model import Facts, facts_schema
from c87.output.facts import dump_facts

from .conftest import DATA, ROOT

VALID = DATA / "facts" / "valid.yaml"


def test_valid_document_loads_with_its_fields() -> None:
    facts = load_facts(VALID)
    assert facts.letter.date == "2020-06-18"
    assert facts.letter.signatory.name is None
    assert facts.actor("babayeva").family_name == "Babayeva"
    assert facts.events[0].participants[1].role == "perpetrator"
    assert facts.events[1].end == "2020-08"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip_is_lossless(fmt: str, tmp_path: Path) -> None:
    facts = load_facts(VALID)
    text = dump_facts(facts, fmt)
    again = parse_facts(text, f"x.{fmt}")
    assert again == facts
    assert dump_facts(again, fmt) == text  # and stable: the same bytes a second time


def test_yaml_keeps_the_quote_with_its_line_break() -> None:
    text = dump_facts(load_facts(VALID))
    data = yaml.safe_load(text)
    assert data["events"][0]["evidence"][0]["quote"].startswith("On 3 June 2020, Ms Babayeva")
    assert "\n" in data["events"][0]["evidence"][0]["quote"]
    assert "{actor: babayeva, role: victim}" in text  # small records stay on one line


def test_dumped_json_validates_against_the_published_schema() -> None:
    data = json.loads(dump_facts(load_facts(VALID), "json"))
    jsonschema.validate(data, facts_schema())


def test_schema_in_docs_is_current() -> None:
    published = json.loads((ROOT / "docs" / "facts.schema.json").read_text(encoding="utf-8"))
    assert published == facts_schema(), "run: c87 schema > docs/facts.schema.json"


def _bad(tmp_path: Path, text: str, name: str = "bad.yaml") -> ContentError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_facts(path)
    return info.value


def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    err = _bad(tmp_path, "c87: 1\nsource: {sha256: abc\nletter: [\n")
    assert err.path.endswith("bad.yaml")
    assert err.line is not None and err.column is not None
    assert str(err).startswith(f"{err.path}:{err.line}:{err.column}: is not valid YAML")


def test_wrong_type_names_field_path_and_line(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace('date: "2020-06-03"', 'date: "2020-13-45"')
    err = _bad(tmp_path, text)
    message = str(err)
    assert "events[0].date" in message
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "2020-13-45" in ln)
    assert f"line {line}:" in message


def test_unknown_key_is_rejected_by_name(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("    place: Bishkek\n",
                                                     "    place: Bishkek\n    venue: Bishkek\n")
    message = str(_bad(tmp_path, text))
    assert "events[0].venue: unknown key 'venue'" in message


def test_dangling_actor_reference_is_named(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("{actor: babayeva, role: victim}",
                                                     "{actor: osmonov, role: victim}")
    message = str(_bad(tmp_path, text))
    assert "events[0].participants[0].actor: no actor has id 'osmonov'" in message
    assert "line " in message


def test_event_without_evidence_is_invalid(tmp_path: Path) -> None:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["events"][0]["evidence"] = []
    message = str(_bad(tmp_path, json.dumps(data), "bad.json"))
    assert "events[0].evidence" in message


def test_malformed_json_gives_line(tmp_path: Path) -> None:
    err = _bad(tmp_path, '{"c87": 1,\n "source": }', "bad.json")
    assert err.line == 2


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    err = _bad(tmp_path, "!!python/object/apply:os.system ['echo pwned']\n")
    assert "not valid YAML" in str(err)


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "not a facts document" in str(_bad(tmp_path, "- a\n- b\n"))


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_facts(tmp_path / "nope.yaml")


def test_model_rejects_both_date_and_range() -> None:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["events"][0]["start"] = "2020-06-01"
    with pytest.raises(ContentError, match="either date, or start/end"):
        parse_facts(json.dumps(data))
    assert Facts.model_validate(yaml.safe_load(VALID.read_text(encoding="utf-8")))
