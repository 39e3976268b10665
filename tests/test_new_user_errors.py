"""What a new user hit (issue 12, errors and security): each item's regression tests.

The situations are real, not mocked: a read-only mount (a private mount namespace made
with ``unshare``, so the machine's own mounts are untouched), a folder its user may not
write (as root, ``setpriv`` drops the capabilities that let root write anywhere), a
path under a regular file, a full disk (``/dev/full``, and a tiny tmpfs), a loopback
HTTP listener that records every request, and named pipes that tell whether anything
opened them. A test whose situation this machine cannot make is skipped, saying why.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import LETTERS, REFERENCE_LETTER, ROOT, serve_on_loopback

SRC = ROOT / "src"
ENV = {**os.environ, "PYTHONPATH": str(SRC), "C87_STORE": "", "C87_ENDPOINT": ""}
CASE = "ituc-2020-06-18-perc-htur"


# -- running c87 as a user would, in situations a test can make real --------------------------

def c87_process(*args: str | Path, wrap: typing.Sequence[str] = (), stdout: typing.Any = None,
                cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m c87 ARGS`` (inside ``wrap``, a command prefix), text out."""
    command = [*wrap, sys.executable, "-m", "c87", *map(str, args)]
    return subprocess.run(command, env=ENV, cwd=cwd, text=True, timeout=300,
                          stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE)


def assert_one_error_line(proc: subprocess.CompletedProcess[str], status: int,
                          *words: str) -> str:
    """The error contract: the status, one line ``c87: error: ...`` with ``words``."""
    errors = [line for line in proc.stderr.splitlines() if line.startswith("c87: error:")]
    assert proc.returncode == status, proc.stderr
    assert len(errors) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


def _unshare() -> list[str]:
    """``unshare`` with a private mount namespace (as root, or as a mapped root)."""
    tool = shutil.which("unshare")
    if tool is None:
        pytest.skip("unshare is not installed: no private mount namespace")
    return [tool, "-m"] if os.geteuid() == 0 else [tool, "-r", "-m"]


@pytest.fixture(scope="session")
def mounts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The prefix that runs a command in a mount namespace of its own, if this machine
    allows one (containers often do not); else the test is skipped."""
    where = tmp_path_factory.mktemp("mount-probe")
    probe = subprocess.run([*_unshare(), "sh", "-c", 'mount -t tmpfs tmpfs "$0" && mount -o '
                            'remount,ro "$0" && ! touch "$0/x" 2>/dev/null', str(where)],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"no private mounts here: {probe.stderr.strip()[:200]}")
    return _unshare()


def read_only(mounts: list[str], folder: Path) -> list[str]:
    """A prefix that runs a command with ``folder`` mounted read-only (for it alone)."""
    script = ('mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"')
    return [*mounts, "sh", "-c", script, str(folder)]


def unprivileged() -> list[str]:
    """A prefix under which permissions hold: nothing for a user, and for root, root
    without the capabilities that let it write and read any file."""
    if os.geteuid() != 0:
        return []
    tool = shutil.which("setpriv") or pytest.skip("setpriv is not installed")
    return [tool, "--bounding-set=-dac_override,-dac_read_search"]


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below ``folder``: its mtime (ns) and bytes; folders as (0, b'')."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found[str(path.relative_to(folder))] = (path.stat().st_mtime_ns, path.read_bytes())
        else:
            found[str(path.relative_to(folder)) + "/"] = (0, b"")
    return found


def letters(tmp_path: Path, count: int = 4) -> Path:
    """A folder of ``count`` test letters."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for letter in sorted(LETTERS.glob("0*.txt"))[:count]:
        shutil.copy(letter, folder / letter.name)
    return folder


# -- item 1: an output that cannot be written is exit 5, not a bug ----------------------------

def test_item1_read_only_output_dir_is_cannot_write(mounts: list[str], tmp_path: Path) -> None:
    share = tmp_path / "share"
    (share / "out").mkdir(parents=True)
    (share / "out" / "kept.ttl").write_text("# an earlier output\n", encoding="utf-8")
    before = tree(share)
    ro = read_only(mounts, share)
    inputs = letters(tmp_path, 2)
    cases = [
        ("convert", REFERENCE_LETTER, "-o", share / "out", "--to", "ttl,xml,html"),
        ("convert", REFERENCE_LETTER, "-o", share / "new", "--to", "nq"),  # made if missing
        ("convert", inputs, "-o", share / "out", "--to", "ttl", "--jobs", "2"),  # a batch
        ("extract", REFERENCE_LETTER, "-o", share / "out" / "letter.facts.yaml"),
        ("extract", REFERENCE_LETTER, "-o", share / "out" / "kept.ttl"),  # replacing one
    ]
    for args in cases:
        proc = c87_process(*args, wrap=ro)
        assert_one_error_line(proc, 5, "cannot write (the file system is read-only)")
    assert tree(share) == before  # nothing made, nothing changed, nothing half-written


def test_item1_no_permission_is_cannot_write(tmp_path: Path) -> None:
    wrap = unprivileged()
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        for args in [("convert", REFERENCE_LETTER, "-o", out, "--to", "ttl,xml"),
                     ("convert", REFERENCE_LETTER, "-o", out / "sub"),
                     ("extract", REFERENCE_LETTER, "-o", out / "letter.facts.yaml")]:
            proc = c87_process(*args, wrap=wrap)
            line = assert_one_error_line(proc, 5, "cannot write (permission denied)")
            assert "ask its owner for write access" in line
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o755)


def test_item1_path_under_a_file_is_cannot_write(run, tmp_path: Path) -> None:
    # ENOTDIR: refused to root as to anyone
    plain = tmp_path / "notes.txt"
    plain.write_text("a file, not a folder\n", encoding="utf-8")
    for args in [("convert", str(REFERENCE_LETTER), "-o", str(plain / "out")),
                 ("extract", str(REFERENCE_LETTER), "-o", str(plain / "x.yaml"))]:
        result = run(*args)
        assert result.exit_code == 5, result.stderr
        assert result.stderr == (f"c87: error: {args[3]}: cannot write (a part of the path "
                                 "is a file, not a folder): give another path; nothing was "
                                 "left half-written\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def _full_device(tmp_path: Path) -> Path:
    """A device that is always full: a node of our own as root (so that no bug can ever
    replace the machine's /dev/full), else /dev/full (a user cannot replace it)."""
    if os.geteuid() != 0:
        return Path("/dev/full")
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        node.open("wb").close()  # a folder mounted nodev refuses to open devices
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc.strerror}")
    return node


def test_item1_full_disk_is_cannot_write(tmp_path: Path) -> None:
    full = _full_device(tmp_path)
    proc = c87_process("extract", REFERENCE_LETTER, "-o", full)
    assert_one_error_line(proc, 5, f"{full}: cannot write (the disk is full)",
                          "free some space or write elsewhere")
    assert stat.S_ISCHR(full.stat().st_mode)  # written into, never replaced
    for args in [("extract", REFERENCE_LETTER),
                 ("convert", REFERENCE_LETTER, "-o", "-", "--to", "nt"),
                 ("principles",)]:
        with full.open("w") as sink:
            proc = c87_process(*args, stdout=sink)
        assert_one_error_line(proc, 5, "<stdout>: cannot write (the disk is full)")


def test_item1_full_disk_midway_through_a_batch(mounts: list[str], tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    probe = tmp_path / "probe"
    assert c87_process("convert", REFERENCE_LETTER, "-o", probe, "--to", "ttl").returncode == 0
    one = (probe / f"{CASE}.ttl").stat().st_size
    # room for the first output and part of the second, written as the letters come
    size = f"{(one * 3 // 2) // 1024}k"
    script = (f'mount -t tmpfs -o size={size} tmpfs "$0" && "$@"; status=$?; '
              'find "$0" -type f -printf "%P %s\\n"; exit $status')
    wrap = [*mounts, "sh", "-c", script, str(disk)]
    proc = c87_process("convert", REFERENCE_LETTER, letters(tmp_path, 3), "-o", disk / "out",
                       "--to", "ttl,nq", "--jobs", "1", "-q", wrap=wrap)
    line = assert_one_error_line(proc, 5, "cannot write (the disk is full)")
    assert "nothing was left half-written" in line
    files = dict(entry.rsplit(" ", 1) for entry in proc.stdout.split("\n") if entry)
    assert not [name for name in files if name.endswith(".tmp") or ".c87-tmp" in name]
    assert files[f"out/{CASE}.ttl"] == str(one)  # the outputs written before are whole


def test_item1_a_pipe_as_output_is_written_into(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    proc = c87_process("extract", REFERENCE_LETTER, "-o", pipe)
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert got and got[0].startswith(b"c87: 1\n")
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe, not a file renamed over it


# -- item 2: a store that may not be written can still be read ----------------------------------

REFERENCE_FACTS = ROOT / "tests" / "data" / "facts" / "reference.yaml"
READS = [("query", "timeline"), ("query", "by-principle", "--format", "json"),
         ("query", "cases"), ("store", "info")]


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the reference letter, made once: tests read copies of it."""
    store = tmp_path_factory.mktemp("loaded") / "store"
    proc = c87_process("load", REFERENCE_FACTS, "--store", store)
    assert proc.returncode == 0, proc.stderr
    return store


def store_copy(loaded_store: Path, tmp_path: Path) -> Path:
    """A copy of the loaded store, as an archive handed to a colleague would be."""
    copy = tmp_path / "share" / "store"
    shutil.copytree(loaded_store, copy)
    return copy


def test_item2_read_only_store_can_be_queried(mounts: list[str], loaded_store: Path,
                                              tmp_path: Path) -> None:
    store = store_copy(loaded_store, tmp_path)
    ro = read_only(mounts, store.parent)
    for args in READS:
        proc = c87_process(*args, "--store", store, wrap=ro)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""
    timeline = c87_process("query", "timeline", "--store", store, wrap=ro).stdout
    assert "osmonov-house-arrest" in timeline and timeline.endswith("(20 rows)\n")
    info = c87_process("store", "info", "--store", store, wrap=ro).stdout
    assert f"{CASE}  1616" in info
    for args in [("load", REFERENCE_FACTS), ("store", "remove", CASE)]:
        proc = c87_process(*args, "--store", store, wrap=ro)
        line = assert_one_error_line(proc, 4, f"{store}: cannot write the store: it is on a "
                                              "read-only disk or mount")
        assert "c87 query and c87 store info read it as it is" in line
        assert f"copy it (cp -r {store} NEW-FOLDER) and give --store NEW-FOLDER" in line


def test_item2_reading_a_store_never_writes_it(run, loaded_store: Path, tmp_path: Path) -> None:
    store = store_copy(loaded_store, tmp_path)
    before = tree(store)
    time.sleep(0.05)  # a write now would show in the mtimes
    for args in READS:
        result = run(*args, "--store", str(store))
        assert result.exit_code == 0, result.stderr
    proc = c87_process("query", "victims", "--store", store)
    assert proc.returncode == 0, proc.stderr
    assert tree(store) == before  # no new file (not even a log), no byte or mtime changed


def test_item2_store_its_reader_may_not_write(loaded_store: Path, tmp_path: Path) -> None:
    wrap = unprivileged()
    store = store_copy(loaded_store, tmp_path)
    for path in [store, *store.iterdir()]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        for args in READS:
            proc = c87_process(*args, "--store", store, wrap=wrap)
            assert proc.returncode == 0, proc.stderr
        for args in [("load", REFERENCE_FACTS), ("store", "remove", CASE)]:
            proc = c87_process(*args, "--store", store, wrap=wrap)
            line = assert_one_error_line(proc, 4, f"{store}: cannot write the store: "
                                                  "permission denied")
            assert "c87 query and c87 store info can still read it" in line
            assert "ask its owner for write access, or copy it (cp -r" in line
    finally:
        store.chmod(0o755)


def test_item2_store_its_reader_may_not_read(loaded_store: Path, tmp_path: Path) -> None:
    wrap = unprivileged()
    store = store_copy(loaded_store, tmp_path)
    store.chmod(0)
    try:
        for args in [*READS, ("load", REFERENCE_FACTS)]:
            proc = c87_process(*args, "--store", store, wrap=wrap)
            assert_one_error_line(proc, 4, f"{store}: cannot read the store: permission "
                                           "denied: ask its owner for read access to the "
                                           "folder and its files, or for a copy of it")
    finally:
        store.chmod(0o755)


def test_item2_readers_and_writers_wait_for_each_other(loaded_store: Path,
                                                       tmp_path: Path) -> None:
    from c87.errors import StoreError
    from c87.store import EmbeddedStore, store_info

    store = store_copy(loaded_store, tmp_path)
    busy = {**ENV, "C87_STORE_WAIT": "0.5"}

    def other(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "c87", *map(str, args), "--store",
                               str(store)], env=busy, capture_output=True, text=True,
                              timeout=120)

    with EmbeddedStore(store, read_only=True) as reader:
        with EmbeddedStore(store, read_only=True) as second:  # readers share it
            assert store_info(second).letters == store_info(reader).letters
        assert other("query", "cases").returncode == 0
        writer = other("load", REFERENCE_FACTS)
        assert writer.returncode == 4 and "is in use by another process" in writer.stderr
    with EmbeddedStore(store):
        reader_proc = other("query", "cases")
        assert reader_proc.returncode == 4
        assert "is in use by another process (waited 0.5 s)" in reader_proc.stderr
        with pytest.raises(StoreError, match="is open to write in this process"):
            EmbeddedStore(store, read_only=True)
    assert other("load", REFERENCE_FACTS).returncode == 0  # all locks were released


# -- item 3: nothing is fetched, and nothing read, that the user did not name -----------------

SERVICE_ROWS = (b'{"head": {"vars": ["greeting"]}, "results": {"bindings": '
                b'[{"greeting": {"type": "literal", "value": "hello from the service"}}]}}')


class _Listener(http.server.BaseHTTPRequestHandler):
    """Records every request; /sparql answers SPARQL JSON results, /context a JSON-LD
    context, /entity some text, anything else 501."""

    requests: typing.ClassVar[list[tuple[str, str]]] = []

    def _answer(self) -> None:
        self.requests.append((self.command, self.path))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        body, kind, status = {
            "/sparql": (SERVICE_ROWS, "application/sparql-results+json", 200),
            "/context": (b'{"@context": {"p": "http://example.org/p"}}',
                         "application/ld+json", 200),
            "/entity": (b"FETCHED", "text/plain", 200),
        }.get(path, (b"", "text/plain", 501))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    """A loopback HTTP server that records every request it gets: its base address."""
    _Listener.requests = []
    with serve_on_loopback(_Listener) as url:
        yield url


class Tripwire:
    """A named pipe that tells whether anything opened it to read: a reader's open waits
    for a writer, and the watcher, which polls for one, then writes ``TRIPWIRE``."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.opened = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader
                time.sleep(0.002)
                continue
            self.opened = True
            with contextlib.suppress(OSError):
                os.write(fd, b"TRIPWIRE")
            os.close(fd)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def assert_untouched(self) -> None:
        """Nothing opened the pipe; and (the control) reading it now does trip it."""
        assert not self.opened
        assert self.path.read_bytes().startswith(b"TRIPWIRE") and self.opened


@pytest.fixture
def tripwire(tmp_path: Path) -> Iterator[Tripwire]:
    wire = Tripwire(tmp_path / "secret")
    try:
        yield wire
    finally:
        wire.close()


@pytest.fixture
def reference_store(run, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    assert run("load", str(REFERENCE_FACTS), "--store", str(store)).exit_code == 0
    return store


def rq(tmp_path: Path, text: str, name: str = "custom.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


SERVICE_QUERIES = {
    "upper": "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "lower": "select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}",
    "silent": "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}/sparql> "
              "{{ ?s ?q ?r }} }} }}",
    "subquery": "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/sparql> "
                "{{ ?s ?p ?o }} }} }} }}",
    "prefixed": "PREFIX remote: <{url}/> SELECT * WHERE {{ SERVICE remote:sparql "
                "{{ ?s ?p ?o }} }}",
    "variable": "SELECT * WHERE {{ VALUES ?where {{ <{url}/sparql> }} SERVICE ?where "
                "{{ ?s ?p ?o }} }}",
    "exists": "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/sparql> "
              "{{ ?s ?q ?r }} }} }}",
    "union-graph": "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ SERVICE "
                   "<{url}/sparql> {{ ?s ?q ?r }} }} }} }}",
    "ask": "ASK {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "after-comment": "# SERVICE is in this comment too\nSELECT * WHERE {{ ?a ?b \"x\" . "
                     "SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
}


@pytest.mark.parametrize("kind", SERVICE_QUERIES)
def test_item3_service_is_refused_by_default(run, reference_store: Path, tmp_path: Path,
                                             listener: str, kind: str) -> None:
    query = rq(tmp_path, SERVICE_QUERIES[kind].format(url=listener))
    result = run("query", str(query), "--store", str(reference_store))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"c87: error: {query}: the query calls another SPARQL "
                                    "endpoint (")
    assert "c87 refuses SERVICE by default" in result.stderr
    assert "give --allow-service to run it anyway" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert _Listener.requests == []


def test_item3_an_escaped_service_keyword_fetches_nothing(run, reference_store: Path,
                                                          tmp_path: Path, listener: str) -> None:
    query = rq(tmp_path, f"SELECT * WHERE {{ \\u0053ERVICE <{listener}/sparql> {{ ?s ?p ?o }} }}")
    result = run("query", str(query), "--store", str(reference_store))
    assert result.exit_code == 2 and "SERVICE" in result.stderr
    assert _Listener.requests == []


def test_item3_service_in_a_comment_a_string_or_a_name_is_not_refused(
        run, reference_store: Path, tmp_path: Path, listener: str) -> None:
    query = rq(tmp_path, f"# SERVICE <{listener}/sparql> is only mentioned here\n"
                         "PREFIX ex: <http://example.org/>\n"
                         f"SELECT ?service WHERE {{ BIND(\"SERVICE <{listener}/sparql>\" AS "
                         f"?service) OPTIONAL {{ ?service ex:service <{listener}/SERVICE> }} }}")
    result = run("query", str(query), "--store", str(reference_store), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == f"SERVICE <{listener}/sparql>"
    assert _Listener.requests == []


def test_item3_allow_service_sends_the_request(run, reference_store: Path, tmp_path: Path,
                                               listener: str) -> None:
    query = rq(tmp_path, f"SELECT ?greeting WHERE {{ SERVICE <{listener}/sparql> "
                         "{ ?s ?p ?greeting } }")
    result = run("query", str(query), "--store", str(reference_store), "--allow-service",
                 "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["greeting", "hello from the service"]
    assert [method for method, _ in _Listener.requests] == ["POST"]


def test_item3_a_failing_service_is_not_reported_as_the_store(
        run, reference_store: Path, tmp_path: Path, listener: str) -> None:
    query = rq(tmp_path, f"SELECT * WHERE {{ SERVICE <{listener}/broken> {{ ?s ?p ?o }} }}")
    result = run("query", str(query), "--store", str(reference_store), "--allow-service")
    assert result.exit_code == 4
    assert result.stderr.startswith("c87: error: the query's SERVICE call failed: ")
    assert "cannot read the store" not in result.stderr
    assert _Listener.requests == [("POST", "/broken")]


def test_item3_the_stores_refuse_service_from_python(reference_store: Path,
                                                     listener: str) -> None:
    from c87.errors import UsageError
    from c87.store import Endpoints, RemoteStore, open_store

    text = f"SELECT * WHERE {{ SERVICE <{listener}/sparql> {{ ?s ?p ?o }} }}"
    with open_store(store=reference_store, read_only=True) as embedded, \
            pytest.raises(UsageError, match="refuses SERVICE"):
        embedded.select(text)
    remote = RemoteStore(Endpoints.of(f"{listener}/query"), retries=0)
    with remote, pytest.raises(UsageError, match="refuses SERVICE"):
        remote.select(text)
    assert _Listener.requests == []  # not even the server was asked


def test_item3_builtin_queries_call_no_service() -> None:
    from c87.store import builtin_queries, query_services

    for query in builtin_queries().values():
        assert query_services(query.text) == (), query.name


UPDATES = {
    "load": "LOAD <{url}/data.ttl>",
    "load-into": "LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:x>",
    "select-then-load": "SELECT * WHERE {{ ?s ?p ?o }} ; LOAD <{url}/data.ttl>",
    "insert": "INSERT DATA {{ <urn:a> <urn:b> <{url}/c> }}",
}


@pytest.mark.parametrize("kind", UPDATES)
def test_item3_updates_and_load_in_a_query_are_refused(run, reference_store: Path,
                                                       tmp_path: Path, listener: str,
                                                       kind: str) -> None:
    before = tree(reference_store)
    query = rq(tmp_path, UPDATES[kind].format(url=listener))
    result = run("query", str(query), "--store", str(reference_store), "--allow-service")
    assert result.exit_code == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert _Listener.requests == []
    assert tree(reference_store) == before


def test_item3_from_and_file_iris_in_a_query_read_nothing(
        run, reference_store: Path, tmp_path: Path, listener: str,
        tripwire: Tripwire) -> None:
    secret = tripwire.path.as_uri()
    query = rq(tmp_path, f"SELECT * FROM <{listener}/data.ttl> FROM NAMED <{secret}> "
                         "WHERE { ?s ?p ?o }")
    result = run("query", str(query), "--store", str(reference_store))
    assert result.exit_code == 0, result.stderr
    query = rq(tmp_path, f"SELECT * WHERE {{ SERVICE <{tripwire.path.as_uri()}> {{ ?s ?p ?o }} }}")
    assert run("query", str(query), "--store", str(reference_store)).exit_code == 2
    assert _Listener.requests == []
    tripwire.assert_untouched()


def test_item3_remote_jsonld_context_is_not_fetched(run, tmp_path: Path, listener: str,
                                                    tripwire: Tripwire) -> None:
    contexts = {"web": f'"{listener}/context"', "file": f'"{tripwire.path.as_uri()}"',
                "import": f'{{"@import": "{listener}/context", "q": "http://example.org/q"}}',
                "list": f'["{listener}/context", {{"q": "http://example.org/q"}}]'}
    for kind, context in contexts.items():
        path = tmp_path / f"{kind}.jsonld"
        path.write_text(f'{{"@context": {context}, "@id": "http://example.org/a", "p": "x"}}',
                        encoding="utf-8")
        for args in [("validate", str(path)),
                     ("load", str(path), "--store", str(tmp_path / "store"))]:
            result = run(*args)
            assert result.exit_code == 1, (kind, result.stdout, result.stderr)
            assert (f"c87: error: {path}: asks for a JSON-LD context by its address; c87 "
                    "fetches nothing while reading") in result.stderr
    assert _Listener.requests == []
    tripwire.assert_untouched()
    assert not (tmp_path / "store").exists()


def test_item3_xml_inputs_fetch_and_read_nothing(run, tmp_path: Path, listener: str,
                                                 tripwire: Tripwire) -> None:
    rdf = ('xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns:xi="http://www.w3.org/2001/XInclude" xmlns:e="http://example.org/"')
    secret = tripwire.path.as_uri()
    files = {
        "entity.rdf": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY s SYSTEM "{secret}">'
                      f'<!ENTITY w SYSTEM "{listener}/entity">]>\n<rdf:RDF {rdf}>'
                      '<rdf:Description rdf:about="http://example.org/a"><e:p>&s;&w;</e:p>'
                      '</rdf:Description></rdf:RDF>\n',
        "xinclude.rdf": f'<?xml version="1.0"?>\n<rdf:RDF {rdf}><rdf:Description '
                        f'rdf:about="http://example.org/a"><e:p><xi:include href="{secret}" '
                        f'parse="text"/></e:p></rdf:Description><xi:include '
                        f'href="{listener}/entity"/></rdf:RDF>\n',
        "base.rdf": f'<?xml version="1.0"?>\n<rdf:RDF {rdf} xml:base="{secret}">'
                    f'<rdf:Description rdf:about="#a"><e:p rdf:resource="{listener}/entity"/>'
                    '</rdf:Description></rdf:RDF>\n',
        "complaint.xml": '<?xml version="1.0"?>\n<akomaNtoso xmlns="http://docs.oasis-open.org/'
                         'legaldocml/ns/akn/3.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
                         f'<xi:include href="{secret}" parse="text"/><xi:include '
                         f'href="{listener}/entity"/></akomaNtoso>\n',
        "imports.ttl": f'<{secret}> <http://www.w3.org/2002/07/owl#imports> <{listener}/entity>, '
                       f'<{secret}> .\n',
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = run("validate", str(path))
        assert "TRIPWIRE" not in result.stdout + result.stderr
        assert "FETCHED" not in result.stdout + result.stderr
        if name.endswith(".rdf"):
            run("load", str(path), "--store", str(tmp_path / "store"))
    letter = tmp_path / "letter.html"
    letter.write_text(f'<!DOCTYPE html [<!ENTITY s SYSTEM "{secret}">]><html><head><link '
                      f'rel="stylesheet" href="{listener}/entity"><base href="{secret}"></head>'
                      f'<body><p>On 3 June 2020 the police arrested the union leader. &s;</p>'
                      f'<img src="{secret}"><iframe src="{listener}/entity"></iframe></body>'
                      '</html>', encoding="utf-8")
    result = run("extract", str(letter))
    assert "TRIPWIRE" not in result.stdout and "FETCHED" not in result.stdout
    assert _Listener.requests == []
    tripwire.assert_untouched()


# -- item 5: a DTD is refused with a message that says so ------------------------------------

RDF_XML_BODY = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:e="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
                '<e:p>&x;</e:p></rdf:Description></rdf:RDF>\n')
DTDS = {
    "internal-entity": '<!DOCTYPE rdf:RDF [<!ENTITY x "expanded">]>',
    "single-quoted": "<!DOCTYPE rdf:RDF [<!ENTITY x 'expanded'>]>",
    "external-entity": '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
    "external-dtd": '<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:9/evil.dtd">',
    "billion-laughs": "<!DOCTYPE rdf:RDF [<!ENTITY x0 \"ha\">" + "".join(
        f'<!ENTITY x{i} "{f"&x{i - 1};" * 10}">' for i in range(1, 10))
        + '<!ENTITY x "&x9;">]>',
}


@pytest.mark.parametrize("kind", DTDS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_item5_rdf_xml_with_a_dtd_says_dtds_are_not_accepted(
        run, tmp_path: Path, kind: str, encoding: str) -> None:
    from c87.errors import ContentError
    from c87.input.rdf import parse_rdf

    path = tmp_path / f"{kind}.rdf"
    text = f'<?xml version="1.0" encoding="{encoding}"?>\n<!-- a comment -->\n{DTDS[kind]}\n'
    path.write_bytes((text + RDF_XML_BODY).encode(encoding))
    expected = (f"c87: error: {path}:3: has a DOCTYPE declaration: DTDs and entities are not "
                "accepted (c87 resolves none, reads and fetches nothing they name, and never "
                "writes them)\n")
    started = time.monotonic()
    result = run("validate", str(path))
    assert result.exit_code == 1 and result.stderr == expected
    result = run("load", str(path), "--store", str(tmp_path / "store"))
    assert result.exit_code == 1 and result.stderr.startswith(expected)
    assert not (tmp_path / "store").exists()
    with pytest.raises(ContentError, match="DTDs and entities are not accepted"):
        parse_rdf(path)
    assert time.monotonic() - started < 10  # no entity was expanded on the way
    assert "expanded" not in result.stdout + result.stderr


def test_item5_a_doctype_outside_the_prolog_is_not_a_dtd(tmp_path: Path) -> None:
    from c87.input.rdf import parse_rdf

    path = tmp_path / "comment.rdf"
    path.write_text('<?xml version="1.0"?>\n' + RDF_XML_BODY.replace(
        "&x;", "<!-- <!DOCTYPE x> is only mentioned --> text"), encoding="utf-8")
    assert [q[2].value for q in parse_rdf(path)] == [" text"]  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["internal-entity", "external-entity", "billion-laughs"])
def test_item5_complaint_xml_with_a_dtd_says_dtds_are_not_accepted(
        run, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.xml"
    body = ('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
            '<doc name="complaint"><meta/>&x;</doc></akomaNtoso>\n')
    dtd = DTDS[kind].replace("rdf:RDF", "akomaNtoso")
    path.write_text(f'<?xml version="1.0"?>\n{dtd}\n{body}', encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr == (f"c87: error: {path}:2: has a DOCTYPE declaration: DTDs and "
                             "entities are not accepted (c87 resolves none, reads and fetches "
                             "nothing they name, and never writes them)\n")


# -- item 4: shared outputs name the letter's file, never its folders ---------------------------

ALL_FORMATS = "ttl,nt,nq,trig,jsonld,rdf,xml,html"
EXAMPLE_PROFILE = ROOT / "examples" / "complainant.yaml"


def test_item4_same_letter_from_two_folders_gives_the_same_bytes(run, tmp_path: Path) -> None:
    from c87.input import complaint_to_facts, graph_to_facts

    # The example profile is signed by a placeholder, which validate rightly fails.
    signed = tmp_path / "profile.yaml"
    signed.write_text(EXAMPLE_PROFILE.read_text(encoding="utf-8").replace(
        "name: Jane Doe", "name: Maria Lindqvist"), encoding="utf-8")
    outputs = {}
    for owner in ("alice-k2", "bob-the-builder"):
        folder = tmp_path / "home" / owner / "dossiers-q7" / "2020"
        folder.mkdir(parents=True)
        letter = folder / "letter.txt"
        shutil.copy(REFERENCE_LETTER, letter)
        out = tmp_path / f"out-{owner}"
        result = run("convert", str(letter), "-o", str(out), "--to", ALL_FORMATS,
                     "--complainant", str(signed))
        assert result.exit_code == 0, result.stderr
        outputs[owner] = {p.name: p.read_bytes() for p in sorted(out.glob(f"{CASE}.*"))}
        assert len(outputs[owner]) == 8
        for name, data in outputs[owner].items():
            for word in (owner.encode(), b"/home/", b"dossiers-q7", str(tmp_path).encode()):
                assert word not in data, (name, word)
        assert graph_to_facts(out / f"{CASE}.ttl").source.path == "letter.txt"
        assert complaint_to_facts(out / f"{CASE}.xml").source.path == "letter.txt"
        validated = run("validate", *(str(out / f"{CASE}.{ext}") for ext in ("nq", "xml")))
        assert validated.exit_code == 0, validated.stdout
    assert outputs["alice-k2"] == outputs["bob-the-builder"]
    assert b'dcterms:source "letter.txt"' in outputs["alice-k2"][f"{CASE}.ttl"]
    assert b"<c87:path>letter.txt</c87:path>" in outputs["alice-k2"][f"{CASE}.xml"]


def test_item4_facts_files_and_the_store_keep_no_folders(run, tmp_path: Path) -> None:
    graphs = {}
    for owner in ("alice-k2", "bob-the-builder"):
        folder = tmp_path / owner / "dossiers-q7"
        folder.mkdir(parents=True)
        letter = folder / "letter.txt"
        shutil.copy(REFERENCE_LETTER, letter)
        facts = folder / "letter.facts.yaml"
        assert run("extract", str(letter), "-o", str(facts)).exit_code == 0
        # the working copy keeps the path given, so that convert attaches the letter ...
        assert f"path: {letter}" in facts.read_text(encoding="utf-8")
        out = tmp_path / f"out-{owner}"
        assert run("convert", str(facts), "-o", str(out), "--to", "nq,xml",
                   "--complainant", str(EXAMPLE_PROFILE)).exit_code == 0
        xml = (out / f"{CASE}.xml").read_bytes()
        assert b'attached="true"' in xml and owner.encode() not in xml
        # ... and the graph loaded into a store, like every shared output, does not
        store = tmp_path / f"store-{owner}"
        assert run("load", str(letter), "--store", str(store)).exit_code == 0
        dump = run("query", str(rq(tmp_path, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                                   f"{owner}.rq")), "--store", str(store), "--format", "tsv")
        graphs[owner] = sorted(dump.stdout.splitlines())
        assert owner not in dump.stdout and '"letter.txt"' in dump.stdout
        graphs[owner + "-nq"] = (out / f"{CASE}.nq").read_bytes()
    assert graphs["alice-k2"] == graphs["bob-the-builder"]
    assert graphs["alice-k2-nq"] == graphs["bob-the-builder-nq"]
