"""``score(gold, predictions, config=...) -> Report``: the one entry point, and ``compare``.

documents → outcomes (:mod:`.run`) → tally → aggregate (:mod:`bench.metrics.aggregate`) → Report
(:mod:`.assemble`). Counts are summed over documents before any ratio is taken (micro-averaging over
the corpus), and kept per sentence unit for the bootstrap (:mod:`bench.metrics.resampling`).
"""

from __future__ import annotations

from collections.abc import Iterable

from bench.errors import InputError
from bench.io.formats import Predictions
from bench.io.gold import GoldCorpus
from bench.metrics.fields import LAYER_FIELDS
from bench.schema.config import ScoreConfig
from bench.schema.labels import SCHEMES
from bench.schema.predictions import DocumentPrediction
from bench.schema.results import Comparison, ComparisonRow, Interval, Report
from bench.scoring.run import Run, run_scoring
from bench.scoring.signature import signature

__all__ = ["Run", "carried_layers", "compare", "headline_keys", "run_scoring", "score"]


def score(gold: GoldCorpus, predictions: Iterable[DocumentPrediction], *, config: ScoreConfig | None = None,
          source: str = "<predictions>") -> Report:
    """Score ``predictions`` against ``gold`` and return a typed :class:`Report`.

    Predictions read from a format that carries only some layers (:class:`bench.io.formats.Predictions`
    of a CoNLL or TimeML file) are scored on those layers only, as ``bench score`` does. Raises
    :class:`bench.errors.InputError` for unknown, repeated or missing documents, for offsets that do
    not match the text, and for layers named in ``config`` that the predictions' format cannot carry.
    """
    from bench.scoring.assemble import build_report

    config = carried_layers(config or ScoreConfig(), predictions)
    run = run_scoring(gold, predictions, config)
    return build_report(run, gold_signature=gold.signature, config=config, source=source,
                        documents=len(gold.documents))


def carried_layers(config: ScoreConfig, predictions: Iterable[DocumentPrediction]) -> ScoreConfig:
    """``config`` restricted to the layers the predictions' format carries (unchanged for other iterables).

    Layers left at their default are narrowed; layers set explicitly must all be carried, since a
    layer the file cannot hold would score as all missed.
    """
    if not isinstance(predictions, Predictions):
        return config
    lacking = [layer for layer in config.layers if layer not in predictions.layers]
    if not lacking:
        return config
    if "layers" in config.model_fields_set:
        raise InputError(f"the {predictions.format} format carries no {' or '.join(lacking)} layer; score "
                         f"{', '.join(predictions.layers)} only", field="layers")
    return config.model_copy(update={"layers": tuple(x for x in config.layers if x in predictions.layers)})


def headline_keys(layers: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The metrics a comparison reports: ``(name, tally key)``."""
    keys: list[tuple[str, tuple[str, ...]]] = []
    if "entities" in layers:
        keys += [(f"entities.{s}.f1", ("entities", "nested", s, "ALL")) for s in SCHEMES]
        keys.append(("entities.outermost.strict.f1", ("entities", "outermost", "strict", "ALL")))
    for layer in ("timex", "numeric"):
        if layer in layers:
            keys += [(f"{layer}.{m}.f1", (layer, m)) for m in ("strict", "relaxed")]
            keys += [(f"{layer}.{f.name}.f1", (layer, "field", f.name)) for f in LAYER_FIELDS[layer]]
    return keys


def compare(gold: GoldCorpus, a: Iterable[DocumentPrediction], b: Iterable[DocumentPrediction], *,
            config: ScoreConfig | None = None, names: tuple[str, str] = ("A", "B")) -> Comparison:
    """Paired comparison of systems A and B: F1 of each, ΔF1 = B − A with a paired bootstrap
    interval, and the approximate-randomisation p-value (see :mod:`bench.metrics.resampling`)."""
    from bench.metrics.aggregate import alignment_of
    from bench.metrics.resampling import paired_delta_intervals, randomization_ps

    config = carried_layers(carried_layers(config or ScoreConfig(), a), b)
    counting = config.model_copy(update={"collect_errors": False})  # a comparison shows no error items
    run_a, run_b = run_scoring(gold, a, counting), run_scoring(gold, b, counting)
    n = run_a.n_units
    headline = headline_keys(config.layers)
    matrices = {key: (run_a.tally.kinds[key], run_a.tally.matrix(key, n), run_b.tally.matrix(key, n))
                for _, key in headline}
    intervals = paired_delta_intervals(matrices, n, config.bootstrap_samples, config.seed, config.confidence)
    p_values = randomization_ps(matrices, config.randomization_trials, config.seed)
    rows = []
    for name, key in headline:
        kind, ma, mb = matrices[key]
        fa, fb = run_a.tally.total(key).f1, run_b.tally.total(key).f1
        ci = intervals[key]
        rows.append(ComparisonRow(
            metric=name, a=fa, b=fb, delta=None if fa is None or fb is None else fb - fa,
            delta_ci=Interval(low=ci[0], high=ci[1]) if ci else None,
            p_value=p_values[key]))
    modes = {alignment_of(run_a).mode, alignment_of(run_b).mode}
    sig = signature(config, gold.signature, "+".join(sorted(modes)))
    sig += f"|test:ar|trials:{config.randomization_trials}"
    return Comparison(signature=sig, a=names[0], b=names[1], trials=config.randomization_trials,
                      rows=tuple(rows))
