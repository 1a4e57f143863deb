"""Typed results. Every number carries the signature of the settings that produced it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from bench.schema.base import Frozen
from bench.schema.config import ScoreConfig


class Interval(Frozen):
    """A confidence interval ``[low, high]``."""

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
    """One entity scheme in one view: overall, per type, micro- and macro-averaged."""

    overall: SpanScore
    per_type: dict[str, SpanScore]
    micro: SpanScore
    """Pooled per-type counts (per-type filtering turns a type error into a miss and a spurious)."""
    macro_f1: float | None
    """Mean of the per-type F1 over the types present in gold or predictions."""


class EntityReport(Frozen):
    """Entity scores per view (nested, outermost) and scheme, and the canonical-name field."""

    nested: dict[str, SchemeScores]
    outermost: dict[str, SchemeScores]
    canonical: FieldScore | None = None
    """Cross-document linking: predicted ``canonical`` names over the strict (nested) matches."""


class SpanLayerReport(Frozen):
    """A TIMEX3 or numeric layer: strict and relaxed span scores and one score per field."""

    strict: SpanScore
    relaxed: SpanScore
    fields: tuple[FieldScore, ...]


class DocumentScore(Frozen):
    """The headline F1 of each scored layer in one document."""

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
    """One outcome of the pairing (correct, wrong type or boundary or fields, missed, spurious)."""

    layer: str
    doc_id: str
    category: Literal["correct", "type", "boundary", "boundary+type", "fields", "missed", "spurious"]
    gold: Annotation | None
    pred: Annotation | None
    wrong_fields: tuple[str, ...] = ()


class ErrorItems(Sequence[ErrorItem]):
    """A report's error items: a sequence of :class:`ErrorItem` that keeps compact records and builds
    each item when it is read (a run over a million spans keeps about a million items; as models they
    would take gigabytes).

    It reads, iterates, compares, dumps and validates as a tuple of ErrorItem, and its JSON and JSON
    Schema are that tuple's. ``build`` turns a record into its item (None: the records are items).
    """

    __slots__ = ("_build", "_records")

    def __init__(self, records: Sequence[Any] = (), build: Callable[[Any], ErrorItem] | None = None) -> None:
        self._records = records
        self._build = build

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> ErrorItem: ...

    @overload
    def __getitem__(self, index: slice) -> ErrorItems: ...

    def __getitem__(self, index: int | slice) -> ErrorItem | ErrorItems:
        if isinstance(index, slice):
            return ErrorItems(self._records[index], self._build)
        record = self._records[index]
        return record if self._build is None else self._build(record)

    def __iter__(self) -> Iterator[ErrorItem]:
        if self._build is None:
            return iter(self._records)
        return map(self._build, self._records)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (ErrorItems, tuple, list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # like the items, whose annotations hold dicts

    def __repr__(self) -> str:
        return f"ErrorItems({len(self)} items)"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        items = handler.generate_schema(tuple[ErrorItem, ...])
        from_items = core_schema.no_info_after_validator_function(cls, items)
        return core_schema.json_or_python_schema(
            json_schema=from_items,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_items]),
            serialization=core_schema.plain_serializer_function_ser_schema(tuple, return_schema=items))


class Confusion(Frozen):
    """Rows: gold labels; columns: predicted labels; ``O`` = no counterpart (missed/spurious)."""

    labels: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]


class Alignment(Frozen):
    """How predictions got their offsets: given, placed from their strings, or left unplaced."""

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
    """A TIMEX3 attribute as the TempEval-3 toolkit scores it."""

    attribute: str
    """``type`` and ``value`` as the toolkit; ``mod`` is an extension (the toolkit ignores it)."""
    correct: int
    matched: int
    accuracy: float | None
    f1: float | None
    """accuracy × relaxed F1, as TempEval-3 reports attribute F1."""


class TE3Compat(Frozen):
    """``--compat tempeval3``: the toolkit's strict and relaxed spans and attribute scores."""

    strict: TE3Measure
    relaxed: TE3Measure
    attributes: tuple[TE3Attribute, ...]


class ConllevalCompat(Frozen):
    """Chunk-level P/R/F1 over the IOB2 export (outermost view), as seqeval's default mode."""

    overall: CompatScore
    per_type: dict[str, CompatScore]
    tokenizer: str


class Compat(Frozen):
    """The compatibility modes' parts, present for the modes requested."""

    nervaluate: NervaluateCompat | None = None
    tempeval3: TE3Compat | None = None
    conlleval: ConllevalCompat | None = None


if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


# The columns of Report.to_dataframe(), in order.
FRAME_COLUMNS = ("layer", "view", "measure", "label", "cor", "inc", "par", "mis", "spu", "correct", "matched",
                 "accuracy", "precision", "recall", "f1", "f1_low", "f1_high")


def _span_row(layer: str, view: str | None, measure: str, label: str, s: SpanScore) -> dict[str, Any]:
    return {"layer": layer, "view": view, "measure": measure, "label": label, "cor": s.cor, "inc": s.inc,
            "par": s.par, "mis": s.mis, "spu": s.spu, "precision": s.precision, "recall": s.recall, "f1": s.f1,
            "f1_low": s.f1_ci.low if s.f1_ci else None, "f1_high": s.f1_ci.high if s.f1_ci else None}


def _field_row(layer: str, f: FieldScore) -> dict[str, Any]:
    return {"layer": layer, "view": None, "measure": "field", "label": f.field, "correct": f.correct,
            "matched": f.matched, "accuracy": f.accuracy, "precision": f.precision, "recall": f.recall, "f1": f.f1,
            "f1_low": f.f1_ci.low if f.f1_ci else None, "f1_high": f.f1_ci.high if f.f1_ci else None}


class Report(Frozen):
    """The result of :func:`bench.scoring.score`. Its JSON form (``bench score --json``,
    :meth:`to_dict`) has the JSON Schema printed by ``bench schema report``."""

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
    errors: ErrorItems
    compat: Compat | None = None

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values: the same keys and values as ``bench score --json``."""
        return self.model_dump(mode="json")

    def rows(self) -> list[dict[str, Any]]:
        """Every score as a flat record (the rows of :meth:`to_dataframe`).

        ``measure`` is an entity scheme (``strict``, ``exact``, ``partial``, ``type``; ``view`` nested or
        outermost), a span match of TIMEX3 or numeric claims (``strict``, ``relaxed``), or ``field``
        (``label`` names the field); ``label`` is ``ALL`` for the overall score, else an entity type.
        """
        out: list[dict[str, Any]] = []
        if self.entities is not None:
            for view in ("nested", "outermost"):
                for scheme, scores in getattr(self.entities, view).items():
                    out.append(_span_row("entities", view, scheme, "ALL", scores.overall))
                    out += [_span_row("entities", view, scheme, t, s) for t, s in scores.per_type.items()]
        for layer in ("timex", "numeric"):
            part = getattr(self, layer)
            if part is not None:
                out += [_span_row(layer, None, "strict", "ALL", part.strict),
                        _span_row(layer, None, "relaxed", "ALL", part.relaxed)]
                out += [_field_row(layer, f) for f in part.fields]
        return [{column: row.get(column) for column in FRAME_COLUMNS} for row in out]

    def to_dataframe(self) -> pd.DataFrame:
        """:meth:`rows` as a pandas DataFrame (pandas comes with ``datasets``), columns :data:`FRAME_COLUMNS`."""
        import pandas as pd

        frame = pd.DataFrame(self.rows(), columns=list(FRAME_COLUMNS))
        # Counts stay integers where a row has none (nullable Int64, not float NaN).
        return frame.astype({c: "Int64" for c in ("cor", "inc", "par", "mis", "spu", "correct", "matched")})


class ComparisonRow(Frozen):
    """One metric of a comparison: F1 of A and B, ΔF1 with its paired CI, and the p-value."""

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
