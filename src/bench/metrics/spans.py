"""Span and attribute scores for TIMEX3 expressions and numeric claims (TempEval-3 style).

Following TempEval-3 (UzZaman et al., SemEval 2013, task 1): *strict* match requires identical
extents, *relaxed* match any overlap. Matching is one-to-one and optimal (:mod:`bench.matching`):
the largest number of overlapping pairs, preferring exact extents among equally large choices.
Among equally many (and equally exact) pairings, the one whose fields agree most is taken, so two
gold items on one extent are each credited to the prediction that reproduces them. Fields are
compared over the relaxed pairs (:mod:`bench.metrics.fields`). An exact duplicate of a
prediction (same extent and same field values) is never matched and counts as spurious.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.matching import assign
from bench.metrics.fields import FieldSpec


def _key(item: Any, fields: Sequence[FieldSpec]) -> tuple:
    return (item.start, item.end, *(repr(f.read(item)) for f in fields))


@dataclass(frozen=True)
class SpanMatch:
    """The outcome of matching one document's layer."""

    strict_pairs: list[tuple[int, int]]
    relaxed_pairs: list[tuple[int, int]]
    spurious: list[int]
    """Prediction indices never matched (including duplicates)."""
    missed: list[int]


def match_spans(gold: Sequence[Any], pred: Sequence[Any], fields: Sequence[FieldSpec]) -> SpanMatch:
    seen: set[tuple] = set()
    candidates: list[int] = []
    repeats: list[int] = []
    for i in sorted(range(len(pred)), key=lambda i: _key(pred[i], fields)):
        key = _key(pred[i], fields)
        (repeats if key in seen else candidates).append(i)
        seen.add(key)
    cand = [pred[i] for i in candidates]
    n = min(len(gold), len(cand))
    # Lexicographic weights: most pairs, then most exact pairs, then most agreeing fields.
    per_exact = n * len(fields) + 1
    per_pair = n * per_exact + n * len(fields) + 1

    def exact(g: Any, p: Any) -> bool:
        return g.start == p.start and g.end == p.end

    def relaxed_weight(g: Any, p: Any) -> int:
        agree = sum(f.agrees(g, p) for f in fields)
        return per_pair + per_exact * exact(g, p) + agree

    strict = assign(gold, cand, lambda g, p: 1 if exact(g, p) else 0)
    relaxed = assign(gold, cand, relaxed_weight)
    strict_pairs = [(g, candidates[p]) for g, p in strict]
    relaxed_pairs = [(g, candidates[p]) for g, p in relaxed]
    matched_pred = {p for _, p in relaxed_pairs}
    matched_gold = {g for g, _ in relaxed_pairs}
    # Ordered by position and content, never by input order, so reports do not depend on it.
    spurious = sorted([i for i in candidates if i not in matched_pred] + repeats, key=lambda i: _key(pred[i], fields))
    missed = [g for g in range(len(gold)) if g not in matched_gold]
    return SpanMatch(strict_pairs, relaxed_pairs, spurious, missed)
