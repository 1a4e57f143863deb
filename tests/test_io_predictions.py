"""Bad predictions files: refused with an error naming file, line and field (library and CLI)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bench.io.jsonl
from bench.cli import app
from bench.errors import InputError
from bench.io.jsonl import iter_json_lines
from bench.io.predictions import iter_predictions, read_predictions, write_predictions
from bench.schema.config import ScoreConfig
from bench.scoring import score
from conftest import TEXT_A, TEXT_B, perfect_predictions, span, tree_digest

OK_A = json.dumps({"id": "doc-a"})
OK_B = json.dumps({"id": "doc-b"})


def ent(**fields) -> dict:
    return {"id": "doc-a", "entities": [fields]}


def line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


S, E = span(TEXT_A, "بغداد")
GOOD_ENTITY = {"start": S, "end": E, "text": "بغداد", "type": "GPE"}
SB, EB = span(TEXT_B, "الأردن")
GOOD_B = {"start": SB, "end": EB, "text": "الأردن", "type": "GPE"}
PAST_END = {"start": len(TEXT_A) - 2, "end": len(TEXT_A) + 3, "text": "xxxxx", "type": "GPE"}


@dataclass
class Case:
    name: str
    content: bytes
    line: int | None
    field: str | None
    message: str


def case(name: str, lines: list[str], at: int | None, field: str | None, message: str) -> Case:
    return Case(name, ("\n".join(lines) + "\n").encode("utf-8"), at, field, message)


CASES = [
    case("malformed-json", [OK_A, '{"id": "doc-b",'], 2, None, "malformed JSON"),
    case("not-an-object", [OK_A, "[1, 2]"], 2, None, "JSON object"),
    case("unknown-document", [OK_A, OK_B, line({"id": "doc-zz"})], 3, "id", "unknown document id 'doc-zz'"),
    case("duplicate-document", [OK_A, OK_B, OK_A], 3, "id", "already appears on line 1"),
    case("offsets-past-end", [line(ent(**PAST_END)), OK_B], 1, "entities.0.end", "past the end"),
    case("text-does-not-match", [OK_A, line({"id": "doc-b", "entities": [{**GOOD_ENTITY}]})], 2,
         "entities.0.text", "بغداد"),
    case("text-length-mismatch", [line(ent(start=S, end=E + 1, text="بغداد", type="GPE")), OK_B], 1,
         "entities.0", "characters"),
    case("only-start", [line(ent(start=S, text="بغداد", type="GPE")), OK_B], 1, "entities.0", "both"),
    case("negative-start", [line(ent(start=-1, end=4, text="abcde", type="GPE")), OK_B], 1, "entities.0",
         "negative"),
    case("blank-text-without-offsets", [line(ent(text="  ", type="GPE")), OK_B], 1, "entities.0", "text"),
    case("start-not-a-number", [line(ent(**{**GOOD_ENTITY, "start": "abc"})), OK_B], 1, "entities.0.start", ""),
    case("start-fractional", [line(ent(**{**GOOD_ENTITY, "start": S + 0.5})), OK_B], 1, "entities.0.start", ""),
    case("start-boolean", [line(ent(start=True, end=2, text=TEXT_A[1:2], type="GPE")), OK_B], 1,
         "entities.0.start", ""),
    case("layer-not-a-list", [line({"id": "doc-a", "entities": "بغداد"}), OK_B], 1, "entities", ""),
    case("type-not-a-string", [line(ent(**{**GOOD_ENTITY, "type": 5})), OK_B], 1, "entities.0.type", ""),
    case("text-not-a-string", [line(ent(start=S, end=E, text=12345, type="GPE")), OK_B], 1, "entities.0.text", ""),
    case("id-not-a-string", [line({"id": 5}), OK_B], 1, "id", ""),
    case("missing-type", [line(ent(start=S, end=E, text="بغداد")), OK_B], 1, "entities.0.type", "missing"),
    case("unknown-field", [line({"id": "doc-a", "entitys": []}), OK_B], 1, "entitys", "unknown field"),
    case("unknown-entity-label", [line(ent(**{**GOOD_ENTITY, "type": "PERSON"})), OK_B], 1, "entities.0.type", ""),
    case("unknown-timex-type", [line({"id": "doc-a", "timex": [{"text": "أسبوع", "type": "DAY"}]}), OK_B], 1,
         "timex.0.type", ""),
    case("bad-timex-value", [line({"id": "doc-a", "timex": [{"text": "أسبوع", "type": "DURATION",
                                                              "value": "2025-13"}]}), OK_B], 1,
         "timex.0.value", "TIMEX3"),
    case("unknown-qualifier", [line({"id": "doc-a", "numeric": [{"text": "2500", "qualifier": "about"}]}), OK_B],
         1, "numeric.0.qualifier", ""),
    case("nan", [OK_A, '{"id": "doc-b", "numeric": [{"text": "300", "value": NaN}]}'], 2, None, "NaN"),
    case("infinity", ['{"id": "doc-a", "numeric": [{"text": "2500", "value": Infinity}]}', OK_B], 1, None,
         "Infinity"),
    case("minus-infinity", ['{"id": "doc-a", "numeric": [{"text": "2500", "value": -Infinity}]}', OK_B], 1,
         None, "Infinity"),
    case("overflowing-number", ['{"id": "doc-a", "numeric": [{"text": "2500", "value": 1e999}]}', OK_B], 1,
         "numeric.0.value", "finite"),
    case("deeply-nested", [OK_A, "[" * 100_000], 2, None, ""),
    Case("bom", b"\xef\xbb\xbf" + (OK_A + "\n" + OK_B + "\n").encode(), 1, None, "byte-order mark"),
    Case("crlf", (OK_A + "\r\n" + OK_B + "\r\n").encode(), 1, None, "CRLF"),
    Case("invalid-utf8", (OK_A + "\n").encode() + b'{"id": "doc-\xff"}\n', 2, None, "UTF-8"),
    Case("empty-file", b"", None, None, "no JSON lines"),
    Case("blank-lines-only", b"\n  \n\n", None, None, "no JSON lines"),
]


@pytest.fixture
def write(tmp_path):
    def _write(content: bytes, name: str = "predictions.jsonl") -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return _write


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_iter_predictions_refuses(bad: Case, corpus, write) -> None:
    path = write(bad.content)
    with pytest.raises(InputError) as info:
        list(iter_predictions(path, corpus.by_id()))
    err = info.value
    assert err.file == str(path)
    assert err.line == bad.line
    if bad.field is not None:
        assert err.field is not None and err.field.startswith(bad.field), err
    assert bad.message in err.message


def _cli(args: list[str]):
    """The result and its stderr without the line naming the gold folder (every scoring command prints it)."""
    result = CliRunner().invoke(app, args)
    lines = result.stderr.splitlines(keepends=True)
    assert lines and lines[0].startswith("gold: "), result.stderr
    return result, "".join(lines[1:])


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_cli_refuses_with_exit_code_2(bad: Case, corpus_root, write) -> None:
    path = write(bad.content)
    result, err = _cli(["score", str(path), "--gold", str(corpus_root), "--bootstrap", "0"])
    assert result.exit_code == 2, (result.exit_code, result.exception, result.output)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert err.startswith("error: ")
    assert str(path) in err
    if bad.line is not None:
        assert f"line {bad.line}" in err
    if bad.field is not None:
        assert f"field '{bad.field}" in err
    assert bad.message in err
    assert result.stdout == ""


def test_well_formed_file_is_accepted(corpus, write) -> None:
    content = "\n".join(json.dumps(p.model_dump(mode="json"), ensure_ascii=False)
                        for p in perfect_predictions(corpus)) + "\n"
    path = write(content.encode())
    preds = list(iter_predictions(path, corpus.by_id()))
    assert [p.id for p in preds] == ["doc-a", "doc-b"]
    assert preds == perfect_predictions(corpus)


def test_write_then_read_round_trip(corpus, tmp_path) -> None:
    path = tmp_path / "round.jsonl"
    write_predictions(path, perfect_predictions(corpus))
    assert b"\r" not in path.read_bytes()
    assert read_predictions(path, corpus.by_id()) == perfect_predictions(corpus)


# -- line length -------------------------------------------------------------------------------------

def test_long_line_refused_by_parameter(write) -> None:
    path = write((OK_A + "\n" + json.dumps({"id": "doc-b", "pad": "x" * 200}) + "\n").encode())
    lines = iter_json_lines(path, max_line_bytes=64)
    assert next(lines)[0] == 1
    with pytest.raises(InputError) as info:
        next(lines)
    assert info.value.line == 2 and "64" in info.value.message


def test_long_line_refused_by_module_limit(corpus, write, monkeypatch) -> None:
    # The line is valid in every other respect, so only the length limit can refuse it.
    monkeypatch.setattr(bench.io.jsonl, "MAX_LINE_BYTES", 64)
    path = write((OK_A + "\n" + line({"id": "doc-b", "entities": [GOOD_B] * 5}) + "\n").encode())
    with pytest.raises(InputError) as info:
        list(iter_predictions(path, corpus.by_id()))
    assert info.value.line == 2 and "longer than 64 bytes" in info.value.message


def test_long_line_refused_by_cli(corpus_root, write, monkeypatch) -> None:
    # The limit applies to every JSON Lines file, the gold too: set it just above the longest gold line.
    longest = max(len(raw) for f in (corpus_root / "gold").glob("*.jsonl") for raw in f.read_bytes().splitlines())
    limit = max(longest, len(OK_A.encode())) + 2
    monkeypatch.setattr(bench.io.jsonl, "MAX_LINE_BYTES", limit)
    long_line = line({"id": "doc-b", "entities": [GOOD_B] * 50})
    assert len(long_line.encode()) > limit
    path = write((OK_A + "\n" + long_line + "\n").encode())
    result, err = _cli(["score", str(path), "--gold", str(corpus_root), "--bootstrap", "0"])
    assert result.exit_code == 2 and "line 2" in err and f"longer than {limit} bytes" in err


# -- missing documents ---------------------------------------------------------------------------------

def test_missing_document_library(corpus, write) -> None:
    path = write((OK_A + "\n").encode())
    with pytest.raises(InputError) as info:
        score(corpus, iter_predictions(path, corpus.by_id()), config=ScoreConfig(bootstrap_samples=0))
    assert "doc-b" in str(info.value)
    report = score(corpus, iter_predictions(path, corpus.by_id()),
                   config=ScoreConfig(bootstrap_samples=0, allow_missing=True))
    assert report.entities.nested["strict"].overall.mis == sum(len(d.entities) for d in corpus.documents)


def test_missing_document_cli(corpus_root, write) -> None:
    path = write((OK_A + "\n").encode())
    result, err = _cli(["score", str(path), "--gold", str(corpus_root), "--bootstrap", "0"])
    assert result.exit_code == 2 and "doc-b" in err and "Traceback" not in result.output
    result, err = _cli(["score", str(path), "--gold", str(corpus_root), "--bootstrap", "0", "--allow-missing"])
    assert result.exit_code == 0, err
    assert "signature:" in result.stdout


def test_missing_predictions_file_cli(corpus_root, tmp_path) -> None:
    missing = tmp_path / "nope.jsonl"
    result, err = _cli(["score", str(missing), "--gold", str(corpus_root), "--bootstrap", "0"])
    assert result.exit_code == 2 and str(missing) in err and "Traceback" not in result.output


# -- the gold is read-only -------------------------------------------------------------------------------

def test_scoring_never_modifies_the_gold(corpus, corpus_root, tmp_path, write) -> None:
    before = tree_digest(corpus_root)
    good = "\n".join(line(p.model_dump(mode="json", exclude_none=True)) for p in perfect_predictions(corpus))
    path = write((good + "\n").encode())
    for fmt in ("text", "json", "markdown", "latex"):
        result, err = _cli(["score", str(path), "--gold", str(corpus_root), "--bootstrap", "20", "-f", fmt,
                            "-o", str(tmp_path / f"out.{fmt}"), "--errors", str(tmp_path / "errors.md")])
        assert result.exit_code == 0, err
    bad = write((OK_A + "\n" + line({"id": "doc-b", "entities": [GOOD_ENTITY]}) + "\n").encode(), "bad.jsonl")
    assert _cli(["score", str(bad), "--gold", str(corpus_root)])[0].exit_code == 2
    assert tree_digest(corpus_root) == before


def test_texts_are_referenced_not_copied(corpus) -> None:
    # sanity: the fixture's texts are the ones the predictions are checked against
    assert corpus.by_id()["doc-a"].text == TEXT_A and corpus.by_id()["doc-b"].text == TEXT_B


# -- a check made once -------------------------------------------------------------------------------
def _counting_checks(monkeypatch) -> list[str]:
    """The scorer's own offset checks, by document id."""
    import bench.scoring.run

    calls: list[str] = []
    original = bench.scoring.run.offset_problem

    def counted(doc, pred):
        calls.append(pred.id)
        return original(doc, pred)

    monkeypatch.setattr(bench.scoring.run, "offset_problem", counted)
    return calls


def _perfect_file(corpus, write) -> Path:
    return write(("\n".join(line(p.model_dump(mode="json", exclude_none=True)) for p in perfect_predictions(corpus))
                  + "\n").encode())


def test_the_scorer_checks_only_what_the_reader_did_not(corpus, write, monkeypatch) -> None:
    calls = _counting_checks(monkeypatch)
    config = ScoreConfig(bootstrap_samples=0)
    read = list(iter_predictions(_perfect_file(corpus, write), corpus.by_id()))
    from_file = score(corpus, read, config=config)
    assert calls == []
    built = score(corpus, perfect_predictions(corpus), config=config)  # equal predictions, not read
    assert calls == ["doc-a", "doc-b"]
    assert from_file.model_dump(exclude={"signature"}) == built.model_dump(exclude={"signature"})


def test_a_prediction_changed_after_its_check_is_checked_again(corpus, write) -> None:
    # The attack: read a good line, then hand the scorer a copy (or a model built without validation)
    # whose offsets miss the text, hoping the reader's check carries over.
    good = next(iter_predictions(_perfect_file(corpus, write), corpus.by_id()))
    assert good.id == "doc-a"
    bad_entity = good.entities[0].model_copy(update={"end": good.entities[0].end + 1})
    for bad in (good.model_copy(update={"entities": (bad_entity,)}),
                type(good).model_construct(id="doc-a", entities=(bad_entity,), timex=(), numeric=())):
        with pytest.raises(InputError, match="doc-a"):
            score(corpus, [bad], config=ScoreConfig(bootstrap_samples=0, allow_missing=True))


def test_a_check_against_one_text_does_not_vouch_for_another(corpus, write) -> None:
    # Read against this gold, scored against a gold whose text moved: the offsets are looked at again.
    import dataclasses

    read = list(iter_predictions(_perfect_file(corpus, write), corpus.by_id()))
    moved = tuple(doc.model_copy(update={"text": "ـ" + doc.text}) for doc in corpus.documents)
    other = dataclasses.replace(corpus, documents=moved)
    with pytest.raises(InputError, match="entities.0.text"):
        score(other, read, config=ScoreConfig(bootstrap_samples=0))


def test_a_check_is_let_go_with_its_prediction(corpus, write) -> None:
    import gc

    from bench.io import predictions

    gc.collect()
    before = len(predictions._CHECKED)
    read = list(iter_predictions(_perfect_file(corpus, write), corpus.by_id()))
    assert len(predictions._CHECKED) == before + len(read)
    assert all(predictions.offsets_checked(p, corpus.by_id()[p.id].text) for p in read)
    del read
    gc.collect()
    assert len(predictions._CHECKED) == before


def test_a_check_recorded_for_another_object_at_the_same_id_vouches_for_nothing(corpus, write, monkeypatch) -> None:
    # Entries go with their predictions; should one outlive it, the object now at that id is not vouched for.
    from bench.io import predictions

    read = next(iter_predictions(_perfect_file(corpus, write), corpus.by_id()))
    stranger = perfect_predictions(corpus)[0]
    text = corpus.by_id()["doc-a"].text
    monkeypatch.setitem(predictions._CHECKED, id(stranger), predictions._CHECKED[id(read)])
    assert predictions.offsets_checked(read, text)
    assert not predictions.offsets_checked(stranger, text)
