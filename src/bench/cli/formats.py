"""``bench convert`` and ``bench export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bench.cli.common import (
    FormatName,
    GoldOption,
    ViewName,
    ViewOption,
    _fail,
    _gold,
    app,
)


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

    try:
        corpus = _gold(gold)
        docs = corpus.by_id()
        src = source_format.value if source_format else formats.detect(source)
        dst = target_format.value if target_format else formats.detect_target(target)
        formats.write(target, dst, docs, list(formats.read(source, src, docs)), view=view.value)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    _note_dropped(formats.LAYERS_OF[src], formats.LAYERS_OF[dst])
    typer.echo(f"wrote {target} ({dst})")


@app.command()
def export(
    target: Annotated[Path, typer.Argument(help="Where to write the gold.")],
    target_format: Annotated[FormatName, typer.Option("--to", help="Format to write.")],
    view: ViewOption = ViewName.nested,
    wojood: Annotated[bool, typer.Option("--wojood", help="CoNLL in Wojood's own layout: white-space "
                                         "tokens (proclitics on their word), each token's tags on its "
                                         "line.")] = False,
    gold: GoldOption = None,
) -> None:
    """Export the gold as JSON Lines, CoNLL/IOB2, TimeML (with the DCT) or a brat project."""
    from bench.errors import BenchError
    from bench.io import formats

    try:
        corpus = _gold(gold)
        formats.write(target, target_format.value, corpus.by_id(), corpus.documents, view=view.value,
                      wojood=wojood)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    _note_dropped(formats.LAYERS_OF["jsonl"], formats.LAYERS_OF[target_format.value])
    typer.echo(f"wrote {target} ({target_format.value})")


def _note_dropped(source_layers: tuple[str, ...], target_layers: tuple[str, ...]) -> None:
    dropped = [x for x in source_layers if x not in target_layers]
    if dropped:
        typer.echo(f"note: this format carries no {' or '.join(dropped)} layer; they were not written", err=True)


