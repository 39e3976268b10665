"""Rule family 5 (bodies named by common nouns): companies, local authorities, the press,
unions and state actors named by common nouns, state agents named by their function.
"""

from __future__ import annotations

import re
from typing import Any

from c87.mapper.actors.index import UNION_KINDS
from c87.mapper.actors.text import (
    _DETS,
    _MANAGEMENT_OF,
    _MANAGEMENT_WORDS,
    _QUOTED_UNION,
    _QUOTES_OPEN,
    _ROMANCE,
    _UNION_WORDS,
    _acronym_like,
    _Ent,
    _key,
    _overlaps,
    _squash,
    _Tok,
    acronym_starts,
    country_name,
)
from c87.mapper.actors.words import lexicon


class CommonNounRules:
    """The common nouns rules of the actor finder (mixed into ``_Finder``)."""

    def generic(self, gid: str, code: str | None) -> _Ent:
        """The one actor of a generic-authority entry (government-kg, police-kg ...)."""
        entry = next(e for e in self.lx_generic() if e["id"] == gid)
        ident = f"{gid}-{code.lower()}" if code else gid
        for ent in self.ents:
            if ent.gid == ident and ent.into is None:
                return ent
        label = entry["label"]
        if gid == "government" and code:
            label = f"Government of {country_name(code)}"
        ent = self.new(label, entry["kind"], "generic-authority", gid=ident, country=code)
        self.notes.append(f"{label!r}: {entry['kind']} by rule generic-authority "
                          f"(lexicon generic_authorities: {gid})")
        return ent

    def lx_generic(self) -> list[dict[str, Any]]:
        return lexicon()["generic_authorities"]

    def companies(self) -> None:
        """Rules company-prefix, company-suffix, employer-appositive, employer-noun-before,
        employer-generic and management-of, in this order."""
        self._company_prefixes()
        self._company_suffixes()
        self._employer_appositives()
        self._employers_named_after_noun()
        self._generic_employers()
        self._managements()

    def _company_prefixes(self) -> None:
        """"PT Sinar Jaya Garment": a legal form before the name (Indonesia, Malaysia ...)."""
        lx, text = self.lx, self.text
        for m in self.finditer(lx.company_prefix_re, lx.triggers["company_prefix"], 0, 120):
            name = m.group("name").split()
            while name and (name[-1] in lx.stopwords or name[-1].lower() in lx.months):
                name = name[:-1]
            if name and not self._in_caps(m.start()):
                end = m.start("name") + self._span_of(m.group("name"), name)
                ent = self.entity(text[m.start():end], "employer", "company-prefix", m.start(),
                                  end, prio=6)
                self.alias(ent, text[m.start("name"):end], "company-prefix")

    def _company_suffixes(self) -> None:
        """"Golden Textiles Ltd.": a name with its legal form after it."""
        lx, text = self.lx, self.text
        for m in self.finditer(lx.company_re, lx.triggers["company"], 150, 12):
            start = self._company_name_start(m)
            if start is None:
                continue
            full = text[start:m.end()]
            if self.find(full) and self.find(full).kind == "person":
                continue
            ent = self.entity(full, "employer", "company-suffix", start, m.end(), prio=6)
            if ent.kind == "employer":
                self.alias(ent, text[start:m.end("name")], "company-suffix")
                self._company_acronym(ent, text[start:m.end("name")], m.end())

    def _company_name_start(self, m: re.Match[str]) -> int | None:
        """Where the name before a legal form starts, or None when it names no company.

        A name wraps onto the next line of prose ("Tbilisi Metro LLC" over two lines), but
        lines that do not join (an address block, a list) cut it; "Workers of Golden
        Textiles Ltd.": the workers are not part of the name.
        """
        lx = self.lx
        cut = m.start("name")
        first, last = self.tok_at(cut), self.tok_at(m.start("suffix"))
        if last < len(self.toks) and not self.joinable(last - 1, last):
            return None
        for k in range(first + 1, last):
            if self.toks[k].nl and not self.joinable(k - 1, k):
                cut = self.toks[k].start
        name = self.text[cut:m.end("name")]
        words = name.split()
        while words and (words[0] in lx.stopwords or words[0].lower() in lx.months):
            words = words[1:]
        if "of" in words:
            before = " ".join(words[:words.index("of")]).lower()
            if before in lx.group_heads or before in lx.position_words:
                words = words[words.index("of") + 1:]
        if not words or self._in_caps(m.start()):
            return None
        return cut + name.index(words[0])

    def _company_acronym(self, ent: _Ent, bare: str, end: int) -> None:
        """"Procesadora Agroalimentaria del Bajío, S.A. de C.V. (PAB)": an acronym defined
        after the legal form abbreviates the name before it."""
        lx, text = self.lx, self.text
        acr = re.match(r"[ \t]*\(\s*(?P<acr>[^\s()]{2,12})\s*\)", text[end:end + 20])
        if not acr or not _acronym_like(acr.group("acr")) or \
                self.find(acr.group("acr")) is not None:
            return
        bare_words = re.findall(r"[\w’'-]+", bare)
        if acronym_starts(acr.group("acr"), bare_words, [w[:1].isupper() for w in bare_words],
                          lx.connectors | lx.acronym_skips | lx.coordinators):
            a0 = end + acr.start("acr")
            self.alias(ent, acr.group("acr"), "company-acronym", a0,
                       a0 + len(acr.group("acr")), prio=6)
            ent.root().acronym = ent.root().acronym or acr.group("acr")

    def _employer_appositives(self) -> None:
        """"X, the call-centre operator": a name with an appositive that says it employs."""
        lx, text = self.lx, self.text
        for m in self.finditer(lx.employer_app_re, lx.triggers["employer"], 200, 30,
                               self.body_start):
            words = m.group("name").split()
            while words and (words[0] in lx.stopwords or words[0].lower() in lx.months):
                words = words[1:]
            if not words or self._after_cap(m.start()):
                continue
            start = m.start("name") + m.group("name").index(words[0])
            end = m.end("suffix") if m.group("suffix") else m.end("name")
            name = text[start:end]
            known = self.find(name)
            if known is not None and known.kind != "employer":
                continue
            if len(words) == 1 and words[0] in lx.stopwords:
                continue
            self.entity(name, "employer", "employer-appositive", start, end, prio=6)

    def _employers_named_after_noun(self) -> None:
        """"their employer, Samarqand Non Kombinati,", "la empresa Procesadora Agroalimentaria
        del Bajío": a name after an employer noun is a company's, with or without its legal
        form."""
        lx = self.lx
        for m in self.finditer(lx.employer_before_re, lx.triggers["employer_before"], 40, 120,
                               self.body_start):
            words = m.group("name").split()
            start, end = m.span("name")
            if words[0] in lx.stopwords or self._in_caps(start) or self._is_place(
                    m.group("name")) or _overlaps(sorted((c.start, c.end) for c in self.cands),
                                                  start, end):
                continue
            if any(not self._name_words([w]) and w.lower() not in lx.connectors and
                   w.lower() not in lx.heads for w in words):
                continue  # a post, month, document or office: no company's name
            known = self.find(m.group("name"))
            if (known is not None and known.kind != "employer") or self.head_kind(
                    words, m.group("name"))[0] not in (None, "employer", "organisation"):
                continue  # "the employer, Ministry of Education": a state body
            self.entity(m.group("name"), "employer", "employer-noun-before", start, end, prio=6)

    def _generic_employers(self) -> None:
        """"the employers", "la patronal": employers in general, one actor."""
        employer = None
        toks, text = self.toks, self.text
        for i, j, _ in self.scan(self.lx.employer_generic, self.tok_at(self.body_start)):
            start, end = toks[i].start, toks[j].end
            if employer is None:
                employer = self.find("employers") or self.new(
                    "employers", "employer", "employer-generic", gid="employers")
                self.notes.append("'employers': employer by rule employer-generic "
                                  f"(lexicon employer_generic) at {start}")
            self.alias(employer, text[start:end], "employer-generic", start, end, prio=2)

    def _managements(self) -> None:
        """"the management of the Golden Lotus Casino Resort": the employer of a workplace."""
        lx = self.lx
        for m in self.finditer(_MANAGEMENT_OF, _MANAGEMENT_WORDS, 0, 120):
            name = m.group("name")
            ent = self.find(name)
            if any(c.start == m.start("name") for c in self.cands):
                continue
            if ent is None and name.split()[0] not in lx.stopwords and len(name.split()) >= 2:
                kind, _ = self.head_kind(name.split(), name)
                if kind in (None, "employer", "organisation"):
                    self.entity(name, "employer", "management-of", m.start("name"), m.end())

    def local_authorities(self) -> None:
        """Rules place-authority ("Bishkek police department") and de-place ("wali d'Oran")."""
        lx, text = self.lx, self.text
        fn_words = {w.lower() for w in lexicon()["not_place_modifiers"]}
        # English puts the place first ("Bishkek police department"); French and Spanish
        # put it after the head, which the de-place rule reads.
        english = self.language in ("en", "") or self.language not in ("fr", "es", "pt", "it")
        for m in self.finditer(lx.place_authority_re, lx.triggers["place"] if english
                               else frozenset(), 80, 30):
            place = m.group("place").split()
            mods = m.group("mods").split()
            if any(w in fn_words for w in mods) or self._in_caps(m.start()):
                continue
            while place and (place[0] in lx.stopwords or place[0].lower() in lx.months):
                place = place[1:]
            if not place or any(self._name_words([w]) != [w] for w in place if not
                                self.find(w)) or (self.find(place[0]) is not None and
                                                  self.find(place[0]).kind == "person"):
                continue
            start = m.start("place") + m.group("place").index(place[0])
            i = self.tok_at(start)
            if self._after_cap(start) or i == 0 or self.toks[i].nl > 1 or self.toks[i - 1].text \
                    in ".!?:;" or self._covered(start, m.end()):
                continue  # a capital opening a sentence is not a place ("Governmental ...")
            name = text[start:m.end()]
            head = m.group("head").lower()
            kind = self.fallback_kind(name) if "authorit" not in head else "state-authority"
            if kind in ("organisation", "trade-union"):
                kind = "state-authority"
            self.entity(name, kind, "place-authority", start, m.end(), prio=6)
        # "the mahalla committee", "the city police department": a body of a unit of local
        # government, named by the unit's common noun.
        for m in self.finditer(lx.local_unit_re, lx.triggers["local_unit"], 40, 40,
                               self.body_start):
            if self._in_caps(m.start()) or self._covered(m.start("name"), m.end()):
                continue
            name = m.group("name")
            kind = self.fallback_kind(name)
            if kind in ("organisation", "trade-union"):
                kind = "state-authority"
            self.entity(name, kind, "local-unit-authority", m.start("name"), m.end(), prio=5)
        for m in self.finditer(lx.de_place_re, lx.triggers["de_place"], 0, 90):
            if self._in_caps(m.start()):
                continue
            self.entity(m.group(), "state-authority", "de-place-authority", m.start(), m.end(),
                        prio=6)

    def media(self) -> None:
        """Rule media: the press named by its stance or owner is an actor.

        "pro-government tabloids published her address", "state television", "la prensa
        oficialista": a media noun (lexicon media_nouns) with a word saying whose it is
        (media_modifiers, or any "pro-" compound) before it, or after it in French,
        Spanish and Portuguese. Unqualified ("the media reported") it is no actor.
        """
        lx, toks, text = self.lx, self.toks, self.text
        n = len(toks)
        spans = sorted((c.start, c.end) for c in self.cands)

        def modifier(t: _Tok) -> bool:
            return t.kind == "w" and (t.low in lx.media_mods or (
                t.low.startswith("pro-") and len(t.low) > 5))

        for h in sorted(i for w in lx.media_nouns for i in self.where_low.get(w, ())):
            if toks[h].start < self.body_start or toks[h].caps:
                continue
            s = e = h
            if h > 0 and toks[h - 1].low in lx.media_nouns and toks[h].nl == 0:
                continue  # the second noun of "state television channel", read with the first
            while s > 0 and h - s < 2 and toks[s].nl <= 1 and modifier(toks[s - 1]):
                s -= 1
            while e + 1 < n and toks[e + 1].nl == 0 and toks[e + 1].low in lx.media_nouns:
                e += 1  # "state television channel"
            while self.language in _ROMANCE and e + 1 < n and e - h < 2 and \
                    toks[e + 1].nl <= 1 and modifier(toks[e + 1]):
                e += 1
            if s == h and (self.language not in _ROMANCE or e == h or
                           not modifier(toks[e])):
                continue
            start, end = toks[s].start, toks[e].end
            if _overlaps(spans, start, end):
                continue
            self.entity(_squash(text[start:end]), "organisation", "media", start, end, prio=4)

    def lower_unions(self) -> None:
        """Rule common-noun-union: "the textile workers' union", "sindicato de docentes"."""
        text = self.text
        # 'a new union, "Adal Engbek"', 'le syndicat « Solidarité »': a quoted name.
        for m in self.finditer(_QUOTED_UNION, _UNION_WORDS, 20, 80, self.body_start,
                               needles=_QUOTES_OPEN):
            name = _squash(m.group("q"))
            if name[:1].isupper() and len(name.split()) <= 6 and not self.find(name):
                head = m.group("head").lower()
                value = self.lx.heads.get(head) or self.lx.heads.get(head.split()[-1])
                kind = self.refine(value, name) if value else "trade-union"
                self.entity(name, kind, "quoted-union-name", m.start("q"), m.end("q"))
        for m in self.finditer(self.lx.lower_union_re, _UNION_WORDS, 60, 80,
                               needles=self.lx.lower_union_needles):
            start, end = m.span("name")
            if self._covered(start, end):
                continue
            # "Kurylysshy construction workers' union": a known name just before it.
            i = self.tok_at(start) - 1
            if i >= 0 and self.toks[i].cap and self.toks[i].nl == 0:
                known = self.find(self.toks[i].text)
                if known is not None and known.kind in UNION_KINDS:
                    self.alias(known, text[self.toks[i].start:end], "common-noun-union",
                               self.toks[i].start, end)
                    continue
            # "a new union, "Adal Engbek"": the quoted name after it.
            q = re.match(r"\s*,?\s*[\"“«]\s*(?P<q>[^\"”»\n]{2,50}?)\s*[\"”»]", text[end:end + 60])
            if q and q.group("q")[:1].isupper() and re.search(r"union|syndicat|sindicato",
                                                               m.group(), re.I):
                self.entity(q.group("q"), "trade-union", "quoted-union-name",
                            end + q.start("q"), end + q.end("q"))
                continue
            if re.fullmatch(r"(?:trade\s+)?unions?", m.group(), re.I):
                continue
            self.entity(m.group(), "trade-union", "common-noun-union", start, end, prio=4)

    def generic_authorities(self) -> None:
        """Rule generic-authority: "the police", "soldiers", "the authorities", "Parliament"."""
        text, lx, toks = self.text, self.lx, self.toks
        spans = sorted((c.start, c.end) for c in self.cands if c.ent.kind != "group")
        for i, j, _ in self.scan(lx.generic_index):
            start, end = toks[i].start, toks[j].end
            phrase = text[start:end]
            if toks[i].caps or _overlaps(spans, start, end):
                continue
            # A determiner before the phrase belongs to it when the lexicon has both forms.
            det = toks[i - 1].low if i > 0 and toks[i].nl == 0 else None
            entry = lx.generic_map.get(_key(phrase))
            if entry is None and det is not None and _key(f"{det} {phrase}") in lx.generic_map:
                entry = lx.generic_map[_key(f"{det} {phrase}")]
                start = toks[i - 1].start
                phrase = text[start:end]
            if entry is None:
                continue
            if (phrase.lower() in ("government", "parliament") and phrase[0].islower() and
                    det not in _DETS and j + 1 < len(toks) and toks[j + 1].kind == "w" and
                    toks[j + 1].text[0].islower()):
                continue  # "government officials": an adjective use
            ent = self.generic(entry["id"], self.country)
            self.alias(ent, phrase, "generic-authority", start, end, prio=3)
            # "the Uzbek government", "King Mswati III's government": the words that say
            # whose it is belong to its name.
            k = i
            while k > 0 and i - k < 3 and toks[k - 1].nl == 0 and toks[k].start > start - 1 \
                    and (toks[k - 1].cap or toks[k - 1].text in ("’s", "'s", "’", "'")) \
                    and toks[k - 1].text not in lx.stopwords:
                k -= 1
            if k < i and toks[k].cap:
                self.alias(ent, text[toks[k].start:end], "generic-authority-owner",
                           toks[k].start, end, prio=3)
            if start < toks[i].start:  # "the public prosecutor" is also "public prosecutor"
                self.alias(ent, text[toks[i].start:end], "generic-authority")

    def state_agents(self) -> None:
        """Rule state-agents: "immigration officers", "agentes de migración" are a state actor.

        Agents named by a function only the state has (lexicon state_agent_modifiers) act
        for the state: an actor named as the letter words it, not an unnamed group.
        """
        lx, toks, text = self.lx, self.toks, self.text
        spans = sorted((c.start, c.end) for c in self.cands)
        heads = sorted(i for w in lx.state_agent_nouns for i in self.where_low.get(w, ()))
        n = len(toks)
        for h in heads:
            if toks[h].start < self.body_start or toks[h].caps:
                continue
            start = end = None
            kind = None
            # English: "immigration officers", "tax and customs officials" (modifiers before).
            k = h
            while k > 0 and h - k < 3 and toks[k].nl <= 1 and toks[k - 1].kind == "w" and (
                    toks[k - 1].low in lx.state_agent_mods or (
                        toks[k - 1].low in lx.coordinators and k - 2 >= 0 and
                        toks[k - 2].low in lx.state_agent_mods)):
                k -= 1
            while k < h and toks[k].low not in lx.state_agent_mods:
                k += 1
            if k < h:
                start, end = toks[k].start, toks[h].end
                kind = lx.state_agent_mods[toks[k].low]
            else:
                # French, Spanish: "agentes de migración", "agents de l'immigration".
                m = h + 1
                if m < n and toks[m].low in ("de", "des", "del", "du", "d'") and \
                        toks[m].nl <= 1:
                    m += 1
                    while m < n and m - h <= 3 and (toks[m].low in lx.articles or
                                                    toks[m].kind == "e"):
                        m += 1
                    if m < n and m - h <= 4 and toks[m].low in lx.state_agent_mods and \
                            toks[m].nl <= 1:
                        start, end = toks[h].start, toks[m].end
                        kind = lx.state_agent_mods[toks[m].low]
            if start is None or kind is None or _overlaps(spans, start, end):
                continue
            self.entity(_squash(text[start:end]), kind, "state-agents", start, end, prio=5)
