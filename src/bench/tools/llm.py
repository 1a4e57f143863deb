"""The LLM recipe: a prompt per document, and a lenient parser of the model's replies.

The package makes no network call: ``bench prompt`` prints prompts, the user sends them to any model,
and ``bench parse`` turns the raw replies into a valid predictions file, reporting per document what
could not be read. Parsing is lenient about the wrapping (Markdown fences, prose around the JSON,
trailing commas, a missing ``id``, keys the schema does not have, such as ``confidence``, which are
dropped and reported) and strict about the content: each annotation is validated against the
schema, and an invalid one is dropped and reported, never repaired by guessing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import ValidationError

from bench.errors import InputError
from bench.io.predictions import known_document, offset_problem, write_predictions
from bench.schema.base import Frozen
from bench.schema.document import Document
from bench.schema.entity import EntityPrediction
from bench.schema.labels import ENTITY_TYPES, MODALITIES, QUALIFIERS, TIMEX_MODS, TIMEX_TYPES
from bench.schema.numeric import NumericPrediction
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import TimexPrediction

_INSTRUCTIONS = """You are an information extraction system for Modern Standard Arabic news.
Read the article below and return ONE JSON object, and nothing else, with this shape:

{{"id": "{doc_id}", "entities": [...], "timex": [...], "numeric": [...]}}

How answers are scored (so give exactly what is asked):
- One item per mention: give ONE answer for each mention, never alternatives (several types or values
  for the same words count as wrong, and the extra ones as errors).
- Positions are optional: "start" and "end" are character offsets (Unicode code points, end exclusive)
  into the article as given. Without them, the k-th item with the same "text" in a layer is placed on
  the k-th whole-word occurrence of that text in the article (a proclitic before it is allowed), so
  list a repeated mention once per occurrence, in order; a text that does not occur counts as wrong.
- Names may be written in English or Arabic: a subject, location, source or canonical name is
  matched to the entity it names (e.g. "United States", "US", "الولايات المتحدة" are the same entity).

entities: every named-entity mention, nested ones too, each {{"text": ..., "type": ...}} with type one of
  {entity_types}; optionally "canonical": a name of the real-world entity (the same for every mention of
  it). "text" is copied exactly from the article; proclitics (و ف ب ل ك) stay outside the mention, the
  article «ال» inside.
timex: every temporal expression (TimeML TIMEX3), each {{"text", "type", "value", "mod"}}: type one of
  {timex_types}; value a TIMEX3 value resolved against the document creation time {dct}
  (e.g. "2025", "2025-09", "2024-09-27", "2024-W39", "P2Y", "P20Y", "PRESENT_REF", "XXXX-09");
  mod (or null) one of {timex_mods}. Prepositions stay outside; «عام» and «نهاية» stay inside.
numeric: every numeric claim (counts of troops, countries, bases, phases, sources…; not dates,
  durations or ordinals), each {{"text", "value", "value_min", "value_max", "qualifier", "unit", "subject",
  "time", "location", "source", "modality"}}: "text" is the number and the counted noun without
  qualifier words; value a number (a range uses value_min/value_max); qualifier one of {qualifiers};
  unit an English singular noun (soldier, country, base, phase, source, official); subject (whose the
  counted things are) and location: names, or null; time a TIMEX3 value or null; source who makes the
  claim (a name, or the Arabic words naming the speaker), or null when the article itself does;
  modality one of {modalities}.

The JSON Schema of the answer:
{schema}

Document id: {doc_id}
Document creation time: {dct}
Article:
<<<
{text}
>>>
"""


def prompt(doc: Document) -> str:
    """The instruction prompt for one document (the article text is given verbatim)."""
    schema = json.dumps(DocumentPrediction.model_json_schema(), ensure_ascii=False, separators=(",", ":"))
    return _INSTRUCTIONS.format(
        doc_id=doc.id, dct=doc.dct.isoformat(), text=doc.text, schema=schema,
        entity_types=", ".join(ENTITY_TYPES), timex_types=", ".join(TIMEX_TYPES),
        timex_mods=", ".join(TIMEX_MODS), qualifiers=", ".join(QUALIFIERS), modalities=", ".join(MODALITIES))


def write_prompts(documents: Iterable[Document], folder: Path) -> tuple[Path, ...]:
    """Write the prompt of each document to ``folder/<id>.txt`` (the document's text and DCT only)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in documents:
        path = folder / f"{doc.id}.txt"
        path.write_text(prompt(doc.as_input()), encoding="utf-8")
        written.append(path)
    return tuple(written)


class ParseProblem(Frozen):
    """Something in one document's reply that was dropped rather than guessed at, and where it was."""

    doc_id: str
    where: str
    message: str


class ParseResult(Frozen):
    """The predictions parsed from the replies, with every problem found on the way."""

    predictions: tuple[DocumentPrediction, ...]
    problems: tuple[ParseProblem, ...]
    unreadable: tuple[str, ...]
    """Documents whose reply held no JSON object at all."""
    no_reply: tuple[str, ...] = ()
    """Gold documents without a reply (known when the replies are checked against the gold: :func:`parse`)."""


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _candidates(reply: str) -> Iterable[str]:
    yield from (m.group(1) for m in _FENCE.finditer(reply))
    start = reply.find("{")
    while start != -1:
        depth, in_string, escaped = 0, False, False
        for i in range(start, len(reply)):
            ch = reply[i]
            if in_string:
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == '"':
                    in_string = False
                continue
            if ch == '"':
                in_string = True
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    yield reply[start:i + 1]
                    break
        start = reply.find("{", start + 1)


def extract_json(reply: str) -> dict | None:
    """The first JSON object in ``reply`` that parses (after removing trailing commas), or None."""
    for candidate in _candidates(reply):
        for text in (candidate, _TRAILING_COMMA.sub(r"\1", candidate)):
            try:
                value = json.loads(text)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return None


_ITEM_MODELS = {"entities": EntityPrediction, "timex": TimexPrediction, "numeric": NumericPrediction}


def parse_reply(doc_id: str, reply: str) -> tuple[DocumentPrediction | None, list[ParseProblem]]:
    """One reply to one validated prediction (invalid items dropped and reported)."""
    data = extract_json(reply)
    if data is None:
        return None, [ParseProblem(doc_id=doc_id, where="reply", message="no JSON object found")]
    problems = []
    if data.get("id", doc_id) != doc_id:
        problems.append(ParseProblem(doc_id=doc_id, where="id",
                                     message=f"reply says id '{data.get('id')}'; using '{doc_id}'"))
    layers: dict[str, list] = {}
    for layer, model in _ITEM_MODELS.items():
        items = data.get(layer) or []
        if not isinstance(items, list):
            problems.append(ParseProblem(doc_id=doc_id, where=layer, message="not a list; layer dropped"))
            items = []
        kept = []
        known = set(model.model_fields)
        for index, item in enumerate(items):
            extra = sorted(k for k in item if k not in known) if isinstance(item, dict) else []
            if extra:
                item = {k: v for k, v in item.items() if k in known}
                problems.append(ParseProblem(doc_id=doc_id, where=f"{layer}.{index}",
                                             message=f"ignored unknown key(s) {', '.join(extra)}"))
            try:
                kept.append(model.model_validate(item))
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                loc = ".".join(str(p) for p in first["loc"])
                problems.append(ParseProblem(doc_id=doc_id, where=f"{layer}.{index}" + (f".{loc}" if loc else ""),
                                             message=f"{first['msg']}; item dropped"))
        layers[layer] = kept
    return DocumentPrediction(id=doc_id, **layers), problems


def parse_replies(replies: dict[str, str]) -> ParseResult:
    """``{doc_id: raw reply}`` to predictions, with every problem reported."""
    predictions, problems, unreadable = [], [], []
    for doc_id in sorted(replies):
        pred, found = parse_reply(doc_id, replies[doc_id])
        problems += found
        if pred is None:
            unreadable.append(doc_id)
        else:
            predictions.append(pred)
    return ParseResult(predictions=tuple(predictions), problems=tuple(problems), unreadable=tuple(unreadable))


REPLY_SUFFIXES = (".txt", ".md", ".json")


def read_replies(folder: Path, documents: Mapping[str, Document] | None = None) -> dict[str, str]:
    """Replies stored as ``<doc_id>.txt`` (or ``.md``/``.json``) files, one per document.

    With ``documents``, a reply for an unknown document or a second reply for one document is an
    :class:`InputError` (:func:`bench.io.predictions.known_document`).
    """
    if not folder.is_dir():
        raise InputError("not a folder of replies", file=str(folder))
    replies: dict[str, str] = {}
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in REPLY_SUFFIXES and path.is_file():
            if documents is not None:
                known_document(path.stem, documents, seen, at=path.name, again="was already read from {where}",
                               file=str(path))
            replies[path.stem] = path.read_text(encoding="utf-8")
    return replies


def parse(folder: Path, output: Path, documents: Mapping[str, Document]) -> ParseResult:
    """``bench parse``: the replies in ``folder`` checked against ``documents``, parsed, and written to
    ``output`` as a predictions file; the result says what was dropped and which documents had no reply.

    Raises :class:`InputError` (nothing written) for a reply of an unknown or repeated document and for
    offsets that do not fit the document's text.
    """
    replies = read_replies(folder, documents)
    result = parse_replies(replies)
    for pred in result.predictions:
        problem = offset_problem(documents[pred.id], pred)
        if problem:
            raise InputError(f"document '{pred.id}': {problem[1]}", file=str(folder / f"{pred.id}.txt"),
                             field=problem[0])
    write_predictions(output, list(result.predictions))
    return result.model_copy(update={"no_reply": tuple(sorted(set(documents) - set(replies)))})
