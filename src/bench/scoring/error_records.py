"""Error items as compact records: what a run keeps per outcome, built into
:class:`~bench.schema.results.ErrorItem` models only when a report's items are read.

A run over a million spans has about a million outcomes. As pydantic models (an item and its two
annotations) they took about 3 KB each; as one tuple per outcome, about 300 bytes. The entity layer
(the bulk) is kept as columns instead, about 30 bytes an outcome (:class:`EntityColumns`): the
document, the gold mention's index, the prediction's extent and type, and the text only of a
prediction that has no extent (any other prediction's text is the document's slice, which the
scorer checked). The other layers keep one :class:`ErrorRecord` tuple per outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from bench.metrics.entity_batch import COR, INC, MIS, EntityBatch, StrictOutcomes, lookup
from bench.metrics.fields import LAYER_FIELDS, FieldSpec
from bench.schema.labels import ENTITY_TYPES, LAYERS
from bench.schema.results import Annotation, ErrorItem, ErrorItems

LAYER_ORDER = {layer: i for i, layer in enumerate(LAYERS)}

ENTITY_CATEGORIES = ("correct", "type", "boundary", "boundary+type", "missed", "spurious")
"""The categories of an entity outcome, as :attr:`EntityColumns.category` codes them."""


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


@dataclass(frozen=True)
class EntityColumns:
    """Entity outcomes, one row each. Integer columns, -1 where a side is absent."""

    doc: np.ndarray
    """The document's position in the gold."""
    category: np.ndarray
    """A code of :data:`ENTITY_CATEGORIES`."""
    gold: np.ndarray
    """The gold mention's index in its document's ``entities``."""
    gold_start: np.ndarray
    gold_end: np.ndarray
    start: np.ndarray
    """The prediction's extent; -1 for a prediction without one (its text is in ``texts``)."""
    end: np.ndarray
    pred_type: np.ndarray
    """A code of :data:`~bench.schema.labels.ENTITY_TYPES`."""
    text: np.ndarray
    """Where in ``texts`` the text of a prediction without an extent is."""
    texts: tuple[str, ...]
    """The texts of the predictions without an extent."""

    COLUMNS = ("doc", "category", "gold", "gold_start", "gold_end", "start", "end", "pred_type", "text")

    @classmethod
    def concatenate(cls, parts: Sequence[EntityColumns]) -> EntityColumns:
        """One set of columns for ``parts`` in turn (their ``text`` indices shifted to match)."""
        if not parts:
            return cls(*(np.zeros(0, dtype=np.int32) for _ in cls.COLUMNS), texts=())
        shifts = np.cumsum([0] + [len(part.texts) for part in parts[:-1]])
        columns = {name: np.concatenate([getattr(part, name) for part in parts]) for name in cls.COLUMNS[:-1]}
        columns["text"] = np.concatenate([np.where(part.text < 0, -1, part.text + shift).astype(np.int32)
                                          for part, shift in zip(parts, shifts.tolist())])
        return cls(**columns, texts=tuple(text for part in parts for text in part.texts))

    def __len__(self) -> int:
        return len(self.doc)

    @property
    def nbytes(self) -> int:
        """The bytes the integer columns hold (the texts aside)."""
        return sum(getattr(self, name).nbytes for name in self.COLUMNS)


class ErrorLog:
    """Every outcome of a run: the entity layer's as columns, the other layers' as records."""

    def __init__(self, documents: Sequence[Any]) -> None:
        self.documents = tuple(documents)
        self.number = {doc.id: i for i, doc in enumerate(self.documents)}
        """Each document's position in the gold: the report's document order."""
        self.entities: list[EntityColumns] = []
        self.records: list[ErrorRecord] = []


_TYPE_CODES = {t: i for i, t in enumerate(ENTITY_TYPES)}
_CATEGORY = {name: i for i, name in enumerate(ENTITY_CATEGORIES)}


def entity_columns(batch: EntityBatch, strict: StrictOutcomes, numbers: list[int]) -> EntityColumns:
    """The error list's rows of a batch: the strict scheme's own outcomes (nested view), then the
    predictions without an extent (spurious). ``numbers``: each batch document's position in the gold."""
    docs = batch.docs
    g, p = strict.gold, strict.pred
    to_local = batch.offset[strict.doc]
    g_start, g_end = lookup(batch.g_start, g), lookup(batch.g_end, g)
    p_start, p_end = lookup(batch.p_start, p), lookup(batch.p_end, p)
    g_type, p_type = lookup(batch.g_type, g), lookup(batch.p_type, p)
    # A strict INC is a type error when the extents agree (a conflicted prediction, one of several
    # types offered for one extent, too: its type never counts), else a boundary error.
    exact = (g_start == p_start) & (g_end == p_end)
    inc = np.where(exact, _CATEGORY["type"], np.where(g_type == p_type, _CATEGORY["boundary"],
                                                        _CATEGORY["boundary+type"]))
    category = np.select([strict.column == COR, strict.column == INC, strict.column == MIS],
                         [_CATEGORY["correct"], inc, _CATEGORY["missed"]], _CATEGORY["spurious"])
    codes = np.array([_TYPE_CODES[t] for t in batch.types] + [-1], dtype=np.int8)  # -1: no prediction
    unplaced = [m for d in docs for m in d.unplaced]
    n = len(unplaced)
    absent = np.full(n, -1, dtype=np.int32)

    def rows(matched: np.ndarray, extra: np.ndarray, dtype=np.int32) -> np.ndarray:
        return np.concatenate((matched, extra)).astype(dtype)

    u_doc = np.repeat(np.arange(len(docs)), [len(d.unplaced) for d in docs])
    number = np.array(numbers, dtype=np.int32)
    return EntityColumns(
        doc=number[np.concatenate((strict.doc, u_doc)).astype(np.intp)],
        category=rows(category, np.full(n, _CATEGORY["spurious"]), np.int8),
        gold=rows(lookup(batch.g_local, g), absent),
        gold_start=rows(np.where(g >= 0, g_start - to_local, -1), absent),
        gold_end=rows(np.where(g >= 0, g_end - to_local, -1), absent),
        start=rows(np.where(p >= 0, p_start - to_local, -1), absent),
        end=rows(np.where(p >= 0, p_end - to_local, -1), absent),
        pred_type=rows(codes[p_type], codes[batch.u_type], np.int8),
        text=rows(np.full(len(strict.doc), -1), np.arange(n)),
        texts=tuple(m.text for m in unplaced))


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


class LogRows:
    """A log's outcomes by row (the entity rows first, then the other records), each built into its
    :class:`ErrorItem` when read: ``ErrorItems(order, rows)`` is the report's sequence in ``order``.
    An entity row becomes a record, then an item, only then."""

    __slots__ = ("_documents", "_entities", "_records")

    def __init__(self, documents: tuple, entities: EntityColumns, records: list[ErrorRecord]) -> None:
        self._documents, self._entities, self._records = documents, entities, records

    def __call__(self, row: int) -> ErrorItem:
        return error_item(self.record(int(row)))

    def record(self, row: int) -> ErrorRecord:
        """The record of ``row``: an entity row, or (past them) one of the other records."""
        columns = self._entities
        if row >= len(columns):
            return self._records[row - len(columns)]
        doc = self._documents[columns.doc[row]]
        g, start, pred_type = int(columns.gold[row]), int(columns.start[row]), int(columns.pred_type[row])
        gold = doc.entities[g] if g >= 0 else None
        pred = None
        if pred_type >= 0:
            end = int(columns.end[row])
            pred = (PredSide(None, None, columns.texts[columns.text[row]], None) if start < 0
                    else PredSide(start, end, doc.text[start:end], None))
        return ErrorRecord("entities", doc.id, ENTITY_CATEGORIES[columns.category[row]], (), gold,
                           None if gold is None else gold.type, pred,
                           None if pred is None else ENTITY_TYPES[pred_type])


def error_items(log: ErrorLog) -> ErrorItems:
    """The report's error items: by document, layer and position, then by content (the item's JSON),
    so the order of the input lines never shows through. Only records that tie on position are built
    to be compared."""
    entities = EntityColumns.concatenate(log.entities)
    keys = [(log.number[r.doc_id], LAYER_ORDER[r.layer], *_position(r)) for r in log.records]
    rest = np.array(keys, dtype=np.int64).reshape(-1, 4)
    gold = entities.gold >= 0
    key_doc = np.concatenate((entities.doc, rest[:, 0]))
    key_layer = np.concatenate((np.full(len(entities), LAYER_ORDER["entities"]), rest[:, 1]))
    key_start = np.concatenate((np.where(gold, entities.gold_start, entities.start), rest[:, 2]))
    key_end = np.concatenate((np.where(gold, entities.gold_end, entities.end), rest[:, 3]))
    order = np.lexsort((key_end, key_start, key_layer, key_doc))
    rows = LogRows(log.documents, entities, log.records)
    # Runs of rows that tie on position are put in the order of their items' JSON.
    ordered = np.stack((key_doc, key_layer, key_start, key_end))[:, order]
    tied = np.flatnonzero(np.all(ordered[:, 1:] == ordered[:, :-1], axis=0))
    if len(tied):
        run_starts = tied[np.r_[True, np.diff(tied) > 1]]
        run_ends = tied[np.r_[np.diff(tied) > 1, True]] + 2
        for lo, hi in zip(run_starts.tolist(), run_ends.tolist()):
            tie = order[lo:hi].tolist()
            tie.sort(key=lambda row: rows(row).model_dump_json())
            order[lo:hi] = tie
    return ErrorItems(order, rows)


def _position(record: ErrorRecord) -> tuple[int, int]:
    side = record.gold if record.gold is not None else record.pred
    return (-1 if side.start is None else side.start, -1 if side.end is None else side.end)
