"""The vocabularies c87 maps to, as data: the ontology, the SKOS schemes, the SHACL shapes.

The Turtle files beside this module are the source of truth (people in the field read and
amend them); this module reads them once, caches what it reads, and answers questions:

* :func:`ontology_graph` -- the OWL ontology plus every concept scheme and the alignments
* :func:`shapes_graph`, :func:`validate` -- the SHACL shapes, and validation of a graph
* :func:`context` -- the JSON-LD context of the RDF output
* :func:`concept`, :func:`concepts`, :func:`broader`, :func:`narrower` -- concept lookup
  by notation (``C087-3-2``, ``house-arrest``, ``police``)
* :func:`principles_for`, :func:`cue_words` -- the event-type mapping and lexicon
* :func:`list_concepts`, :func:`concepts_table`, :func:`concepts_turtle` -- what
  ``c87 principles`` prints
* ``EVENT_TYPES``, ``ACTOR_KINDS`` -- the ids of the two vocabularies, read from the data

The package also owns the word knowledge of the mapper as checked YAML files (``data``),
the IRIs of everything c87 writes (``iris``), the Akoma Ntoso namespaces, schemas and
safe XML parsing (``akn``), the CFA's procedure (``cfa``) and the HTML documentation of
the ontology (``docs``).

Importing this module is cheap: rdflib is imported on first use, not at import time
(``c87 --help`` imports it, through ``iris``).

May import: c87.model, c87.errors.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from c87.errors import UsageError

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "ACTOR_KINDS",
    "ALIGNMENTS_FILE",
    "CONTEXT_FILE",
    "DATA_DIR",
    "EVENT_TYPES",
    "ID_BASE",
    "NAMESPACE",
    "ONTOLOGY_FILE",
    "PRINCIPLE_SCHEMES",
    "SCHEMES",
    "SCHEME_FILES",
    "SHAPES_FILE",
    "Concept",
    "UnknownSchemeError",
    "broader",
    "concept",
    "concepts",
    "concepts_table",
    "concepts_turtle",
    "context",
    "cue_words",
    "list_concepts",
    "narrower",
    "ontology_graph",
    "principles_for",
    "scheme_iri",
    "shapes_graph",
    "validate",
]

DATA_DIR = Path(__file__).resolve().parent
"""The folder that holds the Turtle and JSON-LD files."""

ONTOLOGY_FILE = DATA_DIR / "c87.ttl"
SCHEME_FILES: Mapping[str, Path] = MappingProxyType({
    "c087": DATA_DIR / "c087.ttl",
    "c098": DATA_DIR / "c098.ttl",
    "cl": DATA_DIR / "civil-liberties.ttl",
    "cfa": DATA_DIR / "cfa.ttl",
    "event-types": DATA_DIR / "event-types.ttl",
    "actor-kinds": DATA_DIR / "actor-kinds.ttl",
    "role-types": DATA_DIR / "role-types.ttl",
})
"""Scheme key -> the Turtle file that holds the scheme."""
ALIGNMENTS_FILE = DATA_DIR / "alignments.ttl"
SHAPES_FILE = DATA_DIR / "shapes.ttl"
CONTEXT_FILE = DATA_DIR / "context.jsonld"

NAMESPACE = "https://w3id.org/c87/ontology#"
"""Namespace of the minted classes and properties (prefix ``c87:``)."""
ID_BASE = "https://w3id.org/c87/id/"
"""Base of the concept, scheme, instrument, country and organisation IRIs."""

SCHEMES: tuple[str, ...] = tuple(SCHEME_FILES)
"""The scheme keys, in the order ``c87 principles`` lists them."""
PRINCIPLE_SCHEMES: tuple[str, ...] = ("c087", "c098", "cl", "cfa")
"""The schemes whose concepts are principles (c87:Principle)."""

_PREFIXES = {
    "c87": NAMESPACE,
    "principle": ID_BASE + "principle/",
    "et": ID_BASE + "event-type/",
    "ak": ID_BASE + "actor-kind/",
    "role": ID_BASE + "role/",
    "scheme": ID_BASE + "scheme/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class UnknownSchemeError(UsageError, ValueError):
    """A scheme key that is not one of :data:`SCHEMES` (exit status 2 in the CLI)."""


@dataclass(frozen=True)
class Concept:
    """One SKOS concept of a c87 scheme, as the Turtle says it.

    Related concepts are given by notation, not IRI. ``principles``, ``is_violation``,
    ``expected_roles`` (the roles its events have) and ``cues`` are set for event types
    only; ``interprets``, ``digest2006`` and
    ``compilation2018`` for CFA principles only. ``close_matches`` are the concepts of
    other schemes that state the same principle (``skos:closeMatch``, both ways: a civil
    liberty and the CFA's sentence that states it); ``citation`` is how a filing cites the
    concept's source (its ``dcterms:bibliographicCitation``, or its scheme's).
    """

    iri: str
    notation: str
    label: str
    definition: str
    scheme: str
    broader: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    principles: tuple[str, ...] = ()
    is_violation: bool | None = None
    expected_roles: tuple[str, ...] = ()
    victim_kinds: tuple[str, ...] = ()
    typical_roles: tuple[str, ...] = ()
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    related: tuple[str, ...] = ()
    interprets: tuple[str, ...] = ()
    digest2006: int | None = None
    compilation2018: int | None = None
    close_matches: tuple[str, ...] = ()
    citation: str | None = None

    @property
    def source(self) -> str | None:
        """The first ``dcterms:source`` (a web address or a citation), or None."""
        return self.sources[0] if self.sources else None


def scheme_iri(scheme: str) -> str:
    """The IRI of the scheme with this key (``c087`` -> ``https://w3id.org/c87/id/scheme/c087``)."""
    _check_scheme(scheme)
    return f"{ID_BASE}scheme/{scheme}"


# --------------------------------------------------------------------------------------
# Graphs
# --------------------------------------------------------------------------------------

def _bind(graph: rdflib.Graph) -> rdflib.Graph:
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


@functools.cache
def _graph() -> rdflib.Graph:
    import rdflib

    graph = rdflib.Graph()
    for path in (ONTOLOGY_FILE, *SCHEME_FILES.values(), ALIGNMENTS_FILE):
        graph.parse(path, format="turtle")
    return _bind(graph)


@functools.cache
def _shapes() -> rdflib.Graph:
    import rdflib

    return rdflib.Graph().parse(SHAPES_FILE, format="turtle")


def _copy(graph: rdflib.Graph) -> rdflib.Graph:
    import rdflib

    out = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True)
    out += graph
    return out


def ontology_graph() -> rdflib.Graph:
    """The ontology (c87.ttl), every concept scheme and the alignments, as one new graph.

    The files are parsed once; each call returns a fresh copy, so the caller may change it.
    """
    return _copy(_graph())


def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes (shapes.ttl) as a new graph (parsed once, copied per call)."""
    return _copy(_shapes())


@functools.cache
def _context() -> dict[str, Any]:
    with CONTEXT_FILE.open(encoding="utf-8") as f:
        return json.load(f)


def context() -> dict[str, Any]:
    """The JSON-LD context document (``{"@context": {...}}``), a fresh copy per call."""
    return copy.deepcopy(_context())


def validate(data: rdflib.Graph, *, inference: str = "none") -> tuple[bool, rdflib.Graph, str]:
    """Validate a graph c87 wrote against the shapes, with the ontology and schemes mixed in.

    ``data`` may be a Graph or a Dataset (its named graphs are validated as one graph).
    ``inference`` is pySHACL's (``none`` or ``rdfs``). Returns pySHACL's triple: whether
    the data conforms, the report graph and the report text. ``data`` is not changed.
    """
    import pyshacl
    import rdflib

    merged = rdflib.Graph()
    if isinstance(data, rdflib.Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
    else:
        merged += data
    merged += _graph()
    conforms, report, text = pyshacl.validate(
        merged, shacl_graph=_shapes(), inference=inference, advanced=False)
    return bool(conforms), report, str(text)


# --------------------------------------------------------------------------------------
# Concepts
# --------------------------------------------------------------------------------------

def _natural_key(notation: str) -> tuple[Any, ...]:
    # "C087-3-10" after "C087-3-2": digits compare as numbers.
    parts = re.split(r"(\d+)", notation.casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEME_FILES:
        raise UnknownSchemeError(
            f"unknown scheme {scheme!r}; choose one of: {', '.join(SCHEMES)}")


def _text(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.term.Node) -> str:
    """The English value of a text property, else any value, else ''."""
    values = list(graph.objects(subject, predicate))
    for value in values:
        if getattr(value, "language", None) == "en":
            return str(value)
    return str(values[0]) if values else ""


@dataclass(frozen=True)
class _Index:
    by_notation: Mapping[str, Concept]
    by_scheme: Mapping[str, tuple[Concept, ...]]


@functools.cache
def _index() -> _Index:
    """Every concept of the schemes, by notation and by scheme (in tree order)."""
    reader = _ConceptReader(_graph())
    built: dict[str, Concept] = {}
    for node, key in reader.scheme_of.items():
        concept_ = reader.concept(node, key)
        if concept_.notation in built:
            raise ValueError(f"notation {concept_.notation!r} is used twice in the schemes")
        built[concept_.notation] = concept_
    by_scheme = {key: _tree_order([c for c in built.values() if c.scheme == key])
                 for key in SCHEMES}
    return _Index(by_notation=MappingProxyType(built), by_scheme=MappingProxyType(by_scheme))


class _ConceptReader:
    """Reads the concepts of the schemes from the graph: which scheme each concept node is
    in, its notation, and each concept's fields, related concepts given by notation."""

    def __init__(self, graph: rdflib.Graph) -> None:
        from rdflib import Namespace, URIRef
        from rdflib.namespace import SKOS

        self.graph = graph
        self.c87 = Namespace(NAMESPACE)
        self.scheme_of: dict[URIRef, str] = {}
        self.notation_of: dict[URIRef, str] = {}
        for key in SCHEMES:
            for node in graph.subjects(SKOS.inScheme, URIRef(f"{ID_BASE}scheme/{key}")):
                if isinstance(node, URIRef):
                    self.scheme_of[node] = key
                    self.notation_of[node] = str(graph.value(node, SKOS.notation))

    def notations(self, nodes: Iterable[Any]) -> tuple[str, ...]:
        """The notations of the concepts among ``nodes``, in natural order."""
        found = {self.notation_of[n] for n in nodes if n in self.notation_of}
        return tuple(sorted(found, key=_natural_key))

    def integer(self, node: rdflib.URIRef, predicate: rdflib.URIRef) -> int | None:
        from rdflib import Literal

        value = self.graph.value(node, predicate)
        return int(value) if isinstance(value, Literal) else None

    def citation(self, node: rdflib.URIRef, key: str) -> str | None:
        """How a filing cites the concept's source: its own citation, else its scheme's."""
        from rdflib import URIRef
        from rdflib.namespace import DCTERMS

        for subject in (node, URIRef(f"{ID_BASE}scheme/{key}")):
            value = _text(self.graph, subject, DCTERMS.bibliographicCitation)
            if value:
                return value
        return None

    def concept(self, node: rdflib.URIRef, key: str) -> Concept:
        """The concept at ``node`` of the scheme ``key``."""
        from rdflib import Literal
        from rdflib.namespace import DCTERMS, SKOS

        graph, c87, notations = self.graph, self.c87, self.notations
        cues: dict[str, list[str]] = {}
        for cue in graph.objects(node, c87.cueWord):
            cues.setdefault(getattr(cue, "language", None) or "", []).append(str(cue))
        violation = graph.value(node, c87.isViolationType)
        interprets = set(graph.objects(node, c87.interprets))
        related = (set(graph.objects(node, SKOS.related))
                   | set(graph.subjects(SKOS.related, node))) - interprets
        notes = [str(n) for n in graph.objects(node, SKOS.editorialNote)]
        notes += [str(n) for n in graph.objects(node, SKOS.scopeNote)]
        return Concept(
            iri=str(node),
            notation=self.notation_of[node],
            label=_text(graph, node, SKOS.prefLabel),
            definition=_text(graph, node, SKOS.definition),
            scheme=key,
            broader=notations(graph.objects(node, SKOS.broader)),
            narrower=notations(set(graph.objects(node, SKOS.narrower))
                               | set(graph.subjects(SKOS.broader, node))),
            sources=tuple(sorted(str(s) for s in graph.objects(node, DCTERMS.source))),
            notes=tuple(sorted(notes)),
            principles=notations(graph.objects(node, c87.engages)),
            is_violation=bool(violation.toPython()) if isinstance(violation, Literal) else None,
            expected_roles=notations(graph.objects(node, c87.expectsRole)),
            victim_kinds=notations(graph.objects(node, c87.victimKind)),
            typical_roles=notations(graph.objects(node, c87.typicalRole)),
            cues={lang: tuple(sorted(words, key=str.casefold))
                  for lang, words in sorted(cues.items())},
            related=notations(related),
            interprets=notations(interprets),
            digest2006=self.integer(node, c87.digest2006Paragraph),
            compilation2018=self.integer(node, c87.compilation2018Paragraph),
            close_matches=notations(set(graph.objects(node, SKOS.closeMatch))
                                    | set(graph.subjects(SKOS.closeMatch, node))),
            citation=self.citation(node, key),
        )


def _tree_order(members: list[Concept]) -> tuple[Concept, ...]:
    """Top concepts in natural order, each followed by its narrower concepts, depth first."""
    by_notation = {c.notation: c for c in members}
    ordered: list[Concept] = []
    seen: set[str] = set()

    def visit(c: Concept) -> None:
        if c.notation in seen:
            return
        seen.add(c.notation)
        ordered.append(c)
        for child in c.narrower:
            if child in by_notation:
                visit(by_notation[child])

    tops = [c for c in members if not any(b in by_notation for b in c.broader)]
    for c in sorted(tops, key=lambda c: _natural_key(c.notation)):
        visit(c)
    for c in sorted(members, key=lambda c: _natural_key(c.notation)):
        visit(c)  # anything in a broader-cycle still gets listed once
    return tuple(ordered)


def concept(notation: str) -> Concept | None:
    """The concept with this notation in any scheme, or None if there is none."""
    return _index().by_notation.get(notation)


def _require(notation: str) -> Concept:
    found = concept(notation)
    if found is None:
        raise KeyError(f"no concept with notation {notation!r}")
    return found


def concepts(scheme: str) -> list[Concept]:
    """The concepts of a scheme (a key of :data:`SCHEMES`), broader before narrower.

    Raises :class:`UnknownSchemeError` (a ValueError) for an unknown scheme key.
    """
    _check_scheme(scheme)
    return list(_index().by_scheme[scheme])


def broader(notation: str) -> tuple[str, ...]:
    """Notations of the concepts directly broader than this one (KeyError if unknown)."""
    return _require(notation).broader


def narrower(notation: str) -> tuple[str, ...]:
    """Notations of the concepts directly narrower than this one (KeyError if unknown)."""
    return _require(notation).narrower


def under(notation: str) -> frozenset[str]:
    """The concept and every concept narrower than it, at any depth (KeyError if unknown):
    ``under("trade-union")`` is the trade union kinds, federations and confederations."""
    out, todo = set(), [notation]
    while todo:
        item = todo.pop()
        if item not in out:
            out.add(item)
            todo.extend(_require(item).narrower)
    return frozenset(out)


def kinds_in_role(role: str) -> frozenset[str]:
    """The actor kinds whose ``c87:typicalRole`` (their own or a broader kind's) is
    ``role``: ``kinds_in_role("perpetrator")`` is the State authorities and employers."""
    return frozenset().union(*(under(c.notation) for c in concepts("actor-kinds")
                               if role in c.typical_roles))


def types_striking(kind: str) -> frozenset[str]:
    """The event types whose ``c87:victimKind`` is ``kind`` ("person": arrests, killings,
    dismissals, ...)."""
    return frozenset(c.notation for c in concepts("event-types") if kind in c.victim_kinds)


def principles_for(event_type: str) -> tuple[str, ...]:
    """The principle notations an event type engages (its c87:engages), in natural order.

    For a violation type these are the principles an event of the type allegedly
    violates; for a non-violation type, those it exercises (possibly none). Raises
    KeyError if ``event_type`` is not an event type.
    """
    found = concept(event_type)
    if found is None or found.scheme != "event-types":
        raise KeyError(f"no event type {event_type!r}")
    return found.principles


def cue_words(lang: str = "en") -> dict[str, tuple[str, ...]]:
    """Event type -> its cue words in ``lang`` (``en``, ``fr``, ``es``).

    Only event types with at least one cue in that language appear. Cues are sorted
    alphabetically; their order carries no meaning.
    """
    return {c.notation: c.cues[lang] for c in concepts("event-types") if lang in c.cues}


_LAZY = {"EVENT_TYPES": "event-types", "ACTOR_KINDS": "actor-kinds"}


@functools.cache
def _ids(scheme: str) -> tuple[str, ...]:
    return tuple(c.notation for c in concepts(scheme))


def __getattr__(name: str) -> Any:
    # EVENT_TYPES and ACTOR_KINDS are read from the Turtle on first access (PEP 562), so
    # that importing the module does not parse anything.
    if name in _LAZY:
        return _ids(_LAZY[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------
# What `c87 principles` prints
# --------------------------------------------------------------------------------------

def _schemes(scheme: str | None) -> tuple[str, ...]:
    if scheme is None:
        return SCHEMES
    _check_scheme(scheme)
    return (scheme,)


def _as_dict(c: Concept) -> dict[str, Any]:
    item: dict[str, Any] = {
        "notation": c.notation,
        "label": c.label,
        "definition": c.definition,
        "broader": list(c.broader),
        "narrower": list(c.narrower),
        "scheme": c.scheme,
        "iri": c.iri,
        "sources": list(c.sources),
        "notes": list(c.notes),
    }
    if c.scheme == "event-types":
        item["principles"] = list(c.principles)
        item["violation"] = c.is_violation
        item["cues"] = {lang: list(words) for lang, words in c.cues.items()}
    if c.scheme == "cfa":
        item["interprets"] = list(c.interprets)
        item["related"] = list(c.related)
        if c.digest2006 is not None:
            item["digest2006"] = c.digest2006
        if c.compilation2018 is not None:
            item["compilation2018"] = c.compilation2018
    return item


def list_concepts(scheme: str | None = None) -> list[dict[str, Any]]:
    """The concepts of one scheme (or of all, for None) as JSON-ready dicts.

    Every dict has ``notation``, ``label``, ``definition``, ``broader`` (list),
    ``narrower``, ``scheme``, ``iri``, ``sources`` and ``notes`` (editorial notes, which
    say when a definition is a paraphrase); event types add ``principles``,
    ``violation`` and ``cues``; CFA principles add ``interprets``, ``related`` and, where
    known, ``digest2006`` and ``compilation2018``.
    """
    return [_as_dict(c) for key in _schemes(scheme) for c in concepts(key)]


def concepts_turtle(scheme: str | None = None) -> str:
    """The Turtle of one scheme's file (or of every scheme file, for None), re-serialised."""
    import rdflib

    graph = _bind(rdflib.Graph())
    for key in _schemes(scheme):
        graph.parse(SCHEME_FILES[key], format="turtle")
    return graph.serialize(format="turtle")


def _depth(c: Concept, members: Mapping[str, Concept]) -> int:
    depth, seen, current = 0, {c.notation}, c
    while True:
        parents = [b for b in current.broader if b in members and b not in seen]
        if not parents:
            return depth
        depth += 1
        current = members[parents[0]]
        seen.add(current.notation)


def concepts_table(scheme: str | None = None) -> str:
    """A fixed-width table of one scheme's concepts (or of all, one block per scheme).

    Columns: notation (indented under its broader concept) and label; event types add
    whether the type is a violation and the principles it maps to.
    """
    blocks = []
    for key in _schemes(scheme):
        members = concepts(key)
        by_notation = {c.notation: c for c in members}
        rows = []
        for c in members:
            row = ["  " * _depth(c, by_notation) + c.notation, c.label]
            if key == "event-types":
                row += ["yes" if c.is_violation else "no", ", ".join(c.principles)]
            rows.append(row)
        header = ["NOTATION", "LABEL"]
        if key == "event-types":
            header += ["VIOLATION", "PRINCIPLES"]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        lines = [f"# {key}: {len(rows)} concepts"]
        for r in [header, *rows]:
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True))
                         .rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
