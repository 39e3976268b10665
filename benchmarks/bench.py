"""Measure c87 against baselines in one run, and print one table (also written as JSON).

    python benchmarks/bench.py [--sizes 100,1000,10000] [--out benchmarks/results]
    python benchmarks/bench.py --queries-only    # the query rows alone, into queries.json

What it measures, on this machine, in this run:

- the RDF step on the same facts: c87's writers (Turtle and N-Quads) beside a baseline
  that builds the same triples with plain rdflib (``Graph.add``, then
  ``serialize(format="turtle")``) and a floor that only serializes the same quads with
  pyoxigraph; the ratios of c87's time to each;
- ``c87 convert --jobs 1`` and ``--jobs 2`` end to end (extract, Turtle, N-Quads,
  complaint XML) on generated corpora of each size: letters per second and peak memory
  of the whole process tree;
- ``c87 load`` into the embedded store: triples per second; and each built-in query's
  latency on a store of about a million triples;
- each built-in query beside the same query as it was before the event summary (kept in
  ``tests/data/queries-before-summary/``), on stores of about one and ten million triples
  made by cloning the converted letters under new graph names and IRIs, loaded with
  pyoxigraph's bulk loader: the latencies and their ratio, and how much of the new
  query's time is the store's (its solutions read) and what printing its table takes;
- ``c87 --help`` start-up beside ``python -c pass``.

Timings are wall-clock on a shared machine: each is the best of a few runs where that is
cheap. Targets are in the README, with what this run gave.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
C87 = [sys.executable, "-m", "c87"]


def best(fn: Any, repeat: int = 5) -> float:
    """The shortest of ``repeat`` timings of ``fn()``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(command: list[str], **kwargs: Any) -> tuple[float, float, int]:
    """Run ``command``; return (seconds, peak MiB of its process tree, exit status)."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(command, **kwargs)
    parent = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                rss = parent.memory_info().rss + sum(
                    c.memory_info().rss for c in parent.children(recursive=True))
            except psutil.Error:
                rss = 0
            peak = max(peak, rss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = proc.wait()
    done.set()
    sampler.join()
    return time.perf_counter() - start, peak / 2**20, status


# -- the RDF step ----------------------------------------------------------------------------

def rdf_step(facts_list: list[Any]) -> dict[str, float]:
    """Seconds per letter of c87's writers, the rdflib baseline and the pyoxigraph floor."""
    import pyoxigraph as ox
    import rdflib

    from c87.output.rdf import facts_to_triples, serialize_many, to_rdflib

    built = [facts_to_triples(f) for f in facts_list]
    triples = sum(len(b.triples) for b in built)

    def c87_writers() -> None:
        for facts in facts_list:
            serialize_many(facts, ("ttl", "nq"))

    def rdflib_baseline() -> None:
        for case in built:
            graph = rdflib.Graph()
            for s, p, o in case.triples:
                graph.add((rdflib.URIRef(s), rdflib.URIRef(p), to_rdflib(o)))
            graph.serialize(format="turtle")

    def ox_term(o: Any) -> Any:
        if isinstance(o, str):
            return ox.NamedNode(o)
        if o.lang:
            return ox.Literal(o.value, language=o.lang)
        return ox.Literal(o.value, datatype=ox.NamedNode(o.datatype)) if o.datatype \
            else ox.Literal(o.value)

    quads = [[ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox_term(o), ox.NamedNode(case.name))
              for s, p, o in case.triples] for case in built]

    def oxigraph_floor() -> None:
        for case_quads in quads:
            ox.serialize(case_quads, format=ox.RdfFormat.N_QUADS)

    n = len(facts_list)
    out = {
        "letters": n,
        "triples": triples,
        "c87_ms_per_letter": best(c87_writers, 3) / n * 1000,
        "rdflib_ms_per_letter": best(rdflib_baseline, 3) / n * 1000,
        "oxigraph_floor_ms_per_letter": best(oxigraph_floor, 3) / n * 1000,
    }
    out["speedup_vs_rdflib"] = out["rdflib_ms_per_letter"] / out["c87_ms_per_letter"]
    out["ratio_to_floor"] = out["c87_ms_per_letter"] / out["oxigraph_floor_ms_per_letter"]
    return out


# -- end to end ------------------------------------------------------------------------------

def convert(corpus: Path, out: Path, jobs: int, validate: str | None = None
            ) -> dict[str, Any]:
    """``c87 convert`` of a corpus with ``jobs`` workers: rate and peak memory
    (``validate``: the ``--validate`` policy, default c87's)."""
    shutil.rmtree(out, ignore_errors=True)
    n = sum(1 for _ in corpus.iterdir())
    extra = ["--validate", validate] if validate else []
    seconds, mib, status = peak_memory(
        [*C87, "convert", str(corpus), "-o", str(out), "--to", "ttl,nq,xml", "--jobs",
         str(jobs), "--quiet", "--force", *extra], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    return {"letters": n, "jobs": jobs, "seconds": seconds, "letters_per_second": n / seconds,
            "peak_mib": mib, "exit_status": status, "validate": validate or "default"}


# -- stores and start-up ---------------------------------------------------------------------

def load_and_query(graphs: Path, store: Path) -> dict[str, Any]:
    """``c87 load`` of converted graphs into an embedded store, beside pyoxigraph's own bulk
    loader of the same N-Quads into a fresh store (the baseline), each in its own process
    with its peak memory, at a quarter of the graphs and at all of them (memory must stay
    flat); then each built-in query on the whole store."""
    files = sorted(graphs.glob("*.nq"))
    memory = []
    for part in (files[: max(1, len(files) // 4)], files):
        folder = store.parent / f"load-{len(part)}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for f in part:
            (folder / f.name).symlink_to(f)
        shutil.rmtree(store, ignore_errors=True)
        seconds, mib, _ = peak_memory([*C87, "load", str(folder), "--store", str(store)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bulk = store.parent / "bulk-store"
        shutil.rmtree(bulk, ignore_errors=True)
        joined = store.parent / "bulk.nq"  # one file, one bulk load: the loader at its best
        with joined.open("wb") as sink:
            for f in part:
                sink.write(f.read_bytes())
        script = ("import pyoxigraph as ox, sys; s = ox.Store(sys.argv[1]); "
                  "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS); s.optimize()")
        bulk_seconds, bulk_mib, _ = peak_memory([sys.executable, "-c", script, str(bulk),
                                                 str(joined)])
        joined.unlink()
        shutil.rmtree(bulk, ignore_errors=True)
        triples = sum(f.read_text(encoding="utf-8").count("\n") for f in part)
        memory.append({"letters": len(part), "triples": triples, "seconds": seconds,
                       "peak_mib": mib, "bulk_seconds": bulk_seconds, "bulk_peak_mib": bulk_mib})
    from c87.store import builtin_queries, open_store, run_query

    db = open_store(store=store)
    triples = int(db.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
                  .rows[0]["n"].value)
    latency = {}
    for name, query in builtin_queries().items():
        latency[name] = best(lambda query=query: run_query(db, query), 5) * 1000
    whole = memory[-1]
    return {"triples": triples, "load_seconds": whole["seconds"],
            "triples_per_second": whole["triples"] / whole["seconds"],
            "bulk_triples_per_second": whole["triples"] / whole["bulk_seconds"],
            "memory": memory, "query_ms": latency}


BEFORE_SUMMARY = ROOT / "tests" / "data" / "queries-before-summary"
"""The built-in queries as they were before they read the event summary."""


def clone_letters(graphs: Path, copies: range, out: Path) -> int:
    """Write to ``out`` the N-Quads of ``graphs`` (converted letters, one file each) once
    per number in ``copies``: copy 0 as it is, copy k with ``-k`` added to every case id
    (in IRIs, and the summaries' c87:summaryCaseId) and letter IRI, so that each copy is a
    letter graph of its own. Returns the quads."""
    letter = re.compile(r"(<https?://[^>]+/letter/[0-9a-f]{16})>")
    case_id = "<https://w3id.org/c87/ontology#summaryCaseId> "
    count = 0
    texts = [path.read_text(encoding="utf-8") for path in sorted(graphs.glob("*.nq"))]
    with out.open("w", encoding="utf-8") as sink:
        for k in copies:
            for text in texts:
                if k:
                    case = text[:text.index("\n")].rsplit(" ", 2)[1][1:-1]  # the graph name
                    named = case.rsplit("/", 1)[1]
                    text = (text.replace(f"<{case}>", f"<{case}-{k}>")
                            .replace(f"<{case}/", f"<{case}-{k}/")
                            .replace(f'{case_id}"{named}"', f'{case_id}"{named}-{k}"'))
                    text = letter.sub(rf"\1-{k}>", text)
                sink.write(text)
                count += text.count("\n")
    return count


def summary_queries(graphs: Path, work: Path, sizes: list[int],
                    repeat: int = 3) -> list[dict[str, Any]]:
    """Each built-in query, and the same query before the event summary, on stores of
    about each of ``sizes`` triples: ``graphs`` cloned (:func:`clone_letters`) into one
    embedded store, loaded with pyoxigraph's bulk loader, grown from one size to the next.
    Per size and query: the best of ``repeat`` runs of each (:func:`_time_queries`)."""
    import pyoxigraph as ox

    letters = len(list(graphs.glob("*.nq")))
    batch = sum(path.read_text(encoding="utf-8").count("\n") for path in graphs.glob("*.nq"))
    store, part = work / "summary-store", work / "summary-part.nq"
    shutil.rmtree(store, ignore_errors=True)
    out, copies = [], 0
    for size in sizes:
        wanted = max(1, round(size / batch))
        started = time.perf_counter()
        db = ox.Store(str(store))
        clone_letters(graphs, range(copies, wanted), part)
        db.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
        db.optimize()
        triples, copies = len(db), wanted
        del db  # closes it
        part.unlink()
        out.append({"triples": triples, "letters": copies * letters,
                    "setup_seconds": time.perf_counter() - started,
                    "queries": _time_queries(store, triples, repeat)})
    shutil.rmtree(store, ignore_errors=True)
    return out


def _time_queries(store: Path, triples: int, repeat: int) -> dict[str, dict[str, Any]]:
    """Each built-in query that read the letters before the event summary (those of
    :data:`BEFORE_SUMMARY`), and the same query before it, on ``store``: the
    best of ``repeat`` runs of ``run_query`` (as ``c87 query`` runs it, but for printing),
    the new query's time in the store alone (its solutions read, not converted), the time
    of printing its rows as ``c87 query`` does (a table), its rows, whether the old query
    gave the same rows, and the ratio of the old time to the new."""
    import pyoxigraph as ox

    from c87.store import EmbeddedStore, Query, builtin_queries, format_results, run_query

    found = {}
    raw = ox.Store.read_only(str(store))
    with EmbeddedStore(store, read_only=True) as db:
        for name, query in builtin_queries().items():
            if not (BEFORE_SUMMARY / f"{name}.rq").exists():
                continue  # a query the summary did not change (the case files' queries)
            old = Query.parse(name, (BEFORE_SUMMARY / f"{name}.rq").read_text("utf-8"))
            rows = run_query(db, query).rows
            same = rows == run_query(db, old).rows
            new_ms = best(lambda q=query: run_query(db, q), repeat) * 1000
            old_ms = best(lambda q=old: run_query(db, q), repeat) * 1000
            store_ms = best(lambda q=query: sum(1 for _ in raw.query(q.text)), repeat) * 1000
            answer = run_query(db, query)
            print_ms = best(lambda a=answer: format_results(a, "table"), repeat) * 1000
            found[name] = {"ms": new_ms, "store_ms": store_ms, "print_ms": print_ms,
                           "before_summary_ms": old_ms, "speed_up": old_ms / new_ms,
                           "rows": len(rows), "same_rows": same}
            print(f"at {triples:,} triples: {name} {new_ms:.0f} ms, before the summary "
                  f"{old_ms:.0f} ms", file=sys.stderr)
    return found


def startup() -> dict[str, float]:
    """``c87 --help`` and ``python -c pass``, best of ten, in seconds."""
    def run(cmd: list[str]) -> float:
        return best(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL), 10)

    return {"c87_help_s": run([*C87, "--help"]), "python_pass_s": run([sys.executable, "-c",
                                                                        "pass"])}


def store_graphs(work: Path, letters: int) -> Path:
    """The N-Quads of ``letters`` generated letters (seed 2, text only), converted by
    ``c87 convert``: what the store measures load and query."""
    import corpus

    graphs, texts = work / f"graphs-{letters}", work / "store-corpus"
    corpus.build(letters, texts, seed=2, pdf=0, docx=0)
    subprocess.run([*C87, "convert", str(texts), "-o", str(graphs), "--to", "nq",
                    "--quiet"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return graphs


def queries_only(letters: int, sizes: list[int], out: Path) -> int:
    """``--queries-only``: the built-in queries beside the queries before the summary
    (:func:`summary_queries`) alone, written to ``out/queries.json`` and printed; the
    benchmark's own results (bench.json) and the tables made from them are left as they
    are."""
    result: dict[str, Any] = run_header()
    with tempfile.TemporaryDirectory(prefix="c87-bench-") as tmp:
        work = Path(tmp)
        result["summary_queries"] = summary_queries(store_graphs(work, letters), work, sizes)
    out.mkdir(parents=True, exist_ok=True)
    (out / "queries.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("triples     query         rows  ms (store, print)    before the summary  same rows")
    for size in result["summary_queries"]:
        for name, q in size["queries"].items():
            print(f"{size['triples']:>10,}  {name:<12} {q['rows']:>6}  {q['ms']:7.1f} "
                  f"({q['store_ms']:.1f}, {q['print_ms']:.1f})  {q['before_summary_ms']:10.1f}"
                  f"          {q['same_rows']}")
    return 0


def run_header() -> dict[str, Any]:
    """What every results file opens with: the machine and when it ran."""
    return {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "platform": platform.platform()},
            "when": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--store-letters", type=int, default=1000,
                    help="letters loaded for the query latencies (about a million triples)")
    ap.add_argument("--summary-sizes", default="1000000,10000000",
                    help="triples of the stores on which the built-in queries are measured "
                         "beside the queries before the event summary ('' to skip)")
    ap.add_argument("--out", type=Path, default=HERE / "results")
    ap.add_argument("--queries-only", action="store_true",
                    help="only the queries on the summary sizes' stores, into queries.json")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    sys.path.insert(0, str(HERE))
    summary_sizes = [int(n) for n in args.summary_sizes.split(",") if n.strip()]
    if args.queries_only:
        return queries_only(args.store_letters, summary_sizes, args.out)
    import corpus
    from c87.input import read_letter
    from c87.mapper import extract

    result: dict[str, Any] = run_header()
    with tempfile.TemporaryDirectory(prefix="c87-bench-") as tmp:
        work = Path(tmp)
        sample = work / "sample"
        corpus.build(200, sample, seed=1, pdf=0, docx=0)
        facts = [extract(read_letter(p)) for p in sorted(sample.iterdir())]
        result["rdf_step"] = rdf_step(facts)
        result["convert"] = []
        for n in sizes:
            letters = work / f"corpus-{n}"
            corpus.build(n, letters)
            for jobs in (1, 2):
                row = convert(letters, work / f"out-{n}-{jobs}", jobs)
                if jobs == 1:  # the baseline: every complaint validated, as before
                    row["validate_all"] = convert(letters, work / f"out-{n}-all", 1, "all")
                result["convert"].append(row)
                print(f"convert n={n} jobs={jobs}: {row['letters_per_second']:.1f} letters/s, "
                      f"{row['peak_mib']:.0f} MiB", file=sys.stderr)
            shutil.rmtree(letters)
        graphs = store_graphs(work, args.store_letters)
        result["store"] = load_and_query(graphs, work / "store")
        if summary_sizes:
            result["summary_queries"] = summary_queries(graphs, work, summary_sizes)
        result["startup"] = startup()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "bench.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    import report

    report.write_tables(result)
    print(report.render(result))
    print(f"\n(written to {path}; the tables of README.md and docs/benchmarks.md from it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
