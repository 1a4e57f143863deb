"""TimeML files: write the TIMEX3 layer of a document inline, and read a tagger's TimeML back.

Format (TimeML 1.2.1, Saurí et al. 2006, *TimeML Annotation Guidelines Version 1.2.1*; the TIMEX3
tag of ISO 24617-1:2012, ISO-TimeML; file layout of TimeBank 1.2 and TempEval-3)::

    <?xml version="1.0" encoding="UTF-8"?>
    <TimeML xmlns:xsi="..." xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">
    <DOCID>doc-000</DOCID>
    <DCT><TIMEX3 tid="t0" type="DATE" value="2024-09-27" temporalFunction="false"
         functionInDocument="CREATION_TIME">2024-09-27</TIMEX3></DCT>
    <TEXT>...text with <TIMEX3 tid="t1" type="DATE" value="2025" mod="END">نهاية عام 2025</TIMEX3>...</TEXT>
    </TimeML>

:func:`write_timeml` puts the document text verbatim between ``<TEXT>`` and ``</TEXT>`` (no added
newline): only ``&``, ``<``, ``>`` are escaped, and a carriage return is written as ``&#13;`` because
an XML parser turns a raw CR into LF. The TEXT content of the file, once parsed, therefore equals
``document.text`` character for character. TIMEX3 tags carry ``tid`` (``t1``, ``t2``... in text
order; ``t0`` is the DCT), ``type``, ``value`` (left out when a prediction has none) and ``mod``
(when set). TimeML tags are inline, so nested or overlapping TIMEX3 cannot be written and are
refused, as are predictions without offsets and characters XML 1.0 cannot carry.

:func:`read_timeml` reads one file or every ``*.tml`` / ``*.xml`` file of a folder:

* **Document.** The ``<DOCID>`` element names the document; a file without DOCID (HeidelTime writes
  none) is named by its file stem (``doc-000.tml`` -> ``doc-000``).
* **Text.** The character content of ``<TEXT>``; a file without TEXT (HeidelTime's shape: the text
  directly under ``<TimeML>``) uses the root's content minus the header and link elements (DOCID,
  DCT, TITLE, EXTRAINFO, MAKEINSTANCE, TLINK, SLINK, ALINK). Other tags inside the text (EVENT,
  SIGNAL, sentence tags...) are dropped and their text kept.
* **Mentions.** Each TIMEX3 inside the text with characters in it; the DCT
  (``functionInDocument="CREATION_TIME"``) and empty, non-consuming TIMEX3 are not mentions. Only
  ``type``, ``value`` and ``mod`` are read; the schema validates them (:mod:`bench.text.timex`).
* **Alignment.** A tagger may collapse or add whitespace and newlines, drop a BOM or a trailing
  newline, turn a no-break space into a space, escape or unescape characters. So the file's text is
  never assumed to equal ours: a character alignment (:class:`difflib.SequenceMatcher`,
  ``autojunk=False``) of the file's text against ``document.text`` maps each TIMEX3's first and
  last character to our offsets, and whitespace at either end of the mapped span is trimmed. The
  mapped span must hold the same non-whitespace characters as the TIMEX3 did, or the file is
  refused, naming the tid.

The parser is :mod:`xml.parsers.expat` (the parser under :mod:`xml.etree` and :mod:`xml.dom`), used
directly because it reports the line of each TIMEX3, so every error can name file, line and field.
It does not fetch external DTDs; an entity it cannot resolve (``&nbsp;`` with an external DTD) is
dropped, which the alignment absorbs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from xml.parsers import expat

from pydantic import ValidationError

from bench.errors import InputError
from bench.io.predictions import known_document
from bench.schema.document import Document
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import Timex, TimexPrediction

SCHEMA_LOCATION = "http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd"
SUFFIXES = (".tml", ".xml")

# Elements of a TimeML file that are not part of the text (used only when there is no <TEXT>).
_OUTSIDE_TEXT = frozenset({"DOCID", "DCT", "TITLE", "EXTRAINFO", "MAKEINSTANCE", "TLINK", "SLINK", "ALINK"})
# Characters outside the XML 1.0 Char production: not even a character reference can carry them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# -- writing ---------------------------------------------------------------------------------------

def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attr(text: str) -> str:
    # Tabs and newlines in attributes would be normalised to spaces by the parser, hence the refs.
    return (_escape_text(text).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;"))


def _label(item: Timex | TimexPrediction, index: int) -> str:
    name = f"'{item.id}'" if isinstance(item, Timex) else f"timexes[{index}]"
    where = f" [{item.start}, {item.end})" if item.start is not None else ""
    return f"{name} '{item.text}'{where}"


def _checked(document: Document, timexes: Sequence[Timex | TimexPrediction],
             name: str) -> list[tuple[int, Timex | TimexPrediction]]:
    """The timexes in text order, refusing what inline tags cannot express."""
    for index, item in enumerate(timexes):
        if item.start is None:
            raise InputError(f"{_label(item, index)} has no offsets; TimeML tags need a position in the text",
                             file=name, field=f"timexes[{index}]")
        if item.end > len(document.text) or document.text[item.start:item.end] != item.text:
            raise InputError(f"{_label(item, index)} does not match text[{item.start}:{item.end}] of "
                             f"document '{document.id}'", file=name, field=f"timexes[{index}]")
    ordered = sorted(enumerate(timexes), key=lambda pair: (pair[1].start, -pair[1].end, pair[0]))
    for (i, a), (j, b) in zip(ordered, ordered[1:]):
        if b.start < a.end:
            raise InputError(f"{_label(a, i)} and {_label(b, j)} overlap; inline TIMEX3 tags cannot nest "
                             "or cross", file=name, field=f"timexes[{j}]")
    return ordered


def format_timeml(document: Document, timexes: Sequence[Timex | TimexPrediction], *, name: str = "<timeml>") -> str:
    """The TimeML file :func:`write_timeml` writes, as a string (``name`` is used in errors)."""
    bad = _NOT_XML.search(document.text)
    if bad:
        raise InputError(f"document '{document.id}' has character U+{ord(bad.group()):04X} at offset "
                         f"{bad.start()}, which XML 1.0 cannot represent", file=name, field="text")
    text = document.text
    parts: list[str] = []
    cursor = 0
    for number, (_, item) in enumerate(_checked(document, timexes, name), start=1):
        attrs = [("tid", f"t{number}"), ("type", item.type)]
        if item.value is not None:
            attrs.append(("value", item.value))
        if item.mod is not None:
            attrs.append(("mod", item.mod))
        rendered = " ".join(f'{key}="{_escape_attr(val)}"' for key, val in attrs)
        parts += [_escape_text(text[cursor:item.start]), f"<TIMEX3 {rendered}>",
                  _escape_text(text[item.start:item.end]), "</TIMEX3>"]
        cursor = item.end
    parts.append(_escape_text(text[cursor:]))
    dct = document.dct.isoformat()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:noNamespaceSchemaLocation="{SCHEMA_LOCATION}">\n'
        f"<DOCID>{_escape_text(document.id)}</DOCID>\n"
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>\n'
        f"<TEXT>{''.join(parts)}</TEXT>\n"
        "</TimeML>\n"
    )


def write_timeml(path: str | Path, document: Document, timexes: Sequence[Timex | TimexPrediction]) -> None:
    """Write ``document`` with ``timexes`` as inline TIMEX3 tags to ``path`` (UTF-8, LF line ends).

    Raises :class:`InputError` for nested or overlapping timexes (naming both), timexes without
    offsets or whose text does not match the document, and characters XML 1.0 cannot carry.
    """
    content = format_timeml(document, timexes, name=str(path))
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(content)


# -- parsing ---------------------------------------------------------------------------------------

@dataclass
class TimexMention:
    """One ``<TIMEX3>`` element: its attributes, the line it opens on, and its character span in the file's
    ``<TEXT>``.
    """

    label: str
    attrs: dict[str, str]
    line: int
    start: int
    end: int = -1


@dataclass
class ParsedTimeML:
    """A TimeML file as read: its ``<DOCID>`` (and line), the text of ``<TEXT>`` and the TIMEX3 mentions in it."""

    docid: str | None = None
    docid_line: int | None = None
    text: str = ""
    mentions: list[TimexMention] = field(default_factory=list)


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _events(path: Path) -> list[tuple[str, str, dict[str, str] | None, int]]:
    """``(kind, name_or_data, attrs, line)`` for each start tag, end tag and run of text."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=name) from None
    events: list[tuple[str, str, dict[str, str] | None, int]] = []
    parser = expat.ParserCreate()
    parser.buffer_text = True  # one event per run of text, not per internal buffer

    def start(tag: str, attrs: dict[str, str]) -> None:
        events.append(("start", _local(tag), attrs, parser.CurrentLineNumber))

    def end(tag: str) -> None:
        events.append(("end", _local(tag), None, parser.CurrentLineNumber))

    def text(data: str) -> None:
        events.append(("text", data, None, parser.CurrentLineNumber))

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(f"malformed XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})", file=name,
                         line=exc.lineno) from None
    return events


def parse_timeml(path: Path) -> ParsedTimeML:
    """Parse one TimeML file (TimeML 1.2.1, the TempEval-3 layout) into its DOCID, text and TIMEX3 mentions;
    malformed XML or a misplaced element is an InputError naming the line.
    """
    name = str(path)
    events = _events(path)
    if events[0][1] != "TimeML":
        raise InputError(f"the root element is <{events[0][1]}>, not <TimeML>", file=name, line=events[0][3])
    text_tags = [line for kind, tag, _, line in events if kind == "start" and tag == "TEXT"]
    if len(text_tags) > 1:
        raise InputError("more than one <TEXT> element", file=name, line=text_tags[1], field="TEXT")
    has_text = bool(text_tags)
    out = ParsedTimeML()
    docid: list[str] | None = None
    buffer: list[str] = []
    length = 0
    stack: list[str] = []
    open_timex: list[TimexMention | None] = []
    count = 0

    def in_text() -> bool:
        if has_text:
            return "TEXT" in stack
        return not _OUTSIDE_TEXT.intersection(stack)

    for kind, value, attrs, line in events:
        if kind == "start":
            stack.append(value)
            if value == "DOCID" and out.docid_line is None:
                docid, out.docid_line = [], line
            elif value == "TIMEX3":
                mention = None
                if in_text():
                    count += 1
                    label = f"TIMEX3[{attrs['tid']}]" if attrs.get("tid") else f"TIMEX3[#{count}]"
                    mention = TimexMention(label, attrs, line, length)
                open_timex.append(mention)
        elif kind == "end":
            stack.pop()
            if value == "DOCID" and docid is not None:
                out.docid = "".join(docid).strip()
                docid = None
            elif value == "TIMEX3":
                mention = open_timex.pop()
                if mention is not None:
                    mention.end = length
                    # The DCT is metadata, and an empty TIMEX3 is a non-consuming (implicit) one.
                    if mention.attrs.get("functionInDocument") != "CREATION_TIME" and mention.end > mention.start:
                        out.mentions.append(mention)
        else:
            if docid is not None:
                docid.append(value)
            if in_text():
                buffer.append(value)
                length += len(value)
    out.text = "".join(buffer)
    return out


# -- alignment -------------------------------------------------------------------------------------

class CharMap:
    """Maps offsets in the file's text to offsets in ours through a character alignment."""

    def __init__(self, theirs: str, ours: str) -> None:
        if theirs == ours:
            ops = [("equal", 0, len(theirs), 0, len(ours))]
        else:
            ops = SequenceMatcher(None, theirs, ours, autojunk=False).get_opcodes()
        # An insert holds none of their characters; every other opcode covers a run of them.
        self.ops = [op for op in ops if op[0] != "insert"]
        self.firsts = [op[1] for op in self.ops]

    def _holding(self, i: int) -> tuple[str, int, int, int, int]:
        return self.ops[bisect_right(self.firsts, i) - 1]

    def start(self, s: int) -> int:
        """The offset in our text where a span starting at ``s`` in theirs starts."""
        tag, i1, i2, j1, j2 = self._holding(s)
        if tag == "equal":
            return j1 + (s - i1)
        if tag == "delete":
            return j1
        return j1 + (s - i1) * (j2 - j1) // (i2 - i1)  # replace: proportional (exact for 1:1 swaps)

    def end(self, e: int) -> int:
        """The offset in our text where a span ending at ``e`` in theirs ends."""
        tag, i1, i2, j1, j2 = self._holding(e - 1)
        if tag == "equal":
            return j1 + (e - i1)
        if tag == "delete":
            return j1
        return j1 - (-(e - i1) * (j2 - j1) // (i2 - i1))  # ceiling, so the span keeps its last character


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _solid(text: str) -> str:
    return "".join(text.split())


def _first_error(exc: ValidationError) -> tuple[str, str]:
    first = exc.errors(include_url=False)[0]
    loc = ".".join(str(part) for part in first["loc"])
    message = "required attribute is missing" if first["type"] == "missing" else first["msg"]
    return loc, message


def timex_prediction(mention: TimexMention, parsed: ParsedTimeML, doc: Document, charmap: CharMap,
                     name: str) -> TimexPrediction:
    """One TIMEX3 mention as a prediction, its span mapped from the file's text onto the document's (``charmap``) and
    its attributes validated.
    """
    attrs = {key: mention.attrs[key] for key in ("type", "value", "mod") if key in mention.attrs}
    s, e = _strip_span(parsed.text, mention.start, mention.end)
    if s == e:
        raise InputError(f"{mention.label} holds only whitespace", file=name, line=mention.line, field=mention.label)
    theirs = parsed.text[s:e]
    try:  # attributes first, so a bad value is reported even if the text would not align either
        TimexPrediction.model_validate({"text": theirs, **attrs})
    except ValidationError as exc:
        loc, message = _first_error(exc)
        raise InputError(f"{mention.label}: {message}", file=name, line=mention.line,
                         field=f"{mention.label}.{loc}" if loc else mention.label) from None
    start, end = _strip_span(doc.text, charmap.start(s), charmap.end(e))
    ours = doc.text[start:end]
    if start >= end or _solid(ours) != _solid(theirs):
        raise InputError(f"{mention.label} '{theirs}' does not align with the text of document '{doc.id}' "
                         f"(it maps to [{start}, {end}) '{ours}')", file=name, line=mention.line,
                         field=mention.label)
    return TimexPrediction.model_validate({"start": start, "end": end, "text": ours, **attrs})


# -- reading ---------------------------------------------------------------------------------------

def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not files:
            raise InputError("no TimeML files (*.tml, *.xml) in this folder", file=str(path))
        return files
    if not path.is_file():
        raise InputError("no such file or folder", file=str(path))
    return [path]


def read_timeml_file(path: str | Path, documents: Mapping[str, Document], *,
                     seen: MutableMapping[str, str] | None = None) -> DocumentPrediction:
    """The TIMEX3 layer of one TimeML file, with offsets aligned to the document's text.

    ``seen`` (document id to the file it was read from) refuses a second file for a document already read.
    """
    path = Path(path)
    name = str(path)
    parsed = parse_timeml(path)
    if parsed.docid is None and path.stem not in documents:
        raise InputError(f"the file has no <DOCID> and its name '{path.stem}' is not a document id", file=name,
                         field="DOCID")
    doc_id = path.stem if parsed.docid is None else parsed.docid
    doc = known_document(doc_id, documents, {} if seen is None else seen, at=name,
                         again="was already read from {where}", file=name, line=parsed.docid_line, field="DOCID")
    charmap = CharMap(parsed.text, doc.text)
    timex = tuple(timex_prediction(m, parsed, doc, charmap, name) for m in parsed.mentions)
    return DocumentPrediction(id=doc.id, timex=timex)


def read_timeml(path: str | Path, documents: Mapping[str, Document]) -> list[DocumentPrediction]:
    """Predictions (TIMEX3 layer only) from a TimeML file or a folder of ``*.tml`` / ``*.xml`` files.

    Each file is one document, named by its ``<DOCID>`` or, failing that, by its file stem. Files are
    read in name order; two files for the same document are refused. See the module docstring for
    how the text is found and aligned.
    """
    seen: dict[str, str] = {}
    return [read_timeml_file(file, documents, seen=seen) for file in _files(Path(path))]
