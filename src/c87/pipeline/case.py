"""Case files on disk: create one, add and remove documents, record the reviewer's
decisions, and read what the case says.

A case file is a folder::

    NAME/
      case.yaml              the manifest (c87.model.case.CaseManifest)
      documents/d1-...       each document as it was added (a letter, a facts file)
      texts/d1.txt           the text its facts' offsets refer to (letters only)
      facts/d1.facts.yaml    its facts: extracted, or the facts file added

Every file is written to a temporary file and renamed, the manifest last, so an
interrupted ``add`` leaves the case as it was (at worst a stray file no manifest names,
which the next ``add`` of that document replaces). Open a document's facts in
``c87 review`` to correct them; the case reads them as they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from c87.errors import ContentError, InputError, UsageError
from c87.input.facts import load_facts, load_yaml, validated
from c87.input.files import read_bytes
from c87.mapper.case import link_case
from c87.model import Facts
from c87.model.case import CaseDocument, CaseManifest, Fact, LinkedCase, split_ref
from c87.ontology.user_lexicon import UserLexicon
from c87.output.facts import dump_facts
from c87.output.files import atomic_write
from c87.pipeline.convert import facts_of

MANIFEST = "case.yaml"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def manifest_path(folder: str | Path) -> Path:
    return Path(folder) / MANIFEST


def new_case(folder: str | Path, *, title: str | None = None,
             cfa_case: str | None = None) -> CaseManifest:
    """Create the case file ``folder`` (its name is the folder's); refuses one that exists."""
    path = Path(folder)
    if manifest_path(path).exists():
        raise UsageError(f"{path} is a case file already (it has a {MANIFEST})")
    name = _SAFE.sub("-", path.resolve().name).strip("-._").lower()
    if not name:
        raise UsageError(f"{path}: a case file needs a folder name of letters or digits")
    manifest = CaseManifest(name=name, title=title, cfa_case=cfa_case,
                            created=dt.datetime.now(dt.UTC).replace(microsecond=0))
    for part in ("", "documents", "texts", "facts"):
        (path / part).mkdir(parents=True, exist_ok=True)
    save_manifest(path, manifest)
    return manifest


def open_case(folder: str | Path) -> CaseManifest:
    """The manifest of the case file ``folder``; an error names the file and the field."""
    path = manifest_path(folder)
    if not path.exists():
        raise InputError(f"is not a case file (no {MANIFEST}); create it with "
                         "'c87 case new'", path=str(folder))
    text = read_bytes(path).decode("utf-8")
    data, node = load_yaml(text, str(path))
    return validated(data, node, str(path), CaseManifest, "a case manifest",
                     "a valid case manifest")


def save_manifest(folder: Path, manifest: CaseManifest) -> None:
    import yaml

    data = manifest.model_dump(mode="json", exclude_none=True)
    atomic_write(manifest_path(folder), yaml.safe_dump(data, sort_keys=False,
                                                       allow_unicode=True))


@dataclass
class Added:
    """What ``add_documents`` did with each file."""

    added: list[CaseDocument] = field(default_factory=list)
    already: list[tuple[str, str]] = field(default_factory=list)
    """(file, the id of the document of the same bytes already in the case)."""
    failed: list[tuple[str, Exception]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def add_documents(folder: str | Path, files: Iterable[str], *,
                  lexicon: UserLexicon | None = None, max_bytes: int | None = None,
                  on_added: Callable[[CaseDocument], None] | None = None) -> Added:
    """Add letters, facts files or reviewed facts files to the case, in the order given.

    A letter is extracted (with ``lexicon`` on top of the shipped cues); a facts file is
    taken as it is. A file whose bytes are in the case already is not added twice. A file
    that cannot be read is reported and the others are added.
    """
    path = Path(folder)
    manifest = open_case(path)
    done = Added()
    known = {d.sha256: d.id for d in manifest.documents}
    for name in files:
        try:
            data = read_bytes(Path(name), max_bytes=max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            if digest in known:
                done.already.append((name, known[digest]))
                continue
            document, warnings = _add_one(path, manifest, name, data, digest, lexicon,
                                          max_bytes)
        except (InputError, ContentError) as exc:
            done.failed.append((name, exc))
            continue
        manifest.documents.append(document)
        save_manifest(path, manifest)
        known[digest] = document.id
        done.added.append(document)
        done.warnings += [(name, w) for w in warnings]
        if on_added:
            on_added(document)
    return done


def _add_one(folder: Path, manifest: CaseManifest, name: str, data: bytes, digest: str,
             lexicon: UserLexicon | None, max_bytes: int | None
             ) -> tuple[CaseDocument, list[str]]:
    doc = manifest.next_id()
    for part in ("documents", "texts", "facts"):
        (folder / part).mkdir(exist_ok=True)
    facts, text, warnings = facts_of(name, max_bytes=max_bytes, lexicon=lexicon)
    stored = f"documents/{doc}-{_SAFE.sub('-', Path(name).name)}"
    atomic_write(folder / stored, data)
    if text is not None:
        atomic_write(folder / "texts" / f"{doc}.txt", text)
    facts_file = f"facts/{doc}.facts.yaml"
    atomic_write(folder / facts_file, dump_facts(facts))
    return CaseDocument(id=doc, file=stored, facts=facts_file, sha256=digest, added_as=name,
                        added=dt.datetime.now(dt.UTC).replace(microsecond=0)
                        ), warnings


def remove_document(folder: str | Path, doc: str) -> CaseDocument:
    """Take document ``doc`` (``d2``) out of the case, with the decisions that name it."""
    path = Path(folder)
    manifest = open_case(path)
    found = next((d for d in manifest.documents if d.id == doc), None)
    if found is None:
        raise UsageError(f"{path}: no document {doc!r} (the case has "
                         f"{', '.join(d.id for d in manifest.documents) or 'none'})")
    manifest.documents.remove(found)
    decisions = manifest.decisions

    def keep(refs: list[str]) -> list[str]:
        return [r for r in refs if split_ref(r)[0] != doc]

    decisions.same_actor = [g for g in map(keep, decisions.same_actor) if len(g) > 1]
    decisions.same_event = [g for g in map(keep, decisions.same_event) if len(g) > 1]
    decisions.split_actor = keep(decisions.split_actor)
    decisions.split_event = keep(decisions.split_event)
    decisions.adopt = {k: keep(v) for k, v in decisions.adopt.items() if keep(v)}
    save_manifest(path, manifest)
    for stale in (found.file, found.facts, f"texts/{doc}.txt"):
        if stale:
            (path / stale).unlink(missing_ok=True)
    return found


def document_facts(folder: Path, manifest: CaseManifest) -> tuple[dict[str, Facts],
                                                                   dict[str, str]]:
    """Each document's facts and text (where it has one), by document id."""
    facts, texts = {}, {}
    for d in manifest.documents:
        facts[d.id] = load_facts(folder / d.facts)
        text = folder / "texts" / f"{d.id}.txt"
        if text.exists():
            texts[d.id] = text.read_text(encoding="utf-8")
    return facts, texts


def read_case(folder: str | Path) -> LinkedCase:
    """What the case file says: its documents joined (c87.mapper.case.link_case)."""
    path = Path(folder)
    manifest = open_case(path)
    facts, texts = document_facts(path, manifest)
    return link_case(manifest, facts, texts)


# -- the reviewer's decisions ----------------------------------------------------------------

def _kind_of(facts: dict[str, Facts], ref: str) -> str:
    """``actor`` or ``event``: what the reference ``DOC/ID`` names in its document."""
    doc, item = split_ref(ref)
    f = facts.get(doc)
    if f is None:
        raise UsageError(f"{ref}: no document {doc!r} in the case (write DOC/ID)")
    if any(a.id == item for a in f.actors):
        return "actor"
    if any(e.id == item for e in f.events):
        return "event"
    raise UsageError(f"{ref}: {doc} has no actor or event {item!r}")


def ref_kind(folder: str | Path, refs: list[str]) -> str:
    """Whether ``refs`` all name actors (``actor``) or all events (``event``) of the
    case's documents; a usage error otherwise."""
    path = Path(folder)
    facts, _ = document_facts(path, open_case(path))
    kinds = {_kind_of(facts, ref) for ref in refs}
    if len(kinds) != 1:
        raise UsageError("give actors only, or events only")
    return kinds.pop()


def _check_refs(folder: Path, manifest: CaseManifest, refs: list[str], what: str) -> None:
    facts, _ = document_facts(folder, manifest)
    for ref in refs:
        try:
            found: str | None = _kind_of(facts, ref)
        except UsageError:
            found = None
        if found != what:
            raise UsageError(f"{folder}: no {what} {ref!r} (write DOC/ID, as "
                             "'c87 case show' lists them)")


def decide(folder: str | Path, action: str, refs: list[str], fact: Fact | None = None
           ) -> CaseManifest:
    """Record a decision: ``join-actors``/``join-events`` (refs are one), ``split-actor``/
    ``split-event`` (each ref kept apart), ``adopt`` (ref's statement of ``fact`` is the
    one the complaint adopts for its event)."""
    path = Path(folder)
    manifest = open_case(path)
    what = "actor" if action.endswith("actor") or action == "join-actors" else "event"
    _check_refs(path, manifest, refs, what)
    d = manifest.decisions
    if action == "join-actors":
        d.same_actor = [*d.same_actor, refs]
    elif action == "join-events":
        d.same_event = [*d.same_event, refs]
    elif action == "split-actor":
        d.split_actor = list(dict.fromkeys([*d.split_actor, *refs]))
        d.same_actor = [[r for r in g if r not in refs] for g in d.same_actor]
    elif action == "split-event":
        d.split_event = list(dict.fromkeys([*d.split_event, *refs]))
        d.same_event = [[r for r in g if r not in refs] for g in d.same_event]
    elif action == "adopt" and fact is not None:
        _adopt(path, manifest, refs[0], fact)
    else:
        raise UsageError(f"unknown decision {action!r}")
    save_manifest(path, manifest)
    return manifest


def _adopt(folder: Path, manifest: CaseManifest, ref: str, fact: Fact) -> None:
    """The statement of ``ref`` adopted for its case event: any other adopted statement of
    the same event and fact is dropped."""
    case = link_case(manifest, *document_facts(folder, manifest))
    event = case.event_of(ref)
    if event is None or not any(d.fact == fact for d in event.disputes):
        raise UsageError(f"{folder}: the {fact} of {ref} is not disputed; nothing to adopt")
    chosen = [r for r in manifest.decisions.adopt.get(fact, []) if r not in event.members]
    manifest.decisions.adopt = {**manifest.decisions.adopt, fact: [*chosen, ref]}


__all__ = ["Added", "add_documents", "decide", "document_facts", "manifest_path", "new_case",
           "open_case", "read_case", "ref_kind", "remove_document"]
