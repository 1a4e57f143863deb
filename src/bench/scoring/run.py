"""One pass over the predictions: each document's items are placed, paired once per layer, and
the outcomes feed the tally (per sentence unit), the error list, the confusion cells and the
compatibility modes' counts (:class:`Run`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bench.compat import MODES
from bench.errors import InputError
from bench.io.gold import GoldCorpus
from bench.io.predictions import each_known_once, offset_problem
from bench.matching.boundary import forgive_proclitics
from bench.matching.names import NameIndex
from bench.matching.placement import Placer
from bench.matching.spans import Mention, outermost
from bench.metrics.counts import FieldCounts, SpanCounts
from bench.metrics.entities import all_outcomes
from bench.metrics.fields import CANONICAL, LAYER_FIELDS, Agreement, FieldSpec
from bench.metrics.span_layers import match_spans
from bench.metrics.tally import Tally
from bench.schema.config import ScoreConfig
from bench.schema.document import GoldDocument
from bench.schema.labels import SCHEMES, VIEWS
from bench.schema.predictions import DocumentPrediction
from bench.schema.results import Annotation, ErrorItem
from bench.text.segments import sentence_starts, unit_of


@dataclass
class Run:
    """Everything one pass over the predictions produces, before it becomes a Report."""

    tally: Tally = field(default_factory=Tally)
    n_units: int = 0
    doc_units: dict[str, range] = field(default_factory=dict)
    with_offsets: int = 0
    placed: int = 0
    unplaced: int = 0
    errors: list[ErrorItem] = field(default_factory=list)
    confusion: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    compat: dict[str, Any] = field(default_factory=dict)
    """Each compatibility mode's corpus state, by mode name (:data:`bench.compat.MODES`)."""
    names: NameIndex | None = None


def _annotation(item: Any, label: str | None, fields: tuple[FieldSpec, ...] = ()) -> Annotation:
    values = {}
    for spec in fields:
        value = spec.read(item)
        if isinstance(value, tuple):
            for name, part in zip(("value", "value_min", "value_max"), value):
                values[name] = part
        elif spec.name != "type":
            values[spec.name] = value
    return Annotation(start=item.start, end=item.end, text=item.text, label=label, fields=values)


_NO_AGREEMENT = Agreement(exact=False, credit=0.0)
# (exact extent, same type) of a strict INC; (True, True) is a conflicted prediction (one of several
# types offered for one extent), whose type never counts.
_INC_CATEGORY = {(True, True): "type", (True, False): "type", (False, True): "boundary",
                 (False, False): "boundary+type"}


class _DocumentScorer:
    def __init__(self, doc: GoldDocument, base: int, run: Run, config: ScoreConfig) -> None:
        self.doc, self.base, self.run, self.config = doc, base, run, config
        self.starts = sentence_starts(doc.text)
        self.placer = Placer(doc.text)

    def unit(self, offset: int | None) -> int:
        return self.base if offset is None else self.base + unit_of(self.starts, offset)

    def resolve(self, preds: tuple) -> tuple[list[Any], list[Any]]:
        """Predictions with offsets (given or placed from the text alone) and the unplaced ones."""
        placement = self.placer.place(preds)
        resolved, unplaced = [], []
        for i, pred in enumerate(preds):
            if pred.start is not None:
                resolved.append(pred)
                self.run.with_offsets += 1
            elif i in placement.placed:
                start, end = placement.placed[i]
                resolved.append(pred.model_copy(update={"start": start, "end": end,
                                                        "text": self.doc.text[start:end]}))
                self.run.placed += 1
            else:
                unplaced.append(pred)
                self.run.unplaced += 1
        return resolved, unplaced

    # -- entities ---------------------------------------------------------------------------
    def entities(self, preds: tuple) -> None:
        tally = self.run.tally
        resolved, unplaced = self.resolve(preds)
        gold = [Mention(e.start, e.end, e.type, i) for i, e in enumerate(self.doc.entities)]
        pred = [Mention(p.start, p.end, p.type, i, p.canonical or "") for i, p in enumerate(resolved)]
        for view in VIEWS:
            g = gold if view == "nested" else outermost(gold)
            p = pred if view == "nested" else outermost(pred)
            types = sorted({m.type for m in g} | {m.type for m in p} | {u.type for u in unplaced})
            # The boundary rule moves predicted extents onto the gold extents of this view; the
            # per-type tables reuse the moved extents, as they reuse the verdicts.
            f = forgive_proclitics(self.doc.text, g, p)
            results, verdicts = all_outcomes(g, p, forgiven=f)
            # Per-type tables keep the unfiltered verdicts: GPE and LOC offered for one extent stay
            # one undecided answer (spurious), although the GPE table alone sees only one of them.
            per_type = {kind: all_outcomes([m for m in g if m.type == kind], [m for m in p if m.type == kind],
                                           verdicts, forgiven=[m for m in f if m.type == kind])[0]
                        for kind in types}
            for scheme in SCHEMES:
                key = ("entities", view, scheme, "ALL")
                tally.ensure(key, SpanCounts)
                self._count(key, results[scheme], unplaced)
                for kind in types:
                    # Per-type cells keep corpus totals only (no CI, no per-document breakdown).
                    self._count(("entities", view, scheme, kind), per_type[kind][scheme],
                                [u for u in unplaced if u.type == kind], per_unit=False)
            if view == "nested":
                self._entity_errors(results["strict"], resolved, unplaced)
                self._canonical(results["strict"], resolved)
        self._compat("entities", resolved, unplaced)

    def _compat(self, layer: str, resolved: list, unplaced: list) -> None:
        """Feed this layer's placed and unplaced predictions to every requested mode that reads it."""
        for name in self.config.compat:
            mode = MODES[name]
            if mode.layer == layer:
                self.run.compat[name] = mode.collect(self.run.compat.get(name, mode.start()), self.doc, resolved,
                                                     unplaced)

    def _count(self, key: tuple, results: list, unplaced: list, per_unit: bool = True) -> None:
        tally = self.run.tally
        for label, g, p in results:
            tally.add(key, SpanCounts, self.unit((g or p).start) if per_unit else None, label)
        if unplaced:
            tally.add(key, SpanCounts, self.base if per_unit else None, "spu", len(unplaced))

    def _emitter(self, layer: str, fields: tuple[FieldSpec, ...] = ()):
        keep, errors, doc_id = self.config.collect_errors, self.run.errors, self.doc.id

        def emit(category: str, gold: Any = None, gold_label: str | None = None, pred: Any = None,
                 pred_label: str | None = None, wrong: tuple[str, ...] = ()) -> None:
            # Items are built only when kept: large runs turn error collection off.
            if keep:
                errors.append(ErrorItem(
                    layer=layer, doc_id=doc_id, category=category, wrong_fields=wrong,
                    gold=None if gold is None else _annotation(gold, gold_label, fields),
                    pred=None if pred is None else _annotation(pred, pred_label, fields)))

        return emit

    def _entity_errors(self, strict: list, resolved: list, unplaced: list) -> None:
        """The error list and confusion cells: the strict scheme's own outcomes (nested view)."""
        entities = self.doc.entities
        y_true, y_pred = self.run.confusion.setdefault("entities", ([], []))
        emit = self._emitter("entities")
        for label, g, p in strict:
            y_true.append("O" if g is None else g.type)
            y_pred.append("O" if p is None else p.type)
            gold = None if g is None else entities[g.index]
            pred = None if p is None else resolved[p.index]
            if label == "cor":
                emit("correct", gold, g.type, pred, p.type)
            elif label == "inc":
                category = _INC_CATEGORY[(g.start == p.start and g.end == p.end, g.type == p.type)]
                emit(category, gold, g.type, pred, p.type)
            elif label == "mis":
                emit("missed", gold, g.type)
            else:
                emit("spurious", pred=pred, pred_label=p.type)
        for u in unplaced:
            y_true.append("O")
            y_pred.append(u.type)
            emit("spurious", pred=u, pred_label=u.type)

    def _canonical(self, strict: list, resolved: list) -> None:
        """Cross-document linking: ``canonical`` over the strict matches (gold without one abstains)."""
        key = ("entities", "canonical")
        tally, names = self.run.tally, self.run.names
        tally.ensure(key, FieldCounts)
        abstain = set()
        for label, g, p in strict:
            if label != "cor":
                continue
            gold = self.doc.entities[g.index]
            if gold.canonical is None:
                abstain.add(p.index)
                continue
            unit = self.unit(gold.start)
            tally.add(key, FieldCounts, unit, "matched")
            if CANONICAL.agrees(gold, resolved[p.index], names):
                tally.add(key, FieldCounts, unit, "correct")
        for gold in self.doc.entities:
            if gold.canonical is not None:
                tally.add(key, FieldCounts, self.unit(gold.start), "gold")
        for index, item in enumerate(resolved):
            if getattr(item, "canonical", None) is not None and index not in abstain:
                tally.add(key, FieldCounts, self.unit(item.start), "pred")

    # -- TIMEX3 and numeric claims ------------------------------------------------------------
    def span_layer(self, layer: str, preds: tuple) -> None:
        tally = self.run.tally
        gold_items = getattr(self.doc, layer)
        fields = LAYER_FIELDS[layer]
        label = (lambda x: x.type) if layer == "timex" else (lambda x: None)
        resolved, unplaced = self.resolve(preds)
        match = match_spans(gold_items, resolved, fields)
        for mode, pairs in (("strict", match.strict_pairs), ("relaxed", match.relaxed_pairs)):
            key = (layer, mode)
            tally.ensure(key, SpanCounts)
            hit_g = {g for g, _ in pairs}
            hit_p = {p for _, p in pairs}
            for g, _ in pairs:
                tally.add(key, SpanCounts, self.unit(gold_items[g].start), "cor")
            for g, item in enumerate(gold_items):
                if g not in hit_g:
                    tally.add(key, SpanCounts, self.unit(item.start), "mis")
            for p, item in enumerate(resolved):
                if p not in hit_p:
                    tally.add(key, SpanCounts, self.unit(item.start), "spu")
            if unplaced:
                tally.add(key, SpanCounts, self.base, "spu", len(unplaced))
        agreements = {(g, p): [_NO_AGREEMENT if p in match.conflicted
                               else spec.compare(gold_items[g], resolved[p], self.run.names) for spec in fields]
                      for g, p in match.relaxed_pairs}
        for index, spec in enumerate(fields):
            key = (layer, "field", spec.name)
            tally.ensure(key, FieldCounts)
            for (g, _), found in agreements.items():
                unit = self.unit(gold_items[g].start)
                tally.add(key, FieldCounts, unit, "matched")
                if found[index].exact:
                    tally.add(key, FieldCounts, unit, "correct")
                if found[index].credit:
                    tally.add(key, FieldCounts, unit, "credit", found[index].credit)
            for item in gold_items:
                tally.add(key, FieldCounts, self.unit(item.start), "gold")
            for item in resolved:
                tally.add(key, FieldCounts, self.unit(item.start), "pred")
            if unplaced:
                tally.add(key, FieldCounts, self.base, "pred", len(unplaced))
        self._span_errors(layer, gold_items, resolved, unplaced, match, fields, label, agreements)
        self._compat(layer, resolved, unplaced)

    def _span_errors(self, layer, gold_items, resolved, unplaced, match, fields, label, agreements) -> None:
        typed = layer == "timex"
        y_true, y_pred = self.run.confusion.setdefault(layer, ([], [])) if typed else ([], [])
        emit = self._emitter(layer, fields)
        for g, p in match.relaxed_pairs:
            gold, pred = gold_items[g], resolved[p]
            wrong = tuple(spec.name for spec, found in zip(fields, agreements[(g, p)]) if not found.exact)
            exact = gold.start == pred.start and gold.end == pred.end
            emit("boundary" if not exact else "fields" if wrong else "correct", gold, label(gold), pred, label(pred),
                 wrong)
            y_true.append(label(gold))
            y_pred.append(label(pred))
        for g in match.missed:
            emit("missed", gold_items[g], label(gold_items[g]))
            y_true.append(label(gold_items[g]))
            y_pred.append("O")
        for pred in [resolved[p] for p in match.spurious] + unplaced:
            emit("spurious", pred=pred, pred_label=label(pred))
            y_true.append("O")
            y_pred.append(label(pred))


def run_scoring(gold: GoldCorpus, predictions: Iterable[DocumentPrediction], config: ScoreConfig) -> Run:
    """One pass over the predictions (streamed: each line is dropped once its document is scored)."""
    documents = gold.by_id()
    run = Run(names=gold.names())
    bases: dict[str, int] = {}
    for doc in gold.documents:
        bases[doc.id] = run.n_units
        count = len(sentence_starts(doc.text))
        run.doc_units[doc.id] = range(run.n_units, run.n_units + count)
        run.n_units += count
    seen: set[str] = set()
    for pred in each_known_once(predictions, documents):
        seen.add(pred.id)
        problem = offset_problem(documents[pred.id], pred)
        if problem:
            raise InputError(f"document '{pred.id}': {problem[1]}", field=problem[0])
        _score_document(documents[pred.id], pred, bases[pred.id], run, config)
    missing = [doc.id for doc in gold.documents if doc.id not in seen]
    if missing and not config.allow_missing:
        raise InputError(f"no predictions for {len(missing)} gold document(s): {', '.join(missing)} "
                         "(allow_missing / --allow-missing scores them as empty)")
    for doc_id in missing:
        _score_document(documents[doc_id], DocumentPrediction(id=doc_id), bases[doc_id], run, config)
    return run


def _score_document(doc: GoldDocument, pred: DocumentPrediction, base: int, run: Run, config: ScoreConfig) -> None:
    scorer = _DocumentScorer(doc, base, run, config)
    if "entities" in config.layers:
        scorer.entities(pred.entities)
    for layer in ("timex", "numeric"):
        if layer in config.layers:
            scorer.span_layer(layer, getattr(pred, layer))
