"""A SPARQL 1.1 server as a store (:class:`RemoteStore`), through the standard protocols:
the Graph Store HTTP Protocol, or SPARQL 1.1 Update for a server without it, and the
SPARQL 1.1 Protocol for queries, and Oxigraph server's bulk path (batches of N-Quads
posted to its graph store); the addresses of a server's endpoints (:class:`Endpoints`);
requests of bounded size, with timeouts, retries and messages that say what to do.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from c87.errors import StoreError, UsageError
from c87.store.auth import Credentials, httpx_auth
from c87.store.base import GraphData, Results, Term, update_text
from c87.store.sparql import ascii_sparql, refuse_services
from c87.store.spool import GraphSpool, spool_of

if TYPE_CHECKING:
    import httpx


SERVERS = ("generic", "virtuoso", "fuseki", "oxigraph", "graphdb")
"""Servers whose update and graph-store paths :class:`Endpoints` knows."""

PROTOCOLS = ("auto", "gsp", "update", "bulk")
"""How a remote store is written: ``auto`` is ``bulk`` for Oxigraph server and otherwise
the Graph Store Protocol, falling back to SPARQL Update when the server does not take it;
``gsp`` one ``PUT`` per graph; ``update`` one SPARQL Update per graph; ``bulk`` batches
of graphs, each dropped with one SPARQL Update and then posted as N-Quads to the graph
store (which Oxigraph server takes as a dataset)."""

BULK_BYTES = 16 * 2**20
"""The largest batch of N-Quads ``bulk`` posts (a graph larger on its own goes alone)."""


def _from_json(binding: Mapping[str, Any]) -> Term:
    kind = binding.get("type")
    value = str(binding.get("value", ""))
    if kind == "uri":
        return Term("uri", value)
    if kind == "bnode":
        return Term("bnode", value)
    # "typed-literal" is what Virtuoso (after an old draft of the format) calls a literal
    return Term.literal(value, binding.get("datatype"), binding.get("xml:lang"))


@dataclass(frozen=True)
class Endpoints:
    """The addresses of a SPARQL server: query, update and (if it has one) graph store."""

    query: str
    update: str
    graph_store: str | None

    @classmethod
    def of(cls, endpoint: str, server: str = "generic", *, update: str | None = None,
           graph_store: str | None = None) -> Endpoints:
        """The endpoints of ``server`` whose query endpoint is ``endpoint``.

        ``update`` and ``graph_store`` override what ``server`` implies:

        * ``virtuoso``: query ``.../sparql`` or ``.../sparql-auth``; update the same;
          graph store ``.../sparql-graph-crud`` or ``.../sparql-graph-crud-auth``
        * ``fuseki``: query ``.../DATASET/sparql`` (or ``/query``, or the dataset);
          update ``.../DATASET/update``; graph store ``.../DATASET/data``
        * ``oxigraph``: query ``.../query``; update ``.../update``; graph store
          ``.../store``
        * ``graphdb``: query ``.../repositories/ID``; update ``.../statements`` below it;
          graph store ``.../rdf-graphs/service`` below it
        * ``generic``: update the query endpoint; no graph store (SPARQL Update)
        """
        for url in (endpoint, update, graph_store):
            if url is not None:
                _check_url(url)
        parts = urlsplit(endpoint)
        path = parts.path.rstrip("/")
        head, _, last = path.rpartition("/")

        def at(new_path: str) -> str:
            return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

        implied_update, implied_store = endpoint, None
        if server == "virtuoso":
            suffix = "-auth" if last.endswith("-auth") else ""
            implied_store = at(f"{head}/sparql-graph-crud{suffix}")
        elif server == "fuseki":
            dataset = head if last in ("sparql", "query") else path
            implied_update, implied_store = at(f"{dataset}/update"), at(f"{dataset}/data")
        elif server == "oxigraph":
            root = head if last in ("query", "sparql") else path
            implied_update, implied_store = at(f"{root}/update"), at(f"{root}/store")
        elif server == "graphdb":
            implied_update = at(f"{path}/statements")
            implied_store = at(f"{path}/rdf-graphs/service")
        elif server != "generic":
            raise UsageError(f"unknown server {server!r}: choose one of {', '.join(SERVERS)}")
        return cls(endpoint, update or implied_update, graph_store or implied_store)


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError("a SPARQL endpoint is an http:// or https:// address: "
                         f"{_display(url)!r} is not")
    if parts.username is not None or parts.password is not None:
        raise UsageError("give credentials in C87_SPARQL_USER and C87_SPARQL_PASSWORD or in "
                         "a netrc file, never in the address")


def _display(url: str) -> str:
    """``url`` for messages: no user, password, query string or fragment."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


_RETRY_STATUSES = frozenset(range(500, 600)) - {501, 505}
_PERMANENT = re.compile(r"\bVirtuoso (?!40001|08)[0-9A-Z]{5} Error\b")
"""A 500 answer that trying again cannot mend: Virtuoso reports a query it cannot compile
or run (SQL state other than a deadlock or a lost connection) with status 500."""


class RemoteStore:
    """A SPARQL 1.1 server, through the standard protocols (and Oxigraph server's bulk
    path: ``server`` is one of :data:`SERVERS`).

    ``protocol`` is one of :data:`PROTOCOLS`. Requests time out after ``timeout`` seconds
    and are tried ``retries`` more times, with backoff (0.5 s, 1 s, 2 s ...), on a
    connection error, a timeout or a 5xx answer (except 501 and 505). ``transport`` is
    httpx's (tests give a mock one). A query that calls another endpoint (``SERVICE``),
    which the server would then fetch, is refused unless ``allow_service``.
    """

    def __init__(self, endpoints: Endpoints, *, server: str = "generic", protocol: str = "auto",
                 timeout: float = 60.0, retries: int = 3, credentials: Credentials | None = None,
                 notify: Callable[[str], None] | None = None,
                 transport: httpx.BaseTransport | None = None,
                 allow_service: bool = False) -> None:
        import httpx

        if protocol not in PROTOCOLS:
            raise UsageError(f"unknown protocol {protocol!r}: choose one of "
                             f"{', '.join(PROTOCOLS)}")
        if protocol in ("gsp", "bulk") and endpoints.graph_store is None:
            raise UsageError(f"--protocol {protocol} needs a graph store: give --graph-store "
                             "URL, or --server for a server whose path c87 knows")
        if protocol == "bulk" and server == "virtuoso":
            # its graph store answers 200 to a dataset it does not load
            raise UsageError("Virtuoso's graph store takes one graph a request, not batches of "
                             "N-Quads: leave --protocol auto (or gsp); for a large load, use "
                             "its bulk loader (docs/stores.md)")
        self.endpoints = endpoints
        self.server = server
        self.protocol = protocol
        self.timeout = timeout
        self.retries = retries
        self.credentials = credentials
        self.notify = notify
        self.allow_service = allow_service
        self.label = f"the SPARQL server {_display(endpoints.query)}"
        self._client = httpx.Client(
            auth=httpx_auth(credentials) if credentials else None,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": "c87"}, follow_redirects=True, transport=transport)

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    # -- HTTP ---------------------------------------------------------------------------

    def _request(self, method: str, url: str, *, write: bool, option: str,
                 ok: Sequence[int] = (), **kwargs: Any) -> httpx.Response:
        """Send a request, retrying as the class says; an answer that is not 2xx or in
        ``ok`` is a :class:`StoreError` with a message that says what to do."""
        import httpx

        where = _display(url)
        attempt = 0
        while True:
            problem = None
            try:
                response = self._client.request(method, url, **kwargs)
            except httpx.ConnectTimeout:
                waited = min(self.timeout, 10.0)
                problem = f"cannot reach {where} (no connection within {waited:g} s)"
            except httpx.TimeoutException:
                # the server has the request and may still be working on it: not sent again
                raise StoreError(f"no answer from {where} within {self.timeout:g} s: raise "
                                 "--timeout, or check the server") from None
            except httpx.TransportError as exc:
                text = str(exc)
                if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify" in text.lower():
                    raise StoreError(f"the TLS certificate of {where} cannot be verified "
                                     "(SSL_CERT_FILE names the certificates to trust)") from None
                problem = f"cannot reach {where} ({_reason(exc)})"
            else:
                if (response.status_code not in _RETRY_STATUSES or attempt >= self.retries
                        or _PERMANENT.search(response.text[:2000])):
                    break
                problem = f"{where} answered {response.status_code}"
            if attempt >= self.retries:
                tries = f" after {attempt + 1} tries" if attempt else ""
                raise StoreError(f"{problem}{tries}: is the server running, and is the "
                                 "address right?")
            delay = 0.5 * 2 ** attempt
            if self.notify is not None:
                self.notify(f"{problem}; trying again in {delay:g} s")
            time.sleep(delay)
            attempt += 1
        status = response.status_code
        if 200 <= status < 300 or status in ok:
            return response
        raise StoreError(self._refusal(response, where, write=write, option=option))

    def _refusal(self, response: httpx.Response, where: str, *, write: bool,
                 option: str) -> str:
        status = response.status_code
        if status == 401:
            if self.credentials is None:
                return (f"{where} asks for credentials (401 Unauthorized): set "
                        "C87_SPARQL_USER and C87_SPARQL_PASSWORD, or add the host to a netrc "
                        "file")
            return (f"{where} refused the credentials from {self.credentials.source} "
                    "(401 Unauthorized): check the user name and password")
        if status == 403:
            need = "write to the store" if write else "query the store"
            return (f"{where} forbids this (403 Forbidden): the account may not {need}"
                    + (" (Virtuoso: GRANT SPARQL_UPDATE TO the user)" if write else ""))
        if status == 404:
            return (f"{where} does not exist (404 Not Found): check {option} (--server "
                    f"knows the paths of {', '.join(SERVERS[1:])})")
        detail = " ".join(response.text.split())[:300]
        return (f"{where} answered {status} {response.reason_phrase}"
                + (f": {detail}" if detail else ""))

    # -- the protocols ------------------------------------------------------------------

    def select(self, query: str) -> Results:
        """Run a query through the SPARQL 1.1 Protocol (POST), results as SPARQL JSON; one
        that calls another endpoint (``SERVICE``) is refused unless ``allow_service``."""
        if not self.allow_service:
            refuse_services(query)
        response = self._request(
            "POST", self.endpoints.query, write=False, option="--endpoint",
            data={"query": ascii_sparql(query)},
            headers={"Accept": "application/sparql-results+json"})
        try:
            answer = response.json()
        except ValueError:
            kind = response.headers.get("Content-Type", "nothing")
            raise StoreError(f"{_display(self.endpoints.query)} did not answer with SPARQL "
                             f"JSON results but {kind}: is it a SPARQL query endpoint?") from None
        if "boolean" in answer:
            return Results([], [], bool(answer["boolean"]))
        try:
            names = list(answer["head"]["vars"])
            rows = [{name: _from_json(value) for name, value in binding.items()
                     if name in names} for binding in answer["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError):
            raise StoreError(f"{_display(self.endpoints.query)} answered JSON that is not "
                             "SPARQL results") from None
        return Results(names, rows)

    def _update(self, text: str) -> None:
        option = "--update-endpoint" if self.endpoints.update != self.endpoints.query else (
            "--endpoint (or --update-endpoint)")
        self._request("POST", self.endpoints.update, write=True, option=option,
                      data={"update": ascii_sparql(text)})

    def _use_gsp(self) -> bool:
        return self.protocol != "update" and self.endpoints.graph_store is not None

    def _gsp(self, method: str, graph: str, **kwargs: Any) -> bool:
        """One Graph Store Protocol request; False when the server does not speak it
        (404, 405 or 501 under ``--protocol auto``), so the caller falls back."""
        store = self.endpoints.graph_store
        assert store is not None
        fallback = (404, 405, 501) if self.protocol == "auto" else ()
        response = self._request(method, store, write=True, option="--graph-store",
                                 ok=fallback, params={"graph": graph}, **kwargs)
        if response.status_code in fallback:
            self._fall_back(response)
            return False
        return True

    def _fall_back(self, response: httpx.Response) -> None:
        """Write through SPARQL Update from now on, and say why."""
        self.protocol = "update"
        if self.notify is not None:
            self.notify(f"{_display(str(response.request.url))} does not take Graph Store "
                        f"Protocol requests ({response.status_code} {response.reason_phrase});"
                        f" using SPARQL Update through {_display(self.endpoints.update)}")

    def replace(self, graphs: GraphSpool | Sequence[GraphData],
                done: Callable[[GraphData], None] | None = None) -> None:
        """Replace each graph of ``graphs`` (a spool, or a list of them), in requests of
        bounded size: a GSP ``PUT`` or one SPARQL Update per graph, or, with ``bulk``,
        batches of graphs (:data:`BULK_BYTES` of N-Quads at most).

        A request the server refuses leaves its graphs as they were (with ``bulk``, a
        batch whose graphs were dropped but not posted is without them); the graphs
        before it are loaded, those after it are not tried, and the :class:`StoreError`
        says which.
        """
        spool = spool_of(graphs)
        loaded: list[GraphData] = []
        try:
            if self._use_bulk() and self._replace_in_batches(spool, loaded, done):
                return
            names = {graph.name for graph in loaded}
            for graph in spool.read():
                if graph.name in names:
                    continue
                self._put(graph, loaded)
                loaded.append(graph)
                if done is not None:
                    done(graph)
        finally:
            if spool is not graphs:
                spool.close()

    def _replace_in_batches(self, spool: GraphSpool, loaded: list[GraphData],
                            done: Callable[[GraphData], None] | None) -> bool:
        """Load ``spool`` in batches (``bulk``); False when the graph store turned out not
        to take them (under ``auto``), so that the caller loads the rest graph by graph."""
        for batch, data in spool.batches(size=BULK_BYTES):
            if not self._post_batch(batch, data, loaded):
                return False
            loaded.extend(batch)
            for graph in batch if done is not None else ():
                done(graph)
        return True

    def _use_bulk(self) -> bool:
        return self.protocol == "bulk" or (self.protocol == "auto" and self.server == "oxigraph"
                                           and self.endpoints.graph_store is not None)

    def _put(self, graph: GraphData, loaded: list[GraphData]) -> None:
        try:
            if not (self._use_gsp() and self._gsp(
                    "PUT", graph.name, content=graph.ntriples,
                    headers={"Content-Type": "text/turtle; charset=utf-8"})):
                self._update(update_text([graph]))
        except StoreError as exc:
            if loaded:
                exc.message += (f" (loaded before this: {_labels(loaded)}; {graph.label} and "
                                "the rest are unchanged)")
            raise

    def _post_batch(self, batch: list[GraphData], data: bytes,
                    loaded: list[GraphData]) -> bool:
        """Drop the graphs of ``batch`` in one SPARQL Update, then post their N-Quads;
        False when the graph store does not take them (404, 405, 415 or 501 under
        ``auto``): SPARQL Update is used from then on."""
        store = self.endpoints.graph_store
        assert store is not None  # RemoteStore refuses bulk without one
        before = f"loaded before this: {_labels(loaded)}; " if loaded else ""
        try:
            self._update(" ;\n".join(f"DROP SILENT GRAPH {Term('uri', g.name).sparql()}"
                                      for g in batch))
        except StoreError as exc:
            exc.message += f" ({before}{_labels(batch)} and the rest are unchanged)"
            raise
        fallback = (404, 405, 415, 501) if self.protocol == "auto" else ()
        try:
            # Oxigraph server's bulk loader: twice as fast as its transactional load of the
            # same request, and since Oxigraph 0.5.1 as atomic (its files are added to the
            # store in one step at the end)
            response = self._request("POST", store, write=True, option="--graph-store",
                                     ok=fallback, content=data, params={"no_transaction": ""},
                                     headers={"Content-Type": "application/n-quads"})
        except StoreError as exc:
            exc.message += (f" ({before}{_labels(batch)} were removed and may not be whole:"
                            " load them again; the rest are unchanged)")
            raise
        if response.status_code in fallback:
            self._fall_back(response)
            return False
        return True

    def drop(self, names: Sequence[str]) -> None:
        """Remove each named graph: a GSP ``DELETE``, or SPARQL Update ``DROP GRAPH``."""
        for name in names:
            if not (self._use_gsp() and self._gsp("DELETE", name)):
                self._update(f"DROP SILENT GRAPH {Term('uri', name).sparql()}")


def _labels(graphs: Sequence[GraphData], most: int = 5) -> str:
    """The labels of ``graphs`` for a message, the first ``most`` of them."""
    shown = ", ".join(g.label for g in graphs[:most])
    return shown + (f" and {len(graphs) - most} more" if len(graphs) > most else "")


def _reason(exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename nor servname" in lowered or (
            "temporary failure in name resolution" in lowered):
        return "unknown host"
    if "unreachable" in lowered:
        return "network unreachable"
    return text.split("] ", 1)[-1] or type(exc).__name__
