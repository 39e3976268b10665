"""Read a complaint XML that c87 wrote: check it, and read it back into its facts.

The reverse of :mod:`c87.output.complaint`. The XML is untrusted: it is parsed without
DTDs, entities or network access (:func:`c87.ontology.akn.parse_xml`); a document with a DOCTYPE
is refused, and one that is not well-formed gets the line and column of the fault.

* :func:`read_complaint` -- the :class:`~c87.model.complaint.Complaint` the ``c87:complaint``
  block of ``meta/proprietary`` describes, with the facts document it holds;
* :func:`complaint_to_facts` -- just the facts (equal to the facts the XML was made from);
* :func:`c87.mapper.checklist.check_complaint` -- the strict OASIS Akoma Ntoso schema, the project's
  ``complaint.xsd``, and the CFA checklist (:func:`c87.mapper.checklist.checklist`), item by item;
* :func:`find_letter_text` -- the text of the letter a facts document came from, when its
  file is still where ``source.path`` says (:func:`letter_paths`: where it looks).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from c87.errors import C87Error, ContentError
from c87.input.facts import facts_from_data
from c87.input.files import read_bytes
from c87.input.letters import read_letter
from c87.model.complaint import Allegation, Complainant, Complaint, UrgencyGround
from c87.ontology.akn import AKN, C87, complaint_schema, parse_xml, schema_errors

if TYPE_CHECKING:
    from lxml import etree

    from c87.input.text import Text
    from c87.model import Facts

__all__ = ["XML_SUFFIXES", "complaint_block", "complaint_to_facts", "find_letter",
           "find_letter_text", "letter_paths", "parse_complaint", "read_complaint"]

XML_SUFFIXES = {".xml"}
"""Extensions of complaint files (``.rdf`` is RDF/XML, read by :mod:`c87.input.rdf`)."""


def _c(tag: str) -> str:
    return f"{{{C87}}}{tag}"


def parse_complaint(source: str | os.PathLike[str] | bytes, *, name: str | None = None,
                    max_bytes: int | None = None) -> etree._ElementTree:
    """The XML tree of a complaint file (a path) or of XML data (bytes), parsed safely.

    Raises :class:`~c87.errors.InputError` when the file cannot be read (missing, empty,
    over ``max_bytes``) and :class:`ContentError` when it is not well-formed XML (with
    the line and column) or has a DOCTYPE.
    """
    if isinstance(source, bytes):
        return parse_xml(source, name or "<data>")
    label = name or os.fspath(source)
    return parse_xml(read_bytes(Path(source), max_bytes=max_bytes), label)


def complaint_block(tree: etree._ElementTree) -> etree._Element:
    blocks = tree.getroot().findall(f"{{{AKN}}}doc/{{{AKN}}}meta/{{{AKN}}}proprietary/"
                                    + _c("complaint"))
    if len(blocks) != 1:
        raise ContentError("is not a c87 complaint: no c87:complaint block in "
                           "doc/meta/proprietary" if not blocks else
                           f"holds {len(blocks)} c87:complaint blocks, not one")
    return blocks[0]


def read_complaint(source: str | os.PathLike[str] | bytes | etree._ElementTree, *,
                   name: str | None = None, max_bytes: int | None = None) -> Complaint:
    """The complaint a c87 complaint XML describes (source: a path, the data, or a tree).

    The ``c87:complaint`` block must be valid against complaint.xsd, and its facts a
    valid facts document; otherwise :class:`ContentError` says what is wrong.
    """
    from lxml import etree

    label = name or ("<data>" if isinstance(source, bytes | etree._ElementTree)
                     else os.fspath(source))
    tree = source if isinstance(source, etree._ElementTree) else parse_complaint(
        source, name=label, max_bytes=max_bytes)
    try:
        block = complaint_block(tree)
        errors = schema_errors(complaint_schema(), block)
        if errors:
            raise ContentError("the c87:complaint block is not valid against complaint.xsd: "
                               + "; ".join(errors[:3]))
        return _Reader(block).complaint()
    except ContentError as exc:
        if exc.path is None:
            exc.path = label
        raise


def complaint_to_facts(source: str | os.PathLike[str] | bytes, *, name: str | None = None,
                       max_bytes: int | None = None) -> Facts:
    """The facts document a complaint XML c87 wrote was made from (source: path or data)."""
    return read_complaint(source, name=name, max_bytes=max_bytes).facts


def letter_paths(facts: Facts, near: str | os.PathLike[str] | None = None) -> list[Path]:
    """Where the letter of ``facts`` may be, in the order to look: ``source.path`` as it is
    (relative to the working folder), then relative to the folder of ``near`` (the facts
    file); none when the document names no file."""
    path = facts.source.path
    if not path:
        return []
    candidates = [Path(path)]
    if near is not None and not Path(path).is_absolute():
        candidates.append(Path(near).resolve().parent / path)
    return candidates


def find_letter_text(facts: Facts, near: str | os.PathLike[str] | None = None,
                     *, max_bytes: int | None = None) -> str | None:
    """The text of the letter ``facts`` came from, if its file can be found; else None
    (see :func:`find_letter`)."""
    letter = find_letter(facts, near, max_bytes=max_bytes)
    return letter.text if letter is not None else None


def find_letter(facts: Facts, near: str | os.PathLike[str] | None = None,
                *, max_bytes: int | None = None) -> Text | None:
    """The letter ``facts`` came from, read, if its file can be found; else None.

    Looks at ``source.path`` as it is (relative to the working folder), then relative to
    the folder of ``near`` (the facts file). A file counts only if the text c87 reads
    from it has the facts' sha256, so that the offsets of the quotes hold.
    """
    for candidate in letter_paths(facts, near):
        if not candidate.is_file():
            continue
        try:
            text = read_letter(candidate, max_bytes=max_bytes)
        except C87Error:
            continue
        if text.sha256 == facts.source.sha256:
            return text
    return None


def _bool(value: str | None) -> bool:
    return value in ("true", "1")


class _Reader:
    """The c87:complaint block of one document (valid against complaint.xsd)."""

    def __init__(self, block: etree._Element) -> None:
        self.block = block

    @staticmethod
    def text(parent: etree._Element, tag: str) -> str | None:
        node = parent.find(_c(tag))
        return None if node is None else (node.text or "")

    @staticmethod
    def texts(parent: etree._Element, tag: str) -> list[str]:
        return [node.text or "" for node in parent.findall(_c(tag))]

    @staticmethod
    def span(node: etree._Element) -> dict[str, Any]:
        start, end = node.get("start"), node.get("end")  # none in a public record
        return {"quote": node.text or "", "start": None if start is None else int(start),
                "end": None if end is None else int(end)}

    def spans(self, parent: etree._Element, tag: str) -> list[dict[str, Any]]:
        return [self.span(node) for node in parent.findall(_c(tag))]

    def provenance(self, parent: etree._Element) -> dict[str, dict[str, Any]]:
        return {node.get("field"): self.span(node) for node in parent.findall(_c("provenance"))}

    def facts(self) -> Facts:
        block = self.block.find(_c("facts"))
        source = block.find(_c("source"))
        letter = block.find(_c("letter"))
        signatory = letter.find(_c("signatory"))
        data = {
            "c87": int(block.get("version")),
            "public": _bool(block.get("public", "false")),
            "source": {"sha256": source.get("sha256"), "path": self.text(source, "path"),
                       "format": source.get("format"), "language": source.get("language"),
                       "url": self.text(source, "url")},
            "letter": {
                "genre": letter.get("genre"), "date": letter.get("date"),
                "reference": self.text(letter, "reference"),
                "subject": self.text(letter, "subject"), "sender": letter.get("sender"),
                "addressee": letter.get("addressee"),
                "signatory": {"role": self.text(signatory, "role"),
                              "name": self.text(signatory, "name")},
                "country": letter.get("country"),
                "conventions": self.texts(letter, "convention"),
                "provenance": self.provenance(letter),
            },
            "actors": [{
                "id": actor.get("id"), "name": self.text(actor, "name"),
                "aliases": self.texts(actor, "alias"), "kind": actor.get("kind"),
                "country": actor.get("country"), "honorific": self.text(actor, "honorific"),
                "given_name": self.text(actor, "givenName"),
                "family_name": self.text(actor, "familyName"),
                "positions": [{"title": node.text or "",
                               "organisation": node.get("organisation")}
                              for node in actor.findall(_c("position"))],
                "member_of": self.texts(actor, "memberOf"),
                "evidence": self.spans(actor, "evidence"),
                "confidential": _bool(actor.get("confidential", "false")),
            } for actor in block.findall(_c("actor"))],
            "events": [{
                "id": event.get("id"), "type": event.get("type"), "date": event.get("date"),
                "start": event.get("start"), "end": event.get("end"),
                "approximate": _bool(event.get("approximate")),
                "summary": self.text(event, "summary"),
                "rule": event.get("rule"),
                "evidence": self.spans(event, "evidence"),
                "participants": [{"actor": node.get("actor"), "role": node.get("role")}
                                 for node in event.findall(_c("participant"))],
                "place": self.text(event, "place"),
                "principles": self.texts(event, "principle"),
                "alleged_violation": _bool(event.get("allegedViolation")),
                "provenance": self.provenance(event),
                "confidential": _bool(event.get("confidential", "false")),
            } for event in block.findall(_c("event"))],
        }
        return facts_from_data(data, "does not hold a valid facts document")

    def complaint(self) -> Complaint:
        block, text = self.block, self.text
        who = block.find(_c("complainant"))
        signatory = block.find(_c("signatory"))
        respondent = block.find(_c("respondent"))
        urgency = block.find(_c("urgency"))
        letter = block.find(_c("letter"))
        return Complaint(
            facts=self.facts(),
            case=block.get("case"),
            date=text(block, "date"),
            complainant=Complainant(
                name=text(who, "name"), type=who.get("type"),
                consultative_status=_bool(who.get("consultativeStatus")),
                actor=who.get("actor"), acronym=text(who, "acronym"),
                country=who.get("country"), address=text(who, "address"),
                affiliates=tuple(self.texts(who, "affiliate")), origin=who.get("origin")),
            addressee=block.find(_c("addressee")).get("id"),
            respondent=respondent.get("country") if respondent is not None else None,
            intent=text(block, "intent") or "",
            signatory_name=text(signatory, "name"),
            signatory_function=text(signatory, "function"),
            signatory_origin=signatory.get("origin"),
            allegations=tuple(Allegation(int(node.get("number")), node.get("event"))
                              for node in block.findall(_c("allegation"))),
            requests=tuple(self.texts(block, "request")),
            urgent=_bool(urgency.get("urgent")),
            justification=text(urgency, "justification"),
            grounds=tuple(UrgencyGround(node.get("event"), node.get("ground"))
                          for node in urgency.findall(_c("ground"))),
            letter_attached=_bool(letter.get("attached")),
        )
