"""The committed leaderboard is current, and the command that regenerates it works."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bench.cli import app
from bench.io.gold import load_gold
from bench.schema.config import ScoreConfig
from bench.tools.leaderboard import END, START, bars, chart, chart_labels, markdown, score_results
from conftest import empty_predictions, perfect_predictions, write_lines

REPO = Path(__file__).resolve().parents[1]


def _block(text: str) -> str:
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n")


def test_committed_leaderboard_is_current() -> None:
    files = sorted((REPO / "results").glob("*.jsonl"))
    assert {f.stem for f in files} >= {"heideltime", "dateparser", "blind"}
    expected = markdown(score_results(load_gold(REPO / "annotations"), files)).strip("\n")
    for name in ("README.md", "CARD.md"):
        assert _block((REPO / name).read_text(encoding="utf-8")) == expected, f"{name}: run `bench leaderboard`"
    assert (REPO / "results" / "leaderboard.png").stat().st_size > 10_000


def _systems(corpus, tmp_path):
    good = write_lines(tmp_path / "a_good.jsonl",
                       [p.model_dump(mode="json", exclude_none=True) for p in perfect_predictions(corpus)])
    empty = write_lines(tmp_path / "b_empty.jsonl",
                        [p.model_dump(mode="json", exclude_none=True) for p in empty_predictions(corpus)])
    return [good, empty]


def test_markdown_and_chart(corpus, tmp_path) -> None:
    entries = score_results(corpus, _systems(corpus, tmp_path), ScoreConfig(bootstrap_samples=200))
    table = markdown(entries)
    rows = [line for line in table.splitlines() if line.startswith("| a_good") or line.startswith("| b_empty")]
    assert rows[0].startswith("| a_good | offsets | 100.0 [100.0, 100.0]")
    assert rows[1].startswith("| b_empty | empty | n/a | n/a | n/a")
    assert "bench:" in table and "align:" not in table
    chart(entries, tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_rewrites_both_blocks(corpus, corpus_root, tmp_path) -> None:
    files = _systems(corpus, tmp_path)
    for name in ("README.md", "CARD.md"):
        (tmp_path / name).write_text(f"# x\n\n{START}\nSTALE-CONTENT\n{END}\n\ntail\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["leaderboard", *map(str, files), "--readme", str(tmp_path / "README.md"),
                                      "--card", str(tmp_path / "CARD.md"), "--results", str(tmp_path / "res"),
                                      "--gold", str(corpus_root)])
    assert result.exit_code == 0, result.stderr
    for name in ("README.md", "CARD.md"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "STALE-CONTENT" not in text and "| a_good |" in text and text.endswith("tail\n")
    assert (tmp_path / "res" / "leaderboard.png").exists()
    (tmp_path / "CARD.md").write_text("no markers", encoding="utf-8")
    bad = CliRunner().invoke(app, ["leaderboard", *map(str, files), "--readme", str(tmp_path / "README.md"),
                                   "--card", str(tmp_path / "CARD.md"), "--gold", str(corpus_root)])
    assert bad.exit_code == 2 and "no leaderboard block" in bad.stderr


def test_chart_bars_carry_the_confidence_intervals(corpus, tmp_path) -> None:
    entries = score_results(corpus, _systems(corpus, tmp_path), ScoreConfig(bootstrap_samples=200))
    lines = [p.model_dump(mode="json", exclude_none=True) for p in perfect_predictions(corpus)]
    lines[0]["entities"] = lines[0]["entities"][:3]  # some misses: a CI of non-zero width
    half = score_results(corpus, [write_lines(tmp_path / "c_half.jsonl", lines)], ScoreConfig(bootstrap_samples=200))
    good, empty, partial = bars(entries[0]), bars(entries[1]), bars(half[0])
    assert len(good.heights) == len(chart_labels(entries[0].report))
    assert good.heights[0] == 100.0 and good.below[0] == good.above[0] == 0.0
    assert all(h is None for h in empty.heights)  # no prediction in any layer: no bar
    strict = half[0].report.entities.nested["strict"].overall
    assert partial.heights[0] == 100 * strict.f1
    assert partial.below[0] == 100 * strict.f1 - 100 * strict.f1_ci.low > 0
    assert partial.above[0] == 100 * strict.f1_ci.high - 100 * strict.f1 >= 0
