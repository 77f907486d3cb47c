"""Theme 1, the woonzorganalyse: need (vraag), supply (aanbod), pressure (druk), fair distribution (spreiding), prognosis.

The parts: :mod:`.schema` (its tables in ``data/`` and their checks), :mod:`.grondslag` (national
inputs), :mod:`.model` (the calculations, pure pandas), :mod:`.views` (tables, charts and text for
the page), :mod:`.controls` (the workbook's scenario knobs) and :mod:`.exercises` (learning-circle
exercises and discussion questions). The notebook uses the names re-exported here:
``from woonzorg import analyse; a = analyse.woonzorganalyse(gegevens, regio)``.
"""

from __future__ import annotations

from woonzorg.themes import KeyFigure, Theme
from woonzorg.analyse.schema import AANNAMES, NIEUWBOUW, REQUIRED_AANNAMES, VRAAG_WAARNEMINGEN, _check_tables
from woonzorg.analyse.grondslag import Grondslag, grondslag
from woonzorg.analyse.aanbod import implied_mutatiegraden, mutatiegraad_range
from woonzorg.analyse.cijfers import cijfers, cijfers_csv, cijfers_frame
from woonzorg.analyse.vraagcijfers import CIJFER_KOLOMMEN, taakstelling_range
from woonzorg.analyse.model import (
    GROEP_NAMEN,
    bijdrage,
    centrumregios_of,
    GROEPEN,
    VERDEELSLEUTELS,
    Verdeelsleutel,
    Woonzorganalyse,
    aanbod,
    controle_statushouders,
    druk,
    evenredigheid,
    gemeenten_basis,
    prognose,
    prognose_regio,
    spreiding,
    vraag,
    vraag_per_gemeente,
    woonzorganalyse,
)
from woonzorg.analyse.tekst import betekenis_html, site_kerncijfers
from woonzorg.analyse.views import (
    bijdrage_view,
    controle_table,
    in_het_kort,
    inventaris_chart,
    inventaris_table,
    aanbod_table,
    aannames_html,
    bevindingen,
    bevindingen_html,
    bronnen_html,
    controle_html,
    druk_chart,
    druk_kaart,
    druk_table,
    kerncijfers_html,
    methode_html,
    prognose_chart,
    prognose_table,
    spreiding_chart,
    spreiding_table,
    vraag_chart,
    vraag_table,
    waarnemingen_html,
)
from woonzorg.analyse.controls import scenario_knobs, scenario_renderer, scenario_view
from woonzorg.analyse.exercises import EXERCISES, vragen

__all__ = [
    "AANNAMES",
    "NIEUWBOUW",
    "REQUIRED_AANNAMES",
    "VRAAG_WAARNEMINGEN",
    "Grondslag",
    "grondslag",
    "implied_mutatiegraden",
    "mutatiegraad_range",
    "cijfers",
    "cijfers_csv",
    "cijfers_frame",
    "CIJFER_KOLOMMEN",
    "taakstelling_range",
    "bijdrage",
    "centrumregios_of",
    "bijdrage_view",
    "controle_table",
    "in_het_kort",
    "site_kerncijfers",
    "inventaris_chart",
    "inventaris_table",
    "GROEP_NAMEN",
    "GROEPEN",
    "VERDEELSLEUTELS",
    "Verdeelsleutel",
    "Woonzorganalyse",
    "aanbod",
    "controle_statushouders",
    "druk",
    "evenredigheid",
    "gemeenten_basis",
    "prognose",
    "prognose_regio",
    "spreiding",
    "vraag",
    "vraag_per_gemeente",
    "woonzorganalyse",
    "aanbod_table",
    "aannames_html",
    "bevindingen",
    "bevindingen_html",
    "betekenis_html",
    "bronnen_html",
    "controle_html",
    "druk_chart",
    "druk_kaart",
    "druk_table",
    "kerncijfers_html",
    "methode_html",
    "prognose_chart",
    "prognose_table",
    "spreiding_chart",
    "spreiding_table",
    "vraag_chart",
    "vraag_table",
    "waarnemingen_html",
    "scenario_knobs",
    "scenario_renderer",
    "scenario_view",
    "EXERCISES",
    "vragen",
    "THEME",
]

THEME = Theme(
    name="woonzorganalyse",
    title="Woonzorganalyse",
    package=__name__,
    tables=(AANNAMES, VRAAG_WAARNEMINGEN, NIEUWBOUW),
    checks=(_check_tables,),
    exercises=EXERCISES,
    questions=vragen,
    key_figures={
        "vraag_totaal": KeyFigure("vraag van aandachtsgroepen (woningen per jaar, met wat meetelt)", "tekst"),
        "tekort_tekst": KeyFigure("tekort of ruimte tot het doeljaar (alleen waar zeker)", "tekst"),
        "groepen_inventaris": KeyFigure("aandachtsgroepen: waargenomen, geschat, onbekend", "tekst"),
        "instroom_statushouders": KeyFigure("instroom statushouders (personen per jaar)", "tekst"),
        "aanbod_bereik": KeyFigure("vrijkomende sociale huurwoningen per jaar", "tekst"),
        "controles_gemarkeerd": KeyFigure("controles met waarnemingen: afwijking boven ±20%", "tekst"),
        "verdeelsleutel": KeyFigure("verdeelsleutel", "tekst"),
        "mutatiegraad": KeyFigure("mutatiegraad (midden van het scenario)", "procent"),
        "plafond_aandeel": KeyFigure("deel van het aanbod voor aandachtsgroepen (keuze)", "procent"),
        "peiljaar": KeyFigure("peiljaar", "jaar"),
        "doeljaar": KeyFigure("doeljaar", "jaar"),
    },
    headline_figures=("vraag_totaal", "groepen_inventaris", "instroom_statushouders", "aanbod_bereik"),
)
