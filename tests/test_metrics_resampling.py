"""Bootstrap intervals and the paired approximate randomisation test (bench.metrics.resampling)."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.metrics import resampling
from bench.metrics.counts import FieldCounts, SpanCounts, f1_from_columns
from bench.metrics.resampling import (
    bootstrap_weights,
    distinct_columns,
    f1_interval,
    narrowest_exact,
    randomization_p,
    randomization_ps,
    swap_batches,
)
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.scoring import compare, headline_keys, score
from bench.text.segments import sentence_starts, unit_of
from conftest import entity, memory_corpus, span

CITIES = ["بغداد", "البصرة", "الموصل", "أربيل", "كركوك", "النجف", "كربلاء", "الحلة", "الرمادي", "تكريت"]
TEXT = " ".join(f"زار الوفد {city} أمس." for city in CITIES)
N = len(CITIES)


@pytest.fixture(scope="module")
def corpus():
    anns = [entity(TEXT, city, "GPE", f"e{i}") for i, city in enumerate(CITIES)]
    return memory_corpus([{"id": "doc-r", "text": TEXT, "annotations": anns}])


def predictions(kinds: list[str | None]) -> list[DocumentPrediction]:
    """One prediction per city: its type, or None for a spurious «زار» in the same sentence instead."""
    ents = []
    for i, (city, kind) in enumerate(zip(CITIES, kinds)):
        if kind is None:
            s, e = span(TEXT, "زار", i)
            ents.append({"start": s, "end": e, "text": "زار", "type": "GPE"})
        else:
            s, e = span(TEXT, city)
            ents.append({"start": s, "end": e, "text": city, "type": kind})
    return [DocumentPrediction.model_validate({"id": "doc-r", "entities": ents})]


PERFECT = ["GPE"] * N
WRONG = [None] * N
MIXED = ["GPE"] * 6 + ["LOC", None, "GPE", None]
ENT = ScoreConfig(layers=("entities",), bootstrap_samples=500, randomization_trials=2000, seed=7)


def test_units_are_sentences(corpus) -> None:
    starts = sentence_starts(TEXT)
    assert len(starts) == N
    assert [unit_of(starts, span(TEXT, c)[0]) for c in CITIES] == list(range(N))


def test_interval_contains_point_estimate(corpus) -> None:
    report = score(corpus, predictions(MIXED), config=ENT)
    for scheme, s in report.entities.nested.items():
        f1, ci = s.overall.f1, s.overall.f1_ci
        assert ci is not None, scheme
        assert 0.0 <= ci.low <= f1 <= ci.high <= 1.0, scheme
        assert ci.low < ci.high, scheme  # nontrivial: the units disagree


def test_same_seed_same_interval_and_perfect_is_degenerate(corpus) -> None:
    a = score(corpus, predictions(MIXED), config=ENT).entities.nested["strict"].overall.f1_ci
    b = score(corpus, predictions(MIXED), config=ENT).entities.nested["strict"].overall.f1_ci
    assert a == b
    perfect = score(corpus, predictions(PERFECT), config=ENT).entities.nested["strict"].overall.f1_ci
    assert (perfect.low, perfect.high) == (1.0, 1.0)


def test_no_bootstrap_no_interval(corpus) -> None:
    report = score(corpus, predictions(MIXED), config=ENT.model_copy(update={"bootstrap_samples": 0}))
    assert report.entities.nested["strict"].overall.f1_ci is None


def test_identical_systems(corpus) -> None:
    result = compare(corpus, predictions(MIXED), predictions(MIXED), config=ENT)
    assert [r.metric for r in result.rows] == [name for name, _ in headline_keys(("entities",))]
    for row in result.rows:
        assert row.a == row.b and row.delta == 0.0
        assert row.p_value == 1.0  # every trial is at least as extreme as a zero difference
        assert (row.delta_ci.low, row.delta_ci.high) == (0.0, 0.0)


def test_very_different_systems(corpus) -> None:
    result = compare(corpus, predictions(WRONG), predictions(PERFECT), config=ENT, names=("wrong", "perfect"))
    rows = {r.metric: r for r in result.rows}
    strict = rows["entities.strict.f1"]
    assert (strict.a, strict.b, strict.delta) == (0.0, 1.0, 1.0)
    # only "swap none" and "swap all" of the 10 units reach |ΔF1| = 1: p ≈ 2/2^10
    assert strict.p_value < 0.01
    assert strict.delta_ci.low > 0
    assert result.a == "wrong" and result.b == "perfect"
    assert "trials:2000" in result.signature


def test_compare_rows_match_score(corpus) -> None:
    a, b = predictions(WRONG[:3] + PERFECT[3:]), predictions(MIXED)
    result = compare(corpus, a, b, config=ENT)
    ra = score(corpus, a, config=ENT).entities
    rb = score(corpus, b, config=ENT).entities
    for row in result.rows:
        view = "outermost" if ".outermost." in row.metric else "nested"
        scheme = row.metric.split(".")[-2]
        assert row.a == getattr(ra, view)[scheme].overall.f1
        assert row.b == getattr(rb, view)[scheme].overall.f1
        assert row.delta == pytest.approx(row.b - row.a)


def test_compare_all_layers_row_names(corpus) -> None:
    result = compare(corpus, predictions(MIXED), predictions(MIXED),
                     config=ENT.model_copy(update={"layers": ("entities", "timex", "numeric"),
                                                   "bootstrap_samples": 0, "randomization_trials": 10}))
    names = [r.metric for r in result.rows]
    assert len(names) == 6 + 5 + 10  # five entity schemes and outermost strict; TIMEX3; numeric
    assert "timex.value.f1" in names and "numeric.modality.f1" in names
    # no TIMEX3 or numeric gold and no predictions: undefined, not zero
    timex = [r for r in result.rows if r.metric.startswith("timex")]
    assert all(r.a is None and r.p_value is None for r in timex)


# -- the vectorised helpers against the scalar Counts classes ----------------------------------------

rows_span = st.lists(st.tuples(*[st.integers(0, 20)] * 5), min_size=1, max_size=20)


@given(rows_span)
def test_f1_from_columns_matches_span_counts(rows) -> None:
    matrix = np.array(rows, dtype=np.float64)
    vectorised = f1_from_columns(SpanCounts, matrix)
    for row, value in zip(rows, vectorised):
        expected = SpanCounts(*row).f1
        assert (np.isnan(value) and expected is None) or value == pytest.approx(expected)


@st.composite
def field_row(draw) -> tuple[int, int, int, int]:
    """Consistent field counts: correct <= matched <= min(gold, pred)."""
    gold, pred = draw(st.integers(0, 20)), draw(st.integers(0, 20))
    matched = draw(st.integers(0, min(gold, pred)))
    return draw(st.integers(0, matched)), matched, gold, pred


@given(st.lists(field_row(), min_size=1, max_size=20))
def test_f1_from_columns_matches_field_counts(rows) -> None:
    vectorised = f1_from_columns(FieldCounts, np.array(rows, dtype=np.float64))
    for row, value in zip(rows, vectorised):
        expected = FieldCounts(*row).f1
        assert (np.isnan(value) and expected is None) or value == pytest.approx(expected)


def test_bootstrap_weights() -> None:
    a = bootstrap_weights(7, 300, seed=1)
    b = bootstrap_weights(7, 300, seed=1)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    stacked = np.concatenate(a)
    assert stacked.shape == (300, 7)
    assert np.all(stacked.sum(axis=1) == 7)
    assert not np.array_equal(stacked, np.concatenate(bootstrap_weights(7, 300, seed=2)))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.integers(0, 50), st.integers(0, 2**32), st.sampled_from([1, 37, 4_000_000]))
def test_bootstrap_counts_are_the_written_draws(n_units, samples, seed, cells) -> None:
    # RESAMPLING_VERSION: each resample draws n_units indices with Generator.integers (int64) and
    # counts them; one stream, whatever the batches, and each batch read before the next is drawn.
    drawn = np.random.default_rng(seed).integers(0, n_units, size=(samples, n_units), dtype=np.int64)
    expected = np.array([np.bincount(row, minlength=n_units) for row in drawn]).reshape(samples, n_units)
    with cells_per_batch(cells):
        found = [batch.copy() for batch in resampling.bootstrap_batches(n_units, samples, seed)]
    assert np.array_equal(np.concatenate(found) if found else np.zeros((0, n_units)), expected)


def test_f1_interval_is_the_percentile_of_resampled_f1() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.integers(0, 4, size=(12, 5)).astype(np.float64)
    weights = bootstrap_weights(12, 400, seed=3)
    low, high = f1_interval(SpanCounts, matrix, weights, 0.9)
    f1s = [SpanCounts(*(int(v) for v in w @ matrix)).f1 for w in np.concatenate(weights)]
    f1s = np.array([v for v in f1s if v is not None])
    assert low == pytest.approx(np.quantile(f1s, 0.05))
    assert high == pytest.approx(np.quantile(f1s, 0.95))


def test_randomization_p_edge_cases() -> None:
    a = np.array([[1, 0, 0, 0, 0], [0, 0, 0, 1, 1]], dtype=np.float64)
    assert randomization_p(SpanCounts, a, a, trials=0, seed=0) is None
    assert randomization_p(SpanCounts, a, a, trials=99, seed=0) == 1.0
    empty = np.zeros((2, 5))
    assert randomization_p(SpanCounts, empty, empty, trials=10, seed=0) is None


def _randomization_p_by_trials(kind, a, b, trials: int, seed: int) -> float | None:
    """The test's definition, one trial at a time: swap each unit's two rows with probability 1/2."""
    def f1(rows):
        return kind(*(int(v) if isinstance(getattr(kind(), name), int) else float(v)
                      for name, v in zip(kind.__dataclass_fields__, rows.sum(axis=0)))).f1
    fa, fb = f1(a), f1(b)
    if fa is None or fb is None or trials == 0:
        return None
    swaps = np.random.default_rng(seed).integers(0, 2, size=(trials, a.shape[0]))
    hits = 0
    for swap in swaps:
        mask = swap.astype(bool)[:, None]
        sa, sb = f1(np.where(mask, b, a)), f1(np.where(mask, a, b))
        delta = 0.0 if sa is None or sb is None else sb - sa
        hits += abs(delta) >= abs(fb - fa) - 1e-12
    return (hits + 1) / (trials + 1)


@pytest.mark.parametrize("scale", [1, 4_194_305, 1_000_000_007])
def test_swapped_sums_are_exact_whatever_the_counts(scale) -> None:
    # Sums run in float32 only while they stay exact; larger counts take float64.
    rng = np.random.default_rng(scale % 1000)
    counts = rng.integers(-3, 4, size=(40, 6)).astype(np.float64) * scale
    swaps = rng.integers(0, 2, size=(30, 40)).astype(np.uint8)
    narrow = narrowest_exact(counts)
    assert narrow.dtype == (np.float32 if scale == 1 else np.float64)
    found = (swaps.astype(narrow.dtype) @ narrow).astype(np.float64)
    assert np.array_equal(found, swaps.astype(np.int64) @ (counts.astype(np.int64)))


@contextmanager
def cells_per_batch(cells: int) -> Iterator[None]:
    """Draw in batches of about ``cells`` cells (a fixture cannot serve a hypothesis test)."""
    old, resampling._CELLS_PER_BATCH = resampling._CELLS_PER_BATCH, cells
    try:
        yield
    finally:
        resampling._CELLS_PER_BATCH = old


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(0, 60), st.integers(0, 2**32), st.sampled_from([1, 7, 64, 4_000_000]))
def test_swaps_are_the_generators_integer_draws(n_units, trials, seed, cells) -> None:
    # The swaps are read from the raw stream; they must be exactly Generator.integers(0, 2), batch after
    # batch, including batches of an odd number of cells that split one 64-bit output.
    expected = np.random.default_rng(seed).integers(0, 2, size=(trials, n_units))
    units = np.arange(n_units)[::2]
    with cells_per_batch(cells):
        batches = list(swap_batches(n_units, trials, seed, units))
    found = np.concatenate(batches) if batches else np.zeros((0, units.size))
    assert np.array_equal(found, expected[:, units])


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(0, 300), st.integers(0, 1000), st.sampled_from([5, 4_000_000]))
def test_randomization_p_values_of_all_cells_at_once_are_each_cells_own(n_units, trials, seed, cells) -> None:
    # Every cell sees the same swaps, drawn once for all: each p-value is the one-cell, one-trial-at-a-time
    # value, also where units agree, columns repeat, and batches split the stream.
    rng = np.random.default_rng(seed)
    pairs = {}
    def field_rows():  # consistent counts: correct <= matched <= gold, pred; credit = correct
        matched = rng.integers(0, 3, size=n_units)
        correct = np.minimum(matched, rng.integers(0, 3, size=n_units))
        gold, pred = (matched + rng.integers(0, 2, size=n_units) for _ in range(2))
        return np.stack([correct, matched, gold, pred, correct], axis=1).astype(np.float64)

    for key, kind in (("span", SpanCounts), ("field", FieldCounts), ("other", SpanCounts)):
        if kind is SpanCounts:
            a, b = (rng.integers(0, 3, size=(n_units, 5)).astype(np.float64) for _ in range(2))
        else:
            a, b = field_rows(), field_rows()
        agree = rng.random(n_units) < 0.3
        b[agree] = a[agree]
        pairs[key] = (kind, a, b)
    pairs["repeat"] = pairs["other"]
    with cells_per_batch(cells):
        found = randomization_ps(pairs, trials, seed)
    for key, (kind, a, b) in pairs.items():
        assert found[key] == _randomization_p_by_trials(kind, a, b, trials, seed), key
        assert found[key] == randomization_p(kind, a, b, trials, seed)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 6), st.lists(st.integers(0, 4), min_size=1, max_size=5), st.integers(0, 1000))
def test_distinct_columns_rebuild_the_matrices_side_by_side(n_rows, widths, seed) -> None:
    rng = np.random.default_rng(seed)
    pool = rng.integers(0, 2, size=(n_rows, 3)).astype(np.float64)  # few values: columns repeat
    matrices = [pool[:, rng.integers(0, 3, size=width)] for width in widths]
    distinct, where = distinct_columns(matrices)
    assert np.array_equal(distinct[:, where], np.concatenate(matrices, axis=1))
    assert len({column.tobytes() for column in distinct.T}) == distinct.shape[1]  # each kept once
    assert list(np.unique(where, return_index=True)[1]) == sorted(np.unique(where, return_index=True)[1])


def test_distinct_columns_read_each_matrix_once_and_let_it_go() -> None:
    # Matrices may come from a generator, built one at a time; a kept column is a copy, not a view
    # that would hold its whole matrix while the next ones are built.
    alive, held = [], []

    def matrices() -> Iterator[np.ndarray]:
        for seed in range(3):
            held.append(sum(ref() is not None for ref in alive))
            matrix = np.random.default_rng(seed).integers(0, 3, size=(40, 4)).astype(np.float64)
            alive.append(weakref.ref(matrix))
            yield matrix
            del matrix

    distinct, where = distinct_columns(matrices())
    assert len(where) == 12 and distinct.shape == (40, int(where.max()) + 1)
    assert held == [0, 1, 1]  # only the one being read (the loop's own name for it)


def test_products_leave_the_drawing_thread_a_core() -> None:
    # While a second thread draws, BLAS keeps to the other cores; after, it has them all again.
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    if not before:
        pytest.skip("threadpoolctl finds no BLAS library behind this NumPy")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with resampling._core_left_for_draws(2):
        assert all(n <= max(cores - 1, 1) for n in blas_threads())
    with resampling._core_left_for_draws(1):
        assert blas_threads() == before
    assert blas_threads() == before
