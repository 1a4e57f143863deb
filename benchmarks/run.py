"""Throughput benchmark of entity scoring on a large synthetic corpus.

Compares, in one process and on identical spans:

* parse -- ``bench.io.predictions.iter_predictions`` alone (JSON + pydantic validation + offset
  checks), the floor any scoring of a predictions file pays;
* ours  -- ``bench.scoring.score`` on the entity layer (parse included, no bootstrap, no error
  items), i.e. what ``bench score --layers entities`` costs;
* nervaluate -- ``nervaluate.Evaluator(..., loader="dict").evaluate()`` (v1.x) on the same spans,
  converted to its inclusive ``end``.

Usage::

    python benchmarks/run.py                      # one corpus of 20,000 documents
    python benchmarks/run.py --docs 5000 --repeat 3
    python benchmarks/run.py --scale              # 2,000 / 10,000 / 50,000 documents
    python benchmarks/run.py --scale --sizes 1000,4000,16000 --profile

Nothing here is a test: it only prints figures.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import hashlib
import io
import json
import os
import platform
import pstats
import random
import resource
import signal
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.schema.config import ScoreConfig
from bench.io.gold import GoldCorpus, GoldMetadata
from bench.io.predictions import iter_predictions
from bench.schema.document import GoldDocument, sha256
from bench.schema.entity import Entity
from bench.schema.labels import ENTITY_TYPES
from bench.scoring import score

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
CONFIG = ScoreConfig(layers=("entities",), bootstrap_samples=0, collect_errors=False)
NERVALUATE_TAGS = list(ENTITY_TYPES)

# Outcome mix of a gold mention in the predictions (the rest of the probability is "exact").
P_MISS, P_TYPE, P_BOUNDARY, P_BOTH = 0.10, 0.10, 0.12, 0.03
P_SPURIOUS_PER_GOLD = 0.12


# -- synthetic corpus ---------------------------------------------------------------------------
@dataclass
class Corpus:
    gold: GoldCorpus
    predictions: Path
    gold_spans: list[list[tuple[int, int, str]]]
    pred_spans: list[list[tuple[int, int, str]]]

    @property
    def n_gold(self) -> int:
        return sum(map(len, self.gold_spans))

    @property
    def n_pred(self) -> int:
        return sum(map(len, self.pred_spans))


def _words(rng: random.Random, n_sentences: int) -> tuple[str, list[tuple[int, int]]]:
    """Random Arabic-letter text; returns it with the (start, end) of every word."""
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    pos = 0
    for s in range(n_sentences):
        n = rng.randint(8, 14)
        for w in range(n):
            word = "".join(rng.choices(ARABIC_LETTERS, k=rng.randint(2, 7)))
            words.append((pos, pos + len(word)))
            sep = "." if w == n - 1 else ""
            sep += "\n" if (w == n - 1 and s % 3 == 2) else " "
            parts.append(word + sep)
            pos += len(word) + len(sep)
    return "".join(parts), words


def _gold_spans(rng: random.Random, words: list[tuple[int, int]], target: int) -> list[tuple[int, int, str]]:
    """Non-overlapping mentions of 1-3 words, and a nested mention inside about a fifth of them."""
    spans: list[tuple[int, int, str]] = []
    n_outer = max(1, round(target / 1.2))
    gap = max(1, len(words) // n_outer)
    i = rng.randrange(0, 2)
    while i < len(words) and len(spans) < target:
        length = rng.choice((1, 1, 2, 2, 3))
        last = min(i + length, len(words)) - 1
        spans.append((words[i][0], words[last][1], rng.choice(ENTITY_TYPES)))
        if last > i and rng.random() < 0.4:  # nested: the first or the last word of a multi-word mention
            inner = words[i] if rng.random() < 0.5 else words[last]
            spans.append((inner[0], inner[1], rng.choice(ENTITY_TYPES)))
        i = last + 1 + rng.randint(max(1, gap - 3), gap + 1)
    return spans


def _other_type(rng: random.Random, kind: str) -> str:
    return rng.choice([t for t in ENTITY_TYPES if t != kind])


def _shift(rng: random.Random, start: int, end: int, words: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """A boundary error: one more or one fewer word, or a character off at either end."""
    choice = rng.randrange(4)
    if choice == 0:  # extend by the next word
        nxt = [w for w in words if w[0] >= end]
        if nxt:
            return start, nxt[0][1]
    if choice == 1 and start > 0:  # extend by the previous word
        prev = [w for w in words if w[1] <= start]
        if prev:
            return prev[-1][0], end
    if choice == 2 and end - start > 1:  # drop the last character
        return start, end - 1
    return (start + 1, end) if end - start > 1 else (start, min(end + 1, size))


def _pred_spans(rng: random.Random, gold: list[tuple[int, int, str]], words: list[tuple[int, int]],
                size: int) -> list[tuple[int, int, str]]:
    pred: list[tuple[int, int, str]] = []
    for start, end, kind in gold:
        r = rng.random()
        if r < P_MISS:
            continue
        r -= P_MISS
        if r < P_TYPE:
            pred.append((start, end, _other_type(rng, kind)))
            continue
        r -= P_TYPE
        if r < P_BOUNDARY + P_BOTH:
            s, e = _shift(rng, start, end, words, size)
            pred.append((s, e, kind if r < P_BOUNDARY else _other_type(rng, kind)))
            continue
        pred.append((start, end, kind))
    n_spurious = sum(rng.random() < P_SPURIOUS_PER_GOLD for _ in gold)
    for _ in range(n_spurious):
        w = rng.choice(words)
        pred.append((w[0], w[1], rng.choice(ENTITY_TYPES)))
    rng.shuffle(pred)  # systems do not sort their output
    return pred


def make_corpus(n_docs: int, folder: Path, *, seed: int = 2024, spans_per_doc: int = 10) -> Corpus:
    """``n_docs`` documents of ~``spans_per_doc`` gold mentions, and a predictions JSONL file."""
    rng = random.Random(seed)
    docs: list[GoldDocument] = []
    gold_spans: list[list[tuple[int, int, str]]] = []
    pred_spans: list[list[tuple[int, int, str]]] = []
    path = folder / f"predictions-{n_docs}.jsonl"
    digest = hashlib.sha256()
    dct = dt.date(2024, 1, 1)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for d in range(n_docs):
            text, words = _words(rng, rng.randint(5, 8))
            gold = _gold_spans(rng, words, rng.randint(spans_per_doc - 2, spans_per_doc + 2))
            pred = _pred_spans(rng, gold, words, len(text))
            doc_id = f"doc-{d:06d}"
            entities = tuple(
                Entity(id=f"{doc_id}-e{i}", start=s, end=e, text=text[s:e], type=t)
                for i, (s, e, t) in enumerate(gold))
            docs.append(GoldDocument(id=doc_id, source_file=f"{doc_id}.txt", dct=dct, dct_evidence="synthetic",
                                     text=text, text_sha256=sha256(text), entities=entities))
            digest.update(text.encode("utf-8"))
            line = {"id": doc_id, "entities": [{"start": s, "end": e, "text": text[s:e], "type": t}
                                               for s, e, t in pred]}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            gold_spans.append(gold)
            pred_spans.append(pred)
    meta = GoldMetadata(name="synthetic", version="0.0.0", license="CC0-1.0")
    corpus = GoldCorpus(documents=tuple(docs), metadata=meta, sha256=digest.hexdigest())
    return Corpus(gold=corpus, predictions=path, gold_spans=gold_spans, pred_spans=pred_spans)


# -- the three contenders -------------------------------------------------------------------------
def run_parse(corpus: Corpus) -> int:
    return sum(1 for _ in iter_predictions(corpus.predictions, corpus.gold.by_id()))


def run_ours(corpus: Corpus):
    return score(corpus.gold, iter_predictions(corpus.predictions, corpus.gold.by_id()), config=CONFIG)


def nervaluate_inputs(corpus: Corpus) -> tuple[list, list]:
    def convert(spans):
        return [[{"label": t, "start": s, "end": e - 1} for s, e, t in doc] for doc in spans]

    return convert(corpus.gold_spans), convert(corpus.pred_spans)


def run_nervaluate(true: list, pred: list) -> dict:
    from nervaluate import Evaluator

    return Evaluator(true, pred, tags=NERVALUATE_TAGS, loader="dict").evaluate()


class TimeLimit(Exception):
    pass


def _alarm(signum, frame):
    raise TimeLimit


def limited(seconds: float, fn: Callable[[], object]) -> object:
    """``fn()``, interrupted by :class:`TimeLimit` after ``seconds`` (0: no limit; SIGALRM, Unix only)."""
    if not seconds:
        return fn()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def best_of(repeat: int, fn: Callable[[], object], limit: float) -> tuple[float | None, object]:
    """Best wall time of ``repeat`` runs; ``(None, None)`` if a run exceeds ``limit`` seconds."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        try:
            result = limited(limit, fn)
        except TimeLimit:
            return None, None
        best = min(best, time.perf_counter() - t0)
    return best, result


def peak_memory(fn: Callable[[], object], limit: float) -> int | None:
    """Peak bytes allocated by Python while ``fn`` runs (tracemalloc; run apart from the timings)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        limited(limit, fn)
        return tracemalloc.get_traced_memory()[1] - base
    except TimeLimit:
        return None
    finally:
        tracemalloc.stop()


def max_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


# -- one size -------------------------------------------------------------------------------------
@dataclass
class Row:
    docs: int
    gold: int
    pred: int
    parse: float
    ours: float | None
    """None: over the time limit, or skipped after a smaller size went over it."""
    nerv: float | None
    peak: int | None
    f1_ours: float | None
    f1_nerv: float | None

    @property
    def spans(self) -> int:
        return self.gold + self.pred


def _secs(value: float | None, limit: float, width: int = 9) -> str:
    return f"{value:{width}.2f}" if value is not None else f"{'>' + format(limit, 'g'):>{width}}"


def _ratio(num: float | None, den: float | None, width: int) -> str:
    return f"{num / den:{width}.2f}" if num is not None and den else f"{'-':>{width}}"


def measure(n_docs: int, folder: Path, repeat: int, *, limit: float, run_ours_too: bool, memory: bool,
            profile: bool) -> Row:
    t0 = time.perf_counter()
    corpus = make_corpus(n_docs, folder)
    true, pred = nervaluate_inputs(corpus)
    size_mb = corpus.predictions.stat().st_size / 1e6
    print(f"  generated {n_docs:,} docs, {corpus.n_gold:,} gold + {corpus.n_pred:,} predicted spans, "
          f"predictions file {size_mb:.1f} MB ({time.perf_counter() - t0:.1f} s)", flush=True)
    t_parse, n = best_of(repeat, lambda: run_parse(corpus), 0)
    assert n == n_docs
    print(f"  parse       {_secs(t_parse, limit)} s", flush=True)
    t_ours, report = None, None
    if run_ours_too:
        t_ours, report = best_of(repeat, lambda: run_ours(corpus), limit)
        print(f"  ours        {_secs(t_ours, limit)} s", flush=True)
    else:
        print("  ours        skipped (a smaller corpus already exceeded the time limit)", flush=True)
    t_nerv, result = best_of(repeat, lambda: run_nervaluate(true, pred), limit)
    print(f"  nervaluate  {_secs(t_nerv, limit)} s", flush=True)
    peak = None
    if memory and t_ours is not None:
        peak = peak_memory(lambda: run_ours(corpus), limit * 3)
        shown = f"{peak / 2**20:.0f} MiB" if peak is not None else f"not measured (over {limit * 3:g} s)"
        print(f"  ours peak traced memory {shown} (tracemalloc, separate untimed run)", flush=True)
    if profile:
        prof = cProfile.Profile()
        try:
            limited(limit, lambda: prof.runcall(run_ours, corpus))
        except TimeLimit:
            print(f"  (profile cut off after {limit:g} s)")
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        print(buf.getvalue())
    return Row(docs=n_docs, gold=corpus.n_gold, pred=corpus.n_pred, parse=t_parse, ours=t_ours, nerv=t_nerv,
               peak=peak, f1_ours=report.entities.nested["strict"].overall.f1 if report else None,
               f1_nerv=result["overall"]["strict"].f1 if result else None)


def print_table(rows: list[Row], limit: float) -> None:
    print()
    head = (f"{'docs':>8} {'spans':>10} {'parse s':>9} {'ours s':>9} {'nerv s':>9} {'ours/parse':>11} "
            f"{'ours/nerv':>10} {'peak MiB':>9}")
    print(head)
    print("-" * len(head))
    for r in rows:
        peak = f"{r.peak / 2**20:9.0f}" if r.peak is not None else f"{'-':>9}"
        print(f"{r.docs:>8,} {r.spans:>10,} {_secs(r.parse, limit)} {_secs(r.ours, limit)} {_secs(r.nerv, limit)} "
              f"{_ratio(r.ours, r.parse, 11)} {_ratio(r.ours, r.nerv, 10)} {peak}")
    print("(spans = gold + predicted; peak = tracemalloc peak of our scoring; >N: over the time limit)")
    print()
    print("strict F1 (nested view) as a sanity check -- ours uses optimal one-to-one matching, nervaluate")
    print("greedy first match, so they differ somewhat on nested/overlapping spans:")
    for r in rows:
        ours = f"{r.f1_ours:.4f}" if r.f1_ours is not None else "-"
        nerv = f"{r.f1_nerv:.4f}" if r.f1_nerv is not None else "-"
        print(f"  {r.docs:>8,} docs: ours {ours}  nervaluate {nerv}")


def print_scaling(rows: list[Row]) -> None:
    print()
    print("scaling: seconds per 1,000 spans (gold + predicted); a flat column means linear time")
    head = f"{'docs':>8} {'spans':>10} {'parse':>8} {'ours':>8} {'ours-parse':>11} {'nerv':>8}"
    print(head)
    print("-" * len(head))

    def per_k(value: float | None, k: float, width: int = 8) -> str:
        return f"{value / k:{width}.4f}" if value is not None else f"{'-':>{width}}"

    for r in rows:
        k = r.spans / 1000
        diff = r.ours - r.parse if r.ours is not None else None
        print(f"{r.docs:>8,} {r.spans:>10,} {per_k(r.parse, k)} {per_k(r.ours, k)} {per_k(diff, k, 11)} "
              f"{per_k(r.nerv, k)}")
    done = [r for r in rows if r.ours is not None and r.nerv is not None]
    if len(done) > 1:
        a, b = done[0], done[-1]
        print(f"  {b.spans / a.spans:.1f}x the spans -> parse x{b.parse / a.parse:.1f}, ours x{b.ours / a.ours:.1f}, "
              f"nervaluate x{b.nerv / a.nerv:.1f}")


CAVEAT = """\
caveat: the work differs. ours computes 4 schemes (strict/exact/partial/type) x 2 views (nested,
outermost) x (ALL + each type) with optimal one-to-one matching, sentence-unit tallies, per-document
F1 and a confusion matrix, and includes parsing + validating the JSONL file; nervaluate computes
4 schemes x (ALL + each type) with greedy matching on spans already in memory (no file parsing)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="documents in the corpus (default 20000)")
    parser.add_argument("--scale", action="store_true", help="run several corpus sizes (see --sizes)")
    parser.add_argument("--sizes", default="2000,10000,50000", help="sizes for --scale (comma-separated)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="best of R runs (default: 3 below 10,000 documents, else 1)")
    parser.add_argument("--time-limit", type=float, default=150.0,
                        help="seconds allowed to one run of a contender before it is abandoned (0: none; "
                             "default 150); the memory run gets 3x")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc peak-memory run")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of our scoring (largest size)")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here instead of a temp folder")
    args = parser.parse_args(argv)

    sizes = sorted(int(s) for s in args.sizes.split(",")) if args.scale else [args.docs]
    import importlib.metadata

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPU(s); "
          f"nervaluate {importlib.metadata.version('nervaluate')}")
    print(CAVEAT)
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-perf-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        warm = make_corpus(50, folder, seed=1)  # first calls import scipy, sklearn, nervaluate: not timed
        run_parse(warm), run_ours(warm), run_nervaluate(*nervaluate_inputs(warm))
        for n in sizes:
            repeat = args.repeat or (3 if n < 10_000 else 1)
            print(f"\n{n:,} documents, best of {repeat}:", flush=True)
            over = any(r.ours is None for r in rows)
            rows.append(measure(n, folder, repeat, limit=args.time_limit, run_ours_too=not over,
                                memory=not args.no_memory, profile=args.profile and n == sizes[-1]))
    print_table(rows, args.time_limit)
    print_scaling(rows)
    print(f"\nprocess max RSS {max_rss_mb():.0f} MiB (whole run: corpus, all three contenders); "
          f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
