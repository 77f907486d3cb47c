"""The regioprofiel: a region's municipalities with their figures, totals and sources."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from woonzorg import regions
from woonzorg.present import charts
from woonzorg.themes import KeyFigure, Theme
from woonzorg import dutch
from woonzorg.leerkring.exercises import Denkfout, Opdracht, maak_opdracht
from woonzorg.data import Dataset
from woonzorg.present.tables import HTML, Table

COUNT_COLUMNS = ["inwoners", "huishoudens", "woningvoorraad", "corporatiewoningen", "inwoners_65plus"]


@dataclass(frozen=True)
class Regioprofiel:
    regio: regions.Region
    gemeenten: pd.DataFrame  # one row per municipality, figures as in data/
    totalen: dict[str, int]
    bronnen: list[str]
    schattingen: pd.DataFrame  # municipalities whose corporation share is an estimate

    @property
    def peildatum(self) -> str:
        return ", ".join(sorted(set(self.gemeenten["peildatum"])))


def regioprofiel(dataset: Dataset, regio: str) -> Regioprofiel:
    """Compute the profile of one region from the dataset."""
    region = regions.get_region(dataset, regio)
    table = regions.region_municipalities(dataset, regio)
    totalen = {c: int(table[c].sum()) for c in COUNT_COLUMNS}
    bronnen = sorted(set(table["bron"]) | set(table["corporatie_bron"]))
    schattingen = table.loc[table["corporatie_schatting"].astype(bool),
                            ["gemeentecode", "gemeente", "corporatie_aandeel", "corporatie_methode"]]
    return Regioprofiel(region, table, totalen, bronnen, schattingen.reset_index(drop=True))


def profiel_table(profiel: Regioprofiel) -> Table:
    """The municipalities as a published table, with the region total in the footer."""
    g = profiel.gemeenten
    shown = pd.DataFrame({
        "Gemeente": g["gemeente"] + g["centrumgemeente"].map({True: " (centrumgemeente)", False: ""}),
        "CBS-code": g["gemeentecode"],
        "Inwoners": g["inwoners"],
        "Huishoudens": g["huishoudens"],
        "Woningen": g["woningvoorraad"],
        "Corporatie-aandeel": g["corporatie_aandeel"],
        "Corporatiewoningen (afgeleid)": g["corporatiewoningen"],
        "65-plussers": g["inwoners_65plus"],
    })
    shown["Corporatie-aandeel"] = [
        f"{charts.dutch_number(v * 100, 1)}%{' (schatting)' if s else ''}"
        for v, s in zip(g["corporatie_aandeel"], g["corporatie_schatting"])
    ]
    t = profiel.totalen
    totals = {
        "Gemeente": f"Totaal {profiel.regio.naam}",
        "Inwoners": t["inwoners"],
        "Huishoudens": t["huishoudens"],
        "Woningen": t["woningvoorraad"],
        "Corporatie-aandeel": f"{charts.dutch_number(100 * t['corporatiewoningen'] / t['woningvoorraad'], 1)}%",
        "Corporatiewoningen (afgeleid)": t["corporatiewoningen"],
        "65-plussers": t["inwoners_65plus"],
    }
    return Table(
        shown,
        caption=f"Gemeenten van {profiel.regio.naam}, peildatum {profiel.peildatum}",
        bron="; ".join(profiel.bronnen) + ". Corporatiewoningen = woningen × corporatie-aandeel (afgeleid).",
        totals=totals,
    )


def inwoners_chart(profiel: Regioprofiel) -> charts.Chart:
    """Inhabitants per municipality, centrumgemeenten highlighted."""
    g = profiel.gemeenten.sort_values("inwoners", ascending=False)
    largest = g.iloc[0]
    share = largest["inwoners"] / profiel.totalen["inwoners"]
    return charts.horizontal_bars(
        g["gemeente"].tolist(),
        g["inwoners"].astype(float).tolist(),
        title=f"Inwoners per gemeente, {profiel.regio.naam}",
        xlabel="inwoners",
        bron=f"CBS, Kerncijfers wijken en buurten 2024 (85984NED), peildatum {profiel.peildatum}",
        alt=(
            f"Staafdiagram van het aantal inwoners van de {len(g)} gemeenten van {profiel.regio.naam}. "
            f"De grootste is {largest['gemeente']} met {charts.dutch_number(largest['inwoners'])} inwoners "
            f"({charts.dutch_number(share * 100, 0)}% van de regio); de kleinste is {g.iloc[-1]['gemeente']} "
            f"met {charts.dutch_number(g.iloc[-1]['inwoners'])}."
        ),
        highlight=g["centrumgemeente"].tolist(),
        highlight_label="centrumgemeente",
    )


def kerncijfers(profiel: Regioprofiel) -> dict[str, object]:
    """The region's key figures, recorded for the site index."""
    t = profiel.totalen
    return {
        "gemeenten": len(profiel.gemeenten),
        "inwoners": t["inwoners"],
        "huishoudens": t["huishoudens"],
        "woningvoorraad": t["woningvoorraad"],
        "corporatiewoningen": t["corporatiewoningen"],
        "corporatie_aandeel": round(t["corporatiewoningen"] / t["woningvoorraad"], 4),
    }


def kerncijfers_html(profiel: Regioprofiel) -> HTML:
    k = kerncijfers(profiel)
    items = [
        ("gemeenten", charts.dutch_number(k["gemeenten"])),
        ("inwoners", charts.dutch_number(k["inwoners"])),
        ("huishoudens", charts.dutch_number(k["huishoudens"])),
        ("woningen", charts.dutch_number(k["woningvoorraad"])),
        ("corporatiewoningen (afgeleid)", charts.dutch_number(k["corporatiewoningen"])),
        ("aandeel corporatiewoningen", f"{charts.dutch_number(100 * k['corporatie_aandeel'], 1)}%"),
    ]
    lis = "".join(f"<li><strong>{v}</strong> {html.escape(label)}</li>" for label, v in items)
    return HTML(
        f'<ul class="wz-kerncijfers">{lis}</ul>'
        f'<p class="wz-bron">Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED), peildatum {profiel.peildatum}; '
        "corporatiewoningen afgeleid als woningen × corporatie-aandeel.</p>"
    )


def schattingen_html(profiel: Regioprofiel) -> HTML:
    """A visible notice for every figure in the table that is an estimate, with its method."""
    if profiel.schattingen.empty:
        return HTML('<p class="wz-bron">Alle cijfers in deze tabel zijn waarnemingen uit de genoemde bronnen; '
                    "alleen het aantal corporatiewoningen is afgeleid.</p>")
    items = "".join(
        f"<li><strong>{html.escape(r.gemeente)}</strong>: corporatie-aandeel "
        f"{charts.dutch_number(100 * r.corporatie_aandeel, 1)}% is een <em>schatting</em> — "
        f"{html.escape(r.corporatie_methode or 'methode niet opgegeven')}</li>"
        for r in profiel.schattingen.itertuples()
    )
    return HTML(f'<div class="wz-schatting" role="note"><p><strong>Let op: schattingen.</strong></p><ul>{items}</ul></div>')


def bronnen_html(profiel: Regioprofiel) -> HTML:
    rows = "".join(f"<li>{html.escape(b)}</li>" for b in profiel.bronnen)
    return HTML(
        f"<ul>{rows}</ul><p>Regio-indeling: {html.escape(', '.join(sorted(set(profiel.gemeenten['gemeentecode']))))} "
        f"({len(profiel.gemeenten)} gemeenten). Peildatum van de CBS-cijfers: {html.escape(profiel.peildatum)}.</p>"
    )


# --------------------------------------------------------------------------------------------
# The learning circle's exercises and discussion questions (woonzorg.leerkring asks THEME for them)


def _aandeel_65plus(dataset: Dataset, regio: str) -> Opdracht:
    p = regioprofiel(dataset, regio)
    g, t = p.gemeenten, p.totalen
    antwoord = 100 * t["inwoners_65plus"] / t["inwoners"]
    ongewogen = 100 * float((g["inwoners_65plus"] / g["inwoners"]).astype(float).mean())
    return maak_opdracht(
        thema="regioprofiel", id="aandeel-65plus", titel="Hoe oud is de regio?",
        vraag=(f"Welk deel van de inwoners van {p.regio.naam} is 65 jaar of ouder? Gebruik de tabel "
               "'Gemeenten en hun cijfers' en geef een percentage met twee decimalen."),
        eenheid="%", decimalen=2, antwoord=antwoord, tolerantie=0.015,
        uitleg=(f"Alle 65-plussers van de regio ({dutch.number(t['inwoners_65plus'])}) gedeeld door alle inwoners "
                f"({dutch.number(t['inwoners'])}) is {dutch.number(antwoord, 2)}%. Grote gemeenten wegen zo mee naar hun omvang."),
        hint="Tel eerst de 65-plussers en de inwoners van de hele regio op (de totaalregel) en deel dan.",
        denkfouten=[
            Denkfout(ongewogen, "u nam het ongewogen gemiddelde van de percentages van de gemeenten. Dan telt "
                                "een kleine gemeente even zwaar als een grote. Deel het totaal aantal 65-plussers "
                                "door het totaal aantal inwoners."),
            Denkfout(100 * t["inwoners_65plus"] / t["huishoudens"],
                     "u deelde door het aantal huishoudens. Het gaat om het deel van de inwoners."),
            Denkfout(100 - antwoord, "u berekende het deel van de inwoners dat jonger is dan 65."),
            Denkfout(antwoord / 100, "u gaf een aandeel in plaats van een percentage; vermenigvuldig met 100."),
        ],
    )


def _huishoudensgrootte(dataset: Dataset, regio: str) -> Opdracht:
    p = regioprofiel(dataset, regio)
    g, t = p.gemeenten, p.totalen
    antwoord = t["inwoners"] / t["huishoudens"]
    return maak_opdracht(
        thema="regioprofiel", id="huishoudensgrootte", titel="Hoe groot is een huishouden?",
        vraag=(f"Hoeveel inwoners telt een huishouden in {p.regio.naam} gemiddeld? Reken met de totalen van de "
               "regio en geef twee decimalen."),
        eenheid="inwoners per huishouden", decimalen=2, antwoord=antwoord, tolerantie=0.01,
        uitleg=(f"{dutch.number(t['inwoners'])} inwoners gedeeld door {dutch.number(t['huishoudens'])} huishoudens is "
                f"{dutch.number(antwoord, 2)} inwoners per huishouden. (Inwoners in instellingen tellen mee bij de inwoners, "
                "niet bij de particuliere huishoudens; het cijfer is daardoor iets hoger dan de echte "
                "huishoudensgrootte.)"),
        hint="Deel het aantal inwoners van de regio door het aantal huishoudens van de regio.",
        denkfouten=[
            Denkfout(t["huishoudens"] / t["inwoners"], "u deelde de huishoudens door de inwoners: dat is het aantal "
                                                       "huishoudens per inwoner. Deel andersom."),
            Denkfout(t["inwoners"] / t["woningvoorraad"], "u deelde door het aantal woningen in plaats van het "
                                                          "aantal huishoudens."),
            Denkfout(float((g["inwoners"] / g["huishoudens"]).astype(float).mean()),
                     "u nam het ongewogen gemiddelde van de gemeenten. Reken met de totalen van de regio."),
        ],
    )


def _vragen_regioprofiel(dataset: Dataset, regio: str) -> list[str]:
    p = regioprofiel(dataset, regio)
    g = p.gemeenten.assign(inw=lambda f: f["inwoners"].astype(float), corp=lambda f: f["corporatiewoningen"].astype(float))
    t = p.totalen
    grootste = g.loc[g["inw"].idxmax()]
    hoog, laag = g.loc[g["corporatie_aandeel"].astype(float).idxmax()], g.loc[g["corporatie_aandeel"].astype(float).idxmin()]
    return [
        f"{grootste.gemeente} heeft {dutch.percent(grootste.inw / t['inwoners'])} van de inwoners van {p.regio.naam} en "
        f"{dutch.percent(grootste.corp / t['corporatiewoningen'])} van de corporatiewoningen. Wat betekent dat voor wie nu "
        "de meeste aandachtsgroepen huisvest?",
        f"Het corporatie-aandeel loopt van {dutch.percent(laag.corporatie_aandeel, 1)} in {laag.gemeente} tot "
        f"{dutch.percent(hoog.corporatie_aandeel, 1)} in {hoog.gemeente}. Moet een gemeente met weinig sociale huur minder "
        "doen, of juist iets anders (nieuwbouw, andere woonvormen)?",
        f"De regio telt {dutch.number(t['inwoners_65plus'])} inwoners van 65 jaar en ouder. Hoe nemen we ouderen mee in de "
        "woonzorgopgave naast de aandachtsgroepen?",
        "Welke cijfers heeft de regio zelf (corporaties, centrumgemeente, woonruimteverdeling) die beter zijn dan "
        "deze landelijke bronnen, en wie levert ze aan voor de volgende sessie?",
    ]


# --------------------------------------------------------------------------------------------
# The theme's declaration (see woonzorg.themes)

THEME = Theme(
    name="regioprofiel",
    title="Regioprofiel",
    package=__name__,
    exercises=(_aandeel_65plus, _huishoudensgrootte),
    questions=_vragen_regioprofiel,
    key_figures={
        "gemeenten": KeyFigure("gemeenten"),
        "inwoners": KeyFigure("inwoners"),
        "huishoudens": KeyFigure("huishoudens"),
        "woningvoorraad": KeyFigure("woningen"),
        "corporatiewoningen": KeyFigure("corporatiewoningen (afgeleid)"),
        "corporatie_aandeel": KeyFigure("aandeel corporatiewoningen", "procent"),
    },
    headline_figures=("gemeenten", "inwoners", "corporatie_aandeel"),
)
