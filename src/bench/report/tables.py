"""Reports as plain tables (title, header, rows of strings), shared by every text renderer."""

from __future__ import annotations

from dataclasses import dataclass

from bench.report.model import Comparison, FieldScore, Interval, Report, SpanScore


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def ci(interval: Interval | None) -> str:
    return "–" if interval is None else f"[{100 * interval.low:.1f}, {100 * interval.high:.1f}]"


SPAN_HEADER = ("", "COR", "INC", "PAR", "MIS", "SPU", "P", "R", "F1", "F1 95% CI")
FIELD_HEADER = ("field", "compared as", "correct", "matched", "gold", "pred", "acc", "P", "R", "F1", "F1 95% CI")


def span_row(name: str, s: SpanScore) -> tuple[str, ...]:
    return (name, str(s.cor), str(s.inc), str(s.par), str(s.mis), str(s.spu), pct(s.precision), pct(s.recall),
            pct(s.f1), ci(s.f1_ci))


def field_row(f: FieldScore) -> tuple[str, ...]:
    return (f.field, f.compared_as, str(f.correct), str(f.matched), str(f.gold), str(f.pred), pct(f.accuracy),
            pct(f.precision), pct(f.recall), pct(f.f1), ci(f.f1_ci))


def report_tables(report: Report) -> list[Table]:
    tables: list[Table] = []
    if report.entities is not None:
        for view in ("nested", "outermost"):
            schemes = getattr(report.entities, view)
            rows = [span_row(name, s.overall) for name, s in schemes.items()]
            rows += [(f"{name} (macro over types)", *[""] * 7, pct(s.macro_f1), "") for name, s in schemes.items()]
            tables.append(Table(f"Entities, {view} view: SemEval-2013 schemes", SPAN_HEADER, tuple(rows)))
        primary = report.entities.nested[report.config.primary_scheme]
        tables.append(Table(f"Entities per type ({report.config.primary_scheme}, nested view)", SPAN_HEADER,
                            tuple(span_row(t, s) for t, s in primary.per_type.items())))
    for layer, title in (("timex", "Temporal expressions (TIMEX3)"), ("numeric", "Numeric claims")):
        part = getattr(report, layer)
        if part is None:
            continue
        tables.append(Table(f"{title}: spans", SPAN_HEADER,
                            (span_row("strict", part.strict), span_row("relaxed", part.relaxed))))
        tables.append(Table(f"{title}: fields over relaxed matches", FIELD_HEADER,
                            tuple(field_row(f) for f in part.fields)))
    layers = [x for x in ("entities", "timex", "numeric") if getattr(report, x) is not None]
    names = {"entities": f"entities {report.config.primary_scheme} F1", "timex": "timex relaxed F1",
             "numeric": "numeric relaxed F1"}
    tables.append(Table("Per document", ("document", *[names[x] for x in layers]),
                        tuple((d.doc_id, *[pct(getattr(d, f"{x}_f1")) for x in layers]) for d in report.per_document)))
    return tables


def comparison_table(comparison: Comparison) -> Table:
    rows = tuple((r.metric, pct(r.a), pct(r.b), pct(r.delta), ci(r.delta_ci),
                  "–" if r.p_value is None else f"{r.p_value:.4f}") for r in comparison.rows)
    return Table(f"{comparison.b} vs {comparison.a} (Δ = B − A; approximate randomisation, {comparison.trials} trials)",
                 ("metric", f"A: {comparison.a}", f"B: {comparison.b}", "Δ", "Δ 95% CI", "p"), rows)
