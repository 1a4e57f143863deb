"""Per-unit sufficient statistics for every metric cell, summed for totals and resampled for CIs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cache

import numpy as np

from bench.metrics.counts import FieldCounts, SpanCounts

Counts = SpanCounts | FieldCounts
CellKey = tuple[str, ...]


@cache
def columns_of(kind: type) -> tuple[str, ...]:
    """The count fields of a counts class, in declaration order (the tally's matrix columns)."""
    return tuple(f.name for f in fields(kind))


@cache
def column_index(kind: type, column: str) -> int:
    """The matrix column of one count field of ``kind``."""
    return columns_of(kind).index(column)


@dataclass
class Tally:
    """``cells[key][unit]`` holds the counts (one list of ints) of one metric cell in one unit.

    Cells that are never resampled nor broken down by document (per-type scores) are kept as one
    corpus total under the unit ``None``: per-unit storage for every type would multiply memory.
    """

    cells: dict[CellKey, dict[int, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    kinds: dict[CellKey, type] = field(default_factory=dict)
    chunks: dict[CellKey, list[tuple[np.ndarray, np.ndarray]]] = field(default_factory=lambda: defaultdict(list))
    """Counts added from arrays (:meth:`add_events`): ``(units, rows)``, integer counts, one chunk
    per call; units never repeat within a chunk."""
    _merged: dict[CellKey, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    def add(self, key: CellKey, kind: type, unit: int | None, column: str, amount: int = 1) -> None:
        """Count ``amount`` in ``column`` of a cell, for a sentence unit (None: a corpus total only)."""
        self.row(key, kind, unit)[column_index(kind, column)] += amount

    def row(self, key: CellKey, kind: type, unit: int | None) -> list:
        """The counts of one cell in one unit, to add to in place (created at zero): :meth:`add`
        without a call per count."""
        if key not in self.kinds:
            self.kinds[key] = kind
        cell = self.cells[key]
        found = cell.get(unit)
        if found is None:
            found = cell[unit] = [0] * len(columns_of(kind))
        return found

    def add_events(self, key: CellKey, kind: type, units: np.ndarray | None, columns: np.ndarray) -> None:
        """Count one event per element: ``columns[i]`` (a column index of ``kind``) in unit ``units[i]``
        (``units`` None: a corpus total only). The array twin of :meth:`add`."""
        self.ensure(key, kind)
        width = len(columns_of(kind))
        if units is None:
            found = np.bincount(columns, minlength=width).tolist()
            row = self.cells[key].setdefault(None, [0] * width)
            for i, amount in enumerate(found):
                row[i] += amount
            return
        if not len(units):
            return
        # Units of one call lie close together (a batch of documents): count in that range, keep
        # the units that received anything.
        low, high = int(units.min()), int(units.max())
        span = high - low + 1
        dense = np.bincount((units - low) * width + columns, minlength=span * width).reshape(span, width)
        used = np.flatnonzero(dense.any(axis=1))
        # A chunk's counts are fewer than its events, and units are few: 32 bits hold both, in half
        # the memory of a large run's chunks.
        narrow = np.int32 if max(high, len(units)) < 2**31 else np.int64
        self.chunks[key].append(((used + low).astype(narrow), dense[used].astype(narrow)))
        self._merged.pop(key, None)

    def per_unit(self, key: CellKey) -> bool:
        """Whether a cell keeps counts per unit (else one corpus total)."""
        return None not in self.cells[key]

    def _sums(self, key: CellKey) -> tuple[np.ndarray, np.ndarray]:
        """A cell's array counts merged: sorted units and cumulative rows (one more row than units)."""
        if key not in self._merged:
            units = np.concatenate([u for u, _ in self.chunks[key]])
            rows = np.concatenate([r for _, r in self.chunks[key]])
            order = np.argsort(units, kind="stable")
            cumulative = np.zeros((len(units) + 1, rows.shape[1]), dtype=np.int64)
            np.cumsum(rows[order], axis=0, out=cumulative[1:])
            self._merged[key] = (units[order], cumulative)
        return self._merged[key]

    def ensure(self, key: CellKey, kind: type) -> None:
        """Register a cell that may receive no counts, so it still appears with zeros."""
        self.kinds.setdefault(key, kind)
        self.cells[key]  # noqa: B018 - creates the empty cell

    def total(self, key: CellKey, units: range | None = None) -> Counts:
        """A cell's counts summed over all units, or over ``units``."""
        if units is not None:
            return self.totals(key, [units])[0]
        kind = self.kinds[key]
        sums = [0] * len(columns_of(kind))
        for row in self.cells[key].values():
            sums = [a + b for a, b in zip(sums, row)]
        if self.chunks.get(key):  # the corpus total needs no cumulative sums (they are kept per cell)
            found = sum(rows.sum(axis=0, dtype=np.int64) for _, rows in self.chunks[key])
            sums = [a + b for a, b in zip(sums, found.tolist())]
        return kind(*sums)

    def totals(self, key: CellKey, parts: Sequence[range]) -> list[Counts]:
        """A cell's counts summed over each range of units in ``parts`` (per-document totals): one
        search for every part's bounds. Rows kept in place are added in unit order, so a float
        count's digits do not depend on the order the units were counted in."""
        kind = self.kinds[key]
        width = len(columns_of(kind))
        cell = self.cells[key]
        if None in cell:
            raise ValueError(f"cell {key} keeps only a corpus total")
        starts = np.array([part.start for part in parts], dtype=np.int64)
        stops = np.array([part.stop for part in parts], dtype=np.int64)
        listed = sorted(cell)
        lo, hi = np.searchsorted(listed, starts).tolist(), np.searchsorted(listed, stops).tolist()
        out = []
        found = None
        if self.chunks.get(key):
            units_sorted, cumulative = self._sums(key)
            found = (cumulative[np.searchsorted(units_sorted, stops)]
                     - cumulative[np.searchsorted(units_sorted, starts)]).tolist()
        for i in range(len(parts)):
            sums = [0] * width
            for unit in listed[lo[i]:hi[i]]:
                sums = [a + b for a, b in zip(sums, cell[unit])]
            if found is not None:
                sums = [a + b for a, b in zip(sums, found[i])]
            out.append(kind(*sums))
        return out

    def matrix(self, key: CellKey, n_units: int) -> np.ndarray:
        """Counts as an ``(n_units, k)`` array, zeros where a unit has none."""
        if None in self.cells[key]:
            raise ValueError(f"cell {key} keeps only a corpus total")
        out = np.zeros((n_units, len(columns_of(self.kinds[key]))), dtype=np.float64)
        for unit, row in self.cells[key].items():
            out[unit] = row
        for units, rows in self.chunks.get(key, ()):
            out[units] += rows
        return out

    def keys(self, *prefix: str) -> list[CellKey]:
        """The cell keys that start with ``prefix``, sorted."""
        return sorted(k for k in self.kinds if k[: len(prefix)] == prefix)

