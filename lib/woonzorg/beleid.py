"""Dated policy facts (``data/beleid-feiten.csv``) worded against the build date.

Every statement in a guide about a law, a deadline or a milestone is written from one dated fact
and the build date — ``SOURCE_DATE_EPOCH`` when set (reproducible pages), else today — so that a
page built after an intended date never states it as future, and says so when the sources do not
confirm that it happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from woonzorg import clock

from woonzorg.data import Column, DataError, TableSchema

SOORTEN = ("beoogd", "besloten", "in werking", "termijn")

BELEID_FEITEN = TableSchema(
    "beleid-feiten.csv",
    (
        Column("feit", "text", True, "korte id van het feit"),
        Column("onderwerp", "text", True, "wet, regeling of onderwerp"),
        Column("datum", "date", False, "datum waarop het feit geldt of beoogd is; leeg als de bron geen datum geeft"),
        Column("soort", "text", True, f"soort: {', '.join(SOORTEN)}"),
        Column("tekst", "text", True, "wat er gebeurt of gebeurde, als bijzin zonder hoofdletter"),
        Column("bron", "text", True, "bron, met datum"),
        Column("bevestigd", "jaNee", True, "nee als de bronnen het feit (nog) niet bevestigen"),
    ),
    key=("feit",),
    description="Gedateerde feiten over wetten, termijnen en regelingen; de tekst van een handreiking volgt de builddatum.",
    optional=True,
)


def check_feiten(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    frame = tables.get("beleid-feiten")
    errors: list[DataError] = []
    if frame is None:
        return errors
    for i, soort in enumerate(frame["soort"]):
        if soort not in SOORTEN:
            errors.append(DataError(names["beleid-feiten"], f"onbekende soort '{soort}'; kies uit {', '.join(SOORTEN)}",
                                    frame.attrs["regels"][i], "soort"))
    return errors


def build_date() -> date:
    """The date the page is built for: ``SOURCE_DATE_EPOCH`` (UTC) when set, else today (see :mod:`woonzorg.clock`)."""
    when = clock.source_date()
    return when.date() if when is not None else date.today()


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum_nl(value) -> str:
    """``2026-07-01`` -> ``1 juli 2026``."""
    d = pd.Timestamp(value).date()
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class Feit:
    feit: str
    onderwerp: str
    datum: date | None
    soort: str
    tekst: str
    bron: str
    bevestigd: bool

    def verleden(self, today: date) -> bool:
        return self.datum is not None and self.datum <= today


def feiten(dataset) -> dict[str, Feit]:
    """All facts by id (an empty mapping when the table is absent)."""
    frame = dataset["beleid-feiten"]
    out = {}
    for row in frame.itertuples(index=False):
        datum = None if pd.isna(row.datum) else pd.Timestamp(row.datum).date()
        out[row.feit] = Feit(row.feit, row.onderwerp, datum, row.soort, row.tekst, row.bron, bool(row.bevestigd))
    return out


def zin(feit: Feit, today: date | None = None) -> str:
    """One Dutch sentence for a fact as seen on ``today`` (default: the build date), with its source.

    A past intended date reads as past and says whether the sources confirm it; a future one as
    intended; a fact without date says the date is not known.
    """
    today = today or build_date()
    tekst = feit.tekst[:1].upper() + feit.tekst[1:]
    if feit.datum is None:
        kern = f"{tekst}; een datum is in de bronnen niet gevonden"
    elif feit.soort == "beoogd":
        if not feit.verleden(today):
            kern = f"{tekst}: beoogd per {datum_nl(feit.datum)}"
        elif feit.bevestigd:
            kern = f"{tekst}: sinds {datum_nl(feit.datum)}"
        else:
            kern = (f"{tekst}: beoogd per {datum_nl(feit.datum)}; of dat is gebeurd, is in de bronnen niet "
                    "bevestigd")
    elif feit.soort == "termijn":
        if not feit.verleden(today):
            kern = f"{tekst}: uiterlijk {datum_nl(feit.datum)}" + ("" if feit.bevestigd else " (niet bevestigd)")
        else:
            kern = (f"{tekst}: de termijn was {datum_nl(feit.datum)}"
                    + ("" if feit.bevestigd else "; die termijn is in de bronnen niet bevestigd"))
    elif feit.soort == "in werking":
        kern = (f"{tekst}: sinds {datum_nl(feit.datum)}" if feit.verleden(today)
                else f"{tekst}: vanaf {datum_nl(feit.datum)}")
    else:  # besloten
        kern = (f"{tekst} ({datum_nl(feit.datum)})" if feit.verleden(today)
                else f"{tekst}: gepland op {datum_nl(feit.datum)}")
    if not feit.bevestigd and feit.soort not in ("beoogd", "termijn"):
        kern += " (niet bevestigd in primaire bronnen)"
    return f"{kern}. Bron: {feit.bron}."


def wet_status(dataset, today: date | None = None) -> str:
    """A short clause on the Wvrv for running text: 'beoogd per 1 juli 2026', or past and unconfirmed."""
    today = today or build_date()
    f = feiten(dataset).get("wvrv-inwerking")
    if f is None or f.datum is None:
        return "de datum van inwerkingtreding is niet bekend"
    if not f.verleden(today):
        return f"beoogde inwerkingtreding {datum_nl(f.datum)}"
    if f.bevestigd:
        return f"in werking sinds {datum_nl(f.datum)}"
    return (f"beoogd per {datum_nl(f.datum)}; of de wet in werking is getreden, is in de bronnen niet bevestigd")


def zinnen_html(dataset, ids, today: date | None = None):
    """A list of dated sentences for the guide (facts missing from the data are left out)."""
    import html as _html

    from woonzorg.present.tables import HTML

    known = feiten(dataset)
    items = "".join(f"<li>{_html.escape(zin(known[i], today))}</li>" for i in ids if i in known)
    return HTML(f'<ul class="wz-feiten">{items}</ul>' if items else
                "<p>Er staan nog geen gedateerde feiten in <code>data/beleid-feiten.csv</code>.</p>")
