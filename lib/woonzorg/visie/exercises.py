"""Woonzorgvisie exercises and discussion questions for the learning circle (computed by calling the theme's model).

The exercise engine (``new_opdracht``, ``Denkfout``) lives in :mod:`woonzorg.leerkring` and is imported when
an exercise is made; its helpers (``row_with_highest``, ``tolerantie``) import no theme and are imported here.
"""

from __future__ import annotations

from woonzorg import analyse
from woonzorg.data import Dataset
from woonzorg.leerkring.exercises import row_with_highest, tolerantie
from woonzorg.dutch import number as _n, percent as _pct
from woonzorg.visie.model import woonzorgvisie






def opgave_per_jaar_gemeente(dataset: Dataset, regio: str):
    from woonzorg.leerkring import Denkfout, new_opdracht

    ambitie, sleutel = 0.75, "corporatiewoningen"
    v = woonzorgvisie(dataset, regio, verdeelsleutel=sleutel, ambitie=ambitie)
    volledig = woonzorgvisie(dataset, regio, ambitie=1.0)
    g = v.per_gemeente().reset_index(drop=True)
    vol = volledig.per_gemeente(sleutel).set_index("gemeentecode")
    inw = volledig.per_gemeente("inwoners").set_index("gemeentecode")
    verschil = (g["gemeentecode"].map(vol["opgave"]) - g["gemeentecode"].map(inw["opgave"])).abs()
    x = row_with_highest(g, verschil)
    antwoord = float(x.opgave_per_jaar)
    totaal_vol = float(vol.at[x.gemeentecode, "opgave"])
    sleutelnaam = analyse.VERDEELSLEUTELS[sleutel].naam
    return new_opdracht(
        thema="woonzorgvisie", id="opgave-per-jaar", titel="De opgave van één gemeente",
        vraag=(f"Stel dat de regio kiest voor een ambitie van {_pct(ambitie)} en de opgave verdeelt {sleutelnaam}. "
               f"Hoeveel woningen per jaar moet {x.gemeente} dan beschikbaar maken voor aandachtsgroepen, gemiddeld "
               f"over {v.peiljaar} tot en met {v.doeljaar}? Gebruik de tabel 'Opgave tot en met {v.doeljaar} per "
               "gemeente onder de drie verdeelsleutels' (die rekent met een ambitie van 100%); geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=tolerantie(antwoord, 0.15, 0.005),
        uitleg=(f"De opgave van {x.gemeente} {sleutelnaam} tot en met {v.doeljaar} is bij 100% ambitie "
                f"{_n(totaal_vol)} woningen. Bij {_pct(ambitie)} is dat {_n(totaal_vol * ambitie, 1)}, verdeeld over "
                f"{v.jaren} jaar ({v.peiljaar} tot en met {v.doeljaar}): {_n(antwoord, 1)} woningen per jaar."),
        hint=f"Opgave per jaar = opgave tot en met {v.doeljaar} bij 100% × de ambitie ÷ het aantal jaren (tel het "
             "eerste en het laatste jaar allebei mee).",
        denkfouten=[
            Denkfout(totaal_vol / v.jaren, f"u rekende met een ambitie van 100%. Vermenigvuldig met {_pct(ambitie)}."),
            Denkfout(totaal_vol * ambitie, f"dat is de opgave over de hele periode; deel door het aantal jaren "
                                           f"({v.jaren})."),
            Denkfout(totaal_vol * ambitie / (v.jaren - 1), f"u deelde door {v.jaren - 1} jaar. {v.peiljaar} tot en met "
                                                           f"{v.doeljaar} is {v.jaren} jaar: beide jaren tellen mee."),
            Denkfout(float(inw.at[x.gemeentecode, "opgave"]) * ambitie / v.jaren,
                     f"u gebruikte de verdeling naar inwoners. De vraag is de verdeling {sleutelnaam}."),
            Denkfout(totaal_vol * (1 - ambitie) / v.jaren, f"u rekende met {_pct(1 - ambitie)} in plaats van "
                                                           f"{_pct(ambitie)}."),
        ],
    )


def opgave_regio_ambitie(dataset: Dataset, regio: str):
    from woonzorg.leerkring import Denkfout, new_opdracht

    ambitie = 0.6
    v = woonzorgvisie(dataset, regio, ambitie=ambitie)
    volledig = woonzorgvisie(dataset, regio, ambitie=1.0)
    antwoord = v.opgave_regio / v.jaren
    return new_opdracht(
        thema="woonzorgvisie", id="opgave-regio", titel="Een lagere ambitie",
        vraag=(f"De tabel 'Gevolgen van het ambitieniveau' toont de opgave van {v.regio.naam} bij 50%, 75% en 100%. "
               f"Hoeveel woningen per jaar is de regionale opgave bij een ambitie van {_pct(ambitie)}? Geef één "
               "decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=tolerantie(antwoord, 0.4, 0.003),
        uitleg=(f"Bij 100% ambitie is de opgave {_n(volledig.opgave_regio / volledig.jaren, 1)} woningen per jaar; "
                f"{_pct(ambitie)} daarvan is {_n(antwoord, 1)}. De opgave groeit evenredig met de ambitie."),
        hint="De opgave is evenredig met de ambitie: neem het juiste deel van de opgave per jaar bij 100%.",
        denkfouten=[
            Denkfout(volledig.opgave_regio / volledig.jaren, "dat is de opgave per jaar bij 100% ambitie."),
            Denkfout(v.opgave_regio, f"dat is de opgave over de hele periode; deel door het aantal jaren ({v.jaren})."),
            Denkfout(ambitie * volledig.beschikbaar_regio / volledig.jaren,
                     f"u nam {_pct(ambitie)} van het beschikbare aanbod. De ambitie is een deel van de vraag."),
            Denkfout(volledig.opgave_regio / volledig.jaren * (1 - ambitie),
                     f"u rekende met {_pct(1 - ambitie)} in plaats van {_pct(ambitie)}."),
        ],
    )


def _aantal_groepen(n: int) -> str:
    return f"{n} groep" if n == 1 else f"{n} groepen"


def _groepen(namen) -> str:
    from woonzorg.analyse.model import GROEP_NAMEN

    labels = [GROEP_NAMEN.get(g, str(g)).lower() for g in namen]
    return ", ".join(labels) if labels else "geen"


def doel_bij_schatting(dataset: Dataset, regio: str):
    """A judgement: which target a municipality can defend when part of its demand is estimated or unknown."""
    from woonzorg.leerkring import Keuze, Optie
    from woonzorg.names import common_name

    v = woonzorgvisie(dataset, regio)
    a = analyse.woonzorganalyse(dataset, regio)
    g = v.per_gemeente().reset_index(drop=True)
    x = g.loc[g["opgave"].astype(float).idxmax()]
    naam = common_name(x.gemeente)
    eigen = a.vraag[a.vraag["gemeentecode"] == x.gemeentecode]
    geschat = sorted(set(eigen.loc[eigen["status"] == "schatting", "groep"]))
    waargenomen = sorted(set(eigen.loc[eigen["status"] == "waargenomen", "groep"]))
    alle = set(a.cijfers.loc[a.cijfers["grootheid"] == "instroom", "groep"]) | set(eigen["groep"])
    onbekend = sorted(alle - set(geschat) - set(waargenomen))
    delen = [f"{_aantal_groepen(len(lijst))} {woord} ({_groepen(lijst)})"
             for lijst, woord in ((waargenomen, "waargenomen"), (geschat, "geschat"), (onbekend, "onbekend")) if lijst]
    return Keuze(
        thema="woonzorgvisie", id="doel-bij-schatting", titel="Welk doel is te verdedigen?",
        vraag=(f"{naam} heeft de grootste opgave van {v.regio.naam}: ongeveer {_n(x.opgave)} woningen tot en met "
               f"{v.doeljaar} (ambitie {_pct(v.ambitie)}). Van de vraag van aandachtsgroepen in {naam} is: "
               f"{'; '.join(delen)}. Welk doel schrijft {naam} in het volkshuisvestingsprogramma?"),
        opties=(
            Optie(f"Precies {_n(x.opgave_afgerond)} woningen: dat is wat het model uitrekent.", False,
                  "een doel tot op de woning wekt een schijnnauwkeurigheid: een schatting is een bandbreedte met een "
                  "methode, en wie onbekend is, ontbreekt in het getal. Het doel hoort te zeggen waarop het rust."),
            Optie("Een doel met de opgave als ondergrens, met de bandbreedte en de onbekende groepen erbij, bij te "
                  "stellen zodra de eigen cijfers er zijn.", True,
                  "zo is het doel verdedigbaar: het zegt wat waargenomen en wat geschat is, en dat de onbekende "
                  "groepen er nog bij komen. De gemeente kan nu beginnen en weet wanneer en hoe ze bijstelt."),
            Optie("Nog geen doel: eerst moeten alle cijfers waargenomen zijn.", False,
                  "wachten op volledige cijfers betekent dat er jaren geen afspraak is, terwijl de aandachtsgroepen "
                  "wachten. Een schatting met methode en bandbreedte is een bruikbare basis voor een eerste doel."),
            Optie("Het aantal woningen dat vorig jaar aan aandachtsgroepen is toegewezen: dat is tenminste "
                  "waargenomen, dus een cijfer waarover in de gemeenteraad niemand kan twisten en dat de corporaties "
                  "al kennen.", False,
                  "toewijzingen zeggen wat er aangeboden is, niet wat er nodig is. Een doel op basis van toewijzingen "
                  "bevestigt de huidige verdeling en zegt niets over het tekort."),
        ),
        uitleg=(f"De opgave van {naam} rust deels op schattingen en mist de onbekende groepen; een goed doel noemt "
                "dat en spreekt af wanneer het wordt bijgesteld."),
        hint="Wat is het verschil tussen waargenomen, geschat en onbekend, en wat betekent dat voor een doel?",
    )


EXERCISES = (opgave_per_jaar_gemeente, opgave_regio_ambitie, doel_bij_schatting)


def questions(dataset: Dataset, regio: str) -> list[str]:
    """Discussion questions for the facilitator, from the region's own figures and gaps."""
    from woonzorg.dutch import count_noun
    from woonzorg.names import common_name

    v = woonzorgvisie(dataset, regio)
    g = v.per_gemeente().sort_values("extra_nodig", ascending=False)
    onbekend = v.bouwstenen[v.bouwstenen["status"].isin(["onbekend", "ontbreekt"])]["naam"].tolist() \
        if len(v.bouwstenen) else []
    vragen = [f"De regionale opgave is ongeveer {_n(v.opgave_regio / v.jaren)} woningen per jaar tot en met "
              f"{v.doeljaar} (ambitie {_pct(v.ambitie)}, {analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}). Welke "
              "ambitie durft de regio vast te leggen in de volkshuisvestingsprogramma's?"]
    if len(g) and g["extra_nodig"].iloc[0] > 0.5:
        r = g.iloc[0]
        vragen.append(f"{common_name(r.gemeente)} heeft een opgave van ongeveer {_n(r.opgave)} woningen, {_n(r.extra_nodig)} meer dan "
                      "er bij het plafond vrijkomt. Hoe vult de gemeente dat in: een hoger aandeel, nieuwbouw, andere "
                      "woonvormen of een ruil met een buurgemeente?")
    if onbekend:
        vragen.append(f"Over {count_noun(len(onbekend), 'bouwsteen', 'bouwstenen')} vonden we niets "
                      f"({', '.join(onbekend[:3])}{', …' if len(onbekend) > 3 else ''}). Wat is er al, en wie maakt de rest?")
    vragen.append("Hoe komt het bod van elke gemeente in de prestatieafspraken, en wie volgt de voortgang?")
    return vragen
