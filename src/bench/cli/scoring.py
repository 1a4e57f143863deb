"""``bench score`` and ``bench compare``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from bench.cli.common import (
    BOOTSTRAP,
    COMPAT,
    FORMAT,
    GOLD,
    JSON,
    LATEX,
    LAYER,
    MARKDOWN,
    MISSING,
    OUTPUT,
    SCHEME,
    SEED,
    SOURCE_FORMAT,
    TRIALS,
    CompatName,
    Format,
    FormatName,
    LayerName,
    SchemeName,
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
    source_format: FormatName | None = SOURCE_FORMAT, gold: Path | None = GOLD, layer: list[LayerName] | None = LAYER,
    format: Format = FORMAT, as_json: bool = JSON, as_markdown: bool = MARKDOWN, as_latex: bool = LATEX,
    output: Path | None = OUTPUT,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write the error report (.json or .md); only "
                                                                 "then are the error items kept.")] = None,
    bootstrap: int = BOOTSTRAP, seed: int = SEED, allow_missing: bool = MISSING, scheme: SchemeName = SCHEME,
    compat: list[CompatName] | None = COMPAT,
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
        # The one difference from the library's defaults: error items are kept only for --errors.
        config = _config(layers=layer, bootstrap_samples=bootstrap, seed=seed, allow_missing=allow_missing,
                         collect_errors=errors is not None, primary_scheme=scheme, compat=compat)
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
    gold: Path | None = GOLD, layer: list[LayerName] | None = LAYER, format: Format = FORMAT, as_json: bool = JSON,
    as_markdown: bool = MARKDOWN, as_latex: bool = LATEX, output: Path | None = OUTPUT, bootstrap: int = BOOTSTRAP,
    seed: int = SEED, trials: int = TRIALS, allow_missing: bool = MISSING,
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
        config = _config(layers=layer, bootstrap_samples=bootstrap, seed=seed, allow_missing=allow_missing,
                         randomization_trials=trials)
        with progress(2 * len(corpus.documents), config) as advance:
            result = run_compare(corpus, advance(iter_predictions(a, docs)), advance(iter_predictions(b, docs)),
                                 config=config, names=(a.name, b.name))
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    _emit(RENDERERS[chosen](result), output)


