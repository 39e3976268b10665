"""Read a letter's parties: who sends it, to whom, who signs it, which conventions it cites.

:func:`read_parties` works on the text, the :class:`~c87.mapper.header.Header` and the
:class:`~c87.mapper.actors.ActorIndex` of a letter, and gives the :class:`c87.model.Letter`
fields ``sender``, ``addressee``, ``signatory`` and ``conventions``, each with the span
that states it. The word lists (closing formulas, courtesy titles of address blocks,
offices, convention names) are in ``ontology/lexicon.yaml``.

Sender, in order of precedence: the organisation "on behalf of" which the letter is
written; the organisation of the letterhead (with no salutation: of the first paragraph,
when that is a block of short lines); the organisation in the signature block after the
closing formula; the organisation the first sentence of the body opens with
("IndustriALL Global Union is deeply alarmed", "La CUT denuncia"); with no closing
formula, the organisation in a last paragraph of short lines; the "From:" line.

Addressee: the office in the address block ("President of the Republic of Belarus",
"Minister of Labour", "Director-General / International Labour Office", "C. Secretaria
del Trabajo"), or the actor a "To:" line names; else the office the salutation names
("Dear Mr President" of a letter about Kyrgyzstan is the President of Kyrgyzstan); else,
in a press release, the actor named after "wrote to", "sent a letter to" in its first
sentences. A head of state or government and a minister are actors of
kind ``state-authority`` (the person holding a state office, acting as the state); an
officer of an intergovernmental body (the ILO Director-General) is ``intergovernmental``.
When no actor of that office was found in the text, one is added to the index.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from c87.mapper.actors import (
    ORG_KINDS,
    UNION_KINDS,
    ActorIndex,
    Mention,
    countries_in,
    country_name,
    lexicon,
    slug,
)
from c87.mapper.header import SALUTATION, Header
from c87.mapper.sentences import split_sentences
from c87.model import Actor, Span
from c87.ontology.data import load

__all__ = ["find_conventions", "read_parties"]

SENDER_KINDS = (UNION_KINDS | {"organisation"})


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lx = lexicon()

    def alt(words: list[str]) -> str:
        parts = sorted({w for w in words if w}, key=len, reverse=True)
        return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts)

    names = {}
    for code, forms in lx["convention_names"].items():
        for form in forms:
            names[" ".join(form.casefold().split())] = code
    return {
        "sender": re.compile(rf"(?<!\w)(?:{alt(lx['sender_cues'])})\s+(?:(?:the|la|le|el|les"
                             r"|los|las)\s+|l['’]\s*)?", re.IGNORECASE),
        "closing": re.compile(rf"^[ \t]*(?:{alt(lx['closing_formulas'])})\b.*$",
                              re.IGNORECASE | re.MULTILINE),
        "courtesy": re.compile(rf"^(?:(?:{alt(lx['address_courtesies'])})(?:\s+|(?<=[.:])|$))+",
                               re.IGNORECASE),
        "office": re.compile(rf"^(?:{alt(lx['offices'])})(?![\w])", re.IGNORECASE),
        "address_office": re.compile(
            rf"^(?:{alt(lx['offices'] + lx['address_offices'])})(?![\w])", re.IGNORECASE),
        "addressee_cue": re.compile(rf"(?<!\w)(?:{alt(lx['addressee_cues'])})\s+(?:(?:the|la|le|el"
                                    r"|les|los|las|o|a)\s+|l['’]\s*)?", re.IGNORECASE),
        "office_anywhere": re.compile(rf"(?<![\w-])(?:{alt(lx['offices'])})(?![\w-])",
                                      re.IGNORECASE),
        "role": re.compile(rf"(?<![\w-])(?:{alt(lx['signatory_roles'])})(?![\w-])",
                           re.IGNORECASE),
        "convention_names": re.compile(rf"(?<!\w)(?:{alt(list(names))})(?!\w)", re.IGNORECASE),
        "convention_numbers": re.compile(
            r"(?<![\w-])(?:ILO\s+|OIT\s+|BIT\s+)?(?:Conventions?|Convenios?|Convenções?|"
            r"Convenção|Convention)\s*(?:\(\s*)?(?P<list>(?:(?:Nos?|N[°ºo]s?|n[°ºo]s?|núm|num|"
            r"Nr|nos?)\.?\s*)?\d{1,3}(?![\d/.-]\d)(?:\s*(?:,|and|et|y|e|&)\s*(?:(?:Nos?|N[°º]"
            r"|n[°º]|núm|num|no)\.?\s*)?\d{1,3}(?![\d/.-]\d))*)", re.IGNORECASE),
        "convention_after_name": re.compile(
            r"(?<![\w-])(?:Convention|Convenio|Convenção)s?,?\s*(?:\d{4}\s*)?\(\s*(?:No|N[°º]|"
            r"núm)\.?\s*(?P<num>\d{1,3})\s*\)", re.IGNORECASE),
        "convention_code": re.compile(r"(?<![\w-])C\.?\s?0?(?P<num>\d{2,3})(?![\w-])"),
    }, names


def find_conventions(text: str) -> list[tuple[str, Span]]:
    """The ILO conventions ``text`` cites ("C087", ...), in order, each with its first span."""
    pats, names = _patterns()
    found: dict[str, Span] = {}

    def add(code: str, start: int, end: int) -> None:
        if code not in found:
            found[code] = Span(quote=text[start:end], start=start, end=end)

    hits: list[tuple[int, str, int, int]] = []
    for m in pats["convention_names"].finditer(text):
        code = names.get(" ".join(m.group().casefold().split()))
        if code:
            hits.append((m.start(), code, m.start(), m.end()))
    for m in pats["convention_numbers"].finditer(text):
        for num in re.findall(r"\d{1,3}", m.group("list")):
            if 1 <= int(num) <= 190:
                hits.append((m.start(), f"C{int(num):03d}", m.start(), m.end()))
    for key in ("convention_after_name", "convention_code"):
        for m in pats[key].finditer(text):
            if 1 <= int(m.group("num")) <= 190:
                hits.append((m.start(), f"C{int(m.group('num')):03d}", m.start(), m.end()))
    for _, code, start, end in sorted(hits):
        add(code, start, end)
    return list(found.items())


def read_parties(text: str, header: Header, index: ActorIndex,
                 country: str | None) -> dict[str, Any]:
    """The letter's sender, addressee, signatory and conventions, with their spans.

    Returns ``{"sender": id | None, "addressee": id | None, "signatory": {"role", "name"},
    "conventions": [...], "provenance": {field: Span}, "notes": [...]}``; provenance keys
    are ``sender``, ``addressee``, ``signatory``, and ``conventions.C087``-style keys. An
    addressee actor the text names only by its office is added to ``index``.
    """
    notes: list[str] = []
    provenance: dict[str, Span] = {}
    salutation = _salutation(text, header)
    closing = _closing(text)

    sender = _sender(text, header, index, salutation, closing, notes)
    if sender:
        provenance["sender"] = _span(text, *sender[1:])
    addressee = _addressee(text, index, salutation, country, notes)
    if addressee:
        provenance["addressee"] = _span(text, *addressee[1:])
    signatory, sign_span = _signatory(text, index, closing, notes)
    if sign_span is not None:
        provenance["signatory"] = _span(text, *sign_span)
    conventions = []
    for code, span in find_conventions(text):
        conventions.append(code)
        provenance[f"conventions.{code}"] = span
        notes.append(f"convention {code}: {span.quote!r} at {span.start}")
    return {"sender": sender[0] if sender else None,
            "addressee": addressee[0] if addressee else None,
            "signatory": signatory, "conventions": conventions, "provenance": provenance,
            "notes": notes}


def _span(text: str, start: int, end: int) -> Span:
    return Span(quote=text[start:end], start=start, end=end)


def _salutation(text: str, header: Header) -> tuple[int, int] | None:
    """The salutation line: the first that greets and ends in "," or ":" (else the header's).

    Address blocks open with words salutations also use ("Monsieur le Ministre du Travail",
    "Señor"), so a line that greets but does not end in a comma or colon is taken only
    when no later one does.
    """
    first = None
    for m in SALUTATION.finditer(text, 0, min(len(text), header.body_start + 2000)):
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        line = text[m.start():end].rstrip()
        if line.endswith((",", ":", "!")) and len(line) <= 80:
            return m.start(), m.start() + len(line)
        first = first or (m.start(), m.start() + len(line))
    if header.salutation:
        return header.salutation[1], header.salutation[2]
    # "Right Honourable Prime Minister,": a courtesy and an office alone on a line.
    pats = _patterns()[0]
    for line, s, e in _lines(text, 0, min(len(text), 3000)):
        if len(line) <= 80 and line.endswith((",", ":")):
            courtesy = pats["courtesy"].match(line)
            rest = line[courtesy.end():] if courtesy else line
            if pats["office"].match(rest) and len(rest.split()) <= 4:
                return s, e
    return first


def _closing(text: str) -> tuple[int, int] | None:
    """The closing formula's line ("Yours sincerely,"), the last one in the text."""
    found = None
    for m in _patterns()[0]["closing"].finditer(text):
        found = (m.start() + len(m.group()) - len(m.group().lstrip()), m.end())
    return found


def _lines(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Non-blank lines of text[start:end], stripped, each with its span."""
    out = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        line = m.group()
        stripped = line.strip()
        if stripped:
            s = start + m.start() + line.index(stripped)
            out.append((stripped, s, s + len(stripped)))
    return out


def _short_block(text: str, start: int) -> tuple[int, int] | None:
    """The paragraph at ``start`` when it is a block of at most four short lines."""
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end
    lines = _lines(text, start, end)
    if not lines or len(lines) > 4 or any(len(line) >= 80 for line, _, _ in lines):
        return None
    return start, end


def _org_in_line(text: str, index: ActorIndex, start: int, end: int,
                 kinds: frozenset[str] | set[str] = SENDER_KINDS) -> Mention | None:
    """The first organisation named in text[start:end], by mention or by name (any case)."""
    for m in index.in_span(start, end):
        if index.kind(m.actor) in kinds:
            return m
    line = text[start:end].casefold()
    best = None
    for actor in index.actors:
        if actor.kind not in kinds:
            continue
        for name in [actor.name, *actor.aliases]:
            if len(name) < 3:
                continue
            pos = re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", line)
            if pos and (best is None or len(name) > best[0]):
                best = (len(name), Mention(start + pos.start(), start + pos.end(), actor.id))
    return best[1] if best else None


# An organisation a letter names, and where: (actor id, start, end).
_Found = tuple[str, int, int]


def _sender(text: str, header: Header, index: ActorIndex, salutation: tuple[int, int] | None,
            closing: tuple[int, int] | None, notes: list[str]) -> _Found | None:
    """The organisation that sends the letter, by the first of the rules (see the module's
    docstring) that finds one."""
    body = salutation[1] if salutation else header.body_start
    return (_on_behalf_of(text, index, body, notes)
            or _letterhead(text, index, body, salutation, notes)
            or _signature_sender(text, index, closing, notes)
            or _opening_sender(text, index, body, notes)
            or _last_block_sender(text, index, closing, notes)
            or _from_line(text, index, body, notes))


def _found(mention: Mention) -> _Found:
    return mention.actor, mention.start, mention.end


def _on_behalf_of(text: str, index: ActorIndex, body: int, notes: list[str]) -> _Found | None:
    """1. "on behalf of the International Trade Union Confederation (ITUC)"."""
    for m in _patterns()[0]["sender"].finditer(text, body, min(len(text), body + 1500)):
        for mention in index.in_span(m.end(), m.end() + 120):
            if mention.start <= m.end() + 2 and index.kind(mention.actor) in SENDER_KINDS:
                notes.append(f"sender {mention.actor}: '{m.group().strip()}' at {m.start()}")
                return _found(mention)
            break
    return None


def _letterhead(text: str, index: ActorIndex, body: int, salutation: tuple[int, int] | None,
                notes: list[str]) -> _Found | None:
    """2. The letterhead: the first lines of the text, before any date, reference or
    address; in a letter with no salutation, its first paragraph when that is a block of
    short lines ("ZAMBIA CONGRESS OF TRADE UNIONS / Solidarity House, ...")."""
    head_end = min(body, salutation[0] if salutation else body)
    if salutation is None:
        first = _short_block(text, 0)
        head_end = max(head_end, first[1] if first else 0)
    lines = [(line, s, e) for line, s, e in _lines(text, 0, head_end)[:4]
             if not re.match(r"(?i)(?:to|cc|date|subject|re|ref|objet|asunto)\b\s*:", line)]
    return _org_of_lines(text, index, lines, "letterhead line", notes)


def _org_of_lines(text: str, index: ActorIndex, lines: list[tuple[str, int, int]],
                  what: str, notes: list[str]) -> _Found | None:
    """The organisation the first of ``lines`` to name one names (noted as ``what``)."""
    for line, s, e in lines:
        mention = _org_in_line(text, index, s, e)
        if mention:
            notes.append(f"sender {mention.actor}: {what} {line!r}")
            return _found(mention)
    return None


def _signature_sender(text: str, index: ActorIndex, closing: tuple[int, int] | None,
                      notes: list[str]) -> _Found | None:
    """3. The signature block, after the closing formula."""
    if not closing:
        return None
    lines = _lines(text, closing[1], min(len(text), closing[1] + 400))
    return _org_of_lines(text, index, lines, "signature line", notes)


def _opening_sender(text: str, index: ActorIndex, body: int,
                    notes: list[str]) -> _Found | None:
    """4. The first sentence of the body, when it opens with an organisation."""
    for sentence in split_sentences(text, body)[:3]:
        # "Brussels, June 18, 2020 – The ITUC today wrote": a press release's dateline.
        opening = re.match(r"(?:[^\n–—]{0,60}\s[–—-]\s+)?(?:(?:The|La|Le|El|L['’])\s*)?",
                           sentence.text)
        at = sentence.start + (opening.end() if opening else 0)
        for mention in index.in_span(sentence.start, sentence.end):
            if mention.start == at and index.kind(mention.actor) in SENDER_KINDS:
                notes.append(f"sender {mention.actor}: opens the first sentence of the body")
                return _found(mention)
            break
    return None


def _last_block_sender(text: str, index: ActorIndex, closing: tuple[int, int] | None,
                       notes: list[str]) -> _Found | None:
    """5. With no closing formula, the letter's last paragraph when it is a signature: a
    block of short lines that are no sentences ("Secretary General / Zambia Congress of
    Trade Unions"; not "For more information, contact the BWI Communications Department.")."""
    sign = None if closing else _short_block(text, max(0, text.rstrip().rfind("\n\n")))
    if not sign or any(line.endswith(".") for line, _, _ in _lines(text, *sign)):
        return None
    return _org_of_lines(text, index, _lines(text, *sign), "signature line", notes)


def _from_line(text: str, index: ActorIndex, body: int, notes: list[str]) -> _Found | None:
    """6. "From: ITUC-Africa Secretariat" anywhere in the header."""
    m = re.search(r"(?im)^\s*(?:From|De|Expéditeur|Remitente)\s*:\s*(?P<v>.+)$", text[:body])
    if m:
        mention = _org_in_line(text, index, m.start("v"), m.end("v"))
        if mention:
            notes.append(f"sender {mention.actor}: 'From:' line")
            return _found(mention)
    return None


def _addressee(text: str, index: ActorIndex, salutation: tuple[int, int] | None,
               country: str | None, notes: list[str]) -> _Found | None:
    """The office or body the letter is addressed to: by its address block, its
    salutation, or (in a press release) the actor a letter was sent to."""
    return (_address_block_addressee(text, index, salutation, country, notes)
            or _salutation_addressee(text, index, salutation, country, notes)
            or _reported_addressee(text, index, salutation, notes))


def _address_block_addressee(text: str, index: ActorIndex, salutation: tuple[int, int] | None,
                             country: str | None, notes: list[str]) -> _Found | None:
    """The addressee of the first line of the address block that names one: an office
    ("Minister of Labour"), or the actor of a "To:" line."""
    pats = _patterns()[0]
    zone_end = salutation[0] if salutation else min(len(text), 1500)
    lines = _lines(text, 0, zone_end)
    for i, (line, s, e) in enumerate(lines):
        if re.match(r"(?i)(?:cc|copy|from|de|subject|re|objet|asunto|date)\s*:", line):
            continue
        body = re.sub(r"(?i)^(?:to|a|à|para)\s*:\s*", "", line)
        courtesy = pats["courtesy"].match(body)
        rest = body[courtesy.end():] if courtesy else body
        if pats["address_office"].match(rest):
            following = lines[i + 1] if i + 1 < len(lines) else None
            return _office_addressee(text, index, line, s + line.index(rest) if rest else s,
                                     e, rest, following, country, notes)
        # "To: ITUC Human and Trade Union Rights Department": the header of an e-mail or
        # memo names its addressee.
        if body != line and rest:
            at = s + line.index(rest)
            named = next((m for m in index.in_span(at, e) if index.kind(m.actor) not in
                          ("group", None)), None)
            if named is not None:
                notes.append(f"addressee {named.actor}: 'To:' line {line!r}")
                return _found(named)
    return None


def _office_addressee(text: str, index: ActorIndex, line: str, at: int, e: int, rest: str,
                      following: tuple[str, int, int] | None, country: str | None,
                      notes: list[str]) -> _Found:
    """The office an address line names from ``at``: the actor found there, else one made
    for the office (of the letter's country, or of the body on its line or the next)."""
    # An actor found in the text that starts at the office: "President of the Republic
    # of Belarus", "Minister of Public Service, Labour and Social Welfare".
    for mention in index.in_span(at, e + 200):
        kind = index.kind(mention.actor)
        if mention.start == at and kind in ("state-authority", "government",
                                            "intergovernmental"):
            notes.append(f"addressee {mention.actor}: address line {line!r}")
            return _found(mention)
    office = re.split(r",\s*(?=[A-Z][\w-]+\s*$)", rest)[0].strip()
    office_end = at + len(office)
    if office.isupper():
        office = _title(office)
    kind, name = "state-authority", office
    # "Director-General, International Labour Office": the body on the office's line or
    # on the next says whose office it is.
    if _org_in_line(text, index, at, office_end, kinds={"intergovernmental"}):
        kind = "intergovernmental"
    elif following:
        org = _org_in_line(text, index, following[1], following[2], kinds={"intergovernmental"})
        if org is not None:
            kind, name = "intergovernmental", f"{office}, {following[0]}"
    if kind == "state-authority" and not re.search(r"(?i)\b(?:of|de|du|del|des)\b", office) \
            and country:
        name = f"{office} of {country_name(country)}"
    actor = _add_actor(index, name, kind, country, at, office_end, text)
    notes.append(f"addressee {actor.id}: address line {line!r} (kind {kind})")
    return actor.id, at, office_end


def _salutation_addressee(text: str, index: ActorIndex, salutation: tuple[int, int] | None,
                          country: str | None, notes: list[str]) -> _Found | None:
    """The office the salutation names, of the letter's country ("Dear Mr President" of a
    letter about Kyrgyzstan is the President of Kyrgyzstan)."""
    if not salutation:
        return None
    s, e = salutation
    m = _patterns()[0]["office_anywhere"].search(text, s, e)
    if not m or not country:
        return None
    office = m.group()
    office = office[0].upper() + office[1:]
    # "Monsieur le Président de la République": the office with its complement, and the
    # country named apart, in the letter's own words.
    rest = re.match(r"\s+((?:de|del|du|da|do)\s+(?:la\s+|l['’]|el\s+|le\s+)?\w+)",
                    text[m.end():e])
    if rest or office.lower() not in _english_offices():
        phrase = office + (f" {rest.group(1)}" if rest else "")
        name = f"{phrase} ({country_name(country)})"
    else:
        name = f"{office} of {country_name(country)}"
    for actor in index.actors:
        if actor.name.casefold() == name.casefold():
            return actor.id, s, e
    actor = _add_actor(index, name, "state-authority", country, m.start(), m.end(), text)
    notes.append(f"addressee {actor.id}: salutation {text[s:e]!r} and the letter's "
                 f"country {country}")
    return actor.id, m.start(), m.end()


def _reported_addressee(text: str, index: ActorIndex, salutation: tuple[int, int] | None,
                        notes: list[str]) -> _Found | None:
    """A press release says whom the letter it reports went to: "The ETUC today sent a
    letter to the Prime Minister of the Republic of Serbia"."""
    pats = _patterns()[0]
    body = salutation[1] if salutation else 0
    for sentence in split_sentences(text, body)[:6]:
        if sentence.start > body + 1500:
            break
        for cue in pats["addressee_cue"].finditer(text, sentence.start, sentence.end):
            named = next((m for m in index.in_span(cue.end(), sentence.end)
                          if m.start <= cue.end() + 2), None)
            if named is not None and index.kind(named.actor) not in ("group", "person", None):
                notes.append(f"addressee {named.actor}: {cue.group().strip()!r} at "
                             f"{cue.start()}")
                return _found(named)
    return None


@functools.cache
def _english_offices() -> frozenset[str]:
    """The offices named in English ("President" gives "President of Ghana", "Président de
    la République" stays as written), from ``lexicon.yaml``."""
    return frozenset(load("lexicon")["english_offices"])


def _title(value: str) -> str:
    """Title case for a line written in capitals, with connectors kept low."""
    small = {"of", "the", "and", "de", "la", "del", "los", "las", "du", "des", "le", "et", "y",
             "for", "on", "da", "do", "dos"}
    words = value.lower().split()
    return " ".join(w if w in small and i else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _add_actor(index: ActorIndex, name: str, kind: str, country: str | None, start: int,
               end: int, text: str) -> Actor:
    ident = slug(name)
    actor = Actor(id=ident, name=name, kind=kind,
                  country=country if kind != "intergovernmental" else None,
                  evidence=[Span(quote=text[start:end], start=start, end=end)])
    return index.add(actor, [Mention(start, end, ident)])


def _signatory(text: str, index: ActorIndex, closing: tuple[int, int] | None,
               notes: list[str]) -> tuple[dict[str, str | None], tuple[int, int] | None]:
    """{"role", "name"} from the lines after the closing formula (or the last lines)."""
    pats = _patterns()[0]
    if closing:
        lines = _lines(text, closing[1], min(len(text), closing[1] + 500))
    else:  # no closing formula: a last paragraph of a few short lines is a signature
        last = text.rstrip().rfind("\n\n")
        lines = _lines(text, max(0, last), len(text))
        if len(lines) > 4 or any(len(line) >= 70 for line, _, _ in lines):
            lines = []
    role = name = None
    span = None
    for line, s, _e in lines[:6]:
        if _NOT_SIGNATURE.match(line):
            break
        column = re.split(r"\s{3,}", line)[0]
        col_end = s + len(column)
        for part in re.split(r",\s*", column):
            part_start = s + column.index(part)
            if role is None and pats["role"].search(part) and len(part.split()) <= 8:
                role = re.sub(r"^(?:La|Le|El|The|L['’])\s+", "", part.strip())
                span = (part_start, part_start + len(part))
                continue
            person = next((m for m in index.in_span(part_start, col_end)
                           if index.kind(m.actor) == "person"), None)
            if name is None and person is not None:
                name = index.actor(person.actor).name  # type: ignore[union-attr]
            elif name is None and re.fullmatch(r"(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+", part) \
                    and not _org_in_line(text, index, part_start, part_start + len(part),
                                         ORG_KINDS) and not _is_place(part):
                name = part
    if role or name:
        notes.append(f"signatory: role {role!r}, name {name!r}")
    return {"role": role, "name": name}, span


_NOT_SIGNATURE = re.compile(
    r"(?i)(?:cc|c\.c\.|copy|attachments?|annex|enclosures?|encl|p\.s)\b|[-–]\s*ends")


def _is_place(value: str) -> bool:
    return bool(countries_in(value))


_SAID = r"(?:said|says|stated|declared|added|affirmed|a déclaré|a dit|déclare|a affirmé|dijo|" \
        r"declaró|afirmó|señaló|manifestó)"


@functools.cache
def _quoted_forms() -> tuple[re.Pattern[str], ...]:
    """The three ways a press release quotes its issuer's officer, compiled once. The name
    is matched case-sensitively (capitalised words), which also keeps the search from
    trying every word of the text as a name."""
    role = _patterns()[0]["role"].pattern
    name = r"(?P<name>(?-i:[A-ZÀ-Ý][\w'’-]+(?:[ \t]+[A-ZÀ-Ý][\w'’-]+){1,3}))"
    forms = (
        rf"{_SAID}\s+(?:(?:the|le|la|el)\s+)?(?:[A-Z][\w-]*\s+)?(?P<role>{role})\s*,?\s+{name}",
        rf"{name}\s*,\s*(?:(?:the|le|la|el)\s+)?(?P<role>{role})\b[^,.;]{{0,60}},\s*{_SAID}",
        rf"{_SAID}\s+{name}\s*,\s*(?:(?:the|le|la|el)\s+)?(?P<role>{role})\b",
    )
    return tuple(re.compile(form, re.IGNORECASE) for form in forms)


def quoted_signatory(text: str, start: int, index: ActorIndex) -> dict[str, str | None]:
    """The post and name of the person a press release quotes for its issuer: "said ITUC
    General Secretary Sharan Burrow", "Sharan Burrow, General Secretary of the ITUC,
    said", "a déclaré Luc Triangle, secrétaire général de la CSI"."""
    for form in _quoted_forms():
        found = form.search(text, start, start + 6000)
        if found:
            return {"role": found["role"].strip(), "name": found["name"].strip()}
    return {"role": None, "name": None}
