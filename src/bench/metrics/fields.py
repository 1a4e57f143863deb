"""Per-field comparison specs: each layer declares its fields as data (name, how compared).

Text fields are compared after Arabic normalisation (:mod:`bench.normalize`); numbers as numbers
(relative tolerance 1e-9, so ``2500`` equals ``2500.0``); TIMEX3 values after canonicalisation
(:mod:`bench.timex`), so ``P2DE`` equals ``P20Y``. Two missing values are equal: a system that
correctly leaves ``mod`` or ``time`` empty is credited, as TempEval-3 credits matching attributes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.normalize import normalize
from bench.timex import canonical_value


def _same(a: Any, b: Any) -> bool:
    return a == b


def _same_text(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return normalize(a).casefold() == normalize(b).casefold()


def _same_timex(a: str | None, b: str | None) -> bool:
    return canonical_value(a) == canonical_value(b)


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.0)


def _same_amount(a: tuple, b: tuple) -> bool:
    return all(_same_number(x, y) for x, y in zip(a, b))


@dataclass(frozen=True)
class FieldSpec:
    """One scored field: its name, how to read it from an annotation, and how to compare it."""

    name: str
    read: Callable[[Any], Any]
    equal: Callable[[Any, Any], bool]
    compared_as: str

    def agrees(self, gold: Any, pred: Any) -> bool:
        return self.equal(self.read(gold), self.read(pred))


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda item: getattr(item, name, None)


TIMEX_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("type", _attr("type"), _same, "label"),
    FieldSpec("value", _attr("value"), _same_timex, "TIMEX3 value, canonicalised"),
    FieldSpec("mod", _attr("mod"), _same, "label (none = none)"),
)

NUMERIC_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("value", lambda c: (c.value, c.value_min, c.value_max), _same_amount,
              "number (value, or value_min/value_max)"),
    FieldSpec("qualifier", _attr("qualifier"), _same, "label"),
    FieldSpec("unit", _attr("unit"), _same_text, "text, normalised, case-folded"),
    FieldSpec("subject", _attr("subject"), _same_text, "text, normalised, case-folded"),
    FieldSpec("time", _attr("time"), _same_timex, "TIMEX3 value, canonicalised"),
    FieldSpec("location", _attr("location"), _same_text, "text, normalised, case-folded"),
    FieldSpec("source", _attr("source"), _same_text, "text, normalised, case-folded"),
    FieldSpec("modality", _attr("modality"), _same, "label"),
)

LAYER_FIELDS = {"timex": TIMEX_FIELDS, "numeric": NUMERIC_FIELDS}
