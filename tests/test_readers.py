"""Letter readers: every format gives the normalised text and a map back to the source."""

from __future__ import annotations

import hashlib
import io
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from hypothesis import given
from hypothesis import strategies as st

from c87.errors import EXIT_INPUT, InputError
from c87.input import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    Text,
    read_letter,
    read_letter_bytes,
)
from c87.input.text import build_text

REFERENCE = Path(__file__).resolve().parents[1] / "examples" / "ituc-kyrgyzstan-2020-06-18.txt"

RUSSIAN = ("Уважаемый господин Президент! Пишу вам от имени Международной конфедерации "
           "профсоюзов. 3 июня 2020 года г-жа Бабаева была вызвана на допрос в милицию "
           "Бишкека.\n")
FRENCH = ("Monsieur le Président, je vous écris au nom de la Confédération syndicale "
          "internationale. Le 3 juin 2020, Mme Babayeva a été interrogée par la police "
          "à Bichkek ; c’est inacceptable.\n")


def maps_back(t: Text, word: str, expected: str | None = None) -> None:
    """Every occurrence of ``word`` in the text maps to original characters that are
    ``expected`` (default: the word itself)."""
    start = t.text.find(word)
    assert start >= 0, f"{word!r} not in {t.text!r}"
    while start >= 0:
        a, b = t.original_span(start, start + len(word))
        assert t.original[a:b] == (word if expected is None else expected)
        start = t.text.find(word, start + 1)


def check_map(t: Text) -> None:
    """The invariants of the offset map."""
    assert len(t.offsets) == len(t.text) + 1
    assert len(t.ends) == len(t.text)
    assert t.offsets[-1] == len(t.original)
    assert list(t.offsets) == sorted(t.offsets)
    assert list(t.ends) == sorted(t.ends)
    assert all(s < e for s, e in zip(t.offsets, t.ends, strict=False))


# -- the builder ---------------------------------------------------------------------------

def test_plain_text_is_kept_as_is() -> None:
    s = "Dear Mr President,\n\n  I write   on behalf\tof the ITUC.\n"
    t = build_text(s)
    assert t.text == s
    assert t.offsets == tuple(range(len(s) + 1))
    check_map(t)


def test_line_endings_and_span_ends() -> None:
    t = build_text("one\r\ntwo\rthree\n")
    assert t.text == "one\ntwo\nthree\n"
    # a span ending in a \n that came from \r\n ends after the whole \r\n
    assert t.original_span(0, 4) == (0, 5)
    assert t.original_quote(0, 4) == "one\r\n"
    maps_back(t, "two")
    maps_back(t, "three")
    check_map(t)


def test_nfc_composes_and_maps_to_the_first_char() -> None:
    t = build_text("cafe\u0301 and re\u0301sume\u0301 A\u030a")
    assert t.text == "café and résumé Å"
    i = t.text.index("é")
    assert t.offsets[i] == 3
    assert t.original_quote(i, i + 1) == "e\u0301"
    maps_back(t, "résumé", "re\u0301sume\u0301")
    maps_back(t, "and")
    check_map(t)


def test_nfc_hangul_and_indic_two_part_vowels() -> None:
    t = build_text("\u1100\u1161\u11a8 \u0b95\u0bc6\u0bbe")
    assert t.text == "각 \u0b95\u0bca"
    assert t.original_quote(0, 1) == "\u1100\u1161\u11a8"
    check_map(t)


def test_nfc_falls_back_when_a_composition_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    from c87.input import text as text_module

    monkeypatch.setattr(text_module, "_COMPOSE_WITH_PREVIOUS", frozenset())
    s = "Seoul \u1100\u1161\u11a8 ok"
    t = build_text(s)
    assert t.text == "Seoul 각 ok"
    maps_back(t, "각", "\u1100\u1161\u11a8")
    maps_back(t, "ok")
    check_map(t)


def test_mixed_script_word_folds_to_its_majority_script() -> None:
    s = "Several meetings of the FPKg Сouncil were disrupted."
    assert "\u0421ouncil" in s  # a Cyrillic capital Es
    t = build_text(s)
    assert "FPKg Council" in t.text
    i = t.text.index("Council")
    assert t.original_span(i, i + 7) == (s.index("Сouncil"), s.index("Сouncil") + 7)
    assert t.original_quote(i, i + 7) == "\u0421ouncil"
    check_map(t)


def test_cyrillic_word_with_a_latin_letter_folds_to_cyrillic() -> None:
    t = build_text("Профсоюз прoфсоюзов")  # the second word has a Latin 'o'
    assert t.text == "Профсоюз профсоюзов"
    assert "o" not in t.text


def test_words_in_one_script_and_ties_are_left_alone() -> None:
    s = "Профсоюз Кыргызстана, Αθήνα, naïve café, Kα, 日本語のテキスト"
    assert build_text(s).text == s


def test_hyphenated_word_across_a_line_break_is_joined() -> None:
    s = "the draft legis-\nlation and the regu- \n  lation, not Jean-\nPierre nor 2019-\n2020"
    t = build_text(s)
    assert t.text == ("the draft legislation and the regulation, not Jean-\nPierre "
                      "nor 2019-\n2020")
    maps_back(t, "legislation", "legis-\nlation")
    maps_back(t, "regulation", "regu- \n  lation")
    # a span ending before the join does not take the hyphen and the line break
    i = t.text.index("legislation")
    assert t.original_quote(i, i + 5) == "legis"
    assert t.original_quote(i + 5, i + 11) == "lation"
    check_map(t)


def test_soft_hyphens_zero_width_and_nbsp() -> None:
    s = "Mr\u00a0President, legis\u00adlation, trade\u00ad\nunion, FT\u200bUKg\ufeff."
    t = build_text(s)
    assert t.text == "Mr President, legislation, tradeunion, FTUKg."
    maps_back(t, "legislation", "legis\u00adlation")
    maps_back(t, "tradeunion", "trade\u00ad\nunion")
    maps_back(t, "Mr President", "Mr\u00a0President")
    check_map(t)


def test_sha256_is_stable() -> None:
    a = build_text("On 3 June 2020\r\n")
    assert a.sha256 == hashlib.sha256(b"On 3 June 2020\n").hexdigest()
    assert a.sha256 == build_text("On 3 June 2020\n").sha256


def test_quote_and_spans_check_their_bounds() -> None:
    t = build_text("abc")
    assert t.quote(0, 3) == "abc"
    assert t.original_span(1, 1) == (1, 1)
    assert t.original_span(3, 3) == (3, 3)
    for start, end in ((-1, 2), (2, 1), (0, 4)):
        with pytest.raises(ValueError):
            t.quote(start, end)
        with pytest.raises(ValueError):
            t.original_span(start, end)


@given(st.text(alphabet=st.sampled_from(
    [*"ab -\n\r\t", "\u00ad", "\u200b", "\u00a0", "\u0301", "\u0421", "\u043e",
                          "e", "o", "C", "\ufeff", "\u1100", "\u1161"]), max_size=60))
def test_offset_map_invariants(s: str) -> None:
    t = build_text(s)
    check_map(t)
    substitutions = {("\r", "\n"), ("\u00a0", " "), ("\u0421", "C"), ("C", "\u0421"),
                     ("\u043e", "o"), ("o", "\u043e"), ("a", "\u0430"), ("e", "\u0435")}
    for i, c in enumerate(t.text):
        a, b = t.original_span(i, i + 1)
        if b - a == 1:
            assert c == s[a] or (s[a], c) in substitutions


# -- text files ----------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-32", "utf-32"), ("cp1251", "cp1251"),
])
def test_russian_text_in_any_encoding(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(RUSSIAN.encode(encoding))
    t = read_letter(path)
    assert t.text == RUSSIAN
    assert t.encoding == expected
    assert t.format == "txt"
    assert t.path == str(path)
    assert t.sha256 == build_text(RUSSIAN).sha256
    for word in ("Президент", "Бабаева", "Бишкека"):
        maps_back(t, word)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-16"])
def test_french_text_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "lettre.txt"
    path.write_bytes(FRENCH.encode(encoding))
    t = read_letter(path)
    assert t.text == FRENCH
    assert t.encoding == encoding
    for word in ("Président", "Confédération", "été", "c’est"):
        maps_back(t, word)


def test_spanish_and_polish_single_byte_texts() -> None:
    spanish = ("Señor Presidente: le escribo en nombre de la Confederación Sindical "
               "Internacional. El 3 de junio de 2020, la Sra. Babáyeva fue interrogada.")
    polish = ("Szanowny Panie Prezydencie, piszę w imieniu Międzynarodowej Konfederacji "
              "Związków Zawodowych. Żądamy uwolnienia działaczy związkowych.")
    t = read_letter_bytes(spanish.encode("cp1252"), "carta.txt")
    assert (t.text, t.encoding) == (spanish, "cp1252")
    t = read_letter_bytes(polish.encode("cp1250"), "list.txt")
    assert (t.text, t.encoding) == (polish, "cp1250")


def test_crlf_text_maps_back(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"Dear Mr President,\r\n\r\nOn 3 June 2020 we wrote.\r\n")
    t = read_letter(path)
    assert t.text == "Dear Mr President,\n\nOn 3 June 2020 we wrote.\n"
    assert t.original == "Dear Mr President,\r\n\r\nOn 3 June 2020 we wrote.\r\n"
    maps_back(t, "On 3 June 2020")
    i = t.text.index(",\n")
    assert t.original_quote(i, i + 2) == ",\r\n"


def test_markdown_is_read_like_text(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    path.write_text("# Urgent appeal\n\n**On 3 June 2020** the police *took* her.\n",
                    encoding="utf-8")
    t = read_letter(path)
    assert t.format == "md"
    assert t.text == t.original
    assert t.text.startswith("# Urgent appeal")


def test_reference_letter() -> None:
    t = read_letter(REFERENCE)
    check_map(t)
    assert "FPKg Council were disrupted" in t.text
    assert "Сouncil" in t.original and "Сouncil" not in t.text
    i = t.text.find("On 3 June 2020")
    assert i >= 0
    a, b = t.original_span(i, i + len("On 3 June 2020"))
    assert t.original[a:b] == "On 3 June 2020"
    assert t.sha256 == read_letter(REFERENCE).sha256
    assert len(t.sha256) == 64


def test_reading_a_letter_is_fast() -> None:
    read_letter(REFERENCE)  # imports and caches
    runs = []
    for _ in range(20):
        began = time.perf_counter()
        read_letter(REFERENCE)
        runs.append(time.perf_counter() - began)
    # well under 5 ms on a quiet machine; the bound leaves room for a busy CI runner
    assert sorted(runs)[len(runs) // 2] < 0.02


# -- HTML ----------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>\r
<html><head><meta charset="utf-8"><title>Appeal</title>
<style>p { color: red }</style><script>var s = "<p>hidden</p>";</script></head>
<body><h1>Dear   Mr&nbsp;President,</h1>
<p>On 3 June 2020, Ms Babayeva &amp; others were
   <b>taken</b> for interrogation &#8212; the <i>FPKg</i> Council&#x2019;s members.<br>Next
line</p>
<table><tr><td>Kanatbek</td><td>Osmonov</td></tr><tr><td>&lt;house arrest&gt;</td></tr></table>
<p>caf&eacute; AT&T</p>
</body></html>
"""


def test_html_text_and_source_spans(tmp_path: Path) -> None:
    path = tmp_path / "letter.html"
    path.write_text(HTML, encoding="utf-8", newline="")
    t = read_letter(path)
    assert t.format == "html"
    assert t.original == HTML
    assert t.text == (
        "Dear Mr President,\n"
        "On 3 June 2020, Ms Babayeva & others were taken for interrogation — the FPKg "
        "Council’s members.\nNext line\n"
        "Kanatbek Osmonov\n<house arrest>\n"
        "café AT&T\n")
    assert "hidden" not in t.text and "Appeal" not in t.text
    for word in ("Dear", "President", "On 3 June 2020", "taken", "Kanatbek", "AT&T"):
        maps_back(t, word)
    maps_back(t, "Babayeva & others", "Babayeva &amp; others")
    maps_back(t, "—", "&#8212;")
    maps_back(t, "’", "&#x2019;")
    maps_back(t, "café", "caf&eacute;")
    maps_back(t, "Mr President", "Mr&nbsp;President")
    i = t.text.index("were taken")
    assert t.original_quote(i, i + 10) == "were\n   <b>taken"
    check_map(t)


def test_html_in_a_legacy_encoding(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body>'
    path = tmp_path / "letter.htm"
    path.write_bytes(page.encode("cp1251"))
    t = read_letter(path)
    assert t.encoding == "cp1251"
    assert t.text == RUSSIAN.strip() + "\n"


# -- PDF -----------------------------------------------------------------------------------

def make_pdf(*pages: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, page)
    return bytes(pdf.output())


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(make_pdf(
        "On 3 June 2020, Ms Babayeva, acting FPKg president, was taken for "
        "interrogation.\nThe draft legis-\nlation on trade unions. Café.",
        "Second page: the District Court decided."))
    t = read_letter(path)
    assert t.format == "pdf"
    assert t.encoding is None
    assert "legislation on trade unions" in t.text
    assert "Café" in t.text
    assert "\n\nSecond page" in t.text
    for word in ("On 3 June 2020", "Babayeva", "District Court", "Café"):
        maps_back(t, word)
    maps_back(t, "legislation", "legis-\nlation")
    check_map(t)


def test_pdf_without_text_asks_for_ocr(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(InputError) as info:
        read_letter(path)
    assert "no text layer" in str(info.value)
    assert "OCR" in str(info.value) and "ocrmypdf" in str(info.value)
    assert str(path) in str(info.value)
    assert info.value.exit_code == EXIT_INPUT


def test_password_protected_pdf(tmp_path: Path) -> None:
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="user",
                       encryption_method=EncryptionMethod.RC4)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 8, "Confidential")
    path = tmp_path / "locked.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(InputError, match="password") as info:
        read_letter(path)
    assert str(path) in str(info.value)


# -- DOCX ----------------------------------------------------------------------------------

def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Dear Mr President,")
    document.add_paragraph("On 3 June 2020, Ms Babayeva was taken for interrogation.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).text = "Measure"
    table.cell(1, 0).text = "Kanatbek Osmonov"
    table.cell(1, 1).text = "house arrest"
    document.add_paragraph("Yours sincerely, Sharan Burrow")
    path = tmp_path / "letter.docx"
    document.save(str(path))
    t = read_letter(path)
    assert t.format == "docx"
    assert t.text == ("Dear Mr President,\nOn 3 June 2020, Ms Babayeva was taken for "
                      "interrogation.\nName\nMeasure\nKanatbek Osmonov\nhouse arrest\n"
                      "Yours sincerely, Sharan Burrow")
    for word in ("Dear", "On 3 June 2020", "Osmonov", "house arrest", "Burrow"):
        maps_back(t, word)


def test_docx_merged_cells_are_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "Osmonov"
    table.cell(0, 1).text = "arrest"
    table.cell(1, 1).text = "June"
    path = tmp_path / "table.docx"
    document.save(str(path))
    assert read_letter(path).text.split("\n").count("Osmonov") == 1


# -- stdin and sniffing --------------------------------------------------------------------

class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(("data", "fmt"), [
    (make_pdf("On 3 June 2020 the police came."), "pdf"),
    (b"<!doctype html><p>On 3 June 2020 the police came.</p>", "html"),
    ("On 3 June 2020 the police came.".encode("utf-16"), "txt"),
    (b"On 3 June 2020 the police came.", "txt"),
])
def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, data: bytes, fmt: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    t = read_letter("-")
    assert t.format == fmt
    assert t.path is None
    assert "On 3 June 2020 the police came." in t.text


def test_stdin_docx_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document()
    document.add_paragraph("On 3 June 2020 the police came.")
    buffer = io.BytesIO()
    document.save(buffer)
    monkeypatch.setattr(sys, "stdin", _Stdin(buffer.getvalue()))
    assert read_letter("-").format == "docx"


def test_read_letter_bytes_takes_the_format_from_the_name_or_sniffs() -> None:
    assert read_letter_bytes(b"<p>x &amp; y</p>", "a.html").text == "x & y\n"
    assert read_letter_bytes(b"<p>x &amp; y</p>", "a.txt").text == "<p>x &amp; y</p>"
    assert read_letter_bytes(b"<p>x &amp; y</p>", "upload").format == "html"
    assert read_letter_bytes(b"<p>x</p>", "a", fmt="md").format == "md"
    with pytest.raises(ValueError):
        read_letter_bytes(b"x", "a", fmt="rtf")


# -- bad input -----------------------------------------------------------------------------

def assert_input_error(path: Path | str, *words: str, **kwargs: int) -> InputError:
    with pytest.raises(InputError) as info:
        read_letter(path, **kwargs)
    message = str(info.value)
    assert str(path) in message
    assert info.value.exit_code == EXIT_INPUT == 3
    for word in words:
        assert word in message
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    assert_input_error(tmp_path / "nowhere.txt", "no such file")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "letters.txt"
    folder.mkdir()
    assert_input_error(folder, "is a directory")


def test_empty_file(tmp_path: Path) -> None:
    for name in ("empty.txt", "empty.pdf", "empty.docx", "empty.html"):
        path = tmp_path / name
        path.write_bytes(b"")
        assert_input_error(path, "is empty")


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"On 3 June 2020. " * 100)
    error = assert_input_error(path, "1,600 bytes", "1,000 bytes", "C87_MAX_SIZE",
                               max_bytes=1000)
    assert "limit" in error.message
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "letter.rtf"
    path.write_bytes(b"{\\rtf1 hello}")
    error = assert_input_error(path, "'.rtf'")
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in error.message
    path = tmp_path / "LETTER"
    path.write_bytes(b"hello")
    assert_input_error(path, "no extension")


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert_input_error(path, "not a text file")
    path.write_bytes(b"\x01\x02\x03\x04\x05hello\x06\x07\x08\x0e\x0f" * 20)
    assert_input_error(path, "not a text file")
    path.write_bytes(make_pdf("On 3 June 2020"))
    assert_input_error(path, "not a text file", "PDF")


def test_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \r\n\t\n")
    assert_input_error(path, "is empty")
    path = tmp_path / "blank.html"
    path.write_bytes(b"<html><head><title>x</title></head><body><script>1</script></body>")
    assert_input_error(path, "contains no text")
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert_input_error(path, "contains no text")


def test_broken_pdf_and_docx(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(make_pdf("On 3 June 2020")[:200])
    assert_input_error(path, "not a readable PDF")
    path.write_bytes(b"hello, not a pdf")
    assert_input_error(path, "not a PDF")
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert_input_error(path, "not a readable DOCX")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    path.write_bytes(buffer.getvalue())
    assert_input_error(path, "not a readable DOCX")
