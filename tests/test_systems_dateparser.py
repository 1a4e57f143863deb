"""The dateparser reference system: offsets of the substrings it finds, values cut to the
granularity the text gives, and a clear error when dateparser is not installed."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from bench.errors import InputError
from bench.io.gold import load_gold
from bench.schema.config import ScoreConfig
from bench.schema.document import Document
from bench.scoring import score
from bench.systems import dateparser_system as system
from bench.systems import load_system
from bench.text.timex import is_valid_value
from conftest import sha, span

TEXT = ("أعلنت الوزارة في عام 2014 خطتها، ثم عدلتها في 27 سبتمبر 2024، وقال الوزير أمس إن سبتمبر 2025 "
        "موعد نهائي، وإن عام 2014 كان صعبا.")


def document(text: str, dct: str = "2024-10-01", id_: str = "doc-x") -> Document:
    return Document.model_validate({"id": id_, "source_file": f"{id_}.txt", "dct": dct,
                                    "dct_evidence": "test", "text": text, "text_sha256": sha(text)})


def check_offsets(doc: Document, pred) -> None:
    assert pred.id == doc.id
    for item in pred.timex:
        assert doc.text[item.start:item.end] == item.text
        assert item.type == "DATE"
        assert item.value is None or is_valid_value(item.value)


def test_finds_dates_with_their_granularity():
    doc = document(TEXT)
    pred = system.extract(doc)
    check_offsets(doc, pred)
    got = [(t.start, t.end, t.value) for t in pred.timex]
    # A year alone is a year (dateparser fills month and day from the DCT: they are not reported);
    # the trailing comma dateparser returns with «2024،» is not part of the span.
    assert (*span(TEXT, "في عام 2014"), "2014") in got
    assert (*span(TEXT, "في 27 سبتمبر 2024"), "2024-09-27") in got
    assert (*span(TEXT, "أمس"), "2024-09-30") in got
    assert (*span(TEXT, "سبتمبر 2025"), "2025-09") in got
    # The second «عام 2014» gets its own occurrence, not the one inside «في عام 2014».
    assert (*span(TEXT, "عام 2014", nth=1), "2014") in got


def test_weekday_on_the_dct_is_the_dct():
    # current_period: «الجمعة» in an article dated Friday 2024-09-20 is that Friday (guidelines §2.2).
    pred = system.extract(document("قال مسؤولون أميركيون، الجمعة، إن الاتفاق قريب.", dct="2024-09-20"))
    assert [(t.text, t.value) for t in pred.timex] == [("الجمعة", "2024-09-20")]


@pytest.mark.parametrize(("substring", "unit"), [
    ("عام 2014", "year"), ("2024", "year"), ("٢٠٢٤", "year"),
    ("سبتمبر 2025", "month"), ("في يناير", "month"), ("9/2024", "month"),
    ("27 سبتمبر", "day"), ("٢٧ سبتمبر ٢٠٢٤", "day"), ("27/9/2024", "day"), ("27/9", "day"),
    ("الجمعة", "day"), ("أمس", "day"), ("قبل 3 أيام", "day"), ("3 أيام", "day"),
    ("الأسبوع الماضي", "week"), ("الشهر الماضي", "month"),
    ("الآن", "second"), ("10:30", None), ("موعد", None),
])
def test_granularity_rule(substring, unit):
    assert system.granularity(substring) == unit


@pytest.mark.parametrize(("unit", "value"), [
    ("year", "2024"), ("month", "2024-09"), ("week", "2024-W39"), ("day", "2024-09-27"),
    ("hour", None), ("second", None), (None, None),
])
def test_value_at_granularity(unit, value):
    assert system.timex_value(dt.datetime(2024, 9, 27, 13, 5), unit) == value


def test_offsets_from_fake_results(monkeypatch):
    text = "في عام  2014\nثم عام 2014، ثم عام 2014."
    found = [("عام 2014", dt.datetime(2014, 1, 1)), ("عام 2014،", dt.datetime(2014, 1, 1)),
             ("غير موجود", dt.datetime(2014, 1, 1)), ("عام 2014", dt.datetime(2014, 1, 1))]
    monkeypatch.setattr(system, "_search", lambda: lambda *args, **kwargs: found)
    system.reset_dropped()
    doc = document(text)
    pred = system.extract(doc)
    check_offsets(doc, pred)
    # re-spaced by dateparser («عام  2014» in the text), then each later occurrence in turn
    assert [(t.start, t.end) for t in pred.timex] == [
        (3, 12), span(text, "عام 2014", nth=0), span(text, "عام 2014", nth=1)]
    assert system.dropped() == {"غير موجود": 1}


def test_missing_dateparser(monkeypatch):
    monkeypatch.setitem(sys.modules, "dateparser.search", None)  # makes the import fail
    with pytest.raises(InputError, match=r"pip install 'arabic-ie-bench\[systems\]'"):
        system.extract(document(TEXT))


def test_reference_name_loads_this_module():
    assert load_system("dateparser") is system.extract


def test_scores_on_the_real_gold():
    gold = load_gold()
    preds = []
    for doc in gold.documents:
        pred = system.extract(doc.as_input())
        check_offsets(doc, pred)
        preds.append(pred)
    report = score(gold, preds, config=ScoreConfig(layers=("timex",), bootstrap_samples=0))
    value = next(f for f in report.timex.fields if f.field == "value")
    print(f"dateparser: strict F1 {report.timex.strict.f1:.3f}, relaxed F1 {report.timex.relaxed.f1:.3f}, "
          f"value F1 {value.f1:.3f}")
    assert 0 < report.timex.relaxed.f1 <= 1
