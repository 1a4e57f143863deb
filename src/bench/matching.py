"""Optimal one-to-one assignment of predicted to gold spans, shared by all layers.

Each gold and each prediction takes part in at most one pair. Within a group of mutually
overlapping spans the pairs are chosen by maximum-weight bipartite assignment
(``scipy.optimize.linear_sum_assignment``), so the result does not depend on input order, unlike
greedy first-match (nervaluate issue #40). Groups are found by one sort and sweep, so the cost is
near-linear in the number of spans when overlaps are local, as they are in text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np


class HasSpan(Protocol):
    start: int
    end: int


def overlaps(a: HasSpan, b: HasSpan) -> bool:
    """Half-open spans share at least one character."""
    return a.start < b.end and b.start < a.end


def _groups(gold: Sequence[HasSpan], pred: Sequence[HasSpan]) -> list[tuple[list[int], list[int]]]:
    items = [(s.start, s.end, 0, i) for i, s in enumerate(gold)]
    items += [(s.start, s.end, 1, i) for i, s in enumerate(pred)]
    items.sort()
    groups: list[tuple[list[int], list[int]]] = []
    reach = -1
    for start, end, side, index in items:
        if start >= reach:
            groups.append(([], []))
        groups[-1][side].append(index)
        reach = max(reach, end)
    return [g for g in groups if g[0] and g[1]]


def assign(gold: Sequence[HasSpan], pred: Sequence[HasSpan],
           weight: Callable[[HasSpan, HasSpan], int]) -> list[tuple[int, int]]:
    """Pairs ``(gold_index, pred_index)`` maximising the total ``weight``.

    ``weight(g, p)`` must be 0 for a pair that may not be matched (it is then never returned) and
    is only asked for overlapping pairs. Sorting the inputs by position first makes the choice
    among equally good assignments deterministic.
    """
    from scipy.optimize import linear_sum_assignment

    pairs: list[tuple[int, int]] = []
    for gold_ids, pred_ids in _groups(gold, pred):
        if len(gold_ids) == 1 and len(pred_ids) == 1:
            g, p = gold_ids[0], pred_ids[0]
            if overlaps(gold[g], pred[p]) and weight(gold[g], pred[p]) > 0:
                pairs.append((g, p))
            continue
        matrix = np.zeros((len(gold_ids), len(pred_ids)), dtype=np.int64)
        for r, g in enumerate(gold_ids):
            for c, p in enumerate(pred_ids):
                if overlaps(gold[g], pred[p]):
                    matrix[r, c] = weight(gold[g], pred[p])
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        pairs.extend((gold_ids[r], pred_ids[c]) for r, c in zip(rows, cols) if matrix[r, c] > 0)
    pairs.sort()
    return pairs
