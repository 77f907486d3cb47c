"""Execute the plan: skip what is up to date, run the rest in parallel, publish each guide atomically, then the site.

plan → execute → export → publish, one function (:func:`build`) for the CLI, the Makefile, the
benchmark and the tests. Tasks run in a pool of worker processes (default: the machine's cores),
or on a Dask cluster with ``dask=ADRES`` (``"local"`` starts a LocalCluster on 127.0.0.1).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import woonzorg
from woonzorg import paths, regions
from woonzorg.publish import cache, site
from woonzorg.publish.plan import PlanError, Task, build_plan, discover_themes
from woonzorg.data import load_dataset

# papermill, nbformat, nbconvert and the kernels are imported where a task is executed or checked:
# importing them costs over a second, and a build in which nothing changed needs none of them.

STYLESHEET = paths.PACKAGE_DIR / "static" / "woonzorg.css"
PYTHON_TYPES = {"str": str, "int": int, "float": (int, float), "bool": bool}
BUILT, SKIPPED, FAILED = "gebouwd", "overgeslagen", "mislukt"
EXECUTORS = ("warm", "vers")  # see woonzorg.publish.kernels
# heavy imports done once in the forkserver, so that each worker process starts warm
# (woonzorg.publish first: it keeps jsonschema from compiling grammars nobody here uses)
FORKSERVER_PRELOAD = ["woonzorg.publish", "pandas", "nbformat", "nbconvert", "papermill",
                      "woonzorg.publish.run", "woonzorg.publish.kernels", "woonzorg.publish.export"]


@dataclass
class TaskResult:
    task: Task
    status: str  # BUILT, SKIPPED or FAILED
    seconds: float
    error: str = ""
    kerncijfers: dict = field(default_factory=dict)
    bronnen: list = field(default_factory=list)
    reden: str = ""  # why the task was (re)built, or why it was skipped
    bijlagenpagina: bool = False  # the guide has an appendix page (cells tagged bijlage)


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
            lines.append(f"{r.task.regio:<18} {r.task.thema:<20} {r.status:<12} {r.seconds:6.1f}  {r.reden}")
        lines.append(f"{len(self.built)} gebouwd, {len(self.skipped)} overgeslagen, {len(self.failed)} mislukt "
                     f"in {self.seconds:.1f} s")
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


def build_date() -> str:
    """Now, or ``$SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now()
    return when.strftime("%Y-%m-%d %H:%M")


def check_parameters(task: Task, declared: dict | None = None) -> None:
    """Refuse parameters that the notebook's ``parameters`` cell does not declare, or of the wrong type."""
    if declared is None:
        import papermill

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
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        # papermill inserts its injected-parameters cell right after the parameters cell; report
        # the 1-based position in the source notebook, as JupyterLab shows it
        source_nb = nbformat.read(task.notebook, as_version=4)
        tagged = [i for i, c in enumerate(source_nb.cells) if "parameters" in c.metadata.get("tags", [])]
        injected_at = tagged[0] + 1 if tagged else 0
        position = exc.cell_index + (1 if exc.cell_index < injected_at else 0)
        first_line = (exc.source or "").strip().splitlines()[:1]
        cell = f"cel {position}" + (f" ({first_line[0][:60]!r})" if first_line else "")
        last = (str(exc.evalue).strip().splitlines() or [""])[-1]
        return f"{task.label}, {cell}: {exc.ename}: {last}"
    last = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
    return f"{task.label}: {type(exc).__name__}: {last[0]}"


def publish_assets(out: Path) -> None:
    """Copy the shared stylesheet to ``OUT/assets/`` when it differs (pages link it, no inlined CSS)."""
    from woonzorg.storage import write_atomically

    target = out / "assets" / "woonzorg.css"
    content = STYLESHEET.read_bytes()
    if not target.exists() or target.read_bytes() != content:
        write_atomically(target, content)


def task_key(task: Task) -> str:
    return f"{task.regio}/{task.thema}"


def pdf_path(task: Task) -> Path:
    return task.out_dir / task.regio / f"{task.thema}.pdf"


def bijlagen_pdf_path(task: Task) -> Path:
    return task.bijlagen_path.with_suffix(".pdf")


def run_task(task: Task, meta: dict, bronnen: list | None = None, executor: str = "warm",
             browser: str | None = None) -> TaskResult:
    """Execute, export and publish one task. The previous guide stays until the new files exist.

    Runs in a worker (process pool or Dask); ``meta`` is the build's date and code version,
    ``bronnen`` the region's data sources for the metadata block when the notebook records none.
    """
    import nbformat
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    from woonzorg.publish import export, kernels
    from woonzorg.present.record import read_begeleider, read_bijlagen, read_bronnen, read_kerncijfers, without_begeleider
    from woonzorg.storage import write_atomically

    start = time.perf_counter()
    try:
        nb = kernels.EXECUTORS[executor](task.notebook, task.parameters)
        for cell in nb.cells:  # papermill gives its cell a random id: a rebuilt page would always differ
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        # a kernel may send one print in several stream messages, depending on timing: merge them so
        # the same notebook always gives the same pages (whichever executor or cluster ran it)
        nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
        recorded = read_bronnen(nb)
        nb.metadata["woonzorg"] = {
            **meta,
            "regio": task.regio,
            "regio_naam": task.regio_naam,
            "thema": task.thema,
            "titel": f"{task.thema.capitalize()} — {task.regio_naam}",
            "parameters": {k: v for k, v in task.parameters.items() if k != "data_dir"},
            "bronnen": recorded or list(bronnen or []),
        }
        html, bijlagenpagina = export.to_pages(nb, task.bijlagen_path.name)
        # before any file is written: a failure keeps every old file
        begeleider = _begeleider_page(task, meta, read_begeleider(nb))
        task.html_path.parent.mkdir(parents=True, exist_ok=True)
        # the learning-circle workbook: every cell but the handout's and the facilitator's own, and
        # no facilitator record (the exercises' answers) in any cell
        workbook = nbformat.from_dict(nb)
        workbook.cells = [without_begeleider(c) for c in workbook.cells
                          if not export.WORKBOOK_REMOVE_CELL & set(c.metadata.get("tags", []))]
        from woonzorg.leerkring import workbook as leerkring_workbook

        leerkring_workbook.prepare(workbook, task.regio)  # code folded, a Dutch line on how to run it
        for name, content in read_bijlagen(nb).items():  # e.g. the woonzorgvisie's draft text
            write_atomically(task.html_path.parent / name, content)
        write_atomically(task.ipynb_path, nbformat.writes(workbook))
        if bijlagenpagina is not None:  # before the guide that links to it
            write_atomically(task.bijlagen_path, bijlagenpagina)
        write_atomically(task.html_path, html)
        if bijlagenpagina is None:  # the notebook no longer has an appendix: no page left over from before
            task.bijlagen_path.unlink(missing_ok=True)
        write_atomically(task.begeleider_path, begeleider)
        for page, pdf in ((task.html_path, pdf_path(task)), (task.bijlagen_path, bijlagen_pdf_path(task))):
            if browser and page.exists():
                export.print_pdf(page, pdf, browser)
            else:  # printed from pages that were just replaced (or no longer exist): no longer true
                pdf.unlink(missing_ok=True)
        return TaskResult(task, BUILT, time.perf_counter() - start, kerncijfers=read_kerncijfers(nb),
                          bronnen=nb.metadata["woonzorg"]["bronnen"], bijlagenpagina=bijlagenpagina is not None)
    except Exception as exc:  # one failed task must not stop the others
        return TaskResult(task, FAILED, time.perf_counter() - start, error=describe_failure(task, exc))


_DATASETS: dict[Path, tuple[str, object]] = {}  # per worker process: data folder -> (content hash, Dataset)


def _worker_dataset(data_dir: str | None):
    """The data folder's dataset, read once per worker process for as long as its files stay the same.

    A worker builds several tasks; parsing and validating every table again for each facilitator
    guide cost more than exporting the guide itself. The files' content (not their time stamps)
    decides whether the dataset read before still holds.
    """
    root = paths.data_dir(data_dir)
    digest = cache.folder_digest(root)
    known = _DATASETS.get(root)
    if known is None or known[0] != digest:
        known = _DATASETS[root] = (digest, load_dataset(root))
    return known[1]


def _begeleider_page(task: Task, meta: dict, recorded: dict | None = None) -> str:
    """The learning circle's facilitator guide of the task: from the notebook's record (a cell tagged
    ``begeleider``) or, for a notebook without one, computed here from the same data the notebook read."""
    from woonzorg import leerkring

    if recorded is not None:
        if (recorded.get("regio"), recorded.get("thema")) != (task.regio, task.thema):
            raise ValueError(f"de cel met de tag 'begeleider' geeft de begeleidershandreiking van "
                             f"{recorded.get('regio')}/{recorded.get('thema')}, niet van {task.regio}/{task.thema}")
        return leerkring.render_begeleider(recorded, gebouwd=meta.get("gebouwd", ""), versie=meta.get("versie", ""))
    dataset = _worker_dataset(task.parameters.get("data_dir") or None)
    return leerkring.begeleider_html(dataset, task.regio, task.thema, gebouwd=meta.get("gebouwd", ""),
                                     versie=meta.get("versie", ""))


# --------------------------------------------------------------------------------------------
# Progress


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


# --------------------------------------------------------------------------------------------
# Where tasks run


WORKER_LOST = ("het werkproces stopte onverwacht (gedood door een signaal, os._exit in de notebook of te weinig "
               "geheugen); deze handreiking is niet gepubliceerd en de vorige blijft staan")


def _lost_result(task: Task) -> TaskResult:
    return TaskResult(task, FAILED, 0.0, error=f"{task.label}: {WORKER_LOST}")


def _run_local(todo: list[tuple], workers: int, report: Callable[[TaskResult], None]) -> None:
    """Run the tasks in a process pool; a worker that dies fails only its own task.

    When a worker process dies (SIGKILL, ``os._exit``, the OOM killer) the standard pool breaks and
    every task not yet reported fails with :class:`BrokenProcessPool`, without saying whose worker
    died. Those tasks then run again, each in a pool of its own (at most ``workers`` at a time): a
    task that breaks its own pool is the one that kills its worker and is reported as failed, the
    others complete.
    """
    if workers == 1:
        # in this process: its warm kernel stays for the next build in the same process (tests,
        # the benchmark) and stops at exit (woonzorg.publish.kernels.shutdown_warm_kernels)
        for args in todo:
            report(run_task(*args))
        return
    context = _start_forkserver()
    broken = _run_in_pool(todo, workers, context, report)
    if broken:
        _run_isolated(broken, workers, context, report)


def _start_forkserver():
    """The context of the worker processes, with its forkserver running (or starting: it imports the
    heavy libraries once, about a second, and forks every worker from there)."""
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORKSERVER_PRELOAD)
    forkserver.ensure_running()
    return context


def _run_in_pool(todo: list[tuple], workers: int, context, report: Callable[[TaskResult], None]) -> list[tuple]:
    """Run ``todo`` in one shared pool; return the tasks lost when the pool broke (none if it did not)."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    lost: list[tuple] = []
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
    finally:
        _stop_pool(pool)
    return lost


def _run_isolated(todo: list[tuple], workers: int, context, report: Callable[[TaskResult], None]) -> None:
    """Run each task in a one-worker pool of its own, ``workers`` at a time; a broken pool fails its task."""
    waiting = list(todo)
    running: dict = {}  # future -> (pool, args)
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                args = waiting.pop(0)
                pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
                try:
                    running[pool.submit(run_task, *args)] = (pool, args)
                except BrokenProcessPool:
                    _stop_pool(pool)
                    report(_lost_result(args[0]))
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                pool, args = running.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    result = _lost_result(args[0])
                _stop_pool(pool)
                report(result)
    finally:
        for pool, _args in running.values():
            _stop_pool(pool)


def _stop_pool(pool: ProcessPoolExecutor, grace: float = 30.0) -> None:
    """Shut the pool down without waiting forever: a worker that does not exit in time is killed
    (its warm kernel notices that its parent is gone and exits too)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # private, but stable since 3.8
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(timeout=max(0.1, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


def _run_dask(todo: list[tuple], workers: int, address: str, report: Callable[[TaskResult], None]) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed as dask_completed
    except ImportError as exc:
        raise PlanError("voor --dask is het pakket dask[distributed] nodig: "
                        "pip install 'woonzorg[dask]'") from exc
    from woonzorg.publish import kernels

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        futures = [client.submit(run_task, *args, pure=False, key=f"woonzorg-{task_key(args[0])}-{i}")
                   for i, args in enumerate(todo)]
        for future in dask_completed(futures):
            report(future.result())
        client.run(kernels.shutdown_warm_kernels)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------------------------
# The build


def _declared_parameters(notebook: Path, seen: dict[Path, dict]) -> dict:
    if notebook not in seen:
        import papermill

        seen[notebook] = papermill.inspect_notebook(str(notebook))
    return seen[notebook]


def _data_scope(notebook_bytes: bytes) -> str | list[str]:
    """What a notebook reads beyond its own region: "regio" (nothing), "alle", or a list of tables."""
    try:
        scope = json.loads(notebook_bytes).get("metadata", {}).get("woonzorg", {}).get("gegevens", "regio")
    except (ValueError, AttributeError):
        return "regio"
    return [str(t) for t in scope] if isinstance(scope, list) else str(scope)


def _data_digests(fingerprints: cache.DataFingerprints, notebook_bytes: bytes, regio: str) -> dict[str, str]:
    """The data hashes a task depends on: its region's rows, plus every row of the tables it declares."""
    scope = _data_scope(notebook_bytes)
    if scope == "alle":
        return fingerprints.for_region(None)
    digests = dict(fingerprints.for_region(regio))
    if isinstance(scope, list):
        everything = fingerprints.for_region(None)
        digests.update({table: everything[table] for table in scope if table in everything})
    return digests


def expected_seconds(task: Task, entry: dict | None, notebook_bytes: bytes, municipalities: int) -> float:
    """How long ``task`` will take: its last build's time, else a guess from its code cells and region size."""
    if entry and entry.get("seconden"):
        return float(entry["seconden"])
    code_cells = len(re.findall(rb'"cell_type":\s*"code"', notebook_bytes))
    return 0.04 * code_cells * (1 + municipalities / 30)


def decide(task: Task, inputs: dict, entry: dict | None, *, force: bool, pdf: bool) -> str:
    """Why ``task`` must be built, or ``""`` when everything it depends on is unchanged."""
    if force:
        return "--force"
    if entry is None:
        return "nieuw"
    missing = [p.name for p in (task.html_path, task.ipynb_path, task.begeleider_path,
                                *([task.bijlagen_path] if entry.get("bijlagenpagina") else []),
                                *([pdf_path(task)] if pdf else []),
                                *([bijlagen_pdf_path(task)] if pdf and entry.get("bijlagenpagina") else []))
               if not p.exists()]
    if missing:
        return f"ontbreekt: {', '.join(missing)}"
    changed = cache.changed_inputs(entry.get("invoer", {}), inputs)
    return f"gewijzigd: {', '.join(changed)}" if changed else ""


def build(
    *,
    regios: list[str] | None = None,
    themas: list[str] | None = None,
    data_dir: str | os.PathLike | None = None,
    out_dir: str | os.PathLike | None = None,
    notebooks: str | os.PathLike | None = None,
    workers: int | None = None,
    dask: str | None = None,
    force: bool = False,
    pdf: bool = False,
    executor: str = "warm",
    progress=None,
) -> BuildReport:
    """Build the guides; the same function serves the CLI, the Makefile, the benchmark and the tests.

    Data are validated and parameters checked before any kernel starts. A task whose inputs are
    unchanged (see :mod:`woonzorg.publish.cache`) is skipped; ``force`` rebuilds all. The others run
    in a pool of ``workers`` processes (default: the machine's cores) or on the Dask cluster at
    ``dask``; each finished task is published at once. ``executor`` is ``"warm"`` (one reused
    kernel per worker) or ``"vers"`` (a new kernel per notebook). ``progress`` is called with each
    :class:`TaskResult` (and its ``start(total)`` first, if it has one).
    """
    started = time.perf_counter()
    if executor not in EXECUTORS:
        raise PlanError(f"onbekende uitvoering '{executor}'; kies uit {', '.join(EXECUTORS)}")
    dataset = load_dataset(data_dir)
    tasks = build_plan(
        dataset, regios=regios, themas=themas,
        out_dir=Path(out_dir) if out_dir else None,
        notebooks=Path(notebooks) if notebooks else None,
        data_dir=Path(data_dir) if data_dir else None,
    )
    browser = None
    if pdf:
        from woonzorg.publish import export

        browser = export.find_chromium()
        if not browser:
            raise PlanError("voor --pdf is Chromium nodig, maar dat is niet gevonden. Installeer het "
                            "(Debian/Ubuntu: apt-get install chromium) of bouw zonder --pdf.")
    out = paths.output_dir(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    from woonzorg.storage import remove_stale_temporaries

    remove_stale_temporaries(out)  # what a killed build was still writing; never a guide
    manifest = cache.Manifest(out)
    fingerprints = cache.DataFingerprints(dataset)
    code, templates = cache.code_digest(), cache.templates_digest()
    notebook_bytes = {t.notebook: t.notebook.read_bytes() for t in tasks}
    meta = {"gebouwd": build_date(), "versie": code_version()}

    results: dict[str, TaskResult] = {}
    inputs: dict[str, dict] = {}
    todo = []
    for task in tasks:
        raw = notebook_bytes[task.notebook]
        inputs[task_key(task)] = cache.task_inputs(task, raw, _data_digests(fingerprints, raw, task.regio),
                                                   code, templates)
        reason = decide(task, inputs[task_key(task)], manifest.get(task_key(task)), force=force, pdf=pdf)
        if reason:
            todo.append((task, meta, fingerprints.sources(task.regio), executor, browser))
            results[task_key(task)] = TaskResult(task, "", 0.0, reden=reason)
        else:
            entry = manifest.get(task_key(task)) or {}
            results[task_key(task)] = TaskResult(task, SKIPPED, 0.0, kerncijfers=entry.get("kerncijfers", {}),
                                                 bronnen=entry.get("bronnen", []), reden="ongewijzigd")

    # longest first (from the last build's time, else a guess): the last task to finish then is a
    # short one, and no worker sits idle at the end while another runs a long notebook
    sizes = {r.id: len(r.gemeentecodes) for r in regions.load_regions(dataset).values()}
    todo.sort(key=lambda args: -expected_seconds(args[0], manifest.get(task_key(args[0])),
                                                 notebook_bytes[args[0].notebook], sizes.get(args[0].regio, 0)))

    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    if todo and workers > 1 and not dask:
        _start_forkserver()  # its imports overlap the check below; it starts no kernel
    # a skipped task has the notebook and parameters that passed this check before; the others are
    # checked here, before any kernel starts
    declared: dict[Path, dict] = {}
    for task, *_ in todo:
        check_parameters(task, _declared_parameters(task.notebook, declared))

    if progress is not None and hasattr(progress, "start"):
        progress.start(len(tasks))
    if progress is not None:
        for result in results.values():
            if result.status == SKIPPED:
                progress(result)
    if todo:
        publish_assets(out)

    def finished(result: TaskResult) -> None:
        key = task_key(result.task)
        result.reden = results[key].reden
        results[key] = result
        if result.status == BUILT:
            manifest.record(key, {
                "regio": result.task.regio, "regio_naam": result.task.regio_naam, "thema": result.task.thema,
                "titel": f"{result.task.thema.capitalize()} — {result.task.regio_naam}",
                "gebouwd": meta["gebouwd"], "versie": meta["versie"], "invoer": inputs[key],
                "kerncijfers": result.kerncijfers, "bronnen": result.bronnen,
                "bijlagenpagina": result.bijlagenpagina, "seconden": round(result.seconds, 2),
            })
            manifest.save()  # after each task: an interrupted build keeps what it finished
        if progress is not None:
            progress(result)

    try:
        if todo:
            if dask:
                _run_dask(todo, workers, dask, finished)
            else:
                _run_local(todo, workers, finished)
    finally:
        if progress is not None and hasattr(progress, "close"):
            progress.close()

    publish_assets(out)
    manifest.save()
    failed = {task_key(r.task) for r in results.values() if r.status == FAILED}
    region_names = {r.id: r.naam for r in regions.load_regions(dataset).values()}
    themes = list(discover_themes(Path(notebooks) if notebooks else None))
    present = {k: e for k, e in manifest.tasks.items() if (out / f"{k}.html").exists()}
    site.write_site(out, region_names, themes, present, gebouwd=meta["gebouwd"], versie=meta["versie"],
                    failed=failed)
    ordered = [results[task_key(t)] for t in tasks]
    return BuildReport(ordered, seconds=time.perf_counter() - started, out=out)
