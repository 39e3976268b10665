"""The graphs of one load, held on disk rather than in memory (:class:`GraphSpool`): each
graph once, written as N-Quads to a temporary file as the inputs are read, then read back
in batches by the store that loads them.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import IO

from c87.errors import ContentError
from c87.store.base import GraphData, Term


def nquads(graph: GraphData) -> bytes:
    """The N-Triples of ``graph`` as N-Quads in its graph.

    In N-Triples as pyoxigraph and rdflib write it, every line ends with ``" .\\n"`` and
    that stands nowhere else (a line break inside a term is always escaped), so the graph
    name goes before each of those. Other N-Triples (comments, blank lines, a last line
    without its line break) is written again by pyoxigraph first; N-Triples that does not
    parse is a :class:`ContentError`.
    """
    import pyoxigraph as ox

    name = Term("uri", graph.name).sparql().encode()
    data = graph.ntriples
    if data and (data.count(b"\n") != data.count(b" .\n") or not data.endswith(b"\n")):
        try:
            data = ox.serialize(ox.parse(data, ox.RdfFormat.N_TRIPLES),
                                format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as exc:
            raise ContentError(f"the graph {graph.label} cannot be loaded: {exc}",
                               path=graph.source) from None
    return data.replace(b" .\n", b" " + name + b" .\n")


def ntriples(name: str, data: bytes) -> bytes:
    """N-Quads that are all in the graph ``name`` (as :func:`nquads` writes them), as
    N-Triples: the graph name is the last term of each line, and ``" <name> .\\n"``
    stands nowhere else, since a line break inside a term is always escaped."""
    iri = Term("uri", name).sparql().encode()
    return data.replace(b" " + iri + b" .\n", b" .\n")


def same_triples(one: bytes, other: bytes) -> bool:
    """Whether two serializations of a graph hold the same triples, whatever their order
    and their blank node labels (which differ from file to file; c87 writes none, the
    ontology a few)."""
    return _lines(one) == _lines(other)


def _lines(data: bytes) -> set[bytes]:
    if b"_:" in data:
        data = re.sub(rb"_:[A-Za-z0-9_.-]+", b"_:", data)
    return {line for line in data.split(b"\n") if line}


class GraphSpool:
    """The graphs of a load, each name once, their triples in a temporary file.

    :meth:`add` takes graphs as the inputs give them: a graph already there with the same
    triples is skipped (the ``.ttl`` and the ``.jsonld`` of one letter), one with other
    triples is a :class:`ContentError`, since either would silently undo the other.
    What stays in memory is one small record per graph (:attr:`graphs`: each graph
    without its triples); :meth:`batches` and :meth:`read` give the triples back, in the
    order they came. The file is in the temporary folder (``TMPDIR``) and is gone when the
    spool is closed, or the process ends however it ends. Use it as a context manager, or
    call :meth:`close`.
    """

    def __init__(self, graphs: Iterable[GraphData] = ()) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="c87-load-")  # noqa: SIM115
        # name -> offset and length of its N-Quads, and its place in graphs
        self._where: dict[str, tuple[int, int, int]] = {}
        self.graphs: list[GraphData] = []
        """The graphs, in the order they came, without their triples (``ntriples`` empty)."""
        self.triples = 0
        """The number of triples of all the graphs."""
        for graph in graphs:
            self.add(graph)

    def __enter__(self) -> GraphSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.graphs)

    def close(self) -> None:
        """Remove the file (the records stay)."""
        self._file.close()

    @property
    def names(self) -> list[str]:
        """The names of the graphs."""
        return [graph.name for graph in self.graphs]

    def add(self, graph: GraphData) -> bool:
        """Take ``graph``; False when the spool has it already, with the same triples."""
        known = self._where.get(graph.name)
        if known is not None:
            offset, length, index = known
            first = self.graphs[index]
            if not same_triples(ntriples(graph.name, self._read(offset, length)),
                                graph.ntriples):
                raise ContentError(f"gives the graph {graph.label} other triples than "
                                   f"{first.source} does; load one of them",
                                   path=graph.source)
            return False
        data = nquads(graph)
        self._file.seek(0, 2)
        self._where[graph.name] = (self._file.tell(), len(data), len(self.graphs))
        self._file.write(data)
        self.graphs.append(replace(graph, ntriples=b""))
        self.triples += graph.triples
        return True

    def _read(self, offset: int, length: int) -> bytes:
        self._file.seek(offset)
        return self._file.read(length)

    def read(self) -> Iterator[GraphData]:
        """Each graph with its triples (N-Triples), in the order they came."""
        for graph in self.graphs:
            offset, length, _ = self._where[graph.name]
            data = self._read(offset, length)
            yield replace(graph, ntriples=ntriples(graph.name, data))

    def batches(self, *, triples: int | None = None, size: int | None = None,
                ) -> Iterator[tuple[list[GraphData], bytes]]:
        """The graphs in batches of consecutive ones, each with their N-Quads: a batch
        holds at most ``triples`` triples and ``size`` bytes, or one graph that is larger
        on its own."""
        batch: list[GraphData] = []
        count = start = end = 0
        for graph in self.graphs:
            offset, length, _ = self._where[graph.name]
            if batch and ((triples is not None and count + graph.triples > triples)
                          or (size is not None and end + length - start > size)):
                yield batch, self._read(start, end - start)
                batch, count = [], 0
            if not batch:
                start = offset
            batch.append(graph)
            count += graph.triples
            end = offset + length
        if batch:
            yield batch, self._read(start, end - start)


def spool_of(graphs: GraphSpool | Sequence[GraphData]) -> GraphSpool:
    """``graphs`` as a spool (a spool as it is)."""
    return graphs if isinstance(graphs, GraphSpool) else GraphSpool(graphs)
