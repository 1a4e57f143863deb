"""Scoring settings: the one place defaults live. The CLI and the signature both read this model."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from bench.schema.base import Frozen
from bench.schema.labels import LAYERS, Layer, Scheme

CompatName = Literal["nervaluate", "tempeval3", "conlleval"]
COMPAT_MODES: tuple[str, ...] = get_args(CompatName)
"""The compatibility modes' names; :data:`bench.compat.MODES` registers one protocol under each."""


class ScoreConfig(Frozen):
    """How a score is computed. Every field that changes a number is in the signature."""

    layers: tuple[Layer, ...] = LAYERS
    bootstrap_samples: int = Field(1000, ge=0, le=100_000)
    """Resamples for 95% confidence intervals; 0 turns them off."""
    randomization_trials: int = Field(10_000, ge=0, le=1_000_000)
    """Trials of the approximate randomisation test in comparisons."""
    seed: int = 12345
    confidence: float = Field(0.95, gt=0, lt=1)
    allow_missing: bool = False
    """Score gold documents without a prediction line as empty instead of refusing the file."""
    collect_errors: bool = True
    """Keep every error-analysis item (turn off for very large prediction files). ``bench score`` keeps them
    only when ``--errors`` asks for the error report, its one difference from these defaults."""
    primary_scheme: Scheme = "strict"
    """The entity scheme shown as the headline number."""
    compat: tuple[CompatName, ...] = ()
    """Anchors' own counting rules to report beside the default (:mod:`bench.compat`)."""
