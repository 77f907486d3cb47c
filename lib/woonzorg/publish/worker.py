"""One task in a worker: execute the notebook, export its pages, publish every file atomically.

Runs in a worker process of the pool, on a Dask worker, or in the build's own process. The
previous guide stays until the new files exist; a failure is reported with region, notebook,
cell and the error's last line.
"""

from __future__ import annotations

import errno
import time

from woonzorg.data import load_dataset
from woonzorg.publish.plan import PlanError, Task
from woonzorg.publish.report import BUILT, FAILED, TaskResult

# papermill, nbformat, nbconvert and the kernels are imported where a task is executed or checked:
# importing them costs over a second, and a build in which nothing changed needs none of them.
PYTHON_TYPES = {"str": str, "int": int, "float": (int, float), "bool": bool}


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
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"{task.label}: de schijf is vol ({exc.filename or 'uitvoermap'}); deze handreiking is niet gepubliceerd"
    last = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
    return f"{task.label}: {type(exc).__name__}: {last[0]}"


def prepare_worker() -> None:
    """Before a worker's first task: the zygote its kernels are forked from (a pool worker has its
    build's; a Dask worker starts its own, which then imports while the worker waits for tasks)."""
    from woonzorg.publish import zygote

    zygote.address_for_this_process()


def run_task(task: Task, meta: dict, bronnen: list | None = None, browser: str | None = None,
             gemeenten: dict[str, str] | None = None) -> TaskResult:
    """Execute, export and publish one task. The previous guide stays until the new files exist.

    Runs in a worker (process pool or Dask); ``meta`` is the build's date and code version,
    ``bronnen`` the region's data sources for the metadata block when the notebook records none,
    ``gemeenten`` the pages of the region's municipalities that its tables link to (name → address).
    """
    import json

    from woonzorg import leerkring
    from woonzorg.present import disclosure
    from woonzorg.present.record import read_begeleider, read_bijlagen, read_bronnen, read_kerncijfers
    from woonzorg.publish import downloads, export, kernels, navigation, search
    from woonzorg.storage import write_atomically

    start = time.perf_counter()
    try:
        nb = kernels.execute(task.notebook, task.parameters)
        kernel_seconds = float(nb.metadata.get("papermill", {}).get("duration") or 0.0)
        recorded = read_bronnen(nb)
        nb.metadata["woonzorg"] = {
            **meta,
            "regio": task.regio,
            "regio_naam": task.regio_naam,
            "thema": task.thema,
            "titel": task.title,
            "parameters": {k: v for k, v in task.parameters.items() if k != "data_dir"},
            "bronnen": recorded or list(bronnen or []),
        }
        # downloads and navigation (woonzorg.publish.downloads, .navigation): tables as CSV/Excel, the
        # draft text also as .docx, links to the region's other themes and this guide's files
        tabellen = downloads.collect_tables(nb)
        bijlagen = downloads.with_word_versions(read_bijlagen(nb))
        nb.metadata["woonzorg"]["navigatie"] = navigation.task_navigation(
            task, nb, pdf=bool(browser), tables=len(tabellen), attachments=list(bijlagen))
        # the exporters (woonzorg.publish.export) normalise, link, split and filter their own copies of nb
        html, bijlagenpagina = export.to_pages(nb, task.bijlagen_path.name, task.thema, gemeenten)
        # before any file is written: a failure keeps every old file
        inhoud = _begeleider_inhoud(task, read_begeleider(nb))
        begeleider = leerkring.render_begeleider(inhoud, gebouwd=meta.get("gebouwd", ""), versie=meta.get("versie", ""),
                                                 site=task.site_from_begeleider)
        kerncijfers = read_kerncijfers(nb)
        # participant sheets and the terugblik, from the guide's content and the notebook's key figures
        leerkring_pages = leerkring.deelnemersbladen(inhoud, kerncijfers, gebouwd=meta.get("gebouwd", ""),
                                                     versie=meta.get("versie", ""))
        workbook = export.to_workbook(nb)  # code folded, a Dutch line on how to run it
        # no page with a raw small count of persons is written: the task fails and the old guide stays
        pages = {task.html_path.name: html, task.bijlagen_path.name: bijlagenpagina,
                 task.begeleider_path.name: begeleider,
                 **{task.leerkring_paths[kind][0].name: page for kind, page in leerkring_pages.items()}}
        disclosure.refuse_disclosure(pages, json.loads(workbook))
        task.html_path.parent.mkdir(parents=True, exist_ok=True)
        for name, content in bijlagen.items():  # e.g. the woonzorgvisie's draft text (.md and .docx)
            write_atomically(task.html_path.parent / name, content)
        downloads.write_table_files(task.html_path.parent, task.thema,
                                    downloads.table_files(task.thema, tabellen, nb.metadata["woonzorg"]["bronnen"]))
        write_atomically(task.ipynb_path, workbook)
        if bijlagenpagina is not None:  # before the guide that links to it
            write_atomically(task.bijlagen_path, bijlagenpagina)
        write_atomically(task.html_path, html)
        if bijlagenpagina is None:  # the notebook no longer has an appendix: no page left over from before
            task.bijlagen_path.unlink(missing_ok=True)
        task.begeleider_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(task.begeleider_path, begeleider)  # in the facilitator folder, beside the public site
        for kind, content in leerkring_pages.items():
            write_atomically(task.leerkring_paths[kind][0], content)
        for page, pdf in ((task.html_path, task.pdf_path), (task.bijlagen_path, task.bijlagen_pdf_path),
                          (task.begeleider_path, task.begeleider_pdf_path),
                          *(task.leerkring_paths[kind] for kind in leerkring_pages)):
            if browser and page.exists():
                export.print_pdf(page, pdf, browser)
            else:  # printed from pages that were just replaced (or no longer exist): no longer true
                pdf.unlink(missing_ok=True)
        # the site's search index, read from the pages here, in parallel, rather than one by one at the end
        search_entries = search.entries_of(task.out_dir, [
            task.html_path, task.bijlagen_path, *(task.leerkring_paths[kind][0] for kind in leerkring_pages)])
        return TaskResult(task, BUILT, time.perf_counter() - start, kerncijfers=kerncijfers,
                          bronnen=nb.metadata["woonzorg"]["bronnen"], bijlagenpagina=bijlagenpagina is not None,
                          search_entries=search_entries, kernel_seconds=kernel_seconds)
    except Exception as exc:  # one failed task must not stop the others
        return TaskResult(task, FAILED, time.perf_counter() - start, error=describe_failure(task, exc))


def _begeleider_inhoud(task: Task, recorded: dict | None = None) -> dict:
    """The learning circle's facilitator guide content of the task: from the notebook's record (a cell tagged
    ``begeleider``) or, for a notebook without one, computed here from the same data the notebook read."""
    from woonzorg import leerkring

    if recorded is not None:
        if (recorded.get("regio"), recorded.get("thema")) != (task.regio, task.thema):
            raise ValueError(f"de cel met de tag 'begeleider' geeft de begeleidershandreiking van "
                             f"{recorded.get('regio')}/{recorded.get('thema')}, niet van {task.regio}/{task.thema}")
        return recorded
    dataset = load_dataset(task.parameters.get("data_dir") or None)  # read once per process while unchanged
    return leerkring.begeleider_context(dataset, task.regio, task.thema)
