"""The triple-store commands: ``c87 load``, ``c87 query``, ``c87 store info|remove``.

A thin layer over :mod:`c87.store`: options in, calls, messages and exit statuses
out. Heavy libraries (pyoxigraph, rdflib, httpx) are imported inside the commands, so
``c87 --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from c87.cli.options import base_option, debugging, echo_warning, max_size_option, size_limit
from c87.errors import UsageError
from c87.store import FORMATS, PROTOCOLS, SERVERS

__all__ = ["load", "query", "store"]


STORE_HELP = """\b
Where: the embedded store (default $C87_STORE, else ~/.local/share/c87/store), or a
SPARQL 1.1 server with --endpoint (or $C87_ENDPOINT). Credentials for a server come from
C87_SPARQL_USER and C87_SPARQL_PASSWORD, or a netrc file; never from an option."""


def _target_options(write: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options that say which store: --store, or --endpoint and its companions."""
    options = [
        click.option("--store", "store_dir", metavar="DIR", default=None,
                     help="Folder of the embedded store. Default: $C87_STORE, else "
                          "$XDG_DATA_HOME/c87/store (~/.local/share/c87/store)."),
        click.option("--endpoint", metavar="URL", envvar="C87_ENDPOINT", default=None,
                     help="SPARQL query endpoint of a server, instead of the embedded store "
                          "($C87_ENDPOINT)."),
        click.option("--server", type=click.Choice(SERVERS), envvar="C87_SERVER",
                     default="generic", show_default=True,
                     help="The kind of server, for the update and graph-store paths c87 "
                          "derives from --endpoint ($C87_SERVER)."),
        click.option("--timeout", type=float, default=60.0, show_default=True,
                     metavar="SECONDS", help="Give up on a request after this long."),
        click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
                     help="Tries again after a connection error or a 5xx answer, with "
                          "backoff."),
    ]
    if write:
        options += [
            click.option("--graph-store", metavar="URL", envvar="C87_GRAPH_STORE",
                         default=None,
                         help="Graph Store Protocol endpoint (default: from --server; none "
                              "for generic) ($C87_GRAPH_STORE)."),
            click.option("--update-endpoint", metavar="URL", envvar="C87_UPDATE_ENDPOINT",
                         default=None,
                         help="SPARQL Update endpoint (default: from --server, else "
                              "--endpoint) ($C87_UPDATE_ENDPOINT)."),
            click.option("--protocol", type=click.Choice(PROTOCOLS), default="auto",
                         show_default=True,
                         help="How to write: auto is bulk for Oxigraph server, else the "
                              "Graph Store Protocol, falling back to SPARQL Update when the "
                              "server does not take it; gsp and update only the one; bulk "
                              "posts batches of N-Quads to the graph store."),
        ]

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def _notify(message: str) -> None:
    click.echo(f"c87: {message}", err=True)


def _open(ctx: click.Context, *, create: bool = False, read_only: bool = False,
          allow_service: bool = False,
          store_dir: str | None, endpoint: str | None, server: str, timeout: float,
          retries: int, graph_store: str | None = None, update_endpoint: str | None = None,
          protocol: str = "auto") -> Any:
    """Open the store the options name (an explicit --store beats $C87_ENDPOINT);
    ``read_only`` for the commands that only read it."""
    from click.core import ParameterSource

    from c87.store import open_store

    if store_dir is not None and ctx.get_parameter_source("endpoint") == (
            ParameterSource.ENVIRONMENT):
        endpoint = None
        graph_store = update_endpoint = None
    return open_store(store=store_dir, endpoint=endpoint, server=server,
                      update_endpoint=update_endpoint, graph_store=graph_store,
                      protocol=protocol, timeout=timeout, retries=retries, create=create,
                      read_only=read_only, allow_service=allow_service, notify=_notify)


@click.command(epilog=STORE_HELP)
@click.argument("files", nargs=-1, metavar="FILE...")
@_target_options(write=True)
@click.option("--with-ontology", is_flag=True,
              help="Also load the ontology and its concept schemes (labels, hierarchy) into "
                   "the graph <https://w3id.org/c87/ontology>.")
@base_option("Base of the case IRIs of letters and facts files converted on the fly.")
@max_size_option
@click.pass_context
def load(ctx: click.Context, files: tuple[str, ...], with_ontology: bool, base: str,
         max_size: str | None, **target: Any) -> None:
    """Load letters into a triple store, one named graph per letter.

    FILE is RDF that c87 wrote (.ttl .nt .nq .trig .jsonld .rdf), a folder of such files
    (searched with its sub-folders), a facts file (.yaml .yml .json) or a letter (.txt
    .md .html .pdf .docx), converted on the fly. Loading a letter again replaces its graph:
    one copy, never two. Every input is read before anything is written, and if one is
    bad nothing is loaded. The embedded store takes all the graphs or none: they are
    bulk-loaded into its next generation, which becomes the live one once they are all
    in, so a load that fails or is killed changes nothing. A server takes them in
    requests of bounded size (one Graph Store Protocol PUT or SPARQL Update per graph;
    batches of N-Quads for Oxigraph server), so a refusal halfway leaves the graphs
    before it loaded and says which.

    \b
    Examples:
      c87 load out/ituc-2020-06-18-perc-htur.ttl
      c87 load graphs/ --with-ontology
      c87 load letter.facts.yaml --store /data/c87-store
      C87_SPARQL_USER=c87 C87_SPARQL_PASSWORD=... \\
        c87 load graphs/ --endpoint http://localhost:8890/sparql-auth --server virtuoso
    """
    from c87 import store as st
    from c87.pipeline.load import Failure, graphs_to_load, needs_facts_reader

    if not files and not with_ontology:
        raise UsageError("give at least one FILE (or --with-ontology)")
    read_facts = None
    if needs_facts_reader(files):  # the extractor only for the letters that need it
        from c87.pipeline.convert import facts_of as read_facts

    def failed(failure: Failure) -> None:
        click.echo(f"c87: error: {failure.error}", err=True)

    to_load = graphs_to_load(files, base=base, max_bytes=size_limit(max_size),
                             with_ontology=with_ontology, raise_errors=debugging(ctx),
                             warn=echo_warning, failed=failed, read_facts=read_facts)
    with to_load:
        if to_load.failures:
            click.echo(f"c87: nothing loaded: {len(to_load.failures)} of {len(files)} inputs "
                       "cannot be loaded: " + ", ".join(f.name for f in to_load.failures),
                       err=True)
            sys.exit(max(f.error.exit_code for f in to_load.failures))
        graphs = to_load.graphs

        def done(graph: st.GraphData) -> None:
            click.echo(f"{graph.label}: {graph.triples} triples (from {graph.source})")

        with _open(ctx, create=True, **target) as target_store:
            target_store.replace(graphs, done)
            click.echo(f"loaded {len(graphs)} graph{'' if len(graphs) == 1 else 's'} "
                       f"({graphs.triples} triples) into {target_store.label}")


def _query_list() -> str:
    from c87.store import builtin_queries

    lines = []
    for name, found in builtin_queries().items():
        lines.append(f"{name:<14}{found.summary}")
        for param in found.params.values():
            lines.append(f"  {param.name:<12}{param.description}")
    return "\n".join(lines)


@click.command(epilog=STORE_HELP)
@click.argument("query_spec", metavar="NAME|FILE.rq", required=False)
@_target_options(write=False)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind the query's variable ?NAME to VALUE (repeat a name for any of "
                   "several values). Values are bound as RDF terms, never pasted into the "
                   "query.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True,
              help="A readable table, or the SPARQL 1.1 CSV, TSV or JSON results format.")
@click.option("--list", "list_queries", is_flag=True,
              help="List the built-in queries and their parameters.")
@click.option("--allow-service", is_flag=True,
              help="Let the query call other SPARQL endpoints (SERVICE). Refused by "
                   "default: the store would send them values from the record.")
@click.pass_context
def query(ctx: click.Context, query_spec: str | None, params: tuple[str, ...], fmt: str,
          list_queries: bool, allow_service: bool, **target: Any) -> None:
    """Query the letters in a triple store: a built-in query, or a SPARQL file.

    \b
    Built-in queries (c87 query --list shows their parameters):
      timeline      events by date, with type, victims, perpetrators and letter
      by-principle  events per principle, counted under the broader ones too
      by-actor      every actor's part in every event (--param name=... to follow one)
      victims       who was targeted, how often and how
      cases         the letters, with sender, date, state concerned and events

    A FILE.rq holds one SPARQL 1.1 SELECT or ASK query; its leading comment may declare
    parameters ('# @param NAME TYPE description', TYPE string, date, integer or iri). A
    query that calls another endpoint (SERVICE) is refused unless --allow-service is
    given: nothing is fetched from anywhere while querying.

    \b
    Examples:
      c87 query timeline
      c87 query by-principle --param country=KG --param since=2020-01-01
      c87 query by-actor --param name=osmonov --format csv
      c87 query my-query.rq --endpoint https://example.org/sparql --format json
    """
    from c87 import store as st

    if list_queries:
        click.echo(_query_list())
        return
    if query_spec is None:
        raise UsageError("give a built-in query (" + ", ".join(st.builtin_queries())
                         + ") or a FILE.rq; --list shows them")
    found = st.read_query(query_spec)
    # the parameters and the query are checked before the store is opened
    st.bind_values(found.text, st.param_terms(found, params))
    if not allow_service:
        try:
            st.refuse_services(found.text)
        except UsageError as exc:
            exc.path = found.name
            raise
    with _open(ctx, read_only=True, allow_service=allow_service, **target) as source:
        results = st.run_query(source, found, params)
    click.echo(st.format_results(results, fmt), nl=False)


@click.group(epilog=STORE_HELP)
def store() -> None:
    """Look after a triple store: what it holds, and removing a letter.

    \b
    Examples:
      c87 store info
      c87 store remove ituc-2020-06-18-perc-htur
    """


@store.command()
@_target_options(write=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="A readable summary, or JSON.")
@click.pass_context
def info(ctx: click.Context, fmt: str, **target: Any) -> None:
    """Show the letters in the store: case ids, triples, dates, references.

    Also the size of the ontology graph, and for the embedded store the number of graphs
    and triples it holds in all.

    \b
    Examples:
      c87 store info
      c87 store info --endpoint http://localhost:7878/query --format json
    """
    from c87.store import store_info

    with _open(ctx, read_only=True, **target) as source:
        found = store_info(source)
    if fmt == "json":
        click.echo(json.dumps(found.as_json(), indent=2, ensure_ascii=False))
        return
    click.echo(f"store: {found.label}")
    totals = ""
    if found.graphs is not None:
        totals = f", graphs: {found.graphs}, triples: {found.triples}"
    click.echo(f"letters: {len(found.letters)}, ontology: "
               f"{f'{found.ontology} triples' if found.ontology else 'not loaded'}{totals}")
    if found.letters:
        rows = [("CASE", "TRIPLES", "DATE", "REFERENCE")] + [
            (r["case"], str(r["triples"]), r["date"], r["reference"]) for r in found.letters]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


@store.command()
@click.argument("cases", nargs=-1, required=True, metavar="CASE-ID...")
@_target_options(write=True)
@click.pass_context
def remove(ctx: click.Context, cases: tuple[str, ...], **target: Any) -> None:
    """Remove letters from the store: the named graph of each CASE-ID.

    CASE-ID is a case id as c87 store info lists it (ituc-2020-06-18-perc-htur) or the
    case IRI. Every one must be in the store, or nothing is removed.

    \b
    Examples:
      c87 store remove ituc-2020-06-18-perc-htur
      c87 store remove ituc-2020-06-18-perc-htur --endpoint http://localhost:7878/query \\
        --server oxigraph
    """
    from c87.store import remove_cases

    with _open(ctx, **target) as source:
        removed = remove_cases(source, cases)
        for name in removed:
            click.echo(f"removed <{name}> from {source.label}")

