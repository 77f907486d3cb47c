"""Does a small count of persons leave no trace? Planted values 0–9 give the same outputs, whatever unit and level.

Whether a figure counts persons is declared per indicator in the catalogue (``persoonsaantal``), not read
from its unit's spelling. These tests plant, for every such indicator, an observation at every level the
catalogue allows (gemeente, centrumregio, regio, provincie, land) in a three-municipality region, run the
code of every theme notebook on it (as ``test_checked_data_builds`` does, without a kernel) and compare
everything shown: it must be byte for byte the same for every value from 0 to 9, and differ for values of
10 and more (so the planted figures do reach the pages).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

import test_checked_data_builds as notebook_runner
from test_checked_data_builds import BASE, CODES, NOTEBOOKS, REGIO, run_notebook_code, write_data
from test_checked_data_builds import displays_rendered  # noqa: F401  (a fixture these tests use)

from woonzorg import data as wd
from woonzorg.present import disclosure

pytestmark = pytest.mark.notebook  # runs every notebook's code (without a kernel)

GEMEENTE, CENTRUMGEMEENTE = CODES[2], CODES[0]  # Dinkelland; Enschede, centrumgemeente of its centrumregio
PERIODE, JAAR = "2024-H1", 2026  # a half-year with a national task (the taakstelling check); the latest year
ADDRESS = re.compile(r" at 0x[0-9a-f]+|(?<=model_id': ')[0-9a-f]{32}")  # differ from run to run anyway


def person_indicators() -> list[dict[str, str]]:
    header, rows = BASE["indicatoren.csv"]
    assert "persoonsaantal" in header
    return [row for row in rows if row["persoonsaantal"] == "ja"]


def levels() -> dict[str, tuple[str, str, str]]:
    """niveau → (gebiedscode, gebied, gemeentecode) for the cut-down region."""
    provincie = next(r["provincie"] for r in BASE["gemeenten.csv"][1] if r["gemeentecode"] == GEMEENTE)
    return {"gemeente": (GEMEENTE, "Dinkelland", GEMEENTE),
            "centrumregio": (CENTRUMGEMEENTE, "Centrumregio Enschede", ""),
            "regio": (REGIO, "Regio Twente", ""), "provincie": (provincie, provincie, ""),
            "land": ("NL", "Nederland", "")}


def planted(values) -> dict:
    """The region's tables with one observation per person-count indicator and level, valued by ``values(i)``."""
    tables = {name: (header, [dict(row) for row in rows]) for name, (header, rows) in BASE.items()}
    header, rows = tables["waarnemingen.csv"]
    n = 0
    for indicator in person_indicators():
        for niveau, (code, gebied, gemeentecode) in levels().items():
            rows.append({**{c: "" for c in header}, "indicator": indicator["indicator"], "groep": indicator["groep"],
                         "niveau": niveau, "gebiedscode": code, "gebied": gebied, "gemeentecode": gemeentecode,
                         "waarde": str(values(n)), "eenheid": indicator["eenheid"], "periode": PERIODE,
                         "jaar": str(JAAR), "bron": "proef", "opmerking": ""})
            n += 1
    return tables


def shown_for(values) -> list[str]:
    """Everything the four notebooks display for the planted region, object addresses left out."""
    with tempfile.TemporaryDirectory(prefix="woonzorg-privacy-") as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        write_data(data_dir, planted(values))
        wd.load_dataset(data_dir)  # the planted rows pass check
        notebook_runner.SHOWN.clear()
        for notebook in NOTEBOOKS:
            run_notebook_code(notebook, {"regio": REGIO, "data_dir": str(data_dir)})
        return [ADDRESS.sub("", text.replace(str(data_dir), "DATA")) for text in notebook_runner.SHOWN]


def test_does_the_catalogue_declare_counts_of_persons_whatever_their_unit():
    declared = {row["indicator"]: row["eenheid"] for row in person_indicators()}
    # the units of the adversarial run: volwassenen (in waarnemingen), studenten, personen, huishoudens
    assert {"daklozen_geregistreerd", "tekort_studentenhuisvesting", "taakstelling_vergunninghouders",
            "opvang_uitstroomklaar", "urgenten_wachtend", "gehuisvest_vergunninghouders"} <= set(declared)
    assert {"studenten", "personen", "huishoudens", "gezinnen"} <= set(declared.values())
    assert "woonwagenstandplaatsen" not in declared and "aandeel_verhuringen_voorrang" not in declared


def test_are_all_outputs_the_same_for_every_small_value(displays_rendered):  # noqa: F811 (the fixture)
    first = shown_for(lambda n: 0)
    assert len(first) > 100
    for value in range(1, 10):
        shown = shown_for(lambda n: value)
        assert len(shown) == len(first)
        differ = [(a[:3000], b[:3000]) for a, b in zip(first, shown) if a != b]
        assert not differ, f"een geplant aantal {value} is te zien: {differ[:1]}"
    # mixed small values, as in the adversarial run (3, 5, 4) against (8, 9, 8)
    assert shown_for(lambda n: (3, 5, 4)[n % 3]) == first
    assert shown_for(lambda n: (8, 9, 8)[n % 3]) == first
    # the control: values of 10 and more are published, so the planted rows do reach the pages
    assert shown_for(lambda n: 12) != shown_for(lambda n: 13)


def test_does_every_planted_figure_reach_the_table_of_observations(displays_rendered):  # noqa: F811
    text = "\n".join(shown_for(lambda n: 4))
    for indicator in person_indicators():
        assert indicator["indicator"].replace("_", " ") in text
    # the region's own levels (gemeente, centrumregio, regio) are listed, each as a marked "<10"
    assert text.count("data-wz-personen>&lt;10<") >= 3 * len(person_indicators())
    assert disclosure.check_html(text) == []
