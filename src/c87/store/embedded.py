"""The embedded store: an Oxigraph store in a folder on disk (pyoxigraph), the default
(:func:`default_store_path`). Every load is one transaction; one process writes it at a
time, readers share it, and each waits for the other (:class:`EmbeddedStore`).
"""

from __future__ import annotations

import errno
import os
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from c87.errors import ContentError, InputError, StoreError, UsageError
from c87.store.base import GraphData, Results, Term, update_text
from c87.store.sparql import query_services, refuse_services

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
    """An Oxigraph store in a folder on disk.

    ``create`` makes the folder if it is missing; otherwise a missing store is an
    :class:`InputError`. Opened to write (the default), it is held by one process at a
    time. Opened ``read_only`` it is only read, never written, not even its log: a copy on
    a read-only disk, or a folder its reader may not write, can be queried; several
    readers share it, and a writer waits for them (a shared lock on its ``LOCK`` file)
    as they wait for a writer. A store another process holds is waited for up to
    ``wait`` seconds (default ``C87_STORE_WAIT`` or :data:`STORE_WAIT`), then a
    :class:`StoreError`; so is a store that cannot be opened, with what to do. Use it as a
    context manager, or call :meth:`close`. A query that calls another endpoint
    (``SERVICE``) is refused unless ``allow_service``: the store fetches nothing.
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
        if self.path.exists() and not self.path.is_dir():
            raise UsageError("is not a folder: --store takes the folder of an embedded "
                             "store", path=self.path)
        # RocksDB's files: LOCK comes first, so a store another process is creating counts
        try:
            is_store = (self.path / "CURRENT").exists() or (self.path / "LOCK").exists()
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
        import pyoxigraph as ox

        if self.read_only and any(w._db is not None and w._key == self._key
                                  for w in list(_WRITERS)):
            # Touching its LOCK file here would drop the lock this process holds on it
            # (POSIX locks go with any descriptor's close), and reading a store being
            # written is undefined: query it through the store open to write.
            raise StoreError("is open to write in this process: query it through that "
                             "store", path=self.path)
        start = time.monotonic()
        told = False
        while True:
            try:
                if not self.read_only:
                    self._db = ox.Store(str(self.path))
                    _WRITERS.add(self)
                    return
                if self._share_lock():
                    self._db = ox.Store.read_only(str(self.path))
                    return
            except OSError as exc:
                self._unlock()
                if not _busy(exc):
                    raise StoreError(self._cannot_open(exc), path=self.path) from None
            waited = time.monotonic() - start
            if waited >= wait:
                raise StoreError(f"is in use by another process (waited {wait:g} s): try "
                                 "again when it is done (C87_STORE_WAIT sets the wait)",
                                 path=self.path)
            if notify is not None and not told and waited >= 1:
                notify(f"waiting for {self.path}: another process is using it")
                told = True
            time.sleep(0.1)

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
            _lock_shared(self._lock)
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

    def replace(self, graphs: Sequence[GraphData],
                done: Callable[[GraphData], None] | None = None) -> None:
        """Replace every graph of ``graphs`` in one transaction: all of them, or none."""
        self._writable()
        if not graphs:
            return
        try:
            self._db.update(update_text(graphs))
        except SyntaxError as exc:
            raise ContentError(f"the graphs cannot be loaded: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot write the store (nothing was loaded): {exc}",
                             path=self.path) from None
        if done is not None:
            for graph in graphs:
                done(graph)

    def drop(self, names: Sequence[str]) -> None:
        """Remove the named graphs in one transaction."""
        self._writable()
        if not names:
            return
        try:
            self._db.update(" ;\n".join(f"DROP SILENT GRAPH {Term('uri', n).sparql()}"
                                        for n in names))
        except OSError as exc:
            raise StoreError(f"cannot write the store: {exc}", path=self.path) from None

    def totals(self) -> tuple[int, int]:
        """The number of named graphs, and of quads, in the store."""
        return sum(1 for _ in self._db.named_graphs()), len(self._db)


_WRITERS: weakref.WeakSet[EmbeddedStore] = weakref.WeakSet()
"""The embedded stores this process has opened to write (closed ones have no ``_db``)."""


def _lock_shared(fd: int) -> None:
    """A shared lock on the whole file ``fd``, or OSError when someone holds it to write.

    An open file description lock where Linux has them: closing it releases only it (a
    POSIX lock is released by closing any descriptor of the file in the process, which
    would also drop the lock of a store this process holds open to write), and it still
    conflicts with RocksDB's POSIX lock, even in this process.
    """
    import fcntl
    import struct

    ofd = getattr(fcntl, "F_OFD_SETLK", None)
    if ofd is not None:
        # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for OFD locks), padding
        request = struct.pack("@hhqqi4x", fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0)
        try:
            fcntl.fcntl(fd, ofd, request)
            return
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # EINVAL: not supported here; a POSIX lock then
                raise
    fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)


def _busy(exc: OSError) -> bool:
    """Whether RocksDB could not open a store because another holder has its lock."""
    text = str(exc)
    return "lock" in text.lower() and ("temporarily unavailable" in text
                                       or "hold by" in text or "held by" in text)
