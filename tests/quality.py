"""Print the extraction quality on letters with answer keys, as a Markdown table.

    python -m tests.quality [FOLDER]     # default: tests/letters

Uses the project's scorer (tests/scoring.py); `make quality` runs it on the tuning
letters and on the held-out ones.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from c87 import ontology
from c87.input import read_letter
from c87.mapper.assemble import read_letter_facts
from c87.output.facts import facts_to_data

from .scoring import score

MEASURES = ("recall", "precision", "dates", "articles", "roles", "actors_found",
            "actors_merged", "letter_fields")


def table(folder: Path) -> str:
    """One row per letter, and the mean, for the keys in ``folder``."""
    broader = {c.notation: c.broader[0] for c in ontology.concepts("event-types") if c.broader}
    rows = []
    for key in sorted(folder.glob("*.gold.yaml")):
        letter = key.with_name(key.name.removesuffix(".gold.yaml") + ".txt")
        facts = facts_to_data(read_letter_facts(read_letter(letter)).facts)
        result = score(facts, yaml.safe_load(key.read_text(encoding="utf-8")), broader)
        rows.append((letter.stem, [result[m] for m in MEASURES]))
    means = [sum(r[1][i] for r in rows) / len(rows) for i in range(len(MEASURES))]
    lines = ["| letter | " + " | ".join(MEASURES) + " |",
             "| --- |" + " --- |" * len(MEASURES)]
    lines += [f"| {name} | " + " | ".join(f"{v:.2f}" for v in values) + " |"
              for name, values in rows]
    lines.append(f"| **mean of {len(rows)}** | " + " | ".join(f"**{v:.2f}**" for v in means)
                 + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tests/letters")))
