"""The gold and the HTML report's static files ship inside the wheel: a plain install loads them from any
working directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_carries_the_gold_and_loads_it_from_elsewhere(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "wheel"), "-q"], check=True)
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    for doc in ("doc-000", "doc-004"):
        assert f"bench/_gold/gold/{doc}.jsonl" in names
        assert f"bench/_gold/texts/{doc}.txt" in names
    for static in ("report.css", "report.js"):  # the HTML report's style and script, read as package files
        assert f"bench/report/static/{static}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel), "-q"],
                   check=True)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    code = ("import bench, bench.io.gold as g, bench.report.html; c = g.load_gold(); "
            "print(bench.__file__); print(len(c.documents), sum(len(d.entities) for d in c.documents))")
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env={"PYTHONPATH": str(target)},
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0].startswith(str(target))
    from bench.io.gold import load_gold

    local = load_gold()
    assert out[1] == f"{len(local.documents)} {sum(len(d.entities) for d in local.documents)}"


def test_gold_texts_are_the_seed_files_byte_for_byte() -> None:
    from bench.io.gold import load_gold

    seeds = REPO.parent / "shared" / "seeds"
    texts = REPO / "annotations" / "texts"
    corpus = load_gold()
    for doc in corpus.documents:
        ours = (texts / f"{doc.id}.txt").read_bytes()
        assert ours == doc.text.encode("utf-8")
        if seeds.is_dir():  # present beside the checkout in development and CI
            assert ours == (seeds / doc.source_file).read_bytes()


def test_sdist_carries_the_licence(tmp_path: Path) -> None:
    import tarfile

    from hatchling.builders.sdist import SdistBuilder

    (sdist,) = list(SdistBuilder(str(REPO)).build(directory=str(tmp_path)))
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(n.endswith("/LICENSE") for n in names)
    assert any(n.endswith("/annotations/gold/doc-000.jsonl") for n in names)
