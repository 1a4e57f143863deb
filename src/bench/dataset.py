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
from bench.schema.labels import ENTITY_TYPES, MODALITIES, QUALIFIERS, TIMEX_TYPES

CONFIGS = ("documents", "entities", "timex", "numeric")
CARD_NAME = "CARD.md"


def _layer_features(layer: str) -> dict[str, Any]:
    from datasets import ClassLabel, Value

    span = {"id": Value("string"), "start": Value("int32"), "end": Value("int32"), "text": Value("string")}
    if layer == "entities":
        return {**span, "type": ClassLabel(names=list(ENTITY_TYPES)), "canonical": Value("string")}
    if layer == "timex":
        return {**span, "type": ClassLabel(names=list(TIMEX_TYPES)), "value": Value("string"),
                "mod": Value("string")}
    return {**span, "value": Value("float64"), "value_min": Value("float64"), "value_max": Value("float64"),
            "qualifier": ClassLabel(names=list(QUALIFIERS)), "unit": Value("string"),
            "subject": Value("string"), "time": Value("string"), "location": Value("string"),
            "source": Value("string"), "modality": ClassLabel(names=list(MODALITIES))}


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


def card_yaml(gold: GoldCorpus, files: dict[str, str], counts: dict[str, int]) -> str:
    """The YAML header of ``dataset/README.md``, generated from the Features objects."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    card = DatasetCardData(
        language=["ar"], license=gold.metadata.license.lower(), pretty_name="Arabic News IE Benchmark",
        task_categories=["token-classification"],
        task_ids=["named-entity-recognition"], multilinguality="monolingual", size_categories=["n<1K"],
        source_datasets=["original"], annotations_creators=["expert-generated"],
        language_creators=["found"],
        tags=["arabic", "named-entity-recognition", "timex3", "temporal-expressions", "numeric-claims",
              "information-extraction", "benchmark"],
        configs=[{"config_name": c, "data_files": [{"split": "test", "path": files[c]}],
                  **({"default": True} if c == "documents" else {})} for c in CONFIGS],
    )
    infos = DatasetInfosDict({
        c: DatasetInfo(features=features(c), config_name=c, dataset_name="arabic_ie_bench",
                       version=gold.metadata.version,
                       splits=SplitDict({"test": SplitInfo(name="test", num_examples=counts[c])}))
        for c in CONFIGS
    })
    infos.to_dataset_card_data(card)
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
    for config in CONFIGS:
        data = rows(gold, config)
        counts[config] = len(data)
        rel = f"data/{config}/test-{_digest([{'config': config}, *data])}.parquet"
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        feats = features(config)
        columns = {name: [row[name] for row in data] for name in feats}
        Dataset.from_dict(columns, features=feats).to_parquet(str(target))
        files[config] = rel
    readme = f"---\n{card_yaml(gold, files, counts)}\n---\n\n{card_text}"
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
