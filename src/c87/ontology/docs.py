"""Render the c87 ontology as an HTML page with pyLODE (what ``make docs`` runs).

Usage::

    python -m c87.ontology.docs [--output docs/ontology.html]

pyLODE is an optional dependency (``pip install -e '.[docs]'``). pyLODE 3.4.1 as
installed from PyPI reads its version from a ``pyproject.toml`` that the wheel does not
ship, so importing it fails; :func:`_import_ontpub` supplies the version from the installed
package's metadata before the import.
"""

from __future__ import annotations

import argparse
import sys
import types
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from c87.ontology import ONTOLOGY_FILE

DEFAULT_OUTPUT = Path("docs/ontology.html")


def _import_ontpub() -> type:
    """pyLODE's OntPub class, working around the missing pyproject.toml of its wheel."""
    if "pylode.version" not in sys.modules:
        try:
            installed = version("pylode")
        except PackageNotFoundError as err:
            raise SystemExit("pyLODE is not installed: pip install -e '.[docs]'") from err
        shim = types.ModuleType("pylode.version")
        shim.__version__ = installed  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = shim
    from pylode import OntPub

    return OntPub


def build(output: Path = DEFAULT_OUTPUT) -> Path:
    """Write the HTML documentation of ``c87.ttl`` to ``output`` (folders made as needed).

    The file is written to a temporary name first and then renamed, so a failed run
    leaves no half-written page. Returns the path written.
    """
    ontpub = _import_ontpub()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    try:
        ontpub(ontology=str(ONTOLOGY_FILE)).make_html(destination=partial)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m c87.ontology.docs",
        description="Render the c87 ontology (c87.ttl) as HTML with pyLODE.")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"HTML file to write (default: {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    written = build(args.output)
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
