"""Rule family 3 (definitions in parentheses): "Full Name (ACR)", "ACR (Full Name)",
"Name (translation)", "(hereinafter the Union)"; how far back a name goes is found by
matching the acronym's letters against the words before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from c87.mapper.actors.text import (
    CAPW,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    _acronym_like,
    _Ent,
    _squash,
    acronym_starts,
    countries_in,
)

# A part of a parenthesis: its text and its span in the letter.
_Part = tuple[str, int, int]

# A name in a foreign language with no head noun: "(Birleşik Metal-İş)".
_PLAIN_NAME = re.compile(rf"{CAPW}(?:\s+(?:(?:de|del|la|du|des|van|von|el|al)\s+)?"
                         rf"{CAPW}){{0,5}}")


@dataclass
class _Defined:
    """What a parenthesis defines, and by which rule: the name before it (start, end,
    kind), the names inside it (each with the kind its head says) and the acronyms."""

    rule: str
    pre: tuple[int, int, str] | None
    names: list[tuple[_Part, str | None]]
    acronyms: list[_Part]


def _parts(inner: str, offset: int) -> list[_Part]:
    """The parts of a parenthesis's text between commas, slashes and semicolons."""
    parts = []
    for p in re.finditer(r"[^,/;]+", inner):
        part = p.group()
        stripped = part.strip()
        if stripped:
            s = offset + p.start() + part.index(stripped[0])
            parts.append((stripped, s, s + len(stripped)))
    return parts


class DefinitionRules:
    """The definitions rules of the actor finder (mixed into ``_Finder``)."""

    def definitions(self) -> None:
        """Rule acronym-definition: names defined in parentheses."""
        text = self.text
        for m in re.finditer(r"\((?P<inner>[^()\n]{1,160}(?:\n[^()\n]{1,160})?)\)", text):
            if self._in_caps(m.start()):
                continue
            self._definition(m)

    def hereinafter(self) -> None:
        """Rule hereinafter: '(hereinafter "the Union")' names the actor just before it."""
        for m in self.lx.hereinafter_re.finditer(self.text):
            before = self._entity_ending_at(m.start())
            if before is not None:
                self.alias(before, m.group("alias"), "hereinafter", m.start("alias"),
                           m.end("alias"))

    def _entity_ending_at(self, pos: int) -> _Ent | None:
        best = None
        for c in self.cands:
            if c.end <= pos and not self.text[c.end:pos].strip(" \t\n\"”»'’,"):
                best = c.ent.root()
        if best is None:
            name = self._run_before(self.tok_at(pos))
            if name is not None:
                words, full = self._span_words(name)
                kind, _ = self.head_kind(words, full)
                if kind:
                    best = self.entity(full, kind, "hereinafter", self.toks[name[0]].start,
                                       self.toks[name[1]].end)
        return best

    def _span_words(self, span: tuple[int, int]) -> tuple[list[str], str]:
        """The words of the token span ``span`` and the text they cover."""
        s, e = span
        return [t.text for t in self.toks[s:e + 1]], self.text[self.toks[s].start:self.toks[e].end]

    def _definition(self, m: re.Match[str]) -> None:
        """One parenthesis: what it defines, then the actor it names and its aliases."""
        inner = m.group("inner")
        if inner.strip()[:1] in QUOTE_OPEN or re.match(r"\s*(?:hereinafter|hereafter|ci-après"
                                                       r"|en adelante)", inner, re.I):
            return
        acronyms, names, plain = self._classify_parts(_parts(inner, m.start("inner")))
        if not acronyms and not names and not plain:
            return
        open_tok = self.tok_at(m.start())
        defined = self._what_is_defined(open_tok, acronyms, names, plain)
        if defined is not None:
            self._define(defined, open_tok, m.start())

    def _classify_parts(self, parts: list[_Part]) -> tuple[
            list[_Part], list[tuple[_Part, str | None]], list[_Part]]:
        """The acronyms, the names with a head noun (and its kind), and the plain names
        ("United Metal Workers' Union (Birleşik Metal-İş)") among ``parts``."""
        acronyms = [p for p in parts if " " not in p[0] and _acronym_like(p[0])]
        names: list[tuple[_Part, str | None]] = []
        for p in parts:
            if p in acronyms:
                continue
            words = re.findall(r"[\w’'-]+", p[0])
            kind, _ = self.head_kind(words, p[0])
            if kind and p[0][:1].isupper():
                names.append((p, kind))
        plain = [p for p in parts if p not in acronyms and not any(p == n[0] for n in names)
                 and _PLAIN_NAME.fullmatch(p[0]) and not self._is_place(p[0])]
        return acronyms, names, plain

    def _what_is_defined(self, open_tok: int, acronyms: list[_Part],
                         names: list[tuple[_Part, str | None]],
                         plain: list[_Part]) -> _Defined | None:
        """"Full Name (ACR)", "ACR (Full Name)" or "Name (translation)"; None when the
        parenthesis defines nothing."""
        if acronyms:
            rule, pre = self._name_before_acronym(open_tok, acronyms[0][0])
            return _Defined(rule, pre, names, acronyms)
        if names and open_tok > 0 and _acronym_like(self.toks[open_tok - 1].text):
            t = self.toks[open_tok - 1]
            return _Defined("acronym-definition (name after it)", None, names,
                            [(t.text, t.start, t.end)])
        pre = self._translated_name(open_tok)
        if pre is None:
            return None
        return _Defined("translation-in-parentheses", pre, names + [(p, None) for p in plain],
                        acronyms)

    def _name_before_acronym(self, open_tok: int,
                             acronym: str) -> tuple[str, tuple[int, int, str] | None]:
        """The rule, and the name before "(ACR)" with its kind: the words that spell the
        acronym, else the capitalised name before it."""
        span = self._acronym_name(open_tok, acronym)
        rule = "acronym-definition"
        if span is None:
            span = self._run_before(open_tok)
            rule = "acronym-definition (name before it)"
        if span is None:
            return rule, None
        words, full = self._span_words(span)
        kind, _head = self.head_kind(words, full)
        if kind is None and (rule == "acronym-definition" or len(words) >= 2):
            kind = self.fallback_kind(full)
        if kind is None or kind == "person":
            return rule, None
        return rule, (self.toks[span[0]].start, self.toks[span[1]].end, kind)

    def _translated_name(self, open_tok: int) -> tuple[int, int, str] | None:
        """The name with a head noun (no office) before a translation in parentheses."""
        span = self._run_before(open_tok)
        if span is None:
            return None
        words, full = self._span_words(span)
        kind, _ = self.head_kind(words, full)
        if kind and not self._is_office(words):
            return self.toks[span[0]].start, self.toks[span[1]].end, kind
        return None

    def _define(self, defined: _Defined, open_tok: int, at: int) -> None:
        """The actor one of the defined names already names (else a new one, not a
        person's), with every name and acronym of the parenthesis as its aliases."""
        text, pre, rule = self.text, defined.pre, defined.rule
        all_names = ([text[pre[0]:pre[1]]] if pre else []) + [
            n[0][0] for n in defined.names] + [a[0] for a in defined.acronyms]
        ent = next((self.find(n) for n in all_names if self.find(n) is not None), None)
        if ent is not None and ent.kind == "person":
            return
        if ent is None:
            ent = self._new_defined(defined, open_tok, at)
            if ent is None:
                return
        if pre:
            self.alias(ent, text[pre[0]:pre[1]], rule, pre[0], pre[1], prio=6)
        for (name, s, e), _kind in defined.names:
            self.alias(ent, name, rule, s, e, prio=6)
        for acr, s, e in defined.acronyms:
            self.alias(ent, acr, rule, s, e, prio=6)
            if ent.root().acronym is None:
                ent.root().acronym = acr

    def _new_defined(self, defined: _Defined, open_tok: int, at: int) -> _Ent | None:
        """A new actor for what a parenthesis defines, of the kind its first name says."""
        pre, names, acronyms = defined.pre, defined.names, defined.acronyms
        if pre:
            kind = pre[2]
        elif names:
            kind = names[0][1]
        else:
            kind = self._kind_before(open_tok)
            if kind is None:
                return None
        first = self.text[pre[0]:pre[1]] if pre else (names[0][0][0] if names else
                                                      acronyms[0][0])
        ent = self.new(first, kind, defined.rule)
        where = pre[0] if pre else at
        self.notes.append(f"{_squash(first)!r}: {kind} by rule {defined.rule} at {where}")
        return ent

    def _kind_before(self, open_tok: int) -> str | None:
        """Kind from a lower-case head noun just before "(": "research centre (DİSK-AR)"."""
        if open_tok == 0:
            return None
        word = self.toks[open_tok - 1].low
        value = self.lx.heads.get(word)
        return self.refine(value, word) if value is not None else None

    def _run_before(self, open_tok: int) -> tuple[int, int] | None:
        """The capitalised name (token span) that ends just before token ``open_tok``."""
        e = open_tok - 1
        toks = self.toks
        while e >= 0 and toks[e].kind == "p" and toks[e].text in QUOTE_CLOSE:
            e -= 1
        if e < 0 or not (toks[e].cap or (toks[e].kind == "w" and toks[e].text[0].isupper())):
            return None
        s = self._run_start(e)
        while s <= e and (toks[s].text in self.lx.stopwords or toks[s].text in
                          self.lx.honorifics or toks[s].low in self.lx.months):
            s += 1
        if s > e:
            return None
        return self._after_post(s, e)

    def _run_start(self, e: int) -> int:
        """The first token of the capitalised name that ends at token ``e``: capitalised
        words, possessives, and connectors between them ("of", "of the", "and", "de la")."""
        toks = self.toks
        s = e
        while s > 0:
            prev = toks[s - 1]
            if prev.cap and self.joinable(s - 1, s):
                s -= 1
                continue
            if prev.kind == "x" and s >= 2 and toks[s - 2].cap:
                s -= 2
                continue
            j = s - 1
            seq = []
            while j >= 0 and (toks[j].low in self.lx.connectors or toks[j].low in
                              self.lx.coordinators) and len(seq) < 3:
                seq.append(toks[j].low)
                j -= 1
            if seq and j >= 0 and toks[j].cap and self._valid_connectors(seq[::-1]):
                s = j
                continue
            break
        return s

    def _after_post(self, s: int, e: int) -> tuple[int, int]:
        """Tokens s..e without a post or office before "of the": "Secretary General of the
        X Union (XU)" defines the X Union."""
        toks = self.toks
        words = [t.text for t in toks[s:e + 1]]
        for i, w in enumerate(words):
            if w.lower() == "of" and i > 0:
                kind, _ = self.head_kind(words[:i], " ".join(words[:i]))
                if kind is None or self._is_office(words[:i]):
                    k = s + i + 1
                    while k <= e and toks[k].low in self.lx.articles:
                        k += 1
                    if k <= e:
                        rest = self._run_before_cut(k, e)
                        if rest is not None:
                            return rest
                break
        return s, e

    def _run_before_cut(self, s: int, e: int) -> tuple[int, int] | None:
        words = [t.text for t in self.toks[s:e + 1]]
        kind, _ = self.head_kind(words, " ".join(words))
        return (s, e) if kind else None

    def _valid_connectors(self, seq: list[str]) -> bool:
        """Whether a sequence of connector words may join two parts of one name."""
        lx = self.lx
        if len(seq) == 1:
            return seq[0] not in lx.articles or seq[0] in ("l'",)
        if seq[0] in lx.coordinators:
            rest = seq[1:]
            return bool(rest) and rest[0] in lx.romance_preps and all(
                w in lx.articles or w in lx.romance_preps for w in rest[1:])
        return seq[0] in (lx.english_preps | lx.romance_preps) and all(
            w in lx.articles or w in ("l'",) for w in seq[1:])

    def _acronym_name(self, open_tok: int, acronym: str) -> tuple[int, int] | None:
        """Token span of the name that ``acronym`` (defined at "(") abbreviates, if any."""
        toks = self.toks
        words: list[int] = []
        i = open_tok - 1
        while i >= 0 and len(words) < 16:
            t = toks[i]
            if t.nl > 1 or (t.start < self.body_start and t.nl > 0 and words):
                break
            if t.kind in ("w", "e"):
                words.append(i)
            elif t.kind == "x" or t.text in "-‑&'’" or (
                    t.text == "," and words and toks[words[-1]].cap):
                pass
            else:
                break
            i -= 1
        words.reverse()
        texts = [toks[i].text for i in words]
        caps = [toks[i].kind == "w" and toks[i].text[0].isupper() for i in words]
        results = acronym_starts(acronym, texts, caps, self.lx.connectors |
                                 self.lx.acronym_skips | self.lx.coordinators)
        if not results:
            return None
        cost, start = min(results, key=lambda r: (r[0], -r[1]))
        # "State Security Service of Georgia (SSG)": the country gives the acronym its last
        # letter, so "Security Service of Georgia" spells it too. A name that ends in
        # "of <Country>" runs back over the capitalised words before that start (with no
        # punctuation between) when they spell the acronym as well.
        if self._ends_in_country(texts[start:]):
            for c, s in sorted(results, key=lambda r: r[1]):
                if s < start and c <= cost + 1 and all(
                        caps[k] and texts[k] not in self.lx.stopwords and
                        texts[k] not in self.lx.honorifics and words[k + 1] == words[k] + 1
                        for k in range(s, start)):
                    start = s
                    break
        return words[start], words[-1]

    def _ends_in_country(self, words: list[str]) -> bool:
        """Whether a name of ``words`` ends in "of <Country>" ("... of Georgia", "de Honduras")."""
        cut = max((k for k, w in enumerate(words) if k and w.lower() in ("of", "de", "du", "del",
                                                                          "d'", "d’")),
                  default=None)
        if cut is None:
            return False
        rest = [w for w in words[cut + 1:] if w.lower() not in self.lx.articles]
        return 0 < len(rest) <= 4 and bool(countries_in(" ".join(rest)))
