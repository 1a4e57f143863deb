"""String-only predictions (no offsets) placed on occurrences of their text (bench.alignment)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.alignment import place
from bench.config import ScoreConfig
from bench.normalize import find_occurrences
from bench.schema.predictions import DocumentPrediction
from bench.scoring import score
from conftest import TEXT_A, entity, make_corpus, memory_corpus, span

ENT = ScoreConfig(layers=("entities",), bootstrap_samples=0)


@dataclass(frozen=True)
class P:
    text: str
    type: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class G:
    start: int
    end: int
    type: str


TEXT = "قال العراق إن العراق والعراق"


def occurrences() -> list[tuple[int, int]]:
    found = find_occurrences(TEXT, "العراق")
    assert len(found) == 3
    return found


def test_place_prefers_gold_of_the_same_type() -> None:
    occ = occurrences()
    for target in range(3):
        gold = [G(*occ[target], "GPE")]
        assert place(TEXT, gold, [P("العراق", "GPE")], lambda x: x.type).placed == {0: occ[target]}


def test_place_prefers_gold_over_overlap_over_nothing() -> None:
    occ = occurrences()
    other_type = G(*occ[2], "ORG")
    overlapping = G(occ[1][0] + 2, occ[1][1] + 3, "GPE")
    placed = place(TEXT, [other_type, overlapping], [P("العراق", "GPE")], lambda x: x.type).placed
    assert placed == {0: occ[2]}
    placed = place(TEXT, [overlapping], [P("العراق", "GPE")], lambda x: x.type).placed
    assert placed == {0: occ[1]}


def test_same_type_predictions_take_distinct_occurrences() -> None:
    occ = occurrences()
    preds = [P("العراق", "GPE")] * 5
    result = place(TEXT, [], preds, lambda x: x.type)
    assert sorted(result.placed.values()) == occ
    assert len(result.unplaced) == 2


def test_different_types_may_share_an_occurrence() -> None:
    text = "قال العراق"
    result = place(text, [], [P("العراق", "GPE"), P("العراق", "ORG")], lambda x: x.type)
    assert result.placed == {0: span(text, "العراق"), 1: span(text, "العراق")}


def test_predictions_with_offsets_are_left_alone_and_absent_strings_unplaced() -> None:
    result = place(TEXT, [], [P("قال", "GPE", 0, 3), P("البصرة", "GPE")], lambda x: x.type)
    assert result.placed == {} and result.unplaced == [1]


# -- through the scorer --------------------------------------------------------------------------------

def _strings(corpus, doc_id: str, items: list[tuple[str, str]]) -> list[DocumentPrediction]:
    out = []
    for doc in corpus.documents:
        ents = [{"text": t, "type": k} for t, k in items] if doc.id == doc_id else []
        out.append(DocumentPrediction.model_validate({"id": doc.id, "entities": ents}))
    return out


def test_string_only_predictions_are_placed_and_scored(tmp_path) -> None:
    corpus = make_corpus(tmp_path)
    # normalised spelling (ta marbuta as ha) finds the ORG mention; «العراق» lands on the gold GPE
    preds = _strings(corpus, "doc-a", [("الحكومه العراقيه", "ORG"), ("العراق", "GPE")])
    report = score(corpus, preds, config=ENT)
    strict = report.entities.nested["strict"].overall
    assert (strict.cor, strict.inc, strict.spu) == (2, 0, 0)
    assert report.alignment.mode == "strings"
    assert (report.alignment.placed, report.alignment.unplaced, report.alignment.with_offsets) == (2, 0, 0)


def test_absent_string_is_spurious_and_unplaced(tmp_path) -> None:
    corpus = make_corpus(tmp_path)
    report = score(corpus, _strings(corpus, "doc-a", [("البصرة", "GPE")]), config=ENT)
    assert report.alignment.unplaced == 1
    for view in ("nested", "outermost"):
        for scheme, scores in getattr(report.entities, view).items():
            assert (scores.overall.cor, scores.overall.spu) == (0, 1), (view, scheme)
            assert scores.per_type["GPE"].spu == 1
    spurious = [e for e in report.errors if e.category == "spurious"]
    assert len(spurious) == 1 and spurious[0].pred.start is None and spurious[0].pred.text == "البصرة"


def test_mixed_mode(tmp_path) -> None:
    corpus = make_corpus(tmp_path)
    s, e = span(TEXT_A, "بغداد")
    preds = [DocumentPrediction.model_validate({"id": "doc-a", "entities": [
        {"start": s, "end": e, "text": "بغداد", "type": "GPE"}, {"text": "العراق", "type": "GPE"}]}),
        DocumentPrediction(id="doc-b")]
    report = score(corpus, preds, config=ENT)
    assert report.alignment.mode == "mixed"
    assert report.entities.nested["strict"].overall.cor == 2


def _all_scores(report) -> dict[tuple, float | None]:
    out = {}
    for view in ("nested", "outermost"):
        for scheme, s in getattr(report.entities, view).items():
            for name in ("precision", "recall", "f1"):
                out[(view, scheme, "ALL", name)] = getattr(s.overall, name)
                out[(view, scheme, "micro", name)] = getattr(s.micro, name)
                for kind, t in s.per_type.items():
                    out[(view, scheme, kind, name)] = getattr(t, name)
            out[(view, scheme, "macro")] = s.macro_f1
    return out


def _not_higher(after: dict, before: dict) -> list:
    return [k for k, v in after.items() if v is not None and before.get(k) is not None and v > before[k] + 1e-12]


def test_repeating_a_string_beyond_its_occurrences_never_raises_a_score(tmp_path) -> None:
    corpus = make_corpus(tmp_path)
    n = len(find_occurrences(TEXT_A, "العراق"))
    assert n == 3
    reports = {k: _all_scores(score(corpus, _strings(corpus, "doc-a", [("العراق", "GPE")] * k), config=ENT))
               for k in range(1, n + 4)}
    for k in range(n, n + 3):
        assert not _not_higher(reports[k + 1], reports[k]), k
    assert reports[n + 3][("nested", "strict", "ALL", "recall")] == reports[1][("nested", "strict", "ALL", "recall")]


WORDS = ["بغداد", "العراق", "عمان", "الاردن", "قال", "في"]


@st.composite
def repeated_case(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
    text = " ".join(words)
    target = draw(st.sampled_from(WORDS[:4]))
    gold = []
    pos = 0
    for i, w in enumerate(words):
        if w in WORDS[:4] and draw(st.booleans()):
            gold.append(entity(text, w, draw(st.sampled_from(["GPE", "LOC"])), f"e{i}",
                               nth=text[:pos].count(w)))
        pos += len(w) + 1
    kind = draw(st.sampled_from(["GPE", "LOC"]))
    return memory_corpus([{"id": "d", "text": text, "annotations": gold}]), target, kind, text


@settings(max_examples=80, deadline=None)
@given(repeated_case())
def test_repeats_beyond_occurrences_never_raise_any_score(case) -> None:
    corpus, target, kind, text = case
    n = len(find_occurrences(text, target))
    base = None
    for k in range(n, n + 3):
        pred = [DocumentPrediction.model_validate({"id": "d", "entities": [{"text": target, "type": kind}] * k})]
        scores = _all_scores(score(corpus, pred, config=ENT))
        if base is not None:
            assert not _not_higher(scores, base), (k, n)
        base = scores


def test_string_only_prediction_ending_in_tanwin_matches_strictly() -> None:
    text = "استمر الوجود الأمريكي عشرين عاماً في العراق."
    start, end = span(text, "عشرين عاماً")
    corpus = memory_corpus([{"id": "d", "text": text, "annotations": [
        {"kind": "timex", "id": "t1", "start": start, "end": end, "text": text[start:end], "type": "DURATION",
         "value": "P20Y"}]}])
    pred = [DocumentPrediction.model_validate({"id": "d", "timex": [
        {"text": "عشرين عاماً", "type": "DURATION", "value": "P20Y"}]})]
    report = score(corpus, pred, config=ScoreConfig(layers=("timex",), bootstrap_samples=0))
    assert report.alignment.placed == 1
    assert report.timex.relaxed.cor == 1
    assert report.timex.strict.cor == 1, "the placed span must cover the whole gold string"
