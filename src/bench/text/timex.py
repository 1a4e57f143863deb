"""TIMEX3 ``value`` grammar and the canonical form used to compare values.

The grammar follows the TimeML 1.2.1 TIMEX3 specification (ISO-TimeML, ISO 24617-1) for
``value``: calendar dates and times with ``X`` placeholders, ISO weeks, seasons, quarters and
halves, decades and centuries, durations, and the tokens ``PRESENT_REF``, ``PAST_REF`` and
``FUTURE_REF``. Duration units include the TIMEX2/TIMEX3 extensions ``DE`` (decade), ``CE``
(century) and ``ML`` (millennium), and ``Q`` (quarter).

Canonicalisation (version :data:`CANON_VERSION`) makes equal values compare equal:

* durations are rewritten in years/months (``DE`` = 10Y, ``CE`` = 100Y, ``ML`` = 1000Y,
  ``Q`` = 3M, 12M = 1Y), days (``W`` = 7D; a whole number of weeks alone is written in weeks) and
  hours/minutes/seconds, so ``P2DE`` == ``P20Y`` and ``P7D`` == ``P1W``; a duration with an
  unknown amount (``PXY``) stays as written;
* everything else is compared as written, upper-cased.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from fractions import Fraction

CANON_VERSION = "1"

_NUM = r"(?:\d+(?:\.\d+)?|X)"
_YEAR = r"(?:[0-9X]{4})"
_DATE = (
    rf"{_YEAR}"
    r"(?:-(?:(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12][0-9]|3[01]|XX))?"  # month, day
    r"|W(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)(?:-(?:WE|[1-7]))?"  # ISO week, weekend or weekday
    r"|SP|SU|FA|WI|Q[1-4X]|H[12X]))?"  # seasons, quarters, halves
)
_CLOCK = r"(?:[01][0-9]|2[0-4])(?::[0-5][0-9](?::[0-5][0-9](?:\.\d+)?)?)?"
_TIME = rf"{_DATE}T(?:{_CLOCK}|MO|MI|AF|EV|NI|DT)"
_DECADE = r"[0-9X]{3}"  # e.g. 199 = the 1990s
_CENTURY = r"[0-9X]{2}"  # e.g. 20 = 2000-2099
_DURATION = (
    rf"P(?:(?:{_NUM}(?:ML|CE|DE|Y|Q|M|W|D))+(?:T(?:{_NUM}[HMS])+)?|T(?:{_NUM}[HMS])+)"
)
_TOKENS = r"PRESENT_REF|PAST_REF|FUTURE_REF"

VALUE_RE = re.compile(rf"^(?:{_TIME}|{_DATE}|{_DECADE}|{_CENTURY}|{_DURATION}|{_TOKENS})$")
DURATION_RE = re.compile(rf"^{_DURATION}$")

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
TIMEX_MODS = (
    "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
    "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX",
)

_YM_MONTHS = {"ML": 12000, "CE": 1200, "DE": 120, "Y": 12, "Q": 3}
_DAYS = {"W": 7, "D": 1}
_SECONDS = {"H": 3600, "M": 60, "S": 1}


def is_valid_value(value: str) -> bool:
    """True when ``value`` is a well-formed TIMEX3 value."""
    return bool(VALUE_RE.match(value))


def _fmt(number: Fraction) -> str:
    """Exact decimal text: amounts are decimals times integers, so the expansion terminates."""
    if number.denominator == 1:
        return str(number.numerator)
    with localcontext() as ctx:
        ctx.prec = 60
        text = format(Decimal(number.numerator) / Decimal(number.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _canonical_duration(value: str) -> str:
    if "X" in value:
        return value
    date_part, _, time_part = value[1:].partition("T")
    months = days = seconds = Fraction(0)
    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)(ML|CE|DE|Y|Q|M|W|D)", date_part):
        quantity = Fraction(amount)
        if unit == "M":
            months += quantity
        elif unit in _YM_MONTHS:
            months += quantity * _YM_MONTHS[unit]
        else:
            days += quantity * _DAYS[unit]
    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)([HMS])", time_part):
        seconds += Fraction(amount) * _SECONDS[unit]
    out = "P"
    years, rest = divmod(months, 12)
    if years:
        out += f"{_fmt(years)}Y"
    if rest:
        out += f"{_fmt(rest)}M"
    if days and not months and not seconds and days % 7 == 0:
        out += f"{_fmt(days / 7)}W"  # a whole number of weeks alone reads as weeks: P7D -> P1W
    elif days:
        out += f"{_fmt(days)}D"
    if seconds:
        hours, rem = divmod(seconds, 3600)
        minutes, secs = divmod(rem, 60)
        out += "T" + "".join(
            f"{_fmt(q)}{u}" for q, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if q
        )
    return out if out != "P" else "PT0S"


def canonical_value(value: str | None) -> str | None:
    """The canonical form of a TIMEX3 value (see the module docstring); ``None`` stays ``None``."""
    if value is None:
        return None
    value = value.strip().upper()
    if DURATION_RE.match(value):
        return _canonical_duration(value)
    return value
