"""The build chain end to end: papermill → nbconvert → published guides, and what happens on failure."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from woonzorg import cli, data, paths, regions
from woonzorg.present import charts
from woonzorg.publish import build
from woonzorg.publish.plan import PlanError, theme_name

pytestmark = pytest.mark.notebook


def write_notebook(folder: Path, name: str, *cells) -> Path:
    nb = new_notebook(cells=list(cells), metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                   "language": "python"}})
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def parameters_cell(source: str = 'regio: str = "parkstad"  # regio-id'):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


def test_theme_name_drops_the_number_prefix():
    assert theme_name(Path("1_woonzorganalyse.ipynb")) == "woonzorganalyse"
    assert theme_name(Path("regioprofiel.ipynb")) == "regioprofiel"


@pytest.fixture(scope="module")
def regioprofielen(site_build):
    """The session build (conftest.py): its folder and its regioprofiel tasks."""
    report = site_build.of_theme("regioprofiel")
    assert report.ok, report.summary()
    return site_build.out, report


def test_every_region_gets_a_regioprofiel_with_its_municipalities_and_total(regioprofielen):
    out, report = regioprofielen
    dataset = data.load_dataset()
    g = dataset.gemeenten.set_index("gemeentecode")
    assert len(report.results) == 6
    for region in regions.load_regions(dataset).values():
        page = (out / region.id / "regioprofiel.html").read_text(encoding="utf-8")
        assert '<html lang="nl">' in page
        for code in region.gemeentecodes:
            assert f">{code}<" in page
            assert g.loc[code, "gemeente"] in html.unescape(page), (region.id, code)
        total = int(g.loc[list(region.gemeentecodes), "inwoners"].sum())
        assert f"<strong>{charts.dutch_number(total)}</strong> inwoners" in page
        assert re.search(rf'<td class="num">{re.escape(charts.dutch_number(total))}</td>', page)
        assert (out / region.id / "regioprofiel.ipynb").exists()


def test_guides_show_sources_and_request_nothing_from_other_hosts(regioprofielen):
    out, _ = regioprofielen
    page = (out / "parkstad" / "regioprofiel.html").read_text(encoding="utf-8")
    assert "CBS, Kerncijfers wijken en buurten 2024 (85984NED)" in page
    assert "Content-Security-Policy" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    # the only scripts: the site's own search, from the site's folder (issue 32: search on every page)
    assert re.findall(r"<script[^>]*>", page) == ['<script src="../assets/zoekindex.js" defer>',
                                                  '<script src="../assets/zoeken.js" defer>']
    bars, kaart = re.findall(r"<img [^>]+>", page)  # the inhabitants chart and the map, both inline SVG
    assert all('src="data:image/svg+xml;base64,' in img for img in (bars, kaart))
    assert re.search(r'alt="Staafdiagram[^"]+Heerlen met 87.461 inwoners', bars)
    assert 'alt="Kaart van 7 gemeenten: Inwoners per gemeente' in kaart
    assert "regio = parkstad" in page  # the metadata block states the parameters


def test_every_scrolling_region_of_every_page_has_a_name_of_its_own(site_build):
    # a screen reader lists role="region" boxes by name: two with one name, or a generic one, say nothing
    facilitator = list(paths.facilitator_dir(site_build.out).rglob("*.html"))
    pages = [*site_build.out.rglob("*.html"), *facilitator]
    assert len(facilitator) >= 24 and len(pages) >= 99  # every guide's facilitator page, and the site
    problems = []
    for page in pages:
        labels = re.findall(r'role="region"[^>]*aria-label="([^"]*)"', page.read_text(encoding="utf-8"))
        problems += [(page.name, label) for label in labels if labels.count(label) > 1 or label in ("Tabel", "Grafiek")]
    assert problems == []


def test_an_estimate_is_labelled_on_the_page(tmp_path, data_copy):
    regions.add_region(data_copy, "wadden", "Waddeneilanden Fryslân", ["GM0060", "GM0088", "GM0093", "GM0096"])
    report = build(regios=["wadden"], themas=["regioprofiel"], data_dir=data_copy, out_dir=tmp_path, workers=1)
    assert report.ok, report.summary()
    page = (tmp_path / "wadden" / "regioprofiel.html").read_text(encoding="utf-8")
    assert "Ameland</strong>: corporatie-aandeel 26,3% is een <em>schatting</em>" in page
    assert "26,3% (schatting)" in page


def test_site_index_links_every_guide(regioprofielen):
    out, _ = regioprofielen
    index = (out / "index.html").read_text(encoding="utf-8")
    for regio in ("enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"):
        assert f'href="{regio}/regioprofiel.html"' in index
    assert (out / "assets" / "woonzorg.css").exists()


def test_the_executed_notebook_records_key_figures_for_the_index(regioprofielen):
    out, report = regioprofielen
    parkstad = next(r for r in report.results if r.task.regio == "parkstad")
    assert parkstad.kerncijfers["inwoners"] == 256180
    assert parkstad.kerncijfers["gemeenten"] == 7


def test_a_new_region_is_built_through_the_command_line(tmp_path, data_copy, capsys):
    assert cli.main(["regio", "toevoegen", "twente-west", "--naam", "Twente-West",
                     "GM0141", "GM0183", "GM1700", "--data", str(data_copy)]) == 0
    out = tmp_path / "out"
    code = cli.main(["build", "--data", str(data_copy), "--regio", "twente-west",
                     "--thema", "regioprofiel", "--out", str(out), "--workers", "1"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    page = (out / "twente-west" / "regioprofiel.html").read_text(encoding="utf-8")
    assert "Regioprofiel Twente-West" in page
    for name in ("Almelo", "Twenterand", "Tubbergen"):
        assert name in page


def test_a_failing_notebook_names_region_notebook_and_cell_and_keeps_the_old_guide(tmp_path):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "1_proef.ipynb",
                   parameters_cell(),
                   new_markdown_cell("# Proef"),
                   new_code_cell("print('voor de fout')"),
                   new_code_cell("if regio == 'parkstad':\n    raise ValueError(f'kapot in {regio}')"))
    out = tmp_path / "out"
    old = out / "parkstad" / "proef.html"
    old.parent.mkdir(parents=True)
    old.write_text("oude goede gids", encoding="utf-8")
    report = build(regios=["parkstad", "enschede"], notebooks=notebooks, out_dir=out, workers=1)
    assert not report.ok
    [failure] = report.failed
    assert failure.task.regio == "parkstad"
    assert "regio parkstad, notebook 1_proef.ipynb, cel 4" in failure.error
    assert "ValueError: kapot in parkstad" in failure.error
    assert old.read_text(encoding="utf-8") == "oude goede gids"
    assert (out / "enschede" / "proef.html").exists()  # the other region still built
    assert not list(out.rglob("*.woonzorg-tmp"))


def test_the_command_exits_1_when_a_task_fails(tmp_path, capsys, monkeypatch):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "1_proef.ipynb", parameters_cell(), new_code_cell("1/0"))
    monkeypatch.setattr("woonzorg.paths.notebooks_dir", lambda override=None: notebooks)
    code = cli.main(["build", "--regio", "parkstad", "--out", str(tmp_path / "out"), "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 1
    assert "ZeroDivisionError" in out and "1 mislukt" in out


def test_a_parameter_the_notebook_does_not_declare_is_refused_before_running(tmp_path, data_copy):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "1_proef.ipynb", parameters_cell(), new_code_cell("print(regio)"))
    with pytest.raises(PlanError, match="kent de parameter 'data_dir' niet"):
        build(regios=["parkstad"], notebooks=notebooks, data_dir=data_copy, out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "parkstad").exists()


def test_a_refused_parameter_stops_the_workers_the_pool_started_meanwhile(tmp_path, data_copy, monkeypatch):
    """Two tasks run on the pool, whose workers start while the parameters are checked: a refused
    parameter then leaves no worker and no kernel behind."""
    import time

    import psutil

    from woonzorg.publish import run

    def kernels_and_workers() -> list[str]:
        """The pool's workers (the forkserver's children) and what they started; not this process's own
        children (the forkserver, and the zygote an earlier build here left running, and its kernels)."""
        found = []
        for child in psutil.Process().children(recursive=True):
            try:
                command, parent = " ".join(child.cmdline()), child.ppid()
                of_the_zygote = "woonzorg.publish.zygote" in " ".join(psutil.Process(parent).cmdline())
            except psutil.Error:
                continue
            if parent != os.getpid() and not of_the_zygote:
                found.append(command[:80])
        return found

    checked = run.check_parameters

    def check_once_the_kernels_run(task, declared=None):
        deadline = time.monotonic() + 60
        while sum("forkserver" in c for c in kernels_and_workers()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        checked(task, declared)

    monkeypatch.setattr(run, "check_parameters", check_once_the_kernels_run)
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "1_proef.ipynb", parameters_cell(), new_code_cell("print(regio)"))
    with pytest.raises(PlanError, match="kent de parameter 'data_dir' niet"):
        build(regios=["parkstad", "enschede"], notebooks=notebooks, data_dir=data_copy, out_dir=tmp_path / "out",
              workers=2)
    assert kernels_and_workers() == []
    assert not (tmp_path / "out" / "parkstad").exists()


def test_a_notebook_without_parameters_cell_is_refused(tmp_path):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "1_proef.ipynb", new_code_cell("print(1)"))
    with pytest.raises(PlanError, match="geen cel met de tag 'parameters'"):
        build(regios=["parkstad"], notebooks=notebooks, out_dir=tmp_path / "out")


def test_handout_hides_code_and_workbook_only_cells(tmp_path):
    notebooks = tmp_path / "notebooks"
    werkboek = new_markdown_cell("Opdracht: ALLEEN-IN-WERKBOEK")
    werkboek.metadata["tags"] = ["werkboek-only"]
    write_notebook(notebooks, "1_proef.ipynb", parameters_cell(),
                   new_code_cell("geheime_variabele = 6 * 7\nprint('uitkomst', geheime_variabele)"), werkboek)
    build(regios=["parkstad"], notebooks=notebooks, out_dir=tmp_path / "out", workers=1)
    page = (tmp_path / "out" / "parkstad" / "proef.html").read_text(encoding="utf-8")
    assert "uitkomst 42" in page
    assert "geheime_variabele" not in page
    assert "ALLEEN-IN-WERKBOEK" not in page
    workbook = json.loads((tmp_path / "out" / "parkstad" / "proef.ipynb").read_text(encoding="utf-8"))
    assert any("ALLEEN-IN-WERKBOEK" in "".join(c["source"]) for c in workbook["cells"])


def test_a_guide_with_bijlage_cells_gets_an_appendix_page_that_goes_when_the_tag_goes(tmp_path):
    notebooks, out = tmp_path / "notebooks", tmp_path / "out"
    lang = new_code_cell("from IPython.display import HTML\nHTML('<table><caption>Lange tabel</caption></table>')")
    lang.metadata["tags"] = ["remove-input", "bijlage"]
    write_notebook(notebooks, "1_proef.ipynb", parameters_cell(), new_code_cell("print('KORT')"), lang)
    build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1)
    page = (out / "parkstad" / "proef.html").read_text(encoding="utf-8")
    appendix = out / "parkstad" / "proef-bijlagen.html"
    assert 'href="proef-bijlagen.html#bijlage-1">Bijlage 1: Lange tabel</a>' in page and "<caption>" not in page
    assert "<caption>Lange tabel</caption>" in appendix.read_text(encoding="utf-8")

    appendix.unlink()  # a missing appendix page is rebuilt
    again = build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1)
    assert again.built[0].reason == "ontbreekt: proef-bijlagen.html" and appendix.exists()

    lang.metadata["tags"] = ["remove-input"]
    write_notebook(notebooks, "1_proef.ipynb", parameters_cell(), new_code_cell("print('KORT')"), lang)
    build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1)
    assert not appendix.exists()
    assert "<caption>Lange tabel</caption>" in (out / "parkstad" / "proef.html").read_text(encoding="utf-8")


def test_a_facilitator_record_of_another_region_or_theme_fails_the_task(tmp_path):
    notebooks, out = tmp_path / "notebooks", tmp_path / "out"
    verkeerd = new_code_cell("from woonzorg import data, leerkring\n"
                             "leerkring.begeleider_record(data.load_dataset(), 'enschede', 'regioprofiel')")
    verkeerd.metadata["tags"] = ["begeleider"]
    write_notebook(notebooks, "1_proef.ipynb", parameters_cell(), new_code_cell("print('KORT')"), verkeerd)
    report = build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1)
    [failure] = report.failed
    assert "geeft de begeleidershandreiking van enschede/regioprofiel, niet van parkstad/proef" in failure.error
    assert not (out / "parkstad" / "proef.html").exists()  # nothing of the task published


def test_the_facilitator_guide_lives_beside_the_public_folder_with_the_same_incremental_rules(tmp_path):
    notebooks, out = tmp_path / "notebooks", tmp_path / "handreikingen"
    write_notebook(notebooks, "1_proef.ipynb", parameters_cell(), new_code_cell("print('KORT')"))
    first = build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1)
    assert first.ok, first.summary()
    guide = tmp_path / "begeleiders" / "parkstad" / "proef-begeleider.html"
    assert guide.is_file() and not (out / "parkstad" / "proef-begeleider.html").exists()
    assert (tmp_path / "begeleiders" / "assets" / "woonzorg.css").is_file()
    assert 'href="parkstad/proef-begeleider.html"' in (tmp_path / "begeleiders" / "index.html").read_text(encoding="utf-8")

    assert build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1).skipped  # nothing changed
    guide.unlink()  # a missing facilitator guide is rebuilt, in its own folder
    again = build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1)
    assert again.built[0].reason == "ontbreekt: proef-begeleider.html" and guide.is_file()

    # a guide an older build left in the public folder is removed (it holds the answers)
    (out / "parkstad" / "proef-begeleider.html").write_text("Antwoorden bij de opdrachten", encoding="utf-8")
    build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1)
    assert not (out / "parkstad" / "proef-begeleider.html").exists()
    assert not [p for p in out.rglob("*.html") if "begeleider.html" in p.read_text(encoding="utf-8")]


def test_the_facilitator_folder_is_named_after_the_public_one():
    assert paths.facilitator_dir("/x/handreikingen") == Path("/x/begeleiders")
    assert paths.facilitator_dir("/x/site") == Path("/x/site-begeleiders")
