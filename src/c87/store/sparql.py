"""The text of a SPARQL request, scanned without a parser: its variables and form
(:func:`query_variables`, :func:`query_form`), its parameters bound in a ``VALUES`` block
(:func:`bind_values`), its strings and IRIs in ASCII escapes for any server
(:func:`ascii_sparql`), and the ``SERVICE`` clauses that would send data from the store
to another endpoint (:func:`query_services`, :func:`refuse_services`; rdflib's parser
settles those).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from c87.errors import UsageError
from c87.store.base import Term

# One token of SPARQL text: what the scanner must not look into (comments, strings, IRIs),
# variables, words, and the brackets that give the structure.
_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\''(?:[^'\\]|\\.|'(?!''))*'\'\''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_.-]*:?)
  | (?P<open>\{) | (?P<close>\}) | (?P<lparen>\() | (?P<rparen>\))
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)

_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD", "CLEAR",
          "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def _tokens(text: str) -> Iterable[re.Match[str]]:
    return _TOKEN.finditer(text)


def query_variables(text: str) -> set[str]:
    """The names of the variables ``text`` mentions (outside comments, strings and IRIs)."""
    return {m.group("var")[1:] for m in _tokens(text) if m.lastgroup == "var"}


def query_form(text: str) -> str:
    """The form of the SPARQL request ``text``: ``SELECT``, ``ASK``, ``DROP`` ... or ``""``."""
    for m in _tokens(text):
        if m.lastgroup == "word":
            word = m.group()
            if word.endswith(":"):
                continue
            if word.upper() in ("PREFIX", "BASE"):
                continue
            return word.upper() if word.upper() in _FORMS else ""
    return ""


def ascii_sparql(text: str) -> str:
    """``text`` with every character beyond ASCII in its strings and IRIs written as a
    ``\\u`` or ``\\U`` escape: the same query or update, in any server's reading (Virtuoso
    takes a form-encoded request as Latin-1 and turns the rest into ``?``)."""
    if text.isascii():
        return text

    def escape(token: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\u{ord(c):04X}" if ord(c) < 0x10000
                       else f"\\U{ord(c):08X}" for c in token)

    return "".join(escape(m.group()) if m.lastgroup in ("string", "iri") else m.group()
                   for m in _tokens(text))


def bind_values(text: str, terms: Mapping[str, Sequence[Term]]) -> str:
    """``text`` with a ``VALUES`` block per parameter at the top of its ``WHERE`` clause.

    Each value is an RDF term in SPARQL syntax made by pyoxigraph's serialiser (quotes,
    backslashes and line breaks escaped), never raw text: a value can only ever be one
    term. A parameter thus binds its variable in the query's top group, as if the query
    had been written with it: a filter there sees it, and a variable the group computes
    must equal it (a subquery sees it only through the variables it projects). Only
    ``SELECT`` and ``ASK`` queries are taken.
    """
    form = query_form(text)
    if form not in ("SELECT", "ASK"):
        raise UsageError("c87 query runs SELECT and ASK queries"
                         + (f", not {form}" if form else "; this is not a SPARQL query"))
    if not terms:
        return text
    block = "".join(f"\n  VALUES ?{name} {{ {' '.join(t.sparql() for t in values)} }}"
                    for name, values in terms.items())
    depth = 0
    seen_form = False
    for m in _tokens(text):
        kind = m.lastgroup
        if kind == "word" and m.group().upper() == form:
            seen_form = True
        elif kind == "lparen":
            depth += 1
        elif kind == "rparen":
            depth -= 1
        elif kind == "open" and seen_form and depth == 0:
            return text[:m.end()] + block + text[m.end():]
    raise UsageError("the query has no WHERE clause to bind parameters in")


def query_services(text: str) -> tuple[str, ...]:
    """The ``SERVICE`` clauses of the SPARQL query ``text``, as written (``SERVICE
    <http://...>``), found by parsing it: one in a comment, a string or an IRI, or a
    prefixed name such as ``ex:service``, is none; ``service`` in any case is one.

    Only a query whose text holds the word ``SERVICE`` (or a ``\\u`` escape, which some
    servers read before the grammar) is parsed, with rdflib's SPARQL parser; one that it
    cannot parse counts as calling a service, since nothing then tells it does not.
    """
    words = {m.group().upper() for m in _tokens(text) if m.lastgroup == "word"}
    if "SERVICE" not in words and "\\u" not in text.lower():
        return ()
    return _parsed_services(text)


@functools.lru_cache(maxsize=64)
def _parsed_services(text: str) -> tuple[str, ...]:
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except Exception:  # pyparsing's errors, and whatever else a broken query makes
        return ("SERVICE (the query does not parse, so c87 cannot tell where to)",)
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                written = str(node.get("service_string", "SERVICE"))
                found.append(" ".join(written.split("{", 1)[0].split()))
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple) or hasattr(node, "asList"):
            for value in node:
                walk(value)

    walk(tree)
    return tuple(dict.fromkeys(found))


def refuse_services(text: str) -> None:
    """Raise :class:`UsageError` if the query ``text`` calls another endpoint (``SERVICE``).

    A ``SERVICE`` clause makes the store send a request, with values from the record, to
    whatever address the query names: a query file is not to do that unless its user says
    so (``--allow-service``).
    """
    services = query_services(text)
    if services:
        raise UsageError(f"the query calls another SPARQL endpoint ({'; '.join(services)}); "
                         "c87 refuses SERVICE by default, since it sends data from the store "
                         "to that address: give --allow-service to run it anyway")
