"""How to cite the benchmark; CITATION.cff at the repository root says the same (a test checks)."""

from __future__ import annotations

from bench import __version__

TITLE = "Arabic News IE Benchmark: entities, temporal expressions and numeric claims"
AUTHORS = ("Arabic IE Bench contributors",)
YEAR = 2026
RELEASED = "2026-11-23"
LICENSE = "CC-BY-4.0"


def bibtex() -> str:
    return (
        "@misc{arabic_ie_bench_2026,\n"
        f"  title   = {{{{{TITLE}}}}},\n"
        f"  author  = {{{{{' and '.join(AUTHORS)}}}}},\n"
        f"  year    = {{{YEAR}}},\n"
        f"  version = {{{__version__}}},\n"
        f"  note    = {{Gold annotations under {LICENSE}; article texts remain their publishers'}}\n"
        "}\n"
    )
