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
) -> Chart:
    """A sorted horizontal bar chart, the workhorse for comparing municipalities."""
    with house_style():
        height = max(2.5, 0.32 * len(labels) + 1.2)
        fig, ax = plt.subplots(figsize=(8, height))
        colours = [PALETTE[1] if highlight and highlight[i] else PALETTE[0] for i in range(len(labels))]
        ax.barh(list(labels), list(values), color=colours)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(DUTCH_THOUSANDS)
        fig.tight_layout()
        return Chart.from_figure(fig, alt=alt, bron=bron, title=title)
