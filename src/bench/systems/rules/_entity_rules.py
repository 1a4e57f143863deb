"""Named-entity rules (Wojood tags; guidelines §0–§1.3).

Passes, in order, each able to use what the earlier ones found:

1. gazetteer look-up (:mod:`._gazetteer`: GPE, LOC, NORP; plus :mod:`._lexicon`'s short lists of
   international organisations, landmark buildings, named events and websites), proclitics split off;
2. OCC: job titles, extended by a following NORP, GPE or «السابق»-type adjective, «المتحدث باسم X»,
   and chained titles («مستشار» + OCC);
3. PERS: a name run after an OCC, an honorific or a common given name; a person's last name (or
   single name) is then tagged wherever else it occurs in the document;
4. ORG: head + NORP («الحكومة العراقية»), «وزارة» + portfolio, indefinite head + GPE/OCC/PERS
   («حكومة بغداد», «إدارة الرئيس …»), names after classifiers and media heads («تنظيم X»,
   «صحيفة "X"», head outside), quoted names after «لـ» or an outlet's reporting verb;
5. GPE/LOC/FAC names after generic heads («محافظة X», «منطقة X», «قاعدة X»: head outside; a FAC
   head before a known city stays inside: «مطار بغداد»); names found by rule are propagated;
6. EVENT («الحرب على/ضد X», «النزاع بين X وY», «هجمات» + date), LAW («الدستور» + NORP, «اتفاقية» +
   name), LANGUAGE («اللغة» + CLDR language), WEBSITE (list and domain names).

Nesting comes from the passes overlapping (OCC ⊃ NORP, ORG ⊃ OCC ⊃ NORP…); the same type is never
predicted twice on one start, and same-type spans never cross.
"""

from __future__ import annotations

import re

from bench.systems.rules._entities import Base, Ent, nisba_like, resolve
from bench.systems.rules._gazetteer import gazetteer
from bench.systems.rules._lexicon import (
    AMBIGUOUS_GIVEN,
    CHAIN_TITLES,
    COUNTED,
    FAC_HEADS,
    GIVEN_NAMES,
    GPE_HEADS,
    HONORIFICS,
    INDEF_ADJ,
    LAW_HEADS,
    LOC_HEADS,
    MEDIA_HEADS,
    NAME_LINKS,
    NEEDS_COMPLEMENT,
    OFFICE_ADJ,
    ORG_CLASSIFIERS,
    ORG_DEF_HEADS,
    ORG_INDEF_HEADS,
    OUTLET_VERBS,
    SPOKESPERSON,
    TITLES,
)
from bench.systems.rules._text import View, n, nset

_WAR = nset("الحرب", "حرب", "حربها", "حربه", "حربهم", "النزاع", "الصراع", "نزاع", "صراع")
_WAR_ADJ = nset("العالمية", "الأهلية", "الشاملة", "المفتوحة", "الدائرة")
_ATTACKS = nset("هجمات", "هجوم", "تفجيرات", "أحداث", "اعتداءات")
_DOMAIN = re.compile(r"(?<![\w.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|info|news|iq|sa|"
                     r"ae|eg|lb|sy|ir|uk|fr|de|ru|cn)(?![\w.])")
_SHUUN = nset("شؤون", "الشؤون")


class Finder(Base):
    """The passes 2–6, run in order by :meth:`run`."""

    # -- pass 2: OCC ---------------------------------------------------------------------------
    def np_after(self, j: int) -> int | None:
        """Last token of the organisation or place named after «باسم»."""
        ent = self.starting(j, {"ORG", "GPE", "LOC"})
        if ent:
            return self.extend_norp(ent.last)
        if not self.content(j):
            return None
        e = j
        if self.v.word(j) == n("وزارة") and self._portfolio(j):
            e = self._portfolio(j)
        while e - j < 2 and self.v.word(e + 1).startswith("ال") and self.content(e + 1):
            e += 1
        return self.extend_norp(e)

    def occ(self) -> None:
        v = self.v
        for i in range(len(v)):
            for off, form in self.forms(i):
                if form in SPOKESPERSON:
                    j = i + 1 + (v.word(i + 1) == n("الرسمي"))
                    if v.word(j) == n("باسم") and (end := self.np_after(j + 1)) is not None:
                        self.add(i, end, "OCC", v.toks[i].start + off)
                        break
            hit = self._match(i, TITLES)
            needs = False
            if hit is None:
                hit, needs = self._match(i, NEEDS_COMPLEMENT), True
            if hit is None:
                continue
            off, e = hit
            if needs:
                head = v.word(e)
                if head.endswith(n("وزير")) or head.endswith(n("وزيرة")):
                    e = self._portfolio(e)
                else:
                    comp = self.starting(e + 1, {"NORP", "GPE", "ORG"})
                    e = comp.last if comp else None
                if e is None:
                    continue
            for _ in range(4):
                nxt = self.extend_norp(e)
                if nxt != e:
                    e = nxt
                elif not v.word(e).startswith("ال") and self.starting(e + 1, "GPE"):
                    e = self.starting(e + 1, "GPE").last  # construct: «رئيس وزراء العراق»
                elif v.word(e + 1) in OFFICE_ADJ:
                    e += 1
                elif (org := self.starting(e + 1, "ORG", bare=False)) and org.start > v.toks[e + 1].start:
                    e = org.last  # «الأمين العام للأمم المتحدة»
                else:
                    break
            self.add(i, e, "OCC", v.toks[i].start + off)
        self._chain()

    def _chain(self) -> None:
        """«مستشار» + OCC (+ «للشؤون الخارجية») is itself an OCC."""
        v = self.v
        for _round in range(2):
            for i in range(len(v)):
                hit = self.form_in(i, CHAIN_TITLES)
                inner = self.starting(i + 1, "OCC")
                if not hit or not inner:
                    continue
                e = inner.last
                if self.form_in(e + 1, _SHUUN) and v.word(e + 2).startswith("ال"):
                    e += 2
                self.add(i, e, "OCC", v.toks[i].start + hit[0])

    # -- pass 3: PERS --------------------------------------------------------------------------
    def name_run(self, j: int, max_len: int = 4) -> list[int]:
        v, run = self.v, []
        k = j
        while k < len(v) and len(run) < max_len and self.content(k):
            word = v.word(k)
            if self.starting(k, {"GPE", "LOC", "ORG"}) or word in COUNTED:
                break
            if word.startswith("ال") and not (run and v.word(k - 1) in NAME_LINKS):
                if run and not self.starting(k, "NORP") or run and word.endswith("ي"):
                    run.append(k)  # a family name with the article ends the name («السوداني»)
                break
            if not run and (word.endswith(("ه", "ات")) and word not in GIVEN_NAMES):
                break
            run.append(k)
            k += 1
        if run and v.word(run[-1]) in NAME_LINKS:
            run.pop()
        return run

    def pers(self) -> None:
        v = self.v
        for ent in [e for e in self.ents if e.type == "OCC"]:
            if self.starting(ent.last + 1, "OCC"):
                continue
            run = self.name_run(ent.last + 1)
            if run:
                self.add(run[0], run[-1], "PERS")
        for i in range(len(v)):
            hit = self.form_in(i, HONORIFICS)
            if hit and (run := self.name_run(i + 1)):
                self.add(run[0], run[-1], "PERS")
            given = self.form_in(i, GIVEN_NAMES)
            if given and not self.in_timex(i):
                run = [i] + self.name_run(i + 1, 3)
                if given[1] in AMBIGUOUS_GIVEN and (len(run) < 2 or (v.word(run[1]).startswith("ال")
                                                                     and v.word(i) != n("عبد"))):
                    continue
                self.add(i, run[-1], "PERS", v.toks[i].start + given[0])
        self._propagate({"PERS"}, single_from_multi=True)

    # -- pass 4: ORG ---------------------------------------------------------------------------
    def org(self) -> None:
        v = self.v
        for i in range(len(v)):
            hit = self._match(i, ORG_DEF_HEADS)
            if hit and any(e.type == "OCC" and e.first < i <= e.last for e in self.ents):
                hit = None  # «وزير الخارجية الفرنسي» is a title, not the ministry
            if hit and (e := self.extend_norp(hit[1])) != hit[1]:
                self.add(i, e, "ORG", v.toks[i].start + hit[0])
            ministry = self.form_in(i, {n("وزارة")})
            if ministry and (e := self._portfolio(i)) is not None:
                self.add(i, self.extend_norp(e), "ORG", v.toks[i].start + ministry[0])
            head = self.form_in(i, ORG_INDEF_HEADS)
            if head:
                comp = self.starting(i + 1, {"GPE", "OCC", "PERS", "ORG"})
                if comp is None and self.form_in(i + 1, GPE_HEADS):
                    comp = self.starting(i + 2, "GPE")  # «حكومة إقليم X»
                if comp:
                    e = comp.last
                    if comp.type == "OCC" and (pers := self.starting(e + 1, "PERS")):
                        e = pers.last
                    self.add(i, e, "ORG", v.toks[i].start + head[0])
        found = len(self.ents)
        for i in range(len(v)):
            if self.form_in(i, ORG_CLASSIFIERS):
                span = self.head_name(i + 1, allow_def=v.word(i) in (n("تنظيم"), n("حزب")))
                if span:
                    self.add(span[0], span[1], "ORG")
            media = self.form_in(i, MEDIA_HEADS)
            if media:
                self._media(i, media[0])
            if v.word(i) == '"' and (v.word(i - 1) in ("ل", "ب") and v.glued(i - 1, i)
                                     or self.form_in(i - 1, OUTLET_VERBS)):
                span = self.quoted(i)
                if span and span[1] - span[0] < 4:
                    self.add(span[0], span[1], "ORG")
        if len(self.ents) > found:
            self._propagate({"ORG"})

    def _media(self, i: int, off: int) -> None:
        v = self.v
        if v.word(i + 1) == '"':
            span = self.quoted(i + 1)
            if span:
                self.add(span[0], span[1], "ORG")
            return
        if v.word(i + 1).startswith("ال") and v.word(i).endswith(n("وكالة")):
            e = i + 1
            while e - i < 3 and v.word(e + 1).startswith("ال") and self.content(e + 1):
                e += 1
            self.add(i, e, "ORG", v.toks[i].start + off)  # «وكالة الأنباء العراقية»: the head is the name
            return
        run, k = [], i + 1
        while k < len(v) and len(run) < 4 and self.content(k) and not self.starting(k, "NORP"):
            if v.word(k).startswith("ال") and (run or nisba_like(v.word(k))):
                break
            run.append(k)
            k += 1
            if v.word(k - 1).startswith("ال"):
                break
        if run and not (len(run) == 1 and (v.word(run[0]) in INDEF_ADJ or v.word(run[0]).endswith("يه"))):
            self.add(run[0], run[-1], "ORG")

    # -- pass 5: names after generic heads -----------------------------------------------------
    def places(self) -> None:
        v = self.v
        found = len(self.ents)
        for i in range(len(v)):
            for heads, type_ in ((GPE_HEADS, "GPE"), (LOC_HEADS, "LOC"), (FAC_HEADS, "FAC")):
                hit = self.form_in(i, heads)
                if not hit:
                    continue
                known = self.starting(i + 1, {"GPE", "LOC"})
                if known:
                    if type_ == "FAC":  # «مطار بغداد الدولي»: the head is part of the name
                        e = known.last + (v.word(known.last + 1) in (n("الدولي"), n("المركزي")))
                        self.add(i, e, "FAC", v.toks[i].start + hit[0])
                    break
                span = self.head_name(i + 1, allow_def=v.word(i) != n("العاصمة"))
                if span and not self.starting(span[0], "PERS"):
                    self.add(span[0], span[1], type_)
                break
        if len(self.ents) > found:
            self._propagate({"GPE", "LOC", "FAC"})

    # -- pass 6: events, laws, languages, websites ---------------------------------------------
    def events(self) -> None:
        v = self.v
        for i in range(len(v)):
            war = self.form_in(i, _WAR)
            if war:
                self._war(i, war[0])
            attack = self.form_in(i, _ATTACKS)
            if attack and i + 1 < len(v):
                start = v.toks[i + 1].start
                for a, b in self.timex:
                    if a == start and (last := v.tok_ending(b)) is not None:
                        self.add(i, last, "EVENT", v.toks[i].start + attack[0])
            self._law(i)
            if self.form_in(i, {n("اللغة")}) and v.word(i + 1) in gazetteer()["languages"]:
                self.add(i + 1, i + 1, "LANGUAGE")
        for m in _DOMAIN.finditer(v.norm):
            first, last = v.tok_at(m.start()), v.tok_at(m.end() - 1)
            if first is not None and last is not None:
                self.add(first, last, "WEBSITE", m.start())

    def _war(self, i: int, off: int) -> None:
        v = self.v
        j = i + 1
        while (self.starting(j, "NORP") or v.word(j) in _WAR_ADJ) and j - i < 4:
            j = self.starting(j, "NORP").last + 1 if self.starting(j, "NORP") else j + 1
        if v.word(j) in (n("على"), n("ضد")):
            k = j + 1 + bool(self.form_in(j + 1, ORG_CLASSIFIERS))
            target = self.starting(k, {"GPE", "ORG"})
            if target:
                self.add(i, target.last, "EVENT", v.toks[i].start + off)
            elif v.word(k) == n("الإرهاب"):
                self.add(i, k, "EVENT", v.toks[i].start + off)
        elif v.word(j) == n("بين") and (a := self.starting(j + 1, {"GPE", "ORG"})):
            b = self.starting(a.last + 1, {"GPE", "ORG"}, bare=False)
            if b and v.word(a.last + 1).startswith("و"):
                self.add(i, b.last, "EVENT", v.toks[i].start + off)
        elif j > i + 1 and v.word(i + 1) == n("الأهلية") and self.starting(i + 2, "NORP"):
            self.add(i, self.starting(i + 2, "NORP").last, "EVENT", v.toks[i].start + off)

    def _law(self, i: int) -> None:
        v = self.v
        constitution = self.form_in(i, {n("الدستور"), n("دستور")})
        if constitution:
            comp = self.starting(i + 1, "NORP" if constitution[1].startswith("ال") else "GPE")
            if comp:
                self.add(i, comp.last, "LAW", v.toks[i].start + constitution[0])
            return
        head = self.form_in(i, LAW_HEADS)
        if not head:
            return
        gpe = self.starting(i + 1, "GPE")
        if gpe:
            self.add(i, gpe.last, "LAW", v.toks[i].start + head[0])
            return
        word = v.word(i + 1)
        if not (word.startswith("ال") and self.content(i + 1) and not nisba_like(word)):
            return
        e = i + 1
        while nisba_like(v.word(e + 1)) and self.content(e + 1) and e - i < 4:
            e += 1
        if v.word(e + 1) == n("بين") and (a := self.starting(e + 2, "GPE")):
            b = self.starting(a.last + 1, "GPE", bare=False)
            if b and v.word(a.last + 1).startswith("و"):
                e = b.last
        self.add(i, e, "LAW", v.toks[i].start + head[0])

    def run(self) -> list[Ent]:
        self.gazetteer()
        self.occ()
        self.pers()
        self.places()
        self.org()
        self.events()
        return resolve(self.v, self.ents)


def extract_entities(view: View, timex: list[tuple[int, int]]) -> list[Ent]:
    return Finder(view, timex).run()

