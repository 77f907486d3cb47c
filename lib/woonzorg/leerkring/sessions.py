"""Session records: the table ``data/leerkring-sessies.csv``, saving a session's choices and notes, and reading them back.

Choices and notes of a session are appended from the workbook: dated, validated inside an
exclusive lock, through an atomic rename, never overwriting an earlier row. The handout shows the
latest session of its theme in a section "Uit de leerkring" (:func:`sessie_html`); the table is
keyed by region, so a saved session rebuilds that region's guides.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.data import Column, DataError, TableSchema, check_region_membership, Dataset
from woonzorg.present.tables import HTML
from woonzorg.storage import append_rows, exclusive_lock

SOORTEN: dict[str, str] = {"keuze": "Keuzes", "notitie": "Notities"}
MAX_TEKST, MAX_KORT = 2000, 100
_THEMA_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

SESSIES = TableSchema(
    "leerkring-sessies.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("datum", "date", True, "datum van de sessie"),
        Column("thema", "text", True, "thema van het werkboek (regioprofiel, woonzorganalyse, …)"),
        Column("soort", "text", True, f"{' of '.join(SOORTEN)}"),
        Column("onderwerp", "text", False, "waar de keuze of notitie over gaat (bijvoorbeeld 'verdeelsleutel')"),
        Column("tekst", "text", True, "de keuze of notitie zelf"),
        Column("groep", "text", True, "wie het vastlegde (bijvoorbeeld 'leerkring', 'tafel 2')"),
        Column("zichtbaarheid", "text", False, "openbaar (in de handreiking) of intern (alleen de begeleiding)",
               choices=("openbaar", "intern"), default="openbaar"),
    ),
    description="Keuzes en notities uit leerkringsessies, per regio en thema; het werkboek voegt regels toe, "
                "eerdere regels blijven staan.",
    optional=True,
)


def check_sessies(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    frame = tables.get("leerkring-sessies")
    if frame is None or frame.empty:
        return []
    name = names["leerkring-sessies"]
    errors = check_region_membership(frame, name, tables["regio-indeling"])
    for i, row in enumerate(frame.itertuples(index=False)):
        regel = frame.attrs["regels"][i]
        if row.soort not in SOORTEN:
            errors.append(DataError(name, f"onbekende soort '{row.soort}'; kies uit {', '.join(SOORTEN)}",
                                    regel, "soort"))
        if not _THEMA_ID.match(str(row.thema)):
            errors.append(DataError(name, f"'{row.thema}' is geen thema-id (kleine letters, bijvoorbeeld "
                                    "woonzorganalyse)", regel, "thema"))
        if problem := _future(str(row.datum)):  # it would stay "the latest session" until that day
            errors.append(DataError(name, problem, regel, "datum"))
    return errors


def _future(datum: str) -> str | None:
    """A Dutch message when a session's date (ISO) lies after today: a session is saved when it took place."""
    if datum > date.today().isoformat():
        return f"de datum {datum} ligt in de toekomst; een sessie krijgt de datum waarop ze plaatsvond"
    return None




class SessieSaveError(ValueError):
    """A session entry that cannot be saved; the message is for the learning circle (Dutch)."""


@dataclass(frozen=True)
class SavedSessie:
    regio: str
    thema: str
    datum: str
    groep: str
    regels: int
    path: Path


def sessies_path(data_dir: str | Path | None = None) -> Path:
    return paths.data_dir(data_dir) / SESSIES.file


def read_sessies(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The session file alone (empty frame with the schema's columns when there is none yet)."""
    root = paths.data_dir(data_dir)
    return wzdata.read_optional_table(root / SESSIES.file, SESSIES, f"{root.name}/{SESSIES.file}")


def _clean(text: object, what: str, limit: int, *, required: bool = True, multiline: bool = False) -> str:
    t = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    t = "".join(c for c in t if c == "\n" or c == "\t" or ord(c) >= 32)
    t = t.strip() if multiline else " ".join(t.split())
    if required and not t:
        raise SessieSaveError(f"vul {what} in")
    if len(t) > limit:
        raise SessieSaveError(f"{what} is te lang (maximaal {limit} tekens)")
    return t


def _spreadsheet_safe(text: str) -> str:
    """A leading space keeps a spreadsheet from reading ``=…`` as a formula; the loader strips it again."""
    return " " + text if text[:1] in ("=", "+", "-", "@") else text


def save_sessie(
    regio: str,
    thema: str,
    regels: Iterable[Mapping[str, str] | Sequence[str]],
    *,
    groep: str,
    datum: str | date | None = None,
    data_dir: str | Path | None = None,
    zichtbaarheid: str = "openbaar",
) -> SavedSessie:
    """Append a session's choices and notes for ``regio`` and ``thema`` to ``leerkring-sessies.csv``.

    ``regels`` are ``(soort, onderwerp, tekst)`` triples or mappings with those keys; ``soort`` is
    ``keuze`` or ``notitie``. The existing file is kept byte for byte and the new rows appended,
    under an exclusive lock and through an atomic rename, so an earlier session is never lost, also
    not when two groups save at the same moment. ``zichtbaarheid`` is ``openbaar`` (the guides show it)
    or ``intern`` (only the facilitator guide). A file from before that column gets it once, every
    earlier row ``openbaar``, as they always were.
    """
    if zichtbaarheid not in ("openbaar", "intern"):
        raise SessieSaveError("kies openbaar of intern")
    root = paths.data_dir(data_dir)
    groep_text = _clean(groep, "de groep (bijvoorbeeld 'leerkring' of 'tafel 2')", MAX_KORT)
    thema = str(thema or "").strip()
    if not _THEMA_ID.match(thema):
        raise SessieSaveError(f"'{thema}' is geen thema-id (bijvoorbeeld woonzorganalyse)")
    try:
        datum_text = wzdata.PARSERS["date"](datum.isoformat() if isinstance(datum, date) else
                                            (datum or date.today().isoformat()), False)
    except ValueError as exc:
        raise SessieSaveError(str(exc)) from None
    if problem := _future(datum_text):
        raise SessieSaveError(problem)
    rows: list[list[str]] = []
    for regel in regels:
        if isinstance(regel, Mapping):
            soort, onderwerp, tekst = regel.get("soort"), regel.get("onderwerp", ""), regel.get("tekst")
        else:
            soort, onderwerp, tekst = regel
        soort = str(soort or "").strip().lower()
        if soort not in SOORTEN:
            raise SessieSaveError(f"onbekende soort '{soort}'; kies uit {', '.join(SOORTEN)}")
        rows.append([regio, datum_text, thema, soort,
                     _spreadsheet_safe(_clean(onderwerp, "het onderwerp", MAX_KORT, required=False)),
                     _spreadsheet_safe(_clean(tekst, "de tekst van de keuze of notitie", MAX_TEKST, multiline=True)),
                     _spreadsheet_safe(groep_text), zichtbaarheid])
    if not rows:
        raise SessieSaveError("er is niets om op te slaan: schrijf eerst een keuze of notitie")
    indeling = wzdata.read_table(root / "regio-indeling.csv", wzdata.CORE_SCHEMAS["regio-indeling"],
                                 f"{root.name}/regio-indeling.csv")
    if regio not in set(indeling["regio"]):
        raise SessieSaveError(f"onbekende regio '{regio}'; bekend zijn: {', '.join(sorted(set(indeling['regio'])))}")

    path = root / SESSIES.file
    with exclusive_lock(path):
        existing = read_sessies(root)  # refuses to append to a broken file (the error names regel and kolom)
        problems = check_sessies({SESSIES.file.removesuffix(".csv"): existing, "regio-indeling": indeling},
                                  {SESSIES.file.removesuffix(".csv"): f"{root.name}/{SESSIES.file}"})
        if problems:
            raise wzdata.DataValidationError(problems)
        _add_new_columns(path)
        append_rows(path, SESSIES.column_names, rows)
    return SavedSessie(regio, thema, datum_text, groep_text, len(rows), path)


def _add_new_columns(path: Path) -> None:
    """Give a session file written before a column existed that column, with its default (one atomic rewrite)."""
    import csv
    import io

    from woonzorg.storage import write_atomically

    if not path.exists():
        return
    text = path.read_bytes().decode("utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows or rows[0] == SESSIES.column_names or not set(rows[0]) < set(SESSIES.column_names):
        return
    defaults = {c.name: c.default or "" for c in SESSIES.columns}
    missing = [c for c in SESSIES.column_names if c not in rows[0]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if "\r\n" in text else "\n")
    writer.writerow(rows[0] + missing)
    writer.writerows(row + [defaults[c] for c in missing] for row in rows[1:] if row)
    write_atomically(path, buffer.getvalue())


def laatste_sessie(sessies: pd.DataFrame, regio: str, thema: str) -> pd.DataFrame:
    """The rows of the latest session (latest date) of a region and theme, in the order saved."""
    own = sessies[(sessies["regio"] == regio) & (sessies["thema"] == thema)]
    if own.empty:
        return own
    return own[own["datum"] == own["datum"].max()].reset_index(drop=True)


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum_nl(iso: str) -> str:
    """``2026-03-12`` -> ``12 maart 2026``."""
    d = date.fromisoformat(str(iso))
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def sessie_html(dataset: Dataset, regio: str, thema: str) -> HTML:
    """The section "Uit de leerkring": the latest session's choices and notes for this theme (escaped).

    The theme that holds the zelfscan also shows its group rounds (:func:`.groepsscan.rondes_html`), the
    woonzorgvisie the latest bod-ronde (:func:`.bodronde.bod_html`).
    Shows nothing when no session or round of this region and theme was saved yet.
    """
    from woonzorg.leerkring import bodronde, groepsscan

    groep = (groepsscan.rondes_html(dataset["leerkring-zelfscanrondes"], dataset["leerkring-zelfscanscores"],
                                    dataset["zelfscan-stellingen"], regio)
             if thema == groepsscan.zelfscan_thema() else "")
    groep += bodronde.bod_html(dataset, regio) if thema == bodronde.BOD_THEMA else ""
    from woonzorg.leerkring.notities import openbaar

    sessies = openbaar(dataset)  # corrected, withdrawn ones out, internal ones out
    rows = laatste_sessie(sessies, regio, thema)
    if rows.empty:
        return HTML(f'<h2 id="uit-de-leerkring">Uit de leerkring</h2>{groep}' if groep else "")
    own = sessies[(sessies["regio"] == regio) & (sessies["thema"] == thema)]
    eerder = own.loc[own["datum"] < rows["datum"].iloc[0], "datum"].nunique()
    groepen = ", ".join(dict.fromkeys(rows["groep"].astype(str)))
    parts = [f'<h2 id="uit-de-leerkring">Uit de leerkring</h2>'
             f'<p class="wz-sessie">Wat de leerkring vastlegde in de sessie van {html.escape(datum_nl(rows["datum"].iloc[0]))} '
             f"(door: {html.escape(groepen)}).</p>"]
    for soort, kop in SOORTEN.items():
        of_kind = rows[rows["soort"] == soort]
        if of_kind.empty:
            continue
        items = "".join(
            "<li>" + (f"<strong>{html.escape(str(r.onderwerp))}</strong>: " if isinstance(r.onderwerp, str) and r.onderwerp
                      else "") + html.escape(str(r.tekst)).replace("\n", "<br>") + "</li>"
            for r in of_kind.itertuples(index=False))
        parts.append(f"<h3>{kop}</h3><ul>{items}</ul>")
    parts.append(groep)
    parts.append('<p class="wz-bron">Bron: de leerkring zelf, vastgelegd in het werkboek'
                 + (f"; {eerder} eerdere sessie{'s' if eerder != 1 else ''} van dit thema zijn ook vastgelegd"
                    if eerder else "") + ".</p>")
    return HTML("".join(parts))

