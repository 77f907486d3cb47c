"""Execute the plan: run each task's notebook with papermill, export HTML, publish both atomically."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

import woonzorg
from woonzorg import paths
from woonzorg.build import export
from woonzorg.build.plan import PlanError, Task, build_plan
from woonzorg.data import load_dataset
from woonzorg.record import read_kerncijfers
from woonzorg.storage import write_atomically

PYTHON_TYPES = {"str": str, "int": int, "float": (int, float), "bool": bool}


@dataclass
class TaskResult:
    task: Task
    status: str  # "gebouwd" or "mislukt"
    seconds: float
    error: str = ""
    kerncijfers: dict = field(default_factory=dict)


@dataclass
class BuildReport:
    results: list[TaskResult]

    @property
    def failed(self) -> list[TaskResult]:
        return [r for r in self.results if r.status == "mislukt"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        lines = [f"{'regio':<18} {'thema':<20} {'status':<9} {'sec':>6}"]
        for r in self.results:
            lines.append(f"{r.task.regio:<18} {r.task.thema:<20} {r.status:<9} {r.seconds:6.1f}")
        built = sum(r.status == "gebouwd" for r in self.results)
        lines.append(f"{built} gebouwd, {len(self.failed)} mislukt")
        for r in self.failed:
            lines.append(f"FOUT {r.error}")
        return "\n".join(lines)


def code_version() -> str:
    """The package version plus the git commit when the project is a checkout."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(paths.PROJECT_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{woonzorg.__version__}{' (' + commit + ')' if commit else ''}"


def check_parameters(task: Task) -> None:
    """Refuse parameters that the notebook's ``parameters`` cell does not declare, or of the wrong type."""
    declared = papermill.inspect_notebook(str(task.notebook))
    if not declared:
        raise PlanError(f"{task.notebook.name} heeft geen cel met de tag 'parameters'")
    for name, value in task.parameters.items():
        if name not in declared:
            raise PlanError(f"{task.notebook.name} kent de parameter '{name}' niet; "
                            f"wel: {', '.join(declared)}")
        expected = PYTHON_TYPES.get(str(declared[name].get("inferred_type_name", "")).split("[")[0])
        if expected and not isinstance(value, expected):
            raise PlanError(f"parameter '{name}' van {task.notebook.name} moet van type "
                            f"{declared[name]['inferred_type_name']} zijn, niet {type(value).__name__}")


def describe_failure(task: Task, exc: BaseException) -> str:
    """One line for a failed task: region, notebook, cell and the error's last line."""
    if isinstance(exc, PapermillExecutionError):
        # papermill inserts its injected-parameters cell right after the parameters cell; report
        # the 1-based position in the source notebook, as JupyterLab shows it
        source_nb = nbformat.read(task.notebook, as_version=4)
        tagged = [i for i, c in enumerate(source_nb.cells) if "parameters" in c.metadata.get("tags", [])]
        injected_at = tagged[0] + 1 if tagged else 0
        position = exc.cell_index + (1 if exc.cell_index < injected_at else 0)
        first_line = (exc.source or "").strip().splitlines()[:1]
        cell = f"cel {position}" + (f" ({first_line[0][:60]!r})" if first_line else "")
        return f"{task.label}, {cell}: {exc.ename}: {exc.evalue}"
    last = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
    return f"{task.label}: {type(exc).__name__}: {last[0]}"


def run_task(task: Task, meta: dict) -> TaskResult:
    """Execute, export and publish one task. The previous guide stays until both new files exist."""
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="woonzorg-") as tmp:
            executed = Path(tmp) / task.notebook.name
            papermill.execute_notebook(
                str(task.notebook), str(executed), parameters=task.parameters,
                progress_bar=False, kernel_name="python3", cwd=str(task.notebook.parent),
            )
            nb = nbformat.read(executed, as_version=4)
        nb.metadata["woonzorg"] = {
            **meta,
            "regio": task.regio,
            "regio_naam": task.regio_naam,
            "thema": task.thema,
            "titel": f"{task.thema.capitalize()} — {task.regio_naam}",
            "parameters": {k: v for k, v in task.parameters.items() if k != "data_dir"},
        }
        html = export.to_html(nb)
        task.html_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(task.ipynb_path, nbformat.writes(nb))
        write_atomically(task.html_path, html)
        return TaskResult(task, "gebouwd", time.perf_counter() - start, kerncijfers=read_kerncijfers(nb))
    except Exception as exc:  # one failed task must not stop the others
        return TaskResult(task, "mislukt", time.perf_counter() - start, error=describe_failure(task, exc))


def build(
    *,
    regios: list[str] | None = None,
    themas: list[str] | None = None,
    data_dir: str | os.PathLike | None = None,
    out_dir: str | os.PathLike | None = None,
    notebooks: str | os.PathLike | None = None,
    workers: int | None = None,
    progress=None,
) -> BuildReport:
    """Build the guides; the same function serves the CLI, the Makefile and the tests.

    Data are validated and parameters checked before any kernel starts. Tasks run in a pool of
    ``workers`` processes (default: the machine's cores); each finished task is published at once.
    """
    dataset = load_dataset(data_dir)
    tasks = build_plan(
        dataset, regios=regios, themas=themas,
        out_dir=Path(out_dir) if out_dir else None,
        notebooks=Path(notebooks) if notebooks else None,
        data_dir=Path(data_dir) if data_dir else None,
    )
    for task in tasks:
        check_parameters(task)
    out = paths.output_dir(out_dir)
    export.publish_assets(out)
    meta = {"gebouwd": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "versie": code_version()}
    workers = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    results: list[TaskResult] = []
    if workers == 1:
        for task in tasks:
            results.append(run_task(task, meta))
            if progress:
                progress(results[-1])
    else:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(run_task, task, meta) for task in tasks]
            for future in futures:
                results.append(future.result())
                if progress:
                    progress(results[-1])
    export.write_index(out, dataset)
    return BuildReport(results)
