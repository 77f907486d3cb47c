"""The zygote: one process that imports a kernel's libraries once and forks a pristine kernel for every notebook.

A new Python kernel spends about a second of CPU importing ipykernel, numpy, pandas, matplotlib and
the project's themes before a notebook's first cell. The zygote is a plain ``python -m
woonzorg.publish.zygote`` started by the process that builds (:func:`ensure_running`): it imports
those libraries, reads the build's data folder (``load_dataset`` keeps it, and gives a kernel that asks
for the same unchanged files a copy), holds no thread, freezes its heap (``gc.freeze``: a child then copies no page to
collect garbage) and waits on a Unix socket. For every notebook the kernel provisioner
(:class:`woonzorg.publish.kernels.ZygoteProvisioner`) sends it the command jupyter_client would run;
the zygote forks a child that becomes that kernel, as ``python -m ipykernel_launcher`` would: the
command's environment, folder and arguments, the ``sys.path`` that interpreter starts with, a session
of its own, standard input from ``/dev/null``, default signal handlers, freshly seeded random generators
and matplotlib's inline backend. Nothing of another notebook is in it: each child is forked from the
same untouched zygote and ends with its notebook.

The zygote forks only what it can start exactly: this interpreter with ``-m ipykernel_launcher``, and
an environment whose ``PYTHON*``, ``MPL*`` and thread-count variables are those the zygote started
with (they shape the interpreter and what the libraries read at import). Anything else is refused,
and the provisioner starts a new process instead; so it does where there is no zygote (Windows, macOS,
whose libraries are not fork-safe): the pages are the same byte for byte.

Lifetimes: the zygote exits when the process that started it is gone (it watches a pidfd, no thread);
a kernel is killed when the connection of the worker that asked for it closes, and dies with the zygote
(``PR_SET_PDEATHSIG``). ``ps`` shows a forked kernel as ``wz-kernel``.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import hashlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

LAUNCHER = "ipykernel_launcher"
NAME = b"wz-kernel"  # the process name ps and top show (a forked kernel keeps the zygote's command line)
# what a kernel imports to start, then the libraries every notebook uses, then the project's own modules
LIBRARIES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "psutil", "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "IPython.display",
             "ipywidgets", "scipy.optimize", "jinja2",
             "woonzorg.data", "woonzorg.present.charts", "woonzorg.present.kenmerken", "woonzorg.themes",
             "woonzorg.leerkring", "woonzorg.widgets")
# environment variables read when the interpreter starts or the libraries above are imported: a kernel
# forked from the zygote has them as the zygote had them, so a request with other values is refused
SHAPING = ("PYTHON", "MPL", "OMP_", "OPENBLAS_", "MKL_", "NUMEXPR_")
NOT_SHAPING = {"MPLBACKEND"}  # ipykernel sets it; handled in the child (_backend_as_ipykernel_sets_it)
_PR_SET_PDEATHSIG, _PR_SET_NAME = 1, 15


def available() -> bool:
    """Can this system run a zygote? Linux only: fork after importing numpy and matplotlib is safe
    there; macOS's system libraries are not fork-safe, Windows has no fork."""
    return sys.platform.startswith("linux") and hasattr(socket, "AF_UNIX")


def shaping_environment(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(SHAPING) and k not in NOT_SHAPING}


# --------------------------------------------------------------------------------------------
# In the process that builds: start a zygote, ask it for kernels


class Zygote:
    """A running zygote: its process, socket address and the stamp of the project's files it imported."""

    def __init__(self, process: subprocess.Popen, folder: str, stamp: str):
        self.process, self.folder, self.stamp = process, folder, stamp
        self.address = os.path.join(folder, "zygote")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        try:
            os.unlink(self.address)
            os.rmdir(self.folder)
        except OSError:
            pass


_OWN: Zygote | None = None  # the zygote this process started
_ASSIGNED: str | None = None  # a pool worker's: the build's zygote, "" for none (processes.worker_started)
_STARTING = threading.Lock()


def package_stamp() -> str:
    """The project's Python files by name, size and time: a zygote that imported others is out of date."""
    from woonzorg import paths

    digest = hashlib.sha256()
    for path in sorted(paths.PACKAGE_DIR.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def ensure_running(data: str | os.PathLike | None = None) -> str:
    """This process's zygote (started now if it has none or the project's files changed since); its
    address, or "" where none can run. A zygote started now reads the data folder ``data`` (default: the
    project's) before it forks: a kernel that reads the same, unchanged files gets them from memory. Returns at once: the zygote imports while the build plans, and a
    request waits in the socket's queue until it is ready."""
    global _OWN
    if not available():
        return ""
    with _STARTING:  # the build's warm-up thread and its main thread may both ask
        return _ensure_running(data)


def _ensure_running(data) -> str:
    global _OWN
    from woonzorg import paths

    stamp = package_stamp()
    if _OWN is not None and (_OWN.process.poll() is not None or _OWN.stamp != stamp):
        _OWN.stop()
        _OWN = None
    if _OWN is None:
        folder = tempfile.mkdtemp(prefix="woonzorg-zygote-")  # 0700: only this user connects
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(os.path.join(folder, "zygote"))
        listener.listen(64)
        env = {**os.environ, "PYTHONSAFEPATH": "1"}  # nothing imported from the folder it starts in
        try:
            # -Xfrozen_modules=off: the interpreter ipykernel's kernel spec starts (for its debugger)
            process = subprocess.Popen([sys.executable, "-Xfrozen_modules=off", "-m", __name__, str(listener.fileno()),
                                        str(os.getpid()), str(paths.data_dir(data))],
                                       pass_fds=[listener.fileno()], env=env, cwd=folder, stdin=subprocess.DEVNULL,
                                       start_new_session=True)  # Ctrl-C is for the build, which stops it
        finally:
            listener.close()
        _OWN = Zygote(process, folder, stamp)
    return _OWN.address


def stop() -> None:
    """Stop this process's zygote (its kernels die with it); also at exit."""
    global _OWN
    if _OWN is not None:
        _OWN.stop()
        _OWN = None


atexit.register(stop)


def assign(address: str) -> None:
    """Use the zygote at ``address`` (a pool worker uses its build's) instead of starting one."""
    global _ASSIGNED
    _ASSIGNED = address


def address_for_this_process() -> str:
    """The zygote this process's kernels are forked from ("" for none: they start as new processes)."""
    return _ASSIGNED if _ASSIGNED is not None else ensure_running()


class ForkedKernel:
    """A kernel forked by the zygote, as jupyter_client's local provisioner uses a ``subprocess.Popen``.

    The zygote is its parent; this process learns its exit status over the connection it asked on,
    and closing that connection kills it."""

    stdin = stdout = stderr = None

    def __init__(self, connection: socket.socket, pid: int):
        self.connection, self.pid = connection, pid
        self.returncode: int | None = None
        self._buffer = b""

    def _read(self, timeout: float) -> None:
        if self.returncode is not None:
            return
        if not select.select([self.connection], [], [], timeout)[0]:
            return
        data = self.connection.recv(4096)
        if not data:  # the zygote is gone, and with it the kernel (PR_SET_PDEATHSIG)
            self.returncode = -signal.SIGKILL
        self._buffer += data
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            self.returncode = json.loads(line)["exit"]
        if self.returncode is not None:
            self.connection.close()

    def poll(self) -> int | None:
        self._read(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            self._read(0.1 if left is None else min(0.1, left))
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def request_kernel(address: str, cmd: list[str], env: dict[str, str], cwd: str | None) -> ForkedKernel | None:
    """Ask the zygote at ``address`` to fork the kernel ``cmd`` would start; None when it cannot (then start
    one as a new process)."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(address)
        connection.sendall(json.dumps({"cmd": cmd, "env": env, "cwd": cwd}).encode() + b"\n")
        answer = b""
        while not answer.endswith(b"\n"):
            data = connection.recv(4096)
            if not data:
                raise OSError("the zygote closed the connection")
            answer += data
        pid = json.loads(answer).get("pid")
    except (OSError, ValueError):
        connection.close()
        return None
    if not pid:
        connection.close()
        return None
    return ForkedKernel(connection, pid)


# --------------------------------------------------------------------------------------------
# In the zygote


def launcher_arguments(cmd: list[str]) -> list[str] | None:
    """The arguments of ``ipykernel_launcher`` in a command the zygote can run, else None.

    That is this interpreter with ``-m ipykernel_launcher``, after at most ``-X`` options: ipykernel's own
    kernel spec asks for ``-Xfrozen_modules=off`` (for its debugger's breakpoints in the standard library,
    which a build does not use); any other interpreter option needs a new process.
    """
    if not cmd or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
        return None
    rest = list(cmd[1:])
    while rest and rest[0].startswith("-X"):
        rest = rest[2:] if rest[0] == "-X" else rest[1:]
    if rest[:2] != ["-m", LAUNCHER]:
        return None
    return rest[2:]


def refusal(request: dict, start_env: dict[str, str]) -> str:
    """Why the zygote cannot start this kernel exactly ("" when it can)."""
    if launcher_arguments(request.get("cmd") or []) is None:
        return "another interpreter or interpreter options"
    if shaping_environment(request.get("env") or {}) != shaping_environment(start_env):
        return "another interpreter environment"
    return ""


def _become_kernel(request: dict, base_path: list[str]) -> None:
    """In a child of the zygote: become the kernel ``python -m ipykernel_launcher`` would be."""
    os.setsid()  # its own process group, as jupyter_client gives a started kernel (an interrupt goes to the group)
    libc = ctypes.CDLL(None)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # dies with the zygote
    libc.prctl(_PR_SET_NAME, ctypes.c_char_p(NAME), 0, 0, 0)
    signal.set_wakeup_fd(-1)
    for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # the zygote's socket, connections and signal pipe
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    cmd, env, cwd = request["cmd"], request["env"], request.get("cwd")
    os.environ.clear()
    os.environ.update(env)
    if cwd:
        os.chdir(cwd)
    sys.path[:] = base_path  # as -m gives it with PYTHONSAFEPATH, which refusal() made sure of
    _seed_random_generators()
    _backend_as_ipykernel_sets_it()
    # ipykernel reads JPY_PARENT_PID when imported (the zygote imported it): given here, as the environment would
    sys.argv = [LAUNCHER, *launcher_arguments(cmd), f"--IPKernelApp.parent_handle={int(env.get('JPY_PARENT_PID') or 0)}"]
    import runpy

    runpy.run_module(LAUNCHER, run_name="__main__", alter_sys=True)


def _seed_random_generators() -> None:
    """``random`` reseeds itself in a forked child; numpy's global generator, seeded when numpy was
    imported, would otherwise be the same in every kernel."""
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        numpy_random.seed()


def _backend_as_ipykernel_sets_it() -> None:
    """matplotlib reads ``MPLBACKEND`` when imported; in the zygote it was imported before ipykernel sets it."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        matplotlib.rcParams["backend"] = os.environ["MPLBACKEND"]


def _fork_kernel(request: dict, base_path: list[str]) -> int:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _become_kernel(request, base_path)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # the kernel's start fails like a process that exits at once: say why
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def serve(listener: socket.socket, parent: int) -> None:
    """Fork a kernel for each request until the process that started the zygote is gone."""

    start_env = dict(os.environ)
    base_path = list(sys.path)  # PYTHONSAFEPATH: without the folder it started in
    threads = threading.active_count()
    gc.freeze()  # the imports live as long as the zygote: no child copies their pages to collect them
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes select through the pipe
    signal.set_wakeup_fd(wake_write)
    try:
        watch = os.pidfd_open(parent)  # readable when the parent exits (Linux >= 5.3)
    except (AttributeError, OSError):
        watch = None
    waiting: dict[socket.socket, bytes] = {}  # connections whose request is not complete yet
    kernels: dict[int, socket.socket] = {}  # pid -> the connection that asked for it
    while True:
        running = dict(kernels)  # connections answered in this round are not read in it
        readable, _, _ = select.select([listener, wake_read, *waiting, *running.values(),
                                        *([watch] if watch is not None else [])], [], [], 1.0)
        if (watch is not None and watch in readable) or os.getppid() != parent:
            for pid in kernels:
                _kill_group(pid)
            return
        if wake_read in readable:
            os.read(wake_read, 512)
        _reap(kernels)
        if listener in readable:
            connection, _ = listener.accept()
            waiting[connection] = b""
        for connection in [c for c in waiting if c in readable]:
            data = connection.recv(1 << 20)
            waiting[connection] += data
            if not data or waiting[connection].endswith(b"\n"):
                _answer(connection, waiting.pop(connection), kernels, start_env, base_path, threads)
        for pid, connection in running.items():
            if pid in kernels and connection in readable and not connection.recv(4096):  # the worker let go of it
                _kill_group(pid)


def _answer(connection, raw: bytes, kernels: dict, start_env: dict, base_path: list, threads: int) -> None:
    try:
        request = json.loads(raw)
        reason = "the zygote has threads" if threads != 1 else refusal(request, start_env)
    except ValueError:
        reason, request = "no request", {}
    try:
        if reason:
            connection.sendall(json.dumps({"refused": reason}).encode() + b"\n")
            connection.close()
            return
        pid = _fork_kernel(request, base_path)
        kernels[pid] = connection
        connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    except OSError:
        connection.close()


def _reap(kernels: dict) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return
        connection = kernels.pop(pid, None)
        if connection is not None:
            try:
                connection.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
            except OSError:
                pass
            connection.close()


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def main(argv: list[str]) -> None:
    import importlib

    listener = socket.socket(fileno=int(argv[0]))
    parent = int(argv[1])
    for name in LIBRARIES:
        try:
            importlib.import_module(name)
        except ImportError:  # ipywidgets is optional; a notebook that needs what is missing says so
            pass
    sys.modules["woonzorg.present.canvas"].prepare()
    sys.modules["woonzorg.themes"].data_parts()
    try:  # load_dataset keeps what it read, checked against the files' bytes on every later call
        sys.modules["woonzorg.data"].load_dataset(argv[2])
    except Exception:  # noqa: BLE001 - a notebook that reads this folder reports what is wrong with it
        pass
    serve(listener, parent)


if __name__ == "__main__":
    main(sys.argv[1:])
