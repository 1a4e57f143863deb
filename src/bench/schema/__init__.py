"""Pydantic models for everything read or written: documents, annotations, predictions.

Span convention, stated once: ``start`` and ``end`` are Unicode code-point offsets into the
document's original text, half-open ``[start, end)``, and ``text == doc.text[start:end]``.
Normalisation changes comparisons, never offsets.
"""
