"""What makes batches faster changes no byte: complaints validated on a sample (and a bug
still caught), workers started only for batches worth them, the same files either way."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _corpus_module():
    spec = importlib.util.spec_from_file_location("c87_bench_corpus",
                                                  ROOT / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 letters of the benchmarks' generator: .txt, .pdf and .docx."""
    folder = tmp_path_factory.mktemp("generated") / "letters"
    _corpus_module().build(30, folder, seed=15, pdf=0.1, docx=0.1)
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a batch wrote, the manifest included; the report says how long it took."""
    found = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()
             and p.name != "report.json"}
    assert any(name.endswith(".xml") for name in found)
    return found


def test_a_batch_is_the_same_bytes_with_every_option(run, letters: Path, tmp_path: Path) -> None:
    """--validate all and the default sample, one process or workers: the same files."""
    written = {}
    for jobs, validate in (("1", "all"), ("1", "sample"), ("2", "sample"), ("2", "all")):
        out = tmp_path / f"out-{jobs}-{validate}"
        result = run("convert", str(letters), "-o", str(out), "--to", "ttl,nq,xml",
                     "--jobs", jobs, "--validate", validate, "--quiet")
        assert result.exit_code == 0, result.stderr
        written[(jobs, validate)] = outputs(out)
    first = written[("1", "all")]
    assert len([n for n in first if n.endswith(".xml")]) == 30
    for key, files in written.items():
        assert files == first, key


def test_the_sample_validates_the_first_new_shapes_and_one_in_ten() -> None:
    from c87.output.complaint import ValidationSample

    sample = ValidationSample(every=10)
    a, b = {("doc", "p", True)}, {("doc", "p", True), ("p", "date", True, "date")}
    digest = "1" * 64  # 0x11111111 % 10 == 1: not one of the ten
    assert sample.wants(a, digest)  # the first
    sample.passed(a)
    assert not sample.wants(a, digest)  # nothing new
    assert sample.wants(b, digest)  # an element where none was
    sample.passed(b)
    assert not sample.wants(a | b, digest)
    assert sample.wants(a, "0" * 64)  # one in ten, by the letter's sha256
    assert (sample.validated, sample.unvalidated) == (3, 2)


def test_a_shape_that_failed_is_validated_again() -> None:
    from c87.output.complaint import ValidationSample

    sample = ValidationSample()
    shape = {("doc", "p", True)}
    assert sample.wants(shape, "1" * 64)
    assert sample.wants(shape, "1" * 64)  # not passed: still new


def _break_complaints(monkeypatch: pytest.MonkeyPatch, when) -> None:
    """A bug in the complaint writer: an element the schema does not allow in ``doc``,
    in the complaints of the facts ``when`` says."""
    from c87.output import complaint

    conclusions = complaint._Writer.conclusions

    def broken(self, doc) -> None:
        conclusions(self, doc)
        if when(self.facts):
            self.el(doc, "bogus")

    monkeypatch.setattr(complaint._Writer, "conclusions", broken)


def _batch(letters: Path, out: Path, validate: str):
    from c87.pipeline.convert import Settings, convert_batch

    settings = Settings(formats=("xml",), base="https://w3id.org/c87/", validate=validate)
    return convert_batch([str(letters)], out, settings, jobs=1)


def test_the_sample_catches_a_bug_in_every_complaint(letters: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Until one complaint passes, every complaint is validated: a writer that breaks them
    all writes none."""
    from c87.pipeline import convert

    monkeypatch.setattr(convert, "_SAMPLES", {})
    _break_complaints(monkeypatch, lambda facts: True)
    report = _batch(letters, tmp_path / "out", "sample")
    assert report.converted == 0 and len(report.failures) == 30
    assert {f.status for f in report.failures} == {70}
    assert "not valid (a bug)" in report.failures[0].message
    assert "bogus" in report.failures[0].message


def test_the_sample_catches_a_bug_in_complaints_of_a_rarer_shape(
        letters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug only in the complaints of letters that tell of a killing (a few of them, not
    the first): each puts an element where none was before, so each is validated."""
    from c87.pipeline import convert

    def killing(facts) -> bool:
        return any(e.type == "killing" for e in facts.events)

    monkeypatch.setattr(convert, "_SAMPLES", {})
    _break_complaints(monkeypatch, killing)
    report = _batch(letters, tmp_path / "out", "sample")
    sample = next(iter(convert._SAMPLES.values()))
    expected = json.loads(json.dumps([f.input for f in report.failures]))
    assert 0 < len(expected) < 30 and report.converted == 30 - len(expected)
    assert sample.unvalidated > 0  # the others were not all validated
    monkeypatch.setattr(convert, "_SAMPLES", {})
    everything = _batch(letters, tmp_path / "all", "all")
    assert [f.input for f in everything.failures] == expected


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe",
                                  "\uffff", "\ud800", "\t", "\n", "\r", "\x7f", "\\b",
                                  "\\u0001", "\U0001f600", "é"])
def test_the_quick_xml_check_finds_what_the_walk_finds(char: str) -> None:
    """Facts are checked for characters XML cannot hold from their JSON at once; what it
    finds, or not, is what walking every field finds (which names the field)."""
    from c87.model import Facts
    from c87.output.checks import facts_problems, graph_problems, xml_problems

    facts = Facts.model_validate({
        "c87": 1, "source": {"sha256": "0" * 64, "format": "txt"},
        "letter": {"date": "2020-01-01", "subject": "Arrests"},
        "actors": [{"id": "a", "name": "A B", "kind": "person"}]})
    # as a program may put them there, past the schema's checks (a lone surrogate)
    object.__setattr__(facts.letter, "subject", f"Arrests{char}")
    object.__setattr__(facts.actors[0], "name", f"A{char}B")
    walked = xml_problems(facts.model_dump(), "facts")
    assert facts_problems(facts) == graph_problems(facts) + walked
    assert bool(walked) == (char in "\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff\ud800")


@pytest.mark.parametrize(("inputs", "pool"), [(1, False), (8, False), (9, True)])
def test_workers_start_only_for_batches_worth_them(letters: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   inputs: int, pool: bool) -> None:
    """The first input is converted here; workers start when at least 8 are left."""
    from c87.pipeline import convert

    started = []

    def no_pool(names, settings, jobs, finish) -> None:
        started.append(jobs)
        for name in names:
            finish(name, convert.attempt(name, settings))

    monkeypatch.setattr(convert, "_run_pool", no_pool)
    names = [str(p) for p in sorted(letters.iterdir())[:inputs]]
    settings = convert.Settings(formats=("ttl",), base="https://w3id.org/c87/")
    report = convert.convert_batch(names, tmp_path / "out", settings, jobs=2)
    assert report.converted == inputs
    assert started == ([2] if pool else [])
