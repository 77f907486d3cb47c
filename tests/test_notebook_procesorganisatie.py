"""The procesorganisatie notebook: clean in git, and built for all six koploper regions plus a region
without process data, with a round saved through the library appearing in the next build.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

from woonzorg import data as wd
from woonzorg import paths, proces, regions
from woonzorg.publish import build

NOTEBOOK = paths.PROJECT_ROOT / "notebooks" / "2_procesorganisatie.ipynb"
KOPLOPERS = ["enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"]


def test_notebook_is_stripped_and_has_one_parameters_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    source = parameters[0].source
    for line in ('regio: str = "parkstad"', 'data_dir: str = ""', 'variant: str = "werkboek"'):
        assert line in source
    assert all("#" in line for line in source.splitlines() if line.strip())  # every default is commented
    werkboek = [c for c in nb.cells if "werkboek-only" in c.metadata.get("tags", [])]
    assert any("zelfscan_formulier" in c.source for c in werkboek)
    assert any("## Opdrachten" in c.source for c in werkboek)


def _section(page: str, start: str, end: str) -> str:
    return page[page.index(start): page.index(end, page.index(start))]


def _scores_table(page: str) -> dict[str, str]:
    table = re.search(r'<table class="wz-table"><caption>Score per dimensie.*?</table>', page, re.S).group(0)
    return {html.unescape(name): score for name, score in
            re.findall(r'<th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', table)}


@pytest.mark.notebook
def test_build_all_regions_shows_a_saved_round(data_copy: Path, tmp_path: Path):
    """Does `woonzorg build --thema procesorganisatie` write a guide per region, showing a just-saved round?"""
    # A round saved through the library, as the workbook button does: distinct scores per dimension.
    per_dimensie = {"eigenaarschap": 4, "gedeelde-agenda": 1, "governance": 3, "data-en-monitoring": 2,
                    "financiering-en-ontschotting": 1, "participatie-en-ervaringsdeskundigheid": 2,
                    "verbinding-wonen-zorg-welzijn": 4}

    st = wd.read_table(data_copy / "zelfscan-stellingen.csv", proces.STELLINGEN)
    scores = {s: per_dimensie[d] for s, d in zip(st["stelling"], st["dimensie"])}
    scores["gov-1"] = 4  # governance becomes (4 + 3 + 3) / 3 = 3.3
    saved = proces.save_zelfscan("parkstad", scores, respondentgroep="Leerkring <Parkstad> & partners",
                                 datum="2026-03-12", data_dir=data_copy)
    # A region added later, without any process data.
    regions.add_region(data_copy, "wadden", "Waddeneilanden", ["GM0060", "GM0088"])

    out = tmp_path / "site"
    report = build(regios=KOPLOPERS + ["wadden"], themas=["procesorganisatie"], data_dir=data_copy,
                   out_dir=out, workers=1)
    assert report.ok, report.summary()

    names = {r.id: r.naam for r in regions.load_regions(wd.load_dataset(data_copy)).values()}
    for regio in KOPLOPERS:
        page = (out / regio / "procesorganisatie.html").read_text(encoding="utf-8")
        assert '<html lang="nl">' in page
        assert f"Regionale procesorganisatie — {html.escape(names[regio])}" in page
        for heading in ("Waarom procesorganisatie", "Actoren en rollen", "Zelfscan", "Agenda en mijlpalen",
                        "Gespreksvragen", "Bronnen en verantwoording"):
            assert heading in page, (regio, heading)
        assert page.count("<img") >= 4 and page.count('alt="') >= page.count("<img")
        # workbook-only cells are not in the handout
        assert "Antwoorden opslaan" not in page and "## Opdrachten" not in page and ">Opdrachten<" not in page
        # the comparison names no other region
        comparison = _section(page, "Vergelijking met de andere koploperregio", "Agenda en mijlpalen")
        for other, naam in names.items():
            if other != regio:
                assert html.escape(naam) not in comparison, (regio, naam)
        if regio != "parkstad":  # example answers only in the marked practice section (issue 15)
            assert "nog niet zelf ingevuld" in page and "Oefenmateriaal — verzonnen voorbeeld" in page
            other = next(r.kerncijfers for r in report.results if r.task.regio == regio)
            assert not [k for k in other if k.startswith("zelfscan")]

    parkstad = (out / "parkstad" / "procesorganisatie.html").read_text(encoding="utf-8")
    assert "nog niet zelf ingevuld" not in parkstad
    assert f"Ronde {saved.ronde}, ingevuld op 2026-03-12" in parkstad
    assert "Leerkring &lt;Parkstad&gt; &amp; partners" in parkstad
    assert _scores_table(parkstad) == {
        "Eigenaarschap": "4,0", "Gedeelde agenda": "1,0", "Governance": "3,3", "Data en monitoring": "2,0",
        "Financiering en ontschotting": "1,0", "Participatie en ervaringsdeskundigheid": "2,0",
        "Verbinding wonen–zorg–welzijn": "4,0", "Gemiddeld": "2,5",  # (4+1+3,33+2+1+2+4)/7
    }
    kerncijfers = next(r.kerncijfers for r in report.results if r.task.regio == "parkstad")
    assert kerncijfers["zelfscan_ronde"] == saved.ronde and "zelfscan_voorbeeld" not in kerncijfers
    assert kerncijfers["zelfscan_governance"] == pytest.approx(3.33)

    wadden = (out / "wadden" / "procesorganisatie.html").read_text(encoding="utf-8")
    assert "Nog geen actoren voor Waddeneilanden" in wadden
    assert "data/proces-actoren.csv" in wadden
