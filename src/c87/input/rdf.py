"""Read RDF that c87 wrote (any of its formats) back into the facts document it came from.

The reverse of :mod:`c87.output.rdf`: :func:`graph_to_facts` finds the case
(``c87:Case``) and its letter, reads every actor and event below the case IRI, their
evidence and provenance annotations, and restores the facts' order from the IRIs
(``.../role/2``, ``.../evidence/3``, ``.../post/1``) and the ``rdf:Seq`` lists. Formats
are parsed by pyoxigraph, which keeps every literal's lexical form as written.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from c87 import ontology
from c87.errors import ContentError, InputError
from c87.input.facts import facts_from_data
from c87.input.files import read_bytes
from c87.ontology.akn import DTD_REFUSED, doctype_line
from c87.ontology.iris import MEDIA_TYPES, NS, PREFIXES, RDF_FORMATS, RDF_SUFFIXES, SCHEMA_IRIS

if TYPE_CHECKING:
    from c87.model import Facts

__all__ = ["RDF_FORMATS", "RDF_SUFFIXES", "check_rdf", "graph_to_facts", "parse_quads",
           "parse_rdf", "rdf_format"]


class _Lit(NamedTuple):
    """A literal as read: its lexical form as written, datatype IRI, language tag or None."""

    value: str
    datatype: str
    lang: str | None


Term = str | _Lit
"""A node as read: an IRI (``"_:id"`` for a blank node) or a literal."""


def rdf_format(path: str | os.PathLike[str]) -> str | None:
    """The RDF format that the file name's extension says, or None."""
    return RDF_SUFFIXES.get(Path(path).suffix.lower())


def parse_rdf(source: str | os.PathLike[str] | bytes, fmt: str | None = None, *,
              name: str | None = None, max_bytes: int | None = None,
              ) -> list[tuple[Term, str, Term, str | None]]:
    """The quads of an RDF file (a path) or of RDF data (bytes) as plain values.

    Each quad is (subject, predicate, object, graph name or None): IRIs as ``str``,
    literals as (lexical form, datatype IRI, language) tuples. ``fmt`` is a key of
    :data:`RDF_FORMATS`, by default the one the path's extension says; files larger than
    ``max_bytes`` (default: ``C87_MAX_SIZE`` or 20 MiB) are refused. Raises
    :class:`InputError` when the file cannot be read or the format is unknown, and
    :class:`ContentError` (with the line, where the parser gives one) when it does not
    parse.
    """
    import pyoxigraph as ox

    return [(_term(quad.subject), quad.predicate.value, _term(quad.object),
             None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value)
            for quad in parse_quads(source, fmt, name=name, max_bytes=max_bytes)]


def parse_quads(source: str | os.PathLike[str] | bytes, fmt: str | None = None, *,
                name: str | None = None, max_bytes: int | None = None) -> list[Any]:
    """The quads of an RDF file or of RDF data as pyoxigraph ``Quad`` objects, with the
    checks and errors of :func:`parse_rdf`: for a caller that hands them on to pyoxigraph
    (a store, a serializer) and would only rebuild them from plain values."""
    import pyoxigraph as ox

    if isinstance(source, bytes):
        data, name = source, name or "<data>"
    else:
        name = name or os.fspath(source)
        fmt = fmt or rdf_format(source)
        data = read_bytes(Path(source), max_bytes=max_bytes)
    if fmt not in RDF_FORMATS:
        raise InputError(f"is not an RDF file c87 reads (extensions: "
                         f"{', '.join(sorted(RDF_SUFFIXES))})", path=name)
    if fmt == "rdf":
        # pyoxigraph expands the entities of a DTD's internal subset: refused, as for
        # every XML c87 reads
        line = doctype_line(data)
        if line is not None:
            raise ContentError(DTD_REFUSED, path=name, line=line)
    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
               "jsonld": ox.RdfFormat.JSON_LD, "rdf": ox.RdfFormat.RDF_XML}
    try:
        return list(ox.parse(data, formats[fmt]))
    except SyntaxError as exc:
        message = re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ "
                         r"column \d+)?: ", "", str(exc.msg))
        if "LoadDocumentCallback" in message:
            raise ContentError("asks for a JSON-LD context by its address; c87 fetches "
                               "nothing while reading: put the context in the file (c87's "
                               "own JSON-LD carries it inline)", path=name) from None
        raise ContentError(f"is not valid {RDF_FORMATS[fmt]}: {message}", path=name,
                           line=exc.lineno, column=exc.offset) from None


def _term(node: Any) -> Term:
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return node.value
    if isinstance(node, ox.Literal):
        return _Lit(node.value, node.datatype.value, node.language)
    return f"_:{node.value}"


def graph_to_facts(source: str | os.PathLike[str] | bytes, fmt: str | None = None, *,
                   name: str | None = None, max_bytes: int | None = None) -> Facts:
    """The facts document that the c87 RDF in ``source`` (a path, or the data) came from.

    Graph names are ignored: the file must hold one case (a ``c87:Case``). Raises
    :class:`ContentError` when the RDF does not parse, holds no case or several, or
    does not describe valid facts; see :func:`parse_rdf` for the rest.
    """
    label = name or ("<data>" if isinstance(source, bytes) else os.fspath(source))
    quads = parse_rdf(source, fmt, name=label, max_bytes=max_bytes)
    try:
        return _Reader(quads).facts()
    except ContentError as exc:
        if exc.path is None:
            exc.path = label
        raise


def check_rdf(source: str | os.PathLike[str] | bytes, fmt: str | None = None, *,
              name: str | None = None, max_bytes: int | None = None) -> list[str]:
    """Validate RDF against the SHACL shapes: one line per violation, none if it conforms.

    Each line reads ``<focus node> path: message`` (the path in the prefixes of the
    output, ``^`` marking an inverse path), sorted. The ontology and schemes are mixed
    in, as :func:`c87.ontology.validate` does; graph names are ignored. Raises what
    :func:`parse_rdf` raises.
    """
    import rdflib
    from rdflib.namespace import SH

    quads = parse_rdf(source, fmt, name=name, max_bytes=max_bytes)
    graph = rdflib.Graph()
    # rdflib logs a traceback for every ill-typed literal ("2020-13-45"^^xsd:date); the
    # shapes report them, so its log would only repeat them noisily.
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        for s, p, o, _ in quads:
            graph.add((_rdflib(s), rdflib.URIRef(p), _rdflib(o)))
        conforms, report, _ = ontology.validate(graph)
    finally:
        log.setLevel(level)
    if conforms:
        return []
    lines = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        component = report.value(result, SH.sourceConstraintComponent)
        message = messages[0] if messages else str(component).rsplit("#", 1)[-1]
        where = f"{_show(focus)} {_show_path(report, path)}" if path is not None else _show(focus)
        lines.add(f"{where}: {message}")
    return sorted(lines)


def _rdflib(term: Term) -> Any:
    import rdflib

    if isinstance(term, _Lit):
        value, datatype, lang = term
        return rdflib.Literal(value, lang=lang,
                              datatype=None if lang else rdflib.URIRef(datatype))
    if term.startswith("_:"):
        return rdflib.BNode(term[2:])
    return rdflib.URIRef(term)


def _show(node: Any) -> str:
    import rdflib

    if isinstance(node, rdflib.URIRef):
        iri = str(node)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda i: -len(i[1])):
            local = iri[len(namespace):]
            if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", local):
                return f"{prefix}:{local}"
        return f"<{iri}>"
    return node.n3() if node is not None else "(none)"


def _show_path(report: Any, path: Any) -> str:
    import rdflib
    from rdflib.namespace import SH

    inverse = report.value(path, SH.inversePath) if isinstance(path, rdflib.BNode) else None
    return f"^{_show(inverse)}" if inverse is not None else _show(path)


def _ns(prefix: str, local: str) -> str:
    return NS[prefix] + local


RDF_TYPE = _ns("rdf", "type")
_INDEX = re.compile(r"/(\d+)$")
_MEMBER = re.compile(r"^" + re.escape(NS["rdf"]) + r"_(\d+)$")
_FORMAT_OF = {iri: fmt for fmt, iri in MEDIA_TYPES.items()}


class _Reader:
    """The triples of one case, indexed by subject, and the facts they describe."""

    def __init__(self, quads: Iterable[tuple[Term, str, Term, str | None]]) -> None:
        self.props: dict[Term, dict[str, list[Term]]] = {}
        for s, p, o, _ in quads:
            values = self.props.setdefault(s, {}).setdefault(p, [])
            if o not in values:
                values.append(o)

    # -- small lookups --------------------------------------------------------------------

    def all(self, s: Term, p: str) -> list[Term]:
        return self.props.get(s, {}).get(p, [])

    def one(self, s: Term, p: str) -> Term | None:
        values = self.all(s, p)
        if len(values) > 1:
            raise ContentError(f"<{s}> has {len(values)} values for <{p}>, not one")
        return values[0] if values else None

    def text(self, s: Term, p: str) -> str | None:
        value = self.one(s, p)
        if value is None:
            return None
        if not isinstance(value, _Lit):
            raise ContentError(f"<{s}> <{p}> is <{value}>, where a text was expected")
        return value.value

    def iri(self, s: Term, p: str, namespace: str) -> str | None:
        value = self.one(s, p)
        return None if value is None else self.local(value, namespace)

    def local(self, value: Term, namespace: str) -> str:
        if isinstance(value, _Lit) or not value.startswith(namespace):
            raise ContentError(f"{value!r} is not an IRI in <{namespace}>")
        return value[len(namespace):]

    def typed(self, cls: str) -> list[Term]:
        return [s for s, ps in self.props.items() if cls in ps.get(RDF_TYPE, ())]

    def ordered(self, seq: str, values: list[Term]) -> list[Term]:
        """``values`` in the order of the ``rdf:Seq`` ``seq`` (unlisted ones last, sorted)."""
        members = sorted((int(m.group(1)), o) for p, objects in self.props.get(seq, {}).items()
                         if (m := _MEMBER.match(p)) for o in objects)
        present = set(values)
        listed = [o for _, o in members if o in present]
        return listed + sorted((v for v in present if v not in set(listed)), key=str)

    @staticmethod
    def index(iri: Term) -> tuple[int, str]:
        match = _INDEX.search(str(iri))
        return (int(match.group(1)) if match else 0, str(iri))

    # -- the facts ------------------------------------------------------------------------

    def facts(self) -> Facts:
        cases = self.typed(_ns("c87", "Case"))
        if len(cases) != 1:
            raise ContentError("is not a c87 graph: it holds no c87:Case" if not cases else
                               f"holds {len(cases)} cases; read one graph at a time")
        case = cases[0]
        conforms = self.all(case, _ns("dcterms", "conformsTo"))
        if conforms and not set(SCHEMA_IRIS.values()) & set(conforms):
            raise ContentError(f"describes facts of another format ({conforms[0]})")
        letter = self.one(case, _ns("prov", "wasDerivedFrom"))
        if letter is None:
            raise ContentError(f"the case <{case}> is derived from no letter")
        self.case, self.letter = case, letter
        self.actor_ns = f"{case}/actor/"
        self.public = self.text(letter, _ns("c87", "public")) in ("true", "1")
        self._annotations()
        data = {
            "c87": 2,
            "public": self.public,
            "source": self._source(),
            "letter": self._letter(),
            "actors": [self._actor(a) for a in self.ordered(
                f"{case}/actors", [a for a in self.typed(_ns("sem", "Actor"))
                                   if str(a).startswith(self.actor_ns)])],
            "events": [self._event(e) for e in self.ordered(
                f"{case}/events", [e for e in self.typed(_ns("sem", "Event"))
                                   if str(e).startswith(f"{case}/event/")])],
        }
        version_2 = data["letter"]["review"] or self.public or any(
            item["review"] or item["confidential"] for item in data["actors"] + data["events"])
        data["c87"] = 2 if version_2 else 1
        return facts_from_data(data, "does not describe a valid facts document")

    def _annotations(self) -> None:
        """Index the evidence and provenance spans by what they are about."""
        self.evidence: dict[Term, list[tuple[tuple[int, str], dict[str, Any]]]] = {}
        self.provenance: dict[Term, dict[str, dict[str, Any]]] = {}
        for annotation in self.typed(_ns("oa", "Annotation")):
            bodies = self.all(annotation, _ns("oa", "hasBody"))
            tags = [b for b in bodies if _ns("oa", "TextualBody") in self.all(b, RDF_TYPE)]
            about = [b for b in bodies if b not in tags]
            if len(about) != 1:
                raise ContentError(f"the annotation <{annotation}> has {len(about)} bodies, "
                                   "not one")
            span = self._span(annotation)
            if tags:
                key = self.text(tags[0], _ns("rdf", "value"))
                self.provenance.setdefault(about[0], {})[key or ""] = span
            else:
                self.evidence.setdefault(about[0], []).append((self.index(annotation), span))

    def _span(self, annotation: Term) -> dict[str, Any]:
        target = self.one(annotation, _ns("oa", "hasTarget"))
        quote = start = end = None
        for selector in self.all(target, _ns("oa", "hasSelector")):
            types = self.all(selector, RDF_TYPE)
            if _ns("oa", "TextQuoteSelector") in types:
                quote = self.text(selector, _ns("oa", "exact"))
            if _ns("oa", "TextPositionSelector") in types:
                start = self.text(selector, _ns("oa", "start"))
                end = self.text(selector, _ns("oa", "end"))
        if quote is None or ((start is None or end is None) and not self.public):
            raise ContentError(f"the annotation <{annotation}> lacks a quote or a position")
        if start is None or end is None:  # a public record's quotes have no offsets
            return {"quote": quote}
        return {"quote": quote, "start": int(start), "end": int(end)}

    def _spans(self, subject: Term) -> list[dict[str, Any]]:
        return [span for _, span in sorted(self.evidence.get(subject, []),
                                           key=lambda item: item[0])]

    def _actor_id(self, iri: Term | None) -> str | None:
        return None if iri is None else self.local(iri, self.actor_ns)

    def _source(self) -> dict[str, Any]:
        letter = self.letter
        media = self.one(letter, _ns("dcterms", "format"))
        if media is not None and media not in _FORMAT_OF:
            raise ContentError(f"the letter's format <{media}> is not one c87 reads")
        return {
            "sha256": self.text(letter, _ns("schema", "sha256")),
            "path": self.text(letter, _ns("dcterms", "source")),
            "format": _FORMAT_OF.get(media) if media is not None else None,
            "language": self.text(letter, _ns("dcterms", "language")),
            "url": self.text(letter, _ns("schema", "url")),
        }

    def _letter(self) -> dict[str, Any]:
        letter, case = self.letter, self.case
        signatory = self.one(letter, _ns("schema", "author"))
        conventions = self.ordered(f"{case}/letter/conventions",
                                   self.all(letter, _ns("dcterms", "references")))
        return {
            "genre": self.text(letter, _ns("schema", "genre")),
            "date": self.text(letter, _ns("dcterms", "date")),
            "reference": self.text(letter, _ns("dcterms", "identifier")),
            "subject": self.text(letter, _ns("dcterms", "title")),
            "sender": self._actor_id(self.one(letter, _ns("dcterms", "creator"))),
            "addressee": self._actor_id(self.one(letter, _ns("schema", "recipient"))),
            "signatory": {
                "role": self.text(signatory, _ns("schema", "jobTitle")),
                "name": self.text(signatory, _ns("foaf", "name")),
            } if signatory is not None else {},
            "country": self.iri(letter, _ns("dcterms", "spatial"), NS["country"]),
            "conventions": [self.local(c, NS["instrument"]) for c in conventions],
            "provenance": self.provenance.get(letter, {}),
            "review": self._review(letter),
        }

    def _review(self, iri: Term) -> dict[str, Any] | None:
        status = self.text(iri, _ns("c87", "reviewStatus"))
        if status is None:
            return None
        return {"status": status, "time": self.text(iri, _ns("c87", "reviewedAt")),
                "reviewer": self.text(iri, _ns("c87", "reviewedBy"))}

    def _actor(self, iri: Term) -> dict[str, Any]:
        kinds = self.all(iri, _ns("c87", "actorKind"))
        if len(kinds) != 1:
            raise ContentError(f"the actor <{iri}> has {len(kinds)} kinds, not one")
        aliases = self.ordered(f"{iri}/aliases", self.all(iri, _ns("skos", "altLabel")))
        member_of = self.ordered(f"{iri}/member-of", self.all(iri, _ns("org", "memberOf")))
        posts = sorted(self.all(iri, _ns("org", "holds")), key=self.index)
        return {
            "id": self.local(iri, self.actor_ns),
            "name": self.text(iri, _ns("foaf", "name")),
            "aliases": [a.value for a in aliases],
            "kind": self.local(kinds[0], NS["ak"]),
            "country": self.iri(iri, _ns("dcterms", "spatial"), NS["country"]),
            "honorific": self.text(iri, _ns("foaf", "title")),
            "given_name": self.text(iri, _ns("foaf", "givenName")),
            "family_name": self.text(iri, _ns("foaf", "familyName")),
            "positions": [{"title": self.text(post, _ns("rdfs", "label")),
                           "organisation": self._actor_id(self.one(post, _ns("org", "postIn")))}
                          for post in posts],
            "member_of": [self.local(m, self.actor_ns) for m in member_of],
            "evidence": self._spans(iri),
            "confidential": self._flag(iri, "confidential"),
            "review": self._review(iri),
        }

    def _flag(self, iri: Term, name: str) -> bool:
        return self.text(iri, _ns("c87", name)) in ("true", "1")

    def _event(self, iri: Term) -> dict[str, Any]:
        violation = self.text(iri, _ns("c87", "allegedViolation"))
        principles = self.all(iri, _ns("c87", "allegedlyViolates")) + self.all(
            iri, _ns("c87", "exercises"))
        place = self.one(iri, _ns("sem", "hasPlace"))
        participants = []
        for role in sorted(self.all(iri, _ns("sem", "hasActor")), key=self.index):
            participants.append({
                "actor": self._actor_id(self.one(role, _ns("rdf", "value"))),
                "role": self.iri(role, _ns("sem", "roleType"), NS["role"]),
            })
        return {
            "id": self.local(iri, f"{self.case}/event/"),
            "type": self.iri(iri, _ns("sem", "eventType"), NS["et"]),
            "date": self.text(iri, _ns("sem", "hasTimeStamp")),
            "start": self.text(iri, _ns("sem", "hasBeginTimeStamp")),
            "end": self.text(iri, _ns("sem", "hasEndTimeStamp")),
            "approximate": self.text(iri, _ns("c87", "approximateDate")) in ("true", "1"),
            "summary": self.text(iri, _ns("dcterms", "description")),
            "rule": self.text(iri, _ns("c87", "proposedBy")),
            "evidence": self._spans(iri),
            "participants": participants,
            "place": self.text(place, _ns("rdfs", "label")) if place is not None else None,
            "principles": [self.local(p, NS["principle"])
                           for p in self.ordered(f"{iri}/principles", principles)],
            "alleged_violation": violation in ("true", "1") if violation is not None else True,
            "provenance": self.provenance.get(iri, {}),
            "confidential": self._flag(iri, "confidential"),
            "review": self._review(iri),
        }
