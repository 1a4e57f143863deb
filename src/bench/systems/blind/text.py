"""Tokens on normalised text, proclitic analysis and the map back to original offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bench.text.normalize import normalize, normalize_with_offsets

_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
TOKEN_RE = re.compile(rf"[{_LETTERS}]+|[0-9]+(?:[.,\u066b\u066c][0-9]+)*")
# harakat, Quranic marks and tatweel after a word's last letter belong to the word («عاماً»)
_MARKS = set(range(0x0610, 0x061B)) | set(range(0x064B, 0x0660)) | {0x0670, 0x0640}
PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_SENTENCE_END = set(".!?؟;؛\n")
_CLAUSE_END = _SENTENCE_END | set("،,:")


def norm(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase as a tuple of normalised tokens."""
    return tuple(m.group() for m in TOKEN_RE.finditer(normalize(phrase)))


def stems(word: str) -> Iterator[tuple[int, str]]:
    """``(offset, key)`` readings of ``word``: the word itself, then without each proclitic cluster.

    After a proclitic ending in ل, a stem starting with ل is also read with the article's alef
    restored («للعراق» = ل + «العراق», the span starting at the second ل).
    """
    for prefix in PROCLITICS:
        stem = word[len(prefix):]
        if not word.startswith(prefix) or len(stem) < 2:
            continue
        yield len(prefix), stem
        if prefix.endswith("ل") and stem.startswith("ل") and not stem.startswith("ال"):
            yield len(prefix), "ا" + stem


def bare(key: str) -> str:
    """A key without the article."""
    return key[2:] if key.startswith("ال") and len(key) > 3 else key


@dataclass(frozen=True)
class Token:
    """A token of the normalised text: its index, text and span in that text."""

    i: int
    text: str  # normalised
    s: int  # start in the normalised text
    e: int  # end in the normalised text


class Text:
    """A document's normalised text, its tokens, and sentence/clause ids per token."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.norm, self.origin = normalize_with_offsets(raw)
        self.tokens = [Token(i, m.group(), m.start(), m.end()) for i, m in enumerate(TOKEN_RE.finditer(self.norm))]
        self.sentence: list[int] = []
        self.clause: list[int] = []
        sent = clause = 0
        for tok in self.tokens:
            gap = set(self.gap(tok.i))
            sent += bool(gap & _SENTENCE_END)
            clause += bool(gap & _CLAUSE_END)
            self.sentence.append(sent)
            self.clause.append(clause)
        self.in_sentence: dict[int, list[int]] = {}
        self.in_clause: dict[int, list[int]] = {}
        for k, (sent_id, clause_id) in enumerate(zip(self.sentence, self.clause)):
            self.in_sentence.setdefault(sent_id, []).append(k)
            self.in_clause.setdefault(clause_id, []).append(k)

    def __len__(self) -> int:
        return len(self.tokens)

    def word(self, i: int) -> str:
        """Normalised token ``i``, or "" outside the text (so rules may look one word past either end)."""
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def gap(self, i: int) -> str:
        """Normalised characters between token ``i - 1`` and token ``i`` (up to the ends of the text)."""
        start = self.tokens[i - 1].e if 0 < i <= len(self.tokens) else 0
        return self.norm[start:self.tokens[i].s] if 0 <= i < len(self.tokens) else self.norm[start:]

    def joined(self, i: int) -> bool:
        """Token ``i`` follows token ``i - 1`` after one plain space."""
        return 0 < i < len(self.tokens) and self.gap(i) == " "

    def span(self, i: int, j: int, off: int = 0) -> tuple[int, int, str]:
        """Original ``(start, end, text)`` of tokens ``i..j`` (inclusive), skipping ``off`` letters of token i."""
        start = self.origin[self.tokens[i].s + off]
        end = self.origin[self.tokens[j].e - 1] + 1
        while end < len(self.raw) and ord(self.raw[end]) in _MARKS:
            end += 1
        return start, end, self.raw[start:end]

    def match(self, i: int, table: dict[str, list[tuple[tuple[str, ...], object]]],
              proclitics: bool = True) -> tuple[int, int, object] | None:
        """Longest lexicon phrase starting at token ``i``: ``(offset, last token, payload)``."""
        if i >= len(self.tokens):
            return None
        best = None
        readings = stems(self.tokens[i].text) if proclitics else [(0, self.tokens[i].text)]
        for off, key in readings:
            for rest, payload in table.get(key, ()):
                j = i + len(rest)
                if j < len(self.tokens) and all(self.joined(i + k + 1) and self.tokens[i + k + 1].text == w
                                                for k, w in enumerate(rest)):
                    if best is None or j > best[1]:
                        best = (off, j, payload)
                    break  # entries are sorted longest first
            if best is not None:
                break
        return best

    def stem_in(self, i: int, words: set[str] | dict) -> tuple[int, str] | None:
        """The first reading of token ``i`` found in ``words``."""
        if not 0 <= i < len(self.tokens):
            return None
        return next(((off, key) for off, key in stems(self.tokens[i].text) if key in words), None)


def table(entries: dict[tuple[str, ...], object]) -> dict[str, list[tuple[tuple[str, ...], object]]]:
    """Index phrases by first token, longest first (for :meth:`Text.match`)."""
    out: dict[str, list[tuple[tuple[str, ...], object]]] = {}
    for phrase in sorted(entries, key=lambda p: (-len(p), p)):
        if phrase:
            out.setdefault(phrase[0], []).append((phrase[1:], entries[phrase]))
    return out
