"""Regioprofiel model (pure pandas): a region's municipalities with their figures, totals and sources."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from woonzorg import regions
from woonzorg.data import Dataset

COUNT_COLUMNS = ["inwoners", "huishoudens", "woningvoorraad", "corporatiewoningen", "inwoners_65plus"]


@dataclass(frozen=True)
class Regioprofiel:
    regio: regions.Region
    gemeenten: pd.DataFrame  # one row per municipality, figures as in data/
    totalen: dict[str, int]
    bronnen: list[str]
    schattingen: pd.DataFrame  # municipalities whose corporation share is an estimate

    @property
    def peildatum(self) -> str:
        return ", ".join(sorted(set(self.gemeenten["peildatum"])))


def regioprofiel(dataset: Dataset, regio: str) -> Regioprofiel:
    """Compute the profile of one region from the dataset."""
    region = regions.get_region(dataset, regio)
    table = regions.region_municipalities(dataset, regio)
    totalen = {c: int(table[c].sum()) for c in COUNT_COLUMNS}
    bronnen = sorted(set(table["bron"]) | set(table["corporatie_bron"]))
    schattingen = table.loc[table["corporatie_schatting"].astype(bool),
                            ["gemeentecode", "gemeente", "corporatie_aandeel", "corporatie_methode"]]
    return Regioprofiel(region, table, totalen, bronnen, schattingen.reset_index(drop=True))


def kerncijfers(profiel: Regioprofiel) -> dict[str, object]:
    """The region's key figures, recorded for the site index."""
    t = profiel.totalen
    return {
        "gemeenten": len(profiel.gemeenten),
        "inwoners": t["inwoners"],
        "huishoudens": t["huishoudens"],
        "woningvoorraad": t["woningvoorraad"],
        "corporatiewoningen": t["corporatiewoningen"],
        "corporatie_aandeel": round(t["corporatiewoningen"] / t["woningvoorraad"], 4),
    }
