"""Writing output files whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: str | Path, data: str | bytes, *, temp_dir: Path | None = None,
                 durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file, then rename it into place.

    A reader never sees a partial file, and an interrupted write leaves the old file (or
    no file) in place. The temporary file is made in ``temp_dir`` (which must be on the
    same file system; a batch uses a hidden folder it clears) or beside ``path``. With
    ``durable`` the data is on disk before the rename (fsync), so that even a power cut
    leaves the old file or the new one.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=temp_dir or target.parent or ".",
                               prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if durable:  # a batch of thousands skips it: the rename alone keeps files whole
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
