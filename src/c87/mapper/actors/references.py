"""Rule families 6 and 7 (what refers back): acronym variants, every name searched again,
"the Federation"-style back-references, unnamed groups ("212 workers").
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import lemminflect
import simplemma

from c87.mapper.actors.index import STATE_KINDS, UNION_KINDS
from c87.mapper.actors.text import (
    _PP,
    CAPW,
    _acronym_like,
    _Cand,
    _Ent,
    _inside,
    _key,
    _line_matches,
    _PhraseIndex,
    _squash,
    _variant,
)
from c87.mapper.countries import country_names


def _line_of(text: str, at: int) -> str:
    """The line of ``text`` that holds offset ``at``."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:end if end >= 0 else len(text)]


def _a_word(word: str, language: str | None) -> bool:
    """Whether ``word`` (in capitals) is a word of English or, if long, of the text's
    language, rather than an acronym."""
    low = word.lower()
    if lemminflect.getAllLemmas(low):
        return True
    return len(low) >= 5 and language in ("fr", "es") and simplemma.is_known(low, language)


class ReferenceRules:
    """The references rules of the actor finder (mixed into ``_Finder``)."""

    def merge_acronym_variants(self) -> None:
        """Rule acronym-variant: an acronym the letter never defines is a defined one.

        Letters about non-English-speaking countries use the national-language acronym of
        an organisation beside the English one they define ("Federation of Trade Unions of
        Kyrgyzstan (FTUKg)" ... "the FPKg Council" ... "the FPK Council"). An undefined
        acronym is merged into the one defined acronym of a workers' organisation that
        (a) starts with the same letter and ends in the same last capital, with the same
        lower-case country suffix if both have one (FPKg, FPK ~ FTUKg), or (b) is a prefix
        of it or has it as a prefix. Acronyms of the gazetteer (ITUC, ILO, EU) are never
        variants, so a union never merges with the ILO; two defined acronyms never merge.
        """
        defined = []
        for ent in self.ents:
            ent = ent.root()
            if ent.kind in UNION_KINDS | {"organisation"} and not ent.gid:
                for n in ent.names:
                    if " " not in n and _acronym_like(n) and (n, ent) not in defined:
                        defined.append((n, ent))
        text, toks = self.text, self.toks
        for word, places in self.where_norm.items():
            if not word[:1].isupper() or (word.isalpha() and word.istitle()) or \
                    not _acronym_like(word):
                continue
            # "TUC/SG/URG/05/23" is a reference code; capitals lines are letterheads.
            if all(toks[i].caps or "/" in text[toks[i].start - 1:toks[i].start] +
                   text[toks[i].end:toks[i].end + 1] for i in places):
                continue
            if self.find(word) is not None or _key(word) in self.lx.gazetteer_map:
                continue
            hits = {id(ent): (acr, ent) for acr, ent in defined if _variant(word, acr)}
            if len(hits) == 1:
                acr, ent = next(iter(hits.values()))
                self.alias(ent, word, f"acronym-variant (of {acr})")

    def lone_acronyms(self) -> None:
        """Rule lone-acronym: an acronym the text uses in its prose but never defines, and
        that is no variant of a defined one, names an organisation ("SINALTRAINAL",
        "FEDECAMARAS", "the NLRB")."""
        text, toks, lx = self.text, self.toks, self.lx
        countries = country_names()
        for word, places in self.where_norm.items():
            if len(word) < 3 or not word.isupper() or not _acronym_like(word) or \
                    word in lx.not_acronyms or word in countries or \
                    re.fullmatch(r"[IVXLCDM]+|\d[\w-]*", word):
                continue
            if _a_word(word, self.language):
                continue  # "COMPLAINT", "URGENTE": a word written in capitals
            prose = [i for i in places if not toks[i].caps and toks[i].start >= self.body_start
                     and "/" not in text[toks[i].start - 1:toks[i].end + 1]
                     and len(_line_of(text, toks[i].start).split()) >= 4]
            if not prose or self.find(word) is not None or _key(word) in lx.gazetteer_map:
                continue
            at = toks[prose[0]]
            self.entity(word, "organisation", "lone-acronym", at.start, at.end)

    def search_names(self) -> None:
        """Find every name and alias of every actor again, anywhere in the text."""
        surface: list[tuple[str, _Ent]] = []
        for ent in self.ents:
            if ent.into is not None:
                continue
            for n in ent.names:
                if len(n) < 2 or (ent.gid and ent.kind != "person" and n == n.lower()
                                  and ent.gid.split("-")[0] in ("government", "employers")):
                    continue
                surface.append((n, ent))
        if not surface:
            return
        seen = {(c.start, c.end) for c in self.cands}
        toks = self.toks
        for i, j, ent in self.scan(_PhraseIndex(surface, fold=False)):
            start, end = toks[i].start, toks[j].end
            if (start, end) not in seen and not toks[i].caps:
                self.cands.append(_Cand(start, end, ent.root(), 4))

    def back_references(self) -> None:
        """Rule back-reference: "the Federation" is the last actor with that head noun."""
        lx, toks, text = self.lx, self.toks, self.text
        spots: list[tuple[int, int, dict[str, Any], str]] = []
        where = self.where_low
        for i in sorted(k for word in lx.backref_words.keys() & where.keys() for k in where[word]):
            t = toks[i]
            if not t.cap:
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and ((nxt.cap and nxt.nl == 0) or (nxt.low in lx.connectors and
                                    i + 2 < len(toks) and toks[i + 2].cap)):
                continue
            prev = toks[i - 1] if i > 0 else None
            if prev is None or prev.low not in lx.backref_dets:
                continue
            spots.append((prev.start if prev.low != "its" else t.start, t.end,
                          lx.backref_words[t.low], t.low))
        for m in _line_matches(lx.backref_lower_re, lx.backref_lower_words_re, text):
            spots.append((m.start(), m.end(), lx.backref_words[m.group("word")],
                          m.group("word")))
        for i, j, _ in self.scan(lx.employer_backrefs):
            spots.append((toks[i].start, toks[j].end, lx.backref_words["company"], "company"))
        if not spots:
            return
        named = sorted((c for c in self.cands if c.alias), key=lambda c: c.start)
        starts = [c.start for c in named]
        for start, end, entry, word in sorted(spots, key=lambda s: s[0]):
            if self._covered(start, end):
                continue
            words = {w.lower() for w in entry["words"]}
            i = bisect.bisect_left(starts, start) - 1
            target = None
            while i >= 0:
                ent = named[i].ent.root()
                if named[i].end <= start and ent.kind not in ("person", "group"):
                    name_words = {w.lower() for n in ent.names for w in re.findall(r"\w+", n)}
                    if name_words & words or (ent.kind in entry["kinds"] and word in (
                            "company", "employer", "management")):
                        target = ent
                        break
                i -= 1
            if target is None:
                continue
            self.cands.append(_Cand(start, end, target, 1, alias=False))
            self.notes.append(f"{text[start:end]!r} at {start}: back-reference to "
                              f"{target.name!r}")

    def groups(self) -> None:
        """Rule group: unnamed groups of people ("212 workers", "members of the X Council").

        Around each group head noun: the modifiers, number and determiners on its left,
        what coordinates or follows it and the body it belongs to on its right. Agents of a
        state body ("officers of the State Security Committee") are the body itself.
        """
        lx, text, toks = self.lx, self.text, self.toks
        named = sorted((c for c in self.cands if c.ent.root().kind != "group"),
                       key=lambda c: c.start)
        starts = [c.start for c in named]
        spans = sorted((c.start, c.end) for c in self.cands)
        last_end = -1
        for hi, hj, _ in self.scan(lx.group_head_index, self.tok_at(self.body_start)):
            hs, he = toks[hi].start, toks[hj].end
            if hs < last_end:
                continue  # the second head of "leaders and activists"
            if not self._group_head(hi, hj, spans):
                continue
            left = self._group_left(hs)
            if left is None:
                continue
            start, k, number = left
            dets = self._group_dets(k)
            end, member = self._group_right(he, named, starts)
            if member is None:
                member = self._group_member(start, hs, dets)
            head = text[hs:he]
            if member is not None and member.kind in STATE_KINDS and \
                    head.lower() in lx.agent_nouns and not number:
                self.alias(member, text[start:end], "agents-of", start, end, prio=6)
                continue
            self._add_group(start, end, head, member, named, starts)
            last_end = end

    def _group_head(self, hi: int, hj: int, spans: list[tuple[int, int]]) -> bool:
        """Whether the head noun at tokens hi..hj heads a group: not a possessive
        ("workers' rights"), a part of a name or of a heading in capitals."""
        toks = self.toks
        hs, he = toks[hi].start, toks[hj].end
        head = self.text[hs:he]
        if (hj + 1 < len(toks) and toks[hj + 1].kind == "x") or toks[hj].text.endswith(
                ("'", "’")) or (hi > 0 and toks[hi - 1].text in "-‑"):
            return False  # "workers' rights", "workers’ union"
        if head[0].isupper() and self._after_cap(hs):
            return False
        if head.isupper() and len(head) > 3:
            return False  # "DISMISSAL OF STRIKING NURSES": a heading in capitals
        return not _inside(spans, hs, he)

    def _group_left(self, hs: int) -> tuple[int, int, bool] | None:
        """Left of the head at ``hs``: where the modifiers and the number start, the token
        before them, and whether a number counts the group; None when the count is a
        membership told ("representing 200 million workers", "which has seven members")."""
        lx, toks = self.lx, self.toks
        k = self.tok_at(hs) - 1
        start, n, number = hs, 0, False
        while k >= 0 and n < 3 and toks[k].nl <= 1 and toks[k].kind == "w" and (
                toks[k].low in lx.group_mods or _acronym_like(toks[k].text)):
            start, k, n = toks[k].start, k - 1, n + 1
        while k >= 0 and toks[k].nl <= 1 and (toks[k].low in lx.numbers or
                                              toks[k].text.isdigit()):
            if k and toks[k].text.isdigit() and len(toks[k].text) == 4 and \
                    toks[k - 1].low in lx.months:
                break  # "On 9 March 2021 officers ...": a year, not a count
            start, k, number = toks[k].start, k - 1, True
            while k >= 1 and toks[k].text in ",." and toks[k - 1].text.isdigit():
                start, k = toks[k - 1].start, k - 2
        if any(w.lower() in lx.large_counts for w in self.text[start:hs].split()):
            return None
        if number and lx.membership_re.search(self.text, max(0, start - 40), start):
            return None
        return start, k, number

    def _group_dets(self, k: int) -> list[str]:
        """The determiners that end at token ``k`` ("the", "some of the"): not in the name."""
        lx, toks = self.lx, self.toks
        dets: list[str] = []
        while k >= 0 and toks[k].nl <= 1:
            pair = f"{toks[k - 1].low} {toks[k].low}" if k else ""
            if pair in lx.group_dets:
                dets[:0] = pair.split()
                k -= 2
            elif toks[k].low in lx.group_dets:
                dets.insert(0, toks[k].low)
                k -= 1
            else:
                break
        return dets

    def _group_right(self, he: int, named: list[_Cand],
                     starts: list[int]) -> tuple[int, _Ent | None]:
        """Right of the head ending at ``he``: where the group's name ends (a coordinated
        head, a postmodifier, the body it is of) and that body, if named ("of the FPKg
        Council", "from Harare Central Police Station", "de la Policía")."""
        text = self.text
        end = he
        coord = self.lx.group_coord_re.match(text, end)
        if coord:
            end = coord.end()
        post = self.lx.group_post_re.match(text, end)
        if post:
            end = post.end()
        pp = _PP.match(text, end)
        if not pp or post:
            return end, None
        i = bisect.bisect_left(starts, pp.end())
        if i >= len(named) or named[i].start != pp.end():  # "of the Parliament"
            i = bisect.bisect_left(starts, pp.start("article"))
            if i < len(named) and (named[i].start != pp.start("article") or
                                   named[i].end <= pp.end()):
                i = len(named)
        if i >= len(named):
            return end, None
        end = named[i].end
        more = re.match(rf"(?:[ \t]+{CAPW})+", text[end:end + 80])
        if more and not re.match(r"[ \t]+(?:On|In|The)\b", more.group()):
            end += more.end()
        return end, named[i].ent.root()

    def _group_member(self, start: int, hs: int, dets: list[str]) -> _Ent | None:
        """The body a group belongs to by its modifiers ("FPKg members"), or by a
        possessive ("its members"): the last organisation named before it."""
        member = None
        for w in self.text[start:hs].split():
            ent = self.find(w) if _acronym_like(w) else None
            if ent is not None and ent.kind != "person":
                member = ent
        if member is None and dets and dets[0] in self.lx.possessives:
            member = self._last_org_before(start)
        return member

    def _add_group(self, start: int, end: int, head: str, member: _Ent | None,
                   named: list[_Cand], starts: list[int]) -> None:
        """The group named at start:end (one per phrase, see :meth:`_group_key`)."""
        name = _squash(self.text[start:end])
        gkey = self._group_key(start, end, named, starts)
        ent = self.group_keys.get(gkey)
        if ent is None:
            ent = self.new(name, "group", "group", group_key=gkey)
            self.group_keys[gkey] = ent
            self.notes.append(f"{name!r}: group by rule group (head {head!r}) at {start}")
        if _key(name) not in {_key(n) for n in ent.names}:
            ent.names.append(name)
        if member is not None and member not in ent.member_of:
            ent.member_of.append(member)
        self.cands.append(_Cand(start, end, ent, 2))

    def _group_key(self, start: int, end: int, named: list[_Cand], starts: list[int]) -> str:
        """The phrase with the names inside it replaced by their actor: one key per group."""
        out, pos = [], start
        i = bisect.bisect_left(starts, start)
        while i < len(named) and named[i].start < end:
            c = named[i]
            if c.start >= pos and c.end <= end:
                out.append(_key(self.text[pos:c.start]))
                out.append(f"<{id(c.ent.root())}>")
                pos = c.end
            i += 1
        out.append(_key(self.text[pos:end]))
        return " ".join(w for w in out if w)

    def _last_org_before(self, pos: int) -> _Ent | None:
        best = None
        for c in self.cands:
            ent = c.ent.root()
            if c.end <= pos and ent.kind in UNION_KINDS | {"organisation", "employer"} and (
                    best is None or c.start > best[0]):
                best = (c.start, ent)
        return best[1] if best else None
