"""How a chart is measured, laid out and written: the figure's canvas, the layout passes, the SVG.

:mod:`woonzorg.present.charts` says what a chart shows (its kinds, the house style, the accessible
``<figure>``); this module makes a matplotlib figure fit its size and writes it as SVG: text measured
once per process with Agg (:func:`new_figure`), long titles wrapped, legends placed below the axis
labels (:func:`legend_below`), and the image widened only when something still sticks out.
"""

from __future__ import annotations

import functools
import io
import textwrap
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn (see woonzorg.present.charts)
    from matplotlib.figure import Figure


def new_figure(figsize: tuple[float, float]) -> "Figure":
    """A figure for :meth:`woonzorg.present.charts.Chart.from_figure`, laid out with Agg's text metrics
    (call inside :func:`woonzorg.present.charts.house_style`)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    _measuring_canvas()(fig)
    return fig


def prepare() -> None:
    """Set chart drawing up now rather than at the first chart (the build's zygote does so before it
    forks its kernels, :mod:`woonzorg.publish.zygote`)."""
    _measuring_canvas()


@functools.cache
def _measuring_canvas():
    """An Agg canvas whose renderer is shared by every figure of the same dpi.

    Charts are measured with Agg (the layout) and then written as SVG; Agg never paints them. matplotlib
    remembers the size of a text per renderer, and each canvas makes its own, so every chart would measure
    its tick labels, names and titles anew. Measuring does not depend on the canvas's size, so one
    renderer serves them all (``get_renderer`` is the canvas's public hook), and a text measured once is
    known to every later chart.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    renderers: dict[float, RendererAgg] = {}

    class MeasuringCanvas(FigureCanvasAgg):
        def get_renderer(self):
            dpi = self.figure.dpi
            if dpi not in renderers:
                renderers[dpi] = RendererAgg(1, 1, dpi)
            return renderers[dpi]

    return MeasuringCanvas


def svg(fig: Figure) -> bytes:
    """Lay a figure from :func:`new_figure` out and write it as SVG.

    Long titles are wrapped to the figure's width (``bbox_inches="tight"`` would instead widen
    the image, and draw it twice: only a figure with a label outside it gets that). A legend
    placed with :func:`legend_below` is put under the x axis's labels, the figure growing to fit.
    """
    import matplotlib

    _wrap_long_axis_labels(fig)
    with warnings.catch_warnings(record=True) as failed:  # "not compatible with tight_layout": not laid out
        warnings.simplefilter("always", UserWarning)
        fig.tight_layout()
    # tight_layout leaves a placeholder layout engine behind, and savefig draws a figure with any
    # engine twice (a dry run first): the layout is done, so the figure gets none
    fig.set_layout_engine(None)
    grown = _wrap_long_titles(fig)
    if grown:  # the wrapped title is taller: lower the axes by that much, no second layout pass
        fig.subplots_adjust(top=fig.subplotpars.top - grown / fig.bbox.height)
    _place_legends_below(fig)
    # what the layout could not fit (or a label placed past the edge) widens the image rather
    # than being cut off; that costs a second pass, for this figure only
    inside = not failed and not _sticks_out(fig)
    buffer = io.BytesIO()
    # text as <text> (not paths), fixed ids and no date: the same chart gives the same bytes
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "woonzorg"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None},
                    **({} if inside else {"bbox_inches": "tight", "pad_inches": 0.1}))
    return buffer.getvalue()


def _wrap_long_axis_labels(fig: Figure) -> None:
    """Wrap an x-axis label wider than its figure onto more lines (before the layout, which makes room):
    charts are narrow enough for a phone, and a long label would run past the edge and be cut off."""
    renderer = fig.canvas.get_renderer()
    # the label is centred under the axes, which the tick labels on the left push to the right: it may
    # take about 60% of the figure's width before it would reach past the right edge
    room = 0.6 * fig.bbox.width  # pixels
    for ax in fig.axes:
        label = ax.xaxis.label
        text = label.get_text()
        if not text or " " not in text:
            continue
        width = label.get_window_extent(renderer).width
        if width > room:
            label.set_text(textwrap.fill(text, max(10, int(len(text) * room / width))))


def _wrap_long_titles(fig: Figure) -> float:
    """Wrap axes titles that run past the figure's right edge; returns how much taller (pixels) they got."""
    from woonzorg.publish import upstream

    renderer = fig.canvas.get_renderer()  # an Agg canvas, see new_figure
    right = fig.bbox.x1 - 6  # pixels
    grown = 0.0
    for ax in fig.axes:
        for title in upstream.axes_titles(ax):  # the three title positions of an Axes
            text = title.get_text()
            if not text or " " not in text:
                continue
            extent = title.get_window_extent(renderer)
            if extent.x1 <= right or extent.width <= 0:
                continue
            chars = max(10, int(len(text) * (right - extent.x0) / extent.width))
            title.set_text(textwrap.fill(text, chars))
            grown = max(grown, title.get_window_extent(renderer).height - extent.height)
    return grown


LEGEND_MARGIN = 4  # pixels between a legend below the axes and the figure's bottom edge


def legend_below(ax, handles=None, **kwargs):
    """A legend under the axes, below its tick and axis labels (placed there by :func:`svg`)."""
    kwargs.setdefault("frameon", False)
    kwargs.setdefault("fontsize", 9)
    legend = ax.legend(**({"handles": handles} if handles is not None else {}), loc="upper center",
                       bbox_to_anchor=(0.5, 0), **kwargs)
    legend._wz_below = True
    legend._wz_made = (handles, kwargs)  # to make it again with fewer columns if it is wider than the chart
    return legend


def _place_legends_below(fig: Figure) -> None:
    """Move each :func:`legend_below` legend under its x axis's labels; the figure grows by what it needs."""
    legends = [ax.get_legend() for ax in fig.axes if getattr(ax.get_legend(), "_wz_below", False)]
    if not legends:
        return
    renderer = fig.canvas.get_renderer()
    need = 0.0
    for k, legend in enumerate(legends):
        # fewer columns rather than a legend wider than the chart (which would widen the image)
        handles, kwargs = legend._wz_made
        columns = kwargs.get("ncol", 1)
        while columns > 1 and legend.get_window_extent(renderer).width > fig.bbox.width - 8:
            columns -= 1
            legend = legends[k] = legend_below(legend.axes, handles, **{**kwargs, "ncol": columns})
        _anchor_under(fig, legend, renderer)
        # measured where it landed: the legend keeps its own padding below the anchor
        need = max(need, LEGEND_MARGIN - legend.get_window_extent(renderer).y0)
    if need > 0:  # grow the figure at the bottom, keeping the axes where they are in inches
        width, height = fig.get_size_inches()
        extra = need / fig.dpi
        bottom, top = fig.subplotpars.bottom, fig.subplotpars.top
        fig.set_size_inches(width, height + extra)
        fig.subplots_adjust(bottom=(bottom * height + extra) / (height + extra), top=1 - (1 - top) * height / (height + extra))
        for legend in legends:
            _anchor_under(fig, legend, renderer)


def _anchor_under(fig: Figure, legend, renderer) -> None:
    """Anchor a legend 6 pixels under its x axis's labels (or under the axes, without labels)."""
    labels = legend.axes.xaxis.get_tightbbox(renderer) or legend.axes.bbox
    # in figure fractions, not pixels: the SVG is drawn at another dpi than the layout was measured
    box = legend.axes.get_position()
    legend.set_bbox_to_anchor(((box.x0 + box.x1) / 2, (labels.y0 - 6) / fig.bbox.height), transform=fig.transFigure)


def _sticks_out(fig: Figure) -> bool:
    """Does a text or legend of an axes (the things placed freely) reach past the figure's edges?"""
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    for ax in fig.axes:
        for artist in [*ax.texts, *([ax.get_legend()] if ax.get_legend() else [])]:
            e = artist.get_window_extent(renderer)
            if e.x0 < box.x0 - 1 or e.y0 < box.y0 - 1 or e.x1 > box.x1 + 1 or e.y1 > box.y1 + 1:
                return True
    return False
