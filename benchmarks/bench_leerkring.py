"""Benchmark of the leerkring app (`make bench-leerkring`): prints figures, asserts nothing.

Starts `woonzorg leerkring parkstad` on 127.0.0.1 (a copy of data/ and its own build in a temporary folder)
and drives Debian's Chromium:

1. workbook ready time: from opening the woonzorganalyse workbook until its scenario controls and their
   output are on the page (five page loads, each a new kernel; the page is closed after each);
2. control-to-chart latency: from the key press on the mutatiegraad slider (and from choosing another
   verdeelsleutel) until the key figures and charts under the controls have been replaced (p50, p95);
3. memory per participant: the proportional set size (PSS) and resident size of each workbook kernel
   with one and with four pages open, and of the server itself.

Issue #30's targets: a control redraws in under 300 ms (p95), a workbook is usable in under 3 s.

Usage: .venv/bin/python benchmarks/bench_leerkring.py [--laden N] [--stappen N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lib"))

from woonzorg import paths  # noqa: E402
from woonzorg.leerkring import app  # noqa: E402
from woonzorg.publish import build  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--lang=nl-NL"]

# in the page: time from the key press (captured) until the scenario output has been replaced and holds its charts
WATCH = """() => {
  const out = [...document.querySelectorAll('.widget-vbox')].filter(b => b.innerText.includes('Terug naar de uitgangswaarden')).pop().querySelector('.widget-output');
  const charts = out.querySelectorAll('svg, img').length;
  window.wzDone = new Promise(resolve => {
    let start = null;
    const onInput = () => { if (start === null) start = performance.now(); };
    document.addEventListener('keydown', onInput, {capture: true, once: true});
    document.addEventListener('change', onInput, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      if (start !== null && out.querySelectorAll('svg, img').length >= charts && out.innerText.length > 20) {
        observer.disconnect(); resolve(performance.now() - start);
      }
    });
    observer.observe(out, {subtree: true, childList: true, characterData: true});
  });
}"""


# in the page: the scenario controls are there and their output holds its charts (the workbook is usable)
READY = """() => {
  const box = [...document.querySelectorAll('.widget-vbox')].filter(b => b.innerText.includes('Terug naar de uitgangswaarden')).pop();
  return Boolean(box && box.querySelector('.widget-output svg, .widget-output img'));
}"""


def memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process in kB, from /proc."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
    rss = int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1))
    return pss, rss


def kernels_of(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if re.search(rf"^PPid:\s+{pid}$", status.read_text(), re.M) and \
                    b"ipykernel" in (status.parent / "cmdline").read_bytes():
                found.append(int(status.parent.name))
        except OSError:
            continue
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laden", type=int, default=5, help="page loads for the ready time")
    parser.add_argument("--stappen", type=int, default=20, help="slider steps for the latency")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory(prefix="bench-leerkring-") as folder:
        root = Path(folder)
        data_dir, out, werkboeken = root / "data", root / "handreikingen", root / "werkboeken"
        shutil.copytree(paths.PROJECT_ROOT / "data", data_dir)
        report = build(regios=["parkstad"], themas=["woonzorganalyse"], data_dir=data_dir, out_dir=out, workers=1)
        assert report.ok, report.summary()
        port = app.free_port()
        env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"))
        server = subprocess.Popen(
            [sys.executable, "-m", "woonzorg.cli", "leerkring", "parkstad", "--poort", str(port), "--data",
             str(data_dir), "--out", str(out), "--werkboeken", str(werkboeken)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        try:
            link = re.search(r"http://127\.0\.0\.1:\d+/leerkring/\?token=[\w-]+", server.stdout.readline()).group(0)
            for _ in range(200):
                try:
                    urllib.request.urlopen(link, timeout=5)
                    break
                except (urllib.error.URLError, OSError):
                    time.sleep(0.3)
            workbook = f"http://127.0.0.1:{port}/voila/render/woonzorganalyse.ipynb"
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                context = browser.new_context(locale="nl-NL")
                context.new_page().goto(link)  # the token becomes a cookie
                ready = []
                for _ in range(args.laden):
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(workbook)
                    page.wait_for_function(READY, timeout=120_000)
                    ready.append(time.perf_counter() - start)
                    page.close(run_before_unload=True)
                    time.sleep(1)
                page = context.new_page()
                page.goto(workbook)
                page.wait_for_selector("text=Terug naar de uitgangswaarden", timeout=120_000)
                time.sleep(1)
                handle = page.locator(".widget-vbox", has_text="Terug naar de uitgangswaarden").last \
                    .locator(".noUi-handle").first
                slider = []
                for step in range(args.stappen):
                    page.evaluate(WATCH)
                    handle.press("ArrowRight" if step < args.stappen // 2 else "ArrowLeft")
                    slider.append(page.evaluate("window.wzDone"))
                    time.sleep(0.2)
                dropdown = []
                select = page.locator("select").first
                options = select.locator("option").count()
                for step in range(6):
                    page.evaluate(WATCH)
                    select.select_option(index=(step + 1) % options)
                    dropdown.append(page.evaluate("window.wzDone"))
                    time.sleep(0.2)
                one = [memory_kb(k) for k in kernels_of(server.pid)]
                more = [context.new_page() for _ in range(3)]
                for extra in more:
                    extra.goto(workbook)
                for extra in more:
                    extra.wait_for_selector("text=Terug naar de uitgangswaarden", timeout=180_000)
                time.sleep(2)
                four = [memory_kb(k) for k in kernels_of(server.pid)]
                server_memory = memory_kb(server.pid)
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    def ms(values):
        return (f"p50 {statistics.median(values):.0f} ms, p95 {percentile(values, 0.95):.0f} ms "
                f"(min {min(values):.0f}, max {max(values):.0f}, n = {len(values)})")

    print(f"workbook ready (woonzorganalyse, parkstad): median {statistics.median(ready):.2f} s, "
          f"max {max(ready):.2f} s over {len(ready)} loads: {', '.join(f'{t:.2f}' for t in ready)}")
    print(f"control to chart, mutatiegraad slider: {ms(slider)}")
    print(f"control to chart, verdeelsleutel dropdown: {ms(dropdown)}")
    print(f"memory per participant (one kernel per open workbook): one page open: "
          f"{', '.join(f'PSS {p / 1024:.0f} MB / RSS {r / 1024:.0f} MB' for p, r in one)}")
    print(f"  four pages open: PSS {', '.join(f'{p / 1024:.0f}' for p, _ in four)} MB "
          f"(sum {sum(p for p, _ in four) / 1024:.0f} MB); the server itself PSS {server_memory[0] / 1024:.0f} MB")
    print("the zelfscan, bod-ronde and own-figure pages start no kernel")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
