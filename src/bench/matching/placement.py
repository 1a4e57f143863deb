"""Placing string-only predictions (no offsets) on occurrences of their text in the document.

The placement is a function of the document text and of the system's own predictions, never of the
gold (rule :data:`PLACEMENT_VERSION`):

1. The candidate occurrences of a prediction's text are its occurrences after Arabic normalisation
   (:func:`bench.text.normalize.find_occurrences`) that end on a token end of the offset-keeping
   tokenizer (:func:`bench.text.tokenize.tokenize`, which splits proclitics off before the article) and
   start on a token start or right after a proclitic cluster opening a token (``[وف]?[بلك]?``, as in
   «وسوريا», «لطهران», «وبغداد»), in text order. «العراق» therefore finds the noun in «والعراق» and
   «سوريا» the one in «وسوريا», but neither finds letters inside another word, and a single letter
   finds nothing unless it stands as a token.
2. The string-only predictions of one layer with the same normalised text are ordered by their own
   content (:func:`content_key`: their fields other than id, offsets and text, as JSON with sorted
   keys), then by their text as given (which tells apart strings that normalise alike, such as
   one with a trailing space, so which of them is left unplaced never depends on the input order),
   and the k-th of them goes to the k-th candidate occurrence. Emitting a string k times
   claims its first k occurrences, exactly as offsets on those occurrences would.
3. A prediction left without an occurrence (none in the text, or fewer than the predictions of that
   string) is *unplaced* and counts as spurious.

Placed predictions are then scored exactly like predictions that came with offsets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bench.text.normalize import find_occurrences, normalize
from bench.text.tokenize import TOKENIZER_VERSION, tokenize

PLACEMENT_VERSION = f"kth-{TOKENIZER_VERSION}-clitic"
"""Named in the signature whenever a prediction was placed."""


_PROCLITICS = re.compile("[وف]?[بلك]?")


@dataclass(frozen=True)
class Placement:
    """Where the string-only predictions of one layer were placed in the text, and which found no occurrence left."""

    placed: dict[int, tuple[int, int]]
    """Prediction index -> (start, end) for string-only predictions that found an occurrence."""
    unplaced: list[int]


def content_key(item: Any) -> str:
    """A prediction's own content, to order predictions of one string: its fields other than the
    id, the offsets and the text, as JSON with sorted keys."""
    fields = item.model_dump(mode="json", exclude={"id", "start", "end", "text"})
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


class Placer:
    """Places string-only predictions in one document (token boundaries computed once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str, list[tuple[int, int]]] = {}

    @cached_property
    def _boundaries(self) -> tuple[set[int], set[int]]:
        """Where a candidate may start and end (tokenised only once a string needs placing)."""
        tokens = tokenize(self.text)
        starts = {t.start for t in tokens}
        for t in tokens:
            # «وبغداد» may be و + بغداد or وب + غداد: every cut inside the cluster is a candidate.
            cluster = _PROCLITICS.match(t.text).end()
            starts.update(t.start + cut for cut in range(1, min(cluster, len(t.text) - 1) + 1))
        return starts, {t.end for t in tokens}

    def occurrences(self, needle: str) -> list[tuple[int, int]]:
        """Candidate occurrences of ``needle``: normalised matches on token boundaries, in text order."""
        key = normalize(needle)
        if key not in self._found:
            starts, ends = self._boundaries
            self._found[key] = [(s, e) for s, e in find_occurrences(self.text, needle) if s in starts and e in ends]
        return self._found[key]

    def place(self, preds: Sequence[Any]) -> Placement:
        """Place the predictions of ``preds`` (one layer) that lack offsets.

        Predictions of one string with identical content are interchangeable, so the order among
        them (their input order) never shows in a report.
        """
        groups: dict[str, list[int]] = {}
        for i, p in enumerate(preds):
            if p.start is None:
                groups.setdefault(normalize(p.text), []).append(i)
        placed: dict[int, tuple[int, int]] = {}
        unplaced: list[int] = []
        for indices in groups.values():
            found = self.occurrences(preds[indices[0]].text)
            ordered = sorted(indices, key=lambda i: (content_key(preds[i]), preds[i].text, i))
            for k, i in enumerate(ordered):
                if k < len(found):
                    placed[i] = found[k]
                else:
                    unplaced.append(i)
        return Placement(placed, sorted(unplaced))
