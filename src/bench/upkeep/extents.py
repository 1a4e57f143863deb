"""The entity extent rules of guidelines v0.4 (Wojood-compatible), checked by code.

Each check reads the gold and the text only and returns findings as strings, like the other
checks of :mod:`bench.upkeep.validation`:

* a generic head (guidelines §1.2: «محافظة», «مدينة», «إقليم», «منطقة», «تنظيم», «صحيفة», «شبكة»,
  «قاعدة») written directly before a mention is inside it;
* no mention is nested in a mention of the same entity (a head phrase holds no inner mention of its
  bare name: «محافظة الأنبار» ⊃ «الأنبار» is one mention too many);
* no NORP lies inside another entity (§1.1: the Wojood sample nests 3 of 215 such adjectives);
* a definite force, army, government, administration or leadership followed by a nationality
  adjective («القوات الأمريكية», «الحكومة العراقية») is an ORG mention with exactly that extent, and
  a border named by nationality adjectives («الحدود العراقية – السورية») is a LOC.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bench.io.gold import GoldCorpus
from bench.schema.document import GoldDocument
from bench.schema.entity import Entity

GENERIC_HEADS: tuple[str, ...] = ("محافظة", "مدينة", "إقليم", "منطقة", "تنظيم", "صحيفة", "شبكة", "قاعدة")
"""Generic heads that guidelines §1.2 puts inside the mention they precede."""

HEADED_TYPES = frozenset({"GPE", "ORG", "FAC", "LOC"})

# A head (proclitics allowed) then one space and perhaps an opening quotation mark, ending where the
# mention starts (searched up to the mention's start).
_HEAD_BEFORE = re.compile(rf"(?:^|[\s\"“”«(])[وفبلك]{{0,2}}(?P<head>{'|'.join(GENERIC_HEADS)}) [\"“”«]?$")

_NATIONALITY = r"ال(?:أمريكي|أميركي|عراقي|إيراني|سوري|إسرائيلي|روسي|تركي|كردي|عماني)(?:ة|ين|ون)?"
_ORG_HEADS = r"(?:قوات|حكومة|إدارة|قيادة|جيش)"
# «ال» + head after optional proclitics, or «لل» + head, where the first ل is the proclitic and the
# mention starts at the second (guidelines §0).
_WORD_START = r"(?:(?<=[\s\"“”«(])|^)"
_FORCE = re.compile(rf"{_WORD_START}[وف]?[بك]?(?P<span>ال{_ORG_HEADS} {_NATIONALITY})(?![\w])"
                    rf"|{_WORD_START}[وف]?ل(?P<elided>ل{_ORG_HEADS} {_NATIONALITY})(?![\w])")
_BORDER = re.compile(rf"{_WORD_START}[وف]?[بلك]?(?P<span>الحدود {_NATIONALITY}(?: [–-] {_NATIONALITY})?)(?![\w])")


def _contains(outer: Entity, inner: Entity) -> bool:
    return (outer.start <= inner.start and inner.end <= outer.end
            and (outer.start, outer.end) != (inner.start, inner.end))


def _head_before(doc: GoldDocument, entity: Entity) -> str | None:
    """The generic head written directly before ``entity`` (a space, perhaps a quotation mark)."""
    found = _HEAD_BEFORE.search(doc.text, 0, entity.start)
    return found.group("head") if found else None


def check_heads_inside(doc: GoldDocument) -> Iterator[str]:
    """A mention right after a generic head must include it (unless a mention from the head holds it)."""
    for e in doc.entities:
        head = _head_before(doc, e)
        if e.type not in HEADED_TYPES or head is None:
            continue
        if not any(_contains(o, e) and o.type == e.type and doc.text[o.start:o.end].startswith(head)
                   for o in doc.entities):
            yield (f"{doc.id} {e.id} «{e.text}» ({e.type}) leaves the generic head «{head}» outside "
                   "(guidelines §1.2)")


def check_no_self_nesting(doc: GoldDocument) -> Iterator[str]:
    """No mention inside another mention of the same entity."""
    for outer in doc.entities:
        for inner in doc.entities:
            if outer.canonical and inner.canonical == outer.canonical and _contains(outer, inner):
                yield (f"{doc.id} {inner.id} «{inner.text}» is nested in {outer.id} «{outer.text}», "
                       f"a mention of the same entity ({outer.canonical}; guidelines §1.3)")


def check_no_nested_norp(doc: GoldDocument) -> Iterator[str]:
    """NORP mentions are never inside another entity."""
    for inner in doc.entities:
        if inner.type != "NORP":
            continue
        host = next((o for o in doc.entities if _contains(o, inner)), None)
        if host is not None:
            yield (f"{doc.id} {inner.id} NORP «{inner.text}» is inside {host.id} «{host.text}» ({host.type}); "
                   "guidelines §1.1 leave a nationality word inside another entity untagged")


def check_designated_orgs(doc: GoldDocument) -> Iterator[str]:
    """«القوات/الحكومة/الإدارة/القيادة/الجيش» + nationality adjective is an ORG; «الحدود» + them a LOC."""
    have = {(e.start, e.end, e.type) for e in doc.entities}
    for pattern, label in ((_FORCE, "ORG"), (_BORDER, "LOC")):
        for match in pattern.finditer(doc.text):
            group = "span" if match.group("span") is not None else "elided"
            start, end = match.span(group)
            if (start, end, label) not in have:
                yield (f"{doc.id} [{start}:{end}] «{doc.text[start:end]}» is not annotated as {label} with "
                       "this extent (guidelines §1.1)")


def check_extents(corpus: GoldCorpus) -> list[str]:
    """All findings of the v0.4 extent rules, in document order."""
    checks = (check_heads_inside, check_no_self_nesting, check_no_nested_norp, check_designated_orgs)
    return [finding for doc in corpus.documents for check in checks for finding in check(doc)]
