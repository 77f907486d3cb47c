"""The woonzorganalyse notebook: clean in git, and built for all six regions with the library's figures."""

from __future__ import annotations

import re

import nbformat
import papermill
import pytest

from woonzorg import analyse, paths
from html import escape
from woonzorg.data import load_dataset

NOTEBOOK = paths.PROJECT_ROOT / "notebooks" / "1_woonzorganalyse.ipynb"
REGIOS = ["enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"]


def test_is_the_notebook_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_does_the_parameters_cell_declare_every_knob():
    declared = papermill.inspect_notebook(str(NOTEBOOK))
    assert {"regio", "peiljaar", "doeljaar", "verdeelsleutel", "mutatiegraad", "plafond_aandeel",
            "variant", "data_dir"} <= set(declared)
    assert declared["peiljaar"]["inferred_type_name"] == "int"


def test_are_widgets_and_assignments_only_in_the_workbook():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        text = cell.source
        if "scenario_controls" in text or text.startswith("## Opdrachten") or text.startswith("## Scenario"):
            assert "werkboek-only" in cell.metadata.get("tags", [])


def test_are_there_no_region_figures_in_the_notebook():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []))
    assert not re.search(r"\d{3,}", code)  # every figure comes from data/ through the library


@pytest.fixture(scope="module")
def built(site_build):
    """The session build (conftest.py): its folder and its woonzorganalyse tasks."""
    return site_build.out, site_build.of_theme("woonzorganalyse")


@pytest.mark.notebook
def test_is_the_guide_built_for_all_six_regions(built):
    out, report = built
    assert report.ok, report.summary()
    assert sorted(r.task.regio for r in report.results) == sorted(REGIOS)
    for regio in REGIOS:
        assert (out / regio / "woonzorganalyse.html").exists()


@pytest.mark.notebook
@pytest.mark.parametrize("regio", REGIOS)
def test_do_the_key_figures_in_the_html_equal_the_librarys(built, regio):
    """Recorded key figures are ranges with status, the same as the page's "In het kort"."""
    out, report = built
    result = analyse.woonzorganalyse(load_dataset(), regio)
    k = analyse.site_kerncijfers(result)
    recorded = next(r.kerncijfers for r in report.results if r.task.regio == regio)
    assert recorded == k
    assert set(analyse.THEME.headline_figures) <= set(recorded) and len(analyse.THEME.headline_figures) <= 4
    assert re.search(r"\((schatting|waargenomen|deels waargenomen)\)$", recorded["instroom_statushouders"])
    html = (out / regio / "woonzorganalyse.html").read_text(encoding="utf-8")
    kort = html[html.index('<h2 id="In-het-kort"'):html.index('<h2 id="Inleiding"')]
    for name in ("groepen_inventaris", "instroom_statushouders", "aanbod_bereik", "controles_gemarkeerd"):
        assert f"<strong>{escape(k[name])}</strong>" in kort
    assert kort.count('<figure class="wz-chart">') == 1 and "<ul>" in kort
    assert f"Woonzorganalyse {result.regio.naam}" in html


@pytest.mark.notebook
def test_does_the_handout_show_the_default_scenario_without_widgets_or_assignments(built):
    out, _ = built
    html = (out / "parkstad" / "woonzorganalyse.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget" not in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="../assets/zoekindex.js" defer>',
                                                  '<script src="../assets/zoeken.js" defer>']  # the site's search only
    assert "Opdrachten" not in html and "scenario_controls" not in html
    for heading in ("In het kort", "Inleiding", "Stappenplan", "Regioprofiel", "Wat weten we per aandachtsgroep?",
                    "Vraag per aandachtsgroep", "Aanbod", "Controle met waarnemingen", "Druk",
                    "Spreiding en evenredige verdeling", "Prognose tot 2030", "Wat betekent dit?", "Valkuilen",
                    "Gespreksvragen", "Bronnen en verantwoording"):
        assert f">{heading}<" in html or f">{heading}<a" in html or heading in html
    assert html.count('<figure class="wz-chart">') == 6  # five charts and the map of the druk per gemeente
    assert len(re.findall(r'<img [^>]*alt="[^"]{40,}"', html)) == 6
    assert 'alt="Kaart van 7 gemeenten: Druk op het vrijkomende aanbod per gemeente' in html
    assert "schatting" in html and "onbekend" in html and "Heerlen" in html
    # the tables per municipality, the check against observations and the sources are appendices
    appendix = (out / "parkstad" / "woonzorganalyse-bijlagen.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="woonzorganalyse-bijlagen.html#(bijlage-\d+)">Bijlage \d+: ([^<]+)</a>', html)
    assert [t for _, t in links][-1] == "Bronnen en verantwoording"
    assert all(f'<h2 id="{anchor}">' in appendix for anchor, _ in links)
    assert "<caption>Vraag per aandachtsgroep, " in appendix and "onbekend" in appendix


@pytest.mark.notebook
def test_does_the_mra_guide_flag_the_modelled_supply_against_amsterdams_lettings(built):
    out, _ = built
    html = (out / "mra" / "woonzorganalyse.html").read_text(encoding="utf-8")
    section = html[html.index('<h2 id="Controle-met-waarnemingen"'):html.index('<h2 id="Druk"')]
    assert "Amsterdam" in section and "9.500" in section and "ja ⚠" in section  # AFWC 2022, current lettings
    assert "centrumregio Almere" in html.replace("Centrumregio", "centrumregio") or "Almere" in html
