"""Entity scores under the four SemEval-2013 Task 9.1 schemes, as nervaluate defines them.

* strict: exact boundaries and the same type (COR); any other overlap is INC.
* exact: exact boundaries, whatever the type (COR); any other overlap is INC.
* partial: exact boundaries are COR, any other overlap is PAR (half credit); types are ignored.
* type: any overlap with the same type is COR; an overlap with another type is INC.
* clitic: strict, after the boundary rule of :mod:`bench.matching.boundary` has moved each predicted
  extent that differs from a gold extent only by leading proclitics («وبغداد» for «بغداد») onto it.
  Not a SemEval-2013 scheme: it is reported beside strict for taggers of white-space tokens
  (Wojood's), and the signature names its rule (``clitic:``).

Differences from nervaluate, by design: pairs are chosen by optimal one-to-one assignment
(:mod:`bench.matching.assign`) instead of greedy first match, so scores do not depend on prediction order.
The pairing reads extents only: strict, exact and partial score the pairing with the most exact
extents, type the one with the most overlapping pairs; of several predictions on one extent (say one
per type) where the gold has one, the first by type takes the pair with its type counted as wrong,
and the others are spurious, so hedging over types never pays. An exact duplicate of a prediction
(same span and type) is never matched and counts as spurious. Per-type scores filter gold and
predictions to the type and score again, as nervaluate does. Two views: ``nested`` (all mentions)
and ``outermost`` (both sides reduced to the mentions not strictly inside another mention of the
same side), for systems that output flat spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bench.matching.assign import Pairing, Preference, pair_extents
from bench.matching.spans import Mention
from bench.metrics.counts import SpanCounts


def _exact(g: Mention, p: Mention) -> bool:
    return g.start == p.start and g.end == p.end


PairingName = Literal["exact", "overlap", "clitic"]
"""The pairings the schemes score: ``exact`` (most exact extents first), ``overlap`` (most
overlapping pairs first), ``clitic`` (most exact extents, on the predictions the proclitic boundary
rule has moved)."""

PREFERENCE: dict[str, Preference] = {"exact": "exact", "overlap": "overlap", "clitic": "exact"}


@dataclass(frozen=True)
class Scheme:
    """A scheme's rules, as data: which pairing it scores, and what a pair counts as."""

    name: str
    pairing: PairingName
    """``exact``: the pairing with the most exact extents (strict, exact, partial: their credit
    grows with exact extents); ``overlap``: the most overlapping pairs (type: any overlap counts);
    ``clitic``: as ``exact``, after the boundary rule."""
    extent: bool
    """A pair is COR only with the exact gold extent."""
    type: bool
    """A pair is COR only with the gold type."""
    otherwise: Literal["inc", "par"]
    """What a pair that is not COR counts as."""

    def classify(self, g: Mention, p: Mention) -> str:
        """What the pair ``(g, p)`` counts as."""
        right = (not self.extent or _exact(g, p)) and (not self.type or g.type == p.type)
        return "cor" if right else self.otherwise


SCHEME_RULES = {
    "strict": Scheme("strict", "exact", extent=True, type=True, otherwise="inc"),
    "exact": Scheme("exact", "exact", extent=True, type=False, otherwise="inc"),
    "partial": Scheme("partial", "exact", extent=True, type=False, otherwise="par"),
    "type": Scheme("type", "overlap", extent=False, type=True, otherwise="inc"),
    "clitic": Scheme("clitic", "clitic", extent=True, type=True, otherwise="inc"),
}


Outcome = tuple[str, Mention | None, Mention | None]
"""``(label, gold, pred)`` with label one of cor, inc, par, mis, spu."""


_NO_TYPE = "\x00conflicted"


def _type(m: Mention) -> str:
    return m.type


def _rank(m: Mention) -> tuple[str, str]:
    return (m.type, m.content)


def pairing(gold: Sequence[Mention], pred: Sequence[Mention], prefer: Preference,
            verdict: Verdict | None = None) -> Pairing:
    """Pairs ``(gold_index, pred_index)`` and repeated predictions, from extents (:mod:`bench.matching.assign`).

    Predictions sharing an extent are ranked by their own content (type, then canonical name); the
    type is read again only to pair nested gold mentions of one extent with predictions of that
    extent. ``verdict`` carries over which predictions a wider pairing found conflicted or surplus
    (by :attr:`Mention.index`): in a filtered table they take no pair.
    """
    # In a filtered (one-type) table an undecided prediction has no type to be scored under: it
    # takes no pair there, like the surplus, and counts as spurious in its own type's table.
    gone = set() if verdict is None else verdict.undecided | verdict.dropped
    dropped = [i for i, m in enumerate(pred) if m.index in gone]
    return pair_extents(gold, pred, prefer, rank=_rank, label=_type, dropped=dropped)


@dataclass(frozen=True)
class Verdict:
    """Predictions (by :attr:`Mention.index`, which must then be unique) a pairing found conflicted
    or surplus."""

    undecided: frozenset[int]
    dropped: frozenset[int]

    @classmethod
    def of(cls, pred: Sequence[Mention], paired: Pairing) -> Verdict:
        """The conflicted and surplus predictions of a pairing, by index."""
        return cls(frozenset(pred[i].index for i in paired.conflicted),
                   frozenset(pred[i].index for i in paired.surplus))


def classify(scheme: str, gold: Sequence[Mention], pred: Sequence[Mention], paired: Pairing) -> list[Outcome]:
    """Every gold and prediction with what it counts as under ``scheme``, given a pairing.

    A conflicted prediction (one of several types offered for one extent) never has the right type.
    """
    rule = SCHEME_RULES[scheme]
    pairs = paired.pairs
    out: list[Outcome] = []
    for g, p in pairs:
        mention = pred[p]
        if p in paired.conflicted:
            mention = Mention(mention.start, mention.end, _NO_TYPE, mention.index)
        out.append((rule.classify(gold[g], mention), gold[g], pred[p]))
    hit_g = {g for g, _ in pairs}
    hit_p = {p for _, p in pairs}
    out += [("mis", m, None) for i, m in enumerate(gold) if i not in hit_g]
    out += [("spu", None, m) for i, m in enumerate(pred) if i not in hit_p]
    return out


def outcomes(scheme: str, gold: Sequence[Mention], pred: Sequence[Mention]) -> list[Outcome]:
    """Every gold and prediction with what it counts as under ``scheme``."""
    rule = SCHEME_RULES[scheme]
    return classify(scheme, gold, pred, pairing(gold, pred, PREFERENCE[rule.pairing]))


Verdicts = dict[str, Verdict]
"""One :class:`Verdict` per pairing (``exact``, ``overlap``, ``clitic``)."""


def all_outcomes(gold: Sequence[Mention], pred: Sequence[Mention], verdicts: Verdicts | None = None, *,
                 forgiven: Sequence[Mention] | None = None) -> tuple[dict[str, list[Outcome]], Verdicts]:
    """:func:`outcomes` for every scheme, each of the three pairings computed once, and their verdicts.

    ``forgiven`` is ``pred`` after the proclitic boundary rule
    (:func:`bench.matching.boundary.forgive_proclitics`, same order and indices); without it the
    ``clitic`` scheme equals ``strict``. Pass the verdicts of the unfiltered sets when scoring a
    filtered subset (one type): several types offered for one extent stay one undecided answer
    there (spurious in each type's table), although each type's table sees only one of them.
    """
    sides = {"exact": pred, "overlap": pred, "clitic": pred if forgiven is None else forgiven}
    paired = {key: pairing(gold, side, PREFERENCE[key], None if verdicts is None else verdicts[key])
              for key, side in sides.items()}
    found = {name: classify(name, gold, sides[rule.pairing], paired[rule.pairing])
             for name, rule in SCHEME_RULES.items()}
    return found, {key: Verdict.of(sides[key], paired[key]) for key in sides}


def count(results: Sequence[Outcome]) -> SpanCounts:
    """The SemEval-2013 counts (COR, INC, PAR, MIS, SPU) of a list of outcomes (Segura-Bedmar et al. 2013, as
    nervaluate counts them).
    """
    tally = {"cor": 0, "inc": 0, "par": 0, "mis": 0, "spu": 0}
    for label, _, _ in results:
        tally[label] += 1
    return SpanCounts(**tally)
