"""Print the extraction quality on texts with answer keys, as Markdown tables.

    python -m tests.quality [FOLDER]          # one row per text and the mean
    python -m tests.quality --corpus [DIR]    # the real corpus: dev and blind parts
    python -m tests.quality --dev [DIR]       # its dev part only, while writing rules
    python -m tests.quality --explain TEXT    # what one dev text's extraction missed

The blind part of the corpus (tests/corpus/blind) is only ever printed as means per
genre and per language: nobody who changes the extractor reads its texts or its rows.
Uses the project's scorer (c87.pipeline.score); `make quality` runs it on every set.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

from c87.input import read_letter
from c87.mapper.assemble import read_letter_facts
from c87.output.facts import facts_to_data
from c87.pipeline.score import broader_types, report, score

MEASURES = ("recall", "precision", "dates", "articles", "roles", "actors_found",
            "actors_merged", "letter_fields")
CORPUS = Path(__file__).parent / "corpus"


def scored(folder: Path) -> Iterable[tuple[str, dict, dict, dict]]:
    """(name, meta, result, facts) for each text with a key in ``folder``."""
    broader = broader_types()
    for key in sorted(folder.glob("*.gold.yaml")):
        letter = key.with_name(key.name.removesuffix(".gold.yaml") + ".txt")
        gold = yaml.safe_load(key.read_text(encoding="utf-8"))
        facts = facts_to_data(read_letter_facts(read_letter(letter)).facts)
        yield letter.stem, gold.get("meta") or {}, score(facts, gold, broader), facts


def _mean(results: list[dict]) -> list[float]:
    return [sum(r[m] for r in results) / len(results) for m in MEASURES]


def _header(first: str) -> list[str]:
    return ["| " + first + " | n | " + " | ".join(MEASURES) + " |",
            "| --- | --- |" + " --- |" * len(MEASURES)]


def _row(name: str, results: list[dict], bold: bool = False) -> str:
    cells = [f"{v:.2f}" for v in _mean(results)]
    if bold:
        cells = [f"**{c}**" for c in cells]
    return f"| {name} | {len(results)} | " + " | ".join(cells) + " |"


def table(folder: Path) -> str:
    """One row per text, and the mean, for the keys in ``folder``."""
    rows = [(name, result) for name, _meta, result, _facts in scored(folder)]
    lines = _header("text")
    lines += [_row(name, [result]) for name, result in rows]
    lines.append(_row("**mean**", [r for _, r in rows], bold=True))
    return "\n".join(lines)


def grouped(rows: list[tuple[str, dict, dict, dict]]) -> str:
    """Means per language group, per language and per genre."""
    def group(label: str, pick) -> list[str]:
        keys = sorted({pick(meta) for _n, meta, _r, _f in rows})
        return [_row(f"{label} {k}", [r for _n, meta, r, _f in rows if pick(meta) == k])
                for k in keys]

    lines = _header("group")
    lines += group("languages", lambda m: "en" if m.get("language") == "en" else "fr+es")
    lines += group("language", lambda m: m.get("language", "?"))
    lines += group("genre", lambda m: m.get("genre", "?"))
    lines.append(_row("**all**", [r for _n, _m, r, _f in rows], bold=True))
    return "\n".join(lines)


def corpus(root: Path = CORPUS, blind_too: bool = True) -> str:
    """The development part's scores per text and per group, then the blind part's per
    group only; ``blind_too=False`` (``--dev``) leaves the blind part out, for the loop of
    writing a rule and trying it, so that no rule is judged by its blind score."""
    dev = list(scored(root / "dev"))
    out = ["## Development part (per text)", "",
           table_from(dev), "", "## Development part (groups)", "", grouped(dev)]
    if blind_too:
        blind = list(scored(root / "blind"))
        out += ["", "## Blind part (groups only)", "", grouped(blind) if blind else "(empty)"]
    return "\n".join(out)


def table_from(rows: list[tuple[str, dict, dict, dict]]) -> str:
    lines = _header("text")
    lines += [_row(f"{name} ({meta.get('genre', '?')}, {meta.get('language', '?')})", [r])
              for name, meta, r, _f in rows]
    return "\n".join(lines)


def explain(text: Path) -> str:
    """What the extraction of one development text missed or added."""
    if "blind" in text.resolve().parts:
        raise SystemExit("the blind part is not read: score it as a whole with --corpus")
    key = text.with_name(text.stem + ".gold.yaml")
    gold = yaml.safe_load(key.read_text(encoding="utf-8"))
    facts = facts_to_data(read_letter_facts(read_letter(text)).facts)
    result = score(facts, gold, broader_types())
    summary = " ".join(f"{m}={result[m]}" for m in MEASURES)
    return report(result, facts) + "\n" + summary


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] in ("--corpus", "--dev"):
        print(corpus(Path(args[1]) if len(args) > 1 else CORPUS, args[0] == "--corpus"))
    elif args and args[0] == "--explain":
        for name in args[1:]:
            print(f"# {name}\n{explain(Path(name))}\n")
    else:
        print(table(Path(args[0]) if args else Path("tests/letters")))
