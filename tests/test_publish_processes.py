"""Process hygiene of the build: no module from the working directory, nothing alive after a kill,
no stale page after a killed build, one build per output folder, Dutch refusals for a bad folder,
date or time zone."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from woonzorg import paths
from woonzorg.publish import zygote
from woonzorg.publish.plan import PlanError
from woonzorg.publish.run import build_date, output_lock

WOONZORG = Path(sys.executable).with_name("woonzorg")


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(WOONZORG), *args], capture_output=True, text=True, timeout=600, **kw)


def _marked(marker: str) -> list[psutil.Process]:
    """Every process that inherited the environment variable WOONZORG_TEST_MARK=marker."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("WOONZORG_TEST_MARK") == marker:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


@pytest.mark.notebook
def test_modules_in_the_working_directory_are_never_imported(tmp_path):
    """A folder concurrent/ or ipywidgets/ where the build starts must not run inside the build."""
    alarm = tmp_path / "ALARM"
    for name in ("concurrent", "ipywidgets", "pandas", "woonzorg"):
        package = tmp_path / "werkmap" / name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(f"open({str(alarm)!r}, 'a').write({name!r})\n", encoding="utf-8")
    out = tmp_path / "uit"
    done = _run(["build", "--regio", "parkstad", "--thema", "regioprofiel", "--out", str(out), "--workers", "2"],
                cwd=tmp_path / "werkmap")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not alarm.exists(), f"imported from the working directory: {alarm.read_text()}"
    assert (out / "parkstad" / "regioprofiel.html").exists()
    # and with one worker (in-process)
    done = _run(["build", "--regio", "groningen", "--thema", "regioprofiel", "--out", str(out), "--workers", "1"],
                cwd=tmp_path / "werkmap")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not alarm.exists(), f"imported from the working directory: {alarm.read_text()}"


def _is_kernel(process) -> bool:
    """A kernel started as a process (its command line), forked by the zygote (its name), or the zygote."""
    try:
        command = " ".join(process.cmdline())
        return "ipykernel" in command or "woonzorg.publish.zygote" in command or process.name() == zygote.NAME.decode()
    except psutil.Error:
        return False


@pytest.mark.notebook
def test_a_build_killed_with_sigkill_leaves_no_process_and_no_stale_page(tmp_path):
    """kill -9 of the build command alone: forkserver, workers and kernels die with it, and a later
    build with the original data rebuilds every task the killed build had started."""
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    out = tmp_path / "uit"
    # one region: four tasks on two workers, so some are under way and some wait when the kill comes
    command = ["build", "--regio", "parkstad", "--data", str(data), "--out", str(out), "--workers", "2"]
    fixed = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}  # one build date: pages compare byte for byte
    first = _run(command, env=fixed)
    assert first.returncode == 0, first.stdout + first.stderr
    original = {p: p.read_bytes() for p in out.rglob("*.html")}

    # the killed run sees other data: every municipality gets one more inhabitant
    gemeenten = data / "gemeenten.csv"
    saved = gemeenten.read_bytes()
    lines = saved.decode("utf-8").splitlines(keepends=True)
    header = lines[0].split(",")
    col = header.index("inwoners")
    changed = [lines[0]] + [",".join(f if i != col else str(int(f) + 1) for i, f in enumerate(line.split(",")))
                            if line.strip() and line.split(",")[col].isdigit() else line for line in lines[1:]]
    gemeenten.write_text("".join(changed), encoding="utf-8")

    marker = uuid.uuid4().hex
    env = {**fixed, "WOONZORG_TEST_MARK": marker}
    process = subprocess.Popen([str(WOONZORG), *command], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(_is_kernel(p) for p in _marked(marker) if p.is_running()):
        time.sleep(0.2)
    time.sleep(1.5)  # some tasks are under way
    process.send_signal(signal.SIGKILL)  # the build command only, not its process group
    process.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _marked(marker):
        time.sleep(0.5)
    survivors = [(p.pid, " ".join(p.cmdline())[:80]) for p in _marked(marker)]
    for p in _marked(marker):
        p.kill()
    assert not survivors, f"still running after the build was killed: {survivors}"

    gemeenten.write_bytes(saved)  # back to the data of the first build
    final = _run(command, env=fixed)
    assert final.returncode == 0, final.stdout + final.stderr
    changed = [str(page.relative_to(out)) for page, content in original.items() if page.read_bytes() != content]
    assert changed == [], "pages that still show the killed build's data"


@pytest.mark.notebook
def test_two_builds_into_one_folder_take_turns(tmp_path):
    out = tmp_path / "uit"
    with output_lock(out):
        waiting = subprocess.Popen(
            [sys.executable, "-c", "import sys; from pathlib import Path; from woonzorg.publish.run import output_lock\n"
             f"with output_lock(Path({str(out)!r})): print('binnen', flush=True)"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert waiting.poll() is None, "the second build did not wait for the first"
    stdout, stderr = waiting.communicate(timeout=30)
    assert "binnen" in stdout
    assert "Er loopt al een bouw" in stderr


def test_a_read_only_output_folder_is_refused_in_dutch(tmp_path):
    if os.geteuid() == 0:
        folder = Path("/proc/woonzorg-uit")  # root may write anywhere else
    else:
        folder = tmp_path / "alleen-lezen"
        folder.mkdir()
        folder.chmod(0o500)
    done = _run(["build", "--regio", "parkstad", "--thema", "regioprofiel", "--out", str(folder)])
    assert done.returncode == 2, done.stdout + done.stderr
    assert "uitvoermap" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("variable, value, word", [("SOURCE_DATE_EPOCH", "abc", "SOURCE_DATE_EPOCH"),
                                                   ("TZ", "UTC+99", "tijdzone")])
def test_a_bad_build_date_or_time_zone_is_refused_in_dutch(monkeypatch, variable, value, word):
    monkeypatch.setenv(variable, value)
    if variable == "TZ":
        time.tzset()
    try:
        with pytest.raises(PlanError, match=word):
            build_date()
    finally:
        monkeypatch.undo()
        if variable == "TZ":
            time.tzset()


def test_a_region_asked_twice_is_built_once():
    from woonzorg.data import load_dataset
    from woonzorg.publish.plan import build_plan

    tasks = build_plan(load_dataset(), regios=["parkstad", "parkstad"], themas=["regioprofiel", "regioprofiel"])
    assert [t.key for t in tasks] == ["parkstad/regioprofiel"]
