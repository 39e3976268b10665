"""What a review works on: one letter, its facts, the file they are saved to.

:func:`open_review` reads a letter (and extracts it) or a facts file (and finds its
letter), :meth:`Review.state` is everything the page shows, and :meth:`Review.save`
checks a reviewed document exactly as ``c87 validate`` does before it replaces the file,
atomically. Nothing here knows of HTTP: the web application (:mod:`c87.review.web`) and
a Python user call the same functions.

May import: the parts below c87.review.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from c87 import ontology
from c87.errors import ContentError, InputError
from c87.input import find_letter, load_facts, parse_facts, read_letter
from c87.mapper.assemble import read_letter_facts
from c87.mapper.complaint import allegation_heading
from c87.mapper.dates import find_dates
from c87.mapper.user_cues import add_user_cue, propose_cues
from c87.model import Role
from c87.ontology.user_lexicon import lexicon_path, read_user_lexicon
from c87.output.facts import dump_facts, facts_to_data
from c87.output.files import atomic_write
from c87.pipeline.validate import validate_data

if TYPE_CHECKING:
    from c87.input.text import Text
    from c87.model import Facts
    from c87.ontology.user_lexicon import UserLexicon

__all__ = ["Review", "SaveResult", "default_output", "open_review"]

FACTS_SUFFIXES = (".yaml", ".yml", ".json")

# The family an event type is coloured by: the complaint's allegation heading for a
# violation (ontology/allegation-headings.yaml), "context" for the events that are not.
CONTEXT_FAMILY = {"id": "context", "label": "Context (not a violation)"}


@dataclass
class SaveResult:
    """What a save did: ``ok`` and the file written, or the problems that kept it from
    being written (the lines ``c87 validate`` prints)."""

    ok: bool
    path: str
    problems: list[str] = field(default_factory=list)


@dataclass
class Review:
    """A letter under review: its text, its facts, and where they are saved."""

    text: Text
    facts: Facts
    output: Path
    warnings: list[str] = field(default_factory=list)
    lexicon: UserLexicon | None = None
    lexicon_path: Path | None = None
    reviewer: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- what the page shows -------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """The letter's text, the facts, the vocabularies with labels, and the spans the
        page marks: dates and the dated sentences that gave no event."""

        year = int(self.facts.letter.date[:4]) if self.facts.letter.date else None
        dates = [{"start": d.start, "end": d.end, "value": d.value}
                 for d in find_dates(self.text.text, year)]
        return {
            "file": self.output.name,
            "letter": self.text.path and Path(self.text.path).name,
            "text": self.text.text,
            "facts": facts_to_data(self.facts),
            "vocabulary": vocabulary(),
            "dates": dates,
            "warnings": warning_spans(self.text.text, self.warnings),
            "reviewer": self.reviewer,
            "lexicon": str(self.lexicon_path) if self.lexicon_path else None,
        }

    def selection(self, start: int, end: int) -> dict[str, Any]:
        """What the page proposes for words a reviewer selected: the quote, the dates in
        it, and the words that may be the cue of its act (lemmas, best first)."""

        text = self.text.text
        if not 0 <= start < end <= len(text):
            raise ContentError(f"the selection {start}:{end} is not within the letter "
                               f"(0:{len(text)})")
        year = int(self.facts.letter.date[:4]) if self.facts.letter.date else None
        dates = [d.value for d in find_dates(text[start:end], year)]
        return {"quote": text[start:end], "start": start, "end": end, "dates": dates,
                "cues": propose_cues(text, start, end, self.facts.source.language,
                                     lexicon=self.lexicon)}

    def add_cue(self, event_type: str, cue: str, lang: str) -> str:
        """Put ``cue`` into the user lexicon as a cue of ``event_type``; what was done."""
        if self.lexicon_path is None:
            raise ContentError("this review reads no user lexicon (--no-user-lexicon)")
        done = add_user_cue(event_type, cue, lang, self.lexicon_path)
        self.lexicon = read_user_lexicon(self.lexicon_path, missing_ok=True) or None
        said = (f'"{done.cue}" ({lang}) is now a cue for {event_type} in {done.path}'
                if done.added else f'"{done.cue}" was already a cue for {event_type}')
        if done.shipped_elsewhere:
            said += f" (c87's own lexicon gives it {', '.join(done.shipped_elsewhere)}; yours wins)"
        return said

    # -- saving --------------------------------------------------------------------------

    def check(self, data: dict[str, Any]) -> tuple[bytes, list[str]]:
        """The document ``data`` as YAML bytes, and the problems ``c87 validate`` finds
        in them (none when it may be saved)."""
        import yaml


        data = dict(data)
        data["c87"] = 2 if _holds_review(data) else 1
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        try:
            found = validate_data(body.encode("utf-8"), self.output.name)
        except ContentError as exc:
            return b"", [str(exc)]
        problems = [str(p) for p in found.problems]
        if problems:
            return b"", problems

        facts = parse_facts(body, self.output.name)
        if facts.source.sha256 != self.text.sha256:
            return b"", ["source.sha256: is not the letter under review"]
        return dump_facts(facts).encode("utf-8"), []

    def save(self, data: dict[str, Any]) -> SaveResult:
        """Check ``data`` as ``c87 validate`` does and, if it holds, replace the output
        file with it atomically (a temporary file renamed); else change nothing."""

        payload, problems = self.check(data)
        if problems:
            return SaveResult(False, str(self.output), problems)
        with self._lock:
            atomic_write(self.output, payload)
            self.facts = parse_facts(payload.decode("utf-8"), self.output.name)
        return SaveResult(True, str(self.output))


def _holds_review(data: dict[str, Any]) -> bool:
    """Whether ``data`` holds what only format version 2 has: a review, a confidential
    flag."""
    letter = data.get("letter") or {}
    return bool(letter.get("review")) or any(
        item.get("review") or item.get("confidential") for section in ("actors", "events")
        for item in data.get(section) or [] if isinstance(item, dict))


def vocabulary() -> dict[str, Any]:
    """The event types (with label, definition, family, principles), actor kinds and
    roles, for the page's choices."""

    labels = {c.notation: c.label for scheme in ("c087", "c098", "cl")
              for c in ontology.concepts(scheme)}
    families: dict[str, dict[str, str]] = {}
    types = []
    for c in ontology.concepts("event-types"):
        if c.is_violation is False:
            family = CONTEXT_FAMILY
        else:
            heading = allegation_heading(c.notation)
            family = {"id": heading.id, "label": heading.label}
        families.setdefault(family["id"], family)
        types.append({
            "id": c.notation, "label": c.label, "definition": c.definition,
            "broader": list(c.broader), "family": family["id"],
            "violation": c.is_violation is not False,
            "principles": [{"id": p, "label": labels.get(p, p)}
                           for p in ontology.principles_for(c.notation)],
        })
    kinds = [{"id": c.notation, "label": c.label} for c in ontology.concepts("actor-kinds")]
    return {"types": types, "families": list(families.values()), "kinds": kinds,
            "roles": list(get_args(Role))}


_AT = re.compile(r": '(?P<quote>.*)' \(at (?P<start>\d+)\)$|: \"(?P<dquote>.*)\" "
                 r"\(at (?P<dstart>\d+)\)$")


def warning_spans(text: str, warnings: list[str]) -> list[dict[str, Any]]:
    """The warnings that point at a sentence, with the span of that sentence in ``text``
    (a warning says the sentence with its white space squashed, and where it starts)."""
    out = []
    for warning in warnings:
        match = _AT.search(warning)
        if not match:
            continue
        quote = match.group("quote") or match.group("dquote") or ""
        start = int(match.group("start") or match.group("dstart"))
        end = _span_end(text, start, quote)
        if end is not None:
            out.append({"start": start, "end": end,
                        "message": warning[:match.start()] or warning})
    return out


def _span_end(text: str, start: int, squashed: str) -> int | None:
    """Where the words ``squashed`` (white space made single) end, read from ``start``."""
    i = start
    for char in squashed.replace("\\'", "'"):
        if char == " ":
            while i < len(text) and text[i].isspace():
                i += 1
            continue
        while i < len(text) and text[i].isspace() and not char.isspace():
            i += 1
        if i >= len(text) or text[i] != char:
            return None
        i += 1
    return i


# -- opening -----------------------------------------------------------------------------

def default_output(letter: str | Path) -> Path:
    """Where the facts of a letter under review go when no ``-o`` is given: beside it in
    the working folder, ``<letter stem>.facts.yaml``."""
    return Path(Path(letter).stem + ".facts.yaml")


def open_review(source: str | Path, output: str | Path | None = None, *,
                lexicon: str | Path | None = None, user_lexicon: bool = True,
                reviewer: str | None = None, max_bytes: int | None = None) -> Review:
    """A review of ``source``: a letter (extracted now, or read from ``output`` when that
    file already holds its facts: a review goes on where it stopped) or a facts file
    (saved to itself, or to ``output``).

    Letters are read with the user lexicon at ``lexicon`` (default: the user's own, see
    :func:`~c87.ontology.user_lexicon.lexicon_path`) on top of the shipped cue
    words, and the cues a reviewer accepts go into it; ``user_lexicon=False`` reads the
    shipped cue words alone and offers no cue.
    """
    path = lexicon_path(lexicon) if user_lexicon else None
    cues = read_user_lexicon(path, missing_ok=True) or None if path is not None else None
    source = Path(source)
    if source.suffix.lower() in FACTS_SUFFIXES:
        facts = load_facts(source, max_bytes=max_bytes)
        text = find_letter(facts, source, max_bytes=max_bytes)
        if text is None:
            raise InputError(
                f"the letter it was extracted from ({facts.source.path}) is not there, or "
                "its text has changed: a review shows the letter beside its facts; put "
                "the letter where source.path says", path=str(source))
        target = Path(output) if output is not None else source
        warnings = _unaccounted(read_letter_facts(text, lexicon=cues).warnings, facts)
        return Review(text, facts, target, warnings, cues, path, reviewer)
    text = read_letter(source, max_bytes=max_bytes)
    target = Path(output) if output is not None else default_output(source)
    extraction = read_letter_facts(text, lexicon=cues)
    facts = extraction.facts
    if target.exists():
        facts = load_facts(target, max_bytes=max_bytes)
        if facts.source.sha256 != text.sha256:
            raise InputError(f"holds the facts of another text than {source} (its "
                             "source.sha256 differs): give another -o, or review that "
                             "file itself", path=str(target))
    return Review(text, facts, target, _unaccounted(extraction.warnings, facts),
                  cues, path, reviewer)


def _unaccounted(warnings: list[str], facts: Facts) -> list[str]:
    """The warnings about dated sentences that no event of ``facts`` quotes yet."""
    quoted = [(s.start, s.end) for e in facts.events for s in e.evidence]
    out = []
    for warning in warnings:
        match = _AT.search(warning)
        start = int(match.group("start") or match.group("dstart")) if match else None
        if start is None or not any(a <= start < b or start <= a < start + 40
                                    for a, b in quoted):
            out.append(warning)
    return out
