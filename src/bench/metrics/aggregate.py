"""Aggregating a run's tally into the typed result model: totals with bootstrap CIs, per-type tables,
micro and macro averages, per-document F1 and confusion matrices (rows gold, columns predicted, as
scikit-learn's ``confusion_matrix``, counted with numpy: importing scikit-learn costs more than scoring)."""

from __future__ import annotations

from collections.abc import Mapping

from bench.metrics.counts import FieldCounts, SpanCounts
from bench.metrics.fields import CANONICAL, LAYER_FIELDS
from bench.metrics.resampling import f1_intervals
from bench.metrics.tally import Tally
from bench.schema.config import ScoreConfig
from bench.schema.labels import SCHEMES, VIEWS
from bench.schema.results import (
    Alignment,
    Confusion,
    DocumentScore,
    EntityReport,
    FieldScore,
    Interval,
    SchemeScores,
    SpanLayerReport,
    SpanScore,
)


def alignment_of(run) -> Alignment:
    """How the predictions were placed: all with offsets, all from strings, mixed, or none at all."""
    strings = run.placed + run.unplaced
    mode = ("empty" if not strings and not run.with_offsets else "offsets" if not strings
            else "strings" if not run.with_offsets else "mixed")
    return Alignment(mode=mode, with_offsets=run.with_offsets, placed=run.placed, unplaced=run.unplaced)


class UnitMatrices(Mapping):
    """The tally's per-unit cells as ``key -> (counts class, (n_units, k) matrix)``, each matrix
    built when it is asked for (holding all of them at once takes n_units x 55 floats)."""

    def __init__(self, tally: Tally, n_units: int) -> None:
        self.tally, self.n_units = tally, n_units
        self._keys = tuple(key for key in tally.kinds if tally.per_unit(key))

    def __getitem__(self, key):
        if key not in self._keys:
            raise KeyError(key)
        return self.tally.kinds[key], self.tally.matrix(key, self.n_units)

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class Aggregate:
    """The result-model pieces of one run's tally: totals, CIs, per type, micro/macro, per document,
    confusion matrices."""

    def __init__(self, run, config: ScoreConfig) -> None:
        self.run, self.config = run, config
        self.bounds = {}
        if config.bootstrap_samples and run.n_units:
            # Every resampled cell in one pass over the draws (the cells kept per unit), each
            # cell's per-unit matrix built when it is read and let go after.
            self.bounds = f1_intervals(UnitMatrices(run.tally, run.n_units), run.n_units, config.bootstrap_samples,
                                       config.seed, config.confidence)

    def interval(self, key) -> Interval | None:
        """The bootstrap interval of a cell's F1, if one was computed."""
        bounds = self.bounds.get(key)
        return Interval(low=bounds[0], high=bounds[1]) if bounds else None

    def span(self, key, counts: SpanCounts | None = None, ci: bool = True) -> SpanScore:
        """A span cell's counts and P/R/F1 (``counts`` instead of the cell's total when given)."""
        c = counts if counts is not None else self.run.tally.total(key)
        return SpanScore(cor=c.cor, inc=c.inc, par=c.par, mis=c.mis, spu=c.spu, possible=c.possible,
                         actual=c.actual, precision=c.precision, recall=c.recall, f1=c.f1,
                         f1_ci=self.interval(key) if ci and key is not None else None)

    def field(self, key, spec) -> FieldScore:
        """A field cell's counts, accuracy and P/R/F1."""
        c: FieldCounts = self.run.tally.total(key)
        return FieldScore(field=spec.name, compared_as=spec.compared_as, correct=c.correct, matched=c.matched,
                          gold=c.gold, pred=c.pred, accuracy=c.accuracy, precision=c.precision,
                          recall=c.recall, f1=c.f1, f1_ci=self.interval(key),
                          token_f1=c.token_f1 if spec.free_text and spec.token_scored else None)

    def scheme(self, view: str, scheme: str) -> SchemeScores:
        """One entity scheme in one view: overall, per type, micro and macro over types."""
        tally = self.run.tally
        type_keys = [k for k in tally.keys("entities", view, scheme) if k[3] != "ALL"]
        per_type = {k[3]: self.span(k, ci=False) for k in type_keys}
        pooled = SpanCounts()
        for k in type_keys:
            pooled = pooled + tally.total(k)
        f1s = [s.f1 for s in per_type.values() if s.f1 is not None]
        return SchemeScores(overall=self.span(("entities", view, scheme, "ALL")), per_type=per_type,
                            micro=self.span(None, pooled, ci=False),
                            macro_f1=sum(f1s) / len(f1s) if f1s else None)

    def entities(self) -> EntityReport:
        """Every entity scheme in both views, and canonical-name linking."""
        views = {view: {scheme: self.scheme(view, scheme) for scheme in SCHEMES} for view in VIEWS}
        return EntityReport(**views, canonical=self.field(("entities", "canonical"), CANONICAL))

    def span_layer(self, layer: str) -> SpanLayerReport:
        """A TIMEX3 or numeric layer: strict and relaxed spans, and its fields."""
        return SpanLayerReport(
            strict=self.span((layer, "strict")), relaxed=self.span((layer, "relaxed")),
            fields=tuple(self.field((layer, "field", spec.name), spec) for spec in LAYER_FIELDS[layer]))

    def per_document(self) -> tuple[DocumentScore, ...]:
        """The headline F1 of each layer per document."""
        tally, layers = self.run.tally, self.config.layers
        parts = list(self.run.doc_units.values())
        keys = {}
        if "entities" in layers:
            keys["entities_f1"] = ("entities", "nested", self.config.primary_scheme, "ALL")
        for layer in ("timex", "numeric"):
            if layer in layers:
                keys[f"{layer}_f1"] = (layer, "relaxed")
        columns = {name: tally.totals(key, parts) for name, key in keys.items()}
        return tuple(DocumentScore(doc_id=doc_id, **{name: found[i].f1 for name, found in columns.items()})
                     for i, doc_id in enumerate(self.run.doc_units))

    def confusion(self) -> dict[str, Confusion]:
        """Label confusion matrices over the pairs of each layer (``O`` for an unpaired side)."""
        import numpy as np

        out = {}
        for layer, cells in sorted(self.run.confusion.items()):
            if not cells:
                continue
            labels = sorted({label for pair in cells for label in pair} - {"O"}) + ["O"]
            index = {label: i for i, label in enumerate(labels)}
            matrix = np.zeros((len(labels), len(labels)), dtype=np.int64)
            for (true, pred), n in cells.items():
                matrix[index[true], index[pred]] += n
            out[layer] = Confusion(labels=tuple(labels), matrix=tuple(tuple(int(v) for v in row) for row in matrix))
        return out
