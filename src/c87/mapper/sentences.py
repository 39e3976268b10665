"""Split a letter's body into paragraphs and sentences, keeping their offsets.

Letters are hard-wrapped, list incidents as bullets, and abbreviate titles ("Mr.",
"Ltd.", "No."), so a sentence ends at ``. ! ?`` followed by a capital, a digit or a
bullet, unless the word before the stop is a known abbreviation or an initial; a blank
line or a bullet always ends a sentence.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from c87.ontology.data import load


@functools.cache
def abbreviations() -> frozenset[str]:
    """Words that end in a full stop without ending a sentence (``lexicon.yaml``)."""
    return frozenset(load("lexicon")["abbreviations"])


BULLET = re.compile(r"^[ \t]*(?:[-*•▪◦–]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]+", re.MULTILINE)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (or bullet item) the sentence belongs to

    def __len__(self) -> int:
        return self.end - self.start


def paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of paragraphs from ``start``: blocks separated by blank lines or bullets."""
    spans: list[tuple[int, int]] = []
    breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", text[start:])]
    bullets = [m.start() for m in BULLET.finditer(text, start)]
    cuts = sorted({start, len(text)} | {start + b for b in breaks} | set(bullets))
    for a, b in itertools.pairwise(cuts):
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            spans.append((a + lead, a + trail))
    return spans


_END = re.compile(r"[.!?…]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9À-ÖØ-ÞА-Я¿¡•*-])|[.!?…]+[\"'”’)]*\s*$")


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """The sentences of ``text`` from ``start`` on, each with its span and paragraph."""
    out: list[Sentence] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text, start)):
        cursor = p_start
        for match in _END.finditer(text, p_start, p_end):
            before = text[cursor:match.start()]
            word = re.search(r"([\w.]+)$", before)
            token = word.group(1).lower() if word else ""
            if match.group().startswith(".") and (
                    token.rstrip(".") in abbreviations() or re.fullmatch(r"[a-z]", token)
                    or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token)):
                continue
            _add(out, text, cursor, match.end(), index)
            cursor = match.end()
        _add(out, text, cursor, p_end, index)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    bullet = BULLET.match(chunk)
    if bullet:
        start += bullet.end()
        chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    stripped = chunk.strip()
    if stripped:
        s = start + lead
        out.append(Sentence(s, s + len(stripped), stripped, paragraph))


# Where a clause may end: a comma, semicolon or colon before a space (not "3,000"), a dash
# between spaces, or the space before a parenthesis.
_CLAUSE_END = re.compile(r"[,;:](?=\s)|\s[–—-]\s|\s(?=\()")


def first_clauses(text: str, limit: int = 160) -> str:
    """``text`` on one line, or as many of its first clauses as fit in ``limit`` characters.

    A cut falls where a clause ends (a comma, semicolon or colon, a dash, before a
    parenthesis), never inside a word or inside a quotation, and is marked with "…".
    When no clause ends within ``limit`` (past its first third), the first clause that
    ends after it is taken; a text with no clause boundary is kept whole.
    """
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cuts = [m.start() for m in _CLAUSE_END.finditer(line)
            if limit // 3 <= m.start() < len(line) - 1 and _quotes_closed(line[:m.start()])]
    if not cuts:
        return line
    before = [c for c in cuts if c <= limit]
    cut = before[-1] if before else cuts[0]
    return line[:cut].rstrip() + "…"


def _quotes_closed(text: str) -> bool:
    """Whether every quotation opened in ``text`` is closed in it."""
    return (text.count("“") <= text.count("”") and text.count("«") <= text.count("»")
            and text.count('"') % 2 == 0)
