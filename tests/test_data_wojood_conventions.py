"""The script that counts the Wojood sample's conventions (annotations/tools/wojood_conventions.py),
run on a few lines written in the sample's layout (the sample itself is not shipped)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("wojood_conventions",
                                                  REPO / "annotations" / "tools" / "wojood_conventions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_counts_on_lines_in_the_samples_layout(tmp_path, capsys) -> None:
    sentences = [
        ["زار O", "محافظة B-GPE", "نينوى I-GPE", "مع O", "القوات B-ORG", "الأمريكية I-ORG"],
        ["قال O", "رئيس B-OCC", "مجلس I-OCC B-ORG", "إدارة I-OCC I-ORG", "الشركة I-OCC I-ORG B-ORG"],
        ["وفي O", "مدينة B-GPE", "الموصل I-GPE", "مسؤولون O", "أمريكيون O"],
    ]
    (tmp_path / "train.txt").write_text("\n\n".join("\n".join(s) for s in sentences) + "\n", encoding="utf-8")
    for name in ("val.txt", "test.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    script = _script()
    corpus = list(script.sentences(tmp_path))
    assert [sorted((s.label, s.start, s.end) for s in spans) for _, spans in corpus][1] == [
        ("OCC", 1, 5), ("ORG", 2, 5), ("ORG", 4, 5)]
    script.main(tmp_path)
    out = capsys.readouterr().out
    assert "3 sentences, 16 tokens" in out
    assert "محافظة: inside {'GPE': 1}" in out and "مدينة: inside {'GPE': 1}" in out
    assert "القوات: multi {'ORG': 1}" in out
