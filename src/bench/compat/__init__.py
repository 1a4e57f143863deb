"""Compatibility modes: the anchors' own counting rules, reproduced so numbers can be compared.

Each mode is reported beside the default (never instead of it) and named in the signature:

* ``nervaluate`` — nervaluate 1.2.1's greedy first-match strategies (:mod:`.nervaluate`);
* ``tempeval3`` — the TempEval-3 toolkit's timex counting (:mod:`.tempeval3`);
* ``conlleval`` — conlleval/seqeval chunk scoring on the IOB2 export (:mod:`.conlleval`).

:data:`MODES` is the registry; its names are :data:`bench.schema.labels.COMPAT_MODES`, the one list
the settings and the CLI's ``--compat`` choices read.
"""

from __future__ import annotations

from bench.compat import conlleval, nervaluate, tempeval3
from bench.compat.mode import CompatMode

MODES: dict[str, CompatMode] = {mode.name: mode for mode in (nervaluate.MODE, tempeval3.MODE, conlleval.MODE)}
"""Every compatibility mode by name, in the order of :data:`bench.schema.labels.COMPAT_MODES`."""

__all__ = ["MODES", "CompatMode"]
