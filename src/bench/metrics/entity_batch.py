"""Entity outcomes of many documents at once, on arrays: every scheme, both views, per type.

The array twin of scoring each document with :func:`bench.metrics.entities.all_outcomes`: the same
pairings (:func:`bench.matching.sweep.pair_arrays`, equal to
:func:`bench.matching.assign.pair_extents`), the same scheme rules
(:data:`bench.metrics.entities.SCHEME_RULES`, SemEval-2013 Task 9.1 as nervaluate defines them, plus
``clitic``), the same ``outermost`` view and proclitic boundary rule, and the same counts per
sentence unit and per type; tests hold the two paths to identical counts. A batch lays its
documents end to end in one position space (each document after the previous one's end), and the
per-type tables add a further offset per type, so one pairing call serves every document and type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from bench.matching.assign import Preference
from bench.matching.boundary import is_edge, onto
from bench.matching.sweep import ArrayPairing, SpanArrays, component_of, pairings
from bench.metrics.counts import SpanCounts
from bench.metrics.entities import PREFERENCE, SCHEME_RULES
from bench.metrics.layout import LayerInput, Layout, column
from bench.metrics.tally import column_index
from bench.schema.labels import SCHEMES, VIEWS

COR, INC, PAR, MIS, SPU = (column_index(SpanCounts, c) for c in ("cor", "inc", "par", "mis", "spu"))
"""The :class:`SpanCounts` columns the outcomes are counted in."""


@dataclass(frozen=True)
class Events:
    """Outcomes of one table as count columns, each in a sentence unit (``units`` None: a total only)."""

    units: np.ndarray | None
    columns: np.ndarray


@dataclass(frozen=True)
class SchemeTable:
    """One scheme in one view: the ALL table per unit, and each type's table as totals."""

    all: Events
    per_type: dict[str, Events]


@dataclass(frozen=True)
class StrictOutcomes:
    """The nested view's strict outcomes (errors, confusion, linking), in the order of
    :func:`bench.metrics.entities.classify`: per document the pairs by gold index, then the missed
    gold, then the spurious predictions. Indices are the batch's (``g_*``/``p_*`` arrays); -1 where
    a side is absent."""

    doc: np.ndarray
    column: np.ndarray
    gold: np.ndarray
    pred: np.ndarray


@dataclass(frozen=True)
class BatchOutcomes:
    """What a batch contributes to the tally and to the error list."""

    tables: dict[str, dict[str, SchemeTable]]
    """``tables[view][scheme]``, views and schemes in :data:`VIEWS` and :data:`SCHEMES` order."""
    strict: StrictOutcomes


@dataclass(frozen=True)
class _Outcomes:
    """One pairing's outcomes: the pairs first (whether extents and types agree), then the missed
    gold, the spurious and the unplaced predictions; each with its unit and type."""

    exact: np.ndarray
    same: np.ndarray
    rest: np.ndarray
    """MIS or SPU for each outcome after the pairs."""
    units: np.ndarray
    types: np.ndarray

    def columns(self, scheme: str) -> np.ndarray:
        """What each outcome counts as under ``scheme`` (:data:`SCHEME_RULES`; a conflicted
        prediction's type never agrees)."""
        rule = SCHEME_RULES[scheme]
        right = np.ones(len(self.exact), dtype=bool)
        if rule.extent:
            right &= self.exact
        if rule.type:
            right &= self.same
        pairs = np.where(right, COR, PAR if rule.otherwise == "par" else INC)
        return np.concatenate((pairs, self.rest))


class EntityBatch:
    """The entity layers of several documents as arrays (positions laid end to end)."""

    def __init__(self, docs: Sequence[LayerInput]) -> None:
        self.docs = docs
        self.layout = layout = Layout(docs)
        self.offset = layout.offset
        self.stride = layout.stride
        """Added once per type code: spans of different types never overlap."""
        counts_g = [len(d.gold) for d in docs]
        counts_p = [len(d.pred) for d in docs]
        counts_u = [len(d.unplaced) for d in docs]
        g_start, g_end, g_type, g_name = (column(docs, "gold", name) for name in ("start", "end", "type", "canonical"))
        p_start, p_end, p_type, p_name = (column(docs, "pred", name) for name in ("start", "end", "type", "canonical"))
        unplaced = column(docs, "unplaced", "type")
        self.types = tuple(sorted(set(g_type) | set(p_type) | set(unplaced)))
        code = {t: i for i, t in enumerate(self.types)}
        # A prediction's rank is (type, canonical name): names as codes in sorted order, 0 for none.
        names = sorted(set(p_name) - {None, ""})
        name_code = {n: i + 1 for i, n in enumerate(names)}
        # Per side: document, index in it, batch start and end, type code, and whether it has a
        # canonical name (gold mentions without one abstain from linking).
        self.g_doc, self.g_local, self.g_start, self.g_end = layout.side(counts_g, g_start, g_end)
        self.p_doc, self.p_local, self.p_start, self.p_end = layout.side(counts_p, p_start, p_end)
        self.g_type, self.p_type = (np.array([code[t] for t in types], dtype=np.int64) for types in (g_type, p_type))
        self.g_named, self.p_named = (np.array([n is not None for n in given], dtype=bool)
                                      for given in (g_name, p_name))
        self.p_rank = self.p_type * (len(names) + 1) + np.array([name_code.get(n, 0) for n in p_name],
                                                                 dtype=np.int64)
        self.u_type = np.array([code[t] for t in unplaced], dtype=np.int64)
        self.u_unit = np.repeat(layout.bases, counts_u)
        self.g_unit = self.unit(self.g_start)
        self.p_unit = self.unit(self.p_start)
        self._point_cache: np.ndarray | None = None

    def unit(self, positions: np.ndarray) -> np.ndarray:
        """The sentence unit of each position (:meth:`Layout.unit`)."""
        return self.layout.unit(positions)

    # -- views and the boundary rule ---------------------------------------------------------------
    def outermost(self, start: np.ndarray, end: np.ndarray, kind: np.ndarray, local: np.ndarray) -> np.ndarray:
        """Which spans are not strictly inside another of the same side
        (:func:`bench.matching.spans.outermost`): one sort, then running maxima of the ends."""
        n = len(start)
        keep = np.ones(n, dtype=bool)
        if n < 2:
            return keep
        order = np.lexsort((local, kind, -end, start))
        s, e = start[order], end[order]
        running = np.maximum.accumulate(e)
        raised = np.ones(n, dtype=bool)
        raised[1:] = e[1:] > running[:-1]
        setter = np.maximum.accumulate(np.where(raised, np.arange(n), 0))
        prev = setter[:-1]
        inside = np.zeros(n, dtype=bool)
        inside[1:] = (e[1:] <= running[:-1]) & ~((s[1:] == s[prev]) & (e[1:] == e[prev]))
        keep[order] = ~inside
        return keep

    def _points(self) -> np.ndarray:
        """The batch's text as code points (documents end to end, one separator after each)."""
        if self._point_cache is None:
            text = "".join(d.text + "\n" for d in self.docs)
            self._point_cache = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        return self._point_cache

    def trimmed(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:func:`~bench.matching.boundary.trim` of every extent: white space and punctuation off
        both edges, the extent unchanged if nothing would be left. One array step per character
        removed, on the extents that still have one to remove."""
        points = self._points()
        s, e = start.copy(), end.copy()
        for step, edge_at in ((1, s), (-1, e)):
            active = np.arange(len(s))
            while active.size:
                active = active[s[active] < e[active]]
                at = s[active] if step == 1 else e[active] - 1
                active = active[_is_edge(points[at])]
                edge_at[active] += step
        empty = s >= e
        return np.where(empty, start, s), np.where(empty, end, e)

    def forgiven(self, gold: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Predicted extents after the proclitic boundary rule against ``gold`` (indices of one view):
        :func:`bench.matching.boundary.forgive_proclitics`. The trimmed extents are read from arrays;
        only a prediction that some gold extent could be moved to over a proclitic is read as text."""
        start, end = self.p_start[pred].copy(), self.p_end[pred].copy()
        gs, ge = self.g_start[gold], self.g_end[gold]
        if not len(pred) or not len(gold):
            return start, end
        t_start, t_end = self.trimmed(start, end)
        # Gold extents as (end, start) keys: the moved start is the first gold start, in ascending
        # order, that equals the trimmed start or lies one proclitic cluster (1-4 characters) after it.
        width = int(max(ge.max(), end.max())) + 5  # above every start, and every start + 4
        keys = np.sort(ge * width + gs)
        at_gold = _contains(keys, end * width + start)
        same = _contains(keys, t_end * width + t_start) & ~at_gold
        start[same], end[same] = t_start[same], t_end[same]
        lo = np.searchsorted(keys, t_end * width + t_start + 1)
        hi = np.searchsorted(keys, t_end * width + t_start + 4, "right")
        for j in np.flatnonzero((hi > lo) & ~same & ~at_gold).tolist():
            k = int(self.p_doc[pred[j]])
            o = int(self.offset[k])
            moved = onto(self.docs[k].text, int(t_start[j]) - o, (keys[lo[j]:hi[j]] % width - o).tolist())
            if moved is not None:
                start[j], end[j] = moved + o, t_end[j]
        return start, end

    # -- outcomes -----------------------------------------------------------------------------------
    def outcomes(self) -> BatchOutcomes:
        """Every scheme's tables in both views, and the nested view's strict outcomes."""
        tables: dict[str, dict[str, SchemeTable]] = {}
        strict: StrictOutcomes | None = None
        all_gold, all_pred = np.arange(len(self.g_start)), np.arange(len(self.p_start))
        for view in VIEWS:
            if view == "nested":
                gold, pred = all_gold, all_pred
            else:
                gold = all_gold[self.outermost(self.g_start, self.g_end, self.g_type, self.g_local)]
                pred = all_pred[self.outermost(self.p_start, self.p_end, self.p_type, self.p_local)]
            moved_start, moved_end = self.forgiven(gold, pred)
            given = (self.p_start[pred], self.p_end[pred], self.p_unit[pred])
            sides = {"exact": given, "overlap": given, "clitic": (moved_start, moved_end, self.unit(moved_start))}
            # The exact and overlap pairings read the same extents: one call serves both.
            found = dict(zip(("exact", "overlap"), self._pair(gold, pred, *given[:2],
                                                              (PREFERENCE["exact"], PREFERENCE["overlap"]))))
            found["clitic"] = self._repair(gold, pred, found[PREFERENCE["clitic"]], moved_start, moved_end)
            events = {key: (self._events(gold, pred, *sides[key], whole), self._events(gold, pred, *sides[key], typed))
                      for key, (whole, typed) in found.items()}
            tables[view] = {scheme: self._table(scheme, *events[SCHEME_RULES[scheme].pairing]) for scheme in SCHEMES}
            if view == "nested":
                strict = self._strict(gold, pred, found["exact"][0], events["exact"][0])
        assert strict is not None
        return BatchOutcomes(tables=tables, strict=strict)

    def _arrays(self, gold: np.ndarray, start: np.ndarray, end: np.ndarray, pred: np.ndarray,
                by_type: bool) -> tuple[SpanArrays, SpanArrays]:
        shift_g = self.g_type[gold] * self.stride if by_type else 0
        shift_p = self.p_type[pred] * self.stride if by_type else 0
        g = SpanArrays(self.g_start[gold] + shift_g, self.g_end[gold] + shift_g, self.g_type[gold], self.g_type[gold])
        p = SpanArrays(start + shift_p, end + shift_p, self.p_rank[pred], self.p_type[pred])
        return g, p

    def _pair(self, gold: np.ndarray, pred: np.ndarray, start: np.ndarray, end: np.ndarray,
              prefers: tuple[Preference, ...]) -> list[tuple[ArrayPairing, ArrayPairing]]:
        """Per preference, the pairing of one view and the per-type pairing that keeps its verdicts
        (which predictions are conflicted or surplus does not depend on the preference)."""
        wholes = pairings(*self._arrays(gold, start, end, pred, False), prefers)
        verdict = wholes[0].surplus | wholes[0].conflicted
        typed = pairings(*self._arrays(gold, start, end, pred, True), prefers, dropped=verdict)
        return list(zip(wholes, typed))

    def _repair(self, gold: np.ndarray, pred: np.ndarray, base: tuple[ArrayPairing, ArrayPairing],
                start: np.ndarray, end: np.ndarray) -> tuple[ArrayPairing, ArrayPairing]:
        """``_pair(gold, pred, start, end, (PREFERENCE["clitic"],))[0]`` from ``base``, the pairing of
        the given extents under that preference: only the components the moved extents touch are
        paired again (a few in text: the proclitic rule moves few predictions).

        A component is touched when a prediction in it moved or a moved extent now overlaps it. The
        others hold the same spans, none of which overlaps a span outside, so their pairs, surplus and
        conflicts stay; per type they do too, since a per-type component lies inside one of them.
        """
        whole, typed = base
        moved = np.flatnonzero((start != self.p_start[pred]) | (end != self.p_end[pred]))
        if not moved.size:
            return base
        lo, hi = whole.components
        # The components a moved extent now overlaps (lo < end and hi > start) are a run each.
        first, stop = np.searchsorted(hi, start[moved], "right"), np.searchsorted(lo, end[moved], "left")
        runs = np.zeros(len(lo) + 1, dtype=np.int64)
        np.add.at(runs, first, 1)
        np.add.at(runs, np.maximum(stop, first), -1)
        hit = np.cumsum(runs)[:-1] > 0
        comp_p = component_of(whole.components, self.p_start[pred])
        hit[comp_p[moved]] = True
        in_g = hit[component_of(whole.components, self.g_start[gold])]
        in_p = hit[comp_p]
        sub_g, sub_p = np.flatnonzero(in_g), np.flatnonzero(in_p)
        again = self._pair(gold[sub_g], pred[sub_p], start[sub_p], end[sub_p], (PREFERENCE["clitic"],))[0]
        return _splice(whole, again[0], in_g, sub_g, sub_p), _splice(typed, again[1], in_g, sub_g, sub_p)

    def _events(self, gold: np.ndarray, pred: np.ndarray, start: np.ndarray, end: np.ndarray, units: np.ndarray,
                paired: ArrayPairing) -> _Outcomes:
        """Every outcome of one pairing, before a scheme says what a pair counts as."""
        g = gold[paired.gold]
        exact = (self.g_start[g] == start[paired.pred]) & (self.g_end[g] == end[paired.pred])
        same = (self.g_type[g] == self.p_type[pred[paired.pred]]) & ~paired.conflicted[paired.pred]
        missed = np.ones(len(gold), dtype=bool)
        missed[paired.gold] = False
        spurious = np.ones(len(pred), dtype=bool)
        spurious[paired.pred] = False
        g_missed, p_spurious = gold[missed], np.flatnonzero(spurious)
        rest = np.repeat(np.array([MIS, SPU]), (len(g_missed), len(p_spurious) + len(self.u_unit)))
        where = np.concatenate((self.g_unit[g], self.g_unit[g_missed], units[p_spurious], self.u_unit))
        types = np.concatenate((self.g_type[g], self.g_type[g_missed], self.p_type[pred[p_spurious]], self.u_type))
        return _Outcomes(exact, same, rest, where, types)

    def _table(self, scheme: str, whole: _Outcomes, typed: _Outcomes) -> SchemeTable:
        """One scheme's ALL table (per unit) and per-type tables (totals), from its pairing's outcomes."""
        all_events = Events(whole.units, whole.columns(scheme))
        columns = typed.columns(scheme)
        order = np.argsort(typed.types, kind="stable")
        present, first = np.unique(typed.types[order], return_index=True)
        parts = np.split(columns[order], first[1:])
        per_type = {self.types[t]: Events(None, part) for t, part in zip(present.tolist(), parts)}
        return SchemeTable(all=all_events, per_type=per_type)

    def _strict(self, gold: np.ndarray, pred: np.ndarray, paired: ArrayPairing, found: _Outcomes) -> StrictOutcomes:
        """The nested strict outcomes in per-document order (pairs by gold index, missed, spurious)."""
        columns = found.columns("strict")[:len(paired.gold)]
        missed = np.ones(len(gold), dtype=bool)
        missed[paired.gold] = False
        spurious = np.ones(len(pred), dtype=bool)
        spurious[paired.pred] = False
        g_all = np.concatenate((gold[paired.gold], gold[missed], np.full(int(spurious.sum()), -1)))
        p_all = np.concatenate((pred[paired.pred], np.full(int(missed.sum()), -1), pred[spurious]))
        section = np.repeat(np.arange(3), (len(paired.gold), int(missed.sum()), int(spurious.sum())))
        doc = np.where(g_all >= 0, lookup(self.g_doc, g_all), lookup(self.p_doc, p_all))
        g_local, p_local = lookup(self.g_local, g_all), lookup(self.p_local, p_all)
        first = np.where(section == 2, p_local, g_local)
        order = np.lexsort((p_local, first, section, doc))
        column = np.concatenate((columns, np.full(int(missed.sum()), MIS), np.full(int(spurious.sum()), SPU)))
        return StrictOutcomes(doc=doc[order], column=column[order], gold=g_all[order], pred=p_all[order])


def _splice(old: ArrayPairing, new: ArrayPairing, in_g: np.ndarray, sub_g: np.ndarray,
            sub_p: np.ndarray) -> ArrayPairing:
    """``old`` with the spans ``sub_g`` and ``sub_p`` (whole components; ``in_g`` marks the gold ones)
    as ``new`` paired them (its indices are into those subsets)."""
    keep = ~in_g[old.gold]
    surplus, conflicted = old.surplus.copy(), old.conflicted.copy()
    surplus[sub_p], conflicted[sub_p] = new.surplus, new.conflicted
    return ArrayPairing(np.concatenate((old.gold[keep], sub_g[new.gold])),
                        np.concatenate((old.pred[keep], sub_p[new.pred])), surplus, conflicted)


def lookup(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[index]``, -1 where ``index`` is -1."""
    if not len(values):
        return np.full(len(index), -1, dtype=np.int64)
    return np.where(index >= 0, values[np.maximum(index, 0)], -1)


@cache
def _edge_point(point: int) -> bool:
    return is_edge(chr(point))


def _is_edge(points: np.ndarray) -> np.ndarray:
    """:func:`~bench.matching.boundary.is_edge` of each code point (each distinct one asked once)."""
    if not len(points):
        return np.zeros(0, dtype=bool)
    found, where = np.unique(points, return_inverse=True)
    return np.array([_edge_point(p) for p in found.tolist()], dtype=bool)[where]


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which of ``keys`` occur in ``sorted_keys``."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    found = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[found] == keys
