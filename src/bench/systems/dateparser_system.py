"""``dateparser.search.search_dates`` as a reference TIMEX3 tagger for Arabic.

Each document is searched with::

    search_dates(doc.text, languages=["ar"],
                 settings={"RELATIVE_BASE": <DCT at 00:00>, "PREFER_DATES_FROM": "current_period",
                           "TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": False})

``RELATIVE_BASE`` resolves relative words (أمس, الأسبوع الماضي) against the DCT.
``current_period`` (dateparser's default, written out because it matters) puts a bare weekday on
its latest occurrence on or before the DCT (so «الجمعة» in an article dated on a Friday is that
Friday; ``past`` would give the Friday before) and a bare month in the DCT's year, as the
guidelines resolve them (§2.2). The UTC zone keeps the
naive DCT as it is, so no day shifts with the machine's zone.

**Offsets.** dateparser returns ``(substring, datetime)`` pairs in text order. Each substring is
looked for from the end of the previous one, then, failing that, from the start of the text; an
occurrence already given to an earlier pair is never used again, and a substring dateparser
re-spaced is matched with any run of whitespace between its words. A pair that cannot be
placed is dropped (counted in :func:`dropped`). Whitespace and punctuation at either end of the
span are trimmed: dateparser splits on spaces, so «2025،» arrives with its comma, which no TIMEX3
contains. Prepositions it keeps («في سبتمبر 2025») are left in: that is its extent, not ours to fix.

**Value.** Type DATE; dateparser fills every part the text lacks from the DCT, so the value is
cut to the finest unit the substring itself names, decided by the first rule that applies, using
dateparser's own Arabic vocabulary (month and weekday names, unit words, relative phrases):

1. a relative phrase (اليوم, أمس, الأسبوع الماضي, قبل 3 أيام, الآن...) -> the unit it counts in;
2. a weekday name -> day;
3. a month name -> day if a day number (1-31, one or two digits) stands in the substring,
   otherwise month;
4. a numeric date: day, month and year (27/9/2024, 2024-09-27) or day and month (27/9) -> day;
   month and a four-digit year (9/2024, 2024/9) -> month;
5. a four-digit number -> year;
6. a number with a unit word (3 أيام: dateparser reads it as an offset from the DCT) -> that unit.

Units are written year ``YYYY``, month ``YYYY-MM``, week ``YYYY-Www`` (ISO week), day
``YYYY-MM-DD``. Hours, minutes, seconds («الآن» is "0 seconds ago") and anything no rule covers get
no value: the DCT has no clock time, so dateparser's time of day would be invented.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from bench.errors import InputError
from bench.schema.document import Document
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import TimexPrediction

logger = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'arabic-ie-bench[systems]'"
LANGUAGE = "ar"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNITS = ("year", "month", "week", "day", "hour", "minute", "second")
_UNIT_IN_KEY = re.compile(r"\b(" + "|".join(UNITS) + r")\b")

# Numeric dates (rule 4); \d also matches Arabic-Indic digits.
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?!\d)")
_MONTH_YEAR = re.compile(r"(?<!\d)(?:\d{1,2}[/.-]\d{4}|\d{4}[/.-]\d{1,2})(?![/.-]?\d)")
_DAY_MONTH = re.compile(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}(?![/.-]?\d)")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_NUMBER = re.compile(r"\d")

_dropped: Counter[str] = Counter()


def dropped() -> Counter[str]:
    """dateparser substrings that could not be placed in the text since the last :func:`reset_dropped`."""
    return Counter(_dropped)


def reset_dropped() -> None:
    """Forget what :func:`dropped` has counted so far."""
    _dropped.clear()


def _search():
    try:
        from dateparser.search import search_dates
    except ImportError:
        raise InputError(f"the dateparser system needs the dateparser package: {INSTALL_HINT}",
                         field="system") from None
    return search_dates


# -- granularity -----------------------------------------------------------------------------------

def _words(words) -> re.Pattern[str]:
    """Any of ``words`` as whole words (not inside a longer word)."""
    alternatives = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    """dateparser's Arabic words, so the rules see exactly the words dateparser itself knows."""
    import regex  # dateparser's own regex engine: its patterns use possessive quantifiers
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale(LANGUAGE).info
    relative: list[tuple[object, str]] = []
    for key, phrases in info.get("relative-type", {}).items():
        unit = _UNIT_IN_KEY.search(key)
        if unit:
            relative += [(_words([p]), unit.group(1)) for p in phrases]
    for key, patterns in info.get("relative-type-regex", {}).items():
        unit = _UNIT_IN_KEY.search(key)
        if unit:
            relative += [(regex.compile(r"(?<!\w)" + p + r"(?!\w)"), unit.group(1)) for p in patterns]
    return {
        "relative": relative,
        "weekday": _words(w for day in WEEKDAYS for w in info.get(day, [])),
        "month": _words(w for month in MONTHS for w in info.get(month, [])),
        "units": [(_words(info.get(unit, [])), unit) for unit in UNITS],
    }


def granularity(substring: str) -> str | None:
    """The finest unit ``substring`` names (rules 1-6 of the module docstring), or None."""
    vocab = _vocabulary()
    for pattern, unit in vocab["relative"]:
        if pattern.search(substring):
            return unit
    if vocab["weekday"].search(substring):
        return "day"
    month = vocab["month"].search(substring)
    if month:
        rest = substring[:month.start()] + " " + substring[month.end():]
        return "day" if any(1 <= int(n) <= 31 for n in _DAY_NUMBER.findall(rest)) else "month"
    if _DAY_MONTH_YEAR.search(substring):
        return "day"
    if _MONTH_YEAR.search(substring):
        return "month"
    if _DAY_MONTH.search(substring):
        return "day"
    if _YEAR.search(substring):
        return "year"
    if _NUMBER.search(substring):
        for pattern, unit in vocab["units"]:
            if pattern.search(substring):
                return unit
    return None


def timex_value(when: dt.datetime, unit: str | None) -> str | None:
    """``when`` written at ``unit``'s granularity; None below a day."""
    if unit == "year":
        return f"{when.year:04d}"
    if unit == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if unit == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "day":
        return when.date().isoformat()
    return None


# -- offsets ---------------------------------------------------------------------------------------

def _is_edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return start, end


def _locate(text: str, substring: str, cursor: int, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first free occurrence of ``substring`` at or after ``cursor``, else from the start."""
    words = substring.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    for origin in (cursor, 0):
        for match in pattern.finditer(text, origin):
            if not any(match.start() < e and s < match.end() for s, e in taken):
                return match.start(), match.end()
    return None


def extract(doc: Document) -> DocumentPrediction:
    """dateparser's dates in one document as DATE TIMEX3 (timex layer only)."""
    search_dates = _search()
    base = dt.datetime.combine(doc.dct, dt.time())
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period", "TIMEZONE": "UTC",
                "RETURN_AS_TIMEZONE_AWARE": False}
    found = search_dates(doc.text, languages=[LANGUAGE], settings=settings) or []
    taken: list[tuple[int, int]] = []
    cursor = 0
    timex = []
    for substring, when in found:
        where = _locate(doc.text, substring, cursor, taken)
        if where is None:
            _dropped[substring] += 1
            logger.info("dateparser substring %r not found in '%s'; dropped", substring, doc.id)
            continue
        taken.append(where)
        cursor = where[1]
        start, end = _trimmed(doc.text, *where)
        if start == end:
            continue
        text = doc.text[start:end]
        timex.append(TimexPrediction(start=start, end=end, text=text, type="DATE",
                                     value=timex_value(when, granularity(text))))
    return DocumentPrediction(id=doc.id, timex=tuple(timex))
