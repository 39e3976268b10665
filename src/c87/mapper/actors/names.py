"""Rule family 4 (capitalised names with a head noun): "Bishkek City Court", "Ministry of
Labour", "Policía Nacional", and French and Spanish offices in lower case; the head
noun says the kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from c87.mapper.actors.index import ORG_KINDS, STATE_KINDS, UNION_KINDS
from c87.mapper.actors.text import (
    _OF,
    _ROMANCE,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    _acronym_like,
    _Ent,
    _key,
    countries_in,
)


@dataclass
class _Run:
    """What a capitalised name read so far allows next (see ``NameRules._runs``): whether
    it opens with a French or Spanish head, has had a preposition, how many lower-case
    complements it has taken."""

    romance: bool
    has_prep: bool = False
    complements: int = 0


class NameRules:
    """The names rules of the actor finder (mixed into ``_Finder``)."""

    def _runs(self) -> list[tuple[int, int]]:
        """Token spans of capitalised names: capitalised words joined by connectors."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        runs = []
        i = 0
        while i < n:
            if not toks[i].cap and not self._lower_head_opens(i):
                i += 1
                continue
            first = i
            while first <= i and toks[first].text in lx.stopwords:
                first += 1
            run = _Run(romance=first < n and (toks[first].low in lx.romance_heads or
                                              toks[first].low in lx.lower_heads))
            j = i
            while (step := self._run_step(j, run)) is not None:
                j = step
            runs.append((i, j))
            i = j + 1
        return runs

    def _run_step(self, j: int, run: _Run) -> int | None:
        """The last token of the name when it goes on after token ``j``; None where it ends."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        k = j + 1
        if k >= n:
            return None
        t = toks[k]
        if t.cap and self.joinable(j, k):
            return k
        if t.kind == "x" and k + 1 < n and toks[k + 1].cap and self.joinable(k, k + 1):
            return k + 1
        # "procureur de la République près le tribunal de ...": an office and the court it
        # serves are one name.
        if run.romance and t.low in lx.attachments and self.joinable(j, k):
            m = self._attached(k)
            if m is not None:
                return m
        m, seq = k, []
        while m < n and (toks[m].low in lx.connectors or toks[m].low in lx.coordinators or
                         toks[m].kind == "e") and len(seq) < 3 and self.joinable(m - 1, m):
            seq.append(toks[m].low)
            m += 1
        if seq and m < n and toks[m].cap and self.joinable(m - 1, m) and \
                self._valid_connectors(seq):
            run.has_prep = run.has_prep or any(w in lx.english_preps | lx.romance_preps
                                               for w in seq)
            return m
        if t.text == "," and run.has_prep:
            nxt = self._comma_list(k)
            if nxt is not None:
                return nxt
        if run.romance and t.kind in ("w", "e") and not t.cap and self.joinable(j, k):
            return self._lower_step(j, k, m, seq, run)
        return None

    def _attached(self, k: int) -> int | None:
        """The name an attachment word at token ``k`` ("près", "auprès de") joins on."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        m = k + 1
        while m < n and m - k <= 2 and (toks[m].low in lx.articles or toks[m].kind == "e"):
            m += 1
        if m < n and m > k + 1 and self.joinable(m - 1, m) and (
                toks[m].cap or self._lower_head_opens(m)):
            return m
        return None

    def _lower_step(self, j: int, k: int, m: int, seq: list[str], run: _Run) -> int | None:
        """The name of a French or Spanish body goes on in lower case at token ``k``: a
        relational adjective, or a complement ("de première instance de Yaoundé") after the
        connectors ``seq`` that end at token ``m``."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        t = toks[k]
        if lx.adjective_re.match(t.low) and k - j == 1:
            return k
        if seq and m < n and toks[m].kind == "w" and not toks[m].text[0].isupper() \
                and seq[0] in lx.romance_preps and run.complements < 2 \
                and toks[m].low not in lx.connectors and self.joinable(m - 1, m):
            run.complements += 1
            # Lower-case words closed by a capitalised complement belong to the name; else
            # one word does.
            closing = self._closed_complement(m)
            if closing is not None:
                return closing
            j = m
            while j + 1 < n and lx.adjective_re.match(toks[j + 1].low) and toks[j + 1].nl == 0:
                j += 1
            return j
        return None

    def _lower_head_opens(self, i: int) -> bool:
        """Whether the lower-case head at token i opens a name: "le ministère du Travail",
        "le procureur de la République", "le tribunal de première instance de Sfax"."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        if toks[i].low not in lx.lower_heads or i + 2 >= n or toks[i + 1].nl != 0:
            return False
        # "la police judiciaire", "la garde républicaine", "el tribunal laboral": a body
        # named by its head and a relational adjective.
        if self.language in _ROMANCE and toks[i].low in lx.heads and \
                lx.adjective_re.match(toks[i + 1].low) and toks[i + 1].kind == "w":
            return True
        if lx.adjective_re.match(toks[i + 1].low) and i + 3 < n:
            i += 1  # "le procureur général près la cour d'appel de Tunis"
            if toks[i + 1].low in lx.attachments and toks[i + 1].nl == 0:
                m = i + 2
                while m < n and m - i <= 3 and (toks[m].low in lx.articles or
                                                toks[m].kind == "e"):
                    m += 1
                return m > i + 2 and m < n and (toks[m].cap or self._lower_head_opens(m))
        if i + 2 >= n or not (toks[i + 1].low in lx.romance_preps or toks[i + 1].kind == "e"):
            return False
        after = toks[i + 2]
        if after.cap or (after.low in lx.articles and i + 3 < n and toks[i + 3].cap):
            return True
        return after.kind == "w" and not after.text[0].isupper() and \
            self._closed_complement(i + 2) is not None

    def _closed_complement(self, m: int) -> int | None:
        """Index of the capital closing "première instance de Yaoundé" from token m, if any."""
        toks, lx = self.toks, self.lx
        k = m
        while k < len(toks) and k - m < 3 and toks[k].kind == "w" and toks[k].nl <= 1 and \
                not toks[k].text[0].isupper() and toks[k].low not in lx.connectors:
            k += 1
        if k == m:
            return None
        p = k
        while p < len(toks) and (toks[p].low in lx.romance_preps or toks[p].kind == "e" or
                                 toks[p].low in lx.articles) and p - k < 3:
            p += 1
        if p > k and p < len(toks) and toks[p].cap and toks[p].nl <= 1:
            return p
        return None

    def _comma_list(self, k: int) -> int | None:
        """End of a list inside a name ("of Food, Agricultural, Hotel ... and Allied ...")."""
        toks, lx = self.toks, self.lx
        n = len(toks)
        m = k
        while m < n and toks[m].text == ",":
            m += 1
            while m < n and (toks[m].low in lx.romance_preps or toks[m].low in lx.articles or
                             toks[m].kind == "e"):
                m += 1
            if m >= n or not toks[m].cap:
                return None
            while m + 1 < n and toks[m + 1].cap and toks[m + 1].nl == 0:
                m += 1
            m += 1
        if m < n and toks[m].low in lx.coordinators:
            m += 1
            while m < n and (toks[m].low in lx.romance_preps or toks[m].low in lx.articles or
                             toks[m].kind == "e"):
                m += 1
            if m < n and toks[m].cap:
                while m + 1 < n and toks[m + 1].cap and self.joinable(m, m + 1):
                    m += 1
                return m
        return None

    def _is_office(self, words: list[str]) -> bool:
        seg = []
        for w in words:
            if w.lower() in self.lx.english_preps:
                break
            seg.append(w)
        if seg and self.lx.office_re.search(" ".join(seg)):
            return True
        # French and Spanish put the office first: "ministre de l'Administration
        # territoriale", "Presidente de la República".
        return len(words) > 1 and words[0].lower() in self.lx.offices and (
            words[1].lower() in self.lx.romance_preps or words[1] in ("d'", "d’"))

    def capitalised_names(self) -> None:
        """Rule head-noun: capitalised names whose head noun says their kind."""
        lx, toks = self.lx, self.toks

        for i, j in self._runs():
            # Split "the District Court and Parliament": a coordinator after a head.
            pieces = []
            s = i
            for k in range(i + 1, j):
                if toks[k].low not in lx.coordinators:
                    continue
                m = k + 1
                while m < j and (toks[m].low in lx.connectors or toks[m].kind == "e"):
                    m += 1
                after = toks[m].low if m <= j else ""
                if (toks[k - 1].low.rstrip("'’") in lx.heads and toks[k - 1].cap) or (
                        m > k + 1 and (after in lx.heads or self.find(toks[m].text))):
                    pieces.append((s, k - 1))
                    s = m
            pieces.append((s, j))
            for s, e in pieces:
                self._classify_run(s, e)

    def _classify_run(self, s: int, e: int) -> None:
        """Make the actor that the capitalised name at tokens s..e names, if it names one:
        by its head noun, as an office, or as the body named after "of"."""
        span = self._trimmed(s, e)
        if span is None:
            return
        s, e = span
        lx, toks = self.lx, self.toks
        words = [t.text for t in toks[s:e + 1] if t.kind in ("w", "x", "e")]
        start, end = toks[s].start, toks[e].end
        full = self.text[start:end]
        if self._covered(start, end) or any(c.start == start and c.ent.gid and c.ent.kind ==
                                            "intergovernmental" for c in self.cands):
            return  # part of a name defined with its acronym, or of a person's name
        if len(words) == 1:
            return  # a lone head word is a back-reference or a generic name (rules below)
        if self.find(full) is not None:
            self.entity(full, "organisation", "head-noun", start, end)
            return
        if _generic_plural(words, lx.heads, lx.group_mods | lx.group_heads):
            return  # "Trade Unions" as a heading or an address line: no body is named
        office = self._is_office(words)
        kind, head = self.head_kind(words, full)
        if self._part_of_named(s, e, office):
            return
        if office and not (kind and head and not lx.office_re.search(head)):
            self._office(s, e, words, full)
        elif kind is None:
            self._classify_after_of(s, e)
        else:
            self._classify_headed(s, e, words, kind, head)

    def _trimmed(self, s: int, e: int) -> tuple[int, int] | None:
        """Tokens s..e without the stop words, months and punctuation at their ends; None
        when nothing is left, a title opens them, or they are the topic of a law or a
        meeting ("Law on Trade Unions")."""
        lx, toks = self.lx, self.toks
        while s <= e and (toks[s].text in lx.stopwords or toks[s].low in lx.months
                          or toks[s].kind != "w"):
            s += 1
        while e >= s and (toks[e].low in lx.connectors or toks[e].low in lx.coordinators
                          or toks[e].kind != "w"):
            e -= 1
        if s > e or toks[s].text in lx.honorifics:
            return None
        prev = toks[s - 1] if s > 0 else None
        if prev is not None and prev.low in ("on", "sur", "sobre", "concerning") and prev.nl == 0:
            return None
        return s, e

    def _part_of_named(self, s: int, e: int, office: bool) -> bool:
        """"Ordinary Congress of the TUCOSWA", "Constitution of the FTUKg": tokens s..e name
        a part of a body already named (not a person or a group) after their first "of"."""
        lx, toks = self.lx, self.toks
        end = toks[e].end
        for k in range(s + 1, e):
            if toks[k].low in ("of", "de", "du", "del", "des"):
                m = k + 1
                while m <= e and toks[m].low in lx.articles:
                    m += 1
                return m <= e and not office and any(
                    c.start == toks[m].start and c.end == end and c.ent.root().kind not in
                    ("person", "group") for c in self.cands)
        return False

    def _classify_after_of(self, s: int, e: int) -> None:
        """A name without a head noun before "of": the body after it is the name ("Secretary
        General of the Santo Tomás de Castilla Port Workers' Union")."""
        lx, toks = self.lx, self.toks
        for k in range(s + 1, e):
            if toks[k].low == "of":
                m = k + 1
                while m <= e and toks[m].low in lx.articles:
                    m += 1
                if m <= e:
                    self._classify_run(m, e)
                return

    def _classify_headed(self, s: int, e: int, words: list[str], kind: str, head: str) -> None:
        """The actor a name with the head noun ``head`` (of kind ``kind``) names: none for an
        organ of an organisation or a place, else a short form of a known name, the
        national government, or a new actor."""
        lx, toks = self.lx, self.toks
        start, end = toks[s].start, toks[e].end
        full = self.text[start:end]
        seg = [w for w in words[:len(words)] if w.lower() not in lx.english_preps]
        before_head = []
        for w in words:
            if w.lower().rstrip("'’") == head or w.lower() in lx.english_preps:
                break
            before_head.append(w)
        if self._organ_of_named(before_head, kind):
            return
        if toks[e].text in lx.places or (seg and seg[-1] in lx.places and kind != "police"):
            return
        kind = self._owner_kind(words, kind)
        if len(words) >= 2 and self._short_form(full, kind, start, end):
            return
        if kind == "government" and self._national_government(before_head, full, start, end):
            return
        self._quoted_after(e, self.entity(full, kind, "head-noun", start, end), start)

    def _organ_of_named(self, before_head: list[str], kind: str) -> bool:
        """"FPKg Council", "ZCTU Congress": an organ of an organisation (not one of the
        intergovernmental bodies), not an actor of its own."""
        if before_head and all(_acronym_like(w) for w in before_head) and kind not in (
                "government",):
            parent = self._gazetteer_parent(before_head[0])
            return parent is None or parent["kind"] != "intergovernmental"
        return False

    def _owner_kind(self, words: list[str], kind: str) -> str:
        """The kind of a body named ``words``, its owner's considered: a body of the ILO is
        intergovernmental; "ITUC Human and Trade Union Rights Department", "BWI
        Communications Department": a department of a workers' or other non-state
        organisation is no state body, it has the kind of the organisation it is part of."""
        parent = self._gazetteer_parent(words[0])
        if (parent is not None and parent["kind"] == "intergovernmental" and
                kind not in UNION_KINDS) or (kind not in UNION_KINDS and any(
                (g := self.lx.gazetteer_map.get(_key(w))) and g["kind"] == "intergovernmental"
                for w in words[1:])):
            kind = "intergovernmental"
        owner = self.find(words[0]) if _acronym_like(words[0]) else None
        owner_kind = owner.kind if owner is not None else (parent or {}).get("kind")
        if kind in STATE_KINDS and owner_kind in ORG_KINDS - {"intergovernmental"}:
            kind = owner_kind
        return kind

    def _short_form(self, full: str, kind: str, start: int, end: int) -> bool:
        """Whether ``full`` is the short form of a name already known ("the State
        Government" of "Ekiti State Government"), made its alias."""
        short = _key(full)
        for ent in self.ents:
            if ent.into is None and ent.kind not in ("person", "group") and \
                    _key(ent.name).endswith(" " + short) and ent.kind == kind:
                self.alias(ent, full, "short-form", start, end)
                return True
        return False

    def _national_government(self, before_head: list[str], full: str, start: int,
                             end: int) -> bool:
        """Whether ``full`` names a country's government ("the Government of Kyrgyzstan",
        "the Federal Government"), made an alias of that generic actor."""
        mods = {w.lower() for w in before_head}
        countries = countries_in(full)
        national = not mods - {"national", "federal", "central", "royal", "transitional",
                               "interim", "provisional", "union"}
        if countries or (national and re.search(r"\bof\b", full) is None) or (
                national and re.search(r"Republic|Kingdom|State of", full)):
            code = countries[0] if countries else self.country
            ent = self.generic("government", code)
            self.alias(ent, full, "national-government", start, end)
            return True
        return False

    def _gazetteer_parent(self, word: str) -> dict[str, Any] | None:
        return self.lx.gazetteer_map.get(_key(word)) if _acronym_like(word) else None

    def _quoted_after(self, e: int, ent: _Ent, start: int) -> None:
        """'Independent Trade Union of Construction Workers "Kurylysshy"': a quoted name."""
        toks = self.toks
        k = e + 1
        if k < len(toks) and toks[k].text in QUOTE_OPEN and toks[k].nl == 0:
            m = k + 1
            while m < len(toks) and m - k <= 6 and toks[m].text not in QUOTE_CLOSE:
                m += 1
            if m < len(toks) and m > k + 1 and toks[k + 1].cap:
                q0, q1 = toks[k + 1].start, toks[m - 1].end
                self.alias(ent, self.text[start:toks[m].end], "quoted-name", start, toks[m].end)
                self.alias(ent, self.text[q0:q1], "quoted-name", q0, q1)

    def _office(self, s: int, e: int, words: list[str], full: str) -> None:
        """Rule office: "the President of the Republic", "Minister of Labour"."""
        toks, text = self.toks, self.text
        of = next((k for k in range(s + 1, e) if toks[k].low in _OF), None)
        if of is None and not self._domain_office(s, e, words):
            return  # a bare title is a form of address, or a post
        start, end = toks[s].start, toks[e].end
        # A post in an appositive: "Ms X, President of the BKDP", "the KHWU President, Ms Y".
        before = text[max(0, start - 4):start]
        if re.search(r",\s*$", before) and any(
                c.ent.kind == "person" and c.end <= start and
                not text[c.end:start].strip(" \t\n,") for c in self.cands):
            return
        if self.names_union(full) or any(
                (ent := self.find(w)) is not None and ent.kind in ORG_KINDS - {"intergovernmental"}
                for w in words if _acronym_like(w)):
            return
        # "President of the Zambia Congress of Trade Unions", "Presidente de la Central
        # Unitaria de Trabajadores": a post a union also has, in a union or company named
        # by its own name, is no state office; the union or company is the actor. (The
        # "Registrar of Trade Unions" is: a state post, and unions in general.)
        if of is not None and self._post_word(toks[of - 1].text):
            m = of + 1
            while m <= e and (toks[m].low in self.lx.articles or toks[m].kind == "e"):
                m += 1
            rest = [t.text for t in toks[m:e + 1] if t.kind == "w"]
            cues = self.lx.cues["union"]
            if rest and self.head_kind(rest, text[toks[m].start:end])[0] in (
                    UNION_KINDS | {"employer"}) and not all(
                    w.lower() in self.lx.heads or cues.fullmatch(w) or
                    w.lower() in self.lx.connectors for w in rest):
                self._classify_run(m, e)
                return
        kind = "state-authority"
        if any((g := self.lx.gazetteer_map.get(_key(w))) and g["kind"] == "intergovernmental"
               for w in words) or re.search(r"International Labour|United Nations", full):
            kind = "intergovernmental"
        self.entity(full, kind, "office", start, end)

    def _domain_office(self, s: int, e: int, words: list[str]) -> bool:
        """Whether tokens s..e are an office named by its portfolio: "the Labour
        Commissioner", "the Interior Minister", "le Préfet régional".

        A state office without "of": the office word after a capitalised word that says
        its domain (not a post modifier such as "Deputy" or "Acting", not a union word or
        acronym), after a definite article, and not a post before a name ("Labour
        Minister Jane Doe").
        """
        lx, toks = self.lx, self.toks
        if len(words) < 2 or s == 0 or toks[s - 1].low not in ("the", "le", "la", "el", "l'") \
                or toks[s].start < self.body_start:
            return False
        nxt = toks[e + 1] if e + 1 < len(toks) else None
        if nxt is not None and nxt.nl == 0 and nxt.cap:
            return False
        m = lx.office_re.search(" ".join(words))
        if m is None:
            return False
        domain = " ".join(words)[:m.start()].split()
        return bool(domain) and not any(
            w.lower() in lx.position_mods or w.lower() in lx.offices or _acronym_like(w)
            or w in lx.stopwords or self.head_kind([w], w)[0] in UNION_KINDS
            for w in domain)


def _generic_plural(words: list[str], heads: Any, modifiers: frozenset[str]) -> bool:
    """Capitalised words that name no one: a plural head with nothing but generic words
    before it ("Trade Unions", "Workers' Unions" as a heading or an address line)."""
    low = [w.lower().rstrip("'’") for w in words]
    return (low[-1] in heads and low[-1].endswith("s") and len(low) <= 3
            and all(w in heads or w in modifiers for w in low[:-1]))
