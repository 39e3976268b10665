"""The command line: help, version, schema, extract, validate; exit statuses; bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from c87 import __version__
from c87.model import facts_schema

from .conftest import DATA, REFERENCE_LETTER

HEAVY = ("rdflib", "lxml", "pyoxigraph", "pydantic", "pyshacl")


def test_help_lists_commands_and_exit_statuses(run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for word in ("extract", "schema", "validate", "Exit statuses"):
        assert word in result.output


def test_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_imports_no_heavy_library() -> None:
    code = ("import sys\nfrom c87.cli import cli\n"
            "try:\n    cli.main(['--help'], prog_name='c87')\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "c87", "--version"], capture_output=True,
                          text=True)
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_schema_is_json_schema(run) -> None:
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["title"] == "c87 facts document"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_extract_reference_letter_json(run) -> None:
    result = run("extract", str(REFERENCE_LETTER), "--format", "json")
    assert result.exit_code == 0, result.stderr
    facts = json.loads(result.stdout)
    jsonschema.validate(facts, facts_schema())
    letter = facts["letter"]
    assert letter["date"] == "2020-06-18"
    assert letter["reference"] == "PERC/HTUR"
    assert letter["subject"] == ("Interference in trade union affairs and harassment of "
                                 "trade union leaders")
    assert letter["country"] == "KG"
    assert facts["source"]["language"] == "en"
    assert len(facts["source"]["sha256"]) == 64
    # Every field states where the letter says it.
    for field in ("date", "reference", "subject", "country"):
        span = letter["provenance"][field]
        assert span["quote"]


def test_extract_writes_yaml_file_by_suffix(run, tmp_path: Path) -> None:
    out = tmp_path / "facts.yaml"
    result = run("extract", str(REFERENCE_LETTER), "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("c87: 1\n")
    assert run("validate", str(out)).exit_code == 0


def test_extract_reads_stdin(run) -> None:
    result = run("extract", "-", "--format", "json",
                 input=REFERENCE_LETTER.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["letter"]["reference"] == "PERC/HTUR"


# --- bad input: message naming the file, exit status, nothing written -------------------

def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


def _unknown(tmp_path: Path) -> Path:
    path = tmp_path / "letter.xyz"
    path.write_text("Dear Mr President", encoding="utf-8")
    return path


def _pdf_without_text(tmp_path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    return path


BAD_LETTERS = {
    "missing": (lambda tmp: tmp / "nope.txt", "no such file"),
    "directory": (lambda tmp: tmp, "is a directory"),
    "empty": (_empty, "is empty"),
    "binary": (_garbage, "not"),
    "unknown extension": (_unknown, ".xyz"),
    "pdf without text": (_pdf_without_text, "OCR"),
}


@pytest.mark.parametrize("case", sorted(BAD_LETTERS))
def test_bad_letter(run, tmp_path: Path, case: str) -> None:
    make, words = BAD_LETTERS[case]
    path = make(tmp_path)
    out = tmp_path / "out.yaml"
    result = run("extract", str(path), "-o", str(out))
    assert result.exit_code == 3, result.stderr
    assert result.stderr.startswith("c87: error: ")
    assert str(path) in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_bad_letter_leaves_existing_output_untouched(run, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("reviewed facts\n", encoding="utf-8")
    result = run("extract", str(_empty(tmp_path)), "-o", str(out))
    assert result.exit_code == 3
    assert out.read_text(encoding="utf-8") == "reviewed facts\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "out.yaml"]


def test_file_over_size_limit(run, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Dear Mr President, the police arrested him. " * 100, encoding="utf-8")
    result = run("extract", str(big), "--max-size", "1K")
    assert result.exit_code == 3
    assert "over the limit of 1,024 bytes" in result.stderr
    assert str(big) in result.stderr


def test_size_limit_from_environment(runner, tmp_path: Path) -> None:
    from c87.cli import cli

    big = tmp_path / "big.txt"
    big.write_text("x" * 5000, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(big)], env={"C87_MAX_SIZE": "2K"})
    assert result.exit_code == 3 and "2,048 bytes" in result.stderr


def test_bad_size_value_is_a_usage_error(run) -> None:
    result = run("extract", str(REFERENCE_LETTER), "--max-size", "lots")
    assert result.exit_code == 2


def test_unknown_option_is_a_usage_error(run) -> None:
    assert run("extract", "--frobnicate").exit_code == 2


def test_output_into_missing_folder_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("extract", str(REFERENCE_LETTER), "-o", str(tmp_path / "no" / "f.yaml"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Dear Mr President, the police arrested him.", encoding="utf-8")
    path.chmod(0)
    command = [sys.executable, "-m", "c87", "extract", str(path)]
    if os.geteuid() == 0:
        # root reads every file; without the capabilities that let it, it is refused as
        # an ordinary user is.
        setpriv = shutil.which("setpriv") or pytest.skip("setpriv is not installed")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")}
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    assert proc.returncode == 3, proc.stderr
    assert "permission denied" in proc.stderr and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr


# --- facts files ------------------------------------------------------------------------

VALID = DATA / "facts" / "valid.yaml"


def test_validate_good_facts(run) -> None:
    result = run("validate", str(VALID))
    assert result.exit_code == 0
    assert "ok" in result.stdout


@pytest.mark.parametrize(("edit", "words"), [
    (("source: {", "source: {{"), [":4:1: is not valid YAML"]),
    (('date: "2020-06-03"', "date: 20200603"), ["events[0].date", "line 36"]),
    (("    place: Bishkek\n", "    place: Bishkek\n    venue: x\n"), ["unknown key 'venue'"]),
])
def test_validate_bad_facts(run, tmp_path: Path, edit: tuple[str, str], words: list[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert str(bad) in result.stderr
    for word in words:
        assert word in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_keeps_going_over_several_files(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("c87: 1\n", encoding="utf-8")
    result = run("validate", str(bad), str(VALID))
    assert result.exit_code == 1
    assert f"{VALID}: ok" in result.stdout
    assert str(bad) in result.stderr


def test_debug_shows_traceback(runner, tmp_path: Path) -> None:
    from c87.cli import cli
    from c87.errors import InputError

    with pytest.raises(InputError):
        runner.invoke(cli, ["--debug", "extract", str(tmp_path / "nope.txt")],
                      catch_exceptions=False)


# --- principles -------------------------------------------------------------------------

def test_principles_c087_json_lists_articles_and_paragraphs_with_text(run) -> None:
    result = run("principles", "--scheme", "c087", "--format", "json")
    assert result.exit_code == 0
    concepts = json.loads(result.stdout)
    notations = [c["notation"] for c in concepts]
    assert [n for n in notations if n.count("-") == 1] == [f"C087-{i}" for i in range(1, 12)]
    assert {"C087-3-1", "C087-3-2", "C087-8-1", "C087-8-2"} <= set(notations)
    by = {c["notation"]: c for c in concepts}
    assert "refrain from any interference" in by["C087-3-2"]["definition"]
    assert by["C087-3-2"]["broader"] == ["C087-3"]
    for c in concepts:
        assert {"notation", "label", "definition", "broader", "scheme"} <= set(c)


def test_principles_event_types_show_the_mapping(run) -> None:
    concepts = json.loads(run("principles", "--scheme", "event-types", "--format",
                              "json").stdout)
    house_arrest = next(c for c in concepts if c["notation"] == "house-arrest")
    assert house_arrest["broader"] == ["arrest-detention"]
    assert {"C087-3-2", "CL-liberty"} <= set(house_arrest["principles"])
    assert all(c["principles"] for c in concepts if c["violation"])


def test_principles_table_and_turtle(run) -> None:
    table = run("principles", "--scheme", "cl").stdout
    assert "CL-liberty" in table and "CL-fair-trial" in table
    turtle = run("principles", "--scheme", "c098", "--format", "ttl").stdout
    assert "C098-1" in turtle


def test_principles_unknown_scheme_is_a_usage_error(run) -> None:
    assert run("principles", "--scheme", "c999").exit_code == 2


def test_help_lists_every_exit_status_once(run) -> None:
    from c87.errors import EXIT_CONTENT, EXIT_INPUT, EXIT_OUTPUT, EXIT_STORE, EXIT_USAGE

    result = run("--help")
    statuses = re.findall(r"^\s+(\d+)\s+\S", result.stdout.split("Exit statuses:")[1], re.M)
    assert statuses == [str(s) for s in (0, EXIT_CONTENT, EXIT_USAGE, EXIT_INPUT, EXIT_STORE,
                                         EXIT_OUTPUT, 70)]
