"""The actor finder: its state, the lookups every rule family shares, the order the rule
families run in (:meth:`_Finder.run`), and how the found names become actors.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from c87.mapper.actors.common_nouns import CommonNounRules
from c87.mapper.actors.definitions import DefinitionRules
from c87.mapper.actors.index import EVIDENCE_CAP, STATE_KINDS, UNION_KINDS, ActorIndex, Mention
from c87.mapper.actors.names import NameRules
from c87.mapper.actors.persons import PersonRules
from c87.mapper.actors.references import ReferenceRules
from c87.mapper.actors.text import (
    _LOWER_RUN,
    _NO_LOWER,
    _NO_UPPER,
    _TOKEN,
    _acronym_like,
    _Cand,
    _Ent,
    _fold,
    _key,
    _PhraseIndex,
    _squash,
    _Tok,
    countries_in,
    slug,
)
from c87.mapper.actors.words import _lex, _replace, lexicon
from c87.model import Actor, Position, Span


class _Finder(PersonRules, DefinitionRules, NameRules, CommonNounRules, ReferenceRules):
    """Runs the rules over one letter; :meth:`run` returns the :class:`ActorIndex`."""

    def __init__(self, text: str, body_start: int, country: str | None,
                 language: str | None) -> None:
        self.text = text
        self.body_start = body_start
        self.country = country
        self.language = (language or "en")[:2]
        self.lx = _lex()
        stop = lexicon()["name_stopwords"]
        # The letter's language's stop words; all of them when the language is not known.
        langs = [self.language] if language else [k for k in stop if k not in ("any", "en")]
        self.lx = _replace(self.lx, stopwords=frozenset(
            stop["any"] + stop["en"] + [w for k in langs for w in stop.get(k, [])]))
        self.ents: list[_Ent] = []
        self.lookup: dict[str, _Ent] = {}
        self.cands: list[_Cand] = []
        self.notes: list[str] = []
        self.group_keys: dict[str, _Ent] = {}
        self._cover_n = -1
        self._cover_starts: list[int] = []
        self._cover_ends: list[int] = []
        lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
        self.width = lengths[int(len(lengths) * 0.75)] if lengths else 80
        self.toks, self.where_low, self.where_norm = self._tokenize()
        self.tok_starts = [t.start for t in self.toks]

    def _caps_lines(self) -> list[tuple[int, int]]:
        """The spans of the lines written in capitals (letterheads, subject lines)."""
        text = self.text
        caps_spans = []
        for line in re.finditer(r"[^\n]+", text):
            value = line.group()
            if len(_LOWER_RUN.findall(value)) > 2:
                continue  # running prose: quick to reject
            upper = len(value) - len(value.translate(_NO_UPPER))
            lower = len(value) - len(value.translate(_NO_LOWER))
            if upper < 8 or lower * 0.85 > 0.15 * upper:
                continue
            if sum(w.isupper() for w in re.findall(r"[^\W\d_]{3,}", value)) >= 2:
                caps_spans.append(line.span())
        return caps_spans

    def _tokenize(self) -> tuple[list[_Tok], dict[str, list[int]], dict[str, list[int]]]:
        """The tokens, and where each form (lower case; quotes and dashes folded) stands."""
        text = self.text
        caps_spans = self._caps_lines()
        toks: list[_Tok] = []
        where_low: dict[str, list[int]] = {}
        where_norm: dict[str, list[int]] = {}
        norm = _fold(text)  # one character for one: offsets do not move
        # Each token's lower case cut from the text's, when that is the same: no character
        # changes length, and no capital sigma (whose lower case depends on what follows).
        lower = norm.lower()
        cut = len(lower) == len(norm) and "Σ" not in norm
        ci, n_caps = 0, len(caps_spans)
        pos = 0
        # The matches tile the text (white space, then one token), so offsets are sums.
        for ws, e, x, w, p in _TOKEN.findall(text):
            start = pos + len(ws)
            word = w or p or e or x
            end = pos = start + len(word)
            if not word:
                continue
            caps = False
            if n_caps:
                while ci < n_caps and caps_spans[ci][1] <= start:
                    ci += 1
                caps = ci < n_caps and caps_spans[ci][0] <= start
            form = norm[start:end]
            low = lower[start:end] if cut else form.lower()
            where_low.setdefault(low, []).append(len(toks))
            where_norm.setdefault(form, []).append(len(toks))
            toks.append(_Tok(start, end, word, form, low,
                             "w" if w else "p" if p else "e" if e else "x",
                             ws.count("\n") if ws else 0, caps))
        return toks, where_low, where_norm

    def find(self, name: str) -> _Ent | None:
        ent = self.lookup.get(_key(name))
        return ent.root() if ent else None

    def new(self, name: str, kind: str, rule: str, **kw: Any) -> _Ent:
        ent = _Ent(name=_squash(name), kind=kind, rule=rule, **kw)
        ent.names.append(ent.name)
        self.ents.append(ent)
        self.lookup.setdefault(_key(name), ent)
        return ent

    def entity(self, name: str, kind: str, rule: str, start: int | None = None,
               end: int | None = None, prio: int = 5, **kw: Any) -> _Ent:
        """The entity named ``name`` (made if new), with a candidate mention at start:end."""
        ent = self.find(name)
        if ent is None:
            ent = self.new(name, kind, rule, **kw)
            where = f" at {start}" if start is not None else ""
            self.notes.append(f"{_squash(name)!r}: {kind} by rule {rule}{where}")
        if start is not None and end is not None:
            self.cands.append(_Cand(start, end, ent, prio))
        return ent

    def alias(self, ent: _Ent, name: str, rule: str, start: int | None = None,
              end: int | None = None, prio: int = 5, merge: bool = True) -> _Ent:
        """Record ``name`` as a name of ``ent``; a different entity of that name merges in."""
        ent = ent.root()
        name = _squash(name)
        if not name:
            return ent
        other = self.find(name)
        if other is not None and other is not ent:
            if not merge or (other.kind == "person") != (ent.kind == "person"):
                return other  # a person and a body never merge
            ent = self.merge(ent, other, rule)
        if _key(name) not in {_key(n) for n in ent.names}:
            ent.names.append(name)
            self.notes.append(f"{ent.name!r}: alias {name!r} by rule {rule}")
        self.lookup.setdefault(_key(name), ent)
        if start is not None and end is not None:
            self.cands.append(_Cand(start, end, ent, prio))
        return ent

    def merge(self, keep: _Ent, gone: _Ent, rule: str) -> _Ent:
        """Merge ``gone`` into ``keep`` (the gazetteer's entity always survives)."""
        keep, gone = keep.root(), gone.root()
        if keep is gone:
            return keep
        if gone.gid and not keep.gid:
            keep, gone = gone, keep
        gone.into = keep
        for n in gone.names:
            if _key(n) not in {_key(x) for x in keep.names}:
                keep.names.append(n)
        keep.positions += gone.positions
        keep.member_of += gone.member_of
        keep.acronym = keep.acronym or gone.acronym
        if keep.kind == "organisation" and gone.kind != "organisation":
            keep.kind = gone.kind
        self.notes.append(f"{gone.name!r} merged into {keep.name!r} by rule {rule}")
        return keep

    def scan(self, index: _PhraseIndex, start: int = 0) -> list[tuple[int, int, Any]]:
        """Matches of ``index`` in the letter's tokens (see :meth:`_PhraseIndex.scan`)."""
        return index.scan(self.toks, start, self.where_low if index.fold else self.where_norm)

    def windows(self, triggers: frozenset[str], before: int, after: int,
                start: int = 0) -> list[tuple[int, int]]:
        """Spans of text around the tokens whose lower-case form is in ``triggers``.

        Rules whose patterns are costly run only in these windows: a letter without
        "Ltd" has no company suffix to look for.
        """
        out: list[tuple[int, int]] = []
        text, toks = self.text, self.toks
        hits = sorted(i for key in triggers & self.where_low.keys() for i in self.where_low[key])
        for t in (toks[i] for i in hits):
            if t.start >= start:
                lo = max(0, t.start - before)
                while lo > 0 and not text[lo - 1].isspace():
                    lo -= 1
                hi = min(len(text), t.end + after)
                if out and lo <= out[-1][1]:
                    out[-1] = (out[-1][0], hi)
                else:
                    out.append((lo, hi))
        return out

    def finditer(self, pattern: re.Pattern[str], triggers: frozenset[str], before: int,
                 after: int, start: int = 0,
                 needles: tuple[str, ...] = ()) -> list[re.Match[str]]:
        """``pattern``'s matches in the windows around ``triggers`` (see :meth:`windows`).

        ``needles``: strings one of which every match of ``pattern`` holds, as written; a
        window that holds none of them is not searched.
        """
        out: list[re.Match[str]] = []
        text = self.text
        for lo, hi in self.windows(triggers, before, after, start):
            if not needles or any(text.find(needle, lo, hi) >= 0 for needle in needles):
                out.extend(pattern.finditer(text, lo, hi))
        return out

    def tok_at(self, pos: int) -> int:
        """Index of the first token that starts at or after ``pos``."""
        return bisect.bisect_left(self.tok_starts, pos)

    def joinable(self, a: int, b: int) -> bool:
        """Whether tokens a and b (a < b, adjacent) may belong to one name."""
        t = self.toks[b]
        if t.nl == 0:
            return True
        if t.nl > 1:
            return False
        lx = self.lx
        joiners = lx.connectors | lx.coordinators
        if self.toks[a].low in joiners or t.low in joiners:
            return True
        if t.start < self.body_start:  # header lines are separate, unless a line ends in "of"
            return False
        # In the body a name wraps onto the next line of running prose, but short lines are
        # a signature block or a list of copies, each line a name of its own.
        line_start = self.text.rfind("\n", 0, self.toks[a].start) + 1
        line_end = self.text.find("\n", self.toks[a].end)
        return len(self.text[line_start:line_end].rstrip()) >= 0.7 * self.width

    def head_kind(self, words: list[str], full: str) -> tuple[str | None, str | None]:
        """(kind, head) of a name made of ``words``, or (None, None) when it has no head."""
        lx = self.lx
        if not words:
            return None, None
        seg: list[str] = []
        for w in words:
            if w.lower() in lx.english_preps:
                break
            seg.append(w)
        seg = [w for w in seg if w not in ("'s", "’s")]
        if not seg:
            return None, None
        last = seg[-1]
        if last in lx.documents or (seg[0] in lx.documents and len(seg) == 1):
            return None, None
        head = None
        first = words[0].lower()
        romance = first in lx.romance_heads and first in lx.heads and (
            self.language in ("fr", "es", "pt", "it") or (len(words) > 1 and (
                words[1][:1].islower() or words[1].lower() in lx.romance_preps)))
        if romance:
            head = first
        elif last.lower().rstrip("'’") in lx.heads and (last[0].isupper() or len(seg) == 1):
            head = last.lower().rstrip("'’")
        elif first in lx.romance_heads and first in lx.heads:
            head = first
        if head is None:
            return None, None
        return self.refine(lx.heads[head], full), head

    def refine(self, value: Any, full: str) -> str:
        """The kind a head's lexicon value gives for the name ``full`` (cue words)."""
        if isinstance(value, str):
            return value
        cues = self.lx.cues
        full = self.lx.cue_exclusions_re.sub(" ", full)  # "Social Security" is no police
        union = bool(cues["union"].search(full)) or self.names_union(full)
        if "union" in value and union:
            kind = value["union"]
        elif "state" in value and cues["state"].search(full):
            kind = value["state"]
        else:
            kind = value["default"]
        if value.get("refine") and kind not in UNION_KINDS:
            for cue_kind in ("police", "court", "military", "legislature"):
                if cues[cue_kind].search(full):
                    return cue_kind
        return kind

    def names_union(self, full: str) -> bool:
        """Whether ``full`` contains the name of a workers' organisation already known."""
        for word in re.findall(r"[\w-]+", full):
            if _acronym_like(word):
                ent = self.find(word)
                if ent is not None and ent.kind in UNION_KINDS:
                    return True
        return False

    def fallback_kind(self, full: str) -> str:
        cues = self.lx.cues
        full = self.lx.cue_exclusions_re.sub(" ", full)
        if cues["union"].search(full):
            return "trade-union"
        for cue_kind in ("police", "court", "military", "legislature"):
            if cues[cue_kind].search(full):
                return cue_kind
        if cues["state"].search(full):
            return "state-authority"
        return "organisation"

    def run(self) -> ActorIndex:
        self.gazetteer_names()
        self.persons()
        self.definitions()
        self.capitalised_names()
        self.hereinafter()
        self.companies()
        self.local_authorities()
        self.generic_authorities()
        self.state_agents()
        self.media()
        self.lower_unions()
        self.listed_persons()
        self.merge_acronym_variants()
        self.lone_acronyms()
        self.recurring_names()
        self.merge_persons()
        self.search_names()
        self.back_references()
        self.groups()
        self.person_positions()
        return self.finish()

    def gazetteer_names(self) -> None:
        """Rule gazetteer: well-known bodies by any of their names."""
        toks, text = self.toks, self.text
        hits = [(i, j, entry, True) for i, j, entry in self.scan(self.lx.gazetteer_long)
                if toks[i].text[:1].isupper()]
        taken = {k for i, j, _, _ in hits for k in range(i, j + 1)}
        for i, j, entry in self.scan(self.lx.gazetteer_acronyms):
            t = toks[i]
            if i in taken or (t.caps and len(t.text) <= 3) or "/" in (
                    text[t.start - 1:t.start] + text[t.end:t.end + 1]):
                continue  # "PERC/HTUR" is a reference code, not the body PERC
            hits.append((i, j, entry, False))
        for i, j, entry, _ in sorted(hits, key=lambda h: h[0]):
            start, end = toks[i].start, toks[j].end
            word = text[start:end]
            ent = self.find(entry["name"])
            if ent is None:
                ent = self.new(entry["name"], entry["kind"], "gazetteer", gid=entry["id"])
                for alias in entry["aliases"]:
                    ent.names.append(alias)
                    self.lookup.setdefault(_key(alias), ent)
                self.notes.append(f"{entry['name']!r}: {entry['kind']} from the gazetteer "
                                  f"(ontology/organisations.yaml), named {word!r} at {start}")
            self.alias(ent, word, "gazetteer", start, end, prio=8)

    def _in_caps(self, pos: int) -> bool:
        i = self.tok_at(pos)
        return i < len(self.toks) and self.toks[i].caps

    def _name_words(self, words: list[str], titled: bool = False) -> list[str]:
        """The leading words of ``words`` that can be a person's name.

        After a title ("Daw Aye Aye Mar", "Ms June Banda") a month's name is a name.
        """
        lx = self.lx
        out = []
        for w in words:
            low = w.lower()
            if (w in lx.stopwords or (low in lx.months and not titled) or low in lx.heads
                    or low in lx.vocatives or low in lx.offices or w in lx.documents
                    or w in lx.places or low in lx.position_words
                    or (_acronym_like(w) and len(w) > 1 and w.isupper() and len(w) > 3)
                    or (self.find(w) is not None and self.find(w).kind != "person")):
                break
            out.append(w)
        return out

    def _is_place(self, name: str) -> bool:
        """Whether ``name`` is a country or ends in a place word ("Antioquia" is not known)."""
        return bool(countries_in(name)) or name.split()[-1] in self.lx.places

    def finish(self) -> ActorIndex:
        """Choose non-overlapping mentions, give ids, and make the Actor models."""
        cands = [c for c in self.cands if c.end > c.start]
        for c in cands:
            c.ent = c.ent.root()
        chosen = _longest_first(cands)
        evidence, first = _evidence(cands, chosen)
        ents = [e for e in self.ents if e.into is None and id(e) in first]
        ents.sort(key=lambda e: first[id(e)])
        ids = self._ids(ents)
        actors = [self._actor(ent, ids, evidence[id(ent)][:EVIDENCE_CAP]) for ent in ents]
        mentions = [Mention(c.start, c.end, ids[id(c.ent)]) for c in chosen
                    if id(c.ent) in ids]
        return ActorIndex(actors=actors, mentions=mentions, notes=self.notes)

    def _ids(self, ents: list[_Ent]) -> dict[int, str]:
        """A unique id for each entity (by ``id()``): its own, then "-2", "-3" ..."""
        ids: dict[int, str] = {}
        used: set[str] = set()
        for ent in ents:
            base = self._id_for(ent)
            ident, n = base, 2
            while ident in used:
                ident = f"{base}-{n}"
                n += 1
            used.add(ident)
            ids[id(ent)] = ident
        return ids

    def _actor(self, ent: _Ent, ids: dict[int, str], spans: list[tuple[int, int]]) -> Actor:
        """The Actor model of ``ent``, its organisations given by their ids."""
        name = self._best_name(ent)
        aliases: list[str] = []
        for n in ent.names:
            if _key(n) != _key(name) and _key(n) not in {_key(a) for a in aliases}:
                aliases.append(n)
        given = family = None
        if ent.kind == "person":
            given, family = self.split_name(ent.tokens)
        positions = [Position(title=t, organisation=ids.get(id(o.root())) if o else None)
                     for t, o in ent.positions]
        member_of: list[str] = []
        for o in ent.member_of:
            ref = ids.get(id(o.root()))
            if ref and ref not in member_of and ref != ids[id(ent)]:
                member_of.append(ref)
        text = self.text
        actor = Actor(
            id=ids[id(ent)], name=name, aliases=aliases, kind=ent.kind,
            country=self._actor_country(ent, name),
            honorific=ent.honorific.rstrip(".") if ent.honorific else None,
            given_name=given, family_name=family, positions=positions, member_of=member_of,
            evidence=[Span(quote=text[s:e], start=s, end=e) for s, e in spans])
        self.notes.append(f"actor {ids[id(ent)]}: {name!r} ({ent.kind}, rule {ent.rule})")
        return actor

    def _actor_country(self, ent: _Ent, name: str) -> str | None:
        """The country of an actor: its own, the letter's for a state body, the one an
        organisation's name names."""
        if ent.country is not None:
            return ent.country
        if ent.kind in STATE_KINDS:
            return self.country
        if ent.kind in UNION_KINDS | {"organisation", "employer"}:
            found = countries_in(name)
            return found[0] if found else None
        return None

    def _best_name(self, ent: _Ent) -> str:
        if ent.gid or ent.kind in ("person", "group"):
            return ent.name
        good = [n for n in ent.names if not _acronym_like(n.split()[0]) or " " in n]
        good = [n for n in good if not n.isupper()] or good
        if not good:
            return ent.name
        # The full name the letter defines, in the letter's order of first definition.
        return max(good[:3], key=lambda n: (len(n.split()) >= 2, -ent.names.index(n)))

    def _id_for(self, ent: _Ent) -> str:
        if ent.gid:
            return ent.gid
        if ent.kind == "person":
            _, family = self.split_name(ent.tokens)
            return slug(family or ent.name)
        if ent.acronym:
            return slug(ent.acronym)
        acr = next((n for n in ent.names if " " not in n and _acronym_like(n)), None)
        if acr and ent.kind != "group":
            return slug(acr)
        return slug(self._best_name(ent))


def _longest_first(cands: list[_Cand]) -> list[_Cand]:
    """The mentions that do not overlap, longest first (then higher priority, earlier)."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.prio, c.start)):
        i = bisect.bisect_left(taken, (c.start, c.end))
        if (i > 0 and taken[i - 1][1] > c.start) or (i < len(taken) and taken[i][0] < c.end):
            continue
        taken.insert(i, (c.start, c.end))
        chosen.append(c)
    return chosen


def _evidence(cands: list[_Cand], chosen: list[_Cand]) -> tuple[
        dict[int, list[tuple[int, int]]], dict[int, int]]:
    """The spans that name each entity (by ``id()``; names, and the chosen back-references),
    none inside another, and where each entity is first named."""
    evidence: dict[int, list[tuple[int, int]]] = {}
    first: dict[int, int] = {}
    for c in sorted(cands, key=lambda c: (c.start, -c.end)):
        if not c.alias and c not in chosen:
            continue
        spans = evidence.setdefault(id(c.ent), [])
        if (c.start, c.end) not in spans and not any(
                s <= c.start and c.end <= e for s, e in spans):
            spans.append((c.start, c.end))
        first.setdefault(id(c.ent), c.start)
    return evidence, first
