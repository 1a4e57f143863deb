"""The worked example of docs/metric-cards.md: one Arabic sentence, its gold, one system's output.

``python docs/examples/worked_example.py`` prints every number the metric cards quote;
tests/test_docs_metric_cards.py checks that the cards and this script agree.
"""

from __future__ import annotations

import hashlib

from bench.io.gold import GoldCorpus, GoldMetadata
from bench.schema.config import ScoreConfig
from bench.schema.document import GoldDocument
from bench.schema.predictions import DocumentPrediction
from bench.schema.results import Report
from bench.scoring import score

TEXT = ("قال رئيس الوزراء العراقي محمد شياع السوداني إن نحو 2500 جندي أمريكي سيغادرون العراق "
        "بحلول نهاية عام 2025، بعد وجود دام عقدين من الزمن.")


def _span(surface: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "text": surface}


GOLD = GoldDocument.model_validate({
    "id": "example", "source_file": "example.txt", "dct": "2024-09-27", "dct_evidence": "worked example",
    "text": TEXT, "text_sha256": hashlib.sha256(TEXT.encode("utf-8")).hexdigest(),
    "entities": [
        {"id": "e1", **_span("رئيس الوزراء العراقي"), "type": "OCC", "canonical": "Prime Minister of Iraq"},
        {"id": "e2", **_span("العراقي"), "type": "NORP", "canonical": "Iraqi"},
        {"id": "e3", **_span("محمد شياع السوداني"), "type": "PERS", "canonical": "Mohammed Shia al-Sudani"},
        {"id": "e4", **_span("أمريكي"), "type": "NORP", "canonical": "American"},
        {"id": "e5", **_span("العراق", 1), "type": "GPE", "canonical": "Iraq"},
    ],
    "timex": [
        {"id": "t1", **_span("نهاية عام 2025"), "type": "DATE", "value": "2025", "mod": "END"},
        {"id": "t2", **_span("عقدين من الزمن"), "type": "DURATION", "value": "P20Y"},
    ],
    "numeric": [
        {"id": "n1", **_span("2500 جندي"), "value": 2500, "qualifier": "approximate", "unit": "soldier",
         "subject": "United States", "time": "2025", "location": "Iraq", "source": "Mohammed Shia al-Sudani",
         "modality": "planned"},
    ],
})

# The alias table of this example (the real one is annotations/gold/aliases.json).
ALIASES = (("Mohammed Shia al-Sudani", ("al-Sudani",)), ("United States", ("US",)))

# A system that outputs strings only (as an LLM extractor would).
PREDICTION = DocumentPrediction.model_validate({
    "id": "example",
    "entities": [
        {"text": "رئيس الوزراء", "type": "OCC"},       # boundary error (the NORP is left out)
        {"text": "العراقي", "type": "GPE"},            # right span, wrong type
        {"text": "محمد شياع السوداني", "type": "PERS", "canonical": "al-Sudani"},  # correct, linked by an alias
        {"text": "واشنطن", "type": "GPE"},             # not in the text: unplaced, spurious
    ],
    "timex": [
        {"text": "عام 2025", "type": "DATE", "value": "2025"},            # inside the gold extent, mod missing
        {"text": "عقدين", "type": "DURATION", "value": "P2DE"},           # P2DE equals P20Y
    ],
    "numeric": [
        {"text": "نحو 2500 جندي", "value": 2500.0, "qualifier": "approximate", "unit": "soldiers",
         "subject": "US", "time": "2025-12", "location": "العراق", "source": "محمد شياع السوداني",
         "modality": "planned"},
    ],
})


def report() -> Report:
    corpus = GoldCorpus(documents=(GOLD,), metadata=GoldMetadata(name="example", version="0", license="CC-BY-4.0"),
                        sha256="0" * 64, aliases=ALIASES)
    return score(corpus, [PREDICTION], config=ScoreConfig(bootstrap_samples=0))


if __name__ == "__main__":
    r = report()
    for scheme, s in r.entities.nested.items():
        o = s.overall
        print(f"entities {scheme}: COR {o.cor} INC {o.inc} PAR {o.par} MIS {o.mis} SPU {o.spu} "
              f"P {o.precision:.3f} R {o.recall:.3f} F1 {o.f1:.3f}")
    c = r.entities.canonical
    print(f"entities canonical: correct {c.correct}/{c.matched}, gold {c.gold}, pred {c.pred}, "
          f"accuracy {c.accuracy:.3f}, F1 {c.f1:.3f}")
    for layer in ("timex", "numeric"):
        part = getattr(r, layer)
        print(f"{layer}: strict F1 {part.strict.f1:.3f}, relaxed F1 {part.relaxed.f1:.3f}")
        for f in part.fields:
            token = "" if f.token_f1 is None else f", token F1 {f.token_f1:.3f}"
            print(f"  {f.field}: correct {f.correct}/{f.matched}, accuracy {f.accuracy:.3f}, F1 {f.f1:.3f}{token}")
