"""Commands on the gold: validate, build, stats, schema, agreement, cite.

``validate``, ``build`` and ``agreement`` are the maintainer's: they work on the annotation sources of
a clone (:mod:`bench.upkeep.tree`) and refuse to run without one.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from bench.cli.common import (
    BOOTSTRAP,
    FORMAT,
    SEED,
    Format,
    _config,
    _fail,
    _gold,
    app,
)
from bench.schema import SCHEMA_KINDS

ROOT = typer.Option(None, "--root", help="Annotations folder (default: annotations/ of the clone around the working "
                                         "folder).")


def _annotations(root: Path | None, command: str) -> Path:
    """The annotations folder a maintainer command works on (an InputError without a source tree)."""
    from bench.upkeep.tree import require_source_tree

    return root if root is not None else require_source_tree(Path.cwd(), command).annotations


@app.command()
def validate(
    root: Path | None = ROOT,
    dataset: Annotated[Path | None, typer.Option("--dataset", help="Built dataset folder to check (default: "
                                                                   "dataset/ beside the annotations).")] = None,
) -> None:
    """Check the annotation sources (and the built dataset): offsets, labels, values, ids, consistency."""
    from bench.errors import BenchError
    from bench.upkeep.validation import built_paths, validate_all

    try:
        annotations = _annotations(root, "validate")
        dataset, card = built_paths(annotations, dataset)
        typer.echo(f"annotations: {annotations}", err=True)
        findings = validate_all(annotations, dataset, card)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    for finding in findings:
        typer.echo(finding, err=True)
    if findings:
        typer.echo(f"{len(findings)} problem(s) found", err=True)
        raise typer.Exit(2)
    if card.is_file():
        typer.echo(f"ok: the annotations in {annotations} are valid and consistent; {dataset} equals a fresh build "
                   f"and the statistics of {card} are current")
    else:
        typer.echo(f"ok: the annotations in {annotations} are valid and consistent; no dataset checked ({card} "
                   "does not exist)")


@app.command()
def build(
    root: Path | None = ROOT,
    out: Annotated[Path | None, typer.Option("--out", help="Dataset folder to write (default: dataset/ beside "
                                                           "the annotations).")] = None,
    card: Annotated[Path | None, typer.Option("--card", help="Dataset card whose statistics block is refreshed "
                                                             "(default: CARD.md beside the annotations).")] = None,
) -> None:
    """Compile annotations/ into the Hugging Face dataset (deterministic) and refresh the card's statistics."""
    from bench.errors import BenchError
    from bench.upkeep.release import release
    from bench.upkeep.validation import built_paths

    try:
        annotations = _annotations(root, "build")
        out, card = built_paths(annotations, out, card)
        typer.echo(f"annotations: {annotations}", err=True)
        files = release(annotations, out, card)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    for config, path in files.items():
        typer.echo(f"{config}: {out / path}")
    typer.echo(f"refreshed the statistics of {card}")


@app.command()
def stats(root: Annotated[Path | None, typer.Option("--root", help="Annotations folder (default: the bundled "
                                                                   "gold).")] = None,
          format: Format = FORMAT) -> None:
    """Counts per layer, type and document."""
    from bench.errors import BenchError, InputError
    from bench.upkeep.stats import STATS_RENDERERS

    try:
        if format.value not in STATS_RENDERERS:
            raise InputError(f"stats are printed as {', '.join(STATS_RENDERERS)}, not {format.value}",
                             field="--format")
        corpus = _gold(root)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    typer.echo(STATS_RENDERERS[format.value](corpus), nl=False)


SchemaName = Enum("SchemaName", {kind: kind for kind in SCHEMA_KINDS}, type=str)


@app.command()
def schema(kind: Annotated[SchemaName, typer.Argument(help="A predictions line, a gold document, or the JSON "
                                                           "report of `bench score --json`.")] = SchemaName.predictions
           ) -> None:
    """Print a JSON Schema: of a predictions line, of a gold document, or of the JSON report."""
    import json

    from bench.schema import json_schema

    typer.echo(json.dumps(json_schema(kind.value), ensure_ascii=False, indent=2))


@app.command()
def agreement(
    pass_a: Annotated[str, typer.Argument(help="First pass, under the annotations folder (e.g. passes/a).")],
    pass_b: Annotated[str, typer.Argument(help="Second pass (e.g. passes/b).")],
    root: Path | None = ROOT,
    format: Format = FORMAT, bootstrap: int = BOOTSTRAP, seed: int = SEED,
) -> None:
    """Inter-annotator agreement of two passes: span and field F1 (pass A as reference) and Cohen's kappa."""
    from bench.errors import BenchError
    from bench.tools.agreement import agreement as run_agreement
    from bench.tools.agreement import render_agreement

    try:
        annotations = _annotations(root, "agreement")
        a, b = _gold(annotations, subdir=pass_a), _gold(annotations, subdir=pass_b)
        result = run_agreement(a, b, config=_config(bootstrap_samples=bootstrap, seed=seed))
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    typer.echo(render_agreement(result, format.value), nl=False)


@app.command()
def cite() -> None:
    """Print the BibTeX entry for the benchmark."""
    from bench.upkeep.citation import bibtex

    typer.echo(bibtex(), nl=False)
