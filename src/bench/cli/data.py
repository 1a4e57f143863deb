"""Commands on the gold: validate, build, stats, schema, agreement, cite."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bench.cli.common import (
    BootstrapOption,
    Format,
    FormatOption,
    SeedOption,
    _config,
    _fail,
    app,
)


@app.command()
def validate(
    root: Annotated[Path | None, typer.Option("--root", help="Annotations folder.")] = None,
    dataset: Annotated[Path | None, typer.Option("--dataset", help="Built dataset folder to check.")] = None,
) -> None:
    """Check the annotation sources (and the built dataset): offsets, labels, values, ids, consistency."""
    from bench.errors import BenchError
    from bench.validation import validate_all

    try:
        findings = validate_all(root, dataset)
    except BenchError as exc:
        raise _fail(exc) from None
    for finding in findings:
        typer.echo(finding, err=True)
    if findings:
        typer.echo(f"{len(findings)} problem(s) found", err=True)
        raise typer.Exit(2)
    typer.echo("ok: annotations and dataset are valid and consistent")


@app.command()
def build(
    root: Annotated[Path | None, typer.Option("--root", help="Annotations folder.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Dataset folder to write.")] = Path("dataset"),
    card: Annotated[Path, typer.Option("--card", help="Dataset card whose statistics block is refreshed.")] = Path(
        "CARD.md"),
) -> None:
    """Compile annotations/ into the Hugging Face dataset (deterministic) and refresh the card's statistics."""
    from bench.errors import BenchError
    from bench.release import release

    try:
        files = release(root, out, card)
    except BenchError as exc:
        raise _fail(exc) from None
    for config, path in files.items():
        typer.echo(f"{config}: {out / path}")


@app.command()
def stats(root: Annotated[Path | None, typer.Option("--root", help="Annotations folder.")] = None,
          format: FormatOption = Format.text) -> None:
    """Counts per layer, type and document."""
    from bench.errors import BenchError
    from bench.io.gold import load_gold
    from bench.stats import stats_markdown, stats_text

    try:
        corpus = load_gold(root)
    except BenchError as exc:
        raise _fail(exc) from None
    typer.echo(stats_markdown(corpus) if format == Format.markdown else stats_text(corpus), nl=False)


@app.command()
def schema(kind: Annotated[str, typer.Argument(help="'predictions' or 'gold'.")] = "predictions") -> None:
    """Print the JSON Schema of a predictions line (or of a gold document)."""
    import json

    from bench.schema.document import GoldDocument
    from bench.schema.predictions import DocumentPrediction

    models = {"predictions": DocumentPrediction, "gold": GoldDocument}
    if kind not in models:
        raise _fail(ValueError(f"unknown schema '{kind}': choose 'predictions' or 'gold'"))
    typer.echo(json.dumps(models[kind].model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def agreement(
    pass_a: Annotated[str, typer.Argument(help="First pass, under the annotations folder (e.g. passes/a).")],
    pass_b: Annotated[str, typer.Argument(help="Second pass (e.g. passes/b).")],
    root: Annotated[Path | None, typer.Option("--root", help="Annotations folder.")] = None,
    format: FormatOption = Format.text, bootstrap: BootstrapOption = 1000, seed: SeedOption = 12345,
) -> None:
    """Inter-annotator agreement of two passes: span and field F1 (pass A as reference) and Cohen's kappa."""
    from bench.agreement import agreement as run_agreement
    from bench.errors import BenchError
    from bench.io.gold import load_gold
    from bench.report.render import RENDERERS

    try:
        a, b = load_gold(root, subdir=pass_a), load_gold(root, subdir=pass_b)
        result = run_agreement(a, b, config=_config(None, bootstrap, seed, False))
    except BenchError as exc:
        raise _fail(exc) from None
    typer.echo(RENDERERS[format.value](result.report), nl=False)
    typer.echo("\nCohen's kappa over pairs both passes annotated")
    for k in result.kappas:
        kappa = "–" if k.kappa is None else f"{k.kappa:.3f}"
        observed = "–" if k.observed_agreement is None else f"{k.observed_agreement:.3f}"
        typer.echo(f"  {k.layer}.{k.field}: kappa {kappa}, observed agreement {observed}, pairs {k.pairs}")




@app.command()
def cite() -> None:
    """Print the BibTeX entry for the benchmark."""
    from bench.citation import bibtex

    typer.echo(bibtex(), nl=False)


