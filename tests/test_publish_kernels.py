"""The build's kernels: launched through jupyter_client's public seams, ready without a wait for silence, and
nothing of the build in a kernel a user runs."""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from woonzorg.publish import kernels, zygote

PACKAGE = Path(kernels.__file__).parents[1]
# the libraries whose private names only woonzorg/publish/upstream.py may touch (issue 31)
GUARDED = ("jupyter_client", "nbclient", "papermill", "IPython", "ipykernel", "multiprocessing", "matplotlib",
           "nbconvert")


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

    with pytest.raises(RuntimeError, match="antwoordde niet"):
        asyncio.run(kernels.wait_until_ready(Silent(), timeout=0))


def test_the_zygote_runs_only_this_interpreter_with_ipykernel_launcher():
    python = sys.executable
    launcher_arguments = zygote.launcher_arguments
    assert launcher_arguments([python, "-m", "ipykernel_launcher", "-f", "k.json"]) == ["-f", "k.json"]
    # ipykernel's own kernel spec: the debugger's flag, which a build does not need
    assert launcher_arguments([python, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"]) == ["-f", "k.json"]
    assert launcher_arguments([python, "-X", "frozen_modules=off", "-m", "ipykernel_launcher"]) == []
    assert launcher_arguments(["/usr/bin/python2", "-m", "ipykernel_launcher"]) is None  # another interpreter
    assert launcher_arguments([python, "-I", "-m", "ipykernel_launcher"]) is None  # an option a fork cannot give
    assert launcher_arguments([python, "-m", "other_launcher"]) is None
    assert launcher_arguments([]) is None


def test_the_zygote_refuses_a_kernel_whose_interpreter_environment_differs():
    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"]
    start = {"PATH": "/bin", "PYTHONHASHSEED": "0", "MPLCONFIGDIR": "/tmp/mpl"}
    assert zygote.refusal({"cmd": cmd, "env": {**start, "PATH": "/usr/bin", "JPY_PARENT_PID": "7"}}, start) == ""
    assert zygote.refusal({"cmd": cmd, "env": {**start, "MPLBACKEND": "agg"}}, start) == ""
    for changed in ({"PYTHONHASHSEED": "1"}, {"MPLCONFIGDIR": "/elders"}, {"PYTHONPATH": "/lek"}, {"OMP_NUM_THREADS": "1"},
                    {"PYTHONSAFEPATH": "1"}):
        assert zygote.refusal({"cmd": cmd, "env": {**start, **changed}}, start), changed
    assert zygote.refusal({"cmd": ["/usr/bin/python2", "-m", "ipykernel_launcher"], "env": start}, start)


def test_is_the_provisioner_registered_where_jupyter_client_looks_and_named_by_the_builds_kernel_spec():
    from importlib.metadata import entry_points

    [entry] = [e for e in entry_points(group="jupyter_client.kernel_provisioners") if e.name == kernels.PROVISIONER]
    assert entry.load() is kernels.ZygoteProvisioner
    spec = kernels.BuildKernelSpecManager(zygote_address="/tmp/z").get_kernel_spec(kernels.KERNEL_NAME)
    assert spec.metadata["kernel_provisioner"] == {"provisioner_name": kernels.PROVISIONER,
                                                   "config": {"address": "/tmp/z"}}
    assert spec.argv[-len(kernels.KERNEL_ARGUMENTS):] == kernels.KERNEL_ARGUMENTS and "ipykernel_launcher" in spec.argv
    assert "--HistoryManager.enabled=False" in spec.argv  # a build needs no command history (a SQLite write per cell)
    assert spec.env["PYTHONSAFEPATH"] == "1"  # nothing imported from the notebook's folder
    # a kernel spec as JupyterLab reads it names no provisioner of ours
    from jupyter_client.kernelspec import KernelSpecManager

    assert "kernel_provisioner" not in KernelSpecManager().get_kernel_spec(kernels.KERNEL_NAME).metadata


def test_does_importing_woonzorg_publish_or_drawing_a_chart_change_no_module_of_python_or_a_library():
    """``import woonzorg.publish`` and a chart drawn as in a participant's kernel add modules and nothing else:
    no entry of sys.modules set to None or replaced, no method of matplotlib patched."""
    code = '''
import json, sys
before = dict(sys.modules)
import matplotlib.markers, matplotlib.text
methods = (matplotlib.markers.MarkerStyle._set_marker, matplotlib.text.Text._get_layout)
before = dict(sys.modules)
import woonzorg.publish
from woonzorg.present import canvas, charts
with charts.house_style():
    fig = canvas.new_figure((4, 3))
    fig.subplots().barh(["a", "b"], [1, 2])
    canvas.svg(fig)
after = sys.modules
print(json.dumps({
    "none": sorted(n for n, m in after.items() if m is None and before.get(n, 0) is not None),
    "replaced": sorted(n for n, m in before.items() if after.get(n) is not m),
    "patched": [matplotlib.markers.MarkerStyle._set_marker is methods[0], matplotlib.text.Text._get_layout is methods[1]],
}))
'''
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"none": [], "replaced": [], "patched": [True, True]}


# --------------------------------------------------------------------------------------------
# No private name of an upstream library outside woonzorg/publish/upstream.py


@cache
def _library_source(library: str) -> str:
    spec = importlib.util.find_spec(library)
    folder = Path(spec.origin).parent
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*.py"))


def _defined_in(library: str, name: str) -> bool:
    """Does ``library`` define ``name`` (a function, method, attribute or module-level name)?"""
    return re.search(rf"(def {re.escape(name)}\b|\b{re.escape(name)}\s*[:=][^=])", _library_source(library)) is not None


def _own_names(trees: dict) -> set[str]:
    """Every name the project itself defines or assigns (functions, classes, attributes, arguments)."""
    names = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return names


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_upstream_names(trees: dict[str, ast.AST], own: set[str]) -> list[str]:
    """Where a module touches a private name of a guarded library: imports it, reads or sets it on an object,
    or overrides it in a subclass of one of the library's classes."""
    found = []
    for where, tree in trees.items():
        imported: dict[str, str] = {}  # local name -> guarded library
        other_modules = set()  # os, sys, ...: os._exit is theirs
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in GUARDED:
                library = node.module.split(".")[0]
                for alias in node.names:
                    imported[alias.asname or alias.name] = library
                    if _private(alias.name) or any(_private(part) for part in node.module.split(".")):
                        found.append(f"{where}:{node.lineno} imports {node.module}.{alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in GUARDED:
                        imported[alias.asname or alias.name.split(".")[0]] = alias.name.split(".")[0]
                    else:
                        other_modules.add(alias.asname or alias.name.split(".")[0])
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in own
                    and not (isinstance(node.value, ast.Name) and node.value.id in other_modules)):
                libraries = [lib for lib in GUARDED if _defined_in(lib, node.attr)]
                if libraries:
                    found.append(f"{where}:{node.lineno} uses {node.attr} ({', '.join(libraries)})")
            elif isinstance(node, ast.ClassDef):
                bases = {lib for base in node.bases for lib in [imported.get(ast.unparse(base).split(".")[0])] if lib}
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and _private(item.name):
                        if any(_defined_in(lib, item.name) for lib in bases):
                            found.append(f"{where}:{item.lineno} overrides {node.name}.{item.name}")
    return found


def test_does_no_module_outside_upstream_touch_a_private_name_of_jupyter_matplotlib_or_multiprocessing():
    trees = {str(p.relative_to(PACKAGE)): ast.parse(p.read_text(encoding="utf-8"))
             for p in PACKAGE.rglob("*.py")}
    own = _own_names(trees)
    assert private_upstream_names({k: v for k, v in trees.items() if k != "publish/upstream.py"}, own) == []
    # and the scan finds what it looks for (upstream.py itself does all three)
    bad = {"voorbeeld.py": ast.parse(
        "from matplotlib.text import Text\nfrom jupyter_client.manager import AsyncKernelManager\n"
        "from multiprocessing import util\n"
        "class M(AsyncKernelManager):\n    async def _async_launch_kernel(self, cmd, **kw): ...\n"
        "def f(ax, process):\n    util._finalizer_registry.clear()\n    return ax._left_title\n")}
    assert len(private_upstream_names(bad, own)) == 3
    assert private_upstream_names({"publish/upstream.py": trees["publish/upstream.py"]}, own)


def test_the_kernel_manager_papermill_gets_hands_out_the_client_that_is_ready_without_waiting_for_silence():
    """nbclient asks the kernel manager for its client (``km.client()``) and waits with that client's
    ``wait_for_ready``: the build's client must be the one handed out, or every kernel start waits
    for 0.2 s of silence on IOPub (it did, unnoticed, until this test)."""
    manager = kernels.BuildKernelManager(kernel_name=kernels.KERNEL_NAME)
    assert type(manager.client()) is kernels.BuildKernelClient


def test_a_kernel_whose_iopub_says_welcome_is_ready_at_once():
    """ipykernel 7 welcomes a new IOPub subscriber (JEP 65): that message proves the channel is connected."""

    class Welcoming(_LateKernel):
        def kernel_info(self):
            msg_id = f"info-{len(self.asked)}"
            self.asked.append(msg_id)
            self.shell.queue.append({"msg_type": "kernel_info_reply", "parent_header": {"msg_id": msg_id}})
            self.iopub.queue.append({"msg_type": "iopub_welcome", "parent_header": {}, "content": {}})
            return msg_id

    kc = Welcoming()
    asyncio.run(kernels.wait_until_ready(kc, timeout=30))
    assert len(kc.asked) == 1
