"""Accessible Dutch HTML tables for the guides: formatted numbers, a caption, a source, escaped text."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Mapping

import pandas as pd

from woonzorg.present.charts import dutch_number


# A text cell that reads as one number, range or code ("<10", "1.234 – 2.345", "+599%", "GM0917",
# "2024-H1"): it may not break over lines either, like a numeric cell.
_NUMBER_LIKE = re.compile(
    r"^(?:[<>≤≥~±+\-\u2212]\s?)?\d[\d.,]*\s?%?(?:\s?[–\-]\s?\d[\d.,]*\s?%?)?$"  # a number or a range
    r"|^[A-Z]{2}\d{2,6}$"  # a CBS code
    r"|^\d{4}(?:-[A-Z]?\d{1,2})?$"  # a year or period
)
# Tables with this many columns may be wider than a phone: a hint says they scroll sideways.
HINT_COLUMNS = 4


def number_like(text: str) -> bool:
    """Does a cell's text read as a number, a range of numbers, a CBS code or a period (kept on one line)?"""
    return bool(_NUMBER_LIKE.match(text.strip()))


def _cell(value, formatter: Callable | None) -> tuple[str, bool]:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–", False
    if formatter is not None:
        return html.escape(formatter(value)), True
    if isinstance(value, bool):
        return ("ja" if value else "nee"), False
    if isinstance(value, int) or (hasattr(value, "dtype") and pd.api.types.is_integer_dtype(getattr(value, "dtype", None))):
        return dutch_number(value), True
    if isinstance(value, float):
        return dutch_number(value, 1), True
    return html.escape(str(value)), False


# Published person counts carry these attributes so that woonzorg.present.disclosure.check_published can find
# them in a built page without knowing the table: a person or household count of an aandachtsgroep
# per municipality, and a total (of a column in the footer, or of a row in the row-total column).
PERSONS_ATTRIBUTE = "data-wz-personen"
# A table's cells as the page shows them, for the downloads (woonzorg.publish.downloads): the same
# texts, so suppressed cells stay suppressed in CSV and Excel.
TABLE_MIMETYPE = "application/vnd.woonzorg.tabel+json"
TOTAL_ATTRIBUTE = "data-wz-totaal"


class HTML:
    """A fragment of trusted, already escaped HTML for display in a notebook (every theme's page parts).

    The plain-text form is empty rather than an object address, so executed notebooks are the same
    from one build to the next.
    """

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.markup, "text/plain": ""}


class Heading:
    """A heading whose text comes from data (a region's name): escaped, so it shows as text.

    Displays as HTML; use it instead of ``IPython.display.Markdown(f"# ... {naam}")``, which would
    pass any HTML in the name straight into the page.
    """

    def __init__(self, text: str, level: int = 1):
        if not 1 <= level <= 6:
            raise ValueError(f"kopniveau moet 1 tot en met 6 zijn, niet {level}")
        self.text = str(text)
        self.level = level

    def to_html(self) -> str:
        return f"<h{self.level}>{html.escape(self.text)}</h{self.level}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": self.text}


def heading(text: str, level: int = 1) -> Heading:
    """A page or section heading with text from data, safe to display (see :class:`Heading`)."""
    return Heading(text, level)


class Table:
    """A table with caption and source, displayed as semantic HTML (thead, tbody, tfoot).

    ``persons`` names the columns that hold person or household counts of an aandachtsgroep per
    municipality (already passed through :func:`woonzorg.present.privacy.suppress_small`); their cells get
    ``data-wz-personen``. ``row_total`` names the column that is the row sum of those columns; its
    cells get ``data-wz-personen data-wz-totaal="rij"``; the footer cells of these columns get
    ``data-wz-totaal="kolom"`` as well. ``person_rows`` is for a table of mixed figures: per column, which
    rows hold a person count (the catalogue's ``persoonsaantal``); those cells get ``data-wz-personen``.
    The disclosure checker (:func:`woonzorg.present.disclosure.check_published`) reads these attributes.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        caption: str,
        bron: str,
        formats: Mapping[str, Callable] | None = None,
        totals: Mapping[str, object] | None = None,
        persons: Collection[str] = (),
        row_total: str | None = None,
        peildatum: str | None = None,
        person_rows: Mapping[str, Collection[bool]] | None = None,
    ):
        unknown = [c for c in [*persons, *([row_total] if row_total else []), *(person_rows or {})]
                   if c not in frame.columns]
        if unknown:
            raise ValueError(f"onbekende kolommen voor persoonsaantallen: {', '.join(map(str, unknown))}")
        self.persons = set(persons) | ({row_total} if row_total else set())
        self.row_total = row_total
        self.person_rows = {c: [bool(x) for x in marks] for c, marks in (person_rows or {}).items()}
        self.frame = frame
        self.caption = caption
        self.bron = bron
        self.formats = dict(formats or {})
        self.totals = totals
        self.peildatum = peildatum

    def to_html(self) -> str:
        cols = list(self.frame.columns)
        numeric = {c: pd.api.types.is_numeric_dtype(self.frame[c]) and not pd.api.types.is_bool_dtype(self.frame[c])
                   for c in cols}
        num_class = ' class="num"'
        head = "".join(
            f'<th scope="col"{num_class if numeric[c] else ""}>{html.escape(str(c))}</th>' for c in cols)
        body = []
        for n, row in enumerate(self.frame.itertuples(index=False)):
            cells = []
            for i, (c, v) in enumerate(zip(cols, row)):
                text, is_num = _cell(v, self.formats.get(c))
                tag = "th" if i == 0 else "td"
                scope = ' scope="row"' if i == 0 else ""
                cls = ' class="num"' if is_num else (' class="wz-nw"' if number_like(text) else "")
                cells.append(f"<{tag}{scope}{cls}{self._marks(c, row=n)}>{text}</{tag}>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        foot = ""
        if self.totals is not None:
            cells = []
            for i, c in enumerate(cols):
                v = self.totals.get(c, "")
                text, is_num = _cell(v, self.formats.get(c)) if v != "" else ("", False)
                tag = "th" if i == 0 else "td"
                scope = ' scope="row"' if i == 0 else ""
                marks = self._marks(c, footer=True) if i else ""
                cls = num_class if is_num else (' class="wz-nw"' if number_like(text) else "")
                cells.append(f"<{tag}{scope}{cls}{marks}>{text}</{tag}>")
            foot = "<tfoot><tr>" + "".join(cells) + "</tr></tfoot>"
        # a table that may be wider than a phone says so above it (shown on narrow screens only)
        hint = ('<p class="wz-schuif" aria-hidden="true">Schuif de tabel opzij voor alle kolommen →</p>'
                if len(cols) >= HINT_COLUMNS else "")
        return (
            # a wide table scrolls inside its wrapper: keyboard users must be able to reach it (WCAG 2.1.1)
            f'{hint}<div class="wz-table-wrap" role="region" tabindex="0" '
            f'aria-label="{html.escape(self.caption, quote=True)}">'
            '<table class="wz-table">'
            f"<caption>{html.escape(self.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{foot}</table>"
            f'<p class="wz-bron">Bron: {html.escape(self.bron)}</p></div>'
        )

    def _marks(self, column, footer: bool = False, row: int | None = None) -> str:
        by_row = row is not None and column in self.person_rows and self.person_rows[column][row]
        marks = f" {PERSONS_ATTRIBUTE}" if column in self.persons or by_row else ""
        if footer and column in self.persons:
            marks += f' {TOTAL_ATTRIBUTE}="kolom"'
        elif column == self.row_total:
            marks += f' {TOTAL_ATTRIBUTE}="rij"'
        return marks

    def shown(self) -> dict:
        """The table as the page shows it: caption, source, peildatum, column names, cell texts, totals."""
        cols = list(self.frame.columns)

        def text(value, column) -> str:
            return html.unescape(_cell(value, self.formats.get(column))[0])

        rows = [[text(v, c) for c, v in zip(cols, row)] for row in self.frame.itertuples(index=False)]
        totals = None
        if self.totals is not None:
            totals = [text(self.totals.get(c), c) if self.totals.get(c, "") != "" else "" for c in cols]
        return {"caption": self.caption, "bron": self.bron, "peildatum": self.peildatum,
                "columns": [str(c) for c in cols], "rows": rows, "totals": totals}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": self.frame.to_string(index=False),
                TABLE_MIMETYPE: self.shown()}
