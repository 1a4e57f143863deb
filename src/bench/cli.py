"""The ``bench`` command: a thin shell over the library. Exit codes: 0 ok, 2 bad input."""

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


@app.command()
def score(
    predictions: Annotated[Path, typer.Argument(help="Predictions: a JSON Lines file, or CoNLL, TimeML, brat.")],
    source_format: Annotated[FormatName | None, typer.Option("--from", help="Format of PREDICTIONS "
                                                                           "(default: from the suffix).")] = None,
    gold: GoldOption = None, layer: LayersOption = None, format: FormatOption = Format.text,
    as_json: JsonFlag = False, as_markdown: MarkdownFlag = False, as_latex: LatexFlag = False,
    output: OutputOption = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write the error report (.json or .md).")] = None,
    bootstrap: BootstrapOption = 1000, seed: SeedOption = 12345, allow_missing: MissingOption = False,
    scheme: Annotated[SchemeName, typer.Option("--scheme", help="Entity scheme of the per-type and per-document "
                                                                  "tables.")] = SchemeName.strict,
    compat: Annotated[list[CompatName] | None, typer.Option(
        "--compat", help="Also report an anchor's own counting (repeatable).")] = None,
) -> None:
    """Score a predictions file: per layer, per scheme, per field, with CIs and a signature."""
    chosen = _format(format, as_json, as_markdown, as_latex)
    from bench.errors import BenchError
    from bench.io import formats
    from bench.io.gold import load_gold
    from bench.report.render import RENDERERS
    from bench.scoring import score as run_score

    try:
        corpus = load_gold(gold)
        fmt = source_format.value if source_format else formats.detect(predictions)
        if layer is None and fmt != "jsonl":
            layer = [LayerName(x) for x in formats.LAYERS_OF[fmt]]  # score only what the format can carry
        config = _config(layer, bootstrap, seed, allow_missing, collect_errors=errors is not None,
                         primary_scheme=scheme.value, compat=tuple(c.value for c in compat or ()))
        report = run_score(corpus, formats.read(predictions, fmt, corpus.by_id()), config=config,
                           source=predictions.name)
    except BenchError as exc:
        raise _fail(exc) from None
    _emit(RENDERERS[chosen](report), output)
    if errors is not None:
        from bench.report.errors import errors_json, errors_markdown

        errors.write_text(errors_json(report) if errors.suffix == ".json" else errors_markdown(report),
                          encoding="utf-8")


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(help="Predictions of system A (the baseline).")],
    b: Annotated[Path, typer.Argument(help="Predictions of system B.")],
    gold: GoldOption = None, layer: LayersOption = None, format: FormatOption = Format.text,
    as_json: JsonFlag = False, as_markdown: MarkdownFlag = False, as_latex: LatexFlag = False,
    output: OutputOption = None, bootstrap: BootstrapOption = 1000, seed: SeedOption = 12345,
    trials: Annotated[int, typer.Option("--trials", help="Approximate randomisation trials.")] = 10000,
    allow_missing: MissingOption = False,
) -> None:
    """Compare two systems on the same gold: ΔF1, its paired bootstrap CI and a randomisation p-value."""
    chosen = _format(format, as_json, as_markdown, as_latex)
    from bench.errors import BenchError
    from bench.io.gold import load_gold
    from bench.io.predictions import iter_predictions
    from bench.report.render import RENDERERS
    from bench.scoring import compare as run_compare

    try:
        corpus = load_gold(gold)
        docs = corpus.by_id()
        config = _config(layer, bootstrap, seed, allow_missing, randomization_trials=trials)
        result = run_compare(corpus, iter_predictions(a, docs), iter_predictions(b, docs), config=config,
                             names=(a.name, b.name))
    except BenchError as exc:
        raise _fail(exc) from None
    _emit(RENDERERS[chosen](result), output)


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Predictions to convert.")],
    target: Annotated[Path, typer.Argument(help="Where to write (a file, or a folder for timeml and brat).")],
    source_format: Annotated[FormatName | None, typer.Option("--from", help="Format of SOURCE (default: from "
                                                                           "the suffix).")] = None,
    target_format: Annotated[FormatName | None, typer.Option("--to", help="Format of TARGET (default: from "
                                                                         "the suffix).")] = None,
    view: ViewOption = ViewName.nested,
    gold: GoldOption = None,
) -> None:
    """Convert predictions between JSON Lines, CoNLL/IOB2, TimeML and brat."""
    from bench.errors import BenchError
    from bench.io import formats
    from bench.io.gold import load_gold

    try:
        corpus = load_gold(gold)
        docs = corpus.by_id()
        src = source_format.value if source_format else formats.detect(source)
        dst = target_format.value if target_format else _target_format(target)
        formats.write(target, dst, docs, list(formats.read(source, src, docs)), view=view.value)
    except BenchError as exc:
        raise _fail(exc) from None
    _note_dropped(formats.LAYERS_OF[src], formats.LAYERS_OF[dst])
    typer.echo(f"wrote {target} ({dst})")


@app.command()
def export(
    target: Annotated[Path, typer.Argument(help="Where to write the gold.")],
    target_format: Annotated[FormatName, typer.Option("--to", help="Format to write.")],
    view: ViewOption = ViewName.nested,
    gold: GoldOption = None,
) -> None:
    """Export the gold as JSON Lines, CoNLL/IOB2, TimeML (with the DCT) or a brat project."""
    from bench.errors import BenchError
    from bench.io import formats
    from bench.io.gold import load_gold

    try:
        corpus = load_gold(gold)
        formats.write(target, target_format.value, corpus.by_id(), corpus.documents, view=view.value)
    except BenchError as exc:
        raise _fail(exc) from None
    _note_dropped(formats.LAYERS_OF["jsonl"], formats.LAYERS_OF[target_format.value])
    typer.echo(f"wrote {target} ({target_format.value})")


def _target_format(target: Path) -> str:
    from bench.io import formats

    if target.suffix:
        return formats.detect(target) if target.exists() else formats._SUFFIXES.get(target.suffix.lower()) or \
            formats.detect(target)
    raise _fail(ValueError(f"cannot tell the format of '{target}'; pass --to"))


def _note_dropped(source_layers: tuple[str, ...], target_layers: tuple[str, ...]) -> None:
    dropped = [x for x in source_layers if x not in target_layers]
    if dropped:
        typer.echo(f"note: this format carries no {' or '.join(dropped)} layer; they were not written", err=True)


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


@app.command("run")
def run_command(
    system: Annotated[str, typer.Option("--system", help="heideltime, dateparser, rules, or module:callable.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Predictions file to write "
                                                                       "(default: results/<system>.jsonl).")] = None,
    gold: GoldOption = None, bootstrap: BootstrapOption = 1000, seed: SeedOption = 12345,
    format: FormatOption = Format.text,
) -> None:
    """Run a system over the documents (text and DCT only), write its predictions, then score them."""
    from rich.progress import track

    from bench.errors import BenchError
    from bench.io.gold import load_gold
    from bench.io.predictions import write_predictions
    from bench.report.render import RENDERERS
    from bench.scoring import score as run_score
    from bench.systems import load_system, run_system

    try:
        corpus = load_gold(gold)
        extract = load_system(system)
        inputs = [doc.as_input() for doc in corpus.documents]
        predictions = list(run_system(extract, track(inputs, description=f"running {system}", transient=True)))
        target = output or Path("results") / f"{system.replace(':', '.')}.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_predictions(target, predictions)
        report = run_score(corpus, predictions, config=_config(None, bootstrap, seed, False), source=target.name)
    except BenchError as exc:
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
    from bench.io.gold import load_gold
    from bench.llm import prompt as make_prompt

    try:
        corpus = load_gold(gold)
    except BenchError as exc:
        raise _fail(exc) from None
    for doc in corpus.documents:
        text = make_prompt(doc.as_input())
        if out_dir is None:
            typer.echo(f"===== {doc.id} =====\n{text}")
        else:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / f"{doc.id}.txt").write_text(text, encoding="utf-8")
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
    from bench.io.gold import load_gold
    from bench.io.predictions import offset_problem, write_predictions
    from bench.llm import parse_replies, read_replies

    try:
        corpus = load_gold(gold)
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
    except BenchError as exc:
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
    from bench.io.gold import load_gold, read_text
    from bench.leaderboard import chart, markdown, replace_block, score_results

    try:
        corpus = load_gold(gold)
        paths = files or sorted(results.glob("*.jsonl"))
        entries = score_results(corpus, paths)
        block = markdown(entries)
        updated = {path: replace_block(read_text(path), block, name=str(path)) for path in (readme, card)}
    except BenchError as exc:
        raise _fail(exc) from None
    for path, text in updated.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    results.mkdir(parents=True, exist_ok=True)
    chart(entries, results / "leaderboard.png")
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
) -> None:
    """Write a self-contained HTML page: each article right to left with gold and predicted spans."""
    from bench.errors import BenchError
    from bench.io import formats
    from bench.io.gold import load_gold
    from bench.report.html import write_html
    from bench.scoring import score as run_score

    try:
        corpus = load_gold(gold)
        fmt = source_format.value if source_format else formats.detect(predictions)
        layers = None if fmt == "jsonl" else [LayerName(x) for x in formats.LAYERS_OF[fmt]]
        report = run_score(corpus, formats.read(predictions, fmt, corpus.by_id()),
                           config=_config(layers, 1000, 12345, allow_missing), source=predictions.name)
        write_html(output, report, corpus)
        if png is not None:
            from bench.report.browser import screenshot

            screenshot(output, png)
    except BenchError as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {output}" + (f" and {png}" if png else ""))


@app.command()
def cite() -> None:
    """Print the BibTeX entry for the benchmark."""
    from bench.citation import bibtex

    typer.echo(bibtex(), nl=False)


def main() -> None:  # pragma: no cover
    app()
