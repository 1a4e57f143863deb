"""Shared model behaviour (bench.schema.base): one set of given field names for equal gold items."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

from bench.io.gold import load_gold
from bench.schema.document import GoldDocument, sha256
from bench.schema.entity import Entity

TEXT = "زار الوفد بغداد والبصرة."


def _layers(doc):
    return (doc.entities, doc.timex, doc.numeric)


def test_gold_items_that_gave_the_same_fields_share_one_set() -> None:
    gold = load_gold()
    by_fields: dict[frozenset[str], set[int]] = {}
    for doc in gold.documents:
        for layer in _layers(doc):
            for item in layer:
                by_fields.setdefault(frozenset(item.model_fields_set), set()).add(id(item.model_fields_set))
    assert len(by_fields) > 1  # some items leave optional fields out
    assert all(len(objects) == 1 for objects in by_fields.values())


def test_shared_sets_keep_what_each_item_gave() -> None:
    # The set still says which fields each item gave: a dump of only those is what the line held.
    doc = load_gold().documents[0]
    for layer in _layers(doc):
        for item in layer:
            again = type(item).model_validate(item.model_dump(exclude_unset=True))
            assert again.model_fields_set == item.model_fields_set
            assert again == item


def _gold_document(entities: list[Entity]) -> GoldDocument:
    return GoldDocument(id="d", source_file="d.txt", dct=dt.date(2024, 1, 1), dct_evidence="", text=TEXT,
                        text_sha256=sha256(TEXT), entities=tuple(entities))



def test_copying_one_item_leaves_the_others_sets_alone() -> None:
    # Neither entity gives 'canonical': a copy that sets it must not add it to the shared set.
    first, second = _gold_document([Entity(id=f"e{i}", start=s, end=e, text=TEXT[s:e], type="GPE")
                                    for i, (s, e) in enumerate([(10, 15), (17, 23)])]).entities
    assert first.model_fields_set is second.model_fields_set
    before = set(second.model_fields_set)
    assert "canonical" not in before
    changed = first.model_copy(update={"canonical": "Baghdad"})
    assert "canonical" in changed.model_fields_set
    assert second.model_fields_set == before and first.model_fields_set == before
    for clone in (copy.copy(first), copy.deepcopy(first), pickle.loads(pickle.dumps(first))):
        assert clone == first and clone.model_fields_set == first.model_fields_set


def test_items_outside_a_gold_document_keep_their_own_set() -> None:
    made = [Entity(id=f"e{i}", start=0, end=1, text="x", type="GPE") for i in range(2)]
    assert made[0].model_fields_set == made[1].model_fields_set
    assert made[0].model_fields_set is not made[1].model_fields_set
