"""Turning a scoring Run into a typed Report (totals, CIs, per-type, per-document, confusion)."""

from __future__ import annotations

from bench.config import ScoreConfig
from bench.metrics.counts import FieldCounts, SpanCounts
from bench.metrics.entities import SCHEMES, VIEWS
from bench.metrics.fields import CANONICAL, LAYER_FIELDS
from bench.metrics.resampling import bootstrap_weights, f1_interval
from bench.report.model import (
    Alignment,
    Compat,
    CompatScore,
    Confusion,
    DocumentScore,
    EntityReport,
    FieldScore,
    Interval,
    NervaluateCompat,
    Report,
    SchemeScores,
    SpanLayerReport,
    SpanScore,
    TE3Attribute,
    TE3Compat,
    TE3Measure,
)
from bench.signature import signature


def alignment_of(run) -> Alignment:
    strings = run.placed + run.unplaced
    mode = ("empty" if not strings and not run.with_offsets else "offsets" if not strings
            else "strings" if not run.with_offsets else "mixed")
    return Alignment(mode=mode, with_offsets=run.with_offsets, placed=run.placed, unplaced=run.unplaced)


class _Builder:
    def __init__(self, run, config: ScoreConfig) -> None:
        self.run, self.config = run, config
        self.weights = (bootstrap_weights(run.n_units, config.bootstrap_samples, config.seed)
                        if config.bootstrap_samples and run.n_units else [])

    def interval(self, key) -> Interval | None:
        if not self.weights:
            return None
        kind = self.run.tally.kinds[key]
        bounds = f1_interval(kind, self.run.tally.matrix(key, self.run.n_units), self.weights,
                             self.config.confidence)
        return Interval(low=bounds[0], high=bounds[1]) if bounds else None

    def span(self, key, counts: SpanCounts | None = None, ci: bool = True) -> SpanScore:
        c = counts if counts is not None else self.run.tally.total(key)
        return SpanScore(cor=c.cor, inc=c.inc, par=c.par, mis=c.mis, spu=c.spu, possible=c.possible,
                         actual=c.actual, precision=c.precision, recall=c.recall, f1=c.f1,
                         f1_ci=self.interval(key) if ci and key is not None else None)

    def field(self, key, spec) -> FieldScore:
        c: FieldCounts = self.run.tally.total(key)
        return FieldScore(field=spec.name, compared_as=spec.compared_as, correct=c.correct, matched=c.matched,
                          gold=c.gold, pred=c.pred, accuracy=c.accuracy, precision=c.precision,
                          recall=c.recall, f1=c.f1, f1_ci=self.interval(key),
                          token_f1=c.token_f1 if spec.free_text and spec.token_scored else None)

    def scheme(self, view: str, scheme: str) -> SchemeScores:
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
        views = {view: {scheme: self.scheme(view, scheme) for scheme in SCHEMES} for view in VIEWS}
        return EntityReport(**views, canonical=self.field(("entities", "canonical"), CANONICAL))

    def span_layer(self, layer: str) -> SpanLayerReport:
        return SpanLayerReport(
            strict=self.span((layer, "strict")), relaxed=self.span((layer, "relaxed")),
            fields=tuple(self.field((layer, "field", spec.name), spec) for spec in LAYER_FIELDS[layer]))

    def per_document(self) -> tuple[DocumentScore, ...]:
        tally, layers = self.run.tally, self.config.layers
        out = []
        for doc_id, units in self.run.doc_units.items():
            values = {}
            if "entities" in layers:
                values["entities_f1"] = tally.total(("entities", "nested", self.config.primary_scheme, "ALL"),
                                                    units).f1
            for layer in ("timex", "numeric"):
                if layer in layers:
                    values[f"{layer}_f1"] = tally.total((layer, "relaxed"), units).f1
            out.append(DocumentScore(doc_id=doc_id, **values))
        return tuple(out)

    def confusion(self) -> dict[str, Confusion]:
        from sklearn.metrics import confusion_matrix

        out = {}
        for layer, (y_true, y_pred) in sorted(self.run.confusion.items()):
            if not y_true:
                continue
            labels = sorted((set(y_true) | set(y_pred)) - {"O"}) + ["O"]
            matrix = confusion_matrix(y_true, y_pred, labels=labels)
            out[layer] = Confusion(labels=tuple(labels), matrix=tuple(tuple(int(v) for v in row) for row in matrix))
        return out


def compat_score(strategy: str, counts: SpanCounts) -> CompatScore:
    from bench.compat.nervaluate import precision_recall_f1

    p, r, f = precision_recall_f1(strategy, counts)
    return CompatScore(cor=counts.cor, inc=counts.inc, par=counts.par, mis=counts.mis, spu=counts.spu,
                       precision=p, recall=r, f1=f)


def _compat(run, config: ScoreConfig) -> Compat | None:
    if not config.compat:
        return None
    parts = {}
    if "nervaluate" in config.compat and "entities" in config.layers:
        strategies: dict[str, dict[str, CompatScore]] = {}
        ordered = sorted(run.nervaluate.items(), key=lambda kv: (kv[0][0], kv[0][1] != "ALL", kv[0][1]))
        for (strategy, name), counts in ordered:
            strategies.setdefault(strategy, {})[name] = compat_score(strategy, counts)
        parts["nervaluate"] = NervaluateCompat(strategies=strategies)
    if "tempeval3" in config.compat and "timex" in config.layers:
        from bench.compat.tempeval3 import attribute_scores, prf

        c = run.tempeval3

        def measure(pairs: int) -> TE3Measure:
            p, r, f = prf(pairs, c.system, pairs, c.gold)
            return TE3Measure(matched_gold=pairs, matched_system=pairs, gold=c.gold, system=c.system,
                              precision=p, recall=r, f1=f)

        attributes = []
        for name, ok in (("type", c.type_ok), ("value", c.value_ok), ("mod", c.mod_ok)):
            accuracy, f1 = attribute_scores(ok, c)
            attributes.append(TE3Attribute(attribute=name, correct=ok, matched=c.relaxed, accuracy=accuracy, f1=f1))
        parts["tempeval3"] = TE3Compat(strict=measure(c.strict), relaxed=measure(c.relaxed),
                                       attributes=tuple(attributes))
    if "conlleval" in config.compat and "entities" in config.layers:
        from bench.compat.conlleval import conlleval_report

        parts["conlleval"] = conlleval_report(run.conlleval)
    return Compat(**parts)


def _error_order(doc_index: dict[str, int]):
    layers = {"entities": 0, "timex": 1, "numeric": 2}

    def key(item) -> tuple:
        # Position first, then content: the order of the input lines never shows through.
        side = item.gold or item.pred
        return (doc_index.get(item.doc_id, len(doc_index)), layers[item.layer],
                -1 if side.start is None else side.start, -1 if side.end is None else side.end,
                item.model_dump_json())

    return key


def build_report(run, *, gold_signature: str, config: ScoreConfig, source: str, documents: int) -> Report:
    builder = _Builder(run, config)
    doc_index = {doc_id: i for i, doc_id in enumerate(run.doc_units)}
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
        errors=tuple(sorted(run.errors, key=_error_order(doc_index))),
        compat=_compat(run, config),
    )
