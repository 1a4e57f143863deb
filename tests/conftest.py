"""Shared fixtures: a tiny hand-made Arabic corpus written into ``tmp_path`` and loaded with
:func:`bench.io.gold.load_gold`; the ``needs`` marker for tests that drive a program outside Python.

Offsets are never typed by hand: every annotation names its surface string (and which occurrence
of it), and :func:`span` finds the offsets in the text, so a fixture cannot drift out of sync with
its text. Nothing here reads the real gold under ``annotations/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from bench.io.gold import GoldCorpus, GoldMetadata, load_gold
from bench.schema.document import GoldDocument
from bench.schema.predictions import DocumentPrediction

REPO = Path(__file__).resolve().parents[1]
METADATA = {"name": "test-bench", "version": "9.9.9", "license": "CC-BY-4.0"}

# Two short news-like texts. doc-a has two sentence units on two lines; «العراق» occurs three times
# in it (inside «العراقي», alone, inside «العراقية»), which the alignment tests rely on.
TEXT_A = (
    "قال رئيس الوزراء العراقي محمد شياع السوداني في بغداد يوم الجمعة إن 2500 جندي أمريكي "
    "سيغادرون العراق بحلول نهاية عام 2025.\n"
    "وأضاف أن الحكومة العراقية ستعقد اجتماعا مع وفد أمريكي خلال أسبوع."
)
TEXT_B = (
    "أعلنت وزارة الصحة في عمّان تسجيل ٣٠٠ إصابة جديدة خلال عقدين. "
    "وقال الوزير إن الأردن مستعد لمواجهة الوباء."
)


# -- building annotations from surface strings ------------------------------------------------------

def span(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """Half-open offsets of the ``nth`` (0-based) occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.find(sub, start + 1)
        assert start != -1, f"fixture error: occurrence {nth} of {sub!r} not in text"
    return start, start + len(sub)


def _located(text: str, sub: str, nth: int) -> dict[str, Any]:
    start, end = span(text, sub, nth)
    return {"start": start, "end": end, "text": sub}


def entity(text: str, sub: str, type_: str, id_: str, *, nth: int = 0, **extra: Any) -> dict[str, Any]:
    return {"kind": "entity", "id": id_, **_located(text, sub, nth), "type": type_, **extra}


def timex(text: str, sub: str, type_: str, value: str, id_: str, *, nth: int = 0, **extra: Any) -> dict[str, Any]:
    return {"kind": "timex", "id": id_, **_located(text, sub, nth), "type": type_, "value": value, **extra}


def numeric(text: str, sub: str, id_: str, *, nth: int = 0, **fields: Any) -> dict[str, Any]:
    return {"kind": "numeric", "id": id_, **_located(text, sub, nth), **fields}


def default_docs() -> list[dict[str, Any]]:
    """The default two-document corpus (entities incl. one nested pair, TIMEX3, numeric claims)."""
    a, b = TEXT_A, TEXT_B
    return [
        {
            "id": "doc-a", "text": a, "dct": "2024-09-27",
            "annotations": [
                entity(a, "محمد شياع السوداني", "PERS", "a-e1", canonical="Mohammed Shia al-Sudani"),
                entity(a, "بغداد", "GPE", "a-e2"),
                entity(a, "أمريكي", "NORP", "a-e3"),
                entity(a, "العراق", "GPE", "a-e4", nth=1),
                entity(a, "الحكومة العراقية", "ORG", "a-e5"),
                entity(a, "العراقية", "NORP", "a-e6"),
                timex(a, "يوم الجمعة", "DATE", "2024-09-27", "a-t1"),
                timex(a, "نهاية عام 2025", "DATE", "2025", "a-t2", mod="END"),
                timex(a, "أسبوع", "DURATION", "P1W", "a-t3"),
                numeric(a, "2500 جندي", "a-n1", value=2500, qualifier="exact", unit="soldier",
                        subject="جندي أمريكي", time="2025", location="العراق", modality="planned"),
            ],
        },
        {
            "id": "doc-b", "text": b, "dct": "2024-10-01",
            "annotations": [
                entity(b, "وزارة الصحة", "ORG", "b-e1"),
                entity(b, "عمّان", "GPE", "b-e2"),
                entity(b, "الأردن", "GPE", "b-e3"),
                timex(b, "عقدين", "DURATION", "P2DE", "b-t1"),
                numeric(b, "٣٠٠ إصابة", "b-n1", value=300, qualifier="exact", unit="case",
                        location="عمّان", modality="asserted"),
            ],
        },
    ]


# -- writing and loading a corpus ------------------------------------------------------------------

def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def header(doc: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "document", "id": doc["id"], "source_file": f"{doc['id']}.txt", "language": "ar",
            "dct": doc.get("dct", "2024-09-27"), "dct_evidence": "test fixture",
            "text_sha256": sha(doc["text"])}


def write_corpus(root: Path, docs: Sequence[dict[str, Any]], metadata: dict[str, Any] | None = None) -> Path:
    """Write ``texts/`` and ``gold/`` under ``root`` (one JSONL per document) and return ``root``."""
    (root / "texts").mkdir(parents=True, exist_ok=True)
    (root / "gold").mkdir(parents=True, exist_ok=True)
    (root / "gold" / "metadata.json").write_text(json.dumps(metadata or METADATA), encoding="utf-8")
    for doc in docs:
        with open(root / "texts" / f"{doc['id']}.txt", "w", encoding="utf-8", newline="") as handle:
            handle.write(doc["text"])
        lines = [header(doc), *doc.get("annotations", [])]
        with open(root / "gold" / f"{doc['id']}.jsonl", "w", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return root


def make_corpus(root: Path, docs: Sequence[dict[str, Any]] | None = None) -> GoldCorpus:
    """Write a corpus (default: :func:`default_docs`) under ``root`` and load it with ``load_gold``."""
    return load_gold(write_corpus(root, default_docs() if docs is None else docs))


def memory_corpus(docs: Sequence[dict[str, Any]]) -> GoldCorpus:
    """The same corpus built in memory, without touching the disk (for property tests)."""
    built = []
    for doc in docs:
        layers: dict[str, list[dict[str, Any]]] = {"entities": [], "timex": [], "numeric": []}
        for ann in doc.get("annotations", []):
            ann = dict(ann)
            layers[{"entity": "entities", "timex": "timex", "numeric": "numeric"}[ann.pop("kind")]].append(ann)
        fields = {k: v for k, v in header(doc).items() if k != "kind"}
        built.append(GoldDocument.model_validate({**fields, "text": doc["text"], **layers}))
    return GoldCorpus(documents=tuple(built), metadata=GoldMetadata(**METADATA), sha256="0" * 64)


# -- predictions -----------------------------------------------------------------------------------

_DROP = {"entities": {"id", "canonical"}, "timex": {"id"}, "numeric": {"id"}}


def prediction_dict(doc: GoldDocument, *, offsets: bool = True) -> dict[str, Any]:
    """A prediction line that reproduces ``doc``'s gold exactly (with or without offsets)."""
    out: dict[str, Any] = {"id": doc.id}
    for layer, drop in _DROP.items():
        items = []
        for item in getattr(doc, layer):
            data = item.model_dump(mode="json", exclude=drop, exclude_none=True)
            if not offsets:
                data.pop("start")
                data.pop("end")
            items.append(data)
        out[layer] = items
    return out


def perfect_predictions(corpus: GoldCorpus, *, offsets: bool = True) -> list[DocumentPrediction]:
    return [DocumentPrediction.model_validate(prediction_dict(d, offsets=offsets)) for d in corpus.documents]


def empty_predictions(corpus: GoldCorpus) -> list[DocumentPrediction]:
    return [DocumentPrediction(id=d.id) for d in corpus.documents]


def write_lines(path: Path, lines: Iterable[dict[str, Any] | str]) -> Path:
    """Write prediction lines (dicts are dumped as JSON; strings are written verbatim)."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n")
    return path


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (to show that nothing was modified)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# -- fixtures --------------------------------------------------------------------------------------

@pytest.fixture
def corpus_root(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "annotations", default_docs())


@pytest.fixture
def corpus(corpus_root: Path) -> GoldCorpus:
    return load_gold(corpus_root)


# -- programs outside Python -------------------------------------------------------------------------

# A test marked ``@pytest.mark.needs("java")`` runs only where the program is on PATH. Elsewhere it is
# skipped with the reason (shown by ``-rs``), so the README's `pytest` passes on a machine with Python
# only; where ``CI`` is set a missing program fails the test instead, so CI cannot pass by skipping.
PROGRAMS: dict[str, tuple[tuple[str, ...], str]] = {
    "chromium": (("chromium", "chromium-browser"), "apt-get install chromium fonts-noto-core"),
    "java": (("java",), "apt-get install default-jre-headless"),
    "pdflatex": (("pdflatex",), "apt-get install texlive-latex-base texlive-latex-recommended"),
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"needs(program): the test runs a program outside Python, one of "
                                       f"{', '.join(PROGRAMS)}; skipped where it is missing, failed where CI is set")


def missing_program(name: str) -> str | None:
    """Why a test that needs ``name`` cannot run here, or None when it can."""
    names, install = PROGRAMS[name]
    if any(shutil.which(n) for n in names):
        return None
    return f"needs {name} ({' or '.join(names)} on PATH; `.ci/run` installs it: {install})"


def _missing_for(item: pytest.Item) -> str | None:
    for marker in item.iter_markers("needs"):
        (name,) = marker.args
        reason = missing_program(name)
        if reason is not None:
            return reason
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """Under CI, a test whose program is missing is reported FAILED without running its fixtures
    (which would fail in setup, an error, for the same reason)."""
    reason = _missing_for(item)
    if reason is None or not os.environ.get("CI"):
        return None
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    keywords = {name: 1 for name in item.keywords}
    for when, outcome, longrepr in (("setup", "passed", None), ("call", "failed", f"CI is set but this test {reason}"),
                                    ("teardown", "passed", None)):
        report = pytest.TestReport(item.nodeid, item.location, keywords, outcome, longrepr, when)
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


@pytest.hookimpl(tryfirst=True)  # before any fixture runs the program
def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _missing_for(item)
    if reason is not None:
        pytest.skip(reason)


def committed_lines(name: str, predictions: Iterable[DocumentPrediction]) -> tuple[str, str]:
    """The committed predictions of reference system ``name`` (``results/``) and the same file made
    from ``predictions``."""
    from bench.io.jsonl import dump_line

    lines = [dump_line(p) for p in predictions]
    return (REPO / "results" / f"{name}.jsonl").read_text(encoding="utf-8"), "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def heideltime_on_gold():
    """HeidelTime's predictions for the real gold documents and what it dropped, computed once per
    session: each JVM run takes seconds, and several tests read the same output."""
    from bench.systems import heideltime

    gold = load_gold(REPO / "annotations")
    heideltime.reset_dropped()
    predictions = heideltime.extract_all([doc.as_input() for doc in gold.documents])
    return predictions, heideltime.dropped()
