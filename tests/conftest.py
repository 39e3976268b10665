"""Shared fixtures: paths to the example letter, test letters and facts files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

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
