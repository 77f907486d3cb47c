"""The workbook as a Dutch app without code: Voilà serves a region's workbooks on 127.0.0.1 (``woonzorg leerkring``).

Participants work in their own copies in ``werkboeken/<regio>/``, copied from the built workbooks
(``handreikingen/<regio>/*.ipynb``, built first when missing) and never overwritten, so a later
build does not wipe what a group typed. Voilà's settings (address, no browser, the Dutch template
``woonzorg`` that shows no code) are data files in ``share/`` beside this module.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

from woonzorg import paths

SHARE_DIR = Path(__file__).resolve().parent / "share"  # voila.json, voila/templates/woonzorg, lab/settings
HOST = "127.0.0.1"


class AppError(RuntimeError):
    """The app cannot start; the message is for the person who started it (Dutch)."""


def workbooks_dir(regio: str, root: str | os.PathLike | None = None) -> Path:
    """The participants' copies of a region's workbooks: ``<project>/werkboeken/<regio>``."""
    return paths.workbooks_dir(root) / regio


def prepare_workbooks(regio: str, *, out_dir: str | os.PathLike | None = None,
                      werkboeken: str | os.PathLike | None = None,
                      data_dir: str | os.PathLike | None = None) -> list[Path]:
    """The region's workbook copies, building the guides first when none are built; existing copies stay as they are."""
    built_dir = paths.output_dir(out_dir) / regio
    built = sorted(built_dir.glob("*.ipynb"))
    if not built:
        from woonzorg.publish import build

        report = build(regios=[regio], data_dir=data_dir, out_dir=out_dir, workers=1)
        if not report.ok:
            raise AppError(f"de werkboeken van {regio} konden niet worden gebouwd:\n{report.summary()}")
        built = sorted(built_dir.glob("*.ipynb"))
    target = workbooks_dir(regio, werkboeken)
    target.mkdir(parents=True, exist_ok=True)
    for notebook in built:
        copy = target / notebook.name
        if not copy.exists():  # a group's own workbook is never overwritten
            temporary = copy.with_name(f".{copy.name}.tmp")
            shutil.copyfile(notebook, temporary)
            os.replace(temporary, copy)
    return sorted(target.glob("*.ipynb"))


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def address(poort: int) -> str:
    """The page to open: the list of the region's workbooks."""
    return f"http://{HOST}:{poort}/"


def voila_arguments(folder: Path, poort: int) -> list[str]:
    """Voilà's command line: the workbook folder, the port, and the project's config file (``share/voila.json``)."""
    return [str(folder), f"--port={poort}", f"--Voila.config_file_paths={SHARE_DIR}"]


def voila_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Voilà: ``share/`` first on ``JUPYTER_PATH``, so that it finds the template ``woonzorg``."""
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE_DIR), env.get("JUPYTER_PATH", "")) if p)
    return env


def serve(regio: str, poort: int | None = None, *, out_dir: str | os.PathLike | None = None,
          werkboeken: str | os.PathLike | None = None, data_dir: str | os.PathLike | None = None) -> int:
    """Serve the region's workbooks until Ctrl-C (or SIGTERM); Voilà then shuts its kernels down. Returns 0."""
    from woonzorg import regions
    from woonzorg.data import load_dataset

    region = regions.get_region(load_dataset(data_dir), regio)
    books = prepare_workbooks(regio, out_dir=out_dir, werkboeken=werkboeken, data_dir=data_dir)
    if not books:
        raise AppError(f"er zijn geen werkboeken voor {regio} in {workbooks_dir(regio, werkboeken)}")
    poort = poort or free_port()
    os.environ.update(voila_environment())
    from voila.app import Voila

    print(f"De werkboeken van {region.naam} staan klaar op {address(poort)}\n"
          f"Open dat adres in de browser. Stoppen: Ctrl-C.", flush=True)
    Voila.launch_instance(argv=voila_arguments(books[0].parent, poort))
    Voila.clear_instance()
    print("De werkboeken zijn gestopt.", flush=True)
    return 0
