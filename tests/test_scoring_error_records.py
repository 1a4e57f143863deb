"""Error items kept as compact records (bench.scoring.error_records) and read through
bench.schema.results.ErrorItems exactly as the tuple of ErrorItem models they stand for."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from bench.io.gold import load_gold
from bench.io.predictions import iter_predictions
from bench.matching.placement import Placer
from bench.matching.spans import Mention
from bench.metrics.entities import outcomes
from bench.schema.config import ScoreConfig
from bench.schema.results import Annotation, ErrorItem, ErrorItems, Report
from bench.scoring import run_scoring, score
from bench.scoring.error_records import EntityColumns
from conftest import write_lines
from test_scoring_properties import build, scenario

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    # The rule baseline on the real gold (every layer, most categories), with a second type offered
    # on a few of its extents: items that tie on position, and wrong types.
    gold = load_gold(REPO / "annotations")
    lines = [json.loads(line) for line in (REPO / "results" / "blind.jsonl").read_text(encoding="utf-8").splitlines()]
    for line in lines:
        for entity in line["entities"][:3]:
            line["entities"].append({**entity, "type": "LAW" if entity["type"] != "LAW" else "ORG"})
    path = write_lines(tmp_path_factory.mktemp("errors") / "blind-hedged.jsonl", lines)
    return score(gold, iter_predictions(path, gold.by_id()), config=ScoreConfig(bootstrap_samples=0))


def test_the_report_has_every_kind_of_item(report) -> None:
    assert isinstance(report.errors, ErrorItems)
    assert {e.layer for e in report.errors} == {"entities", "timex", "numeric"}
    assert {e.category for e in report.errors} >= {"correct", "type", "boundary", "fields", "missed", "spurious"}


def test_items_read_as_a_tuple_of_their_models(report) -> None:
    items = tuple(report.errors)
    assert all(isinstance(e, ErrorItem) for e in items)
    assert len(report.errors) == len(items) and tuple(report.errors) == items  # built alike each time
    assert report.errors[0] == items[0] and report.errors[-1] == items[-1]
    assert report.errors[3:9] == items[3:9] and isinstance(report.errors[3:9], ErrorItems)
    assert report.errors == items and report.errors == list(items) and report.errors == ErrorItems(items)
    assert report.errors != items[:-1] and report.errors != items[::-1]
    assert ErrorItems() == () and len(ErrorItems()) == 0


def test_order_is_position_then_content(report) -> None:
    # The order the report promises: document, layer, position, then the item's JSON.
    documents = [d.id for d in load_gold(REPO / "annotations").documents]
    layers = ["entities", "timex", "numeric"]

    def key(e: ErrorItem) -> tuple:
        side = e.gold or e.pred
        return (documents.index(e.doc_id), layers.index(e.layer), -1 if side.start is None else side.start,
                -1 if side.end is None else side.end, e.model_dump_json())

    items = list(report.errors)
    assert items == sorted(items, key=key)
    assert any(key(a)[:4] == key(b)[:4] for a, b in zip(items, items[1:]))  # ties were there to break


class _Eager(BaseModel):
    errors: tuple[ErrorItem, ...]


def test_dumps_validates_and_describes_itself_as_the_tuple(report) -> None:
    eager = _Eager(errors=tuple(report.errors))
    assert report.model_dump(mode="json")["errors"] == eager.model_dump(mode="json")["errors"]
    assert report.model_dump()["errors"] == eager.model_dump()["errors"]
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report and isinstance(again.errors, ErrorItems)
    assert Report.model_validate(report.model_dump()) == report
    assert Report.model_validate(report.model_dump(mode="json")).errors == report.errors
    ours = Report.model_json_schema()
    assert ours["properties"]["errors"] == _Eager.model_json_schema()["properties"]["errors"]
    assert ours["$defs"]["ErrorItem"] == _Eager.model_json_schema()["$defs"]["ErrorItem"]


def test_bad_items_are_refused_as_before() -> None:
    with pytest.raises(ValueError, match="errors"):
        Report.model_validate_json('{"errors": [{"layer": 1}]}')


def test_copies_and_pickles(report) -> None:
    assert copy.deepcopy(report) == report
    assert pickle.loads(pickle.dumps(report)) == report


def _entity_items(doc, pred) -> list[ErrorItem]:
    """A document's entity error items written out with the per-span functions: predictions placed
    from their strings, the strict scheme's outcomes (nested view), one item per outcome."""
    preds = list(pred.entities)
    placed = Placer(doc.text).place(preds).placed
    resolved, unplaced = [], []
    for i, p in enumerate(preds):
        if p.start is not None:
            resolved.append((p.start, p.end, p.type, p.canonical))
        elif i in placed:
            resolved.append((*placed[i], p.type, p.canonical))
        else:
            unplaced.append(p)
    gold = [Mention(e.start, e.end, e.type, i) for i, e in enumerate(doc.entities)]
    found = [Mention(s, e, t, i, c or "") for i, (s, e, t, c) in enumerate(resolved)]

    def side(start, end, label):
        return Annotation(start=start, end=end, text=doc.text[start:end], label=label)

    items = []
    for label, g, p in outcomes("strict", gold, found):
        exact = g is not None and p is not None and (g.start, g.end) == (p.start, p.end)
        category = {"cor": "correct", "mis": "missed", "spu": "spurious"}.get(label) or (
            "type" if exact else "boundary" if g.type == p.type else "boundary+type")
        items.append(ErrorItem(layer="entities", doc_id=doc.id, category=category,
                               gold=None if g is None else side(g.start, g.end, g.type),
                               pred=None if p is None else side(p.start, p.end, p.type)))
    items += [ErrorItem(layer="entities", doc_id=doc.id, category="spurious", gold=None,
                        pred=Annotation(start=None, end=None, text=u.text, label=u.type)) for u in unplaced]
    return items


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario(strings=True))
def test_entity_columns_build_the_items_of_the_per_span_path(case) -> None:
    # The entity layer's items are kept as columns: read back, they are the items the per-span
    # pairing gives, in the report's order (document, position, then the item's JSON).
    specs, lines = case
    corpus, preds = build(specs, lines)
    report = score(corpus, preds, config=ScoreConfig(bootstrap_samples=0))
    order = [d.id for d in corpus.documents]
    expected = [item for doc, pred in zip(corpus.documents, preds) for item in _entity_items(doc, pred)]

    def key(e: ErrorItem) -> tuple:
        side = e.gold or e.pred
        return (order.index(e.doc_id), -1 if side.start is None else side.start,
                -1 if side.end is None else side.end, e.model_dump_json())

    assert [e for e in report.errors if e.layer == "entities"] == sorted(expected, key=key)


def test_joined_columns_keep_each_text_with_its_row() -> None:
    def part(texts: list[str], rows: int) -> EntityColumns:
        ints = {name: np.zeros(rows, dtype=np.int32) for name in EntityColumns.COLUMNS}
        ints["text"] = np.array([-1] * (rows - len(texts)) + list(range(len(texts))), dtype=np.int32)
        return EntityColumns(**ints, texts=tuple(texts))

    joined = EntityColumns.concatenate([part(["a", "b"], 3), part([], 2), part(["c"], 2)])
    assert joined.text.tolist() == [-1, 0, 1, -1, -1, -1, 2]
    assert [joined.texts[i] for i in joined.text if i >= 0] == ["a", "b", "c"]
    assert len(EntityColumns.concatenate([])) == 0


def test_an_entity_outcome_weighs_about_thirty_bytes() -> None:
    # As columns, not as a tuple per outcome (about 300 bytes with its prediction's text and offsets).
    gold = load_gold(REPO / "annotations")
    run = run_scoring(gold, iter_predictions(REPO / "results" / "blind.jsonl", gold.by_id()),
                      ScoreConfig(bootstrap_samples=0))
    rows = sum(len(part) for part in run.errors.entities)
    assert rows > 300
    assert sum(part.nbytes for part in run.errors.entities) / rows <= 32
