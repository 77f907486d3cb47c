"""The woonzorganalyse's calculations: vraag, aanbod, druk, spreiding, evenredigheid and prognose (pure pandas, no HTML).

The computing functions take frames and numbers so they can be tested on a three-municipality
region; :func:`woonzorganalyse` ties them together for one region of a dataset.
Units: need and supply are in homes per year (``woningen per jaar``); ``personen`` are persons.
Every estimated figure carries ``status`` (``schatting`` or ``waarneming``) and its ``methode``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from woonzorg import regions
from woonzorg.data import Dataset
from woonzorg.dutch import number
from woonzorg.memo import per_object
from woonzorg.analyse.grondslag import Grondslag, grondslag

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
            methode=(f"landelijke taakstelling {nl.taakstelling_jaar} ({number(nl.taakstelling_personen)} "
                     f"personen) × aandeel inwoners, gedeeld door "
                     f"{number(nl.personen_per_woning_statushouders, 1)} personen per woning"),
            bron=nl.bronnen.get("taakstelling", ""),
        ))

    for r in g.itertuples(index=False):
        rows.append(dict(
            gemeentecode=r.gemeentecode, gemeente=r.gemeente, groep="urgenten", personen=float("nan"),
            vraag=r.huishoudens * nl.urgenten_per_huishouden, status="schatting",
            methode=(f"huishoudens × landelijke verhuringen aan urgenten per huishouden "
                     f"({number(100 * nl.aandeel_urgenten)}% van "
                     f"{number(nl.vrijgekomen_nl)} vrijgekomen corporatiewoningen, "
                     f"gedeeld door {number(nl.huishoudens_nl)} huishoudens)"),
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
            methode=(f"ruwe schatting: landelijk {number(nl.dakloze_personen_nl)} dakloze personen "
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
