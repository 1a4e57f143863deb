"""The gold: human-editable sources under ``annotations/`` (one JSONL file per document).

Layout::

    annotations/texts/doc-000.txt      verbatim article text (byte-identical to the seed)
    annotations/gold/doc-000.jsonl     line 1: the document header; then one annotation a line
    annotations/gold/metadata.json     name and semantic version of the gold
    annotations/gold/aliases.json      further names of canonical entities (``{"United States": ["US", …]}``)

Each annotation line carries ``"kind"``: ``entity``, ``timex`` or ``numeric``. One annotation a
line keeps review diffs readable and lets every error name its line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from pydantic import ConfigDict, RootModel

from bench.errors import InputError
from bench.io.jsonl import dump_line, iter_json_lines, validate_line
from bench.matching.names import NameIndex
from bench.schema.base import Frozen
from bench.schema.document import Document, GoldDocument
from bench.schema.entity import Entity
from bench.schema.labels import NAMED_TYPES
from bench.schema.numeric import NumericClaim
from bench.schema.temporal import Timex

_KINDS = {"entity": ("entities", Entity), "timex": ("timex", Timex), "numeric": ("numeric", NumericClaim)}
_LAYER_KIND = {layer: kind for kind, (layer, _) in _KINDS.items()}


class Aliases(RootModel[dict[str, tuple[str, ...]]]):
    """``aliases.json``: canonical name -> further names (English or Arabic) of that entity."""

    model_config = ConfigDict(frozen=True)


class GoldMetadata(Frozen):
    """The gold's name, version and licence, from ``annotations/gold/metadata.json``."""

    name: str
    version: str
    license: str


@dataclass(frozen=True)
class GoldCorpus:
    """The gold documents, with the version and a content hash that name this exact gold."""

    documents: tuple[GoldDocument, ...]
    metadata: GoldMetadata
    sha256: str
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(canonical name, its aliases)``, from ``aliases.json``."""

    def by_id(self) -> dict[str, GoldDocument]:
        """The documents by id."""
        return {doc.id: doc for doc in self.documents}

    def names(self) -> NameIndex:
        """Every name of every canonical entity (:data:`NAMED_TYPES`): canonical names, mention
        strings, aliases."""
        return self._names

    @cached_property
    def _names(self) -> NameIndex:
        # Only named types: a NORP or OCC canonical («American») describes, it names no entity.
        mentions = [(e.text, e.canonical) for doc in self.documents for e in doc.entities
                    if e.canonical and e.type in NAMED_TYPES]
        names = [(alias, canonical) for canonical, aliases in self.aliases for alias in aliases]
        names += [(canonical, canonical) for _, canonical in mentions]
        return NameIndex.build(names, mentions)

    @property
    def signature(self) -> str:
        """``version+hash``: the gold part of the scoring signature (a hash of the gold's content)."""
        return f"{self.metadata.version}+{self.sha256[:12]}"


def default_root() -> Path:
    """Where the gold lives: the source checkout's ``annotations/``, else the copy in the wheel."""
    checkout = Path(__file__).resolve().parents[3] / "annotations"
    if (checkout / "gold").is_dir():
        return checkout
    packaged = resources.files("bench") / "_gold"
    return Path(str(packaged))


def read_text(path: Path) -> str:
    """The text exactly as stored: no newline translation, no stripping."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(f"cannot read text: {exc.strerror}", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 at byte {exc.start}", file=str(path)) from None


def read_document(path: Path, texts: Path) -> GoldDocument:
    """Read one annotation file; every problem is an InputError naming the file and line."""
    name = str(path)
    lines = iter_json_lines(path)
    first = next(lines, None)
    if first is None or first[1].get("kind") != "document":
        raise InputError("line 1 must be the document header with \"kind\": \"document\"", file=name, line=1)
    header = dict(first[1])
    header.pop("kind")
    text_file = texts / f"{header.get('id')}.txt"
    header["text"] = read_text(text_file)
    doc = validate_line(Document, header, file=name, line=1)
    layers: dict[str, list] = {"entities": [], "timex": [], "numeric": []}
    ids: dict[str, int] = {}
    for number, obj in lines:
        kind = obj.pop("kind", None)
        if kind not in _KINDS:
            raise InputError(f"'kind' must be one of {sorted(_KINDS)}, not {kind!r}", file=name, line=number,
                             field="kind")
        layer, model = _KINDS[kind]
        item = validate_line(model, obj, file=name, line=number)
        if item.id in ids:
            raise InputError(f"id '{item.id}' is already used on line {ids[item.id]}", file=name,
                             line=number, field="id")
        ids[item.id] = number
        if item.end > len(doc.text):
            raise InputError(f"end {item.end} is past the end of the text ({len(doc.text)} characters)",
                             file=name, line=number, field="end")
        actual = doc.text[item.start:item.end]
        if actual != item.text:
            raise InputError(f"text[{item.start}:{item.end}] is '{actual}', not '{item.text}'", file=name,
                             line=number, field="text")
        layers[layer].append(item)
    return GoldDocument(**doc.model_dump(), **{k: tuple(v) for k, v in layers.items()})


def _sort_key(item) -> tuple:
    return (item.start, -item.end, getattr(item, "type", ""), item.id)


def format_document(doc: GoldDocument) -> str:
    """The canonical annotation file for ``doc`` (header, then layers, each sorted by position)."""
    header = doc.model_dump(mode="json", include=set(Document.model_fields) - {"text"})
    lines = [dump_line(header, kind="document")]
    for layer in ("entities", "timex", "numeric"):
        for item in sorted(getattr(doc, layer), key=_sort_key):
            lines.append(dump_line(item, kind=_LAYER_KIND[layer]))
    return "\n".join(lines) + "\n"


def load_gold(root: str | Path | None = None, *, subdir: str = "gold") -> GoldCorpus:
    """Load and validate the gold (or an annotation pass, with ``subdir="passes/a"``)."""
    base = Path(root) if root is not None else default_root()
    folder = base / subdir
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise InputError("no annotation files (*.jsonl) found", file=str(folder))
    docs = tuple(read_document(path, base / "texts") for path in files)
    meta_path = base / "gold" / "metadata.json"
    try:
        metadata = GoldMetadata.model_validate(json.loads(read_text(meta_path)))
    except (ValueError, TypeError) as exc:
        raise InputError(f"invalid metadata: {exc}", file=str(meta_path)) from None
    return corpus_of(docs, metadata, _read_aliases(base / "gold" / "aliases.json"))


def corpus_of(documents: tuple[GoldDocument, ...], metadata: GoldMetadata,
              aliases: dict[str, tuple[str, ...]] | None = None) -> GoldCorpus:
    """A corpus of ``documents``, hashed over their canonical annotation files and texts, so that the
    same gold has the same signature however it was read (files, the Hub dataset's rows)."""
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(format_document(doc).encode("utf-8"))
        digest.update(doc.text.encode("utf-8"))
    aliases = aliases or {}
    if aliases:
        digest.update(json.dumps(aliases, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return GoldCorpus(documents=documents, metadata=metadata, sha256=digest.hexdigest(),
                      aliases=tuple((k, tuple(v)) for k, v in sorted(aliases.items())))


def _read_aliases(path: Path) -> dict[str, tuple[str, ...]]:
    if not path.is_file():
        return {}
    try:
        return Aliases.model_validate(json.loads(read_text(path))).root
    except (ValueError, TypeError) as exc:
        raise InputError(f"invalid alias table: {exc}", file=str(path)) from None
