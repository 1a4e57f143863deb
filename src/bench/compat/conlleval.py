"""conlleval chunk scoring (as ``seqeval``'s default mode) on the IOB2 export, outermost view.

For each document, gold and predicted entities are reduced to their outermost mentions
(:func:`bench.matching.spans.outermost`), tokenized with :func:`bench.text.tokenize.tokenize_for` at
the boundaries of both (so every mention is expressible), written as one IOB2 column each
(:func:`bench.io.conll.iob2_columns`) and split into sentence units. Chunks are read back with the
conlleval rules (:func:`bench.io.conll.chunks`); a predicted chunk is correct when its type, first
and last token equal a gold chunk's. P = correct/predicted, R = correct/gold, micro-averaged over
the corpus and per type, as conlleval prints them. Mentions that one IOB2 column cannot hold
(crossing outermost spans) are left out, as any IOB2 export must.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from bench.compat.mode import CompatMode
from bench.io.conll import chunks, iob2_columns, sentence_units, tag_layout
from bench.matching.spans import Mention, outermost
from bench.metrics.counts import f_score, ratio
from bench.schema.document import GoldDocument
from bench.schema.results import CompatScore, ConllevalCompat
from bench.text.segments import unit_of
from bench.text.tokenize import TOKENIZER_VERSION, tokenize_for

Sentences = list[list[str]]


def tag_sequences(text: str, gold: Sequence[Any], pred: Sequence[Any]) -> tuple[Sentences, Sentences]:
    """Gold and predicted IOB2 tag sequences of one document, one list per sentence unit."""
    g = outermost([Mention(e.start, e.end, e.type, i) for i, e in enumerate(gold)])
    p = outermost([Mention(e.start, e.end, e.type, i) for i, e in enumerate(pred)])
    tokens = tokenize_for(text, [(m.start, m.end) for m in g + p]).tokens
    gold_cols, _ = tag_layout(g, "outermost")
    pred_cols, _ = tag_layout(p, "outermost")
    gold_tags = iob2_columns(tokens, gold_cols)[0][0]
    pred_tags = iob2_columns(tokens, pred_cols)[0][0]
    units = sentence_units(text, g + p)
    gold_out: Sentences = []
    pred_out: Sentences = []
    previous = None
    for i, token in enumerate(tokens):
        unit = unit_of(units, token.start)
        if unit != previous:
            gold_out.append([])
            pred_out.append([])
            previous = unit
        gold_out[-1].append(gold_tags[i])
        pred_out[-1].append(pred_tags[i])
    return gold_out, pred_out


def _chunk_set(sentence: list[str]) -> Counter:
    return Counter(chunks([(0, tag) for tag in sentence], "<conlleval>"))


def conlleval_report(documents: Sequence[tuple[Sentences, Sentences]]) -> ConllevalCompat:
    """Counts over all documents' sentences, overall and per type."""
    correct: Counter = Counter()
    found_gold: Counter = Counter()
    found_pred: Counter = Counter()
    for gold_sentences, pred_sentences in documents:
        for g, p in zip(gold_sentences, pred_sentences):
            gold_chunks, pred_chunks = _chunk_set(g), _chunk_set(p)
            for (type_, _, _), n in gold_chunks.items():
                found_gold[type_] += n
            for (type_, _, _), n in pred_chunks.items():
                found_pred[type_] += n
            for chunk, n in (gold_chunks & pred_chunks).items():
                correct[chunk[0]] += n

    def score(c: int, g: int, p: int) -> CompatScore:
        precision, recall = ratio(c, p), ratio(c, g)
        f1 = f_score(precision, recall)
        # conlleval and seqeval print 0 for undefined ratios; this mode reproduces them.
        return CompatScore(cor=c, inc=0, par=0, mis=g - c, spu=p - c, precision=precision or 0.0,
                           recall=recall or 0.0, f1=f1 or 0.0)

    types = sorted(set(found_gold) | set(found_pred))
    overall = score(sum(correct.values()), sum(found_gold.values()), sum(found_pred.values()))
    per_type = {t: score(correct[t], found_gold[t], found_pred[t]) for t in types}
    return ConllevalCompat(overall=overall, per_type=per_type, tokenizer=TOKENIZER_VERSION)


def collect(documents: list[tuple[Sentences, Sentences]], doc: GoldDocument, resolved: Sequence[Any],
            unplaced: Sequence[Any]) -> list[tuple[Sentences, Sentences]]:
    """Add one document's tag sequences; unplaced predictions have no tokens to tag."""
    documents.append(tag_sequences(doc.text, doc.entities, resolved))
    return documents


MODE = CompatMode(name="conlleval", layer="entities", start=list, collect=collect, finish=conlleval_report)
