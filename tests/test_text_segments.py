"""Sentence units: where they start, and that the faster boundary pattern finds the same starts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.text.segments import sentence_starts, unit_of

# The definition as first written (a look-behind): a unit starts after white space that follows
# ., !, ? or ؟, or after line breaks.
_DEFINITION = re.compile(r"(?<=[.!?؟])\s+|\n+")


def _by_definition(text: str) -> list[int]:
    return [0] + [m.end() for m in _DEFINITION.finditer(text) if m.end() < len(text)]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="ab.!?؟ \n\r\t\x0b\u00a0\u2028\u3000", max_size=60))
def test_starts_follow_the_definition(text):
    assert sentence_starts(text) == _by_definition(text)


def test_units_tile_the_text():
    text = "قال. ثم\nمضى؟ نعم"
    starts = sentence_starts(text)
    assert starts == [0, 5, 8, 13]
    assert [unit_of(starts, i) for i in (0, 4, 5, 12, 13, len(text) - 1)] == [0, 0, 1, 2, 3, 3]
