"""Span and attribute scores for TIMEX3 expressions and numeric claims (TempEval-3 style).

Following TempEval-3 (UzZaman et al., SemEval 2013, task 1): *strict* match requires identical
extents, *relaxed* match any overlap. Matching is one-to-one and optimal (:mod:`bench.matching.assign`) and
reads extents only: strict counts the largest set of exact pairs, relaxed the largest number of
overlapping pairs (preferring exact extents among equally large choices). Whether a field agrees
with the gold never decides a pairing: of several predictions on one extent (where the gold has one
item), the first in content order (type, value, …) takes the pair with every field counted as wrong,
and the others are spurious, so offering several values for one expression never pays. Fields are
compared over the relaxed pairs (:mod:`bench.metrics.fields`). An exact duplicate of a prediction
(same extent and same field values) is never matched and counts as spurious.

:class:`bench.metrics.span_batch.SpanBatch` pairs many documents at once on arrays; this module's
:func:`match_spans` is the per-document reference it is tested against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.matching.assign import extent_groups, pair_extents_each
from bench.metrics.fields import FieldSpec


def content(item: Any, fields: Sequence[FieldSpec]) -> tuple[str, ...]:
    """What orders the items that share an extent: their field values, as text."""
    return tuple(repr(f.read(item)) for f in fields)


@dataclass(frozen=True)
class SpanMatch:
    """The outcome of matching one document's layer."""

    strict_pairs: list[tuple[int, int]]
    relaxed_pairs: list[tuple[int, int]]
    spurious: list[int]
    """Prediction indices never matched (including duplicates)."""
    missed: list[int]
    conflicted: frozenset[int] = frozenset()
    """Predictions offered with others for one extent: none of their fields counts as agreeing."""


def match_spans(gold: Sequence[Any], pred: Sequence[Any], fields: Sequence[FieldSpec]) -> SpanMatch:
    """Strict and relaxed pairs of one document's layer, chosen from extents alone."""
    ranks: dict[int, tuple] = {}

    def rank(item: Any) -> tuple:
        # Each item's content read once, and only where it ranks (items sharing an extent).
        found = ranks.get(id(item))
        if found is None:
            found = ranks[id(item)] = content(item, fields)
        return found

    exact_first, relaxed = pair_extents_each(gold, pred, ("exact", "overlap"), rank)
    strict_pairs = [(g, p) for g, p in exact_first.pairs
                    if gold[g].start == pred[p].start and gold[g].end == pred[p].end]
    relaxed_pairs = relaxed.pairs
    matched_pred = {p for _, p in relaxed_pairs}
    matched_gold = {g for g, _ in relaxed_pairs}
    # Ordered by position and content, never by input order, so reports do not depend on it.
    spurious = [i for _, group in extent_groups(pred, rank) for i in group if i not in matched_pred]
    missed = [g for g in range(len(gold)) if g not in matched_gold]
    return SpanMatch(strict_pairs, relaxed_pairs, spurious, missed, relaxed.conflicted)
