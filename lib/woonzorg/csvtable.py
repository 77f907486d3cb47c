"""Read one CSV data file against its schema: decoding, separators, typed cells, Dutch errors.

Reading accepts what Dutch users really have: UTF-8 with or without BOM, comma-separated files with
a decimal point, and Excel's ``;``-separated exports with a decimal comma. Every problem becomes a
:class:`DataError` that names file, row (``regel``, counted as a spreadsheet does: the header is
regel 1) and column (``kolom``), in Dutch. :mod:`woonzorg.data` re-exports all of it and adds the
schemas and the whole data folder.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from woonzorg.columns import PANDAS_DTYPES, PARSERS, check_cell, check_text

if TYPE_CHECKING:
    from woonzorg.data import TableSchema

# --------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class DataError:
    """One problem in one place of one file."""

    file: str
    message: str
    regel: int | None = None
    kolom: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.regel is not None:
            where.append(f"regel {self.regel}")
        if self.kolom is not None:
            where.append(f"kolom {self.kolom}")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(Exception):
    """Raised when data does not pass validation; carries every :class:`DataError` found."""

    def __init__(self, errors: list[DataError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# --------------------------------------------------------------------------------------------
# Reading one file


@dataclass
class RawTable:
    """A CSV file decoded and split, before typing."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (regel, cells)
    delimiter: str
    header_regel: int = 1

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter == ";"


def display_name(path: Path, data_root: Path | None = None) -> str:
    """The file's name as users see it: relative to the data folder's parent where possible."""
    path = Path(path)
    if data_root is not None:
        try:
            return str(Path(data_root.name) / path.resolve().relative_to(data_root.resolve()))
        except ValueError:
            pass
    return str(path)


def read_bytes(path: Path, name: str) -> bytes:
    """The bytes of a data file, or a :class:`DataValidationError` saying in Dutch why not."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DataValidationError([DataError(name, "bestand ontbreekt")]) from None
    except IsADirectoryError:
        raise DataValidationError([DataError(name, "is een map, geen bestand; verwacht een CSV-bestand")]) from None
    except PermissionError:
        raise DataValidationError([DataError(name, "bestand kan niet worden gelezen: geen leesrechten")]) from None
    except OSError as exc:
        raise DataValidationError([DataError(name, f"bestand kan niet worden gelezen ({exc.strerror or exc})")]) from None


def is_empty_file(path: Path) -> bool:
    """A missing file or one of 0 bytes (a save that was cut off before its header)."""
    path = Path(path)
    try:
        return not path.exists() or (path.is_file() and path.stat().st_size == 0)
    except OSError:
        return False


def read_raw(path: Path, name: str) -> RawTable:
    """Decode and split a CSV file; raise DataValidationError naming the file and line."""
    data = read_bytes(path, name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataValidationError([DataError(
            name, "bestand is opgeslagen als UTF-16; sla het op als 'CSV UTF-8 (door komma's gescheiden)'")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        regel = exc.object[: exc.start].count(b"\n") + 1
        raise DataValidationError([DataError(
            name,
            "bestand is geen UTF-8 (bijvoorbeeld Windows-1252 uit Excel); "
            "sla het op als 'CSV UTF-8 (door komma's gescheiden)'",
            regel=regel,
        )]) from None
    first_nul = text.find("\x00")
    if first_nul != -1 and ("\n" not in text[:first_nul] or text.count("\x00") > 3):
        # NUL in the header or many of them: not a CSV file at all. A stray NUL in a cell is
        # refused per cell (with regel and kolom) by parse_table.
        raise DataValidationError([DataError(name, "bestand bevat binaire gegevens (NUL-tekens); verwacht een CSV-bestand")])
    if not text.strip():
        raise DataValidationError([DataError(name, "bestand is leeg; verwacht een kopregel met kolomnamen en gegevens")])
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if delimiter == "," and "\t" in first_line and "," not in first_line:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_regel = 1
    rows: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for cells in reader:
            regel = start
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue  # blank line
            if header is None:
                header = [c.strip() for c in cells]
                header_regel = regel
                continue
            rows.append((regel, cells))
    except csv.Error as exc:
        raise DataValidationError([DataError(name, f"CSV kan niet worden gelezen: {exc}", regel=reader.line_num)]) from None
    if header is None:
        raise DataValidationError([DataError(name, "bestand is leeg: het bevat alleen lege regels; verwacht een kopregel met kolomnamen")])
    return RawTable(path=path, header=header, rows=rows, delimiter=delimiter, header_regel=header_regel)


def parse_table(raw: RawTable, schema: TableSchema, name: str) -> pd.DataFrame:
    """Check columns and types of a raw table against its schema; return a typed DataFrame."""
    errors: list[DataError] = []
    expected = schema.column_names
    defaults = {c.name: c.default for c in schema.columns if c.default is not None}
    seen: set[str] = set()
    for col in raw.header:
        if col == "":
            errors.append(DataError(name, "kolom zonder naam in de kopregel", regel=raw.header_regel))
        elif col in seen:
            errors.append(DataError(name, f"kolom '{col}' staat twee keer in de kopregel", regel=raw.header_regel, kolom=col))
        elif col not in expected:
            errors.append(DataError(
                name, f"onbekende kolom '{col}'; verwachte kolommen: {', '.join(expected)}", regel=raw.header_regel, kolom=col))
        seen.add(col)
    for col in expected:
        if col not in raw.header and col not in defaults:
            errors.append(DataError(name, f"kolom '{col}' ontbreekt; verwachte kolommen: {', '.join(expected)}",
                                    regel=raw.header_regel, kolom=col))
    if errors:
        raise DataValidationError(errors)
    if not raw.rows:
        if schema.optional:  # an optional table may be started with its header only
            return _empty_table(schema, name)
        raise DataValidationError([DataError(name, "tabel is leeg: alleen een kopregel, geen gegevens")])

    index = {c: raw.header.index(c) for c in expected if c in raw.header}
    records: dict[str, list[Any]] = {c: [] for c in expected}
    regels: list[int] = []
    for regel, cells in raw.rows:
        if len(cells) != len(raw.header):
            sep = "puntkomma's" if raw.delimiter == ";" else "komma's"
            errors.append(DataError(
                name,
                f"{len(cells)} velden in plaats van {len(raw.header)}; controleer de {sep} "
                "en aanhalingstekens in deze regel",
                regel=regel,
            ))
            continue
        regels.append(regel)
        for column in schema.columns:
            cell = cells[index[column.name]] if column.name in index else ""
            text = cell.strip() or defaults.get(column.name, "")
            problem = check_text(cell, column)
            if problem:
                errors.append(DataError(name, problem, regel=regel, kolom=column.name))
                records[column.name].append(None)
                continue
            if text == "":
                if column.required:
                    errors.append(DataError(name, "waarde ontbreekt", regel=regel, kolom=column.name))
                records[column.name].append(None)
                continue
            try:
                value = PARSERS[column.kind](text, raw.decimal_comma)
            except ValueError as exc:
                errors.append(DataError(name, str(exc), regel=regel, kolom=column.name))
                records[column.name].append(None)
                continue
            unit_column = schema.unit_source(column)
            unit_text = cells[index[unit_column]].strip() if unit_column in index else None
            for problem in check_cell(column, text, value, unit_text):
                errors.append(DataError(name, problem, regel=regel, kolom=column.name))
            records[column.name].append(value)
    if schema.key and not errors:
        first_seen: dict[tuple, int] = {}
        for i, regel in enumerate(regels):
            k = tuple(records[c][i] for c in schema.key)
            if k in first_seen:
                errors.append(DataError(
                    name,
                    f"dubbele {'/'.join(schema.key)} {'/'.join(map(str, k))}; staat ook op regel {first_seen[k]}",
                    regel=regel, kolom=schema.key[0],
                ))
            else:
                first_seen[k] = regel
    if errors:
        raise DataValidationError(errors)
    frame = pd.DataFrame({c.name: pd.array(records[c.name], dtype=PANDAS_DTYPES[c.kind]) for c in schema.columns})
    frame.attrs["regels"] = LineNumbers(regels)
    frame.attrs["file"] = name
    return frame


class LineNumbers(tuple):
    """The line in the source file of each row of a table (``frame.attrs["regels"]``).

    pandas deep-copies ``attrs`` into the result of every operation; an immutable tuple that
    copies as itself keeps that free (a plain list of 342 numbers made the analysis 3× slower).
    """

    def __deepcopy__(self, memo) -> "LineNumbers":
        return self


def _empty_table(schema: TableSchema, name: str) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.array([], dtype=PANDAS_DTYPES[c.kind]) for c in schema.columns})
    frame.attrs.update(regels=LineNumbers(), file=name)
    return frame


def read_table(path: Path, schema: TableSchema, name: str | None = None) -> pd.DataFrame:
    """Read and type one table; raise :class:`DataValidationError` with every problem found."""
    name = name or str(path)
    return parse_table(read_raw(Path(path), name), schema, name)


def read_optional_table(path: Path, schema: TableSchema, name: str | None = None) -> pd.DataFrame:
    """Like :func:`read_table`, but a missing file (or one with only its header) is an empty table."""
    name = name or str(path)
    if is_empty_file(path):
        return _empty_table(schema, name)
    raw = read_raw(Path(path), name)
    return parse_table(raw, schema, name) if raw.rows else _empty_table(schema, name)
