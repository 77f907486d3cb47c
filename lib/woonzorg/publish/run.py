"""The build: plan, skip what is up to date, run the rest on an executor, publish each guide, then the site.

plan → execute → export → publish, one function (:func:`build`) for the CLI, the Makefile, the
benchmark and the tests. Tasks run in a pool of worker processes (default: the machine's cores),
or on a Dask cluster with ``dask=ADRES`` (``"local"`` starts a LocalCluster on 127.0.0.1); see
:mod:`woonzorg.publish.executors`. One task's work is :func:`woonzorg.publish.worker.run_task`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import woonzorg
import woonzorg.publish.lean_imports  # noqa: F401 - first: the build's processes skip rfc3987's grammars
from woonzorg import clock, paths, regions, themes
from woonzorg.data import load_dataset
from woonzorg.publish import cache, downloads, executors, processes, site, zygote
from woonzorg.publish.plan import PlanError, Task, build_plan, discover_themes
from woonzorg.publish.report import BUILT, FAILED, SKIPPED, BuildReport, Progress, TaskResult  # noqa: F401
from woonzorg.publish.worker import check_parameters
from woonzorg.storage import remove_stale_temporaries


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
    """Now, or ``$SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set
    (:func:`woonzorg.clock.build_date`); a bad epoch or time zone is a Dutch :class:`PlanError`."""
    try:
        return clock.build_date()
    except clock.ClockError as exc:
        raise PlanError(str(exc)) from None


# --------------------------------------------------------------------------------------------
# The output folder

@contextlib.contextmanager
def output_lock(out: Path, wait_message=None):
    """Hold the output folder for one build at a time: a second build into the same folder waits
    (saying so once) until the first is done, so that no manifest entry or index is lost. A folder
    that cannot be written is a Dutch :class:`PlanError`, before anything is changed."""
    from filelock import FileLock, Timeout

    try:
        out.mkdir(parents=True, exist_ok=True)
        paths.records_dir(out).mkdir(exist_ok=True)
        lock = FileLock(paths.records_dir(out) / paths.LOCK_NAME)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            print(wait_message or f"Er loopt al een bouw in {out}; deze bouw wacht tot die klaar is.",
                  file=sys.stderr, flush=True)
            lock.acquire()
    except PermissionError as exc:
        raise PlanError(f"de uitvoermap {out} is niet schrijfbaar ({exc.strerror}); kies een andere map met --out "
                        "of geef schrijfrechten") from None
    except OSError as exc:
        raise PlanError(f"de uitvoermap {out} kan niet worden gebruikt: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))  # no space left, or the user's quota used up


def written_files(tasks: list[Task], out: Path) -> list[Path]:
    """Every file name a build of these tasks writes (``prefix*`` for a task's recorded attachments)."""
    facilitators = paths.facilitator_dir(out)
    names = [paths.records_dir(out) / paths.MANIFEST_NAME, out / "assets" / "woonzorg.css",
             *(out / page for page in site.PAGES),
             facilitators / "index.html", facilitators / "assets" / "woonzorg.css"]
    for task in tasks:
        names += [task.html_path, task.ipynb_path, task.begeleider_path, task.bijlagen_path, task.pdf_path,
                  task.bijlagen_pdf_path, task.begeleider_pdf_path, task.html_path.parent / f"{task.thema}-*",
                  *(path for pair in task.leerkring_paths.values() for path in pair)]
    return names


def remove_public_facilitator_guides(out: Path, tasks: dict) -> list[Path]:
    """Remove facilitator guides that an older build wrote into the public folder (``<regio>/<thema>-begeleider.html``):
    they hold the answers and now live in :func:`woonzorg.paths.facilitator_dir`."""
    removed = []
    for key in tasks:
        old = out / f"{key}-begeleider.html"
        if old.exists():
            old.unlink()
            removed.append(old)
    return removed


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
    if entry.get("onderweg"):  # a build was stopped while this task ran: its pages may be half new
        return "vorige bouw afgebroken"
    from woonzorg.leerkring.reeks import pagina_soorten

    leerkring_pages = [task.leerkring_paths[kind][1 if pdf_page else 0] for kind in pagina_soorten(task.thema)
                       for pdf_page in ((False, True) if pdf else (False,))]
    missing = [p.name for p in (task.html_path, task.ipynb_path, task.begeleider_path, *leerkring_pages,
                                *([task.bijlagen_path] if entry.get("bijlagenpagina") else []),
                                *([task.pdf_path] if pdf else []),
                                *([task.bijlagen_pdf_path] if pdf and entry.get("bijlagenpagina") else []),
                                *([task.begeleider_pdf_path] if pdf else []))
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
    progress=None,
) -> BuildReport:
    """Build the guides; the same function serves the CLI, the Makefile, the benchmark and the tests.

    Data are validated and parameters checked before any notebook runs. A task whose inputs are
    unchanged (see :mod:`woonzorg.publish.cache`) is skipped; ``force`` rebuilds all. The others run
    in a pool of ``workers`` processes (default: the machine's cores) or on the Dask cluster at
    ``dask``; each finished task is published at once, each notebook run in a kernel of its own
    (:mod:`woonzorg.publish.kernels`). ``progress`` is called with each
    :class:`TaskResult` (and its ``start(total)`` first, if it has one).
    """
    started = time.perf_counter()
    out = paths.output_dir(out_dir)
    if out.parent == out:  # its facilitator guides and build records go beside it
        raise PlanError(f"de uitvoermap {out} is de hoofdmap van het bestandssysteem; de begeleidershandreikingen "
                        "en de bouwgegevens komen naast de uitvoermap. Kies een map daarbinnen, zoals "
                        f"{out / 'handreikingen'}")
    processes.start_forkserver_early(out_dir, regios=regios, themas=themas, workers=workers, dask=dask, force=force,
                                     data=data_dir)
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
    meta = {"gebouwd": build_date(), "versie": code_version()}
    with output_lock(out):
        try:
            return _build_locked(tasks, dataset, out, meta, notebooks=notebooks, workers=workers, dask=dask,
                                 force=force, pdf=pdf, browser=browser, progress=progress, started=started)
        except OSError as exc:
            if exc.errno not in FULL:
                raise
            raise PlanError(f"de schijf van de uitvoermap {out} is vol; maak ruimte en bouw opnieuw "
                            "(wat al gepubliceerd was, blijft staan)") from None


def _build_locked(tasks: list[Task], dataset, out: Path, meta: dict, *, notebooks, workers, dask, force, pdf,
                  browser, progress, started: float) -> BuildReport:
    """The build proper, while this process holds the output folder's lock."""
    remove_stale_temporaries(written_files(tasks, out))  # what a killed build was still writing
    manifest = cache.Manifest(out)
    fingerprints = cache.DataFingerprints(dataset, key=cache.records_key(out))
    libraries, templates = cache.libraries_digest(), cache.templates_digest()
    code: dict[Path, str] = {}  # per notebook: the code its tasks run
    notebook_bytes = {t.notebook: t.notebook.read_bytes() for t in tasks}

    results: dict[str, TaskResult] = {}
    inputs: dict[str, dict] = {}
    todo = []
    region_list = regions.load_regions(dataset)
    pages: dict[str, dict[str, str]] = {}  # per region: its municipalities' pages, which its tables link to
    for task in tasks:
        raw = notebook_bytes[task.notebook]
        if task.notebook not in code:
            theme = themes.get(task.thema)
            code[task.notebook] = cache.code_digest(raw, theme.package if theme else None, libraries)
        inputs[task.key] = cache.task_inputs(task, raw, _data_digests(fingerprints, raw, task.regio),
                                             code[task.notebook], templates)
        reason = decide(task, inputs[task.key], manifest.get(task.key), force=force, pdf=pdf)
        if reason:
            if task.regio not in pages:
                pages[task.regio] = downloads.municipality_pages(dataset, task.regio)
            todo.append((task, meta, fingerprints.sources(task.regio), browser, pages[task.regio]))
            results[task.key] = TaskResult(task, "", 0.0, reason=reason)
        else:
            entry = manifest.get(task.key) or {}
            results[task.key] = TaskResult(task, SKIPPED, 0.0, kerncijfers=entry.get("kerncijfers", {}),
                                                 bronnen=entry.get("bronnen", []), reason="ongewijzigd")

    # longest first (from the last build's time, else a guess): the last task to finish then is a
    # short one, and no worker sits idle at the end while another runs a long notebook
    sizes = {r.id: len(r.gemeentecodes) for r in region_list.values()}
    todo.sort(key=lambda args: -expected_seconds(args[0], manifest.get(args[0].key),
                                                 notebook_bytes[args[0].notebook], sizes.get(args[0].regio, 0)))

    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    executor_ = executors.executor_for(workers, dask)
    if todo:  # the zygote and the workers start while the parameters are checked and the plan recorded
        if not dask:  # (a Dask worker starts a zygote of its own)
            zygote.ensure_running(dataset.root)  # the data folder its kernels read, read once before they fork
        executor_.warm_up()
    try:
        # a skipped task has the notebook and parameters that passed this check before; the others
        # are checked here, before any notebook runs (a failed check stops the kernels just started)
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
            site.publish_assets(out)
            site.publish_assets(paths.facilitator_dir(out))  # the facilitator guides link ../assets/woonzorg.css
            # recorded before any task runs: a build killed now leaves these marked, and the next build
            # rebuilds them instead of trusting pages that a dying worker may have half replaced
            for task, *_ in todo:
                manifest.mark_pending(task.key, {"regio": task.regio, "regio_naam": task.regio_naam,
                                                 "thema": task.thema, "titel": task.title})
            manifest.save()
    except BaseException:
        executor_.close()
        raise

    search_entries: dict[str, list[dict]] = {}  # what the tasks read from the pages they wrote

    def finished(result: TaskResult) -> None:
        key = result.task.key
        result.reason = results[key].reason
        results[key] = result
        search_entries.update(result.search_entries)
        if result.status == BUILT:
            manifest.record(key, {
                "regio": result.task.regio, "regio_naam": result.task.regio_naam, "thema": result.task.thema,
                "titel": result.task.title,
                "gebouwd": meta["gebouwd"], "versie": meta["versie"], "invoer": inputs[key],
                "kerncijfers": result.kerncijfers, "bronnen": result.bronnen,
                "bijlagenpagina": result.bijlagenpagina, "seconden": round(result.seconds, 2),
                "kernelseconden": round(result.kernel_seconds, 2),
            })
            manifest.save()  # after each task: an interrupted build keeps what it finished
        if progress is not None:
            progress(result)

    interrupted: KeyboardInterrupt | None = None
    try:
        if todo:
            executor_.run(todo, finished)
    except KeyboardInterrupt as exc:  # Ctrl-C: the workers are stopped; the site is made whole below, then it stops
        interrupted = exc
    finally:
        if progress is not None and hasattr(progress, "close"):
            progress.close()
    if interrupted is not None:
        remove_stale_temporaries(written_files(tasks, out))  # what the stopped workers were still writing

    site.publish_assets(out)
    if paths.facilitator_dir(out).is_dir():
        site.publish_assets(paths.facilitator_dir(out))
    remove_public_facilitator_guides(out, manifest.tasks)
    manifest.save()
    failed = {r.task.key for r in results.values() if r.status == FAILED}
    region_names = {r.id: r.naam for r in region_list.values()}
    theme_names = list(discover_themes(Path(notebooks) if notebooks else None))
    present = {k: e for k, e in manifest.tasks.items() if (out / f"{k}.html").exists()}
    municipalities = {rid: list(zip(m["gemeentecode"], m["gemeente"]))
                      for rid in region_names for m in [regions.region_municipalities(dataset, rid)]}
    site.write_site(out, region_names, theme_names, present, gebouwd=meta["gebouwd"], versie=meta["versie"],
                    failed=failed, pages_changed=any(r.status == BUILT for r in results.values()),
                    search_entries=search_entries, municipalities=municipalities)
    if interrupted is not None:  # index, comparison and search now show what is published, and no more
        raise interrupted
    ordered = [results[t.key] for t in tasks]
    return BuildReport(ordered, seconds=time.perf_counter() - started, out=out)
