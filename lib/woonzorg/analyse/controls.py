"""The woonzorganalyse workbook's scenario controls: which knobs, and what they redraw."""

from __future__ import annotations

from woonzorg import widgets
from woonzorg.data import Dataset
from woonzorg.analyse.model import VERDEELSLEUTELS, Woonzorganalyse, woonzorganalyse
from woonzorg.analyse.views import druk_chart, kerncijfers_html, prognose_chart, spreiding_chart, spreiding_table


def scenario_view(result: Woonzorganalyse) -> list[object]:
    """What the workbook's controls redraw: key figures, pressure, distribution and prognosis."""
    return [kerncijfers_html(result), druk_chart(result), spreiding_table(result), spreiding_chart(result),
            prognose_chart(result)]


def scenario_renderer(dataset: Dataset, start: Woonzorganalyse):
    """A render callback for the workbook controls: recompute the region under the chosen knobs.

    At the knobs' starting values it shows ``start`` itself, whose charts the notebook drew already.
    """

    def render(**knobs) -> list[object]:
        if knobs == {name: getattr(start, name) for name in knobs}:
            return scenario_view(start)
        return scenario_view(woonzorganalyse(dataset, start.regio.id, peiljaar=start.peiljaar,
                                             doeljaar=start.doeljaar, **knobs))

    return render


def scenario_knobs(result: Woonzorganalyse) -> dict[str, object]:
    """The scenario knobs for :func:`woonzorg.widgets.scenario_controls`, starting at the result's values."""
    return {
        "verdeelsleutel": widgets.Knob.dropdown(
            "Verdeelsleutel", {v.naam: k for k, v in VERDEELSLEUTELS.items()}, result.verdeelsleutel),
        "mutatiegraad": widgets.Knob.slider("Mutatiegraad", result.mutatiegraad, 0.02, 0.15, 0.005, percent=True),
        "plafond_aandeel": widgets.Knob.slider("Plafond aandachtsgroepen", result.plafond_aandeel, 0.05, 0.8, 0.01,
                                               percent=True),
        "groei_vraag": widgets.Knob.slider("Groei vraag per jaar", result.groei_vraag, -0.05, 0.10, 0.005,
                                           percent=True),
    }
