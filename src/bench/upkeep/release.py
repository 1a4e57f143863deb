"""``bench build``: refresh the card's statistics block, then build ``dataset/`` from the same card.

CARD.md is the one source of the dataset card; ``dataset/README.md`` is its Hub form
(:func:`bench.upkeep.hubcard.hub_card`: usage, the README's metric definitions, absolute links) under the
generated YAML header, so the two cannot disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.errors import InputError
from bench.io.gold import GoldCorpus, load_gold, read_text
from bench.upkeep.stats import stats_markdown

START, END = "<!-- stats:start -->", "<!-- stats:end -->"


def card_with_stats(card: str, corpus: GoldCorpus, extra: str = "") -> str:
    """``card`` with the block between the stats markers replaced by the current statistics."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(card):
        raise InputError(f"the card has no statistics block ({START} … {END})")
    block = f"{START}\n{stats_markdown(corpus)}{extra}{END}"
    return pattern.sub(lambda _: block, card)


def hub_card_for(card: str, card_path: Path) -> str:
    """The Hub card of ``card``, with the metric definitions of the README.md beside ``card_path``."""
    from bench.upkeep.hubcard import hub_card

    readme = card_path.parent / "README.md"
    return hub_card(card, read_text(readme), readme_name=str(readme))


def release(root: Path | None, out: Path, card_path: Path) -> dict[str, str]:
    """``bench build``: refresh the statistics block of the card at ``card_path``, then build the dataset into
    ``out``; returns config → file written.
    """
    from bench.upkeep.dataset import build

    corpus = load_gold(root)
    card = card_with_stats(read_text(card_path), corpus)
    hub = hub_card_for(card, card_path)
    card_path.write_text(card, encoding="utf-8", newline="\n")
    return build(corpus, out, hub)
