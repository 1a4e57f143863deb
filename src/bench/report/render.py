"""Renderers: terminal text, JSON, Markdown and LaTeX (:mod:`bench.report.latex`). Each takes a Report
(or Comparison)."""

from __future__ import annotations

from bench.report import OUTPUT_FORMATS
from bench.report.latex import to_latex
from bench.report.tables import Table, comparison_table, report_tables
from bench.schema.results import Comparison, Report


def _tables(obj: Report | Comparison) -> list[Table]:
    return report_tables(obj) if isinstance(obj, Report) else [comparison_table(obj)]


def _footer(obj: Report | Comparison) -> list[str]:
    lines = [f"signature: {obj.signature}"]
    if isinstance(obj, Report):
        a = obj.alignment
        lines.insert(0, f"alignment: {a.mode} (with offsets {a.with_offsets}, placed from strings {a.placed}, "
                        f"unplaced {a.unplaced}); resampling unit: sentence ({obj.units} units)")
    return lines


def to_json(obj: Report | Comparison) -> str:
    """Byte-identical for identical inputs: field order is fixed by the models."""
    return obj.model_dump_json(indent=2) + "\n"


def to_text(obj: Report | Comparison) -> str:
    """Plain-text tables for a terminal, then the alignment and the signature."""
    out: list[str] = []
    for table in _tables(obj):
        cells = [table.header, *table.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(table.header))]
        out.append(table.title)
        for n, row in enumerate(cells):
            out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        out.append("")
    return "\n".join(out + _footer(obj)) + "\n"


def to_markdown(obj: Report | Comparison) -> str:
    """Markdown tables, then the alignment and the signature."""
    out: list[str] = []
    for table in _tables(obj):
        out += [f"**{table.title}**", "", "| " + " | ".join(table.header) + " |",
                "|" + "|".join("---" for _ in table.header) + "|"]
        out += ["| " + " | ".join(row) + " |" for row in table.rows]
        out.append("")
    return "\n".join(out + [f"`{line}`  " for line in _footer(obj)]) + "\n"


RENDERERS = dict(zip(OUTPUT_FORMATS, (to_text, to_json, to_markdown, to_latex), strict=True))
"""One renderer per output format, in the order of :data:`bench.report.OUTPUT_FORMATS`."""
