"""Score a facts document against a human answer key (``tests/letters/*.gold.yaml``).

The project's one scorer, with the semantics of the field's shared scoring tool
(``shared/tools/score_facts.py``): an extracted event matches a key event when one of its
evidence quotes contains the key's anchor (or lies within it, 20 characters or more) and
its type is one the key accepts (or narrower); recall is over required key events,
precision over extracted events; dates, principles ("articles") and roles are checked on
matched events; actors by name or alias, kind and merging. The broader event types come
from the ontology (:func:`broader_types`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from typing import Any

from c87 import ontology

__all__ = ["broader_types", "norm", "report", "score"]

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
