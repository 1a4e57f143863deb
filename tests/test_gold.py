"""The shipped gold passes every check by code, and the built dataset and card are current."""

from __future__ import annotations

from pathlib import Path

from bench.io.gold import format_document, load_gold
from bench.validation import validate_all

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


def test_dataset_card_is_the_card() -> None:
    readme = (REPO / "dataset" / "README.md").read_text(encoding="utf-8")
    card = (REPO / "CARD.md").read_text(encoding="utf-8")
    assert readme.startswith("---\n") and readme.endswith(card)
