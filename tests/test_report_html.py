"""The HTML error report (bench.report.html): counts, escaping, determinism, the DOM an HTML5 parser
builds (html5lib, always), and a real headless browser (Chromium, where installed)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest

from bench.report.html import Mark, nest, render_html, write_html
from bench.schema.config import ScoreConfig
from bench.schema.predictions import DocumentPrediction
from bench.schema.results import Report
from bench.scoring import score
from conftest import REPO, TEXT_A, TEXT_B, entity, memory_corpus, prediction_dict, span

CFG = ScoreConfig(bootstrap_samples=0)
LAYERS = ("entities", "timex", "numeric")


def located(text: str, sub: str, **fields) -> dict:
    start, end = span(text, sub)
    return {"start": start, "end": end, "text": sub, **fields}


def flawed(corpus) -> list[DocumentPrediction]:
    """Gold copies with every kind of outcome in every layer (see the comments)."""
    a, b = (prediction_dict(d) for d in corpus.documents)
    for e in a["entities"]:
        if e["text"] == "بغداد":
            e["type"] = "LOC"  # type error
        if e["text"] == "محمد شياع السوداني":
            e.update(located(TEXT_A, "شياع السوداني"))  # boundary error
    a["entities"] = [e for e in a["entities"] if e["text"] != "أمريكي"]  # missed
    # Spurious, and crossing the nested gold pair «الحكومة العراقية» ⊃ «العراقية».
    a["entities"].append(located(TEXT_A, "العراقية ستعقد", type="ORG"))
    b["entities"].append(located(TEXT_B, "الوزير", type="PERS"))  # spurious
    b["entities"].append({"text": "دمشق", "type": "GPE"})  # string-only, not in the text: unplaced
    for t in a["timex"]:
        if t["text"] == "نهاية عام 2025":
            t.update(located(TEXT_A, "عام 2025"))  # relaxed match with other boundaries
        if t["text"] == "يوم الجمعة":
            t["value"] = "2024-09-28"  # wrong field
    a["timex"] = [t for t in a["timex"] if t["text"] != "أسبوع"]  # missed
    b["timex"].append(located(TEXT_B, "الوباء", type="DATE", value="2024"))  # spurious
    b["timex"].append({"text": "غدا", "type": "DATE", "value": "2024-10-02"})  # unplaced
    a["numeric"][0]["unit"] = "tank"  # wrong field
    b["numeric"] = [located(TEXT_B, "عقدين", value=20, unit="year")]  # spurious; the gold claim is missed
    return [DocumentPrediction.model_validate(a), DocumentPrediction.model_validate(b)]


@pytest.fixture
def report(corpus) -> Report:
    return score(corpus, flawed(corpus), config=CFG)


def scorer_counts(report: Report, layer: str) -> dict[str, int]:
    """The documented mapping: entities by the nested strict scheme, the span layers by the relaxed match."""
    s = report.entities.nested["strict"].overall if layer == "entities" else getattr(report, layer).relaxed
    assert s.par == 0
    return {"tp": s.cor, "error": s.inc, "fn": s.mis, "fp": s.spu}


class Elements(HTMLParser):
    """Start tags with their attributes and their ancestors, and the text outside tags."""

    VOID = {"meta", "input", "br", "img", "link", "hr"}

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], tuple[dict, ...]]] = []
        self.stack: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes, tuple(a for _, a in self.stack)))
        if tag not in self.VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data) -> None:
        self.text.append(data)

    def counted(self) -> list[dict]:
        return [a for _, a, _ in self.tags if "data-outcome" in a]


def counts_by_layer(counted: list[dict], placed_only: bool = False) -> dict[str, Counter]:
    out: dict[str, Counter] = {layer: Counter() for layer in LAYERS}
    for a in counted:
        if placed_only and "data-unplaced" in a:
            continue
        out[a["data-layer"]][a["data-outcome"]] += 1
    return out


def assert_counts_match(counted: list[dict], report: Report) -> None:
    """``counted``: the attributes of every element that carries ``data-outcome``."""
    counts = counts_by_layer(counted)
    highlighted = counts_by_layer(counted, placed_only=True)
    for layer in LAYERS:
        want = scorer_counts(report, layer)
        assert {o: counts[layer][o] for o in want} == want, layer
        unplaced = sum(1 for e in report.errors if e.layer == layer and e.pred and e.pred.start is None)
        assert highlighted[layer]["fp"] == want["fp"] - unplaced, layer
    # FP and FN as the P/R formulas use them: an error element counts on both sides.
    strict = report.entities.nested["strict"].overall
    ent = counts["entities"]
    assert ent["tp"] + ent["error"] + ent["fp"] == strict.actual
    assert ent["tp"] + ent["error"] + ent["fn"] == strict.possible


# -- without a browser ---------------------------------------------------------------------------

def test_every_outcome_appears_and_counts_equal_the_scorer(corpus, report) -> None:
    page = render_html(report, corpus)
    elements = Elements(page)
    assert_counts_match(elements.counted(), report)
    categories = {(a["data-layer"], a["data-category"]) for a in elements.counted()}
    assert {("entities", c) for c in ("correct", "type", "boundary", "missed", "spurious")} <= categories
    assert {("timex", c) for c in ("correct", "boundary", "fields", "missed", "spurious")} <= categories
    assert {("numeric", c) for c in ("fields", "missed", "spurious")} <= categories
    for a in elements.counted():
        assert a["data-outcome"] in {"tp", "fp", "fn", "error"}
        assert a["data-doc"] in {"doc-a", "doc-b"}
    assert elements.stack == []  # every element closed


def test_page_is_rtl_utf8_and_self_contained(corpus, report) -> None:
    page = render_html(report, corpus)
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<html lang="ar" dir="rtl">' in page
    assert '<meta charset="utf-8">' in page
    for needle in ("http:", "https:", "<link", "src=", "@import", "url(", "@font-face"):
        assert needle not in page
    assert report.signature in page
    assert "محمد شياع السوداني" in "".join(Elements(page).text)
    assert "Entities per type (strict, nested view)" in page  # a table from report_tables


def test_hover_titles_name_gold_and_predicted(corpus, report) -> None:
    elements = Elements(render_html(report, corpus))
    by_category = {(a["data-layer"], a["data-category"]): a["title"] for a in elements.counted() if "title" in a}
    assert "gold: GPE «بغداد»" in by_category["entities", "type"]
    assert "predicted: LOC «بغداد»" in by_category["entities", "type"]
    assert "canonical=Mohammed Shia al-Sudani" in by_category["entities", "boundary"]
    title = by_category["timex", "fields"]
    assert "value: gold 2024-09-27 · predicted 2024-09-28  ✗" in title
    assert "unit: gold soldier · predicted tank  ✗" in by_category["numeric", "fields"]


def test_nested_spans_are_nested_elements_and_crossing_spans_are_cut(corpus, report) -> None:
    elements = Elements(render_html(report, corpus))
    inner = [(a, parents) for tag, a, parents in elements.tags
             if a.get("data-outcome") == "tp" and "العراقية" in a.get("title", "") and "NORP" in a["title"]]
    assert len(inner) == 1
    assert any(p.get("data-tag") == "ORG" and p.get("data-outcome") == "tp" for p in inner[0][1])
    continuations = [a for _, a, _ in elements.tags if "data-cont" in a]
    assert continuations and all("data-outcome" not in a for a in continuations)
    assert any(a["data-layer"] == "entities" and "«العراقية ستعقد»" in a["title"] for a in continuations)


def test_unplaced_predictions_are_listed_not_highlighted(corpus, report) -> None:
    elements = Elements(render_html(report, corpus))
    unplaced = [(tag, a) for tag, a, _ in elements.tags if "data-unplaced" in a]
    assert sorted((a["data-layer"], a["data-doc"], tag) for tag, a in unplaced) == [
        ("entities", "doc-b", "li"), ("timex", "doc-b", "li")]
    text = "".join(elements.text)
    assert "«دمشق»" in text and "«غدا»" in text


def test_escaping() -> None:
    text = 'قال <b>زيد</b> & "عمرو" في <script>alert(1)</script> اليوم.'
    doc = {"id": "doc-x", "text": text, "annotations": [entity(text, "<b>زيد</b>", "PERS", "x-e1")]}
    corpus = memory_corpus([doc])
    pred = DocumentPrediction.model_validate({"id": "doc-x", "entities": [
        located(text, '"عمرو"', type="PERS"), {"text": "<img src=x onerror=alert(2)>", "type": "ORG"}]})
    page = render_html(score(corpus, [pred], config=CFG), corpus)
    assert "<b>" not in page and "<script>alert" not in page and "<img" not in page
    assert "&lt;b&gt;زيد&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "</b>&lt;/b&gt;" not in page and "&lt;/b&gt;</span> &amp; <span" in page
    assert "predicted: PERS «&quot;عمرو&quot;»" in page  # a title attribute
    elements = Elements(page)
    assert text in "".join(elements.text)  # the article text survives escaping unchanged
    assert elements.stack == []


def test_deterministic_and_independent_of_prediction_order(corpus, report) -> None:
    page = render_html(report, corpus)
    assert page == render_html(report, corpus)
    shuffled = []
    for pred in flawed(corpus):
        shuffled.append(pred.model_copy(update={layer: tuple(reversed(getattr(pred, layer))) for layer in LAYERS}))
    assert render_html(score(corpus, shuffled, config=CFG), corpus) == page


def test_write_html(tmp_path, corpus, report) -> None:
    path = write_html(tmp_path / "r.html", report, corpus)
    assert path.read_bytes() == render_html(report, corpus).encode("utf-8")


def test_refuses_a_report_without_error_items(corpus) -> None:
    report = score(corpus, flawed(corpus), config=ScoreConfig(bootstrap_samples=0, collect_errors=False))
    with pytest.raises(ValueError, match="collect_errors"):
        render_html(report, corpus)


def test_refuses_another_corpus(corpus, report) -> None:
    other = memory_corpus([{"id": "doc-z", "text": "نص آخر.", "annotations": []}])
    with pytest.raises(ValueError, match="doc-a"):
        render_html(report, other)


# -- the DOM tree an HTML5 parser builds (what a browser builds, without a browser) ----------------

def parse_dom(markup: str) -> ET.Element:
    """The document tree by the WHATWG parsing algorithm (html5lib); strict: any parse error raises."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(markup)


def test_dom_counts_equal_the_scorer(corpus, report) -> None:
    root = parse_dom(render_html(report, corpus))
    assert (root.tag, root.get("dir"), root.get("lang")) == ("html", "rtl", "ar")
    assert_counts_match([dict(e.attrib) for e in root.iter() if "data-outcome" in e.attrib], report)
    sections = [e for e in root.iter() if e.get("data-doc-section")]
    assert [e.get("data-doc-section") for e in sections] == ["doc-a", "doc-b"]
    texts = [e for e in root.iter() if e.get("class") == "text"]
    assert len(texts) == 2 * len(LAYERS)  # each article once per layer
    assert all((e.get("dir"), e.get("lang")) == ("rtl", "ar") for e in texts)


def test_dom_of_the_real_gold_with_a_reference_system() -> None:
    from bench.io.gold import load_gold
    from bench.io.predictions import read_predictions

    gold = load_gold(REPO / "annotations")
    report = score(gold, read_predictions(REPO / "results" / "blind.jsonl", gold.by_id()), config=CFG)
    root = parse_dom(render_html(report, gold))
    assert_counts_match([dict(e.attrib) for e in root.iter() if "data-outcome" in e.attrib], report)
    text = "".join(root.itertext())
    for doc in gold.documents:
        assert doc.text.split("\n")[0][:40] in text


def test_dom_nests_the_nested_gold_pair(corpus, report) -> None:
    root = parse_dom(render_html(report, corpus))
    parent = {child: node for node in root.iter() for child in node}
    inner = [e for e in root.iter() if e.get("data-outcome") == "tp" and "NORP" in e.get("title", "")
             and "«العراقية»" in e.get("title", "")]
    assert len(inner) == 1
    ancestors, node = [], inner[0]
    while node in parent:
        node = parent[node]
        ancestors.append(node)
    assert any(a.get("data-tag") == "ORG" and a.get("data-outcome") == "tp" for a in ancestors)


def test_nest_cuts_crossing_marks() -> None:
    a = Mark(0, 4, 0, "hl tp", {"data-outcome": "tp"})
    b = Mark(2, 6, 0, "hl fp", {"data-outcome": "fp"})
    inner = Mark(1, 2, 0, "hl fn", {"data-outcome": "fn"})
    assert nest("abcdefg<", [b, inner, a]) == (
        '<span class="hl tp" data-outcome="tp">a<span class="hl fn" data-outcome="fn">b</span>'
        '<span class="hl fp" data-outcome="fp">cd</span></span>'
        '<span class="hl fp cont" data-cont="1">ef</span>g&lt;')


# -- in a real headless browser --------------------------------------------------------------------

def run_chromium(*args: str) -> subprocess.CompletedProcess:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


@pytest.mark.needs("chromium")
def test_in_headless_chromium(tmp_path: Path, corpus, report) -> None:
    page = write_html(tmp_path / "report.html", report, corpus)
    url = page.resolve().as_uri()
    dom = run_chromium("--dump-dom", url).stdout
    assert 'dir="rtl"' in dom
    elements = Elements(dom)
    text = "".join(elements.text)
    assert "قال رئيس الوزراء العراقي" in text and "أعلنت وزارة الصحة" in text
    assert_counts_match(elements.counted(), report)
    png = tmp_path / "report.png"
    run_chromium(f"--screenshot={png}", "--window-size=1400,2000", url)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000


def test_only_one_article(corpus, report) -> None:
    root = parse_dom(render_html(report, corpus, only="doc-b"))
    assert [e.get("data-doc-section") for e in root.iter() if e.get("data-doc-section")] == ["doc-b"]
    assert not [e for e in root.iter() if e.tag == "table"]  # the picture of an article: no score tables
    assert {e.get("data-doc") for e in root.iter() if "data-outcome" in e.attrib} == {"doc-b"}
    with pytest.raises(ValueError, match="no document 'doc-z'.*doc-a, doc-b"):
        render_html(report, corpus, only="doc-z")


def test_render_screenshot_of_an_unknown_document_is_an_input_error(corpus_root, tmp_path) -> None:
    from typer.testing import CliRunner

    from bench.cli import app
    from bench.io.gold import load_gold
    from conftest import perfect_predictions, write_lines

    lines = [p.model_dump(mode="json", exclude_none=True) for p in perfect_predictions(load_gold(corpus_root))]
    pred = write_lines(tmp_path / "p.jsonl", lines)
    result = CliRunner().invoke(app, ["render", str(pred), "--gold", str(corpus_root), "-o", str(tmp_path / "r.html"),
                                      "--screenshot", str(tmp_path / "r.png"), "--screenshot-doc", "doc-z"])
    assert result.exit_code == 2
    assert "error: field '--screenshot-doc': no document 'doc-z'" in result.stderr
    assert not (tmp_path / "r.png").exists()
