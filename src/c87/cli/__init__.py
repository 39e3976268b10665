"""The ``c87`` command: options in, calls into the parts, exit statuses out.

The group and :func:`main` are here; each command group has its module: ``extract``,
``review``, ``convert``, ``validate``, ``score``, ``reference`` (``principles``,
``schema``), ``store`` (``load``, ``query``, ``store info|remove``) and ``lexicon``
(``lexicon list|add|remove|export``). The options they share are in
:mod:`c87.cli.options`. Heavy libraries (pydantic, rdflib, lxml, pyoxigraph) and the
parts below are imported inside the commands that need them, so ``c87 --help`` stays
fast.

May import: c87.review c87.pipeline c87.output c87.store c87.mapper c87.input c87.ontology c87.model c87.errors
"""  # noqa: E501

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any

import click

from c87 import __version__
from c87.cli import case, convert, extract, lexicon, reference, review, score, store, validate
from c87.errors import EXIT_INTERNAL, C87Error

__all__ = ["EXIT_STATUSES", "C87Group", "cli", "main"]

EXIT_STATUSES = """\b
Exit statuses:
  0  done
  1  the content is invalid or incomplete (a bad facts file, nothing to extract)
  2  usage error (unknown option, bad value)
  3  the input cannot be read (missing, unreadable, empty, too large, unknown format)
  4  the triple store, or the Dask cluster of convert --executor, cannot be used
     (unreachable, refused, failing, in use; no worker, another version)
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


for _command in (extract.extract, review.review, convert.convert, validate.validate,
                 score.score, reference.principles, reference.schema, store.load, store.query,
                 store.store, lexicon.lexicon, case.case):
    cli.add_command(_command)


def main() -> None:
    """Console entry point."""
    cli(prog_name="c87")

