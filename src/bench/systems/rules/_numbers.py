"""Numeric-claim rules (guidelines §3): amounts of countable things, their qualifier and unit.

Number expressions: digit runs (thousands separators and decimals allowed) with an optional
multiplier («170 ألف» = 170000), number words (:func:`parse_number_words`), duals of counted nouns
(«مرحلتين» = 2), a singular noun + «واحد/واحدة» (= 1) and the vague «عشرات/مئات/آلاف/ملايين»
(value = the magnitude, qualifier ``vague``). A number inside a TIMEX3 is temporal, not a claim.

The span is the number expression and the counted noun written right after it; qualifier words
before it stay outside; a noun introduced by «من» («مئات من القوات») stays outside but still gives
the unit. A figure with an elided noun after «و» («2500 جندي في العراق و900 في سوريا») takes the
unit and qualifier of the claim before it in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bench.systems.rules._lexicon import (
    AMBIGUOUS_DUALS,
    COMMON_VERBS,
    COUNTED,
    DUALS,
    ID_WORDS,
    MULTIPLIERS,
    PERCENT_PHRASES,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    STANDALONE,
    STOPWORDS,
    SYMBOL_UNITS,
    UNITS,
    VAGUE,
    parse_number_words,
)
from bench.systems.rules._text import View, n, splits

# a figure: digits with optional thousands separators and decimals, not part of a code («F-16», «1/2»)
_DIGITS = re.compile(r"(?<![\d.,٫٬/\-])(?:\d{1,3}(?:[,٬]\d{3})+|\d+)(?:[.٫]\d+)?(?![\d\-/]|[.,٫٬]\d)")
_ONE = {n("واحد"), n("واحدة")}
_TWO = {n("اثنان"), n("اثنين"), n("اثنتان"), n("اثنتين")}
_PLURAL_ADJ_TAIL = ("يين", "يون")  # «مسؤولين أمريكيين»: nisba plural → a plural, not a dual


@dataclass
class Claim:
    start: int  # normalised offsets of the span
    end: int
    value: float | None
    qualifier: str = "exact"
    unit: str | None = None
    num_end: int = 0  # end of the number expression itself (before the noun)
    noun_tok: int | None = None  # index of the counted noun token (in or after the span)
    extras: dict = field(default_factory=dict)


def _lookup_noun(word: str) -> str | None:
    """Unit of a counted noun, also with the article («من القوات»)."""
    for _off, form in splits(word):
        if form in COUNTED:
            return COUNTED[form]
        if form.startswith("ال") and form[2:] in COUNTED:
            return COUNTED[form[2:]]
    return None


def _plain_noun(view: View, i: int) -> bool:
    """An indefinite content word that can be the counted noun of a figure (unit unknown)."""
    word = view.word(i)
    return (i < len(view) and view.toks[i].is_word and not word.startswith("ال") and len(word) > 2
            and word not in STOPWORDS and word not in COMMON_VERBS and not re.match(r"^س[يتن]", word)
            and word not in MULTIPLIERS)


class _Finder:
    def __init__(self, view: View, blocked: list[tuple[int, int]]) -> None:
        self.view = view
        self.blocked = blocked
        self.claims: list[Claim] = []

    def _free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.blocked) and all(
            end <= c.start or start >= c.end for c in self.claims)

    def _noun(self, claim: Claim, nxt: int, require: bool) -> bool:
        """Attach the counted noun at token ``nxt`` (or after «من»); False when ``require`` fails."""
        v = self.view
        word = v.word(nxt)
        if word in SYMBOL_UNITS and v.glued(nxt - 1, nxt) or word in ("%", "٪"):
            claim.unit, claim.end = SYMBOL_UNITS[word], v.toks[nxt].end
            return True
        if word == n("بالمئة") or word == n("بالمائة") or (word, v.word(nxt + 1)) in PERCENT_PHRASES:
            last = nxt if word.startswith("بال") else nxt + 1
            claim.unit, claim.end = "percent", v.toks[last].end
            return True
        unit = COUNTED.get(word)
        if unit and not word.startswith("ال"):
            claim.unit, claim.end, claim.noun_tok = unit, v.toks[nxt].end, nxt
            return True
        if word == n("من") and _lookup_noun(v.word(nxt + 1)):
            claim.unit, claim.noun_tok = _lookup_noun(v.word(nxt + 1)), nxt + 1
            return True
        if claim.extras.get("vague") and word.startswith("ال") and _lookup_noun(word):
            claim.unit, claim.end, claim.noun_tok = _lookup_noun(word), v.toks[nxt].end, nxt  # «مئات الجنود»
            return True
        if _plain_noun(v, nxt):
            claim.end, claim.noun_tok = v.toks[nxt].end, nxt
            return True
        return not require

    def run(self) -> list[Claim]:
        v = self.view
        for m in _DIGITS.finditer(v.norm):
            self.digits(m)
        for t in v.toks:
            if t.is_word:
                self.words(t.i)
        self.claims.sort(key=lambda c: c.start)
        for c in self.claims:
            self.qualify(c)
        self.elided()
        return self.claims

    def digits(self, m: re.Match[str]) -> None:
        v = self.view
        i = v.tok_starting(m.start())
        if i is None:
            return
        if v.glued(i - 1, i) and not (re.fullmatch(r"[وف]?[بل]?", v.word(i - 1)) and not v.glued(i - 2, i - 1)):
            return  # glued to a word that is not a proclitic cluster («و900» is fine, «F16» is not)
        if v.glued(i, i + 1) and v.toks[i + 1].is_word:
            return
        prev = v.word(i - 1)
        if prev in ID_WORDS or (prev[:1] in ("و", "ب", "ل") and prev[1:] in ID_WORDS):
            return
        if prev == "-" or (i >= 2 and v.word(i - 2).isascii() and v.word(i - 2).isalpha() and prev == "-"):
            return
        value = float(m.group().replace(",", "").replace("٬", "").replace("٫", "."))
        end_tok = v.tok_ending(m.end())
        if end_tok is None:
            return
        claim = Claim(m.start(), m.end(), value, num_end=m.end())
        nxt = end_tok + 1
        if v.word(nxt) in MULTIPLIERS:
            claim.value = value * MULTIPLIERS[v.word(nxt)]
            claim.end = claim.num_end = v.toks[nxt].end
            nxt += 1
        self._noun(claim, nxt, require=False)
        if self._free(claim.start, claim.end):
            claim.extras["digits"] = True
            self.claims.append(claim)

    def words(self, i: int) -> None:
        v = self.view
        tok = v.toks[i]
        for off, form in splits(tok.text):
            if off and not (form in UNITS or form in VAGUE or form in STANDALONE or form in DUALS):
                continue
            words = [form] + [v.word(j) for j in range(i + 1, i + 4)]
            start = tok.start + off
            if form in DUALS:  # never definite: «المسؤولان», «البلدين» only point back (§3.1)
                self.dual(i, start, form)
                return
            if form.startswith("ال") and form[2:] in VAGUE:
                form = form[2:]  # «المئات من جنود»: the article stays inside the span
            if form in VAGUE and not (v.word(i - 1).isdigit() or parse_number_words([v.word(i - 1)])):
                claim = Claim(start, tok.end, float(VAGUE[form]), "vague", num_end=tok.end, extras={"vague": True})
                nxt = i + 1
                if form == n("عشرات") and v.word(nxt) in (n("آلاف"), n("الآلاف")):
                    claim.value, claim.end, claim.num_end, nxt = 10000.0, v.toks[nxt].end, v.toks[nxt].end, nxt + 1
                self._noun(claim, nxt, require=False)
                self._add(claim)
                return
            if form.startswith("ال"):
                return  # «الثلاثة», «الألف»: definite, anaphoric or ordinal
            if form in _ONE | _TWO:
                return  # said after the noun: handled by the noun rule below
            parsed = parse_number_words(words)
            if parsed:
                value, used = parsed
                claim = Claim(start, v.toks[i + used - 1].end, float(value), num_end=v.toks[i + used - 1].end)
                if self._noun(claim, i + used, require=True):
                    self._add(claim)
                return
        # «جندي واحد», «دولتين اثنتين»: the number word comes after the noun
        unit = COUNTED.get(tok.text)
        if unit and v.word(i + 1) in _ONE | _TWO and not tok.text.startswith("ال"):
            value = 1.0 if v.word(i + 1) in _ONE else 2.0
            self._add(Claim(tok.start, v.toks[i + 1].end, value, unit=unit, num_end=v.toks[i + 1].end,
                            noun_tok=i))

    def dual(self, i: int, start: int, form: str) -> None:
        v = self.view
        nxt = v.word(i + 1)
        if form in AMBIGUOUS_DUALS:
            # a sound plural unless the next word is a dual adjective («مسؤولين كبيرين») or «اثنين»
            dual_adj = nxt.endswith(("ين", "ان")) and not nxt.endswith(_PLURAL_ADJ_TAIL) and len(nxt) > 4
            if not (dual_adj or nxt in _TWO):
                return
        self._add(Claim(start, v.toks[i].end, 2.0, unit=DUALS[form], num_end=v.toks[i].end, noun_tok=i))

    def _add(self, claim: Claim) -> None:
        if self._free(claim.start, claim.end):
            self.claims.append(claim)

    def qualify(self, c: Claim) -> None:
        v = self.view
        first = v.tok_at(c.start)
        if first is None:
            return
        # the qualifier may carry a proclitic («بحوالي», «لأكثر من»): its first word is read through splits()
        before = [v.word(j) for j in range(max(0, first - 4), first)]
        for phrase, qual in QUALIFIERS_BEFORE:
            k = len(phrase)
            if len(before) < k:
                continue
            tail = before[-k:]
            head = tail[0]
            ok = tail[1:] == list(phrase[1:]) and any(form == phrase[0] for _o, form in splits(head))
            if ok and c.qualifier == "exact":
                c.qualifier = qual
                break
        if c.qualifier == "exact":
            last = v.tok_at(c.end - 1)
            after = tuple(v.word(j) for j in range((last or 0) + 1, (last or 0) + 3))
            for phrase, qual in QUALIFIERS_AFTER.items():
                if after[:len(phrase)] == phrase:
                    c.qualifier = qual
        # «بين 10 و20 جنديا»: a range
        if c.qualifier == "exact" and any(form == n("بين") for _o, form in splits(v.word(first - 1))):
            c.extras["range_start"] = True

    def elided(self) -> None:
        """Bare figures after «و» inherit the unit and qualifier of the previous claim; ranges merge."""
        v = self.view
        merged: list[Claim] = []
        for c in self.claims:
            prev = merged[-1] if merged else None
            tok = v.tok_at(c.start)
            after_wa = tok is not None and (v.word(tok) == "و" or (v.toks[tok].start < c.start
                                                                   and v.word(tok).startswith("و")))
            if tok is not None and v.toks[tok].start == c.start and v.word(tok - 1) == "و":
                after_wa = True
            if prev and after_wa and prev.extras.get("range_start") and c.value is not None:
                lo, hi = sorted((prev.value, c.value))
                merged[-1] = Claim(prev.start, c.end, None, "range", c.unit or prev.unit,
                                   extras={"min": lo, "max": hi})
                continue
            if prev and after_wa and c.unit is None and c.noun_tok is None and prev.unit \
                    and v.bounds(prev.start, ".!?؟\n") == v.bounds(c.start, ".!?؟\n"):
                c.unit = prev.unit
                if c.qualifier == "exact":
                    c.qualifier = prev.qualifier
            merged.append(c)
        self.claims = merged


def extract_numbers(view: View, timex_spans: list[tuple[int, int]]) -> list[Claim]:
    return _Finder(view, timex_spans).run()
