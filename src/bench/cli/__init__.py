"""The ``bench`` command: a thin shell over the library. Exit codes: 0 ok, 2 bad input.

Each submodule registers its commands on :data:`app`; heavy libraries are imported inside the
commands, so ``bench --help`` starts fast.
"""

# Importing a submodule registers its commands; this order is the order of `bench --help`.
from bench.cli import scoring  # noqa: F401, I001
from bench.cli import formats  # noqa: F401
from bench.cli import systems  # noqa: F401
from bench.cli import data  # noqa: F401
from bench.cli.common import app

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover
    """Run the ``bench`` command (the console script's entry point)."""
    app()
