"""``bench score`` and ``bench compare``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from bench.cli.common import (
    DEFAULT_SCHEME,
    DEFAULTS,
    BootstrapOption,
    CompatName,
    Format,
    FormatName,
    FormatOption,
    GoldOption,
    JsonFlag,
    LatexFlag,
    LayersOption,
    MarkdownFlag,
    MissingOption,
    OutputOption,
    SchemeName,
    SeedOption,
    _config,
    _emit,
    _fail,
    _format,
    _gold,
    app,
    progress,
)


@app.command()
def score(
    predictions: Annotated[Path, typer.Argument(help="Predictions: a JSON Lines file, or CoNLL, TimeML, brat.")],
    source_format: Annotated[FormatName | None, typer.Option("--from", help="Format of PREDICTIONS "
                                                                           "(default: from the suffix).")] = None,
    gold: GoldOption = None, layer: LayersOption = None, format: FormatOption = Format.text,
    as_json: JsonFlag = False, as_markdown: MarkdownFlag = False, as_latex: LatexFlag = False,
    output: OutputOption = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write the error report (.json or .md).")] = None,
    bootstrap: BootstrapOption = DEFAULTS.bootstrap_samples, seed: SeedOption = DEFAULTS.seed,
    allow_missing: MissingOption = False,
    scheme: Annotated[SchemeName, typer.Option("--scheme", help="Entity scheme of the per-type and per-document "
                                                                  "tables.")] = DEFAULT_SCHEME,
    compat: Annotated[list[CompatName] | None, typer.Option(
        "--compat", help="Also report an anchor's own counting (repeatable).")] = None,
    detailed: Annotated[bool, typer.Option("--detailed", help="LaTeX: also every detailed table (full-width "
                                                              "table*, labelled), after the main table.")] = False,
) -> None:
    """Score a predictions file: per layer, per scheme, per field, with CIs and a signature."""
    chosen = _format(format, as_json, as_markdown, as_latex)
    from bench.errors import BenchError, InputError
    from bench.io import formats
    from bench.report.errors import ERROR_WRITERS
    from bench.report.latex import to_latex
    from bench.report.render import RENDERERS
    from bench.scoring import score as run_score

    try:
        if errors is not None and errors.suffix not in ERROR_WRITERS:
            raise InputError(f"the error report is written as {' or '.join(ERROR_WRITERS)}, not "
                             f"'{errors.suffix}'", file=str(errors), field="--errors")
        corpus = _gold(gold)
        fmt = source_format.value if source_format else formats.detect(predictions)
        config = _config(layer, bootstrap, seed, allow_missing, collect_errors=errors is not None,
                         primary_scheme=scheme.value, compat=tuple(c.value for c in compat or ()))
        with progress(len(corpus.documents), config) as advance:
            read = formats.read(predictions, fmt, corpus.by_id())
            report = run_score(corpus, replace(read, items=advance(read)), config=config, source=predictions.name)
        _emit(to_latex(report, detailed=True) if chosen == "latex" and detailed else RENDERERS[chosen](report),
              output)
        if errors is not None:
            errors.write_text(ERROR_WRITERS[errors.suffix](report), encoding="utf-8")
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(help="Predictions of system A (the baseline).")],
    b: Annotated[Path, typer.Argument(help="Predictions of system B.")],
    gold: GoldOption = None, layer: LayersOption = None, format: FormatOption = Format.text,
    as_json: JsonFlag = False, as_markdown: MarkdownFlag = False, as_latex: LatexFlag = False,
    output: OutputOption = None, bootstrap: BootstrapOption = DEFAULTS.bootstrap_samples,
    seed: SeedOption = DEFAULTS.seed,
    trials: Annotated[int, typer.Option("--trials", help="Approximate randomisation trials.")] = (
        DEFAULTS.randomization_trials),
    allow_missing: MissingOption = False,
) -> None:
    """Compare two systems on the same gold: ΔF1, its paired bootstrap CI and a randomisation p-value."""
    chosen = _format(format, as_json, as_markdown, as_latex)
    from bench.errors import BenchError
    from bench.io.predictions import iter_predictions
    from bench.report.render import RENDERERS
    from bench.scoring import compare as run_compare

    try:
        corpus = _gold(gold)
        docs = corpus.by_id()
        config = _config(layer, bootstrap, seed, allow_missing, randomization_trials=trials)
        result = run_compare(corpus, iter_predictions(a, docs), iter_predictions(b, docs), config=config,
                             names=(a.name, b.name))
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    _emit(RENDERERS[chosen](result), output)


