""":func:`bench.matching.assign.pair_extents` on arrays: one call pairs every span of many documents.

The result is the one :func:`~bench.matching.assign.pair_extents` gives, with the same written tie
rule, computed with whole-array passes instead of a Python loop per span:

1. predictions are sorted by (start, end, rank, index); repeats and the surplus of crowded extents
   are marked by comparing neighbours, the slots of an extent counted in the sorted gold extents;
2. one sort and sweep over gold and the remaining predictions splits them into components of
   overlapping spans (spans of different components never overlap; optima and the tie rule
   decompose over components, and so do repeats, slots and the pairing of labels on one extent);
3. components are decided by shape: one gold item and one prediction pair; where one side has a
   single item its best partner is the first with the most exact extent and then the most shared
   characters; up to 3 × 3 items every one-to-one set of overlapping pairs is scored at once and
   the first best in lexicographic order of its pairs is taken (the tie rule); any other component,
   and any with two gold items on one extent, goes to :func:`~bench.matching.assign.pair_extents`.

Callers keep spans of different documents (or types, or views) apart by adding a different offset
to each group's positions, so one call scores them all. Ranks and labels are integer codes; ranks
must sort as the contents they stand for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations, permutations

import numpy as np

from bench.matching.assign import Preference, pair_extents


@dataclass(frozen=True)
class SpanArrays:
    """Spans as parallel integer arrays: ``[start, end)``, a rank code and a label code per span."""

    start: np.ndarray
    end: np.ndarray
    rank: np.ndarray
    """Orders the items that share an extent (a prediction's own content, as non-negative codes that
    sort alike)."""
    label: np.ndarray
    """Pairs equal labels first among the gold items and predictions that share an extent."""

    def __len__(self) -> int:
        return len(self.start)

    def take(self, index: np.ndarray) -> SpanArrays:
        """The spans at ``index``, in that order."""
        return SpanArrays(self.start[index], self.end[index], self.rank[index], self.label[index])


@dataclass(frozen=True)
class ArrayPairing:
    """:class:`~bench.matching.assign.Pairing` as arrays over the inputs' indices."""

    gold: np.ndarray
    """Paired gold indices (``gold[k]`` with ``pred[k]``), in no particular order."""
    pred: np.ndarray
    surplus: np.ndarray
    """Boolean, per prediction: exact repeats and the surplus of crowded extents (never paired)."""
    conflicted: np.ndarray
    """Boolean, per prediction: one of several answers for one extent (its type never agrees)."""
    components: tuple[np.ndarray, np.ndarray] = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    """Where the components of overlapping spans lie: ``[lo, hi)`` per component, sorted and
    disjoint (none without predictions). Every gold span and every prediction not ``dropped`` lies
    inside one; spans of different components never overlap, so a change inside some of them leaves
    the others' pairs as they are (:func:`component_of`)."""


def component_of(components: tuple[np.ndarray, np.ndarray], starts: np.ndarray) -> np.ndarray:
    """The component (:attr:`ArrayPairing.components`) each span starting at ``starts`` lies in."""
    return np.searchsorted(components[0], starts, "right") - 1


@dataclass(frozen=True)
class _Item:
    """One span handed to :func:`pair_extents` for a component the array path does not decide."""

    start: int
    end: int
    rank: int
    label: int


_ENUMERATED = 3
"""Components with up to this many items on each side are decided by scoring every matching."""


@cache
def _matchings(n_gold: int, n_pred: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Every one-to-one set of (gold, pred) pairs, each sorted, all in lexicographic order."""
    found = []
    for size in range(min(n_gold, n_pred) + 1):
        for rows in combinations(range(n_gold), size):
            for cols in permutations(range(n_pred), size):
                found.append(tuple(zip(rows, cols)))
    return tuple(sorted(found))


def _order(spans: SpanArrays, width: int) -> np.ndarray:
    """Indices sorted by (start, end, rank, index): one stable sort of a combined key where it fits."""
    if not len(spans):
        return np.zeros(0, dtype=np.int64)
    ranks = int(spans.rank.max()) + 1
    if (int(spans.start.max()) + 1) * (width + 1) * ranks < 2**62:
        return np.argsort(_extent_keys(spans.start, spans.end, width) * ranks + spans.rank, kind="stable")
    return np.lexsort((np.arange(len(spans)), spans.rank, spans.end, spans.start))


def _extent_keys(starts: np.ndarray, ends: np.ndarray, width: int) -> np.ndarray:
    """One integer per extent, ordered as (start, end) for spans no longer than ``width``."""
    return starts * (width + 1) + (ends - starts)


def pair_arrays(gold: SpanArrays, pred: SpanArrays, prefer: Preference,
                dropped: np.ndarray | None = None) -> ArrayPairing:
    """:func:`~bench.matching.assign.pair_extents` of ``gold`` and ``pred`` (module docstring).

    ``dropped`` (boolean per prediction) marks predictions a wider pairing found conflicted or
    surplus: they take no pair here either.
    """
    return pairings(gold, pred, (prefer,), dropped)[0]


def pairings(gold: SpanArrays, pred: SpanArrays, prefers: tuple[Preference, ...],
             dropped: np.ndarray | None = None) -> list[ArrayPairing]:
    """:func:`pair_arrays` under each of ``prefers``, sharing every step but the last (only
    components with several spans on both sides depend on the preference)."""
    n_pred = len(pred)
    surplus = np.zeros(n_pred, dtype=bool) if dropped is None else dropped.astype(bool).copy()
    conflicted = np.zeros(n_pred, dtype=bool)
    none = np.zeros(0, dtype=np.int64)
    if not n_pred:
        return [ArrayPairing(none, none, surplus, conflicted) for _ in prefers]
    width = int(np.concatenate((gold.end - gold.start, pred.end - pred.start)).max())
    if (int(np.concatenate((gold.start, pred.start)).max()) + 1) * (width + 1) >= 2**62:
        raise ValueError("span offsets too large to pair on arrays")

    # 1. Repeats and crowded extents, in (start, end, rank, index) order.
    order = _order(pred, width)
    kept = order[~surplus[order]]
    repeat = np.zeros(len(kept), dtype=bool)
    repeat[1:] = ((pred.start[kept[1:]] == pred.start[kept[:-1]]) & (pred.end[kept[1:]] == pred.end[kept[:-1]])
                  & (pred.rank[kept[1:]] == pred.rank[kept[:-1]]))
    surplus[kept[repeat]] = True
    members = kept[~repeat]
    key = _extent_keys(pred.start[members], pred.end[members], width)
    first = np.ones(len(members), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    within = np.arange(len(members)) - starts[group]
    size = np.diff(np.append(starts, len(members)))[group]
    # An extent's slots (its gold items, at least one) matter only where it carries several predictions.
    slots = np.ones(len(members), dtype=np.int64)
    crowded = np.flatnonzero(size > 1)
    if crowded.size:
        gold_keys = np.sort(_extent_keys(gold.start, gold.end, width))
        at_extent = (np.searchsorted(gold_keys, key[crowded], "right")
                     - np.searchsorted(gold_keys, key[crowded], "left"))
        slots[crowded] = np.maximum(1, at_extent)
    conflicted[members[(size > slots) & (within < slots)]] = True
    surplus[members[within >= slots]] = True
    eligible = members[within < slots]

    # 2. Components of overlapping spans over gold (sorted like the predictions) and the eligible.
    g_order = _order(gold, width)
    g, p = gold.take(g_order), pred.take(eligible)
    n_g = len(g)
    all_starts = np.concatenate((g.start, p.start))
    by_start = np.argsort(all_starts, kind="stable")
    ends = np.concatenate((g.end, p.end))[by_start]
    reach = np.maximum.accumulate(ends)
    opens = np.ones(len(ends), dtype=bool)
    opens[1:] = all_starts[by_start][1:] >= reach[:-1]
    component = np.empty(len(ends), dtype=np.int64)
    component[by_start] = np.cumsum(opens) - 1
    closes = np.append(np.flatnonzero(opens)[1:] - 1, len(ends) - 1) if len(ends) else np.zeros(0, dtype=np.int64)
    extents = (all_starts[by_start][opens], reach[closes])
    comp_g, comp_p = component[:n_g], component[n_g:]
    n_comp = int(component.max()) + 1 if len(component) else 0
    count_g = np.bincount(comp_g, minlength=n_comp)
    count_p = np.bincount(comp_p, minlength=n_comp)
    # Both sides are sorted by start, so each component's items are consecutive on each side.
    first_g = np.concatenate(([0], np.cumsum(count_g)[:-1]))
    first_p = np.concatenate(([0], np.cumsum(count_p)[:-1]))
    shared_gold_extent = np.zeros(n_comp, dtype=bool)
    same = (g.start[1:] == g.start[:-1]) & (g.end[1:] == g.end[:-1])
    shared_gold_extent[comp_g[1:][same]] = True

    found_g: list[np.ndarray] = []
    found_p: list[np.ndarray] = []
    # 3a. One gold item, one prediction: joined by the sweep, so they overlap.
    one = (count_g == 1) & (count_p == 1)
    found_g.append(first_g[one])
    found_p.append(first_p[one])
    # 3b. One side alone against several: the best single partner.
    for alone, count_many, first_alone, first_many, side_g in (
            ((count_g == 1) & (count_p > 1), count_p, first_g, first_p, False),
            ((count_p == 1) & (count_g > 1) & ~shared_gold_extent, count_g, first_p, first_g, True)):
        comps = np.flatnonzero(alone)
        if not comps.size:
            continue
        lengths = count_many[comps]
        cand = np.repeat(first_many[comps], lengths) + ranges(lengths)
        single = np.repeat(first_alone[comps], lengths)
        gi, pi = (cand, single) if side_g else (single, cand)
        shared = np.minimum(g.end[gi], p.end[pi]) - np.maximum(g.start[gi], p.start[pi])
        exact = (g.start[gi] == p.start[pi]) & (g.end[gi] == p.end[pi])
        score = np.where(shared > 0, exact * (width + 1) + shared, -1)
        owner = np.repeat(np.arange(comps.size), lengths)
        best = np.lexsort((cand, -score, owner))  # per component: best score, then first index
        head = best[np.concatenate(([0], np.cumsum(lengths)[:-1]))]
        take = head[score[head] > 0]
        found_g.append(gi[take])
        found_p.append(pi[take])
    # 3c-d. Components with several spans on both sides: the only ones the preference decides.
    small = ((count_g >= 2) & (count_p >= 2) & (count_g <= _ENUMERATED) & (count_p <= _ENUMERATED)
             & ~shared_gold_extent)
    rest = np.flatnonzero((count_g > 0) & (count_p > 0) & ~one & ~small
                          & ~(((count_g == 1) | (count_p == 1)) & ~shared_gold_extent))
    out = []
    for prefer in prefers:
        by_pref_g, by_pref_p = list(found_g), list(found_p)
        for a in range(2, _ENUMERATED + 1):
            for b in range(2, _ENUMERATED + 1):
                comps = np.flatnonzero(small & (count_g == a) & (count_p == b))
                if comps.size:
                    pairs_g, pairs_p = _enumerate(g, p, first_g[comps], first_p[comps], a, b, prefer)
                    by_pref_g.append(pairs_g)
                    by_pref_p.append(pairs_p)
        if rest.size:
            pairs_g, pairs_p = _general(g, p, first_g[rest], count_g[rest], first_p[rest], count_p[rest], prefer)
            by_pref_g.append(pairs_g)
            by_pref_p.append(pairs_p)
        out.append(ArrayPairing(g_order[np.concatenate(by_pref_g)], eligible[np.concatenate(by_pref_p)],
                                surplus, conflicted, extents))
    return out


def _general(g: SpanArrays, p: SpanArrays, first_g: np.ndarray, count_g: np.ndarray, first_p: np.ndarray,
             count_p: np.ndarray, prefer: Preference) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of the components no shape rule decides, by :func:`pair_extents` on their items."""
    gi = np.repeat(first_g, count_g) + ranges(count_g)
    pi = np.repeat(first_p, count_p) + ranges(count_p)
    items_g = [_Item(*row) for row in zip(g.start[gi].tolist(), g.end[gi].tolist(), g.rank[gi].tolist(),
                                           g.label[gi].tolist())]
    items_p = [_Item(*row) for row in zip(p.start[pi].tolist(), p.end[pi].tolist(), p.rank[pi].tolist(),
                                           p.label[pi].tolist())]
    general = pair_extents(items_g, items_p, prefer, rank=_rank, label=_label)
    if not general.pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    local = np.array(general.pairs, dtype=np.int64)
    return gi[local[:, 0]], pi[local[:, 1]]


def _rank(item: _Item) -> int:
    return item.rank


def _label(item: _Item) -> int:
    return item.label


def ranges(lengths: Sequence[int] | np.ndarray) -> np.ndarray:
    """``0..n-1`` for each ``n`` of ``lengths``, concatenated."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(total) - offsets


def _enumerate(g: SpanArrays, p: SpanArrays, first_g: np.ndarray, first_p: np.ndarray, a: int, b: int,
               prefer: Preference) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of components of ``a`` gold items and ``b`` predictions: every matching's objective
    ((exact, pairs) or (pairs, exact), then shared characters) as one integer, the first best taken."""
    rows = first_g[:, None] + np.arange(a)
    cols = first_p[:, None] + np.arange(b)
    gs, ge = g.start[rows][:, :, None], g.end[rows][:, :, None]
    ps, pe = p.start[cols][:, None, :], p.end[cols][:, None, :]
    shared = np.minimum(ge, pe) - np.maximum(gs, ps)
    exact = ((gs == ps) & (ge == pe)).astype(np.int64)
    # Shared characters of one matching never exceed the gold items' total length.
    unit = int((g.end[rows] - g.start[rows]).sum(axis=1).max()) + 1
    matchings = _matchings(a, b)
    objective = np.empty((len(first_g), len(matchings)), dtype=np.int64)
    for m, pairs in enumerate(matchings):
        total_exact = np.zeros(len(first_g), dtype=np.int64)
        total_shared = np.zeros(len(first_g), dtype=np.int64)
        valid = np.ones(len(first_g), dtype=bool)
        for r, c in pairs:
            valid &= shared[:, r, c] > 0
            total_exact += exact[:, r, c]
            total_shared += shared[:, r, c]
        n = len(pairs)
        major, minor = (total_exact, n) if prefer == "exact" else (n, total_exact)
        objective[:, m] = np.where(valid, (major * (_ENUMERATED + 1) + minor) * unit + total_shared, -1)
    best = np.argmax(objective, axis=1)  # the first maximum: matchings are in lexicographic order
    out_g: list[np.ndarray] = []
    out_p: list[np.ndarray] = []
    for m, pairs in enumerate(matchings):
        chosen = np.flatnonzero(best == m)
        for r, c in pairs:
            out_g.append(rows[chosen, r])
            out_p.append(cols[chosen, c])
    if not out_g:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(out_g), np.concatenate(out_p)
