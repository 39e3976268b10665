"""The ontology, the SKOS schemes, the mapping, the SHACL shapes and the JSON-LD context.

Data-driven where it can be: the invalid SHACL cases are SPARQL updates applied to the
valid hand-written graph in tests/data/ontology/house-arrest.ttl, each with the shape
path that must be reported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import owlrl
import pyoxigraph
import pytest
import rdflib
from pyld import jsonld
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, SKOS

import c87.ontology as ontology
from c87.ontology import (
    DATA_DIR,
    PRINCIPLE_SCHEMES,
    SCHEME_FILES,
    SCHEMES,
    UnknownSchemeError,
)

C87 = Namespace("https://w3id.org/c87/ontology#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain Namespace: pytest probes attributes
PROV = Namespace("http://www.w3.org/ns/prov#")
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # where owlrl reports
ID = "https://w3id.org/c87/id/"

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "data" / "ontology" / "house-arrest.ttl"
LETTER = HERE / "letters" / "000_623f508c44472784.txt"
DESIGN = HERE.parents[1] / "shared" / "DESIGN.md"  # beside the clone, when present

TURTLE_FILES = sorted(DATA_DIR.glob("*.ttl"))

# The vocabularies of DESIGN.md ("Vocabularies", a contract for the ids).
VIOLATION_TYPES = (
    "legislative-restriction", "interference-internal-affairs",
    "non-recognition-of-leadership", "obstruction-of-congress", "disruption-of-meetings",
    "seizure-of-assets", "intimidation", "smear-campaign", "investigation", "interrogation",
    "criminal-prosecution", "search", "arrest-detention", "house-arrest",
    "restriction-of-communication", "violence", "killing", "abduction",
    "dissolution-suspension", "registration-denial", "anti-union-dismissal",
    "strike-repression", "travel-ban",
)
OTHER_TYPES = ("union-internal-decision", "communication", "ratification", "release",
               "planned-intervention")
BROADER = {
    "non-recognition-of-leadership": "interference-internal-affairs",
    "obstruction-of-congress": "interference-internal-affairs",
    "interrogation": "investigation",
    "house-arrest": "arrest-detention",
}
ACTOR_KINDS = ("person", "group", "trade-union", "union-federation", "union-confederation",
               "organisation", "intergovernmental", "government", "state-authority",
               "legislature", "court", "police", "military", "employer")
ARTICLES = tuple(f"C087-{n}" for n in range(1, 12))
PARAGRAPHS = {"C087-3-1": "C087-3", "C087-3-2": "C087-3",
              "C087-8-1": "C087-8", "C087-8-2": "C087-8"}
# Numbers REFERENCE.md gives for CFA principles; no other may appear in the data.
DIGEST_2006 = {61, 62, 63, 130, 178, 179, 390, 485, 486, 487}
COMPILATION_2018 = {203}


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return ontology.ontology_graph()


@pytest.fixture(scope="module")
def example() -> rdflib.Graph:
    return rdflib.Graph().parse(EXAMPLE, format="turtle")


def concept_nodes(graph: rdflib.Graph) -> set[URIRef]:
    return {s for s in graph.subjects(SKOS.inScheme, None) if isinstance(s, URIRef)}


# --------------------------------------------------------------------------------------
# Parsing and OWL RL consistency
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: p.name)
def test_turtle_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    by_rdflib = rdflib.Graph().parse(path, format="turtle")
    by_oxigraph = list(pyoxigraph.parse(path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(by_rdflib) > 0
    assert len(by_rdflib) == len(set(by_oxigraph))


def test_every_data_file_is_loaded() -> None:
    loaded = {ontology.ONTOLOGY_FILE, *SCHEME_FILES.values(), ontology.ALIGNMENTS_FILE,
              ontology.SHAPES_FILE}
    assert set(TURTLE_FILES) == loaded


def owl_rl_errors(graph: rdflib.Graph) -> list[str]:
    closure = rdflib.Graph()
    closure += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    errors = [str(closure.value(m, ERR.error))
              for m in closure.subjects(RDF.type, ERR.ErrorMessage)]
    errors += [f"{s} is an owl:Nothing" for s in closure.subjects(RDF.type, OWL.Nothing)]
    return errors


def test_owl_rl_closure_adds_no_contradiction(graph: rdflib.Graph) -> None:
    assert owl_rl_errors(graph) == []


def test_owl_rl_check_catches_a_contradiction(graph: rdflib.Graph) -> None:
    # The check above is only worth something if owlrl reports what it should: a concept
    # that is both an event type and a principle breaks the disjointness axiom.
    broken = rdflib.Graph()
    broken += graph
    broken.add((URIRef(ID + "event-type/search"), RDF.type, C87.Principle))
    assert owl_rl_errors(broken)


# --------------------------------------------------------------------------------------
# Concepts: labels, definitions, sources, notations
# --------------------------------------------------------------------------------------

def test_no_concept_lacks_label_definition_or_source(graph: rdflib.Graph) -> None:
    missing = []
    for node in sorted(concept_nodes(graph)):
        labels = [v for v in graph.objects(node, SKOS.prefLabel) if v.language == "en"]
        definitions = [v for v in graph.objects(node, SKOS.definition) if v.language == "en"]
        if len(labels) != 1 or len(definitions) != 1 or not graph.value(node, DCTERMS.source):
            missing.append(str(node))
    assert missing == []


def test_every_scheme_and_instrument_has_a_source(graph: rdflib.Graph) -> None:
    for scheme in SCHEMES:
        assert graph.value(URIRef(ontology.scheme_iri(scheme)), DCTERMS.source), scheme


def test_notations_are_unique_and_iris_derive_from_them(graph: rdflib.Graph) -> None:
    notations = [str(n) for s in concept_nodes(graph) for n in graph.objects(s, SKOS.notation)]
    assert len(notations) == len(set(notations)) == len(concept_nodes(graph))
    for node in concept_nodes(graph):
        assert str(node).endswith("/" + str(graph.value(node, SKOS.notation))), node
        assert str(node).startswith(ID), node


def test_each_concept_sits_in_the_scheme_of_its_file() -> None:
    for key, path in SCHEME_FILES.items():
        g = rdflib.Graph().parse(path, format="turtle")
        schemes = {str(o) for o in g.objects(None, SKOS.inScheme)}
        assert schemes == {ontology.scheme_iri(key)}, path.name


def test_top_concepts_and_hierarchy_are_consistent(graph: rdflib.Graph) -> None:
    for node in concept_nodes(graph):
        parents = set(graph.objects(node, SKOS.broader))
        assert bool(parents) != bool(set(graph.objects(node, SKOS.topConceptOf))), node
        for parent in parents:
            assert (parent, SKOS.narrower, node) in graph, (node, parent)
            assert graph.value(parent, SKOS.inScheme) == graph.value(node, SKOS.inScheme)
    for parent, child in graph.subject_objects(SKOS.narrower):
        assert (child, SKOS.broader, parent) in graph
    for scheme, top in graph.subject_objects(SKOS.hasTopConcept):
        assert (top, SKOS.topConceptOf, scheme) in graph


def test_principles_are_typed_by_scheme(graph: rdflib.Graph) -> None:
    for node in concept_nodes(graph):
        scheme = str(graph.value(node, SKOS.inScheme)).rsplit("/", 1)[1]
        is_principle = (node, RDF.type, C87.Principle) in graph
        assert is_principle == (scheme in PRINCIPLE_SCHEMES), node


# --------------------------------------------------------------------------------------
# Convention 87, C098, civil liberties, CFA
# --------------------------------------------------------------------------------------

def test_c087_has_11_articles_and_4_paragraphs() -> None:
    found = {c.notation: c for c in ontology.concepts("c087")}
    assert set(found) == set(ARTICLES) | set(PARAGRAPHS)
    for article in ARTICLES:
        assert found[article].broader == ()
    for paragraph, article in PARAGRAPHS.items():
        assert found[paragraph].broader == (article,)
    assert found["C087-3"].narrower == ("C087-3-1", "C087-3-2")
    assert "refrain from any interference" in found["C087-3-2"].definition
    assert "impair" in found["C087-8-2"].definition


def test_definitions_that_are_not_quotations_say_so() -> None:
    # A definition either quotes the text in full ("...") or carries an editorial note.
    for scheme in ("c087", "c098", "cl", "cfa"):
        for c in ontology.concepts(scheme):
            quoted = c.definition.startswith('"') and c.definition.endswith('"')
            abridged = "…" in c.definition
            if not quoted or abridged:
                assert c.notes, c.notation


def test_civil_liberties_are_marked_unverified() -> None:
    cl = ontology.concepts("cl")
    assert [c.notation for c in cl] == ["CL-assembly", "CL-expression", "CL-fair-trial",
                                        "CL-liberty", "CL-property"]
    for c in cl:
        assert any("UNVERIFIED" in note for note in c.notes), c.notation
        assert c.source == ID + "instrument/ilc-1970-civil-liberties-resolution"


def test_c098_is_paraphrased_with_a_literal_source(graph: rdflib.Graph) -> None:
    assert [c.notation for c in ontology.concepts("c098")] == ["C098-1", "C098-2"]
    for c in ontology.concepts("c098"):
        assert any("Paraphrase" in note for note in c.notes)
        assert isinstance(graph.value(URIRef(c.iri), DCTERMS.source), Literal)


def test_convention_87_is_a_legal_resource(graph: rdflib.Graph) -> None:
    c087 = URIRef(ID + "instrument/C087")
    assert (c087, RDF.type, ELI.LegalResource) in graph
    assert graph.value(c087, ELI.date_document) == Literal("1948-07-09", datatype=XSD.date)
    assert graph.value(c087, ELI.first_date_entry_in_force) == Literal(
        "1950-07-04", datatype=XSD.date)
    assert "INSTRUMENT_ID:312232" in str(graph.value(c087, DCTERMS.source))
    for c in ontology.concepts("c087"):
        assert "P12100_INSTRUMENT_ID:312232" in (c.source or "")


def test_cfa_principles_carry_only_verified_numbers() -> None:
    cfa = ontology.concepts("cfa")
    assert {c.digest2006 for c in cfa} - {None} == DIGEST_2006
    assert {c.compilation2018 for c in cfa} - {None} == COMPILATION_2018
    for c in cfa:
        if c.notation.startswith("CFA-D2006-"):
            assert c.digest2006 == int(c.notation.rsplit("-", 1)[1])
        else:
            assert c.digest2006 is None
        assert c.interprets, c.notation
        for notation in c.interprets:
            assert ontology.concept(notation).scheme in ("c087", "c098", "cl")
        for source in c.sources:
            assert source.startswith((
                "http://ilo.org/dyn/normlex/en/f?p=NORMLEXPUB:70002:0::NO:70002:"
                "P70002_HIER_ELEMENT_ID,P70002_HIER_LEVEL:",
                "https://foa-workersguide.ilo.org/")), source
        if c.notation.startswith("CFA-WG"):
            assert any("Paraphrase" in note for note in c.notes), c.notation
    assert ontology.concept("CFA-D2006-130").compilation2018 == 203


def test_alignments_use_only_verified_wikidata_items(graph: rdflib.Graph) -> None:
    same = {(str(s), str(o)) for s, o in graph.subject_objects(OWL.sameAs)}
    assert same == {(ID + "organisation/ilo", "http://www.wikidata.org/entity/Q54129"),
                    (ID + "country/KG", "http://www.wikidata.org/entity/Q813")}
    matches = list(graph.subject_objects(SKOS.exactMatch))
    assert matches == []


# --------------------------------------------------------------------------------------
# Event types, the mapping, the lexicon, actor kinds
# --------------------------------------------------------------------------------------

def test_every_design_event_type_exists_with_its_broader_links() -> None:
    assert set(ontology.EVENT_TYPES) == set(VIOLATION_TYPES) | set(OTHER_TYPES)
    for event_type in ontology.EVENT_TYPES:
        assert ontology.broader(event_type) == (
            (BROADER[event_type],) if event_type in BROADER else ()), event_type


def test_violation_flags_match_design() -> None:
    for event_type in VIOLATION_TYPES:
        assert ontology.concept(event_type).is_violation is True, event_type
    for event_type in OTHER_TYPES:
        assert ontology.concept(event_type).is_violation is False, event_type


def test_every_violation_type_maps_to_existing_principles() -> None:
    for c in ontology.concepts("event-types"):
        if c.is_violation:
            assert c.principles, c.notation
        for notation in c.principles:
            principle = ontology.concept(notation)
            assert principle is not None, (c.notation, notation)
            assert principle.scheme in PRINCIPLE_SCHEMES, (c.notation, notation)


def test_house_arrest_maps_to_article_3_2_and_liberty() -> None:
    assert {"C087-3-2", "CL-liberty"} <= set(ontology.principles_for("house-arrest"))
    assert ontology.broader("house-arrest") == ("arrest-detention",)
    assert "house-arrest" in ontology.narrower("arrest-detention")


def test_mapping_follows_the_reference_table() -> None:
    # Spot checks against REFERENCE.md section 8 and the answer key of the reference letter.
    assert {"C087-3", "C087-8-2"} <= set(ontology.principles_for("legislative-restriction"))
    assert ontology.principles_for("interference-internal-affairs") == ("C087-3-2",)
    assert ontology.principles_for("anti-union-dismissal") == ("C098-1",)
    assert ontology.principles_for("dissolution-suspension") == ("C087-4",)
    assert ontology.principles_for("union-internal-decision") == ("C087-3-1",)
    for event_type in ("communication", "ratification", "release", "planned-intervention"):
        assert ontology.principles_for(event_type) == ()


def test_cue_words_are_clean_and_cover_every_event_type(graph: rdflib.Graph) -> None:
    english = ontology.cue_words("en")
    assert set(english) == set(ontology.EVENT_TYPES)
    for cue in graph.objects(None, C87.cueWord):
        assert cue.language in {"en", "fr", "es"}, cue
        assert str(cue) == str(cue).strip() and str(cue), cue
    for lang in ("en", "fr", "es"):
        for event_type, cues in ontology.cue_words(lang).items():
            assert len(cues) == len(set(cues)), (lang, event_type)
    for event_type in ("arrest-detention", "house-arrest", "search", "interrogation",
                       "criminal-prosecution", "seizure-of-assets", "violence", "killing"):
        assert ontology.cue_words("fr")[event_type], event_type
        assert ontology.cue_words("es")[event_type], event_type
    assert "house arrest" in english["house-arrest"]
    assert "détention" in ontology.cue_words("fr")["arrest-detention"]
    assert "detención" in ontology.cue_words("es")["arrest-detention"]


def test_cue_words_find_the_reference_letter_events() -> None:
    text = " ".join(LETTER.read_text(encoding="utf-8").split()).casefold()
    english = ontology.cue_words("en")
    for event_type in ("house-arrest", "interrogation", "search", "seizure-of-assets",
                       "smear-campaign", "disruption-of-meetings", "criminal-prosecution",
                       "legislative-restriction", "intimidation", "ratification",
                       "restriction-of-communication", "union-internal-decision"):
        assert any(cue.casefold() in text for cue in english[event_type]), event_type


def test_actor_kinds_match_design() -> None:
    assert set(ontology.ACTOR_KINDS) == set(ACTOR_KINDS)
    for kind in ("union-federation", "union-confederation"):
        assert ontology.broader(kind) == ("trade-union",)
    assert ontology.broader("trade-union") == ("organisation",)
    for kind in ("police", "court", "legislature", "military", "government"):
        assert ontology.broader(kind) == ("state-authority",)


def _design_list(heading: str) -> list[tuple[str, str | None]]:
    text = DESIGN.read_text(encoding="utf-8")
    start = text.index(f"**{heading}**")
    body = text[start:].split("\n\n", 1)[0].split(":", 1)[1]
    body = body.replace("Events that are not violations:", "·")
    items = []
    for item in body.split("·"):
        m = re.match(r"\s*([a-z]+(?:-[a-z]+)*)\s*(?:\(->\s*([a-z-]+)\))?", item)
        if m:
            items.append((m.group(1), m.group(2)))
    return items


@pytest.mark.skipif(not DESIGN.exists(), reason="shared/DESIGN.md is not beside the repo")
def test_vocabularies_match_design_md() -> None:
    event_types = _design_list("Event types")
    assert {e for e, _ in event_types} == set(ontology.EVENT_TYPES)
    assert {e: b for e, b in event_types if b} == BROADER
    assert {k for k, _ in _design_list("Actor kinds")} == set(ontology.ACTOR_KINDS)


# --------------------------------------------------------------------------------------
# Python access
# --------------------------------------------------------------------------------------

def test_importing_the_module_does_not_import_rdflib() -> None:
    code = "import sys, c87.ontology; print('rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(DATA_DIR.parents[1])})
    assert out.stdout.strip() == "False"


def test_lookup_functions() -> None:
    assert ontology.concept("no-such-thing") is None
    c = ontology.concept("C087-3-2")
    assert c.iri == ID + "principle/C087-3-2"
    assert c.scheme == "c087" and c.broader == ("C087-3",)
    with pytest.raises(KeyError):
        ontology.principles_for("police")
    with pytest.raises(KeyError):
        ontology.broader("no-such-thing")
    with pytest.raises(UnknownSchemeError):
        ontology.concepts("c088")
    with pytest.raises(ValueError):
        ontology.list_concepts("c088")
    assert ontology.concepts("role-types")[0].scheme == "role-types"


def test_graphs_and_context_are_fresh_copies() -> None:
    g = ontology.ontology_graph()
    n = len(g)
    g.remove((None, None, None))
    assert len(ontology.ontology_graph()) == n
    ctx = ontology.context()
    ctx["@context"].clear()
    assert ontology.context()["@context"]["c87"] == ontology.NAMESPACE
    assert len(ontology.shapes_graph()) > 0


def test_list_concepts_json() -> None:
    items = json.loads(json.dumps(ontology.list_concepts("c087")))
    assert len(items) == 15
    for item in items:
        assert {"notation", "label", "definition", "broader", "scheme"} <= set(item)
    by = {i["notation"]: i for i in ontology.list_concepts("event-types")}
    assert by["house-arrest"]["broader"] == ["arrest-detention"]
    assert {"C087-3-2", "CL-liberty"} <= set(by["house-arrest"]["principles"])
    assert by["house-arrest"]["violation"] is True
    assert by["release"]["violation"] is False
    every = ontology.list_concepts()
    assert {i["scheme"] for i in every} == set(SCHEMES)


def test_concepts_turtle_holds_one_scheme() -> None:
    g = rdflib.Graph().parse(data=ontology.concepts_turtle("c087"), format="turtle")
    assert len(set(g.subjects(SKOS.inScheme, None))) == 15
    assert not list(g.subjects(RDF.type, C87.EventType))


def test_concepts_table() -> None:
    table = ontology.concepts_table("event-types")
    lines = table.splitlines()
    assert lines[1].split() == ["NOTATION", "LABEL", "VIOLATION", "PRINCIPLES"]
    house = next(line for line in lines if line.strip().startswith("house-arrest"))
    assert house.startswith("  house-arrest") and "CL-liberty" in house
    assert "C087-3-1" in ontology.concepts_table("c087")
    assert ontology.concepts_table().count("# ") == len(SCHEMES)


# --------------------------------------------------------------------------------------
# JSON-LD context
# --------------------------------------------------------------------------------------

SMALL_DOCUMENT = {
    "@id": "https://w3id.org/c87/id/case/x/event/e1",
    "@type": "Event",
    "eventType": "et:house-arrest",
    "timeStamp": "2020-06-10",
    "beginTimeStampMonth": "2020-02",
    "endTimeStampYear": "2021",
    "allegedViolation": True,
    "allegedlyViolates": ["principle:C087-3-2", "principle:CL-liberty"],
    "hasActor": [{"@id": "https://w3id.org/c87/id/case/x/event/e1/role/1", "@type": "Role",
                  "value": "https://w3id.org/c87/id/case/x/actor/osmonov",
                  "roleType": "rt:victim"}],
    "evidence": [{
        "@id": "https://w3id.org/c87/id/case/x/event/e1/evidence/1",
        "@type": "Annotation",
        "motivatedBy": "oa:identifying",
        "hasTarget": {
            "@id": "https://w3id.org/c87/id/case/x/event/e1/evidence/1/target",
            "@type": "SpecificResource",
            "hasSource": "https://w3id.org/c87/id/letter/x",
            "hasSelector": [
                {"@id": "https://w3id.org/c87/id/case/x/q", "@type": "TextQuoteSelector",
                 "exact": "under house arrest"},
                {"@id": "https://w3id.org/c87/id/case/x/p", "@type": "TextPositionSelector",
                 "start": 2005, "end": 2203}]}}],
}

SMALL_TURTLE = """
@base <https://w3id.org/c87/id/case/x/> .
@prefix c87: <https://w3id.org/c87/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<event/e1> a sem:Event ;
    sem:eventType <https://w3id.org/c87/id/event-type/house-arrest> ;
    sem:hasTimeStamp "2020-06-10"^^xsd:date ;
    sem:hasBeginTimeStamp "2020-02"^^xsd:gYearMonth ;
    sem:hasEndTimeStamp "2021"^^xsd:gYear ;
    c87:allegedViolation true ;
    c87:allegedlyViolates <https://w3id.org/c87/id/principle/C087-3-2> ,
        <https://w3id.org/c87/id/principle/CL-liberty> ;
    sem:hasActor <event/e1/role/1> .
<event/e1/role/1> a sem:Role ;
    rdf:value <actor/osmonov> ;
    sem:roleType <https://w3id.org/c87/id/role/victim> .
<event/e1/evidence/1> a oa:Annotation ;
    oa:motivatedBy oa:identifying ;
    oa:hasBody <event/e1> ;
    oa:hasTarget <event/e1/evidence/1/target> .
<event/e1/evidence/1/target> a oa:SpecificResource ;
    oa:hasSource <https://w3id.org/c87/id/letter/x> ;
    oa:hasSelector <q> , <p> .
<q> a oa:TextQuoteSelector ; oa:exact "under house arrest" .
<p> a oa:TextPositionSelector ;
    oa:start "2005"^^xsd:nonNegativeInteger ; oa:end "2203"^^xsd:nonNegativeInteger .
"""


def test_context_round_trips_a_small_graph() -> None:
    document = {"@context": ontology.context()["@context"], **SMALL_DOCUMENT}
    nquads = jsonld.to_rdf(jsonld.expand(document), {"format": "application/n-quads"})
    from_jsonld = rdflib.Graph().parse(data=nquads, format="nt")
    from_turtle = rdflib.Graph().parse(data=SMALL_TURTLE, format="turtle")
    assert isomorphic(from_jsonld, from_turtle)
    # ... and compacting the expanded form picks the typed date terms again.
    compacted = jsonld.compact(jsonld.expand(document), ontology.context())
    assert compacted["beginTimeStampMonth"] == "2020-02"
    assert compacted["endTimeStampYear"] == "2021"


def test_context_round_trips_the_example_graph_through_rdflib(example: rdflib.Graph) -> None:
    text = example.serialize(format="json-ld", context=ontology.context()["@context"])
    assert isomorphic(rdflib.Graph().parse(data=text, format="json-ld"), example)
    nquads = jsonld.to_rdf(json.loads(text), {"format": "application/n-quads"})
    assert isomorphic(rdflib.Graph().parse(data=nquads, format="nt"), example)


# --------------------------------------------------------------------------------------
# SHACL
# --------------------------------------------------------------------------------------

def results(report: rdflib.Graph) -> list[tuple[rdflib.term.Node, rdflib.term.Node]]:
    """(result path, source constraint component) of every validation result."""
    return [(report.value(r, SH.resultPath), report.value(r, SH.sourceConstraintComponent))
            for r in report.subjects(RDF.type, SH.ValidationResult)]


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_example_graph_conforms(example: rdflib.Graph, inference: str) -> None:
    conforms, _, text = ontology.validate(example, inference=inference)
    assert conforms, text


def test_example_quote_matches_the_letter(example: rdflib.Graph) -> None:
    text = LETTER.read_text(encoding="utf-8")
    start = int(next(example.objects(None, OA.start)))
    end = int(next(example.objects(None, OA.end)))
    assert text[start:end] == str(next(example.objects(None, OA.exact)))


PREFIXES = """
BASE <https://w3id.org/c87/id/>
PREFIX c87: <https://w3id.org/c87/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
OSMONOV = "<case/0d9fd40fcb2f5ba7/actor/osmonov>"
COURT = "<case/0d9fd40fcb2f5ba7/actor/district-court>"


def replace(predicate: str, value: str) -> str:
    """A SPARQL update that gives every ?s with ``predicate`` the single ``value``."""
    return (f"DELETE {{ ?s {predicate} ?old }} INSERT {{ ?s {predicate} {value} }}"
            f" WHERE {{ ?s {predicate} ?old }}")


# (case, SPARQL update that breaks the valid graph, path of the expected result)
INVALID = [
    ("event-without-evidence", "DELETE WHERE { ?a oa:hasBody ?event }", "evidence"),
    ("event-without-type", "DELETE WHERE { ?event sem:eventType ?type }", SEM.eventType),
    ("event-with-unknown-type", replace("sem:eventType", "<event-type/bribery>"),
     SEM.eventType),
    ("violation-without-principle", "DELETE WHERE { ?event c87:allegedlyViolates ?p }",
     C87.allegedlyViolates),
    ("violation-type-without-principle-or-flag",
     "DELETE WHERE { ?event c87:allegedlyViolates ?p } ;"
     " DELETE WHERE { ?event c87:allegedViolation ?v }",
     C87.allegedlyViolates),
    ("principle-that-is-not-a-principle",
     "INSERT { ?e c87:allegedlyViolates <event-type/search> } WHERE { ?e a sem:Event }",
     C87.allegedlyViolates),
    ("malformed-date", replace("sem:hasTimeStamp", '"2020-13-45"^^xsd:date'),
     SEM.hasTimeStamp),
    ("date-typed-as-string", replace("sem:hasTimeStamp", '"2020-06-10"^^xsd:string'),
     SEM.hasTimeStamp),
    ("actor-without-name", f"DELETE WHERE {{ {OSMONOV} foaf:name ?n }}", FOAF.name),
    ("actor-without-kind", f"DELETE WHERE {{ {COURT} c87:actorKind ?k }}", C87.actorKind),
    ("letter-without-date",
     "DELETE { ?l dcterms:date ?d } WHERE { ?l a c87:Letter ; dcterms:date ?d }",
     DCTERMS.date),
    ("letter-with-two-dates",
     'INSERT { ?l dcterms:date "2020-06-19"^^xsd:date } WHERE { ?l a c87:Letter }',
     DCTERMS.date),
    ("letter-date-typed-as-string", replace("dcterms:date", '"2020-06-18"^^xsd:string'),
     DCTERMS.date),
    ("letter-subject-not-a-literal", replace("dcterms:title", "<subject/interference>"),
     DCTERMS.title),
    ("case-from-two-letters",
     "INSERT { ?c prov:wasDerivedFrom <letter/other> . <letter/other> a c87:Letter ;"
     ' dcterms:date "2020-01-01"^^xsd:date ; dcterms:title "Another" }'
     " WHERE { ?c a c87:Case }",
     PROV.wasDerivedFrom),
    ("selector-start-after-end", replace("oa:start", '"3000"^^xsd:nonNegativeInteger'),
     OA.start),
    ("selector-offset-not-an-integer", replace("oa:end", '"2203"'), OA.end),
    ("quote-selector-missing",
     "DELETE WHERE { ?t oa:hasSelector ?s . ?s a oa:TextQuoteSelector ; oa:exact ?x ;"
     " oa:prefix ?p ; oa:suffix ?f }",
     OA.hasSelector),
]


def expected_path(path: object) -> object:
    if path == "evidence":  # [ sh:inversePath oa:hasBody ]
        return ("inverse", OA.hasBody)
    return path


def normalise(report: rdflib.Graph, path: rdflib.term.Node | None) -> object:
    if isinstance(path, rdflib.BNode) and report.value(path, SH.inversePath) is not None:
        return ("inverse", report.value(path, SH.inversePath))
    return path


@pytest.mark.parametrize(("case", "update", "path"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_graph_fails_with_the_expected_path(
        example: rdflib.Graph, case: str, update: str, path: object) -> None:
    broken = rdflib.Graph()
    broken += example
    broken.update(PREFIXES + update)
    assert len(broken) != len(example) or not isomorphic(broken, example), case
    conforms, report, text = ontology.validate(broken)
    assert not conforms, case
    paths = {normalise(report, p) for p, _ in results(report)}
    assert expected_path(path) in paths, text


def test_validate_accepts_a_dataset(example: rdflib.Graph) -> None:
    dataset = rdflib.Dataset()
    case_graph = dataset.graph(URIRef(ID + "case/0d9fd40fcb2f5ba7"))
    for triple in example:
        case_graph.add(triple)
    conforms, _, text = ontology.validate(dataset)
    assert conforms, text


def test_shapes_work_with_pyshacl_cli_and_ont_graph(example: rdflib.Graph,
                                                    tmp_path: Path) -> None:
    # pySHACL copies only class and property axioms from --ont-graph by default; the
    # concepts the shapes look up (event types, principles) need its full mix-in mode.
    ont = tmp_path / "ontology.ttl"
    ontology.ontology_graph().serialize(ont, format="turtle")
    valid = tmp_path / "valid.ttl"
    example.serialize(valid, format="turtle")
    broken = rdflib.Graph()
    broken += example
    broken.update(PREFIXES + "DELETE WHERE { ?a oa:hasBody ?event }")
    invalid = tmp_path / "invalid.ttl"
    broken.serialize(invalid, format="turtle")
    pyshacl = Path(sys.executable).with_name("pyshacl")
    if not pyshacl.exists():
        pytest.skip("pyshacl command not beside the interpreter")
    env = {**os.environ, "PYSHACL_USE_FULL_MIXIN": "1"}
    command = [str(pyshacl), "-s", str(ontology.SHAPES_FILE), "-e", str(ont), "-i", "none"]
    ok = subprocess.run([*command, str(valid)], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    bad = subprocess.run([*command, str(invalid)], env=env, capture_output=True, text=True)
    assert bad.returncode == 1, bad.stdout


# --------------------------------------------------------------------------------------
# Documentation
# --------------------------------------------------------------------------------------

@pytest.mark.skipif(importlib.util.find_spec("pylode") is None, reason="pyLODE not installed")
def test_docs_render_the_ontology(tmp_path: Path) -> None:
    from c87.ontology import docs

    out = docs.build(tmp_path / "docs" / "ontology.html")
    html = out.read_text(encoding="utf-8")
    for label in ("allegedly violates", "engages", "cue word", "Letter", "Case"):
        assert label in html
    assert not list(tmp_path.glob("docs/*.partial"))


DOCS = HERE.parent / "docs" / "ontology.md"


def test_docs_mapping_table_matches_the_data() -> None:
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- mapping-table", 1)[1].split("<!-- end mapping-table -->", 1)[0]
    shown = block.split("```\n", 1)[1].rsplit("```", 1)[0]
    assert shown == ontology.concepts_table("event-types"), (
        "docs/ontology.md is out of date: paste `c87 principles --scheme event-types`")


def test_docs_example_is_the_tested_graph(example: rdflib.Graph) -> None:
    text = DOCS.read_text(encoding="utf-8")
    turtle = text.split("```turtle\n", 1)[1].split("```", 1)[0]
    assert isomorphic(rdflib.Graph().parse(data=turtle, format="turtle"), example)


def test_every_role_and_actor_kind_of_the_facts_document_has_a_concept() -> None:
    # The RDF output turns each facts role / kind into a concept IRI; the shapes require
    # the concept to exist, so the facts document's vocabularies must be covered.
    from typing import get_args

    model = pytest.importorskip("c87.model")
    roles = {c.notation for c in ontology.concepts("role-types")}
    assert set(get_args(model.Role)) <= roles
    assert set(get_args(model.ActorKind)) == set(ontology.ACTOR_KINDS)
