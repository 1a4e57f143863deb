"""Corpus statistics (bench.upkeep.stats), and the card's statement of what the guidelines quote."""

from __future__ import annotations

from pathlib import Path

from bench.io.gold import load_gold
from bench.upkeep.stats import counts, quote_coverage
from conftest import TEXT_A, memory_corpus

REPO = Path(__file__).resolve().parents[1]


def test_the_card_states_what_the_guidelines_quote() -> None:
    q = quote_coverage(load_gold(), (REPO / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8"))
    card = " ".join((REPO / "CARD.md").read_text(encoding="utf-8").split())
    assert (f"their {q.quotations} «…» examples ({q.distinct} distinct) contain the annotated string of "
            f"{q.entities[0]} of the {q.entities[1]} entity mentions, {q.timex[0]} of the {q.timex[1]} TIMEX3 "
            f"and {q.numeric[0]} of the {q.numeric[1]} claims") in card


def test_quote_coverage_counts_strings_inside_quotations() -> None:
    corpus = memory_corpus([{"id": "d", "text": TEXT_A, "dct": "2024-01-01", "annotations": [
        {"kind": "entity", "id": "e1", "start": 0, "end": 3, "text": TEXT_A[:3], "type": "GPE"}]}])
    q = quote_coverage(corpus, f"«{TEXT_A[:10]}» and «x» and «x»")
    assert (q.quotations, q.distinct, q.entities, q.timex, q.numeric) == (3, 2, (1, 1), (0, 0), (0, 0))


def test_counts_total_row_sums_the_documents() -> None:
    table = counts(load_gold())
    assert table["total"]["entities"] == sum(row["entities"] for doc, row in table.items() if doc != "total")
