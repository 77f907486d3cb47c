"""How a task's notebook is executed: papermill's own engine, one new kernel per notebook, forked from the zygote.

papermill and nbclient start and stop the kernel of every notebook as they would for any kernel; the
build only says how it is launched, through jupyter_client's public seams:

- :class:`BuildKernelSpecManager` hands out the ``python3`` kernel spec with a ``kernel_provisioner``
  stanza naming :class:`ZygoteProvisioner` (registered under the ``jupyter_client.kernel_provisioners``
  entry point in ``pyproject.toml``) and the address of this process's zygote as its configuration;
- :class:`ZygoteProvisioner`, jupyter_client's local provisioner, asks the zygote
  (:mod:`woonzorg.publish.zygote`) to fork the kernel instead of starting a new Python, and starts one
  where it cannot (no zygote on this system, another interpreter or environment);
- :class:`BuildKernelClient` counts a kernel as ready when the idle status of its ``kernel_info`` request
  arrives (:func:`wait_until_ready`), without jupyter_client's wait for 0.2 s of silence on IOPub.

Every notebook so starts in a pristine kernel: nothing of another notebook, region or the build is in it
(``tests/test_build_kernels.py`` runs a notebook that changes the locale, logging, threads, rcParams,
options, seeds and a module of the package, then the next region's notebook in the same worker).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path
from queue import Empty

import nbformat
import papermill
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from jupyter_core.utils import ensure_async
from traitlets import Unicode, default

from woonzorg.publish import processes, upstream, zygote

KERNEL_NAME = "python3"
PROVISIONER = "woonzorg-zygote"  # the entry point's name (pyproject.toml)
CELL_TIMEOUT = 600  # seconds; a cell that hangs fails its task instead of blocking a worker forever
# a build's output is the build's own report: the kernel's notices ("running over TCP without
# encryption" is for interactive servers; ours listen on 127.0.0.1 only) are left out; and a build's
# kernel keeps no command history (IPython writes every cell to a SQLite file: about 3% of a notebook's time)
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"]


class ZygoteProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel forked by the zygote at ``address`` when it can."""

    address = Unicode("", config=True, help="the zygote's socket; empty: start every kernel as a new process")

    async def launch_kernel(self, cmd: list[str], **kwargs):
        env = {**(kwargs.get("env") or os.environ), "JPY_PARENT_PID": str(os.getpid())}  # as launch_kernel sets it
        if not env.get("SOURCE_DATE_EPOCH", "unset").strip():  # empty means unset (IPython's banner runs int(''))
            del env["SOURCE_DATE_EPOCH"]
        kwargs["env"] = env
        cwd = kwargs.get("cwd") or os.getcwd()  # a started kernel inherits this process's folder
        forked = zygote.request_kernel(self.address, list(cmd), env, cwd) if self.address else None
        if forked is None:
            if os.name == "posix":
                kwargs.setdefault("preexec_fn", processes.die_with_parent)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = forked
        self.pid = self.pgid = forked.pid  # a session of its own, as jupyter_client starts a kernel
        self.cwd = cwd
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        """Kill the kernel and wait until the zygote has reaped it (a few milliseconds): the kernel manager
        then finds it gone at once instead of polling for it every 0.1 s."""
        process = self.process
        await super().kill(restart=restart)
        if isinstance(process, zygote.ForkedKernel):
            try:
                await asyncio.get_running_loop().run_in_executor(None, process.wait, 5)
            except subprocess.TimeoutExpired:
                pass


class BuildKernelSpecManager(KernelSpecManager):
    """The installed kernel specs, with the build's provisioner and arguments on the one a build runs."""

    zygote_address = Unicode("")

    def get_kernel_spec(self, kernel_name: str):
        spec = super().get_kernel_spec(kernel_name)
        if kernel_name == KERNEL_NAME:
            spec.argv = [*spec.argv, *KERNEL_ARGUMENTS]
            # nothing imported from the notebook's folder (IPython puts '' on sys.path otherwise), as in the zygote
            spec.env = {**spec.env, "PYTHONSAFEPATH": "1"}
            spec.metadata = {**spec.metadata, "kernel_provisioner": {
                "provisioner_name": PROVISIONER, "config": {"address": self.zygote_address}}}
        return spec


class BuildKernelClient(AsyncKernelClient):
    """jupyter_client's asynchronous client, ready at the idle status of its ``kernel_info`` request."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        await wait_until_ready(self, 60 if timeout is None else timeout)


class BuildKernelManager(AsyncKernelManager):
    """The kernel manager papermill gets: the build's kernel spec, provisioner and client."""

    @default("client_factory")  # (client_class alone is not enough: AsyncKernelManager declares its factory anew)
    def _default_client_factory(self):
        return BuildKernelClient

    @default("kernel_spec_manager")
    def _default_kernel_spec_manager(self):
        return BuildKernelSpecManager(parent=self, zygote_address=zygote.address_for_this_process())


async def wait_until_ready(kc, timeout: float) -> None:
    """Wait until the kernel answers on its shell channel and its IOPub channel is connected.

    jupyter_client's ``wait_for_ready`` does the same, then waits until IOPub has been silent for
    0.2 s; every kernel start sat idle that long. Here the kernel is ready as soon as it has answered
    and IOPub shows it is connected: by its welcome message (JEP 65, ipykernel 7) or the idle status of
    the ``kernel_info`` request. A message sent after that reaches this client.
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
                    if msg["msg_type"] == "iopub_welcome" or (
                            msg["parent_header"].get("msg_id") in asked and msg["msg_type"] == "status"
                            and msg["content"].get("execution_state") == "idle"):
                        return
            except Empty:  # the status comes right after the answer: IOPub was not connected yet. Ask
                pass  # again (a status that was only late still counts in the next round: any request will do)
        if not await ensure_async(kc.is_alive()):
            raise RuntimeError("de kernel stopte voordat hij antwoordde")
        if time.monotonic() > deadline:
            raise RuntimeError(f"de kernel antwoordde niet binnen {timeout:.0f} s")


def execute(notebook: Path, parameters: dict) -> nbformat.NotebookNode:
    """Run ``notebook`` with ``parameters`` in a new kernel, working in the notebook's folder."""
    upstream.skip_discarded_notebook_write()  # papermill is given no output path: the worker writes the pages
    return papermill.execute_notebook(
        str(notebook), None, parameters=parameters, progress_bar=False, kernel_name=KERNEL_NAME,
        cwd=str(Path(notebook).resolve().parent), execution_timeout=CELL_TIMEOUT,
        kernel_manager_class=BuildKernelManager,
        # every output has arrived when the last cell is done; the kernel has nothing left to do for a build
        shutdown_kernel="immediate",
    )
