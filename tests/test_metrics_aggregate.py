"""Aggregating a run's tally (bench.metrics.aggregate): per-unit matrices built as they are read."""

from __future__ import annotations

import numpy as np

from bench.metrics.aggregate import UnitMatrices
from bench.metrics.counts import FieldCounts, SpanCounts
from bench.metrics.resampling import f1_intervals
from bench.metrics.tally import Tally

CELLS = {("entities", "nested", "strict", "ALL"): SpanCounts, ("entities", "canonical"): FieldCounts}


def _tally(n_units: int, seed: int) -> Tally:
    rng = np.random.default_rng(seed)
    tally = Tally()
    for key, kind in CELLS.items():
        units = rng.integers(0, n_units, size=200)
        tally.add_events(key, kind, units, rng.integers(0, 4, size=200))
    tally.add_events(("entities", "nested", "strict", "GPE"), SpanCounts, None, rng.integers(0, 5, size=50))
    return tally


def test_unit_matrices_are_the_per_unit_cells_only() -> None:
    tally = _tally(30, 0)
    cells = UnitMatrices(tally, 30)
    assert list(cells) == list(CELLS) and len(cells) == 2
    for key, kind in CELLS.items():
        found_kind, matrix = cells[key]
        assert found_kind is kind and np.array_equal(matrix, tally.matrix(key, 30))
        assert tuple(matrix.sum(axis=0).astype(int)) == tuple(int(v) for v in vars(tally.total(key)).values())
    assert ("entities", "nested", "strict", "GPE") not in cells


def test_intervals_from_matrices_built_as_read_equal_those_from_a_dict() -> None:
    tally = _tally(25, 1)
    lazy = UnitMatrices(tally, 25)
    held = {key: lazy[key] for key in lazy}
    assert f1_intervals(lazy, 25, 300, 7, 0.95) == f1_intervals(held, 25, 300, 7, 0.95)
