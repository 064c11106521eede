"""The shape docs/architecture.md describes: stages in order, no cycles, small modules and functions.

Read from the source with ``ast``, so every import counts, including those
made inside functions to keep start-up fast.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "pressrelease"

#: The pipeline, earliest first: a module may import from its own stage or an earlier one, never a later one.
STAGES = [
    {"errors", "version", "rules", "exports"},
    {"i18n"},
    {"model"},
    {"source"},
    {"view"},
    {"theme"},
    {"formats"},
    {"build"},
    {"delivery"},
    {"serve", "api"},
    {"cli"},
    {"__init__", "__main__"},
]
#: Functions allowed past 50 lines, each with the reason splitting it would hurt.
LONG_FUNCTIONS: dict[str, str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage_of(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return next(index for index, names in enumerate(STAGES) if top in names)


def imports_of(module: str, *, runtime_only: bool = False) -> set[str]:
    """The package's modules ``module`` imports (``from . import x`` counts x if it is a module)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    skipped = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                skipped.update(id(child) for child in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("pressrelease"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            if not base.startswith("pressrelease"):
                continue
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return {name for name in found if name in MODULES and name != module}


def test_every_module_is_in_a_stage() -> None:
    for module in MODULES:
        stage_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_from_a_later_stage(module: str) -> None:
    later = sorted(other for other in imports_of(module) if stage_of(other) > stage_of(module))
    assert not later, f"{module} (stage {stage_of(module)}) imports from later stages: {later}"


def test_no_import_cycles() -> None:
    graph = {module: imports_of(module, runtime_only=True) for module in MODULES}
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(module: str, path: list[str]) -> None:
        if state.get(module) == 2:
            return
        assert state.get(module) != 1, f"import cycle: {' -> '.join(path[path.index(module):] + [module])}"
        state[module] = 1
        for other in sorted(graph[module]):
            # a package's __init__ importing its own submodules is how packages work, not a cycle
            if not (other.startswith(module + ".") and MODULES[module].name == "__init__.py"):
                visit(other, path + [module])
        state[module] = 2

    for module in sorted(graph):
        visit(module, [])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{module} has {lines} lines"


def test_functions_stay_short() -> None:
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                name = f"{module}.{node.name}"
                if length > 50 and name not in LONG_FUNCTIONS:
                    long.append(f"{name}: {length} lines")
    assert not long, long


def test_the_folders_show_the_pipeline() -> None:
    data = {"__pycache__", "schemas"}  # schemas: the editors' JSON Schemas, data written by source/jsonschema.py
    assert not list((PACKAGE / "schemas").glob("*.py"))
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name not in data)
    assert folders == ["build", "cli", "delivery", "formats", "i18n", "model", "serve", "source", "theme", "view"]


def test_check_starts_without_what_it_does_not_need() -> None:
    """``check`` is run by editors and hooks on every save: it imports no renderer, no Babel, not even typing."""
    import subprocess
    import sys

    code = ("import io, sys; from pressrelease.cli import main; "
            f"main(['check', {str(ROOT / 'releases')!r}], out=io.StringIO(), err=io.StringIO()); "
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    heavy = {"typing", "jinja2", "weasyprint", "babel", "markdown", "nh3", "css_inline", "pressrelease.formats",
             "pressrelease.view", "pressrelease.build", "pressrelease.cli.commands.build"}
    assert not loaded & heavy, sorted(loaded & heavy)
    assert "pressrelease.source.loader" in loaded
