"""Per-unit sufficient statistics for every metric cell, summed for totals and resampled for CIs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import cache

import numpy as np

from bench.metrics.counts import FieldCounts, SpanCounts

Counts = SpanCounts | FieldCounts
CellKey = tuple[str, ...]


@cache
def columns(kind: type) -> tuple[str, ...]:
    """The count fields of a counts class, in declaration order (the tally's matrix columns)."""
    return tuple(f.name for f in fields(kind))


@cache
def column_index(kind: type, column: str) -> int:
    """The matrix column of one count field of ``kind``."""
    return columns(kind).index(column)


@dataclass
class Tally:
    """``cells[key][unit]`` holds the counts (one list of ints) of one metric cell in one unit.

    Cells that are never resampled nor broken down by document (per-type scores) are kept as one
    corpus total under the unit ``None``: per-unit storage for every type would multiply memory.
    """

    cells: dict[CellKey, dict[int, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    kinds: dict[CellKey, type] = field(default_factory=dict)

    def add(self, key: CellKey, kind: type, unit: int | None, column: str, amount: int = 1) -> None:
        """Count ``amount`` in ``column`` of a cell, for a sentence unit (None: a corpus total only)."""
        if key not in self.kinds:
            self.kinds[key] = kind
        cell = self.cells[key]
        row = cell.get(unit)
        if row is None:
            row = cell[unit] = [0] * len(columns(kind))
        row[column_index(kind, column)] += amount

    def ensure(self, key: CellKey, kind: type) -> None:
        """Register a cell that may receive no counts, so it still appears with zeros."""
        self.kinds.setdefault(key, kind)
        self.cells[key]  # noqa: B018 - creates the empty cell

    def total(self, key: CellKey, units: range | None = None) -> Counts:
        """A cell's counts summed over all units, or over ``units``."""
        kind = self.kinds[key]
        sums = [0] * len(columns(kind))
        cell = self.cells[key]
        if units is not None and None in cell:
            raise ValueError(f"cell {key} keeps only a corpus total")
        # Walk only the requested units: per-document totals must not scan the whole corpus.
        rows = cell.values() if units is None else (cell[u] for u in units if u in cell)
        for row in rows:
            sums = [a + b for a, b in zip(sums, row)]
        return kind(*sums)

    def matrix(self, key: CellKey, n_units: int) -> np.ndarray:
        """Counts as an ``(n_units, k)`` array, zeros where a unit has none."""
        if None in self.cells[key]:
            raise ValueError(f"cell {key} keeps only a corpus total")
        out = np.zeros((n_units, len(columns(self.kinds[key]))), dtype=np.float64)
        for unit, row in self.cells[key].items():
            out[unit] = row
        return out

    def keys(self, *prefix: str) -> list[CellKey]:
        """The cell keys that start with ``prefix``, sorted."""
        return sorted(k for k in self.kinds if k[: len(prefix)] == prefix)
