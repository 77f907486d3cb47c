"""The region's analysis as one tidy table (``woonzorg cijfers``): demand per group and supply, with status and method."""

from __future__ import annotations

import pandas as pd

from woonzorg.data import Dataset
from woonzorg.analyse.model import Woonzorganalyse, woonzorganalyse
from woonzorg.analyse.vraagcijfers import CIJFER_KOLOMMEN


def aanbod_rows(result: Woonzorganalyse) -> pd.DataFrame:
    """Supply per municipality as tidy rows: observed lettings or stock × the mutatiegraad range."""
    a = result.aanbod
    bron = result.grondslag.bronnen.get("vrijgekomen", "")
    return pd.DataFrame({
        "regio": result.regio.id, "niveau": "gemeente", "gemeentecode": a["gemeentecode"], "gemeente": a["gemeente"],
        "groep": "", "grootheid": "aanbod", "waarde": a["aanbod"], "laag": a["aanbod_laag"], "hoog": a["aanbod_hoog"],
        "status": a["status"],
        "methode": [m if s == "waargenomen" else
                    f"{m} ({result.mutatiegraad_laag:.3f}–{result.mutatiegraad_hoog:.3f}, midden "
                    f"{result.mutatiegraad:.3f}) plus geplande nieuwbouw" for m, s in zip(a["methode"], a["status"])],
        "bron": [("waarnemingen.csv" if s == "waargenomen" else f"gemeenten.csv; {bron}") for s in a["status"]],
        "peildatum": str(result.peiljaar),
    })


def cijfers_frame(result: Woonzorganalyse) -> pd.DataFrame:
    """Every demand and supply figure of the analysis in the columns of :data:`CIJFER_KOLOMMEN`.

    Figures are the suppressed ones of the model: an observed person count per municipality under
    the threshold has an empty waarde and laag–hoog 0–9.
    """
    demand = result.cijfers[CIJFER_KOLOMMEN]
    out = pd.concat([demand, aanbod_rows(result)[CIJFER_KOLOMMEN]], ignore_index=True)
    for column in ("waarde", "laag", "hoog"):
        out[column] = out[column].astype(float).round(1)
    return out


def cijfers(dataset: Dataset, regio: str, **knobs) -> pd.DataFrame:
    """The tidy table of one region (see :func:`cijfers_frame`) under the default or the given scenario."""
    return cijfers_frame(woonzorganalyse(dataset, regio, **knobs))


def cijfers_csv(dataset: Dataset, regio: str) -> str:
    """The tidy table as CSV text (UTF-8, comma separated, a dot as decimal separator for machines)."""
    return cijfers(dataset, regio).to_csv(index=False, lineterminator="\n")
