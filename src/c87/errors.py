"""The errors c87 raises for bad input, each with the exit status the CLI maps it to.

Exit statuses (a contract scripts rely on):

* 0 -- done
* 1 -- the content is invalid or incomplete (:class:`ContentError`)
* 2 -- usage error (Click's own, and :class:`UsageError`)
* 3 -- the input cannot be read (:class:`InputError`)
* 4 -- a server c87 works with cannot be used: the triple store (unreachable, credentials
  refused, a server error, in use by another process: :class:`StoreError`), or the Dask
  cluster of ``c87 convert --executor`` (unreachable, no worker, workers of another
  version, a worker lost: :class:`ClusterError`)
* 5 -- an output cannot be written: a read-only folder, no permission, a full disk
  (:class:`OutputError`); nothing is left half-written
* 70 -- internal error: a bug, not the input's fault (:data:`EXIT_INTERNAL`)
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_STORE = 4
EXIT_OUTPUT = 5
EXIT_INTERNAL = 70


class C87Error(Exception):
    """Base of every error that reaches the user as a message, never a traceback."""

    exit_code = EXIT_CONTENT

    def __init__(self, message: str, path: str | Path | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return where + self.message


class ContentError(C87Error):
    """The input was read but what it says is invalid or incomplete (exit 1)."""

    exit_code = EXIT_CONTENT


class UsageError(C87Error):
    """The command was called in a way that cannot work (exit 2)."""

    exit_code = EXIT_USAGE


class InputError(C87Error):
    """The input cannot be read at all: missing, unreadable, wrong format (exit 3)."""

    exit_code = EXIT_INPUT


class StoreError(C87Error):
    """The triple store cannot be used: unreachable, refused, failing or locked (exit 4).

    The input may be fine: the remedy is on the store's side (start it, fix the address
    or the credentials, wait and try again), so scripts get a status of its own.
    """

    exit_code = EXIT_STORE


class ClusterError(C87Error):
    """The Dask cluster a batch runs on cannot be used: its scheduler is unreachable, no
    worker joins it, its workers run another version of c87, or one is lost (exit 4, as
    for a store: the remedy is on the cluster's side)."""

    exit_code = EXIT_STORE


class OutputError(C87Error):
    """An output file or folder cannot be written (exit 5).

    The input was fine: the remedy is on the output's side (another folder, permissions,
    free space). Whatever was being written is removed, so nothing is left half-written.
    """

    exit_code = EXIT_OUTPUT
