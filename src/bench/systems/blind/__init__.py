"""A blind rule-based baseline for the three layers (entities, TIMEX3, numeric claims).

What the rules do
-----------------
Text is normalised with :func:`bench.text.normalize.normalize_with_offsets`, cut into letter/digit
tokens, and every match is mapped back to original code-point offsets. Proclitics (و ف ب ل ك and
clusters) are peeled off and left outside spans; «لل…» is read as ل + ال (span from the second ل).

* Entities (v0.4, Wojood-compatible extents): GPE/LOC names from CLDR (Arabic territory names,
  time-zone exemplar cities, region names) plus a handful of everyday aliases and capitals; generic
  heads INSIDE the span, as one mention with no nested mention of the bare name («محافظة نينوى»،
  «تنظيم داعش»، «قاعدة الظفرة الجوية» with a facility adjective, «وكالة الأنباء الفرنسية» with the
  name's nisba, a quoted name up to its last letter: «صحيفة "الأهرام»); definite forces, armies,
  governments, administrations and leaderships designated by a nisba, and their construct forms
  designated by an owner (place, organisation, title or person), as ORG with the owner nested
  («القوات الفرنسية»، «قوات الناتو»، «إدارة ترامب»); NORP for a nationality/religion noun standing
  alone or for a people noun through its last nisba («مسؤولون فرنسيون»، «قوات فرنسية»), never nested
  in another mention and never on a thing; LOC for a border named by nisbas; LANGUAGE for CLDR
  language names after «اللغة»; OCC from a short list of titles and offices (with a following country
  or nisba); PERS for the name after a title; ORG from a short list of well-known bodies and for a
  bare «التنظيم»/«الحركة»/«التحالف» after a named one; a few named events and treaties.
* TIMEX3: Gregorian and Levantine month names (CLDR ar, ar_SY, ar_MA, ar_TN), with day, year,
  «شهر» and paired names; years after «عام/سنة» or a preposition; DCT-relative years, months,
  ISO weeks and days; weekdays resolved to the nearest one consistent with a crude tense guess;
  PRESENT_REF phrases; durations (number + unit, duals, vague plurals) with «قبل» read as "ago";
  mod words (نهاية/بداية/منتصف) and duration qualifiers; parts of the day; a few SET adverbs.
* Numeric claims: numbers in digits or words with multipliers, ranges, duals of a small list of
  countable nouns, vague «عشرات/مئات/آلاف», qualifiers before the number (outside the span), the
  counted noun and its English unit, subject (the owner country) from a following nisba or from
  forces in the sentence («القوات الفرنسية»), location from a «في»/«ب» place and time from a DATE
  in the sentence (the claim's own clause first; not across a coordinated clause; never from the
  reporting frame «قال مسؤولون، الجمعة، إن…»), source after a reporting verb, modality from cue words.

Resources: CLDR through babel (the CLDR version is :data:`CLDR_VERSION`; written against babel
2.18.0 / CLDR 47) and short word lists written from general knowledge of Modern Standard Arabic
news language.

These rules were written without access to the corpus, to its guidelines' examples or to any
score: the only annotation source was a corpus-free summary of the conventions, whose examples
are invented. This revision followed, in the same way, a corpus-free summary of the v0.4
conventions (entity extents and two numeric-claim field rules), again without the corpus, its gold
or any score. The tests use invented sentences.
"""

from __future__ import annotations

from bench.schema.document import Document
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import TimexPrediction
from bench.systems.blind.entities import extract_entities
from bench.systems.blind.lexicon import CLDR_VERSION
from bench.systems.blind.numeric import extract_numeric, to_predictions
from bench.systems.blind.temporal import extract_timex
from bench.systems.blind.text import Text

__all__ = ["CLDR_VERSION", "extract"]


def extract(doc: Document) -> DocumentPrediction:
    """Entities, TIMEX3 and numeric claims for one document (deterministic)."""
    text = Text(doc.text)
    timexes = extract_timex(text, doc.dct)
    in_timex = {k for tx in timexes for k in range(tx.i, tx.j + 1)}
    timex = []
    for tx in timexes:
        start, end, surface = text.span(tx.i, tx.j, tx.off)
        timex.append(TimexPrediction(start=start, end=end, text=surface, type=tx.type, value=tx.value, mod=tx.mod))
    claims = extract_numeric(text, in_timex)
    return DocumentPrediction(id=doc.id, entities=tuple(extract_entities(text, in_timex)), timex=tuple(timex),
                              numeric=tuple(to_predictions(text, claims, timexes)))
