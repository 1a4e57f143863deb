"""Loading the gold (bench.io.gold): validation errors name file and line; the signature is stable."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from bench.errors import InputError
from bench.io.gold import format_document, load_gold
from conftest import METADATA, TEXT_A, TEXT_B, default_docs, entity, header, span, write_corpus


def gold_file(root: Path, doc_id: str = "doc-a") -> Path:
    return root / "gold" / f"{doc_id}.jsonl"


def rewrite(path: Path, lines: list) -> None:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines),
                    encoding="utf-8", newline="\n")


def read_lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_loads_the_fixture(corpus) -> None:
    docs = corpus.by_id()
    assert list(docs) == ["doc-a", "doc-b"]
    a = docs["doc-a"]
    assert a.text == TEXT_A and docs["doc-b"].text == TEXT_B
    assert (len(a.entities), len(a.timex), len(a.numeric)) == (6, 3, 1)
    for item in (*a.entities, *a.timex, *a.numeric):
        assert a.text[item.start:item.end] == item.text
    assert a.dct.isoformat() == "2024-09-27"
    assert a.entities[0].canonical == "Mohammed Shia al-Sudani"
    assert corpus.metadata.version == METADATA["version"]
    assert corpus.signature == f"{METADATA['version']}+{corpus.sha256[:12]}"
    assert a.as_input().model_dump().keys() == {"id", "source_file", "language", "dct", "dct_evidence", "text",
                                                "text_sha256"}


def test_text_is_read_verbatim(tmp_path) -> None:
    text = "قال الوزير\r\nإن بغداد\u00a0آمنة.\n"
    corpus = load_gold(write_corpus(tmp_path, [{"id": "doc-x", "text": text, "annotations": [
        entity(text, "بغداد", "GPE", "e1")]}]))
    doc = corpus.documents[0]
    assert doc.text == text
    assert doc.entities[0].start == text.index("بغداد")


def test_signature_ignores_line_order_but_not_content(corpus_root, corpus) -> None:
    path = gold_file(corpus_root)
    lines = read_lines(path)
    rewrite(path, [lines[0], *reversed(lines[1:])])
    assert load_gold(corpus_root).sha256 == corpus.sha256
    lines[1]["type"] = "LOC"
    rewrite(path, lines)
    assert load_gold(corpus_root).sha256 != corpus.sha256


def test_format_document_round_trip(corpus_root, corpus, tmp_path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(corpus_root, copy)
    for doc in corpus.documents:
        gold_file(copy, doc.id).write_text(format_document(doc), encoding="utf-8", newline="\n")
    again = load_gold(copy)
    assert again.sha256 == corpus.sha256
    assert {d.id: d for d in again.documents} == {d.id: d for d in corpus.documents}
    # canonical form: a fixed point
    for doc in again.documents:
        assert format_document(doc) == gold_file(copy, doc.id).read_text(encoding="utf-8")


def test_passes_subdir(corpus_root) -> None:
    (corpus_root / "passes" / "a").mkdir(parents=True)
    shutil.copy(gold_file(corpus_root), corpus_root / "passes" / "a" / "doc-a.jsonl")
    corpus = load_gold(corpus_root, subdir="passes/a")
    assert [d.id for d in corpus.documents] == ["doc-a"]


# -- errors ------------------------------------------------------------------------------------------

def expect_error(root: Path, *, file: Path, line: int | None = None, field: str | None = None,
                 message: str = "") -> InputError:
    with pytest.raises(InputError) as info:
        load_gold(root)
    err = info.value
    assert err.file == str(file), err
    assert err.line == line, err
    if field is not None:
        assert err.field == field, err
    assert message in err.message, err
    return err


def test_header_must_come_first(corpus_root) -> None:
    path = gold_file(corpus_root)
    lines = read_lines(path)
    rewrite(path, [*lines[1:], lines[0]])
    expect_error(corpus_root, file=path, line=1, message="document header")


def test_text_hash_must_match(corpus_root) -> None:
    path = gold_file(corpus_root)
    lines = read_lines(path)
    lines[0]["text_sha256"] = hashlib.sha256(b"other").hexdigest()
    rewrite(path, lines)
    expect_error(corpus_root, file=path, line=1, message="text_sha256")


def test_missing_text_file(corpus_root) -> None:
    text = corpus_root / "texts" / "doc-b.txt"
    text.unlink()
    expect_error(corpus_root, file=text, message="cannot read")


def test_text_must_be_utf8(corpus_root) -> None:
    text = corpus_root / "texts" / "doc-b.txt"
    text.write_bytes(b"\xff\xfe")
    expect_error(corpus_root, file=text, message="UTF-8")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: d.update(kind="person"), "kind", "kind"),
        (lambda d: d.pop("kind"), "kind", "kind"),
        (lambda d: d.update(type="PERSON"), "type", ""),
        (lambda d: d.update(start=d["start"] + 1, end=d["end"] + 1), "text", "not"),
        (lambda d: d.update(end=d["end"] + 1), None, "characters"),
        (lambda d: d.pop("type"), "type", "missing"),
        (lambda d: d.update(colour="red"), "colour", "unknown field"),
        (lambda d: d.update(start="x"), "start", ""),
    ],
)
def test_bad_entity_line(corpus_root, change, field, message) -> None:
    path = gold_file(corpus_root)
    lines = read_lines(path)
    change(lines[2])
    rewrite(path, lines)
    expect_error(corpus_root, file=path, line=3, field=field, message=message)


def test_duplicate_annotation_id(corpus_root) -> None:
    path = gold_file(corpus_root)
    lines = read_lines(path)
    lines[3]["id"] = lines[1]["id"]
    rewrite(path, lines)
    expect_error(corpus_root, file=path, line=4, field="id", message="line 2")


def test_annotation_past_end_of_text(corpus_root) -> None:
    path = gold_file(corpus_root, "doc-b")
    lines = read_lines(path)
    n = len(TEXT_B)
    lines.append({"kind": "entity", "id": "b-past", "start": n - 1, "end": n + 2, "text": "abc", "type": "GPE"})
    rewrite(path, lines)
    expect_error(corpus_root, file=path, line=len(lines), field="end", message="past the end")


def test_invalid_timex_value(corpus_root) -> None:
    path = gold_file(corpus_root)
    lines = read_lines(path)
    (i,) = [k for k, x in enumerate(lines) if x.get("id") == "a-t3"]
    lines[i]["value"] = "P1 W"
    rewrite(path, lines)
    expect_error(corpus_root, file=path, line=i + 1, field="value", message="TIMEX3")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(value_min=1, value_max=2), "either"),
        (lambda d: (d.pop("value"), d.update(value_min=5, value_max=1, qualifier="range")), "greater"),
        (lambda d: (d.pop("value"), d.update(value_min=1)), "both"),
        (lambda d: d.update(qualifier="range"), "range"),
        (lambda d: d.update(time="next year"), "TIMEX3"),
        (lambda d: d.pop("modality"), "missing"),
    ],
)
def test_bad_numeric_line(corpus_root, change, message) -> None:
    path = gold_file(corpus_root)
    lines = read_lines(path)
    (i,) = [k for k, x in enumerate(lines) if x.get("kind") == "numeric"]
    change(lines[i])
    rewrite(path, lines)
    expect_error(corpus_root, file=path, line=i + 1, message=message)


def test_gold_jsonl_is_strict_too(corpus_root) -> None:
    path = gold_file(corpus_root)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    expect_error(corpus_root, file=path, line=1, message="CRLF")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\r\n", b"\n"))
    expect_error(corpus_root, file=path, line=1, message="byte-order mark")


def test_bad_metadata(corpus_root) -> None:
    meta = corpus_root / "gold" / "metadata.json"
    meta.write_text(json.dumps({"name": "x", "version": "1"}), encoding="utf-8")
    expect_error(corpus_root, file=meta, message="metadata")
    meta.write_text("{not json", encoding="utf-8")
    expect_error(corpus_root, file=meta, message="metadata")


def test_no_annotation_files(tmp_path) -> None:
    (tmp_path / "gold").mkdir()
    expect_error(tmp_path, file=tmp_path / "gold", message="no annotation files")


def test_fixture_helpers_are_consistent() -> None:
    # the helpers locate every annotation by its surface string
    for doc in default_docs():
        assert header(doc)["text_sha256"] == hashlib.sha256(doc["text"].encode()).hexdigest()
        for ann in doc["annotations"]:
            assert doc["text"][ann["start"]:ann["end"]] == ann["text"]
    assert span("abcabc", "bc", 1) == (4, 6)
