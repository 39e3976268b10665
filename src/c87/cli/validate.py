"""``c87 validate``: check any file c87 reads or writes, each as the kind it is."""

from __future__ import annotations

import sys

import click

from c87.cli.options import echo_warning, max_size_option, size_limit
from c87.errors import C87Error

__all__ = ["validate"]


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@max_size_option
def validate(files: tuple[str, ...], max_size: str | None) -> None:
    """Check facts files, RDF, complaints, complainant profiles and batch reports.

    What a file is, its content says (its name only breaks ties): a facts document is
    checked against the facts schema and everything convert checks before writing (event
    types and principles of the ontology, ids that resolve, the letter's date); RDF
    (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) against the SHACL shapes, with the
    ontology and its schemes; a complaint (Akoma Ntoso XML) against the strict OASIS Akoma
    Ntoso 3.0 schema, the c87 complaint schema and the CFA checklist, one line per item,
    passed or FAILED, with the reason; a complainant profile as convert --complainant
    reads it; a batch report (report.json) against what convert writes. Prints FILE: ok
    for each good file; for a bad one, an error message or one line per problem, and goes
    on to the next. Exit 0 when all are valid, 1 when one is not, 3 when one cannot be
    read or is not a file c87 checks (a letter, the printable .html page of a complaint).

    \b
    Examples:
      c87 validate out/*.facts.yaml
      c87 validate out/ituc-2020-06-18-perc-htur.ttl out/report.json
      c87 validate out/ituc-2020-06-18-perc-htur.xml examples/complainant.yaml
    """
    from c87.pipeline.validate import validate_file

    limit = size_limit(max_size)
    worst = 0
    for name in files:
        try:
            result = validate_file(name, max_bytes=limit)
        except C87Error as exc:
            click.echo(f"c87: error: {exc}", err=True)
            worst = max(worst, exc.exit_code)
            continue
        for warning in result.warnings:
            echo_warning(name, warning)
        for line in result.lines():
            click.echo(f"{name}: {line}")
        if not result.ok:
            worst = max(worst, 1)
    if worst:
        sys.exit(worst)
