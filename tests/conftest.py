"""Shared fixtures: paths to the example letter, test letters and facts files."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import tempfile
import threading
import typing
from collections.abc import Iterator
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


_LEXICON_DIR: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """No test reads the user lexicon of whoever runs the tests: ``C87_LEXICON`` names a
    file in a temporary folder of the session, which does not exist (an empty lexicon),
    before any test is collected. Tests that write a lexicon set their own."""
    global _LEXICON_DIR
    _LEXICON_DIR = tempfile.mkdtemp(prefix="c87-test-lexicon-")
    os.environ["C87_LEXICON"] = os.path.join(_LEXICON_DIR, "lexicon.ttl")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _LEXICON_DIR is not None:
        shutil.rmtree(_LEXICON_DIR, ignore_errors=True)


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
    from c87.ontology.iris import file_name

    if facts.source.path is None:
        return facts
    source = facts.source.model_copy(update={"path": file_name(facts.source.path)})
    return facts.model_copy(update={"source": source})


class Recorder(http.server.BaseHTTPRequestHandler):
    """A request handler that records the path of every GET and answers ``body``: the
    stand-in for a remote host that c87 must never reach while reading."""

    requests: typing.ClassVar[list[str]] = []
    body: typing.ClassVar[bytes] = b"FETCHED"

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def recorder(body: bytes) -> type[Recorder]:
    """A :class:`Recorder` of its own (its own list of requests) that answers ``body``."""
    return type("Recorder", (Recorder,), {"requests": [], "body": body})


@contextlib.contextmanager
def serve_on_loopback(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 with ``handler``, for the time of a test: its base
    address."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
