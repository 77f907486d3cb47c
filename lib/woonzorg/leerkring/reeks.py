"""The session series of a learning circle: four sessions per region, their plans, roles, homework and practice examples.

A region's leerkring is a series, not a single session: *Analyse* (woonzorganalyse) → *Proces*
(procesorganisatie) → *Visie* (woonzorgvisie) → *Terugblik* (no notebook: its page is made from the
region's session records). Each theme's session plan is a declaration in
``data/leerkring-sessieplannen.csv`` (onderdeel, minuten, werkvorm, rol, wat); sourced examples
from the koploper regions are in ``data/leerkring-praktijkvoorbeelden.csv``. The checks hold the
plans to the learning circle's rule: at most a third of a session on sliders and arithmetic
(werkvorm ``rekenen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.data import Column, DataError, Dataset, TableSchema

WERKVORMEN = ("plenair", "tafels", "tweetallen", "individueel", "rekenen", "pauze")
REKENEN_MAX = 1 / 3  # share of a session's minutes on sliders and arithmetic
ALGEMEEN = "algemeen"  # the plan of a theme without one of its own

SESSIEPLANNEN = TableSchema(
    "leerkring-sessieplannen.csv",
    (
        Column("thema", "text", True, "thema van de sessie (woonzorganalyse, …, terugblik) of 'algemeen'",
               max_length=40, single_line=True),
        Column("onderdeel", "text", True, "naam van het onderdeel", max_length=80, single_line=True),
        Column("minuten", "int", True, "duur van het onderdeel in minuten", min_exclusive=0, max=120,
               reason="een onderdeel duurt even, een sessie hoogstens een dagdeel"),
        Column("werkvorm", "text", True, f"{', '.join(WERKVORMEN)} (rekenen: knoppen en rekenopdrachten)",
               choices=WERKVORMEN),
        Column("rol", "text", True, "wie het onderdeel leidt (voorzitter, notulist, begeleider, …)",
               max_length=60, single_line=True),
        Column("wat", "text", True, "wat er gebeurt, voor de begeleider"),
    ),
    description="Het sessieplan van elk thema van de leerkring, onderdeel voor onderdeel in de volgorde van de sessie.",
    optional=True,
)

PRAKTIJKVOORBEELDEN = TableSchema(
    "leerkring-praktijkvoorbeelden.csv",
    (
        Column("thema", "text", True, "thema van de sessie waarin het voorbeeld past", max_length=40,
               single_line=True),
        Column("regio", "regio", True, "de koploperregio van het voorbeeld"),
        Column("titel", "text", True, "korte titel", max_length=80, single_line=True),
        Column("tekst", "text", True, "het voorbeeld in eigen woorden, alleen wat de bron zegt"),
        Column("bron", "text", True, "titel, datum en adres van de bron"),
    ),
    description="Praktijkvoorbeelden uit de koploperregio's voor de leerkring, elk met bron.",
    optional=True,
)


def check_reeks(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Session plans: a known theme, at most a third of the time on sliders and arithmetic; examples: a source."""
    errors: list[DataError] = []
    plannen = tables.get("leerkring-sessieplannen")
    if plannen is not None and not plannen.empty:
        name = names["leerkring-sessieplannen"]
        bekend = {*SESSIE_THEMAS, ALGEMEEN, "regioprofiel"}
        for i, row in enumerate(plannen.itertuples(index=False)):
            if row.thema not in bekend:
                errors.append(DataError(name, f"onbekend thema '{row.thema}'; kies uit {', '.join(sorted(bekend))}",
                                        plannen.attrs["regels"][i], "thema"))
        for thema, rows in plannen.groupby("thema", sort=False):
            totaal, rekenen = int(rows["minuten"].sum()), int(rows.loc[rows["werkvorm"] == "rekenen", "minuten"].sum())
            if rekenen > totaal * REKENEN_MAX:
                regel = plannen.attrs["regels"][int(rows.index[rows["werkvorm"] == "rekenen"][-1])]
                errors.append(DataError(name, f"het sessieplan van '{thema}' besteedt {rekenen} van {totaal} minuten "
                                        "aan knoppen en rekenen; ten hoogste een derde", regel, "minuten"))
    voorbeelden = tables.get("leerkring-praktijkvoorbeelden")
    if voorbeelden is not None and not voorbeelden.empty:
        name = names["leerkring-praktijkvoorbeelden"]
        for i, row in enumerate(voorbeelden.itertuples(index=False)):
            if "http" not in str(row.bron):
                errors.append(DataError(name, "de bron noemt geen adres (https://…)", voorbeelden.attrs["regels"][i],
                                        "bron"))
    return errors


# --------------------------------------------------------------------------------------------
# The series


@dataclass(frozen=True)
class Sessie:
    """One session of the series: its number, theme, goal, what to bring and the homework for the next."""

    nummer: int
    thema: str  # a notebook theme, or "terugblik"
    naam: str
    doel: str
    meenemen: tuple[str, ...]  # what participants bring to this session ({regio} is filled in)
    huiswerk: tuple[str, ...]  # what they do before the next one

    @property
    def deelnemers_bestand(self) -> str:
        """The participant sheet's file name beside the handout."""
        return f"{self.thema}-deelnemers.html"


SERIE: tuple[Sessie, ...] = (
    Sessie(1, "woonzorganalyse", "Analyse",
           "Samen zien hoe groot de vraag van aandachtsgroepen is en wat er vrijkomt, welke cijfers waargenomen, "
           "geschat of onbekend zijn, en wat een eerlijke verdeling over de gemeenten zou kunnen zijn.",
           ("Elke gemeente: de eigen cijfers die de handreiking nog mist, ingevuld in het invulbestand dat de "
            "begeleider vooraf stuurt (of in de sessie ingevoerd in de app, bij 'Eigen cijfer invoeren').",
            "Corporaties: de mutatiegraad en het aantal sociale huurwoningen per gemeente uit de eigen registratie."),
           ("Elke gemeente: vul de cijfers aan die vandaag ontbraken (zelfde gegevensuitvraag) en stuur ze naar de "
            "begeleider.",
            "Ieder: zoek uit wie in de eigen organisatie over huisvesting van aandachtsgroepen beslist; die rol "
            "bespreken we in de sessie Proces.")),
    Sessie(2, "procesorganisatie", "Proces",
           "Een gedeeld beeld van wie aan tafel zit en met welke rol, en een eerste eigen ronde van de zelfscan.",
           ("Ieder: de rol van de eigen organisatie in de samenwerking, met een stuk dat haar vastlegt (besluit, "
            "convenant, opdracht).",),
           ("Elke gemeente: schrijf een conceptbod: hoeveel woningen per jaar de gemeente voor aandachtsgroepen "
            "beschikbaar maakt, gemeten aan het eerlijk aandeel, en hoe (vrijkomend aanbod, nieuwbouw, andere "
            "woonvormen).",
            "Nodig uit wie vandaag ontbrak; bevestig de rollen die nog geen bron hebben.")),
    Sessie(3, "woonzorgvisie", "Visie",
           "Van analyse naar afspraken: welke ambitie en welke verdeelsleutel, en een bod per gemeente dat de regio "
           "samen kan dragen.",
           ("Elke gemeente: het conceptbod.",
            "Corporaties en zorgaanbieders: wat zij bij dit bod kunnen leveren."),
           ("Elke gemeente: laat het bod bestuurlijk toetsen (college, corporaties) en neem het op in het "
            "volkshuisvestingsprogramma en de prestatieafspraken.",
            "Ieder: lees de concepttekst en stuur opmerkingen naar de notulist.")),
    Sessie(4, "terugblik", "Terugblik",
           "Terugkijken op de reeks: wat is besloten, wat is er gedaan, wat staat nog open, en hoe gaat de regio "
           "verder.",
           ("Elke gemeente: de stand van het bod (bestuurlijk getoetst? in de prestatieafspraken?).",
            "Ieder: wat er sinds de eerste sessie in de eigen organisatie veranderde."),
           ("Voorzitter en notulist: leg de open punten vast met wie ze oppakt en wanneer.",
            "Spreek een volgende ronde af, bijvoorbeeld over een jaar met een nieuwe zelfscan.")),
)
SESSIE_THEMAS = tuple(s.thema for s in SERIE)
TERUGBLIK = SERIE[-1]
# the series' last notebook session: its task also writes the terugblik's page and sheet (no notebook of its own)
LAATSTE_WERKBOEK = SERIE[-2].thema

ROLLEN: dict[str, str] = {
    "voorzitter": "leidt het gesprek, bewaakt de tijd en vat de keuzes samen",
    "notulist": "legt keuzes, open vragen en het huiswerk vast in 'Sessie vastleggen'",
    "ervaringsdeskundige": "opent het gesprek met de vraag wie of wat ontbreekt in de cijfers en de plannen",
    "corporatie": "zegt bij elke keuze wat die betekent voor de toewijzing en voor andere woningzoekenden",
}


def sessie(thema: str) -> Sessie | None:
    """The series' session of a theme (None for a theme outside the series, such as the regioprofiel)."""
    return next((s for s in SERIE if s.thema == thema), None)


def pagina_soorten(thema: str) -> tuple[str, ...]:
    """The learning circle's pages a theme's build writes beside its handout (see
    :func:`woonzorg.leerkring.deelnemersbladen`): its session's sheet, and for the series' last
    notebook session the terugblik's page and sheet."""
    soorten = ("deelnemers",) if thema in SESSIE_THEMAS else ()
    return soorten + (("terugblik", "terugblik-deelnemers") if thema == LAATSTE_WERKBOEK else ())


def huiswerk_tekst(items: tuple[str, ...], regio: str) -> list[str]:
    return [item.replace("{regio}", regio) for item in items]


# --------------------------------------------------------------------------------------------
# Plans and examples from the data tables


@dataclass(frozen=True)
class Onderdeel:
    minuten: int
    titel: str
    wat: str
    start: int = 0  # minutes from the start of the session
    werkvorm: str = ""
    rol: str = ""

    @property
    def tijd(self) -> str:
        return f"{self.start // 60}:{self.start % 60:02d}"


def _table(dataset: Dataset | None, schema: TableSchema) -> pd.DataFrame:
    if dataset is not None:
        return dataset[schema.file.removesuffix(".csv")]
    root: Path = paths.data_dir(None)
    return wzdata.read_optional_table(root / schema.file, schema, f"{root.name}/{schema.file}")


def sessieplan(thema: str, dataset: Dataset | None = None) -> list[Onderdeel]:
    """The theme's own session plan from ``leerkring-sessieplannen.csv`` (else the general one), with start times."""
    plannen = _table(dataset, SESSIEPLANNEN)
    rows = plannen[plannen["thema"] == thema]
    if rows.empty:
        rows = plannen[plannen["thema"] == ALGEMEEN]
    out, start = [], 0
    for row in rows.itertuples(index=False):
        out.append(Onderdeel(int(row.minuten), str(row.onderdeel), str(row.wat), start, str(row.werkvorm),
                             str(row.rol)))
        start += int(row.minuten)
    return out


def praktijkvoorbeelden(dataset: Dataset | None, thema: str, regio: str) -> list[dict[str, str]]:
    """The theme's practice examples, the region's own first; each with its source."""
    frame = _table(dataset, PRAKTIJKVOORBEELDEN)
    rows = frame[frame["thema"] == thema]
    own = rows[rows["regio"] == regio]
    ordered = pd.concat([own, rows[rows["regio"] != regio]])
    return [{"titel": str(r.titel), "tekst": str(r.tekst), "bron": str(r.bron), "regio": str(r.regio)}
            for r in ordered.itertuples(index=False)]


# --------------------------------------------------------------------------------------------
# What the region's learning circle recorded (for the participant sheets and the terugblik)


def vastgelegd(dataset: Dataset, regio: str) -> list[dict[str, object]]:
    """Per notebook session of the series that has records: how many public choices and notes the region saved."""
    from woonzorg.leerkring.notities import openbaar

    sessies = openbaar(dataset)
    own = sessies[sessies["regio"] == regio]
    return [{"naam": s.naam, "regels": int((own["thema"] == s.thema).sum())} for s in SERIE[:-1]
            if (own["thema"] == s.thema).any()]


def terugblik_onderdelen(dataset: Dataset, regio: str) -> list[dict[str, object]]:
    """Per notebook session of the series: what the region recorded, by date (oldest first)."""
    from woonzorg.leerkring.notities import openbaar
    from woonzorg.leerkring.sessions import SOORTEN, datum_nl

    sessies = openbaar(dataset)  # the terugblik page is public: corrected, no withdrawn or internal note
    own = sessies[sessies["regio"] == regio]
    onderdelen = []
    for s in SERIE[:-1]:
        rows = own[own["thema"] == s.thema]
        data = [{"datum": datum_nl(datum), "regels": [
            {"soort": SOORTEN.get(str(r.soort), str(r.soort)), "tekst": str(r.tekst), "groep": str(r.groep),
             "onderwerp": r.onderwerp if isinstance(r.onderwerp, str) else ""}
            for r in of_date.itertuples(index=False)]} for datum, of_date in rows.groupby("datum", sort=True)]
        onderdelen.append({"nummer": s.nummer, "naam": s.naam, "thema": s.thema, "data": data})
    return onderdelen
