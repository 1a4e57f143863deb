"""TIMEX3 rules: month dates in both naming systems, years, DCT-relative phrases, weekdays, durations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from babel import Locale

from bench.systems.blind import lexicon as lx
from bench.systems.blind.numbers import parse_number
from bench.systems.blind.text import Text, norm, table
from bench.text.timex import canonical_value


@dataclass(frozen=True)
class Tx:
    """A temporal expression found by the rules: its token span, type, value and mod."""

    i: int  # first token
    off: int  # letters of the first token left outside (a proclitic)
    j: int  # last token
    type: str
    value: str
    mod: str | None = None


def _months() -> dict[tuple[str, ...], tuple[int, str]]:
    out: dict[tuple[str, ...], tuple[int, str]] = {}
    for locale, system in (("ar_SY", "levant"), ("ar", "greg"), ("ar_MA", "greg"), ("ar_TN", "greg")):
        for month, name in Locale.parse(locale).months["format"]["wide"].items():
            out.setdefault(norm(name), (month, system))
    for name, month in (("إبريل", 4), ("يوليه", 7), ("أغسطس", 8)):
        out.setdefault(norm(name), (month, "greg"))
    return out


MONTHS = table(_months())
AMBIGUOUS_MONTHS = {norm("آب"), norm("ماي")}  # «آب» reads as «أب» (father) once normalised
WEEKDAYS = {norm(name)[0]: day for day, name in Locale("ar").days["format"]["wide"].items()}
MODS = {"نهايه": "END", "اواخر": "END", "ختام": "END", "بدايه": "START", "مطلع": "START", "اوائل": "START",
        "منتصف": "MID", "اواسط": "MID"}
QUALIFIERS = {("اكثر", "من"): "MORE_THAN", ("اقل", "من"): "LESS_THAN", ("ما", "يقارب"): "APPROX",
              ("نحو",): "APPROX", ("حوالي",): "APPROX", ("قرابه",): "APPROX", ("زهاء",): "APPROX"}
PARTS_OF_DAY = {"صباح": "MO", "ظهر": "MI", "عصر": "AF", "مساء": "EV", "ليله": "NI", "ليل": "NI", "فجر": "MO"}
PAST_ADJ, FUTURE_ADJ = set(norm("الماضي المنصرم الفائت")), set(norm("المقبل القادم"))
YEAR_WORDS = {"عام", "العام", "سنه", "السنه"}
YEAR_PREPS = {"في", "منذ", "حتى", "بحلول", "قبل", "بعد", "خلال", "عام"} | set(MODS)
VAGUE_TRIGGERS = {"منذ", "خلال", "لمده", "طوال", "عده", "بضعه", "بضع", "قبل"}
UNITS = {"D": ("يوم يوما", "ايام", "يومين يومان"), "W": ("اسبوع اسبوعا", "اسابيع", "اسبوعين اسبوعان"),
         "M": ("شهر شهرا", "اشهر شهور", "شهرين شهران"), "Y": ("عام عاما سنه", "اعوام سنوات سنين", "عامين عامان سنتين"),
         "DE": ("عقد عقدا", "عقود", "عقدين عقدان"), "H": ("ساعه", "ساعات", "ساعتين ساعتان"),
         "MIN": ("دقيقه", "دقائق", "دقيقتين")}
UNIT_FORMS = {form: (code, kind) for code, forms in UNITS.items()
              for kind, words in zip(("sg", "pl", "du"), forms) for form in norm(words)}


def _relative() -> dict[tuple[str, ...], tuple]:
    out: dict[tuple[str, ...], tuple] = {}
    past, future, now = ("الماضي", "المنصرم", "الفائت", "السابق"), ("المقبل", "القادم"), ("الجاري", "الحالي")
    for noun, unit, fem in (("العام", "Y", ""), ("السنة", "Y", "ة"), ("الشهر", "M", ""), ("الأسبوع", "W", "")):
        for adjectives, delta in ((past, -1), (future, 1), (now, 0)):
            for adjective in adjectives:
                out[norm(f"{noun} {adjective}{fem}")] = ("rel", unit, delta)
        out[norm(("هذه " if fem else "هذا ") + noun)] = ("rel", unit, 0)
        out[norm(noun)] = ("rel-mod", unit, 0)  # «نهاية العام»: only with a mod word before it
    for phrase, delta in (("اليوم", 0), ("أمس", -1), ("البارحة", -1), ("أول أمس", -2), ("غدا", 1), ("الغد", 1)):
        out[norm(phrase)] = ("rel", "D", delta)
    for phrase in ("الآن", "حاليا", "الوقت الراهن", "الوقت الحالي", "الوقت الحاضر"):
        out[norm(phrase)] = ("present",)
    for phrase, value in (("يوميا", "P1D"), ("أسبوعيا", "P1W"), ("شهريا", "P1M"), ("سنويا", "P1Y"),
                          ("كل يوم", "P1D"), ("كل أسبوع", "P1W"), ("كل شهر", "P1M"), ("كل عام", "P1Y"),
                          ("كل سنة", "P1Y")):
        out[norm(phrase)] = ("set", value)
    for noun, code in (("الأيام", "D"), ("الأسابيع", "W"), ("الأشهر", "M"), ("الشهور", "M"), ("السنوات", "Y"),
                       ("الأعوام", "Y")):
        for adjective in ("الماضية", "الأخيرة", "المقبلة", "القادمة"):
            out[norm(f"{noun} {adjective}")] = ("vague", code)
    return out


RELATIVE = table(_relative())
FUTURE_PHRASES = {norm(" ".join(p)) for p in lx.FUTURE_PHRASES}


def _shift_month(day: dt.date, delta: int) -> str:
    index = day.year * 12 + day.month - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def relative_value(dct: dt.date, unit: str, delta: int) -> str:
    """The TIMEX3 value of the ``unit`` (Y, M, W or D) ``delta`` units from the DCT, e.g. next year → ``2026``."""
    if unit == "Y":
        return f"{dct.year + delta:04d}"
    if unit == "M":
        return _shift_month(dct, delta)
    if unit == "W":
        return _week(dct + dt.timedelta(weeks=delta))
    return (dct + dt.timedelta(days=delta)).isoformat()


def duration_value(code: str, amount) -> str:
    """The TIMEX3 duration value (``P2Y``, ``PT3H``, ``PXM``…) of ``amount`` units of ``code``; a decade counts ten
    years.
    """
    if amount == "X":
        return {"H": "PTXH", "MIN": "PTXM"}.get(code, f"PX{code}")
    amount = amount * 10 if code == "DE" else amount
    text = f"{amount:g}" if isinstance(amount, float) else str(amount)
    body = {"H": f"T{text}H", "MIN": f"T{text}M", "DE": f"{text}Y"}.get(code, f"{text}{code}")
    return canonical_value("P" + body)


def ago_value(dct: dt.date, code: str, amount) -> str | None:
    """The TIMEX3 value of ``amount`` units before the DCT (``PAST_REF`` when the amount is vague or fractional)."""
    if amount == "X" or not float(amount).is_integer():
        return "PAST_REF"
    n = int(amount)
    if code in ("Y", "DE"):
        return f"{dct.year - n * (10 if code == 'DE' else 1):04d}"
    if code == "M":
        return _shift_month(dct, -n)
    if code in ("W", "D"):
        return relative_value(dct, code, -n)
    return "PAST_REF"


def future(t: Text, i: int) -> bool:
    """The clause of token ``i`` has a future verb phrase (a few lexical cues)."""
    return any(t.stem_in(k, lx.TENSE_CUES_N) or (t.word(k), t.word(k + 1)) in FUTURE_PHRASES
               for k in t.in_clause[t.clause[i]])


def _word_in(t: Text, k: int, words) -> tuple[int, str] | None:
    return t.stem_in(k, words) if 0 <= k < len(t) else None


def _year(t: Text, k: int) -> int | None:
    w = t.word(k)
    return int(w) if w.isdigit() and len(w) == 4 and 1000 <= int(w) <= 2100 else None


def _month_rule(t: Text, i: int, dct: dt.date) -> Tx | None:
    hit = t.match(i, MONTHS)
    if hit is None:
        return None
    month_off, j, (month, system) = hit
    start, off, day, year, direction = i, month_off, None, None, None
    context = t.word(i)[month_off:] not in AMBIGUOUS_MONTHS
    if t.joined(i) and month_off == 0 and t.word(i - 1).isdigit() and 1 <= int(t.word(i - 1)) <= 31:
        start, off, day, context = i - 1, 0, int(t.word(i - 1)), True
        wd = _word_in(t, start - 1, WEEKDAYS)
        if t.joined(start) and (yawm := _word_in(t, start - 1, {"يوم"})):  # «يوم 12 نوفمبر»
            start, off = start - 1, yawm[0]
        elif wd and start > 0 and t.gap(start) in (" ", "، ", ", "):
            start, off = start - 1, wd[0]
            if t.joined(start) and (yawm := _word_in(t, start - 1, {"يوم"})):
                start, off = start - 1, yawm[0]
    elif t.joined(i) and month_off == 0 and (shahr := _word_in(t, i - 1, {"شهر"})):
        start, off, context = i - 1, shahr[0], True
    first_end = j
    gap = t.gap(j + 1).strip() if j + 1 < len(t) else ""
    pair = t.match(j + 1, MONTHS, proclitics=False) if gap in ("/", "-", "(") else None
    if pair and pair[2][0] == month and pair[2][1] != system:  # «مارس/آذار»
        j, context = pair[1], True
    if (t.joined(j + 1) or t.gap(j + 1) in (") ", "، ")) and _year(t, j + 1):
        j, year, context = j + 1, _year(t, j + 1), True
    elif t.joined(j + 1) and t.word(j + 1) in PAST_ADJ | FUTURE_ADJ:
        j, direction = j + 1, "past" if t.word(j + 1) in PAST_ADJ else "future"
    elif gap == "(" and j > first_end:
        j = first_end  # «مارس (آذار)» without a year: keep the span balanced
    if not context:
        return None
    if year is None:  # the nearest such month; «الماضي»/«المقبل» exclude the DCT's own month
        if direction == "future" or (direction is None and future(t, i)):
            later = month > dct.month or (month == dct.month and direction is None)
            year = dct.year if later else dct.year + 1
        else:
            earlier = month < dct.month or (month == dct.month and direction is None)
            year = dct.year if earlier else dct.year - 1
    value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return Tx(start, off, j, "DATE", value)


def _weekday_rule(t: Text, i: int, dct: dt.date) -> Tx | None:
    hit = _word_in(t, i, WEEKDAYS)
    if hit is None:
        return None
    off, key = hit
    start, j, wd = i, i, WEEKDAYS[key]
    if t.joined(i) and off == 0 and (yawm := _word_in(t, i - 1, {"يوم"})):
        start, off = i - 1, yawm[0]
    modifier = t.word(i + 1) if t.joined(i + 1) and t.word(i + 1) in PAST_ADJ | FUTURE_ADJ else ""
    if modifier:
        j = i + 1
    if modifier in FUTURE_ADJ or (modifier not in PAST_ADJ and future(t, i)):
        day = dct + dt.timedelta(days=(wd - dct.weekday()) % 7 or (7 if modifier else 0))
    else:
        day = dct - dt.timedelta(days=(dct.weekday() - wd) % 7 or (7 if modifier else 0))
    return Tx(start, off, j, "DATE", day.isoformat())


def _year_rule(t: Text, i: int) -> Tx | None:
    hit = _word_in(t, i, YEAR_WORDS)
    if hit and t.joined(i + 1) and _year(t, i + 1):
        return Tx(i, hit[0], i + 1, "DATE", f"{_year(t, i + 1):04d}")
    if (_year(t, i) or 0) >= 1900 and t.joined(i) and _word_in(t, i - 1, YEAR_PREPS):
        return Tx(i, 0, i, "DATE", t.word(i))
    return None


def _relative_rule(t: Text, i: int, dct: dt.date) -> Tx | None:
    hit = t.match(i, RELATIVE)
    if hit is None:
        return None
    off, j, payload = hit
    if payload[0] == "present":
        return Tx(i, off, j, "DATE", "PRESENT_REF")
    if payload[0] == "set":
        return Tx(i, off, j, "SET", payload[1])
    if payload[0] == "vague":
        return Tx(i, off, j, "DURATION", duration_value(payload[1], "X"))
    if payload[0] == "rel-mod" and not (t.joined(i) and off == 0 and _word_in(t, i - 1, MODS)):
        return None
    value = relative_value(dct, payload[1], payload[2])
    if payload[1] == "D" and t.joined(j + 1) and _word_in(t, j + 1, WEEKDAYS):  # «أمس الثلاثاء»
        j += 1
    return Tx(i, off, j, "DATE", value)


def _duration_rule(t: Text, i: int, dct: dt.date) -> Tx | None:
    number = parse_number(t, i)
    start, off = i, 0
    if number and t.joined(number[1] + 1) and (unit := UNIT_FORMS.get(t.word(number[1] + 1))) and unit[1] != "du":
        amount, j, off = number[0], number[1] + 1, number[2]
        code = unit[0]
    elif (hit := _word_in(t, i, UNIT_FORMS)) is not None:
        off, key = hit
        code, kind = UNIT_FORMS[key]
        j = i
        trigger = _word_in(t, i - 1, VAGUE_TRIGGERS) if t.joined(i) else None
        if kind == "du":
            amount = 2
        elif kind == "pl" and (off > 0 and t.word(i).startswith("ل") or trigger):
            amount = "X"
            if trigger and trigger[1] in ("عده", "بضعه", "بضع"):
                start, off = i - 1, trigger[0]
        elif kind == "sg" and trigger and trigger[1] in ("منذ", "خلال", "لمده", "طوال"):
            amount = 1
        else:
            return None
    else:
        return None
    before = start - 1
    if t.joined(start) and _word_in(t, before, {"قبل"}) and t.word(j + 1) != "من":
        value = ago_value(dct, code, amount)
        return Tx(before, _word_in(t, before, {"قبل"})[0], j, "DATE", value)
    return Tx(start, off, j, "DURATION", duration_value(code, amount))


def _extend(t: Text, tx: Tx) -> Tx:
    """Mod words before dates, parts of the day before day dates, qualifiers before durations."""
    if not t.joined(tx.i) or tx.off:
        return tx
    if tx.type == "DATE" and (mod := _word_in(t, tx.i - 1, MODS)):
        return replace(tx, i=tx.i - 1, off=mod[0], mod=MODS[mod[1]])
    if tx.type == "DATE" and len(tx.value) == 10 and (part := _word_in(t, tx.i - 1, PARTS_OF_DAY)):
        return replace(tx, i=tx.i - 1, off=part[0], type="TIME", value=f"{tx.value}T{PARTS_OF_DAY[part[1]]}")
    if tx.type == "DURATION":
        for words, mod in QUALIFIERS.items():
            first = tx.i - len(words)
            if first >= 0 and all(t.word(first + k) == w for k, w in enumerate(words[1:], 1)) \
                    and (hit := _word_in(t, first, {words[0]})) and all(t.joined(first + k + 1)
                                                                        for k in range(len(words))):
                return replace(tx, i=first, off=hit[0], mod=mod)
    return tx


def extract_timex(t: Text, dct: dt.date) -> list[Tx]:
    """The temporal expressions of ``t`` with values relative to ``dct``; where candidates overlap, the longest
    wins (then the earliest)."""
    candidates = []
    for i in range(len(t)):
        for rule in (_month_rule, _weekday_rule, _relative_rule, _duration_rule):
            found = rule(t, i, dct)
            if found is not None:
                candidates.append(_extend(t, found))
        found = _year_rule(t, i)
        if found is not None:
            candidates.append(_extend(t, found))
    chosen: list[Tx] = []
    taken: set[int] = set()
    for tx in sorted(candidates, key=lambda c: (-(c.j - c.i), c.i, c.type, c.value)):
        tokens = set(range(tx.i, tx.j + 1))
        if not tokens & taken:
            chosen.append(tx)
            taken |= tokens
    return sorted(chosen, key=lambda c: c.i)

