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
from woonzorg.analyse.model import (
    GROEP_NAMEN,
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
from woonzorg.analyse.views import (
    aanbod_table,
    aannames_html,
    bevindingen,
    bevindingen_html,
    bronnen_html,
    controle_html,
    druk_chart,
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
    "bronnen_html",
    "controle_html",
    "druk_chart",
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
        "vraag_per_jaar": KeyFigure("woningen per jaar nodig voor aandachtsgroepen (schatting)"),
        "aanbod_per_jaar": KeyFigure("vrijkomende sociale huurwoningen per jaar (schatting)"),
        "beschikbaar_per_jaar": KeyFigure("daarvan beschikbaar binnen het plafond"),
        "druk_regio": KeyFigure("druk: vraag als deel van het aanbod", "procent"),
        "tekort_doeljaar": KeyFigure("tekort tot het doeljaar (schatting; negatief = ruimte)"),
        "evenredigheidsindex": KeyFigure("evenredigheidsindex (0–1, 1 = evenredig)", "decimaal"),
        "verdeelsleutel": KeyFigure("verdeelsleutel", "tekst"),
        "mutatiegraad": KeyFigure("mutatiegraad", "procent"),
        "plafond_aandeel": KeyFigure("plafond voor aandachtsgroepen", "procent"),
        "peiljaar": KeyFigure("peiljaar", "jaar"),
        "doeljaar": KeyFigure("doeljaar", "jaar"),
    },
    headline_figures=("vraag_per_jaar", "tekort_doeljaar", "evenredigheidsindex"),
)
