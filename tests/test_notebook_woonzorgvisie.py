"""The woonzorgvisie notebook: clean in git, and built for all six koploper regions in one build call,
with the guide's figures equal to the woonzorganalyse for the same parameters.
"""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from woonzorg import analyse, paths, regions, visie
from woonzorg.dutch import number
from woonzorg import data as wd

NOTEBOOK = paths.PROJECT_ROOT / "notebooks" / "3_woonzorgvisie.ipynb"
KOPLOPERS = ["enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"]
HEADINGS = ("Inleiding", "Wat hoort in een woonzorgvisie", "Lokaal en regionaal",
            "Van woonzorgvisie naar volkshuisvestingsprogramma", "In het kort",
            "Bouwstenen en hun status", "Opgave per gemeente tot 2030", "Keuzes en hun gevolgen",
            "Van analyse naar afspraken", "Concepttekst", "Monitoring", "Valkuilen", "Gespreksvragen",
            "Bronnen en verantwoording")


def test_notebook_is_stripped_with_typed_parameters_and_workbook_only_tasks():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code")
    (parameters,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    for line in ('regio: str = "parkstad"', "peiljaar: int = 0", "doeljaar: int = 2030",
                 'verdeelsleutel: str = "inwoners"', "ambitie: float = 1.0", 'variant: str = "werkboek"',
                 'data_dir: str = ""'):
        assert line in parameters.source
    werkboek = [c for c in nb.cells if "werkboek-only" in c.metadata.get("tags", [])]
    assert any(c.source.startswith("## Opdrachten") for c in werkboek)
    assert any("scenario_controls" in c.source for c in werkboek)
    # the figures come from the library, never from another notebook's output
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert ".ipynb" not in code and ".html" not in code and "visie.woonzorgvisie(" in code


def _table(page: str, caption_start: str) -> tuple[list[list[str]], list[str]]:
    m = re.search(r"<table class=\"wz-table\"><caption>" + re.escape(html.escape(caption_start)) + r".*?</table>", page, re.S)
    assert m, caption_start
    def cells(row: str) -> list[str]:
        return [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]

    body = re.search(r"<tbody>(.*?)</tbody>", m.group(0), re.S).group(1)
    foot = re.search(r"<tfoot>(.*?)</tfoot>", m.group(0), re.S)
    return [cells(r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)], cells(foot.group(1)) if foot else []


def _number(text: str) -> float:
    return float(text.replace("+", "").replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def site(site_build):
    """The session build (conftest.py): its folder and its woonzorgvisie tasks."""
    report = site_build.of_theme("woonzorgvisie")
    assert report.ok and sorted(r.task.regio for r in report.results) == sorted(KOPLOPERS), report.summary()
    return site_build.out, report


@pytest.mark.notebook
def test_guides_for_all_regions_show_the_analysis_figures(site):
    """Does `woonzorg build --thema woonzorgvisie` write a guide per region whose targets match the woonzorganalyse?"""
    out, report = site
    gegevens = wd.load_dataset()
    names = {r.id: r.naam for r in regions.load_regions(gegevens).values()}
    for regio in KOPLOPERS:
        page = (out / regio / "woonzorgvisie.html").read_text(encoding="utf-8")
        assert '<html lang="nl">' in page
        assert f"<h1>Woonzorgvisie — {html.escape(names[regio])}</h1>" in page
        appendix = (out / regio / "woonzorgvisie-bijlagen.html").read_text(encoding="utf-8")
        for heading in HEADINGS:
            if heading == "Bronnen en verantwoording":  # an appendix, linked from the guide
                assert re.search(r'href="woonzorgvisie-bijlagen.html#(bijlage-\d+)">Bijlage \d+: Bronnen en verantwoording<', page)
            else:
                assert f">{html.escape(heading)}<" in page, (regio, heading)
        assert page.count("<img") >= 3 and page.count('alt="') >= page.count("<img")
        # code-free handout: no workbook-only cells, no code
        assert "Zelf kiezen" not in page and ">Opdrachten<" not in page and "visie.woonzorgvisie(" not in page
        assert "wz-oefenmateriaal" not in page and "De eigen stand van de bouwstenen" not in page  # shipped statuses are sourced

        # the figures: same parameters (the notebook's defaults) through the libraries themselves
        a = analyse.woonzorganalyse(gegevens, regio)
        v = visie.woonzorgvisie(gegevens, regio)
        g = v.per_gemeente().set_index("gemeente")
        shares = a.spreiding[a.spreiding["verdeelsleutel"] == "inwoners"].set_index("gemeente")["sleutelaandeel"]
        rows, totals = _table(page, f"Opgave per gemeente {a.peiljaar}–2030")
        assert totals[0] == f"Totaal {names[regio]}" and totals[3] == number(round(v.opgave_regio))
        assert {r[0] for r in rows} == set(shares.index)
        for r in rows:
            # its share of the region-wide need plus its own figures that are not shared out, in whole homes
            assert _number(r[3]) == g.at[r[0], "opgave_afgerond"], (regio, r)
            assert abs(_number(r[3]) - g.at[r[0], "opgave"]) <= 1
            assert r[1] == f"{number(100 * shares[r[0]], 1)}%"
        assert sum(_number(r[3]) for r in rows) == _number(totals[3])
        per_year, year_totals = _table(appendix, "Opgave per gemeente per jaar")
        assert year_totals[-1] == totals[3]
        yearly = v.opgave.groupby("jaar")["opgave"].sum().cumsum()
        assert [_number(x) for x in year_totals[1:-1]] == pytest.approx(
            [round(c) - round(p) for c, p in zip(yearly, [0.0, *yearly[:-1]])])
        kerncijfers = next(r.kerncijfers for r in report.results if r.task.regio == regio)
        # key figures as text with their completeness; the tekort only where the intervals fix its sign
        assert kerncijfers["opgave_tot_doeljaar"] == v.opgave_totaal().kort("woningen")
        assert kerncijfers["tekort_bij_ambitie"] == a.kerncijfers()["tekort_tekst"]
        # the draft text is the guide's appendix, with the same regional task
        concept = re.search(r'href="woonzorgvisie-bijlagen.html#(bijlage-\d+)">Bijlage \d+: Concept-woonzorgvisie '
                            + re.escape(html.escape(names[regio]))
                                + f" {a.peiljaar}–2030<", page)  # the horizon from the build year
        assert concept and f'<h2 id="{concept.group(1)}">' in appendix
        assert f"samen <strong>{number(round(v.opgave_regio))} woningen</strong>" in appendix


@pytest.mark.notebook
def test_draft_text_is_written_beside_each_guide(site):
    """Is handreikingen/<regio>/woonzorgvisie-concept.md written, with the figures of the guide?"""
    out, _ = site
    gegevens = wd.load_dataset()
    for regio in KOPLOPERS:
        concept = (out / regio / "woonzorgvisie-concept.md").read_text(encoding="utf-8")
        assert concept == visie.concept_tekst(visie.woonzorgvisie(gegevens, regio))
