"""Does the cache know which code a task runs? Editing one theme rebuilds that theme's guides only."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from woonzorg import paths, themes
from woonzorg.publish import cache, codegraph
from woonzorg.publish.plan import discover_themes


def _model_file(theme: themes.Theme) -> Path:
    spec = importlib.util.find_spec(f"{theme.package}.model") if theme.package else None
    return Path(spec.origin) if spec and spec.origin else Path(importlib.util.find_spec(theme.package).origin)


def _digests() -> dict[str, str]:
    result = {}
    for name, notebook in discover_themes().items():
        theme = themes.get(name)
        result[name] = cache.code_digest(notebook.read_bytes(), theme.package if theme else None, "libs")
    return result


def test_relative_and_nested_imports_are_read():
    names = codegraph.imported_names("from . import model\nfrom .views import tabel\ndef f():\n    import json\n",
                                     "woonzorg.proces", is_package=True)
    assert {"woonzorg.proces.model", "woonzorg.proces.views", "woonzorg.proces.views.tabel", "json"} <= names


def test_imports_in_every_kind_of_block_are_read_and_nothing_else():
    source = """
import a
class K:
    import b
    def m(self):
        if x:
            import c
        elif y:
            import d
        else:
            with open(f) as g:
                import e
for i in r:
    pass
else:
    try:
        import f
    except ImportError:
        import g
    else:
        import h
    finally:
        import i
while w:
    import j
match v:
    case 1:
        import k
async def co():
    async with s:
        import l
    async for q in z:
        import m
handler = lambda: __import__("not_static")
text = "import not_code"
"""
    assert codegraph.imported_names(source) == set("abcdefghijklm")


def test_a_notebook_depends_on_its_own_theme_and_the_publisher():
    for name, notebook in discover_themes().items():
        theme = themes.get(name)
        modules = codegraph.task_modules(notebook.read_bytes(), theme.package if theme else None)
        assert theme.package in modules
        assert {"woonzorg.publish.worker", "woonzorg.data", "woonzorg.themes"} <= modules


@pytest.mark.parametrize("changed", [t.name for t in themes.themes()])
def test_changing_one_line_of_a_theme_model_rebuilds_that_theme_and_what_imports_it(changed, tmp_path, monkeypatch):
    theme = themes.get(changed)
    model = _model_file(theme)
    # file names out of the hash, so that the edited copy (in tmp_path) counts as the same file
    monkeypatch.setattr(cache, "_files_digest",
                        lambda root, files: cache._digest([f.read_bytes() for f in sorted(files, key=lambda f: f.name)]))
    before = _digests()
    edited = tmp_path / model.name
    edited.write_text(model.read_text(encoding="utf-8") + "\n# one changed line\n", encoding="utf-8")
    original = codegraph.package_modules()
    swapped = {name: (edited if file == model else file) for name, file in original.items()}
    monkeypatch.setattr(codegraph, "package_modules", lambda root=paths.PACKAGE_DIR: swapped)
    after = _digests()
    rebuilt = {name for name in before if before[name] != after[name]}
    # exactly the notebooks whose code imports the edited module (its own theme always)
    importers = {name for name, notebook in discover_themes().items()
                 if any(original[m] == model for m in codegraph.task_modules(
                     notebook.read_bytes(), themes.get(name).package))}
    assert changed in rebuilt
    assert rebuilt == importers
    # a theme model is not shared code: at least one other guide is not rebuilt
    assert rebuilt != set(before), f"editing {model.name} of {changed} rebuilds every guide"
