"""Reading a filled-in workbook or CSV cell by cell, as the user typed it, and bounded in size.

A data request comes back as an Excel workbook or a CSV (:mod:`woonzorg.gegevensuitvraag`). Before
openpyxl reads a workbook, :func:`check_workbook_size` refuses one that is far bigger than a data
request can be (a zip or dimension bomb): from the zip's directory and each sheet's declared
dimension, without unpacking. The rows are then read as they are in the file, not up to the
dimension a sheet declares, and the reading stops at :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS`
columns. Errors are Dutch and name the file and sheet (:class:`GegevensuitvraagError`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from woonzorg import data as wd
from woonzorg.dutch import number as dutch_number

# A filled-in request is small (the largest region's template has a few hundred rows of 14 columns): a
# workbook beyond these is refused before it is read, so that a dimension or zip bomb costs no memory
MAX_ROWS = 10_000  # per sheet, header included
MAX_COLUMNS = 100
MAX_UNPACKED_BYTES = 50_000_000  # all parts of the xlsx (zip) together, uncompressed
MAX_PARTS = 1_000


class GegevensuitvraagError(Exception):
    """A filled-in request that cannot be imported; ``problems`` are Dutch, one per place."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Cell:
    """One cell as read: its value (text, number, date or None) and whether it held a formula."""

    value: object
    formula: bool = False


def sheets(path: Path, skip: str = "") -> list[tuple[str | None, list[str], list[tuple[int, list[Cell]]]]]:
    """(blad, header, [(regel, cells)]) per sheet of a workbook (but the sheet named ``skip``), or one
    (None, ...) for a CSV."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        check_workbook_size(path)  # before openpyxl reads anything: a zip or dimension bomb is refused here
        try:
            book = load_workbook(path, data_only=False, read_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
            raise GegevensuitvraagError([f"{path.name}: kan de werkmap niet openen ({type(exc).__name__})"]) from None
        try:
            return [rows for sheet in book.worksheets
                    if sheet.title != skip and (rows := _sheet_rows(path, sheet)) is not None]
        finally:
            book.close()
    try:
        raw = wd.read_raw(path, path.name)
    except wd.DataValidationError as exc:
        raise GegevensuitvraagError([str(e) for e in exc.errors]) from None
    return [(None, raw.header, [(regel, [Cell(c) for c in cells]) for regel, cells in raw.rows])]


def _sheet_rows(path: Path, sheet) -> tuple[str, list[str], list[tuple[int, list[Cell]]]] | None:
    """One sheet's header and rows, read as they are in the file: the declared dimension is not trusted (a row
    after it is read too), and a sheet with more than :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS` columns is
    refused as soon as the reading gets there."""
    sheet.reset_dimensions()  # read-only mode would stop at the declared last row and drop what follows
    rows = []
    for regel, row in enumerate(sheet.iter_rows(), start=1):
        if regel > MAX_ROWS or len(row) > MAX_COLUMNS:
            too_many = (f"meer dan {dutch_number(MAX_ROWS)} regels" if regel > MAX_ROWS
                        else f"meer dan {MAX_COLUMNS} kolommen")
            raise GegevensuitvraagError([f"{path.name}, blad {sheet.title}, regel {regel}: het blad heeft "
                                         f"{too_many}; een gegevensuitvraag is veel kleiner. Gebruik het sjabloon "
                                         "van 'woonzorg gegevens sjabloon'"])
        rows.append(row)
    if not rows:
        return None
    header = [str(c.value).strip() if c.value is not None else "" for c in rows[0]]
    body = [(i, [Cell(c.value, getattr(c, "data_type", "") == "f") for c in r])
            for i, r in enumerate(rows[1:], start=2)]
    return sheet.title, header, body


def check_workbook_size(path: Path) -> None:
    """Refuse a workbook that is too big to be a data request before anything reads it.

    Checked from the zip's directory and the start of each worksheet, without unpacking: the number of
    parts, their uncompressed size together (:data:`MAX_UNPACKED_BYTES`; a zip bomb declares its size
    truthfully, or the reading stops there) and each sheet's declared ``<dimension>``.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            if len(members) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
                raise GegevensuitvraagError([
                    f"{path.name}: de werkmap is uitgepakt {unpacked / 1e6:.0f} MB in {len(members)} delen; "
                    f"een gegevensuitvraag is hooguit {MAX_UNPACKED_BYTES // 1_000_000} MB. Gebruik het sjabloon "
                    "van 'woonzorg gegevens sjabloon'"])
            for member in members:
                if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", member.filename):
                    continue
                with archive.open(member) as stream:
                    start = stream.read(4096).decode("utf-8", errors="replace")
                found = re.search(r"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"", start)
                if not found:
                    continue
                last_column, last_row = found[3] or found[1] or "A", int(found[4] or found[2] or 1)
                columns = _column_number(last_column)
                if last_row > MAX_ROWS or columns > MAX_COLUMNS:
                    raise GegevensuitvraagError([
                        f"{path.name}: een blad zegt {dutch_number(last_row)} regels en {dutch_number(columns)} "
                        f"kolommen te hebben ({member.filename}); een gegevensuitvraag heeft er hooguit "
                        f"{dutch_number(MAX_ROWS)} en {MAX_COLUMNS}. Gebruik het sjabloon van "
                        "'woonzorg gegevens sjabloon'"])
    except zipfile.BadZipFile:
        raise GegevensuitvraagError([f"{path.name}: kan de werkmap niet openen (geen geldig xlsx-bestand)"]) from None


def _column_number(letters: str) -> int:
    """``A`` → 1, ``N`` → 14, ``XFD`` → 16384."""
    n = 0
    for letter in letters:
        n = n * 26 + ord(letter) - ord("A") + 1
    return n


def text(cell: Cell) -> str:
    """A cell as the text the user typed: a whole float without ``.0``, a date as ``2025-01-01``."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()  # Excel made a date of "2025-01-01": keep it as written, not "2025-01-01 00:00:00"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).strip()


def number(cell: Cell, eenheid: str, decimal_comma: bool) -> float:
    """A cell as a number in ``eenheid``: a number cell as it is, text parsed the Dutch way, ``25%`` as a share."""
    if isinstance(cell.value, bool):
        raise ValueError(f"'{cell.value}' is geen getal")
    if isinstance(cell.value, (int, float)):
        value = float(cell.value)
        if not math.isfinite(value):
            raise ValueError("geen eindig getal")
        return value
    typed = text(cell)
    percent = typed.endswith("%")
    value = wd.PARSERS["float"](typed.rstrip("%").strip(), decimal_comma)
    if percent:
        if not eenheid.startswith("aandeel"):
            raise ValueError(f"'{typed}' is een percentage, maar de eenheid is {eenheid}")
        value /= 100
    return value


def csv_delimiter(path: Path) -> str:
    """``;`` for an Excel export with a Dutch locale, else ``,``."""
    first = path.read_bytes().decode("utf-8-sig", errors="replace").lstrip("\r\n").splitlines()[:1]
    return ";" if first and first[0].count(";") > first[0].count(",") else ","


