"""Temporal expressions (TimeML TIMEX3)."""

from __future__ import annotations

from pydantic import field_validator

from bench.schema.base import OptionalSpan, Span
from bench.schema.labels import TimexMod, TimexType
from bench.text.timex import is_valid_value


def _check_value(value: str | None) -> str | None:
    if value is not None and not is_valid_value(value):
        raise ValueError(f"'{value}' is not a TIMEX3 value (see bench.text.timex for the grammar)")
    return value


class Timex(Span):
    """A gold TIMEX3: ``type``, ``value`` normalised against the document's DCT, optional ``mod``."""

    id: str
    type: TimexType
    value: str
    mod: TimexMod | None = None

    _value = field_validator("value")(_check_value)


class TimexPrediction(OptionalSpan):
    """A predicted TIMEX3; ``value`` and ``mod`` may be omitted (they then score as wrong)."""

    type: TimexType
    value: str | None = None
    mod: TimexMod | None = None

    _value = field_validator("value")(_check_value)
