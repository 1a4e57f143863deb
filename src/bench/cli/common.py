"""The ``bench`` app, its shared option types and helpers (no library import at start-up)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Score Arabic news information extraction against the gold (entities, TIMEX3, numeric claims).")


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    latex = "latex"


class SchemeName(str, Enum):
    strict = "strict"
    exact = "exact"
    partial = "partial"
    type = "type"


class CompatName(str, Enum):
    nervaluate = "nervaluate"
    tempeval3 = "tempeval3"
    conlleval = "conlleval"


class FormatName(str, Enum):
    jsonl = "jsonl"
    conll = "conll"
    timeml = "timeml"
    brat = "brat"


class ViewName(str, Enum):
    nested = "nested"
    outermost = "outermost"


ViewOption = Annotated[ViewName, typer.Option("--view", help="CoNLL: nested columns or outermost only.")]


class LayerName(str, Enum):
    entities = "entities"
    timex = "timex"
    numeric = "numeric"


GoldOption = Annotated[Path | None, typer.Option("--gold", help="Annotations folder (default: the bundled gold).")]
LayersOption = Annotated[list[LayerName] | None, typer.Option("--layer", "-l", help="Layer to score (repeatable).")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
MarkdownFlag = Annotated[bool, typer.Option("--markdown", help="Same as --format markdown.")]
LatexFlag = Annotated[bool, typer.Option("--latex", help="Same as --format latex.")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]
BootstrapOption = Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for CIs (0: none).")]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the bootstrap and randomisation.")]
MissingOption = Annotated[bool, typer.Option("--allow-missing", help="Score documents without predictions as empty.")]


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def _format(chosen: Format, as_json: bool, as_markdown: bool, as_latex: bool) -> str:
    flags = [name for name, on in (("json", as_json), ("markdown", as_markdown), ("latex", as_latex)) if on]
    if len(flags) > 1 or (flags and chosen != Format.text):
        raise _fail(ValueError("choose one output format"))
    return flags[0] if flags else chosen.value


def _config(layers, bootstrap, seed, allow_missing, **extra):
    from bench.config import ScoreConfig

    chosen = tuple(x.value for x in layers) if layers else ("entities", "timex", "numeric")
    return ScoreConfig(layers=chosen, bootstrap_samples=bootstrap, seed=seed, allow_missing=allow_missing, **extra)


