"""The LLM recipe: prompts carry the schema and the text; replies are parsed leniently and checked strictly."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bench.cli import app
from bench.llm import extract_json, parse_replies, parse_reply, prompt


def test_prompt_carries_text_dct_schema_and_labels(corpus) -> None:
    doc = corpus.documents[0].as_input()
    text = prompt(doc)
    assert doc.text in text and doc.dct.isoformat() in text and f'"id": "{doc.id}"' in text
    assert '"DocumentPrediction"' in text or "DocumentPrediction" in text
    for label in ("PERS", "DURATION", "approximate", "planned", "MORE_THAN"):
        assert label in text


def test_extract_json_is_lenient_about_the_wrapping() -> None:
    assert extract_json('Here:\n```json\n{"a": [1, 2,],}\n```') == {"a": [1, 2]}
    assert extract_json('prose {"a": "x}y", "b": {"c": 1}} more') == {"a": "x}y", "b": {"c": 1}}
    assert extract_json('{"a": "quote \\" inside"}') == {"a": 'quote " inside'}
    assert extract_json("no json") is None
    assert extract_json("[1, 2]") is None


def test_invalid_items_are_dropped_and_reported() -> None:
    reply = json.dumps({"id": "other", "entities": [{"text": "بغداد", "type": "GPE"}, {"text": "x", "type": "BAD"}],
                        "timex": [{"text": "عام 2025", "type": "DATE", "value": "2025-13"}], "numeric": "none"},
                       ensure_ascii=False)
    pred, problems = parse_reply("doc-a", reply)
    assert pred.id == "doc-a" and len(pred.entities) == 1 and pred.timex == () and pred.numeric == ()
    where = [p.where for p in problems]
    assert where == ["id", "entities.1.type", "timex.0.value", "numeric"]


def test_parse_replies_reports_unreadable_documents() -> None:
    result = parse_replies({"doc-a": '{"entities": []}', "doc-b": "sorry, I cannot"})
    assert [p.id for p in result.predictions] == ["doc-a"] and result.unreadable == ("doc-b",)


def test_cli_prompt_and_parse(corpus_root, tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["prompt", "--gold", str(corpus_root), "--out-dir", str(tmp_path / "prompts")])
    assert result.exit_code == 0 and sorted(p.name for p in (tmp_path / "prompts").iterdir()) == ["doc-a.txt",
                                                                                                  "doc-b.txt"]
    replies = tmp_path / "replies"
    replies.mkdir()
    (replies / "doc-a.txt").write_text('```json\n{"entities": [{"text": "بغداد", "type": "GPE"}]}\n```',
                                       encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["parse", str(replies), "-o", str(out), "--gold", str(corpus_root)])
    assert result.exit_code == 0, result.stderr
    assert "parsed 1 of 2 documents" in result.stdout and "no reply: doc-b" in result.stdout
    scored = runner.invoke(app, ["score", str(out), "--gold", str(corpus_root), "--allow-missing", "--bootstrap", "0",
                                 "--json"])
    assert json.loads(scored.stdout)["entities"]["nested"]["strict"]["overall"]["cor"] == 1
    (replies / "doc-x.txt").write_text("{}", encoding="utf-8")
    bad = runner.invoke(app, ["parse", str(replies), "-o", str(out), "--gold", str(corpus_root)])
    assert bad.exit_code == 2 and "unknown documents: doc-x" in bad.stderr
