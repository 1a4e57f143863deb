"""Arabic normalisation for comparisons (bench.text.normalize)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.text.normalize import find_occurrences, normalize, normalize_with_offsets


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # harakat, shadda, sukun, tanwin, superscript alef, Quranic marks
        ("مُحَمَّد", "محمد"),
        ("كِتَابٌ", "كتاب"),
        ("مِنْ", "من"),
        ("رَحْمٰن", "رحمن"),
        ("الله\u06d6", "الله"),
        ("\u0610بسم", "بسم"),
        # tatweel
        ("مـحـمـد", "محمد"),
        ("الـــعراق", "العراق"),
        # alef forms
        ("أحمد", "احمد"), ("إبراهيم", "ابراهيم"), ("آمال", "امال"), ("ٱلله", "الله"),
        ("ا\u0654حمد", "احمد"),  # decomposed hamza above folds like أ
        # ya / alef maqsura, ta marbuta, hamza on waw / ya, Farsi letters
        ("مستشفى", "مستشفي"), ("على", "علي"),
        ("مدرسة", "مدرسه"), ("الحكومة العراقية", "الحكومه العراقيه"),
        ("مؤتمر", "مءتمر"), ("رئيس", "رءيس"),
        ("ی", "ي"), ("ک", "ك"),
        # Arabic-Indic and Eastern Arabic-Indic digits
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("۰۱۲۳۴۵۶۷۸۹", "0123456789"), ("٢٠٢٥", "2025"), ("۲۰۲۵", "2025"),
        # quotes and dashes
        ("“المرحلة”", '"المرحله"'), ("«نعم»", '"نعم"'), ("„x‟", '"x"'), ("″", '"'),
        ("‘a’", "'a'"), ("‚′‛", "'''"),
        ("2020–2025", "2020-2025"), ("a—b", "a-b"), ("‐‑‒―−", "-----"),
        # white space: NBSP, narrow NBSP, tabs, newlines, ideographic space, collapse and strip
        ("بغداد\u00a0العراق", "بغداد العراق"),
        ("  بغداد \t\n  العراق  ", "بغداد العراق"),
        ("a\u202fb\u3000c\u2028d", "a b c d"),
        # bidi and zero-width controls, BOM
        ("\u200fبغداد\u200e", "بغداد"), ("ab\u200bc\u200cd\u200d", "abcd"), ("\u202bx\u202c", "x"),
        ("\u2066x\u2069", "x"), ("\ufeffx", "x"),
        # ASCII letters are lower-cased
        ("UN Security COUNCIL", "un security council"),
        ("", ""), ("   ", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent_on_examples() -> None:
    for text in ("أَحْمَدُ  بنُ   عليٍّ", "«٢٠٢٥»—الـعراق", "\u00a0مدرسة\u200f"):
        once = normalize(text)
        assert normalize(once) == once


# -- offsets -----------------------------------------------------------------------------------------

ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآٱىةؤئیک"  # letters and foldable letters
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640\u0654"  # harakat, tatweel, hamza mark
    "٠١٢٣٤٥٦٧٨٩۰۵0123456789"
    "“”«»‘’–—-\"'"
    " \u00a0\t\n\u200f\u200b"
    "ABCabc.,؟"
    "\ufefb\ufe8d\ufedf\ufdf2\u061c"  # presentation forms (a ligature of two letters), letter mark
)
texts = st.text(alphabet=ALPHABET, max_size=60)


@given(texts)
def test_origins_map_back(text: str) -> None:
    norm, origin = normalize_with_offsets(text)
    assert norm == normalize(text)
    assert len(origin) == len(norm)
    assert origin == sorted(origin), "origins must not decrease (a ligature gives several letters)"
    for ch, index in zip(norm, origin):
        assert 0 <= index < len(text)
        # each output character comes from what its source character normalises to (white space -> " ")
        assert ch in normalize(text[index]) or (ch == " " and text[index].isspace())


@given(texts)
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@given(texts, st.text(alphabet=ALPHABET, min_size=1, max_size=6))
def test_find_occurrences_maps_to_original(text: str, needle: str) -> None:
    norm_needle = normalize(needle)
    found = find_occurrences(text, needle)
    if not norm_needle:
        assert found == []
        return
    for start, end in found:
        assert 0 <= start < end <= len(text)
        assert normalize(text[start:end]) == norm_needle
    # as many occurrences (overlapping ones included) as the normalised text has
    norm, origin = normalize_with_offsets(text)
    last = len(norm_needle) - 1
    # a match may not split one input character (a ligature such as ﷲ gives several letters)
    expected = sum(1 for i in range(len(norm)) if norm.startswith(norm_needle, i)
                   and not (i > 0 and origin[i - 1] == origin[i])
                   and not (i + last + 1 < len(norm) and origin[i + last + 1] == origin[i + last]))
    assert len(found) == expected
    assert found == sorted(set(found))


@given(texts, texts, texts)
def test_find_occurrences_finds_an_inserted_needle(before: str, needle: str, after: str) -> None:
    text = before + needle + after
    if not normalize(needle):
        return
    found = find_occurrences(text, needle)
    assert found, "a needle present verbatim must be found"


def test_find_occurrences_examples() -> None:
    text = "وقال إن العراقَ والعراق\u00a0و«العراق»"
    found = find_occurrences(text, "العراق")
    # the fatha written on the last letter belongs to the occurrence
    assert [text[s:e] for s, e in found] == ["العراقَ", "العراق", "العراق"]
    assert found[0][0] == text.index("العراق")
    # diacritics and alef forms in the needle do not matter
    assert find_occurrences("قال أحمد", "احمد") == [(4, 8)]
    assert find_occurrences("قال احمد", "أَحمد") == [(4, 8)]
    # a needle spanning a run of white space maps to the whole run
    text = "محمد \u00a0 شياع"
    assert find_occurrences(text, "محمد شياع") == [(0, len(text))]
    # overlapping occurrences are all reported
    assert find_occurrences("ااا", "اا") == [(0, 2), (1, 3)]
    # nothing to find
    assert find_occurrences("بغداد", "البصرة") == []
    assert find_occurrences("بغداد", " \u064e ") == []


# -- occurrences keep the marks written on their last letter -----------------------------------------

def _removed(ch: str) -> bool:
    return normalize(ch) == "" and not ch.isspace()


@given(texts, st.text(alphabet=ALPHABET, min_size=1, max_size=8), texts)
def test_verbatim_occurrence_is_found_with_its_own_offsets(before: str, needle: str, after: str) -> None:
    # Unambiguous case: the needle starts on a kept character, ends on a non-space, and what follows
    # it is not another removable mark. Then the verbatim span must be among the occurrences.
    if not normalize(needle) or _removed(needle[0]) or needle[0].isspace() or needle[-1].isspace():
        return
    core = needle
    while core and _removed(core[-1]):
        core = core[:-1]
    if core[-1].isspace():
        return  # a stray mark after white space belongs to no word
    if after and _removed(after[0]):
        return
    text = before + needle + after
    assert (len(before), len(before) + len(needle)) in find_occurrences(text, needle)


def test_occurrence_includes_final_tanwin() -> None:
    # «عاماً»: the tanwin is written after the final alef, as in most Arabic news text
    text = "استمر الوجود عشرين عاماً في العراق"
    start = text.index("عاماً")
    assert find_occurrences(text, "عاماً") == [(start, start + len("عاماً"))]


# -- ar-2: presentation forms and the Arabic letter mark ------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("\ufe8d\ufedf\ufecc\ufeae\ufe8d\ufed5", "العراق"),   # isolated/initial/medial/final letter shapes
    ("\ufefb", "لا"),                                     # lam-alef ligature: two letters
    ("\ufdf2", "الله"),                                   # a word ligature, its marks removed
    ("\ufc5e", ""),                                       # a shadda-with-dammatan form: marks only
    ("بغ\u061cداد", "بغداد"),                             # U+061C ARABIC LETTER MARK
])
def test_presentation_forms_and_letter_mark(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_presentation_forms_are_found_with_original_offsets() -> None:
    text = "في \ufe8d\ufedf\ufecc\ufeae\ufe8d\ufed5 و\ufefb"
    assert find_occurrences(text, "العراق") == [(3, 9)]
    # «لا» comes from one ligature character: a match covers it whole, half of it is no match
    assert find_occurrences(text, "لا") == [(11, 12)]
    assert find_occurrences(text, "ل") == [(4, 5)]


def test_version_is_named() -> None:
    from bench.text.normalize import NORMALIZATION_VERSION

    assert NORMALIZATION_VERSION == "ar-2"
