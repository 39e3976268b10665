"""Read a facts document (YAML or JSON) into :class:`c87.model.Facts`.

YAML is read with the safe loader only. Every error names the file; a schema error
also names the field's path (``events[3].date``) and, for YAML, the line it is on.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from c87.errors import ContentError, InputError
from c87.input.files import read_bytes
from c87.model import Facts

FACTS_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}

ModelT = TypeVar("ModelT", bound=BaseModel)


def load_facts(path: str | Path, *, max_bytes: int | None = None) -> Facts:
    """Read and validate the facts file at ``path`` ("-" reads standard input as YAML/JSON).

    Raises :class:`InputError` when the file cannot be read and :class:`ContentError` when
    it is not a valid facts document.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    if str(path) == "-":
        data = sys.stdin.buffer.read()
    else:
        data = read_bytes(Path(path), max_bytes=max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", path=name) from None
    return parse_facts(text, name)


def parse_facts(text: str, name: str = "<string>") -> Facts:
    """Parse facts from YAML or JSON text (JSON is YAML too, but is parsed as JSON)."""
    stripped = text.lstrip()
    if not stripped:
        raise ContentError("is empty: a facts document is expected", path=name)
    node = None
    if stripped.startswith("{"):
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ContentError(f"is not valid JSON: {exc.msg}", path=name,
                               line=exc.lineno, column=exc.colno) from None
    else:
        data, node = load_yaml(text, name)
    return validated(data, node, name, Facts, "a facts document (a mapping with c87, source, "
                     "letter, actors, events is expected)")


def validated(data: Any, node: Any, name: str, model: type[ModelT], kind: str,
              what: str = "a valid facts document") -> ModelT:
    """``data`` (read from the file ``name``, with its YAML node tree ``node`` or None) as
    a ``model``. A ContentError says the file "is not ``kind``" when ``data`` is no
    mapping, and lists the problems (see :func:`validation_error`) when it does not fit."""
    if not isinstance(data, dict):
        raise ContentError(f"is not {kind}", path=name)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, name, node, what) from None


def load_yaml(text: str, name: str) -> tuple[Any, Any]:
    """The data of a YAML text (safe loader only) and its node tree (for line numbers).

    Raises :class:`ContentError` naming ``name``, the line and the column when the text
    is not valid YAML.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise ContentError(f"is not valid YAML: {problem}", path=name,
                           line=mark.line + 1 if mark else None,
                           column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"is not valid YAML: {exc}", path=name) from None
    return data, node


def validation_error(exc: Any, name: str, node: Any,
                     what: str = "a valid facts document") -> ContentError:
    """Turn pydantic's errors into one message: one line per problem, path first.

    ``node`` is the YAML node tree (or None): each problem then names its line.
    ``what`` is what the file failed to be (``a valid complainant profile``).
    """
    lines = []
    first_line = None
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        path = format_path(loc)
        if err["type"] == "extra_forbidden":
            msg = f"unknown key {loc[-1]!r}"
        elif not loc and ": " in msg:
            # Cross-reference checks of the whole document say their own path first.
            path, msg = msg.split(": ", 1)
            loc = parse_path(path)
        line = _line_of(node, loc) if node is not None else None
        if first_line is None:
            first_line = line
        where = f"line {line}: " if line is not None else ""
        lines.append(f"{where}{path or '(document)'}: {msg}")
    head = lines[0] if len(lines) == 1 else f"{len(lines)} problems:\n  " + "\n  ".join(lines)
    return ContentError(f"is not {what}: {head}", path=name)


def format_path(loc: tuple[Any, ...]) -> str:
    """``('events', 3, 'date')`` -> ``events[3].date``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def parse_path(path: str) -> tuple[Any, ...]:
    """``events[3].date`` -> ``('events', 3, 'date')``."""
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path))


def _line_of(node: Any, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at ``loc`` (or of its nearest existing parent)."""
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    # An unknown or bad key is best pointed at by its own line.
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def facts_from_data(data: dict[str, Any], says: str) -> Facts:
    """``data`` (read from c87's own RDF or complaint XML) as a facts document.

    A ContentError lists each problem by field path, after ``says`` ("does not describe
    a valid facts document").
    """
    try:
        return Facts.model_validate(data)
    except ValidationError as exc:
        problems = [f"{format_path(tuple(e['loc'])) or '(document)'}: {e['msg']}"
                    for e in exc.errors(include_url=False)]
        raise ContentError(f"{says}: " + "; ".join(problems)) from None
