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
