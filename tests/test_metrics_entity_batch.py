"""The batch (array) path counts exactly what the per-document path counts: every scheme, both views,
per sentence unit and per type, and the nested strict outcomes in the same order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.matching.boundary import forgive_proclitics
from bench.matching.spans import Mention, outermost
from bench.metrics.entities import all_outcomes
from bench.metrics.entity_batch import COR, INC, MIS, PAR, SPU, EntityBatch
from bench.metrics.layout import LayerInput
from bench.schema.labels import SCHEMES, VIEWS
from bench.text.segments import sentence_starts, unit_of

LABEL = {COR: "cor", INC: "inc", PAR: "par", MIS: "mis", SPU: "spu"}
TYPES = ("GPE", "ORG", "PERS")


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    type: str
    canonical: str | None = None


@st.composite
def documents(draw):
    text = draw(st.text(alphabet="وبلاد «».\n ", min_size=4, max_size=30))
    n = len(text)
    span = st.integers(0, n - 1).flatmap(lambda s: st.integers(s + 1, min(n, s + 6)).map(lambda e: (s, e)))
    gold = draw(st.lists(st.tuples(span, st.sampled_from(TYPES)), max_size=7))
    pred = draw(st.lists(st.tuples(span, st.sampled_from(TYPES), st.sampled_from((None, "x"))), max_size=9))
    unplaced = draw(st.lists(st.sampled_from(TYPES), max_size=2))
    return (text, [Item(s, e, t) for (s, e), t in gold], [Item(s, e, t, c) for (s, e), t, c in pred],
            [Item(0, 0, t) for t in unplaced])


def _reference(text, base, gold, pred, unplaced):
    """The per-document counting the batch replaces, written out with the per-document functions."""
    starts = sentence_starts(text)
    counts: Counter = Counter()
    strict = []
    g_all = [Mention(e.start, e.end, e.type, i) for i, e in enumerate(gold)]
    p_all = [Mention(p.start, p.end, p.type, i, p.canonical or "") for i, p in enumerate(pred)]
    for view in VIEWS:
        g = g_all if view == "nested" else outermost(g_all)
        p = p_all if view == "nested" else outermost(p_all)
        types = sorted({m.type for m in g} | {m.type for m in p} | {u.type for u in unplaced})
        f = forgive_proclitics(text, g, p)
        results, verdicts = all_outcomes(g, p, forgiven=f)
        for scheme in SCHEMES:
            for label, gm, pm in results[scheme]:
                counts[(view, scheme, "ALL", base + unit_of(starts, (gm or pm).start), label)] += 1
            counts[(view, scheme, "ALL", base, "spu")] += len(unplaced)
        for kind in types:
            found = all_outcomes([m for m in g if m.type == kind], [m for m in p if m.type == kind], verdicts,
                                 forgiven=[m for m in f if m.type == kind])[0]
            for scheme in SCHEMES:
                for label, _, _ in found[scheme]:
                    counts[(view, scheme, kind, None, label)] += 1
                counts[(view, scheme, kind, None, "spu")] += sum(u.type == kind for u in unplaced)
        if view == "nested":
            strict = [(label, -1 if gm is None else gm.index, -1 if pm is None else pm.index)
                      for label, gm, pm in results["strict"]]
    return +counts, strict


def _batch(docs):
    inputs, base = [], 0
    for text, gold, pred, unplaced in docs:
        inputs.append(LayerInput(text, base, sentence_starts(text), gold, pred, unplaced))
        base += len(sentence_starts(text))
    batch = EntityBatch(inputs)
    found = batch.outcomes()
    counts: Counter = Counter()
    for view, by_scheme in found.tables.items():
        for scheme, table in by_scheme.items():
            for unit, column in zip(table.all.units.tolist(), table.all.columns.tolist()):
                counts[(view, scheme, "ALL", unit, LABEL[column])] += 1
            for kind, events in table.per_type.items():
                assert events.units is None
                for column in events.columns.tolist():
                    counts[(view, scheme, kind, None, LABEL[column])] += 1
    strict: list[list] = [[] for _ in docs]
    s = found.strict
    for doc, column, g, p in zip(s.doc.tolist(), s.column.tolist(), s.gold.tolist(), s.pred.tolist()):
        strict[doc].append((LABEL[column], -1 if g < 0 else int(batch.g_local[g]),
                            -1 if p < 0 else int(batch.p_local[p])))
    return counts, strict, inputs


@settings(max_examples=400, deadline=None)
@given(docs=st.lists(documents(), min_size=1, max_size=3))
def test_batch_counts_equal_the_per_document_path(docs):
    counts, strict, inputs = _batch(docs)
    expected: Counter = Counter()
    for (text, gold, pred, unplaced), found_strict, doc in zip(docs, strict, inputs):
        doc_counts, doc_strict = _reference(text, doc.base, gold, pred, unplaced)
        expected.update(doc_counts)
        assert found_strict == doc_strict
    assert counts == expected


def test_a_proclitic_prediction_counts_under_clitic_only():
    text = "قال وبغداد."
    gold = [Item(5, 10, "GPE")]
    pred = [Item(4, 10, "GPE")]
    counts, _, _ = _batch([(text, gold, pred, [])])
    assert counts[("nested", "clitic", "ALL", 0, "cor")] == 1
    assert counts[("nested", "strict", "ALL", 0, "inc")] == 1


def _pairs(paired):
    return sorted(zip(paired.gold.tolist(), paired.pred.tolist()))


@settings(max_examples=400, deadline=None)
@given(docs=st.lists(documents(), min_size=1, max_size=3), data=st.data())
def test_a_repaired_pairing_equals_pairing_again(docs, data):
    # Moved as the proclitic rule moves them (inside their own extent), and moved anywhere in their
    # document (into other components, or between them): only the touched components change.
    _, _, inputs = _batch(docs)
    batch = EntityBatch(inputs)
    everyone = (np.arange(len(batch.g_start)), np.arange(len(batch.p_start)))
    flat = (everyone[0][batch.outermost(batch.g_start, batch.g_end, batch.g_type, batch.g_local)],
            everyone[1][batch.outermost(batch.p_start, batch.p_end, batch.p_type, batch.p_local)])
    for gold, pred in (everyone, flat):
        anywhere = batch.p_start[pred].copy(), batch.p_end[pred].copy()
        for j, i in enumerate(pred.tolist()):
            doc = int(batch.p_doc[i])
            size = len(inputs[doc].text)
            if data.draw(st.booleans()):
                s = data.draw(st.integers(0, size - 1))
                anywhere[0][j] = batch.offset[doc] + s
                anywhere[1][j] = batch.offset[doc] + data.draw(st.integers(s + 1, min(size, s + 6)))
        base = batch._pair(gold, pred, batch.p_start[pred], batch.p_end[pred], ("exact",))[0]
        for start, end in (batch.forgiven(gold, pred), anywhere):
            again = batch._pair(gold, pred, start, end, ("exact",))[0]
            for repaired, paired in zip(batch._repair(gold, pred, base, start, end), again):
                assert _pairs(repaired) == _pairs(paired)
                assert repaired.surplus.tolist() == paired.surplus.tolist()
                assert repaired.conflicted.tolist() == paired.conflicted.tolist()
