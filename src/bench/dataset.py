"""Building the Hugging Face dataset in ``dataset/`` from the annotation sources.

Configs (split ``test`` only): ``documents`` (default; one row per document, the three layers as
nested lists) and one flat config per layer (``entities``, ``timex``, ``numeric``: one row per
annotation with ``doc_id``). Feature types come from :func:`features`; the YAML of
``dataset/README.md`` is generated from them, never written by hand.

``datasets`` caches a folder with YAML configs by its name and YAML, not by file contents, so a
rebuilt dataset could be served stale. Each data file's name therefore carries a hash of its rows
(``test-<hash>.parquet``): changed annotations change the YAML, and with it the cache key.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from bench.io.gold import GoldCorpus
from bench.schema.document import Document, GoldDocument
from bench.schema.labels import ENTITY_TYPES, MODALITIES, QUALIFIERS, TIMEX_MODS, TIMEX_TYPES

CONFIGS = ("documents", "entities", "timex", "numeric")
CARD_NAME = "CARD.md"


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
        return Features({**doc, **{layer: List(_layer_features(layer)) for layer in ("entities", "timex", "numeric")}})
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
            for layer in ("entities", "timex", "numeric"):
                row[layer] = [_item_row(item, layer) for item in getattr(doc, layer)]
            out.append(row)
        else:
            out += [{"doc_id": doc.id, **_item_row(item, config)} for item in getattr(doc, config)]
    return out


def _digest(data: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:16]


DESCRIPTION = ("Gold annotations for information extraction from Arabic news: named entities (Wojood tag set, "
               "nested), temporal expressions (TimeML TIMEX3, normalised against a document creation time) and "
               "numeric claims, over five articles (test split only).")
LICENSE_DETAILS = ("The annotations are licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). "
                   "The article texts (the `text` column of the documents config, and the span `text` columns) "
                   "remain the property of their publishers and are not licensed by the dataset's authors; they "
                   "are included verbatim for research evaluation only and are removed on request of a rights "
                   "holder.")


def card_yaml(gold: GoldCorpus, files: dict[str, str], counts: dict[str, int], sizes: dict[str, tuple[int, int]]
              ) -> str:
    """The YAML header of ``dataset/README.md``, generated from the Features objects.

    ``sizes[config]`` is ``(bytes in memory, bytes of the parquet file)``. Licence fields follow the
    Hub's card specification for a licence outside its list (``license: other`` with
    ``license_name``/``license_link``/``license_details``): the annotations' CC BY 4.0 does not cover
    the texts. ``dataset_info`` also carries description, citation, homepage and licence, which
    ``datasets`` reads into ``Dataset.info`` (it writes only features and sizes itself).
    """
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    from bench.citation import REPOSITORY, bibtex, repository_file

    card = DatasetCardData(
        language=["ar"], license="other", license_name="cc-by-4.0-annotations-texts-publishers",
        license_link=repository_file("LICENSE"), license_details=LICENSE_DETAILS,
        pretty_name="Arabic News IE Benchmark",
        task_categories=["token-classification"],
        task_ids=["named-entity-recognition"], multilinguality="monolingual", size_categories=["n<1K"],
        # Every pass, the adjudication and the review were made by AI models (see the card); this says
        # so until a person signs the gold off.
        source_datasets=["original"], annotations_creators=["machine-generated"],
        language_creators=["found"],
        tags=["arabic", "named-entity-recognition", "timex3", "temporal-expressions", "numeric-claims",
              "information-extraction", "benchmark"],
        configs=[{"config_name": c, "data_files": [{"split": "test", "path": files[c]}],
                  **({"default": True} if c == "documents" else {})} for c in CONFIGS],
    )
    infos = DatasetInfosDict({
        c: DatasetInfo(features=features(c), config_name=c, dataset_name="arabic_ie_bench",
                       version=gold.metadata.version, dataset_size=sizes[c][0], download_size=sizes[c][1],
                       splits=SplitDict({"test": SplitInfo(name="test", num_bytes=sizes[c][0],
                                                           num_examples=counts[c])}))
        for c in CONFIGS
    })
    infos.to_dataset_card_data(card)
    extra = {"description": DESCRIPTION, "citation": bibtex(), "homepage": REPOSITORY,
             "license": f"CC BY 4.0 (annotations); article texts: their publishers'. {repository_file('LICENSE')}"}
    card["dataset_info"] = [{**info, **extra} for info in card["dataset_info"]]
    return card.to_yaml()


def build(gold: GoldCorpus, out: Path, card_text: str) -> dict[str, str]:
    """Write ``out`` (parquet files and README.md) from ``gold``; returns config -> data file path."""
    from datasets import Dataset
    from datasets.utils.logging import disable_progress_bar

    disable_progress_bar()
    staging = out.with_name(out.name + ".tmp")
    if staging.exists():
        shutil.rmtree(staging)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    sizes: dict[str, tuple[int, int]] = {}
    for config in CONFIGS:
        data = rows(gold, config)
        counts[config] = len(data)
        feats = features(config)
        # The features are in the hash too: a changed column type changes the parquet file, not the rows.
        rel = f"data/{config}/test-{_digest([{'config': config, 'features': feats.to_dict()}, *data])}.parquet"
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        columns = {name: [row[name] for row in data] for name in feats}
        table = Dataset.from_dict(columns, features=feats)
        table.to_parquet(str(target))
        files[config] = rel
        sizes[config] = (table.data.nbytes, target.stat().st_size)
    readme = f"---\n{card_yaml(gold, files, counts, sizes)}\n---\n\n{card_text}"
    (staging / "README.md").write_text(readme, encoding="utf-8", newline="\n")
    from bench.croissant import write_croissant

    write_croissant(gold, staging, files, card_text)
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return files


def decode_row(row: dict[str, Any]) -> dict[str, Any]:
    """A ``documents`` row with labels as names and empty fields dropped (ClassLabel indices decoded)."""
    feats = features("documents")
    row = dict(row)
    for layer in ("entities", "timex", "numeric"):
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


def read_built(out: Path) -> list[GoldDocument]:
    """Read the ``documents`` config of a built dataset back into gold documents (for round trips)."""
    import pyarrow.parquet as pq

    (path,) = sorted((out / "data" / "documents").glob("*.parquet"))
    return [GoldDocument.model_validate(decode_row(row)) for row in pq.read_table(path).to_pylist()]
