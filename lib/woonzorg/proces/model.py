"""Procesorganisatie model (pure pandas): one region's process data, RACI, core parties, zelfscan scores."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from woonzorg import data as wzdata
from woonzorg.proces.schema import AANDACHT_TOT, DIMENSIES, KERNPARTIJEN, ACTORTYPEN, SPOREN, STERK_VANAF
from woonzorg.regions import Region, get_region

# --------------------------------------------------------------------------------------------
# One region's process data


@dataclass
class Procesgegevens:
    """Everything the process guide shows for one region."""

    regio: Region
    actoren: pd.DataFrame
    raci: pd.DataFrame
    afspraken: pd.DataFrame
    mijlpalen: pd.DataFrame  # the region's own plus the national ones
    stellingen: pd.DataFrame
    antwoorden: pd.DataFrame  # all regions (the comparison needs the others)

    @property
    def heeft_gegevens(self) -> bool:
        """Whether the region has any process data of its own (actors, agreements or answers)."""
        own_answers = (self.antwoorden["regio"] == self.regio.id).any()
        return bool(len(self.actoren) or len(self.afspraken) or own_answers)


def _rows(frame: pd.DataFrame, regio: str) -> pd.DataFrame:
    return frame[frame["regio"] == regio].reset_index(drop=True)


def procesgegevens(dataset: wzdata.Dataset, regio: str) -> Procesgegevens:
    """Select one region's process data from a validated dataset."""
    region = get_region(dataset, regio)
    m = dataset["proces-mijlpalen"]
    mijlpalen = m[(m["regio"] == regio).fillna(False) | m["regio"].isna()].sort_values("datum").reset_index(drop=True)
    return Procesgegevens(
        regio=region,
        actoren=_rows(dataset["proces-actoren"], regio),
        raci=_rows(dataset["proces-raci"], regio),
        afspraken=_rows(dataset["proces-afspraken"], regio),
        mijlpalen=mijlpalen,
        stellingen=dataset["zelfscan-stellingen"],
        antwoorden=dataset["zelfscan-antwoorden"],
    )


def raci_matrix(actoren: pd.DataFrame, raci: pd.DataFrame) -> pd.DataFrame:
    """Actors (rows, in data order) × sporen (columns) with the RACI letter, '' where none."""
    matrix = pd.DataFrame("", index=list(actoren["actor"]), columns=list(SPOREN))
    for row in raci.itertuples(index=False):
        if row.actor in matrix.index:
            matrix.loc[row.actor, row.spoor] = row.rol
    return matrix.loc[[a for a in matrix.index if (matrix.loc[a] != "").any()]]


def kernpartijen(actoren: pd.DataFrame) -> pd.DataFrame:
    """For each core party type: documented organisations, or that it is still to be filled in."""
    rows = []
    for typ in KERNPARTIJEN:
        of_type = actoren[actoren["type"] == typ]
        documented = of_type[of_type["status"] == "gedocumenteerd"]
        if len(documented):
            status = "aan tafel (gedocumenteerd)"
        elif len(of_type):
            status = "nog in te vullen"
        else:
            status = "nog niet in beeld"
        rows.append({"type": typ, "naam": ACTORTYPEN[typ], "status": status,
                     "organisaties": list(documented["organisatie"])})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Zelfscan: scoring


def dimensiescores(antwoorden: pd.DataFrame) -> pd.Series:
    """Mean score per dimension over all given answers, in the order of :data:`DIMENSIES`."""
    if antwoorden.empty:
        return pd.Series(dtype=float)
    means = antwoorden.groupby("dimensie")["score"].mean().astype(float)
    return means.reindex([d for d in DIMENSIES if d in means.index])


def rondes(antwoorden: pd.DataFrame, regio: str) -> list[int]:
    """The rounds shown for a region, oldest first: its own rounds, or its example rounds if it has none yet."""
    own = antwoorden[antwoorden["regio"] == regio]
    real = own[~own["voorbeeld"].astype(bool)]
    chosen = real if len(real) else own
    return sorted(int(r) for r in chosen["ronde"].unique())


@dataclass
class Zelfscanuitslag:
    """The result of one round of the zelfscan for one region."""

    regio: str
    ronde: int
    datum: str
    respondentgroepen: list[str]
    voorbeeld: bool
    scores: pd.Series  # dimensie -> mean score
    stellingscores: pd.DataFrame  # stelling, dimensie, tekst, score (mean over groups)
    totaal: float = field(init=False)

    def __post_init__(self) -> None:
        self.totaal = float(self.scores.mean()) if len(self.scores) else float("nan")

    @property
    def sterke_punten(self) -> list[str]:
        """Dimensions scoring at least :data:`STERK_VANAF`, highest first."""
        s = self.scores[self.scores >= STERK_VANAF]
        return list(s.sort_values(ascending=False, kind="stable").index)

    @property
    def aandachtspunten(self) -> list[str]:
        """Dimensions scoring at most :data:`AANDACHT_TOT`, lowest first."""
        s = self.scores[self.scores <= AANDACHT_TOT]
        return list(s.sort_values(kind="stable").index)

    @property
    def lage_stellingen(self) -> pd.DataFrame:
        """Statements scoring at most :data:`AANDACHT_TOT`: the ones to discuss first."""
        s = self.stellingscores
        return s[s["score"] <= AANDACHT_TOT].sort_values("score", kind="stable").reset_index(drop=True)


def uitslag(antwoorden: pd.DataFrame, regio: str, ronde: int | None = None,
            stellingen: pd.DataFrame | None = None) -> Zelfscanuitslag | None:
    """Score one round (default: the latest shown, see :func:`rondes`); ``None`` without answers."""
    shown = rondes(antwoorden, regio)
    if not shown:
        return None
    ronde = shown[-1] if ronde is None else ronde
    rows = antwoorden[(antwoorden["regio"] == regio) & (antwoorden["ronde"] == ronde)]
    if rows.empty:
        return None
    per_stelling = rows.groupby(["stelling", "dimensie"], sort=False)["score"].mean().astype(float).reset_index()
    teksten = dict(zip(stellingen["stelling"], stellingen["tekst"])) if stellingen is not None else {}
    per_stelling["tekst"] = per_stelling["stelling"].map(lambda s: teksten.get(s, s))
    return Zelfscanuitslag(
        regio=regio,
        ronde=int(ronde),
        datum=str(rows["datum"].max()),
        respondentgroepen=sorted(set(rows["respondentgroep"])),
        voorbeeld=bool(rows["voorbeeld"].astype(bool).all()),
        scores=dimensiescores(rows),
        stellingscores=per_stelling[["stelling", "dimensie", "tekst", "score"]],
    )


def verandering(antwoorden: pd.DataFrame, regio: str) -> pd.DataFrame:
    """Dimension scores of the latest round against the previous one; empty with fewer than two rounds."""
    shown = rondes(antwoorden, regio)
    if len(shown) < 2:
        return pd.DataFrame(columns=["dimensie", "naam", "vorige", "huidige", "verschil"])
    before = uitslag(antwoorden, regio, shown[-2]).scores
    now = uitslag(antwoorden, regio, shown[-1]).scores
    dims = [d for d in DIMENSIES if d in now.index or d in before.index]
    frame = pd.DataFrame({
        "dimensie": dims,
        "naam": [DIMENSIES[d].naam for d in dims],
        "vorige": [before.get(d, float("nan")) for d in dims],
        "huidige": [now.get(d, float("nan")) for d in dims],
    })
    frame["verschil"] = frame["huidige"] - frame["vorige"]
    frame.attrs.update(vorige_ronde=shown[-2], huidige_ronde=shown[-1])
    return frame


def vergelijking(antwoorden: pd.DataFrame, regio: str) -> pd.DataFrame:
    """This region's latest scores against the other regions' latest rounds, without naming them.

    Columns: dimensie, naam, deze_regio, laagste, gemiddelde, hoogste, regios (how many other
    regions scored the dimension). ``attrs['voorbeeld']`` counts the other regions whose latest
    round is an example.
    """
    own = uitslag(antwoorden, regio)
    others = []
    for other in sorted(set(antwoorden["regio"]) - {regio}):
        result = uitslag(antwoorden, other)
        if result is not None and not result.voorbeeld:  # example answers are never compared
            others.append(result)
    columns = ["dimensie", "naam", "deze_regio", "laagste", "gemiddelde", "hoogste", "regios"]
    if not others:
        frame = pd.DataFrame(columns=columns)
        frame.attrs.update(andere=0, voorbeeld=0)
        return frame
    table = pd.DataFrame({i: o.scores for i, o in enumerate(others)})
    rows = []
    for d in DIMENSIES:
        values = table.loc[d].dropna() if d in table.index else pd.Series(dtype=float)
        mine = own.scores.get(d, float("nan")) if own is not None else float("nan")
        if values.empty and mine != mine:
            continue
        rows.append({
            "dimensie": d, "naam": DIMENSIES[d].naam, "deze_regio": mine,
            "laagste": values.min() if len(values) else float("nan"),
            "gemiddelde": values.mean() if len(values) else float("nan"),
            "hoogste": values.max() if len(values) else float("nan"),
            "regios": int(len(values)),
        })
    frame = pd.DataFrame(rows, columns=columns)
    frame.attrs.update(andere=len(others), voorbeeld=sum(o.voorbeeld for o in others))
    return frame
