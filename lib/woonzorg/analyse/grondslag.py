"""The national inputs of the woonzorganalyse: figures from landelijke-cijfers.csv and assumptions from analyse-aannames.csv."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from woonzorg.data import Dataset
from woonzorg.dutch import number
from woonzorg.analyse.schema import REQUIRED_AANNAMES

# --------------------------------------------------------------------------------------------
# National inputs


@dataclass(frozen=True)
class Grondslag:
    """The national figures and assumptions that turn local bases into estimated need."""

    peiljaar: int
    taakstelling_jaar: int  # year whose two half-year tasks are used
    taakstelling_personen: float  # national statushouders task for that year (persons)
    inwoners_nl: float
    huishoudens_nl: float
    vrijgekomen_nl: float  # corporation homes falling vacant per year, national
    corporatiewoningen_nl: float
    dakloze_personen_nl: float
    personen_per_woning_statushouders: float
    aandeel_voorrang: float
    aandeel_statushouders: float
    woningen_per_dakloze: float
    bronnen: dict[str, str] = field(default_factory=dict)  # figure -> source line
    taakstelling_halfjaar: dict[str, float] = field(default_factory=dict)  # "2024-H1" -> national task
    kanttekeningen: dict[str, str] = field(default_factory=dict)
    taakstelling_opmerkingen: dict[str, str] = field(default_factory=dict)  # "2022-H2" -> the source's remark

    @property
    def mutatiegraad(self) -> float:
        """National turnover: vacated corporation homes per year / corporation stock."""
        return self.vrijgekomen_nl / self.corporatiewoningen_nl

    @property
    def aandeel_urgenten(self) -> float:
        """Share of lettings to urgent households other than statushouders."""
        return self.aandeel_voorrang - self.aandeel_statushouders

    @property
    def urgenten_per_huishouden(self) -> float:
        """Urgent lettings per household per year, nationally (share × vacancies / households)."""
        return self.aandeel_urgenten * self.vrijgekomen_nl / self.huishoudens_nl


def _latest(frame: pd.DataFrame, indicator: str, peiljaar: int) -> pd.Series:
    rows = frame[frame["indicator"] == indicator].copy()
    if rows.empty:
        raise KeyError(f"landelijk cijfer '{indicator}' ontbreekt in landelijke-cijfers.csv")
    rows["jaar"] = rows["peildatum"].str[:4].astype(int)
    before = rows[rows["jaar"] <= peiljaar]
    chosen = before if not before.empty else rows
    return chosen.sort_values("peildatum").iloc[-1 if not before.empty else 0]


def _taakstelling(frame: pd.DataFrame, peiljaar: int) -> tuple[int, float, str]:
    """The national statushouders task of the latest year up to peiljaar with both halves known."""
    rows = frame[frame["indicator"] == "taakstelling_statushouders"].copy()
    rows["jaar"] = rows["peildatum"].str[:4].astype(int)
    rows["half"] = rows["peildatum"].str[5:7].map({"06": "H1", "12": "H2"})
    complete = sorted(j for j, g in rows.groupby("jaar") if set(g["half"]) >= {"H1", "H2"})
    candidates = [j for j in complete if j <= peiljaar] or complete
    if not candidates:
        raise KeyError("geen volledig jaar taakstelling statushouders in landelijke-cijfers.csv")
    jaar = candidates[-1] if [j for j in complete if j <= peiljaar] else candidates[0]
    chosen = rows[rows["jaar"] == jaar].sort_values("peildatum")
    chosen = chosen.groupby("half").tail(1)
    bron = "; ".join(f"{h} {number(v)} ({b}{', ' + o if isinstance(o, str) and o else ''})"
                     for h, v, b, o in zip(chosen["half"], chosen["waarde"], chosen["bron"],
                                           chosen["opmerking"].fillna("")))
    return jaar, float(chosen["waarde"].sum()), bron


def _halfjaren(frame: pd.DataFrame, column: str = "waarde") -> dict:
    """National statushouders task (or its remark) per half-year ("2024-H1"); a later revision of the same half wins."""
    rows = frame[frame["indicator"] == "taakstelling_statushouders"].sort_values("peildatum")
    out: dict = {}
    for peildatum, value in zip(rows["peildatum"], rows[column]):
        half = {"06": "H1", "12": "H2"}.get(peildatum[5:7])
        if half:
            out[f"{peildatum[:4]}-{half}"] = float(value) if column == "waarde" else (
                str(value) if isinstance(value, str) else "")
    return out


def grondslag(dataset: Dataset, peiljaar: int = 2024) -> Grondslag:
    """Read the national figures (landelijke-cijfers.csv) and assumptions (analyse-aannames.csv).

    National totals come from the national table, not from summing gemeenten.csv, so a region's
    guide depends only on its own municipalities' rows (see woonzorg.publish.cache).
    """
    lc = dataset["landelijke-cijfers"]
    a = dataset["analyse-aannames"].set_index("parameter")
    vrij = _latest(lc, "vrijgekomen_corporatiewoningen", peiljaar)
    corp = _latest(lc, "corporatiewoningen", peiljaar)
    dak = _latest(lc, "dakloze_personen_18_65", peiljaar)
    inw = _latest(lc, "inwoners", peiljaar)
    hh = _latest(lc, "huishoudens", peiljaar)
    jaar, taak, taak_bron = _taakstelling(lc, peiljaar)
    return Grondslag(
        peiljaar=peiljaar,
        taakstelling_jaar=jaar,
        taakstelling_personen=taak,
        inwoners_nl=float(inw["waarde"]),
        huishoudens_nl=float(hh["waarde"]),
        vrijgekomen_nl=float(vrij["waarde"]),
        corporatiewoningen_nl=float(corp["waarde"]),
        dakloze_personen_nl=float(dak["waarde"]),
        personen_per_woning_statushouders=float(a.at["personen_per_woning_statushouders", "waarde"]),
        aandeel_voorrang=float(a.at["aandeel_verhuringen_voorrang", "waarde"]),
        aandeel_statushouders=float(a.at["aandeel_verhuringen_statushouders", "waarde"]),
        woningen_per_dakloze=float(a.at["woningen_per_dakloze", "waarde"]),
        bronnen={
            "taakstelling": taak_bron,
            "vrijgekomen": str(vrij["bron"]) if vrij["peildatum"][:4] in str(vrij["bron"])
            else f"{vrij['bron']} ({vrij['peildatum'][:4]})",
            "corporatiewoningen": str(corp["bron"]),
            "dakloos": str(dak["bron"]),
            "inwoners": str(inw["bron"]),
            "huishoudens": str(hh["bron"]),
            **{f"aanname:{p}": str(a.at[p, "bron"]) for p in REQUIRED_AANNAMES},
        },
        taakstelling_halfjaar=_halfjaren(lc),
        taakstelling_opmerkingen=_halfjaren(lc, "opmerking"),
        kanttekeningen={"dakloos": str(dak["opmerking"]) if isinstance(dak["opmerking"], str) else ""},
    )
