"""Everything c87 reads: letters (.txt .md .html .pdf .docx) into a :class:`Text`."""

from c87.input.letters import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    read_letter,
    read_letter_bytes,
)
from c87.input.text import Text

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "Text", "read_letter",
           "read_letter_bytes"]
