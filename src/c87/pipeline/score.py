"""Score a facts document against an answer key: a human one (``tests/letters/*.gold.yaml``)
or a reviewed facts document, which is its own answer key.

The project's one scorer, with the semantics of the field's shared scoring tool
(``shared/tools/score_facts.py``): an extracted event matches a key event when one of its
evidence quotes contains the key's anchor (or lies within it, 20 characters or more) and
its type is one the key accepts (or narrower); recall is over required key events,
precision over extracted events; dates, principles ("articles") and roles are checked on
matched events; actors by name or alias, kind and merging. The broader event types come
from the ontology (:func:`broader_types`).

* :func:`score` -- the measures of extracted facts (as data) against a key;
* :func:`key_from_reviewed` -- the key a reviewed facts document is (its rejected events
  left out);
* :func:`figures_by_type` -- recall, precision and dates for each event type;
* :func:`score_reviewed` -- what ``c87 score`` does for one file: extract its letter
  again and score the extraction against the review; :func:`render_text` and
  :func:`as_data` give what it prints.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args

from c87 import ontology
from c87.errors import ContentError, InputError
from c87.input import Text, letter_paths, load_facts, read_letter
from c87.mapper.assemble import Extraction, read_letter_facts
from c87.model import Actor, Event, Facts, ReviewStatus
from c87.output.facts import facts_to_data

__all__ = ["DEFINITIONS", "Figures", "ReviewedScore", "as_data", "broader_types",
           "figures_by_type", "key_from_reviewed", "norm", "pooled", "render_text", "report",
           "score", "score_reviewed", "total"]

# Latin look-alikes from Cyrillic and Greek, and typographic quotes, folded before comparing.
HOMOGLYPHS = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c",
    "у": "y", "х": "x", "Α": "A", "Β": "B", "Ε": "E", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "ο": "o",
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
})


@cache
def broader_types() -> dict[str, str]:
    """Each narrower event type of the ontology -> its broader one."""
    return {c.notation: c.broader[0] for c in ontology.concepts("event-types") if c.broader}


def norm(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text)).translate(HOMOGLYPHS)
    return re.sub(r"\s+", " ", text).strip().casefold()


def ancestors(kind: str, broader: dict[str, str]) -> set[str]:
    out = {kind}
    while kind in broader:
        kind = broader[kind]
        out.add(kind)
    return out


def _anchored(gold: dict, event: dict) -> bool:
    anchor = norm(gold["anchor"])
    quotes = [norm(e.get("quote", "")) for e in event.get("evidence", []) or []]
    return any(anchor in q or (len(q) >= 20 and q in anchor) for q in quotes if q)


def _names(actor: dict) -> set[str]:
    return {norm(n) for n in [actor.get("name", ""), *(actor.get("aliases") or [])] if n}


def _holders(event: dict, role: str, by_id: dict) -> set[str]:
    out: set[str] = set()
    for p in event.get("participants", []) or []:
        if p.get("role") == role:
            out |= _names(by_id.get(p.get("actor"), {"name": p.get("actor", "")}))
    return out


def _hold(names: list[str], holders: set[str]) -> bool:
    return any(norm(n) in holders or any(norm(n) in h for h in holders) for n in names)


def _matches(e: dict, g: dict, broader: dict[str, str]) -> bool:
    """Whether the extracted event ``e`` matches the key event ``g``: anchor and type."""
    return _anchored(g, e) and bool(ancestors(str(e.get("type", "")), broader) & set(g["types"]))


def _event_row(g: dict, events: list[dict], used: set[int], by_id: dict,
               broader: dict[str, str]) -> dict[str, Any]:
    """The key event ``g``'s row: found or not, and on the extracted event chosen for it
    (one not yet ``used``, whose date agrees when one does), its date, principles, roles."""
    hits = [i for i, e in enumerate(events) if _matches(e, g, broader)]
    want = g.get("date") or g.get("start")
    dated = [i for i in hits if not want or str(
        events[i].get("date") or events[i].get("start") or "").startswith(str(want))]
    choice = next((i for i in dated if i not in used), None)
    if choice is None:
        choice = next((i for i in hits if i not in used), hits[0] if hits else None)
    row: dict[str, Any] = {"id": g["id"], "required": g.get("required", True),
                           "found": choice is not None}
    if choice is not None:
        used.add(choice)
        e = events[choice]
        got = e.get("date") or e.get("start")
        row["date"] = None if not want else bool(got) and str(got).startswith(str(want))
        principles = [str(p) for p in e.get("principles", []) or []]
        row["articles"] = [a for a in g.get("articles", [])
                           if not any(p == a or p.startswith(a + "-") for p in principles)]
        for key, role in (("victims", "victim"), ("perpetrators", "perpetrator")):
            row[key] = _hold(g[key], _holders(e, role, by_id)) if g.get(key) else None
    return row


def _actor_rows(actors: list[dict], gold: dict) -> list[dict[str, Any]]:
    rows = []
    for ga in gold.get("actors", []):
        wanted = {norm(n) for n in ga["names"]}
        hits = [a for a in actors if _names(a) & wanted]
        merged = len(hits) == 1 and all(
            norm(n) in _names(hits[0]) for n in ga["names"]
            if not n.lower().startswith(("mr ", "ms ", "members of")))
        kind_ok = bool(hits) and any(h.get("kind") in ga.get("kinds", [h.get("kind")])
                                     for h in hits)
        rows.append({"names": ga["names"], "required": ga.get("required", True),
                     "found": bool(hits), "kind": kind_ok,
                     "merged": merged if ga.get("merge") else None})
    return rows


def _letter_rows(letter: dict, gold: dict, by_id: dict) -> dict[str, bool]:
    rows = {}
    for key, value in gold.get("letter", {}).items():
        if isinstance(value, list):
            continue
        ok = norm(letter.get(key) or "") == norm(value)
        if key in ("sender", "addressee"):
            actor = by_id.get(letter.get(key), {"name": letter.get(key) or ""})
            ok = ok or norm(value) in norm(json.dumps(actor, ensure_ascii=False))
        rows[key] = ok
    return rows


def _ratio(n: int, d: int) -> float:
    return round(n / d, 3) if d else 1.0


def score(facts: dict, gold: dict, broader: dict[str, str]) -> dict[str, Any]:
    """Measures of ``facts`` (as data) against ``gold``; ``broader`` maps event types to
    broader ones (:func:`broader_types`)."""
    events = facts.get("events", []) or []
    actors = facts.get("actors", []) or []
    by_id = {a.get("id"): a for a in actors}
    used: set[int] = set()
    rows = [_event_row(g, events, used, by_id, broader) for g in gold.get("events", [])]
    anchored_any = {i for i, e in enumerate(events) for g in gold.get("events", [])
                    if _matches(e, g, broader)}
    required = [r for r in rows if r["required"]]
    found = [r for r in required if r["found"]]
    dated = [r for r in found if r.get("date") is not None]
    gold_by_id = {g["id"]: g for g in gold.get("events", [])}
    with_articles = [r for r in found if gold_by_id[r["id"]].get("articles")]
    roles = [(r, k) for r in found for k in ("victims", "perpetrators") if r.get(k) is not None]
    actor_rows = _actor_rows(actors, gold)
    req_actors = [a for a in actor_rows if a["required"]]
    letter_rows = _letter_rows(facts.get("letter", {}) or {}, gold, by_id)
    return {
        "events": rows, "actors": actor_rows, "letter": letter_rows,
        "recall": _ratio(len(found), len(required)),
        "precision": _ratio(len(anchored_any), len(events)),
        "dates": _ratio(sum(1 for r in dated if r["date"]), len(dated)),
        "articles": _ratio(sum(1 for r in with_articles if not r["articles"]),
                           len(with_articles)),
        "roles": _ratio(sum(1 for r, k in roles if r[k]), len(roles)),
        "actors_found": _ratio(sum(1 for a in req_actors if a["found"]), len(req_actors)),
        "actors_merged": _ratio(sum(1 for a in actor_rows if a["merged"]),
                                sum(1 for a in actor_rows if a["merged"] is not None)),
        "letter_fields": _ratio(sum(letter_rows.values()), len(letter_rows)),
        "unmatched": [i for i in range(len(events)) if i not in anchored_any],
    }


def report(result: dict[str, Any], facts: dict) -> str:
    """A readable account of what was missed, for a failing test's message."""
    lines = []
    for r in result["events"]:
        if r["required"] and not r["found"]:
            lines.append(f"missed event {r['id']}")
        elif r["found"]:
            bad = [k for k in ("date", "victims", "perpetrators") if r.get(k) is False]
            if r.get("articles"):
                bad.append("articles " + ",".join(r["articles"]))
            if bad:
                lines.append(f"event {r['id']}: wrong {', '.join(bad)}")
    for i in result["unmatched"]:
        e = facts["events"][i]
        quote = re.sub(r"\s+", " ", e["evidence"][0]["quote"])[:90]
        lines.append(f"extra event {e['id']} {e['type']}: {quote!r}")
    for a in result["actors"]:
        if a["required"] and not a["found"]:
            lines.append(f"missed actor {a['names'][0]}")
        elif a["found"] and not a["kind"]:
            lines.append(f"actor {a['names'][0]}: wrong kind")
        if a["merged"] is False:
            lines.append(f"actor {a['names'][0]}: not merged")
    lines += [f"letter.{k} wrong" for k, ok in result["letter"].items() if not ok]
    return "\n".join(lines)


# -- scoring a reviewed facts document ---------------------------------------------------

DEFINITIONS = {
    "recall": "of the events the reviewer kept or added, the share c87 finds again; an "
              "added event it misses counts against recall",
    "precision": "of the events c87 extracts, the share that match an event the reviewer "
                 "kept; one matching a rejected event, or nothing, counts against it",
    "dates": "of the kept events c87 finds that the reviewer dated, the share whose date "
             "c87 gives again (the reviewer's date, or a finer one within it)",
    "key": "the events the reviewer accepted, corrected or added, and those left without a "
           "review (taken as the reviewer left them); rejected events are not in it",
    "found": "key events an extracted event matches: one of its quotes contains the key "
             "event's first quote (or lies within it) and its type is the key event's or a "
             "narrower one (interrogation within investigation)",
    "matched": "extracted events that match a key event",
    "dated": "found key events the reviewer gave a date; '-': nothing to count",
    "pooled": "the counts of every file added up, then divided (a micro-average: each event "
              "weighs the same, so a file with more events weighs more)",
}
"""What each figure of ``c87 score`` means, in plain words."""


def _actor_key(actor: Actor) -> dict[str, Any]:
    item: dict[str, Any] = {"names": [actor.name, *actor.aliases], "kinds": [actor.kind]}
    if actor.aliases:
        item["merge"] = True
    return item


def _event_key(event: Event, names: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": event.id, "types": [event.type]}
    for when in ("date", "start", "end"):
        if getattr(event, when):
            item[when] = getattr(event, when)
    item["anchor"] = event.evidence[0].quote
    for key, role in (("victims", "victim"), ("perpetrators", "perpetrator")):
        holders = [names[p.actor] for p in event.participants if p.role == role]
        if holders:
            item[key] = holders
    if event.principles:
        item["articles"] = list(event.principles)
    if not event.alleged_violation:
        item["violation"] = False
    item["review"] = event.review.status if event.review else "unreviewed"
    return item


def key_from_reviewed(facts: Facts) -> dict[str, Any]:
    """The answer key a reviewed facts document is (the shape of ``*.gold.yaml``).

    One key event per event the reviewer did not reject -- accepted, corrected, added, or
    left without a review, which a reviewed document's reviewer left as it was and so
    accepted: its type, its date (or start and end), its first quote as the anchor, the
    names of its victims and perpetrators, its principles as the articles. One key actor
    per actor (all its names; merged when it has several), and the letter's fields with
    the sender and addressee by name. Rejected events are not in the key: an extracted
    event that matches one matches nothing, and counts against precision.
    """
    names = {a.id: a.name for a in facts.actors}
    letter: dict[str, Any] = {}
    for part in ("date", "reference", "subject", "sender", "addressee", "country"):
        value = getattr(facts.letter, part)
        if value is not None:
            letter[part] = names[value] if part in ("sender", "addressee") else value
    if facts.letter.conventions:
        letter["conventions"] = list(facts.letter.conventions)
    return {"letter": letter, "actors": [_actor_key(a) for a in facts.actors],
            "events": [_event_key(e, names) for e in facts.asserted().events]}


@dataclass
class Figures:
    """The counts behind recall, precision and dates, for one event type or all."""

    key: int = 0          # required key events
    found: int = 0        # of them, matched by an extracted event
    extracted: int = 0    # extracted events
    matched: int = 0      # of them, matching some key event
    dated: int = 0        # found key events that carry a date
    dated_right: int = 0  # of them, whose date the extracted event gives

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.key)

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.extracted)

    @property
    def dates(self) -> float:
        return _ratio(self.dated_right, self.dated)

    def __iadd__(self, other: Figures) -> Figures:
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def as_data(self) -> dict[str, Any]:
        return {"key": self.key, "found": self.found, "recall": self.recall,
                "extracted": self.extracted, "matched": self.matched,
                "precision": self.precision, "dated": self.dated,
                "dated_right": self.dated_right, "dates": self.dates}


_COUNTS = ("key", "found", "extracted", "matched", "dated", "dated_right")


def figures_by_type(result: dict[str, Any], facts: dict, gold: dict) -> dict[str, Figures]:
    """Recall, precision and dates of :func:`score`'s ``result`` for each event type: a key
    event counts under its (first) type, an extracted event under its own type."""
    types: dict[str, Figures] = {}
    kind = {g["id"]: g["types"][0] for g in gold.get("events", [])}
    for row in result["events"]:
        if not row["required"]:
            continue
        figures = types.setdefault(kind[row["id"]], Figures())
        figures.key += 1
        if row["found"]:
            figures.found += 1
            if row.get("date") is not None:
                figures.dated += 1
                figures.dated_right += bool(row["date"])
    unmatched = set(result["unmatched"])
    for i, event in enumerate(facts.get("events", []) or []):
        figures = types.setdefault(str(event.get("type", "")), Figures())
        figures.extracted += 1
        figures.matched += i not in unmatched
    return dict(sorted(types.items()))


def total(figures: Iterable[Figures]) -> Figures:
    out = Figures()
    for item in figures:
        out += item
    return out


@dataclass
class ReviewedScore:
    """A fresh extraction of a reviewed facts document's letter, scored against it."""

    path: str                    # the reviewed facts file
    letter: str                  # the letter read again
    key: dict[str, Any]          # key_from_reviewed
    extraction: dict[str, Any]   # the fresh extraction, as data
    result: dict[str, Any]       # score(extraction, key)
    types: dict[str, Figures] = field(default_factory=dict)
    reviews: dict[str, int] = field(default_factory=dict)  # events per review status
    reviewers: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Figures:
        """Over all types: recall, precision and dates as score_facts.py gives them."""
        return total(self.types.values())


def _letter_of(facts: Facts, path: str, max_bytes: int | None) -> Text:
    """The letter ``facts`` were read from, found as ``c87 convert`` finds it; a letter
    whose text is no longer the one the facts quote is an error, not a miss."""
    candidates = letter_paths(facts, path)
    if not candidates:
        raise ContentError("names no letter (source.path is empty): c87 score reads the "
                           "letter again to extract it", path=path)
    changed = None
    for candidate in candidates:
        if not candidate.is_file():
            continue
        text = read_letter(candidate, max_bytes=max_bytes)
        if text.sha256 == facts.source.sha256:
            return text
        changed = changed or (candidate, text.sha256)
    if changed is not None:
        raise ContentError(
            f"its letter {changed[0]} has changed since it was extracted: the text c87 "
            f"reads from it has sha256 {changed[1][:12]}..., the facts' source.sha256 is "
            f"{facts.source.sha256[:12]}...; the quotes and offsets the review checked are "
            "of the old text (restore the letter, or extract and review the new one)",
            path=path)
    raise InputError(f"cannot find its letter {facts.source.path!r} (looked for "
                     + ", ".join(str(c) for c in candidates) + ")", path=path)


def score_reviewed(path: str | os.PathLike[str], *, max_bytes: int | None = None,
                   extract: Callable[[Text], Extraction] = read_letter_facts) -> ReviewedScore:
    """Extract the letter of the reviewed facts file at ``path`` again and score the
    extraction against the review (:func:`key_from_reviewed`).

    ``extract`` reads the letter's facts (:func:`~c87.mapper.assemble.read_letter_facts`
    by default): the place to give the extraction its options, a user lexicon say, as
    ``functools.partial(read_letter_facts, ...)``. Raises :class:`ContentError` when the
    file holds no review at all, or when its letter's text is no longer the one its
    ``source.sha256`` names; :class:`InputError` when the file or its letter cannot be read.
    """
    name = str(path)
    facts = load_facts(path, max_bytes=max_bytes)
    if not facts.reviewed:
        raise ContentError(
            "is not reviewed: no review on its letter, actors or events; review it first "
            "(c87 review, or by hand: a review with status accepted, corrected, added or "
            "rejected on each event), then score it", path=name)
    text = _letter_of(facts, name, max_bytes)
    extraction = facts_to_data(extract(text).facts)
    key = key_from_reviewed(facts)
    result = score(extraction, key, broader_types())
    statuses = Counter(e.review.status if e.review else "unreviewed" for e in facts.events)
    reviews = {s: statuses[s] for s in (*get_args(ReviewStatus), "unreviewed") if statuses[s]}
    reviewers = sorted({item.review.reviewer for item in (facts.letter, *facts.actors,
                                                          *facts.events)
                        if item.review is not None and item.review.reviewer})
    return ReviewedScore(name, _shown(text.path or facts.source.path or ""), key, extraction,
                         result, figures_by_type(result, extraction, key), reviews, reviewers)


def _shown(path: str) -> str:
    """``path`` tidied, and relative to the working folder when it lies within it."""
    tidy = Path(os.path.normpath(Path(path).absolute()))
    return str(tidy.relative_to(Path.cwd())) if tidy.is_relative_to(Path.cwd()) else str(tidy)


# -- what c87 score prints ---------------------------------------------------------------

_COLUMNS = ("key", "found", "recall", "extracted", "matched", "precision", "dated", "dates")


def _cells(figures: Figures) -> list[str]:
    """A table row's figures; a ratio with nothing to count is '-'."""
    def ratio(value: float, denominator: int) -> str:
        return f"{value:.2f}" if denominator else "-"

    return [str(figures.key), str(figures.found), ratio(figures.recall, figures.key),
            str(figures.extracted), str(figures.matched),
            ratio(figures.precision, figures.extracted), str(figures.dated),
            ratio(figures.dates, figures.dated)]


def _table(first: str, rows: list[tuple[str, Figures]]) -> list[str]:
    width = max(len(first), *(len(label) for label, _ in rows))
    sizes = [max(len(c), 5) for c in _COLUMNS]

    def line(label: str, cells: Iterable[str]) -> str:
        return "  ".join([label.ljust(width), *(c.rjust(s) for c, s in zip(cells, sizes,
                                                                             strict=True))])

    return [line(first, _COLUMNS)] + [line(label, _cells(f)) for label, f in rows]


def pooled(scores: list[ReviewedScore]) -> dict[str, Figures]:
    """Each event type's counts over all ``scores``, added up (a micro-average)."""
    types: dict[str, Figures] = {}
    for item in scores:
        for kind, figures in item.types.items():
            types.setdefault(kind, Figures())
            types[kind] += figures
    return dict(sorted(types.items()))


def _definitions(several: bool) -> list[str]:
    return [textwrap.fill(f"{k}: {text}", width=92, subsequent_indent="  ")
            for k, text in DEFINITIONS.items() if several or k != "pooled"]


def render_text(scores: list[ReviewedScore]) -> str:
    """The tables ``c87 score`` prints: one file's figures per event type; for several,
    each file's overall line, then the event types pooled; then what each figure means."""
    if len(scores) == 1:
        (item,) = scores
        said = ", ".join(f"{n} {status}" for status, n in item.reviews.items())
        by = f" (by {', '.join(item.reviewers)})" if item.reviewers else ""
        lines = [item.path, f"  events: {said}{by}",
                 f"  scored against a fresh extraction of {item.letter}", ""]
        lines += _table("type", [*item.types.items(), ("overall", item.overall)])
    else:
        lines = _table("file", [(s.path, s.overall) for s in scores])
        types = pooled(scores)
        lines += ["", f"event types, pooled over the {len(scores)} files (micro-average)", ""]
        lines += _table("type", [*types.items(), ("overall", total(types.values()))])
    return "\n".join([*lines, "", *_definitions(len(scores) > 1)])


def as_data(scores: list[ReviewedScore]) -> dict[str, Any]:
    """Everything ``c87 score --json`` prints."""
    types = pooled(scores)
    files = [{
        "file": s.path, "letter": s.letter, "reviews": s.reviews, "reviewers": s.reviewers,
        "overall": s.overall.as_data(),
        "types": {k: f.as_data() for k, f in s.types.items()},
        "extracted": [{"id": e["id"], "type": e["type"],
                       "matched": i not in s.result["unmatched"]}
                      for i, e in enumerate(s.extraction.get("events", []))],
        "key": s.key, "result": s.result,
    } for s in scores]
    return {"files": files,
            "pooled": {"overall": total(types.values()).as_data(),
                       "types": {k: f.as_data() for k, f in types.items()}},
            "definitions": DEFINITIONS}
