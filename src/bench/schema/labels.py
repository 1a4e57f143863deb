"""Closed sets, each declared once: the layers, the entity schemes and views, and the label sets of the
three layers (the guidelines define each label). Everything else (settings, CLI choices, tables)
derives from these."""

from __future__ import annotations

from typing import Literal, get_args

EntityType = Literal[
    "PERS", "NORP", "OCC", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "LANGUAGE", "WEBSITE",
]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
TimexMod = Literal[
    "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
    "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX",
]
Qualifier = Literal[
    "exact", "approximate", "more_than", "less_than", "at_least", "at_most", "range", "vague",
]
Modality = Literal["asserted", "reported", "planned", "hypothetical"]

ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
NAMED_TYPES: frozenset[str] = frozenset({"PERS", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW"})
"""Entity types whose mentions name one real-world entity and so must carry a ``canonical`` name
(guidelines §1.5); NORP and OCC canonicals are optional descriptions, not entity names."""
TIMEX_TYPES: tuple[str, ...] = get_args(TimexType)
TIMEX_MODS: tuple[str, ...] = get_args(TimexMod)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
MODALITIES: tuple[str, ...] = get_args(Modality)

Layer = Literal["entities", "timex", "numeric"]
LAYERS: tuple[str, ...] = get_args(Layer)
"""The three layers, in the order every report, table and file lists them."""

Scheme = Literal["strict", "exact", "partial", "type", "clitic"]
SCHEMES: tuple[str, ...] = get_args(Scheme)
"""The entity schemes: the four of SemEval-2013 Task 9.1, and ``clitic``, strict under the proclitic
boundary rule of :mod:`bench.matching.boundary` (:mod:`bench.metrics.entities` states their rules)."""

View = Literal["nested", "outermost"]
VIEWS: tuple[str, ...] = get_args(View)
"""The entity views: every mention, or the mentions not inside another (:func:`bench.matching.spans.outermost`)."""

CompatName = Literal["nervaluate", "tempeval3", "conlleval"]
COMPAT_MODES: tuple[str, ...] = get_args(CompatName)
"""The compatibility modes' names; :data:`bench.compat.MODES` registers one protocol under each."""

Format = Literal["jsonl", "conll", "timeml", "brat"]
FORMATS: tuple[str, ...] = get_args(Format)
"""The prediction formats :mod:`bench.io.formats` reads (declared here so the CLI's options need no reader)."""
