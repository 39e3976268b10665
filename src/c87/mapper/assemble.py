"""Put the parts of the mapper together into one facts document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from c87.mapper.countries import country_concerned
from c87.mapper.header import read_header
from c87.mapper.language import detect_language
from c87.model import Facts, Letter, Source, Span

if TYPE_CHECKING:
    from c87.input.text import Text


def extract_facts(text: Text) -> Facts:
    """Read the header of the letter in ``text`` into a facts document."""
    body = text.text
    header = read_header(body)
    provenance: dict[str, Span] = {}

    def span(field: str, start: int, end: int) -> None:
        provenance[field] = Span(quote=body[start:end], start=start, end=end)

    letter = Letter()
    if header.date:
        letter.date = header.date.value
        span("date", header.date.start, header.date.end)
    if header.reference:
        letter.reference, start, end = header.reference
        span("reference", start, end)
    if header.subject:
        letter.subject, start, end = header.subject
        span("subject", start, end)
    country = country_concerned(body, header.body_start)
    if country:
        letter.country = country.code
        span("country", country.start, country.end)
    letter.provenance = provenance
    return Facts(
        source=Source(sha256=text.sha256, path=text.path, format=text.format,
                      language=detect_language(body)),
        letter=letter,
    )
