"""The LLM recipe: prompts carry the schema and the text; replies are parsed leniently and checked strictly."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bench.cli import app
from bench.tools.llm import extract_json, parse_replies, parse_reply, prompt


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
    assert bad.exit_code == 2 and "doc-x.txt, field 'id': unknown document id 'doc-x'" in bad.stderr


# -- realistic replies, parsed and scored; every number checked by hand --------------------------------

LLM_TEXT = "قال مسؤول أمريكي إن الولايات المتحدة ستسحب 2500 جندي من العراق بحلول عام 2025. وأكدت بغداد ذلك."


def _llm_corpus():
    from dataclasses import replace

    from conftest import entity, memory_corpus, timex

    t = LLM_TEXT
    start = t.find("2500 جندي")
    claim = {"kind": "numeric", "id": "n1", "start": start, "end": start + 9, "text": "2500 جندي", "value": 2500,
             "qualifier": "exact", "unit": "soldier", "subject": "United States", "location": "Iraq", "time": "2025",
             "source": "مسؤول أمريكي", "modality": "reported"}
    corpus = memory_corpus([{"id": "d", "text": t, "annotations": [
        entity(t, "أمريكي", "NORP", "e1", canonical="American"),
        entity(t, "الولايات المتحدة", "GPE", "e2", canonical="United States"),
        entity(t, "العراق", "GPE", "e3", canonical="Iraq"),
        entity(t, "بغداد", "GPE", "e4", canonical="Baghdad"),
        timex(t, "عام 2025", "DATE", "2025", "t1"), claim]}])
    return replace(corpus, aliases=(("United States", ("US", "USA")), ("Iraq", ("جمهورية العراق",))))


REPLY_ENGLISH = """```json
{"id": "d",
 "entities": [{"text": "الولايات المتحدة", "type": "GPE", "canonical": "USA", "confidence": 0.9},
              {"text": "العراق", "type": "GPE", "canonical": "Iraq"},
              {"text": "بغداد", "type": "GPE", "canonical": "Baghdad"}],
 "timex": [{"text": "عام 2025", "type": "DATE", "value": "2025"}],
 "numeric": [{"text": "2500 جندي", "value": 2500, "qualifier": "exact", "unit": "soldier", "subject": "US",
              "location": "Iraq", "time": "2025", "source": "US official", "modality": "reported"}]}
```"""

REPLY_ARABIC = """Here is the extraction you asked for:
{"entities": [{"text": "الولايات المتحدة", "type": "GPE"}, {"text": "الولايات المتحدة", "type": "GPE"},
              {"text": "العراق", "type": "GPE", "canonical": "جمهورية العراق"}, {"text": "أمريكي", "type": "NORP"}],
 "timex": [{"text": "عام 2025", "type": "DATE", "value": "2025-01"},
           {"text": "عام 2025", "type": "DATE", "value": "2025"}],
 "numeric": [{"text": "2500 جندي", "value": 2500, "qualifier": "exact", "unit": "soldier",
              "subject": "الولايات المتحدة", "location": "العراق", "time": "2025", "source": "مسؤول أمريكي",
              "modality": "reported",}]}
I hope this helps."""


def _score_reply(reply: str):
    from bench.schema.config import ScoreConfig
    from bench.scoring import score
    from bench.tools.llm import parse_reply

    pred, problems = parse_reply("d", reply)
    assert pred is not None
    return score(_llm_corpus(), [pred], config=ScoreConfig(bootstrap_samples=0)), problems


def _field(part, name):
    return next(f for f in part.fields if f.field == name)


def test_reply_with_english_names_and_no_offsets() -> None:
    report, problems = _score_reply(REPLY_ENGLISH)
    assert [(p.where, p.message) for p in problems] == [("entities.0", "ignored unknown key(s) confidence")]
    assert report.alignment.mode == "strings" and report.alignment.unplaced == 0
    strict = report.entities.nested["strict"].overall
    # three placed names are exact (COR 3), the NORP «أمريكي» is missed: P 3/3, R 3/4
    assert (strict.cor, strict.mis, strict.spu) == (3, 1, 0) and round(strict.f1, 4) == round(2 * .75 / 1.75, 4)
    linked = report.entities.canonical
    # "USA" is an alias of United States; the NORP has a gold canonical but no match: R 3/4
    assert (linked.correct, linked.matched, linked.gold, linked.pred) == (3, 3, 4, 3)
    assert report.timex.strict.f1 == 1.0 and _field(report.timex, "value").f1 == 1.0
    numeric = report.numeric
    assert numeric.strict.f1 == 1.0
    for name in ("value", "qualifier", "unit", "subject", "location", "time", "modality"):
        assert _field(numeric, name).f1 == 1.0, name
    # "US official" is no entity and shares no token with «مسؤول أمريكي»: nothing
    source = _field(numeric, "source")
    assert (source.correct, source.f1, source.token_f1) == (0, 0.0, 0.0)


def test_reply_with_arabic_names_duplicates_and_alternatives() -> None:
    report, problems = _score_reply(REPLY_ARABIC)
    assert problems == []
    # the repeated «الولايات المتحدة» has no second occurrence; the second «عام 2025» neither
    assert (report.alignment.placed, report.alignment.unplaced) == (5, 2)
    strict = report.entities.nested["strict"].overall
    assert (strict.cor, strict.mis, strict.spu) == (3, 1, 1) and strict.f1 == 0.75
    linked = report.entities.canonical
    # one prediction links («جمهورية العراق», an alias, names Iraq); three strict matches have a gold
    # canonical
    assert (linked.correct, linked.matched, linked.gold, linked.pred) == (1, 3, 4, 1)
    assert round(linked.f1, 4) == round(2 * 1 * .25 / 1.25, 4)
    # content order puts value "2025" before "2025-01": the first is placed and right
    relaxed = report.timex.relaxed
    assert (relaxed.cor, relaxed.spu) == (1, 1) and round(relaxed.f1, 4) == round(2 * .5 / 1.5, 4)
    value = _field(report.timex, "value")
    assert (value.correct, value.pred, value.gold) == (1, 2, 1)
    for f in report.numeric.fields:
        assert f.f1 == 1.0, f.field


def test_alternatives_for_one_mention_with_offsets_never_pay() -> None:
    start = LLM_TEXT.find("بغداد")
    reply = json.dumps({"entities": [{"start": start, "end": start + 5, "text": "بغداد", "type": t}
                                     for t in ("LOC", "GPE")]}, ensure_ascii=False)
    report, _ = _score_reply(reply)
    strict = report.entities.nested["strict"].overall
    # GPE (first by type) takes the extent with its type counted as wrong; LOC is spurious
    assert (strict.cor, strict.inc, strict.spu, strict.mis) == (0, 1, 1, 3)
    assert report.entities.nested["exact"].overall.cor == 1
