"""Entity schemes (bench.metrics.entities) against nervaluate 1.2.1 as the oracle.

nervaluate matches greedily (first match in prediction order), we match optimally; the two must agree
whenever there is nothing to choose: every prediction overlaps at most one gold span and every gold
span at most one prediction. The generators below build exactly such sets. nervaluate's dict format
uses inclusive ends, so ``end = our_end - 1``.
"""

from __future__ import annotations

import random
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from bench.matching.spans import Mention, outermost
from bench.metrics.counts import SpanCounts
from bench.metrics.entities import all_outcomes, count, outcomes, pairing
from bench.schema.config import ScoreConfig
from bench.schema.labels import ENTITY_TYPES, SCHEMES
from bench.schema.predictions import DocumentPrediction
from bench.scoring import score
from conftest import memory_corpus

NERV = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
TYPES = ("PERS", "ORG", "GPE")
DOC_LEN = 200


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


@st.composite
def mention(draw, max_start: int = 140) -> Mention:
    start = draw(st.integers(0, max_start))
    length = draw(st.integers(1, 49))
    return Mention(start, start + length, draw(st.sampled_from(TYPES)))


@st.composite
def uncontested_doc(draw) -> tuple[list[Mention], list[Mention]]:
    """Gold and predictions whose overlap graph has degree at most one on both sides."""
    gold = draw(st.lists(mention(), max_size=7))
    candidates = draw(st.lists(mention(), max_size=7))
    # predictions derived from gold spans make exact and near matches likely
    for g in gold:
        how = draw(st.sampled_from(["none", "exact", "exact", "shift-start", "shift-end", "grow"]))
        kind = draw(st.sampled_from(TYPES))
        if how == "exact":
            candidates.append(Mention(g.start, g.end, kind))
        elif how == "shift-start" and g.end - g.start > 1:
            candidates.append(Mention(g.start + 1, g.end, kind))
        elif how == "shift-end" and g.end - g.start > 1:
            candidates.append(Mention(g.start, g.end - 1, kind))
        elif how == "grow" and g.end + 1 - max(g.start - 1, 0) < 50:
            candidates.append(Mention(max(g.start - 1, 0), g.end + 1, kind))
    candidates = draw(st.permutations(candidates))
    pred: list[Mention] = []
    taken: set[int] = set()
    for p in candidates:
        hits = [i for i, g in enumerate(gold) if _overlap(g, p)]
        if len(hits) > 1 or (hits and hits[0] in taken):
            continue
        taken.update(hits)
        pred.append(p)
    return gold, pred


def to_nervaluate(docs: list[list[Mention]]) -> list[list[dict]]:
    return [[{"label": m.type, "start": m.start, "end": m.end - 1} for m in doc] for doc in docs]


def nervaluate_results(docs: list[tuple[list[Mention], list[Mention]]]) -> dict:
    true = to_nervaluate([g for g, _ in docs])
    pred = to_nervaluate([p for _, p in docs])
    return Evaluator(true, pred, tags=list(ENTITY_TYPES), loader="dict").evaluate()


def ours(scheme: str, docs, kind: str | None = None) -> SpanCounts:
    total = SpanCounts()
    for gold, pred in docs:
        if kind is not None:
            gold = [m for m in gold if m.type == kind]
            pred = [m for m in pred if m.type == kind]
        total = total + count(outcomes(scheme, gold, pred))
    return total


def assert_same(mine: SpanCounts, theirs, where: str) -> None:
    assert (mine.cor, mine.inc, mine.par, mine.mis, mine.spu) == (
        theirs.correct, theirs.incorrect, theirs.partial, theirs.missed, theirs.spurious), where
    # nervaluate reports 0 where a ratio is undefined; we report None
    for name in ("precision", "recall", "f1"):
        assert (getattr(mine, name) or 0.0) == pytest.approx(getattr(theirs, name), abs=1e-12), (where, name)


@settings(max_examples=300, deadline=None)
@given(st.lists(uncontested_doc(), min_size=1, max_size=3))
def test_outcomes_agree_with_nervaluate(docs) -> None:
    result = nervaluate_results(docs)
    for scheme in NERV:  # the SemEval-2013 schemes nervaluate has
        assert_same(ours(scheme, docs), result["overall"][NERV[scheme]], f"{scheme} overall")
        for kind, per_scheme in result["entities"].items():
            assert_same(ours(scheme, docs, kind), per_scheme[NERV[scheme]], f"{scheme} {kind}")
    used = {m.type for g, p in docs for m in g + p}
    assert set(result["entities"]) == used


def _corpus_and_predictions(docs):
    rnd = random.Random(len(docs))
    spec, preds = [], []
    for i, (gold, pred) in enumerate(docs):
        text = "".join(rnd.choice("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ") for _ in range(DOC_LEN))
        doc_id = f"doc-{i}"
        spec.append({"id": doc_id, "text": text, "annotations": [
            {"kind": "entity", "id": f"g{j}", "start": m.start, "end": m.end, "text": text[m.start:m.end],
             "type": m.type} for j, m in enumerate(gold)]})
        preds.append(DocumentPrediction.model_validate({"id": doc_id, "entities": [
            {"start": m.start, "end": m.end, "text": text[m.start:m.end], "type": m.type} for m in pred]}))
    return memory_corpus(spec), preds


@settings(max_examples=60, deadline=None)
@given(st.lists(uncontested_doc(), min_size=1, max_size=3))
def test_full_scorer_agrees_with_nervaluate(docs) -> None:
    corpus, preds = _corpus_and_predictions(docs)
    report = score(corpus, preds, config=ScoreConfig(layers=("entities",), bootstrap_samples=0,
                                                     collect_errors=False))
    result = nervaluate_results(docs)
    for scheme in NERV:
        mine = report.entities.nested[scheme]
        theirs = result["overall"][NERV[scheme]]
        assert_same(SpanCounts(mine.overall.cor, mine.overall.inc, mine.overall.par, mine.overall.mis,
                               mine.overall.spu), theirs, f"{scheme} overall")
        assert set(mine.per_type) == set(result["entities"])
        for kind, s in mine.per_type.items():
            assert_same(SpanCounts(s.cor, s.inc, s.par, s.mis, s.spu), result["entities"][kind][NERV[scheme]],
                        f"{scheme} {kind}")


# -- where greedy and optimal must differ (nervaluate issue #40) -------------------------------------

GOLD = [Mention(0, 10, "PERS")]
PARTIAL = Mention(0, 5, "PERS")
EXACT = Mention(0, 10, "PERS")


def test_nervaluate_depends_on_prediction_order_but_we_do_not() -> None:
    # Hand-derived: with the partial prediction first, nervaluate pairs it (INC under strict) and
    # the exact one finds the gold taken (SPU); the other order gives COR + SPU.
    first = nervaluate_results([(GOLD, [PARTIAL, EXACT])])["overall"]["strict"]
    second = nervaluate_results([(GOLD, [EXACT, PARTIAL])])["overall"]["strict"]
    assert (first.correct, first.incorrect, first.spurious) == (0, 1, 1)
    assert (second.correct, second.incorrect, second.spurious) == (1, 0, 1)
    for order in ([PARTIAL, EXACT], [EXACT, PARTIAL]):
        assert ours("strict", [(GOLD, order)]) == SpanCounts(cor=1, spu=1)
        assert ours("exact", [(GOLD, order)]) == SpanCounts(cor=1, spu=1)
        assert ours("partial", [(GOLD, order)]) == SpanCounts(cor=1, spu=1)
        assert ours("type", [(GOLD, order)]) == SpanCounts(cor=1, spu=1)


def test_optimal_pairs_more_than_greedy() -> None:
    # p0 overlaps both gold spans; greedy gives it g0 and leaves g1 to nobody (p1 overlaps only g0).
    gold = [Mention(0, 10, "ORG"), Mention(8, 20, "ORG")]
    pred = [Mention(5, 12, "ORG"), Mention(0, 4, "ORG")]
    theirs = nervaluate_results([(gold, pred)])["overall"]["ent_type"]
    assert (theirs.correct, theirs.missed, theirs.spurious) == (1, 1, 1)
    assert ours("type", [(gold, pred)]) == SpanCounts(cor=2)
    assert ours("partial", [(gold, pred)]) == SpanCounts(par=2)


# -- properties of our own matching with competing overlaps ------------------------------------------

competing = st.lists(mention(max_start=30), max_size=6)


def _credit(scheme: str, g: Mention, p: Mention) -> float:
    exact = (g.start, g.end) == (p.start, p.end)
    same = g.type == p.type
    return {"strict": float(exact and same), "exact": float(exact), "type": float(same),
            "partial": 1.0 if exact else 0.5}[scheme]


def _best_credit(scheme: str, gold: list[Mention], pred: list[Mention]) -> float:
    best = 0.0
    for perm in set(permutations(list(range(len(pred))) + [None] * len(gold), len(gold))):
        best = max(best, sum(_credit(scheme, gold[g], pred[p]) for g, p in enumerate(perm)
                             if p is not None and _overlap(gold[g], pred[p])))
    return best


def _eligible(gold: list[Mention], pred: list[Mention]) -> list[Mention]:
    """Distinct predictions, at most as many per extent as gold mentions there (at least one)."""
    out: list[Mention] = []
    for m in sorted({(m.start, m.end, m.type): m for m in pred}.values(), key=lambda m: (m.start, m.end, m.type)):
        slots = max(1, sum((g.start, g.end) == (m.start, m.end) for g in gold))
        if sum((o.start, o.end) == (m.start, m.end) for o in out) < slots:
            out.append(m)
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(mention(max_start=30), max_size=4), st.lists(mention(max_start=30), max_size=4))
def test_extent_schemes_maximise_credit(gold, pred) -> None:
    # exact and partial credit depends on extents only, which is all the pairing reads.
    for scheme in ("exact", "partial"):
        c = count(outcomes(scheme, gold, pred))
        assert c.possible == len(gold) and c.actual == len(pred)
        assert c.cor + 0.5 * c.par == _best_credit(scheme, gold, _eligible(gold, pred)), scheme


@settings(max_examples=200, deadline=None)
@given(st.lists(mention(max_start=30), max_size=5), st.lists(mention(max_start=30), max_size=5), st.randoms())
def test_gold_types_never_decide_the_pairing(gold, pred, rnd) -> None:
    # Relabel the gold at random: which prediction pairs with which gold mention must not change
    # (unless two gold mentions share an extent, where the scheme's type pairs them up).
    if len({(g.start, g.end) for g in gold}) < len(gold):
        return
    relabelled = [Mention(g.start, g.end, rnd.choice(TYPES), g.index) for g in gold]
    for prefer in ("exact", "overlap"):
        assert pairing(gold, pred, prefer) == pairing(relabelled, pred, prefer)


@settings(max_examples=200, deadline=None)
@given(st.lists(mention(max_start=30), max_size=5), st.lists(mention(max_start=30), max_size=5),
       st.data())
def test_hedging_on_an_extent_never_pays(gold, pred, data) -> None:
    # Adding predictions on an extent that already has a prediction never raises any score (where
    # no two gold mentions share an extent: there a second prediction may rightly find the second).
    if not pred or len({(g.start, g.end) for g in gold}) < len(gold):
        return
    base = data.draw(st.sampled_from(pred))
    extra = [Mention(base.start, base.end, t) for t in data.draw(st.lists(st.sampled_from(TYPES), max_size=3))]
    for scheme in SCHEMES:
        before, after = count(outcomes(scheme, gold, pred)), count(outcomes(scheme, gold, pred + extra))
        assert after.cor + 0.5 * after.par <= before.cor + 0.5 * before.par, scheme
        for metric in ("precision", "f1"):
            b, a = getattr(before, metric), getattr(after, metric)
            assert a is None or b is None or a <= b + 1e-12, (scheme, metric)


@settings(max_examples=200, deadline=None)
@given(competing, competing, st.randoms(use_true_random=False))
def test_outcome_counts_do_not_depend_on_order(gold, pred, rnd) -> None:
    g2, p2 = gold[:], pred[:]
    rnd.shuffle(g2)
    rnd.shuffle(p2)
    for scheme in SCHEMES:
        assert count(outcomes(scheme, gold, pred)) == count(outcomes(scheme, g2, p2))


def test_exact_duplicate_prediction_is_spurious() -> None:
    for scheme in SCHEMES:
        assert count(outcomes(scheme, GOLD, [EXACT, EXACT])) == SpanCounts(cor=1, spu=1)


def test_schemes_hand_examples() -> None:
    gold = [Mention(0, 10, "PERS"), Mention(20, 30, "ORG"), Mention(40, 50, "GPE")]
    pred = [Mention(0, 10, "ORG"),   # exact span, wrong type
            Mention(22, 30, "ORG"),  # overlap, right type
            Mention(60, 65, "LOC")]  # nothing
    # derived by hand from the scheme definitions
    assert count(outcomes("strict", gold, pred)) == SpanCounts(cor=0, inc=2, mis=1, spu=1)
    assert count(outcomes("exact", gold, pred)) == SpanCounts(cor=1, inc=1, mis=1, spu=1)
    assert count(outcomes("partial", gold, pred)) == SpanCounts(cor=1, par=1, mis=1, spu=1)
    assert count(outcomes("type", gold, pred)) == SpanCounts(cor=1, inc=1, mis=1, spu=1)
    partial = count(outcomes("partial", gold, pred))
    assert partial.precision == pytest.approx(1.5 / 3)
    assert partial.recall == pytest.approx(1.5 / 3)


# -- the outermost view ------------------------------------------------------------------------------

def _outermost_oracle(ms: list[Mention]) -> list[Mention]:
    return [m for m in ms if not any(n.start <= m.start and m.end <= n.end and (n.start, n.end) != (m.start, m.end)
                                     for n in ms)]


@given(st.lists(mention(max_start=30), max_size=8))
def test_outermost_matches_definition(ms) -> None:
    ms = [Mention(m.start, m.end, m.type, i) for i, m in enumerate(ms)]
    assert sorted(outermost(ms), key=lambda m: m.index) == _outermost_oracle(ms)


def test_outermost_examples() -> None:
    org = Mention(0, 16, "ORG", 0)
    inner = Mention(8, 16, "NORP", 1)
    same_span = Mention(0, 16, "GPE", 2)
    crossing = Mention(12, 20, "LOC", 3)
    assert outermost([inner, org]) == [org]
    assert set(outermost([org, same_span])) == {org, same_span}
    assert set(outermost([org, crossing])) == {org, crossing}


def test_scorer_outermost_view(corpus) -> None:
    # The fixture nests NORP «العراقية» inside ORG «الحكومة العراقية». A flat system that outputs only
    # the outer mention is perfect in the outermost view and misses one mention in the nested view.
    pred = []
    for doc in corpus.documents:
        ents = [{"start": e.start, "end": e.end, "text": e.text, "type": e.type}
                for e in doc.entities if e.text != "العراقية"]
        pred.append(DocumentPrediction.model_validate({"id": doc.id, "entities": ents}))
    report = score(corpus, pred, config=ScoreConfig(layers=("entities",), bootstrap_samples=0))
    n_gold = sum(len(d.entities) for d in corpus.documents)
    assert report.entities.outermost["strict"].overall.f1 == 1.0
    nested = report.entities.nested["strict"].overall
    assert (nested.cor, nested.mis, nested.spu) == (n_gold - 1, 1, 0)


def test_per_type_tables_keep_an_undecided_extent_undecided() -> None:
    # GPE and LOC offered for one gold GPE: the GPE table alone must not see a clean COR.
    gold = [Mention(0, 5, "GPE", 0)]
    hedge = [Mention(0, 5, "GPE", 0), Mention(0, 5, "LOC", 1)]
    full, verdict = all_outcomes(gold, hedge)
    assert count(full["strict"]) == SpanCounts(inc=1, spu=1)
    gpe, _ = all_outcomes(gold, [hedge[0]], verdict)
    loc, _ = all_outcomes([], [hedge[1]], verdict)
    assert count(gpe["strict"]) == SpanCounts(mis=1, spu=1) and count(loc["strict"]) == SpanCounts(spu=1)
    assert count(gpe["type"]) == SpanCounts(mis=1, spu=1) and count(gpe["partial"]) == SpanCounts(mis=1, spu=1)
