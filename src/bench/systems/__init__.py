"""Extraction systems: the reference systems and the plugin interface.

A system is any Python callable ``(Document) -> DocumentPrediction``. ``bench run --system NAME``
takes a reference system's name or a ``module:callable`` spec, runs it over the documents (each
given its text and its DCT, nothing else) and writes a predictions file.

Reference systems (:data:`REFERENCE_SYSTEMS`): ``heideltime`` (HeidelTime's Arabic rules, TIMEX3),
``dateparser`` (``dateparser.search``, TIMEX3) and ``blind`` (the rule baseline, all layers, written
from a corpus-free summary of the conventions without access to the texts, the guidelines' examples
or any score).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.errors import BenchError, InputError

if TYPE_CHECKING:  # only annotations: `bench --help` imports this module for the systems' names
    from bench.io.gold import GoldCorpus
    from bench.schema.config import ScoreConfig
    from bench.schema.document import Document
    from bench.schema.predictions import DocumentPrediction
    from bench.schema.results import Report

System = Callable[["Document"], "DocumentPrediction"]
"""A system: the prediction for one document, given its text and DCT only."""

REFERENCE_SYSTEMS: dict[str, str] = {
    "heideltime": "bench.systems.heideltime:extract",
    "dateparser": "bench.systems.dateparser_system:extract",
    "blind": "bench.systems.blind:extract",
}


def load_system(spec: str) -> System:
    """A reference system by name, or any callable given as ``package.module:function``."""
    target = REFERENCE_SYSTEMS.get(spec, spec)
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise InputError(f"'{spec}' is neither a reference system ({', '.join(REFERENCE_SYSTEMS)}) nor a "
                         "'module:callable' spec", field="system")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())  # as `python -m` does: a module in the working folder is found
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(f"cannot import '{module_name}': {exc}", field="system") from None
    function = getattr(module, attr, None)
    if not callable(function):
        raise InputError(f"'{module_name}' has no callable '{attr}'", field="system")
    return function


def run_system(system: System, documents: Iterable[Document]) -> Iterator[DocumentPrediction]:
    """Apply ``system`` to each document, checking that it returns a prediction for that document."""
    from bench.schema.predictions import DocumentPrediction

    for doc in documents:
        try:
            pred = system(doc)
        except BenchError:
            raise
        except Exception as exc:  # a plugin's own failure, reported with the document it failed on
            raise InputError(f"system failed on document '{doc.id}': {type(exc).__name__}: {exc}",
                             field="system") from exc
        if not isinstance(pred, DocumentPrediction):
            raise InputError(f"system returned {type(pred).__name__} for '{doc.id}', not a DocumentPrediction",
                             field="system")
        if pred.id != doc.id:
            raise InputError(f"system returned a prediction for '{pred.id}' when given '{doc.id}'", field="system")
        yield pred


def default_output(spec: str) -> Path:
    """Where ``bench run`` writes a system's predictions: ``results/<name>.jsonl`` (``:`` becomes ``.``)."""
    return Path("results") / f"{spec.replace(':', '.')}.jsonl"


@dataclass(frozen=True)
class SystemRun:
    """What :func:`run` did: the predictions file written, the predictions, and their score."""

    path: Path
    predictions: tuple[DocumentPrediction, ...]
    report: Report


def run(gold: GoldCorpus, spec: str, *, output: Path | None = None, config: ScoreConfig | None = None,
        progress: Callable[[Iterable[Document]], Iterable[Document]] = iter) -> SystemRun:
    """``bench run``: the system ``spec`` (:func:`load_system`) over the gold's documents (text and DCT only),
    its predictions written to ``output`` (default: :func:`default_output`) and scored.

    ``progress`` wraps the stream of documents (the CLI shows a bar with it).
    """
    from bench.io.predictions import write_predictions
    from bench.scoring import score

    extract = load_system(spec)
    predictions = tuple(run_system(extract, progress([doc.as_input() for doc in gold.documents])))
    target = output or default_output(spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_predictions(target, list(predictions))
    return SystemRun(target, predictions, score(gold, predictions, config=config, source=target.name))
