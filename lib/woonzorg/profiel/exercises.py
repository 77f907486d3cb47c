"""Regioprofiel exercises and discussion questions for the learning circle (computed from the theme's model).

The exercise engine (``new_opdracht``, ``Denkfout``) lives in :mod:`woonzorg.leerkring` and is imported when
an exercise is made, so that this theme does not import the learning circle at load time.
"""

from __future__ import annotations

from woonzorg.data import Dataset
from woonzorg.dutch import number as _n, percent as _pct
from woonzorg.profiel.model import regioprofiel


def aandeel_65plus(dataset: Dataset, regio: str):
    from woonzorg.leerkring import Denkfout, new_opdracht

    p = regioprofiel(dataset, regio)
    g, t = p.gemeenten, p.totalen
    antwoord = 100 * t["inwoners_65plus"] / t["inwoners"]
    ongewogen = 100 * float((g["inwoners_65plus"] / g["inwoners"]).astype(float).mean())
    return new_opdracht(
        thema="regioprofiel", id="aandeel-65plus", titel="Hoe oud is de regio?",
        vraag=(f"Welk deel van de inwoners van {p.regio.naam} is 65 jaar of ouder? Gebruik de tabel "
               "'Gemeenten en hun cijfers' en geef een percentage met twee decimalen."),
        eenheid="%", decimalen=2, antwoord=antwoord, tolerantie=0.015,
        uitleg=(f"Alle 65-plussers van de regio ({_n(t['inwoners_65plus'])}) gedeeld door alle inwoners "
                f"({_n(t['inwoners'])}) is {_n(antwoord, 2)}%. Grote gemeenten wegen zo mee naar hun omvang."),
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


def huishoudensgrootte(dataset: Dataset, regio: str):
    from woonzorg.leerkring import Denkfout, new_opdracht

    p = regioprofiel(dataset, regio)
    g, t = p.gemeenten, p.totalen
    antwoord = t["inwoners"] / t["huishoudens"]
    return new_opdracht(
        thema="regioprofiel", id="huishoudensgrootte", titel="Hoe groot is een huishouden?",
        vraag=(f"Hoeveel inwoners telt een huishouden in {p.regio.naam} gemiddeld? Reken met de totalen van de "
               "regio en geef twee decimalen."),
        eenheid="inwoners per huishouden", decimalen=2, antwoord=antwoord, tolerantie=0.01,
        uitleg=(f"{_n(t['inwoners'])} inwoners gedeeld door {_n(t['huishoudens'])} huishoudens is "
                f"{_n(antwoord, 2)} inwoners per huishouden. (Inwoners in instellingen tellen mee bij de inwoners, "
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


def weinig_sociale_huur(dataset: Dataset, regio: str):
    """A judgement: what a municipality's small share of corporation homes means for its part of the task."""
    from woonzorg.leerkring import Keuze, Optie
    from woonzorg.names import common_name

    p = regioprofiel(dataset, regio)
    g = p.gemeenten.reset_index(drop=True)
    aandeel = g["corporatie_aandeel"].astype(float)
    laag, hoog = g.loc[aandeel.idxmin()], g.loc[aandeel.idxmax()]
    if laag.gemeentecode == hoog.gemeentecode:
        return None
    naam_laag, naam_hoog = common_name(laag.gemeente), common_name(hoog.gemeente)
    inwoners_laag = float(laag.inwoners) / float(p.totalen["inwoners"])
    return Keuze(
        thema="regioprofiel", id="weinig-sociale-huur", titel="Weinig sociale huur: minder doen?",
        vraag=(f"In {naam_laag} is {_pct(laag.corporatie_aandeel, 1)} van de woningen van een corporatie, in "
               f"{naam_hoog} {_pct(hoog.corporatie_aandeel, 1)}. {naam_laag} heeft {_pct(inwoners_laag, 1)} van de "
               f"inwoners van {p.regio.naam}. Een wethouder van {naam_laag} zegt: 'Wij hebben weinig sociale huur, "
               "dus wij kunnen weinig aandachtsgroepen huisvesten.' Welke reactie houdt stand?"),
        opties=(
            Optie(f"Klopt: het aandeel sociale huur bepaalt het deel van de opgave, dus {naam_laag} doet minder; "
                  "zonder sociale huurwoningen kan een gemeente immers geen woning aan een aandachtsgroep geven, en "
                  "nieuwbouw duurt jaren.", False,
                  "dan blijft de verdeling zoals ze nu is: wie weinig sociale huur heeft, hoeft nooit meer te doen, "
                  "en de gemeenten met veel sociale huur dragen ook in de toekomst het meest. De voorraad is een "
                  "mogelijke verdeelsleutel, maar dat is een keuze van de regio, geen vanzelfsprekendheid."),
            Optie(f"Het aandeel zegt waar nu aanbod is, niet wat een eerlijk deel is: {naam_laag} kan haar deel "
                  "anders invullen (nieuwbouw, andere woonvormen), en de regio kiest bewust een verdeelsleutel.", True,
                  "het regioprofiel beschrijft de huidige voorraad. Of een gemeente naar inwoners of naar voorraad "
                  "bijdraagt, is een bestuurlijke keuze met een reden; een lage voorraad vraagt om een plan, niet om "
                  "een lager deel."),
            Optie(f"Het cijfer van {naam_laag} zal wel niet kloppen: het aantal corporatiewoningen is afgeleid.", False,
                  "het aantal corporatiewoningen is afgeleid (aandeel × woningvoorraad), maar het aandeel zelf komt "
                  "uit de bron; het verschil tussen de gemeenten is echt. Vraag de corporaties om hun eigen cijfer, "
                  "maar verwerp het beeld niet omdat het ongemakkelijk is."),
        ),
        uitleg=(f"De spreiding van de sociale huurvoorraad ({_pct(laag.corporatie_aandeel, 1)} tot "
                f"{_pct(hoog.corporatie_aandeel, 1)}) is de aanleiding voor het gesprek over een eerlijke verdeling, "
                "niet het antwoord erop."),
        hint="Beschrijft het regioprofiel wat er is, of wat een eerlijk deel is?",
    )


EXERCISES = (aandeel_65plus, huishoudensgrootte, weinig_sociale_huur)


def questions(dataset: Dataset, regio: str) -> list[str]:
    """Discussion questions for the facilitator, with the region's own figures."""
    from woonzorg.names import common_name

    p = regioprofiel(dataset, regio)
    g = p.gemeenten.assign(inw=lambda f: f["inwoners"].astype(float), corp=lambda f: f["corporatiewoningen"].astype(float))
    t = p.totalen
    grootste = g.loc[g["inw"].idxmax()]
    hoog, laag = g.loc[g["corporatie_aandeel"].astype(float).idxmax()], g.loc[g["corporatie_aandeel"].astype(float).idxmin()]
    vragen = [
        f"{common_name(grootste.gemeente)} heeft {_pct(grootste.inw / t['inwoners'])} van de inwoners van {p.regio.naam} "
        f"en {_pct(grootste.corp / t['corporatiewoningen'])} van de corporatiewoningen. Wat betekent dat voor wie nu "
        "de meeste aandachtsgroepen huisvest?",
    ]
    if hoog.gemeentecode != laag.gemeentecode and hoog.corporatie_aandeel != laag.corporatie_aandeel:
        vragen.append(
            f"Het corporatie-aandeel loopt van {_pct(laag.corporatie_aandeel, 1)} in {common_name(laag.gemeente)} tot "
            f"{_pct(hoog.corporatie_aandeel, 1)} in {common_name(hoog.gemeente)}. Moet een gemeente met weinig sociale "
            "huur minder doen, of juist iets anders (nieuwbouw, andere woonvormen)?")
    vragen += [
        f"De regio telt {_n(t['inwoners_65plus'])} inwoners van 65 jaar en ouder. Hoe nemen we ouderen mee in de "
        "woonzorgopgave naast de aandachtsgroepen?",
        "Welke cijfers heeft de regio zelf (corporaties, centrumgemeente, woonruimteverdeling) die beter zijn dan "
        "deze landelijke bronnen, en wie levert ze aan voor de volgende sessie?",
    ]
    return vragen
