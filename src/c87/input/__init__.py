"""Everything c87 reads: letters (.txt .md .html .pdf .docx) into a :class:`Text`, facts
files (.yaml .json) into :class:`~c87.model.Facts`, complainant profiles, and the RDF and
complaint XML it wrote back into facts.

Owns the readers, one module per kind of file (``letters`` with the text and its offset
map in ``text``, ``facts``, ``profile``, ``rdf``, ``complaint``) and the size limit every
read keeps (``files``).

May import: c87.ontology, c87.model, c87.errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from c87 import lazy_exports

# Each name below is imported from its module on first use (PEP 562), so that a part that
# needs one reader (the store reads RDF files) does not load them all: the complaint
# reader's lxml and schemas cost a tenth of a second that ``c87 --help`` would pay.
_WHERE = {
    "complaint_to_facts": "complaint", "find_letter_text": "complaint",
    "find_letter": "complaint", "letter_paths": "complaint",
    "parse_complaint": "complaint", "read_complaint": "complaint",
    "load_facts": "facts", "parse_facts": "facts",
    "DEFAULT_MAX_BYTES": "letters", "SUPPORTED_SUFFIXES": "letters",
    "read_letter": "letters", "read_letter_bytes": "letters",
    "load_complainant": "profile", "parse_complainant": "profile",
    "RDF_SUFFIXES": "rdf", "check_rdf": "rdf", "graph_to_facts": "rdf", "parse_rdf": "rdf",
    "Text": "text",
}

if TYPE_CHECKING:
    from c87.input.complaint import (
        complaint_to_facts,
        find_letter,
        find_letter_text,
        letter_paths,
        parse_complaint,
        read_complaint,
    )
    from c87.input.facts import load_facts, parse_facts
    from c87.input.letters import (
        DEFAULT_MAX_BYTES,
        SUPPORTED_SUFFIXES,
        read_letter,
        read_letter_bytes,
    )
    from c87.input.profile import load_complainant, parse_complainant
    from c87.input.rdf import RDF_SUFFIXES, check_rdf, graph_to_facts, parse_rdf
    from c87.input.text import Text


__getattr__ = lazy_exports(__name__, _WHERE)


__all__ = ["DEFAULT_MAX_BYTES", "RDF_SUFFIXES", "SUPPORTED_SUFFIXES", "Text",
           "check_rdf", "complaint_to_facts", "find_letter", "find_letter_text",
           "graph_to_facts", "letter_paths", "load_complainant", "load_facts",
           "parse_complainant",
           "parse_complaint", "parse_facts", "parse_rdf", "read_complaint", "read_letter",
           "read_letter_bytes"]
