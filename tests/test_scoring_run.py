"""The scoring pass: batches of documents give the same report whatever their size, are sized by
every layer scored, cyclic garbage is collected batch by batch, and the garbage collector is handed
back as it was found."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from bench.io.gold import load_gold
from bench.io.predictions import iter_predictions
from bench.report.render import to_json
from bench.schema.config import ScoreConfig
from bench.scoring import run as scoring_run
from bench.scoring import score
from conftest import TEXT_A, memory_corpus, perfect_predictions, timex

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled():
    gold = load_gold(ROOT / "annotations")
    return gold, list(iter_predictions(ROOT / "results" / "blind.jsonl", gold.by_id()))


@pytest.mark.parametrize("batch", [1, 40, 10**9])
def test_batch_size_never_shows_in_the_report(bundled, monkeypatch, batch):
    gold, predictions = bundled
    config = ScoreConfig(bootstrap_samples=50)
    expected = to_json(score(gold, predictions, config=config))
    monkeypatch.setattr(scoring_run, "BATCH_SPANS", batch)
    assert to_json(score(gold, predictions, config=config)) == expected


def test_a_corpus_without_entities_is_streamed_too(monkeypatch):
    # Batches are sized by the spans of every layer scored, not by the entities alone.
    docs = [{"id": f"d{i}", "text": TEXT_A, "annotations": [timex(TEXT_A, "يوم الجمعة", "DATE", "2024-09-27", "t1")]}
            for i in range(3)]
    corpus = memory_corpus(docs)
    sizes: list[int] = []
    score_batch = scoring_run._score_batch

    def spy(batch, run, config):
        sizes.append(len(batch))
        score_batch(batch, run, config)

    monkeypatch.setattr(scoring_run, "_score_batch", spy)
    monkeypatch.setattr(scoring_run, "BATCH_SPANS", 2)
    score(corpus, perfect_predictions(corpus), config=ScoreConfig(bootstrap_samples=0))
    assert [n for n in sizes if n] == [1, 1, 1]


def test_the_collector_is_handed_back(bundled):
    gold, predictions = bundled
    score(gold, predictions, config=ScoreConfig(bootstrap_samples=0))
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_caller_that_switched_the_collector_off_keeps_it_off(bundled):
    gold, predictions = bundled
    gc.disable()
    try:
        score(gold, predictions, config=ScoreConfig(bootstrap_samples=0))
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cyclic_garbage_does_not_outlive_its_batch(bundled, monkeypatch):
    # The collector does not run on its own during the pass, but once after each batch: a cycle
    # made while a document streams in is gone before the next document is read.
    gold, predictions = bundled
    monkeypatch.setattr(scoring_run, "BATCH_SPANS", 1)  # one document per batch
    made: list[weakref.ref] = []
    alive: list[int] = []

    def stream():
        for pred in predictions:
            alive.append(sum(ref() is not None for ref in made))
            made.append(weakref.ref(_Cycle()))
            yield pred

    score(gold, stream(), config=ScoreConfig(bootstrap_samples=0))
    assert alive == [0] * len(predictions)


def test_a_caller_that_froze_objects_keeps_them_frozen(bundled):
    gold, predictions = bundled
    gc.freeze()
    try:
        score(gold, predictions, config=ScoreConfig(bootstrap_samples=0))
        assert gc.get_freeze_count() > 0  # not unfrozen by the scorer (freed objects leave the count)
    finally:
        gc.unfreeze()
