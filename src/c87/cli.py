"""The ``c87`` command: options in, calls into the parts, exit statuses out.

Heavy libraries (pydantic, rdflib, lxml, pyoxigraph) are imported inside the commands
that need them, so ``c87 --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from c87 import __version__
from c87.errors import C87Error

EXIT_INTERNAL = 70

EXIT_STATUSES = """\b
Exit statuses:
  0  done
  1  the content is invalid or incomplete (a bad facts file, nothing to extract)
  2  usage error (unknown option, bad value)
  3  the input cannot be read (missing, unreadable, empty, too large, unknown format)
  70 internal error (a bug: rerun with --debug and report the traceback)"""


class C87Group(click.Group):
    """A group that turns every error into a one-line message and its exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except C87Error as exc:
            if debug:
                raise
            click.echo(f"c87: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("c87: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if debug:
                raise
            click.echo(f"c87: internal error: {type(exc).__name__}: {exc} "
                       "(rerun with --debug for the traceback)", err=True)
            ctx.exit(EXIT_INTERNAL)


def _size(value: str | None) -> int | None:
    if value is None:
        return None
    from c87.input.files import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


max_size_option = click.option(
    "--max-size", metavar="SIZE", default=None,
    help="Refuse inputs larger than this (e.g. 20M, 500K). Default 20M, or C87_MAX_SIZE.")


@click.group(cls=C87Group, epilog=EXIT_STATUSES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="c87")
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def cli(debug: bool) -> None:
    """Turn letters that denounce violations of trade union rights into evidence.

    A letter becomes a facts document (YAML you can review), then RDF tied to the
    principles of ILO Convention No. 87 and an Akoma Ntoso complaint for the ILO
    Committee on Freedom of Association.

    \b
    Example:
      c87 extract letter.pdf -o letter.facts.yaml
    """


@cli.command()
@click.argument("letter", metavar="LETTER")
@click.option("-o", "--output", metavar="FILE", default="-",
              help="Write the facts here instead of standard output ('-').")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default=None,
              help="Facts format. Default: from the output's extension, else yaml.")
@max_size_option
def extract(letter: str, output: str, fmt: str | None, max_size: str | None) -> None:
    """Extract the facts of LETTER (.txt .md .html .pdf .docx, or - for stdin).

    Nothing is written when the letter cannot be read or yields nothing usable.

    \b
    Examples:
      c87 extract examples/ituc-kyrgyzstan-2020-06-18.txt
      c87 extract letter.docx -o letter.facts.json
      cat letter.txt | c87 extract - --format json
    """
    from c87.input import read_letter
    from c87.mapper import extract as extract_facts
    from c87.output.facts import dump_facts

    limit = _size(max_size)
    if fmt is None:
        fmt = "json" if output.lower().endswith(".json") else "yaml"
    text = read_letter(letter, max_bytes=limit) if limit else read_letter(letter)
    facts = extract_facts(text)
    _emit(dump_facts(facts, fmt), output)


SCHEME_CHOICES = ["c087", "c098", "cl", "cfa", "event-types", "actor-kinds", "role-types"]


@cli.command()
@click.option("--scheme", type=click.Choice(SCHEME_CHOICES), default=None,
              help="One concept scheme (default: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "ttl"]), default="table",
              help="A readable table, JSON objects, or the scheme's Turtle.")
def principles(scheme: str | None, fmt: str) -> None:
    """List the principles, event types and actor kinds c87 maps letters to.

    c087 and c098 are the articles of ILO Conventions 87 and 98, cl the civil liberties
    of the ILC 1970 resolution, cfa the CFA principles quoted; event types show the
    principles each engages.

    \b
    Examples:
      c87 principles --scheme c087
      c87 principles --scheme event-types --format json
    """
    import json

    from c87 import ontology

    if fmt == "json":
        click.echo(json.dumps(ontology.list_concepts(scheme), indent=2, ensure_ascii=False))
    elif fmt == "ttl":
        click.echo(ontology.concepts_turtle(scheme), nl=False)
    else:
        click.echo(ontology.concepts_table(scheme))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the facts document.

    \b
    Example:
      c87 schema > facts.schema.json
    """
    import json

    from c87.model import facts_schema

    click.echo(json.dumps(facts_schema(), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@max_size_option
def validate(files: tuple[str, ...], max_size: str | None) -> None:
    """Check facts files (.yaml .yml .json) against the facts schema.

    Prints FILE: ok for each valid file, one error message for each invalid one, and goes
    on to the next. Exit 0 when all are valid, 1 when one is not, 3 when one is unreadable.

    \b
    Example:
      c87 validate out/*.facts.yaml
    """
    from c87.input.facts import load_facts

    limit = _size(max_size)
    worst = 0
    for name in files:
        try:
            load_facts(name, max_bytes=limit)
        except C87Error as exc:
            click.echo(f"c87: error: {exc}", err=True)
            worst = max(worst, exc.exit_code)
            continue
        click.echo(f"{name}: ok")
    if worst:
        sys.exit(worst)


def _emit(data: str, output: str) -> None:
    """Write to standard output, or whole to a file (through a temporary file)."""
    if output == "-":
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    from c87.errors import UsageError
    from c87.output.files import atomic_write

    target = Path(output)
    if target.is_dir():
        raise UsageError("is a directory; give a file name for -o", path=output)
    if not target.parent.exists():
        raise UsageError(f"the folder {str(target.parent)!r} does not exist", path=output)
    atomic_write(target, data)


def main() -> None:
    """Console entry point."""
    cli(prog_name="c87")
