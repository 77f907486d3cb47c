"""A pool worker's first warm kernel, forked from the worker instead of started as a new Python.

Every pool worker is forked from the forkserver, which imported the kernel's libraries first
(:mod:`woonzorg.publish.kernel_libraries`). Before the worker starts its kernel, and so before it has
an event loop, a zmq context or a thread of its own, it forks a *template*: a copy of itself that
waits on a pipe. jupyter_client then prepares the kernel as always (ports, key, connection file,
environment) and, instead of running ``python -m ipykernel_launcher``, hands that command to the
template, which becomes the kernel (:meth:`HouseKernelManager._async_launch_kernel
<woonzorg.publish.kernels.HouseKernelManager>`). A cold build of the 24 guides used about 2.5 s of
CPU less (two kernels that no longer import their libraries), see the README.

The template gives the kernel what a new process would have: the command's environment, working
directory and arguments, the ``sys.path`` that interpreter starts with (asked of it), standard
input from ``/dev/null``, default signal handlers, its own session (an interrupt goes to its
process group), matplotlib's backend as ipykernel sets it, and the interpreter as it was right after
the kernel's libraries (:func:`forget_the_worker`): the modules imported later dropped with what of
theirs the remaining modules hold, the warning filters, import hooks and loggers as they were then,
and to multiprocessing a main process of its own. The worker's file descriptors are closed. It dies with
its worker, as a started kernel does. ``tests/test_build_kernels.py`` compares it with a started
warm kernel. What still differs: scipy's optimiser and jinja2 are loaded at start rather than at
first use (with the warning filters scipy adds), ``sys._xoptions`` lacks ipykernel's
``frozen_modules=off`` (for its debugger), and Python's codec registry keeps the codecs the worker
looked up.

Only a pool worker forks, once, before its first kernel (:func:`processes.worker_started` allows
it): a replacement kernel, a Dask worker (threads), Windows and the fresh-kernel executor start a new
process. ``ps`` shows a forked kernel as ``wz-kernel``.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import signal
import subprocess
import sys
import time
import warnings

LAUNCHER = "ipykernel_launcher"
NAME = b"wz-kernel"  # the process name ps and top show (a forked kernel keeps its worker's command line)
_PR_SET_NAME = 15
_allowed = False  # set in a pool worker before its first task (processes.worker_started)


def allow_in_this_process() -> None:
    """This process may fork its first kernel: it is single-threaded now and has the kernel's libraries."""
    global _allowed
    libraries = sys.modules.get("woonzorg.publish.kernel_libraries")
    # imported in the forkserver (a main process), before the workers' libraries
    _allowed = libraries is not None and libraries.IN_A_MAIN_PROCESS and hasattr(os, "fork")


def launcher_arguments(cmd: list[str]) -> list[str] | None:
    """The arguments of ``ipykernel_launcher`` in a kernel command a template can run, else None.

    That is this interpreter with ``-m ipykernel_launcher``, after at most ``-X`` options: ipykernel's
    own kernel spec asks for ``-Xfrozen_modules=off`` (for its debugger's breakpoints in the standard
    library, which a build does not use); any other interpreter option needs a new process.
    """
    if not cmd or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
        return None
    rest = list(cmd[1:])
    while rest and rest[0].startswith("-X"):
        rest = rest[2:] if rest[0] == "-X" else rest[1:]
    if rest[:2] != ["-m", LAUNCHER]:
        return None
    return rest[2:]


class ForkedKernelProcess:
    """The forked kernel as jupyter_client's provisioner uses a ``subprocess.Popen``: poll, wait, signals."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def _reaped(self, flags: int) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # reaped elsewhere: gone
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def poll(self) -> int | None:
        return self._reaped(os.WNOHANG)

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class KernelTemplate:
    """A forked copy of this worker that waits for a kernel command (:meth:`launch`) to become that kernel."""

    def __init__(self, pid: int, pipe: int):
        self.pid, self._pipe = pid, pipe

    @classmethod
    def fork(cls) -> KernelTemplate | None:
        """Fork a template now, once per process and only where allowed; else None (start a new process)."""
        global _allowed
        if not _allowed:
            return None
        _allowed = False  # from here on this process has a zmq context and an event loop: never again
        read, write = os.pipe()
        with warnings.catch_warnings():  # Python ≥ 3.12 warns of the worker's watch thread, which waits in select
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the template
            try:
                os.close(write)
                _wait_and_become_kernel(read)
            except BaseException:  # the worker's kernel then does not start and is started anew: say why
                import traceback

                traceback.print_exc()
            finally:
                os._exit(1)
        os.close(read)
        return cls(pid, write)

    def launch(self, cmd: list[str], env: dict[str, str], cwd: str | None) -> ForkedKernelProcess:
        """Have the template become the kernel ``cmd`` would start; its process, for the provisioner."""
        payload = json.dumps({"cmd": cmd, "env": env, "cwd": cwd}).encode()
        try:
            with os.fdopen(self._pipe, "wb") as pipe:
                pipe.write(payload)
        except OSError:  # the template died: the kernel's start fails like a process that exits at once
            pass
        return ForkedKernelProcess(self.pid)

    def discard(self) -> None:
        """An unused template: closing its pipe ends it."""
        try:
            os.close(self._pipe)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def _wait_and_become_kernel(pipe: int) -> None:
    """In the template: leave the worker behind, wait for the command, run ipykernel as ``python -m`` would."""
    os.setsid()  # its own process group, as jupyter_client gives a started kernel (an interrupt goes to the group)
    from woonzorg.publish import processes

    processes.die_with_parent()
    _keep_only_fds(pipe)
    with os.fdopen(pipe, "rb") as source:
        payload = source.read()
    if not payload:  # discarded
        os._exit(0)
    launch = json.loads(payload)
    cmd, env, cwd = launch["cmd"], launch["env"], launch["cwd"]
    _set_name()
    os.environ.clear()
    os.environ.update(env)
    if cwd:
        os.chdir(cwd)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.path[:] = _startup_path(cmd[0], env, cwd)
    forget_the_worker()
    _backend_as_ipykernel_sets_it()
    # ipykernel read JPY_PARENT_PID when the forkserver imported it: given here, as the environment would
    sys.argv = [LAUNCHER, *launcher_arguments(cmd), f"--IPKernelApp.parent_handle={int(env.get('JPY_PARENT_PID') or 0)}"]
    import runpy

    runpy.run_module(LAUNCHER, run_name="__main__", alter_sys=True)
    os._exit(0)


def _keep_only_fds(pipe: int) -> None:
    """Close what the worker had open (its queues, the forkserver's pipes); keep stdio and the pipe."""
    limit = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536
    os.closerange(3, pipe)
    os.closerange(pipe + 1, limit)


def _set_name() -> None:
    try:
        ctypes.CDLL(None).prctl(_PR_SET_NAME, ctypes.c_char_p(NAME), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the name stays the worker's
        pass


def _startup_path(python: str, env: dict[str, str], cwd: str | None) -> list[str]:
    """The ``sys.path`` that interpreter starts with under this environment (asked of it: a few ms)."""
    found = subprocess.run([python, "-c", "import sys, json; print(json.dumps(sys.path))"], env=env, cwd=cwd,
                           capture_output=True, text=True, check=True)
    return json.loads(found.stdout)


def forget_the_worker() -> None:
    """Return to the state the forkserver had right after the kernel's libraries: drop the modules
    imported later (and what of theirs the modules that stay hold), the warning filters, import
    hooks and loggers those added, and the worker's place among the build's processes."""
    from woonzorg.publish import kernel_libraries as kept, upstream

    dropped = {n for n in sys.modules if n not in kept.LOADED and not n.startswith("__")}
    for name in dropped:
        del sys.modules[name]
    for name, (module, keys) in kept.NAMESPACES.items():
        # what the workers' code left in a module that stays: a dropped submodule as an attribute of its
        # package (else `from package import it` finds it), a class of a dropped module cached there
        # (concurrent.futures keeps ProcessPoolExecutor). Values rebound since (threading's main thread
        # after each fork) stay as they are.
        if sys.modules.get(name) is not module:
            continue
        namespace = vars(module)
        for key in [k for k in namespace if k not in keys and _from_one_of(namespace[k], dropped)]:
            del namespace[key]
    warnings.filters[:] = kept.WARNING_FILTERS
    upstream.forget_shown_warnings()  # the filters changed: what was shown once may be shown again
    sys.meta_path[:] = kept.META_PATH
    sys.path_hooks[:] = kept.PATH_HOOKS
    sys.path_importer_cache.clear()
    loggers = logging.Logger.manager.loggerDict
    for name in [n for n in loggers if n not in kept.LOGGERS]:
        del loggers[name]
    upstream.forget_multiprocessing_parent(kept.MAIN_PROCESS_TYPE)


def _from_one_of(value, modules: set[str]) -> bool:
    """Is ``value`` one of these modules, or a class or function defined in one?"""
    if isinstance(value, type(sys)):
        return value.__name__ in modules
    return (isinstance(value, type) or callable(value)) and getattr(value, "__module__", None) in modules


def _backend_as_ipykernel_sets_it() -> None:
    """matplotlib reads ``MPLBACKEND`` when imported; here it was imported before ipykernel sets it."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        matplotlib.rcParams["backend"] = os.environ["MPLBACKEND"]
