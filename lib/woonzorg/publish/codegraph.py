"""Which of the package's modules a task runs: the imports of its notebook, followed through the package.

The cache hashes only that code, so editing one theme rebuilds that theme's guides (and those of
a theme that imports it, as the woonzorgvisie imports the analyse), while editing shared code
rebuilds every guide that imports it. Imports are read statically (``ast``), also those inside
functions. Two things are added by hand because no static import shows them:

- the task's own theme package: the learning circle finds a theme's exercises through the registry
  (:mod:`woonzorg.themes`), which imports the theme packages by name at run time;
- the publisher itself (:mod:`woonzorg.publish.worker` and what it imports), which shapes every page.

The registry's run-time imports of the other themes are deliberately not followed: another theme's
tables and checks only take part in validating the data, which every build does before any task.
"""

from __future__ import annotations

import ast
import functools
import json
from collections.abc import Iterator
from pathlib import Path

from woonzorg import paths

PACKAGE = "woonzorg"
PUBLISHER = "woonzorg.publish.worker"


@functools.cache
def package_modules(root: Path = paths.PACKAGE_DIR) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for file in root.rglob("*.py"):
        if "__pycache__" in file.parts:
            continue
        parts = list(file.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([PACKAGE, *parts])] = file
    return found


def imported_names(source: str, module: str = "", is_package: bool = False) -> set[str]:
    """The dotted names a piece of code imports (``from a import b`` gives ``a`` and ``a.b``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against this module's package
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


# the fields that hold statements: an import is a statement, so expressions are never searched
# (ast.walk visits every node, ten times as many, and took half of the build's planning time)
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(nodes: list) -> Iterator:
    """Every statement in ``nodes`` and in the blocks nested in them (functions, classes, if, try, with, match)."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        for field in _STATEMENT_FIELDS:
            children = getattr(node, field, None)
            if isinstance(children, list):  # a lambda's body is an expression
                stack.extend(children)


def notebook_imports(notebook_bytes: bytes) -> set[str]:
    """What a notebook's code cells import (IPython magics and shell lines are skipped)."""
    try:
        cells = json.loads(notebook_bytes).get("cells", [])
    except ValueError:
        return set()
    names: set[str] = set()
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        names |= imported_names("\n".join(lines))
    return names


_PARSED: dict[tuple[str, str], frozenset[str]] = {}  # (module, source) -> its imports: parsed once per process


def _module_imports(name: str, file: Path) -> frozenset[str]:
    """What one module imports; every notebook's closure asks for the same modules, so each source is
    parsed once (keyed by its text: an edited module is parsed anew)."""
    source = file.read_text(encoding="utf-8")
    key = (name, source)
    if key not in _PARSED:
        _PARSED[key] = frozenset(imported_names(source, name, file.name == "__init__.py"))
    return _PARSED[key]


def _closure(roots: set[str], modules: dict[str, Path]) -> set[str]:
    seen: set[str] = set()
    todo = [name for name in roots if name in modules]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        # importing a.b.c runs the __init__ of a and a.b first
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        found = _module_imports(name, modules[name])
        todo += [n for n in (*parents, *found) if n in modules and n not in seen]
    return seen


def task_modules(notebook_bytes: bytes, theme_package: str | None) -> set[str]:
    """The package's modules a task runs: its notebook's imports, its theme, the publisher, and theirs."""
    modules = package_modules()
    roots = notebook_imports(notebook_bytes) | {PUBLISHER}
    if theme_package:
        roots.add(theme_package)
    return _closure(roots, modules)
