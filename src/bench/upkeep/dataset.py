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
from bench.io.hf_dataset import CONFIGS, decode_row, features, rows
from bench.schema.document import GoldDocument


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

    from bench.upkeep.citation import REPOSITORY, bibtex, repository_file

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
    from bench.upkeep.croissant import write_croissant

    write_croissant(gold, staging, files, card_text)
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return files


def read_built(out: Path) -> list[GoldDocument]:
    """Read the ``documents`` config of a built dataset back into gold documents (for round trips)."""
    import pyarrow.parquet as pq

    (path,) = sorted((out / "data" / "documents").glob("*.parquet"))
    return [GoldDocument.model_validate(decode_row(row)) for row in pq.read_table(path).to_pylist()]
