"""Inter-annotator agreement between two annotation passes, measured with the scorer itself.

Pass A plays the gold, pass B the predictions (F1 is symmetric, so the choice does not change F1).
Cohen's kappa (scikit-learn) is computed for closed-label fields over the pairs both passes
annotated: entity type over exact-span pairs; TIMEX3 type and mod, numeric qualifier and
modality over relaxed (overlapping) pairs.
"""

from __future__ import annotations

from bench.io.gold import GoldCorpus
from bench.schema.base import Frozen
from bench.schema.config import ScoreConfig
from bench.schema.document import GoldDocument
from bench.schema.predictions import DocumentPrediction
from bench.schema.results import Report


class Kappa(Frozen):
    """Cohen's kappa (Cohen 1960, via scikit-learn's ``cohen_kappa_score``) and the observed agreement of one label
    or field over the pairs both passes annotated.
    """

    layer: str
    field: str
    pairs: int
    kappa: float | None
    observed_agreement: float | None


class Agreement(Frozen):
    """Two annotation passes compared: pass B scored against pass A, and the kappas."""

    report: Report
    kappas: tuple[Kappa, ...]


def as_prediction(doc: GoldDocument) -> DocumentPrediction:
    """A gold document's annotations as a predictions line (ids dropped, canonical names kept)."""
    return DocumentPrediction.from_gold(doc)


def _kappa(layer: str, field: str, pairs: list[tuple[str, str]]) -> Kappa:
    from sklearn.metrics import cohen_kappa_score

    if not pairs:
        return Kappa(layer=layer, field=field, pairs=0, kappa=None, observed_agreement=None)
    a, b = zip(*pairs)
    observed = sum(x == y for x, y in pairs) / len(pairs)
    kappa = None if len(set(a) | set(b)) < 2 else float(cohen_kappa_score(a, b))
    return Kappa(layer=layer, field=field, pairs=len(pairs), kappa=kappa, observed_agreement=observed)


def agreement(a: GoldCorpus, b: GoldCorpus, *, config: ScoreConfig | None = None) -> Agreement:
    """Inter-annotator agreement of two passes: span and field F1 with pass A as the reference, and Cohen's kappa
    (Cohen 1960) of the labels and fields of the pairs matched.
    """
    from bench.scoring import score

    config = (config or ScoreConfig()).model_copy(update={"collect_errors": True})
    b_docs = b.by_id()
    report = score(a, [as_prediction(b_docs[d.id]) for d in a.documents if d.id in b_docs], config=config,
                   source="pass B")
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for item in report.errors:
        if item.gold is None or item.pred is None:
            continue
        if item.layer == "entities":
            if item.category in ("correct", "type"):
                pairs.setdefault(("entities", "type"), []).append((item.gold.label, item.pred.label))
            continue
        if item.layer == "timex":
            pairs.setdefault(("timex", "type"), []).append((item.gold.label, item.pred.label))
            names = ("mod",)
        else:
            names = ("qualifier", "modality")
        for name in names:
            pairs.setdefault((item.layer, name), []).append(
                (str(item.gold.fields.get(name)), str(item.pred.fields.get(name))))
    order = [("entities", "type"), ("timex", "type"), ("timex", "mod"), ("numeric", "qualifier"),
             ("numeric", "modality")]
    return Agreement(report=report, kappas=tuple(_kappa(layer, f, pairs.get((layer, f), [])) for layer, f in order))


def render_agreement(result: Agreement, fmt: str) -> str:
    """``result`` as ``bench agreement`` prints it: one JSON document for ``json``; otherwise the
    report in ``fmt`` (text, markdown, latex) followed by the kappa lines."""
    from bench.report.render import RENDERERS, to_json

    if fmt == "json":
        return to_json(result)
    lines = ["", "Cohen's kappa over pairs both passes annotated"]
    for k in result.kappas:
        kappa = "–" if k.kappa is None else f"{k.kappa:.3f}"
        observed = "–" if k.observed_agreement is None else f"{k.observed_agreement:.3f}"
        lines.append(f"  {k.layer}.{k.field}: kappa {kappa}, observed agreement {observed}, pairs {k.pairs}")
    return RENDERERS[fmt](result.report) + "\n".join(lines) + "\n"
