"""Theme 3, the woonzorgvisie: building blocks, targets per municipality per year, a draft text.

Theme 3 turns the woonzorganalyse into the content of a woonzorgvisie, which under the Wet versterking
regie volkshuisvesting becomes the aandachtsgroepen chapter of each municipality's
volkshuisvestingsprogramma. The parts: :mod:`.schema` (tables, checks), :mod:`.model` (targets per
municipality from :func:`woonzorg.analyse.woonzorganalyse`, never from another notebook's output),
:mod:`.views` (tables, charts, text), :mod:`.concept` (the draft text), :mod:`.controls` (the
workbook's knobs), :mod:`.exercises`. Public names are re-exported here for the notebooks.

Targets are policy outputs in homes and are shown rounded to whole homes (largest-remainder
rounding, so that the rounded targets still add up to the rounded regional task). Estimated need
per municipality is shown with small numbers suppressed (:mod:`woonzorg.present.privacy`).
"""

from __future__ import annotations

from woonzorg.visie.schema import *  # noqa: F401,F403
from woonzorg.visie.model import *  # noqa: F401,F403
from woonzorg.visie.views import *  # noqa: F401,F403
from woonzorg.visie.concept import *  # noqa: F401,F403
from woonzorg.visie.controls import *  # noqa: F401,F403
from woonzorg.visie import exercises
from woonzorg.visie.model import _n, _pct  # noqa: F401  (used by older callers)
from woonzorg.visie.schema import BOUWSTENEN, STATUS, _check_tables
from woonzorg.beleid import BELEID_FEITEN, check_feiten
from woonzorg.themes import KeyFigure, Theme

THEME = Theme(
    name="woonzorgvisie",
    title="Woonzorgvisie",
    package=__name__,
    tables=(BOUWSTENEN, STATUS, BELEID_FEITEN),
    checks=(_check_tables, check_feiten),
    exercises=exercises.EXERCISES,
    questions=exercises.questions,
    key_figures={
        "ambitie": KeyFigure("ambitie: deel van de opgave dat de regio wil halen", "procent"),
        "opgave_tot_doeljaar": KeyFigure("opgave tot het doeljaar (met de groepen die meetellen)", "tekst"),
        "opgave_per_jaar": KeyFigure("opgave per jaar (met de groepen die meetellen)", "tekst"),
        "groepen_meegeteld": KeyFigure("aandachtsgroepen met een cijfer in de opgave", "tekst"),
        "beschikbaar_tot_doeljaar": KeyFigure("beschikbaar tot het doeljaar", "tekst"),
        "tekort_bij_ambitie": KeyFigure("tekort of ruimte bij deze ambitie (alleen waar zeker)", "tekst"),
        "gemeenten_boven_aanbod": KeyFigure("gemeenten met meer opgave dan aanbod"),
    },
    headline_figures=("opgave_per_jaar",),
)
