"""Error items kept as compact records (bench.scoring.error_records) and read through
bench.schema.results.ErrorItems exactly as the tuple of ErrorItem models they stand for."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest
from pydantic import BaseModel

from bench.io.gold import load_gold
from bench.io.predictions import iter_predictions
from bench.schema.config import ScoreConfig
from bench.schema.results import ErrorItem, ErrorItems, Report
from bench.scoring import score
from conftest import write_lines

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
