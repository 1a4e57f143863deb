"""Word lists: CLDR names through babel, plus short generic lists written from general knowledge."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale
from babel.core import get_cldr_version

from bench.systems.blind.text import norm

CLDR_VERSION = get_cldr_version()

# CLDR names that are also everyday words («مالي» financial, «بنين» sons, «ترك» left, «نوم» sleep …)
_AMBIGUOUS = {"مالي", "بنين", "ترك", "سول", "نوم", "سنتر", "ثيل", "استر", "بلم", "واك", "ماهي", "ديلي", "سيتا",
              "كناري", "ترول", "سمراء", "جوني", "العيون", "كانتون", "كريسماس", "باهيا", "بويس", "أداك", "فينكس"}
_NOT_PLACES = {"001", "EU", "EZ", "UN", "ZZ", "XA", "XB", "AQ", "QO"}
# everyday short names CLDR lacks (general knowledge), with their region code or English name
_GPE_ALIASES = {"أمريكا": "US", "الولايات المتحدة الأمريكية": "US",
                "بريطانيا": "GB", "السعودية": "SA", "الإمارات": "AE", "فلسطين": "PS",
                "الدنمارك": "DK", "واشنطن": "Washington", "صنعاء": "Sanaa", "أبوظبي": "Abu Dhabi",
                "أنقرة": "Ankara", "الرباط": "Rabat", "بكين": "Beijing", "نيودلهي": "New Delhi",
                "إسلام آباد": "Islamabad", "تل أبيب": "Tel Aviv", "أوتاوا": "Ottawa", "كانبرا": "Canberra",
                "جنيف": "Geneva", "الموصل": "Mosul", "حلب": "Aleppo", "البصرة": "Basra", "أربيل": "Erbil",
                "كركوك": "Kirkuk", "حمص": "Homs", "إدلب": "Idlib", "بنغازي": "Benghazi", "عدن": "Aden"}
_LOC_EXTRA = ["الشرق الأوسط", "الخليج", "الخليج العربي", "الخليج الفارسي", "البحر الأحمر", "البحر المتوسط",
              "البحر الأبيض المتوسط", "البحر الأسود", "المحيط الهادئ", "المحيط الأطلسي", "المحيط الهندي",
              "مضيق هرمز", "باب المندب", "شبه الجزيرة العربية", "شبه الجزيرة الكورية", "أنتاركتيكا"]
ORGS = ["الأمم المتحدة", "مجلس الأمن", "مجلس الأمن الدولي", "الاتحاد الأوروبي", "حلف شمال الأطلسي", "الناتو",
        "جامعة الدول العربية", "الجامعة العربية", "الاتحاد الأفريقي", "مجلس التعاون الخليجي", "البنك الدولي",
        "صندوق النقد الدولي", "منظمة الصحة العالمية", "الوكالة الدولية للطاقة الذرية", "أوبك", "الكونغرس",
        "مجلس النواب", "مجلس الشيوخ", "مجلس الوزراء", "البنتاغون", "البيت الأبيض", "الكرملين", "الصليب الأحمر",
        "اللجنة الدولية للصليب الأحمر", "منظمة العفو الدولية", "هيومن رايتس ووتش", "محكمة العدل الدولية",
        "المحكمة الجنائية الدولية", "الأونروا", "اليونيسف", "اليونسكو", "مجموعة العشرين", "مجموعة السبع",
        "حماس", "حزب الله", "طالبان", "داعش", "الدولة الإسلامية", "الحرس الثوري", "رويترز", "فرانس برس",
        "أسوشيتد برس", "بلومبرغ", "التحالف الدولي",
        "نيويورك تايمز", "واشنطن بوست", "وول ستريت جورنال", "بي بي سي", "سي إن إن"]
EVENTS = ["الحرب العالمية الأولى", "الحرب العالمية الثانية", "الحرب الباردة", "حرب الخليج", "الربيع العربي",
          "هجمات 11 سبتمبر", "الحرب الأهلية"]
LAWS = ["ميثاق الأمم المتحدة", "اتفاقية جنيف", "اتفاقيات جنيف", "اتفاق أوسلو", "اتفاقية كامب ديفيد",
        "الاتفاق النووي", "اتفاقية باريس", "اتفاق باريس", "الإعلان العالمي لحقوق الإنسان"]
# religious, ethnic and regional group adjectives (nisba stems, masculine singular)
_GROUP_NISBAS = ["شيعي", "سني", "مسيحي", "يهودي", "درزي", "علوي", "كردي", "عربي", "قبطي", "إيزيدي", "تركماني",
                 "أمازيغي", "أوروبي", "أفريقي", "آسيوي", "إسلامي", "مسلم"]
# broken plurals and collectives naming a people (nouns of people by themselves), with their region code
_BROKEN_NISBAS = {"أتراك": "TR", "أكراد": None, "عرب": None, "روس": "RU", "أفغان": "AF", "ألمان": "DE",
                  "إنجليز": "GB", "إنكليز": "GB", "أمريكان": "US", "هنود": "IN", "صرب": "RS", "أرمن": None,
                  "شيشان": None, "أقباط": None, "دروز": None, "يهود": None, "أمازيغ": None, "أفارقة": None,
                  "الشيعة": None, "تركمان": None, "بلوش": None, "بشتون": None}
_IRREGULAR_NISBAS = {"بريطاني": "GB", "أمريكي": "US", "سعودي": "SA", "إماراتي": "AE", "فلسطيني": "PS",
                     "نمساوي": "AT", "أفغاني": "AF", "دنماركي": "DK", "كوري": None, "سوفيتي": None}
_NISBA_STOP = {"مالي", "بنيني", "عالمي", "جزري"}

_PORTFOLIOS = ["الخارجية", "الدفاع", "الداخلية", "المالية", "الخزانة", "العدل", "الاقتصاد", "النفط", "الطاقة",
               "الصحة", "التعليم", "التربية", "الإعلام", "الزراعة", "التجارة", "النقل", "الثقافة", "الصناعة",
               "الإسكان", "البيئة", "العمل", "الكهرباء", "الموارد المائية", "التخطيط", "الاتصالات", "الشؤون الخارجية"]
_TITLES = ["الرئيس", "الرئيسة", "الوزير", "الوزيرة",
           "رئيس الوزراء", "رئيسة الوزراء", "رئيس الحكومة", "رئيس الجمهورية", "نائب الرئيس",
           "رئيس البرلمان", "رئيس مجلس النواب", "رئيس مجلس الشيوخ", "رئيس الأركان", "رئيس هيئة الأركان",
           "رئيس المخابرات", "رئيس الاستخبارات", "الأمين العام", "المرشد الأعلى", "ولي العهد", "الملك", "الأمير",
           "السفير", "السفيرة", "المبعوث الخاص", "المبعوث", "مستشار الأمن القومي", "قائد الجيش", "القائد العام",
           "قائد القوات", "الناطقة الرسمية", "الناطق الرسمي", "السيناتور", "البابا", "رئيس الدبلوماسية"]
# construct-state titles: they take the country after them («رئيس وزراء العراق»)
_CONSTRUCT_TITLES = ["رئيس", "رئيسة", "رئيس وزراء", "رئيس حكومة", "ملك", "أمير", "سفير", "قائد جيش", "رئيس أركان"]
SPOKESPERSON = {"المتحدث", "المتحدثة", "الناطق", "الناطقة", "متحدث", "ناطق", "متحدثة"}
# forces, governments and other bodies that are ORG when a nisba (definite form) or an owner (construct form)
# designates them («القوات الفرنسية», «الحكومة المصرية», «قوات الناتو», «إدارة ترامب», «نظام الأسد»)
OWNED_HEADS = {"القوات", "قوات", "الجيش", "جيش", "الحكومة", "حكومة", "الإدارة", "إدارة", "القيادة", "قيادة",
               "السلطات", "سلطات", "النظام", "نظام", "البرلمان", "برلمان", "السفارة", "سفارة", "القنصلية",
               "قنصلية", "الشرطة", "شرطة", "الخارجية", "الاستخبارات", "استخبارات", "المخابرات", "مخابرات"}
OWNED_BY_PERSON = {"إدارة", "نظام", "حكومة"}  # construct heads that also take a person as owner
# adjectives between a force/government head and its nisba («القوات المسلحة المصرية»)
FORCE_ADJ = {"المسلحة", "الجوية", "البحرية", "البرية", "الخاصة", "الأمنية", "العسكرية", "الانتقالية",
             "الاتحادية", "الفيدرالية", "المؤقتة", "النظامية", "الحكومية", "المركزية"}
# well-known leaders' names that carry the article («نظام الأسد»)
LEADER_NAMES = {"الأسد", "القذافي", "البشير", "السيسي", "الخميني"}
# generic heads that open a name and stay INSIDE its span, with the type of the whole phrase
NAME_HEADS = {"محافظة": "GPE", "مدينة": "GPE", "إقليم": "GPE", "ولاية": "GPE", "بلدة": "GPE", "قضاء": "GPE",
              "قرية": "GPE", "ناحية": "GPE", "منطقة": "GPE", "مقاطعة": "GPE",
              "تنظيم": "ORG", "حركة": "ORG", "صحيفة": "ORG", "شبكة": "ORG", "وكالة": "ORG", "جامعة": "ORG",
              "وزارة": "ORG", "حزب": "ORG", "منظمة": "ORG", "مجلة": "ORG",
              "قاعدة": "FAC", "مطار": "FAC", "ميناء": "FAC", "معبر": "FAC", "سجن": "FAC", "مستشفى": "FAC"}
INDEFINITE_NAME_HEADS = {"تنظيم", "حركة"}  # a definite noun after them is usually a verbal noun, not a name
HEAD_NAMES = ["القاعدة", "الشباب", "الجهاد الإسلامي", "الدولة الإسلامية", "النهضة"]  # definite names they do take
# definite nouns that follow other heads as plain construct nouns («منطقة الحدود», «قاعدة البيانات»)
NOT_NAMES = {"الحدود", "النزاع", "الصراع", "العمليات", "الاشتباكات", "المعارك", "القتال", "الحظر", "البيانات",
             "الانتخابات", "العمل", "المرور", "الملاحة", "التجارة", "النزوح", "الاحتجاج", "الاحتجاجات", "الانطلاق",
             "العمليات العسكرية", "ثانية", "ثالثة", "أولى", "أخيرة", "واسعة", "آمنة", "عازلة", "محررة"}
FAC_ADJ = {"الجوية", "الجوي", "البحرية", "البحري", "العسكرية", "العسكري", "الدولي", "الدولية", "المركزي"}
BORDER_HEADS = {"الحدود"}  # a border named by nisbas is LOC («الحدود التركية – السورية»)
# nouns of people that a nationality/religion nisba turns into a NORP phrase («مسؤولون فرنسيون», «قوات فرنسية»);
# the definite and construct forces of OWNED_HEADS are ORG instead
_PEOPLE = ("مسؤول مسؤولا مسؤولة مسؤولون مسؤولين مسؤولان جندي جنديا جنود جنديان جنديين عسكري عسكريا عسكريون "
           "عسكريين مصدر مصدرا مصادر ضابط ضابطا ضباط ضابطان ضابطين مقاتل مقاتلا مقاتلون مقاتلين مواطن مواطنا "
           "مواطنة مواطنون مواطنين دبلوماسي دبلوماسيا دبلوماسيون دبلوماسيين خبير خبيرا خبراء صحفي صحفيا صحفيون "
           "صحفيين ناشط ناشطا ناشطون ناشطين نشطاء لاجئ لاجئا لاجئون لاجئين مهاجر مهاجرا مهاجرون مهاجرين عامل "
           "عاملا عمال طالب طلاب سائح سياح أسير أسيرا أسرى رهينة رهائن معتقل معتقلا معتقلون معتقلين مسلح مسلحا "
           "مسلحون مسلحين متمرد متمردون متمردين زعيم زعماء قائد قادة نائب نواب مستشار مستشارا مستشارون "
           "مستشارين محتج محتجون محتجين متظاهر متظاهرون متظاهرين سكان شعب وفد فصيل فصائل جماعة جماعات ميليشيا "
           "ميليشيات مليشيات قوة قوات شخص شخصا أشخاص رجل رجال امرأة نساء طفل أطفال حارس حراس عنصر عنصرا عناصر "
           "فرد أفراد موظف موظفا موظفون موظفين رعايا جالية مراقب مراقبون مراقبين مدنيون مدنيين")
PEOPLE_HEADS = set(_PEOPLE.split())
# adjectives a NORP phrase may cross before its nationality adjective («الجماعات المسلحة السنية»)
PEOPLE_ADJ = {"المسلحة", "المسلحين", "المسلحون", "مسلحة", "مسلحين", "مسلحون", "المعارضة", "معارضة", "الكبار",
              "كبار", "المتشددة", "متشددة", "المتشددين", "متشددين", "النظامية", "المحلية", "محلية"}
DESCRIPTIVE = {"الجوية", "الجوي", "العسكرية", "العسكري", "البحرية", "البحري", "الشمالية", "الجنوبية", "الشرقية",
               "الغربية", "الشمالي", "الجنوبي", "الشرقي", "الغربي", "الدولي", "الدولية", "الكبرى", "الجديدة",
               "عسكرية", "عسكري", "جوية", "بحرية", "جديدة", "جديد", "كبيرة", "كبير", "أخرى", "آخر", "رئيسية",
               "بيانات", "واحدة", "واحد", "الرسمية", "الرسمي", "السابق", "السابقة", "الحالي", "الحالية"}
STOPWORDS = {"في", "من", "إلى", "على", "عن", "مع", "خلال", "بعد", "قبل", "حول", "أمام", "منذ", "حتى", "بين", "عند",
             "إن", "أن", "إنه", "أنه", "إنها", "أنها", "لن", "لم", "قد", "لا", "ما", "كان", "كانت", "يوم", "اليوم",
             "أمس", "غدا", "الذي", "التي", "الذين", "هو", "هي", "هم", "هذا", "هذه", "ذلك", "تلك", "قال", "قالت",
             "أكد", "أكدت", "أعلن", "أعلنت", "أضاف", "أضافت", "ذكر", "ذكرت", "أوضح", "أوضحت", "أشار", "أشارت",
             "وقال", "وقالت", "عبر", "لدى", "نحو", "حوالي", "أكثر", "أقل", "كل", "بعض", "عدة", "أو", "ثم", "لكن",
             "بل", "كما", "إذ", "إذا", "لو", "سوف", "يجب", "تم", "يتم", "تجاه", "ضد", "دون", "بشأن", "إثر", "وفق",
             "وفقا", "بحسب", "حسب", "عبد", "أبو", "بن", "ابن"} | DESCRIPTIVE
# frequent news verbs that follow a title where a name could stand (VSO order puts them before it)
VERBS = {"استقبل", "التقى", "زار", "أجرى", "بحث", "دعا", "وصل", "شدد", "اعتبر", "رأى", "طالب", "هدد", "حذر", "وقع",
         "غادر", "ترأس", "تلقى", "أعرب", "نفى", "أمر", "قرر", "أدان", "رحب", "يزور", "عاد", "توجه", "شارك", "أبلغ"}
NAME_VERBS_OK = {"يوسف", "ياسر", "يحيى", "يائير", "يونس", "يزيد", "يعقوب"}
REPORT_CUES = {"قال", "قالت", "أكد", "أكدت", "أعلن", "أعلنت", "ذكر", "ذكرت", "أفاد", "أفادت", "أوضح", "أوضحت",
               "أضاف", "أضافت", "صرح", "صرحت", "نقلت", "نقل", "كشف", "كشفت", "بحسب", "حسب", "حسبما", "وفقا",
               "نقلا", "أبلغ", "أبلغت", "يقول", "تقول", "قالوا", "أكدوا", "ذكروا"}
TENSE_CUES = {"سوف", "يعتزم", "تعتزم", "يخطط", "تخطط", "سيتم"}  # a future verb phrase
FUTURE_CUES = TENSE_CUES | {"المقبل", "المقبلة", "القادم", "القادمة"}
FUTURE_PHRASES = [("من", "المقرر"), ("من", "المتوقع"), ("من", "المنتظر")]
HYPOTHETICAL_CUES = {"إذا", "لو", "لولا", "إن حال", "حال"}


def _keys(names) -> set[str]:
    return {" ".join(norm(n)) for n in names}

STOPWORDS_N = _keys(STOPWORDS)
DESCRIPTIVE_N = _keys(DESCRIPTIVE)
NAME_VERBS_OK_N = _keys(NAME_VERBS_OK)
REPORT_CUES_N = _keys(REPORT_CUES)
VERBS_N = _keys(VERBS) | REPORT_CUES_N
FUTURE_CUES_N = _keys(FUTURE_CUES)
TENSE_CUES_N = _keys(TENSE_CUES)
HYPOTHETICAL_N = _keys(HYPOTHETICAL_CUES)
SPOKESPERSON_N = _keys(SPOKESPERSON)
OWNED_HEADS_N = _keys(OWNED_HEADS)
OWNED_BY_PERSON_N = _keys(OWNED_BY_PERSON)
FORCE_ADJ_N = _keys(FORCE_ADJ)
LEADER_NAMES_N = _keys(LEADER_NAMES)
NAME_HEADS_N = {" ".join(norm(k)): v for k, v in NAME_HEADS.items()}
INDEFINITE_NAME_HEADS_N = _keys(INDEFINITE_NAME_HEADS)
NOT_NAMES_N = _keys(NOT_NAMES)
FAC_ADJ_N = _keys(FAC_ADJ)
BORDER_HEADS_N = _keys(BORDER_HEADS)
PEOPLE_HEADS_N = _keys(PEOPLE_HEADS) | {"ال" + k for k in _keys(PEOPLE_HEADS)}
PEOPLE_ADJ_N = _keys(PEOPLE_ADJ)


def _broken_forms(raw: str) -> set[str]:
    """A broken plural with and without the article («أتراك», «الأتراك»)."""
    key = " ".join(norm(raw))
    return {key} if key.startswith("ال") else {key, "ال" + key}


BROKEN_NISBAS_N = {form for raw in _BROKEN_NISBAS for form in _broken_forms(raw)}


def _clean(name: str) -> str:
    """«الكونغو - كينشاسا» → «الكونغو», «ميانمار (بورما)» → «ميانمار»."""
    return re.sub(r"\s*\(.*?\)", "", name.split(" - ")[0]).strip()


def _spellings(phrase: tuple[str, ...]) -> set[tuple[str, ...]]:
    """«أمريكا» and «أميركا» are both current spellings."""
    joined = " ".join(phrase)
    return {tuple(v.split()) for v in (joined, joined.replace("امريك", "اميرك"), joined.replace("اميرك", "امريك"))}


def nisba_stem(name: str) -> str | None:
    """Masculine nisba of a one-word place name: «سوريا» → «سوري», «العراق» → «عراقي», «ألمانيا» → «ألماني»."""
    base = norm(name[2:] if name.startswith("ال") else name)[0]  # «أل…» in «ألمانيا» is no article
    if base.endswith("يا"):
        stem = base[:-1]
    elif base.endswith(("ا", "ه")):
        stem = base[:-1] + "ي"
    elif base.endswith("ي") or len(base) < 3:
        return None
    else:
        stem = base + "ي"
    return None if stem in _keys(_NISBA_STOP) else stem


def nisba_forms(stem: str) -> set[str]:
    """Inflections of a nisba: masculine/feminine, sound plurals, with and without the article."""
    forms = {stem, stem + "ه", stem + "ون", stem + "ين", stem + "ات"}
    return forms | {"ال" + f for f in forms}


@lru_cache(maxsize=1)
def gazetteers() -> dict[str, dict]:
    """``places``: phrase → (type, English name); ``nisba``: form → English name or None; ``languages``;
    ``countries``: the English names of CLDR territories."""
    ar, en = Locale("ar"), Locale("en")
    places: dict[tuple[str, ...], tuple[str, str | None]] = {}
    nisba: dict[str, str | None] = {}
    for code, name in sorted(ar.territories.items()):
        name = _clean(name)
        if code in _NOT_PLACES or name in _AMBIGUOUS or not name:
            continue
        kind = "LOC" if code.isdigit() else "GPE"
        for phrase in _spellings(norm(name)):
            places.setdefault(phrase, (kind, en.territories.get(code)))
        stem = nisba_stem(name) if kind == "GPE" and len(norm(name)) == 1 else None
        if stem:
            for form in nisba_forms(stem):
                nisba.setdefault(form, en.territories.get(code))
    for tz, data in sorted(ar.time_zones.items()):
        city = _clean(data.get("city", ""))
        if not city or "،" in city or city in _AMBIGUOUS or city.startswith(("مدينة", "حي ")):
            continue
        english = en.time_zones.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " ")
        places.setdefault(norm(city), ("GPE", english))
    for name, code in _GPE_ALIASES.items():
        for phrase in _spellings(norm(name)):
            places.setdefault(phrase, ("GPE", en.territories.get(code, code)))
    for name in _LOC_EXTRA:
        places.setdefault(norm(name), ("LOC", None))
    for raw, code in sorted(_IRREGULAR_NISBAS.items()) + [(g, None) for g in _GROUP_NISBAS]:
        for (stem,) in _spellings(norm(raw)):
            for form in nisba_forms(stem):
                nisba[form] = en.territories.get(code) if code else None
    for raw, code in _BROKEN_NISBAS.items():
        for form in _broken_forms(raw):
            nisba[form] = en.territories.get(code) if code else None
    languages = {" ".join(norm(n)) for n in ar.languages.values() if len(norm(n)) == 1}
    countries = {name for code, name in en.territories.items() if not code.isdigit()}
    return {"places": places, "nisba": nisba, "languages": languages, "countries": countries}


def titles() -> dict[tuple[str, ...], bool]:
    """OCC title phrases → whether the phrase is in construct state (takes a country after it)."""
    out: dict[tuple[str, ...], bool] = {norm(t): False for t in _TITLES}
    out.update({norm(t): True for t in _CONSTRUCT_TITLES})
    for portfolio in _PORTFOLIOS:
        for head in ("وزير", "وزيرة", "نائب وزير"):
            out[norm(f"{head} {portfolio}")] = False
            construct = " ".join(w[2:] if w.startswith("ال") else w for w in portfolio.split())
            out[norm(f"{head} {construct}")] = True
    return out
