"""Faults: a build killed at any moment leaves no half-written guide, and a dying worker fails only its task.

Saving learning-circle answers while another save runs is covered where the saving lives:
``tests/test_proces.py`` (``save_zelfscan`` takes an exclusive lock and writes atomically).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from woonzorg import paths
from woonzorg.publish import build
from woonzorg.publish.report import BUILT, FAILED, WORKER_LOST
from woonzorg.storage import remove_stale_temporaries, write_atomically

pytestmark = pytest.mark.notebook

WOONZORG = Path(sys.executable).with_name("woonzorg")
REGIONS = ["parkstad", "enschede"]


def build_command(out: Path, *extra: str) -> list[str]:
    return [str(WOONZORG), "build", "--thema", "regioprofiel", *sum((["--regio", r] for r in REGIONS), []),
            "--out", str(out), "--workers", "2", *extra]


def kill_build_after(command: list[str], delay: float) -> None:
    """Start the build in its own session, then SIGKILL its process group and everything it started."""
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(delay)
    # kernels run in sessions of their own: collect them before the group goes, so none outlives the test
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for child in family:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    process.wait(timeout=30)
    psutil.wait_procs(family, timeout=10)


def assert_no_partial_file(out: Path) -> None:
    for page in out.rglob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    for workbook in out.rglob("*.ipynb"):
        nbformat.validate(nbformat.reads(workbook.read_text(encoding="utf-8"), as_version=4))
    manifest = paths.records_dir(out) / paths.MANIFEST_NAME
    if manifest.exists():
        json.loads(manifest.read_text(encoding="utf-8"))


def test_does_a_build_killed_at_any_moment_leave_only_whole_guides(tmp_path):
    """Kill `woonzorg build` (SIGKILL, whole process group) at five moments; then build once more."""
    out = tmp_path / "site"
    started = time.monotonic()
    first = subprocess.run(build_command(out), capture_output=True, text=True, timeout=300)
    duration = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    assert_no_partial_file(out)

    stale_seen = 0
    delays = [duration * f for f in (0.1, 0.3, 0.5, 0.7, 0.9)]
    for delay in delays:
        kill_build_after(build_command(out, "--force"), delay)
        assert_no_partial_file(out)
        stale_seen += len(list(out.rglob(".*.woonzorg-tmp")))
    # a temporary file of a killed writer is what the next build clears; plant one to be sure
    planted = out / REGIONS[0] / ".regioprofiel.html.abc123.woonzorg-tmp"
    planted.write_text("<html><body>half", encoding="utf-8")

    final = subprocess.run(build_command(out), capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stdout + final.stderr
    assert_no_partial_file(out)
    assert not list(out.rglob(".*.woonzorg-tmp")), "stale temporary files left after the next build"
    for regio in REGIONS:
        assert (out / regio / "regioprofiel.html").exists() and (out / regio / "regioprofiel.ipynb").exists()
    assert (out / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    print(f"5 kills at {', '.join(f'{d:.1f}' for d in delays)} s of {duration:.1f} s; "
          f"{stale_seen} stale temporary files seen and removed")


def test_are_stale_temporary_files_removed_and_guides_kept(tmp_path):
    write_atomically(tmp_path / "r" / "thema.html", "<html></html>")
    (tmp_path / "r" / ".thema.html.x1y2.woonzorg-tmp").write_text("half", encoding="utf-8")
    (tmp_path / "r" / ".thema-concept.md.k3.woonzorg-tmp").write_text("half", encoding="utf-8")
    (tmp_path / "..woonzorg-build.json.q9.woonzorg-tmp").write_text("{", encoding="utf-8")  # as write_atomically names it
    # not the build's own: another program's temporary file, and one of a page the build does not write
    (tmp_path / "r" / ".notities.txt.tmp").write_text("van iemand anders", encoding="utf-8")
    (tmp_path / "r" / ".ander.html.z9.woonzorg-tmp").write_text("van een andere taak", encoding="utf-8")
    removed = remove_stale_temporaries([tmp_path / "r" / "thema.html", tmp_path / "r" / "thema-*",
                                        tmp_path / ".woonzorg-build.json"])
    assert sorted(p.name for p in removed) == ["..woonzorg-build.json.q9.woonzorg-tmp",
                                               ".thema-concept.md.k3.woonzorg-tmp", ".thema.html.x1y2.woonzorg-tmp"]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        ".ander.html.z9.woonzorg-tmp", ".notities.txt.tmp", "thema.html"]


def theme_notebook(folder: Path, name: str, body: str) -> None:
    params = new_code_cell('regio: str = "parkstad"  # regio-id\ndata_dir: str = ""  # gegevensmap')
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[params, new_code_cell(body)],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)


def test_does_a_dying_worker_fail_only_its_own_task(tmp_path):
    """A notebook that kills its worker process is reported in Dutch; the other tasks still complete."""
    notebooks = tmp_path / "notebooks"
    theme_notebook(notebooks, "1_goed.ipynb", 'print("goed", regio)')
    # kills the pool worker (whose pid jupyter_client gives the kernel as JPY_PARENT_PID) for one region only
    theme_notebook(notebooks, "2_dodelijk.ipynb",
                   'import os, signal\nif regio == "enschede":\n    os.kill(int(os.environ["JPY_PARENT_PID"]), signal.SIGKILL)\n'
                   'print("overleefd", regio)')
    out = tmp_path / "site"
    started = time.monotonic()
    report = build(regios=REGIONS, notebooks=notebooks, out_dir=out, workers=2)
    assert time.monotonic() - started < 150
    status = {(r.task.regio, r.task.thema): r for r in report.results}
    assert status[("enschede", "dodelijk")].status == FAILED
    assert WORKER_LOST in status[("enschede", "dodelijk")].error
    assert "enschede" in status[("enschede", "dodelijk")].error
    assert "werkproces stopte onverwacht" in report.summary()
    for key in [("parkstad", "goed"), ("enschede", "goed"), ("parkstad", "dodelijk")]:
        assert status[key].status == BUILT, status[key].error
        assert (out / key[0] / f"{key[1]}.html").exists()
    assert not (out / "enschede" / "dodelijk.html").exists()
    assert len(report.failed) == 1


def test_is_a_kernel_that_exits_a_failed_task_and_not_a_hang(tmp_path):
    """os._exit in a notebook ends the kernel, not the build: one failed task, the other built."""
    notebooks = tmp_path / "notebooks"
    theme_notebook(notebooks, "1_afsluiten.ipynb", 'import os\nif regio == "parkstad":\n    os._exit(3)\nprint(regio)')
    report = build(regios=REGIONS, notebooks=notebooks, out_dir=tmp_path / "site", workers=2)
    status = {r.task.regio: r for r in report.results}
    assert status["parkstad"].status == FAILED and "parkstad" in status["parkstad"].error
    assert status["enschede"].status == BUILT


@pytest.mark.parametrize("delay", [1.0, "running"])
def test_does_ctrl_c_leave_a_whole_site_and_no_english_traceback(tmp_path, delay):
    """SIGINT to the build's process group (what Ctrl-C does), during the start (the forkserver imports) or
    while notebooks run: the command says "afgebroken" in Dutch (exit 130) without a traceback, leaves no
    temporary file, and the index lists only guides that are on disk."""
    out = tmp_path / "site"
    regios = ["parkstad", "enschede", "groningen", "mra"]
    command = [str(WOONZORG), "build", "--thema", "regioprofiel", *sum((["--regio", r] for r in regios), []),
               "--out", str(out), "--workers", "2"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        if delay == "running":  # once a guide is published, while the others' notebooks run
            deadline = time.monotonic() + 180
            while not list(out.glob("*/regioprofiel.html")) and time.monotonic() < deadline:
                time.sleep(0.05)
        else:
            time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    assert process.returncode == 130, stdout + stderr
    assert "afgebroken" in stderr and "Traceback" not in stderr + stdout, stderr
    assert [p for p in out.rglob("*") if p.name.startswith(".")] == []
    if (out / "index.html").exists():
        index = (out / "index.html").read_text(encoding="utf-8")
        for regio in regios:
            assert (f"{regio}/regioprofiel.html" in index) == (out / regio / "regioprofiel.html").exists(), regio


def test_is_a_full_disk_on_the_output_folder_a_dutch_refusal(tmp_path, monkeypatch):
    import errno

    from woonzorg.publish import cache
    from woonzorg.publish.plan import PlanError

    def full(path, content):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(cache, "write_atomically", full)
    notebooks = tmp_path / "notebooks"
    theme_notebook(notebooks, "1_goed.ipynb", 'print("goed", regio)')
    with pytest.raises(PlanError, match="de schijf van de uitvoermap .* is vol"):
        build(regios=["parkstad"], notebooks=notebooks, out_dir=tmp_path / "site", workers=1)
