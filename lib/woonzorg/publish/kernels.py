"""How a task's notebook is executed: a fresh papermill kernel per notebook, or one warm kernel per worker.

A warm kernel imports the heavy libraries (pandas, matplotlib, the package's dependencies) once
and is reset between notebooks, which makes a build several times faster on a small machine.
The reset (see :mod:`woonzorg.publish._kernel_state`) empties the user namespace and the output
history, closes figures and widgets, restores matplotlib's rcParams, pandas' options, warning
filters, the environment, ``sys.path`` and the working directory, and unloads every module imported
from outside the Python installation since start-up. It also puts back what a notebook changed in
the modules that stay loaded: the attributes of every installed module (``builtins`` included) and
of the project's modules loaded at start-up, the classes that those modules and builtins, json,
decimal, numpy, pandas and matplotlib export, numpy's print options and ``seterr``, the decimal
context, the recursion limit, IPython's display formatters and event callbacks; ``random`` and
numpy's global generator are seeded anew, as in a fresh kernel. What cannot be restored fails the
reset, and the kernel is then replaced by a new one; so does a change to a file of the project's
package (an edit between two builds that share a kernel). So a notebook sees the same state as in
a fresh kernel; ``tests/test_build_kernels.py`` proves it: the same tasks give identical outputs
with both executors, and nothing of one region leaks into the next. Not covered: an installed
module first imported by a notebook (not in :data:`PRELOAD`) is remembered as that notebook left
it, and what a notebook changes inside a module-level container (a dict, a list) stays changed.
The project's caches hand out copies or read-only values (:func:`woonzorg.data.load_dataset`,
:func:`woonzorg.present.maps.load_boundaries`), so a notebook cannot change what the next one reads.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from multiprocessing import util as mp_util
from pathlib import Path
from queue import Empty

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, ensure_event_loop, run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

from woonzorg.publish import kernel_template, processes, upstream

KERNEL_NAME = "python3"
WARM_ENGINE = "woonzorg-warm"
RESET_TIMEOUT = 60  # seconds for the warm kernel's own start-up and reset code
CELL_TIMEOUT = 600  # seconds; a cell that hangs fails its task instead of blocking a worker forever
# Imported once per warm kernel; a notebook that imports them again finds them in sys.modules. The
# project's modules imported here (every theme, the learning circle, the widgets) stay loaded while
# their files are unchanged; one a notebook imports first is unloaded after that notebook. An installed
# library that a notebook imports first (scipy.optimize for the interval audit, jinja2) stays loaded:
# imported once per kernel either way, it is left out here, where it would only lengthen every start.
# A pool worker's first kernel is forked with all of these, and those two, loaded already
# (woonzorg.publish.kernel_libraries, woonzorg.publish.kernel_template).
PRELOAD = (
    "import numpy, pandas, matplotlib, matplotlib.pyplot, IPython.display\n"
    "try:\n    import ipywidgets\nexcept ImportError:\n    pass\n"
    "import woonzorg.data, woonzorg.present.charts, woonzorg.present.kenmerken, woonzorg.themes\n"
    "woonzorg.present.canvas.prepare()\n"
    "woonzorg.themes.data_parts()\n"
    "import woonzorg.leerkring, woonzorg.widgets\n"
)


class KernelResetError(RuntimeError):
    """The warm kernel could not be reset; the task fails rather than run in an unknown state."""


class HouseKernelManager(AsyncKernelManager):
    """A kernel that imports nothing from the folder it is started in and dies with the process that
    started it (Linux). Its log is kept to errors: a build's output is the build's own report (the
    kernel's "running over TCP without encryption" notice is for interactive servers; ours listen
    on 127.0.0.1 only)."""

    template: kernel_template.KernelTemplate | None = None  # becomes this kernel instead of a new process

    async def _async_start_kernel(self, **kw):
        processes.prepare_children()
        if os.name == "posix":
            kw.setdefault("preexec_fn", processes.die_with_parent)
        kw["extra_arguments"] = [*kw.get("extra_arguments", []), "--IPKernelApp.log_level=ERROR"]
        return await super()._async_start_kernel(**kw)

    start_kernel = _async_start_kernel  # as AsyncKernelManager: awaitable

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        """jupyter_client's documented place to launch a kernel differently: a template, where there is one."""
        template, self.template = self.template, None
        if template is None or kernel_template.launcher_arguments(kernel_cmd) is None:
            if template is not None:
                template.discard()
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        env = dict(kw.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launch_kernel sets it
        cwd = kw.get("cwd")
        upstream.adopt_kernel_process(self, template.launch(list(kernel_cmd), env, cwd), cwd)

    def discard_template(self) -> None:
        if self.template is not None:
            self.template.discard()
            self.template = None


class WarmKernel:
    """One running kernel with its client, reset to a clean state before each notebook."""

    def __init__(self, kernel_name: str = KERNEL_NAME):
        template = kernel_template.KernelTemplate.fork()  # before the manager makes a zmq context
        self.km = HouseKernelManager(kernel_name=kernel_name)
        self.km.template = template
        # history in memory, as nbclient does: no SQLite file shared (and locked) by parallel kernels
        run_sync(self.km.start_kernel)(extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self.kc = None
        try:
            self.connect()
            self._run(PRELOAD + "import woonzorg.publish._kernel_state as _wz_state\n_wz_state.snapshot()\n"
                      "del _wz_state\nget_ipython().run_line_magic('reset', '-f')")
        except BaseException:
            self.shutdown()  # no kernel left behind by a start that failed
            raise

    def connect(self) -> None:
        """A client for the running kernel, made in this thread's current event loop.

        A client's sockets belong to the loop they were made in; used from another loop they wait
        for ever. A Dask worker runs each task of its thread under a new event loop, so the kernel
        (with everything it has loaded) gets a new client there instead of being started again.
        """
        old, self.kc = self.kc, None
        if old is not None:
            try:
                old.stop_channels()
            except Exception:  # noqa: BLE001 - sockets of a loop that is gone: nothing to close cleanly
                pass
        self.loop = event_loop_context()  # the client's sockets belong to this loop
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(wait_until_ready)(self.kc, timeout=60)
        self.kc.allow_stdin = False

    def _run(self, code: str, timeout: float = RESET_TIMEOUT) -> None:
        async def execute():
            # execute_interactive's own timeout covers the wait for output only; an answer that never
            # comes (a kernel whose channels went astray) must not block the worker for ever
            return await asyncio.wait_for(self.kc.execute_interactive(
                code, store_history=False, timeout=timeout, output_hook=lambda msg: None), timeout + 5)

        try:
            reply = run_sync(execute)()
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise KernelResetError(f"de kernel antwoordde niet binnen {timeout:.0f} s") from exc
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise KernelResetError(f"{content.get('ename')}: {content.get('evalue')}")

    def reset(self, cwd: Path) -> None:
        """Bring the kernel back to the state right after start-up, working in ``cwd``."""
        self._run("import sys as _wz_sys\n"
                  f"_wz_sys.modules['woonzorg.publish._kernel_state'].reset({str(cwd)!r})")

    @property
    def alive(self) -> bool:
        return bool(run_sync(self.km.is_alive)())

    def shutdown(self) -> None:
        """Stop the kernel at once. A polite shutdown request can block for good in a worker that
        is exiting (its event loop and zmq context are being torn down), so the process is killed."""
        self.km.discard_template()
        try:
            if self.kc is not None:
                self.kc.stop_channels()
        except Exception:  # noqa: BLE001 - shutting down: nothing left to report to
            pass
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        try:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)
            self.km.cleanup_connection_file()
        except Exception:  # noqa: BLE001
            pass


async def wait_until_ready(kc, timeout: float) -> None:
    """Wait until the kernel answers on its shell channel and its IOPub channel is connected.

    jupyter_client's ``wait_for_ready`` does the same, then waits until IOPub has been silent for
    0.2 s; every kernel start sat idle that long (both workers' at once, at the start of a build).
    Here the kernel is ready as soon as the idle status of the ``kernel_info`` request arrives on
    IOPub: the kernel has answered, and a message sent after that reaches this client.
    """
    deadline = time.monotonic() + timeout
    asked: set[str] = set()  # a reply may come after the next request was sent: any of them will do
    while True:
        asked.add(kc.kernel_info())
        try:
            reply = await ensure_async(kc.shell_channel.get_msg(timeout=1))
        except Empty:
            reply = None
        if reply is not None and reply["parent_header"].get("msg_id") in asked:
            try:
                while True:  # the requests' messages on IOPub, up to an idle status
                    msg = await ensure_async(kc.iopub_channel.get_msg(timeout=0.05))
                    if (msg["parent_header"].get("msg_id") in asked and msg["msg_type"] == "status"
                            and msg["content"].get("execution_state") == "idle"):
                        return
            except Empty:  # the status comes right after the answer: IOPub was not connected yet. Ask
                pass  # again (a status that was only late still counts in the next round: any request will do)
        if not await ensure_async(kc.is_alive()):
            raise RuntimeError("de kernel stopte voordat hij antwoordde")
        if time.monotonic() > deadline:
            raise RuntimeError(f"de kernel antwoordde niet binnen {timeout:.0f} s")


# One warm kernel per thread of a worker process (a Dask worker may run several threads).
_KERNELS: dict[int, WarmKernel] = {}
_LOCK = threading.Lock()


def event_loop_context() -> tuple:
    """Which event loop ``jupyter_core``'s ``run_sync`` uses in this thread now: its task-runner thread
    while a loop runs here (e.g. inside Playwright's sync API), else this thread's own loop. A kernel
    client's sockets belong to the loop they were made in; used from another loop they wait for ever."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return ("thread", id(ensure_event_loop()))
    return ("runner", threading.current_thread().name)


def warm_kernel() -> WarmKernel:
    ident = threading.get_ident()
    kernel = _KERNELS.get(ident)
    if kernel is not None and kernel.loop != event_loop_context():  # a client made under another event loop
        try:
            kernel.connect()
        except Exception:  # noqa: BLE001 - the kernel no longer answers: start a new one
            with _LOCK:
                _KERNELS.pop(ident, None)
            kernel.shutdown()
            kernel = None
    if kernel is not None and not kernel.alive:  # a notebook may have killed its kernel
        kernel.shutdown()
        kernel = None
    if kernel is None:
        kernel = WarmKernel()
        with _LOCK:
            if not _KERNELS:
                # multiprocessing workers leave through os._exit, which skips atexit: a Finalize
                # with an exit priority still runs there, so no kernel outlives its worker
                mp_util.Finalize(None, shutdown_warm_kernels, exitpriority=10)
                import atexit

                atexit.register(shutdown_warm_kernels)
            _KERNELS[ident] = kernel
    return kernel


def shutdown_warm_kernels() -> int:
    """Stop every warm kernel of this process; returns how many were running."""
    with _LOCK:
        kernels = list(_KERNELS.values())
        _KERNELS.clear()
    for kernel in kernels:
        kernel.shutdown()
    return len(kernels)


class WarmKernelEngine(NBClientEngine):
    """papermill engine that runs the notebook in this thread's warm kernel instead of a new one."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
        kernel = warm_kernel()
        client = PapermillNotebookClient(
            nb_man, km=kernel.km, kernel_name=kernel_name, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file, startup_timeout=start_timeout,
            timeout=execution_timeout,
        )
        upstream.reuse_kernel_client(client, kernel.kc)  # nbclient then neither starts nor stops one
        return client.execute()


papermill_engines.register(WARM_ENGINE, WarmKernelEngine)
upstream.skip_discarded_notebook_write()  # both executors pass papermill no output path


def execute_fresh(notebook: Path, parameters: dict) -> nbformat.NotebookNode:
    """A new kernel for this notebook (papermill's default), started in the notebook's folder."""
    return papermill.execute_notebook(
        str(notebook), None, parameters=parameters, progress_bar=False,
        kernel_name=KERNEL_NAME, cwd=str(notebook.parent), execution_timeout=CELL_TIMEOUT,
        kernel_manager_class=HouseKernelManager,
    )


def execute_warm(notebook: Path, parameters: dict) -> nbformat.NotebookNode:
    """This worker's warm kernel, reset first (a kernel that cannot be reset is replaced by a new one)."""
    notebook = notebook.resolve()  # the kernel's working directory is not this process's
    try:
        warm_kernel().reset(notebook.parent)
    except Exception:  # noqa: BLE001 - e.g. the previous notebook left the kernel unusable
        with _LOCK:
            broken = _KERNELS.pop(threading.get_ident(), None)
        if broken is not None:
            broken.shutdown()
        warm_kernel().reset(notebook.parent)
    return papermill.execute_notebook(
        str(notebook), None, parameters=parameters, progress_bar=False,
        kernel_name=KERNEL_NAME, engine_name=WARM_ENGINE, execution_timeout=CELL_TIMEOUT,
    )


EXECUTORS = {"vers": execute_fresh, "warm": execute_warm}
