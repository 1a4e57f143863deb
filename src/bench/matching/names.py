"""Resolving names to the gold's canonical entities, in Arabic or English (rule :data:`NAMES_VERSION`).

A system may name an entity in a numeric claim's ``subject``, ``location`` or ``source``, or in an
entity's ``canonical``, by any of:

* its canonical name (``United States``),
* any string with which the corpus mentions it («الولايات المتحدة», «العراق»), except in an
  entity's own ``canonical`` (echoing the mention would otherwise link it),
* an alias listed in the gold's alias table (``annotations/gold/aliases.json``: ``US``, «أمريكا»).

Strings are compared after Arabic normalisation (:mod:`bench.text.normalize`), case folding, and with a
leading English article dropped (``the United States``). A string that names two different
entities (none does in this gold; the validator checks it) resolves to nothing. The index is one
table built from the whole gold corpus, the same for every prediction: it never depends on the gold
item a prediction is compared with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bench.text.normalize import normalize
from bench.text.tokenize import is_punctuation

NAMES_VERSION = "names-2"
"""Named in the signature. names-2: only PERS, ORG, GPE, LOC, FAC, EVENT and LAW mentions
(:data:`bench.schema.labels.NAMED_TYPES`) are names; a NORP or OCC mention string is not."""


def name_key(name: str) -> str:
    """The form two names are compared in."""
    key = normalize(name).casefold()
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class NameIndex:
    """Normalised name -> canonical name, in two tables; ambiguous names are left out (and listed)."""

    names: Mapping[str, str]
    """Canonical names and aliases."""
    mentions: Mapping[str, str]
    """Mention strings of the corpus."""
    ambiguous: Mapping[str, tuple[str, ...]]

    @classmethod
    def build(cls, names: Iterable[tuple[str, str]], mentions: Iterable[tuple[str, str]] = ()) -> NameIndex:
        """From ``(alias, canonical)`` and ``(mention string, canonical)`` pairs; every canonical name
        is also a name of itself."""
        found: dict[str, set[str]] = {}
        tables: tuple[dict[str, str], dict[str, str]] = ({}, {})
        for table, entries in zip(tables, (names, mentions)):
            for name, canonical in entries:
                for text, target in ((name, table), (canonical, tables[0])):
                    key = name_key(text)
                    if key:
                        found.setdefault(key, set()).add(canonical)
                        target[key] = canonical
        ambiguous = {k: tuple(sorted(v)) for k, v in found.items() if len(v) > 1}
        clean = [{k: v for k, v in table.items() if k not in ambiguous} for table in tables]
        return cls(names=clean[0], mentions=clean[1], ambiguous=ambiguous)

    def resolve(self, name: str | None, *, mentions: bool = True) -> str | None:
        """The canonical name ``name`` stands for, or None (no name, unknown, or ambiguous).

        ``mentions=False`` resolves canonical names and aliases only: an entity's ``canonical`` must
        *name* the entity, or linking would be won by echoing each mention's own text.
        """
        if name is None:
            return None
        key = name_key(name)
        found = self.names.get(key)
        if found is None and mentions:
            found = self.mentions.get(key)
        return found


def token_f1(gold: str | None, pred: str | None) -> float:
    """SQuAD-style token overlap F1 of two strings (Rajpurkar et al. 2016, ``evaluate-v1.1.py``).

    Tokens are the white-space separated words of the normalised, case-folded strings, with
    punctuation and the English articles a, an, the removed (as SQuAD's ``normalize_answer``);
    counted as a bag. Two missing values score 1, one missing value 0.
    """
    if gold is None or pred is None:
        return float(gold is None and pred is None)
    g, p = _tokens(gold), _tokens(pred)
    if not g or not p:
        return float(g == p)
    common = sum((Counter(g) & Counter(p)).values())
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _tokens(text: str) -> list[str]:
    kept = "".join(" " if is_punctuation(ch) else ch for ch in normalize(text).casefold())
    return [t for t in kept.split() if t not in _ARTICLES]


_ARTICLES = frozenset({"a", "an", "the"})
