"""Error items as compact records: what a run keeps per outcome, built into
:class:`~bench.schema.results.ErrorItem` models only when a report's items are read.

A run over a million spans has about a million outcomes. As pydantic models (an item and its two
annotations) they took about 3 KB each; a record is one tuple that points at the gold item (which
the corpus keeps anyway) and at the prediction's extent, text and field values.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any, NamedTuple

from bench.metrics.fields import LAYER_FIELDS, FieldSpec
from bench.schema.labels import LAYERS
from bench.schema.results import Annotation, ErrorItem, ErrorItems

LAYER_ORDER = {layer: i for i, layer in enumerate(LAYERS)}


class PredSide(NamedTuple):
    """The prediction of an outcome: extent (None when unplaced), text and field values."""

    start: int | None
    end: int | None
    text: str
    values: dict[str, Any] | None


class ErrorRecord(NamedTuple):
    """One outcome of the pairing, as :func:`error_item` builds it into an ErrorItem."""

    layer: str
    doc_id: str
    category: str
    wrong: tuple[str, ...]
    gold: Any
    """The gold item itself (a model the corpus holds), or None."""
    gold_label: str | None
    pred: PredSide | None
    pred_label: str | None


def field_values(item: Any, fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """An item's field values as an error item shows them (a range's three parts under their names)."""
    values = {}
    for spec in fields:
        value = spec.read(item)
        if isinstance(value, tuple):
            for name, part in zip(("value", "value_min", "value_max"), value):
                values[name] = part
        elif spec.name != "type":
            values[spec.name] = value
    return values


def fields_of(layer: str) -> tuple[FieldSpec, ...]:
    """The fields an error item of ``layer`` shows (an entity's type is its label, not a field)."""
    return LAYER_FIELDS.get(layer, ())


def pred_side(item: Any, fields: tuple[FieldSpec, ...]) -> PredSide:
    """What a record keeps of a prediction (the model itself is let go)."""
    return PredSide(item.start, item.end, item.text, field_values(item, fields) if fields else None)


def error_item(record: ErrorRecord) -> ErrorItem:
    """The ErrorItem of a record (records hold no functions, so a report pickles)."""
    gold = record.gold
    pred = record.pred
    return ErrorItem(
        layer=record.layer, doc_id=record.doc_id, category=record.category, wrong_fields=record.wrong,
        gold=None if gold is None else Annotation(start=gold.start, end=gold.end, text=gold.text,
                                                  label=record.gold_label,
                                                  fields=field_values(gold, fields_of(record.layer))),
        pred=None if pred is None else Annotation(start=pred.start, end=pred.end, text=pred.text,
                                                  label=record.pred_label, fields=pred.values or {}))


def _position(record: ErrorRecord) -> tuple[int, int]:
    side = record.gold if record.gold is not None else record.pred
    return (-1 if side.start is None else side.start, -1 if side.end is None else side.end)


def error_items(records: list[ErrorRecord], doc_index: dict[str, int]) -> ErrorItems:
    """The report's error items: by document, layer and position, then by content (the item's JSON),
    so the order of the input lines never shows through. Only records that tie on position are built
    to be compared."""
    def place(record: ErrorRecord) -> tuple:
        return (doc_index.get(record.doc_id, len(doc_index)), LAYER_ORDER[record.layer], *_position(record))

    ordered: list[ErrorRecord] = []
    for _, group in groupby(sorted(records, key=place), key=place):
        tied = list(group)
        if len(tied) > 1:
            tied.sort(key=lambda r: error_item(r).model_dump_json())
        ordered.extend(tied)
    return ErrorItems(ordered, error_item)
