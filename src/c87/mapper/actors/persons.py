"""Rule family 2 (persons): a title before a name, a name with a post in apposition, a
post before a name; one person named in full and later in part; the posts persons hold.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING

from c87.mapper.actors.text import (
    _DETS,
    CAPW,
    _acronym_like,
    _Cand,
    _inside,
    _key,
    _overlaps,
    _squash,
)
from c87.mapper.actors.words import _after_honorific, _honorifics, _title_forms
from c87.mapper.countries import country_names

if TYPE_CHECKING:
    from c87.mapper.actors.text import _Ent, _Tok
    from c87.mapper.actors.words import _Lex

# A family name with its particle: "al-Salman", "el-Sisi", "bin-Laden".
_PARTICLE_NAME = re.compile(r"(?:al|el|ul|ad|as|ash|an|ar|az|bin|ben|ibn|abu|ould)-[A-Z]\w*")
# Between two names of a list: ", ", " and ", ", y ", " et ".
_LIST_GAP = re.compile(r"\s*(?:,|;|\band\b|\by\b|\bet\b|\be\b|,\s*(?:and|y|et|e)\b)\s*")
# An age after a name: "(55 años)", "(28)", ", 28,".
_AGE_AFTER = re.compile(
    r"\s*(?:\(\s*\d{1,3}(?:\s*(?:años|ans|years(?: old)?))?\s*\)|,\s*\d{1,3}\s*,)")
# A post after a name and an aside: "Robert Franco (55 años), profesor y dirigente".
_POST_AFTER = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?,\s*(?:the\s+|el\s+|la\s+|le\s+)?"
                         r"(?P<post>[^,;.:()\n]{1,60})")


class PersonRules:
    """The persons rules of the actor finder (mixed into ``_Finder``)."""

    def persons(self) -> None:
        """Rules person-title, person-appositive, person-post-comma and person-post."""
        countries = country_names()
        self._titled_persons(countries)
        self._appositive_persons(countries)
        self._persons_after_post_and_comma(countries)
        self._persons_after_post(countries)

    def _titled_persons(self, countries: dict[str, str]) -> None:
        """Rule person-title: a title before a name ("Ms Ryskul Babayeva", "M. Mourad
        Bensalem", "H.E. ...")."""
        text, lx, toks = self.text, self.lx, self.toks
        honorifics = _honorifics(self.country, self.language)
        where = self.where_norm
        for i in sorted(k for form in _title_forms(self.country, self.language) & where.keys()
                        for k in where[form]):
            found = self._title_at(i, honorifics)
            if found is None:
                continue
            hon, t = found
            m = _after_honorific().match(text, t.end)
            if m is None or (hon in ("M", "Me") and not m.group("dot")):
                continue
            raw = m.group("name")
            tokens = re.findall(rf"{CAPW}|\S+", raw)
            first = tokens[0].lower()
            if first in lx.vocatives or first in lx.offices:
                continue
            if hon == "M" and self.language != "fr" and len(tokens) < 2:
                continue
            keep = self._person_tokens(tokens, countries, titled=True)
            if not keep:
                continue
            name_end = m.start("name") + self._span_of(raw, keep)
            self.person(keep, m.start("name"), name_end, "person-title",
                        honorific=hon + (m.group("dot") or ""), hon_start=toks[i].start)

    def _title_at(self, i: int, honorifics: frozenset[str]) -> tuple[str, _Tok] | None:
        """The title at token ``i`` and its last token ("H.E" is three), or None."""
        toks = self.toks
        t = toks[i]
        if t.kind != "w" or t.caps:
            return None
        hon = t.text
        if hon not in honorifics:
            if not (hon == "H" and i + 2 < len(toks) and toks[i + 1].text == "." and
                    toks[i + 2].text == "E"):
                return None
            hon = "H.E"
            t = toks[i + 2]
        if i > 0 and toks[i - 1].end == toks[i].start and toks[i - 1].text in "-’'.":
            return None  # "U.S.", "Jean-Marc": not a title
        return hon, t

    def _appositive_persons(self, countries: dict[str, str]) -> None:
        """Rule person-appositive: a name followed by an appositive post ("Kanatbek Osmonov,
        deputy president of")."""
        text, lx, toks = self.text, self.lx, self.toks
        for c, t in enumerate(toks):
            if t.text != "," or t.start < self.body_start:
                continue
            k = c - 1
            while k >= 0 and c - k <= 5 and toks[k].cap and (k == c - 1 or toks[k + 1].nl == 0):
                k -= 1
            size = c - 1 - k
            if size < 2 or size > 4 or (k >= 0 and (toks[k].cap or toks[k].kind == "e" or
                                                   toks[k].low in lx.connectors - lx.articles)):
                continue
            start, end = toks[k + 1].start, toks[c - 1].end
            rest = re.match(r"\s*(?:(?:a|an|the|its|his|her|their|our|le|la|el|su|son|sa)\s+)?"
                            r"([^,;.:()\n]{1,60})", text[t.end:t.end + 80])
            if rest is None or self._covered(start, end):
                continue
            if not any(self._post_word(w) for w in rest.group(1).split()[:6]):
                continue
            # "Serbian Railways Infrastructure, the state-owned operator": an appositive
            # that says what a company is (an employer noun after "the") names no person.
            app = lx.employer_app_re.match(text, start)
            if app and app.end("name") == end and re.match(
                    r",\s*(?:the|la|el|le|l['’])\s", text[end:end + 6], re.IGNORECASE):
                continue
            tokens, keep = self._name_tokens(k + 1, c, countries)
            if len(keep) == len(tokens):
                self.person(keep, start, end, "person-appositive")

    def _persons_after_post_and_comma(self, countries: dict[str, str]) -> None:
        """Rule person-post-comma: a post, a comma, a name ("its president, Dragana
        Milovanović", "A third founder, Shahlo Rakhimova, has been")."""
        toks = self.toks
        n = len(toks)
        honorifics = _honorifics(self.country, self.language)
        for _i, j, _ in self.scan(self.lx.positions_index, self.tok_at(self.body_start)):
            c = j + 1
            if c + 2 >= n or toks[c].text != "," or toks[c + 1].nl > 1:
                continue
            k = c + 1
            while k < n and k - c <= 5 and toks[k].cap and (k == c + 1 or toks[k].nl == 0):
                k += 1
            size = k - c - 1
            if size < 2 or size > 4 or (k < n and toks[k].nl == 0 and toks[k].kind == "w"
                                        and toks[k].text[:1].isupper()):
                continue
            if toks[c + 1].text in honorifics or (
                    toks[c + 1].nl and not self.joinable(c, c + 1)):
                continue
            start, end = toks[c + 1].start, toks[k - 1].end
            if self._covered(start, end):
                continue
            tokens, keep = self._name_tokens(c + 1, k, countries)
            if len(keep) == len(tokens):
                self.person(keep, start, end, "person-post-comma")

    def _persons_after_post(self, countries: dict[str, str]) -> None:
        """Rule person-post: a post before a name ("union leader Peter Moyo", "trade
        unionist Javad Karimi")."""
        text, toks = self.text, self.toks
        n = len(toks)
        for _i, j, _ in self.scan(self.lx.positions_index):
            k = j + 1
            while k < n and k - j <= 4 and toks[k].nl == 0 and (
                    toks[k].cap or (k > j + 1 and _PARTICLE_NAME.fullmatch(toks[k].text))):
                k += 1
            if k - j - 1 < 2:
                continue
            start, end = toks[j + 1].start, toks[k - 1].end
            if self._covered(start, end):
                continue
            _tokens, keep = self._name_tokens(j + 1, k, countries)
            if len(keep) < 2:
                continue
            end = start + self._span_of(text[start:end], keep)
            self.person(keep, start, end, "person-post")

    def _name_tokens(self, a: int, b: int,
                     countries: dict[str, str]) -> tuple[list[str], list[str]]:
        """The words of tokens a..b-1, and those of them that open a person's name."""
        tokens = [x.text for x in self.toks[a:b]]
        return tokens, self._person_tokens(tokens, countries)

    def listed_persons(self) -> None:
        """Rule person-listed: names without a title where the text lists persons.

        A run of two to four capitalised words, not yet known as anything else, is a
        person's name when it stands in a list that a group of persons opens ("six
        workers: Jude Pierre, Luckner Louis and ...", "including Ata Babakhani, Yousef
        Moradi"), or when an age or a post follows it ("Robert Franco (55 años), profesor",
        "Abdallah Gorushi, 28,").
        """
        text, lx, toks = self.text, self.lx, self.toks
        countries = country_names()
        n = len(toks)
        i = self.tok_at(self.body_start)
        runs: list[tuple[int, int]] = []
        while i < n:
            if not toks[i].cap or toks[i].text in lx.stopwords:
                i += 1
                continue
            k = i + 1
            while k < n and k - i < 5 and toks[k].nl == 0 and (
                    toks[k].cap or _PARTICLE_NAME.fullmatch(toks[k].text) or (
                        toks[k].low in lx.particles and k + 1 < n and toks[k + 1].cap)):
                k += 1
            if 2 <= k - i <= 4:
                runs.append((i, k))
            i = k
        listed = {r for a, b in itertools.pairwise(runs) for r in (a, b)
                  if _LIST_GAP.fullmatch(text[toks[a[1] - 1].end:toks[b[0]].start])}
        for i, k in runs:
            start, end = toks[i].start, toks[k - 1].end
            if self._covered(start, end):
                continue
            after = text[end:end + 60]
            aged = _AGE_AFTER.match(after)
            posted = _POST_AFTER.match(after)
            opens = (i, k) in listed and lx.group_list_re.search(
                text, max(self.body_start, start - 160), start)
            if not (aged or (posted and any(self._post_word(w)
                                            for w in posted["post"].split()[:4])) or opens):
                continue
            tokens, keep = self._name_tokens(i, k, countries)
            if len(keep) == len(tokens) and not any(w.isupper() for w in keep):
                self.person(keep, start, end, "person-listed")

    def _post_word(self, word: str) -> bool:
        """Whether ``word`` names a post, singular or plural ("founder", "founders")."""
        low = word.lower().strip(",’'")
        posts = self.lx.position_words
        return low in posts or (len(low) > 3 and low.endswith("s") and low[:-1] in posts)

    def _person_tokens(self, tokens: list[str], countries: dict[str, str],
                       titled: bool = False) -> list[str]:
        lx = self.lx
        keep: list[str] = []
        i = 0
        while i < len(tokens):
            w = tokens[i]
            low = w.lower()
            if low in lx.particles and keep:
                keep.append(w)
                i += 1
                continue
            if keep and "-" in w and w.split("-", 1)[0].lower() in lx.particles and \
                    w.split("-", 1)[1][:1].isupper():
                keep.append(w)  # "Jalila al-Salman", "Tarek al-Behairy"
                i += 1
                continue
            if not w[:1].isupper():
                break
            # A place word ends a name ("... House"), but after a title it may open one:
            # "Mr Park Jin-ho", "Ms Hall".
            opens = titled and not keep and w in lx.places and w not in lx.stopwords
            stop = self._name_words([w], titled) or ([w] if opens else [])
            if not stop or w in countries or (w.isupper() and len(w) > 2):
                break
            keep.append(w)
            i += 1
        while keep and keep[-1].lower() in lx.particles:
            keep.pop()
        return keep

    @staticmethod
    def _span_of(raw: str, keep: list[str]) -> int:
        """Length of the part of ``raw`` that holds the words ``keep``."""
        pos = 0
        for w in keep:
            pos = raw.index(w, pos) + len(w)
        return pos

    def _covered(self, start: int, end: int) -> bool:
        """Whether a candidate mention found so far spans all of start:end."""
        if self._cover_n != len(self.cands):  # rebuilt when candidates were added
            spans = sorted((c.start, c.end) for c in self.cands)
            self._cover_starts = [s for s, _ in spans]
            self._cover_ends = list(itertools.accumulate((e for _, e in spans), max))
            self._cover_n = len(self.cands)
        i = bisect.bisect_right(self._cover_starts, start)
        return i > 0 and self._cover_ends[i - 1] >= end

    def _after_cap(self, pos: int) -> bool:
        """Whether a capitalised word or name connector stands just before ``pos``."""
        i = self.tok_at(pos) - 1
        return i >= 0 and self.toks[i].nl == 0 and (
            (self.toks[i].cap and self.toks[i].text not in self.lx.stopwords)
            or self.toks[i].low in self.lx.connectors - self.lx.articles)

    def person(self, words: list[str], start: int, end: int, rule: str,
               honorific: str | None = None, hon_start: int | None = None) -> _Ent:
        """Record a person named ``words`` at start:end (with a title from hon_start)."""
        name = " ".join(words)
        ent = self.find(name)
        if ent is None or ent.kind != "person":
            ent = self.new(name, "person", rule, tokens=tuple(words), honorific=honorific)
            self.notes.append(f"{name!r}: person by rule {rule} at {start}")
        if honorific and not ent.honorific:
            ent.honorific = honorific
        if hon_start is not None:
            self.alias(ent, self.text[hon_start:end], rule, hon_start, end, prio=7, merge=False)
        else:
            self.cands.append(_Cand(start, end, ent, 7))
        return ent

    def recurring_names(self) -> None:
        """Rule person-recurrence: a name whose family name recurs alone is a person's.

        Letters name a person once in full and then by the family name alone
        ("Dragana Milovanović ... Milovanović was summoned", "Martín Olvera Ríos ...
        Olvera permaneció"). A run of two to four capitalised words in the body, each of
        which can be a name word (no head noun, post, place, month, country, acronym or
        known actor), whose family name (by the letter's name order: the last word, the
        first in family-first countries, the first surname where persons have two) stands
        elsewhere on its own, is a person. On its own: no capitalised word beside it, no
        determiner ("the Metro") or place preposition ("in Kitwe") before it; nor may a
        place preposition stand before the full name ("in Savski Venac"). A capitalised
        word that opens a sentence and is written in lower case elsewhere in the letter is
        an ordinary word, not part of the name ("Yesterday", "Police").
        """
        toks = self.toks
        countries = country_names()
        n = len(toks)
        lower_words = {t.low for t in toks if t.kind == "w" and not t.text[:1].isupper()}
        first_body = self.tok_at(self.body_start)
        spans = sorted((c.start, c.end) for c in self.cands)
        i = first_body
        while i < n:
            if not toks[i].cap:
                i += 1
                continue
            j = i
            while j + 1 < n and toks[j + 1].cap and toks[j + 1].nl == 0:
                j += 1
            run = self._name_run(list(range(i, j + 1)), first_body, lower_words)
            i = j + 1
            if 2 <= len(run) <= 4 and self._recurs(run, spans, lower_words, countries):
                self.person([toks[k].text for k in run], toks[run[0]].start, toks[run[-1]].end,
                            "person-recurrence")
                spans = sorted((c.start, c.end) for c in self.cands)

    def _name_run(self, run: list[int], first_body: int, lower_words: set[str]) -> list[int]:
        """The tokens of ``run`` without the leading words that are not a name: known
        actors ("SITAB"), acronyms, posts, stop words, and an ordinary word opening the
        sentence."""
        toks = self.toks
        while run:
            t = toks[run[0]]
            known = self.find(t.text)
            opens = run[0] == first_body or toks[run[0]].nl > 1 or (
                run[0] > 0 and toks[run[0] - 1].text in ".!?:;")
            if (not self._name_words([t.text]) or _acronym_like(t.text) or
                    (known is not None and known.kind != "person") or
                    (opens and t.low in lower_words)):
                run.pop(0)
                continue
            break
        return run

    def _recurs(self, run: list[int], spans: list[tuple[int, int]], lower_words: set[str],
                countries: dict[str, str]) -> bool:
        """Whether the tokens of ``run`` are a person's name whose family name stands alone
        elsewhere (see :meth:`recurring_names`)."""
        lx, toks = self.lx, self.toks
        words = [toks[k].text for k in run]
        start, end = toks[run[0]].start, toks[run[-1]].end
        if _overlaps(spans, start, end) or self._in_caps(start) or (
                run[0] > 0 and toks[run[0] - 1].low in lx.place_preps):
            return False  # "in Savski Venac": a place
        if self._person_tokens(words, countries) != words or any(
                w.lower() in lower_words for w in words):
            return False
        family = self.split_name(tuple(words))[1]
        if not family:
            return False
        forms = {family, family.split()[0]} if (
            self.country in lx.name_order["two_surnames"]) else {family}
        return any(self._stands_alone(f, run, spans) for f in forms if " " not in f)

    def _stands_alone(self, word: str, run: list[int], spans: list[tuple[int, int]]) -> bool:
        """Whether ``word`` stands alone elsewhere in the body (see :meth:`recurring_names`)."""
        toks, lx = self.toks, self.lx
        found = False
        for k in self.where_norm.get(word, ()):
            t = toks[k]
            if k in run or t.start < self.body_start or t.caps or t.kind != "w":
                continue
            prev = toks[k - 1] if k > 0 else None
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if (prev is not None and t.nl == 0 and prev.cap and
                    prev.text not in lx.stopwords) or (
                    nxt is not None and nxt.nl == 0 and nxt.cap):
                continue  # part of a longer name
            if _inside(spans, t.start, t.end):
                continue
            if prev is not None and (prev.low in lx.place_preps or prev.low in _DETS):
                return False  # "in Kitwe", "the Metro": a place or a thing
            found = True
        return found

    def merge_persons(self) -> None:
        """Rule person-short-form: "Ms Babayeva" and "Babayeva" are Ryskul Babayeva."""
        persons = [e for e in self.ents if e.kind == "person" and e.into is None]
        persons.sort(key=lambda e: -len(e.tokens))
        first: dict[int, int] = {}
        for c in self.cands:
            key = id(c.ent.root())
            first[key] = min(first.get(key, c.start), c.start)
        for short in persons:
            if short.into is not None:
                continue
            n = len(short.tokens)
            fulls = [full for full in persons if full is not short and full.into is None
                     and len(full.tokens) > n and any(
                         full.tokens[i:i + n] == short.tokens
                         for i in range(len(full.tokens) - n + 1))]
            if not fulls:
                continue
            # Two persons may share a name part: the one named last before the short form.
            at = first.get(id(short), 0)
            before = [f for f in fulls if first.get(id(f), 0) <= at]
            full = max(before, key=lambda f: first.get(id(f), 0)) if before else fulls[0]
            self.merge(full, short, "person-short-form")
            if short.honorific and not full.honorific:
                full.honorific = short.honorific
        for ent in self.ents:
            if ent.kind != "person" or ent.into is not None:
                continue
            _given, family = self.split_name(ent.tokens)
            if family:  # never merges: two persons may share a family name
                self.alias(ent, family, "person-family-name", merge=False)
                if ent.honorific:
                    self.alias(ent, f"{ent.honorific} {family}", "person-family-name",
                               merge=False)
                first, _, second = family.partition(" ")
                # "compañero Quintero" of "Hernán Darío Quintero Mejía": the first surname
                # alone, when the letter uses it so.
                if self.country in self.lx.name_order["two_surnames"] and second and re.search(
                        rf"(?<!\w){re.escape(first)}(?!\w)(?!\s+{re.escape(second)})", self.text):
                    self.alias(ent, first, "person-first-surname", merge=False)

    def split_name(self, tokens: tuple[str, ...]) -> tuple[str | None, str | None]:
        """(given, family) names of a person named ``tokens`` in the letter's country."""
        order = self.lx.name_order
        if not tokens or self.country in order["no_family_name"]:
            return None, None
        if len(tokens) == 1:
            return None, tokens[0]
        if self.country in order["family_first"]:
            return " ".join(tokens[1:]), tokens[0]
        words = list(tokens)
        cut = len(words) - 1
        if self.country in order["two_surnames"] and len(
                [w for w in words if w.lower() not in self.lx.particles]) >= 3:
            cut = len(words) - 2
        while cut > 1 and words[cut - 1].lower() in self.lx.particles:
            cut -= 1
        # "Joy Ann Dela Cruz": a capitalised particle before the last word joins it.
        if cut == len(words) - 1 and cut > 1 and words[cut - 1].lower() in (
                "dela", "delos", "de", "del", "van", "von", "da", "dos", "el", "al", "bin",
                "binti", "le", "la", "di", "mac", "mc"):
            cut -= 1
        given = " ".join(words[:cut]).strip()
        family = " ".join(words[cut:]).strip()
        return (given or None), (family or None)

    def person_positions(self) -> None:
        """Rule position: the posts of persons, from appositives around their names."""
        text, lx = self.text, self.lx
        for c in [c for c in self.cands if c.ent.root().kind == "person"]:
            ent = c.ent.root()
            after = re.match(r"[ \t]*,[ \t]*\n?[ \t]*(?P<app>[^,;.:()\n]+(?:\n[^,;.:()\n]+)?)",
                             text[c.end:c.end + 200])
            if after:
                self._positions(ent, c.end + after.start("app"), after.group("app"), c.start)
            as_post = re.match(r"[ \t]+(?:as|comme|como)[ \t]+(?P<app>[^,;.:()\n]+)",
                               text[c.end:c.end + 120])
            if as_post:
                self._positions(ent, c.end + as_post.start("app"), as_post.group("app"),
                                c.start)
            before = re.search(r"(?P<pre>[^,;.:()\n]{1,80}),[ \t]*\n?[ \t]*$",
                               text[max(0, c.start - 80):c.start])
            if before:
                pre = before.group("pre")
                words = pre.split()
                take: list[str] = []
                for w in reversed(words):
                    lw = w.lower().strip("’'")
                    if lw in lx.position_words or lw in lx.position_mods or _acronym_like(w) \
                            or lw.endswith(("'s", "’s")) or self.find(w) is not None:
                        take.insert(0, w)
                        continue
                    break
                if take and any(w.lower() in lx.position_words for w in take[-2:]) and (
                        take[-1].lower() in lx.position_words or
                        " ".join(take[-2:]).lower() in lx.position_words):
                    det = words[len(words) - len(take) - 1].lower() if len(words) > len(
                        take) else ""
                    title = " ".join(take)
                    at = max(0, c.start - 80) + before.start("pre") + pre.rindex(take[0])
                    if len(take) == len(words) and any(
                            p.ent.root().kind == "person" and p.end <= at and
                            not text[p.end:at].strip(" \t\n,") for p in self.cands):
                        continue  # "X, P1, Y": P1 is the post of X
                    org = self._org_in(at, at + len(title))
                    if org is None and det in lx.possessives:
                        org = self._last_org_before(at)
                    self._add_position(ent, title, org)

    def _positions(self, ent: _Ent, at: int, app: str, person_start: int) -> None:
        lx = self.lx
        words = app.split()
        lead = 0
        while lead < len(words) and words[lead].lower() in ("a", "an", "the", "its", "his",
                                                             "her", "their", "our", "le", "la",
                                                             "el", "su", "son", "sa", "l'"):
            lead += 1
        first = next((k for k in range(lead, min(len(words), lead + 6))
                      if words[k].lower().strip("’'") in lx.position_words), None)
        if first is None or not all(_in_a_post(w, lx) for w in words[lead:first]):
            return  # "X, le escribió una carta a la presidenta": a verb comes first
        det = words[lead - 1].lower() if lead else ""
        body_start = at + (app.index(words[lead]) if lead < len(words) else len(app))
        body = self.text[body_start:at + len(app.rstrip())]
        # "deputy president of the FPKg and chairman of the trade union of forestry workers"
        parts = [(body_start, body_start + len(body))]
        for m in re.finditer(r"\s+(?:and|y|et|e)\s+", body):
            nxt = body[m.end():].split()
            k = 0
            while k < len(nxt) and (nxt[k].lower() in lx.position_mods or _acronym_like(nxt[k])
                                    or nxt[k].lower() in ("the", "a", "an")):
                k += 1
            if k < len(nxt) and nxt[k].lower().strip("’'") in lx.position_words:
                s0, e0 = parts[-1]
                parts[-1] = (s0, body_start + m.start())
                parts.append((body_start + m.end(), e0))
        for s0, e0 in parts:
            title = _squash(self.text[s0:e0])
            if not title or len(title) > 120:
                continue
            org = self._org_in(s0, e0)
            if org is None and det in lx.possessives | {"its"}:
                org = self._last_org_before(person_start)
            self._add_position(ent, title, org)

    def _org_in(self, start: int, end: int) -> _Ent | None:
        """The first organisation named inside start:end (or by a back-reference there)."""
        best = None
        for c in self.cands:
            ent = c.ent.root()
            if c.start < end and start < c.end and ent.kind not in ("person", "group") and (
                    best is None or c.start < best[0] or (c.start == best[0] and c.end > best[1])):
                best = (c.start, c.end, ent)
        return best[2] if best else None

    def _add_position(self, ent: _Ent, title: str, org: _Ent | None) -> None:
        if any(_key(t) == _key(title) for t, _ in ent.positions):
            return
        ent.positions.append((title, org))
        self.notes.append(f"{ent.name!r}: position {title!r}"
                          + (f" in {org.name!r}" if org else "") + " by rule position")
        if org is not None and re.search(r"\b(?:member|membre|miembro|afiliad[oa])\b",
                                         title, re.I) and org not in ent.member_of:
            ent.member_of.append(org)


def _in_a_post(word: str, lx: _Lex) -> bool:
    """Whether ``word`` can stand before the post word in an apposition ("deputy",
    "national", "FPKg", "Teachers'"): a modifier, an acronym, a capitalised word or a
    connector; a lower-case verb cannot ("le escribió una carta a la presidenta")."""
    bare = word.lower().strip("’'")
    return (bare in lx.position_mods or _acronym_like(word) or word[:1].isupper()
            or bare in ("of", "de", "du", "del", "des", "la", "the", "and", "et", "y"))
