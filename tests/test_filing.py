"""Issue 12, item 11: the complaint as an officer would file it (its content, not its print).

Each test is named after a point of the item. The complaints are made from the reference
letter and from real texts of the development corpus (tests/corpus/dev/, never blind/),
converted as a user would, and every one is validated against both schemas first.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from c87 import ontology
from c87.input import load_complainant, read_letter
from c87.mapper import extract
from c87.mapper.checklist import checklist
from c87.mapper.complaint import allegation_heading, event_summary, make_complaint
from c87.model import Facts
from c87.model.complaint import ComplainantProfile
from c87.ontology.akn import AKN, C87, parse_xml
from c87.ontology.cfa import is_placeholder_name
from c87.output.complaint import complaint_errors, render_html, serialize_complaint

from .conftest import LETTERS, REFERENCE_LETTER, ROOT

A = {"a": AKN, "c87": C87}
PROFILE = ROOT / "examples" / "complainant.yaml"
DEV = ROOT / "tests" / "corpus" / "dev"

TEXTS = {
    "reference": REFERENCE_LETTER,
    "letter-002": LETTERS / "002_industriall-bangladesh.txt",   # "Ltd.", "evening of 16 June"
    "dev-400": DEV / "400_ituc-algeria-maghreb-forum.txt",
    "dev-410": DEV / "410_alterpresse-haiti-sota-dismissals.txt",  # French, "S.A."
    "dev-425": DEV / "425_dossiervenezuela-venezuela-sindicalistas-presos.txt",  # Spanish
    "dev-440": DEV / "440_ituc-philippines-sequena-murder.txt",
    "dev-483": DEV / "483_bloomberg-usa-starbucks-firings.txt",    # "Corp."
    "dev-508": DEV / "508_ilo-cfa-peru-gloria-dismissals.txt",     # a CFA report, "S.A."
}


@functools.cache
def converted(key: str) -> tuple[Facts, str, etree._ElementTree, lxml_html.HtmlElement]:
    """The facts, letter text, complaint tree (checked valid) and page of a text of TEXTS."""
    text = read_letter(TEXTS[key])
    facts = extract(text)
    xml = serialize_complaint(facts, load_complainant(PROFILE), text=text.text)
    tree = parse_xml(xml, "<complaint>")
    assert complaint_errors(tree.getroot()) == []
    return facts, text.text, tree, lxml_html.document_fromstring(render_html(xml))


def _line(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def cut_inside_a_word(summary: str, source: str, known_words: set[str]) -> bool:
    """Whether ``summary`` ends inside a word of ``source``.

    A summary made of the source's words ends where the source has a word boundary; one
    composed of names and labels ends with a word of the source or of ``known_words``.
    """
    core = summary.rstrip(" .…")
    if not re.search(r"\w", core):
        return False
    source = _line(source)
    tail = core[-40:]
    ends = [m.end() for m in re.finditer(re.escape(tail), source)]
    if ends:
        return all(end < len(source) and source[end].isalnum() for end in ends)
    last = re.findall(r"\w+", core.casefold())[-1]
    return last not in _words(source) | known_words


def _known_words(facts: Facts) -> set[str]:
    words = set()
    for actor in facts.actors:
        words |= _words(" ".join([actor.name, *actor.aliases]))
    for scheme in ontology.SCHEMES:
        for concept in ontology.concepts(scheme):
            words |= _words(concept.label)
    return words


def summaries(tree: etree._ElementTree, page: lxml_html.HtmlElement) -> list[str]:
    """Every summary the complaint shows: in its paragraphs, its references, its timeline."""
    found = ["".join(p.itertext()) for p in tree.iterfind(".//a:p[@class='summary']", A)]
    found += [node.get("showAs") for node in tree.iterfind(".//a:TLCEvent", A)]
    found += [p.text_content() for p in page.find_class("summary")]
    found += [td.text_content() for td in page.get_element_by_id("timeline").find_class("what")]
    return [_line(s) for s in found if s.strip()]


# -- summaries ----------------------------------------------------------------------------

def test_item11_the_checker_catches_a_summary_cut_inside_a_word() -> None:
    letter = read_letter(REFERENCE_LETTER).text
    cut = ("In line with the Constitution of the FTUKg, its Council met on 5 February 2020 "
           "to dismiss Mr Asanakunov from the leadership position; to ent.")
    assert cut_inside_a_word(cut, letter, set())
    assert not cut_inside_a_word(cut.removesuffix(" to ent.") + "…", letter, set())
    assert cut_inside_a_word("Stolen by Pol", letter, set())
    assert not cut_inside_a_word("Federation of Trade Unions of Kyrgyzstan", letter, set())


@pytest.mark.parametrize("key", TEXTS)
def test_item11_summaries_never_end_inside_a_word(key: str) -> None:
    facts, letter, tree, page = converted(key)
    known = _known_words(facts)
    shown = summaries(tree, page)
    assert shown, "the complaint shows no summary at all"
    for summary in shown:
        assert not cut_inside_a_word(summary, letter, known), summary
    for event in facts.events:  # and the facts document the complaint carries
        if event.summary:
            assert not cut_inside_a_word(event.summary, letter, known), event.summary


def test_item11_summaries_of_the_reference_letter_are_clauses() -> None:
    facts, _, _, _ = converted("reference")
    by_type = {e.type: e.summary for e in facts.events}
    assert by_type["union-internal-decision"] == (
        "Union internal decision: In line with the Constitution of the FTUKg, its Council "
        "met on 5 February 2020 to dismiss Mr Asanakunov from the leadership position…")
    assert by_type["planned-intervention"].endswith("respected in the country…")
    assert not by_type["planned-intervention"].endswith("complai")


def test_item11_summaries_cut_by_an_earlier_version_are_cut_again_at_a_clause() -> None:
    facts, text, _, _ = converted("reference")
    data = facts.model_dump()
    for event in data["events"]:  # what c87 0.1 wrote: the sentence's first 140 characters
        if event["type"] == "union-internal-decision":
            quote = _line(event["evidence"][0]["quote"])
            event["summary"] = "Union internal decision: " + quote[:140]
            assert event["summary"].endswith("; to ent")
    old = Facts.model_validate(data)
    event = next(e for e in old.events if e.type == "union-internal-decision")
    assert event_summary(event) == (
        "In line with the Constitution of the FTUKg, its Council met on 5 February 2020 to "
        "dismiss Mr Asanakunov from the leadership position…")
    xml = serialize_complaint(old, load_complainant(PROFILE), text=text)
    tree = parse_xml(xml, "<complaint>")
    assert complaint_errors(tree.getroot()) == []
    page = lxml_html.document_fromstring(render_html(xml))
    for summary in summaries(tree, page):
        assert not cut_inside_a_word(summary, text, _known_words(old)), summary


# -- full stops and repeated lines ----------------------------------------------------------

@pytest.mark.parametrize("key", TEXTS)
def test_item11_no_double_full_stop(key: str) -> None:
    _, _, tree, page = converted(key)
    body = _line("".join(tree.find(".//a:mainBody", A).itertext()))
    text = _line(page.find(".//main").text_content())
    for what in (body, text):
        assert not re.search(r"(?<!\.)\.\.(?!\.)", what), re.search(r".{30}\.\..{10}", what)


def test_item11_a_name_ending_in_a_full_stop_ends_the_sentence() -> None:
    _, _, _, page = converted("letter-002")
    lines = [_line(p.text_content()) for p in page.find_class("participants")]
    assert any(line.endswith("Silverline Apparels Ltd.") for line in lines), lines
    assert any("Silverline Apparels Ltd. Perpetrator" in line
               or "Silverline Apparels Ltd.; " in line for line in lines), lines


@pytest.mark.parametrize("key", TEXTS)
def test_item11_no_repeated_role_line(key: str) -> None:
    page = converted(key)[3]
    for article in page.find_class("allegation") + page.find_class("paragraph"):
        for p in article.find_class("participants"):
            line = _line(p.text_content())
            labels = [label.casefold().rstrip("s") for label in
                      re.findall(r"(?:^|\. )([A-Z][a-z]+(?: [a-z]+)?): ", line)]
            assert len(labels) == len(set(labels)), line
            assert not re.search(r"\b(\w+): [^.]*; \1: ", line, re.IGNORECASE), line


@pytest.mark.parametrize("key", TEXTS)
def test_item11_no_summary_repeats_the_heading_and_participants(key: str) -> None:
    page = converted(key)[3]
    for article in page.find_class("allegation") + page.find_class("paragraph"):
        shown = article.find_class("summary")
        if not shown:
            continue
        summary = _line(shown[0].text_content())
        said = " ".join(_line(node.text_content()) for node in article.iter()
                        if node.get("class") in ("participants", "evidence")
                        or node.tag in ("h3", "h4"))
        assert not _words(summary) <= _words(said) | {"by"}, summary
        quotes = [_line(q.text_content()) for q in article.iter("q")]
        assert not any(summary.rstrip(".…") in q for q in quotes), summary
    # Where the summary went, the paragraph still says who: the roles, once each.
    reference = converted("reference")[3]
    two = [a for a in reference.find_class("allegation")
           if "Victims: Federation of Trade Unions of Kyrgyzstan; leaders and activists. "
              "Perpetrator: Government of Kyrgyzstan." in _line(a.text_content())]
    assert len(two) == 2  # intimidation and non-recognition of the leadership
    assert all(not a.find_class("summary") for a in two)


def test_item11_a_post_does_not_repeat_its_organisation() -> None:
    _, _, _, page = converted("reference")
    text = _line(page.get_element_by_id("sec_allegations").text_content())
    assert "Ryskul Babayeva (former chairperson of the textile workers’ union; vice " \
           "president, Federation of Trade Unions of Kyrgyzstan; acting FPKg president)" in text
    assert "textile workers’ union, textile workers’ union" not in text
    assert "chairman of the trade union of forestry workers, trade union" not in text


# -- the order of the allegations -------------------------------------------------------------

def _date_key(event: etree._Element) -> str | None:
    return event.get("date") or event.get("start") or event.get("end")


@pytest.mark.parametrize("key", TEXTS)
def test_item11_allegations_ordered_by_date_within_each_heading(key: str) -> None:
    _, _, tree, _ = converted(key)
    events = {e.get("id"): e for e in tree.iterfind(".//c87:facts/c87:event", A)}
    groups = tree.findall(".//a:section[@eId='sec_allegations']/a:subsection", A)
    ranks = []
    number = 0
    for group in groups:
        paragraphs = group.findall("a:paragraph", A)
        assert paragraphs, group.get("eId")
        keys = []
        for para in paragraphs:
            number += 1
            assert para.findtext("a:num", namespaces=A) == f"{number}."
            event = events[para.get("refersTo").removeprefix("#event_")]
            heading = allegation_heading(event.get("type"))
            assert group.get("eId") == f"sec_allegations__subsec_{heading.id}"
            assert group.findtext("a:heading", namespaces=A) == heading.label
            ranks.append(heading.rank)
            keys.append(_date_key(event))
        dated = [k for k in keys if k is not None]
        assert keys == dated + [None] * (len(keys) - len(dated)), keys  # undated last
        assert dated == sorted(dated), keys
    assert ranks == sorted(ranks)
    assert number == sum(e.get("allegedViolation") == "true" for e in events.values())


def test_item11_reference_allegations_in_order() -> None:
    page = converted("reference")[3]
    section = page.get_element_by_id("sec_allegations")
    headings = [_line(h.text_content()) for h in section.iter("h3")]
    assert headings == ["A. Civil liberties of trade unionists",
                        "B. Election of representatives and internal affairs",
                        "C. Administration and funds of organisations", "D. Legislation"]
    titles = [_line(h.text_content()) for h in section.iter("h4")]
    assert titles[0] == "1. Interrogation"           # from February 2020
    assert titles[7] == "8. House arrest"            # 10 June 2020
    assert titles[-1] == "14. Legislative restriction"  # undated, under Legislation
    urgency = _line(page.get_element_by_id("sec_urgency").text_content())
    assert "on the ground of allegations 1, 7 and 8." in urgency
    print("\n".join(_line(node.text_content())
                    for node in section.iter("h2", "h3", "h4", "p")))


# -- the principles: quoted with their source, or nothing ------------------------------------

def test_item11_principles_quote_sources_or_say_nothing() -> None:
    _, _, tree, page = converted("reference")
    xml = etree.tostring(tree, encoding="unicode")
    for words in ("UNVERIFIED", "as recalled", "Note: "):
        assert words not in xml
        assert words not in page.text_content()
    section = page.get_element_by_id("sec_principles")
    for principle in section.find_class("principle"):
        texts = principle.find_class("text")
        sources = principle.find_class("source")
        assert len(texts) == len(sources)
        for text, source in zip(texts, sources, strict=True):
            assert '"' in text.text_content()  # a quotation
            link = source.find(".//a")
            assert link is not None and link.get("href").startswith(("http://", "https://"))
            assert _line(source.text_content()).startswith("Source: ")
    for notation in ("CL-liberty", "CL-fair-trial", "CL-property"):
        # The recalled wording stays out of the filing (that of assembly and expression is
        # their label, which the filing names; it quotes nothing for them, as seen below).
        assert ontology.concept(notation).definition not in page.text_content()
    text = _line(section.text_content())
    assert ('"the right to adequate protection of trade union property is one of those civil '
            'liberties which are essential for the normal exercise of trade union rights"'
            in text)
    assert "NORMLEX, section 3943709, level 2" in text
    assert '"the right to freedom and security of person and freedom from arbitrary arrest ' \
           'and detention"' in text
    assert "NORMLEX, section 3943198, level 2" in text
    by_heading = {_line(p.find("h3").text_content()): p for p in section.find_class("principle")}
    for unverified in ("Freedom of assembly", "Freedom of opinion and expression"):
        assert not by_heading[unverified].find_class("text")  # named, nothing quoted
    assert ontology.concept("C087-3-2").definition in text
    assert "Article 3(2)" in text


def test_item11_unverified_wording_stays_in_the_ontology_with_its_note() -> None:
    for c in ontology.concepts("cl"):
        assert c.definition
        assert any("UNVERIFIED" in note for note in c.notes), c.notation
    sentences = {"CL-liberty": "CFA-S3943198-1", "CL-fair-trial": "CFA-S3943198-2",
                 "CL-property": "CFA-S3943709-1"}
    for notation, cfa in sentences.items():
        assert ontology.concept(notation).close_matches == (cfa,)
        sentence = ontology.concept(cfa)
        assert sentence.scheme == "cfa" and notation in sentence.interprets
        section = cfa.removeprefix("CFA-S").rsplit("-", 1)[0]
        assert sentence.source.endswith(f"P70002_HIER_LEVEL:{section},2")
        assert f"section {section}, level 2" in sentence.citation
    for notation in ("CL-expression", "CL-assembly"):
        assert ontology.concept(notation).close_matches == ()


def test_item11_civil_liberties_resolution_is_cited_at_digest_2006_31() -> None:
    text = (ontology.DATA_DIR / "civil-liberties.ttl").read_text(encoding="utf-8")
    assert "Digest 2006: 31" in text
    assert "Digest 2006: 30)" not in text and "Digest 2006: 30." not in text


def test_item11_ontology_follows_the_reference_on_prescription_and_namespaces() -> None:
    from c87.ontology.cfa import cfa_procedure

    prescription = cfa_procedure()["prescription"]
    assert prescription["source"] == "https://guide-supervision.ilo.org/author/adminvg59/page/5/"
    assert prescription["text"].startswith("Despite there are no formal rules fixing any "
                                           "particular period of prescription")
    assert prescription["text"].endswith("It may in such cases choose not to examine the "
                                         "complaint.")
    graph = ontology.ontology_graph()
    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    verified = {"prov": "http://www.w3.org/ns/prov#", "org": "http://www.w3.org/ns/org#",
                "foaf": "http://xmlns.com/foaf/0.1/", "dcterms": "http://purl.org/dc/terms/",
                "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
                "eli": "http://data.europa.eu/eli/ontology#"}
    for prefix, namespace in verified.items():
        assert namespaces[prefix] == namespace
    docs = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    row = next(line for line in docs.splitlines() if line.startswith("| schema.org |"))
    assert "UNVERIFIED" in row


# -- the placeholder signatory ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["Jane Doe", "JANE DOE", "John  Doe", "N.N.", "N. N.", "NN",
                                  "[Your Name]", "<name>", "Max Mustermann", "...", "—"])
def test_item11_placeholder_names_are_recognised(name: str) -> None:
    assert is_placeholder_name(name)


@pytest.mark.parametrize("name", ["Sharan Burrow", "Maria Lindqvist", "Jan Doelen",
                                  "Nana Nkrumah"])
def test_item11_real_names_are_not_placeholders(name: str) -> None:
    assert not is_placeholder_name(name)


def test_item11_placeholder_signatory_fails_the_signatory_check(run, tmp_path: Path) -> None:
    result = run("convert", str(REFERENCE_LETTER), "-o", str(tmp_path), "--to", "xml",
                 "--complainant", str(PROFILE))
    assert result.exit_code == 0, result.stderr
    assert (f"c87: warning: {PROFILE}: signatory.name: Jane Doe is a placeholder name: this "
            "profile is an example") in result.stderr
    xml = tmp_path / "ituc-2020-06-18-perc-htur.xml"
    result = run("validate", str(xml))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    failed = [line for line in lines if ": FAILED  " in line]
    assert failed == [f"{xml}: FAILED  signatory name: Jane Doe is a placeholder name: the "
                      "complainant profile is an example; give the name of the person who "
                      "signs as signatory.name in your own profile (--complainant)"]
    assert lines[-1] == f"{xml}: 1 of 13 checks failed (signatory-name)"
    # Signed by a person, the same complaint passes.
    signed = tmp_path / "signed.yaml"
    signed.write_text(PROFILE.read_text(encoding="utf-8").replace(
        "name: Jane Doe", "name: Maria Lindqvist"), encoding="utf-8")
    result = run("convert", str(REFERENCE_LETTER), "-o", str(tmp_path / "signed"), "--to",
                 "xml", "--complainant", str(signed))
    assert result.exit_code == 0 and "warning" not in result.stderr
    result = run("validate", str(tmp_path / "signed" / xml.name))
    assert result.exit_code == 0, result.stdout


def test_item11_a_placeholder_in_the_letter_fails_too() -> None:
    data = converted("reference")[0].model_dump()
    data["letter"]["signatory"]["name"] = "[Name]"
    complaint = make_complaint(Facts.model_validate(data), letter_attached=True)
    result = next(r for r in checklist(complaint) if r.key == "signatory-name")
    assert not result.passed
    assert result.reason.startswith("[Name] is a placeholder name, not the letter's signatory")


def test_item11_the_placeholder_list_is_data_checked_when_loaded(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from c87.errors import C87Error
    from c87.ontology import data

    names = yaml.safe_load((ontology.DATA_DIR / "placeholders.yaml").read_text(
        encoding="utf-8"))["names"]
    assert "Jane Doe" in names and "N.N." in names
    for bad, words in (("names: [Jane Doe, JANE  DOE.]\n", "'JANE  DOE.' is the same name"),
                       ("names: [Jane Doe, '...']\n", "has no letter or digit"),
                       ("names: []\n", "names"), ("name: [Jane Doe]\n", "name")):
        (tmp_path / "placeholders.yaml").write_text(bad, encoding="utf-8")
        monkeypatch.setattr(data, "files", lambda _pkg: tmp_path)
        data.load.cache_clear()
        try:
            with pytest.raises(C87Error) as caught:
                data.load("placeholders")
            assert "placeholders.yaml" in str(caught.value) and words in str(caught.value)
        finally:
            monkeypatch.undo()
            data.load.cache_clear()


def test_item11_allegation_headings_cover_every_violation_type() -> None:
    from c87.ontology.data import load

    headings = load("allegation-headings")["headings"]
    types = {c.notation for c in ontology.concepts("event-types")}
    for heading in headings:
        assert set(heading["event_types"]) <= types, heading["id"]
        for notation in heading["principles"]:
            assert ontology.concept(notation) is not None, notation
    for concept in ontology.concepts("event-types"):
        if concept.is_violation:
            assert allegation_heading(concept.notation).id != "other", concept.notation
    assert allegation_heading("house-arrest").id == "civil-liberties"
    assert allegation_heading("non-recognition-of-leadership").id == "internal-affairs"
    assert allegation_heading("bribery").id == "other"


def test_item11_example_profile_says_it_is_an_example() -> None:
    profile: ComplainantProfile = load_complainant(PROFILE)
    assert profile.signatory is not None and is_placeholder_name(profile.signatory.name)
    assert "example" in PROFILE.read_text(encoding="utf-8")


@pytest.mark.skipif(not (ROOT / ".venv" / ".installed").exists() or shutil.which("make") is None,
                    reason="make demo needs the project's .venv (make test makes it)")
def test_item11_demo_shows_the_failing_signatory_check(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    result = subprocess.run(["make", "-s", "demo", f"OUT={out}"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "FAILED  signatory name: Jane Doe is a placeholder name: the complainant profile " \
           "is an example" in result.stdout
    assert "demo: only the signatory check fails: examples/complainant.yaml is an example" \
           in result.stdout
    assert len(re.findall(r": FAILED  ", result.stdout)) == 1
