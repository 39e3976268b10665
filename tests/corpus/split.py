"""The fixed rule that puts a corpus text in the development part or the blind part.

    python -m tests.corpus.split URL     # prints "dev" or "blind"

A text is blind when the SHA-256 of its source URL, read as a number from its first
eight hex digits, is divisible by three: about one text in three, decided by the URL
alone, before anyone reads the text.
"""

from __future__ import annotations

import hashlib
import sys


def part(url: str) -> str:
    """``"blind"`` or ``"dev"`` for the text stored from ``url``."""
    digest = hashlib.sha256(url.strip().encode("utf-8")).hexdigest()
    return "blind" if int(digest[:8], 16) % 3 == 0 else "dev"


if __name__ == "__main__":
    print(part(sys.argv[1]))
