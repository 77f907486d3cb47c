"""Group zelfscan rounds: the facilitator opens a round, every participant scores every stelling on their own device.

Two tables in ``data/``, both keyed by region (so a saved round rebuilds that region's guides):

- ``leerkring-zelfscanrondes.csv``: one row per round the facilitator opened (regio, datum, titel);
- ``leerkring-zelfscanscores.csv``: one record per submitted zelfscan: a row per stelling with the round,
  the participant's pseudonym or table name and organisation type, appended in one validated, locked,
  atomic save (:func:`woonzorg.storage.append_rows`). A participant who submits again under the same name
  in the same round replaces their earlier answers in every summary; the earlier rows stay in the file.

Rounds are ordered by their date (then title), never by the order they were saved in. A summary per
stelling gives the number of answers, the median, the spread (interquartile range: how far apart the
middle half of the scores lie) and the distribution over the scale, most disagreement first. The stellingen,
dimensions and scale are those of the theme that holds the zelfscan (asked of the registry, not named).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths, themes
from woonzorg.data import Column, DataError, TableSchema, check_region_membership
from woonzorg.storage import append_rows, exclusive_lock

ORGANISATIETYPEN: dict[str, str] = {
    "gemeente": "Gemeente",
    "corporatie": "Woningcorporatie",
    "zorg": "Zorg of welzijn",
    "client": "Cliënt of ervaringsdeskundige",
    "anders": "Anders",
}
MAX_NAAM, MAX_TITEL = 60, 100

RONDES = TableSchema(
    "leerkring-zelfscanrondes.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("datum", "date", True, "datum van de ronde"),
        Column("titel", "text", True, "titel die de begeleider de ronde gaf"),
    ),
    key=("regio", "datum", "titel"),
    description="Zelfscanrondes die een begeleider in de leerkring opende; de app voegt regels toe.",
    optional=True,
)

SCORES = TableSchema(
    "leerkring-zelfscanscores.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("datum", "date", True, "datum van de ronde (uit leerkring-zelfscanrondes.csv)"),
        Column("titel", "text", True, "titel van de ronde (uit leerkring-zelfscanrondes.csv)"),
        Column("deelnemer", "text", True, "schuilnaam of tafelnaam van wie invulde"),
        Column("organisatietype", "text", True, f"{', '.join(ORGANISATIETYPEN)}"),
        Column("stelling", "text", True, "id uit zelfscan-stellingen.csv"),
        Column("score", "int", True, "score op de schaal van de zelfscan"),
    ),
    description="Antwoorden van deelnemers op een zelfscanronde van de leerkring: per inzending een regel per "
                "stelling; een nieuwe inzending onder dezelfde naam vervangt de vorige in elke uitslag.",
    optional=True,
)
TABLES = (RONDES, SCORES)


class ScanError(ValueError):
    """An answer or round that cannot be saved; the message is for the participant or facilitator (Dutch)."""


@dataclass(frozen=True)
class Ronde:
    regio: str
    datum: str
    titel: str


@functools.cache
def _zelfscan_module():
    """The package of the theme whose tables hold the zelfscan's stellingen (its scale and dimensions)."""
    for theme in themes.themes():
        if any(schema.file == "zelfscan-stellingen.csv" for schema in theme.tables):
            return importlib.import_module(theme.package)
    raise LookupError("no theme declares zelfscan-stellingen.csv")


def zelfscan_thema() -> str:
    """The name of the theme whose guide shows the zelfscan rounds."""
    module = _zelfscan_module()
    return next(t.name for t in themes.themes() if t.package == module.__name__)


def schaal() -> dict[int, str]:
    """The zelfscan's scale: score -> Dutch label."""
    return dict(_zelfscan_module().SCHAAL)


def dimensie_naam(dimensie: str) -> str:
    found = _zelfscan_module().DIMENSIES.get(dimensie)
    return found.naam if found else dimensie


def check_groepsscan(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Rounds and scores name a known region; scores name an opened round, a known stelling and type, a score on the scale."""
    errors: list[DataError] = []
    rondes, scores = tables.get("leerkring-zelfscanrondes"), tables.get("leerkring-zelfscanscores")
    if rondes is not None and not rondes.empty:
        errors += check_region_membership(rondes, names["leerkring-zelfscanrondes"], tables["regio-indeling"])
    if scores is None or scores.empty:
        return errors
    name = names["leerkring-zelfscanscores"]
    errors += check_region_membership(scores, name, tables["regio-indeling"])
    opened = set() if rondes is None else set(zip(rondes["regio"], rondes["datum"], rondes["titel"]))
    stellingen = tables.get("zelfscan-stellingen")
    known = set() if stellingen is None else set(stellingen["stelling"])
    scale = schaal()
    for i, row in enumerate(scores.itertuples(index=False)):
        regel = scores.attrs["regels"][i]
        if (row.regio, row.datum, row.titel) not in opened:
            errors.append(DataError(name, f"geen geopende ronde '{row.titel}' van {row.datum} voor regio {row.regio} "
                                    "in leerkring-zelfscanrondes.csv", regel, "titel"))
        if row.organisatietype not in ORGANISATIETYPEN:
            errors.append(DataError(name, f"onbekend organisatietype '{row.organisatietype}'; kies uit "
                                    f"{', '.join(ORGANISATIETYPEN)}", regel, "organisatietype"))
        if row.stelling not in known:
            errors.append(DataError(name, f"onbekende stelling '{row.stelling}'; die staat niet in "
                                    "zelfscan-stellingen.csv", regel, "stelling"))
        if not pd.isna(row.score) and int(row.score) not in scale:
            errors.append(DataError(name, f"score {row.score} ligt buiten de schaal {min(scale)}–{max(scale)}",
                                    regel, "score"))
    return errors


def read_rondes(data_dir: str | Path | None = None) -> pd.DataFrame:
    root = paths.data_dir(data_dir)
    return wzdata.read_optional_table(root / RONDES.file, RONDES, f"{root.name}/{RONDES.file}")


def read_scores(data_dir: str | Path | None = None) -> pd.DataFrame:
    root = paths.data_dir(data_dir)
    return wzdata.read_optional_table(root / SCORES.file, SCORES, f"{root.name}/{SCORES.file}")


def _clean(text: object, what: str, limit: int) -> str:
    cleaned = " ".join("".join(c for c in str(text or "") if ord(c) >= 32).split())
    if not cleaned:
        raise ScanError(f"vul {what} in")
    if len(cleaned) > limit:
        raise ScanError(f"{what} is te lang (maximaal {limit} tekens)")
    return cleaned


def _known_regions(root: Path) -> pd.DataFrame:
    indeling = wzdata.read_table(root / "regio-indeling.csv", wzdata.CORE_SCHEMAS["regio-indeling"],
                                 f"{root.name}/regio-indeling.csv")
    return indeling


def _checked_append(root: Path, schema: TableSchema, rows: list[list[object]]) -> None:
    """Append ``rows`` under the table's lock after checking the whole table as it would be (nothing written on error)."""
    path = root / schema.file
    key = schema.file.removesuffix(".csv")
    with exclusive_lock(path):
        tables = {"regio-indeling": _known_regions(root), "leerkring-zelfscanrondes": read_rondes(root),
                  "leerkring-zelfscanscores": read_scores(root),
                  "zelfscan-stellingen": stellingen(root)}
        new = pd.DataFrame(rows, columns=schema.column_names)
        new.attrs["regels"] = list(range(len(tables[key]) + 2, len(tables[key]) + 2 + len(new)))
        if schema is SCORES:
            new["score"] = new["score"].astype("Int64")
        tables[key] = new
        names = {k: f"{root.name}/{k}.csv" for k in tables}
        problems = check_groepsscan(tables, names)
        if problems:
            raise wzdata.DataValidationError(problems)
        append_rows(path, schema.column_names, rows)


def stellingen(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The zelfscan's stellingen (stelling, dimensie, tekst, bron) of a data folder."""
    root = paths.data_dir(data_dir)
    module = _zelfscan_module()
    return wzdata.read_optional_table(root / module.STELLINGEN.file, module.STELLINGEN,
                                      f"{root.name}/{module.STELLINGEN.file}")


def open_ronde(regio: str, titel: str, datum: str | date | None = None,
               data_dir: str | Path | None = None) -> Ronde:
    """Open a round for ``regio`` (saved at once; opening the same date and title again reuses that round)."""
    root = paths.data_dir(data_dir)
    titel = _clean(titel, "de titel van de ronde", MAX_TITEL)
    try:
        datum_text = wzdata.PARSERS["date"](datum.isoformat() if isinstance(datum, date) else
                                            (str(datum or "").strip() or date.today().isoformat()), False)
    except ValueError as exc:
        raise ScanError(str(exc)) from None
    if regio not in set(_known_regions(root)["regio"]):
        raise ScanError(f"onbekende regio '{regio}'")
    ronde = Ronde(regio, datum_text, titel)
    existing = read_rondes(root)
    if not ((existing["regio"] == regio) & (existing["datum"] == datum_text) & (existing["titel"] == titel)).any():
        _checked_append(root, RONDES, [[regio, datum_text, titel]])
    return ronde


def rondes_van(rondes: pd.DataFrame, regio: str) -> list[Ronde]:
    """The region's rounds by date, then title (never by the order they were saved in)."""
    own = rondes[rondes["regio"] == regio].drop_duplicates(["datum", "titel"])
    own = own.sort_values(["datum", "titel"], kind="stable")
    return [Ronde(regio, str(r.datum), str(r.titel)) for r in own.itertuples(index=False)]


def huidige_ronde(rondes: pd.DataFrame, regio: str) -> Ronde | None:
    """The round participants answer now: the one the facilitator opened last (the last row of the region)."""
    own = rondes[rondes["regio"] == regio]
    if own.empty:
        return None
    last = own.iloc[-1]
    return Ronde(regio, str(last["datum"]), str(last["titel"]))


def save_scan(ronde: Ronde, deelnemer: str, organisatietype: str, scores: Mapping[str, object],
              data_dir: str | Path | None = None) -> int:
    """Save one participant's zelfscan for ``ronde``: every stelling must have a score on the scale. Returns the rows saved."""
    root = paths.data_dir(data_dir)
    naam = _clean(deelnemer, "uw naam of de naam van uw tafel", MAX_NAAM)
    if organisatietype not in ORGANISATIETYPEN:
        raise ScanError("kies het soort organisatie waarvoor u invult")
    ids = list(stellingen(root)["stelling"])
    scale = schaal()
    missing = [s for s in ids if s not in scores]
    if missing:
        raise ScanError(f"geef bij elke stelling een score; nog open: {len(missing)} van {len(ids)}")
    rows = []
    for stelling in ids:
        try:
            score = int(scores[stelling])
        except (TypeError, ValueError):
            raise ScanError(f"geen geldige score bij stelling {stelling}") from None
        if score not in scale:
            raise ScanError(f"score {score} ligt buiten de schaal {min(scale)}–{max(scale)}")
        rows.append([ronde.regio, ronde.datum, ronde.titel, naam, organisatietype, stelling, score])
    _checked_append(root, SCORES, rows)
    return len(rows)


def antwoorden_van(scores: pd.DataFrame, ronde: Ronde) -> pd.DataFrame:
    """A round's answers, each participant's last submission only (deelnemer, organisatietype, stelling, score)."""
    rows = scores[(scores["regio"] == ronde.regio) & (scores["datum"] == ronde.datum) & (scores["titel"] == ronde.titel)]
    rows = rows.drop_duplicates(["deelnemer", "stelling"], keep="last")
    # the organisation type of a participant's last submission counts for all their answers
    soort = rows.drop_duplicates("deelnemer", keep="last").set_index("deelnemer")["organisatietype"]
    rows = rows.assign(organisatietype=rows["deelnemer"].map(soort))
    return rows[["deelnemer", "organisatietype", "stelling", "score"]].reset_index(drop=True)


def spreiding(values) -> float:
    """The interquartile range: how far apart the middle half of the scores lie (0 when all agree)."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return float("nan")
    q1, q3 = np.percentile(values, [25, 75])
    return float(q3 - q1)


def per_stelling(antwoorden: pd.DataFrame, stellingen: pd.DataFrame) -> pd.DataFrame:
    """Per stelling n, median, spread, lowest, highest and the count per score; most disagreement first.

    Disagreement is the spread, then the range (highest − lowest); ties keep the stellingen's order.
    """
    scale = schaal()
    rows = []
    for order, s in enumerate(stellingen.itertuples(index=False)):
        values = antwoorden.loc[antwoorden["stelling"] == s.stelling, "score"].astype(int).to_numpy()
        rows.append({
            "stelling": s.stelling, "dimensie": s.dimensie, "dimensienaam": dimensie_naam(s.dimensie),
            "tekst": s.tekst, "n": int(values.size),
            "mediaan": float(np.median(values)) if values.size else float("nan"),
            "spreiding": spreiding(values),
            "laagste": int(values.min()) if values.size else None, "hoogste": int(values.max()) if values.size else None,
            "verdeling": {score: int((values == score).sum()) for score in scale}, "volgorde": order,
        })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["bereik"] = frame["hoogste"].astype(float) - frame["laagste"].astype(float)
    frame = frame.sort_values(["spreiding", "bereik", "volgorde"], ascending=[False, False, True], kind="stable",
                              na_position="last")
    return frame.drop(columns=["volgorde"]).reset_index(drop=True)


def per_dimensie(antwoorden: pd.DataFrame, stellingen: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Per dimension and group (all participants, then each organisation type that may be shown): n, median, spread.

    A participant's dimension score is the mean of their scores on its stellingen. An organisation type with
    fewer than ``threshold`` participants is never shown alone: the small types are taken together as
    "Overige organisaties" when that group reaches the threshold; otherwise no breakdown is shown at all
    (the whole round less the shown types would give the small group away).
    """
    dim_of = dict(zip(stellingen["stelling"], stellingen["dimensie"]))
    answers = antwoorden.assign(dimensie=antwoorden["stelling"].map(dim_of))
    per_person = answers.groupby(["deelnemer", "organisatietype", "dimensie"], sort=False)["score"].mean().reset_index()
    counts = per_person.drop_duplicates("deelnemer")["organisatietype"].value_counts()
    groups: list[tuple[str, list[str]]] = [("Alle deelnemers", list(ORGANISATIETYPEN))]
    big = [t for t in ORGANISATIETYPEN if counts.get(t, 0) >= threshold]
    rest = [t for t in ORGANISATIETYPEN if 0 < counts.get(t, 0) < threshold]
    rest_n = int(sum(counts.get(t, 0) for t in rest))
    if big and (rest_n == 0 or rest_n >= threshold) and len(big) + bool(rest) > 1:
        groups += [(ORGANISATIETYPEN[t], [t]) for t in big]
        if rest:
            groups.append(("Overige organisaties", rest))
    rows = []
    dimensies = list(dict.fromkeys(stellingen["dimensie"]))
    for label, types in groups:
        chosen = per_person[per_person["organisatietype"].isin(types)]
        for d in dimensies:
            values = chosen.loc[chosen["dimensie"] == d, "score"].to_numpy()
            rows.append({"groep": label, "dimensie": d, "dimensienaam": dimensie_naam(d), "n": int(values.size),
                         "mediaan": float(np.median(values)) if values.size else float("nan"),
                         "spreiding": spreiding(values)})
    return pd.DataFrame(rows)


def _cijfer(value: float) -> str:
    from woonzorg.dutch import number

    return "–" if value != value else number(value, 1)


def rondes_html(rondes: pd.DataFrame, scores: pd.DataFrame, stellingen: pd.DataFrame, regio: str) -> str:
    """The guide's part "Zelfscan in de groep": per round (by date) n, median and spread per dimension and group.

    Escaped HTML, empty when the region has no round with answers. Pseudonyms are never shown.
    """
    import html

    from woonzorg.leerkring.sessions import datum_nl
    from woonzorg.present.privacy import THRESHOLD

    parts = []
    for ronde in rondes_van(rondes, regio):
        antwoorden = antwoorden_van(scores, ronde)
        n = antwoorden["deelnemer"].nunique()
        if not n:
            continue
        table = per_dimensie(antwoorden, stellingen, THRESHOLD)
        ordered = table.assign(_d=table.groupby("dimensie", sort=False).ngroup()).sort_values("_d", kind="stable")
        body = "".join(
            f"<tr><th scope=\"row\">{html.escape(r.dimensienaam)}</th><td>{html.escape(r.groep)}</td>"
            f"<td class=\"num\">{r.n}</td><td class=\"num\">{_cijfer(r.mediaan)}</td>"
            f"<td class=\"num\">{_cijfer(r.spreiding)}</td></tr>"
            for r in ordered.itertuples(index=False))
        groepen = table["groep"].nunique()
        parts.append(
            f'<h4>{html.escape(ronde.titel)} ({html.escape(datum_nl(ronde.datum))}): '
            f'{n} deelnemer{"s" if n != 1 else ""}</h4>'
            f'<table class="wz-groepsscan"><caption>Zelfscan "{html.escape(ronde.titel)}": mediaan en spreiding per '
            f'dimensie (n = {n})</caption><thead><tr><th scope="col">Dimensie</th><th scope="col">Groep</th>'
            f'<th scope="col">n</th><th scope="col">Mediaan</th><th scope="col">Spreiding</th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
            + ("" if groepen > 1 else
               f"<p>Per soort organisatie wordt niets apart getoond: elke groep telt minder dan {THRESHOLD} "
               "deelnemers of zou een kleinere groep verraden.</p>"))
    if not parts:
        return ""
    return ('<h3 id="zelfscan-in-de-groep">Zelfscan in de groep</h3>'
            "<p>Iedere deelnemer vulde de zelfscan op een eigen apparaat in. De mediaan is de middelste score "
            f"(schaal {min(schaal())} tot {max(schaal())}); de spreiding zegt hoe ver de middelste helft van de "
            "scores uiteenligt (0: iedereen is het eens). Rondes staan op datum.</p>" + "".join(parts))
