"""The offset-keeping Arabic tokenizer: examples from the real texts, and offset properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.io.gold import load_gold
from bench.text.tokenize import TOKENIZER_VERSION, Token, tokenize, tokenize_for


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_version_is_named():
    assert TOKENIZER_VERSION == "ar-tok-1"


@pytest.fixture(scope="module")
def real_texts() -> dict[str, str]:
    return {doc.id: doc.text for doc in load_gold().documents}


@pytest.mark.parametrize(("doc_id", "written", "expected"), [
    # proclitic + «ال»: the proclitic stays outside (guidelines §0)
    ("doc-000", "والعراق", ["و", "العراق"]),
    ("doc-002", "بالعراق", ["ب", "العراق"]),
    # «لل» = ل + ال with the alef elided: only the first ل is the proclitic
    ("doc-001", "للولايات", ["ل", "لولايات"]),
    ("doc-000", "للسوداني", ["ل", "لسوداني"]),
    # punctuation glued to a tatweel-joined proclitic
    ("doc-002", 'لـ"بلومبرغ":', ["لـ", '"', "بلومبرغ", '"', ":"]),
    ("doc-000", "بـ”المهمة", ["بـ", "”", "المهمة"]),
    # digits stay together, the full stop is its own token
    ("doc-003", "(2024)", ["(", "2024", ")"]),
    ("doc-002", '2014".', ["2014", '"', "."]),
    # no «ال» after the proclitic: the plain tokenizer keeps the word whole
    ("doc-003", "لإيران", ["لإيران"]),
    ("doc-004", "للسوداني،", ["ل", "لسوداني", "،"]),
])
def test_real_text_examples(real_texts, doc_id, written, expected):
    text = real_texts[doc_id]
    start = text.index(written)
    # the words are tokenized in place, so their neighbours cannot change the result
    inside = [t for t in tokenize(text) if start <= t.start and t.end <= start + len(written)]
    assert [t.text for t in inside] == expected
    assert inside[0].start == start and inside[-1].end == start + len(written)


def test_no_break_space_separates(real_texts):
    text = real_texts["doc-003"]
    written = "باسم\u00a0البنتاغون\u00a0شون"
    start = text.index(written)
    inside = [t.text for t in tokenize(text) if start <= t.start < start + len(written)]
    assert inside == ["باسم", "البنتاغون", "شون"]


@pytest.mark.parametrize(("text", "expected"), [
    ("وبالعراق", ["وب", "العراق"]),
    ("فللعراق", ["فل", "لعراق"]),
    ("كالعادة", ["ك", "العادة"]),
    ("بـالعراق", ["بـ", "العراق"]),
    ("وَالعراق", ["وَ", "العراق"]),
    ("والله", ["و", "الله"]),
    # too short after «ال» or a listed exception: one word
    ("والد", ["والد"]),
    ("بالغ", ["بالغ"]),
    ("لله", ["لله"]),
    ("وكالة", ["وكالة"]),
    ("وكالات", ["وكالات"]),
    ("ولاية", ["ولاية"]),
    ("الولايات", ["الولايات"]),
    # Arabic punctuation, quotes, digits of any script, letters and digits apart
    ("قال، هل؟ نعم؛", ["قال", "،", "هل", "؟", "نعم", "؛"]),
    ("«داعش»", ["«", "داعش", "»"]),
    ("٣٠٠ إصابة", ["٣٠٠", "إصابة"]),
    ("و2024", ["و", "2024"]),
    ("2.5%", ["2", ".", "5", "%"]),
    ("a\u00a0b\tc\nd", ["a", "b", "c", "d"]),
    ("", []),
    ("   ", []),
])
def test_rules(text, expected):
    assert words(text) == expected


def test_offsets_of_a_split_word():
    assert tokenize(" والعراق.") == [Token(1, 2, "و"), Token(2, 8, "العراق"), Token(8, 9, ".")]


def test_tokenize_for_cuts_only_inside_tokens():
    text = "زار وسوريا والعراق"
    start = text.index("سوريا")
    result = tokenize_for(text, [(start, start + 5), (text.index("العراق"), len(text))])
    assert [t.text for t in result.tokens] == ["زار", "و", "سوريا", "و", "العراق"]
    assert (result.extra_splits, result.split_tokens) == (1, 1)


def test_tokenize_for_counts_every_cut():
    result = tokenize_for("ابجدهوز", [(1, 3), (3, 5)])
    assert [t.text for t in result.tokens] == ["ا", "بج", "ده", "وز"]
    assert (result.extra_splits, result.split_tokens) == (3, 1)


# -- properties ------------------------------------------------------------------------------------

ALPHABET = list("والعراقبلكفسيمنهةىأإآءئؤ") + list("ـًٌٍَُِّْ") + list("0123456789٠١٢٣") + list(
    ".,،؛؟!:\"'()«»“”-–/%$#") + [" ", "\u00a0", "\t", "\n", "\u200c", "\u200f", "A", "z"]
texts = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)


def check_tokens(text: str, tokens: list[Token]) -> None:
    previous_end = 0
    for token in tokens:
        assert token.start >= previous_end and token.end > token.start
        assert token.text == text[token.start:token.end]
        assert not any(ch.isspace() for ch in token.text)
        previous_end = token.end
    covered = {i for t in tokens for i in range(t.start, t.end)}
    assert covered == {i for i, ch in enumerate(text) if not ch.isspace()}


@settings(max_examples=300, deadline=None)
@given(texts)
def test_tokens_are_ordered_slices_covering_the_text(text):
    tokens = tokenize(text)
    check_tokens(text, tokens)
    for token in tokens:
        if any(unicodedata.category(ch)[0] in "PS" for ch in token.text):
            assert len(token.text) == 1


@settings(max_examples=300, deadline=None)
@given(texts, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6))
def test_tokenize_for_adds_exactly_the_boundaries(text, raw_spans):
    spans = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in raw_spans]
    result = tokenize_for(text, spans)
    check_tokens(text, result.tokens)
    plain = tokenize(text)
    edges = {t.start for t in result.tokens} | {t.end for t in result.tokens}
    inside = {b for s in spans for b in s if any(t.start < b < t.end for t in plain)}
    assert inside <= edges
    assert result.extra_splits == len(inside)
    assert result.split_tokens == sum(any(t.start < b < t.end for b in inside) for t in plain)
    # the plain tokens' edges are all kept
    assert {t.start for t in plain} <= edges and {t.end for t in plain} <= edges
