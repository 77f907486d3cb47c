"""One house style for every chart: Dutch labels, a source line, alt text that survives HTML export."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")  # charts are rendered to PNG; no GUI backend needed in kernels or CI
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

# Okabe-Ito: distinguishable for the common forms of colour blindness and in greyscale print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
INK = "#1a1a1a"

HOUSE_STYLE = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelcolor": INK,
    "axes.edgecolor": "#555555",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#dddddd",
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
}


@contextmanager
def house_style():
    """Apply the house style for the duration of a block, leaving global settings untouched."""
    with plt.rc_context(HOUSE_STYLE):
        yield


def dutch_number(value: float, decimals: int = 0) -> str:
    """Format a number the Dutch way: 12.345 and 0,25."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


DUTCH_THOUSANDS = FuncFormatter(lambda v, _pos: dutch_number(v))


class Chart:
    """A rendered chart: PNG bytes with alt text and source line, shown as an accessible <figure>."""

    def __init__(self, png: bytes, alt: str, bron: str, title: str):
        self.png = png
        self.alt = alt
        self.bron = bron
        self.title = title

    @classmethod
    def from_figure(cls, fig: Figure, *, alt: str, bron: str, title: str) -> "Chart":
        if not alt.strip():
            raise ValueError("every chart needs alt text")
        if not bron.strip():
            raise ValueError("every chart needs its source")
        fig.text(0.01, 0.005, f"Bron: {bron}", fontsize=8, color="#444444", ha="left", va="bottom")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        plt.close(fig)
        return cls(buffer.getvalue(), alt=alt, bron=bron, title=title)

    def to_html(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure class="wz-chart">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}">'
            f"<figcaption>{html.escape(self.title)}. Bron: {html.escape(self.bron)}</figcaption>"
            "</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": f"[Grafiek] {self.title}: {self.alt}"}


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
        fig, ax = plt.subplots(figsize=(8, height))
        colours = [PALETTE[1] if highlight and highlight[i] else PALETTE[0] for i in range(len(labels))]
        ax.barh(list(labels), list(values), color=colours)
        ax.invert_yaxis()
        if highlight_label and highlight and any(highlight):
            from matplotlib.patches import Patch

            ax.legend(handles=[Patch(color=PALETTE[1], label=highlight_label)], loc="lower right", frameon=False)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(DUTCH_THOUSANDS)
        fig.tight_layout()
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)


# --------------------------------------------------------------------------------------------
# Charts added for the woonzorganalyse (theme 1).

PERCENT = FuncFormatter(lambda v, _pos: f"{dutch_number(v * 100)}%")


def stacked_horizontal_bars(
    labels: Sequence[str],
    series: "dict[str, Sequence[float]]",
    *,
    title: str,
    xlabel: str,
    bron: str,
    alt: str,
) -> Chart:
    """Horizontal bars split into parts (e.g. need per aandachtsgroep per municipality), with a legend."""
    with house_style():
        height = max(2.8, 0.34 * len(labels) + 1.6)
        fig, ax = plt.subplots(figsize=(8, height))
        left = [0.0] * len(labels)
        hatches = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]  # a second cue besides colour
        for k, (name, values) in enumerate(series.items()):
            values = [float(v) for v in values]
            ax.barh(list(labels), values, left=left, color=PALETTE[k % len(PALETTE)], label=name,
                    hatch=hatches[k % len(hatches)], edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, values)]
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(DUTCH_THOUSANDS)
        ax.legend(loc="lower right", frameon=False, fontsize=9)
        fig.tight_layout()
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
        fig, ax = plt.subplots(figsize=(8, height))
        values = [float(v) for v in values]
        colours = [PALETTE[5] if v > 0 else PALETTE[0] for v in values]
        ax.barh(list(labels), values, color=colours)
        ax.axvline(0, color=INK, linewidth=1)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(DUTCH_THOUSANDS)
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=PALETTE[5], label=positive_label), Patch(color=PALETTE[0], label=negative_label)],
                  loc="lower right", frameon=False, fontsize=9)
        fig.tight_layout()
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
        fig, ax = plt.subplots(figsize=(8, height))
        values = [float(v) for v in values]
        colours = [PALETTE[5] if v > reference else PALETTE[0] for v in values]
        ax.barh(list(labels), values, color=colours)
        ax.axvline(reference, color=INK, linestyle="--", linewidth=1.2, label=reference_label)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(PERCENT if percent else DUTCH_THOUSANDS)
        ax.legend(loc="lower right", frameon=False, fontsize=9)
        fig.tight_layout()
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
) -> Chart:
    """Lines over years (e.g. cumulative need against supply), each with its own colour and marker."""
    markers = ["o", "s", "^", "D", "v", "P"]
    styles = ["-", "--", "-.", ":"]
    with house_style():
        fig, ax = plt.subplots(figsize=(8, 4.2))
        for k, (name, values) in enumerate(series.items()):
            ax.plot(list(x), [float(v) for v in values], label=name, color=PALETTE[k % len(PALETTE)],
                    marker=markers[k % len(markers)], linestyle=styles[k % len(styles)], linewidth=2)
        ax.grid(axis="y", color="#dddddd")
        ax.set_xticks(list(x))
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(DUTCH_THOUSANDS)
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper left", frameon=False, fontsize=9)
        fig.tight_layout()
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)


# --------------------------------------------------------------------------------------------
# Charts added for the regionale procesorganisatie (theme 2).


def radar_chart(
    labels: Sequence[str],
    series: "dict[str, Sequence[float]]",
    *,
    title: str,
    bron: str,
    alt: str,
    rmin: float = 0,
    rmax: float = 4,
    ticks: Sequence[float] = (1, 2, 3, 4),
) -> Chart:
    """A radar (spider) chart of scores per dimension; the first series filled, the others as lines."""
    import math
    import textwrap

    n = len(labels)
    angles = [2 * math.pi * k / n for k in range(n)] + [0.0]
    styles = ["-", "--", ":", "-."]
    with house_style():
        fig, ax = plt.subplots(figsize=(7.5, 6.5), subplot_kw={"polar": True})
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        for k, (name, values) in enumerate(series.items()):
            closed = [float(v) for v in values] + [float(values[0])]
            colour = PALETTE[k % len(PALETTE)]
            ax.plot(angles, closed, color=colour, linestyle=styles[k % len(styles)], linewidth=2, marker="o",
                    markersize=4, label=name)
            if k == 0:
                ax.fill(angles, closed, color=colour, alpha=0.2)
        ax.set_xticks(angles[:-1])
        ax.set_xticklabels(["\n".join(textwrap.wrap(label, 18, break_long_words=False)) for label in labels],
                           fontsize=8)
        ax.set_ylim(rmin, rmax)
        ax.set_yticks(list(ticks))
        ax.set_yticklabels([dutch_number(t) for t in ticks], fontsize=7, color="#555555")
        ax.grid(True, color="#dddddd")
        ax.set_title(title, pad=24)
        ax.legend(loc="upper left", bbox_to_anchor=(-0.1, -0.06), ncol=1, frameon=False, fontsize=8)
        fig.tight_layout()
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)


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
        fig, ax = plt.subplots(figsize=(8, max(2.2, 0.55 * len(labels) + 1.4)))
        left = [0.0] * len(labels)
        for k, (name, values) in enumerate(series.items()):
            values = [float(v) for v in values]
            ax.barh(list(labels), values, left=left, color=colours[name], label=name, hatch=hatches[k % len(hatches)],
                    edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, values)]
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(DUTCH_THOUSANDS)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.42), ncol=len(series), frameon=False, fontsize=9)
        fig.tight_layout()
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)
