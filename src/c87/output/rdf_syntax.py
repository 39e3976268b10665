"""Writers of the RDF syntaxes for a :class:`~c87.output.graph.CaseGraph`, as UTF-8 bytes.

Written directly as text rather than through an RDF library: the graphs are small and
regular (no blank nodes, one graph), so plain string building is several times faster than
building and serialising an rdflib graph, and the bytes depend on nothing but the triples.

* N-Triples / N-Quads: canonical lines (RDF 1.2 escaping, as pyoxigraph writes them),
  sorted by code point;
* Turtle / TriG: the docs' layout: ``@base`` the case, the usual prefixes, one block per
  subject in the order of the facts, ``a`` first, multi-line texts in long quotes;
* RDF/XML: one ``rdf:Description`` per subject, in the same order;
* JSON-LD: the published context inline (so that no processor has to fetch it), one
  node object per subject sorted by IRI, keys sorted, terms of the context where one
  fits the value and compact IRIs elsewhere.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from c87 import ontology
from c87.errors import ContentError
from c87.ontology.iris import PREFIXES
from c87.output.checks import NOT_XML
from c87.output.graph import RDF_TYPE, XSD, CaseGraph, Lit, Object, Triple

__all__ = ["WRITERS", "jsonld", "nquads", "ntriples", "rdfxml", "trig", "turtle"]

# -- N-Triples escaping ----------------------------------------------------------------------

_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
          "\f": "\\f"}
_NT_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]}
_NT_ESCAPES.update({ord(k): v for k, v in _ECHAR.items()})
_LONG_ESCAPES = {k: v for k, v in _NT_ESCAPES.items() if k != ord("\n")}
_STRING = XSD + "string"


def _escaped(value: str) -> str:
    """``value`` as the text of a short quoted string (``"..."``).

    Most texts hold nothing to escape, and finding that out is much cheaper than a
    translate that changes nothing: every character :data:`_NT_ESCAPES` maps is a quote,
    a backslash or one that ``str.isprintable`` refuses (a control character, U+FFFE,
    U+FFFF)."""
    if '"' in value or "\\" in value or not value.isprintable():
        return value.translate(_NT_ESCAPES)
    return value


def _nt_literal(lit: Lit) -> str:
    value, datatype, lang = lit
    if lang:
        return f'"{_escaped(value)}"@{lang}'
    if datatype and datatype != _STRING:
        return f'"{_escaped(value)}"^^<{datatype}>'
    return f'"{_escaped(value)}"'


def _nt_lines(graph: CaseGraph, end: str) -> bytes:
    """One line per triple, each ending in ``end``, sorted by code point."""
    lit = _nt_literal
    lines = [f"<{s}> <{p}> <{o}> {end}" if isinstance(o, str) else f"<{s}> <{p}> {lit(o)} {end}"
             for s, p, o in graph.triples]
    lines.sort()
    text = "".join(lines)
    if text.isascii():
        return text.encode("ascii")
    # UTF-8 encoding goes character by character through a text that is not all ASCII,
    # but copies an ASCII one whole: line by line, most lines are copied whole.
    return b"".join(map(str.encode, lines))


def ntriples(graph: CaseGraph) -> bytes:
    """Canonical N-Triples, one triple a line, lines sorted."""
    return _nt_lines(graph, ".\n")


def nquads(graph: CaseGraph) -> bytes:
    """Canonical N-Quads in the case's graph, lines sorted."""
    return _nt_lines(graph, f"<{graph.name}> .\n")


# -- Turtle and TriG ---------------------------------------------------------------------

_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def _group(graph: CaseGraph) -> dict[str, dict[str, list[Object]]]:
    subjects: dict[str, dict[str, list[Object]]] = {}
    for s, p, o in graph.triples:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)
    return subjects


_NAMESPACES = "".join(f"\n{namespace}" for _, namespace in _BY_LENGTH)
"""The namespaces, each after a newline (``"\\n" + base in _NAMESPACES``: is ``base`` the
start of a namespace?)."""
_KNOWN: dict[str, str] = {}
"""The prefixed names worked out so far (mostly the ontology's terms, which every graph
names), by IRI, kept for the graphs to come: looking a name up is much cheaper than
working it out."""


def _prefixed(iri: str) -> str:
    """``iri`` as a prefixed name where a namespace and a local name fit, else in full."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and _PN_LOCAL.match(iri[len(namespace):]):
            name = f"{prefix}:{iri[len(namespace):]}"
            if len(_KNOWN) < 10_000:
                _KNOWN[iri] = name
            return name
    return f"<{iri}>"


class _Names(dict[str, str]):
    """Short names for IRIs: relative to the case, prefixed, or in full; each IRI's name
    is worked out the first time it is looked up (``names[iri]``) and kept. It starts
    with the prefixed names known from earlier graphs (but none under the case)."""

    def __init__(self, base: str) -> None:
        known = _KNOWN.copy()
        # A known IRI is a namespace and a local part without '/', so it can start with
        # the base (which ends in '/') only if its namespace does; then it is left out.
        if f"\n{base}" in _NAMESPACES:
            known = {iri: name for iri, name in known.items() if not iri.startswith(base)}
        super().__init__(known)
        self.base = base

    def __missing__(self, iri: str) -> str:
        if iri.startswith(self.base):
            rest = iri[len(self.base):]
            # A first segment with a ':' would be read as a scheme (most have no ':').
            if rest and (":" not in rest or ":" not in rest.partition("/")[0]):
                found = self[iri] = f"<{rest}>"
                return found
        found = self[iri] = _prefixed(iri)
        return found


_BOOLEAN = XSD + "boolean"


def _turtle_literal(lit: Lit, names: _Names) -> str:
    value, datatype, lang = lit
    if datatype == _BOOLEAN and value in ("true", "false"):
        return value
    long = "\n" in value  # a multi-line text is written in long quotes, its newlines kept
    text = f'"""{value.translate(_LONG_ESCAPES)}"""' if long else f'"{_escaped(value)}"'
    if lang:
        return f"{text}@{lang}"
    if datatype and datatype != _STRING:
        return f"{text}^^{names[datatype]}"
    return text


def _header(graph: CaseGraph) -> str:
    return f"@base <{graph.base}> .\n{_prefix_lines()}"


@functools.cache
def _prefix_lines() -> str:
    width = max(len(p) for p in PREFIXES) + 1
    lines = [f"@prefix {prefix + ':':<{width}} <{ns}> ." for prefix, ns in sorted(PREFIXES.items())]
    return "\n".join(lines) + "\n\n"


def _statements(graph: CaseGraph) -> str:
    """The Turtle statements: a block per subject, in the order of the triples, each
    predicate on one line with its objects."""
    text = _blocks(graph.triples, graph.base)
    if text is None:  # some subject's or predicate's triples stand apart: bring them together
        grouped = _group(graph)
        text = _blocks([(s, p, o) for s, predicates in grouped.items()
                        for p, objects in predicates.items() for o in objects], graph.base)
    assert text is not None
    return text


def _blocks(triples: list[Triple], base: str) -> str | None:
    """The statements of ``triples`` in their order, or None if a subject's triples, or a
    predicate's triples of a subject, do not stand together."""
    names = _Names(base)
    verbs = _Names(base)
    verbs[RDF_TYPE] = "a"
    out: list[str] = []
    done: set[str] = set()
    subject = predicate = None
    predicates: list[str] = []
    for s, p, o in triples:
        obj = names[o] if isinstance(o, str) else _turtle_literal(o, names)
        if s != subject:
            if s in done:
                return None
            done.add(s)
            subject, predicate, predicates = s, p, [p]
            out.append(f" .\n\n{names[s]}\n    {verbs[p]} {obj}")
        elif p != predicate:
            if p in predicates:
                return None
            predicates.append(p)
            predicate = p
            out.append(f" ;\n    {verbs[p]} {obj}")
        else:
            out.append(f" , {obj}")
    return "".join(out)[4:] + " .\n" if out else ""


def turtle(graph: CaseGraph) -> bytes:
    """Turtle: the case's triples, relative to ``@base <{case}/>``, subjects in facts order."""
    return (_header(graph) + _statements(graph)).encode("utf-8")


def trig(graph: CaseGraph) -> bytes:
    """TriG: the Turtle statements inside the graph named by the case IRI."""
    body = _statements(graph)
    return (_header(graph) + f"<{graph.name}> {{\n\n{body}\n}}\n").encode("utf-8")


# -- RDF/XML -------------------------------------------------------------------------------

_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                           "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*\Z")


@functools.lru_cache(maxsize=1024)
def _qname(iri: str) -> str:
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and _NCNAME.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    raise ValueError(f"no XML name for the property {iri}")


def _attr(iri: str) -> str:
    # IRIs rarely hold a character to escape; the base may bring an '&'.
    return iri.translate(_XML_ATTR) if "&" in iri else iri


def rdfxml(graph: CaseGraph) -> bytes:
    """RDF/XML: one ``rdf:Description`` per subject, in facts order.

    Raises :class:`ContentError` for text XML 1.0 cannot hold (most control characters).
    """
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF']
    out += [f'\n    xmlns:{prefix}="{ns}"' for prefix, ns in sorted(PREFIXES.items())]
    out.append(">\n")
    for subject, predicates in _group(graph).items():
        out.append(f'  <rdf:Description rdf:about="{_attr(subject)}">\n')
        for predicate, objects in predicates.items():
            tag = _qname(predicate)
            for o in objects:
                if not isinstance(o, Lit):
                    out.append(f'    <{tag} rdf:resource="{_attr(o)}"/>\n')
                    continue
                bad = NOT_XML.search(o.value)
                if bad:
                    raise ContentError(
                        f"cannot be written as RDF/XML: the text {o.value[:40]!r} holds "
                        f"U+{ord(bad.group()):04X}, which XML 1.0 cannot hold "
                        "(write ttl, nt, nq, trig or jsonld instead)")
                if o.lang:
                    attrs = f' xml:lang="{o.lang}"'
                elif o.datatype and o.datatype != XSD + "string":
                    attrs = f' rdf:datatype="{_attr(o.datatype)}"'
                else:
                    attrs = ""
                out.append(f"    <{tag}{attrs}>{o.value.translate(_XML_TEXT)}</{tag}>\n")
        out.append("  </rdf:Description>\n")
    out.append("</rdf:RDF>\n")
    return "".join(out).encode("utf-8")


# -- JSON-LD -------------------------------------------------------------------------------

@functools.cache
def _context() -> tuple[dict[str, Any], dict[tuple[str, str | None], tuple[str, bool]],
                        dict[str, str], list[tuple[str, str]]]:
    """The published context, and what compaction needs from it.

    Returns the context object; (property IRI, coercion) -> (term, is a set), where the
    coercion is ``@id``, a datatype IRI or None (a simple term, any value); class IRI ->
    term; and the prefixes, longest namespace first.
    """
    ctx = ontology.context()["@context"]
    prefixes = {name: value for name, value in ctx.items()
                if isinstance(value, str) and not name.startswith("@")
                and value.endswith(("/", "#"))}

    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value

    terms: dict[tuple[str, str | None], tuple[str, bool]] = {}
    classes: dict[str, str] = {}
    for name, definition in ctx.items():
        if name.startswith("@") or name in prefixes:
            continue
        if isinstance(definition, str):
            if not definition.startswith("@"):
                terms.setdefault((expand(definition), None), (name, False))
                classes.setdefault(expand(definition), name)
            continue
        container = definition.get("@container")
        if "@reverse" in definition or container not in (None, "@set"):
            continue
        coercion = definition.get("@type")
        key = (expand(definition["@id"]),
               coercion if coercion in (None, "@id") else expand(coercion))
        terms.setdefault(key, (name, container == "@set"))
    by_length = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
    return ctx, terms, classes, by_length


def jsonld(graph: CaseGraph) -> bytes:
    """JSON-LD 1.1, compacted with the published context (inline), the graph named."""
    _, terms, classes, prefixes = _context()
    base = graph.base
    cache: dict[str, str] = {}

    def compact(iri: str) -> str:
        found = cache.get(iri)
        if found is None:
            found = cache[iri] = _compact_iri(iri, base, prefixes)
        return found

    nodes = []
    for subject, predicates in _group(graph).items():
        node: dict[str, Any] = {"id": compact(subject)}
        properties: dict[str, Any] = {}
        for predicate, objects in predicates.items():
            if predicate == RDF_TYPE:
                types = [classes.get(o, compact(o)) for o in objects if isinstance(o, str)]
                node["type"] = types[0] if len(types) == 1 else types
                continue
            by_term: dict[tuple[str, bool], list[Any]] = {}
            for o in objects:
                key, value = _jsonld_value(predicate, o, terms, compact)
                by_term.setdefault(key, []).append(value)
            for (key, is_set), values in by_term.items():
                properties[key] = values if is_set or len(values) > 1 else values[0]
        node.update(sorted(properties.items()))
        nodes.append(node)
    nodes.sort(key=lambda n: _expand_id(n["id"], prefixes, base))
    # The context is laid out once; each node takes one line (json's C encoder only
    # serves dumps without indentation, and a line per node diffs well).
    dump = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    lines = ",\n    ".join(dump(node) for node in nodes)
    text = (f'{{\n  "@context": [\n    {_context_text()},\n    {{"@base": {dump(base)}}}\n  ],\n'
            f'  "id": {dump(graph.name)},\n  "@graph": [\n    {lines}\n  ]\n}}\n')
    return text.encode("utf-8")


@functools.cache
def _context_text() -> str:
    text = json.dumps(_context()[0], ensure_ascii=False, indent=2)
    return text.replace("\n", "\n    ")


def _compact_iri(iri: str, base: str, prefixes: list[tuple[str, str]]) -> str:
    """``iri`` relative to the case, else as a compact IRI, else in full."""
    rest = iri[len(base):]
    if iri.startswith(base) and rest and ":" not in rest.split("/", 1)[0]:
        return rest
    for prefix, namespace in prefixes:
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and not local.startswith("//"):
            return f"{prefix}:{local}"
    return iri


def _expand_id(value: str, prefixes: list[tuple[str, str]], base: str) -> str:
    prefix, colon, local = value.partition(":")
    if not colon:
        return base + value
    for name, namespace in prefixes:
        if name == prefix:
            return namespace + local
    return value


def _jsonld_value(predicate: str, o: Object,
                  terms: dict[tuple[str, str | None], tuple[str, bool]],
                  compact: Callable[[str], str]) -> tuple[tuple[str, bool], Any]:
    """The key (term or compact IRI, whether a set) and the compacted value of ``o``."""
    if isinstance(o, Lit):
        datatype = None if o.lang else (o.datatype or None)
        if datatype == XSD + "string":
            datatype = None
        if datatype is not None and (predicate, datatype) in terms:
            return terms[(predicate, datatype)], o.value
        key = terms.get((predicate, None), (compact(predicate), False))
        if o.lang:
            return key, {"@value": o.value, "@language": o.lang}
        if datatype is not None:
            return key, {"@value": o.value, "@type": compact(datatype)}
        return key, o.value
    if (predicate, "@id") in terms:
        return terms[(predicate, "@id")], compact(o)
    return terms.get((predicate, None), (compact(predicate), False)), {"id": compact(o)}


WRITERS: dict[str, Callable[[CaseGraph], bytes]] = {
    "ttl": turtle,
    "nt": ntriples,
    "nq": nquads,
    "trig": trig,
    "jsonld": jsonld,
    "rdf": rdfxml,
}
"""Format (file extension) -> its writer."""
