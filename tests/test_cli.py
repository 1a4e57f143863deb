"""The ``bench`` command wired to the library (typer CliRunner)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from bench import __version__
from bench.cli import app
from bench.schema.config import ScoreConfig
from bench.schema.results import Comparison, Report
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


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"bench {__version__}\n"


HEAVY = {"pydantic", "numpy", "scipy", "sklearn", "rich", "datasets"}


@pytest.mark.parametrize(("args", "allowed"), [
    (["--help"], set()),
    (["--version"], set()),
    # typer builds a command's parameters with pydantic (typer._adapters) once that command is asked for
    (["score", "--help"], {"pydantic"}),
    (["run", "--help"], {"pydantic"}),
])
def test_help_imports_no_heavy_library(args, allowed) -> None:
    # A fresh interpreter: the test process has every library loaded already.
    code = ("import sys; from bench.cli import app\n"
            f"try:\n    app({args!r})\nexcept SystemExit as exc:\n    assert exc.code == 0\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.splitlines()[-1].split())
    assert loaded & HEAVY <= allowed


def test_run_help_lists_every_reference_system() -> None:
    from bench.systems import REFERENCE_SYSTEMS

    text = " ".join(run("run", "--help").stdout.split())
    for name in REFERENCE_SYSTEMS:
        assert name in text


def test_options_default_to_the_library_config() -> None:
    import typer.main

    command = typer.main.get_command(app)
    defaults = ScoreConfig()
    for name in ("score", "compare", "agreement", "run"):
        params = {p.name: p.default for p in command.commands[name].params}
        assert params["bootstrap"] == defaults.bootstrap_samples and params["seed"] == defaults.seed, name
    compare = {p.name: p.default for p in command.commands["compare"].params}
    assert compare["trials"] == defaults.randomization_trials


def test_scoring_names_the_gold_folder_on_stderr(corpus, corpus_root, pred_file) -> None:
    result = run("score", str(pred_file), "--gold", str(corpus_root), "--bootstrap", "0", "--json")
    assert result.exit_code == 0
    assert f"gold: {corpus_root / 'gold'} ({corpus.signature})" in result.stderr
    Report.model_validate_json(result.stdout)  # stdout stays one JSON document


@pytest.mark.parametrize(("args", "message"), [
    (["--bootstrap", "-5"], "--bootstrap -5: input should be greater than or equal to 0"),
    (["--bootstrap", "1000000"], "--bootstrap 1000000: input should be less than or equal to 100000"),
    (["-o", "missing_dir/out.txt"], "missing_dir/out.txt: No such file or directory"),
    (["--errors", "x.csv"], "x.csv, field '--errors': the error report is written as .json or .md, not '.csv'"),
])
def test_bad_options_are_one_line_errors(args, message, corpus_root, pred_file, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("score", str(pred_file), "--gold", str(corpus_root), "--bootstrap", "0", *args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {message}"]
    assert "Traceback" not in result.output and not (tmp_path / "x.csv").exists()


def test_compare_with_bad_trials(corpus_root, pred_file) -> None:
    result = run("compare", str(pred_file), str(pred_file), "--gold", str(corpus_root), "--trials", "-1")
    assert result.exit_code == 2 and "error: --trials -1: input should be greater than or equal to 0" in result.stderr


def test_schema_of_the_report_is_the_report_model_and_is_committed() -> None:
    from conftest import REPO

    schema = json.loads(run("schema", "report").stdout)
    assert schema == Report.model_json_schema()
    assert {"signature", "config", "entities", "timex", "numeric", "per_document", "errors"} <= set(
        schema["properties"])
    committed = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert committed == schema, "the JSON report's keys changed: `bench schema report > docs/report.schema.json`"


# -- the maintainer's commands: a source tree, never the installed gold ----------------------------

def source_tree(root):
    """A clone-like folder: annotations/ (the fixture corpus), CARD.md with a statistics block, README.md
    with the metric definitions the Hub card takes."""
    from conftest import TEXT_A, default_docs, entity, write_corpus

    docs = default_docs()
    # What `validate` asks of a gold beyond the fixture's: canonical TIMEX3 values, a canonical name for
    # every name (and in claims), every occurrence of an annotated string annotated.
    docs[0]["annotations"].append(entity(TEXT_A, "أمريكي", "NORP", "a-e9", nth=1))
    # Guidelines v0.4 tag no nationality adjective inside another entity (the fixture's nested pair).
    docs[0]["annotations"] = [a for a in docs[0]["annotations"] if a.get("id") != "a-e6"]
    for doc in docs:
        for ann in doc["annotations"]:
            if ann.get("value") == "P2DE":
                ann["value"] = "P20Y"
            if ann["kind"] == "entity" and ann["type"] in ("GPE", "ORG"):
                ann.setdefault("canonical", f"name of {ann['text']}")
            if ann["kind"] == "numeric":  # subject and location name canonical entities
                ann.pop("subject", None)
                if "location" in ann:
                    ann["location"] = f"name of {ann['location']}"
    write_corpus(root / "annotations", docs)
    (root / "CARD.md").write_text("# Card\n\nVersion x\n\nAbout.\n\n## Composition\n\n<!-- stats:start -->\n"
                                  "<!-- stats:end -->\n", encoding="utf-8")
    (root / "README.md").write_text("# Readme\n\n## What is measured\n\nF1.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("command", [["validate"], ["build"], ["agreement", "passes/a", "passes/b"]])
def test_maintainer_commands_refuse_without_a_source_tree(command, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 2
    assert f"`bench {command[0]}` works on the annotation sources of a clone" in result.stderr
    assert str(tmp_path.resolve()) in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "dataset").exists()


def test_build_then_validate_in_the_source_tree_around_the_working_folder(tmp_path, monkeypatch) -> None:
    tree = source_tree(tmp_path / "clone")
    (tree / "sub").mkdir()
    monkeypatch.chdir(tree / "sub")  # found from a subfolder, as git finds .git
    annotations = (tree / "annotations").resolve()
    built = run("build")
    assert built.exit_code == 0, built.output
    assert f"annotations: {annotations}" in built.stderr
    assert (tree / "dataset" / "README.md").is_file() and "| total |" in (tree / "CARD.md").read_text("utf-8")
    checked = run("validate")
    assert checked.exit_code == 0, checked.output
    assert f"annotations: {annotations}" in checked.stderr
    assert checked.stdout == (f"ok: the annotations in {annotations} are valid and consistent; "
                              f"{(tree / 'dataset').resolve()} equals a fresh build and the statistics of "
                              f"{(tree / 'CARD.md').resolve()} are current\n")
    # An edit to the clone's annotations is what validate sees (not any installed copy of the gold).
    gold = tree / "annotations" / "gold" / "doc-b.jsonl"
    gold.write_text(gold.read_text("utf-8").replace('"P20Y"', '"P2DE"'), encoding="utf-8")
    stale = run("validate")
    assert stale.exit_code == 2
    assert "doc-b b-t1: value 'P2DE' is not in canonical form 'P20Y'" in stale.stderr
    assert "differs from a fresh build" in stale.stderr


def test_validate_without_a_card_says_no_dataset_was_checked(tmp_path) -> None:
    tree = source_tree(tmp_path)
    (tree / "CARD.md").unlink()
    result = run("validate", "--root", str(tree / "annotations"))
    assert result.exit_code == 0, result.output
    assert "no dataset checked" in result.stdout and "dataset equals" not in result.stdout


def test_agreement_command_in_a_source_tree(tmp_path, monkeypatch) -> None:
    from conftest import default_docs, write_corpus

    tree = source_tree(tmp_path)
    docs = default_docs()
    for name in ("a", "b"):
        write_corpus(tmp_path / "scratch" / name, docs)
        (tree / "annotations" / "passes" / name).mkdir(parents=True, exist_ok=True)
        for path in (tmp_path / "scratch" / name / "gold").glob("*.jsonl"):
            (tree / "annotations" / "passes" / name / path.name).write_bytes(path.read_bytes())
    monkeypatch.chdir(tree)
    text = run("agreement", "passes/a", "passes/b", "--bootstrap", "0")
    assert text.exit_code == 0, text.output
    assert "Cohen's kappa" in text.stdout and f"gold: {(tree / 'annotations' / 'passes' / 'a').resolve()}" in \
        text.stderr
    as_json = run("agreement", "passes/a", "passes/b", "--bootstrap", "0", "--format", "json")
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)  # the whole output is one JSON document
    assert data["report"]["entities"]["nested"]["strict"]["overall"]["f1"] == 1.0
    assert {k["field"] for k in data["kappas"]} >= {"type"}


def test_unwritable_outputs_of_other_commands_are_one_line_errors(corpus_root, pred_file, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    cases = [
        ["prompt", "--gold", str(corpus_root), "--out-dir", str(blocker / "prompts")],
        ["leaderboard", str(pred_file), "--gold", str(corpus_root), "--readme", str(tmp_path / "nowhere" / "R.md"),
         "--card", str(tmp_path / "nowhere" / "C.md"), "--results", str(tmp_path / "res")],
        ["export", str(blocker / "gold.jsonl"), "--to", "jsonl", "--gold", str(corpus_root)],
    ]
    for args in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.splitlines()[-1].startswith("error: ") and "Traceback" not in result.output, args


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_passes_predictions_through_and_shows_only_on_a_terminal(terminal, monkeypatch, capsys) -> None:
    from bench.cli.common import progress

    monkeypatch.setenv("TERM", "xterm")
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        monkeypatch.setenv("NO_COLOR", "1")
    with progress(3, ScoreConfig(bootstrap_samples=7)) as advance:
        assert list(advance(iter("abc"))) == ["a", "b", "c"]
    err = capsys.readouterr().err
    assert ("scoring documents" in err or "confidence intervals (7 resamples)" in err) is terminal


def test_progress_of_a_comparison_reaches_the_intervals_after_both_streams(monkeypatch) -> None:
    from bench.cli import common

    descriptions: list[str] = []
    monkeypatch.setattr("rich.progress.Progress.update",
                        lambda self, task, **kw: descriptions.append(kw.get("description", "")))
    with common.progress(4, ScoreConfig(bootstrap_samples=7)) as advance:
        assert list(advance(iter("ab"))) == ["a", "b"]
        assert descriptions == []  # one system scored of two: still scoring
        assert list(advance(iter("cd"))) == ["c", "d"]
    assert descriptions == ["confidence intervals (7 resamples)"]
