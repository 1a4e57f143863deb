"""Predictions: one JSON object per document per line, keyed by the document ``id``."""

from __future__ import annotations

from bench.schema.base import Frozen
from bench.schema.entity import EntityPrediction
from bench.schema.numeric import NumericPrediction
from bench.schema.temporal import TimexPrediction


class DocumentPrediction(Frozen):
    """A system's output for one document. A missing layer means no predictions in that layer."""

    id: str
    entities: tuple[EntityPrediction, ...] = ()
    timex: tuple[TimexPrediction, ...] = ()
    numeric: tuple[NumericPrediction, ...] = ()
