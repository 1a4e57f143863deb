"""The package's one exception family. Only the CLI turns these into exit codes."""

from __future__ import annotations


class BenchError(Exception):
    """Base class for every error the package raises on purpose."""


class InputError(BenchError):
    """Bad input: names the file, the line (1-based) and the field where it is wrong."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
