"""brat standoff export/import: round trips, exact bytes, and every refusal naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.errors import InputError
from bench.io.brat import read_brat, write_brat
from bench.io.gold import GoldCorpus, load_gold
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.scoring import score
from conftest import TEXT_A, TEXT_B, make_corpus, perfect_predictions, span, tree_digest

CFG = ScoreConfig(bootstrap_samples=0)


def normalised(preds: list[DocumentPrediction]) -> list[tuple]:
    """Predictions with each layer sorted, so that item order does not matter."""
    return sorted((p.id, *(sorted(item.model_dump_json() for item in getattr(p, layer))
                           for layer in ("entities", "timex", "numeric"))) for p in preds)


def expected_from_gold(corpus: GoldCorpus) -> list[tuple]:
    return normalised([DocumentPrediction.from_gold(doc) for doc in corpus.documents])


def t_line(number: int, type_: str, sub: str, text: str = TEXT_A, nth: int = 0) -> str:
    start, end = span(text, sub, nth)
    return f"T{number}\t{type_} {start} {end}\t{sub}"


def write_ann(folder: Path, doc_id: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.ann"
    path.write_bytes("".join(line + "\n" for line in lines).encode("utf-8"))
    return path


def refused(folder: Path, corpus: GoldCorpus) -> InputError:
    with pytest.raises(InputError) as info:
        read_brat(folder, corpus.by_id())
    return info.value


# -- round trips -----------------------------------------------------------------------------------

def test_gold_round_trip_fixture(corpus, tmp_path) -> None:
    write_brat(tmp_path / "brat", corpus.by_id(), corpus.documents)
    read = read_brat(tmp_path / "brat", corpus.by_id())
    assert normalised(read) == expected_from_gold(corpus)
    assert [p.id for p in read] == ["doc-a", "doc-b"]


def test_gold_round_trip_real_gold(tmp_path) -> None:
    root = Path(__file__).resolve().parents[1] / "annotations"
    before = tree_digest(root) if root.is_dir() else None
    gold = load_gold()
    write_brat(tmp_path / "brat", gold.by_id(), gold.documents)
    read = read_brat(tmp_path / "brat", gold.by_id())
    assert normalised(read) == expected_from_gold(gold)
    if before is not None:
        assert tree_digest(root) == before  # the gold is only read


def test_predictions_round_trip(corpus, tmp_path) -> None:
    preds = perfect_predictions(corpus)
    write_brat(tmp_path, corpus.by_id(), preds)
    assert normalised(read_brat(tmp_path, corpus.by_id())) == normalised(preds)


def test_partial_fields_round_trip(corpus, tmp_path) -> None:
    """Predictions may leave fields out; ranges and fractional numbers survive too."""
    s, e = span(TEXT_A, "نهاية عام 2025")
    w, x = span(TEXT_A, "أسبوع")
    n, m = span(TEXT_A, "2500 جندي")
    pred = DocumentPrediction.model_validate({"id": "doc-a", "timex": [
        {"start": s, "end": e, "text": TEXT_A[s:e], "type": "DATE"},
        {"start": w, "end": x, "text": "أسبوع", "type": "DURATION", "mod": "APPROX"},
    ], "numeric": [
        {"start": n, "end": m, "text": "2500 جندي"},
        {"start": n, "end": m, "text": "2500 جندي", "value_min": 2400, "value_max": 2500.5, "qualifier": "range",
         "subject": "جندي\u2028أمريكي"},
    ]})
    write_brat(tmp_path, corpus.by_id(), [pred])
    assert normalised(read_brat(tmp_path, corpus.by_id())) == normalised([pred])


def test_scoring_read_back_gold_gives_f1_one(corpus, tmp_path) -> None:
    write_brat(tmp_path, corpus.by_id(), corpus.documents)
    report = score(corpus, read_brat(tmp_path, corpus.by_id()), config=CFG)
    assert report.entities.nested["strict"].overall.f1 == 1.0
    assert report.entities.outermost["strict"].overall.f1 == 1.0
    for layer in (report.timex, report.numeric):
        assert layer.relaxed.f1 == 1.0
        assert layer.strict.f1 == 1.0
        assert layer.fields
        assert all(f.f1 == 1.0 for f in layer.fields), [(f.field, f.f1) for f in layer.fields]


def test_scoring_read_back_real_gold_gives_f1_one(tmp_path) -> None:
    gold = load_gold()
    write_brat(tmp_path, gold.by_id(), gold.documents)
    report = score(gold, read_brat(tmp_path, gold.by_id()), config=CFG)
    assert report.entities.nested["strict"].overall.f1 == 1.0
    assert report.timex.relaxed.f1 == 1.0
    assert report.numeric.relaxed.f1 == 1.0
    assert all(f.f1 == 1.0 for f in (*report.timex.fields, *report.numeric.fields))


# -- what is written -------------------------------------------------------------------------------

def test_written_files_and_exact_ann(corpus, tmp_path) -> None:
    paths = write_brat(tmp_path, corpus.by_id(), corpus.documents)
    assert [p.name for p in paths] == ["annotation.conf", "visual.conf", "doc-a.txt", "doc-a.ann",
                                       "doc-b.txt", "doc-b.ann"]
    lines = (tmp_path / "doc-b.ann").read_bytes().decode("utf-8").split("\n")
    s, e = span(TEXT_B, "٣٠٠ إصابة")
    assert lines[:2] == [t_line(1, "ORG", "وزارة الصحة", TEXT_B), t_line(2, "GPE", "عمّان", TEXT_B)]
    assert f"T5\tNUMERIC {s} {e}\t٣٠٠ إصابة" in lines
    assert ('#2\tAnnotatorNotes T5\t{"value":300,"qualifier":"exact","unit":"case","location":"عمّان",'
            '"modality":"asserted"}') in lines
    assert "#1\tAnnotatorNotes T4\tvalue=P2DE" in lines
    ann_a = (tmp_path / "doc-a.ann").read_text(encoding="utf-8")
    assert "canonical=Mohammed Shia al-Sudani" in ann_a
    assert "value=2025 mod=END" in ann_a
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert "TIMEX3_DATE" in conf and "NUMERIC" in conf and "<OVERLAP>" in conf


def test_txt_is_byte_identical(corpus_root, corpus, tmp_path) -> None:
    write_brat(tmp_path, corpus.by_id(), corpus.documents)
    for doc in corpus.documents:
        assert (tmp_path / f"{doc.id}.txt").read_bytes() == (corpus_root / "texts" / f"{doc.id}.txt").read_bytes()


def test_txt_keeps_crlf_and_unusual_line_breaks(tmp_path) -> None:
    text = "سطر أول\r\nسطر ثان\u2028بغداد  \r"
    corpus = make_corpus(tmp_path / "annotations", [{"id": "doc-c", "text": text, "annotations": [
        {"kind": "entity", "id": "c1", **dict(zip(("start", "end"), span(text, "بغداد"))), "text": "بغداد",
         "type": "GPE"}]}])
    write_brat(tmp_path / "brat", corpus.by_id(), corpus.documents)
    assert (tmp_path / "brat" / "doc-c.txt").read_bytes() == text.encode("utf-8")
    assert normalised(read_brat(tmp_path / "brat", corpus.by_id())) == expected_from_gold(corpus)


def test_output_is_deterministic_and_order_independent(corpus, tmp_path) -> None:
    write_brat(tmp_path / "one", corpus.by_id(), corpus.documents)
    write_brat(tmp_path / "two", corpus.by_id(), corpus.documents)
    shuffled = [doc.model_copy(update={layer: tuple(reversed(getattr(doc, layer)))
                                       for layer in ("entities", "timex", "numeric")})
                for doc in reversed(corpus.documents)]
    write_brat(tmp_path / "three", corpus.by_id(), shuffled)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two") == tree_digest(tmp_path / "three")


# -- reading: what is accepted ---------------------------------------------------------------------

def test_unused_lines_and_entity_notes_are_skipped(corpus, tmp_path) -> None:
    write_ann(tmp_path, "doc-a", [
        t_line(1, "GPE", "بغداد"),
        t_line(2, "PERS", "محمد شياع السوداني"),
        "R1\tlocated Arg1:T2 Arg2:T1",
        "E1\tMove:T2 Dest:T1",
        "A1\tNegated T1",
        "M1\tSpeculation T1",
        "N1\tReference T1 Wikipedia:1234\tبغداد",
        "*\tEquiv T1 T2",
        "#1\tAnnotatorNotes T1\tcanonical=Baghdad",
        "#2\tAnnotatorNotes T1\ta free comment",
        "#3\tAnnotatorNotes R1\tnote on a relation",
        "#4\tSTATUS T1\tdone",
        "",
    ])
    (pred,) = read_brat(tmp_path, corpus.by_id())
    assert [(e.type, e.text) for e in pred.entities] == [("GPE", "بغداد"), ("PERS", "محمد شياع السوداني")]


def test_missing_ann_absent_empty_ann_no_predictions_crlf_tolerated(corpus, tmp_path) -> None:
    (tmp_path / "doc-a.ann").write_bytes(b"")
    (tmp_path / "doc-b.txt").write_text(TEXT_B, encoding="utf-8")  # a .txt without .ann: not read
    assert read_brat(tmp_path, corpus.by_id()) == [DocumentPrediction(id="doc-a")]
    (tmp_path / "doc-a.ann").write_bytes((t_line(1, "GPE", "بغداد") + "\r\n").encode("utf-8"))
    assert [e.text for e in read_brat(tmp_path, corpus.by_id())[0].entities] == ["بغداد"]


def test_missing_ann_is_refused_by_the_scorer_unless_allowed(corpus, tmp_path) -> None:
    write_brat(tmp_path, corpus.by_id(), corpus.documents)
    (tmp_path / "doc-b.ann").unlink()
    read = read_brat(tmp_path, corpus.by_id())
    with pytest.raises(InputError, match="no predictions for 1 gold document"):
        score(corpus, read, config=CFG)
    assert score(corpus, read, config=CFG.model_copy(update={"allow_missing": True})).documents == 2


# -- reading: refusals -----------------------------------------------------------------------------

A_S, A_E = span(TEXT_A, "بغداد")

READ_CASES = [
    ("discontinuous", [t_line(1, "GPE", "بغداد"), f"T2\tGPE {A_S} {A_S + 2};{A_S + 3} {A_E}\tبغ اد"], 2,
     "offsets", "discontinuous span"),
    ("past-end", [f"T1\tGPE {len(TEXT_A) - 2} {len(TEXT_A) + 3}\txxxxx"], 1, "end", "past the end"),
    ("empty-span", [f"T1\tGPE {A_E} {A_S}\tبغداد"], 1, "offsets", "empty or negative"),
    ("text-mismatch", [f"T1\tGPE {A_S} {A_E}\tبيروت"], 1, "text", "not 'بيروت'"),
    ("unknown-type", [f"T1\tCITY {A_S} {A_E}\tبغداد"], 1, "type", "unknown type 'CITY'"),
    ("unknown-timex-type", [f"T1\tTIMEX3_DAY {A_S} {A_E}\tبغداد"], 1, "type", "unknown type"),
    ("arabic-digits", ["T1\tGPE ٤٨ ٥٣\tبغداد"], 1, "offsets", "expected '<TYPE> <start> <end>'"),
    ("space-not-tab", [f"T1\tGPE {A_S} {A_E} بغداد"], 1, "text", "a space where a tab belongs?"),
    ("missing-text", [f"T1\tGPE {A_S} {A_E}"], 1, "text", "three tab-separated fields"),
    ("malformed-id", [f"Tx\tGPE {A_S} {A_E}\tبغداد"], 1, "id", "malformed id"),
    ("unknown-line", ["X1\tsomething"], 1, "id", "unknown annotation id"),
    ("duplicate-id", [t_line(1, "GPE", "بغداد"), t_line(1, "GPE", "العراق", nth=1)], 2, "id",
     "already used on line 1"),
    ("note-without-target", [t_line(1, "GPE", "بغداد"), "#1\tAnnotatorNotes\tcanonical=Baghdad"], 2, "target",
     "expected '<note type> <annotation id>'"),
    ("note-without-text", [t_line(1, "GPE", "بغداد"), "#1\tAnnotatorNotes T1"], 2, "note",
     "three tab-separated fields"),
    ("note-unknown-target", [t_line(1, "GPE", "بغداد"), "#1\tAnnotatorNotes T9\tcanonical=Baghdad"], 2,
     "target", "'T9'"),
    ("timex-bad-note", [t_line(1, "TIMEX3_DATE", "يوم الجمعة"), "#1\tAnnotatorNotes T1\tvalue 2024"], 2,
     "note", "expected 'value="),
    ("timex-bad-value", [t_line(1, "TIMEX3_DATE", "يوم الجمعة"), "#1\tAnnotatorNotes T1\tvalue=Friday"], 2,
     "value", "not a TIMEX3 value"),
    ("timex-bad-mod", [t_line(1, "TIMEX3_DATE", "يوم الجمعة"), "#1\tAnnotatorNotes T1\tvalue=2024 mod=LATE"], 2,
     "mod", ""),
    ("timex-two-notes", [t_line(1, "TIMEX3_DATE", "يوم الجمعة"), "#1\tAnnotatorNotes T1\tvalue=2024",
                         "#2\tAnnotatorNotes T1\tvalue=2025"], 3, "note", "already has a note on line 2"),
    ("numeric-bad-json", [t_line(1, "NUMERIC", "2500 جندي"), "#1\tAnnotatorNotes T1\t{value: 2500}"], 2, "note",
     "not valid JSON"),
    ("numeric-nan", [t_line(1, "NUMERIC", "2500 جندي"), '#1\tAnnotatorNotes T1\t{"value":NaN}'], 2, "note",
     "NaN"),
    ("numeric-not-object", [t_line(1, "NUMERIC", "2500 جندي"), "#1\tAnnotatorNotes T1\t[2500]"], 2, "note",
     "JSON object"),
    ("numeric-unknown-field", [t_line(1, "NUMERIC", "2500 جندي"), '#1\tAnnotatorNotes T1\t{"start":0}'], 2,
     "start", "unknown claim field"),
    ("numeric-bad-range", [t_line(1, "NUMERIC", "2500 جندي"),
                           '#1\tAnnotatorNotes T1\t{"value_min":20,"value_max":10}'], 2, None, "greater than"),
    ("numeric-string-value", [t_line(1, "NUMERIC", "2500 جندي"), '#1\tAnnotatorNotes T1\t{"value":"2500"}'], 2,
     "value", ""),
]


@pytest.mark.parametrize(("lines", "line", "field", "message"), [c[1:] for c in READ_CASES],
                         ids=[c[0] for c in READ_CASES])
def test_bad_ann_is_refused(corpus, tmp_path, lines, line, field, message) -> None:
    path = write_ann(tmp_path, "doc-a", lines)
    error = refused(tmp_path, corpus)
    assert (error.file, error.line, error.field) == (str(path), line, field)
    assert message in error.message


def test_txt_that_differs_is_refused_with_first_offset(corpus, tmp_path) -> None:
    write_brat(tmp_path, corpus.by_id(), corpus.documents)
    changed = TEXT_A.replace("بغداد", "بغداذ")
    (tmp_path / "doc-a.txt").write_bytes(changed.encode("utf-8"))
    error = refused(tmp_path, corpus)
    offset = A_S + 4
    assert (error.file, error.line, error.field) == (str(tmp_path / "doc-a.txt"), 1, "text")
    assert f"at offset {offset}" in error.message
    # a CRLF conversion is a difference too, on the line where it first happens
    (tmp_path / "doc-a.txt").write_bytes(TEXT_A.replace("\n", "\r\n").encode("utf-8"))
    error = refused(tmp_path, corpus)
    assert (error.line, f"at offset {TEXT_A.index(chr(10))}" in error.message) == (1, True)
    (tmp_path / "doc-a.txt").write_bytes((TEXT_A + "\n").encode("utf-8"))
    assert f"at offset {len(TEXT_A)}" in refused(tmp_path, corpus).message


def test_unknown_document_is_refused(corpus, tmp_path) -> None:
    write_brat(tmp_path, corpus.by_id(), corpus.documents)
    path = write_ann(tmp_path, "doc-zz", [])
    error = refused(tmp_path, corpus)
    assert (error.file, error.field) == (str(path), "id")
    assert "unknown document id 'doc-zz'" in error.message


@pytest.mark.parametrize(("content", "line", "message"), [
    (b"\xef\xbb\xbfT1\tGPE 0 1\tx\n", 1, "byte-order mark"),
    (b"T1\tGPE 0 1\tx\n\xff\n", 2, "not valid UTF-8"),
])
def test_undecodable_ann_is_refused(corpus, tmp_path, content, line, message) -> None:
    (tmp_path / "doc-a.ann").write_bytes(content)
    error = refused(tmp_path, corpus)
    assert (error.file, error.line) == (str(tmp_path / "doc-a.ann"), line)
    assert message in error.message


def test_folder_without_ann_is_refused(corpus, tmp_path) -> None:
    assert "no brat annotation files" in refused(tmp_path, corpus).message
    assert "not a folder" in refused(tmp_path / "missing", corpus).message


# -- writing: refusals -----------------------------------------------------------------------------

def test_string_only_prediction_is_refused_on_write(corpus, tmp_path) -> None:
    preds = perfect_predictions(corpus)
    strings = perfect_predictions(corpus, offsets=False)
    preds[1] = preds[1].model_copy(update={"timex": (*preds[1].timex, *strings[1].timex)})
    with pytest.raises(InputError) as info:
        write_brat(tmp_path / "out", corpus.by_id(), preds)
    error = info.value
    assert (error.file, error.field) == (str(tmp_path / "out" / "doc-b.ann"), "timex.1")
    assert "document 'doc-b'" in error.message and "'عقدين' has no offsets" in error.message
    assert not (tmp_path / "out").exists()  # nothing written


@pytest.mark.parametrize(("update", "field", "message"), [
    ({"id": "doc-zz"}, "id", "unknown document id 'doc-zz'"),
    ({"entities": [{"start": 0, "end": 3, "text": "abc", "type": "GPE"}]}, "entities.0", "not 'abc'"),
    ({"entities": [{"start": len(TEXT_A) - 2, "end": len(TEXT_A) + 1, "text": "abc", "type": "GPE"}]},
     "entities.0", "past the end"),
])
def test_bad_prediction_is_refused_on_write(corpus, tmp_path, update, field, message) -> None:
    pred = DocumentPrediction.model_validate({"id": "doc-a", **update})
    with pytest.raises(InputError) as info:
        write_brat(tmp_path / "out", corpus.by_id(), [pred])
    assert info.value.field == field
    assert message in info.value.message
    assert not (tmp_path / "out").exists()


def test_repeated_document_is_refused_on_write(corpus, tmp_path) -> None:
    with pytest.raises(InputError, match="given twice"):
        write_brat(tmp_path, corpus.by_id(), [*corpus.documents, corpus.documents[0]])


def test_span_with_line_break_is_refused_on_write(tmp_path) -> None:
    text = "زار بغداد\nأمس"
    corpus = make_corpus(tmp_path / "annotations", [{"id": "doc-c", "text": text, "annotations": [
        {"kind": "entity", "id": "c1", "start": 4, "end": 13, "text": text[4:13], "type": "GPE"}]}])
    with pytest.raises(InputError) as info:
        write_brat(tmp_path / "brat", corpus.by_id(), corpus.documents)
    assert info.value.field == "entities.0"
    assert "line break" in info.value.message and "document 'doc-c'" in info.value.message
