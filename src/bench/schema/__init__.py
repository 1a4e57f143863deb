"""Pydantic models for everything read or written: documents, annotations, predictions.

Span convention, stated once: ``start`` and ``end`` are Unicode code-point offsets into the
document's original text, half-open ``[start, end)``, and ``text == doc.text[start:end]``.
Normalisation changes comparisons, never offsets.
"""

from __future__ import annotations

from typing import Any

SCHEMA_KINDS = ("predictions", "gold", "report")


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a predictions line, a gold document, or the JSON report (``bench score --json``)."""
    from bench.schema.document import GoldDocument
    from bench.schema.predictions import DocumentPrediction
    from bench.schema.results import Report

    models = {"predictions": DocumentPrediction, "gold": GoldDocument, "report": Report}
    if kind not in models:
        raise ValueError(f"unknown schema '{kind}': choose one of {', '.join(SCHEMA_KINDS)}")
    return models[kind].model_json_schema()
