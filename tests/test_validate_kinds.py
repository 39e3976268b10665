"""c87 validate agrees with convert (issue 12, item 6) and tells every kind of file c87
reads or writes by its content (item 7), on the real files convert writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from c87.pipeline.validate import BatchReportDocument, Kind, detect_kind

from .conftest import DATA, REFERENCE_LETTER, ROOT

VALID = DATA / "facts" / "valid.yaml"
PROFILE = ROOT / "examples" / "complainant.yaml"
EVERY_FORMAT = "ttl,nt,nq,trig,jsonld,rdf,xml,html"


def _invoke(*args: str):
    from c87.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """What c87 writes for the reference letter: every format, the report, the facts."""
    out = tmp_path_factory.mktemp("out")
    # A profile with a real-looking signatory, so that the complaint passes its checklist.
    profile = out.parent / "profile.yaml"
    profile.write_text(PROFILE.read_text(encoding="utf-8").replace(
        "name: Jane Doe", "name: Amina Okafor"), encoding="utf-8")
    result = _invoke("convert", str(REFERENCE_LETTER), "-o", str(out), "--to", EVERY_FORMAT,
                     "--complainant", str(profile), "--quiet")
    assert result.exit_code == 0, result.stderr
    files = {ext: next(out.glob(f"*.{ext}")) for ext in EVERY_FORMAT.split(",")}
    files["report"] = out / "report.json"
    for fmt in ("yaml", "json"):
        files[f"facts.{fmt}"] = out.parent / f"letter.facts.{fmt}"
        result = _invoke("extract", str(REFERENCE_LETTER), "-o", str(files[f"facts.{fmt}"]))
        assert result.exit_code == 0, result.stderr
    files["profile"] = PROFILE
    return files


def _messages(result, name: Path) -> list[str]:
    """What validate said about ``name``: its problem lines, or its error's lines."""
    lines = [line.removeprefix(f"{name}: ") for line in result.stdout.splitlines()]
    error = result.stderr.removeprefix(f"c87: error: {name}: ")
    return [line.strip() for line in lines + error.splitlines() if line.strip()]


# -- item 6: validate checks what convert checks -------------------------------------------

BAD_FACTS = {
    "unknown-event-type": ("type: interrogation", "type: teleportation"),
    "unknown-principle": ("principles: [C087-3-2]", "principles: [C087-99]"),
    "violation-without-principle": ("principles: [C087-3-2]\n", "principles: []\n"),
    "letter-without-date": ('  date: "2020-06-18"\n', ""),
    "unknown-actor-kind": ("kind: police", "kind: secret-society"),
    "unknown-role": ("role: perpetrator", "role: mastermind"),
    "dangling-participant": ("{actor: bishkek-police, role", "{actor: city-police, role"),
    "dangling-sender": ("sender: ituc", "sender: ilo"),
    "text-xml-cannot-hold": ("summary: Acting president taken",
                             'summary: "Acting president\\f taken"'),
}


@pytest.mark.parametrize("case", list(BAD_FACTS))
def test_item6_validate_refuses_what_convert_refuses(run, tmp_path: Path, case: str) -> None:
    old, new = BAD_FACTS[case]
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")

    checked = run("validate", str(bad))
    assert checked.exit_code == 1, checked.output
    assert f"{bad}: ok" not in checked.stdout
    said = _messages(checked, bad)
    assert said

    out = tmp_path / "out"
    converted = run("convert", str(bad), "-o", str(out), "--to", "ttl,xml")
    assert converted.exit_code == 1, converted.stderr
    assert sorted(p.name for p in out.iterdir() if p.suffix in (".ttl", ".xml")) == []
    for line in said:  # the same problems, in the same words
        assert line in converted.stderr, (line, converted.stderr)
    assert "Traceback" not in checked.stderr + converted.stderr


def test_item6_validate_names_the_unknown_event_type(run, tmp_path: Path) -> None:
    bad = tmp_path / "teleportation.yaml"
    bad.write_text(VALID.read_text(encoding="utf-8").replace(
        "type: interrogation", "type: teleportation"), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}: events[0].type: 'teleportation' is not an event type of the ontology "
        "(c87 principles --scheme event-types)"]


def test_item6_the_facts_convert_writes_pass_validate(run, written: dict[str, Path],
                                                     tmp_path: Path) -> None:
    for key in ("facts.yaml", "facts.json"):
        assert run("validate", str(written[key])).stdout == f"{written[key]}: ok\n"
        result = run("convert", str(written[key]), "-o", str(tmp_path / key), "--to", "ttl,xml")
        assert result.exit_code == 0, result.stderr


# -- item 7: every kind, by content ---------------------------------------------------------

KINDS = {"ttl": Kind.RDF, "nt": Kind.RDF, "nq": Kind.RDF, "trig": Kind.RDF,
         "jsonld": Kind.RDF, "rdf": Kind.RDF, "xml": Kind.COMPLAINT, "html": Kind.COMPLAINT_PAGE,
         "report": Kind.REPORT, "facts.yaml": Kind.FACTS, "facts.json": Kind.FACTS,
         "profile": Kind.PROFILE}


@pytest.mark.parametrize("key", [k for k in KINDS if k != "html"])
def test_item7_every_file_c87_writes_or_reads_is_checked_as_what_it_is(
        run, written: dict[str, Path], key: str) -> None:
    path = written[key]
    assert detect_kind(path) is KINDS[key]
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output + result.stderr
    # Nothing on standard error, but the example profile's placeholder signatory.
    assert result.stderr == "" or (key == "profile" and "placeholder" in result.stderr)
    last = result.stdout.splitlines()[-1]
    assert last == f"{path}: ok" or last.startswith(f"{path}: ok (")


def test_item7_the_printable_page_is_not_read_as_yaml(run, written: dict[str, Path]) -> None:
    page = written["html"]
    assert detect_kind(page) is Kind.COMPLAINT_PAGE
    result = run("validate", str(page))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"c87: error: {page}: is the printable page of a complaint")
    assert "validate the complaint's .xml" in result.stderr
    assert "YAML" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_item7_report_json_is_checked_as_a_batch_report(run, written: dict[str, Path],
                                                        tmp_path: Path) -> None:
    result = run("validate", str(written["report"]))
    assert result.stdout == f"{written['report']}: ok\n"
    assert "unknown key" not in result.stderr
    # A report with failures, as convert writes it, is good too.
    out = tmp_path / "out"
    missing = tmp_path / "missing.txt"
    assert run("convert", str(VALID), str(missing), "-o", str(out)).exit_code == 3
    assert run("validate", str(out / "report.json")).stdout == f"{out / 'report.json'}: ok\n"
    # ... and one that is not what convert writes is refused, key by key.
    data = json.loads(written["report"].read_text(encoding="utf-8"))
    for edit, words in [({"extra": 1}, "extra: unknown key 'extra'"),
                        ({"failed": 2}, "failed: says 2, but failures lists 0"),
                        ({"failures": [{"input": "x", "status": 9, "message": "m"}],
                          "failed": 1}, "failures[0].status"),
                        ({"converted": "1"}, "converted: Input should be a valid integer")]:
        bad = tmp_path / "report.json"
        bad.write_text(json.dumps({**data, **edit}), encoding="utf-8")
        result = run("validate", str(bad))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"c87: error: {bad}: is not a valid batch report: ")
        assert words in result.stderr


def test_item7_batch_report_model_follows_what_convert_writes() -> None:
    from c87.pipeline.convert import BatchReport, Failure

    report = BatchReport(converted=3, skipped=1, written=6, seconds=1.5,
                         failures=[Failure("a.txt", 3, "a.txt: no such file")])
    data = report.as_json()
    assert set(data) == set(BatchReportDocument.model_fields)
    assert set(data["failures"][0]) == set(
        BatchReportDocument.model_fields["failures"].annotation.__args__[0].model_fields)
    BatchReportDocument.model_validate(json.loads(json.dumps(data)))


def test_item7_profile_is_checked_as_a_profile(run, tmp_path: Path) -> None:
    result = run("validate", str(PROFILE))
    assert result.stdout == f"{PROFILE}: ok\n", result.stderr
    # The example is valid but signed by a placeholder: validate warns of it as convert
    # does, in the same words.
    assert "Jane Doe is a placeholder name" in result.stderr
    converted = run("convert", str(VALID), "-o", str(tmp_path / "warned"), "--to", "xml",
                    "--complainant", str(PROFILE))
    warning = result.stderr.split(": ", 2)[2].strip()
    assert warning in converted.stderr, (warning, converted.stderr)
    text = PROFILE.read_text(encoding="utf-8")
    for old, new, words in [
            ("type: international-consultative", "type: guild", "type: Input should be"),
            ("consultative_status: true", "consultative_status: false",
             "does not go with type international-consultative"),
            ("acronym: ITUC", "acronym: ITUC\nmotto: unity", "unknown key 'motto'"),
            ("address: Boulevard du Roi Albert II, 5, Bte 1, 1210 Brussels, Belgium",
             'address: "Boulevard\\f du Roi Albert II, 5, 1210 Brussels"',
             "complainant.address: U+000C")]:
        bad = tmp_path / "complainant.yaml"
        bad.write_text(text.replace(old, new, 1), encoding="utf-8")
        checked = run("validate", str(bad))
        assert checked.exit_code == 1, checked.output
        said = _messages(checked, bad)
        assert any(words in line for line in said), said
        converted = run("convert", str(VALID), "-o", str(tmp_path / "out"), "--to", "xml",
                        "--complainant", str(bad))
        assert converted.exit_code == 1
        for line in said:
            assert line in converted.stderr, (line, converted.stderr)


RENAMED = [("facts.yaml", "facts.txt"), ("facts.yaml", "facts.ttl"), ("facts.json", "x.yaml"),
           ("report", "foo.json"), ("report", "report.txt"), ("ttl", "graph.txt"),
           ("nt", "graph.ttl"), ("nq", "quads.txt"), ("trig", "graph"), ("jsonld", "graph.json"),
           ("rdf", "graph.xml"), ("xml", "complaint.txt"), ("xml", "complaint.rdf"),
           ("profile", "profile.json"), ("profile", "profile.txt"), ("html", "page.xml")]


@pytest.mark.parametrize(("key", "name"), RENAMED)
def test_item7_content_decides_not_the_name(run, written: dict[str, Path], tmp_path: Path,
                                            key: str, name: str) -> None:
    path = tmp_path / name
    shutil.copyfile(written[key], path)
    assert detect_kind(path) is KINDS[key]
    result = run("validate", str(path))
    if KINDS[key] is Kind.COMPLAINT_PAGE:
        assert result.exit_code == 3 and "printable page of a complaint" in result.stderr
        return
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"{path}: ok")


NOT_CHECKED = {
    "letter.txt": REFERENCE_LETTER.read_bytes(),
    "letter.md": b"# Letter\n\nDear Sir,\n\nOn 3 June 2020 the police arrested ...\n",
    "letter.html": b"<!DOCTYPE html>\n<html><body><p>Dear Sir, on 3 June ...</p></body></html>",
    "letter.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "pom.xml": b'<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"/>',
    "compose.yml": b"services:\n  web:\n    image: nginx\n",
    "package.json": b'{"name": "x", "version": "1.0.0"}',
    "list.yaml": b"- one\n- two\n",
}


@pytest.mark.parametrize("name", list(NOT_CHECKED))
def test_item7_other_files_are_not_files_c87_checks(run, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(NOT_CHECKED[name])
    assert detect_kind(path) is Kind.OTHER
    result = run("validate", str(path))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"c87: error: {path}: is not a file c87 checks")
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    if path.suffix in (".txt", ".md", ".html", ".pdf"):
        assert "c87 extract" in result.stderr


def test_item7_several_kinds_in_one_run(run, written: dict[str, Path]) -> None:
    names = [written[k] for k in ("facts.yaml", "profile", "ttl", "report", "html", "xml")]
    result = run("validate", *map(str, names))
    assert result.exit_code == 3  # the page is not checked; every other file is
    for path in names:
        if path.suffix != ".html":
            assert result.stdout.count(f"{path}: ok") == 1, path


def test_item7_standard_input_and_max_size_still_work(run, written: dict[str, Path]) -> None:
    facts = written["facts.yaml"].read_bytes()
    assert run("validate", "-", input=facts).stdout == "-: ok\n"
    report = written["report"].read_bytes()
    assert run("validate", "-", input=report).stdout == "-: ok\n"
    result = run("validate", str(written["ttl"]), "--max-size", "1K")
    assert result.exit_code == 3 and "over the limit" in result.stderr
    result = run("validate", "-", "--max-size", "1K", input=facts)
    assert result.exit_code == 3 and "more than the limit" in result.stderr
