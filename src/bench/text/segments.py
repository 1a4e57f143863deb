"""Sentence units: the resampling unit of the bootstrap (five documents are too few to resample).

A unit ends at a line break or after ``.``, ``!``, ``?`` or ``؟`` followed by white space. Units tile
the whole text, so every offset belongs to exactly one unit (:func:`unit_of`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

UNIT = "sentence"
_MARK = re.compile(r"[.!?؟\n]")


def sentence_starts(text: str) -> list[int]:
    r"""Start offsets of the sentence units of ``text`` (the first is always 0).

    A unit starts after a run of white space that follows ``.``, ``!``, ``?`` or ``؟``, and after
    a run of line breaks (the look-behind pattern ``(?<=[.!?؟])\s+|\n+``, found by searching for
    the marks alone: several times faster on long texts).
    """
    size = len(text)
    starts = [0]
    search = _MARK.search
    found = search(text)
    while found is not None:
        end = found.start() + 1
        if text[end - 1] == "\n":
            while end < size and text[end] == "\n":
                end += 1
        else:
            while end < size and text[end].isspace():
                end += 1
            if end == found.start() + 1:  # a mark without white space after it ends no unit
                found = search(text, end)
                continue
        if end < size:
            starts.append(end)
        found = search(text, end)
    return starts


def unit_of(starts: list[int], offset: int) -> int:
    """Index of the unit that contains ``offset``."""
    return max(bisect_right(starts, offset) - 1, 0)
