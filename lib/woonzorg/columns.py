"""What one cell of a data table may hold: column kinds (parsers), units and declarative constraints.

A :class:`Column` says its kind (how the text is read) and, declaratively, what a value must
mean: a unit (``personen``, ``woningen``, ``aandeel``…) or a per-row unit column (``eenheid``),
bounds (``min``, ``max``, ``min_exclusive`` for a denominator), ``choices``, a ``max_length`` and a
:class:`Reference` to another table's key. :func:`check_cell` applies all of it to one cell and
returns Dutch messages; :mod:`woonzorg.data` adds file, regel and kolom. References span tables
and are checked by the data layer once every table reads.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from woonzorg import safetext

GM_CODE = re.compile(r"^GM[0-9]{4}$")  # [0-9], not \d: \d also matches full-width and Arabic-Indic digits
REGIO_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGIO_ID_MAX = 40
_INT = re.compile(r"^[+-]?[0-9]+$")
_INT_THOUSANDS_DOT = re.compile(r"^[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")
_FLOAT_CHARS = re.compile(r"^[0-9+\-.eE]+$")
_DUTCH_DATE = re.compile(r"^([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
LARGEST = 2**53  # beyond this a count or figure is no measurement (and floats lose whole numbers)

# --------------------------------------------------------------------------------------------
# Kinds: each parser takes the raw text and whether the file uses a decimal comma, and returns the
# value or raises ValueError with a Dutch explanation.


def _parse_int(text: str, decimal_comma: bool) -> int:
    t = text.replace(" ", "").replace("\u00a0", "")
    if decimal_comma and _INT_THOUSANDS_DOT.match(t):
        t = t.replace(".", "")
    if not _INT.match(t):
        raise ValueError(f"'{text}' is geen geheel getal")
    value = int(t)
    if abs(value) >= LARGEST:
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
    if t.lower() in ("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan", "+nan", "-nan"):
        raise ValueError(f"'{text}' is geen eindig getal")
    if not _FLOAT_CHARS.match(t):  # also refuses full-width digits and '_', which float() accepts
        raise ValueError(f"'{text}' is geen getal")
    try:
        value = float(t)
    except ValueError:
        raise ValueError(f"'{text}' is geen getal") from None
    if not math.isfinite(value):
        raise ValueError(f"'{text}' is geen eindig getal")
    if abs(value) >= LARGEST:
        raise ValueError(f"'{text}' is onwaarschijnlijk groot")
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
    if len(t) > REGIO_ID_MAX:
        raise ValueError(f"'{t[:20]}…' is te lang voor een id ({len(t)} tekens); gebruik er ten hoogste {REGIO_ID_MAX}")
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
        if not _ISO_DATE.match(t):
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


def _parse_tijdvak(text: str, decimal_comma: bool) -> str:
    from woonzorg import tijdvak

    return tijdvak.parse(text).tekst


def _parse_text(text: str, decimal_comma: bool) -> str:
    return safetext.restore_cell(text.strip())  # a formula defused on save reads back as typed


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
    "tijdvak": _parse_tijdvak,
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
    "tijdvak": "string",
}

NUMERIC_KINDS = ("int", "count", "float", "share")
TEXT_MAX = 1000  # longest text cell (the longest in data/ has ~600 characters)

# --------------------------------------------------------------------------------------------
# Units: what a number means, and so which values it can take.


@dataclass(frozen=True)
class Unit:
    """The values a quantity of one unit can take (``min``/``max`` inclusive, ``min_exclusive`` strict)."""

    name: str
    label: str  # Dutch, for messages: "een aantal personen"
    min: float | None = None
    max: float | None = None
    min_exclusive: float | None = None


UNITS: dict[str, Unit] = {u.name: u for u in (
    Unit("personen", "een aantal personen", min=0, max=100_000_000),
    Unit("huishoudens", "een aantal huishoudens", min=0, max=100_000_000),
    Unit("woningen", "een aantal woningen", min=0, max=100_000_000),
    Unit("aandeel", "een aandeel", min=0, max=1),
    Unit("procent", "een percentage", min=0, max=100),
    Unit("per1000", "een aantal per 1000 inwoners", min=0, max=1000),
    Unit("verhouding", "een verhouding (bijvoorbeeld personen per woning)", min_exclusive=0, max=1000),
    Unit("duur", "een duur", min=0, max=1000),
    Unit("jaartal", "een kalenderjaar", min=1900, max=2100),
)}

# A unit column (``eenheid``) holds free Dutch text; the first pattern that matches names the unit.
# Text that matches none (e.g. '% t.o.v. jaar eerder', which can be negative) is only checked for
# being a finite number.
UNIT_PATTERNS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p, re.I), u) for p, u in (
    (r"\bper\s+(woning|persoon|huishouden)\b", "verhouding"),
    (r"^per\s+1\.?000\b", "per1000"),
    (r"^aandeel\b", "aandeel"),
    (r"^%\s*van\b", "procent"),
    (r"^(personen|inwoners|volwassenen|gezinnen|individuele bezoekers|statushouders)\b", "personen"),
    (r"^huishoudens\b", "huishoudens"),
    (r"^(woningen|sociale huurwoningen|corporatiewoningen|woonplekken|plekken|slaapplekken)\b", "woningen"),
    (r"^(jaren|maanden|dagen|weken)\b", "duur"),
))


def unit_of(eenheid: str) -> Unit | None:
    """The unit a free-text ``eenheid`` names (``"personen (bijna)"`` -> personen), or None."""
    for pattern, unit in UNIT_PATTERNS:
        if pattern.search(eenheid.strip()):
            return UNITS[unit]
    return None


# --------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class Reference:
    """A value that must be a key of another table: ``Reference("gemeenten", "gemeentecode")``."""

    table: str  # the table's key in a dataset (file name without .csv)
    column: str
    noun: str = "waarde"  # Dutch, for the message: "onbekende aandachtsgroep 'x'"
    quoted: bool = True  # codes read better bare: "onbekende gemeentecode GM9999"


@dataclass(frozen=True)
class Column:
    """One column of a table: its kind and, declaratively, what its values may be."""

    name: str
    kind: str = "text"
    required: bool = True
    description: str = ""
    unit: str | None = None  # a key of UNITS, the same for every row
    unit_from: str | None = None  # a column naming each row's unit in words (eenheid)
    min: float | None = None
    max: float | None = None
    min_exclusive: float | None = None  # strictly greater: a denominator has min_exclusive=0
    choices: tuple[str, ...] = ()
    references: Reference | None = None
    max_length: int | None = None  # text; default TEXT_MAX
    single_line: bool = False  # text: no line breaks (ids, names: they go into headings and Markdown)
    reason: str = ""  # why a bound holds, added to its message ("een gemeente heeft inwoners")
    # a column added later: a file may leave it out, and an empty cell means this value (files
    # written before the column existed read as they always did)
    default: str | None = None


def _number(value: float) -> str:
    from woonzorg import dutch

    return dutch.number(value, 0 if float(value).is_integer() else 2)


def _bounds_problem(value: float, text: str, low: float | None, high: float | None,
                    low_exclusive: float | None, what: str) -> str | None:
    if low_exclusive is not None and not value > low_exclusive:
        return f"'{text}' moet groter zijn dan {_number(low_exclusive)} ({what})"
    if low is not None and value < low:
        if low == 0:
            return f"'{text}' is negatief; {what} kan niet negatief zijn"
        return f"'{text}' is kleiner dan {_number(low)}, het minimum voor {what}"
    if high is not None and value > high:
        return f"'{text}' is onwaarschijnlijk groot; verwacht ten hoogste {_number(high)} voor {what}"
    return None


def check_cell(column: Column, text: str, value: Any, unit_text: str | None = None) -> list[str]:
    """Dutch messages for one parsed cell against its column's declared constraints (empty: fine).

    ``text`` is the cell as written, ``value`` as parsed, ``unit_text`` the row's ``eenheid`` when
    the column takes its unit from there.
    """
    problems: list[str] = []
    why = f"; {column.reason}" if column.reason else ""
    if column.kind in NUMERIC_KINDS:
        what = "deze kolom"
        if column.unit:
            unit = UNITS[column.unit]
            what = unit.label
            problem = _bounds_problem(value, text, unit.min, unit.max, unit.min_exclusive, what)
            if problem:
                problems.append(problem + why)
        if unit_text is not None and (unit := unit_of(unit_text)) is not None:
            problem = _bounds_problem(value, text, unit.min, unit.max, unit.min_exclusive,
                                      f"{unit.label} (eenheid '{unit_text}')")
            if problem:
                problems.append(problem + why)
        problem = _bounds_problem(value, text, column.min, column.max, column.min_exclusive, what)
        if problem and not problems:
            problems.append(problem + why)
    else:
        limit = column.max_length or TEXT_MAX
        if isinstance(value, str) and len(value) > limit:
            problems.append(f"tekst is te lang ({len(value)} tekens); ten hoogste {limit}{why}")
    if column.choices and value not in column.choices:
        problems.append(f"onbekende waarde '{text}'; kies uit {', '.join(column.choices)}")
    return problems


def allows_line_breaks(column: Column) -> bool:
    """Only free text may span lines (a note); ids, codes, numbers, dates and declared names may not."""
    return column.kind == "text" and not column.single_line


def check_text(text: str, column: Column | None = None) -> str | None:
    """A Dutch message if a raw cell holds a control character (every cell, whatever its kind).

    Tab is allowed everywhere, a line break only in free text (see :func:`allows_line_breaks`).
    """
    line_breaks = column is not None and allows_line_breaks(column)
    problem = safetext.control_character(text, line_breaks=line_breaks)
    if problem:
        allowed = "gewone tekst" if line_breaks else "gewone tekst op één regel"
        return f"bevat een {problem}; verwacht {allowed}"
    return None


def columns(*specs: tuple | Column) -> tuple[Column, ...]:
    """Columns from ``(name, kind, required, description)`` tuples (the compact form) or :class:`Column` s."""
    return tuple(s if isinstance(s, Column) else Column(*s) for s in specs)
