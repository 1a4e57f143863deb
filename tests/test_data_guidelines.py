"""The guidelines quote the corpus: every «…» example occurs verbatim in one of the five texts."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_quoted_example_is_verbatim_from_the_texts() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "annotations" / "texts").glob("*.txt"))]
    guidelines = (REPO / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    examples = re.findall(r"«([^»]+)»", guidelines)
    assert len(examples) > 300
    # "…" inside an example marks an elision: each part must occur.
    missing = [ex for ex in examples
               if not all(any(part.strip() in t for t in texts) for part in ex.split("…") if part.strip())]
    assert missing == []
