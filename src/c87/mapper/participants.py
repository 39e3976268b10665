"""Stage 6 of the mapper: who took part in each act, in which role, and where.
"""

from __future__ import annotations

import functools
import re

from c87.mapper.act import AGAINST_PERSONS, AGENT, PERPETRATOR_KINDS, UNION_KINDS, VICTIM_KINDS, Act
from c87.mapper.actors import ActorIndex, gazetteer
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


def participants(act: Act, text: str, index: ActorIndex, sender: str | None,
                  addressee: str | None, words: dict[str, re.Pattern[str]],
                  previous_victims: tuple[str, ...] = ()) -> None:
    """Who did what to whom: the roles the act's type expects (``c87:expectsRole`` in the
    ontology), filled from the actors' kinds.

    Actors named in the clause of the cue come first; a role the clause leaves open is
    taken from the rest of the sentence ("criminal prosecutions were initiated against
    members of the Council, and their homes were searched": the members for both).
    """
    sentence = act.sentence
    found = concept(act.type)
    violation = bool(found and found.is_violation)
    expected = frozenset(found.expected_roles) if found else frozenset({"participant"})
    told = "author" in expected  # a communication: who wrote, to whom
    a, b = clause(text, sentence, act.cues[0].start)
    in_clause = index.in_span(a, b)
    rest = [m for m in index.in_span(sentence.start, sentence.end) if not a <= m.start < b]
    roles: dict[str, str] = {}

    def role_of(actor: str) -> str | None:
        kind = index.kind(actor)
        if told:
            if actor == sender:
                return "author"
            return "addressee" if kind == "intergovernmental" else "participant"
        if violation and actor == addressee:
            return None  # the addressee is asked to act, not accused, unless "your services"
        if "perpetrator" in expected and (kind in PERPETRATOR_KINDS or (
                kind == "group" and words["perpetrator_groups"].search(index.actor(actor).name))):
            return "perpetrator"
        if "victim" in expected and kind in VICTIM_KINDS and (
                actor != sender or actor not in international()):
            return "victim"  # a national centre that writes can be struck itself
        return None if actor == sender else "participant"

    for m in in_clause:
        role = role_of(m.actor)
        if role and violation and AGENT.search(text, max(a, m.start - 6), m.start) and \
                index.kind(m.actor) not in VICTIM_KINDS - {"person", "group"}:
            role = "perpetrator"  # the agent of a passive: "shot dead ... by two gunmen"
        if role:
            roles.setdefault(m.actor, role)
    for m in rest:
        role = role_of(m.actor)
        if role in ("victim", "perpetrator") and role not in roles.values():
            roles.setdefault(m.actor, role)
            act.notes.append(f"{role}: {m.actor} (from the rest of the sentence)")
    if told:
        if sender and words["first_person"].search(sentence.text):
            roles.setdefault(sender, "author")
        if "addressee" in expected and addressee and re.search(
                r"\b(?:to you|vous|le escribí|usted)\b", sentence.text, re.IGNORECASE):
            roles.setdefault(addressee, "addressee")
    if violation and addressee and "perpetrator" not in roles.values() and \
            words["second_person_agent"].search(text, a, b):
        roles[addressee] = "perpetrator"
        act.notes.append(f"perpetrator: {addressee} (the addressee's own services)")
    if violation and "victim" not in roles.values():
        ref = words["union_reference"].search(text, a, b)
        union = index.last_before(ref.start(), UNION_KINDS) if ref else None
        if union and union.actor != sender:
            roles[union.actor] = "victim"
            act.notes.append(f"victim: {union.actor} ({ref.group()!r}: the union named before)")
    if violation and previous_victims and words["plural_anaphora"].search(
            sentence.text[:40]) and not any(r == "victim" and index.kind(x) == "person"
                                            for x, r in roles.items()):
        for actor in previous_victims:
            roles.setdefault(actor, "victim")
        act.notes.append("victims: those of the act before ('the three', 'both')")
    if violation and not any(r == "victim" and index.kind(x) == "person"
                             for x, r in roles.items()) and \
            words["person_pronoun"].search(text, a, b) and act.type in AGAINST_PERSONS:
        earlier = index.last_before(sentence.start, {"person"})
        if earlier:
            roles.setdefault(earlier.actor, "victim")
            act.notes.append(f"victim: {earlier.actor} (a pronoun points to the person named "
                             "last)")
    if violation and words["pronoun_start"].match(sentence.text):
        earlier = index.last_before(sentence.start, {"person"})
        if earlier:
            roles[earlier.actor] = "victim"
            act.notes.append(f"victim: {earlier.actor} (the pronoun that opens the sentence)")
    act.participants = sorted(((x, r) for x, r in roles.items() if r in expected),
                              key=lambda item: ROLE_ORDER.get(item[1], 9))
    for actor, role in act.participants:
        act.notes.append(f"{role}: {actor}")


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
