"""Runs inside a warm kernel: remember the state after start-up, and return to it before each notebook."""

from __future__ import annotations

import gc
import os
import sys
import sysconfig
import warnings

_STATE: dict = {}
_KEEP = __name__


def _installed_roots() -> tuple[str, ...]:
    roots = {sys.prefix, sys.base_prefix, sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"],
             sysconfig.get_paths()["platlib"]}
    return tuple(os.path.realpath(r) + os.sep for r in roots if r)


def snapshot() -> None:
    """Called once, after the preload imports: this is the state every notebook starts from."""
    import matplotlib

    from woonzorg.publish import upstream

    upstream.compile_each_source_once()
    _STATE["forget_shown_warnings"] = upstream.forget_shown_warnings

    _STATE["modules"] = set(sys.modules)
    _STATE["rc"] = dict(matplotlib.rcParams)
    _STATE["environ"] = dict(os.environ)
    _STATE["path"] = list(sys.path)
    _STATE["meta_path"] = list(sys.meta_path)
    _STATE["filters"] = list(warnings.filters)
    _STATE["roots"] = _installed_roots()
    # what the preload created lives as long as the kernel: keep it out of the collector's full
    # collections, which IPython's %reset runs twice (a quarter second each on this heap otherwise)
    gc.collect()
    gc.freeze()


def _is_installed(module) -> bool:
    """A module that comes with Python or from site-packages (kept warm); the project's own are not."""
    origin = getattr(module, "__file__", None)
    if not origin:
        return True  # built-in or namespace package
    # the project is installed editable: its files live outside site-packages, so they are dropped
    return os.path.realpath(origin).startswith(_STATE["roots"])


def reset(cwd: str) -> None:
    """Empty the namespace and undo what the previous notebook changed outside it."""
    ip = get_ipython()  # noqa: F821 - defined in every IPython kernel
    if "ipywidgets" in sys.modules:
        sys.modules["ipywidgets"].Widget.close_all()
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update({k: v for k, v in _STATE["rc"].items() if k != "backend"})
        import pandas

        pandas.reset_option("all")
    os.environ.clear()
    os.environ.update(_STATE["environ"])
    sys.path[:] = _STATE["path"]
    sys.meta_path[:] = _STATE["meta_path"]
    warnings.filters[:] = _STATE["filters"]
    _STATE["forget_shown_warnings"]()  # forget which warnings were shown
    for name in list(sys.modules):
        if name == _KEEP:
            continue
        module = sys.modules[name]
        ours = name == "woonzorg" or name.startswith("woonzorg.")
        if ours or (name not in _STATE["modules"] and not _is_installed(module)):
            del sys.modules[name]
        elif hasattr(module, "__warningregistry__"):
            module.__warningregistry__.clear()
    # after the modules are gone, so that its collections free them with the namespace
    ip.run_line_magic("reset", "-f")  # user namespace, In/Out history, _ variables
    sys.path_importer_cache.clear()
    import importlib

    importlib.invalidate_caches()
    os.chdir(cwd)
    # a new history session, so that cell numbers start at 1 again as in a fresh kernel (nbclient
    # takes them from the kernel's replies) without clashing with the lines stored before
    ip.history_manager.reset(new_session=True)
    ip.execution_count = 1
    gc.freeze()  # what survived the reset stays (kept modules): out of the next full collections
