"""The adversarial repro of issue 33: small counts of persons in other units and at the centrumregio leave no trace.

Four valid rows are appended to a copy of ``data/waarnemingen.csv`` — homeless adults in Losser
("volwassenen"), the student housing shortfall of Hengelo ("studenten"), Dinkelland's statushouders
task for 2024-H1 ("personen") and the centrumregio Enschede's people ready to leave the shelter — and
after them every indicator the catalogue declares a count of persons, at every level (gemeente Borne,
centrumregio Enschede, the region, Overijssel, the country), once with the values (3, 5, 4, 4) and
once with (8, 9, 8, 9), cycled. Every file of the Enschede guides (HTML, notebook,
CSV, Excel, search index, facilitator pages) must be byte for byte the same; the build record, which
hashes the data rows to decide what to rebuild, is left out (it is no page). In the notebooks, what differs
between any two runs of the same notebook (execution times, cell ids, widget model ids, object addresses:
issue 33 item 13) is left out; every other byte must be the same. A build with a value of 12 shows it, so
the rows do reach the guides.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from woonzorg import paths, tijdvak
from woonzorg.present import disclosure
from woonzorg.publish import build

pytestmark = pytest.mark.notebook

ROWS = [  # indicator, groep, niveau, gebiedscode, gebied, gemeentecode, eenheid, periode, jaar
    ("daklozen_geregistreerd", "dakthuisloos", "gemeente", "GM0168", "Losser", "GM0168", "volwassenen", "2025", "2025"),
    ("tekort_studentenhuisvesting", "studenten", "gemeente", "GM0164", "Hengelo (O.)", "GM0164", "studenten", "2025",
     "2025"),
    ("taakstelling_vergunninghouders", "statushouders", "gemeente", "GM1774", "Dinkelland", "GM1774", "personen",
     "2024-H1", "2024"),
    ("opvang_uitstroomklaar", "uitstroom", "centrumregio", "GM0153", "Centrumregio Enschede", "", "personen",
     "peildatum 2025-01-01", "2025"),
]
LEVELS = [("gemeente", "GM0147", "Borne", "GM0147"), ("centrumregio", "GM0153", "Centrumregio Enschede", ""),
          ("regio", "enschede", "Regio Enschede", ""), ("provincie", "Overijssel", "Overijssel", ""),
          ("land", "NL", "Nederland", "")]


def catalogue_rows() -> list[tuple]:
    """Every indicator the catalogue declares a count of persons, at every level, in its own unit."""
    with (paths.PROJECT_ROOT / "data" / "indicatoren.csv").open(encoding="utf-8", newline="") as handle:
        declared = [r for r in csv.DictReader(handle) if r["persoonsaantal"] == "ja"]
    assert len(declared) > 40
    return [(r["indicator"], r["groep"], niveau, code, gebied, gm, r["eenheid"], "2026", "2026")
            for r in declared for niveau, code, gebied, gm in LEVELS]


BUILD_RECORD = re.compile(r"(^|/)\.woonzorg-build")
RUN_NOISE = re.compile(rb'"model_id": "[0-9a-f]{32}"| at 0x[0-9a-f]+')


def without_run_noise(content: bytes) -> bytes:
    """A notebook without what differs between two runs of the same notebook on the same data."""
    nb = json.loads(content)
    nb["metadata"].pop("papermill", None)
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        cell.pop("id", None)
        cell["metadata"].pop("execution", None)
        cell["metadata"].pop("papermill", None)
    return RUN_NOISE.sub(b"", json.dumps(nb, sort_keys=True).encode())


def _tijdvak(periode: str) -> str:
    """The structured period of a planted row (``peildatum 2025-01-01`` is the moment 2025-01-01)."""
    found = tijdvak.lees(periode.removeprefix("peildatum "))
    return found.code if found else ""


def plant(data_dir: Path, values) -> None:
    """The issue's four rows with ``values``, then every declared indicator at every level, cycling ``values``."""
    target = data_dir / "waarnemingen.csv"
    rows = ROWS + catalogue_rows()
    text = target.read_text(encoding="utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [i, g, n, code, gebied, gm, str(values[k % len(values)]), "", unit, periode,
         _tijdvak(periode), jaar, "proef", ""]
        for k, (i, g, n, code, gebied, gm, unit, periode, jaar) in enumerate(rows))
    target.write_text(text + ("" if text.endswith("\n") else "\n") + buffer.getvalue(), encoding="utf-8")


def files_of(out: Path) -> dict[str, bytes]:
    found = {}
    for folder in (out, paths.facilitator_dir(out)):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = str(path.relative_to(folder.parent))
            if not BUILD_RECORD.search(name) and ".lock" not in name:
                content = path.read_bytes()
                found[name] = without_run_noise(content) if path.suffix == ".ipynb" else content
    return found


def built(tmp_path: Path, name: str, values) -> dict[str, bytes]:
    import shutil

    data_dir = tmp_path / "data"  # one folder: its path is a parameter the notebooks show
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.copytree(paths.PROJECT_ROOT / "data", data_dir)
    plant(data_dir, values)
    out = tmp_path / name / "handreikingen"
    report = build(regios=["enschede"], data_dir=data_dir, out_dir=out, workers=1)
    assert report.ok, report.summary()
    assert disclosure.check_published(out) == []
    return files_of(out)


def test_are_the_enschede_guides_the_same_for_small_counts_in_any_unit_and_level(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # one build date for the builds compared
    low = built(tmp_path, "laag", (3, 5, 4, 4))
    high = built(tmp_path, "hoog", (8, 9, 8, 9))
    assert len(low) > 40 and set(low) == set(high)
    differ = sorted(name for name in low if low[name] != high[name])
    assert differ == [], f"{len(differ)} van {len(low)} bestanden verschillen: {differ[:10]}"
    shown = built(tmp_path, "getoond", (12, 12, 12, 12))
    assert any(shown[name] != low[name] for name in low)


def test_does_a_guide_that_shows_a_raw_small_count_fail_and_keep_the_old_one(tmp_path, data_copy):
    """The build checks every page before it writes it: a notebook that prints a person count of 3 unsuppressed
    (as a view that skipped the suppression step would) fails, the guide built before stays, the command exits 1."""
    from test_build_incremental import inwoners_notebook

    notebooks = tmp_path / "notebooks"
    shown = ("from woonzorg.present.tables import Table\nimport pandas as pd\n"
             "display(Table(pd.DataFrame({'Gemeente': ['A', 'B'], 'Daklozen': ['COUNT', '40']}), caption='Proef', "
             "bron='proef', persons=['Daklozen']))")
    inwoners_notebook(notebooks, extra=shown.replace("COUNT", "12"))
    out = tmp_path / "uit"
    options = dict(regios=["enschede"], notebooks=notebooks, data_dir=data_copy, out_dir=out, workers=1)
    assert build(**options).ok
    guide = out / "enschede" / "proef.html"
    before = guide.read_bytes()
    inwoners_notebook(notebooks, extra=shown.replace("COUNT", "3"))
    report = build(**options)
    assert not report.ok
    failure = next(r for r in report.results if r.task.thema == "proef")
    assert failure.status == "mislukt" and "klein aantal personen zichtbaar" in failure.error and "'3'" in failure.error
    assert guide.read_bytes() == before
    assert disclosure.check_published(out) == []
