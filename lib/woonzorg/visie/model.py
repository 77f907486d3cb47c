"""Woonzorgvisie model (pure pandas): building blocks per region, targets per municipality per year, choices, monitoring."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from woonzorg import analyse
from woonzorg.data import Dataset
from woonzorg.figures import Figure, Totaal, getal, som, tekst, verschil, verschil_kort
from woonzorg.dutch import number as _n, percent as _pct
from woonzorg.memo import per_object
from woonzorg.visie.schema import NIET_INGEVULD


@per_object(copy=True)  # the vision, its exercises and its appendix each ask for it
def bouwstenen_status(dataset: Dataset, regio: str, *, voorbeeld: bool = False) -> pd.DataFrame:
    """Every building block with the region's own status; a block without a sourced row is ``onbekend``.

    Rows marked ``voorbeeld`` = ja are not the region's status: they count as no row at all, so a region
    with only example rows has every block ``onbekend``. With ``voorbeeld=True`` the result is the other
    half, only the blocks that have an example row, with that example status (for the practice block).

    Returns bouwsteen, volgorde, soort, naam, omschrijving, bron_bouwsteen, status, toelichting,
    bron, voorbeeld, in the order of ``volgorde``.
    """
    b = dataset["visie-bouwstenen"]
    cols = ["bouwsteen", "volgorde", "soort", "naam", "omschrijving", "bron_bouwsteen", "status", "toelichting",
            "bron", "voorbeeld"]
    if b.empty:
        return pd.DataFrame({c: [] for c in cols})
    s = dataset["visie-status"]
    s = s[(s["regio"] == regio) & (s["voorbeeld"].astype(bool) == voorbeeld)] if not s.empty else s
    out = (b.rename(columns={"bron": "bron_bouwsteen"})
           .merge(s[["bouwsteen", "status", "toelichting", "bron", "voorbeeld"]] if not s.empty else
                  pd.DataFrame(columns=["bouwsteen", "status", "toelichting", "bron", "voorbeeld"]),
                  on="bouwsteen", how="left"))
    missing = out["status"].isna()
    if voorbeeld:
        out = out[~missing].copy()
        missing = out["status"].isna()
    out = out.astype({"status": object, "toelichting": object, "bron": object, "voorbeeld": object})
    out.loc[missing, "status"] = "onbekend"
    out.loc[missing, "toelichting"] = NIET_INGEVULD
    out.loc[missing, "bron"] = ""
    out.loc[missing, "voorbeeld"] = False
    out["voorbeeld"] = out["voorbeeld"].astype(bool)
    out["volgorde"] = out["volgorde"].astype(int)
    return out.sort_values("volgorde").reset_index(drop=True)[cols]


def eigen_stand_bekend(bouwstenen: pd.DataFrame) -> bool:
    """Whether the region has recorded any status of its own (a sourced row, not an example)."""
    return bool(len(bouwstenen)) and bool((bouwstenen["toelichting"] != NIET_INGEVULD).any())


# --------------------------------------------------------------------------------------------
# Targets per municipality per year


def afronden(values: Sequence[float], totaal: int | None = None) -> list[int]:
    """Whole numbers that add up to ``totaal`` (default: the rounded sum), by largest remainder.

    Each value is rounded down, then the units still missing go to the values with the largest
    remainders (ties: first come). Used for targets in homes, so a table of targets per
    municipality adds up to the regional task shown under it.
    """
    values = [float(v) for v in values]
    if not values:
        return []
    totaal = round(math.fsum(values)) if totaal is None else int(totaal)
    floors = [math.floor(v) for v in values]
    rest = totaal - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    if rest < 0:  # only when a smaller total is asked for: take from the smallest remainders
        order = list(reversed(order))
    out = list(floors)
    for k in range(abs(rest)):
        out[order[k % len(values)]] += 1 if rest > 0 else -1
    return out


def opgave(
    prognose_frame: pd.DataFrame,
    spreiding_frame: pd.DataFrame,
    *,
    verdeelsleutel: str,
    ambitie: float = 1.0,
    verdeelbaar: float,
) -> pd.DataFrame:
    """Each municipality's target per year: ambitie × (its share of the region-wide need + its own other need).

    Only need known for the whole region (``verdeelbaar``, homes per year in the peiljaar, growing
    as the prognosis does) is shared out under the key; a figure known for some municipalities only
    (``vraag_lokaal`` of the prognosis) stays with them (see :func:`verdeelbaar`).

    ``prognose_frame`` is :func:`woonzorg.analyse.prognose` (need and available supply per
    municipality per year), ``spreiding_frame`` :func:`woonzorg.analyse.spreiding` (the key shares).
    Returns jaar, gemeentecode, gemeente, verdeelsleutel, sleutelaandeel, vraag_regio, opgave,
    cumulatief_opgave, eigen_vraag, cumulatief_eigen_vraag, beschikbaar, cumulatief_beschikbaar.
    ``eigen_vraag`` is the need that arises in the municipality itself, ``beschikbaar`` the vacant
    social homes it can give to aandachtsgroepen under the plafond.
    """
    if not 0 <= ambitie <= 1:
        raise ValueError(f"ambitie {ambitie} ligt niet tussen 0 en 1 (het deel van de vraag dat de regio wil halen)")
    if verdeelsleutel not in analyse.VERDEELSLEUTELS:
        raise ValueError(f"onbekende verdeelsleutel '{verdeelsleutel}'; kies uit {', '.join(analyse.VERDEELSLEUTELS)}")
    s = spreiding_frame[spreiding_frame["verdeelsleutel"] == verdeelsleutel].set_index("gemeentecode")["sleutelaandeel"]
    p = prognose_frame.reset_index(drop=True)
    lokaal = p["vraag_lokaal"].astype(float) if "vraag_lokaal" in p else pd.Series(0.0, index=p.index)
    first = int(p["jaar"].min())
    groei = p.groupby("jaar")["vraag"].transform("sum") / max(float(p[p["jaar"] == first]["vraag"].sum()), 1e-12)
    vraag_regio = float(verdeelbaar) * groei.where(groei > 0, 1.0)
    out = pd.DataFrame({
        "jaar": p["jaar"].astype(int),
        "gemeentecode": p["gemeentecode"],
        "gemeente": p["gemeente"],
        "verdeelsleutel": verdeelsleutel,
        "sleutelaandeel": p["gemeentecode"].map(s).astype(float),
        "vraag_regio": vraag_regio.astype(float),
    })
    out["opgave"] = float(ambitie) * (out["vraag_regio"] * out["sleutelaandeel"] + lokaal)
    out["cumulatief_opgave"] = out.groupby("gemeentecode")["opgave"].cumsum()
    out["eigen_vraag"] = p["vraag"].astype(float)
    out["cumulatief_eigen_vraag"] = out.groupby("gemeentecode")["eigen_vraag"].cumsum()
    out["beschikbaar"] = p["aanbod"].astype(float)
    out["cumulatief_beschikbaar"] = out.groupby("gemeentecode")["beschikbaar"].cumsum()
    return out


def opgave_afgerond(opgave_frame: pd.DataFrame) -> pd.DataFrame:
    """Targets in whole homes: one row per municipality, one column per year and ``totaal``.

    The cumulative targets of each year are rounded by :func:`afronden` over the municipalities,
    and a year's target is the difference with the year before. So every row adds up to its
    ``totaal``, and every year (and the total) adds up to the rounded regional figure.
    """
    jaren = sorted(opgave_frame["jaar"].unique())
    first = opgave_frame[opgave_frame["jaar"] == jaren[0]]
    out = pd.DataFrame({"gemeentecode": first["gemeentecode"].tolist(), "gemeente": first["gemeente"].tolist()})
    vorige = [0] * len(out)
    for jaar in jaren:
        rows = opgave_frame[opgave_frame["jaar"] == jaar].set_index("gemeentecode").loc[out["gemeentecode"]]
        cum = afronden(rows["cumulatief_opgave"].tolist())
        out[int(jaar)] = [c - v for c, v in zip(cum, vorige)]
        vorige = cum
    out["totaal"] = vorige
    return out


# --------------------------------------------------------------------------------------------
# One region: the vision's figures


@dataclass
class Woonzorgvisie:
    """The woonzorgvisie figures of one region under one set of choices."""

    analyse: analyse.Woonzorganalyse
    ambitie: float
    bouwstenen: pd.DataFrame
    opgave: pd.DataFrame  # the chosen verdeelsleutel, see :func:`opgave`
    opgave_per_sleutel: dict[str, pd.DataFrame] = field(default_factory=dict)
    # example statuses (voorbeeld = ja): practice material only, never in the figures above
    voorbeeldstatus: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def regio(self):
        return self.analyse.regio

    @property
    def verdeelsleutel(self) -> str:
        return self.analyse.verdeelsleutel

    @property
    def peiljaar(self) -> int:
        return self.analyse.peiljaar

    @property
    def doeljaar(self) -> int:
        return self.analyse.doeljaar

    @property
    def jaren(self) -> int:
        return self.doeljaar - self.peiljaar + 1

    @property
    def opgave_regio(self) -> float:
        """The targets of all municipalities added up (homes, central values of the known need; see opgave_totaal)."""
        return float(self.opgave.groupby("jaar")["opgave"].sum().sum())

    def opgave_totaal(self, ambitie: float | None = None) -> Totaal:
        """The regional task up to the doeljaar as a figure: ambitie (the chosen one unless given) × the need over
        the years, with completeness."""
        need = self.analyse.vraag_totaal()
        total = som([need.figuur.maal(g) for g in self.analyse.groeifactoren()], eenheid="woningen")
        return Totaal(total.maal(self.ambitie if ambitie is None else ambitie), need.delen)

    def opgave_per_jaar_totaal(self) -> Totaal:
        t = self.opgave_totaal()
        return Totaal(t.figuur.maal(1 / self.jaren).met(eenheid="woningen per jaar"), t.delen)

    def beschikbaar_totaal(self) -> Figure:
        """Homes available to aandachtsgroepen up to the doeljaar: (vacancies + new build) × plafond, every year."""
        a = self.analyse
        return som([a.beschikbaar(j) for j in range(self.peiljaar, self.doeljaar + 1)], eenheid="woningen")

    def tekort(self) -> Figure:
        """Task minus available supply up to the doeljaar (a sign only where the intervals fix it)."""
        return verschil(self.opgave_totaal().figuur, self.beschikbaar_totaal())

    @property
    def beschikbaar_regio(self) -> float:
        """Vacant social homes available to aandachtsgroepen up to the doeljaar (under the plafond)."""
        return float(self.opgave["beschikbaar"].sum())

    def per_gemeente(self, verdeelsleutel: str | None = None) -> pd.DataFrame:
        """Per municipality up to the doeljaar: key share, target, own need, available supply.

        ``opgave_afgerond`` are whole homes that add up to the rounded regional task;
        ``extra_nodig`` = target − available supply (positive: more supply or another route needed).
        """
        frame = self.opgave if verdeelsleutel is None else self.opgave_per_sleutel[verdeelsleutel]
        last = frame[frame["jaar"] == self.doeljaar].reset_index(drop=True)
        out = pd.DataFrame({
            "gemeentecode": last["gemeentecode"],
            "gemeente": last["gemeente"],
            "sleutelaandeel": last["sleutelaandeel"],
            "opgave": last["cumulatief_opgave"],
            "opgave_per_jaar": last["cumulatief_opgave"] / self.jaren,
            "eigen_vraag": last["cumulatief_eigen_vraag"],
            "beschikbaar": last["cumulatief_beschikbaar"],
        })
        out["opgave_afgerond"] = afronden(out["opgave"])
        out["extra_nodig"] = out["opgave"] - out["beschikbaar"]
        out["extra_zeker"] = self.extra_zeker(out, self.ambitie)
        return out

    def extra_zeker(self, gemeenten: pd.DataFrame, ambitie: float) -> pd.Series:
        """What is certain per municipality (gemeentecode, sleutelaandeel): its lowest target at ``ambitie`` (the
        lower ends of the known need) minus the most that comes free under the plafond up to the doeljaar."""
        a = self.analyse
        rows = a.vraag
        pool_laag = float(rows[rows["regiobreed"]]["laag"].sum())
        lokaal_laag = rows[~rows["regiobreed"]].groupby("gemeentecode")["laag"].sum()
        laag = ((gemeenten["sleutelaandeel"] * pool_laag + gemeenten["gemeentecode"].map(lokaal_laag).fillna(0.0))
                * sum(a.groeifactoren()) * ambitie)
        vrij_hoog = gemeenten["gemeentecode"].map(a.aanbod.set_index("gemeentecode")["vrijkomend_hoog"]) \
            * a.plafond_aandeel * self.jaren
        return (laag - vrij_hoog).astype(float)

    def kerncijfers(self) -> dict[str, object]:
        """Key figures for the site index and the page: totals as text with status and completeness."""
        from woonzorg.figures import verschil_kort

        g = self.per_gemeente()
        totaal = self.opgave_totaal()
        return {
            "gemeenten": len(g),
            "verdeelsleutel": self.verdeelsleutel,
            "ambitie": round(self.ambitie, 3),
            "peiljaar": self.peiljaar,
            "doeljaar": self.doeljaar,
            "opgave_tot_doeljaar": totaal.kort("woningen"),
            "opgave_per_jaar": self.opgave_per_jaar_totaal().kort("woningen per jaar"),
            "groepen_meegeteld": f"{len(totaal.figuur.meegeteld)} van {totaal.delen}",
            "beschikbaar_tot_doeljaar": getal(self.beschikbaar_totaal(), "woningen"),
            "tekort_bij_ambitie": verschil_kort(self.tekort()),
            "gemeenten_boven_aanbod": int((g["extra_zeker"] > 0.5).sum()),
        }


def woonzorgvisie(
    dataset: Dataset,
    regio: str,
    *,
    peiljaar: int | None = None,
    doeljaar: int = 2030,
    verdeelsleutel: str = "inwoners",
    ambitie: float = 1.0,
    mutatiegraad: float | None = None,
    plafond_aandeel: float | None = None,
    groei_vraag: float = 0.0,
) -> Woonzorgvisie:
    """Run the woonzorganalyse for the region and turn it into the vision's building blocks and targets.

    The knobs of the analysis mean what they mean in :func:`woonzorg.analyse.woonzorganalyse`;
    ``ambitie`` is the share of the need (0–1) the region chooses to meet by the doeljaar.
    """
    from woonzorg import clock

    peiljaar = clock.peiljaar() if not peiljaar else int(peiljaar)
    return _woonzorgvisie(dataset, regio, peiljaar, doeljaar, verdeelsleutel, float(ambitie), mutatiegraad,
                          plafond_aandeel, groei_vraag)


@per_object  # the notebook and the learning-circle exercises ask for the same scenarios
def _woonzorgvisie(dataset: Dataset, regio: str, peiljaar: int, doeljaar: int, verdeelsleutel: str, ambitie: float,
                   mutatiegraad: float | None, plafond_aandeel: float | None, groei_vraag: float) -> Woonzorgvisie:
    a = analyse.woonzorganalyse(dataset, regio, peiljaar=peiljaar, doeljaar=doeljaar, verdeelsleutel=verdeelsleutel,
                                mutatiegraad=mutatiegraad, plafond_aandeel=plafond_aandeel, groei_vraag=groei_vraag)
    per_sleutel = {k: opgave(a.prognose, a.spreiding, verdeelsleutel=k, ambitie=ambitie, verdeelbaar=verdeelbaar(a))
                   for k in analyse.VERDEELSLEUTELS}
    v = Woonzorgvisie(analyse=a, ambitie=float(ambitie), bouwstenen=bouwstenen_status(dataset, regio),
                      opgave=per_sleutel[verdeelsleutel], opgave_per_sleutel=per_sleutel,
                      voorbeeldstatus=bouwstenen_status(dataset, regio, voorbeeld=True))
    v.dataset = dataset  # for dated policy text (woonzorg.beleid); not part of the figures
    return v


def verdeelbaar(a: analyse.Woonzorganalyse) -> float:
    """The need known for the whole region (homes per year in the peiljaar): what a verdeelsleutel shares out."""
    return float(a.vraag[a.vraag["regiobreed"]]["vraag"].sum())


AMBITIENIVEAUS = (0.5, 0.75, 1.0)


def keuzes_ambitie(v: Woonzorgvisie, niveaus: Sequence[float] = AMBITIENIVEAUS) -> pd.DataFrame:
    """The consequences of ambition levels side by side (the chosen one always included).

    Per level: regional task to the doeljaar, per year, as a share of all vacant social homes,
    the shortfall against the supply available under the plafond, and how many municipalities
    need more than their own available supply. The verdeelsleutel is the chosen one.
    """
    niveaus = sorted(set(float(n) for n in niveaus) | {v.ambitie})
    beschikbaar = v.beschikbaar_totaal()
    aanbod_totaal = float(v.analyse.aanbod["aanbod"].sum()) * v.jaren
    rows = []
    for n in niveaus:
        o = opgave(v.analyse.prognose, v.analyse.spreiding, verdeelsleutel=v.verdeelsleutel, ambitie=n,
                   verdeelbaar=verdeelbaar(v.analyse))
        last = o[o["jaar"] == v.doeljaar]
        totaal = float(o["opgave"].sum())
        rows.append({
            "ambitie": n,
            "gekozen": math.isclose(n, v.ambitie),
            "opgave": totaal,
            "opgave_per_jaar": totaal / v.jaren,
            "aandeel_vrijkomend": totaal / aanbod_totaal if aanbod_totaal else float("nan"),
            "tekort": totaal - float(o["beschikbaar"].sum()),
            "tekort_tekst": verschil_kort(verschil(v.opgave_totaal(n).figuur, beschikbaar)),
            "gemeenten_boven_aanbod": int((v.extra_zeker(last, n) > 0.5).sum()),  # only where it is certain
        })
    return pd.DataFrame(rows)


def keuzes_verdeelsleutel(v: Woonzorgvisie) -> pd.DataFrame:
    """Targets per municipality up to the doeljaar under each verdeelsleutel, at the chosen ambition."""
    out = v.per_gemeente()[["gemeentecode", "gemeente", "eigen_vraag", "beschikbaar"]].copy()
    for k in analyse.VERDEELSLEUTELS:
        out[k] = v.per_gemeente(k)["opgave"].to_numpy()
    return out


# --------------------------------------------------------------------------------------------
# Monitoring


@dataclass(frozen=True)
class Indicator:
    id: str
    naam: str
    definitie: str
    bron: str  # where the region gets the figure
    frequentie: str


MONITORING: dict[str, Indicator] = {i.id: i for i in (
    Indicator("gehuisvest", "Gehuisveste huishoudens uit aandachtsgroepen",
              "aantal huishoudens uit aandachtsgroepen dat een woning kreeg, per gemeente, tegen de opgave",
              "woonruimteverdeling en corporaties; taakstelling statushouders (provincie)", "halfjaarlijks"),
    Indicator("aandeel-voorrang", "Aandeel verhuringen met voorrang",
              "verhuringen aan urgenten en statushouders als deel van alle vrijgekomen sociale huurwoningen",
              "woonruimteverdeling en corporaties", "jaarlijks"),
    Indicator("evenredigheid", "Evenredigheidsindex",
              "1 − (som van de verschillen met het eerlijke aandeel) / (2 × regionale vraag); 1 = evenredig",
              "berekend uit de gehuisveste huishoudens per gemeente (woonzorganalyse)", "jaarlijks"),
    Indicator("tekort", "Opgeteld tekort tot het doeljaar",
              "opgave tot nu toe min wat er daadwerkelijk is gehuisvest, voor de regio",
              "woonzorganalyse met eigen registraties", "jaarlijks"),
    Indicator("uitstroom", "Doorlooptijd uitstroom opvang en beschermd wonen",
              "tijd tussen 'uitstroomklaar' en een eigen woning, en het aantal wachtenden",
              "centrumgemeente, zorgaanbieders (bijvoorbeeld de centrale toegang)", "halfjaarlijks"),
    Indicator("dakloosheid", "Dak- en thuisloze mensen",
              "aantal dak- en thuisloze mensen in de centrumregio",
              "CBS Monitor Dakloosheid (centrumregio's); eigen telling", "jaarlijks"),
    Indicator("sociale-nieuwbouw", "Sociale huur in de nieuwbouw",
              "aandeel sociale huur in de opgeleverde nieuwbouw, per gemeente en regio (wet: minstens 30% per regio)",
              "gemeenten en corporaties (woondeal, prestatieafspraken)", "jaarlijks"),
    Indicator("bouwstenen", "Bouwstenen van de visie op orde",
              "aantal bouwstenen met status aanwezig, van het totaal", "deze handreiking (stand van de bouwstenen)",
              "bij elke herziening"),
)}


def monitoring(v: Woonzorgvisie) -> pd.DataFrame:
    """The monitoring indicators with the starting value (nulmeting) from the analysis and the target value.

    Where the analysis gives no starting value it says so (``eigen registratie nodig``); an
    estimate is marked as such.
    """
    a = v.analyse
    k = a.kerncijfers()
    b = v.bouwstenen["status"].value_counts() if len(v.bouwstenen) else pd.Series(dtype=int)
    n = _n
    start = {
        "gehuisvest": f"vraag {k['vraag_per_jaar']}",
        "aandeel-voorrang": (f"ten minste {_pct(k['druk_regio'])} van het vrijkomende aanbod nodig (schatting; alleen "
                             "de groepen met een bekend cijfer)"
                             if k["druk_regio"] is not None else "onbekend (geen bekende vraag of geen vrijkomend aanbod)"),
        "evenredigheid": (f"{n(a.index, 2)} ({analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}; uit waargenomen "
                          "huisvesting)" if a.index == a.index else
                          "eigen registratie nodig (wat elke gemeente nu huisvest)"),
        "tekort": f"tot en met {v.doeljaar} bij het huidige plafond: {k['tekort_doeljaar']}",
        "uitstroom": "eigen registratie nodig",
        "dakloosheid": "eigen registratie nodig (het landelijke cijfer is niet over gemeenten te verdelen)",
        "sociale-nieuwbouw": "eigen registratie nodig",
        "bouwstenen": f"{int(b.get('aanwezig', 0))} van {len(v.bouwstenen)} aanwezig",
    }
    doel = {
        "gehuisvest": (f"{tekst(v.opgave_per_jaar_totaal().figuur, 'woningen per jaar')} in de regio, verdeeld "
                       "volgens de opgave per gemeente"),
        "aandeel-voorrang": f"ten hoogste het plafond van {_pct(a.plafond_aandeel)}, tenzij het aanbod groeit",
        "evenredigheid": "naar 1; elke gemeente haar eerlijke aandeel",
        "tekort": f"0 in {v.doeljaar}",
        "uitstroom": "af te spreken in de prestatieafspraken",
        "dakloosheid": "dalend",
        "sociale-nieuwbouw": "minstens 30% in de regio",
        "bouwstenen": f"{len(v.bouwstenen)} van {len(v.bouwstenen)} aanwezig",
    }
    return pd.DataFrame([{"indicator": i.naam, "definitie": i.definitie, "nulmeting": start[i.id],
                          "streefwaarde": doel[i.id], "bron": i.bron, "frequentie": i.frequentie}
                         for i in MONITORING.values()])
