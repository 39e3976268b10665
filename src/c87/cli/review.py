"""``c87 review``: check a letter's facts in the browser, and save what a person decided."""

from __future__ import annotations

import click

from c87.cli.options import max_size_option, size_limit, user_lexicon_options

__all__ = ["review"]


@click.command()
@click.argument("source", metavar="LETTER|FACTS")
@click.option("-o", "--output", metavar="FILE", default=None,
              help="Save the reviewed facts here. Default: FACTS itself, or "
                   "LETTER-STEM.facts.yaml in the working folder for a letter.")
@click.option("--no-browser", is_flag=True,
              help="Print the page's address instead of opening it in the browser.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--idle", "idle_minutes", type=click.FloatRange(min=0), default=60,
              show_default=True, metavar="MINUTES",
              help="Stop after this many minutes without a request (0: never).")
@click.option("--reviewer", metavar="NAME", default=None,
              help="The name written with each decision (the page can set it too).")
@user_lexicon_options
@max_size_option
def review(source: str, output: str | None, no_browser: bool, port: int,
           idle_minutes: float, reviewer: str | None, lexicon_file: str | None,
           no_user_lexicon: bool, max_size: str | None) -> None:
    """Review the facts of LETTER (extracted now) or of a FACTS file in the browser.

    The page shows the letter with every extracted span marked, and the events beside
    it: accept, correct or reject each (or all), add one by selecting its words, rename,
    merge and split actors, edit the letter's fields. Saving checks the document as
    c87 validate does and writes the file atomically, with each item's review status
    (accepted, corrected, added, rejected) and time. A letter whose facts file exists
    already is reviewed from that file, where the last review stopped.

    When you add an event or change a type, the page proposes its trigger word as a
    cue for that type; accepted, it goes into the user lexicon (--lexicon, else your
    own), which c87 extract and c87 review read on top of the shipped cue words.

    The page is served on 127.0.0.1 only, behind a random token in its address; it
    writes no other file than the facts file (and, when you accept a proposed cue, the
    user lexicon). It stops on Ctrl-C, from the page's Done button, or when idle.

    \b
    Keys on the page: j/k next/previous event, a accept, r reject, s save, ? help.

    \b
    Examples:
      c87 review examples/ituc-kyrgyzstan-2020-06-18.txt -o kg.facts.yaml
      c87 review kg.facts.yaml --no-browser --idle 15
    """
    import webbrowser

    from c87.errors import UsageError
    from c87.review.session import open_review
    from c87.review.web import start

    if no_user_lexicon and lexicon_file is not None:
        raise UsageError("--lexicon and --no-user-lexicon contradict each other; give one")
    session = open_review(source, output, lexicon=lexicon_file,
                          user_lexicon=not no_user_lexicon, reviewer=reviewer,
                          max_bytes=size_limit(max_size))
    server = start(session, port=port)
    click.echo(f"c87 review: {source} -> {session.output}", err=True)
    if no_browser or not webbrowser.open(server.url):
        click.echo(server.url)
    else:
        click.echo(f"c87 review: opened {server.url} in the browser", err=True)
    click.echo("c87 review: Ctrl-C stops it", err=True)
    why = server.wait(idle_minutes * 60 if idle_minutes else None)
    click.echo("c87 review: stopped (idle)" if why == "idle" else "c87 review: done", err=True)
