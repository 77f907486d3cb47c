"""A warm kernel is used only under the event loop its client was made in (else it would wait for ever)."""

from __future__ import annotations

import asyncio

from woonzorg.publish import kernels


def test_the_loop_context_tells_a_running_loop_from_the_thread_loop():
    outside = kernels.event_loop_context()
    assert outside[0] == "thread"
    assert kernels.event_loop_context() == outside  # stable while nothing changes

    async def inside():
        return kernels.event_loop_context()

    assert asyncio.run(inside())[0] == "runner"  # jupyter_core's run_sync then uses its task-runner thread


def test_a_kernel_made_under_another_loop_is_replaced(monkeypatch):
    """warm_kernel() shuts down and replaces a kernel whose loop context is not the current one."""
    stopped = []

    class Fake:
        loop = ("runner", "MainThread")  # made while Playwright's loop ran, say
        alive = True

        def shutdown(self):
            stopped.append(self)

    made = []

    class New(Fake):
        def __init__(self):
            self.loop = kernels.event_loop_context()
            made.append(self)

    ident = kernels.threading.get_ident()
    monkeypatch.setitem(kernels._KERNELS, ident, Fake())
    monkeypatch.setattr(kernels, "WarmKernel", New)
    kernel = kernels.warm_kernel()
    assert stopped and made == [kernel] and kernels._KERNELS[ident] is kernel


class _Channel:
    """A kernel client's channel that hands out queued messages, or raises Empty when none is queued."""

    def __init__(self):
        self.queue: list[dict] = []

    async def get_msg(self, timeout=None):
        from queue import Empty

        if not self.queue:
            raise Empty
        return self.queue.pop(0)


class _LateKernel:
    """A kernel client whose kernel answers each ``kernel_info`` one round late, and whose IOPub joins
    only from the second answer on (the zmq slow joiner): what a loaded machine does at start-up."""

    def __init__(self):
        self.shell, self.iopub, self.asked = _Channel(), _Channel(), []
        self.shell_channel, self.iopub_channel = self.shell, self.iopub

    def kernel_info(self):
        msg_id = f"info-{len(self.asked)}"
        self.asked.append(msg_id)
        if len(self.asked) >= 2:  # the previous request is answered now
            answered = self.asked[-2]
            self.shell.queue.append({"msg_type": "kernel_info_reply", "parent_header": {"msg_id": answered}})
            if len(self.asked) >= 3:
                self.iopub.queue += [{"msg_type": "status", "parent_header": {"msg_id": answered},
                                      "content": {"execution_state": state}} for state in ("busy", "idle")]
        return msg_id

    async def is_alive(self):
        return True


def test_a_kernel_that_answers_late_and_joins_iopub_late_is_still_found_ready():
    """wait_until_ready takes an answer to any of its requests (one that comes a round late is not
    missed for ever) and returns at the first idle status on IOPub, not after a wait for silence."""
    kc = _LateKernel()
    asyncio.run(kernels.wait_until_ready(kc, timeout=30))
    assert len(kc.asked) == 3  # the first answer came with IOPub not yet joined, the second with it


def test_a_kernel_that_never_answers_is_reported():
    class Silent(_LateKernel):
        def kernel_info(self):
            self.asked.append("x")
            return "x"

    import pytest

    with pytest.raises(RuntimeError, match="antwoordde niet"):
        asyncio.run(kernels.wait_until_ready(Silent(), timeout=0))


def test_a_template_runs_only_this_interpreter_with_ipykernel_launcher():
    import sys

    from woonzorg.publish.kernel_template import launcher_arguments

    python = sys.executable
    assert launcher_arguments([python, "-m", "ipykernel_launcher", "-f", "k.json"]) == ["-f", "k.json"]
    # ipykernel's own kernel spec: the debugger's flag, which a build does not need
    assert launcher_arguments([python, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"]) == ["-f", "k.json"]
    assert launcher_arguments([python, "-X", "frozen_modules=off", "-m", "ipykernel_launcher"]) == []
    assert launcher_arguments(["/usr/bin/python2", "-m", "ipykernel_launcher"]) is None  # another interpreter
    assert launcher_arguments([python, "-I", "-m", "ipykernel_launcher"]) is None  # an option a fork cannot give
    assert launcher_arguments([python, "-m", "other_launcher"]) is None
    assert launcher_arguments([]) is None


def test_the_kernel_preload_imports_what_the_forkserver_loads_for_kernels():
    """kernels.PRELOAD names the libraries a kernel starts with; the forkserver must load the same first."""
    import re

    from woonzorg.publish import kernel_libraries

    named = set(re.findall(r"import ([\w., ]+)", kernels.PRELOAD))
    modules = {m.strip() for group in named for m in group.split(",")} - {"woonzorg.publish._kernel_state as _wz_state"}
    assert modules <= {*kernel_libraries.LIBRARIES, *kernel_libraries.OWN}
    assert set(kernel_libraries.LIBRARIES) | set(kernel_libraries.OWN) <= modules
