"""Properties of the full scorer (bench.scoring.score, no bootstrap) on random small corpora."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.metrics.counts import FieldCounts, SpanCounts
from bench.report.render import to_json
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.scoring import score
from conftest import empty_predictions, memory_corpus, perfect_predictions

CFG = ScoreConfig(bootstrap_samples=0)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["قال", "العراق", "بغداد", "الحكومة", "جندي", "2500", "عام", "نهاية", "يوم", "الجمعة", "٣٠٠", "وزارة"]
ENTITY_TYPES = ["PERS", "ORG", "GPE", "NORP"]
TIMEX_VALUES = ["2025", "2024-09-27", "P1W", "P7D", "P2DE", "PRESENT_REF", "PXY"]
UNITS = ["soldier", "case", "Soldier", None]


@st.composite
def text_st(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=6, max_size=24))
    out = words[0]
    for w in words[1:]:
        out += draw(st.sampled_from([" ", " ", " ", ". ", "\n"])) + w
    return out


@st.composite
def extent(draw, text: str) -> tuple[int, int]:
    """A span that starts and ends on a non-space character, as annotations do."""
    solid = [i for i, ch in enumerate(text) if not ch.isspace()]
    start = draw(st.sampled_from(solid))
    end = draw(st.sampled_from([i + 1 for i in solid if start <= i < start + 20]))
    return start, end


def _unique(items, key):
    seen, out = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


@st.composite
def gold_doc(draw, doc_id: str) -> dict:
    text = draw(text_st())
    anns = []
    ents = _unique(draw(st.lists(st.tuples(extent(text), st.sampled_from(ENTITY_TYPES)), min_size=1, max_size=6)),
                   lambda t: t)
    for i, ((s, e), kind) in enumerate(ents):
        anns.append({"kind": "entity", "id": f"{doc_id}-e{i}", "start": s, "end": e, "text": text[s:e], "type": kind})
    # TIMEX3 and numeric gold get distinct extents: two gold items on one extent are a separate case
    # (tests/test_spans.py::test_perfect_predictions_with_two_gold_items_on_one_extent)
    for i, (s, e) in enumerate(_unique(draw(st.lists(extent(text), min_size=1, max_size=4)), lambda t: t)):
        mod = draw(st.sampled_from([None, "END", "APPROX"]))
        anns.append({"kind": "timex", "id": f"{doc_id}-t{i}", "start": s, "end": e, "text": text[s:e],
                     "type": draw(st.sampled_from(["DATE", "DURATION"])), "value": draw(st.sampled_from(TIMEX_VALUES)),
                     **({"mod": mod} if mod else {})})
    for i, (s, e) in enumerate(_unique(draw(st.lists(extent(text), min_size=1, max_size=3)), lambda t: t)):
        if draw(st.booleans()):
            amount = {"value": draw(st.sampled_from([2500, 300, 1.5])), "qualifier": "exact"}
        else:
            amount = {"value_min": 10, "value_max": 20, "qualifier": "range"}
        anns.append({"kind": "numeric", "id": f"{doc_id}-n{i}", "start": s, "end": e, "text": text[s:e], **amount,
                     "unit": draw(st.sampled_from(["soldier", "case"])), "modality": "asserted",
                     "subject": draw(st.sampled_from(["جندي", None])) or None})
    for ann in anns:
        if ann.get("subject", 1) is None:
            del ann["subject"]
    return {"id": doc_id, "text": text, "annotations": anns}


def _pred_item(draw, text: str, gold_layer: list, layer: str) -> dict:
    """A prediction: a (perturbed) copy of a gold item, or a random extent."""
    if gold_layer and draw(st.booleans()):
        base = dict(draw(st.sampled_from(gold_layer)))
        base.pop("id"), base.pop("kind")
        how = draw(st.sampled_from(["copy", "shift", "relabel"]))
        s, e = base["start"], base["end"]
        if how == "shift":
            s = min(len(text) - 1, max(0, s + draw(st.integers(-2, 2))))
            e = min(len(text), max(s + 1, e + draw(st.integers(-2, 2))))
        base.update(start=s, end=e, text=text[s:e])
        if how == "relabel":
            if layer == "entities":
                base["type"] = draw(st.sampled_from(ENTITY_TYPES))
            elif layer == "timex":
                base["value"] = draw(st.sampled_from(TIMEX_VALUES))
            else:
                base["unit"] = draw(st.sampled_from(UNITS))
                if base["unit"] is None:
                    del base["unit"]
        base.pop("canonical", None)
        return base
    s, e = draw(extent(text))
    item = {"start": s, "end": e, "text": text[s:e]}
    if layer == "entities":
        item["type"] = draw(st.sampled_from(ENTITY_TYPES))
    elif layer == "timex":
        item.update(type=draw(st.sampled_from(["DATE", "DURATION"])), value=draw(st.sampled_from(TIMEX_VALUES)))
    else:
        item.update(value=draw(st.sampled_from([2500, 300, 2500.0])), unit="soldier")
    return item


LAYER_KIND = {"entities": "entity", "timex": "timex", "numeric": "numeric"}


@st.composite
def scenario(draw, strings: bool = False):
    """(gold spec, prediction dicts) for one or two documents."""
    n = draw(st.integers(1, 2))
    specs = [draw(gold_doc(f"doc-{i}")) for i in range(n)]
    lines = []
    for spec in specs:
        line = {"id": spec["id"]}
        for layer, kind in LAYER_KIND.items():
            gold_layer = [a for a in spec["annotations"] if a["kind"] == kind]
            items = [_pred_item(draw, spec["text"], gold_layer, layer) for _ in range(draw(st.integers(0, 6)))]
            if strings:
                for item in items:
                    if item["text"].strip() and draw(st.booleans()):
                        del item["start"], item["end"]
            line[layer] = items
        lines.append(line)
    return specs, lines


def build(specs, lines):
    return memory_corpus(specs), [DocumentPrediction.model_validate(line) for line in lines]


def all_scores(report) -> dict[tuple, float | None]:
    """Every P/R/F1 (and accuracy, macro F1, per-document F1) in a report, keyed by where it is."""
    out: dict[tuple, float | None] = {}

    def span(key, s):
        for name in ("precision", "recall", "f1"):
            out[(*key, name)] = getattr(s, name)

    for view in ("nested", "outermost"):
        for scheme, s in getattr(report.entities, view).items():
            span(("entities", view, scheme, "ALL"), s.overall)
            span(("entities", view, scheme, "micro"), s.micro)
            out[("entities", view, scheme, "macro", "f1")] = s.macro_f1
            for kind, t in s.per_type.items():
                span(("entities", view, scheme, kind), t)
    for layer in ("timex", "numeric"):
        part = getattr(report, layer)
        span((layer, "strict"), part.strict)
        span((layer, "relaxed"), part.relaxed)
        for f in part.fields:
            span((layer, "field", f.field), f)
    for d in report.per_document:
        for name in ("entities_f1", "timex_f1", "numeric_f1"):
            out[("doc", d.doc_id, name)] = getattr(d, name)
    return out


def raised(after: dict, before: dict, names: tuple[str, ...] = ("precision", "recall", "f1")) -> list:
    return [(k, before.get(k), v) for k, v in after.items()
            if k[-1] in names and v is not None and before.get(k) is not None and v > before[k] + 1e-12]


# -- perfect and empty predictions ----------------------------------------------------------------------

@SETTINGS
@given(st.integers(1, 2).flatmap(lambda n: st.tuples(*[gold_doc(f"doc-{i}") for i in range(n)])))
def test_perfect_predictions_score_one_everywhere(specs) -> None:
    # With offsets only: a string without offsets does not say which occurrence it means, and is
    # placed from the text alone (tests/test_alignment.py), so it is perfect only where every
    # occurrence of the string is annotated alike.
    corpus = memory_corpus(specs)
    report = score(corpus, perfect_predictions(corpus, offsets=True), config=CFG)
    scores = all_scores(report)
    assert scores
    wrong = {k: v for k, v in scores.items() if v is not None and v != 1.0}
    assert not wrong
    # every cell has gold, so none is undefined
    assert all(v is not None for k, v in scores.items() if k[0] != "doc")


@SETTINGS
@given(st.integers(1, 2).flatmap(lambda n: st.tuples(*[gold_doc(f"doc-{i}") for i in range(n)])))
def test_empty_predictions_have_zero_recall(specs) -> None:
    corpus = memory_corpus(specs)
    report = score(corpus, empty_predictions(corpus), config=CFG)
    scores = all_scores(report)
    recalls = {k: v for k, v in scores.items() if k[-1] == "recall"}
    assert recalls and all(v == 0.0 for v in recalls.values()), recalls
    assert all(v is None for k, v in scores.items() if k[-1] == "precision")
    assert report.alignment.mode == "empty"


# -- monotonicity ------------------------------------------------------------------------------------

@SETTINGS
@given(scenario(), st.data())
def test_duplicating_a_prediction_never_raises_a_score(case, data) -> None:
    specs, lines = case
    candidates = [(i, layer, j) for i, line in enumerate(lines) for layer in LAYER_KIND
                  for j in range(len(line[layer]))]
    assume(candidates)
    i, layer, j = data.draw(st.sampled_from(candidates))
    more = json.loads(json.dumps(lines))
    more[i][layer].insert(data.draw(st.integers(0, len(more[i][layer]))), dict(lines[i][layer][j]))
    before = all_scores(score(*build(specs, lines), config=CFG))
    after = all_scores(score(*build(specs, more), config=CFG))
    assert not raised(after, before)


@SETTINGS
@given(scenario(), st.data())
def test_prediction_overlapping_no_gold_never_raises_precision(case, data) -> None:
    specs, lines = case
    i = data.draw(st.integers(0, len(lines) - 1))
    layer = data.draw(st.sampled_from(list(LAYER_KIND)))
    text = specs[i]["text"]
    gold = [a for a in specs[i]["annotations"] if a["kind"] == LAYER_KIND[layer]]
    free = [k for k in range(len(text)) if not any(g["start"] <= k < g["end"] for g in gold)]
    assume(free)
    s = data.draw(st.sampled_from(free))
    e = s + 1
    while e < len(text) and e in free and e - s < data.draw(st.integers(1, 8)):
        e += 1
    extra = {"start": s, "end": e, "text": text[s:e]}
    extra.update({"entities": {"type": "GPE"}, "timex": {"type": "DATE", "value": "2025"},
                  "numeric": {"value": 1}}[layer])
    more = json.loads(json.dumps(lines))
    more[i][layer].append(extra)
    before = all_scores(score(*build(specs, lines), config=CFG))
    after = all_scores(score(*build(specs, more), config=CFG))
    # The outermost entity view is left out on purpose: a new outer span that covers several spurious
    # predictions replaces them all, which can legitimately raise that view's precision.
    after = {k: v for k, v in after.items() if not (k[0] == "entities" and k[1] == "outermost")}
    assert not raised(after, before, names=("precision",))


@SETTINGS
@given(scenario(), st.data())
def test_alternatives_on_a_predicted_extent_never_raise_a_field_score_or_a_precision(case, data) -> None:
    # Hedging: more predictions on an extent that already has one, with other types or field values.
    # Never a gain where the gold has at most one item on that extent (two gold items on one extent
    # may rightly be found by two predictions there).
    specs, lines = case
    candidates = [(i, layer, j) for i, line in enumerate(lines) for layer in LAYER_KIND
                  for j, item in enumerate(line[layer]) if "start" in item]
    assume(candidates)
    i, layer, j = data.draw(st.sampled_from(candidates))
    base = lines[i][layer][j]
    at_extent = [a for a in specs[i]["annotations"] if a["kind"] == LAYER_KIND[layer]
                 and (a["start"], a["end"]) == (base["start"], base["end"])]
    assume(len(at_extent) <= 1)
    more = json.loads(json.dumps(lines))
    for _ in range(data.draw(st.integers(1, 3))):
        extra = dict(base)
        if layer == "entities":
            extra["type"] = data.draw(st.sampled_from(ENTITY_TYPES))
        elif layer == "timex":
            extra.update(type=data.draw(st.sampled_from(["DATE", "DURATION"])),
                         value=data.draw(st.sampled_from(TIMEX_VALUES)))
        else:
            extra.update(value=data.draw(st.sampled_from([2500, 300, 1.5])),
                         unit=data.draw(st.sampled_from(["soldier", "case"])))
        more[i][layer].append(extra)
    before = all_scores(score(*build(specs, lines), config=CFG))
    after = all_scores(score(*build(specs, more), config=CFG))
    fields = {k: v for k, v in after.items() if k[1] == "field"}
    assert not raised(fields, before)
    precision = {k: v for k, v in after.items() if not (k[0] == "entities" and k[1] == "outermost")}
    assert not raised(precision, before, names=("precision",))


# -- order independence ------------------------------------------------------------------------------

@SETTINGS
@given(scenario(strings=True), st.randoms(use_true_random=False))
def test_shuffling_predictions_within_documents_keeps_the_json_report(case, rnd) -> None:
    specs, lines = case
    shuffled = json.loads(json.dumps(lines))
    for line in shuffled:
        for layer in LAYER_KIND:
            rnd.shuffle(line[layer])
    a = to_json(score(*build(specs, lines), config=CFG))
    b = to_json(score(*build(specs, shuffled), config=CFG))
    assert a == b


@SETTINGS
@given(scenario(strings=True))
def test_order_of_document_lines_keeps_the_json_report(case) -> None:
    specs, lines = case
    assume(len(lines) > 1)
    a = to_json(score(*build(specs, lines), config=CFG))
    b = to_json(score(*build(specs, lines[::-1]), config=CFG))
    assert a == b


@SETTINGS
@given(scenario(strings=True), st.randoms(use_true_random=False))
def test_shuffling_predictions_keeps_every_number(case, rnd) -> None:
    # The scores themselves (everything but the list of error items) must not depend on order.
    specs, lines = case
    shuffled = json.loads(json.dumps(lines))[::-1]
    for line in shuffled:
        for layer in LAYER_KIND:
            rnd.shuffle(line[layer])
    a = score(*build(specs, lines), config=CFG)
    b = score(*build(specs, shuffled), config=CFG)
    assert to_json(a.model_copy(update={"errors": ()})) == to_json(b.model_copy(update={"errors": ()}))
    assert sorted(e.model_dump_json() for e in a.errors) == sorted(e.model_dump_json() for e in b.errors)


# -- counts ------------------------------------------------------------------------------------------

span_counts = st.builds(SpanCounts, *[st.integers(0, 50)] * 5)
field_counts = st.builds(FieldCounts, *[st.integers(0, 50)] * 4)


@given(span_counts, span_counts, span_counts)
def test_span_counts_addition_is_associative(a, b, c) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + SpanCounts() == a
    assert (a + b).as_tuple() == tuple(x + y for x, y in zip(a.as_tuple(), b.as_tuple()))


@given(field_counts, field_counts, field_counts)
def test_field_counts_addition_is_associative(a, b, c) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + FieldCounts() == a


@given(span_counts)
def test_span_count_ratios(c) -> None:
    hit = c.cor + 0.5 * c.par
    assert c.possible == c.cor + c.inc + c.par + c.mis
    assert c.actual == c.cor + c.inc + c.par + c.spu
    if c.actual:
        assert c.precision == pytest.approx(hit / c.actual)
    else:
        assert c.precision is None
    if c.possible:
        assert c.recall == pytest.approx(hit / c.possible)
    if c.precision is not None and c.recall is not None and c.precision + c.recall > 0:
        assert c.f1 == pytest.approx(2 * c.precision * c.recall / (c.precision + c.recall))


# -- the same, on minimal hand-made inputs (one mechanism each) -----------------------------------------

def test_order_of_unplaced_predictions_keeps_the_json_report(corpus) -> None:
    # two string-only predictions whose strings do not occur in the text (both unplaced, spurious)
    absent = [{"text": "البصرة", "type": "GPE"}, {"text": "الموصل", "type": "GPE"}]
    a = [DocumentPrediction.model_validate({"id": "doc-a", "entities": absent}), DocumentPrediction(id="doc-b")]
    b = [DocumentPrediction.model_validate({"id": "doc-a", "entities": absent[::-1]}), DocumentPrediction(id="doc-b")]
    assert to_json(score(corpus, a, config=CFG)) == to_json(score(corpus, b, config=CFG))


def test_order_of_document_lines_keeps_the_json_report_fixture(corpus) -> None:
    preds = perfect_predictions(corpus)
    assert to_json(score(corpus, preds, config=CFG)) == to_json(score(corpus, preds[::-1], config=CFG))


def test_placement_of_equal_strings_does_not_depend_on_order() -> None:
    # «قال» occurs twice; the gold TIMEX3 is the first. Two string-only predictions of «قال» differ
    # only in value: which one is placed on the gold must not depend on their order.
    text = "قال قال"
    corpus = memory_corpus([{"id": "d", "text": text, "annotations": [
        {"kind": "timex", "id": "t1", "start": 0, "end": 3, "text": "قال", "type": "DATE", "value": "2025"}]}])
    right = {"text": "قال", "type": "DATE", "value": "2025"}
    wrong = {"text": "قال", "type": "DATE", "value": "2024"}
    cfg = CFG.model_copy(update={"layers": ("timex",)})
    values = []
    for order in ([right, wrong], [wrong, right]):
        report = score(corpus, [DocumentPrediction.model_validate({"id": "d", "timex": order})], config=cfg)
        values.append({f.field: f.correct for f in report.timex.fields}["value"])
    assert values[0] == values[1]
