"""A batch's conversions on a Dask cluster: ``c87 convert --executor dask://HOST:PORT``.

This process (the driver) does what it does for a local batch (:func:`~c87.pipeline.convert.
convert_batch`: walk the inputs, skip those up to date, write every file, the manifest and
the report) except the converting: it reads each input (:func:`~c87.pipeline.convert.
read_input`: a letter's bytes; a facts file's facts and the letter beside it), sends it to
the cluster, and writes what comes back, in input order. Workers need c87 (the same
version: checked when the driver connects) and nothing else: no shared folder, no access
to the inputs or the output folder. A worker returns the bytes of each output, the case
id and the warnings (:class:`~c87.pipeline.convert.Rendered`), so the files are those a
local run writes, byte for byte.

Dask (``dask.distributed``) is imported only here, and this module only when
``--executor`` names a cluster: ``pip install 'c87-mapper[dask]'``.
"""

from __future__ import annotations

import contextlib
import re
from collections import deque
from collections.abc import Iterator
from typing import Any

from c87 import __version__
from c87.errors import ClusterError, UsageError
from c87.pipeline.convert import (
    Finish,
    Parcel,
    Result,
    Runner,
    Settings,
    attempt,
    failure,
    read_input,
)

__all__ = ["dask_address", "dask_runner"]

_ADDRESS = re.compile(r"dask://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?P<port>\d{1,5})")
IN_FLIGHT = 4
"""Inputs sent ahead per worker thread, so that none waits while the driver writes."""


def dask_address(executor: str) -> str:
    """The scheduler address (``tcp://HOST:PORT``) of ``--executor dask://HOST:PORT``."""
    found = _ADDRESS.fullmatch(executor)
    if found is None or not 0 < int(found["port"]) < 65536:
        raise UsageError(f"--executor {executor!r}: give local, or dask://HOST:PORT (the "
                         "address of a Dask scheduler, e.g. dask://127.0.0.1:8786)")
    return f"tcp://{found['host']}:{found['port']}"


@contextlib.contextmanager
def dask_runner(executor: str) -> Iterator[Runner]:
    """Connect to the Dask scheduler of ``executor`` (``dask://HOST:PORT``), check its
    workers, and give the :data:`~c87.pipeline.convert.Runner` that converts on them;
    disconnect afterwards. Raises :class:`ClusterError` when the cluster cannot be used
    (within Dask's connect timeout, ``distributed.comm.timeouts.connect``)."""
    address = dask_address(executor)
    try:
        from dask import config
        from distributed import Client
    except ImportError:
        raise UsageError("--executor dask://... needs Dask: pip install "
                         "'c87-mapper[dask]' (dask and distributed)") from None
    timeout = config.get("distributed.comm.timeouts.connect")
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({_reason(exc)}); "
                           "start it (dask scheduler) or give its address") from None
    try:
        _check_workers(client, address, timeout)
        yield lambda names, settings, finish: _run(client, names, settings, finish)
    finally:
        client.close()


def _check_workers(client: Any, address: str, timeout: Any) -> None:
    """At least one worker, and every worker running this version of c87."""
    try:
        client.wait_for_workers(1, timeout=timeout)
        versions = client.run(_version)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"no worker of the Dask scheduler at {address} answers "
                           f"({_reason(exc)}); start some (dask worker {address})") from None
    except Exception as exc:  # a worker without c87 fails to run the check
        raise ClusterError(f"the workers of the Dask scheduler at {address} cannot run c87 "
                           f"({_reason(exc)}); install c87 {__version__} on them") from None
    other = sorted({v for v in versions.values() if v != __version__})
    if other:
        raise ClusterError(f"workers of the Dask scheduler at {address} run c87 "
                           f"{', '.join(other)}, not {__version__}; install the same "
                           "version everywhere, so that they write the same bytes")


def _version() -> str:
    """The version of c87 where this runs (on a worker: sent by reference, so its own)."""
    return __version__


def _reason(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _run(client: Any, names: Iterator[str], settings: Settings, finish: Finish) -> None:
    """Send each input to the cluster, a few per worker thread in flight, and finish each
    in input order; an input that cannot be read fails here, without a trip."""
    shared = client.scatter(settings, broadcast=True)
    ahead = IN_FLIGHT * max(1, sum(client.nthreads().values()))
    window: deque[tuple[str, Any]] = deque()
    try:
        for name in names:
            window.append((name, _send(client, name, settings, shared)))
            if len(window) >= ahead:
                finish(*_receive(*window.popleft()))
        while window:
            finish(*_receive(*window.popleft()))
    except BaseException:
        client.cancel([f for _, f in window if not isinstance(f, Result)])
        raise


def _send(client: Any, name: str, settings: Settings, shared: Any) -> Any:
    """The future of the input ``name`` converted on the cluster, or its failure to be read."""
    try:
        parcel: Parcel = read_input(name, settings)
    except Exception as exc:
        return failure(name, exc)
    return client.submit(attempt, parcel, shared, pure=False)


def _receive(name: str, pending: Any) -> tuple[str, Result]:
    """The result of the input ``name``; a cluster that lost it stops the batch."""
    if isinstance(pending, Result):
        return name, pending
    try:
        return name, pending.result()
    except Exception as exc:  # attempt never raises: the cluster failed, not the input
        raise ClusterError(f"{name}: the Dask cluster lost its conversion "
                           f"({type(exc).__name__}: {_reason(exc)}); run again to "
                           "convert the rest") from None
