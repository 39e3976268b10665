"""Everything c87 reads: letters (.txt .md .html .pdf .docx) into a :class:`Text`, facts
files (.yaml .json) into :class:`~c87.model.Facts`, and the RDF it wrote back into facts.
"""

from c87.input.facts import load_facts, parse_facts
from c87.input.letters import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    read_letter,
    read_letter_bytes,
)
from c87.input.rdf import RDF_SUFFIXES, check_rdf, graph_to_facts, parse_rdf
from c87.input.text import Text

__all__ = ["DEFAULT_MAX_BYTES", "RDF_SUFFIXES", "SUPPORTED_SUFFIXES", "Text", "check_rdf",
           "graph_to_facts", "load_facts", "parse_facts", "parse_rdf", "read_letter",
           "read_letter_bytes"]
