"""Optimal one-to-one assignment of predicted to gold spans, shared by all layers.

Each gold and each prediction takes part in at most one pair, and pairs are chosen from extents
alone (:func:`pair_extents`), never from whether a type or field agrees with the gold. The pairs
maximise a total weight (maximum-weight bipartite assignment), so the result does not depend on
input order, unlike greedy first-match (nervaluate issue #40).

**Tie rule.** Where several assignments reach the best total, the one returned is the one whose
sorted list of ``(gold, prediction)`` index pairs is lexicographically smallest: the first gold
item that any optimum pairs is paired, with the first prediction any optimum gives it, and so on
(:func:`lexmin_assignment`). Inputs are sorted by position first (:func:`pair_extents`), so ties go
to the earlier spans. The rule is written, not whatever a solver happens to return, so a second
implementation can be held to the same pairs, counts and CI digits.

Two paths compute it. :func:`assign` is the general one: one assignment over every gold and every
prediction. :func:`assign_spans` is the fast one: one sort and sweep splits the spans into
components of overlapping spans (spans of different components never overlap, so optima and the
tie rule decompose over components); a component with one gold item or one prediction is decided
by one maximum, and only components where several spans compete on both sides go to the solver.
Its cost is linear in the number of spans when overlaps are local, as they are in text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bench.matching.spans import HasSpan, overlaps

MATCHING_VERSION = "extent-1to1-3"
"""Named in the signature: optimal one-to-one pairing on extents only, crowded extents conflicted,
ties to the lexicographically smallest pairs (``-3``; ``-2`` left them to the solver)."""

_EXACT_FLOAT = 2**52
"""Assignment weights go through the solver as float64: totals must stay exact integers below this."""


Preference = Literal["exact", "overlap"]
"""What a pairing maximises first: exact extents (then overlapping pairs), or overlapping pairs
(then exact extents)."""


def lexmin_assignment(weights: np.ndarray) -> list[tuple[int, int]]:
    """Rows paired with columns, maximising the total of ``weights`` (non-negative integers).

    A pair of weight 0 is never returned. Among the optimal assignments this is the one whose sorted
    pair list is lexicographically smallest (module docstring): rows are fixed in order, each to the
    smallest column some optimum consistent with the rows fixed before gives it, or to none.

    One solve finds an optimum and an optimal dual (:func:`_optimal_dual`); the optima are then
    exactly the matchings of the dual's tight cells that leave unpaired only rows and columns whose
    dual is 0 (complementary slackness), so each row is fixed by searches for alternating paths
    among those cells (:func:`_lexmin_by_alternating_paths`), without solving again.
    """
    n_rows, n_cols = weights.shape
    if not n_rows or not n_cols:
        return []
    if n_rows * n_cols <= SMALL_COMPONENT:
        return _lexmin_by_enumeration(weights)
    from scipy.optimize import linear_sum_assignment

    if int(weights.max()) * (min(n_rows, n_cols) + 1) >= _EXACT_FLOAT:
        raise ValueError("assignment weights too large to solve exactly in float64")
    rows, cols = linear_sum_assignment(weights, maximize=True)
    chosen = {int(r): int(c) for r, c in zip(rows, cols) if weights[r, c] > 0}
    dual = _optimal_dual(weights, chosen)
    if dual is None:  # never for an optimum (the dual is verified); the slower rule needs none
        return _lexmin_by_solves(weights, chosen)
    return _lexmin_by_alternating_paths(weights, chosen, *dual)


def _optimal_dual(weights: np.ndarray, chosen: dict[int, int]) -> tuple[np.ndarray, np.ndarray] | None:
    """An optimal dual ``(u, v)`` of the matching LP for the optimum ``chosen`` (None if none is found,
    which never happens for an optimum).

    The dual (``u`` per row, ``v`` per column, both non-negative, ``u + v >= weights``, equal on the
    pairs, zero on unpaired rows and columns) is found as longest paths over the difference
    constraints it must meet (Bellman-Ford from the unpaired side), and verified before use.
    """
    n_rows, n_cols = weights.shape
    w = weights.astype(np.int64)
    rows = np.array(sorted(chosen), dtype=np.int64)
    cols = np.array([chosen[r] for r in rows.tolist()], dtype=np.int64)
    m = len(rows)
    if not m:
        return np.zeros(n_rows, dtype=np.int64), np.zeros(n_cols, dtype=np.int64)
    own = w[rows, cols]
    none = np.iinfo(np.int64).min // 4
    free_cols = np.ones(n_cols, dtype=bool)
    free_cols[cols] = False
    free_rows = np.ones(n_rows, dtype=bool)
    free_rows[rows] = False
    # gain[x, y]: u_x >= u_y + gain[x, y], for paired rows x, y (row x taking y's column); node m is
    # the unpaired side, fixed at 0.
    gain = np.full((m + 1, m + 1), none, dtype=np.int64)
    into = w[np.ix_(rows, cols)]
    gain[:m, :m] = np.where(into > 0, into - own[None, :], none)
    np.fill_diagonal(gain, none)
    gain[:m, m] = np.maximum(0, w[np.ix_(rows, np.flatnonzero(free_cols))].max(axis=1, initial=0))
    others = w[np.ix_(np.flatnonzero(free_rows), cols)]
    taken = np.where(others > 0, others, none).max(axis=0, initial=none)
    gain[m, :m] = np.maximum(-own, np.where(taken > none, taken - own, none))
    best = np.full(m + 1, none, dtype=np.int64)
    best[m] = 0
    for _ in range(m + 2):
        reached = best > none
        step = np.where((gain > none) & reached[None, :], gain + best[None, :], none).max(axis=1)
        grown = np.maximum(best, step)
        if np.array_equal(grown, best):
            break
        best = grown
    else:
        return None
    if best[m] != 0:
        return None
    u = np.zeros(n_rows, dtype=np.int64)
    u[rows] = best[:m]
    v = np.zeros(n_cols, dtype=np.int64)
    v[cols] = own - best[:m]
    slack = u[:, None] + v[None, :] - w
    if (u < 0).any() or (v < 0).any() or (slack < 0).any() or (slack[rows, cols] != 0).any():
        return None
    return u, v


def _lexmin_by_alternating_paths(weights: np.ndarray, chosen: dict[int, int], u: np.ndarray,
                                 v: np.ndarray) -> list[tuple[int, int]]:
    """:func:`lexmin_assignment` from an optimum ``chosen`` and an optimal dual ``(u, v)``.

    A matching is optimal exactly when its pairs are tight cells (``u + v == weights > 0``) and every
    row with ``u > 0`` and column with ``v > 0`` is paired. Row ``r`` (rows before it fixed) can take
    a tight free column ``c`` instead of its own column ``y`` when, with ``r`` on ``c``, (a) the row
    ``c`` leaves, if ``u > 0``, finds another column along an alternating path, and (b) column ``y``,
    if ``v > 0``, finds another row; by the Mendelsohn-Dulmage theorem a matching meeting both exists
    when each is met on its own, and the two path searches build it. Each search is one
    breadth-first pass over the tight cells of the rows not yet fixed (boolean arrays).
    """
    n_rows, n_cols = weights.shape
    tight = (u[:, None] + v[None, :] == weights) & (weights > 0)
    by_col = np.ascontiguousarray(tight.T)
    row_col = np.full(n_rows, -1, dtype=np.int64)  # each row's column (-1: unpaired)
    col_row = np.full(n_cols, -1, dtype=np.int64)
    for r, c in chosen.items():
        row_col[r], col_row[c] = c, r
    used = np.zeros(n_cols, dtype=bool)  # columns of the rows already fixed
    for r in range(n_rows):
        candidates = np.flatnonzero(tight[r] & ~used)
        own = int(row_col[r])
        if candidates.size and candidates[0] != own:
            c = _first_feasible(candidates, r, own, tight, by_col, row_col, col_row, used, u, v)
            if c != own:
                _move(r, c, tight, by_col, row_col, col_row, used, u, v)
        if row_col[r] >= 0:
            used[row_col[r]] = True
    pairs = [(r, int(c)) for r, c in enumerate(row_col.tolist()) if c >= 0]
    total = sum(int(weights[r, c]) for r, c in pairs)
    if total != sum(int(weights[r, c]) for r, c in chosen.items()):
        raise AssertionError("the tie rule lost the optimum")  # a bug, never an input's fault
    return pairs


def _first_feasible(candidates: np.ndarray, r: int, own: int, tight: np.ndarray, by_col: np.ndarray,
                    row_col: np.ndarray, col_row: np.ndarray, used: np.ndarray, u: np.ndarray,
                    v: np.ndarray) -> int:
    """The smallest of ``candidates`` (tight free columns of row ``r``) some optimum gives row ``r``
    with the rows before it fixed; ``own`` (its present column, or -1) when none is smaller."""
    # (a) Rows below r that can give up their column: u == 0, or an alternating path reaches a
    # free column (own is free once r moves) or a row with u == 0. Grown backwards from those ends.
    free = ~used & (col_row < 0)
    if own >= 0:
        free[own] = True
    below = slice(r + 1, None)
    able = np.zeros(tight.shape[0], dtype=bool)
    able[below] = (u[below] == 0) | tight[below][:, free].any(axis=1)
    frontier = np.flatnonzero(able)
    while frontier.size:
        cols = row_col[frontier]
        cols = cols[(cols >= 0) & ~used[cols]]
        if not cols.size:
            break
        grown = np.zeros_like(able)
        grown[below] = by_col[cols][:, below].any(axis=0) & ~able[below]
        able |= grown
        frontier = np.flatnonzero(grown)
    # (b) Rows below r reachable from own along alternating paths (own taken back by a row, that
    # row's column by another...): own is refilled if one of them is unpaired or leaves a column
    # with v == 0, or, for a candidate column c, if the row c leaves is among them.
    refilled = own < 0 or v[own] == 0
    reached = np.zeros(tight.shape[0], dtype=bool)
    cols = np.array([own]) if not refilled else np.array([], dtype=np.int64)
    while cols.size and not refilled:
        found = np.zeros_like(reached)
        found[below] = by_col[cols][:, below].any(axis=0) & ~reached[below]
        reached |= found
        next_cols = row_col[np.flatnonzero(found)]
        refilled = bool((next_cols < 0).any() or (v[next_cols[next_cols >= 0]] == 0).any())
        cols = next_cols[next_cols >= 0]
    for c in candidates.tolist():
        if c == own:
            return own
        leaving = int(col_row[c])
        if (leaving < 0 or u[leaving] == 0 or able[leaving]) and (refilled or (leaving >= 0 and reached[leaving])):
            return c
    return own


def _move(r: int, c: int, tight: np.ndarray, by_col: np.ndarray, row_col: np.ndarray, col_row: np.ndarray,
          used: np.ndarray, u: np.ndarray, v: np.ndarray) -> None:
    """Give row ``r`` column ``c`` (:func:`_first_feasible` found it feasible) and repair the rest of
    the matching along alternating paths, so it stays optimal."""
    own, leaving = int(row_col[r]), int(col_row[c])
    row_col[r], col_row[c] = c, r
    if own >= 0:
        col_row[own] = -1
    if leaving >= 0:
        row_col[leaving] = -1
    if leaving >= 0 and u[leaving] > 0:
        # (a) The leaving row takes another column (its holder moves on...), never a fixed one or c.
        allowed = ~used
        allowed[c] = False
        _augment(leaving, tight, row_col, col_row, u, allowed)
    if own >= 0 and v[own] > 0 and col_row[own] < 0:
        # (b) Column own is taken by a row below r (whose column is taken by another...).
        allowed = np.zeros(tight.shape[0], dtype=bool)
        allowed[r + 1:] = True
        _augment(own, by_col, col_row, row_col, v, allowed)


def _augment(start: int, edges: np.ndarray, mate: np.ndarray, partner: np.ndarray, dual: np.ndarray,
             allowed: np.ndarray) -> None:
    """Pair ``start`` (a row, or a column with the arguments transposed) along an alternating path
    of tight cells (``edges[start side, other side]``), breadth first: each item of the other side
    reached is free, or its partner moves on, or its partner has ``dual == 0`` and may stay unpaired
    (the path ends there). ``mate`` and ``partner`` (the two sides' pairings) are updated in place."""
    came = np.full(edges.shape[1], -1, dtype=np.int64)  # the item that reached each one of the other side
    frontier = np.array([start])
    end = -1
    while end < 0:
        reached = np.flatnonzero(edges[frontier].any(axis=0) & allowed & (came < 0))
        if not reached.size:
            raise AssertionError("no alternating path where one was found")  # a bug, never an input's
        came[reached] = frontier[np.argmax(edges[np.ix_(frontier, reached)], axis=0)]
        holders = partner[reached]
        ends = reached[(holders < 0) | (dual[np.maximum(holders, 0)] == 0)]
        end = int(ends[0]) if ends.size else -1
        frontier = holders[holders >= 0]
    while end >= 0:  # flip the path back to start
        item, dropped = int(came[end]), int(partner[end])
        if dropped >= 0:
            mate[dropped] = -1
        before = int(mate[item])
        mate[item], partner[end] = end, item
        if before >= 0:
            partner[before] = -1
        end = before


def _lexmin_by_solves(weights: np.ndarray, chosen: dict[int, int]) -> list[tuple[int, int]]:
    """:func:`lexmin_assignment` without a dual: each row whose present optimum does not give it its
    smallest column is solved again with a bonus for its earlier columns (the rule's definition)."""
    n_rows, n_cols = weights.shape
    bonus_fits = int(weights.max()) * (n_cols + 1) * (min(n_rows, n_cols) + 1) < _EXACT_FLOAT
    used = np.zeros(n_cols, dtype=bool)
    pairs: list[tuple[int, int]] = []
    for r in range(n_rows):
        candidates = np.flatnonzero((weights[r] > 0) & ~used)
        if not candidates.size:
            continue
        if chosen.get(r) != candidates[0]:
            find = _first_column_by_bonus if bonus_fits else _first_column_by_trials
            chosen = find(weights, r, used, chosen, candidates)
        if r in chosen:
            pairs.append((r, chosen[r]))
            used[chosen[r]] = True
    return pairs


SMALL_COMPONENT = 12
"""Up to this many cells, every one-to-one assignment is enumerated (a few hundred at most): cheaper
than a solver call, and SciPy is not imported for the small components text is made of."""


def _lexmin_by_enumeration(weights: np.ndarray) -> list[tuple[int, int]]:
    """:func:`lexmin_assignment` by trying every one-to-one set of positive pairs."""
    n_rows, n_cols = weights.shape
    cells = [[(c, int(weights[r, c])) for c in range(n_cols) if weights[r, c] > 0] for r in range(n_rows)]
    best: tuple[int, list[tuple[int, int]]] = (0, [])

    def extend(r: int, used: int, total: int, pairs: list[tuple[int, int]]) -> None:
        nonlocal best
        if r == n_rows:
            if total > best[0] or (total == best[0] and pairs < best[1]):
                best = (total, list(pairs))
            return
        for c, w in cells[r]:
            if not used >> c & 1:
                pairs.append((r, c))
                extend(r + 1, used | 1 << c, total + w, pairs)
                pairs.pop()
        extend(r + 1, used, total, pairs)

    extend(0, 0, 0, [])
    return best[1]


def _solve(weights: np.ndarray, rows: np.ndarray, cols: np.ndarray, base: np.ndarray | None = None) -> dict[int, int]:
    """An optimum of ``weights[rows][:, cols]`` (or of ``base``, its rescaled form): row -> column, weight > 0."""
    from scipy.optimize import linear_sum_assignment

    sub = weights[np.ix_(rows, cols)] if base is None else base
    found_rows, found_cols = linear_sum_assignment(sub, maximize=True)
    return {int(rows[i]): int(cols[j]) for i, j in zip(found_rows, found_cols) if weights[rows[i], cols[j]] > 0}


def _first_column_by_bonus(weights: np.ndarray, r: int, used: np.ndarray, chosen: dict[int, int],
                           candidates: np.ndarray) -> dict[int, int]:
    """An optimum of rows ``r..`` on the free columns that gives row ``r`` its smallest possible column:
    one solve, weights scaled above a bonus for row ``r``'s earlier columns."""
    n_rows, n_cols = weights.shape
    rows, free = np.arange(r, n_rows), np.flatnonzero(~used)
    scaled = weights[r:, free].astype(np.int64) * (n_cols + 1)
    scaled[0] += np.where(weights[r, free] > 0, n_cols - np.arange(free.size), 0)
    return _solve(weights, rows, free, scaled)


def _first_column_by_trials(weights: np.ndarray, r: int, used: np.ndarray, chosen: dict[int, int],
                            candidates: np.ndarray) -> dict[int, int]:
    """As :func:`_first_column_by_bonus` where scaled weights would lose exactness: each candidate
    column of row ``r`` in turn is fixed and the rest solved, until one keeps the optimum."""
    n_rows = weights.shape[0]
    target = sum(int(weights[i, c]) for i, c in chosen.items() if i >= r)
    for c in candidates:
        if chosen.get(r) == c:
            return chosen
        free = np.flatnonzero(~used)
        free = free[free != c]
        rest = _solve(weights, np.arange(r + 1, n_rows), free)
        if int(weights[r, c]) + sum(int(weights[i, j]) for i, j in rest.items()) == target:
            return {r: int(c), **rest}
    return chosen


def assign(gold: Sequence[HasSpan], pred: Sequence[HasSpan],
           weight: Callable[[HasSpan, HasSpan], int]) -> list[tuple[int, int]]:
    """Pairs ``(gold_index, pred_index)`` maximising the total ``weight``, ties by the written rule.

    The general path: one assignment over all of ``gold`` and ``pred``. ``weight(g, p)`` must be a
    non-negative integer, 0 for a pair that may not be matched (it is then never returned), and is
    only asked for overlapping pairs.
    """
    matrix = np.zeros((len(gold), len(pred)), dtype=np.int64)
    for r, g in enumerate(gold):
        for c, p in enumerate(pred):
            if overlaps(g, p):
                matrix[r, c] = weight(g, p)
    return lexmin_assignment(matrix)


def _components(gold: Sequence[HasSpan], pred: Sequence[HasSpan]) -> list[tuple[list[int], list[int]]]:
    """Groups of spans joined by overlaps (one sort and sweep), those with both gold and predictions."""
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


def extent_weights(gs: np.ndarray, ge: np.ndarray, ps: np.ndarray, pe: np.ndarray,
                   prefer: Preference) -> np.ndarray:
    """The pairing weights of gold extents ``[gs, ge)`` against predicted ``[ps, pe)`` (0: no overlap).

    The lexicographic objective of :func:`pair_extents` as one integer: (exact pairs, pairs) or
    (pairs, exact pairs), then the characters the pairs share; each unit exceeds the most the lesser
    terms can add up to over these spans, so the units are local to the spans compared.
    """
    shared = np.minimum(ge[:, None], pe[None, :]) - np.maximum(gs[:, None], ps[None, :])
    exact = (gs[:, None] == ps[None, :]) & (ge[:, None] == pe[None, :])
    unit_minor = int((ge - gs).sum()) + 1
    unit_major = unit_minor * (min(len(gs), len(ps)) + 1)
    if prefer == "exact":
        weights = unit_major * exact + unit_minor + shared
    else:
        weights = unit_major + unit_minor * exact + shared
    return np.where(shared > 0, weights, 0)


def assign_spans(gold: Sequence[HasSpan], pred: Sequence[HasSpan], prefer: Preference) -> list[tuple[int, int]]:
    """The pairs of :func:`assign` under :func:`extent_weights`, by the fast path (module docstring)."""
    pairs: list[tuple[int, int]] = []
    for gold_ids, pred_ids in _components(gold, pred):
        if len(gold_ids) == 1 and len(pred_ids) == 1:
            # Two spans joined by the sweep overlap: the later one starts before the earlier ends.
            pairs.append((gold_ids[0], pred_ids[0]))
            continue
        gold_ids.sort()
        pred_ids.sort()
        gs = np.array([gold[i].start for i in gold_ids])
        ge = np.array([gold[i].end for i in gold_ids])
        ps = np.array([pred[i].start for i in pred_ids])
        pe = np.array([pred[i].end for i in pred_ids])
        weights = extent_weights(gs, ge, ps, pe, prefer)
        if len(gold_ids) == 1 or len(pred_ids) == 1:
            # One side alone: the best single pair, the first in index order among equals.
            flat = int(np.argmax(weights.ravel()))
            r, c = divmod(flat, len(pred_ids))
            if weights[r, c] > 0:
                pairs.append((gold_ids[r], pred_ids[c]))
            continue
        pairs.extend((gold_ids[r], pred_ids[c]) for r, c in lexmin_assignment(weights))
    pairs.sort()
    return pairs


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
    return pair_extents_each(gold, pred, (prefer,), rank, label, dropped=dropped)[0]


def pair_extents_each(gold: Sequence[HasSpan], pred: Sequence[HasSpan], prefers: Sequence[Preference],
                      rank: Callable[[HasSpan], Hashable], label: Callable[[HasSpan], Hashable] | None = None,
                      *, dropped: Collection[int] = ()) -> list[Pairing]:
    """:func:`pair_extents` under each of ``prefers``: repeats, slots and the order of the spans are
    worked out once. ``rank`` is asked only of spans that share their extent with another."""
    at_extent: dict[tuple[int, int], int] = {}
    for g in gold:
        at_extent[(g.start, g.end)] = at_extent.get((g.start, g.end), 0) + 1
    members: dict[tuple[int, int], list[int]] = {}
    surplus: list[int] = []
    dropped = set(dropped)
    for extent, group in extent_groups(pred, rank):
        seen: set = set()
        for i in group:
            if i in dropped:
                surplus.append(i)
                continue
            if len(group) > 1:  # a repeat shares its extent
                content = rank(pred[i])
                if content in seen:
                    surplus.append(i)
                    continue
                seen.add(content)
            members.setdefault(extent, []).append(i)
    conflicted: set[int] = set()
    for extent, items in members.items():
        if len(items) > 1:
            slots = max(1, at_extent.get(extent, 0))
            if len(items) > slots:
                conflicted.update(items[:slots])
                surplus.extend(items[slots:])
                del items[slots:]
    eligible = [i for items in members.values() for i in items]
    by_extent = dict(extent_groups(gold, rank))
    gold_order = [i for group in by_extent.values() for i in group]
    g_sorted = [gold[i] for i in gold_order]
    p_sorted = [pred[i] for i in eligible]
    return [Pairing(pairs=_pairs_of_extents(assign_spans(g_sorted, p_sorted, prefer), g_sorted, p_sorted, members,
                                            by_extent, gold, pred, label),
                    surplus=sorted(surplus), conflicted=frozenset(conflicted)) for prefer in prefers]


def extent_groups(items: Sequence[HasSpan],
                  rank: Callable[[HasSpan], Hashable]) -> Iterator[tuple[tuple[int, int], list[int]]]:
    """Indices of ``items`` grouped by extent, in ``(start, end)`` order, each group in ``(rank,
    index)`` order: the order of sorting by ``(start, end, rank, index)``, ranking only the groups."""
    order = sorted(range(len(items)), key=lambda i: (items[i].start, items[i].end))
    at = 0
    while at < len(order):
        first = items[order[at]]
        extent = (first.start, first.end)
        stop = at + 1
        while stop < len(order) and (items[order[stop]].start, items[order[stop]].end) == extent:
            stop += 1
        group = order[at:stop]
        if len(group) > 1:
            group.sort(key=lambda i: (rank(items[i]), i))
        yield extent, group
        at = stop


def _pairs_of_extents(raw: list[tuple[int, int]], g_sorted: Sequence[HasSpan], p_sorted: Sequence[HasSpan],
                      members: dict[tuple[int, int], list[int]], by_extent: dict[tuple[int, int], list[int]],
                      gold: Sequence[HasSpan], pred: Sequence[HasSpan],
                      label: Callable[[HasSpan], Hashable] | None) -> list[tuple[int, int]]:
    """The solver's pairs of sorted spans as pairs of ``gold`` and ``pred`` indices, sorted."""
    # The solver chose how many pairs each (gold extent, predicted extent) gets. Which of the
    # predictions sharing an extent take them is decided by rank, so never by the gold's fields;
    # which of the gold items sharing an extent are taken, by ``label`` where it is given.
    won: dict[tuple[int, int], dict[tuple[int, int], int]] = {}
    for g, p in raw:
        counts = won.setdefault((p_sorted[p].start, p_sorted[p].end), {})
        extent = (g_sorted[g].start, g_sorted[g].end)
        counts[extent] = counts.get(extent, 0) + 1
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for extent, counts in sorted(won.items()):
        if len(counts) == 1:
            ((gold_extent, n),) = counts.items()
            alone = by_extent[gold_extent]
            if n == 1 and len(alone) == 1:
                # One gold item on its extent and one pair: nothing for labels to choose (the common case).
                pairs.append((alone[0], members[extent][0]))
                continue
        preds = members[extent][:sum(counts.values())]
        pairs.extend(_pair_labels(preds, counts, by_extent, taken, gold, pred, label))
    pairs.sort()
    return pairs


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
