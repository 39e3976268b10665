"""The complaint as one PDF/A-3 file: the printable page, with the Akoma Ntoso XML inside.

A filing is attached to an e-mail or uploaded as a PDF. :func:`complaint_pdf` prints the
complaint's page (``complaint.xsl``, the same page and print stylesheet as ``--to html``)
with WeasyPrint as PDF/A-3b, and embeds the complaint XML it was printed from as an
associated file (``AFRelationship /Source``, named ``<case-id>.xml``), as e-invoices
(Factur-X, ZUGFeRD) embed their XML: one attachment a person reads and a program reads
back (:func:`embedded_complaint`, or any PDF tool that lists attachments).

The title, author (the complainant), subject, keywords and language are set in the PDF's
information dictionary and its XMP metadata. No creation date is written, and the
attachment is dated with the complaint's date, so the same XML gives the same bytes.
WeasyPrint is told to fetch nothing: the page links to IRIs, none is loaded.

WeasyPrint and the system libraries it loads (Pango) are needed only here, and are
imported when a PDF is made, so that ``c87 --help`` stays fast. Without them
:func:`require_weasyprint` raises :class:`~c87.errors.UsageError` saying what to install.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import TYPE_CHECKING, Any

from c87 import __version__
from c87.errors import ContentError, UsageError
from c87.ontology.akn import AKN, parse_xml
from c87.output.complaint import render_html

if TYPE_CHECKING:
    from types import ModuleType

    from lxml import etree

__all__ = ["PDF_VARIANT", "RELATIONSHIP", "complaint_pdf", "embedded_complaint",
           "require_weasyprint"]

PDF_VARIANT = "pdf/a-3b"
"""PDF/A-3, level B: archivable (fonts embedded, colours defined) and allowed to carry
files of any type; WeasyPrint's name for it."""

RELATIONSHIP = "Source"
"""How the embedded XML relates to the pages (PDF 2.0, 7.11.3): it is what they were
printed from."""

INSTALL_HINT = ("the pdf format needs WeasyPrint and the Pango library: pip install "
                "'c87-mapper[pdf]' and, on Debian or Ubuntu, apt-get install "
                "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (make system-packages "
                "does it)")

_NS = {"akn": AKN}


def require_weasyprint() -> ModuleType:
    """The ``weasyprint`` module, or :class:`UsageError` when it or Pango cannot be loaded.

    Exit status 2: the input is fine and nothing is wrong with the output folder; c87 was
    asked for a format this installation cannot make (drop pdf from --to, or install).
    """
    try:
        import weasyprint
    except ImportError as exc:  # the package is not installed
        raise UsageError(f"{INSTALL_HINT} ({exc})") from None
    except OSError as exc:  # the package is, Pango or GObject is not (cffi's dlopen)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"{INSTALL_HINT} ({first})") from None
    return weasyprint


def _text(tree: etree._ElementTree, path: str) -> str | None:
    found = tree.xpath(path, namespaces=_NS)
    if not found:
        return None
    value = found[0] if isinstance(found[0], str) else "".join(found[0].itertext())
    return " ".join(value.split()) or None


def _metadata(tree: etree._ElementTree) -> dict[str, Any]:
    """Title, author, subject, keywords, case id and date of a complaint c87 wrote."""
    work = "/akn:akomaNtoso/akn:doc/akn:meta/akn:identification/akn:FRBRWork"
    case = _text(tree, f"{work}/akn:FRBRnumber/@value")
    date = _text(tree, f"{work}/akn:FRBRdate/@date")
    title = _text(tree, "/akn:akomaNtoso/akn:doc/akn:preface/akn:longTitle")
    if not (case and date and title):
        raise ContentError("is not a complaint c87 wrote: no FRBRnumber, FRBRdate or title")
    author = _text(tree, "/akn:akomaNtoso/akn:doc/akn:meta/akn:references/*[concat('#', @eId)"
                         f" = {work}/akn:FRBRauthor/@href]/@showAs")
    subject = (f"Complaint to the ILO Committee on Freedom of Association, ref. {case}, "
               f"of {date}")
    if author:
        subject += f", by {author}"
    return {"case": case, "date": date, "title": title, "author": author,
            "subject": subject,
            "keywords": ["freedom of association", "ILO Convention No. 87",
                         "Committee on Freedom of Association", "Akoma Ntoso", case]}


class _Warnings(logging.Handler):
    """What WeasyPrint logs while it prints (a CSS rule it ignores, a resource refused)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _one_entry_per_file(document: Any, pdf: Any) -> None:
    """List each associated file once in the catalogue's /AF (WeasyPrint 70 lists an
    attachment twice: once from the name tree, once from its file specification)."""
    files = pdf.catalog.get("AF")
    if files is not None:
        unique = list(dict.fromkeys(files))
        files.clear()
        files.extend(unique)


def complaint_pdf(xml: bytes, *, html: bytes | None = None) -> bytes:
    """The complaint XML ``xml`` (bytes c87 wrote) as PDF/A-3b bytes, ``xml`` embedded.

    ``html`` is its printable page when already rendered (:func:`render_html` of the
    same XML); it is rendered here otherwise. The embedded file is ``xml``, byte for byte.
    Raises :class:`UsageError` when WeasyPrint cannot be loaded, :class:`ContentError`
    when ``xml`` is not a complaint c87 wrote. An error WeasyPrint logs (a resource it
    could not load, though none is asked for) is a bug: RuntimeError.
    """
    weasyprint = require_weasyprint()
    tree = parse_xml(xml, "<complaint>")
    meta = _metadata(tree)
    page = html if html is not None else render_html(tree)
    # No protocol allowed: nothing the page names (links, a stray url()) is ever fetched.
    fetcher = weasyprint.URLFetcher(allowed_protocols=(), fail_on_errors=False)
    stamp = dt.datetime.fromisoformat(meta["date"]).replace(tzinfo=dt.UTC)
    attachment = weasyprint.Attachment(
        string=xml, url_fetcher=fetcher, name=f"{meta['case']}.xml",
        description="The complaint as Akoma Ntoso 3.0 XML, as c87 wrote it: the data "
                    "these pages were printed from",
        created=stamp, modified=stamp, relationship=RELATIONSHIP)
    logger = logging.getLogger("weasyprint")
    caught = _Warnings()
    logger.addHandler(caught)
    try:
        document = weasyprint.HTML(string=page.decode("utf-8"), url_fetcher=fetcher,
                                   base_url=None, media_type="print").render()
        info = document.metadata
        info.title = meta["title"]
        info.authors = [meta["author"]] if meta["author"] else []
        info.description = meta["subject"]
        info.keywords = meta["keywords"]
        info.generator = f"c87 {__version__} (complaint.xsl)"
        info.lang = info.lang or "en"
        info.created = info.modified = None
        out = io.BytesIO()
        document.write_pdf(out, pdf_variant=PDF_VARIANT, attachments=[attachment],
                           finisher=_one_entry_per_file)
    finally:
        logger.removeHandler(caught)
    errors = [r.getMessage() for r in caught.records if r.levelno >= logging.ERROR]
    if errors:
        raise RuntimeError("WeasyPrint could not print the complaint (a bug): "
                           + "; ".join(errors[:3]))
    return out.getvalue()


def embedded_complaint(pdf: bytes) -> tuple[str, bytes]:
    """The name and bytes of the complaint XML embedded in a PDF ``complaint_pdf`` made.

    Raises :class:`ContentError` when the PDF holds no ``.xml`` attachment.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    for name, contents in reader.attachments.items():
        if name.endswith(".xml") and contents:
            return name, contents[0]
    raise ContentError("holds no complaint XML (no .xml file is embedded)")
