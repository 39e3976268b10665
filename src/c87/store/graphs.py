"""Graphs to load: from the RDF files c87 wrote (:func:`graphs_from_rdf`, found in a folder
by :func:`rdf_files`) and from the ontology (:func:`ontology_graph_data`), each graph once
(:func:`merge_graphs`). Graphs from facts are the pipeline's
(:func:`c87.pipeline.load.graph_from_facts`), since they need the RDF writer.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from c87.errors import ContentError
from c87.input.rdf import parse_quads
from c87.ontology import ontology_graph
from c87.ontology.iris import NS, RDF_SUFFIXES
from c87.store.base import ONTOLOGY_GRAPH, GraphData, case_of
from c87.store.spool import same_triples


def graphs_from_rdf(path: str | os.PathLike[str], *, max_bytes: int | None = None,
                    ) -> list[GraphData]:
    """The named graphs of an RDF file c87 wrote (any of its six formats).

    Quads keep their graph name; triples of a format without graph names (Turtle,
    N-Triples, RDF/XML), or in the default graph of one with them, go to the graph of the
    one case (``c87:Case``) they describe. Blank nodes get fresh labels, so that two
    files never share one. Raises :class:`ContentError` for RDF that does not parse, or
    triples that name no case or several, and :class:`InputError` for a file that cannot
    be read.
    """
    name = os.fspath(path)
    quads = parse_quads(path, max_bytes=max_bytes)
    graphs = _serialized(quads, name)
    if any(b"_:" in data for data in graphs.values()):
        graphs = _serialized(_fresh_blank_nodes(quads), name)
    if not graphs:
        raise ContentError("holds no triples", path=name)
    found = []
    for graph, data in sorted(graphs.items(), key=lambda item: item[0].value):
        lines = data.split(b"\n")
        lines.pop()  # after the last line break
        distinct = dict.fromkeys(lines)
        if len(distinct) != len(lines):
            data = b"\n".join(distinct) + b"\n"
        found.append(GraphData(graph.value, data, len(distinct), name, case_of(graph.value)))
    return found


def _serialized(quads: list[Any], name: str) -> dict[Any, bytes]:
    """The N-Triples of each named graph of ``quads`` (pyoxigraph's, in Rust); the default
    graph's triples added to the graph of the one case they describe."""
    import pyoxigraph as ox

    by_graph: dict[Any, list[Any]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, []).append(quad)
    default = by_graph.pop(ox.DefaultGraph(), None)
    graphs = {}
    for graph, members in by_graph.items():
        data = ox.serialize(members, format=ox.RdfFormat.N_QUADS)
        graphs[graph] = data.replace(b" " + str(graph).encode() + b" .\n", b" .\n")
    if default is not None:
        case = ox.NamedNode(_one_case(default, name))
        graphs[case] = graphs.get(case, b"") + ox.serialize(default,
                                                            format=ox.RdfFormat.N_TRIPLES)
    return graphs


def _one_case(triples: list[Any], name: str) -> str:
    """The one case (``c87:Case``) that ``triples`` describe, or a ContentError."""
    import pyoxigraph as ox

    is_a, case_type = ox.NamedNode(NS["rdf"] + "type"), ox.NamedNode(NS["c87"] + "Case")
    cases = sorted({q.subject.value for q in triples if q.predicate == is_a
                    and q.object == case_type and isinstance(q.subject, ox.NamedNode)})
    if len(cases) != 1:
        raise ContentError(
            "holds no c87:Case, so there is no graph to load its triples into (c87 load "
            "takes the RDF c87 writes)" if not cases else
            f"holds {len(cases)} cases outside named graphs; load one case per file, or "
            "write N-Quads or TriG, which name each case's graph", path=name)
    return cases[0]


def _fresh_blank_nodes(quads: list[Any]) -> list[Any]:
    """``quads`` with a fresh label for each blank node: the same label in two files is
    two nodes."""
    import pyoxigraph as ox

    fresh: dict[str, Any] = {}

    def node(term: Any) -> Any:
        return fresh.setdefault(term.value, ox.BlankNode()) if isinstance(
            term, ox.BlankNode) else term

    return [ox.Quad(node(q.subject), q.predicate, node(q.object), node(q.graph_name))
            for q in quads]


def ontology_graph_data() -> GraphData:
    """The ontology, its concept schemes and alignments, as the graph :data:`ONTOLOGY_GRAPH`."""
    graph = ontology_graph()
    return GraphData(ONTOLOGY_GRAPH, graph.serialize(format="nt", encoding="utf-8"),
                     len(graph), "c87 ontology")


def rdf_files(directory: str | os.PathLike[str]) -> list[Path]:
    """The RDF files c87 reads in ``directory`` and its sub-folders, sorted (hidden skipped)."""
    root = Path(directory)
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.is_file() and path.suffix.lower() in RDF_SUFFIXES:
            found.append(path)
    return found


def merge_graphs(graphs: Iterable[GraphData]) -> list[GraphData]:
    """``graphs`` with each name once: the same graph from two files is loaded once.

    Raises :class:`ContentError` when two inputs give one graph different triples (the
    same letter converted twice with different facts, say), since either would silently
    undo the other. (A load keeps its graphs in a :class:`~c87.store.spool.GraphSpool`,
    which does the same without holding them in memory.)
    """
    kept: dict[str, GraphData] = {}
    for graph in graphs:
        other = kept.get(graph.name)
        if other is None:
            kept[graph.name] = graph
        elif not same_triples(other.ntriples, graph.ntriples):
            raise ContentError(f"gives the graph {graph.label} other triples than "
                               f"{other.source} does; load one of them", path=graph.source)
    return list(kept.values())
