"""From the inputs of ``c87 load`` to the graphs a store takes.

An input is RDF that c87 wrote, a folder of it, a facts file or a letter; facts files and
letters are read by the reader the caller gives (``read_facts``: the CLI gives
:func:`c87.pipeline.convert.facts_of`, which reads them as ``c87 convert`` does, and only
when an input needs it, since importing the extractor costs a load of RDF most of a
second and 50 MiB), and their case ids are given as convert gives them
(:class:`c87.ontology.iris.CaseIds`).
Every input is read before anything is written: :func:`graphs_to_load` returns the graphs
and the inputs that could not be read, and the caller loads nothing if one failed. The
graphs are read one input (one file of a folder) at a time into a
:class:`~c87.store.spool.GraphSpool`, a temporary file, so that a load of any size holds
in memory only one input's graphs and one small record per graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from c87.errors import C87Error, UsageError
from c87.input.rdf import rdf_format
from c87.ontology.iris import CaseIds, case_id
from c87.output.rdf import serialize
from c87.store import (
    GraphData,
    GraphSpool,
    graphs_from_rdf,
    ontology_graph_data,
    rdf_files,
)

if TYPE_CHECKING:
    from c87.model import Facts

__all__ = [
    "FactsReader",
    "Failure",
    "ToLoad",
    "graph_from_facts",
    "graphs_to_load",
    "needs_facts_reader",
]

FactsReader = Callable[[str, "int | None"], "tuple[Facts, str | None, list[str]]"]
"""Reads a facts file or a letter: (name, size limit) -> (facts, text, warnings), as
:func:`c87.pipeline.convert.facts_of` does."""


@dataclass
class Failure:
    """An input that cannot be loaded, and why."""

    name: str
    error: C87Error


@dataclass
class ToLoad:
    """The graphs to load, merged (one per name) in a spool, and the inputs that failed.

    Close it (or use it as a context manager) to remove the spool's file.
    """

    graphs: GraphSpool = field(default_factory=GraphSpool)
    failures: list[Failure] = field(default_factory=list)

    def __enter__(self) -> ToLoad:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the spool's file."""
        self.graphs.close()


def graph_from_facts(facts: Facts, *, base: str, case: str | None, source: str) -> GraphData:
    """The graph of ``facts`` under ``base``, its case id ``case`` (default the facts' own,
    :func:`c87.ontology.iris.case_id`); ``source`` names the input in messages."""
    case = case or case_id(facts)
    data = serialize(facts, "nt", base=base, case=case)
    return GraphData(f"{base}case/{case}", data, data.count(b"\n"), source, case)


def needs_facts_reader(inputs: Iterable[str]) -> bool:
    """Whether some of ``inputs`` is a facts file or a letter, not RDF or a folder of it."""
    return any(not (Path(name).is_dir() or rdf_format(name)) for name in inputs)


def _graphs_of(name: str, *, base: str, max_bytes: int | None, ids: CaseIds,
               warn: Callable[[str, str], None],
               read_facts: FactsReader | None) -> Iterator[GraphData]:
    """The graphs of the input ``name``, one file at a time."""
    path = Path(name)
    if path.is_dir():
        found = rdf_files(path)
        if not found:
            raise UsageError("holds no RDF files (.ttl .nt .nq .trig .jsonld .rdf)",
                             path=name)
        for file in found:
            yield from graphs_from_rdf(file, max_bytes=max_bytes)
        return
    if rdf_format(name):
        yield from graphs_from_rdf(name, max_bytes=max_bytes)
        return
    if read_facts is None:
        raise UsageError("is not RDF, and no reader of facts files and letters was given "
                         "(read_facts=c87.pipeline.convert.facts_of)", path=name)
    facts, _text, warnings = read_facts(name, max_bytes)
    for warning in warnings:
        warn(name, warning)
    case = ids.propose(facts)
    graph = graph_from_facts(facts, base=base, case=case, source=name)
    ids.take(case)
    yield graph


def graphs_to_load(inputs: Iterable[str], *, base: str, max_bytes: int | None = None,
                   with_ontology: bool = False, raise_errors: bool = False,
                   warn: Callable[[str, str], None] | None = None,
                   failed: Callable[[Failure], None] | None = None,
                   read_facts: FactsReader | None = None) -> ToLoad:
    """The graphs of ``inputs`` (and of the ontology, ``with_ontology``), merged by name.

    A bad input is recorded in ``failures`` (its error names it) and the others are still
    read, unless ``raise_errors``; ``failed`` is told of each as it happens, and
    ``warn(name, message)`` of what extraction warns of. ``read_facts`` reads the facts
    files and letters among the inputs (:data:`FactsReader`). An input that gives a graph that
    an input before it gave with other triples is a bad input. With a failure, ``graphs``
    is empty: nothing is to be loaded.
    """
    result = ToLoad()
    warn = warn or (lambda name, message: None)
    ids = CaseIds()
    for name in inputs:
        try:
            for graph in _graphs_of(name, base=base, max_bytes=max_bytes, ids=ids,
                                    warn=warn, read_facts=read_facts):
                if not result.failures:  # after one, the rest is only read, to report
                    result.graphs.add(graph)
        except C87Error as exc:
            if raise_errors:
                raise
            if exc.path is None:
                exc.path = name
            result.failures.append(Failure(name, exc))
            if failed is not None:
                failed(result.failures[-1])
    if result.failures:
        result.close()
        result.graphs = GraphSpool()
        return result
    if with_ontology:
        result.graphs.add(ontology_graph_data())
    return result
