"""The region in words: sourced statements from ``data/regio-kenmerken.csv`` for one theme's narrative."""

from __future__ import annotations

import html

import pandas as pd

from woonzorg.present.tables import HTML


def kenmerken(dataset, regio: str, thema: str) -> pd.DataFrame:
    """The region's statements for a theme, in data order (empty when none are known)."""
    frame = dataset["regio-kenmerken"]
    return frame[(frame["regio"] == regio) & (frame["thema"] == thema)].reset_index(drop=True)


def kenmerken_html(dataset, regio: str, thema: str, regio_naam: str) -> HTML:
    """A short 'what is known about this region' block with its sources, or that nothing is known yet."""
    rows = kenmerken(dataset, regio, thema)
    if rows.empty:
        return HTML(f'<div class="wz-schatting" role="note"><p><strong>Over {html.escape(regio_naam)} is voor dit thema '
                    "nog niet bekend</strong> hoe de regio het aanpakt: er staan geen gegevens in "
                    "<code>data/regio-kenmerken.csv</code>. Vul daar aan wat de regio zelf weet (één regel per kenmerk, "
                    "met bron).</p></div>")
    items = "".join(f"<li>{html.escape(r.tekst)} <span class=\"wz-bron\">(Bron: {html.escape(r.bron)})</span></li>"
                    for r in rows.itertuples())
    return HTML(f"<p>Wat de bronnen over {html.escape(regio_naam)} zeggen:</p><ul>{items}</ul>")
