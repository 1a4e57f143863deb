"""One pairing per layer feeds everything: counts, error list, confusion matrix, agreement, HTML."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.io.gold import load_gold
from bench.io.predictions import read_predictions
from bench.report.html import render_html
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.scoring import score
from bench.tools.agreement import agreement
from conftest import memory_corpus

REPO = Path(__file__).resolve().parents[1]
CFG = ScoreConfig(bootstrap_samples=0)
FILES = sorted((REPO / "results").glob("*.jsonl")) + [REPO / "examples" / "predictions.jsonl"]
INC = ("type", "boundary", "boundary+type")


class _Outcomes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter = Counter()

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if "data-outcome" in a:
            self.counts[(a["data-layer"], a["data-outcome"])] += 1


def _html_counts(report, corpus) -> Counter:
    parser = _Outcomes()
    parser.feed(render_html(report, corpus))
    return parser.counts


def check_one_pairing(report, corpus) -> None:
    errors = Counter((e.layer, e.category) for e in report.errors)
    html = _html_counts(report, corpus)
    if report.entities is not None:
        s = report.entities.nested["strict"].overall
        assert errors[("entities", "correct")] == s.cor
        assert sum(errors[("entities", c)] for c in INC) == s.inc
        assert errors[("entities", "missed")] == s.mis
        assert errors[("entities", "spurious")] == s.spu
        c = report.confusion.get("entities")
        if c is not None:
            labels = list(c.labels)
            o = labels.index("O")
            paired = sum(v for i, row in enumerate(c.matrix) for j, v in enumerate(row) if i != o and j != o)
            assert paired == s.cor + s.inc
            assert sum(c.matrix[i][i] for i in range(len(labels)) if i != o) >= s.cor
            assert sum(row[o] for row in c.matrix) == s.mis
            assert sum(c.matrix[o]) == s.spu
        assert (html[("entities", "tp")], html[("entities", "error")], html[("entities", "fn")],
                html[("entities", "fp")]) == (s.cor, s.inc, s.mis, s.spu)
    for layer in ("timex", "numeric"):
        part = getattr(report, layer)
        if part is None:
            continue
        r = part.relaxed
        assert sum(errors[(layer, c)] for c in ("correct", "boundary", "fields")) == r.cor
        assert errors[(layer, "missed")] == r.mis and errors[(layer, "spurious")] == r.spu
        assert (html[(layer, "tp")], html[(layer, "fn")], html[(layer, "fp")]) == (r.cor, r.mis, r.spu)
        if layer == "timex" and "timex" in report.confusion:
            c = report.confusion["timex"]
            o = list(c.labels).index("O")
            paired = sum(v for i, row in enumerate(c.matrix) for j, v in enumerate(row) if i != o and j != o)
            assert (paired, sum(row[o] for row in c.matrix), sum(c.matrix[o])) == (r.cor, r.mis, r.spu)


@pytest.fixture(scope="module")
def gold():
    return load_gold()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_committed_prediction_file(gold, path) -> None:
    check_one_pairing(score(gold, read_predictions(path, gold.by_id()), config=CFG), gold)


def test_agreement_kappa_pairs_are_the_strict_pairs(gold) -> None:
    passes = REPO / "annotations"
    a, b = load_gold(passes, subdir="passes/a"), load_gold(passes, subdir="passes/b")
    found = agreement(a, b, config=CFG)
    check_one_pairing(found.report, a)
    entity_pairs = sum(1 for e in found.report.errors if e.layer == "entities" and e.category in ("correct", "type"))
    assert next(k for k in found.kappas if k.layer == "entities").pairs == entity_pairs


WORDS = ["قال", "العراق", "بغداد", "جندي", "2500", "عام", "نهاية", "والعراق", "وزارة", "الدفاع"]
TYPES = ["GPE", "ORG", "PERS"]


@st.composite
def noisy_case(draw):
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=14)))
    solid = [i for i, ch in enumerate(text) if not ch.isspace()]

    def extent():
        start = draw(st.sampled_from(solid))
        end = draw(st.sampled_from([i + 1 for i in solid if start <= i < start + 15]))
        return start, end

    gold = {(s, e, draw(st.sampled_from(TYPES))) for s, e in draw(st.lists(st.builds(extent), max_size=6))}
    gold_rows = [{"kind": "entity", "id": f"e{i}", "start": s, "end": e, "text": text[s:e], "type": t}
                 for i, (s, e, t) in enumerate(sorted(gold))]
    timexes = sorted(set(draw(st.lists(st.builds(extent), max_size=3))))
    gold_rows += [{"kind": "timex", "id": f"t{i}", "start": s, "end": e, "text": text[s:e], "type": "DATE",
                   "value": "2025"} for i, (s, e) in enumerate(timexes)]
    preds = []
    for s, e in draw(st.lists(st.builds(extent), max_size=8)):
        item = {"text": text[s:e], "type": draw(st.sampled_from(TYPES))}
        if draw(st.booleans()):
            item.update(start=s, end=e)
        preds.append(item)
    values = st.sampled_from(["2025", "2024"])
    tpreds = [{"start": s, "end": e, "text": text[s:e], "type": "DATE", "value": draw(values)}
              for s, e in draw(st.lists(st.builds(extent), max_size=4))]
    corpus = memory_corpus([{"id": "d", "text": text, "annotations": gold_rows}])
    return corpus, [DocumentPrediction.model_validate({"id": "d", "entities": preds, "timex": tpreds})]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noisy_case())
def test_random_documents_with_heavy_overlap(case) -> None:
    corpus, preds = case
    check_one_pairing(score(corpus, preds, config=ScoreConfig(bootstrap_samples=0, layers=("entities", "timex"))),
                      corpus)
