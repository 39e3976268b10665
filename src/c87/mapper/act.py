"""An act the event reader found, before it becomes an event of the facts document,
and what the vocabulary says of its type (violation or not, broader types).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from c87 import ontology
from c87.mapper.cues import Cue
from c87.mapper.sentences import Sentence

# The groupings the ontology holds, read from it (actor-kinds.ttl: c87:typicalRole and
# skos:narrower; event-types.ttl: c87:victimKind), not listed again here.
PERPETRATOR_KINDS = ontology.kinds_in_role("perpetrator")
VICTIM_KINDS = ontology.kinds_in_role("victim")
# Acts that strike a person, so that "his home", "took him" point to one.
AGAINST_PERSONS = ontology.types_striking("person")

AGENT = re.compile(r"\b(?:by|par|por)\s+(?:the\s+|les?\s+|la\s+|los\s+|las\s+|el\s+)?$",
                    re.IGNORECASE)


@dataclass
class Act:
    """An event as the mapper finds it, before it becomes a :class:`c87.model.Event`."""

    type: str
    sentence: Sentence
    cues: list[Cue]
    date: str | None = None
    start: str | None = None
    end: str | None = None
    approximate: bool = False
    date_span: tuple[int, int] | None = None
    participants: list[tuple[str, str]] = field(default_factory=list)  # (actor id, role)
    place: str | None = None
    notes: list[str] = field(default_factory=list)
    more: list[Sentence] = field(default_factory=list)  # sentences that go on about the act
    topic: bool = False  # named as what another act is about ("concern over a draft law")
    definite: bool = False  # named by a noun after "the" or "their" ("their dismissals")


@dataclass
class EventReading:
    acts: list[Act]
    warnings: list[str]
    notes: list[str]


def same_family(a: str, b: str) -> bool:
    """Equal types, or one narrower than the other (interrogation, investigation)."""
    return a == b or a in ancestors(b) or b in ancestors(a)


def is_violation(event_type: str) -> bool:
    found = ontology.concept(event_type)
    return bool(found and found.is_violation)


def ancestors(event_type: str) -> set[str]:
    out = {event_type}
    found = ontology.concept(event_type)
    while found and found.broader:
        parent = found.broader[0]
        out.add(parent)
        found = ontology.concept(parent)
    return out
