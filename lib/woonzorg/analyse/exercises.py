"""The woonzorganalyse's exercises for the learning circle and the facilitator's discussion questions.

Each maker takes ``(dataset, regio)`` and returns an exercise built with the learning circle's
engine (:func:`woonzorg.leerkring.new_opdracht`); the answer is computed by calling this theme's
model, never typed in. The engine is imported when a maker runs, because the learning circle
itself imports the themes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


from woonzorg import regions
from woonzorg.data import Dataset
from woonzorg.leerkring.exercises import row_with_highest, tolerantie
from woonzorg.dutch import number as _n
from woonzorg.dutch import percent as _pct
from woonzorg.analyse import model

if TYPE_CHECKING:
    from woonzorg.leerkring import Keuze, Opdracht






def eerlijk_aandeel_huishoudens(dataset: Dataset, regio: str) -> Opdracht:
    """What is a municipality's fair share if the region distributes by households (a fourth key)?"""
    from woonzorg.leerkring import Denkfout, new_opdracht

    a = model.woonzorganalyse(dataset, regio)
    g = a.gemeenten.reset_index(drop=True)
    totaal = float(a.vraag[a.vraag["regiobreed"]]["vraag"].sum())  # what a verdeelsleutel shares out
    aandeel_hh = g["huishoudens"] / g["huishoudens"].sum()
    per_sleutel = {k: a.spreiding[a.spreiding["verdeelsleutel"] == k].set_index("gemeentecode")["eerlijk_aandeel"]
                   for k in model.VERDEELSLEUTELS}
    # the municipality where the household key differs most from the key in the table everyone knows
    verschil = (aandeel_hh * totaal - g["gemeentecode"].map(per_sleutel["inwoners"])).abs()
    x = row_with_highest(g, verschil)
    antwoord = totaal * float(aandeel_hh[x.name])
    eigen = float(model.vraag_per_gemeente(a.vraag).set_index("gemeentecode").at[x.gemeentecode, "vraag"])
    return new_opdracht(
        thema="woonzorganalyse", id="eerlijk-aandeel-huishoudens", titel="Een vierde verdeelsleutel",
        vraag=(f"De tabel 'Eerlijk aandeel per gemeente' rekent met drie verdeelsleutels. Stel dat de regio de "
               f"vraag van aandachtsgroepen verdeelt naar het aantal huishoudens. Wat is dan het eerlijke aandeel van "
               f"{x.gemeente}, in woningen per jaar? Gebruik de regionale vraag (totaal van de tabel 'Eerlijk "
               "aandeel per gemeente') en de huishoudens uit het regioprofiel; geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=tolerantie(antwoord, 0.3, 0.005),
        uitleg=(f"Regiobreed bekende vraag {_n(totaal)} woningen per jaar × het aandeel van {x.gemeente} in de huishoudens van "
                f"de regio ({_n(x.huishoudens)} van {_n(g['huishoudens'].sum())} = {_pct(aandeel_hh[x.name], 1)}) "
                f"= {_n(antwoord, 1)} woningen per jaar."),
        hint=("Eerlijk aandeel = de vraag die voor de hele regio bekend is × (huishoudens van de gemeente / "
              "huishoudens van de regio)."),
        denkfouten=[
            Denkfout(float(per_sleutel["inwoners"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar inwoners; dat staat al in de tabel. Reken met het aandeel "
                     "in de huishoudens."),
            Denkfout(float(per_sleutel["corporatiewoningen"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar sociale huurvoorraad. Reken met het aandeel in de huishoudens."),
            Denkfout(float(per_sleutel["vrijkomend"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar vrijkomend aanbod. Reken met het aandeel in de huishoudens."),
            Denkfout(eigen, f"dat is de bekende vraag die in {x.gemeente} zelf ontstaat, niet haar eerlijke aandeel "
                            "van de regionale vraag."),
            Denkfout(totaal / len(g), "u verdeelde de vraag gelijk over alle gemeenten. Een verdeelsleutel weegt "
                                      "naar de omvang van elke gemeente."),
            Denkfout(100 * float(aandeel_hh[x.name]), "dat is het aandeel van de gemeente in de huishoudens (in "
                                                      "procenten). Vermenigvuldig dat aandeel met de regionale vraag."),
        ],
    )


def _eigen_mutatiegraad(landelijk: float) -> float:
    """A turnover clearly different from the scenario's, so the exercise's answer is in no table."""
    return 0.055 if abs(landelijk - 0.055) > 0.01 else 0.085


def vrijkomend_aanbod(dataset: Dataset, regio: str) -> Opdracht:
    """How many social homes fall vacant in a municipality at the corporations' own mutatiegraad?"""
    from woonzorg.leerkring import Denkfout, new_opdracht

    a = model.woonzorganalyse(dataset, regio)
    basis = model.gemeenten_basis(dataset, regio)
    mg = _eigen_mutatiegraad(a.mutatiegraad)
    eigen = model.aanbod(basis, mutatiegraad=mg)
    y = row_with_highest(eigen, eigen["corporatiewoningen"])
    antwoord = float(y.vrijkomend)
    woningen = float(regions.region_municipalities(dataset, regio).set_index("gemeentecode")
                     .at[y.gemeentecode, "woningvoorraad"])
    landelijk = float(a.aanbod.set_index("gemeentecode").at[y.gemeentecode, "vrijkomend"])
    procent = _n(100 * mg, 1)
    return new_opdracht(
        thema="woonzorganalyse", id="vrijkomend-aanbod", titel="Een eigen mutatiegraad",
        vraag=(f"De corporaties in {y.gemeente} melden dat er per jaar {procent}% van hun woningen vrijkomt (de "
               f"mutatiegraad). Hoeveel sociale huurwoningen komen er dan per jaar vrij in {y.gemeente}, zonder "
               "nieuwbouw? Geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=tolerantie(antwoord, 0.15, 0.002),
        uitleg=(f"{_n(y.corporatiewoningen)} corporatiewoningen × {procent}% = {_n(antwoord, 1)} vrijkomende "
                "woningen per jaar."),
        hint="Vrijkomend aanbod = corporatiewoningen van de gemeente × de mutatiegraad (als deel, dus 5% = 0,05).",
        denkfouten=[
            Denkfout(landelijk, f"u rekende met de mutatiegraad van het scenario ({_pct(a.mutatiegraad, 1)}) uit de tabel "
                                f"'Vrijkomende sociale huurwoningen'. Gebruik de {procent}% van de corporaties."),
            Denkfout(woningen * mg, "u nam alle woningen van de gemeente. Alleen corporatiewoningen (de sociale "
                                    "huurvoorraad) komen vrij voor aandachtsgroepen."),
            Denkfout(antwoord * 100, f"u rekende met {procent} in plaats van {procent}% (= {_n(mg, 3)})."),
            Denkfout(antwoord * a.plafond_aandeel, "u nam alleen het deel onder het plafond voor aandachtsgroepen. "
                                                   "De vraag gaat over alle woningen die vrijkomen."),
        ],
    )



def vragen(dataset: Dataset, regio: str) -> list[str]:
    """Discussion questions for the facilitator, with the region's own figures, data gaps and flags."""
    from woonzorg.analyse.tekst import vragen_tekst

    return vragen_tekst(model.woonzorganalyse(dataset, regio))


def _sleutelnaam(sleutel: str) -> str:
    return model.VERDEELSLEUTELS[sleutel].naam


def bodronde(dataset: Dataset, regio: str) -> Keuze:
    """A judgement on the region's fair shares: a municipality bids its share under the key that suits it best."""
    from woonzorg.leerkring import Keuze, Optie

    a = model.woonzorganalyse(dataset, regio)
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
               f"{_n(laag, 1)} woningen per jaar voor aandachtsgroepen: haar eerlijk aandeel "
               f"{model.VERDEELSLEUTELS[laag_sleutel].naam}. {model.VERDEELSLEUTELS[hoog_sleutel].naam.capitalize()} zou het "
               f"{_n(hoog, 1)} zijn. Wat is de best te verdedigen reactie van de regio?"),
        opties=(
            Optie("Akkoord: elke verdeelsleutel is verdedigbaar, dus elke gemeente mag de sleutel kiezen die haar "
                  "het best uitkomt, zolang ze in de regio uitlegt waarom juist die sleutel bij haar situatie past.",
                  False,
                  f"als elke gemeente haar gunstigste sleutel kiest, bieden de gemeenten van {a.regio.naam} samen "
                  f"{_n(som_gunstigst)} woningen per jaar, terwijl de regionale vraag ongeveer "
                  f"{_n(totaal)} is. Biedingen tellen alleen op tot de vraag als ze aan dezelfde "
                  "sleutel worden gemeten."),
            Optie("De regio kiest eerst samen één verdeelsleutel, met een reden, en toetst elk bod daaraan.", True,
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
        uitleg=(f"{gemeente} verschilt het meest tussen de sleutels ({_n(laag, 1)} tot {_n(hoog, 1)} "
                "woningen per jaar). Bespreek welke sleutel de regio kiest en waarom; een bod onder het eerlijk "
                "aandeel is pas een bod met een plan voor het verschil."),
        hint="Tel de biedingen op: komen ze uit op de regionale vraag?",
    )


def ontbrekende_gegevens(dataset: Dataset, regio: str) -> Keuze:
    """A judgement on missing data: where does a better figure for homelessness come from?"""
    from woonzorg.leerkring import Keuze, Optie

    a = model.woonzorganalyse(dataset, regio)
    region = regions.get_region(dataset, regio)
    namen = a.gemeenten.set_index("gemeentecode")["gemeente"]
    centrum = ", ".join(str(namen.get(code, code)) for code in region.centrumgemeenten) or "de centrumgemeente"
    return Keuze(
        thema="woonzorganalyse", id="ontbrekende-gegevens", titel="Wie heeft het betere cijfer?",
        vraag=(f"Voor dak- en thuislozen in {region.naam} is de instroom in deze analyse {_dakloos_status(a)}. "
               "Wie vraagt de leerkring om een (beter) waargenomen cijfer voor de volgende sessie?"),
        opties=(
            Optie(f"De centrumgemeente ({centrum}): die registreert de opvang voor de hele centrumregio.", True,
                  "dakloosheid wordt geregistreerd waar de opvang geregeld is: bij de centrumgemeente, op het niveau "
                  "van de centrumregio. Gebruik het cijfer op dat niveau en verdeel het niet zonder reden over "
                  "gemeenten."),
            Optie("De corporaties: zij weten precies hoeveel woningen ze vorig jaar aan dak- en thuislozen en aan "
                  "mensen uit de opvang toewezen, per gemeente en per doelgroep.", False,
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


def _dakloos_status(a) -> str:
    """What the analysis knows of homelessness in the region, in words: observed at which level, or unknown."""
    rows = a.cijfers[(a.cijfers["groep"] == "dakthuisloos") & (a.cijfers["grootheid"] == "instroom")]
    observed = rows[rows["status"] == "waargenomen"]
    if observed.empty:
        return "onbekend: er is geen waargenomen cijfer"
    levels = sorted(set(observed["niveau"]))
    return f"waargenomen op het niveau {' en '.join(levels)}; vraag of het volledig en recent is"


# the workbook numbers its exercises in this order (3 and 4 are judgements shown by their own cells)
EXERCISES = (eerlijk_aandeel_huishoudens, vrijkomend_aanbod, bodronde, ontbrekende_gegevens)
