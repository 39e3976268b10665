"""The folders of an embedded store: its generations, the file that names the live one,
and the next generation a write builds beside it (:class:`NextGeneration`).

A store folder holds::

    LOCK          the store's lock: a writer holds it alone, readers share it
    generation    the name of the live generation ("g000007"), replaced in one rename
    g000007/      the live generation: an Oxigraph store, never written once live
    g000008/      the next one, while a write builds it (or left by a write that was killed)

A write (a load, a removal) builds the next generation -- from nothing when it replaces
every graph of the live one, else from a backup of it (hard links, so no copy) with the
graphs it replaces taken out -- bulk-loads its graphs into it in batches, closes it, and
only then renames a new ``generation`` file over the old one. That rename is the commit:
until it, readers and the file name the old generation, untouched; after it, the new one,
whole. Whatever else is in the folder is garbage, removed by the next writer.

A store an earlier c87 made is one Oxigraph store in the folder itself (no
``generation`` file): it is read as it is, and the first writer copies it into the first
generation and then removes its files (:func:`migrate`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

from c87.errors import ContentError, StoreError
from c87.store.spool import GraphSpool

POINTER = "generation"
"""The file that names the live generation."""

BATCH_TRIPLES = 50_000
"""Triples per bulk load: pyoxigraph's bulk loader holds a batch in memory (about a
kilobyte a triple), so this bounds a load's memory whatever its size."""

FLUSH_TRIPLES = 20_000
"""Triples taken out of the next generation between two flushes to disk, which bound the
memory of the deletions likewise."""

_GENERATION = re.compile(r"g(\d{6,})")
_ROCKSDB_FILES = re.compile(r"CURRENT|IDENTITY|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+"
                            r"(\.dbtmp)?|\d+\.(sst|log|blob|dbtmp)|\d+\.sst\.tmp")
"""The files of an Oxigraph (RocksDB) store in its folder, but for its ``LOCK``."""


def live_generation(folder: Path) -> Path | None:
    """The folder of the live generation of the store in ``folder``: the one the
    ``generation`` file names; the store folder itself for a store an earlier c87 made;
    None for a store that holds nothing yet. Raises OSError when the folder cannot be
    read, and StoreError when the file names no generation there."""
    try:
        name = (folder / POINTER).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return folder if (folder / "CURRENT").exists() else None
    except UnicodeDecodeError:
        name = ""
    live = folder / name
    if not _GENERATION.fullmatch(name) or not live.is_dir():
        raise StoreError(f"is damaged: its file {POINTER} names no generation of the store "
                         f"({name[:40]!r})", path=folder)
    return live


def collect_garbage(folder: Path) -> None:
    """Remove from ``folder`` what no reader sees: every generation but the live one, a
    ``generation`` file left half-written, and, once the store has generations, the files
    of the store an earlier c87 kept in the folder itself. Only a writer calls it,
    holding the store's lock, so no reader is using any of them."""
    live = live_generation(folder)
    for entry in folder.iterdir():
        if entry == live:
            continue
        if _GENERATION.fullmatch(entry.name) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name == POINTER + ".tmp" or (
                live is not None and live != folder and _ROCKSDB_FILES.fullmatch(entry.name)):
            entry.unlink(missing_ok=True)


def migrate(folder: Path, notify: Callable[[str], None] | None = None) -> None:
    """Copy the store an earlier c87 kept in ``folder`` itself into the store's first
    generation, then remove its files. Only a writer calls it, holding the store's lock.

    The copy goes through a dump of every quad (the store read as readers read it, its
    log included), not a backup: an earlier c87 left its last writes in RocksDB's log,
    which a backup of a store open to read leaves out.
    """
    import pyoxigraph as ox

    if notify is not None:
        notify(f"{folder}: copying the store into the layout of this c87 (once)")
    with NextGeneration(folder, None, ()) as following, tempfile.TemporaryFile(
            prefix="c87-migrate-") as dump:
        ox.Store.read_only(str(folder)).dump(dump, format=ox.RdfFormat.N_QUADS)
        dump.seek(0)
        following.load_quads(dump)
        following.commit()
    collect_garbage(folder)


def _give_back_memory() -> None:
    """Hand the memory C code has freed back to the system (glibc keeps it otherwise, in
    one heap per thread RocksDB ran), so that a write's peak is that of its largest step,
    not their sum; nothing where the C library is another."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _next_name(folder: Path) -> str:
    numbers = [int(m.group(1)) for entry in folder.iterdir()
               if (m := _GENERATION.fullmatch(entry.name))]
    return f"g{max(numbers, default=0) + 1:06d}"


def _fsync_folder(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _cannot_write(exc: OSError, folder: Path) -> StoreError:
    reason = exc.strerror or str(exc)
    if "No space left" in str(exc):
        reason = "the disk is full"
    return StoreError(f"cannot write the store (nothing was changed): {reason}", path=folder)


class NextGeneration:
    """The generation a write builds beside the live one, in ``folder``.

    ``live`` is the live generation's folder (None for a store that holds nothing yet),
    and ``replacing`` the names of the graphs the write replaces or removes. When those
    are every graph the live generation holds, the next one starts empty; otherwise it
    starts as a backup of the live one (hard links to its files) without them.
    :meth:`load` and :meth:`commit` follow; :meth:`discard` (or leaving the ``with``
    block on an error) removes it, and the store is as it was.
    """

    def __init__(self, folder: Path, live: Path | None, replacing: Collection[str],
                 notify: Callable[[str], None] | None = None) -> None:
        import pyoxigraph as ox

        self.folder = folder
        self.path = folder / _next_name(folder)
        self.notify = notify
        self._db: Any = None
        self._committed = False
        _give_back_memory()  # what reading the inputs left
        try:
            old = ox.Store.read_only(str(live)) if live is not None else None
            names = {g.value for g in old.named_graphs()} if old is not None else set()
            # the default graph too: c87 writes none, but another program may have
            kept = bool(names - set(replacing)) or (
                old is not None and bool(old.query("ASK { ?s ?p ?o }")))
            if kept:
                old.backup(str(self.path))
            del old  # closed: its caches are not needed from here on
            self._db = ox.Store(str(self.path))
            if kept and set(replacing) & names:
                self._remove([n for n in replacing if n in names])
                # reopened, so that what the deletions kept in memory (the files they
                # read, their write buffers) is let go before the bulk loads
                self._db = None
                _give_back_memory()
                self._db = ox.Store(str(self.path))
        except OSError as exc:
            self.discard()
            raise _cannot_write(exc, folder) from None

    def __enter__(self) -> NextGeneration:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is not None:
            self.discard()

    def _remove(self, names: list[str]) -> None:
        import pyoxigraph as ox

        since_flush = 0
        for name in names:
            graph = ox.NamedNode(name)
            count = self._db.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} "
                                   "{ ?s ?p ?o } }")
            since_flush += int(next(iter(count))["n"].value)
            self._db.remove_graph(graph)
            if since_flush >= FLUSH_TRIPLES:
                self._db.flush()
                since_flush = 0
        if since_flush:
            self._db.flush()

    def remove(self, names: Collection[str]) -> None:
        """Take the graphs ``names`` out (those it holds)."""
        import pyoxigraph as ox

        try:
            self._remove([n for n in names if self._db.contains_named_graph(ox.NamedNode(n))])
        except OSError as exc:
            raise _cannot_write(exc, self.folder) from None

    def load(self, spool: GraphSpool) -> None:
        """Bulk-load the graphs of ``spool``, :data:`BATCH_TRIPLES` at a time, saying how
        far it is every ten seconds or so."""
        done, told = 0, time.monotonic()
        for batch, data in spool.batches(triples=BATCH_TRIPLES):
            self._bulk_load(data, ", ".join(g.label for g in batch[:3])
                            + (" ..." if len(batch) > 3 else ""))
            done += sum(g.triples for g in batch)
            if self.notify is not None and time.monotonic() - told >= 10 and done < spool.triples:
                self.notify(f"loading: {done:,} of {spool.triples:,} triples written")
                told = time.monotonic()

    def load_quads(self, lines: Iterable[bytes]) -> None:
        """Bulk-load N-Quads given line by line, :data:`BATCH_TRIPLES` lines at a time."""
        batch: list[bytes] = []
        for line in lines:
            batch.append(line)
            if len(batch) >= BATCH_TRIPLES:
                self._bulk_load(b"".join(batch), "the store")
                batch.clear()
        if batch:
            self._bulk_load(b"".join(batch), "the store")

    def _bulk_load(self, data: bytes, what: str) -> None:
        import pyoxigraph as ox

        try:
            self._db.bulk_load(data, ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise ContentError(f"the graphs cannot be loaded (nothing was changed): {exc} "
                               f"(in {what})") from None
        except OSError as exc:
            raise _cannot_write(exc, self.folder) from None

    def commit(self) -> Path:
        """Close the next generation, make it the live one; its folder."""
        try:
            self._db.flush()
            self._db = None  # closes it
            _fsync_folder(self.path)
            pointer = self.folder / (POINTER + ".tmp")
            with pointer.open("w", encoding="ascii") as out:
                out.write(self.path.name + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(pointer, self.folder / POINTER)  # the commit
            self._committed = True
        except OSError as exc:
            self.discard()
            raise _cannot_write(exc, self.folder) from None
        _fsync_folder(self.folder)
        return self.path

    def discard(self) -> None:
        """Remove the next generation, unless it was committed: the live one stays as it
        was."""
        self._db = None
        if self._committed:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        (self.folder / (POINTER + ".tmp")).unlink(missing_ok=True)
