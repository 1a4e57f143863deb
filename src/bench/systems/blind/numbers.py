"""Cardinal numbers written in digits or in words («ثلاثة آلاف», «خمسة وعشرون», «1.5 مليون»)."""

from __future__ import annotations

from bench.systems.blind.text import Text, norm, stems

_UNITS = {"واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3,
          "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8,
          "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10}
_TEEN_BASES = {"أحد": 1, "إحدى": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2}
_TENS = {"عشرون": 20, "ثلاثون": 30, "أربعون": 40, "خمسون": 50, "ستون": 60, "سبعون": 70, "ثمانون": 80,
         "تسعون": 90}
_HUNDREDS = {"مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200, "مئتا": 200,
             "مائتا": 200}
_MULTIPLIERS = {"ألف": 1000, "ألفا": 1000, "آلاف": 1000, "مليون": 10**6, "مليونا": 10**6, "ملايين": 10**6,
                "مليار": 10**9, "مليارا": 10**9, "مليارات": 10**9}
_DUAL_MULTIPLIERS = {"ألفين": 2000, "ألفان": 2000, "ألفي": 2000, "مليونين": 2 * 10**6, "مليونان": 2 * 10**6,
                     "مليارين": 2 * 10**9, "ملياري": 2 * 10**9}
VAGUE = {"عشرات": 10, "مئات": 100, "آلاف": 1000, "ملايين": 10**6, "مليارات": 10**9}


def _n(words: dict[str, int]) -> dict[str, int]:
    return {norm(k)[0]: v for k, v in words.items()}


WORDS: dict[str, int] = _n(_UNITS) | _n(_TENS) | _n({k[:-2] + "ين": v for k, v in _TENS.items()}) | _n(_HUNDREDS) \
    | _n({u + h: v * 100 for u, v in _UNITS.items() if 3 <= v <= 9 and not u.endswith("ة") for h in ("مئة", "مائة")})
MULTIPLIERS = _n(_MULTIPLIERS)
DUAL_MULTIPLIERS = _n(_DUAL_MULTIPLIERS)
TEEN_BASES = _n(_TEEN_BASES)
VAGUE_N = _n(VAGUE)
TEN = {"عشر", "عشره"}


def digits_value(token: str) -> float | None:
    """«1,500» → 1500, «2.5» → 2.5, «12» → 12."""
    parts = [p for p in token.replace("\u066c", ",").replace("\u066b", ".").split(",")]
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and "." not in "".join(parts[:-1]):
        token = "".join(parts)
    elif len(parts) == 2:
        token = ".".join(parts)
    elif len(parts) > 2:
        return None
    try:
        return float(token)
    except ValueError:
        return None


def _word(t: Text, k: int, first: bool) -> tuple[int, str] | None:
    """A number-word reading of token ``k`` (a proclitic only on the first word, «و» on later ones)."""
    for off, key in stems(t.word(k)):
        allowed = first or off == 0 or (off == 1 and t.word(k)[0] == "و")
        if allowed and (key in WORDS or key in MULTIPLIERS or key in DUAL_MULTIPLIERS or key in TEEN_BASES):
            return off, key
    return None


def clean(value: float) -> float | int:
    """``value`` as an int when it is whole (so 2500.0 is written 2500)."""
    return int(value) if float(value).is_integer() else value


def parse_number(t: Text, i: int) -> tuple[float | int, int, int] | None:
    """``(value, last token, offset)`` of a cardinal number starting at token ``i``."""
    if i >= len(t):
        return None
    word = t.word(i)
    total, current = 0.0, 0.0
    if word[0].isdigit():
        value = digits_value(word)
        if value is None:
            return None
        current, off, j, numeric_word = value, 0, i, False
    else:
        hit = _word(t, i, first=True)
        if hit is None or hit[1] in VAGUE_N:
            return None
        off, key = hit
        j, numeric_word = i, True
        if key in TEEN_BASES:
            if not (t.joined(i + 1) and t.word(i + 1) in TEN):
                return None
            current, j = 10 + TEEN_BASES[key], i + 1
        elif key in DUAL_MULTIPLIERS:
            total = DUAL_MULTIPLIERS[key]
        elif key in MULTIPLIERS:
            total = MULTIPLIERS[key]
        else:
            current = WORDS[key]
    while t.joined(j + 1):
        nxt = _word(t, j + 1, first=False)
        if nxt is None:
            break
        off_k, key = nxt
        if off_k == 0 and key in MULTIPLIERS:
            total += (current or 1) * MULTIPLIERS[key]
            current = 0
        elif off_k == 0 and key in TEN and 1 <= current <= 9:
            current += 10
        elif off_k == 0 and WORDS.get(key) == 100 and 1 <= current <= 9:
            current *= 100
        elif off_k == 1 and numeric_word and key in WORDS:  # «خمسة وعشرون», «ألف وخمسمئة»
            current += WORDS[key]
        else:
            break
        j += 1
    return clean(total + current), j, off
