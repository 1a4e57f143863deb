"""Building the Hugging Face dataset (bench.upkeep.dataset): deterministic, round-trips, loads offline, never stale."""

from __future__ import annotations

import socket

import pytest

from bench.io.gold import load_gold
from bench.io.hf_dataset import CONFIGS, rows
from bench.upkeep.dataset import build, read_built
from conftest import default_docs, tree_digest, write_corpus

CARD = "# Test card\n\nA tiny corpus for tests.\n"


@pytest.fixture
def offline(monkeypatch):
    """No network at all: any connection attempt fails the test."""
    import datasets.config
    import huggingface_hub.constants

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")


def test_build_is_deterministic(corpus, tmp_path) -> None:
    out = tmp_path / "dataset"
    files = build(corpus, out, CARD)
    first = tree_digest(out)
    assert set(files) == set(CONFIGS)
    assert set(first) == {"README.md", "croissant.json", *files.values()}
    assert build(corpus, out, CARD) == files
    assert tree_digest(out) == first
    other = tmp_path / "elsewhere"
    build(corpus, other, CARD)
    assert tree_digest(other) == first
    assert not (tmp_path / "dataset.tmp").exists()


def test_readme_lists_the_data_files(corpus, tmp_path) -> None:
    out = tmp_path / "dataset"
    files = build(corpus, out, CARD)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("---\n") and readme.endswith(CARD)
    for config, path in files.items():
        assert f"config_name: {config}" in readme
        assert path in readme


def test_read_built_round_trips(corpus, tmp_path) -> None:
    out = tmp_path / "dataset"
    build(corpus, out, CARD)
    assert read_built(out) == list(corpus.documents)


def test_rows(corpus) -> None:
    docs = rows(corpus, "documents")
    assert [d["id"] for d in docs] == ["doc-a", "doc-b"]
    assert docs[0]["entities"][0]["type"] == corpus.documents[0].entities[0].type
    ents = rows(corpus, "entities")
    assert len(ents) == sum(len(d.entities) for d in corpus.documents)
    assert {r["doc_id"] for r in ents} == {"doc-a", "doc-b"}
    assert len(rows(corpus, "timex")) == 4 and len(rows(corpus, "numeric")) == 2


def _gold_entities(corpus) -> list[tuple]:
    return [(d.id, e.id, e.start, e.end, e.text, e.type) for d in corpus.documents for e in d.entities]


def _loaded_entities(ds) -> list[tuple]:
    names = ds.features["type"].names
    return [(r["doc_id"], r["id"], r["start"], r["end"], r["text"], names[r["type"]]) for r in ds]


def test_load_dataset_offline(corpus, tmp_path, offline) -> None:
    import datasets

    out = tmp_path / "dataset"
    build(corpus, out, CARD)
    cache = str(tmp_path / "cache")
    documents = datasets.load_dataset(str(out), cache_dir=cache)
    assert list(documents) == ["test"]
    test = documents["test"]
    assert test["id"] == ["doc-a", "doc-b"]
    assert test["text"] == [d.text for d in corpus.documents]
    type_names = test.features["entities"].feature["type"].names
    assert [[type_names[e["type"]] for e in row] for row in test["entities"]] == \
        [[e.type for e in d.entities] for d in corpus.documents]
    entities = datasets.load_dataset(str(out), "entities", cache_dir=cache)["test"]
    assert _loaded_entities(entities) == _gold_entities(corpus)
    for config in ("timex", "numeric"):
        assert len(datasets.load_dataset(str(out), config, cache_dir=cache)["test"]) == len(rows(corpus, config))


def test_rebuilt_dataset_is_not_served_stale(tmp_path, offline) -> None:
    import datasets

    root = tmp_path / "annotations"
    out = tmp_path / "dataset"
    cache = str(tmp_path / "cache")
    docs = default_docs()
    before = load_gold(write_corpus(root, docs))
    build(before, out, CARD)
    first = datasets.load_dataset(str(out), "entities", cache_dir=cache)["test"]
    first_docs = datasets.load_dataset(str(out), cache_dir=cache)["test"]
    assert _loaded_entities(first) == _gold_entities(before)

    (bagdad,) = [a for a in docs[0]["annotations"] if a["id"] == "a-e2"]
    assert bagdad["type"] == "GPE"
    bagdad["type"] = "LOC"
    after = load_gold(write_corpus(root, docs))
    build(after, out, CARD)

    second = datasets.load_dataset(str(out), "entities", cache_dir=cache)["test"]
    assert _loaded_entities(second) == _gold_entities(after)
    assert ("doc-a", "a-e2", *_gold_entities(after)[1][2:5], "LOC") in _loaded_entities(second)
    second_docs = datasets.load_dataset(str(out), cache_dir=cache)["test"]
    names = second_docs.features["entities"].feature["type"].names
    assert names[second_docs[0]["entities"][1]["type"]] == "LOC"
    assert names[first_docs[0]["entities"][1]["type"]] == "GPE"


def test_card_yaml_is_honest_about_annotators_and_licences(corpus, tmp_path) -> None:
    import yaml

    build(corpus, tmp_path / "dataset", CARD)
    header = yaml.safe_load((tmp_path / "dataset" / "README.md").read_text("utf-8").split("---\n")[1])
    assert header["annotations_creators"] == ["machine-generated"]
    assert header["license"] == "other" and header["license_name"] and header["license_link"].endswith("/LICENSE")
    assert "CC BY 4.0" in header["license_details"] and "publishers" in header["license_details"]
    for info in header["dataset_info"]:
        assert info["description"] and info["citation"].startswith("@misc") and info["license"]
        assert info["splits"][0]["num_bytes"] > 0 and info["download_size"] > 0


def test_every_column_is_described(corpus) -> None:
    from bench.io.hf_dataset import describe, features

    for config in CONFIGS:
        for name in features(config):
            assert len(describe(config, name)) > 15, (config, name)
