"""The user lexicon (issue 14, item 4): cue words a reviewer adds, read on top of the
shipped ones. A letter whose act the shipped lexicon misses scores better after one
accepted cue, and the shipped corpus scores no worse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from c87 import __version__, ontology
from c87.errors import ContentError, InputError
from c87.input import read_letter
from c87.mapper.assemble import read_letter_facts
from c87.mapper.cues import active_lexicon, find_cues, using_lexicon
from c87.mapper.user_cues import (
    add_user_cue,
    known_cues,
    propose_cues,
    remove_user_cue,
    shipped_types,
)
from c87.ontology.user_lexicon import (
    UserLexicon,
    default_lexicon_path,
    export_turtle,
    read_user_lexicon,
    write_user_lexicon,
)
from c87.output.facts import facts_to_data
from c87.pipeline.score import score

from .conftest import LETTERS

HERE = Path(__file__).parent
LETTER = HERE / "data" / "lexicon" / "ggwf-lesotho-2024-03-14.txt"
KEY = LETTER.with_name(LETTER.stem + ".gold.yaml")
DEV = HERE / "corpus" / "dev"
CUE = ("anti-union-dismissal", "axe", "en")  # "Blue Crane Apparel axed the seven members"
PREFIXES = ("@prefix c87: <https://w3id.org/c87/ontology#> .\n"
            "@prefix et: <https://w3id.org/c87/id/event-type/> .\n")


def _broader() -> dict[str, str]:
    return {c.notation: c.broader[0] for c in ontology.concepts("event-types") if c.broader}


def _score(letter: Path, key: Path, lexicon: UserLexicon | None) -> dict:
    facts = facts_to_data(read_letter_facts(read_letter(letter), lexicon=lexicon).facts)
    return score(facts, yaml.safe_load(key.read_text(encoding="utf-8")), _broader())


def _accepted(tmp_path: Path) -> UserLexicon:
    """The user lexicon after a reviewer accepted the one cue, through the Python API."""
    path = tmp_path / "lexicon.ttl"
    done = add_user_cue(*CUE, path=path)
    assert done.added and done.path == path and done.shipped_elsewhere == ()
    return read_user_lexicon(path)


def _lexicon_file(tmp_path: Path, body: str, name: str = "lexicon.ttl") -> Path:
    path = tmp_path / name
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


# -- the test the issue asks for ----------------------------------------------------------

def test_the_shipped_lexicon_misses_the_letters_act() -> None:
    """If this fails, the shipped lexicon learnt "axed": give the letter another verb."""
    text = LETTER.read_text(encoding="utf-8")
    at = text.index("axed")
    assert not [c for c in find_cues(text, at, at + 4, "en")]
    assert shipped_types("axe", "en") == []


def test_one_accepted_cue_makes_the_letter_score_better(tmp_path: Path) -> None:
    before = _score(LETTER, KEY, None)
    lexicon = _accepted(tmp_path)
    after = _score(LETTER, KEY, lexicon)
    assert before["recall"] < after["recall"]
    assert (before["recall"], after["recall"]) == (0.5, 1.0)
    assert after["precision"] >= before["precision"]
    facts = read_letter_facts(read_letter(LETTER), lexicon=lexicon).facts
    dismissal = next(e for e in facts.events if e.type == "anti-union-dismissal")
    assert dismissal.rule.startswith('cue "axed" (en, user lexicon)'), dismissal.rule
    assert dismissal.date == "2024-03-04"


def _means(lexicon: UserLexicon | None) -> dict[str, float]:
    rows = []
    for folder in (DEV, LETTERS):
        for key in sorted(folder.glob("*.gold.yaml")):
            letter = key.with_name(key.name.removesuffix(".gold.yaml") + ".txt")
            rows.append(_score(letter, key, lexicon))
    assert len(rows) >= 100
    return {m: sum(r[m] for r in rows) / len(rows) for m in ("recall", "precision")}


def test_the_shipped_corpus_scores_no_worse_with_the_cue(tmp_path: Path) -> None:
    without = _means(None)
    with_cue = _means(_accepted(tmp_path))
    assert with_cue["recall"] >= without["recall"], (without, with_cue)
    assert with_cue["precision"] >= without["precision"], (without, with_cue)


# -- the matcher ----------------------------------------------------------------------------

def test_a_user_cue_wins_over_a_shipped_cue_of_the_same_words() -> None:
    text = "On 3 May the police detained Mr Ali. He was detained again on 5 May."
    assert {c.type for c in find_cues(text, language="en")} == {"arrest-detention"}
    moved = UserLexicon().with_cue("violence", "detained", "en")
    with using_lexicon(moved):
        cues = find_cues(text, language="en")
    assert [(c.words, c.type, c.user) for c in cues] == [
        ("detained", "violence", True), ("detained", "violence", True)]
    # A lemma of the same words wins too, over the shipped "detained" and "detain".
    with using_lexicon(UserLexicon().with_cue("abduction", "detain", "en")):
        assert {c.type for c in find_cues(text, language="en")} == {"abduction"}
    assert {c.type for c in find_cues(text, language="en")} == {"arrest-detention"}


def test_the_lexicon_is_in_use_only_for_its_call(tmp_path: Path) -> None:
    lexicon = _accepted(tmp_path)
    text = read_letter(LETTER)
    assert active_lexicon() is None
    types = {e.type for e in read_letter_facts(text, lexicon=lexicon).facts.events}
    assert "anti-union-dismissal" in types and active_lexicon() is None
    assert "anti-union-dismissal" not in {e.type for e in read_letter_facts(text).facts.events}
    with pytest.raises(RuntimeError), using_lexicon(lexicon):
        raise RuntimeError
    assert active_lexicon() is None
    # Another lexicon with the same cues is the same lexicon (the caches say so too).
    again = UserLexicon(tuple(reversed(lexicon.cues)))
    assert again == lexicon and hash(again) == hash(lexicon)


def test_a_cue_is_read_in_its_own_language_only() -> None:
    text = "Les gardes ont axé le débat."
    with using_lexicon(UserLexicon().with_cue(*CUE)):
        assert not [c for c in find_cues(text, language="fr") if c.user]


# -- the file -------------------------------------------------------------------------------

def test_the_file_is_written_sorted_and_read_back(tmp_path: Path) -> None:
    one = UserLexicon().with_cue("violence", "malmener", "fr").with_cue(*CUE)
    two = UserLexicon().with_cue(*CUE).with_cue("violence", "Malmener ", "fr")
    a, b = tmp_path / "a.ttl", tmp_path / "sub" / "b.ttl"
    write_user_lexicon(one, a)
    write_user_lexicon(two, b)  # its folder is made
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    assert text.startswith("# c87 user lexicon")
    assert "@prefix c87: <https://w3id.org/c87/ontology#> ." in text
    assert 'et:anti-union-dismissal\n    c87:cueWord "axe"@en .' in text
    assert read_user_lexicon(a) == one
    assert not list(tmp_path.glob("**/*.tmp"))


def test_the_export_says_what_it_is(tmp_path: Path) -> None:
    lexicon = UserLexicon().with_cue(*CUE).with_cue("violence", "malmener", "fr")
    text = export_turtle(lexicon, __version__)
    assert text == export_turtle(UserLexicon(tuple(reversed(lexicon.cues))), __version__)
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "2 cues" in header[0] and f"c87 {__version__}" in " ".join(header)
    path = tmp_path / "export.ttl"
    path.write_text(text, encoding="utf-8")
    assert read_user_lexicon(path) == lexicon


@pytest.mark.parametrize(("body", "says"), [
    ('et:arest c87:cueWord "nab"@en .\n', "unknown event type 'arest'; did you mean "
                                           "arrest-detention"),
    ('et:arrest-detention c87:cueWord "nab"@de .\n', "is in 'de'"),
    ('et:arrest-detention c87:cueWord "nab" .\n', "language tag"),
    ('et:arrest-detention c87:broader et:violence .\n', "no cue word"),
    ('<https://example.org/x> c87:cueWord "nab"@en .\n', "not an event type IRI"),
    ('et:arrest-detention c87:cueWord "... nab"@en .\n', "not at an end"),
    ('et:violence c87:cueWord "axe"@en .\net:killing c87:cueWord "axe"@en .\n',
     "given to both killing and violence"),
])
def test_a_file_that_says_anything_else_is_refused(tmp_path: Path, body: str,
                                                   says: str) -> None:
    path = _lexicon_file(tmp_path, body)
    with pytest.raises(ContentError) as caught:
        read_user_lexicon(path)
    assert says in str(caught.value) and str(path) in str(caught.value)


def test_a_file_that_is_no_turtle_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.ttl"
    path.write_text('et:arrest-detention c87:cueWord "nab"@en .\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_user_lexicon(path)
    assert str(caught.value).startswith(f"{path}:1: not a Turtle file")
    with pytest.raises(InputError, match="no such lexicon file"):
        read_user_lexicon(tmp_path / "missing.ttl")


def test_the_default_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("C87_LEXICON")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_lexicon_path() == tmp_path / "home" / ".local" / "share" / "c87" / \
        "lexicon.ttl"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")  # not absolute: not used
    assert default_lexicon_path().parent.parent == tmp_path / "home" / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_lexicon_path() == tmp_path / "data" / "c87" / "lexicon.ttl"
    assert read_user_lexicon() == UserLexicon()  # missing: empty
    add_user_cue(*CUE)
    assert (tmp_path / "data" / "c87" / "lexicon.ttl").exists()
    monkeypatch.setenv("C87_LEXICON", str(tmp_path / "env.ttl"))
    assert default_lexicon_path() == tmp_path / "env.ttl"
    assert len(read_user_lexicon()) == 0


# -- the commands -------------------------------------------------------------------------

def test_add_list_remove_export(run, tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    lex = ("--lexicon", str(path))
    result = run("lexicon", "add", *CUE[:2], *lex)
    assert result.exit_code == 0 and f"added 'axe' (en) to anti-union-dismissal in {path}" \
        in result.stdout
    assert run("lexicon", "add", "violence", "malmener", "--lang", "fr", *lex).exit_code == 0
    again = run("lexicon", "add", *CUE[:2], *lex)
    assert again.exit_code == 0 and "already in" in again.stdout
    listed = run("lexicon", "list", *lex)
    assert listed.stdout.splitlines() == ["anti-union-dismissal  en  axe",
                                          "violence              fr  malmener"]
    assert run("lexicon", "list", "--type", "violence", *lex).stdout == \
        "violence  fr  malmener\n"
    exported = run("lexicon", "export", *lex)
    assert exported.stdout == export_turtle(read_user_lexicon(path), __version__)
    assert run("lexicon", "export", "-o", str(tmp_path / "out.ttl"), *lex).exit_code == 0
    assert (tmp_path / "out.ttl").read_text(encoding="utf-8") == exported.stdout
    removed = run("lexicon", "remove", "violence", "malmener", "--lang", "fr", *lex)
    assert removed.exit_code == 0 and "removed 'malmener' (fr) of violence" in removed.stdout
    assert run("lexicon", "list", *lex).stdout == "anti-union-dismissal  en  axe\n"
    missing = run("lexicon", "remove", "violence", "malmener", "--lang", "fr", *lex)
    assert missing.exit_code == 1 and "no cue 'malmener' (fr) of violence" in missing.stderr


def test_add_refuses_unknown_types_and_cues_the_shipped_lexicon_gives(run,
                                                                      tmp_path: Path) -> None:
    lex = ("--lexicon", str(tmp_path / "mine.ttl"))
    unknown = run("lexicon", "add", "arest", "nab", *lex)
    assert unknown.exit_code == 2 and "did you mean arrest-detention" in unknown.stderr
    shipped = run("lexicon", "add", "arrest-detention", "arrested", *lex)
    assert shipped.exit_code == 1
    assert "the shipped lexicon already gives 'arrested' (en) to arrest-detention" \
        in shipped.stderr
    bad = run("lexicon", "add", "violence", "kick ...", *lex)
    assert bad.exit_code == 1 and "not a cue" in bad.stderr
    moved = run("lexicon", "add", "violence", "detained", *lex)
    assert moved.exit_code == 0
    assert "the shipped lexicon gives 'detained' (en) to arrest-detention; yours " \
           "(violence) wins" in moved.stderr
    assert not (tmp_path / "mine.ttl").read_text(encoding="utf-8").count("nab")
    again = run("lexicon", "add", "abduction", "detained", *lex)  # a cue has one type
    assert "'detained' (en) was a cue of violence in the user lexicon" in again.stderr
    assert run("lexicon", "list", *lex).stdout == "abduction  en  detained\n"


def test_extract_reads_the_default_lexicon_unless_told(run, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.ttl"
    monkeypatch.setenv("C87_LEXICON", str(path))
    assert run("lexicon", "add", *CUE[:2]).exit_code == 0
    assert path.exists()

    def types(*options: str) -> list[str]:
        result = run("extract", str(LETTER), "--format", "json", *options)
        assert result.exit_code == 0, result.stderr
        return [e["type"] for e in json.loads(result.stdout)["events"]]

    assert "anti-union-dismissal" in types()
    assert "anti-union-dismissal" not in types("--no-user-lexicon")
    other = _lexicon_file(tmp_path, 'et:violence c87:cueWord "malmener"@fr .\n', "other.ttl")
    assert "anti-union-dismissal" not in types("--lexicon", str(other))  # it wins over both
    both = run("extract", str(LETTER), "--lexicon", str(other), "--no-user-lexicon")
    assert both.exit_code == 2


def test_bad_lexicon_files_get_their_exit_status(run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle\n", encoding="utf-8")
    result = run("extract", str(LETTER), "--lexicon", str(broken))
    assert result.exit_code == 3 and f"c87: error: {broken}:1: not a Turtle file" \
        in result.stderr
    assert result.stdout == ""
    unknown = _lexicon_file(tmp_path, 'et:arest c87:cueWord "nab"@en .\n', "unknown.ttl")
    result = run("extract", str(LETTER), "--lexicon", str(unknown))
    assert result.exit_code == 1 and str(unknown) in result.stderr \
        and "unknown event type 'arest'" in result.stderr
    assert run("lexicon", "list", "--lexicon", str(unknown)).exit_code == 1
    missing = run("extract", str(LETTER), "--lexicon", str(tmp_path / "missing.ttl"))
    assert missing.exit_code == 3 and "no such lexicon file" in missing.stderr


def test_convert_workers_get_the_lexicon(run, tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    add_user_cue(*CUE, path=path)
    letters = tmp_path / "letters"
    letters.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (letters / name).write_bytes(LETTER.read_bytes())
    out = tmp_path / "out"
    result = run("convert", str(letters), "-o", str(out), "--to", "nt", "--jobs", "2",
                 "--lexicon", str(path), "--quiet")
    assert result.exit_code == 0, result.stderr
    graphs = sorted(out.glob("*.nt"))
    assert len(graphs) == 3
    for graph in graphs:
        assert "event-type/anti-union-dismissal" in graph.read_text(encoding="utf-8")
    # The same lexicon: up to date; another: the letters are extracted again.
    again = run("convert", str(letters), "-o", str(out), "--to", "nt", "--jobs", "2",
                "--lexicon", str(path))
    assert "0 converted, 3 up to date" in again.stderr
    shipped = run("convert", str(letters), "-o", str(out), "--to", "nt", "--jobs", "2",
                  "--no-user-lexicon")
    assert "3 converted, 0 up to date" in shipped.stderr
    for graph in sorted(out.glob("*.nt")):
        assert "event-type/anti-union-dismissal" not in graph.read_text(encoding="utf-8")


def test_convert_of_facts_files_reads_no_lexicon(run, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    facts = tmp_path / "letter.facts.yaml"
    assert run("extract", str(LETTER), "-o", str(facts)).exit_code == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text("not turtle\n", encoding="utf-8")
    monkeypatch.setenv("C87_LEXICON", str(broken))
    result = run("convert", str(facts), "-o", str(tmp_path / "out"), "--to", "ttl", "-q")
    assert result.exit_code == 0, result.stderr
    letter = run("convert", str(LETTER), "-o", str(tmp_path / "out2"), "--to", "ttl", "-q")
    assert letter.exit_code == 3


# -- proposals for the review page -----------------------------------------------------------

def _propose(text: str, lang: str, lexicon: UserLexicon | None = None) -> list[str]:
    return propose_cues(text, 0, len(text), lang, lexicon=lexicon)


def test_proposals_in_english() -> None:
    text = "On 4 March 2024 Blue Crane Apparel axed the seven members of the committee."
    assert _propose(text, "en") == ["axe"]  # no date, number, name nor function word
    text = "Security agents hauled off Mr Lethola and frogmarched him to a van."
    assert _propose(text, "en") == ["haul off", "haul", "frogmarch"]
    text = "The management ordered the removal of the union notice board."
    assert _propose(text, "en") == ["order", "removal"]
    # Words that are cues already are left out, and said with their type.
    text = "Riot police rounded up dozens of strikers and beat them with batons."
    assert _propose(text, "en") == []
    assert ("round up", "arrest-detention") in known_cues(text, 0, len(text), "en")
    assert ("beat", "violence") in known_cues(text, 0, len(text), "en")


def test_proposals_of_a_selection_and_with_the_users_cues() -> None:
    text = LETTER.read_text(encoding="utf-8")
    start = text.index("Blue Crane Apparel axed")
    end = start + len("Blue Crane Apparel axed the seven members")
    assert propose_cues(text, start, end, "en") == ["axe"]
    assert propose_cues(text, start + 20, start + 22, "en") == ["axe"]  # a word cut: whole
    mine = UserLexicon().with_cue(*CUE)
    assert propose_cues(text, start, end, "en", lexicon=mine) == []
    assert known_cues(text, start, end, "en", lexicon=mine) == [("axe",
                                                                  "anti-union-dismissal")]


def test_proposals_in_french() -> None:
    text = "Le 3 mai, la direction a muté d'office les délégués syndicaux de l'usine de Thiès."
    assert _propose(text, "fr") == ["muter"]
    text = "Les policiers ont embarqué M. Diallo et l'ont tabassé."
    assert _propose(text, "fr") == ["embarquer"]
    assert known_cues(text, 0, len(text), "fr") == [("tabasser", "violence")]


def test_proposals_in_spanish() -> None:
    text = "El 5 de junio la empresa trasladó a Ana Pérez y los amedrentó."
    assert _propose(text, "es") == ["trasladar"]
    assert ("amedrentar", "intimidation") in known_cues(text, 0, len(text), "es")
    text = "La gerencia cesó a los dirigentes del sindicato."
    assert _propose(text, "es") == []
    assert known_cues(text, 0, len(text), "es") == [("cesar", "anti-union-dismissal")]


def test_an_accepted_proposal_is_found_next_time(tmp_path: Path) -> None:
    text = "On 2 May guards frogmarched the union's treasurer out of the depot."
    assert _propose(text, "en") == ["frogmarch"]
    path = tmp_path / "lexicon.ttl"
    add_user_cue("violence", _propose(text, "en")[0], "en", path)
    with using_lexicon(read_user_lexicon(path)):
        assert [(c.words, c.type) for c in find_cues(text, language="en")] == [
            ("frogmarched", "violence")]
    remove_user_cue("violence", "frogmarch", "en", path)
    assert len(read_user_lexicon(path)) == 0
