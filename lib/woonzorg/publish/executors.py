"""Where tasks run, behind one small interface: the build's own process, a local process pool, or a Dask cluster.

Each executor takes the prepared task arguments and calls ``report`` with each :class:`TaskResult`
as soon as it is known. Every task runs its notebook in a kernel of its own, forked from a zygote
(:mod:`woonzorg.publish.zygote`): the build's own for this process and the pool, one per Dask worker.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from woonzorg.publish import processes, upstream, zygote
from woonzorg.publish.plan import PlanError
from woonzorg.publish.report import TaskResult, lost_result
from woonzorg.publish.worker import prepare_worker, run_task


Report = Callable[[TaskResult], None]


class Executor(Protocol):
    """Runs prepared tasks (the arguments of :func:`woonzorg.publish.worker.run_task`) and reports each result.

    ``warm_up()`` may get the workers and the zygote going while the build still checks its plan;
    ``close()`` stops what a warm-up started when ``run`` is never called (a plan error).
    """

    def warm_up(self) -> None: ...

    def run(self, todo: list[tuple], report: Report) -> None: ...

    def close(self) -> None: ...


class InProcess:
    """One task after another in this process: its zygote stays for the next build in the same process
    (tests, the benchmark) and stops at exit."""

    def warm_up(self) -> None:
        zygote.ensure_running()

    def run(self, todo: list[tuple], report: Report) -> None:
        for args in todo:
            report(run_task(*args))

    def close(self) -> None:
        pass


class ProcessPool:
    """A pool of ``workers`` processes forked from a forkserver; a worker that dies fails only its own task.

    When a worker process dies (SIGKILL, ``os._exit``, the OOM killer) the standard pool breaks and
    every task not yet reported fails with :class:`BrokenProcessPool`, without saying whose worker
    died. Those tasks then run again, each in a pool of its own (at most ``workers`` at a time): a
    task that breaks its own pool is the one that kills its worker and is reported as failed, the
    others complete.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None  # started by warm_up, used by run
        self._warming: threading.Thread | None = None

    def warm_up(self) -> None:
        """Start the zygote and fork the workers now (:func:`woonzorg.publish.worker.prepare_worker`), while
        the build checks the parameters and records the plan, instead of at the first tasks.

        Each worker gets one call: the pool forks a new worker for every call while the others are
        busy. The calls are made from a thread of their own: forking waits until the forkserver has
        done its imports, and the build goes on meanwhile.
        """
        if self._pool is not None or self._warming is not None:
            return

        def start() -> None:
            try:
                pool = self._new_pool(processes.start_forkserver())
            except Exception:  # noqa: BLE001 - no pool: run() starts one itself, and reports what fails there
                return
            try:
                for _ in range(self.workers):
                    pool.submit(prepare_worker)
            except BrokenProcessPool:  # a worker died at once: run() finds the pool broken and runs each task alone
                pass
            self._pool = pool

        self._warming = threading.Thread(target=start, name="woonzorg-warm-up", daemon=True)
        self._warming.start()

    def _take_pool(self) -> ProcessPoolExecutor | None:
        """The pool a warm-up started (once it has), or None; it is then no longer this executor's to close."""
        if self._warming is not None:
            self._warming.join()
            self._warming = None
        pool, self._pool = self._pool, None
        return pool

    def run(self, todo: list[tuple], report: Report) -> None:
        context = processes.start_forkserver()
        broken = self._run_shared(todo, self._take_pool() or self._new_pool(context), report)
        if broken:
            self._run_isolated(broken, context, report)

    def close(self) -> None:
        """Stop the workers (and kernels) that a warm-up started for a run that did not come."""
        pool = self._take_pool()
        if pool is not None:
            stop_pool(pool)

    def _new_pool(self, context, workers: int | None = None) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers or self.workers, mp_context=context,
                                   initializer=processes.worker_started,
                                   initargs=(os.getpid(), zygote.ensure_running()))

    def _run_shared(self, todo: list[tuple], pool: ProcessPoolExecutor, report: Report) -> list[tuple]:
        """Run ``todo`` in one shared pool; return the tasks lost when the pool broke (none if it did not)."""
        lost: list[tuple] = []
        interrupted = False
        try:
            futures = {}
            for i, args in enumerate(todo):
                try:
                    futures[pool.submit(run_task, *args)] = args
                except BrokenProcessPool:  # broke while submitting: the rest never started
                    lost += todo[i:]
                    break
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    lost.append(futures[future])
                    continue
                report(result)
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            stop_pool(pool, grace=0.0 if interrupted else 30.0)  # Ctrl-C: no task is waited for
        return lost

    def _run_isolated(self, todo: list[tuple], context, report: Report) -> None:
        """Run each task in a one-worker pool of its own, ``workers`` at a time; a broken pool fails its task."""
        waiting = list(todo)
        running: dict = {}  # future -> (pool, args)
        try:
            while waiting or running:
                while waiting and len(running) < self.workers:
                    args = waiting.pop(0)
                    pool = self._new_pool(context, workers=1)
                    try:
                        running[pool.submit(run_task, *args)] = (pool, args)
                    except BrokenProcessPool:
                        stop_pool(pool)
                        report(lost_result(args[0]))
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    pool, args = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        result = lost_result(args[0])
                    stop_pool(pool)
                    report(result)
        finally:
            for pool, _args in running.values():
                stop_pool(pool)


CONNECT_SECONDS = 10  # how long a build waits for the scheduler at --dask ADRES before it says so


class DaskCluster:
    """The same tasks on a Dask ``distributed`` cluster at ``address``; ``"local"`` starts a
    LocalCluster of ``workers`` processes on 127.0.0.1."""

    def __init__(self, address: str, workers: int):
        self.address = address
        self.workers = workers
    def warm_up(self) -> None:
        pass  # the cluster starts when the tasks are submitted: its workers' zygotes then too (see run)

    def close(self) -> None:
        pass

    def run(self, todo: list[tuple], report: Report) -> None:
        try:
            from distributed import Client, LocalCluster, as_completed as dask_completed
        except ImportError as exc:
            raise PlanError("voor --dask is het pakket dask[distributed] nodig: "
                            "pip install 'woonzorg[dask]'") from exc
        cluster = None
        if self.address == "local":
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            try:
                client = Client(self.address, timeout=CONNECT_SECONDS)
            except (OSError, ValueError) as exc:  # nobody listening, a timeout, an address that is none
                raise PlanError(f"de Dask-scheduler op '{self.address}' is niet bereikbaar ({exc}); draait hij, en "
                                "klopt het adres (bijvoorbeeld tcp://127.0.0.1:8786)? Er is niets gebouwd") from None
        try:
            # first on each worker: start its zygote (a Dask worker has threads: it forks no kernel itself), so
            # that a worker's first task is timed without the zygote's start (submitted first, so run first)
            warming = [client.submit(prepare_worker, workers=[address], pure=False, key=f"woonzorg-warm-up-{i}")
                       for i, address in enumerate(client.scheduler_info()["workers"])]
            futures = [client.submit(run_task, *args, pure=False, key=f"woonzorg-{args[0].key}-{i}")
                       for i, args in enumerate(todo)]
            for future in dask_completed(futures):
                report(future.result())
            client.gather(warming)
            client.run(zygote.stop)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def executor_for(workers: int, dask: str | None = None) -> Executor:
    """The executor a build asks for: Dask at an address, else a pool, else (one worker) this process."""
    if dask:
        return DaskCluster(dask, workers)
    return ProcessPool(workers) if workers > 1 else InProcess()


def stop_pool(pool: ProcessPoolExecutor, grace: float = 30.0) -> None:
    """Shut the pool down without waiting forever: a worker that does not exit in time is killed
    (the zygote kills the kernel it asked for when its connection closes)."""
    processes = upstream.pool_processes(pool)
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(timeout=max(0.1, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
