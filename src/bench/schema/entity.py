"""Named-entity mentions (Wojood tag set, nested mentions allowed)."""

from __future__ import annotations

from bench.schema.base import OptionalSpan, Span
from bench.schema.labels import EntityType


class Entity(Span):
    """A gold entity mention.

    ``canonical`` is an English name shared by every mention of the same real-world entity across
    documents (e.g. all mentions of Mohammed Shia al-Sudani).
    """

    id: str
    type: EntityType
    canonical: str | None = None


class EntityPrediction(OptionalSpan):
    """A predicted entity mention; ``start``/``end`` may be omitted (string-only prediction).

    ``canonical`` optionally links the mention to an entity, by its canonical name or any other name
    of it in either language (:mod:`bench.matching.names`); it is scored as cross-document linking.
    """

    type: EntityType
    canonical: str | None = None
