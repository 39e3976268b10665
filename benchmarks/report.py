"""The benchmark's table, written from ``benchmarks/results/bench.json``, never typed.

    python benchmarks/report.py [bench.json]     # rewrite the tables in README.md and
                                                 # docs/benchmarks.md from the results

``bench.py`` calls :func:`write_tables` at the end of each run. Each row is one measure of
that run beside its baseline measured in the same run, and their ratio; the machine and
the time of the run are printed under the table. A test (tests/test_benchmarks.py) checks
that the tables in the README and in docs/benchmarks.md are what this module renders
from the committed results, so that nobody types a number into them.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "bench.json"
PAGES = (ROOT / "README.md", ROOT / "docs" / "benchmarks.md")
START, END = "<!-- bench-table: start (written by benchmarks/report.py) -->", \
    "<!-- bench-table: end -->"

Row = tuple[str, str, str, str, str, str]
"""measure, this run, baseline (same run), ratio, target, met."""


def _n(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _met(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "**no**")


def _rdf(r: dict[str, Any]) -> Iterator[Row]:
    rdf = r["rdf_step"]
    yield ("RDF step (Turtle + N-Quads from the facts), ms a letter",
           _n(rdf["c87_ms_per_letter"], 2),
           f"rdflib {_n(rdf['rdflib_ms_per_letter'], 2)}",
           f"{rdf['speedup_vs_rdflib']:.1f}x faster", ">= 5x faster",
           _met(rdf["speedup_vs_rdflib"] >= 5))
    yield ("RDF step against the pyoxigraph serialization floor, ms a letter",
           _n(rdf["c87_ms_per_letter"], 2),
           f"pyoxigraph {_n(rdf['oxigraph_floor_ms_per_letter'], 2)}",
           f"{rdf['ratio_to_floor']:.1f}x", "<= 3x", _met(rdf["ratio_to_floor"] <= 3))


def _convert(r: dict[str, Any]) -> Iterator[Row]:
    by = {(c["letters"], c["jobs"]): c for c in r.get("convert", [])}
    for (n, jobs), c in sorted(by.items()):
        base = by.get((n, 1))
        target = 100 * jobs
        if jobs == 1 or base is None:
            every = c.get("validate_all")
            yield (f"`convert --jobs {jobs}`, {n:,} letters: letters/s (peak MiB)",
                   f"{_n(c['letters_per_second'])} ({c['peak_mib']:.0f})",
                   f"`--validate all` {_n(every['letters_per_second'])}" if every else "",
                   f"{c['letters_per_second'] / every['letters_per_second']:.2f}x"
                   if every else "", f">= {target}", _met(c["letters_per_second"] >= target))
            continue
        ratio = c["letters_per_second"] / base["letters_per_second"]
        yield (f"`convert --jobs {jobs}`, {n:,} letters: letters/s (peak MiB)",
               f"{_n(c['letters_per_second'])} ({c['peak_mib']:.0f})",
               f"`--jobs 1` {_n(base['letters_per_second'])}", f"{ratio:.2f}x", ">= 1.8x",
               _met(ratio >= 1.8))
    sizes = sorted({n for n, _ in by})
    if len(sizes) > 1 and (sizes[0], 1) in by and (sizes[-1], 1) in by:
        ratio = by[(sizes[-1], 1)]["peak_mib"] / by[(sizes[0], 1)]["peak_mib"]
        yield (f"convert peak memory, {sizes[-1]:,} letters, MiB",
               f"{by[(sizes[-1], 1)]['peak_mib']:.0f}",
               f"{sizes[0]:,} letters {by[(sizes[0], 1)]['peak_mib']:.0f}", f"{ratio:.2f}x",
               "<= 1.5x", _met(ratio <= 1.5))


def _store(r: dict[str, Any]) -> Iterator[Row]:
    store = r.get("store")
    if not store:
        return
    baseline = store.get("bulk_triples_per_second")
    ratio = store["triples_per_second"] / baseline if baseline else None
    yield ("`c87 load` into the embedded store, triples/s",
           _n(store["triples_per_second"], 0),
           f"pyoxigraph bulk load {_n(baseline, 0)}" if baseline else "",
           f"{ratio:.2f}x" if ratio else "", ">= 100,000 and >= 0.5x",
           _met(store["triples_per_second"] >= 100_000 and (ratio is None or ratio >= 0.5)))
    for size in store.get("memory", []):
        yield (f"`c87 load` peak memory, {size['triples']:,} triples, MiB",
               f"{size['peak_mib']:.0f}", f"pyoxigraph bulk load {size['bulk_peak_mib']:.0f}",
               f"{size['peak_mib'] / size['bulk_peak_mib']:.2f}x", "<= 200",
               _met(size["peak_mib"] <= 200))


def _summary(r: dict[str, Any]) -> Iterator[Row]:
    for size in r.get("summary_queries", []):
        n = size["triples"]
        limit = 100 if n < 5_000_000 else 1_000
        for name, q in size["queries"].items():
            same = "" if q["same_rows"] else " (rows differ!)"
            yield (f"query `{name}` at {n:,} triples, ms", _n(q["ms"]),
                   f"before the summary {_n(q['before_summary_ms'])}{same}",
                   f"{q['speed_up']:.1f}x faster", f"<= {limit:,}",
                   _met(q["ms"] <= limit and q["same_rows"]))


def _startup(r: dict[str, Any]) -> Iterator[Row]:
    s = r["startup"]
    yield ("`c87 --help`, s", f"{s['c87_help_s']:.3f}",
           f"`python -c pass` {s['python_pass_s']:.3f}",
           f"{s['c87_help_s'] / s['python_pass_s']:.1f}x", "< 0.15 s",
           _met(s["c87_help_s"] < 0.15))


SECTIONS = (_rdf, _convert, _store, _summary, _startup)


def rows(result: dict[str, Any]) -> list[Row]:
    """Every row of the table, in order, from a run's results."""
    out: list[Row] = []
    for section in SECTIONS:
        out.extend(section(result))
    for extra in result.get("rows", []):  # rows a measure adds as data: already rendered
        out.append(tuple(extra))  # type: ignore[arg-type]
    return out


def render(result: dict[str, Any]) -> str:
    """The Markdown table of a run, with its machine and time."""
    lines = ["| measure | this run | baseline, same run | ratio | target | met |",
             "| --- | --- | --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows(result)]
    m = result["machine"]
    lines += ["", f"Measured by `make bench` at {result['when']} on {m['cpus']} cores, "
                  f"Python {m['python']}, {m['platform']}."]
    again = (result.get("store") or {}).get("measured")
    if again:
        lines.append(f"The `c87 load` rows were measured again at {again}.")
    return "\n".join(lines)


def block(result: dict[str, Any]) -> str:
    return f"{START}\n{render(result)}\n{END}"


def write_tables(result: dict[str, Any], pages: tuple[Path, ...] = PAGES) -> None:
    """Replace the table between the markers of each page with this run's."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if not pattern.search(text):
            raise SystemExit(f"{page}: no benchmark table markers")
        page.write_text(pattern.sub(lambda _m: block(result), text), encoding="utf-8")


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS
    write_tables(json.loads(source.read_text(encoding="utf-8")))
    print(f"tables written from {source}")
