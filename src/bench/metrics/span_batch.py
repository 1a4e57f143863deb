"""TIMEX3 and numeric-claim pairings of many documents at once, on arrays.

The array twin of :func:`bench.metrics.span_layers.match_spans` on each document: the same strict
and relaxed pairs, missed and spurious items and conflicted predictions, from one call of
:func:`bench.matching.sweep.pairings` over a batch (documents end to end,
:mod:`bench.metrics.layout`). As there, pairs are chosen from extents alone; an item's content (its
field values, :func:`~bench.metrics.span_layers.content`) only orders the items that share an extent,
so it is read only for those. Tests hold the two paths to the same outcomes.

Fields are then compared over the relaxed pairs (:mod:`bench.metrics.fields`), each distinct pair of
values once per batch: a comparison depends on the two values alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from bench.matching.names import NameIndex
from bench.matching.sweep import SpanArrays, pairings
from bench.metrics.fields import DISAGREE, Agreement, FieldSpec
from bench.metrics.layout import LayerInput, Layout, column
from bench.metrics.span_layers import content


@dataclass(frozen=True)
class SpanPairs:
    """A batch's pairs as batch indices (the ``g_*`` and ``p_*`` arrays of :class:`SpanBatch`), each
    pairing sorted by gold index: per document, the order of
    :func:`~bench.metrics.span_layers.match_spans`' pairs."""

    strict_gold: np.ndarray
    strict_pred: np.ndarray
    relaxed_gold: np.ndarray
    relaxed_pred: np.ndarray
    conflicted: np.ndarray
    """Boolean, per prediction: one of several offered for one extent (none of its fields agrees)."""

    def missed(self, n_gold: int, strict: bool = False) -> np.ndarray:
        """The gold indices that take no pair (relaxed, or ``strict``), ascending."""
        return _unpaired(n_gold, self.strict_gold if strict else self.relaxed_gold)

    def spurious(self, n_pred: int, strict: bool = False) -> np.ndarray:
        """The prediction indices that take no pair (relaxed, or ``strict``), ascending."""
        return _unpaired(n_pred, self.strict_pred if strict else self.relaxed_pred)


class SpanBatch:
    """One span layer (TIMEX3 or numeric claims) of several documents as arrays."""

    def __init__(self, docs: Sequence[LayerInput], fields: Sequence[FieldSpec]) -> None:
        self.fields = tuple(fields)
        layout = Layout(docs)
        self.gold = list(chain.from_iterable(d.gold for d in docs))
        self.pred = list(chain.from_iterable(d.pred for d in docs))
        self.unplaced = list(chain.from_iterable(d.unplaced for d in docs))
        self.g_doc, self.g_local, self.g_start, self.g_end = layout.side(
            [len(d.gold) for d in docs], column(docs, "gold", "start"), column(docs, "gold", "end"))
        self.p_doc, self.p_local, self.p_start, self.p_end = layout.side(
            [len(d.pred) for d in docs], column(docs, "pred", "start"), column(docs, "pred", "end"))
        self.g_unit, self.p_unit = layout.unit(self.g_start), layout.unit(self.p_start)
        counts_u = [len(d.unplaced) for d in docs]
        self.u_doc = np.repeat(np.arange(len(docs)), counts_u)
        self.u_unit = np.repeat(layout.bases, counts_u)

    def pairs(self) -> SpanPairs:
        """Strict pairs (identical extents) and relaxed pairs (any overlap, exact preferred)."""
        gold = SpanArrays(self.g_start, self.g_end, _ranks(self.gold, self.g_start, self.g_end, self.fields),
                          np.zeros(len(self.gold), dtype=np.int64))
        pred = SpanArrays(self.p_start, self.p_end, _ranks(self.pred, self.p_start, self.p_end, self.fields),
                          np.zeros(len(self.pred), dtype=np.int64))
        exact_first, relaxed = pairings(gold, pred, ("exact", "overlap"))
        same = ((self.g_start[exact_first.gold] == self.p_start[exact_first.pred])
                & (self.g_end[exact_first.gold] == self.p_end[exact_first.pred]))
        strict_gold, strict_pred = _by_gold(exact_first.gold[same], exact_first.pred[same])
        relaxed_gold, relaxed_pred = _by_gold(relaxed.gold, relaxed.pred)
        return SpanPairs(strict_gold, strict_pred, relaxed_gold, relaxed_pred, relaxed.conflicted)

    def agreements(self, pairs: SpanPairs, names: NameIndex | None) -> list[tuple[Agreement, ...]]:
        """Each relaxed pair's agreement on every field (a conflicted prediction agrees on none)."""
        seen: list[dict[tuple, Agreement]] = [{} for _ in self.fields]
        out = []
        all_wrong = (DISAGREE,) * len(self.fields)
        for g, p, conflicted in zip(pairs.relaxed_gold.tolist(), pairs.relaxed_pred.tolist(),
                                    pairs.conflicted[pairs.relaxed_pred].tolist()):
            if conflicted:
                out.append(all_wrong)
                continue
            gold, pred = self.gold[g], self.pred[p]
            found = []
            for spec, memo in zip(self.fields, seen):
                values = (spec.read(gold), spec.read(pred))
                agreement = memo.get(values)
                if agreement is None:
                    agreement = memo[values] = spec.compare(gold, pred, names)
                found.append(agreement)
            out.append(tuple(found))
        return out


def _ranks(items: Sequence[Any], start: np.ndarray, end: np.ndarray, fields: tuple[FieldSpec, ...]) -> np.ndarray:
    """Codes that sort as the items' contents, for items sharing their extent with another; 0 for
    the others (a rank is only ever compared within one extent)."""
    codes = np.zeros(len(items), dtype=np.int64)
    if len(items) < 2:
        return codes
    order = np.lexsort((end, start))
    same = (start[order[1:]] == start[order[:-1]]) & (end[order[1:]] == end[order[:-1]])
    shared = np.zeros(len(items), dtype=bool)
    shared[order[1:][same]] = shared[order[:-1][same]] = True
    where = np.flatnonzero(shared).tolist()
    if where:
        contents = [content(items[i], fields) for i in where]
        code = {c: k + 1 for k, c in enumerate(sorted(set(contents)))}
        codes[where] = [code[c] for c in contents]
    return codes


def _by_gold(gold: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(gold, kind="stable")
    return gold[order], pred[order]


def _unpaired(n: int, paired: np.ndarray) -> np.ndarray:
    free = np.ones(n, dtype=bool)
    free[paired] = False
    return np.flatnonzero(free)
