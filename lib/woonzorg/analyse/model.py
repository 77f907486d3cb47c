"""The woonzorganalyse's calculations: vraag, aanbod, druk, spreiding, evenredigheid, controle and prognose (pure pandas).

Demand per group comes from :mod:`.vraagcijfers` (observed, estimated or onbekend, never from
allocation), supply from :mod:`.aanbod` (observed lettings, else stock × a mutatiegraad range), the
checks against observation from :mod:`.controle`. This module turns demand into homes per year
per municipality for the pressure, the fair shares and the prognosis, and ties all steps together
for one region (:func:`woonzorganalyse`). Units: homes per year (``woningen per jaar``) unless a
column says ``personen``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from woonzorg import regions
from woonzorg.data import Dataset
from woonzorg.memo import per_object
from woonzorg.analyse import controle as checks
from woonzorg.analyse import vraagcijfers as demand
from woonzorg.analyse.aanbod import aanbod, implied_mutatiegraden, lettings, mutatiegraad_range
from woonzorg.analyse.grondslag import Grondslag, grondslag

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
    })


def vraag(cijfers: pd.DataFrame, grondslag: Grondslag, *, peiljaar: int, doeljaar: int) -> pd.DataFrame:
    """Yearly need in homes per municipality and group, from the demand figures (:func:`.vraagcijfers.vraag_cijfers`).

    Per row counted in the region's total: instroom per year plus achterstand spread evenly over
    the years peiljaar..doeljaar. Persons become homes: statushouders divided by the persons per
    home, other persons one home each (``woningen_per_dakloze``). A centrumregio's figure sits with
    its centrumgemeente; a region-level figure has no municipality (``gemeentecode`` empty).
    Returns gemeentecode, gemeente, groep, grootheid, personen, vraag, laag, hoog, status, methode, bron.
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
    return pd.DataFrame(out, columns=columns)


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
    return out


def spreiding(
    vraag_frame: pd.DataFrame,
    gemeenten: pd.DataFrame,
    *,
    sleutels: Iterable[str] = tuple(VERDEELSLEUTELS),
) -> pd.DataFrame:
    """Each municipality's fair share of the regional need under each verdeelsleutel (always computable).

    ``gemeenten`` must hold the key columns (inwoners, corporatiewoningen, aanbod). Returns
    verdeelsleutel, gemeentecode, gemeente, sleutelaandeel, eerlijk_aandeel (long format). What a
    municipality actually contributes is not modelled here: see :func:`bijdrage`.
    """
    totaal = float(vraag_frame["vraag"].sum())
    blocks = []
    for sleutel in sleutels:
        key = VERDEELSLEUTELS[sleutel]
        g = gemeenten[["gemeentecode", "gemeente", key.kolom]].reset_index(drop=True)
        weight = g[key.kolom].astype(float)
        aandeel = weight / weight.sum() if weight.sum() > 0 else pd.Series(1 / len(g), index=g.index)
        blocks.append(pd.DataFrame({
            "verdeelsleutel": sleutel, "gemeentecode": g["gemeentecode"], "gemeente": g["gemeente"],
            "sleutelaandeel": aandeel.astype(float), "eerlijk_aandeel": aandeel.astype(float) * totaal,
        }))
    return pd.concat(blocks, ignore_index=True)


def bijdrage(waargenomen: pd.DataFrame, gemeenten: pd.DataFrame, *,
             sleutels: Iterable[str] = tuple(VERDEELSLEUTELS)) -> pd.DataFrame:
    """Observed contribution against the fair share, over the municipalities with an observation.

    ``waargenomen`` has gemeentecode, waarde (e.g. statushouders housed in one period). The observed
    total of those municipalities is shared out by each key among the same municipalities; verschil
    = observed − fair share (positive: it houses more than its fair share). Empty when fewer than two
    municipalities are observed: then there is nothing to compare.
    """
    columns = ["verdeelsleutel", "gemeentecode", "gemeente", "sleutelaandeel", "eerlijk_aandeel",
               "huidige_bijdrage", "verschil"]
    if waargenomen is None or len(waargenomen) < 2:
        return pd.DataFrame(columns=columns)
    seen = waargenomen.set_index("gemeentecode")["waarde"].astype(float)
    g = gemeenten[gemeenten["gemeentecode"].isin(seen.index)].reset_index(drop=True)
    totaal = float(seen.sum())
    blocks = []
    for sleutel in sleutels:
        weight = g[VERDEELSLEUTELS[sleutel].kolom].astype(float)
        aandeel = weight / weight.sum() if weight.sum() > 0 else pd.Series(1 / len(g), index=g.index)
        block = pd.DataFrame({"verdeelsleutel": sleutel, "gemeentecode": g["gemeentecode"], "gemeente": g["gemeente"],
                              "sleutelaandeel": aandeel, "eerlijk_aandeel": aandeel * totaal,
                              "huidige_bijdrage": g["gemeentecode"].map(seen).astype(float)})
        block["verschil"] = block["huidige_bijdrage"] - block["eerlijk_aandeel"]
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)[columns]


def evenredigheid(bijdrage_frame: pd.DataFrame) -> pd.DataFrame:
    """One evenness index per verdeelsleutel from observed contributions: 1 − Σ|verschil| / (2 × total).

    1 means every municipality houses exactly its fair share. (One minus the dissimilarity index
    of Duncan & Duncan.) Empty when there are no observed contributions.
    """
    rows = []
    for sleutel, block in bijdrage_frame.groupby("verdeelsleutel", sort=False):
        totaal = block["eerlijk_aandeel"].sum()
        index = 1.0 - block["verschil"].abs().sum() / (2 * totaal) if totaal > 0 else 1.0
        rows.append({"verdeelsleutel": sleutel, "index": min(1.0, max(0.0, float(index))),
                     "te_herverdelen": float(block["verschil"].clip(lower=0).sum())})
    return pd.DataFrame(rows, columns=["verdeelsleutel", "index", "te_herverdelen"])


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

    @property
    def prognose_regio(self) -> pd.DataFrame:
        return prognose_regio(self.prognose)

    @property
    def index(self) -> float:
        """The evenness index under the chosen verdeelsleutel; NaN without observed contributions."""
        e = self.evenredigheid.set_index("verdeelsleutel")
        return float(e.at[self.verdeelsleutel, "index"]) if self.verdeelsleutel in e.index else float("nan")

    @per_object(copy=True)  # the page, its summary, the key figures and the exercises each ask for it
    def inventaris(self) -> pd.DataFrame:
        return demand.inventaris(self.cijfers, self.groepen)

    def totaal(self, groep: str, grootheid: str) -> tuple[float, float, float] | None:
        return demand.totaal(self.cijfers, groep, grootheid)

    @per_object(copy=True)
    def kerncijfers(self) -> dict[str, object]:
        """Key figures for the site index and the page: numbers for code, ranges with status as text."""
        from woonzorg.analyse.views import kerncijfers_tekst  # the texts are views; the numbers are here

        p = self.prognose_regio
        vraag_totaal = float(self.vraag["vraag"].sum())
        aanbod_totaal = float(self.aanbod["aanbod"].sum())
        figures: dict[str, object] = {
            "gemeenten": len(self.gemeenten),
            "vraag_per_jaar": round(vraag_totaal),
            "aanbod_per_jaar": round(aanbod_totaal),
            "beschikbaar_per_jaar": round(aanbod_totaal * self.plafond_aandeel),
            "druk_regio": round(vraag_totaal / aanbod_totaal, 3) if aanbod_totaal else None,
            "tekort_doeljaar": round(float(p["tekort"].iloc[-1])) if len(p) else 0,
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
    peiljaar: int = 2024,
    doeljaar: int = 2030,
    verdeelsleutel: str = "inwoners",
    mutatiegraad: float | None = None,
    plafond_aandeel: float | None = None,
    groei_vraag: float = 0.0,
) -> Woonzorganalyse:
    """Run every step for one region. ``None`` knobs take their default from ``data/``.

    The default mutatiegraad is the national turnover (vacated corporation homes / stock); the
    default plafond is the observed average share of lettings with priority (NOS), a starting
    point, not a norm. Both are supply-side: no demand figure depends on them.
    """
    if verdeelsleutel not in VERDEELSLEUTELS:
        raise ValueError(f"onbekende verdeelsleutel '{verdeelsleutel}'; kies uit {', '.join(VERDEELSLEUTELS)}")
    return _under_verdeelsleutel(dataset, regio, peiljaar, doeljaar, verdeelsleutel, mutatiegraad, plafond_aandeel,
                                 groei_vraag)


def _table(dataset: Dataset, name: str) -> pd.DataFrame | None:
    return dataset.tables.get(name)


def centrumregios_of(dataset: Dataset, gemeentecodes: Iterable[str]) -> pd.DataFrame:
    """The centrumregio's the region's municipalities belong to: centrumgemeente_code, centrumgemeente, gemeenten."""
    table = _table(dataset, "centrumregios")
    columns = ["centrumgemeente_code", "centrumgemeente", "gemeenten"]
    if table is None or table.empty:
        return pd.DataFrame(columns=columns)
    names = dataset.tables["gemeenten"].set_index("gemeentecode")["gemeente"]
    mine = table[table["gemeentecode"].isin(list(gemeentecodes))]
    rows = [{"centrumgemeente_code": code, "centrumgemeente": names.get(code, code),
             "gemeenten": ", ".join(sorted(names.get(c, c) for c in block["gemeentecode"]))}
            for code, block in mine.groupby("centrumgemeente_code", sort=True)]
    return pd.DataFrame(rows, columns=columns)


HUISVESTING_INDICATOR = "gehuisvest_vergunninghouders"


def observed_contribution(region_obs: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Housed statushouders per municipality in the period with the most municipalities observed (2 or more)."""
    if region_obs.empty:
        return pd.DataFrame(columns=["gemeentecode", "waarde"]), ""
    rows = region_obs[(region_obs["indicator"] == HUISVESTING_INDICATOR) & (region_obs["niveau"] == "gemeente")]
    if rows.empty:
        return pd.DataFrame(columns=["gemeentecode", "waarde"]), ""
    counts = rows.groupby("periode")["gemeentecode"].nunique()
    periode = counts.idxmax()
    if counts.max() < 2:
        return pd.DataFrame(columns=["gemeentecode", "waarde"]), ""
    chosen = rows[rows["periode"] == periode].drop_duplicates("gemeentecode")
    return chosen[["gemeentecode", "waarde"]].reset_index(drop=True), f"gehuisveste statushouders, {periode}"


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
    centra = centrumregios_of(dataset, region.gemeentecodes)
    all_obs = demand.catalogued(dataset["waarnemingen"], _table(dataset, "indicatoren"))
    region_obs = demand.for_region(all_obs, regio, region.gemeentecodes, list(centra["centrumgemeente_code"]))
    cijfers = demand.vraag_cijfers(
        regio=regio, naam=region.naam, groepen=groepen, gemeenten=basis, observations=region_obs,
        centrumregio_namen=dict(zip(centra["centrumgemeente_code"], centra["centrumgemeente"])),
        eigen=dataset["analyse-vraag"], inwoners_nl=nl.inwoners_nl, halfjaren=nl.taakstelling_halfjaar,
        peiljaar=peiljaar, taakstelling_bron=nl.bronnen.get("taakstelling", ""))
    # supply: the national rate, and the lowest and highest rate implied by observed lettings anywhere in data/
    gemeenten_nl = dataset.gemeenten
    gemeenten_nl["corporatiewoningen"] = gemeenten_nl["corporatiewoningen"].astype(float)
    implied_all = implied_mutatiegraden(lettings(all_obs), gemeenten_nl)
    laag, hoog = mutatiegraad_range(nl.mutatiegraad, implied_all)
    gekozen = nl.mutatiegraad if mutatiegraad is None else float(mutatiegraad)
    plafond = nl.aandeel_voorrang if plafond_aandeel is None else float(plafond_aandeel)
    implied_here = implied_all[implied_all["gemeentecode"].isin(region.gemeentecodes)].reset_index(drop=True)
    nieuwbouw = dataset["analyse-nieuwbouw"]
    nieuwbouw = nieuwbouw[nieuwbouw["regio"] == regio] if not nieuwbouw.empty else None
    v = vraag(cijfers, nl, peiljaar=peiljaar, doeljaar=doeljaar)
    a = aanbod(basis, mutatiegraad=gekozen, nieuwbouw=nieuwbouw, jaar=peiljaar, mutatiegraad_laag=laag,
               mutatiegraad_hoog=hoog, waargenomen=implied_here)
    gemeenten = basis.merge(a[["gemeentecode", "vrijkomend", "nieuwbouw", "aanbod"]], on="gemeentecode")
    contribution, contribution_source = observed_contribution(region_obs)
    b = bijdrage(contribution, gemeenten)
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
        controles=found, aannames=dataset["analyse-aannames"], waarnemingen=region_obs,
    )


def controle_statushouders(result: Woonzorganalyse) -> pd.DataFrame:
    """The rule against the region's published half-year tasks: gemeente, periode, waargenomen, volgens_regel, verschil."""
    c = result.controles
    c = c[c["onderwerp"] == "taakstelling statushouders"] if not c.empty else c
    return pd.DataFrame({"gemeente": c["gebied"], "periode": c["peildatum"], "waargenomen": c["waargenomen"],
                         "volgens_regel": c["model"], "verschil": c["waargenomen"] - c["model"]}).reset_index(drop=True)
