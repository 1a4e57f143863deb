"""The tally: counts added one at a time, in place, or as arrays give the same totals and matrices."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.metrics.counts import FieldCounts, SpanCounts
from bench.metrics.tally import Tally, column_index, columns_of

KEY = ("entities", "nested", "strict", "ALL")
COLUMNS = columns_of(SpanCounts)

events = st.lists(st.tuples(st.integers(0, 9), st.sampled_from(COLUMNS)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(events=events, cut=st.integers(0, 60))
def test_array_events_equal_single_adds(events, cut):
    one, arrays = Tally(), Tally()
    for unit, column in events:
        one.add(KEY, SpanCounts, unit, column)
    # Two calls (two chunks), as two batches would make.
    for part in (events[:cut], events[cut:]):
        arrays.add_events(KEY, SpanCounts, np.array([u for u, _ in part], dtype=np.int64),
                          np.array([column_index(SpanCounts, c) for _, c in part], dtype=np.int64))
    arrays.ensure(KEY, SpanCounts)
    one.ensure(KEY, SpanCounts)
    assert arrays.total(KEY) == one.total(KEY)
    for lo, hi in ((0, 10), (2, 5), (7, 8), (4, 4)):
        assert arrays.total(KEY, range(lo, hi)) == one.total(KEY, range(lo, hi))
    assert np.array_equal(arrays.matrix(KEY, 10), one.matrix(KEY, 10))


def test_totals_only_cells_and_rows():
    tally = Tally()
    tally.add_events(("entities", "nested", "strict", "GPE"), SpanCounts, None, np.array([0, 0, 4]))
    assert tally.total(("entities", "nested", "strict", "GPE")) == SpanCounts(cor=2, spu=1)
    assert not tally.per_unit(("entities", "nested", "strict", "GPE"))
    key = ("numeric", "field", "unit")
    row = tally.row(key, FieldCounts, 3)
    row[column_index(FieldCounts, "matched")] += 2
    row[column_index(FieldCounts, "credit")] += 0.5
    assert tally.total(key) == FieldCounts(matched=2, credit=0.5)
    assert tally.per_unit(key)



@settings(max_examples=200, deadline=None)
@given(events=events, credits=st.lists(st.tuples(st.integers(0, 9), st.floats(0.01, 1.0)), max_size=20),
       cuts=st.lists(st.integers(0, 10), min_size=2, max_size=8))
def test_totals_of_many_parts_equal_one_total_each(events, credits, cuts):
    # Integer counts as array chunks, float credit added in place: every part's total, digits included.
    tally = Tally()
    key = ("numeric", "field", "unit")
    columns = [c for c in columns_of(FieldCounts) if c != "credit"]
    tally.add_events(key, FieldCounts, np.array([u for u, _ in events], dtype=np.int64),
                     np.array([column_index(FieldCounts, columns[COLUMNS.index(c) % len(columns)])
                               for _, c in events], dtype=np.int64))
    for unit, credit in credits:
        tally.row(key, FieldCounts, unit)[column_index(FieldCounts, "credit")] += credit
    bounds = sorted(cuts)
    parts = [range(lo, hi) for lo, hi in zip(bounds, bounds[1:])] + [range(3, 9), range(0, 10)]
    found = [repr(vars(c)) for c in tally.totals(key, parts)]
    assert found == [repr(vars(tally.total(key, part))) for part in parts]
    # Each part by hand: integer events counted, credit added unit by unit in ascending order.
    for part, got in zip(parts, found):
        counts = dict.fromkeys(columns_of(FieldCounts), 0)
        for unit, column in events:
            if unit in part:
                counts[columns[COLUMNS.index(column) % len(columns)]] += 1
        per_unit: dict[int, float] = {}
        for unit, credit in credits:
            per_unit[unit] = per_unit.get(unit, 0) + credit
        for unit in sorted(per_unit):
            if unit in part:
                counts["credit"] += per_unit[unit]
        assert got == repr(vars(FieldCounts(**counts)))
