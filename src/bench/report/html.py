"""A self-contained HTML error report: score tables, then every document with its spans highlighted.

``render_html(report, corpus)`` returns one HTML page (inline CSS and a few lines of inline JS, no
external assets); ``write_html(path, report, corpus)`` writes it as UTF-8. The report must have
been scored with ``collect_errors=True`` (the default).

Each document is shown right to left three times, stacked, once per layer (entities, TIMEX3,
numeric claims); check boxes at the top hide layers. Every outcome is ONE highlighted element
carrying ``data-layer``, ``data-doc``, ``data-category`` and ``data-outcome``, so that counting
elements per ``data-outcome`` gives the scorer's counts:

* entities, the SemEval-2013 *strict* scheme of the *nested* view
  (``report.entities.nested["strict"].overall``): COR → ``tp``; INC (a gold and a prediction that
  overlap with another type or other boundaries) → one ``error`` element, which counts as one FP
  and one FN; MIS → ``fn``; SPU → ``fp``. So P = tp / (tp + error + fp), R = tp / (tp + error + fn).
* TIMEX3 and numeric claims, the *relaxed* span match (``report.<layer>.relaxed``): every matched
  pair → ``tp`` (categories ``correct``, ``boundary`` or ``fields``: the last two are coloured as
  imperfect, but count as relaxed matches); missed → ``fn``; spurious → ``fp``.

A pair is drawn over the union of its two extents; when the extents differ, the gold extent is
underlined and the predicted one overlined. Nested spans are nested elements. A span that crosses
another is cut at the crossing: the first piece is the counted element, the rest are continuation
pieces (``data-cont``) without ``data-outcome``. Predictions without offsets whose string was not
found in the text (unplaced) are listed under the text as ``<li data-outcome="fp">``, not
highlighted: they are spurious for the scorer too. The error list records the strict scheme's own
outcomes (the scorer's one pairing per layer), so the page never matches anything again and its
counts equal the strict scheme's by construction.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from html import escape
from importlib.resources import files
from pathlib import Path

from bench.io.gold import GoldCorpus
from bench.report.tables import pct, report_tables
from bench.schema.document import GoldDocument
from bench.schema.results import Annotation, ErrorItem, Report

LAYERS = ("entities", "timex", "numeric")
LAYER_TITLES = {"entities": "Entities: strict scheme, nested view",
                "timex": "Temporal expressions (TIMEX3): relaxed span match",
                "numeric": "Numeric claims: relaxed span match"}
OUTCOMES = ("tp", "error", "fn", "fp")
# The CSS class (colour) of each category: imperfect matches share the amber "err" class.
CATEGORY_CLASS = {"correct": "tp", "type": "err", "boundary": "err", "boundary+type": "err", "fields": "err",
                  "missed": "fn", "spurious": "fp"}


@dataclass
class Mark:
    """One highlighted element: a counted outcome (rank 0) or an extent decoration (rank 1)."""

    start: int
    end: int
    rank: int
    classes: str
    attrs: dict[str, str] = field(default_factory=dict)
    title: str = ""

    def cut(self, at: int) -> tuple[Mark, Mark]:
        """The mark split at offset ``at``: the head keeps the outcome tag, the tail is marked as a continuation."""
        head = replace(self, end=at)
        attrs = {k: v for k, v in self.attrs.items() if k not in ("data-outcome", "data-tag")}
        tail = replace(self, start=at, attrs={**attrs, "data-cont": "1"} if self.rank == 0 else attrs,
                       classes=self.classes + " cont")
        return head, tail


@dataclass
class _Node:
    start: int
    end: int
    mark: Mark | None
    children: list[_Node] = field(default_factory=list)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _open(mark: Mark) -> str:
    attrs = "".join(f' {k}="{_attr(v)}"' for k, v in mark.attrs.items())
    title = f' title="{_attr(mark.title)}"' if mark.title else ""
    return f'<span class="{mark.classes}"{attrs}{title}>'


def nest(text: str, marks: list[Mark]) -> str:
    """``text`` as escaped HTML with every mark as a ``<span>``, properly nested.

    Marks are taken by start, longest first (counted marks before decorations, then in list
    order), and kept on a stack of open elements; a mark that ends after the innermost open element
    is cut there and its remainder queued as a continuation, so the tags always nest.
    """
    queue = [(m.start, -m.end, m.rank, i, m) for i, m in enumerate(marks)]
    heapq.heapify(queue)
    seq = len(marks)
    root = _Node(0, len(text), None)
    stack = [root]
    while queue:
        *_, mark = heapq.heappop(queue)
        while len(stack) > 1 and stack[-1].end <= mark.start:
            stack.pop()
        top = stack[-1]
        if mark.end > top.end:
            mark, rest = mark.cut(top.end)
            heapq.heappush(queue, (rest.start, -rest.end, rest.rank, seq, rest))
            seq += 1
        node = _Node(mark.start, mark.end, mark)
        top.children.append(node)
        stack.append(node)
    out: list[str] = []

    def emit(node: _Node) -> None:
        if node.mark is not None:
            out.append(_open(node.mark))
        pos = node.start
        for child in node.children:
            out.append(escape(text[pos:child.start], quote=False))
            emit(child)
            pos = child.end
        out.append(escape(text[pos:node.end], quote=False))
        if node.mark is not None:
            out.append("</span>")

    emit(root)
    return "".join(out)


# -- describing annotations --------------------------------------------------------------------

def _value(v: object) -> str:
    if v is None:
        return "–"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _side(name: str, a: Annotation, extra: dict[str, str] | None = None) -> str:
    where = f"[{a.start}:{a.end}]" if a.start is not None else "[unplaced]"
    label = f" {a.label}" if a.label else ""
    fields = {k: _value(v) for k, v in a.fields.items() if v is not None}
    fields.update(extra or {})
    tail = ", ".join(f"{k}={v}" for k, v in fields.items())
    return f"{name}:{label} «{a.text}» {where}" + (f"\n  {tail}" if tail else "")


def _field_lines(gold: Annotation, pred: Annotation, wrong: tuple[str, ...]) -> list[str]:
    names = list(dict.fromkeys([*gold.fields, *pred.fields]))
    lines = []
    for name in names:
        g, p = gold.fields.get(name), pred.fields.get(name)
        if g is None and p is None:
            continue
        bad = name in wrong or (name in ("value_min", "value_max") and "value" in wrong)
        lines.append(f"  {name}: gold {_value(g)} · predicted {_value(p)}" + ("  ✗" if bad else ""))
    return lines


def _tag(layer: str, gold: Annotation | None, pred: Annotation | None) -> str:
    """The short label drawn after a span (by CSS, not as text)."""
    if layer == "numeric":
        a = gold or pred
        assert a is not None
        if a.fields.get("value") is not None:
            return _value(a.fields["value"])
        if a.fields.get("value_min") is not None:
            return f"{_value(a.fields['value_min'])}–{_value(a.fields.get('value_max'))}"
        return "#"
    g, p = (gold.label if gold else None), (pred.label if pred else None)
    if gold and pred and g != p:
        return f"{g}→{p}"
    return str(g or p or "")


# -- building the marks of one document and layer -------------------------------------------------

@dataclass
class LayerView:
    """One layer's gold and predicted spans of a document, as the page draws them."""

    marks: list[Mark]
    unplaced: list[ErrorItem]
    counts: Counter


def _mark(layer: str, doc_id: str, category: str, outcome: str, gold: Annotation | None,
          pred: Annotation | None, info: list[str]) -> list[Mark]:
    sides = [a for a in (gold, pred) if a is not None]
    start = min(a.start for a in sides)  # type: ignore[type-var]
    end = max(a.end for a in sides)  # type: ignore[type-var]
    attrs = {"data-layer": layer, "data-doc": doc_id, "data-category": category, "data-outcome": outcome,
             "data-tag": _tag(layer, gold, pred)}
    title = "\n".join(info)
    marks = [Mark(start, end, 0, f"hl {CATEGORY_CLASS[category]}", attrs, title)]
    if gold is not None and pred is not None and (gold.start, gold.end) != (pred.start, pred.end):
        common = {"data-layer": layer, "data-doc": doc_id}
        marks.append(Mark(gold.start, gold.end, 1, "gx", dict(common), title))  # type: ignore[arg-type]
        marks.append(Mark(pred.start, pred.end, 1, "px", dict(common), title))  # type: ignore[arg-type]
    return marks


def _split_unplaced(items: list[ErrorItem]) -> tuple[list[ErrorItem], list[ErrorItem]]:
    """Items drawn on the text, and predictions without offsets that found no place (listed apart)."""
    placed: list[ErrorItem] = []
    unplaced: list[ErrorItem] = []
    for e in items:
        (unplaced if e.gold is None and e.pred is not None and e.pred.start is None else placed).append(e)
    return placed, unplaced


_ENTITY_RULE = {"correct": ("tp", "strict COR → TP"), "missed": ("fn", "strict MIS → FN"),
                "spurious": ("fp", "strict SPU → FP")}


def entity_view(doc: GoldDocument, items: list[ErrorItem]) -> LayerView:
    """The strict scheme's outcomes (nested view), exactly as the error items record them."""
    canonical = {(e.start, e.end, e.type): e.canonical for e in doc.entities if e.canonical}
    marks: list[Mark] = []
    placed, unplaced = _split_unplaced(items)
    counts: Counter = Counter(fp=len(unplaced))
    for e in placed:
        outcome, rule = _ENTITY_RULE.get(
            e.category, ("error", f"strict INC ({e.category}) → counts as FP and FN"))
        info = [rule]
        if e.gold is not None:
            key = (e.gold.start, e.gold.end, e.gold.label)
            info.append(_side("gold", e.gold, {"canonical": canonical[key]} if key in canonical else None))
        if e.pred is not None:
            info.append(_side("predicted", e.pred))
        marks += _mark("entities", doc.id, e.category, outcome, e.gold, e.pred, info)
        counts[outcome] += 1
    return LayerView(marks, unplaced, counts)


def span_view(layer: str, doc: GoldDocument, items: list[ErrorItem]) -> LayerView:
    """The relaxed match, exactly as the error items record it (they come from that match)."""
    marks: list[Mark] = []
    placed, unplaced = _split_unplaced(items)
    counts: Counter = Counter(fp=len(unplaced))
    for e in placed:
        if e.category in ("correct", "boundary", "fields"):
            outcome = "tp"
            notes = {"correct": "", "boundary": " (other boundaries: strict counts MIS + SPU)",
                     "fields": f" (wrong fields: {', '.join(e.wrong_fields)})"}
            info = [f"relaxed match → TP{notes[e.category]}"]
        else:
            outcome = "fn" if e.category == "missed" else "fp"
            info = ["relaxed: missed → FN" if outcome == "fn" else "relaxed: spurious → FP"]
        if e.gold is not None and e.pred is not None:
            info += [_side("gold", replace_fields(e.gold)), _side("predicted", replace_fields(e.pred))]
            info += _field_lines(e.gold, e.pred, e.wrong_fields)
        else:
            info.append(_side("gold" if e.gold is not None else "predicted", e.gold or e.pred))  # type: ignore[arg-type]
        marks += _mark(layer, doc.id, e.category, outcome, e.gold, e.pred, info)
        counts[outcome] += 1
    return LayerView(marks, unplaced, counts)


def replace_fields(a: Annotation) -> Annotation:
    """The side without its fields (a pair lists them side by side instead)."""
    return a.model_copy(update={"fields": {}})


def layer_views(report: Report, corpus: GoldCorpus) -> dict[tuple[str, str], LayerView]:
    """``(doc_id, layer) -> LayerView`` for every document of the corpus and layer of the report."""
    if not report.config.collect_errors:
        raise ValueError("the report has no error items: score with ScoreConfig(collect_errors=True)")
    docs = corpus.by_id()
    unknown = sorted({e.doc_id for e in report.errors} - set(docs))
    if unknown:
        raise ValueError(f"the report names documents not in this gold corpus: {', '.join(unknown)}")
    grouped: dict[tuple[str, str], list[ErrorItem]] = {}
    for e in report.errors:
        grouped.setdefault((e.doc_id, e.layer), []).append(e)
    views = {}
    for doc in corpus.documents:
        for layer in _layers(report):
            items = grouped.get((doc.id, layer), [])
            view = entity_view(doc, items) if layer == "entities" else span_view(layer, doc, items)
            for m in view.marks:
                if not 0 <= m.start <= m.end <= len(doc.text):
                    raise ValueError(f"{doc.id}: span [{m.start}:{m.end}] outside the text: wrong corpus?")
            # A canonical order, so the page does not depend on the order of the error items.
            view.marks.sort(key=lambda m: (m.start, -m.end, m.rank, m.classes, sorted(m.attrs.items()), m.title))
            views[doc.id, layer] = view
    return views


def _layers(report: Report) -> list[str]:
    return [layer for layer in LAYERS if getattr(report, layer) is not None]


def expected_counts(report: Report, layer: str) -> dict[str, int]:
    """The scorer's counts the highlighted elements must add up to (see the module docstring)."""
    part = getattr(report, layer)
    s = part.nested["strict"].overall if layer == "entities" else part.relaxed
    return {"tp": s.cor, "error": s.inc, "fn": s.mis, "fp": s.spu}


# -- the page -------------------------------------------------------------------------------------

def _static(name: str) -> str:
    """A file of the page's own style or script, shipped in the package (``bench/report/static``)."""
    return files("bench.report").joinpath("static", name).read_text(encoding="utf-8")


CSS = _static("report.css")
# Hovering shows every enclosing span's details (the title attribute shows only the innermost).
JS = _static("report.js")

LEGEND = (("tp", "correct"), ("err", "wrong type / boundary / fields"), ("fn", "missed"), ("fp", "spurious"))


# Counts, percentages, intervals and dashes are right-aligned; other cells may wrap.
NUMBER = re.compile(r"[\d.,/–\[\] -]*")


def _cell(text: str, may_be_number: bool) -> str:
    cls = ' class="n"' if may_be_number and NUMBER.fullmatch(text) else ""
    return f"<td{cls}>{escape(text)}</td>"


def _table_html(title: str, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(_cell(c, i > 0) for i, c in enumerate(row)) + "</tr>" for row in rows)
    return (f"<div><table><caption>{escape(title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def _check_table(report: Report, views: dict[tuple[str, str], LayerView]) -> str:
    """Highlighted elements per outcome against the scorer's counts, so a reader can trust the colours."""
    rows = []
    for layer in _layers(report):
        got: Counter = Counter()
        for (_, lay), view in views.items():
            if lay == layer:
                got.update(view.counts)
        want = expected_counts(report, layer)
        source = "nested strict" if layer == "entities" else "relaxed"
        cells = []
        for outcome, name in zip(OUTCOMES, ("COR", "INC", "MIS", "SPU")):
            ok = got[outcome] == want[outcome]
            cls = "ok" if ok else "bad"
            cells.append(f'<td class="n {cls}">{got[outcome]} / {name} {want[outcome]}</td>')
        rows.append(f"<tr><td>{layer} ({source})</td>{''.join(cells)}</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("layer", "tp", "error (FP+FN)", "fn", "fp (incl. unplaced)"))
    return ("<div><table><caption>Highlighted elements vs the scorer's counts</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _document_html(report: Report, doc: GoldDocument, views: dict[tuple[str, str], LayerView]) -> str:
    scores = {d.doc_id: d for d in report.per_document}.get(doc.id)
    out = [f'<section class="doc" data-doc-section="{_attr(doc.id)}">', f"<h2>{escape(doc.id)}</h2>"]
    for layer in _layers(report):
        view = views[doc.id, layer]
        f1 = pct(getattr(scores, f"{layer}_f1")) if scores is not None else "–"
        counts = " · ".join(f"{o} {view.counts[o]}" for o in OUTCOMES)
        out.append(f'<div class="layer layer-{layer}"><h3 dir="ltr" class="ltr">{LAYER_TITLES[layer]} '
                   f'<span class="counts">({counts}; F1 {f1})</span></h3>')
        out.append(f'<div class="text" dir="rtl" lang="ar">{nest(doc.text, view.marks)}</div>')
        if view.unplaced:
            out.append('<div class="unplaced" dir="ltr">Unplaced predictions (no offsets, string not found in the '
                       "text; each counts as one FP):<ul>")
            for e in view.unplaced:
                pred = e.pred
                assert pred is not None
                label = f"{pred.label} " if pred.label else ""
                fields = ", ".join(f"{k}={_value(v)}" for k, v in pred.fields.items() if v is not None)
                out.append(f'<li data-layer="{layer}" data-doc="{_attr(doc.id)}" data-outcome="fp" '
                           f'data-category="spurious" data-unplaced="1">{escape(label)}'
                           f'«<bdi lang="ar">{escape(pred.text)}</bdi>»'
                           f"{escape(' (' + fields + ')') if fields else ''}</li>")
            out.append("</ul></div>")
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def render_html(report: Report, corpus: GoldCorpus, *, only: str | None = None) -> str:
    """The whole report as one self-contained HTML page (deterministic for identical inputs).

    ``only``: a document id; the page then shows the header without the score tables and that one
    article (a compact picture of a system's errors, e.g. for a README).
    """
    views = layer_views(report, corpus)
    documents = corpus.documents
    if only is not None:
        documents = tuple(doc for doc in corpus.documents if doc.id == only)
        if not documents:
            raise ValueError(f"no document '{only}' in the corpus ({', '.join(d.id for d in corpus.documents)})")
    a = report.alignment
    legend = "".join(f'<span><span class="hl {cls}">نص</span> {escape(text)}</span>' for cls, text in LEGEND)
    legend += ('<span><span class="gx">gold extent</span> / <span class="px">predicted extent</span> '
               "(when a pair's boundaries differ)</span>")
    controls = "".join(f'<label><input type="checkbox" value="{layer}" checked> {layer}</label>'
                       for layer in _layers(report))
    tables = "\n".join(_table_html(t.title, t.header, t.rows) for t in report_tables(report))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ar" dir="rtl">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Error report: {escape(report.predictions)}</title>",
        f"<style>{CSS}</style></head>",
        "<body>",
        '<header dir="ltr" class="ltr">',
        f"<h1>Error report: {escape(report.predictions)}</h1>",
        f'<div class="meta">signature: <code>{escape(report.signature)}</code></div>',
        f'<div class="meta">{report.documents} documents, {report.units} sentence units; alignment {a.mode} '
        f"(with offsets {a.with_offsets}, placed from strings {a.placed}, unplaced {a.unplaced})</div>",
        f'<div class="legend">{legend}</div>',
        '<div class="meta">Entities: strict scheme, nested view: COR = tp (green); INC = one amber <i>error</i> '
        "element, counted once as FP and once as FN; MIS = fn (red, dashed); SPU = fp (violet, dotted). "
        "TIMEX3 and numeric claims: relaxed span match: every overlapping pair is a TP, amber when its boundaries or "
        "fields differ. Hover a span for gold vs predicted labels, values and fields.</div>",
        f'<div class="controls">Show layers: {controls}</div>',
        *([] if only else [f'<div class="tables">{_check_table(report, views)}\n{tables}</div>']),
        "</header>",
        "<main>",
        *(_document_html(report, doc, views) for doc in documents),
        "</main>",
        '<div id="panel" dir="auto"></div>',
        f"<script>{JS}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def write_html(path: str | Path, report: Report, corpus: GoldCorpus, *, only: str | None = None) -> Path:
    """Write :func:`render_html` to ``path`` as UTF-8 and return the path."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(render_html(report, corpus, only=only))
    return path
