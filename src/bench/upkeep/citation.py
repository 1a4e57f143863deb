"""How to cite the benchmark; CITATION.cff at the repository root says the same (a test checks)."""

from __future__ import annotations

from bench import __version__

TITLE = "Arabic News IE Benchmark: entities, temporal expressions and numeric claims"
AUTHORS = ("Arabic IE Bench contributors",)
YEAR = 2026
RELEASED = "2026-11-28"
LICENSE = "CC-BY-4.0"
REPOSITORY = "https://github.com/arabic-ie-bench/arabic-ie-bench"
"""The repository (annotations, scorer, guidelines, metric cards); every other link is built from it."""


def repository_file(path: str) -> str:
    """The web address of ``path`` in the repository (for cards read outside it, e.g. on the Hub)."""
    return f"{REPOSITORY}/blob/main/{path}"


def bibtex() -> str:
    """A ``@misc`` entry. ``howpublished`` carries the address for the styles that print no ``url``
    (plain, acl_natbib prints both; ``\\url`` needs the url or hyperref package, which ACL's style loads)."""
    return (
        "@misc{arabic_ie_bench_2026,\n"
        f"  title        = {{{{{TITLE}}}}},\n"
        f"  author       = {{{{{' and '.join(AUTHORS)}}}}},\n"
        f"  year         = {{{YEAR}}},\n"
        f"  version      = {{{__version__}}},\n"
        f"  howpublished = {{\\url{{{REPOSITORY}}}}},\n"
        f"  url          = {{{REPOSITORY}}},\n"
        f"  note         = {{Gold annotations under {LICENSE}; article texts remain their publishers'}}\n"
        "}\n"
    )
