"""Entity data and helpers: gazetteer look-up, token helpers, the final resolution of spans.

The passes that use them are in :mod:`._entity_rules`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from bench.systems.rules._cues import is_future_word
from bench.systems.rules._gazetteer import gazetteer
from bench.systems.rules._lexicon import (
    ATTRIBUTION_VERBS,
    CHAIN_TITLES,
    COMMON_VERBS,
    COUNTED,
    DESCRIPTIVE_ADJ,
    EVENT_NAMES,
    FAC_HEADS,
    FAC_NAMES,
    GIVEN_NAMES,
    GPE_HEADS,
    HONORIFICS,
    INDEF_ADJ,
    INDEF_PORTFOLIOS,
    LAW_HEADS,
    LOC_HEADS,
    MEDIA_HEADS,
    NEEDS_COMPLEMENT,
    ORG_CLASSIFIERS,
    ORG_DEF_HEADS,
    ORG_INDEF_HEADS,
    ORG_NAMES,
    PORTFOLIO_TAIL,
    PORTFOLIOS,
    SPOKESPERSON,
    STOPWORDS,
    TITLES,
    UNITS,
    WEBSITES,
)
from bench.systems.rules._text import View, n, nset, splits

_NOT_NAMES = nset("دعم", "التزام", "حرص", "موقف", "استعداد", "رفض", "تأييد", "ترحيب", "قلق", "أمل", "عزم", "سعي",
                  "بلاده", "حكومته", "إدارته", "خطط", "خطة", "أهمية", "ضرورة", "رغبة", "إن", "أن", "بأن", "عدم")
@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Words that head titles, organisations or places: they end a person's name."""
    sequences = (*TITLES, *NEEDS_COMPLEMENT, *ORG_DEF_HEADS)
    words = {seq[0] for seq in sequences} | {seq[0][2:] for seq in sequences if seq[0].startswith("ال")}
    words |= ORG_INDEF_HEADS | GPE_HEADS | LOC_HEADS | FAC_HEADS | MEDIA_HEADS | ORG_CLASSIFIERS | SPOKESPERSON
    words |= CHAIN_TITLES | HONORIFICS | LAW_HEADS | PORTFOLIOS | {n("وزارة")}
    return frozenset(words)


@dataclass(frozen=True)
class Ent:
    start: int  # normalised offsets
    end: int
    type: str
    first: int  # token indices
    last: int
    canonical: str | None = None
    code: str | None = None


@lru_cache(maxsize=1)
def _table() -> dict[str, list[tuple[tuple[str, ...], str, str | None, str | None]]]:
    g = gazetteer()
    table: dict[str, list] = defaultdict(list)

    def put(words, type_: str, canonical: str | None = None, code: str | None = None) -> None:
        words = tuple(words)
        table[words[0]].append((words, type_, canonical, code))

    for name, (canonical, code) in g["gpe"].items():
        put(name.split(), "GPE", canonical, code)
    for name, canonical in g["loc"].items():
        put(name.split(), "LOC", canonical)
    for form, code in g["norp"].items():
        put([form], "NORP", g["english"].get(code) if code else None, code)
    for words, type_ in ([(w, "ORG") for w in ORG_NAMES] + [(w, "FAC") for w in FAC_NAMES]
                         + [(w, "EVENT") for w in EVENT_NAMES] + [(tuple(w.split()), "WEBSITE") for w in WEBSITES]):
        put(words, type_)
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return dict(table)


def nisba_like(word: str) -> bool:
    return word in DESCRIPTIVE_ADJ or word in gazetteer()["norp"] or (word.startswith("ال") and word.endswith(
        ("يه", "ي", "يين", "يون")) and len(word) > 5)


class Base:
    """Bookkeeping and helpers shared by the passes."""

    def __init__(self, view: View, timex: list[tuple[int, int]]) -> None:
        self.v = view
        self.timex = timex
        self.ents: list[Ent] = []
        self.at: dict[int, list[Ent]] = defaultdict(list)

    # -- bookkeeping ---------------------------------------------------------------------------
    def add(self, first: int, last: int, type_: str, start: int | None = None, canonical: str | None = None,
            code: str | None = None) -> Ent | None:
        v = self.v
        if not (0 <= first <= last < len(v)):
            return None
        ent = Ent(v.toks[first].start if start is None else start, v.toks[last].end, type_, first, last,
                  canonical, code)
        if any(e.start == ent.start and e.end == ent.end and e.type == type_ for e in self.at[first]):
            return None
        self.ents.append(ent)
        self.at[first].append(ent)
        return ent

    def starting(self, i: int, types: set[str] | str, bare: bool = True) -> Ent | None:
        """The longest entity of ``types`` whose first token is ``i`` (``bare``: with no proclitic)."""
        types = {types} if isinstance(types, str) else types
        found = [e for e in self.at.get(i, ()) if e.type in types
                 and (not bare or e.start == self.v.toks[i].start)]
        return max(found, key=lambda e: e.last - e.first) if found else None

    def in_timex(self, i: int) -> bool:
        t = self.v.toks[i]
        return any(a < t.end and t.start < b for a, b in self.timex)

    def forms(self, i: int) -> list[tuple[int, str]]:
        return splits(self.v.word(i)) if 0 <= i < len(self.v) and self.v.toks[i].is_word else []

    def form_in(self, i: int, words) -> tuple[int, str] | None:
        return next(((off, f) for off, f in self.forms(i) if f in words), None)

    def content(self, i: int) -> bool:
        """A word that can be part of a name: not a function word, verb, number word or time word."""
        v = self.v
        if not (0 <= i < len(v)) or not v.toks[i].is_word or len(v.word(i)) < 2 or self.in_timex(i):
            return False
        word = v.word(i)
        if any(f in STOPWORDS or f in COMMON_VERBS or f in ATTRIBUTION_VERBS for _o, f in splits(word)):
            return False
        if any(off and (f.startswith("ال") or f in COMMON_VERBS) for off, f in splits(word)):
            return False  # «للصحفيين», «وقال»: a preposition or conjunction phrase, not a name
        if any(f in _known_words() or (off and f in _table()) for off, f in splits(word)):
            return False  # «وزير», «بوزير», «بالعراق»: a title, head or place word
        return word not in UNITS and word not in _NOT_NAMES and not is_future_word(word)

    # -- pass 1: gazetteer ---------------------------------------------------------------------
    def gazetteer(self) -> None:
        v, table = self.v, _table()
        for t in v.toks:
            if not t.is_word:
                continue
            for off, form in splits(t.text):
                hits = [e for e in table.get(form, ()) if all(v.word(t.i + k) == e[0][k] for k in range(1, len(e[0])))]
                for words, type_, canonical, code in hits:
                    self.add(t.i, t.i + len(words) - 1, type_, t.start + off, canonical, code)
                if hits:
                    break

    def extend_norp(self, e: int) -> int:
        """Token index after a head's NORP adjective(s) («الأميركية-العراقية»), or ``e`` unchanged."""
        norp = self.starting(e + 1, "NORP")
        if norp is None:
            return e
        e = norp.last
        while self.v.word(e + 1) == "-" and self.starting(e + 2, "NORP"):
            e = self.starting(e + 2, "NORP").last
        return e

    # -- helpers for the passes -------------------------------------------------------------
    def seq_at(self, i: int, form: str, seq: tuple[str, ...]) -> bool:
        """Whether ``seq`` starts at token ``i`` read as ``form`` (its proclitics split off)."""
        return seq[0] == form and all(self.v.word(i + k) == seq[k] for k in range(1, len(seq)))

    def _match(self, i: int, sequences) -> tuple[int, int] | None:
        """(offset, last token) of the longest of ``sequences`` starting at token ``i``."""
        best = None
        for off, form in self.forms(i):
            for seq in sequences:
                if self.seq_at(i, form, seq) and (best is None or len(seq) - 1 > best[1] - i):
                    best = (off, i + len(seq) - 1)
        return best

    def _portfolio(self, e: int) -> int | None:
        v = self.v
        if v.word(e + 1) in PORTFOLIOS:
            e += 1
            if v.word(e + 1) in PORTFOLIO_TAIL:
                e += 1
            return e
        if v.word(e + 1) in INDEF_PORTFOLIOS and self.starting(e + 2, "GPE"):
            return self.starting(e + 2, "GPE").last
        return None

    def _propagate(self, types: set[str], single_from_multi: bool = False) -> None:
        """Tag other occurrences of names found by rule (a person's last name, an outlet's name)."""
        v = self.v
        names: dict[tuple[str, ...], str] = {}
        for e in self.ents:
            if e.type not in types:
                continue
            seq = tuple(v.norm[e.start:e.end].split())
            if v.word(e.first).startswith("لل") and e.start > v.toks[e.first].start:
                seq = ("ا" + seq[0], *seq[1:])  # «لسوداني» is looked up as «السوداني»
            names.setdefault(seq, e.type)
            if single_from_multi and len(seq) > 1 and len(seq[-1]) > 2 and seq[-1] not in GIVEN_NAMES:
                names.setdefault((seq[-1],), e.type)
        for i in range(len(v)):
            for off, form in self.forms(i):
                for seq, type_ in names.items():
                    inside = any(e.type == type_ and e.first <= i <= e.last for e in self.ents)
                    if not inside and self.seq_at(i, form, seq):
                        self.add(i, i + len(seq) - 1, type_, v.toks[i].start + off)

    def quoted(self, i: int) -> tuple[int, int] | None:
        v = self.v
        k = i + 1
        while k < len(v) and k < i + 7 and v.word(k) != '"':
            if not v.toks[k].is_word and v.word(k) not in ("-", "'", "."):
                return None
            k += 1
        if v.word(k) == '"' and k > i + 1 and all(v.word(x) not in STOPWORDS for x in range(i + 1, k)):
            return i + 1, k - 1
        return None

    def head_name(self, j: int, allow_def: bool = True) -> tuple[int, int] | None:
        v = self.v
        if v.word(j) == '"':
            return self.quoted(j)
        if not self.content(j) or v.word(j) in COUNTED:
            return None
        word = v.word(j)
        if word.startswith("ال"):
            if not allow_def or nisba_like(word) or word.endswith("ات"):
                return None
            return j, j
        if word in INDEF_ADJ or word.endswith(("يه", "ات")) or word in gazetteer()["norp"]:
            return None
        nxt = v.word(j + 1)
        if nxt.startswith("ال") and self.content(j + 1) and not nisba_like(nxt):
            return j, j + 1  # construct name: «عين الأسد», «كردستان العراق»
        return j, j

def resolve(view: View, ents: list[Ent]) -> list[Ent]:
    """One prediction per (span, type); same-type spans never share a start or cross."""
    persons = [e for e in ents if e.type == "PERS"]
    keep: list[Ent] = []
    for e in sorted(set(ents), key=lambda e: (e.start, -(e.end - e.start), e.type)):
        if e.type in ("NORP", "PERS") and any(p.start <= e.start and e.end <= p.end and p != e for p in persons):
            continue  # a nisba family name («السوداني») is no nationality there; a name has no inner name
        twin = {"GPE": "NORP", "NORP": "GPE"}.get(e.type)
        if twin and any(k.start == e.start and k.end == e.end and k.type == twin for k in ents):
            # «الحكومة السعودية»: an adjective right after a definite noun; the country elsewhere
            tok = view.toks[e.first]
            adjective = tok.start == e.start and view.word(e.first - 1).startswith("ال")
            if (e.type == "NORP") != adjective:
                continue
        if any(k.type == e.type and (k.start == e.start or k.start < e.start < k.end < e.end
                                     or (e.type in ("ORG", "OCC") and k.start < e.start and k.end == e.end))
               for k in keep):
            continue  # same start, crossing, or an ORG/OCC tail of a longer one («الخارجية الأمريكية»)
        keep.append(e)
    return keep
