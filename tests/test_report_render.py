"""Renderers (bench.report.render), tables and the error report."""

from __future__ import annotations

import json
import re

import pytest

from bench.report.errors import errors_json, errors_markdown
from bench.report.render import RENDERERS, to_json, to_latex, to_markdown, to_text
from bench.report.tables import report_tables
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.schema.results import Comparison, Report
from bench.scoring import compare, score
from conftest import TEXT_B, entity, memory_corpus, perfect_predictions, prediction_dict, span

CFG = ScoreConfig(bootstrap_samples=30)


@pytest.fixture
def report(corpus) -> Report:
    return score(corpus, flawed(corpus), config=CFG)


def flawed(corpus) -> list[DocumentPrediction]:
    """Gold copies, except: «بغداد» typed LOC, «الأردن» missed, and a spurious PERS «الوزير»."""
    a, b = (prediction_dict(d) for d in corpus.documents)
    for e in a["entities"]:
        if e["text"] == "بغداد":
            e["type"] = "LOC"
    b["entities"] = [e for e in b["entities"] if e["text"] != "الأردن"]
    s, end = span(TEXT_B, "الوزير")
    b["entities"].append({"start": s, "end": end, "text": "الوزير", "type": "PERS"})
    return [DocumentPrediction.model_validate(a), DocumentPrediction.model_validate(b)]


def test_json_round_trip_and_determinism(corpus, report) -> None:
    text = to_json(report)
    assert Report.model_validate_json(text) == report
    assert to_json(score(corpus, flawed(corpus), config=CFG)) == text
    assert text.endswith("}\n")


def test_text_output(report) -> None:
    out = to_text(report)
    for table in report_tables(report):
        assert table.title in out
    lines = out.rstrip("\n").split("\n")
    assert lines[-1] == f"signature: {report.signature}"
    assert lines[-2].startswith("alignment: offsets")
    assert "per type" in out.lower()
    # every row of a table is padded to the width of its header
    for block in out.split("\n\n")[:-1]:
        title, *table = block.split("\n")
        assert len({len(row) for row in table}) == 1, title
    per_doc = out[out.index("Per document"):]
    assert "doc-a" in per_doc and "doc-b" in per_doc


def test_markdown_tables_are_well_formed(report) -> None:
    out = to_markdown(report)
    assert f"`signature: {report.signature}`" in out
    for block in out.split("\n\n"):
        rows = [r for r in block.split("\n") if r.startswith("|")]
        if rows:
            widths = {r.count("|") for r in rows}
            assert len(widths) == 1, block


def test_latex_is_escaped_and_balanced() -> None:
    text = "قال الوزير إن بغداد آمنة."
    corpus = memory_corpus([{"id": "doc_x", "text": text, "annotations": [entity(text, "بغداد", "GPE", "e1")]}])
    report = score(corpus, [DocumentPrediction(id="doc_x")], config=CFG)
    out = to_latex(report, detailed=True)
    assert out.count(r"\begin{table}") == out.count(r"\end{table}") == 1  # the main table, one column
    assert out.count(r"\begin{table*}") == out.count(r"\end{table*}") == len(report_tables(report))
    assert out.count(r"\begin{tabular}") == out.count(r"\end{tabular}") == 1 + len(report_tables(report))
    body = "\n".join(line for line in out.split("\n") if not line.startswith("%"))
    assert r"doc\_x" in body and "doc_x" not in body.replace(r"doc\_x", "")
    assert r"95\% CI" in body and re.search(r"(?<!\\)%", body) is None
    assert "–" not in body  # an undefined value is typeset as --
    assert f"% signature: {report.signature}" in out


def test_latex_main_table_states_its_package_and_every_float_has_a_label(report) -> None:
    main = to_latex(report)
    assert main.startswith("% Tables by bench") and r"\usepackage{booktabs}" in main.split("\n")[0]
    assert main.count(r"\begin{table}") == 1 and r"\label{tab:bench-main}" in main and r"\begin{table*}" not in main
    rows = [line for line in main.split("\n") if line.startswith(r"\quad")]
    assert [r.split(" & ")[0] for r in rows] == [
        r"\quad strict", r"\quad exact", r"\quad partial", r"\quad type", r"\quad clitic",
        r"\quad strict span", r"\quad relaxed span", r"\quad attribute type", r"\quad attribute value",
        r"\quad strict span", r"\quad relaxed span", r"\quad attribute value"]
    strict = report.entities.nested["strict"].overall
    assert rows[0] == (rf"\quad strict & {100 * strict.precision:.1f} & {100 * strict.recall:.1f} & "
                       rf"{100 * strict.f1:.1f} & [{100 * strict.f1_ci.low:.1f}, {100 * strict.f1_ci.high:.1f}] \\")
    detailed = to_latex(report, detailed=True)
    labels = re.findall(r"\\label\{([^}]*)\}", detailed)
    captions = re.findall(r"\\caption\{", detailed)
    assert len(labels) == len(set(labels)) == len(captions) == 1 + len(report_tables(report))


# An ACL-like page (A4, 16 cm text, 0.6 cm column gap, 11 pt); Computer Modern, wider than ACL's
# Times, so a table that fits here fits there.
PAPER = r"""\documentclass[11pt{columns}]{{article}}
\usepackage[a4paper,textwidth=16cm,textheight=24.7cm,columnsep=0.6cm]{{geometry}}
\usepackage{{booktabs}}
\begin{{document}}
\section{{Results}}
Text before the tables.
\input{{tables}}
\end{{document}}
"""


@pytest.mark.needs("pdflatex")
@pytest.mark.parametrize("columns", [",twocolumn", ""])
def test_latex_compiles_without_overfull_boxes(columns, tmp_path) -> None:
    import subprocess

    from bench.io.gold import load_gold
    from bench.io.predictions import read_predictions
    from conftest import REPO

    gold = load_gold(REPO / "annotations")
    blind = read_predictions(REPO / "results" / "blind.jsonl", gold.by_id())
    config = ScoreConfig(bootstrap_samples=50, compat=("nervaluate", "tempeval3", "conlleval"),
                         randomization_trials=50)
    report = score(gold, blind, config=config)
    heideltime = read_predictions(REPO / "results" / "heideltime.jsonl", gold.by_id())
    comparison = compare(gold, blind, heideltime, config=config, names=("blind", "heideltime"))
    (tmp_path / "tables.tex").write_text(to_latex(report, detailed=True) + to_latex(comparison), encoding="utf-8")
    (tmp_path / "paper.tex").write_text(PAPER.format(columns=columns), encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    log = (tmp_path / "paper.log").read_text(encoding="latin-1")
    assert done.returncode == 0, log[-2000:]
    assert "Overfull \\hbox" not in log, [line for line in log.splitlines() if "Overfull" in line]
    assert (tmp_path / "paper.pdf").stat().st_size > 1000


def test_every_renderer_names_the_signature(report) -> None:
    for name, render in RENDERERS.items():
        assert report.signature in render(report), name


def test_comparison_rendering(corpus) -> None:
    result = compare(corpus, flawed(corpus), perfect_predictions(corpus),
                     config=CFG.model_copy(update={"randomization_trials": 50}), names=("base_line", "new"))
    assert Comparison.model_validate_json(to_json(result)) == result
    text = to_text(result)
    assert "new vs base_line" in text and result.signature in text
    assert re.search(r"entities\.strict\.f1 .* \d\.\d{4}\n", text)
    latex = to_latex(result)
    assert r"base\_line" in latex and r"$\Delta$" in latex


def test_confusion_matrix(report) -> None:
    confusion = report.confusion["entities"]
    # hand-derived from flawed(): rows gold, columns predicted, O = no counterpart
    assert confusion.labels == ("GPE", "LOC", "NORP", "ORG", "PERS", "O")
    assert confusion.matrix == (
        (2, 1, 0, 0, 0, 1),
        (0, 0, 0, 0, 0, 0),
        (0, 0, 2, 0, 0, 0),
        (0, 0, 0, 2, 0, 0),
        (0, 0, 0, 0, 1, 0),
        (0, 0, 0, 0, 1, 0),
    )


def test_confusion_without_spurious(corpus) -> None:
    report = score(corpus, perfect_predictions(corpus), config=CFG)
    labels = report.confusion["entities"].labels
    assert labels == ("GPE", "NORP", "ORG", "PERS", "O")
    assert len(set(labels)) == len(labels)


def test_error_report(report) -> None:
    data = json.loads(errors_json(report))
    assert data["signature"] == report.signature
    entity_errors = [e for e in data["errors"] if e["layer"] == "entities"]
    categories = sorted(e["category"] for e in entity_errors if e["category"] != "correct")
    assert categories == ["missed", "spurious", "type"]
    md = errors_markdown(report)
    assert "| doc-b | missed | «الأردن»" in md
    assert "| doc-a | type | «بغداد»" in md
    assert "| doc-b | spurious | – | «الوزير»" in md
