"""The reproducibility signature printed with every score (after sacrebleu's signature).

Built from the configuration and the gold, never from object internals::

    bench:0.1.0|gold:0.1.0+3f2a9c1d0e4b|layers:entities,timex,numeric|match:optimal-1to1|
    norm:ar-1|timex:1|unit:sentence|bs:1000|seed:12345|ci:0.95|align:offsets
"""

from __future__ import annotations

from bench import __version__
from bench.config import ScoreConfig
from bench.normalize import NORMALIZATION_VERSION
from bench.segments import UNIT
from bench.timex import CANON_VERSION


def signature(config: ScoreConfig, gold_signature: str, alignment: str) -> str:
    parts = [
        ("bench", __version__),
        ("gold", gold_signature),
        ("layers", ",".join(config.layers)),
        ("match", "optimal-1to1"),
        ("norm", NORMALIZATION_VERSION),
        ("timex", CANON_VERSION),
        ("unit", UNIT),
        ("bs", str(config.bootstrap_samples)),
        ("seed", str(config.seed)),
        ("ci", f"{config.confidence:g}"),
        ("align", alignment),
    ]
    if config.compat:
        parts.append(("compat", "+".join(config.compat)))
    return "|".join(f"{k}:{v}" for k, v in parts)
