"""The facilitator guide (begeleidershandreiking): what a session on each theme is about, its plan, and the page.

:func:`begeleider_html` renders the guide (session plan with timings, questions with the region's
figures, the answers with the common mistakes, tips) from ``templates/leerkring/begeleider.html.j2``.
The discussion questions and exercises come from the theme (:mod:`woonzorg.themes`); the notebook
hands the guide's content to the build as a record (:func:`begeleider_record`), so the answers
never enter a participant's workbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from woonzorg import regions, themes
from woonzorg.data import Dataset
from woonzorg.leerkring.exercises import Keuze, opdrachten
from woonzorg.leerkring.reeks import (LAATSTE_WERKBOEK, ROLLEN, SERIE, TERUGBLIK, huiswerk_tekst, praktijkvoorbeelden,
                                      sessie, sessieplan, terugblik_onderdelen, vastgelegd)
from woonzorg.leerkring import notities
from woonzorg.leerkring.sessions import datum_nl, laatste_sessie
from woonzorg.names import common_name
from woonzorg.present.templates import html_environment

# --------------------------------------------------------------------------------------------
# Themes: what a session on each theme is about (an unknown theme gets the general plan)


@dataclass(frozen=True)
class Thema:
    titel: str
    doel: str
    verkennen: str  # what participants explore with the controls or tables
    onderwerpen: tuple[str, ...]  # suggested subjects for choices and notes
    tips: tuple[str, ...] = ()


ALGEMENE_TIPS = (
    "Begin bij de eigen situatie: laat elke deelnemer in één zin zeggen wat voor haar of zijn organisatie het "
    "belangrijkste cijfer is, en waarom.",
    "Laat de opdrachten in tweetallen maken, gemeente naast corporatie of zorg: de terugkoppeling zegt waar een "
    "redenering misgaat, het gesprek daarover is het leren.",
    "Schrijf keuzes en open vragen meteen op in het formulier 'Sessie vastleggen'; zo komen ze in de volgende "
    "handreiking en begint de volgende sessie waar deze eindigde.",
    "Cijfers zijn schattingen: vraag bij elk cijfer 'wie heeft een beter getal?' en spreek af wie dat levert.",
)

THEMAS: dict[str, Thema] = {
    "regioprofiel": Thema(
        "Regioprofiel", "Samen het beeld van de regio scherp krijgen: welke gemeenten, hoeveel mensen en woningen, "
        "en waar de sociale huurvoorraad staat.",
        "de tabel met gemeenten en de grafiek van de inwoners; vergelijk het corporatie-aandeel van de gemeenten",
        ("schaal van de regio", "eigen cijfers", "sociale huurvoorraad", "ouderen"),
        ("Laat één deelnemer per gemeente de eigen cijfers in de tabel controleren; fouten of betere cijfers gaan "
         "in de notities.",)),
    "woonzorganalyse": Thema(
        "Woonzorganalyse", "Inzicht in vraag en aanbod van woningen voor aandachtsgroepen, en een eerste gesprek over "
        "een eerlijke verdeling over de gemeenten.",
        "de knoppen bij 'Scenario's verkennen': verdeelsleutel, mutatiegraad, plafond en groei van de vraag",
        ("verdeelsleutel", "plafond", "mutatiegraad", "eigen cijfers", "tekort"),
        ("Zet de verdeelsleutel om terwijl iedereen meekijkt: de gemeente die het meest verschuift, vertelt wat dat "
         "voor haar betekent.",
         "Het plafond is een keuze, geen norm: laat de corporaties vertellen wat een hoger plafond voor andere "
         "woningzoekenden betekent.")),
    "procesorganisatie": Thema(
        "Procesorganisatie", "Een gedeeld beeld van wie aan tafel zit, wie welke rol heeft en hoe volwassen de "
        "samenwerking is (de zelfscan).",
        "de actorenkaart, de RACI-matrix en de zelfscan; vul de zelfscan samen in en sla hem op",
        ("rolverdeling", "wie ontbreekt", "zelfscan", "agenda", "governance"),
        ("Laat de zelfscan eerst individueel scoren en bespreek dan de stellingen waarop de scores het meest "
         "uiteenlopen; dat verschil is het gesprek.",
         "Bij de RACI-matrix: per spoor precies één A. Twee A's is geen A.")),
    "woonzorgvisie": Thema(
        "Woonzorgvisie", "Van analyse naar een visie: welke ambitie en welke verdeelsleutel, welke bouwstenen "
        "ontbreken, en hoe wordt het een afspraak per gemeente.",
        "de knoppen bij 'Zelf kiezen' (verdeelsleutel en ambitie) en de opgave per gemeente per jaar",
        ("ambitie", "verdeelsleutel", "bouwstenen", "concepttekst", "prestatieafspraken"),
        ("Laat elke gemeente de eigen opgave per jaar hardop noemen en zeggen of die haalbaar is: dat is de opstap "
         "naar het bod (Haaglanden-methode).",)),
}


def thema_info(thema: str) -> Thema:
    """The theme's session description; a theme without one gets a general description."""
    return THEMAS.get(thema) or Thema(thema.capitalize(), "Samen de handreiking van dit thema doornemen en keuzes "
                                      "vastleggen.", "de tabellen en grafieken van het werkboek", ("notitie",))


def vragen(dataset: Dataset, regio: str, thema: str) -> list[str]:
    """The theme's discussion questions with the region's figures; a theme without them gives ``[]``."""
    theme = themes.get(thema)
    return list(theme.questions(dataset, regio)) if theme and theme.questions else []


# --------------------------------------------------------------------------------------------
# The facilitator guide (begeleidershandreiking)


def begeleider_context(dataset: Dataset, regio: str, thema: str) -> dict[str, object]:
    """Everything the facilitator guide shows, as Dutch text (the template escapes it)."""
    region = regions.get_region(dataset, regio)
    info = thema_info(thema)
    lijst = opdrachten(dataset, regio, thema)
    plan = sessieplan(thema, dataset)
    deze = sessie(thema)
    # "Uit de vorige sessie" opens the guide: what the session before this one in the series recorded
    vorige_sessie = next((s for s in SERIE if deze and s.nummer == deze.nummer - 1), None)
    # the facilitator reads the notes as corrected, the internal ones too (marked), never the withdrawn ones
    sessies = notities.actueel(dataset["leerkring-sessies"], dataset["leerkring-notitiecorrecties"])
    vorige = laatste_sessie(sessies, regio, vorige_sessie.thema if vorige_sessie else "")
    eerder = laatste_sessie(sessies, regio, thema)  # an earlier session on this same theme
    terugblik_plan = sessieplan(TERUGBLIK.thema, dataset) if thema == LAATSTE_WERKBOEK else []
    return {
        "regio": regio, "regio_naam": region.naam, "thema": thema, "thema_titel": info.titel, "doel": info.doel,
        "plan": [{"tijd": p.tijd, "minuten": p.minuten, "titel": p.titel, "wat": p.wat, "werkvorm": p.werkvorm,
                  "rol": p.rol} for p in plan],
        "reeks": [{"nummer": s.nummer, "naam": s.naam, "doel": s.doel, "deze": s.thema == thema,
                   "meenemen": huiswerk_tekst(s.meenemen, regio), "huiswerk": huiswerk_tekst(s.huiswerk, regio),
                   "deelnemers": s.deelnemers_bestand} for s in SERIE],
        "sessie_nummer": deze.nummer if deze else 0,
        "rollen": [{"rol": rol, "taak": taak} for rol, taak in ROLLEN.items()],
        "praktijk": praktijkvoorbeelden(dataset, thema, regio)[:2],
        # for the participant sheets (woonzorg.leerkring.deelnemers): nothing here is an answer
        "gemeenten": [common_name(str(g)) for g in regions.region_municipalities(dataset, regio)["gemeente"]],
        "vastgelegd": vastgelegd(dataset, regio),
        "terugblik": terugblik_onderdelen(dataset, regio) if thema == LAATSTE_WERKBOEK else [],
        "praktijk_terugblik": praktijkvoorbeelden(dataset, TERUGBLIK.thema, regio)[:1] if thema == LAATSTE_WERKBOEK else [],
        "totaal_minuten": sum(p.minuten for p in plan),
        "vragen": vragen(dataset, regio, thema),
        "opdrachten": [{
            "nummer": o.nummer, "titel": o.titel, "vraag": o.vraag, "antwoord": o.antwoord_tekst, "uitleg": o.uitleg,
            "hint": o.hint,
            "opties": [{"tekst": x.tekst, "goed": x.goed, "uitleg": x.uitleg[:1].upper() + x.uitleg[1:]}
                       for x in o.opties] if isinstance(o, Keuze) else [],
            "denkfouten": [{"waarde": o.format_value(f.waarde), "uitleg": f.uitleg[:1].upper() + f.uitleg[1:]}
                           for f in o.denkfouten],
        } for o in lijst],
        "tips": [*info.tips, *ALGEMENE_TIPS],
        "vorige_sessie": [] if vorige.empty else [
            {"soort": str(r.soort), "onderwerp": r.onderwerp if isinstance(r.onderwerp, str) else "", "tekst": str(r.tekst),
             "groep": str(r.groep) + (", intern" if r.zichtbaarheid == "intern" else "")}
            for r in vorige.itertuples(index=False)],
        "vorige_datum": datum_nl(vorige["datum"].iloc[0]) if not vorige.empty else "",
        "vorige_naam": vorige_sessie.naam if vorige_sessie else "",
        "eerder": [] if eerder.empty else [
            {"soort": str(r.soort), "onderwerp": r.onderwerp if isinstance(r.onderwerp, str) else "", "tekst": str(r.tekst),
             "groep": str(r.groep) + (", intern" if r.zichtbaarheid == "intern" else "")}
            for r in eerder.itertuples(index=False)],
        "eerder_datum": datum_nl(eerder["datum"].iloc[0]) if not eerder.empty else "",
        "terugblik_plan": [{"tijd": p.tijd, "minuten": p.minuten, "titel": p.titel, "wat": p.wat,
                            "werkvorm": p.werkvorm, "rol": p.rol} for p in terugblik_plan],
        "handout": f"{thema}.html", "werkboek": f"{thema}.ipynb",
    }


# The public site's root seen from a facilitator guide in its own folder: the default layout
# (``begeleiders/<regio>/`` beside ``handreikingen/``; see :func:`woonzorg.paths.facilitator_dir`).
SITE_FROM_GUIDE = "../../handreikingen/"


def begeleider_html(dataset: Dataset, regio: str, thema: str, *, gebouwd: str = "", versie: str = "",
                    site: str = SITE_FROM_GUIDE) -> str:
    """The facilitator guide of one region and theme (``<begeleiders>/<regio>/<thema>-begeleider.html``);
    ``site`` is the public site's root relative to the guide, for its links to the handout and workbook."""
    return render_begeleider(begeleider_context(dataset, regio, thema), gebouwd=gebouwd, versie=versie, site=site)


def render_begeleider(context: Mapping[str, object], *, gebouwd: str = "", versie: str = "",
                      site: str = SITE_FROM_GUIDE) -> str:
    """The facilitator guide's page from its content (:func:`begeleider_context`, or a notebook's record)."""
    return html_environment("leerkring").get_template("begeleider.html.j2").render(**context, gebouwd=gebouwd,
                                                                              versie=versie, site=site)


def begeleider_record(dataset: Dataset, regio: str, thema: str):
    """For the build: the facilitator guide's content as a record, shown by a cell tagged ``begeleider``.

    The notebook's kernel has the exercises at hand (computed once per dataset), so the build
    renders the guide from this record rather than computing them again (see
    :class:`woonzorg.present.record.Begeleider`: the answers stay out of the workbook).
    """
    from woonzorg.present.record import Begeleider

    return Begeleider(begeleider_context(dataset, regio, thema))


def begeleider_bestand(thema: str) -> str:
    """The facilitator guide's file name (in the region's folder of the facilitator folder)."""
    return f"{thema}-begeleider.html"
