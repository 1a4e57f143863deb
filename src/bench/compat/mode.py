"""The protocol every compatibility mode follows (one module per mode, registered in :mod:`bench.compat`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.schema.document import GoldDocument
from bench.schema.labels import Layer


@dataclass(frozen=True)
class CompatMode:
    """An anchor's own counting rule: which layer it reads, and how it counts and reports.

    The scorer calls ``collect`` once per document with that layer's placed predictions
    (``resolved``) and the ones it could not place (``unplaced``), threading the state through;
    ``finish`` turns the corpus state into the mode's part of :class:`bench.schema.results.Compat`.
    """

    name: str
    layer: Layer
    start: Callable[[], Any]
    collect: Callable[[Any, GoldDocument, Sequence[Any], Sequence[Any]], Any]
    finish: Callable[[Any], Any]
