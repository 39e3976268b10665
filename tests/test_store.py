"""Triple stores: load, replace, remove, query; the embedded store and real servers.

The embedded Oxigraph store runs in a temporary folder per test. The servers are started
once per session on free loopback ports with fresh databases in temporary folders, and
stopped at the end: Virtuoso (``virtuoso-t``, Debian's virtuoso-opensource-7-bin) with a
user that has SPARQL_UPDATE rights behind digest authentication, and Oxigraph server
(``oxigraph``, the package of the test extra) without authentication. A server whose
program is not installed is skipped, or fails the suite when CI=true.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from c87 import store as st
from c87.cli import cli
from c87.errors import ContentError, StoreError, UsageError
from c87.input.facts import load_facts
from c87.output.rdf import serialize

from .conftest import DATA, LETTERS, REFERENCE_LETTER, ROOT

REFERENCE = DATA / "facts" / "reference.yaml"
VALID = DATA / "facts" / "valid.yaml"
CASE = "ituc-2020-06-18-perc-htur"
CASE_IRI = f"https://w3id.org/c87/id/case/{CASE}"
INJECTION = '"} ; DROP ALL ; #'
NO_NETRC = {"NETRC": "/nonexistent/netrc", "C87_SPARQL_USER": None,
            "C87_SPARQL_PASSWORD": None, "C87_SPARQL_AUTH": None, "C87_ENDPOINT": None,
            "C87_SERVER": None, "C87_STORE": None}
"""An environment with no credentials and no store set, whatever the caller's is."""


# -- helpers ---------------------------------------------------------------------------------

def c87(*args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    """Run the CLI in-process; stdout and stderr apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], env={**NO_NETRC, **(env or {})},
                              catch_exceptions=False)


def rows(result: Result) -> list[list[str]]:
    """The rows of CSV output, header first."""
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def info(*target: str | Path, env: dict[str, str | None] | None = None) -> dict[str, Any]:
    result = c87("store", "info", "--format", "json", *target, env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def counts(*target: str | Path, env: dict[str, str | None] | None = None) -> dict[str, int]:
    """Case id -> triples, and the ontology's, of a store."""
    found = info(*target, env=env)
    return {**{r["case"]: r["triples"] for r in found["letters"]},
            "ontology": found["ontology_triples"]}


@cache
def reference_nq() -> bytes:
    return serialize(load_facts(REFERENCE), "nq")


def write_reference(folder: Path, fmt: str = "nq", name: str | None = None) -> Path:
    path = folder / (name or f"{CASE}.{fmt}")
    path.write_bytes(serialize(load_facts(REFERENCE), fmt))
    return path


def other_letter(folder: Path) -> Path:
    """The facts of valid.yaml as another letter (it shares the reference's case id)."""
    path = folder / "other.nq"
    path.write_bytes(serialize(load_facts(VALID), "nq", case="other-letter"))
    return path


# -- servers ---------------------------------------------------------------------------------

@dataclass
class Server:
    """A SPARQL server the tests started: how the CLI reaches it, and with what."""

    name: str
    target: list[str]
    env: dict[str, str | None] = field(default_factory=dict)
    secret: str | None = None
    isql: list[str] | None = None
    """Virtuoso's SQL client, as its administrator: for what only it does (the bulk loader)."""
    folder: Path | None = None
    """A folder the server may read files from (Virtuoso's DirsAllowed)."""

    def run(self, *args: str | Path, env: dict[str, str | None] | None = None) -> Result:
        result = c87(*args, *self.target, env={**self.env, **(env or {})})
        if self.secret:
            assert self.secret not in result.stdout + result.stderr
        return result

    def reset(self) -> None:
        """Remove every c87 graph (letters and ontology) from the server."""
        found = info(*self.target, env=self.env)
        graphs = [r["graph"] for r in found["letters"]] + [st.ONTOLOGY_GRAPH]
        user, password = self.env.get("C87_SPARQL_USER"), self.env.get("C87_SPARQL_PASSWORD")
        credentials = st.Credentials(user, password, "test") if user and password else None
        endpoints = st.Endpoints.of(self.target[1], self.target[3])
        with st.RemoteStore(endpoints, credentials=credentials, timeout=30) as remote:
            remote.drop(graphs)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unavailable(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (CI=true: make test installs it)")
    pytest.skip(what)


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited ({process.returncode}):\n"
                               + log.read_text(errors="replace")[-3000:])
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url}: no answer within {seconds:g} s:\n"
                       + log.read_text(errors="replace")[-3000:])


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
NumberOfBuffers = 4000
MaxDirtyBuffers = 3000
ThreadsPerQuery = 2
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 6
ServerThreads = 6
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso on loopback, its SPARQL endpoints behind digest authentication."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        _unavailable("Virtuoso is not installed (virtuoso-t, isql-vt: Debian's "
                     "virtuoso-opensource-7-bin)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http))
    log = folder / "out.log"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "+configfile", "virtuoso.ini", "+foreground"],
                                   cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_http(f"http://127.0.0.1:{http}/sparql", process, log, 60)
        password = secrets.token_urlsafe(12)
        statements = (f"DB.DBA.USER_CREATE('c87test', '{password}'); "
                      "GRANT SPARQL_UPDATE TO \"c87test\"; "
                      "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('c87test', 7);")
        for _ in range(50):
            made = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec={statements}"],
                                  capture_output=True, text=True, timeout=30)
            if made.returncode == 0 and "Error" not in made.stdout + made.stderr:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"cannot create the Virtuoso user: {made.stdout}{made.stderr}")
        yield Server("virtuoso",
                     ["--endpoint", f"http://127.0.0.1:{http}/sparql-auth", "--server",
                      "virtuoso", "--timeout", "30"],
                     {"C87_SPARQL_USER": "c87test", "C87_SPARQL_PASSWORD": password},
                     password, [isql, f"127.0.0.1:{sql}", "dba", "dba"], folder)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Oxigraph server on loopback, without authentication."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    binary = shutil.which("oxigraph", path=path)
    if binary is None:
        _unavailable("Oxigraph server is not installed (pip install oxigraph, in the test "
                     "extra)")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    log = folder / "out.log"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "serve", "--location", str(folder / "db"),
                                    "--bind", f"127.0.0.1:{port}"],
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_http(f"http://127.0.0.1:{port}/", process, log, 30)
        yield Server("oxigraph", ["--endpoint", f"http://127.0.0.1:{port}/query", "--server",
                                  "oxigraph", "--timeout", "30"])
    finally:
        _stop(process)


@pytest.fixture(params=["virtuoso", "oxigraph"])
def server(request: pytest.FixtureRequest) -> Server:
    """Each server in turn, with no c87 graph in it."""
    found: Server = request.getfixturevalue("virtuoso" if request.param == "virtuoso"
                                            else "oxigraph_server")
    found.reset()
    return found


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of N-Quads: the reference letter's facts and every test letter, extracted."""
    from c87.input import read_letter
    from c87.mapper import extract
    from c87.ontology.iris import CaseIds

    folder = tmp_path_factory.mktemp("corpus")
    write_reference(folder)
    ids = CaseIds()
    ids.take(CASE)
    written = 0
    for letter in [REFERENCE_LETTER, *sorted(LETTERS.glob("*.txt"))]:
        facts = extract(read_letter(letter))
        if not facts.events:
            continue
        case = ids.propose(facts)
        try:
            data = serialize(facts, "nq", case=case)
        except ContentError:
            continue  # facts no conforming graph can hold: test_rdf reports those
        ids.take(case)
        (folder / "letters").mkdir(exist_ok=True)
        (folder / "letters" / f"{case}.nq").write_bytes(data)
        written += 1
    assert written >= 15
    return folder


# -- the embedded store: load, replace, remove, info -----------------------------------------

def test_default_store_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("C87_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert st.default_store_path() == tmp_path / "c87" / "store"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert st.default_store_path() == Path.home() / ".local" / "share" / "c87" / "store"
    monkeypatch.setenv("C87_STORE", str(tmp_path / "mine"))
    assert st.default_store_path() == tmp_path / "mine"


def test_load_facts_creates_the_store_then_info(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = c87("load", REFERENCE, env={"C87_STORE": str(store)})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{CASE}: 1616 triples (from {REFERENCE})",
        f"loaded 1 graph (1616 triples) into the embedded store {store}"]
    found = info(env={"C87_STORE": str(store)})
    assert found["letters"] == [{"case": CASE, "graph": CASE_IRI, "triples": 1616,
                                 "date": "2020-06-18", "reference": "PERC/HTUR"}]
    assert (found["graphs"], found["triples"], found["ontology_triples"]) == (1, 1616, 0)
    table = c87("store", "info", "--store", store)
    assert table.stdout.splitlines()[1:] == [
        "letters: 1, ontology: not loaded, graphs: 1, triples: 1616",
        "CASE                       TRIPLES  DATE        REFERENCE",
        f"{CASE}  1616     2020-06-18  PERC/HTUR"]


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "rdf"])
def test_load_every_rdf_format_gives_the_same_graph(tmp_path: Path, fmt: str) -> None:
    import pyoxigraph as ox

    path = write_reference(tmp_path, fmt)
    store = tmp_path / "store"
    result = c87("load", path, "--store", store)
    assert result.exit_code == 0, result.stderr
    with st.EmbeddedStore(store) as embedded:
        quads = set(embedded._db)
    # what Oxigraph keeps of the N-Quads c87 writes (it stores xsd:nonNegativeInteger and
    # the other integer types as xsd:integer, whichever way they come in)
    expected = ox.Store()
    expected.load(reference_nq(), ox.RdfFormat.N_QUADS)
    assert quads == set(expected)


def test_loading_again_replaces_the_graph(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert c87("load", REFERENCE, "--store", store).exit_code == 0
    before = counts("--store", store)
    assert c87("load", REFERENCE, write_reference(tmp_path, "ttl"), "--store", store
               ).exit_code == 0
    assert counts("--store", store) == before == {CASE: 1616, "ontology": 0}
    # the same case with other facts replaces the graph: one copy, never two
    changed = tmp_path / "changed.nq"
    changed.write_bytes(serialize(load_facts(VALID), "nq"))
    assert c87("load", changed, "--store", store).exit_code == 0
    assert counts("--store", store) == {CASE: 159, "ontology": 0}


def test_load_a_folder_a_letter_and_the_ontology(tmp_path: Path) -> None:
    folder = tmp_path / "graphs"
    (folder / "2020").mkdir(parents=True)
    write_reference(folder, "ttl")
    write_reference(folder / "2020", "jsonld")  # the same graph twice: loaded once
    other_letter(folder)
    (folder / ".hidden.nq").write_text("not RDF at all")
    store = tmp_path / "store"
    letter = LETTERS / "001_ituc-belarus.txt"
    result = c87("load", folder, letter, "--with-ontology", "--store", store)
    assert result.exit_code == 0, result.stderr
    found = counts("--store", store)
    assert found.pop(CASE) == 1616 and found.pop("other-letter") == 159
    assert found.pop("ontology") > 2000
    assert len(found) == 1 and next(iter(found.values())) > 100  # the letter, extracted
    assert f"(from {letter})" in result.stdout
    # the letter the reference facts were written from has the same case id, other facts
    clash = c87("load", folder, REFERENCE_LETTER, "--store", store)
    assert clash.exit_code == 1 and "gives the graph ituc-2020-06-18-perc-htur other " \
        "triples than" in clash.stderr


def test_two_files_that_disagree_on_a_graph_load_nothing(tmp_path: Path) -> None:
    other = tmp_path / "changed.nq"
    other.write_bytes(serialize(load_facts(VALID), "nq"))
    store = tmp_path / "store"
    result = c87("load", REFERENCE, other, "--store", store)
    assert result.exit_code == 1
    assert "other triples than" in result.stderr
    assert not store.exists()


def test_remove_takes_out_exactly_one_letter(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert c87("load", REFERENCE, other_letter(tmp_path), "--with-ontology", "--store", store
               ).exit_code == 0
    before = counts("--store", store)
    result = c87("store", "remove", CASE, "--store", store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"removed <{CASE_IRI}> from the embedded store {store}\n"
    after = counts("--store", store)
    assert after == {k: v for k, v in before.items() if k != CASE}
    missing = c87("store", "remove", CASE, "other-letter", "--store", store)
    assert missing.exit_code == 1
    assert f"no letter {CASE!r}" in missing.stderr and "nothing removed" in missing.stderr
    assert counts("--store", store) == after
    # by its IRI
    assert c87("store", "remove", "https://w3id.org/c87/id/case/other-letter", "--store",
               store).exit_code == 0
    assert counts("--store", store) == {"ontology": before["ontology"]}


def test_a_malformed_file_loads_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert c87("load", REFERENCE, "--store", store).exit_code == 0
    before = counts("--store", store)
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix c87: <https://w3id.org/c87/ontology#> .\n<a> c87:x \"open .\n")
    result = c87("load", other_letter(tmp_path), bad, tmp_path / "missing.nq",
                 "--store", store)
    assert result.exit_code == 3
    err = result.stderr
    assert f"{bad}:2:" in err and "is not valid Turtle" in err
    assert f"{tmp_path / 'missing.nq'}" in err
    assert "nothing loaded: 2 of 3 inputs" in err and "Traceback" not in err
    assert counts("--store", store) == before
    no_case = tmp_path / "no-case.ttl"
    no_case.write_text("<https://example.org/a> <https://example.org/b> 1 .\n")
    result = c87("load", no_case, "--store", store)
    assert result.exit_code == 1 and "holds no c87:Case" in result.stderr
    assert counts("--store", store) == before


def test_a_failing_transaction_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert c87("load", REFERENCE, "--store", store).exit_code == 0
    good = st.graphs_from_rdf(other_letter(tmp_path))[0]
    broken = st.GraphData("https://w3id.org/c87/id/case/broken", b"<a> <b> \"x .\n", 1, "x")
    with st.EmbeddedStore(store) as embedded:
        before = set(embedded._db)
        with pytest.raises(ContentError):
            embedded.replace([good, broken])
        assert set(embedded._db) == before


def test_two_processes_loading_at_once(tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {**os.environ, "C87_STORE": str(store)}
    inputs = [REFERENCE, other_letter(tmp_path)]
    processes = [subprocess.Popen([sys.executable, "-m", "c87", "load", str(path)], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for path in inputs]
    outcomes = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read())  # type: ignore[union-attr]
                for p in processes]
    for status, _, err in outcomes:
        assert status == 0 or (status == 4 and "in use by another process" in err), err
    found = counts("--store", store)
    loaded = {CASE: 1616, "other-letter": 159}
    assert found == {**{c: n for (status, _, _), (c, n) in zip(outcomes, loaded.items(),
                                                                   strict=True) if status == 0},
                     "ontology": 0}


def test_a_busy_store_gives_a_clear_message(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert c87("load", REFERENCE, "--store", store).exit_code == 0
    with st.EmbeddedStore(store):
        done = subprocess.run([sys.executable, "-m", "c87", "load", str(VALID), "--store",
                               str(store)], env={**os.environ, "C87_STORE_WAIT": "0.5"},
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 4
    assert done.stderr == (f"c87: error: {store}: is in use by another process (waited 0.5 s):"
                           " try again when it is done (C87_STORE_WAIT sets the wait)\n")
    assert counts("--store", store) == {CASE: 1616, "ontology": 0}


def test_no_store_yet(tmp_path: Path) -> None:
    result = c87("query", "timeline", "--store", tmp_path / "none")
    assert result.exit_code == 3
    assert "holds no store yet: c87 load makes one" in result.stderr
    assert not (tmp_path / "none").exists()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    refused = c87("load", REFERENCE, "--store", tmp_path / "full")
    assert refused.exit_code == 2 and "not empty and holds no store" in refused.stderr


# -- built-in queries on the reference letter ------------------------------------------------

@pytest.fixture(scope="module")
def reference_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store with the reference letter's facts."""
    store = tmp_path_factory.mktemp("reference") / "store"
    assert c87("load", REFERENCE, "--store", store).exit_code == 0
    return store


@pytest.fixture(scope="module")
def ontology_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store with the reference letter's facts and the ontology."""
    store = tmp_path_factory.mktemp("ontology") / "store"
    assert c87("load", REFERENCE, "--with-ontology", "--store", store).exit_code == 0
    return store


def query(store: Path, *args: str) -> list[list[str]]:
    return rows(c87("query", *args, "--store", store, "--format", "csv"))


def test_timeline(reference_store: Path) -> None:
    found = query(reference_store, "timeline")
    assert found[0] == ["date", "case", "event", "type", "victims", "perpetrators"]
    assert [r[:1] + r[2:] for r in found[1:]] == [
        ["1992", "ratification-1992", "ratification", "", ""],
        ["2019-04-26", "letter-2019-04-26", "communication", "", ""],
        ["2019-10-29", "letter-2019-10-29", "communication", "", ""],
        ["2020-02-05", "council-meeting-2020-02-05", "union-internal-decision", "", ""],
        ["2020-02..", "investigations-interrogations", "interrogation",
         "Federation of Trade Unions of Kyrgyzstan", ""],
        ["2020-06-03", "babayeva-interrogation", "interrogation", "Ryskul Babayeva",
         "Bishkek police department"],
        ["2020-06-10", "osmonov-communication-ban", "restriction-of-communication",
         "Kanatbek Osmonov", "District Court"],
        ["2020-06-10", "osmonov-house-arrest", "house-arrest", "Kanatbek Osmonov",
         "District Court"],
        ["", "bank-account-seized", "seizure-of-assets",
         "Federation of Trade Unions of Kyrgyzstan", "Governmental authorities"],
        ["", "criminal-prosecutions", "criminal-prosecution",
         "Federation of Trade Unions of Kyrgyzstan", ""],
        ["", "draft-law", "legislative-restriction", "", "Parliament"],
        ["", "home-searches", "search", "Federation of Trade Unions of Kyrgyzstan", ""],
        ["", "inform-ilo-eu", "planned-intervention", "", ""],
        ["", "interference-decision-making", "interference-internal-affairs", "",
         "Governmental authorities"],
        ["", "legitimacy-challenged", "non-recognition-of-leadership", "",
         "Governmental authorities"],
        ["", "media-discredit", "smear-campaign", "Federation of Trade Unions of Kyrgyzstan",
         ""],
        ["", "meetings-disrupted", "disruption-of-meetings",
         "Federation of Trade Unions of Kyrgyzstan", ""],
        ["", "others-fear", "intimidation", "Federation of Trade Unions of Kyrgyzstan", ""],
        ["", "pressure-intimidation", "intimidation", "Federation of Trade Unions of Kyrgyzstan",
         "Governmental authorities"],
        ["", "support-complaint", "planned-intervention", "", ""],
    ]
    assert {r[1] for r in found[1:]} == {CASE}
    dated = query(reference_store, "timeline", "--param", "since=2020-02-10",
                  "--param", "until=2020-06")
    assert [r[2] for r in dated[1:]] == ["babayeva-interrogation", "osmonov-communication-ban",
                                         "osmonov-house-arrest"]
    typed = query(reference_store, "timeline", "-p", "type=house-arrest",
                  "-p", "type=interrogation", "-p", "country=KG", "-p", f"case={CASE}")
    assert [r[2] for r in typed[1:]] == ["investigations-interrogations",
                                         "babayeva-interrogation", "osmonov-house-arrest"]
    assert query(reference_store, "timeline", "-p", "country=FR")[1:] == []


def test_by_principle_follows_broader_with_or_without_the_ontology(
        reference_store: Path, ontology_store: Path) -> None:
    expected = [
        ["C087-3", "14", "1", "2020-02", "2020-06-10"],
        ["C087-3-1", "3", "1", "", ""],
        ["C087-3-2", "13", "1", "2020-02", "2020-06-10"],
        ["C087-8", "1", "1", "", ""],
        ["C087-8-2", "1", "1", "", ""],
        ["C087-11", "4", "1", "2020-06-10", "2020-06-10"],
        ["CL-assembly", "1", "1", "", ""],
        ["CL-expression", "1", "1", "2020-06-10", "2020-06-10"],
        ["CL-fair-trial", "1", "1", "", ""],
        ["CL-liberty", "4", "1", "2020-02", "2020-06-10"],
        ["CL-property", "2", "1", "", ""],
    ]
    bare = query(reference_store, "by-principle")
    assert bare[0] == ["principle", "label", "events", "letters", "from", "to"]
    assert [r[:1] + r[2:] for r in bare[1:]] == expected
    assert {r[1] for r in bare[1:]} == {""}
    labelled = query(ontology_store, "by-principle")
    assert [r[:1] + r[2:] for r in labelled[1:]] == expected
    labels = {r[0]: r[1] for r in labelled[1:]}
    assert labels["C087-3"] == "C087 Article 3: autonomy of organisations"
    assert labels["CL-liberty"] == "Freedom and security of person"
    recent = query(ontology_store, "by-principle", "-p", "country=KG", "-p", "since=2020-06",
                   "-p", "principle=C087-3")
    assert recent[1:] == [["C087-3", labels["C087-3"], "3", "1", "2020-06-03", "2020-06-10"]]


def test_by_actor(reference_store: Path) -> None:
    everyone = query(reference_store, "by-actor")
    assert everyone[0] == ["actor", "kind", "role", "date", "event", "type", "case"]
    assert len(everyone) == 35
    assert query(reference_store, "by-actor", "-p", "name=OSMON")[1:] == [
        ["Kanatbek Osmonov", "person", "victim", "2020-06-10", "osmonov-communication-ban",
         "restriction-of-communication", CASE],
        ["Kanatbek Osmonov", "person", "victim", "2020-06-10", "osmonov-house-arrest",
         "house-arrest", CASE]]
    # an alias finds the actor too
    assert {r[0] for r in query(reference_store, "by-actor", "-p", "name=FPKg")[1:]} == {
        "Federation of Trade Unions of Kyrgyzstan"}
    perpetrators = query(reference_store, "by-actor", "-p", "role=perpetrator", "-p",
                         "kind=court")
    assert [r[4] for r in perpetrators[1:]] == ["osmonov-communication-ban",
                                               "osmonov-house-arrest"]


def test_victims(reference_store: Path) -> None:
    assert query(reference_store, "victims") == [
        ["victim", "kind", "events", "types", "letters", "from", "to"],
        ["Federation of Trade Unions of Kyrgyzstan", "union-federation", "8",
         "criminal-prosecution; disruption-of-meetings; interrogation; intimidation; search; "
         "seizure-of-assets; smear-campaign", "1", "2020-02", "2020-02"],
        ["Kanatbek Osmonov", "person", "2", "house-arrest; restriction-of-communication", "1",
         "2020-06-10", "2020-06-10"],
        ["Ryskul Babayeva", "person", "1", "interrogation", "1", "2020-06-03", "2020-06-03"]]
    assert [r[0] for r in query(reference_store, "victims", "-p", "kind=person",
                                "-p", "until=2020-06-05")[1:]] == ["Ryskul Babayeva"]


def test_cases(reference_store: Path) -> None:
    assert query(reference_store, "cases") == [
        ["case", "date", "sender", "country", "reference", "events"],
        [CASE, "2020-06-18", "International Trade Union Confederation", "KG", "PERC/HTUR",
         "20"]]
    assert query(reference_store, "cases", "-p", "since=2020-07")[1:] == []


def test_query_list_and_help() -> None:
    listed = c87("query", "--list")
    assert listed.exit_code == 0
    for name in ("timeline", "by-principle", "by-actor", "victims", "cases"):
        assert f"\n{name}" in "\n" + listed.stdout
    assert "  since       only events on or after this date" in listed.stdout
    assert set(st.builtin_queries()) == {"timeline", "by-principle", "by-actor", "victims",
                                         "cases", "conflicts", "case-timeline",
                                         "single-source", "actors-across-cases"}


# -- parameters are bound, never pasted ------------------------------------------------------

ECHO = """\
# Gives back the value it is given.
# @param value string  any text
SELECT ?echo WHERE { BIND(?value AS ?echo) }
"""

TRICKY = [INJECTION, 'a "quoted" word', "back\\slash", "\\u0022 not a quote", "two\nlines",
          "tab\there", "} } ; DELETE WHERE { ?s ?p ?o } #", "ünïcode ✓ Кыргызстан", "'single'",
          '"""', "<https://example.org/not-an-iri>x", ""]


def test_the_injection_string_matches_nothing_and_changes_nothing(reference_store: Path
                                                                  ) -> None:
    before = counts("--store", reference_store)
    for name, param in [("timeline", "country"), ("by-actor", "name"), ("cases", "sender"),
                        ("by-principle", "principle"), ("victims", "kind")]:
        assert query(reference_store, name, "-p", f"{param}={INJECTION}")[1:] == []
    assert counts("--store", reference_store) == before


def test_values_come_back_exactly_as_given(reference_store: Path, tmp_path: Path) -> None:
    echo = tmp_path / "echo.rq"
    echo.write_text(ECHO)
    for value in TRICKY:
        result = c87("query", echo, "-p", f"value={value}", "--store", reference_store,
                     "--format", "json")
        assert result.exit_code == 0, result.stderr
        bindings = json.loads(result.stdout)["results"]["bindings"]
        assert bindings == [{"echo": {"type": "literal", "value": value}}]


def test_bind_values_puts_terms_at_the_top_of_the_where_clause() -> None:
    text = ('PREFIX ex: <http://example.org/x#>  # a { in a comment\n'
            'SELECT ?a (CONCAT("{", ?b) AS ?c) (EXISTS { ?a ?b ?c } AS ?d)\n'
            'WHERE { { SELECT ?a WHERE { ?a ?p ?o } } ?a ex:p ?b }')
    bound = st.bind_values(text, {"b": [st.Term.literal(INJECTION)],
                                  "a": [st.Term("uri", "http://example.org/a"),
                                        st.Term("uri", "http://example.org/b")]})
    assert bound == text.replace(
        "WHERE { {", 'WHERE {\n  VALUES ?b { "\\"} ; DROP ALL ; #" }\n'
        "  VALUES ?a { <http://example.org/a> <http://example.org/b> } {")
    assert st.bind_values("ASK { ?s ?p ?o }", {"s": [st.Term.literal("x")]}) == (
        'ASK {\n  VALUES ?s { "x" } ?s ?p ?o }')
    for update in ("DROP ALL", "PREFIX select: <http://x/>\nINSERT DATA { <a> <b> <c> }",
                   "CONSTRUCT WHERE { ?s ?p ?o }", "nonsense"):
        with pytest.raises(UsageError, match="SELECT and ASK"):
            st.bind_values(update, {})
    assert st.query_variables('SELECT ?a WHERE { ?a <p> "?b" . $c <q?d> ?e } # ?f') == {
        "a", "c", "e"}


def test_parameters_are_checked(reference_store: Path, tmp_path: Path) -> None:
    cases = [
        (["timeline", "-p", "since=2020-13"], "--param since: '2020-13' is not a date"),
        (["timeline", "-p", "since=yesterday"], "is not a date"),
        (["timeline", "-p", "nosuch=1"], "has no variable ?nosuch (its parameters: country, "
                                         "since, until, type, case)"),
        (["timeline", "-p", "country"], "--param takes NAME=VALUE, not 'country'"),
        (["nosuch"], "no built-in query 'nosuch': choose one of actors-across-cases, by-actor"),
    ]
    for args, message in cases:
        result = c87("query", *args, "--store", reference_store)
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    drop = tmp_path / "drop.rq"
    drop.write_text("DROP ALL")
    result = c87("query", drop, "--store", reference_store)
    assert result.exit_code == 2 and "runs SELECT and ASK queries, not DROP" in result.stderr
    iri = tmp_path / "iri.rq"
    iri.write_text("# @param g iri a graph\nASK { GRAPH ?g { ?s ?p ?o } }\n")
    assert c87("query", iri, "-p", f"g={CASE_IRI}", "--store", reference_store
               ).stdout == "true\n"
    bad = c87("query", iri, "-p", "g=not an iri", "--store", reference_store)
    assert bad.exit_code == 2 and "--param g: 'not an iri' is not a valid iri" in bad.stderr
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?s WHERE { ?s ?p }")
    result = c87("query", broken, "--store", reference_store)
    assert result.exit_code == 2 and "the query is not valid SPARQL 1.1" in result.stderr


# -- output formats --------------------------------------------------------------------------

def test_output_formats(reference_store: Path, tmp_path: Path) -> None:
    table = c87("query", "cases", "--store", reference_store)
    assert table.stdout.splitlines() == [
        "CASE                       DATE        SENDER                                   "
        "COUNTRY  REFERENCE  EVENTS",
        f"{CASE}  2020-06-18  International Trade Union Confederation  KG       PERC/HTUR  20",
        "(1 row)"]
    raw = c87("query", "cases", "--store", reference_store, "--format", "csv").stdout_bytes
    assert raw == ("case,date,sender,country,reference,events\r\n"
                   f"{CASE},2020-06-18,International Trade Union Confederation,KG,PERC/HTUR,20"
                   "\r\n").encode()
    tsv = c87("query", "cases", "--store", reference_store, "--format", "tsv").stdout
    assert tsv == ("?case\t?date\t?sender\t?country\t?reference\t?events\n"
                   f'"{CASE}"\t"2020-06-18"\t"International Trade Union Confederation"\t"KG"\t'
                   '"PERC/HTUR"\t20\n')
    data = json.loads(c87("query", "cases", "--store", reference_store, "--format", "json"
                          ).stdout)
    assert data["head"]["vars"] == ["case", "date", "sender", "country", "reference", "events"]
    assert data["results"]["bindings"][0]["events"] == {
        "type": "literal", "value": "20",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert data["results"]["bindings"][0]["case"] == {"type": "literal", "value": CASE}
    terms = tmp_path / "terms.rq"
    terms.write_text('SELECT ?iri ?text ?tagged ?none WHERE { BIND(<https://w3id.org/c87/id/'
                     'event-type/house-arrest> AS ?iri) BIND("a,b \\"c\\"\\n\\td" AS ?text) '
                     'BIND("mot"@FR AS ?tagged) }')
    outputs = {fmt: c87("query", terms, "--store", reference_store, "--format", fmt
                        ).stdout_bytes.decode() for fmt in st.FORMATS}
    assert outputs["table"].splitlines() == [  # prefixed IRIs, line breaks as spaces
        "IRI              TEXT       TAGGED  NONE",
        'et:house-arrest  a,b "c" d  mot', "(1 row)"]
    assert outputs["csv"] == ('iri,text,tagged,none\r\n'
                              'https://w3id.org/c87/id/event-type/house-arrest,'
                              '"a,b ""c""\n\td",mot,\r\n')
    assert outputs["tsv"] == ('?iri\t?text\t?tagged\t?none\n'
                              '<https://w3id.org/c87/id/event-type/house-arrest>\t'
                              '"a,b \\"c\\"\\n\\td"\t"mot"@fr\t\n')
    assert json.loads(outputs["json"])["results"]["bindings"] == [
        {"iri": {"type": "uri", "value": "https://w3id.org/c87/id/event-type/house-arrest"},
         "text": {"type": "literal", "value": 'a,b "c"\n\td'},
         "tagged": {"type": "literal", "value": "mot", "xml:lang": "fr"}}]
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { GRAPH ?g { ?s a <https://w3id.org/c87/ontology#Case> } }")
    assert json.loads(c87("query", ask, "--store", reference_store, "--format", "json"
                          ).stdout) == {"head": {}, "boolean": True}
    assert c87("query", ask, "--store", reference_store, "--format", "csv").stdout == "true\n"


def test_table_cuts_long_cells() -> None:
    results = st.Results(["a"], [{"a": st.Term.literal("x" * 100)}])
    assert st.format_results(results, width=10).splitlines()[1] == "x" * 9 + "…"


# -- remote access: endpoints, credentials, HTTP ---------------------------------------------

def test_endpoints_of_known_servers() -> None:
    assert st.Endpoints.of("http://h:8890/sparql-auth", "virtuoso") == st.Endpoints(
        "http://h:8890/sparql-auth", "http://h:8890/sparql-auth",
        "http://h:8890/sparql-graph-crud-auth")
    assert st.Endpoints.of("http://h:8890/sparql", "virtuoso").graph_store == (
        "http://h:8890/sparql-graph-crud")
    assert st.Endpoints.of("https://h/fuseki/ds/sparql", "fuseki") == st.Endpoints(
        "https://h/fuseki/ds/sparql", "https://h/fuseki/ds/update", "https://h/fuseki/ds/data")
    assert st.Endpoints.of("http://h:7878/query", "oxigraph") == st.Endpoints(
        "http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert st.Endpoints.of("http://h:7200/repositories/c87", "graphdb") == st.Endpoints(
        "http://h:7200/repositories/c87", "http://h:7200/repositories/c87/statements",
        "http://h:7200/repositories/c87/rdf-graphs/service")
    assert st.Endpoints.of("http://h/sparql") == st.Endpoints(
        "http://h/sparql", "http://h/sparql", None)
    assert st.Endpoints.of("http://h/sparql", "virtuoso", graph_store="http://h/gsp",
                           update="http://h/u") == st.Endpoints(
        "http://h/sparql", "http://h/u", "http://h/gsp")
    for bad in ("ftp://h/sparql", "sparql", "http://user:secret@h/sparql"):
        with pytest.raises(UsageError) as caught:
            st.Endpoints.of(bad)
        assert "secret" not in str(caught.value)


def test_credentials_from_the_environment_or_netrc(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine db.example.org login alice password wonder\n"
                     "default login bob password builder\n")
    netrc.chmod(0o600)
    env = {"NETRC": str(netrc)}
    found = st.credentials_for("https://db.example.org/sparql", env)
    assert found is not None and (found.user, found.password) == ("alice", "wonder")
    assert "wonder" not in repr(found) + str(found)
    assert st.credentials_for("http://other/sparql", env).user == "bob"  # type: ignore[union-attr]
    from_env = st.credentials_for("https://db.example.org/sparql", {
        **env, "C87_SPARQL_USER": "carol", "C87_SPARQL_PASSWORD": "pw",
        "C87_SPARQL_AUTH": "Digest"})
    assert from_env == st.Credentials("carol", "pw", "the environment (C87_SPARQL_USER)",
                                      "digest")
    assert st.credentials_for("http://h/", {"NETRC": str(tmp_path / "none")}) is None
    with pytest.raises(UsageError, match="set both"):
        st.credentials_for("http://h/", {"C87_SPARQL_USER": "carol"})
    with pytest.raises(UsageError, match="basic or digest"):
        st.credentials_for("http://h/", {"C87_SPARQL_AUTH": "kerberos"})
    netrc.write_text("machine h login x password y secret-ish")
    with pytest.raises(UsageError, match="not a netrc file") as caught:
        st.credentials_for("http://h/", env)
    assert "secret-ish" not in str(caught.value)


def _mock_server(answers: list[httpx.Response], seen: list[dict[str, str]]
                 ) -> httpx.MockTransport:
    """A server that gives ``answers`` in turn, noting the headers of each request."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.headers))
        return answers.pop(0)

    return httpx.MockTransport(handle)


def test_basic_auth_when_the_server_asks_for_it_and_retries_on_5xx(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    seen: list[dict[str, str]] = []
    ok = httpx.Response(200, json={"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "typed-literal", "value": "1",
               "datatype": "http://www.w3.org/2001/XMLSchema#string"}}]}})
    answers = [httpx.Response(401, headers={"WWW-Authenticate": 'Basic realm="x"'}),
               httpx.Response(503), ok]
    remote = st.RemoteStore(st.Endpoints.of("http://h/sparql"), retries=2,
                            credentials=st.Credentials("u", "p", "test"),
                            transport=_mock_server(answers, seen))
    results = remote.select("SELECT ?x WHERE {}")
    assert results.rows == [{"x": st.Term("literal", "1")}]
    assert "authorization" not in seen[0]
    assert seen[1]["authorization"] == seen[2]["authorization"] == "Basic dTpw"
    # unreachable, then refused: clear messages, no credentials
    refusals = [(httpx.Response(403), "forbids this (403 Forbidden)"),
                (httpx.Response(404), "does not exist (404 Not Found): check --endpoint"),
                (httpx.Response(500, text="Virtuoso 37000 Error SP030: syntax"),
                 "answered 500 Internal Server Error: Virtuoso 37000 Error SP030")]
    for answer, message in refusals:
        seen.clear()
        remote = st.RemoteStore(st.Endpoints.of("http://h/sparql"), retries=3,
                                transport=_mock_server([answer], seen))
        with pytest.raises(StoreError) as caught:
            remote.select("ASK {}")
        assert message in str(caught.value)
        assert len(seen) == 1  # none of these is tried again


# -- real servers ----------------------------------------------------------------------------

def test_load_replace_query_remove_on_a_server(server: Server, tmp_path: Path) -> None:
    loaded = server.run("load", REFERENCE, other_letter(tmp_path))
    assert loaded.exit_code == 0, loaded.stderr
    assert loaded.stdout.splitlines()[-1].startswith("loaded 2 graphs (1775 triples) into "
                                                     "the SPARQL server http://127.0.0.1:")
    before = counts(*server.target, env=server.env)
    assert before == {CASE: 1616, "other-letter": 159, "ontology": 0}
    again = server.run("load", REFERENCE, write_reference(tmp_path, "jsonld"))
    assert again.exit_code == 0, again.stderr
    assert counts(*server.target, env=server.env) == before
    assert rows(server.run("query", "cases", "--format", "csv"))[1:] == [
        [CASE, "2020-06-18", "International Trade Union Confederation", "KG", "PERC/HTUR",
         "20"],
        ["other-letter", "2020-06-18", "International Trade Union Confederation", "KG",
         "PERC/HTUR", "2"]]
    removed = server.run("store", "remove", "other-letter")
    assert removed.exit_code == 0, removed.stderr
    assert counts(*server.target, env=server.env) == {CASE: 1616, "ontology": 0}
    missing = server.run("store", "remove", "other-letter")
    assert missing.exit_code == 1 and "no letter 'other-letter'" in missing.stderr


def test_update_fallback_on_a_server(server: Server, tmp_path: Path) -> None:
    """SPARQL Update alone, and the fallback when the graph store does not take a PUT."""
    only_update = server.run("load", REFERENCE, "--protocol", "update")
    assert only_update.exit_code == 0, only_update.stderr
    assert server.run("load", REFERENCE, "--protocol", "update").exit_code == 0
    assert counts(*server.target, env=server.env) == {CASE: 1616, "ontology": 0}
    nowhere = server.target[1].rsplit("/", 1)[0] + "/no-graph-store-here"
    fallback = server.run("load", other_letter(tmp_path), "--graph-store", nowhere)
    assert fallback.exit_code == 0, fallback.stderr
    assert "does not take Graph Store Protocol requests" in fallback.stderr
    assert counts(*server.target, env=server.env) == {CASE: 1616, "other-letter": 159,
                                                      "ontology": 0}
    assert server.run("store", "remove", "other-letter", "--protocol", "update"
                      ).exit_code == 0
    assert counts(*server.target, env=server.env) == {CASE: 1616, "ontology": 0}


def clones(folder: Path, count: int, prefix: str = "clone") -> dict[str, int]:
    """``count`` copies of the reference letter's N-Quads under other case ids, one file
    each; the triples of each, by case id."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{prefix}-{n}.nq").write_bytes(
            reference_nq().replace(f"/case/{CASE}".encode(), f"/case/{prefix}-{n}".encode()))
    return {f"{prefix}-{n}": reference_nq().count(b"\n") for n in range(count)}


def test_oxigraph_server_takes_batches_of_n_quads(oxigraph_server: Server,
                                                  tmp_path: Path) -> None:
    """Oxigraph server's bulk path (what auto means for it): 80 letters, more than one
    batch of N-Quads (16 MiB each at most), replaced as a load replaces; the Graph Store
    Protocol gives the same store."""
    oxigraph_server.reset()
    letters = clones(tmp_path / "letters", 80)
    assert sum(p.stat().st_size for p in (tmp_path / "letters").iterdir()) > st.BULK_BYTES
    loaded = oxigraph_server.run("load", tmp_path / "letters")
    assert loaded.exit_code == 0, loaded.stderr
    assert counts(*oxigraph_server.target) == {**letters, "ontology": 0}
    changed = tmp_path / "changed.nq"
    changed.write_bytes(serialize(load_facts(VALID), "nq", case="clone-3"))
    again = oxigraph_server.run("load", changed, REFERENCE)
    assert again.exit_code == 0, again.stderr
    valid = serialize(load_facts(VALID), "nq").count(b"\n")
    expected = {**letters, "clone-3": valid, CASE: reference_nq().count(b"\n"), "ontology": 0}
    assert counts(*oxigraph_server.target) == expected
    assert oxigraph_server.run("load", tmp_path / "letters", "--protocol", "gsp").exit_code == 0
    assert counts(*oxigraph_server.target) == {**expected, "clone-3": letters["clone-3"]}


def test_bulk_is_refused_where_the_graph_store_takes_one_graph(virtuoso: Server) -> None:
    refused = virtuoso.run("load", REFERENCE, "--protocol", "bulk")
    assert refused.exit_code == 2
    assert "Virtuoso's graph store takes one graph a request" in refused.stderr
    generic = c87("load", REFERENCE, "--endpoint", "http://127.0.0.1:9/sparql", "--protocol",
                  "bulk")
    assert generic.exit_code == 2 and "--protocol bulk needs a graph store" in generic.stderr


def test_virtuoso_bulk_loader_as_docs_stores_md_says(virtuoso: Server, tmp_path: Path) -> None:
    """The procedure of docs/stores.md for a large load into Virtuoso: N-Quads files in a
    folder the server may read, the graphs they replace cleared, then ld_dir and
    rdf_loader_run through isql; the store then holds each letter once, whole."""
    assert virtuoso.isql is not None and virtuoso.folder is not None
    virtuoso.reset()
    assert virtuoso.run("load", REFERENCE).exit_code == 0  # a letter the files replace
    folder = virtuoso.folder / "bulk"
    letters = clones(folder, 5)
    (folder / f"{CASE}.nq").write_bytes(serialize(load_facts(VALID), "nq"))
    graphs = [f"https://w3id.org/c87/id/case/{case}" for case in [*letters, CASE]]
    statements = "".join(f"SPARQL CLEAR GRAPH <{g}>;\n" for g in graphs) + (
        f"DELETE FROM DB.DBA.load_list WHERE ll_file LIKE '{folder}/%';\n"
        f"ld_dir('{folder}', '*.nq', 'https://w3id.org/c87/id/unnamed');\n"
        "rdf_loader_run();\n"
        "checkpoint;\n"
        f"SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;\n")
    for _ in range(2):  # twice: the same store
        done = subprocess.run(virtuoso.isql, input=statements, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0 and "0 Rows." in done.stdout, done.stdout + done.stderr
        valid = serialize(load_facts(VALID), "nq").count(b"\n")
        assert counts(*virtuoso.target, env=virtuoso.env) == {**letters, CASE: valid,
                                                              "ontology": 0}


def test_injection_on_a_server(server: Server, tmp_path: Path) -> None:
    assert server.run("load", REFERENCE).exit_code == 0
    before = counts(*server.target, env=server.env)
    for name, param in [("timeline", "country"), ("by-actor", "name"), ("cases", "sender")]:
        assert rows(server.run("query", name, "-p", f"{param}={INJECTION}", "--format",
                               "csv"))[1:] == []
    assert counts(*server.target, env=server.env) == before
    echo = tmp_path / "echo.rq"
    echo.write_text(ECHO)
    for value in TRICKY:
        result = server.run("query", echo, "-p", f"value={value}", "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert [b["echo"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]
                ] == [value]


def test_builtin_queries_agree_across_stores(virtuoso: Server, oxigraph_server: Server,
                                              corpus: Path, tmp_path: Path) -> None:
    """The reference letter and the test letters: the same rows from all three stores."""
    embedded = tmp_path / "store"
    stores: list[tuple[str, list[str], dict[str, str | None]]] = [
        ("embedded", ["--store", str(embedded)], {})]
    for remote in (virtuoso, oxigraph_server):
        remote.reset()
        stores.append((remote.name, remote.target, remote.env))
    first: dict[str, int] | None = None
    for name, target, env in stores:
        for _ in range(2):  # loading twice changes no count
            loaded = c87("load", corpus, "--with-ontology", *target, env=env)
            assert loaded.exit_code == 0, f"{name}: {loaded.stderr}"
            found = counts(*target, env=env)
            assert first is None or found == first, name
            first = found
    assert first is not None and len(first) >= 16
    asks = [["timeline"], ["by-principle"], ["by-actor"], ["victims"], ["cases"],
            ["timeline", "-p", "country=KG", "-p", "since=2020-01-01"],
            ["by-principle", "-p", "since=2019", "-p", "until=2021-06"],
            ["by-actor", "-p", "name=union", "-p", "role=victim"],
            ["by-actor", "-p", "name=POLICÍA"],
            ["victims", "-p", "kind=person"], ["cases", "-p", "until=2021"]]
    for ask in asks:
        answers = {name: rows(c87("query", *ask, *target, "--format", "csv", env=env))
                   for name, target, env in stores}
        assert len(answers["embedded"]) > 1, ask
        assert answers["virtuoso"] == answers["embedded"], ask
        assert answers["oxigraph"] == answers["embedded"], ask


def test_wrong_password_unreachable_and_malformed_on_virtuoso(virtuoso: Server,
                                                              tmp_path: Path) -> None:
    virtuoso.reset()
    assert virtuoso.run("load", REFERENCE).exit_code == 0
    before = counts(*virtuoso.target, env=virtuoso.env)
    wrong = "not-" + (virtuoso.secret or "")
    refused = virtuoso.run("load", other_letter(tmp_path), env={"C87_SPARQL_PASSWORD": wrong})
    assert refused.exit_code == 4
    endpoint = virtuoso.target[1].replace("/sparql-auth", "/sparql-graph-crud-auth")
    assert refused.stderr == (f"c87: error: {endpoint} refused the credentials from the "
                              "environment (C87_SPARQL_USER) (401 Unauthorized): check the "
                              "user name and password\n")
    assert wrong not in refused.stdout + refused.stderr
    anonymous = c87("query", "timeline", *virtuoso.target)
    assert anonymous.exit_code == 4
    assert "asks for credentials (401 Unauthorized): set C87_SPARQL_USER" in anonymous.stderr
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> <c> <d> <e> .\n")
    malformed = virtuoso.run("load", REFERENCE, bad)
    assert malformed.exit_code == 1 and f"{bad}:1:" in malformed.stderr
    assert counts(*virtuoso.target, env=virtuoso.env) == before
    # digest authentication with the credentials in a netrc file
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login c87test password {virtuoso.secret}\n")
    netrc.chmod(0o600)
    from_netrc = c87("load", other_letter(tmp_path), *virtuoso.target,
                     env={"NETRC": str(netrc)})
    assert from_netrc.exit_code == 0, from_netrc.stderr
    assert virtuoso.secret not in from_netrc.stdout + from_netrc.stderr  # type: ignore[operator]
    assert counts(*virtuoso.target, env=virtuoso.env) == {**before, "other-letter": 159}


def test_an_unreachable_server() -> None:
    port = _free_port()  # nothing listens there
    started = time.monotonic()
    result = c87("load", REFERENCE, "--endpoint", f"http://127.0.0.1:{port}/sparql",
                 "--retries", "2", env={"C87_SPARQL_USER": "u", "C87_SPARQL_PASSWORD": "hush"})
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        f"c87: cannot reach http://127.0.0.1:{port}/sparql (connection refused); trying "
        "again in 0.5 s",
        f"c87: cannot reach http://127.0.0.1:{port}/sparql (connection refused); trying "
        "again in 1 s",
        f"c87: error: cannot reach http://127.0.0.1:{port}/sparql (connection refused) after "
        "3 tries: is the server running, and is the address right?"]
    assert "hush" not in result.stdout + result.stderr
    assert 1.4 < time.monotonic() - started < 10


def test_the_readme_shows_real_output(reference_store: Path) -> None:
    """docs/stores.md's timeline example is what the command prints."""
    readme = (ROOT / "docs" / "stores.md").read_text(encoding="utf-8")
    start = readme.index("$ c87 query timeline\n")
    shown = readme[start:readme.index("```", start)].splitlines()[1:]
    printed = c87("query", "timeline", "--store", reference_store).stdout.splitlines()
    assert shown == printed
