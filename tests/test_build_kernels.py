"""Warm kernels are an optimisation only: the same outputs as fresh kernels, and nothing leaks between tasks."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from woonzorg.publish import build, kernels

pytestmark = pytest.mark.notebook

# Prints what a notebook could inherit from the one before it, then changes all of it.
PROBE = '''\
import os, sys, warnings
import matplotlib
import pandas as pd
import woonzorg
sys.path.insert(0, os.getcwd())  # kernels do not import from their folder by themselves (issue 19, item 2)
import lekmodule
print("namen", sorted(n for n in globals() if not n.startswith("_") and n not in
      {"In", "Out", "exit", "quit", "get_ipython", "open", "os", "sys", "warnings", "matplotlib", "pd",
       "woonzorg", "lekmodule", "regio"}))
print("lijndikte", matplotlib.rcParams["lines.linewidth"])
print("pandas max_rows", pd.get_option("display.max_rows"))
print("woonzorg.lek", getattr(woonzorg, "lek", None))
print("omgeving", os.environ.get("WZ_LEK"))
print("map", os.getcwd() == os.path.dirname(lekmodule.__file__))
print("lekmodule.teller", lekmodule.teller)
print("sys.path", "/lek" in sys.path)
warnings.warn("deze waarschuwing hoort in elke notebook te staan")
'''
CHANGE = '''\
vorige_regio = regio
matplotlib.rcParams["lines.linewidth"] = 9
pd.set_option("display.max_rows", 3)
woonzorg.lek = regio
os.environ["WZ_LEK"] = regio
lekmodule.teller += 1
sys.path.append("/lek")
os.chdir("/")
'''


def probe_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lekmodule.py").write_text("teller = 0\n", encoding="utf-8")
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[parameters, new_code_cell(PROBE), new_code_cell(CHANGE)],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    for i, cell in enumerate(nb.cells):
        cell.id = f"cel-{i}"  # fixed ids: the two builds read byte-identical notebooks
    nbformat.write(nb, folder / "1_lek.ipynb")
    return folder


def same_in_any_two_runs(text: str) -> str:
    """Object addresses in reprs, the kernel's process id in warnings and the random ids of widget models
    (the learning-circle exercises in the workbook) differ between any two kernels."""
    text = re.sub(r'"model_id": "[0-9a-f]{32}"', '"model_id": "…"', text)
    return re.sub(r"ipykernel_\d+", "ipykernel_…", re.sub(r" at 0x[0-9a-f]+", " at 0x…", text))


def outputs(out: Path, regio: str, thema: str) -> list:
    nb = nbformat.read(out / regio / f"{thema}.ipynb", as_version=4)
    return [(c.cell_type, same_in_any_two_runs(json.dumps(c.get("outputs", []), sort_keys=True)),
             c.get("execution_count")) for c in nb.cells]


def printed(out: Path, regio: str) -> str:
    nb = nbformat.read(out / regio / "lek.ipynb", as_version=4)  # note, parameters, injected parameters, probe
    return "".join(o.get("text", "") for o in nb.cells[3].outputs)


def test_does_no_state_leak_from_one_region_to_the_next_in_a_warm_kernel(tmp_path):
    notebooks = probe_notebooks(tmp_path / "notebooks")
    report = build(regios=["parkstad", "enschede", "groningen"], notebooks=notebooks, out_dir=tmp_path / "out",
                   workers=1, executor="warm")
    assert report.ok, report.summary()
    first = printed(tmp_path / "out", "parkstad")
    assert "namen []" in first and "lijndikte 1.5" in first and "pandas max_rows 60" in first
    assert "woonzorg.lek None" in first and "omgeving None" in first and "map True" in first
    assert "lekmodule.teller 0" in first and "sys.path False" in first
    for regio in ("enschede", "groningen"):  # ran after parkstad in the same kernel
        assert printed(tmp_path / "out", regio) == first
    for regio in ("parkstad", "enschede", "groningen"):
        [warning] = [o for o in nbformat.read(tmp_path / "out" / regio / "lek.ipynb", as_version=4).cells[3].outputs
                     if o.get("name") == "stderr"]
        assert "deze waarschuwing hoort in elke notebook te staan" in warning["text"]


def test_do_warm_and_fresh_kernels_build_identical_guides(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    notebooks = probe_notebooks(tmp_path / "notebooks")
    nbformat.write(nbformat.read(Path(__file__).parents[1] / "notebooks" / "0_regioprofiel.ipynb", as_version=4),
                   notebooks / "0_regioprofiel.ipynb")
    regios = ["parkstad", "enschede"]
    for executor in ("warm", "vers"):
        report = build(regios=regios, notebooks=notebooks, out_dir=tmp_path / executor, workers=1, executor=executor)
        assert report.ok, report.summary()
    for regio in regios:
        for thema in ("regioprofiel", "lek"):
            assert outputs(tmp_path / "warm", regio, thema) == outputs(tmp_path / "vers", regio, thema)
            pages = [same_in_any_two_runs((tmp_path / executor / regio / f"{thema}.html").read_text(encoding="utf-8"))
                     for executor in ("warm", "vers")]
            assert pages[0] == pages[1]


def test_a_module_edited_between_builds_is_imported_as_edited_by_the_same_warm_kernel(tmp_path):
    # the warm kernel compiles each module's source once (woonzorg.publish._kernel_state): keyed by
    # the source, so an edit between two builds in the same process (same kernel) is seen
    notebooks = probe_notebooks(tmp_path / "notebooks")
    for teller in (0, 41, 7):
        (notebooks / "lekmodule.py").write_text(f"teller = {teller}\n", encoding="utf-8")
        report = build(regios=["parkstad"], notebooks=notebooks, out_dir=tmp_path / "out", workers=1,
                       executor="warm", force=True)
        assert report.ok, report.summary()
        assert f"lekmodule.teller {teller}\n" in printed(tmp_path / "out", "parkstad")


def kernel_probe_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    # before the notebook imports anything of the project: is it loaded already (kept from start-up)?
    probe = new_code_cell('import os, sys\nprint("kernel", os.getpid(), "woonzorg.analyse" in sys.modules)')
    nb = new_notebook(cells=[parameters, probe], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                          "language": "python"}})
    nbformat.write(nb, folder / "1_kernel.ipynb")
    return folder


def kernel_line(out: Path, regio: str) -> str:
    nb = nbformat.read(out / regio / "kernel.ipynb", as_version=4)
    [line] = [o["text"] for o in nb.cells[3].outputs if o.get("name") == "stdout"]
    return line


def test_a_warm_kernel_collects_at_the_batch_thresholds_whatever_a_notebook_set(tmp_path):
    """Warm kernels collect garbage less often (processes.BATCH_GC_THRESHOLDS); a notebook that sets other
    thresholds sets them for itself only."""
    from woonzorg.publish.processes import BATCH_GC_THRESHOLDS

    folder = tmp_path / "notebooks"
    folder.mkdir()
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    probe = new_code_cell('import gc\nprint("gc", gc.get_threshold())\ngc.set_threshold(1, 1, 1)')
    nbformat.write(new_notebook(cells=[parameters, probe], metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}}), folder / "1_afval.ipynb")
    regios = ["parkstad", "enschede", "groningen"]  # one after the other in one warm kernel
    report = build(regios=regios, notebooks=folder, out_dir=tmp_path / "out", workers=1, executor="warm")
    assert report.ok, report.summary()
    for regio in regios:
        nb = nbformat.read(tmp_path / "out" / regio / "afval.ipynb", as_version=4)
        assert [o["text"] for o in nb.cells[3].outputs] == [f"gc {BATCH_GC_THRESHOLDS}\n"], regio


def test_a_warm_kernel_keeps_the_project_loaded_until_one_of_its_files_changes(tmp_path):
    import woonzorg.dutch

    notebooks = kernel_probe_notebooks(tmp_path / "notebooks")
    out = tmp_path / "out"
    report = build(regios=["parkstad", "enschede"], notebooks=notebooks, out_dir=out, workers=1, executor="warm")
    assert report.ok, report.summary()
    # the second notebook ran in the same kernel, which had the themes loaded before either notebook
    # imported them (a fresh kernel has not)
    before = kernel_line(out, "parkstad")
    assert before == kernel_line(out, "enschede")
    assert before.split()[2] == "True"
    source = Path(woonzorg.dutch.__file__)
    stat = source.stat()
    try:  # an edit between two builds that share the kernel: only the file's time changes here
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        report = build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1, executor="warm", force=True)
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert report.ok, report.summary()
    assert kernel_line(out, "parkstad").split()[1] != before.split()[1]  # a new kernel, with the package as it is now


# State outside the namespace and the modules' own files: the interpreter, the installed libraries
# and IPython itself. The second notebook in the same warm kernel must see what a fresh kernel shows.
STATE_PROBE = '''\
import builtins, decimal, json, random, sys
import matplotlib, numpy as np, pandas as pd
print("builtins", hasattr(builtins, "lek"), hex(255), hasattr(builtins, "ascii"))
print("modules", getattr(pd, "lek", None), getattr(np, "lek", None), getattr(matplotlib, "lek", None),
      json.dumps([1]), hasattr(json, "load"))
print("classes", hasattr(pd.DataFrame, "lek"), pd.Series([1, 2]).sum(), hasattr(pd.DataFrame, "to_html"),
      hasattr(json.JSONEncoder, "lek"))
print("numpy", np.get_printoptions()["precision"], np.array([1 / 3]), np.geterr())
print("decimal", decimal.getcontext().prec, decimal.Decimal(1) / 3)
print("recursion", sys.getrecursionlimit())
seeded = random.Random(42)  # whatever drew a few numbers in between: still one of the first thousand
print("random", random.random() in {seeded.random() for _ in range(1000)},
      np.random.random_sample() in set(np.random.RandomState(42).random_sample(1000)))
'''
POLLUTE = '''\
builtins.lek = regio
builtins.hex = lambda number: "gepatcht"
vars(builtins).pop("ascii", None)  # as `del`, also when it is gone already
pd.lek = np.lek = matplotlib.lek = regio
# the kernel's own messages go through json.dumps too
json.dumps = lambda obj, *args, _echt=json.dumps, **kwargs: "gepatcht" if obj == [1] else _echt(obj, *args, **kwargs)
vars(json).pop("load", None)
pd.DataFrame.lek = property(lambda self: "gepatcht")
pd.Series.sum = lambda self, *args, **kwargs: -1
if "to_html" in vars(pd.DataFrame):
    del pd.DataFrame.to_html
json.JSONEncoder.lek = 1
np.set_printoptions(precision=2)
np.seterr(all="raise")
decimal.getcontext().prec = 5
sys.setrecursionlimit(2345)
random.seed(42)
np.random.seed(42)
formatters = get_ipython().display_formatter.formatters
formatters["text/plain"].for_type(int, lambda n, p, cycle: p.text("gepatcht"))
formatters["text/plain"].for_type_by_name("decimal", "Decimal", lambda d, p, cycle: p.text("gepatcht"))
formatters["text/html"].enabled = False
get_ipython().events.register("pre_run_cell", lambda info: print("haak voor de cel"))
get_ipython().events.register("post_run_cell", lambda result: print("haak na de cel"))
'''


def state_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    cells = [parameters, new_code_cell(STATE_PROBE), new_code_cell("1"), new_code_cell('decimal.Decimal("1.5")'),
             new_code_cell('pd.DataFrame({"a": [1]})'), new_code_cell(POLLUTE)]
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    for i, cell in enumerate(nb.cells):
        cell.id = f"cel-{i}"
    nbformat.write(nb, folder / "1_staat.ipynb")
    return folder


def test_does_no_interpreter_library_or_ipython_state_leak_into_the_next_notebook_of_a_warm_kernel(tmp_path):
    notebooks = state_notebooks(tmp_path / "notebooks")
    regios = ["parkstad", "enschede"]  # one after the other in one warm kernel
    for executor in ("warm", "vers"):
        report = build(regios=regios, notebooks=notebooks, out_dir=tmp_path / executor, workers=1, executor=executor)
        assert report.ok, report.summary()
    for regio in regios:  # the one that ran second saw what the first left behind
        nb = nbformat.read(tmp_path / "warm" / regio / "staat.ipynb", as_version=4)  # a guide opens with a note
        probe = "".join(o.get("text", "") for o in nb.cells[3].outputs)
        assert "builtins False 0xff True\n" in probe
        assert "modules None None None [1] True\n" in probe
        assert "classes False 3 True False\n" in probe
        assert "numpy 8 [0.33333333] {'divide': 'warn', 'over': 'warn', 'under': 'ignore', 'invalid': 'warn'}\n" in probe
        assert "decimal 28 0.3333333333333333333333333333\n" in probe
        assert "random False False\n" in probe
        assert "haak" not in probe
        [one] = nb.cells[4].outputs
        assert one["data"] == {"text/plain": "1"}
        [half] = nb.cells[5].outputs
        assert half["data"] == {"text/plain": "Decimal('1.5')"}
        [frame] = nb.cells[6].outputs
        assert "text/html" in frame["data"]
    # and all of it exactly as a fresh kernel shows it, the recursion limit too
    for regio in regios:
        assert outputs(tmp_path / "warm", regio, "staat") == outputs(tmp_path / "vers", regio, "staat")


KERNEL_FACTS = '''\
import json, logging, os, sys, threading, warnings
import jinja2, scipy.optimize  # loaded at start in a forked kernel, at first use in a started one
import matplotlib, multiprocessing
from multiprocessing import shared_memory
memory = shared_memory.SharedMemory(create=True, size=8)  # registered with a resource tracker of its own
memory.close()
memory.unlink()
facts = {
    "sys.path": sys.path,
    "modules": sorted(sys.modules),
    "loggers": sorted(logging.Logger.manager.loggerDict),
    "import hooks": [type(m).__name__ for m in sys.meta_path] + [getattr(h, "__qualname__", "") for h in sys.path_hooks],
    "filters of the workers' libraries": [repr(f) for f in warnings.filters
                                          if any(w in repr(f) for w in ("urllib3", "requests", "bleach"))],
    "process": [multiprocessing.current_process().name, multiprocessing.parent_process() is None],
    "main thread": threading.current_thread() is threading.main_thread(),
    "backend": matplotlib.get_backend(),
    "own session": os.getpgid(0) == os.getpid(),
    "parent": os.environ.get("JPY_PARENT_PID") == str(os.getppid()),
    "stdin": not os.isatty(0),
    "folder": os.getcwd(),
}
print(json.dumps(facts))
print("naam", open("/proc/self/comm").read().strip())
'''


def test_a_pool_workers_forked_kernel_starts_as_a_started_kernel_would(tmp_path):
    """On the process pool each worker's first warm kernel is forked (its process is named wz-kernel);
    it holds the same modules, loggers and import hooks as a warm kernel started as a new process (the
    in-process executor's), the interpreter's own sys.path, matplotlib's inline backend, a session of
    its own, its worker as parent, no terminal for input, and to multiprocessing it is a main process
    with a resource tracker of its own: nothing of the worker it was forked from."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[parameters, new_code_cell(KERNEL_FACTS)],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, folder / "1_kernel.ipynb")
    facts, names = {}, {}
    for label, workers in (("gevorkt", 2), ("gestart", 1)):
        kernels.shutdown_warm_kernels()  # a new one: an earlier test's notebooks loaded more into this process's
        report = build(regios=["parkstad", "enschede"], notebooks=folder, out_dir=tmp_path / label, workers=workers,
                       executor="warm")
        assert report.ok, report.summary()
        for regio in ("parkstad", "enschede"):
            text = "".join(o.get("text", "") for o in nbformat.read(tmp_path / label / regio / "kernel.ipynb",
                                                                     as_version=4).cells[3].outputs)
            line, name = text.strip().splitlines()
            facts[label, regio] = json.loads(line)
            names[label, regio] = name
    assert {names["gevorkt", r] for r in ("parkstad", "enschede")} == {"naam wz-kernel"}, names
    assert {names["gestart", r] for r in ("parkstad", "enschede")} == {"naam python"}, names
    for regio in ("parkstad", "enschede"):
        forked, started = dict(facts["gevorkt", regio]), dict(facts["gestart", regio])
        only_forked = set(forked.pop("modules")) - set(started["modules"])
        only_started = set(started.pop("modules")) - set(facts["gevorkt", regio]["modules"])
        # the forkserver's own module and this record; and Python's codec registry still knows the idna
        # codec the worker looked up, which a started kernel imports to bind its ports
        assert only_forked <= {"multiprocessing.forkserver", "woonzorg.publish.kernel_libraries"}, only_forked
        assert only_started <= {"encodings.idna", "stringprep"}, only_started
        assert forked == started
    forked = facts["gevorkt", "parkstad"]
    assert forked["backend"] == "module://matplotlib_inline.backend_inline"
    assert forked["process"] == ["MainProcess", True] and forked["main thread"]
    assert forked["filters of the workers' libraries"] == []
    assert not any(m.startswith(("nbconvert", "papermill", "openpyxl", "docx", "woonzorg.publish.worker"))
                   for m in forked["modules"])
    assert all(forked[k] for k in ("own session", "parent", "stdin"))
    assert forked["folder"] == str(folder.resolve())
