"""c87 convert --executor dask://HOST:PORT: the conversions on a Dask cluster, the same
files as a local run; a cluster that cannot be used is exit status 4, without a traceback."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from .test_batch_speed import _corpus_module, outputs

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and one worker of two threads, in this process (quick to start), on a
    TCP port of this machine as a cluster's would be."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local.scheduler_address.replace("tcp://", "dask://")


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 generated letters, and a file that cannot be read and one with no event."""
    folder = tmp_path_factory.mktemp("dask") / "letters"
    _corpus_module().build(20, folder, seed=4, pdf=0.1, docx=0.1)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "no-event.txt").write_text("Dear colleagues,\n\nWe meet on Monday.\n",
                                         encoding="utf-8")
    return folder


def test_a_cluster_writes_the_same_files_as_this_machine(run, cluster: str, letters: Path,
                                                          tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    here = run("convert", str(letters), "-o", str(local), "--to", "ttl,nq,xml", "--jobs", "1",
               "--quiet")
    there = run("convert", str(letters), "-o", str(remote), "--to", "ttl,nq,xml",
                "--executor", cluster, "--quiet")
    assert here.exit_code == there.exit_code == 3  # the worst: the empty file
    assert there.stderr == here.stderr.replace(str(local), str(remote))
    assert outputs(remote) == outputs(local)  # the manifest too
    assert len([n for n in outputs(remote) if n.endswith(".xml")]) == 20
    report = json.loads((remote / "report.json").read_text(encoding="utf-8"))
    assert (report["converted"], report["failed"]) == (20, 2)
    local_report = json.loads((local / "report.json").read_text(encoding="utf-8"))
    assert report["failures"] == local_report["failures"]

    again = run("convert", str(letters), "-o", str(remote), "--to", "ttl,nq,xml",
                "--executor", cluster)
    assert "0 converted, 20 up to date, 2 failed" in again.stderr  # the manifest is read


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_exit_status_4(run, letters: Path, tmp_path: Path) -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = run("convert", str(letters), "-o", str(tmp_path / "out"), "--executor",
                     f"dask://127.0.0.1:{_free_port()}")
    assert result.exit_code == 4
    assert result.stderr.startswith("c87: error: cannot reach the Dask scheduler at "
                                    "tcp://127.0.0.1:")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()  # nothing was started


def test_a_bad_executor_is_a_usage_error(run, letters: Path, tmp_path: Path) -> None:
    result = run("convert", str(letters), "-o", str(tmp_path / "out"), "--executor",
                 "dask://nowhere")
    assert result.exit_code == 2
    assert "dask://HOST:PORT" in result.stderr


def test_workers_of_another_version_are_refused(run, cluster: str, letters: Path,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from c87.pipeline import cluster as module

    monkeypatch.setattr(module, "_version", lambda: "0.0.1")
    result = run("convert", str(letters), "-o", str(tmp_path / "out"), "--executor", cluster)
    assert result.exit_code == 4
    assert "run c87 0.0.1, not" in result.stderr
