"""The RDF graph c87 writes, as plain data: IRIs as strings, literals, triples, a case graph.

:mod:`c87.output.rdf` builds a :class:`CaseGraph` from facts and
:mod:`c87.output.rdf_syntax` writes it in the six syntaxes; both share these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from c87.ontology.iris import NS

__all__ = ["FALSE", "RDF_TYPE", "TRUE", "XSD", "CaseGraph", "Lit", "Object", "Triple",
           "Vocabulary", "date_literal", "ns"]


class Lit(NamedTuple):
    """An RDF literal: lexical form, datatype IRI (None: xsd:string) or language tag."""

    value: str
    datatype: str | None = None
    lang: str | None = None


Object = str | Lit
"""An object: an IRI (a plain ``str``) or a literal."""
Triple = tuple[str, str, Object]


@dataclass
class CaseGraph:
    """The triples of one case in writing order, with the IRIs that frame them.

    ``name`` is the case IRI (the graph's name); IRIs that start with ``name + "/"`` may be
    written relative to it. ``triples`` holds no duplicate, each subject's triples
    together, its ``rdf:type`` first.
    """

    name: str
    triples: list[Triple] = field(default_factory=list)

    @property
    def base(self) -> str:
        """The base IRI relative IRIs are written against: the case IRI and ``/``."""
        return self.name + "/"


def ns(prefix: str, local: str) -> str:
    """The IRI of ``local`` in the namespace of ``prefix`` (:data:`c87.ontology.iris.NS`)."""
    return NS[prefix] + local


class Vocabulary(dict[str, str]):
    """The IRIs of one namespace's terms by local name: ``Vocabulary("oa")["hasBody"]`` is
    the IRI of ``oa:hasBody``. Each is made the first time it is looked up, then kept (a
    look-up is cheaper than :func:`ns`; for the fixed terms a writer names)."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.namespace = NS[prefix]

    def __missing__(self, local: str) -> str:
        iri = self[local] = self.namespace + local
        return iri


RDF_TYPE = ns("rdf", "type")
XSD = NS["xsd"]
TRUE = Lit("true", XSD + "boolean")
FALSE = Lit("false", XSD + "boolean")
_DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}


def date_literal(date: str) -> Lit:
    """An ISO date at its precision: ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``."""
    return Lit(date, _DATE_TYPES[len(date)])


