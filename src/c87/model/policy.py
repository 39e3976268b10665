"""A confidentiality policy: which actors and events of every letter are confidential.

A policy is a YAML file (``examples/confidentiality.yaml``) of rules, read by
:mod:`c87.input.policy` and applied by :func:`c87.pipeline.public.mark`. A rule holds
conditions that must all hold; a condition given a list holds when any of its values
does::

    actors:
      - kind: person          # every person who is a victim of an event of the letter
        role: victim
      - id: [babayeva, osmonov]
    events:
      - type: [abduction, killing]

An actor or event that a rule matches is marked ``confidential`` in the facts, as a
reviewer marks one by hand; nothing is ever unmarked by a policy.

May import: c87.model.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from c87.model import ActorKind, Identifier, Role, Strict

__all__ = ["ActorRule", "ConfidentialityPolicy", "EventRule"]


def _listed(value: object) -> object:
    """A single value as a list of one: ``kind: person`` reads as ``kind: [person]``."""
    return [value] if isinstance(value, str) else value


Ids = Annotated[list[Identifier], BeforeValidator(_listed)]


class ActorRule(Strict):
    """The actors a rule marks: those with all the conditions given."""

    id: Ids | None = Field(default=None, description="Actor ids.")
    kind: Annotated[list[ActorKind], BeforeValidator(_listed)] | None = Field(
        default=None, description="Actor kinds (person, group, trade-union, ...).")
    role: Annotated[list[Role], BeforeValidator(_listed)] | None = Field(
        default=None, description="A role the actor plays in an event of the letter.")
    country: Annotated[list[str], BeforeValidator(_listed)] | None = Field(
        default=None, description="ISO 3166-1 alpha-2 codes.")


class EventRule(Strict):
    """The events a rule marks: those with all the conditions given."""

    id: Ids | None = Field(default=None, description="Event ids.")
    type: Ids | None = Field(default=None, description="Event types of the ontology.")


class ConfidentialityPolicy(Strict):
    """The rules of a policy file."""

    actors: list[ActorRule] = Field(default_factory=list)
    events: list[EventRule] = Field(default_factory=list)
