"""Every command with a library twin prints what the library returns: CLI JSON == the API result serialised,
and a command that writes files writes the same bytes as its twin.

The one documented difference between the CLI's settings and the library's: ``bench score`` keeps the error
items only when ``--errors`` is given (:data:`CLI_SCORE_SETTINGS`); every other setting is the library's
default. Every command is covered: score, compare, convert, export, stats, agreement, render, run, validate,
build, prompt, parse, leaderboard, schema and cite.
"""

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

CLI_SCORE_SETTINGS = {"collect_errors": False}
"""How ``bench score`` without ``--errors`` differs from the library's defaults (documented in ``--errors``'s
help and :class:`bench.schema.config.ScoreConfig`): the error items are not kept."""


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("options", [(), ("--scheme", "partial"), ("--compat", "tempeval3", "--compat", "conlleval"),
                                     ("--layer", "timex")])
def test_score(options: tuple[str, ...]) -> None:
    config = {"bootstrap_samples": 20, **CLI_SCORE_SETTINGS}
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
    report = score(gold, formats.read(path, "conll", gold.by_id()),
                   config=ScoreConfig(bootstrap_samples=20, **CLI_SCORE_SETTINGS), source=path.name)
    assert _cli("score", str(path), "--json", *FAST) == to_json(report)
    assert to_json(evaluate(path, gold=GOLD, bootstrap_samples=20, **CLI_SCORE_SETTINGS)) == to_json(report)


def test_score_with_errors_keeps_what_the_library_keeps(tmp_path: Path) -> None:
    from bench.report.errors import ERROR_WRITERS

    report = evaluate(BLIND, gold=GOLD, bootstrap_samples=20)  # the library's default: error items kept
    assert _cli("score", str(BLIND), "--json", "--errors", str(tmp_path / "e.json"), *FAST) == to_json(report)
    assert (tmp_path / "e.json").read_text(encoding="utf-8") == ERROR_WRITERS[".json"](report)


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


def _same_files(a: Path, b: Path) -> None:
    """The files under ``a`` and ``b`` (or the two files) are the same, byte for byte."""
    if a.is_file():
        assert a.read_bytes() == b.read_bytes(), a.name
        return
    left = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert left and left.keys() == right.keys()
    for rel in left:
        assert left[rel] == right[rel], rel


@pytest.mark.parametrize("target", ["blind.conll", "brat", "timeml"])
def test_convert(target: str, tmp_path: Path) -> None:
    documents = load_gold(GOLD).by_id()
    to = [] if "." in target else ["--to", target]
    for side in ("cli", "api"):
        (tmp_path / side).mkdir()
    _cli("convert", str(BLIND), str(tmp_path / "cli" / target), *to, "--gold", str(GOLD))
    done = formats.convert(BLIND, tmp_path / "api" / target, documents, target_format=None if "." in target else target)
    _same_files(tmp_path / "cli" / target, tmp_path / "api" / target)
    assert done.dropped == formats.dropped_layers("jsonl", done.target_format)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_stats(fmt: str) -> None:
    from bench.upkeep.stats import STATS_RENDERERS

    assert _cli("stats", "--root", str(GOLD), "--format", fmt) == STATS_RENDERERS[fmt](load_gold(GOLD))


def test_agreement() -> None:
    from bench.tools.agreement import agreement

    expected = agreement(load_gold(GOLD, subdir="passes/a"), load_gold(GOLD, subdir="passes/b"),
                         config=ScoreConfig(bootstrap_samples=20))
    assert _cli("agreement", "passes/a", "passes/b", "--root", str(GOLD), "--format", "json", "--bootstrap",
                "20") == to_json(expected)


def test_render(tmp_path: Path) -> None:
    from bench.report.html import write_html

    _cli("render", str(BLIND), "-o", str(tmp_path / "cli.html"), "--gold", str(GOLD))
    write_html(tmp_path / "api.html", evaluate(BLIND, gold=GOLD), load_gold(GOLD))
    _same_files(tmp_path / "cli.html", tmp_path / "api.html")


def test_run(tmp_path: Path) -> None:
    from bench.systems import run

    out = _cli("run", "--system", "blind", "-o", str(tmp_path / "cli" / "blind.jsonl"), "--format", "json", *FAST)
    done = run(load_gold(GOLD), "blind", output=tmp_path / "api" / "blind.jsonl",
               config=ScoreConfig(bootstrap_samples=20))
    _same_files(tmp_path / "cli" / "blind.jsonl", done.path)
    assert out == to_json(done.report)


def test_validate() -> None:
    from bench.upkeep.validation import validate_all

    assert validate_all(GOLD) == []
    assert _cli("validate", "--root", str(GOLD)).startswith("ok: ")


def test_build(tmp_path: Path) -> None:
    from bench.upkeep.release import release

    for side in ("cli", "api"):
        (tmp_path / side).mkdir()
        for name in ("CARD.md", "README.md"):
            (tmp_path / side / name).write_bytes((REPO / name).read_bytes())
    _cli("build", "--root", str(GOLD), "--out", str(tmp_path / "cli" / "dataset"), "--card",
         str(tmp_path / "cli" / "CARD.md"))
    release(GOLD, tmp_path / "api" / "dataset", tmp_path / "api" / "CARD.md")
    _same_files(tmp_path / "cli", tmp_path / "api")


def test_prompt(tmp_path: Path) -> None:
    from bench.tools.llm import prompt, write_prompts

    gold = load_gold(GOLD)
    assert _cli("prompt", "--gold", str(GOLD)) == "".join(f"===== {doc.id} =====\n{prompt(doc.as_input())}\n"
                                                           for doc in gold.documents)
    _cli("prompt", "--gold", str(GOLD), "--out-dir", str(tmp_path / "cli"))
    write_prompts(gold.documents, tmp_path / "api")
    _same_files(tmp_path / "cli", tmp_path / "api")


def test_parse(tmp_path: Path) -> None:
    from bench.tools.llm import parse

    replies = tmp_path / "replies"
    replies.mkdir()
    lines = BLIND.read_text(encoding="utf-8").splitlines()
    for line in lines[:-1]:  # the last document gets no reply
        (replies / f"{json.loads(line)['id']}.txt").write_text(f"```json\n{line}\n```", encoding="utf-8")
    out = _cli("parse", str(replies), "-o", str(tmp_path / "cli.jsonl"), "--gold", str(GOLD))
    result = parse(replies, tmp_path / "api.jsonl", load_gold(GOLD).by_id())
    _same_files(tmp_path / "cli.jsonl", tmp_path / "api.jsonl")
    assert f"parsed {len(result.predictions)} of {len(lines)} documents" in out
    assert f"no reply: {', '.join(result.no_reply)}" in out and len(result.no_reply) == 1


def test_leaderboard(tmp_path: Path) -> None:
    from bench.tools.leaderboard import update

    files = sorted((REPO / "results").glob("*.jsonl"))
    for side in ("cli", "api"):
        (tmp_path / side).mkdir()
        for name in ("CARD.md", "README.md"):
            (tmp_path / side / name).write_bytes((REPO / name).read_bytes())
    cli = tmp_path / "cli"
    out = _cli("leaderboard", *map(str, files), "--results", str(cli / "results"), "--readme", str(cli / "README.md"),
               "--card", str(cli / "CARD.md"), "--gold", str(GOLD))
    api = tmp_path / "api"
    done = update(load_gold(GOLD), files, results=api / "results", readme=api / "README.md", card=api / "CARD.md")
    assert out == done.block
    _same_files(cli, api)
