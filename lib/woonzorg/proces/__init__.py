"""Theme 2, regionale procesorganisatie: actors and roles (RACI), agreements, milestones and the zelfscan.

The data live in long-format CSV files in ``data/`` keyed by ``regio`` (see ``data/README.md``):
``proces-actoren``, ``proces-raci``, ``proces-afspraken``, ``proces-mijlpalen``,
``zelfscan-stellingen`` and ``zelfscan-antwoorden``. All are optional, so a region added later
without process data still builds; its page then says how to add them.

The parts: :mod:`.schema` (tables, checks), :mod:`.model` (pure pandas), :mod:`.views` and
:mod:`.figures` (tables, text, charts), :mod:`.controls` (saving a zelfscan round, the form),
:mod:`.exercises`. The public names of all parts are re-exported here, so notebooks call
``proces.uitslag(...)``, ``proces.actoren_table(...)``.

The zelfscan is our own design (no published maturity model for this field was found): seven
dimensions, three statements each, scored 1–4. A dimension's score is the mean of all answers on
its statements in one round; the round's total is the mean of the dimension scores. Example answers
(``voorbeeld`` = ja) are practice material: they are shown only in a marked practice block and never
become a key figure, a comparison or a question.
"""

from __future__ import annotations

from woonzorg.proces.schema import *  # noqa: F401,F403
from woonzorg.proces.model import *  # noqa: F401,F403
from woonzorg.proces.gemeenten import *  # noqa: F401,F403
from woonzorg.proces.controls import *  # noqa: F401,F403
from woonzorg.proces.figures import *  # noqa: F401,F403
from woonzorg.proces.views import *  # noqa: F401,F403
from woonzorg.proces import exercises
from woonzorg.proces.schema import ACTOREN, AFSPRAKEN, ANTWOORDEN, DEELREGIOS, MIJLPALEN, RACI, STELLINGEN, check_proces
from woonzorg.themes import KeyFigure, Theme

THEME = Theme(
    name="procesorganisatie",
    title="Procesorganisatie",
    package=__name__,
    tables=(ACTOREN, RACI, AFSPRAKEN, MIJLPALEN, STELLINGEN, ANTWOORDEN, DEELREGIOS),
    checks=(check_proces,),
    exercises=exercises.EXERCISES,
    questions=exercises.questions,
    key_figures={
        "actoren": KeyFigure("actoren in beeld"),
        "actoren_nog_in_te_vullen": KeyFigure("actoren nog in te vullen"),
        "afspraken": KeyFigure("regionale afspraken"),
        "zelfscan_totaal": KeyFigure("zelfscan: gemiddelde score (1–4)", "decimaal"),
        "zelfscan_ronde": KeyFigure("zelfscan: ronde"),
        "zelfscan_datum": KeyFigure("zelfscan: datum", "tekst"),
        "zelfscan_voorbeeld": KeyFigure("zelfscan: voorbeeldantwoorden", "janee"),
    },
    headline_figures=("zelfscan_totaal",),
)
