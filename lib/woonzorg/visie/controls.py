"""Woonzorgvisie controls: the workbook's knobs (verdeelsleutel, ambitie) and what they redraw."""

from __future__ import annotations

from woonzorg import analyse
from woonzorg.data import Dataset
from woonzorg.visie.model import Woonzorgvisie, woonzorgvisie
from woonzorg.visie.views import kerncijfers_html, opgave_chart, opgave_table


def scenario_knobs(v: Woonzorgvisie) -> dict[str, object]:
    """The workbook controls (see :func:`woonzorg.widgets.scenario_controls`): verdeelsleutel and ambitie."""
    from woonzorg import widgets

    return {
        "verdeelsleutel": widgets.Knob.dropdown(
            "Verdeelsleutel", {k.naam: sid for sid, k in analyse.VERDEELSLEUTELS.items()}, v.verdeelsleutel),
        "ambitie": widgets.Knob.slider("Ambitie", v.ambitie, 0.1, 1.0, 0.05, percent=True),
    }


def scenario_renderer(dataset: Dataset, v: Woonzorgvisie):
    """A render callback for the workbook controls: the targets under the chosen key and ambition
    (at the starting values ``v`` itself, whose chart the notebook drew already)."""
    a = v.analyse

    def render(**knobs) -> list[object]:
        if knobs == {"verdeelsleutel": v.verdeelsleutel, "ambitie": v.ambitie}:
            w = v
        else:
            w = woonzorgvisie(dataset, a.regio.id, peiljaar=a.peiljaar, doeljaar=a.doeljaar,
                              mutatiegraad=a.mutatiegraad, plafond_aandeel=a.plafond_aandeel,
                              groei_vraag=a.groei_vraag, **knobs)
        return [kerncijfers_html(w), opgave_table(w), opgave_chart(w)]

    return render
