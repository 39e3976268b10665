"""What the actor finder returns: the actors of a text and where the text names them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from c87 import ontology
from c87.model import Actor

EVIDENCE_CAP = 5


# Groupings of actor kinds, read from the ontology's hierarchy (actor-kinds.ttl).
UNION_KINDS = ontology.under("trade-union")
ORG_KINDS = ontology.under("organisation") | ontology.under("employer")
STATE_KINDS = ontology.under("state-authority")


@dataclass
class Mention:
    """The words at ``start:end`` of the text name the actor whose id is ``actor``."""

    start: int
    end: int
    actor: str


@dataclass
class ActorIndex:
    """The actors of a letter and where the text names them.

    ``actors`` are in order of first mention with unique ids; ``mentions`` are sorted by
    start and do not overlap; ``notes`` say which rule made each actor and alias.
    """

    actors: list[Actor]
    mentions: list[Mention]
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        self._by_id = {a.id: a for a in self.actors}

    def in_span(self, start: int, end: int) -> list[Mention]:
        """The mentions that lie wholly inside ``start:end`` (a sentence), in text order."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def last_before(self, pos: int, kinds: set[str] | None = None) -> Mention | None:
        """The last mention that ends at or before ``pos`` (of an actor of ``kinds``)."""
        i = bisect.bisect_left(self._starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.end <= pos and (kinds is None or self.kind(m.actor) in kinds):
                return m
            i -= 1
        return None

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return self._by_id.get(actor_id)

    def kind(self, actor_id: str) -> str | None:
        """The kind of the actor with this id, or None if there is none."""
        actor = self._by_id.get(actor_id)
        return actor.kind if actor else None

    def add(self, actor: Actor, mentions: Sequence[Mention] = ()) -> Actor:
        """Add an actor (its id made unique) and those of ``mentions`` that overlap none.

        Use this, not ``actors.append``, so that the lookups stay consistent.
        """
        base, n = actor.id, 2
        while actor.id in self._by_id:
            actor.id = f"{base}-{n}"
            n += 1
        self.actors.append(actor)
        self._by_id[actor.id] = actor
        for m in mentions:
            m.actor = actor.id
            i = bisect.bisect_left(self._starts, m.start)
            prev_ok = i == 0 or self.mentions[i - 1].end <= m.start
            next_ok = i == len(self.mentions) or self.mentions[i].start >= m.end
            if prev_ok and next_ok:
                self.mentions.insert(i, m)
                self._starts.insert(i, m.start)
        return actor
