"""Shared model configuration and the span mix-in."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Strict, StrictInt, model_validator

Number = Annotated[float, Strict()]
"""A JSON number: an int or a float, never a bool or a numeric string."""


class Frozen(BaseModel):
    """Frozen, strict about unknown fields, and never coerces NaN/inf into a number."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=False)


_GIVEN_FIELDS: dict[frozenset[str], set[str]] = {}


def share_given_fields(model: BaseModel) -> None:
    """Point ``model`` at one set of given field names shared with every model that gave the same.

    Pydantic keeps that set (``model_fields_set``) per instance: about 730 bytes for an entity's
    six fields, more than the rest of the entity, so about half of a large gold's memory. A frozen
    model never changes the set in place (``model_copy`` copies it first), so equal sets can be one
    object.
    """
    given = frozenset(model.__pydantic_fields_set__)
    object.__setattr__(model, "__pydantic_fields_set__", _GIVEN_FIELDS.setdefault(given, set(given)))


class Span(Frozen):
    """A half-open ``[start, end)`` code-point span with its surface text."""

    start: StrictInt
    end: StrictInt
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.start < 0 or self.end <= self.start:
            raise ValueError(f"span [{self.start}, {self.end}) is empty or negative")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"text has {len(self.text)} characters but the span [{self.start}, {self.end}) has "
                f"{self.end - self.start}"
            )
        return self


class OptionalSpan(Frozen):
    """A prediction's position: offsets are optional, the surface text is not.

    ``id`` is accepted and ignored, so that gold lines (which carry ids) can be scored as predictions.
    """

    id: str | None = None
    start: StrictInt | None = None
    end: StrictInt | None = None
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> OptionalSpan:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both 'start' and 'end', or neither")
        if self.start is not None:
            if self.start < 0 or self.end <= self.start:
                raise ValueError(f"span [{self.start}, {self.end}) is empty or negative")
            if len(self.text) != self.end - self.start:
                raise ValueError(
                    f"text has {len(self.text)} characters but the span [{self.start}, {self.end}) "
                    f"has {self.end - self.start}"
                )
        elif not self.text.strip():
            raise ValueError("a prediction without offsets needs a non-empty 'text'")
        return self

    @property
    def has_offsets(self) -> bool:
        """Whether the prediction gives its offsets (else it is placed from its string)."""
        return self.start is not None
