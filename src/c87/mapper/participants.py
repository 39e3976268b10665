"""Stage 6 of the mapper: who took part in each act, in which role, and where.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from c87.mapper.act import AGAINST_PERSONS, AGENT, PERPETRATOR_KINDS, VICTIM_KINDS, Act
from c87.mapper.actors import UNION_KINDS, ActorIndex, gazetteer
from c87.mapper.clauses import clause
from c87.mapper.countries import country_names
from c87.mapper.dates import month_names
from c87.mapper.sentences import Sentence
from c87.ontology import concept
from c87.ontology.data import load


@functools.cache
def international() -> frozenset[str]:
    """Ids of the well-known international bodies (the gazetteer): they write about acts
    against others, so as senders they are not taken for victims."""
    return frozenset(str(entry["id"]) for entry in gazetteer())


@dataclass
class _Roles:
    """What the role rules read for one act: the letter's text, actors and parties, what
    the act's type expects, and the clause of its first cue; ``roles`` maps the actors
    found so far to their roles."""

    act: Act
    text: str
    index: ActorIndex
    sender: str | None
    addressee: str | None
    words: dict[str, re.Pattern[str]]
    violation: bool
    expected: frozenset[str]
    clause: tuple[int, int]
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def told(self) -> bool:
        """Whether the act is a communication: who wrote, to whom."""
        return "author" in self.expected

    def has_person_victim(self) -> bool:
        return any(r == "victim" and self.index.kind(x) == "person"
                   for x, r in self.roles.items())


def participants(act: Act, text: str, index: ActorIndex, sender: str | None,
                  addressee: str | None, words: dict[str, re.Pattern[str]],
                  previous_victims: tuple[str, ...] = ()) -> None:
    """Who did what to whom: the roles the act's type expects (``c87:expectsRole`` in the
    ontology), filled from the actors' kinds.

    Actors named in the clause of the cue come first; a role the clause leaves open is
    taken from the rest of the sentence ("criminal prosecutions were initiated against
    members of the Council, and their homes were searched": the members for both).
    """
    found = concept(act.type)
    r = _Roles(act, text, index, sender, addressee, words,
               violation=bool(found and found.is_violation),
               expected=frozenset(found.expected_roles) if found else frozenset({"participant"}),
               clause=clause(text, act.sentence, act.cues[0].start))
    _named_roles(r)
    if r.told:
        _communication_roles(r)
    if r.violation:
        _addressee_perpetrator(r)
        _union_victim(r)
        _pronoun_victims(r, previous_victims)
    act.participants = sorted(((x, role) for x, role in r.roles.items() if role in r.expected),
                              key=lambda item: ROLE_ORDER.get(item[1], 9))
    for actor, role in act.participants:
        act.notes.append(f"{role}: {actor}")


def _role_of(r: _Roles, actor: str) -> str | None:
    """The role the kind of ``actor`` gives it in the act, if any."""
    kind = r.index.kind(actor)
    if r.told:
        if actor == r.sender:
            return "author"
        return "addressee" if kind == "intergovernmental" else "participant"
    if r.violation and actor == r.addressee:
        return None  # the addressee is asked to act, not accused, unless "your services"
    if "perpetrator" in r.expected and (kind in PERPETRATOR_KINDS or (
            kind == "group" and r.words["perpetrator_groups"].search(r.index.actor(actor).name))):
        return "perpetrator"
    if "victim" in r.expected and kind in VICTIM_KINDS and (
            actor != r.sender or actor not in international()):
        return "victim"  # a national centre that writes can be struck itself
    return None if actor == r.sender else "participant"


def _named_roles(r: _Roles) -> None:
    """The actors named in the clause, then a victim or perpetrator the clause leaves open
    from the rest of the sentence."""
    a, b = r.clause
    sentence, index = r.act.sentence, r.index
    for m in index.in_span(a, b):
        role = _role_of(r, m.actor)
        if role and r.violation and AGENT.search(r.text, max(a, m.start - 6), m.start) and \
                index.kind(m.actor) not in VICTIM_KINDS - {"person", "group"}:
            role = "perpetrator"  # the agent of a passive: "shot dead ... by two gunmen"
        if role:
            r.roles.setdefault(m.actor, role)
    for m in index.in_span(sentence.start, sentence.end):
        if a <= m.start < b:
            continue
        role = _role_of(r, m.actor)
        if role in ("victim", "perpetrator") and role not in r.roles.values():
            r.roles.setdefault(m.actor, role)
            r.act.notes.append(f"{role}: {m.actor} (from the rest of the sentence)")


def _communication_roles(r: _Roles) -> None:
    """A letter the sender speaks of in the first person, to "you": author and addressee."""
    text = r.act.sentence.text
    if r.sender and r.words["first_person"].search(text):
        r.roles.setdefault(r.sender, "author")
    if "addressee" in r.expected and r.addressee and re.search(
            r"\b(?:to you|vous|le escribí|usted)\b", text, re.IGNORECASE):
        r.roles.setdefault(r.addressee, "addressee")


def _addressee_perpetrator(r: _Roles) -> None:
    """"your services": the addressee's own agents struck."""
    if r.addressee and "perpetrator" not in r.roles.values() and \
            r.words["second_person_agent"].search(r.text, *r.clause):
        r.roles[r.addressee] = "perpetrator"
        r.act.notes.append(f"perpetrator: {r.addressee} (the addressee's own services)")


def _union_victim(r: _Roles) -> None:
    """"the union", "the Federation" with no victim named: the union named before."""
    if "victim" in r.roles.values():
        return
    ref = r.words["union_reference"].search(r.text, *r.clause)
    union = r.index.last_before(ref.start(), UNION_KINDS) if ref else None
    if union and union.actor != r.sender:
        r.roles[union.actor] = "victim"
        r.act.notes.append(f"victim: {union.actor} ({ref.group()!r}: the union named before)")


def _pronoun_victims(r: _Roles, previous_victims: tuple[str, ...]) -> None:
    """Victims a pronoun or a plural points to: those of the act before ("the three",
    "both"), the person named last ("his home"), the person a pronoun opening the
    sentence stands for."""
    sentence, index, words = r.act.sentence, r.index, r.words
    if previous_victims and words["plural_anaphora"].search(sentence.text[:40]) and \
            not r.has_person_victim():
        for actor in previous_victims:
            r.roles.setdefault(actor, "victim")
        r.act.notes.append("victims: those of the act before ('the three', 'both')")
    if not r.has_person_victim() and words["person_pronoun"].search(r.text, *r.clause) and \
            r.act.type in AGAINST_PERSONS:
        earlier = index.last_before(sentence.start, {"person"})
        if earlier:
            r.roles.setdefault(earlier.actor, "victim")
            r.act.notes.append(f"victim: {earlier.actor} (a pronoun points to the person "
                               "named last)")
    if words["pronoun_start"].match(sentence.text):
        earlier = index.last_before(sentence.start, {"person"})
        if earlier:
            r.roles[earlier.actor] = "victim"
            r.act.notes.append(f"victim: {earlier.actor} (the pronoun that opens the "
                               "sentence)")


ROLE_ORDER = {"victim": 0, "perpetrator": 1, "author": 2, "addressee": 3, "participant": 4}


def place(text: str, sentence: Sentence, index: ActorIndex) -> str | None:
    """A place the sentence names: "in Gazipur", or the city of a named authority."""
    taken = [(m.start, m.end) for m in index.in_span(sentence.start, sentence.end)]
    for match in re.finditer(r"\b(?:in|at|near|en|à|dans|de)\s+(?P<place>[A-Z][\w'’-]+"
                             r"(?:\s+[A-Z][\w'’-]+)?)", text[sentence.start:sentence.end]):
        start = sentence.start + match.start("place")
        if any(a <= start < b for a, b in taken):
            continue
        candidate = match["place"]
        if not_a_place(candidate):
            continue
        return candidate
    return None


@functools.cache
def not_place_words() -> frozenset[str]:
    return frozenset(month_names()) | frozenset(load("lexicon")["not_places"])


def not_a_place(candidate: str) -> bool:
    first = candidate.split()[0]
    return (first.casefold() in not_place_words() or candidate in country_names()
            or first in country_names() or first.isupper())
