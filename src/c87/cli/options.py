"""What every command shares: the options ``--max-size`` and ``--base`` with their checks,
the user lexicon's ``--lexicon`` and ``--no-user-lexicon``, writing to ``-o``/``--output``,
warnings, and whether ``--debug`` was given.

Imports only click, :mod:`c87.errors` and :mod:`c87.ontology.iris` at its top (cheap);
the parts that parse sizes and write files are imported when they are used, so that
``c87 --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from c87.errors import UsageError
from c87.ontology.iris import DEFAULT_BASE, check_base

if TYPE_CHECKING:
    from c87.ontology.user_lexicon import UserLexicon
    from c87.pipeline.public import Confidentiality

__all__ = ["base_option", "confidentiality", "confidentiality_options", "debugging",
           "echo_warning", "emit", "lexicon_option", "max_size_option", "size_limit",
           "user_lexicon", "user_lexicon_options",
           "warning_line"]

F = TypeVar("F", bound=Callable[..., Any])

max_size_option = click.option(
    "--max-size", metavar="SIZE", default=None,
    help="Refuse inputs larger than this (e.g. 20M, 500K). Default 20M, or C87_MAX_SIZE.")


LEXICON_HELP = ("The user lexicon (Turtle) of your own cue words. Default: $C87_LEXICON, "
                "else lexicon.ttl in the c87 data folder (~/.local/share/c87).")

lexicon_option = click.option("--lexicon", "lexicon_file", metavar="FILE", default=None,
                              help=LEXICON_HELP)


def user_lexicon_options(function: F) -> F:
    """``--lexicon FILE`` and ``--no-user-lexicon``: which cue words letters are read with."""
    function = click.option(
        "--no-user-lexicon", is_flag=True,
        help="Read letters with the shipped cue words only, not the user lexicon's.")(function)
    return lexicon_option(function)  # type: ignore[no-any-return]


def user_lexicon(lexicon_file: str | None, no_user_lexicon: bool) -> UserLexicon | None:
    """The user lexicon the options say (None: the shipped cue words alone). The default
    file may be missing (no cue of your own yet); a ``--lexicon`` file may not."""
    if no_user_lexicon:
        if lexicon_file is not None:
            raise UsageError("--lexicon and --no-user-lexicon contradict each other; "
                             "give one")
        return None
    from c87.ontology.user_lexicon import read_user_lexicon

    return read_user_lexicon(lexicon_file) or None


def size_limit(max_size: str | None) -> int | None:
    """The byte limit ``--max-size`` says (None: the default), or a usage error."""
    if max_size is None:
        return None
    from c87.input.files import parse_size

    try:
        return parse_size(max_size)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _check_base(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return check_base(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def base_option(help: str) -> Callable[[F], F]:
    """``--base IRI``: the base of the IRIs minted, :data:`DEFAULT_BASE` unless given,
    checked as it is parsed; ``help`` says what the command mints under it."""
    return click.option("--base", default=DEFAULT_BASE, show_default=True, metavar="IRI",
                        callback=_check_base, help=help)


def emit(data: str, output: str) -> None:
    """Write to standard output ('-'), or whole to a file (through a temporary file)."""
    from c87.output.files import atomic_write, write_stdout

    if output == "-":
        write_stdout(data)
        return
    target = Path(output)
    if target.is_dir():
        raise UsageError("is a directory; give a file name for -o", path=output)
    if not target.parent.exists():
        raise UsageError(f"the folder {str(target.parent)!r} does not exist", path=output)
    atomic_write(target, data)


def warning_line(name: str, message: str) -> str:
    """The line that warns of ``message`` about the input ``name``."""
    return f"c87: warning: {name}: {message}"


def echo_warning(name: str, message: str) -> None:
    """Print on standard error a warning about the input ``name``."""
    click.echo(warning_line(name, message), err=True)


def debugging(ctx: click.Context) -> bool:
    """Whether ``c87 --debug`` was given: errors then show their traceback."""
    return bool(ctx.find_root().params.get("debug"))


def confidentiality_options(function: F) -> F:
    """``--public``, ``--key-file``, ``--confidential`` and ``--confidentiality-policy``:
    what is confidential, and whether the outputs are the public versions."""
    for option in reversed([
        click.option("--public", is_flag=True,
                     help="Write the public versions: every confidential actor named by a "
                          "pseudonym keyed with the secret of $C87_PSEUDONYM_KEY (or the "
                          "file $C87_PSEUDONYM_KEY_FILE, or --key-file), quotes redacted, "
                          "no offsets, no confidential event (docs/publishing.md)."),
        click.option("--key-file", metavar="FILE", default=None,
                     help="The file that holds the pseudonyms' secret key (never the key "
                          "itself on the command line)."),
        click.option("--confidential", "confidential_ids", metavar="ID", multiple=True,
                     help="Mark the actor or event ID confidential (repeatable)."),
        click.option("--confidentiality-policy", "policy_file", metavar="FILE", default=None,
                     help="A YAML policy of what is confidential, e.g. every victim who is "
                          "a person (examples/confidentiality.yaml)."),
    ]):
        function = option(function)
    return function


def confidentiality(public: bool, key_file: str | None, ids: tuple[str, ...],
                    policy_file: str | None) -> Confidentiality | None:
    """What the confidentiality options say (None: nothing marked, nothing made public)."""
    if key_file is not None and not public:
        raise UsageError("--key-file is for --public outputs; add --public")
    if not (public or ids or policy_file):
        return None
    from c87.input.policy import load_key, load_policy
    from c87.pipeline.public import Confidentiality

    policy = load_policy(policy_file) if policy_file is not None else None
    key = load_key(key_file) if public else None
    return Confidentiality(policy=policy, ids=ids, key=key)
