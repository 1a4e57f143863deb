"""Counts per layer, type and document."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from bench.io.gold import GoldCorpus
from bench.schema.labels import ENTITY_TYPES, TIMEX_TYPES


def counts(corpus: GoldCorpus) -> dict[str, dict[str, int]]:
    """``{row: {column: count}}`` with rows per document and a total row."""
    table: dict[str, dict[str, int]] = {}
    for doc in corpus.documents:
        row = Counter()
        row["characters"] = len(doc.text)
        row["entities"] = len(doc.entities)
        row["timex"] = len(doc.timex)
        row["numeric"] = len(doc.numeric)
        row.update(f"ent:{e.type}" for e in doc.entities)
        row.update(f"timex:{t.type}" for t in doc.timex)
        table[doc.id] = dict(row)
    total = Counter()
    for row in table.values():
        total.update(row)
    table["total"] = dict(total)
    return table


def _columns(table: dict[str, dict[str, int]]) -> list[str]:
    present = set().union(*table.values())
    cols = ["characters", "entities", "timex", "numeric"]
    cols += [f"ent:{t}" for t in ENTITY_TYPES if f"ent:{t}" in present]
    cols += [f"timex:{t}" for t in TIMEX_TYPES if f"timex:{t}" in present]
    return cols


def stats_markdown(corpus: GoldCorpus) -> str:
    """The counts as a Markdown table, a row per document and a total row (the dataset card's block)."""
    table = counts(corpus)
    cols = _columns(table)
    lines = ["| document | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    lines += ["| " + doc + " | " + " | ".join(str(row.get(c, 0)) for c in cols) + " |" for doc, row in table.items()]
    return "\n".join(lines) + "\n"


def stats_text(corpus: GoldCorpus) -> str:
    """The counts for a terminal: a column per document and the total, a row per count."""
    table = counts(corpus)
    cols = _columns(table)
    width = max(len(c) for c in cols)
    out = [" " * width + "  " + "  ".join(f"{d:>8}" for d in table)]
    out += [f"{c:<{width}}  " + "  ".join(f"{table[d].get(c, 0):>8}" for d in table) for c in cols]
    return "\n".join(out) + "\n"


def stats_json(corpus: GoldCorpus) -> str:
    """The counts (:func:`counts`) as one JSON object."""
    return json.dumps(counts(corpus), ensure_ascii=False, indent=2) + "\n"


STATS_RENDERERS = {"text": stats_text, "json": stats_json, "markdown": stats_markdown}
"""The output formats of ``bench stats``; there is no LaTeX table of the counts."""


@dataclass(frozen=True)
class QuoteCoverage:
    """How much of the gold the guidelines quote: their «…» examples, and the annotations whose
    annotated string occurs inside one of them (per layer, ``(quoted, total)``)."""

    quotations: int
    distinct: int
    entities: tuple[int, int]
    timex: tuple[int, int]
    numeric: tuple[int, int]


def quote_coverage(corpus: GoldCorpus, guidelines: str) -> QuoteCoverage:
    """Measure :class:`QuoteCoverage` of ``guidelines`` (the text of GUIDELINES.md) over ``corpus``.

    Examples quote the five texts, so a system given the guidelines would see answers: the card
    states these numbers, and says never to give the guidelines to a system under test.
    """
    quotes = re.findall(r"«([^»]+)»", guidelines)

    def covered(items) -> tuple[int, int]:
        return sum(any(item.text in q for q in quotes) for item in items), len(items)

    docs = corpus.documents
    return QuoteCoverage(
        quotations=len(quotes), distinct=len(set(quotes)),
        entities=covered([e for d in docs for e in d.entities]),
        timex=covered([t for d in docs for t in d.timex]),
        numeric=covered([c for d in docs for c in d.numeric]))
