"""A small element tree for the documents c87 writes, serialized as lxml serializes them.

The complaint writer makes some 670 elements a complaint. Made as lxml elements, each
costs a call into libxml2 for the element, one for each attribute and one for its text,
and reading a tag back (``parent.tag``) builds a new string each time: that was most of
the writer's time. A :class:`Node` is a plain Python list (of its children), and
:func:`document_bytes` writes the document as ``etree.tostring(tree,
xml_declaration=True, encoding="UTF-8", pretty_print=True)`` does, byte for byte:

* the declaration ``<?xml version='1.0' encoding='UTF-8'?>``, the root with the
  namespace declarations of its ``nsmap``, a line break at the end;
* an element with neither text nor children as ``<name/>`` (an empty string is text:
  ``<name></name>``);
* an element's children are indented, one line each, two spaces a level (at most 60,
  as libxml2), when it and each element above it have no text and none of its
  children a tail (libxml2 stops indenting inside mixed content);
* text escapes ``& < >`` and a carriage return (``&#13;``), attribute values also
  ``"``, tab and line feed; every other character is written as UTF-8.

:func:`to_lxml` makes the same document as lxml elements (for callers that want a
tree, and the tests that compare the two serializations). Characters that XML cannot
hold are refused (:class:`ValueError`), as lxml refuses them.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from lxml import etree

from c87.output.checks import NOT_XML

__all__ = ["Node", "document_bytes", "to_lxml"]

_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
_MAX_INDENT = 60
"""libxml2 indents by at most 60 spaces (30 levels); deeper elements stay at 60."""


class Node(list["Node"]):
    """An element: a Clark-notation ``tag``, attributes in order, text, tail; the element
    is the list of its children, as an lxml element is (``append``, ``len()``, ``[-1]``).

    A list, not an object holding one: the collector then tracks one object an element,
    not two, and a conversion spends less time in it (each complaint's tree lives while
    it is written, so its elements are promoted). Like any list, a Node without children
    is false: test ``is None``, never a node's truth.
    """

    __slots__ = ("attrib", "tag", "tail", "text")

    def __init__(self, tag: str, attrib: dict[str, str], text: str | None = None) -> None:
        self.tag = tag
        self.attrib = attrib
        self.text = text
        self.tail: str | None = None

    def set(self, name: str, value: str) -> None:
        self.attrib[name] = value

    def ending(self) -> str:
        """The last text inside the element that is not blank, without its trailing
        whitespace ("" when there is none): how ``"".join(itertext()).rstrip()`` of lxml
        ends, found from the end."""
        for child in reversed(self):
            tail = child.tail.rstrip() if child.tail else ""
            if tail:
                return tail
            inner = child.ending()
            if inner:
                return inner
        return self.text.rstrip() if self.text else ""


_TEXT_SPECIAL = re.compile("[&<>\r]")
"""What element content escapes (``&amp; &lt; &gt; &#13;``)."""
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;",
            "\n": "&#10;", "\t": "&#9;"}


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def _attribute(value: str) -> str:
    """``value`` as an attribute value: ``& < > "``, CR, LF and tab escaped."""
    return (_ATTRIBUTE_SPECIAL.sub(_escape, value) if _ATTRIBUTE_SPECIAL.search(value)
            else value)


class _Names(dict[str, str]):
    """Clark name -> the name as written (``c87:tag``, ``xml:lang``), worked out once."""

    def __init__(self, nsmap: tuple[tuple[str | None, str], ...]) -> None:
        super().__init__()
        self.prefixes = {uri: prefix for prefix, uri in nsmap}
        self.prefixes["http://www.w3.org/XML/1998/namespace"] = "xml"

    def __missing__(self, clark: str) -> str:
        name = clark
        if clark.startswith("{"):
            uri, local = clark[1:].split("}")
            prefix = self.prefixes[uri]
            name = f"{prefix}:{local}" if prefix else local
        self[clark] = name
        return name


@functools.cache
def _names(nsmap: tuple[tuple[str | None, str], ...]) -> _Names:
    return _Names(nsmap)


def _write(node: Node, out: list[str], names: _Names, indent: str | None) -> None:
    """``node`` and all inside it onto ``out``; ``indent`` is the line break and spaces
    before the node's start tag, None inside mixed content (see the module's docstring)."""
    name = names[node.tag]
    start = "<" + name
    for key, value in node.attrib.items():
        if _ATTRIBUTE_SPECIAL.search(value):  # _attribute(value), inlined (and below)
            value = _ATTRIBUTE_SPECIAL.sub(_escape, value)
        start += f' {names[key]}="{value}"'
    text = node.text
    if not node:  # no children
        if text is None:
            out.append(start + "/>")
        else:
            if _TEXT_SPECIAL.search(text):
                text = _TEXT_SPECIAL.sub(_escape, text)
            out.append(f"{start}>{text}</{name}>")
        return
    out.append(start + ">")
    if text:
        out.append(_TEXT_SPECIAL.sub(_escape, text) if _TEXT_SPECIAL.search(text) else text)
    if indent is not None and text is None:
        for child in node:
            if child.tail is not None:
                break  # mixed content: written as it stands, below too
        else:
            inner = indent + "  " if len(indent) <= _MAX_INDENT else indent
            for child in node:
                out.append(inner)
                _write(child, out, names, inner)
            out.append(indent + "</" + name + ">")
            return
    for child in node:
        _write(child, out, names, None)
        tail = child.tail
        if tail:
            out.append(_TEXT_SPECIAL.sub(_escape, tail) if _TEXT_SPECIAL.search(tail) else tail)
    out.append("</" + name + ">")


def document_bytes(root: Node, nsmap: dict[str | None, str], comment: str) -> bytes:
    """The document of ``root``, with the comment ``comment`` before its children, as
    lxml writes it with ``pretty_print``: UTF-8, with the declaration. The root's own
    attributes and text, and its children's tails, are not written (c87's roots have
    none: each child stands on a line of its own)."""
    names = _names(tuple(nsmap.items()))
    declarations = "".join(f' xmlns:{p}="{_attribute(uri)}"' if p else
                           f' xmlns="{_attribute(uri)}"' for p, uri in nsmap.items())
    out = [_DECLARATION, f"<{names[root.tag]}{declarations}>\n  <!--{comment}-->"]
    for child in root:
        out.append("\n  ")
        _write(child, out, names, "\n  ")
    out.append(f"\n</{names[root.tag]}>\n")
    text = "".join(out)
    bad = NOT_XML.search(text)
    if bad:
        raise ValueError(f"All strings must be XML compatible: {bad.group()!r}")
    return text.encode("utf-8")


def to_lxml(root: Node, nsmap: dict[str | None, str], comment: str) -> etree._ElementTree:
    """The document of :func:`document_bytes` as an lxml tree (without the indentation)."""
    element = etree.Element(root.tag, root.attrib, nsmap=nsmap)
    element.append(etree.Comment(comment))

    def copy(node: Node, parent: Any) -> None:
        made = etree.SubElement(parent, node.tag, node.attrib)
        made.text, made.tail = node.text, node.tail
        for child in node:
            copy(child, made)

    for child in root:
        copy(child, element)
    return etree.ElementTree(element)
