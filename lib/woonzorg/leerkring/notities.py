"""Correcting, withdrawing and marking the notes of a session: a history beside the notes, never an edit of them.

A saved choice or note (``leerkring-sessies.csv``) is never rewritten. The facilitator corrects it by a row in
``leerkring-notitiecorrecties.csv`` naming the note by its id (a hash of its content): ``wijzigen`` (a new text),
``intrekken`` (withdrawn: shown nowhere), ``intern`` or ``openbaar`` (who may read it). :func:`actueel` applies
the corrections in the order they were saved; only notes that are ``openbaar`` reach a guide, a participant
sheet or the terugblik page (:func:`openbaar`); the facilitator guide also shows the internal ones, marked.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.data import Column, DataError, Dataset, TableSchema, check_region_membership
from woonzorg.storage import append_rows, exclusive_lock

ACTIES = {"wijzigen": "gewijzigd", "intrekken": "ingetrokken", "intern": "alleen voor de begeleiding",
          "openbaar": "openbaar"}
ZICHTBAARHEID = ("openbaar", "intern")

CORRECTIES = TableSchema(
    "leerkring-notitiecorrecties.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("notitie", "text", True, "id van de keuze of notitie (uit de app; een hash van de inhoud)"),
        Column("datum", "date", True, "datum van de correctie"),
        Column("actie", "text", True, f"{', '.join(ACTIES)}", choices=tuple(ACTIES)),
        Column("tekst", "text", False, "de nieuwe tekst (bij wijzigen)"),
        Column("groep", "text", True, "wie corrigeerde (bijvoorbeeld 'begeleider')"),
    ),
    description="Correcties op keuzes en notities uit de leerkring: wijzigen, intrekken, intern of openbaar maken; "
                "de app voegt regels toe, de notities zelf blijven zoals ze waren.",
    optional=True,
)


class CorrectieError(ValueError):
    """A correction that cannot be saved; the message is for the facilitator (Dutch)."""


def notitie_id(row) -> str:
    """A note's id: the first 12 hex digits of a hash of what it says, where, when and by whom."""
    onderwerp = row.onderwerp if isinstance(row.onderwerp, str) else ""
    key = "\x1f".join(str(v) for v in (row.regio, row.datum, row.thema, row.soort, onderwerp, row.tekst, row.groep))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def actueel(sessies: pd.DataFrame, correcties: pd.DataFrame) -> pd.DataFrame:
    """The notes as they stand: corrections applied in save order, withdrawn ones left out.

    Adds the columns ``id`` and ``gewijzigd`` (True when the text was corrected); ``zichtbaarheid`` is the
    note's own unless a correction changed it.
    """
    frame = sessies.copy()
    frame["id"] = [notitie_id(r) for r in frame.itertuples(index=False)]
    frame["gewijzigd"] = False
    frame["ingetrokken"] = False
    if correcties is not None and len(correcties):
        for c in correcties.itertuples(index=False):
            hit = (frame["id"] == c.notitie) & (frame["regio"] == c.regio)
            if c.actie == "wijzigen":
                frame.loc[hit, "tekst"] = c.tekst
                frame.loc[hit, "gewijzigd"] = True
            elif c.actie == "intrekken":
                frame.loc[hit, "ingetrokken"] = True
            else:
                frame.loc[hit, "zichtbaarheid"] = c.actie
    return frame[~frame["ingetrokken"]].drop(columns=["ingetrokken"]).reset_index(drop=True)


def openbaar(dataset: Dataset) -> pd.DataFrame:
    """What a published page may show: the current notes marked ``openbaar``."""
    current = actueel(dataset["leerkring-sessies"], dataset["leerkring-notitiecorrecties"])
    return current[current["zichtbaarheid"] == "openbaar"].reset_index(drop=True)


def check_correcties(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """A correction names a note of its region; a change has a new text."""
    frame = tables.get("leerkring-notitiecorrecties")
    if frame is None or frame.empty:
        return []
    name = names["leerkring-notitiecorrecties"]
    errors = check_region_membership(frame, name, tables["regio-indeling"])
    sessies = tables.get("leerkring-sessies")
    known = set() if sessies is None else {(r.regio, notitie_id(r)) for r in sessies.itertuples(index=False)}
    for i, row in enumerate(frame.itertuples(index=False)):
        regel = frame.attrs["regels"][i]
        if (row.regio, row.notitie) not in known:
            errors.append(DataError(name, f"geen keuze of notitie met id '{row.notitie}' in regio {row.regio} "
                                    "(leerkring-sessies.csv)", regel, "notitie"))
        if row.actie == "wijzigen" and not (isinstance(row.tekst, str) and row.tekst.strip()):
            errors.append(DataError(name, "een wijziging heeft een nieuwe tekst", regel, "tekst"))
    return errors


def read_correcties(data_dir: str | Path | None = None) -> pd.DataFrame:
    root = paths.data_dir(data_dir)
    return wzdata.read_optional_table(root / CORRECTIES.file, CORRECTIES, f"{root.name}/{CORRECTIES.file}")


def corrigeer(regio: str, notitie: str, actie: str, *, tekst: str = "", groep: str = "begeleider",
              datum: str | date | None = None, data_dir: str | Path | None = None) -> None:
    """Save one correction of a note (validated, under the lock, appended atomically)."""
    from woonzorg.leerkring.sessions import MAX_TEKST, read_sessies

    root = paths.data_dir(data_dir)
    if actie not in ACTIES:
        raise CorrectieError(f"onbekende actie '{actie}'; kies uit {', '.join(ACTIES)}")
    tekst = str(tekst or "").replace("\r\n", "\n").strip() if actie == "wijzigen" else ""
    if actie == "wijzigen" and not tekst:
        raise CorrectieError("schrijf de nieuwe tekst")
    if len(tekst) > MAX_TEKST:
        raise CorrectieError(f"de tekst is te lang (maximaal {MAX_TEKST} tekens)")
    datum_text = (datum.isoformat() if isinstance(datum, date) else str(datum or "") or date.today().isoformat())
    path = root / CORRECTIES.file
    with exclusive_lock(path):
        sessies = read_sessies(root)
        new = pd.DataFrame([[regio, notitie, datum_text, actie, tekst or pd.NA, groep]], columns=CORRECTIES.column_names)
        new.attrs["regels"] = [len(read_correcties(root)) + 2]
        indeling = wzdata.read_table(root / "regio-indeling.csv", wzdata.CORE_SCHEMAS["regio-indeling"],
                                     f"{root.name}/regio-indeling.csv")
        problems = check_correcties({"leerkring-notitiecorrecties": new, "leerkring-sessies": sessies,
                                     "regio-indeling": indeling},
                                    {"leerkring-notitiecorrecties": f"{root.name}/{CORRECTIES.file}"})
        if problems:
            raise wzdata.DataValidationError(problems)
        append_rows(path, CORRECTIES.column_names, [[regio, notitie, datum_text, actie, tekst, groep]])
