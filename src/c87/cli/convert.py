"""``c87 convert``: letters, facts files or folders in, RDF and complaints out.

The batch itself (walk, workers, manifest, report) is :mod:`c87.pipeline.convert`; this
module parses the options, shows the progress and says how the run went.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from c87.cli.options import (
    base_option,
    confidentiality,
    confidentiality_options,
    debugging,
    echo_warning,
    max_size_option,
    size_limit,
    user_lexicon,
    user_lexicon_options,
    warning_line,
)
from c87.errors import EXIT_INTERNAL, UsageError

if TYPE_CHECKING:
    from c87.model.complaint import ComplainantProfile
    from c87.pipeline.convert import BatchReport, Failure, Runner, Settings

__all__ = ["convert"]


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from c87.output.facts import FORMATS as FACTS_FORMATS
    from c87.output.rdf import FORMATS
    from c87.pipeline.convert import COMPLAINT_FORMATS

    known = (*FORMATS, *COMPLAINT_FORMATS, *FACTS_FORMATS)
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


def _executor(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if value != "local":
        from c87.pipeline.cluster import dask_address

        try:
            dask_address(value)
        except UsageError as exc:
            raise click.BadParameter(exc.message) from None
    return value


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR",
              help="Folder for OUTDIR/<case-id>.<ext> (made if missing), or - for standard "
                   "output (one input, one format).")
@click.option("--to", "formats", default="ttl", show_default=True, metavar="FORMATS",
              callback=_formats,
              help="Comma-separated formats: RDF (ttl, nt, nq, trig, jsonld, rdf for "
                   "RDF/XML), and the complaint to the ILO CFA (xml: Akoma Ntoso; html: "
                   "its printable page; pdf: that page as PDF/A-3 with the xml inside), "
                   "and the facts document (yaml, json).")
@click.option("--complainant", "profile_path", metavar="PROFILE", default=None,
              help="Complainant profile (YAML) for the complaint: who files it, its "
                   "permanent address, who signs, what it asks (examples/complainant.yaml).")
@base_option("Base of the case and letter IRIs (http(s), ending in /).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: the number of cores).")
@click.option("--executor", default="local", show_default=True, metavar="WHERE",
              callback=_executor,
              help="Where the inputs are converted: local (this machine's --jobs "
                   "processes), or dask://HOST:PORT, the workers of a Dask scheduler "
                   "(c87 of this version installed on them; this process reads the inputs "
                   "and writes the files, the same bytes). Needs c87-mapper[dask].")
@click.option("--validate", "validate", type=click.Choice(["sample", "all"]),
              default="sample", show_default=True, metavar="WHICH",
              help="Which complaints (xml, html, pdf) are validated against the OASIS "
                   "Akoma Ntoso schema and complaint.xsd before they are written: all, or "
                   "a sample (in each process the first, each one with an element in a "
                   "place or with attributes no validated one had, and one letter in "
                   "ten). Either way the bytes are the same.")
@click.option("--force", is_flag=True,
              help="Convert again inputs whose outputs are up to date.")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bar, no list of written files (errors still shown).")
@confidentiality_options
@user_lexicon_options
@max_size_option
@click.pass_context
def convert(ctx: click.Context, inputs: tuple[str, ...], outdir: str,
            formats: tuple[str, ...], profile_path: str | None, base: str, jobs: int | None,
            executor: str, validate: str, force: bool, quiet: bool, public: bool,
            key_file: str | None, confidential_ids: tuple[str, ...], policy_file: str | None,
            lexicon_file: str | None, no_user_lexicon: bool, max_size: str | None) -> None:
    """Convert letters, facts files or whole folders to RDF and to complaints to the CFA.

    INPUT is a letter (.txt .md .html .pdf .docx, extracted on the fly, with the cue words
    of the user lexicon on top of the shipped ones), a reviewed facts file (.yaml .yml
    .json), or a folder of them (walked). Each is written as
    OUTDIR/<case-id>.<ext> for every format, whole or not at all. RDF holds one named graph
    per letter; xml is the complaint (Akoma Ntoso 3.0, checked by c87 validate) and html
    its printable page, made with the --complainant profile if one is given, with the
    letter attached (for a facts file, when the letter is still at its source.path); pdf
    is that page as PDF/A-3 with the xml embedded, one file to attach to a filing; yaml
    and json are the facts document.

    With --public every output is the public version of the facts: each actor or event
    marked confidential (in the facts, by --confidential, or by the policy) is named by a
    pseudonym or left out, and no quote names them (docs/publishing.md).

    Inputs are converted in parallel; a re-run skips those already converted by this
    version to these formats, letters with the same user lexicon (--force redoes them).
    A bad input is reported and the others are still converted: the summary,
    OUTDIR/report.json and the exit status (the worst of them) say which failed. An
    interrupted run leaves only complete files.

    \b
    Examples:
      c87 convert examples/ituc-kyrgyzstan-2020-06-18.txt -o out --to ttl,jsonld
      c87 convert archive/ -o graphs --to ttl,nq,xml --jobs 2
      c87 convert letter.facts.yaml -o - --to trig
      c87 convert examples/ituc-kyrgyzstan-2020-06-18.txt -o out --to xml,html \\
          --complainant examples/complainant.yaml
    """
    from c87.pipeline.convert import Settings, is_facts_file

    limit = size_limit(max_size)
    profile = _profile(profile_path, formats, limit)
    # The user lexicon is read when there are letters to extract (a folder may hold some).
    letters = any(Path(i).is_dir() or not is_facts_file(i) for i in inputs)
    lexicon = user_lexicon(lexicon_file, no_user_lexicon) if letters else None
    secrecy = confidentiality(public, key_file, confidential_ids, policy_file)
    if public and executor != "local":
        raise UsageError("--public runs here, not on a cluster (the key would travel to its "
                         "workers): convert to yaml on the cluster, then --public here")
    settings = Settings(formats=formats, base=base, profile=profile, max_bytes=limit,
                        lexicon=lexicon, validate=validate, confidentiality=secrecy)
    if outdir == "-":
        if executor != "local":
            raise UsageError("--executor is for batches: give a folder for -o")
        _convert_to_stdout(inputs, settings)
        return
    with _runner(executor) as runner:
        report = _run_batch(inputs, outdir, settings, jobs=jobs or os.cpu_count() or 1,
                            force=force, quiet=quiet, debug=debugging(ctx), runner=runner)
    _conclude(report, outdir, quiet)


def _runner(executor: str) -> contextlib.AbstractContextManager[Runner | None]:
    """What converts the inputs: None for this machine, or a Dask cluster's workers."""
    if executor == "local":
        return contextlib.nullcontext()
    from c87.pipeline.cluster import dask_runner

    return dask_runner(executor)


def _profile(path: str | None, formats: tuple[str, ...],
             limit: int | None) -> ComplainantProfile | None:
    """The complainant profile at ``path`` (None without one), its warnings printed."""
    if path is None:
        return None
    from c87.pipeline.convert import COMPLAINT_FORMATS

    if not any(f in COMPLAINT_FORMATS for f in formats):
        raise UsageError("--complainant is for the complaint: add xml, html or pdf to --to")
    from c87.input.profile import load_complainant, profile_warnings

    profile = load_complainant(path, max_bytes=limit)
    for warning in profile_warnings(profile):
        echo_warning(path, warning)
    return profile


def _convert_to_stdout(inputs: tuple[str, ...], settings: Settings) -> None:
    """``-o -``: the one format of the one input, to standard output."""
    if len(settings.formats) != 1 or len(inputs) != 1 or Path(inputs[0]).is_dir():
        raise UsageError("-o - writes one format of one input: give one INPUT and one "
                         "--to format, or a folder")
    from c87.output.files import write_stdout
    from c87.pipeline.convert import convert_one

    converted = convert_one(inputs[0], settings)
    for warning in converted.warnings:
        echo_warning(inputs[0], warning)
    write_stdout(converted.outputs[settings.formats[0]])


def _run_batch(inputs: tuple[str, ...], outdir: str, settings: Settings, *, jobs: int,
               force: bool, quiet: bool, debug: bool, runner: Runner | None) -> BatchReport:
    """Convert into the folder ``outdir``, the files written, the warnings and the
    errors printed as they come (above the progress bar, on a terminal)."""
    from c87.pipeline.convert import convert_batch

    bar = _progress_bar(quiet)

    def failed(failure: Failure) -> None:
        if debug and failure.status == EXIT_INTERNAL:
            raise RuntimeError(failure.message)
        _echo_above(bar, f"c87: error: {failure.message}")

    report = convert_batch(
        inputs, outdir, settings, jobs=jobs, force=force,
        on_written=None if quiet else (lambda path: _echo_above(bar, str(path), err=False)),
        on_warning=lambda name, w: _echo_above(bar, warning_line(name, w)),
        on_failure=failed, progress=bar.update if bar else None, runner=runner)
    if bar:
        bar.close()
    return report


def _conclude(report: BatchReport, outdir: str, quiet: bool) -> None:
    """Say how the batch went, and exit with the worst status of its inputs."""
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
