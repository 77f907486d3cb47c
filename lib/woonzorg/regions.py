"""The manifest of regions and their municipalities: a region is data (id, name, CBS codes), never code.

Regions belong to an *indeling* (a division of the country): the koploper regions (``koploper``,
the default) and the provinces (``provincie``). Within one indeling a municipality is in at most
one region; across indelingen it may be in several (Heerlen: parkstad and limburg).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths
from woonzorg.memo import per_object
from woonzorg.storage import NotWritable, append_rows, exclusive_lock, write_atomically

INDELING_FILE = "regio-indeling.csv"


class UnknownRegion(KeyError):
    """A region id that the data folder does not define."""

    def __init__(self, regio: str, known: list[str]):
        self.regio = regio
        self.known = known
        super().__init__(regio)

    def __str__(self) -> str:
        return f"onbekende regio '{self.regio}'; bekend zijn: {', '.join(self.known)}"


@dataclass(frozen=True)
class Region:
    id: str
    naam: str
    gemeentecodes: tuple[str, ...]
    centrumgemeenten: tuple[str, ...]
    indeling: str = wzdata.KOPLOPER


@per_object(copy=True)  # asked by the plan, the fingerprints and every analysis of the same dataset
def load_regions(dataset: wzdata.Dataset) -> dict[str, Region]:
    """All regions of a dataset, in the order of the indeling file."""
    indeling = dataset.regio_indeling
    regions: dict[str, Region] = {}
    for regio, rows in indeling.groupby("regio", sort=False):
        regions[str(regio)] = Region(
            id=str(regio),
            naam=str(rows["regio_naam"].iloc[0]),
            gemeentecodes=tuple(rows["gemeentecode"]),
            centrumgemeenten=tuple(rows.loc[rows["centrumgemeente"].fillna(False).astype(bool), "gemeentecode"]),
            indeling=str(rows["indeling"].iloc[0]),
        )
    return regions


def get_region(dataset: wzdata.Dataset, regio: str) -> Region:
    """One region by id, or :class:`UnknownRegion` naming the known ids."""
    regions = load_regions(dataset)
    if regio not in regions:
        raise UnknownRegion(regio, list(regions))
    return regions[regio]


def region_municipalities(dataset: wzdata.Dataset, regio: str) -> pd.DataFrame:
    """The municipalities of a region with their figures, sorted by name."""
    region = get_region(dataset, regio)
    g = dataset.gemeenten
    table = g[g["gemeentecode"].isin(region.gemeentecodes)].copy()
    table["centrumgemeente"] = table["gemeentecode"].isin(region.centrumgemeenten)
    return table.sort_values("gemeente", key=lambda s: s.str.lower()).reset_index(drop=True)


def summary(dataset: wzdata.Dataset) -> pd.DataFrame:
    """One row per region: id, name, indeling, number of municipalities, inhabitants."""
    g = dataset.gemeenten.set_index("gemeentecode")
    rows = []
    for region in load_regions(dataset).values():
        members = g.loc[list(region.gemeentecodes)]
        rows.append({
            "regio": region.id,
            "naam": region.naam,
            "indeling": region.indeling,
            "gemeenten": len(region.gemeentecodes),
            "inwoners": int(members["inwoners"].sum()),
        })
    return pd.DataFrame(rows)


class RegionDefinitionError(ValueError):
    """A region definition that cannot be added; the message is for users (Dutch)."""


def add_region(
    data_dir: str | Path | None,
    regio: str,
    naam: str,
    codes: list[str],
    *,
    centrumgemeenten: list[str] = (),
    bron: str = "eigen regio-indeling",
    indeling: str = wzdata.KOPLOPER,
) -> Region:
    """Append a region to ``regio-indeling.csv`` after checking every code; atomic.

    A municipality that ``centrumregios.csv`` names as a centrumgemeente is marked as one without
    being asked (``--centrumgemeente`` adds others, on the region's own authority).

    Refuses an invalid or existing id, a name or source with control characters or line breaks,
    unknown codes, codes already in another region of the same ``indeling``, and duplicates within
    the list. What is already in the indeling is read *inside* the lock, so two people adding the
    same municipality at once cannot both succeed. The file is rewritten through a temporary file and a rename, so a
    failure leaves the old indeling intact.
    """
    root = paths.data_dir(data_dir)
    schema = wzdata.schemas()["regio-indeling"]
    try:
        regio = wzdata.PARSERS["regio"](regio, False)
    except ValueError as exc:
        raise RegionDefinitionError(str(exc)) from None
    naam, bron = str(naam or "").strip(), str(bron or "").strip()
    if not naam:
        raise RegionDefinitionError("geef de regio een naam (--naam)")
    if not bron:
        raise RegionDefinitionError("geef een bron van de indeling (--bron)")
    by_name = {c.name: c for c in schema.columns}
    for option, kolom, value in (("--naam", "regio_naam", naam), ("--bron", "bron", bron)):
        column = by_name[kolom]
        problems = [p for p in (wzdata.check_text(value, column),) if p] or wzdata.check_cell(column, value, value)
        if problems:
            raise RegionDefinitionError(f"{option} {problems[0]}")
    if indeling not in wzdata.INDELINGEN:
        raise RegionDefinitionError(f"onbekende indeling '{indeling}'; kies uit {', '.join(wzdata.INDELINGEN)}")
    if not codes:
        raise RegionDefinitionError("geef minstens één gemeentecode op (of --provincie NAAM)")
    problems: list[str] = []
    normalised: list[str] = []
    for raw in codes:
        try:
            code = wzdata.PARSERS["gemeentecode"](raw, False)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if code in normalised:
            problems.append(f"{code} staat twee keer in de lijst")
        else:
            normalised.append(code)
    centrum = [c.strip().upper() for c in centrumgemeenten]
    for code in centrum:
        if code not in normalised:
            problems.append(f"centrumgemeente {code} staat niet in de lijst van gemeenten")
    if problems:
        raise RegionDefinitionError("; ".join(problems))

    with exclusive_lock(root / INDELING_FILE):
        # read under the lock: another `regio toevoegen` may just have taken a municipality
        dataset = wzdata.load_dataset(root)
        existing = load_regions(dataset)
        if regio in existing:
            raise RegionDefinitionError(f"regio '{regio}' bestaat al ({existing[regio].naam})")
        # a municipality that centrumregios.csv names as centrumgemeente is one in every region it joins
        sourced = set(dataset["centrumregios"]["centrumgemeente_code"])
        centrum += [code for code in normalised if code in sourced and code not in centrum]
        known = set(dataset.gemeenten["gemeentecode"])
        # within one indeling a municipality is in at most one region (a province may hold koplopers)
        assigned = {code: r.id for r in existing.values() if r.indeling == indeling for code in r.gemeentecodes}
        for code in normalised:
            if code not in known:
                problems.append(f"{code} is geen bekende gemeente (zie gemeenten.csv)")
            elif code in assigned:
                problems.append(f"{code} hoort al bij regio {assigned[code]}")
        if problems:
            raise RegionDefinitionError("; ".join(problems))
        path = root / INDELING_FILE
        before = None if wzdata.is_empty_file(path) else wzdata.read_bytes(path, INDELING_FILE)
        header = _header_for(path, schema.column_names, indeling)
        rows = [{"regio": regio, "regio_naam": naam, "gemeentecode": code,
                 "centrumgemeente": "ja" if code in centrum else "nee", "bron": bron, "indeling": indeling}
                for code in normalised]
        try:
            append_rows(path, header, [[row[kolom] for kolom in header] for row in rows])
        except BaseException:
            if before is not None and wzdata.read_bytes(path, INDELING_FILE) != before:
                write_atomically(path, before)  # the column added for nothing: the file as it was
            raise
    return Region(regio, naam, tuple(normalised), tuple(centrum), indeling)


def _header_for(path: Path, columns: list[str], indeling: str) -> list[str]:
    """The columns to append in: the file's own order; ``indeling`` added to an older file when needed.

    A file written before the column existed reads as all koploper. A koploper region is appended
    in the file's own columns; any other indeling first rewrites the file (atomically, under the
    caller's lock) with the column added, every earlier row ``koploper``.
    """
    if wzdata.is_empty_file(path):
        return list(columns)
    raw = wzdata.read_raw(path, f"{path.parent.name}/{path.name}")
    if "indeling" in raw.header or indeling == wzdata.KOPLOPER:
        return list(raw.header)
    text = wzdata.read_bytes(path, path.name).decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=raw.delimiter, lineterminator=newline)
    writer.writerow([*raw.header, "indeling"])
    for _, cells in raw.rows:
        writer.writerow([*cells, wzdata.KOPLOPER])
    try:
        write_atomically(path, buffer.getvalue().encode("utf-8"))
    except OSError as exc:
        raise NotWritable(path, exc) from None
    return [*raw.header, "indeling"]


def provinces(dataset: wzdata.Dataset) -> list[str]:
    """The provinces of ``gemeenten.csv``, sorted."""
    return sorted(set(dataset.gemeenten["provincie"].dropna()))


def province_municipalities(dataset: wzdata.Dataset, provincie: str) -> tuple[str, list[str]]:
    """The province's name as in ``gemeenten.csv`` and its municipalities (CBS codes, in file order).

    The name is matched case-insensitively (``noord-brabant``); an unknown one raises
    :class:`RegionDefinitionError` naming the known provinces.
    """
    gemeenten = dataset.gemeenten
    wanted = str(provincie or "").strip().casefold()
    matched = [p for p in provinces(dataset) if p.casefold() == wanted]
    if not matched:
        raise RegionDefinitionError(f"onbekende provincie '{str(provincie).strip()}'; bekend zijn: "
                                    f"{', '.join(provinces(dataset))}")
    name = matched[0]
    return name, gemeenten.loc[gemeenten["provincie"] == name, "gemeentecode"].tolist()


def add_province(
    data_dir: str | Path | None,
    regio: str,
    naam: str,
    provincie: str,
    *,
    bron: str | None = None,
) -> Region:
    """Add every municipality of a province as one region of indeling ``provincie`` (see :func:`add_region`).

    The municipalities come from ``gemeenten.csv`` (kolom provincie); the source defaults to that
    file's own source of the figures. Under the Wvrv each province writes a provincial
    volkshuisvestingsprogramma: this makes its guide.
    """
    dataset = wzdata.load_dataset(paths.data_dir(data_dir))
    name, codes = province_municipalities(dataset, provincie)
    if bron is None:
        sources = dataset.gemeenten.loc[dataset.gemeenten["provincie"] == name, "bron"].dropna().unique()
        bron = f"provincie {name} volgens gemeenten.csv" + (f" ({sources[0]})" if len(sources) == 1 else "")
    return add_region(data_dir, regio, naam, codes, bron=bron, indeling=wzdata.PROVINCIE)
