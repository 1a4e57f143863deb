"""The reproducibility signature printed with every score (after sacrebleu's signature).

Built from the configuration and the gold, never from object internals::

    bench:0.4.6|gold:0.3.0+3f2a9c1d0e4b|layers:entities,timex,numeric|scheme:strict|clitic:ar-clitic-1|
    match:extent-1to1-3|norm:ar-2|names:names-2|timex:1|unit:sentence|bs:1000|draw:units-2|seed:12345|ci:0.95|
    align:offsets

``place:…`` follows ``align`` whenever predictions without offsets were placed (``strings`` or
``mixed``), naming the placement rule (:data:`bench.matching.placement.PLACEMENT_VERSION`).
"""

from __future__ import annotations

from bench import __version__
from bench.matching.assign import MATCHING_VERSION
from bench.matching.boundary import CLITIC_VERSION
from bench.matching.names import NAMES_VERSION
from bench.matching.placement import PLACEMENT_VERSION
from bench.metrics.resampling import RESAMPLING_VERSION
from bench.schema.config import ScoreConfig
from bench.text.normalize import NORMALIZATION_VERSION
from bench.text.segments import UNIT
from bench.text.timex import CANON_VERSION


def signature(config: ScoreConfig, gold_signature: str, alignment: str) -> str:
    """The signature of a score: every setting that changes a number, and the versions of each rule.

    ``scheme`` (the entity scheme of the per-type and per-document tables) is named whenever
    entities are scored, since ``--scheme`` changes those numbers; so is ``clitic``, the boundary
    rule of the ``clitic`` scheme (:mod:`bench.matching.boundary`).
    """
    parts = [
        ("bench", __version__),
        ("gold", gold_signature),
        ("layers", ",".join(config.layers)),
        *([("scheme", config.primary_scheme), ("clitic", CLITIC_VERSION)] if "entities" in config.layers else []),
        ("match", MATCHING_VERSION),
        ("norm", NORMALIZATION_VERSION),
        ("names", NAMES_VERSION),
        ("timex", CANON_VERSION),
        ("unit", UNIT),
        ("bs", str(config.bootstrap_samples)),
        ("draw", RESAMPLING_VERSION),
        ("seed", str(config.seed)),
        ("ci", f"{config.confidence:g}"),
        ("align", alignment),
    ]
    if any(mode in alignment for mode in ("strings", "mixed")):
        parts.append(("place", PLACEMENT_VERSION))
    if config.compat:
        parts.append(("compat", "+".join(config.compat)))
    return "|".join(f"{k}:{v}" for k, v in parts)
