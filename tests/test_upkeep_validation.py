"""Each consistency check of bench.upkeep.validation finds what it is meant to find, and nothing on clean data."""

from __future__ import annotations

from pathlib import Path

from bench.upkeep import validation as v
from conftest import default_docs, entity, make_corpus, numeric, timex


def test_clean_fixture_has_no_findings(corpus) -> None:
    # The fixture writes «عقدين» as P2DE on purpose; the gold records the canonical P20Y.
    assert v.check_timex_canonical(corpus) == ["doc-b b-t1: value 'P2DE' is not in canonical form 'P20Y'"]
    assert v.check_numeric_values(corpus) == []
    assert v.check_digits_covered(corpus) == []


def test_unannotated_second_occurrence_is_found(tmp_path: Path) -> None:
    docs = default_docs()
    text = docs[0]["text"]
    # «أمريكي» occurs twice; annotate only the first occurrence, as NORP (the fixture does that already).
    assert text.count("أمريكي") == 2
    findings = v.check_entity_coverage(make_corpus(tmp_path, docs))
    assert any("«أمريكي» is annotated elsewhere as NORP but not here" in f for f in findings)
    docs[0]["annotations"].append(entity(text, "أمريكي", "NORP", "a-e9", nth=1))
    assert not any("أمريكي" in f for f in v.check_entity_coverage(make_corpus(tmp_path / "2", docs)))


def test_type_mismatch_across_documents_is_found(tmp_path: Path) -> None:
    docs = default_docs()
    docs[1]["text"] += " وزار وفد من بغداد عمّان."
    text = docs[1]["text"]
    docs[1]["annotations"] += [entity(text, "بغداد", "ORG", "b-e8"), entity(text, "عمّان", "GPE", "b-e9", nth=1)]
    findings = v.check_entity_coverage(make_corpus(tmp_path, docs))
    assert "«بغداد» is annotated with several types: ['GPE', 'ORG']" in findings


def test_part_of_a_longer_mention_of_the_same_type_is_not_flagged(tmp_path: Path) -> None:
    docs = default_docs()
    text = docs[0]["text"]
    docs[0]["annotations"].append(entity(text, "السوداني", "PERS", "a-e8"))  # only inside the full name
    findings = v.check_entity_coverage(make_corpus(tmp_path, docs))
    assert not any("السوداني" in f for f in findings)


def test_canonical_names_must_agree(tmp_path: Path) -> None:
    docs = default_docs()
    docs[1]["text"] += " والتقى محمد شياع السوداني."
    text = docs[1]["text"]
    docs[1]["annotations"].append(entity(text, "محمد شياع السوداني", "PERS", "b-e7", canonical="M. al-Sudani"))
    findings = v.check_canonical_names(make_corpus(tmp_path, docs))
    assert any("several canonical names" in f for f in findings)
    assert any("has no canonical name" in f for f in findings)  # «بغداد» in the fixture has none


def test_numeric_value_must_equal_the_text(tmp_path: Path) -> None:
    docs = default_docs()
    text = docs[0]["text"]
    docs[0]["annotations"] = [a for a in docs[0]["annotations"] if a["kind"] != "numeric"]
    docs[0]["annotations"].append(numeric(text, "2500 جندي", "a-n1", value=250, qualifier="exact", unit="soldier",
                                          modality="planned"))
    findings = v.check_numeric_values(make_corpus(tmp_path, docs))
    assert findings == ["doc-a a-n1: «2500 جندي» says 2500, the annotation says 250.0"]


def test_spelled_values() -> None:
    assert v.spelled_value("170 ألف جندي") == 170000
    assert v.spelled_value("٣٠٠ إصابة") == 300
    assert v.spelled_value("أربعة مصادر") == 4
    assert v.spelled_value("مرحلتين") == 2
    assert v.spelled_value("المئات") == 100
    assert v.spelled_value("كثير") is None


def test_uncovered_digits_are_found(tmp_path: Path) -> None:
    docs = default_docs()
    docs[0]["annotations"] = [a for a in docs[0]["annotations"] if a["kind"] != "timex" or a["id"] != "a-t2"]
    findings = v.check_digits_covered(make_corpus(tmp_path, docs))
    assert findings == [f for f in findings if "«2025»" in f] and len(findings) == 1


def test_canonical_timex_form(tmp_path: Path) -> None:
    docs = default_docs()
    text = docs[1]["text"]
    docs[1]["annotations"] = [a for a in docs[1]["annotations"] if a["kind"] != "timex"]
    docs[1]["annotations"].append(timex(text, "عقدين", "DURATION", "P20Y", "b-t1"))
    assert v.check_timex_canonical(make_corpus(tmp_path, docs)) == []
