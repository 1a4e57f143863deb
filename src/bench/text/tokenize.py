"""An Arabic word tokenizer that keeps code-point offsets (used by the CoNLL export and import).

Version :data:`TOKENIZER_VERSION` (``ar-tok-1``). Rules, in order:

1. White space (anything :meth:`str.isspace` accepts, incl. the no-break space U+00A0 and line
   breaks) separates tokens and is never part of one.
2. Every punctuation or symbol character (Unicode categories ``P*`` and ``S*``: ``. ، ؛ ؟ : ( ) "``,
   ``« » “ ”``, ``- – /``, ``%``, ``$``…) is a token of its own, also when it is glued to a word
   (``لـ"بلومبرغ":`` → ``لـ`` ``"`` ``بلومبرغ`` ``"`` ``:``).
3. A run of decimal digits (category ``Nd``, any script) is one token, split off adjacent letters
   (``2026.`` → ``2026`` ``.``; ``و2024`` → ``و`` ``2024``); ``2.5`` is three tokens by rule 2.
4. Everything else (letters, combining marks, tatweel U+0640, format characters such as ZWNJ or
   bidi marks) forms words. A word is then split after a leading proclitic cluster:

   * ``[وف]?[بلك]?`` (not empty) when the rest starts with «ال» and has at least two more
     letters: «والعراق» → «و» «العراق», «بالعراق» → «ب» «العراق», «وبالعراق» → «وب» «العراق»;
   * ``[وف]?ل`` when the rest starts with «ل» and has at least three letters: «لل» is ل + ال with
     the alef elided and only the first ل is the proclitic (guidelines §0): «للولايات» → «ل»
     «لولايات», «وللعراق» → «ول» «لعراق».

   Letters are matched with harakat, tatweel and format characters left out, and those written
   after the proclitic stay with it: «بـالعراق» → «بـ» «العراق», «وَالعراق» → «وَ» «العراق».
   The length guards keep short words that merely begin with these letters («والد», «بالغ», «لله»)
   whole; :data:`NOT_PROCLITIC` lists longer words where the split would be wrong («وكالة»,
   «والدة»).
   The rule is a heuristic, not a morphological analyser: rare words such as «والتر» are split.

The tokenizer looks at the text only, never at annotations, so the same tokens are produced for
the gold and for a system's input. :func:`tokenize_for` is the one exception, for the lossless
export of gold: it also cuts tokens at given span boundaries and says how often it had to.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

TOKENIZER_VERSION = "ar-tok-1"

_TATWEEL = "\u0640"
_ARTICLE = "ال"

NOT_PROCLITIC: frozenset[str] = frozenset({
    "وكالة", "وكالات", "وكالته", "وكالتها", "والدة", "والده", "والدته", "والدتها", "والدها", "والدي",
    "والديه", "بالغة", "بالغا",
})
"""Whole words (without marks) that look like proclitic + «ال…» but are not: «وكالة» (agency)…"""


@dataclass(frozen=True)
class Token:
    """A token and its half-open ``[start, end)`` code-point offsets; ``text == source[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Tokenization:
    """:func:`tokenize_for`'s result: the tokens, and how many cuts the span boundaries added."""

    tokens: list[Token]
    extra_splits: int
    """Span boundaries that fell inside a token of :func:`tokenize` (each made one extra cut)."""
    split_tokens: int
    """Tokens of :func:`tokenize` that were cut at least once."""


def is_punctuation(ch: str) -> bool:
    """A punctuation mark or a symbol (Unicode categories P*, S*): what separates tokens besides space."""
    return unicodedata.category(ch)[0] in "PS"


def _kind(ch: str) -> str:
    if ch.isspace():
        return "space"
    if is_punctuation(ch):
        return "punct"
    category = unicodedata.category(ch)
    if category == "Nd":
        return "digit"
    return "word"


def _skeleton(word: str) -> list[int]:
    """Indices of the base letters of ``word``: harakat, tatweel and format characters left out."""
    return [i for i, ch in enumerate(word)
            if ch != _TATWEEL and unicodedata.category(ch) not in ("Mn", "Me", "Cf")]


def _proclitic_length(word: str) -> int:
    """Length of the proclitic prefix of ``word`` that rule 4 splits off (0: no split)."""
    index = _skeleton(word)
    bare = "".join(word[i] for i in index)
    if bare in NOT_PROCLITIC:
        return 0
    first = 1 if bare[:1] in ("و", "ف") else 0
    candidates = [first + 1] if bare[first:first + 1] in ("ب", "ل", "ك") else []
    if first:
        candidates.append(first)
    # Longest cluster first: «وبالعراق» is «وب» + «العراق», not «و» + «بالعراق».
    for size in candidates:
        rest = bare[size:]
        # «لل…»: the second ل is the article's (its alef elided), so it stays with the noun.
        if (rest.startswith(_ARTICLE) and len(rest) >= 4) or (bare[size - 1] == "ل" and rest[:1] == "ل"
                                                                and len(rest) >= 3):
            # The proclitic keeps the marks and tatweel written after it («بـالعراق», «وَالعراق»).
            return index[size]
    return 0


def _runs(text: str) -> Iterable[tuple[int, int, str]]:
    """Maximal runs of one kind (each punctuation character alone), white space left out."""
    i = 0
    while i < len(text):
        kind = _kind(text[i])
        j = i + 1
        if kind != "punct":
            while j < len(text) and _kind(text[j]) == kind:
                j += 1
        if kind != "space":
            yield i, j, kind
        i = j


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` in order (see the module docstring for the rules)."""
    tokens: list[Token] = []
    for start, end, kind in _runs(text):
        cut = _proclitic_length(text[start:end]) if kind == "word" else 0
        if cut:
            tokens.append(Token(start, start + cut, text[start:start + cut]))
            start += cut
        tokens.append(Token(start, end, text[start:end]))
    return tokens


def tokenize_for(text: str, spans: Iterable[tuple[int, int]]) -> Tokenization:
    """:func:`tokenize`, plus a cut at every span boundary that falls inside a token.

    Used to export annotations losslessly: every ``(start, end)`` of ``spans`` then begins and ends
    on token boundaries (provided it neither begins nor ends with white space). Never apply this to
    a system's input: the cuts reveal where the annotations are.
    """
    boundaries = sorted({offset for span in spans for offset in span})
    tokens: list[Token] = []
    extra = split = 0
    k = 0
    for token in tokenize(text):
        while k < len(boundaries) and boundaries[k] <= token.start:
            k += 1
        cuts = []
        while k < len(boundaries) and boundaries[k] < token.end:
            cuts.append(boundaries[k])
            k += 1
        if not cuts:
            tokens.append(token)
            continue
        extra += len(cuts)
        split += 1
        edges = [token.start, *cuts, token.end]
        tokens.extend(Token(a, b, text[a:b]) for a, b in zip(edges, edges[1:]))
    return Tokenization(tokens=tokens, extra_splits=extra, split_tokens=split)
