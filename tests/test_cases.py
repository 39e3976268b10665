"""One case from many documents (c87 case): the case files of tests/cases scored against
their keys, the matching of names, disputes, the case's graph, its loading, and the CLI.

The case files and their keys were written by people who did not write the matching
(tests/cases/README.md); the bars are the issue's: event linking and actor merging at
precision and recall 0.9 or more, every disputed fact found, none invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from c87.cli import cli
from c87.mapper.case import link_case
from c87.mapper.case.disputes import number_of
from c87.mapper.case.names import Named, fold_name, same_actor
from c87.model import Actor, Facts
from c87.model.case import CaseManifest, LinkedCase
from c87.pipeline.case_score import score_case

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(p for p in (ROOT / "tests" / "cases").iterdir() if (p / "case.key.yaml").exists())
LETTER = ROOT.parent / "shared" / "letters" / "000_623f508c44472784.txt"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- the bars, on every case file -------------------------------------------------------------
#
# The linker is scored twice: on the documents' reviewed facts (tests/cases/*/reviewed/,
# written from the texts and the keys by two readers who did not see the linker), which is
# what it is given once a person has reviewed each document, and on the letters themselves
# as c87 extracts them, where the extraction's errors (a demand for release typed as a
# release, a date carried from a neighbouring sentence) come through. Pooled over the four
# case files (136 pairs of a key event in two documents, 197 of a key actor, 13 disputed
# facts), on reviewed facts: linking precision 0.942, recall 0.831; merging precision 1.000,
# recall 0.939; 13 of 13 disputes found, none invented. The bars are 0.9 for all
# four and every dispute: precision, merging recall, every dispute found and no invented
# dispute are held here as bars; linking recall is not met (docs/cases.md says why) and is
# held at what was measured, so that it only goes up.

def _pooled(reviewed: bool) -> dict[str, float]:
    totals = dict.fromkeys(("ej", "er", "ee", "aj", "ar", "ae", "de", "df", "dx"), 0)
    for folder in CASES:
        s = score_case(folder, reviewed=reviewed)
        for key, value in (("ej", s.events.joined), ("er", s.events.right),
                           ("ee", s.events.expected), ("aj", s.actors.joined),
                           ("ar", s.actors.right), ("ae", s.actors.expected),
                           ("de", s.disputes_expected), ("df", len(s.disputes_found)),
                           ("dx", len(s.false_disputes))):
            totals[key] += value
    return {"event_precision": totals["er"] / totals["ej"],
            "event_recall": totals["er"] / totals["ee"],
            "actor_precision": totals["ar"] / totals["aj"],
            "actor_recall": totals["ar"] / totals["ae"],
            "disputes_found": totals["df"], "disputes": totals["de"],
            "false_disputes": totals["dx"]}


@pytest.fixture(scope="module")
def reviewed() -> dict[str, float]:
    return _pooled(reviewed=True)


@pytest.fixture(scope="module")
def extracted() -> dict[str, float]:
    return _pooled(reviewed=False)


def test_every_case_file_has_reviewed_facts_for_each_document() -> None:
    from c87.pipeline.case_score import load_key, reviewed_file

    for folder in CASES:
        for document in load_key(folder / "case.key.yaml")["documents"]:
            assert reviewed_file(folder, document["file"]).exists(), (folder, document)


def test_linking_and_merging_meet_the_precision_bar(reviewed: dict[str, float]) -> None:
    print(reviewed)
    assert reviewed["event_precision"] >= 0.9, reviewed
    assert reviewed["actor_precision"] >= 0.9, reviewed


def test_actor_merging_meets_the_recall_bar(reviewed: dict[str, float]) -> None:
    assert reviewed["actor_recall"] >= 0.9, reviewed


def test_no_dispute_is_invented(reviewed: dict[str, float]) -> None:
    assert reviewed["false_disputes"] == 0, reviewed


def test_every_disputed_fact_is_found(reviewed: dict[str, float]) -> None:
    assert reviewed["disputes_found"] == reviewed["disputes"] == 13, reviewed


def test_recall_stays_at_least_as_measured(reviewed: dict[str, float]) -> None:
    # the bar is 0.9; measured: 0.831
    assert reviewed["event_recall"] >= 0.83, reviewed


def test_on_extracted_letters_it_stays_at_least_as_measured(extracted: dict[str, float]
                                                             ) -> None:
    # measured on c87's own extraction: linking 0.758 / 0.595, merging 1.000 / 0.936,
    # 7 of 13 disputes found, 2 invented (from the extraction's wrong dates and places)
    print(extracted)
    assert extracted["false_disputes"] <= 2, extracted
    assert extracted["event_precision"] >= 0.74, extracted
    assert extracted["event_recall"] >= 0.58, extracted
    assert extracted["actor_precision"] >= 0.95, extracted
    assert extracted["actor_recall"] >= 0.92, extracted
    assert extracted["disputes_found"] >= 7, extracted


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


def test_a_post_named_with_where_it_is_held_joins_its_holder() -> None:
    holder = Named.of("d1/saied", Actor(
        id="saied", name="Kaïs Saïed", kind="person", country="TN", given_name="Kaïs",
        family_name="Saïed", positions=[{"title": "President of the Republic of Tunisia"}]))
    post = Named.of("d2/president", Actor(id="president", name="President of the Republic",
                                          kind="person", country="TN"))
    assert "named with where it is held" in (same_actor(post, holder) or "")
    other = Named.of("d2/minister", Actor(id="minister", name="Minister of Labour",
                                          kind="person", country="TN"))
    minister = Named.of("d1/m", Actor(id="m", name="Ali Ben Ali", kind="person", country="TN",
                                      positions=[{"title": "Minister of Labour and "
                                                  "Social Protection"}]))
    assert same_actor(other, minister) is None  # another ministry, not where it is


def _told(doc: str, victim: Actor, date: str, quote: str) -> Facts:
    sha = hashlib.sha256(doc.encode()).hexdigest()
    return Facts(source={"sha256": sha}, letter={"date": date, "country": "TN"},
                 actors=[victim],
                 events=[{"id": "e1", "type": "travel-ban", "date": date,
                          "evidence": [{"quote": quote, "start": 0, "end": len(quote)}],
                          "participants": [{"actor": victim.id, "role": "victim"}]}])


def _linked(*facts: Facts) -> LinkedCase:
    manifest = CaseManifest(name="t", created=dt.datetime.now(dt.UTC))
    return link_case(manifest, {f"d{n}": f for n, f in enumerate(facts, start=1)}, {})


def test_groups_two_sources_name_in_one_act_are_joined_through_it() -> None:
    case = _linked(
        _told("a", Actor(id="delegation", name="a delegation of trade unionists from seven "
                         "countries", kind="group"), "2023-03-03",
              "The Government has today barred from entry a delegation of trade unionists."),
        _told("b", Actor(id="foreigners", name="a group of foreign nationals", kind="group"),
              "2023-03-03", "The measure of 3 March 2023 concerned a group of foreign "
              "nationals."))
    assert [e.members for e in case.events] == [["d1/e1", "d2/e1"]]
    (actor,) = case.actors
    assert actor.members == ["d1/delegation", "d2/foreigners"]
    assert "left unmatched in d1/e1 and d2/e1" in actor.reasons[0]


def _statement(doc: str, date: str | None, quote: str) -> Facts:
    sha = hashlib.sha256(doc.encode()).hexdigest()
    author = Actor(id="rong", name="Rong Chhun", kind="person", given_name="Chhun",
                   family_name="Rong")
    return Facts(source={"sha256": sha}, letter={"date": "2020-08-14", "country": "KH"},
                 actors=[author],
                 events=[{"id": "e1", "type": "communication", "date": date,
                          "alleged_violation": False,
                          "evidence": [{"quote": quote, "start": 0, "end": len(quote)}],
                          "participants": [{"actor": "rong", "role": "author"}]}])


@pytest.mark.parametrize(("quote", "one"), [
    ("The charge concerns a statement in which he reported that farmers in Tbong Khmum "
     "province had lost land along the border with Vietnam.", True),
    ("He also called for the release of four union members.", False),
])
def test_an_undated_communication_is_the_dated_one_when_their_quotes_are_alike(
        quote: str, one: bool) -> None:
    others = [_told(f"x{n}", Actor(id="w", name="market vendors", kind="group"),
                    f"2020-0{n}-02", text) for n, text in enumerate((
                        "Police arrested market vendors who protested in Phnom Penh.",
                        "The court charged market vendors with incitement.",
                        "Security forces dispersed a march of market vendors.",
                        "The vendors were released on bail after a week."), start=3)]
    case = _linked(_statement("a", "2020-07-21", "On 21 July, after a visit to villages on "
                              "the border with Vietnam in Tbong Khmum province, he said "
                              "farmers had lost land."),
                   _statement("b", None, quote), *others)
    statements = [e for e in case.events if e.type == "communication"]
    assert (len(statements) == 1) is one


def test_two_named_persons_are_not_joined_through_an_act() -> None:
    def person(ident: str, given: str, family: str) -> Actor:
        return Actor(id=ident, name=f"{given} {family}", kind="person", given_name=given,
                     family_name=family)
    case = _linked(_told("a", person("a", "Sor", "Saknika"), "2020-08-07", "Sor Saknika was "
                         "barred from travel."),
                   _told("b", person("b", "Ton", "Nimol"), "2020-08-07", "Ton Nimol was "
                         "barred from travel."))
    assert len(case.actors) == 2 and len(case.events) == 2


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


# -- lengths of a sentence or a measure -------------------------------------------------------

def _sentenced(doc: str, quote: str, language: str = "en") -> Facts:
    """A document telling one judgment against Rong Chhun on 12 November 2021."""
    sha = hashlib.sha256(doc.encode()).hexdigest()
    rong = Actor(id="rong", name="Rong Chhun", kind="person", given_name="Chhun",
                 family_name="Rong")
    return Facts(source={"sha256": sha, "language": language},
                 letter={"date": "2021-11-15", "country": "KH"}, actors=[rong],
                 events=[{"id": "e1", "type": "criminal-prosecution", "date": "2021-11-12",
                          "evidence": [{"quote": quote, "start": 0, "end": len(quote)}],
                          "participants": [{"actor": "rong", "role": "victim"}]}])


def _lengths_disputed(one: str, other: str) -> list[str]:
    case = _linked(_sentenced("a", one), _sentenced("b", other))
    (event,) = case.events
    return [s.value for d in event.disputes if d.fact == "length" for s in d.statements]


@pytest.mark.parametrize(("one", "other"), [
    ("He will remain on probation for 3 years.", "He will remain on probation for three years."),
    ("Il restera en liberté sous mise à l'épreuve de trois ans.",
     "He will remain on probation for 3 years."),
    ("Fue condenado a tres años de prisión.", "He was sentenced to three years in prison."),
    ("He was sentenced to 12 months in prison.", "He was sentenced to one year in prison."),
    ("He was sentenced to 18 months in jail.", "He was sentenced to a year and a half in jail."),
    ("Il a été condamné à un an et demi de prison.", "Fue condenado a 18 meses de cárcel."),
    ("The court placed him under house arrest for 30 days.",
     "The court placed him under house arrest for one month."),
    ("He was kept in detention for 48 hours.", "Il a été placé en garde à vue pendant deux jours."),
    ("He was released after more than fifteen months in prison.",
     "The court cut his sentence to 15 months and 11 days."),
    ("The court upheld his two-year sentence.", "The court cut his two-year sentence to 15 "
     "months and 11 days."),                          # one document gives both
    ("He was sentenced to two years in prison.",      # lengths of two different things
     "He will remain on probation for three years."),
    ("Il risque de deux à trois ans de prison.", "He faces two years in prison."),  # a range
    ("He was sentenced to five years and three years of probation.",
     "He was sentenced to five years in prison, then probation for three years."),
    ("Three years after his arrest, the court sentenced him.",   # a time, not a length
     "Two years after his arrest, the court sentenced him."),
    ("Il y a deux ans, le tribunal l'a condamné.", "Hace tres años el tribunal lo condenó."),
])
def test_lengths_the_sources_agree_on_are_not_disputed(one: str, other: str) -> None:
    assert _lengths_disputed(one, other) == []


@pytest.mark.parametrize(("one", "other", "values"), [
    ("Mr Chhun will remain on probation for three years.",
     "He will remain on probation for two years and must report any change of address.",
     ["probation: three years", "probation: two years"]),
    ("Il a été condamné à trois ans de prison.", "Il a été condamné à deux ans de prison.",
     ["prison: trois ans", "prison: deux ans"]),
    ("Quedó en arresto domiciliario por tres meses.", "Quedó en arresto domiciliario por dos "
     "meses.", ["house arrest: tres meses", "house arrest: dos meses"]),
    ("He was sentenced to 20 months in prison.", "He was sentenced to two years in prison.",
     ["prison: 20 months", "prison: two years"]),
    ("He was kept in detention for 48 hours.", "He was kept in detention for three days.",
     ["detention: 48 hours", "detention: three days"]),
    ("He faces two to three years in prison.", "He faces five years in prison.",
     ["prison: two to three years", "prison: five years"]),
])
def test_a_length_the_sources_give_differently_is_disputed(one: str, other: str,
                                                          values: list[str]) -> None:
    assert _lengths_disputed(one, other) == values


@pytest.fixture(scope="module")
def appeal_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Appeal Court's decision on Rong Chhun as EI's press release and a wire report
    tell it (their reviewed facts): three years of probation in one, two in the other."""
    folder = tmp_path_factory.mktemp("appeal") / "kh"
    reviewed = ROOT / "tests" / "cases" / "kh-ccu-rong-chhun-2020" / "reviewed"
    run("case", "new", str(folder))
    result = run("case", "add", str(folder),
                 str(reviewed / "04_press-release-ei-2021-11-15.facts.yaml"),
                 str(reviewed / "05_news-2021-11-12.facts.yaml"))
    assert result.exit_code == 0, result.output
    return folder


def test_the_length_of_the_probation_is_a_conflict(appeal_case: Path, tmp_path: Path) -> None:
    shown = run("case", "show", str(appeal_case)).output
    assert "length: probation: three years (EI press release of 15 November 2021); " \
           "probation: two years (news report of 12 November 2021)" in shown, shown
    store = tmp_path / "store"
    assert run("case", "load", str(appeal_case), "--store", str(store)).exit_code == 0
    result = run("query", "conflicts", "--store", str(store), "--param", "fact=length",
                 "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert sorted(r["value"] for r in rows) == ["probation: three years",
                                                 "probation: two years"], result.output
    assert {r["fact"] for r in rows} == {"length"}


def test_an_adopted_length_is_the_complaints(appeal_case: Path, tmp_path: Path) -> None:
    from c87.pipeline.case import read_case

    (dispute,) = [d for d in read_case(appeal_case).disputes if d.fact == "length"]
    three = next(s.ref for s in dispute.statements if "three" in s.value)
    assert run("case", "adopt", str(appeal_case), three, "length").exit_code == 0
    out = tmp_path / "out"
    assert run("case", "convert", str(appeal_case), "-o", str(out), "--to", "html").exit_code == 0
    page = (out / "kh.html").read_text(encoding="utf-8")
    assert ("The sources disagree on the length of a sentence or measure: probation: three "
            "years (EI press release of 15 November 2021) [adopted]; probation: two years "
            "(news report of 12 November 2021).") in page


# -- posts ------------------------------------------------------------------------------------

def _questioned(doc: str, title: str, body: str | None = "fpk", elsewhere: str | None = None
                ) -> Facts:
    """A document telling that Ms Babayeva, with the post ``title`` (of ``body``), was
    questioned on 3 June 2020; ``elsewhere``, a post it gives her in another sentence."""
    sha = hashlib.sha256(doc.encode()).hexdigest()
    quote = f"On 3 June 2020, Ms Babayeva, {title}, was taken for questioning by the police."
    positions = [{"title": title, "organisation": body}]
    if elsewhere:
        positions.append({"title": elsewhere, "organisation": body})
    bodies = [Actor(id="fpk", name="Federation of Trade Unions of Kyrgyzstan",
                    kind="union-federation"),
              Actor(id="textile", name="Textile Workers Union", kind="trade-union")]
    return Facts(source={"sha256": sha}, letter={"date": "2020-06-18", "country": "KG"},
                 actors=[Actor(id="babayeva", name="Ryskul Babayeva", kind="person",
                               given_name="Ryskul", family_name="Babayeva",
                               positions=positions), *bodies],
                 events=[{"id": "e1", "type": "interrogation", "date": "2020-06-03",
                          "evidence": [{"quote": quote, "start": 0, "end": len(quote)}],
                          "participants": [{"actor": "babayeva", "role": "victim"},
                                           *({"actor": b.id, "role": "victim"}
                                             for b in bodies)]}])


def _roles_disputed(*documents: Facts) -> list[str]:
    case = _linked(*documents)
    (event,) = [e for e in case.events if e.type == "interrogation"]
    assert len(event.members) == len(documents)
    return [s.value for d in event.disputes if d.fact == "role" for s in d.statements]


@pytest.mark.parametrize(("one", "other"), [
    ("acting FPKg president", "president of the FPK"),      # acting: the office is held
    ("interim president", "chairperson"),
    ("president", "chairperson of the federation"),          # one office, two words
    ("chairwoman", "présidente de la fédération"),
    ("general secretary", "secretary-general"),
    ("Secrétaire Générale", "secretaria general"),
    ("vice-president", "deputy chairperson of the FPK"),
    ("vicepresidenta", "vice-présidente"),
    ("former chairman", "deputy chair"),                    # a post held before
    ("a union leader", "deputy chairperson"),               # no office named
])
def test_posts_the_sources_agree_on_are_not_disputed(one: str, other: str) -> None:
    assert _roles_disputed(_questioned("a", one), _questioned("b", other)) == []


@pytest.mark.parametrize(("one", "other"), [
    ("acting FPKg president", "deputy chairperson of the FPK"),
    ("president", "general secretary"),
    ("présidente", "vice-présidente"),
    ("secretario general", "secretario general adjunto"),
    ("secrétaire général adjoint", "secrétaire général"),
    ("treasurer", "chairperson"),
])
def test_a_post_the_sources_give_differently_is_disputed(one: str, other: str) -> None:
    assert _roles_disputed(_questioned("a", one), _questioned("b", other)) == [
        f"Ryskul Babayeva: {one}", f"Ryskul Babayeva: {other}"]


def test_posts_are_compared_within_one_body_and_one_act() -> None:
    # president of one union, deputy of another: both may be true
    assert _roles_disputed(_questioned("a", "president", "textile"),
                           _questioned("b", "deputy chairperson", "fpk")) == []
    # a post of no named body is compared with the other source's, when that is of one
    assert _roles_disputed(_questioned("a", "president", None),
                           _questioned("b", "deputy chairperson")) != []
    # the post a document gives her elsewhere ("vice president" when the Council met) is
    # not what it says of her at this act
    assert _roles_disputed(_questioned("a", "acting president", elsewhere="vice president"),
                           _questioned("b", "acting chairwoman")) == []


@pytest.fixture(scope="module")
def questioning_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ms Babayeva's questioning of 3 June 2020 as the reference letter, a news report and
    the Government's reply tell it (their reviewed facts)."""
    folder = tmp_path_factory.mktemp("questioning") / "kg"
    reviewed = ROOT / "tests" / "cases" / "kg-fpk-2020" / "reviewed"
    run("case", "new", str(folder))
    result = run("case", "add", str(folder),
                 *(str(reviewed / f) for f in ("02_letter-ituc-2020-06-18.facts.yaml",
                                               "03_news-2020-06-17.facts.yaml",
                                               "05_government-reply-2022-02-14.facts.yaml")))
    assert result.exit_code == 0, result.output
    return folder


def test_the_post_the_government_gives_her_is_a_conflict(questioning_case: Path,
                                                        tmp_path: Path) -> None:
    shown = run("case", "show", str(questioning_case)).output
    assert ("role: Ryskul Babayeva: acting FPKg president (ITUC letter of 18 June 2020); "
            "Ryskul Babayeva: acting chairwoman of the federation (news report of 17 June "
            "2020); Ryskul Babayeva: deputy chairperson of the FPK (Government of Kyrgyzstan "
            "letter of 14 February 2022)") in shown, shown
    store = tmp_path / "store"
    assert run("case", "load", str(questioning_case), "--store", str(store)).exit_code == 0
    result = run("query", "conflicts", "--store", str(store), "--param", "fact=role",
                 "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert sorted(r["value"] for r in rows) == [
        "Ryskul Babayeva: acting FPKg president",
        "Ryskul Babayeva: acting chairwoman of the federation",
        "Ryskul Babayeva: deputy chairperson of the FPK"], result.output
    assert {r["type"] for r in rows} == {"interrogation"}


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
    assert "10 June 2020 (ITUC letter of 18 June 2020); 17 June 2020 (news report of 17 " \
           "June 2020)" in result.output, result.output
    # the letter's "acting FPKg president" is the report's "deputy chair"; the report's
    # "former chairman" Osmonov is not compared with the letter's "deputy president"
    assert "role: Ryskul Babayeva: acting FPKg president (ITUC letter of 18 June 2020); " \
           "Ryskul Babayeva: union's deputy chair (news report of 17 June 2020)" \
           in result.output, result.output
    assert "Kanatbek Osmonov: " not in result.output
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
    result = run("query", "conflicts", "--store", str(store), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    dates = sorted(r["value"] for r in rows if r["fact"] == "date" and r["type"] == "house-arrest")
    assert dates == ["2020-06-10", "2020-06-17"]
    timeline = list(csv.DictReader(io.StringIO(run(
        "query", "case-timeline", "--store", str(store), "--format", "csv").output)))
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


# -- the complaint of a case ------------------------------------------------------------------

@pytest.fixture(scope="module")
def worked_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The case of docs/cases.md: a letter, a news report and a CFA report."""
    folder = tmp_path_factory.mktemp("worked") / "kg-fpk"
    kg = ROOT / "tests" / "cases" / "kg-fpk-2020"
    run("case", "new", str(folder))
    run("case", "add", str(folder), str(kg / "02_letter-ituc-2020-06-18.txt"),
        str(kg / "03_news-2020-06-17.txt"), str(kg / "04_cfa-report-2021-10-case3386.txt"))
    return folder


def test_the_case_complaint_is_valid_and_shows_sources_and_disputes(
        worked_case: Path, tmp_path: Path) -> None:
    from lxml import etree

    from c87.output.complaint import complaint_errors

    out = tmp_path / "out"
    result = run("case", "convert", str(worked_case), "-o", str(out), "--to", "xml,html")
    assert result.exit_code == 0, result.output
    xml = (out / "kg-fpk.xml").read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    assert complaint_errors(etree.fromstring(xml, parser)) == []
    page = (out / "kg-fpk.html").read_text(encoding="utf-8")
    assert ("The sources disagree on the date: 10 June 2020 (ITUC letter of 18 June 2020); "
            "17 June 2020 (news report of 17 June 2020); 10 June 2020 (CFA report of "
            "October 2021).") in page
    assert "Told by 3 documents: ITUC letter of 18 June 2020; news report of 17 June 2020; " \
           "CFA report of October 2021." in page
    assert "ITUC letter of 18 June 2020 (d1/e15): " in page  # each quotation's source
    assert "Follow-up to Case No. 3386: new allegations since the Committee's report of " \
           "October 2021" in page
    assert "d3: CFA report of October 2021; it recalls d1." in page  # the annex
    assert "Date disputed between the sources" in page


def test_an_adopted_date_is_the_complaints(worked_case: Path, tmp_path: Path) -> None:
    from c87.pipeline.case import read_case

    (event,) = [e for e in read_case(worked_case).events
                if e.type == "house-arrest" and len(e.members) == 3]
    letter = next(r for r in event.members if r.startswith("d1/"))
    assert run("case", "adopt", str(worked_case), letter, "date").exit_code == 0
    out = tmp_path / "out"
    run("case", "convert", str(worked_case), "-o", str(out), "--to", "html")
    page = (out / "kg-fpk.html").read_text(encoding="utf-8")
    assert "10 June 2020 (ITUC letter of 18 June 2020) [adopted]" in page
