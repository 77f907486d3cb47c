"""One house style for every chart: Dutch labels, a source line, alt text that survives HTML export."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from woonzorg import dutch
from woonzorg.present import canvas

# matplotlib is imported where a chart is drawn (its import takes half a second, and commands
# such as `woonzorg build` with nothing to do, or `woonzorg check`, draw nothing). Charts use
# matplotlib's object API, not pyplot: no global backend is switched and no figure stays open.
if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Okabe-Ito: distinguishable for the common forms of colour blindness and in greyscale print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
INK = "#1a1a1a"

HOUSE_STYLE = {
    "figure.figsize": (5.4, 4.0),
    "figure.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelcolor": INK,
    "axes.edgecolor": "#555555",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#dddddd",
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    # charts are SVG with live text: DejaVu Sans (matplotlib's own) lays them out, browsers fall back
    # to a metric-compatible or common sans-serif
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Liberation Sans", "Arial", "Helvetica"],
}


@contextmanager
def house_style():
    """Apply the house style for the duration of a block, leaving global settings untouched."""
    import matplotlib

    with matplotlib.rc_context({**HOUSE_STYLE, "axes.prop_cycle": matplotlib.cycler(color=PALETTE)}):
        yield


dutch_number = dutch.number  # the one Dutch number format (woonzorg.dutch); kept under this name for chart code


def DUTCH_THOUSANDS(value: float, _pos=None) -> str:  # noqa: N802 - a tick formatter, used like a constant
    return dutch_number(value)


# Charts are this wide (inches: 518 CSS px): scaled to the 366 px column of a 390 px phone their 10 pt
# text stays above 9 px. A long list of municipalities makes a chart taller, never wider.
CHART_WIDTH = 5.4


def count_axis(axis) -> None:
    """An axis of counts: whole-number ticks only (never "0 0 0 1 1 1"), written the Dutch way."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=6, integer=True))  # six at most: "1.200" labels fit a narrow chart
    axis.set_major_formatter(DUTCH_THOUSANDS)


class Chart:
    """A rendered chart: SVG with alt text and source line, shown as an accessible <figure>.

    SVG rather than PNG: drawing skips rasterising (charts render about a quarter faster), the
    text stays text (sharp in print and PDF, searchable) and simple charts are smaller.
    """

    def __init__(self, svg: bytes, alt: str, bron: str, title: str, kind: str = "Grafiek",
                 links: Sequence[tuple[str, str]] = ()):
        self.svg = svg
        self.alt = alt
        self.bron = bron
        self.title = title
        self.kind = kind  # how the figure's scrolling box is announced: "Grafiek", "Kaart"
        self.links = list(links)  # (name, address) of each place shown, linked under the figure (a map's municipalities)

    @classmethod
    def from_figure(cls, fig: Figure, *, alt: str, bron: str, title: str, kind: str = "Grafiek") -> "Chart":
        """Lay the figure out and render it to SVG (:func:`woonzorg.present.canvas.svg`); the source is
        named once, in the caption."""
        if not alt.strip():
            raise ValueError("every chart needs alt text")
        if not bron.strip():
            raise ValueError("every chart needs its source")
        return cls(canvas.svg(fig), alt=alt, bron=bron, title=title, kind=kind)

    def to_html(self) -> str:
        data = base64.b64encode(self.svg).decode("ascii")
        # the chart scales to the column; its box is a named, focusable region, as a wide table's is
        # (a chart that is wider than a phone's column at print or zoom scrolls in it: WCAG 2.1.1)
        links = ('<p class="wz-kaartlinks">Per gemeente: ' + " · ".join(
            f'<a href="{html.escape(href, quote=True)}">{html.escape(name)}</a>' for name, href in self.links)
                 + "</p>") if self.links else ""
        return (
            '<figure class="wz-chart">'
            f'<div class="wz-figuur" role="region" tabindex="0" aria-label="{html.escape(f"{self.kind}: {self.title}", quote=True)}">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(self.alt, quote=True)}"></div>'
            f"{links}<figcaption>{html.escape(self.title)}{'' if self.title.endswith(('.', '?', '!')) else '.'} "
            f"Bron: {html.escape(self.bron)}</figcaption>"
            "</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": f"[{self.kind}] {self.title}: {self.alt}"}


def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    bron: str,
    alt: str,
    highlight: Sequence[bool] | None = None,
    highlight_label: str = "",
) -> Chart:
    """A sorted horizontal bar chart, the workhorse for comparing municipalities.

    Bars flagged in ``highlight`` get the accent colour; ``highlight_label`` names them in a legend.
    """
    with house_style():
        height = max(2.5, 0.32 * len(labels) + 1.2)
        fig = canvas.new_figure((CHART_WIDTH, height))
        ax = fig.subplots()
        colours = [PALETTE[1] if highlight and highlight[i] else PALETTE[0] for i in range(len(labels))]
        ax.barh(list(labels), list(values), color=colours)
        ax.invert_yaxis()
        if highlight_label and highlight and any(highlight):
            from matplotlib.patches import Patch

            ax.legend(handles=[Patch(color=PALETTE[1], label=highlight_label)], loc="lower right", frameon=False)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        count_axis(ax.xaxis)
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)


# --------------------------------------------------------------------------------------------
# Charts added for the woonzorganalyse (theme 1).

def PERCENT(value: float, _pos=None) -> str:  # noqa: N802 - a tick formatter, used like a constant
    return f"{dutch_number(value * 100)}%"


DWARF_FACTOR = 3.0  # one bar this many times the next one squashes the others into slivers


def dwarfing_index(totals: Sequence[float], factor: float = DWARF_FACTOR) -> int | None:
    """The position of the one bar that dwarfs the rest (at least ``factor`` × the next largest), or None."""
    values = [float(v) for v in totals]
    if len(values) < 3:
        return None
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=True)
    largest, second = values[order[0]], values[order[1]]
    return order[0] if second > 0 and largest >= factor * second else None


def per_1000(values: Sequence[float], inwoners: Sequence[float]) -> list[float]:
    """Values per 1.000 inhabitants: the view in which a large municipality no longer hides the small ones."""
    return [1000 * float(v) / float(n) if n else float("nan") for v, n in zip(values, inwoners)]


def stacked_horizontal_bars(
    labels: Sequence[str],
    series: "dict[str, Sequence[float]]",
    *,
    title: str,
    xlabel: str,
    bron: str,
    alt: str,
    zoom: bool | None = None,
) -> Chart:
    """Horizontal bars split into parts (e.g. need per aandachtsgroep per municipality), with a legend.

    When one bar dwarfs the rest (:func:`dwarfing_index`; ``zoom`` forces or forbids it) a second
    panel shows the other bars on their own scale, so that no municipality is a sliver.
    """
    totals = [sum(float(s[i]) for s in series.values()) for i in range(len(labels))]
    big = dwarfing_index(totals) if zoom is None else (dwarfing_index(totals, 1.0) if zoom else None)
    with house_style():
        height = max(2.8, 0.34 * len(labels) + 1.6)
        fig = canvas.new_figure((CHART_WIDTH, height))
        if big is None:
            axes = [fig.subplots()]
            panels = [list(range(len(labels)))]
        else:
            axes = list(fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6], "wspace": 0.55}))
            panels = [list(range(len(labels))), [i for i in range(len(labels)) if i != big]]
        hatches = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]  # a second cue besides colour
        for ax, rows in zip(axes, panels):
            left = [0.0] * len(rows)
            names = [labels[i] for i in rows]
            for k, (name, values) in enumerate(series.items()):
                part = [float(values[i]) for i in rows]
                ax.barh(names, part, left=left, color=PALETTE[k % len(PALETTE)], label=name,
                        hatch=hatches[k % len(hatches)], edgecolor="white", linewidth=0.5)
                left = [a + b for a, b in zip(left, part)]
            ax.invert_yaxis()
            ax.set_xlabel(xlabel)
            count_axis(ax.xaxis)
        axes[0].set_title(title)
        if big is not None:
            axes[1].set_title(f"zonder {labels[big]}, eigen schaal", fontsize=10, fontweight="normal")
        canvas.legend_below(axes[0], ncol=min(3, len(series)))
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)


def diverging_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    bron: str,
    alt: str,
    positive_label: str,
    negative_label: str,
) -> Chart:
    """Bars left and right of zero (e.g. surplus/deficit per municipality), two colour-blind safe colours."""
    with house_style():
        height = max(2.8, 0.34 * len(labels) + 1.6)
        fig = canvas.new_figure((CHART_WIDTH, height))
        ax = fig.subplots()
        values = [float(v) for v in values]
        colours = [PALETTE[5] if v > 0 else PALETTE[0] for v in values]
        ax.barh(list(labels), values, color=colours)
        ax.axvline(0, color=INK, linewidth=1)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        count_axis(ax.xaxis)
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=PALETTE[5], label=positive_label), Patch(color=PALETTE[0], label=negative_label)],
                  loc="lower right", frameon=False, fontsize=9)
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)


def bars_with_reference(
    labels: Sequence[str],
    values: Sequence[float],
    reference: float,
    *,
    reference_label: str,
    title: str,
    xlabel: str,
    bron: str,
    alt: str,
    percent: bool = True,
) -> Chart:
    """Horizontal bars against a reference line (e.g. pressure against a policy ceiling); bars over it stand out."""
    with house_style():
        height = max(2.8, 0.34 * len(labels) + 1.6)
        fig = canvas.new_figure((CHART_WIDTH, height))
        ax = fig.subplots()
        values = [float(v) for v in values]
        colours = [PALETTE[5] if v > reference else PALETTE[0] for v in values]
        ax.barh(list(labels), values, color=colours)
        ax.axvline(reference, color=INK, linestyle="--", linewidth=1.2, label=reference_label)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        if percent:
            ax.xaxis.set_major_formatter(PERCENT)
        else:
            count_axis(ax.xaxis)
        ax.legend(loc="lower right", frameon=False, fontsize=9)
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)


def line_chart(
    x: Sequence[int],
    series: "dict[str, Sequence[float]]",
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    bron: str,
    alt: str,
    gap: tuple[str, str] | None = None,
    gap_labels: tuple[str, str] = ("tekort", "ruimte"),
) -> Chart:
    """Lines over years (e.g. cumulative need against supply), each with its own colour and marker.

    ``gap`` names two series (``("vraag", "aanbod")``) whose difference is the point: the area
    between them is shaded, in one colour (and hatch) where the first is above the second
    (``gap_labels[0]``, e.g. tekort) and another where it is below (``gap_labels[1]``), and the
    difference in the last year is written at the end of the lines.
    """
    markers = ["o", "s", "^", "D", "v", "P"]
    styles = ["-", "--", "-.", ":"]
    with house_style():
        fig = canvas.new_figure((CHART_WIDTH, 4.2))
        ax = fig.subplots()
        for k, (name, values) in enumerate(series.items()):
            ax.plot(list(x), [float(v) for v in values], label=name, color=PALETTE[k % len(PALETTE)],
                    marker=markers[k % len(markers)], linestyle=styles[k % len(styles)], linewidth=2)
        if gap is not None:
            _shade_gap(ax, list(x), [float(v) for v in series[gap[0]]], [float(v) for v in series[gap[1]]], gap_labels)
        ax.grid(axis="y", color="#dddddd")
        ax.set_xticks(list(x))
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        count_axis(ax.yaxis)
        ax.set_ylim(bottom=0)
        canvas.legend_below(ax, ncol=min(3, len(series) + (2 if gap else 0)))
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)


def _shade_gap(ax, x: list, first: list[float], second: list[float], labels: tuple[str, str]) -> None:
    """Shade between two lines: where ``first`` is above (a shortfall) and where it is below."""
    above = [a >= b for a, b in zip(first, second)]
    if any(above):
        ax.fill_between(x, first, second, where=above, interpolate=True, color=PALETTE[5], alpha=0.25,
                        hatch="//", edgecolor=PALETTE[5], linewidth=0, label=labels[0])
    if not all(above):
        ax.fill_between(x, first, second, where=[not a for a in above], interpolate=True, color=PALETTE[2],
                        alpha=0.25, hatch="..", edgecolor=PALETTE[2], linewidth=0, label=labels[1])
    difference = first[-1] - second[-1]
    ax.annotate(f"{labels[0] if difference >= 0 else labels[1]} {x[-1]}: {dutch_number(abs(difference))}",
                xy=(x[-1], (first[-1] + second[-1]) / 2), xytext=(-6, 0), textcoords="offset points",
                ha="right", va="center", fontsize=9, color=INK,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


# --------------------------------------------------------------------------------------------
# Charts added for the regionale procesorganisatie (theme 2).


# --------------------------------------------------------------------------------------------
# Charts added for the woonzorgvisie (theme 3).


def status_bars(
    labels: Sequence[str],
    series: "dict[str, Sequence[float]]",
    colours: "dict[str, str]",
    *,
    title: str,
    xlabel: str,
    bron: str,
    alt: str,
) -> Chart:
    """Stacked horizontal bars with a fixed colour per category (e.g. counts per status), hatched as a second cue."""
    hatches = ["", "//", "..", "xx", "\\\\", "++"]
    with house_style():
        fig = canvas.new_figure((CHART_WIDTH, max(2.2, 0.55 * len(labels) + 1.4)))
        ax = fig.subplots()
        left = [0.0] * len(labels)
        for k, (name, values) in enumerate(series.items()):
            values = [float(v) for v in values]
            ax.barh(list(labels), values, left=left, color=colours[name], label=name, hatch=hatches[k % len(hatches)],
                    edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, values)]
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        count_axis(ax.xaxis)
        canvas.legend_below(ax, ncol=min(3, len(series)))
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)
