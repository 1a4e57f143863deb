"""Sentence units: the resampling unit of the bootstrap (five documents are too few to resample).

A unit ends at a line break or after ``.``, ``!``, ``?`` or ``؟`` followed by white space. Units tile
the whole text, so every offset belongs to exactly one unit (:func:`unit_of`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

UNIT = "sentence"
_BOUNDARY = re.compile(r"[.!?؟]\s+|\n+")
"""A boundary ends where its white space ends (the mark is matched too: a look-behind costs more)."""


def sentence_starts(text: str) -> list[int]:
    """Start offsets of the sentence units of ``text`` (the first is always 0)."""
    size = len(text)
    return [0] + [end for match in _BOUNDARY.finditer(text) if (end := match.end()) < size]


def unit_of(starts: list[int], offset: int) -> int:
    """Index of the unit that contains ``offset``."""
    return max(bisect_right(starts, offset) - 1, 0)
