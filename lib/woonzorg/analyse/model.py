"""The woonzorganalyse's calculations: vraag, aanbod, druk, spreiding, evenredigheid, controle and prognose (pure pandas).

Demand per group comes from :mod:`.vraagcijfers` (observed, estimated or onbekend, never from
allocation), supply from :mod:`.aanbod` (observed lettings, else stock × a mutatiegraad range), the
checks against observation from :mod:`.controle`, the fair shares from :mod:`.verdeling` and the
region's totals as figures from :mod:`.totalen`. This module turns demand into homes per year
per municipality for the pressure, the fair shares and the prognosis, and ties all steps together
for one region (:func:`woonzorganalyse`). Units: homes per year (``woningen per jaar``) unless a
column says ``personen``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from woonzorg import clock, regions
from woonzorg.data import Dataset
from woonzorg.figures import Figure, Totaal
from woonzorg.memo import per_object
from woonzorg.analyse import controle as checks
from woonzorg.analyse import vraagcijfers as demand
from woonzorg.analyse.aanbod import aanbod, implied_mutatiegraden, lettings, mutatiegraad_range
from woonzorg.analyse.grondslag import Grondslag, grondslag
from woonzorg.analyse.verdeling import (HUISVESTING_INDICATOR, VERDEELSLEUTELS, Verdeelsleutel,  # noqa: F401
                                        bijdrage, evenredigheid, observed_contribution, spreiding)
from woonzorg.analyse.vraagcijfers import houders_per_groep
from woonzorg.analyse.aanbod import regional_rate
from woonzorg.analyse import totalen

# the evenness index needs observed contributions of municipalities with at least this share of the inhabitants
DEKKING_EVENREDIGHEID = 0.8

GROEP_NAMEN = {
    "statushouders": "Statushouders",
    "urgenten": "Urgenten",
    "uitstroom": "Uitstroom uit instellingen",
    "dakthuisloos": "Dak- en thuislozen",
    "arbeidsmigranten": "Arbeidsmigranten",
    "studenten": "Studenten",
    "woonwagenbewoners": "Woonwagenbewoners",
    "ouderen": "Ouderen met een zorgbehoefte",
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
        "inwoners_65plus": g["inwoners_65plus"].astype(float) if "inwoners_65plus" in g else float("nan"),
    })


def vraag(cijfers: pd.DataFrame, grondslag: Grondslag, *, peiljaar: int, doeljaar: int,
          dekking: pd.DataFrame | None = None) -> pd.DataFrame:
    """Yearly need in homes per municipality and group, from the demand figures (:func:`.vraagcijfers.vraag_cijfers`).

    Per row counted in the region's total: instroom per year plus achterstand spread evenly over
    the years peiljaar..doeljaar. Persons become homes: statushouders divided by the persons per
    home, other persons one home each (``woningen_per_dakloze``). A centrumregio's figure sits with
    its centrumgemeente; a region-level figure has no municipality (``gemeentecode`` empty).
    ``regiobreed``: the row's group and grootheid are known for every municipality of the region
    (``dekking`` from :func:`.totalen.dekking`): only such demand is shared out by a verdeelsleutel; a
    figure of some municipalities stays theirs. Returns gemeentecode, gemeente, groep, grootheid,
    personen, vraag, laag, hoog, status, methode, bron, regiobreed.
    """
    if doeljaar < peiljaar:
        raise ValueError(f"doeljaar {doeljaar} ligt voor peiljaar {peiljaar}")
    jaren = doeljaar - peiljaar + 1
    rows = cijfers[cijfers["in_totaal"] & (cijfers["status"] != "onbekend")]
    out = []
    for r in rows.itertuples(index=False):
        eenheid = str(r.eenheid).lower()
        if eenheid.startswith("woningen"):
            factor = 1.0
        elif r.groep == "statushouders":
            factor = 1 / grondslag.personen_per_woning_statushouders
        else:
            factor = grondslag.woningen_per_dakloze
        if r.grootheid == "achterstand":
            factor /= jaren
        midden = r.waarde if pd.notna(r.waarde) else (r.laag + r.hoog) / 2
        code = r.gemeentecode or (r.gebiedscode if r.niveau == "centrumregio" else "")
        out.append(dict(gemeentecode=code, gemeente=r.gemeente, groep=r.groep, grootheid=r.grootheid,
                        personen=float(midden) if eenheid.startswith("personen") else float("nan"),
                        vraag=float(midden) * factor, laag=float(r.laag) * factor, hoog=float(r.hoog) * factor,
                        status=r.status, methode=r.methode, bron=r.bron))
    columns = ["gemeentecode", "gemeente", "groep", "grootheid", "personen", "vraag", "laag", "hoog", "status",
               "methode", "bron"]
    frame = pd.DataFrame(out, columns=columns)
    whole = set() if dekking is None else {(g, q) for g, q, r in zip(dekking["groep"], dekking["grootheid"],
                                                                    dekking["regiobreed"]) if r}
    frame["regiobreed"] = [(g, q) in whole for g, q in zip(frame["groep"], frame["grootheid"])]
    return frame


def vraag_per_gemeente(vraag_frame: pd.DataFrame) -> pd.DataFrame:
    """Total need per municipality (all groups), in the order of first appearance; region-level rows left out."""
    rows = vraag_frame[vraag_frame["gemeentecode"].astype(str) != ""]
    return rows.groupby(["gemeentecode"], sort=False, as_index=False)["vraag"].sum()


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
    if "laag" in vraag_frame and "vrijkomend_hoog" in aanbod_frame:  # only where the intervals say so
        rows = vraag_frame[vraag_frame["gemeentecode"].astype(str) != ""]
        laag = out["gemeentecode"].map(rows.groupby("gemeentecode")["laag"].sum()).fillna(0.0)
        hoog_aanbod = out["gemeentecode"].map(aanbod_frame.set_index("gemeentecode")["vrijkomend_hoog"]
                                              + aanbod_frame.set_index("gemeentecode")["nieuwbouw"])
        out["boven_plafond"] = (laag > hoog_aanbod * plafond_aandeel).fillna(False).astype(bool)
    return out


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
    to spare; the central values of the known figures only — headlines use :mod:`.totalen`). ``vraag_lokaal``
    is the part of a municipality's own need that is not known region-wide (it is not shared out).
    Returns jaar, gemeentecode, gemeente, vraag, vraag_lokaal, aanbod, cumulatief_vraag, cumulatief_aanbod, tekort.
    """
    if doeljaar < peiljaar:
        raise ValueError(f"doeljaar {doeljaar} ligt voor peiljaar {peiljaar}")
    basis = vraag_per_gemeente(vraag_frame).set_index("gemeentecode")["vraag"]
    local = vraag_frame[~vraag_frame["regiobreed"]] if "regiobreed" in vraag_frame else vraag_frame.iloc[0:0]
    lokaal = vraag_per_gemeente(local).set_index("gemeentecode")["vraag"] if len(local) else pd.Series(dtype=float)
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
            "vraag_lokaal": a["gemeentecode"].map(lokaal).fillna(0.0).astype(float) * factor,
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
    """The full analysis of one region under one scenario (read-only once made)."""

    regio: regions.Region
    peiljaar: int
    doeljaar: int
    verdeelsleutel: str
    mutatiegraad: float
    mutatiegraad_laag: float
    mutatiegraad_hoog: float
    plafond_aandeel: float
    groei_vraag: float
    grondslag: Grondslag
    groepen: tuple[str, ...]  # every group of aandachtsgroepen.csv, in its order
    groep_namen: dict[str, str]
    centrumregios: pd.DataFrame  # centrumgemeente_code, centrumgemeente, gemeenten (of this region)
    cijfers: pd.DataFrame  # every demand figure: vraag.CIJFER_KOLOMMEN + internals
    gemeenten: pd.DataFrame  # bases + aanbod per municipality
    vraag: pd.DataFrame  # homes per year per municipality and group
    aanbod: pd.DataFrame
    waargenomen_aanbod: pd.DataFrame  # observed lettings of this region (all levels)
    druk: pd.DataFrame
    spreiding: pd.DataFrame
    bijdrage: pd.DataFrame  # observed contribution vs fair share (may be empty)
    bijdrage_bron: str  # what the contribution is: indicator and period, or ""
    evenredigheid: pd.DataFrame
    prognose: pd.DataFrame
    controles: pd.DataFrame
    aannames: pd.DataFrame
    waarnemingen: pd.DataFrame  # every observation that belongs to the region (catalogued)
    dekking: pd.DataFrame  # per group and grootheid: share of inhabitants covered, regiobreed
    bijdrage_dekking: float  # share of the inhabitants whose municipalities' contribution is observed
    nieuwbouw: pd.DataFrame | None  # sourced planned social new build of the region (or None)
    houders: pd.DataFrame  # per group: who holds the figures asked for it, and the public table that gives them
    mutatiegraad_uitleg: str  # where the central mutatiegraad comes from

    @property
    def gemeenten_65plus(self) -> float:
        """Inhabitants of 65 and older (context for the ouderen group, never its demand)."""
        return float(self.gemeenten["inwoners_65plus"].sum()) if "inwoners_65plus" in self.gemeenten else float("nan")

    @property
    def jaren(self) -> int:
        return self.doeljaar - self.peiljaar + 1

    @property
    def prognose_regio(self) -> pd.DataFrame:
        return prognose_regio(self.prognose)

    @property
    def index(self) -> float:
        """The evenness index under the chosen verdeelsleutel; NaN without observed contributions of ≥ 80% of inhabitants."""
        if self.bijdrage_dekking < DEKKING_EVENREDIGHEID:
            return float("nan")
        e = self.evenredigheid.set_index("verdeelsleutel")
        return float(e.at[self.verdeelsleutel, "index"]) if self.verdeelsleutel in e.index else float("nan")

    @per_object
    def groep_figuren(self) -> dict[str, Figure]:
        """Per group its yearly need in homes as a figure (known, partly known or onbekend)."""
        return totalen.groep_figuren(self.vraag, self.dekking, self.groepen, self.groep_namen)

    def vraag_totaal(self) -> Totaal:
        """The region's yearly need over all groups with its completeness (the headline)."""
        return totalen.vraag_totaal(self.groep_figuren())

    def beschikbaar(self, jaar: int | None = None) -> Figure:
        """Homes per year available to aandachtsgroepen in a year (vacancies + new build) × plafond."""
        return totalen.beschikbaar_figuur(self.aanbod, self.nieuwbouw, self.peiljaar if jaar is None else jaar,
                                          self.plafond_aandeel, self.nieuwbouw_afspraak())

    @per_object
    def nieuwbouw_afspraak(self) -> Figure | None:
        """The region's sourced agreement on social new build (homes per year), read once."""
        return totalen.nieuwbouw_afspraak(self.waarnemingen, self.regio.id)

    def groeifactoren(self) -> list[float]:
        return [(1 + self.groei_vraag) ** (j - self.peiljaar) for j in range(self.peiljaar, self.doeljaar + 1)]

    @per_object
    def tekort_per_jaar(self) -> list[Figure]:
        """Per year from the peiljaar: need minus available supply added up to that year (sign only where determined)."""
        need, factors = self.vraag_totaal().figuur, self.groeifactoren()
        supply = [self.beschikbaar(j) for j in range(self.peiljaar, self.doeljaar + 1)]
        return [totalen.tekort_figuur(need, supply[:i + 1], factors[:i + 1]) for i in range(len(supply))]

    def tekort(self) -> Figure:
        """Need minus available supply added up from the peiljaar to the doeljaar."""
        return self.tekort_per_jaar()[-1]

    @per_object(copy=True)  # the page, its summary, the key figures and the exercises each ask for it
    def inventaris(self) -> pd.DataFrame:
        return demand.inventaris(self.cijfers, self.groepen)

    def totaal(self, groep: str, grootheid: str) -> tuple[float, float, float] | None:
        return demand.totaal(self.cijfers, groep, grootheid)

    @per_object(copy=True)
    def kerncijfers(self) -> dict[str, object]:
        """Key figures for the site index and the page: numbers for code, ranges with status as text."""
        from woonzorg.analyse.views import kerncijfers_tekst  # the texts are views; the numbers are here

        from woonzorg.figures import getal, verschil_tekst

        totaal = self.vraag_totaal()
        aanbod_totaal = float(self.aanbod["vrijkomend"].sum())
        figures: dict[str, object] = {
            "gemeenten": len(self.gemeenten),
            "vraag_per_jaar": totaal.kort("woningen per jaar"),
            "groepen_meegeteld": f"{len(totaal.figuur.meegeteld)} van {totaal.delen}",
            "vraag_volledig": totaal.figuur.volledig,
            "aanbod_per_jaar": getal(totalen.vrijkomend_figuur(self.aanbod), "woningen per jaar"),
            "beschikbaar_per_jaar": getal(self.beschikbaar(), "woningen per jaar"),
            "druk_regio": (round(totaal.figuur.laag / aanbod_totaal, 3) if aanbod_totaal else None),
            "tekort_doeljaar": verschil_tekst(self.tekort()),
            "evenredigheidsindex": None if self.index != self.index else round(self.index, 2),
            "verdeelsleutel": self.verdeelsleutel,
            "mutatiegraad": round(self.mutatiegraad, 4),
            "plafond_aandeel": round(self.plafond_aandeel, 3),
            "peiljaar": self.peiljaar,
            "doeljaar": self.doeljaar,
        }
        figures.update(kerncijfers_tekst(self))
        return figures


def woonzorganalyse(
    dataset: Dataset,
    regio: str,
    *,
    peiljaar: int | None = None,
    doeljaar: int = 2030,
    verdeelsleutel: str = "inwoners",
    mutatiegraad: float | None = None,
    plafond_aandeel: float | None = None,
    groei_vraag: float = 0.0,
) -> Woonzorganalyse:
    """Run every step for one region. ``None`` knobs take their default from ``data/``.

    The peiljaar is the build's (the year of the build date, :func:`woonzorg.clock.peiljaar`) unless
    given. The default mutatiegraad is the middle of its range (the national turnover and every rate
    implied by observed lettings), or the region's own observed rate where it has one; the default
    plafond is the observed average share of lettings with priority (NOS), a starting point, not a
    norm. Both are supply-side: no demand figure depends on them.
    """
    peiljaar = clock.peiljaar() if not peiljaar else int(peiljaar)
    if verdeelsleutel not in VERDEELSLEUTELS:
        raise ValueError(f"onbekende verdeelsleutel '{verdeelsleutel}'; kies uit {', '.join(VERDEELSLEUTELS)}")
    return _under_verdeelsleutel(dataset, regio, peiljaar, doeljaar, verdeelsleutel, mutatiegraad, plafond_aandeel,
                                 groei_vraag)


def _table(dataset: Dataset, name: str) -> pd.DataFrame | None:
    return dataset.tables.get(name)


def centrumregio_leden(dataset: Dataset) -> dict[str, set[str]]:
    """Per centrumgemeente the municipalities of its centrumregio (only memberships a source names)."""
    table = _table(dataset, "centrumregios")
    if table is None or table.empty:
        return {}
    return table.groupby("centrumgemeente_code")["gemeentecode"].agg(set).to_dict()


def centrumregios_of(dataset: Dataset, gemeentecodes: Iterable[str], regio: str | None = None) -> pd.DataFrame:
    """The centrumregio's the region's municipalities belong to: centrumgemeente_code, centrumgemeente, gemeenten, bron.

    From ``centrumregios.csv`` (sourced memberships); a municipality of the region marked
    centrumgemeente in ``regio-indeling.csv`` (``regio toevoegen --centrumgemeente``) without a sourced
    membership is a centrumregio too, with only itself as a known member, so its centrumregio's
    observed figures reach the region as they reach a koploper region.
    """
    table = _table(dataset, "centrumregios")
    columns = ["centrumgemeente_code", "centrumgemeente", "gemeenten", "bron"]
    codes = list(gemeentecodes)
    names = dataset.tables["gemeenten"].set_index("gemeentecode")["gemeente"]
    mine = table[table["gemeentecode"].isin(codes)] if table is not None and not table.empty else pd.DataFrame(
        columns=["gemeentecode", "centrumgemeente_code", "bron"])
    rows = [{"centrumgemeente_code": code, "centrumgemeente": names.get(code, code),
             "gemeenten": ", ".join(sorted(names.get(c, c) for c in block["gemeentecode"])),
             "bron": str(block["bron"].iloc[0]) if "bron" in block else ""}
            for code, block in mine.groupby("centrumgemeente_code", sort=True)]
    if regio is not None:
        known = {r["centrumgemeente_code"] for r in rows}
        indeling = dataset.tables.get("regio-indeling")
        if indeling is not None and "centrumgemeente" in indeling:
            marked = indeling[(indeling["regio"] == regio) & indeling["centrumgemeente"].fillna(False).astype(bool)]
            for code in marked["gemeentecode"]:
                if code not in known and code in codes:
                    rows.append({"centrumgemeente_code": code, "centrumgemeente": names.get(code, code),
                                 "gemeenten": names.get(code, code),
                                 "bron": "centrumgemeente volgens de indeling van de regio (regio-indeling)"})
    return pd.DataFrame(rows, columns=columns)


@per_object
def _under_verdeelsleutel(dataset: Dataset, regio: str, peiljaar: int, doeljaar: int, verdeelsleutel: str,
                          mutatiegraad: float | None, plafond_aandeel: float | None,
                          groei_vraag: float) -> Woonzorganalyse:
    """The scenario's analysis with ``verdeelsleutel`` chosen: one object per choice (so what is remembered on
    it, its charts say, stays with it), all sharing one computation. Every step computes each fair share
    under every verdeelsleutel; the choice only says which one the key figures and the text use (the
    woonzorgvisie compares two, the procesorganisatie shows one: the region's figures are computed once)."""
    scenario = _woonzorganalyse(dataset, regio, peiljaar, doeljaar, mutatiegraad, plafond_aandeel, groei_vraag)
    return dataclasses.replace(scenario, verdeelsleutel=verdeelsleutel)


@per_object
def _woonzorganalyse(dataset: Dataset, regio: str, peiljaar: int, doeljaar: int, mutatiegraad: float | None,
                     plafond_aandeel: float | None, groei_vraag: float) -> Woonzorganalyse:
    """Every step for one region and scenario, under the first verdeelsleutel (see :func:`_under_verdeelsleutel`)."""
    verdeelsleutel = next(iter(VERDEELSLEUTELS))
    region = regions.get_region(dataset, regio)
    nl = grondslag(dataset, peiljaar)
    basis = gemeenten_basis(dataset, regio)
    groepen_table = dataset["aandachtsgroepen"]
    groepen = tuple(groepen_table["groep"])
    namen = {g: GROEP_NAMEN.get(g, n) for g, n in zip(groepen_table["groep"], groepen_table["naam"])}
    centra = centrumregios_of(dataset, region.gemeentecodes, regio)
    leden = centrumregio_leden(dataset)
    all_obs = demand.catalogued(dataset["waarnemingen"], _table(dataset, "indicatoren"))
    provincies = sorted(set(dataset.gemeenten.set_index("gemeentecode").loc[list(region.gemeentecodes), "provincie"]))
    region_obs = demand.for_region(all_obs, regio, region.gemeentecodes, list(centra["centrumgemeente_code"]),
                                   provincies)
    cijfers = demand.vraag_cijfers(
        regio=regio, naam=region.naam, groepen=groepen, gemeenten=basis, observations=region_obs,
        centrumregio_namen=dict(zip(centra["centrumgemeente_code"], centra["centrumgemeente"])),
        eigen=dataset["analyse-vraag"], inwoners_nl=nl.inwoners_nl, halfjaren=nl.taakstelling_halfjaar,
        peiljaar=peiljaar, taakstelling_bron=nl.bronnen.get("taakstelling", ""))
    # supply: the national rate, and the lowest and highest rate implied by observed lettings anywhere in data/
    gemeenten_nl = dataset.gemeenten
    gemeenten_nl["corporatiewoningen"] = gemeenten_nl["corporatiewoningen"].astype(float)
    observed_lettings = lettings(all_obs)
    implied_all = implied_mutatiegraden(observed_lettings, gemeenten_nl,
                                        pd.Series(observed_lettings.index.isin(
                                            demand.current(observed_lettings, peiljaar).index),
                                            index=observed_lettings.index) if len(observed_lettings) else None)
    laag, hoog = mutatiegraad_range(nl.mutatiegraad, implied_all)
    eigen_graad, eigen_uitleg = regional_rate(demand.current(lettings(region_obs), peiljaar), regio, basis)
    if mutatiegraad is not None:
        gekozen, uitleg = float(mutatiegraad), "gekozen in het scenario"
    elif eigen_graad is not None:
        gekozen, uitleg = eigen_graad, eigen_uitleg
    else:
        gekozen, uitleg = (laag + hoog) / 2, "het midden van het bereik"
    plafond = nl.aandeel_voorrang if plafond_aandeel is None else float(plafond_aandeel)
    implied_here = implied_all[implied_all["gemeentecode"].isin(region.gemeentecodes)].reset_index(drop=True)
    nieuwbouw = dataset["analyse-nieuwbouw"]
    nieuwbouw = nieuwbouw[nieuwbouw["regio"] == regio] if not nieuwbouw.empty else None
    nieuwbouw = nieuwbouw if nieuwbouw is not None and not nieuwbouw.empty else None
    cover = totalen.dekking(cijfers, regio, basis, leden)
    v = vraag(cijfers, nl, peiljaar=peiljaar, doeljaar=doeljaar, dekking=cover)
    a = aanbod(basis, mutatiegraad=gekozen, nieuwbouw=nieuwbouw, jaar=peiljaar, mutatiegraad_laag=laag,
               mutatiegraad_hoog=hoog, waargenomen=implied_here)
    gemeenten = basis.merge(a[["gemeentecode", "vrijkomend", "nieuwbouw", "aanbod"]], on="gemeentecode")
    contribution, contribution_source = observed_contribution(region_obs)
    b = bijdrage(contribution, gemeenten)
    inwoners = basis.set_index("gemeentecode")["inwoners"]
    covered = float(inwoners[inwoners.index.isin(contribution["gemeentecode"])].sum() / inwoners.sum()) \
        if len(contribution) and inwoners.sum() > 0 else 0.0
    found = checks.controles(
        checks.lettings_checks(implied_here, nl.mutatiegraad)
        + checks.voorrang_checks(region_obs, nl.aandeel_voorrang)
        + checks.dakloos_checks(region_obs, _table(dataset, "centrumregios"), gemeenten_nl, nl.dakloze_personen_nl,
                                nl.inwoners_nl)
        + checks.taakstelling_checks(region_obs, gemeenten_nl, nl.taakstelling_halfjaar, nl.inwoners_nl))
    return Woonzorganalyse(
        regio=region, peiljaar=peiljaar, doeljaar=doeljaar, verdeelsleutel=verdeelsleutel,
        mutatiegraad=gekozen, mutatiegraad_laag=laag, mutatiegraad_hoog=hoog, plafond_aandeel=plafond,
        groei_vraag=groei_vraag, grondslag=nl, groepen=groepen, groep_namen=namen, centrumregios=centra,
        cijfers=cijfers, gemeenten=gemeenten, vraag=v, aanbod=a, waargenomen_aanbod=lettings(region_obs),
        druk=druk(v, a, plafond_aandeel=plafond), spreiding=spreiding(v, gemeenten), bijdrage=b,
        bijdrage_bron=contribution_source, evenredigheid=evenredigheid(b),
        prognose=prognose(v, a, peiljaar=peiljaar, doeljaar=doeljaar, plafond_aandeel=plafond,
                          groei_vraag=groei_vraag, nieuwbouw=nieuwbouw),
        controles=found, aannames=dataset["analyse-aannames"], waarnemingen=region_obs, dekking=cover,
        bijdrage_dekking=covered, nieuwbouw=nieuwbouw, mutatiegraad_uitleg=uitleg,
        houders=houders_per_groep(_table(dataset, "indicatoren"), groepen),
    )


def controle_statushouders(result: Woonzorganalyse) -> pd.DataFrame:
    """The rule against the region's published half-year tasks: gemeente, periode, waargenomen, volgens_regel, verschil."""
    c = result.controles
    c = c[c["onderwerp"] == "taakstelling statushouders"] if not c.empty else c
    return pd.DataFrame({"gemeente": c["gebied"], "periode": c["peildatum"], "waargenomen": c["waargenomen"],
                         "volgens_regel": c["model"], "verschil": c["waargenomen"] - c["model"]}).reset_index(drop=True)
