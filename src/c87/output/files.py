"""Writing output files whole or not at all, and saying plainly when they cannot be written."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from c87.errors import OutputError

STDOUT_NAME = "<stdout>"
"""How messages name standard output."""

_REASONS = {
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "the folder does not exist",
    errno.EFBIG: "the file is too large for this file system",
}


def cannot_write(exc: OSError, path: str | os.PathLike[str]) -> OutputError:
    """The :class:`OutputError` for an ``OSError`` met while writing ``path``.

    The message says why in plain words and what to do: another place, permissions or
    free space; nothing half-written is left (the writers here make sure of that).
    """
    reason = _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        remedy = "free some space or write elsewhere"
    elif exc.errno in (errno.ENOTDIR, errno.EISDIR, errno.ENOENT):
        remedy = "give another path"
    elif exc.errno == errno.EROFS:
        remedy = "write to a folder on a disk or mount that can be written"
    else:
        remedy = "write to a folder you may write to, or ask its owner for write access"
    if str(path) != STDOUT_NAME:  # what went out on a stream cannot be taken back
        remedy += "; nothing was left half-written"
    return OutputError(f"cannot write ({reason}): {remedy}", path=str(path))


def atomic_write(path: str | Path, data: str | bytes, *, temp_dir: Path | None = None,
                 durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file, then rename it into place.

    A reader never sees a partial file, and an interrupted write leaves the old file (or
    no file) in place. The temporary file is made in ``temp_dir`` (which must be on the
    same file system; a batch uses a hidden folder it clears) or beside ``path``. With
    ``durable`` the data is on disk before the rename (fsync), so that even a power cut
    leaves the old file or the new one.

    A ``path`` that exists and is not a regular file (``/dev/stdout``, a named pipe) is
    written into, not replaced. Raises :class:`OutputError` when the file cannot be
    written (a read-only folder, no permission, a full disk); the temporary file is then
    removed.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(target.stat().st_mode) and not target.is_dir():
            _write_into(target, payload)
            return
    try:
        fd, tmp = tempfile.mkstemp(dir=temp_dir or target.parent or ".",
                                   prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise cannot_write(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if durable:  # a batch of thousands skips it: the rename alone keeps files whole
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise cannot_write(exc, target) from None
        raise


def _write_into(target: Path, payload: bytes) -> None:
    """Write into a device or pipe (renaming a file over ``/dev/null`` would replace it)."""
    try:
        with target.open("wb") as fh:
            fh.write(payload)
            fh.flush()
    except OSError as exc:
        raise cannot_write(exc, target) from None


def write_stdout(data: str | bytes) -> None:
    """Write ``data`` to standard output; a full disk or a closed output is an
    :class:`OutputError` (a reader that went away, ``| head``, stays a BrokenPipeError)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        discard_stdout()
        raise cannot_write(exc, STDOUT_NAME) from None


def discard_stdout() -> None:
    """Point standard output at the null device, so that what is still buffered in it
    cannot fail again when Python exits (and print a second error)."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
