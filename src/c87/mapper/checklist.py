"""The CFA's checklist: whether a complaint gives, item by item, what the Committee asks.

The rules and their sources are ``ontology/cfa-procedure.yaml``.
"""

from __future__ import annotations

import os
import re

from c87.errors import C87Error, ContentError
from c87.input.complaint import complaint_block, parse_complaint, read_complaint
from c87.mapper.complaint import government_of, human_date, urgency_grounds
from c87.model.complaint import CheckResult, Complaint
from c87.ontology.akn import akn_schema, complaint_schema, schema_errors
from c87.ontology.cfa import cfa_procedure, is_placeholder_name
from c87.ontology.countries import country_name

CHECKLIST = (
    ("who-may-file", "who may file"),
    ("addressee", "addressee"),
    ("date", "date"),
    ("permanent-address", "permanent address"),
    ("intent", "explicit intent"),
    ("government", "government concerned"),
    ("facts", "detailed facts with dates"),
    ("evidence", "evidence"),
    ("signatory-name", "signatory name"),
    ("signatory-function", "signatory function"),
    ("urgency", "urgency"),
)
"""The items of :func:`checklist`, key and label, in the order they are reported."""

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_PROFILE_HINT = "the complainant profile (--complainant)"


def _who_may_file(c: Complaint) -> tuple[bool, str]:
    rules = cfa_procedure()["receivability"]
    who = c.complainant
    name = who.name or "the complainant"
    if who.name is None:
        return False, f"the complaint names no complainant: give name and type in {_PROFILE_HINT}"
    if who.type == "international-consultative":
        if not who.consultative_status:
            return False, (f"{name} is said to be international-consultative without "
                           "consultative status with the ILO")
        return True, f"{name}: one of the \"{rules['international-consultative']}\""
    if who.type == "international-other":
        if not who.affiliates:
            return False, (f"{name} is an international organisation of workers without "
                           "consultative status: such complaints are receivable from "
                           f"\"{rules['international-other']}\"; name the affiliates the "
                           f"allegations affect (affiliates in {_PROFILE_HINT})")
        return True, (f"{name}: one of the \"{rules['international-other']}\" (affiliates "
                      f"affected: {', '.join(who.affiliates)})")
    if who.type == "national":
        if c.respondent is None or who.country != c.respondent:
            where = country_name(who.country) if who.country else "an unknown country"
            return False, (f"{name} is a national organisation of {where}, not of the "
                           "country the complaint is against: receivable from "
                           f"\"{rules['national']}\"")
        return True, f"{name}: \"{rules['national']}\" ({country_name(who.country)})"
    return False, (f"{name} is not an organisation of workers whose allegations the "
                   f"Committee receives (\"{rules['national']}\"; "
                   f"\"{rules['international-consultative']}\"; or "
                   f"\"{rules['international-other']}\"): give its type in {_PROFILE_HINT}")


def _facts_item(c: Complaint) -> tuple[bool, str]:
    if not c.allegations:
        return False, "the complaint makes no allegation (no event is an alleged violation)"
    events = [c.event(a.event) for a in c.allegations]
    missing = [a.event for a, e in zip(c.allegations, events, strict=True) if e is None]
    if missing:
        return False, ("allegations refer to events the complaint does not hold: "
                       + ", ".join(missing))
    n = len(events)
    dated = sum(1 for e in events if e is not None and (e.date or e.start or e.end))
    if not dated:
        return False, (f"none of the {n} allegations is dated: give the dates the letter "
                       "states in the facts")
    reason = f"{n} allegation{'s' if n > 1 else ''}, {dated} dated"
    if dated < n:
        reason += f" ({n - dated} the letter does not date)"
    return True, reason


def _evidence_item(c: Complaint) -> tuple[bool, str]:
    quotes = [len(e.evidence) for a in c.allegations if (e := c.event(a.event))]
    if not quotes or min(quotes) == 0:
        return False, "an allegation quotes no evidence"
    if not c.letter_attached:
        return False, (f"every allegation quotes the letter ({sum(quotes)} quotes), but the "
                       "letter is not attached: convert the letter itself, or keep it at "
                       "the facts' source.path")
    return True, (f"every allegation quotes the letter ({sum(quotes)} quotes); the letter "
                  "is attached")


def _urgency_item(c: Complaint) -> tuple[bool, str]:
    required = urgency_grounds(c.facts)
    if not required:
        if c.urgent and not c.justification:
            return False, "urgent treatment is asked without a justification"
        if c.urgent:
            return True, "urgent treatment is asked, with a justification"
        return True, ("no allegation concerns human life, personal freedom or the "
                      "dissolution of an organisation; urgent treatment is not asked")
    numbers = {a.event: a.number for a in c.allegations}
    required = tuple(sorted(required, key=lambda g: numbers.get(g.event, len(numbers) + 1)))
    listed = ", ".join(str(numbers.get(g.event, g.event)) for g in required)
    if not c.urgent:
        return False, (f"allegations {listed} concern personal freedom, life or the "
                       "dissolution of an organisation, but urgent treatment is not asked")
    if not c.justification or not c.justification.strip():
        return False, (f"urgent treatment is asked (allegations {listed}) without a "
                       f"justification: give urgency_justification in {_PROFILE_HINT}")
    return True, f"urgent treatment is asked and justified (allegations {listed})"


def _signatory_name_item(c: Complaint) -> tuple[bool, str]:
    name = c.signatory_name
    if not name:
        unnamed = " (the letter gives no name)" if c.signatory_origin == "letter" else ""
        return False, (f"the complaint names no signatory{unnamed}: give signatory.name in "
                       f"{_PROFILE_HINT}")
    if is_placeholder_name(name):
        if c.signatory_origin == "profile":
            return False, (f"{name} is a placeholder name: the complainant profile is an "
                           "example; give the name of the person who signs as "
                           f"signatory.name in your own profile (--complainant)")
        return False, (f"{name} is a placeholder name, not the letter's signatory: give "
                       f"signatory.name in {_PROFILE_HINT}")
    return True, name


def checklist(c: Complaint) -> list[CheckResult]:
    """What the CFA asks of a complaint, item by item (:data:`CHECKLIST`), with the reason.

    Checks what the complaint says, not whether it is true: who may file (the kinds of
    workers' organisation whose allegations are receivable), the addressee (the ILO
    Director-General), a full date, the complainant's permanent address, the statement of
    intent to complain to the CFA against a government, the government concerned, the
    allegations (at least one, at least one dated), their evidence (every allegation
    quotes the letter, and the letter is attached), the signatory's name (not a
    placeholder such as "Jane Doe") and function, and urgency (asked and justified when
    an allegation concerns human life, personal freedom or the dissolution of an
    organisation).
    """
    procedure = cfa_procedure()
    results: dict[str, tuple[bool, str]] = {}
    results["who-may-file"] = _who_may_file(c)
    addressee = procedure["addressee"]
    results["addressee"] = (
        (True, f"addressed to the {addressee['name']}, {addressee['place']}")
        if c.addressee == addressee["id"] else
        (False, f"addressed to {c.addressee!r}, not to the {addressee['name']}"))
    if c.date is None:
        results["date"] = (False, f"the complaint is not dated: give date in {_PROFILE_HINT}")
    elif not _FULL_DATE.match(c.date):
        results["date"] = (False, f"the complaint is dated {human_date(c.date)} only: give "
                                  f"the full date in {_PROFILE_HINT}")
    else:
        results["date"] = (True, f"dated {human_date(c.date)}")
    who = c.complainant.name or "the complainant"
    letter_only = " (the letter gives none)" if c.complainant.origin == "letter" else ""
    results["permanent-address"] = (
        (True, c.complainant.address) if c.complainant.address else
        (False, f"no permanent address of {who} is given{letter_only}: give address in "
                f"{_PROFILE_HINT}"))
    intent_ok = "Committee on Freedom of Association" in c.intent and "complaint" in c.intent
    results["intent"] = (
        (True, "the complaint states that it is lodged with the ILO Committee on Freedom of "
               f"Association against the {government_of(c.respondent)}")
        if intent_ok else
        (False, "the complaint does not state that it is a complaint to the Committee on "
                "Freedom of Association against a government"))
    results["government"] = (
        (True, f"the {government_of(c.respondent)} ({c.respondent})") if c.respondent else
        (False, "no government is named: give the country (letter.country) in the facts"))
    results["facts"] = _facts_item(c)
    results["evidence"] = _evidence_item(c)
    results["signatory-name"] = _signatory_name_item(c)
    results["signatory-function"] = (
        (True, c.signatory_function) if c.signatory_function else
        (False, f"the signatory's function is not given: give signatory.function in "
                f"{_PROFILE_HINT}"))
    results["urgency"] = _urgency_item(c)
    return [CheckResult(key, label, *results[key]) for key, label in CHECKLIST]


def check_complaint(source: str | os.PathLike[str] | bytes, *, name: str | None = None,
                    max_bytes: int | None = None) -> list[CheckResult]:
    """Check a complaint XML: both schemas, then the CFA checklist, one result per item.

    The first two results are the strict OASIS Akoma Ntoso 3.0 schema (``akn-schema``)
    and complaint.xsd (``complaint-schema``), with the first errors as the reason; the
    checklist follows when the complaint block can be read (else one failed
    ``checklist`` item says why). Raises what :func:`parse_complaint` raises.
    """
    label = name or ("<data>" if isinstance(source, bytes) else os.fspath(source))
    tree = parse_complaint(source, name=label, max_bytes=max_bytes)
    results = []
    errors = schema_errors(akn_schema(), tree.getroot())
    results.append(CheckResult(
        "akn-schema", "Akoma Ntoso schema", not errors,
        _errors(errors) if errors else "valid against the OASIS Akoma Ntoso 3.0 schema "
                                       "(strict)"))
    try:
        block = complaint_block(tree)
        errors = schema_errors(complaint_schema(), block)
    except ContentError as exc:
        errors = [exc.message]
    results.append(CheckResult(
        "complaint-schema", "complaint schema", not errors,
        _errors(errors) if errors else "the c87:complaint block is valid against "
                                       "complaint.xsd"))
    if errors:
        results.append(CheckResult("checklist", "checklist", False,
                                   "not checked: the c87:complaint block cannot be read"))
        return results
    try:
        complaint = read_complaint(tree, name=label)
    except C87Error as exc:
        results.append(CheckResult("checklist", "checklist", False,
                                   f"not checked: {exc.message}"))
        return results
    return results + checklist(complaint)


def _errors(errors: list[str]) -> str:
    shown = "; ".join(errors[:3])
    return shown + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")
