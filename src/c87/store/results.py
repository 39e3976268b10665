"""Query results written out: a readable table, or the SPARQL 1.1 CSV, TSV or JSON
results format (:func:`format_results`)."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from c87.errors import UsageError
from c87.ontology.iris import PREFIXES
from c87.store.base import XSD, Results, Term

FORMATS = ("table", "csv", "tsv", "json")
"""Output formats of :func:`format_results`."""


def format_results(results: Results, fmt: str = "table", *, width: int = 60) -> str:
    """``results`` as a readable table, or in the SPARQL 1.1 CSV, TSV or JSON results format.

    The table shows literals by their text, IRIs in the prefixes of the output (``et:``,
    ``principle:`` ...), unbound cells empty, cells cut at ``width`` characters with
    ``…``, and the number of rows at the end. CSV (RFC 4180, CRLF) gives each term's plain
    value; TSV each term in Turtle syntax, with a ``?`` before each variable.
    """
    if fmt == "json":
        return json.dumps(_json_results(results), ensure_ascii=False, indent=2) + "\n"
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(results.variables)
        for row in results.rows:
            writer.writerow([_plain(row.get(v)) for v in results.variables])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in results.variables)]
        for row in results.rows:
            lines.append("\t".join(_turtle(row.get(v)) for v in results.variables))
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    header = [v.upper() for v in results.variables]
    body = [[_cut(_short(row.get(v)), width) for v in results.variables]
            for row in results.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
             for line in [header, *body]]
    count = len(results.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _json_results(results: Results) -> dict[str, Any]:
    if results.boolean is not None:
        return {"head": {}, "boolean": results.boolean}
    bindings = []
    for row in results.rows:
        binding = {}
        for name in results.variables:
            term = row.get(name)
            if term is None:
                continue
            value: dict[str, str] = {"type": term.kind, "value": term.value}
            if term.lang:
                value["xml:lang"] = term.lang
            elif term.datatype:
                value["datatype"] = term.datatype
            binding[name] = value
        bindings.append(binding)
    return {"head": {"vars": results.variables}, "results": {"bindings": bindings}}


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    return "_:" + term.value if term.kind == "bnode" else term.value


_NUMERIC = {XSD + "integer": r"[+-]?\d+", XSD + "decimal": r"[+-]?\d*\.\d+",
            XSD + "boolean": r"true|false"}


def _turtle(term: Term | None) -> str:
    if term is None:
        return ""
    pattern = _NUMERIC.get(term.datatype or "")
    if term.kind == "literal" and pattern and re.fullmatch(pattern, term.value):
        return term.value
    # the only place a raw tab can be is inside a literal, where \t means the same
    return term.sparql().replace("\t", "\\t")


_SHORT = sorted(((prefix, iri) for prefix, iri in PREFIXES.items()), key=lambda p: -len(p[1]))


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        for prefix, iri in _SHORT:
            local = term.value[len(iri):]
            if term.value.startswith(iri) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if term.kind == "bnode":
        return "_:" + term.value
    return " ".join(term.value.split()) if "\n" in term.value else term.value


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
