"""What keeps a facts document or a complainant profile from being written.

These are the checks ``c87 convert`` makes before it writes anything (the RDF writers
through :func:`c87.output.rdf.facts_to_triples`, the complaint through
:func:`c87.output.complaint.serialize_complaint`) and the checks ``c87 validate`` makes on
a facts file or a profile. Both call the functions below, so that what one accepts the
other cannot refuse.

Each problem is one line, the field's path first (``events[2].type: ...``). What the
schema already refuses (unknown keys, an actor kind or a role that is not one of the
ontology's, an id that points at no actor) is pydantic's, when the file is read
(:func:`c87.input.facts.parse_facts`, :func:`c87.input.profile.parse_complainant`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from c87 import ontology
from c87.errors import ContentError

if TYPE_CHECKING:
    from c87.model import Facts, Span
    from c87.model.complaint import ComplainantProfile

__all__ = ["NOT_XML", "facts_problems", "graph_problems", "profile_problems", "refuse",
           "xml_problems"]

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character XML 1.0 cannot hold (most control characters, lone surrogates, U+FFFE)."""


def facts_problems(facts: Facts, *, xml: bool = True) -> list[str]:
    """What in ``facts`` keeps c87 from writing it; an empty list when nothing does.

    The graph's checks (:func:`graph_problems`: the letter has a date,
    event types and principles are concepts of the ontology's schemes, an alleged
    violation names a principle, a span ends after it starts), then, with ``xml``, every
    text that XML 1.0 cannot hold (the complaint and RDF/XML cannot write it).
    """
    problems = graph_problems(facts)
    if xml and not _surely_xml(facts):
        problems += xml_problems(facts.model_dump(), "facts")
    return problems


def profile_problems(profile: ComplainantProfile) -> list[str]:
    """What in a complainant profile keeps c87 from writing a complaint with it."""
    if _surely_xml(profile):
        return []
    return xml_problems(profile.model_dump(), "complainant")


# In JSON, a character XML cannot hold is an escape (\u0000 to \u001f but \t \n \r, which
# are written short, \b and \f), U+FFFE or U+FFFF as it is; a lone surrogate is no JSON.
_SUSPECT_JSON = re.compile(r"\\u00[01]|\\[bf]|[\ufffe\uffff]")


def _surely_xml(model: Any) -> bool:
    """Whether every text of the pydantic ``model`` is one XML 1.0 can hold, read at once
    from its JSON; a model with a suspect text (or a mere backslash before a b or f) is
    then walked field by field by :func:`xml_problems`, which names the field."""
    try:
        data = model.model_dump_json()
    except ValueError:  # a lone surrogate: no JSON has it
        return False
    return _SUSPECT_JSON.search(data) is None


def xml_problems(data: Any, path: str) -> list[str]:
    """One problem per field whose text XML 1.0 cannot hold (a control character), path first."""
    if isinstance(data, str):
        bad = NOT_XML.search(data)
        return [f"{path}: U+{ord(bad.group()):04X} cannot be written in XML"] if bad else []
    if isinstance(data, dict):
        return [p for k, v in data.items()
                for p in xml_problems(k, f"{path}.{k} (key)") + xml_problems(v, f"{path}.{k}")]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in xml_problems(v, f"{path}[{i}]")]
    return []


def graph_problems(facts: Facts) -> list[str]:
    """What in ``facts`` would keep its graph from conforming to the SHACL shapes.

    One message per problem, its field path first (``events[2].type: ...``); an empty
    list when there is none. Checks what the shapes ask and the facts schema does not:
    the letter has a date; event types and principles are concepts of the ontology's
    schemes; an alleged violation names a principle; a span ends after it starts.
    """
    problems = []
    if facts.letter.date is None:
        problems.append("letter.date: the letter has no date (a letter's graph needs one)")
    for key, span in facts.letter.provenance.items():
        problems += _span_problems(f"letter.provenance[{key!r}]", span)
    for i, a in enumerate(facts.actors):
        for j, span in enumerate(a.evidence):
            problems += _span_problems(f"actors[{i}].evidence[{j}]", span)
    for i, e in enumerate(facts.events):
        found = ontology.concept(e.type)
        if found is None or found.scheme != "event-types":
            problems.append(f"events[{i}].type: {e.type!r} is not an event type of the "
                            "ontology (c87 principles --scheme event-types)")
        for j, notation in enumerate(e.principles):
            found = ontology.concept(notation)
            if found is None or found.scheme not in ontology.PRINCIPLE_SCHEMES:
                problems.append(f"events[{i}].principles[{j}]: {notation!r} is not a principle "
                                "of the ontology (c87 principles)")
        if e.alleged_violation and not e.principles:
            problems.append(f"events[{i}].principles: an alleged violation names at least one "
                            "principle (or says alleged_violation: false)")
        for j, span in enumerate(e.evidence):
            problems += _span_problems(f"events[{i}].evidence[{j}]", span)
        for key, span in e.provenance.items():
            problems += _span_problems(f"events[{i}].provenance[{key!r}]", span)
    return problems


def _span_problems(where: str, span: Span) -> list[str]:
    if span.start is not None and span.end is not None and span.end <= span.start:
        return [f"{where}: the span ends at {span.end}, not after its start {span.start}"]
    return []


def refuse(problems: list[str], what: str) -> None:
    """Raise :class:`ContentError` ``cannot be written {what}: ...`` when there are
    ``problems``: the one problem, or how many and one a line."""
    if not problems:
        return
    head = problems[0] if len(problems) == 1 else (
        f"{len(problems)} problems:\n  " + "\n  ".join(problems))
    raise ContentError(f"cannot be written {what}: {head}")
