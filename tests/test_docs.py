"""The docs cannot drift (issue 13, item 4): every example in README.md and docs/*.md
is run, and what it shows is compared with what it gives.

**Shell examples** are ```console blocks. A line that starts with ``$ `` is a command (a
line ending in a backslash goes on to the next); the lines below it, up to the next
command, are what it prints, standard output and standard error together, as a terminal
shows them. Each command runs in bash, in a folder of its own for each page (commands
of one page share it, in the order of the page; ``cd`` and ``export`` do not carry over
from one command to the next), which holds copies of the repository's ``examples/``,
``tests/data/``, ``tests/cases/`` and ``benchmarks/corpus.py``; the ``c87`` and ``python``
of the virtual environment come first on ``PATH``, and ``HOME`` is a fresh folder, so the
default store is empty when a page starts. What is shown is compared line by line, with three
wildcards for what varies:

- a line that is ``...`` alone stands for any number of lines, none included;
- ``...`` within a line stands for any text on that line;
- ``/home/you`` stands for the home folder the commands ran with.

Blanks at the end of a line, and empty lines at the end, do not count. The exit status
is not compared: an example that needs to show it runs ``echo $?``.

**Python examples** (```python blocks) run too, in the same folder; the blocks of one page
share their names, as in one session.

**Files the commands read**: a block just below ``<!-- file: NAME -->`` (a SPARQL query,
say) is written to NAME in the page's folder, for the commands below it to use.

**Examples that are not run** (they need a SPARQL server, or the network, or are the
set-up commands themselves) are marked with Sybil's skip directive in an HTML comment
just above the block, with the reason: ``<!-- skip: next "needs a SPARQL server" -->``.
Each shows as a skipped test with its page, line and reason (``pytest -ra``), and
``test_few_examples_are_not_run`` counts them. A skip may depend on the machine:
``<!-- skip: next if(not pdf_writer, "needs WeasyPrint and Pango") -->`` runs the block
where WeasyPrint can write PDF.

Parsing the Markdown (fences, directives, line numbers) is Sybil's
(https://sybil.readthedocs.io); running and comparing is below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unittest
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from sybil import Document, Example, Region
from sybil.evaluators.skip import Skipper
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

from c87.input import read_letter
from c87.mapper.assemble import read_letter_facts
from c87.output.facts import facts_to_data

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
HOME_SHOWN = "/home/you"
SHELL_FENCES = re.compile(r"^ *```+ *(sh|bash|shell|zsh|shell-session)\b", re.M)
NOT_RUN_AT_MOST = 12
"""How many examples may be marked as not run, all pages together."""


# -- running a console block ---------------------------------------------------------

@dataclass
class Command:
    line: int          # of the page, where the command starts
    text: str          # what bash runs
    shown: list[str]   # what the page shows it prints


def commands(block: str, first_line: int) -> list[Command]:
    """The commands of a console block, each with the output shown under it."""
    found: list[Command] = []
    lines = block.split("\n")
    n = 0
    while n < len(lines):
        line = lines[n]
        if line.startswith("$ "):
            text, start = line[2:], n
            while text.endswith("\\") and n + 1 < len(lines):
                n += 1
                text += "\n" + lines[n]  # bash reads the backslash and newline as a space
            found.append(Command(first_line + start, text, []))
        elif found:
            found[-1].shown.append(line)
        elif line.strip():
            raise ValueError(f"line {first_line + n}: output before the first '$ ' command")
        n += 1
    if not found:
        raise ValueError(f"line {first_line}: a console block without a '$ ' command")
    return found


def line_matches(shown: str, actual: str) -> bool:
    if "..." not in shown:
        return shown == actual
    pattern = ".*".join(re.escape(part) for part in shown.split("..."))
    return re.fullmatch(pattern, actual) is not None


def output_matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is what ``shown`` shows, ``...`` lines standing for any lines."""

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(shown):
            return j == len(actual)
        if shown[i] == "...":
            return any(match(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and line_matches(shown[i], actual[j]) and match(i + 1, j + 1)

    return match(0, 0)


def trimmed(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def run_command(command: Command, folder: Path) -> list[str]:
    """What ``command`` prints, run by bash in ``folder``, as the page would show it."""
    home = folder / "home"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("C87_") and k not in ("XDG_DATA_HOME", "NETRC", "COLUMNS")}
    env.update(HOME=str(home), PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
               PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")  # the order a terminal shows
    result = subprocess.run(["bash", "-c", command.text], cwd=folder, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, timeout=300, check=False)
    text = result.stdout.decode("utf-8", "replace").replace(str(home), HOME_SHOWN)
    return trimmed(text.split("\n"))


def run_console(example: Example) -> str | None:
    """Sybil's evaluator of a console block: None when every command shows its output."""
    folder = example.namespace["__folder__"]
    # The block's source starts on the line after the fence.
    for command in commands(str(example.parsed).rstrip("\n"), example.line + 1):
        actual = run_command(command, folder)
        shown = trimmed(command.shown)
        if not output_matches(shown, actual):
            return (f"line {command.line}: `$ {command.text}` printed something else.\n"
                    "--- shown on the page\n" + "\n".join(shown) +
                    "\n--- printed now\n" + "\n".join(actual) + "\n---\n"
                    "Correct the page (or the code); see docs/contributing.md, "
                    "'Examples in the docs'.")
    return None


# -- the pages and their examples ----------------------------------------------------

FILE_BLOCK = re.compile(r"^<!-- file: (?P<name>[\w.-]+) -->\n```[\w-]*\n(?P<body>.*?)^```",
                        re.M | re.S)


def write_file(example: Example) -> None:
    """A block marked ``<!-- file: NAME -->`` is written to NAME, for the commands below."""
    name, body = example.parsed
    (example.namespace["__folder__"] / name).write_text(body, encoding="utf-8")


def file_blocks(document: Document) -> list[Region]:
    return [Region(m.start(), m.end(), (m["name"], m["body"]), write_file)
            for m in FILE_BLOCK.finditer(document.text)]


PARSERS = (CodeBlockParser("console", run_console), PythonCodeBlockParser(), SkipParser(),
           file_blocks)


@dataclass
class Page:
    """One page's examples, run in order in the page's own folder."""

    document: Document
    examples: list[Example]
    done: int = 0
    outcomes: dict[int, BaseException | None] = field(default_factory=dict)


def _parse(path: Path) -> Page:
    document = Document.parse(str(path), *PARSERS)
    return Page(document, list(document.examples()))


_PAGES = {path: _parse(path) for path in PAGES}


def _is_skip(example: Example) -> bool:
    return isinstance(example.region.evaluator, Skipper)


def _is_test(example: Example) -> bool:
    """An example of its own: not a skip directive, nor a file written for the others."""
    return not _is_skip(example) and example.region.evaluator is not write_file


def _example_ids() -> list[tuple[Path, int]]:
    return [(path, n) for path, page in _PAGES.items()
            for n, example in enumerate(page.examples) if _is_test(example)]


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def folders() -> dict[Path, Path]:
    """A folder for each page, made when its first example runs."""
    return {}


def _folder_for(path: Path, folders: dict[Path, Path],
                factory: pytest.TempPathFactory) -> Path:
    if path not in folders:
        folder = factory.mktemp(path.stem)
        shutil.copytree(ROOT / "examples", folder / "examples")
        shutil.copytree(ROOT / "tests" / "data", folder / "tests" / "data")
        shutil.copytree(ROOT / "tests" / "cases", folder / "tests" / "cases")
        (folder / "benchmarks").mkdir()
        shutil.copy(ROOT / "benchmarks" / "corpus.py", folder / "benchmarks")
        (folder / "home").mkdir()
        folders[path] = folder
    return folders[path]


@cache
def _pdf_writer() -> bool:
    """Whether WeasyPrint and Pango are here: a skip directive's ``if(not pdf_writer, ...)``."""
    from c87.errors import UsageError
    from c87.output.pdf import require_weasyprint

    try:
        require_weasyprint()
    except UsageError:
        return False
    return True


def _evaluate(page: Page, n: int) -> None:
    try:
        page.examples[n].evaluate()
    except BaseException as error:  # kept for the test of this example to raise
        page.outcomes[n] = error
    else:
        page.outcomes[n] = None


@pytest.mark.parametrize(("path", "n"), _example_ids(),
                         ids=[f"{_name(p)}:{_PAGES[p].examples[n].line}"
                              for p, n in _example_ids()])
def test_doc_example(path: Path, n: int, folders: dict[Path, Path],
                     tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    page = _PAGES[path]
    folder = _folder_for(path, folders, tmp_path_factory)
    page.document.namespace.update(__folder__=folder, pdf_writer=_pdf_writer())
    monkeypatch.chdir(folder)
    while page.done <= n:  # the examples above this one first: it may need what they made
        _evaluate(page, page.done)
        page.done += 1
    outcome = page.outcomes[n]
    if isinstance(outcome, unittest.SkipTest):
        pytest.skip(f"{_name(path)}:{page.examples[n].line}: not run: {outcome}")
    if outcome is not None:
        raise outcome


# -- what keeps the examples honest ----------------------------------------------------

def _not_run() -> list[str]:
    return [f"{_name(path)}:{example.line}: {example.parsed[1]}"
            for path, page in _PAGES.items() for example in page.examples
            if _is_skip(example)]


def test_few_examples_are_not_run() -> None:
    """Examples marked as not run are few, each with its reason, and counted."""
    not_run = _not_run()
    run = len(_example_ids()) - len(not_run)
    assert all(re.search(r'"\w.*"', line) for line in not_run), not_run
    assert len(not_run) <= NOT_RUN_AT_MOST, (
        f"{run} examples run, {len(not_run)} marked as not run:\n" + "\n".join(not_run))


def test_every_shell_example_is_a_console_block() -> None:
    """A shell example is a ```console block of `$ ` commands, so the runner sees it:
    a ```sh or ```bash block would be shown but never run."""
    found = [f"{_name(path)}:{path.read_text(encoding='utf-8')[:m.start()].count(chr(10)) + 1}"
             for path in PAGES for m in SHELL_FENCES.finditer(path.read_text(encoding="utf-8"))]
    assert not found, "write these as ```console blocks with '$ ' commands: " + ", ".join(found)


def test_the_runner_compares_what_it_should() -> None:
    assert output_matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert output_matches(["a", "...", "b"], ["a", "b"])
    assert output_matches(["took ... s"], ["took 0.5 s"])
    assert not output_matches(["a", "b"], ["a", "c"])
    assert not output_matches(["a"], ["a", "b"])
    assert not output_matches(["took ... s"], ["took 1 ms!"])
    parsed = commands("$ echo a \\\n  b\na b\n$ true", 10)
    assert [(c.line, c.text, c.shown) for c in parsed] == [
        (10, "echo a \\\n  b", ["a b"]), (13, "true", [])]
    with pytest.raises(ValueError, match="output before the first '\\$ ' command"):
        commands("just text", 1)
    with pytest.raises(ValueError, match="without a '\\$ ' command"):
        commands("\n", 1)


# -- the CLI reference, and links -----------------------------------------------------

CLI_PAGE = ROOT / "docs" / "cli.md"


def test_cli_reference_is_the_help_of_every_command() -> None:
    """docs/cli.md is what cog writes from the --help of every command (as sqlite-utils
    does): a command, option or help text changed without it fails here."""
    from cogapp import Cog

    status = Cog().main(["cog", "--check", str(CLI_PAGE)])
    assert status == 0, "docs/cli.md is out of date: run `make cli-docs` (cog -r docs/cli.md)"


def _prose(text: str) -> str:
    """``text`` without its fenced blocks and inline code, where links are not links."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def _anchors(page: Path) -> set[str]:
    """The anchors of a page's headings, as GitHub and mkdocs spell them."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {re.sub(r"[^\w\- ]", "", heading.replace("`", "").strip().lower()).replace(" ", "-")
            for heading in re.findall(r"^#+ (.*)$", text, re.M)}


def test_every_link_of_the_pages_leads_somewhere() -> None:
    """A relative link names a file of the repository, and its #anchor a heading there."""
    broken = []
    for page in PAGES:
        for target in re.findall(r"\]\(([^)\s]+)\)", _prose(page.read_text(encoding="utf-8"))):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve() if file else page
            if not path.exists():
                broken.append(f"{_name(page)}: {target} (no such file)")
            elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
                broken.append(f"{_name(page)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


# -- excerpts of real output (issue 12, item 12) -----------------------------------------

def _matches(example: Any, actual: Any, where: str) -> list[str]:
    """Where ``example`` (an excerpt, ``...`` marking cuts) is not part of ``actual``."""
    if isinstance(example, dict):
        if not isinstance(actual, dict):
            return [f"{where}: not a mapping in the output"]
        out = []
        for key, value in example.items():
            if key not in actual:
                out.append(f"{where}.{key}: not in the output")
            else:
                out += _matches(value, actual[key], f"{where}.{key}")
        return out
    if isinstance(example, list):
        if not isinstance(actual, list):
            return [f"{where}: not a list in the output"]
        out = []
        for n, item in enumerate(example):
            if isinstance(item, dict) and "id" in item:
                twins = [a for a in actual if isinstance(a, dict) and a.get("id") == item["id"]]
                out += _matches(item, twins[0], f"{where}[{item['id']}]") if twins else [
                    f"{where}[{item['id']}]: no such id in the output"]
            elif not any(not _matches(item, a, where) for a in actual):
                out.append(f"{where}[{n}]: {item!r} is not in the output")
        return out
    if isinstance(example, str) and "..." in example:
        flat = re.sub(r"\s+", " ", str(actual))
        parts = [p.strip() for p in example.split("...") if p.strip()]
        at = 0
        for part in parts:
            at = flat.find(part, at)
            if at < 0:
                return [f"{where}: {example!r} does not abbreviate {actual!r}"]
        return []
    return [] if example == actual else [f"{where}: page {example!r}, output {actual!r}"]


def test_item12_facts_example_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- facts-excerpt.*?-->\n```yaml\n(.*?)```", page, re.S)
    assert match, "docs/facts.md's facts example is marked as an excerpt of real output"
    example = yaml.safe_load(match.group(1))
    monkeypatch.chdir(ROOT)
    text = read_letter(Path("examples/ituc-kyrgyzstan-2020-06-18.txt"))
    actual = facts_to_data(read_letter_facts(text).facts)
    assert _matches(example, actual, "facts") == []


def test_item12_the_excerpt_check_catches_a_drifted_example() -> None:
    actual = {"letter": {"addressee": "president-of-kyrgyzstan"},
              "events": [{"id": "e1", "evidence": [{"quote": "On 3 June 2020, Ms Babayeva"}]}]}
    assert _matches({"letter": {"addressee": "president-kg"}}, actual, "facts")
    assert _matches({"events": [{"id": "e2"}]}, actual, "facts")
    assert not _matches({"events": [{"id": "e1", "evidence": [{"quote": "On 3 June ..."}]}]},
                        actual, "facts")


def test_item12_graph_query_finds_rows_where_a_plain_pattern_finds_none(
        run, tmp_path: Path) -> None:
    page = (ROOT / "docs" / "stores.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- file: interrogations.rq -->\n```sparql\n(.*?)```", page, re.S)
    assert match, "docs/stores.md's GRAPH example is marked"
    store = tmp_path / "store"
    assert run("load", str(ROOT / "examples" / "ituc-kyrgyzstan-2020-06-18.txt"),
               "--store", str(store)).exit_code == 0
    with_graph = tmp_path / "interrogations.rq"
    with_graph.write_text(match.group(1), encoding="utf-8")
    plain = tmp_path / "plain.rq"
    plain.write_text("SELECT ?s WHERE { ?s ?p ?o }", encoding="utf-8")
    found = run("query", str(with_graph), "--store", str(store), "--format", "csv")
    assert found.exit_code == 0, found.stderr
    rows = found.stdout.strip().splitlines()[1:]
    assert len(rows) >= 2 and all("ituc-2020-06-18-perc-htur" in r for r in rows)
    none = run("query", str(plain), "--store", str(store), "--format", "csv")
    assert none.exit_code == 0 and none.stdout.strip().splitlines()[1:] == []
