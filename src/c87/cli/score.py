"""``c87 score``: how well c87 extracts the letters of reviewed facts files."""

from __future__ import annotations

import click

from c87.cli.options import max_size_option, size_limit, user_lexicon, user_lexicon_options

__all__ = ["score"]


@click.command()
@click.argument("reviewed", nargs=-1, required=True, metavar="REVIEWED...")
@click.option("--json", "as_json", is_flag=True,
              help="Print every figure, the key and the matching as JSON.")
@user_lexicon_options
@max_size_option
def score(reviewed: tuple[str, ...], as_json: bool, lexicon_file: str | None,
          no_user_lexicon: bool, max_size: str | None) -> None:
    """Score c87's extraction against facts files a person has reviewed.

    A reviewed facts file is its own answer key: the events the reviewer accepted,
    corrected or added (and those left without a review) are the events the letter
    holds; rejected ones are not. Each file's letter (its source.path, as it is or beside
    the file, with the text its source.sha256 names) is extracted again, and the
    extraction scored against the review with the scorer of the project's tests: per
    event type, recall, precision and dates, then over all types, with what each figure
    means. For several files, each file's overall figures, then the event types pooled
    (counts added up: a micro-average). A file without any review is refused (exit 1):
    review it first. Letters are read as c87 extract reads them, with the user lexicon
    on top of the shipped cue words: what a cue you taught c87 changes shows here.

    \b
    Examples:
      c87 score letter.facts.yaml
      c87 score reviewed/*.facts.yaml --json
    """
    import functools
    import json

    from c87.mapper.assemble import read_letter_facts
    from c87.pipeline.score import as_data, render_text, score_reviewed

    limit = size_limit(max_size)
    extract = functools.partial(read_letter_facts,
                                lexicon=user_lexicon(lexicon_file, no_user_lexicon))
    scores = [score_reviewed(name, max_bytes=limit, extract=extract) for name in reviewed]
    if as_json:
        click.echo(json.dumps(as_data(scores), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(scores))
