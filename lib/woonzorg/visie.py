"""The woonzorgvisie: building blocks with their status per region, targets per municipality per year, a draft text.

Theme 3 turns the woonzorganalyse into the content of a woonzorgvisie. Three parts:

- **Bouwstenen**: the topics of a woonzorgvisie (Taskforce Wonen en Zorg, fase Visie) and the
  legal requirements of the Wet versterking regie volkshuisvesting, with a status per region from
  ``data/visie-bouwstenen.csv`` and ``data/visie-status.csv``.
- **Opgave**: targets per municipality per year up to the doeljaar: the region's need per year
  (from :func:`woonzorg.analyse.woonzorganalyse`, never from another notebook's output) × the
  ambition (the share of the need the region wants to meet, a choice) × each municipality's share
  under the chosen verdeelsleutel. Per year the targets add up to the regional task exactly.
- **Concept**: a Dutch draft text rendered from ``templates/visie/concept.md.j2`` with the region's
  figures, choices and gaps; displayed as a :class:`woonzorg.present.record.Bijlage` that the build writes beside the guide.

Targets are policy outputs in homes and are shown rounded to whole homes (largest-remainder
rounding, so that the rounded targets still add up to the rounded regional task). Estimated need
per municipality is shown with small numbers suppressed (:mod:`woonzorg.present.privacy`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from woonzorg import analyse, paths
from woonzorg.present import charts, privacy, record
from woonzorg.data import Column, DataError, Dataset, TableSchema, check_region_membership
from woonzorg.memo import per_object
from woonzorg.themes import KeyFigure, Theme
from woonzorg.present.tables import HTML, Table

CONCEPT_BESTAND = "woonzorgvisie-concept.md"

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




def bouwstenen_status(dataset: Dataset, regio: str) -> pd.DataFrame:
    """Every building block with the region's status; a block without a row is ``onbekend``.

    Returns bouwsteen, volgorde, soort, naam, omschrijving, bron_bouwsteen, status, toelichting,
    bron, voorbeeld, in the order of ``volgorde``.
    """
    b = dataset["visie-bouwstenen"]
    cols = ["bouwsteen", "volgorde", "soort", "naam", "omschrijving", "bron_bouwsteen", "status", "toelichting",
            "bron", "voorbeeld"]
    if b.empty:
        return pd.DataFrame({c: [] for c in cols})
    s = dataset["visie-status"]
    s = s[s["regio"] == regio] if not s.empty else s
    out = (b.rename(columns={"bron": "bron_bouwsteen"})
           .merge(s[["bouwsteen", "status", "toelichting", "bron", "voorbeeld"]] if not s.empty else
                  pd.DataFrame(columns=["bouwsteen", "status", "toelichting", "bron", "voorbeeld"]),
                  on="bouwsteen", how="left"))
    missing = out["status"].isna()
    out = out.astype({"status": object, "toelichting": object, "bron": object, "voorbeeld": object})
    out.loc[missing, "status"] = "onbekend"
    out.loc[missing, "toelichting"] = NIET_INGEVULD
    out.loc[missing, "bron"] = ""
    out.loc[missing, "voorbeeld"] = False
    out["voorbeeld"] = out["voorbeeld"].astype(bool)
    out["volgorde"] = out["volgorde"].astype(int)
    return out.sort_values("volgorde").reset_index(drop=True)[cols]


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
) -> pd.DataFrame:
    """Each municipality's target per year: ambitie × the region's need that year × its share under the key.

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
    vraag_regio = p.groupby("jaar")["vraag"].transform("sum")
    out = pd.DataFrame({
        "jaar": p["jaar"].astype(int),
        "gemeentecode": p["gemeentecode"],
        "gemeente": p["gemeente"],
        "verdeelsleutel": verdeelsleutel,
        "sleutelaandeel": p["gemeentecode"].map(s).astype(float),
        "vraag_regio": vraag_regio.astype(float),
    })
    out["opgave"] = float(ambitie) * out["vraag_regio"] * out["sleutelaandeel"]
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
        """The regional task up to and including the doeljaar (homes): ambitie × the cumulative need."""
        return float(self.opgave.groupby("jaar")["opgave"].sum().sum())

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
        return out

    def kerncijfers(self) -> dict[str, object]:
        """Key figures for the site index and the page (rounded as shown)."""
        g = self.per_gemeente()
        b = self.bouwstenen["status"].value_counts() if len(self.bouwstenen) else pd.Series(dtype=int)
        return {
            "gemeenten": len(g),
            "verdeelsleutel": self.verdeelsleutel,
            "ambitie": round(self.ambitie, 3),
            "peiljaar": self.peiljaar,
            "doeljaar": self.doeljaar,
            "opgave_tot_doeljaar": round(self.opgave_regio),
            "opgave_per_jaar": round(self.opgave_regio / self.jaren),
            "beschikbaar_tot_doeljaar": round(self.beschikbaar_regio),
            "tekort_bij_ambitie": round(self.opgave_regio - self.beschikbaar_regio),
            "gemeenten_boven_aanbod": int((g["extra_nodig"] > 0.5).sum()),
            **{f"bouwstenen_{s}": int(b.get(s, 0)) for s in STATUSSEN},
        }


def woonzorgvisie(
    dataset: Dataset,
    regio: str,
    *,
    peiljaar: int = 2024,
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
    a = analyse.woonzorganalyse(dataset, regio, peiljaar=peiljaar, doeljaar=doeljaar, verdeelsleutel=verdeelsleutel,
                                mutatiegraad=mutatiegraad, plafond_aandeel=plafond_aandeel, groei_vraag=groei_vraag)
    per_sleutel = {k: opgave(a.prognose, a.spreiding, verdeelsleutel=k, ambitie=ambitie)
                   for k in analyse.VERDEELSLEUTELS}
    return Woonzorgvisie(analyse=a, ambitie=float(ambitie), bouwstenen=bouwstenen_status(dataset, regio),
                         opgave=per_sleutel[verdeelsleutel], opgave_per_sleutel=per_sleutel)


AMBITIENIVEAUS = (0.5, 0.75, 1.0)


def keuzes_ambitie(v: Woonzorgvisie, niveaus: Sequence[float] = AMBITIENIVEAUS) -> pd.DataFrame:
    """The consequences of ambition levels side by side (the chosen one always included).

    Per level: regional task to the doeljaar, per year, as a share of all vacant social homes,
    the shortfall against the supply available under the plafond, and how many municipalities
    need more than their own available supply. The verdeelsleutel is the chosen one.
    """
    niveaus = sorted(set(float(n) for n in niveaus) | {v.ambitie})
    aanbod_totaal = float(v.analyse.aanbod["aanbod"].sum()) * v.jaren
    rows = []
    for n in niveaus:
        o = opgave(v.analyse.prognose, v.analyse.spreiding, verdeelsleutel=v.verdeelsleutel, ambitie=n)
        last = o[o["jaar"] == v.doeljaar]
        totaal = float(o["opgave"].sum())
        rows.append({
            "ambitie": n,
            "gekozen": math.isclose(n, v.ambitie),
            "opgave": totaal,
            "opgave_per_jaar": totaal / v.jaren,
            "aandeel_vrijkomend": totaal / aanbod_totaal if aanbod_totaal else float("nan"),
            "tekort": totaal - float(o["beschikbaar"].sum()),
            "gemeenten_boven_aanbod": int(((last["cumulatief_opgave"] - last["cumulatief_beschikbaar"]) > 0.5).sum()),
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
              "aantal bouwstenen met status aanwezig, van het totaal", "deze handreiking (data/visie-status.csv)",
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
        "gehuisvest": f"geschatte vraag {n(k['vraag_per_jaar'])} woningen per jaar (schatting)",
        "aandeel-voorrang": f"{_pct(k['druk_regio'])} van het vrijkomende aanbod nodig (schatting)",
        "evenredigheid": (f"{n(a.index, 2)} ({analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}; uit waargenomen "
                          "huisvesting)" if a.index == a.index else
                          "eigen registratie nodig (wat elke gemeente nu huisvest)"),
        "tekort": f"{n(v.opgave_regio - v.beschikbaar_regio)} woningen verwacht in {v.doeljaar} bij het huidige "
                  f"plafond (schatting)",
        "uitstroom": "eigen registratie nodig",
        "dakloosheid": "eigen registratie nodig (landelijk cijfer niet per gemeente te verdelen)",
        "sociale-nieuwbouw": "eigen registratie nodig",
        "bouwstenen": f"{int(b.get('aanwezig', 0))} van {len(v.bouwstenen)} aanwezig",
    }
    doel = {
        "gehuisvest": f"{n(v.opgave_regio / v.jaren)} woningen per jaar in de regio, verdeeld volgens de opgave per gemeente",
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


# --------------------------------------------------------------------------------------------
# The draft text


def _n(value: float, decimals: int = 0) -> str:
    return charts.dutch_number(float(value), decimals)


def _pct(value: float, decimals: int = 0) -> str:
    return f"{charts.dutch_number(100 * float(value), decimals)}%"


_MARKDOWN_LINK = re.compile(r"([\\\[\]])")


def _escape_text(value):
    """Jinja2 finalize: text from data cannot inject HTML, links or images into the page that renders the Markdown.

    HTML is escaped; a backslash before ``[``, ``]`` and ``\\`` keeps ``[klik](javascript:…)`` and
    ``![x](https://…)`` from data as plain text (emphasis is harmless and stays).
    """
    return _MARKDOWN_LINK.sub(r"\\\1", html.escape(value, quote=False)) if isinstance(value, str) else value


def _template_environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.TEMPLATES_DIR / "visie")),
        finalize=_escape_text, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["cel"] = lambda t: str(t).replace("|", "\\|").replace("\n", " ")
    return env


def concept_context(v: Woonzorgvisie) -> dict[str, object]:
    """Everything the draft text needs, already formatted the Dutch way (the same strings as the tables)."""
    a = v.analyse
    k = a.kerncijfers()
    g = v.per_gemeente()
    groepen = a.vraag.groupby("groep")["vraag"].sum()
    bs = v.bouwstenen
    key = analyse.VERDEELSLEUTELS[v.verdeelsleutel]
    tabel = opgave_table_rows(v)
    return {
        "regio": a.regio.naam,
        "peiljaar": v.peiljaar,
        "doeljaar": v.doeljaar,
        "jaren": v.jaren,
        "gemeenten": g["gemeente"].tolist(),
        "ambitie": _pct(v.ambitie),
        "verdeelsleutel": key.naam,
        "verdeelsleutel_uitleg": key.uitleg,
        "plafond": _pct(a.plafond_aandeel),
        "mutatiegraad": _pct(a.mutatiegraad, 1),
        "groei": _pct(a.groei_vraag, 1),
        "vraag_per_jaar": _n(k["vraag_per_jaar"]),
        "aanbod_per_jaar": _n(k["aanbod_per_jaar"]),
        "beschikbaar_per_jaar": _n(k["beschikbaar_per_jaar"]),
        "druk": _pct(k["druk_regio"]) if k["druk_regio"] is not None else "–",
        "groepen": [(analyse.GROEP_NAMEN[gid], _n(groepen[gid]) if gid in groepen else "onbekend")
                    for gid in analyse.GROEPEN],
        "evenredigheidsindex": (_n(a.index, 2) if a.index == a.index
                                else "onbekend (eigen cijfers nodig over wat elke gemeente huisvest)"),
        "opgave_regio": _n(round(v.opgave_regio)),
        "opgave_per_jaar": _n(v.opgave_regio / v.jaren),
        "beschikbaar_regio": _n(v.beschikbaar_regio),
        "tekort": _n(abs(v.opgave_regio - v.beschikbaar_regio)),
        "is_tekort": v.opgave_regio - v.beschikbaar_regio > 0.5,
        "opgave_tabel": tabel,
        "boven_aanbod": [r.gemeente for r in g.itertuples() if r.extra_nodig > 0.5],
        "bouwstenen": {s: [dict(naam=r.naam, toelichting=r.toelichting, soort=r.soort, voorbeeld=bool(r.voorbeeld))
                           for r in bs.itertuples() if r.status == s] for s in STATUSSEN},
        "statussen": {s: st.naam for s, st in STATUSSEN.items()},
        "voorbeeld": bool(bs["voorbeeld"].any()) if len(bs) else False,
        "monitoring": monitoring(v).to_dict("records"),
        "bronnen": sorted({b for r in bs.itertuples() for b in str(r.bron).split("; ")
                           if b and b != "geen openbare bron gevonden"}),
    }


def concept_tekst(v: Woonzorgvisie) -> str:
    """The draft woonzorgvisie in Markdown, from ``templates/visie/concept.md.j2``."""
    return _template_environment().get_template("concept.md.j2").render(**concept_context(v))


def concept_bijlage(v: Woonzorgvisie) -> record.Bijlage:
    """The draft text as an attachment that the build writes beside the guide."""
    return record.Bijlage(CONCEPT_BESTAND, concept_tekst(v))


class Markdown:
    """Markdown for display in the guide (rendered by the HTML export)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text


def concept_voorbeeld(tekst: str, niveaus: int = 2) -> Markdown:
    """The draft text for display inside the guide: headings moved down so the page keeps one h1 and its contents."""
    return Markdown(re.sub(r"^(#{1,6}) ", lambda m: "#" * min(6, len(m[1]) + niveaus) + " ", tekst, flags=re.M))


# --------------------------------------------------------------------------------------------
# Presentation: Dutch tables and charts for the guide


BRON_GRAFIEK = ("eigen berekening op basis van de woonzorganalyse (CBS, NOS, taakstelling statushouders); "
                "ambitie en verdeelsleutel zijn keuzes")


def _bron_visie(v: Woonzorgvisie) -> str:
    return ("eigen berekening op basis van de woonzorganalyse (CBS Kerncijfers wijken en buurten 2024, woningvoorraad "
            "naar eigendom, taakstelling statushouders, NOS-enquête woningtoewijzing, CBS dakloosheid); ambitie en "
            "verdeelsleutel zijn keuzes")


def titel(v: Woonzorgvisie) -> HTML:
    return HTML(f"<h1>Woonzorgvisie — {html.escape(v.regio.naam)}</h1>")


def keuzes_html(v: Woonzorgvisie) -> HTML:
    a = v.analyse
    key = analyse.VERDEELSLEUTELS[v.verdeelsleutel]
    items = [
        ("Verdeelsleutel", f"{key.naam}: {key.uitleg}"),
        ("Ambitie", f"{_pct(v.ambitie)} van de geschatte vraag van aandachtsgroepen wordt tot en met {v.doeljaar} "
                    "gehuisvest"),
        ("Periode", f"{v.peiljaar} tot en met {v.doeljaar} ({v.jaren} jaar)"),
        ("Plafond", f"{_pct(a.plafond_aandeel)} van de vrijkomende sociale huurwoningen mag naar aandachtsgroepen"),
        ("Mutatiegraad", f"{_pct(a.mutatiegraad, 1)} van de corporatievoorraad komt per jaar vrij"),
        ("Groei van de vraag", f"{_pct(a.groei_vraag, 1)} per jaar"),
    ]
    lis = "".join(f"<li><strong>{html.escape(t)}</strong>: {html.escape(d)}</li>" for t, d in items)
    return HTML(f"<ul>{lis}</ul>")


def kerncijfers_html(v: Woonzorgvisie) -> HTML:
    tekort = v.opgave_regio - v.beschikbaar_regio
    g = v.per_gemeente()
    items = [
        (_n(round(v.opgave_regio)), f"woningen voor aandachtsgroepen tot en met {v.doeljaar} (de regionale opgave bij "
                                    f"een ambitie van {_pct(v.ambitie)})"),
        (_n(v.opgave_regio / v.jaren), "woningen per jaar"),
        (_n(v.beschikbaar_regio), f"beschikbaar in dezelfde periode bij een plafond van {_pct(v.analyse.plafond_aandeel)}"),
        (_n(abs(tekort)), f"{'tekort' if tekort > 0 else 'overschot'} opgeteld tot en met {v.doeljaar}"),
        (str(int((g['extra_nodig'] > 0.5).sum())), "gemeenten met een opgave groter dan hun eigen beschikbare aanbod"),
    ]
    lis = "".join(f"<li><strong>{html.escape(val)}</strong>{html.escape(label)}</li>" for val, label in items)
    return HTML(f'<ul class="wz-kerncijfers">{lis}</ul><p class="wz-bron">Bron: {html.escape(_bron_visie(v))}.</p>')


def voorbeeld_html(v: Woonzorgvisie) -> HTML:
    """A visible note when any status of the region is an example, not an established fact."""
    bs = v.bouwstenen
    if not len(bs) or not bs["voorbeeld"].any():
        return HTML("")
    namen = ", ".join(bs.loc[bs["voorbeeld"], "naam"])
    return HTML('<div class="wz-schatting" role="note"><p><strong>Let op: voorbeeldinvulling.</strong> De status van '
                f"deze bouwstenen is een voorbeeld, geen vastgestelde stand: {html.escape(namen)}. "
                "Pas ze aan in <code>data/visie-status.csv</code> en zet <code>voorbeeld</code> op <code>nee</code>."
                "</p></div>")


def bouwstenen_chart(v: Woonzorgvisie) -> charts.Chart | HTML:
    bs = v.bouwstenen
    if not len(bs):
        return HTML("<p>Er staan nog geen bouwstenen in <code>data/visie-bouwstenen.csv</code>.</p>")
    soorten = [s for s in SOORTEN if (bs["soort"] == s).any()]
    counts = {st.naam: [int(((bs["soort"] == s) & (bs["status"] == sid)).sum()) for s in soorten]
              for sid, st in STATUSSEN.items()}
    labels = [f"{SOORTEN_KORT[s]} ({int((bs['soort'] == s).sum())})" for s in soorten]
    parts = "; ".join(
        f"{SOORTEN[s].lower()}: " + ", ".join(f"{counts[st.naam][i]} {st.naam.lower()}" for st in STATUSSEN.values()
                                             if counts[st.naam][i])
        for i, s in enumerate(soorten))
    return charts.status_bars(
        labels, counts, {st.naam: st.kleur for st in STATUSSEN.values()},
        title=f"Stand van de bouwstenen van de woonzorgvisie, {v.regio.naam}",
        xlabel="aantal bouwstenen",
        bron="data/visie-status.csv (openbare bronnen over de koploperregio's; Taskforce Wonen en Zorg; Wvrv)",
        alt=(f"Gestapeld staafdiagram met het aantal bouwstenen van de woonzorgvisie van {v.regio.naam} per status. "
             f"{parts}."),
    )


def bouwstenen_table(v: Woonzorgvisie) -> Table | HTML:
    bs = v.bouwstenen
    if not len(bs):
        return HTML("")
    frame = pd.DataFrame({
        "Bouwsteen": bs["naam"],
        "Soort": [("Taskforce" if s == "onderwerp" else "Wet (Wvrv)") for s in bs["soort"]],
        "Status": [STATUSSEN[s].naam + (" (voorbeeld)" if vb else "") for s, vb in zip(bs["status"], bs["voorbeeld"])],
        "Toelichting": bs["toelichting"],
        "Bron": bs["bron"].replace("", "–"),
    })
    return Table(frame, caption=f"Bouwstenen van de woonzorgvisie en hun stand, {v.regio.naam}",
                 bron="data/visie-status.csv; bouwstenen: Taskforce Wonen en Zorg (fase Visie) en Wet versterking "
                      "regie volkshuisvesting (data/visie-bouwstenen.csv). Onbekend = niets gevonden, geen oordeel")


def opgave_table_rows(v: Woonzorgvisie) -> list[dict[str, str]]:
    """The rows of the target table as shown (formatted strings), shared by the guide and the draft text."""
    g = v.per_gemeente()
    rows = [{
        "gemeente": r.gemeente,
        "aandeel": _pct(r.sleutelaandeel, 1),
        "per_jaar": _n(r.opgave_per_jaar),
        "totaal": _n(r.opgave_afgerond),
        "beschikbaar": _n(r.beschikbaar),
        "extra": ("+" + _n(r.extra_nodig)) if r.extra_nodig > 0.5 else "0",
    } for r in g.itertuples()]
    rows.append({
        "gemeente": f"Totaal {v.regio.naam}",
        "aandeel": "100,0%",
        "per_jaar": _n(v.opgave_regio / v.jaren),
        "totaal": _n(int(g["opgave_afgerond"].sum())),
        "beschikbaar": _n(g["beschikbaar"].sum()),
        "extra": "+" + _n(g["extra_nodig"].clip(lower=0).sum()) if g["extra_nodig"].clip(lower=0).sum() > 0.5 else "0",
    })
    return rows


OPGAVE_KOLOMMEN = {
    "gemeente": "Gemeente",
    "aandeel": "Aandeel (verdeelsleutel)",
    "per_jaar": "Opgave per jaar",
    "totaal": "Opgave tot en met doeljaar",
    "beschikbaar": "Beschikbaar aanbod tot en met doeljaar",
    "extra": "Extra nodig",
}


def opgave_table(v: Woonzorgvisie) -> Table:
    rows = opgave_table_rows(v)
    frame = pd.DataFrame([{OPGAVE_KOLOMMEN[c]: r[c] for c in OPGAVE_KOLOMMEN} for r in rows[:-1]])
    totals = {OPGAVE_KOLOMMEN[c]: rows[-1][c] for c in OPGAVE_KOLOMMEN}
    return Table(
        frame,
        caption=(f"Opgave per gemeente {v.peiljaar}–{v.doeljaar}, {v.regio.naam}: woningen voor aandachtsgroepen "
                 f"{analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, ambitie {_pct(v.ambitie)}. Beschikbaar = "
                 f"vrijkomende sociale huurwoningen × plafond {_pct(v.analyse.plafond_aandeel)}; extra nodig = opgave − "
                 "beschikbaar waar dat positief is (de totaalregel telt die tekorten op)"),
        bron=_bron_visie(v) + ". Opgaven afgerond op hele woningen zodat ze optellen tot de regionale opgave",
        totals=totals,
    )


def opgave_jaar_table(v: Woonzorgvisie) -> Table:
    """Targets per municipality per year in whole homes (rows and columns add up)."""
    r = opgave_afgerond(v.opgave)
    jaren = [c for c in r.columns if isinstance(c, int)]
    frame = pd.DataFrame({"Gemeente": r["gemeente"]})
    for j in jaren:
        frame[str(j)] = [_n(x) for x in r[j]]
    frame["Totaal"] = [_n(x) for x in r["totaal"]]
    totals = {"Gemeente": f"Totaal {v.regio.naam}", **{str(j): _n(r[j].sum()) for j in jaren},
              "Totaal": _n(r["totaal"].sum())}
    return Table(frame, caption=(f"Opgave per gemeente per jaar, {v.regio.naam} (woningen voor aandachtsgroepen, "
                                 f"{analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, ambitie {_pct(v.ambitie)})"),
                 bron=_bron_visie(v) + ". Afgerond op hele woningen; rijen en kolommen tellen op", totals=totals)


@per_object  # the workbook's controls show the starting choices' chart again
def opgave_chart(v: Woonzorgvisie) -> charts.Chart:
    g = v.per_gemeente().sort_values("opgave", ascending=False)
    boven = g[g["extra_nodig"] > 0.5]
    key = analyse.VERDEELSLEUTELS[v.verdeelsleutel]
    return charts.horizontal_bars(
        g["gemeente"].tolist(), g["opgave"].tolist(),
        title=f"Opgave tot en met {v.doeljaar} per gemeente, {v.regio.naam}",
        xlabel=f"woningen voor aandachtsgroepen {v.peiljaar}–{v.doeljaar}",
        bron=BRON_GRAFIEK,
        highlight=(g["extra_nodig"] > 0.5).tolist(),
        highlight_label="opgave groter dan eigen beschikbaar aanbod",
        alt=(f"Staafdiagram met de opgave tot en met {v.doeljaar} per gemeente van {v.regio.naam}, {key.naam} en bij "
             f"een ambitie van {_pct(v.ambitie)}: samen ongeveer {_n(v.opgave_regio)} woningen. De grootste opgave "
             f"heeft {g['gemeente'].iloc[0]} (ongeveer {_n(g['opgave'].iloc[0])}), de kleinste "
             f"{g['gemeente'].iloc[-1]} (ongeveer {_n(g['opgave'].iloc[-1])}). {len(boven)} van de {len(g)} gemeenten "
             f"hebben een opgave die groter is dan hun eigen beschikbare aanbod."),
    )


def keuzes_sleutel_table(v: Woonzorgvisie) -> Table:
    k = keuzes_verdeelsleutel(v)
    shown = privacy.suppress_small(k, ["eigen_vraag"])
    frame = pd.DataFrame({"Gemeente": k["gemeente"],
                          "Eigen vraag (schatting)": shown["eigen_vraag"]})
    for sid, key in analyse.VERDEELSLEUTELS.items():
        frame[f"Opgave {key.naam}" + (" (gekozen)" if sid == v.verdeelsleutel else "")] = [_n(x) for x in k[sid]]
    frame["Beschikbaar aanbod"] = [_n(x) for x in k["beschikbaar"]]
    totals = {"Gemeente": f"Totaal {v.regio.naam}",
              "Eigen vraag (schatting)": privacy.column_totals(k, ["eigen_vraag"])["eigen_vraag"],
              **{c: _n(k[sid].sum()) for c, sid in zip(frame.columns[2:5], analyse.VERDEELSLEUTELS)},
              "Beschikbaar aanbod": _n(k["beschikbaar"].sum())}
    return Table(frame, caption=(f"Opgave tot en met {v.doeljaar} per gemeente onder de drie verdeelsleutels, "
                                 f"{v.regio.naam} (woningen, ambitie {_pct(v.ambitie)}). Eigen vraag = de vraag die in de "
                                 "gemeente zelf ontstaat"),
                 bron=_bron_visie(v) + f". Aantallen onder 10 staan als <10; een cel die alleen verborgen is om zo'n "
                      f"aantal te beschermen staat als {privacy.MASK}", totals=totals,
                 persons=["Eigen vraag (schatting)"])


def keuzes_ambitie_table(v: Woonzorgvisie) -> Table:
    k = keuzes_ambitie(v)
    frame = pd.DataFrame({
        "Ambitie": [_pct(x) + (" (gekozen)" if g else "") for x, g in zip(k["ambitie"], k["gekozen"])],
        f"Opgave tot en met {v.doeljaar}": [_n(x) for x in k["opgave"]],
        "Per jaar": [_n(x) for x in k["opgave_per_jaar"]],
        "Deel van alle vrijkomende sociale huur": [_pct(x) for x in k["aandeel_vrijkomend"]],
        "Tekort (+) of ruimte (−) bij het plafond": [("+" if x > 0.5 else "") + _n(x) for x in k["tekort"]],
        "Gemeenten boven eigen aanbod": [str(x) for x in k["gemeenten_boven_aanbod"]],
    })
    return Table(frame, caption=(f"Gevolgen van het ambitieniveau, {v.regio.naam} "
                                 f"({analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, plafond "
                                 f"{_pct(v.analyse.plafond_aandeel)})"), bron=_bron_visie(v))


def keuzes_chart(v: Woonzorgvisie) -> charts.Chart:
    k = keuzes_ambitie(v)
    jaren = list(range(v.peiljaar, v.doeljaar + 1))
    series = {}
    for n in k["ambitie"]:
        o = opgave(v.analyse.prognose, v.analyse.spreiding, verdeelsleutel=v.verdeelsleutel, ambitie=n)
        series[f"opgave bij ambitie {_pct(n)}"] = o.groupby("jaar")["opgave"].sum().cumsum().tolist()
    beschikbaar = v.opgave.groupby("jaar")["beschikbaar"].sum().cumsum().tolist()
    series["beschikbaar aanbod (plafond)"] = beschikbaar
    return charts.line_chart(
        jaren, series,
        title=f"Opgave bij verschillende ambities tegen het beschikbare aanbod, {v.regio.naam}",
        xlabel="jaar", ylabel="woningen (opgeteld)", bron=BRON_GRAFIEK,
        alt=(f"Lijndiagram van {v.peiljaar} tot en met {v.doeljaar} voor {v.regio.naam}: de opgetelde opgave bij een "
             "ambitie van " + ", ".join(f"{_pct(n)} (tot {_n(t)} woningen)" for n, t in zip(k['ambitie'], k['opgave']))
             + f", tegen het opgetelde beschikbare aanbod bij het plafond (tot {_n(beschikbaar[-1])} woningen)."),
    )


def monitoring_table(v: Woonzorgvisie) -> Table:
    m = monitoring(v)
    frame = pd.DataFrame({"Indicator": m["indicator"], "Definitie": m["definitie"], "Nulmeting": m["nulmeting"],
                          "Streefwaarde": m["streefwaarde"], "Bron": m["bron"], "Hoe vaak": m["frequentie"]})
    return Table(frame, caption=f"Monitoringsindicatoren voor de woonzorgvisie, {v.regio.naam}",
                 bron=_bron_visie(v) + "; nulmeting uit de woonzorganalyse waar mogelijk")


def bronnen_html(v: Woonzorgvisie) -> HTML:
    bs = v.bouwstenen
    bronnen = sorted({b for r in bs.itertuples() for b in str(r.bron).split("; ") if b and b != "geen openbare bron gevonden"})
    definities = sorted(set(bs["bron_bouwsteen"])) if len(bs) else []
    lis = "".join(f"<li>{html.escape(b)}</li>" for b in bronnen)
    defs = "".join(f"<li>{html.escape(b)}</li>" for b in definities)
    return HTML(f"<p><strong>Bouwstenen</strong> (data/visie-bouwstenen.csv):</p><ul>{defs}</ul>"
                f"<p><strong>Stand in de regio</strong> (data/visie-status.csv):</p><ul>{lis or '<li>–</li>'}</ul>")


def gespreksvragen_html(v: Woonzorgvisie) -> HTML:
    """Questions written from the region's own figures and gaps."""
    g = v.per_gemeente().sort_values("extra_nodig", ascending=False)
    onbekend = v.bouwstenen[v.bouwstenen["status"].isin(["onbekend", "ontbreekt"])]["naam"].tolist()
    vragen = []
    if (g["extra_nodig"] > 0.5).any():
        r = g.iloc[0]
        vragen.append(f"{r.gemeente} heeft een opgave van ongeveer {_n(r.opgave)} woningen tot en met {v.doeljaar}, "
                      f"{_n(r.extra_nodig)} meer dan er daar bij het plafond vrijkomt. Hoe vult de gemeente dat in: "
                      "een hoger aandeel, nieuwbouw, andere woonvormen of een ruil met een buurgemeente?")
    if onbekend:
        vragen.append(f"Over {len(onbekend)} bouwstenen vonden we niets ({', '.join(onbekend[:4])}"
                      f"{', …' if len(onbekend) > 4 else ''}). Wat is er al, wie weet het, en wat moet er nog komen?")
    vragen.append(f"Is een ambitie van {_pct(v.ambitie)} haalbaar en te verdedigen tegenover andere woningzoekenden?")
    return HTML("<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in vragen) + "</ul>")


def scenario_knobs(v: Woonzorgvisie) -> dict[str, object]:
    """The workbook controls (see :func:`woonzorg.widgets.scenario_controls`): verdeelsleutel and ambitie."""
    from woonzorg import widgets

    return {
        "verdeelsleutel": widgets.Knob.dropdown(
            "Verdeelsleutel", {k.naam: sid for sid, k in analyse.VERDEELSLEUTELS.items()}, v.verdeelsleutel),
        "ambitie": widgets.Knob.slider("Ambitie", v.ambitie, 0.1, 1.0, 0.05, percent=True),
    }


def scenario_renderer(dataset: Dataset, v: Woonzorgvisie):
    """A render callback for the workbook controls: the targets under the chosen key and ambition
    (at the starting values ``v`` itself, whose chart the notebook drew already)."""
    a = v.analyse

    def render(**knobs) -> list[object]:
        if knobs == {"verdeelsleutel": v.verdeelsleutel, "ambitie": v.ambitie}:
            w = v
        else:
            w = woonzorgvisie(dataset, a.regio.id, peiljaar=a.peiljaar, doeljaar=a.doeljaar,
                              mutatiegraad=a.mutatiegraad, plafond_aandeel=a.plafond_aandeel,
                              groei_vraag=a.groei_vraag, **knobs)
        return [kerncijfers_html(w), opgave_table(w), opgave_chart(w)]

    return render


# --------------------------------------------------------------------------------------------
# The theme's declaration (see woonzorg.themes)

THEME = Theme(
    name="woonzorgvisie",
    title="Woonzorgvisie",
    package=__name__,
    tables=(BOUWSTENEN, STATUS),
    checks=(_check_tables,),
    key_figures={
        "ambitie": KeyFigure("ambitie: deel van de opgave dat de regio wil halen", "procent"),
        "opgave_tot_doeljaar": KeyFigure("opgave tot het doeljaar (woningen)"),
        "opgave_per_jaar": KeyFigure("opgave per jaar (woningen)"),
        "beschikbaar_tot_doeljaar": KeyFigure("beschikbaar tot het doeljaar"),
        "tekort_bij_ambitie": KeyFigure("tekort bij deze ambitie"),
        "gemeenten_boven_aanbod": KeyFigure("gemeenten met meer opgave dan aanbod"),
        "bouwstenen_aanwezig": KeyFigure("bouwstenen woonzorgvisie aanwezig"),
        "bouwstenen_gedeeltelijk": KeyFigure("bouwstenen gedeeltelijk"),
        "bouwstenen_ontbreekt": KeyFigure("bouwstenen ontbreken"),
        "bouwstenen_onbekend": KeyFigure("bouwstenen onbekend"),
    },
    headline_figures=("bouwstenen_aanwezig",),
)
