"""Triple stores: load the graphs c87 writes into a store, and query the record.

Owns the embedded store and SPARQL servers behind one interface, the graphs to load from
RDF files and the ontology, queries (built-in and a user's) with their parameters and
results, the credentials for a server, and store info and removal. It does not write RDF
from facts: that is the pipeline's (:func:`c87.pipeline.load.graph_from_facts`).

May import: c87.mapper, c87.input, c87.ontology, c87.model, c87.errors (the layers below it).
It uses only c87.input, c87.ontology and c87.errors, never the mapper, and never its
sibling c87.output.

Two kinds of store behind one small interface (:class:`Store`):

* :class:`EmbeddedStore` -- Oxigraph stores on disk (pyoxigraph), the default: nothing
  to start. Every write (a load, a removal) is all or nothing: its graphs are
  bulk-loaded into the store's next generation, which becomes the live one in one
  rename once they are all in (:mod:`.generations`), so that a write that fails or is
  killed leaves the store as it was, and readers see the old state or the new one.
* :class:`RemoteStore` -- any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Oxigraph
  server, managed services), through the standard protocols: the Graph Store HTTP
  Protocol (one ``PUT`` per named graph, which replaces it), or, for a server without
  it, one SPARQL 1.1 Update request per graph (``DROP SILENT GRAPH`` then ``INSERT
  DATA``), and for Oxigraph server its bulk path (batches of graphs dropped with one
  update, then posted as N-Quads to its graph store); queries through the SPARQL 1.1
  Protocol, results as SPARQL JSON. Credentials come from the environment or a netrc
  file (basic or digest authentication), never from an argument; TLS certificates are
  verified; requests are of bounded size, time out, and are retried with backoff on
  connection errors and 5xx answers.

A letter's graph is named by its case IRI, so loading a letter again replaces it: one
copy, never two. :class:`GraphData` is one graph ready to load, made from facts
(:func:`c87.pipeline.load.graph_from_facts`), from RDF c87 wrote (:func:`graphs_from_rdf`)
or from the ontology (:func:`ontology_graph_data`); a load gathers them, each name once,
in a :class:`GraphSpool`, which keeps their triples in a temporary file rather than in
memory.

Queries are SPARQL 1.1 ``SELECT`` or ``ASK`` queries: the built-in ones in ``builtin-queries/``
(:func:`builtin_queries`) or a user's file (:func:`read_query`). Parameters are bound,
never pasted: each value becomes an RDF term (checked and escaped by pyoxigraph's own
serialiser) in a ``VALUES`` block at the top of the query's ``WHERE`` clause
(:func:`bind_values`), the same way for both kinds of store, so a value like
``"} ; DROP ALL ; #`` is one string that matches nothing. (pyoxigraph's own
substitutions would do for the embedded store, but they require every substituted
variable to be projected by the query, which would put every filter into every result.)
:func:`format_results` writes the rows as a table, or as SPARQL 1.1 CSV, TSV or JSON.

The modules, each importing only those before it in this list:

* :mod:`.base` -- the shared types: :class:`Term`, :class:`Results`, :class:`GraphData`,
  :class:`Store`
* :mod:`.spool` -- the graphs of a load on disk, each once, read back in batches
* :mod:`.graphs` -- graphs from RDF files and the ontology
* :mod:`.sparql` -- the text of a query: variables, form, ``VALUES``, ``SERVICE``
* :mod:`.queries` -- built-in and own queries, their parameters, running one
* :mod:`.results` -- results as a table, CSV, TSV or JSON
* :mod:`.auth` -- credentials and authentication for a server
* :mod:`.generations` -- the folders of an embedded store: its generations, the live
  one, and building the next
* :mod:`.embedded` -- the embedded store and its locks
* :mod:`.remote` -- a SPARQL server, its endpoints and requests
* :mod:`.admin` -- opening the store a command names, store info and removal

This module only gathers their public names: import them from here (``from c87 import
store``); the modules import each other, never this one. Each name is imported from its
module on first use (PEP 562), so that the CLI, which needs the option choices
(``FORMATS``, ``SERVERS``, ``PROTOCOLS``) for ``c87 --help``, loads neither the RDF
reader nor pyoxigraph, httpx or rdflib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from c87 import lazy_exports

_WHERE = {
    "StoreInfo": "admin", "find_cases": "admin", "open_store": "admin",
    "remove_cases": "admin", "store_info": "admin", "Credentials": "auth",
    "credentials_for": "auth", "GraphData": "base", "ONTOLOGY_GRAPH": "base",
    "Results": "base", "Store": "base", "Term": "base", "XSD": "base",
    "EmbeddedStore": "embedded", "STORE_WAIT": "embedded",
    "default_store_path": "embedded", "graphs_from_rdf": "graphs",
    "merge_graphs": "graphs", "ontology_graph_data": "graphs", "rdf_files": "graphs",
    "PARAM_TYPES": "queries", "Param": "queries", "Query": "queries",
    "builtin_queries": "queries", "param_terms": "queries", "read_query": "queries",
    "run_query": "queries", "BULK_BYTES": "remote", "Endpoints": "remote",
    "PROTOCOLS": "remote",
    "RemoteStore": "remote", "SERVERS": "remote", "FORMATS": "results",
    "format_results": "results", "GraphSpool": "spool", "ascii_sparql": "sparql",
    "bind_values": "sparql",
    "query_form": "sparql", "query_services": "sparql", "query_variables": "sparql",
    "refuse_services": "sparql",
}

if TYPE_CHECKING:
    from c87.store.admin import (
        StoreInfo,
        find_cases,
        open_store,
        remove_cases,
        store_info,
    )
    from c87.store.auth import Credentials, credentials_for
    from c87.store.base import ONTOLOGY_GRAPH, XSD, GraphData, Results, Store, Term
    from c87.store.embedded import STORE_WAIT, EmbeddedStore, default_store_path
    from c87.store.graphs import graphs_from_rdf, merge_graphs, ontology_graph_data, rdf_files
    from c87.store.queries import (
        PARAM_TYPES,
        Param,
        Query,
        builtin_queries,
        param_terms,
        read_query,
        run_query,
    )
    from c87.store.remote import BULK_BYTES, PROTOCOLS, SERVERS, Endpoints, RemoteStore
    from c87.store.results import FORMATS, format_results
    from c87.store.sparql import (
        ascii_sparql,
        bind_values,
        query_form,
        query_services,
        query_variables,
        refuse_services,
    )
    from c87.store.spool import GraphSpool


__getattr__ = lazy_exports(__name__, _WHERE)


__all__ = [
    "BULK_BYTES", "FORMATS", "ONTOLOGY_GRAPH", "PARAM_TYPES", "PROTOCOLS", "SERVERS",
    "STORE_WAIT", "XSD",
    "Credentials", "EmbeddedStore", "Endpoints", "GraphData", "GraphSpool", "Param", "Query",
    "RemoteStore", "Results", "Store", "StoreInfo", "Term", "ascii_sparql", "bind_values",
    "builtin_queries", "credentials_for", "default_store_path", "find_cases",
    "format_results", "graphs_from_rdf", "merge_graphs", "ontology_graph_data", "open_store",
    "param_terms", "query_form", "query_services", "query_variables", "rdf_files",
    "read_query", "refuse_services", "remove_cases", "run_query", "store_info",
]
