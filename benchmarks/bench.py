"""Measure c87 against baselines in one run, and print one table (also written as JSON).

    python benchmarks/bench.py [--sizes 100,1000,10000] [--out benchmarks/results]

What it measures, on this machine, in this run:

- the RDF step on the same facts: c87's writers (Turtle and N-Quads) beside a baseline
  that builds the same triples with plain rdflib (``Graph.add``, then
  ``serialize(format="turtle")``) and a floor that only serializes the same quads with
  pyoxigraph; the ratios of c87's time to each;
- ``c87 convert --jobs 1`` and ``--jobs 2`` end to end (extract, Turtle, N-Quads,
  complaint XML) on generated corpora of each size: letters per second and peak memory
  of the whole process tree;
- ``c87 load`` into a fresh embedded store beside pyoxigraph's own bulk loader
  (``Store.bulk_load`` of the same N-Quads, one file, into a fresh folder) in the same
  run, at two sizes: triples per second, the ratio, and the peak memory of each process
  (:func:`load_rows`); and each built-in query's latency on a store of about a million
  triples;
- each built-in query beside the same query as it was before the event summary (kept in
  ``tests/data/queries-before-summary/``), on stores of about one and ten million triples
  made by cloning the converted letters under new graph names and IRIs, loaded with
  pyoxigraph's bulk loader: the latencies and their ratio;
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

def convert(corpus: Path, out: Path, jobs: int) -> dict[str, float]:
    """``c87 convert`` of a corpus with ``jobs`` workers: rate and peak memory."""
    shutil.rmtree(out, ignore_errors=True)
    n = sum(1 for _ in corpus.iterdir())
    seconds, mib, status = peak_memory(
        [*C87, "convert", str(corpus), "-o", str(out), "--to", "ttl,nq,xml", "--jobs",
         str(jobs), "--quiet", "--force"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    return {"letters": n, "jobs": jobs, "seconds": seconds, "letters_per_second": n / seconds,
            "peak_mib": mib, "exit_status": status}


# -- stores and start-up ---------------------------------------------------------------------

def scaled_graphs(graphs: Path, letters: int, out: Path) -> Path:
    """``letters`` N-Quads files in ``out``, one a letter as ``c87 convert --to nq`` writes
    them: those of ``graphs``, and past their number copies of them with ``-k`` added to
    the case id and the letter IRI (as :func:`clone_letters` makes them), so that a size
    needs no more converting."""
    letter = re.compile(r"(<https?://[^>]+/letter/[0-9a-f]{16})>")
    files = sorted(graphs.glob("*.nq"))
    out.mkdir(parents=True, exist_ok=True)
    for i in range(letters):
        source, k = files[i % len(files)], i // len(files)
        text = source.read_text(encoding="utf-8")
        if k:
            case = text[:text.index("\n")].rsplit(" ", 2)[1][1:-1]  # the graph name
            text = letter.sub(rf"\1-{k}>", text.replace(f"<{case}>", f"<{case}-{k}>")
                              .replace(f"<{case}/", f"<{case}-{k}/"))
        (out / f"{source.stem}-{k}.nq").write_text(text, encoding="utf-8")
    return out


BULK_BASELINE = """\
import sys, pyoxigraph as ox
ox.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
"""


def load_rows(graphs: Path, work: Path, sizes: list[int], repeat: int = 2,
              ) -> list[dict[str, Any]]:
    """``c87 load`` of ``sizes`` letters' N-Quads (made from ``graphs`` by
    :func:`scaled_graphs`, a file a letter) into a fresh embedded store, beside
    pyoxigraph's bulk loader of the same N-Quads (one file) into a fresh folder, in turns,
    best of ``repeat``: triples per second of each, their ratio, and the peak memory of
    each process (the highest of its runs). One row a size; :func:`load_results` puts
    them where benchmarks/report.py reads them, :func:`load_table_rows` in the table this
    script prints."""
    rows = []
    target = work / "load-store"
    for letters in sizes:
        folder = scaled_graphs(graphs, letters, work / f"load-{letters}")
        joined = work / f"load-{letters}.nq"
        with joined.open("wb") as out:
            for path in sorted(folder.iterdir()):
                out.write(path.read_bytes())
        with joined.open("rb") as lines:
            triples = sum(1 for _ in lines)
        commands = {"c87": [*C87, "load", str(folder), "--store", str(target)],
                    "bulk": [sys.executable, "-c", BULK_BASELINE, str(target), str(joined)]}
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, command in commands.items():
                shutil.rmtree(target, ignore_errors=True)
                seconds, mib, status = peak_memory(command, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL)
                if status != 0:
                    raise RuntimeError(f"{name} load of {letters} letters: exit {status}")
                runs[name].append((seconds, mib))
        row: dict[str, Any] = {"letters": letters, "triples": triples}
        for name, measured in runs.items():
            row[f"{name}_seconds"] = min(seconds for seconds, _ in measured)
            row[f"{name}_triples_per_second"] = triples / row[f"{name}_seconds"]
            row[f"{name}_peak_mib"] = max(mib for _, mib in measured)
        row["ratio_to_bulk"] = row["c87_triples_per_second"] / row["bulk_triples_per_second"]
        rows.append(row)
        shutil.rmtree(folder)
        joined.unlink()
    shutil.rmtree(target, ignore_errors=True)
    return rows


def load_results(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What benchmarks/report.py reads in ``result["store"]`` from the rows of
    :func:`load_rows`: c87's and the bulk loader's speed at the first size, and each
    size's peak memory beside the bulk loader's."""
    first = rows[0]
    return {"load_letters": first["letters"], "load_triples": first["triples"],
            "triples_per_second": first["c87_triples_per_second"],
            "bulk_triples_per_second": first["bulk_triples_per_second"],
            "memory": [{"letters": r["letters"], "triples": r["triples"],
                        "peak_mib": r["c87_peak_mib"], "bulk_peak_mib": r["bulk_peak_mib"]}
                       for r in rows]}


def load_table_rows(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The rows of :func:`load_rows` as (measure, value, target) rows of the table."""
    out = []
    for r in rows:
        n, t = r["letters"], f"{r['triples']:,}"
        out += [
            (f"load {n} letters ({t} triples): c87, triples/s",
             f"{r['c87_triples_per_second']:,.0f}", ">= 100,000"),
            (f"load {n} letters: pyoxigraph bulk_load, triples/s",
             f"{r['bulk_triples_per_second']:,.0f}", ""),
            (f"load {n} letters: c87 / pyoxigraph bulk_load", f"{r['ratio_to_bulk']:.2f}x",
             ">= 0.5x"),
            (f"load {n} letters: c87 peak MiB (bulk_load's)",
             f"{r['c87_peak_mib']:.0f} ({r['bulk_peak_mib']:.0f})", "<= 200"),
        ]
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        out.append((f"load peak memory, {last['letters']} / {first['letters']} letters",
                    f"{last['c87_peak_mib'] / first['c87_peak_mib']:.2f}x", "flat"))
    return out


def load_and_query(graphs: Path, store: Path) -> dict[str, Any]:
    """``c87 load`` of converted graphs into an embedded store, then each built-in query."""
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([*C87, "load", str(graphs), "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    from c87.store import builtin_queries, open_store, run_query

    db = open_store(store=store, read_only=True)
    triples = int(db.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
                  .rows[0]["n"].value)
    latency = {}
    for name, query in builtin_queries().items():
        latency[name] = best(lambda query=query: run_query(db, query), 5) * 1000
    db.close()
    return {"triples": triples, "load_seconds": seconds,
            "triples_per_second": triples / seconds, "query_ms": latency}


BEFORE_SUMMARY = ROOT / "tests" / "data" / "queries-before-summary"
"""The built-in queries as they were before they read the event summary."""


def clone_letters(graphs: Path, copies: range, out: Path) -> int:
    """Write to ``out`` the N-Quads of ``graphs`` (converted letters, one file each) once
    per number in ``copies``: copy 0 as it is, copy k with ``-k`` added to every case id
    and letter IRI, so that each copy is a letter graph of its own. Returns the quads."""
    letter = re.compile(r"(<https?://[^>]+/letter/[0-9a-f]{16})>")
    count = 0
    texts = [path.read_text(encoding="utf-8") for path in sorted(graphs.glob("*.nq"))]
    with out.open("w", encoding="utf-8") as sink:
        for k in copies:
            for text in texts:
                if k:
                    case = text[:text.index("\n")].rsplit(" ", 2)[1][1:-1]  # the graph name
                    text = (text.replace(f"<{case}>", f"<{case}-{k}>")
                            .replace(f"<{case}/", f"<{case}-{k}/"))
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
    """Each built-in query and the same query before the event summary on ``store``: the
    best of ``repeat`` runs of ``run_query`` (as ``c87 query`` runs it, but for printing),
    the new query's time in the store alone (its solutions read, not converted), its rows,
    whether the old query gave the same rows, and the ratio of the old time to the new."""
    import pyoxigraph as ox

    from c87.store import EmbeddedStore, Query, builtin_queries, run_query

    found = {}
    raw = ox.Store.read_only(str(store))
    with EmbeddedStore(store, read_only=True) as db:
        for name, query in builtin_queries().items():
            old = Query.parse(name, (BEFORE_SUMMARY / f"{name}.rq").read_text("utf-8"))
            rows = run_query(db, query).rows
            same = rows == run_query(db, old).rows
            new_ms = best(lambda q=query: run_query(db, q), repeat) * 1000
            old_ms = best(lambda q=old: run_query(db, q), repeat) * 1000
            store_ms = best(lambda q=query: sum(1 for _ in raw.query(q.text)), repeat) * 1000
            found[name] = {"ms": new_ms, "store_ms": store_ms, "before_summary_ms": old_ms,
                           "speed_up": old_ms / new_ms, "rows": len(rows), "same_rows": same}
            print(f"at {triples:,} triples: {name} {new_ms:.0f} ms, before the summary "
                  f"{old_ms:.0f} ms", file=sys.stderr)
    return found


def startup() -> dict[str, float]:
    """``c87 --help`` and ``python -c pass``, best of ten, in seconds."""
    def run(cmd: list[str]) -> float:
        return best(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL), 10)

    return {"c87_help_s": run([*C87, "--help"]), "python_pass_s": run([sys.executable, "-c",
                                                                        "pass"])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--store-letters", type=int, default=1000,
                    help="letters loaded for the query latencies (about a million triples)")
    ap.add_argument("--summary-sizes", default="1000000,10000000",
                    help="triples of the stores on which the built-in queries are measured "
                         "beside the queries before the event summary ('' to skip)")
    ap.add_argument("--load-sizes", default="1000,2000",
                    help="letters loaded beside pyoxigraph's bulk loader (past --store-letters "
                         "the converted letters are copied under other case IRIs)")
    ap.add_argument("--out", type=Path, default=HERE / "results")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    sys.path.insert(0, str(HERE))
    import corpus
    from c87.input import read_letter
    from c87.mapper import extract

    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
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
                result["convert"].append(row)
                print(f"convert n={n} jobs={jobs}: {row['letters_per_second']:.1f} letters/s, "
                      f"{row['peak_mib']:.0f} MiB", file=sys.stderr)
            shutil.rmtree(letters)
        graphs = work / f"graphs-{args.store_letters}"
        letters = work / "store-corpus"
        corpus.build(args.store_letters, letters, seed=2, pdf=0, docx=0)
        subprocess.run([*C87, "convert", str(letters), "-o", str(graphs), "--to", "nq",
                        "--quiet"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        result["store"] = load_and_query(graphs, work / "store")
        summary_sizes = [int(n) for n in args.summary_sizes.split(",") if n.strip()]
        if summary_sizes:
            result["summary_queries"] = summary_queries(graphs, work, summary_sizes)
        result["load"] = load_rows(graphs, work,
                                   [int(n) for n in args.load_sizes.split(",")])
        result["store"].update(load_results(result["load"]))
        result["startup"] = startup()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "bench.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\n(written to {path})")
    return 0


def table(r: dict[str, Any]) -> str:
    """The results as one readable table, with the targets beside them."""
    rdf = r["rdf_step"]
    rows = [
        ("RDF step, c87 (ttl+nq), ms/letter", f"{rdf['c87_ms_per_letter']:.2f}", ""),
        ("RDF step, rdflib baseline, ms/letter", f"{rdf['rdflib_ms_per_letter']:.2f}", ""),
        ("RDF step, pyoxigraph floor, ms/letter",
         f"{rdf['oxigraph_floor_ms_per_letter']:.2f}", ""),
        ("RDF step speed-up over rdflib", f"{rdf['speedup_vs_rdflib']:.1f}x", ">= 5x"),
        ("RDF step / pyoxigraph floor", f"{rdf['ratio_to_floor']:.2f}x", "<= 3x"),
    ]
    by = {(c["letters"], c["jobs"]): c for c in r["convert"]}
    for (n, jobs), c in sorted(by.items()):
        rows.append((f"convert {n} letters, --jobs {jobs}, letters/s",
                     f"{c['letters_per_second']:.1f}", ">= 100/worker" if jobs == 1 else ""))
        rows.append((f"convert {n} letters, --jobs {jobs}, peak MiB", f"{c['peak_mib']:.0f}",
                     ""))
    sizes = sorted({n for n, _ in by})
    for n in sizes:
        if (n, 1) in by and (n, 2) in by:
            ratio = by[(n, 2)]["letters_per_second"] / by[(n, 1)]["letters_per_second"]
            rows.append((f"--jobs 2 / --jobs 1 at {n}", f"{ratio:.2f}x", ">= 1.7x"))
    if len(sizes) > 1 and (sizes[0], 1) in by and (sizes[-1], 1) in by:
        rows.append((f"peak memory {sizes[-1]} / {sizes[0]} letters",
                     f"{by[(sizes[-1], 1)]['peak_mib'] / by[(sizes[0], 1)]['peak_mib']:.2f}x",
                     "<= 1.5x"))
    store = r["store"]
    rows.append((f"load {store['triples']:,} triples for the queries, triples/s",
                 f"{store['triples_per_second']:,.0f}", ""))
    rows += load_table_rows(r.get("load", []))
    for name, ms in store["query_ms"].items():
        rows.append((f"query {name} at {store['triples']:,} triples, ms", f"{ms:.1f}",
                     "< 100"))
    rows += summary_rows(r.get("summary_queries", []))
    s = r["startup"]
    rows.append(("c87 --help, s", f"{s['c87_help_s']:.3f}", "< 0.15"))
    rows.append(("python -c pass, s", f"{s['python_pass_s']:.3f}", ""))
    width = max(len(a) for a, _, _ in rows)
    lines = [f"{'measure':<{width}}  {'value':>12}  target", "-" * (width + 24)]
    lines += [f"{a:<{width}}  {b:>12}  {c}" for a, b, c in rows]
    m = r["machine"]
    lines.append(f"\nmachine: {m['cpus']} cores, Python {m['python']}, {m['platform']}")
    return "\n".join(lines)


def summary_rows(sizes: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The rows of :func:`summary_queries`: each query at each size, and its ratio to the
    query before the event summary."""
    rows = []
    for size in sizes:
        n = size["triples"]
        target = "<= 100" if n < 5_000_000 else "<= 1,000"
        for name, q in size["queries"].items():
            same = "" if q["same_rows"] else " (rows differ!)"
            rows.append((f"query {name} at {n:,} triples (summary), ms", f"{q['ms']:.0f}",
                         target))
            rows.append((f"  before the summary, ms; speed-up{same}",
                         f"{q['before_summary_ms']:.0f}", f"{q['speed_up']:.1f}x"))
    return rows


if __name__ == "__main__":
    sys.exit(main())
