"""Read a letter (.txt .md .html .pdf .docx, or bytes on stdin) into a :class:`Text`.

Every failure to read is an :class:`~c87.errors.InputError` (exit status 3) whose message
names the file. Nothing is fetched over the network: HTML is read as it is.
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
import sys
import unicodedata
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from c87.errors import InputError
from c87.input.files import DEFAULT_MAX_BYTES, check_size, max_bytes_from_env, read_bytes
from c87.input.text import FORMATS, Text, build_mapped_text, build_text

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "letter_bytes", "read_letter",
           "read_letter_bytes"]


SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "txt", ".text": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}

STDIN_NAME = "<stdin>"


def read_letter(path: str | os.PathLike[str], *, max_bytes: int | None = None,
                fmt: str | None = None) -> Text:
    """Read the letter at ``path`` and return its normalised :class:`Text`.

    The format comes from ``fmt`` if given, else from the file's extension (see
    :data:`SUPPORTED_SUFFIXES`). ``path`` ``"-"`` reads bytes from standard input and
    sniffs the format (``Text.path`` is then None). Files larger than ``max_bytes``
    (default: ``C87_MAX_SIZE`` or 20 MiB) are refused. Raises InputError, naming the
    file, if the letter cannot be read.
    """
    limit = max_bytes_from_env() if max_bytes is None else max_bytes
    if str(path) == "-":
        data = sys.stdin.buffer.read(limit + 1)
        check_size(len(data), limit, STDIN_NAME, at_least=True)
        return _read(data, STDIN_NAME, fmt or _sniff(data), None)
    name = os.fspath(path)
    data, fmt = letter_bytes(name, max_bytes=limit, fmt=fmt)
    return _read(data, name, fmt, name)


def letter_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None,
                 fmt: str | None = None) -> tuple[bytes, str]:
    """The bytes of the letter file at ``path`` and its format, checked as
    :func:`read_letter` checks them (the same errors, in the same order), not yet read:
    ``read_letter_bytes(data, path, fmt)`` reads them, where the file is or elsewhere."""
    limit = max_bytes_from_env() if max_bytes is None else max_bytes
    name = os.fspath(path)
    if fmt is None and not Path(name).is_dir():
        fmt = _format_from_suffix(name) if Path(name).exists() else None
    data = read_bytes(Path(name), max_bytes=limit)
    fmt = fmt or _format_from_suffix(name)
    _check_format(fmt)
    return data, fmt


def read_letter_bytes(data: bytes, name: str, fmt: str | None = None) -> Text:
    """Read a letter from ``data`` and return its normalised :class:`Text`.

    ``name`` names the letter in messages and becomes ``Text.path``. The format is
    ``fmt`` if given, else the one ``name``'s extension says, else sniffed from the
    bytes. Raises InputError if the bytes cannot be read as a letter.
    """
    if fmt is None:
        fmt = SUPPORTED_SUFFIXES.get(Path(name).suffix.lower()) or _sniff(data)
    _check_format(fmt)
    return _read(data, name, fmt, name)


# -- checks --------------------------------------------------------------------------------

def _format_from_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        what = f"an unsupported extension {suffix!r}" if suffix else "no extension"
        raise InputError(f"has {what}; supported letter formats: {supported}", path=name)
    return fmt


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown letter format {fmt!r}; expected one of {', '.join(FORMATS)}")


_HTML_SNIFF = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|p|div|br|table|span|h[1-6]|meta|title)\b", re.I)


def _sniff(data: bytes) -> str:
    """Guess the format of bytes with no name: PDF, DOCX, HTML or (else) plain text."""
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if _utf16_order(head) or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.replace(b"\x00", b"")
    head = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if head.startswith(b"<") and _HTML_SNIFF.search(head):
        return "html"
    return "txt"


# -- reading -------------------------------------------------------------------------------

def _read(data: bytes, name: str, fmt: str, path: str | None) -> Text:
    """Extract and normalise the text of ``data`` read as ``fmt``; ``name`` is for messages."""
    if not data:
        raise InputError("is empty", path=name)
    if fmt in ("txt", "md"):
        original, encoding = _decode(data, name, fmt)
        text = build_text(original, path=path, format=fmt, encoding=encoding)
    elif fmt == "html":
        source, encoding = _decode(data, name, fmt)
        extracted, starts, ends = _html_text(source)
        text = build_mapped_text(extracted, source, starts, ends, path=path, format=fmt,
                                 encoding=encoding)
    elif fmt == "pdf":
        text = build_text(_pdf_text(data, name), path=path, format=fmt)
    else:
        text = build_text(_docx_text(data, name), path=path, format=fmt)
    if not text.text.strip():
        raise InputError("contains no text", path=name)
    return text


# -- decoding ------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_NAMES = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16",
              "utf-32-le": "utf-32", "utf-32-be": "utf-32"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _utf16_order(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' if the NUL bytes fall on one side of the byte pairs
    the way UTF-16 text without a BOM makes them fall, else None."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0:2 * pairs:2].count(0)
    odd = sample[1:2 * pairs:2].count(0)
    if odd >= 0.1 * pairs and even <= 0.01 * pairs:
        return "utf-16-le"
    if even >= 0.1 * pairs and odd <= 0.01 * pairs:
        return "utf-16-be"
    return None


def _not_text(data: bytes, name: str, why: str) -> InputError:
    if b"%PDF-" in data[:1024]:
        why = "it looks like a PDF; give it the .pdf extension"
    elif data.startswith(b"PK\x03\x04"):
        why = "it looks like a ZIP archive (a .docx letter needs the .docx extension)"
    return InputError(f"is not a text file ({why})", path=name)


def _decode(data: bytes, name: str, fmt: str) -> tuple[str, str]:
    """Decode text bytes: BOM, UTF-16 without BOM, strict UTF-8, the HTML meta charset,
    then detection. Return (text, encoding name); raise InputError if it is not text."""
    text: str | None = None
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"is not valid {codec.upper()} although it starts with "
                                 "that encoding's byte order mark", path=name) from None
            encoding = _BOM_NAMES[codec]
            break
    if text is None:
        order = _utf16_order(data[:4096]) if len(data) % 2 == 0 else None
        if order:
            try:
                text, encoding = data.decode(order), order
            except UnicodeDecodeError:
                text = None
    if text is None:
        if b"\x00" in data:
            raise _not_text(data, name, "it contains binary data")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is None and fmt == "html":
        text, encoding = _decode_meta_charset(data)
    if text is None:
        text, encoding = _detect(data)
    if text is None:
        raise _not_text(data, name, "its character encoding could not be determined")
    if len(_CONTROL.findall(text)) > 0.02 * len(text):
        raise _not_text(data, name, "it contains binary data")
    return text, encoding


def _decode_meta_charset(data: bytes) -> tuple[str | None, str]:
    m = _META_CHARSET.search(data[:2048])
    if not m:
        return None, ""
    try:
        codec = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None, ""
    if codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"  # as browsers do (WHATWG Encoding Standard)
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None, ""


# Lowercase non-ASCII letters of the languages letters are written in with single-byte
# Latin code pages: a decoding whose letters all belong to one alphabet is plausible.
_ALPHABETS = tuple(frozenset(a) for a in (
    "àâæçéèêëîïôœùûüÿ",  # French
    "áéíñóúü",  # Spanish
    "àáâãçéêíóôõú",  # Portuguese
    "àèéìíîòóù",  # Italian
    "àçèéíïòóúü",  # Catalan
    "äöüß",  # German
    "áéëíïóöúü",  # Dutch
    "æøåéäö",  # Danish, Norwegian, Swedish, Finnish
    "áðéíóúýþæö",  # Icelandic
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșşțţ",  # Romanian
    "čćđšž",  # Croatian, Bosnian, Serbian (Latin), Slovenian
    "çğıöşü",  # Turkish
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
    "äõöüšž",  # Estonian
))
# Ties go to the code page most letters in that encoding family are written in.
_PREFERRED = ("cp1252", "cp1250", "cp1254", "cp1257", "iso8859-15", "iso8859-2")
_LATIN_MIN_CHAOS_MARGIN = 0.05


def _implausibility(text: str) -> int:
    """How badly ``text`` reads as Latin-script prose: letters outside every alphabet
    above (counted against the best-fitting one), symbols inside words, C1 controls."""
    letters: dict[str, int] = {}
    bad = 0
    n = len(text)
    for i, c in enumerate(text):
        if c.isascii():
            continue
        if c.isalpha():
            low = c.lower()
            letters[low] = letters.get(low, 0) + 1
        elif "\x80" <= c <= "\x9f":
            bad += 10
        elif (unicodedata.category(c)[0] in "SN" and 0 < i < n - 1
              and text[i - 1].isalpha() and text[i + 1].isalpha()):
            bad += 5
    if letters:
        bad += min(sum(k for c, k in letters.items() if c not in alphabet)
                   for alphabet in _ALPHABETS)
    return bad


def _detect(data: bytes) -> tuple[str | None, str]:
    """Detect a single-byte (or other) encoding with charset_normalizer, correcting its
    choice among Latin code pages, where it often takes cp1250 for French or cp1252 for
    Polish on letter-length text."""
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None, ""
    best = matches[0]
    decoded = str(best)
    non_ascii = [c for c in decoded if c.isalpha() and not c.isascii()]
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in non_ascii)
    if non_ascii and latin * 2 < len(non_ascii):
        return decoded, codecs.lookup(best.encoding).name
    candidates = [codecs.lookup(m.encoding).name for m in matches
                  if m.chaos <= best.chaos + _LATIN_MIN_CHAOS_MARGIN]
    candidates = [c for c in _PREFERRED if c not in candidates] + candidates
    scored: list[tuple[int, int, str, str]] = []
    for rank, codec in enumerate(candidates):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        order = _PREFERRED.index(codec) if codec in _PREFERRED else len(_PREFERRED) + rank
        scored.append((_implausibility(text), order, codec, text))
    if not scored:
        return decoded, codecs.lookup(best.encoding).name
    _, _, codec, text = min(scored)
    return text, codec


# -- HTML ----------------------------------------------------------------------------------

_BLOCK = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
    "section", "article", "header", "footer", "address", "pre", "hr", "ul", "ol", "dl",
    "dt", "dd", "nav", "aside", "main", "figure", "figcaption", "caption", "form",
    "fieldset", "body", "center",
})
_CELL = frozenset({"td", "th"})
_SKIP = frozenset({"script", "style", "head", "title", "template"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _HTMLText(HTMLParser):
    """Collect the visible text of an HTML page and, for every character, the span of
    the page's source it came from."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.skipping: dict[str, int] = {}
        self.pre = 0
        self.pending: tuple[int, int] | None = None  # a whitespace run not emitted yet
        self.at_line_start = True

    def _pos(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _emit(self, s: str, a: int, b: int) -> None:
        self.parts.append(s)
        self.starts += [a] * len(s)
        self.ends += [b] * len(s)
        self.at_line_start = s.endswith("\n")

    def _flush(self) -> None:
        if self.pending is not None:
            if not self.at_line_start:
                self._emit(" ", *self.pending)
            self.pending = None

    def _copy(self, s: str, a: int) -> None:
        self._flush()
        self.parts.append(s)
        self.starts += range(a, a + len(s))
        self.ends += range(a + 1, a + len(s) + 1)
        self.at_line_start = s.endswith("\n")

    def _space(self, a: int, b: int) -> None:
        if not self.at_line_start and self.pending is None:
            self.pending = (a, b)

    def _break(self, a: int, b: int, *, always: bool = False) -> None:
        self.pending = None
        if self.parts and (always or not self.at_line_start):
            self._emit("\n", a, b)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = self._pos()
        b = a + len(self.get_starttag_text() or "")
        if tag == "body":
            self.skipping.pop("head", None)  # <head> is often never closed
        if tag in _SKIP:
            self.skipping[tag] = self.skipping.get(tag, 0) + 1
            return
        if self.skipping:
            return
        if tag == "br":
            self._break(a, b, always=True)
        elif tag in _BLOCK:
            self._break(a, b)
            if tag == "pre":
                self.pre += 1
        elif tag in _CELL:
            self._space(a, b)

    def handle_endtag(self, tag: str) -> None:
        a = self._pos()
        b = self.source.find(">", a) + 1 or len(self.source)
        if tag in _SKIP:
            if self.skipping.get(tag, 0) > 1:
                self.skipping[tag] -= 1
            else:
                self.skipping.pop(tag, None)
            return
        if self.skipping:
            return
        if tag in _BLOCK:
            self._break(a, b)
            if tag == "pre" and self.pre:
                self.pre -= 1
        elif tag in _CELL:
            self._space(a, b)

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        p = self._pos()
        if self.pre:
            self._copy(data, p)
            return
        pos = 0
        for m in _HTML_SPACE.finditer(data):
            if m.start() > pos:
                self._copy(data[pos:m.start()], p + pos)
            self._space(p + m.start(), p + m.end())
            pos = m.end()
        if pos < len(data):
            self._copy(data[pos:], p + pos)

    def _reference(self, a: int, b: int) -> None:
        if self.source.startswith(";", b):
            b += 1
        raw = self.source[a:b]
        s = unescape(raw)
        if s == raw:
            self._copy(s, a)
        elif not self.pre and _HTML_SPACE.fullmatch(s):
            self._space(a, b)
        else:
            self._flush()
            self._emit(s, a, b)

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            a = self._pos()
            self._reference(a, a + 1 + len(name))

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            a = self._pos()
            self._reference(a, a + 2 + len(name))


def _html_text(source: str) -> tuple[str, list[int], list[int]]:
    """The visible text of an HTML page, with each character's source span."""
    parser = _HTMLText(source)
    parser.feed(source)
    parser.close()
    return "".join(parser.parts), parser.starts, parser.ends


# -- PDF -----------------------------------------------------------------------------------

_LETTER = re.compile(r"[^\W\d_]")


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, pages joined with a blank line."""
    if b"%PDF-" not in data[:1024]:
        raise InputError("is not a PDF file (it has no %PDF- header)", path=name)
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs every repair it makes to a damaged file, which would reach the user's
    # terminal through logging's last-resort handler; leave a configured level alone.
    logger = logging.getLogger("pypdf")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as e:
                raise InputError(f"is an encrypted PDF that cannot be opened ({e})",
                                 path=name) from None
            if not opened:
                raise InputError("is a password-protected PDF; remove the password first",
                                 path=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except PdfReadError as e:
        raise InputError(f"is not a readable PDF ({e})", path=name) from None
    except Exception as e:
        # pypdf raises many kinds of errors on damaged files; all mean the same here.
        raise InputError(f"is not a readable PDF ({type(e).__name__}: {e})",
                         path=name) from None
    text = "\n\n".join(pages)
    if not _LETTER.search(text):
        raise InputError(
            "has no text layer (it is probably a scanned image); run OCR on it first, "
            "e.g. `ocrmypdf letter.pdf letter-ocr.pdf`, and read the result",
            path=name)
    return text


# -- DOCX ----------------------------------------------------------------------------------

def _docx_text(data: bytes, name: str) -> str:
    """Body paragraphs and table cells (row by row, one cell a line) joined with newlines."""
    import docx
    from docx.table import Table, _Cell

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    # the row's own cells: row.cells repeats merged cells, once per grid
                    # column and once per row they span
                    for tc in row._tr.tc_lst:
                        if tc.vMerge != "continue":
                            lines.append(_Cell(tc, block).text)
            else:
                lines.append(block.text)
    except Exception as e:
        # a broken ZIP, a missing part, another Office format: python-docx raises
        # different exceptions for each; all mean the file is not a readable DOCX.
        raise InputError(f"is not a readable DOCX document ({type(e).__name__}: {e})",
                         path=name) from None
    return "\n".join(lines)
