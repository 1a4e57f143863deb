"""Every number the metric cards quote is what the scorer computes on the worked example."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _example():
    spec = importlib.util.spec_from_file_location("worked_example", REPO / "docs" / "examples" / "worked_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.report()


def _cards() -> dict[str, str]:
    text = (REPO / "docs" / "metric-cards.md").read_text(encoding="utf-8")
    return {block.partition("\n")[0].strip(): block for block in re.split(r"^## ", text, flags=re.M)[1:]}


def test_entity_cards_quote_the_scorer() -> None:
    report, cards = _example(), _cards()
    for scheme in ("strict", "exact", "partial", "type", "clitic"):
        o = report.entities.nested[scheme].overall
        card = cards[f"Entities — {scheme}"]
        quoted = (f"COR {o.cor}, INC {o.inc}, PAR {o.par}, MIS {o.mis}, SPU {o.spu}: "
                  f"P {o.precision:.3f}, R {o.recall:.3f}, F1 {o.f1:.3f}")
        assert quoted in card, scheme


def test_span_and_field_cards_quote_the_scorer() -> None:
    report, cards = _example(), _cards()
    titles = {"timex": "TIMEX3", "numeric": "Numeric claims"}
    for layer, title in titles.items():
        part = getattr(report, layer)
        span_card = cards[f"{title} — span (strict, relaxed)"]
        assert f"strict F1\n{part.strict.f1:.3f}" in span_card or f"strict F1 {part.strict.f1:.3f}" in span_card
        assert f"relaxed F1 {part.relaxed.f1:.3f}" in span_card
        for field in part.fields:
            card = cards[f"{title} — {field.field}"]
            assert f"correct {field.correct}/{field.matched}" in card, (layer, field.field)
            assert f"F1 {field.f1:.3f}" in card, (layer, field.field)
            if field.token_f1 is not None:
                assert f"token F1 {field.token_f1:.3f}" in card, (layer, field.field)


def test_canonical_card_quotes_the_scorer() -> None:
    c, card = _example().entities.canonical, _cards()["Entities — canonical"]
    assert f"correct {c.correct}/{c.matched}, gold {c.gold}, predictions {c.pred}" in card
    assert f"accuracy {c.accuracy:.3f}, P {c.precision:.3f}, R {c.recall:.3f}, F1 {c.f1:.3f}" in card


def test_card_is_linked_from_the_dataset_card() -> None:
    assert "docs/metric-cards.md" in (REPO / "CARD.md").read_text(encoding="utf-8")
