"""Triple stores: load the graphs c87 writes into a store, and query the record.

Two kinds of store behind one small interface (:class:`Store`):

* :class:`EmbeddedStore` -- an Oxigraph store on disk (pyoxigraph), the default: nothing
  to start. Every load is one transaction: all its graphs replaced, or none.
* :class:`RemoteStore` -- any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Oxigraph
  server, managed services), through the standard protocols only: the Graph Store HTTP
  Protocol (one ``PUT`` per named graph, which replaces it), or, for a server without
  it, one SPARQL 1.1 Update request per graph (``DROP SILENT GRAPH`` then ``INSERT
  DATA``); queries through the SPARQL 1.1 Protocol, results as SPARQL JSON. Credentials
  come from the environment or a netrc file (basic or digest authentication), never from
  an argument; TLS certificates are verified; requests time out, and are retried with
  backoff on connection errors and 5xx answers.

A letter's graph is named by its case IRI, so loading a letter again replaces it: one
copy, never two. :class:`GraphData` is one graph ready to load, made from facts
(:func:`c87.pipeline.load.graph_from_facts`), from RDF c87 wrote (:func:`graphs_from_rdf`)
or from the ontology (:func:`ontology_graph_data`).

Queries are SPARQL 1.1 ``SELECT`` or ``ASK`` queries: the built-in ones in ``queries/``
(:func:`builtin_queries`) or a user's file (:func:`read_query`). Parameters are bound,
never pasted: each value becomes an RDF term (checked and escaped by pyoxigraph's own
serialiser) in a ``VALUES`` block at the top of the query's ``WHERE`` clause
(:func:`bind_values`), the same way for both kinds of store, so a value like
``"} ; DROP ALL ; #`` is one string that matches nothing. (pyoxigraph's own
substitutions would do for the embedded store, but they require every substituted
variable to be projected by the query, which would put every filter into every result.)
:func:`format_results` writes the rows as a table, or as SPARQL 1.1 CSV, TSV or JSON.
"""

from __future__ import annotations

import csv
import errno
import functools
import io
import json
import os
import re
import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol
from urllib.parse import urlsplit, urlunsplit

from c87.errors import ContentError, InputError, StoreError, UsageError
from c87.ontology.iris import NS, PREFIXES

if TYPE_CHECKING:
    import httpx

__all__ = [
    "FORMATS", "ONTOLOGY_GRAPH", "PROTOCOLS", "SERVERS", "Credentials", "EmbeddedStore",
    "Endpoints", "GraphData", "Param", "Query", "RemoteStore", "Results", "Store",
    "StoreInfo", "Term", "bind_values", "builtin_queries", "credentials_for",
    "default_store_path", "find_cases", "format_results",
    "graphs_from_rdf", "merge_graphs", "ontology_graph_data", "open_store", "param_terms",
    "query_services", "rdf_files", "read_query", "refuse_services", "remove_cases",
    "run_query", "store_info",
]

ONTOLOGY_GRAPH = "https://w3id.org/c87/ontology"
"""The named graph ``--with-ontology`` loads the ontology and its concept schemes into."""

SERVERS = ("generic", "virtuoso", "fuseki", "oxigraph", "graphdb")
"""Servers whose update and graph-store paths :class:`Endpoints` knows."""

PROTOCOLS = ("auto", "gsp", "update")
"""How a remote store is written: the Graph Store Protocol (falling back to SPARQL
Update when the server does not take it), only the former, or only the latter."""

FORMATS = ("table", "csv", "tsv", "json")
"""Output formats of :func:`format_results`."""

STORE_WAIT = 30.0
"""Seconds to wait for an embedded store that another process holds (``C87_STORE_WAIT``)."""

XSD = NS["xsd"]
_XSD_STRING = XSD + "string"
_RDF_LANGSTRING = NS["rdf"] + "langString"


def default_store_path() -> Path:
    """Where the embedded store lives unless ``--store`` says otherwise.

    ``$C87_STORE`` if set, else ``$XDG_DATA_HOME/c87/store`` (by default
    ``~/.local/share/c87/store``).
    """
    explicit = os.environ.get("C87_STORE")
    if explicit:
        return Path(explicit).expanduser()
    data = os.environ.get("XDG_DATA_HOME")
    base = Path(data) if data and Path(data).is_absolute() else Path.home() / ".local" / "share"
    return base / "c87" / "store"


# -- RDF terms and query results ---------------------------------------------------------

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


def _from_oxigraph(node: Any) -> Term:
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        return Term.literal(node.value, node.datatype.value, node.language)
    return Term("literal", str(node))  # an RDF-star triple: shown in N-Triples syntax


def _from_json(binding: Mapping[str, Any]) -> Term:
    kind = binding.get("type")
    value = str(binding.get("value", ""))
    if kind == "uri":
        return Term("uri", value)
    if kind == "bnode":
        return Term("bnode", value)
    # "typed-literal" is what Virtuoso (after an old draft of the format) calls a literal
    return Term.literal(value, binding.get("datatype"), binding.get("xml:lang"))


# -- graphs to load ------------------------------------------------------------------------

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


def _case_of(name: str) -> str | None:
    match = re.search(r"/case/([^/]+)$", name)
    return match.group(1) if match else None


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

    from c87.input.rdf import parse_rdf

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
                                _case_of(str(graph))))
    return graphs


def ontology_graph_data() -> GraphData:
    """The ontology, its concept schemes and alignments, as the graph :data:`ONTOLOGY_GRAPH`."""
    from c87.ontology import ontology_graph

    graph = ontology_graph()
    return GraphData(ONTOLOGY_GRAPH, graph.serialize(format="nt", encoding="utf-8"),
                     len(graph), "c87 ontology")


def rdf_files(directory: str | os.PathLike[str]) -> list[Path]:
    """The RDF files c87 reads in ``directory`` and its sub-folders, sorted (hidden skipped)."""
    from c87.ontology.iris import RDF_SUFFIXES

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


# -- queries ---------------------------------------------------------------------------------

PARAM_TYPES = ("string", "date", "integer", "iri")
"""Types a query may declare for a parameter (``# @param NAME TYPE description``)."""


@dataclass(frozen=True)
class Param:
    """A parameter a query declares: its variable's name, type and meaning."""

    name: str
    type: str = "string"
    description: str = ""


@dataclass(frozen=True)
class Query:
    """A SPARQL query with what its leading comment declares.

    The comment's first line is its summary; ``# @param NAME TYPE description`` lines
    declare parameters, ``# @list VAR...`` result columns that hold ``"; "``-separated
    lists (their items are sorted, so that every store gives the same cell).
    """

    name: str
    text: str
    summary: str = ""
    description: str = ""
    params: Mapping[str, Param] = field(default_factory=dict)
    lists: tuple[str, ...] = ()

    @classmethod
    def parse(cls, name: str, text: str) -> Query:
        """Read the declarations of the comment lines that open ``text``."""
        summary, lines, params, lists = "", [], {}, []
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("#"):
                break
            body = stripped[1:].strip()
            if body.startswith("@param"):
                parts = body.split(None, 3)
                if len(parts) < 3 or parts[2] not in PARAM_TYPES:
                    raise UsageError(f"a parameter is declared as '# @param NAME TYPE "
                                     f"description' with TYPE one of {', '.join(PARAM_TYPES)}:"
                                     f" {stripped!r}", path=name)
                params[parts[1]] = Param(parts[1], parts[2], parts[3] if len(parts) > 3 else "")
            elif body.startswith("@list"):
                lists.extend(body.split()[1:])
            elif not summary:
                summary = body
            else:
                lines.append(body)
        description = "\n".join(lines).strip()
        return cls(name, text, summary, description, params, tuple(lists))


def builtin_queries() -> dict[str, Query]:
    """The built-in queries by name (``timeline``, ``by-principle`` ...), from ``queries/``."""
    folder = resources.files("c87.output") / "queries"
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = Query.parse(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def read_query(spec: str) -> Query:
    """A built-in query by name, or the query in the file ``spec`` (``.rq``)."""
    builtins = builtin_queries()
    if spec in builtins:
        return builtins[spec]
    path = Path(spec)
    if path.suffix.lower() != ".rq" and not path.exists():
        raise UsageError(f"no built-in query {spec!r}: choose one of {', '.join(builtins)}, "
                         "or give a file ending in .rq")
    from c87.input.files import read_bytes

    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", path=spec) from None
    return Query.parse(spec, text)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")


def param_terms(query: Query, pairs: Iterable[str]) -> dict[str, list[Term]]:
    """The RDF terms of ``NAME=VALUE`` parameters, typed as the query declares them.

    A declared ``date`` is an ISO date at day, month or year precision (``xsd:date``,
    ``xsd:gYearMonth``, ``xsd:gYear``), an ``integer`` an ``xsd:integer``, an ``iri`` an
    IRI (with or without ``<>``), a ``string`` a plain string. An undeclared parameter is
    a string, or an IRI when written ``<...>``. A name given twice binds any of its values.
    Raises :class:`UsageError` for a malformed pair or value, or a name the query does not
    use as a variable.
    """
    known = query_variables(query.text)
    terms: dict[str, list[Term]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _NAME.match(name):
            raise UsageError(f"--param takes NAME=VALUE, not {pair!r}")
        if name not in known:
            declared = ", ".join(query.params) or "none declared"
            raise UsageError(f"--param {name}: the query {query.name!r} has no variable "
                             f"?{name} (its parameters: {declared})")
        declared_type = query.params[name].type if name in query.params else None
        term = _term_of(name, value, declared_type)
        try:
            term.sparql()
        except ValueError as exc:
            raise UsageError(f"--param {name}: {value!r} is not a valid {declared_type or 'term'}"
                             f": {exc}") from None
        terms.setdefault(name, []).append(term)
    return terms


def _term_of(name: str, value: str, kind: str | None) -> Term:
    if kind == "date":
        match = _DATE.match(value.strip())
        try:
            if not match:
                raise ValueError("not YYYY-MM-DD, YYYY-MM or YYYY")
            year, month, day = match.groups()
            date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise UsageError(f"--param {name}: {value!r} is not a date "
                             f"(YYYY-MM-DD, YYYY-MM or YYYY): {exc}") from None
        text = value.strip()
        return Term.literal(text, _DATE_TYPES[len(text)])
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise UsageError(f"--param {name}: {value!r} is not an integer")
        return Term.literal(str(int(value)), XSD + "integer")
    if kind == "iri" or (kind is None and value.startswith("<") and value.endswith(">")):
        return Term("uri", value[1:-1] if value.startswith("<") and value.endswith(">")
                    else value)
    return Term.literal(value)


# One token of SPARQL text: what the scanner must not look into (comments, strings, IRIs),
# variables, words, and the brackets that give the structure.
_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\''(?:[^'\\]|\\.|'(?!''))*'\'\''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_.-]*:?)
  | (?P<open>\{) | (?P<close>\}) | (?P<lparen>\() | (?P<rparen>\))
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)

_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD", "CLEAR",
          "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def _tokens(text: str) -> Iterable[re.Match[str]]:
    return _TOKEN.finditer(text)


def query_variables(text: str) -> set[str]:
    """The names of the variables ``text`` mentions (outside comments, strings and IRIs)."""
    return {m.group("var")[1:] for m in _tokens(text) if m.lastgroup == "var"}


def query_form(text: str) -> str:
    """The form of the SPARQL request ``text``: ``SELECT``, ``ASK``, ``DROP`` ... or ``""``."""
    for m in _tokens(text):
        if m.lastgroup == "word":
            word = m.group()
            if word.endswith(":"):
                continue
            if word.upper() in ("PREFIX", "BASE"):
                continue
            return word.upper() if word.upper() in _FORMS else ""
    return ""


def ascii_sparql(text: str) -> str:
    """``text`` with every character beyond ASCII in its strings and IRIs written as a
    ``\\u`` or ``\\U`` escape: the same query or update, in any server's reading (Virtuoso
    takes a form-encoded request as Latin-1 and turns the rest into ``?``)."""
    if text.isascii():
        return text

    def escape(token: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\u{ord(c):04X}" if ord(c) < 0x10000
                       else f"\\U{ord(c):08X}" for c in token)

    return "".join(escape(m.group()) if m.lastgroup in ("string", "iri") else m.group()
                   for m in _tokens(text))


def bind_values(text: str, terms: Mapping[str, Sequence[Term]]) -> str:
    """``text`` with a ``VALUES`` block per parameter at the top of its ``WHERE`` clause.

    Each value is an RDF term in SPARQL syntax made by pyoxigraph's serialiser (quotes,
    backslashes and line breaks escaped), never raw text: a value can only ever be one
    term. A parameter thus binds its variable in the query's top group, as if the query
    had been written with it: a filter there sees it, and a variable the group computes
    must equal it (a subquery sees it only through the variables it projects). Only
    ``SELECT`` and ``ASK`` queries are taken.
    """
    form = query_form(text)
    if form not in ("SELECT", "ASK"):
        raise UsageError("c87 query runs SELECT and ASK queries"
                         + (f", not {form}" if form else "; this is not a SPARQL query"))
    if not terms:
        return text
    block = "".join(f"\n  VALUES ?{name} {{ {' '.join(t.sparql() for t in values)} }}"
                    for name, values in terms.items())
    depth = 0
    seen_form = False
    for m in _tokens(text):
        kind = m.lastgroup
        if kind == "word" and m.group().upper() == form:
            seen_form = True
        elif kind == "lparen":
            depth += 1
        elif kind == "rparen":
            depth -= 1
        elif kind == "open" and seen_form and depth == 0:
            return text[:m.end()] + block + text[m.end():]
    raise UsageError("the query has no WHERE clause to bind parameters in")


def query_services(text: str) -> tuple[str, ...]:
    """The ``SERVICE`` clauses of the SPARQL query ``text``, as written (``SERVICE
    <http://...>``), found by parsing it: one in a comment, a string or an IRI, or a
    prefixed name such as ``ex:service``, is none; ``service`` in any case is one.

    Only a query whose text holds the word ``SERVICE`` (or a ``\\u`` escape, which some
    servers read before the grammar) is parsed, with rdflib's SPARQL parser; one that it
    cannot parse counts as calling a service, since nothing then tells it does not.
    """
    words = {m.group().upper() for m in _tokens(text) if m.lastgroup == "word"}
    if "SERVICE" not in words and "\\u" not in text.lower():
        return ()
    return _parsed_services(text)


@functools.lru_cache(maxsize=64)
def _parsed_services(text: str) -> tuple[str, ...]:
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except Exception:  # pyparsing's errors, and whatever else a broken query makes
        return ("SERVICE (the query does not parse, so c87 cannot tell where to)",)
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                written = str(node.get("service_string", "SERVICE"))
                found.append(" ".join(written.split("{", 1)[0].split()))
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple) or hasattr(node, "asList"):
            for value in node:
                walk(value)

    walk(tree)
    return tuple(dict.fromkeys(found))


def refuse_services(text: str) -> None:
    """Raise :class:`UsageError` if the query ``text`` calls another endpoint (``SERVICE``).

    A ``SERVICE`` clause makes the store send a request, with values from the record, to
    whatever address the query names: a query file is not to do that unless its user says
    so (``--allow-service``).
    """
    services = query_services(text)
    if services:
        raise UsageError(f"the query calls another SPARQL endpoint ({'; '.join(services)}); "
                         "c87 refuses SERVICE by default, since it sends data from the store "
                         "to that address: give --allow-service to run it anyway")


# -- stores ----------------------------------------------------------------------------------

class Store(Protocol):
    """What c87 asks of a triple store."""

    label: str
    """The store in messages: where it is, without credentials."""

    def select(self, query: str) -> Results:
        """Run a SPARQL ``SELECT`` or ``ASK`` query (its parameters already bound)."""
        ...

    def replace(self, graphs: Sequence[GraphData],
                done: Callable[[GraphData], None] | None = None) -> None:
        """Replace each graph's content with its triples (creating it if needed)."""
        ...

    def drop(self, names: Sequence[str]) -> None:
        """Remove the named graphs."""
        ...

    def close(self) -> None:
        """Release the store (an embedded one's lock)."""
        ...


def _update_text(graphs: Sequence[GraphData]) -> str:
    """One SPARQL Update request that replaces each of ``graphs``."""
    parts = []
    for graph in graphs:
        name = Term("uri", graph.name).sparql()
        parts.append(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n"
                     f"{graph.ntriples.decode('utf-8')}}} }}")
    return " ;\n".join(parts)


class EmbeddedStore:
    """An Oxigraph store in a folder on disk.

    ``create`` makes the folder if it is missing; otherwise a missing store is an
    :class:`InputError`. Opened to write (the default), it is held by one process at a
    time. Opened ``read_only`` it is only read, never written, not even its log: a copy on
    a read-only disk, or a folder its reader may not write, can be queried; several
    readers share it, and a writer waits for them (a shared lock on its ``LOCK`` file)
    as they wait for a writer. A store another process holds is waited for up to
    ``wait`` seconds (default ``C87_STORE_WAIT`` or :data:`STORE_WAIT`), then a
    :class:`StoreError`; so is a store that cannot be opened, with what to do. Use it as a
    context manager, or call :meth:`close`. A query that calls another endpoint
    (``SERVICE``) is refused unless ``allow_service``: the store fetches nothing.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False,
                 read_only: bool = False, allow_service: bool = False,
                 wait: float | None = None,
                 notify: Callable[[str], None] | None = None) -> None:
        self.path = Path(path).expanduser()
        self.label = f"the embedded store {self.path}"
        self.read_only = read_only
        self.allow_service = allow_service
        self._lock: int | None = None
        if self.path.exists() and not self.path.is_dir():
            raise UsageError("is not a folder: --store takes the folder of an embedded "
                             "store", path=self.path)
        # RocksDB's files: LOCK comes first, so a store another process is creating counts
        try:
            is_store = (self.path / "CURRENT").exists() or (self.path / "LOCK").exists()
        except PermissionError:
            raise StoreError(self._cannot_open(PermissionError("Permission denied")),
                             path=self.path) from None
        if not is_store:
            if not create or read_only:
                raise InputError("holds no store yet: c87 load makes one (or give "
                                 "--store DIR, or set C87_STORE)", path=self.path)
            if self.path.exists() and any(self.path.iterdir()):
                raise UsageError("is a folder that is not empty and holds no store; give "
                                 "an empty or new folder to --store", path=self.path)
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the store: {exc.strerror}: give --store a "
                                 "folder you may write to", path=self.path) from None
        if wait is None:
            try:
                wait = float(os.environ.get("C87_STORE_WAIT", STORE_WAIT))
            except ValueError:
                raise UsageError("C87_STORE_WAIT takes a number of seconds") from None
        self._db: Any = None
        self._open(wait, notify)

    def _open(self, wait: float, notify: Callable[[str], None] | None) -> None:
        import pyoxigraph as ox

        if self.read_only and any(w._db is not None and w._key == self._key
                                  for w in list(_WRITERS)):
            # Touching its LOCK file here would drop the lock this process holds on it
            # (POSIX locks go with any descriptor's close), and reading a store being
            # written is undefined: query it through the store open to write.
            raise StoreError("is open to write in this process: query it through that "
                             "store", path=self.path)
        start = time.monotonic()
        told = False
        while True:
            try:
                if not self.read_only:
                    self._db = ox.Store(str(self.path))
                    _WRITERS.add(self)
                    return
                if self._share_lock():
                    self._db = ox.Store.read_only(str(self.path))
                    return
            except OSError as exc:
                self._unlock()
                if not _busy(exc):
                    raise StoreError(self._cannot_open(exc), path=self.path) from None
            waited = time.monotonic() - start
            if waited >= wait:
                raise StoreError(f"is in use by another process (waited {wait:g} s): try "
                                 "again when it is done (C87_STORE_WAIT sets the wait)",
                                 path=self.path)
            if notify is not None and not told and waited >= 1:
                notify(f"waiting for {self.path}: another process is using it")
                told = True
            time.sleep(0.1)

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store and its lock."""
        self._db = None
        self._unlock()

    @property
    def _key(self) -> str:
        return os.path.realpath(self.path)

    def _share_lock(self) -> bool:
        """Take a shared lock on the store's ``LOCK`` file, the one a writer (RocksDB)
        takes exclusively; False while a writer holds it. Reading the file is enough, so
        this works on a read-only folder; a store without a readable ``LOCK`` is read
        without it."""
        try:
            self._lock = os.open(self.path / "LOCK", os.O_RDONLY)
        except OSError:
            return True
        try:
            _lock_shared(self._lock)
        except OSError:
            self._unlock()
            return False
        return True

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # releases the lock
            self._lock = None

    def _cannot_open(self, exc: OSError) -> str:
        """What went wrong opening the store, and what to do about it."""
        text = str(exc)
        copy = f"copy it (cp -r {self.path} NEW-FOLDER) and give --store NEW-FOLDER"
        if "Permission denied" in text and (self.read_only or not os.access(self.path, os.R_OK
                                                                            | os.X_OK)):
            return ("cannot read the store: permission denied: ask its owner for read access "
                    "to the folder and its files, or for a copy of it")
        if self.read_only:
            return f"cannot read the store: {text}"
        if "Read-only file system" in text:
            return ("cannot write the store: it is on a read-only disk or mount; c87 query "
                    f"and c87 store info read it as it is; to change it, {copy}")
        if "Permission denied" in text:
            return ("cannot write the store: permission denied; c87 query and c87 store info "
                    "can still read it; to change it, ask its owner for write access, or "
                    f"{copy}")
        return f"cannot open the store: {text}"

    def select(self, query: str) -> Results:
        """Run a ``SELECT`` or ``ASK`` query; a query that does not parse is a UsageError,
        and so is one that calls another endpoint (``SERVICE``) unless ``allow_service``
        was given: the store then fetches nothing."""
        import pyoxigraph as ox

        if not self.allow_service:
            refuse_services(query)
        try:
            answer = self._db.query(query)
            if isinstance(answer, ox.QueryBoolean):
                return Results([], [], bool(answer))
            if not isinstance(answer, ox.QuerySolutions):
                raise UsageError("c87 query runs SELECT and ASK queries")
            names = [v.value for v in answer.variables]
            rows = [{name: _from_oxigraph(solution[name]) for name in names
                     if solution[name] is not None} for solution in answer]
        except SyntaxError as exc:
            raise UsageError(f"the query is not valid SPARQL 1.1: {exc}") from None
        except OSError as exc:
            if self.allow_service and query_services(query):
                # most likely the endpoint it calls, not the store, which is fine
                raise StoreError(f"the query's SERVICE call failed: {exc}") from None
            raise StoreError(f"cannot read the store: {exc}", path=self.path) from None
        return Results(names, rows)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("is open read-only: open it to write (read_only=False) to "
                             "change it", path=self.path)

    def replace(self, graphs: Sequence[GraphData],
                done: Callable[[GraphData], None] | None = None) -> None:
        """Replace every graph of ``graphs`` in one transaction: all of them, or none."""
        self._writable()
        if not graphs:
            return
        try:
            self._db.update(_update_text(graphs))
        except SyntaxError as exc:
            raise ContentError(f"the graphs cannot be loaded: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot write the store (nothing was loaded): {exc}",
                             path=self.path) from None
        if done is not None:
            for graph in graphs:
                done(graph)

    def drop(self, names: Sequence[str]) -> None:
        """Remove the named graphs in one transaction."""
        self._writable()
        if not names:
            return
        try:
            self._db.update(" ;\n".join(f"DROP SILENT GRAPH {Term('uri', n).sparql()}"
                                        for n in names))
        except OSError as exc:
            raise StoreError(f"cannot write the store: {exc}", path=self.path) from None

    def totals(self) -> tuple[int, int]:
        """The number of named graphs, and of quads, in the store."""
        return sum(1 for _ in self._db.named_graphs()), len(self._db)


# -- remote stores ---------------------------------------------------------------------------

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


@dataclass(frozen=True)
class Credentials:
    """A user name and password for a server, and where they came from (never shown)."""

    user: str = field(repr=False)
    password: str = field(repr=False)
    source: str
    scheme: str | None = None

    def __str__(self) -> str:
        return f"credentials from {self.source}"


def credentials_for(url: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for ``url``: from the environment, else a netrc file, else None.

    ``C87_SPARQL_USER`` and ``C87_SPARQL_PASSWORD`` come first; otherwise the netrc file
    (``$NETRC`` or ``~/.netrc``) entry for the URL's host (or its ``default``).
    ``C87_SPARQL_AUTH`` (``basic`` or ``digest``) forces a scheme; by default the one the
    server asks for is used.
    """
    env = os.environ if environ is None else environ
    scheme = env.get("C87_SPARQL_AUTH", "").strip().lower() or None
    if scheme not in (None, "basic", "digest"):
        raise UsageError("C87_SPARQL_AUTH is basic or digest (or unset: whichever the "
                         "server asks for)")
    user, password = env.get("C87_SPARQL_USER"), env.get("C87_SPARQL_PASSWORD")
    if user or password:
        if not user or password is None:
            raise UsageError("set both C87_SPARQL_USER and C87_SPARQL_PASSWORD (or neither, "
                             "to use a netrc file)")
        return Credentials(user, password, "the environment (C87_SPARQL_USER)", scheme)
    import netrc

    path = Path(env.get("NETRC") or Path.home() / ".netrc").expanduser()
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urlsplit(url).hostname or "")
    except netrc.NetrcParseError as exc:
        # the parser's message may quote a token of the file, so it is not repeated
        raise UsageError("is not a netrc file c87 can read (is it readable by you alone, "
                         "and well formed?)", path=path, line=exc.lineno) from None
    except OSError as exc:
        raise UsageError(f"cannot read the netrc file: {exc.strerror}", path=path) from None
    if not entry or not entry[0]:
        return None
    return Credentials(entry[0], entry[2] or "", f"the netrc file {path}", scheme)


def _auth(credentials: Credentials) -> httpx.Auth:
    import httpx

    class ChallengeAuth(httpx.Auth):
        """Basic or digest authentication, whichever the server's challenge asks for."""

        requires_request_body = True

        def __init__(self) -> None:
            self.scheme = credentials.scheme
            self.basic = httpx.BasicAuth(credentials.user, credentials.password)
            self.digest = httpx.DigestAuth(credentials.user, credentials.password)

        def auth_flow(self, request: httpx.Request) -> Any:
            if self.scheme is None:
                response = yield request
                challenge = response.headers.get("WWW-Authenticate", "")
                scheme = challenge.split(None, 1)[0].lower() if challenge else ""
                if response.status_code != 401 or scheme not in ("basic", "digest"):
                    return
                self.scheme = scheme
            yield from (self.basic if self.scheme == "basic" else self.digest).auth_flow(request)

    return ChallengeAuth()


_RETRY_STATUSES = frozenset(range(500, 600)) - {501, 505}
_PERMANENT = re.compile(r"\bVirtuoso (?!40001|08)[0-9A-Z]{5} Error\b")
"""A 500 answer that trying again cannot mend: Virtuoso reports a query it cannot compile
or run (SQL state other than a deadlock or a lost connection) with status 500."""


class RemoteStore:
    """A SPARQL 1.1 server, through the standard protocols only.

    ``protocol`` is one of :data:`PROTOCOLS`. Requests time out after ``timeout`` seconds
    and are tried ``retries`` more times, with backoff (0.5 s, 1 s, 2 s ...), on a
    connection error, a timeout or a 5xx answer (except 501 and 505). ``transport`` is
    httpx's (tests give a mock one). A query that calls another endpoint (``SERVICE``),
    which the server would then fetch, is refused unless ``allow_service``.
    """

    def __init__(self, endpoints: Endpoints, *, protocol: str = "auto", timeout: float = 60.0,
                 retries: int = 3, credentials: Credentials | None = None,
                 notify: Callable[[str], None] | None = None,
                 transport: httpx.BaseTransport | None = None,
                 allow_service: bool = False) -> None:
        import httpx

        if protocol not in PROTOCOLS:
            raise UsageError(f"unknown protocol {protocol!r}: choose one of "
                             f"{', '.join(PROTOCOLS)}")
        if protocol == "gsp" and endpoints.graph_store is None:
            raise UsageError("--protocol gsp needs a graph store: give --graph-store URL, or "
                             "--server for a server whose path c87 knows")
        self.endpoints = endpoints
        self.protocol = protocol
        self.timeout = timeout
        self.retries = retries
        self.credentials = credentials
        self.notify = notify
        self.allow_service = allow_service
        self.label = f"the SPARQL server {_display(endpoints.query)}"
        self._client = httpx.Client(
            auth=_auth(credentials) if credentials else None,
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
            self.protocol = "update"
            if self.notify is not None:
                self.notify(f"{_display(store)} does not take Graph Store Protocol requests "
                            f"({response.status_code} {response.reason_phrase}); using SPARQL "
                            f"Update through {_display(self.endpoints.update)}")
            return False
        return True

    def replace(self, graphs: Sequence[GraphData],
                done: Callable[[GraphData], None] | None = None) -> None:
        """Replace each graph with one request: a GSP ``PUT``, or one SPARQL Update.

        A graph the server refuses leaves that graph as it was; the graphs before it are
        loaded, those after it are not tried, and the :class:`StoreError` says which.
        """
        loaded: list[GraphData] = []
        for graph in graphs:
            try:
                if not (self._use_gsp() and self._gsp(
                        "PUT", graph.name, content=graph.ntriples,
                        headers={"Content-Type": "text/turtle; charset=utf-8"})):
                    self._update(_update_text([graph]))
            except StoreError as exc:
                if loaded:
                    exc.message += (f" (loaded before this: {', '.join(g.label for g in loaded)};"
                                    f" {graph.label} and the rest are unchanged)")
                raise
            loaded.append(graph)
            if done is not None:
                done(graph)

    def drop(self, names: Sequence[str]) -> None:
        """Remove each named graph: a GSP ``DELETE``, or SPARQL Update ``DROP GRAPH``."""
        for name in names:
            if not (self._use_gsp() and self._gsp("DELETE", name)):
                self._update(f"DROP SILENT GRAPH {Term('uri', name).sparql()}")


_WRITERS: weakref.WeakSet[EmbeddedStore] = weakref.WeakSet()
"""The embedded stores this process has opened to write (closed ones have no ``_db``)."""


def _lock_shared(fd: int) -> None:
    """A shared lock on the whole file ``fd``, or OSError when someone holds it to write.

    An open file description lock where Linux has them: closing it releases only it (a
    POSIX lock is released by closing any descriptor of the file in the process, which
    would also drop the lock of a store this process holds open to write), and it still
    conflicts with RocksDB's POSIX lock, even in this process.
    """
    import fcntl
    import struct

    ofd = getattr(fcntl, "F_OFD_SETLK", None)
    if ofd is not None:
        # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for OFD locks), padding
        request = struct.pack("@hhqqi4x", fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0)
        try:
            fcntl.fcntl(fd, ofd, request)
            return
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # EINVAL: not supported here; a POSIX lock then
                raise
    fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)


def _busy(exc: OSError) -> bool:
    """Whether RocksDB could not open a store because another holder has its lock."""
    text = str(exc)
    return "lock" in text.lower() and ("temporarily unavailable" in text
                                       or "hold by" in text or "held by" in text)


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
    return RemoteStore(endpoints, protocol=protocol, timeout=timeout, retries=retries,
                       credentials=credentials_for(endpoint), notify=notify,
                       allow_service=allow_service)


# -- what the commands do -------------------------------------------------------------------

def run_query(store: Store, query: Query, params: Iterable[str] = ()) -> Results:
    """Run ``query`` on ``store`` with ``NAME=VALUE`` parameters bound (see
    :func:`bind_values`); the cells of the query's ``@list`` columns are sorted."""
    text = bind_values(query.text, param_terms(query, params))
    try:
        results = store.select(text)
    except UsageError as exc:
        if exc.path is None:
            exc.path = query.name
        raise
    for row in results.rows:
        for name in query.lists:
            term = row.get(name)
            if term is not None and term.kind == "literal" and term.value:
                items = sorted({item for item in term.value.split("; ") if item})
                row[name] = term._replace(value="; ".join(items))
    return results


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
        rows.append({"case": _case_of(name) or name, "graph": name, "triples": triples,
                     "date": row["date"].value if "date" in row else "",
                     "reference": row["reference"].value if "reference" in row else ""})
    counted = int(ontology.rows[0]["n"].value) if ontology.rows and "n" in ontology.rows[0] else 0
    info = StoreInfo(store.label, rows, counted)
    if isinstance(store, EmbeddedStore):
        info.graphs, info.triples = store.totals()
    return info


# -- output ------------------------------------------------------------------------------------

def format_results(results: Results, fmt: str = "table", *, width: int = 60) -> str:
    """``results`` as a readable table, or in the SPARQL 1.1 CSV, TSV or JSON results format.

    The table shows literals by their text, IRIs in the prefixes of the output (``et:``,
    ``principle:`` ...), unbound cells empty, cells cut at ``width`` characters with
    ``…``, and the number of rows at the end. CSV (RFC 4180, CRLF) gives each term's plain
    value; TSV each term in Turtle syntax, with a ``?`` before each variable.
    """
    if fmt == "json":
        return json.dumps(_json_results(results), ensure_ascii=False, indent=2) + "\n"
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(results.variables)
        for row in results.rows:
            writer.writerow([_plain(row.get(v)) for v in results.variables])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in results.variables)]
        for row in results.rows:
            lines.append("\t".join(_turtle(row.get(v)) for v in results.variables))
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    header = [v.upper() for v in results.variables]
    body = [[_cut(_short(row.get(v)), width) for v in results.variables]
            for row in results.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
             for line in [header, *body]]
    count = len(results.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _json_results(results: Results) -> dict[str, Any]:
    if results.boolean is not None:
        return {"head": {}, "boolean": results.boolean}
    bindings = []
    for row in results.rows:
        binding = {}
        for name in results.variables:
            term = row.get(name)
            if term is None:
                continue
            value: dict[str, str] = {"type": term.kind, "value": term.value}
            if term.lang:
                value["xml:lang"] = term.lang
            elif term.datatype:
                value["datatype"] = term.datatype
            binding[name] = value
        bindings.append(binding)
    return {"head": {"vars": results.variables}, "results": {"bindings": bindings}}


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    return "_:" + term.value if term.kind == "bnode" else term.value


_NUMERIC = {XSD + "integer": r"[+-]?\d+", XSD + "decimal": r"[+-]?\d*\.\d+",
            XSD + "boolean": r"true|false"}


def _turtle(term: Term | None) -> str:
    if term is None:
        return ""
    pattern = _NUMERIC.get(term.datatype or "")
    if term.kind == "literal" and pattern and re.fullmatch(pattern, term.value):
        return term.value
    # the only place a raw tab can be is inside a literal, where \t means the same
    return term.sparql().replace("\t", "\\t")


_SHORT = sorted(((prefix, iri) for prefix, iri in PREFIXES.items()), key=lambda p: -len(p[1]))


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        for prefix, iri in _SHORT:
            local = term.value[len(iri):]
            if term.value.startswith(iri) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if term.kind == "bnode":
        return "_:" + term.value
    return " ".join(term.value.split()) if "\n" in term.value else term.value


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
