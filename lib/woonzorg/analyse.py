"""The woonzorganalyse: need (vraag), supply (aanbod), pressure (druk), fair distribution (spreiding) and prognosis.

Plain functions on tidy pandas frames, no notebook state. The computing functions (:func:`vraag`,
:func:`aanbod`, :func:`druk`, :func:`spreiding`, :func:`evenredigheid`, :func:`prognose`) take
frames and numbers so they can be tested on a three-municipality region; :func:`grondslag` reads
the national inputs and assumptions from ``data/``; :func:`woonzorganalyse` ties them together for
one region. The presentation helpers at the end turn a result into Dutch tables, charts and text.

Units: need and supply are in homes per year (``woningen per jaar``); ``personen`` are persons.
Every estimated figure carries ``status`` (``schatting`` or ``waarneming``) and its ``methode``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from woonzorg import regions
from woonzorg.present import charts, privacy
from woonzorg.data import (
    Column,
    DataError,
    Dataset,
    TableSchema,
    check_region_membership,
)
from woonzorg.memo import per_object
from woonzorg.themes import KeyFigure, Theme
from woonzorg import dutch
from woonzorg.leerkring.exercises import Denkfout, Keuze, Opdracht, Optie, maak_opdracht, row_with_highest, tolerantie
from woonzorg.present.tables import HTML, Table

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
        Column("vraag", "float", True, "waargenomen vraag in woningen per jaar"),
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


# --------------------------------------------------------------------------------------------
# Verdeelsleutels: a small registry instead of if/elif chains.


@dataclass(frozen=True)
class Verdeelsleutel:
    id: str
    naam: str  # Dutch label
    kolom: str  # column of the municipalities frame that carries the key
    uitleg: str


VERDEELSLEUTELS: dict[str, Verdeelsleutel] = {
    v.id: v for v in (
        Verdeelsleutel("inwoners", "naar inwoners", "inwoners",
                       "elke gemeente neemt een deel naar rato van haar inwoners, zoals bij de halfjaarlijkse "
                       "taakstelling voor statushouders (Huisvestingswet 2014, art. 28)"),
        Verdeelsleutel("corporatiewoningen", "naar sociale huurvoorraad", "corporatiewoningen",
                       "elke gemeente neemt een deel naar rato van haar aantal corporatiewoningen"),
        Verdeelsleutel("vrijkomend", "naar vrijkomend aanbod", "aanbod",
                       "elke gemeente neemt een deel naar rato van de sociale huurwoningen die er per jaar "
                       "vrijkomen (inclusief geplande nieuwbouw)"),
    )
}

GROEP_NAMEN = {
    "statushouders": "Statushouders",
    "urgenten": "Urgenten (excl. statushouders)",
    "dakthuisloos": "Dak- en thuislozen",
}
GROEPEN = tuple(GROEP_NAMEN)

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
    bron = "; ".join(f"{h} {charts.dutch_number(v)} ({b}{', ' + o if isinstance(o, str) and o else ''})"
                     for h, v, b, o in zip(chosen["half"], chosen["waarde"], chosen["bron"],
                                           chosen["opmerking"].fillna("")))
    return jaar, float(chosen["waarde"].sum()), bron


def _halfjaren(frame: pd.DataFrame) -> dict[str, float]:
    """National statushouders task per half-year ("2024-H1"); a later revision of the same half wins."""
    rows = frame[frame["indicator"] == "taakstelling_statushouders"].sort_values("peildatum")
    out: dict[str, float] = {}
    for peildatum, waarde in zip(rows["peildatum"], rows["waarde"]):
        half = {"06": "H1", "12": "H2"}.get(peildatum[5:7])
        if half:
            out[f"{peildatum[:4]}-{half}"] = float(waarde)
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
        kanttekeningen={"dakloos": str(dak["opmerking"]) if isinstance(dak["opmerking"], str) else ""},
    )


# --------------------------------------------------------------------------------------------
# The computing functions


def gemeenten_basis(dataset: Dataset, regio: str) -> pd.DataFrame:
    """The local bases of a region: one row per municipality with inwoners, huishoudens, corporatiewoningen."""
    g = regions.region_municipalities(dataset, regio)
    return pd.DataFrame({
        "gemeentecode": g["gemeentecode"].astype(str),
        "gemeente": g["gemeente"].astype(str),
        "inwoners": g["inwoners"].astype(float),
        "huishoudens": g["huishoudens"].astype(float),
        "corporatiewoningen": g["corporatiewoningen"].astype(float),
        "centrumgemeente": g["centrumgemeente"].astype(bool),
    })


def vraag(
    gemeenten: pd.DataFrame,
    grondslag: Grondslag,
    *,
    doeljaar: int = 2030,
    waarnemingen: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Yearly housing need per aandachtsgroep per municipality, in homes per year.

    Estimates (``status`` = ``schatting``), each from a national figure × a local base:

    - statushouders: the national task of the year × the municipality's share of the Dutch
      inhabitants (the legal rule), divided by persons per home;
    - urgenten (other than statushouders): national urgent lettings per household × households;
    - dakthuisloos: the national CBS estimate × the region's share of inhabitants, to be housed
      evenly over the years peiljaar..doeljaar, placed with the centrumgemeente(n) (where shelter
      is) or, if the region has none, by inhabitants. CBS warns against splitting its national
      figure over municipalities: a rough estimate only.

    Rows in ``waarnemingen`` (columns gemeentecode, groep, vraag, bron) replace the estimate for
    that municipality and group (``status`` = ``waarneming``).

    Returns columns gemeentecode, gemeente, groep, personen, vraag, status, methode, bron.
    """
    if doeljaar < grondslag.peiljaar:
        raise ValueError(f"doeljaar {doeljaar} ligt voor peiljaar {grondslag.peiljaar}")
    g = gemeenten.reset_index(drop=True)
    nl = grondslag
    jaren = doeljaar - nl.peiljaar + 1
    rows: list[dict] = []

    for r in g.itertuples(index=False):
        personen = nl.taakstelling_personen * r.inwoners / nl.inwoners_nl
        rows.append(dict(
            gemeentecode=r.gemeentecode, gemeente=r.gemeente, groep="statushouders", personen=personen,
            vraag=personen / nl.personen_per_woning_statushouders, status="schatting",
            methode=(f"landelijke taakstelling {nl.taakstelling_jaar} ({charts.dutch_number(nl.taakstelling_personen)} "
                     f"personen) × aandeel inwoners, gedeeld door "
                     f"{charts.dutch_number(nl.personen_per_woning_statushouders, 1)} personen per woning"),
            bron=nl.bronnen.get("taakstelling", ""),
        ))

    for r in g.itertuples(index=False):
        rows.append(dict(
            gemeentecode=r.gemeentecode, gemeente=r.gemeente, groep="urgenten", personen=float("nan"),
            vraag=r.huishoudens * nl.urgenten_per_huishouden, status="schatting",
            methode=(f"huishoudens × landelijke verhuringen aan urgenten per huishouden "
                     f"({charts.dutch_number(100 * nl.aandeel_urgenten)}% van "
                     f"{charts.dutch_number(nl.vrijgekomen_nl)} vrijgekomen corporatiewoningen, "
                     f"gedeeld door {charts.dutch_number(nl.huishoudens_nl)} huishoudens)"),
            bron=nl.bronnen.get("aanname:aandeel_verhuringen_voorrang", ""),
        ))

    regio_dakloos = nl.dakloze_personen_nl * g["inwoners"].sum() / nl.inwoners_nl
    centrum = g["centrumgemeente"].astype(bool)
    weights = g["inwoners"].where(centrum, 0.0) if centrum.any() else g["inwoners"]
    toerekening = "centrumgemeente(n)" if centrum.any() else "alle gemeenten naar inwoners (geen centrumgemeente bekend)"
    for r, w in zip(g.itertuples(index=False), weights):
        personen = regio_dakloos * w / weights.sum()
        rows.append(dict(
            gemeentecode=r.gemeentecode, gemeente=r.gemeente, groep="dakthuisloos", personen=personen,
            vraag=personen * nl.woningen_per_dakloze / jaren, status="schatting",
            methode=(f"ruwe schatting: landelijk {charts.dutch_number(nl.dakloze_personen_nl)} dakloze personen "
                     f"(CBS) × aandeel inwoners van de regio, toegerekend aan {toerekening}, "
                     f"te huisvesten in {jaren} jaar ({nl.peiljaar}–{doeljaar})"),
            bron=nl.bronnen.get("dakloos", ""),
        ))

    out = pd.DataFrame(rows)
    if waarnemingen is not None and not waarnemingen.empty:
        obs = waarnemingen.set_index(["gemeentecode", "groep"])
        for i, r in out.iterrows():
            key = (r["gemeentecode"], r["groep"])
            if key in obs.index:
                o = obs.loc[key]
                out.loc[i, ["vraag", "personen", "status", "methode", "bron"]] = [
                    float(o["vraag"]), float("nan"), "waarneming", "eigen waarneming van de regio", str(o["bron"])]
    out["vraag"] = out["vraag"].astype(float)
    out["personen"] = out["personen"].astype(float)
    return out


def vraag_per_gemeente(vraag_frame: pd.DataFrame) -> pd.DataFrame:
    """Total need per municipality (all groups), in the order of first appearance."""
    return (vraag_frame.groupby(["gemeentecode", "gemeente"], sort=False, as_index=False)["vraag"].sum())


def aanbod(
    gemeenten: pd.DataFrame,
    *,
    mutatiegraad: float,
    nieuwbouw: pd.DataFrame | None = None,
    jaar: int | None = None,
) -> pd.DataFrame:
    """Vacant social homes per year per municipality: corporation stock × mutatiegraad (+ new build).

    ``nieuwbouw`` has columns gemeentecode, jaar, woningen; only rows of ``jaar`` count (a new
    home is let for the first time in the year it is delivered).
    Returns gemeentecode, gemeente, corporatiewoningen, mutatiegraad, vrijkomend, nieuwbouw, aanbod.
    """
    if not 0 <= mutatiegraad <= 1:
        raise ValueError(f"mutatiegraad {mutatiegraad} ligt niet tussen 0 en 1")
    out = gemeenten[["gemeentecode", "gemeente", "corporatiewoningen"]].reset_index(drop=True).copy()
    out["corporatiewoningen"] = out["corporatiewoningen"].astype(float)
    out["mutatiegraad"] = float(mutatiegraad)
    out["vrijkomend"] = out["corporatiewoningen"] * mutatiegraad
    extra = pd.Series(0.0, index=out.index)
    if nieuwbouw is not None and not nieuwbouw.empty and jaar is not None:
        nb = nieuwbouw[nieuwbouw["jaar"].astype(int) == jaar].groupby("gemeentecode")["woningen"].sum()
        extra = out["gemeentecode"].map(nb).fillna(0).astype(float)
    out["nieuwbouw"] = extra
    out["aanbod"] = out["vrijkomend"] + out["nieuwbouw"]
    return out


def druk(vraag_frame: pd.DataFrame, aanbod_frame: pd.DataFrame, *, plafond_aandeel: float) -> pd.DataFrame:
    """Need as a share of supply per municipality, against a policy ceiling.

    ``beschikbaar`` = supply × ceiling (the homes that may go to aandachtsgroepen); ``ruimte`` =
    beschikbaar − need (negative: a shortfall). ``druk`` is NaN where there is no supply.
    """
    if not 0 <= plafond_aandeel <= 1:
        raise ValueError(f"plafond_aandeel {plafond_aandeel} ligt niet tussen 0 en 1")
    v = vraag_per_gemeente(vraag_frame)
    out = aanbod_frame[["gemeentecode", "gemeente", "aanbod"]].merge(v[["gemeentecode", "vraag"]], on="gemeentecode",
                                                                      how="left")
    out["vraag"] = out["vraag"].fillna(0.0)
    out = out[["gemeentecode", "gemeente", "vraag", "aanbod"]]
    out["druk"] = (out["vraag"] / out["aanbod"].where(out["aanbod"] > 0)).astype(float)
    out["plafond_aandeel"] = float(plafond_aandeel)
    out["beschikbaar"] = out["aanbod"] * plafond_aandeel
    out["ruimte"] = out["beschikbaar"] - out["vraag"]
    out["boven_plafond"] = (out["druk"] > plafond_aandeel).fillna(out["vraag"] > 0)
    return out


def spreiding(
    vraag_frame: pd.DataFrame,
    gemeenten: pd.DataFrame,
    *,
    sleutels: Iterable[str] = tuple(VERDEELSLEUTELS),
) -> pd.DataFrame:
    """Each municipality's fair share of the regional need under each verdeelsleutel.

    ``gemeenten`` must hold the key columns (inwoners, corporatiewoningen, aanbod). The current
    contribution (``huidige_bijdrage``) is the need that arises in the municipality itself;
    ``verschil`` = contribution − fair share (positive: it carries more than its fair share).
    Returns verdeelsleutel, gemeentecode, gemeente, sleutelaandeel, eerlijk_aandeel,
    huidige_bijdrage, verschil (long format, one block per key).
    """
    eigen = vraag_per_gemeente(vraag_frame).set_index("gemeentecode")["vraag"]
    totaal = float(eigen.sum())
    blocks = []
    for sleutel in sleutels:
        key = VERDEELSLEUTELS[sleutel]
        g = gemeenten[["gemeentecode", "gemeente", key.kolom]].reset_index(drop=True)
        weight = g[key.kolom].astype(float)
        aandeel = weight / weight.sum() if weight.sum() > 0 else pd.Series(1 / len(g), index=g.index)
        block = pd.DataFrame({
            "verdeelsleutel": sleutel,
            "gemeentecode": g["gemeentecode"],
            "gemeente": g["gemeente"],
            "sleutelaandeel": aandeel.astype(float),
            "eerlijk_aandeel": aandeel.astype(float) * totaal,
            "huidige_bijdrage": g["gemeentecode"].map(eigen).fillna(0.0).astype(float),
        })
        block["verschil"] = block["huidige_bijdrage"] - block["eerlijk_aandeel"]
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)


def evenredigheid(spreiding_frame: pd.DataFrame) -> pd.DataFrame:
    """One evenness index per verdeelsleutel: 1 − Σ|verschil| / (2 × regional need).

    1 means every municipality carries exactly its fair share; 0 means the whole need lands where
    the key says none should. (One minus the dissimilarity index of Duncan & Duncan.)
    """
    rows = []
    for sleutel, block in spreiding_frame.groupby("verdeelsleutel", sort=False):
        totaal = block["eerlijk_aandeel"].sum()
        index = 1.0 - block["verschil"].abs().sum() / (2 * totaal) if totaal > 0 else 1.0
        rows.append({"verdeelsleutel": sleutel, "index": min(1.0, max(0.0, float(index))),
                     "te_herverdelen": float(block["verschil"].clip(lower=0).sum())})
    return pd.DataFrame(rows)


def prognose(
    vraag_frame: pd.DataFrame,
    aanbod_frame: pd.DataFrame,
    *,
    peiljaar: int,
    doeljaar: int = 2030,
    plafond_aandeel: float,
    groei_vraag: float = 0.0,
    nieuwbouw: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Year by year from peiljaar to doeljaar per municipality: need against supply for aandachtsgroepen.

    Need grows by ``groei_vraag`` a year (compound); supply is (vacancies + new build of that
    year) × ``plafond_aandeel``. ``tekort`` = cumulative need − cumulative supply (negative: room
    to spare). Returns jaar, gemeentecode, gemeente, vraag, aanbod, cumulatief_vraag,
    cumulatief_aanbod, tekort.
    """
    if doeljaar < peiljaar:
        raise ValueError(f"doeljaar {doeljaar} ligt voor peiljaar {peiljaar}")
    basis = vraag_per_gemeente(vraag_frame).set_index("gemeentecode")["vraag"]
    a = aanbod_frame.reset_index(drop=True)
    rows = []
    for jaar in range(peiljaar, doeljaar + 1):
        factor = (1 + groei_vraag) ** (jaar - peiljaar)
        extra = pd.Series(0.0, index=a.index)
        if nieuwbouw is not None and not nieuwbouw.empty:
            nb = nieuwbouw[nieuwbouw["jaar"].astype(int) == jaar].groupby("gemeentecode")["woningen"].sum()
            extra = a["gemeentecode"].map(nb).fillna(0).astype(float)
        rows.append(pd.DataFrame({
            "jaar": jaar,
            "gemeentecode": a["gemeentecode"],
            "gemeente": a["gemeente"],
            "vraag": a["gemeentecode"].map(basis).fillna(0.0).astype(float) * factor,
            "aanbod": (a["vrijkomend"].astype(float) + extra) * plafond_aandeel,
        }))
    out = pd.concat(rows, ignore_index=True)
    out["cumulatief_vraag"] = out.groupby("gemeentecode")["vraag"].cumsum()
    out["cumulatief_aanbod"] = out.groupby("gemeentecode")["aanbod"].cumsum()
    out["tekort"] = out["cumulatief_vraag"] - out["cumulatief_aanbod"]
    return out


def prognose_regio(prognose_frame: pd.DataFrame) -> pd.DataFrame:
    """The region's totals per year of a :func:`prognose` frame (sums of the municipalities)."""
    cols = ["vraag", "aanbod", "cumulatief_vraag", "cumulatief_aanbod", "tekort"]
    return prognose_frame.groupby("jaar", as_index=False)[cols].sum()


# --------------------------------------------------------------------------------------------
# One region, all steps


@dataclass
class Woonzorganalyse:
    """The full analysis of one region under one scenario."""

    regio: regions.Region
    peiljaar: int
    doeljaar: int
    verdeelsleutel: str
    mutatiegraad: float
    plafond_aandeel: float
    groei_vraag: float
    grondslag: Grondslag
    gemeenten: pd.DataFrame  # bases + aanbod per municipality
    vraag: pd.DataFrame
    aanbod: pd.DataFrame
    druk: pd.DataFrame
    spreiding: pd.DataFrame
    evenredigheid: pd.DataFrame
    prognose: pd.DataFrame
    aannames: pd.DataFrame
    waarnemingen: pd.DataFrame  # observations in waarnemingen.csv for the region's municipalities

    @property
    def prognose_regio(self) -> pd.DataFrame:
        return prognose_regio(self.prognose)

    @property
    def index(self) -> float:
        """The evenness index under the chosen verdeelsleutel."""
        e = self.evenredigheid.set_index("verdeelsleutel")
        return float(e.at[self.verdeelsleutel, "index"])

    def kerncijfers(self) -> dict[str, object]:
        """Key figures for the site index and the page (rounded as shown)."""
        p = self.prognose_regio
        vraag_totaal = float(self.vraag["vraag"].sum())
        aanbod_totaal = float(self.aanbod["aanbod"].sum())
        return {
            "gemeenten": len(self.gemeenten),
            "vraag_per_jaar": round(vraag_totaal),
            "aanbod_per_jaar": round(aanbod_totaal),
            "beschikbaar_per_jaar": round(aanbod_totaal * self.plafond_aandeel),
            "druk_regio": round(vraag_totaal / aanbod_totaal, 3) if aanbod_totaal else None,
            "tekort_doeljaar": round(float(p["tekort"].iloc[-1])),
            "evenredigheidsindex": round(self.index, 2),
            "verdeelsleutel": self.verdeelsleutel,
            "mutatiegraad": round(self.mutatiegraad, 4),
            "plafond_aandeel": round(self.plafond_aandeel, 3),
            "peiljaar": self.peiljaar,
            "doeljaar": self.doeljaar,
        }


def woonzorganalyse(
    dataset: Dataset,
    regio: str,
    *,
    peiljaar: int = 2024,
    doeljaar: int = 2030,
    verdeelsleutel: str = "inwoners",
    mutatiegraad: float | None = None,
    plafond_aandeel: float | None = None,
    groei_vraag: float = 0.0,
) -> Woonzorganalyse:
    """Run every step for one region. ``None`` knobs take their default from ``data/``.

    The default mutatiegraad is the national turnover (vacated corporation homes / stock); the
    default ceiling is the observed average share of lettings with priority (NOS), a starting
    point, not a norm. The same dataset and knobs give the same (read-only) result object: the
    notebook, its exercises and the woonzorgvisie ask for the same analysis several times.
    """
    return _woonzorganalyse(dataset, regio, peiljaar, doeljaar, verdeelsleutel, mutatiegraad, plafond_aandeel,
                            groei_vraag)


@per_object
def _woonzorganalyse(dataset: Dataset, regio: str, peiljaar: int, doeljaar: int, verdeelsleutel: str,
                     mutatiegraad: float | None, plafond_aandeel: float | None, groei_vraag: float) -> Woonzorganalyse:
    if verdeelsleutel not in VERDEELSLEUTELS:
        raise ValueError(f"onbekende verdeelsleutel '{verdeelsleutel}'; kies uit {', '.join(VERDEELSLEUTELS)}")
    region = regions.get_region(dataset, regio)
    nl = grondslag(dataset, peiljaar)
    mutatiegraad = nl.mutatiegraad if mutatiegraad is None else float(mutatiegraad)
    plafond_aandeel = nl.aandeel_voorrang if plafond_aandeel is None else float(plafond_aandeel)
    basis = gemeenten_basis(dataset, regio)
    obs = dataset["analyse-vraag"]
    obs = obs[(obs["regio"] == regio) & (obs["jaar"].astype(int) == peiljaar)] if not obs.empty else obs
    nieuwbouw = dataset["analyse-nieuwbouw"]
    nieuwbouw = nieuwbouw[nieuwbouw["regio"] == regio] if not nieuwbouw.empty else None
    v = vraag(basis, nl, doeljaar=doeljaar, waarnemingen=obs)
    a = aanbod(basis, mutatiegraad=mutatiegraad, nieuwbouw=nieuwbouw, jaar=peiljaar)
    gemeenten = basis.merge(a[["gemeentecode", "vrijkomend", "nieuwbouw", "aanbod"]], on="gemeentecode")
    s = spreiding(v, gemeenten)
    w = dataset["waarnemingen"]
    return Woonzorganalyse(
        regio=region, peiljaar=peiljaar, doeljaar=doeljaar, verdeelsleutel=verdeelsleutel,
        mutatiegraad=mutatiegraad, plafond_aandeel=plafond_aandeel, groei_vraag=groei_vraag,
        grondslag=nl, gemeenten=gemeenten, vraag=v, aanbod=a,
        druk=druk(v, a, plafond_aandeel=plafond_aandeel),
        spreiding=s, evenredigheid=evenredigheid(s),
        prognose=prognose(v, a, peiljaar=peiljaar, doeljaar=doeljaar, plafond_aandeel=plafond_aandeel,
                          groei_vraag=groei_vraag, nieuwbouw=nieuwbouw),
        aannames=dataset["analyse-aannames"],
        waarnemingen=w[w["gemeentecode"].isin(region.gemeentecodes)].reset_index(drop=True),
    )


def controle_statushouders(result: Woonzorganalyse) -> pd.DataFrame:
    """Observed half-year tasks (waarnemingen.csv) against the rule: national half-year task × share of inhabitants.

    Only rows whose ``periode`` is exactly ``JJJJ-H1`` or ``JJJJ-H2`` and whose national task for
    that half-year is in landelijke-cijfers.csv are compared. Returns gemeente, periode,
    waargenomen, volgens_regel, verschil.
    """
    w = result.waarnemingen
    w = w[(w["indicator"] == "taakstelling_vergunninghouders") & w["periode"].str.fullmatch(r"\d{4}-H[12]")]
    inwoners = result.gemeenten.set_index("gemeentecode")["inwoners"]
    rows = []
    for r in w.itertuples(index=False):
        national = result.grondslag.taakstelling_halfjaar.get(r.periode)
        if national is None:
            continue
        regel = national * inwoners[r.gemeentecode] / result.grondslag.inwoners_nl
        rows.append({"gemeente": r.gebied, "periode": r.periode, "waargenomen": float(r.waarde),
                     "volgens_regel": regel, "verschil": float(r.waarde) - regel})
    return pd.DataFrame(rows, columns=["gemeente", "periode", "waargenomen", "volgens_regel", "verschil"])


# --------------------------------------------------------------------------------------------
# Presentation: Dutch tables, charts and text for the guide


def _n(value: float, decimals: int = 0) -> str:
    return charts.dutch_number(float(value), decimals)


def _pct(value: float, decimals: int = 0) -> str:
    return f"{charts.dutch_number(100 * float(value), decimals)}%"


def _bron_analyse(result: Woonzorganalyse) -> str:
    return ("eigen berekening woonzorganalyse op basis van CBS (Kerncijfers wijken en buurten 2024; "
            "woningvoorraad naar eigendom; verhuringen aan statushouders; dakloosheid), NOS-enquête "
            "woningtoewijzing en de taakstelling statushouders; zie Bronnen en verantwoording")


def kerncijfers_html(result: Woonzorganalyse) -> HTML:
    k = result.kerncijfers()
    tekort = k["tekort_doeljaar"]
    items = [
        (_n(k["vraag_per_jaar"]), "woningen per jaar nodig voor aandachtsgroepen (schatting)"),
        (_n(k["aanbod_per_jaar"]), "vrijkomende sociale huurwoningen per jaar"),
        (_n(k["beschikbaar_per_jaar"]), f"daarvan beschikbaar bij een plafond van {_pct(k['plafond_aandeel'])}"),
        (_n(abs(tekort)), f"{'tekort' if tekort > 0 else 'overschot'} opgeteld tot en met {result.doeljaar}"),
        (_n(k["evenredigheidsindex"], 2), f"evenredigheidsindex ({VERDEELSLEUTELS[result.verdeelsleutel].naam})"),
    ]
    lis = "".join(f"<li><strong>{v}</strong> {html.escape(label)}</li>" for v, label in items)
    return HTML(f'<ul class="wz-kerncijfers">{lis}</ul>'
                f'<p class="wz-bron">Bron: {html.escape(_bron_analyse(result))}.</p>')


def vraag_table(result: Woonzorganalyse) -> Table:
    """Need per group per municipality (homes per year), small numbers suppressed."""
    wide = (result.vraag.pivot_table(index=["gemeentecode", "gemeente"], columns="groep", values="vraag",
                                     aggfunc="sum", sort=False)
            .reindex(columns=list(GROEPEN)).reset_index())
    wide["Totaal"] = wide[list(GROEPEN)].sum(axis=1)
    shown = privacy.suppress_small(wide, list(GROEPEN), total_column="Totaal")
    frame = pd.DataFrame({"Gemeente": shown["gemeente"]})
    for gid in GROEPEN:
        frame[GROEP_NAMEN[gid]] = shown[gid]
    frame["Totaal"] = shown["Totaal"]
    totals = {"Gemeente": f"Totaal {result.regio.naam}"}
    footer = privacy.column_totals(wide, list(GROEPEN), total_column="Totaal")
    for gid in GROEPEN:
        totals[GROEP_NAMEN[gid]] = footer[gid]
    totals["Totaal"] = footer["Totaal"]
    status = result.vraag.groupby("groep")["status"].agg(lambda s: ", ".join(sorted(set(s))))
    soort = ", ".join(f"{GROEP_NAMEN[g].lower()}: {status.get(g, '')}" for g in GROEPEN)
    return Table(
        frame,
        caption=(f"Jaarlijkse woningvraag per aandachtsgroep, {result.regio.naam}, {result.peiljaar} "
                 f"(woningen per jaar; {soort})"),
        bron=_bron_analyse(result) + (". Aantallen onder 10 staan als <10; × betekent afgeschermd, zodat een "
                                      "verborgen aantal niet uit een totaal terug te rekenen is."),
        totals=totals,
        persons=[GROEP_NAMEN[gid] for gid in GROEPEN], row_total="Totaal",
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def vraag_chart(result: Woonzorganalyse) -> charts.Chart:
    wide = (result.vraag.pivot_table(index="gemeente", columns="groep", values="vraag", aggfunc="sum")
            .reindex(columns=list(GROEPEN)))
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]
    top = wide.sum(axis=1)
    totaal = float(top.sum())
    per_groep = wide.sum()
    grootste = per_groep.idxmax()
    return charts.stacked_horizontal_bars(
        wide.index.tolist(), {GROEP_NAMEN[g]: wide[g].tolist() for g in GROEPEN},
        title=f"Geschatte woningvraag per jaar per gemeente, {result.regio.naam}",
        xlabel="woningen per jaar (schatting)",
        bron=_bron_analyse(result),
        alt=(f"Gestapeld staafdiagram van de geschatte jaarlijkse woningvraag van aandachtsgroepen in de "
             f"{len(wide)} gemeenten van {result.regio.naam}, samen ongeveer {_n(totaal)} woningen per jaar. "
             f"De grootste vraag komt uit {top.index[0]} (ongeveer {_n(top.iloc[0])}); de grootste groep is "
             f"{GROEP_NAMEN[grootste].lower()} ({_pct(per_groep[grootste] / totaal)} van de vraag)."),
    )


def methode_html(result: Woonzorganalyse) -> HTML:
    """How each group was estimated: the method line of the first municipality (same for all)."""
    items = []
    for gid in GROEPEN:
        rows = result.vraag[result.vraag["groep"] == gid]
        obs = rows[rows["status"] == "waarneming"]
        est = rows[rows["status"] == "schatting"]
        text = html.escape(est["methode"].iloc[0]) if not est.empty else ""
        if not obs.empty:
            text += (f" Voor {html.escape(', '.join(obs['gemeente']))} is een eigen waarneming gebruikt "
                     f"({html.escape('; '.join(sorted(set(obs['bron']))))}).")
        items.append(f"<li><strong>{GROEP_NAMEN[gid]}</strong> (<em>schatting</em>): {text}.</li>")
    kant = result.grondslag.kanttekeningen.get("dakloos", "")
    return HTML('<div class="wz-schatting" role="note"><p><strong>Zo is de vraag geschat.</strong></p>'
                f"<ul>{''.join(items)}</ul>"
                + (f"<p>Kanttekening bij het CBS-cijfer over dakloosheid: {html.escape(kant)}.</p>" if kant else "")
                + "</div>")


def aanbod_table(result: Woonzorganalyse) -> Table:
    a = result.aanbod
    frame = pd.DataFrame({
        "Gemeente": a["gemeente"],
        "Corporatiewoningen (afgeleid)": a["corporatiewoningen"].round().astype(int),
        "Vrijkomend per jaar": [_n(v) for v in a["vrijkomend"]],
        "Geplande nieuwbouw": [_n(v) for v in a["nieuwbouw"]],
        "Aanbod per jaar": [_n(v) for v in a["aanbod"]],
        f"Beschikbaar bij plafond {_pct(result.plafond_aandeel)}": [_n(v * result.plafond_aandeel) for v in a["aanbod"]],
    })
    totals = {
        "Gemeente": f"Totaal {result.regio.naam}",
        "Corporatiewoningen (afgeleid)": int(round(a["corporatiewoningen"].sum())),
        "Vrijkomend per jaar": _n(a["vrijkomend"].sum()),
        "Geplande nieuwbouw": _n(a["nieuwbouw"].sum()),
        "Aanbod per jaar": _n(a["aanbod"].sum()),
        f"Beschikbaar bij plafond {_pct(result.plafond_aandeel)}": _n(a["aanbod"].sum() * result.plafond_aandeel),
    }
    return Table(
        frame,
        caption=(f"Vrijkomende sociale huurwoningen per jaar, {result.regio.naam} "
                 f"(mutatiegraad {_pct(result.mutatiegraad, 1)})"),
        bron=(f"corporatiewoningen = woningen × corporatie-aandeel (gemeenten.csv); mutatiegraad = "
              f"{_n(result.grondslag.vrijgekomen_nl)} vrijgekomen / {_n(result.grondslag.corporatiewoningen_nl)} "
              f"corporatiewoningen landelijk ({result.grondslag.bronnen['vrijgekomen']}; "
              f"{result.grondslag.bronnen['corporatiewoningen']}), tenzij anders gekozen"),
        totals=totals,
    )


def druk_table(result: Woonzorganalyse) -> Table:
    d = result.druk.copy()
    shown = privacy.suppress_small(d, ["vraag"])
    frame = pd.DataFrame({
        "Gemeente": d["gemeente"],
        "Vraag per jaar": shown["vraag"],
        "Aanbod per jaar": [_n(v) for v in d["aanbod"]],
        "Druk (vraag / aanbod)": ["–" if pd.isna(v) else _pct(v) for v in d["druk"]],
        "Boven plafond": ["ja" if b else "nee" for b in d["boven_plafond"]],
    })
    tv, ta = d["vraag"].sum(), d["aanbod"].sum()
    return Table(
        frame,
        caption=(f"Druk op het vrijkomende aanbod per gemeente, {result.regio.naam}, tegen een plafond van "
                 f"{_pct(result.plafond_aandeel)}"),
        bron=_bron_analyse(result) + ". Aantallen onder 10 staan als <10.",
        totals={"Gemeente": f"Totaal {result.regio.naam}",
                "Vraag per jaar": privacy.column_totals(d, ["vraag"])["vraag"],
                "Aanbod per jaar": _n(ta),
                "Druk (vraag / aanbod)": _pct(tv / ta) if ta else "–",
                "Boven plafond": "ja" if ta and tv / ta > result.plafond_aandeel else "nee"},
        persons=["Vraag per jaar"],
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def druk_chart(result: Woonzorganalyse) -> charts.Chart:
    d = result.druk.dropna(subset=["druk"]).sort_values("druk", ascending=False)
    boven = d[d["boven_plafond"]]
    return charts.bars_with_reference(
        d["gemeente"].tolist(), d["druk"].tolist(), result.plafond_aandeel,
        reference_label=f"plafond {_pct(result.plafond_aandeel)}",
        title=f"Vraag als aandeel van het vrijkomende aanbod, {result.regio.naam}",
        xlabel="vraag van aandachtsgroepen als % van de vrijkomende sociale huurwoningen",
        bron=_bron_analyse(result),
        alt=(f"Staafdiagram van de druk per gemeente in {result.regio.naam}: de geschatte vraag van aandachtsgroepen "
             f"als percentage van de vrijkomende sociale huurwoningen, met een stippellijn bij het plafond van "
             f"{_pct(result.plafond_aandeel)}. De hoogste druk heeft {d['gemeente'].iloc[0]} ({_pct(d['druk'].iloc[0])}), "
             f"de laagste {d['gemeente'].iloc[-1]} ({_pct(d['druk'].iloc[-1])}). "
             f"{len(boven)} van de {len(d)} gemeenten zitten boven het plafond."),
    )


def spreiding_table(result: Woonzorganalyse) -> Table:
    s = result.spreiding
    chosen = s[s["verdeelsleutel"] == result.verdeelsleutel].reset_index(drop=True)
    frame = pd.DataFrame({"Gemeente": chosen["gemeente"],
                          "Huidige bijdrage (eigen vraag)": [_n(v) for v in chosen["huidige_bijdrage"]]})
    for sid, key in VERDEELSLEUTELS.items():
        block = s[s["verdeelsleutel"] == sid].set_index("gemeentecode")
        frame[f"Eerlijk aandeel {key.naam}"] = [_n(block.at[c, "eerlijk_aandeel"]) for c in chosen["gemeentecode"]]
    frame[f"Verschil ({VERDEELSLEUTELS[result.verdeelsleutel].naam})"] = [
        "0" if abs(v) < 0.5 else ("+" if v > 0 else "") + _n(v) for v in chosen["verschil"]]
    e = result.evenredigheid.set_index("verdeelsleutel")
    totals = {"Gemeente": f"Totaal {result.regio.naam}",
              "Huidige bijdrage (eigen vraag)": _n(chosen["huidige_bijdrage"].sum())}
    for sid, key in VERDEELSLEUTELS.items():
        totals[f"Eerlijk aandeel {key.naam}"] = _n(s[s["verdeelsleutel"] == sid]["eerlijk_aandeel"].sum())
    totals[f"Verschil ({VERDEELSLEUTELS[result.verdeelsleutel].naam})"] = "0"
    return Table(
        frame,
        caption=(f"Eerlijk aandeel per gemeente onder drie verdeelsleutels, {result.regio.naam} (woningen per jaar). "
                 "Evenredigheidsindex: " + "; ".join(f"{VERDEELSLEUTELS[k].naam} {_n(e.at[k, 'index'], 2)}"
                                                     for k in VERDEELSLEUTELS)),
        bron=_bron_analyse(result) + ". Verschil = huidige bijdrage − eerlijk aandeel; positief: meer dan het eerlijke aandeel",
        totals=totals,
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def spreiding_chart(result: Woonzorganalyse) -> charts.Chart:
    s = result.spreiding
    chosen = s[s["verdeelsleutel"] == result.verdeelsleutel].sort_values("verschil", ascending=False)
    key = VERDEELSLEUTELS[result.verdeelsleutel]
    meer = chosen[chosen["verschil"] > 0]
    return charts.diverging_bars(
        chosen["gemeente"].tolist(), chosen["verschil"].tolist(),
        title=f"Verschil met het eerlijke aandeel ({key.naam}), {result.regio.naam}",
        xlabel="woningen per jaar: huidige bijdrage min eerlijk aandeel",
        bron=_bron_analyse(result),
        positive_label="draagt meer dan eerlijk aandeel", negative_label="draagt minder dan eerlijk aandeel",
        alt=(f"Staafdiagram met per gemeente van {result.regio.naam} het verschil tussen de eigen vraag en het "
             f"eerlijke aandeel {key.naam}. {len(meer)} gemeenten dragen meer dan hun eerlijke aandeel, "
             f"het meest {chosen['gemeente'].iloc[0]} ({'+' if chosen['verschil'].iloc[0] > 0 else ''}"
             f"{_n(chosen['verschil'].iloc[0])} woningen per jaar); {chosen['gemeente'].iloc[-1]} draagt het "
             f"minst ({_n(chosen['verschil'].iloc[-1])}). De evenredigheidsindex is {_n(result.index, 2)}."),
    )


def prognose_table(result: Woonzorganalyse) -> Table:
    p = result.prognose_regio
    frame = pd.DataFrame({
        "Jaar": p["jaar"].astype(str),
        "Vraag": [_n(v) for v in p["vraag"]],
        "Beschikbaar aanbod": [_n(v) for v in p["aanbod"]],
        "Vraag opgeteld": [_n(v) for v in p["cumulatief_vraag"]],
        "Aanbod opgeteld": [_n(v) for v in p["cumulatief_aanbod"]],
        "Tekort opgeteld": [_n(v) for v in p["tekort"]],
    })
    return Table(
        frame,
        caption=(f"Prognose {result.peiljaar}–{result.doeljaar}, {result.regio.naam} (woningen; groei van de vraag "
                 f"{_pct(result.groei_vraag, 1)} per jaar, plafond {_pct(result.plafond_aandeel)}, mutatiegraad "
                 f"{_pct(result.mutatiegraad, 1)}). Negatief tekort = overschot"),
        bron=_bron_analyse(result),
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def prognose_chart(result: Woonzorganalyse) -> charts.Chart:
    p = result.prognose_regio
    tekort = float(p["tekort"].iloc[-1])
    return charts.line_chart(
        p["jaar"].tolist(),
        {"vraag van aandachtsgroepen, opgeteld": p["cumulatief_vraag"].tolist(),
         "beschikbaar aanbod, opgeteld": p["cumulatief_aanbod"].tolist()},
        title=f"Vraag en beschikbaar aanbod opgeteld tot {result.doeljaar}, {result.regio.naam}",
        xlabel="jaar", ylabel="woningen (opgeteld)",
        bron=_bron_analyse(result),
        alt=(f"Lijndiagram van {result.peiljaar} tot en met {result.doeljaar} voor {result.regio.naam}: de opgetelde "
             f"vraag van aandachtsgroepen loopt op tot ongeveer {_n(p['cumulatief_vraag'].iloc[-1])} woningen, het "
             f"opgetelde beschikbare aanbod tot ongeveer {_n(p['cumulatief_aanbod'].iloc[-1])}. In {result.doeljaar} "
             f"is er opgeteld een {'tekort' if tekort > 0 else 'overschot'} van ongeveer {_n(abs(tekort))} woningen."),
    )


def bevindingen(result: Woonzorganalyse) -> list[str]:
    """Key findings in plain Dutch, written from the numbers (not canned text)."""
    k = result.kerncijfers()
    v = result.vraag.groupby("groep")["vraag"].sum()
    totaal = float(v.sum())
    grootste = v.idxmax()
    d = result.druk
    boven = d[d["boven_plafond"]].sort_values("druk", ascending=False)
    s = result.spreiding[result.spreiding["verdeelsleutel"] == result.verdeelsleutel]
    e = result.evenredigheid.set_index("verdeelsleutel")["index"]
    out = [
        f"De aandachtsgroepen in {result.regio.naam} hebben naar schatting ongeveer {_n(totaal)} woningen per jaar "
        f"nodig. De grootste groep is {GROEP_NAMEN[grootste].lower()}: {_pct(v[grootste] / totaal)} van de vraag.",
        f"Er komen per jaar ongeveer {_n(k['aanbod_per_jaar'])} sociale huurwoningen vrij. De vraag is daarmee "
        f"{_pct(k['druk_regio'])} van het aanbod, {'boven' if k['druk_regio'] > result.plafond_aandeel else 'onder'} "
        f"het gekozen plafond van {_pct(result.plafond_aandeel)}.",
    ]
    if boven.empty:
        out.append("Geen enkele gemeente zit met haar eigen vraag boven het plafond.")
    else:
        namen = ", ".join(f"{r.gemeente} ({_pct(r.druk)})" for r in boven.head(3).itertuples())
        out.append(f"{len(boven)} van de {len(d)} gemeenten zitten boven het plafond; het hoogst zijn {namen}.")
    meer = s[s["verschil"] > 0.5].sort_values("verschil", ascending=False)
    if not meer.empty:
        out.append(
            f"{VERDEELSLEUTELS[result.verdeelsleutel].naam.capitalize()} draagt {meer['gemeente'].iloc[0]} nu het "
            f"meest boven haar eerlijke aandeel (+{_n(meer['verschil'].iloc[0])} woningen per jaar). Bij een "
            f"evenredige verdeling verschuiven er per jaar ongeveer "
            f"{_n(result.evenredigheid.set_index('verdeelsleutel').at[result.verdeelsleutel, 'te_herverdelen'])} "
            f"woningen tussen gemeenten.")
    beste = e.idxmax()
    out.append(
        f"De evenredigheidsindex is {_n(e[result.verdeelsleutel], 2)} {VERDEELSLEUTELS[result.verdeelsleutel].naam}; "
        f"de huidige verdeling ligt het dichtst bij de sleutel {VERDEELSLEUTELS[beste].naam} "
        f"({_n(e[beste], 2)}) en het verst van {VERDEELSLEUTELS[e.idxmin()].naam} ({_n(e.min(), 2)}).")
    tekort = k["tekort_doeljaar"]
    if tekort > 0:
        out.append(f"Als er niets verandert, loopt er tot en met {result.doeljaar} een tekort op van ongeveer "
                   f"{_n(tekort)} woningen voor aandachtsgroepen. Om dat te dichten moet het aandeel voor "
                   f"aandachtsgroepen naar ongeveer {_pct(result.prognose_regio['cumulatief_vraag'].iloc[-1] / (result.prognose_regio['cumulatief_aanbod'].iloc[-1] / result.plafond_aandeel))} "
                   f"of moet het aanbod groeien (nieuwbouw, doorstroming).")
    else:
        out.append(f"Met dit plafond is er tot en met {result.doeljaar} opgeteld ruimte voor ongeveer "
                   f"{_n(-tekort)} woningen meer dan de geschatte vraag; die ruimte is er alleen als de woningen "
                   f"ook in de gemeenten vrijkomen waar de vraag is.")
    return out


def bevindingen_html(result: Woonzorganalyse) -> HTML:
    items = "".join(f"<li>{html.escape(t)}</li>" for t in bevindingen(result))
    return HTML(f"<ul>{items}</ul><p class=\"wz-bron\">Alle cijfers zijn schattingen; zie de methode bij de vraag.</p>")


def aannames_html(result: Woonzorganalyse) -> HTML:
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(r.parameter)}</th><td class=\"num\">{_n(r.waarde, 2)}</td>"
        f"<td>{html.escape(r.eenheid)}</td><td>{'schatting' if r.schatting else 'waarneming'}</td>"
        f"<td>{html.escape(r.methode)}</td><td>{html.escape(r.bron)} ({html.escape(r.peildatum)})</td></tr>"
        for r in result.aannames.itertuples(index=False))
    return HTML('<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table"><caption>Aannames van de analyse '
                "(data/analyse-aannames.csv)</caption><thead><tr><th scope=\"col\">Aanname</th>"
                "<th scope=\"col\" class=\"num\">Waarde</th><th scope=\"col\">Eenheid</th><th scope=\"col\">Soort</th>"
                "<th scope=\"col\">Methode</th><th scope=\"col\">Bron</th></tr></thead>"
                f"<tbody>{rows}</tbody></table></div>")


def controle_html(result: Woonzorganalyse) -> HTML:
    """Observed half-year statushouders tasks against the rule, where both are known."""
    c = controle_statushouders(result)
    if c.empty:
        return HTML("<p>Voor deze regio staat geen gemeentelijke taakstelling per halfjaar in de waarnemingen "
                    "waarvoor ook de landelijke taakstelling bekend is; de rekenregel is daarom hier niet te "
                    "controleren.</p>")
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(r.gemeente)}</th><td>{html.escape(r.periode)}</td>"
        f"<td class=\"num\">{_n(r.waargenomen)}</td><td class=\"num\">{_n(r.volgens_regel, 1)}</td>"
        f"<td class=\"num\">{_n(r.verschil, 1)}</td></tr>" for r in c.itertuples(index=False))
    return HTML('<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table"><caption>Taakstelling statushouders: '
                "waargenomen tegen de rekenregel (landelijke taakstelling × aandeel inwoners)</caption><thead><tr>"
                '<th scope="col">Gemeente</th><th scope="col">Halfjaar</th><th scope="col" class="num">Waargenomen</th>'
                '<th scope="col" class="num">Volgens regel</th><th scope="col" class="num">Verschil</th></tr></thead>'
                f"<tbody>{rows}</tbody></table><p class=\"wz-bron\">Bron: waarnemingen.csv; landelijke-cijfers.csv; "
                "CBS, Kerncijfers wijken en buurten 2024 (inwoners). De regel gebruikt inwoners op 1 januari 2024; "
                "voor andere jaren wijkt de werkelijke verdeling daardoor iets af.</p></div>")


def waarnemingen_html(result: Woonzorganalyse) -> HTML:
    """Observed figures for the region's municipalities, as checks on the estimates."""
    w = result.waarnemingen
    if w.empty:
        return HTML("<p>Voor de gemeenten van deze regio staan geen waarnemingen in <code>waarnemingen.csv</code>. "
                    "Eigen cijfers van corporaties, de centrumgemeente of de woonruimteverdeling maken de schatting "
                    "beter.</p>")
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(str(r.gebied))}</th><td>{html.escape(str(r.indicator).replace('_', ' '))}</td>"
        f"<td class=\"num\">{_n(r.waarde, 0 if float(r.waarde).is_integer() else 1)}</td><td>{html.escape(str(r.eenheid))}</td>"
        f"<td>{html.escape(str(r.periode))}</td>"
        f"<td>{html.escape(str(r.opmerking)) if isinstance(r.opmerking, str) else ''}</td></tr>"
        for r in w.itertuples(index=False))
    return HTML('<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table"><caption>Waarnemingen uit openbare bronnen voor '
                f"gemeenten in {html.escape(result.regio.naam)} (ter controle van de schattingen)</caption><thead><tr>"
                "<th scope=\"col\">Gebied</th><th scope=\"col\">Cijfer</th><th scope=\"col\" class=\"num\">Waarde</th>"
                "<th scope=\"col\">Eenheid</th><th scope=\"col\">Periode</th><th scope=\"col\">Kanttekening</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>"
                "<p class=\"wz-bron\">Bron: waarnemingen.csv (de bronadressen staan in het bestand). Rijen met "
                "SECUNDAIR of PERIODE ONZEKER zijn onzeker.</p></div>")


def bronnen_html(result: Woonzorganalyse) -> HTML:
    b = result.grondslag.bronnen
    items = [
        f"Taakstelling statushouders {result.grondslag.taakstelling_jaar}: {b['taakstelling']}",
        f"Vrijgekomen corporatiewoningen: {b['vrijgekomen']}",
        f"Corporatiewoningen landelijk: {b['corporatiewoningen']}",
        f"Dakloosheid: {b['dakloos']}",
        f"Inwoners Nederland: {b['inwoners']}",
        f"Huishoudens Nederland: {b['huishoudens']}",
        "Inwoners, huishoudens en woningen per gemeente: CBS, Kerncijfers wijken en buurten 2024 (85984NED); "
        "corporatie-aandeel: allecijfers.nl op basis van CBS (zie gemeenten.csv)",
        "Regio-indeling: regio-indeling.csv",
    ] + [f"Aanname {p}: {b['aanname:' + p]}" for p in REQUIRED_AANNAMES]
    lis = "".join(f"<li>{html.escape(t)}</li>" for t in items)
    return HTML(f"<ul>{lis}</ul><p>Gekozen scenario: peiljaar {result.peiljaar}, doeljaar {result.doeljaar}, "
                f"verdeelsleutel {html.escape(VERDEELSLEUTELS[result.verdeelsleutel].naam)}, mutatiegraad "
                f"{_pct(result.mutatiegraad, 1)}, plafond {_pct(result.plafond_aandeel)}, groei van de vraag "
                f"{_pct(result.groei_vraag, 1)} per jaar.</p>")


def scenario_view(result: Woonzorganalyse) -> list[object]:
    """What the workbook's controls redraw: key figures, pressure, distribution and prognosis."""
    return [kerncijfers_html(result), druk_chart(result), spreiding_table(result), spreiding_chart(result),
            prognose_chart(result)]


def scenario_renderer(dataset: Dataset, start: Woonzorganalyse):
    """A render callback for the workbook controls: recompute the region under the chosen knobs.

    At the knobs' starting values it shows ``start`` itself, whose charts the notebook drew already.
    """

    def render(**knobs) -> list[object]:
        if knobs == {name: getattr(start, name) for name in knobs}:
            return scenario_view(start)
        return scenario_view(woonzorganalyse(dataset, start.regio.id, peiljaar=start.peiljaar,
                                             doeljaar=start.doeljaar, **knobs))

    return render


def scenario_knobs(result: Woonzorganalyse) -> dict[str, object]:
    """The scenario knobs for :func:`woonzorg.widgets.scenario_controls`, starting at the result's values."""
    from woonzorg import widgets

    return {
        "verdeelsleutel": widgets.Knob.dropdown(
            "Verdeelsleutel", {v.naam: k for k, v in VERDEELSLEUTELS.items()}, result.verdeelsleutel),
        "mutatiegraad": widgets.Knob.slider("Mutatiegraad", result.mutatiegraad, 0.02, 0.15, 0.005, percent=True),
        "plafond_aandeel": widgets.Knob.slider("Plafond aandachtsgroepen", result.plafond_aandeel, 0.05, 0.8, 0.01,
                                               percent=True),
        "groei_vraag": widgets.Knob.slider("Groei vraag per jaar", result.groei_vraag, -0.05, 0.10, 0.005,
                                           percent=True),
    }


# --------------------------------------------------------------------------------------------
# The learning circle's exercises and discussion questions (woonzorg.leerkring asks THEME for them)


def _eigen_mutatiegraad(landelijk: float) -> float:
    """A turnover clearly different from the national one, so the exercise's answer is in no table."""
    return 0.055 if abs(landelijk - 0.055) > 0.01 else 0.085


def _sleutelnaam(sleutel: str) -> str:
    return VERDEELSLEUTELS[sleutel].naam


def _eerlijk_aandeel_huishoudens(dataset: Dataset, regio: str) -> Opdracht:
    a = woonzorganalyse(dataset, regio)
    g = a.gemeenten.reset_index(drop=True)
    totaal = float(a.vraag["vraag"].sum())
    aandeel_hh = g["huishoudens"] / g["huishoudens"].sum()
    per_sleutel = {k: a.spreiding[a.spreiding["verdeelsleutel"] == k].set_index("gemeentecode")["eerlijk_aandeel"]
                   for k in VERDEELSLEUTELS}
    # the municipality where the household key differs most from the key in the table everyone knows
    verschil = (aandeel_hh * totaal - g["gemeentecode"].map(per_sleutel["inwoners"])).abs()
    x = row_with_highest(g, verschil)
    antwoord = totaal * float(aandeel_hh[x.name])
    eigen = float(vraag_per_gemeente(a.vraag).set_index("gemeentecode").at[x.gemeentecode, "vraag"])
    return maak_opdracht(
        thema="woonzorganalyse", id="eerlijk-aandeel-huishoudens", titel="Een vierde verdeelsleutel",
        vraag=(f"De tabel 'Eerlijk aandeel per gemeente' rekent met drie verdeelsleutels. Stel dat de regio de "
               f"vraag van aandachtsgroepen verdeelt naar het aantal huishoudens. Wat is dan het eerlijke aandeel van "
               f"{x.gemeente}, in woningen per jaar? Gebruik de regionale vraag (totaal van de tabel 'Jaarlijkse "
               "woningvraag') en de huishoudens uit het regioprofiel; geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=tolerantie(antwoord, 0.3, 0.005),
        uitleg=(f"Regionale vraag {dutch.number(totaal)} woningen per jaar × het aandeel van {x.gemeente} in de huishoudens van "
                f"de regio ({dutch.number(x.huishoudens)} van {dutch.number(g['huishoudens'].sum())} = {dutch.percent(aandeel_hh[x.name], 1)}) "
                f"= {dutch.number(antwoord, 1)} woningen per jaar."),
        hint="Eerlijk aandeel = regionale vraag × (huishoudens van de gemeente / huishoudens van de regio).",
        denkfouten=[
            Denkfout(float(per_sleutel["inwoners"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar inwoners; dat staat al in de tabel. Reken met het aandeel "
                     "in de huishoudens."),
            Denkfout(float(per_sleutel["corporatiewoningen"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar sociale huurvoorraad. Reken met het aandeel in de huishoudens."),
            Denkfout(float(per_sleutel["vrijkomend"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar vrijkomend aanbod. Reken met het aandeel in de huishoudens."),
            Denkfout(eigen, f"dat is de vraag die in {x.gemeente} zelf ontstaat (de huidige bijdrage), niet haar "
                            "eerlijke aandeel van de regionale vraag."),
            Denkfout(totaal / len(g), "u verdeelde de vraag gelijk over alle gemeenten. Een verdeelsleutel weegt "
                                      "naar de omvang van elke gemeente."),
            Denkfout(100 * float(aandeel_hh[x.name]), "dat is het aandeel van de gemeente in de huishoudens (in "
                                                      "procenten). Vermenigvuldig dat aandeel met de regionale vraag."),
        ],
    )


def _vrijkomend_aanbod(dataset: Dataset, regio: str) -> Opdracht:
    a = woonzorganalyse(dataset, regio)
    basis = gemeenten_basis(dataset, regio)
    mg = _eigen_mutatiegraad(a.mutatiegraad)
    eigen = aanbod(basis, mutatiegraad=mg)
    y = row_with_highest(eigen, eigen["corporatiewoningen"])
    antwoord = float(y.vrijkomend)
    woningen = float(regions.region_municipalities(dataset, regio).set_index("gemeentecode")
                     .at[y.gemeentecode, "woningvoorraad"])
    landelijk = float(a.aanbod.set_index("gemeentecode").at[y.gemeentecode, "vrijkomend"])
    procent = dutch.number(100 * mg, 1)
    return maak_opdracht(
        thema="woonzorganalyse", id="vrijkomend-aanbod", titel="Een eigen mutatiegraad",
        vraag=(f"De corporaties in {y.gemeente} melden dat er per jaar {procent}% van hun woningen vrijkomt (de "
               f"mutatiegraad). Hoeveel sociale huurwoningen komen er dan per jaar vrij in {y.gemeente}, zonder "
               "nieuwbouw? Geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=tolerantie(antwoord, 0.15, 0.002),
        uitleg=(f"{dutch.number(y.corporatiewoningen)} corporatiewoningen × {procent}% = {dutch.number(antwoord, 1)} vrijkomende "
                "woningen per jaar."),
        hint="Vrijkomend aanbod = corporatiewoningen van de gemeente × de mutatiegraad (als deel, dus 5% = 0,05).",
        denkfouten=[
            Denkfout(landelijk, f"u rekende met de landelijke mutatiegraad ({dutch.percent(a.mutatiegraad, 1)}) uit de tabel "
                                f"'Vrijkomende sociale huurwoningen'. Gebruik de {procent}% van de corporaties."),
            Denkfout(woningen * mg, "u nam alle woningen van de gemeente. Alleen corporatiewoningen (de sociale "
                                    "huurvoorraad) komen vrij voor aandachtsgroepen."),
            Denkfout(antwoord * 100, f"u rekende met {procent} in plaats van {procent}% (= {dutch.number(mg, 3)})."),
            Denkfout(antwoord * a.plafond_aandeel, "u nam alleen het deel onder het plafond voor aandachtsgroepen. "
                                                   "De vraag gaat over alle woningen die vrijkomen."),
        ],
    )


def _vragen_woonzorganalyse(dataset: Dataset, regio: str) -> list[str]:
    a = woonzorganalyse(dataset, regio)
    k = a.kerncijfers()
    s = a.spreiding[a.spreiding["verdeelsleutel"] == a.verdeelsleutel].sort_values("verschil", ascending=False)
    top = s.iloc[0]
    e = a.evenredigheid.set_index("verdeelsleutel")["index"]
    tekort = k["tekort_doeljaar"]
    return [
        f"De geschatte vraag is ongeveer {dutch.number(k['vraag_per_jaar'])} woningen per jaar, tegen {dutch.number(k['aanbod_per_jaar'])} "
        f"vrijkomende sociale huurwoningen ({dutch.percent(k['druk_regio'])} van het aanbod). Herkent u dat beeld? Welke eigen "
        "cijfers zijn beter?",
        f"Bij de verdeling {_sleutelnaam(a.verdeelsleutel)} draagt {top.gemeente} nu {dutch.number(top.verschil)} "
        "woningen per jaar meer dan haar eerlijke aandeel. "
        "Welke verdeelsleutel vindt u eerlijk, en wat vraagt die van de andere gemeenten?",
        f"De huidige verdeling ligt het dichtst bij de sleutel {_sleutelnaam(e.idxmax())} (index "
        f"{dutch.number(e.max(), 2)}). Is dat toeval of beleid?",
        (f"Als er niets verandert, loopt tot en met {a.doeljaar} een tekort op van ongeveer {dutch.number(tekort)} woningen. "
         "Wat dicht dat gat: een hoger plafond, nieuwbouw, doorstroming of andere woonvormen?") if tekort > 0 else
        (f"Met het huidige plafond is er tot en met {a.doeljaar} ruimte voor ongeveer {dutch.number(-tekort)} woningen meer dan "
         "de geschatte vraag. Komen die woningen vrij waar de vraag is?"),
        f"Het plafond staat op {dutch.percent(a.plafond_aandeel)} van het vrijkomende aanbod. Welk deel mag naar "
        "aandachtsgroepen zonder dat andere woningzoekenden of de leefbaarheid in de knel komen?",
    ]


def _bodronde(dataset: Dataset, regio: str) -> Keuze:
    """A judgement on the region's fair shares: a municipality bids its share under the key that suits it best."""
    a = woonzorganalyse(dataset, regio)
    aandeel = a.spreiding.pivot_table(index="gemeente", columns="verdeelsleutel", values="eerlijk_aandeel")
    spanne = aandeel.max(axis=1) - aandeel.min(axis=1)
    gemeente = str(spanne.astype(float).idxmax())
    laag_sleutel, hoog_sleutel = aandeel.loc[gemeente].idxmin(), aandeel.loc[gemeente].idxmax()
    laag, hoog = float(aandeel.at[gemeente, laag_sleutel]), float(aandeel.at[gemeente, hoog_sleutel])
    totaal = float(a.vraag["vraag"].sum())
    som_gunstigst = float(aandeel.min(axis=1).sum())
    return Keuze(
        thema="woonzorganalyse", id="bodronde", titel="De bod-ronde: welk bod houdt stand?",
        vraag=(f"In een bod-ronde (zoals in Haaglanden) doet elke gemeente een bod aan de regio. {gemeente} biedt "
               f"{dutch.number(laag, 1)} woningen per jaar voor aandachtsgroepen: haar eerlijk aandeel "
               f"{VERDEELSLEUTELS[laag_sleutel].naam}. {VERDEELSLEUTELS[hoog_sleutel].naam.capitalize()} zou het "
               f"{dutch.number(hoog, 1)} zijn. Wat is de best te verdedigen reactie van de regio?"),
        opties=(
            Optie("Akkoord: elke verdeelsleutel is verdedigbaar, dus elke gemeente mag de sleutel kiezen die haar "
                  "het best uitkomt.", False,
                  f"als elke gemeente haar gunstigste sleutel kiest, bieden de gemeenten van {a.regio.naam} samen "
                  f"{dutch.number(som_gunstigst)} woningen per jaar, terwijl de regionale vraag ongeveer "
                  f"{dutch.number(totaal)} is. Biedingen tellen alleen op tot de vraag als ze aan dezelfde "
                  "sleutel worden gemeten."),
            Optie("De regio kiest eerst samen één verdeelsleutel, met een reden (draagkracht: inwoners; bestaande "
                  "sociale voorraad: corporatiewoningen), en toetst elk bod daaraan.", True,
                  "met één sleutel tellen de eerlijke aandelen op tot de regionale vraag, en is een bod "
                  "vergelijkbaar: wie eronder biedt, legt uit hoe hij het verschil anders invult (nieuwbouw, "
                  "andere woonvormen, een ruil met een buurgemeente). De keuze van de sleutel is een bestuurlijke "
                  "afweging; leg de reden vast."),
            Optie(f"Het bod van {gemeente} moet gelijk zijn aan de vraag die in de gemeente zelf ontstaat.", False,
                  "dat is de huidige bijdrage, geen eerlijk aandeel. Dan blijft de verdeling zoals ze nu is, en "
                  "draagt de gemeente die nu al veel huisvest (vaak de centrumgemeente) ook in de toekomst het meest."),
            Optie("Elke gemeente neemt een gelijk deel: de regionale vraag gedeeld door het aantal gemeenten.", False,
                  "een gelijk deel weegt niet naar de omvang: een kleine gemeente zou evenveel woningen moeten leveren "
                  "als de grootste. Een verdeelsleutel weegt naar inwoners, voorraad of vrijkomend aanbod."),
        ),
        uitleg=(f"{gemeente} verschilt het meest tussen de sleutels ({dutch.number(laag, 1)} tot {dutch.number(hoog, 1)} "
                "woningen per jaar). Bespreek welke sleutel de regio kiest en waarom; een bod onder het eerlijk "
                "aandeel is pas een bod met een plan voor het verschil."),
        hint="Tel de biedingen op: komen ze uit op de regionale vraag?",
    )


def _ontbrekende_gegevens(dataset: Dataset, regio: str) -> Keuze:
    """A judgement on missing data: where does a better figure for homelessness come from?"""
    a = woonzorganalyse(dataset, regio)
    region = regions.get_region(dataset, regio)
    namen = a.gemeenten.set_index("gemeentecode")["gemeente"]
    centrum = ", ".join(str(namen.get(code, code)) for code in region.centrumgemeenten) or "de centrumgemeente"
    return Keuze(
        thema="woonzorganalyse", id="ontbrekende-gegevens", titel="Wie heeft het betere cijfer?",
        vraag=(f"De vraag van dak- en thuislozen in {region.naam} is een ruwe schatting uit een landelijk cijfer. "
               "Wie vraagt de leerkring om een beter, waargenomen cijfer voor de volgende sessie?"),
        opties=(
            Optie(f"De centrumgemeente maatschappelijke opvang en beschermd wonen ({centrum}): die registreert "
                  "aanmeldingen en wie in de opvang verblijft, voor de hele centrumregio.", True,
                  "dakloosheid wordt geregistreerd waar de opvang geregeld is: bij de centrumgemeente, op het niveau "
                  "van de centrumregio. Gebruik het cijfer op dat niveau en verdeel het niet zonder reden over "
                  "gemeenten."),
            Optie("De corporaties: zij weten hoeveel woningen ze vorig jaar aan dak- en thuislozen toewezen.", False,
                  "toewijzingen zeggen wat er aangeboden is, niet hoeveel mensen een woning nodig hebben. Wie de "
                  "vraag afleidt uit toewijzingen, vindt altijd dat vraag en aanbod kloppen."),
            Optie("Elke gemeente telt zelf; het landelijke cijfer verdelen we intussen naar inwoners.", False,
                  "het landelijke cijfer mag volgens de bron niet over gemeenten worden verdeeld, en dakloosheid "
                  "concentreert zich waar de opvang is. Een verdeling naar inwoners geeft een schijnnauwkeurigheid."),
        ),
        uitleg=("Vraag is iets anders dan toewijzing; cijfers horen op het niveau waar ze worden geregistreerd "
                "(centrumregio voor dakloosheid, beschermd wonen en maatschappelijke opvang)."),
        hint="Waar wordt dakloosheid geregistreerd, en op welk niveau?",
    )


# --------------------------------------------------------------------------------------------
# The theme's declaration (see woonzorg.themes)

THEME = Theme(
    name="woonzorganalyse",
    title="Woonzorganalyse",
    package=__name__,
    exercises=(_eerlijk_aandeel_huishoudens, _vrijkomend_aanbod, _bodronde, _ontbrekende_gegevens),
    questions=_vragen_woonzorganalyse,
    tables=(AANNAMES, VRAAG_WAARNEMINGEN, NIEUWBOUW),
    checks=(_check_tables,),
    key_figures={
        "vraag_per_jaar": KeyFigure("woningen per jaar nodig voor aandachtsgroepen (schatting)"),
        "aanbod_per_jaar": KeyFigure("vrijkomende sociale huurwoningen per jaar (schatting)"),
        "beschikbaar_per_jaar": KeyFigure("daarvan beschikbaar binnen het plafond"),
        "druk_regio": KeyFigure("druk: vraag als deel van het aanbod", "procent"),
        "tekort_doeljaar": KeyFigure("tekort tot het doeljaar (schatting; negatief = ruimte)"),
        "evenredigheidsindex": KeyFigure("evenredigheidsindex (0–1, 1 = evenredig)", "decimaal"),
        "verdeelsleutel": KeyFigure("verdeelsleutel", "tekst"),
        "mutatiegraad": KeyFigure("mutatiegraad", "procent"),
        "plafond_aandeel": KeyFigure("plafond voor aandachtsgroepen", "procent"),
        "peiljaar": KeyFigure("peiljaar", "jaar"),
        "doeljaar": KeyFigure("doeljaar", "jaar"),
    },
    headline_figures=("vraag_per_jaar", "tekort_doeljaar", "evenredigheidsindex"),
)
