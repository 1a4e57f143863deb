"""One registry of the formats the package reads and writes, shared by ``convert``, ``export`` and ``score``.

| format | what a path is | layers |
|---|---|---|
| ``jsonl`` | one file, one document a line (the native format) | all three |
| ``conll`` | one file, IOB2 tags, nested in several columns (:mod:`bench.io.conll`) | entities |
| ``timeml`` | a folder of ``<id>.tml`` files, or one file (:mod:`bench.io.timeml`) | TIMEX3 |
| ``brat`` | a folder of ``<id>.txt`` + ``<id>.ann`` (:mod:`bench.io.brat`) | all three |

Converting to a format that carries fewer layers drops the others; the CLI says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bench.errors import InputError
from bench.io.atomic import replacing
from bench.schema.document import Document, GoldDocument
from bench.schema.labels import FORMATS, LAYERS
from bench.schema.predictions import DocumentPrediction

LAYERS_OF: dict[str, tuple[str, ...]] = {"jsonl": LAYERS, "conll": ("entities",), "timeml": ("timex",), "brat": LAYERS}
"""The layers each format can carry: the registry's one statement of it, read by ``score`` and the CLI."""
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".conll": "conll", ".iob": "conll", ".iob2": "conll",
             ".bio": "conll", ".tml": "timeml", ".xml": "timeml", ".timeml": "timeml"}


def detect(path: str | Path) -> str:
    """The format of ``path`` from its suffix, or, for a folder, from the files it holds."""
    path = Path(path)
    if path.is_dir():
        if any(path.glob("*.ann")):
            return "brat"
        if any(path.glob("*.tml")) or any(path.glob("*.xml")):
            return "timeml"
        raise InputError("cannot tell the format of this folder (no .ann, .tml or .xml files); pass --from",
                         file=str(path))
    if path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    raise InputError(f"cannot tell the format from the suffix '{path.suffix}'; pass --from", file=str(path))


def detect_target(path: str | Path) -> str:
    """The format to write ``path`` in, from its suffix (a target need not exist yet)."""
    suffix = Path(path).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    raise InputError(f"cannot tell the format to write from the suffix '{suffix}'; pass --to", file=str(path))


@dataclass(frozen=True)
class Predictions:
    """Predictions read from a file, with the layers its format can carry.

    :func:`bench.scoring.score` scores only those layers (a CoNLL file has no TIMEX3 to score), unless
    the settings name layers explicitly, when naming one the format lacks is an error.
    """

    items: Iterable[DocumentPrediction]
    format: str
    layers: tuple[str, ...]

    def __iter__(self) -> Iterator[DocumentPrediction]:
        return iter(self.items)


def read(path: str | Path, fmt: str, documents: Mapping[str, Document]) -> Predictions:
    """Predictions from ``path`` in format ``fmt`` (JSON Lines is streamed, the others are read whole)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    return Predictions(_read(path, fmt, documents), fmt, LAYERS_OF[fmt])


def _read(path: str | Path, fmt: str, documents: Mapping[str, Document]) -> Iterable[DocumentPrediction]:
    if fmt == "jsonl":
        from bench.io.predictions import iter_predictions

        return iter_predictions(path, documents)
    if fmt == "conll":
        from bench.io.conll import read_conll

        return read_conll(path, documents)
    if fmt == "timeml":
        from bench.io.timeml import read_timeml

        return read_timeml(path, documents)
    from bench.io.brat import read_brat

    return read_brat(path, documents)


def write(path: str | Path, fmt: str, documents: Mapping[str, Document],
          items: Iterable[DocumentPrediction | GoldDocument], *,
          view: Literal["nested", "outermost"] = "nested", wojood: bool = False) -> None:
    """Write ``items`` (gold documents or predictions with offsets) to ``path`` in format ``fmt``.

    ``wojood`` writes CoNLL in Wojood's own layout (:mod:`bench.io.wojood`: white-space tokens, each
    token's nested tags on its line) instead of tag columns; ``view`` is then not used.
    """
    if wojood and fmt != "conll":
        raise InputError(f"Wojood's layout is a CoNLL layout; it cannot be written as '{fmt}'")
    path = Path(path)
    if fmt == "jsonl":
        from bench.io.predictions import write_predictions

        with replacing(path) as tmp:
            write_predictions(tmp, [DocumentPrediction.from_gold(i) if isinstance(i, GoldDocument) else i
                                    for i in items])
    elif fmt == "conll" and wojood:
        from bench.io.wojood import write_wojood

        write_wojood(path, documents, items)
    elif fmt == "conll":
        from bench.io.conll import write_conll

        write_conll(path, documents, items, view=view)
    elif fmt == "timeml":
        from bench.io.timeml import write_timeml

        path.mkdir(parents=True, exist_ok=True)
        from bench.io.predictions import each_known_once

        for item in each_known_once(items, documents):
            write_timeml(path / f"{item.id}.tml", documents[item.id], item.timex)
    elif fmt == "brat":
        from bench.io.brat import write_brat

        write_brat(path, documents, items)
    else:
        raise InputError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")


@dataclass(frozen=True)
class Conversion:
    """What :func:`convert` did: the formats read and written, and the layers the target could not carry."""

    source_format: str
    target_format: str
    dropped: tuple[str, ...]


def convert(source: str | Path, target: str | Path, documents: Mapping[str, Document], *,
            source_format: str | None = None, target_format: str | None = None,
            view: Literal["nested", "outermost"] = "nested", wojood: bool = False) -> Conversion:
    """``bench convert``: predictions read from ``source`` and written to ``target`` (formats from the
    suffixes unless given), with the same checks as :func:`read` and :func:`write`."""
    src = source_format or detect(source)
    dst = target_format or detect_target(target)
    write(target, dst, documents, list(read(source, src, documents)), view=view, wojood=wojood)
    return Conversion(src, dst, dropped_layers(src, dst))


def dropped_layers(source_format: str, target_format: str) -> tuple[str, ...]:
    """The layers ``source_format`` carries and ``target_format`` cannot (they are not written)."""
    return tuple(x for x in LAYERS_OF[source_format] if x not in LAYERS_OF[target_format])
