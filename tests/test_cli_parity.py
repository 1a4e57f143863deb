"""Every command with a library twin prints what the library returns: CLI JSON == the API result serialised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench import ScoreConfig, compare, evaluate, load_gold, score
from bench.cli import app
from bench.io import formats
from bench.report.render import to_json
from bench.schema import SCHEMA_KINDS, json_schema
from bench.upkeep.citation import bibtex
from conftest import REPO

GOLD = REPO / "annotations"
BLIND = REPO / "results" / "blind.jsonl"
FAST = ["--bootstrap", "20", "--gold", str(GOLD)]


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("options", [(), ("--scheme", "partial"), ("--compat", "tempeval3", "--compat", "conlleval"),
                                     ("--layer", "timex")])
def test_score(options: tuple[str, ...]) -> None:
    config = {"bootstrap_samples": 20, "collect_errors": False}  # the CLI keeps errors only for --errors
    if "--scheme" in options:
        config["primary_scheme"] = "partial"
    if "--compat" in options:
        config["compat"] = ("tempeval3", "conlleval")
    if "--layer" in options:
        config["layers"] = ("timex",)
    expected = to_json(evaluate(BLIND, gold=GOLD, **config))
    assert _cli("score", str(BLIND), "--json", *FAST, *options) == expected


def test_score_of_a_conll_file(tmp_path: Path) -> None:
    gold = load_gold(GOLD)
    path = tmp_path / "blind.conll"
    formats.write(path, "conll", gold.by_id(), formats.read(BLIND, "jsonl", gold.by_id()))
    report = score(gold, formats.read(path, "conll", gold.by_id()), config=ScoreConfig(bootstrap_samples=20,
                                                                                     collect_errors=False),
                   source=path.name)
    assert _cli("score", str(path), "--json", *FAST) == to_json(report)
    assert to_json(evaluate(path, gold=GOLD, bootstrap_samples=20, collect_errors=False)) == to_json(report)


def test_compare() -> None:
    gold = load_gold(GOLD)
    other = REPO / "results" / "dateparser.jsonl"
    config = ScoreConfig(bootstrap_samples=20, randomization_trials=50)
    expected = compare(gold, formats.read(BLIND, "jsonl", gold.by_id()), formats.read(other, "jsonl", gold.by_id()),
                       config=config, names=(BLIND.name, other.name))
    assert _cli("compare", str(BLIND), str(other), "--json", "--trials", "50", *FAST) == to_json(expected)


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema(kind: str) -> None:
    assert json.loads(_cli("schema", kind)) == json_schema(kind)


def test_cite() -> None:
    assert _cli("cite") == bibtex()


def test_export(tmp_path: Path) -> None:
    gold = load_gold(GOLD)
    _cli("export", str(tmp_path / "cli.conll"), "--to", "conll", "--gold", str(GOLD))
    formats.write(tmp_path / "api.conll", "conll", gold.by_id(), gold.documents)
    assert (tmp_path / "cli.conll").read_bytes() == (tmp_path / "api.conll").read_bytes()
