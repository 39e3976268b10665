"""Write a facts document as YAML (for people) or JSON (for programs)."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from c87.model import Facts

FORMATS = ("yaml", "json")

# Keys always written, even when empty, so a reviewer sees what the letter left open.
_KEEP = {"principles", "participants", "aliases", "alleged_violation", "approximate",
         "conventions", "signatory", "role", "name", "evidence"}


def facts_to_data(facts: Facts) -> dict[str, Any]:
    """The document as plain data in the contract's key order, empty optional keys left out.

    Loading the result gives back an equal :class:`~c87.model.Facts` (defaults fill in
    what was left out), so YAML -> model -> YAML loses nothing.
    """
    data = _without_offsets(facts.model_dump(mode="json"))
    # The oldest version that holds the document: readers of version 1 read it still.
    data["c87"] = 2 if facts.needs_version_2 else 1
    if not data["public"]:
        del data["public"]
    for section in ("actors", "events"):
        data[section] = [_prune(item) for item in data[section]]
    data["letter"] = {k: v for k, v in data["letter"].items()
                      if (k != "provenance" or v) and (k != "review" or v is not None)}
    if data["letter"].get("review"):
        data["letter"]["review"] = _prune(data["letter"]["review"])
    return data


def _without_offsets(data: Any) -> Any:
    """``data`` with the ``start: null, end: null`` of spans that have no offsets (those of
    a public document) left out."""
    if isinstance(data, list):
        return [_without_offsets(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "quote" in data and data.get("start") is None:
        return {"quote": data["quote"]}
    return {k: _without_offsets(v) for k, v in data.items()}


def _prune(item: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in item.items()
           if k in _KEEP or (v not in (None, [], {}) and (k != "confidential" or v))}
    if out.get("review"):
        out["review"] = {k: v for k, v in out["review"].items() if v is not None}
    return out


def dump_facts(facts: Facts, fmt: str = "yaml") -> str:
    """Serialise ``facts`` as ``yaml`` or ``json`` text, deterministically."""
    data = facts_to_data(facts)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "yaml":
        raise ValueError(f"unknown facts format {fmt!r}; use one of {', '.join(FORMATS)}")
    import yaml

    return yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)


@functools.cache
def _dumper() -> type:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Safe dumper that writes small records (participants, signatory) on one line."""

    def represent_dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
        flow = set(value) in ({"actor", "role"}, {"role", "name"}, {"title", "organisation"},
                              {"title"}, {"quote", "start", "end"}, {"quote"})
        return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)

    Dumper.add_representer(dict, represent_dict)
    return Dumper


def facts_summary(facts: Facts) -> str:
    """A short account for a person: the letter, then its events by date with their type
    and the principles they engage (violations first marked with ``!``)."""
    letter = facts.letter
    head = (f"{letter.date or 'undated'} letter {letter.reference or ''} "
            f"from {letter.sender or '?'} to {letter.addressee or '?'} "
            f"about {letter.country or '?'}: {len(facts.events)} events, "
            f"{len(facts.actors)} actors").replace("  ", " ")

    def when(event: Any) -> str:
        if event.date:
            return event.date + ("~" if event.approximate else "")
        if event.start or event.end:
            return f"{event.start or '…'}..{event.end or ''}"
        return "undated"

    rows = sorted(facts.events, key=lambda e: (e.date or e.start or "9999", e.id))
    width = max([len(when(e)) for e in rows] + [7])
    kind = max([len(e.type) for e in rows] + [4])
    lines = [head]
    for e in rows:
        mark = "!" if e.alleged_violation else " "
        lines.append(f"  {when(e):<{width}} {mark} {e.type:<{kind}}  "
                     f"{', '.join(e.principles) or '-'}")
    return "\n".join(lines) + "\n"
