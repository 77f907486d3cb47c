"""Load and validate the sourced CSV tables in ``data/``: one typed loader for every notebook and command.

Every table has a schema (columns, their kind, the key); the core tables are declared here, the
themes declare theirs through the registry. One file is read by :mod:`woonzorg.csvtable` (Dutch
errors naming file, regel and kolom); this module reads the whole folder and checks the rules that
span rows and tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import paths
from woonzorg.present import privacy

# Reading one file lives in woonzorg.csvtable; column kinds, units and declarative constraints in
# woonzorg.columns. Both are re-exported here, where the themes and commands import them from.
from woonzorg.csvtable import (  # noqa: F401
    DataError, DataValidationError, LineNumbers, RawTable, _empty_table, display_name, is_empty_file, parse_table,
    read_bytes, read_optional_table, read_raw, read_table,
)
from woonzorg.columns import (  # noqa: F401
    GM_CODE, NUMERIC_KINDS, PANDAS_DTYPES, PARSERS, REGIO_ID, REGIO_ID_MAX, UNITS, Column, Reference, Unit, check_cell,
    check_text, columns, unit_of,
)

# --------------------------------------------------------------------------------------------
# Schemas


@dataclass(frozen=True)
class PartOf:
    """A row that is part of another row of the same table: ``part`` <= ``whole`` (e.g. vacated <= stock).

    Rows are found by their ``key`` column (``indicator``, ``parameter``), compared on ``value``;
    with a ``date`` column the whole of the nearest date counts.
    """

    part: str
    whole: str
    reason: str  # Dutch, for the message
    key: str = "indicator"
    value: str = "waarde"
    date: str | None = "peildatum"


@dataclass(frozen=True)
class TableSchema:
    """What one CSV file in ``data/`` must look like."""

    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    optional: bool = False  # a missing, empty (0 bytes) or header-only optional file reads as an empty table
    unit_column: str = "eenheid"  # where a table has this column, it names each row's unit of its numbers
    parts: tuple[PartOf, ...] = ()  # rows that are part of another row: at most that row's value

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def unit_source(self, column: Column) -> str | None:
        """The column that names ``column``'s unit per row: declared, or the table's ``eenheid``."""
        if column.unit_from:
            return column.unit_from
        if column.kind in ("int", "float") and column.unit is None and self.unit_column in self.column_names:
            return self.unit_column
        return None


_cols = columns


CORE_SCHEMAS: dict[str, TableSchema] = {}
# The divisions of the country a region belongs to (regio-indeling.csv, kolom indeling): the koploper
# regions and the provinces overlap, so a municipality is in at most one region *per indeling*.
KOPLOPER = "koploper"
PROVINCIE = "provincie"
INDELINGEN = (KOPLOPER, PROVINCIE)
GEMEENTE_MAX = 2_000_000  # inhabitants, households or homes of one municipality (Amsterdam: ~930.000)
NAAM_MAX = 120  # a region's or municipality's name


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
        Column("gemeente", "text", True, "naam van de gemeente", max_length=NAAM_MAX, single_line=True),
        Column("provincie", "text", True, "provincie", max_length=NAAM_MAX, single_line=True),
        # every municipality has inhabitants, households and homes: they are the denominators of
        # the region's shares (a region of zeros cannot be divided)
        Column("inwoners", "count", True, "aantal inwoners op de peildatum", unit="personen",
               min_exclusive=0, max=GEMEENTE_MAX,
               reason="elke gemeente heeft inwoners, de grootste minder dan een miljoen"),
        Column("huishoudens", "count", True, "aantal particuliere huishoudens", unit="huishoudens",
               min_exclusive=0, max=GEMEENTE_MAX, reason="elke gemeente heeft huishoudens"),
        Column("woningvoorraad", "count", True, "aantal woningen", unit="woningen",
               min_exclusive=0, max=GEMEENTE_MAX, reason="elke gemeente heeft woningen"),
        Column("inwoners_65plus", "count", True, "inwoners van 65 jaar en ouder", unit="personen"),
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
        Column("regio_naam", "text", True, "naam van de regio", max_length=NAAM_MAX, single_line=True),
        Column("gemeentecode", "gemeentecode", True, "CBS-code van een gemeente in de regio",
               references=Reference("gemeenten", "gemeentecode", "gemeentecode", quoted=False)),
        ("centrumgemeente", "jaNee", True, "ja als de gemeente centrumgemeente is (BW/MO)"),
        ("bron", "text", True, "bron van de indeling"),
        Column("indeling", "regio", False, "soort indeling: koploper (standaard, ook als de kolom ontbreekt) "
               "of provincie", choices=INDELINGEN, default=KOPLOPER),
    ),
    description="Welke gemeenten bij welke regio horen; per indeling hoort een gemeente bij ten hoogste één regio.",
))

_core(TableSchema(
    "aandachtsgroepen.csv",
    _cols(
        ("groep", "regio", True, "id van de aandachtsgroep"),
        Column("naam", "text", True, "naam", max_length=NAAM_MAX, single_line=True),
        ("omschrijving", "text", True, "omschrijving"),
        ("bron", "text", True, "bron van de indeling"),
    ),
    key=("groep",),
    description="De acht officiële aandachtsgroepen.",
))

_core(TableSchema(
    "urgentiecategorieen.csv",
    _cols(
        Column("categorie", "text", True, "id van de wettelijke urgentiecategorie", max_length=REGIO_ID_MAX,
               single_line=True),
        Column("naam", "text", True, "naam", max_length=NAAM_MAX, single_line=True),
        Column("groep", "regio", True, "aandachtsgroep waar de categorie onder valt",
               references=Reference("aandachtsgroepen", "groep", "aandachtsgroep")),
        ("bron", "text", True, "bron"),
    ),
    key=("categorie",),
    description="Wettelijke urgentiecategorieën (Wet versterking regie volkshuisvesting) als subgroepen.",
))

_core(TableSchema(
    "landelijke-cijfers.csv",
    _cols(
        Column("indicator", "text", True, "naam van het cijfer", max_length=NAAM_MAX, single_line=True),
        # a national figure is the denominator of a share (mutatiegraad, aandeel inwoners): never 0
        Column("waarde", "float", True, "waarde", unit_from="eenheid", min_exclusive=0,
               reason="een landelijk cijfer is de noemer van een aandeel of verhouding"),
        Column("eenheid", "text", True, "eenheid", max_length=NAAM_MAX, single_line=True),
        ("peildatum", "date", True, "peildatum of einde van de periode"),
        ("bron", "text", True, "bron"),
        ("opmerking", "text", False, "toelichting en kanttekeningen"),
    ),
    key=("indicator", "peildatum"),
    description="Landelijke cijfers met peildatum en bron.",
    # the analysis divides one by the other (mutatiegraad = vacated / stock): a part larger than its
    # whole is a typing error, not a finding
    parts=(
        PartOf("vrijgekomen_corporatiewoningen", "corporatiewoningen",
               "er komen per jaar niet meer corporatiewoningen vrij dan er zijn"),
        PartOf("verhuurd_aan_statushouders", "vrijgekomen_corporatiewoningen",
               "er worden niet meer woningen verhuurd dan er vrijkomen"),
        PartOf("corporatiewoningen", "woningvoorraad", "corporatiewoningen zijn een deel van alle woningen"),
        PartOf("huishoudens", "inwoners", "een huishouden telt minstens één inwoner"),
        PartOf("dakloze_personen_18_65", "inwoners", "dakloze personen zijn een deel van de inwoners"),
        PartOf("taakstelling_statushouders", "inwoners", "de taakstelling is een deel van de inwoners"),
    ),
))

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

    def copy(self) -> "Dataset":
        """The same folder's tables, each a copy of its own (values, dtypes and ``attrs``)."""
        return Dataset(root=self.root, tables={key: frame.copy(deep=True) for key, frame in self.tables.items()})

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
    errors.extend(check_references(tables, names))

    errors.extend(check_indeling(tables["regio-indeling"], names["regio-indeling"]))

    errors.extend(waarnemingen.check_tables(tables, names))
    all_schemas = schemas()
    for key, frame in tables.items():
        if key in all_schemas and all_schemas[key].parts:
            errors.extend(check_parts(frame, all_schemas[key], names[key]))
    from woonzorg import themes

    for part in themes.data_parts():
        for check in part.checks:
            errors.extend(check(tables, names))
    return errors


def check_indeling(indeling: pd.DataFrame, name: str) -> list[DataError]:
    """Per indeling a municipality is in at most one region; a region has one name and one indeling."""
    errors: list[DataError] = []
    region_names: dict[str, tuple[str, int]] = {}
    region_indeling: dict[str, tuple[str, int]] = {}
    placed: dict[tuple[str, str], tuple[str, int]] = {}
    for i, row in enumerate(indeling.itertuples(index=False)):
        regel = _row_of(indeling, i)
        soort = row.indeling
        if (soort, row.gemeentecode) in placed:
            other, other_regel = placed[(soort, row.gemeentecode)]
            where = "nog een keer in dezelfde regio" if other == row.regio else f"ook in regio {other}"
            errors.append(DataError(name, f"gemeente {row.gemeentecode} staat {where} (regel {other_regel}); "
                                    f"een gemeente hoort per indeling bij ten hoogste één regio (indeling {soort})",
                                    regel, "gemeentecode"))
        placed.setdefault((soort, row.gemeentecode), (row.regio, regel))
        if row.regio in region_names and region_names[row.regio][0] != row.regio_naam:
            first_name, first_regel = region_names[row.regio]
            errors.append(DataError(name, f"regio {row.regio} heet hier '{row.regio_naam}' maar op regel "
                                    f"{first_regel} '{first_name}'", regel, "regio_naam"))
        region_names.setdefault(row.regio, (row.regio_naam, regel))
        if row.regio in region_indeling and region_indeling[row.regio][0] != soort:
            first, first_regel = region_indeling[row.regio]
            errors.append(DataError(name, f"regio {row.regio} hoort hier bij indeling {soort} maar op regel "
                                    f"{first_regel} bij {first}; een regio heeft één indeling", regel, "indeling"))
        region_indeling.setdefault(row.regio, (soort, regel))
    return errors


def regions_of(indeling: pd.DataFrame) -> dict[str, set[str]]:
    """Per municipality the regions it belongs to, one per indeling (a koploper region, a province)."""
    found: dict[str, set[str]] = {}
    for code, regio in zip(indeling["gemeentecode"], indeling["regio"]):
        found.setdefault(code, set()).add(regio)
    return found


def check_parts(frame: pd.DataFrame, schema: TableSchema, name: str) -> list[DataError]:
    """Each declared part (:class:`PartOf`) is at most its whole, of the nearest date where the table has dates."""
    errors: list[DataError] = []
    for rule in schema.parts:
        if frame.empty or rule.key not in frame or rule.value not in frame:
            continue
        wholes = frame.index[frame[rule.key] == rule.whole]
        if not len(wholes):
            continue
        for i in frame.index[frame[rule.key] == rule.part]:
            if rule.date and rule.date in frame:
                when = _ordinal(frame.at[i, rule.date])
                nearest = min(wholes, key=lambda j: abs(_ordinal(frame.at[j, rule.date]) - when))
            else:
                nearest = wholes[0]
            part, whole = frame.at[i, rule.value], frame.at[nearest, rule.value]
            if part > whole:
                errors.append(DataError(name, f"{rule.part} {part:g} is meer dan {rule.whole} {whole:g} "
                                        f"(regel {_row_of(frame, nearest)}); {rule.reason}", _row_of(frame, i), rule.value))
    return errors


def _ordinal(iso: object) -> int:
    return date.fromisoformat(str(iso)).toordinal()


def check_references(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Every column declared with a :class:`Reference` names a key of the referenced table."""
    errors: list[DataError] = []
    all_schemas = schemas()
    for key, frame in tables.items():
        schema = all_schemas.get(key)
        if schema is None:
            continue
        for column in schema.columns:
            ref = column.references
            if ref is None or ref.table not in tables or frame.empty:
                continue
            known = set(tables[ref.table][ref.column].dropna())
            listed = f"bekend zijn: {', '.join(sorted(known))}" if len(known) <= 12 else \
                f"die staat niet in {names.get(ref.table, ref.table + '.csv')}"
            for i, value in enumerate(frame[column.name]):
                if value is pd.NA or value is None or value in known:
                    continue
                shown = f"'{value}'" if ref.quoted else str(value)
                errors.append(DataError(names[key], f"onbekende {ref.noun} {shown}; {listed}",
                                        _row_of(frame, i), column.name))
    return errors


def check_region_membership(
    frame: pd.DataFrame, name: str, indeling: pd.DataFrame
) -> list[DataError]:
    """Rows with ``regio`` and ``gemeentecode`` must name a known region and one of its municipalities.

    A municipality may be in several regions (one per indeling): a row may name any of them.
    """
    errors: list[DataError] = []
    member_of = regions_of(indeling)
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
        if code not in member_of:
            errors.append(DataError(name, f"gemeente {code} hoort bij geen enkele regio "
                                    "(zie regio-indeling.csv)", regel, "gemeentecode"))
        elif row.regio not in member_of[code]:
            errors.append(DataError(name, f"gemeente {code} hoort bij regio {', '.join(sorted(member_of[code]))}, "
                                    f"niet bij {row.regio}", regel, "gemeentecode"))
    return errors


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate every registered table of a data folder.

    Raises :class:`DataValidationError` listing every problem found (per file first; cross-table
    rules only when every file reads). The observed figures come back as they may be published: a
    count of persons below the threshold without its value
    (:func:`woonzorg.present.privacy.suppress_observations`). A folder read before in this process,
    with the same bytes in every file, is not read again: the caller gets its own copy of the
    validated tables (a warm kernel runs a notebook per region and theme on the same folder).
    """
    root = paths.data_dir(data_dir)
    if not root.is_dir():
        raise DataValidationError([DataError(str(root), "gegevensmap bestaat niet")])
    files = {key: root / schema.file for key, schema in schemas().items()}
    names = {key: display_name(path, root) for key, path in files.items()}
    digest = _digest(files)
    known = _LOADED.get(root)
    if known is not None and known[0] == (digest, names):
        return known[1].copy()
    errors: list[DataError] = []
    tables: dict[str, pd.DataFrame] = {}
    for key, schema in schemas().items():
        path = files[key]
        if schema.optional and is_empty_file(path):
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
    # the raw values were validated; from here on a small count of persons has no value (the one
    # suppression step every observed figure goes through before anything is made from it)
    tables["waarnemingen"] = privacy.suppress_observations(tables["waarnemingen"], tables["indicatoren"])
    dataset = Dataset(root=root, tables=tables)
    _LOADED.clear()  # one folder kept: the one read last
    _LOADED[root] = ((digest, names), dataset)
    return dataset.copy()


# The folder read last: (the digest of its files' bytes and their names, the validated tables). Only
# copies leave this cache, so what one caller changes in its tables never reaches the next.
_LOADED: dict[Path, tuple[tuple, Dataset]] = {}


def _digest(files: dict[str, Path]) -> str:
    """One hash over the bytes of the tables' files (a missing or unreadable file counts as such)."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    for key, path in files.items():
        try:
            content = path.read_bytes()
        except OSError as exc:
            content = f"\0{type(exc).__name__}".encode()
        digest.update(f"{key}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


# The core tables of observed figures live in their own module; importing it registers them.
from woonzorg import waarnemingen  # noqa: E402  (needs the definitions above)
