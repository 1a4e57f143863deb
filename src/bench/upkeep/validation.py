"""``bench validate``: the checks that make the gold trustworthy, by code.

Structural checks (offsets match the text, labels and TIMEX3 values well-formed, ids unique, text
hashes) run when the gold is loaded (:mod:`bench.io.gold`). On top of them this module checks:

* every TIMEX3 value is written in its canonical form (the gold records one form);
* every string annotated as an entity somewhere is annotated at each of its other whole-word
  occurrences in the corpus (a proclitic may precede it), unless the occurrence is part of a
  longer mention of the same type (guidelines §1.3), and always with the same type;
* one canonical name per surface form and type, and one type per canonical name;
* names (:mod:`bench.matching.names`): every alias belongs to a canonical name of the gold, no name stands
  for two entities, a numeric claim's ``subject`` and ``location`` are canonical names, and its
  ``source`` is the canonical name of the entity it resolves to, else words of the document;
* the entity extent rules of guidelines v0.4 (:mod:`bench.upkeep.extents`);
* every numeric value equals what its span says (digits, «ألف», number words, duals, «مئات»…),
  and every number written in digits lies inside a TIMEX3 or numeric span;
* the built dataset equals a fresh build, and the card's statistics block is current.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.io.gold import GoldCorpus, default_root, load_gold, read_text
from bench.matching.names import name_key
from bench.schema.labels import NAMED_TYPES
from bench.text.normalize import normalize
from bench.text.timex import canonical_value
from bench.upkeep.extents import check_extents

_PROCLITICS = "وفبلك"
_NUMBER_WORDS = {
    "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4,
    "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8, "ثمانية": 8, "تسع": 9,
    "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرات": 10, "مئات": 100, "المئات": 100, "آلاف": 1000,
}
_MULTIPLIERS = {"ألف": 1000, "آلاف": 1000, "مليون": 1_000_000, "ملايين": 1_000_000}


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or "\u064b" <= ch <= "\u065f" or ch == "\u0640"


def _whole_word(text: str, start: int, end: int) -> bool:
    if end < len(text) and _is_letter(text[end]):
        return False
    i = start
    while i > 0 and text[i - 1] in _PROCLITICS and start - i < 2:
        i -= 1
    return i == 0 or not _is_letter(text[i - 1]) or (i == start and (start == 0 or not _is_letter(text[start - 1])))


def check_timex_canonical(corpus: GoldCorpus) -> list[str]:
    """TIMEX3 values not written in canonical form (:func:`bench.text.timex.canonical_value`)."""
    return [f"{d.id} {t.id}: value '{t.value}' is not in canonical form '{canonical_value(t.value)}'"
            for d in corpus.documents for t in d.timex if canonical_value(t.value) != t.value]


def check_entity_coverage(corpus: GoldCorpus) -> list[str]:
    """Unannotated whole-word occurrences of annotated entity strings (and type mismatches)."""
    findings = []
    types: dict[str, set[str]] = defaultdict(set)
    for doc in corpus.documents:
        for e in doc.entities:
            types[e.text].add(e.type)
    for doc in corpus.documents:
        spans = defaultdict(set)
        for e in doc.entities:
            spans[(e.start, e.end)].add(e.type)
        for surface, kinds in sorted(types.items()):
            for match in re.finditer(re.escape(surface), doc.text):
                start, end = match.span()
                if not _whole_word(doc.text, start, end):
                    continue
                have = spans.get((start, end), set())
                inside = any(s <= start and end <= e and (s, e) != (start, end) and kinds & t
                             for (s, e), t in spans.items())
                if not have and inside:
                    continue  # part of a longer mention of the same kind («السوداني» in «محمد شياع السوداني»)
                if not have:
                    findings.append(f"{doc.id} [{start}:{end}] «{surface}» is annotated elsewhere as "
                                    f"{'/'.join(sorted(kinds))} but not here")
    findings += [f"«{surface}» is annotated with several types: {sorted(kinds)}"
                 for surface, kinds in sorted(types.items()) if len(kinds) > 1]
    return findings


def check_canonical_names(corpus: GoldCorpus) -> list[str]:
    """Entities without a canonical name, strings given several names, and names used with several types."""
    by_surface: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_name: dict[str, set[str]] = defaultdict(set)
    for doc in corpus.documents:
        for e in doc.entities:
            if e.type in NAMED_TYPES and not e.canonical:
                findings = f"{doc.id} {e.id} «{e.text}» ({e.type}) has no canonical name"
                by_surface[("__missing__", findings)].add("")
            if e.canonical:
                by_surface[(normalize(e.text), e.type)].add(e.canonical)
                by_name[e.canonical].add(e.type)
    out = [key[1] for key in by_surface if key[0] == "__missing__"]
    out += [f"«{surface}» ({kind}) has several canonical names: {sorted(names)}"
            for (surface, kind), names in sorted(by_surface.items()) if surface != "__missing__" and len(names) > 1]
    out += [f"canonical name '{name}' is used with several types: {sorted(kinds)}"
            for name, kinds in sorted(by_name.items()) if len(kinds) > 1]
    return out


def check_names(corpus: GoldCorpus) -> list[str]:
    """Alias and claim names that name no gold entity, several entities, or not in canonical form."""
    names = corpus.names()
    used = {e.canonical for doc in corpus.documents for e in doc.entities if e.canonical}
    out = [f"aliases.json: '{name}' is not a canonical name of any gold entity"
           for name, _ in corpus.aliases if name not in used]
    out += [f"name «{key}» stands for several entities: {list(found)}"
            for key, found in sorted(names.ambiguous.items())]
    # An alias that is also a mention string would let a system link that mention by echoing it.
    out += [f"aliases.json: «{alias}» ({name}) is a mention string of the corpus; mention strings resolve "
            "in claim fields anyway, and as an alias it would link by echo"
            for name, aliases in corpus.aliases for alias in aliases if name_key(alias) in names.mentions]
    for doc in corpus.documents:
        for c in doc.numeric:
            for field in ("subject", "location"):
                value = getattr(c, field)
                if value is not None and value not in used:
                    out.append(f"{doc.id} {c.id}: {field} '{value}' is not a canonical name")
            if c.source is None:
                continue
            entity = names.resolve(c.source)
            if entity is not None and c.source != entity:
                out.append(f"{doc.id} {c.id}: source «{c.source}» names '{entity}': write the canonical name")
            elif entity is None and c.source not in doc.text:
                out.append(f"{doc.id} {c.id}: source «{c.source}» is not in the text")
    return out


def spelled_value(text: str) -> float | None:
    """The number a numeric span spells, or None when it cannot be read by these simple rules."""
    digits = normalize(text)
    found = re.search(r"\d+(?:[.,]\d+)?", digits)
    words = text.split()
    if found:
        value = float(found.group().replace(",", "."))
        for word in words:
            if word in _MULTIPLIERS:
                value *= _MULTIPLIERS[word]
        return value
    if words and words[0] in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[words[0]])
    if len(words) == 1 and re.search(r"(ين|ان)$", words[0]):
        return 2.0  # a dual noun such as «مرحلتين», «مسؤولين»
    return None


def check_numeric_values(corpus: GoldCorpus) -> list[str]:
    """Numeric claims whose value differs from the number their text spells."""
    out = []
    for doc in corpus.documents:
        for c in doc.numeric:
            spelled = spelled_value(c.text)
            given = c.value if c.value is not None else None
            if spelled is None:
                out.append(f"{doc.id} {c.id}: cannot read a number from «{c.text}»")
            elif given is None or abs(given - spelled) > 1e-9:
                out.append(f"{doc.id} {c.id}: «{c.text}» says {spelled:g}, the annotation says {given}")
    return out


def check_digits_covered(corpus: GoldCorpus) -> list[str]:
    """Every run of digits lies inside a TIMEX3 or numeric span (numbers are never silently skipped)."""
    out = []
    for doc in corpus.documents:
        spans = [(t.start, t.end) for t in doc.timex] + [(c.start, c.end) for c in doc.numeric]
        for match in re.finditer(r"[0-9\u0660-\u0669\u06f0-\u06f9]+", doc.text):
            if not any(s <= match.start() and match.end() <= e for s, e in spans):
                out.append(f"{doc.id} [{match.start()}:{match.end()}] number «{match.group()}» is in no TIMEX3 or "
                           "numeric span")
    return out


def check_built(corpus: GoldCorpus, dataset: Path, card: Path) -> list[str]:
    """Differences between ``dataset`` and a fresh build of the annotations, and a stale statistics block in
    ``card``.
    """
    from bench.upkeep.dataset import build
    from bench.upkeep.release import card_with_stats, hub_card_for

    findings = []
    card_text = read_text(card)
    if card_with_stats(card_text, corpus) != card_text:
        findings.append(f"{card}: statistics block is stale; run `bench build`")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "dataset"
        build(corpus, fresh, hub_card_for(card_with_stats(card_text, corpus), card))
        expected = {p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    actual = {p.relative_to(dataset): p.read_bytes() for p in dataset.rglob("*") if p.is_file()} \
        if dataset.is_dir() else {}
    for rel in sorted(set(expected) | set(actual)):
        if expected.get(rel) != actual.get(rel):
            findings.append(f"{dataset / rel}: differs from a fresh build of the annotations; run `bench build`")
    return findings


def validate_all(root: Path | None = None, dataset: Path | None = None, card: Path | None = None) -> list[str]:
    """All findings (empty when everything is consistent). Structural errors raise InputError.

    The built ``dataset`` (default: ``dataset/`` beside the annotations folder) and the ``card`` (default:
    ``CARD.md`` beside it) are checked when the card exists (a source tree always has one).
    """
    base = Path(root) if root is not None else default_root()
    corpus = load_gold(base)
    findings = check_timex_canonical(corpus) + check_entity_coverage(corpus) + check_canonical_names(corpus)
    findings += check_names(corpus) + check_numeric_values(corpus) + check_digits_covered(corpus)
    findings += check_extents(corpus)
    dataset, card = built_paths(base, dataset, card)
    if card.is_file():
        findings += check_built(corpus, dataset, card)
    return findings


def built_paths(root: Path, dataset: Path | None = None, card: Path | None = None) -> tuple[Path, Path]:
    """The dataset folder and the card that belong to the annotations folder ``root`` (its siblings)."""
    return (dataset if dataset is not None else root.parent / "dataset",
            card if card is not None else root.parent / "CARD.md")
