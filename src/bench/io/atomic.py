"""Writing a file in place only once it is complete, so a failed write never leaves a changed or
half-written file behind (the gold, a predictions file, an export)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.errors import InputError


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` only if the block succeeds."""
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    try:
        yield tmp
        os.replace(tmp, path)
    except InputError as exc:
        if exc.file in (None, str(tmp)):
            exc.file = str(path)  # name the file the user asked for, not the temporary one
        raise
    finally:
        tmp.unlink(missing_ok=True)
