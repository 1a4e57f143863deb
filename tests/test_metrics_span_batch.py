"""The batch (array) path pairs TIMEX3 expressions and numeric claims exactly as the per-document
path does (:func:`match_spans`), compares their fields alike, and a run counts per sentence unit what
the per-document counting counted, a float credit's digits included."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.matching.names import token_f1
from bench.matching.placement import Placer
from bench.metrics.counts import FieldCounts, SpanCounts
from bench.metrics.fields import DISAGREE, LAYER_FIELDS, NUMERIC_FIELDS, TIMEX_FIELDS
from bench.metrics.layout import LayerInput
from bench.metrics.span_batch import SpanBatch
from bench.metrics.span_layers import match_spans
from bench.metrics.tally import Tally, column_index
from bench.schema.config import ScoreConfig
from bench.schema.numeric import NumericClaim, NumericPrediction
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import Timex, TimexPrediction
from bench.scoring.run import run_scoring
from bench.text.segments import sentence_starts, unit_of
from conftest import memory_corpus

ALPHABET = "ابت جند. "
VALUES = ("2025", "2025-09", "P1W", "P7D")
UNITS = ("soldier", "soldiers", "US soldier", "base")
SUBJECTS = (None, "القوات", "القوات الأمريكية", "التحالف")


def _texts():
    return st.text(alphabet=ALPHABET, min_size=6, max_size=28).filter(lambda t: t.strip(" .") != "")


def _extent(n: int):
    return st.integers(0, n - 1).flatmap(lambda s: st.integers(s + 1, min(n, s + 5)).map(lambda e: (s, e)))


def _timex_fields():
    return st.fixed_dictionaries({"type": st.sampled_from(("DATE", "DURATION")), "value": st.sampled_from(VALUES),
                                  "mod": st.sampled_from((None, "END"))})


def _numeric_fields():
    return st.fixed_dictionaries({"value": st.sampled_from((2500, 2500.0, 86)), "qualifier": st.just("exact"),
                                  "unit": st.sampled_from(UNITS), "subject": st.sampled_from(SUBJECTS),
                                  "modality": st.sampled_from(("asserted", "reported"))})


@st.composite
def documents(draw, layer: str):
    text = draw(_texts())
    fields = _timex_fields() if layer == "timex" else _numeric_fields()
    gold = draw(st.lists(st.tuples(_extent(len(text)), fields), max_size=6))
    pred = draw(st.lists(st.tuples(_extent(len(text)), fields), max_size=8))
    # Some predictions come without offsets: placed from their text, or (text absent) unplaced.
    loose = draw(st.lists(st.tuples(st.sampled_from(("ب", "جند", "ززز")), fields), max_size=2))
    return text, gold, pred, loose


def _gold_items(layer: str, text: str, gold: list) -> list[dict[str, Any]]:
    return [{"kind": layer, "id": f"{layer[0]}{i}", "start": s, "end": e, "text": text[s:e], **fields}
            for i, ((s, e), fields) in enumerate(gold)]


def _case(layer: str, docs: list) -> tuple:
    corpus = memory_corpus([{"id": f"d{k}", "text": text, "annotations": _gold_items(layer, text, gold)}
                            for k, (text, gold, _, _) in enumerate(docs)])
    preds = [DocumentPrediction.model_validate({"id": f"d{k}", layer: [
        *({"start": s, "end": e, "text": text[s:e], **fields} for (s, e), fields in pred),
        *({"text": loose_text, **fields} for loose_text, fields in loose)]})
        for k, (text, _, pred, loose) in enumerate(docs)]
    return corpus, preds


# -- pairs -----------------------------------------------------------------------------------------

def _inputs(layer: str, corpus, preds) -> list[LayerInput]:
    inputs, base = [], 0
    for doc, pred in zip(corpus.documents, preds):
        placed = [p for p in getattr(pred, layer) if p.start is not None]
        unplaced = [p for p in getattr(pred, layer) if p.start is None]
        inputs.append(LayerInput(doc.text, base, sentence_starts(doc.text), getattr(doc, layer), placed, unplaced))
        base += len(sentence_starts(doc.text))
    return inputs


@settings(max_examples=300, deadline=None)
@given(layer=st.sampled_from(("timex", "numeric")), data=st.data())
def test_batch_pairs_equal_the_per_document_path(layer, data):
    docs = data.draw(st.lists(documents(layer), min_size=1, max_size=3))
    corpus, preds = _case(layer, docs)
    inputs = _inputs(layer, corpus, preds)
    fields = LAYER_FIELDS[layer]
    batch = SpanBatch(inputs, fields)
    pairs = batch.pairs()
    agreements = batch.agreements(pairs, corpus.names())

    def local(gold, pred, k):
        return [(int(batch.g_local[g]), int(batch.p_local[p])) for g, p in zip(gold.tolist(), pred.tolist())
                if batch.g_doc[g] == k]

    found_agreements = iter(agreements)
    for k, doc in enumerate(inputs):
        match = match_spans(doc.gold, doc.pred, fields)
        assert local(pairs.strict_gold, pairs.strict_pred, k) == match.strict_pairs
        assert local(pairs.relaxed_gold, pairs.relaxed_pred, k) == match.relaxed_pairs
        missed = pairs.missed(len(batch.gold))
        assert batch.g_local[missed[batch.g_doc[missed] == k]].tolist() == match.missed
        spurious = pairs.spurious(len(batch.pred))
        assert batch.p_local[spurious[batch.p_doc[spurious] == k]].tolist() == sorted(match.spurious)
        conflicted = pairs.conflicted[batch.p_doc == k]
        assert set(batch.p_local[batch.p_doc == k][conflicted].tolist()) == set(match.conflicted)
        for g, p in match.relaxed_pairs:
            expected = tuple(DISAGREE if p in match.conflicted else spec.compare(doc.gold[g], doc.pred[p],
                                                                                 corpus.names())
                             for spec in fields)
            assert next(found_agreements) == expected
    assert next(found_agreements, None) is None


def test_values_equal_as_numbers_share_one_comparison():
    gold = [NumericClaim(id="n", start=0, end=4, text="2500", value=2500, qualifier="exact", unit="soldier",
                         modality="asserted")]
    pred = [NumericPrediction(start=0, end=4, text="2500", value=2500.0, unit="Soldier")]
    batch = SpanBatch([LayerInput("2500", 0, [0], gold, pred, [])], NUMERIC_FIELDS)
    (found,) = batch.agreements(batch.pairs(), None)
    assert found[0].exact and found[2].exact  # 2500 == 2500.0; unit compared after case folding


def test_several_values_on_one_extent_agree_on_nothing():
    gold = [Timex(id="t", start=0, end=4, text="2025", type="DATE", value="2025")]
    pred = [TimexPrediction(start=0, end=4, text="2025", type="DATE", value=v) for v in ("2025", "2024")]
    batch = SpanBatch([LayerInput("2025", 0, [0], gold, pred, [])], TIMEX_FIELDS)
    pairs = batch.pairs()
    # The first in content order ('2024') takes the pair, the right value or not; the other is surplus.
    assert pairs.relaxed_pred.tolist() == [1] and pairs.conflicted.tolist() == [False, True]
    assert batch.agreements(pairs, None) == [(DISAGREE,) * 3]


# -- counts ----------------------------------------------------------------------------------------

def _reference(layer: str, corpus, preds) -> tuple[Tally, Counter]:
    """The per-document counting the batch replaced, written out with :func:`match_spans`: one
    document at a time, each count added in place per unit (credit in the relaxed pairs' order)."""
    tally, errors = Tally(), Counter()
    fields = LAYER_FIELDS[layer]
    names = corpus.names()
    base = 0
    for doc, pred in zip(corpus.documents, preds):
        starts = sentence_starts(doc.text)
        given = getattr(pred, layer)
        placement = Placer(doc.text).place(given)
        resolved, unplaced = [], []
        for i, item in enumerate(given):
            if item.start is not None:
                resolved.append(item)
            elif i in placement.placed:
                s, e = placement.placed[i]
                resolved.append(item.model_copy(update={"start": s, "end": e, "text": doc.text[s:e]}))
            else:
                unplaced.append(item)
        gold = getattr(doc, layer)
        match = match_spans(gold, resolved, fields)
        g_units = [base + unit_of(starts, item.start) for item in gold]
        p_units = [base + unit_of(starts, item.start) for item in resolved]
        for mode, pairs in (("strict", match.strict_pairs), ("relaxed", match.relaxed_pairs)):
            key = (layer, mode)
            tally.ensure(key, SpanCounts)
            hit_g, hit_p = {g for g, _ in pairs}, {p for _, p in pairs}
            for g, _ in pairs:
                tally.add(key, SpanCounts, g_units[g], "cor")
            for g, unit in enumerate(g_units):
                if g not in hit_g:
                    tally.add(key, SpanCounts, unit, "mis")
            for p, unit in enumerate(p_units):
                if p not in hit_p:
                    tally.add(key, SpanCounts, unit, "spu")
            tally.add(key, SpanCounts, base, "spu", len(unplaced))
        found = {(g, p): [DISAGREE if p in match.conflicted else spec.compare(gold[g], resolved[p], names)
                          for spec in fields] for g, p in match.relaxed_pairs}
        for index, spec in enumerate(fields):
            key = (layer, "field", spec.name)
            tally.ensure(key, FieldCounts)
            for (g, _), agreement in found.items():
                row = tally.row(key, FieldCounts, g_units[g])
                row[column_index(FieldCounts, "matched")] += 1
                row[column_index(FieldCounts, "correct")] += agreement[index].exact
                if agreement[index].credit:
                    row[column_index(FieldCounts, "credit")] += agreement[index].credit
            for unit in g_units:
                tally.add(key, FieldCounts, unit, "gold")
            for unit in p_units:
                tally.add(key, FieldCounts, unit, "pred")
            tally.add(key, FieldCounts, base, "pred", len(unplaced))
        for (g, p), agreement in found.items():
            wrong = tuple(spec.name for spec, a in zip(fields, agreement) if not a.exact)
            exact = (gold[g].start, gold[g].end) == (resolved[p].start, resolved[p].end)
            category = "boundary" if not exact else "fields" if wrong else "correct"
            errors[(doc.id, category, wrong, gold[g].id, resolved[p].start, resolved[p].end)] += 1
        for g in match.missed:
            errors[(doc.id, "missed", (), gold[g].id, None, None)] += 1
        for item in [resolved[p] for p in match.spurious] + unplaced:
            errors[(doc.id, "spurious", (), None, item.start, item.end)] += 1
        base += len(starts)
    return tally, errors


def _exact(counts) -> tuple:
    return tuple(repr(float(v)) for v in vars(counts).values())


@settings(max_examples=200, deadline=None)
@given(layer=st.sampled_from(("timex", "numeric")), data=st.data())
def test_a_run_counts_what_the_per_document_path_counts(layer, data):
    docs = data.draw(st.lists(documents(layer), min_size=1, max_size=3))
    corpus, preds = _case(layer, docs)
    run = run_scoring(corpus, preds, ScoreConfig(layers=(layer,), bootstrap_samples=0))
    expected, expected_errors = _reference(layer, corpus, preds)
    assert run.tally.keys(layer) == expected.keys(layer)
    for key in expected.keys(layer):
        assert _exact(run.tally.total(key)) == _exact(expected.total(key)), key
        for unit in range(run.n_units):
            assert _exact(run.tally.total(key, range(unit, unit + 1))) == _exact(
                expected.total(key, range(unit, unit + 1))), (key, unit)
    errors = Counter((r.doc_id, r.category, r.wrong, None if r.gold is None else r.gold.id,
                      r.pred.start, r.pred.end) if r.pred is not None else
                     (r.doc_id, r.category, r.wrong, r.gold.id, None, None) for r in run.errors.records)
    assert errors == expected_errors


def test_partial_credit_is_summed_in_the_order_of_the_pairs():
    # Free-text credit is a float sum: its digits depend on the order it is added in. A run adds it
    # per unit in the order of the gold items, as the per-document path did (reports stay identical).
    subject = "قوات التحالف الدولي في العراق وسوريا والكويت"
    words = subject.split()
    given = [" ".join(words[:k]) for k in range(1, 7)] + ["قوات أجنبية", "التحالف الدولي ضد داعش"]
    text = " ".join(str(10 + i) for i in range(len(given)))
    claims = [{"kind": "numeric", "id": f"n{i}", "start": 3 * i, "end": 3 * i + 2, "text": text[3 * i:3 * i + 2],
               "value": 10 + i, "qualifier": "exact", "unit": "soldier", "subject": subject, "modality": "asserted"}
              for i in range(len(given))]
    corpus = memory_corpus([{"id": "d", "text": text, "annotations": claims}])
    preds = [DocumentPrediction.model_validate({"id": "d", "numeric": [
        {"start": c["start"], "end": c["end"], "text": c["text"], "subject": s} for c, s in zip(claims, given)]})]
    run = run_scoring(corpus, preds, ScoreConfig(layers=("numeric",), bootstrap_samples=0))
    credits = [token_f1(subject, s) for s in given]
    forward = backward = 0.0
    for a, b in zip(credits, reversed(credits)):
        forward, backward = forward + a, backward + b
    assert forward != backward  # the case tells the two orders apart
    assert run.tally.total(("numeric", "field", "subject")).credit == forward
