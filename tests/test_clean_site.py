"""The published folder holds only what a reader may see: no hidden file, no developer README, no path of
the build machine; the build's records live beside it."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from woonzorg import paths
from woonzorg.publish import build
from woonzorg.publish.plan import PlanError

ABSOLUTE = re.compile(rb"(?<![\w.:/-])/(?:tmp|home|root|work|srv|opt|usr|var|Users)/[\w.-]+")
OBJECT_REPR = re.compile(rb"<[\w.]+ (?:object )?at 0x[0-9a-f]+>")


def _contents(path: Path) -> list[tuple[str, bytes]]:
    """The bytes a reader gets: the file, or each member of an Excel or Word file (zip archives)."""
    if path.suffix in {".xlsx", ".docx"}:
        with zipfile.ZipFile(path) as archive:
            return [(f"{path}:{name}", archive.read(name)) for name in archive.namelist()]
    return [(str(path), path.read_bytes())]


@pytest.mark.notebook
def test_does_the_published_folder_hold_only_what_a_reader_may_see(built_site):
    files = [p for p in built_site.rglob("*") if p.is_file()]
    assert len(files) > 100
    assert [p for p in files if any(part.startswith(".") for part in p.relative_to(built_site).parts)] == []
    assert [p for p in files if p.name.lower().startswith("readme")] == []
    machine = [os.fsencode(str(built_site)), os.fsencode(str(paths.PROJECT_ROOT)), os.fsencode(os.path.expanduser("~"))]
    found = []
    for path in files:
        for where, data in _contents(path):
            if any(m in data for m in machine) or ABSOLUTE.search(data) or OBJECT_REPR.search(data):
                hit = (ABSOLUTE.search(data) or OBJECT_REPR.search(data))
                found.append(f"{where}: {hit.group(0) if hit else 'a folder of this machine'}")
    assert found == []
    for page in built_site.rglob("*.html"):  # the icon is in the page: no request for /favicon.ico, no 404
        assert '<link rel="icon" href="data:image/svg+xml,' in page.read_text(encoding="utf-8"), page
    for workbook in built_site.glob("*/*.ipynb"):
        nb = json.loads(workbook.read_text(encoding="utf-8"))
        assert "papermill" not in nb["metadata"] and not any("execution" in c["metadata"] for c in nb["cells"])
    records = paths.records_dir(built_site)
    assert json.loads((records / paths.MANIFEST_NAME).read_text(encoding="utf-8"))["taken"]


def test_is_an_output_folder_without_a_parent_refused_in_dutch():
    with pytest.raises(PlanError, match="hoofdmap van het bestandssysteem"):
        build(out_dir="/", regios=["parkstad"], themas=["regioprofiel"])
    assert not Path("/-begeleiders").exists() and not Path("/-bouw").exists()


def test_do_the_build_records_of_an_older_site_move_beside_it(tmp_path):
    """A site built when the manifest and lock were hidden files in it: its records move out, so the next
    build still skips what is unchanged."""
    from woonzorg.publish.cache import Manifest

    out = tmp_path / "site"
    out.mkdir()
    (out / paths.OLD_MANIFEST_NAME).write_text('{"versie": 1, "taken": {\n"parkstad/lek": {"regio": "parkstad"}\n}}\n',
                                              encoding="utf-8")
    (out / ".woonzorg-build.lock").write_text("", encoding="utf-8")
    manifest = Manifest(out)
    assert manifest.tasks == {"parkstad/lek": {"regio": "parkstad"}}
    assert sorted(p.name for p in out.iterdir()) == []
    assert (tmp_path / "site-bouw" / paths.MANIFEST_NAME).exists()


def test_does_a_workbooks_date_field_propose_the_build_day_under_a_fixed_source_date_epoch(monkeypatch):
    """The session form's DatePicker proposed date.today(): a build under a fixed SOURCE_DATE_EPOCH differed
    from one day to the next."""
    import datetime as dt

    from woonzorg import clock
    from woonzorg.leerkring import controls

    assert clock.today({"SOURCE_DATE_EPOCH": "1735689600"}) == dt.date(2025, 1, 1)
    assert clock.today({"SOURCE_DATE_EPOCH": ""}) == dt.date.today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    form = controls.sessie_formulier("parkstad", "regioprofiel")
    pickers = [w for w in _widgets(form) if type(w).__name__ == "DatePicker"]
    assert pickers and {p.value for p in pickers} == {dt.date(2025, 1, 1)}


def _widgets(widget) -> list:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _widgets(child)
    return found


def test_does_no_source_line_on_a_reader_page_name_a_data_file(built_site):
    """A table's or chart's source line tells the reader where a figure comes from (a register, a
    monitor, the region's own zelfscan), not which file of the data folder holds it."""
    from woonzorg.data import schemas

    files = {schema.file for schema in schemas().values()}
    named = []
    for page in built_site.rglob("*.html"):
        for line in re.findall(r'Bron: ([^<]*)', page.read_text(encoding="utf-8")):
            named += [(page.relative_to(built_site).as_posix(), f) for f in files if f in line]
    assert named == []
