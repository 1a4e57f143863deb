"""A deliberately simple toy extractor, used only to give the quick start something to score.

It is not a reference system: a handful of country and city names (general knowledge, not read
off the gold), four-digit years after «عام», and «<digits> جندي». Half of its entity predictions
are given as strings without offsets, to show the string-alignment mode. Regenerate the example
file with ``python examples/toy_system.py > examples/predictions.jsonl``.
"""

from __future__ import annotations

import json
import re

from bench.io.gold import load_gold

PLACES = ("العراق", "سوريا", "إيران", "بغداد", "واشنطن", "الولايات المتحدة", "أربيل", "طهران", "روسيا")


def extract(doc) -> dict:
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
    return {"id": doc.id, "entities": entities, "timex": timex, "numeric": numeric}


if __name__ == "__main__":
    for document in load_gold().documents:
        print(json.dumps(extract(document), ensure_ascii=False))
