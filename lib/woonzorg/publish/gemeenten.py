"""A page per municipality of every built region: the rows of its region's guides that name it, as shown there.

Nothing is computed again. Each guide's executed notebook (``<regio>/<thema>.ipynb``) holds every table
its pages show, with the cells as the page shows them (:data:`woonzorg.present.tables.TABLE_MIMETYPE`,
read by :func:`woonzorg.publish.downloads.collect_tables`, as the downloads are): suppressed counts
stay suppressed, figures keep their status and source. A municipality's page
(``<regio>/gemeente/<naam>.html``, :func:`woonzorg.names.page_href`) shows, per theme, the rows of
those tables that name it: the first cell is its name, or a cell lists it among others (an agreement
of several municipalities). The guides link each such row and each map area's municipality here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from woonzorg import names
from woonzorg.present import teken
from woonzorg.present.tables import number_like
from woonzorg.present.templates import html_environment
from woonzorg.publish.downloads import collect_tables
from woonzorg.storage import write_if_changed

_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\sen\s)\s*")


def _read_notebook(path: Path):
    import nbformat

    return nbformat.from_dict(json.loads(path.read_text(encoding="utf-8")))


def names_it(row: list[str], naam: str, code: str = "") -> bool:
    """Does a table row name this municipality: its CBS code in a cell, its name as the first cell (also
    with a remark in brackets: "'s-Gravenhage (centrumgemeente)"), or as one item of a list in a cell?"""
    if not row:
        return False
    spoken = {naam, names.common_name(naam)}
    first = str(row[0]).strip()
    if first in spoken or any(first.startswith(f"{name} (") for name in spoken) or (code and code in map(str, row)):
        return True
    return any(item in spoken for cell in row[1:] for item in _LIST_SEPARATOR.split(str(cell).strip()))


def _cells(row: list[str]) -> list[dict]:
    return [{"tekst": str(text), "num": number_like(str(text))} for text in row]


def municipality_tables(tables: list[dict], naam: str, code: str = "") -> list[dict]:
    """The tables of one guide that name ``naam`` (or its ``code``), each with only the rows that do (and its totals row)."""
    found = []
    for record in tables:
        rows = [row for row in record.get("rows", []) if names_it(row, naam, code)]
        if not rows:
            continue
        columns = [str(c) for c in record.get("columns", [])]
        found.append({
            "caption": str(record.get("caption", "")), "bron": str(record.get("bron", "")), "columns": columns,
            "rows": [_cells(row) for row in rows],
            "totals": _cells(record["totals"]) if record.get("totals") else None,
            "numeric": {k for k in range(len(columns)) if rows and all(number_like(str(r[k])) for r in rows if k < len(r))},
        })
    return found


def _unique_labels(tables: list[dict]) -> None:
    """Name each table's scrolling box after its caption, the second of one name with " (2)"."""
    seen: dict[str, int] = {}
    for table in tables:
        seen[table["caption"]] = seen.get(table["caption"], 0) + 1
        count = seen[table["caption"]]
        table["label"] = table["caption"] + (f" ({count})" if count > 1 else "")


def write_municipality_pages(out: Path, regio: dict, municipalities: list[tuple[str, str]], theme_names: list[str],
                             *, gebouwd: str, versie: str, theme_label) -> list[Path]:
    """Write ``<regio>/gemeente/<naam>.html`` for each (code, naam) of a region whose guides are in ``out``;
    remove pages of municipalities the region no longer has. Returns the pages written."""
    folder = out / regio["id"] / names.MUNICIPALITY_FOLDER
    guides = {}
    for thema in theme_names:
        notebook = out / regio["id"] / f"{thema}.ipynb"
        if notebook.exists():
            guides[thema] = collect_tables(_read_notebook(notebook))
    template = html_environment("site").get_template("gemeente.html.j2")
    ordered = sorted(municipalities, key=lambda m: m[1].lower())
    written = []
    for code, naam in ordered:
        themas = []
        for thema, tables in guides.items():
            found = municipality_tables(tables, naam, code)
            if found:
                bijlagen = f"{thema}-bijlagen.html"
                themas.append({"thema": thema, "label": theme_label(thema), "tabellen": found,
                               "bijlagen": bijlagen if (out / regio["id"] / bijlagen).exists() else ""})
        _unique_labels([t for theme in themas for t in theme["tabellen"]])
        andere = [{"naam": other, "href": f"{names.page_name(other)}.html"} for _c, other in ordered if other != naam]
        page = template.render(root="../../", zoekregio=regio["id"], tekenregel=teken.CONVENTION, gebouwd=gebouwd, versie=versie, regio=regio,
                               gemeente={"code": code, "naam": naam}, themas=themas, andere=andere)
        path = folder / f"{names.page_name(naam)}.html"
        write_if_changed(path, page.encode("utf-8"))
        written.append(path)
    if folder.is_dir():
        for stale in set(folder.glob("*.html")) - set(written):
            stale.unlink(missing_ok=True)
    return written
