"""Learning-circle controls: scenario knobs as ipywidgets that redraw tables and charts live.

Every readout is Dutch (``7,0%``, ``0,25``: :mod:`woonzorg.dutch`), a button puts every knob back to
its starting value, and the box says which figures the knobs change.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from woonzorg import dutch

RESET_LABEL = "Terug naar de uitgangswaarden"
DEFAULT_EFFECT = ("Als u een knop verandert, rekent het werkboek de tabellen en grafieken direct onder de knoppen "
                  "opnieuw uit. De cijfers hoger op de pagina blijven de uitgangswaarden van de regio.")


_shared: dict[tuple, w.Widget] = {}  # (model class, settings) -> the model shared() hands out, while it is open


def shared(model_class: type, **settings: Any) -> w.Widget:
    """One model of ``model_class`` with these ``settings`` (a Layout, a widget's style), shared by every
    workbook widget that asks for the same.

    ipywidgets gives each widget a Layout and a style of its own, and each is a model that the kernel
    sends to the page and the saved workbook keeps: 678 of the 2,658 models in the 24 workbooks were
    empty Layouts, and 606 of the 2,004 left after sharing those were styles. A Layout or a style may be
    shared by many widgets (ipywidgets' documentation on layout and styling). Never change a shared one:
    a widget that needs other settings asks for those. A closed one (a reset of the warm kernel closes
    every widget) is replaced by a new one.
    """
    key = (model_class, tuple(sorted(settings.items())))
    model = _shared.get(key)
    if model is None or model.comm is None:
        model = _shared[key] = model_class(**settings)
    return model


def plain_layout() -> w.Layout:
    """The Layout of every workbook widget that sets nothing of its own layout: one, shared."""
    return shared(w.Layout)


def style_of(widget_class: type, **settings: Any) -> w.Widget:
    """The shared style of a kind of widget (the class of its ``style`` trait), with these ``settings``."""
    return shared(widget_class.class_traits()["style"].klass, **settings)


def new_widget(kind: type, *args: Any, layout: Mapping[str, Any] | None = None,
               style: Mapping[str, Any] | None = None, **kwargs: Any) -> w.Widget:
    """A workbook widget of ``kind`` whose layout and style are shared models (:func:`shared`): the Layout
    with the ``layout`` settings (the plain one without) and the style of its kind with the ``style`` settings."""
    return kind(*args, layout=shared(w.Layout, **(layout or {})), style=style_of(kind, **(style or {})), **kwargs)


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
    decimals: int | None = None  # of the readout; by default from the step

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


def readout(knob: Knob, value: Any) -> str:
    """A knob's value as the page shows it, in Dutch: ``7,0%`` for a share, ``0,25`` or ``12`` otherwise."""
    if knob.kind == "dropdown":
        return next((label for label, v in knob.options.items() if v == value), str(value))
    decimals = knob.decimals if knob.decimals is not None else _decimals(knob.step, knob.percent)
    return dutch.percent(value, decimals) if knob.percent else dutch.number(value, decimals)


def _decimals(step: float, percent: bool) -> int:
    """Enough decimals to tell two steps apart: a step of 0,005 as a percentage needs one (0,5%)."""
    step = abs(float(step)) * (100 if percent else 1)
    for decimals in range(0, 4):
        if abs(round(step, decimals) - step) < 1e-9:
            return decimals
    return 3


def make_widget(knob: Knob) -> w.ValueWidget:
    """The ipywidget for one knob (a slider's own readout is off: :func:`labelled` shows a Dutch one)."""
    shape = {"layout": {"width": "32rem"}, "style": {"description_width": "initial"}}
    if knob.kind == "dropdown":
        return new_widget(w.Dropdown, options=list(knob.options.items()), value=knob.value, description=knob.label,
                          **shape)
    if knob.kind == "slider":
        return new_widget(w.FloatSlider, value=knob.value, min=knob.min, max=knob.max, step=knob.step,
                          description=knob.label, readout=False, continuous_update=False, **shape)
    raise ValueError(f"onbekend soort knop '{knob.kind}'")


def labelled(knob: Knob, control: w.ValueWidget) -> w.Widget:
    """A slider with its Dutch readout beside it, kept up to date; a dropdown shows its own label."""
    if knob.kind != "slider":
        return control
    shown = new_widget(w.Label, readout(knob, control.value))
    shown.add_class("wz-readout")
    control.observe(lambda change: setattr(shown, "value", readout(knob, change["new"])), names="value")
    box = w.HBox([control, shown], layout=plain_layout())
    box.readout = shown
    return box


def scenario_controls(knobs: Mapping[str, Knob], render: Callable[..., Any], *, effect: str = DEFAULT_EFFECT) -> w.VBox:
    """Controls for ``knobs`` above an output area that shows ``render(**values)``.

    ``render`` gets one keyword argument per knob and returns one displayable object or an
    iterable of them; it is called once at the start and again on every change. Errors are shown
    in the output area instead of breaking the controls. ``effect`` tells the reader which figures
    the knobs change; the button *Terug naar de uitgangswaarden* sets every knob to its start.
    """
    controls = {name: make_widget(knob) for name, knob in knobs.items()}
    output = w.Output(layout=plain_layout())
    quiet = {"on": False}

    def redraw(_change=None) -> None:
        # Outputs are set on the widget's state rather than captured with ``with output:``:
        # capturing relies on the kernel's message routing, which headless executors (papermill,
        # a reused build kernel) do not always honour, and a stalled capture hangs the notebook.
        if quiet["on"]:
            return
        values = {name: c.value for name, c in controls.items()}
        # each append sets the widget's whole list of outputs, and each setting is a message with
        # all of them (the charts' SVG too): held, the page gets one message with the final list
        with output.hold_sync():
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
    reset = new_widget(w.Button, description=RESET_LABEL, tooltip="Zet alle knoppen terug op de cijfers van de regio",
                       layout={"width": "auto"})

    def back_to_start(_button=None) -> None:
        quiet["on"] = True  # one redraw for all knobs, not one per knob
        try:
            for name, control in controls.items():
                control.value = knobs[name].value
        finally:
            quiet["on"] = False
        redraw()

    reset.on_click(back_to_start)
    box = w.VBox([new_widget(w.HTML, f"<p><strong>Scenario</strong></p><p>{html.escape(effect)}</p>"),
                  *(labelled(knobs[name], c) for name, c in controls.items()), reset, output], layout=plain_layout())
    box.controls = controls  # for tests and for notebooks that want to set a value
    box.output, box.reset = output, reset
    return box
