"""A batch of documents laid end to end in one position space, with their sentence units.

Array passes score many documents in one call: each document's positions are shifted past the
previous one's end (one separator character between them), so spans of different documents never
overlap, and a position's sentence unit is one ``searchsorted`` away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np

from bench.matching.sweep import ranges


@dataclass(frozen=True)
class LayerInput:
    """One document's layer (entities, TIMEX3 or numeric claims) as a batch reads it."""

    text: str
    base: int
    """The document's first sentence unit (global numbering)."""
    starts: Sequence[int]
    """Start offsets of the document's sentence units."""
    gold: Sequence[Any]
    """Gold items (``start``, ``end`` and the layer's fields)."""
    pred: Sequence[Any]
    """Predictions with offsets (given or placed)."""
    unplaced: Sequence[Any]
    """Predictions that could not be placed: spurious, counted in the document's first unit."""


class Layout:
    """Where each document of a batch starts in the batch's positions, and its sentence units."""

    def __init__(self, docs: Sequence[LayerInput]) -> None:
        lengths = np.array([len(d.text) + 1 for d in docs], dtype=np.int64)
        self.offset = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        """Each document's first position in the batch."""
        self.stride = int(lengths.sum()) + 1
        """More than every batch position: a multiple of it keeps further groups apart."""
        self.bases = np.array([d.base for d in docs], dtype=np.int64)
        """Each document's first sentence unit (where its unplaced predictions are counted)."""
        counts = [len(d.starts) for d in docs]
        self._unit_starts = (np.array([s for d in docs for s in d.starts], dtype=np.int64)
                             + np.repeat(self.offset, counts))
        self._unit_ids = np.repeat(self.bases, counts) + ranges(counts)

    def unit(self, positions: np.ndarray) -> np.ndarray:
        """The sentence unit of each position (:func:`bench.text.segments.unit_of`, in batch positions)."""
        return self._unit_ids[np.maximum(np.searchsorted(self._unit_starts, positions, "right") - 1, 0)]

    def side(self, counts: Sequence[int], start: Sequence[int], end: Sequence[int]) -> tuple[np.ndarray, ...]:
        """One side's items as arrays: document, index in it, batch start and batch end."""
        doc = np.repeat(np.arange(len(counts)), counts)
        return (doc, ranges(counts), np.array(start, dtype=np.int64) + self.offset[doc],
                np.array(end, dtype=np.int64) + self.offset[doc])


def column(docs: Sequence[LayerInput], side: str, name: str) -> list:
    """One attribute of every item on one side (``gold``, ``pred``, ``unplaced``) of every document, in order."""
    return list(map(attrgetter(name), chain.from_iterable(map(attrgetter(side), docs))))
