"""Theme 0, the regioprofiel: a region's municipalities with their figures, totals and sources.

The parts: :mod:`.schema` (no tables of its own), :mod:`.model` (pure pandas), :mod:`.views`
(tables, charts, text), :mod:`.controls` (none), :mod:`.exercises`. Public names are re-exported
here for the notebooks.
"""

from __future__ import annotations

from woonzorg.profiel.model import *  # noqa: F401,F403
from woonzorg.profiel.views import *  # noqa: F401,F403
from woonzorg.profiel import exercises
from woonzorg.profiel.schema import CHECKS, REGIO_KENMERKEN, TABLES  # noqa: F401 - REGIO_KENMERKEN re-exported
from woonzorg.themes import KeyFigure, Theme

THEME = Theme(
    name="regioprofiel",
    title="Regioprofiel",
    package=__name__,
    tables=TABLES,
    checks=CHECKS,
    exercises=exercises.EXERCISES,
    questions=exercises.questions,
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
