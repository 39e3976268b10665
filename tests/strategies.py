"""Hypothesis strategies that build valid facts documents (c87.model.Facts).

The facts are valid for the schema and also for the shapes of the RDF output: the letter
has a date, event types and principles are concepts of the ontology, an alleged violation
names a principle, and a span ends after it starts. Text is any Unicode that XML 1.0 can
hold (every RDF format can then carry it), with quotes, backslashes, newlines, carriage
returns and tabs drawn often.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import strategies as st

from c87 import ontology
from c87.model import Facts

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ACTOR_KINDS = ["person", "group", "trade-union", "union-federation", "union-confederation",
               "organisation", "intergovernmental", "government", "state-authority",
               "legislature", "court", "police", "military", "employer"]
ROLES = ["victim", "perpetrator", "target", "author", "addressee", "intervening-party",
         "source", "witness", "participant"]
FORMATS = ["txt", "md", "html", "pdf", "docx"]
FIELDS = ["date", "start", "end", "place", "reference", "subject", "sender", "country"]


def event_types() -> list[str]:
    return [c.notation for c in ontology.concepts("event-types")]


def principles() -> list[str]:
    return [c.notation for scheme in ontology.PRINCIPLE_SCHEMES
            for c in ontology.concepts(scheme)]


characters = st.one_of(
    st.sampled_from(list('"\\\n\r\t \'<>&{}@#:/.,^')),
    st.characters(exclude_categories=("Cs",)).filter(lambda c: not _NOT_XML.match(c)),
)
texts = st.text(characters, min_size=1, max_size=30)
identifiers = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)
countries = st.from_regex(r"[A-Z]{2}", fullmatch=True)
languages = st.from_regex(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,2}", fullmatch=True)


@st.composite
def iso_dates(draw: Any) -> str:
    """An ISO 8601 date at any precision: 2020-06-18, 2020-06 or 2020."""
    day = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
    return day.isoformat()[:draw(st.sampled_from([4, 7, 10]))]


@st.composite
def spans(draw: Any) -> dict[str, Any]:
    quote = draw(texts)
    start = draw(st.integers(0, 10**6))
    return {"quote": quote, "start": start, "end": start + len(quote)}


def provenances() -> st.SearchStrategy[dict[str, Any]]:
    keys = st.one_of(st.sampled_from(FIELDS), st.text(characters, max_size=8))
    return st.dictionaries(keys, spans(), max_size=2)


def _sort_key(date: str) -> str:
    return date + "-99" * (2 - date.count("-"))


@st.composite
def facts(draw: Any) -> Facts:
    """A valid facts document: 1-4 actors, 0-4 events that refer to them, a dated letter."""
    actor_ids = draw(st.lists(identifiers, min_size=1, max_size=4, unique=True))
    maybe_actor = st.one_of(st.none(), st.sampled_from(actor_ids))
    optional_text = st.one_of(st.none(), texts)
    actors = [{
        "id": actor_id,
        "name": draw(texts),
        "aliases": draw(st.lists(texts, max_size=3)),
        "kind": draw(st.sampled_from(ACTOR_KINDS)),
        "country": draw(st.one_of(st.none(), countries)),
        "honorific": draw(optional_text),
        "given_name": draw(optional_text),
        "family_name": draw(optional_text),
        "positions": draw(st.lists(st.fixed_dictionaries(
            {"title": st.text(characters, max_size=20), "organisation": maybe_actor}),
            max_size=2)),
        "member_of": draw(st.lists(st.sampled_from(actor_ids), max_size=2)),
        "evidence": draw(st.lists(spans(), max_size=2)),
    } for actor_id in actor_ids]

    events = []
    for event_id in draw(st.lists(identifiers, max_size=4, unique=True)):
        violation = draw(st.booleans())
        event: dict[str, Any] = {
            "id": event_id,
            "type": draw(st.sampled_from(event_types())),
            "approximate": draw(st.booleans()),
            "summary": draw(optional_text),
            "evidence": draw(st.lists(spans(), min_size=1, max_size=3)),
            "participants": draw(st.lists(st.fixed_dictionaries(
                {"actor": st.sampled_from(actor_ids), "role": st.sampled_from(ROLES)}),
                max_size=3)),
            "place": draw(st.one_of(st.none(), st.sampled_from(["Bishkek", "bishkek", "Minsk"]),
                                    texts)),
            "principles": draw(st.lists(st.sampled_from(principles()),
                                        min_size=1 if violation else 0, max_size=3)),
            "alleged_violation": violation,
            "provenance": draw(provenances()),
        }
        when = draw(st.sampled_from(["date", "start-end", "start", "end", "none"]))
        if when == "date":
            event["date"] = draw(iso_dates())
        elif when != "none":
            bounds = sorted((draw(iso_dates()) for _ in when.split("-")), key=_sort_key)
            event.update(zip(when.split("-"), bounds, strict=True))
        events.append(event)

    letter = {
        "date": draw(iso_dates()),
        "reference": draw(optional_text),
        "subject": draw(optional_text),
        "sender": draw(maybe_actor),
        "addressee": draw(maybe_actor),
        "signatory": {"role": draw(optional_text), "name": draw(optional_text)},
        "country": draw(st.one_of(st.none(), countries)),
        "conventions": draw(st.lists(st.sampled_from(["C087", "C098", "C151"]), max_size=2)),
        "provenance": draw(provenances()),
    }
    source = {
        "sha256": draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
        "path": draw(st.one_of(st.none(), texts)),
        "format": draw(st.one_of(st.none(), st.sampled_from(FORMATS))),
        "language": draw(st.one_of(st.none(), languages)),
    }
    return Facts.model_validate({"c87": 1, "source": source, "letter": letter,
                                 "actors": actors, "events": events})
