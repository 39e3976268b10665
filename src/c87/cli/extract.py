"""``c87 extract``: a letter in, its facts document out."""

from __future__ import annotations

import click

from c87.cli.options import (
    echo_warning,
    emit,
    max_size_option,
    size_limit,
    user_lexicon,
    user_lexicon_options,
)

__all__ = ["extract"]


@click.command()
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
@user_lexicon_options
@max_size_option
def extract(letter: str, output: str, fmt: str | None, explain: bool, summary: bool,
            allow_empty: bool, lexicon_file: str | None, no_user_lexicon: bool,
            max_size: str | None) -> None:
    """Extract the facts of LETTER (.txt .md .html .pdf .docx, or - for stdin).

    Warnings (acts no event type fits, nothing found) go to standard error. A text in
    which no event is found gets a warning and exit status 1, and nothing is written
    (unless --allow-empty). Nothing is written when the letter cannot be read. The cue
    words of the user lexicon (c87 lexicon) are read on top of the shipped ones.

    \b
    Examples:
      c87 extract examples/ituc-kyrgyzstan-2020-06-18.txt
      c87 extract letter.docx -o letter.facts.json
      cat letter.txt | c87 extract - --format json --explain
    """
    from c87.input import read_letter
    from c87.mapper.assemble import read_letter_facts
    from c87.output.facts import dump_facts, facts_summary
    from c87.pipeline.convert import require_events

    limit = size_limit(max_size)
    if fmt is None:
        fmt = "json" if output.lower().endswith(".json") else "yaml"
    lexicon = user_lexicon(lexicon_file, no_user_lexicon)
    text = read_letter(letter, max_bytes=limit)
    extraction = read_letter_facts(text, lexicon=lexicon)
    if explain:
        for line in extraction.explanations:
            click.echo(f"explain: {line}", err=True)
    for warning in extraction.warnings:
        echo_warning(letter, warning)
    if not allow_empty:
        require_events(extraction.facts, letter,
                       "--allow-empty writes the header and actors anyway")
    emit(dump_facts(extraction.facts, fmt), output)
    if summary:
        click.echo(facts_summary(extraction.facts), err=True, nl=False)
