"""bench.evaluate: every form of predictions and gold a notebook holds gives the report score() gives."""

from __future__ import annotations

import json

import pytest

import bench
from bench.errors import InputError
from bench.io.gold import load_gold
from bench.io.hf_dataset import features, rows
from bench.report.render import to_json
from bench.schema.config import ScoreConfig
from bench.schema.results import FRAME_COLUMNS
from bench.scoring import score
from conftest import REPO, perfect_predictions, prediction_dict, write_lines

CFG = {"bootstrap_samples": 0}


@pytest.fixture
def lines(corpus) -> list[dict]:
    out = [prediction_dict(d) for d in corpus.documents]
    out[0]["entities"] = out[0]["entities"][:-1]  # one missed entity
    out[1]["timex"] = [{k: v for k, v in t.items() if k not in ("start", "end")} for t in out[1]["timex"]]
    return out


def test_path_dicts_models_and_dataset_give_the_same_report(corpus, corpus_root, lines, tmp_path) -> None:
    import datasets

    from bench.schema.predictions import DocumentPrediction

    expected = score(corpus, [DocumentPrediction.model_validate(x) for x in lines],
                     config=ScoreConfig(**CFG)).model_dump(exclude={"predictions"})
    path = write_lines(tmp_path / "pred.jsonl", lines)
    models = [DocumentPrediction.model_validate(x) for x in lines]
    for given in (path, str(path), lines, models, datasets.Dataset.from_list(lines)):
        report = bench.evaluate(given, gold=corpus_root, **CFG)
        assert report.model_dump(exclude={"predictions"}) == expected, type(given)
    assert bench.evaluate(path, gold=corpus, **CFG).predictions == "pred.jsonl"
    assert bench.evaluate(lines, gold=corpus, **CFG).predictions == "<rows>"


def test_default_gold_is_the_bundled_one() -> None:
    report = bench.evaluate(REPO / "examples" / "predictions.jsonl", **CFG)
    assert f"gold:{load_gold().signature}|" in report.signature


def test_gold_as_the_hub_rows_has_the_same_signature() -> None:
    import datasets

    gold = load_gold()
    hub = datasets.load_dataset(str(REPO / "dataset"), "documents", split="test")
    preds = [json.loads(x) for x in (REPO / "examples" / "predictions.jsonl").read_text("utf-8").splitlines()]
    from_rows = bench.evaluate(preds, gold=hub, **CFG)
    assert from_rows == bench.evaluate(preds, gold=gold, **CFG)
    other = [dict(r) for r in hub][:4]  # not the bundled gold: the version says so
    assert "|gold:rows+" in bench.evaluate(preds[:4], gold=other, **CFG).signature


def test_gold_rows_with_class_label_indices(corpus) -> None:
    import datasets

    encoded = datasets.Dataset.from_list(rows(corpus, "documents"), features=features("documents"))
    assert isinstance(encoded[0]["entities"][0]["type"], int)
    got = bench.evaluate(perfect_predictions(corpus), gold=encoded, **CFG)
    assert got.entities.nested["strict"].overall.f1 == 1.0 and got.timex.relaxed.f1 == 1.0


def test_a_bad_item_names_its_row_and_field(corpus, lines) -> None:
    lines[1]["entities"][0]["type"] = "PERSON"
    with pytest.raises(InputError, match=r"^<rows>, line 2, field 'entities\.0\.type': "):
        bench.evaluate(lines, gold=corpus, **CFG)
    with pytest.raises(InputError, match="single mapping"):
        bench.evaluate(lines[0], gold=corpus, **CFG)
    with pytest.raises(InputError, match="line 1.*got int"):
        bench.evaluate([3], gold=corpus, **CFG)
    with pytest.raises(InputError, match="bootstrap_samples"):
        bench.evaluate(lines, gold=corpus, bootstrap_samples=-1)
    with pytest.raises(TypeError):
        bench.evaluate(lines, gold=corpus, config=ScoreConfig(), seed=1)


def test_to_dict_is_the_json_report(corpus, lines) -> None:
    report = bench.evaluate(lines, gold=corpus, bootstrap_samples=20)
    assert report.to_dict() == json.loads(to_json(report))


def test_to_dataframe(corpus, lines) -> None:
    report = bench.evaluate(lines, gold=corpus, bootstrap_samples=20)
    frame = report.to_dataframe()
    assert tuple(frame.columns) == FRAME_COLUMNS
    strict = frame[(frame.layer == "entities") & (frame.view == "nested") & (frame.measure == "strict")
                   & (frame.label == "ALL")].iloc[0]
    overall = report.entities.nested["strict"].overall
    assert (strict.cor, strict.mis, strict.f1) == (overall.cor, overall.mis, overall.f1)
    assert (strict.f1_low, strict.f1_high) == (overall.f1_ci.low, overall.f1_ci.high)
    value = frame[(frame.layer == "timex") & (frame.measure == "field") & (frame.label == "value")].iloc[0]
    field = next(f for f in report.timex.fields if f.field == "value")
    assert (value.correct, value.matched, value.f1) == (field.correct, field.matched, field.f1)
    n_types = sum(len(s.per_type) + 1 for v in ("nested", "outermost") for s in getattr(report.entities, v).values())
    assert len(frame) == n_types + 2 * 2 + len(report.timex.fields) + len(report.numeric.fields)
