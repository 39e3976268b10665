"""Score a case against its answer key: event linking, actor merging, disputed facts.

A key (``case.key.yaml``, format in ``tests/cases/README.md``) says, for the documents
of a case folder, which of their acts are one act of the case, which names are one
actor, and which facts the sources dispute. The case is built from the documents in the
key's order, as ``c87 case add`` would, and compared:

* each extracted event is the key's event whose anchor (or a ``restated`` anchor) its
  quote contains, in that document; each extracted actor the key's actor one of whose
  mentions in that document is one of its names (folded). A *unit* is a key event (or
  actor) in one document: the extracted items of that document mapped to it;
* **linking** and **merging** are scored on pairs of units of different documents:
  a pair the case joins (some item of each in one case event or actor) is right when
  both units are of one key event (actor). Precision: right pairs over joined pairs;
  recall: right pairs over the key's pairs whose units were both extracted. Pairs of
  units the extraction missed are counted apart (``missed_by_extraction``): they score
  the extractor, not the linking;
* **disputes**: a key's disputed fact is found when a case event holding a unit of its
  event disputes that fact; a case dispute whose event's units all belong to key events
  that do not dispute that fact is a false one. The key's facts are those of its format
  (date, place, number, role, perpetrator, type): a length (of a sentence, a measure) is
  keyed as a number ("probation for three years"), so a case's ``length`` dispute is
  scored as the key's ``number``.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from c87.input.facts import load_yaml
from c87.mapper.case.events import compatible
from c87.mapper.case.names import fold_name
from c87.model.case import LinkedCase, split_ref
from c87.pipeline.case import add_documents, new_case, read_case

_SPACE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass
class PairScore:
    joined: int = 0
    right: int = 0
    expected: int = 0
    missed_by_extraction: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.joined if self.joined else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


@dataclass
class CaseScore:
    name: str
    events: PairScore
    actors: PairScore
    disputes_expected: int = 0
    disputes_found: list[str] = field(default_factory=list)
    disputes_missed: list[str] = field(default_factory=list)
    false_disputes: list[str] = field(default_factory=list)
    extracted_sources: int = 0
    key_sources: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.name,
            "event_linking": {"precision": round(self.events.precision, 3),
                              "recall": round(self.events.recall, 3),
                              "joined": self.events.joined, "right": self.events.right,
                              "expected": self.events.expected,
                              "missed_by_extraction": self.events.missed_by_extraction},
            "actor_merging": {"precision": round(self.actors.precision, 3),
                              "recall": round(self.actors.recall, 3),
                              "joined": self.actors.joined, "right": self.actors.right,
                              "expected": self.actors.expected,
                              "missed_by_extraction": self.actors.missed_by_extraction},
            "disputes": {"expected": self.disputes_expected,
                         "found": self.disputes_found, "missed": self.disputes_missed,
                         "false": self.false_disputes},
            "sources_extracted": f"{self.extracted_sources}/{self.key_sources}",
        }


def load_key(path: Path) -> dict[str, Any]:
    data, _ = load_yaml(path.read_text(encoding="utf-8"), str(path))
    return data


def reviewed_file(folder: Path, document: str) -> Path:
    """Where a case folder keeps the reviewed facts of one of its documents."""
    return folder / "reviewed" / f"{Path(document).stem}.facts.yaml"


def build_case(folder: Path, key: dict[str, Any], workdir: Path, *,
               reviewed: bool = False) -> LinkedCase:
    """The case of the key's documents, added in the key's order into ``workdir``: the
    letters themselves (extracted), or with ``reviewed`` their reviewed facts files."""
    new_case(workdir)
    files = [str(reviewed_file(folder, d["file"]) if reviewed else folder / d["file"])
             for d in key["documents"]]
    done = add_documents(workdir, files)
    if done.failed:
        name, exc = done.failed[0]
        raise RuntimeError(f"{name}: {exc}")
    return read_case(workdir)


def _doc_ids(key: dict[str, Any]) -> dict[str, str]:
    return {d["file"]: f"d{n}" for n, d in enumerate(key["documents"], start=1)}


def event_candidates(case: LinkedCase, key: dict[str, Any]
                     ) -> dict[str, list[tuple[bool, int, str]]]:
    """Extracted event ref -> the key events whose anchor its quote holds: (whether the
    type does not fit, the key event's position, its id)."""
    docs = _doc_ids(key)
    candidates: dict[str, list[tuple[bool, int, str]]] = {}
    for n, k in enumerate(key.get("events", [])):
        for file, source in (k.get("sources") or {}).items():
            doc = docs[file]
            anchors = [source["anchor"], *source.get("restated", [])]
            for e in case.facts[doc].events:
                quote = _collapse(" ".join(s.quote for s in e.evidence))
                if any(_collapse(a) in quote for a in anchors):
                    fits = any(compatible(e.type, t) for t in k["types"])
                    candidates.setdefault(f"{doc}/{e.id}", []).append((not fits, n, k["id"]))
    return candidates


def event_units(case: LinkedCase, key: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Extracted event ref -> (key event id, document id): the key event whose anchor its
    quote holds, one of a compatible type first when the quote holds several (a sentence
    may tell a strike and the arrest that followed it)."""
    return {ref: (min(found)[2], split_ref(ref)[0])
            for ref, found in event_candidates(case, key).items()}


def actor_units(case: LinkedCase, key: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Extracted actor ref -> (key actor id, document id) of a mention it is called by."""
    docs = _doc_ids(key)
    out: dict[str, tuple[str, str]] = {}
    for k in key.get("actors", []):
        for file, mentions in (k.get("mentions") or {}).items():
            doc = docs[file]
            wanted = {fold_name(_collapse(m)) for m in mentions} - {""}
            for a in case.facts[doc].actors:
                names = {fold_name(n) for n in (a.name, *a.aliases)}
                ref = f"{doc}/{a.id}"
                if ref not in out and names & wanted:
                    out[ref] = (k["id"], doc)
    return out


def score_pairs(groups: Iterable[list[str]], units: dict[str, tuple[str, str]],
                key_units: dict[str, set[str]]) -> PairScore:
    """Pairs of units of different documents: joined by ``groups`` (the case's events or
    actors, as lists of refs) against the key's (``key_units``: key id -> its documents)."""
    joined: set[frozenset[tuple[str, str]]] = set()
    for members in groups:
        found = {units[r] for r in members if r in units}
        for a, b in itertools.combinations(sorted(found), 2):
            if a[1] != b[1]:
                joined.add(frozenset((a, b)))
    extracted = set(units.values())
    score = PairScore(joined=len(joined))
    for kid, docs in key_units.items():
        for d1, d2 in itertools.combinations(sorted(docs), 2):
            pair = frozenset(((kid, d1), (kid, d2)))
            if (kid, d1) in extracted and (kid, d2) in extracted:
                score.expected += 1
                score.right += pair in joined
            else:
                score.missed_by_extraction += 1
    return score


def _key_docs(key: dict[str, Any], what: str, field_name: str) -> dict[str, set[str]]:
    docs = _doc_ids(key)
    return {k["id"]: {docs[f] for f in (k.get(field_name) or {})} for k in key.get(what, [])}


def score_case(folder: str | Path, key_path: str | Path | None = None, *,
               reviewed: bool = False) -> CaseScore:
    """Build the case of ``folder``'s documents (their reviewed facts with ``reviewed``)
    and score it against its key."""
    folder = Path(folder)
    key = load_key(Path(key_path) if key_path else folder / "case.key.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        case = build_case(folder, key, Path(tmp) / "case", reviewed=reviewed)
    ev_units, ac_units = event_units(case, key), actor_units(case, key)
    result = CaseScore(
        name=folder.name,
        events=score_pairs((e.members for e in case.events), ev_units,
                           _key_docs(key, "events", "sources")),
        actors=score_pairs((a.members for a in case.actors), ac_units,
                           _key_docs(key, "actors", "mentions")),
        extracted_sources=len(set(ev_units.values())),
        key_sources=sum(len(k.get("sources") or {}) for k in key.get("events", [])))
    _score_disputes(case, key, event_candidates(case, key), result)
    return result


KEY_FACTS = {"length": "number"}
"""The key's fact for a case fact that the key format has no word of its own for."""


def _score_disputes(case: LinkedCase, key: dict[str, Any],
                    candidates: dict[str, list[tuple[bool, int, str]]],
                    result: CaseScore) -> None:
    """A quote that holds the anchors of several key events may stand for any of them:
    a dispute on its case event is judged against all of them."""
    disputed = {(d["event"], d["fact"]) for d in key.get("disputed") or []}
    result.disputes_expected = len(disputed)
    found: set[tuple[str, str]] = set()
    for event in case.events:
        kids = {k for r in event.members for _, _, k in candidates.get(r, [])}
        for dispute in event.disputes:
            fact = KEY_FACTS.get(dispute.fact, dispute.fact)
            hits = {(k, fact) for k in kids} & disputed
            found |= hits
            if kids and not hits:
                result.false_disputes.append(
                    f"{event.id} {dispute.fact} ({', '.join(sorted(kids))}): "
                    + "; ".join(f"{s.value} [{split_ref(s.ref)[0]}]" for s in dispute.statements))
    result.disputes_found = sorted(f"{k} {f}" for k, f in found)
    result.disputes_missed = sorted(f"{k} {f}" for k, f in disputed - found)


__all__ = ["CaseScore", "PairScore", "build_case", "reviewed_file", "score_case"]
