"""``bench convert`` and ``bench export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bench.cli.common import (
    GOLD,
    SOURCE_FORMAT,
    VIEW,
    WOJOOD,
    FormatName,
    ViewName,
    _fail,
    _gold,
    app,
)


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Predictions to convert.")],
    target: Annotated[Path, typer.Argument(help="Where to write (a file, or a folder for timeml and brat).")],
    source_format: FormatName | None = SOURCE_FORMAT,
    target_format: Annotated[FormatName | None, typer.Option("--to", help="Format of TARGET (default: from "
                                                                         "the suffix).")] = None,
    view: ViewName = VIEW,
    wojood: bool = WOJOOD,
    gold: Path | None = GOLD,
) -> None:
    """Convert predictions between JSON Lines, CoNLL/IOB2, TimeML and brat."""
    from bench.errors import BenchError
    from bench.io import formats

    try:
        done = formats.convert(source, target, _gold(gold).by_id(), view=view.value, wojood=wojood,
                               source_format=source_format and source_format.value,
                               target_format=target_format and target_format.value)
    except (BenchError, OSError) as exc:
        raise _fail(exc) from None
    _note_dropped(done.dropped)
    typer.echo(f"wrote {target} ({done.target_format})")


@app.command()
def export(
    target: Annotated[Path, typer.Argument(help="Where to write the gold.")],
    target_format: Annotated[FormatName, typer.Option("--to", help="Format to write.")],
    view: ViewName = VIEW,
    wojood: bool = WOJOOD,
    gold: Path | None = GOLD,
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
    _note_dropped(formats.dropped_layers("jsonl", target_format.value))
    typer.echo(f"wrote {target} ({target_format.value})")


def _note_dropped(dropped: tuple[str, ...]) -> None:
    if dropped:
        typer.echo(f"note: this format carries no {' or '.join(dropped)} layer; they were not written", err=True)
