"""Numeric-claim rules: a cardinal (digits, words, duals, vague hundreds) and the noun it counts."""

from __future__ import annotations

from dataclasses import dataclass

from bench.schema.numeric import NumericPrediction
from bench.systems.blind import lexicon as lx
from bench.systems.blind.entities import accusative_nisba, nisba_at, owned_body, place_at
from bench.systems.blind.numbers import VAGUE_N, clean, parse_number
from bench.systems.blind.temporal import Tx
from bench.systems.blind.text import Text, bare, norm

# counted nouns: English unit → singular/accusative, plural, dual forms (general knowledge)
_NOUNS = {
    "soldier": ("جندي جنديا عسكري عسكريا", "جنود عسكريين عسكريون", "جنديين جنديان"),
    "country": ("دولة بلد بلدا", "دول بلدان", "دولتين دولتان"),
    "base": ("قاعدة", "قواعد", "قاعدتين قاعدتان"),
    "phase": ("مرحلة", "مراحل", "مرحلتين مرحلتان"),
    "source": ("مصدر مصدرا", "مصادر", ""),
    "official": ("مسؤول مسؤولا", "مسؤولين مسؤولون", ""),
    "person": ("شخص شخصا", "أشخاص", "شخصين شخصان"),
    "citizen": ("مواطن مواطنا", "مواطنين مواطنون", ""),
    "death": ("قتيل قتيلا", "قتلى", "قتيلين"),
    "injured": ("جريح جريحا", "جرحى", ""),
    "civilian": ("مدني مدنيا", "مدنيين مدنيون", ""),
    "fighter": ("مقاتل مقاتلا", "مقاتلين مقاتلون", ""),
    "missile": ("صاروخ صاروخا", "صواريخ", "صاروخين صاروخان"),
    "drone": ("", "مسيرات", ""),
    "aircraft": ("طائرة", "طائرات", "طائرتين طائرتان"),
    "tank": ("دبابة", "دبابات", "دبابتين"),
    "ship": ("سفينة", "سفن", "سفينتين"),
    "vehicle": ("آلية", "آليات", ""),
    "refugee": ("لاجئ لاجئا", "لاجئين لاجئون", ""),
    "child": ("طفل طفلا", "أطفال", "طفلين"),
    "woman": ("امرأة", "نساء", ""),
    "hostage": ("رهينة", "رهائن", "رهينتين"),
    "prisoner": ("سجين سجينا أسير أسيرا", "سجناء أسرى", ""),
    "detainee": ("معتقل معتقلا", "معتقلين معتقلون", ""),
    "member": ("عضو عضوا عنصر عنصرا فرد فردا", "أعضاء عناصر أفراد", ""),
    "officer": ("ضابط ضابطا", "ضباط", ""),
    "employee": ("موظف موظفا", "موظفين موظفون", ""),
    "worker": ("عامل عاملا", "عمال", ""),
    "advisor": ("مستشار مستشارا", "مستشارين مستشارون", ""),
    "diplomat": ("دبلوماسي دبلوماسيا", "دبلوماسيين دبلوماسيون", ""),
    "attack": ("هجوم هجوما", "هجمات", "هجومين"),
    "strike": ("غارة", "غارات", "غارتين"),
    "city": ("مدينة", "مدن", "مدينتين"),
    "village": ("قرية", "قرى", ""),
    "house": ("منزل منزلا", "منازل", ""),
    "province": ("محافظة", "محافظات", ""),
    "battalion": ("كتيبة", "كتائب", ""),
    "dollar": ("دولار دولارا", "دولارات", ""),
}
NOUNS = {form: (unit, kind) for unit, forms in _NOUNS.items()
         for kind, words in zip(("sg", "pl", "du"), forms) for form in norm(words)}
DUALS = {form for form, (_, kind) in NOUNS.items() if kind == "du"}
# qualifier words before the number (they stay outside the span)
_BEFORE = {norm(words): qualifier for words, qualifier in (
    ("نحو", "approximate"), ("حوالي", "approximate"), ("قرابة", "approximate"), ("زهاء", "approximate"),
    ("يقارب", "approximate"), ("أكثر من", "more_than"), ("أزيد من", "more_than"), ("يزيد على", "more_than"),
    ("يزيد عن", "more_than"), ("أقل من", "less_than"), ("لا يقل عن", "at_least"), ("يصل إلى", "at_most"))}
_PERCENT = set(norm("بالمئة بالمائة المئة المائة"))


@dataclass
class Claim:
    """A numeric claim being built: its token span, value or range, qualifier, unit and subject."""

    i: int
    off: int
    j: int
    value: float | int | None
    low: float | int | None = None
    high: float | int | None = None
    qualifier: str = "exact"
    unit: str | None = None
    subject: str | None = None


def _noun(t: Text, k: int) -> tuple[str, str] | None:
    """``(unit, kind)`` when token ``k`` is a counted noun (the article allowed: «مئات الجنود»)."""
    if not 0 <= k < len(t):
        return None
    return NOUNS.get(t.word(k)) or NOUNS.get(bare(t.word(k)))


def _qualifier_before(t: Text, i: int) -> str | None:
    for words, qualifier in _BEFORE.items():
        first = i - len(words)
        if first >= 0 and all(t.word(first + k) == w or (k == 0 and t.stem_in(first, {w}))
                              for k, w in enumerate(words)) and all(t.joined(first + k + 1) for k in range(len(words))):
            return qualifier
    return None


def _claim_at(t: Text, i: int, blocked: set[int]) -> Claim | None:
    if i in blocked:
        return None
    vague = t.stem_in(i, VAGUE_N)
    if vague:
        value, j = VAGUE_N[vague[1]], i
        if t.joined(i + 1) and t.word(i + 1) in ("الالاف", "الملايين"):  # «عشرات الآلاف»
            value, j = value * VAGUE_N[bare(t.word(i + 1))], i + 1
        k = j + 2 if t.word(j + 1) == "من" and t.joined(j + 2) else j + 1
        noun = _noun(t, k) if t.joined(k) and k not in blocked else None
        return Claim(i, vague[0], k, value, qualifier="vague", unit=noun[0]) if noun else None
    dual = t.stem_in(i, DUALS)  # the forms carry no article: «الجانبين»-like anaphora stays out
    if dual:
        return Claim(i, dual[0], i, 2, unit=NOUNS[dual[1]][0])
    number = parse_number(t, i)
    if number is None:
        return None
    value, j, off = number
    claim = Claim(i, off, j, value)
    if t.word(j + 1) in ("و", "الى", "-") or t.gap(j + 1).strip() == "-":  # ranges «بين 300 و500»
        k = j + 1 if t.gap(j + 1).strip() == "-" else j + 2
        other = parse_number(t, k) if t.stem_in(i - 1, {"بين", "من"}) or t.gap(j + 1).strip() == "-" else None
        if other and other[0] > value:
            claim = Claim(i, off, other[1], None, low=value, high=other[0], qualifier="range")
            j = other[1]
    if t.gap(j + 1).strip().startswith("%") or t.word(j + 1) in _PERCENT or (
            t.word(j + 1) == "في" and t.word(j + 2) in _PERCENT):
        return None
    noun = _noun(t, j + 1) if t.joined(j + 1) and j + 1 not in blocked else None
    if noun:
        claim.j, claim.unit = j + 1, noun[0]
    return claim


def extract_numeric(t: Text, blocked: set[int]) -> list[Claim]:
    """Claims left to right; tokens in ``blocked`` (TIMEX3 spans) are never part of a claim."""
    claims: list[Claim] = []
    i = 0
    while i < len(t):
        claim = _claim_at(t, i, blocked)
        if claim is None or set(range(claim.i, claim.j + 1)) & blocked:
            i += 1
            continue
        previous = claims[-1] if claims and t.sentence[claims[-1].i] == t.sentence[i] else None
        if claim.unit is None:  # an elided noun: the number alone, counting what the last claim counted
            year_like = t.word(claim.i).isdigit() and len(t.word(claim.i)) == 4
            if previous is None or previous.unit is None or claim.i - previous.j > 12 or year_like:
                i += 1
                continue
            claim.unit = previous.unit
        own = _qualifier_before(t, claim.i)
        if claim.qualifier == "exact":
            if own:
                claim.qualifier = own
            elif (t.word(claim.j + 1), t.word(claim.j + 2)) == norm("على الأقل"):
                claim.qualifier = "at_least"
            elif previous and previous.qualifier not in ("exact", "range", "vague") and claim.i - previous.j <= 6 \
                    and (t.word(claim.i - 1) == "و" and t.gap(claim.i) == "" or t.word(claim.i)[:claim.off] == "و"):
                claim.qualifier = previous.qualifier  # a qualifier before coordinated figures covers them
        if t.joined(claim.j + 1) and (hit := nisba_at(t, claim.j + 1)):
            claim.subject = lx.gazetteers()["nisba"].get(hit[1])
        elif accusative_nisba(t, claim.j + 1):  # «20 جنديا أمريكيا»
            claim.subject = lx.gazetteers()["nisba"].get(t.word(claim.j + 1)[:-1])
        claims.append(claim)
        i = claim.j + 1
    return claims


# verbs that open a coordinated clause after «و»/«ف» without punctuation («قتل 5 أمس وأصيب 10»)
_EVENT_VERBS = set(norm("قتل أصيب جرح نزح أسر اعتقل دمر أطلق نشر أرسل سقط لقي فر وصل غادر انسحب هاجم استهدف شن "
                        "أعلن أكد قال أضاف أوضح ذكر بلغ تجاوز ارتفع انخفض بقي ظل عاد"))
_COMPLEMENTISERS = set(norm("إن أن إنه أنه إنها أنها إنهم أنهم بأن بأنه بأنها"))
_WAW_WORDS = set(norm("وسط وفق وفقا وزارة وزير وزيرة وفد وكالة ولاية واشنطن وصل وقت وراء وضع"))  # «و» of the word


def segments(t: Text, sentence: int) -> tuple[dict[int, int], set[int]]:
    """The sentence's clauses: ``(clause of each token, clauses coordinated with the one before them)``.

    Punctuation separates clauses, and so does «و»/«ف» before a verb; a clause that opens with «و»/«ف» is
    coordinated with the one before it. A phrase fronted before a comma («في عام 2020، قتل…») is not: the
    clause after the comma does not open with «و».
    """
    seg, coordinated, current, last_clause = {}, set(), -1, None
    for k in t.in_sentence[sentence]:
        word = t.word(k)
        conj = word[1:] if word[:1] in ("و", "ف") and len(word) > 2 and word not in _WAW_WORDS else None
        verb = conj is not None and (conj in _EVENT_VERBS or conj in lx.VERBS_N)
        if t.clause[k] != last_clause or verb:
            current += 1
            if conj is not None:
                coordinated.add(current)
        last_clause = t.clause[k]
        seg[k] = current
    return seg, coordinated


def reporting_frame(t: Text, k: int) -> bool:
    """Token ``k`` sits between a reporting cue and the «إن»/«أن» or colon that opens what is reported
    («قال مسؤولون، الجمعة، إن…»): its time or place is the report's, not the claim's."""
    tokens = t.in_sentence[t.sentence[k]]

    def opens_report(m: int) -> bool:
        return ":" in t.gap(m) or t.stem_in(m, _COMPLEMENTISERS) is not None

    before = [m for m in tokens if m <= k]
    cue = next((m for m in reversed(before) if t.stem_in(m, lx.REPORT_CUES_N) or opens_report(m)), None)
    if cue is None or cue == k or opens_report(cue):
        return False
    return any(opens_report(m) for m in tokens if m > k)


def reach(t: Text, claim: Claim) -> list[int]:
    """Tokens whose time or place can belong to the claim: its own clause first, nearest first, then the
    sentence's other clauses not cut off by a coordinated clause; never a reporting frame."""
    seg, coordinated = segments(t, t.sentence[claim.i])
    own = seg[claim.i]

    def open_to(other: int) -> bool:
        return not any(s in coordinated for s in range(min(own, other) + 1, max(own, other) + 1))

    tokens = [k for k in seg if not claim.i <= k <= claim.j and not reporting_frame(t, k)
              and (seg[k] == own or open_to(seg[k]))]
    return sorted(tokens, key=lambda k: (seg[k] != own, abs(k - claim.j), k < claim.i, k))


def _place(t: Text, tokens: list[int]) -> str | None:
    """English name of the first place introduced by «في»/«ب» among ``tokens``."""
    for k in tokens:
        place = place_at(t, k)
        if place and place[2][1] and (t.word(k - 1) == "في" or t.word(k)[:place[0]] in ("ب", "وب", "فب")):
            return place[2][1]
    return None


def _subject(t: Text, claim: Claim, tokens: list[int]) -> str | None:
    """The owner country: a nisba after the counted noun, else the owner of forces in reach («القوات الفرنسية»)."""
    if claim.subject:
        return claim.subject
    for k in tokens:
        owned = owned_body(t, k, set())
        if owned and owned[2]:
            return owned[2]
    return None


def _source(t: Text, sentence: int) -> tuple[str | None, bool]:
    """``(source words, attributed)`` for a sentence: the noun phrase after a reporting cue."""
    for k in t.in_sentence[sentence]:
        cue = t.stem_in(k, lx.REPORT_CUES_N)
        if cue is None:
            continue
        n = k + 1
        if cue[1] == "حسبما" and t.stem_in(n, lx.REPORT_CUES_N):
            n += 1
        if t.word(n) == "عن":
            n += 1
        if n >= len(t) or t.sentence[n] != sentence or not t.joined(n):
            return None, True
        word = t.word(n)
        off = 1 if cue[1] in ("وفقا", "نقلا") and word.startswith("ل") else 0
        if word in lx.STOPWORDS_N or word[0].isdigit() or (word[0] == "ي" and len(word) > 3):
            return None, True
        j = n
        while j - n < 2 and t.joined(j + 1):
            nxt = t.word(j + 1)
            if nxt in lx.STOPWORDS_N or nxt[0].isdigit():
                break
            construct = not t.word(j)[off if j == n else 0:].startswith("ال")
            if not (construct or nisba_at(t, j + 1) or "باسم" in (nxt, t.word(j))):
                break
            j += 1
        return t.span(n, j, off)[2], True
    return None, False


def _modality(t: Text, sentence: int, attributed: bool) -> str:
    tokens = t.in_sentence[sentence]
    if any(t.stem_in(k, lx.HYPOTHETICAL_N) or (t.word(k), t.word(k + 1)) == ("في", "حال") for k in tokens):
        return "hypothetical"
    if any(t.stem_in(k, lx.FUTURE_CUES_N) or (t.word(k), t.word(k + 1)) in {("من", "المقرر"), ("من", "المتوقع")}
           for k in tokens):
        return "planned"
    return "reported" if attributed else "asserted"


def to_predictions(t: Text, claims: list[Claim], timexes: list[Tx]) -> list[NumericPrediction]:
    """The claims as predictions, each given the time, location and subject its sentence states for it (own clause
    first, rule 7), and the source and modality of its sentence."""
    out = []
    for claim in claims:
        start, end, text = t.span(claim.i, claim.j, claim.off)
        tokens = reach(t, claim)
        rank = {k: n for n, k in enumerate(tokens)}
        times = sorted((tx for tx in timexes if tx.i in rank and tx.type in ("DATE", "TIME")),
                       key=lambda tx: rank[tx.i])
        source, attributed = _source(t, t.sentence[claim.i])
        out.append(NumericPrediction(
            start=start, end=end, text=text,
            value=clean(claim.value) if claim.value is not None else None,
            value_min=claim.low, value_max=claim.high, qualifier=claim.qualifier, unit=claim.unit,
            subject=_subject(t, claim, tokens), location=_place(t, tokens), time=times[0].value if times else None,
            source=source, modality=_modality(t, t.sentence[claim.i], attributed)))
    return out
