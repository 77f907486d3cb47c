"""Incremental builds: content hashes of everything a task depends on, and the build manifest in OUT.

A task is rebuilt when one of its inputs changed, judged by content hashes, never timestamps:

- ``notebook``: the notebook file;
- ``parameters``: the task's parameters;
- ``code``: the package modules the task runs — its notebook's imports and its theme package,
  followed through the package (:mod:`woonzorg.publish.codegraph`) — plus the version of every
  installed distribution (:func:`libraries_digest`);
- ``templates``: the nbconvert and site templates and the stylesheet;
- ``data``: per data table, a hash over the rows the region can read (the rule below).

The data rule, per region R with municipalities M (from ``regio-indeling.csv``):

- a table with a ``regio`` column is region-keyed: the rows with ``regio`` = R, plus rows without
  a region (they hold for every region);
- a table with a ``gemeentecode`` column and no ``regio`` column is keyed by municipality: the rows
  of M, plus rows without a municipality;
- every other table (national figures, assumptions, the lists of groups) counts whole;
- any other file in the data folder (not a registered table; ``*.md`` excepted) counts whole.

So a change in one region's rows rebuilds only that region's tasks; a change in a national table
rebuilds everything. A notebook that reads rows of other regions says so in its metadata: a list of
the tables it reads whole (``"woonzorg": {"gegevens": ["zelfscan-antwoorden"]}``, the procesorganisatie
compares zelfscan scores over regions), or ``"alle"`` to depend on every row of every table.

The build date is not an input: a page states when it was built, but an unchanged task is skipped.
The manifest ``<OUT>-bouw/woonzorg-build.json`` (beside the public site, :func:`woonzorg.paths.records_dir`;
written atomically) keeps, per task, the input hashes, the key figures and the sources, so that skipped
tasks still appear in the site index.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from woonzorg import data as wzdata
from woonzorg import paths, regions
from woonzorg.publish import codegraph
from woonzorg.storage import write_atomically

MANIFEST_VERSION = 1
SOURCES_PER_TABLE = 4  # more distinct sources in one table are summarised in the metadata block
DATE_COLUMNS = ("peildatum", "corporatie_peildatum", "datum", "periode")


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()[:20]


def _files_digest(root: Path, files: Iterable[Path]) -> str:
    parts: list[bytes] = []
    for f in sorted(files):
        parts += [f.relative_to(root).as_posix().encode(), f.read_bytes()]
    return _digest(parts)


def data_files(root: Path) -> list[Path]:
    """Every file of a data folder, without hidden ones (``.lock`` files, editor backups)."""
    return [p for p in root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)]


def libraries_digest() -> str:
    """The name and version of every installed distribution (its ``*.dist-info`` folder on ``sys.path``).

    A page depends on far more than the libraries it names: pandas, matplotlib, papermill, nbconvert,
    but also numpy, scipy (the interval audit), jinja2, ipywidgets, openpyxl, python-docx, ipykernel and
    what they import. Their closure is larger than anyone keeps by hand, so every installed distribution
    counts: an upgrade of any of them rebuilds every guide. One listing per folder: about a millisecond.
    """
    names = set()
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        names.update(e for e in entries if e.endswith((".dist-info", ".egg-info")))
    return _digest([name.encode() for name in sorted(names)])


def code_digest(notebook_bytes: bytes, theme_package: str | None, libraries: str | None = None) -> str:
    """The package code a task runs (see :mod:`woonzorg.publish.codegraph`) and the libraries' versions."""
    modules = codegraph.package_modules()
    files = [modules[name] for name in codegraph.task_modules(notebook_bytes, theme_package)]
    return _digest([_files_digest(paths.PACKAGE_DIR, files).encode(), (libraries or libraries_digest()).encode()])


def templates_digest() -> str:
    """The nbconvert and site templates and the stylesheet."""
    files = [p for folder in (paths.TEMPLATES_DIR, paths.PACKAGE_DIR / "static")
             for p in folder.rglob("*") if p.is_file()]
    return _files_digest(paths.PACKAGE_DIR, files)


def region_rows(frame: pd.DataFrame, regio: str | None, gemeentecodes: Iterable[str]) -> pd.DataFrame:
    """The rows of a table that region ``regio`` can read (all rows when ``regio`` is None)."""
    if regio is None:
        return frame
    if "regio" in frame.columns:
        return frame[(frame["regio"] == regio).fillna(False) | frame["regio"].isna()]
    if "gemeentecode" in frame.columns:
        codes = set(gemeentecodes)
        return frame[frame["gemeentecode"].isin(codes).fillna(False) | frame["gemeentecode"].isna()]
    return frame


def _frame_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode()


KEY_NAME = "woonzorg-build.key"


def records_key(out: Path) -> bytes:
    """The secret that keys the data hashes of the build records of ``out`` (made once, readable by its owner only).

    A plain hash of a region's rows would let anyone who reads the records test the few values a hidden
    small count can have; keyed, the hashes tell only whether the rows changed since the last build.
    """
    path = paths.records_dir(out) / KEY_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    return path.read_bytes()


@dataclass
class DataFingerprints:
    """Per-table hashes of one data folder, computed per region on request (and remembered), keyed with
    ``key`` (:func:`records_key`) so that they reveal nothing of the rows."""

    dataset: wzdata.Dataset
    key: bytes = b""

    def __post_init__(self) -> None:
        self._regions = regions.load_regions(self.dataset)
        self._cache: dict[str | None, dict[str, str]] = {}
        self._sources: dict[tuple, list[dict[str, str]]] = {}
        root = self.dataset.root
        tables = {schema.file for schema in wzdata.schemas().values()}
        others = [p for p in data_files(root) if p.relative_to(root).as_posix() not in tables and p.suffix != ".md"]
        self._other_files = _digest([self.key, _files_digest(root, others).encode()]) if others else ""

    def for_region(self, regio: str | None) -> dict[str, str]:
        """``{table: hash}`` over the rows ``regio`` can read; ``None``: every row of every table."""
        if regio not in self._cache:
            codes = self._regions[regio].gemeentecodes if regio is not None else ()
            digests = {name: _digest([self.key, _frame_bytes(region_rows(frame, regio, codes))])
                       for name, frame in sorted(self.dataset.tables.items())}
            if self._other_files:
                digests["(overige bestanden)"] = self._other_files
            self._cache[regio] = digests
        return self._cache[regio]

    def sources(self, regio: str, tables: Iterable[str] | None = None) -> list[dict[str, str]]:
        """Per table the distinct sources (``bron``) of the region's rows, with their peildata."""
        key = (regio, None if tables is None else tuple(sorted(tables)))
        if key not in self._sources:  # the same for each theme of the region
            self._sources[key] = self._find_sources(regio, tables)
        return [dict(s) for s in self._sources[key]]

    def _find_sources(self, regio: str, tables: Iterable[str] | None) -> list[dict[str, str]]:
        codes = self._regions[regio].gemeentecodes
        found = []
        for name, frame in self.dataset.tables.items():
            if tables is not None and name not in tables:
                continue
            rows = region_rows(frame, regio, codes)
            if "voorbeeld" in rows.columns:  # example rows are practice material, never a data source
                rows = rows[~rows["voorbeeld"].fillna(False).astype(bool)]
            source_columns = [c for c in rows.columns if c == "bron" or c.endswith("_bron")]
            if rows.empty or not source_columns:
                continue
            bronnen: dict[str, set[str]] = {}
            for column in source_columns:
                prefix = column.removesuffix("bron")  # "" or e.g. "corporatie_"
                if prefix:
                    dates = [prefix + "peildatum"] if prefix + "peildatum" in rows.columns else []
                else:
                    dates = [c for c in DATE_COLUMNS if c in rows.columns and "_" not in c][:1]
                for bron, *peildata in rows[[column, *dates]].itertuples(index=False, name=None):
                    if pd.isna(bron) or not str(bron).strip():
                        continue
                    peil = bronnen.setdefault(str(bron), set())
                    peil.update(str(d) for d in peildata if not pd.isna(d) and str(d).strip())
            if len(bronnen) > SOURCES_PER_TABLE:
                # tables of observations cite dozens of articles: the page's own section lists them
                found.append({"tabel": f"{name}.csv", "bron": f"{len(bronnen)} bronnen (zie de bronvermelding "
                              "bij de cijfers)", "peildatum": ""})
                continue
            for bron, peil in sorted(bronnen.items()):
                found.append({"tabel": f"{name}.csv", "bron": bron, "peildatum": ", ".join(sorted(peil))})
        return found


def task_inputs(task, notebook_bytes: bytes, data: dict[str, str], code: str, templates: str) -> dict:
    """Everything a task depends on, as hashes (compared key by key to say why it is rebuilt)."""
    return {
        "notebook": _digest([notebook_bytes]),
        "parameters": _digest([json.dumps(task.parameters, sort_keys=True).encode()]),
        "code": code,
        "templates": templates,
        "data": data,
    }


def changed_inputs(old: dict, new: dict) -> list[str]:
    """Names of the inputs that differ, e.g. ``['data: gemeenten', 'notebook']``."""
    changed = []
    for key in new:
        if key == "data":
            old_data = old.get("data", {})
            names = sorted(set(old_data) | set(new["data"]))
            changed += [f"data: {n}" for n in names if old_data.get(n) != new["data"].get(n)]
        elif old.get(key) != new[key]:
            changed.append(key)
    return changed


class Manifest:
    """The build manifest in the output folder: per task its inputs, key figures and sources."""

    def __init__(self, out: Path):
        self.path = paths.records_dir(out) / paths.MANIFEST_NAME
        old = Path(out) / paths.OLD_MANIFEST_NAME
        if old.exists() and not self.path.exists():  # a site built before the records moved beside it
            self.path.parent.mkdir(parents=True, exist_ok=True)
            old.replace(self.path)
        old.unlink(missing_ok=True)
        (Path(out) / ("." + paths.LOCK_NAME)).unlink(missing_ok=True)  # its lock, too
        self.tasks: dict[str, dict] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if loaded.get("versie") == MANIFEST_VERSION:
                self.tasks = dict(loaded.get("taken", {}))
        except (OSError, ValueError, AttributeError):
            self.tasks = {}  # no manifest or an unreadable one: everything counts as new

    def get(self, key: str) -> dict | None:
        return self.tasks.get(key)

    def record(self, key: str, entry: dict) -> None:
        self.tasks[key] = entry

    def mark_pending(self, key: str, names: dict) -> None:
        """The task is about to run: until it is recorded again, the next build must rebuild it."""
        self.tasks[key] = {**(self.tasks.get(key) or names), "onderweg": True}

    def save(self) -> None:
        """Write the manifest atomically, one task per line (a diff shows which tasks changed).

        Saved after every finished task, while the workers run: each entry is encoded compactly,
        which json does in C (an indented dump runs in Python: 5 ms against 1 ms per save of 24 tasks)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False, sort_keys=True)}"
                 for key, entry in sorted(self.tasks.items())]
        write_atomically(self.path, f'{{"versie": {MANIFEST_VERSION}, "taken": {{\n' + ",\n".join(lines) + "\n}}\n")
