"""Where ``c87 convert`` spends its time: one batch in this process, stage by stage.

    python benchmarks/stages.py [--letters 300] [--to ttl,nq,xml] [--validate sample|all]
                                [--cprofile FILE]

Generates a corpus (``benchmarks/corpus.py``, 80% .txt, 10% .pdf, 10% .docx), converts it
once to warm the caches (schemas, lemma dictionaries), then converts it again with
``convert_batch`` in this process (``--jobs 1``) and prints, for each stage, the
milliseconds a letter and the share of the run: two ways, with a clock around each
stage's function (wall time; nested stages are parts of their parent) and with cProfile
(the cumulative time of the same functions; cProfile slows Python code more than the C
code of lxml and pyoxigraph, so its shares lean towards the Python stages).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import os
import platform
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# (label, module, function, parent label): the function is wrapped where the caller
# looks it up (the module that imported it by name).
STAGES = [
    ("read the file (txt, pdf, docx)", "c87.pipeline.convert", "read_letter", None),
    ("read the file (txt, pdf, docx)", "c87.pipeline.convert", "read_input", None),
    ("read the file (txt, pdf, docx)", "c87.pipeline.convert", "read_letter_bytes", None),
    ("extraction", "c87.pipeline.convert", "read_letter_facts", None),
    ("page: header, language, genre", "c87.mapper.assemble", "_read_page", "extraction"),
    ("letter fields, country", "c87.mapper.assemble", "_letter_fields", "extraction"),
    ("actors", "c87.mapper.assemble", "find_actors", "extraction"),
    ("parties", "c87.mapper.assemble", "_add_parties", "extraction"),
    ("dates", "c87.mapper.assemble", "_dates", "extraction"),
    ("sentences", "c87.mapper.assemble", "_account", "extraction"),
    ("events", "c87.mapper.assemble", "read_events", "extraction"),
    ("event assembly", "c87.mapper.assemble", "_events", "extraction"),
    ("RDF (ttl, nq)", "c87.pipeline.convert", "serialize_many", None),
    ("complaint xml", "c87.pipeline.convert", "serialize_complaint", None),
    ("facts checks", "c87.output.complaint", "facts_problems", "complaint xml"),
    ("complaint model", "c87.output.complaint", "make_complaint", "complaint xml"),
    ("complaint tree", "c87.output.complaint", "_Writer.build", "complaint xml"),
    ("complaint bytes", "c87.output.complaint", "document_bytes", "complaint xml"),
    ("schema validation", "c87.output.complaint", "_check_valid", "complaint xml"),
    ("schema validation", "c87.output.complaint", "complaint_errors", "complaint xml"),
    ("writing files", "c87.pipeline.convert", "atomic_write", None),
]


_ACTIVE: set[str] = set()


def _clocked(label: str, fn: Callable[..., Any], spent: dict[str, float]) -> Callable[..., Any]:
    """``fn``, its time added to its stage's (once, when it runs inside its own stage)."""
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        if label in _ACTIVE:
            return fn(*args, **kwargs)
        _ACTIVE.add(label)
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start
            _ACTIVE.discard(label)
    return timed


VALIDATE = "sample"  # as c87 convert does by default; set from --validate


def _run(letters: Path, out: Path, formats: tuple[str, ...]) -> float:
    from c87.pipeline.convert import Settings, convert_batch

    sample = {"validate": VALIDATE} if "validate" in Settings.__dataclass_fields__ else {}
    settings = Settings(formats=formats, base="https://w3id.org/c87/", **sample)
    start = time.perf_counter()
    report = convert_batch([str(letters)], out, settings, jobs=1, force=True)
    assert not report.failures, report.failures
    return time.perf_counter() - start


def _where(module: str, name: str) -> tuple[Any, str]:
    """The object that holds ``name`` (``Class.method``: the class) and its last part."""
    holder: Any = importlib.import_module(module)
    *path, last = name.split(".")
    for part in path:
        holder = getattr(holder, part)
    return holder, last


def wall(letters: Path, out: Path, formats: tuple[str, ...]) -> tuple[float, dict[str, float]]:
    spent: dict[str, float] = defaultdict(float)
    saved = []
    for label, module, name, _ in STAGES:
        holder, last = _where(module, name)
        if hasattr(holder, last):  # each tree has its own way of reading a file
            saved.append((holder, last, getattr(holder, last)))
            setattr(holder, last, _clocked(label, getattr(holder, last), spent))
    try:
        total = _run(letters, out, formats)
    finally:
        for mod, name, fn in saved:
            setattr(mod, name, fn)
    return total, spent


def profiled(letters: Path, out: Path, formats: tuple[str, ...],
             keep: Path | None) -> tuple[float, dict[str, float]]:
    profile = cProfile.Profile()
    profile.enable()
    total = _run(letters, out, formats)
    profile.disable()
    if keep:
        profile.dump_stats(str(keep))
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    spent: dict[str, float] = defaultdict(float)
    for label, module, name, _ in STAGES:
        holder, last = _where(module, name)
        fn = getattr(holder, last, None)
        code = getattr(fn, "__code__", None)
        for (file, line, func), (_, _, _, cum, _) in stats.items():
            if code and func == code.co_name and file == code.co_filename \
                    and line == code.co_firstlineno:
                spent[label] += cum
    return total, spent


def table(n: int, runs: list[tuple[str, float, dict[str, float]]]) -> str:
    """A Markdown table: each stage's ms a letter and share of the run, for each run."""
    rows: list[tuple[str, list[float]]] = []
    for i, (label, _, _, parent) in enumerate(STAGES):
        if i and STAGES[i - 1][0] == label:
            continue  # another function of the same stage
        rows.append((("- " if parent else "") + label, [s[label] for _, _, s in runs]))
        following = STAGES[i + 1][3] if i + 1 < len(STAGES) else None
        if parent and following != parent:  # the last part of its parent
            rows.append((f"- the rest of {parent}",
                         [s[parent] - sum(s[c] for c in dict.fromkeys(
                             c for c, _, _, p in STAGES if p == parent))
                          for _, _, s in runs]))
    tops = list(dict.fromkeys(label for label, _, _, p in STAGES if not p))
    rows.append(("the rest (manifest, case ids, the loop)",
                 [t - sum(s[label] for label in tops) for _, t, s in runs]))
    rows.append(("total", [t for _, t, _ in runs]))
    lines = ["| stage | " + " | ".join(f"{name}: ms a letter (share)" for name, _, _ in runs)
             + " |", "| --- |" + " --- |" * len(runs)]
    for label, values in rows:
        cells = [f"{v / n * 1000:.2f} ({v / t:.0%})"
                 for v, (_, t, _) in zip(values, runs, strict=True)]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=int, default=300)
    ap.add_argument("--to", default="ttl,nq,xml")
    ap.add_argument("--validate", choices=("sample", "all"), default="sample",
                    help="which complaints are validated (all: every one, as before "
                         "--validate; a tree without it validates every one)")
    ap.add_argument("--cprofile", type=Path, default=None,
                    help="also keep the cProfile statistics in this file")
    args = ap.parse_args()
    global VALIDATE
    VALIDATE = args.validate
    sys.path.insert(0, str(HERE))
    import corpus

    formats = tuple(args.to.split(","))
    with tempfile.TemporaryDirectory(prefix="c87-stages-") as tmp:
        letters = Path(tmp) / "letters"
        corpus.build(args.letters, letters)
        _run(letters, Path(tmp) / "warm", formats)
        wall_total, wall_spent = wall(letters, Path(tmp) / "wall", formats)
        prof_total, prof_spent = profiled(letters, Path(tmp) / "prof", formats, args.cprofile)
    print(f"{args.letters} letters, --to {args.to}, --validate {args.validate}, --jobs 1, "
          "in this process; "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}, {time.strftime('%Y-%m-%d %H:%M %Z')}\n")
    print(table(args.letters, [("wall clock", wall_total, wall_spent),
                               ("cProfile", prof_total, prof_spent)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
