"""The transparent rule-based reference system (bench.systems.rules), on hand-written sentences.

None of these sentences comes from the corpus; the gold is only used to check that the system
runs over every document and returns well-formed predictions (no texts or scores are looked at).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("babel")  # the gazetteers and month names come from CLDR through babel

from bench.io.gold import load_gold  # noqa: E402
from bench.schema.document import Document  # noqa: E402
from bench.schema.predictions import DocumentPrediction  # noqa: E402
from bench.systems import load_system  # noqa: E402
from bench.systems.rules import extract  # noqa: E402

DCT = dt.date(2023, 3, 15)  # a Wednesday


def make_doc(text: str, dct: dt.date = DCT) -> Document:
    return Document(id="t", source_file="t.txt", dct=dct, dct_evidence="test", text=text,
                    text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def run(text: str, dct: dt.date = DCT) -> DocumentPrediction:
    return extract(make_doc(text, dct))


def numeric(text: str) -> dict[str, dict]:
    return {c.text: c.model_dump(exclude_none=True) for c in run(text).numeric}


def timex(text: str, dct: dt.date = DCT) -> dict[str, tuple]:
    return {t.text: (t.type, t.value, t.mod) for t in run(text, dct).timex}


def entities(text: str) -> set[tuple[str, str]]:
    return {(e.text, e.type) for e in run(text).entities}


# -- numbers -----------------------------------------------------------------------------------

def test_multiplier_and_counted_noun() -> None:
    claims = numeric("شارك 170 ألف جندي في المناورات.")
    assert claims["170 ألف جندي"]["value"] == 170000
    assert claims["170 ألف جندي"]["unit"] == "soldier"
    assert claims["170 ألف جندي"]["qualifier"] == "exact"


def test_arabic_indic_digits_and_number_words() -> None:
    claims = numeric("وصل ٣٠٠ جندي، وافتتحت الشركة ثلاث قواعد، ونقلت أربعة مصادر الخبر، وشاركت خمس دول.")
    assert claims["٣٠٠ جندي"]["value"] == 300
    assert claims["ثلاث قواعد"] == pytest.approx({**claims["ثلاث قواعد"], "value": 3, "unit": "base"})
    assert (claims["أربعة مصادر"]["value"], claims["أربعة مصادر"]["unit"]) == (4, "source")
    assert (claims["خمس دول"]["value"], claims["خمس دول"]["unit"]) == (5, "country")


def test_duals() -> None:
    claims = numeric("تنفذ الخطة على مرحلتين، والتقى الوزير مسؤولين كبيرين في دولتين.")
    assert (claims["مرحلتين"]["value"], claims["مرحلتين"]["unit"]) == (2, "phase")
    assert (claims["مسؤولين"]["value"], claims["مسؤولين"]["unit"]) == (2, "official")
    assert claims["دولتين"]["unit"] == "country"
    # a sound plural followed by a plural nisba is not a dual; a definite dual is anaphoric
    assert numeric("التقى الوزير مسؤولين فرنسيين ورحب الجانبين.") == {}


def test_vague_amounts() -> None:
    claims = numeric("نشرت الوزارة مئات من القوات وعشرات الجنود.")
    assert claims["مئات"] == {**claims["مئات"], "value": 100, "qualifier": "vague", "unit": "soldier"}
    assert claims["عشرات الجنود"]["value"] == 10


@pytest.mark.parametrize(("text", "span", "qualifier"), [
    ("يبلغ عددهم نحو 600 جندي هناك", "600 جندي", "approximate"),
    ("يبلغ عددهم حوالي 600 جندي هناك", "600 جندي", "approximate"),
    ("انتشر ما يقارب 600 جندي هناك", "600 جندي", "approximate"),
    ("انتشر قرابة 600 جندي هناك", "600 جندي", "approximate"),
    ("شاركت أكثر من 40 دولة في القمة", "40 دولة", "more_than"),
    ("شاركت أقل من 40 دولة في القمة", "40 دولة", "less_than"),
    ("قتل 12 مدنيا على الأقل", "12 مدنيا", "at_least"),
])
def test_qualifiers_stay_outside(text: str, span: str, qualifier: str) -> None:
    claims = numeric(text)
    assert span in claims
    assert claims[span]["qualifier"] == qualifier


def test_elided_noun_inherits_unit_and_qualifier() -> None:
    claims = numeric("ينتشر بحوالي 700 جندي في لبنان و300 في الأردن.")
    assert claims["300"]["unit"] == "soldier"
    assert claims["300"]["qualifier"] == "approximate"


def test_years_and_durations_are_not_claims() -> None:
    assert numeric("في عام 2025 وخلال 6 أشهر وبعد عامين انتهت المهمة.") == {}


def test_claim_fields() -> None:
    claims = numeric("قال مسؤولون فرنسيون إن 500 جندي فرنسي في مالي سيغادرون بحلول عام 2030.")
    claim = claims["500 جندي"]
    assert claim["modality"] == "planned"
    assert claim["subject"] == "France"
    assert claim["time"] == "2030"
    assert claim["source"] == "مسؤولون فرنسيون"
    assert numeric("أرسلت الحكومة 50 طبيبا إلى اليمن.")["50 طبيبا"]["modality"] == "asserted"


def test_range() -> None:
    claim = numeric("أصيب بين 10 و20 شخصا.")["10 و20 شخصا"]
    assert (claim["qualifier"], claim["value_min"], claim["value_max"]) == ("range", 10, 20)


# -- TIMEX3 ------------------------------------------------------------------------------------

def test_months_in_both_systems() -> None:
    found = timex("وقعت الحادثة في 3 تموز 2019 وتكررت في 5 أغسطس/آب 2020 ثم في كانون الثاني 2021 وفي أكتوبر.")
    assert found["3 تموز 2019"] == ("DATE", "2019-07-03", None)
    assert found["5 أغسطس/آب 2020"] == ("DATE", "2020-08-05", None)
    assert found["كانون الثاني 2021"] == ("DATE", "2021-01", None)
    assert found["أكتوبر"] == ("DATE", "2023-10", None)


def test_years_extent_and_mod() -> None:
    found = timex("بحلول عام 2030 وفي العام 2010 وبنهاية عام 2027 ومنتصف العام المقبل (2024).")
    assert found["عام 2030"] == ("DATE", "2030", None)
    assert found["العام 2010"] == ("DATE", "2010", None)
    assert found["نهاية عام 2027"] == ("DATE", "2027", "END")
    assert found["منتصف العام المقبل"] == ("DATE", "2024", "MID")
    assert found["2024"] == ("DATE", "2024", None)


def test_relative_dates_against_dct() -> None:
    found = timex("قال الوزير أمس الثلاثاء إن الاجتماع عقد الأحد الماضي، وسيعود الأسبوع المقبل، "
                  "بعد أن زار البلد العام الماضي والشهر الماضي، ويعمل حاليا على خطة هذا العام.")
    assert found["أمس الثلاثاء"] == ("DATE", "2023-03-14", None)
    assert found["الأحد الماضي"] == ("DATE", "2023-03-12", None)
    assert found["الأسبوع المقبل"] == ("DATE", "2023-W12", None)
    assert found["العام الماضي"] == ("DATE", "2022", None)
    assert found["الشهر الماضي"] == ("DATE", "2023-02", None)
    assert found["حاليا"] == ("DATE", "PRESENT_REF", None)
    assert found["هذا العام"] == ("DATE", "2023", None)
    assert timex("وصل الوفد يوم الاثنين.")["يوم الاثنين"] == ("DATE", "2023-03-13", None)


def test_durations() -> None:
    found = timex("استمر النزاع عقدين من الزمن، وبقي لأكثر من ستة أشهر، ومنذ سنوات، وقبل أسابيع.")
    assert found["عقدين من الزمن"] == ("DURATION", "P20Y", None)
    assert found["أكثر من ستة أشهر"] == ("DURATION", "P6M", "MORE_THAN")
    assert found["سنوات"] == ("DURATION", "PXY", None)
    assert found["قبل أسابيع"] == ("DATE", "PAST_REF", None)


def test_no_timex_in_general_adjectives() -> None:
    assert timex("اجتمع الأمين العام مع ممثلي الرأي العام.") == {}


# -- entities ----------------------------------------------------------------------------------

def test_proclitics_stay_outside() -> None:
    found = entities("زار الوفد والعراق ثم بالأردن وللعراق ولإيران.")
    assert ("العراق", "GPE") in found
    assert ("الأردن", "GPE") in found
    assert ("لعراق", "GPE") in found  # «لل»: only the first ل is the proclitic
    assert ("إيران", "GPE") in found


def test_nisba_norp() -> None:
    found = entities("رحب العراقيون بالقرار، وانتقدته الصحافة الفرنسية والحكومة المصرية، وتحدث مسؤول أميركي.")
    assert {("العراقيون", "NORP"), ("الفرنسية", "NORP"), ("المصرية", "NORP"), ("أميركي", "NORP")} <= found
    assert ("الحكومة المصرية", "ORG") in found


def test_nested_occ_and_person() -> None:
    found = entities("التقى رئيس الوزراء الأردني سمير زيدان بوزير الخارجية الفرنسي في القاهرة.")
    assert ("رئيس الوزراء الأردني", "OCC") in found
    assert ("الأردني", "NORP") in found
    assert ("سمير زيدان", "PERS") in found
    assert ("القاهرة", "GPE") in found


def test_person_last_name_propagates() -> None:
    found = entities("قال الرئيس التونسي سمير زيدان إن البلاد بخير، وأضاف زيدان أن الحوار مستمر.")
    assert ("زيدان", "PERS") in found


def test_generic_heads_stay_outside() -> None:
    found = entities("وصل الوزير إلى محافظة نينوى ثم إلى قاعدة الصقر الجوية ومدينة الزرقاء.")
    assert ("نينوى", "GPE") in found
    assert ("الصقر", "FAC") in found
    assert ("الزرقاء", "GPE") in found


def test_orgs_after_classifiers_and_quotes() -> None:
    found = entities("أعلن تنظيم النمر مسؤوليته، بحسب ما نقلته صحيفة \"الصباح الجديد\" ووزارة الدفاع الفرنسية.")
    assert ("النمر", "ORG") in found
    assert ("الصباح الجديد", "ORG") in found
    assert ("وزارة الدفاع الفرنسية", "ORG") in found


# -- invariants --------------------------------------------------------------------------------

SAMPLES = [
    "قال رئيس الوزراء اللبناني في بيروت، الخميس، إن نحو 300 جندي فرنسي سيغادرون لبنان بحلول نهاية 2025.",
    "وأضاف المتحدث باسم وزارة الخارجية المصرية أن الحكومة المصرية أرسلت مئات من القوات إلى السودان.",
    "أعلنت الأمم المتحدة أن أكثر من 20 دولة وقعت اتفاقية باريس، وقالت الحكومة السعودية إن الاتفاق مهم.",
    "اجتمع الوزيران يومي ١٢ و١٣ آذار ٢٠٢٣ في جنيف لمدة ثلاث ساعات، و‏قال مصدران دبلوماسيان إن المحادثات ستستمر.",
]


def _check(doc: Document, pred: DocumentPrediction) -> None:
    assert pred.id == doc.id
    DocumentPrediction.model_validate(pred.model_dump())
    for layer in (pred.entities, pred.timex, pred.numeric):
        for item in layer:
            assert item.start is not None
            assert doc.text[item.start:item.end] == item.text
            assert item.text == item.text.strip()
    for layer in (pred.entities, pred.timex, pred.numeric):
        seen = set()
        for a in layer:
            key = (a.start, a.end, getattr(a, "type", None))
            assert key not in seen, f"duplicate {a}"
            seen.add(key)
            for b in layer:
                if a is b or getattr(a, "type", None) != getattr(b, "type", None):
                    continue
                crossing = a.start < b.start < a.end < b.end
                assert not crossing, f"crossing {a.text!r} / {b.text!r}"


@pytest.mark.parametrize("text", SAMPLES)
def test_predictions_are_valid_and_deterministic(text: str) -> None:
    doc = make_doc(text)
    pred = extract(doc)
    _check(doc, pred)
    assert extract(doc) == pred
    assert not [t for t in pred.timex for c in pred.numeric if t.start < c.end and c.start < t.end]


def test_registered_as_reference_system() -> None:
    assert load_system("rules") is extract


def test_runs_over_the_gold_documents() -> None:
    """Only checks that the system runs and its output is well formed: no scores are computed."""
    for gold in load_gold().documents:
        doc = gold.as_input()
        _check(doc, extract(doc))


_PIECES = ["عام", "العام", "2024", "١٩٩٠", "،", ".", "ل", "لل", "و", "ب", "بـ", "سبتمبر", "/", "أيلول", "نحو",
           "أكثر من", "جندي", "مرحلتين", "مئات", "من", "القوات", "الأمريكية", "العراق", "رئيس الوزراء", "\"",
           "«", "»", "(", ")", "-", "أمس", "الاثنين", "قال", "سي", "تنظيم", "قاعدة", "محافظة", "\n", "ً", "ـ",
           "قبل", "عامين", "من الزمن", "%", "170", "ألف", "بين", "10", "و20", "المتحدث باسم", "وزارة الخارجية",
           "حكومة", "الحرب على", "اتفاقية", "الإطار", "الدستور", "العراقي", "محمد", "سامي", "غزة", " ", "  "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.lists(st.sampled_from([" ", "", "\u00a0"]), max_size=30))
def test_random_text_gives_well_formed_predictions(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(p + (gaps[k] if k < len(gaps) else " ") for k, p in enumerate(pieces))
    if not text.strip():
        return
    doc = make_doc(text)
    _check(doc, extract(doc))
