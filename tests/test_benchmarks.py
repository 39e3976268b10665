"""The benchmark tables are written by the benchmark, never typed: the README's and
docs/benchmarks.md's tables are what benchmarks/report.py renders from the committed
results of the last run (benchmarks/results/bench.json)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "bench.json"


def _report():  # benchmarks/ is not a package: load the module from its file
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "benchmarks" /
                                                  "report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["README.md", "docs/benchmarks.md"])
def test_the_table_is_the_last_runs_results(page: str) -> None:
    report = _report()
    result = json.loads(RESULTS.read_text(encoding="utf-8"))
    assert report.block(result) in (ROOT / page).read_text(encoding="utf-8"), (
        f"{page}: its benchmark table is not the one benchmarks/report.py writes from "
        "benchmarks/results/bench.json (run make bench, or python benchmarks/report.py)")


def test_every_row_has_its_baseline_and_the_machine_is_said() -> None:
    report = _report()
    result = json.loads(RESULTS.read_text(encoding="utf-8"))
    rows = report.rows(result)
    assert rows and all(len(row) == 6 for row in rows)
    measured_alone = [row[0] for row in rows if not row[2] and "letters/s" not in row[0]
                      and "peak memory" not in row[0]]
    assert not measured_alone, f"rows without a baseline measured in the same run: {measured_alone}"
    assert "cores" in report.render(result) and result["machine"]["cpus"]
