"""Read a letter's header: its date, reference, subject line, and where the body starts.

Letters of the genre open with some of: a letterhead, a reference code, a place and
date, the addressee's address block, a subject line, then a salutation. None is
required; each field found carries the span that states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from c87.mapper.dates import DateMention, find_dates

# How letters greet their addressee, in the ILO's working languages and a few more.
SALUTATION = re.compile(
    r"^[ \t]*(?:Dear\b|Your (?:Excellency|Majesty|Highness)|Excellency\b"
    r"|(?:The\s+)?(?:Right\s+)?Honou?rable\b"
    r"|(?:Mr\.?|Madam|Madame|Mrs\.?|Ms\.?) (?:President|Prime Minister|Minister|Chair\w*"
    r"|Director|Secretary|Speaker)\b|Sir\b|Madam\b|To whom it may concern"
    r"|Monsieur\b|Madame\b|Messieurs\b|Excellence\b"
    r"|Señor\b|Señora\b|Sr\.|Sra\.|Estimad[oa]s?\b|Excelent[íi]sim[oa]\b|Excelencia\b"
    r"|Distinguid[oa]s?\b|Prezado\b|Senhor\b|Sehr geehrte)", re.IGNORECASE | re.MULTILINE)

SUBJECT_LABEL = re.compile(
    r"^[ \t]*(?:Re|Subject|Subj|Object|Objet|Obj|Asunto|Assunto|Betreff|Concerns?)"
    r"[ \t]*[:.][ \t]*(?P<value>\S.*)$", re.IGNORECASE | re.MULTILINE)

REFERENCE_LABEL = re.compile(
    r"(?:^|(?<=\s))(?:Our |Your |N/|V/|Notre |Nuestra |Nossa )?"
    r"(?:ref(?:erence)?|réf(?:érence)?|referencia|referência)\.?[ \t]*(?:no\.?|n°|nº)?[ \t]*"
    r"[:.][ \t]*(?P<value>[^\s,;]+(?:[ \t][^\s,;:]+)?)", re.IGNORECASE)

# A line of a header: "To:", "Date:", "Ref.:", "Subject:", "Objet :", "Asunto:".
HEADER_FIELD = re.compile(
    r"^[ \t]*(?:To|From|Cc|Date|Fecha|Ref\.?|Reference|Our ref\.?|Your ref\.?|N/Réf\.?|Réf\.?|"
    r"Subject|Re|Objet|Asunto|Assunto)[ \t]*:.*$", re.IGNORECASE | re.MULTILINE)

# A reference code as letterheads print it: capitals and digits in parts joined by / or -.
REFERENCE_CODE = re.compile(
    r"(?<!\S)(?P<value>[A-Z][A-Za-z0-9]{1,}(?:[/_.-][A-Za-z0-9]+){1,5})(?!\S)")

# Lines of an address block or letterhead, which are not a subject.
ADDRESS_LINE = re.compile(
    r"^(?:H\.?\s?E\.?|His |Her |The Honou?rable|Hon\.|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|M\.|Mme|Sr\.|Sra\.|"
    r"President|Prime Minister|Minister|Ministry|Office of|Government of|Tel\b|Fax\b|"
    r"E-?mail|www\.|Cc\b|Copy|Attn|To:|From:|Date:|\d+[,\s])", re.IGNORECASE)


@dataclass
class Header:
    """The header fields found, each with the span of text (start, end) that states it."""

    date: DateMention | None = None
    reference: tuple[str, int, int] | None = None
    subject: tuple[str, int, int] | None = None
    salutation: tuple[str, int, int] | None = None
    body_start: int = 0
    dates: list[DateMention] = field(default_factory=list)


def read_header(text: str) -> Header:
    """The header of the letter in ``text``."""
    header = Header()
    salutation = next((m for m in SALUTATION.finditer(text) if _greets(text, m.start())), None)
    if salutation:
        line_end = text.find("\n", salutation.start())
        line_end = len(text) if line_end < 0 else line_end
        header.salutation = (text[salutation.start():line_end].strip(),
                             salutation.start(), line_end)
        header.body_start = line_end
        zone_end = salutation.start()
    else:
        # Header fields ("Ref.:", "Subject:", "Date:") can follow a long first line.
        labels = [m.end() for m in HEADER_FIELD.finditer(text, 0, min(len(text), 2000))]
        zone_end = min(len(text), max([_first_paragraph_end(text), *labels]))
    zone = text[:zone_end]

    header.dates = find_dates(text)
    full = [d for d in header.dates if d.precision == "day" and not d.year_inferred]
    in_zone = [d for d in full if d.end <= zone_end]
    if in_zone:
        header.date = in_zone[0]
    elif full and not salutation:
        header.date = full[0]

    header.reference = _reference(zone, header)
    header.subject = _subject(text, zone, header)
    if salutation and not SUBJECT_LABEL.search(text, 0, min(len(text), header.body_start + 400)):
        # Some letters put their title right after the salutation, as a line of its own.
        after = re.match(r"\s*\n[ \t]*\n?[ \t]*(?P<line>[^\n]+?)[ \t]*\n[ \t]*\n",
                         text[header.body_start:])
        if after and _title_like(after["line"]) and not after["line"].rstrip().endswith(
                (".", ",", ":")) and len(after["line"].split()) <= 16:
            start = header.body_start + after.start("line")
            header.subject = (after["line"].strip(), start, start + len(after["line"].strip()))
    return header


def _greets(text: str, start: int) -> bool:
    """A salutation is a short line, or one that ends with "," ":" or "!" (an address
    line such as "Monsieur le Ministre du Travail, de l'Emploi ..." is neither)."""
    end = text.find("\n", start)
    line = text[start:len(text) if end < 0 else end].strip()
    return line.endswith((",", ":", "!")) or len(line.split()) <= 4


def _first_paragraph_end(text: str) -> int:
    """Where running prose starts, for letters with no salutation (press statements).

    A line of prose is long (120+ characters), holds a sentence break, or has eight or
    more words and wraps onto a following line of five or more; a title does none of these.
    """
    lines = [(m.start(), m.group()) for m in re.finditer(r"(?m)^.*$", text)]
    for i, (start, line) in enumerate(lines):
        words = len(line.split())
        following = lines[i + 1][1] if i + 1 < len(lines) else ""
        if (len(line) >= 120 or re.search(r"[a-z]\. [A-Z]", line)
                or (words >= 8 and len(following.split()) >= 5)):
            return start
    return min(len(text), 600)


def _reference(zone: str, header: Header) -> tuple[str, int, int] | None:
    labelled = REFERENCE_LABEL.search(zone)
    if labelled:
        return (labelled["value"].rstrip("."), labelled.start("value"),
                labelled.start("value") + len(labelled["value"].rstrip(".")))
    date_spans = [(d.start, d.end) for d in header.dates]
    for match in REFERENCE_CODE.finditer(zone):
        start, end = match.span("value")
        value = match["value"]
        if any(s <= start < e for s, e in date_spans) or not re.search(r"[A-Z]{2}", value):
            continue
        if "@" in value or value.lower().startswith(("www", "http")):
            continue
        return value, start, end
    return None


def _subject(text: str, zone: str, header: Header) -> tuple[str, int, int] | None:
    labelled = SUBJECT_LABEL.search(zone)
    if not labelled:
        after = SUBJECT_LABEL.search(text, len(zone))
        if after and after.start() <= max(len(zone), header.body_start) + 400:
            labelled = after
    if labelled:
        start, end = labelled.span("value")
        # A subject can wrap onto the following lines until a blank line or another field.
        while True:
            nxt = re.match(r"\n[ \t]*(?P<more>[^\n]*\S)[ \t]*(?=\n)", text[end:])
            if not nxt or SALUTATION.match(nxt["more"]) or HEADER_FIELD.match(nxt["more"]) \
                    or text[start:end].rstrip().endswith((".", ",")):
                break
            end += nxt.end("more")
        return _clean(text[start:end]), start, end
    # Otherwise the last line of the header zone that reads as a title.
    taken = [(d.start, d.end) for d in header.dates]
    if header.reference:
        taken.append(header.reference[1:])
    for match in reversed(list(re.finditer(r"[^\n]+", zone))):
        line = match.group().strip()
        start = match.start() + match.group().index(line[:1]) if line else match.start()
        if not _title_like(line) or any(s < match.end() and e > match.start()
                                        for s, e in taken):
            continue
        return line, start, start + len(line)
    return None


def _title_like(line: str) -> bool:
    words = line.split()
    return (len(words) >= 4 and len(line) <= 200 and not line.endswith((",", ";", ":"))
            and not ADDRESS_LINE.match(line) and not re.search(r"@|https?://", line))


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()
