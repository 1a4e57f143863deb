"""The ``clitic`` boundary rule: a span that differs from a gold span only by leading proclitics.

Wojood and the taggers trained on it label white-space tokens, so their spans include the
proclitics «و», «ف», «ب», «ل», «ك» that this gold leaves outside (guidelines §0): «وبغداد» for the
gold «بغداد», «للولايات المتحدة» for the gold «لولايات المتحدة»; and a tagger given the text's
white-space tokens as they are also takes in the punctuation written against a word («كردستان،»,
«"داعش"»). Under this rule (:data:`CLITIC_VERSION`, named in the signature) a predicted extent
counts as a gold extent when, after the punctuation and white space at its two edges are removed
(which reads the text only; the guidelines never let a gold span begin or end with punctuation),

* both end at the same offset, and
* both start at the same offset, or the prediction starts earlier, at the start of a token (after
  white space or punctuation), and what lies between the two starts is one proclitic cluster: «و»
  or «ف», «ب», «ل» or «ك», or one of the first two before one of the last three («وب», «فل»),
  optionally followed by a tatweel and one opening quotation mark or bracket («لـ"بلومبرغ» for the
  gold «بلومبرغ»).

A prediction whose extent is itself a gold extent is never moved. Only the prediction may be
longer: a prediction that drops a word-initial letter («زارة» for the
gold «وزارة») is never forgiven. The rule moves such a prediction onto the gold extent before
pairing; it says which extents are the same, as exact matching does, and never which type, value
or pairing a prediction gets, so a system gains nothing from it but the proclitics and the
punctuation: a prediction with and one without them on the same mention are two predictions for
one gold item, one of which is spurious.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bench.matching.spans import Mention
from bench.text.tokenize import is_punctuation

CLITIC_VERSION = "ar-clitic-1"
"""Named in the signature (``clitic:``) beside the strict scheme it relaxes."""

_CLUSTER = re.compile(r"(?:[وف]?[بلك]|[وف])ـ?[\"“”«(']?")


def _token_start(text: str, offset: int) -> bool:
    # White space or punctuation before: a token start both for white-space tokens and for Wojood's
    # tokens, which split punctuation off («"وعراق» is «"» + «وعراق»).
    return offset == 0 or text[offset - 1].isspace() or is_punctuation(text[offset - 1])


def proclitic_prefix(text: str, pred_start: int, gold_start: int) -> bool:
    """True when ``text[pred_start:gold_start]`` is one proclitic cluster at a token start."""
    if not pred_start < gold_start <= pred_start + 4 or not _token_start(text, pred_start):
        return False
    return _CLUSTER.fullmatch(text, pred_start, gold_start) is not None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The extent without punctuation or white space at its edges (unchanged if nothing would be left)."""
    s, e = start, end
    while s < e and is_edge(text[s]):
        s += 1
    while e > s and is_edge(text[e - 1]):
        e -= 1
    return (s, e) if s < e else (start, end)


def is_edge(ch: str) -> bool:
    """White space or punctuation: what :func:`trim` removes from the edges of an extent."""
    return ch.isspace() or is_punctuation(ch)


def onto(text: str, start: int, gold_starts: Iterable[int]) -> int | None:
    """The first of ``gold_starts`` (of gold extents ending where the trimmed prediction ends, in
    ascending order) that the trimmed prediction starting at ``start`` equals or reaches over one
    proclitic cluster; None if none does."""
    return next((s for s in gold_starts if s == start or proclitic_prefix(text, start, s)), None)


def forgive_proclitics(text: str, gold: Sequence[Mention], pred: Sequence[Mention]) -> list[Mention]:
    """``pred`` with each extent that the rule (module docstring) makes equal to a gold extent moved
    onto that gold extent; every other prediction is returned unchanged, in the same order."""
    starts_by_end: dict[int, list[int]] = {}
    for g in sorted(gold, key=lambda g: g.start):  # earliest gold start first, for every end
        starts_by_end.setdefault(g.end, []).append(g.start)
    extents = {(g.start, g.end) for g in gold}
    out = []
    for p in pred:
        if (p.start, p.end) in extents:
            # An exact extent stays: the rule forgives a difference, it never moves a right answer
            # («قال قال.» is itself a gold extent even if «قال قال» is another).
            out.append(p)
            continue
        start, end = trim(text, p.start, p.end)
        moved = onto(text, start, starts_by_end.get(end, ()))
        out.append(p if moved is None else replace(p, start=moved, end=end))
    return out
