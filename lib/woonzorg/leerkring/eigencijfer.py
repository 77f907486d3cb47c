"""An own figure entered in the app: one figure of the data request, checked by exactly the rules of its import.

The app writes the entered figure as a one-row data request (``eigen-cijfer.csv`` in a temporary folder) and
hands it to :func:`woonzorg.gegevensuitvraag.import_filled`: the same catalogue, area, unit, period, source and
duplicate rules, the same lock and atomic append to ``waarnemingen.csv``. Its messages name the field.
"""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import gegevensuitvraag, paths, tijdvak
from woonzorg.data import Dataset

FORM_NAME = "eigen-cijfer.csv"
VELDEN = {"waarde": "Waarde", "waarde_tot": "Tot en met", "periode": "Periode", "jaar": "Jaar", "bron": "Bron",
          "opmerking": "Opmerking", "indicator": "Cijfer", "gebiedscode": "Gebied", "niveau": "Gebied"}


class CijferError(ValueError):
    """The figure was not saved; the message names the field, in Dutch."""


def gevraagd(dataset: Dataset, regio: str) -> pd.DataFrame:
    """The figures the region can still enter: indicator, omschrijving, eenheid, niveau, gebiedscode, gebied, hint."""
    return gegevensuitvraag.missing_figures(dataset, regio)[
        ["indicator", "omschrijving", "eenheid", "niveau", "gebiedscode", "gebied", "periode_voorbeeld"]]


def _field_message(problem: str) -> str:
    """``eigen-cijfer.csv, regel 2, kolom waarde: …`` -> ``Waarde: …`` (the form has no rows or columns)."""
    found = re.match(r"^.*?, regel \d+, kolom (\w+): (.*)$", problem)
    if found:
        return f"{VELDEN.get(found.group(1), found.group(1))}: {found.group(2)}"
    return re.sub(rf"^{re.escape(FORM_NAME)}(, regel \d+)?: ", "", problem)


def save_eigen_cijfer(regio: str, *, indicator: str, gebiedscode: str, waarde: str, periode: str, bron: str,
                      niveau: str | None = None, waarde_tot: str = "", jaar: str = "", opmerking: str = "",
                      data_dir: str | Path | None = None) -> gegevensuitvraag.ImportResult:
    """Check and save one figure through the data request's import. Raises :class:`CijferError` with every problem."""
    root = paths.data_dir(data_dir)
    if niveau is None:
        catalogue = wzdata.load_dataset(root)["indicatoren"]
        match = catalogue.loc[catalogue["indicator"] == indicator, "niveau"]
        niveau = str(match.iloc[0]) if len(match) else ""
    # the form asks the period in its structured form (2025-H1, 2025, 2024-01-01): that is the figure's tijdvak
    found = tijdvak.lees(periode)
    row = {"indicator": indicator, "niveau": niveau, "gebiedscode": gebiedscode, "waarde": waarde,
           "waarde_tot": waarde_tot, "periode": periode, "tijdvak": found.code if found else "", "jaar": jaar,
           "bron": bron, "opmerking": opmerking}
    columns = list(gegevensuitvraag.REQUIRED_COLUMNS) + (["tijdvak"] if "tijdvak" not in
                                                         gegevensuitvraag.REQUIRED_COLUMNS else [])
    with tempfile.TemporaryDirectory(prefix="woonzorg-cijfer-") as folder:
        form = Path(folder) / FORM_NAME
        with form.open("w", encoding="utf-8", newline="") as handle:  # ';': Dutch decimal commas, as a workbook
            writer = csv.DictWriter(handle, fieldnames=columns, delimiter=";")
            writer.writeheader()
            writer.writerow({k: " ".join(str(row.get(k) or "").split()) for k in columns})
        try:
            result = gegevensuitvraag.import_filled(form, regio, root)
        except gegevensuitvraag.GegevensuitvraagError as exc:
            raise CijferError("; ".join(_field_message(p) for p in exc.problems)) from None
    if not result.nieuw:
        raise CijferError("dit cijfer staat er al, met dezelfde waarde, periode en bron")
    return result
