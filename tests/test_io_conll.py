"""CoNLL / IOB2 export and import: round trips, a tagger-shaped file, seqeval agreement, bad input."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics.sequence_labeling import get_entities

from bench.errors import InputError
from bench.io.conll import DOCSTART, read_conll, write_conll
from bench.io.gold import default_root, load_gold
from bench.matching.spans import Mention, outermost
from bench.schema.config import ScoreConfig
from bench.schema.document import Document
from bench.schema.predictions import DocumentPrediction
from bench.scoring import score
from bench.text.segments import sentence_starts
from bench.text.tokenize import tokenize
from conftest import TEXT_A, TEXT_B, entity, memory_corpus, perfect_predictions, sha, span, tree_digest


def key(e) -> tuple:
    return (e.start, e.end, e.type, e.text)


def gold_entities(doc) -> list[tuple]:
    return sorted(key(e) for e in DocumentPrediction.from_gold(doc).entities)


def outermost_entities(doc) -> list[tuple]:
    mentions = [Mention(e.start, e.end, e.type, i) for i, e in enumerate(doc.entities)]
    return sorted((m.start, m.end, m.type, doc.text[m.start:m.end]) for m in outermost(mentions))


def read_back(path: Path, documents, **kwargs) -> dict[str, list[tuple]]:
    return {p.id: sorted(key(e) for e in p.entities) for p in read_conll(path, documents, **kwargs)}


def doc_blocks(path: Path) -> dict[str, list[str]]:
    """The lines of each document of a written file (without the -DOCSTART- line)."""
    blocks: dict[str, list[str]] = {}
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith(DOCSTART):
            current = blocks.setdefault(line.split()[1], [])
        else:
            current.append(line)
    return blocks


def plain_document(text: str, doc_id: str = "doc-x") -> Document:
    return Document(id=doc_id, source_file=f"{doc_id}.txt", dct="2024-01-01", dct_evidence="test", text=text,
                    text_sha256=sha(text))


# -- round trips -----------------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["nested", "outermost"])
def test_fixture_round_trip(corpus, tmp_path, view):
    path = tmp_path / "gold.conll"
    stats = write_conll(path, corpus.by_id(), corpus.documents, view=view)
    back = read_back(path, corpus.by_id())
    expected = gold_entities if view == "nested" else outermost_entities
    assert back == {doc.id: expected(doc) for doc in corpus.documents}
    assert stats.documents == 2 and stats.dropped == 0
    assert stats.columns == (2 if view == "nested" else 1)  # «الحكومة العراقية» ⊃ «العراقية»
    assert stats.sentences == sum(len(sentence_starts(d.text)) for d in corpus.documents)
    assert stats.tokens == sum(len(tokenize(d.text)) for d in corpus.documents)
    assert (stats.split_tokens, stats.extra_splits) == (0, 0)


def test_file_layout(corpus, tmp_path):
    path = tmp_path / "gold.conll"
    write_conll(path, corpus.by_id(), corpus.documents, view="nested")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[:3] == ["-DOCSTART- doc-a", "", "قال\tO\tO"]
    assert "الحكومة\tB-ORG\tO" in lines and "العراقية\tI-ORG\tB-NORP" in lines
    assert "محمد\tB-PERS\tO" in lines and "شياع\tI-PERS\tO" in lines
    blocks = doc_blocks(path)
    for doc in corpus.documents:
        rows = [line for line in blocks[doc.id] if line]
        widths = {len(line.split("\t")) for line in rows}
        assert widths == {3 if doc.id == "doc-a" else 2}  # same columns within a document
        assert [line.split("\t")[0] for line in rows] == [t.text for t in tokenize(doc.text)]
        # a blank line after the header and after each sentence unit
        assert blocks[doc.id].count("") - (doc.id == corpus.documents[-1].id) == 1 + len(sentence_starts(doc.text))


@pytest.fixture(scope="module")
def real_gold():
    return load_gold()


@pytest.mark.parametrize("view", ["nested", "outermost"])
def test_real_gold_round_trip(real_gold, tmp_path, view):
    before = tree_digest(default_root())
    path = tmp_path / "real.conll"
    stats = write_conll(path, real_gold.by_id(), real_gold.documents, view=view)
    back = read_back(path, real_gold.by_id())
    expected = gold_entities if view == "nested" else outermost_entities
    assert back == {doc.id: expected(doc) for doc in real_gold.documents}
    assert stats.dropped == 0
    # the extra cuts are exactly the mention boundaries the plain tokenizer leaves inside a token
    # (proclitics without «ال»: «وسوريا», «لإيران»…)
    cuts = 0
    for doc in real_gold.documents:
        written = outermost_entities(doc) if view == "outermost" else gold_entities(doc)
        bounds = {b for s, e, _, _ in written for b in (s, e)}
        cuts += sum(any(t.start < b < t.end for t in tokenize(doc.text)) for b in bounds)
    assert stats.extra_splits == cuts > 0
    assert tree_digest(default_root()) == before


def test_identical_and_crossing_spans_go_to_successive_columns(tmp_path):
    text = "قال إن الحكومة العراقية الجديدة ستعقد اجتماعا."
    doc = {"id": "doc-n", "text": text, "annotations": [
        entity(text, "الحكومة العراقية", "ORG", "e1"),
        entity(text, "الحكومة العراقية", "GPE", "e2"),  # the same span with another type
        entity(text, "العراقية", "NORP", "e3"),
        entity(text, "العراقية الجديدة", "LAW", "e4"),  # crosses e1/e2
    ]}
    gold = memory_corpus([doc])
    path = tmp_path / "n.conll"
    stats = write_conll(path, gold.by_id(), gold.documents, view="nested")
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in doc_blocks(path)["doc-n"] if line}
    assert rows["الحكومة"] == ["B-GPE", "B-ORG", "O", "O"]
    # LAW crosses GPE/ORG (depth 0, next free column); NORP is inside three mentions (depth 3)
    assert rows["العراقية"] == ["I-GPE", "I-ORG", "B-LAW", "B-NORP"]
    assert rows["الجديدة"] == ["O", "O", "I-LAW", "O"]
    assert stats.columns == 4
    assert read_back(path, gold.by_id())["doc-n"] == gold_entities(gold.documents[0])
    # one column cannot hold two outermost mentions over the same tokens: the second is dropped
    stats = write_conll(path, gold.by_id(), gold.documents, view="outermost")
    assert (stats.columns, stats.mentions, stats.dropped) == (1, 1, 2)
    assert read_back(path, gold.by_id())["doc-n"] == [(*span(text, "الحكومة العراقية"), "GPE", "الحكومة العراقية")]


def test_mention_across_a_sentence_unit_keeps_its_sentence_together(tmp_path):
    text = "زار م. علي بغداد.\nثم عاد."
    doc = {"id": "doc-s", "text": text, "annotations": [entity(text, "م. علي", "PERS", "e1")]}
    gold = memory_corpus([doc])
    path = tmp_path / "s.conll"
    stats = write_conll(path, gold.by_id(), gold.documents, view="nested")
    assert stats.sentences == 2  # three units, the first boundary is inside the mention
    assert read_back(path, gold.by_id())["doc-s"] == gold_entities(gold.documents[0])


def test_predictions_are_written_with_cuts_inside_words(corpus, tmp_path):
    preds = perfect_predictions(corpus)
    start, end = span(TEXT_A, "عراق", 1)  # part of «العراق»: cut out of the word
    extra = {"start": start, "end": end, "text": "عراق", "type": "GPE"}
    preds[0] = DocumentPrediction.model_validate({**preds[0].model_dump(), "entities": [
        *preds[0].model_dump()["entities"], extra]})
    path = tmp_path / "p.conll"
    stats = write_conll(path, corpus.by_id(), preds, view="nested")
    assert (stats.split_tokens, stats.extra_splits) == (1, 1)
    back = read_back(path, corpus.by_id())
    assert back == {p.id: sorted(key(e) for e in p.entities) for p in preds}


SPAN_TEXT = TEXT_A
EDGES = [i for i in range(len(SPAN_TEXT)) if not SPAN_TEXT[i].isspace()]
TYPES = ["PERS", "ORG", "GPE", "NORP"]


@st.composite
def random_mentions(draw):
    count = draw(st.integers(0, 8))
    mentions = set()
    for _ in range(count):
        a, b = sorted(draw(st.lists(st.sampled_from(EDGES), min_size=2, max_size=2)))
        mentions.add((a, b + 1, draw(st.sampled_from(TYPES))))
    return sorted(mentions)


@settings(max_examples=80, deadline=None)
@given(random_mentions())
def test_any_mentions_round_trip(mentions):
    annotations = [{"kind": "entity", "id": f"e{i}", "start": s, "end": e, "text": SPAN_TEXT[s:e], "type": t}
                   for i, (s, e, t) in enumerate(mentions)]
    gold = memory_corpus([{"id": "doc-r", "text": SPAN_TEXT, "annotations": annotations}])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.conll"
        write_conll(path, gold.by_id(), gold.documents, view="nested")
        assert read_back(path, gold.by_id())["doc-r"] == gold_entities(gold.documents[0])
        stats = write_conll(path, gold.by_id(), gold.documents, view="outermost")
        back = read_back(path, gold.by_id())["doc-r"]
        top = outermost_entities(gold.documents[0])
        assert set(back) <= set(top) and len(back) == len(top) - stats.dropped


# -- a tagger's output -----------------------------------------------------------------------------

# Space-separated, a POS column, comment lines, no -DOCSTART- ids; the tagger normalised «أمريكي»,
# «عمّان» and «٣٠٠», tagged a date (another layer), started «وزارة الصحة» with I- (lenient rule),
# got «عمّان»'s type wrong, missed the nested NORP and «الأردن», and added «الوزير».
TAGGER = """\
# doc_id = doc-a
# sent_id = 1
قال VERB O
رئيس NOUN O
الوزراء NOUN O
العراقي ADJ O
محمد PROPN B-PERS
شياع PROPN I-PERS
السوداني PROPN I-PERS
في ADP O
بغداد PROPN B-GPE
يوم NOUN B-DATE
الجمعة NOUN I-DATE
إن PART O
2500 NUM O
جندي NOUN O
امريكي ADJ B-NORP
سيغادرون VERB O
العراق PROPN B-GPE
بحلول ADP O
نهاية NOUN O
عام NOUN O
2025 NUM O
. PUNCT O

# sent_id = 2
وأضاف VERB O
أن PART O
الحكومة NOUN B-ORG
العراقية ADJ I-ORG
ستعقد VERB O
اجتماعا NOUN O
مع ADP O
وفد NOUN O
امريكي ADJ O
خلال ADP O
أسبوع NOUN O
. PUNCT O

-DOCSTART- -X- -X- O
# doc_id = doc-b
أعلنت VERB O
وزارة NOUN I-ORG
الصحة NOUN I-ORG
في ADP O
عمان PROPN B-LOC
تسجيل NOUN O
300 NUM O
إصابة NOUN O
جديدة ADJ O
خلال ADP O
عقدين NOUN O
. PUNCT O
وقال VERB O
الوزير NOUN B-OCC
إن PART O
الأردن PROPN O
مستعد ADJ O
لمواجهة NOUN O
الوباء NOUN O
. PUNCT O
"""


def test_tagger_output_scores_as_expected(corpus, tmp_path):
    path = tmp_path / "tagger.txt"
    path.write_text(TAGGER, encoding="utf-8")
    preds = read_conll(path, corpus.by_id())
    by_id = {p.id: p for p in preds}
    amman = span(TEXT_B, "عمّان")
    assert (amman[0], amman[1], "LOC", "عمّان") in [key(e) for e in by_id["doc-b"].entities]
    assert (*span(TEXT_B, "وزارة الصحة"), "ORG", "وزارة الصحة") in [key(e) for e in by_id["doc-b"].entities]
    assert not any(e.type == "DATE" for p in preds for e in p.entities)
    report = score(corpus, preds, config=ScoreConfig(layers=("entities",), bootstrap_samples=0))
    strict = report.entities.nested["strict"].overall
    assert (strict.cor, strict.inc, strict.par, strict.mis, strict.spu) == (6, 1, 0, 2, 1)
    assert strict.precision == pytest.approx(6 / 8) and strict.recall == pytest.approx(6 / 9)
    typed = report.entities.nested["exact"].overall
    assert typed.cor == 7


def test_extra_columns_and_column_selection(corpus, tmp_path):
    path = tmp_path / "gold.conll"
    write_conll(path, corpus.by_id(), corpus.documents, view="nested")
    # add a lemma and a POS column before the tags, as some taggers do
    widened = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        fields = line.split("\t")
        widened.append("\t".join([fields[0], "lemma", "X", *fields[1:]]) if len(fields) > 1 else line)
    path.write_text("\n".join(widened), encoding="utf-8")
    assert read_back(path, corpus.by_id()) == {d.id: gold_entities(d) for d in corpus.documents}
    assert read_back(path, corpus.by_id(), column=0) == {d.id: outermost_entities(d) for d in corpus.documents}
    # doc-b has one tag column: its column 1 reads as all O
    inner = read_back(path, corpus.by_id(), column=1)
    assert inner == {"doc-a": [(*span(TEXT_A, "العراقية"), "NORP", "العراقية")], "doc-b": []}


@pytest.mark.parametrize(("tags", "expected"), [
    (["I-GPE", "I-GPE", "B-GPE", "O"], [(0, 1), (2, 2)]),  # IOB1
    (["B-GPE", "E-GPE", "S-GPE", "O"], [(0, 1), (2, 2)]),  # IOBES
    (["B-GPE", "L-GPE", "U-GPE", "O"], [(0, 1), (2, 2)]),  # BILOU
    (["B-GPE", "I-GPE", "I-ORG", "O"], [(0, 1), (2, 2)]),  # a change of type ends the mention
])
def test_other_tagging_schemes(tmp_path, tags, expected):
    doc = plain_document("كلمة كلمة كلمة كلمة")
    path = tmp_path / "t.conll"
    path.write_text(f"{DOCSTART} doc-x\n\n" + "".join(f"كلمة\t{tag}\n" for tag in tags), encoding="utf-8")
    (pred,) = read_conll(path, {"doc-x": doc})
    assert [(e.start // 5, (e.end - 1) // 5) for e in pred.entities] == expected


def test_bom_crlf_comments_and_hash_token(tmp_path):
    doc = plain_document("# وسم بغداد")
    path = tmp_path / "t.conll"
    content = "# doc_id = doc-x\r\n# just a note\r\n#\tO\r\nوسم\tO\r\nبغداد\tB-GPE\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    (pred,) = read_conll(path, {"doc-x": doc})
    assert [key(e) for e in pred.entities] == [(6, 11, "GPE", "بغداد")]


TAGS = ["O", "B-GPE", "I-GPE", "B-ORG", "I-ORG"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TAGS), min_size=1, max_size=8), min_size=1, max_size=4),
       st.booleans())
def test_chunking_agrees_with_seqeval(sentences, iobes):
    if iobes:  # also the E-/S- prefixes seqeval's default mode knows
        sentences = [[t.replace("B-", "S-") if i % 3 == 2 else t.replace("I-", "E-") if i % 3 == 1 else t
                      for i, t in enumerate(s)] for s in sentences]
    n = sum(len(s) for s in sentences)
    doc = plain_document(" ".join(["كلمة"] * n))
    expected, base = [], 0
    for sentence in sentences:
        expected += [(t, base + a, base + b) for t, a, b in get_entities(sentence)]
        base += len(sentence)
    body = "\n".join("".join(f"كلمة\t{tag}\n" for tag in s) for s in sentences)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.conll"
        path.write_text(f"{DOCSTART} doc-x\n\n{body}", encoding="utf-8")
        (pred,) = read_conll(path, {"doc-x": doc})
    assert sorted((e.type, e.start // 5, (e.end - 1) // 5) for e in pred.entities) == sorted(expected)


# -- bad input -------------------------------------------------------------------------------------

DOC_A_HEAD = "-DOCSTART- doc-a\n\nقال\tO\n"

READ_ERRORS = [
    ("unknown-docstart", "-DOCSTART- doc-zz\n\nقال\tO\n", 1, "doc_id", "unknown document id 'doc-zz'"),
    ("unknown-comment", "# doc_id = doc-zz\nقال\tO\n", 1, "doc_id", "unknown document id 'doc-zz'"),
    ("repeated", DOC_A_HEAD + "\n-DOCSTART- doc-a\n", 5, "doc_id", "already starts on line 1"),
    ("no-document", "قال\tO\n", 1, None, "before any document id"),
    ("anonymous-docstart", "-DOCSTART- -X- -X- O\n\nقال O\n", 3, None, "before any document id"),
    ("token-not-in-text", DOC_A_HEAD + "بغداد\tO\n", 4, "token", "token 'بغداد' does not match"),
    ("unknown-type", DOC_A_HEAD + "رئيس\tB-PER\n", 4, "tag", "unknown entity type 'PER'"),
    ("not-a-tag", DOC_A_HEAD + "رئيس\tB_GPE\n", 4, "tag", "'B_GPE' is not a tag"),
    ("bad-tag-in-nested-column", DOC_A_HEAD.replace("\tO\n", "\tB-OCC\tO\n") + "رئيس\tB_GPE\tO\n", 4, "tag",
     "'B_GPE' is not a tag"),
    ("ragged", DOC_A_HEAD + "رئيس\tO\tO\n", 4, None, "3 fields, but the first token line"),
    ("no-tag", "-DOCSTART- doc-a\n\nقال\n", 3, "tag", "token 'قال' has no tag"),
]


@pytest.mark.parametrize(("content", "line", "field", "message"), [c[1:] for c in READ_ERRORS],
                         ids=[c[0] for c in READ_ERRORS])
def test_read_errors(corpus, tmp_path, content, line, field, message):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_conll(path, corpus.by_id())
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), line, field)
    assert message in error.message


def test_read_column_out_of_range(corpus, tmp_path):
    path = tmp_path / "one.conll"
    path.write_text(DOC_A_HEAD, encoding="utf-8")
    with pytest.raises(InputError, match="column 1 asked for, but no document has more than 1") as caught:
        read_conll(path, corpus.by_id(), column=1)
    assert (caught.value.line, caught.value.field) == (None, "column")
    with pytest.raises(ValueError, match="column must be >= 0"):
        read_conll(path, corpus.by_id(), column=-1)


def test_read_file_errors(corpus, tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        read_conll(tmp_path / "missing.conll", corpus.by_id())
    path = tmp_path / "latin1.conll"
    path.write_bytes(DOC_A_HEAD.encode("utf-8") + "é\tO\n".encode("latin-1"))
    with pytest.raises(InputError, match="not valid UTF-8") as caught:
        read_conll(path, corpus.by_id())
    assert caught.value.line == 4


def test_write_errors(corpus, tmp_path):
    path = tmp_path / "out.conll"
    documents = corpus.by_id()
    preds = perfect_predictions(corpus)
    with pytest.raises(InputError, match="unknown document id 'doc-zz'") as caught:
        write_conll(path, documents, [DocumentPrediction(id="doc-zz")], view="nested")
    assert caught.value.field == "id"
    with pytest.raises(InputError, match="'doc-a' is given twice"):
        write_conll(path, documents, [preds[0], preds[0]], view="nested")
    no_offsets = perfect_predictions(corpus, offsets=False)
    with pytest.raises(InputError, match="has no offsets") as caught:
        write_conll(path, documents, no_offsets, view="nested")
    assert caught.value.field == "entities.0.start"
    wrong = DocumentPrediction(id="doc-b", entities=preds[0].entities)
    with pytest.raises(InputError, match="document 'doc-b'") as caught:
        write_conll(path, documents, [wrong], view="nested")
    assert caught.value.field.startswith("entities.0.")
    with pytest.raises(ValueError, match="view must be"):
        write_conll(path, documents, preds, view="flat")  # type: ignore[arg-type]
    # a failed export leaves an existing file as it was, and no partial file behind
    path.write_text("before", encoding="utf-8")
    with pytest.raises(InputError):
        write_conll(path, documents, [preds[0], wrong], view="nested")
    assert path.read_text(encoding="utf-8") == "before"
    assert not list(tmp_path.glob("*.partial"))

