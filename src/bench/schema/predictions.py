"""Predictions: one JSON object per document per line, keyed by the document ``id``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.schema.base import Frozen
from bench.schema.entity import EntityPrediction
from bench.schema.numeric import NumericPrediction
from bench.schema.temporal import TimexPrediction

if TYPE_CHECKING:
    from bench.schema.document import GoldDocument


class DocumentPrediction(Frozen):
    """A system's output for one document. A missing layer means no predictions in that layer."""

    id: str
    entities: tuple[EntityPrediction, ...] = ()
    timex: tuple[TimexPrediction, ...] = ()
    numeric: tuple[NumericPrediction, ...] = ()

    @classmethod
    def from_gold(cls, doc: GoldDocument) -> DocumentPrediction:
        """A gold document's annotations as a prediction line (ids dropped; canonical names kept, so
        that linking is scored too)."""

        def strip(items, drop: set[str]) -> list[dict]:
            return [item.model_dump(exclude={"id", *drop}) for item in items]

        return cls.model_validate({"id": doc.id, "entities": strip(doc.entities, set()),
                                   "timex": strip(doc.timex, set()), "numeric": strip(doc.numeric, set())})
