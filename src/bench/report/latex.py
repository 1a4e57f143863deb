"""LaTeX tables for a paper (``bench score --latex``).

The default output is one compact table, ``\\label{tab:bench-main}``, that fits one column of a
two-column ACL-style article (``\\columnwidth`` = 7.7 cm): one row per layer and measure, the P, R and
F1 a paper reports, and the F1's confidence interval. ``detailed=True`` adds every table of the
text report (counts, per type, per field, per document, compat), each a full-width ``table*`` with a
``\\label``. The only package needed is ``booktabs`` (Fear, *Publication quality tables in LaTeX*),
as the comment on top of the output says; a test compiles the output with pdflatex in a two-column
article and checks that no box is overfull.
"""

from __future__ import annotations

import re

from bench.report.tables import Table, ci, comparison_table, pct, report_tables
from bench.schema.results import Comparison, FieldScore, Report, SpanScore

PREAMBLE = ("% Tables by bench (arabic-ie-bench). Requires in the preamble: \\usepackage{booktabs}",
            "% Main table: one column of a two-column article; detailed tables (--detailed): table*, full width.")


def tex(text: str) -> str:
    """``text`` with LaTeX's special characters escaped (and typographic characters as LaTeX input)."""
    for a, b in (("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("&", r"\&"), ("%", r"\%"),
                 ("_", r"\_"), ("#", r"\#"), ("$", r"\$"), ("^", r"\^{}"), ("~", r"\~{}"),
                 ("–", "--"), ("Δ", r"$\Delta$"), ("−", "-"), ("×", r"$\times$")):
        text = text.replace(a, b)
    return text


def _label(title: str) -> str:
    return "tab:bench-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _tabular(header: tuple[str, ...], rows: list[tuple[str, ...]], align: str) -> list[str]:
    out = [rf"\begin{{tabular}}{{@{{}}{align}@{{}}}}", r"\toprule", " & ".join(header) + r" \\", r"\midrule"]
    for row in rows:
        out.append(r"\midrule" if row == ("MIDRULE",) else " & ".join(row) + r" \\")
    return out + [r"\bottomrule", r"\end{tabular}"]


def _float(env: str, caption: str, label: str, body: list[str]) -> list[str]:
    # 4pt instead of LaTeX's 6pt between columns is what lets the main table fit \columnwidth.
    return [rf"\begin{{{env}}}[t]", r"\centering", r"\small", r"\setlength{\tabcolsep}{4pt}", *body,
            rf"\caption{{{caption}}}", rf"\label{{{label}}}", rf"\end{{{env}}}", ""]


def _prf(s: SpanScore | FieldScore) -> tuple[str, str, str, str]:
    return (tex(pct(s.precision)), tex(pct(s.recall)), tex(pct(s.f1)), tex(ci(s.f1_ci)))


def main_rows(report: Report) -> list[tuple[str, ...]]:
    """The rows of the main table: a layer heading, then one row per measure."""
    rows: list[tuple[str, ...]] = []

    def heading(text: str) -> None:
        if rows:
            rows.append(("MIDRULE",))
        rows.append((rf"\multicolumn{{5}}{{@{{}}l}}{{\textit{{{text}}}}}",))

    if report.entities is not None:
        heading("Entities (nested)")
        rows += [(rf"\quad {name}", *_prf(s.overall)) for name, s in report.entities.nested.items()]
    for layer, title in (("timex", "TIMEX3"), ("numeric", "Numeric claims")):
        part = getattr(report, layer)
        if part is None:
            continue
        heading(title)
        rows += [(r"\quad strict span", *_prf(part.strict)), (r"\quad relaxed span", *_prf(part.relaxed))]
        wanted = ("type", "value") if layer == "timex" else ("value",)
        rows += [(rf"\quad attribute {f.field}", *_prf(f)) for f in part.fields if f.field in wanted]
    return rows


def main_table(report: Report) -> list[str]:
    """The one-column main table: a row per layer and measure with P, R, F1 and the F1's CI."""
    level = round(100 * report.config.confidence)
    caption = (f"Scores on the Arabic News IE Benchmark (\\%). Entities: SemEval-2013 schemes; TIMEX3 and "
               f"numeric claims: span match and attribute F1 over relaxed matches. {level}\\% bootstrap CI of "
               f"F1 over sentence units.")
    if not report.config.bootstrap_samples:
        caption = caption.rsplit(" " + str(level), 1)[0]
    header = ("", "P", "R", "F1", f"{level}\\% CI")
    return _float("table", caption, "tab:bench-main", _tabular(header, main_rows(report), "lrrrr"))


WRAPPED = {"compared as": "2.0cm"}
"""Columns of prose, set in a ragged box of this width so that the table fits \textwidth."""


def _cell(text: str, column: str) -> str:
    width = WRAPPED.get(column)
    if not width or not text:
        return tex(text)
    return rf"\parbox[t]{{{width}}}{{\raggedright {tex(text).replace('/', '/' + chr(92) + 'allowbreak{}')}}}"


def _detailed(table: Table) -> list[str]:
    header = tuple(tex(h) for h in table.header)
    rows = [tuple(_cell(c, h) for c, h in zip(row, table.header)) for row in table.rows]
    align = "".join("l" if i == 0 or h in WRAPPED else "r" for i, h in enumerate(table.header))
    return _float("table*", tex(table.title), _label(table.title), _tabular(header, rows, align))


def to_latex(obj: Report | Comparison, *, detailed: bool = False) -> str:
    """LaTeX tables of a report (the main table, and with ``detailed`` every table) or a comparison."""
    out = list(PREAMBLE) + [""]
    if isinstance(obj, Report):
        out += main_table(obj)
        if detailed:
            for table in report_tables(obj):
                out += _detailed(table)
        a = obj.alignment
        out.append(f"% alignment: {a.mode} (with offsets {a.with_offsets}, placed from strings {a.placed}, "
                   f"unplaced {a.unplaced}); resampling unit: sentence ({obj.units} units)")
    else:
        table = comparison_table(obj)
        rows = [tuple(tex(c) for c in r) for r in table.rows]
        header = ("metric", "A", "B", r"$\Delta$", r"$\Delta$ 95\% CI", "$p$")
        caption = (f"{tex(obj.b)} (B) vs {tex(obj.a)} (A), F1 in \\%: $\\Delta$ = B $-$ A with a paired bootstrap "
                   f"CI; $p$: approximate randomisation, {obj.trials} trials.")
        out += _float("table*", caption, "tab:bench-comparison", _tabular(header, rows, "lrrrrr"))
    out.append(f"% signature: {obj.signature}")
    return "\n".join(out) + "\n"
