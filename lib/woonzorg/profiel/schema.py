"""Regioprofiel schema: what is known about a region in words (``data/regio-kenmerken.csv``), with sources.

The theme reads the core tables (gemeenten, regio-indeling) too. Each row of ``regio-kenmerken``
is one sourced statement about a region for one theme's narrative (``regioprofiel``,
``procesorganisatie``, ``woonzorgvisie``); the guides write the region's particulars from these
rows, never from text per region in a notebook.
"""

from __future__ import annotations

import pandas as pd

from woonzorg.data import Column, DataError, TableSchema, check_region_membership

KENMERK_THEMAS = ("regioprofiel", "procesorganisatie", "woonzorgvisie")

REGIO_KENMERKEN = TableSchema(
    "regio-kenmerken.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("thema", "text", True, f"in welke handreiking het kenmerk staat: {', '.join(KENMERK_THEMAS)}"),
        Column("kenmerk", "text", True, "korte id van het kenmerk binnen de regio"),
        Column("tekst", "text", True, "één of twee zinnen over de regio, zoals de bron het beschrijft"),
        Column("bron", "text", True, "bron (titel, datum, adres)"),
        Column("peildatum", "date", False, "datum van de bron of van de situatie, als bekend"),
    ),
    key=("regio", "thema", "kenmerk"),
    description="Wat de bronnen over een regio zeggen, per thema: de eigen woorden van elke handreiking.",
    optional=True,
)


def check_kenmerken(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    frame = tables.get("regio-kenmerken")
    if frame is None or frame.empty:
        return []
    name = names["regio-kenmerken"]
    errors = list(check_region_membership(frame, name, tables["regio-indeling"]))
    for i, thema in enumerate(frame["thema"]):
        if thema not in KENMERK_THEMAS:
            errors.append(DataError(name, f"onbekend thema '{thema}'; kies uit {', '.join(KENMERK_THEMAS)}",
                                    frame.attrs["regels"][i], "thema"))
    return errors


TABLES = (REGIO_KENMERKEN,)
CHECKS = (check_kenmerken,)
