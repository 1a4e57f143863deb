"""The ``bench`` command wired to the library (typer CliRunner)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bench import __version__
from bench.cli import app
from bench.config import ScoreConfig
from bench.report.model import Comparison, Report
from bench.scoring import score
from conftest import perfect_predictions, write_lines


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result


@pytest.fixture
def pred_file(corpus, tmp_path):
    lines = [p.model_dump(mode="json", exclude_none=True) for p in perfect_predictions(corpus)]
    lines[0]["entities"] = lines[0]["entities"][:-2]  # not perfect: two missed entities
    return write_lines(tmp_path / "system.jsonl", lines)


def expected_signature_parts(corpus, *, bs: int = 0, seed: int = 12345, layers: str = "entities,timex,numeric"):
    return [f"bench:{__version__}", f"gold:{corpus.signature}", f"layers:{layers}", f"bs:{bs}", f"seed:{seed}",
            "align:offsets"]


def test_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("score", "compare", "schema", "validate", "build", "stats", "cite"):
        assert command in result.stdout
    assert run("score", "--help").exit_code == 0


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex"])
def test_score_formats_carry_the_signature(fmt, corpus, corpus_root, pred_file) -> None:
    result = run("score", str(pred_file), "--gold", str(corpus_root), "--bootstrap", "0", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    library = score(corpus, perfect_predictions(corpus), config=ScoreConfig(bootstrap_samples=0))
    assert library.signature in result.stdout
    for part in expected_signature_parts(corpus):
        assert part in result.stdout
    if fmt == "json":
        report = Report.model_validate_json(result.stdout)
        assert report.predictions == "system.jsonl"
        strict = report.entities.nested["strict"].overall
        n_gold = sum(len(d.entities) for d in corpus.documents)
        assert (strict.cor, strict.mis, strict.spu) == (n_gold - 2, 2, 0)


def test_score_options(corpus, corpus_root, pred_file, tmp_path) -> None:
    out = tmp_path / "report.json"
    errors = tmp_path / "errors.json"
    result = run("score", str(pred_file), "--gold", str(corpus_root), "--bootstrap", "50", "--seed", "7",
                 "--layer", "timex", "-f", "json", "-o", str(out), "--errors", str(errors))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert report.entities is None and report.numeric is None and report.timex is not None
    assert report.config.seed == 7 and report.config.bootstrap_samples == 50
    for part in expected_signature_parts(corpus, bs=50, seed=7, layers="timex"):
        assert part in report.signature
    assert report.timex.relaxed.f1_ci is not None
    dumped = json.loads(errors.read_text(encoding="utf-8"))
    assert dumped["signature"] == report.signature
    assert {e["layer"] for e in dumped["errors"]} == {"timex"}


def test_score_error_report_markdown(corpus_root, pred_file, tmp_path) -> None:
    errors = tmp_path / "errors.md"
    result = run("score", str(pred_file), "--gold", str(corpus_root), "--bootstrap", "0", "--errors", str(errors))
    assert result.exit_code == 0, result.stderr
    text = errors.read_text(encoding="utf-8")
    assert text.startswith("# Error analysis")
    assert text.count("| doc-a | missed |") == 2


def test_compare(corpus_root, pred_file, corpus, tmp_path) -> None:
    perfect = write_lines(tmp_path / "perfect.jsonl",
                          [p.model_dump(mode="json", exclude_none=True) for p in perfect_predictions(corpus)])
    result = run("compare", str(pred_file), str(perfect), "--gold", str(corpus_root), "--bootstrap", "0",
                 "--trials", "50", "-f", "json")
    assert result.exit_code == 0, result.stderr
    comparison = Comparison.model_validate_json(result.stdout)
    assert (comparison.a, comparison.b, comparison.trials) == ("system.jsonl", "perfect.jsonl", 50)
    rows = {r.metric: r for r in comparison.rows}
    assert rows["entities.strict.f1"].b == 1.0 and rows["entities.strict.f1"].delta > 0
    assert f"gold:{corpus.signature}" in comparison.signature


def test_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "DocumentPrediction"
    assert {"id", "entities", "timex", "numeric"} <= set(schema["properties"])
    gold = json.loads(run("schema", "gold").stdout)
    assert gold["title"] == "GoldDocument" and "text_sha256" in gold["properties"]
    bad = run("schema", "bogus")
    assert bad.exit_code == 2 and "bogus" in bad.stderr and "Traceback" not in bad.output


def test_stats_and_cite(corpus_root) -> None:
    stats = run("stats", "--root", str(corpus_root))
    assert stats.exit_code == 0
    assert "doc-a" in stats.stdout and "doc-b" in stats.stdout and "total" in stats.stdout
    cite = run("cite")
    assert cite.exit_code == 0 and cite.stdout.startswith("@misc{") and __version__ in cite.stdout


def test_bad_gold_folder_is_an_input_error(pred_file, tmp_path) -> None:
    result = run("score", str(pred_file), "--gold", str(tmp_path / "nowhere"), "--bootstrap", "0")
    assert result.exit_code == 2 and "no annotation files" in result.stderr
