"""``c87 lexicon``: your own cue words, the user lexicon (list, add, remove, export).

The file and its rules are :mod:`c87.ontology.user_lexicon`; checking a cue against the
shipped lexicon and changing the file is :mod:`c87.mapper.user_cues`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from c87.cli.options import emit, lexicon_option

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["lexicon"]

LANGUAGES = ("en", "fr", "es")

lang_option = click.option("--lang", type=click.Choice(LANGUAGES), default="en",
                           show_default=True, help="The language of the cue.")


def _check_type(event_type: str) -> None:
    """A usage error (exit status 2) for an id that is no event type, with the close ones."""
    from c87.errors import ContentError
    from c87.ontology.user_lexicon import check_event_type

    try:
        check_event_type(event_type)
    except ContentError as exc:
        raise click.BadParameter(exc.message, param_hint="TYPE") from None


def _where(path: Path) -> str:
    return click.format_filename(str(path))


@click.group()
def lexicon() -> None:
    """Your own cue words: the user lexicon, read on top of the shipped one.

    A cue is a lemma ("nab" matches nabbed, nabbing) of an event type, in English,
    French or Spanish; a phrase ("haul off"), "word/VERB", "prefix*" and "a ... b" work
    as in the shipped lexicon. c87 extract and c87 convert read the lexicon's cues on top
    of the shipped ones; a cue of yours wins over a shipped cue of the same words. The
    file is Turtle: $C87_LEXICON, else lexicon.ttl in the c87 data folder
    ($XDG_DATA_HOME/c87, by default ~/.local/share/c87), or --lexicon FILE.

    \b
    Examples:
      c87 lexicon add arrest-detention nab
      c87 lexicon list
      c87 lexicon export -o my-cues.ttl
    """


@lexicon.command("list")
@click.option("--type", "event_type", metavar="TYPE", default=None,
              help="Only the cues of this event type.")
@lexicon_option
def list_cues(event_type: str | None, lexicon_file: str | None) -> None:
    """List the cues of the user lexicon: event type, language, cue.

    \b
    Example:
      c87 lexicon list --type arrest-detention
    """
    from c87.ontology.user_lexicon import read_user_lexicon

    if event_type is not None:
        _check_type(event_type)
    found = read_user_lexicon(lexicon_file, missing_ok=True)
    cues = [c for c in found if event_type is None or c.type == event_type]
    if not cues:
        what = f" of {event_type}" if event_type else ""
        click.echo(f"c87: no cue{what} in the user lexicon ({_where(found.path)})",
                   err=True)
        return
    width = max(len(c.type) for c in cues)
    for cue in cues:
        click.echo(f"{cue.type:<{width}}  {cue.lang}  {cue.cue}")


@lexicon.command("add")
@click.argument("event_type", metavar="TYPE")
@click.argument("cue")
@lang_option
@lexicon_option
def add(event_type: str, cue: str, lang: str, lexicon_file: str | None) -> None:
    """Add CUE (a lemma or a phrase) to the event type TYPE.

    TYPE is an event type id (c87 principles --scheme event-types lists them). A cue the
    shipped lexicon already gives TYPE is refused (exit status 1); one it gives another
    type is added, and yours wins. A cue of yours has one type: adding it to another
    moves it.

    \b
    Examples:
      c87 lexicon add arrest-detention nab
      c87 lexicon add anti-union-dismissal "let go" --lang en
      c87 lexicon add violence tabasser --lang fr
    """
    from c87.mapper.user_cues import add_user_cue

    _check_type(event_type)
    done = add_user_cue(event_type, cue, lang, lexicon_file)
    where = _where(done.path)
    if done.added:
        click.echo(f"added {done.cue!r} ({lang}) to {event_type} in {where}")
    else:
        click.echo(f"{done.cue!r} ({lang}) of {event_type} is already in {where}")
    for other in done.moved_from:
        click.echo(f"note: {done.cue!r} ({lang}) was a cue of {other} in the user lexicon; "
                   f"it is now one of {event_type} only", err=True)
    for other in done.shipped_elsewhere:
        click.echo(f"note: the shipped lexicon gives {done.cue!r} ({lang}) to {other}; "
                   f"yours ({event_type}) wins", err=True)


@lexicon.command("remove")
@click.argument("event_type", metavar="TYPE")
@click.argument("cue")
@lang_option
@lexicon_option
def remove(event_type: str, cue: str, lang: str, lexicon_file: str | None) -> None:
    """Remove CUE of the event type TYPE from the user lexicon.

    A cue the lexicon does not hold is an error (exit status 1).

    \b
    Example:
      c87 lexicon remove arrest-detention nab
    """
    from c87.mapper.user_cues import remove_user_cue

    path = remove_user_cue(event_type, cue, lang, lexicon_file)
    click.echo(f"removed {cue!r} ({lang}) of {event_type} from {_where(path)}")


@lexicon.command("export")
@click.option("-o", "--output", metavar="FILE", default="-",
              help="Write it here instead of standard output ('-').")
@lexicon_option
def export(output: str, lexicon_file: str | None) -> None:
    """Write the user lexicon as a Turtle file to send to the project.

    Its header says what it is, which c87 wrote it and how many cues it holds; the cues
    are sorted, so the same cues give the same file.

    \b
    Example:
      c87 lexicon export -o my-cues.ttl
    """
    from c87 import __version__
    from c87.ontology.user_lexicon import export_turtle, read_user_lexicon

    found = read_user_lexicon(lexicon_file, missing_ok=True)
    emit(export_turtle(found, __version__), output)
