"""Woonzorgvisie: its tables (building blocks and their status per region), vocabularies and checks."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from woonzorg.data import Column, DataError, TableSchema, check_region_membership
from woonzorg.present import charts

# --------------------------------------------------------------------------------------------
# Tables of this theme in data/ (optional: a data folder without them still loads and builds)

BOUWSTENEN = TableSchema(
    "visie-bouwstenen.csv",
    (
        Column("bouwsteen", "regio", True, "korte id van de bouwsteen"),
        Column("volgorde", "int", True, "volgorde in de handreiking en de concepttekst"),
        Column("soort", "text", True, "onderwerp (Taskforce Wonen en Zorg) of wet (Wvrv)"),
        Column("naam", "text", True, "naam van de bouwsteen"),
        Column("omschrijving", "text", True, "wat er in de visie over staat"),
        Column("bron", "text", True, "bron van de bouwsteen"),
    ),
    key=("bouwsteen",),
    description="Bouwstenen van een woonzorgvisie: onderwerpen (Taskforce Wonen en Zorg) en wettelijke eisen (Wvrv).",
    optional=True,
)

STATUS = TableSchema(
    "visie-status.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("bouwsteen", "regio", True, "id uit visie-bouwstenen.csv"),
        Column("status", "text", True, "aanwezig, gedeeltelijk, ontbreekt of onbekend"),
        Column("toelichting", "text", True, "wat er is gevonden, of dat er niets is gevonden"),
        Column("bron", "text", True, "bron(nen), gescheiden door '; '"),
        Column("voorbeeld", "jaNee", True, "ja als de status een voorbeeld is en geen vastgestelde stand"),
    ),
    key=("regio", "bouwsteen"),
    description="Stand van elke bouwsteen per regio, met toelichting en bron (voorbeeld ja/nee).",
    optional=True,
)


@dataclass(frozen=True)
class Status:
    id: str
    naam: str
    uitleg: str
    kleur: str


# Order is the order of the chart and the lists; colours from the house palette (Okabe-Ito).
STATUSSEN: dict[str, Status] = {s.id: s for s in (
    Status("aanwezig", "Aanwezig", "regionaal vastgelegd of in gebruik", charts.PALETTE[2]),
    Status("gedeeltelijk", "Gedeeltelijk", "voor een deel van de groepen of gemeenten, of in voorbereiding",
           charts.PALETTE[4]),
    Status("ontbreekt", "Ontbreekt", "een bron zegt dat het er niet is", charts.PALETTE[5]),
    Status("onbekend", "Onbekend", "niets over gevonden in openbare bronnen; nog in te vullen", "#bbbbbb"),
)}

SOORTEN: dict[str, str] = {
    "onderwerp": "Onderwerpen van een woonzorgvisie (Taskforce Wonen en Zorg)",
    "wet": "Eisen uit de Wet versterking regie volkshuisvesting",
}

SOORTEN_KORT: dict[str, str] = {"onderwerp": "Onderwerpen (Taskforce)", "wet": "Eisen uit de wet (Wvrv)"}

NIET_INGEVULD = "Nog niet ingevuld in data/visie-status.csv."


def _check_tables(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Known statuses, kinds, building blocks and regions."""
    errors: list[DataError] = []
    bouwstenen = tables.get("visie-bouwstenen")
    status = tables.get("visie-status")
    known: set[str] = set()
    if bouwstenen is not None and not bouwstenen.empty:
        known = set(bouwstenen["bouwsteen"])
        for i, soort in enumerate(bouwstenen["soort"]):
            if soort not in SOORTEN:
                errors.append(DataError(names["visie-bouwstenen"], f"onbekende soort '{soort}'; kies uit "
                                        f"{', '.join(SOORTEN)}", bouwstenen.attrs["regels"][i], "soort"))
    if status is not None and not status.empty:
        errors.extend(check_region_membership(status, names["visie-status"], tables["regio-indeling"]))
        for i, r in enumerate(status.itertuples(index=False)):
            regel = status.attrs["regels"][i]
            if r.status not in STATUSSEN:
                errors.append(DataError(names["visie-status"], f"onbekende status '{r.status}'; kies uit "
                                        f"{', '.join(STATUSSEN)}", regel, "status"))
            if r.bouwsteen not in known:
                errors.append(DataError(names["visie-status"], f"onbekende bouwsteen '{r.bouwsteen}'; die staat "
                                        "niet in visie-bouwstenen.csv", regel, "bouwsteen"))
    return errors
