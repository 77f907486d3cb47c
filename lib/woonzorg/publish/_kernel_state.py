"""Runs inside a warm kernel: remember the state after start-up, and return to it before each notebook."""

from __future__ import annotations

import gc
import os
import sys
import sysconfig
import warnings
from operator import is_, itemgetter

_STATE: dict = {}
_INSTALLED: dict[str, bool] = {}  # file name of a module -> whether it is installed (see _is_installed)
_KEEP = __name__
OWN = "woonzorg"  # the project's package: kept loaded between notebooks while its source files are unchanged
_MISSING = object()
# classes that are attributes of these modules are restored too (setattr on the class, not its dict)
CLASS_MODULES = ("builtins", "json", "decimal", "numpy", "pandas", "matplotlib", "matplotlib.pyplot")


def _installed_roots() -> tuple[str, ...]:
    roots = {sys.prefix, sys.base_prefix, sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"],
             sysconfig.get_paths()["platlib"]}
    return tuple(os.path.realpath(r) + os.sep for r in roots if r)


def snapshot() -> None:
    """Called once, after the preload imports: this is the state every notebook starts from."""
    import matplotlib

    from woonzorg.publish import processes, upstream

    upstream.compile_each_source_once()
    _STATE["forget_shown_warnings"] = upstream.forget_shown_warnings

    # the inline backend registers its figure flush with IPython (and may set rcParams) when first
    # used: done now, so that it is part of the state every notebook starts from
    import matplotlib.pyplot as plt

    plt.close(plt.figure())
    _STATE["modules"] = set(sys.modules)
    _STATE["own"] = {name: (module, *_source_stamp(module)) for name, module in list(sys.modules.items())
                     if _is_own(name) and name != _KEEP}
    _STATE["rc"] = dict(matplotlib.rcParams)
    _STATE["environ"] = dict(os.environ)
    _STATE["path"] = list(sys.path)
    _STATE["meta_path"] = list(sys.meta_path)
    _STATE["filters"] = list(warnings.filters)
    _STATE["roots"] = _installed_roots()
    _snapshot_libraries()
    # what the preload created lives as long as the kernel: keep it out of the collector's full
    # collections, which IPython's %reset runs twice (a quarter second each on this heap otherwise);
    # and collect less often while a notebook runs
    gc.collect()
    processes.collect_less_often()


def _snapshot_libraries() -> None:
    """The namespaces of the installed modules, the classes they export, and the state the libraries
    keep elsewhere (numpy's print and error settings, decimal's context, the recursion limit, IPython's
    formatters and event callbacks)."""
    import decimal

    import numpy

    from woonzorg.publish import upstream

    _STATE["namespaces"] = {}
    _remember_new_modules(own=True)
    classes = {}
    for name in (*CLASS_MODULES, *_STATE["own"]):
        for value in list(vars(sys.modules[name]).values()) if name in sys.modules else ():
            if isinstance(value, type) and value is not type and value is not object:
                classes[id(value)] = value
    _STATE["classes"] = [(cls, dict(vars(cls))) for cls in classes.values()]
    _STATE["printoptions"] = numpy.get_printoptions()
    _STATE["seterr"] = (numpy.geterr(), numpy.geterrcall(), numpy.getbufsize())
    _STATE["decimal"] = decimal.getcontext().copy()
    _STATE["recursionlimit"] = sys.getrecursionlimit()
    _STATE["ipython"] = upstream.ipython_state(get_ipython())  # noqa: F821 - defined in every IPython kernel
    _STATE["restore_ipython"] = upstream.restore_ipython_state  # kept here: a changed package is unloaded


def _remember_new_modules(own: bool = False) -> None:
    """Remember the namespace of each installed module not seen before. At start-up that is their
    state after import; a module first imported by a notebook is remembered as that notebook left it
    (import it in the preload to have it restored from its pristine state). The project's modules are
    remembered at start-up only (``own``): one a notebook imports first is unloaded at the next reset."""
    namespaces = _STATE["namespaces"]
    user_namespace = get_ipython().user_ns  # noqa: F821 - emptied by %reset; __main__ may alias it
    for name, module in list(sys.modules.items()):
        if name in namespaces or name == _KEEP or (_is_own(name) and not (own and name in _STATE["own"])):
            continue
        namespace = getattr(module, "__dict__", None)
        if isinstance(namespace, dict) and namespace is not user_namespace and (_is_own(name) or _is_installed(module)):
            keys = tuple(namespace)
            values = tuple(namespace.values())
            namespaces[name] = (module, keys, values, _getter(keys))


def _getter(keys: tuple):
    """A function returning the values of these keys as a tuple (itemgetter returns a bare value for one key)."""
    if len(keys) > 1:
        return itemgetter(*keys)
    return lambda namespace: tuple(namespace[key] for key in keys)


def _restore_module(name: str, module, keys: tuple, values: tuple, get) -> None:
    namespace = module.__dict__
    if len(namespace) == len(keys):
        try:
            # unchanged: the common case, checked at C speed and by identity (no value's __eq__ runs);
            # a quarter of the time of comparing tuples of ids, which made an int per value
            if all(map(is_, get(namespace), values)):
                return
        except KeyError:
            pass
    namespace.update(zip(keys, values))
    if len(namespace) > len(keys):
        known = set(keys)
        for key in [k for k in namespace if k not in known]:
            value = namespace[key]
            # a submodule imported since start-up stays an attribute of its package while it is loaded
            if not (isinstance(value, type(sys)) and sys.modules.get(f"{name}.{key}") is value):
                del namespace[key]


def _restore_class(cls: type, saved: dict) -> None:
    current = vars(cls)
    if len(current) == len(saved) and all(current.get(k, _MISSING) is v for k, v in saved.items()):
        return
    for key in [k for k in current if k not in saved]:
        delattr(cls, key)
    for key, value in saved.items():
        if current.get(key, _MISSING) is not value:
            setattr(cls, key, value)


def _restore_libraries() -> None:
    import decimal
    import random

    import numpy

    for name, (module, *saved) in _STATE["namespaces"].items():
        if sys.modules.get(name) is not module:
            sys.modules[name] = module  # a notebook replaced or removed it in sys.modules
        _restore_module(name, module, *saved)
    for cls, saved in _STATE["classes"]:
        _restore_class(cls, saved)
    if numpy.get_printoptions() != _STATE["printoptions"]:
        numpy.set_printoptions(**_STATE["printoptions"])
    errors, call, bufsize = _STATE["seterr"]
    numpy.seterr(**errors)
    numpy.seterrcall(call)
    numpy.setbufsize(bufsize)
    decimal.setcontext(_STATE["decimal"].copy())
    sys.setrecursionlimit(_STATE["recursionlimit"])
    # as a fresh kernel: seeded anew from the system's entropy, not repeating the previous notebook's
    random.seed()
    numpy.random.seed()
    _STATE["restore_ipython"](get_ipython(), _STATE["ipython"])  # noqa: F821


def _is_own(name: str) -> bool:
    return name == OWN or name.startswith(OWN + ".")


def _unloaded_at_reset(name: str, module) -> bool:
    """A module of the project that was not loaded at start-up, or any other module that is neither
    installed nor was there at start-up (a module from the notebook's folder, for example)."""
    if _is_own(name):
        return name not in _STATE["own"]
    return name not in _STATE["modules"] and not _is_installed(module)


def _source_stamp(module) -> tuple:
    """The file a module was loaded from, and its modification time and size (``None`` when it has none)."""
    path = getattr(module, "__file__", None)
    return path, _stat(path)


def _stat(path: str | None) -> tuple | None:
    if not path:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _own_source_changed() -> str | None:
    """The first module of the project whose file changed since start-up (e.g. edited between two
    builds that share this kernel), or None."""
    for name, (_module, path, stamp) in _STATE["own"].items():
        if _stat(path) != stamp:
            return name
    return None


def _is_installed(module) -> bool:
    """A module that comes with Python or from site-packages (kept warm); the project's own are not."""
    origin = getattr(module, "__file__", None)
    if not origin:
        return True  # built-in or namespace package
    # the project is installed editable: its files live outside site-packages, so they are dropped.
    # Each reset asks this of every module imported since start-up; the answer for a file name is
    # remembered (resolving its links took a sixth of a reset)
    known = _INSTALLED.get(origin)
    if known is None:
        known = _INSTALLED[origin] = os.path.realpath(origin).startswith(_STATE["roots"])
    return known


def reset(cwd: str) -> None:
    """Empty the namespace and undo what the previous notebook changed outside it.

    Raises RuntimeError when a module of the project changed on disk since start-up: the kernel
    then cannot give the next notebook what a fresh kernel would, and is replaced by one.
    """
    changed = _own_source_changed()
    if changed:
        raise RuntimeError(f"{changed} is veranderd sinds de kernel startte")
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
    # modules first: a submodule unloaded here is then also taken off its package by the restore
    for name in list(sys.modules):
        if name == _KEEP:
            continue
        module = sys.modules[name]
        if _unloaded_at_reset(name, module):
            del sys.modules[name]
        elif hasattr(module, "__warningregistry__"):
            module.__warningregistry__.clear()
    _restore_libraries()
    os.environ.clear()
    os.environ.update(_STATE["environ"])
    sys.path[:] = _STATE["path"]
    sys.meta_path[:] = _STATE["meta_path"]
    warnings.filters[:] = _STATE["filters"]
    _STATE["forget_shown_warnings"]()  # forget which warnings were shown
    # after the modules are gone, so that its collections free them with the namespace
    ip.run_line_magic("reset", "-f")  # user namespace, In/Out history, _ variables
    _remember_new_modules()  # installed modules this notebook imported first (kept: see above)
    sys.path_importer_cache.clear()
    import importlib

    importlib.invalidate_caches()
    os.chdir(cwd)
    # a new history session, so that cell numbers start at 1 again as in a fresh kernel (nbclient
    # takes them from the kernel's replies) without clashing with the lines stored before
    ip.history_manager.reset(new_session=True)
    ip.execution_count = 1
    # what survived the reset stays (kept modules): out of the next full collections; and the
    # thresholds as after start-up, whatever the notebook set
    from woonzorg.publish import processes

    processes.collect_less_often()
