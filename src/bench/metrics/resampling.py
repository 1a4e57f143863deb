"""Bootstrap confidence intervals and the paired approximate randomisation test.

Both resample *sentence units* (:mod:`bench.text.segments`): with five documents, document-level
resampling would be meaningless. Because every metric is a function of summed counts, a resample
is a weighted sum of per-unit counts (as in sacrebleu's bootstrap over sufficient statistics).

* Interval: percentile bootstrap (Efron & Tibshirani 1993) over ``samples`` resamples, drawn with a
  fixed seed; undefined resamples (no gold and no predictions) are left out.
* Paired test: approximate randomisation (Noreen 1989; Riezler & Maxwell 2005, as in sacrebleu's
  ``paired_ar``): each trial swaps the two systems' counts in each unit with probability 1/2;
  p = (1 + #trials with |ΔF1| ≥ observed |ΔF1|) / (1 + trials).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np

from bench.metrics.counts import f1_from_columns

_CELLS_PER_BATCH = 4_000_000


def _batches(total: int, n_units: int, multiple: int = 1) -> list[int]:
    """Rows per batch: about ``_CELLS_PER_BATCH`` cells, a multiple of ``multiple`` rows but the last."""
    size = max(multiple, _CELLS_PER_BATCH // max(n_units, 1) // multiple * multiple)
    return [min(size, total - i) for i in range(0, total, size)]


def _ahead(draw: Callable[[int], np.ndarray], sizes: list[int]) -> Iterator[np.ndarray]:
    """``draw(size)`` for each of ``sizes`` in turn, the next one made on a second thread while the
    caller uses this one (NumPy's generators let go of the GIL while they fill an array). One worker
    calls ``draw`` in order, so the stream, and every value, is that of calling it in turn."""
    if len(sizes) < 2:
        yield from map(draw, sizes)
        return
    with ThreadPoolExecutor(max_workers=1) as worker:
        pending = worker.submit(draw, sizes[0])
        for size in sizes[1:]:
            drawn = pending.result()
            pending = worker.submit(draw, size)
            yield drawn
        yield pending.result()


@contextmanager
def _core_left_for_draws(batches: int) -> Iterator[None]:
    """BLAS limited to the cores the drawing thread leaves free, while products read ``batches``
    batches of draws (one batch is drawn on this thread: nothing to leave a core for).

    OpenBLAS's threads keep spinning for a while after each product; on two cores they took the
    drawing thread's core, and the draws and the products ran one after the other again. The sums
    are of integers and exact, so the number of threads changes no digit.
    """
    if batches < 2:
        yield
        return
    from threadpoolctl import threadpool_limits

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with threadpool_limits(limits=max(cores - 1, 1), user_api="blas"):
        yield


RESAMPLING_VERSION = "units-2"
"""Named in the signature (``draw:``): each resample draws ``n_units`` unit indices uniformly with
replacement (``Generator.integers``, PCG64 seeded with the run's seed) and counts them. ``units-1``
drew the same counts with ``Generator.multinomial``: the same distribution, other digits, 5x slower."""


def bootstrap_batches(n_units: int, samples: int, seed: int) -> Iterator[np.ndarray]:
    """Resample draw counts, in batches of shape ``(b, n_units)``, drawn as they are needed (holding
    every resample at once would take ``samples × n_units`` floats); the same for every metric.

    The draws are one stream, so the counts do not depend on the batch size; the next batch is drawn
    while this one is used (:func:`_ahead`). One array is filled again for every batch: use a batch
    before asking for the next.
    """
    rng = np.random.default_rng(seed)
    # int32 draws are the int64 draws (one 32-bit word each) in half the memory.
    dtype = np.int32 if n_units < 2**31 else np.int64
    sizes = _batches(samples, n_units)
    counts = np.empty((max(sizes, default=0), n_units), dtype=np.float64)
    for drawn in _ahead(lambda b: rng.integers(0, n_units, size=(b, n_units), dtype=dtype), sizes):
        b = drawn.shape[0]
        _count_rows(drawn, counts[:b])
        yield counts[:b]


def _count_rows(drawn: np.ndarray, out: np.ndarray) -> None:
    """``out[i]`` = how often each unit was drawn in ``drawn[i]``; row by row, the counts stay in
    cache (4x one flat bincount)."""
    for row, draws in zip(out, drawn):
        row[:] = np.bincount(draws, minlength=out.shape[1])


def bootstrap_weights(n_units: int, samples: int, seed: int) -> list[np.ndarray]:
    """Every batch of :func:`bootstrap_batches` (for small inputs and tests)."""
    return [batch.copy() for batch in bootstrap_batches(n_units, samples, seed)]


def distinct_columns(matrices: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """``(distinct, where)``: column ``j`` of the matrices side by side is ``distinct[:, where[j]]``,
    each column kept once, in order of first appearance. Many metric cells repeat one another's
    counts (a type with no boundary errors counts the same in every scheme), and a product need not
    sum them twice. The matrices are read one at a time and never stacked whole: each may be let go
    (or built, by a generator) once it is read."""
    kept: list[np.ndarray] = []
    by_digest: dict[bytes, list[int]] = {}
    where: list[int] = []
    rows = 0
    for matrix in matrices:
        rows = matrix.shape[0]
        for column in matrix.T:
            column = np.ascontiguousarray(column)
            same = by_digest.setdefault(hashlib.blake2b(column.tobytes()).digest(), [])
            found = next((i for i in same if np.array_equal(kept[i], column)), None)  # equal, not just alike
            if found is None:
                found = len(kept)
                same.append(found)
                kept.append(column.copy() if column.base is not None else column)  # not a view that holds the matrix
            where.append(found)
    distinct = np.stack(kept, axis=1) if kept else np.zeros((rows, 0))
    return distinct, np.array(where, dtype=np.intp)


Cells = Mapping[Hashable, tuple[type, np.ndarray]]
"""Metric cells by key: the counts class and the ``(n_units, k)`` per-unit counts. Each cell is
read once, so a mapping may build its matrices as they are asked for (and let each go)."""


def _resampled_f1(cells: Cells, n_units: int, samples: int, seed: int) -> dict[Hashable, list[np.ndarray]]:
    """Each cell's F1 in every resample, all cells summed with one product per batch of draws.

    Counts and draws are integers, so every sum is exact and the digits do not depend on how the
    cells are stacked.
    """
    kinds: dict[Hashable, type] = {}
    widths: list[int] = []

    def matrices() -> Iterator[np.ndarray]:
        for key, (kind, matrix) in cells.items():
            kinds[key] = kind
            widths.append(matrix.shape[1])
            yield matrix

    distinct, where = distinct_columns(matrices())
    if not kinds:
        return {}
    edges = np.cumsum([0] + widths)
    values: dict[Hashable, list[np.ndarray]] = {key: [] for key in kinds}
    with _core_left_for_draws(len(_batches(samples, n_units))):
        for weights in bootstrap_batches(n_units, samples, seed):
            sums = (weights @ distinct)[:, where]
            for (key, kind), lo, hi in zip(kinds.items(), edges[:-1], edges[1:]):
                values[key].append(f1_from_columns(kind, sums[:, lo:hi]))
    return values


def f1_intervals(cells: Cells, n_units: int, samples: int, seed: int,
                 confidence: float) -> dict[Hashable, tuple[float, float] | None]:
    """:func:`f1_interval` of every cell, with the draws of :func:`bootstrap_batches` made once."""
    return {key: _percentile_interval(values, confidence)
            for key, values in _resampled_f1(cells, n_units, samples, seed).items()}


def paired_delta_intervals(pairs: dict[Hashable, tuple[type, np.ndarray, np.ndarray]], n_units: int, samples: int,
                           seed: int, confidence: float) -> dict[Hashable, tuple[float, float] | None]:
    """:func:`paired_delta_interval` of every cell (systems A and B), with the draws made once."""
    cells: Cells = {}
    for key, (kind, a, b) in pairs.items():
        cells[(key, "a")], cells[(key, "b")] = (kind, a), (kind, b)
    values = _resampled_f1(cells, n_units, samples, seed)
    return {key: _percentile_interval([fb - fa for fa, fb in zip(values[(key, "a")], values[(key, "b")])],
                                      confidence) for key in pairs}


def _percentile_interval(batches: list[np.ndarray], confidence: float) -> tuple[float, float] | None:
    values = np.concatenate(batches) if batches else np.array([])
    values = values[~np.isnan(values)]  # resamples where the metric is undefined are left out
    if values.size == 0:
        return None
    alpha = (1 - confidence) / 2
    low, high = np.quantile(values, [alpha, 1 - alpha])
    return float(low), float(high)


def f1_interval(kind: type, matrix: np.ndarray, weights: list[np.ndarray],
                confidence: float) -> tuple[float, float] | None:
    """Percentile bootstrap interval of one cell's F1 over resampled sentence units."""
    return _percentile_interval([f1_from_columns(kind, w @ matrix) for w in weights], confidence)


def swap_batches(n_units: int, trials: int, seed: int, units: np.ndarray) -> Iterator[np.ndarray]:
    """The randomisation test's swaps, ``Generator.integers(0, 2, size=(trials, n_units))`` from
    ``default_rng(seed)``, in batches of shape ``(b, len(units))``: the columns ``units`` only.

    That draw takes one 32-bit word of the PCG64 stream per swap (low half of each 64-bit output
    first) and keeps its top bit (Lemire's method with a range of 2). Reading the words with
    ``random_raw`` gives the same swaps about three times faster; a test holds the two equal,
    whatever the batch size. The next batch's outputs are drawn while this one is read (:func:`_ahead`).
    """
    bits = np.random.default_rng(seed).bit_generator
    # The top bit of the 32-bit half holding swap (t, u) is bit 7 of byte 4 (t n_units + u) + 3 of the
    # little-endian outputs. An even number of rows per batch takes whole outputs, so no batch starts
    # inside one; only the units asked for are read.
    top_bytes = 4 * np.asarray(units, dtype=np.intp) + 3
    sizes = _batches(trials, n_units, multiple=2)
    for size, raw in zip(sizes, _ahead(lambda size: bits.random_raw((size * n_units + 1) // 2), sizes)):
        words = raw.astype("<u8", copy=False).view(np.uint8)[:4 * size * n_units]
        chosen = np.take(words.reshape(size, 4 * n_units), top_bytes, axis=1)
        yield np.right_shift(chosen, 7, out=chosen)


def narrowest_exact(counts: np.ndarray) -> np.ndarray:
    """Integer ``counts`` as float32 when every sum of 0/1-weighted entries of a column is exact in
    float32 (no partial sum reaches 2**24), else as float64: half the bytes to multiply, the same sums."""
    exact = np.abs(counts).sum(axis=0).max(initial=0) < 2**24
    return counts.astype(np.float32 if exact else np.float64)


def randomization_p(kind: type, a: np.ndarray, b: np.ndarray, trials: int, seed: int) -> float | None:
    """Two-sided approximate-randomisation p-value of the F1 difference (units swapped at random), or None."""
    return randomization_ps({None: (kind, a, b)}, trials, seed)[None]


def randomization_ps(pairs: dict[Hashable, tuple[type, np.ndarray, np.ndarray]], trials: int,
                     seed: int) -> dict[Hashable, float | None]:
    """:func:`randomization_p` of every cell (systems A and B). Every cell sees the same swaps (one
    stream from ``seed``), so they are drawn once and applied to all cells in one product per batch."""
    totals = {key: (a.sum(axis=0), b.sum(axis=0)) for key, (_, a, b) in pairs.items()}
    observed = {key: float(f1_from_columns(kind, totals[key][1]) - f1_from_columns(kind, totals[key][0]))
                for key, (kind, _, _) in pairs.items()}
    out: dict[Hashable, float | None] = {key: None for key in pairs}
    live = [key for key in pairs if not np.isnan(observed[key])]
    if trials == 0 or not live:
        return out
    diffs = np.concatenate([pairs[key][2] - pairs[key][1] for key in live], axis=1)
    edges = np.cumsum([0] + [pairs[key][1].shape[1] for key in live])
    # Units where the systems agree and columns that repeat move nothing new: the product runs on
    # the rest. Every sum is of integers, so it is exact and the same as on the whole matrix.
    moving = np.flatnonzero(np.any(diffs != 0, axis=1))
    distinct, where = distinct_columns([diffs[moving]])
    distinct = narrowest_exact(distinct)
    hits = dict.fromkeys(live, 0)
    with _core_left_for_draws(len(_batches(trials, diffs.shape[0], multiple=2))):
        for swap in swap_batches(diffs.shape[0], trials, seed, moving):
            moved_all = (swap.astype(distinct.dtype) @ distinct).astype(np.float64)[:, where]
            for key, lo, hi in zip(live, edges[:-1], edges[1:]):
                kind, (total_a, total_b) = pairs[key][0], totals[key]
                moved = moved_all[:, lo:hi]
                delta = f1_from_columns(kind, total_b - moved) - f1_from_columns(kind, total_a + moved)
                hits[key] += int(np.sum(np.abs(np.nan_to_num(delta)) >= abs(observed[key]) - 1e-12))
    for key in live:
        out[key] = (hits[key] + 1) / (trials + 1)
    return out
