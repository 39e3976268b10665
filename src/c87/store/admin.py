"""What the store commands do with a store: open the one their options name
(:func:`open_store`), find and remove letters (:func:`find_cases`, :func:`remove_cases`),
and report what it holds (:func:`store_info`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from c87.errors import ContentError, UsageError
from c87.store.auth import credentials_for
from c87.store.base import ONTOLOGY_GRAPH, Store, Term, case_of
from c87.store.embedded import EmbeddedStore, default_store_path
from c87.store.queries import Query
from c87.store.remote import Endpoints, RemoteStore
from c87.store.sparql import bind_values


def open_store(*, store: str | os.PathLike[str] | None = None, endpoint: str | None = None,
               server: str = "generic", update_endpoint: str | None = None,
               graph_store: str | None = None, protocol: str = "auto", timeout: float = 60.0,
               retries: int = 3, create: bool = False, read_only: bool = False,
               allow_service: bool = False,
               notify: Callable[[str], None] | None = None) -> EmbeddedStore | RemoteStore:
    """The embedded store in ``store`` (default :func:`default_store_path`), or the server
    whose query endpoint is ``endpoint``, with credentials from :func:`credentials_for`.

    ``read_only`` opens the embedded store only to read it (for queries): it is never
    written, so a copy on a read-only disk, or a store its reader may not write, can be
    queried. ``allow_service`` lets queries call other endpoints (``SERVICE``), which
    are refused otherwise.
    """
    if endpoint is None:
        if update_endpoint or graph_store:
            raise UsageError("--update-endpoint and --graph-store go with --endpoint")
        return EmbeddedStore(store if store is not None else default_store_path(),
                             create=create, read_only=read_only,
                             allow_service=allow_service, notify=notify)
    if store is not None:
        raise UsageError("give --store (an embedded store) or --endpoint (a server), not both")
    if timeout <= 0:
        raise UsageError("--timeout takes a number of seconds above 0")
    endpoints = Endpoints.of(endpoint, server, update=update_endpoint, graph_store=graph_store)
    return RemoteStore(endpoints, server=server, protocol=protocol, timeout=timeout,
                       retries=retries, credentials=credentials_for(endpoint), notify=notify,
                       allow_service=allow_service)


_PREFIXES = """\
PREFIX c87: <https://w3id.org/c87/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def find_cases(store: Store, case: str) -> list[str]:
    """The names of the letter graphs whose case id (or case IRI) is ``case``."""
    query = Query("find", _PREFIXES + """
SELECT DISTINCT ?g WHERE {
  GRAPH ?g { ?g a c87:Case }
  FILTER(STR(?g) = ?id || STRENDS(STR(?g), CONCAT("/case/", ?id)))
} ORDER BY ?g""")
    results = store.select(bind_values(query.text, {"id": [Term.literal(case)]}))
    return [row["g"].value for row in results.rows if "g" in row]


def remove_cases(store: Store, cases: Sequence[str]) -> list[str]:
    """Remove the graphs of the letters ``cases`` (case ids or IRIs); their names.

    Every case must be in the store once, or nothing is removed: a missing one is a
    :class:`ContentError`, an id that names letters under two bases a :class:`UsageError`.
    """
    names = []
    for case in cases:
        found = find_cases(store, case)
        if not found:
            raise ContentError(f"no letter {case!r} in {store.label} (c87 store info lists "
                               "them); nothing removed")
        if len(found) > 1:
            raise UsageError(f"{case!r} names {len(found)} letters: give the case IRI, one of "
                             + ", ".join(found))
        names.extend(n for n in found if n not in names)
    store.drop(names)
    return names


@dataclass
class StoreInfo:
    """What ``c87 store info`` reports: the letters, the ontology and the totals."""

    label: str
    letters: list[dict[str, Any]]
    ontology: int
    graphs: int | None = None
    triples: int | None = None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {"store": self.label, "letters": self.letters, "ontology_triples": self.ontology,
                "graphs": self.graphs, "triples": self.triples}


def store_info(store: Store) -> StoreInfo:
    """The letters in ``store`` (case, graph, triples, date, reference), the size of the
    ontology graph, and for an embedded store the number of graphs and triples."""
    letters = store.select(_PREFIXES + """
SELECT ?g ?triples (SAMPLE(?d) AS ?date) (SAMPLE(?r) AS ?reference) WHERE {
  { SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?g a c87:Case } GRAPH ?g { ?s ?p ?o } }
    GROUP BY ?g }
  OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?letter . ?letter dcterms:date ?d } }
  OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?source . ?source dcterms:identifier ?r } }
} GROUP BY ?g ?triples ORDER BY ?g""")
    ontology = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> "
                            "{ ?s ?p ?o } }")
    rows = []
    for row in letters.rows:
        name = row["g"].value
        triples = int(row["triples"].value) if "triples" in row else 0
        rows.append({"case": case_of(name) or name, "graph": name, "triples": triples,
                     "date": row["date"].value if "date" in row else "",
                     "reference": row["reference"].value if "reference" in row else ""})
    counted = int(ontology.rows[0]["n"].value) if ontology.rows and "n" in ontology.rows[0] else 0
    info = StoreInfo(store.label, rows, counted)
    if isinstance(store, EmbeddedStore):
        info.graphs, info.triples = store.totals()
    return info
