"""Queries: the built-in ones (:func:`builtin_queries`) and a user's file
(:func:`read_query`), what their leading comment declares (:class:`Query`), the RDF terms
of ``NAME=VALUE`` parameters (:func:`param_terms`), and running one on a store
(:func:`run_query`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from c87.errors import InputError, UsageError
from c87.input.files import read_bytes
from c87.store.base import XSD, Results, Store, Term
from c87.store.sparql import bind_values, query_variables

PARAM_TYPES = ("string", "date", "integer", "iri")
"""Types a query may declare for a parameter (``# @param NAME TYPE description``)."""


@dataclass(frozen=True)
class Param:
    """A parameter a query declares: its variable's name, type and meaning."""

    name: str
    type: str = "string"
    description: str = ""


@dataclass(frozen=True)
class Query:
    """A SPARQL query with what its leading comment declares.

    The comment's first line is its summary; ``# @param NAME TYPE description`` lines
    declare parameters, ``# @list VAR...`` result columns that hold ``"; "``-separated
    lists (their items are sorted, so that every store gives the same cell).
    """

    name: str
    text: str
    summary: str = ""
    description: str = ""
    params: Mapping[str, Param] = field(default_factory=dict)
    lists: tuple[str, ...] = ()

    @classmethod
    def parse(cls, name: str, text: str) -> Query:
        """Read the declarations of the comment lines that open ``text``."""
        summary, lines, params, lists = "", [], {}, []
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("#"):
                break
            body = stripped[1:].strip()
            if body.startswith("@param"):
                parts = body.split(None, 3)
                if len(parts) < 3 or parts[2] not in PARAM_TYPES:
                    raise UsageError(f"a parameter is declared as '# @param NAME TYPE "
                                     f"description' with TYPE one of {', '.join(PARAM_TYPES)}:"
                                     f" {stripped!r}", path=name)
                params[parts[1]] = Param(parts[1], parts[2], parts[3] if len(parts) > 3 else "")
            elif body.startswith("@list"):
                lists.extend(body.split()[1:])
            elif not summary:
                summary = body
            else:
                lines.append(body)
        description = "\n".join(lines).strip()
        return cls(name, text, summary, description, params, tuple(lists))


def builtin_queries() -> dict[str, Query]:
    """The built-in queries by name (``timeline``, ``by-principle`` ...), from the
    package folder ``builtin-queries/``."""
    folder = resources.files("c87.store") / "builtin-queries"
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = Query.parse(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def read_query(spec: str) -> Query:
    """A built-in query by name, or the query in the file ``spec`` (``.rq``)."""
    builtins = builtin_queries()
    if spec in builtins:
        return builtins[spec]
    path = Path(spec)
    if path.suffix.lower() != ".rq" and not path.exists():
        raise UsageError(f"no built-in query {spec!r}: choose one of {', '.join(builtins)}, "
                         "or give a file ending in .rq")
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", path=spec) from None
    return Query.parse(spec, text)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")


def param_terms(query: Query, pairs: Iterable[str]) -> dict[str, list[Term]]:
    """The RDF terms of ``NAME=VALUE`` parameters, typed as the query declares them.

    A declared ``date`` is an ISO date at day, month or year precision (``xsd:date``,
    ``xsd:gYearMonth``, ``xsd:gYear``), an ``integer`` an ``xsd:integer``, an ``iri`` an
    IRI (with or without ``<>``), a ``string`` a plain string. An undeclared parameter is
    a string, or an IRI when written ``<...>``. A name given twice binds any of its values.
    Raises :class:`UsageError` for a malformed pair or value, or a name the query does not
    use as a variable.
    """
    known = query_variables(query.text)
    terms: dict[str, list[Term]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _NAME.match(name):
            raise UsageError(f"--param takes NAME=VALUE, not {pair!r}")
        if name not in known:
            declared = ", ".join(query.params) or "none declared"
            raise UsageError(f"--param {name}: the query {query.name!r} has no variable "
                             f"?{name} (its parameters: {declared})")
        declared_type = query.params[name].type if name in query.params else None
        term = _term_of(name, value, declared_type)
        try:
            term.sparql()
        except ValueError as exc:
            raise UsageError(f"--param {name}: {value!r} is not a valid {declared_type or 'term'}"
                             f": {exc}") from None
        terms.setdefault(name, []).append(term)
    return terms


def _term_of(name: str, value: str, kind: str | None) -> Term:
    if kind == "date":
        match = _DATE.match(value.strip())
        try:
            if not match:
                raise ValueError("not YYYY-MM-DD, YYYY-MM or YYYY")
            year, month, day = match.groups()
            date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise UsageError(f"--param {name}: {value!r} is not a date "
                             f"(YYYY-MM-DD, YYYY-MM or YYYY): {exc}") from None
        text = value.strip()
        return Term.literal(text, _DATE_TYPES[len(text)])
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise UsageError(f"--param {name}: {value!r} is not an integer")
        return Term.literal(str(int(value)), XSD + "integer")
    if kind == "iri" or (kind is None and value.startswith("<") and value.endswith(">")):
        return Term("uri", value[1:-1] if value.startswith("<") and value.endswith(">")
                    else value)
    return Term.literal(value)


def run_query(store: Store, query: Query, params: Iterable[str] = ()) -> Results:
    """Run ``query`` on ``store`` with ``NAME=VALUE`` parameters bound (see
    :func:`bind_values`); the cells of the query's ``@list`` columns are sorted."""
    text = bind_values(query.text, param_terms(query, params))
    try:
        results = store.select(text)
    except UsageError as exc:
        if exc.path is None:
            exc.path = query.name
        raise
    for row in results.rows:
        for name in query.lists:
            term = row.get(name)
            if term is not None and term.kind == "literal" and term.value:
                items = sorted({item for item in term.value.split("; ") if item})
                row[name] = term._replace(value="; ".join(items))
    return results
