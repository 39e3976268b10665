"""A case -> the complaint it makes: every allegation with all of its sources, the facts
they disagree on, the documents of the case in the annex, and, for a case already before
the Committee, the follow-up form.

The complaint is made as for one letter (:func:`c87.mapper.complaint.make_complaint`)
from the facts the case stands for (:func:`case_facts`): one actor per case actor, one
event per case event with the evidence of every source. What the sources add is then set
on the complaint: the sources of each allegation, its disputed facts, the documents.
"""

from __future__ import annotations

import dataclasses
import hashlib

from c87.mapper.complaint import make_complaint
from c87.model import Actor, Event, Facts, Letter, Participant, Source
from c87.model.case import CaseEvent, Dispute, LinkedCase, split_ref
from c87.model.complaint import (
    CaseDocumentNote,
    ComplainantProfile,
    Complaint,
    DisputeNote,
    FollowUp,
    SourceNote,
)

LETTER_GENRES = ("letter", "urgent-action")


def _facts_of(case: LinkedCase, ref: str) -> tuple[Facts, Event]:
    doc, item = split_ref(ref)
    facts = case.facts[doc]
    return facts, next(e for e in facts.events if e.id == item)


def _principal(case: LinkedCase) -> str:
    """The document whose letter fields the complaint takes: the latest letter (or urgent
    action) of the case, else its latest document."""
    def key(doc: str) -> tuple[bool, str, int]:
        f = case.facts[doc]
        return (f.letter.genre in LETTER_GENRES or f.letter.genre is None,
                f.letter.date or "", int(doc[1:]))
    return max(case.facts, key=key)


def case_facts(case: LinkedCase) -> Facts:
    """The facts the whole case stands for, in the terms of one facts document."""
    principal = case.facts[_principal(case)]
    of = {ref: a.id for a in case.actors for ref in a.members}
    doc = _principal(case)
    letter = principal.letter
    actors = [Actor(id=a.id, name=a.name, aliases=[n for n in a.names if n != a.name],
                    kind=a.kind, country=a.country) for a in case.actors]  # type: ignore[arg-type]
    events = [_case_event(case, e, of) for e in case.events]
    conventions = sorted({c for f in case.facts.values() for c in f.letter.conventions})
    digest = hashlib.sha256("".join(f.source.sha256 for f in case.facts.values())
                            .encode()).hexdigest()
    return Facts(
        source=Source(sha256=digest, path=case.manifest.name,
                      language=principal.source.language),
        letter=Letter(genre=letter.genre, date=letter.date, reference=letter.reference,
                      subject=case.manifest.title or letter.subject,
                      sender=of.get(f"{doc}/{letter.sender}") if letter.sender else None,
                      addressee=of.get(f"{doc}/{letter.addressee}") if letter.addressee
                      else None,
                      signatory=letter.signatory,
                      country=case.manifest.country or letter.country,
                      conventions=conventions),
        actors=actors, events=events)


def _case_event(case: LinkedCase, event: CaseEvent, of: dict[str, str]) -> Event:
    members = [_facts_of(case, r) for r in event.members]
    first = members[0][1]
    participants: dict[tuple[str, str], None] = {}
    for ref, (_, e) in zip(event.members, members, strict=True):
        doc = split_ref(ref)[0]
        for p in e.participants:
            if f"{doc}/{p.actor}" in of:
                participants[(of[f"{doc}/{p.actor}"], p.role)] = None
    principles = list(dict.fromkeys(p for _, e in members for p in e.principles))
    dated = event.date is not None or any(d.fact == "date" for d in event.disputes)
    date, start, end = (event.date, None, None) if event.date or dated else \
        (first.date, first.start, first.end)
    return Event(id=event.id, type=event.type, date=date, start=start, end=end,
                 approximate=any(e.approximate for _, e in members),
                 summary=first.summary, evidence=[s for _, e in members for s in e.evidence],
                 participants=[Participant(actor=a, role=r)  # type: ignore[arg-type]
                               for a, r in participants],
                 place=next((e.place for _, e in members if e.place), None)
                 if not any(d.fact == "place" for d in event.disputes) else None,
                 principles=principles,
                 alleged_violation=any(e.alleged_violation for _, e in members))


def case_complaint(case: LinkedCase, profile: ComplainantProfile | None = None,
                   *, labels: dict[str, str]) -> Complaint:
    """The complaint of the whole case; ``labels`` names each document (``ITUC letter of
    18 June 2020``), as the printable page shows its sources."""
    complaint = make_complaint(case_facts(case), profile, case=case.manifest.name)
    sources = {}
    for event in case.events:
        sources[event.id] = tuple(
            SourceNote(ref=r, document=split_ref(r)[0], label=labels[split_ref(r)[0]],
                       quote=_facts_of(case, r)[1].evidence[0].quote) for r in event.members)
    disputes = {e.id: tuple(_dispute_note(d, labels) for d in e.disputes)
                for e in case.events if e.disputes}
    documents = tuple(_document_note(case, d, labels) for d in case.facts)
    return dataclasses.replace(complaint, sources=sources, disputes=disputes,
                               documents=documents, follow_up=_follow_up(case, complaint))


def _dispute_note(dispute: Dispute, labels: dict[str, str]) -> DisputeNote:
    return DisputeNote(fact=dispute.fact, statements=tuple(
        (s.value, labels[split_ref(s.ref)[0]], s.ref == dispute.adopted)
        for s in dispute.statements))


def _document_note(case: LinkedCase, doc: str, labels: dict[str, str]) -> CaseDocumentNote:
    recalls = tuple(sorted({r.document for r in case.references
                            if split_ref(r.ref)[0] == doc}))
    facts = case.facts[doc]
    return CaseDocumentNote(id=doc, label=labels[doc], date=facts.letter.date,
                            url=facts.source.url, recalls=recalls)


def _follow_up(case: LinkedCase, complaint: Complaint) -> FollowUp | None:
    """For a case before the CFA: its number, its last report in the case file, and the
    allegations dated after that report (all of them when the case holds no report)."""
    if case.cfa_case is None:
        return None
    reports = [f.letter.date for f in case.facts.values()
               if f.letter.genre == "cfa-report" and f.letter.date]
    last = max(reports, default=None)
    events = {e.id: e for e in case.events}
    new = tuple(a.number for a in complaint.allegations
                if last is None or (events[a.event].date or "") > last)
    return FollowUp(case_number=case.cfa_case, last_report=last, new_allegations=new)


__all__ = ["case_complaint", "case_facts"]
