"""The data request: a workbook listing exactly the figures a region lacks, and reading it back.

:func:`missing_figures` lists, for every indicator with ``gevraagd`` = ja in ``indicatoren.csv``,
each area of its niveau in the region (every municipality; every centrumregio whose centrumgemeente
lies in the region; the region itself) for which ``waarnemingen.csv`` has no row yet.
:func:`write_template` writes that list as an Excel workbook (one sheet per aandachtsgroep plus
*Toelichting*) and as a CSV with the same columns. :func:`read_filled` validates a filled-in
workbook or CSV and :func:`import_filled` appends the new rows to ``waarnemingen.csv`` under the
lock: every error names blad, regel and kolom, nothing is written when there is one, and rows that
are already there (same indicator, niveau, gebiedscode, periode and bron) are skipped, so a second
import of the same file changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections import namedtuple
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import data as wd
from woonzorg import paths, regions, storage, werkmap
from woonzorg.werkmap import GegevensuitvraagError, text
from woonzorg.waarnemingen import WAARNEMINGEN, _row_problems

INFO_COLUMNS = ("indicator", "omschrijving", "eenheid", "niveau", "gebiedscode", "gebied", "houder", "periode_voorbeeld")
INPUT_COLUMNS = ("waarde", "waarde_tot", "periode", "tijdvak", "jaar", "bron", "opmerking")
CSV_COLUMNS = ("blad",) + INFO_COLUMNS + INPUT_COLUMNS
# tijdvak came later: a copy filled in from an older template (without it) still reads
REQUIRED_COLUMNS = ("indicator", "niveau", "gebiedscode") + tuple(c for c in INPUT_COLUMNS if c != "tijdvak")
TOELICHTING = "Toelichting"
ALGEMEEN = "algemeen"  # the sheet of figures that belong to no single aandachtsgroep
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may execute (formula injection)
STOCK_INDICATORS = {"woonwagenstandplaatsen", "woningen_geschikt_ouderen"}


@dataclass(frozen=True)
class ImportResult:
    nieuw: int
    al_aanwezig: int
    bestand: Path

    def summary(self) -> str:
        return (f"{self.nieuw} nieuwe cijfers toegevoegd aan {self.bestand.name}; "
                f"{self.al_aanwezig} stonden er al in en zijn overgeslagen.")


# --------------------------------------------------------------------------------------------
# What the region lacks


def _areas(dataset: wd.Dataset, regio: str) -> dict[str, list[tuple[str, str]]]:
    """(gebiedscode, gebied) per niveau that a region can be asked about."""
    region = regions.get_region(dataset, regio)
    names = dict(zip(dataset["gemeenten"]["gemeentecode"], dataset["gemeenten"]["gemeente"]))
    municipalities = sorted(((c, names[c]) for c in region.gemeentecodes), key=lambda a: a[1].lower())
    c = dataset["centrumregios"]
    regio_naam = dict(zip(c["centrumgemeente_code"], c["centrumregio"]))
    w = dataset["waarnemingen"]
    # a centrumgemeente: named in centrumregios.csv, marked in the indeling, or the code of a centrumregio figure
    candidates = set(c["centrumgemeente_code"]) | set(w.loc[w["niveau"] == "centrumregio", "gebiedscode"])
    centra = sorted({code for code in candidates if code in region.gemeentecodes} | set(region.centrumgemeenten))
    return {
        "gemeente": municipalities,
        "centrumregio": [(code, regio_naam.get(code, f"Centrumregio {names[code]}")) for code in centra],
        "regio": [(region.id, region.naam)],
    }


def _period_hint(indicator: str, grootheid: str) -> str:
    if indicator.startswith(("taakstelling_vergunninghouders", "gehuisvest_vergunninghouders")):
        return "halfjaar, bijvoorbeeld 2025-H2 (of een heel jaar: 2025); tijdvak 2025-H2"
    if grootheid == "achterstand" or indicator in STOCK_INDICATORS:
        return "peildatum, bijvoorbeeld peildatum 2026-01-01; tijdvak 2026-01-01"
    return "kalenderjaar, bijvoorbeeld 2025; tijdvak 2025"


def missing_figures(dataset: wd.Dataset, regio: str) -> pd.DataFrame:
    """One row per requested figure the region lacks, in the columns of the CSV template (inputs empty)."""
    areas = _areas(dataset, regio)
    w = dataset["waarnemingen"]
    present = set(zip(w["indicator"], w["niveau"], w["gebiedscode"]))
    groups = list(dataset["aandachtsgroepen"]["groep"])
    catalogue = dataset["indicatoren"]
    catalogue = catalogue[catalogue["gevraagd"].fillna(False).astype(bool)].copy()
    catalogue["blad"] = catalogue["groep"].fillna(ALGEMEEN)
    order = {g: i for i, g in enumerate(groups + [ALGEMEEN])}
    catalogue = catalogue.sort_values("blad", key=lambda s: s.map(order), kind="stable")
    rows = []
    for entry in catalogue.itertuples(index=False):
        for code, name in areas.get(entry.niveau, []):
            if (entry.indicator, entry.niveau, code) in present:
                continue
            rows.append({
                "blad": entry.blad, "indicator": entry.indicator, "omschrijving": entry.omschrijving,
                "eenheid": entry.eenheid, "niveau": entry.niveau, "gebiedscode": code, "gebied": name,
                "houder": entry.houder, "periode_voorbeeld": _period_hint(entry.indicator, entry.grootheid),
                **{c: "" for c in INPUT_COLUMNS},
            })
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS))


# --------------------------------------------------------------------------------------------
# The template


def write_template(dataset: wd.Dataset, regio: str, out_dir: str | Path | None = None) -> tuple[Path, Path]:
    """Write ``gegevensuitvraag-<regio>.xlsx`` and ``.csv`` into ``out_dir`` (default: the current folder)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    region = regions.get_region(dataset, regio)
    missing = missing_figures(dataset, regio)
    out = Path(out_dir or ".").resolve()
    xlsx, csv_path = out / f"gegevensuitvraag-{regio}.xlsx", out / f"gegevensuitvraag-{regio}.csv"

    book = Workbook()
    info = book.active
    info.title = TOELICHTING
    group_names = dict(zip(dataset["aandachtsgroepen"]["groep"], dataset["aandachtsgroepen"]["naam"]))
    group_names[ALGEMEEN] = "Algemeen (woningmarkt, toewijzing)"
    counts = missing.groupby("blad", sort=False).size()
    lines = [
        f"Gegevensuitvraag woonzorganalyse — {region.naam}",
        "",
        "Deze werkmap vraagt precies de cijfers die voor deze regio nog niet in de gegevens van de handreiking staan.",
        "Elk blad hoort bij één aandachtsgroep. Elke regel is één cijfer voor één gemeente, centrumregio of de regio.",
        "",
        "Zo vult u het in:",
        "- Vul alleen de gele kolommen in: waarde, waarde_tot, periode, tijdvak, jaar, bron en opmerking.",
        "- waarde: een getal, zonder eenheid. Een aandeel als getal tussen 0 en 1 (0,25) of als percentage (25%).",
        "- waarde_tot: alleen bij een bandbreedte (van waarde tot waarde_tot); anders leeg laten.",
        "- periode: waar het cijfer over gaat, bijvoorbeeld 2025, 2025-H2 of peildatum 2026-01-01 (zie periode_voorbeeld).",
        "- tijdvak: dezelfde periode in een vaste vorm: een jaar (2025), halfjaar (2025-H2), kwartaal (2025-Q1), "
        "meerdere hele jaren (2021-2023) of een peildatum voor een stand (2026-01-01). "
        "Laat het leeg als de periode niet duidelijk is. Het voorbeeld staat in periode_voorbeeld.",
        "- jaar: het kalenderjaar waar het cijfer over gaat (mag leeg); het moet in het tijdvak liggen.",
        "- bron: wie het cijfer levert en waaruit, bijvoorbeeld 'Woningcorporatie X, jaarverslag 2025'. Verplicht.",
        "- opmerking: kanttekeningen, bijvoorbeeld een afwijkende definitie.",
        "- Heeft u een cijfer niet? Laat de regel leeg. Verander de grijze kolommen niet en voeg geen regels toe.",
        "- Geen formules. Tekst die begint met =, +, - of @ wordt geweigerd.",
        "",
        f"Inlezen: woonzorg gegevens inlezen BESTAND --regio {regio}",
        "Bij een fout wordt niets ingelezen; de melding noemt blad, regel en kolom. Opnieuw inlezen van hetzelfde bestand verandert niets.",
        "",
        "Gevraagde cijfers per blad:",
    ] + [f"- {blad}: {int(n)} ({group_names.get(blad, blad)})" for blad, n in counts.items()]
    asked_groups = set(counts.index)
    lines += [f"- {g}: niets gevraagd; alle gevraagde cijfers staan er al ({group_names[g]})"
              for g in group_names if g not in asked_groups and g != ALGEMEEN]
    for i, line in enumerate(lines, start=1):
        info.cell(row=i, column=1, value=line)
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 120

    grey = PatternFill("solid", fgColor="EEEEEE")
    yellow = PatternFill("solid", fgColor="FFF2CC")
    columns = INFO_COLUMNS + INPUT_COLUMNS
    widths = {"indicator": 34, "omschrijving": 60, "eenheid": 16, "niveau": 13, "gebiedscode": 16, "gebied": 32,
              "houder": 18, "periode_voorbeeld": 30, "bron": 40, "opmerking": 40}
    for blad, rows in missing.groupby("blad", sort=False):
        sheet = book.create_sheet(str(blad)[:31])
        for j, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=j, value=column)
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = widths.get(column, 12)
        for i, row in enumerate(rows.itertuples(index=False), start=2):
            for j, column in enumerate(columns, start=1):
                value = getattr(row, column) if column in INFO_COLUMNS else None
                cell = sheet.cell(row=i, column=j, value=value)
                cell.fill = grey if column in INFO_COLUMNS else yellow
                if column == "omschrijving":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    table = io.StringIO()
    missing.to_csv(table, index=False, lineterminator="\n")
    if out.exists() and not out.is_dir():
        raise GegevensuitvraagError([f"{out}: dat is een bestand, geen map; geef bij --uit een map voor de werkmap "
                                     "en de CSV"])
    for path, content in ((xlsx, buffer.getvalue()), (csv_path, table.getvalue())):
        try:
            storage.write_atomically(path, content)
        except OSError as exc:  # a read-only folder, a full disk, a path through a file
            raise storage.NotWritable(path, exc) from None
    return xlsx, csv_path


# --------------------------------------------------------------------------------------------
# Reading a filled-in request


Row = namedtuple("Row", ["indicator", "groep", "niveau", "gebiedscode", "gemeentecode", "waarde", "waarde_tot",
                         "eenheid", "jaar", "tijdvak"])


def read_filled(dataset: wd.Dataset, regio: str, path: str | Path, today: date | None = None) -> list[dict[str, str]]:
    """Validate a filled-in request; return the rows for waarnemingen.csv (as text) or raise with every problem.

    Each row is checked as ``woonzorg check`` would check it in waarnemingen.csv (with the note the import
    adds), so that every problem is named by blad, regel and kolom of the request, never by a line of
    waarnemingen.csv that was never written.
    """
    path = Path(path)
    note = _note(regio, today or date.today(), path)
    if not path.exists():
        raise GegevensuitvraagError([f"{path}: bestand bestaat niet"])
    areas = {niveau: dict(items) for niveau, items in _areas(dataset, regio).items()}
    catalogue = {r.indicator: r for r in dataset["indicatoren"].itertuples(index=False)}
    groups = set(dataset["aandachtsgroepen"]["groep"])
    gemeenten = dataset["gemeenten"]
    known = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeente"]))
    provincies = set(gemeenten["provincie"])
    # a workbook's text cells are typed by Dutch users (12,5); a CSV says by its separator
    decimal_comma = path.suffix.lower() != ".csv" or werkmap.csv_delimiter(path) == ";"
    problems: list[str] = []
    found: list[dict[str, str]] = []
    seen: dict[tuple, str] = {}

    for blad, header, body in werkmap.sheets(path, skip=TOELICHTING):
        place = f"{path.name}, blad {blad}" if blad else path.name
        missing_cols = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing_cols:
            problems.append(f"{place}, regel 1: kolom(men) {', '.join(missing_cols)} ontbreken; "
                            "gebruik het sjabloon van 'woonzorg gegevens sjabloon'")
            continue
        col = {name: header.index(name) for name in header if name}
        for regel, cells in body:
            cells = cells + [werkmap.Cell(None)] * (len(header) - len(cells))

            def at(name: str) -> werkmap.Cell:
                return cells[col[name]] if name in col else werkmap.Cell(None)

            def fail(kolom: str, message: str) -> None:
                problems.append(f"{place}, regel {regel}, kolom {kolom}: {message}")

            if not any(text(at(c)) for c in INPUT_COLUMNS):
                continue  # not filled in: the region does not have this figure
            bad = False
            for name in col:
                cell = at(name)
                if cell.formula or (isinstance(cell.value, str) and cell.value.startswith("=")):
                    fail(name, "formules zijn niet toegestaan; vul een getal of tekst in")
                    bad = True
                elif name not in ("waarde", "waarde_tot", "jaar") and text(cell).startswith(DANGEROUS_START):
                    fail(name, f"tekst mag niet beginnen met '{text(cell)[0]}' (kan in een spreadsheet als formule "
                               "worden uitgevoerd); haal het teken weg")
                    bad = True
            if bad:
                continue
            indicator, niveau, code = text(at("indicator")), text(at("niveau")), text(at("gebiedscode"))
            entry = catalogue.get(indicator)
            if entry is None:
                fail("indicator", f"onbekende indicator '{indicator}'; gebruik de regels van het sjabloon")
                continue
            if niveau != entry.niveau:
                fail("niveau", f"'{niveau}' hoort niet bij {indicator} (verwacht: {entry.niveau})")
                continue
            if code not in areas.get(niveau, {}):
                fail("gebiedscode", f"'{code}' is geen {niveau} van regio {regio}")
                continue
            eenheid = entry.eenheid
            values: dict[str, float | int | None] = {"waarde": None, "waarde_tot": None, "jaar": None}
            for name in ("waarde", "waarde_tot"):
                if text(at(name)) == "":
                    if name == "waarde":
                        fail(name, "waarde ontbreekt; vul een getal in of maak de hele regel leeg")
                    continue
                try:
                    values[name] = werkmap.number(at(name), eenheid, decimal_comma)
                except ValueError as exc:
                    fail(name, str(exc))
            if text(at("jaar")):
                try:
                    values["jaar"] = wd.PARSERS["int"](text(at("jaar")), False)
                except ValueError as exc:
                    fail("jaar", str(exc))
            tijdvak = text(at("tijdvak"))
            if tijdvak:
                try:
                    tijdvak = wd.PARSERS["tijdvak"](tijdvak, False)
                except ValueError as exc:
                    fail("tijdvak", str(exc))
                    continue
            for name in ("periode", "bron"):
                if not text(at(name)):
                    fail(name, f"{name} ontbreekt; die is verplicht bij elk ingevuld cijfer")
            if values["waarde"] is None or not text(at("periode")) or not text(at("bron")):
                continue
            groep = None if entry.groep is pd.NA else entry.groep
            row = Row(indicator, groep if groep is not None else pd.NA, niveau, code,
                      code if niveau == "gemeente" else pd.NA, values["waarde"],
                      pd.NA if values["waarde_tot"] is None else values["waarde_tot"], eenheid,
                      pd.NA if values["jaar"] is None else values["jaar"], tijdvak or pd.NA)
            rule_problems = _row_problems(row, catalogue, groups, known, provincies)
            for kolom, message in rule_problems:
                fail(kolom, message)
            if rule_problems:
                continue
            key = (indicator, niveau, code, text(at("periode")))  # one request gives one value per figure
            if key in seen:
                fail("periode", f"hetzelfde cijfer (indicator, gebied en periode) staat ook op {seen[key]}")
                continue
            seen[key] = f"{'blad ' + blad + ', ' if blad else ''}regel {regel}"
            row = {
                "indicator": indicator, "groep": groep or "", "niveau": niveau, "gebiedscode": code,
                "gebied": areas[niveau][code], "gemeentecode": code if niveau == "gemeente" else "",
                "waarde": storage.plain_number(values["waarde"], 6), "waarde_tot": storage.plain_number(values["waarde_tot"], 6),
                "eenheid": eenheid, "periode": text(at("periode")), "tijdvak": tijdvak,
                "jaar": "" if values["jaar"] is None else str(values["jaar"]),
                "bron": text(at("bron")), "opmerking": text(at("opmerking")),
            }
            stored = dict(row, opmerking=_with_note(row["opmerking"], note))
            try:  # what check would refuse in the written row: length, invisible characters, size of a number
                storage.check_new_rows(Path(WAARNEMINGEN.file), list(WAARNEMINGEN.column_names),
                                       [[stored[c] for c in WAARNEMINGEN.column_names]], regel)
            except wd.DataValidationError as exc:
                for error in exc.errors:
                    fail(error.kolom or "?", error.message)
                continue
            found.append(row)
    if problems:
        raise GegevensuitvraagError(problems)
    return found


def _note(regio: str, today: date, path: Path) -> str:
    """What an imported row's ``opmerking`` says of where it came from."""
    return f"aangeleverd door regio {regio}; ingelezen {today.isoformat()} uit {path.name}"


def _with_note(opmerking: str, note: str) -> str:
    return f"{opmerking}; {note}" if opmerking else note


def _key(row: dict[str, str]) -> tuple:
    return (row["indicator"], row["niveau"], row["gebiedscode"], row["periode"], row["bron"])


def import_filled(path: str | Path, regio: str, data_dir: str | Path | None = None,
                  today: date | None = None) -> ImportResult:
    """Validate a filled-in request and append its new rows to ``waarnemingen.csv`` (atomic, under the lock)."""
    root = paths.data_dir(data_dir)
    dataset = wd.load_dataset(root)
    regions.get_region(dataset, regio)
    today = today or date.today()
    rows = read_filled(dataset, regio, path, today)
    target = root / WAARNEMINGEN.file
    with storage.exclusive_lock(target):
        with target.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            existing = {_key(r): r for r in reader}
            # append in the file's own column order; an older copy may lack tijdvak
            header = list(reader.fieldnames or WAARNEMINGEN.column_names)
        problems, new = [], []
        for row in rows:
            old = existing.get(_key(row))
            if old is None:
                row["opmerking"] = _with_note(row["opmerking"], _note(regio, today, Path(path)))
                new.append(row)
            elif (float(old["waarde"]), old["waarde_tot"] or "") != (float(row["waarde"]), row["waarde_tot"]):
                problems.append(f"{Path(path).name}: {row['indicator']} voor {row['gebied']} ({row['periode']}, "
                                f"bron {row['bron']}) staat al in {target.name} met waarde {old['waarde']}; "
                                "pas die regel met de hand aan of geef een andere periode of bron")
        if "tijdvak" not in header and any(r["tijdvak"] for r in new):
            problems.append(f"{target.name} heeft nog geen kolom tijdvak (een oudere versie); voeg die kolom toe "
                            "na periode, of laat tijdvak in de uitvraag leeg")
        if problems:
            raise GegevensuitvraagError(problems)
        if new:
            storage.append_rows(target, header, [[r[c] for c in header] for r in new])
    return ImportResult(nieuw=len(new), al_aanwezig=len(rows) - len(new), bestand=target)
