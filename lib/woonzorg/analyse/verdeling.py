"""The fair distribution: verdeelsleutels, each municipality's fair share of the region-wide need, and the
observed contributions against it (evenness). Pure pandas; :mod:`.model` ties it into the analysis."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Verdeelsleutel:
    id: str
    naam: str  # Dutch label
    kolom: str  # column of the municipalities frame that carries the key
    uitleg: str


VERDEELSLEUTELS: dict[str, Verdeelsleutel] = {
    v.id: v for v in (
        Verdeelsleutel("inwoners", "naar inwoners", "inwoners",
                       "elke gemeente neemt een deel naar rato van haar inwoners, zoals bij de halfjaarlijkse "
                       "taakstelling voor statushouders (Huisvestingswet 2014, art. 28)"),
        Verdeelsleutel("corporatiewoningen", "naar sociale huurvoorraad", "corporatiewoningen",
                       "elke gemeente neemt een deel naar rato van haar aantal corporatiewoningen"),
        Verdeelsleutel("vrijkomend", "naar vrijkomend aanbod", "aanbod",
                       "elke gemeente neemt een deel naar rato van de sociale huurwoningen die er per jaar "
                       "vrijkomen (inclusief geplande nieuwbouw)"),
    )
}

def sleutelaandelen(gemeenten: pd.DataFrame, sleutel: str) -> pd.Series:
    """Each municipality's share under a verdeelsleutel (its key column over the column's total; equal
    shares when the column adds up to nothing), on ``gemeenten``'s index."""
    weight = gemeenten[VERDEELSLEUTELS[sleutel].kolom].astype(float)
    total = weight.sum()
    return weight / total if total > 0 else pd.Series(1 / len(gemeenten), index=gemeenten.index)


def spreiding(
    vraag_frame: pd.DataFrame,
    gemeenten: pd.DataFrame,
    *,
    sleutels: Iterable[str] = tuple(VERDEELSLEUTELS),
) -> pd.DataFrame:
    """Each municipality's fair share of the region-wide need under each verdeelsleutel.

    Only demand known for the whole region (``regiobreed``) is shared out; a figure of some
    municipalities stays with them (see :func:`vraag`). ``gemeenten`` must hold the key columns
    (inwoners, corporatiewoningen, aanbod). Returns
    verdeelsleutel, gemeentecode, gemeente, sleutelaandeel, eerlijk_aandeel (long format). What a
    municipality actually contributes is not modelled here: see :func:`bijdrage`.
    """
    pool = vraag_frame[vraag_frame["regiobreed"]] if "regiobreed" in vraag_frame else vraag_frame
    totaal = float(pool["vraag"].sum())
    blocks = []
    for sleutel in sleutels:
        g = gemeenten.reset_index(drop=True)
        aandeel = sleutelaandelen(g, sleutel)
        blocks.append(pd.DataFrame({
            "verdeelsleutel": sleutel, "gemeentecode": g["gemeentecode"], "gemeente": g["gemeente"],
            "sleutelaandeel": aandeel.astype(float), "eerlijk_aandeel": aandeel.astype(float) * totaal,
        }))
    return pd.concat(blocks, ignore_index=True)


def bijdrage(waargenomen: pd.DataFrame, gemeenten: pd.DataFrame, *,
             sleutels: Iterable[str] = tuple(VERDEELSLEUTELS)) -> pd.DataFrame:
    """Observed contribution against the fair share, over the municipalities with an observation.

    ``waargenomen`` has gemeentecode, waarde (e.g. statushouders housed in one period). The observed
    total of those municipalities is shared out by each key among the same municipalities; verschil
    = observed − fair share (positive: it houses more than its fair share). Empty when fewer than two
    municipalities are observed: then there is nothing to compare.
    """
    columns = ["verdeelsleutel", "gemeentecode", "gemeente", "sleutelaandeel", "eerlijk_aandeel",
               "huidige_bijdrage", "verschil"]
    if waargenomen is None or len(waargenomen) < 2:
        return pd.DataFrame(columns=columns)
    seen = waargenomen.set_index("gemeentecode")["waarde"].astype(float)
    g = gemeenten[gemeenten["gemeentecode"].isin(seen.index)].reset_index(drop=True)
    totaal = float(seen.sum())
    blocks = []
    for sleutel in sleutels:
        aandeel = sleutelaandelen(g, sleutel)
        block = pd.DataFrame({"verdeelsleutel": sleutel, "gemeentecode": g["gemeentecode"], "gemeente": g["gemeente"],
                              "sleutelaandeel": aandeel, "eerlijk_aandeel": aandeel * totaal,
                              "huidige_bijdrage": g["gemeentecode"].map(seen).astype(float)})
        block["verschil"] = block["huidige_bijdrage"] - block["eerlijk_aandeel"]
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)[columns]


def evenredigheid(bijdrage_frame: pd.DataFrame) -> pd.DataFrame:
    """One evenness index per verdeelsleutel from observed contributions: 1 − Σ|verschil| / (2 × total).

    1 means every municipality houses exactly its fair share. (One minus the dissimilarity index
    of Duncan & Duncan.) Empty when there are no observed contributions.
    """
    rows = []
    for sleutel, block in bijdrage_frame.groupby("verdeelsleutel", sort=False):
        totaal = block["eerlijk_aandeel"].sum()
        index = 1.0 - block["verschil"].abs().sum() / (2 * totaal) if totaal > 0 else 1.0
        rows.append({"verdeelsleutel": sleutel, "index": min(1.0, max(0.0, float(index))),
                     "te_herverdelen": float(block["verschil"].clip(lower=0).sum())})
    return pd.DataFrame(rows, columns=["verdeelsleutel", "index", "te_herverdelen"])


HUISVESTING_INDICATOR = "gehuisvest_vergunninghouders"


def observed_contribution(region_obs: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Housed statushouders per municipality in the period with the most municipalities observed (2 or more)."""
    if region_obs.empty:
        return pd.DataFrame(columns=["gemeentecode", "waarde"]), ""
    rows = region_obs[(region_obs["indicator"] == HUISVESTING_INDICATOR) & (region_obs["niveau"] == "gemeente")]
    rows = rows[rows["waarde"].notna()]  # a hidden count (under 10) is no observed contribution
    if rows.empty:
        return pd.DataFrame(columns=["gemeentecode", "waarde"]), ""
    counts = rows.groupby("periode")["gemeentecode"].nunique()
    periode = counts.idxmax()
    if counts.max() < 2:
        return pd.DataFrame(columns=["gemeentecode", "waarde"]), ""
    chosen = rows[rows["periode"] == periode].drop_duplicates("gemeentecode")
    return chosen[["gemeentecode", "waarde"]].reset_index(drop=True), f"gehuisveste statushouders, {periode}"
