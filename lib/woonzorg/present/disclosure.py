"""Checking what is published for disclosure: a small count of persons shown, or one that a total gives away.

Published tables mark the cells that hold a count of persons (``data-wz-personen``, from the
catalogue's ``persoonsaantal`` or a table's person columns; see :class:`woonzorg.present.tables.Table`)
and their totals (``data-wz-totaal``). :func:`check_html` reads one page, :func:`check_published` a
built site (every ``.html`` page and the HTML outputs of every ``.ipynb``), and
:func:`refuse_disclosure` is what the build runs on a guide's pages before it writes any of them.
The rules that make the tables are in :mod:`woonzorg.present.privacy`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from woonzorg import dutch
from woonzorg.present.privacy import MASK, SECRET, THRESHOLD

PERSONS_ATTRIBUTE = "data-wz-personen"  # the same names as woonzorg.present.tables
TOTAL_ATTRIBUTE = "data-wz-totaal"


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
    """A cell's count as the page writes it (``1.234``), else None (a percentage is no count)."""
    if "%" in text or not dutch.written_number(text):
        return None
    return dutch.parse_number(text)[0]


def _is_hidden(text: str) -> bool:
    text = text.strip()
    return text.startswith("<") or text in (MASK, SECRET)


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
    return _outputs_html(nb)


def _outputs_html(nb) -> list[str]:
    """The HTML outputs of a notebook (a dict or an nbformat node)."""
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


class DisclosureError(ValueError):
    """A page about to be published shows a small count of persons (or lets one be recomputed)."""


def refuse_disclosure(pages: dict, notebook: dict | None = None, threshold: int = THRESHOLD) -> None:
    """Raise :class:`DisclosureError` when a page (path → HTML text; ``None`` is skipped) or the notebook's HTML
    outputs hold a disclosure problem of :func:`check_html`: the build checks every guide before it writes it,
    so a raw small count fails the task and the previous guide stays."""
    found: list[Violation] = []
    for path, page in pages.items():
        if isinstance(page, str):
            found += check_html(page, path, threshold)
    for page in _outputs_html(notebook or {}):
        found += check_html(page, "werkboek", threshold)
    if found:
        shown = "; ".join(str(v) for v in found[:3]) + (f" (en nog {len(found) - 3})" if len(found) > 3 else "")
        raise DisclosureError(f"niet gepubliceerd: klein aantal personen zichtbaar: {shown}")
