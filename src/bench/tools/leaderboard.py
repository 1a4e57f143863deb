"""The leaderboard: every system's predictions under ``results/`` scored on the gold, as tables and a chart.

``bench leaderboard`` writes the Markdown tables between ``<!-- leaderboard:start -->`` and
``<!-- leaderboard:end -->`` in README.md and CARD.md and draws ``results/leaderboard.png``
(per-field F1 by system). Everything is recomputed from the committed prediction files, and a test
checks the committed tables are current.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.errors import InputError

if TYPE_CHECKING:  # the CLI reads this module's default paths at start-up: keep it light
    from bench.io.gold import GoldCorpus
    from bench.schema.config import ScoreConfig
    from bench.schema.results import FieldScore, Report, SpanScore

START, END = "<!-- leaderboard:start -->", "<!-- leaderboard:end -->"


RESULTS, README, CARD = Path("results"), Path("README.md"), Path("CARD.md")
"""Where ``bench leaderboard`` reads predictions and which files' blocks it replaces, by default."""


@dataclass(frozen=True)
class Entry:
    """One system on the leaderboard: its name (the predictions file's stem) and its report."""

    system: str
    report: Report


@dataclass(frozen=True)
class Leaderboard:
    """What :func:`update` did: the systems scored, the Markdown block written, and the files written."""

    entries: tuple[Entry, ...]
    block: str
    written: tuple[Path, ...]


def update(gold: GoldCorpus, files: list[Path] | None = None, *, results: Path = RESULTS, readme: Path = README,
           card: Path = CARD, config: ScoreConfig | None = None) -> Leaderboard:
    """``bench leaderboard``: score ``files`` (default: ``results/*.jsonl``), replace the leaderboard block
    of ``readme`` and ``card`` and draw ``results/leaderboard.png``.

    Both blocks are found before anything is written, so a file without one leaves every file as it was.
    """
    from bench.io.gold import read_text

    entries = score_results(gold, files or sorted(results.glob("*.jsonl")), config)
    block = markdown(entries)
    updated = {path: replace_block(read_text(path), block, name=str(path)) for path in (readme, card)}
    for path, text in updated.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    results.mkdir(parents=True, exist_ok=True)
    picture = results / "leaderboard.png"
    chart(entries, picture)
    return Leaderboard(tuple(entries), block, (readme, card, picture))


def score_results(gold: GoldCorpus, files: list[Path], config: ScoreConfig | None = None) -> list[Entry]:
    """Score each predictions file (JSON Lines); the system's name is the file's stem."""
    from bench.io.predictions import iter_predictions
    from bench.schema.config import ScoreConfig
    from bench.scoring import score

    config = config or ScoreConfig(allow_missing=False)
    entries = []
    for path in sorted(files):
        entries.append(Entry(path.stem, score(gold, iter_predictions(path, gold.by_id()), config=config,
                                              source=path.name)))
    return entries


def predicted_layers(report: Report) -> set[str]:
    """The layers in which the system made at least one prediction (the others show as n/a)."""
    layers = set()
    if report.entities is not None and report.entities.nested["strict"].overall.actual:
        layers.add("entities")
    for name in ("timex", "numeric"):
        part = getattr(report, name)
        if part is not None and part.relaxed.actual:
            layers.add(name)
    return layers


def _cell(value: float | None, interval=None, *, shown: bool = True) -> str:
    from bench.report.tables import ci, pct

    if not shown:
        return "n/a"
    return pct(value) + (f" {ci(interval)}" if interval is not None else "")


def markdown(entries: list[Entry]) -> str:
    """The two leaderboard tables (main F1 with 95% CI per layer; per-field F1) and the signature."""
    if not entries:
        raise InputError("no systems to put on the leaderboard")
    lines = ["| system | alignment | entities strict F1 | entities partial F1 | TIMEX3 relaxed F1 | TIMEX3 value F1 | "
             "numeric relaxed F1 | numeric value F1 |", "|---|---|---|---|---|---|---|---|"]
    for e in entries:
        r, has = e.report, predicted_layers(e.report)
        strict, partial = r.entities.nested["strict"].overall, r.entities.nested["partial"].overall
        tv = {f.field: f for f in r.timex.fields}["value"]
        nv = {f.field: f for f in r.numeric.fields}["value"]
        ent, tim, num = "entities" in has, "timex" in has, "numeric" in has
        lines.append(f"| {e.system} | {alignment(r)} | {_cell(strict.f1, strict.f1_ci, shown=ent)} | "
                     f"{_cell(partial.f1, partial.f1_ci, shown=ent)} | "
                     f"{_cell(r.timex.relaxed.f1, r.timex.relaxed.f1_ci, shown=tim)} | "
                     f"{_cell(tv.f1, tv.f1_ci, shown=tim)} | "
                     f"{_cell(r.numeric.relaxed.f1, r.numeric.relaxed.f1_ci, shown=num)} | "
                     f"{_cell(nv.f1, nv.f1_ci, shown=num)} |")
    first = entries[0].report
    fields = [("entities", "canonical")]
    fields += [("timex", f.field) for f in first.timex.fields] + [("numeric", f.field) for f in first.numeric.fields]
    lines += ["", "| system | " + " | ".join(f"{layer} {name}" for layer, name in fields) + " |",
              "|---" * (len(fields) + 1) + "|"]
    for e in entries:
        has = predicted_layers(e.report)
        by = {(layer, f.field): f for layer in ("timex", "numeric") for f in getattr(e.report, layer).fields}
        linked = e.report.entities.canonical
        by[("entities", "canonical")] = linked
        shown = {k: k[0] in has for k in fields}
        shown[("entities", "canonical")] = linked is not None and linked.pred > 0
        lines.append(f"| {e.system} | " + " | ".join(_cell(by[k].f1, shown=shown[k]) for k in fields) + " |")
    signature = re.sub(r"\|align:[^|]+(\|place:[^|]+)?", "", first.signature)
    lines += ["", "F1 in %, 95% bootstrap CI (sentence-unit resampling) in brackets; n/a: the system makes "
                  "no prediction in that layer (entities canonical: gives no canonical name). Alignment: "
                  "`offsets` when every prediction has offsets, else `strings`/`mixed` with the placement rule "
                  f"(the signature's `align` and `place` parts). `{signature}`"]
    return "\n".join(lines) + "\n"


def alignment(report: Report) -> str:
    """The row's alignment mode, with the placement rule when predictions were placed."""
    from bench.matching.placement import PLACEMENT_VERSION

    mode = report.alignment.mode
    return mode + (f" ({PLACEMENT_VERSION})" if mode in ("strings", "mixed") else "")


def replace_block(text: str, block: str, *, name: str) -> str:
    """``text`` with its leaderboard block (between :data:`START` and :data:`END`) replaced by ``block``."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise InputError(f"no leaderboard block ({START} … {END})", file=name)
    return pattern.sub(lambda _: f"{START}\n{block}{END}", text)


@dataclass(frozen=True)
class Bars:
    """One system's bars in the chart: F1 (%) per label, and the CI's distance below and above it."""

    system: str
    heights: tuple[float | None, ...]
    below: tuple[float, ...]
    above: tuple[float, ...]


def chart_labels(first: Report) -> list[str]:
    """The chart's groups of bars, in order: the entity schemes, then each TIMEX3 and numeric field."""
    return (["entities strict", "entities partial"] + [f"timex {f.field}" for f in first.timex.fields]
            + [f"numeric {f.field}" for f in first.numeric.fields])


def bars(entry: Entry) -> Bars:
    """The chart's bars for ``entry``: none (None) in a layer the system does not attempt, not a zero bar;
    whiskers from the F1's bootstrap interval (0 where the report has none)."""
    r, has = entry.report, predicted_layers(entry.report)
    scores: list[SpanScore | FieldScore | None] = [r.entities.nested["strict"].overall,
                                                    r.entities.nested["partial"].overall]
    scores = [s if "entities" in has else None for s in scores]
    scores += [f if "timex" in has else None for f in r.timex.fields]
    scores += [f if "numeric" in has else None for f in r.numeric.fields]
    heights = [None if s is None or s.f1 is None else 100 * s.f1 for s in scores]
    below = [0.0 if s is None or h is None or s.f1_ci is None else h - 100 * s.f1_ci.low
             for s, h in zip(scores, heights)]
    above = [0.0 if s is None or h is None or s.f1_ci is None else 100 * s.f1_ci.high - h
             for s, h in zip(scores, heights)]
    return Bars(entry.system, tuple(heights), tuple(below), tuple(above))


def chart(entries: list[Entry], path: Path) -> None:
    """Grouped bars of per-field F1 by system with the F1's confidence interval as whiskers
    (matplotlib, Agg backend, no timestamp in the PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    first = entries[0].report
    labels = chart_labels(first)
    fig, ax = plt.subplots(figsize=(12, 4.5), dpi=100)
    width = 0.8 / len(entries)
    x = np.arange(len(labels))
    for i, entry in enumerate(entries):
        b = bars(entry)
        heights = [np.nan if h is None else h for h in b.heights]
        ax.bar(x + (i - (len(entries) - 1) / 2) * width, heights, width, label=b.system,
               yerr=np.array([b.below, b.above]), capsize=2, error_kw={"elinewidth": 0.8, "ecolor": "0.25"})
    ax.set_xticks(x, labels, rotation=35, ha="right")
    ax.set_ylabel("F1 (%)")
    ax.set_ylim(0, 105)
    level = round(100 * first.config.confidence)
    ax.set_title(f"Per-field F1 by system on the gold, with {level}% bootstrap CIs "
                 "(entities: nested view; fields over relaxed matches)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
