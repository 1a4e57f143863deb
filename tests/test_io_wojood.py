"""Wojood's own CoNLL layout (bench.io.wojood): written from the gold, read back by bench.io.conll."""

from __future__ import annotations

import re

import pytest

from bench.errors import InputError
from bench.io.conll import nested_chunks, read_conll
from bench.io.gold import load_gold
from bench.io.wojood import whitespace_tokens, write_wojood
from bench.schema.config import ScoreConfig
from bench.schema.document import Document
from bench.scoring import score
from conftest import TEXT_A, entity, memory_corpus, sha

# One token a line, then its tags separated by single spaces, outermost first; «O» alone.
WOJOOD_LINE = re.compile(r"^\S+ (?:O|(?:[BI]-[A-Z]+)(?: [BI]-[A-Z]+)*)$")


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def test_tokens_split_punctuation_and_keep_proclitics() -> None:
    text = 'قال لـ"بلومبرغ"، وبغداد (2024).'
    assert [t.text for t in whitespace_tokens(text)] == ["قال", "لـ", '"', "بلومبرغ", '"', "،", "وبغداد", "(", "2024",
                                                         ")", "."]
    assert all(text[t.start:t.end] == t.text for t in whitespace_tokens(text))


def test_the_gold_exports_in_the_sample_layout_and_reads_back_equal_under_the_clitic_rule(gold, tmp_path) -> None:
    path = tmp_path / "gold.conll"
    stats = write_wojood(path, gold.by_id(), gold.documents)
    lines = path.read_text(encoding="utf-8").splitlines()
    tokens = [line for line in lines if line and not line.startswith("-DOCSTART-")]
    assert tokens and all(WOJOOD_LINE.match(line) for line in tokens)
    assert any(len(line.split()) > 2 for line in tokens)        # nested mentions: several tags a line
    mentions = sum(len(d.entities) for d in gold.documents)
    assert (stats.documents, stats.mentions + stats.merged) == (5, mentions)
    assert stats.merged == 0
    report = score(gold, read_conll(path, gold.by_id()),
                   config=ScoreConfig(layers=("entities",), bootstrap_samples=0, collect_errors=False))
    nested = report.entities.nested
    assert nested["clitic"].overall.f1 == 1.0
    # Strict loses exactly the mentions that start after a proclitic, as a Wojood tagger would.
    assert nested["strict"].overall.cor == mentions - stats.widened and stats.widened > 0


def sample_document(text: str) -> Document:
    return Document(id="doc-w", text=text, dct="2024-09-27", dct_evidence="test", source_file="w.txt",
                    text_sha256=sha(text))


def test_a_file_in_the_samples_own_format_reads(tmp_path) -> None:
    # The layout of SinaLab/ArabicNER data/*.txt (tokens and tags written here for our own sentence):
    # an ORG inside an ORG, an OCC over an ORG and a GPE, a line with one tag and lines with three.
    text = "قال رئيس مجلس إدارة الشركة في بغداد إن"
    lines = ["-DOCSTART- doc-w", "", "قال O", "رئيس B-OCC", "مجلس I-OCC B-ORG", "إدارة I-OCC I-ORG",
             "الشركة I-OCC I-ORG B-ORG", "في I-OCC", "بغداد I-OCC B-GPE", "إن O", ""]
    path = tmp_path / "sample.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = sample_document(text)
    [pred] = read_conll(path, {"doc-w": doc})
    got = {(e.text, e.type) for e in pred.entities}
    assert got == {("رئيس مجلس إدارة الشركة في بغداد", "OCC"), ("مجلس إدارة الشركة", "ORG"),
                   ("الشركة", "ORG"), ("بغداد", "GPE")}


def test_nested_chunks_decode_one_type_at_a_time() -> None:
    rows = [(1, ["B-ORG"]), (2, ["I-ORG", "B-ORG"]), (3, ["I-ORG", "I-ORG"]), (4, ["I-ORG"]), None,
            (6, ["I-GPE"]), (7, ["I-GPE"]), (8, ["O"])]
    assert nested_chunks(rows, "f") == [("ORG", 0, 3), ("ORG", 1, 2), ("GPE", 4, 5)]


def test_the_wojood_layout_has_no_columns_to_select(tmp_path) -> None:
    path = tmp_path / "w.conll"
    path.write_text("-DOCSTART- doc-w\n\nقال O\nرئيس B-OCC B-PERS\n", encoding="utf-8")
    with pytest.raises(InputError, match="Wojood's layout"):
        read_conll(path, {"doc-w": sample_document("قال رئيس")}, column=0)


def test_an_unknown_type_in_the_wojood_layout_names_its_line(tmp_path) -> None:
    path = tmp_path / "w.conll"
    path.write_text("-DOCSTART- doc-w\n\nقال O\nرئيس B-OCC B-BOSS\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown entity type 'BOSS'") as err:
        read_conll(path, {"doc-w": sample_document("قال رئيس")})
    assert err.value.line == 4


def test_white_space_tokens_with_punctuation_read_and_score_under_clitic(tmp_path) -> None:
    # A tagger given the text's white-space tokens as they are («وبغداد،», «"داعش"») keeps clitics and
    # punctuation in its spans; one tag column. Only the clitic scheme forgives them.
    text = 'قالت مصادر في وبغداد، والعراق إن "داعش" ينشط.'
    gold_spans = [("بغداد", "GPE"), ("العراق", "GPE"), ("داعش", "ORG")]
    corpus = memory_corpus([{"id": "doc-w", "text": text, "dct": "2024-01-01", "annotations": [
        entity(text, sub, type_, f"e{i}") for i, (sub, type_) in enumerate(gold_spans)]}])
    tagged = {"وبغداد،": "B-GPE", "والعراق": "B-GPE", '"داعش"': "B-ORG"}
    lines = ["-DOCSTART- doc-w", "", *(f"{w}\t{tagged.get(w, 'O')}" for w in text.split()), ""]
    path = tmp_path / "ws.conll"
    path.write_text("\n".join(lines), encoding="utf-8")
    preds = read_conll(path, corpus.by_id())
    assert {e.text for e in preds[0].entities} == {"وبغداد،", "والعراق", '"داعش"'}
    nested = score(corpus, preds, config=ScoreConfig(layers=("entities",), bootstrap_samples=0,
                                                     collect_errors=False)).entities.nested
    assert nested["clitic"].overall.f1 == 1.0
    assert nested["strict"].overall.f1 == 0.0


def test_the_export_command_writes_the_layout(tmp_path) -> None:
    from typer.testing import CliRunner

    from bench.cli import app

    out = tmp_path / "gold.conll"
    result = CliRunner().invoke(app, ["export", str(out), "--to", "conll", "--wojood"])
    assert result.exit_code == 0, result.output
    assert "بغداد B-GPE" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["export", str(tmp_path / "b"), "--to", "brat", "--wojood"])
    assert bad.exit_code == 2 and "Wojood's layout is a CoNLL layout" in bad.output


def test_text_a_tokens_are_the_white_space_tokens_of_words() -> None:
    words = [t.text for t in whitespace_tokens(TEXT_A) if t.text not in ".،"]
    assert words == TEXT_A.replace(".", " ").split()
