"""brat standoff export and import, so annotations can be viewed and corrected in brat or INCEpTION.

The format is the brat standoff format (https://brat.nlplab.org/standoff.html): for every document
a ``<id>.txt`` holding the text and a ``<id>.ann`` holding one annotation a line, plus an
``annotation.conf`` (and ``visual.conf``) that declares the types (https://brat.nlplab.org/configuration.html).

Mapping (``<n>`` and ``<k>`` count from 1 within each ``.ann``)::

    entity         T<n>\\t<TYPE> <start> <end>\\t<text>                  TYPE: PERS, ORG, GPE, ...
      gold name    #<k>\\tAnnotatorNotes T<n>\\tcanonical=<canonical>     (read back as ``canonical``)
    TIMEX3         T<n>\\tTIMEX3_<TYPE> <start> <end>\\t<text>           TIMEX3_DATE, TIMEX3_TIME,
                                                                        TIMEX3_DURATION, TIMEX3_SET
      fields       #<k>\\tAnnotatorNotes T<n>\\tvalue=<value> mod=<mod>  (each part only when set)
    numeric claim  T<n>\\tNUMERIC <start> <end>\\t<text>
      fields       #<k>\\tAnnotatorNotes T<n>\\t<compact JSON object of the non-null fields among
                   value, value_min, value_max, qualifier, unit, subject, time, location, source,
                   modality, in that order>

Offsets are the schema's own: half-open ``[start, end)`` Unicode code-point offsets, and the text
field equals ``doc.text[start:end]``. brat's server indexes the document as a decoded Python
string, i.e. by code point, so no conversion is needed. (Tools that count UTF-16 code units would
disagree after a character outside the Basic Multilingual Plane; the gold texts contain none.)

Decisions:

* Writing sorts each document's items (entities, then TIMEX3, then numeric claims; each by start,
  longest first, then type and fields) and numbers them in that order, each note right after its
  ``T`` line, so the same annotations always give the same bytes whatever their input order.
* Writing refuses, with an :class:`~bench.errors.InputError` naming the document and the item, a
  prediction without offsets (a string-only prediction has no place in standoff), offsets that
  miss the text, and a span text or canonical name containing a line break (``\\n``, ``\\r`` or any
  other character :meth:`str.splitlines` splits at): a ``T`` line cannot hold one, and brat's
  line reader splits at all of them. Nothing is written when anything is refused. Files already in
  the folder that the call does not write are left alone.
* Reading takes every ``*.ann`` directly in the folder (not in subfolders); each file name must be
  a known document id. A missing ``.ann`` means the document is absent from the result, not that it
  has no predictions: :func:`bench.scoring.score` then refuses it unless ``allow_missing`` is set,
  as for a predictions file without that line. An empty ``.ann`` means no predictions (brat always
  writes one, empty when nothing is annotated). A folder without any ``.ann`` is an error.
* A ``.txt`` beside an ``.ann`` must equal the document text exactly (no newline translation);
  a missing ``.txt`` is fine, the documents given are the reference.
* ``T`` and ``#`` lines are parsed; relation, event, attribute, modifier, normalisation and
  equivalence lines (``R``, ``E``, ``A``, ``M``, ``N``, ``*``) are skipped, as are blank lines. A
  discontinuous span (``start end;start end``) is refused, since the schema's spans are contiguous.
  A note ``canonical=<name>`` on an entity gives its canonical name (at most one); other notes on
  entities are free comments and skipped. A TIMEX3 or numeric item takes at most one note, parsed
  strictly. Notes
  whose type is not ``AnnotatorNotes``, or that point at a non-``T`` annotation, are skipped.
* The result has one :class:`DocumentPrediction` per ``.ann``, sorted by document id, items in file
  order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.errors import InputError
from bench.io.gold import read_text
from bench.io.jsonl import validate_line
from bench.io.predictions import known_document
from bench.schema.document import Document, GoldDocument
from bench.schema.entity import EntityPrediction
from bench.schema.labels import ENTITY_TYPES, TIMEX_TYPES
from bench.schema.numeric import ClaimFields, NumericPrediction
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import TimexPrediction

__all__ = ["read_brat", "write_brat"]

TIMEX_PREFIX = "TIMEX3_"
NUMERIC_TYPE = "NUMERIC"
NOTE_TYPE = "AnnotatorNotes"
CLAIM_FIELDS: tuple[str, ...] = tuple(ClaimFields.model_fields)

_LAYERS = ("entities", "timex", "numeric")
_TYPE_LAYER: dict[str, str] = {
    **{t: "entities" for t in ENTITY_TYPES},
    **{TIMEX_PREFIX + t: "timex" for t in TIMEX_TYPES},
    NUMERIC_TYPE: "numeric",
}
_SKIPPED_PREFIXES = ("R", "E", "A", "M", "N", "*")
# [0-9], not \d: \d also matches Arabic-Indic digits, which int() would then accept.
_CONTIGUOUS = re.compile(r"(\S+) ([0-9]+) ([0-9]+)")
_DISCONTINUOUS = re.compile(r"(\S+) [0-9]+ [0-9]+(?:;[0-9]+ [0-9]+)+")
_T_ID = re.compile(r"T[0-9]+\S*")
_NOTE_ID = re.compile(r"#[0-9]+\S*")
# Characters str.splitlines() breaks at; JSON escapes those below U+0020 but not these three.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_JSON_UNESCAPED_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}

# Each label's long name shown in brat and its colour; readable pastel backgrounds, one family per layer.
_VISUALS: dict[str, tuple[str, str]] = {
    "PERS": ("Person", "#ffccaa"), "NORP": ("Nationality/religious/political group", "#ffe0b3"),
    "OCC": ("Occupation", "#f5d0e6"), "ORG": ("Organisation", "#8fb2ff"),
    "GPE": ("Geopolitical entity", "#7fe2ff"), "LOC": ("Location", "#95dfaa"),
    "FAC": ("Facility", "#aaaaee"), "EVENT": ("Event", "#f1c40f"), "LAW": ("Law", "#e0c9a6"),
    "PRODUCT": ("Product", "#d4b3ff"), "LANGUAGE": ("Language", "#c7e9b4"), "WEBSITE": ("Website", "#dddddd"),
    "TIMEX3_DATE": ("TIMEX3 date", "#b8e986"), "TIMEX3_TIME": ("TIMEX3 time", "#9fdf9f"),
    "TIMEX3_DURATION": ("TIMEX3 duration", "#d2f0a0"), "TIMEX3_SET": ("TIMEX3 set", "#e6f5c9"),
    "NUMERIC": ("Numeric claim", "#ff9966"),
}


# -- writing ---------------------------------------------------------------------------------------

def _brat_type(layer: str, item: Any) -> str:
    if layer == "entities":
        return item.type
    if layer == "timex":
        return TIMEX_PREFIX + item.type
    return NUMERIC_TYPE


def _json_number(value: Any) -> Any:
    # 2500 reads better than 2500.0 in brat's note box; the schema turns it back into 2500.0.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _note(layer: str, item: Any) -> str | None:
    if layer == "entities":
        canonical = getattr(item, "canonical", None)
        return None if canonical is None else f"canonical={canonical}"
    if layer == "timex":
        parts = [f"{name}={getattr(item, name)}" for name in ("value", "mod") if getattr(item, name) is not None]
        return " ".join(parts) or None
    fields = {name: _json_number(getattr(item, name)) for name in CLAIM_FIELDS if getattr(item, name) is not None}
    if not fields:
        return None
    text = json.dumps(fields, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escape in _JSON_UNESCAPED_BREAKS.items():
        text = text.replace(char, escape)  # only ever inside JSON strings, where the escape is equivalent
    return text


def _sort_key(entry: tuple[str, int, Any]) -> tuple:
    layer, _, item = entry
    return (_LAYERS.index(layer), item.start, -item.end, _brat_type(layer, item),
            json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False))


def _format_ann(doc: Document, pred: DocumentPrediction | GoldDocument, ann_path: Path) -> str:
    name = str(ann_path)

    def refuse(message: str, where: str) -> InputError:
        return InputError(f"document '{doc.id}', item {where}: {message}", file=name, field=where)

    entries = [(layer, index, item) for layer in _LAYERS for index, item in enumerate(getattr(pred, layer))]
    for layer, index, item in entries:
        where = f"{layer}.{index}"
        if item.start is None:
            raise refuse(f"'{item.text}' has no offsets; a string-only prediction cannot be placed in brat "
                         "standoff (give start and end)", where)
        if item.end > len(doc.text):
            raise refuse(f"end {item.end} is past the end of the text ({len(doc.text)} characters)", where)
        if doc.text[item.start:item.end] != item.text:
            actual = doc.text[item.start:item.end]
            raise refuse(f"text[{item.start}:{item.end}] is '{actual}', not '{item.text}'", where)
        if _LINE_BREAKS.intersection(item.text):
            raise refuse(f"'{item.text}' contains a line break, which a brat text-bound annotation cannot hold",
                         where)
        canonical = getattr(item, "canonical", None)
        if canonical is not None and _LINE_BREAKS.intersection(canonical):
            raise refuse("the canonical name contains a line break, which a brat note cannot hold",
                         f"{where}.canonical")
    lines = []
    notes = 0
    for number, (layer, _, item) in enumerate(sorted(entries, key=_sort_key), start=1):
        lines.append(f"T{number}\t{_brat_type(layer, item)} {item.start} {item.end}\t{item.text}")
        note = _note(layer, item)
        if note is not None:
            notes += 1
            lines.append(f"#{notes}\t{NOTE_TYPE} T{number}\t{note}")
    return "".join(line + "\n" for line in lines)


def _annotation_conf() -> str:
    types = [*ENTITY_TYPES, *(TIMEX_PREFIX + t for t in TIMEX_TYPES), NUMERIC_TYPE]
    return "\n".join([
        "# Generated by bench.io.brat: the benchmark's entity, TIMEX3 and numeric-claim types.",
        "[entities]", *types, "",
        "[relations]",
        # Without this brat refuses nested and overlapping spans, which the gold has.
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
        "[events]", "",
        "[attributes]", "",
    ])


def _visual_conf() -> str:
    labels = [f"{t} | {label} | {t}" for t, (label, _) in _VISUALS.items()]
    drawing = [f"{t}\tbgColor:{colour}" for t, (_, colour) in _VISUALS.items()]
    return "\n".join([
        "[labels]", *labels, "",
        "[drawing]",
        # A visual.conf replaces brat's defaults entirely, so the defaults are restated.
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5",
        *drawing, "",
    ])


def write_brat(folder: str | Path, documents: Mapping[str, Document],
               items: Iterable[DocumentPrediction | GoldDocument]) -> list[Path]:
    """Write ``items`` as a brat collection in ``folder`` and return the paths written, in order.

    Writes ``annotation.conf``, ``visual.conf``, then for each item (by document id) ``<id>.txt``
    (the document text, byte for byte) and ``<id>.ann``, following the brat standoff format
    (https://brat.nlplab.org/standoff.html); the module docstring gives the mapping. Raises
    :class:`InputError` naming the document and item for unknown or repeated document ids, items
    without offsets, offsets that miss the text and line breaks inside a span; in that case
    nothing is written.
    """
    base = Path(folder)
    outputs: dict[str, tuple[str, str]] = {}
    seen: dict[str, str] = {}
    for pred in items:
        ann_path = base / f"{pred.id}.ann"
        doc = known_document(pred.id, documents, seen, file=str(ann_path))
        if isinstance(pred, GoldDocument) and pred.text != doc.text:
            raise InputError(f"the gold text of document '{pred.id}' differs from the document's text",
                             file=str(ann_path), field="text")
        outputs[pred.id] = (doc.text, _format_ann(doc, pred, ann_path))
    base.mkdir(parents=True, exist_ok=True)
    written = []

    def write(path: Path, content: str) -> None:
        # newline="" writes the text untouched on every platform (no "\n" -> "\r\n" translation).
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        written.append(path)

    write(base / "annotation.conf", _annotation_conf())
    write(base / "visual.conf", _visual_conf())
    for doc_id in sorted(outputs):
        text, ann = outputs[doc_id]
        write(base / f"{doc_id}.txt", text)
        write(base / f"{doc_id}.ann", ann)
    return written


# -- reading ---------------------------------------------------------------------------------------

@dataclass
class _TextBound:
    line: int
    layer: str
    type: str
    start: int
    end: int
    text: str
    notes: list[tuple[int, str]] = field(default_factory=list)


def _ann_lines(path: Path) -> list[str]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=name) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise InputError("file starts with a UTF-8 byte-order mark; save it without BOM", file=name, line=1)
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 at byte {exc.start}", file=name,
                         line=raw.count(b"\n", 0, exc.start) + 1) from None
    # Split at "\n" only: str.splitlines() would also split at U+2028 and friends, which may occur
    # inside a span text written by another tool. A CR before the LF (Windows editors) is dropped.
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _check_txt(path: Path, doc: Document) -> None:
    if not path.is_file():
        return
    text = read_text(path)
    if text == doc.text:
        return
    offset = next((i for i, (a, b) in enumerate(zip(text, doc.text)) if a != b), min(len(text), len(doc.text)))
    raise InputError(
        f"text differs from document '{doc.id}' at offset {offset}: the file has "
        f"{text[offset:offset + 20]!r}, the document {doc.text[offset:offset + 20]!r}",
        file=str(path), line=text.count("\n", 0, offset) + 1, field="text")


def _parse_textbound(number: int, data: str, text: str, doc: Document, name: str) -> _TextBound:
    def bad(message: str, where: str) -> InputError:
        return InputError(message, file=name, line=number, field=where)

    match = _CONTIGUOUS.fullmatch(data)
    if match is None:
        if _DISCONTINUOUS.fullmatch(data):
            raise bad(f"discontinuous span '{data.split(' ', 1)[1]}' is not supported: spans here are "
                      "contiguous; annotate each fragment as its own span", "offsets")
        raise bad(f"expected '<TYPE> <start> <end>', found '{data}'", "offsets")
    brat_type, start, end = match.group(1), int(match.group(2)), int(match.group(3))
    if brat_type not in _TYPE_LAYER:
        raise bad(f"unknown type '{brat_type}'; expected one of {', '.join(_TYPE_LAYER)}", "type")
    if end <= start:
        raise bad(f"span [{start}, {end}) is empty or negative", "offsets")
    if end > len(doc.text):
        raise bad(f"end {end} is past the end of the text ({len(doc.text)} characters)", "end")
    actual = doc.text[start:end]
    if actual != text:
        raise bad(f"text[{start}:{end}] is '{actual}', not '{text}'", "text")
    return _TextBound(number, _TYPE_LAYER[brat_type], brat_type, start, end, text)


def _timex_fields(note: str, number: int, name: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in note.split():
        key, sep, value = part.partition("=")
        if not sep or key not in ("value", "mod") or not value:
            raise InputError(f"expected 'value=<TIMEX3 value> mod=<MOD>', found '{part}'", file=name,
                             line=number, field="note")
        if key in fields:
            raise InputError(f"'{key}' is given twice", file=name, line=number, field=key)
        fields[key] = value
    return fields


def _numeric_fields(note: str, number: int, name: str) -> dict[str, Any]:
    def reject(constant: str) -> Any:
        raise ValueError(f"{constant} is not a number JSON allows")

    try:
        fields = json.loads(note, parse_constant=reject)
    except ValueError as exc:
        raise InputError(f"the note is not valid JSON: {exc}", file=name, line=number, field="note") from None
    except RecursionError:
        raise InputError("JSON is nested too deeply", file=name, line=number, field="note") from None
    if not isinstance(fields, dict):
        raise InputError("the note must be a JSON object of claim fields", file=name, line=number, field="note")
    return fields


def _item(bound: _TextBound, name: str) -> Any:
    span = {"start": bound.start, "end": bound.end, "text": bound.text}
    if bound.layer == "entities":
        # A note «canonical=<name>» links the mention; other notes are free comments.
        names = [(number, note[len("canonical="):]) for number, note in bound.notes if note.startswith("canonical=")]
        if len(names) > 1:
            raise InputError(f"{bound.type} on line {bound.line} already has a canonical name on line {names[0][0]}",
                             file=name, line=names[1][0], field="canonical")
        canonical = names[0][1].strip() or None if names else None
        return EntityPrediction(**span, type=bound.type, canonical=canonical)
    if len(bound.notes) > 1:
        raise InputError(f"{bound.type} on line {bound.line} already has a note on line {bound.notes[0][0]}",
                         file=name, line=bound.notes[1][0], field="note")
    number, note = bound.notes[0] if bound.notes else (bound.line, "")
    if bound.layer == "timex":
        data = {**span, "type": bound.type[len(TIMEX_PREFIX):], **_timex_fields(note, number, name)}
        return validate_line(TimexPrediction, data, file=name, line=number)
    fields = _numeric_fields(note, number, name) if note else {}
    # The span keys are not claim fields: a note must not move or retype the span.
    for key in fields:
        if key not in CLAIM_FIELDS:
            raise InputError(f"unknown claim field; expected some of {', '.join(CLAIM_FIELDS)}", file=name,
                             line=number, field=key)
    return validate_line(NumericPrediction, {**span, **fields}, file=name, line=number)


def _read_ann(path: Path, doc: Document) -> DocumentPrediction:
    name = str(path)
    bounds: dict[str, _TextBound] = {}
    notes: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(_ann_lines(path), start=1):
        if not line.strip() or line.startswith(_SKIPPED_PREFIXES):
            continue
        parts = line.split("\t", 2)
        ann_id = parts[0]
        if not line.startswith(("T", "#")):
            raise InputError(f"unknown annotation id '{ann_id}': brat ids start with T, R, E, A, M, N, # or *",
                             file=name, line=number, field="id")
        if not (_T_ID if line.startswith("T") else _NOTE_ID).fullmatch(ann_id):
            raise InputError(f"malformed id '{ann_id}'", file=name, line=number, field="id")
        if ann_id in seen:
            raise InputError(f"id '{ann_id}' is already used on line {seen[ann_id]}", file=name, line=number,
                             field="id")
        seen[ann_id] = number
        is_textbound = line.startswith("T")
        if len(parts) < 3:
            what = "'<TYPE> <start> <end>' and the text" if is_textbound else "'AnnotatorNotes <id>' and the note"
            raise InputError(f"expected three tab-separated fields: the id, {what} (a space where a tab "
                             "belongs?)", file=name, line=number,
                             field="text" if is_textbound else "note")
        if is_textbound:
            bounds[ann_id] = _parse_textbound(number, parts[1], parts[2], doc, name)
            continue
        head = parts[1].split(" ")
        if len(head) != 2 or not head[1]:
            raise InputError(f"expected '<note type> <annotation id>', found '{parts[1]}'", file=name, line=number,
                             field="target")
        if head[0] == NOTE_TYPE and head[1].startswith("T"):
            notes.append((number, head[1], parts[2]))
    for number, target, note in notes:
        if target not in bounds:
            raise InputError(f"the note refers to '{target}', which no T line defines", file=name, line=number,
                             field="target")
        bounds[target].notes.append((number, note))
    layers: dict[str, list[Any]] = {layer: [] for layer in _LAYERS}
    for bound in bounds.values():
        layers[bound.layer].append(_item(bound, name))
    return DocumentPrediction(id=doc.id, **{layer: tuple(found) for layer, found in layers.items()})


def read_brat(folder: str | Path, documents: Mapping[str, Document]) -> list[DocumentPrediction]:
    """Read a brat collection back as predictions, one per ``<id>.ann``, sorted by document id.

    Follows the brat standoff format (https://brat.nlplab.org/standoff.html) and the mapping in the
    module docstring. Every problem is an :class:`InputError` naming the file, the line and the
    field: an unknown document id, a ``.txt`` that differs from the document text, a malformed
    ``T`` or ``#`` line, a discontinuous span, an unknown type, offsets or text that do not match
    the document, and note fields the schema refuses.
    """
    base = Path(folder)
    if not base.is_dir():
        raise InputError("not a folder", file=str(base))
    paths = sorted(p for p in base.glob("*.ann") if p.is_file())
    if not paths:
        raise InputError("no brat annotation files (*.ann) found", file=str(base))
    predictions = []
    seen: dict[str, str] = {}
    for path in paths:
        doc = known_document(path.stem, documents, seen, unknown_note=" (from the file name)", file=str(path))
        _check_txt(path.with_suffix(".txt"), doc)
        predictions.append(_read_ann(path, doc))
    return predictions
