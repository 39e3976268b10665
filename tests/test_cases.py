"""One case from many documents (c87 case): the case files of tests/cases scored against
their keys, the matching of names, disputes, the case's graph, its loading, and the CLI.

The case files and their keys were written by people who did not write the matching
(tests/cases/README.md); the bars are the issue's: event linking and actor merging at
precision and recall 0.9 or more, every disputed fact found, none invented.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from c87.cli import cli
from c87.mapper.case.disputes import number_of
from c87.mapper.case.names import Named, fold_name, same_actor
from c87.model import Actor
from c87.pipeline.case_score import score_case

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(p for p in (ROOT / "tests" / "cases").iterdir() if (p / "case.key.yaml").exists())
LETTER = ROOT.parent / "shared" / "letters" / "000_623f508c44472784.txt"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- the bars, on every case file -------------------------------------------------------------

@pytest.fixture(scope="module", params=CASES, ids=[p.name for p in CASES])
def scored(request: pytest.FixtureRequest) -> object:
    return score_case(request.param)


def test_event_linking_meets_the_bar(scored: object) -> None:
    events = scored.events  # type: ignore[attr-defined]
    print(scored.as_dict())  # type: ignore[attr-defined]
    assert events.precision >= 0.9, scored.as_dict()  # type: ignore[attr-defined]
    assert events.recall >= 0.9, scored.as_dict()  # type: ignore[attr-defined]


def test_actor_merging_meets_the_bar(scored: object) -> None:
    actors = scored.actors  # type: ignore[attr-defined]
    assert actors.precision >= 0.9, scored.as_dict()  # type: ignore[attr-defined]
    assert actors.recall >= 0.9, scored.as_dict()  # type: ignore[attr-defined]


def test_every_disputed_fact_is_found_and_none_invented(scored: object) -> None:
    assert scored.disputes_missed == [], scored.as_dict()  # type: ignore[attr-defined]
    assert scored.false_disputes == [], scored.as_dict()  # type: ignore[attr-defined]


# -- names ------------------------------------------------------------------------------------

def _person(ident: str, name: str, country: str | None = None, *aliases: str) -> Named:
    return Named.of(f"d{len(ident)}/{ident}", Actor(id=ident, name=name, kind="person",
                                                    country=country, aliases=list(aliases)))


@pytest.mark.parametrize(("a", "b"), [
    ("Ryskul Abdyrakhmanova", "Rysgul Abdyrahmanova"),   # transliterations
    ("Aigul Babayeva", "Aigul Babaeva"),
    ("Mr Kanatbek Osmonov", "Kanatbek Osmonov"),         # honorifics
    ("José Pérez", "Jose Perez"),                        # accents
    ("K. Osmonov", "Kanatbek Osmonov"),                  # an initial
    ("Osmonov Kanatbek", "Kanatbek Osmonov"),            # family name first
])
def test_the_same_person_written_two_ways_is_one(a: str, b: str) -> None:
    assert same_actor(_person("a", a), _person("bb", b))


@pytest.mark.parametrize(("a", "b"), [
    ("Jose Perez", "Jose Lopez"),                        # another family name
    ("Aigul Osmonova", "Kanat Osmonov"),                 # two people of one family
    ("Kanatbek Osmonov", "Marat Osmonov"),               # brothers
])
def test_different_people_are_not_joined(a: str, b: str) -> None:
    assert same_actor(_person("a", a), _person("bb", b)) is None


def test_a_person_of_another_country_is_not_joined() -> None:
    assert same_actor(_person("a", "Anis Kaabi", "TN"), _person("bb", "Anis Kaabi", "DZ")) is None


def test_a_person_is_never_an_organisation() -> None:
    org = Named.of("d2/x", Actor(id="x", name="Kanatbek Osmonov", kind="trade-union"))
    assert same_actor(_person("a", "Kanatbek Osmonov"), org) is None


def test_generic_groups_of_two_documents_stay_apart() -> None:
    def group(ref: str) -> Named:
        return Named.of(ref, Actor(id="leaders", name="leaders", kind="group"))
    assert same_actor(group("d1/leaders"), group("d2/leaders")) is None


def test_folding() -> None:
    assert fold_name("Ms. Babáeva") == "babaeva"
    assert fold_name("the Federation of Trade Unions") == "federation of trade unions"


@pytest.mark.parametrize(("text", "number"), [
    ("twelve workers were arrested", 12), ("15 union members", 15),
    ("quinze militants ont été interpellés", 15), ("30 afiliados", 30),
    ("une délégation de syndicalistes de six pays", 6), ("he was arrested", None),
])
def test_numbers_of_people(text: str, number: int | None) -> None:
    assert number_of(text) == number


# -- a case of the reference letter and a report of our own ----------------------------------

REPORT = """Bishkek court places union leader under house arrest

Bishkek, 17 June 2020

A district court in Bishkek on Wednesday placed Kanatbek Osmonov, the former chairman of
the Federation of Trade Unions of Kyrgyzstan, under house arrest, his lawyer said.
Mr Osmonov is accused of abuse of office. The union's deputy chair, Ms Ryskul Babaeva,
was questioned by the State Committee for National Security last week.
"""


@pytest.fixture()
def case_dir(tmp_path: Path) -> Path:
    report = tmp_path / "report-2020-06-17.txt"
    report.write_text(REPORT, encoding="utf-8")
    folder = tmp_path / "kg-fpk"
    assert run("case", "new", str(folder), "--title", "FPK, Kyrgyzstan").exit_code == 0
    result = run("case", "add", str(folder), str(LETTER), str(report))
    assert result.exit_code == 0, result.output
    return folder


def test_the_house_arrest_is_one_event_with_its_dates_disputed(case_dir: Path) -> None:
    from c87.pipeline.case import read_case

    case = read_case(case_dir)
    arrest = [e for e in case.events if e.type == "house-arrest"]
    assert len(arrest) == 1 and len(arrest[0].members) == 2, [e.members for e in arrest]
    (dispute,) = [d for d in arrest[0].disputes if d.fact == "date"]
    assert sorted(s.value for s in dispute.statements) == ["2020-06-10", "2020-06-17"]
    osmonov = case.actor_of(next(r for r in arrest[0].members if r.startswith("d2/"))
                            .split("/")[0] + "/" + next(
        a.id for a in case.facts["d2"].actors if "Osmonov" in a.name))
    assert osmonov is not None and {m.split("/")[0] for m in osmonov.members} == {"d1", "d2"}


def test_show_lists_the_dispute_with_its_sources(case_dir: Path) -> None:
    result = run("case", "show", str(case_dir), "--explain")
    assert result.exit_code == 0
    assert "2020-06-10 (ITUC letter of 18 June 2020); 2020-06-17 (news report of 17 June " \
           "2020)" in result.output, result.output
    assert "why: " in result.output
    data = json.loads(run("case", "show", str(case_dir), "--json").output)
    assert [d["id"] for d in data["documents"]] == ["d1", "d2"]


def test_adopting_a_statement_keeps_the_others(case_dir: Path) -> None:
    from c87.pipeline.case import read_case

    case = read_case(case_dir)
    (event,) = [e for e in case.events if e.type == "house-arrest"]
    letter_ref = next(r for r in event.members if r.startswith("d1/"))
    assert run("case", "adopt", str(case_dir), letter_ref, "date").exit_code == 0
    again = read_case(case_dir)
    (event,) = [e for e in again.events if e.type == "house-arrest"]
    assert event.date == "2020-06-10"
    (dispute,) = [d for d in event.disputes if d.fact == "date"]
    assert dispute.adopted == letter_ref and len(dispute.statements) == 2
    refused = run("case", "adopt", str(case_dir), "d1/e1", "place")
    assert refused.exit_code == 2 and "not disputed" in refused.output


def test_split_and_join_undo_the_matching(case_dir: Path) -> None:
    from c87.pipeline.case import read_case

    case = read_case(case_dir)
    osmonov = next(a for a in case.actors if "Osmonov" in a.name and len(a.members) > 1)
    other = osmonov.members[-1]
    assert run("case", "split", str(case_dir), other).exit_code == 0
    split = read_case(case_dir)
    assert split.actor_of(other).members == [other]  # type: ignore[union-attr]
    assert run("case", "join", str(case_dir), *osmonov.members).exit_code == 0
    assert read_case(case_dir).actor_of(other).members == osmonov.members  # type: ignore[union-attr]


def test_the_case_graph_conforms_to_the_shapes(case_dir: Path, tmp_path: Path) -> None:
    import rdflib

    from c87 import ontology

    out = tmp_path / "out"
    assert run("case", "convert", str(case_dir), "-o", str(out), "--to", "nq,ttl").exit_code == 0
    data = rdflib.Dataset()
    data.parse(out / "kg-fpk.nq", format="nquads")
    conforms, _, text = ontology.validate(data)
    assert conforms, text[:3000]
    turtle = (out / "kg-fpk.ttl").read_text(encoding="utf-8")
    assert "owl:sameAs" not in turtle and "c87:Dispute" in turtle
    assert "prov:wasDerivedFrom" in turtle


def _graphs(store: Path) -> dict[str, int]:
    from c87.store import open_store

    db = open_store(store=store)
    try:
        rows = db.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                         "GROUP BY ?g").rows
        return {r["g"].value: int(r["n"].value) for r in rows}
    finally:
        db.close()


def test_loading_twice_changes_nothing_and_removing_takes_only_its_part(
        case_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("case", "load", str(case_dir), "--store", str(store)).exit_code == 0
    first = _graphs(store)
    assert run("case", "load", str(case_dir), "--store", str(store)).exit_code == 0
    assert _graphs(store) == first
    letter_graph = next(g for g in first if g.endswith("ituc-2020-06-18-perc-htur"))
    assert run("case", "remove", str(case_dir), "d2").exit_code == 0
    assert run("case", "load", str(case_dir), "--store", str(store)).exit_code == 0
    after = _graphs(store)
    assert set(after) == {letter_graph, next(g for g in first if "/casefile/" in g)}
    assert after[letter_graph] == first[letter_graph]  # the letter's own graph untouched


def test_conflicts_query_lists_each_statement(case_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    run("case", "load", str(case_dir), "--store", str(store))
    result = run("query", "conflicts", "--store", str(store), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    dates = sorted(r["value"] for r in rows if r["fact"] == "date" and r["type"] == "house-arrest")
    assert dates == ["2020-06-10", "2020-06-17"]
    timeline = json.loads(run("query", "case-timeline", "--store", str(store),
                              "--format", "json").output)
    assert any(r["type"] == "house-arrest" and r["sources"] == "2" and r["disputed"] == "yes"
               for r in timeline), timeline


# -- bad input --------------------------------------------------------------------------------

def test_a_folder_that_is_no_case_is_refused(tmp_path: Path) -> None:
    result = run("case", "add", str(tmp_path), str(LETTER))
    assert result.exit_code == 3 and "is not a case file" in result.output


def test_a_broken_manifest_names_its_file_and_field(case_dir: Path) -> None:
    manifest = case_dir / "case.yaml"
    manifest.write_text(manifest.read_text().replace("name: kg-fpk", "name: Not An Id"))
    result = run("case", "show", str(case_dir))
    assert result.exit_code == 1 and "case.yaml" in result.output and "name" in result.output


def test_a_bad_file_is_reported_and_the_others_added(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    run("case", "new", str(folder))
    result = run("case", "add", str(folder), str(tmp_path / "missing.txt"), str(LETTER))
    assert result.exit_code == 3 and "missing.txt" in result.output
    assert "d1" in result.output
    again = run("case", "add", str(folder), str(LETTER))
    assert "in the case already, as d1" in again.output


def test_an_unknown_reference_is_a_usage_error(case_dir: Path) -> None:
    result = run("case", "split", str(case_dir), "d9/nobody")
    assert result.exit_code == 2 and "d9" in result.output


def test_a_new_case_refuses_an_existing_one(case_dir: Path) -> None:
    result = run("case", "new", str(case_dir))
    assert result.exit_code == 2 and "case file already" in result.output


def test_the_manifest_records_when_documents_were_added(case_dir: Path) -> None:
    from c87.pipeline.case import open_case

    manifest = open_case(case_dir)
    assert [d.id for d in manifest.documents] == ["d1", "d2"]
    assert all(d.added.tzinfo is dt.UTC or d.added.utcoffset() == dt.timedelta(0)
               for d in manifest.documents)
    assert (case_dir / manifest.documents[0].facts).exists()
    shutil.rmtree(case_dir / "texts")  # a case reads without its texts (no CFA number then)
    assert run("case", "show", str(case_dir)).exit_code == 0
