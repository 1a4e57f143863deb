"""A deliberately simple toy extractor: the quick start's example, and a worked plugin example.

It is not a reference system: a handful of country and city names (general knowledge, not read
off the gold), four-digit years after «عام», and «<digits> جندي». Half of its entity predictions
are given as strings without offsets, to show the string-alignment mode.

Any callable ``(Document) -> DocumentPrediction`` is a system; this one runs with::

    bench run --system examples.toy_system:extract -o examples/predictions.jsonl
"""

from __future__ import annotations

import re

from bench.schema.document import Document
from bench.schema.predictions import DocumentPrediction

PLACES = ("العراق", "سوريا", "إيران", "بغداد", "واشنطن", "الولايات المتحدة", "أربيل", "طهران", "روسيا")


def extract(doc: Document) -> DocumentPrediction:
    entities, timex, numeric = [], [], []
    for n, name in enumerate(PLACES):
        for match in re.finditer(name, doc.text):
            item = {"text": name, "type": "GPE"}
            if n % 2 == 0:
                item.update(start=match.start(), end=match.end())
            entities.append(item)
    for match in re.finditer(r"عام (\d{4})", doc.text):
        timex.append({"start": match.start(), "end": match.end(), "text": match.group(), "type": "DATE",
                      "value": match.group(1)})
    for match in re.finditer(r"(\d+) جندي", doc.text):
        numeric.append({"start": match.start(), "end": match.end(), "text": match.group(),
                        "value": float(match.group(1)), "qualifier": "exact", "unit": "soldier",
                        "modality": "asserted"})
    return DocumentPrediction.model_validate({"id": doc.id, "entities": entities, "timex": timex, "numeric": numeric})
