"""Clause-level cues: future markers, hypothetical markers and attribution (who says it)."""

from __future__ import annotations

import re

from bench.systems.rules._lexicon import (
    ATTRIBUTION_VERBS,
    FUTURE_WORDS,
    HYPOTHETICAL_WORDS,
    NOT_FUTURE,
    STOPWORDS,
)
from bench.systems.rules._text import CLAUSE_END, SENTENCE_END, View, n

# «سيغادرون», «ستبقى», «سنعمل»: the future prefix س on an imperfect verb
_FUTURE_VERB = re.compile(r"^[وف]?س[يتن]\w{3,}$")
_IMPERFECT = re.compile(r"^[يتنا]\w{2,}$")
# words that end the speaker's noun phrase: function words and day names («قال مسؤولون، الجمعة، إن»)
_SOURCE_STOP = STOPWORDS | {n(w) for w in ("به", "إن", "أن", "بأن", "الجمعة", "الخميس", "السبت", "الأحد",
                                              "الاثنين", "الثلاثاء", "الأربعاء", "أمس", "اليوم")}


def _words(view: View, start: int, end: int) -> list[int]:
    return [t.i for t in view.toks if start <= t.start and t.end <= end]


def is_future_word(word: str) -> bool:
    bare = word[1:] if word[:1] in ("و", "ف") and len(word) > 4 else word
    if word in FUTURE_WORDS or bare in FUTURE_WORDS:
        return True
    return bool(_FUTURE_VERB.match(word)) and bare not in NOT_FUTURE and word not in NOT_FUTURE


def clause_is_future(view: View, pos: int) -> bool:
    start, end = view.bounds(pos, CLAUSE_END)
    return any(is_future_word(view.word(i)) for i in _words(view, start, end))


def clause_is_hypothetical(view: View, pos: int) -> bool:
    start, end = view.bounds(pos, CLAUSE_END)
    idx = _words(view, start, end)
    for k, i in enumerate(idx):
        word = view.word(i)
        bare = word[1:] if word[:1] in ("و", "ف") else word
        if word in HYPOTHETICAL_WORDS or bare in HYPOTHETICAL_WORDS:
            # «في حال» (in case), but not «حال» alone in other senses
            if bare == n("حال") and view.word(i - 1) != n("في"):
                continue
            return True
        # «قد» + imperfect verb is «may»; «قد» + perfect is «has already»
        if bare == n("قد") and k + 1 < len(idx) and _IMPERFECT.match(view.word(idx[k + 1])):
            return True
    return False


def attribution(view: View, pos: int) -> tuple[bool, tuple[int, int] | None]:
    """Whether the sentence around ``pos`` is attributed, and the speaker's normalised span.

    The speaker is the noun phrase right after the nearest attribution verb before ``pos`` (after
    it when none precedes): up to four words, stopping at punctuation, function words and day
    names. «نقلت X عن Y» gives X. No phrase (a pronoun subject) gives ``None``.
    """
    start, end = view.bounds(pos, SENTENCE_END)
    idx = _words(view, start, end)
    verbs = [i for i in idx if view.word(i) in ATTRIBUTION_VERBS
             or (view.word(i)[:1] in ("و", "ف") and view.word(i)[1:] in ATTRIBUTION_VERBS)]
    if not verbs:
        return False, None
    before = [i for i in verbs if view.toks[i].start < pos]
    verb = before[-1] if before else verbs[0]
    j = verb + 1
    if view.word(j) in (n("ل"), n("لما"), n("ما")):
        j += 1  # «وفقا لـ X», «بحسب ما»: skip the particle
    words: list[int] = []
    while j < len(view) and len(words) < 4:
        word = view.word(j)
        if not view.toks[j].is_word:
            if words or word not in ('"', "'"):
                break
            j += 1
            continue
        if word in _SOURCE_STOP or word in ATTRIBUTION_VERBS:
            break
        words.append(j)
        j += 1
    if not words:
        return True, None
    return True, (view.toks[words[0]].start, view.toks[words[-1]].end)
