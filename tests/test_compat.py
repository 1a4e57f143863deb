"""Compatibility modes reproduce their anchors: nervaluate itself is the oracle for greedy matching;
TempEval-3 counting reproduces recorded runs of the official toolkit (tests/data/te3_toolkit_cases.json)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from bench.compat.nervaluate import STRATEGIES, Span, greedy_counts, precision_recall_f1
from bench.compat.tempeval3 import TE3Counts, attribute_scores, prf, te3_counts, te3_pairs
from bench.metrics.counts import SpanCounts
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.scoring import score
from conftest import memory_corpus, perfect_predictions

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


# -- TempEval-3: the official toolkit's recorded runs are the oracle ----------------------------------

TE3_CASES = json.loads((Path(__file__).parent / "data" / "te3_toolkit_cases.json").read_text(encoding="utf-8"))


def _te3_items(document: dict, side: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(**item) for item in document[side]]


def _te3_printed(c: TE3Counts) -> dict:
    """Our counts in the toolkit's printed form (percent, rounded to 2 places; accuracy unrounded)."""
    def row(pairs: int) -> dict:
        p, r, f = prf(pairs, c.system, pairs, c.gold)
        return {"f1": round(f * 100, 2), "precision": round(p * 100, 2), "recall": round(r * 100, 2)}

    (type_acc, type_f1), (value_acc, value_f1) = attribute_scores(c.type_ok, c), attribute_scores(c.value_ok, c)
    return {"strict": row(c.strict), "relaxed": row(c.relaxed),
            "attribute_f1": {"value": round(value_f1 * 100, 2), "type": round(type_f1 * 100, 2)},
            "accuracy": {"type": type_acc, "value": value_acc},
            "counts": {"gold": c.gold, "system": c.system, "relaxed": c.relaxed, "type_ok": c.type_ok,
                       "value_ok": c.value_ok}}


def _te3_check(c: TE3Counts, toolkit: dict) -> None:
    ours = _te3_printed(c)
    for key in ("strict", "relaxed", "attribute_f1"):
        assert ours[key] == toolkit[key], key
    counts = dict(toolkit["counts"])
    assert {k: ours["counts"][k] for k in counts} == counts
    for name, accuracy in toolkit.get("attribute_accuracy", {}).items():
        assert ours["accuracy"][name] == pytest.approx(accuracy, abs=5e-12)  # printed with 12 digits


def _te3_case_counts(case: dict, documents: list[dict] | None = None) -> TE3Counts:
    total = TE3Counts()
    for document in case["documents"] if documents is None else documents:
        total = total + te3_counts(_te3_items(document, "gold"), _te3_items(document, "system"))
    return total


@pytest.mark.parametrize("case", TE3_CASES["cases"], ids=lambda case: case["name"])
def test_tempeval3_reproduces_the_toolkit(case: dict) -> None:
    _te3_check(_te3_case_counts(case), case["toolkit"])


def _te3_corpus_and_predictions(documents: list[dict]):
    def located(d: dict, t: dict) -> dict:
        return {key: val for key, val in {**t, "text": d["text"][t["start"]:t["end"]]}.items() if val is not None}

    docs = [{"id": d["id"], "text": d["text"], "dct": d["dct"],
             "annotations": [{"kind": "timex", "id": f"t{n}", **located(d, t)} for n, t in enumerate(d["gold"], 1)]}
            for d in documents]
    preds = [DocumentPrediction.model_validate({"id": d["id"], "timex": [located(d, t) for t in d["system"]]})
             for d in documents]
    return memory_corpus(docs), preds


@pytest.mark.parametrize("case", [c for c in TE3_CASES["cases"] if c.get("score_path", True)],
                         ids=lambda case: case["name"])
def test_tempeval3_reproduces_the_toolkit_through_score(case: dict) -> None:
    corpus, preds = _te3_corpus_and_predictions(case["documents"])
    config = ScoreConfig(layers=("timex",), bootstrap_samples=0, compat=("tempeval3",))
    te3 = score(corpus, preds, config=config).compat.tempeval3
    toolkit = case["toolkit"]
    for name, measure in (("strict", te3.strict), ("relaxed", te3.relaxed)):
        printed = {"f1": measure.f1, "precision": measure.precision, "recall": measure.recall}
        assert {k: round(v * 100, 2) for k, v in printed.items()} == toolkit[name], name
    attributes = {a.attribute: a for a in te3.attributes}
    assert {k: round(attributes[k].f1 * 100, 2) for k in ("value", "type")} == toolkit["attribute_f1"]
    counts = toolkit["counts"]
    assert (te3.relaxed.gold, te3.relaxed.system, te3.relaxed.matched_gold) == (
        counts["gold"], counts["system"], counts["relaxed"])
    for name in ("type", "value"):
        if f"{name}_ok" in counts:
            assert attributes[name].correct == counts[f"{name}_ok"]


@pytest.mark.parametrize("case", [c for c in TE3_CASES["traps"] if "documents_scored_by_toolkit" in c
                                  and "strict" in c["toolkit"]], ids=lambda case: case["name"])
def test_tempeval3_dropped_documents_explain_the_toolkit(case: dict) -> None:
    """The toolkit silently drops a file it cannot normalise (and the files listed after it): our counts over
    the documents it did score give its numbers."""
    kept = [d for d in case["documents"] if d["id"] in case["documents_scored_by_toolkit"]]
    _te3_check(_te3_case_counts(case, kept), case["toolkit"])


def test_tempeval3_one_to_one_pairs() -> None:
    def t(start, end):
        return SimpleNamespace(start=start, end=end, type="DATE", value="2025", mod=None)

    # a system timex spanning two gold timexes pairs with the first only; a later system timex beginning
    # inside the second gold pairs with it
    assert te3_pairs([t(10, 20), t(25, 30)], [t(5, 27), t(28, 29)]) == [(0, 0), (1, 1)]
    # of two system timexes inside one gold timex, the first pairs (not the larger)
    assert te3_pairs([t(0, 20)], [t(0, 3), t(5, 20)]) == [(0, 0)]
    assert te3_counts([], []) == TE3Counts() and prf(0, 0, 0, 0) == (0.0, 0.0, 1.0)


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
    y_true = [s for gold, _ in run.compat["conlleval"] for s in gold]
    y_pred = [s for _, pred in run.compat["conlleval"] for s in pred]
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
