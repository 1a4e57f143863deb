"""CoNLL / IOB2 files for the entity layer (Wojood style: nested mentions in several tag columns).

Writing (:func:`write_conll`)::

    -DOCSTART- doc-000
    <blank>
    قال<TAB>O<TAB>O
    رئيس<TAB>B-OCC<TAB>O
    الوزراء<TAB>I-OCC<TAB>O
    العراقي<TAB>I-OCC<TAB>B-NORP
    <blank>
    …next sentence…

* One token a line, then its tags, tab-separated: ``B-TYPE`` / ``I-TYPE`` / ``O`` (IOB2).
* Tokens come from :func:`bench.text.tokenize.tokenize_for` with the written mentions' boundaries, so
  every mention starts and ends on a token boundary and the export is lossless
  (:attr:`ExportStats.split_tokens` counts the tokens the plain tokenizer would have kept whole).
  Only a mention that begins or ends with white space (which the guidelines forbid) comes back
  without it.
* ``view="nested"``: tag column *k* holds the mentions at nesting depth *k* (depth 0 = outermost;
  a mention's depth is the number of mentions strictly containing it). Two mentions that cannot
  share a column (identical spans of different types, crossing spans) go to successive columns:
  the second one to the next column free over its span, and mentions inside it further right.
  Every line of a document has the same number of tag columns (padded with ``O``).
* ``view="outermost"``: one tag column with the outermost mentions
  (:func:`bench.matching.spans.outermost`); an outermost mention that overlaps one already
  written (an identical span of another type, a crossing span) cannot be written and is counted in
  :attr:`ExportStats.dropped`.
* Sentence units of :func:`bench.text.segments.sentence_starts` are separated by a blank line (except
  where a unit boundary falls inside a mention); each document starts with ``-DOCSTART- <id>`` and
  a blank line.

Reading (:func:`read_conll`) accepts the output of other taggers; the rules:

* Documents start at a ``-DOCSTART- <id>`` line or a ``# doc_id = <id>`` comment line. A
  ``-DOCSTART-`` without an id (or with CoNLL-2003's ``-X-``) only separates documents; the id must
  then come from a ``# doc_id`` line (``-DOCSTART- x`` then ``# doc_id = x`` is one document).
  Other lines starting with ``#`` are comments when they read
  ``# key = value`` or do not end with a tag; ``#`` followed by tags is the token ``#``.
* A token line is white-space separated fields (tabs or spaces): the token first, the tags last.
  Within a document every token line has the same number of fields; the tag columns are the last
  *n* fields, *n* being the largest number such that the last *n* fields of every token line are
  tags (``O`` or ``P-TYPE``). Fields between the token and the tags (POS, lemma…) are ignored;
  if the field just before the tags holds ``B-``/``I-`` tags on some lines, it is a tag column with
  a malformed tag, and that tag is reported.
  ``column`` selects one tag column (0 = the first tag column; a document with fewer tag columns
  has no mentions in it; the types of the other columns are not checked, so a CoNLL-2003 chunk
  column can be skipped); by default all are read (nested).
* **Wojood's layout** (:mod:`bench.io.wojood`): when the token lines of a document carry different
  numbers of fields and every field after the token is an IOB2 tag (``O`` alone), the fields are
  each token's tags, outermost mention first, as in the public Wojood sample; they are decoded one
  type at a time (:func:`nested_chunks`). Such a document has no tag columns, so ``column`` cannot
  select one.
* Blank lines end sentences: no mention crosses them.
* Chunking follows conlleval, as ``seqeval``'s default mode: ``B`` starts a mention, ``I``
  continues a mention of the same type and otherwise starts one (the lenient rule for an ``I``
  without a ``B``), ``E`` ends one, ``S`` is a one-token mention, a change of type ends the mention.
  IOB2, IOB1 (``I`` first, ``B`` only between adjacent mentions of a type) and BIOES/IOBES are
  therefore all read correctly; BILOU's ``L`` and ``U`` are read as ``E`` and ``S``.
* Types are the Wojood entity types of the entity layer. The other Wojood tags (DATE, TIME,
  CARDINAL, ORDINAL, PERCENT, QUANTITY, MONEY, UNIT, CURR) belong to the temporal and numeric layers
  here (guidelines §1.1): their mentions are read and left out. Any other type is an error.
* Tokens are placed by aligning them, in order, to the document text: white space is skipped, and a
  token matches the text verbatim or after :func:`bench.text.normalize.normalize` (so a tagger that
  folded alef/hamza, removed harakat or tatweel, or wrote ASCII digits still aligns; the
  marks and tatweel following a normalised match belong to its token). A mention covers its first
  token's start to its last token's end, and its ``text`` is that slice of the document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from bench.errors import InputError
from bench.io.atomic import replacing
from bench.io.predictions import each_known_once, known_document, offset_problem
from bench.matching.spans import Mention, outermost
from bench.schema.document import Document, GoldDocument
from bench.schema.entity import EntityPrediction
from bench.schema.labels import ENTITY_TYPES
from bench.schema.predictions import DocumentPrediction
from bench.text.normalize import normalize, normalize_with_offsets
from bench.text.segments import sentence_starts, unit_of
from bench.text.tokenize import Token, tokenize_for

DOCSTART = "-DOCSTART-"
OTHER_LAYER_TYPES: tuple[str, ...] = (
    "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "MONEY", "UNIT", "CURR",
)
"""Wojood tags that live in the temporal and numeric layers: read, and left out of the entities."""

_TAG = re.compile(r"^(?:O|[BIESLU]-\S+)$")
_PREFIXED = re.compile(r"^[BIESLU]-\S+$")
_IOB2 = re.compile(r"^(?:O|[BI]-\S+)$")
_COMMENT = re.compile(r"^#\s*([^\s=]+)\s*=\s*(.*?)\s*$")
_ANONYMOUS = ("-X-",)
_PREFIX_ALIASES = {"L": "E", "U": "S"}


@dataclass(frozen=True)
class ExportStats:
    """What :func:`write_conll` wrote."""

    documents: int = 0
    sentences: int = 0
    tokens: int = 0
    mentions: int = 0
    """Mentions written (each once, in its column)."""
    columns: int = 0
    """The most tag columns of any document."""
    split_tokens: int = 0
    """Tokens of the plain tokenizer that had to be cut at a mention boundary."""
    extra_splits: int = 0
    """Cuts made at mention boundaries (a token cut twice counts twice)."""
    dropped: int = 0
    """Mentions not written: in the outermost view, outermost mentions overlapping one already
    written; in both views, a mention that covers white space only."""


# -- writing ---------------------------------------------------------------------------------------

def entity_mentions(doc: Document, item: DocumentPrediction | GoldDocument) -> list[Mention]:
    """The entities of ``item`` as mentions; InputError when one has no offsets or does not match the text."""
    for index, entity in enumerate(item.entities):
        if entity.start is None:
            raise InputError(f"document '{item.id}': entity {index} ('{entity.text}') has no offsets; "
                             "CoNLL export needs them", field=f"entities.{index}.start")
    problem = offset_problem(doc, item)
    if problem:
        raise InputError(f"document '{item.id}': {problem[1]}", field=problem[0])
    return [Mention(e.start, e.end, e.type, i) for i, e in enumerate(item.entities)]


def _strictly_inside(inner: Mention, outer: Mention) -> bool:
    return (outer.start <= inner.start and inner.end <= outer.end
            and (outer.start, outer.end) != (inner.start, inner.end))


def tag_layout(mentions: list[Mention], view: str) -> tuple[list[list[Mention]], int]:
    """Mentions per tag column, and how many could not be placed."""
    columns: list[list[Mention]] = []
    placed: list[tuple[Mention, int]] = []
    dropped = 0
    chosen = outermost(mentions) if view == "outermost" else mentions
    # Containers sort before what they contain, so a mention's parents are placed before it.
    for m in sorted(chosen, key=lambda m: (m.start, -m.end, m.type, m.index)):
        parents = [c for p, c in placed if _strictly_inside(m, p)]
        lowest = 0 if view == "outermost" else max([len(parents), *(c + 1 for c in parents)])
        col = lowest
        while col < len(columns) and any(o.start < m.end and m.start < o.end for o in columns[col]):
            col += 1
        if view == "outermost" and col > 0:
            dropped += 1
            continue
        while len(columns) <= col:
            columns.append([])
        columns[col].append(m)
        placed.append((m, col))
    return columns, dropped


def write_conll(path: str | Path, documents: Mapping[str, Document],
                items: Iterable[DocumentPrediction | GoldDocument], *,
                view: Literal["nested", "outermost"]) -> ExportStats:
    """Write the entities of ``items`` (gold documents or predictions with offsets) to ``path``.

    ``documents`` gives each item's text. Raises :class:`InputError` for an unknown or repeated
    document, an entity without offsets, or offsets that do not match the text; ``path`` is then
    left as it was (the file is written next to it and moved into place at the end).
    """
    if view not in ("nested", "outermost"):
        raise ValueError(f"view must be 'nested' or 'outermost', not {view!r}")
    with replacing(path) as partial, open(partial, "w", encoding="utf-8", newline="\n") as handle:
        return _write(handle, documents, items, view)


def _write(handle: TextIO, documents: Mapping[str, Document], items: Iterable[DocumentPrediction | GoldDocument],
           view: str) -> ExportStats:
    stats = {key: 0 for key in ExportStats.__dataclass_fields__}
    for item in each_known_once(items, documents):
        doc = documents[item.id]
        columns, dropped = tag_layout(entity_mentions(doc, item), view)
        written = [m for col in columns for m in col]
        tokenization = tokenize_for(doc.text, [(m.start, m.end) for m in written])
        tokens = tokenization.tokens
        tags, blank = iob2_columns(tokens, columns)
        dropped += blank
        units = sentence_units(doc.text, written)
        handle.write(f"{DOCSTART} {item.id}\n\n")
        previous = None
        for i, token in enumerate(tokens):
            unit = unit_of(units, token.start)
            if previous is not None and unit != previous:
                handle.write("\n")
                stats["sentences"] += 1
            previous = unit
            handle.write("\t".join([token.text, *(col[i] for col in tags)]) + "\n")
        if tokens:
            handle.write("\n")
            stats["sentences"] += 1
        stats["documents"] += 1
        stats["tokens"] += len(tokens)
        stats["mentions"] += len(written) - blank
        stats["columns"] = max(stats["columns"], len(tags))
        stats["split_tokens"] += tokenization.split_tokens
        stats["extra_splits"] += tokenization.extra_splits
        stats["dropped"] += dropped
    return ExportStats(**stats)


def iob2_columns(tokens: list[Token], columns: list[list[Mention]]) -> tuple[list[list[str]], int]:
    """The tag columns, and how many mentions cover no token (white space only: not written)."""
    starts = [t.start for t in tokens]
    out = []
    blank = 0
    for col in columns or [[]]:
        tags = ["O"] * len(tokens)
        for m in col:
            first = bisect_left(starts, m.start)
            inside = range(first, bisect_left(starts, m.end))
            blank += not inside
            for k in inside:
                tags[k] = ("B-" if k == first else "I-") + m.type
        out.append(tags)
    return out, blank


def sentence_units(text: str, mentions: list[Mention]) -> list[int]:
    """Sentence unit starts, leaving out those inside a mention (a mention never spans a blank line)."""
    return [s for s in sentence_starts(text) if not any(m.start < s < m.end for m in mentions)]


# -- reading ---------------------------------------------------------------------------------------

@dataclass
class _Block:
    """One document's lines as read: token lines ``(line, fields)`` and ``None`` for a blank line."""

    doc_id: str
    line: int
    rows: list[tuple[int, list[str]] | None] = field(default_factory=list)

    @property
    def has_tokens(self) -> bool:
        return any(row is not None for row in self.rows)


def _read_lines(path: str | Path) -> list[str]:
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=name) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 at byte {exc.start}", file=name,
                         line=data.count(b"\n", 0, exc.start) + 1) from None
    # Split on \n only: str.splitlines would also break at U+2028, U+0085… inside a line.
    return [line.removesuffix("\r") for line in text.split("\n")]


def _blocks(path: str | Path, documents: Mapping[str, Document]) -> list[_Block]:
    name = str(path)
    blocks: list[_Block] = []
    seen: dict[str, str] = {}
    current: _Block | None = None

    def start(doc_id: str, number: int, field_name: str) -> _Block:
        known_document(doc_id, documents, seen, at=str(number), again="already starts on line {where}", file=name,
                       line=number, field=field_name)
        block = _Block(doc_id, number)
        blocks.append(block)
        return block

    for number, line in enumerate(_read_lines(path), start=1):
        fields = line.split()
        if not fields:
            if current is not None:
                current.rows.append(None)
            continue
        if fields[0] == DOCSTART:
            current = None
            if len(fields) > 1 and fields[1] not in _ANONYMOUS:
                current = start(fields[1], number, "doc_id")
            continue
        if fields[0].startswith("#"):
            comment = _COMMENT.match(line.strip())
            if comment and comment.group(1) == "doc_id":
                doc_id = comment.group(2)
                # «-DOCSTART- x» directly followed by «# doc_id = x» names one document, not two.
                if current is None or current.doc_id != doc_id or current.has_tokens:
                    current = start(doc_id, number, "doc_id")
                continue
            if comment or len(fields) < 2 or not _TAG.match(fields[-1]):
                continue
        if current is None:
            raise InputError(f"token '{fields[0]}' before any document id (a '-DOCSTART- <id>' or "
                             "'# doc_id = <id>' line)", file=name, line=number)
        current.rows.append((number, fields))
    return blocks


def _wojood_layout(rows: list[tuple[int, list[str]]]) -> bool:
    """Every field after the token is an IOB2 tag, ``O`` standing alone (Wojood's nested layout)."""
    return all(len(fields) > 1 and all(_IOB2.match(f) for f in fields[1:])
               and ("O" not in fields[1:] or len(fields) == 2) for _, fields in rows)


def _tag_count(block: _Block, name: str) -> int | None:
    """How many of the last fields of every token line are tags (see the module docstring), or
    None for Wojood's layout (a varying number of tags per token line, all of them tags)."""
    rows = [row for row in block.rows if row is not None]
    if not rows:
        return 0
    width = len(rows[0][1])
    if any(len(fields) != width for _, fields in rows) and _wojood_layout(rows):
        return None
    for number, fields in rows:
        if len(fields) != width:
            raise InputError(f"{len(fields)} fields, but the first token line of document "
                             f"'{block.doc_id}' (line {rows[0][0]}) has {width}", file=name, line=number)
        if width < 2:
            raise InputError(f"token '{fields[0]}' has no tag", file=name, line=number, field="tag")
    count = width - 1
    for number, fields in rows:
        run = 0
        while run < count and _TAG.match(fields[-1 - run]):
            run += 1
        if run == 0:
            raise InputError(f"'{fields[-1]}' is not a tag (O, or B-/I-/E-/S- and a type)", file=name,
                             line=number, field="tag")
        count = min(count, run)
    # A column that holds B-/I- tags but is not a tag column has a malformed tag somewhere.
    if count < width - 1:
        position = -1 - count
        if any(_PREFIXED.match(fields[position]) for _, fields in rows):
            bad = next((n, f) for n, f in rows if not _TAG.match(f[position]))
            raise InputError(f"'{bad[1][position]}' is not a tag (O, or B-/I-/E-/S- and a type)",
                             file=name, line=bad[0], field="tag")
    return count


def chunks(tags: list[tuple[int, str] | None], name: str) -> list[tuple[str, int, int]]:
    """``(type, first, last)`` token indices of the mentions in one tag column (conlleval rules).

    ``tags`` has ``(line, tag)`` per token and ``None`` at sentence breaks, which close mentions.
    """
    chunks: list[tuple[str, int, int]] = []
    prev_prefix, prev_type, begin, index = "O", "", 0, 0
    for entry in [*tags, None]:
        if entry is None:
            prefix, type_ = "O", ""
        else:
            number, tag = entry
            prefix, type_ = ("O", "") if tag == "O" else (_PREFIX_ALIASES.get(tag[0], tag[0]), tag[2:])
            if prefix != "O" and type_ not in ENTITY_TYPES and type_ not in OTHER_LAYER_TYPES:
                raise InputError(f"unknown entity type '{type_}' in tag '{tag}' (types: "
                                 f"{', '.join(ENTITY_TYPES)})", file=name, line=number, field="tag")
        inside = prev_prefix != "O"
        ends = inside and (prev_prefix in "ES" or prefix in "BSO" or prev_type != type_)
        starts = prefix != "O" and (prefix in "BS" or prev_prefix in "ESO" or prev_type != type_)
        if ends:
            chunks.append((prev_type, begin, index - 1))
        if starts:
            begin = index
        prev_prefix, prev_type = prefix, type_
        if entry is not None:
            index += 1
    return chunks

def nested_chunks(rows: list[tuple[int, list[str]] | None], name: str) -> list[tuple[str, int, int]]:
    """``(type, first, last)`` token indices of the mentions of a document in Wojood's layout.

    ``rows`` has ``(line, tags)`` per token (its tags in file order, ``O`` allowed) and ``None`` at
    a sentence break, which closes every mention. Types are decoded one at a time, as Wojood's
    nested tagger predicts them (one IOB2 sequence per type): a token with *n* ``I-X`` tags
    continues the *n* outermost open mentions of type X and closes the others, and each ``B-X``
    opens one (so an ORG inside an ORG, as in the sample, reads back as two mentions).
    """
    found: list[tuple[str, int, int]] = []
    open_: dict[str, list[int]] = {}
    index = 0

    def close(label: str, keep: int, at: int) -> None:
        for begin in open_[label][keep:]:
            found.append((label, begin, at - 1))
        open_[label] = open_[label][:keep]

    for row in [*rows, None]:
        if row is None:
            for label in list(open_):
                close(label, 0, index)
            continue
        number, tags = row
        for tag in tags:
            if tag != "O" and tag[2:] not in ENTITY_TYPES and tag[2:] not in OTHER_LAYER_TYPES:
                raise InputError(f"unknown entity type '{tag[2:]}' in tag '{tag}' (types: "
                                 f"{', '.join(ENTITY_TYPES)})", file=name, line=number, field="tag")
        continuing: dict[str, int] = {}
        for tag in tags:
            if tag.startswith("I-"):
                continuing[tag[2:]] = continuing.get(tag[2:], 0) + 1
        for label in list(open_):
            close(label, continuing.get(label, 0), index)
        for tag in tags:
            label = tag[2:]
            # An I- with nothing open to continue starts a mention (conlleval's lenient rule).
            if tag.startswith("B-") or (tag.startswith("I-") and len(open_.get(label, [])) < continuing[label]):
                open_.setdefault(label, []).append(index)
        index += 1
    return sorted(found, key=lambda c: (c[1], -c[2], c[0]))



class _Aligner:
    """Places tokens, in order, on the document text (verbatim, else after normalisation)."""

    def __init__(self, doc: Document, name: str) -> None:
        self.doc, self.name, self.text = doc, name, doc.text
        self.norm, self.origin = normalize_with_offsets(doc.text)
        self.pos = 0

    def place(self, token: str, number: int) -> tuple[int, int]:
        text = self.text
        i = self.pos
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith(token, i):
            self.pos = i + len(token)
            return i, self.pos
        wanted = normalize(token)
        q = bisect_left(self.origin, i)
        while q < len(self.norm) and self.norm[q] == " ":
            q += 1
        if wanted and self.norm.startswith(wanted, q):
            end = self.origin[q + len(wanted) - 1] + 1
            # Marks and tatweel after the last letter are part of the word the tagger normalised.
            while end < len(text) and not text[end].isspace() and not normalize(text[end]):
                end += 1
            self.pos = end
            return self.origin[q], end
        raise InputError(f"token '{token}' does not match the text of document '{self.doc.id}' at offset "
                         f"{i} ('{text[i:i + 20]}')", file=self.name, line=number, field="token")


def read_conll(path: str | Path, documents: Mapping[str, Document], *,
               column: int | None = None) -> list[DocumentPrediction]:
    """Entity predictions from a CoNLL/IOB file (rules in the module docstring), in file order.

    ``column`` reads only that tag column (0-based); the default reads all of them (nested).
    Raises :class:`InputError` naming the file, line and field of the first problem.
    """
    if column is not None and column < 0:
        raise ValueError(f"column must be >= 0, not {column}")
    name = str(path)
    blocks = _blocks(path, documents)
    counts = [_tag_count(block, name) for block in blocks]
    if column is not None and None in counts:
        block = blocks[counts.index(None)]
        raise InputError(f"column {column} asked for, but document '{block.doc_id}' is in Wojood's layout "
                         "(each token's tags on its line), which has no tag columns", file=name,
                         line=block.line, field="column")
    widest = max((c for c in counts if c is not None), default=0)
    if column is not None and blocks and column >= widest:
        raise InputError(f"column {column} asked for, but no document has more than {widest} tag "
                         "column(s)", file=name, field="column")
    out = []
    for block, count in zip(blocks, counts):
        doc = documents[block.doc_id]
        rows = [row for row in block.rows if row is not None]
        aligner = _Aligner(doc, name)
        spans = [aligner.place(fields[0], number) for number, fields in rows]
        found: list[tuple[str, int, int, int]] = []
        if count is None:
            found = [(type_, first, last, 0) for type_, first, last in
                     nested_chunks([None if row is None else (row[0], row[1][1:]) for row in block.rows], name)]
        # A document with fewer tag columns has no mentions in the missing ones (the writer pads
        # each document only to its own depth).
        selected = [] if count is None else range(count) if column is None else [column] if column < count else []
        for k in selected:
            offset = len(rows[0][1]) - count + k if rows else 0
            tags = [None if row is None else (row[0], row[1][offset]) for row in block.rows]
            found += [(type_, first, last, k) for type_, first, last in chunks(tags, name)]
        entities = {(spans[first][0], spans[last][1], type_, k)
                    for type_, first, last, k in found if type_ in ENTITY_TYPES}
        ordered = sorted(entities)
        out.append(DocumentPrediction(id=block.doc_id, entities=tuple(
            EntityPrediction(start=s, end=e, text=doc.text[s:e], type=t) for s, e, t, _ in ordered)))
    return out
