"""The array pairing equals the per-span one (:func:`pair_extents`) on every input, ties included."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.matching.assign import pair_extents
from bench.matching.spans import Mention
from bench.matching.sweep import SpanArrays, _matchings, pair_arrays

TYPES = ("A", "B", "C")


def _span(max_pos: int):
    return st.tuples(st.integers(0, max_pos - 1), st.integers(1, 4)).map(lambda t: (t[0], t[0] + t[1]))


def _mentions(max_pos: int, max_size: int, content: bool):
    item = st.tuples(_span(max_pos), st.sampled_from(TYPES), st.sampled_from(("", "x") if content else ("",)))
    return st.lists(item, max_size=max_size).map(
        lambda rows: [Mention(s, e, t, i, c) for i, ((s, e), t, c) in enumerate(rows)])


def _arrays(mentions: list[Mention], codes: dict) -> SpanArrays:
    return SpanArrays(np.array([m.start for m in mentions], dtype=np.int64),
                      np.array([m.end for m in mentions], dtype=np.int64),
                      np.array([codes[(m.type, m.content)] for m in mentions], dtype=np.int64),
                      np.array([TYPES.index(m.type) for m in mentions], dtype=np.int64))


def _both(gold: list[Mention], pred: list[Mention], prefer: str, dropped: list[int]):
    codes = {key: i for i, key in enumerate(sorted({(m.type, m.content) for m in gold + pred}))}
    expected = pair_extents(gold, pred, prefer, rank=lambda m: (m.type, m.content), label=lambda m: m.type,
                            dropped=dropped)
    mask = np.zeros(len(pred), dtype=bool)
    mask[dropped] = True
    found = pair_arrays(_arrays(gold, codes), _arrays(pred, codes), prefer, mask if dropped else None)
    return expected, found


def _same(expected, found) -> None:
    assert sorted(zip(found.gold.tolist(), found.pred.tolist())) == expected.pairs
    assert np.flatnonzero(found.surplus).tolist() == expected.surplus
    assert set(np.flatnonzero(found.conflicted).tolist()) == expected.conflicted


@settings(max_examples=600, deadline=None)
@given(gold=_mentions(14, 8, False), pred=_mentions(14, 10, True), prefer=st.sampled_from(("exact", "overlap")),
       data=st.data())
def test_equals_pair_extents_on_crowded_documents(gold, pred, prefer, data):
    dropped = data.draw(st.lists(st.sampled_from(range(len(pred))), unique=True) if pred else st.just([]))
    _same(*_both(gold, pred, prefer, sorted(dropped)))


@settings(max_examples=300, deadline=None)
@given(gold=_mentions(60, 25, False), pred=_mentions(60, 30, True), prefer=st.sampled_from(("exact", "overlap")))
def test_equals_pair_extents_on_sparse_documents(gold, pred, prefer):
    # Mostly small components: the shapes the array path decides itself.
    _same(*_both(gold, pred, prefer, []))


def test_nested_gold_with_two_predictions_takes_the_lexicographically_first_optimum():
    # Gold «ab» [0, 4) and its nested [0, 2); predictions [0, 2) and [2, 4): 2x2, decided by enumeration.
    gold = [Mention(0, 4, "A", 0), Mention(0, 2, "B", 1)]
    pred = [Mention(2, 4, "A", 0), Mention(0, 2, "B", 1)]
    expected, found = _both(gold, pred, "exact", [])
    _same(expected, found)
    assert expected.pairs == [(0, 0), (1, 1)]


def test_two_gold_items_on_one_extent_pair_by_label():
    gold = [Mention(0, 3, "A", 0), Mention(0, 3, "B", 1)]
    pred = [Mention(0, 3, "B", 0)]
    expected, found = _both(gold, pred, "exact", [])
    _same(expected, found)
    assert expected.pairs == [(1, 0)]


def test_matchings_are_every_partial_one_to_one_set_in_order():
    found = _matchings(2, 2)
    assert found == ((), ((0, 0),), ((0, 0), (1, 1)), ((0, 1),), ((0, 1), (1, 0)), ((1, 0),), ((1, 1),))
    assert len(_matchings(3, 3)) == 34


def test_empty_sides():
    codes = {("A", ""): 0}
    empty = _arrays([], codes)
    one = _arrays([Mention(0, 2, "A", 0)], codes)
    assert not pair_arrays(empty, one, "exact").gold.size
    assert not pair_arrays(one, empty, "exact").pred.size
