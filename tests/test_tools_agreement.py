"""Agreement between two passes is computed with the scorer; kappa comes from scikit-learn."""

from __future__ import annotations

from pathlib import Path

from bench.schema.config import ScoreConfig
from bench.tools.agreement import agreement, as_prediction
from conftest import default_docs, entity, make_corpus


def test_identical_passes_agree_perfectly(corpus) -> None:
    result = agreement(corpus, corpus, config=ScoreConfig(bootstrap_samples=0))
    assert result.report.entities.nested["strict"].overall.f1 == 1.0
    assert result.report.timex.relaxed.f1 == 1.0
    by_name = {(k.layer, k.field): k for k in result.kappas}
    assert by_name[("entities", "type")].kappa == 1.0
    assert by_name[("entities", "type")].pairs == sum(len(d.entities) for d in corpus.documents)


def test_type_disagreement_lowers_kappa(tmp_path: Path) -> None:
    a = make_corpus(tmp_path / "a")
    docs = default_docs()
    text = docs[0]["text"]
    docs[0]["annotations"] = [x for x in docs[0]["annotations"] if x.get("id") != "a-e2"]
    docs[0]["annotations"].append(entity(text, "بغداد", "LOC", "a-e2"))
    b = make_corpus(tmp_path / "b", docs)
    result = agreement(a, b, config=ScoreConfig(bootstrap_samples=0))
    kappa = {(k.layer, k.field): k for k in result.kappas}[("entities", "type")]
    assert kappa.observed_agreement < 1.0 and kappa.kappa < 1.0
    # Cohen's kappa by hand: observed and chance agreement over the exact-span pairs.
    pairs = kappa.pairs
    assert round(kappa.observed_agreement * pairs) == pairs - 1


def test_as_prediction_drops_ids_and_keeps_canonical(corpus) -> None:
    doc = corpus.documents[0]
    pred = as_prediction(doc)
    assert pred.id == doc.id
    assert len(pred.entities) == len(doc.entities)
    assert all(p.id is None for p in pred.entities)
    assert [p.canonical for p in pred.entities] == [e.canonical for e in doc.entities]
