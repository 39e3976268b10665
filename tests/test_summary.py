"""The event summary (issue 15, item 2): what it holds agrees with the full graph, the
shapes describe it, reading a graph back into facts ignores it, and the built-in queries
that read it give the rows the queries before it gave.

The letters: the hand-written facts files, the reference letter and every test letter
extracted, and every tenth text of the development corpus (never the blind part).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from c87 import ontology
from c87.cli import cli
from c87.errors import ContentError
from c87.input import check_rdf, graph_to_facts, read_letter
from c87.input.facts import load_facts
from c87.model import Facts
from c87.ontology.iris import CaseIds
from c87.output.graph import Lit
from c87.output.rdf import facts_to_triples, serialize
from c87.store import EmbeddedStore, Query, builtin_queries, run_query

from .conftest import DATA, LETTERS, REFERENCE_LETTER, ROOT, as_shared

C87 = "https://w3id.org/c87/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ONTOLOGY = "https://w3id.org/c87/ontology"
BEFORE = DATA / "queries-before-summary"
DEV = sorted((ROOT / "tests" / "corpus" / "dev").glob("*.txt"))[::10]
LETTER_TEXTS = [REFERENCE_LETTER, *sorted(LETTERS.glob("*.txt")), *DEV]
CASES = ["reference", "valid", *(f"{p.parent.name}/{p.stem}" for p in LETTER_TEXTS)]


@functools.cache
def facts_of(case: str) -> Facts:
    """The facts of a case of CASES: a facts file, or a letter extracted."""
    from c87.mapper import extract

    if case in ("reference", "valid"):
        return load_facts(DATA / "facts" / f"{case}.yaml")
    folder, stem = case.split("/")
    path = next(p for p in LETTER_TEXTS if p.parent.name == folder and p.stem == stem)
    return extract(read_letter(path))


def _ox(o: str | Lit) -> ox.NamedNode | ox.Literal:
    """An object of :func:`facts_to_triples` as a pyoxigraph term."""
    if isinstance(o, Lit):
        if o.lang:
            return ox.Literal(o.value, language=o.lang)
        return ox.Literal(o.value, datatype=ox.NamedNode(o.datatype) if o.datatype else None)
    return ox.NamedNode(o)


# -- the summary agrees with the full graph ----------------------------------------------------

_PREFIXES = f"""\
PREFIX c87:     <{C87}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf:    <http://xmlns.com/foaf/0.1/>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX role:    <https://w3id.org/c87/id/role/>
PREFIX sem:     <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
"""

_SUMMARY = "BIND(IRI(CONCAT(STR(?e), \"/summary\")) AS ?s)"
SUMMARIES = {C87 + "EventSummary", C87 + "ParticipantSummary"}

DERIVE = [_PREFIXES + q for q in (
    # the summary of each event, what it summarizes, its type and the broader ones
    f"""CONSTRUCT {{ ?s a c87:EventSummary ; c87:summarizes ?e ; c87:summaryType ?t }}
    WHERE {{ GRAPH ?g {{ ?e a sem:Event ; sem:eventType ?t }} {_SUMMARY} }}""",
    f"""CONSTRUCT {{ ?s c87:summaryTypeOrBroader ?b }}
    WHERE {{ {{ GRAPH ?g {{ ?e sem:eventType ?b }} }}
             UNION {{ GRAPH ?g {{ ?e sem:eventType ?t }}
                      GRAPH <{ONTOLOGY}> {{ ?t skos:broader+ ?b }} }}
             {_SUMMARY} }}""",
    # its dates
    f"""CONSTRUCT {{ ?s c87:summaryDate ?date ; c87:summaryStart ?start ; c87:summaryEnd ?end }}
    WHERE {{ GRAPH ?g {{ ?e a sem:Event .
                        OPTIONAL {{ ?e sem:hasTimeStamp ?at }}
                        OPTIONAL {{ ?e sem:hasBeginTimeStamp ?b }}
                        OPTIONAL {{ ?e sem:hasEndTimeStamp ?en }} }}
             FILTER(BOUND(?at) || BOUND(?b) || BOUND(?en))
             BIND(COALESCE(STR(?at), CONCAT(COALESCE(STR(?b), ""), "..",
                                            COALESCE(STR(?en), ""))) AS ?date)
             BIND(STR(COALESCE(?at, ?b, ?en)) AS ?start)
             BIND(STR(COALESCE(?at, ?en, ?b)) AS ?end)
             {_SUMMARY} }}""",
    # its victims and perpetrators
    f"""CONSTRUCT {{ ?s c87:summaryVictim ?a }}
    WHERE {{ GRAPH ?g {{ ?e a sem:Event ; sem:hasActor [ sem:roleType role:victim ;
                                                          rdf:value ?a ] }} {_SUMMARY} }}""",
    f"""CONSTRUCT {{ ?s c87:summaryPerpetrator ?a }}
    WHERE {{ GRAPH ?g {{ ?e a sem:Event ; sem:hasActor [ sem:roleType role:perpetrator ;
                                                          rdf:value ?a ] }} {_SUMMARY} }}""",
    # the principles it violates or exercises, and the broader ones: skos:broader,
    # transitively, and a Convention's article above its paragraph
    *(f"""CONSTRUCT {{ ?s c87:{summary} ?q }}
    WHERE {{ {{ GRAPH ?g {{ ?e c87:{link} ?q }} }}
             UNION {{ GRAPH ?g {{ ?e c87:{link} ?p }}
                      GRAPH <{ONTOLOGY}> {{ ?p skos:broader+ ?q }} }}
             UNION {{ GRAPH ?g {{ ?e c87:{link} ?p }}
                      BIND(IRI(REPLACE(STR(?p), "^(.*/principle/C[0-9]+-[0-9]+)-[0-9]+$",
                                       "$1")) AS ?q)
                      FILTER(?q != ?p) }}
             {_SUMMARY} }}""" for summary, link in (("summaryViolates", "allegedlyViolates"),
                                                   ("summaryExercises", "exercises"))),
    # the state its letter is about, and the state's code
    f"""CONSTRUCT {{ ?s c87:summaryCountry ?c ; c87:summaryCountryCode ?code }}
    WHERE {{ GRAPH ?g {{ ?g prov:wasDerivedFrom ?l . ?l dcterms:spatial ?c .
                        ?e a sem:Event }}
             BIND(STRAFTER(STR(?c), "/country/") AS ?code) {_SUMMARY} }}""",
    # its case id, its id in the case and its type's notation (in the ontology)
    f"""CONSTRUCT {{ ?s c87:summaryCaseId ?case ; c87:summaryEventId ?id ;
                    c87:summaryTypeNotation ?notation }}
    WHERE {{ GRAPH ?g {{ ?g a c87:Case . ?e a sem:Event ; sem:eventType ?t }}
             GRAPH <{ONTOLOGY}> {{ ?t skos:notation ?n }}
             BIND(STRAFTER(STR(?g), "/case/") AS ?case)
             BIND(STRAFTER(STR(?e), CONCAT(STR(?g), "/event/")) AS ?id)
             BIND(STR(?n) AS ?notation) {_SUMMARY} }}""",
    # a summary of each participant (sem:Role): the actor, its name, the notations of its
    # kind and of its role
    f"""CONSTRUCT {{ ?s c87:summaryParticipant ?ps . ?ps a c87:ParticipantSummary ;
                    c87:summaryActor ?a ; c87:summaryActorName ?name ;
                    c87:summaryActorKind ?kind ; c87:summaryRole ?role }}
    WHERE {{ GRAPH ?g {{ ?e a sem:Event ; sem:hasActor ?r . ?r rdf:value ?a ; sem:roleType ?rt .
                        ?a a sem:Actor ; foaf:name ?name ; c87:actorKind ?k }}
             GRAPH <{ONTOLOGY}> {{ ?k skos:notation ?kn . ?rt skos:notation ?rn }}
             BIND(STR(?kn) AS ?kind) BIND(STR(?rn) AS ?role)
             BIND(IRI(CONCAT(STR(?r), "/summary")) AS ?ps) {_SUMMARY} }}""",
)]

NAMES = _PREFIXES + f"""
SELECT ?s ?role ?name WHERE {{
  GRAPH ?g {{ ?e a sem:Event ; sem:hasActor [ sem:roleType ?r ; rdf:value ?a ] .
             ?a foaf:name ?name }}
  VALUES (?r ?role) {{ (role:victim "Victim") (role:perpetrator "Perpetrator") }}
  {_SUMMARY}
}}"""


@functools.cache
def _ontology_nt() -> bytes:
    return ontology.ontology_graph().serialize(format="nt", encoding="utf-8")


def written_and_derived(facts: Facts) -> tuple[set[str], set[str]]:
    """The summary c87 writes for ``facts`` (N-Triples lines), and the summary SPARQL
    derives from the rest of the graph and the ontology."""
    built = facts_to_triples(facts)
    nodes = {s for s, p, o in built.triples if p == RDF_TYPE and o in SUMMARIES}
    written = {f"<{s}> <{p}> {_ox(o)} ." for s, p, o in built.triples if s in nodes}
    store = ox.Store()
    graph = ox.NamedNode(built.name)
    store.extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _ox(o), graph)
                 for s, p, o in built.triples if s not in nodes)
    store.load(_ontology_nt(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ONTOLOGY))
    derived = {f"{t.subject} {t.predicate} {t.object} ." for q in DERIVE for t in store.query(q)}
    names: dict[tuple[str, str], set[str]] = {}
    for row in store.query(NAMES):
        names.setdefault((row["s"].value, row["role"].value), set()).add(row["name"].value)
    for (s, role), called in names.items():
        joined = Lit("; ".join(sorted(called)))
        derived.add(f"<{s}> <{C87}summary{role}Names> {_ox(joined)} .")
    return written, derived


@pytest.mark.parametrize("case", CASES)
def test_the_summary_agrees_with_the_full_graph(case: str) -> None:
    facts = facts_of(case)
    try:
        written, derived = written_and_derived(facts)
    except ContentError:
        pytest.skip("facts no conforming graph can hold: test_rdf reports those")
    assert written == derived
    events = {line.split()[0] for line in written if line.endswith(f"<{C87}EventSummary> .")}
    assert len(events) == len(facts.asserted().events)


def test_the_summary_of_periods_and_undated_events() -> None:
    """The three kinds of date, and the broader types and principles, on the reference
    facts (written by hand)."""
    built = facts_to_triples(facts_of("reference"))
    summary: dict[str, dict[str, list[str]]] = {}
    for s, p, o in built.triples:
        if s.endswith("/summary"):
            local = s.rsplit("/event/", 1)[1].removesuffix("/summary")
            value = o.value if isinstance(o, Lit) else o.rsplit("/", 1)[-1]
            summary.setdefault(local, {}).setdefault(p.removeprefix(C87), []).append(value)
    period = summary["investigations-interrogations"]
    assert (period["summaryDate"], period["summaryStart"], period["summaryEnd"]) == (
        ["2020-02.."], ["2020-02"], ["2020-02"])
    assert period["summaryTypeOrBroader"] == ["interrogation", "investigation"]
    assert "summaryDate" not in summary["draft-law"]
    assert summary["osmonov-house-arrest"]["summaryViolates"] == [
        "C087-3-2", "C087-3", "C087-11", "CL-liberty"]
    assert summary["osmonov-house-arrest"]["summaryVictimNames"] == ["Kanatbek Osmonov"]
    assert summary["council-meeting-2020-02-05"]["summaryExercises"] == ["C087-3-1", "C087-3"]
    assert summary["osmonov-house-arrest"]["summaryCountry"] == ["KG"]
    house_arrest = summary["osmonov-house-arrest"]
    assert (house_arrest["summaryCaseId"], house_arrest["summaryEventId"],
            house_arrest["summaryTypeNotation"], house_arrest["summaryCountryCode"]) == (
        ["ituc-2020-06-18-perc-htur"], ["osmonov-house-arrest"], ["house-arrest"], ["KG"])
    assert house_arrest["summaryParticipant"] == ["summary", "summary"]
    victim = summary["osmonov-house-arrest/role/1"]
    assert (victim["summaryActor"], victim["summaryActorName"], victim["summaryActorKind"],
            victim["summaryRole"]) == (["osmonov"], ["Kanatbek Osmonov"], ["person"], ["victim"])


# -- the shapes describe it -------------------------------------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    (('"2020-06-10" ;\n    c87:summaryEnd', '"10 June 2020" ;\n    c87:summaryEnd'),
     "An event summary's start is an ISO 8601 date"),
    (("c87:summaryType et:house-arrest ;", "c87:summaryType et:no-such-type ;"),
     "An event summary has exactly one type"),
    (("c87:summarizes <event/osmonov-house-arrest> ;", ""),
     "An event summary summarizes exactly one event"),
    (('c87:summaryCaseId "ituc-2020-06-18-perc-htur" ;', ""),
     "An event summary has exactly one case id"),
    (('c87:summaryCountryCode "KG" ;', 'c87:summaryCountryCode "Kyrgyzstan" ;'),
     "An event summary's country code is an ISO 3166-1 alpha-2 code"),
    (('c87:summaryActorKind "person" ;', ""),
     "A participant summary has exactly one actor kind"),
])
def test_the_shapes_check_the_summary(change: tuple[str, str], message: str) -> None:
    turtle = serialize(facts_of("reference"), "ttl").decode("utf-8")
    start = turtle.index("<event/osmonov-house-arrest/summary>")
    old, new = change
    at = turtle.index(old, start)
    broken = turtle[:at] + new + turtle[at + len(old):]
    assert check_rdf(turtle.encode(), "ttl") == []
    problems = check_rdf(broken.encode(), "ttl")
    assert any("osmonov-house-arrest/" in p and "summary>" in p for p in problems)
    assert any(message in p for p in problems), problems


# -- reading a graph back ignores the summary --------------------------------------------------

def test_reading_back_ignores_the_summary() -> None:
    """The facts of a graph are the same without its summary, and with a summary that
    says something else."""
    facts = facts_of("reference")
    nt = serialize(facts, "nt").decode("utf-8")
    lines = nt.split("\n")
    without = "\n".join(line for line in lines
                        if not line.split(" ", 1)[0].endswith("/summary>"))
    assert len(without) < len(nt) and f"<{C87}summarizes>" not in without
    altered = nt.replace(f'<{C87}summaryDate> "2020-06-10"', f'<{C87}summaryDate> "1999-01-01"')
    assert altered != nt
    for data in (without, altered):
        assert graph_to_facts(data.encode("utf-8"), "nt") == as_shared(facts)


# -- the built-in queries give the rows of the queries before the summary ----------------------

def _without_country(facts: Facts) -> Facts:
    """The facts of a letter that names no state."""
    return facts.model_copy(update={"letter": facts.letter.model_copy(update={"country": None})})


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of N-Quads: the facts files and the letters of CASES, extracted, and the
    reference facts once more as a letter that names no state."""
    folder = tmp_path_factory.mktemp("letters")
    ids = CaseIds()
    for facts in [*map(facts_of, CASES), _without_country(facts_of("reference"))]:
        if not facts.events:
            continue
        name = ids.propose(facts)
        try:
            data = serialize(facts, "nq", case=name)
        except ContentError:
            continue
        ids.take(name)
        (folder / f"{name}.nq").write_bytes(data)
    assert len(list(folder.iterdir())) >= 25
    return folder


def _store(folder: Path, where: Path, *extra: str) -> Path:
    result = CliRunner().invoke(cli, ["load", str(folder), "--store", str(where), *extra],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return where


@pytest.fixture(scope="module")
def stores(letters: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The letters in one store, and with the ontology in another."""
    root = tmp_path_factory.mktemp("stores")
    return {"bare": _store(letters, root / "bare"),
            "ontology": _store(letters, root / "ontology", "--with-ontology")}


PARAMS: dict[str, list[list[str]]] = {
    "timeline": [[], ["country=KG"], ["country="], ["since=2020"], ["until=2019-06"],
                 ["since=2019-03-05", "until=2021"], ["type=arrest-detention", "type=dismissal"],
                 ["case=ituc-2020-06-18-perc-htur"], ["country=FR"], ["since=2020-02-10"],
                 ["since=2020-02"], ["until=2020-02-05"]],
    "by-actor": [[], ["name=union"], ["name=POLICÍA"], ["role=victim"], ["kind=person"],
                 ["country=KG", "role=perpetrator"], ["case=ituc-2020-06-18-perc-htur"],
                 ["country="]],
    "victims": [[], ["kind=person"], ["since=2019", "until=2021-06"], ["country=KG"],
                ["until=2020-02"], ["since=2020-02-10"], ["country="]],
    "by-principle": [[], ["principle=C087-3"], ["since=2019", "until=2021-06"],
                     ["country=KG", "since=2020-06"], ["until=2020-02"], ["country="]],
    "cases": [[], ["until=2021"], ["since=2020-06"], ["country=KG"],
              ["sender=International Trade Union Confederation"], ["country="]],
}


CASE_QUERIES = {"conflicts", "case-timeline", "single-source", "actors-across-cases"}
"""The queries over case files (c87 case load): they read case graphs, not summaries, and
tests/test_cases.py runs them."""


def test_every_builtin_query_and_parameter_is_compared() -> None:
    queries = {n: q for n, q in builtin_queries().items() if n not in CASE_QUERIES}
    assert set(PARAMS) == set(queries) == {p.stem for p in BEFORE.glob("*.rq")}
    for name, asks in PARAMS.items():
        given = {pair.split("=")[0] for ask in asks for pair in ask}
        assert given == set(queries[name].params), name


@pytest.mark.parametrize("ontology_loaded", ["bare", "ontology"])
@pytest.mark.parametrize("name", sorted(PARAMS))
def test_builtin_queries_give_the_rows_they_gave_before_the_summary(
        stores: dict[str, Path], name: str, ontology_loaded: str) -> None:
    new = builtin_queries()[name]
    old = Query.parse(name, (BEFORE / f"{name}.rq").read_text(encoding="utf-8"))
    assert "summary" not in old.text.lower() and "summary" in new.text.lower()
    assert "skos:broader" not in new.text.split("WHERE", 1)[1]
    with EmbeddedStore(stores[ontology_loaded], read_only=True) as db:
        for params in PARAMS[name]:
            before, after = run_query(db, old, params), run_query(db, new, params)
            assert after.variables == before.variables, params
            assert after.rows == before.rows, params
            if not params:
                assert len(after.rows) > 5
            if params == ["country="]:  # the letter that names no state
                assert after.rows
