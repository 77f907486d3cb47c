"""The bod-ronde: per municipality a bid (homes per year) set against its fair share, saved as a dated record.

``data/leerkring-bod.csv`` holds one record per saved bod-ronde: a row per municipality of the region with
the bid, the fair share the analysis gave at that moment (so the record says what the bid was weighed
against), the verdeelsleutel and the aandachtsgroep (``alle`` or a group of ``aandachtsgroepen.csv``). It is
appended in one validated, locked, atomic save. The woonzorgvisie reads the latest bid per municipality with
:func:`laatste_bod` (latest date; on one date, the record saved last) and shows it with :func:`bod_html`.
Saving (which asks the analysis for the fair shares) is :mod:`.bodinvoer`, used by the session server only:
this module imports no theme, so a guide that shows the bid does not depend on the analysis's code.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.data import Column, DataError, TableSchema, check_region_membership, Dataset
from woonzorg.dutch import number

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
        Column("verdeelsleutel", "text", True, "de verdeelsleutel van het eerlijk aandeel (id)"),
        Column("verdeelsleutel_naam", "text", True, "de naam van die verdeelsleutel, zoals de pagina hem noemt"),
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
    parts = [f'<h3 id="bod-ronde">Bod-ronde van {html.escape(datum_nl(rows["datum"].iloc[0]))}</h3>']
    for (groep, sleutel), block in rows.groupby(["aandachtsgroep", "verdeelsleutel_naam"], sort=False):
        body = "".join(
            f'<tr><th scope="row">{html.escape(namen.get(r.gemeentecode, r.gemeentecode))}</th>'
            f'<td class="num">{number(r.bod, 1)}</td><td class="num">{number(r.eerlijk_aandeel, 1)}</td>'
            f'<td class="num">{"+" if r.bod - r.eerlijk_aandeel > 0.05 else ""}{number(r.bod - r.eerlijk_aandeel, 1)}</td></tr>'
            for r in block.itertuples(index=False))
        wie = html.escape(groepen.get(groep, groep) if groep != ALLE else "alle aandachtsgroepen samen")
        parts.append(
            f'<table class="wz-bod"><caption>Bod per gemeente in woningen per jaar ({wie}), naast het eerlijk '
            f'aandeel (verdeelsleutel: {html.escape(str(sleutel).lower())})</caption>'
            '<thead><tr><th scope="col">Gemeente</th><th scope="col">Bod</th><th scope="col">Eerlijk aandeel</th>'
            f'<th scope="col">Verschil</th></tr></thead><tbody>{body}</tbody>'
            f'<tfoot><tr><th scope="row">Regio</th><td class="num">{number(block["bod"].sum(), 1)}</td>'
            f'<td class="num">{number(block["eerlijk_aandeel"].sum(), 1)}</td>'
            f'<td class="num">{number(block["bod"].sum() - block["eerlijk_aandeel"].sum(), 1)}</td></tr></tfoot></table>')
    parts.append("<p>Een bod is een toezegging uit de leerkring, geen besluit. Het eerlijk aandeel is berekend bij het "
                 "vastleggen, met de cijfers van dat moment.</p>")
    return "".join(parts)
