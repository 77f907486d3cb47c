"""Learning-circle controls: scenario knobs as ipywidgets that redraw tables and charts live."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w


@dataclass(frozen=True)
class Knob:
    """One scenario knob: a Dutch label, a kind (``slider`` or ``dropdown``) and its settings."""

    label: str
    kind: str
    value: Any
    options: Mapping[str, Any] = field(default_factory=dict)  # dropdown: label -> value
    min: float = 0.0
    max: float = 1.0
    step: float = 0.01
    percent: bool = False  # show a share 0.27 as "27,0%"

    @classmethod
    def slider(cls, label: str, value: float, min: float, max: float, step: float, *, percent: bool = False) -> "Knob":
        value = float(value)
        # widen the range rather than clip a starting value that lies outside it
        return cls(label, "slider", value, min=_lo(min, value), max=_hi(max, value), step=step, percent=percent)

    @classmethod
    def dropdown(cls, label: str, options: Mapping[str, Any], value: Any) -> "Knob":
        if value not in options.values():
            raise ValueError(f"waarde {value!r} staat niet tussen de keuzes van {label}")
        return cls(label, "dropdown", value, options=dict(options))


def _lo(bound: float, value: float) -> float:
    return bound if bound <= value else value


def _hi(bound: float, value: float) -> float:
    return bound if bound >= value else value


def make_widget(knob: Knob) -> w.ValueWidget:
    """The ipywidget for one knob."""
    style = {"description_width": "initial"}
    layout = w.Layout(width="32rem")
    if knob.kind == "dropdown":
        return w.Dropdown(options=list(knob.options.items()), value=knob.value, description=knob.label,
                          style=style, layout=layout)
    if knob.kind == "slider":
        return w.FloatSlider(value=knob.value, min=knob.min, max=knob.max, step=knob.step, description=knob.label,
                             readout_format=".1%" if knob.percent else ".3g", continuous_update=False,
                             style=style, layout=layout)
    raise ValueError(f"onbekend soort knop '{knob.kind}'")


def scenario_controls(knobs: Mapping[str, Knob], render: Callable[..., Any]) -> w.VBox:
    """Controls for ``knobs`` above an output area that shows ``render(**values)``.

    ``render`` gets one keyword argument per knob and returns one displayable object or an
    iterable of them; it is called once at the start and again on every change. Errors are shown
    in the output area instead of breaking the controls.
    """
    controls = {name: make_widget(knob) for name, knob in knobs.items()}
    output = w.Output()

    def redraw(_change=None) -> None:
        # Outputs are set on the widget's state rather than captured with ``with output:``:
        # capturing relies on the kernel's message routing, which headless executors (papermill,
        # a reused build kernel) do not always honour, and a stalled capture hangs the notebook.
        values = {name: c.value for name, c in controls.items()}
        output.outputs = ()
        try:
            shown = render(**values)
        except Exception as exc:  # a learning circle should see the message, not a dead widget
            output.append_stdout(f"Dit scenario kan niet worden berekend: {exc}\n")
            return
        items: Iterable[Any] = shown if isinstance(shown, (list, tuple)) else [shown]
        for item in items:
            output.append_display_data(item)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    box = w.VBox([w.HTML("<strong>Scenario</strong>"), *controls.values(), output])
    box.controls = controls  # for tests and for notebooks that want to set a value
    box.output = output
    return box
