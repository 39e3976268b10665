"""Confidentiality: mark what is not to be published, and make the public version of facts.

:func:`mark` sets the ``confidential`` flag of the actors and events a policy or a list of
ids names (a reviewer sets the same flag by hand). :func:`publish` makes the public
version of a facts document, from which every public output is written (RDF in every
syntax, the complaint and its page, the facts YAML and JSON), so that no output can hold
what another leaves out:

- every confidential actor is named by a pseudonym, ``Person 7KQF2M9A``: the first 40
  bits of an HMAC-SHA256 (RFC 2104, Python's ``hmac``) of the actor's kind and folded name
  under the publisher's secret key. The same name gets the same pseudonym in every letter
  and run with the same key; without the key it cannot be worked out or checked against a
  guess. Its id becomes ``person-7kqf2m9a``, and its aliases, given and family names and
  honorific are dropped;
- every form of its names (the name, each alias, the given and family names and, for a
  person, each word of them) is replaced by the pseudonym wherever it is written in the
  document: quotes, summaries, the subject, places, posts, other actors' names and ids,
  the source's file name. Names are found whatever their case, accents or homoglyphs
  (:func:`c87.input.text.skeleton`);
- every confidential event is left out;
- every quote loses its offsets into the letter's text (``start``, ``end``), and the
  document is marked ``public: true``; the letter's text is never attached to a public
  complaint.

What this cannot do: a person can still be recognised from what the letter says of them
(a post held by one person, a place, a date), and a name written in an inflected form
(``Babayevoy``) or another script than the one given is not found. See docs/publishing.md.

May import: c87.input c87.model c87.errors.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from c87.errors import ContentError
from c87.input.facts import facts_from_data
from c87.input.policy import SecretKey
from c87.input.text import skeleton
from c87.model import Actor, Event, Facts
from c87.model.policy import ActorRule, ConfidentialityPolicy, EventRule

__all__ = ["Confidentiality", "mark", "name_forms", "pseudonym", "publish", "redactor"]

_HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir madam mme mlle m sr sra srta don dona dña sig sig.ra "
    "herr frau brother sister comrade he hon".split())
_PARTICLES = frozenset("de del della der den van von da do dos das du la le el al bin binti "
                       "ibn ben bint y e".split())
_KIND_LABEL = {"person": "Person", "group": "Group"}
_CODE_KEYS = frozenset({"type", "kind", "role", "country", "language", "format", "sha256",
                        "date", "start", "end", "status", "time", "genre", "principles",
                        "conventions", "c87", "public", "confidential", "approximate",
                        "alleged_violation"})
_ID_KEYS = frozenset({"id", "actor", "sender", "addressee", "organisation", "member_of"})


@dataclass(frozen=True)
class Confidentiality:
    """What a run marks confidential (``policy``, ``ids``) and, given a ``key``, that its
    outputs are the public versions (c87 convert --public)."""

    policy: ConfidentialityPolicy | None = None
    ids: tuple[str, ...] = ()
    key: SecretKey | None = None

    @property
    def public(self) -> bool:
        return self.key is not None

    def apply(self, facts: Facts) -> Facts:
        """``facts`` marked, and made public when the run is."""
        marked = mark(facts, self.policy, self.ids)
        return publish(marked, self.key) if self.key is not None else marked

    @property
    def digest(self) -> str:
        """What the run's outputs depend on, as a digest that reveals none of it (a batch
        redoes the outputs of an input when it changes)."""
        policy = self.policy.model_dump_json() if self.policy else ""
        key = self.key.fingerprint if self.key else ""
        return hashlib.sha256("\0".join([policy, *sorted(self.ids), key]).encode()
                              ).hexdigest()[:16]


# -- marking --------------------------------------------------------------------------------

def mark(facts: Facts, policy: ConfidentialityPolicy | None = None,
         ids: Iterable[str] = ()) -> Facts:
    """``facts`` with the actors and events that ``policy`` or ``ids`` (actor or event ids)
    name marked confidential; those already marked stay so. Ids the document does not
    hold are ignored (a batch's letters hold different ones)."""
    wanted = set(ids)
    actor_rules = policy.actors if policy else []
    event_rules = policy.events if policy else []
    roles: dict[str, set[str]] = {}
    for e in facts.events:
        for p in e.participants:
            roles.setdefault(p.actor, set()).add(p.role)
    actors = [a.model_copy(update={"confidential": True})
              if not a.confidential and (a.id in wanted or any(
                  _actor_rule(rule, a, roles.get(a.id, set())) for rule in actor_rules))
              else a for a in facts.actors]
    events = [e.model_copy(update={"confidential": True})
              if not e.confidential and (e.id in wanted or any(
                  _event_rule(rule, e) for rule in event_rules))
              else e for e in facts.events]
    if actors == facts.actors and events == facts.events:
        return facts
    data = facts.model_dump(mode="json")
    data["actors"] = [a.model_dump(mode="json") for a in actors]
    data["events"] = [e.model_dump(mode="json") for e in events]
    data["c87"] = 2
    return facts_from_data(data, "cannot be marked confidential")


def _actor_rule(rule: ActorRule, actor: Actor, roles: set[str]) -> bool:
    return ((rule.id is None or actor.id in rule.id)
            and (rule.kind is None or actor.kind in rule.kind)
            and (rule.role is None or bool(roles & set(rule.role)))
            and (rule.country is None or actor.country in rule.country))


def _event_rule(rule: EventRule, event: Event) -> bool:
    return ((rule.id is None or event.id in rule.id)
            and (rule.type is None or event.type in rule.type))


# -- pseudonyms ------------------------------------------------------------------------------

def _folded(name: str) -> str:
    """The name as its pseudonym reads it: folded, its words only, honorifics left out."""
    words = re.findall(r"\w+", skeleton(name)[0])
    kept = [w for w in words if w not in _HONORIFICS]
    return " ".join(kept or words)


def pseudonym(key: SecretKey, actor: Actor) -> tuple[str, str]:
    """The pseudonym of ``actor`` under ``key``, and its id: ``("Person 7KQF2M9A",
    "person-7kqf2m9a")``. It depends on the kind (person, group, other) and the folded
    name only."""
    label = _KIND_LABEL.get(actor.kind, "Organisation")
    digest = key.mac(f"c87 pseudonym v1\0{label}\0{_folded(actor.name)}".encode())
    code = base64.b32encode(digest[:5]).decode("ascii")
    return f"{label} {code}", f"{label.lower()}-{code.lower()}"


def name_forms(actor: Actor) -> list[str]:
    """Every form of the actor's names that is redacted: the name, the aliases, the given
    and family names, and for a person each word of them but honorifics, particles and
    initials; longest first."""
    forms = [actor.name, *actor.aliases, actor.given_name, actor.family_name]
    full = " ".join(p for p in (actor.given_name, actor.family_name) if p)
    forms.append(full)
    if actor.kind == "person":
        for form in list(forms):
            forms += [w for w in re.findall(r"\w+", form or "")
                      if len(w) > 1 and skeleton(w)[0] not in _HONORIFICS | _PARTICLES]
    folded = {skeleton(f)[0].strip(): f for f in forms if f and f.strip()}
    return [folded[k] for k in sorted(folded, key=lambda k: (-len(k), k))]


def redactor(replacements: list[tuple[str, str]]) -> Callable[[str], str]:
    """A function that replaces, in a text, every whole-word occurrence of each form (in
    any case, with or without accents, with homoglyphs) by its replacement, longer forms
    first."""
    pattern = None
    if replacements:
        alternatives = sorted({skeleton(form)[0] for form, _ in replacements}, key=len,
                              reverse=True)
        # a title before the name goes with it: "Ms Babayeva" becomes "Person 7KQF2M9A"
        titles = "|".join(map(re.escape, sorted(_HONORIFICS, key=len, reverse=True)))
        pattern = re.compile(rf"(?<!\w)(?:(?:{titles})\.?\s+)?("
                             + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
    by_form = {skeleton(form)[0]: new for form, new in replacements}

    def redact(text: str) -> str:
        if pattern is None:
            return text
        folded, where = skeleton(text)
        out, last = [], 0
        for m in pattern.finditer(folded):
            start, end = where[m.start()], where[m.end() - 1] + 1
            if start < last:
                continue
            out += [text[last:start], by_form[m.group(1)]]
            last = end
        return "".join(out) + text[last:] if out else text

    return redact


# -- the public document ---------------------------------------------------------------------

def publish(facts: Facts, key: SecretKey) -> Facts:
    """The public version of ``facts`` (see the module docstring): what every public
    output is written from. Rejected events are left out as in every output."""
    facts = facts.asserted()
    secret = [a for a in facts.actors if a.confidential]
    ids: dict[str, str] = {}
    text_forms: list[tuple[str, str]] = []
    id_forms: list[tuple[str, str]] = []
    for actor in secret:
        label, base = pseudonym(key, actor)
        new_id, n = base, 2
        while new_id in ids.values():  # two actors of one name in a letter
            new_id, n = f"{base}-{n}", n + 1
        ids[actor.id] = new_id
        text_forms += [(form, label) for form in name_forms(actor)]
        id_forms += [(form, label.lower().replace(" ", "-")) for form in name_forms(actor)]
    data = facts.model_dump(mode="json")
    data["events"] = [e for e in data["events"] if not e["confidential"]]
    for item in data["actors"]:
        if item["id"] in ids:
            item.update(name=pseudonym(key, facts.actor(item["id"]))[0],  # type: ignore[arg-type]
                        aliases=[], given_name=None, family_name=None, honorific=None)
    data = _scrub(data, redactor(text_forms), redactor(id_forms), ids)
    data.update(c87=2, public=True)
    if data["source"]["path"]:  # its file name only: folders may be named after people
        data["source"]["path"] = PurePath(data["source"]["path"]).name
    try:
        return facts_from_data(data, "cannot be made public")
    except ContentError as exc:  # a bug of this module: the public document must be valid
        raise AssertionError(f"the public document is not valid: {exc}") from None


def _scrub(data: Any, text: Callable[[str], str], ident: Callable[[str], str],
           ids: dict[str, str], key: str | None = None) -> Any:
    """``data`` with every text redacted, every id of a confidential actor replaced and
    every other id redacted, and every span's offsets dropped."""
    if isinstance(data, list):
        return [_scrub(v, text, ident, ids, key) for v in data]
    if isinstance(data, dict):
        if "quote" in data:
            return {"quote": text(data["quote"])}
        return {k: v if k in _CODE_KEYS and not isinstance(v, dict)
                else _scrub(v, text, ident, ids, k) for k, v in data.items()}
    if not isinstance(data, str):
        return data
    if key in _ID_KEYS:
        return ids.get(data) or _slug(ident(data))
    return text(data)


def _slug(value: str) -> str:
    """An id after redaction, still an id (lower case, no spaces)."""
    return re.sub(r"[^a-z0-9._-]+", "-", value.lower()).strip("-") or "x"
