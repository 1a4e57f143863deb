"""Scoring settings. The CLI and the signature both read this model; its defaults are
:data:`bench.schema.defaults.DEFAULTS`."""

from __future__ import annotations

from pydantic import Field

from bench.schema.base import Frozen
from bench.schema.defaults import DEFAULTS
from bench.schema.labels import COMPAT_MODES, CompatName, Layer, Scheme

__all__ = ["COMPAT_MODES", "CompatName", "ScoreConfig"]


class ScoreConfig(Frozen):
    """How a score is computed. Every field that changes a number is in the signature."""

    layers: tuple[Layer, ...] = DEFAULTS.layers
    bootstrap_samples: int = Field(DEFAULTS.bootstrap_samples, ge=0, le=100_000)
    """Resamples for 95% confidence intervals; 0 turns them off."""
    randomization_trials: int = Field(DEFAULTS.randomization_trials, ge=0, le=1_000_000)
    """Trials of the approximate randomisation test in comparisons."""
    seed: int = DEFAULTS.seed
    confidence: float = Field(DEFAULTS.confidence, gt=0, lt=1)
    allow_missing: bool = DEFAULTS.allow_missing
    """Score gold documents without a prediction line as empty instead of refusing the file."""
    collect_errors: bool = DEFAULTS.collect_errors
    """Keep every error-analysis item (turn off for very large prediction files). ``bench score`` keeps them
    only when ``--errors`` asks for the error report, its one difference from these defaults."""
    primary_scheme: Scheme = DEFAULTS.primary_scheme
    """The entity scheme shown as the headline number."""
    compat: tuple[CompatName, ...] = DEFAULTS.compat
    """Anchors' own counting rules to report beside the default (:mod:`bench.compat`)."""
