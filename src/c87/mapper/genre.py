"""What kind of text a document is, and the line that names the page it came from.

Letters, urgent actions, press releases, news reports, CFA case reports and index
entries carry their header fields differently: a letter has a salutation and a
signature; a press release or news report has a date line and speaks through the
organisation that issued it; a CFA report speaks of "the complainant" and "the
Government". The markers are data (``ontology/genres.yaml``).

Texts stored from the web often open with a line ``SOURCE: <url>``: it names the page,
it is not part of the account, and it is read here and nowhere else.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from c87.ontology.data import load

SOURCE_LINE = re.compile(
    r"\A[ \t\ufeff]*(?:SOURCE|Source|URL|Url)[ \t]*:[ \t]*(?P<url>https?://\S+)[ \t]*(?:\n|\Z)")


@dataclass(frozen=True)
class SourceLine:
    url: str
    end: int  # where the line ends (its newline included)


def source_line(text: str) -> SourceLine | None:
    """The ``SOURCE: <url>`` line that opens ``text``, if any."""
    match = SOURCE_LINE.match(text)
    return SourceLine(match["url"], match.end()) if match else None


def mask(text: str, end: int) -> str:
    """``text`` with its first ``end`` characters blanked (newlines kept): offsets stay."""
    return re.sub(r"[^\n]", " ", text[:end]) + text[end:]


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, str], dict[str, int]],
                         re.Pattern[str], re.Pattern[str]]:
    def words(items: list[str]) -> re.Pattern[str]:
        alternation = "|".join(r"\s+".join(re.escape(w) for w in item.split())
                               for item in sorted(items, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)

    data = load("genres")
    # One pattern over every genre's markers, read once: marker -> genre, genre -> least.
    genre_of = {" ".join(m.casefold().split()): name
                for name, spec in data["genres"].items() for m in spec["markers"]}
    least = {name: spec["min"] for name, spec in data["genres"].items()}
    markers = (words(list(genre_of)), genre_of, least)
    return markers, words(data["press_markers"]), words(data["boilerplate"])


def detect_genre(text: str, *, salutation: bool, url: str | None = None) -> str:
    """The genre of ``text``: letter, urgent-action, press-release, news-report,
    cfa-report or index-entry."""
    (pattern, genre_of, least), press, _boilerplate = _patterns()
    haystack = f"{url or ''}\n{text}"[:6000]
    found: dict[str, set[str]] = {}
    for match in pattern.finditer(haystack):
        marker = " ".join(match.group().casefold().split())
        found.setdefault(genre_of.get(marker, ""), set()).add(marker)
    # A text with a salutation is a letter, even when it speaks of "the Committee" and
    # "the complainant" (a complaint to the CFA), unless it is an urgent action.
    candidates = ("urgent-action",) if salutation else tuple(least)  # data-file order
    for name in candidates:
        if len(found.get(name, ())) >= least[name]:
            return name
    if salutation:
        return "letter"
    return "press-release" if press.search(text[:1200]) else "news-report"


_DATE_FIRST = re.compile(r"(?:date\s+)?\d{4}-\d{2}-\d{2}\s+", re.IGNORECASE)
_DATE_IN_BRACKETS = re.compile(r"\s*[(\[][^()\[\]]*\d{4}[)\]]\s*$")


def headline(text: str, start: int, dates: list[tuple[int, int]]) -> tuple[str, int, int] | None:
    """The headline of a web text: its first line from ``start`` that reads as a title.

    A title has four to thirty words, ends in no full stop, colon or comma, holds no web
    address, is no date line (``dates`` are the spans of dates) and is none of the
    page's navigation (``boilerplate`` in ``ontology/genres.yaml``). It stands before the
    prose: a line of more than thirty words, or a sentence of twelve or more, ends the
    search.
    """
    boilerplate = _patterns()[2]
    for match in re.finditer(r"[^\n]+", text[:start + 3000]):
        if match.start() < start:
            continue
        line = match.group().strip()
        words = re.findall(r"[^\W\d_][\w'’-]*", line)
        if re.search(r"https?://|www\.|@|\.(?:org|com|net|international)\b", line) or \
                boilerplate.search(line):
            continue
        if len(words) > 30 or (len(words) >= 12 and line.endswith(".")):
            return None  # the prose has begun: a headline stands before it
        if not 4 <= len(words) <= 30 or len(line) > 220 or line.endswith((".", ":", ",", ";")):
            continue
        at = match.start() + match.group().index(line[:1])
        if any(s <= at and e >= at + len(line) - 12 for s, e in dates):
            continue
        line = _DATE_IN_BRACKETS.sub("", line)
        lead = _DATE_FIRST.match(line)  # " date 2023-08-15 Persecution of ..."
        if lead:
            line, at = line[lead.end():], at + lead.end()
        return line, at, at + len(line)
    return None
