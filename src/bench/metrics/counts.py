"""Sufficient statistics. Counts are the primary result; P/R/F1 are derived (None when undefined).

Span counts follow SemEval-2013 Task 9.1 (Segura-Bedmar et al. 2013) as implemented by
nervaluate: COR, INC, PAR, MIS, SPU; POS = COR+INC+PAR+MIS, ACT = COR+INC+PAR+SPU;
P = (COR + 0.5·PAR)/ACT, R = (COR + 0.5·PAR)/POS (PAR is only non-zero in the partial scheme).

Field counts follow TempEval-3 attribute scoring (UzZaman et al. 2013): over the matched pairs,
``correct`` pairs agree on the field; attribute P = correct/|pred|, R = correct/|gold|, so
F1 = accuracy × relaxed span F1.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


def ratio(num: float, den: float) -> float | None:
    """``num / den``, or None when ``den`` is 0 (undefined, never 0.0)."""
    return num / den if den else None


def f_score(precision: float | None, recall: float | None) -> float | None:
    """F1; None only when both P and R are undefined (no gold, no predictions).

    One undefined side means the other is 0 (no predictions: R = 0; no gold: P = 0), and F1 is 0,
    as scikit-learn and seqeval report it.
    """
    if precision is None and recall is None:
        return None
    if precision is None or recall is None:
        return 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


class Additive:
    """Field-wise ``+`` for frozen dataclasses of counts (sums over documents and units)."""

    def __add__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return type(self)(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def as_tuple(self) -> tuple[float, ...]:
        """The counts in field order."""
        return tuple(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class SpanCounts(Additive):
    """SemEval-2013 counts of one span cell (COR, INC, PAR, MIS, SPU), with P/R/F1 derived."""

    cor: int = 0
    inc: int = 0
    par: int = 0
    mis: int = 0
    spu: int = 0

    @property
    def possible(self) -> int:
        """POS = COR + INC + PAR + MIS (SemEval-2013 Task 9.1): the gold mentions."""
        return self.cor + self.inc + self.par + self.mis

    @property
    def actual(self) -> int:
        """ACT = COR + INC + PAR + SPU (SemEval-2013 Task 9.1): the predictions."""
        return self.cor + self.inc + self.par + self.spu

    @property
    def precision(self) -> float | None:
        """(COR + 0.5·PAR) / ACT; None when there is no prediction."""
        return ratio(self.cor + 0.5 * self.par, self.actual)

    @property
    def recall(self) -> float | None:
        """(COR + 0.5·PAR) / POS; None when there is no gold mention."""
        return ratio(self.cor + 0.5 * self.par, self.possible)

    @property
    def f1(self) -> float | None:
        """The harmonic mean of precision and recall (:func:`f_score` says when it is undefined)."""
        return f_score(self.precision, self.recall)


@dataclass(frozen=True)
class FieldCounts(Additive):
    """TempEval-3 attribute counts of one field over the relaxed matches, with accuracy and P/R/F1 derived."""

    correct: int = 0
    matched: int = 0
    gold: int = 0
    pred: int = 0
    credit: float = 0.0
    """Token-overlap credit summed over the matches (free-text fields; see :mod:`bench.matching.names`)."""

    @property
    def accuracy(self) -> float | None:
        """Correct over matched pairs (TempEval-3 attribute accuracy); None without a match."""
        return ratio(self.correct, self.matched)

    @property
    def precision(self) -> float | None:
        """Correct over the predictions that give the field."""
        return ratio(self.correct, self.pred)

    @property
    def recall(self) -> float | None:
        """Correct over the gold items that have the field."""
        return ratio(self.correct, self.gold)

    @property
    def f1(self) -> float | None:
        """The harmonic mean of precision and recall (:func:`f_score` says when it is undefined)."""
        return f_score(self.precision, self.recall)

    @property
    def token_f1(self) -> float | None:
        """F1 with token-overlap credit in place of exact agreement (SQuAD-style partial credit)."""
        return f_score(ratio(self.credit, self.pred), ratio(self.credit, self.gold))


def f1_from_columns(kind: type, totals: np.ndarray) -> np.ndarray:
    """Vectorised F1 over rows of summed counts (for resampling); NaN where undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind is SpanCounts:
            cor, inc, par, mis, spu = (totals[..., i] for i in range(5))
            hit = cor + 0.5 * par
            p = hit / (cor + inc + par + spu)
            r = hit / (cor + inc + par + mis)
        else:
            correct, _, gold, pred = (totals[..., i] for i in range(4))  # ``credit`` is not resampled
            p = correct / pred
            r = correct / gold
        f = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)
        f = np.where(np.isnan(p) | np.isnan(r), 0.0, f)
        return np.where(np.isnan(p) & np.isnan(r), np.nan, f)
