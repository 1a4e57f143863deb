"""Reading predictions (JSON Lines, one object per document) and checking them against the gold.

Example line::

    {"id": "doc-000", "entities": [{"start": 115, "end": 121, "text": "العراق", "type": "GPE"}],
     "timex": [{"text": "نهاية عام 2025", "type": "DATE", "value": "2025", "mod": "END"}],
     "numeric": []}

Offsets are optional; a prediction without them is placed by :mod:`bench.matching.placement`.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import TypeVar

from bench.errors import InputError
from bench.io.jsonl import dump_line, iter_json_lines, validate_line
from bench.schema.document import Document
from bench.schema.predictions import DocumentPrediction


def offset_problem(doc: Document, pred: DocumentPrediction) -> tuple[str, str] | None:
    """``(field, message)`` for the first prediction whose offsets do not fit ``doc``, else None."""
    text = doc.text
    size = len(text)
    for layer in ("entities", "timex", "numeric"):
        for index, item in enumerate(getattr(pred, layer)):
            start, end = item.start, item.end
            if start is None:
                continue
            if end > size:
                return (f"{layer}.{index}.end", f"end {end} is past the end of the text ({size} characters)")
            if text[start:end] != item.text:
                return (f"{layer}.{index}.text", f"text[{start}:{end}] is '{text[start:end]}', not '{item.text}'")
    return None


_CHECKED: dict[int, tuple[weakref.ref, str]] = {}
"""Predictions :func:`iter_predictions` checked, by ``id``: a weak reference to the prediction and
the text it fits. An entry goes when its prediction does, before the ``id`` can be used again."""


def _record_check(pred: DocumentPrediction, text: str) -> None:
    key = id(pred)
    _CHECKED[key] = (weakref.ref(pred, lambda _, key=key: _CHECKED.pop(key, None)), text)


def offsets_checked(pred: DocumentPrediction, text: str) -> bool:
    """Whether :func:`iter_predictions` found every offset of this very prediction to fit this very
    text, so that the scorer need not look again.

    A prediction and its items are frozen, so a check holds while the prediction and the text are
    the same objects. It is identity that says so, and only this module records a check: a copy, a
    prediction built elsewhere, or one read against another gold (another text object, if equal)
    is checked again.
    """
    entry = _CHECKED.get(id(pred))
    return entry is not None and entry[0]() is pred and entry[1] is text


T = TypeVar("T")


def known_document(doc_id: str, documents: Mapping[str, Document], seen: MutableMapping[str, str], *,
                   at: str = "", again: str = "is given twice", unknown_note: str = "", file: str | None = None,
                   line: int | None = None, field: str = "id") -> Document:
    """The document ``doc_id`` names, after the one document-id check every reader and writer makes.

    Raises :class:`InputError` (at ``file``, ``line``, ``field``) for an id that is not in ``documents``
    or that ``seen`` already holds. ``seen`` maps each id accepted so far to where it was (``at``);
    ``again`` is the rest of the repeated-id message and may quote that place as ``{where}``, so each
    format can say "already starts on line 3" or "was already read from a.tml" in its own terms.
    """
    if doc_id not in documents:
        raise InputError(f"unknown document id '{doc_id}'{unknown_note}", file=file, line=line, field=field)
    if doc_id in seen:
        raise InputError(f"document '{doc_id}' {again.format(where=seen[doc_id])}", file=file, line=line,
                         field=field)
    seen[doc_id] = at
    return documents[doc_id]


def each_known_once(items: Iterable[T], documents: Mapping[str, Document]) -> Iterator[T]:
    """``items`` (anything with an ``id``), refusing an unknown document id or a document given twice."""
    seen: dict[str, str] = {}
    for item in items:
        known_document(item.id, documents, seen)
        yield item


def iter_predictions(path: str | Path, documents: Mapping[str, Document]) -> Iterator[DocumentPrediction]:
    """Stream a predictions file, refusing unknown or repeated ids and offsets that miss the text."""
    name = str(path)
    seen: dict[str, str] = {}
    for number, obj in iter_json_lines(path):
        pred = validate_line(DocumentPrediction, obj, file=name, line=number)
        doc = known_document(pred.id, documents, seen, at=str(number), again="already appears on line {where}",
                             file=name, line=number)
        problem = offset_problem(doc, pred)
        if problem:
            raise InputError(problem[1], file=name, line=number, field=problem[0])
        _record_check(pred, doc.text)
        yield pred


def read_predictions(path: str | Path, documents: Mapping[str, Document] | None = None) -> list[DocumentPrediction]:
    """All predictions of ``path``, checked against ``documents`` (default: the bundled gold)."""
    if documents is None:
        from bench.io.gold import load_gold

        documents = load_gold().by_id()
    return list(iter_predictions(path, documents))


def write_predictions(path: str | Path, predictions: list[DocumentPrediction]) -> None:
    """Write ``predictions`` as JSON Lines, one document per line, in the order given."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for pred in predictions:
            handle.write(dump_line(pred) + "\n")
