"""Entity rules (v0.4 extents): gazetteer look-up, generic heads inside the span, owned forces and governments,
NORP people phrases, nationality borders, titles with the names after them."""

from __future__ import annotations

from functools import lru_cache

from bench.schema.entity import EntityPrediction
from bench.systems.blind import lexicon as lx
from bench.systems.blind.text import Text, bare, norm, stems, table


@lru_cache(maxsize=1)
def tables() -> dict[str, dict]:
    """Look-up tables: place and fixed names, organisations, titles."""
    gaz = lx.gazetteers()
    named = {norm(n): ("ORG", None) for n in lx.ORGS}
    named |= {norm(n): ("EVENT", None) for n in lx.EVENTS} | {norm(n): ("LAW", None) for n in lx.LAWS}
    return {"names": table(gaz["places"] | named), "orgs": table({norm(n): "ORG" for n in lx.ORGS}),
            "titles": table(lx.titles()), "head_names": table({norm(n): "ORG" for n in lx.HEAD_NAMES})}


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


_PRESIDENT = norm("الرئيس")[0]
_QUOTES = {'"', "'", "«", "“", "”", "»"}


def owned_body(t: Text, i: int, blocked: set[int]) -> tuple[int, int, str | None, int | None] | None:
    """Rule 2: ``(offset, last token, country, owner person's first token)`` of a force, government or
    administration at token ``i``.

    The definite head takes a nisba after at most two adjectives («القوات المسلحة المصرية»); the construct
    head takes an owner: a place, a known organisation, a title or (for «إدارة»، «نظام»، «حكومة») a person.
    ``country`` is the owner country's English name when the rules know it.
    """
    head = t.stem_in(i, lx.OWNED_HEADS_N)
    if head is None or not t.joined(i + 1):
        return None
    off, key = head
    countries = lx.gazetteers()["countries"]
    if key.startswith("ال"):
        k = i + 1
        while k < i + 3 and t.word(k) in lx.FORCE_ADJ_N and t.joined(k + 1):
            k += 1
        hit = nisba_at(t, k, article=True, feminine=key.endswith(("ه", "ات"))) if t.joined(k) else None
        if hit is None or hit[0] > 0:
            return None
        return off, k, lx.gazetteers()["nisba"].get(hit[1]), None
    if (place := place_at(t, i + 1)) and place[0] == 0:
        return off, place[1], place[2][1] if place[2][1] in countries else None, None
    if (org := t.match(i + 1, tables()["orgs"])) and org[0] == 0:
        return off, org[1], None, None
    if key in lx.OWNED_BY_PERSON_N:
        k = i + 2 if t.word(i + 1) == _PRESIDENT and t.joined(i + 2) else i + 1
        if t.word(k) in lx.LEADER_NAMES_N:
            return off, k, None, k
        pers = person_chain(t, k, blocked) if key == "اداره" or k > i + 1 else None
        if pers is not None:
            return off, pers, None, k
    title = t.match(i + 1, tables()["titles"])
    if title and title[0] == 0 and (end := _title_end(t, i + 1, title[1], bool(title[2]))) is not None:
        return off, end, None, None
    return None


def head_name(t: Text, i: int, blocked: set[int]) -> tuple[int, int, str, int] | None:
    """Rule 1: ``(offset, last token, type, last token of the bare name)`` of a generic head and its name.

    The head is inside the span («محافظة نينوى»); a quoted name ends at its last letter («صحيفة "الأهرام»);
    an air-base or airport adjective stays in a facility's name, a nisba in an organisation's name.
    """
    head = t.stem_in(i, lx.NAME_HEADS_N)
    if head is None or i + 1 >= len(t) or t.match(i, tables()["names"]):
        return None  # a gazetteer name that starts with the head («منظمة الصحة العالمية») wins
    off, key = head
    kind = lx.NAME_HEADS_N[key]
    gap = t.gap(i + 1)
    if gap[:1] == " " and gap.strip() in _QUOTES:  # a quoted name: up to the closing quotation mark
        j = i + 1
        while j + 1 < len(t) and j - i < 5 and t.joined(j + 1):
            j += 1
        closing = t.gap(j + 1) if j + 1 < len(t) else t.norm[t.tokens[j].e:]
        return (off, j, kind, j) if closing[:1] in _QUOTES else None
    if not t.joined(i + 1):
        return None
    known = place_at(t, i + 1) or t.match(i + 1, tables()["orgs"]) or t.match(i + 1, tables()["head_names"])
    if known and known[0] == 0:
        end = known[1]
    elif t.word(i + 1) in lx.NOT_NAMES_N or (key in lx.INDEFINITE_NAME_HEADS_N and t.word(i + 1).startswith("ال")):
        return None  # «منطقة الحدود», «تنظيم الانتخابات»: a plain noun, not a name
    elif (end := name_chain(t, i + 1, blocked)) is None:
        return None
    name_end = end
    if t.joined(end + 1) and (kind == "FAC" and t.word(end + 1) in lx.FAC_ADJ_N
                              or kind == "ORG" and nisba_at(t, end + 1, article=True, feminine=key.endswith("ه"))):
        end += 1
    return off, end, kind, name_end


def border(t: Text, i: int) -> int | None:
    """Rule 4: last token of a border named by nisbas («الحدود التركية – السورية», «الحدود الأردنية»)."""
    if t.stem_in(i, lx.BORDER_HEADS_N) is None:
        return None
    j = i
    while j + 1 < len(t) and (t.joined(j + 1) or t.gap(j + 1).strip() in ("-", "/")) \
            and nisba_at(t, j + 1, article=True, feminine=True):
        j += 1
    return j if j > i else None


def accusative_nisba(t: Text, k: int) -> bool:
    """Token ``k`` is an indefinite accusative nisba after a people noun («جنديا تركيا»), not the country «تركيا»."""
    word, head = t.word(k), t.word(k - 1)
    return (t.joined(k) and word.endswith("ا") and head.endswith("ا") and word[:-1] in lx.gazetteers()["nisba"]
            and t.stem_in(k - 1, lx.PEOPLE_HEADS_N) is not None)


def _plural_ending(word: str) -> str | None:
    return next((suffix for suffix in ("ون", "ين") if word.endswith(suffix) and len(word) > 4), None)


def _norp(t: Text, blocked: set[int], covered: set[int], add) -> None:
    """Rule 3: a people noun through its last nationality/religion nisba, or a people noun standing alone.

    A nisba inside another mention, or on a thing («النفوذ التركي»), gives nothing.
    """
    nisbas = {k for k in range(len(t)) if k not in blocked and k not in covered and nisba_at(t, k)}
    used: set[int] = set()
    for h in range(len(t)):
        head = t.stem_in(h, lx.PEOPLE_HEADS_N)
        if head is None or h in covered or h in blocked:
            continue
        definite, last, k = head[1].startswith("ال"), None, h + 1
        while k < h + 5 and (t.joined(k) or last is not None and t.gap(k).strip() == "-"):
            if k in nisbas and nisba_at(t, k, article=definite) or not definite and accusative_nisba(t, k):
                last = k
            elif last is not None or t.word(k) not in lx.PEOPLE_ADJ_N:
                break
            k += 1
        if last is not None:
            add(h, last, head[0], "NORP")
            used.update(range(h, last + 1))
    for k in sorted(nisbas - used):
        off, key = nisba_at(t, k)
        ending = _plural_ending(key)
        if ending is None and key not in lx.BROKEN_NISBAS_N:
            continue  # an adjective with no people noun before it
        definite, prev = key.startswith("ال"), t.word(k - 1)
        p_off = next((o for o, stem in stems(prev) if stem.startswith("ال")), 0) if definite else 0
        if ending and t.joined(k) and k - 1 not in covered | blocked | used and _plural_ending(prev) == ending \
                and prev[p_off:].startswith("ال") == definite and prev not in lx.STOPWORDS_N and not _verb(t, k - 1) \
                and not (prev[0] == "ي" and len(prev) > 4):  # «اللاعبين الفرنسيين»: a plural noun of people
            add(k - 1, k, p_off, "NORP")
        else:
            add(k, k, off, "NORP")


def extract_entities(t: Text, blocked: set[int]) -> list[EntityPrediction]:
    """Entity mentions found by the gazetteers and the patterns around them, skipping the tokens in ``blocked``."""
    found: dict[tuple[int, int], tuple[str, str]] = {}
    covered: set[int] = set()  # tokens inside a mention other than NORP: no NORP nests in them
    singles: list[tuple[int, int]] = []  # bare names after a head: the head phrase is one mention

    def add(i: int, j: int, off: int, kind: str) -> tuple[int, int]:
        start, end, text = t.span(i, j, off)
        found.setdefault((start, end), (kind, text))
        if kind != "NORP":
            covered.update(range(i, j + 1))
        return start, end

    gaz, tabs = lx.gazetteers(), tables()
    title_until = -1
    i = 0
    while i < len(t):  # gazetteer names, longest first
        hit = t.match(i, tabs["names"])
        if hit and not (set(range(i, hit[1] + 1)) & blocked) and not accusative_nisba(t, i):
            add(i, hit[1], hit[0], hit[2][0])
            i = hit[1] + 1
        else:
            i += 1
    for i in range(len(t)):
        if i in blocked:
            continue
        after_lugha = t.stem_in(i - 1, {"اللغه", "لغه"}) is not None and t.joined(i)
        language = t.stem_in(i, gaz["languages"])
        if after_lugha and language:
            add(i, i, language[0], "LANGUAGE")
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
        if (owned := owned_body(t, i, blocked)) is not None:
            add(i, owned[1], owned[0], "ORG")
            if owned[3] is not None:  # «إدارة ترامب» ⊃ PERS «ترامب»
                add(owned[3], owned[1], 0, "PERS")
        if (named := head_name(t, i, blocked)) is not None:
            off, end, kind, name_end = named
            add(i, end, off, kind)
            singles.append(t.span(i + 1, name_end)[:2])
        if (end := border(t, i)) is not None:
            add(i, end, t.stem_in(i, lx.BORDER_HEADS_N)[0], "LOC")
    for start, stop in singles:  # «محافظة نينوى» has no nested «نينوى», «تنظيم داعش» no nested «داعش»
        for s, e in [span for span in found if start <= span[0] and span[1] <= stop]:
            del found[(s, e)]
    _anaphora(t, blocked, covered, found, add)
    _norp(t, blocked, covered, add)
    ordered = sorted(found.items(), key=lambda item: (item[0][0], -item[0][1]))
    return [EntityPrediction(start=s, end=e, text=text, type=kind) for (s, e), (kind, text) in ordered]


_ANAPHORS = {"التنظيم": "تنظيم", "الحركه": "حركه", "التحالف": "تحالف"}


def _anaphora(t: Text, blocked: set[int], covered: set[int], found: dict, add) -> None:
    """A bare «التنظيم»/«الحركة»/«التحالف» after a named organisation with that head is that organisation."""
    named = {}
    for (s, _), (kind, text) in found.items():
        words = norm(text)
        if kind == "ORG" and words:
            named.setdefault(bare(words[0]), s)
    for k in range(len(t)):
        hit = t.stem_in(k, _ANAPHORS)
        if hit and k not in covered and k not in blocked and named.get(_ANAPHORS[hit[1]], len(t.raw)) < t.span(k, k)[0]:
            add(k, k, hit[0], "ORG")
