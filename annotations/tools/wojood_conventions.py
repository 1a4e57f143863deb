"""Count how the public Wojood sample draws entity extents, for the rules of GUIDELINES.md §1.

The sample is the one shipped with Wojood's training code (github SinaLab/ArabicNER, commit
ef3a7f4, ``data/{train,val,test}.txt``): one whitespace token per line followed by its nested IOB2
tags, outermost first; a blank line ends a sentence. Nothing of it is copied into this repository;
run this script on a local copy to reproduce the counts the guidelines cite::

    python annotations/tools/wojood_conventions.py path/to/ArabicNER/data

Decoding: for each type, a token with n ``I-X`` tags continues the n outermost open X spans and
closes the rest; each ``B-X`` opens a new one (same-type nesting exists, e.g. ORG in ORG).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CLITICS = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?")


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int  # exclusive, in tokens


def sentences(folder: Path):
    for name in ("train.txt", "val.txt", "test.txt"):
        tokens: list[str] = []
        tags: list[list[str]] = []
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts:
                if tokens:
                    yield tokens, decode(tags)
                tokens, tags = [], []
                continue
            tokens.append(parts[0])
            tags.append([t for t in parts[1:] if t != "O"])
        if tokens:
            yield tokens, decode(tags)


def decode(tags: list[list[str]]) -> list[Span]:
    done: list[Span] = []
    open_: dict[str, list[int]] = {}
    for i, token_tags in enumerate(tags + [[]]):
        counts_i = Counter(t[2:] for t in token_tags if t.startswith("I-"))
        for label in list(open_):
            keep = counts_i.get(label, 0)
            for start in open_[label][keep:]:
                done.append(Span(label, start, i))
            open_[label] = open_[label][:keep]
        for t in token_tags:
            if t.startswith("B-"):
                open_.setdefault(t[2:], []).append(i)
    return done


def forms(token: str) -> set[str]:
    """The token as written and without a leading و/ف and ب/ل/ك (whitespace tokens carry their
    proclitics; «وزارة» is both a word and و + «زارة», so both readings are kept)."""
    rest = CLITICS.sub("", token, count=1)
    return {token, rest} if len(rest) >= 2 else {token}


def main(folder: Path) -> None:
    corpus = list(sentences(folder))
    n_tokens = sum(len(t) for t, _ in corpus)
    print(f"{len(corpus)} sentences, {n_tokens} tokens")
    head_report(corpus)
    modifier_report(corpus)
    norp_report(corpus)
    word_report(corpus)


def head_report(corpus) -> None:
    """A generic head noun directly before a span: is it inside the span that follows?"""
    heads = ["محافظة", "مدينة", "إقليم", "منطقة", "تنظيم", "حركة", "وزارة", "جامعة", "وكالة",
             "صحيفة", "شبكة", "قاعدة", "مطار", "قرية", "بلدة", "مخيم", "دولة", "جمهورية", "مجلس"]
    print("\n## head noun + name: inside the entity that starts at the head / outside, name tagged")
    for head in heads:
        inside: Counter = Counter()
        outside: Counter = Counter()
        nested = 0
        for tokens, spans in corpus:
            starts = {}
            for s in spans:
                starts.setdefault(s.start, []).append(s)
            for i, tok in enumerate(tokens):
                if not forms(tok) & {head, "ال" + head}:
                    continue
                here = [s for s in starts.get(i, []) if s.end > i + 1]
                after = starts.get(i + 1, [])
                if here:
                    inside[here[0].label] += 1
                    outer = here[0]
                    nested += any(s is not outer and outer.start <= s.start and s.end <= outer.end
                                  and s.label == outer.label for s in spans)
                elif after:
                    outside[after[0].label] += 1
        if inside or outside:
            print(f"{head}: inside {dict(inside)} ({nested} with a same-type span inside); "
                  f"outside {dict(outside)}")


def modifier_report(corpus) -> None:
    """Forces, armies, governments + a nationality/owner: tagged, and with what?"""
    nouns = ["القوات", "قوات", "الجيش", "جيش", "الحكومة", "حكومة", "الإدارة", "إدارة", "السلطات",
             "الرئيس", "رئيس", "الحدود", "التنظيم", "التحالف", "السفارة"]
    print("\n## noun (+ modifier): label of the outermost span starting at the noun (multi-token / one token), or O")
    for noun in nouns:
        multi: Counter = Counter()
        single: Counter = Counter()
        untagged = 0
        for tokens, spans in corpus:
            for i, tok in enumerate(tokens):
                if noun not in forms(tok):
                    continue
                here = sorted((s for s in spans if s.start == i), key=lambda s: s.start - s.end)
                if not here:
                    covered = any(s.start < i < s.end for s in spans)
                    untagged += not covered
                    continue
                (multi if here[0].end > i + 1 else single)[here[0].label] += 1
        print(f"{noun}: multi {dict(multi)}; single {dict(single)}; untagged alone {untagged}")


ADJ = re.compile(r"^(?:ال)?\w+(?:ي|ية|يين|يون|يات)$")
NATIONALITIES = ["أمريكي", "أميركي", "عراقي", "إيراني", "إسرائيلي", "سوري", "روسي", "فلسطيني",
                 "لبناني", "مصري", "أردني", "تركي", "بريطاني", "فرنسي", "عربي", "كردي", "سعودي"]


def nationality(token: str) -> bool:
    words = {w[2:] if w.startswith("ال") else w for w in forms(token)}
    return any(words & {n, n + "ة", n + "ون", n + "ين"} for n in NATIONALITIES)


def norp_report(corpus) -> None:
    """Nationality adjectives: alone NORP, nested NORP inside another entity, untagged inside one."""
    print("\n## nationality words (" + ", ".join(NATIONALITIES[:4]) + ", …)")
    alone = nested = inside_untagged = outside_untagged = 0
    hosts: Counter = Counter()
    for tokens, spans in corpus:
        for i, tok in enumerate(tokens):
            if not nationality(tok):
                continue
            norp = [s for s in spans if s.label == "NORP" and s.start <= i < s.end]
            others = [s for s in spans if s.label != "NORP" and s.start <= i < s.end]
            if norp and others:
                nested += 1
            elif norp:
                alone += 1
            elif others:
                inside_untagged += 1
                hosts[max(others, key=lambda s: s.end - s.start).label] += 1
            else:
                outside_untagged += 1
    print(f"NORP alone {alone}; NORP nested in another entity {nested}; "
          f"inside another entity, untagged {inside_untagged} (hosts {dict(hosts)}); untagged {outside_untagged}")


def word_report(corpus) -> None:
    """Labels of a few single words (metonymic capitals, DATE signals)."""
    words = ["واشنطن", "بغداد", "طهران", "دمشق", "موسكو", "القدس", "بتاريخ", "منذ", "في", "حتى",
             "بحلول", "خلال", "عام", "العام", "نهاية", "أمس"]
    print("\n## single words: labels of spans that contain them; B = span starts at the word")
    for word in words:
        labels: Counter = Counter()
        for tokens, spans in corpus:
            for i, tok in enumerate(tokens):
                if word not in forms(tok):
                    continue
                hit = [s for s in spans if s.start <= i < s.end]
                if not hit:
                    labels["O"] += 1
                for s in hit:
                    labels[("B-" if s.start == i else "I-") + s.label] += 1
        print(f"{word}: {dict(labels.most_common(6))}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
