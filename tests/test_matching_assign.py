"""Optimal one-to-one assignment (bench.matching.assign) and its tie rule, checked against brute force."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.matching import assign as assign_module
from bench.matching.assign import assign, assign_spans, lexmin_assignment
from bench.matching.spans import overlaps


@dataclass(frozen=True)
class S:
    start: int
    end: int
    tag: int = 0


spans = st.builds(lambda s, n, t: S(s, s + n, t), st.integers(0, 30), st.integers(1, 8), st.integers(0, 2))


def brute_force_best(gold, pred, weight) -> int:
    """The largest total weight of any one-to-one set of overlapping pairs (exhaustive)."""
    best = 0
    n, m = len(gold), len(pred)
    # assign each gold a distinct prediction index or None
    choices = list(range(m)) + [None] * n
    for perm in set(permutations(choices, n)):
        total = 0
        for g, p in enumerate(perm):
            if p is not None and overlaps(gold[g], pred[p]):
                total += weight(gold[g], pred[p])
        best = max(best, total)
    return best


def weight(g: S, p: S) -> int:
    return 10 * (g.start == p.start and g.end == p.end) + 3 * (g.tag == p.tag) + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=4), st.lists(spans, max_size=4))
def test_assignment_is_optimal_and_valid(gold, pred) -> None:
    pairs = assign(gold, pred, weight)
    gs = [g for g, _ in pairs]
    ps = [p for _, p in pairs]
    assert len(set(gs)) == len(gs) and len(set(ps)) == len(ps), "one-to-one"
    assert all(overlaps(gold[g], pred[p]) for g, p in pairs), "only overlapping pairs"
    assert pairs == sorted(pairs)
    assert sum(weight(gold[g], pred[p]) for g, p in pairs) == brute_force_best(gold, pred, weight)


@settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=6), st.lists(spans, max_size=6), st.randoms(use_true_random=False))
def test_total_weight_independent_of_order(gold, pred, rnd) -> None:
    base = sum(weight(gold[g], pred[p]) for g, p in assign(gold, pred, weight))
    g2, p2 = gold[:], pred[:]
    rnd.shuffle(g2)
    rnd.shuffle(p2)
    assert sum(weight(g2[g], p2[p]) for g, p in assign(g2, p2, weight)) == base


def test_zero_weight_pairs_are_never_returned() -> None:
    gold = [S(0, 5), S(10, 15)]
    pred = [S(0, 5), S(11, 14)]
    assert assign(gold, pred, lambda g, p: 1 if g.start == p.start else 0) == [(0, 0)]


def test_half_open_spans_touching_do_not_overlap() -> None:
    assert not overlaps(S(0, 5), S(5, 9))
    assert overlaps(S(0, 5), S(4, 9))
    assert assign([S(0, 5)], [S(5, 9)], lambda g, p: 1) == []


def test_optimal_not_greedy() -> None:
    # Greedy first match would pair pred 0 with gold 0 and leave gold 1 unmatched.
    gold = [S(0, 10), S(8, 12)]
    pred = [S(5, 9), S(0, 4)]
    pairs = assign(gold, pred, lambda g, p: 1)
    assert sorted(pairs) == [(0, 1), (1, 0)]


# -- the tie rule: the lexicographically smallest optimal pairs, by both paths ---------------------
crowded = st.builds(lambda s, n: S(s, s + n), st.integers(0, 6), st.integers(1, 6))
"""Short spans in a short text: heavy overlap, many equal-weight optima."""


def all_matchings(n: int, m: int, allowed):
    """Every one-to-one set of allowed pairs, as sorted pair lists (exhaustive)."""
    def extend(g: int, used: frozenset[int]):
        if g == n:
            yield []
            return
        for rest in extend(g + 1, used):
            yield rest
        for p in range(m):
            if p not in used and allowed(g, p):
                for rest in extend(g + 1, used | {p}):
                    yield [(g, p), *rest]
    return extend(0, frozenset())


def lexmin_brute_force(gold, pred, weight) -> list[tuple[int, int]]:
    found = [(sum(weight(gold[g], pred[p]) for g, p in pairs), pairs)
             for pairs in all_matchings(len(gold), len(pred), lambda g, p: overlaps(gold[g], pred[p]))]
    best = max(total for total, _ in found)
    return min(pairs for total, pairs in found if total == best)


def document_weight(gold, prefer):
    """The weight of :func:`extent_weights` with the document-wide units the general path used."""
    unit_minor = sum(g.end - g.start for g in gold) + 1
    unit_major = unit_minor * (len(gold) + 1)

    def weight(g, p):
        exact = g.start == p.start and g.end == p.end
        shared = min(g.end, p.end) - max(g.start, p.start)
        if prefer == "exact":
            return unit_major * exact + unit_minor + shared
        return unit_major + unit_minor * exact + shared

    return weight


@settings(max_examples=300, deadline=None)
@given(st.lists(crowded, max_size=5), st.lists(crowded, max_size=5), st.sampled_from(["exact", "overlap"]))
def test_tie_rule_fast_and_general_paths_agree_with_brute_force(gold, pred, prefer) -> None:
    gold = sorted(gold, key=lambda s: (s.start, s.end))
    pred = sorted(pred, key=lambda s: (s.start, s.end))
    weight = document_weight(gold, prefer)
    expected = lexmin_brute_force(gold, pred, weight)
    assert assign(gold, pred, weight) == expected
    assert assign_spans(gold, pred, prefer) == expected
    with patch.object(assign_module, "SMALL_COMPONENT", 0):
        assert assign(gold, pred, weight) == expected
        assert assign_spans(gold, pred, prefer) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=4, max_size=4), min_size=1, max_size=4))
def test_lexmin_assignment_on_small_integer_matrices(rows) -> None:
    # Small integer weights: ties everywhere.
    matrix = np.array(rows, dtype=np.int64)
    n, m = matrix.shape
    found = [(sum(int(matrix[r, c]) for r, c in pairs), pairs)
             for pairs in all_matchings(n, m, lambda r, c: matrix[r, c] > 0)]
    best = max(total for total, _ in found)
    expected = min(pairs for total, pairs in found if total == best)
    assert lexmin_assignment(matrix) == expected
    # The solver path, for components too large to enumerate, agrees.
    with patch.object(assign_module, "SMALL_COMPONENT", 0):
        assert lexmin_assignment(matrix) == expected
    # The rule by solves (the fallback without a dual) agrees, with and without the bonus.
    chosen = _some_optimum(matrix)
    assert assign_module._lexmin_by_solves(matrix, chosen) == expected
    with patch.object(assign_module, "_first_column_by_bonus", assign_module._first_column_by_trials):
        assert assign_module._lexmin_by_solves(matrix, chosen) == expected


def _some_optimum(matrix: np.ndarray) -> dict[int, int]:
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return {int(r): int(c) for r, c in zip(rows, cols) if matrix[r, c] > 0}


def test_ties_go_to_the_first_pairs() -> None:
    # Two gold items and two predictions, all four pairs alike: (0, 0), (1, 1), never (0, 1), (1, 0).
    gold = [S(0, 4), S(1, 5)]
    pred = [S(0, 5), S(0, 5)]
    assert assign_spans(gold, pred, "exact") == [(0, 0), (1, 1)]
    assert lexmin_assignment(np.ones((2, 2), dtype=np.int64)) == [(0, 0), (1, 1)]
    with patch.object(assign_module, "SMALL_COMPONENT", 0):
        assert lexmin_assignment(np.ones((2, 2), dtype=np.int64)) == [(0, 0), (1, 1)]
    # The first gold item is paired when only one can be.
    assert lexmin_assignment(np.array([[1], [1]])) == [(0, 0)]
    assert lexmin_assignment(np.array([[0, 2], [2, 2]])) == [(0, 1), (1, 0)]


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 40), st.integers(2, 40), st.integers(0, 10_000), st.sampled_from((2, 3, 4, 50)),
       st.booleans())
def test_alternating_paths_give_the_pairs_of_the_rule_by_solves(n, m, seed, top, shuffled) -> None:
    # Random integer matrices, few distinct values (ties everywhere) or many, from the solver's optimum
    # or from another one: the tie rule on the dual's tight cells gives the pairs the rule's
    # definition (one solve per row) gives, and the dual always verifies.
    rng = np.random.default_rng(seed)
    matrix = rng.integers(0, top, size=(n, m))
    chosen = _some_optimum(matrix)
    if shuffled:  # another optimum: the same solve on permuted rows and columns
        rp, cp = rng.permutation(n), rng.permutation(m)
        chosen = {int(rp[r]): int(cp[c]) for r, c in _some_optimum(matrix[np.ix_(rp, cp)]).items()}
    dual = assign_module._optimal_dual(matrix, chosen)
    assert dual is not None
    u, v = dual
    assert all(u[r] + v[c] == matrix[r, c] for r, c in chosen.items())
    expected = assign_module._lexmin_by_solves(matrix, chosen)
    assert assign_module._lexmin_by_alternating_paths(matrix, chosen, u, v) == expected
    with patch.object(assign_module, "SMALL_COMPONENT", 0):
        assert lexmin_assignment(matrix) == expected
        with patch.object(assign_module, "_optimal_dual", lambda w, c: None):
            assert lexmin_assignment(matrix) == expected
