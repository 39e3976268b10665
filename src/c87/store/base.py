"""What every part of the store shares: RDF terms and query results as either kind of
store gives them (:class:`Term`, :class:`Results`), one named graph ready to load
(:class:`GraphData`), and what c87 asks of a store (:class:`Store`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from c87.ontology.iris import NS

if TYPE_CHECKING:
    from c87.store.spool import GraphSpool

ONTOLOGY_GRAPH = "https://w3id.org/c87/ontology"
"""The named graph ``--with-ontology`` loads the ontology and its concept schemes into."""


XSD = NS["xsd"]
_XSD_STRING = XSD + "string"
_RDF_LANGSTRING = NS["rdf"] + "langString"


class Term(NamedTuple):
    """An RDF term as a query result gives it, whichever store answered.

    ``kind`` is ``uri``, ``literal`` or ``bnode`` (the names of the SPARQL JSON results
    format); a literal's ``datatype`` is None for ``xsd:string`` and for language-tagged
    strings, whose ``lang`` is set.
    """

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        """A literal; ``xsd:string`` and ``rdf:langString`` datatypes are left implicit."""
        if datatype in (_XSD_STRING, _RDF_LANGSTRING):
            datatype = None
        return cls("literal", value, None if lang else datatype, lang.lower() if lang else None)

    def sparql(self) -> str:
        """The term in SPARQL (and Turtle) syntax, checked and escaped by pyoxigraph.

        Raises ValueError for an IRI or language tag that is not well formed.
        """
        import pyoxigraph as ox

        if self.kind == "uri":
            return str(ox.NamedNode(self.value))
        if self.kind == "bnode":
            return "_:" + re.sub(r"[^A-Za-z0-9_]", "_", self.value)
        if self.lang:
            return str(ox.Literal(self.value, language=self.lang))
        if self.datatype:
            return str(ox.Literal(self.value, datatype=ox.NamedNode(self.datatype)))
        return str(ox.Literal(self.value))


@dataclass
class Results:
    """The answer to a query: variables and rows (``SELECT``), or a boolean (``ASK``)."""

    variables: list[str]
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None


@dataclass(frozen=True)
class GraphData:
    """One named graph, ready to load: its name, its triples as N-Triples, where it came from.

    ``case`` is the case id (the last segment of the case IRI) for a letter's graph, None
    for the ontology or another graph.
    """

    name: str
    ntriples: bytes = field(repr=False)
    triples: int
    source: str
    case: str | None = None

    @property
    def label(self) -> str:
        """How messages name the graph: its case id, ``ontology``, or its IRI."""
        if self.case:
            return self.case
        return "ontology" if self.name == ONTOLOGY_GRAPH else f"<{self.name}>"


def case_of(name: str) -> str | None:
    """The case id of the graph ``name`` (a case IRI ends in ``/case/ID``), else None."""
    match = re.search(r"/case/([^/]+)$", name)
    return match.group(1) if match else None


class Store(Protocol):
    """What c87 asks of a triple store."""

    label: str
    """The store in messages: where it is, without credentials."""

    def select(self, query: str) -> Results:
        """Run a SPARQL ``SELECT`` or ``ASK`` query (its parameters already bound)."""
        ...

    def replace(self, graphs: GraphSpool | Sequence[GraphData],
                done: Callable[[GraphData], None] | None = None) -> None:
        """Replace each graph's content with its triples (creating it if needed); ``done``
        is told of each graph once it is in the store."""
        ...

    def drop(self, names: Sequence[str]) -> None:
        """Remove the named graphs."""
        ...

    def close(self) -> None:
        """Release the store (an embedded one's lock)."""
        ...


def update_text(graphs: Sequence[GraphData]) -> str:
    """One SPARQL Update request that replaces each of ``graphs``."""
    parts = []
    for graph in graphs:
        name = Term("uri", graph.name).sparql()
        parts.append(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n"
                     f"{graph.ntriples.decode('utf-8')}}} }}")
    return " ;\n".join(parts)
