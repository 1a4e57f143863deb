"""TIMEX3 value grammar and canonical equality (bench.text.timex)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.text.timex import DURATION_RE, canonical_value, is_valid_value

VALID = [
    # calendar dates, reduced precision, placeholders
    "2025", "2025-09", "2025-09-27", "XXXX-09-27", "2025-XX-XX", "20XX", "XXXX",
    # ISO weeks, weekends, weekdays
    "2025-W39", "2025-W01", "2025-W53", "2025-W39-WE", "2025-W39-3", "2025-WXX",
    # seasons, quarters, halves
    "2025-SP", "2025-SU", "2025-FA", "2025-WI", "2025-Q1", "2025-Q4", "2025-QX", "2025-H1", "2025-H2",
    # decades and centuries
    "199", "202", "20", "19",
    # times
    "2025-09-27T10", "2025-09-27T10:30", "2025-09-27T10:30:15", "2025-09-27T10:30:15.5", "2025-09-27T24",
    "2025-09-27TMO", "2025-09-27TNI", "XXXX-XX-XXTEV",
    # durations
    "P1Y", "P2DE", "P1CE", "P1ML", "P1Q", "P3M", "P1W", "P7D", "PT3H", "PT30M", "PT15S", "P1Y6M",
    "P1Y2M3DT4H5M6S", "P1.5Y", "PXY", "PXD", "PTXH", "P1DT12H",
    # tokens
    "PRESENT_REF", "PAST_REF", "FUTURE_REF",
]

INVALID = [
    "", "2025-13", "2025-00", "2025-09-32", "2025-09-00", "2025-9", "2025-9-27", "2", "20255",
    "2025-W54", "2025-W00", "2025-W39-8", "2025-Q5", "2025-H3", "2025-AU",
    "2025-09-27T25", "2025-09-27T10:60", "2025-09-27T", "2025-09-27XMO",
    "P", "PT", "P1H", "P1YT", "P1S", "1Y", "P-1Y", "PY", "P1.Y",
    "present_ref", "NOW", "PRESENT", " 2025", "2025 ", "2025/09/27", "27-09-2025",
]


@pytest.mark.parametrize("value", VALID)
def test_valid_values(value: str) -> None:
    assert is_valid_value(value)


@pytest.mark.parametrize("value", INVALID)
def test_invalid_values(value: str) -> None:
    assert not is_valid_value(value)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("P2DE", "P20Y"),
        ("P1W", "P7D"),
        ("P12M", "P1Y"),
        ("P1CE", "P100Y"),
        ("P1ML", "P1000Y"),
        ("P1Q", "P3M"),
        ("P4Q", "P1Y"),
        ("P18M", "P1Y6M"),
        ("P0.5Y", "P6M"),
        ("P1.50Y", "P1.5Y"),
        ("PT60M", "PT1H"),
        ("PT90M", "PT1H30M"),
        ("PT3600S", "PT1H"),
        ("P2W", "P14D"),
        ("p1w", "P7D"),  # compared upper-cased
    ],
)
def test_canonical_equal(a: str, b: str) -> None:
    assert canonical_value(a) == canonical_value(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("P1Y", "P1M"),  # M in the date part is months ...
        ("PT1M", "P1M"),  # ... and minutes in the time part
        ("P1D", "PT24H"),  # days are not hours (daylight saving), kept apart by design
        ("P1W", "P1D"),
        ("P2DE", "P2Y"),
        ("2025", "2025-01"),
        ("PXY", "PXM"),
        ("PXY", "P1Y"),
    ],
)
def test_canonical_different(a: str, b: str) -> None:
    assert canonical_value(a) != canonical_value(b)


@pytest.mark.parametrize("value", ["PXY", "PXD", "PTXH", "P1YXM"])
def test_unknown_amount_durations_unchanged(value: str) -> None:
    assert canonical_value(value) == value


@pytest.mark.parametrize("value", ["2025-09-27", "2025-W39", "PRESENT_REF", "199", "2025-Q1"])
def test_non_durations_compare_as_written(value: str) -> None:
    assert canonical_value(value) == value
    assert canonical_value(value.lower()) == value


def test_none_stays_none() -> None:
    assert canonical_value(None) is None


def test_canonical_is_idempotent_and_valid() -> None:
    for value in VALID:
        once = canonical_value(value)
        assert canonical_value(once) == once
        assert is_valid_value(once), (value, once)


# -- canonical equality must coincide with equality of the amount the duration denotes ---------------
# Oracle: a duration denotes (months, days, seconds); DE/CE/ML/Y/Q are fixed numbers of months, W is
# 7 days, and H/M/S in the time part are seconds. Two durations are equal exactly when these agree.

_MONTHS = {"ML": 12000, "CE": 1200, "DE": 120, "Y": 12, "Q": 3, "M": 1}
_DAYS = {"W": 7, "D": 1}
_SECS = {"H": 3600, "M": 60, "S": 1}

amounts = st.one_of(st.integers(0, 30).map(str), st.from_regex(r"[0-9]{1,2}\.[0-9]{1,9}", fullmatch=True))
date_units = st.lists(st.tuples(amounts, st.sampled_from(["ML", "CE", "DE", "Y", "Q", "M", "W", "D"])),
                      min_size=1, max_size=3)
time_units = st.lists(st.tuples(amounts, st.sampled_from(["H", "M", "S"])), max_size=3)


@st.composite
def durations(draw) -> tuple[str, tuple[Fraction, Fraction, Fraction]]:
    date = draw(date_units)
    time = draw(time_units)
    value = "P" + "".join(a + u for a, u in date) + ("T" + "".join(a + u for a, u in time) if time else "")
    months = sum((Fraction(a) * _MONTHS[u] for a, u in date if u in _MONTHS), Fraction(0))
    days = sum((Fraction(a) * _DAYS[u] for a, u in date if u in _DAYS), Fraction(0))
    secs = sum((Fraction(a) * _SECS[u] for a, u in time), Fraction(0))
    return value, (months, days, secs)


@given(durations(), durations())
def test_canonical_equality_matches_denoted_amount(a, b) -> None:
    (va, amount_a), (vb, amount_b) = a, b
    assert DURATION_RE.match(va) and DURATION_RE.match(vb)
    assert (canonical_value(va) == canonical_value(vb)) == (amount_a == amount_b), (va, vb)


def _denoted(canonical: str) -> tuple[Fraction, Fraction, Fraction]:
    """Read a canonical duration back into (months, days, seconds)."""
    import re

    date, _, time = canonical[1:].partition("T")
    months = days = secs = Fraction(0)
    for amount, unit in re.findall(r"([0-9.]+)(Y|M|W|D)", date):
        if unit in _DAYS:
            days += Fraction(amount) * _DAYS[unit]
        else:
            months += Fraction(amount) * (12 if unit == "Y" else 1)
    for amount, unit in re.findall(r"([0-9.]+)([HMS])", time):
        secs += Fraction(amount) * _SECS[unit]
    return months, days, secs


@given(durations())
def test_canonical_duration_denotes_the_same_amount(d) -> None:
    value, amount = d
    canonical = canonical_value(value)
    assert is_valid_value(canonical)
    assert _denoted(canonical) == amount, (value, canonical)


def test_distinct_fractional_durations_stay_distinct() -> None:
    # 1.0000001 days is not 1 day; a canonical form that rounds to 6 significant digits merges them.
    assert canonical_value("P1.0000001D") != canonical_value("P1D")
