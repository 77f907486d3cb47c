"""The workbook as a Dutch app without code for a room: Voilà serves a region's workbooks (``woonzorg leerkring``).

Participants work in their own copies in ``werkboeken/<regio>/``, copied from the built workbooks
(``handreikingen/<regio>/*.ipynb``, built first when missing) and never overwritten, so a later
build does not wipe what a group typed. Voilà's settings (address, no browser, the Dutch template
``woonzorg`` that shows no code) are data files in ``share/`` beside this module.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import socket
import sys
from pathlib import Path

from woonzorg import paths
from woonzorg.leerkring import server

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


def free_port(host: str = HOST) -> int:
    """A port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def voila_arguments(folder: Path, poort: int, *, adres: str = HOST, token: str = "",
                    wachttijd: int = server.WACHTTIJD) -> list[str]:
    """Voilà's command line: the workbook folder, address, port, token, the kernel culler and ``share/voila.json``."""
    return [str(folder), f"--port={poort}", f"--Voila.ip={adres}", f"--Voila.token={token}",
            f"--Voila.config_file_paths={SHARE_DIR}", *server.cull_arguments(wachttijd)]


def voila_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Voilà: ``share/`` first on ``JUPYTER_PATH``, so that it finds the template ``woonzorg``."""
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE_DIR), env.get("JUPYTER_PATH", "")) if p)
    return env


def check_address(adres: str) -> str:
    """The address to listen on: an IP address of this machine, or 0.0.0.0 for every network (Dutch error otherwise)."""
    try:
        ipaddress.ip_address(adres)
    except ValueError:
        raise AppError(f"'{adres}' is geen IP-adres; gebruik bijvoorbeeld 0.0.0.0 (alle netwerken van deze "
                       f"laptop) of {HOST} (alleen deze laptop)") from None
    return adres


def kamer(regio: str, naam: str, books: list[Path], data_dir) -> server.Kamer:
    """The room's description for the group's pages: the sessions in order with their workbooks, then the others."""
    from woonzorg import themes
    from woonzorg.leerkring.reeks import SERIE

    by_name = {b.stem: b.name for b in books}
    sessies = [(s.nummer, s.naam, themes.title_of(s.thema) if s.thema in by_name else "", by_name.get(s.thema, ""))
               for s in SERIE]
    in_series = {s.thema for s in SERIE}
    return server.Kamer(regio=regio, naam=naam, data_dir=paths.data_dir(data_dir),
                        werkboeken=[(themes.title_of(name), file) for name, file in sorted(by_name.items())
                                    if name not in in_series],
                        sessies=sessies)


def serve(regio: str, poort: int | None = None, *, adres: str = HOST, wachttijd: int = server.WACHTTIJD,
          out_dir: str | os.PathLike | None = None, werkboeken: str | os.PathLike | None = None,
          data_dir: str | os.PathLike | None = None) -> int:
    """Serve the room until Ctrl-C (or SIGTERM); Voilà then shuts its kernels down. Returns 0.

    Prints the join link (with a new token) and its QR code; the facilitator shows the code on the screen.
    """
    from woonzorg import regions
    from woonzorg.data import load_dataset

    adres = check_address(adres)
    if not 5 <= wachttijd <= 3600:
        raise AppError("de wachttijd moet tussen 5 en 3600 seconden liggen")
    if poort is not None and not 1 <= poort <= 65535:
        raise AppError(f"poort {poort} bestaat niet; kies een poort van 1 tot en met 65535")
    region = regions.get_region(load_dataset(data_dir), regio)
    books = prepare_workbooks(regio, out_dir=out_dir, werkboeken=werkboeken, data_dir=data_dir)
    if not books:
        raise AppError(f"er zijn geen werkboeken voor {regio} in {workbooks_dir(regio, werkboeken)}")
    poort = poort or free_port(adres)
    token = secrets.token_urlsafe(24)
    room = kamer(regio, region.naam, books, data_dir)
    room.link = server.join_link(adres, poort, token)
    room.sleutel = secrets.token_urlsafe(16)
    begeleider = room.link.replace("/leerkring/?", "/leerkring/begeleider?") + f"&sleutel={room.sleutel}"
    code = server.qr_code(room.link)
    room.qr_svg = code.svg_inline(scale=6, border=2, title="Code om mee te doen")
    os.environ.update(voila_environment())

    print(f"De leerkring van {region.naam} staat klaar. Deelnemers openen: {room.link}\n"
          f"Begeleider (niet delen): {begeleider}\n"
          + ("Alleen op deze laptop te openen (start met --adres 0.0.0.0 voor telefoons en laptops in hetzelfde "
             "netwerk).\n" if adres == HOST else "")
          + "Of scan deze code:", flush=True)
    code.terminal(out=sys.stdout, compact=True)
    print("Stoppen: Ctrl-C.", flush=True)
    application = server.voila_class(room)
    application.launch_instance(argv=voila_arguments(books[0].parent, poort, adres=adres, token=token,
                                                     wachttijd=wachttijd))
    application.clear_instance()
    print("De werkboeken zijn gestopt.", flush=True)
    return 0
