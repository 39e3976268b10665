"""Whole archives: batch conversion in parallel, bad inputs reported, re-runs, interruptions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph

from .conftest import LETTERS

GOOD = sorted(LETTERS.glob("0[01]*.txt"))[:6]


def _archive(tmp_path: Path) -> Path:
    """A folder of good letters, in a subfolder too, and bad files of every kind."""
    from fpdf import FPDF

    folder = tmp_path / "archive"
    (folder / "2020").mkdir(parents=True)
    for i, letter in enumerate(GOOD):
        shutil.copy(letter, (folder if i % 2 else folder / "2020") / letter.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(folder / "scan.pdf"))
    (folder / "broken.facts.yaml").write_text("c87: 1\nsource: {sha256: 12\n", encoding="utf-8")
    (folder / "notes.csv").write_text("not a letter\n", encoding="utf-8")  # not an input
    return folder


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and not p.name.startswith(".") and p.name != "report.json"}


def _assert_complete(out: Path) -> None:
    """Only whole files: every N-Quads file parses, and nothing half-written is left."""
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    for path in out.glob("*.nq"):
        assert list(pyoxigraph.parse(path.read_bytes(), format=pyoxigraph.RdfFormat.N_QUADS))


def test_batch_converts_good_letters_and_reports_bad_ones(run, tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    out = tmp_path / "out"
    result = run("convert", str(archive), "-o", str(out), "--to", "ttl,nq", "--jobs", "2")
    assert result.exit_code == 3  # the worst of them: inputs that cannot be read
    outputs = _outputs(out)
    assert len([n for n in outputs if n.endswith(".ttl")]) == len(GOOD)
    assert len([n for n in outputs if n.endswith(".nq")]) == len(GOOD)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["converted"] == len(GOOD) and report["failed"] == 4
    failed = {Path(f["input"]).name: f for f in report["failures"]}
    assert set(failed) == {"empty.txt", "binary.txt", "scan.pdf", "broken.facts.yaml"}
    assert "OCR" in failed["scan.pdf"]["message"] and failed["scan.pdf"]["status"] == 3
    assert failed["broken.facts.yaml"]["status"] == 1
    assert "4 of 10 inputs not converted" in result.stderr
    _assert_complete(out)


def test_second_run_converts_nothing_and_force_gives_the_same_bytes(run, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for letter in GOOD[:3]:
        shutil.copy(letter, archive / letter.name)
    out = tmp_path / "out"
    assert run("convert", str(archive), "-o", str(out), "--to", "ttl,xml").exit_code == 0
    first = _outputs(out)
    assert len(first) == 6

    again = run("convert", str(archive), "-o", str(out), "--to", "ttl,xml")
    assert again.exit_code == 0
    assert "0 converted, 3 up to date" in again.stderr
    assert again.stdout == ""  # nothing written

    # A changed letter is converted again; the others are not.
    time.sleep(0.01)
    (archive / GOOD[0].name).write_text(GOOD[0].read_text(encoding="utf-8") + "\n",
                                        encoding="utf-8")
    changed = run("convert", str(archive), "-o", str(out), "--to", "ttl,xml")
    assert "1 converted, 2 up to date" in changed.stderr

    forced = run("convert", str(archive), "-o", str(out), "--to", "ttl,xml", "--force",
                 "--jobs", "2")
    assert "3 converted, 0 up to date" in forced.stderr
    assert _outputs(out).keys() == first.keys()
    for name, data in first.items():
        if not name.startswith(_case_of(GOOD[0], first)):
            assert _outputs(out)[name] == data, name


def _case_of(letter: Path, outputs: dict[str, bytes]) -> str:
    """The case id whose Turtle carries the sha256 of ``letter``'s text."""
    from c87.input import read_letter

    digest = read_letter(letter).sha256
    return next(n.removesuffix(".ttl") for n, data in outputs.items()
                if n.endswith(".ttl") and digest.encode() in data)


def test_other_formats_are_not_up_to_date(run, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(GOOD[0], archive / GOOD[0].name)
    out = tmp_path / "out"
    run("convert", str(archive), "-o", str(out), "--to", "ttl")
    result = run("convert", str(archive), "-o", str(out), "--to", "ttl,nq")
    assert "1 converted, 0 up to date" in result.stderr
    assert len(_outputs(out)) == 2


def test_interrupted_run_leaves_whole_files_and_a_rerun_completes(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    letters = sorted(LETTERS.glob("*.txt"))
    for n in range(3):  # the same letters again under other names: more work to interrupt
        for letter in letters:
            shutil.copy(letter, archive / f"{n}-{letter.name}")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "c87", "convert", str(archive), "-o", str(out),
               "--to", "nq,ttl", "--jobs", "2", "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.nq"))) < 5:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # no chance to clean up: the hardest interruption
    proc.wait()
    done = len(list(out.glob("*.nq")))
    assert 0 < done < len(letters) * 3, "the run was not interrupted mid-batch"
    # What a killed run leaves: whole files, and at most its hidden scratch folder.
    for path in out.iterdir():
        assert path.name.startswith(".") or path.suffix in (".nq", ".ttl", ".json"), path
    for path in out.glob("*.nq"):
        assert list(pyoxigraph.parse(path.read_bytes(), format=pyoxigraph.RdfFormat.N_QUADS))

    rerun = subprocess.run(command, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["converted"] + report["skipped"] == len(letters) * 3
    assert report["skipped"] >= done - 2  # what was complete before the kill is kept
    assert len(list(out.glob("*.nq"))) == len(letters) * 3
    _assert_complete(out)


def test_quiet_batch_prints_nothing_on_success(run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("convert", str(GOOD[0]), "-o", str(out), "--quiet")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
