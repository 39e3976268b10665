"""The IRI scheme of the RDF c87 writes and reads back: namespaces, case ids, minted IRIs.

``output.rdf`` writes graphs with these IRIs, in the formats of :data:`RDF_FORMATS`, and
``input.rdf`` reads them back, so both take them from here rather than one from the other.

A case (the facts of one letter) has the IRI ``{base}case/{case-id}``; it names the case's
graph, and everything the facts say lives below it::

    {case}/actor/{actor id}                      an actor
    {case}/actor/{actor id}/post/{n}             its n-th position (org:Post)
    {case}/event/{event id}                      an event
    {case}/event/{event id}/role/{n}             its n-th participant (sem:Role)
    {case}/{subject}/evidence/{n}                the n-th evidence span (oa:Annotation),
        .../target  .../quote  .../position      its target and selectors
    {case}/{subject}/provenance/{field}          the span stating a field (oa:Annotation),
        .../tag                                  the field's name (oa:TextualBody)
    {case}/place/{slug}                          a place named by an event (sem:Place)
    {case}/signatory                             who signs the letter
    {case}/conversion                            the prov:Activity that made the graph
    {case}/actors  {case}/events                 the order of the facts' lists (rdf:Seq,
    {case}/letter/conventions                    written for two items or more)
    {case}/actor/{id}/aliases  .../member-of
    {case}/event/{id}/principles

where ``{subject}`` is ``letter``, ``actor/{id}`` or ``event/{id}``, and ``{field}`` the
field's name, or ``_`` and a hash of it when it is not a plain word. The letter itself is
``{base}letter/{first 16 hex digits of its sha256}`` (the same text, the same letter).
Concepts (event types, principles, actor kinds, roles), instruments and countries keep
the ontology's fixed IRIs under :data:`ID_BASE`, whatever the base.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from c87.model import Facts

__all__ = [
    "DEFAULT_BASE", "ID_BASE", "MEDIA_TYPES", "NS", "PREFIXES", "RDF_FORMATS", "RDF_SUFFIXES",
    "SCHEMA_IRI", "SCHEMA_IRIS", "CaseIds",
    "case_id", "check_base", "place_iris", "segment", "short_hash", "slug",
]

ID_BASE = "https://w3id.org/c87/id/"
"""Base of the ontology's own IRIs: concepts, schemes, instruments, countries."""

DEFAULT_BASE = ID_BASE
"""Base of the IRIs minted for cases and letters, unless ``--base`` says otherwise."""

SCHEMA_IRIS = {1: "https://w3id.org/c87/schema/facts-1.json",
               2: "https://w3id.org/c87/schema/facts-2.json"}
"""The facts document format a case conforms to (``dcterms:conformsTo``), by version: 2
for a reviewed document, 1 for one that holds no review."""

SCHEMA_IRI = SCHEMA_IRIS[1]

NS = {
    "c87": "https://w3id.org/c87/ontology#",
    "ak": ID_BASE + "actor-kind/",
    "et": ID_BASE + "event-type/",
    "principle": ID_BASE + "principle/",
    "role": ID_BASE + "role/",
    "instrument": ID_BASE + "instrument/",
    "country": ID_BASE + "country/",
    "software": ID_BASE + "software/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "http://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""Every namespace the output uses, by the prefix it is written with."""

PREFIXES = {k: v for k, v in NS.items() if k not in ("instrument", "country", "software")}
"""The prefixes declared in Turtle, TriG and RDF/XML (the docs' example uses the same)."""

MEDIA_TYPES = {
    "txt": "https://www.iana.org/assignments/media-types/text/plain",
    "md": "https://www.iana.org/assignments/media-types/text/markdown",
    "html": "https://www.iana.org/assignments/media-types/text/html",
    "pdf": "https://www.iana.org/assignments/media-types/application/pdf",
    "docx": "https://www.iana.org/assignments/media-types/application/"
            "vnd.openxmlformats-officedocument.wordprocessingml.document",
}
"""Letter format (``source.format``) -> the IANA media type written as ``dcterms:format``."""

RDF_FORMATS = {"ttl": "Turtle", "nt": "N-Triples", "nq": "N-Quads", "trig": "TriG",
               "jsonld": "JSON-LD", "rdf": "RDF/XML"}
"""The RDF formats c87 writes and reads, by the extension of their files -> the format's
name in messages."""

RDF_SUFFIXES = {f".{fmt}": fmt for fmt in RDF_FORMATS}
"""File extension -> RDF format."""

_BASE_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`#?]+/\Z")
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def check_base(base: str) -> str:
    """Return ``base`` if it can prefix minted IRIs, else raise ValueError saying why.

    A base is an absolute http(s) IRI that ends in ``/`` and has no query or fragment,
    so that the IRIs below a case can be written relative to it.
    """
    if not _BASE_RE.match(base):
        raise ValueError(f"{base!r} is not a base IRI: give an http(s) IRI ending in '/', "
                         "without '?' or '#' (e.g. https://example.org/c87/)")
    return base


def slug(text: str, max_length: int = 40, *, breaks: bool = False) -> str:
    """Lower-case ASCII letters and digits of ``text``, runs of anything else as ``-``.

    Accents are dropped (``é`` is ``e``); a character with no ASCII form (``ł``, ``ß``,
    ``’``, a Cyrillic letter) is dropped too (``Małgorzata``: ``magorzata``), or, with
    ``breaks``, breaks words as a space does (``ma-gorzata``: how the mapper makes actor
    ids). At most ``max_length`` characters, never a ``-`` at either end; empty when
    ``text`` has no ASCII letter or digit.
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    if not breaks:
        folded = folded.encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return out[:max_length].rstrip("-")


def file_name(path: str) -> str:
    """The file name of ``path``, without its folders (``/`` or ``\\``).

    What the RDF and the complaint record of where a letter was read (``source.path``):
    a graph or a filing is shared, and should neither reveal someone's folders nor differ
    with where the letter sits; the text's sha256 identifies it.
    """
    return re.split(r"[\\/]", path.rstrip("\\/"))[-1] or path


def short_hash(text: str, length: int = 8) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def case_id(facts: Facts) -> str:
    """A readable id for the case of ``facts``, stable for the same facts.

    Sender id, letter date and reference, lower-cased and joined with ``-``
    (``ituc-2020-06-18-perc-htur``). When any of the three is missing the first 8 hex
    digits of the text's sha256 are added (``ituc-2020-06-18-0d9fd40f``), and when all
    are missing the id is ``letter-`` and those digits.
    """
    letter = facts.letter
    parts = [slug(letter.sender or ""), letter.date or "", slug(letter.reference or "")]
    present = [p for p in parts if p]
    digest = facts.source.sha256[:8]
    if len(present) == len(parts):
        return "-".join(present)
    return "-".join(present or ["letter"]) + "-" + digest


def place_iris(facts: Facts, case: str) -> dict[str, str]:
    """Place label -> IRI for the places the events of ``facts`` name, in their order.

    ``{case}/place/{slug}``, with the first 8 hex digits of the label's hash added when
    two labels would give the same slug (or the slug is empty). ``case`` is the case IRI.
    """
    labels = list(dict.fromkeys(e.place for e in facts.events if e.place is not None))
    by_slug: dict[str, list[str]] = {}
    for label in labels:
        by_slug.setdefault(slug(label, 60), []).append(label)
    iris = {}
    for label in labels:
        key = slug(label, 60)
        if not key or len(by_slug[key]) > 1:
            key = f"{key}-{short_hash(label)}" if key else short_hash(label)
        iris[label] = f"{case}/place/{key}"
    return iris


def segment(key: str) -> str:
    """``key`` as one safe path segment: itself if it is a plain word, else ``_`` + hash."""
    return key if _SAFE_SEGMENT.match(key) else "_" + short_hash(key)


class CaseIds:
    """The case ids of one run over several inputs, kept apart.

    :meth:`propose` gives the readable id of :func:`case_id`, or, when an earlier input
    of the run took it, that id with the first 8 hex digits of the text's sha256 (and a
    counter if the same text comes twice); :meth:`take` marks an id as written. The same
    inputs in the same order get the same ids.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def propose(self, facts: Facts) -> str:
        """The id for ``facts`` in this run (not yet taken)."""
        return self.propose_id(case_id(facts), facts.source.sha256)

    def propose_id(self, wanted: str, sha256: str) -> str:
        """The id in this run for a text of ``sha256`` whose :func:`case_id` is ``wanted``
        (what :meth:`propose` gives, without the facts at hand)."""
        if wanted not in self.taken:
            return wanted
        digest = sha256[:8]
        if not wanted.endswith(digest):
            wanted = f"{wanted}-{digest}"
        found, n = wanted, 2
        while found in self.taken:
            found, n = f"{wanted}-{n}", n + 1
        return found

    def take(self, case: str) -> None:
        """Mark ``case`` as used by an input of the run."""
        self.taken.add(case)
