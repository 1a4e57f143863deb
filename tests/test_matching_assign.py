"""Optimal one-to-one assignment (bench.matching.assign), checked against brute force."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.matching.assign import assign
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
