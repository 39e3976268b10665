"""``c87 principles`` and ``c87 schema``: what c87 maps letters to, and the facts schema."""

from __future__ import annotations

import click

__all__ = ["SCHEME_CHOICES", "principles", "schema"]

SCHEME_CHOICES = ["c087", "c098", "cl", "cfa", "event-types", "actor-kinds", "role-types"]


@click.command()
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


@click.command()
def schema() -> None:
    """Print the JSON Schema of the facts document.

    \b
    Example:
      c87 schema > facts.schema.json
    """
    import json

    from c87.model import facts_schema

    click.echo(json.dumps(facts_schema(), indent=2, ensure_ascii=False))
