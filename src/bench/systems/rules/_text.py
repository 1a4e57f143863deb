"""Text view shared by the three layers: normalised text, tokens, offsets back to the original.

All rules match on :func:`bench.normalize.normalize_with_offsets` output, so spelling variants
(hamza forms, ta marbuta, alef maqsura, harakat, tatweel, Arabic-Indic digits) need one entry only;
every match is mapped back to code-point offsets of the original text before it is returned.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bench.normalize import normalize, normalize_with_offsets

# letters (any script), digit runs, or one punctuation/symbol character
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]|_")
PROCLITIC_PREFIX = r"(?<!\w)(?:[وف][بلك]?|[بلك])??"
"""Regex prefix for an optional proclitic cluster, tried empty first so whole words win."""
SENTENCE_END = ".!?؟\n"
CLAUSE_END = SENTENCE_END + "،؛;:,"


def n(text: str) -> str:
    """Normalised form of a lexicon entry (entries are written in ordinary Arabic spelling)."""
    return normalize(text)


def nset(*words: str) -> frozenset[str]:
    return frozenset(n(w) for w in words)


@dataclass(frozen=True)
class Tok:
    i: int
    start: int  # offsets into the normalised text
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_num(self) -> bool:
        return self.text[0].isdigit()


def splits(word: str) -> list[tuple[int, str]]:
    """Ways to read ``word`` as proclitics + word: ``(offset where the mention starts, lookup form)``.

    The whole word comes first. Proclitics are و/ف then ب/ل/ك (guidelines §0); for «لل» only the
    first ل is the proclitic and the lookup form gets its elided alef back («للعراق» → «لعراق»,
    looked up as «العراق»).
    """
    out = [(0, word)]
    i = 0
    if word[:1] in ("و", "ف") and len(word) >= 3:
        i = 1
        out.append((1, word[1:]))
    if word[i:i + 1] in ("ب", "ل", "ك") and len(word) - i - 1 >= 2:
        rest = word[i + 1:]
        out.append((i + 1, rest))
        if word[i] == "ل" and rest.startswith("ل") and not rest.startswith("ال"):
            out.append((i + 1, "ا" + rest))
    return out


class View:
    """A document's text seen through normalisation, with tokens and offset mapping."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.origin = normalize_with_offsets(text)
        self.toks = [Tok(k, m.start(), m.end(), m.group()) for k, m in enumerate(_TOKEN_RE.finditer(self.norm))]
        self._by_start = {t.start: t.i for t in self.toks}
        self._by_end = {t.end: t.i for t in self.toks}
        # normalisation turns line breaks into spaces; keep them for sentence bounds
        chars = list(self.norm)
        for k, ch in enumerate(chars):
            if ch == " ":
                nxt = self.origin[k + 1] if k + 1 < len(self.origin) else len(text)
                if "\n" in text[self.origin[k]:nxt]:
                    chars[k] = "\n"
        self._marks = "".join(chars)

    def __len__(self) -> int:
        return len(self.toks)

    def word(self, i: int) -> str:
        """Token text, or '' outside the document (so look-ahead needs no bounds checks)."""
        return self.toks[i].text if 0 <= i < len(self.toks) else ""

    def tok_starting(self, pos: int) -> int | None:
        return self._by_start.get(pos)

    def tok_ending(self, pos: int) -> int | None:
        return self._by_end.get(pos)

    def tok_at(self, pos: int) -> int | None:
        """Index of the token containing normalised position ``pos``."""
        for t in self.toks:  # documents are short; a scan keeps this simple
            if t.start <= pos < t.end:
                return t.i
        return None

    def glued(self, i: int, j: int) -> bool:
        """True when token ``j`` follows token ``i`` with no space between them."""
        return 0 <= i < len(self.toks) and 0 <= j < len(self.toks) and self.toks[i].end == self.toks[j].start

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalised span; trailing harakat and tanwin are kept."""
        o_start = self.origin[start]
        o_end = self.origin[end - 1] + 1
        while o_end < len(self.text) and unicodedata.category(self.text[o_end]) == "Mn":
            o_end += 1
        return o_start, o_end

    def bounds(self, pos: int, stops: str) -> tuple[int, int]:
        """Normalised ``[start, end)`` of the sentence or clause (``stops``) around ``pos``."""
        start = pos
        while start > 0 and self._marks[start - 1] not in stops:
            start -= 1
        end = pos
        while end < len(self._marks) and self._marks[end] not in stops:
            end += 1
        return start, end
