"""Benchmark of `woonzorg build`: prints figures, asserts nothing (`make bench`).

Measures, on a copy of data/ in a temporary folder:

1. a naive loop: per region × theme `papermill` then `jupyter nbconvert --to html --no-input`;
2. a cold full build (`woonzorg build`, a kernel per notebook forked from the zygote; the median of
   five, each into an empty folder, alternating with five parts of the naive loop) as a ratio to the
   naive loop, with peak memory (sum of the resident memory of the build's process tree, sampled
   every 0.1 s);
3. a no-op rebuild (nothing changed);
4. a rebuild after changing one region's data (one municipality of parkstad): which tasks ran;
5. the largest guide page minus its embedded figures (and of the appendix and facilitator pages);
6. the whole country (issue #18): a copy of data/ with the six koplopers plus all twelve provinces
   added (``regions.add_province``; 18 regions × 4 themes = 72 guides, Noord-Brabant with 56
   municipalities), a cold build on the process pool and on a Dask LocalCluster: time per guide
   against the 24-guide build, the slowest guide against the median (cost should grow linearly:
   no guide over ~3× the median), and whether both executors wrote identical pages (every HTML
   file byte for byte, the build date stripped).

Targets (issue #6): cold ≥ 10× the naive loop on 2 cores, no-op < 1 s, a one-region change
rebuilds only that region, a page minus figures < 40 KB.

Usage: .venv/bin/python benchmarks/bench_build.py [--regio ID ...] [--thema NAAM ...] [--skip-naive]
       [--zonder-landelijk | --alleen-landelijk]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import psutil

from woonzorg import paths, regions
from woonzorg.publish.plan import discover_themes
from woonzorg.data import load_dataset

BIN = Path(sys.executable).parent
# the cold build takes seconds and varies by a second or more between runs on a
# shared machine: its median over five runs is set against the (long, steadier) naive loop
WARM_RUNS = 5


def run_measured(command: list[str], **kwargs) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a command; return seconds, the peak summed RSS of its process tree (bytes), the result."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(process.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                break
            peak = max(peak, total)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak, subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def naive_loop(tasks: list[tuple[str, str, Path]], data: Path, work: Path) -> float:
    start = time.perf_counter()
    for regio, thema, notebook in tasks:
        executed = work / f"{regio}-{thema}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(notebook), str(executed), "-p", "regio", regio,
                        "-p", "data_dir", str(data), "-k", "python3", "--cwd", str(notebook.parent),
                        "--execution-timeout", "600"], check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                       check=True, capture_output=True)
    return time.perf_counter() - start


def woonzorg_build(out: Path, data: Path, regios: list[str], themas: list[str], *extra: str):
    command = [str(BIN / "woonzorg"), "build", "--out", str(out), "--data", str(data)]
    for r in regios:
        command += ["--regio", r]
    for t in themas:
        command += ["--thema", t]
    seconds, peak, done = run_measured(command + list(extra))
    if done.returncode not in (0, 1):
        sys.exit(f"build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    totals = re.search(r"(\d+) gebouwd, (\d+) overgeslagen, (\d+) mislukt", done.stdout)
    for message in re.findall(r"^FOUT (.*)$", done.stdout, re.MULTILINE):  # a failed task says why
        print(f"  FOUT {message[:300]}", flush=True)
    built_tasks = re.findall(r"^(\S+)\s+(\S+)\s+gebouwd\s+\S+\s+(.*)$", done.stdout, re.MULTILINE)
    return seconds, peak, totals.groups() if totals else ("?", "?", "?"), built_tasks


# --------------------------------------------------------------------------------------------
# The whole country: six koplopers plus twelve provinces


def province_id(provincie: str) -> str:
    """``Fryslân`` -> ``provincie-fryslan``; prefixed, because the province Groningen is not the koploper groningen."""
    ascii_name = unicodedata.normalize("NFKD", provincie).encode("ascii", "ignore").decode()
    return "provincie-" + re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def national_data(target: Path) -> tuple[list[str], dict[str, int]]:
    """Copy data/ to ``target`` and add every province there; the regions and each province's size."""
    shutil.copytree(paths.PROJECT_ROOT / "data", target)
    sizes = {}
    for provincie in regions.provinces(load_dataset(target)):
        region = regions.add_province(target, province_id(provincie), f"Provincie {provincie}", provincie)
        sizes[region.id] = len(region.gemeentecodes)
    return list(regions.load_regions(load_dataset(target))), sizes


def timed_build(out: Path, data: Path, regios: list[str], themas: list[str], *extra: str):
    """A cold build: wall seconds, peak memory, per built task (regio, thema) its seconds, failures."""
    command = [str(BIN / "woonzorg"), "build", "--out", str(out), "--data", str(data), *extra]
    for r in regios:
        command += ["--regio", r]
    for t in themas:
        command += ["--thema", t]
    seconds, peak, done = run_measured(command)
    if done.returncode not in (0, 1):
        sys.exit(f"build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    per_task = {(regio, thema): float(sec) for regio, thema, sec in
                re.findall(r"^(\S+)\s+(\S+)\s+gebouwd\s+([\d.]+)\s", done.stdout, re.MULTILINE)}
    failed = re.findall(r"^FOUT (.*)$", done.stdout, re.MULTILINE)
    return seconds, peak, per_task, failed


def kernel_seconds(out: Path) -> dict[tuple[str, str], float]:
    """Per task the time its notebook ran in the kernel (papermill's duration, in the build's manifest).

    Unlike a task's seconds it leaves out starting the kernel and exporting the pages.
    """
    manifest = json.loads((paths.records_dir(out) / paths.MANIFEST_NAME).read_text(encoding="utf-8"))
    return {tuple(key.split("/", 1)): float(entry["kernelseconden"]) for key, entry in manifest["taken"].items()
            if entry.get("kernelseconden")}


def slowest_line(label: str, seconds: dict[tuple[str, str], float]) -> str:
    """``label: mediaan, traagste (regio/thema) = N× de mediaan``."""
    median = statistics.median(seconds.values())
    (regio, thema), slowest = max(seconds.items(), key=lambda item: item[1])
    return (f"{label}: mediaan {median:4.1f} s, traagste {slowest:4.1f} s ({regio}/{thema}) = "
            f"{slowest / median:3.1f}× de mediaan")


BUILD_DATE = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")  # clock.build_date()


def differing_pages(first: Path, second: Path) -> tuple[int, list[str]]:
    """How many HTML pages both folders hold, and those that differ (or exist once), build date stripped."""
    pages = sorted({p.relative_to(first) for p in first.rglob("*.html")}
                   | {p.relative_to(second) for p in second.rglob("*.html")})
    differ = []
    for page in pages:
        a, b = first / page, second / page
        if not (a.exists() and b.exists()) or BUILD_DATE.sub(b"", a.read_bytes()) != BUILD_DATE.sub(b"", b.read_bytes()):
            differ.append(str(page))
    return len(pages), differ


def national_run(tmp: Path, themas: list[str], reference: tuple[float, int] | None) -> None:
    """Build the 72 guides of the whole country on the process pool and on a Dask LocalCluster."""
    data = tmp / "data-landelijk"
    regios, sizes = national_data(data)
    largest = max(sizes, key=sizes.get)
    n = len(regios) * len(themas)
    print(f"\nlandelijk: {len(regios) - len(sizes)} koplopers + {len(sizes)} provincies = {len(regios)} regio's × "
          f"{len(themas)} thema's = {n} handreikingen (grootste: {largest}, {sizes[largest]} gemeenten)")
    if reference is None:  # the 24-guide cold build to set the national one against
        koplopers = [r for r in regios if r not in sizes]
        seconds, _, per_task, _ = timed_build(tmp / "out-24", data, koplopers, themas)
        reference = (seconds, len(per_task))
    ref_seconds, ref_n = reference
    ref_per_guide = ref_seconds / max(ref_n, 1)
    print(f"  referentie: koude build van {ref_n} handreikingen {ref_seconds:7.1f} s = {ref_per_guide:5.2f} s per handreiking")
    outs = {}
    for label, extra in (("procespool", []), ("Dask LocalCluster", ["--dask", "local", "--workers", str(os.cpu_count())])):
        # the same folder name under another parent: a page names its facilitator folder (<out>-begeleiders/)
        out = tmp / f"landelijk-{len(outs)}" / "handreikingen"
        seconds, peak, per_task, failed = timed_build(out, data, regios, themas, *extra)
        outs[label] = out
        built = len(per_task)
        per_guide = seconds / max(built, 1)
        print(f"  {label:<17}: {seconds:7.1f} s, {built} gebouwd, {len(failed)} mislukt, piekgeheugen {peak / 2**20:6.0f} MiB; "
              f"{per_guide:5.2f} s per handreiking = {per_guide / ref_per_guide:4.2f}× die van de {ref_n}-build")
        if not per_task:
            continue
        in_kernel = kernel_seconds(out)
        print("    " + slowest_line("per taak", per_task) + "  [doel: onder ~3×]")
        if in_kernel:
            print("    " + slowest_line("waarvan in de kernel (papermill, zonder kernelstart en export)", in_kernel))
        for thema in themas:
            times = {key: sec for key, sec in per_task.items() if key[1] == thema}
            kernel_times = {key: sec for key, sec in in_kernel.items() if key[1] == thema}
            if times:
                print(f"    {thema:<18} " + slowest_line("per taak", times).replace(f"/{thema})", ")")
                      + ("; in de kernel " + slowest_line("", kernel_times)[2:].replace(f"/{thema})", ")")
                         if kernel_times else ""))
        for message in failed[:5]:
            print(f"    FOUT {message[:300]}")
    print("  (de langste taken gaan eerst; elk proces start zijn kernel voor zijn eerste taak, zodat die taak "
          "zonder de kernelstart wordt gemeten)")
    total, differ = differing_pages(*outs.values())
    print(f"  pagina's procespool en Dask: {total - len(differ)} van {total} HTML-bestanden gelijk "
          "(byte voor byte, zonder bouwdatum)" + (f"; verschillend: {', '.join(differ[:10])}" if differ else ""))


def page_size_without_figures(out: Path, kind: str = "") -> tuple[int, str]:
    """The largest page of a kind ("" for the guides themselves, or "bijlagen", "begeleider"), figures cut out."""
    if kind == "begeleider":  # the facilitator guides live beside the public site
        out = paths.facilitator_dir(out)
    pages = [p for p in out.glob("*/*.html")
             if (p.stem.endswith(f"-{kind}") if kind else not p.stem.endswith(("-bijlagen", "-begeleider")))]
    sizes = [(len(re.sub(r'src="data:[^"]+"', 'src=""', p.read_text(encoding="utf-8")).encode()), str(p.relative_to(out)))
             for p in pages]
    return max(sizes) if sizes else (0, "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regio", action="append", help="regions (default: every region in data/)")
    parser.add_argument("--thema", action="append", help="themes (default: every notebook in notebooks/)")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the (slow) naive loop")
    national = parser.add_mutually_exclusive_group()
    national.add_argument("--zonder-landelijk", action="store_true",
                          help="leave out the national build (koplopers + twelve provinces, 72 guides)")
    national.add_argument("--alleen-landelijk", action="store_true",
                          help="only the national build (with a 24-guide cold build as its reference)")
    args = parser.parse_args(argv)

    dataset = load_dataset()
    regios = args.regio or list(regions.load_regions(dataset))
    themes = discover_themes()
    themas = args.thema or list(themes)
    tasks = [(r, t, themes[t]) for r in regios for t in themas]
    print(f"woonzorg build benchmark: {len(regios)} regio's × {len(themas)} thema's = {len(tasks)} taken, "
          f"{os.cpu_count()} kernen")

    if args.alleen_landelijk:
        with tempfile.TemporaryDirectory(prefix="woonzorg-bench-") as tmp:
            national_run(Path(tmp), themas, None)
        return 0

    with tempfile.TemporaryDirectory(prefix="woonzorg-bench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(paths.PROJECT_ROOT / "data", data)

        # The naive loop's tasks run in WARM_RUNS parts (every fifth task), each followed by one cold
        # build: a shared machine that slows down or speeds up during the benchmark
        # (its speed varies by a fifth from one minute to the next) then slows both alike, instead of
        # only the three-minute loop or only the builds after it.
        naive = 0.0 if not args.skip_naive else None
        (tmp / "naive").mkdir()
        results, medians, times, peaks = {}, {}, [], []
        for run in range(WARM_RUNS):
            if naive is not None:
                naive += naive_loop(tasks[run::WARM_RUNS], data, tmp / "naive")
            out = tmp / f"out-koud-{run}"  # each into an empty folder: a cold build every time
            seconds, peak, totals_cold, _ = woonzorg_build(out, data, regios, themas)
            times.append(seconds)
            peaks.append(peak)
        results["koud"] = out
        if naive is not None:
            print(f"naive loop (papermill + jupyter nbconvert per taak):   {naive:7.1f} s"
                  f"  (in {WARM_RUNS} delen, afgewisseld met de {WARM_RUNS} koude builds hieronder)")
        median = statistics.median(times)
        medians["koud"] = median
        ratio = f"  = {naive / median:4.1f}× sneller dan de naive loop" if naive else ""
        spread = (f"\n  mediaan van {len(times)} builds: {', '.join(f'{t:.1f}' for t in times)} s"
                  + (f" = {naive / max(times):.1f}× tot {naive / min(times):.1f}×" if naive else ""))
        print(f"koude build: {median:7.1f} s, piekgeheugen {max(peaks) / 2**20:6.0f} MiB"
              f" ({totals_cold[0]} gebouwd, {totals_cold[2]} mislukt){ratio}{spread}")

        out = results["koud"]
        seconds, _, totals, built = woonzorg_build(out, data, regios, themas)
        reasons = sorted({reason for *_, reason in built})
        print(f"no-op rebuild (niets veranderd):  {seconds:7.2f} s ({totals[0]} gebouwd, {totals[1]} overgeslagen)"
              "  [doel < 1 s; hele commando, incl. Python-start]"
              + (f"\n  herbouwd omdat: {'; '.join(reasons)} (iemand wijzigde de code tijdens de meting?)" if reasons else ""))

        gemeenten = data / "gemeenten.csv"
        text = gemeenten.read_text(encoding="utf-8")
        heerlen = re.search(r"^GM0917,Heerlen,Limburg,(\d+),", text, re.MULTILINE)
        gemeenten.write_text(text.replace(heerlen.group(0), f"GM0917,Heerlen,Limburg,{int(heerlen.group(1)) + 1},"),
                             encoding="utf-8")
        seconds, _, totals, built = woonzorg_build(out, data, regios, themas)
        regions_built = sorted({r for r, *_ in built})
        print(f"na wijziging in één regio (Heerlen, parkstad): {seconds:5.1f} s, {totals[0]} gebouwd, "
              f"{totals[1]} overgeslagen; herbouwde regio's: {', '.join(regions_built) or '-'}")

        size, page = page_size_without_figures(out)
        print(f"grootste handreiking zonder figuren: {size / 1000:5.1f} KB ({page})  [doel < 40 KB]")
        for kind in ("bijlagen", "begeleider"):
            size, page = page_size_without_figures(out, kind)
            print(f"  grootste {kind}pagina zonder figuren: {size / 1000:5.1f} KB ({page})")

        if not args.zonder_landelijk:
            national_run(tmp, themas, (medians["koud"], len(tasks)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
