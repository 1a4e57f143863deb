"""Wojood's own CoNLL layout: whitespace tokens, and each token's nested tags on its line.

The public Wojood sample (github SinaLab/ArabicNER, ``data/*.txt``) writes one token a line
followed by all its IOB2 tags, outermost mention first, separated by spaces, and ``O`` alone for a
token outside every mention::

    مراسلة O
    سكرتير B-OCC
    اللجنة I-OCC B-ORG
    القومية I-OCC I-ORG

Its tokens are the white-space tokens of the text with punctuation split off («"داعش"،» is
``"``, ``داعش``, ``"``, ``،``), so a proclitic stays on its word: «وبغداد» is one token, and a
mention that starts after a proclitic starts, in Wojood, at the proclitic. :func:`write_wojood`
writes the gold that way (each mention widened to whole tokens: only a leading proclitic cluster
is ever added, which the ``clitic`` boundary rule of :mod:`bench.matching.boundary` forgives), and
:func:`bench.io.conll.read_conll` reads the layout back (a document whose token lines carry
different numbers of tags is in this layout; :func:`bench.io.conll.nested_chunks` decodes it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.io.atomic import replacing
from bench.io.conll import DOCSTART, entity_mentions, sentence_units
from bench.io.predictions import each_known_once
from bench.matching.spans import Mention
from bench.schema.document import Document, GoldDocument
from bench.schema.predictions import DocumentPrediction
from bench.text.segments import unit_of
from bench.text.tokenize import Token, is_punctuation


def whitespace_tokens(text: str) -> list[Token]:
    """White-space tokens with each punctuation mark or symbol split off as a token of its own."""
    tokens: list[Token] = []
    start = None
    for i, ch in enumerate([*text, " "]):
        if ch.isspace() or is_punctuation(ch):
            if start is not None:
                tokens.append(Token(start, i, text[start:i]))
                start = None
            if not ch.isspace():
                tokens.append(Token(i, i + 1, ch))
        elif start is None:
            start = i
    return tokens


@dataclass(frozen=True)
class WojoodExportStats:
    """What :func:`write_wojood` wrote."""

    documents: int = 0
    sentences: int = 0
    tokens: int = 0
    mentions: int = 0
    widened: int = 0
    """Mentions that start after a proclitic, so begin earlier in the file (at their token)."""
    merged: int = 0
    """Mentions not written: once widened to whole tokens, the same tokens and type as another."""


def write_wojood(path: str | Path, documents: Mapping[str, Document],
                 items: Iterable[DocumentPrediction | GoldDocument]) -> WojoodExportStats:
    """Write the entities of ``items`` in Wojood's layout (module docstring) to ``path``.

    Each document starts with ``-DOCSTART- <id>`` (Wojood's files have no ids; the reader needs
    them). The file is written beside ``path`` and moved into place at the end.
    """
    counts = dict.fromkeys(WojoodExportStats.__dataclass_fields__, 0)
    with replacing(path) as partial, open(partial, "w", encoding="utf-8", newline="\n") as handle:
        for item in each_known_once(items, documents):
            doc = documents[item.id]
            lines, stats = _document_lines(doc, entity_mentions(doc, item))
            handle.write(f"{DOCSTART} {item.id}\n\n" + "".join(lines))
            for key, value in stats.items():
                counts[key] += value
            counts["documents"] += 1
    return WojoodExportStats(**counts)


def _document_lines(doc: Document, mentions: list[Mention]) -> tuple[list[str], dict[str, int]]:
    tokens = whitespace_tokens(doc.text)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    ranges: dict[tuple[int, int, str], Mention] = {}
    widened = 0
    for m in sorted(mentions, key=lambda m: (m.start, -m.end, m.type)):
        first = bisect_right(ends, m.start)
        last = bisect_left(starts, m.end) - 1
        if first > last:
            continue
        widened += tokens[first].start < m.start
        ranges.setdefault((first, last, m.type), m)
    # Outermost first on each line: longer ranges before the ranges they contain.
    order = sorted(ranges, key=lambda r: (r[0], -r[1], r[2]))
    tags: list[list[str]] = [[] for _ in tokens]
    for first, last, type_ in order:
        for k in range(first, last + 1):
            tags[k].append(("B-" if k == first else "I-") + type_)
    units = sentence_units(doc.text, [ranges[r] for r in order])
    lines: list[str] = []
    sentences = 0
    previous = None
    for token, token_tags in zip(tokens, tags):
        unit = unit_of(units, token.start)
        if previous is not None and unit != previous:
            lines.append("\n")
            sentences += 1
        previous = unit
        lines.append(" ".join([token.text, *(token_tags or ["O"])]) + "\n")
    if tokens:
        lines.append("\n")
        sentences += 1
    stats = {"sentences": sentences, "tokens": len(tokens), "mentions": len(ranges),
             "widened": widened, "merged": len(mentions) - len(ranges)}
    return lines, stats

