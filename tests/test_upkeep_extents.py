"""The v0.4 extent rules checked by code (bench.upkeep.extents): silent on the gold, loud on each breach."""

from __future__ import annotations

import pytest

from bench.io.gold import load_gold
from bench.schema.entity import Entity
from bench.upkeep.extents import (
    check_designated_orgs,
    check_extents,
    check_heads_inside,
    check_no_nested_norp,
    check_no_self_nesting,
)


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def doc_with(gold, doc_id: str, change):
    doc = gold.by_id()[doc_id]
    return doc.model_copy(update={"entities": tuple(change(list(doc.entities), doc.text))})


def find(entities: list[Entity], text: str) -> Entity:
    return next(e for e in entities if e.text == text)


def test_the_gold_follows_every_rule(gold) -> None:
    assert check_extents(gold) == []


def test_a_head_left_outside_is_reported(gold) -> None:
    def drop_head(entities, text):
        e = find(entities, "محافظة الأنبار")
        return [x for x in entities if x is not e] + [e.model_copy(update={"start": e.start + 7, "text": "الأنبار"})]

    found = list(check_heads_inside(doc_with(gold, "doc-001", drop_head)))
    assert len(found) == 1 and "«محافظة» outside" in found[0]


def test_a_quoted_name_after_its_head_counts_as_after_the_head(gold) -> None:
    def drop_head(entities, text):
        e = find(entities, 'صحيفة "وول ستريت جورنال')
        return [x for x in entities if x is not e] + [e.model_copy(update={"start": e.start + 7,
                                                                          "text": text[e.start + 7:e.end]})]

    found = list(check_heads_inside(doc_with(gold, "doc-002", drop_head)))
    assert len(found) == 1 and "«صحيفة»" in found[0]


def test_the_bare_name_nested_in_its_head_phrase_is_reported(gold) -> None:
    def nest(entities, text):
        e = find(entities, "إقليم كردستان")
        return [*entities, e.model_copy(update={"id": "e999", "start": e.start + 6, "text": "كردستان"})]

    found = list(check_no_self_nesting(doc_with(gold, "doc-001", nest)))
    assert len(found) == 1 and "Kurdistan Region" in found[0]


def test_a_nested_nationality_adjective_is_reported(gold) -> None:
    def nest(entities, text):
        e = find(entities, "الحكومة العراقية")
        return [*entities, Entity(id="e999", start=e.start + 8, end=e.end, text="العراقية", type="NORP")]

    found = list(check_no_nested_norp(doc_with(gold, "doc-001", nest)))
    assert len(found) == 1 and "inside" in found[0]


@pytest.mark.parametrize(("doc_id", "phrase", "label"), [
    ("doc-001", "الحكومة العراقية", "ORG"),
    ("doc-003", "الجيش الأميركي", "ORG"),
    ("doc-000", "لقوات الأمريكية", "ORG"),         # «للقوات»: the mention starts at the second ل
    ("doc-001", "الحدود العراقية – السورية", "LOC"),
])
def test_a_designated_force_or_border_left_out_is_reported(gold, doc_id, phrase, label) -> None:
    doc = gold.by_id()[doc_id]
    assert phrase in {e.text for e in doc.entities}
    changed = doc_with(gold, doc_id, lambda entities, text: [e for e in entities if e.text != phrase])
    found = list(check_designated_orgs(changed))
    assert found and all(phrase in f and label in f for f in found)


def test_a_longer_or_shorter_extent_is_not_the_designated_one(gold) -> None:
    def widen(entities, text):
        e = find(entities, "الجيش الأميركي")
        return [x for x in entities if x is not e] + [e.model_copy(update={"end": e.end + 6,
                                                                          "text": text[e.start:e.end + 6]})]

    assert list(check_designated_orgs(doc_with(gold, "doc-003", widen)))
