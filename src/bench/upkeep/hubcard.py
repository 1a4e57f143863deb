"""The dataset card as the Hugging Face Hub shows it (``dataset/README.md``): CARD.md made self-contained.

A Hub repository holds only ``dataset/``, so the card there must not depend on the rest of the
repository: it gets a section on getting the scorer (not on any package index) and running it, the
metric definitions (the README's "What is measured", one source for both), and every relative link
made absolute (:data:`bench.upkeep.citation.REPOSITORY`). CARD.md stays the one hand-written card.
"""

from __future__ import annotations

import re

from bench.errors import InputError
from bench.upkeep.citation import REPOSITORY, repository_file

METRICS_HEADING = "What is measured"

USAGE = f"""## Getting the scorer and scoring a system

The scorer, `bench`, is not on a package index; install it from the repository ({REPOSITORY}). It
bundles this gold, so it scores from any folder, offline:

```bash
pip install "arabic-ie-bench @ git+{REPOSITORY}"
bench score predictions.jsonl        # P/R/F1 per layer, scheme and field, 95% CIs, a signature
bench schema                         # the JSON Schema of a predictions line
```

Predictions are JSON Lines, one object per document (`id`, and lists `entities`, `timex`, `numeric`;
offsets optional). The input a system may see is a document's `text` and `dct` (the `documents`
config). In Python:

```python
import bench
report = bench.evaluate("predictions.jsonl")   # or a list of dicts, or a datasets.Dataset
report.to_dataframe()                         # one row per layer, measure and label

from datasets import load_dataset
docs = load_dataset("path/to/dataset", "documents", split="test")   # this folder, or this dataset's Hub id
report = bench.evaluate("predictions.jsonl", gold=docs)            # the same scores and signature
```

Paths named in this card (`annotations/…`, `docs/…`, `results/…`) are in the repository.
"""


def section(markdown: str, heading: str, *, name: str) -> str:
    """The body of the level-2 section ``heading`` of ``markdown`` (an InputError if it has none)."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, flags=re.S | re.M)
    if match is None:
        raise InputError(f"no '## {heading}' section", file=name)
    return match.group(1).strip("\n")


def absolute_links(markdown: str) -> str:
    """Markdown links to repository files (``[x](docs/a.md)``) as links to the repository's web pages."""
    return re.sub(r"\]\((?!https?://|#|mailto:)([^)\s]+)\)", lambda m: f"]({repository_file(m.group(1))})",
                  markdown)


def hub_card(card: str, readme: str, *, readme_name: str = "README.md") -> str:
    """``card`` with the usage section and the metric definitions after its introduction, links absolute."""
    intro, sep, rest = card.partition("\n## ")
    metrics = section(readme, METRICS_HEADING, name=readme_name)
    body = f"{intro.rstrip()}\n\n{USAGE}\n## {METRICS_HEADING}\n\n{metrics}\n\n" + (sep.lstrip("\n") + rest
                                                                                   if sep else "")
    return absolute_links(body.rstrip("\n") + "\n")
