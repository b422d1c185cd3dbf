"""The package keeps its shape: layers import downward only, MkDocs stays in site/, no private reach-ins.

The imports are read from the source (function-level ones included), not from ``sys.modules``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

#: Layer of each top-level module or subpackage of ``generator`` (README: "Architecture").
LAYERS = {
    "__init__": 0, "errors": 0, "languages": 0, "i18n": 0, "text": 0, "yamlio": 0, "processes": 0,
    "project": 1, "tickets": 1,
    "analysis": 2,
    "reports": 3, "site": 3,
    "commands": 4,
    "cli": 5,
}
RENDERERS = ("mkdocs", "material")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, absolute module, imported names) of every import in the file, nested ones included."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append((node.lineno, module, [alias.name for alias in node.names]))
    return found


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def top(module: str) -> str:
    """``generator.site.build`` -> ``site``; ``generator`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def internal_edges() -> dict[str, set[str]]:
    """module -> the package modules it imports (``from generator.x import y`` counts y when it is a module)."""
    modules = {module_name(p) for p in sources()}
    edges: dict[str, set[str]] = {}
    for path in sources():
        name = module_name(path)
        for _, module, names in imports(path):
            if module != "generator" and not module.startswith("generator."):
                continue
            targets = {f"{module}.{n}" for n in names if f"{module}.{n}" in modules} or {module}
            edges.setdefault(name, set()).update(t for t in targets if t != name)
    return edges


def test_every_module_has_a_layer():
    assert {top(module_name(p)) for p in sources()} <= set(LAYERS)


@pytest.mark.parametrize("path", sources(), ids=lambda p: module_name(p))
def test_layers_import_downward_only(path):
    here = top(module_name(path))
    upward = []
    for line, module, _ in imports(path):
        if module == "generator" or module.startswith("generator."):
            there = top(module)
            # L0 modules may use each other (no cycles, tested below); other siblings stay apart.
            sibling = LAYERS[there] == LAYERS[here] and LAYERS[here] > 0
            if there != here and (LAYERS[there] > LAYERS[here] or sibling):
                upward.append(f"{path.name}:{line} imports {module} (layer {LAYERS[there]} from layer {LAYERS[here]})")
    assert upward == []


def test_reports_and_site_never_import_each_other():
    crossing = [f"{module_name(p)}:{line} imports {module}" for p in sources()
                for line, module, _ in imports(p)
                if {top(module_name(p)), top(module)} == {"reports", "site"}]
    assert crossing == []


@pytest.mark.parametrize("path", sources(), ids=lambda p: module_name(p))
def test_only_site_imports_the_renderer(path):
    if top(module_name(path)) == "site":
        return
    renderer = [f"{path.name}:{line} imports {module}" for line, module, _ in imports(path)
                if module.split(".")[0] in RENDERERS]
    assert renderer == []


@pytest.mark.parametrize("path", sources(), ids=lambda p: module_name(p))
def test_no_private_names_from_other_modules(path):
    here = module_name(path)
    private = [f"{path.name}:{line} imports {module}.{name}" for line, module, names in imports(path)
               if module.startswith("generator") and module != here
               for name in names if name.startswith("_") and not name.startswith("__")]
    private += [f"{path.name}:{line} imports {module}" for line, module, _ in imports(path)
                if module.startswith("generator.") and any(part.startswith("_") and part != "__init__"
                                                           for part in module.split(".")[1:])]
    assert private == []


def test_no_import_cycles():
    edges = internal_edges()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]) if nxt in trail else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_function_runs_past_60_lines():
    long = [f"{module_name(p)}.{n.name}: {n.end_lineno - n.lineno + 1} lines" for p in sources()
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > 60]
    assert long == []
