"""Spans: the half-open ``[start, end)`` extents every layer is paired on, the typed :class:`Mention`
the entity schemes compare, and the two entity views (``nested``; ``outermost``, :func:`outermost`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class HasSpan(Protocol):
    """Anything with a half-open code-point extent ``[start, end)``."""

    start: int
    end: int


def overlaps(a: HasSpan, b: HasSpan) -> bool:
    """Half-open spans share at least one character."""
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class Mention:
    """A typed span, gold or predicted (the internal value the schemes compare)."""

    start: int
    end: int
    type: str
    index: int = -1
    content: str = ""
    """A prediction's other content (its canonical name), which ranks predictions of one extent."""


def outermost(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions not strictly contained in another mention of the same list."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end, m.type, m.index))
    out: list[Mention] = []
    reach_end = -1
    reach_start = -1
    for m in ordered:
        inside = m.end <= reach_end and (m.start, m.end) != (reach_start, reach_end)
        if not inside:
            out.append(m)
            if m.end > reach_end:
                reach_start, reach_end = m.start, m.end
    return out
