"""Names resolved to canonical entities in either language (bench.matching.names) and how fields use them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.io.gold import load_gold
from bench.matching.names import NameIndex, name_key, token_f1
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.scoring import score
from bench.upkeep.validation import check_names
from conftest import entity, memory_corpus

INDEX = NameIndex.build([("الولايات المتحدة", "United States"), ("US", "United States"), ("العراق", "Iraq"),
                         ("التحالف", "Coalition A"), ("التحالف", "Coalition B")])


@pytest.mark.parametrize("name", ["United States", "united states", "the United States", "US", "الولايات المتحدة",
                                  "الولايات المتّحدة", " US "])
def test_names_of_one_entity_resolve_alike(name) -> None:
    assert INDEX.resolve(name) == "United States"


def test_unknown_ambiguous_and_missing_names_resolve_to_nothing() -> None:
    assert INDEX.resolve("Syria") is None
    assert INDEX.resolve(None) is None
    assert INDEX.resolve("التحالف") is None and INDEX.ambiguous == {name_key("التحالف"): ("Coalition A", "Coalition B")}


@pytest.mark.parametrize(("gold", "pred", "expected"), [
    ("مسؤول كبير", "مسؤول كبير", 1.0),
    ("مسؤول كبير", "المسؤول", 0.0),
    ("مسؤولون أميركيون", "مسؤولون", 2 * 1 * 0.5 / 1.5),
    ("the senior official", "a senior official", 1.0),   # articles dropped, as SQuAD does
    ("مسؤول كبير", "كبير، مسؤول", 1.0),                  # a bag of tokens, punctuation removed
    (None, None, 1.0), ("x", None, 0.0),
])
def test_token_f1(gold, pred, expected) -> None:
    assert token_f1(gold, pred) == pytest.approx(expected)


TEXT = "قال مسؤولون أميركيون إن الولايات المتحدة ستسحب 2500 جندي من العراق."


def _corpus():
    start = TEXT.find("2500 جندي")
    claim = {"kind": "numeric", "id": "n1", "start": start, "end": start + 9, "text": "2500 جندي", "value": 2500,
             "qualifier": "exact", "unit": "soldier", "subject": "United States", "location": "Iraq",
             "source": "مسؤولون أميركيون", "modality": "reported"}
    corpus = memory_corpus([{"id": "d", "text": TEXT, "annotations": [
        entity(TEXT, "الولايات المتحدة", "GPE", "e1", canonical="United States"),
        entity(TEXT, "العراق", "GPE", "e2", canonical="Iraq"), claim]}])
    return replace(corpus, aliases=(("United States", ("US", "US forces", "القوات الأمريكية")),))


def _fields(**fields) -> dict:
    corpus = _corpus()
    pred = {"text": "2500 جندي", "value": 2500, "qualifier": "exact", "unit": "soldier", "modality": "reported",
            **fields}
    report = score(corpus, [DocumentPrediction.model_validate({"id": "d", "numeric": [pred]})],
                   config=ScoreConfig(layers=("numeric",), bootstrap_samples=0))
    return {f.field: f for f in report.numeric.fields}


@pytest.mark.parametrize("subject", ["United States", "US forces", "القوات الأمريكية", "الولايات المتحدة", "the US"])
def test_subject_in_any_language_scores_as_the_entity(subject) -> None:
    assert _fields(subject=subject, location="العراق")["subject"].correct == 1


@pytest.mark.parametrize("subject", ["Iraq", "American", "United Nations", None])
def test_subject_naming_another_or_no_entity_is_wrong(subject) -> None:
    found = _fields(subject=subject)["subject"]
    assert found.correct == 0 and found.token_f1 == 0.0


def test_free_text_source_has_exact_and_token_scores() -> None:
    exact = _fields(source="مسؤولون أميركيون")["source"]
    assert (exact.correct, exact.f1, exact.token_f1) == (1, 1.0, 1.0)
    partial = _fields(source="مسؤولون")["source"]
    assert partial.correct == 0 and partial.f1 == 0.0
    assert partial.token_f1 == pytest.approx(2 * 1 * 0.5 / 1.5)
    assert partial.compared_as == "entity by name (ar/en), else text"


def test_canonical_predictions_score_as_linking() -> None:
    corpus = _corpus()
    ents = [{"text": "الولايات المتحدة", "type": "GPE", "canonical": "US"},
            {"text": "العراق", "type": "GPE", "canonical": "Syria"}]
    report = score(corpus, [DocumentPrediction.model_validate({"id": "d", "entities": ents})],
                   config=ScoreConfig(layers=("entities",), bootstrap_samples=0))
    linked = report.entities.canonical
    assert (linked.correct, linked.matched, linked.gold, linked.pred) == (1, 2, 2, 2)
    assert linked.accuracy == 0.5 and linked.f1 == 0.5


def test_the_gold_names_are_consistent() -> None:
    gold = load_gold()
    assert check_names(gold) == []
    names = gold.names()
    for doc in gold.documents:
        for claim in doc.numeric:
            for field in ("subject", "location"):
                value = getattr(claim, field)
                assert value is None or names.resolve(value) == value
    assert names.resolve("Bloomberg") == names.resolve("بلومبرغ") == "Bloomberg"


def test_validation_reports_inconsistent_names() -> None:
    corpus = replace(_corpus(), aliases=(("Nowhere", ("X",)), ("Iraq", ("US",)), ("United States", ("US",))))
    found = check_names(corpus)
    assert any("'Nowhere' is not a canonical name" in f for f in found)
    assert any("«us» stands for several entities" in f for f in found)


def test_echoing_the_mention_as_canonical_links_nothing() -> None:
    # Mention strings resolve claim fields, never an entity's own canonical name.
    gold = load_gold()
    echo = [DocumentPrediction.model_validate({"id": d.id, "entities": [
        {"start": e.start, "end": e.end, "text": e.text, "type": e.type, "canonical": e.text} for e in d.entities]})
        for d in gold.documents]
    linked = score(gold, echo, config=ScoreConfig(layers=("entities",), bootstrap_samples=0)).entities.canonical
    assert linked.correct == 0 and linked.f1 == 0.0
    honest = [DocumentPrediction.from_gold(d) for d in gold.documents]
    config = ScoreConfig(layers=("entities",), bootstrap_samples=0)
    assert score(gold, honest, config=config).entities.canonical.f1 == 1.0


def test_canonical_hedges_are_undecided_and_order_free() -> None:
    corpus = _corpus()
    s, e = TEXT.find("العراق"), TEXT.find("العراق") + 6
    items = [{"start": s, "end": e, "text": "العراق", "type": "GPE", "canonical": name} for name in ("Iraq", "Syria")]
    cfg = ScoreConfig(layers=("entities",), bootstrap_samples=0)
    reports = [score(corpus, [DocumentPrediction.model_validate({"id": "d", "entities": order})], config=cfg)
               for order in (items, items[::-1])]
    assert reports[0].model_dump() == reports[1].model_dump()
    assert reports[0].entities.canonical.correct == 0
    assert reports[0].entities.nested["strict"].overall.cor == 0


def test_a_nationality_group_is_not_a_name_of_an_entity() -> None:
    # names-2: NORP and OCC canonicals describe; «مسؤولون أميركيون» (NORP, canonical American) is no
    # name of any entity, so a claim's source written so stays text.
    names = load_gold().names()
    assert names.resolve("مسؤولون أميركيون") is None and names.resolve("American") is None
    assert names.resolve("القوات الأمريكية") == "United States Armed Forces"
