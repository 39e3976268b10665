"""Read a confidentiality policy (YAML) and the secret key pseudonyms are made with.

The policy's format is :class:`c87.model.policy.ConfidentialityPolicy`; YAML is read with
the safe loader only, and an error names the file, the line and the field, as for facts
files. The key is never taken from the command line, where other users of the machine and
the shell's history would see it: it is the content of a file (``--key-file``, or the file
named by ``C87_PSEUDONYM_KEY_FILE``) or the value of ``C87_PSEUDONYM_KEY``. No message,
``repr`` or output ever shows it.

May import: c87.input c87.model c87.errors.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from c87.errors import InputError, UsageError
from c87.input.facts import load_yaml, validated
from c87.input.files import read_bytes
from c87.model.policy import ConfidentialityPolicy

__all__ = ["KEY_ENV", "KEY_FILE_ENV", "MIN_KEY_BYTES", "SecretKey", "load_key", "load_policy"]

KEY_ENV = "C87_PSEUDONYM_KEY"
KEY_FILE_ENV = "C87_PSEUDONYM_KEY_FILE"
MIN_KEY_BYTES = 16
"""A shorter key could be guessed; ``openssl rand -base64 32`` makes a good one."""


class SecretKey:
    """The secret of the pseudonyms: its bytes, which nothing prints."""

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_KEY_BYTES:
            raise UsageError(f"the pseudonym key is {len(secret)} bytes long; it needs at "
                             f"least {MIN_KEY_BYTES} (make one with: openssl rand -base64 32)")
        self._secret = secret

    def __repr__(self) -> str:
        return "SecretKey(<hidden>)"

    def __reduce__(self) -> tuple[type, tuple[bytes]]:  # to worker processes, not to logs
        return (SecretKey, (self._secret,))

    def mac(self, message: bytes) -> bytes:
        """HMAC-SHA256 of ``message`` under the key."""
        return hmac.new(self._secret, message, hashlib.sha256).digest()

    @property
    def fingerprint(self) -> str:
        """A short value that tells two keys apart and reveals nothing of either (the
        manifest of a batch records it, so that outputs made with another key are redone)."""
        return self.mac(b"c87 key fingerprint").hex()[:16]


def load_key(path: str | Path | None = None, *, max_bytes: int = 4096) -> SecretKey:
    """The key in the file ``path``, or else the file named by ``C87_PSEUDONYM_KEY_FILE``,
    or else ``C87_PSEUDONYM_KEY``; a trailing newline of a file is not part of it.

    Raises :class:`InputError` when the file cannot be read, :class:`UsageError` when no
    key is given or it is too short.
    """
    file = path if path is not None else os.environ.get(KEY_FILE_ENV) or None
    if file is not None:
        data = read_bytes(Path(file), max_bytes=max_bytes).rstrip(b"\r\n")
        return SecretKey(data)
    value = os.environ.get(KEY_ENV)
    if not value:
        raise UsageError(f"public outputs need a secret key for the pseudonyms: set "
                         f"{KEY_ENV}, or {KEY_FILE_ENV} to a file that holds it, or give "
                         "--key-file FILE")
    return SecretKey(value.encode("utf-8"))


def load_policy(path: str | Path, *, max_bytes: int | None = None) -> ConfidentialityPolicy:
    """Read and validate the confidentiality policy at ``path``.

    Raises :class:`InputError` when the file cannot be read and :class:`ContentError`
    (naming the line and the field) when it is not a valid policy.
    """
    data = read_bytes(Path(path), max_bytes=max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", path=path) from None
    value, node = load_yaml(text, str(path))
    return validated(value, node, str(path), ConfidentialityPolicy,
                     "a confidentiality policy (a mapping with actors and events rules)",
                     "a valid confidentiality policy")
