"""Per-field comparison specs: each layer declares its fields as data (name, how compared).

Text fields are compared after Arabic normalisation (:mod:`bench.text.normalize`); numbers as numbers
(relative tolerance 1e-9, so ``2500`` equals ``2500.0``); TIMEX3 values after canonicalisation
(:mod:`bench.text.timex`), so ``P2DE`` equals ``P20Y``. Two missing values are equal: a system that
correctly leaves ``mod`` or ``time`` empty is credited, as TempEval-3 credits matching attributes.

*Name* fields (a numeric claim's ``subject``, ``location`` and ``source``) are scored as entities
(:mod:`bench.matching.names`): where the gold value names a canonical entity, the prediction agrees when it
resolves to the same entity, whatever language or mention string it uses («الولايات المتحدة»,
``US``, ``United States``); where the gold value resolves to no entity («مسؤول كبير»), it stays free
text, compared as normalised text. Free-text comparisons also earn a SQuAD-style token-overlap
credit (:func:`bench.matching.names.token_f1`), reported beside the exact score.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bench.matching.names import NameIndex, token_f1
from bench.text.normalize import normalize
from bench.text.timex import canonical_value

Comparison = Literal["label", "timex", "number", "text", "name"]


def _same_text(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return normalize(a).casefold() == normalize(b).casefold()


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.0)


def _same_amount(a: tuple, b: tuple) -> bool:
    return all(_same_number(x, y) for x, y in zip(a, b))


_EQUAL: dict[str, Callable[[Any, Any], bool]] = {
    "label": lambda a, b: a == b,
    "timex": lambda a, b: canonical_value(a) == canonical_value(b),
    "number": _same_amount,
    "text": _same_text,
}

_DESCRIPTION = {
    "label": "label",
    "timex": "TIMEX3 value, canonicalised",
    "number": "number (value, or value_min/value_max)",
    "text": "text, normalised",
    "name": "entity by name (ar/en), else text",
}


@dataclass(frozen=True)
class Agreement:
    """How one predicted field compares with the gold's."""

    exact: bool
    credit: float
    """Token-overlap credit for free-text comparisons (1.0/0.0 for the others)."""


AGREE, DISAGREE = Agreement(True, 1.0), Agreement(False, 0.0)
"""The two agreements without partial credit, shared (fields are compared millions of times)."""


@dataclass(frozen=True)
class FieldSpec:
    """One scored field: its name, how to read it from an annotation, and how to compare it."""

    name: str
    read: Callable[[Any], Any]
    comparison: Comparison
    token_scored: bool = True
    """Whether a free-text value also reports token F1 (not for names that must link)."""
    by_mention: bool = True
    """Whether a name may be a mention string of the corpus (not for an entity's own canonical name)."""

    @property
    def compared_as(self) -> str:
        """How the field is compared, in words (the report's "compared as" column)."""
        return _DESCRIPTION[self.comparison]

    @property
    def free_text(self) -> bool:
        """Whether the field can be free text (and so reports token F1)."""
        return self.comparison in ("text", "name")

    def compare(self, gold: Any, pred: Any, names: NameIndex | None = None) -> Agreement:
        """Whether ``pred`` equals ``gold`` for this field, and its credit (token F1 for free text)."""
        g, p = self.read(gold), self.read(pred)
        if self.comparison == "name" and names is not None:
            entity = names.resolve(g)
            if entity is not None:
                return AGREE if names.resolve(p, mentions=self.by_mention) == entity else DISAGREE
        if self.free_text:
            return AGREE if _same_text(g, p) else Agreement(False, token_f1(g, p))
        return AGREE if _EQUAL[self.comparison](g, p) else DISAGREE

    def agrees(self, gold: Any, pred: Any, names: NameIndex | None = None) -> bool:
        """Whether ``pred`` equals ``gold`` for this field."""
        return self.compare(gold, pred, names).exact


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda item: getattr(item, name, None)


TIMEX_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("type", _attr("type"), "label"),
    FieldSpec("value", _attr("value"), "timex"),
    FieldSpec("mod", _attr("mod"), "label"),
)

NUMERIC_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("value", lambda c: (c.value, c.value_min, c.value_max), "number"),
    FieldSpec("qualifier", _attr("qualifier"), "label"),
    FieldSpec("unit", _attr("unit"), "text"),
    FieldSpec("subject", _attr("subject"), "name"),
    FieldSpec("time", _attr("time"), "timex"),
    FieldSpec("location", _attr("location"), "name"),
    FieldSpec("source", _attr("source"), "name"),
    FieldSpec("modality", _attr("modality"), "label"),
)

LAYER_FIELDS = {"timex": TIMEX_FIELDS, "numeric": NUMERIC_FIELDS}

CANONICAL = FieldSpec("canonical", _attr("canonical"), "name", token_scored=False, by_mention=False)
"""An entity's canonical name (cross-document linking), scored over strict entity matches."""
