"""Commands around systems: run, prompt, parse, leaderboard, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bench.cli.common import (
    BOOTSTRAP,
    FORMAT,
    GOLD,
    MISSING,
    SEED,
    SOURCE_FORMAT,
    Format,
    FormatName,
    _config,
    _fail,
    _gold,
    app,
)
from bench.tools import leaderboard as board


def _systems_help() -> str:
    from bench.systems import REFERENCE_SYSTEMS

    return f"A reference system ({', '.join(REFERENCE_SYSTEMS)}) or your module:callable."


@app.command("run")
def run_command(
    system: Annotated[str, typer.Option("--system", help=_systems_help())],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Predictions file to write "
                                                                       "(default: results/<system>.jsonl).")] = None,
    gold: Path | None = GOLD, bootstrap: int = BOOTSTRAP, seed: int = SEED, format: Format = FORMAT,
) -> None:
    """Run a system over the documents (text and DCT only), write its predictions, then score them."""
    from rich.console import Console
    from rich.progress import track

    from bench.errors import BenchError
    from bench.report.render import RENDERERS
    from bench.systems import run

    try:
        done = run(_gold(gold), system, output=output, config=_config(bootstrap_samples=bootstrap, seed=seed),
                   progress=lambda docs: track(docs, description=f"running {system}", transient=True,
                                               console=Console(stderr=True)))  # stdout is the report
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {done.path}", err=True)
    typer.echo(RENDERERS[format.value](done.report), nl=False)


@app.command()
def prompt(
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Write <id>.txt per document instead of "
                                                                   "printing.")] = None,
    gold: Path | None = GOLD,
) -> None:
    """Print an instruction prompt per document asking a language model for the prediction JSON."""
    from bench.errors import BenchError
    from bench.tools.llm import prompt as make_prompt
    from bench.tools.llm import write_prompts

    try:
        corpus = _gold(gold)
        if out_dir is not None:
            written = write_prompts(corpus.documents, out_dir)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    if out_dir is not None:
        typer.echo(f"wrote {len(written)} prompts to {out_dir}")
        return
    for doc in corpus.documents:
        typer.echo(f"===== {doc.id} =====\n{make_prompt(doc.as_input())}")


@app.command()
def parse(
    replies: Annotated[Path, typer.Argument(help="Folder of raw model replies, one <doc_id>.txt per document.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Predictions file to write.")],
    gold: Path | None = GOLD,
) -> None:
    """Turn raw model replies into a valid predictions file; report what could not be parsed."""
    from bench.errors import BenchError
    from bench.tools.llm import parse as parse_folder

    try:
        corpus = _gold(gold)
        result = parse_folder(replies, output, corpus.by_id())
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    for problem in result.problems:
        typer.echo(f"{problem.doc_id}: {problem.where}: {problem.message}", err=True)
    typer.echo(f"parsed {len(result.predictions)} of {len(corpus.documents)} documents into {output}; "
               f"{len(result.problems)} problem(s); unreadable: {', '.join(result.unreadable) or 'none'}; "
               f"no reply: {', '.join(result.no_reply) or 'none'}")


@app.command()
def leaderboard(
    files: Annotated[list[Path] | None, typer.Argument(help="Predictions files (default: results/*.jsonl).")] = None,
    results: Annotated[Path, typer.Option("--results", help="Folder of system predictions.")] = board.RESULTS,
    readme: Annotated[Path, typer.Option("--readme", help="README whose leaderboard block is replaced.")] = (
        board.README),
    card: Annotated[Path, typer.Option("--card", help="Card whose leaderboard block is replaced.")] = board.CARD,
    gold: Path | None = GOLD,
) -> None:
    """Score every system under results/ and write the tables into README.md and CARD.md, and the chart."""
    from bench.errors import BenchError

    try:
        done = board.update(_gold(gold), files, results=results, readme=readme, card=card)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    typer.echo(done.block, nl=False)
    typer.echo(f"updated {', '.join(map(str, done.written[:-1]))} and {done.written[-1]}", err=True)


@app.command()
def render(
    predictions: Annotated[Path, typer.Argument(help="Predictions (JSON Lines, CoNLL, TimeML or brat).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    source_format: FormatName | None = SOURCE_FORMAT,
    gold: Path | None = GOLD, allow_missing: bool = MISSING,
    png: Annotated[Path | None, typer.Option("--screenshot", help="Also save a PNG screenshot (headless "
                                                                     "Chromium).")] = None,
    png_doc: Annotated[str | None, typer.Option("--screenshot-doc", help="Screenshot only this document's article "
                                                                         "(with the legend) instead of the page's "
                                                                         "top.")] = None,
) -> None:
    """Write a self-contained HTML page: each article right to left with gold and predicted spans."""
    from bench.errors import BenchError
    from bench.report.html import write_html
    from bench.scoring.evaluation import evaluate

    try:
        corpus = _gold(gold)
        report = evaluate(predictions, gold=corpus, config=_config(allow_missing=allow_missing),
                          source_format=source_format and source_format.value)
        write_html(output, report, corpus)
        if png is not None:
            from bench.report.browser import screenshot_report

            screenshot_report(report, corpus, png, only=png_doc)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {output}" + (f" and {png}" if png else ""))
