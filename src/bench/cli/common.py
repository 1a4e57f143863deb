"""The ``bench`` app, its shared option types and helpers.

Only the settings' defaults (:mod:`bench.schema.defaults`, no pydantic) are imported at start-up, for the
options; the settings model and the heavy modules are imported inside the commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from bench.report import OUTPUT_FORMATS
from bench.schema.defaults import DEFAULTS
from bench.schema.labels import COMPAT_MODES, FORMATS, LAYERS, SCHEMES, VIEWS

if TYPE_CHECKING:
    from bench.schema.config import ScoreConfig

T = TypeVar("T")

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Score Arabic news information extraction against the gold (entities, TIMEX3, numeric claims).")


def _version(value: bool) -> None:
    if value:
        from bench import __version__

        typer.echo(f"bench {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Score Arabic news information extraction against the gold (entities, TIMEX3, numeric claims)."""


def _choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    """A typer choice type over a closed set the library declares (never a second copy of it)."""
    return Enum(name, {value: value for value in values}, type=str)


Format = _choices("Format", OUTPUT_FORMATS)
SchemeName = _choices("SchemeName", SCHEMES)
CompatName = _choices("CompatName", COMPAT_MODES)
FormatName = _choices("FormatName", FORMATS)
ViewName = _choices("ViewName", VIEWS)
LayerName = _choices("LayerName", LAYERS)

# Each option below is declared once (flags, help, default) and given as the default of every command
# parameter that takes it, e.g. ``seed: int = SEED``.

OPTION_OF: dict[str, str] = {}
"""The option that sets each ScoreConfig field, to name it in an error; filled by :func:`_setting`."""


def _setting(field: str, *flags: str, help: str, choices: type[Enum] | None = None) -> Any:
    """The option that sets the ScoreConfig ``field``, its default read from :data:`DEFAULTS`."""
    OPTION_OF[field] = flags[0]
    default = getattr(DEFAULTS, field)
    if isinstance(default, tuple):  # a repeatable option: unset means the library's default
        default = None
    elif choices is not None:
        default = choices(default)
    return typer.Option(default, *flags, help=help)


LAYER = _setting("layers", "--layer", "-l", help="Layer to score (repeatable; default: every layer the "
                                                 "predictions' format carries).")
BOOTSTRAP = _setting("bootstrap_samples", "--bootstrap", help="Bootstrap resamples for CIs (0: none).")
SEED = _setting("seed", "--seed", help="Seed of the bootstrap and randomisation.")
TRIALS = _setting("randomization_trials", "--trials", help="Approximate randomisation trials.")
MISSING = _setting("allow_missing", "--allow-missing", help="Score documents without predictions as empty.")
SCHEME = _setting("primary_scheme", "--scheme", choices=SchemeName,
                  help="Entity scheme of the per-type and per-document tables.")
COMPAT = _setting("compat", "--compat", help="Also report an anchor's own counting (repeatable).")

GOLD = typer.Option(None, "--gold", help="Annotations folder (default: the bundled gold).")
FORMAT = typer.Option(Format.text, "--format", "-f", help="Output format.")
JSON = typer.Option(False, "--json", help="Same as --format json.")
MARKDOWN = typer.Option(False, "--markdown", help="Same as --format markdown.")
LATEX = typer.Option(False, "--latex", help="Same as --format latex.")
OUTPUT = typer.Option(None, "--output", "-o", help="Write here instead of stdout.")
SOURCE_FORMAT = typer.Option(None, "--from", help="Format of the input (default: from its suffix).")
VIEW = typer.Option(ViewName.nested, "--view", help="CoNLL: nested columns or outermost only.")
WOJOOD = typer.Option(False, "--wojood", help="CoNLL in Wojood's own layout: white-space tokens (proclitics "
                      "on their word), each token's tags on its line.")


def _fail(exc: Exception) -> typer.Exit:
    """Print a one-line error and return the exit (code 2) to raise; an OSError names its file."""
    if isinstance(exc, OSError):
        message = f"{exc.filename}: {exc.strerror or exc}" if exc.filename else str(exc.strerror or exc)
    else:
        message = str(exc)
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(exc) from None


def _format(chosen: Format, as_json: bool, as_markdown: bool, as_latex: bool) -> str:
    flags = [name for name, on in (("json", as_json), ("markdown", as_markdown), ("latex", as_latex)) if on]
    if len(flags) > 1 or (flags and chosen != Format.text):
        raise _fail(ValueError("choose one output format"))
    return flags[0] if flags else chosen.value


def _config(**options: Any) -> ScoreConfig:
    """The library's settings from the options given (ScoreConfig fields; choices as enums, unset as None);
    an out-of-range value is a one-line error naming its option."""
    from pydantic import ValidationError

    from bench.schema.config import ScoreConfig

    # Unset options stay the library's default (unset layers: the default a format's own layers narrow).
    settings = {name: _plain(value) for name, value in options.items() if value not in (None, [])}
    try:
        return ScoreConfig(**settings)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        raise _fail(ValueError(f"{OPTION_OF.get(name, name)} {first.get('input')!r}: "
                               f"{first['msg'][0].lower()}{first['msg'][1:]}")) from None


def _plain(value: Any) -> Any:
    """An option's value as the library takes it: a choice's string, a repeated option's tuple."""
    if isinstance(value, list):
        return tuple(_plain(x) for x in value)
    return value.value if isinstance(value, Enum) else value


@contextmanager
def progress(documents: int, config: ScoreConfig) -> Iterator[Callable[[Iterable[T]], Iterator[T]]]:
    """Progress of a long score on stderr (a terminal only; nothing in pipes or logs): the documents as
    they are scored, then the bootstrap. Yields a wrapper for a stream of predictions; a comparison
    wraps both systems' streams and counts ``documents`` for the two."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console, transient=True, disable=not console.is_terminal)
    task = bar.add_task("scoring documents", total=documents)
    seen = 0

    def advance(items: Iterable[T]) -> Iterator[T]:
        nonlocal seen
        for item in items:
            yield item
            seen += 1
            bar.advance(task)
        if config.bootstrap_samples and seen >= documents:
            bar.update(task, description=f"confidence intervals ({config.bootstrap_samples} resamples)")

    with bar:
        yield advance


def _gold(root: Path | None, *, subdir: str = "gold"):
    """Load the gold (or a pass) and say on stderr which folder it came from and which gold it is."""
    from bench.io.gold import default_root, load_gold

    base = root if root is not None else default_root()
    corpus = load_gold(base, subdir=subdir)
    typer.echo(f"gold: {base / subdir} ({corpus.signature})", err=True)
    return corpus
