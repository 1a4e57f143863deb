"""The package's layering: every import points down the declared order, and no modules import each other.

Imports are read with ``ast`` (module level and inside functions alike), so a lazy import inside a
function counts as much as one at the top. The package root (``bench/__init__.py``) is the facade:
it exports lazily and every module may read its ``__version__``, so it is left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "bench"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    ("text",),
    ("schema",),
    ("matching",),
    ("io",),
    ("metrics",),
    ("compat",),
    ("scoring",),
    ("report",),
    ("upkeep",),
    ("tools",),
    ("systems",),
    ("cli",),
)
"""Lowest first: a module may import its own layer's modules and any lower layer's, never a higher one."""

RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _target(name: str) -> str:
    """The module an imported name lives in (``from bench.io import formats`` imports bench.io.formats)."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {_target(a.name) for a in node.names if a.name.startswith("bench.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("bench."):
            found |= {_target(f"{node.module}.{a.name}") for a in node.names}
    return found - {"bench"}


GRAPH = {name: _imports(path) for name, path in MODULES.items() if name != "bench"}


def _unit(module: str) -> str:
    return module.split(".")[1]


def test_every_module_belongs_to_a_declared_layer() -> None:
    assert {_unit(m) for m in GRAPH} <= set(RANK), sorted({_unit(m) for m in GRAPH} - set(RANK))


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down(module: str) -> None:
    upward = sorted(t for t in GRAPH[module] if RANK[_unit(t)] > RANK[_unit(module)])
    assert not upward, f"{module} imports a higher layer: {upward}"


def test_no_import_cycles() -> None:
    """Depth-first search over the module graph; a back edge is a cycle."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state and target in GRAPH:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


def test_no_cycles_between_layers_or_packages() -> None:
    """Also at the level of packages: two packages never import each other."""
    edges = {(_unit(m), _unit(t)) for m, targets in GRAPH.items() for t in targets if _unit(m) != _unit(t)}
    assert not {(a, b) for a, b in edges if (b, a) in edges}


def test_the_library_never_imports_the_cli_or_typer() -> None:
    for module, path in MODULES.items():
        if module.startswith("bench.cli"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert "typer" not in names, module
