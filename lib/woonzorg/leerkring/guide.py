"""The facilitator guide (begeleidershandreiking): what a session on each theme is about, its plan, and the page.

:func:`begeleider_html` renders the guide (session plan with timings, questions with the region's
figures, the answers with the common mistakes, tips) from ``templates/leerkring/begeleider.html.j2``.
The discussion questions and exercises come from the theme (:mod:`woonzorg.themes`); the notebook
hands the guide's content to the build as a record (:func:`begeleider_record`), so the answers
never enter a participant's workbook.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from woonzorg import paths, regions, themes
from woonzorg.data import Dataset
from woonzorg.leerkring.exercises import opdrachten
from woonzorg.leerkring.sessions import datum_nl, laatste_sessie

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


# --------------------------------------------------------------------------------------------
# The session plan (about two hours)


@dataclass(frozen=True)
class Onderdeel:
    minuten: int
    titel: str
    wat: str
    start: int = 0  # minutes from the start of the session

    @property
    def tijd(self) -> str:
        return f"{self.start // 60}:{self.start % 60:02d}"


def sessieplan(thema: str, aantal_opdrachten: int) -> list[Onderdeel]:
    """The plan of a session of 120 minutes: the parts in order with their start times."""
    t = thema_info(thema)
    opdrachten_tekst = (f"De {aantal_opdrachten} opdracht{'en' if aantal_opdrachten != 1 else ''} in het werkboek, in "
                        "tweetallen; de knop Controleer geeft direct terugkoppeling. Bespreek daarna plenair de "
                        "denkfouten die voorkwamen." if aantal_opdrachten else
                        "Werk in tweetallen de opdrachten in het werkboek uit en bespreek ze plenair.")
    parts = [
        Onderdeel(10, "Welkom en doel", f"Doel van vandaag: {t.doel} Wie is er, en wat wil ieder vandaag weten?"),
        Onderdeel(15, "Het werkboek openen", "Iedereen opent het werkboek van de regio in JupyterLab en kiest "
                  "Run → Run All Cells. Loop samen door de kerncijfers: klopt dit beeld?"),
        Onderdeel(25, "Verkennen", f"Verken {t.verkennen}. Wat valt op, wat verrast?"),
        Onderdeel(10, "Pauze", "Koffie; de begeleider kijkt welke vragen al opkwamen."),
        Onderdeel(20, "Opdrachten met terugkoppeling", opdrachten_tekst),
        Onderdeel(30, "Gesprek", "De gespreksvragen hieronder, met de cijfers van de regio. Leg keuzes en open vragen "
                  "vast terwijl het gesprek loopt."),
        Onderdeel(10, "Vastleggen en afsluiten", "Sla keuzes en notities op met het formulier 'Sessie vastleggen' in "
                  "het werkboek. Spreek af wie welke eigen cijfers aanlevert en wat de volgende sessie oppakt."),
    ]
    out, start = [], 0
    for p in parts:
        out.append(Onderdeel(p.minuten, p.titel, p.wat, start))
        start += p.minuten
    return out


def vragen(dataset: Dataset, regio: str, thema: str) -> list[str]:
    """The theme's discussion questions with the region's figures; a theme without them gives ``[]``."""
    theme = themes.get(thema)
    return list(theme.questions(dataset, regio)) if theme and theme.questions else []


# --------------------------------------------------------------------------------------------
# The facilitator guide (begeleidershandreiking)


@functools.cache
def _template_environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(paths.TEMPLATES_DIR / "leerkring")),
                              autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def begeleider_context(dataset: Dataset, regio: str, thema: str) -> dict[str, object]:
    """Everything the facilitator guide shows, as Dutch text (the template escapes it)."""
    region = regions.get_region(dataset, regio)
    info = thema_info(thema)
    lijst = opdrachten(dataset, regio, thema)
    plan = sessieplan(thema, len(lijst))
    vorige = laatste_sessie(dataset["leerkring-sessies"], regio, thema)
    return {
        "regio": regio, "regio_naam": region.naam, "thema": thema, "thema_titel": info.titel, "doel": info.doel,
        "plan": [{"tijd": p.tijd, "minuten": p.minuten, "titel": p.titel, "wat": p.wat} for p in plan],
        "totaal_minuten": sum(p.minuten for p in plan),
        "vragen": vragen(dataset, regio, thema),
        "opdrachten": [{
            "nummer": o.nummer, "titel": o.titel, "vraag": o.vraag, "antwoord": o.antwoord_tekst, "uitleg": o.uitleg,
            "hint": o.hint,
            "denkfouten": [{"waarde": o.formatteer(f.waarde), "uitleg": f.uitleg[:1].upper() + f.uitleg[1:]}
                           for f in o.denkfouten],
        } for o in lijst],
        "tips": [*info.tips, *ALGEMENE_TIPS],
        "vorige_sessie": [] if vorige.empty else [
            {"soort": str(r.soort), "onderwerp": r.onderwerp if isinstance(r.onderwerp, str) else "", "tekst": str(r.tekst),
             "groep": str(r.groep)} for r in vorige.itertuples(index=False)],
        "vorige_datum": datum_nl(vorige["datum"].iloc[0]) if not vorige.empty else "",
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
    return _template_environment().get_template("begeleider.html.j2").render(**context, gebouwd=gebouwd,
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
