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

import numpy as np

from bench.metrics.counts import f1_from_columns

_CELLS_PER_BATCH = 4_000_000


def _batches(total: int, n_units: int) -> list[int]:
    size = max(1, _CELLS_PER_BATCH // max(n_units, 1))
    return [min(size, total - i) for i in range(0, total, size)]


def bootstrap_weights(n_units: int, samples: int, seed: int) -> list[np.ndarray]:
    """Resample draw counts, in batches of shape ``(b, n_units)``; the same for every metric."""
    rng = np.random.default_rng(seed)
    probs = np.full(n_units, 1.0 / n_units)
    return [rng.multinomial(n_units, probs, size=b).astype(np.float64) for b in _batches(samples, n_units)]


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


def paired_delta_interval(kind: type, a: np.ndarray, b: np.ndarray, weights: list[np.ndarray],
                          confidence: float) -> tuple[float, float] | None:
    """Percentile bootstrap interval of F1(B) − F1(A), both resampled with the same units."""
    return _percentile_interval([f1_from_columns(kind, w @ b) - f1_from_columns(kind, w @ a) for w in weights],
                                confidence)


def randomization_p(kind: type, a: np.ndarray, b: np.ndarray, trials: int, seed: int) -> float | None:
    """Two-sided approximate-randomisation p-value of the F1 difference (units swapped at random), or None."""
    total_a, total_b = a.sum(axis=0), b.sum(axis=0)
    observed = f1_from_columns(kind, total_b) - f1_from_columns(kind, total_a)
    if np.isnan(observed) or trials == 0:
        return None
    rng = np.random.default_rng(seed)
    diff = b - a
    hits = 0
    for size in _batches(trials, a.shape[0]):
        swap = rng.integers(0, 2, size=(size, a.shape[0])).astype(np.float64)
        moved = swap @ diff
        delta = f1_from_columns(kind, total_b - moved) - f1_from_columns(kind, total_a + moved)
        hits += int(np.sum(np.abs(np.nan_to_num(delta)) >= abs(observed) - 1e-12))
    return (hits + 1) / (trials + 1)
