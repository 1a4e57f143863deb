"""The Hugging Face dataset as a format: its configs' ``datasets.Features``, what each column holds,
and the conversion of gold documents to rows and back (:func:`rows`, :func:`decode_row`).

Read by the dataset build (:mod:`bench.upkeep.dataset`), its Croissant metadata and
:func:`bench.evaluate`, which accepts the rows of the ``documents`` config as gold.
"""

from __future__ import annotations

from typing import Any

from bench.io.gold import GoldCorpus
from bench.schema.document import Document
from bench.schema.labels import ENTITY_TYPES, LAYERS, MODALITIES, QUALIFIERS, TIMEX_MODS, TIMEX_TYPES

CONFIGS = ("documents", *LAYERS)
"""The dataset's configs: one row per document, then one flat config per layer."""


def _layer_features(layer: str) -> dict[str, Any]:
    from datasets import ClassLabel, Value

    span = {"id": Value("string"), "start": Value("int32"), "end": Value("int32"), "text": Value("string")}
    if layer == "entities":
        return {**span, "type": ClassLabel(names=list(ENTITY_TYPES)), "canonical": Value("string")}
    if layer == "timex":
        return {**span, "type": ClassLabel(names=list(TIMEX_TYPES)), "value": Value("string"),
                "mod": ClassLabel(names=list(TIMEX_MODS))}
    return {**span, "value": Value("float64"), "value_min": Value("float64"), "value_max": Value("float64"),
            "qualifier": ClassLabel(names=list(QUALIFIERS)), "unit": Value("string"),
            "subject": Value("string"), "time": Value("string"), "location": Value("string"),
            "source": Value("string"), "modality": ClassLabel(names=list(MODALITIES))}


_SPAN = "Unicode code points into the document's `text`, half-open [start, end)"
COLUMN_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("documents", "id"): "Document id (doc-000 ...); predictions are keyed by it.",
    ("documents", "source_file"): "Name of the seed file the verbatim text comes from.",
    ("documents", "language"): "ISO 639-1 language code of the text (ar).",
    ("documents", "dct"): "Document creation time (ISO date), an input to systems; TIMEX3 values are resolved "
                          "against it.",
    ("documents", "dct_evidence"): "How the document creation time was inferred from the text.",
    ("documents", "text"): "The article text, verbatim (not licensed by the dataset's authors; see the card).",
    ("documents", "text_sha256"): "SHA-256 of the UTF-8 text, to check a copy is byte-identical.",
    ("documents", "entities"): "The document's named-entity mentions (the rows of the entities config).",
    ("documents", "timex"): "The document's TIMEX3 expressions (the rows of the timex config).",
    ("documents", "numeric"): "The document's numeric claims (the rows of the numeric config).",
    ("*", "doc_id"): "Id of the document the annotation belongs to.",
    ("*", "id"): "Annotation id, unique within its document.",
    ("*", "start"): f"Start offset: {_SPAN}.",
    ("*", "end"): f"End offset (exclusive): {_SPAN}.",
    ("*", "text"): "The annotated span, equal to text[start:end] of its document.",
    ("entities", "type"): "Entity type (Wojood tag set).",
    ("entities", "canonical"): "Canonical English name of the entity, shared across mentions and documents.",
    ("timex", "type"): "TIMEX3 type (TimeML).",
    ("timex", "value"): "TIMEX3 value (ISO 8601 / TimeML) in canonical form, resolved against the DCT.",
    ("timex", "mod"): "TIMEX3 modifier (TimeML); empty when there is none.",
    ("numeric", "value"): "The number the claim states (empty for a range).",
    ("numeric", "value_min"): "Lower bound of a stated range.",
    ("numeric", "value_max"): "Upper bound of a stated range.",
    ("numeric", "qualifier"): "How the number is qualified (exact, approximate, more than, ...).",
    ("numeric", "unit"): "What is counted, in English (e.g. soldier).",
    ("numeric", "subject"): "Whose quantity it is (e.g. the country whose soldiers are counted).",
    ("numeric", "time"): "When the claim holds, as a TIMEX3 value.",
    ("numeric", "location"): "Where the claim holds.",
    ("numeric", "source"): "Who makes the claim, when the text attributes it.",
    ("numeric", "modality"): "Whether the claim is asserted, planned, reported, ...",
}
"""What each column holds: ``(config, column)``, or ``("*", column)`` for every layer config."""


def describe(config: str, column: str) -> str:
    """The description of ``column`` in ``config`` (a layer's columns are the same in ``documents``)."""
    for key in ((config, column), ("*", column)):
        if key in COLUMN_DESCRIPTIONS:
            return COLUMN_DESCRIPTIONS[key]
    raise KeyError(f"no description of column '{column}' of config '{config}'")


def features(config: str):
    """The ``datasets.Features`` of a config."""
    from datasets import Features, List, Value

    if config == "documents":
        doc = {name: Value("string") for name in ("id", "source_file", "language", "dct", "dct_evidence",
                                                   "text", "text_sha256")}
        return Features({**doc, **{layer: List(_layer_features(layer)) for layer in LAYERS}})
    return Features({"doc_id": Value("string"), **_layer_features(config)})


def _item_row(item: Any, layer: str) -> dict[str, Any]:
    names = _layer_features(layer)
    data = item.model_dump(mode="json")
    return {name: data.get(name) for name in names}


def rows(gold: GoldCorpus, config: str) -> list[dict[str, Any]]:
    """The rows of a config, as plain Python values (labels as names)."""
    out = []
    for doc in gold.documents:
        if config == "documents":
            row = doc.model_dump(mode="json", include=set(Document.model_fields))
            for layer in LAYERS:
                row[layer] = [_item_row(item, layer) for item in getattr(doc, layer)]
            out.append(row)
        else:
            out += [{"doc_id": doc.id, **_item_row(item, config)} for item in getattr(doc, config)]
    return out


def decode_row(row: dict[str, Any]) -> dict[str, Any]:
    """A ``documents`` row with labels as names and empty fields dropped (ClassLabel indices decoded)."""
    feats = features("documents")
    row = dict(row)
    for layer in LAYERS:
        layer_feats = feats[layer].feature
        decoded = []
        for item in row.get(layer) or ():
            clean = {}
            for name, value in item.items():
                if value is None:
                    continue
                if isinstance(value, int) and hasattr(layer_feats.get(name), "int2str"):
                    value = layer_feats[name].int2str(value)
                clean[name] = value
            decoded.append(clean)
        row[layer] = decoded
    return row
