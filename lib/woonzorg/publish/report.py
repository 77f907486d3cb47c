"""What a build reports: one result per task, the summary table, and the progress shown while it runs."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from woonzorg.publish.plan import Task

BUILT, SKIPPED, FAILED = "gebouwd", "overgeslagen", "mislukt"
WORKER_LOST = ("het werkproces stopte onverwacht (gedood door een signaal, os._exit in de notebook of te weinig "
               "geheugen); deze handreiking is niet gepubliceerd en de vorige blijft staan")


@dataclass
class TaskResult:
    task: Task
    status: str  # BUILT, SKIPPED or FAILED
    seconds: float
    error: str = ""
    kerncijfers: dict = field(default_factory=dict)
    bronnen: list = field(default_factory=list)
    reason: str = ""  # why the task was (re)built, or why it was skipped
    bijlagenpagina: bool = False  # the guide has an appendix page (cells tagged bijlage)
    search_entries: dict = field(default_factory=dict)  # per public page written (its site URL), its search entries
    kernel_seconds: float = 0.0  # of which the notebook ran in its kernel (papermill's duration)


@dataclass
class BuildReport:
    results: list[TaskResult]
    seconds: float = 0.0
    out: Path | None = None

    def _with(self, status: str) -> list[TaskResult]:
        return [r for r in self.results if r.status == status]

    @property
    def failed(self) -> list[TaskResult]:
        return self._with(FAILED)

    @property
    def built(self) -> list[TaskResult]:
        return self._with(BUILT)

    @property
    def skipped(self) -> list[TaskResult]:
        return self._with(SKIPPED)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """The table printed at the end: per task its status and seconds, then the totals."""
        lines = [f"{'regio':<18} {'thema':<20} {'status':<12} {'sec':>6}  reden"]
        for r in self.results:
            lines.append(f"{r.task.regio:<18} {r.task.thema:<20} {r.status:<12} {r.seconds:6.1f}  {r.reason}")
        lines.append(f"{len(self.built)} gebouwd, {len(self.skipped)} overgeslagen, {len(self.failed)} mislukt "
                     f"in {self.seconds:.1f} s")
        for r in self.failed:
            lines.append(f"FOUT {r.error}")
        return "\n".join(lines)


class Progress:
    """Reports each finished task: a tqdm bar when stderr is a terminal, else one line per task."""

    def __init__(self, stream=None, bar: bool | None = None):
        self.stream = stream or sys.stderr
        self.bar_enabled = self.stream.isatty() if bar is None else bar
        self._bar = None

    def start(self, total: int) -> None:
        if self.bar_enabled and total:
            from tqdm import tqdm

            self._bar = tqdm(total=total, file=self.stream, unit="taak", desc="bouwen", leave=False)

    def __call__(self, result: TaskResult) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(f"{result.task.regio}/{result.task.thema} {result.status}", refresh=False)
            self._bar.update(1)
        else:
            print(f"  {result.status:<12} {result.task.regio}/{result.task.thema} ({result.seconds:.1f} s)",
                  file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None




def lost_result(task: Task) -> TaskResult:
    """The result of a task whose worker process died."""
    return TaskResult(task, FAILED, 0.0, error=f"{task.label}: {WORKER_LOST}")
