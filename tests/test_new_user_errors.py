"""What a new user hit (issue 12, errors and security): each item's regression tests.

The situations are real, not mocked: a read-only mount (a private mount namespace made
with ``unshare``, so the machine's own mounts are untouched), a folder its user may not
write (as root, ``setpriv`` drops the capabilities that let root write anywhere), a
path under a regular file, a full disk (``/dev/full``, and a tiny tmpfs), a loopback
HTTP listener that records every request, and named pipes that tell whether anything
opened them. A test whose situation this machine cannot make is skipped, saying why.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
import time
import typing
from pathlib import Path

import pytest

from .conftest import LETTERS, REFERENCE_LETTER, ROOT

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
def mounts() -> list[str]:
    """The prefix that runs a command in a mount namespace of its own, if this machine
    allows one (containers often do not); else the test is skipped."""
    probe = subprocess.run([*_unshare(), "sh", "-c", "mount -t tmpfs tmpfs /mnt && "
                            "mount -o remount,ro /mnt && ! touch /mnt/x 2>/dev/null"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"no private mounts here: {probe.stderr.strip()[:200]}")
    return _unshare()


def read_only(mounts: list[str], folder: Path) -> list[str]:
    """A prefix that runs a command with ``folder`` mounted read-only (for it alone)."""
    script = ('mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"')
    return [*mounts, "sh", "-c", script, str(folder)]


def tiny_disk(mounts: list[str], folder: Path, size: str) -> list[str]:
    """A prefix that runs a command with a tmpfs of ``size`` mounted on ``folder``."""
    script = f'mount -t tmpfs -o size={size} tmpfs "$0" && exec "$@"'
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
    assert f"{CASE}  1119" in info
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
    from c87.output.store import EmbeddedStore, store_info

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
