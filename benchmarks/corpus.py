"""Synthetic corpora for the benchmark: the issue's mix, and adversarial shapes.

Every corpus is built from a fixed seed, so every run (and every version of the scorer) sees the
same spans. A corpus is a gold held in memory (:class:`GoldCorpus`) and a predictions JSONL file.

Shapes (``make_corpus(shape=...)``):

* ``mix``: ~100 gold mentions per document in 8 types (a nested one-word mention inside 40% of the
  multi-word ones); per gold mention 70% exact, 10% wrong type, 10% wrong boundary, 10% missed, and
  0.1 spurious predictions per gold mention; each document's predictions shuffled. With
  ``layers=3`` every document also carries ~10 TIMEX3 expressions and ~10 numeric claims, predicted
  with the same mix.
* ``spurious``: the mix, plus one document with as many spurious one-word predictions as the corpus
  has gold mentions.
* ``overlap``: documents of a few thousand mutually overlapping gold and predicted spans (every
  span covers the document's middle word).
* ``strings``: the mix with every entity prediction given as a string only (no offsets), so each is
  placed on the text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from bench.io.gold import GoldCorpus, GoldMetadata
from bench.schema.document import GoldDocument, sha256
from bench.schema.entity import Entity
from bench.schema.labels import ENTITY_TYPES
from bench.schema.numeric import NumericClaim
from bench.schema.temporal import Timex

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
TYPES = ENTITY_TYPES[:8]
SHAPES = ("mix", "spurious", "overlap", "strings")
P_MISS, P_TYPE, P_BOUNDARY = 0.10, 0.10, 0.10
P_SPURIOUS_PER_GOLD = 0.10
GOLD_PER_DOC = 100
OVERLAP_PER_DOC = 3000
OTHER_PER_DOC = 10
"""TIMEX3 expressions and numeric claims per document (``layers=3``)."""

Spans = list[tuple[int, int, str]]


@dataclass
class Corpus:
    gold: GoldCorpus
    predictions: Path
    gold_spans: list[Spans]
    pred_spans: list[Spans]

    @property
    def n_gold(self) -> int:
        return sum(map(len, self.gold_spans))

    @property
    def n_pred(self) -> int:
        return sum(map(len, self.pred_spans))


def _words(rng: random.Random, n_words: int) -> tuple[str, list[tuple[int, int]]]:
    """Random Arabic-letter text of sentences of 8-14 words (every third ends a line)."""
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    pos, sentence = 0, 0
    while len(words) < n_words:
        n = rng.randint(8, 14)
        for w in range(n):
            word = "".join(rng.choices(ARABIC_LETTERS, k=rng.randint(2, 7)))
            words.append((pos, pos + len(word)))
            sep = "." if w == n - 1 else ""
            sep += "\n" if (w == n - 1 and sentence % 3 == 2) else " "
            parts.append(word + sep)
            pos += len(word) + len(sep)
        sentence += 1
    return "".join(parts), words


def _gold_spans(rng: random.Random, words: list[tuple[int, int]], target: int) -> Spans:
    """Non-overlapping mentions of 1-3 words, and a nested mention inside 40% of the multi-word ones."""
    spans: Spans = []
    i = rng.randrange(0, 2)
    while i < len(words) and len(spans) < target:
        length = rng.choice((1, 1, 2, 2, 3))
        last = min(i + length, len(words)) - 1
        spans.append((words[i][0], words[last][1], rng.choice(TYPES)))
        if last > i and rng.random() < 0.4:
            inner = words[i] if rng.random() < 0.5 else words[last]
            spans.append((inner[0], inner[1], rng.choice(TYPES)))
        i = last + 1 + rng.randint(1, 2)
    return spans


def _shift(rng: random.Random, start: int, end: int, size: int) -> tuple[int, int]:
    """A boundary error: a character more or fewer at either end."""
    choice = rng.randrange(4)
    if choice == 0 and end - start > 1:
        return start + 1, end
    if choice == 1 and end - start > 1:
        return start, end - 1
    if choice == 2 and start > 0:
        return start - 1, end
    return start, min(end + 1, size)


def _predict(rng: random.Random, gold: Spans, words: list[tuple[int, int]], size: int, labels: tuple[str, ...],
             spurious: int | None = None) -> Spans:
    pred: Spans = []
    for start, end, kind in gold:
        r = rng.random()
        if r < P_MISS:
            continue
        if r < P_MISS + P_TYPE:
            pred.append((start, end, rng.choice([t for t in labels if t != kind])))
        elif r < P_MISS + P_TYPE + P_BOUNDARY:
            pred.append((*_shift(rng, start, end, size), kind))
        else:
            pred.append((start, end, kind))
    n = sum(rng.random() < P_SPURIOUS_PER_GOLD for _ in gold) if spurious is None else spurious
    for _ in range(n):
        w = rng.choice(words)
        pred.append((w[0], w[1], rng.choice(labels)))
    rng.shuffle(pred)  # systems do not sort their output
    return pred


def _overlapping(rng: random.Random, words: list[tuple[int, int]], n: int) -> Spans:
    """``n`` spans that all cover the middle word: any two overlap."""
    mid = len(words) // 2
    out = []
    for _ in range(n):
        a, b = rng.randint(0, mid), rng.randint(mid, len(words) - 1)
        out.append((words[a][0], words[b][1], rng.choice(TYPES)))
    return out


def _timex(doc_id: str, text: str, spans: Spans) -> tuple[Timex, ...]:
    return tuple(Timex(id=f"{doc_id}-t{i}", start=s, end=e, text=text[s:e], type="DATE", value=value)
                 for i, (s, e, value) in enumerate(spans))


def _numeric(doc_id: str, text: str, spans: Spans) -> tuple[NumericClaim, ...]:
    return tuple(NumericClaim(id=f"{doc_id}-n{i}", start=s, end=e, text=text[s:e], value=int(unit[1:]),
                              qualifier="exact", unit=unit, modality="asserted")
                 for i, (s, e, unit) in enumerate(spans))


def make_corpus(n_gold: int, folder: Path, *, shape: str = "mix", layers: int = 1, seed: int = 2024,
                spans: bool = True) -> Corpus:
    """A corpus of about ``n_gold`` gold entity mentions and its predictions file (see the module docstring).

    ``spans=False`` keeps no span lists for nervaluate (empty): a process that measures memory then
    holds what a scorer's user holds, the gold and a predictions file.
    """
    rng = random.Random(seed)
    per_doc = OVERLAP_PER_DOC if shape == "overlap" else GOLD_PER_DOC
    n_docs = max(1, round(n_gold / per_doc))
    docs: list[GoldDocument] = []
    gold_spans: list[Spans] = []
    pred_spans: list[Spans] = []
    path = folder / f"predictions-{shape}-{layers}-{n_gold}.jsonl"
    digest = hashlib.sha256()
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for d in range(n_docs):
            doc_id = f"doc-{d:06d}"
            if shape == "overlap":
                text, words = _words(rng, 400)
                gold = _overlapping(rng, words, per_doc)
                pred = _predict(rng, gold, words, len(text), TYPES)
            else:
                text, words = _words(rng, per_doc * 3)
                gold = _gold_spans(rng, words, rng.randint(per_doc - 10, per_doc + 10))
                extra = n_gold if shape == "spurious" and d == n_docs // 2 else None
                pred = _predict(rng, gold, words, len(text), TYPES, extra)
            line: dict = {"id": doc_id, "entities": [
                {"text": text[s:e], "type": t} if shape == "strings" else
                {"start": s, "end": e, "text": text[s:e], "type": t} for s, e, t in pred]}
            timex: tuple[Timex, ...] = ()
            numeric: tuple[NumericClaim, ...] = ()
            if layers == 3:
                picks = rng.sample(words, 2 * OTHER_PER_DOC)
                g_timex = [(s, e, str(2000 + rng.randrange(25))) for s, e in picks[:OTHER_PER_DOC]]
                g_num = [(s, e, f"u{rng.randrange(1, 90)}") for s, e in picks[OTHER_PER_DOC:]]
                timex, numeric = _timex(doc_id, text, g_timex), _numeric(doc_id, text, g_num)
                values = tuple(sorted({v for _, _, v in g_timex}))
                units = tuple(sorted({u for _, _, u in g_num}))
                line["timex"] = [{"start": s, "end": e, "text": text[s:e], "type": "DATE", "value": v}
                                 for s, e, v in _predict(rng, g_timex, words, len(text), (*values, "1999"))]
                line["numeric"] = [{"start": s, "end": e, "text": text[s:e], "value": int(u[1:]),
                                    "qualifier": "exact", "unit": u, "modality": "asserted"}
                                   for s, e, u in _predict(rng, g_num, words, len(text), (*units, "u99"))]
            entities = tuple(Entity(id=f"{doc_id}-e{i}", start=s, end=e, text=text[s:e], type=t)
                             for i, (s, e, t) in enumerate(gold))
            docs.append(GoldDocument(id=doc_id, source_file=f"{doc_id}.txt", dct=dt.date(2024, 1, 1),
                                     dct_evidence="synthetic", text=text, text_sha256=sha256(text),
                                     entities=entities, timex=timex, numeric=numeric))
            digest.update(text.encode("utf-8"))
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            if spans:
                gold_spans.append(gold)
                pred_spans.append(pred)
    meta = GoldMetadata(name="synthetic", version="0.0.0", license="CC0-1.0")
    corpus = GoldCorpus(documents=tuple(docs), metadata=meta, sha256=digest.hexdigest())
    return Corpus(gold=corpus, predictions=path, gold_spans=gold_spans, pred_spans=pred_spans)
