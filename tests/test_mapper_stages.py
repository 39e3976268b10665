"""The mapper's stages, each on the cases it exists for: lemmas, lemma cues, genres and
web pages, issuers, the data files' schemas, and a pipeline without import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c87.input import read_letter_bytes
from c87.mapper.assemble import read_letter_facts
from c87.mapper.cues import find_cues
from c87.mapper.genre import detect_genre, headline, mask, source_line
from c87.mapper.tokens import tokenize

MAPPER = Path(__file__).parents[1] / "src" / "c87" / "mapper"


def _types(text: str, language: str) -> list[tuple[str, str]]:
    return [(c.words, c.type) for c in find_cues(text, language=language)]


# --- tokens and lemma cues ---------------------------------------------------------------

def test_irregular_and_inflected_forms_have_their_lemmas() -> None:
    words = {t.lower: t.lemmas for t in tokenize("shot slain wrote arrêtés detenidos", "en").items}
    assert "shoot" in words["shot"] and "slay" in words["slain"] and "write" in words["wrote"]
    fr = {t.lower: t.lemmas for t in tokenize("Ils ont été arrêtés et détenus.", "fr").items}
    assert "arrêter" in fr["arrêtés"] and "détenir" in fr["détenus"]
    es = {t.lower: t.lemmas for t in tokenize("Fueron detenidos y despedidos.", "es").items}
    assert "detener" in es["detenidos"] and "despedir" in es["despedidos"]


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("Two unionists were shot dead on 3 May.", "en", ("shot dead", "killing")),
    ("He was gunned down outside his home.", "en", ("gunned down", "killing")),
    ("The leader was abducted by armed men.", "en", ("abducted", "abduction")),
    ("She was charged with sedition.", "en", ("charged with", "criminal-prosecution")),
    ("He was released on bail.", "en", ("released on bail", "release")),
    ("Les dirigeants ont été interpellés.", "fr", ("interpellés", "arrest-detention")),
    ("Los dirigentes fueron encarcelados.", "es", ("encarcelados", "arrest-detention")),
    ("La CSI condena firmemente estos homicidios.", "es", ("condena", "communication")),
])
def test_one_lemma_entry_covers_every_inflection(sentence: str, language: str,
                                                 expected: tuple[str, str]) -> None:
    assert expected in _types(sentence, language)


def test_tense_matters_where_the_type_is_about_tense() -> None:
    # A future announces ("saisira le Comité"), a past form of another sense reports.
    assert any(t == "seizure-of-assets"
               for _w, t in _types("La police a saisi les ordinateurs.", "fr"))
    assert not any(t == "seizure-of-assets"
                   for _w, t in _types("L'IE saisira le Comité de la liberté syndicale.", "fr"))
    assert not any(t == "communication"
                   for _w, t in _types("La CSA presentará una queja ante la OIT.", "es"))


def test_a_part_of_speech_keeps_a_word_to_its_reading() -> None:
    # "free trade unions" frees nobody; "freed" does.
    assert not any(t == "release" for _w, t in _types("They formed free trade unions.", "en"))
    assert ("freed", "release") in _types("He was freed on 4 May.", "en")


# --- web pages and genres ------------------------------------------------------------------

PAGE = """SOURCE: https://www.hrw.org/news/2020/07/30/jordan-teachers-syndicate-closed
Skip to main content

Jordan: Teachers' Syndicate Closed, Leaders Arrested

(Amman) – Police raided the Jordan Teachers Syndicate headquarters and arrested all 13
board members on July 25, 2020, Human Rights Watch said today.
"""


def test_the_source_line_names_the_page_and_is_read_by_nothing_else() -> None:
    line = source_line(PAGE)
    assert line is not None and line.url.startswith("https://www.hrw.org/news/2020/")
    masked = mask(PAGE, line.end)
    assert len(masked) == len(PAGE) and "hrw.org" not in masked
    facts = read_letter_facts(read_letter_bytes(PAGE.encode(), "page.txt")).facts
    assert facts.source.url == line.url
    assert all("SOURCE" not in e.evidence[0].quote for e in facts.events)


def test_a_web_text_has_its_headline_issuer_and_genre() -> None:
    facts = read_letter_facts(read_letter_bytes(PAGE.encode(), "page.txt")).facts
    assert facts.letter.subject == "Jordan: Teachers' Syndicate Closed, Leaders Arrested"
    assert facts.letter.sender == "hrw"  # the site is the issuer's own
    assert facts.letter.genre == "press-release"
    assert {e.type for e in facts.events} >= {"search", "arrest-detention"}


def test_the_headline_skips_navigation() -> None:
    line = source_line(PAGE)
    found = headline(mask(PAGE, line.end), line.end, [])
    assert found and found[0].startswith("Jordan:")


@pytest.mark.parametrize(("text", "salutation", "genre"), [
    ("1199. The complaint is contained in a communication. The Committee recalls that "
     "the complainant alleges dismissals.", False, "cfa-report"),
    ("ITUC Survey of violations of trade union rights: Bahrain.", False, "index-entry"),
    ("URGENT ACTION\nLabour rights activists at risk.", False, "urgent-action"),
    ("Dear Minister,\nWe write about the arrests.", True, "letter"),
    ("Brussels, 2 June 2009: the ITUC has condemned the arrests.", False, "press-release"),
    ("Police in the capital arrested six drivers on Saturday.", False, "news-report"),
])
def test_genres(text: str, salutation: bool, genre: str) -> None:
    assert detect_genre(text, salutation=salutation) == genre


def test_a_name_that_spells_the_site_is_its_issuer() -> None:
    page = ("SOURCE: https://www.alterpresse.org/spip.php?article15757\n"
            "P-au-P, 09 janv. 2014 [AlterPresse] --- Six travailleurs de l'usine ont été "
            "licenciés le 8 janvier 2014, apprend AlterPresse.\n")
    facts = read_letter_facts(read_letter_bytes(page.encode(), "p.txt")).facts
    sender = next(a for a in facts.actors if a.id == facts.letter.sender)
    assert sender.name == "AlterPresse"


# --- the data files --------------------------------------------------------------------------

def _refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, content: str) -> str:
    """The error that loading ``ontology/NAME.yaml`` gives when it holds ``content``."""
    from c87.errors import C87Error
    from c87.ontology import data

    (tmp_path / f"{name}.yaml").write_text(content, encoding="utf-8")
    monkeypatch.setattr(data, "files", lambda _pkg: tmp_path)
    data.load.cache_clear()
    try:
        with pytest.raises(C87Error) as caught:
            data.load(name)
        return str(caught.value)
    finally:
        data.load.cache_clear()


def test_a_data_file_that_does_not_fit_its_schema_is_refused_with_its_name(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    message = _refused(monkeypatch, tmp_path, "cues",
                       "cues:\n  killing:\n    en: [murder]\n    de: [x]\n")
    assert "cues.yaml" in message and "killing.de" in message


def test_a_word_yaml_reads_as_a_boolean_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    """YAML reads a bare NO as false: in a word list that silently loses the word (the
    lexicon's not_acronyms had lost "NO" so)."""
    from c87.ontology import data

    shipped = (Path(data.__file__).parent / "lexicon.yaml").read_text(encoding="utf-8")
    message = _refused(monkeypatch, tmp_path, "lexicon", shipped.replace('"NO", NON', "NO, NON"))
    assert "lexicon.yaml" in message and "not_acronyms" in message


def test_a_type_given_twice_in_a_data_file_is_refused_with_its_lines(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Two blocks of one type in cues.yaml (as a merge of two branches can leave): PyYAML
    would keep the second and drop the first block's words without a word."""
    message = _refused(monkeypatch, tmp_path, "cues",
                       "cues:\n  killing:\n    en: [murder]\n"
                       "  arrest:\n    en: [arrest]\n  killing:\n    en: [slay]\n")
    assert "cues.yaml" in message and "'killing' is given twice" in message
    assert "line 6" in message and "first on line 2" in message


def test_no_cue_is_listed_twice_for_one_type_and_language() -> None:
    """A repeated entry changes nothing but the time it takes; it is a sign of two lists
    merged without reading them."""
    from c87.ontology.data import load

    repeated = [(event_type, lang, word)
                for event_type, entry in load("cues")["cues"].items()
                for lang, words in entry.items() if lang != "source"
                for i, word in enumerate(words) if word in words[:i]]
    assert not repeated


@pytest.mark.parametrize("name", ["acts", "cues", "lemmas", "genres", "countries", "numbers",
                                  "lexicon", "placeholders", "allegation-headings"])
def test_every_shipped_data_file_fits_its_schema(name: str) -> None:
    from c87.ontology.data import load

    assert load(name)


# --- the pipeline's shape ----------------------------------------------------------------------

def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and \
                node.module.startswith("c87.mapper"):
            out.add(node.module)
    return out


def test_the_mapper_has_no_import_cycle_and_no_module_over_600_lines() -> None:
    modules = {}
    for path in MAPPER.rglob("*.py"):
        rel = path.relative_to(MAPPER.parent.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        modules[name] = _imports(path)
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 600, path.name
    # Depth-first search for a cycle among the mapper's own modules.
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for dep in sorted(modules.get(name, ())):
            if dep == name or dep not in modules or name.startswith(dep + "."):
                continue  # a package's modules may use its __init__'s names
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, name, dep]))
            if dep not in state:
                visit(dep, [*trail, name])
        state[name] = 2

    for name in sorted(modules):
        if name not in state:
            visit(name, [])


def test_a_press_release_names_the_post_of_the_person_it_quotes() -> None:
    page = ("SOURCE: https://www.ituc-csi.org/turkey-arrests\nTurkey: arrests of teachers\n\n"
            "Brussels, 2 June 2009 (ITUC OnLine): The ITUC has condemned the arrests of 30 "
            "teachers. \"This is unacceptable,\" said ITUC General Secretary Guy Ryder.\n")
    facts = read_letter_facts(read_letter_bytes(page.encode(), "p.txt")).facts
    assert (facts.letter.signatory.role, facts.letter.signatory.name) == (
        "General Secretary", "Guy Ryder")
    assert facts.letter.sender == "ituc" and facts.letter.date == "2009-06-02"


def test_a_list_of_dates_gives_one_communication_each_with_the_list_year() -> None:
    body = ("Geneva, 14 March 2023\n\nDear Mr President,\n\nThe allegations are set out in "
            "communications dated 4 March, 2 May and 9 October 2019.\n")
    facts = read_letter_facts(read_letter_bytes(body.encode(), "t.txt")).facts
    assert [(e.type, e.date) for e in facts.events] == [
        ("communication", "2019-03-04"), ("communication", "2019-05-02"),
        ("communication", "2019-10-09")]


def test_legislative_steps_each_with_its_date() -> None:
    body = ("Geneva, 14 March 2023\n\nDear Mr President,\n\nOn 3 March 2022 the bill was "
            "approved in second reading, and the President signed it into law on 20 March "
            "2022.\n")
    facts = read_letter_facts(read_letter_bytes(body.encode(), "t.txt")).facts
    assert [(e.type, e.date) for e in facts.events] == [
        ("legislative-restriction", "2022-03-03"), ("legislative-restriction", "2022-03-20")]


# -- what the ontology says, the mapper reads (issue 11, item 5) ---------------------------

def test_every_event_type_states_the_roles_its_events_have() -> None:
    from c87 import ontology

    roles = {c.notation for c in ontology.concepts("role-types")}
    for concept in ontology.concepts("event-types"):
        assert concept.expected_roles, concept.notation
        assert set(concept.expected_roles) <= roles, concept.notation
        if concept.is_violation:
            assert {"victim", "perpetrator"} <= set(concept.expected_roles), concept.notation


def test_extracted_roles_are_only_those_their_type_expects() -> None:
    from c87 import ontology
    from c87.input import read_letter
    from c87.mapper.assemble import read_letter_facts

    root = Path(__file__).parent
    texts = sorted((root / "letters").glob("*.txt")) + sorted(
        (root / "corpus" / "dev").glob("*.txt"))
    seen = set()
    for path in texts:
        for event in read_letter_facts(read_letter(path)).facts.events:
            expected = set(ontology.concept(event.type).expected_roles)
            for participant in event.participants:
                assert participant.role in expected, (path.name, event.id, participant)
                seen.add(participant.role)
    assert {"victim", "perpetrator", "author", "participant"} <= seen


def test_groupings_of_kinds_come_from_the_ontology() -> None:
    from c87 import ontology
    from c87.mapper.act import AGAINST_PERSONS, PERPETRATOR_KINDS, VICTIM_KINDS
    from c87.mapper.actors.index import STATE_KINDS, UNION_KINDS

    assert {"trade-union", "union-federation", "union-confederation"} == UNION_KINDS
    assert set(ontology.narrower("state-authority")) | {"state-authority"} == STATE_KINDS
    assert STATE_KINDS | {"employer"} == PERPETRATOR_KINDS
    assert UNION_KINDS | {"person", "group"} == VICTIM_KINDS
    assert "arrest-detention" in AGAINST_PERSONS and "legislative-restriction" not in \
        AGAINST_PERSONS


def test_the_quick_language_guess_agrees_with_the_model_on_every_text() -> None:
    """Texts plainly in English, French or Spanish are told by their commonest words,
    without the statistical model; the guess must be the model's on every text we have,
    and a Portuguese or Italian text must still go to the model."""
    from c87.input import read_letter
    from c87.mapper.language import _identifier, detect_language

    root = Path(__file__).parent
    texts = sorted((root / "corpus" / "dev").glob("*.txt")) + sorted(
        (root / "letters").rglob("*.txt"))
    for path in texts:
        text = read_letter(path).text
        assert detect_language(text) == str(_identifier().classify(text[:1500])[0]), path.name
    pt = ("A Confederação Sindical Internacional condena a prisão de dirigentes sindicais. Os "
          "trabalhadores que participaram da greve foram detidos pela polícia e por isso a "
          "central pede que o governo respeite a liberdade sindical. ") * 3
    it = ("La Confederazione sindacale internazionale condanna l'arresto dei dirigenti "
          "sindacali. I lavoratori che hanno partecipato allo sciopero sono stati arrestati "
          "dalla polizia e per questo la centrale chiede che il governo rispetti la libertà "
          "sindacale. ") * 3
    assert (detect_language(pt), detect_language(it)) == ("pt", "it")


@given(text=st.text(alphabet="ab cd-’\n.", max_size=60), start=st.integers(0, 60),
       length=st.integers(0, 60))
@settings(max_examples=300, deadline=None)
def test_scanning_from_words_read_once_finds_what_reading_word_by_word_finds(
        text: str, start: int, length: int) -> None:
    """The phrase scanner reads a text's words once and then only looks at those that
    begin a phrase: between any bounds, even inside a word, it finds the same matches as
    reading the words between the bounds one by one."""
    import re

    from c87.mapper.wordscan import FirstWords, _scan_words, scan

    pattern = re.compile(r"ab(?:\s+cd)?|cd[\w-]*", re.IGNORECASE)
    firsts = FirstWords.of(["ab", "ab cd", "cd*"])
    stop = min(len(text), start + length)
    start = min(start, stop)
    found = [m.span() for m in scan(pattern, text, firsts, start, stop)]
    assert found == [m.span() for m in _scan_words(pattern, text, firsts, start, stop, True)]


# --- alternations as trees, patterns tried from their first words ------------------------

_WORDS = st.lists(st.text(alphabet="abAB ı", min_size=1, max_size=5).map(lambda w: " ".join(
    w.split())).filter(bool), min_size=1, max_size=8, unique=True)


@given(words=_WORDS, text=st.text(alphabet="abAB ıİ\n-", max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_tree_of_words_matches_what_the_words_longest_first_match(
        words: list[str], text: str) -> None:
    """A tree alternation tries the words in the order the plain alternation does (longest
    first on one path), in a pattern that backtracks into it, case-sensitive or with the
    letters (``phrase_alternation``) where a case-insensitive pattern reads them so."""
    import re

    from c87.mapper.wordscan import phrase_alternation, tree_alternation

    plain = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    tail = r"(?:\s*b)?(?![\w-])"
    for alternation, flags in ((tree_alternation(words), 0),
                               (phrase_alternation(words), re.IGNORECASE)):
        spaced = plain if flags == 0 else "|".join(
            r"\s+".join(re.escape(x) for x in w.split())
            for w in sorted(words, key=len, reverse=True))
        expected = re.compile(rf"(?<![\w-])(?:{spaced}){tail}", flags)
        tree = re.compile(rf"(?<![\w-])(?:{alternation}){tail}", flags)
        assert [m.span() for m in tree.finditer(text)] == \
            [m.span() for m in expected.finditer(text)]


@given(text=st.text(alphabet="ab cdıİI'-\n", max_size=60))
@settings(max_examples=300, deadline=None)
def test_a_pattern_tried_from_its_first_words_finds_what_it_finds_everywhere(
        text: str) -> None:
    """``scan_from`` tries a case-insensitive pattern only where a pattern of its first
    words (same flags, same look-behind) matches: dotted and dotless i included."""
    import re

    from c87.mapper.wordscan import scan_from, tree_alternation

    phrases = ["ab cd", "ab", "id'ab", "cd ab"]
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(
        r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")(?![\w-])", re.IGNORECASE)
    starts = re.compile(rf"(?<![\w-])(?:{tree_alternation({'ab', 'id', 'cd'})})(?!\w)",
                        re.IGNORECASE)
    assert [m.span() for m in scan_from(pattern, starts, text)] == \
        [m.span() for m in pattern.finditer(text)]
