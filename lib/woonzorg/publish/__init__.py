"""Build the handreikingen: plan regions × themes, skip what is unchanged, execute in parallel, export, publish atomically, write the site."""

import importlib
import sys

# jsonschema (imported by nbformat, papermill and nbconvert) imports the optional package
# rfc3987_syntax when it is installed (jupyter-events pulls it in), and that compiles 38 Lark
# grammars at import: about a second in every build process, more than the rest of papermill and
# nbconvert together. nbformat's schemas use no IRI formats, so the build's processes (this
# one, its forkserver, workers and their kernels, which import woonzorg.publish at start, forked or not)
# go without it; other programs are untouched.
sys.modules.setdefault("rfc3987_syntax", None)  # None in sys.modules: "import rfc3987_syntax" raises ImportError

# Imported when first used (PEP 562): importing a submodule (processes, upstream) then costs no
# pandas, so that ``woonzorg build`` starts its forkserver before it imports the libraries itself,
# and a kernel that draws charts does not load the build.
_EXPORTS = {"Task": "plan", "build_plan": "plan", "discover_themes": "plan", "build": "run",
            "BuildReport": "report", "Progress": "report", "TaskResult": "report"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
