"""Reports as plain tables (title, header, rows of strings), shared by every text renderer."""

from __future__ import annotations

from dataclasses import dataclass

from bench.schema.results import Comparison, FieldScore, Interval, Report, SpanScore


@dataclass(frozen=True)
class Table:
    """A titled table of strings, the one shape every text renderer draws."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def pct(value: float | None) -> str:
    """A ratio as a percentage with one decimal, or ``–`` when it is undefined (None)."""
    return "–" if value is None else f"{100 * value:.1f}"


def ci(interval: Interval | None) -> str:
    """A confidence interval as ``[low, high]`` in percent, or ``–`` when there is none."""
    return "–" if interval is None else f"[{100 * interval.low:.1f}, {100 * interval.high:.1f}]"


SPAN_HEADER = ("", "COR", "INC", "PAR", "MIS", "SPU", "P", "R", "F1", "F1 95% CI")
FIELD_HEADER = ("field", "compared as", "correct", "matched", "gold", "pred", "acc", "P", "R", "F1", "F1 95% CI",
                "token F1")


def span_row(name: str, s: SpanScore) -> tuple[str, ...]:
    """A table row of span counts (COR … SPU) and P, R, F1 with the F1's CI (SemEval-2013 counting, as in
    :mod:`bench.metrics.counts`).
    """
    return (name, str(s.cor), str(s.inc), str(s.par), str(s.mis), str(s.spu), pct(s.precision), pct(s.recall),
            pct(s.f1), ci(s.f1_ci))


def field_row(f: FieldScore) -> tuple[str, ...]:
    """A table row of one field's counts, accuracy, P, R, F1 with CI and token F1."""
    return (f.field, f.compared_as, str(f.correct), str(f.matched), str(f.gold), str(f.pred), pct(f.accuracy),
            pct(f.precision), pct(f.recall), pct(f.f1), ci(f.f1_ci), pct(f.token_f1))


def report_tables(report: Report) -> list[Table]:
    """Every table of a Report, in the order the renderers print them: entity schemes per view, per type and
    canonical names; spans and fields of each span layer; the anchors' counting; per document."""
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
        if report.entities.canonical is not None:
            tables.append(Table("Entities: canonical names (cross-document linking) over strict matches",
                                FIELD_HEADER, (field_row(report.entities.canonical),)))
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
    tables += compat_tables(report)
    tables.append(Table("Per document", ("document", *[names[x] for x in layers]),
                        tuple((d.doc_id, *[pct(getattr(d, f"{x}_f1")) for x in layers]) for d in report.per_document)))
    return tables


def compat_tables(report: Report) -> list[Table]:
    """The tables of the anchors' own counting (nervaluate, TempEval-3, conlleval), when the report has them."""
    compat = report.compat
    if compat is None:
        return []
    tables = []
    header = ("", "COR", "INC", "PAR", "MIS", "SPU", "P", "R", "F1")

    def row(name, s):
        return (name, str(s.cor), str(s.inc), str(s.par), str(s.mis), str(s.spu), pct(s.precision), pct(s.recall),
                pct(s.f1))

    if compat.nervaluate is not None:
        rows = tuple(row(strategy, cells["ALL"]) for strategy, cells in compat.nervaluate.strategies.items())
        tables.append(Table("Entities, --compat nervaluate (greedy first match, input order)", header, rows))
    if compat.conlleval is not None:
        rows = (row("overall", compat.conlleval.overall),)
        rows += tuple(row(t, s) for t, s in compat.conlleval.per_type.items())
        tables.append(Table(f"Entities, --compat conlleval (IOB2 chunks, tokenizer {compat.conlleval.tokenizer})",
                            header, rows))
    if compat.tempeval3 is not None:
        te3 = compat.tempeval3
        rows = tuple((name, f"{m.matched_system}/{m.system}", f"{m.matched_gold}/{m.gold}", pct(m.precision),
                      pct(m.recall), pct(m.f1)) for name, m in (("strict", te3.strict), ("relaxed", te3.relaxed)))
        rows += tuple((f"{a.attribute}{' (not in the toolkit)' if a.attribute == 'mod' else ''} "
                       f"(accuracy {pct(a.accuracy)})", "", f"{a.correct}/{a.matched}", "", "", pct(a.f1))
                      for a in te3.attributes)
        tables.append(Table("TIMEX3, --compat tempeval3 (TE3 toolkit: one-to-one pairs, attribute F1 = accuracy × "
                            "relaxed F1)",
                            ("", "system matched", "gold matched", "P", "R", "F1"), rows))
    return tables


def comparison_table(comparison: Comparison) -> Table:
    """The table of a comparison: F1 of A and B, ΔF1 with its paired bootstrap CI and the approximate-randomisation
    p-value per metric.
    """
    rows = tuple((r.metric, pct(r.a), pct(r.b), pct(r.delta), ci(r.delta_ci),
                  "–" if r.p_value is None else f"{r.p_value:.4f}") for r in comparison.rows)
    return Table(f"{comparison.b} vs {comparison.a} (Δ = B − A; approximate randomisation, {comparison.trials} trials)",
                 ("metric", f"A: {comparison.a}", f"B: {comparison.b}", "Δ", "Δ 95% CI", "p"), rows)
