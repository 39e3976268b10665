"""The embedded store keeps its promise under real processes (issue 15, item 1): a load
killed with SIGKILL at any point, a load that fails halfway, or two loads at once leave
every graph whole, and the store in the state before a write or the one after it, never a
mix. No mocks: ``c87 load`` runs as its own process on thousands of graphs.

The graphs are made fast: one converted letter's N-Quads (the facts of valid.yaml,
about 140 triples), cloned under other case IRIs, rather than thousands of letters
converted.
Nothing here measures time or memory: the benchmark does (benchmarks/bench.py).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from c87 import store as st
from c87.errors import ContentError
from c87.input.facts import load_facts
from c87.output.rdf import serialize

from .conftest import DATA, ROOT

VALID = DATA / "facts" / "valid.yaml"
TEMPLATE = "atomic-template"
BASE = "https://w3id.org/c87/id/case/"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "C87_STORE": "", "C87_ENDPOINT": "",
       "C87_STORE_WAIT": "600"}

State = dict[str, int]
"""Case id -> triples of its graph: what a store holds, or should."""


def clone_letters(folder: Path, cases: Iterable[int], *, version: str | None = None) -> State:
    """Write one N-Quads file per case (``atomic-00042``), each the graph of one letter;
    ``version`` adds a triple that tells one version of a graph from another. The
    triples each file holds, by case."""
    template = serialize(load_facts(VALID), "nq", case=TEMPLATE)
    folder.mkdir(parents=True)
    held = {}
    for number in cases:
        case = f"atomic-{number:05d}"
        data = template.replace(f"/case/{TEMPLATE}".encode(), f"/case/{case}".encode())
        if version is not None:
            iri = f"<{BASE}{case}>".encode()
            data += iri + b' <https://example.org/version> "' + version.encode() + b'" ' + \
                iri + b" .\n"
        (folder / f"{case}.nq").write_bytes(data)
        held[case] = data.count(b"\n")
    return held


def holds(store: Path) -> State:
    """What the store holds: each graph's triples, counted by the store."""
    with st.EmbeddedStore(store, read_only=True) as embedded:
        found = embedded.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                "GROUP BY ?g")
    return {row["g"].value.removeprefix(BASE): int(row["n"].value) for row in found.rows}


def load(store: Path, *inputs: Path, env: dict[str, str] | None = None,
         ) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "c87", "load", *map(str, inputs),
                             "--store", str(store)], env={**ENV, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def generations(store: Path) -> list[str]:
    return sorted(p.name for p in store.iterdir() if p.is_dir())


class Watch:
    """Reads a load's standard error as it comes, and notes when it says how far it is."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.progress = threading.Event()
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self.lines.append(line)
            if "loading:" in line:
                self.progress.set()


def kill_when(process: subprocess.Popen[str], store: Path, how: str, delay: float) -> None:
    """SIGKILL ``process``: ``delay`` seconds after it starts (``delay``: most likely while
    it reads its inputs), or after it starts writing the next generation (``writing``), or
    as soon as it first says how far it is (``progress``: halfway through its bulk loads),
    or as soon as the store's generation file changes (``switch``: the new generation is
    live, the old one not yet removed); not at all if it ends first."""
    watch = Watch(process)
    pointer = store / "generation"
    before = pointer.read_text()
    started, writing = time.monotonic(), None
    while process.poll() is None:
        now = time.monotonic()
        if writing is None and len(generations(store)) > 1:
            writing = now
        if how == "delay" and now - started >= delay:
            break
        if how == "writing" and writing is not None and now - writing >= delay:
            break
        if how == "progress" and watch.progress.is_set():
            break
        if how == "switch" and pointer.read_text() != before:
            break
        time.sleep(0.005)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    watch.thread.join(timeout=10)


def test_a_load_killed_at_any_point_leaves_the_old_graphs_or_the_new_ones(
        tmp_path: Path) -> None:
    """10,000 letters' graphs loaded, then loads that replace half of them and add as many
    again, killed with SIGKILL at varied points: each time the store holds exactly the
    graphs before the load or exactly those after it, each whole."""
    first = clone_letters(tmp_path / "first", range(10_000))
    second = clone_letters(tmp_path / "second", range(5_000, 15_000), version="second")
    store = tmp_path / "store"
    initial = load(store, tmp_path / "first")
    assert initial.wait(timeout=900) == 0, initial.stderr.read()  # type: ignore[union-attr]
    state = first
    assert holds(store) == state
    rng = random.Random(15)
    plans = [("delay", rng.uniform(1, 5)), ("writing", rng.uniform(0, 2)), ("progress", 0.0),
             ("switch", 0.0)]
    outcomes = []
    for how, delay in plans:
        # the load that changes the store: the second version, or the first one back
        name, graphs = ("second", second) if state["atomic-05000"] == first[
            "atomic-05000"] else ("first", first)
        after = {**state, **graphs}
        process = load(store, tmp_path / name)
        kill_when(process, store, how, delay)
        found = holds(store)
        assert found in (state, after), (how, delay, process.returncode, outcomes)
        outcomes.append((how, process.returncode, "after" if found == after else "before"))
        state = found
    # whatever a killed load left is not read, and the next writer removes it
    removed = subprocess.run([sys.executable, "-m", "c87", "store", "remove", "atomic-00000",
                              "--store", str(store)], env=ENV, capture_output=True, text=True,
                             timeout=600)
    assert removed.returncode == 0, removed.stderr
    assert holds(store) == {c: n for c, n in state.items() if c != "atomic-00000"}, outcomes
    live = (store / "generation").read_text().strip()
    assert sorted(p.name for p in store.iterdir()) == sorted(["LOCK", "generation", live]), \
        outcomes


def test_two_loads_at_once_each_leave_their_graphs_whole(tmp_path: Path) -> None:
    """Two c87 load processes into one store, their graphs overlapping: the second waits
    for the first (C87_STORE_WAIT), and the store holds what one and then the other
    wrote; or, told not to wait, it gives up cleanly with exit status 4."""
    one = clone_letters(tmp_path / "one", range(0, 2_000))
    other = clone_letters(tmp_path / "other", range(1_000, 3_000), version="other")
    for wait, store in [("600", tmp_path / "waits"), ("0", tmp_path / "gives-up")]:
        first = load(store, tmp_path / "one")
        second = load(store, tmp_path / "other", env={"C87_STORE_WAIT": wait})
        outcomes = [(p.wait(timeout=900), p.stderr.read())  # type: ignore[union-attr]
                    for p in (first, second)]
        for status, err in outcomes:
            assert status == 0 or (status == 4 and "is in use by another process" in err), err
        done = [state for (status, _), state in zip(outcomes, (one, other), strict=True)
                if status == 0]
        assert done, outcomes
        found = holds(store)
        orders = [{**done[0], **done[-1]}, {**done[-1], **done[0]}]
        assert found in orders, [s for s, _ in outcomes]
        if wait == "600":
            assert [s for s, _ in outcomes] == [0, 0]


def test_a_load_that_fails_halfway_through_its_batches_changes_nothing(
        tmp_path: Path) -> None:
    """Graphs enough for several bulk loads, the last one broken: the store is as it was,
    and nothing of the attempt is left on disk."""
    store = tmp_path / "store"
    before = clone_letters(tmp_path / "before", range(10))
    assert load(store, tmp_path / "before").wait(timeout=300) == 0
    graphs = [g for path in sorted((tmp_path / "before").iterdir())
              for g in st.graphs_from_rdf(path)]
    many = [st.GraphData(f"{BASE}many-{n}", graphs[0].ntriples.replace(
        b"atomic-00000", f"many-{n}".encode()), graphs[0].triples, "clone")
        for n in range(1_000)]  # over 100,000 triples: three bulk loads
    broken = st.GraphData(f"{BASE}broken", b'<a> <b> "never closed .\n', 1, "broken")
    listing = sorted(p.name for p in store.iterdir())
    with st.EmbeddedStore(store) as embedded, pytest.raises(ContentError,
                                                            match="cannot be loaded"):
        embedded.replace([*many, broken])
    assert holds(store) == before
    assert sorted(p.name for p in store.iterdir()) == listing


def test_loading_again_gives_the_same_store_and_removal_works(tmp_path: Path) -> None:
    """Idempotent: the same inputs twice give the same quads, one generation on disk;
    removing a letter takes out its graph and nothing else, a replacement too."""
    store = tmp_path / "store"
    letters = clone_letters(tmp_path / "letters", range(300))
    assert load(store, tmp_path / "letters").wait(timeout=300) == 0
    with st.EmbeddedStore(store, read_only=True) as embedded:
        quads = set(embedded._db)
    assert load(store, tmp_path / "letters").wait(timeout=300) == 0
    with st.EmbeddedStore(store, read_only=True) as embedded:
        assert set(embedded._db) == quads
    assert len(generations(store)) == 1
    removed = subprocess.run([sys.executable, "-m", "c87", "store", "remove", "atomic-00007",
                              "atomic-00123", "--store", str(store)], env=ENV,
                             capture_output=True, text=True, timeout=300)
    assert removed.returncode == 0, removed.stderr
    left = {c: n for c, n in letters.items() if c not in ("atomic-00007", "atomic-00123")}
    assert holds(store) == left
    changed = clone_letters(tmp_path / "changed", [5], version="changed")
    assert load(store, tmp_path / "changed").wait(timeout=300) == 0
    assert holds(store) == {**left, **changed}
    assert len(generations(store)) == 1


def test_a_store_an_earlier_c87_made_is_read_then_moved_into_generations(
        tmp_path: Path) -> None:
    """A store in the folder itself, as c87 kept it before, its last writes only in
    RocksDB's log (its writer never flushed): read as it is, and its first write copies
    it into the first generation, nothing lost."""
    import pyoxigraph as ox

    store = tmp_path / "store"
    letters = clone_letters(tmp_path / "letters", range(3))
    written = subprocess.run(
        [sys.executable, "-c", "import os, sys, pyoxigraph as ox\n"
         "db = ox.Store(sys.argv[1])\n"
         "for path in sys.argv[2:]:\n"
         "    db.load(open(path, 'rb').read(), ox.RdfFormat.N_QUADS)\n"
         "os._exit(0)  # no flush, no close\n", str(store),
         *map(str, sorted((tmp_path / "letters").iterdir()))], timeout=120)
    assert written.returncode == 0 and (store / "CURRENT").exists()
    assert holds(store) == letters
    more = clone_letters(tmp_path / "more", [3])
    assert load(store, tmp_path / "more").wait(timeout=300) == 0
    assert holds(store) == {**letters, **more}
    assert sorted(p.name for p in store.iterdir()) == ["LOCK", "g000002", "generation"]
    with st.EmbeddedStore(store, read_only=True) as embedded:
        assert embedded.generation == store / "g000002"
    # the live generation is an Oxigraph store that Oxigraph's own tools can read
    assert len(list(ox.Store.read_only(str(store / "g000002")).named_graphs())) == 4
