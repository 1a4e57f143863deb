"""TimeML export and import (bench.io.timeml): round trips, alignment of a tagger's text, errors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bench.errors import InputError
from bench.io.gold import GoldCorpus, load_gold
from bench.io.timeml import read_timeml, write_timeml
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import TimexPrediction
from bench.scoring import score
from conftest import TEXT_A, make_corpus, span, timex

TIMEX = ScoreConfig(layers=("timex",), bootstrap_samples=0)


def gold_timex(doc) -> list[tuple]:
    return sorted((t.start, t.end, t.text, t.type, t.value, t.mod) for t in doc.timex)


def read_timex(pred: DocumentPrediction) -> list[tuple]:
    return sorted((t.start, t.end, t.text, t.type, t.value, t.mod) for t in pred.timex)


def export(corpus: GoldCorpus, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in corpus.documents:
        write_timeml(folder / f"{doc.id}.tml", doc, doc.timex)
    return folder


def overlaps(corpus: GoldCorpus) -> list[tuple[str, str, str]]:
    found = []
    for doc in corpus.documents:
        items = sorted(doc.timex, key=lambda t: (t.start, -t.end))
        found += [(doc.id, a.id, b.id) for i, a in enumerate(items) for b in items[i + 1:] if b.start < a.end]
    return found


def write_raw(path: Path, content: str) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(content)
    return path


# -- round trips -----------------------------------------------------------------------------------

def test_round_trip_fixture_corpus(corpus: GoldCorpus, tmp_path: Path) -> None:
    preds = read_timeml(export(corpus, tmp_path / "tml"), corpus.by_id())
    assert [p.id for p in preds] == [d.id for d in corpus.documents]
    for pred, doc in zip(preds, corpus.documents):
        assert read_timex(pred) == gold_timex(doc)
        assert pred.timex == DocumentPrediction.from_gold(doc).timex
        assert pred.entities == () and pred.numeric == ()


def test_real_gold_has_no_overlapping_timex() -> None:
    assert overlaps(load_gold()) == []


def test_round_trip_real_gold(tmp_path: Path) -> None:
    gold = load_gold()
    preds = read_timeml(export(gold, tmp_path / "tml"), gold.by_id())
    assert len(preds) == len(gold.documents)
    for pred, doc in zip(preds, gold.documents):
        assert read_timex(pred) == gold_timex(doc), doc.id


def test_real_gold_survives_tagger_whitespace_changes(tmp_path: Path) -> None:
    """Every file mangled the way a tagger might: no-break spaces, doubled newlines, a leading newline."""
    gold = load_gold()
    folder = export(gold, tmp_path / "tml")
    for file in folder.iterdir():
        content = file.read_text(encoding="utf-8")
        head, body = content.split("<TEXT>")
        body = re.sub(" {2,}", " ", body.replace("\xa0", " ")).replace("\n", "\n\n")
        write_raw(file, f"{head}<TEXT>\n{body}")
    for pred, doc in zip(read_timeml(folder, gold.by_id()), gold.documents):
        assert read_timex(pred) == gold_timex(doc), doc.id


def test_written_file_shape_and_determinism(corpus: GoldCorpus, tmp_path: Path) -> None:
    doc = corpus.by_id()["doc-a"]
    first, second = tmp_path / "1.tml", tmp_path / "2.tml"
    write_timeml(first, doc, doc.timex)
    write_timeml(second, doc, tuple(reversed(doc.timex)))  # input order does not matter
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<TimeML')
    root = ET.parse(first).getroot()
    assert root.find("DOCID").text == "doc-a"
    dct = root.find("DCT/TIMEX3")
    assert dct.attrib == {"tid": "t0", "type": "DATE", "value": "2024-09-27", "temporalFunction": "false",
                          "functionInDocument": "CREATION_TIME"}
    text = root.find("TEXT")
    assert "".join(text.itertext()) == doc.text
    tags = [t.attrib for t in text.iter("TIMEX3")]
    assert [t["tid"] for t in tags] == ["t1", "t2", "t3"]
    assert tags[1] == {"tid": "t2", "type": "DATE", "value": "2025", "mod": "END"}


def test_special_characters_survive(tmp_path: Path) -> None:
    text = 'قال: "أ & ب" <تجربة>\r\nفي 3 أكتوبر 2024.'
    corpus = make_corpus(tmp_path / "c", [{"id": "doc-x", "text": text, "dct": "2024-10-05", "annotations": [
        timex(text, "3 أكتوبر 2024", "DATE", "2024-10-03", "x-t1")]}])
    doc = corpus.documents[0]
    write_timeml(tmp_path / "x.tml", doc, doc.timex)
    [pred] = read_timeml(tmp_path / "x.tml", corpus.by_id())
    assert read_timex(pred) == gold_timex(doc)
    assert "".join(ET.parse(tmp_path / "x.tml").getroot().find("TEXT").itertext()) == text


def test_prediction_without_value_round_trips(corpus: GoldCorpus, tmp_path: Path) -> None:
    doc = corpus.by_id()["doc-a"]
    start, end = span(TEXT_A, "أسبوع")
    item = TimexPrediction(start=start, end=end, text="أسبوع", type="DURATION")
    write_timeml(tmp_path / "p.tml", doc, [item])
    assert read_timeml(tmp_path / "p.tml", corpus.by_id())[0].timex == (item,)


# -- alignment -------------------------------------------------------------------------------------

ROBUST_TEXT = (
    'قال المتحدث باسم الحكومة  "إن الاجتماع سيعقد يوم\xa0الخميس المقبل" في عمّان.\n'
    "وأضاف أن  الوفد سيصل في 3 أكتوبر 2024 ويبقى ثلاثة أيام."
)


@pytest.fixture
def robust(tmp_path: Path) -> GoldCorpus:
    t = ROBUST_TEXT
    return make_corpus(tmp_path / "robust", [{"id": "doc-r", "text": t, "dct": "2024-09-30", "annotations": [
        timex(t, "يوم\xa0الخميس المقبل", "DATE", "2024-10-03", "r-t1"),
        timex(t, "3 أكتوبر 2024", "DATE", "2024-10-03", "r-t2"),
        timex(t, "ثلاثة أيام", "DURATION", "P3D", "r-t3"),
    ]}])


def test_alignment_recovers_exact_offsets(robust: GoldCorpus, tmp_path: Path) -> None:
    # A leading newline, collapsed double spaces, the no-break space as a space, &quot; escapes and an
    # EVENT tag around a word: the file's text differs from ours in six places.
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n<DOCID>doc-r</DOCID>\n<TEXT>\n'
        'قال المتحدث باسم الحكومة &quot;إن الاجتماع <EVENT eid="e1" class="OCCURRENCE">سيعقد</EVENT> '
        '<TIMEX3 tid="t1" type="DATE" value="2024-10-03">يوم الخميس المقبل</TIMEX3>&quot; في عمّان.\n'
        'وأضاف أن الوفد <EVENT eid="e2" class="OCCURRENCE">سيصل</EVENT> في '
        '<TIMEX3 tid="t2" type="DATE" value="2024-10-03">3 أكتوبر 2024</TIMEX3> ويبقى '
        '<TIMEX3 tid="t3" type="DURATION" value="P3D">ثلاثة أيام</TIMEX3>.</TEXT>\n</TimeML>\n'
    )
    [pred] = read_timeml(write_raw(tmp_path / "r.tml", content), robust.by_id())
    assert read_timex(pred) == gold_timex(robust.documents[0])
    assert pred.timex[0].text == "يوم\xa0الخميس المقبل"


def test_alignment_across_double_escaping_and_bom(robust: GoldCorpus, tmp_path: Path) -> None:
    # A tagger that escaped twice leaves a literal "&quot;" in the parsed text; a BOM and a trailing
    # newline appear only in the file.
    content = (
        '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<TimeML><DOCID>doc-r</DOCID><TEXT>'
        'قال المتحدث باسم الحكومة  &amp;quot;إن الاجتماع سيعقد '
        '<TIMEX3 tid="t1" type="DATE" value="2024-10-03">يوم الخميس المقبل</TIMEX3>&amp;quot; في عمّان.\n'
        'وأضاف أن  الوفد سيصل في <TIMEX3 tid="t2" type="DATE" value="2024-10-03">3 أكتوبر 2024</TIMEX3> '
        'ويبقى <TIMEX3 tid="t3" type="DURATION" value="P3D">ثلاثة أيام</TIMEX3>.\n</TEXT></TimeML>'
    )
    [pred] = read_timeml(write_raw(tmp_path / "r.tml", content), robust.by_id())
    assert read_timex(pred) == gold_timex(robust.documents[0])


HEIDELTIME_TEXT = "أعلنت الوزارة أن المعرض سيفتتح في سبتمبر 2025 ويستمر أسبوعين.\nوكان قد أقيم العام الماضي في دبي."


def test_heideltime_output(tmp_path: Path) -> None:
    t = HEIDELTIME_TEXT
    corpus = make_corpus(tmp_path / "c", [{"id": "doc-h", "text": t, "dct": "2025-03-01", "annotations": [
        timex(t, "سبتمبر 2025", "DATE", "2025-09", "h-t1"),
        timex(t, "أسبوعين", "DURATION", "P2W", "h-t2"),
        timex(t, "العام الماضي", "DATE", "2024", "h-t3"),
    ]}])
    # HeidelTime's shape: DOCTYPE, the text directly under <TimeML> (no DOCID, DCT or TEXT), blank
    # lines around it; the document is found by the file stem.
    content = (
        '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
        'أعلنت الوزارة أن المعرض سيفتتح في <TIMEX3 tid="t1" type="DATE" value="2025-09">سبتمبر 2025</TIMEX3> '
        'ويستمر <TIMEX3 tid="t2" type="DURATION" value="P2W">أسبوعين</TIMEX3>.\n'
        'وكان قد أقيم <TIMEX3 tid="t3" type="DATE" value="2024">العام الماضي</TIMEX3> في دبي.\n\n'
        '</TimeML>\n'
    )
    [pred] = read_timeml(write_raw(tmp_path / "doc-h.xml", content), corpus.by_id())
    assert pred.id == "doc-h"
    assert read_timex(pred) == gold_timex(corpus.documents[0])


def test_dct_and_empty_timex_are_not_mentions(corpus: GoldCorpus, tmp_path: Path) -> None:
    start, end = span(TEXT_A, "يوم الجمعة")
    content = (
        '<TimeML><DOCID>doc-a</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="2024-09-27" '
        'functionInDocument="CREATION_TIME">2024-09-27</TIMEX3></DCT>'
        f'<TEXT>{TEXT_A[:start]}<TIMEX3 tid="t1" type="DATE" value="2024-09-27">يوم الجمعة</TIMEX3>'
        f'{TEXT_A[end:]}</TEXT>'
        '<TIMEX3 tid="t9" type="DURATION" value="P1D" temporalFunction="true" anchorTimeID="t0"/></TimeML>'
    )
    [pred] = read_timeml(write_raw(tmp_path / "a.tml", content), corpus.by_id())
    assert [(t.start, t.end, t.value) for t in pred.timex] == [(start, end, "2024-09-27")]


# -- scoring ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["fixture", "real"])
def test_read_back_gold_scores_perfectly(which: str, corpus: GoldCorpus, tmp_path: Path) -> None:
    gold = corpus if which == "fixture" else load_gold()
    preds = read_timeml(export(gold, tmp_path / "tml"), gold.by_id())
    report = score(gold, preds, config=TIMEX)
    assert report.timex.relaxed.f1 == 1.0
    assert report.timex.strict.f1 == 1.0
    fields = {f.field: f for f in report.timex.fields}
    assert fields["value"].f1 == 1.0


# -- errors ----------------------------------------------------------------------------------------

def test_malformed_xml_names_the_line(corpus: GoldCorpus, tmp_path: Path) -> None:
    path = write_raw(tmp_path / "bad.tml", "<TimeML>\n<DOCID>doc-a</DOCID>\n<TEXT>نص\n<TIMEX3 tid='t1'>x</TEXT>\n")
    with pytest.raises(InputError) as info:
        read_timeml(path, corpus.by_id())
    assert info.value.file == str(path) and info.value.line == 4
    assert "malformed XML" in str(info.value)


def test_unknown_document(corpus: GoldCorpus, tmp_path: Path) -> None:
    path = write_raw(tmp_path / "x.tml", "<TimeML>\n<DOCID>doc-zz</DOCID><TEXT>نص</TEXT></TimeML>")
    with pytest.raises(InputError) as info:
        read_timeml(path, corpus.by_id())
    assert (info.value.file, info.value.line, info.value.field) == (str(path), 2, "DOCID")
    assert "doc-zz" in str(info.value)
    stem = write_raw(tmp_path / "nowhere.tml", "<TimeML>نص</TimeML>")
    with pytest.raises(InputError, match="nowhere"):
        read_timeml(stem, corpus.by_id())


def test_unalignable_text_names_the_tid(corpus: GoldCorpus, tmp_path: Path) -> None:
    content = (f'<TimeML><DOCID>doc-a</DOCID><TEXT>{TEXT_A}\n'
               '<TIMEX3 tid="t7" type="DATE" value="2023">العام الماضي</TIMEX3></TEXT></TimeML>')
    path = write_raw(tmp_path / "a.tml", content)
    with pytest.raises(InputError) as info:
        read_timeml(path, corpus.by_id())
    assert info.value.file == str(path) and info.value.line == 3  # TEXT_A spans two lines
    assert info.value.field == "TIMEX3[t7]" and "does not align" in str(info.value)


def test_invalid_value_names_the_tid(corpus: GoldCorpus, tmp_path: Path) -> None:
    start, end = span(TEXT_A, "أسبوع")
    content = (f'<TimeML><DOCID>doc-a</DOCID>\n<TEXT>{TEXT_A[:start]}<TIMEX3 tid="t3" type="DURATION" '
               f'value="one week">أسبوع</TIMEX3>{TEXT_A[end:]}</TEXT></TimeML>')
    path = write_raw(tmp_path / "a.tml", content)
    with pytest.raises(InputError) as info:
        read_timeml(path, corpus.by_id())
    assert (info.value.file, info.value.line, info.value.field) == (str(path), 3, "TIMEX3[t3].value")
    assert "one week" in str(info.value)


def test_missing_type_and_wrong_root(corpus: GoldCorpus, tmp_path: Path) -> None:
    path = write_raw(tmp_path / "doc-a.tml", f'<TimeML><TIMEX3 tid="t1">{TEXT_A}</TIMEX3></TimeML>')
    with pytest.raises(InputError) as info:
        read_timeml(path, corpus.by_id())
    assert info.value.field == "TIMEX3[t1].type"
    path = write_raw(tmp_path / "doc-a.tml", "<html>نص</html>")
    with pytest.raises(InputError, match="not <TimeML>"):
        read_timeml(path, corpus.by_id())


def test_folder_errors(corpus: GoldCorpus, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no TimeML files"):
        read_timeml(tmp_path, corpus.by_id())
    doc = corpus.by_id()["doc-a"]
    write_timeml(tmp_path / "one.tml", doc, doc.timex)
    write_timeml(tmp_path / "two.xml", doc, doc.timex)
    with pytest.raises(InputError, match="already read"):
        read_timeml(tmp_path, corpus.by_id())


def test_overlapping_timex_refused_on_write(corpus: GoldCorpus, tmp_path: Path) -> None:
    doc = corpus.by_id()["doc-a"]
    outer = next(t for t in doc.timex if t.id == "a-t2")
    start, end = span(TEXT_A, "2025")
    inner = TimexPrediction(start=start, end=end, text="2025", type="DATE", value="2025")
    path = tmp_path / "o.tml"
    with pytest.raises(InputError) as info:
        write_timeml(path, doc, [outer, inner])
    assert "'a-t2'" in str(info.value) and "timexes[1]" in str(info.value) and "overlap" in str(info.value)
    assert not path.exists()


def test_string_only_prediction_refused_on_write(corpus: GoldCorpus, tmp_path: Path) -> None:
    doc = corpus.by_id()["doc-a"]
    item = TimexPrediction(text="أسبوع", type="DURATION", value="P1W")
    with pytest.raises(InputError, match="no offsets") as info:
        write_timeml(tmp_path / "s.tml", doc, [item])
    assert info.value.field == "timexes[0]"


def test_offsets_that_miss_the_text_refused_on_write(corpus: GoldCorpus, tmp_path: Path) -> None:
    doc = corpus.by_id()["doc-a"]
    item = TimexPrediction(start=0, end=5, text="أسبوع", type="DURATION", value="P1W")
    with pytest.raises(InputError, match="does not match"):
        write_timeml(tmp_path / "s.tml", doc, [item])
