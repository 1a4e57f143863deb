"""TempEval-3 TIMEX3 counting, as the official toolkit does it (UzZaman et al. 2013).

Reproduced from the TempEval-3 "tools" package, run as an oracle: ``TE3-evaluation.py`` (Naushad
UzZaman) calls ``TimeML-Normalizer/TimeML-Normalizer.jar`` (Hector Llorens) and then
``evaluation-entities/evaluate_entities.py``. The recorded toolkit runs, and the copy that was run,
are in ``tests/data/te3_toolkit_cases.json``; ``docs/tempeval3.md`` says how to run it.

**Alignment is one-to-one** (``TimeML_Normalizer.normalize``, the loop over token lines). The
Normalizer tokenises both files (``tokenize.pl``) and renumbers every TIMEX3 so that aligned gold
and system timexes share a ``tid``. Walking the tokens left to right, at the token where a timex
begins (gold before system on the same token), the timex takes the id of the other side's timex
that is open at that token, *unless* its own side already used that id (``last_tid_local[a] <
open_timex[at]``); otherwise it gets a new id. So a gold and a system timex are paired when one
begins inside the other, greedily by that beginning, and each timex has at most one partner: a
system timex spanning two gold timexes pairs with the first only; of two system timexes inside
one gold timex, only the first pairs.

**Counting** (``evaluate_entities.py``, ``get_attributes`` and ``compute_precision_recall``), per
file, then summed over files (micro) in ``get_performance``:

* relaxed: a gold timex is matched when a system timex carries its tid (so matched gold = matched
  system = number of pairs); R = pairs / gold timexes, P = pairs / system timexes;
* strict: a pair whose texts (tag content) are equal;
* type and value: compared on the pairs as exact strings (no case folding: ``P2DE`` ≠ ``P20Y``,
  ``p1y`` ≠ ``P1Y``); accuracy = agreeing pairs / relaxed pairs, and the printed attribute F1
  ("Attribute Value Type") is accuracy × relaxed F1;
* conventions of ``get_performance``: P = 0 when there is no system timex, R = 0 when there is no
  gold timex, F1 = 2PR/(P+R) or 0, and F1 = 1 (attributes too) when there is neither.

Here the pairing is done on character offsets instead of tokens (this function gets spans, not
text): the toolkit's token pairing is the same whenever no token holds a boundary of one side's
timex and part of the other side's without them sharing a character, and strict "equal text" is
taken as "equal extent". ``mod`` is not evaluated by the toolkit; ``mod_ok`` counts it on the same
pairs as an extension. What the toolkit does that this module deliberately does not (documents it
drops, timexes it loses inside a token) is described in ``docs/tempeval3.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.compat.mode import CompatMode
from bench.metrics.counts import Additive
from bench.schema.document import GoldDocument
from bench.schema.results import TE3Attribute, TE3Compat, TE3Measure


@dataclass(frozen=True)
class TE3Counts(Additive):
    """Sufficient statistics; sum them over documents (the toolkit sums its counts over files)."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    """Pairs with the same extent (the toolkit: the same text)."""
    relaxed: int = 0
    """Pairs (one gold, one system timex with the same normalised tid)."""
    type_ok: int = 0
    value_ok: int = 0
    mod_ok: int = 0
    """Not in the toolkit, which ignores ``mod``: agreeing ``mod`` on the same pairs."""


def _same(a: str | None, b: str | None) -> bool:
    # evaluate_entities.py reads a missing attribute as '' and compares with ==
    return (a or "") == (b or "")


def te3_pairs(gold: Sequence[Any], system: Sequence[Any]) -> list[tuple[int, int]]:
    """The toolkit's one-to-one pairs ``(gold index, system index)`` of one document."""
    events = sorted([(g.start, 0, i) for i, g in enumerate(gold)] + [(s.start, 1, j) for j, s in enumerate(system)])
    partner: tuple[dict[int, int], dict[int, int]] = ({}, {})
    sides = (gold, system)
    for position, side, index in events:
        other = 1 - side
        # gold goes first on a shared start, so a gold timex only joins a system timex begun strictly before
        open_ = [k for k, item in enumerate(sides[other])
                 if k not in partner[other] and position < item.end
                 and (item.start < position if side == 0 else item.start <= position)]
        if open_:
            k = min(open_, key=lambda k: (sides[other][k].start, sides[other][k].end, k))
            partner[side][index] = k
            partner[other][k] = index
    return sorted(partner[0].items())


def te3_counts(gold: Sequence[Any], system: Sequence[Any]) -> TE3Counts:
    """Counts of one document (items need ``start``, ``end``, ``type``, ``value``, ``mod``)."""
    pairs = [(gold[g], system[s]) for g, s in te3_pairs(gold, system)]
    return TE3Counts(
        gold=len(gold), system=len(system),
        strict=sum(g.start == s.start and g.end == s.end for g, s in pairs),
        relaxed=len(pairs),
        type_ok=sum(_same(g.type, s.type) for g, s in pairs),
        value_ok=sum(_same(g.value, s.value) for g, s in pairs),
        mod_ok=sum(_same(g.mod, s.mod) for g, s in pairs),
    )


def prf(matched_system: int, system: int, matched_gold: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 with the toolkit's conventions (``get_performance``)."""
    p = matched_system / system if system else 0.0
    r = matched_gold / gold if gold else 0.0
    if not system and not gold:
        return p, r, 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def attribute_scores(correct: int, counts: TE3Counts) -> tuple[float, float]:
    """``(accuracy, F1)`` of an attribute: accuracy over the relaxed pairs, F1 = accuracy × relaxed F1."""
    if not counts.system and not counts.gold:
        return 0.0, 1.0
    if not counts.relaxed:
        return 0.0, 0.0
    accuracy = correct / counts.relaxed
    return accuracy, accuracy * prf(counts.relaxed, counts.system, counts.relaxed, counts.gold)[2]


def collect(counts: TE3Counts, doc: GoldDocument, resolved: Sequence[Any], unplaced: Sequence[Any]) -> TE3Counts:
    """Add one document's counts; unplaced predictions are system timexes that match nothing."""
    return counts + te3_counts(doc.timex, resolved) + TE3Counts(system=len(unplaced))


def finish(c: TE3Counts) -> TE3Compat:
    """Strict and relaxed span P/R/F1 and the attribute scores, as the toolkit prints them."""

    def measure(pairs: int) -> TE3Measure:
        p, r, f = prf(pairs, c.system, pairs, c.gold)
        return TE3Measure(matched_gold=pairs, matched_system=pairs, gold=c.gold, system=c.system,
                          precision=p, recall=r, f1=f)

    attributes = []
    for name, ok in (("type", c.type_ok), ("value", c.value_ok), ("mod", c.mod_ok)):
        accuracy, f1 = attribute_scores(ok, c)
        attributes.append(TE3Attribute(attribute=name, correct=ok, matched=c.relaxed, accuracy=accuracy, f1=f1))
    return TE3Compat(strict=measure(c.strict), relaxed=measure(c.relaxed), attributes=tuple(attributes))


MODE = CompatMode(name="tempeval3", layer="timex", start=TE3Counts, collect=collect, finish=finish)
