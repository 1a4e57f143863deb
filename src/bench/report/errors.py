"""The error report: every match, miss and spurious prediction, as JSON or Markdown."""

from __future__ import annotations

import json
from collections import Counter

from bench.schema.results import Annotation, Report


def errors_json(report: Report) -> str:
    """The report's error items as one JSON document."""
    items = [item.model_dump(mode="json") for item in report.errors]
    return json.dumps({"signature": report.signature, "errors": items}, ensure_ascii=False, indent=1) + "\n"


def _side(a: Annotation | None) -> str:
    if a is None:
        return "–"
    where = f"[{a.start}:{a.end}]" if a.start is not None else "[unplaced]"
    extra = ", ".join(f"{k}={v}" for k, v in a.fields.items() if v is not None)
    label = f" {a.label}" if a.label else ""
    return f"«{a.text}» {where}{label}" + (f" ({extra})" if extra else "")


def errors_markdown(report: Report) -> str:
    """The report's error items as Markdown, one section per layer and category."""
    out = ["# Error analysis", "", f"`{report.signature}`", ""]
    for layer in ("entities", "timex", "numeric"):
        items = [e for e in report.errors if e.layer == layer]
        if not items:
            continue
        counts = Counter(e.category for e in items)
        out += [f"## {layer}", "", ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())), "",
                "| document | category | gold | predicted | wrong fields |", "|---|---|---|---|---|"]
        for e in items:
            if e.category == "correct":
                continue
            cells = (e.doc_id, e.category, _side(e.gold), _side(e.pred), ", ".join(e.wrong_fields))
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    for layer, conf in report.confusion.items():
        out += [f"## {layer}: confusion (rows gold, columns predicted)", "",
                "| | " + " | ".join(conf.labels) + " |", "|---" * (len(conf.labels) + 1) + "|"]
        out += ["| " + label + " | " + " | ".join(str(v) for v in row) + " |"
                for label, row in zip(conf.labels, conf.matrix)]
        out.append("")
    return "\n".join(out)


ERROR_WRITERS = {".json": errors_json, ".md": errors_markdown}
"""The error report's writer by the suffix of the file it goes to."""
