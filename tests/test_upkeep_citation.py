"""`bench cite` and CITATION.cff say the same thing."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench import __version__
from bench.upkeep.citation import AUTHORS, LICENSE, REPOSITORY, TITLE, bibtex

REPO = Path(__file__).resolve().parents[1]


def test_citation_cff_matches_bibtex() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == TITLE
    assert cff["version"] == __version__
    assert [a["name"] for a in cff["authors"]] == list(AUTHORS)
    assert cff["license"] == LICENSE
    assert cff["url"] == cff["repository-code"] == REPOSITORY
    entry = bibtex()
    assert TITLE in entry and __version__ in entry
    assert f"url          = {{{REPOSITORY}}}" in entry and f"howpublished = {{\\url{{{REPOSITORY}}}}}" in entry


def test_project_urls_are_the_repository() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert set(project["urls"].values()) >= {REPOSITORY}
    assert all(url.startswith(REPOSITORY) for url in project["urls"].values())
    assert project["license-files"] == ["LICENSE"] and (REPO / "LICENSE").is_file()
    assert any(c.startswith("Natural Language :: Arabic") for c in project["classifiers"])


def test_card_carries_the_same_bibtex() -> None:
    assert bibtex().strip() in (REPO / "CARD.md").read_text(encoding="utf-8")


def test_citation_cff_validates_against_the_cff_1_2_schema() -> None:
    from cffconvert.cli.create_citation import create_citation

    citation = create_citation(str(REPO / "CITATION.cff"), None)
    citation.validate()  # raises on any schema violation


def test_release_date_is_the_same_everywhere() -> None:
    from bench.upkeep.citation import RELEASED

    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["date-released"]) == RELEASED
