"""Commands around systems: run, prompt, parse, leaderboard, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bench.cli.common import (
    DEFAULTS,
    BootstrapOption,
    Format,
    FormatName,
    FormatOption,
    GoldOption,
    MissingOption,
    SeedOption,
    _config,
    _fail,
    _gold,
    app,
)


def _systems_help() -> str:
    from bench.systems import REFERENCE_SYSTEMS

    return f"A reference system ({', '.join(REFERENCE_SYSTEMS)}) or your module:callable."


@app.command("run")
def run_command(
    system: Annotated[str, typer.Option("--system", help=_systems_help())],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Predictions file to write "
                                                                       "(default: results/<system>.jsonl).")] = None,
    gold: GoldOption = None, bootstrap: BootstrapOption = DEFAULTS.bootstrap_samples,
    seed: SeedOption = DEFAULTS.seed, format: FormatOption = Format.text,
) -> None:
    """Run a system over the documents (text and DCT only), write its predictions, then score them."""
    from rich.progress import track

    from bench.errors import BenchError
    from bench.io.predictions import write_predictions
    from bench.report.render import RENDERERS
    from bench.scoring import score as run_score
    from bench.systems import load_system, run_system

    try:
        corpus = _gold(gold)
        extract = load_system(system)
        inputs = [doc.as_input() for doc in corpus.documents]
        predictions = list(run_system(extract, track(inputs, description=f"running {system}", transient=True)))
        target = output or Path("results") / f"{system.replace(':', '.')}.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_predictions(target, predictions)
        report = run_score(corpus, predictions, config=_config(None, bootstrap, seed, False), source=target.name)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {target}", err=True)
    typer.echo(RENDERERS[format.value](report), nl=False)


@app.command()
def prompt(
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Write <id>.txt per document instead of "
                                                                   "printing.")] = None,
    gold: GoldOption = None,
) -> None:
    """Print an instruction prompt per document asking a language model for the prediction JSON."""
    from bench.errors import BenchError
    from bench.tools.llm import prompt as make_prompt

    try:
        corpus = _gold(gold)
        for doc in corpus.documents:
            text = make_prompt(doc.as_input())
            if out_dir is None:
                typer.echo(f"===== {doc.id} =====\n{text}")
            else:
                out_dir.mkdir(parents=True, exist_ok=True)
                (out_dir / f"{doc.id}.txt").write_text(text, encoding="utf-8")
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    if out_dir is not None:
        typer.echo(f"wrote {len(corpus.documents)} prompts to {out_dir}")


@app.command()
def parse(
    replies: Annotated[Path, typer.Argument(help="Folder of raw model replies, one <doc_id>.txt per document.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Predictions file to write.")],
    gold: GoldOption = None,
) -> None:
    """Turn raw model replies into a valid predictions file; report what could not be parsed."""
    from bench.errors import BenchError, InputError
    from bench.io.predictions import offset_problem, write_predictions
    from bench.tools.llm import parse_replies, read_replies

    try:
        corpus = _gold(gold)
        if not replies.is_dir():
            raise InputError("not a folder of replies", file=str(replies))
        raw = read_replies(replies)
        unknown = sorted(set(raw) - set(corpus.by_id()))
        if unknown:
            raise InputError(f"replies for unknown documents: {', '.join(unknown)}", file=str(replies))
        result = parse_replies(raw)
        docs = corpus.by_id()
        for pred in result.predictions:
            problem = offset_problem(docs[pred.id], pred)
            if problem:
                raise InputError(f"document '{pred.id}': {problem[1]}", file=str(replies / f"{pred.id}.txt"),
                                 field=problem[0])
        write_predictions(output, list(result.predictions))
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    for problem in result.problems:
        typer.echo(f"{problem.doc_id}: {problem.where}: {problem.message}", err=True)
    missing = sorted(set(corpus.by_id()) - set(raw))
    typer.echo(f"parsed {len(result.predictions)} of {len(corpus.documents)} documents into {output}; "
               f"{len(result.problems)} problem(s); unreadable: {', '.join(result.unreadable) or 'none'}; "
               f"no reply: {', '.join(missing) or 'none'}")


@app.command()
def leaderboard(
    files: Annotated[list[Path] | None, typer.Argument(help="Predictions files (default: results/*.jsonl).")] = None,
    results: Annotated[Path, typer.Option("--results", help="Folder of system predictions.")] = Path("results"),
    readme: Annotated[Path, typer.Option("--readme", help="README whose leaderboard block is replaced.")] = Path(
        "README.md"),
    card: Annotated[Path, typer.Option("--card", help="Card whose leaderboard block is replaced.")] = Path("CARD.md"),
    gold: GoldOption = None,
) -> None:
    """Score every system under results/ and write the tables into README.md and CARD.md, and the chart."""
    from bench.errors import BenchError
    from bench.io.gold import read_text
    from bench.tools.leaderboard import chart, markdown, replace_block, score_results

    try:
        corpus = _gold(gold)
        paths = files or sorted(results.glob("*.jsonl"))
        entries = score_results(corpus, paths)
        block = markdown(entries)
        updated = {path: replace_block(read_text(path), block, name=str(path)) for path in (readme, card)}
        for path, text in updated.items():
            path.write_text(text, encoding="utf-8", newline="\n")
        results.mkdir(parents=True, exist_ok=True)
        chart(entries, results / "leaderboard.png")
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    typer.echo(block, nl=False)
    typer.echo(f"updated {readme}, {card} and {results / 'leaderboard.png'}", err=True)


@app.command()
def render(
    predictions: Annotated[Path, typer.Argument(help="Predictions (JSON Lines, CoNLL, TimeML or brat).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    source_format: Annotated[FormatName | None, typer.Option("--from", help="Format of PREDICTIONS.")] = None,
    gold: GoldOption = None, allow_missing: MissingOption = False,
    png: Annotated[Path | None, typer.Option("--screenshot", help="Also save a PNG screenshot (headless "
                                                                     "Chromium).")] = None,
    png_doc: Annotated[str | None, typer.Option("--screenshot-doc", help="Screenshot only this document's article "
                                                                         "(with the legend) instead of the page's "
                                                                         "top.")] = None,
) -> None:
    """Write a self-contained HTML page: each article right to left with gold and predicted spans."""
    from bench.errors import BenchError
    from bench.io import formats
    from bench.report.html import write_html
    from bench.scoring import score as run_score

    try:
        corpus = _gold(gold)
        fmt = source_format.value if source_format else formats.detect(predictions)
        config = _config(None, DEFAULTS.bootstrap_samples, DEFAULTS.seed, allow_missing)
        report = run_score(corpus, formats.read(predictions, fmt, corpus.by_id()), config=config,
                           source=predictions.name)
        write_html(output, report, corpus)
        if png is not None:
            from bench.report.browser import screenshot_report

            screenshot_report(report, corpus, png, only=png_doc)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {output}" + (f" and {png}" if png else ""))


