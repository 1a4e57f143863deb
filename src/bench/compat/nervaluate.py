"""nervaluate's greedy matching, reproduced (nervaluate 1.2.1, ``strategies.py``).

Predictions are visited in input order; each takes the first unmatched gold entity it may take:

* strict: the first gold with identical boundaries and type is COR; otherwise the first
  overlapping gold is INC; otherwise SPU;
* exact: the first gold with identical boundaries is COR; otherwise the first overlapping one INC;
* partial: the first overlapping gold with identical boundaries is COR, otherwise the first
  overlapping one PAR;
* ent_type: among overlapping golds of the same type the one with the smallest boundary distance
  (|Δstart| + |Δend|) is COR; otherwise the first overlapping gold of another type is INC.

A gold entity is used once; unused golds are MIS. "Overlapping" means the overlap covers at least
``min_overlap_percentage`` percent of the gold span (default 1%). Per-type results filter both sides
to the type and run the strategy again. Counts are summed over documents; P = COR/ACT and
R = COR/POS, except partial and ent_type, where COR + 0.5·PAR is the numerator.

Unlike the default scorer, the result depends on the order of the predictions (nervaluate issue
#40): that is what this mode is for — reproducing numbers computed with nervaluate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.compat.mode import CompatMode
from bench.metrics.counts import SpanCounts
from bench.schema.document import GoldDocument
from bench.schema.results import CompatScore, NervaluateCompat

STRATEGIES = ("strict", "exact", "partial", "ent_type")


@dataclass(frozen=True)
class Span:
    """A typed span as nervaluate sees it (its ``start``/``end`` are ours, half-open)."""

    start: int
    end: int
    type: str


def _overlap_ok(pred: Span, gold: Span, min_overlap_percentage: float) -> bool:
    overlap = min(pred.end, gold.end) - max(pred.start, gold.start)
    if overlap <= 0:
        return False
    return overlap / (gold.end - gold.start) * 100.0 >= min_overlap_percentage


def _same_bounds(a: Span, b: Span) -> bool:
    return a.start == b.start and a.end == b.end


def greedy_counts(strategy: str, gold: Sequence[Span], pred: Sequence[Span],
                  min_overlap_percentage: float = 1.0) -> SpanCounts:
    """Counts of one document under one of nervaluate's strategies (input order matters)."""
    used: set[int] = set()
    tally = {"cor": 0, "inc": 0, "par": 0, "spu": 0}
    for p in pred:
        label, take = "spu", None
        if strategy == "ent_type":
            best = None
            for i, g in enumerate(gold):
                if i in used or not _overlap_ok(p, g, min_overlap_percentage):
                    continue
                distance = abs(p.start - g.start) + abs(p.end - g.end)
                if g.type == p.type:
                    if best is None or distance < best[0]:
                        best = (distance, i)
                elif take is None:
                    label, take = "inc", i
            if best is not None:
                label, take = "cor", best[1]
        else:
            for i, g in enumerate(gold):
                if i in used:
                    continue
                exact = _same_bounds(p, g) and (strategy != "strict" or p.type == g.type)
                overlapping = _overlap_ok(p, g, min_overlap_percentage)
                if exact and (strategy != "partial" or overlapping):
                    label, take = "cor", i
                    break
                if overlapping and take is None:
                    label, take = ("par" if strategy == "partial" else "inc"), i
        if take is not None:
            used.add(take)
        tally[label] += 1
    return SpanCounts(cor=tally["cor"], inc=tally["inc"], par=tally["par"], spu=tally["spu"],
                      mis=len(gold) - len(used))


def precision_recall_f1(strategy: str, counts: SpanCounts) -> tuple[float, float, float]:
    """nervaluate's formulas, including its 0 for undefined ratios."""
    hit = counts.cor + (0.5 * counts.par if strategy in ("partial", "ent_type") else 0)
    p = hit / counts.actual if counts.actual else 0.0
    r = hit / counts.possible if counts.possible else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def collect(store: dict[tuple[str, str], SpanCounts], doc: GoldDocument, resolved: Sequence,
            unplaced: Sequence) -> dict[tuple[str, str], SpanCounts]:
    """Add one document's greedy counts per ``(strategy, type or "ALL")``; unplaced predictions are spurious."""
    # Input order is kept on purpose: nervaluate's greedy result depends on it.
    gold = [Span(e.start, e.end, e.type) for e in doc.entities]
    pred = [Span(p.start, p.end, p.type) for p in resolved]
    types = sorted({s.type for s in gold} | {s.type for s in pred} | {u.type for u in unplaced})
    for strategy in STRATEGIES:
        cells = [("ALL", gold, pred, len(unplaced))]
        cells += [(t, [s for s in gold if s.type == t], [s for s in pred if s.type == t],
                   sum(u.type == t for u in unplaced)) for t in types]
        for name, g, p, extra in cells:
            counts = greedy_counts(strategy, g, p) + SpanCounts(spu=extra)
            key = (strategy, name)
            store[key] = store[key] + counts if key in store else counts
    return store


def compat_score(strategy: str, counts: SpanCounts) -> CompatScore:
    """The counts of one cell with nervaluate's own P/R/F1 (0 where it prints 0)."""
    p, r, f = precision_recall_f1(strategy, counts)
    return CompatScore(cor=counts.cor, inc=counts.inc, par=counts.par, mis=counts.mis, spu=counts.spu,
                       precision=p, recall=r, f1=f)


def finish(store: dict[tuple[str, str], SpanCounts]) -> NervaluateCompat:
    """Per strategy: the overall cell first, then one per type."""
    strategies: dict[str, dict[str, CompatScore]] = {}
    for (strategy, name), counts in sorted(store.items(), key=lambda kv: (kv[0][0], kv[0][1] != "ALL", kv[0][1])):
        strategies.setdefault(strategy, {})[name] = compat_score(strategy, counts)
    return NervaluateCompat(strategies=strategies)


MODE = CompatMode(name="nervaluate", layer="entities", start=dict, collect=collect, finish=finish)
