"""Accessible Dutch HTML tables for the guides: formatted numbers, a caption, a source, escaped text."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import pandas as pd

from woonzorg.charts import dutch_number


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


class Table:
    """A table with caption and source, displayed as semantic HTML (thead, tbody, tfoot)."""

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        caption: str,
        bron: str,
        formats: Mapping[str, Callable] | None = None,
        totals: Mapping[str, object] | None = None,
    ):
        self.frame = frame
        self.caption = caption
        self.bron = bron
        self.formats = dict(formats or {})
        self.totals = totals

    def to_html(self) -> str:
        cols = list(self.frame.columns)
        numeric = {c: pd.api.types.is_numeric_dtype(self.frame[c]) and not pd.api.types.is_bool_dtype(self.frame[c])
                   for c in cols}
        num_class = ' class="num"'
        head = "".join(
            f'<th scope="col"{num_class if numeric[c] else ""}>{html.escape(str(c))}</th>' for c in cols)
        body = []
        for row in self.frame.itertuples(index=False):
            cells = []
            for i, (c, v) in enumerate(zip(cols, row)):
                text, is_num = _cell(v, self.formats.get(c))
                tag = "th" if i == 0 else "td"
                scope = ' scope="row"' if i == 0 else ""
                cls = ' class="num"' if is_num else ""
                cells.append(f"<{tag}{scope}{cls}>{text}</{tag}>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        foot = ""
        if self.totals is not None:
            cells = []
            for i, c in enumerate(cols):
                v = self.totals.get(c, "")
                text, is_num = _cell(v, self.formats.get(c)) if v != "" else ("", False)
                tag = "th" if i == 0 else "td"
                scope = ' scope="row"' if i == 0 else ""
                cells.append(f"<{tag}{scope}{num_class if is_num else ''}>{text}</{tag}>")
            foot = "<tfoot><tr>" + "".join(cells) + "</tr></tfoot>"
        return (
            '<div class="wz-table-wrap"><table class="wz-table">'
            f"<caption>{html.escape(self.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{foot}</table>"
            f'<p class="wz-bron">Bron: {html.escape(self.bron)}</p></div>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": self.frame.to_string(index=False)}
