"""Placing string-only predictions (no offsets) on occurrences of their text in the document.

Stage 1 (here): each prediction without offsets is placed on a distinct occurrence of its text
(found after Arabic normalisation, :func:`bench.normalize.find_occurrences`). Among all placements,
a maximum-weight assignment picks the one that puts the most predictions on a gold span of the same
type, then on a gold span, then overlapping a gold span; among equal placements, predictions whose
fields agree with the gold item there are preferred. Predictions are taken in a canonical order
(by content), so the placement never depends on input order. Two predictions with the same type never
share an occurrence, so repeating a string claims another mention only while the text has one.
A prediction whose text does not occur, or for which no free occurrence is left, is *unplaced*
and counts as spurious.
Stage 2 (the layer scorers): placed predictions are scored exactly like predictions with offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.normalize import find_occurrences


@dataclass(frozen=True)
class Placement:
    placed: dict[int, tuple[int, int]]
    """Prediction index -> (start, end) for string-only predictions that found an occurrence."""
    unplaced: list[int]


def place(text: str, gold: Sequence[Any], preds: Sequence[Any], label: Callable[[Any], Any],
          fields: Sequence[Any] = ()) -> Placement:
    """Place the predictions of ``preds`` that lack offsets.

    ``label`` gives the type to compare; ``fields`` (:class:`bench.metrics.fields.FieldSpec`) break
    ties between placements on the same gold span.
    """
    from scipy.optimize import linear_sum_assignment

    todo = sorted((i for i, p in enumerate(preds) if p.start is None),
                  key=lambda i: (repr(preds[i]), i))
    if not todo:
        return Placement({}, [])
    cache: dict[str, list[tuple[int, int]]] = {}
    slots: dict[tuple[int, int, Any], int] = {}
    options: list[list[tuple[int, int]]] = []
    for i in todo:
        found = cache.setdefault(preds[i].text, find_occurrences(text, preds[i].text))
        options.append(found)
        for start, end in found:
            slots.setdefault((start, end, label(preds[i])), len(slots))
    at_span: dict[tuple[int, int], list[Any]] = {}
    for g in gold:
        at_span.setdefault((g.start, g.end), []).append(g)
    matrix = np.zeros((len(todo), len(slots)), dtype=np.int64)
    # Tiered weights: any one better placement outweighs all lesser ones together, and field
    # agreement (at most len(fields) per row) only breaks ties within a tier.
    unit = len(fields) + 1
    tier = 2 * len(todo) + 2
    for row, i in enumerate(todo):
        pred, kind = preds[i], label(preds[i])
        for start, end in options[row]:
            here = at_span.get((start, end), [])
            same = [g for g in here if label(g) == kind]
            agree = max((sum(f.agrees(g, pred) for f in fields) for g in (same or here)), default=0)
            if same:
                quality = 3
            elif here:
                quality = 2
            elif any(g.start < end and start < g.end for g in gold):
                quality, agree = 1, 0
            else:
                quality, agree = 0, 0
            matrix[row, slots[(start, end, kind)]] = 1 + agree + unit * (0, 1, tier, tier * tier)[quality]
    placed: dict[int, tuple[int, int]] = {}
    if slots:
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        by_index = {v: k for k, v in slots.items()}
        for r, c in zip(rows, cols):
            if matrix[r, c] > 0:
                start, end, _ = by_index[c]
                placed[todo[r]] = (start, end)
    unplaced = [i for i in todo if i not in placed]
    return Placement(placed, unplaced)
