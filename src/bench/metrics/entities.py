"""Entity scores under the four SemEval-2013 Task 9.1 schemes, as nervaluate defines them.

* strict: exact boundaries and the same type (COR); any other overlap is INC.
* exact: exact boundaries, whatever the type (COR); any other overlap is INC.
* partial: exact boundaries are COR, any other overlap is PAR (half credit); types are ignored.
* type: any overlap with the same type is COR; an overlap with another type is INC.

Differences from nervaluate, by design: pairs are chosen by optimal one-to-one assignment
(:mod:`bench.matching`) instead of greedy first match, so scores do not depend on prediction
order; an exact duplicate of a prediction (same span and type) is never matched and counts as
spurious. Per-type scores filter gold and predictions to the type and score again, as nervaluate
does. Two views: ``nested`` (all mentions) and ``outermost`` (both sides reduced to the mentions
not strictly inside another mention of the same side), for systems that output flat spans.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.matching import assign
from bench.metrics.counts import SpanCounts

SCHEMES = ("strict", "exact", "partial", "type")
VIEWS = ("nested", "outermost")


@dataclass(frozen=True)
class Mention:
    """A typed span, gold or predicted (the internal value the schemes compare)."""

    start: int
    end: int
    type: str
    index: int = -1


def _exact(g: Mention, p: Mention) -> bool:
    return g.start == p.start and g.end == p.end


@dataclass(frozen=True)
class Scheme:
    """A scheme's rule: what an overlapping pair counts as."""

    name: str
    classify: Callable[[Mention, Mention], str]

    def weight(self, size: int) -> Callable[[Mention, Mention], int]:
        # Lexicographic objective: the most credit first (COR, or COR + PAR/2 in the partial
        # scheme), then the most overlapping pairs; ``big`` exceeds any count of pairs.
        big = size + 1

        def weight(g: Mention, p: Mention) -> int:
            label = self.classify(g, p)
            if label == "cor":
                return 2 * big * big + big if self.name == "partial" else big
            if label == "par":
                return big * big
            return 1

        return weight


SCHEME_RULES = {
    "strict": Scheme("strict", lambda g, p: "cor" if _exact(g, p) and g.type == p.type else "inc"),
    "exact": Scheme("exact", lambda g, p: "cor" if _exact(g, p) else "inc"),
    "partial": Scheme("partial", lambda g, p: "cor" if _exact(g, p) else "par"),
    "type": Scheme("type", lambda g, p: "cor" if g.type == p.type else "inc"),
}


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


def split_duplicates(pred: Sequence[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Unique predictions in canonical order, and the exact repeats (always spurious)."""
    seen: set[tuple[int, int, str]] = set()
    unique, repeats = [], []
    for m in sorted(pred, key=lambda m: (m.start, m.end, m.type, m.index)):
        key = (m.start, m.end, m.type)
        (repeats if key in seen else unique).append(m)
        seen.add(key)
    return unique, repeats


Outcome = tuple[str, Mention | None, Mention | None]
"""``(label, gold, pred)`` with label one of cor, inc, par, mis, spu."""


def outcomes(scheme: str, gold: Sequence[Mention], pred: Sequence[Mention]) -> list[Outcome]:
    """Every gold and prediction with what it counts as under ``scheme``."""
    rule = SCHEME_RULES[scheme]
    gold = sorted(gold, key=lambda m: (m.start, m.end, m.type, m.index))
    unique, repeats = split_duplicates(pred)
    pairs = assign(gold, unique, rule.weight(min(len(gold), len(unique))))
    out: list[Outcome] = []
    matched_gold = set()
    matched_pred = set()
    for g, p in pairs:
        out.append((rule.classify(gold[g], unique[p]), gold[g], unique[p]))
        matched_gold.add(g)
        matched_pred.add(p)
    out += [("mis", m, None) for i, m in enumerate(gold) if i not in matched_gold]
    out += [("spu", None, m) for i, m in enumerate(unique) if i not in matched_pred]
    out += [("spu", None, m) for m in repeats]
    return out


def count(results: Sequence[Outcome]) -> SpanCounts:
    tally = {"cor": 0, "inc": 0, "par": 0, "mis": 0, "spu": 0}
    for label, _, _ in results:
        tally[label] += 1
    return SpanCounts(**tally)
