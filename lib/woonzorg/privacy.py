"""Small-number suppression: person counts below the threshold are shown as "<10", and never recomputable."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from woonzorg.charts import dutch_number

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
