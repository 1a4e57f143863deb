"""Every public module, class and function of the package says what it is for.

Read with ``ast``: a module whose name (or a folder above it) starts with ``_`` is private, except a package's
``__init__``; inside a module, the classes and functions defined at its top level whose names do not start with
``_`` are public. Names a package's ``__init__`` imports (re-exports) are checked where they are defined.
The public methods of a public class are walked too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "bench"


def _public_modules() -> list[Path]:
    return sorted(path for path in SRC.rglob("*.py")
                  if not any(part.startswith("_") and part != "__init__.py" for part in path.relative_to(SRC).parts))


def _undocumented(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    missing = [] if ast.get_docstring(tree) else ["(module)"]
    defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    public = [node for node in tree.body if isinstance(node, defs) and not node.name.startswith("_")]
    public += [method for node in public if isinstance(node, ast.ClassDef) for method in node.body
               if isinstance(method, defs) and not method.name.startswith("_")]
    return missing + [f"{node.name} (line {node.lineno})" for node in public if not ast.get_docstring(node)]


@pytest.mark.parametrize("path", _public_modules(), ids=lambda p: str(p.relative_to(SRC.parent)))
def test_public_names_have_docstrings(path: Path) -> None:
    assert not _undocumented(path), f"{path.relative_to(SRC.parent)}: no docstring on {_undocumented(path)}"


def test_the_walk_finds_the_package() -> None:
    names = {str(p.relative_to(SRC)) for p in _public_modules()}
    assert {"__init__.py", "scoring/__init__.py", "report/html.py"} <= names
    assert not any(n.startswith("_") and n != "__init__.py" for n in names)
