"""Compatibility modes: the anchors' own counting rules, reproduced so numbers can be compared.

Each mode is reported beside the default (never instead of it) and named in the signature:

* ``nervaluate`` — nervaluate 1.2.1's greedy first-match strategies (:mod:`.nervaluate`);
* ``tempeval3`` — the TempEval-3 toolkit's timex counting (:mod:`.tempeval3`);
* ``conlleval`` — conlleval/seqeval chunk scoring on the IOB2 export (:mod:`.conlleval`).
"""

COMPAT_MODES = ("nervaluate", "tempeval3", "conlleval")
