"""What a warm kernel imports before its first notebook; the forkserver imports it too, first.

A warm kernel started as a new process imports ipykernel, numpy, pandas, matplotlib, ipywidgets, the
interval audit's scipy and the project's themes: about a second of CPU per kernel, two kernels per
build on two cores. The forkserver imports this module before anything the workers need, so that a
worker's kernel can be forked with them loaded (:mod:`woonzorg.publish.kernel_template`); what the
forkserver imports after it (nbconvert, papermill, openpyxl, ...) is for the workers, and a forked
kernel drops it (:data:`LOADED` and what follows it), as a new kernel process would never have had it.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import warnings

# installed libraries, in the order a new kernel imports them (see woonzorg.publish.kernels.PRELOAD)
LIBRARIES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "IPython.display", "ipywidgets")
# the project's modules every notebook uses
OWN = ("woonzorg.data", "woonzorg.present.charts", "woonzorg.present.kenmerken", "woonzorg.themes",
       "woonzorg.leerkring", "woonzorg.widgets")
# imported by a notebook's code, not at a kernel's start (a new kernel imports them once, at first use)
FIRST_USE = ("scipy.optimize", "jinja2")
# what ipykernel_launcher imports to start a kernel
KERNEL = ("ipykernel.kernelapp",)


def _import_all() -> None:
    """Import everything above (a name that is not installed is left out)."""
    import importlib

    for name in (*KERNEL, *LIBRARIES, *FIRST_USE, *OWN):
        try:
            importlib.import_module(name)
        except ImportError:  # ipywidgets is optional; the kernel reports what a notebook misses
            pass


_import_all()
# What the process holds once these are imported; a forked kernel returns to it, dropping what the
# worker's libraries added after (kernel_template.forget_the_worker): its modules, the warning
# filters, import hooks and loggers they registered.
LOADED = frozenset(sys.modules)
# each module with the names it has now: of what the workers' code adds to one later, a forked kernel
# takes out what comes from a module it drops (a submodule, a class that concurrent.futures caches)
NAMESPACES = {name: (module, frozenset(vars(module))) for name, module in list(sys.modules.items())
              if isinstance(getattr(module, "__dict__", None), dict) and not name.startswith("__")}
WARNING_FILTERS = tuple(warnings.filters)
META_PATH = tuple(sys.meta_path)
PATH_HOOKS = tuple(sys.path_hooks)
LOGGERS = frozenset(logging.Logger.manager.loggerDict)
# what multiprocessing calls this process when it is a main process (the forkserver is one)
MAIN_PROCESS_TYPE = type(multiprocessing.current_process())
IN_A_MAIN_PROCESS = multiprocessing.parent_process() is None
