"""The woonzorganalyse's own tables in data/ (assumptions, own observations, planned new build) and their checks."""

from __future__ import annotations

import pandas as pd

from woonzorg.data import Column, DataError, TableSchema, check_region_membership

# --------------------------------------------------------------------------------------------
# Tables of this theme in data/

AANNAMES = TableSchema(
    "analyse-aannames.csv",
    (
        Column("parameter", "text", True, "naam van de aanname"),
        Column("waarde", "float", True, "waarde"),
        Column("eenheid", "text", True, "eenheid"),
        Column("peildatum", "date", True, "peildatum of einde van de periode"),
        Column("bron", "text", True, "bron"),
        Column("schatting", "jaNee", True, "ja als de waarde een schatting of aanname is"),
        Column("methode", "text", True, "hoe de waarde is verkregen"),
        Column("opmerking", "text", False, "kanttekeningen"),
    ),
    key=("parameter",),
    description="Aannames van de woonzorganalyse met bron en methode (schatting ja/nee).",
)

VRAAG_WAARNEMINGEN = TableSchema(
    "analyse-vraag.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("gemeentecode", "gemeentecode", True, "CBS-code van de gemeente"),
        Column("groep", "regio", True, "aandachtsgroep (id uit aandachtsgroepen.csv)"),
        Column("jaar", "int", True, "jaar waarop de vraag betrekking heeft"),
        Column("vraag", "float", True, "waargenomen vraag in woningen per jaar", unit="woningen"),
        Column("bron", "text", True, "bron"),
        Column("opmerking", "text", False, "kanttekeningen"),
    ),
    key=("gemeentecode", "groep", "jaar"),
    description="Eigen waarnemingen van de jaarlijkse woningvraag per aandachtsgroep en gemeente (optioneel).",
    optional=True,
)

NIEUWBOUW = TableSchema(
    "analyse-nieuwbouw.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("gemeentecode", "gemeentecode", True, "CBS-code van de gemeente"),
        Column("jaar", "int", True, "jaar van oplevering"),
        Column("woningen", "count", True, "geplande nieuwe sociale huurwoningen"),
        Column("bron", "text", True, "bron (bijvoorbeeld prestatieafspraken)"),
        Column("opmerking", "text", False, "kanttekeningen"),
    ),
    key=("gemeentecode", "jaar"),
    description="Geplande nieuwbouw van sociale huurwoningen per gemeente en jaar (optioneel).",
    optional=True,
)

REQUIRED_AANNAMES = (
    "personen_per_woning_statushouders",
    "aandeel_verhuringen_voorrang",
    "aandeel_verhuringen_statushouders",
    "woningen_per_dakloze",
)


def _check_tables(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Cross-table rules: known regions, municipalities and groups; every required assumption present."""
    errors: list[DataError] = []
    indeling = tables["regio-indeling"]
    groups = set(tables["aandachtsgroepen"]["groep"].dropna())
    for key in ("analyse-vraag", "analyse-nieuwbouw"):
        frame = tables.get(key)
        if frame is None or frame.empty:
            continue
        errors.extend(check_region_membership(frame, names[key], indeling))
        if "groep" in frame:
            for i, g in enumerate(frame["groep"]):
                if g not in groups:
                    errors.append(DataError(names[key], f"onbekende aandachtsgroep '{g}'; bekend zijn: "
                                            f"{', '.join(sorted(groups))}", frame.attrs["regels"][i], "groep"))
    aannames = tables.get("analyse-aannames")
    if aannames is not None:
        present = set(aannames["parameter"])
        for name in REQUIRED_AANNAMES:
            if name not in present:
                errors.append(DataError(names["analyse-aannames"], f"aanname '{name}' ontbreekt"))
    return errors
