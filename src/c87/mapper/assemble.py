"""Put the parts of the mapper together into one facts document."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from c87.mapper.actors import ActorIndex, find_actors, gazetteer
from c87.mapper.countries import country_concerned
from c87.mapper.cues import cue_origin, using_lexicon
from c87.mapper.dates import DateMention, find_dates, find_relative_dates
from c87.mapper.events import read_events
from c87.mapper.genre import SourceLine, detect_genre, headline, mask, source_line
from c87.mapper.header import SUBJECT_LABEL, Header, read_header
from c87.mapper.language import detect_language
from c87.mapper.lexicon import acts_lexicon
from c87.mapper.parties import quoted_signatory, read_parties
from c87.mapper.publisher import find_publisher, site_publisher
from c87.mapper.sentences import Sentence, first_clauses, split_sentences
from c87.model import Actor, Event, Facts, Letter, Participant, Signatory, Source, Span
from c87.ontology import concept, principles_for

if TYPE_CHECKING:
    from c87.input.text import Text
    from c87.mapper.act import Act
    from c87.ontology.user_lexicon import UserLexicon


@dataclass
class Extraction:
    """The facts of a letter, with what a reviewer should look at and why each fact is there."""

    facts: Facts
    warnings: list[str] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)


def extract_facts(text: Text, lexicon: UserLexicon | None = None) -> Facts:
    """The facts document of the letter in ``text`` (``lexicon``: as in
    :func:`read_letter_facts`)."""
    return read_letter_facts(text, lexicon=lexicon).facts


def read_letter_facts(text: Text, lexicon: UserLexicon | None = None) -> Extraction:
    """The facts of the letter in ``text``, with warnings and the rules behind each fact.

    The stages: the page (its "SOURCE:" line, header, language, genre), the letter's
    fields, the actors, the parties, the dates, the sentences of the account, the events.
    ``lexicon`` is a user lexicon (:mod:`c87.ontology.user_lexicon`) whose cue words are
    read on top of the shipped ones; None reads the shipped lexicon alone (this function
    never reads the user's file: the caller says which lexicon).
    """
    with using_lexicon(lexicon):
        return _read_letter_facts(text)


def _read_letter_facts(text: Text) -> Extraction:
    page = _read_page(text.text)
    letter, provenance, headline_span = _letter_fields(page)
    body, header = page.body, page.header
    index = find_actors(body, body_start=header.body_start,
                        country=letter.country, language=page.language)
    page.explanations.extend(index.notes)
    _add_parties(page, letter, provenance, index)
    dates = _dates(page, letter.date)
    sentences = _account(body, header.body_start, headline_span)
    header_spans = [(0, header.body_start)] + ([headline_span] if headline_span else [])
    reading = read_events(body, sentences, dates, index, letter_date=letter.date,
                          sender=letter.sender, addressee=letter.addressee,
                          header_spans=header_spans, language=page.language, genre=page.genre)
    page.explanations.extend(reading.notes)
    events = _events(reading.acts, body, index, page.explanations)
    facts = Facts(
        source=Source(sha256=text.sha256, path=text.path, format=text.format,
                      language=page.language, url=page.url),
        letter=letter, actors=list(index.actors), events=events)
    warnings = list(reading.warnings)
    if not events:
        warnings.append("no event found: this does not read as a letter reporting violations "
                        "of trade union rights")
    return Extraction(facts, warnings, page.explanations)


@dataclass
class _Page:
    """A text as the stages read it: ``body`` is the text with its "SOURCE: <url>" line
    blanked (``stored``), so that nothing else reads it; the header, language and genre
    found, and the explanations the stages give."""

    source: str
    body: str
    stored: SourceLine | None
    header: Header
    language: str | None
    genre: str
    explanations: list[str] = field(default_factory=list)

    @property
    def url(self) -> str | None:
        return self.stored.url if self.stored else None

    def span(self, start: int, end: int) -> Span:
        return Span(quote=self.body[start:end], start=start, end=end)


def _read_page(source: str) -> _Page:
    """The page of ``source``: its header (the body starts after a "SOURCE:" line),
    language and genre; a CFA report is dated by its report ("Report No 340, March 2006")."""
    stored = source_line(source)
    body = mask(source, stored.end) if stored else source
    header = read_header(body)
    if stored:
        header.body_start = max(header.body_start, stored.end)
    language = detect_language(body[header.body_start:] or body)
    url = stored.url if stored else None
    genre = detect_genre(body, salutation=header.salutation is not None, url=url)
    if genre == "cfa-report":
        report = re.search(r"Report No\.?\s*\d+,?\s*(?P<when>[^\n]{4,30})", body)
        when = [d for d in header.dates if report and report.start("when") <= d.start
                < report.end("when")]
        if when:
            header.date = when[0]
    page = _Page(source, body, stored, header, language, genre)
    page.explanations.append(f"genre {genre}" + (f"; stored from {url}" if url else ""))
    return page


def _letter_fields(page: _Page) -> tuple[Letter, dict[str, Span], tuple[int, int] | None]:
    """The letter's genre, date, reference, subject and country, each with its span, and
    the span of the headline a page stored from the web opens with."""
    body, header, notes = page.body, page.header, page.explanations
    letter = Letter(genre=page.genre)
    provenance: dict[str, Span] = {}
    headline_span = None
    if header.date:
        letter.date = header.date.value
        provenance["date"] = page.span(header.date.start, header.date.end)
        notes.append(f"letter date {letter.date}: the first full date of the header")
    if header.reference:
        letter.reference, start, end = header.reference
        provenance["reference"] = page.span(start, end)
    if page.stored and page.genre != "cfa-report" and not _labelled_subject(body, header):
        found = headline(body, page.stored.end, [(d.start, d.end) for d in header.dates])
        header.subject = found or header.subject
        if found:
            headline_span = found[1:]
    if header.subject:
        letter.subject, start, end = header.subject
        provenance["subject"] = page.span(start, end)
    country = country_concerned(body, header.body_start)
    if country:
        letter.country = country.code
        provenance["country"] = page.span(country.start, country.end)
        notes.append(f"country {country.code}: the state the body names most often")
    return letter, provenance, headline_span


def _add_parties(page: _Page, letter: Letter, provenance: dict[str, Span],
                 index: ActorIndex) -> None:
    """The letter's sender (its issuer, for a text from the web), addressee, signatory
    (the officer a press release quotes) and conventions, and the provenance of them all."""
    body, header = page.body, page.header
    parties = read_parties(body, header, index, letter.country)
    _issuer(parties, page.genre, body, page.source, page.url, index, header.body_start,
            page.explanations)
    if page.genre in ("press-release", "news-report") and not any(
            parties["signatory"].values()):
        parties["signatory"] = quoted_signatory(body, header.body_start, index)
    letter.sender = parties["sender"]
    letter.addressee = parties["addressee"]
    letter.signatory = Signatory(**parties["signatory"])
    letter.conventions = parties["conventions"]
    provenance.update(parties["provenance"])
    page.explanations.extend(parties["notes"])
    letter.provenance = dict(sorted(provenance.items(), key=lambda kv: kv[1].start))


def _dates(page: _Page, letter_date: str | None) -> list[DateMention]:
    """The dates of the text, yearless ones given the letter's year (or the year its
    address gives), with the dates said relative to the letter's date."""
    body, header = page.body, page.header
    letter_year = int(letter_date[:4]) if letter_date else _url_year(page.url)
    dates = _with_years(body, find_dates(body, default_year=letter_year), letter_date)
    if header.date:
        taken = [(d.start, d.end) for d in dates]
        news = page.genre in ("news-report", "press-release")
        dates = sorted(dates + [d for d in find_relative_dates(body, header.date.date,
                                                               news=news)
                                if all(d.end <= a or d.start >= b for a, b in taken)],
                       key=lambda d: d.start)
    return dates


def _account(body: str, body_start: int,
             headline_span: tuple[int, int] | None) -> list[Sentence]:
    """The sentences of the account: from the body's start to its end (see
    :func:`_body_end`), the headline of a page from the web cut out."""
    body_end = _body_end(body, body_start)
    sentences = [s for s in split_sentences(body, body_start) if s.start < body_end]
    return _without(body, sentences, headline_span) if headline_span else sentences


def _events(acts: list[Act], body: str, index: ActorIndex, notes: list[str]) -> list[Event]:
    """The events of the facts document, one per act, numbered in order."""
    events = []
    for number, act in enumerate(acts, 1):
        event = _event(f"e{number}", act, body, index)
        events.append(event)
        notes.extend(f"{event.id} {note}" for note in act.notes)
    return events


def _issuer(parties: dict, genre: str, body: str, source: str, url: str | None,
            index: ActorIndex, body_start: int, notes: list[str]) -> None:
    """Who issued the text, into ``parties["sender"]``.

    The organisation whose web site the text was stored from comes first. A letter, an
    urgent action or a complaint keeps the sender its letterhead or signature gives; a
    press release, news report or index entry is issued by the organisation its date line
    brackets or whose name spells its site. A CFA report with no other issuer is the
    Committee's; a news report's first organisation is its subject, not its issuer.
    """
    letter_like = genre in ("letter", "urgent-action", "cfa-report")
    issuer = find_publisher(body, source, url, index, body_start, notes,
                            named=not (letter_like and parties["sender"]))
    if genre == "news-report" and any("opens the first sentence" in n
                                      for n in parties["notes"]):
        parties["sender"] = None
    if issuer is None and parties["sender"] is None and genre in ("news-report",
                                                                   "press-release"):
        issuer = site_publisher(source, url, index, notes)
    if issuer:
        parties["sender"] = issuer[0]
        parties["provenance"]["sender"] = Span(quote=source[issuer[1]:issuer[2]],
                                               start=issuer[1], end=issuer[2])
    elif genre == "cfa-report" and parties["sender"] is None:
        parties["sender"] = _committee(index)


def _committee(index: ActorIndex) -> str:
    """The actor of the ILO Committee on Freedom of Association, added if not named."""
    if index.actor("ilo-cfa") is None:
        entry = next(e for e in gazetteer() if e["id"] == "ilo-cfa")
        index.add(Actor(id="ilo-cfa", name=entry["name"], aliases=entry["aliases"],
                        kind=entry["kind"]))
    return "ilo-cfa"


def _without(body: str, sentences: list, span: tuple[int, int]) -> list:
    """The sentences with the text of ``span`` (a headline) cut out of them."""
    out = []
    for s in sentences:
        if span[0] <= s.start < span[1]:
            rest = body[span[1]:s.end]
            start = span[1] + len(rest) - len(rest.lstrip())
            if start < s.end:
                out.append(Sentence(start, s.end, body[start:s.end], s.paragraph))
            continue
        out.append(s)
    return out


def _labelled_subject(body: str, header: Header) -> bool:
    """Whether a labelled subject line ("Subject:", "Objet :") stands in the header or in
    the first 600 characters of the body."""
    return bool(SUBJECT_LABEL.search(body, 0, min(len(body), header.body_start + 600)))


def _url_year(url: str | None) -> int | None:
    """The year a page's address gives ("/2020/07/30/"), for yearless dates."""
    found = re.search(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?:[/_-](?:0?[1-9]|1[0-2])(?!\d))", url or "")
    return int(found[1]) if found else None


def _body_end(body: str, start: int) -> int:
    """Where the account ends: the closing formula, or a line of attachments or copies."""
    found = _end_of_body().search(body, start)
    return found.start() if found else len(body)


@functools.cache
def _end_of_body() -> re.Pattern[str]:
    """A line that opens with a word ending the account ("Attachments:", "cc:")."""
    words = "|".join(re.escape(w) for w in acts_lexicon()["end_of_body"])
    return re.compile(rf"^[ \t]*(?:{words})\b\.?[ \t]*[:.]", re.MULTILINE | re.IGNORECASE)


def _with_years(body: str, dates: list, letter_date: str | None) -> list:
    """Yearless dates dated after the letter belong to the year before it."""
    if not letter_date:
        return dates
    out = []
    for mention in dates:
        if mention.year_inferred and mention.value[:len(letter_date)] > letter_date[
                :len(mention.value)]:
            year = int(mention.value[:4]) - 1
            mention = replace(mention, value=f"{year:04d}{mention.value[4:]}")
        out.append(mention)
    return out


def _event(event_id: str, act: Act, body: str, index: ActorIndex) -> Event:
    found = concept(act.type)
    sentence = act.sentence
    if act.start and act.end and act.end[:len(act.start)] < act.start[:len(act.end)]:
        act.end = None  # a range that would end before it starts: keep what is sure
    evidence = [Span(quote=s.text, start=s.start, end=s.end) for s in [sentence, *act.more]]
    provenance = {}
    if act.date_span and not (sentence.start <= act.date_span[0] < sentence.end):
        a, b = act.date_span
        provenance["date"] = Span(quote=body[a:b], start=a, end=b)
    return Event(
        id=event_id,
        type=act.type,
        date=act.date, start=act.start, end=act.end, approximate=act.approximate,
        summary=_summary(act, index, found.label if found else act.type),
        evidence=evidence,
        participants=[Participant(actor=a, role=r) for a, r in act.participants],
        place=act.place,
        principles=list(principles_for(act.type)),
        alleged_violation=bool(found and found.is_violation),
        provenance=provenance,
        rule=_rule(act),
    )


def _rule(act: Act) -> str:
    """What proposed ``act``, for the facts' provenance: its cue words and language, whether
    they are the user lexicon's, and how it got its date ('cue "arrested" (en); date:
    2020-06-03 from '3 June 2020'', 'cue "nabbed" (en, user lexicon)')."""
    said = ", ".join(f'"{c.words}"' for c in act.cues)
    parts = [f"cue {said} ({cue_origin(act.cues)})"]
    parts += [n for n in act.notes if n.startswith(("date:", "start:", "end:"))][:2]
    return "; ".join(parts)


def _summary(act: Act, index: ActorIndex, label: str) -> str:
    """A one-line summary a reviewer can scan: the act, whom it struck, who did it."""
    def names(role: str) -> str:
        return ", ".join(index.actor(a).name for a, r in act.participants if r == role)

    summary = label
    victims, perpetrators = names("victim"), names("perpetrator")
    if victims:
        summary += f": {victims}"
    if perpetrators:
        summary += f" (by {perpetrators})"
    if not victims and not perpetrators:
        summary += ": " + first_clauses(act.sentence.text)  # never cut inside a word
    return summary
