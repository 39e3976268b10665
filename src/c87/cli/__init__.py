"""The ``c87`` command: options in, calls into the parts, exit statuses out.

Heavy libraries (pydantic, rdflib, lxml, pyoxigraph) are imported inside the commands
that need them, so ``c87 --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import Any

import click

from c87 import __version__
from c87.errors import C87Error
from c87.ontology.iris import DEFAULT_BASE

EXIT_INTERNAL = 70

EXIT_STATUSES = """\b
Exit statuses:
  0  done
  1  the content is invalid or incomplete (a bad facts file, nothing to extract)
  2  usage error (unknown option, bad value)
  3  the input cannot be read (missing, unreadable, empty, too large, unknown format)
  4  the triple store cannot be used (unreachable, refused, failing, in use)
  5  an output cannot be written (read-only folder, no permission, disk full)
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
        except BrokenPipeError:
            # The reader went away (c87 query ... | head): stop quietly, as Unix tools do.
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps exit from failing
            ctx.exit(141)
        except Exception as exc:
            if debug:
                raise
            if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
                # a write c87 does not route through output.files: standard output, mostly
                from c87.output.files import STDOUT_NAME, cannot_write, discard_stdout

                if exc.filename is None:
                    discard_stdout()
                error = cannot_write(exc, exc.filename or STDOUT_NAME)
                click.echo(f"c87: error: {error}", err=True)
                ctx.exit(error.exit_code)
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
@click.option("--explain", is_flag=True,
              help="Print on standard error the rule or cue behind every fact.")
@click.option("--summary", is_flag=True,
              help="Print on standard error the events by date, with type and principles.")
@click.option("--allow-empty", is_flag=True,
              help="Write the facts even when no event is found (exit status 0).")
@max_size_option
def extract(letter: str, output: str, fmt: str | None, explain: bool, summary: bool,
            allow_empty: bool, max_size: str | None) -> None:
    """Extract the facts of LETTER (.txt .md .html .pdf .docx, or - for stdin).

    Warnings (acts no event type fits, nothing found) go to standard error. A text in
    which no event is found gets a warning and exit status 1, and nothing is written
    (unless --allow-empty). Nothing is written when the letter cannot be read.

    \b
    Examples:
      c87 extract examples/ituc-kyrgyzstan-2020-06-18.txt
      c87 extract letter.docx -o letter.facts.json
      cat letter.txt | c87 extract - --format json --explain
    """
    from c87.errors import ContentError
    from c87.input import read_letter
    from c87.mapper.assemble import read_letter_facts
    from c87.output.facts import dump_facts

    limit = _size(max_size)
    if fmt is None:
        fmt = "json" if output.lower().endswith(".json") else "yaml"
    text = read_letter(letter, max_bytes=limit)
    extraction = read_letter_facts(text)
    if explain:
        for line in extraction.explanations:
            click.echo(f"explain: {line}", err=True)
    for warning in extraction.warnings:
        click.echo(f"c87: warning: {letter}: {warning}", err=True)
    if not extraction.facts.events and not allow_empty:
        raise ContentError("no event found; nothing written (--allow-empty writes the "
                           "header and actors anyway)", path=letter)
    _emit(dump_facts(extraction.facts, fmt), output)
    if summary:
        from c87.output.facts import facts_summary

        click.echo(facts_summary(extraction.facts), err=True, nl=False)


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

    limit = _size(max_size)
    worst = 0
    for name in files:
        try:
            result = validate_file(name, max_bytes=limit)
        except C87Error as exc:
            click.echo(f"c87: error: {exc}", err=True)
            worst = max(worst, exc.exit_code)
            continue
        for warning in result.warnings:
            click.echo(f"c87: warning: {name}: {warning}", err=True)
        for line in result.lines():
            click.echo(f"{name}: {line}")
        if not result.ok:
            worst = max(worst, 1)
    if worst:
        sys.exit(worst)


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from c87.output.rdf import FORMATS
    from c87.pipeline.convert import COMPLAINT_FORMATS

    known = (*FORMATS, *COMPLAINT_FORMATS)
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not names:
        raise click.BadParameter("give at least one format")
    for name in names:
        if name not in known:
            raise click.BadParameter(
                f"unknown format {name!r}; choose from {', '.join(known)}")
    if "pdf" in names:  # before any input is read: one error, not one per input
        from c87.output.pdf import require_weasyprint

        require_weasyprint()
    return tuple(dict.fromkeys(names))


def _base_iri(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from c87.ontology.iris import check_base

    try:
        return check_base(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR",
              help="Folder for OUTDIR/<case-id>.<ext> (made if missing), or - for standard "
                   "output (one input, one format).")
@click.option("--to", "formats", default="ttl", show_default=True, metavar="FORMATS",
              callback=_formats,
              help="Comma-separated formats: RDF (ttl, nt, nq, trig, jsonld, rdf for "
                   "RDF/XML), and the complaint to the ILO CFA (xml: Akoma Ntoso; html: "
                   "its printable page; pdf: that page as PDF/A-3 with the xml inside).")
@click.option("--complainant", "profile_path", metavar="PROFILE", default=None,
              help="Complainant profile (YAML) for the complaint: who files it, its "
                   "permanent address, who signs, what it asks (examples/complainant.yaml).")
@click.option("--base", default=DEFAULT_BASE, show_default=True,
              metavar="IRI", callback=_base_iri,
              help="Base of the case and letter IRIs (http(s), ending in /).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: the number of cores).")
@click.option("--force", is_flag=True,
              help="Convert again inputs whose outputs are up to date.")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bar, no list of written files (errors still shown).")
@max_size_option
@click.pass_context
def convert(ctx: click.Context, inputs: tuple[str, ...], outdir: str,
            formats: tuple[str, ...], profile_path: str | None, base: str, jobs: int | None,
            force: bool, quiet: bool, max_size: str | None) -> None:
    """Convert letters, facts files or whole folders to RDF and to complaints to the CFA.

    INPUT is a letter (.txt .md .html .pdf .docx, extracted on the fly), a reviewed facts
    file (.yaml .yml .json), or a folder of them (walked). Each is written as
    OUTDIR/<case-id>.<ext> for every format, whole or not at all. RDF holds one named graph
    per letter; xml is the complaint (Akoma Ntoso 3.0, checked by c87 validate) and html
    its printable page, made with the --complainant profile if one is given, with the
    letter attached (for a facts file, when the letter is still at its source.path); pdf
    is that page as PDF/A-3 with the xml embedded, one file to attach to a filing.

    Inputs are converted in parallel; a re-run skips those already converted by this
    version to these formats (--force redoes them). A bad input is reported and the
    others are still converted: the summary, OUTDIR/report.json and the exit status (the
    worst of them) say which failed. An interrupted run leaves only complete files.

    \b
    Examples:
      c87 convert examples/ituc-kyrgyzstan-2020-06-18.txt -o out --to ttl,jsonld
      c87 convert archive/ -o graphs --to ttl,nq,xml --jobs 2
      c87 convert letter.facts.yaml -o - --to trig
      c87 convert examples/ituc-kyrgyzstan-2020-06-18.txt -o out --to xml,html \\
          --complainant examples/complainant.yaml
    """
    from c87.errors import UsageError
    from c87.pipeline.convert import COMPLAINT_FORMATS, Settings, convert_batch, convert_one

    limit = _size(max_size)
    if profile_path is not None and not any(f in COMPLAINT_FORMATS for f in formats):
        raise UsageError("--complainant is for the complaint: add xml, html or pdf to --to")
    profile = None
    if profile_path is not None:
        from c87.input.profile import load_complainant, profile_warnings

        profile = load_complainant(profile_path, max_bytes=limit)
        for warning in profile_warnings(profile):
            click.echo(f"c87: warning: {profile_path}: {warning}", err=True)
    settings = Settings(formats=formats, base=base, profile=profile, max_bytes=limit)
    if outdir == "-":
        if len(formats) != 1 or len(inputs) != 1 or Path(inputs[0]).is_dir():
            raise UsageError("-o - writes one format of one input: give one INPUT and one "
                             "--to format, or a folder")
        converted = convert_one(inputs[0], settings)
        for warning in converted.warnings:
            click.echo(f"c87: warning: {inputs[0]}: {warning}", err=True)
        from c87.output.files import write_stdout

        write_stdout(converted.outputs[formats[0]])
        return
    debug = bool(ctx.find_root().params.get("debug"))
    bar = _progress_bar(quiet)

    def failed(failure: Any) -> None:
        if debug and failure.status == 70:
            raise RuntimeError(failure.message)
        _echo_above(bar, f"c87: error: {failure.message}")

    report = convert_batch(
        inputs, outdir, settings, jobs=jobs or os.cpu_count() or 1, force=force,
        on_written=None if quiet else (lambda path: _echo_above(bar, str(path), err=False)),
        on_warning=lambda name, w: _echo_above(bar, f"c87: warning: {name}: {w}"),
        on_failure=failed, progress=bar.update if bar else None)
    if bar:
        bar.close()
    if report.interrupted:
        click.echo(f"c87: interrupted after {report.converted} converted; run again to "
                   "convert the rest", err=True)
        sys.exit(130)
    if report.failures or not quiet:
        click.echo(f"c87: {report.converted} converted, {report.skipped} up to date, "
                   f"{len(report.failures)} failed (report: {Path(outdir) / 'report.json'})",
                   err=True)
    if report.failures:
        total = report.converted + report.skipped + len(report.failures)
        click.echo(f"c87: {len(report.failures)} of {total} inputs not converted: "
                   + ", ".join(f.input for f in report.failures), err=True)
        sys.exit(report.status)


def _progress_bar(quiet: bool) -> Any:
    """A progress bar on standard error (letters done, rate, time left), on a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    class Bar:
        def __init__(self) -> None:
            self.bar: Any = None

        def update(self, done: int, total: int) -> None:
            if self.bar is None:
                self.bar = tqdm(total=total, unit="letter", file=sys.stderr, leave=False)
            self.bar.n = done
            self.bar.refresh()

        def write(self, line: str, err: bool) -> None:
            if self.bar is None:
                click.echo(line, err=err)
            else:
                self.bar.write(line, file=sys.stderr if err else sys.stdout)

        def close(self) -> None:
            if self.bar is not None:
                self.bar.close()

    return Bar()


def _echo_above(bar: Any, line: str, err: bool = True) -> None:
    if bar is None:
        click.echo(line, err=err)
    else:
        bar.write(line, err)


def _emit(data: str, output: str) -> None:
    """Write to standard output, or whole to a file (through a temporary file)."""
    from c87.output.files import atomic_write, write_stdout

    if output == "-":
        write_stdout(data)
        return
    from c87.errors import UsageError

    target = Path(output)
    if target.is_dir():
        raise UsageError("is a directory; give a file name for -o", path=output)
    if not target.parent.exists():
        raise UsageError(f"the folder {str(target.parent)!r} does not exist", path=output)
    atomic_write(target, data)


def main() -> None:
    """Console entry point."""
    cli(prog_name="c87")


from c87.cli.store import register as _register_store  # noqa: E402 (needs cli defined)

_register_store(cli)
