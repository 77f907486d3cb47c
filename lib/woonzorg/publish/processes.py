"""Process hygiene: the build's children import nothing from the working directory and die with the build.

- ``PYTHONSAFEPATH`` (Python ≥ 3.11) keeps the working directory off ``sys.path`` of every child
  (forkserver, workers, kernels), and the forkserver starts in an empty folder of its own: a folder
  ``concurrent/`` or ``ipywidgets/`` where the build is started is never imported.
- Every pool worker watches the build process and exits the moment it is gone (a worker's parent is
  the forkserver, which outlives the build as long as any worker runs); on Linux each kernel asks to
  be killed when its parent dies (``PR_SET_PDEATHSIG``: a kernel forked by the zygote when the zygote
  dies, and the zygote kills a kernel whose worker let go of it). A build killed with SIGKILL so takes
  its workers, their kernels, the zygote and then the forkserver with it: nothing publishes a page afterwards.
- Workers collect garbage less often (:func:`collect_less_often`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import select
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator

from woonzorg.themes import THEME_PACKAGES

_PR_SET_PDEATHSIG = 1
# The collector's thresholds in a build's workers (Python's default: 700, 10, 10): a task makes many
# short-lived objects on a heap of long-lived ones. Measured in a cold build of the 24 guides: a worker
# collected 620 times (0.32 s) at the default and 300 times (0.18 s) at these. Kernels keep Python's
# default, as any kernel has.
BATCH_GC_THRESHOLDS = (10_000, 10, 10)


def prepare_children() -> None:
    """Environment every child process inherits: no working directory on its module path."""
    os.environ["PYTHONSAFEPATH"] = "1"


def die_with_parent() -> None:
    """Linux: have this process killed when its parent dies; elsewhere nothing (the parent stops it)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def collect_less_often() -> None:
    """Garbage collection for a batch process: the heap so far frozen (imported once, it lives as
    long as the process) and the young generation collected every 10,000 allocations, not 700.

    No collection first: in a worker just forked from the forkserver it would walk (and so copy) the
    whole inherited heap, 60 ms per worker, to find next to nothing."""
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLDS)


def exit_when_gone(pid: int, poll: float = 0.5) -> None:
    """Start a daemon thread that ends this process at once when process ``pid`` has exited.

    Uses a pidfd where the system has one (no polling, and immune to the pid being reused), else
    checks every ``poll`` seconds.
    """
    def watch() -> None:
        try:
            handle = os.pidfd_open(pid)  # Linux ≥ 5.3
        except (AttributeError, OSError):
            handle = None
        if handle is not None:
            select.select([handle], [], [])
        else:
            while True:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    pass
                time.sleep(poll)
        os._exit(1)

    threading.Thread(target=watch, name="woonzorg-watch-build", daemon=True).start()


def worker_started(build_pid: int, zygote_address: str = "") -> None:
    """Initializer of every pool worker: exits with the build, forks its kernels from the build's zygote,
    works in no user folder, and imports nothing from the folder the build was started in
    (multiprocessing copies the parent's ``sys.path``, which holds that folder when the build runs as
    ``python -m`` or under pytest)."""
    # Ctrl-C goes to the whole process group: the build stops its workers, which would each print an English
    # traceback of the interrupted wait for work otherwise (the forkserver ignores it too: start_forkserver)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_when_gone(build_pid)
    collect_less_often()
    from woonzorg.publish import zygote

    zygote.assign(zygote_address)
    started_in = os.getcwd()
    sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != started_in]
    os.chdir(tempfile.gettempdir())


@contextlib.contextmanager
def ctrl_c_ignored_by_children() -> Iterator[None]:
    """Start processes (the forkserver, its resource tracker) that ignore Ctrl-C from their first instruction on.

    Ctrl-C goes to the terminal's whole process group. multiprocessing's forkserver ignores it only once its
    preloads are imported: during the first second or two of a build it printed an English traceback after
    the build's own "afgebroken". An ignored signal stays ignored across exec, and Python then installs no
    handler of its own; the build stops these processes itself. Only the main thread can change a handler:
    from another thread (a warm-up) the processes start as before. The build ignores Ctrl-C for the few
    milliseconds the start takes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# Heavy imports done once in the forkserver, so that each worker process starts warm: lean_imports first
# (it keeps jsonschema from compiling grammars nobody here uses), then what every task imports to run
# its notebook and write its pages and downloads. The kernels' libraries are the zygote's.
FORKSERVER_PRELOAD = ["woonzorg.publish.lean_imports", "nbformat", "nbconvert", "papermill",
                      "woonzorg.publish.worker", "woonzorg.publish.kernels", "woonzorg.publish.export",
                      "woonzorg.publish.downloads", "woonzorg.publish.navigation", "woonzorg.publish.search",
                      "woonzorg.leerkring.workbook", "woonzorg.present.record", "openpyxl", "docx", "mistune",
                      *THEME_PACKAGES]  # a page's title, navigation and learning-circle sheets name the themes


def start_forkserver():
    """The context of the worker processes, with its forkserver running (or starting: it imports the
    heavy libraries once, about a second, and forks every worker from there)."""
    import multiprocessing
    from multiprocessing import forkserver

    prepare_children()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORKSERVER_PRELOAD)
    with ctrl_c_ignored_by_children():
        forkserver.ensure_running()
    return context


def start_forkserver_early(out, *, regios=None, themas=None, workers=None, dask=None, force: bool = False,
                           data=None) -> None:
    """Start the zygote and the pool's forkserver at once, when a build into ``out`` surely runs tasks.

    A build with ``force`` or into a folder without a manifest builds every task it plans. The zygote's
    imports (the kernels' libraries) and the forkserver's (nbconvert, papermill: a second or more each)
    then overlap this process's own imports, reading and checking the data, hashing the inputs and
    checking the parameters, instead of following them; neither runs anything of the project's until a
    task comes. Any other build starts them only when the plan has tasks to run (a rebuild with nothing
    to do needs none). The ``woonzorg build`` command calls this before it imports the libraries
    (this module imports none), :func:`woonzorg.publish.run.build` again (then a no-op).
    """
    from woonzorg import paths
    from woonzorg.publish import zygote

    out = paths.output_dir(out)
    if dask or out.parent == out or not (force or not (paths.records_dir(out) / paths.MANIFEST_NAME).exists()):
        return
    zygote.ensure_running(data)
    if (workers or os.cpu_count() or 1) < 2:
        return
    if regios and themas and len(regios) * len(themas) < 2:  # one task runs in this process
        return
    start_forkserver()
