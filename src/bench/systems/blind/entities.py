"""Entity rules: gazetteer look-up, nisba adjectives, titles with the names after them, head patterns."""

from __future__ import annotations

from functools import lru_cache

from bench.schema.entity import EntityPrediction
from bench.systems.blind import lexicon as lx
from bench.systems.blind.text import Text, norm, table


@lru_cache(maxsize=1)
def tables() -> dict[str, dict]:
    """Look-up tables: place and fixed names, organisations, titles."""
    gaz = lx.gazetteers()
    named = {norm(n): ("ORG", None) for n in lx.ORGS}
    named |= {norm(n): ("EVENT", None) for n in lx.EVENTS} | {norm(n): ("LAW", None) for n in lx.LAWS}
    return {"names": table(gaz["places"] | named), "orgs": table({norm(n): "ORG" for n in lx.ORGS}),
            "titles": table(lx.titles())}


def nisba_at(t: Text, i: int, article: bool | None = None, feminine: bool | None = None):
    """``(offset, key)`` when token ``i`` is a nisba form (optionally with/without article, of a gender)."""
    hit = t.stem_in(i, lx.gazetteers()["nisba"])
    if hit is None:
        return None
    key = hit[1]
    if article is not None and key.startswith("ال") != article:
        return None
    if feminine is not None and key.endswith("يه") != feminine:
        return None
    return hit


def place_at(t: Text, i: int):
    """``(offset, last token, (type, English name))`` for a GPE/LOC name at token ``i``."""
    hit = t.match(i, tables()["names"])
    return hit if hit and hit[2][0] in ("GPE", "LOC") else None


def _stop(t: Text, k: int, blocked: set[int]) -> bool:
    w = t.word(k)
    return (not w or k in blocked or w in lx.STOPWORDS_N or w[0].isdigit() or w in lx.DESCRIPTIVE_N
            or w in lx.gazetteers()["nisba"])


def name_chain(t: Text, i: int, blocked: set[int], limit: int = 3) -> int | None:
    """Last token of a name after a generic head: continues only through construct (article-less) words."""
    if i >= len(t) or _stop(t, i, blocked):
        return None
    j = i
    while j + 1 < len(t) and j - i + 1 < limit and t.joined(j + 1) and not t.word(j).startswith("ال") \
            and not _stop(t, j + 1, blocked) and not t.word(j + 1).startswith("و"):
        j += 1
    return j


def _verb(t: Text, k: int) -> bool:
    """A frequent news verb or a derived-form past tense («استـ»، «انتـ») rather than a name."""
    return t.stem_in(k, lx.VERBS_N) is not None or t.word(k).startswith(("است", "انت"))


def person_chain(t: Text, i: int, blocked: set[int]) -> int | None:
    """Last token of a person name (1–3 words) at token ``i``, or None."""
    first = t.word(i)
    if (not first or _stop(t, i, blocked) or first.startswith(("ال", "لل", "و")) or _verb(t, i)
            or (first[0] == "ي" and len(first) > 3 and first not in lx.NAME_VERBS_OK_N)
            or place_at(t, i) or t.match(i, tables()["titles"])):
        return None
    j = i
    while j + 1 < len(t) and j - i < 2 and t.joined(j + 1) and not _stop(t, j + 1, blocked) \
            and not t.word(j + 1).startswith("و") and not t.match(j + 1, tables()["titles"]) and not _verb(t, j + 1):
        j += 1
    return j


def _title_end(t: Text, i: int, j: int, construct: bool) -> int | None:
    """Extend a title ending at token ``j``: country after a construct title, nisba, «ل» + organisation."""
    if construct:
        place = place_at(t, j + 1) if t.joined(j + 1) else None
        if place and place[0] == 0:
            j = place[1]
        elif j == i:  # a lone «رئيس»/«ملك» without its country is not a title here
            return None
    if t.joined(j + 1) and nisba_at(t, j + 1, article=True):
        j += 1
    org = t.match(j + 1, tables()["orgs"]) if t.joined(j + 1) else None
    if org and org[0] > 0 and t.word(j + 1).startswith("ل"):
        j = org[1]
    return j


def extract_entities(t: Text, blocked: set[int]) -> list[EntityPrediction]:
    """Entity mentions found by the gazetteers and the patterns around them, skipping the tokens in ``blocked``."""
    found: dict[tuple[int, int], tuple[str, str]] = {}

    def add(i: int, j: int, off: int, kind: str) -> None:
        start, end, text = t.span(i, j, off)
        found.setdefault((start, end), (kind, text))

    gaz, tabs = lx.gazetteers(), tables()
    title_until, in_place = -1, set()
    i = 0
    while i < len(t):  # gazetteer names, longest first
        hit = t.match(i, tabs["names"])
        if hit and not (set(range(i, hit[1] + 1)) & blocked):
            add(i, hit[1], hit[0], hit[2][0])
            if hit[2][0] in ("GPE", "LOC"):
                in_place.update(range(i, hit[1] + 1))
            i = hit[1] + 1
        else:
            i += 1
    for i in range(len(t)):
        if i in blocked:
            continue
        hit = nisba_at(t, i)
        after_lugha = t.stem_in(i - 1, {"اللغه", "لغه"}) is not None and t.joined(i)
        language = t.stem_in(i, gaz["languages"])
        if after_lugha and language:
            add(i, i, language[0], "LANGUAGE")
        elif hit and i not in in_place:  # not «الأمريكية» inside «الولايات المتحدة الأمريكية»
            add(i, i, hit[0], "NORP")
        word = t.stem_in(i, lx.SPOKESPERSON_N)
        if word and t.word(i + 1) == "باسم" and t.joined(i + 1):  # «المتحدث باسم الوزارة»
            place = place_at(t, i + 2) if t.joined(i + 2) else None
            end = place[1] if place else name_chain(t, i + 2, blocked) if t.joined(i + 2) else None
            if end is not None:
                add(i, end, word[0], "OCC")
        title = t.match(i, tabs["titles"])
        if title and i > title_until:
            end = _title_end(t, i, title[1], bool(title[2]))
            if end is not None:
                title_until = end
                add(i, end, title[0], "OCC")
                k = end + 1
                if k < len(t) and t.gap(k) in (" ", "، ", ", "):
                    pers = person_chain(t, k, blocked)
                    if pers is not None:
                        add(k, pers, 0, "PERS")
        head = t.stem_in(i, lx.ORG_HEADS_N)
        if head and t.joined(i + 1):
            feminine = head[1].endswith("ه")
            if nisba_at(t, i + 1, article=True, feminine=feminine):
                add(i, i + 1, head[0], "ORG")
            elif not head[1].startswith("ال") and (place := place_at(t, i + 1)) and place[0] == 0:
                add(i, place[1], head[0], "ORG")
            elif head[1] == "وزاره" and t.word(i + 1).startswith("ال") and not _stop(t, i + 1, blocked):
                end = i + 2 if t.joined(i + 2) and nisba_at(t, i + 2, article=True, feminine=True) else i + 1
                add(i, end, head[0], "ORG")
        if t.stem_in(i, {"اداره"}) and t.joined(i + 1):  # «إدارة (الرئيس) ترامب»
            k = i + 2 if t.word(i + 1) == "الرئيس" and t.joined(i + 2) else i + 1
            pers = person_chain(t, k, blocked)
            if pers is not None:
                add(i, pers, t.stem_in(i, {"اداره"})[0], "ORG")
        if (airport := t.stem_in(i, {"مطار"})) and t.joined(i + 1):  # «مطار بيروت الدولي»
            place = place_at(t, i + 1)
            end = place[1] if place and place[0] == 0 else name_chain(t, i + 1, blocked)
            if end is not None:
                end += t.joined(end + 1) and t.word(end + 1) == "الدولي"
                add(i, end, airport[0], "FAC")
        _dropped_head(t, i, blocked, add)
    ordered = sorted(found.items(), key=lambda item: (item[0][0], -item[0][1]))
    return [EntityPrediction(start=s, end=e, text=text, type=kind) for (s, e), (kind, text) in ordered]


def _dropped_head(t: Text, i: int, blocked: set[int], add) -> None:
    """Names after generic heads that stay outside the span («محافظة نينوى» → «نينوى»)."""
    if not t.joined(i + 1) or place_at(t, i + 1) or t.match(i + 1, tables()["orgs"]):
        return  # the gazetteer has already found it
    head = t.stem_in(i, lx.DROP_HEADS_N)
    if head is None:
        return
    kind = lx.DROP_HEADS_N[head[1]]
    if head[1] in lx.INDEFINITE_NAME_HEADS_N and t.word(i + 1).startswith("ال"):
        return  # «منطقة الحدود», «تنظيم الانتخابات»: a definite noun here is usually not a name
    end = name_chain(t, i + 1, blocked)
    if end is not None:
        add(i + 1, end, 0, kind)
