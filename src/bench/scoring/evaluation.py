"""``bench.evaluate(predictions)``: the one-line entry point for a notebook.

::

    import bench
    report = bench.evaluate("pred.jsonl")                      # or a list of dicts, or a datasets.Dataset
    report.to_dataframe()                                      # one row per layer / view / measure / label

It accepts predictions in every form a notebook holds them, turns them into
:class:`~bench.schema.predictions.DocumentPrediction` objects (a bad item is an
:class:`~bench.errors.InputError` naming its row and field) and calls :func:`bench.scoring.score`.
The gold defaults to the bundled one; the rows of the Hugging Face dataset's ``documents`` config
are accepted too, and give the same signature when they hold the same gold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from bench.errors import InputError
from bench.io.gold import GoldCorpus, GoldMetadata, corpus_of, load_gold
from bench.schema.config import ScoreConfig
from bench.schema.document import GoldDocument
from bench.schema.predictions import DocumentPrediction
from bench.schema.results import Report

ROWS = "<rows>"
"""The name a report gives predictions that came from memory rather than a file."""


def _rows(data: Any) -> tuple[list[Any], Any]:
    """The rows of a list, an iterable or a ``datasets.Dataset``, and the Dataset's features (or None)."""
    if isinstance(data, Mapping):
        raise InputError("expected one item per document (a list, a Dataset or a path), got a single mapping")
    features = getattr(data, "features", None)
    return list(data), features


def _plain(value: Any, feature: Any) -> Any:
    """``value`` with a Dataset's ClassLabel indices turned into label names, None fields dropped."""
    if feature is None:
        return value
    names = getattr(feature, "names", None)
    if names is not None and isinstance(value, int):
        return names[value]
    inner = getattr(feature, "feature", None)  # datasets.List / Sequence
    if isinstance(value, list):
        return [_plain(v, inner if inner is not None else (feature[0] if isinstance(feature, list) else None))
                for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, feature.get(k) if isinstance(feature, Mapping) else None)
                for k, v in value.items() if v is not None}
    return value


def predictions_from(data: str | Path | Iterable[Any], gold: GoldCorpus, source_format: str | None = None
                     ) -> tuple[Iterable[DocumentPrediction], str]:
    """Predictions from a path (any format :mod:`bench.io.formats` reads; ``source_format``, else from the
    suffix), or from rows (dicts or DocumentPrediction objects, e.g. a ``datasets.Dataset``), with the
    name the report gives them."""
    from bench.io import formats
    from bench.io.jsonl import validate_line

    if isinstance(data, (str, Path)):
        path = Path(data)
        return formats.read(path, source_format or formats.detect(path), gold.by_id()), path.name
    rows, features = _rows(data)
    out = []
    for number, row in enumerate(rows, start=1):
        if isinstance(row, DocumentPrediction):
            out.append(row)
        elif isinstance(row, Mapping):
            out.append(validate_line(DocumentPrediction, _plain(dict(row), features), file=ROWS, line=number))
        else:
            raise InputError(f"expected a dict or a DocumentPrediction, got {type(row).__name__}", file=ROWS,
                             line=number)
    return out, ROWS


def gold_from(gold: str | Path | GoldCorpus | Iterable[Any] | None) -> GoldCorpus:
    """The bundled gold (None), an annotations folder, a corpus, or the rows of the dataset's
    ``documents`` config (a ``datasets.Dataset`` or a list of its dicts; names then resolve with
    the bundled alias table)."""
    from bench.io.hf_dataset import decode_row
    from bench.io.jsonl import validate_line

    if gold is None:
        return load_gold()
    if isinstance(gold, GoldCorpus):
        return gold
    if isinstance(gold, (str, Path)):
        return load_gold(gold)
    rows, _ = _rows(gold)
    docs = tuple(validate_line(GoldDocument, decode_row(dict(row)), file="<gold rows>", line=number)
                 for number, row in enumerate(rows, start=1))
    if not docs:
        raise InputError("no gold documents in the rows", file="<gold rows>")
    bundled = load_gold()
    # The rows carry no alias table (annotations/gold/aliases.json): names resolve with the bundled one.
    aliases = dict(bundled.aliases)
    corpus = corpus_of(docs, bundled.metadata, aliases)
    if corpus.sha256 != bundled.sha256:  # not the bundled gold: its version is unknown
        corpus = corpus_of(docs, GoldMetadata(name=bundled.metadata.name, version="rows",
                                              license=bundled.metadata.license), aliases)
    return corpus


def evaluate(predictions: str | Path | Iterable[Any], *, gold: str | Path | GoldCorpus | Iterable[Any] | None = None,
             config: ScoreConfig | None = None, source_format: str | None = None, **settings: Any) -> Report:
    """Score ``predictions`` (a path, a list of dicts or DocumentPrediction objects, or a
    ``datasets.Dataset``) against ``gold`` (default: the bundled gold) and return the typed Report.

    A path is read in ``source_format`` (a name of :data:`bench.schema.labels.FORMATS`), by default the
    one its suffix says.

    ``settings`` are :class:`~bench.schema.config.ScoreConfig` fields (e.g. ``bootstrap_samples=0``), used
    when no ``config`` is given. Predictions read from CoNLL or TimeML are scored on the layers
    those formats carry, as ``bench score`` does (:func:`bench.scoring.score`).
    """
    from pydantic import ValidationError

    from bench.scoring import score

    if config is not None and settings:
        raise TypeError("pass either config or settings, not both")
    corpus = gold_from(gold)
    if config is None:
        try:
            config = ScoreConfig(**settings)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise InputError(first["msg"], field=".".join(str(p) for p in first["loc"])) from None
    items, source = predictions_from(predictions, corpus, source_format)
    return score(corpus, items, config=config, source=source)
