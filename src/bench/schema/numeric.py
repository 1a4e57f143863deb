"""Numeric claims: a quantity in the text and what the text says about it (MeasEval-style)."""

from __future__ import annotations

from pydantic import field_validator, model_validator

from bench.schema.base import Frozen, Number, OptionalSpan, Span
from bench.schema.labels import Modality, Qualifier
from bench.text.timex import is_valid_value


class ClaimFields(Frozen):
    """The fields of a numeric claim.

    ``value`` holds a single number; a range uses ``value_min``/``value_max`` instead (qualifier
    ``range``); a vague amount (``مئات``, ``عشرات``) stores the magnitude the word names
    (100, 10) with qualifier ``vague``. ``unit`` is what is counted, as an English singular noun
    in lower case (``soldier``, ``country``). ``time`` is a TIMEX3 value. ``subject``, ``location``
    and ``source`` are Arabic strings as they appear in the document (``source`` is ``None`` when
    the article itself makes the claim).
    """

    value: Number | None = None
    value_min: Number | None = None
    value_max: Number | None = None
    qualifier: Qualifier | None = None
    unit: str | None = None
    subject: str | None = None
    time: str | None = None
    location: str | None = None
    source: str | None = None
    modality: Modality | None = None

    @field_validator("time")
    @classmethod
    def _time(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_value(value):
            raise ValueError(f"'{value}' is not a TIMEX3 value")
        return value

    @model_validator(mode="after")
    def _range(self) -> ClaimFields:
        if (self.value_min is None) != (self.value_max is None):
            raise ValueError("give both 'value_min' and 'value_max', or neither")
        if self.value_min is not None and self.value_min > self.value_max:
            raise ValueError("'value_min' is greater than 'value_max'")
        return self


class NumericClaim(ClaimFields, Span):
    """A gold numeric claim; the span covers the quantity expression (see the guidelines)."""

    id: str
    qualifier: Qualifier
    unit: str
    modality: Modality

    @model_validator(mode="after")
    def _value_given(self) -> NumericClaim:
        has_value = self.value is not None
        has_range = self.value_min is not None
        if has_value == has_range:
            raise ValueError("give either 'value' or 'value_min'/'value_max'")
        if has_range != (self.qualifier == "range"):
            raise ValueError("'value_min'/'value_max' go with qualifier 'range' and only with it")
        return self


class NumericPrediction(ClaimFields, OptionalSpan):
    """A predicted numeric claim; every field is optional (a missing field scores as wrong)."""
