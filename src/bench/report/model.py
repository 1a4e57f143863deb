"""Typed results. Every number carries the signature of the settings that produced it."""

from __future__ import annotations

from typing import Literal

from bench.config import ScoreConfig
from bench.schema.base import Frozen


class Interval(Frozen):
    low: float
    high: float


class SpanScore(Frozen):
    """SemEval-2013 counts and the P/R/F1 derived from them (None when undefined)."""

    cor: int
    inc: int
    par: int
    mis: int
    spu: int
    possible: int
    actual: int
    precision: float | None
    recall: float | None
    f1: float | None
    f1_ci: Interval | None = None


class FieldScore(Frozen):
    """TempEval-3 attribute scores of one field over the relaxed matches."""

    field: str
    compared_as: str
    correct: int
    matched: int
    gold: int
    pred: int
    accuracy: float | None
    precision: float | None
    recall: float | None
    f1: float | None
    f1_ci: Interval | None = None
    token_f1: float | None = None
    """Free-text fields only: F1 with SQuAD-style token-overlap credit instead of exact agreement."""


class SchemeScores(Frozen):
    overall: SpanScore
    per_type: dict[str, SpanScore]
    micro: SpanScore
    """Pooled per-type counts (per-type filtering turns a type error into a miss and a spurious)."""
    macro_f1: float | None
    """Mean of the per-type F1 over the types present in gold or predictions."""


class EntityReport(Frozen):
    nested: dict[str, SchemeScores]
    outermost: dict[str, SchemeScores]
    canonical: FieldScore | None = None
    """Cross-document linking: predicted ``canonical`` names over the strict (nested) matches."""


class SpanLayerReport(Frozen):
    strict: SpanScore
    relaxed: SpanScore
    fields: tuple[FieldScore, ...]


class DocumentScore(Frozen):
    doc_id: str
    entities_f1: float | None = None
    timex_f1: float | None = None
    numeric_f1: float | None = None


class Annotation(Frozen):
    """One side of an error-analysis item."""

    start: int | None
    end: int | None
    text: str
    label: str | None = None
    fields: dict[str, str | float | None] = {}


class ErrorItem(Frozen):
    layer: str
    doc_id: str
    category: Literal["correct", "type", "boundary", "boundary+type", "fields", "missed", "spurious"]
    gold: Annotation | None
    pred: Annotation | None
    wrong_fields: tuple[str, ...] = ()


class Confusion(Frozen):
    """Rows: gold labels; columns: predicted labels; ``O`` = no counterpart (missed/spurious)."""

    labels: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]


class Alignment(Frozen):
    mode: Literal["offsets", "strings", "mixed", "empty"]
    with_offsets: int
    placed: int
    unplaced: int


class CompatScore(Frozen):
    """Counts and P/R/F1 exactly as the anchor computes them (0.0 where it reports 0 for undefined)."""

    cor: int
    inc: int
    par: int
    mis: int
    spu: int
    precision: float
    recall: float
    f1: float


class NervaluateCompat(Frozen):
    """``strategies[strategy]["ALL" | type]``: nervaluate 1.2.1's greedy results."""

    strategies: dict[str, dict[str, CompatScore]]


class TE3Measure(Frozen):
    """TempEval-3 toolkit P/R/F1 (one-to-one pairs, so ``matched_gold == matched_system``).

    As the toolkit prints them: P = 0 without system timexes, R = 0 without gold, F1 = 1 without either.
    """

    matched_gold: int
    matched_system: int
    gold: int
    system: int
    precision: float | None
    recall: float | None
    f1: float | None


class TE3Attribute(Frozen):
    attribute: str
    """``type`` and ``value`` as the toolkit; ``mod`` is an extension (the toolkit ignores it)."""
    correct: int
    matched: int
    accuracy: float | None
    f1: float | None
    """accuracy × relaxed F1, as TempEval-3 reports attribute F1."""


class TE3Compat(Frozen):
    strict: TE3Measure
    relaxed: TE3Measure
    attributes: tuple[TE3Attribute, ...]


class ConllevalCompat(Frozen):
    """Chunk-level P/R/F1 over the IOB2 export (outermost view), as seqeval's default mode."""

    overall: CompatScore
    per_type: dict[str, CompatScore]
    tokenizer: str


class Compat(Frozen):
    nervaluate: NervaluateCompat | None = None
    tempeval3: TE3Compat | None = None
    conlleval: ConllevalCompat | None = None


class Report(Frozen):
    signature: str
    config: ScoreConfig
    predictions: str
    documents: int
    units: int
    alignment: Alignment
    entities: EntityReport | None
    timex: SpanLayerReport | None
    numeric: SpanLayerReport | None
    per_document: tuple[DocumentScore, ...]
    confusion: dict[str, Confusion]
    errors: tuple[ErrorItem, ...]
    compat: Compat | None = None


class ComparisonRow(Frozen):
    metric: str
    a: float | None
    b: float | None
    delta: float | None
    delta_ci: Interval | None
    p_value: float | None


class Comparison(Frozen):
    """Paired comparison of two systems on the same gold (approximate randomisation)."""

    signature: str
    a: str
    b: str
    trials: int
    rows: tuple[ComparisonRow, ...]
