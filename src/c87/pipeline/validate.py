"""Check any file c87 reads or writes: find what it is by its content, then check it.

:func:`detect_kind` tells the kinds apart by what a file holds, with its name as a
tie-breaker only where content cannot decide (a Turtle file and a TriG file can look
alike; a file too broken to sniff is checked as what its extension says, so that its
error is the right one):

* a **facts document** (YAML or JSON with ``c87``, ``source``, ``letter``, ``actors``,
  ``events``): the facts schema, then every check ``c87 convert`` makes before writing
  (:func:`c87.output.checks.facts_problems`: event types and principles of the
  ontology, the letter's date, text XML can hold);
* a **complainant profile** (YAML with ``name``, ``type``, ``address``, ``signatory``,
  ``requests`` ...): the profile schema and what ``convert --complainant`` checks;
* a **batch report** (the ``report.json`` that ``c87 convert`` writes): its keys and
  values, as :class:`BatchReportDocument` says;
* **RDF** (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML): the SHACL shapes, with the
  ontology and its schemes (:func:`c87.input.rdf.check_rdf`);
* a **complaint** (XML in the Akoma Ntoso namespace): both schemas and the CFA checklist
  (:func:`c87.mapper.checklist.check_complaint`).

The printable HTML page of a complaint is an output made from the complaint's XML, which
is what is checked; any other file is "not a file c87 checks" (an :class:`InputError`,
exit status 3), as is a file that cannot be read.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator

from c87.errors import ContentError, InputError
from c87.input.facts import parse_facts, validation_error
from c87.input.files import check_size, max_bytes_from_env, read_bytes
from c87.input.letters import SUPPORTED_SUFFIXES
from c87.input.profile import parse_complainant, profile_warnings
from c87.input.rdf import RDF_SUFFIXES, check_rdf
from c87.mapper.checklist import check_complaint
from c87.model import Facts, Strict
from c87.model.complaint import ComplainantProfile
from c87.ontology.akn import AKN
from c87.output.checks import facts_problems, profile_problems

if TYPE_CHECKING:
    from c87.model.complaint import CheckResult

__all__ = ["BatchReportDocument", "Detection", "Kind", "Problem", "Validation", "check_report",
           "detect", "detect_kind", "validate_data", "validate_file"]


class Kind(Enum):
    """What a file is, as far as c87 is concerned."""

    FACTS = "facts document"
    PROFILE = "complainant profile"
    REPORT = "batch report"
    RDF = "RDF"
    COMPLAINT = "complaint"
    COMPLAINT_PAGE = "printable page of a complaint"
    OTHER = "not a file c87 checks"


@dataclass(frozen=True)
class Detection:
    """A file's kind and, for RDF, its syntax (a key of :data:`c87.input.rdf.RDF_FORMATS`)."""

    kind: Kind
    rdf_format: str | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file that could be read: the field or node first, then what."""

    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Validation:
    """What checking one file found: its kind, its problems, and for a complaint each
    item of the checklist (passed or not)."""

    name: str
    kind: Kind
    problems: list[Problem] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what convert warns of, too

    @property
    def ok(self) -> bool:
        return not self.problems and all(c.passed for c in self.checks)

    def lines(self) -> list[str]:
        """What ``c87 validate`` prints after ``FILE: ``, one line each."""
        if self.checks:
            out = [f"{'passed' if c.passed else 'FAILED'}  {c.label}: {c.reason}"
                   for c in self.checks]
            failed = [c.key for c in self.checks if not c.passed]
            if failed:
                out.append(f"{len(failed)} of {len(self.checks)} checks failed "
                           f"({', '.join(failed)})")
            else:
                out.append(f"ok ({len(self.checks)} checks passed)")
            return out
        return [p.message for p in self.problems] or ["ok"]


# -- telling the kinds apart ------------------------------------------------------------

@functools.cache
def _telling_keys() -> dict[Kind, frozenset[str]]:
    """The top-level keys each kind of document has: the fields of its model (the facts'
    and the report's ``c87`` key is weighed apart, by the type of its value)."""
    return {Kind.FACTS: frozenset(Facts.model_fields) - {"c87"},
            Kind.PROFILE: frozenset(ComplainantProfile.model_fields),
            Kind.REPORT: frozenset(BatchReportDocument.model_fields) - {"c87"}}

_YAML_SUFFIXES = {".yaml", ".yml"}
_XML_NAME = r"[A-Za-z_][\w.\-]*"
_SUBSET_END = re.compile(r"\]\s*>")
_SPACE = re.compile(r"\s*")
_DOCTYPE = re.compile(rf"<!DOCTYPE\s+({_XML_NAME}(?::{_XML_NAME})?)", re.I)
_START_TAG = re.compile(rf"<(?:({_XML_NAME}):)?({_XML_NAME})(?=[\s/>])([^>]*)")
_XMLNS = re.compile(rf"""xmlns(?::({_XML_NAME}))?\s*=\s*["']([^"']*)["']""")
_TOP_KEY = re.compile(r"^(?:(['\"]?)([A-Za-z_][\w-]*)\1)[ \t]*:(?:[ \t]|$)", re.M)
_C87_KEY = re.compile(r"^c87[ \t]*:[ \t]*(?:(\d+)|\S)", re.M)
_RDF_DIRECTIVE = re.compile(r"@prefix\s|@base\s|PREFIX\s+[\w.\-]*:\s*<|BASE\s+<", re.I)
_RDF_STATEMENT = re.compile(r"(?:<[^<>\s\"{}|^`\\]*>|_:\S+)\s+<[^<>\s]*>\s")
_COMMENTS = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*")
_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SNIFF = 65536


def detect_kind(path: str | Path, *, max_bytes: int | None = None) -> Kind:
    """The kind of the file at ``path`` ("-" reads standard input), decided by its content.

    Raises :class:`InputError` when the file cannot be read (missing, empty, too large).
    """
    data, name = _read(path, max_bytes)
    return detect(data, name).kind


def detect(data: bytes, name: str = "<data>") -> Detection:
    """The kind of a file's ``data``; ``name`` (its file name) only breaks ties."""
    suffix = Path(name).suffix.lower()
    head = data[:_SNIFF].decode("utf-8", errors="replace").lstrip("\ufeff")
    stripped = head.lstrip()
    if stripped.startswith("<"):
        found = _sniff_xml(stripped, suffix)
        if found is not None:
            return found
    if stripped.startswith(("{", "[")):
        found = _sniff_json(data, suffix)
        if found is not None:
            return found
    comments = _COMMENTS.match(head)
    text = head[comments.end():] if comments else head
    if _RDF_DIRECTIVE.match(text) or _RDF_STATEMENT.match(text):
        if RDF_SUFFIXES.get(suffix) in ("ttl", "nt", "nq", "trig"):
            return Detection(Kind.RDF, RDF_SUFFIXES[suffix])
        # N-Quads reads N-Triples and TriG reads Turtle: the wider syntax reads either.
        return Detection(Kind.RDF, "trig" if _RDF_DIRECTIVE.match(text) else "nq")
    keys = {m.group(2) for m in _TOP_KEY.finditer(head)}
    version = _C87_KEY.search(head)
    kind = _kind_of_keys(keys, suffix in _YAML_SUFFIXES,
                         None if version is None else int if version.group(1) else str)
    if kind is not None:
        return Detection(kind)
    if suffix in _YAML_SUFFIXES and not keys and not _parses_as_yaml(data):
        return Detection(Kind.FACTS)  # broken YAML: reading it as facts says where
    if suffix in RDF_SUFFIXES:
        return Detection(Kind.RDF, RDF_SUFFIXES[suffix])
    return Detection(Kind.OTHER)


def _parses_as_yaml(data: bytes) -> bool:
    import yaml

    try:
        yaml.safe_load(data)
    except yaml.YAMLError:
        return False
    return True


def _kind_of_keys(keys: set[str], named: bool, c87: type | None = None) -> Kind | None:
    """Facts, profile or report by the top-level keys: two telling keys decide.

    ``c87`` is the type of the ``c87`` key's value, when there is one (an int in facts, a
    version string in a report). ``named``: the file's extension is that of facts files,
    which gives facts the benefit of the doubt on one telling key (``c87: 1`` alone).
    """
    telling = _telling_keys()
    scores = {Kind.FACTS: len(keys & telling[Kind.FACTS]) + (c87 is int),
              Kind.PROFILE: len(keys & telling[Kind.PROFILE]),
              Kind.REPORT: len(keys & telling[Kind.REPORT]) + (c87 is str)}
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    if best >= 2:
        return Kind.FACTS if Kind.FACTS in winners else (
            winners[0] if len(winners) == 1 else None)
    if best == 1 and named and scores[Kind.FACTS] == 1:
        return Kind.FACTS
    return None


def _sniff_json(data: bytes, suffix: str) -> Detection | None:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        # Broken JSON: what its name says, so that the error is that of its kind.
        if suffix == ".jsonld":
            return Detection(Kind.RDF, "jsonld")
        return Detection(Kind.FACTS) if suffix in (".json", *_YAML_SUFFIXES) else None
    nodes = value if isinstance(value, list) else [value]
    if nodes and all(isinstance(n, dict) for n in nodes) and any(
            key.startswith("@") for n in nodes for key in n):
        return Detection(Kind.RDF, "jsonld")
    if isinstance(value, dict):
        version = value.get("c87")
        kind = _kind_of_keys(set(value), suffix in (".json", *_YAML_SUFFIXES),
                             str if isinstance(version, str) else
                             int if isinstance(version, int) else None)
        if kind is not None:
            return Detection(kind)
    if suffix == ".jsonld":
        return Detection(Kind.RDF, "jsonld")
    return Detection(Kind.OTHER)


def _sniff_xml(text: str, suffix: str) -> Detection | None:
    """XML or HTML by its root element; None when ``text`` is not markup after all."""
    end = _prolog_end(text)
    doctype = _DOCTYPE.search(text, 0, end)
    root = _START_TAG.match(text[end:].lstrip())
    html = doctype.group(1) if doctype else root.group(2) if root else ""
    if html.lower() == "html":
        if re.search(r"""<meta\s+name=["']generator["']\s+content=["']c87\b""", text):
            return Detection(Kind.COMPLAINT_PAGE)
        return Detection(Kind.OTHER)
    if root is not None:
        prefix, local, attributes = root.groups()
        spaces = {p or "": uri for p, uri in _XMLNS.findall(attributes)}
        space = spaces.get(prefix or "")
        if local == "RDF" and (space == _RDF_NS or prefix == "rdf"):
            return Detection(Kind.RDF, "rdf")
        if local == "akomaNtoso" or space == AKN:
            return Detection(Kind.COMPLAINT)
    if root is None or doctype:
        # Not well-formed enough to sniff, or carrying a DTD: the parser of the kind the
        # name says refuses it with the line of the fault.
        if suffix == ".xml":
            return Detection(Kind.COMPLAINT)
        if suffix == ".rdf":
            return Detection(Kind.RDF, "rdf")
    if root is None and not text.startswith(("<?", "<!")):
        return None  # "<http://...> <...>" is N-Triples, not markup
    return Detection(Kind.OTHER)


def _prolog_end(text: str) -> int:
    """Where the root element starts: after the XML declaration, comments, processing
    instructions and a DOCTYPE (found by plain searches: the text is untrusted)."""
    pos = 0
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            end = -1 if end == -1 else end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
            end = -1 if end == -1 else end + 3
        elif text[pos:pos + 9].upper() == "<!DOCTYPE":
            close, subset = text.find(">", pos), text.find("[", pos)
            if subset != -1 and (close == -1 or subset < close):
                found = _SUBSET_END.search(text, subset)
                end = found.end() if found else -1
            else:
                end = -1 if close == -1 else close + 1
        else:
            return pos
        if end == -1:
            return len(text)
        pos = end


# -- checking ---------------------------------------------------------------------------

def validate_file(path: str | Path, *, max_bytes: int | None = None) -> Validation:
    """Check the file at ``path`` ("-" reads standard input) as the kind it is.

    Returns what was found (:attr:`Validation.ok` when nothing). Raises
    :class:`InputError` (exit status 3) for a file that cannot be read or is not a
    kind c87 checks, and :class:`ContentError` (1) for one that does not parse as its
    kind, or (a facts document, a profile, a report) breaks its schema.
    """
    data, name = _read(path, max_bytes)
    return validate_data(data, name)


def validate_data(data: bytes, name: str = "<data>") -> Validation:
    """Check a file's ``data`` as the kind it is (see :func:`validate_file`)."""
    found = detect(data, name)
    kind = found.kind
    if kind is Kind.FACTS:
        facts = parse_facts(_text(data, name), name)
        return Validation(name, kind, [Problem(p) for p in facts_problems(facts)])
    if kind is Kind.PROFILE:
        profile = parse_complainant(_text(data, name), name)
        return Validation(name, kind, [Problem(p) for p in profile_problems(profile)],
                          warnings=profile_warnings(profile))
    if kind is Kind.REPORT:
        check_report(_text(data, name), name)
        return Validation(name, kind)
    if kind is Kind.RDF:
        lines = check_rdf(data, found.rdf_format, name=name)
        return Validation(name, kind, [Problem(line) for line in lines])
    if kind is Kind.COMPLAINT:
        return Validation(name, kind, checks=check_complaint(data, name=name))
    if kind is Kind.COMPLAINT_PAGE:
        raise InputError("is the printable page of a complaint, made from its XML: "
                         "validate the complaint's .xml instead (c87 convert --to xml "
                         "writes it)", path=name)
    raise InputError(f"is not a file c87 checks (it checks facts documents, RDF, complaint "
                     f"XML, complainant profiles and batch reports){_hint(name)}", path=name)


def _hint(name: str) -> str:
    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
        return "; a letter is read by c87 extract or c87 convert"
    return ""


def _read(path: str | Path, max_bytes: int | None) -> tuple[bytes, str]:
    if str(path) != "-":
        return read_bytes(Path(path), max_bytes=max_bytes), str(path)
    limit = max_bytes_from_env() if max_bytes is None else max_bytes
    data = sys.stdin.buffer.read(limit + 1)
    check_size(len(data), limit, "<stdin>", at_least=True)
    if not data.strip():
        raise InputError("is empty", path="<stdin>")
    return data, "<stdin>"


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", path=name) from None


# -- the batch report --------------------------------------------------------------------

class ReportedFailure(Strict):
    """One input a batch could not convert."""

    model_config = ConfigDict(extra="forbid", strict=True)

    input: str
    status: Literal[1, 2, 3, 4, 5, 70]
    message: str


class BatchReportDocument(Strict):
    """What ``c87 convert`` writes to ``OUTDIR/report.json``
    (:meth:`c87.pipeline.convert.BatchReport.as_json`; a test keeps the two in step)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    c87: str = Field(description="The version of c87 that wrote it.")
    converted: int = Field(ge=0)
    skipped: int = Field(ge=0)
    failed: int = Field(ge=0)
    written: int = Field(ge=0)
    interrupted: bool
    seconds: float = Field(ge=0)
    failures: list[ReportedFailure]

    @model_validator(mode="after")
    def _failures_counted(self) -> BatchReportDocument:
        if self.failed != len(self.failures):
            raise ValueError(f"failed: says {self.failed}, but failures lists "
                             f"{len(self.failures)}")
        return self


def check_report(text: str, name: str = "<string>") -> None:
    """Check a batch report (``report.json``); :class:`ContentError` lists what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ContentError(f"is not valid JSON: {exc}", path=name) from None
    if not isinstance(data, dict):
        raise ContentError("is not a batch report (a JSON object is expected)", path=name)
    try:
        BatchReportDocument.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, name, None, "a valid batch report") from None
