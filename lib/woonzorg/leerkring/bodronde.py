"""The bod-ronde: per municipality a bid (homes per year) set against its fair share, saved as a dated record.

``data/leerkring-bod.csv`` holds one record per saved bod-ronde: a row per municipality of the region with
the bid, the fair share the analysis gave at that moment (so the record says what the bid was weighed
against), the verdeelsleutel and the aandachtsgroep (``alle`` or a group of ``aandachtsgroepen.csv``). It is
appended in one validated, locked, atomic save. The woonzorgvisie reads the latest bid per municipality with
:func:`laatste_bod` (latest date; on one date, the record saved last) and shows it with :func:`bod_html`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.data import Column, DataError, TableSchema, check_region_membership, Dataset
from woonzorg.dutch import number, parse_number
from woonzorg.storage import append_rows, exclusive_lock

ALLE = "alle"  # the bid covers every aandachtsgroep together
BOD_THEMA = "woonzorgvisie"  # the session of the series whose plan holds the bod-ronde (reeks.SERIE, sessie 3)
MAX_BOD = 100_000.0  # homes per year for one municipality: more is a typing error

BOD = TableSchema(
    "leerkring-bod.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("datum", "date", True, "datum van de bod-ronde"),
        Column("gemeentecode", "gemeentecode", True, "CBS-code van de gemeente"),
        Column("aandachtsgroep", "text", True, f"'{ALLE}' of een groep uit aandachtsgroepen.csv"),
        Column("verdeelsleutel", "text", True, "de verdeelsleutel van het eerlijk aandeel"),
        Column("bod", "float", True, "geboden woningen per jaar"),
        Column("eerlijk_aandeel", "float", True, "eerlijk aandeel volgens de woonzorganalyse bij het opslaan"),
        Column("groep", "text", True, "wie het bod vastlegde (bijvoorbeeld 'leerkring')"),
    ),
    description="Bod-rondes uit de leerkring: per gemeente een bod naast het eerlijk aandeel; de app voegt regels toe.",
    optional=True,
)


class BodError(ValueError):
    """A bid that cannot be saved; the message is for the learning circle (Dutch)."""


def check_bod(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Every row names a municipality of its region, a known aandachtsgroep, and a bid and share of at least 0."""
    frame = tables.get("leerkring-bod")
    if frame is None or frame.empty:
        return []
    name = names["leerkring-bod"]
    errors = check_region_membership(frame, name, tables["regio-indeling"])
    groepen = set(tables["aandachtsgroepen"]["groep"]) | {ALLE} if "aandachtsgroepen" in tables else {ALLE}
    for i, row in enumerate(frame.itertuples(index=False)):
        regel = frame.attrs["regels"][i]
        if row.aandachtsgroep not in groepen:
            errors.append(DataError(name, f"onbekende aandachtsgroep '{row.aandachtsgroep}'; kies uit "
                                    f"{', '.join(sorted(groepen))}", regel, "aandachtsgroep"))
        for kolom in ("bod", "eerlijk_aandeel"):
            value = getattr(row, kolom)
            if not pd.isna(value) and not 0 <= float(value) <= MAX_BOD:
                errors.append(DataError(name, f"{kolom} {value} ligt niet tussen 0 en {number(MAX_BOD)}", regel, kolom))
    return errors


def read_bod(data_dir: str | Path | None = None) -> pd.DataFrame:
    root = paths.data_dir(data_dir)
    return wzdata.read_optional_table(root / BOD.file, BOD, f"{root.name}/{BOD.file}")


def eerlijke_delen(dataset: Dataset, regio: str, verdeelsleutel: str, aandachtsgroep: str = ALLE) -> pd.DataFrame:
    """Each municipality's fair share (homes per year) of the region's need under a verdeelsleutel.

    The one place the learning circle asks the analysis: the municipality's share under the key times
    the region's yearly need (of one aandachtsgroep, or all together). Columns: gemeentecode, gemeente,
    eerlijk_aandeel.
    """
    from woonzorg.analyse import woonzorganalyse

    result = woonzorganalyse(dataset, regio, verdeelsleutel=verdeelsleutel)
    shares = result.spreiding[result.spreiding["verdeelsleutel"] == verdeelsleutel]
    vraag = result.vraag if aandachtsgroep == ALLE else result.vraag[result.vraag["groep"] == aandachtsgroep]
    totaal = float(vraag["vraag"].sum())
    return pd.DataFrame({"gemeentecode": shares["gemeentecode"].to_numpy(), "gemeente": shares["gemeente"].to_numpy(),
                         "eerlijk_aandeel": shares["sleutelaandeel"].astype(float).to_numpy() * totaal})


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
        rows.append([regio, datum_text, gemeente.gemeentecode, aandachtsgroep, verdeelsleutel, _plain(value),
                     _plain(round(float(gemeente.eerlijk_aandeel), 2)), groep])
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


def _plain(value: float) -> str:
    text = repr(round(float(value), 2))
    return text[:-2] if text.endswith(".0") else text


def laatste_bod(bod: pd.DataFrame, regio: str) -> pd.DataFrame:
    """The region's latest bid per municipality and aandachtsgroep: the latest date, on one date the last saved."""
    own = bod[bod["regio"] == regio]
    if own.empty:
        return own
    own = own[own["datum"] == own["datum"].max()]
    return own.drop_duplicates(["gemeentecode", "aandachtsgroep"], keep="last").reset_index(drop=True)


def bod_html(dataset: Dataset, regio: str) -> str:
    """The latest bod-ronde as an escaped table: per municipality the bid, the fair share and the difference."""
    from woonzorg.leerkring.sessions import datum_nl

    rows = laatste_bod(dataset["leerkring-bod"], regio)
    if rows.empty:
        return ""
    namen = dict(zip(dataset["gemeenten"]["gemeentecode"], dataset["gemeenten"]["gemeente"]))
    groepen = dict(zip(dataset["aandachtsgroepen"]["groep"], dataset["aandachtsgroepen"]["naam"]))
    sleutels = verdeelsleutels()
    parts = [f'<h3 id="bod-ronde">Bod-ronde van {html.escape(datum_nl(rows["datum"].iloc[0]))}</h3>']
    for (groep, sleutel), block in rows.groupby(["aandachtsgroep", "verdeelsleutel"], sort=False):
        body = "".join(
            f'<tr><th scope="row">{html.escape(namen.get(r.gemeentecode, r.gemeentecode))}</th>'
            f'<td class="num">{number(r.bod, 1)}</td><td class="num">{number(r.eerlijk_aandeel, 1)}</td>'
            f'<td class="num">{"+" if r.bod - r.eerlijk_aandeel > 0.05 else ""}{number(r.bod - r.eerlijk_aandeel, 1)}</td></tr>'
            for r in block.itertuples(index=False))
        wie = html.escape(groepen.get(groep, groep) if groep != ALLE else "alle aandachtsgroepen samen")
        parts.append(
            f'<table class="wz-bod"><caption>Bod per gemeente in woningen per jaar ({wie}), naast het eerlijk '
            f'aandeel (verdeelsleutel: {html.escape(sleutels.get(sleutel, sleutel).lower())})</caption>'
            '<thead><tr><th scope="col">Gemeente</th><th scope="col">Bod</th><th scope="col">Eerlijk aandeel</th>'
            f'<th scope="col">Verschil</th></tr></thead><tbody>{body}</tbody>'
            f'<tfoot><tr><th scope="row">Regio</th><td class="num">{number(block["bod"].sum(), 1)}</td>'
            f'<td class="num">{number(block["eerlijk_aandeel"].sum(), 1)}</td>'
            f'<td class="num">{number(block["bod"].sum() - block["eerlijk_aandeel"].sum(), 1)}</td></tr></tfoot></table>')
    parts.append("<p>Een bod is een toezegging uit de leerkring, geen besluit. Het eerlijk aandeel is berekend bij het "
                 "vastleggen, met de cijfers van dat moment.</p>")
    return "".join(parts)
