"""The README as a newcomer reads it (issue 12, item 12; issue 13, item 4): its first
screen, its length, and links to the rest. Its examples are run by tests/test_docs.py,
with those of docs/."""

from __future__ import annotations

import re
from pathlib import Path

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
    blocks = re.findall(r"```console\n(.*?)```", screen, re.S)
    assert blocks[0].split("\n")[:2] == ["$ make demo", "$ make test"]
    assert "apt-get" in screen and "Chromium" in screen and "Virtuoso" in screen
    examples = [line for block in blocks for line in block.splitlines()
                if line.startswith(("$ c87 ", "$ .venv/bin/c87 "))]
    assert examples, "one c87 example on the first screen"


def test_item12_after_make_demo_the_readme_says_how_to_query_its_store() -> None:
    # The demo loads into out/store; a plain `c87 query timeline` reads the default store,
    # so the first screen must show the --store the demo used.
    assert "--store out/store" in _first_screen()


def test_item13_readme_fits_on_a_few_screens_and_links_every_page() -> None:
    assert len(README.splitlines()) <= 300
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in README, f"the README does not link docs/{page.name}"


def test_item13_readme_tours_extract_review_convert_load_query() -> None:
    tour = README[README.index("## A five-minute tour"):]
    tour = tour[:tour.index("\n## ", 1)]
    steps = ["$ c87 extract examples/ituc-kyrgyzstan-2020-06-18.txt", "$ c87 validate",
             "$ c87 convert", "$ c87 load", "$ c87 query"]
    at = [tour.find(step) for step in steps]
    assert -1 not in at and at == sorted(at), dict(zip(steps, at, strict=True))
