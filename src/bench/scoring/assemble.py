"""Turning a scoring Run into a typed Report (totals, CIs, per-type, per-document, confusion)."""

from __future__ import annotations

from bench.compat import MODES
from bench.metrics.aggregate import Aggregate, alignment_of
from bench.schema.config import ScoreConfig
from bench.schema.results import (
    Compat,
    Report,
)
from bench.scoring.error_records import error_items
from bench.scoring.signature import signature


def _compat(run, config: ScoreConfig) -> Compat | None:
    """Each requested mode's part, for the modes whose layer was scored."""
    if not config.compat:
        return None
    modes = [MODES[name] for name in config.compat if MODES[name].layer in config.layers]
    return Compat(**{mode.name: mode.finish(run.compat.get(mode.name, mode.start())) for mode in modes})


def build_report(run, *, gold_signature: str, config: ScoreConfig, source: str, documents: int) -> Report:
    """The typed Report of a run: aggregated scores, errors in position order, compat parts, signature."""
    builder = Aggregate(run, config)
    alignment = alignment_of(run)
    return Report(
        signature=signature(config, gold_signature, alignment.mode),
        config=config,
        predictions=source,
        documents=documents,
        units=run.n_units,
        alignment=alignment,
        entities=builder.entities() if "entities" in config.layers else None,
        timex=builder.span_layer("timex") if "timex" in config.layers else None,
        numeric=builder.span_layer("numeric") if "numeric" in config.layers else None,
        per_document=builder.per_document(),
        confusion=builder.confusion(),
        errors=error_items(run.errors),
        compat=_compat(run, config),
    )
