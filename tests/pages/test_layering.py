"""The UI layer (app.py, pages/, ui/) only calls core/ and renders: no SQL, no file I/O."""
from __future__ import annotations

import ast

import pytest

from core.config import APP_ROOT

UI_FILES = ["app.py", *sorted(str(p.relative_to(APP_ROOT)) for d in ("pages", "ui") for p in (APP_ROOT / d).glob("*.py"))]
FORBIDDEN_MODULES = ("sqlalchemy", "core.db", "core.models", "os", "shutil", "pathlib", "io", "tempfile")
FILE_METHODS = ("read_bytes", "write_bytes", "read_text", "write_text", "unlink", "mkdir")


def problems(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        found += [f"imports {m}" for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_MODULES)]
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.append("calls open()")
            if isinstance(func, ast.Attribute) and func.attr in FILE_METHODS:
                found.append(f"calls .{func.attr}()")
    return found


@pytest.mark.parametrize("path", UI_FILES)
def test_ui_code_runs_no_sql_and_touches_no_files(path):
    assert problems((APP_ROOT / path).read_text(encoding="utf-8")) == []


def test_the_check_catches_sql_and_files():
    bad = "from sqlalchemy import select\nimport os\nfrom core.db import session_scope\nopen('x')\np.read_bytes()\n"
    assert problems(bad) == ["imports sqlalchemy", "imports os", "imports core.db", "calls open()",
                             "calls .read_bytes()"]
