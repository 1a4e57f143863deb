"""Arabic text normalisation for comparing strings (never for offsets).

Version :data:`NORMALIZATION_VERSION` applies, in order, per code point:

0. replaces Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE: contextual letter shapes and
   ligatures such as ﻻ or ﷲ) by their NFKC decomposition, whose characters then go through the
   steps below;
1. removes harakat and Quranic marks (U+0610–U+061A, U+064B–U+065F, U+0670, U+06D6–U+06ED),
   tatweel (U+0640), bidi and zero-width controls (U+061C Arabic letter mark, U+200B–U+200F,
   U+202A–U+202E, U+2066–U+2069, U+FEFF);
2. folds alef forms (أ إ آ ٱ) to ا, alef maqsura ى to ي, ta marbuta ة to ه, hamza on
   waw/ya (ؤ ئ) to ء, Farsi yeh ی and kaf ک to ي and ك;
3. maps Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits to ASCII digits;
4. folds quotes (“ ” „ « » ‘ ’ ′ ″ ٬-like marks) to ``"`` or ``'`` and dashes (‐ ‑ ‒ – — ― −) to ``-``;
5. turns every Unicode white space (incl. U+00A0 no-break space) into one ASCII space, collapses
   runs, and strips both ends; Latin letters are lower-cased.

:func:`normalize_with_offsets` also returns, for each output character, the index of the input
character it came from, so a match in normalised text maps back to original offsets.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

NORMALIZATION_VERSION = "ar-2"
"""``ar-2`` added presentation forms (step 0) and U+061C to ``ar-1``."""

_REMOVE = set(range(0x0610, 0x061B)) | set(range(0x064B, 0x0660)) | {0x0670, 0x0640}
_REMOVE |= set(range(0x06D6, 0x06EE)) | set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F))
_REMOVE |= set(range(0x2066, 0x206A)) | {0xFEFF, 0x061C}


def _presentation_form(ch: str) -> bool:
    code = ord(ch)
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE


_MAP: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "ء", "ئ": "ء", "ی": "ي", "ک": "ك",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"', "‟": '"',
    "‘": "'", "’": "'", "‚": "'", "′": "'", "‛": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)
    _MAP[chr(0x06F0 + _i)] = str(_i)


def _fold(ch: str) -> str:
    if ord(ch) in _REMOVE:
        return ""
    if ch in _MAP:
        return _MAP[ch]
    if ch.isspace():
        return " "
    if "A" <= ch <= "Z":
        return ch.lower()
    return ch


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return ``(normalised, origin)``.

    ``origin[i]`` is the index in ``text`` of the character that produced ``normalised[i]``.
    """
    # Decomposed hamza (alef + U+0654) needs no composition: the combining mark is removed and
    # the alef folds like the composed letter would.
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        # A presentation form may stand for several letters (ﻻ is لا): each output letter keeps
        # the form's index as its origin, so matches still map back to whole input characters.
        parts = unicodedata.normalize("NFKC", ch) if _presentation_form(ch) else ch
        for part in parts:
            folded = _fold(part)
            if not folded or (folded == " " and (not out or out[-1] == " ")):
                continue
            out.append(folded)
            origin.append(index)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """The normalised form of ``text`` (see the module docstring); field values repeat, so the
    forms are kept (a bounded cache)."""
    return normalize_with_offsets(text)[0]


@lru_cache(maxsize=8)
def _normalized_text(text: str) -> tuple[str, list[int]]:
    """:func:`normalize_with_offsets` of a text searched many times (one document's predictions);
    the caller never changes the list."""
    return normalize_with_offsets(text)


def find_occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Half-open original offsets of every normalised occurrence of ``needle`` in ``text``.

    Occurrences may overlap and always cover whole input characters (half of a ligature is no
    match); matches that start or end inside a word are kept, since Arabic
    proclitics attach to the next word (``والعراق`` contains the mention ``العراق``). An occurrence
    extends over the removed characters (harakat, tatweel, zero-width marks) that follow its last
    letter, so ``عاما`` found in ``عاماً`` covers the tanwin.
    """
    norm_text, origin = _normalized_text(text)
    norm_needle = normalize(needle)
    if not norm_needle:
        return []
    found = []
    start = norm_text.find(norm_needle)
    while start != -1:
        last = start + len(norm_needle) - 1
        # A match must cover whole input characters: never half of a ligature such as ﻻ (لا).
        if (start > 0 and origin[start - 1] == origin[start]) or (
                last + 1 < len(origin) and origin[last + 1] == origin[last]):
            start = norm_text.find(norm_needle, start + 1)
            continue
        end = origin[last] + 1
        while end < len(text) and ord(text[end]) in _REMOVE:
            end += 1  # marks and tatweel after the last letter belong to the word («عاماً»)
        found.append((origin[start], end))
        start = norm_text.find(norm_needle, start + 1)
    return found
