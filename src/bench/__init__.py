"""Arabic news information-extraction benchmark: gold loading and scoring.

The public API is small and importable from a notebook::

    import bench
    report = bench.evaluate("pred.jsonl")       # a path, a list of dicts, or a datasets.Dataset
    report.to_dataframe()

    from bench import load_gold, read_predictions, score, ScoreConfig
    report = score(load_gold(), read_predictions("pred.jsonl"), config=ScoreConfig())

Heavy modules are imported lazily so that ``bench --help`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.4.6"

_EXPORTS = {
    "BenchError": "bench.errors",
    "InputError": "bench.errors",
    "Document": "bench.schema.document",
    "GoldDocument": "bench.schema.document",
    "DocumentPrediction": "bench.schema.predictions",
    "load_gold": "bench.io.gold",
    "read_predictions": "bench.io.predictions",
    "ScoreConfig": "bench.schema.config",
    "score": "bench.scoring",
    "evaluate": "bench.scoring.evaluation",
    "compare": "bench.scoring",
    "Report": "bench.schema.results",
}

if TYPE_CHECKING:  # pragma: no cover
    from bench.errors import BenchError, InputError
    from bench.io.gold import load_gold
    from bench.io.predictions import read_predictions
    from bench.schema.config import ScoreConfig
    from bench.schema.document import Document, GoldDocument
    from bench.schema.predictions import DocumentPrediction
    from bench.schema.results import Report
    from bench.scoring import compare, score
    from bench.scoring.evaluation import evaluate


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'bench' has no attribute {name!r}")


__all__ = sorted(_EXPORTS) + ["__version__"]
