"""TempEval-3 timex counting, reproduced (UzZaman et al. 2013; toolkit ``evaluate_entities.py``).

The toolkit aligns gold and system TIMEX3s by overlap (TimeML-Normalizer gives overlapping tags one
id) and then counts each side on its own, not one-to-one:

* strict: P = system timexes whose extent equals a gold extent / system timexes;
  R = gold timexes whose extent equals a system extent / gold timexes;
* relaxed: the same with "overlaps" instead of "equals";
* attributes (type, value, and here also mod): over the gold timexes with a relaxed match,
  accuracy = agreeing attribute / relaxed gold matches, and the reported attribute F1 is
  accuracy × relaxed F1. Values are compared as upper-cased strings, as the toolkit does, so
  ``P2DE`` and ``P20Y`` differ here although the default scorer treats them as equal.

When a gold timex overlaps several system timexes, its attributes are compared with the one that
overlaps it most (then the leftmost), our reading of the Normalizer's id alignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.metrics.counts import Additive, f_score


@dataclass(frozen=True)
class TE3Counts(Additive):
    """Sufficient statistics; sum them over documents."""

    gold: int = 0
    system: int = 0
    strict_gold: int = 0
    strict_system: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0
    type_ok: int = 0
    value_ok: int = 0
    mod_ok: int = 0


def _overlap(a: Any, b: Any) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").upper() == (b or "").upper()


def te3_counts(gold: Sequence[Any], system: Sequence[Any]) -> TE3Counts:
    """Counts of one document (items need start, end, type, value, mod)."""
    def exact(a: Any, b: Any) -> bool:
        return a.start == b.start and a.end == b.end

    relaxed_gold = type_ok = value_ok = mod_ok = 0
    for g in gold:
        partners = [s for s in system if _overlap(g, s) > 0]
        if not partners:
            continue
        relaxed_gold += 1
        best = max(partners, key=lambda s: (_overlap(g, s), -s.start))
        type_ok += _same(g.type, best.type)
        value_ok += _same(g.value, best.value)
        mod_ok += _same(g.mod, best.mod)
    return TE3Counts(
        gold=len(gold), system=len(system),
        strict_gold=sum(any(exact(g, s) for s in system) for g in gold),
        strict_system=sum(any(exact(g, s) for g in gold) for s in system),
        relaxed_gold=relaxed_gold,
        relaxed_system=sum(any(_overlap(g, s) > 0 for g in gold) for s in system),
        type_ok=type_ok, value_ok=value_ok, mod_ok=mod_ok,
    )


def prf(matched_system: int, system: int, matched_gold: int, gold: int) -> tuple[float | None, ...]:
    p = matched_system / system if system else None
    r = matched_gold / gold if gold else None
    return p, r, f_score(p, r)
