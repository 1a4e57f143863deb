"""Optimal one-to-one assignment of predicted to gold spans, shared by all layers.

Each gold and each prediction takes part in at most one pair, and pairs are chosen from extents
alone (:func:`pair_extents`), never from whether a type or field agrees with the gold. Within a
group of mutually overlapping spans the pairs are chosen by maximum-weight bipartite assignment
(``scipy.optimize.linear_sum_assignment``), so the result does not depend on input order, unlike
greedy first-match (nervaluate issue #40). Groups are found by one sort and sweep, so the cost is
near-linear in the number of spans when overlaps are local, as they are in text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bench.matching.spans import HasSpan, overlaps

MATCHING_VERSION = "extent-1to1-2"
"""Named in the signature: optimal one-to-one pairing on extents only, crowded extents conflicted."""


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


Preference = Literal["exact", "overlap"]
"""What a pairing maximises first: exact extents (then overlapping pairs), or overlapping pairs
(then exact extents)."""


@dataclass(frozen=True)
class Pairing:
    """One layer's pairing of gold and predicted items (indices into the inputs)."""

    pairs: list[tuple[int, int]]
    """``(gold, pred)``, sorted."""
    surplus: list[int]
    """Predictions that take part in no pairing: exact repeats, and the surplus on a crowded extent."""
    conflicted: frozenset[int]
    """Predictions on a crowded extent: their type and fields never count as agreeing."""


def pair_extents(gold: Sequence[HasSpan], pred: Sequence[HasSpan], prefer: Preference,
                 rank: Callable[[HasSpan], Hashable], label: Callable[[HasSpan], Hashable] | None = None,
                 *, dropped: Collection[int] = ()) -> Pairing:
    """One-to-one pairs of ``gold`` and ``pred`` indices chosen from extents alone.

    The pairing maximises the number of exact pairs and then of overlapping pairs
    (``prefer="exact"``), or the other way round (``prefer="overlap"``), and then the number of
    characters the pairs share (a prediction covering more of a gold item is its better partner).
    It never asks whether a prediction's type, value or other field agrees with the gold, and one
    extent cannot hedge:

    * a prediction identical to another in extent and ``rank`` (its own content) is a repeat;
    * an extent offers as many *slots* as there are gold items with exactly that extent, at least
      one. When it carries more distinct predictions than slots, the first ones in ``rank`` order
      fill the slots and are *conflicted* (the system gave several answers for one item: none of
      them counts as agreeing), and the rest are surplus, like repeats.

    So adding predictions on an extent that already has one never raises a credit, a precision or
    a field's score. ``dropped`` (indices into ``pred``) carries a wider pairing's verdict into a
    filtered one (per-type tables): those predictions are surplus whatever the filtered sets hold.

    The number of slots is the one place the gold is read beyond pairing extents with extents: it
    counts gold items per extent, never their content, so a system cannot learn from it which
    answer is right (this gold never annotates one span twice: every extent has one slot).
    ``label`` only pairs equal labels among the gold items and predictions that share one extent
    (nested mentions with identical extents), as a scheme that reads types defines.
    """
    at_extent: dict[tuple[int, int], int] = {}
    for g in gold:
        at_extent[(g.start, g.end)] = at_extent.get((g.start, g.end), 0) + 1
    members: dict[tuple[int, int], list[int]] = {}
    surplus: list[int] = []
    seen: set[tuple] = set()
    dropped = set(dropped)
    for i in sorted(range(len(pred)), key=lambda i: (pred[i].start, pred[i].end, rank(pred[i]), i)):
        key = (pred[i].start, pred[i].end, rank(pred[i]))
        if key in seen or i in dropped:
            surplus.append(i)
            continue
        seen.add(key)
        members.setdefault(key[:2], []).append(i)
    conflicted: set[int] = set()
    for extent, items in members.items():
        slots = max(1, at_extent.get(extent, 0))
        if len(items) > slots:
            conflicted.update(items[:slots])
            surplus.extend(items[slots:])
            del items[slots:]
    eligible = [i for items in members.values() for i in items]
    gold_order = sorted(range(len(gold)), key=lambda i: (gold[i].start, gold[i].end, rank(gold[i]), i))
    g_sorted = [gold[i] for i in gold_order]
    p_sorted = [pred[i] for i in eligible]
    # Lexicographic objective as one integer: (exact pairs, pairs) or (pairs, exact pairs), then
    # the characters the pairs overlap; each unit exceeds the most the lesser terms can add up to.
    unit_minor = sum(g.end - g.start for g in g_sorted) + 1
    unit_major = unit_minor * (min(len(g_sorted), len(p_sorted)) + 1)

    def weight(g: HasSpan, p: HasSpan) -> int:
        exact = g.start == p.start and g.end == p.end
        shared = min(g.end, p.end) - max(g.start, p.start)
        if prefer == "exact":
            return unit_major * exact + unit_minor + shared
        return unit_major + unit_minor * exact + shared

    raw = assign(g_sorted, p_sorted, weight)
    # The solver chose how many pairs each (gold extent, predicted extent) gets. Which of the
    # predictions sharing an extent take them is decided by rank, so never by the gold's fields;
    # which of the gold items sharing an extent are taken, by ``label`` where it is given.
    won: dict[tuple[int, int], dict[tuple[int, int], int]] = {}
    for g, p in raw:
        counts = won.setdefault((p_sorted[p].start, p_sorted[p].end), {})
        extent = (g_sorted[g].start, g_sorted[g].end)
        counts[extent] = counts.get(extent, 0) + 1
    by_extent: dict[tuple[int, int], list[int]] = {}
    for i in gold_order:
        by_extent.setdefault((gold[i].start, gold[i].end), []).append(i)
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for extent, counts in sorted(won.items()):
        preds = members[extent][:sum(counts.values())]
        pairs.extend(_pair_labels(preds, counts, by_extent, taken, gold, pred, label))
    pairs.sort()
    return Pairing(pairs=pairs, surplus=sorted(surplus), conflicted=frozenset(conflicted))


def _pair_labels(preds: list[int], counts: dict[tuple[int, int], int], by_extent: dict[tuple[int, int], list[int]],
                 taken: set[int], gold: Sequence[HasSpan], pred: Sequence[HasSpan],
                 label: Callable[[HasSpan], Hashable] | None) -> list[tuple[int, int]]:
    """Pair the predictions of one extent with ``counts[x]`` gold items of each gold extent ``x``.

    Equal labels pair first (only ever between items that share extents), then the rest in order.
    """
    free_p = list(preds)
    need = dict(counts)
    pairs: list[tuple[int, int]] = []
    if label is not None:
        for extent in sorted(need):
            for g in by_extent[extent]:
                if not need[extent] or g in taken:
                    continue
                same = next((p for p in free_p if label(pred[p]) == label(gold[g])), None)
                if same is not None:
                    pairs.append((g, same))
                    taken.add(g)
                    free_p.remove(same)
                    need[extent] -= 1
    for extent in sorted(need):
        for g in by_extent[extent]:
            if need[extent] and g not in taken:
                pairs.append((g, free_p.pop(0)))
                taken.add(g)
                need[extent] -= 1
    return pairs
