"""The CBS refresh path: fetch municipality figures from CBS StatLine (OData v3) into data/gemeenten.csv."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from woonzorg import data as wdata
from woonzorg import safetext

ODATA_ROOT = "https://opendata.cbs.nl/ODataApi/odata"
DEFAULT_TABLE = "85984NED"  # Kerncijfers wijken en buurten 2024
TIMEOUT_SECONDS = 15
MAX_PAGES = 100  # CBS pages at 10,000 rows; 342 municipalities fit in one page
USER_AGENT = "woonzorg (CBS refresh; +https://opendata.cbs.nl)"
UNCHANGED_NOTE = "de gegevens in data/ zijn niet gewijzigd."

Fetch = Callable[[str], dict]

# Our column -> the CBS field name without its numeric suffix (and without the "k_" CBS puts before
# names that start with a digit). Matching by this stem keeps a renumbered table working.
FIELD_STEMS: dict[str, tuple[str, str]] = {
    "gemeentecode": ("WijkenEnBuurten", "gemeentecode"),
    "gemeente": ("Gemeentenaam", "gemeentenaam"),
    "inwoners": ("AantalInwoners", "aantal inwoners"),
    "huishoudens": ("HuishoudensTotaal", "aantal huishoudens"),
    "woningvoorraad": ("Woningvoorraad", "woningvoorraad"),
    "inwoners_65plus": ("65JaarOfOuder", "inwoners van 65 jaar of ouder"),
    "corporatie_pct": ("InBezitWoningcorporatie", "percentage woningen in bezit van woningcorporaties"),
}
COUNT_COLUMNS = ("inwoners", "huishoudens", "woningvoorraad", "inwoners_65plus")
CORPORATION_COLUMNS = (
    "corporatie_aandeel", "corporatie_peildatum", "corporatie_bron", "corporatie_schatting", "corporatie_methode",
)
_TABLE_ID = re.compile(r"^\d{5}[A-Z]{3}$")
_SUFFIX = re.compile(r"_\d+$")


# --------------------------------------------------------------------------------------------
# Errors and result


class CBSError(Exception):
    """Base class for every problem on the CBS refresh path; the message is Dutch."""


class CBSUnavailable(CBSError):
    """CBS StatLine could not be reached (no network, timeout, refused); nothing was changed."""


class CBSResponseError(CBSError):
    """CBS answered, but not with usable data (HTTP error, no JSON, a missing field); nothing was changed."""


class CBSConflict(CBSError):
    """The new figures read well, but the data folder would no longer pass ``check`` with them; nothing was changed.

    ``errors`` are the problems ``check`` would report (file, regel, kolom) that it does not report now.
    """

    def __init__(self, table: str, errors: list):
        self.errors = list(errors)
        shown = "\n".join(f"  {e}" for e in self.errors[:20])
        more = f"\n  en nog {len(self.errors) - 20}" if len(self.errors) > 20 else ""
        super().__init__(f"De cijfers uit CBS StatLine (tabel {table}) passen niet bij de rest van de gegevens; "
                         f"{UNCHANGED_NOTE} Met de nieuwe cijfers zou 'woonzorg check' melden:\n{shown}{more}")


@dataclass
class RefreshResult:
    """What a refresh did to gemeenten.csv.

    ``updated``: municipalities whose figures changed; ``unchanged``: figures as before (only the
    source columns now cite this retrieval); ``kept_old``: rows kept as they were because CBS did not
    deliver them (codes in ``kept_old_codes``) or delivered empty figures (codes in ``incomplete``).
    ``not_added``: municipality codes CBS has but gemeenten.csv does not (no province known; not added).
    ``corporatie_kept``: municipalities where CBS had no corporation share, so the old one was kept.
    """

    path: Path
    table: str
    bron: str
    updated: int = 0
    unchanged: int = 0
    kept_old: int = 0
    kept_old_codes: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    not_added: list[str] = field(default_factory=list)
    corporatie_kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A short Dutch report for the command line."""
        lines = [
            f"{self.path.name} bijgewerkt uit {self.bron}.",
            f"  bijgewerkt: {self.updated} gemeenten",
            f"  ongewijzigd: {self.unchanged} gemeenten (alleen de bronvermelding is vernieuwd)",
            f"  oude regel behouden: {self.kept_old} gemeenten",
        ]
        if self.kept_old_codes:
            lines.append(f"    niet in CBS-tabel {self.table}: {_short_list(self.kept_old_codes)}")
        if self.incomplete:
            lines.append(f"    CBS-cijfers ontbreken (leeg): {_short_list(self.incomplete)}")
        if self.corporatie_kept:
            lines.append(f"  corporatieaandeel ontbreekt bij CBS, oude waarde behouden: "
                         f"{_short_list(self.corporatie_kept)}")
        if self.not_added:
            lines.append(f"  niet toegevoegd (nieuw bij CBS, provincie onbekend): {_short_list(self.not_added)}")
        return "\n".join(lines)


def _short_list(codes: list[str], limit: int = 12) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f" en {len(codes) - limit} andere" if len(codes) > limit else "")


# --------------------------------------------------------------------------------------------
# Fetching


class NotJSON(ValueError):
    """The answer used a constant (``NaN``, ``Infinity``) that Python's json accepts but JSON has not."""


def _refuse_constant(name: str):
    raise NotJSON(f"{name} is geen JSON-getal")


def default_fetch(url: str) -> dict:
    """GET ``url`` from CBS with the standard library and return the parsed JSON (strict: no ``NaN``)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return json.loads(response.read().decode("utf-8"), parse_constant=_refuse_constant)


def municipalities_url(table: str) -> str:
    """The TypedDataSet URL of ``table`` restricted to municipalities (codes starting with GM)."""
    query = "$format=json&$filter=" + urllib.parse.quote("startswith(WijkenEnBuurten,'GM')", safe="(),'")
    return f"{ODATA_ROOT}/{table}/TypedDataSet?{query}"


def fetch_records(table: str, fetch: Fetch | None = None) -> list[dict]:
    """All records of the municipality query, following ``odata.nextLink``; raise CBSError on trouble."""
    fetch = fetch or default_fetch
    url: str | None = municipalities_url(table)
    seen: set[str] = set()
    records: list[dict] = []
    while url:
        if url in seen or len(seen) >= MAX_PAGES:
            raise CBSResponseError(
                f"CBS StatLine (tabel {table}) blijft naar volgende pagina's verwijzen; "
                f"het ophalen is afgebroken en {UNCHANGED_NOTE}")
        seen.add(url)
        page = _fetch_page(fetch, url, table)
        values = page.get("value")
        if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
            raise CBSResponseError(
                f"Het antwoord van CBS StatLine (tabel {table}) heeft geen lijst 'value' met records; "
                f"{UNCHANGED_NOTE}")
        records.extend(values)
        next_link = page.get("odata.nextLink")
        url = _same_server(str(next_link), table) if next_link else None
    return records


def _same_server(link: str, table: str) -> str:
    """A next page only at the https host the refresh started at (never another host, scheme or a file)."""
    start, found = urllib.parse.urlsplit(ODATA_ROOT), urllib.parse.urlsplit(link)
    if found.scheme != "https" or found.netloc.lower() != start.netloc.lower():
        shown = safetext.terminal_text(link[:80])
        raise CBSResponseError(
            f"CBS StatLine (tabel {table}) verwijst voor de volgende pagina naar '{shown}', niet naar "
            f"https://{start.netloc}; die wordt niet opgehaald en {UNCHANGED_NOTE}")
    return link


def _fetch_page(fetch: Fetch, url: str, table: str) -> dict:
    try:
        page = fetch(url)
    except urllib.error.HTTPError as exc:
        hint = "; bestaat de tabel?" if exc.code == 404 else ""
        raise CBSResponseError(
            f"CBS StatLine gaf een foutmelding (HTTP {exc.code}) voor tabel {table}{hint} {UNCHANGED_NOTE}"
        ) from exc
    except OSError as exc:  # URLError, socket.timeout, refused or reset connections
        raise CBSUnavailable(
            f"CBS StatLine is niet bereikbaar (geen internetverbinding?); {UNCHANGED_NOTE}"
        ) from exc
    except (json.JSONDecodeError, UnicodeDecodeError, NotJSON) as exc:
        why = f" ({exc})" if isinstance(exc, NotJSON) else ""
        raise CBSResponseError(
            f"Het antwoord van CBS StatLine (tabel {table}) is geen leesbare JSON{why}; {UNCHANGED_NOTE}"
        ) from exc
    if not isinstance(page, dict):
        raise CBSResponseError(
            f"Het antwoord van CBS StatLine (tabel {table}) is geen OData-object; {UNCHANGED_NOTE}")
    return page


# --------------------------------------------------------------------------------------------
# Mapping CBS fields to our columns


def _stem(key: str) -> str:
    stem = _SUFFIX.sub("", key)
    return stem[2:] if stem.startswith("k_") else stem


def resolve_fields(records: list[dict], table: str) -> dict[str, str]:
    """Map each of our columns to the CBS field that carries it, matching by name without suffix."""
    keys: list[str] = []
    for record in records:
        keys.extend(k for k in record if k not in keys)
    by_stem: dict[str, list[str]] = {}
    for key in keys:
        by_stem.setdefault(_stem(key).lower(), []).append(key)
    resolved: dict[str, str] = {}
    missing: list[str] = []
    for column, (stem, label) in FIELD_STEMS.items():
        found = by_stem.get(stem.lower(), [])
        if not found:
            missing.append(f"'{stem}_…' ({label})")
        elif len(found) > 1:
            raise CBSResponseError(
                f"Het antwoord van CBS StatLine (tabel {table}) heeft meer dan één veld voor {label}: "
                f"{', '.join(found)}; {UNCHANGED_NOTE}")
        else:
            resolved[column] = found[0]
    if missing:
        raise CBSResponseError(
            f"Het antwoord van CBS StatLine (tabel {table}) mist {'het veld' if len(missing) == 1 else 'de velden'} "
            f"{', '.join(missing)}; is de tabelindeling veranderd? {UNCHANGED_NOTE}")
    return resolved


def _as_count(value: Any, column: str, code: str, table: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if value in ("", "."):
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CBSResponseError(
            f"CBS StatLine (tabel {table}) geeft voor {code} bij {column} '{value}', geen getal; "
            f"{UNCHANGED_NOTE}") from None
    if not math.isfinite(number):
        raise CBSResponseError(
            f"CBS StatLine (tabel {table}) geeft voor {code} bij {column} {value}, geen eindig getal; "
            f"{UNCHANGED_NOTE}")
    if number != int(number):
        raise CBSResponseError(
            f"CBS StatLine (tabel {table}) geeft voor {code} bij {column} {value}, geen geheel aantal; "
            f"{UNCHANGED_NOTE}")
    return int(number)


@dataclass
class CBSMunicipality:
    """One municipality as CBS reports it; ``None`` where CBS left a figure empty."""

    code: str
    name: str
    counts: dict[str, int | None]
    corporatie_aandeel: float | None


def parse_records(records: list[dict], table: str) -> dict[str, CBSMunicipality]:
    """Municipalities (GM codes only) by code, with whitespace stripped and percent turned into a share."""
    if not records:
        raise CBSResponseError(f"CBS StatLine (tabel {table}) gaf geen records terug; {UNCHANGED_NOTE}")
    fields = resolve_fields(records, table)
    out: dict[str, CBSMunicipality] = {}
    for record in records:
        code = str(record.get(fields["gemeentecode"]) or "").strip().upper()
        if not wdata.GM_CODE.match(code):
            continue  # country, district or neighbourhood
        if code in out:
            raise CBSResponseError(
                f"CBS StatLine (tabel {table}) geeft gemeente {code} twee keer; {UNCHANGED_NOTE}")
        name = str(record.get(fields["gemeente"]) or "").strip()
        counts = {c: _as_count(record.get(fields[c]), c, code, table) for c in COUNT_COLUMNS}
        pct = record.get(fields["corporatie_pct"])
        share = None
        if pct is not None and not (isinstance(pct, str) and pct.strip() in ("", ".")):
            try:
                share = round(float(pct) / 100, 6)
                if not math.isfinite(share):
                    raise ValueError
            except (TypeError, ValueError):
                raise CBSResponseError(
                    f"CBS StatLine (tabel {table}) geeft voor {code} als corporatiepercentage '{pct}', "
                    f"geen getal; {UNCHANGED_NOTE}") from None
        out[code] = CBSMunicipality(code, name, counts, share)
    if not out:
        raise CBSResponseError(
            f"Het antwoord van CBS StatLine (tabel {table}) bevat geen gemeenten (codes GM….); {UNCHANGED_NOTE}")
    return out


# --------------------------------------------------------------------------------------------
# Refreshing gemeenten.csv


def _format_share(value: float, decimal_comma: bool) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".") or "0"
    return text.replace(".", ",") if decimal_comma else text


def _same(old: Any, new: Any) -> bool:
    if old is None or old is pd.NA:
        return new in (None, "")
    if isinstance(new, float):
        return abs(float(old) - new) < 1e-9
    return old == new


def refresh_gemeenten(
    data_dir: Path,
    *,
    table: str = DEFAULT_TABLE,
    peildatum: str = "2024-01-01",
    fetch: Fetch | None = None,
    retrieved: date | None = None,
) -> RefreshResult:
    """Update ``gemeenten.csv`` in ``data_dir`` from CBS StatLine table ``table``.

    Everything is fetched and checked before anything is written; the new file is written next to
    the old one, validated with the whole data folder (every cross-table rule of ``check``), and only then
    swapped in with ``os.replace``. On any error the old file stays as it was. Raises
    :class:`CBSUnavailable` when CBS cannot be reached, :class:`CBSResponseError` when its answer is
    unusable, :class:`woonzorg.data.DataValidationError` when the new table itself does not pass
    validation, and :class:`CBSConflict` when it would make ``check`` fail elsewhere (a renamed
    municipality that ``centrumregios.csv`` still names as before).
    """
    data_dir = Path(data_dir)
    table = table.strip().upper()
    if not _TABLE_ID.match(table):
        raise ValueError(f"'{table}' is geen CBS-tabelnummer; verwacht bijvoorbeeld 85984NED")
    try:
        peildatum = date.fromisoformat(peildatum).isoformat()
    except ValueError:
        raise ValueError(f"peildatum '{peildatum}' is geen datum; verwacht bijvoorbeeld 2024-01-01") from None
    schema = wdata.schemas()["gemeenten"]
    path = data_dir / schema.file
    name = wdata.display_name(path, data_dir)

    # The old file must be valid: its rows are kept and its provinces reused.
    old = wdata.read_table(path, schema, name)
    raw = wdata.read_raw(path, name)

    cbs = parse_records(fetch_records(table, fetch), table)  # network: before touching the disk

    stamp = (retrieved or date.today()).isoformat()
    bron = f"CBS StatLine {table}, opgehaald {stamp}"
    result = RefreshResult(path=path, table=table, bron=bron)
    index = {c: raw.header.index(c) for c in schema.column_names}
    new_rows: list[list[str]] = []
    old_codes: set[str] = set()
    for i, (_, cells) in enumerate(raw.rows):
        row = old.iloc[i]
        code = row["gemeentecode"]
        old_codes.add(code)
        found = cbs.get(code)
        if found is None:
            result.kept_old_codes.append(code)
            new_rows.append(list(cells))
            continue
        if any(v is None for v in found.counts.values()) or not found.name:
            result.incomplete.append(code)
            new_rows.append(list(cells))
            continue
        values: dict[str, Any] = {
            "gemeente": found.name, **found.counts, "peildatum": peildatum, "bron": bron,
        }
        if found.corporatie_aandeel is None:
            result.corporatie_kept.append(code)
        else:
            values.update(corporatie_aandeel=found.corporatie_aandeel, corporatie_peildatum=peildatum,
                          corporatie_bron=bron, corporatie_schatting=False, corporatie_methode="")
        figures = [c for c in values if c not in ("bron", "corporatie_bron")]
        if all(_same(row[c], values[c]) for c in figures):
            result.unchanged += 1
        else:
            result.updated += 1
        cells = list(cells)
        for column, value in values.items():
            if isinstance(value, bool):
                text = "ja" if value else "nee"
            elif isinstance(value, float):
                text = _format_share(value, raw.decimal_comma)
            else:
                text = str(value)
            cells[index[column]] = text
        new_rows.append(cells)
    result.not_added = sorted(set(cbs) - old_codes)
    result.kept_old = len(result.kept_old_codes) + len(result.incomplete)

    _write_validated(path, raw, new_rows, schema, f"{name} (nieuwe versie uit CBS {table}, niet opgeslagen)", old,
                     table)
    return result


def _write_validated(path: Path, raw: wdata.RawTable, rows: list[list[str]], schema: wdata.TableSchema,
                     name: str, old: pd.DataFrame, table: str) -> None:
    """Write rows beside ``path`` in its own dialect, validate the temp file with the whole folder, then swap it in."""
    original = path.read_bytes()
    newline = "\r\n" if b"\r\n" in original else "\n"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=raw.delimiter, lineterminator=newline)
    writer.writerow(raw.header)
    writer.writerows([[safetext.defuse_cell(cell) for cell in row] for row in rows])  # no formula for a spreadsheet
    payload = buffer.getvalue().encode("utf-8")
    if original.startswith(b"\xef\xbb\xbf"):
        payload = b"\xef\xbb\xbf" + payload

    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    tmp = Path(tmp_name)
    replaced = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        frame = wdata.read_table(tmp, schema, name)
        errors = _consistency_errors(frame, old, path.parent, name)
        if errors:
            own = [e for e in errors if e.file == name]  # the new table's own rows: as check would say them
            raise wdata.DataValidationError(own) if own else CBSConflict(table, errors)
        os.replace(tmp, path)
        replaced = True
    finally:
        if not replaced:
            tmp.unlink(missing_ok=True)


def _consistency_errors(frame: pd.DataFrame, old: pd.DataFrame, data_dir: Path, name: str) -> list[wdata.DataError]:
    """What the new gemeenten table breaks in the whole data folder: every error of the cross-table rules of
    ``check`` (load_dataset) with the new table that the folder does not have with the old one, in any file
    (a renamed municipality breaks centrumregios.csv, a changed count a region's figures)."""
    tables: dict[str, pd.DataFrame] = {}
    names: dict[str, str] = {}
    for key, schema in wdata.schemas().items():
        table_path = data_dir / schema.file
        names[key] = wdata.display_name(table_path, data_dir)
        if key == "gemeenten":
            names[key] = name
            continue
        try:
            tables[key] = wdata.read_table(table_path, schema, names[key])
        except wdata.DataValidationError:
            # Another table being broken is not this refresh's business: check against an empty one.
            tables[key] = wdata._empty_table(schema, names[key])
    before = set(wdata.check_consistency({**tables, "gemeenten": old}, names))
    return [e for e in wdata.check_consistency({**tables, "gemeenten": frame}, names) if e not in before]
