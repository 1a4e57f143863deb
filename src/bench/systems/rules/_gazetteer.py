"""Gazetteers built from CLDR (through ``babel``) plus short hand-written lists of general knowledge.

* GPE: every two-letter CLDR territory's Arabic name (``Locale('ar').territories``), a few common
  alternative spellings, the Arabic exemplar cities of CLDR time zones (``Locale('ar').time_zones``)
  and the capitals whose country's time zone is named after another city (Washington, Ankara…).
* LOC: CLDR's numeric world regions and Antarctica, plus well-known seas, rivers and regions.
* NORP: nisba adjectives derived by rule from the country names (:func:`nisba_forms`), a few
  irregular ones, and religious, ethnic and regional groups.
* LANGUAGE: CLDR's Arabic language names.

English canonical names (used for the numeric ``subject``/``location`` fields) come from
``Locale('en').territories`` and the time-zone ids.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from bench.systems.rules._text import n

# CLDR codes that are not places (EU, UN, euro zone, pseudo-locales, unknown region)
_NOT_PLACES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AQ"}
# country or city names that are also frequent Arabic words («مالي» financial, «بنين» boys…)
_AMBIGUOUS_NAMES = {n(w) for w in ("مالي", "بنين", "نوم", "ترك", "ماهي", "سمراء", "استر", "بلم", "ثيل", "واك",
                                   "سنتر", "مدينة غير معروفة", "سيتا", "جوني", "نوروناه", "ترول")}

_ALIASES = {  # general-knowledge alternative names for countries
    "US": ("أمريكا", "أميركا", "الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية"),
    "GB": ("بريطانيا", "المملكة المتحدة لبريطانيا العظمى"),
    "SA": ("السعودية",), "AE": ("الإمارات",), "PS": ("فلسطين",), "SY": ("سورية",),
    "RU": ("روسيا الاتحادية",), "OM": ("سلطنة عمان",), "CZ": ("التشيك",), "NL": ("هولندا",),
    "KP": ("كوريا الشمالية",), "KR": ("كوريا الجنوبية",), "MM": ("ميانمار", "بورما"),
    "CD": ("الكونغو الديمقراطية",), "HK": ("هونغ كونغ",), "MO": ("ماكاو",), "VA": ("الفاتيكان",),
    "TL": ("تيمور الشرقية",), "BY": ("بيلاروسيا",),
}
_CAPITALS = {  # capitals whose country's CLDR time zone bears another city's name
    "واشنطن": "Washington", "أنقرة": "Ankara", "نيودلهي": "New Delhi", "إسلام آباد": "Islamabad",
    "أوتاوا": "Ottawa", "كانبيرا": "Canberra", "برازيليا": "Brasilia", "بكين": "Beijing",
    "أبوظبي": "Abu Dhabi", "أبو ظبي": "Abu Dhabi", "الدوحة": "Doha", "المنامة": "Manama",
    "صنعاء": "Sanaa", "الرباط": "Rabat", "بيرن": "Bern", "واغادوغو": "Ouagadougou",
}
_REGIONS = (  # seas, rivers and regions without a government (LOC)
    "الشرق الأوسط", "الشرق الأدنى", "الخليج", "الخليج العربي", "الخليج الفارسي", "البحر الأحمر",
    "البحر المتوسط", "البحر الأبيض المتوسط", "البحر الأسود", "بحر قزوين", "بحر العرب", "المحيط الأطلسي",
    "المحيط الهادئ", "المحيط الهندي", "نهر النيل", "النيل", "نهر دجلة", "نهر الفرات", "دجلة", "الفرات",
    "بلاد الشام", "المغرب العربي", "المشرق العربي", "شبه الجزيرة العربية", "القوقاز", "البلقان", "سيناء",
    "شمال أفريقيا", "الساحل الأفريقي", "القرن الأفريقي", "آسيا الوسطى",
)
_IRREGULAR_NISBA = {  # nisba adjectives the suffix rule cannot derive
    "أمريكي": "US", "أميركي": "US", "بريطاني": "GB", "نمساوي": "AT", "أفغاني": "AF", "فلسطيني": "PS",
    "كوري": None, "هولندي": "NL", "تشيكي": "CZ", "بيلاروسي": "BY", "قبرصي": "CY", "يمني": "YE",
}
_GROUP_NISBA = (  # religious, ethnic and regional adjectives (NORP, no country)
    "عربي", "كردي", "كوردي", "تركماني", "شيعي", "سني", "مسيحي", "يهودي", "درزي", "إيزيدي", "أيزيدي",
    "علوي", "آشوري", "كلداني", "سرياني", "أمازيغي", "إسلامي", "خليجي", "أفريقي", "آسيوي", "أوروبي",
    "لاتيني", "قبطي", "بلوشي", "بشتوني", "فارسي",
)
_PLURAL_ONLY_NISBA = ("غربي", "ديمقراطي", "جمهوري", "شرقي")  # adjectives too, so only the group nouns
_GROUP_NOUNS = {"العرب": None, "الأكراد": None, "الكرد": None, "الشيعة": None, "اليهود": None, "الدروز": None,
                "المسلمون": None, "المسلمين": None, "التركمان": None, "الأمازيغ": None, "البشتون": None,
                "الروس": "RU", "الأتراك": "TR", "الإنجليز": "GB", "الألمان": "DE", "الأفغان": "AF"}
_GROUP_REGION = {"أوروبي": "EU"}


def _clean(name: str) -> str:
    return name.split(" (")[0].split(" - ")[0].strip()


def nisba_root(name: str) -> str:
    """«العراق» → «عراق», «سوريا» → «سور», «السعودية» → «سعود», «كندا» → «كند», «تشيلي» → «تشيل»."""
    base = n(name)
    if base.startswith("ال") and len(base) > 4:
        base = base[2:]
    if base.endswith(("يه", "يا")):
        return base[:-2]
    if base.endswith(("ا", "ه", "ي")):
        return base[:-1]
    return base


def nisba_forms(masc: str, plural_only: bool = False) -> set[str]:
    """Forms of a masculine nisba «عراقي»: fem., plurals, duals, each with and without «ال»."""
    stem = n(masc)
    suffixes = ("ون", "ين") if plural_only else ("", "ه", "ون", "ين", "ان", "تان", "تين", "ات")
    forms = {stem + s for s in suffixes}
    return forms | {"ال" + f for f in forms}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, object]:
    """All name tables, normalised: ``{'gpe': {name: (canonical, code)}, 'loc': …, 'norp': …}``."""
    ar, en = Locale("ar"), Locale("en")
    gpe: dict[str, tuple[str, str | None]] = {}
    norp: dict[str, str | None] = {}
    loc: dict[str, str] = {}
    country_names: dict[str, list[str]] = {}
    for code, name in ar.territories.items():
        if not (len(code) == 2 and code.isalpha()) or code in _NOT_PLACES:
            continue
        country_names.setdefault(code, []).append(_clean(name))
    for code, names in _ALIASES.items():
        country_names.setdefault(code, []).extend(names)
    for code, names in country_names.items():
        canonical = en.territories.get(code, code)
        for name in names:
            key = n(name)
            if key not in _AMBIGUOUS_NAMES:
                gpe.setdefault(key, (canonical, code))
            if " " not in key and key not in _AMBIGUOUS_NAMES:
                for form in nisba_forms(nisba_root(name) + "ي"):
                    norp.setdefault(form, code)
    for zone, data in ar.time_zones.items():
        city = data.get("city")
        if not city or "/" not in zone or "،" in city:
            continue
        key = n(_clean(city))
        if len(key) >= 3 and key not in _AMBIGUOUS_NAMES:
            gpe.setdefault(key, (zone.rsplit("/", 1)[1].replace("_", " "), None))
    for name, canonical in _CAPITALS.items():
        gpe.setdefault(n(name), (canonical, None))
    for code, name in ar.territories.items():
        if (code.isdigit() and code != "001") or code == "AQ":
            loc[n(name)] = en.territories.get(code, code)
    for name in _REGIONS:
        loc.setdefault(n(name), name)
    for masc, code in _IRREGULAR_NISBA.items():
        for form in nisba_forms(masc):
            norp[form] = code
    for masc in _GROUP_NISBA:
        for form in nisba_forms(masc):
            norp[form] = _GROUP_REGION.get(masc)
    for masc in _PLURAL_ONLY_NISBA:
        for form in nisba_forms(masc, plural_only=True):
            norp.setdefault(form, None)
    for noun, code in _GROUP_NOUNS.items():
        norp.setdefault(n(noun), code)
    languages = {n(name) for name in ar.languages.values() if n(name).startswith("ال") and " " not in name}
    english = {code: en.territories.get(code, code) for code in country_names} | {"EU": en.territories["EU"]}
    return {"gpe": gpe, "loc": loc, "norp": norp, "languages": languages, "english": english}


def cldr_version() -> str:
    import babel

    return f"babel {babel.__version__}, CLDR {babel.core.get_cldr_version()}" if hasattr(
        babel.core, "get_cldr_version") else f"babel {babel.__version__}"
