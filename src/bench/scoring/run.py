"""One pass over the predictions: each document's items are placed, paired once per layer, and
the outcomes feed the tally (per sentence unit), the error list, the confusion cells and the
compatibility modes' counts (:class:`Run`)."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bench.compat import MODES
from bench.errors import InputError
from bench.io.gold import GoldCorpus
from bench.io.predictions import each_known_once, offset_problem
from bench.matching.names import NameIndex
from bench.matching.placement import Placer
from bench.metrics.counts import FieldCounts, SpanCounts
from bench.metrics.entity_batch import COR, BatchOutcomes, EntityBatch, EntityInput, StrictOutcomes, lookup
from bench.metrics.fields import CANONICAL, DISAGREE, LAYER_FIELDS
from bench.metrics.span_layers import match_spans
from bench.metrics.tally import EventBuffer, Tally, column_index
from bench.schema.config import ScoreConfig
from bench.schema.document import GoldDocument
from bench.schema.labels import SCHEMES, VIEWS
from bench.schema.predictions import DocumentPrediction
from bench.scoring.error_records import ErrorLog, ErrorRecord, entity_columns, fields_of, pred_side
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
    errors: ErrorLog = field(default_factory=lambda: ErrorLog(()))
    """Every outcome, when error items are kept (:mod:`bench.scoring.error_records`)."""
    confusion: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    """Per layer, how many times each (gold label, predicted label) occurred (``O``: an unpaired side)."""
    compat: dict[str, Any] = field(default_factory=dict)
    """Each compatibility mode's corpus state, by mode name (:data:`bench.compat.MODES`)."""
    names: NameIndex | None = None
    events: EventBuffer = field(default_factory=EventBuffer)
    """Counts of the batch being scored, handed to the tally at its end."""


class _DocumentScorer:
    def __init__(self, doc: GoldDocument, base: int, starts: list[int], run: Run, config: ScoreConfig) -> None:
        self.doc, self.base, self.starts, self.run, self.config = doc, base, starts, run, config
        self.placer = Placer(doc.text)

    def unit(self, offset: int | None) -> int:
        return self.base if offset is None else self.base + unit_of(self.starts, offset)

    def resolve(self, preds: tuple) -> tuple[list[Any], list[Any]]:
        """Predictions with offsets (given or placed from the text alone) and the unplaced ones."""
        if all(pred.start is not None for pred in preds):
            self.run.with_offsets += len(preds)
            return list(preds), []
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
    def entity_input(self, preds: tuple) -> EntityInput:
        """This document's entity layer for a batch: predictions placed, compatibility modes fed."""
        resolved, unplaced = self.resolve(preds)
        self._compat("entities", resolved, unplaced)
        return EntityInput(self.doc.text, self.base, self.starts, self.doc.entities, resolved, unplaced)

    def _compat(self, layer: str, resolved: list, unplaced: list) -> None:
        """Feed this layer's placed and unplaced predictions to every requested mode that reads it."""
        for name in self.config.compat:
            mode = MODES[name]
            if mode.layer == layer:
                self.run.compat[name] = mode.collect(self.run.compat.get(name, mode.start()), self.doc, resolved,
                                                     unplaced)

    def _emitter(self, layer: str):
        keep, errors = self.config.collect_errors, self.run.errors.records
        doc_id, fields = self.doc.id, fields_of(layer)

        def emit(category: str, gold: Any = None, gold_label: str | None = None, pred: Any = None,
                 pred_label: str | None = None, wrong: tuple[str, ...] = ()) -> None:
            # Kept as compact records (built into items when read), and only when asked for.
            if keep:
                errors.append(ErrorRecord(layer, doc_id, category, wrong, gold, gold_label,
                                          None if pred is None else pred_side(pred, fields), pred_label))

        return emit

    # -- TIMEX3 and numeric claims ------------------------------------------------------------
    def span_layer(self, layer: str, preds: tuple) -> None:
        tally, events = self.run.tally, self.run.events
        gold_items = getattr(self.doc, layer)
        fields = LAYER_FIELDS[layer]
        label = (lambda x: x.type) if layer == "timex" else (lambda x: None)
        resolved, unplaced = self.resolve(preds)
        match = match_spans(gold_items, resolved, fields)
        g_units = [self.unit(item.start) for item in gold_items]
        p_units = [self.unit(item.start) for item in resolved]
        for mode, pairs in (("strict", match.strict_pairs), ("relaxed", match.relaxed_pairs)):
            key = (layer, mode)
            tally.ensure(key, SpanCounts)
            hit_g = {g for g, _ in pairs}
            hit_p = {p for _, p in pairs}
            events.add(key, SpanCounts, [g_units[g] for g, _ in pairs], "cor")
            events.add(key, SpanCounts, [u for g, u in enumerate(g_units) if g not in hit_g], "mis")
            spurious = [u for p, u in enumerate(p_units) if p not in hit_p]
            events.add(key, SpanCounts, spurious + [self.base] * len(unplaced), "spu")
        agreements = {(g, p): [DISAGREE if p in match.conflicted
                               else spec.compare(gold_items[g], resolved[p], self.run.names) for spec in fields]
                      for g, p in match.relaxed_pairs}
        matched, correct, credit, gold, pred = (column_index(FieldCounts, c)
                                                for c in ("matched", "correct", "credit", "gold", "pred"))
        g_per_unit, p_per_unit = Counter(g_units), Counter(p_units)  # in the order units first occur
        for index, spec in enumerate(fields):
            # Counted in place, in the order of the units' first counts: credit is a float sum.
            key = (layer, "field", spec.name)
            tally.ensure(key, FieldCounts)
            for (g, _), found in agreements.items():
                row = tally.row(key, FieldCounts, g_units[g])
                row[matched] += 1
                if found[index].exact:
                    row[correct] += 1
                if found[index].credit:
                    row[credit] += found[index].credit
            for unit, n in g_per_unit.items():
                tally.row(key, FieldCounts, unit)[gold] += n
            for unit, n in p_per_unit.items():
                tally.row(key, FieldCounts, unit)[pred] += n
            if unplaced:
                tally.row(key, FieldCounts, self.base)[pred] += len(unplaced)
        self._span_errors(layer, gold_items, resolved, unplaced, match, fields, label, agreements)
        self._compat(layer, resolved, unplaced)

    def _span_errors(self, layer, gold_items, resolved, unplaced, match, fields, label, agreements) -> None:
        typed = layer == "timex"
        cells = self.run.confusion.setdefault(layer, Counter()) if typed else Counter()
        emit = self._emitter(layer)
        for g, p in match.relaxed_pairs:
            gold, pred = gold_items[g], resolved[p]
            wrong = tuple(spec.name for spec, found in zip(fields, agreements[(g, p)]) if not found.exact)
            exact = gold.start == pred.start and gold.end == pred.end
            emit("boundary" if not exact else "fields" if wrong else "correct", gold, label(gold), pred, label(pred),
                 wrong)
            cells[(label(gold), label(pred))] += 1
        for g in match.missed:
            emit("missed", gold_items[g], label(gold_items[g]))
            cells[(label(gold_items[g]), "O")] += 1
        for pred in [resolved[p] for p in match.spurious] + unplaced:
            emit("spurious", pred=pred, pred_label=label(pred))
            cells[("O", label(pred))] += 1


BATCH_SPANS = 50_000
"""Documents are scored in batches of about this many gold and predicted entity spans: enough for
array passes to dominate, few enough to keep memory bounded on any corpus."""


def run_scoring(gold: GoldCorpus, predictions: Iterable[DocumentPrediction], config: ScoreConfig) -> Run:
    """One pass over the predictions (streamed: a batch of documents is dropped once it is scored).

    While the predictions stream in, the objects that existed before (the gold above all) are kept
    out of the cyclic garbage collector's full passes (``gc.freeze``), which would otherwise walk
    the whole gold again and again as each document's predictions are allocated; they are handed
    back at the end. A process that froze objects itself is left as it is.
    """
    frozen = gc.get_freeze_count() == 0
    if frozen:
        gc.freeze()
    try:
        return _run_scoring(gold, predictions, config)
    finally:
        if frozen:
            gc.unfreeze()


def _run_scoring(gold: GoldCorpus, predictions: Iterable[DocumentPrediction], config: ScoreConfig) -> Run:
    documents = gold.by_id()
    run = Run(names=gold.names(), errors=ErrorLog(gold.documents))
    bases: dict[str, int] = {}
    starts: dict[str, list[int]] = {}
    for doc in gold.documents:
        bases[doc.id] = run.n_units
        starts[doc.id] = sentence_starts(doc.text)
        run.doc_units[doc.id] = range(run.n_units, run.n_units + len(starts[doc.id]))
        run.n_units += len(starts[doc.id])
    seen: set[str] = set()
    batch: list[tuple[_DocumentScorer, DocumentPrediction]] = []
    size = 0
    for pred in each_known_once(predictions, documents):
        seen.add(pred.id)
        problem = offset_problem(documents[pred.id], pred)
        if problem:
            raise InputError(f"document '{pred.id}': {problem[1]}", field=problem[0])
        batch.append((_DocumentScorer(documents[pred.id], bases[pred.id], starts[pred.id], run, config), pred))
        size += len(documents[pred.id].entities) + len(pred.entities)
        if size >= BATCH_SPANS:
            _score_batch(batch, run, config)
            batch, size = [], 0
    missing = [doc.id for doc in gold.documents if doc.id not in seen]
    if missing and not config.allow_missing:
        raise InputError(f"no predictions for {len(missing)} gold document(s): {', '.join(missing)} "
                         "(allow_missing / --allow-missing scores them as empty)")
    for doc_id in missing:
        scorer = _DocumentScorer(documents[doc_id], bases[doc_id], starts[doc_id], run, config)
        batch.append((scorer, DocumentPrediction(id=doc_id)))
    _score_batch(batch, run, config)
    return run


def _score_batch(batch: list[tuple[_DocumentScorer, DocumentPrediction]], run: Run, config: ScoreConfig) -> None:
    """Score a batch: the entity layer of all its documents at once, then each document's other layers."""
    if not batch:
        return
    if "entities" in config.layers:
        inputs = [scorer.entity_input(pred.entities) for scorer, pred in batch]
        found = EntityBatch(inputs)
        outcomes = found.outcomes()
        _tally_entities(run, found, outcomes)
        if config.collect_errors:
            numbers = [run.errors.number[scorer.doc.id] for scorer, _ in batch]
            run.errors.entities.append(entity_columns(found, outcomes.strict, numbers))
    for scorer, pred in batch:
        for layer in ("timex", "numeric"):
            if layer in config.layers:
                scorer.span_layer(layer, getattr(pred, layer))
    run.events.flush(run.tally)


def _tally_entities(run: Run, batch: EntityBatch, outcomes: BatchOutcomes) -> None:
    """The batch's entity counts: every scheme's tables, the confusion cells, cross-document linking."""
    tally = run.tally
    for view in VIEWS:
        for scheme in SCHEMES:
            table = outcomes.tables[view][scheme]
            tally.add_events(("entities", view, scheme, "ALL"), SpanCounts, table.all.units, table.all.columns)
            # Per-type cells keep corpus totals only (no CI, no per-document breakdown).
            for kind, events in table.per_type.items():
                tally.add_events(("entities", view, scheme, kind), SpanCounts, None, events.columns)
        if view == "nested":
            _canonical(run, batch, outcomes.strict)
    strict = outcomes.strict
    names = np.array([*batch.types, "O"], dtype=object)
    labels = len(names)
    true = np.concatenate((lookup(batch.g_type, strict.gold), np.full(len(batch.u_type), -1)))
    pred = np.concatenate((lookup(batch.p_type, strict.pred), batch.u_type))
    found, counts = np.unique((true % labels) * labels + pred % labels, return_counts=True)
    cells = run.confusion.setdefault("entities", Counter())
    for cell, n in zip(found.tolist(), counts.tolist()):
        cells[(names[cell // labels], names[cell % labels])] += n


def _canonical(run: Run, batch: EntityBatch, strict: StrictOutcomes) -> None:
    """Cross-document linking: ``canonical`` over the strict matches (gold without one abstains)."""
    key = ("entities", "canonical")
    run.tally.ensure(key, FieldCounts)
    docs = batch.docs
    g_named, p_named = batch.g_named, batch.p_named
    cor = strict.column == COR
    g, p = strict.gold[cor], strict.pred[cor]
    named = g_named[g]
    counted = p_named.copy()
    counted[p[~named]] = False  # the prediction on a gold mention without a name abstains
    matched_g, matched_p = g[named], p[named]
    right = [CANONICAL.agrees(docs[batch.g_doc[i]].gold[batch.g_local[i]], docs[batch.p_doc[j]].pred[batch.p_local[j]],
                              run.names) for i, j in zip(matched_g.tolist(), matched_p.tolist())]
    correct = matched_g[np.array(right, dtype=bool)] if right else matched_g[:0]
    units = np.concatenate((batch.g_unit[matched_g], batch.g_unit[correct], batch.g_unit[g_named],
                            batch.p_unit[counted]))
    columns = np.concatenate([np.full(n, column_index(FieldCounts, c)) for n, c in (
        (len(matched_g), "matched"), (len(correct), "correct"), (int(g_named.sum()), "gold"),
        (int(counted.sum()), "pred"))])
    run.tally.add_events(key, FieldCounts, units, columns)
