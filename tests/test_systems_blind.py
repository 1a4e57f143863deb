"""The blind rule baseline on invented sentences: each rule family, proclitics, offsets, determinism."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.schema.document import Document
from bench.schema.predictions import DocumentPrediction
from bench.systems import load_system
from bench.systems.blind import CLDR_VERSION, extract
from bench.text.timex import is_valid_value

DCT = dt.date(2024, 3, 13)  # a Wednesday


def doc(text: str, dct: dt.date = DCT) -> Document:
    return Document(id="t1", source_file="t1.txt", dct=dct, dct_evidence="invented", text=text,
                    text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def run(text: str, dct: dt.date = DCT) -> DocumentPrediction:
    return extract(doc(text, dct))


def ents(text: str) -> set[tuple[str, str]]:
    return {(e.text, e.type) for e in run(text).entities}


def timexes(text: str, dct: dt.date = DCT) -> dict[str, tuple]:
    return {t.text: (t.type, t.value, t.mod) for t in run(text, dct).timex}


def claims(text: str) -> dict[str, dict]:
    return {c.text: c.model_dump(exclude={"start", "end", "text"}) for c in run(text).numeric}


# -- entities ----------------------------------------------------------------------------------------

def test_places_from_cldr_with_proclitics_outside():
    found = ents("سافر الوفد من بغداد إلى فرنسا وبالعراق ثم إلى أوروبا.")
    assert {("بغداد", "GPE"), ("فرنسا", "GPE"), ("العراق", "GPE"), ("أوروبا", "LOC")} <= found


def test_lam_lam_keeps_the_second_lam():
    pred = run("قدم الدعم للعراق وللمملكة المتحدة.")
    spans = {(e.text, e.type) for e in pred.entities}
    assert ("لعراق", "GPE") in spans and ("لمملكة المتحدة", "GPE") in spans


def test_offsets_cover_tanwin_and_match_the_text():
    text = "وصل ٣٠٠ جنديٍ أمريكيٍ."
    pred = run(text)
    assert [(e.text, e.type) for e in pred.entities] == [("جنديٍ أمريكيٍ", "NORP")]
    for item in (*pred.entities, *pred.numeric):
        assert text[item.start:item.end] == item.text



def test_adjectives_on_things_and_abstract_nouns_give_nothing():
    text = "انتقد الكاتب النفوذ التركي والمصالح الفرنسية والمحادثات المصرية-السودانية وقواعد تركية والجانب المصري."
    assert ents(text) == set()


def test_norp_people_phrase_from_head_to_last_nationality_adjective():
    found = ents("قال مسؤولون فرنسيون والمسؤولون الأتراك ومسؤول تركي كبير إن الفصائل السورية "
                 "والجماعات المسلحة السنية هاجمت، بحسب مصادر مصرية.")
    assert {("مسؤولون فرنسيون", "NORP"), ("المسؤولون الأتراك", "NORP"), ("مسؤول تركي", "NORP"),
            ("الفصائل السورية", "NORP"), ("الجماعات المسلحة السنية", "NORP"), ("مصادر مصرية", "NORP")} == found


def test_accusative_nisba_is_not_the_country():
    assert ents("قتل جنديا تركيا أمس.") == {("جنديا تركيا", "NORP")}


def test_indefinite_force_is_norp_and_definite_force_is_org():
    found = ents("أرسلت باريس قوات فرنسية وقوة تركية، ثم انسحبت القوات الفرنسية في مالي وقواتها.")
    assert {("قوات فرنسية", "NORP"), ("قوة تركية", "NORP"), ("القوات الفرنسية", "ORG")} <= found
    assert not any("مالي" in text or "قواتها" in text for text, _ in found)


def test_forces_and_governments_with_an_owner_are_org_with_nesting():
    found = ents("رحب الجيش التركي والحكومة المصرية والإدارة الأمريكية والقيادة السورية بقرار قوات الناتو "
                 "وإدارة ترامب وحكومة رئيس الوزراء الأردني ونظام الأسد.")
    assert {("الجيش التركي", "ORG"), ("الحكومة المصرية", "ORG"), ("الإدارة الأمريكية", "ORG"),
            ("القيادة السورية", "ORG"), ("قوات الناتو", "ORG"), ("الناتو", "ORG"), ("إدارة ترامب", "ORG"),
            ("ترامب", "PERS"), ("حكومة رئيس الوزراء الأردني", "ORG"), ("رئيس الوزراء الأردني", "OCC"),
            ("نظام الأسد", "ORG"), ("الأسد", "PERS")} <= found
    assert not any(kind == "NORP" for _, kind in found)








def test_construct_title_takes_the_country_and_spokesperson():
    found = ents("التقى رئيس وزراء كندا المتحدث باسم الوزارة.")
    assert ("رئيس وزراء كندا", "OCC") in found and ("كندا", "GPE") in found
    assert ("المتحدث باسم الوزارة", "OCC") in found
    found = ents("قال المتحدث باسم وزارة الدفاع إن الهجوم فشل.")
    assert found == {("المتحدث باسم وزارة الدفاع", "OCC"), ("وزارة الدفاع", "ORG")}

def test_secretary_general_of_an_organisation():
    found = ents("صرح الأمين العام للأمم المتحدة، سامي ناصر، بأن الوضع خطير.")
    assert {("الأمين العام للأمم المتحدة", "OCC"), ("لأمم المتحدة", "ORG"), ("سامي ناصر", "PERS")} <= found


def test_org_heads_need_a_matching_nisba_or_country():
    found = ents("انتقدت الحكومة الكندية قرار حكومة اليابان، وقال وزير الدفاع الكندي إن الحكومة ستتحرك.")
    assert ("الحكومة الكندية", "ORG") in found and ("حكومة اليابان", "ORG") in found
    assert ("الحكومة", "ORG") not in found
    assert not any(text.startswith("الدفاع") for text, kind in found if kind == "ORG")


def test_ministry_and_fixed_organisations():
    found = ents("أصدرت وزارة الداخلية الألمانية بيانا بعد اجتماع مجلس الأمن وحلف شمال الأطلسي.")
    assert {("وزارة الداخلية الألمانية", "ORG"), ("مجلس الأمن", "ORG"), ("حلف شمال الأطلسي", "ORG")} <= found


def test_generic_heads_are_inside_as_one_mention():
    found = ents("زار محافظة كربلاء ومدينة الموصل وإقليم دارفور ومنطقة الجزيرة وقاعدة التاجي الجوية "
                 "وقرأ صحيفة الغارديان وتابع تنظيم داعش وتنظيم القاعدة.")
    assert found == {("محافظة كربلاء", "GPE"), ("مدينة الموصل", "GPE"), ("إقليم دارفور", "GPE"),
                     ("منطقة الجزيرة", "GPE"), ("قاعدة التاجي الجوية", "FAC"), ("صحيفة الغارديان", "ORG"),
                     ("تنظيم داعش", "ORG"), ("تنظيم القاعدة", "ORG")}


def test_org_heads_inside_with_a_nisba_of_the_name():
    found = ents("أكدت حركة فتح ووزارة المالية وجامعة القاهرة ووكالة الأنباء الفرنسية الخبر.")
    assert {("حركة فتح", "ORG"), ("وزارة المالية", "ORG"), ("جامعة القاهرة", "ORG"),
            ("وكالة الأنباء الفرنسية", "ORG")} <= found
    assert not any(kind == "NORP" for _, kind in found)


def test_quoted_name_after_a_head_ends_at_its_last_letter():
    text = 'نقلت صحيفة "الأهرام" وشبكة «سي إن إن» الخبر.'
    pred = run(text)
    assert [(e.text, e.type) for e in pred.entities] == [('صحيفة "الأهرام', "ORG"), ("شبكة «سي إن إن", "ORG")]
    for e in pred.entities:
        assert text[e.start:e.end] == e.text


def test_position_adjective_after_a_headed_name_stays_outside():
    assert ents("قصفت الطائرات مدينة الموصل الغربية.") == {("مدينة الموصل", "GPE")}


def test_generic_heads_without_a_name_give_nothing():
    assert ents("أقيمت قاعدة عسكرية جديدة في منطقة الحدود.") == set()
    assert ents("بدأ تنظيم الانتخابات في ولاية ثانية.") == set()


def test_ambiguous_cldr_names_are_skipped():
    assert ents("قدم دعم مالي وترك المكان وقت النوم.") == set()


# -- entities: whole mention sets on invented sentences -------------------------------------------------

_EXACT = [
    pytest.param(
        "ناقش الوزير المصري المحادثات الأمريكية-الإيرانية مع الفلسطينيين والشيعة.",
        {("الوزير المصري", "OCC"), ("الفلسطينيين", "NORP"), ("الشيعة", "NORP")},
        id="nationality_nouns_alone_are_norp_but_adjectives_on_things_are_not"),
    pytest.param(
        "قالت الحكومة إن الإدارة والسفارة وبعثة الناتو وقيادة البلدين اجتمعت.",
        {("الناتو", "ORG")},
        id="no_org_without_modifier_or_for_missions_and_shared_leaderships"),
    pytest.param(
        "أغلقت الحدود التركية – السورية والحدود الأردنية، ولم تفتح الحدود.",
        {("الحدود التركية – السورية", "LOC"), ("الحدود الأردنية", "LOC")},
        id="border_named_by_nationality_adjectives_is_loc"),
    pytest.param(
        "قالت أنقرة إنها ترفض العملية في شمال سوريا.",
        {("أنقرة", "GPE"), ("سوريا", "GPE")},
        id="capital_for_a_government_stays_gpe_and_compass_word_outside"),
    pytest.param(
        "وصل إلى الولايات المتحدة الأمريكية.",
        {("الولايات المتحدة الأمريكية", "GPE")},
        id="nisba_not_nested_in_a_country_name"),
    pytest.param(
        "تحدث باللغة الفارسية أمام الصحفيين الفرنسيين.",
        {("الفارسية", "LANGUAGE"), ("الصحفيين الفرنسيين", "NORP")},
        id="language_after_lugha"),
    pytest.param(
        "قال وزير الخارجية الفرنسي جان دوبون إن رئيس الوزراء التركي وصل.",
        {("وزير الخارجية الفرنسي", "OCC"), ("جان دوبون", "PERS"), ("رئيس الوزراء التركي", "OCC")},
        id="title_with_person_after_it_and_no_nested_norp"),
    pytest.param(
        "أعلن تنظيم داعش مسؤوليته، ثم نشر التنظيم بيانا.",
        {("تنظيم داعش", "ORG"), ("التنظيم", "ORG")},
        id="bare_tanzim_after_a_named_organisation_is_org"),
    pytest.param("ناقشت اللجنة التنظيم الجديد.", set(), id="bare_tanzim_without_a_named_one_is_nothing"),
]


@pytest.mark.parametrize(("text", "expected"), _EXACT)
def test_exact_mentions(text, expected):
    assert ents(text) == expected


# -- TIMEX3 -------------------------------------------------------------------------------------------

def test_month_names_in_both_systems_and_paired():
    found = timexes("عقد في 5 حزيران 2019 ثم في مارس/آذار 2020 وفي 3 يناير.")
    assert found["5 حزيران 2019"] == ("DATE", "2019-06-05", None)
    assert found["مارس/آذار 2020"] == ("DATE", "2020-03", None)
    assert found["3 يناير"] == ("DATE", "2024-01-03", None)


def test_bare_month_resolves_to_the_nearest_consistent_one():
    assert timexes("زار الوفد البلاد في مايو.")["مايو"][1] == "2023-05"  # past by default
    assert timexes("سوف يزور الوفد البلاد في مايو.")["مايو"][1] == "2024-05"
    assert timexes("وصل في مايو المقبل.")["مايو المقبل"][1] == "2024-05"


def test_ab_needs_context_but_shahr_ab_is_a_month():
    found = timexes("حضر الأب في شهر آب.")
    assert found == {"شهر آب": ("DATE", "2023-08", None)}


def test_years_after_am_and_prepositions_with_mods():
    found = timexes("بدأ ذلك عام 2015 واستمر منذ 2016 حتى نهاية عام 2020 وفي مطلع 2021.")
    assert found["عام 2015"] == ("DATE", "2015", None)
    assert found["2016"] == ("DATE", "2016", None)
    assert found["نهاية عام 2020"] == ("DATE", "2020", "END")
    assert found["مطلع 2021"] == ("DATE", "2021", "START")


def test_relative_expressions_against_the_dct():
    found = timexes("زارها العام الماضي والشهر الماضي والأسبوع المقبل واليوم وأمس الثلاثاء وغدا.")
    assert found["العام الماضي"][1] == "2023"
    assert found["الشهر الماضي"][1] == "2024-02"
    assert found["الأسبوع المقبل"][1] == "2024-W12"
    assert found["اليوم"][1] == "2024-03-13"
    assert found["أمس الثلاثاء"][1] == "2024-03-12"
    assert found["غدا"][1] == "2024-03-14"


def test_weekdays_and_parts_of_day():
    found = timexes("التقى الوزيران يوم الاثنين ثم مساء أمس.")
    assert found["يوم الاثنين"] == ("DATE", "2024-03-11", None)
    assert found["مساء أمس"] == ("TIME", "2024-03-12TEV", None)


def test_present_ref_and_set():
    found = timexes("يعمل حاليا ويزور المدينة يوميا، وهو في الوقت الراهن هنا.")
    assert found["حاليا"] == ("DATE", "PRESENT_REF", None)
    assert found["الوقت الراهن"] == ("DATE", "PRESENT_REF", None)
    assert found["يوميا"] == ("SET", "P1D", None)


def test_durations_qualifiers_ago_and_vague():
    found = timexes("استمرت المحادثات أكثر من عامين وثلاثة أيام، وبدأت قبل ثلاثة أشهر، "
                    "وهو هنا منذ سنوات وخلال عقدين وقبل أسابيع وفي 15 عاما.")
    assert found["أكثر من عامين"] == ("DURATION", "P2Y", "MORE_THAN")
    assert found["ثلاثة أيام"] == ("DURATION", "P3D", None)
    assert found["قبل ثلاثة أشهر"] == ("DATE", "2023-12", None)
    assert found["سنوات"] == ("DURATION", "PXY", None)
    assert found["عقدين"] == ("DURATION", "P20Y", None)
    assert found["قبل أسابيع"] == ("DATE", "PAST_REF", None)
    assert found["15 عاما"] == ("DURATION", "P15Y", None)


def test_anaphoric_phrases_are_not_timex():
    assert timexes("ومنذ ذلك الحين تغير الوضع، وبعد ذلك عاد.") == {}


# -- numeric claims -----------------------------------------------------------------------------------

def test_digits_with_noun_and_qualifier_outside_the_span():
    found = claims("قال مسؤول أمريكي إن نحو 300 جندي أمريكي موجودون في سوريا.")
    claim = found["300 جندي"]
    assert claim["value"] == 300 and claim["qualifier"] == "approximate" and claim["unit"] == "soldier"
    assert claim["subject"] == "United States" and claim["location"] == "Syria"
    assert claim["source"] == "مسؤول أمريكي" and claim["modality"] == "reported"


def test_location_and_time_from_the_sentence_not_the_reporting_frame():
    found = claims("قال مسؤولون في واشنطن، الجمعة، إن 300 جندي قتلوا.")
    assert found["300 جندي"]["time"] is None and found["300 جندي"]["location"] is None
    assert claims("في عام 2020، قتل 50 مدنيا.")["50 مدنيا"]["time"] == "2020"
    assert claims("في حلب، قتل 50 مدنيا.")["50 مدنيا"]["location"] == "Aleppo"


def test_own_clause_time_wins_and_does_not_carry_to_a_coordinated_clause():
    found = claims("في عام 2019، قتل 5 أشخاص يوم الاثنين وأصيب 10 آخرون.")
    assert found["5 أشخاص"]["time"] == "2024-03-11"
    assert found["10"]["time"] is None


def test_subject_is_the_owner_country_of_a_nisba_or_of_forces():
    found = claims("نشرت القوات الفرنسية 500 جندي في بغداد، وقتل 20 جنديا أمريكيا.")
    assert found["500 جندي"]["subject"] == "France" and found["500 جندي"]["location"] == "Baghdad"
    assert found["20 جنديا"]["subject"] == "United States"


def test_word_numbers_with_multipliers():
    found = claims("أرسلت الدولة خمسة وعشرين ألف جندي و12 ألف مقاتل و1.5 مليون دولار وخمسة مصادر.")
    assert found["خمسة وعشرين ألف جندي"]["value"] == 25000
    assert found["12 ألف مقاتل"]["value"] == 12000
    assert found["1.5 مليون دولار"]["value"] == 1500000
    assert found["خمسة مصادر"]["unit"] == "source"


def test_duals_but_not_anaphoric_ones():
    found = claims("أطلقت القوات صاروخين بعد أن اتفق الجانبين والبلدين.")
    assert list(found) == ["صاروخين"] and found["صاروخين"]["value"] == 2


def test_vague_amounts_and_ranges():
    found = claims("قتل عشرات المدنيين ونزح آلاف الأشخاص، وشارك بين 300 و500 مقاتل.")
    assert found["عشرات المدنيين"]["value"] == 10 and found["عشرات المدنيين"]["qualifier"] == "vague"
    assert found["آلاف الأشخاص"]["value"] == 1000
    rng = found["300 و500 مقاتل"]
    assert (rng["value_min"], rng["value_max"], rng["qualifier"]) == (300, 500, "range")


def test_more_than_at_least_and_coordinated_qualifier():
    found = claims("شاركت أكثر من 40 دولة، ونشر نحو 1000 جندي في العراق و600 في الأردن، وقتل 7 أشخاص على الأقل.")
    assert found["40 دولة"]["qualifier"] == "more_than"
    assert found["600"]["unit"] == "soldier" and found["600"]["qualifier"] == "approximate"
    assert found["600"]["location"] == "Jordan"
    assert found["7 أشخاص"]["qualifier"] == "at_least"


def test_dates_percentages_and_durations_are_not_claims():
    found = claims("ارتفع المؤشر 5% في عام 2020 واستمر ثلاثة أيام و20 بالمئة.")
    assert found == {}


def test_time_and_modality():
    found = claims("من المقرر أن تنشر الحكومة 200 جندي الشهر المقبل.")
    assert found["200 جندي"]["time"] == "2024-04" and found["200 جندي"]["modality"] == "planned"
    assert claims("إذا هاجمت القوات فسيموت 50 مدنيا.")["50 مدنيا"]["modality"] == "hypothetical"
    assert claims("قتل 50 مدنيا.")["50 مدنيا"]["modality"] == "asserted"


# -- properties -----------------------------------------------------------------------------------------

_PIECES = ["و", "ال", "لل", "ب", "العراق", "للعراق", "مصر", "المصري", "وزير", "الخارجية", "الرئيس", "عام", "2020",
           "٣٠٠", "1,500", "جندي", "جنديين", "مارس", "/", "آذار", "آب", "شهر", "أمس", "الثلاثاء", "قبل", "نحو",
           "أكثر", "من", "عشرات", "الآلاف", "ألف", "خمسة", "وعشرين", "بين", "قاعدة", "محافظة", "%", "،", ".", "(",
           ")", "-", "\u064b", "\u0640", "\u200f", "\u00a0", " ", "  ", "\n", "a", "é", "ـً", "قال", "إن", "يوم"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=40),
       st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_spans_match_the_text_and_validate(pieces, dct):
    text = "".join(pieces)
    pred = run(text, dct)
    DocumentPrediction.model_validate(pred.model_dump())
    for item in (*pred.entities, *pred.timex, *pred.numeric):
        assert text[item.start:item.end] == item.text
        assert item.text == item.text.strip()
    for tx in pred.timex:
        assert tx.value is None or is_valid_value(tx.value)
    for claim in pred.numeric:
        assert claim.time is None or is_valid_value(claim.time)
    assert len({(e.start, e.end) for e in pred.entities}) == len(pred.entities)


def test_deterministic_and_loadable():
    text = "قال وزير الخارجية المصري يوم الأحد إن نحو 300 جندي وصلوا إلى بغداد في مارس/آذار 2024."
    first, second = run(text).model_dump_json(), run(text).model_dump_json()
    assert first == second
    assert load_system("bench.systems.blind:extract")(doc(text)).model_dump_json() == first
    assert CLDR_VERSION
