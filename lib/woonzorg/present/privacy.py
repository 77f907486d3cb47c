"""Small-number suppression: person counts below the threshold are shown as "<10", and never recomputable.

Whether a figure is a count of persons is a property of the figure, declared once per indicator in
the catalogue (``indicatoren.csv``, column ``persoonsaantal``), whatever its unit is called
(personen, volwassenen, studenten, huishoudens, …) and at every level (gemeente, centrumregio,
regio, provincie, land). Every observed figure goes through one step, :func:`suppress_observations`,
when a data folder is loaded (:func:`woonzorg.data.load_dataset`, after the raw values were
validated): a person count below the threshold loses its value (``waarde`` and ``waarde_tot`` become
NaN, ``afgeschermd`` is true), so no table, chart, record, download, search entry or facilitator page
made from a dataset can depend on it; they print it as ``<10`` (:func:`observed_text`). The same
declaration marks the cells of such figures in published tables (``data-wz-personen``), which
:func:`woonzorg.present.disclosure.check_published` reads.

The rules for tables of person or household counts of an aandachtsgroep per municipality
(``woonzorg.analyse``, ``woonzorg.visie``):

- *Primary suppression.* A count below the threshold (default :data:`THRESHOLD` = 10, a parameter)
  is shown as ``<10``. Zero counts too: an empty cell would tell that nobody is in the group.
- *Secondary suppression.* Published totals (a column total in the footer, a row-total column)
  are equations; in each of them either no cell or at least two cells are hidden, so a hidden
  count cannot be found by subtraction. The extra cell hidden is the smallest shown one and is
  shown as ``×`` (:data:`MASK`), because calling it ``<10`` would be untrue.
- *Intervals.* A reader who knows that ``<10`` means 0–9 and ``×`` at least 10 can still narrow a
  hidden count from the totals and the cells shown: ``<10, ×, 50, total 65`` pins the small cell to
  0–5. :func:`audit_intervals` computes, by linear programming over every published equation, the
  tightest interval each hidden small count can be put in; secondary suppression hides more cells
  until no interval is narrower than 0 to threshold − 1.
- *Rounding.* Whether a cell is hidden is decided on the unrounded value, so 9,6 is ``<10``,
  never a rounded "10". Shown counts are rounded half to even to whole numbers (Dutch notation,
  ``1.234``); totals are computed from the unrounded values and rounded once, so a total may
  differ by rounding from the sum of the shown cells. A total below the threshold is itself
  shown as ``<10``, and the total of a one-row table whose cell is hidden as ``×``
  (:func:`column_totals`).
- *Checking.* :func:`woonzorg.present.disclosure.check_published` reads a built site (every
  ``.html`` page and the HTML outputs of every ``.ipynb``) and reports each cell marked as a person
  count (``data-wz-personen``, see :class:`woonzorg.present.tables.Table`) that shows a number from
  1 up to the threshold, and each published total that would let a single hidden cell be recomputed.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from woonzorg.present.charts import dutch_number

THRESHOLD = 10
MASK = "×"  # a value of at least the threshold, hidden only to protect a small one (secondary)
SECRET = "geheim"  # a hidden value about which nothing is said (not even that it is at least the threshold)


def person_count_indicators(indicatoren: pd.DataFrame) -> frozenset[str]:
    """The indicators the catalogue declares to be counts of persons or households (``persoonsaantal`` = ja)."""
    if indicatoren is None or indicatoren.empty or "persoonsaantal" not in indicatoren:
        return frozenset()
    declared = indicatoren["persoonsaantal"].astype("boolean").fillna(False).astype(bool)
    return frozenset(indicatoren.loc[declared, "indicator"].astype(str))


def suppress_observations(waarnemingen: pd.DataFrame, indicatoren: pd.DataFrame,
                          threshold: int = THRESHOLD) -> pd.DataFrame:
    """The observed figures as they may be published: a person count below ``threshold`` without its value.

    A copy of ``waarnemingen`` with two more columns: ``persoonsaantal`` (the catalogue's declaration
    for the row's indicator) and ``afgeschermd`` (a person count whose value, the lower bound of a
    range, is below the threshold, at any level). A hidden row's ``waarde`` and ``waarde_tot`` are NaN:
    what is made from it cannot depend on the value, only on the fact that it lies in 0..threshold−1.
    ``waarde`` becomes a plain float column (NaN, never ``pd.NA``), so ``float(row.waarde)`` works.
    """
    out = waarnemingen.copy()
    persons = out["indicator"].astype(str).isin(person_count_indicators(indicatoren))
    values = pd.to_numeric(out["waarde"], errors="coerce").astype(float)
    hidden = persons & (values < threshold)
    out["waarde"] = values.mask(hidden)
    if "waarde_tot" in out:
        out["waarde_tot"] = out["waarde_tot"].mask(hidden)
    out["persoonsaantal"] = persons.astype(bool)
    out["afgeschermd"] = hidden.astype(bool)
    return out


def hidden_observation(row) -> bool:
    """Whether a row of :func:`suppress_observations`'s frame (a named tuple or a Series) was hidden."""
    return bool(getattr(row, "afgeschermd", False))


def observed_text(value: float, hidden: bool, decimals: int = 0, threshold: int = THRESHOLD) -> str:
    """An observed figure as the page shows it: ``<10`` when it was hidden, else the Dutch number."""
    if hidden:
        return f"<{threshold}"
    if value is None or value != value:
        return "–"
    return dutch_number(float(value), decimals)


def _equations(frame: pd.DataFrame, cols: list[str], total_column: str | None) -> list[list[tuple[int, str]]]:
    """The published sums: each column over all rows (the footer), and each row's cells into its total."""
    eqs = [[(i, c) for i in frame.index] for c in cols]
    if total_column:
        eqs += [[(i, c) for c in cols] for i in frame.index]
    return eqs


def audit_intervals(
    frame: pd.DataFrame,
    columns: Sequence[str],
    hidden: pd.DataFrame,
    threshold: int = THRESHOLD,
    *,
    total_column: str | None = None,
    masked_totals: Sequence[str] = (),
    secret: Sequence[tuple[object, str]] = (),
) -> dict[tuple[object, str], tuple[float, float]]:
    """The hidden small counts that the published figures narrow below the threshold, with their interval.

    What a reader knows: every shown cell; a hidden cell below the threshold lies in 0..threshold−1
    (``<10``), any other hidden cell is at least the threshold (``×``); each column's total (the
    footer) exactly, or as 0..threshold−1 when it is small; with ``total_column``, that each row's
    cells add up to its total. For each hidden small cell the lowest and highest value consistent
    with all of that are found by linear programming. A cell is narrowed when fewer than
    ``threshold`` whole values remain (``high − low < threshold − 1``); the result maps
    ``(row, column)`` to ``(low, high)`` for those cells only. Columns in ``masked_totals`` have
    their footer total hidden (``×``) and give no equation; cells in ``secret`` are shown as
    ``geheim`` and only known to be at least 0.
    """
    from scipy.optimize import linprog

    cols = list(columns) + ([total_column] if total_column else [])
    values = frame[cols].astype("Float64").astype(float)
    cells = [(i, c) for i in frame.index for c in cols if bool(hidden.at[i, c]) and pd.notna(values.at[i, c])]
    if not cells:
        return {}
    position = {cell: k for k, cell in enumerate(cells)}
    bounds = [(0.0, None) if (i, c) in secret else
              (0.0, threshold - 1.0) if values.at[i, c] < threshold else (float(threshold), None) for i, c in cells]
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for k, c in enumerate(cols):  # column totals in the footer
        if c in masked_totals:
            continue
        row = [0.0] * len(cells)
        known = 0.0
        for i in frame.index:
            if (i, c) in position:
                row[position[(i, c)]] = 1.0
            elif pd.notna(values.at[i, c]):
                known += float(values.at[i, c])
        if not any(row):
            continue
        total = float(values[c].sum())
        if total < threshold:
            a_ub += [row, [-x for x in row]]
            b_ub += [threshold - 1.0 - known, known]
        elif not (len(frame) == 1):
            a_eq.append(row)
            b_eq.append(total - known)
    if total_column:  # each row's cells add up to its total cell, which may be hidden itself
        for i in frame.index:
            row = [0.0] * len(cells)
            rhs = 0.0
            for c in columns:
                if (i, c) in position:
                    row[position[(i, c)]] += 1.0
                elif pd.notna(values.at[i, c]):
                    rhs -= float(values.at[i, c])
            if (i, total_column) in position:
                row[position[(i, total_column)]] -= 1.0
            elif pd.notna(values.at[i, total_column]):
                rhs += float(values.at[i, total_column])
            if any(row):
                a_eq.append(row)
                b_eq.append(rhs)
    narrowed = {}
    for (i, c), k in position.items():
        if values.at[i, c] >= threshold:
            continue
        ends = []
        for sign in (1.0, -1.0):
            objective = [0.0] * len(cells)
            objective[k] = sign
            found = linprog(objective, A_ub=a_ub or None, b_ub=b_ub or None, A_eq=a_eq or None, b_eq=b_eq or None,
                            bounds=bounds, method="highs")
            ends.append(sign * found.fun if found.status == 0 else (0.0 if sign > 0 else threshold - 1.0))
        low, high = ends
        if high - low < threshold - 1 - 1e-9:
            narrowed[(i, c)] = (low, high)
    return narrowed


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
    so no hidden value can be found by subtraction; and more cells are hidden (the smallest shown
    one of an equation the small cell is in) until :func:`audit_intervals` finds no hidden small
    count narrowed below the threshold.
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

    equations = _equations(frame, cols, total_column)
    masked: list[str] = []  # columns whose footer total must be hidden: hiding cells is not enough
    secret: list[tuple[object, str]] = []  # hidden cells shown as "geheim": even "at least 10" would tell
    changed = True
    while changed:
        changed = False
        for cells in equations:
            if len(cells) > 1 and sum(hidden.at[i, c] for i, c in cells) == 1:
                changed |= hide_one_more(cells)
        if changed:
            continue
        for cell in audit_intervals(frame, columns, hidden, threshold, total_column=total_column,
                                    masked_totals=masked, secret=secret):
            for cells in equations:
                if cell in cells and hide_one_more(cells):
                    changed = True
                    break
            if not changed:
                # every cell of its sums is hidden already: hide its column's total, and if that was hidden
                # already, every published total (the sums together still pin it down)
                extra = [cell[1]] if cell[1] not in masked else [c for c in cols if c not in masked]
                masked.extend(extra)
                changed = bool(extra)
            if not changed:
                # every total is hidden and the small cell is still pinned: its sums hold a hidden value of
                # at least the threshold (e.g. a row total of 10 over two cells below 10). Say nothing of it.
                large = [other for cells in equations if cell in cells for other in cells
                         if hidden.at[other] and values.at[other] >= threshold and other not in secret]
                secret.extend(large)
                changed = bool(large)
            if changed:
                break
    hidden.attrs["masked_totals"] = tuple(masked)
    hidden.attrs["secret"] = tuple(secret)
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
    secret = set(hidden.attrs.get("secret", ()))
    shown = frame.copy()
    for c in hidden.columns:
        texts = []
        for i in frame.index:
            v = frame.at[i, c]
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                texts.append("–")
            elif (i, c) in secret:
                texts.append(SECRET)
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
        if (len(frame) == 1 and bool(hidden[c].iat[0])) or c in hidden.attrs.get("masked_totals", ()):
            texts[c] = MASK
        else:
            texts[c] = total_text(frame[c].sum(), threshold, decimals)
    return texts
