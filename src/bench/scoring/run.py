"""One pass over the predictions, a batch of documents at a time: each document's items are placed,
each layer of the batch is paired at once on arrays, and the outcomes feed the tally (per sentence
unit), the error list, the confusion cells and the compatibility modes' counts (:class:`Run`)."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np

from bench.compat import MODES
from bench.errors import InputError
from bench.io.gold import GoldCorpus
from bench.io.predictions import each_known_once, offset_problem, offsets_checked
from bench.matching.names import NameIndex
from bench.matching.placement import Placer
from bench.metrics.counts import FieldCounts, SpanCounts
from bench.metrics.entity_batch import COR, BatchOutcomes, EntityBatch, StrictOutcomes, lookup
from bench.metrics.fields import CANONICAL, LAYER_FIELDS, Agreement
from bench.metrics.layout import LayerInput
from bench.metrics.span_batch import SpanBatch, SpanPairs
from bench.metrics.tally import Tally, column_index
from bench.schema.config import ScoreConfig
from bench.schema.document import GoldDocument
from bench.schema.labels import SCHEMES, VIEWS
from bench.schema.predictions import DocumentPrediction
from bench.scoring.error_records import ErrorLog, ErrorRecord, entity_columns, pred_side
from bench.text.segments import sentence_starts


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


class _BatchDocument:
    """One document of a batch: its predictions placed, layer by layer, before the batch pairs them."""

    def __init__(self, doc: GoldDocument, base: int, starts: list[int], run: Run, config: ScoreConfig) -> None:
        self.doc, self.base, self.starts, self.run, self.config = doc, base, starts, run, config
        self.placer = Placer(doc.text)

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

    def layer_input(self, layer: str, preds: tuple) -> LayerInput:
        """This document's ``layer`` for a batch: predictions placed, compatibility modes fed."""
        resolved, unplaced = self.resolve(preds)
        self._compat(layer, resolved, unplaced)
        return LayerInput(self.doc.text, self.base, self.starts, getattr(self.doc, layer), resolved, unplaced)

    def _compat(self, layer: str, resolved: list, unplaced: list) -> None:
        """Feed this layer's placed and unplaced predictions to every requested mode that reads it."""
        for name in self.config.compat:
            mode = MODES[name]
            if mode.layer == layer:
                self.run.compat[name] = mode.collect(self.run.compat.get(name, mode.start()), self.doc, resolved,
                                                     unplaced)


BATCH_SPANS = 50_000
"""Documents are scored in batches of about this many gold and predicted spans (of the layers
scored): enough for array passes to dominate, few enough to keep memory bounded on any corpus."""


def run_scoring(gold: GoldCorpus, predictions: Iterable[DocumentPrediction], config: ScoreConfig) -> Run:
    """One pass over the predictions (streamed: a batch of documents is dropped once it is scored).

    While the predictions stream in, the cyclic garbage collector does not run on its own: its
    passes would walk the batch in flight again and again as each document's predictions are
    allocated (about a tenth of a run over a million spans). It runs once after each batch instead,
    over the objects made since the one before (``gc.collect(1)``), so cyclic garbage never
    outlives its batch, and memory stays bounded. The objects that existed before the pass (the
    gold above all) are frozen out of it (``gc.freeze``) and handed back at the end. A process that
    froze objects or switched the collector off itself is left as it is.
    """
    frozen = gc.get_freeze_count() == 0
    collect = gc.isenabled()
    if frozen:
        gc.freeze()
    gc.disable()
    try:
        return _run_scoring(gold, predictions, config, collect)
    finally:
        if collect:
            gc.enable()
        if frozen:
            gc.unfreeze()


def _run_scoring(gold: GoldCorpus, predictions: Iterable[DocumentPrediction], config: ScoreConfig,
                 collect: bool) -> Run:
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
    batch: list[tuple[_BatchDocument, DocumentPrediction]] = []
    size = 0
    for pred in each_known_once(predictions, documents):
        seen.add(pred.id)
        doc = documents[pred.id]
        problem = None if offsets_checked(pred, doc.text) else offset_problem(doc, pred)
        if problem:
            raise InputError(f"document '{pred.id}': {problem[1]}", field=problem[0])
        batch.append((_BatchDocument(doc, bases[pred.id], starts[pred.id], run, config), pred))
        size += sum(len(getattr(doc, layer)) + len(getattr(pred, layer)) for layer in config.layers)
        if size >= BATCH_SPANS:
            _score_batch(batch, run, config)
            batch, size = [], 0
            if collect:
                gc.collect(1)
    missing = [doc.id for doc in gold.documents if doc.id not in seen]
    if missing and not config.allow_missing:
        raise InputError(f"no predictions for {len(missing)} gold document(s): {', '.join(missing)} "
                         "(allow_missing / --allow-missing scores them as empty)")
    for doc_id in missing:
        document = _BatchDocument(documents[doc_id], bases[doc_id], starts[doc_id], run, config)
        batch.append((document, DocumentPrediction(id=doc_id)))
    _score_batch(batch, run, config)
    return run


def _score_batch(batch: list[tuple[_BatchDocument, DocumentPrediction]], run: Run, config: ScoreConfig) -> None:
    """Score a batch, one layer at a time, each over all the batch's documents at once."""
    if not batch:
        return
    if "entities" in config.layers:
        inputs = [document.layer_input("entities", pred.entities) for document, pred in batch]
        found = EntityBatch(inputs)
        outcomes = found.outcomes()
        _tally_entities(run, found, outcomes)
        if config.collect_errors:
            numbers = [run.errors.number[document.doc.id] for document, _ in batch]
            run.errors.entities.append(entity_columns(found, outcomes.strict, numbers))
    for layer in ("timex", "numeric"):
        if layer in config.layers:
            inputs = [document.layer_input(layer, getattr(pred, layer)) for document, pred in batch]
            _score_span_layer(run, layer, inputs, [document.doc.id for document, _ in batch], config)


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
    _confusion(run, "entities", batch.types,
               np.concatenate((lookup(batch.g_type, strict.gold), np.full(len(batch.u_type), -1))),
               np.concatenate((lookup(batch.p_type, strict.pred), batch.u_type)))


def _confusion(run: Run, layer: str, labels: Sequence[str], true: np.ndarray, pred: np.ndarray) -> None:
    """Count each (gold label, predicted label) cell, from codes into ``labels`` (-1: ``O``, no pair)."""
    names = np.array([*labels, "O"], dtype=object)
    n = len(names)
    found, counts = np.unique((true % n) * n + pred % n, return_counts=True)
    cells = run.confusion.setdefault(layer, Counter())
    for cell, k in zip(found.tolist(), counts.tolist()):
        cells[(names[cell // n], names[cell % n])] += k


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


_SPAN = {name: column_index(SpanCounts, name) for name in ("cor", "mis", "spu")}
_FIELD = {name: column_index(FieldCounts, name) for name in ("matched", "correct", "credit", "gold", "pred")}


def _score_span_layer(run: Run, layer: str, docs: list[LayerInput], doc_ids: list[str], config: ScoreConfig) -> None:
    """A batch's TIMEX3 or numeric layer: pairs on arrays (:class:`SpanBatch`), then its counts,
    confusion cells (TIMEX3 types) and error records."""
    batch = SpanBatch(docs, LAYER_FIELDS[layer])
    pairs = batch.pairs()
    agreements = batch.agreements(pairs, run.names)
    _tally_span_layer(run.tally, layer, batch, pairs, agreements)
    missed, spurious = pairs.missed(len(batch.gold)), pairs.spurious(len(batch.pred))
    if layer == "timex":
        labels = sorted({item.type for item in (*batch.gold, *batch.pred, *batch.unplaced)})
        index = {t: i for i, t in enumerate(labels)}
        g_type, p_type, u_type = (np.array([index[item.type] for item in items], dtype=np.int64)
                                  for items in (batch.gold, batch.pred, batch.unplaced))
        _confusion(run, layer, labels,
                   np.concatenate((g_type[pairs.relaxed_gold], g_type[missed],
                                   np.full(len(spurious) + len(u_type), -1))),
                   np.concatenate((p_type[pairs.relaxed_pred], np.full(len(missed), -1), p_type[spurious], u_type)))
    if config.collect_errors:
        _span_errors(run, layer, batch, pairs, agreements, missed, spurious, doc_ids)


def _tally_span_layer(tally: Tally, layer: str, batch: SpanBatch, pairs: SpanPairs,
                      agreements: list[tuple[Agreement, ...]]) -> None:
    """Strict and relaxed span counts, and each field's counts, per sentence unit."""
    for mode, strict in (("strict", True), ("relaxed", False)):
        gold = pairs.strict_gold if strict else pairs.relaxed_gold
        missed, spurious = pairs.missed(len(batch.gold), strict), pairs.spurious(len(batch.pred), strict)
        units = np.concatenate((batch.g_unit[gold], batch.g_unit[missed], batch.p_unit[spurious], batch.u_unit))
        columns = np.repeat([_SPAN["cor"], _SPAN["mis"], _SPAN["spu"]],
                            (len(gold), len(missed), len(spurious) + len(batch.u_unit)))
        tally.add_events((layer, mode), SpanCounts, units, columns)
    paired = batch.g_unit[pairs.relaxed_gold]
    predicted = np.concatenate((batch.p_unit, batch.u_unit))
    for index, spec in enumerate(LAYER_FIELDS[layer]):
        key = (layer, "field", spec.name)
        exact = np.array([found[index].exact for found in agreements], dtype=bool)
        # Credit is a float sum where it can be partial (free text): added in place per unit, in
        # the pairs' order, so its digits do not depend on how counts are batched. Elsewhere an
        # agreement's credit is 1, counted with the rest.
        events = [(paired, "matched"), (paired[exact], "correct"), (batch.g_unit, "gold"), (predicted, "pred")]
        if not spec.free_text:
            events.append((paired[exact], "credit"))
        units = np.concatenate([where for where, _ in events])
        columns = np.repeat([_FIELD[name] for _, name in events], [len(where) for where, _ in events])
        tally.add_events(key, FieldCounts, units, columns)
        if spec.free_text:
            for unit, found in zip(paired.tolist(), agreements):
                if found[index].credit:
                    tally.row(key, FieldCounts, unit)[_FIELD["credit"]] += found[index].credit


def _span_errors(run: Run, layer: str, batch: SpanBatch, pairs: SpanPairs, agreements: list[tuple[Agreement, ...]],
                 missed: np.ndarray, spurious: np.ndarray, doc_ids: list[str]) -> None:
    """The error records of a batch's TIMEX3 or numeric layer: every relaxed pair (correct, wrong
    fields or boundary), every missed gold item, every spurious or unplaced prediction."""
    fields = LAYER_FIELDS[layer]
    records = run.errors.records
    label = (lambda item: item.type) if layer == "timex" else (lambda item: None)
    docs = batch.g_doc.tolist()
    for g, p, found in zip(pairs.relaxed_gold.tolist(), pairs.relaxed_pred.tolist(), agreements):
        gold, pred = batch.gold[g], batch.pred[p]
        wrong = tuple(spec.name for spec, agreement in zip(fields, found) if not agreement.exact)
        exact = gold.start == pred.start and gold.end == pred.end
        category = "boundary" if not exact else "fields" if wrong else "correct"
        records.append(ErrorRecord(layer, doc_ids[docs[g]], category, wrong, gold, label(gold),
                                   pred_side(pred, fields), label(pred)))
    for g in missed.tolist():
        gold = batch.gold[g]
        records.append(ErrorRecord(layer, doc_ids[docs[g]], "missed", (), gold, label(gold), None, None))
    p_docs = batch.p_doc.tolist()
    for doc, pred in chain(((p_docs[p], batch.pred[p]) for p in spurious.tolist()),
                           zip(batch.u_doc.tolist(), batch.unplaced)):
        records.append(ErrorRecord(layer, doc_ids[doc], "spurious", (), None, None, pred_side(pred, fields),
                                   label(pred)))
