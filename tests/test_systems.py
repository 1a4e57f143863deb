"""The plugin interface: any callable (Document) -> DocumentPrediction, loaded by name or module:callable."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bench.cli import app
from bench.errors import InputError
from bench.schema.predictions import DocumentPrediction
from bench.systems import load_system, run_system

PLUGIN = '''
from bench.schema.predictions import DocumentPrediction

def extract(doc):
    start = doc.text.find("بغداد")
    return DocumentPrediction.model_validate(
        {"id": doc.id, "entities": [{"start": start, "end": start + 5, "text": "بغداد", "type": "GPE"}]
         if start >= 0 else []})

def wrong_id(doc):
    return DocumentPrediction(id="nope")

def crashes(doc):
    raise RuntimeError("boom")
'''


@pytest.fixture
def plugin_dir(tmp_path, monkeypatch):
    (tmp_path / "my_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_plugin_runs_through_the_cli(plugin_dir, corpus_root) -> None:
    out = plugin_dir / "pred.jsonl"
    result = CliRunner().invoke(app, ["run", "--system", "my_plugin:extract", "-o", str(out), "--gold",
                                      str(corpus_root), "--bootstrap", "0", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["entities"]["nested"]["strict"]["overall"]["cor"] == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["doc-a", "doc-b"]


def test_system_errors_are_clear(plugin_dir, corpus) -> None:
    with pytest.raises(InputError, match="neither a reference system"):
        load_system("no-colon")
    with pytest.raises(InputError, match="cannot import 'missing_module'"):
        load_system("missing_module:extract")
    with pytest.raises(InputError, match="has no callable 'absent'"):
        load_system("my_plugin:absent")
    docs = [d.as_input() for d in corpus.documents]
    with pytest.raises(InputError, match="prediction for 'nope' when given 'doc-a'"):
        list(run_system(load_system("my_plugin:wrong_id"), docs))
    with pytest.raises(InputError, match="system failed on document 'doc-a': RuntimeError: boom"):
        list(run_system(load_system("my_plugin:crashes"), docs))
    with pytest.raises(InputError, match="not a DocumentPrediction"):
        list(run_system(lambda doc: {"id": doc.id}, docs))


def test_systems_see_only_text_and_dct(corpus) -> None:
    seen = []

    def spy(doc):
        seen.append(doc)
        return DocumentPrediction(id=doc.id)

    list(run_system(spy, [d.as_input() for d in corpus.documents]))
    assert all(not hasattr(d, "entities") for d in seen)


def test_the_toy_example_is_a_plugin_and_reproduces_the_bundled_file(monkeypatch) -> None:
    from pathlib import Path

    from bench.io.gold import load_gold
    from bench.io.jsonl import dump_line

    repo = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(repo)  # `bench run` resolves module:callable from the working folder
    gold = load_gold(repo / "annotations")
    extract = load_system("examples.toy_system:extract")
    lines = [dump_line(p) for p in run_system(extract, [d.as_input() for d in gold.documents])]
    assert (repo / "examples" / "predictions.jsonl").read_text(encoding="utf-8") == "\n".join(lines) + "\n"
