"""The README as a newcomer reads it (issue 12, item 12): its first screen, and examples
that are the tool's real output, so that they cannot drift from it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from c87.input import read_letter
from c87.mapper.assemble import read_letter_facts
from c87.output.facts import facts_to_data

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _first_screen() -> str:
    """What a newcomer reads before the first section: the title and the opening text."""
    return README[:README.index("\n## ")]


def test_item12_first_screen_says_what_c87_is_in_one_sentence() -> None:
    lines = README.splitlines()
    assert lines[0] == "# c87"
    opening = next(p for p in README.split("\n\n")[1:] if p.strip())
    assert not opening.startswith(("```", "#")), "the first paragraph is prose"
    assert len(re.findall(r"(?<!\bNo)[.!?](?:\s|$)", opening.strip())) == 1, opening
    assert "trade union rights" in opening


def test_item12_first_screen_gives_the_two_commands_and_says_what_they_install() -> None:
    screen = _first_screen()
    blocks = re.findall(r"```sh\n(.*?)```", screen, re.S)
    assert blocks[0].split("\n")[:2] == ["make demo", "make test"]
    assert "apt-get" in screen and "Chromium" in screen and "Virtuoso" in screen
    examples = [line for block in blocks for line in block.splitlines()
                if line.startswith(("c87 ", ".venv/bin/c87 "))]
    assert examples, "one c87 example on the first screen"


def test_item12_after_make_demo_the_readme_says_how_to_query_its_store() -> None:
    # The demo loads into out/store; a plain `c87 query timeline` reads the default store,
    # so the first screen must show the --store the demo used.
    assert "--store out/store" in _first_screen()


def _matches(example: Any, actual: Any, where: str) -> list[str]:
    """Where ``example`` (an excerpt, ``...`` marking cuts) is not part of ``actual``."""
    if isinstance(example, dict):
        if not isinstance(actual, dict):
            return [f"{where}: not a mapping in the output"]
        out = []
        for key, value in example.items():
            if key not in actual:
                out.append(f"{where}.{key}: not in the output")
            else:
                out += _matches(value, actual[key], f"{where}.{key}")
        return out
    if isinstance(example, list):
        if not isinstance(actual, list):
            return [f"{where}: not a list in the output"]
        out = []
        for n, item in enumerate(example):
            if isinstance(item, dict) and "id" in item:
                twins = [a for a in actual if isinstance(a, dict) and a.get("id") == item["id"]]
                out += _matches(item, twins[0], f"{where}[{item['id']}]") if twins else [
                    f"{where}[{item['id']}]: no such id in the output"]
            elif not any(not _matches(item, a, where) for a in actual):
                out.append(f"{where}[{n}]: {item!r} is not in the output")
        return out
    if isinstance(example, str) and "..." in example:
        flat = re.sub(r"\s+", " ", str(actual))
        parts = [p.strip() for p in example.split("...") if p.strip()]
        at = 0
        for part in parts:
            at = flat.find(part, at)
            if at < 0:
                return [f"{where}: {example!r} does not abbreviate {actual!r}"]
        return []
    return [] if example == actual else [f"{where}: README {example!r}, output {actual!r}"]


def test_item12_facts_example_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    match = re.search(r"<!-- facts-excerpt.*?-->\n```yaml\n(.*?)```", README, re.S)
    assert match, "the README's facts example is marked as an excerpt of real output"
    example = yaml.safe_load(match.group(1))
    monkeypatch.chdir(ROOT)
    text = read_letter(Path("examples/ituc-kyrgyzstan-2020-06-18.txt"))
    actual = facts_to_data(read_letter_facts(text).facts)
    assert _matches(example, actual, "facts") == []


def test_item12_the_excerpt_check_catches_a_drifted_example() -> None:
    actual = {"letter": {"addressee": "president-of-kyrgyzstan"},
              "events": [{"id": "e1", "evidence": [{"quote": "On 3 June 2020, Ms Babayeva"}]}]}
    assert _matches({"letter": {"addressee": "president-kg"}}, actual, "facts")
    assert _matches({"events": [{"id": "e2"}]}, actual, "facts")
    assert not _matches({"events": [{"id": "e1", "evidence": [{"quote": "On 3 June ..."}]}]},
                        actual, "facts")


def test_item12_readme_graph_query_finds_rows_where_a_plain_pattern_finds_none(
        run, tmp_path: Path) -> None:
    match = re.search(r"<!-- graph-query.*?-->\n```sparql\n(.*?)```", README, re.S)
    assert match, "the README's GRAPH example is marked"
    store = tmp_path / "store"
    assert run("load", str(ROOT / "examples" / "ituc-kyrgyzstan-2020-06-18.txt"),
               "--store", str(store)).exit_code == 0
    with_graph = tmp_path / "interrogations.rq"
    with_graph.write_text(match.group(1), encoding="utf-8")
    plain = tmp_path / "plain.rq"
    plain.write_text("SELECT ?s WHERE { ?s ?p ?o }", encoding="utf-8")
    found = run("query", str(with_graph), "--store", str(store), "--format", "csv")
    assert found.exit_code == 0, found.stderr
    rows = found.stdout.strip().splitlines()[1:]
    assert len(rows) >= 2 and all("ituc-2020-06-18-perc-htur" in r for r in rows)
    none = run("query", str(plain), "--store", str(store), "--format", "csv")
    assert none.exit_code == 0 and none.stdout.strip().splitlines()[1:] == []
