"""dataset/croissant.json is valid Croissant 1.1 (mlcroissant), its records read back, and its
Responsible-AI prose is the card's."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import mlcroissant as mlc
import pyarrow.parquet as pq

from bench.io.gold import load_gold
from bench.upkeep.croissant import card_sections

REPO = Path(__file__).resolve().parents[1]
JSONLD = REPO / "dataset" / "croissant.json"


def test_croissant_validates_without_warnings(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        mlc.Dataset(jsonld=str(JSONLD))
    assert not [r for r in caplog.records if "warning" in r.getMessage().lower() or r.levelno >= logging.ERROR]


def test_records_read_back() -> None:
    dataset = mlc.Dataset(jsonld=str(JSONLD))
    gold = load_gold(REPO / "annotations")
    meta = json.loads(JSONLD.read_text(encoding="utf-8"))
    files = {d["@id"].removesuffix("-parquet"): REPO / "dataset" / d["contentUrl"] for d in meta["distribution"]}
    for config in ("documents", "entities", "timex", "numeric"):
        records = list(dataset.records(config))
        table = pq.read_table(files[config]).to_pylist()
        assert len(records) == len(table)
        first = {k.split("/", 1)[1]: v for k, v in records[0].items()}
        for name, value in first.items():
            expected = table[0][name]
            assert (value.decode() if isinstance(value, bytes) else value) == expected
    assert len(list(dataset.records("entities"))) == sum(len(d.entities) for d in gold.documents)


def test_rai_fields_are_the_card_sections() -> None:
    meta = json.loads(JSONLD.read_text(encoding="utf-8"))
    sections = card_sections((REPO / "CARD.md").read_text(encoding="utf-8"))
    for key in ("rai:dataCollection", "rai:dataAnnotationProtocol", "rai:dataAnnotationAnalysis", "rai:dataUseCases",
                "rai:dataLimitations", "rai:dataReleaseMaintenancePlan"):
        assert len(meta[key]) > 100, key  # a renamed card heading would leave it empty
    assert meta["rai:dataAnnotationProtocol"] == sections["Annotation process (as it happened)"]
    assert meta["rai:dataAnnotationAnalysis"] == sections["Agreement"]
    assert "AI language model" in meta["rai:annotatorDemographics"]
    assert "http://mlcommons.org/croissant/1.1" in meta["conformsTo"]


def test_fields_are_described_and_class_labels_named() -> None:
    from bench.io.hf_dataset import features

    meta = json.loads(JSONLD.read_text(encoding="utf-8"))
    for record_set in meta["recordSet"]:
        feats = features(record_set["name"])
        for field in record_set["field"]:
            assert not field["description"].startswith("Column '"), field["@id"]
            names = getattr(feats[field["name"]], "names", None)
            if names is not None:
                assert all(f"{i} = {n}" in field["description"] for i, n in enumerate(names)), field["@id"]
    timex = next(r for r in meta["recordSet"] if r["name"] == "timex")
    assert "12 = " not in next(f for f in timex["field"] if f["name"] == "mod")["description"]
    assert "11 = APPROX" in next(f for f in timex["field"] if f["name"] == "mod")["description"]
