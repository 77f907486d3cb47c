"""Load and validate the sourced CSV tables in ``data/``: one typed loader for every notebook and command.

Every table has a schema (columns, their kind, the key). Reading accepts what Dutch users really
have: UTF-8 with or without BOM, comma-separated files with a decimal point, and Excel's
``;``-separated exports with a decimal comma. Every problem becomes a :class:`DataError` that names
file, row (``regel``, counted as a spreadsheet does: the header is regel 1) and column (``kolom``),
in Dutch, so the person who owns the spreadsheet can fix it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from woonzorg import paths

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
# Column kinds: a small registry of parsers. Each takes the raw text and whether the file uses
# a decimal comma, and returns the value or raises ValueError with a Dutch explanation.

GM_CODE = re.compile(r"^GM\d{4}$")
REGIO_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_INT = re.compile(r"^[+-]?\d+$")
_INT_THOUSANDS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def _parse_int(text: str, decimal_comma: bool) -> int:
    t = text.replace(" ", "").replace("\u00a0", "")
    if decimal_comma and _INT_THOUSANDS_DOT.match(t):
        t = t.replace(".", "")
    if not _INT.match(t):
        raise ValueError(f"'{text}' is geen geheel getal")
    value = int(t)
    if abs(value) >= 2**53:
        raise ValueError(f"'{text}' is onwaarschijnlijk groot")
    return value


def _parse_float(text: str, decimal_comma: bool) -> float:
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if decimal_comma:
        if "," in t:
            t = t.replace(".", "").replace(",", ".")
        elif _INT_THOUSANDS_DOT.match(t):
            t = t.replace(".", "")
    elif "," in t:
        raise ValueError(
            f"'{text}' is geen getal: dit bestand gebruikt een decimale punt (kommagescheiden), "
            "maar hier staat een komma"
        )
    try:
        if "_" in t:
            raise ValueError
        value = float(t)
    except ValueError:
        raise ValueError(f"'{text}' is geen getal") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"'{text}' is geen eindig getal")
    return value


def _parse_count(text: str, decimal_comma: bool) -> int:
    value = _parse_int(text, decimal_comma)
    if value < 0:
        raise ValueError(f"'{text}' is negatief; een aantal kan niet negatief zijn")
    return value


def _parse_share(text: str, decimal_comma: bool) -> float:
    t = text.strip()
    percent = t.endswith("%")
    value = _parse_float(t.rstrip("%"), decimal_comma)
    if percent:
        value /= 100
    if not 0 <= value <= 1:
        raise ValueError(
            f"'{text}' ligt buiten 0–1; verwacht een aandeel tussen 0 en 1 (bijvoorbeeld 0,25 of 25%)"
        )
    return value


def _parse_gm_code(text: str, decimal_comma: bool) -> str:
    t = text.strip().upper()
    if not GM_CODE.match(t):
        raise ValueError(f"'{text}' is geen gemeentecode; verwacht 'GM' en vier cijfers, bijvoorbeeld GM0153")
    return t


def _parse_regio_id(text: str, decimal_comma: bool) -> str:
    t = text.strip()
    if not REGIO_ID.match(t):
        raise ValueError(
            f"'{text}' is geen geldige regio-id; gebruik kleine letters, cijfers en streepjes, "
            "bijvoorbeeld arnhem-nijmegen"
        )
    return t


def _parse_date(text: str, decimal_comma: bool) -> str:
    t = text.strip()
    try:
        m = _DUTCH_DATE.match(t)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", t):
            raise ValueError
        return date.fromisoformat(t).isoformat()
    except ValueError:
        raise ValueError(f"'{text}' is geen datum; verwacht bijvoorbeeld 2024-01-01 of 1-1-2024") from None


def _parse_yesno(text: str, decimal_comma: bool) -> bool:
    t = text.strip().lower()
    if t in ("ja", "j", "1", "true"):
        return True
    if t in ("nee", "n", "0", "false"):
        return False
    raise ValueError(f"'{text}' is geen ja of nee")


def _parse_text(text: str, decimal_comma: bool) -> str:
    return text.strip()


PARSERS: dict[str, Callable[[str, bool], Any]] = {
    "text": _parse_text,
    "int": _parse_int,
    "count": _parse_count,
    "float": _parse_float,
    "share": _parse_share,
    "gemeentecode": _parse_gm_code,
    "regio": _parse_regio_id,
    "date": _parse_date,
    "jaNee": _parse_yesno,
}

PANDAS_DTYPES = {
    "text": "string",
    "int": "Int64",
    "count": "Int64",
    "float": "Float64",
    "share": "Float64",
    "gemeentecode": "string",
    "regio": "string",
    "date": "string",
    "jaNee": "boolean",
}

# --------------------------------------------------------------------------------------------
# Schemas


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = True
    description: str = ""


@dataclass(frozen=True)
class TableSchema:
    """What one CSV file in ``data/`` must look like."""

    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    optional: bool = False  # a missing optional file reads as an empty table

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(*specs: tuple) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in specs)


CORE_SCHEMAS: dict[str, TableSchema] = {}


def _core(schema: TableSchema) -> TableSchema:
    CORE_SCHEMAS[table_key(schema)] = schema
    return schema


def table_key(schema: TableSchema) -> str:
    """``analyse-aannames.csv`` -> ``analyse-aannames``: how a table is named in a dataset."""
    return schema.file.removesuffix(".csv")


def schemas() -> dict[str, TableSchema]:
    """Every table of a data folder: the core tables here and those the theme registry declares."""
    from woonzorg import themes

    found = dict(CORE_SCHEMAS)
    for part in themes.data_parts():
        for schema in part.tables:
            found.setdefault(table_key(schema), schema)
    return found


_core(TableSchema(
    "gemeenten.csv",
    _cols(
        ("gemeentecode", "gemeentecode", True, "CBS-code, GM + 4 cijfers"),
        ("gemeente", "text", True, "naam van de gemeente"),
        ("provincie", "text", True, "provincie"),
        ("inwoners", "count", True, "aantal inwoners op de peildatum"),
        ("huishoudens", "count", True, "aantal particuliere huishoudens"),
        ("woningvoorraad", "count", True, "aantal woningen"),
        ("inwoners_65plus", "count", True, "inwoners van 65 jaar en ouder"),
        ("peildatum", "date", True, "peildatum van de CBS-cijfers"),
        ("bron", "text", True, "bron van de CBS-cijfers"),
        ("corporatie_aandeel", "share", True, "aandeel woningen in bezit van woningcorporaties (0–1)"),
        ("corporatie_peildatum", "date", True, "peildatum van het corporatieaandeel"),
        ("corporatie_bron", "text", True, "bron van het corporatieaandeel"),
        ("corporatie_schatting", "jaNee", True, "ja als het corporatieaandeel een schatting is"),
        ("corporatie_methode", "text", False, "hoe de schatting is gemaakt"),
    ),
    key=("gemeentecode",),
    description="Kerncijfers per gemeente (alle gemeenten van Nederland).",
))

_core(TableSchema(
    "regio-indeling.csv",
    _cols(
        ("regio", "regio", True, "regio-id (kleine letters, streepjes)"),
        ("regio_naam", "text", True, "naam van de regio"),
        ("gemeentecode", "gemeentecode", True, "CBS-code van een gemeente in de regio"),
        ("centrumgemeente", "jaNee", True, "ja als de gemeente centrumgemeente is (BW/MO)"),
        ("bron", "text", True, "bron van de indeling"),
    ),
    description="Welke gemeenten bij welke regio horen; elke gemeente hoort bij ten hoogste één regio.",
))

_core(TableSchema(
    "aandachtsgroepen.csv",
    _cols(
        ("groep", "regio", True, "id van de aandachtsgroep"),
        ("naam", "text", True, "naam"),
        ("omschrijving", "text", True, "omschrijving"),
        ("bron", "text", True, "bron van de indeling"),
    ),
    key=("groep",),
    description="De acht officiële aandachtsgroepen.",
))

_core(TableSchema(
    "urgentiecategorieen.csv",
    _cols(
        ("categorie", "text", True, "id van de wettelijke urgentiecategorie"),
        ("naam", "text", True, "naam"),
        ("groep", "regio", True, "aandachtsgroep waar de categorie onder valt"),
        ("bron", "text", True, "bron"),
    ),
    key=("categorie",),
    description="Wettelijke urgentiecategorieën (Wet versterking regie volkshuisvesting) als subgroepen.",
))

_core(TableSchema(
    "landelijke-cijfers.csv",
    _cols(
        ("indicator", "text", True, "naam van het cijfer"),
        ("waarde", "float", True, "waarde"),
        ("eenheid", "text", True, "eenheid"),
        ("peildatum", "date", True, "peildatum of einde van de periode"),
        ("bron", "text", True, "bron"),
        ("opmerking", "text", False, "toelichting en kanttekeningen"),
    ),
    key=("indicator", "peildatum"),
    description="Landelijke cijfers met peildatum en bron.",
))

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


def read_raw(path: Path, name: str) -> RawTable:
    """Decode and split a CSV file; raise DataValidationError naming the file and line."""
    if not path.exists():
        raise DataValidationError([DataError(name, "bestand ontbreekt")])
    data = path.read_bytes()
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
    if "\x00" in text:
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
        if col not in raw.header:
            errors.append(DataError(name, f"kolom '{col}' ontbreekt; verwachte kolommen: {', '.join(expected)}",
                                    regel=raw.header_regel, kolom=col))
    if errors:
        raise DataValidationError(errors)
    if not raw.rows:
        if schema.optional:  # an optional table may be started with its header only
            return _empty_table(schema, name)
        raise DataValidationError([DataError(name, "tabel is leeg: alleen een kopregel, geen gegevens")])

    index = {c: raw.header.index(c) for c in expected}
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
            text = cells[index[column.name]].strip()
            if text == "":
                if column.required:
                    errors.append(DataError(name, "waarde ontbreekt", regel=regel, kolom=column.name))
                records[column.name].append(None)
                continue
            try:
                records[column.name].append(PARSERS[column.kind](text, raw.decimal_comma))
            except ValueError as exc:
                errors.append(DataError(name, str(exc), regel=regel, kolom=column.name))
                records[column.name].append(None)
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
    if not Path(path).exists():
        return _empty_table(schema, name)
    raw = read_raw(Path(path), name)
    return parse_table(raw, schema, name) if raw.rows else _empty_table(schema, name)


# --------------------------------------------------------------------------------------------
# The whole data folder


@dataclass
class Dataset:
    """All tables of one data folder, validated together."""

    root: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]

    @property
    def gemeenten(self) -> pd.DataFrame:
        """Municipalities with their figures, plus derived ``corporatiewoningen``."""
        g = self.tables["gemeenten"].copy()
        g["corporatiewoningen"] = (g["woningvoorraad"] * g["corporatie_aandeel"]).round().astype("Int64")
        return g

    @property
    def regio_indeling(self) -> pd.DataFrame:
        return self.tables["regio-indeling"]

    def source_of(self, table: str) -> list[str]:
        """The distinct sources (``bron``) cited in a table."""
        frame = self.tables[table]
        return sorted(frame["bron"].dropna().unique().tolist()) if "bron" in frame else []


def _row_of(frame: pd.DataFrame, i: int) -> int:
    return frame.attrs["regels"][i]


def check_consistency(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Rules that span rows or tables: plausible figures, region membership, references."""
    errors: list[DataError] = []
    g = tables["gemeenten"]
    gname = names["gemeenten"]
    for i, row in enumerate(g.itertuples(index=False)):
        if row.huishoudens is not pd.NA and row.inwoners is not pd.NA and row.huishoudens > row.inwoners:
            errors.append(DataError(gname, f"{row.huishoudens} huishoudens is meer dan {row.inwoners} inwoners; "
                                    "een huishouden telt minstens één inwoner", _row_of(g, i), "huishoudens"))
        if row.inwoners_65plus > row.inwoners:
            errors.append(DataError(gname, f"{row.inwoners_65plus} inwoners van 65+ is meer dan alle "
                                    f"{row.inwoners} inwoners", _row_of(g, i), "inwoners_65plus"))
        if row.inwoners > 2_000_000:
            errors.append(DataError(gname, f"{row.inwoners} inwoners is onwaarschijnlijk voor één gemeente "
                                    "(de grootste gemeente heeft er minder dan een miljoen)", _row_of(g, i), "inwoners"))
    known = set(g["gemeentecode"].dropna())

    r = tables["regio-indeling"]
    rname = names["regio-indeling"]
    region_names: dict[str, tuple[str, int]] = {}
    placed: dict[str, tuple[str, int]] = {}
    for i, row in enumerate(r.itertuples(index=False)):
        regel = _row_of(r, i)
        if row.gemeentecode in placed:
            other, other_regel = placed[row.gemeentecode]
            where = "nog een keer in dezelfde regio" if other == row.regio else f"ook in regio {other}"
            errors.append(DataError(rname, f"gemeente {row.gemeentecode} staat {where} (regel {other_regel}); "
                                    "een gemeente hoort bij precies één regio", regel, "gemeentecode"))
        placed.setdefault(row.gemeentecode, (row.regio, regel))
        if row.gemeentecode not in known:
            errors.append(DataError(rname, f"onbekende gemeentecode {row.gemeentecode}; "
                                    f"die staat niet in {gname}", regel, "gemeentecode"))
        if row.regio in region_names and region_names[row.regio][0] != row.regio_naam:
            first_name, first_regel = region_names[row.regio]
            errors.append(DataError(rname, f"regio {row.regio} heet hier '{row.regio_naam}' maar op regel "
                                    f"{first_regel} '{first_name}'", regel, "regio_naam"))
        region_names.setdefault(row.regio, (row.regio_naam, regel))

    groups = set(tables["aandachtsgroepen"]["groep"].dropna())
    u = tables["urgentiecategorieen"]
    for i, row in enumerate(u.itertuples(index=False)):
        if row.groep not in groups:
            errors.append(DataError(names["urgentiecategorieen"], f"onbekende aandachtsgroep '{row.groep}'; "
                                    f"bekend zijn: {', '.join(sorted(groups))}", _row_of(u, i), "groep"))
    errors.extend(waarnemingen.check_tables(tables, names))
    from woonzorg import themes

    for part in themes.data_parts():
        for check in part.checks:
            errors.extend(check(tables, names))
    return errors


def check_region_membership(
    frame: pd.DataFrame, name: str, indeling: pd.DataFrame
) -> list[DataError]:
    """Rows with ``regio`` and ``gemeentecode`` must name a known region and one of its municipalities."""
    errors: list[DataError] = []
    region_of = dict(zip(indeling["gemeentecode"], indeling["regio"]))
    regions = set(indeling["regio"])
    for i, row in enumerate(frame.itertuples(index=False)):
        regel = _row_of(frame, i)
        if row.regio not in regions:
            errors.append(DataError(name, f"onbekende regio '{row.regio}'; bekend zijn: {', '.join(sorted(regions))}",
                                    regel, "regio"))
            continue
        code = getattr(row, "gemeentecode", pd.NA)
        if code is pd.NA or code is None:
            continue
        if code not in region_of:
            errors.append(DataError(name, f"gemeente {code} hoort bij geen enkele regio "
                                    "(zie regio-indeling.csv)", regel, "gemeentecode"))
        elif region_of[code] != row.regio:
            errors.append(DataError(name, f"gemeente {code} hoort bij regio {region_of[code]}, niet bij {row.regio}",
                                    regel, "gemeentecode"))
    return errors


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate every registered table of a data folder.

    Raises :class:`DataValidationError` listing every problem found (per file first; cross-table
    rules only when every file reads).
    """
    root = paths.data_dir(data_dir)
    errors: list[DataError] = []
    tables: dict[str, pd.DataFrame] = {}
    names: dict[str, str] = {}
    if not root.is_dir():
        raise DataValidationError([DataError(str(root), "gegevensmap bestaat niet")])
    for key, schema in schemas().items():
        path = root / schema.file
        names[key] = display_name(path, root)
        if schema.optional and not path.exists():
            tables[key] = _empty_table(schema, names[key])
            continue
        try:
            tables[key] = read_table(path, schema, names[key])
        except DataValidationError as exc:
            errors.extend(exc.errors)
    if errors:
        raise DataValidationError(errors)
    errors = check_consistency(tables, names)
    if errors:
        raise DataValidationError(errors)
    return Dataset(root=root, tables=tables)


# The core tables of observed figures live in their own module; importing it registers them.
from woonzorg import waarnemingen  # noqa: E402  (needs the definitions above)
