"""TIMEX3 rules: calendar dates, years, relative references, durations, sets (guidelines §2).

Every pattern runs on the normalised text. A proclitic cluster before an expression stays outside
(guidelines §0); prepositions and signals («في», «بحلول», «منذ»…) are never part of a pattern, so they
stay outside (§2.1); «عام/العام/سنة», «شهر», «يوم» and part-of-period words are inside. Overlapping
matches are resolved longest first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel import Locale

from bench.systems.rules._cues import clause_is_future
from bench.systems.rules._lexicon import COUNTED, HUNDREDS, MULTIPLIERS, TENS, UNITS, parse_number_words
from bench.systems.rules._text import PROCLITIC_PREFIX, View, n
from bench.timex import canonical_value


@dataclass(frozen=True)
class TimexCand:
    start: int  # normalised offsets
    end: int
    type: str
    value: str | None
    mod: str | None = None


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def _months() -> dict[str, int]:
    months: dict[str, int] = {}
    for loc in ("ar", "ar_SY", "ar_MA", "ar_TN"):  # Egyptian/Gulf, Levantine/Iraqi, Moroccan, Tunisian
        for number, name in Locale.parse(loc).months["format"]["wide"].items():
            months.setdefault(n(name), number)
    return months


MONTHS = _months()
AMBIGUOUS_MONTHS = {n(w) for w in ("مارس", "آب", "ماي", "جوان", "أيار")}  # also «practised», «father»…
WEEKDAYS = {n(name): number for number, name in Locale("ar").days["format"]["wide"].items()}
PARTS = {n("نهاية"): "END", n("أواخر"): "END", n("ختام"): "END", n("بداية"): "START", n("مطلع"): "START",
         n("أوائل"): "START", n("بدء"): "START", n("منتصف"): "MID", n("أواسط"): "MID"}
PAST = {n(w) for w in ("الماضي", "الماضية", "الفائت", "الفائتة", "المنصرم", "المنصرمة", "السابق", "السابقة")}
NEXT = {n(w) for w in ("المقبل", "المقبلة", "القادم", "القادمة")}
THIS = {n(w) for w in ("الحالي", "الحالية", "الجاري", "الجارية")}
T_QUALS = {n(w): m for w, m in {
    "أكثر من": "MORE_THAN", "ما يزيد على": "MORE_THAN", "ما يزيد عن": "MORE_THAN", "أزيد من": "MORE_THAN",
    "أقل من": "LESS_THAN", "ما يقل عن": "LESS_THAN", "نحو": "APPROX", "حوالي": "APPROX", "قرابة": "APPROX",
    "ما يقارب": "APPROX", "زهاء": "APPROX", "ما لا يقل عن": "EQUAL_OR_MORE", "على الأقل": "EQUAL_OR_MORE",
}.items()}
# duration unit words → (TIMEX3 unit, TIMEX unit letter for durations)
_UNIT_WORDS = {
    "Y": ("سنوات", "سنين", "أعوام", "عاما", "عام", "سنة"), "M": ("أشهر", "شهور", "شهرا", "شهر"),
    "W": ("أسابيع", "أسبوعا", "أسبوع"), "D": ("أيام", "يوما", "يوم"), "DE": ("عقود", "عقدا", "عقد"),
    "H": ("ساعات", "ساعة"), "MIN": ("دقائق", "دقيقة"), "CE": ("قرون", "قرنا", "قرن"),
}
UNIT_OF = {n(w): u for u, words in _UNIT_WORDS.items() for w in words}
_DUAL_UNITS = {"Y": ("عامين", "عامان", "سنتين", "سنتان"), "M": ("شهرين", "شهران"), "W": ("أسبوعين", "أسبوعان"),
               "D": ("يومين", "يومان"), "DE": ("عقدين", "عقدان"), "H": ("ساعتين", "ساعتان"),
               "MIN": ("دقيقتين", "دقيقتان"), "CE": ("قرنين", "قرنان")}
DUAL_UNIT = {n(w): u for u, words in _DUAL_UNITS.items() for w in words}
SINGULAR_UNIT = {n(w): u for u, w in (("Y", "عام"), ("Y", "سنة"), ("M", "شهر"), ("W", "أسبوع"), ("DE", "عقد"),
                                      ("CE", "قرن"))}
PLURAL_UNIT = {n(w): u for u, w in (("Y", "سنوات"), ("Y", "أعوام"), ("Y", "سنين"), ("M", "أشهر"), ("M", "شهور"),
                                    ("W", "أسابيع"), ("D", "أيام"), ("DE", "عقود"), ("H", "ساعات"))}
DURATION_SIGNALS = {n(w) for w in ("منذ", "خلال", "لمدة", "مدة", "طوال", "مرور", "قبل", "بعد", "مدى", "مدار",
                                   "نحو", "حوالي", "لنحو", "بنحو", "قرابة", "لأكثر", "أكثر", "لقرابة", "طيلة",
                                   "لحوالي", "بعد", "غضون", "بغضون", "وخلال", "ومنذ")}
_DURATION_ADJ = {n(w) for w in ("كامل", "كاملة", "إضافي", "إضافية", "واحد", "واحدة", "آخر", "أخرى")}
_NOT_DURATION_AFTER = {n(w) for w in ("اجتماع", "اجتماعا", "لقاء", "مؤتمر", "جلسة", "قمة", "صفقة", "اتفاق",
                                      "اتفاقية", "محادثات")}
_TOD = {n("صباح"): "MO", n("فجر"): "MO", n("ظهر"): "MI", n("عصر"): "AF", n("مساء"): "EV", n("ليلة"): "NI",
        n("ليل"): "NI"}
_ANCHORS = {n("اليوم"): 0, n("أمس"): -1, n("البارحة"): -1, n("غدا"): 1, n("أول أمس"): -2, n("بعد غد"): 2}
_DECADES = {n(w + s): d for w, d in (("الخمسين", 195), ("الستين", 196), ("السبعين", 197), ("الثمانين", 198),
                                      ("التسعين", 199)) for s in ("يات", "ات")}
_SETS = {n("يوميا"): "P1D", n("أسبوعيا"): "P1W", n("شهريا"): "P1M", n("سنويا"): "P1Y"}
_VAGUE_REFS = {n(w): (t, v) for w, (t, v) in {
    "الآن": ("DATE", "PRESENT_REF"), "حاليا": ("DATE", "PRESENT_REF"), "الوقت الراهن": ("DATE", "PRESENT_REF"),
    "الوقت الحالي": ("DATE", "PRESENT_REF"), "الوقت الحاضر": ("DATE", "PRESENT_REF"),
    "الفترة الماضية": ("DATE", "PAST_REF"), "الفترة الأخيرة": ("DATE", "PAST_REF"),
    "الفترة المقبلة": ("DATE", "FUTURE_REF"), "الفترة القادمة": ("DATE", "FUTURE_REF"),
    "مستقبلا": ("DATE", "FUTURE_REF"), "فترة طويلة": ("DURATION", "PXY"),
}.items()}
_PERIOD_ADJ = {n(w): kind for w, kind in {"الأخيرة": "past", "الماضية": "past", "الأولى": "first",
                                          "المقبلة": "next", "القادمة": "next"}.items()}

DEF0 = r"(?:ال|(?<=ل)ل)"  # article of an expression's first word; «لل» keeps one ل inside (§0)
_NUMW = _alt([*UNITS, *TENS, *HUNDREDS, *MULTIPLIERS])
_NUMW_PHRASE = rf"(?:{_NUMW})(?:\s+(?:{_NUMW}|و(?:{_alt(TENS)})))*"
_MON = _alt(MONTHS)
_WD = _alt(WEEKDAYS)
_PART = _alt(PARTS)
_REL = _alt(PAST | NEXT | THIS)
_QUAL = _alt(T_QUALS)
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_END = r"(?!\w)"


def _rx(body: str) -> re.Pattern[str]:
    return re.compile(PROCLITIC_PREFIX + f"(?P<b>{body}){_END}")


RX_DATE = _rx(rf"(?:(?P<part>{_PART})\s+)?(?:(?:(?:ال)?يوم\s+)?(?P<wd>{_WD})\s+(?:ال)?)?(?:(?P<day>[0-3]?\d)\s+)?"
              rf"(?:(?P<shahr>شهر)\s+)?(?P<m1>{_MON})(?:\s*[/\-]\s*(?P<m2>{_MON}))?"
              rf"(?:\s*[،,]?\s+(?:(?:عام|العام|سنه)\s+)?{_YEAR}|\s+(?P<rel>{_REL}))?")
RX_YEAR = _rx(rf"(?:(?P<part>{_PART})\s+)?(?:عام|{DEF0}عام|سنه|{DEF0}سنه|عامي)\s+{_YEAR}")
RX_BAREYEAR = re.compile(rf"{PROCLITIC_PREFIX}(?P<b>{_YEAR})(?![.,٫٬]\d|\s*[%٪])")
RX_REL = _rx(rf"(?:(?P<part>{_PART})\s+)?(?:(?P<this>هذا|هذه)\s+)?"
             rf"(?P<unit>{DEF0}(?:عام|سنه|شهر|اسبوع))(?:\s+(?P<rel>{_REL}))?")
RX_ANCHOR = _rx(rf"(?:(?P<tod>{_alt(_TOD)})\s+)?(?:يوم\s+)?(?P<anchor>{_alt(_ANCHORS)})(?:\s+(?P<wd>{_WD}))?")
RX_WEEKDAY = _rx(rf"(?:(?P<tod>{_alt(_TOD)})\s+)?(?:(?P<yawm>{DEF0}?يوم)\s+)?(?P<wd>{_WD})"
                 rf"(?:\s+(?P<rel>{_alt(PAST | NEXT)}))?")
RX_DURATION = _rx(rf"(?:(?P<q>{_QUAL})\s+)?(?:(?P<num>\d+(?:[.٫]\d+)?)|(?P<numw>{_NUMW_PHRASE}))\s+"
                  rf"(?P<u>{_alt(UNIT_OF)})(?P<zaman>\s+من\s+الزمن)?")
RX_DUAL = _rx(rf"(?:(?P<q>{_QUAL})\s+)?(?P<dual>{_alt(DUAL_UNIT)})(?P<zaman>\s+من\s+الزمن)?")
RX_SINGULAR = _rx(rf"(?:(?P<q>{_QUAL})\s+)?(?P<sg>{_alt(SINGULAR_UNIT)})(?:\s+(?P<adj>{_alt(_DURATION_ADJ)}))?"
                  rf"(?P<zaman>\s+من\s+الزمن)?")
RX_PLURAL = _rx(rf"(?:(?P<few>عده|بضعه|بضع)\s+)?(?P<pl>{_alt(PLURAL_UNIT)})")
RX_PERIOD = _rx(rf"(?P<pl>{DEF0}(?:اشهر|شهور|سنوات|اعوام|ايام|اسابيع|عقود))(?:\s+(?P<numw>{_NUMW}))?"
                rf"(?:\s+القليله)?\s+(?P<adj>{_alt(_PERIOD_ADJ)})")
RX_VAGUE = _rx(_alt(_VAGUE_REFS))
RX_SET = _rx(rf"(?P<adv>{_alt(_SETS)})|كل\s+(?P<every>يوم|اسبوع|شهر|عام|سنه)")
RX_DECADE = _rx(rf"(?P<dec>{_alt(_DECADES)})")
RX_CLOCK = _rx(r"الساعه\s+(?P<h>[0-2]?\d)(?::(?P<mi>[0-5]\d))?(?:\s+(?P<ampm>صباحا|مساء|ظهرا|فجرا|ليلا))?")


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + month - 1 + delta
    return k // 12, k % 12 + 1


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _rel_sign(rel: str | None) -> int | None:
    if rel in PAST:
        return -1
    if rel in NEXT:
        return 1
    if rel in THIS:
        return 0
    return None


def _duration_value(amount: str | int | None, unit: str) -> str:
    if unit == "MIN":
        return canonical_value(f"PT{amount}M")
    if unit == "H":
        return canonical_value(f"PT{amount}H")
    return canonical_value(f"P{amount}{unit}") if amount != "X" else f"PX{unit}"


def _ago(dct: dt.date, amount: int | None, unit: str) -> str:
    """Value of «قبل N unit» (N units ago); vague amounts give PAST_REF."""
    if amount is None:
        return "PAST_REF"
    if unit == "Y":
        return f"{dct.year - amount:04d}"
    if unit == "M":
        y, m = _shift_month(dct.year, dct.month, -amount)
        return f"{y:04d}-{m:02d}"
    if unit == "W":
        return _week(dct - dt.timedelta(weeks=amount))
    if unit == "D":
        return (dct - dt.timedelta(days=amount)).isoformat()
    if unit == "DE":
        return f"{(dct.year - 10 * amount) // 10:03d}"
    return "PAST_REF"


def _preceding(view: View, pos: int, k: int = 2) -> list[str]:
    """The ``k`` normalised words before ``pos`` (nearest last), proclitic و removed."""
    i = view.tok_at(pos)
    if i is None:
        i = next((t.i for t in view.toks if t.start >= pos), len(view))
    words = [view.word(j) for j in range(max(0, i - k), i)]
    return [w[1:] if w[:1] == "و" and len(w) > 3 else w for w in words]


class _Finder:
    def __init__(self, view: View, dct: dt.date) -> None:
        self.view, self.dct, self.out = view, dct, []

    def add(self, m: re.Match[str], type_: str, value: str | None, mod: str | None = None,
            start: int | None = None) -> None:
        self.out.append(TimexCand(m.start("b") if start is None else start, m.end("b"), type_, value, mod))

    def run(self) -> list[TimexCand]:
        text = self.view.norm
        for rx, handler in ((RX_DATE, self.date), (RX_YEAR, self.year), (RX_BAREYEAR, self.bare_year),
                            (RX_REL, self.relative), (RX_ANCHOR, self.anchor), (RX_WEEKDAY, self.weekday),
                            (RX_DURATION, self.duration), (RX_DUAL, self.duration), (RX_SINGULAR, self.singular),
                            (RX_PLURAL, self.plural), (RX_PERIOD, self.period), (RX_VAGUE, self.vague),
                            (RX_SET, self.set_), (RX_DECADE, self.decade), (RX_CLOCK, self.clock)):
            for m in rx.finditer(text):
                handler(m)
        return _resolve(self.out)

    def date(self, m: re.Match[str]) -> None:
        month = MONTHS[re.sub(r"\s+", " ", m["m1"])]
        if m["m1"] in AMBIGUOUS_MONTHS and not (m["day"] or m["year"] or m["shahr"] or m["m2"] or m["part"]):
            return
        year = int(m["year"]) if m["year"] else self.dct.year
        sign = _rel_sign(m["rel"])
        if not m["year"] and sign == 1:
            year = self.dct.year if month > self.dct.month else self.dct.year + 1
        elif not m["year"] and sign == -1:
            year = self.dct.year if month < self.dct.month else self.dct.year - 1
        value = f"{year:04d}-{month:02d}"
        if m["day"] and 1 <= int(m["day"]) <= 31:
            value += f"-{int(m['day']):02d}"
        self.add(m, "DATE", value, PARTS.get(m["part"]))

    def year(self, m: re.Match[str]) -> None:
        self.add(m, "DATE", m["year"], PARTS.get(m["part"]))

    def bare_year(self, m: re.Match[str]) -> None:
        after = self.view.norm[m.end("b"):].split()
        nxt = after[0] if after else ""
        accusative = len(nxt) > 3 and nxt.endswith("ا") and nxt.isalpha() and not nxt.startswith("ال")
        if nxt in COUNTED or nxt in MULTIPLIERS or nxt in UNIT_OF or accusative or (
                nxt == n("من") and len(after) > 1 and (after[1] in COUNTED or after[1][2:] in COUNTED)):
            return  # an amount of things («2000 جندي», «1999 طالبا»), not a year
        before = _preceding(self.view, m.start("b"), 2)
        if before and (before[-1] in T_QUALS or " ".join(before) in T_QUALS):
            return
        self.add(m, "DATE", m["year"])

    def relative(self, m: re.Match[str]) -> None:
        word = m["unit"]
        word = word[2:] if word.startswith("ال") else word[1:]  # «العام», or «لعام» after «لل»
        unit = {n("عام"): "Y", n("سنه"): "Y", n("شهر"): "M", n("اسبوع"): "W"}[word]
        sign = 0 if m["this"] else _rel_sign(m["rel"])
        if sign is None:
            if not m["part"]:
                return  # a bare «العام» is also «general» («الأمين العام»)
            sign = 0
        words = _preceding(self.view, m.start("b"), 2)
        if unit == "Y" and sign == -1 and not m["part"] and (
                " ".join(words) in (n("على مدار"), n("على مدى")) or (words and words[-1] in (n("طوال"), n("طيلة")))):
            self.add(m, "DURATION", "P1Y")  # «على مدار العام الماضي»: over the past year (§2.2)
            return
        d = self.dct
        if unit == "Y":
            value = f"{d.year + sign:04d}"
        elif unit == "M":
            y, mo = _shift_month(d.year, d.month, sign)
            value = f"{y:04d}-{mo:02d}"
        else:
            value = _week(d + dt.timedelta(weeks=sign))
        self.add(m, "DATE", value, PARTS.get(m["part"]))

    def anchor(self, m: re.Match[str]) -> None:
        day = self.dct + dt.timedelta(days=_ANCHORS[re.sub(r"\s+", " ", m["anchor"])])
        if m["tod"]:
            self.add(m, "TIME", f"{day.isoformat()}T{_TOD[m['tod']]}")
        else:
            self.add(m, "DATE", day.isoformat())

    def weekday(self, m: re.Match[str]) -> None:
        target = WEEKDAYS[m["wd"]]
        before = _preceding(self.view, m.start("b"), 1)
        if m["wd"] == n("الاثنين") and not (m["yawm"] or m["rel"]) and before and before[-1].startswith("ال") \
                and before[-1].endswith(("ين", "ان")):
            return  # «الطرفين الاثنين»: «both», not Monday
        sign = _rel_sign(m["rel"])
        if sign is None:
            sign = 1 if clause_is_future(self.view, m.start("b")) else 0
        back = (self.dct.weekday() - target) % 7
        if sign == -1:
            day = self.dct - dt.timedelta(days=back or 7)
        elif sign == 1:
            day = self.dct + dt.timedelta(days=(target - self.dct.weekday()) % 7 or 7)
        else:
            day = self.dct - dt.timedelta(days=back)
        value = day.isoformat()
        if m["tod"]:
            self.add(m, "TIME", f"{value}T{_TOD[m['tod']]}")
        else:
            self.add(m, "DATE", value)

    def _ago_or_duration(self, m: re.Match[str], amount: int | None, unit: str, mod: str | None) -> None:
        words = _preceding(self.view, m.start("b"), 1)
        if words and words[-1] == n("قبل") and not m.groupdict().get("q"):
            qabl = self.view.toks[self.view.tok_at(m.start("b")) - 1]
            start = qabl.start + (1 if qabl.text[:1] == "و" and len(qabl.text) > 3 else 0)
            self.add(m, "DATE", _ago(self.dct, amount, unit), start=start)  # «قبل أسابيع»: «ago» is inside
            return
        self.add(m, "DURATION", _duration_value("X" if amount is None else amount, unit), mod)

    def duration(self, m: re.Match[str]) -> None:
        if "dual" in m.groupdict() and m["dual"]:
            amount, unit = 2, DUAL_UNIT[m["dual"]]
        else:
            unit = UNIT_OF[m["u"]]
            if m["num"]:
                amount = m["num"].replace("٫", ".")
            else:
                parsed = parse_number_words(m["numw"].split())
                if parsed is None or parsed[1] != len(m["numw"].split()):
                    return
                amount = parsed[0]
        self._ago_or_duration(m, amount if isinstance(amount, int) else _num(amount), unit,
                              T_QUALS.get(re.sub(r"\s+", " ", m["q"])) if m["q"] else None)

    def singular(self, m: re.Match[str]) -> None:
        after = self.view.norm[m.end("b"):].split()
        if after and (after[0] in _NOT_DURATION_AFTER or after[0].isdigit()):
            return
        words = _preceding(self.view, m.start("b"), 1)
        signal = words and (words[-1] in DURATION_SIGNALS or words[-1] in T_QUALS)
        if not (signal or m["adj"] or m["zaman"] or m["q"]):
            return
        self._ago_or_duration(m, 1, SINGULAR_UNIT[m["sg"]], T_QUALS.get(re.sub(r"\s+", " ", m["q"] or "")))

    def plural(self, m: re.Match[str]) -> None:
        words = _preceding(self.view, m.start("b"), 1)
        glued_l = m.start("b") > 0 and self.view.norm[m.start("b") - 1] == "ل"  # «لسنوات»
        if not (m["few"] or glued_l or (words and words[-1] in DURATION_SIGNALS)):
            return
        if m.start("b") > 0 and self.view.norm[m.start("b") - 1] not in " ل":
            return
        self._ago_or_duration(m, None, PLURAL_UNIT[m["pl"]], None)

    def period(self, m: re.Match[str]) -> None:
        unit = PLURAL_UNIT.get(m["pl"].removeprefix("ال").removeprefix("ل"), "Y")
        amount = "X"
        if m["numw"]:
            parsed = parse_number_words([m["numw"]])
            amount = parsed[0] if parsed else "X"
        self.add(m, "DURATION", _duration_value(amount, unit))

    def vague(self, m: re.Match[str]) -> None:
        type_, value = _VAGUE_REFS[re.sub(r"\s+", " ", m["b"])]
        self.add(m, type_, value)

    def set_(self, m: re.Match[str]) -> None:
        if m["adv"]:
            self.add(m, "SET", _SETS[m["adv"]])
        else:
            unit = {n("يوم"): "D", n("اسبوع"): "W", n("شهر"): "M"}.get(m["every"], "Y")
            self.add(m, "SET", f"P1{unit}")

    def decade(self, m: re.Match[str]) -> None:
        self.add(m, "DATE", str(_DECADES[m["dec"]]))

    def clock(self, m: re.Match[str]) -> None:
        hour = int(m["h"])
        if m["ampm"] in (n("مساء"), n("ليلا")) and hour < 12:
            hour += 12
        if hour > 24:
            return
        self.add(m, "TIME", f"{self.dct.isoformat()}T{hour:02d}:{m['mi'] or '00'}")


def _num(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _resolve(cands: list[TimexCand]) -> list[TimexCand]:
    """Longest first; a candidate overlapping a kept one is dropped."""
    kept: list[TimexCand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def extract_timex(view: View, dct: dt.date) -> list[TimexCand]:
    return _Finder(view, dct).run()
