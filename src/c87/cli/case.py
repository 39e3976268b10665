"""``c87 case``: one case from many documents (new, add, remove, show, join, split, adopt,
convert, load).

The case file on disk is :mod:`c87.pipeline.case`; how its documents are joined is
:mod:`c87.mapper.case`; its RDF is :mod:`c87.output.casefile`.
"""

from __future__ import annotations

import json
from typing import Any

import click

from c87.cli.options import (
    base_option,
    echo_warning,
    max_size_option,
    size_limit,
    user_lexicon,
    user_lexicon_options,
)
from c87.cli.store import STORE_HELP, _open, _target_options
from c87.errors import UsageError

__all__ = ["case"]

FACTS = ("date", "place", "perpetrator", "number", "length", "role")
folder_argument = click.argument("folder", metavar="CASE", type=click.Path(file_okay=False))


@click.group()
def case() -> None:
    """One case from many documents: the same actors and events across letters, reports
    and replies, each fact with its sources, disagreements kept.

    A case file is a folder (CASE): its documents, their facts, and your decisions.
    Add documents in any order; c87 joins the actors and events they share, and marks
    the facts on which they disagree. Refer to a document's item as DOC/ID (d2/e5, the
    ids 'c87 case show' prints).

    \b
    Examples:
      c87 case new kg-fpk --title "FPK, Kyrgyzstan"
      c87 case add kg-fpk letter-2019.txt letter-2020.pdf press-report.txt
      c87 case show kg-fpk --explain
      c87 case adopt kg-fpk d2/e7 date
      c87 case convert kg-fpk -o out/
    """


@case.command("new")
@folder_argument
@click.option("--title", default=None, help="A title for the case.")
@click.option("--cfa-case", default=None, metavar="NUMBER",
              help="Its CFA case number, when it is one (else one a document names).")
def new(folder: str, title: str | None, cfa_case: str | None) -> None:
    """Create an empty case file in the folder CASE."""
    from c87.pipeline.case import new_case

    manifest = new_case(folder, title=title, cfa_case=cfa_case)
    click.echo(f"c87: created case {manifest.name} in {click.format_filename(folder)}",
               err=True)


@case.command("add")
@folder_argument
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@user_lexicon_options
@max_size_option
def add(folder: str, files: tuple[str, ...], lexicon_file: str | None,
        no_user_lexicon: bool, max_size: str | None) -> None:
    """Add letters, reports, facts files or reviewed facts files to the case.

    A letter (.txt .md .html .pdf .docx) is extracted as 'c87 extract' does; a facts file
    is taken as it is. A file already in the case is not added twice. A file that cannot
    be read is reported and the others are added; the exit status is then that of the
    first failure.
    """
    from c87.pipeline.case import add_documents

    done = add_documents(folder, files, lexicon=user_lexicon(lexicon_file, no_user_lexicon),
                         max_bytes=size_limit(max_size),
                         on_added=lambda d: click.echo(f"{d.id}\t{d.added_as}"))
    for name, doc in done.already:
        click.echo(f"c87: {click.format_filename(name)}: in the case already, as {doc}",
                   err=True)
    for name, message in done.warnings:
        echo_warning(name, message)
    for _name, exc in done.failed:
        click.echo(f"c87: error: {exc}", err=True)
    if done.failed:
        raise SystemExit(getattr(done.failed[0][1], "exit_code", 1))


@case.command("remove")
@folder_argument
@click.argument("document", metavar="DOC")
def remove(folder: str, document: str) -> None:
    """Take the document DOC (d2) out of the case: what it stated goes with it."""
    from c87.pipeline.case import remove_document

    gone = remove_document(folder, document)
    click.echo(f"c87: removed {gone.id} ({gone.added_as})", err=True)


@case.command("show")
@folder_argument
@click.option("--explain", is_flag=True, help="Say why actors and events were joined.")
@click.option("--json", "as_json", is_flag=True, help="Write the case as JSON.")
def show(folder: str, explain: bool, as_json: bool) -> None:
    """Show the case: documents, actors across documents, events with their sources, and
    the facts the sources disagree on."""
    from c87.pipeline.case import read_case
    from c87.pipeline.case_report import case_data, case_text

    linked = read_case(folder)
    if as_json:
        click.echo(json.dumps(case_data(linked), indent=2, ensure_ascii=False))
    else:
        click.echo(case_text(linked, explain=explain), nl=False)


def _decide(folder: str, action: str, refs: list[str], fact: Any = None) -> None:
    from c87.pipeline.case import decide

    decide(folder, action, refs, fact)
    click.echo(f"c87: {action} {' '.join(refs)}" + (f" ({fact})" if fact else ""), err=True)


def _kind(folder: str, refs: tuple[str, ...]) -> str:
    """Whether REFs name actors or events of the case's documents."""
    from c87.pipeline.case import ref_kind

    return ref_kind(folder, list(refs))


@case.command("join")
@folder_argument
@click.argument("refs", nargs=-1, required=True, metavar="DOC/ID...")
def join(folder: str, refs: tuple[str, ...]) -> None:
    """Make the given document actors (or events) one actor (or event) of the case."""
    if len(refs) < 2:
        raise UsageError("give two or more DOC/ID to join")
    _decide(folder, f"join-{_kind(folder, refs)}s", list(refs))


@case.command("split")
@folder_argument
@click.argument("refs", nargs=-1, required=True, metavar="DOC/ID...")
def split(folder: str, refs: tuple[str, ...]) -> None:
    """Keep each given document actor (or event) apart: a wrong match undone."""
    _decide(folder, f"split-{_kind(folder, refs)}", list(refs))


@case.command("adopt")
@folder_argument
@click.argument("ref", metavar="DOC/ID")
@click.argument("fact", type=click.Choice(FACTS))
def adopt(folder: str, ref: str, fact: str) -> None:
    """Adopt the statement of FACT by the document event DOC/ID for the complaint, where
    the sources disagree. The other statements stay in the case and its graph."""
    _decide(folder, "adopt", [ref], fact)


@case.command("convert")
@folder_argument
@click.option("-o", "--output", "outdir", required=True, metavar="DIR",
              type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--to", "formats", default="nq,ttl,xml,html", show_default=True,
              help="Formats: nq or trig (the case's graph and every document's), ttl "
                   "(the case's graph), xml (the complaint), html (its printable page).")
@base_option("Base of the IRIs of the case and of its documents' graphs.")
def convert(folder: str, outdir: str, formats: str, base: str) -> None:
    """Write the case as RDF and as a complaint built from all of its documents."""
    from c87.pipeline.case import read_case
    from c87.pipeline.case_complaint import write_case_outputs

    for path in write_case_outputs(read_case(folder), outdir, formats.split(","), base):
        click.echo(click.format_filename(str(path)))


@case.command("load", epilog=STORE_HELP)
@folder_argument
@_target_options(write=True)
@base_option("Base of the IRIs of the case and of its documents' graphs.")
@click.pass_context
def load(ctx: click.Context, folder: str, base: str, **target: Any) -> None:
    """Load the case into a triple store: its graph and each document's, replacing what
    an earlier load of it put there (a document removed since goes), all at once."""
    from c87.pipeline.case import read_case
    from c87.pipeline.case_report import load_case

    db = _open(ctx, create=True, **target)
    try:
        count = load_case(read_case(folder), db, base)
    finally:
        db.close()
    click.echo(f"c87: loaded {count} graphs into {db.label}", err=True)
