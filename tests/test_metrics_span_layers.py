"""TIMEX3 and numeric layers: strict vs relaxed spans and TempEval-3 field scores."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.metrics.fields import NUMERIC_FIELDS, TIMEX_FIELDS
from bench.metrics.span_layers import match_spans
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import Timex, TimexPrediction
from bench.scoring import score
from conftest import TEXT_A, memory_corpus, numeric, perfect_predictions, span, timex

CFG = ScoreConfig(bootstrap_samples=0)


def located(text: str, sub: str, nth: int = 0, **fields) -> dict:
    start, end = span(text, sub, nth)
    return {"start": start, "end": end, "text": sub, **fields}


def field(layer_report, name: str):
    (found,) = [f for f in layer_report.fields if f.field == name]
    return found


def timex_doc() -> dict:
    a = TEXT_A
    return {"id": "doc-a", "text": a, "annotations": [
        timex(a, "يوم الجمعة", "DATE", "2024-09-27", "t1"),
        timex(a, "نهاية عام 2025", "DATE", "2025", "t2", mod="END"),
        timex(a, "أسبوع", "DURATION", "P1W", "t3"),
    ]}


def timex_preds(p2_value: str = "2025") -> list[DocumentPrediction]:
    a = TEXT_A
    return [DocumentPrediction.model_validate({"id": "doc-a", "timex": [
        located(a, "يوم الجمعة", type="DATE", value="2024-09-27"),       # exact, all fields right
        located(a, "عام 2025", type="DATE", value=p2_value, mod="END"),  # overlaps t2 only
        located(a, "أسبوع", type="DURATION", value="P7D"),               # exact, canonical value equal
        located(a, "بغداد", type="DATE", value="2020"),                  # spurious
    ]})]


def test_strict_vs_relaxed_and_fields() -> None:
    corpus = memory_corpus([timex_doc()])
    report = score(corpus, timex_preds(), config=CFG.model_copy(update={"layers": ("timex",)}))
    t = report.timex
    # by hand: strict pairs p1-t1, p3-t3; relaxed adds p2-t2; p4 overlaps nothing
    assert (t.strict.cor, t.strict.mis, t.strict.spu) == (2, 1, 2)
    assert (t.strict.precision, t.strict.recall) == (pytest.approx(2 / 4), pytest.approx(2 / 3))
    assert (t.relaxed.cor, t.relaxed.mis, t.relaxed.spu) == (3, 0, 1)
    assert t.relaxed.f1 == pytest.approx(2 * 0.75 * 1 / 1.75)
    for name in ("type", "value", "mod"):
        f = field(t, name)
        assert (f.correct, f.matched, f.gold, f.pred) == (3, 3, 3, 4), name
        assert f.accuracy == 1.0
        assert f.f1 == pytest.approx(t.relaxed.f1)


def test_field_f1_is_accuracy_times_relaxed_f1_hand_example() -> None:
    corpus = memory_corpus([timex_doc()])
    report = score(corpus, timex_preds(p2_value="2025-12"), config=CFG.model_copy(update={"layers": ("timex",)}))
    value = field(report.timex, "value")
    assert (value.correct, value.matched, value.gold, value.pred) == (2, 3, 3, 4)
    assert value.accuracy == pytest.approx(2 / 3)
    assert value.precision == pytest.approx(2 / 4)
    assert value.recall == pytest.approx(2 / 3)
    assert value.f1 == pytest.approx(4 / 7)  # 2/3 × 6/7
    assert value.f1 == pytest.approx(value.accuracy * report.timex.relaxed.f1)


@pytest.mark.parametrize(("gold", "pred"), [("P2DE", "P20Y"), ("P1W", "P7D"), ("P1Y", "P12M"),
                                            ("PRESENT_REF", "present_ref")])
def test_equal_canonical_timex_values_compare_equal(gold: str, pred: str) -> None:
    g = Timex(id="t", start=0, end=3, text="abc", type="DURATION", value=gold)
    p = TimexPrediction(start=0, end=3, text="abc", type="DURATION", value=pred.upper())
    (spec,) = [f for f in TIMEX_FIELDS if f.name == "value"]
    assert spec.agrees(g, p)
    p_other = TimexPrediction(start=0, end=3, text="abc", type="DURATION", value="PXY")
    assert not spec.agrees(g, p_other)


def numeric_doc(**overrides) -> dict:
    a = TEXT_A
    fields = dict(value=2500, qualifier="exact", unit="soldier", subject="جندي أمريكي", time="2025",
                  location="العراق", modality="planned")
    fields.update(overrides)
    return {"id": "doc-a", "text": a, "annotations": [numeric(a, "2500 جندي", "n1", **fields)]}


def test_numeric_fields_compared_as_numbers_and_normalised_text() -> None:
    corpus = memory_corpus([numeric_doc()])
    pred = DocumentPrediction.model_validate({"id": "doc-a", "numeric": [located(
        TEXT_A, "2500 جندي", value=2500.0, qualifier="exact", unit="Soldier", subject="جندى امريكي",
        time="2025", location="العراق", modality="planned")]})
    report = score(corpus, [pred], config=CFG.model_copy(update={"layers": ("numeric",)}))
    for f in report.numeric.fields:
        assert (f.correct, f.matched, f.gold, f.pred) == (1, 1, 1, 1), f.field  # source: None == None
    assert report.numeric.strict.f1 == 1.0


def test_numeric_wrong_fields_and_relaxed_span() -> None:
    corpus = memory_corpus([numeric_doc()])
    pred = DocumentPrediction.model_validate({"id": "doc-a", "numeric": [located(
        TEXT_A, "2500", value=2501, qualifier="approximate", unit="soldier", source="السوداني")]})
    report = score(corpus, [pred], config=CFG.model_copy(update={"layers": ("numeric",)}))
    n = report.numeric
    assert (n.strict.cor, n.strict.mis, n.strict.spu) == (0, 1, 1)
    assert (n.relaxed.cor, n.relaxed.mis, n.relaxed.spu) == (1, 0, 0)
    correct = {f.field: f.correct for f in n.fields}
    # unit agrees; a missing subject/time/location/modality is wrong; an extra source is wrong
    assert correct == {"value": 0, "qualifier": 0, "unit": 1, "subject": 0, "time": 0, "location": 0,
                       "source": 0, "modality": 0}


def test_numeric_range_values() -> None:
    corpus = memory_corpus([numeric_doc(value=None, value_min=2000, value_max=3000, qualifier="range")])
    base = located(TEXT_A, "2500 جندي", qualifier="range", unit="soldier")
    right = DocumentPrediction.model_validate({"id": "doc-a", "numeric": [{**base, "value_min": 2000.0,
                                                                           "value_max": 3000}]})
    wrong = DocumentPrediction.model_validate({"id": "doc-a", "numeric": [{**base, "value": 2500}]})
    cfg = CFG.model_copy(update={"layers": ("numeric",)})
    assert field(score(corpus, [right], config=cfg).numeric, "value").correct == 1
    assert field(score(corpus, [wrong], config=cfg).numeric, "value").correct == 0


def test_exact_duplicate_span_prediction_is_spurious() -> None:
    g = [Timex(id="t", start=0, end=3, text="abc", type="DATE", value="2025")]
    p = TimexPrediction(start=0, end=3, text="abc", type="DATE", value="2025")
    match = match_spans(g, [p, p], TIMEX_FIELDS)
    assert len(match.strict_pairs) == len(match.relaxed_pairs) == 1
    assert len(match.spurious) == 1 and match.missed == []


def test_relaxed_prefers_exact_extent() -> None:
    g = [Timex(id="t", start=0, end=6, text="abcdef", type="DATE", value="2025")]
    inner = TimexPrediction(start=1, end=4, text="bcd", type="DATE", value="2025")
    exact = TimexPrediction(start=0, end=6, text="abcdef", type="DATE", value="2024")
    for order in ([inner, exact], [exact, inner]):
        match = match_spans(g, order, TIMEX_FIELDS)
        assert [order[p] for _, p in match.relaxed_pairs] == [exact]


def test_perfect_predictions_with_two_gold_items_on_one_extent() -> None:
    # Two gold TIMEX3 share an extent (different values). Predictions identical to the gold must
    # still score 1.0 in every field, whatever the order of the gold lines.
    a = TEXT_A
    for order in (0, 1):
        anns = [timex(a, "نهاية عام 2025", "DATE", "2025", "t1", mod="END"),
                timex(a, "نهاية عام 2025", "DATE", "2025-12", "t2")]
        if order:
            anns.reverse()
        corpus = memory_corpus([{"id": "d", "text": a, "annotations": anns}])
        report = score(corpus, perfect_predictions(corpus), config=CFG.model_copy(update={"layers": ("timex",)}))
        assert {f.field: f.f1 for f in report.timex.fields} == {"type": 1.0, "value": 1.0, "mod": 1.0}, order


# -- TempEval-3 identity on random data --------------------------------------------------------------

VALUES = ["2025", "2025-09", "P1W", "P7D", "PXY", "PRESENT_REF"]


@st.composite
def timex_case(draw):
    rnd = random.Random(draw(st.integers(0, 10_000)))
    text = "".join(rnd.choice("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ") for _ in range(120))

    def item():
        start = draw(st.integers(0, 100))
        end = start + draw(st.integers(1, 15))
        return {"start": start, "end": end, "text": text[start:end],
                "type": draw(st.sampled_from(["DATE", "DURATION"])), "value": draw(st.sampled_from(VALUES)),
                "mod": draw(st.sampled_from([None, "END", "APPROX"]))}

    gold = [{"kind": "timex", "id": f"t{i}", **{k: v for k, v in item().items() if v is not None}}
            for i in range(draw(st.integers(0, 5)))]
    preds = [{k: v for k, v in item().items() if v is not None} for _ in range(draw(st.integers(0, 6)))]
    return memory_corpus([{"id": "d", "text": text, "annotations": gold}]), \
        [DocumentPrediction.model_validate({"id": "d", "timex": preds})]


@settings(max_examples=150, deadline=None)
@given(timex_case())
def test_field_scores_are_accuracy_times_relaxed(case) -> None:
    corpus, preds = case
    t = score(corpus, preds, config=CFG.model_copy(update={"layers": ("timex",)})).timex
    for f in t.fields:
        assert f.matched == t.relaxed.cor
        assert f.gold == t.relaxed.possible
        assert f.pred == t.relaxed.actual
        if f.accuracy is None:
            continue
        for name in ("precision", "recall", "f1"):
            relaxed = getattr(t.relaxed, name)
            if relaxed is not None:
                assert getattr(f, name) == pytest.approx(f.accuracy * relaxed), (f.field, name)
        assert t.strict.cor <= t.relaxed.cor


def test_numeric_fields_cover_the_schema() -> None:
    assert [f.name for f in NUMERIC_FIELDS] == ["value", "qualifier", "unit", "subject", "time", "location",
                                                "source", "modality"]
