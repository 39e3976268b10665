"""Who issued a press release, a news report, an index entry or an urgent action.

Such texts have no letterhead or signature. Their issuer is told, in this order, by:

1. the web site it was stored from, when ``ontology/organisations.yaml`` lists that site
   among an organisation's ``domains`` (ituc-csi.org is the ITUC's);
2. the date line's bracket: "Brussels, 2 June 2009 (ITUC OnLine):", "[AlterPresse]";
3. a name in the text that spells the site's name: "Mada Masr" for madamasr.com,
   "Bloomberg Law" for news.bloomberglaw.com;
4. for a news report or a press release that names its publisher nowhere, the site
   itself, by its address ("newzimbabwe.com"): what a cataloguer records when the page
   is all there is (:func:`site_publisher`).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from c87.mapper.actors import ActorIndex, Mention, gazetteer, slug
from c87.model import Actor, Span
from c87.ontology.data import load

_DATELINE = re.compile(
    r"[(\[]\s*(?P<org>[A-Z][\w&'’.-]*(?:[ \t]+[A-Z&][\w&'’.-]*){0,5}?)"
    r"(?:[ \t]+On[Ll]ine)?\s*[)\]]\s*(?::|-{2,}|–|—)")
_CAPITALISED_RUN = re.compile(r"(?<![\w-])[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}")
@functools.cache
def _not_a_name_label() -> frozenset[str]:
    """Labels of a site's address that name no publisher (``lexicon.yaml``)."""
    return frozenset(load("lexicon")["not_publisher_labels"])


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "").lower() if url else ""


def _labels(host: str) -> list[str]:
    """The parts of a host name that can be a publisher's name ("bloomberglaw")."""
    return [p.replace("-", "") for p in host.split(".")
            if len(p) > 3 and p not in _not_a_name_label()]


def find_publisher(body: str, source: str, url: str | None, index: ActorIndex,
                   body_start: int, notes: list[str], named: bool = True
                   ) -> tuple[str, int, int] | None:
    """The issuer's actor id and the span naming it; an actor not yet in ``index`` is added.

    ``source`` is the text with its ``SOURCE:`` line, ``body`` the same text with the line
    blanked (offsets are the same in both). With ``named`` false only the site counts
    (rule 1), not the date line or a name in the text.
    """
    host = _host(url)
    if host:
        labels = host.split(".")
        for entry in gazetteer():
            # Its own site, or a national one of the same name (ua.amnesty.ch).
            if any(host == d or host.endswith("." + d)
                   or (len(d.split(".")[0]) >= 5 and d.split(".")[0] in labels[:-1])
                   for d in entry.get("domains", ())):
                known = next((m for m in index.mentions if m.actor == entry["id"]), None)
                if known:
                    notes.append(f"sender {entry['id']}: the site {host} is its own")
                    return known.actor, known.start, known.end
                at = source.find(host)
                actor = Actor(id=entry["id"], name=entry["name"], aliases=entry["aliases"],
                              kind=entry["kind"], country=entry.get("country"),
                              evidence=[Span(quote=host, start=at, end=at + len(host))])
                actor = index.add(actor)
                notes.append(f"sender {actor.id}: the site {host} is its own")
                return actor.id, at, at + len(host)
    if not named:
        return None
    head = body[body_start:body_start + 1500]
    match = _DATELINE.search(head)
    if match:
        start = body_start + match.start("org")
        return _named(body, index, start, body_start + match.end("org"), notes,
                      "the date line names it")
    labels = set(_labels(host))
    if labels:
        for run in _CAPITALISED_RUN.finditer(body, body_start, min(len(body), body_start + 6000)):
            squashed = re.sub(r"[\W_]", "", run.group()).lower()
            if squashed in labels:
                return _named(body, index, run.start(), run.end(), notes,
                              f"its name spells the site {host}")
    return None


def _named(body: str, index: ActorIndex, start: int, end: int, notes: list[str],
           why: str) -> tuple[str, int, int]:
    """The actor named at ``start:end`` (added as an organisation when it is not known)."""
    for mention in index.in_span(max(0, start - 40), end + 40):
        if mention.start <= end and mention.end >= start:
            notes.append(f"sender {mention.actor}: {why}")
            return mention.actor, mention.start, mention.end
    name = body[start:end]
    actor = index.add(Actor(id=slug(name), name=name, kind="organisation",
                            evidence=[Span(quote=name, start=start, end=end)]),
                      [Mention(start, end, slug(name))])
    notes.append(f"sender {actor.id}: {why}")
    return actor.id, start, end


def site_publisher(source: str, url: str | None, index: ActorIndex,
                   notes: list[str]) -> tuple[str, int, int] | None:
    """The site a page was stored from, as the organisation that published it, named by
    its address without the labels that name no publisher ("www.newzimbabwe.com" is
    "newzimbabwe.com"); its evidence is the address on the ``SOURCE:`` line."""
    host = _host(url)
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in _not_a_name_label():
        labels = labels[1:]
    name = ".".join(labels)
    if len(labels) < 2 or not labels[0]:
        return None
    at = source.find(host)
    actor = index.add(Actor(id=slug(name), name=name, kind="organisation",
                            evidence=[Span(quote=host, start=at, end=at + len(host))]))
    notes.append(f"sender {actor.id}: the site {host} published it and names no other issuer")
    return actor.id, at, at + len(host)
