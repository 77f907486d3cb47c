"""Saving a bod-ronde from the app: the fair shares the bids are weighed against, asked of the analysis.

Used by the session server only (:mod:`.server`); the record and its reading are :mod:`.bodronde`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.data import Dataset
from woonzorg.dutch import parse_number
from woonzorg.leerkring.bodronde import ALLE, BOD, MAX_BOD, BodError, check_bod
from woonzorg.storage import append_rows, exclusive_lock, plain_number


def eerlijke_delen(dataset: Dataset, regio: str, verdeelsleutel: str, aandachtsgroep: str = ALLE) -> pd.DataFrame:
    """Each municipality's fair share (homes per year) of the region's need under a verdeelsleutel.

    The one place the learning circle asks the analysis, by the vision's rule: the municipality's share
    under the key of the need known for the whole region, plus its own figures that are not shared out
    (of one aandachtsgroep, or all together). Columns: gemeentecode, gemeente, eerlijk_aandeel.
    """
    from woonzorg.analyse import woonzorganalyse

    result = woonzorganalyse(dataset, regio, verdeelsleutel=verdeelsleutel)
    shares = result.spreiding[result.spreiding["verdeelsleutel"] == verdeelsleutel]
    vraag = result.vraag if aandachtsgroep == ALLE else result.vraag[result.vraag["groep"] == aandachtsgroep]
    totaal = float(vraag[vraag["regiobreed"]]["vraag"].sum())
    eigen = vraag[~vraag["regiobreed"]].groupby("gemeentecode")["vraag"].sum()
    return pd.DataFrame({"gemeentecode": shares["gemeentecode"].to_numpy(), "gemeente": shares["gemeente"].to_numpy(),
                         "eerlijk_aandeel": shares["sleutelaandeel"].astype(float).to_numpy() * totaal
                         + shares["gemeentecode"].map(eigen).fillna(0.0).astype(float).to_numpy()})


def alle_eerlijke_delen(dataset: Dataset, regio: str) -> dict[str, dict[str, dict[str, float]]]:
    """Fair shares for the form: verdeelsleutel -> aandachtsgroep (or ``alle``) -> gemeentecode -> homes per year."""
    groepen = [ALLE, *dataset["aandachtsgroepen"]["groep"]]
    return {sleutel: {groep: dict(zip(frame["gemeentecode"], frame["eerlijk_aandeel"].round(2)))
                      for groep in groepen
                      for frame in [eerlijke_delen(dataset, regio, sleutel, groep)]}
            for sleutel in verdeelsleutels()}


def verdeelsleutels() -> dict[str, str]:
    """The verdeelsleutels of the analysis: id -> Dutch label."""
    from woonzorg.analyse import VERDEELSLEUTELS

    return {key: value.naam for key, value in VERDEELSLEUTELS.items()}


def save_bod(regio: str, biedingen: Mapping[str, object], *, verdeelsleutel: str, aandachtsgroep: str = ALLE,
             groep: str, datum: str | date | None = None, data_dir: str | Path | None = None) -> int:
    """Save a bod-ronde: a bid (Dutch number, homes per year) for every municipality of the region. Returns the rows."""
    root = paths.data_dir(data_dir)
    dataset = wzdata.load_dataset(root)
    groep = " ".join(str(groep or "").split())
    if not groep:
        raise BodError("vul in wie het bod vastlegt (bijvoorbeeld 'leerkring')")
    if len(groep) > 100:
        raise BodError("de naam van de groep is te lang (maximaal 100 tekens)")
    if verdeelsleutel not in verdeelsleutels():
        raise BodError(f"onbekende verdeelsleutel '{verdeelsleutel}'")
    if aandachtsgroep != ALLE and aandachtsgroep not in set(dataset["aandachtsgroepen"]["groep"]):
        raise BodError(f"onbekende aandachtsgroep '{aandachtsgroep}'")
    try:
        datum_text = wzdata.PARSERS["date"](datum.isoformat() if isinstance(datum, date) else
                                            (str(datum or "").strip() or date.today().isoformat()), False)
    except ValueError as exc:
        raise BodError(str(exc)) from None
    delen = eerlijke_delen(dataset, regio, verdeelsleutel, aandachtsgroep)
    rows, problems = [], []
    for gemeente in delen.itertuples(index=False):
        raw = str(biedingen.get(gemeente.gemeentecode, "") if biedingen.get(gemeente.gemeentecode) is not None else "")
        try:
            value, procent = parse_number(raw) if raw.strip() else (None, False)
        except ValueError as exc:
            problems.append(f"{gemeente.gemeente}: {exc}")
            continue
        if value is None or procent or not 0 <= value <= MAX_BOD:
            problems.append(f"{gemeente.gemeente}: vul een aantal woningen per jaar in (0 of meer)")
            continue
        rows.append([regio, datum_text, gemeente.gemeentecode, aandachtsgroep, verdeelsleutel,
                     verdeelsleutels()[verdeelsleutel], plain_number(value, 2),
                     plain_number(gemeente.eerlijk_aandeel, 2), groep])
    if problems:
        raise BodError("; ".join(problems))
    path = root / BOD.file
    with exclusive_lock(path):
        new = pd.DataFrame(rows, columns=BOD.column_names).astype({"bod": float, "eerlijk_aandeel": float})
        new.attrs["regels"] = list(range(2, 2 + len(new)))
        problems = check_bod({"leerkring-bod": new, "regio-indeling": dataset["regio-indeling"],
                              "aandachtsgroepen": dataset["aandachtsgroepen"]}, {"leerkring-bod": f"data/{BOD.file}"})
        if problems:
            raise wzdata.DataValidationError(problems)
        append_rows(path, BOD.column_names, rows)
    return len(rows)
