"""The complaint writer's own element tree writes, byte for byte, what lxml writes.

:mod:`c87.output.xmltree` serializes without lxml (for speed); these tests hold its
bytes to ``etree.tostring(..., xml_declaration=True, encoding="UTF-8",
pretty_print=True)`` of the same document made as lxml elements: for any tree
(Hypothesis), for every character XML can hold, and for the complaints of the test
letters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from c87.mapper.complaint import make_complaint
from c87.ontology.akn import AKN, C87, NSMAP
from c87.output import complaint
from c87.output.xmltree import Node, document_bytes, to_lxml
from c87.pipeline.convert import facts_of

LETTERS = sorted((Path(__file__).parent / "letters").glob("*.txt"))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
COMMENT = " a note "
ROOT = f"{{{AKN}}}akomaNtoso"


def lxml_bytes(root: Node) -> bytes:
    return etree.tostring(to_lxml(root, NSMAP, COMMENT), xml_declaration=True,
                          encoding="UTF-8", pretty_print=True)


# Text that XML can hold, the characters escaped in text or attributes drawn often.
_chars = st.one_of(st.sampled_from('&<>"\'\r\n\t ]-.é…'),
                   st.characters(blacklist_categories=("Cs",), blacklist_characters=(
                       "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                       "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff")))
_texts = st.one_of(st.none(), st.just(""), st.text(_chars, max_size=12))
_tags = st.sampled_from([f"{{{AKN}}}p", f"{{{AKN}}}doc", f"{{{C87}}}note", f"{{{C87}}}x"])
_keys = st.sampled_from(["name", "refersTo", "class", XML_LANG, f"{{{C87}}}precision"])


@st.composite
def _nodes(draw: st.DrawFn, depth: int = 0) -> Node:
    node = Node(draw(_tags), draw(st.dictionaries(_keys, st.text(_chars, max_size=8),
                                                  max_size=3)), draw(_texts))
    node.tail = draw(_texts)
    if depth < 5:
        node.extend(draw(st.lists(_nodes(depth + 1), max_size=3)))
    return node


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_nodes(), max_size=3))
def test_any_tree_is_written_as_lxml_writes_it(children: list[Node]) -> None:
    root = Node(ROOT, {})
    for child in children:
        child.tail = None  # the root's children stand on lines of their own
    root.extend(children)
    assert document_bytes(root, NSMAP, COMMENT) == lxml_bytes(root)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_nodes())
def test_an_element_ends_as_lxml_s_itertext_ends(node: Node) -> None:
    """``ending()`` is the end of all the element's text (``stop`` in the writer asks it)."""
    root = Node(ROOT, {})
    root.append(node)
    joined = "".join(to_lxml(root, NSMAP, COMMENT).getroot()[1].itertext()).rstrip()
    assert joined.endswith(node.ending()) and bool(joined) == bool(node.ending())
    assert not node.ending() or not node.ending()[-1].isspace()


def test_deep_trees_are_indented_as_lxml_indents_them() -> None:
    """libxml2 indents by at most 60 spaces."""
    root = node = Node(ROOT, {})
    for _ in range(40):
        node.append(Node(f"{{{AKN}}}p", {}))
        node = node[0]
    assert document_bytes(root, NSMAP, COMMENT) == lxml_bytes(root)


def test_every_character_is_escaped_as_lxml_escapes_it() -> None:
    allowed = [c for c in range(0x110000) if c in (9, 10, 13) or 0x20 <= c <= 0xD7FF
               or 0xE000 <= c <= 0xFFFD or c >= 0x10000]
    root = Node(ROOT, {})
    for i in range(0, len(allowed), 4096):
        chunk = "".join(map(chr, allowed[i:i + 4096]))
        root.append(Node(f"{{{AKN}}}p", {"name": chunk}, chunk))
    assert document_bytes(root, NSMAP, COMMENT) == lxml_bytes(root)


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_a_character_xml_cannot_hold_is_refused(char: str) -> None:
    root = Node(ROOT, {})
    root.append(Node(f"{{{AKN}}}p", {}, f"a{char}b"))
    with pytest.raises(ValueError, match="XML"):
        document_bytes(root, NSMAP, COMMENT)


@pytest.mark.parametrize("letter", LETTERS, ids=[p.stem for p in LETTERS])
def test_the_complaints_of_the_test_letters_are_lxml_bytes(letter: Path) -> None:
    facts, text, _ = facts_of(str(letter))
    made = make_complaint(facts.asserted(), None, letter_attached=True)
    root = complaint._Writer(made, text, "https://w3id.org/c87/").build()
    assert document_bytes(root, NSMAP, complaint._COMMENT) == etree.tostring(
        to_lxml(root, NSMAP, complaint._COMMENT), xml_declaration=True, encoding="UTF-8",
        pretty_print=True)
