"""The shipped gold passes every check by code, and the built dataset and card are current."""

from __future__ import annotations

from pathlib import Path

from bench.io.gold import format_document, load_gold
from bench.upkeep.validation import validate_all

REPO = Path(__file__).resolve().parents[1]


def test_gold_passes_validation() -> None:
    assert validate_all(REPO / "annotations", REPO / "dataset") == []


def test_gold_has_all_three_layers_in_every_document() -> None:
    corpus = load_gold(REPO / "annotations")
    assert [d.id for d in corpus.documents] == [f"doc-00{i}" for i in range(5)]
    for doc in corpus.documents:
        assert doc.entities and doc.timex and doc.numeric


def test_gold_files_are_in_canonical_form() -> None:
    # The files are what format_document writes, so a build -> annotations round trip is the identity.
    corpus = load_gold(REPO / "annotations")
    for doc in corpus.documents:
        assert (REPO / "annotations" / "gold" / f"{doc.id}.jsonl").read_text(encoding="utf-8") == format_document(doc)


def test_passes_are_kept_and_load() -> None:
    for name in ("a", "b"):
        corpus = load_gold(REPO / "annotations", subdir=f"passes/{name}")
        assert len(corpus.documents) == 5


def test_dataset_card_is_the_hub_form_of_the_card() -> None:
    from bench.upkeep.hubcard import hub_card

    readme = (REPO / "dataset" / "README.md").read_text(encoding="utf-8")
    card = (REPO / "CARD.md").read_text(encoding="utf-8")
    assert readme.startswith("---\n") and readme.endswith(hub_card(card, (REPO / "README.md").read_text("utf-8")))


def test_hub_card_stands_alone() -> None:
    import re

    from bench.upkeep.citation import REPOSITORY, bibtex
    from bench.upkeep.hubcard import section

    hub = (REPO / "dataset" / "README.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    links = re.findall(r"\]\(([^)]+)\)", hub)
    assert links and all(link.startswith(("https://", "#")) for link in links), links
    for link in links:  # every repository file it links exists
        if link.startswith(REPOSITORY + "/blob/main/"):
            assert (REPO / link.removeprefix(REPOSITORY + "/blob/main/")).exists(), link
    assert f'pip install "arabic-ie-bench @ git+{REPOSITORY}"' in hub and "bench score predictions.jsonl" in hub
    assert section(hub, "What is measured", name="hub") == section(
        (REPO / "README.md").read_text("utf-8"), "What is measured", name="README.md")
    assert bibtex().strip() in hub and f"url          = {{{REPOSITORY}}}" in bibtex()


def test_committed_dataset_loads_offline_with_all_layers(tmp_path, monkeypatch) -> None:
    import datasets

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(REPO)
    gold = load_gold(REPO / "annotations")
    docs = datasets.load_dataset("dataset", cache_dir=str(tmp_path))["test"]
    assert docs["id"] == [d.id for d in gold.documents]
    assert [len(r) for r in docs["entities"]] == [len(d.entities) for d in gold.documents]
    assert [len(r) for r in docs["timex"]] == [len(d.timex) for d in gold.documents]
    assert [len(r) for r in docs["numeric"]] == [len(d.numeric) for d in gold.documents]
    assert docs["text"] == [d.text for d in gold.documents]
    for config, layer in (("entities", "entities"), ("timex", "timex"), ("numeric", "numeric")):
        rows = datasets.load_dataset("dataset", config, cache_dir=str(tmp_path))["test"]
        assert len(rows) == sum(len(getattr(d, layer)) for d in gold.documents)


def test_committed_dataset_loads_by_path_from_anywhere_with_its_info(tmp_path, monkeypatch) -> None:
    import datasets

    from bench.schema.labels import TIMEX_MODS
    from bench.upkeep.citation import REPOSITORY, bibtex

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)  # the path form the README shows works outside the repository
    timex = datasets.load_dataset(str(REPO / "dataset"), "timex", split="test", cache_dir=str(tmp_path / "c"))
    assert timex.features["mod"].names == list(TIMEX_MODS)
    assert {timex.features["mod"].int2str(m) for m in timex["mod"] if m is not None} >= {"END"}
    info = timex.info
    assert "Arabic news" in info.description and info.citation == bibtex() and info.homepage == REPOSITORY
    assert "CC BY 4.0" in info.license and "publishers" in info.license
    assert info.splits["test"].num_examples == len(timex) and info.splits["test"].num_bytes > 0
    assert info.dataset_size == info.splits["test"].num_bytes
