"""Build the handreikingen: plan regions × themes, skip what is unchanged, execute in parallel, export, publish atomically, write the site."""

import importlib

# Imported when first used (PEP 562): importing a submodule (processes, upstream) then costs no
# pandas, so that ``woonzorg build`` starts its forkserver before it imports the libraries itself,
# and a kernel that draws charts does not load the build. Importing this package changes nothing
# else: no entry of sys.modules, no library patched (tests/test_publish_kernels.py).
_EXPORTS = {"Task": "plan", "build_plan": "plan", "discover_themes": "plan", "build": "run",
            "BuildReport": "report", "Progress": "report", "TaskResult": "report"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
