"""The files of ``c87 case convert``: the case's RDF, and the complaint of the whole case.

It is the complaint of the facts the case stands for
(:func:`c87.mapper.case.complaint.case_complaint`), written as for one letter, then given
what only a case has: under each allegation, the document each quotation is from and the
facts its sources disagree on ("The sources disagree on the date: 10 June 2020 (ITUC letter
of 18 June 2020); 17 June 2020 (news report of 17 June 2020)"); in the preface, for a case
the Committee has before it, the follow-up form (its number, its last report in the case
file, the allegations made since); and in the annex, instead of one letter's text, the
documents of the case with the earlier ones each recalls. The result is validated
against both schemas, as every complaint c87 writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from c87.errors import UsageError
from c87.mapper.case.complaint import case_complaint
from c87.mapper.complaint import human_date
from c87.model.case import LinkedCase
from c87.model.complaint import Complaint
from c87.ontology.iris import DEFAULT_BASE
from c87.output import rdf_syntax
from c87.output.casefile import write_case
from c87.output.complaint import complaint_errors, complaint_tree, render_html
from c87.output.files import atomic_write
from c87.pipeline.case_report import document_label, statement_value

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
FACT_WORDS = {"date": "the date", "place": "the place", "perpetrator": "who did it",
              "number": "the number of people",
              "length": "the length of a sentence or measure",
              "role": "an actor's part or post"}


def _q(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


def case_complaint_tree(case: LinkedCase) -> etree._ElementTree:
    """The complaint of ``case`` as an Akoma Ntoso tree, with its sources and disputes."""
    labels = {doc: document_label(case, doc) for doc in case.facts}
    complaint = case_complaint(case, labels=labels)
    tree = complaint_tree(complaint)
    root = tree.getroot()
    for paragraph in root.iter(_q("paragraph")):
        event = (paragraph.get("refersTo") or "").removeprefix("#event_")
        if event in complaint.sources:
            _sources(paragraph, complaint, event)
    _follow_up(root, complaint)
    _annex(root, complaint)
    errors = complaint_errors(root)
    if errors:
        raise RuntimeError("the case's complaint c87 wrote is not valid (a bug): "
                           + "; ".join(errors[:5]))
    return tree


def _p(parent: etree._Element, text: str, cls: str, at: int | None = None) -> None:
    p = etree.Element(_q("p"), {"class": cls})
    p.text = text
    if at is None:
        parent.append(p)
    else:
        parent.insert(at, p)


def _sources(paragraph: etree._Element, complaint: Complaint, event: str) -> None:
    """Each quotation labelled with its document, the disputed facts after the date."""
    content = paragraph.find(_q("content"))
    if content is None:
        return
    notes = complaint.sources[event]
    quotes = [p for p in content if p.get("class") == "evidence"]
    for p, note in zip(quotes, notes, strict=False):
        if p.text and p.text.startswith("The letter: "):
            p.text = f"{note.label} ({note.ref}): "
    at = 1
    when = content.find(_q("p"))
    disputed = {d.fact for d in complaint.disputes.get(event, ())}
    if "date" in disputed and when is not None and when.text and \
            when.text.startswith("Date not stated in the letter"):
        when.text = "Date disputed between the sources" + when.text[len(
            "Date not stated in the letter"):]
    for dispute in complaint.disputes.get(event, ()):
        said = "; ".join(f"{statement_value(value)} ({label})" + (" [adopted]" if chosen else "")
                         for value, label, chosen in dispute.statements)
        _p(content, f"The sources disagree on {FACT_WORDS.get(dispute.fact, dispute.fact)}: "
                    f"{said}.", "disputed", at)
        at += 1
    documents = list(dict.fromkeys(n.label for n in notes))
    if len(documents) > 1:
        _p(content, f"Told by {len(documents)} documents: {'; '.join(documents)}.",
           "sources", at)


def _follow_up(root: etree._Element, complaint: Complaint) -> None:
    follow = complaint.follow_up
    preface = root.find(f".//{_q('preface')}")
    if follow is None or preface is None:
        return
    since = (f"since the Committee's report of {human_date(follow.last_report)}"
             if follow.last_report else "since the complaint")
    new = ", ".join(str(n) for n in follow.new_allegations) or "none"
    _p(preface, f"Follow-up to Case No. {follow.case_number}: new allegations {since}: "
                f"{new}.", "follow-up")


def _annex(root: etree._Element, complaint: Complaint) -> None:
    """The documents of the case, in the order they were added, in the attachment."""
    body = root.find(f".//{_q('attachment')}/{_q('doc')}/{_q('mainBody')}")
    if body is None or not complaint.documents:
        return
    for child in list(body):
        body.remove(child)
    _p(body, "The documents of the case, from which the allegations above are quoted:",
       "documents")
    for note in complaint.documents:
        recalls = f"; it recalls {', '.join(note.recalls)}" if note.recalls else ""
        where = f"; {note.url}" if note.url else ""
        _p(body, f"{note.id}: {note.label}{recalls}{where}.", "document")


def case_complaint_bytes(case: LinkedCase, fmt: str = "xml") -> bytes:
    """The case's complaint as XML, or (``html``) its printable page."""
    tree = case_complaint_tree(case)
    if fmt == "html":
        return render_html(tree)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_case_outputs(case: LinkedCase, outdir: str | Path, formats: Iterable[str],
                       base: str = DEFAULT_BASE) -> list[Path]:
    """Write the case in each format into ``outdir`` (``NAME.nq`` ...); returns the paths."""
    folder = Path(outdir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        fmt = fmt.strip()
        path = folder / f"{case.manifest.name}.{fmt}"
        if fmt in rdf_syntax.WRITERS:
            atomic_write(path, write_case(case, fmt, base))
        elif fmt in ("xml", "html"):
            atomic_write(path, case_complaint_bytes(case, fmt))
        else:
            raise UsageError(f"--to: unknown format {fmt!r} (nq, trig, ttl, nt, jsonld, rdf, "
                             "xml, html)")
        written.append(path)
    return written


__all__ = ["case_complaint_bytes", "case_complaint_tree", "write_case_outputs"]
