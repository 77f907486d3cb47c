"""Every dataset that passes ``check`` builds (issue 19, validation by unit and meaning).

Hypothesis makes small mutations of a three-municipality region within what the schema allows —
inhabitants, households, homes, corporation shares, centrumgemeenten, the region's name, the
national figures and the analysis assumptions — asserts that ``check`` accepts the result, and then
runs the code of every theme notebook on it the way the notebook does (its code cells in order,
its parameters overridden, every displayed value rendered), without a kernel. A crash is a value
that ``check`` should have refused.
"""

from __future__ import annotations

import ast
import csv
import shutil
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from woonzorg import data as wd
from woonzorg import paths

REGIO = "enschede"
CODES = ("GM0153", "GM0164", "GM1774")  # Enschede (centrumgemeente), Hengelo, Dinkelland
NOTEBOOKS = sorted(paths.notebooks_dir().glob("*.ipynb"))
EXAMPLES = int(os.environ.get("WOONZORG_PROPERTY_EXAMPLES", "12"))  # ~2 s each on one core

pytestmark = pytest.mark.notebook  # runs every notebook's code (without a kernel)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_data(data_dir: Path, tables: dict[str, tuple[list[str], list[dict[str, str]]]]) -> None:
    """A data folder: the tables, and the map boundaries as they are (they are no table)."""
    for name, (header, rows) in tables.items():
        write_csv(data_dir / name, header, rows)
    for other in (paths.PROJECT_ROOT / "data").glob("*.topojson"):
        shutil.copy(other, data_dir / other.name)


def three_municipality_region() -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """The real data folder cut down to one region of three municipalities (and the national tables)."""
    tables = {}
    _, gemeenten = read_csv(paths.PROJECT_ROOT / "data" / "gemeenten.csv")
    provinces = {row["provincie"] for row in gemeenten if row["gemeentecode"] in CODES}

    def kept(row: dict[str, str]) -> bool:
        codes = [row.get(k, "") for k in ("gemeentecode", "gebiedscode", "centrumgemeente_code")]
        if any(c.startswith("GM") and c not in CODES for c in codes):
            return False  # a figure of (or attached to) a municipality outside the cut-down region
        if row.get("niveau") == "provincie" and "gebiedscode" in row and row["gebiedscode"] not in provinces:
            return False  # a province's figure (the catalogue's niveau says where an indicator lives: it stays)
        return row.get("regio", REGIO) in (REGIO, "")

    def within(row: dict[str, str]) -> dict[str, str]:
        listed = row.get("gemeenten", "")
        if listed and listed != "alle":  # an agreement's parties: only those of the cut-down region
            row = {**row, "gemeenten": "; ".join(c.strip() for c in listed.split(";") if c.strip() in CODES)}
        return row

    for source in sorted((paths.PROJECT_ROOT / "data").glob("*.csv")):
        header, rows = read_csv(source)
        tables[source.name] = (header, [within(row) for row in rows if kept(row)])
    return tables


BASE = three_municipality_region()

# --------------------------------------------------------------------------------------------
# Mutations within the declared rules

NAME_CHARACTERS = st.sampled_from(list("abcXYZ éë'&<>[]()!#*_`|:/-.;=@0123456789"))
region_names = st.text(NAME_CHARACTERS, min_size=1, max_size=60).map(str.strip).filter(bool)


def maybe(strategy, original):
    """Mostly a new value, sometimes the original: small mutations."""
    return st.one_of(st.just(original), strategy)


@st.composite
def municipality(draw, row: dict[str, str]) -> dict[str, str]:
    inwoners = draw(maybe(st.integers(1, 2_000_000), int(row["inwoners"])))
    huishoudens = draw(st.integers(1, inwoners)) if draw(st.booleans()) else min(int(row["huishoudens"]), inwoners)
    return dict(
        row,
        inwoners=str(inwoners),
        huishoudens=str(huishoudens),
        woningvoorraad=str(draw(maybe(st.integers(1, 2_000_000), int(row["woningvoorraad"])))),
        inwoners_65plus=str(draw(st.integers(0, inwoners)) if draw(st.booleans())
                            else min(int(row["inwoners_65plus"]), inwoners)),
        corporatie_aandeel=str(draw(maybe(st.sampled_from([0.0, 0.001, 0.5, 0.999, 1.0]),
                                          float(row["corporatie_aandeel"])))),
    )


STOCKS = ("inwoners", "huishoudens", "corporatiewoningen", "woningvoorraad")  # national totals
FLOWS = ("vrijgekomen_corporatiewoningen", "dakloze_personen_18_65", "taakstelling_statushouders",
         "verhuurd_aan_statushouders")  # national figures that are part of a total


@st.composite
def mutations(draw) -> dict:
    """What to change in the three-municipality region (shown by Hypothesis when a run fails)."""
    gemeenten = BASE["gemeenten.csv"][1]
    stock = draw(st.sampled_from([1.0, 0.5, 2.0, 50.0]))
    flow = draw(st.sampled_from([1.0, 1e-6, 1e-3, 0.5, 2.0]))
    return {
        "gemeenten": [draw(municipality(row)) for row in gemeenten],
        "regio_naam": draw(maybe(region_names, None)),
        "centrumgemeenten": draw(st.lists(st.booleans(), min_size=len(CODES), max_size=len(CODES))),
        "landelijk": {**{i: stock for i in STOCKS}, **{i: flow for i in FLOWS}},
        "aannames": {
            "personen_per_woning_statushouders": draw(maybe(st.sampled_from([0.01, 1.0, 7.5, 1000.0]), None)),
            "woningen_per_dakloze": draw(maybe(st.sampled_from([0.001, 0.5, 1.0, 1000.0]), None)),
            "aandeel_verhuringen_voorrang": draw(maybe(st.sampled_from([0.0, 0.05, 0.5, 1.0]), None)),
            "aandeel_verhuringen_statushouders": draw(maybe(st.sampled_from([0.0, 0.05, 0.5, 1.0]), None)),
        },
        "zonder_zelfscan": draw(st.booleans()),  # a region that has not done the zelfscan yet
    }


def mutated(mutation: dict) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    tables = {name: (header, [dict(row) for row in rows]) for name, (header, rows) in BASE.items()}
    header, _ = tables["gemeenten.csv"]
    tables["gemeenten.csv"] = (header, mutation["gemeenten"])
    header, rows = tables["regio-indeling.csv"]
    tables["regio-indeling.csv"] = (header, [
        dict(row, regio_naam=mutation["regio_naam"] or row["regio_naam"], centrumgemeente="ja" if centrum or row["centrumgemeente"] == "ja" else "nee")  # sourced ones stay
        for row, centrum in zip(rows, mutation["centrumgemeenten"])])
    header, rows = tables["landelijke-cijfers.csv"]
    factors = mutation["landelijk"]
    tables["landelijke-cijfers.csv"] = (header, [
        dict(row, waarde=str(min(99_000_000, max(1, round(float(row["waarde"]) * factors.get(row["indicator"], 1.0))))))
        for row in rows])
    header, rows = tables["analyse-aannames.csv"]
    values = mutation["aannames"]
    tables["analyse-aannames.csv"] = (header, [dict(row, waarde=str(values[row["parameter"]]))
                                               if values.get(row["parameter"]) is not None else row for row in rows])
    if mutation["zonder_zelfscan"]:
        tables["zelfscan-antwoorden.csv"] = (tables["zelfscan-antwoorden.csv"][0], [])
    return tables


# --------------------------------------------------------------------------------------------
# Running a notebook's code as the notebook does


SHOWN: list[str] = []  # what the current run displayed, to look for figures that are no number
NOT_A_NUMBER = re.compile(r"(?<![\w&#-])(nan|inf|infinity)(?![\w-])", re.I)


def render(value) -> None:
    """Make every representation a notebook would show (HTML, Markdown, SVG, widget state)."""
    if value is None:
        return
    if hasattr(value, "_repr_mimebundle_"):
        bundle = value._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        SHOWN.extend(str(v) for v in (bundle or {}).values())
    for method in ("_repr_html_", "_repr_markdown_", "_repr_svg_"):
        if hasattr(value, method):
            SHOWN.append(str(getattr(value, method)()))
    SHOWN.append(repr(value))


def figures_that_are_no_number() -> list[str]:
    return sorted({text[max(0, m.start() - 60):m.end() + 20] for text in SHOWN for m in NOT_A_NUMBER.finditer(text)})


def run_notebook_code(notebook: Path, parameters: dict[str, object]) -> int:
    """Execute the notebook's code cells in one namespace, parameters injected; return the cells run."""
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    namespace: dict[str, object] = {"display": lambda *values, **_: [render(v) for v in values],
                                    "__name__": "__main__"}
    for number, cell in enumerate(cells):
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, f"{notebook.name}[{number}]", "exec"), namespace)
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            namespace.update(parameters)  # what papermill's injected cell does
        if last is not None:
            render(eval(compile(ast.Expression(last.value), f"{notebook.name}[{number}]", "eval"), namespace))
    return len(cells)


@pytest.fixture
def displays_rendered(monkeypatch):
    """``from IPython.display import display`` in a notebook renders instead of printing a repr."""
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda *values, **_: [render(v) for v in values])


def test_does_the_unmutated_region_pass_check_and_run_every_notebook(displays_rendered):
    with tempfile.TemporaryDirectory(prefix="woonzorg-prop-") as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        write_data(data_dir, BASE)
        dataset = wd.load_dataset(data_dir)
        assert set(dataset.regio_indeling["gemeentecode"]) == set(CODES)
        assert len(NOTEBOOKS) == 4
        SHOWN.clear()
        for notebook in NOTEBOOKS:
            assert run_notebook_code(notebook, {"regio": REGIO, "data_dir": str(data_dir)}) > 5
        assert len(SHOWN) > 100 and figures_that_are_no_number() == []


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutation=mutations())
def test_does_every_dataset_that_passes_check_run_every_theme(displays_rendered, mutation):
    tables = mutated(mutation)
    with tempfile.TemporaryDirectory(prefix="woonzorg-prop-") as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        write_data(data_dir, tables)
        wd.load_dataset(data_dir)  # the generator stays inside the rules: check must accept it
        SHOWN.clear()
        for notebook in NOTEBOOKS:
            run_notebook_code(notebook, {"regio": REGIO, "data_dir": str(data_dir)})
        assert figures_that_are_no_number() == []


def test_is_a_priority_share_of_zero_shown_as_a_number(displays_rendered):
    base = BASE["gemeenten.csv"][1]
    mutation = {"gemeenten": base, "regio_naam": None, "centrumgemeenten": [True, False, False],
                "landelijk": {}, "zonder_zelfscan": False,
                "aannames": {"aandeel_verhuringen_voorrang": 0.0, "aandeel_verhuringen_statushouders": 0.0}}
    with tempfile.TemporaryDirectory(prefix="woonzorg-prop-") as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        write_data(data_dir, mutated(mutation))
        wd.load_dataset(data_dir)
        SHOWN.clear()
        run_notebook_code(paths.notebooks_dir() / "1_woonzorganalyse.ipynb", {"regio": REGIO, "data_dir": str(data_dir)})
        assert figures_that_are_no_number() == []
