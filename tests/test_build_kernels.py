"""Every notebook runs in a pristine kernel: nothing of the notebook before it, nor of the build, is in it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from woonzorg.publish import build, zygote

pytestmark = pytest.mark.notebook

KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}

# Prints what a notebook could inherit from the one before it in the same worker.
PROBE = '''\
import locale, logging, os, random, sys, threading, warnings
import matplotlib, numpy as np, pandas as pd
import woonzorg, woonzorg.names
print("namen", sorted(n for n in globals() if not n.startswith("_") and n not in
      {"In", "Out", "exit", "quit", "get_ipython", "open", "locale", "logging", "os", "random", "sys", "threading",
       "warnings", "matplotlib", "np", "pd", "woonzorg", "regio"}))
print("locale", locale.setlocale(locale.LC_NUMERIC), locale.setlocale(locale.LC_TIME))
print("logging", logging.getLogger().handlers, logging.getLevelName(logging.getLogger().level))
print("cijfers", sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None)
print("draden", sorted(t.name for t in threading.enumerate() if t.name.startswith("lek")))
print("lijndikte", matplotlib.rcParams["lines.linewidth"])
print("pandas max_rows", pd.get_option("display.max_rows"))
print("namen van de gemeenten", woonzorg.names.COMMON_NAMES)
print("woonzorg.lek", getattr(woonzorg, "lek", None))
print("omgeving", os.environ.get("WZ_LEK"), "map", os.getcwd() != "/", "sys.path", "/lek" in sys.path)
print("random", random.random() == random.Random(42).random(),
      np.random.random_sample() == np.random.RandomState(42).random_sample())
print("hex", hex(255), "json", __import__("json").dumps([1]))
warnings.warn("deze waarschuwing hoort in elke notebook te staan")
'''
CHANGE = '''\
import builtins, json, time
vorige_regio = regio
locale.setlocale(locale.LC_ALL, "C.UTF-8")
logging.basicConfig(level=logging.DEBUG)
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(1000)
threading.Thread(target=time.sleep, args=(600,), name=f"lek-{regio}", daemon=True).start()
matplotlib.rcParams["lines.linewidth"] = 9
pd.set_option("display.max_rows", 3)
woonzorg.names.COMMON_NAMES["Parkstad"] = regio
woonzorg.lek = regio
random.seed(42)
np.random.seed(42)
os.environ["WZ_LEK"] = regio
sys.path.append("/lek")
builtins.hex = lambda number: "gepatcht"
# the kernel's own messages go through json.dumps too
json.dumps = lambda obj, *args, _echt=json.dumps, **kwargs: "gepatcht" if obj == [1] else _echt(obj, *args, **kwargs)
os.chdir("/")
logging.getLogger("lek").warning("naar de handler van %s", regio)
'''


def probe_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[parameters, new_code_cell(PROBE), new_code_cell(CHANGE)], metadata=KERNELSPEC)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cel-{i}"  # fixed ids: the builds read byte-identical notebooks
    nbformat.write(nb, folder / "1_lek.ipynb")
    return folder


def same_in_any_two_runs(text: str) -> str:
    """Object addresses in reprs, the kernel's process id in warnings and the random ids of widget models
    differ between any two kernels."""
    text = re.sub(r'"model_id": "[0-9a-f]{32}"', '"model_id": "…"', text)
    return re.sub(r"ipykernel_\d+", "ipykernel_…", re.sub(r" at 0x[0-9a-f]+", " at 0x…", text))


def outputs(out: Path, regio: str, thema: str) -> list:
    nb = nbformat.read(out / regio / f"{thema}.ipynb", as_version=4)
    return [(c.cell_type, same_in_any_two_runs(json.dumps(c.get("outputs", []), sort_keys=True)),
             c.get("execution_count")) for c in nb.cells]


def printed(out: Path, regio: str) -> str:
    nb = nbformat.read(out / regio / "lek.ipynb", as_version=4)  # note, parameters, injected parameters, probe
    return "".join(o.get("text", "") for o in nb.cells[3].outputs)


def test_does_a_notebook_see_nothing_of_the_one_before_it_in_the_same_worker(tmp_path):
    """The issue's leak test: a notebook changes the locale, logging, the interpreter's int limit, starts a
    thread, changes rcParams, pandas options, a module-level dict of the package, the seeds, builtins and
    json; the next regions' notebooks in the same worker give the outputs of a build where each ran alone."""
    notebooks = probe_notebooks(tmp_path / "notebooks")
    report = build(regios=["parkstad", "enschede", "groningen"], notebooks=notebooks, out_dir=tmp_path / "samen",
                   workers=1)
    assert report.ok, report.summary()
    for regio in ("enschede", "groningen"):
        alone = build(regios=[regio], notebooks=notebooks, out_dir=tmp_path / regio, workers=1)
        assert alone.ok, alone.summary()
        assert outputs(tmp_path / "samen", regio, "lek") == outputs(tmp_path / regio, regio, "lek")
    first = printed(tmp_path / "samen", "parkstad")
    for line in ("namen []", "locale C C", "logging [] WARNING", "draden []", "lijndikte 1.5",
                 "pandas max_rows 60", "woonzorg.lek None", "omgeving None map True sys.path False",
                 "random False False", "hex 0xff json [1]"):
        assert line in first, line
    assert "'Parkstad'" not in first and ("cijfers 4300" in first or "cijfers None" in first)
    for regio in ("enschede", "groningen"):  # ran after parkstad in the same worker
        assert same_in_any_two_runs(printed(tmp_path / "samen", regio)) == same_in_any_two_runs(first)
        lek = "".join(o.get("text", "") for o in nbformat.read(tmp_path / "samen" / regio / "lek.ipynb",
                                                               as_version=4).cells[4].outputs)
        assert "naar de handler van" in lek and f"van {regio}" in lek and "parkstad" not in lek


KERNEL_FACTS = '''\
import json, logging, os, sys, threading, warnings
import matplotlib, multiprocessing
facts = {
    "sys.path": sys.path,
    "modules": sorted(sys.modules),
    "import hooks": [type(m).__name__ for m in sys.meta_path] + [getattr(h, "__qualname__", "") for h in sys.path_hooks],
    "warning filters": sorted({repr(f) for f in warnings.filters}),
    "process": [multiprocessing.current_process().name, multiprocessing.parent_process() is None],
    "threads": [t.name for t in threading.enumerate()],
    "main thread": threading.current_thread() is threading.main_thread(),
    "backend": matplotlib.get_backend(),
    "own session": os.getpgid(0) == os.getpid(),
    "stdin": not os.isatty(0),
    "folder": os.getcwd(),
    "gc": __import__("gc").get_threshold(),
    "build": sorted(n for n in sys.modules if n.startswith(("nbconvert", "papermill", "openpyxl", "docx", "nbclient",
                                                            "woonzorg.publish.run", "woonzorg.publish.worker"))),
}
print(json.dumps(facts))
print("naam", open("/proc/self/comm").read().strip())
'''


def test_is_a_kernel_forked_from_the_zygote_the_kernel_a_new_process_would_be(tmp_path, monkeypatch):
    """A forked kernel (named wz-kernel) has what a kernel started as a new process has: the interpreter's
    own sys.path, warning filters, import hooks, matplotlib's inline backend, a session of its own, no
    terminal for input, no thread of the zygote, Python's collector thresholds, to multiprocessing a main
    process; and nothing of the build. It has more modules loaded: the zygote's (zygote.LIBRARIES), with
    the warning filters scipy's optimiser adds when imported."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[parameters, new_code_cell(KERNEL_FACTS)], metadata=KERNELSPEC),
                   folder / "1_kernel.ipynb")
    facts, names = {}, {}
    for label in ("gevorkt", "gestart"):
        if label == "gestart":
            monkeypatch.setattr(zygote, "available", lambda: False)
            zygote.stop()
        report = build(regios=["parkstad"], notebooks=folder, out_dir=tmp_path / label, workers=1)
        assert report.ok, report.summary()
        text = "".join(o.get("text", "") for o in nbformat.read(tmp_path / label / "parkstad" / "kernel.ipynb",
                                                                 as_version=4).cells[3].outputs)
        line, names[label] = text.strip().splitlines()
        facts[label] = json.loads(line)
    monkeypatch.undo()
    zygote.stop()  # the next test's build starts a zygote again
    assert names == {"gevorkt": "naam wz-kernel", "gestart": "naam python"}
    forked, started = facts["gevorkt"], facts["gestart"]
    only_forked = set(forked.pop("modules")) - set(started.pop("modules"))
    assert not any(m.startswith(("nbconvert", "papermill", "nbclient", "openpyxl")) for m in only_forked)
    # the zygote imports scipy's optimiser at start, a started kernel when the interval audit first needs it
    filters = set(forked.pop("warning filters")) ^ set(started.pop("warning filters"))
    assert forked == started, json.dumps([forked, started], indent=1)
    assert filters <= filters_that_importing_scipy_adds(), filters
    assert forked["backend"] == "module://matplotlib_inline.backend_inline" and forked["build"] == []
    assert forked["process"] == ["MainProcess", True] and forked["main thread"]
    assert forked["own session"] and forked["stdin"] and forked["folder"] == str(folder.resolve())


def filters_that_importing_scipy_adds() -> set[str]:
    import subprocess
    import sys

    code = ("import warnings, numpy, pandas, matplotlib\nbefore = set(map(repr, warnings.filters))\n"
            "import scipy.optimize\nprint(sorted(set(map(repr, warnings.filters)) - before))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return set(eval(done.stdout))  # noqa: S307 - a list of strings printed by our own code


def test_a_zygote_that_imported_an_older_package_is_replaced(tmp_path):
    """The zygote imported the package once; an edit of one of its files (between two builds in one process)
    starts a new zygote, so a notebook imports the package as it is now."""
    import woonzorg.dutch

    folder = tmp_path / "notebooks"
    folder.mkdir()
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[parameters, new_code_cell('import os\nprint("zygote", os.getppid())')],
                                metadata=KERNELSPEC), folder / "1_kernel.ipynb")

    def zygote_pid() -> str:
        report = build(regios=["parkstad"], notebooks=folder, out_dir=tmp_path / "out", workers=1, force=True)
        assert report.ok, report.summary()
        nb = nbformat.read(tmp_path / "out" / "parkstad" / "kernel.ipynb", as_version=4)
        return nb.cells[3].outputs[0]["text"]

    before = zygote_pid()
    assert zygote_pid() == before  # the same zygote while nothing changed
    source = Path(woonzorg.dutch.__file__)
    stat = source.stat()
    try:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        after = zygote_pid()
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert after != before


def test_does_an_empty_source_date_epoch_count_as_unset_in_the_kernels_too(tmp_path, monkeypatch):
    """IPython's banner reads SOURCE_DATE_EPOCH with int(): an empty one stopped every kernel's start (120 s)."""
    import time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[parameters, new_code_cell('import os\nprint(os.environ.get("SOURCE_DATE_EPOCH"))')],
                                metadata=KERNELSPEC), folder / "1_tijd.ipynb")
    started = time.monotonic()
    report = build(regios=["parkstad"], notebooks=folder, out_dir=tmp_path / "out", workers=1)
    assert report.ok, report.summary()
    assert time.monotonic() - started < 60
    nb = nbformat.read(tmp_path / "out" / "parkstad" / "tijd.ipynb", as_version=4)
    assert nb.cells[3].outputs[0]["text"] == "None\n"
