"""Reading a file's bytes with the checks every input gets, each a clear InputError."""

from __future__ import annotations

import os
from pathlib import Path

from c87.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Inputs larger than this are refused (``--max-size`` or ``C87_MAX_SIZE`` change it)."""


def max_bytes_from_env() -> int:
    """The size limit: ``C87_MAX_SIZE`` (bytes, or with a K/M/G suffix) or the default."""
    raw = os.environ.get("C87_MAX_SIZE")
    return parse_size(raw) if raw else DEFAULT_MAX_BYTES


def parse_size(raw: str) -> int:
    """``"20M"`` -> 20971520; plain digits are bytes. Raises ValueError when unreadable."""
    text = raw.strip().upper().removesuffix("B")
    factor = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
    number = text[:-1] if factor != 1 else text
    value = float(number)
    if value <= 0:
        raise ValueError(f"size must be positive: {raw!r}")
    return int(value * factor)


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f} MiB ({n:,} bytes)"


def check_size(size: int, limit: int, name: str | Path, *, at_least: bool = False) -> None:
    """Refuse an input of ``size`` bytes over ``limit`` (``at_least``: size is a lower bound)."""
    if size > limit:
        what = "more than the limit" if at_least else f"{_size(size)}, over the limit"
        raise InputError(f"is {what} of {_size(limit)} "
                         "(raise it with --max-size or C87_MAX_SIZE)", path=name)


def read_bytes(path: Path, *, max_bytes: int | None = None) -> bytes:
    """The content of ``path``, refusing what cannot be a usable input.

    Raises :class:`InputError` naming the file when it is missing, a directory, not
    readable, empty, or larger than ``max_bytes``.
    """
    limit = max_bytes_from_env() if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=path) from None
    if path.is_dir():
        raise InputError("is a directory, a file is expected", path=path)
    check_size(size, limit, path)
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=path) from None
    if not data.strip():
        raise InputError("is empty", path=path)
    return data
