"""Graphs to load: from the RDF files c87 wrote (:func:`graphs_from_rdf`, found in a folder
by :func:`rdf_files`) and from the ontology (:func:`ontology_graph_data`), each graph once
(:func:`merge_graphs`). Graphs from facts are the pipeline's
(:func:`c87.pipeline.load.graph_from_facts`), since they need the RDF writer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from c87.errors import ContentError
from c87.input.rdf import parse_rdf
from c87.ontology import ontology_graph
from c87.ontology.iris import NS, RDF_SUFFIXES
from c87.store.base import ONTOLOGY_GRAPH, GraphData, case_of


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
    import pyoxigraph as ox

    name = os.fspath(path)
    quads = parse_rdf(path, max_bytes=max_bytes)
    fresh: dict[str, Any] = {}

    def node(term: Any) -> Any:
        if isinstance(term, tuple):
            value, datatype, lang = term
            return (ox.Literal(value, language=lang) if lang
                    else ox.Literal(value, datatype=ox.NamedNode(datatype)))
        if term.startswith("_:"):
            return fresh.setdefault(term, ox.BlankNode())
        return ox.NamedNode(term)

    by_graph: dict[str | None, list[Any]] = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g, []).append(ox.Triple(node(s), ox.NamedNode(p), node(o)))
    if None in by_graph:
        case_type = NS["c87"] + "Case"
        cases = sorted({s for s, p, o, g in quads if g is None and p == NS["rdf"] + "type"
                        and o == case_type and not s.startswith("_:")})
        if len(cases) != 1:
            raise ContentError(
                "holds no c87:Case, so there is no graph to load its triples into (c87 load "
                "takes the RDF c87 writes)" if not cases else
                f"holds {len(cases)} cases outside named graphs; load one case per file, or "
                "write N-Quads or TriG, which name each case's graph", path=name)
        by_graph.setdefault(cases[0], []).extend(by_graph.pop(None))
    if not by_graph:
        raise ContentError("holds no triples", path=name)
    graphs = []
    for graph, triples in sorted(by_graph.items(), key=lambda item: str(item[0])):
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        graphs.append(GraphData(str(graph), data, len(set(triples)), name,
                                case_of(str(graph))))
    return graphs


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
    undo the other.
    """
    kept: dict[str, GraphData] = {}
    for graph in graphs:
        other = kept.get(graph.name)
        if other is None:
            kept[graph.name] = graph
        elif _lines(other.ntriples) != _lines(graph.ntriples):
            raise ContentError(f"gives the graph {graph.label} other triples than "
                               f"{other.source} does; load one of them", path=graph.source)
    return list(kept.values())


def _lines(data: bytes) -> set[bytes]:
    # blank node labels differ from file to file; c87 writes none, the ontology a few
    return {re.sub(rb"_:[A-Za-z0-9_.-]+", b"_:", line) for line in data.split(b"\n") if line}
