"""``rules``: a transparent rule-based reference system for all three layers.

Written from ``annotations/GUIDELINES.md`` and general knowledge of Arabic news language only:
neither the gold annotations nor the corpus texts were read, and no rule was tuned on scores
against the gold. The rules are meant as a readable baseline, not as a strong system.

Resources: CLDR locale data through ``babel`` (tested with babel 2.18.0 / CLDR 47): Arabic country
names (``Locale('ar').territories``), Arabic time-zone exemplar cities, Gregorian month names in the
Egyptian/Gulf, Levantine (``ar_SY``), Moroccan and Tunisian forms, weekday names, language names, and
English country names for canonical values. Everything else is a short hand-written list in
:mod:`._lexicon` and :mod:`._gazetteer` (job titles, organisation heads, counted nouns, number words,
common given names, a few international organisations, seas and regions).

How each layer works (details in the modules):

* Matching runs on :func:`bench.normalize.normalize_with_offsets` text (hamza, ta marbuta, alef
  maqsura, harakat, tatweel, digits folded) and every span is mapped back to original code points,
  so ``text == doc.text[start:end]`` always holds. Proclitics و ف ب ل ك stay outside spans, «ال» stays
  inside, and for «لل» only the first ل is the proclitic (guidelines §0).
* TIMEX3 (:mod:`._temporal`): dates with either month system or both («11 سبتمبر/أيلول 2001»), years
  after «عام/العام/سنة» and bare 19xx/20xx years not followed by a counted noun, part-of-period
  words with ``mod`` START/MID/END, relative years, months and ISO weeks, «أمس/اليوم/غدا» (+ weekday),
  weekdays (the last one on or before the DCT; the next one in a clause with a future marker),
  durations with digits, number words, duals and singular units after a duration signal, «قبل» +
  duration as a DATE («ago»), vague plurals (PXY…), PRESENT_REF/PAST_REF/FUTURE_REF phrases,
  «يوميا/كل عام» sets, decades and clock times (anchored to the DCT). Durations use
  :func:`bench.timex.canonical_value`.
* Numeric claims (:mod:`._numbers`): figures, multipliers, number words, duals of counted nouns,
  vague «عشرات/مئات/آلاف», qualifiers before/after the number (outside the span), ranges with «بين».
  Numbers inside a TIMEX3 are left to the temporal layer. Fields, simplified:
  ``modality`` is ``hypothetical`` when the clause has «قد» + imperfect verb, «إذا», «لو», «في حال»…;
  else ``planned`` when the clause has a future marker (س + imperfect verb, «سوف», «المتوقع»,
  «من المقرر»…); else ``reported`` when the sentence has an attribution verb («قال», «نقلت»,
  «بحسب»…); else ``asserted``. ``source`` is the noun phrase after that attribution verb.
  ``subject`` is the country of a nisba adjective right after the counted noun («جندي أميركي» →
  United States). ``location`` is the first GPE after «في»/«ب» within four tokens after the claim in
  its clause. ``time`` is the value of a DATE with an explicit year in the same clause. Each is
  ``None`` when its rule does not fire.
* Entities (:mod:`._entities`): gazetteer look-up, then OCC, PERS, ORG, GPE/LOC/FAC after generic
  heads, EVENT, LAW, LANGUAGE and WEBSITE patterns, with nested mentions where the patterns overlap.

Output is deterministic: the same document always gives the same predictions in the same order.
"""

from __future__ import annotations

from bench.schema.document import Document
from bench.schema.entity import EntityPrediction
from bench.schema.numeric import NumericPrediction
from bench.schema.predictions import DocumentPrediction
from bench.schema.temporal import TimexPrediction
from bench.systems.rules._cues import attribution, clause_is_future, clause_is_hypothetical
from bench.systems.rules._entities import Ent
from bench.systems.rules._entity_rules import extract_entities
from bench.systems.rules._gazetteer import gazetteer
from bench.systems.rules._numbers import Claim, extract_numbers
from bench.systems.rules._temporal import TimexCand, extract_timex
from bench.systems.rules._text import CLAUSE_END, View, n

__all__ = ["extract"]


def _claim_fields(view: View, c: Claim, ents: list[Ent], timex: list[TimexCand]) -> dict:
    fields: dict = {"qualifier": c.qualifier, "unit": c.unit}
    if c.qualifier == "range":
        fields["value_min"], fields["value_max"] = c.extras["min"], c.extras["max"]
    else:
        fields["value"] = c.value
    clause = view.bounds(c.start, CLAUSE_END)
    if clause_is_hypothetical(view, c.start):
        fields["modality"] = "hypothetical"
    elif clause_is_future(view, c.start):
        fields["modality"] = "planned"
    attributed, speaker = attribution(view, c.start)
    if speaker:
        a, b = view.to_original(*speaker)
        fields["source"] = view.text[a:b]
    fields.setdefault("modality", "reported" if attributed else "asserted")
    # subject: the nisba right after the counted noun («جندي أميركي», «من القوات الأميركية»)
    last = view.tok_at(c.end - 1)
    last = last if last is not None else len(view)
    after = c.noun_tok + 1 if c.noun_tok is not None else last + 1
    english = gazetteer()["english"]
    for e in ents:
        if e.type == "NORP" and e.first == after and e.start == view.toks[after].start and e.code in english:
            fields["subject"] = english[e.code]
    # location: «في <GPE>» or «بـ<GPE>» shortly after the claim, same clause
    for e in sorted(ents, key=lambda e: e.start):
        if e.type != "GPE" or not (last < e.first <= last + 4) or e.end > clause[1] or not e.canonical:
            continue
        prefix = view.norm[view.toks[e.first].start:e.start]
        if (view.word(e.first - 1) == n("في") and not prefix) or prefix.endswith("ب"):
            fields["location"] = e.canonical
            break
    # time: a DATE with an explicit year in the same clause, the nearest one
    dated = [t for t in timex if t.type == "DATE" and t.value and t.value[:4].isdigit() and clause[0] <= t.start
             and t.end <= clause[1] and any(ch.isdigit() for ch in view.norm[t.start:t.end])]
    if dated:
        fields["time"] = min(dated, key=lambda t: abs(t.start - c.start)).value
    return fields


def extract(doc: Document) -> DocumentPrediction:
    """Predict entities, TIMEX3 expressions and numeric claims for ``doc`` (see the module docstring)."""
    view = View(doc.text)
    timex = extract_timex(view, doc.dct)
    spans = [(t.start, t.end) for t in timex]
    ents = extract_entities(view, spans)
    claims = extract_numbers(view, spans)

    def place(start: int, end: int) -> dict:
        a, b = view.to_original(start, end)
        return {"start": a, "end": b, "text": doc.text[a:b]}

    entity_preds = [EntityPrediction(**place(e.start, e.end), type=e.type) for e in ents]
    timex_preds = [TimexPrediction(**place(t.start, t.end), type=t.type, value=t.value, mod=t.mod) for t in timex]
    numeric_preds = [NumericPrediction(**place(c.start, c.end), **_claim_fields(view, c, ents, timex))
                     for c in claims]
    return DocumentPrediction(id=doc.id, entities=tuple(entity_preds), timex=tuple(timex_preds),
                              numeric=tuple(numeric_preds))
