"""Compatibility modes reproduce their anchors: nervaluate itself is the oracle for greedy matching;
TempEval-3 counting is pinned by hand-checked fixtures."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from bench.compat.nervaluate import STRATEGIES, Span, greedy_counts, precision_recall_f1
from bench.compat.tempeval3 import prf, te3_counts
from bench.config import ScoreConfig
from bench.metrics.counts import SpanCounts
from bench.scoring import score
from conftest import perfect_predictions

TAGS = ["PER", "LOC", "ORG"]


def _oracle(gold_docs, pred_docs):
    true = [[{"label": s.type, "start": s.start, "end": s.end - 1} for s in doc] for doc in gold_docs]
    pred = [[{"label": s.type, "start": s.start, "end": s.end - 1} for s in doc] for doc in pred_docs]
    return Evaluator(true, pred, tags=TAGS, loader="dict").evaluate()


def _ours(strategy, gold_docs, pred_docs, tag=None):
    total = SpanCounts()
    for g, p in zip(gold_docs, pred_docs):
        if tag is not None:
            g, p = [s for s in g if s.type == tag], [s for s in p if s.type == tag]
        total = total + greedy_counts(strategy, g, p)
    return total


def _assert_same(result, counts, strategy):
    assert (counts.cor, counts.inc, counts.par, counts.mis, counts.spu) == (
        result.correct, result.incorrect, result.partial, result.missed, result.spurious)
    p, r, f = precision_recall_f1(strategy, counts)
    assert abs(p - result.precision) < 1e-12 and abs(r - result.recall) < 1e-12 and abs(f - result.f1) < 1e-12


def test_readme_prodigy_example() -> None:
    gold = [[Span(2, 5, "PER")], [Span(1, 3, "LOC"), Span(3, 5, "LOC")]]
    results = _oracle(gold, gold)
    for strategy in STRATEGIES:
        _assert_same(results["overall"][strategy], _ours(strategy, gold, gold), strategy)
        assert precision_recall_f1(strategy, _ours(strategy, gold, gold)) == (1.0, 1.0, 1.0)


def test_semeval_scenarios_table() -> None:
    # The six scenarios of nervaluate's README (SemEval-2013 9.1), laid out on character offsets.
    gold = [[Span(0, 7, "BRAND"), Span(20, 28, "DRUG"), Span(30, 41, "DRUG"), Span(50, 59, "DRUG"),
             Span(70, 84, "GROUP")]]
    pred = [[Span(10, 17, "BRAND"), Span(17, 28, "DRUG"), Span(30, 41, "BRAND"), Span(50, 59, "DRUG"),
             Span(65, 84, "DRUG")]]
    true = [[{"label": s.type, "start": s.start, "end": s.end - 1} for s in gold[0]]]
    hyp = [[{"label": s.type, "start": s.start, "end": s.end - 1} for s in pred[0]]]
    results = Evaluator(true, hyp, tags=["BRAND", "DRUG", "GROUP"], loader="dict").evaluate()
    expected = {  # (COR, INC, PAR, MIS, SPU), worked out by hand from the README's scenario table
        "ent_type": (2, 2, 0, 1, 1), "partial": (2, 0, 2, 1, 1), "exact": (2, 2, 0, 1, 1), "strict": (1, 3, 0, 1, 1),
    }
    for strategy in STRATEGIES:
        counts = _ours(strategy, gold, pred)
        assert (counts.cor, counts.inc, counts.par, counts.mis, counts.spu) == expected[strategy]
        _assert_same(results["overall"][strategy], counts, strategy)


spans = st.builds(lambda s, n, t: Span(s, s + n, t), st.integers(0, 40), st.integers(1, 8), st.sampled_from(TAGS))
docs = st.lists(st.lists(spans, max_size=8), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(docs, docs)
def test_greedy_matches_nervaluate_on_random_spans(gold_docs, pred_docs) -> None:
    # Competing overlaps and arbitrary order included: greedy must agree with greedy.
    n = min(len(gold_docs), len(pred_docs))
    gold_docs, pred_docs = gold_docs[:n], pred_docs[:n]
    results = _oracle(gold_docs, pred_docs)
    for strategy in STRATEGIES:
        _assert_same(results["overall"][strategy], _ours(strategy, gold_docs, pred_docs), strategy)
        for tag, by_strategy in results["entities"].items():
            _assert_same(by_strategy[strategy], _ours(strategy, gold_docs, pred_docs, tag), strategy)


def test_greedy_depends_on_order_and_the_default_does_not(corpus) -> None:
    # nervaluate issue #40: the same predictions in another order give another greedy result.
    gold = [Span(0, 10, "PER"), Span(5, 15, "PER")]
    wide, exact = Span(0, 12, "PER"), Span(0, 10, "PER")
    # wide first: it takes gold 0 as INC, and the exact prediction is left with gold 1 (INC)
    assert greedy_counts("exact", gold, [wide, exact]) == SpanCounts(cor=0, inc=2)
    # exact first: COR on gold 0, then wide takes gold 1 as INC
    assert greedy_counts("exact", gold, [exact, wide]) == SpanCounts(cor=1, inc=1)
    config = ScoreConfig(bootstrap_samples=0, compat=("nervaluate",))
    preds = perfect_predictions(corpus)
    report = score(corpus, preds, config=config)
    assert report.compat.nervaluate.strategies["strict"]["ALL"].f1 == 1.0
    shuffled = [p.model_copy(update={"entities": tuple(random.Random(1).sample(p.entities, len(p.entities)))})
                for p in preds]
    assert score(corpus, shuffled, config=config).entities == report.entities


def _t(start, end, type_="DATE", value="2025", mod=None):
    return SimpleNamespace(start=start, end=end, type=type_, value=value, mod=mod)


def test_tempeval3_counts_by_hand() -> None:
    gold = [_t(0, 10, value="2025", mod="END"), _t(20, 25, "DURATION", "P20Y"), _t(40, 45, value="2024-09")]
    system = [_t(0, 10, value="2025"),        # strict match; type and value right, mod wrong
              _t(22, 30, "DURATION", "P2DE"),  # relaxed only; value differs as a string (P2DE vs P20Y)
              _t(23, 24, "DATE", "P20Y"),      # also overlaps gold 2: counts for precision too
              _t(60, 65)]                      # spurious
    c = te3_counts(gold, system)
    assert (c.gold, c.system) == (3, 4)
    assert (c.strict_gold, c.strict_system) == (1, 1)
    assert (c.relaxed_gold, c.relaxed_system) == (2, 3)
    # gold 2's best partner is the longer overlap (22-30): type right, value wrong under TE3 string rules
    assert (c.type_ok, c.value_ok, c.mod_ok) == (2, 1, 1)
    p, r, f = prf(c.relaxed_system, c.system, c.relaxed_gold, c.gold)
    assert (p, r) == (3 / 4, 2 / 3)
    assert abs(f - 2 * (3 / 4) * (2 / 3) / (3 / 4 + 2 / 3)) < 1e-12


def test_tempeval3_mode_in_the_report(corpus) -> None:
    config = ScoreConfig(layers=("timex",), bootstrap_samples=0, compat=("tempeval3",))
    report = score(corpus, perfect_predictions(corpus), config=config)
    te3 = report.compat.tempeval3
    assert te3.relaxed.f1 == 1.0 and te3.strict.f1 == 1.0
    value = {a.attribute: a for a in te3.attributes}["value"]
    assert value.accuracy == 1.0 and value.f1 == 1.0
    assert "compat" in report.model_dump()


# -- conlleval: seqeval (default mode) is the oracle on the very tag sequences we score -------------

def _seqeval_check(gold_corpus, predictions) -> None:
    from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

    from bench.scoring import run_scoring

    config = ScoreConfig(layers=("entities",), bootstrap_samples=0, compat=("conlleval",))
    run = run_scoring(gold_corpus, predictions, config)
    y_true = [s for gold, _ in run.conlleval for s in gold]
    y_pred = [s for _, pred in run.conlleval for s in pred]
    report = score(gold_corpus, predictions, config=config).compat.conlleval
    assert abs(report.overall.precision - precision_score(y_true, y_pred)) < 1e-12
    assert abs(report.overall.recall - recall_score(y_true, y_pred)) < 1e-12
    assert abs(report.overall.f1 - f1_score(y_true, y_pred)) < 1e-12
    per_type = classification_report(y_true, y_pred, output_dict=True, zero_division=0)
    for name, s in report.per_type.items():
        assert abs(s.f1 - per_type[name]["f1-score"]) < 1e-12, name
        assert s.cor + s.mis == per_type[name]["support"], name


def test_conlleval_matches_seqeval_on_perfect_and_noisy_predictions(corpus) -> None:
    preds = perfect_predictions(corpus)
    _seqeval_check(corpus, preds)
    rng = random.Random(7)
    noisy = []
    for p in preds:
        kept = [e for e in p.entities if rng.random() < 0.7]
        shifted = [e.model_copy(update={"type": "ORG"}) for e in p.entities if rng.random() < 0.3]
        noisy.append(p.model_copy(update={"entities": tuple(kept + shifted)}))
    _seqeval_check(corpus, noisy)


def test_conlleval_on_the_real_gold_equals_the_outermost_strict_view() -> None:
    # With well-formed spans on a shared tokenization, chunk matching is exact span-and-type matching
    # of the outermost mentions: the two numbers must coincide.
    from bench.io.gold import load_gold
    from bench.io.predictions import read_predictions

    gold = load_gold()
    preds = read_predictions(Path(__file__).resolve().parents[1] / "examples" / "predictions.jsonl", gold.by_id())
    config = ScoreConfig(layers=("entities",), bootstrap_samples=0, compat=("conlleval",))
    report = score(gold, preds, config=config)
    assert abs(report.compat.conlleval.overall.f1 - report.entities.outermost["strict"].overall.f1) < 1e-12
    _seqeval_check(gold, preds)
