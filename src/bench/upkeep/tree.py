"""The source tree: a clone of the repository, where the maintainer commands read and write the gold.

``bench validate``, ``bench build`` and ``bench agreement`` work on the annotation sources a maintainer
edits, so they look for them from the working folder (as git looks for ``.git``), never in the
installed package: an installed ``bench`` (a wheel, or an editable install of another clone) carries
its own copy of the gold, and checking or building from it would report on, or overwrite the dataset
with, a gold other than the one being edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.errors import InputError

MARKER = Path("annotations") / "gold" / "metadata.json"


@dataclass(frozen=True)
class SourceTree:
    """A clone of the repository: the folder holding ``annotations/``, ``dataset/`` and ``CARD.md``."""

    root: Path

    @property
    def annotations(self) -> Path:
        """The annotation sources (texts, gold, passes, guidelines)."""
        return self.root / "annotations"

    @property
    def dataset(self) -> Path:
        """The built Hugging Face dataset."""
        return self.root / "dataset"

    @property
    def card(self) -> Path:
        """The dataset card."""
        return self.root / "CARD.md"


def find_source_tree(start: Path) -> SourceTree | None:
    """The nearest folder at or above ``start`` holding ``annotations/gold/metadata.json``, else None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return SourceTree(folder)
    return None


def require_source_tree(start: Path, command: str) -> SourceTree:
    """:func:`find_source_tree`, or an InputError saying why ``command`` needs one and how to get it."""
    tree = find_source_tree(start)
    if tree is None:
        raise InputError(f"`bench {command}` works on the annotation sources of a clone of the repository, and "
                         f"there is none at or above {start.resolve()} (no {MARKER.as_posix()}); run it inside the "
                         "clone, or pass --root ANNOTATIONS_FOLDER. The installed package's copy of the gold is for "
                         "scoring only")
    return tree
