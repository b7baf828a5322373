"""How core/ imports: no circles (imports inside functions count too), and no UI.

A circle makes the import order matter and hides which module is the lower layer; an import
inside a function that closes a circle only moves the problem to run time.
"""
from __future__ import annotations

import ast
from pathlib import Path

from core.config import APP_ROOT

CORE = APP_ROOT / "core"


def module_name(path: Path) -> str:
    parts = path.relative_to(APP_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(CORE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that a file imports, anywhere in it (functions included)."""
    found = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from .y import z
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # from core import jobs
    return {name for name in found if name in known and name != "core"}


def import_graph() -> dict[str, set[str]]:
    modules = core_modules()
    return {name: imports_of(path, set(modules)) - {name} for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_core_has_no_import_circles():
    found = circles(import_graph())
    assert found == [], "import circles in core/: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_walk_sees_imports_inside_functions_and_finds_a_circle(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [["a", "b", "c"]]
    sample = CORE / "worker.py"
    assert "core.sandbox" in imports_of(sample, set(core_modules()))  # `from core import jobs, sandbox`
    jobs = imports_of(CORE / "jobs.py", set(core_modules()))
    assert "core.sandbox" in jobs, "jobs imports sandbox inside a function; the walk must see it"


def test_core_imports_no_ui_and_no_outer_layer():
    outer = ("streamlit", "api", "ui", "pages", "app", "fastapi", "starlette")
    offenders = []
    for name, path in core_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{name} imports {m}" for m in modules if m.split(".")[0] in outer]
    assert offenders == []
