"""The format registry and the CLI commands built on it: score, convert and export in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.cli import app
from bench.errors import InputError
from bench.io import formats
from conftest import TEXT_A, perfect_predictions, write_lines


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_detect(tmp_path: Path) -> None:
    assert formats.detect("x.jsonl") == "jsonl"
    assert formats.detect("tagger.conll") == "conll"
    assert formats.detect("doc.tml") == "timeml"
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "doc-a.ann").write_text("", encoding="utf-8")
    assert formats.detect(folder) == "brat"
    with pytest.raises(InputError, match="pass --from"):
        formats.detect("predictions.txt")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="cannot tell the format of this folder"):
        formats.detect(empty)


@pytest.mark.parametrize(("fmt", "target", "layers"), [
    ("jsonl", "gold.jsonl", ("entities", "timex", "numeric")),
    ("conll", "gold.conll", ("entities",)),
    ("timeml", "timeml_out", ("timex",)),
    ("brat", "brat_out", ("entities", "timex", "numeric")),
])
def test_exported_gold_scores_perfectly_in_one_command(fmt, target, layers, corpus_root, tmp_path) -> None:
    out = tmp_path / target
    result = run("export", out, "--to", fmt, "--gold", corpus_root)
    assert result.exit_code == 0, result.stderr
    scored = run("score", out, "--from", fmt, "--gold", corpus_root, "--bootstrap", "0", "--json")
    assert scored.exit_code == 0, scored.stderr
    report = json.loads(scored.stdout)
    assert tuple(report["config"]["layers"]) == layers
    if "entities" in layers:
        assert report["entities"]["nested"]["strict"]["overall"]["f1"] == 1.0
    for layer in ("timex", "numeric"):
        if layer in layers:
            assert report[layer]["strict"]["f1"] == 1.0
            assert all(f["f1"] == 1.0 for f in report[layer]["fields"])


def test_a_wojood_style_tagger_output_scores_in_one_command(corpus, corpus_root, tmp_path) -> None:
    # Space-separated, a POS column, a `# doc_id` line, IOB2 in the last column, tokens as a tagger
    # would split them (no proclitic splitting: «محمد», «شياع», «السوداني» are separate tokens).
    lines = ["# doc_id = doc-a"]
    for word in TEXT_A.split("\n")[0].split():
        tag = {"محمد": "B-PERS", "شياع": "I-PERS", "السوداني": "I-PERS", "بغداد": "B-GPE"}.get(word, "O")
        lines.append(f"{word} X {tag}")
    path = tmp_path / "tagger.conll"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("score", path, "--gold", corpus_root, "--bootstrap", "0", "--json", "--allow-missing")
    assert result.exit_code == 0, result.stderr
    strict = json.loads(result.stdout)["entities"]["nested"]["strict"]["overall"]
    assert (strict["cor"], strict["spu"]) == (2, 0)


def test_heideltime_style_timeml_scores_in_one_command(corpus, corpus_root, tmp_path) -> None:
    folder = tmp_path / "heideltime"
    folder.mkdir()
    doc = corpus.by_id()["doc-a"]
    marked = doc.text.replace("يوم الجمعة", '<TIMEX3 tid="t1" type="DATE" value="2024-09-27">يوم الجمعة</TIMEX3>')
    (folder / "doc-a.tml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n' + marked + "\n</TimeML>\n",
        encoding="utf-8")
    result = run("score", folder, "--from", "timeml", "--gold", corpus_root, "--bootstrap", "0", "--json",
                 "--allow-missing")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["timex"]["strict"]["cor"] == 1
    assert {f["field"]: f["correct"] for f in report["timex"]["fields"]}["value"] == 1


def test_convert_round_trip_through_brat(corpus, corpus_root, tmp_path) -> None:
    source = write_lines(tmp_path / "pred.jsonl",
                         [p.model_dump(mode="json", exclude_none=True) for p in perfect_predictions(corpus)])
    assert run("convert", source, tmp_path / "b", "--to", "brat", "--gold", corpus_root).exit_code == 0
    back = run("convert", tmp_path / "b", tmp_path / "back.jsonl", "--from", "brat", "--gold", corpus_root)
    assert back.exit_code == 0, back.stderr
    read = formats.read(tmp_path / "back.jsonl", "jsonl", corpus.by_id())
    assert sorted(p.model_dump_json() for p in read) == sorted(p.model_dump_json() for p in perfect_predictions(corpus))


def test_convert_refuses_string_only_predictions_and_leaves_no_file(corpus, corpus_root, tmp_path) -> None:
    lines = [p.model_dump(mode="json", exclude_none=True) for p in perfect_predictions(corpus, offsets=False)]
    source = write_lines(tmp_path / "strings.jsonl", lines)
    target = tmp_path / "out.conll"
    result = run("convert", source, target, "--gold", corpus_root)
    assert result.exit_code == 2
    assert "out.conll" in result.stderr and "no offsets" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists() and not list(tmp_path.glob("*.partial"))


def test_export_says_which_layers_a_format_drops(corpus_root, tmp_path) -> None:
    result = run("export", tmp_path / "g.conll", "--to", "conll", "--gold", corpus_root)
    assert result.exit_code == 0
    assert "no timex or numeric layer" in result.stderr
