"""Shared fixtures: paths to the example letter, test letters and facts files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

if TYPE_CHECKING:
    from c87.model import Facts

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
LETTERS = Path(__file__).resolve().parent / "letters"
REFERENCE_LETTER = ROOT / "examples" / "ituc-kyrgyzstan-2020-06-18.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run(runner: CliRunner):
    """Invoke the CLI and return the result (stdout and stderr kept apart)."""
    from c87.cli import cli

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def as_shared(facts: Facts) -> Facts:
    """``facts`` as the RDF and the complaint record them: the file name of
    ``source.path``, without its folders (issue 12, item 4)."""
    from c87.iris import file_name

    if facts.source.path is None:
        return facts
    source = facts.source.model_copy(update={"path": file_name(facts.source.path)})
    return facts.model_copy(update={"source": source})
