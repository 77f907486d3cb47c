"""Procesorganisatie exercises and discussion questions for the learning circle (computed from the theme's model).

The exercise engine (``Opdracht``, ``new_opdracht``, ``Denkfout``) lives in :mod:`woonzorg.leerkring`;
it is imported when an exercise is made, so that this theme does not import the learning circle at load time.
Example answers (``voorbeeld`` = ja) never make an exercise or a question: they are practice material only.
"""

from __future__ import annotations

from woonzorg.data import Dataset
from woonzorg.dutch import count_noun, number
from woonzorg.proces.model import kernpartijen, procesgegevens, rondes, uitslag, verandering
from woonzorg.proces.schema import DIMENSIES, SCHAAL_MAX


def _zelfscan(dataset: Dataset, regio: str):
    """The region's latest real zelfscan round, or None (example rounds are practice, not a result)."""
    result = uitslag(dataset["zelfscan-antwoorden"], regio, stellingen=dataset["zelfscan-stellingen"])
    return None if result is None or result.voorbeeld else result


def zwakste_dimensie_omhoog(dataset: Dataset, regio: str):
    from woonzorg.leerkring import Denkfout, new_opdracht

    u = _zelfscan(dataset, regio)
    if u is None or not len(u.scores):
        return None
    d = u.scores.astype(float).idxmin()
    if u.scores[d] > SCHAAL_MAX - 1:
        return None
    k = len(u.scores)
    stellingen = int((dataset["zelfscan-stellingen"]["dimensie"] == d).sum()) or 1
    nieuw = u.scores.astype(float).copy()
    nieuw[d] += 1
    antwoord = float(nieuw.mean())
    naam = DIMENSIES[d].naam
    return new_opdracht(
        thema="procesorganisatie", id="zwakste-dimensie", titel="Wat levert één stap vooruit op?",
        vraag=(f"In ronde {u.ronde} van de zelfscan scoort {naam} het laagst. Stel dat bij de volgende ronde alle "
               f"{stellingen} stellingen van {naam} één punt hoger scoren en de rest gelijk blijft. Wat wordt dan de "
               "totaalscore (het gemiddelde over de dimensies)? Geef twee decimalen."),
        eenheid="punten", decimalen=2, antwoord=antwoord, tolerantie=0.06,
        uitleg=(f"De score van {naam} stijgt met één punt (het gemiddelde van stellingen die elk een punt stijgen). "
                f"Het totaal is het gemiddelde van {k} dimensies en stijgt dus met 1/{k} = {number(1 / k, 2)} punt: van "
                f"{number(u.totaal, 2)} naar {number(antwoord, 2)}."),
        hint=f"Het totaal is het gemiddelde van {k} dimensiescores; een dimensiescore is het gemiddelde van haar "
             "stellingen.",
        denkfouten=[
            Denkfout(u.totaal + 1, f"u telde de punt bij het totaal op. Het totaal is het gemiddelde van {k} dimensies: "
                                   f"als één dimensie een punt stijgt, stijgt het totaal met 1/{k} punt."),
            Denkfout(u.totaal + stellingen / k, f"u telde {stellingen} punten op, één per stelling. Maar de "
                                                "dimensiescore is het gemiddelde van haar stellingen: die stijgt met "
                                                "één punt."),
            Denkfout(u.totaal + 1 / stellingen, f"u deelde door het aantal stellingen ({stellingen}). Deel door het "
                                                f"aantal dimensies ({k})."),
            Denkfout(float(u.scores[d]) + 1, f"dat is de nieuwe score van {naam} zelf. De vraag is naar de totaalscore."),
        ],
    )


def verandering_totaal(dataset: Dataset, regio: str):
    from woonzorg.leerkring import Denkfout, new_opdracht

    antwoorden = dataset["zelfscan-antwoorden"]
    shown = rondes(antwoorden, regio)
    if len(shown) < 2 or _zelfscan(dataset, regio) is None:
        return None
    change = verandering(antwoorden, regio).dropna(subset=["vorige", "huidige"])
    if change.empty:
        return None
    vorige = uitslag(antwoorden, regio, shown[-2])
    huidige = uitslag(antwoorden, regio, shown[-1])
    antwoord = huidige.totaal - vorige.totaal
    k = len(change)
    som = float(change["verschil"].sum())
    return new_opdracht(
        thema="procesorganisatie", id="verandering-totaal", titel="Vooruit of achteruit?",
        vraag=(f"De tabel 'Verandering sinds de vorige ronde' zet ronde {shown[-2]} en ronde {shown[-1]} per dimensie "
               "naast elkaar. Hoeveel punten veranderde de totaalscore (het gemiddelde over de dimensies)? Geef twee "
               "decimalen, met een min-teken als de score daalde."),
        eenheid="punten", decimalen=2, antwoord=antwoord, tolerantie=0.06, teken=True,
        uitleg=(f"De totaalscore ging van {number(vorige.totaal, 2)} naar {number(huidige.totaal, 2)}: een verandering "
                f"van {'+' if antwoord > 0 else ''}{number(antwoord, 2)} punt. Dat is ook het gemiddelde van de {k} "
                "verschillen in de tabel."),
        hint="Neem het gemiddelde van de verschillen per dimensie (of: nieuwe totaalscore min oude totaalscore).",
        denkfouten=[
            Denkfout(som, f"u telde de verschillen van de {k} dimensies op. De totaalscore is een gemiddelde: deel de "
                          f"som door {k}."),
            Denkfout(-antwoord, "u trok de nieuwe ronde van de oude af. Reken nieuw min oud: een stijging is positief."),
            Denkfout(huidige.totaal, f"dat is de totaalscore van ronde {shown[-1]} zelf; de vraag is hoeveel die "
                                     "veranderde."),
        ],
    )


def rol_zonder_bron(dataset: Dataset, regio: str):
    """A judgement on the actor map: a party whose role has no source yet, and who should confirm it."""
    from woonzorg.leerkring import Keuze, Optie

    pg = procesgegevens(dataset, regio)
    open_rollen = pg.actoren[pg.actoren["status"] != "gedocumenteerd"]
    if open_rollen.empty:
        return None
    partij = open_rollen.iloc[0]
    naam = str(partij.organisatie)
    andere = [str(o) for o in open_rollen["organisatie"].iloc[1:]]
    return Keuze(
        thema="procesorganisatie", id="rol-zonder-bron", titel="Een rol zonder bron",
        vraag=(f"Op de actorenkaart van {pg.regio.naam} staat {naam} met status 'nog in te vullen': de rol is niet met "
               "een bron vastgelegd" + (f" (net als die van {', '.join(andere)})" if andere else "") + ". De RACI-matrix "
               "moet per spoor rond. Wat doet de leerkring?"),
        opties=(
            Optie(f"Vraag {naam} zelf om de rol te bevestigen en leg de bron vast; tot dan blijft de rol open.",
                  True,
                  "alleen de partij zelf kan haar rol toezeggen. Een rol met bron is een afspraak; zonder bevestiging "
                  "blijft het een open vraag, en die staat zo ook op de kaart."),
            Optie(f"De begeleider vult voor {naam} een logische rol in, zodat de RACI-matrix per spoor compleet is en "
                  "de regio in de volgende sessie verder kan met de taakverdeling.", False,
                  "een rol die niemand heeft toegezegd, is een aanname. De matrix ziet er dan af uit, maar niemand "
                  "voelt zich aangesproken: de R of A staat op papier bij een partij die van niets weet."),
            Optie("Neem de rol over uit de voorbeeldinvulling van de RACI-matrix.", False,
                  "de voorbeeldinvulling is oefenmateriaal om het gesprek te beginnen, geen feit over de regio. Een "
                  "voorbeeld wordt pas een rol als de partij haar bevestigt."),
            Optie(f"Laat {naam} weg: wie niet in de bronnen staat, zit niet aan tafel.", False,
                  "niet gevonden in openbare bronnen betekent niet dat een partij er niet is of niet nodig is. Juist "
                  "een ontbrekende partij (zorgkantoor, zorgaanbieders, ervaringsdeskundigen) is een gespreksonderwerp."),
        ),
        uitleg=(f"De rol van {naam} is nog niet vastgelegd; de leerkring vraagt de partij zelf en legt de bron vast. "
                "Voorbeelden en aannames worden geen rol."),
        hint="Wie kan een rol toezeggen, en wat maakt een rol een afspraak?",
    )


# the judgement first: it applies in every region, the numeric ones only once a real zelfscan round exists
EXERCISES = (rol_zonder_bron, zwakste_dimensie_omhoog, verandering_totaal)


def questions(dataset: Dataset, regio: str) -> list[str]:
    """Discussion questions for the facilitator, from the region's own (never example) data."""
    pg = procesgegevens(dataset, regio)
    u = _zelfscan(dataset, regio)
    vragen = []
    if u is not None:
        zwak = [DIMENSIES[d].naam for d in u.aandachtspunten[:3]]
        sterk = [DIMENSIES[d].naam for d in u.sterke_punten[:3]]
        vragen.append(f"De zelfscan (ronde {u.ronde}) komt uit op {number(u.totaal, 1)} van 4."
                      + (f" Aandachtspunten: {', '.join(zwak)}." if zwak else "")
                      + (f" Sterk: {', '.join(sterk)}." if sterk else "")
                      + " Herkent u dat? Wat is de eerste stap om het zwakste punt een niveau hoger te krijgen?")
    else:
        vragen.append(f"{pg.regio.naam} heeft de zelfscan nog niet zelf ingevuld. Vult de leerkring hem vandaag in, "
                      "en met welke respondentgroepen?")
    missing = [r.naam for r in kernpartijen(pg.actoren).itertuples(index=False)
               if r.status != "aan tafel (gedocumenteerd)"]
    if missing:
        vragen.append(f"Nog niet (gedocumenteerd) aan tafel: {', '.join(missing)}. Wie nodigen we uit, en met welke rol?")
    afspraken = count_noun(len(pg.afspraken), "regionale afspraak", "regionale afspraken")
    vragen += [
        f"In de gegevens van {pg.regio.naam} {'staat' if len(pg.afspraken) == 1 else 'staan'} {afspraken}. Welke "
        "daarvan gaan over de verdeling van aandachtsgroepen, en wat ontbreekt?",
        "Wat doen we lokaal, wat subregionaal en wat regionaal? Welke overlegtafels kunnen samen?",
    ]
    return vragen
