"""The scoring settings' defaults, declared once. :class:`bench.schema.config.ScoreConfig` takes its
defaults from here and the CLI shows them in its options; this module imports no pydantic, so
``bench --help`` starts without building a model."""

from __future__ import annotations

from dataclasses import dataclass

from bench.schema.labels import LAYERS, CompatName, Scheme


@dataclass(frozen=True)
class Defaults:
    """One value per :class:`~bench.schema.config.ScoreConfig` field (its docstrings say what each does)."""

    layers: tuple[str, ...] = LAYERS
    bootstrap_samples: int = 1000
    randomization_trials: int = 10_000
    seed: int = 12345
    confidence: float = 0.95
    allow_missing: bool = False
    collect_errors: bool = True
    primary_scheme: Scheme = "strict"
    compat: tuple[CompatName, ...] = ()


DEFAULTS = Defaults()
