"""Small-number suppression: person counts below the threshold are shown as "<10", and never recomputable.

The rules, applied by the library to every published table of person or household counts of an
aandachtsgroep per municipality (``woonzorg.analyse``, ``woonzorg.visie``):

- *Primary suppression.* A count below the threshold (default :data:`THRESHOLD` = 10, a parameter)
  is shown as ``<10``. Zero counts too: an empty cell would tell that nobody is in the group.
- *Secondary suppression.* Published totals (a column total in the footer, a row-total column)
  are equations; in each of them either no cell or at least two cells are hidden, so a hidden
  count cannot be found by subtraction. The extra cell hidden is the smallest shown one and is
  shown as ``×`` (:data:`MASK`), because calling it ``<10`` would be untrue.
- *Rounding.* Whether a cell is hidden is decided on the unrounded value, so 9,6 is ``<10``,
  never a rounded "10". Shown counts are rounded half to even to whole numbers (Dutch notation,
  ``1.234``); totals are computed from the unrounded values and rounded once, so a total may
  differ by rounding from the sum of the shown cells. A total below the threshold is itself
  shown as ``<10``, and the total of a one-row table whose cell is hidden as ``×``
  (:func:`column_totals`).
- *Checking.* :func:`check_published` reads a built site (every ``.html`` page and the HTML
  outputs of every ``.ipynb``) and reports each cell marked as a person count
  (``data-wz-personen``, see :class:`woonzorg.present.tables.Table`) that shows a number from 1 up to the
  threshold, and each published total that would let a single hidden cell be recomputed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from woonzorg.present.charts import dutch_number

THRESHOLD = 10
MASK = "×"  # a value of at least the threshold, hidden only to protect a small one (secondary)


def hidden_cells(
    frame: pd.DataFrame,
    columns: Sequence[str],
    threshold: int = THRESHOLD,
    *,
    total_column: str | None = None,
) -> pd.DataFrame:
    """Which cells to hide: a boolean frame over ``columns`` (plus ``total_column``).

    Primary suppression hides every value below ``threshold``. Secondary suppression assumes that
    each column's total is published (a table footer) and, when ``total_column`` is given, that it
    is the row sum of ``columns``. In every such sum either no cell or at least two cells are hidden,
    so no hidden value can be found by subtraction. The extra cell hidden is the smallest one shown.
    """
    cols = list(columns) + ([total_column] if total_column else [])
    values = frame[cols].astype("Float64").astype(float)
    hidden = values < threshold
    hidden &= values.notna()

    def hide_one_more(cells: list[tuple[int, str]]) -> bool:
        shown = [(values.at[i, c], i, c) for i, c in cells if not hidden.at[i, c] and pd.notna(values.at[i, c])]
        if not shown:
            return False
        _, i, c = min(shown, key=lambda t: t[0])
        hidden.at[i, c] = True
        return True

    changed = True
    while changed:
        changed = False
        # Columns: the published column total is an equation over all rows.
        for c in cols:
            cells = [(i, c) for i in frame.index]
            if len(cells) > 1 and sum(hidden.at[i, c] for i, _ in cells) == 1:
                changed |= hide_one_more(cells)
        # Rows: the total column is an equation over the row's cells.
        if total_column:
            for i in frame.index:
                cells = [(i, c) for c in cols]
                if sum(hidden.at[i, c] for _, c in cells) == 1:
                    changed |= hide_one_more(cells)
    return hidden


def suppress_small(
    frame: pd.DataFrame,
    columns: Sequence[str],
    threshold: int = THRESHOLD,
    *,
    total_column: str | None = None,
    decimals: int = 0,
) -> pd.DataFrame:
    """A copy of ``frame`` whose ``columns`` are display strings, with small counts shown as ``<10``.

    Values below ``threshold`` (primary) become ``"<{threshold}"``; the cells hidden only to protect
    them against subtraction from a published total (secondary, see :func:`hidden_cells`) become
    ``"×"``, because saying "<10" of them would be untrue. Every other value is formatted the Dutch
    way; missing values become ``"–"``.
    """
    hidden = hidden_cells(frame, columns, threshold, total_column=total_column)
    shown = frame.copy()
    for c in hidden.columns:
        texts = []
        for i in frame.index:
            v = frame.at[i, c]
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                texts.append("–")
            elif hidden.at[i, c]:
                texts.append(f"<{threshold}" if float(v) < threshold else MASK)
            else:
                texts.append(dutch_number(float(v), decimals))
        shown[c] = pd.Series(texts, index=frame.index, dtype=object)
    return shown


def total_text(value: float, threshold: int = THRESHOLD, decimals: int = 0) -> str:
    """A published total of person counts: the Dutch number, or ``<10`` when it is below the threshold."""
    if value is None or value != value:
        return "–"
    return f"<{threshold}" if float(value) < threshold else dutch_number(float(value), decimals)


def column_totals(
    frame: pd.DataFrame,
    columns: Sequence[str],
    threshold: int = THRESHOLD,
    *,
    total_column: str | None = None,
    decimals: int = 0,
) -> dict[str, str]:
    """The footer for a table suppressed with :func:`suppress_small`: each column's total as display text.

    A total below the threshold is ``<10``. A total over a single hidden cell (a one-row table)
    would be that cell, so it is masked (``×``) as well.
    """
    hidden = hidden_cells(frame, columns, threshold, total_column=total_column)
    texts = {}
    for c in hidden.columns:
        if len(frame) == 1 and bool(hidden[c].iat[0]):
            texts[c] = MASK
        else:
            texts[c] = total_text(frame[c].sum(), threshold, decimals)
    return texts


# --------------------------------------------------------------------------------------------
# Checking a built site

PERSONS_ATTRIBUTE = "data-wz-personen"  # the same names as woonzorg.present.tables
TOTAL_ATTRIBUTE = "data-wz-totaal"
_NUMBER = re.compile(r"^[+−-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^[+−-]?\d+(?:,\d+)?$")


@dataclass(frozen=True)
class Violation:
    """One disclosure problem in a published file, described in Dutch."""

    path: Path
    table: str  # the table's caption, or its number on the page
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.table}: {self.message}"


@dataclass
class _Cell:
    text: str = ""
    persons: bool = False
    total: str | None = None  # "rij", "kolom" or None
    column: int = 0
    footer: bool = False


@dataclass
class _Table:
    caption: str = ""
    rows: list = None  # list[list[_Cell]]

    def __post_init__(self):
        self.rows = []


class _TableReader(HTMLParser):
    """Collects every table's cells with their person/total marks (nested tables are not used)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self._table: _Table | None = None
        self._row: list[_Cell] | None = None
        self._cell: _Cell | None = None
        self._in_caption = False
        self._in_footer = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = _Table()
            self.tables.append(self._table)
        elif self._table is None:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tfoot":
            self._in_footer = True
        elif tag == "tr":
            self._row = []
            self._table.rows.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = _Cell(persons=PERSONS_ATTRIBUTE in a, total=a.get(TOTAL_ATTRIBUTE),
                               column=len(self._row), footer=self._in_footer)
            self._row.append(self._cell)

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
            self._in_footer = False
        elif tag == "caption":
            self._in_caption = False
        elif tag == "tfoot":
            self._in_footer = False
        elif tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data):
        if self._in_caption and self._table is not None:
            self._table.caption += data
        elif self._cell is not None:
            self._cell.text += data


def _number(text: str) -> float | None:
    text = text.strip().replace("\u2212", "-")
    if not _NUMBER.match(text):
        return None
    return float(text.replace(".", "").replace(",", "."))


def _is_hidden(text: str) -> bool:
    text = text.strip()
    return text.startswith("<") or text == MASK


def check_html(page: str, path: Path | str = "", threshold: int = THRESHOLD) -> list[Violation]:
    """The disclosure problems in one HTML document (see :func:`check_published`)."""
    reader = _TableReader()
    reader.feed(page)
    reader.close()
    found: list[Violation] = []
    for n, table in enumerate(reader.tables, start=1):
        name = " ".join(table.caption.split())[:80] or f"tabel {n}"

        def flag(message: str) -> None:
            found.append(Violation(Path(path), name, message))

        body = [r for r in table.rows if r and not r[0].footer and any(c.persons for c in r)]
        footer = [c for r in table.rows for c in r if c.footer]
        for row in table.rows:
            for cell in row:
                value = _number(cell.text) if cell.persons else None
                if value is not None and 0 < value < threshold:
                    where = "totaal" if cell.total else f"rij {row[0].text.strip()!r}"
                    flag(f"persoonsaantal {cell.text.strip()!r} onder {threshold} zichtbaar ({where})")
        # a row with its total shown and exactly one hidden count: the count is total − the rest
        for row in body:
            totals = [c for c in row if c.total == "rij" and not _is_hidden(c.text) and _number(c.text) is not None]
            hidden = [c for c in row if c.persons and _is_hidden(c.text)]
            if totals and len(hidden) == 1:
                flag(f"rij {row[0].text.strip()!r}: één verborgen aantal is terug te rekenen uit het rijtotaal")
        # a column with its footer total shown and exactly one hidden count
        for total in footer:
            if total.total != "kolom" or _is_hidden(total.text) or _number(total.text) is None:
                continue
            column = [r[total.column] for r in body if len(r) > total.column and r[total.column].persons]
            if sum(_is_hidden(c.text) for c in column) == 1:
                flag(f"kolom {total.column + 1}: één verborgen aantal is terug te rekenen uit het kolomtotaal")
    return found


def _notebook_html(path: Path) -> list[str]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return []
    pages = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = (output.get("data") or {}).get("text/html")
            if data:
                pages.append("".join(data) if isinstance(data, list) else str(data))
    return pages


def check_published(folder: str | Path, threshold: int = THRESHOLD) -> list[Violation]:
    """Every disclosure problem in a built site: each ``.html`` page and each ``.ipynb``'s HTML outputs.

    A violation is a cell marked as a person count (``data-wz-personen``) that shows a number
    above 0 and below ``threshold``, or a published row or column total with exactly one hidden
    count in its row or column (it could be recomputed). An empty list means nothing leaked.
    """
    folder = Path(folder)
    found: list[Violation] = []
    for path in sorted(folder.rglob("*.html")):
        found += check_html(path.read_text(encoding="utf-8"), path.relative_to(folder), threshold)
    for path in sorted(folder.rglob("*.ipynb")):
        for page in _notebook_html(path):
            found += check_html(page, path.relative_to(folder), threshold)
    return found
