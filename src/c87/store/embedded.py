"""The embedded store: Oxigraph stores in a folder on disk (pyoxigraph), the default
(:func:`default_store_path`). Every write builds the store's next generation with
Oxigraph's bulk loader and makes it the live one in one rename, so that a write that
fails or is killed changes nothing (:mod:`c87.store.generations`); one process writes it
at a time, readers share it, and each waits for the other (:class:`EmbeddedStore`).
"""

from __future__ import annotations

import errno
import os
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from c87.errors import InputError, StoreError, UsageError
from c87.store.base import GraphData, Results, Term
from c87.store.generations import (
    POINTER,
    NextGeneration,
    collect_garbage,
    live_generation,
    migrate,
)
from c87.store.sparql import query_services, refuse_services
from c87.store.spool import GraphSpool, spool_of

STORE_WAIT = 30.0
"""Seconds to wait for an embedded store that another process holds (``C87_STORE_WAIT``)."""


def default_store_path() -> Path:
    """Where the embedded store lives unless ``--store`` says otherwise.

    ``$C87_STORE`` if set, else ``$XDG_DATA_HOME/c87/store`` (by default
    ``~/.local/share/c87/store``).
    """
    explicit = os.environ.get("C87_STORE")
    if explicit:
        return Path(explicit).expanduser()
    data = os.environ.get("XDG_DATA_HOME")
    base = Path(data) if data and Path(data).is_absolute() else Path.home() / ".local" / "share"
    return base / "c87" / "store"


def _from_oxigraph(node: Any) -> Term:
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        return Term.literal(node.value, node.datatype.value, node.language)
    return Term("literal", str(node))  # an RDF-star triple: shown in N-Triples syntax


def _rows(solutions: Any, names: list[str]) -> list[dict[str, Term]]:
    """The rows of query ``solutions`` (their values in the order of ``names``), each
    distinct value converted once: a query's rows repeat the same types, roles, letters
    and names, and converting a term costs more than finding it again."""
    seen: dict[Any, Term] = {}
    rows = []
    for solution in solutions:
        row = {}
        for name, node in zip(names, solution, strict=True):
            if node is not None:
                term = seen.get(node)
                if term is None:
                    term = seen[node] = _from_oxigraph(node)
                row[name] = term
        rows.append(row)
    return rows


class EmbeddedStore:
    """A store in a folder on disk: its live generation, an Oxigraph store, is what is
    read, and every write makes a new one (:mod:`c87.store.generations`).

    ``create`` makes the folder if it is missing; otherwise a missing store is an
    :class:`InputError`. Opened to write (the default), it is held by one process at a
    time (an exclusive lock on its ``LOCK`` file). Opened ``read_only`` it is only read,
    never written, not even its log: a copy on a read-only disk, or a folder its reader
    may not write, can be queried; several readers share it, and a writer waits for them
    (a shared lock on the same file) as they wait for a writer. A store another process
    holds is waited for up to ``wait`` seconds (default ``C87_STORE_WAIT`` or
    :data:`STORE_WAIT`), then a :class:`StoreError`; so is a store that cannot be opened,
    with what to do. Use it as a context manager, or call :meth:`close`. A query that
    calls another endpoint (``SERVICE``) is refused unless ``allow_service``: the store
    fetches nothing.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False,
                 read_only: bool = False, allow_service: bool = False,
                 wait: float | None = None,
                 notify: Callable[[str], None] | None = None) -> None:
        self.path = Path(path).expanduser()
        self.label = f"the embedded store {self.path}"
        self.read_only = read_only
        self.allow_service = allow_service
        self._lock: int | None = None
        self.notify = notify
        if self.path.exists() and not self.path.is_dir():
            raise UsageError("is not a folder: --store takes the folder of an embedded "
                             "store", path=self.path)
        # LOCK comes first, so a store another process is creating counts; CURRENT is
        # the store an earlier c87 kept in the folder itself
        try:
            is_store = any((self.path / name).exists() for name in ("LOCK", POINTER,
                                                                     "CURRENT"))
        except PermissionError:
            raise StoreError(self._cannot_open(PermissionError("Permission denied")),
                             path=self.path) from None
        if not is_store:
            if not create or read_only:
                raise InputError("holds no store yet: c87 load makes one (or give "
                                 "--store DIR, or set C87_STORE)", path=self.path)
            if self.path.exists() and any(self.path.iterdir()):
                raise UsageError("is a folder that is not empty and holds no store; give "
                                 "an empty or new folder to --store", path=self.path)
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the store: {exc.strerror}: give --store a "
                                 "folder you may write to", path=self.path) from None
        if wait is None:
            try:
                wait = float(os.environ.get("C87_STORE_WAIT", STORE_WAIT))
            except ValueError:
                raise UsageError("C87_STORE_WAIT takes a number of seconds") from None
        self._db: Any = None
        self._open(wait, notify)

    def _open(self, wait: float, notify: Callable[[str], None] | None) -> None:
        if self.read_only and any(w._db is not None and w._key == self._key
                                  for w in list(_WRITERS)):
            # reading a store this process is writing is undefined, and its lock would
            # only make this wait for itself: query it through the store open to write
            raise StoreError("is open to write in this process: query it through that "
                             "store", path=self.path)
        start = time.monotonic()
        told = False
        while not (self._share_lock() if self.read_only else self._write_lock()):
            waited = time.monotonic() - start
            if waited >= wait:
                raise StoreError(f"is in use by another process (waited {wait:g} s): try "
                                 "again when it is done (C87_STORE_WAIT sets the wait)",
                                 path=self.path)
            if notify is not None and not told and waited >= 1:
                notify(f"waiting for {self.path}: another process is using it")
                told = True
            time.sleep(0.1)
        try:
            if not self.read_only:
                collect_garbage(self.path)  # what a write that was killed left
                if live_generation(self.path) == self.path:
                    migrate(self.path, notify)
            self._db = self._open_live()
        except OSError as exc:
            self.close()
            raise StoreError(self._cannot_open(exc), path=self.path) from None
        except StoreError:
            self.close()
            raise
        if not self.read_only:
            _WRITERS.add(self)

    def _open_live(self) -> Any:
        """The live generation, open to read (an empty store when there is none yet)."""
        import pyoxigraph as ox

        live = live_generation(self.path)
        return ox.Store.read_only(str(live)) if live is not None else ox.Store()

    @property
    def generation(self) -> Path | None:
        """The folder of the live generation: an Oxigraph store, which other Oxigraph tools
        can read (``oxigraph serve-read-only --location``) but must not write."""
        return live_generation(self.path)

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store and its lock."""
        self._db = None
        self._unlock()

    @property
    def _key(self) -> str:
        return os.path.realpath(self.path)

    def _share_lock(self) -> bool:
        """Take a shared lock on the store's ``LOCK`` file, the one a writer (RocksDB)
        takes exclusively; False while a writer holds it. Reading the file is enough, so
        this works on a read-only folder; a store without a readable ``LOCK`` is read
        without it."""
        try:
            self._lock = os.open(self.path / "LOCK", os.O_RDONLY)
        except OSError:
            return True
        try:
            _lock_file(self._lock, exclusive=False)
        except OSError:
            self._unlock()
            return False
        return True

    def _write_lock(self) -> bool:
        """Take the exclusive lock on the store's ``LOCK`` file (making it if need be);
        False while another process holds the store. Raises StoreError when the folder
        may not be written."""
        try:
            self._lock = os.open(self.path / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(self._cannot_open(exc), path=self.path) from None
        try:
            _lock_file(self._lock, exclusive=True)
        except OSError:
            self._unlock()
            return False
        return True

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # releases the lock
            self._lock = None

    def _cannot_open(self, exc: OSError) -> str:
        """What went wrong opening the store, and what to do about it."""
        text = str(exc)
        copy = f"copy it (cp -r {self.path} NEW-FOLDER) and give --store NEW-FOLDER"
        if "Permission denied" in text and (self.read_only or not os.access(self.path, os.R_OK
                                                                            | os.X_OK)):
            return ("cannot read the store: permission denied: ask its owner for read access "
                    "to the folder and its files, or for a copy of it")
        if self.read_only:
            return f"cannot read the store: {text}"
        if "Read-only file system" in text:
            return ("cannot write the store: it is on a read-only disk or mount; c87 query "
                    f"and c87 store info read it as it is; to change it, {copy}")
        if "Permission denied" in text:
            return ("cannot write the store: permission denied; c87 query and c87 store info "
                    "can still read it; to change it, ask its owner for write access, or "
                    f"{copy}")
        return f"cannot open the store: {text}"

    def select(self, query: str) -> Results:
        """Run a ``SELECT`` or ``ASK`` query; a query that does not parse is a UsageError,
        and so is one that calls another endpoint (``SERVICE``) unless ``allow_service``
        was given: the store then fetches nothing."""
        import pyoxigraph as ox

        if not self.allow_service:
            refuse_services(query)
        try:
            answer = self._db.query(query)
            if isinstance(answer, ox.QueryBoolean):
                return Results([], [], bool(answer))
            if not isinstance(answer, ox.QuerySolutions):
                raise UsageError("c87 query runs SELECT and ASK queries")
            names = [v.value for v in answer.variables]
            rows = _rows(answer, names)
        except SyntaxError as exc:
            raise UsageError(f"the query is not valid SPARQL 1.1: {exc}") from None
        except OSError as exc:
            if self.allow_service and query_services(query):
                # most likely the endpoint it calls, not the store, which is fine
                raise StoreError(f"the query's SERVICE call failed: {exc}") from None
            raise StoreError(f"cannot read the store: {exc}", path=self.path) from None
        return Results(names, rows)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("is open read-only: open it to write (read_only=False) to "
                             "change it", path=self.path)

    def replace(self, graphs: GraphSpool | Sequence[GraphData],
                done: Callable[[GraphData], None] | None = None) -> None:
        """Replace every graph of ``graphs`` (a spool, or a list of them): all of them, or
        none. They go into the store's next generation, which becomes the live one once
        they are all in; a failure before, or a process killed before, leaves the store as
        it was. ``done`` is told of each graph once it is in the store."""
        self._writable()
        spool = spool_of(graphs)
        try:
            if len(spool):
                self._write(spool.names, lambda following: following.load(spool))
        finally:
            if spool is not graphs:
                spool.close()
        if done is not None:
            for graph in spool.graphs:
                done(graph)

    def drop(self, names: Sequence[str]) -> None:
        """Remove the named graphs: all of them, or none."""
        self._writable()
        if names:
            self._write(names, lambda following: following.remove(names))

    def _write(self, replacing: Sequence[str], build: Callable[[NextGeneration], None],
               ) -> None:
        """Build the next generation with ``build``, make it the live one and read it."""
        live = live_generation(self.path)
        self._db = None  # its caches are not needed while the next one is built
        try:
            with NextGeneration(self.path, live, replacing, self.notify) as following:
                build(following)
                following.commit()
        finally:
            try:
                self._db = self._open_live()  # the new generation, or the old one as it was
                collect_garbage(self.path)
            except OSError as exc:
                raise StoreError(f"cannot read the store again: {exc}",
                                 path=self.path) from None

    def totals(self) -> tuple[int, int]:
        """The number of named graphs, and of quads, in the store."""
        return sum(1 for _ in self._db.named_graphs()), len(self._db)


_WRITERS: weakref.WeakSet[EmbeddedStore] = weakref.WeakSet()
"""The embedded stores this process has opened to write (closed ones have no ``_db``)."""


def _lock_file(fd: int, *, exclusive: bool) -> None:
    """A lock on the whole file ``fd``, shared or exclusive, or OSError when someone holds
    it in a way that conflicts.

    An open file description lock where Linux has them: closing it releases only it (a
    POSIX lock is released by closing any descriptor of the file in the process), and it
    conflicts with RocksDB's POSIX lock (an earlier c87's writer), even in this process.
    """
    import fcntl
    import struct

    kind = fcntl.F_WRLCK if exclusive else fcntl.F_RDLCK
    ofd = getattr(fcntl, "F_OFD_SETLK", None)
    if ofd is not None:
        # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for OFD locks), padding
        request = struct.pack("@hhqqi4x", kind, os.SEEK_SET, 0, 0, 0)
        try:
            fcntl.fcntl(fd, ofd, request)
            return
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # EINVAL: not supported here; a POSIX lock then
                raise
    fcntl.lockf(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
