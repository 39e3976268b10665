"""Everything c87 reads: letters (.txt .md .html .pdf .docx) into a :class:`Text`, facts
files (.yaml .json) into :class:`~c87.model.Facts`, complainant profiles, and the RDF and
complaint XML it wrote back into facts.

Owns the readers, one module per kind of file (``letters`` with the text and its offset
map in ``text``, ``facts``, ``profile``, ``rdf``, ``complaint``) and the size limit every
read keeps (``files``).

May import: c87.ontology, c87.model, c87.errors.
"""

from c87.input.complaint import (
    complaint_to_facts,
    find_letter_text,
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

__all__ = ["DEFAULT_MAX_BYTES", "RDF_SUFFIXES", "SUPPORTED_SUFFIXES", "Text",
           "check_rdf", "complaint_to_facts", "find_letter_text",
           "graph_to_facts", "load_complainant", "load_facts", "parse_complainant",
           "parse_complaint", "parse_facts", "parse_rdf", "read_complaint", "read_letter",
           "read_letter_bytes"]
