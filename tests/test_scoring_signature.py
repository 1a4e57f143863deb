"""The signature names every setting that changes a number; the layers a format carries are the ones scored."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import InputError, ScoreConfig, score
from bench.io import formats
from conftest import perfect_predictions


@pytest.mark.parametrize("scheme", ["strict", "exact", "partial", "type"])
def test_the_signature_names_the_scheme(corpus, scheme: str) -> None:
    report = score(corpus, perfect_predictions(corpus), config=ScoreConfig(bootstrap_samples=0, primary_scheme=scheme))
    assert f"|scheme:{scheme}|" in report.signature


def test_no_scheme_without_entities(corpus) -> None:
    report = score(corpus, perfect_predictions(corpus), config=ScoreConfig(bootstrap_samples=0, layers=("timex",)))
    assert "scheme:" not in report.signature


def _conll(corpus, tmp_path: Path) -> formats.Predictions:
    path = tmp_path / "perfect.conll"
    formats.write(path, "conll", corpus.by_id(), perfect_predictions(corpus))
    return formats.read(path, "conll", corpus.by_id())


def test_a_conll_file_is_scored_on_entities_only(corpus, tmp_path: Path) -> None:
    """The bug: through score() TIMEX3 and numeric were scored too, as all missed (0.0)."""
    report = score(corpus, _conll(corpus, tmp_path), config=ScoreConfig(bootstrap_samples=0))
    assert report.config.layers == ("entities",)
    assert report.timex is None and report.numeric is None
    assert report.entities.nested["strict"].overall.f1 == 1.0
    assert "|layers:entities|" in report.signature


def test_naming_a_layer_the_format_lacks_is_an_error(corpus, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the conll format carries no timex layer"):
        score(corpus, _conll(corpus, tmp_path), config=ScoreConfig(bootstrap_samples=0, layers=("entities", "timex")))


def test_plain_iterables_keep_every_layer(corpus) -> None:
    report = score(corpus, perfect_predictions(corpus), config=ScoreConfig(bootstrap_samples=0))
    assert report.config.layers == ("entities", "timex", "numeric")
