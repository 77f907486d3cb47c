"""The site around the guides: index and comparison from the manifest, page structure, PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from woonzorg.publish import build, export
from woonzorg.publish.plan import PlanError

pytestmark = pytest.mark.notebook


def write_theme(folder: Path, name: str, figures: str, *extra) -> None:
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    record = new_code_cell("from woonzorg import data, regions\nfrom woonzorg.present import record\n"
                           "g = regions.region_municipalities(data.load_dataset(), regio)\n"
                           f"record.Kerncijfers({figures})")
    record.metadata["tags"] = ["remove-cell"]
    nb = new_notebook(cells=[parameters, new_markdown_cell(f"# {name.title()}"), record, *extra],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    notebooks = root / "notebooks"
    write_theme(notebooks, "1_eerste", "{'inwoners': int(g['inwoners'].sum()), 'gemeenten': len(g)}",
                new_markdown_cell("## Vraag en aanbod\n\nTekst."), new_markdown_cell("## Gespreksvragen\n\n- Wat?"),
                new_code_cell("from IPython.display import HTML\nHTML('<h2>Kop uit een uitvoer</h2>')"),
                new_code_cell("from woonzorg.present import record\n"
                              "record.Bronnen([{'bron': 'CBS, proefbron', 'peildatum': '2024-01-01'}])"))
    write_theme(notebooks, "2_tweede", "{'druk': 0.42}")
    out = root / "out"
    first = build(regios=["parkstad", "groningen"], notebooks=notebooks, out_dir=out, workers=1)
    assert first.ok, first.summary()
    again = build(regios=["parkstad", "groningen"], notebooks=notebooks, out_dir=out, workers=1)
    assert len(again.skipped) == 4  # the pages below are written from the manifest alone
    return out


def test_does_the_index_list_every_region_and_theme_with_the_recorded_figures(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in index and 'href="assets/woonzorg.css"' in index
    for regio in ("parkstad", "groningen"):
        for thema in ("eerste", "tweede"):
            assert f'href="{regio}/{thema}.html"' in index
            assert f'href="{regio}/{thema}.ipynb"' in index
    parkstad = index[index.index('id="regio-parkstad"'):]
    # the links come first, then at most four headline figures that a theme declares: a figure no
    # theme labels ('druk' here) would show as code, so the index leaves it to the comparison page
    assert parkstad.index('href="parkstad/eerste.html"') < parkstad.index('class="wz-kerncijfers"')
    assert "<strong>256.180</strong> inwoners" in parkstad and "<strong>7</strong> gemeenten" in parkstad
    assert "druk" not in parkstad[:parkstad.index("</section>")]
    assert not re.search(r'(src|href)="(https?:)?//', index)
    # the only scripts are the site's own search (its index lists the guides' sections)
    assert re.findall(r'<script src="([^"]+)"', index) == ["assets/zoekindex.js", "assets/zoeken.js"]
    assert "<script>" not in index and "script-src 'self';" in index
    search_index = (site / "assets" / "zoekindex.js").read_text(encoding="utf-8")
    assert '"u":"parkstad/eerste.html#Vraag-en-aanbod"' in search_index and "begeleider.html" not in search_index


def test_the_search_index_comes_from_the_tasks_and_equals_one_read_from_the_pages(tmp_path, monkeypatch):
    """Each task reads the search entries of the pages it wrote; the site's index takes them from there
    (after a full build it reads no page itself) and comes out as if it had read every page."""
    from woonzorg.publish import search

    notebooks = tmp_path / "notebooks"
    write_theme(notebooks, "1_eerste", "{'gemeenten': len(g)}", new_markdown_cell("## Vraag en aanbod\n\nTekst."))
    out = tmp_path / "out"
    read_by_site = []
    index = search.search_index

    def counted_index(folder, known=None):
        page_entries = search.page_entries
        search.page_entries = lambda page, url: read_by_site.append(url) or page_entries(page, url)
        try:
            return index(folder, known)
        finally:
            search.page_entries = page_entries

    monkeypatch.setattr(search, "search_index", counted_index)
    report = build(regios=["parkstad", "groningen"], notebooks=notebooks, out_dir=out, workers=1)
    assert report.ok, report.summary()
    assert read_by_site == []
    written = (out / "assets" / "zoekindex.js").read_text(encoding="utf-8")
    entries = written.split("window.WZ_ZOEKINDEX = ", 1)[1].split(";\n", 1)[0]
    assert entries == json.dumps(index(out), ensure_ascii=False, separators=(",", ":"))
    assert '"u":"groningen/eerste.html#Vraag-en-aanbod"' in written


def test_does_the_comparison_put_the_regions_side_by_side(site):
    page = (site / "vergelijking.html").read_text(encoding="utf-8")
    [header] = re.findall(r"<thead>.*?</thead>", page, re.DOTALL)
    assert header.count('scope="col" class="num"') == 2
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', page))
    assert set(rows) == {"inwoners", "gemeenten", "druk"}
    # regions in the order of regio-indeling.csv: groningen before parkstad
    assert re.findall(r'<td class="num">([^<]+)</td>', rows["gemeenten"]) == ["10", "7"]


def test_has_a_guide_a_table_of_contents_a_metadata_block_and_a_small_page(site):
    page = (site / "parkstad" / "eerste.html").read_text(encoding="utf-8")
    [toc] = re.findall(r'<nav class="wz-toc".*?</nav>', page, re.DOTALL)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    assert [text for _, text in links] == ["Vraag en aanbod", "Gespreksvragen", "Kop uit een uitvoer"]
    for ident, _ in links:
        assert f'id="{ident}"' in page
    # findings first: the nav follows the page's first section instead of preceding the content
    assert page.index('id="Vraag-en-aanbod"') < page.index('<nav class="wz-toc"') < page.index('id="Gespreksvragen"')
    assert "Op deze pagina" in toc and "<h2" not in toc
    # the technical metadata is in the page footer, not above the content
    footer = re.search(r'<footer class="wz-footer">.*?</footer>', page, re.DOTALL).group(0)
    meta = re.search(r'<dl class="wz-meta">.*?</dl>', footer, re.DOTALL).group(0)
    assert page.index("</main>") < page.index('<dl class="wz-meta">')
    for text in ("Stadsregio Parkstad Limburg", "eerste", "regio = parkstad", "CBS, proefbron (peildatum 2024-01-01)",
                 "Gebouwd", "woonzorg 0."):
        assert text in meta
    assert "record.Kerncijfers" not in page
    assert len(re.sub(r'src="data:[^"]+"', 'src=""', page).encode()) < 40_000


def test_without_recorded_sources_the_build_lists_the_regions_data_sources(site):
    page = (site / "groningen" / "tweede.html").read_text(encoding="utf-8")
    assert "CBS, Kerncijfers wijken en buurten 2024 (85984NED), 1 januari 2024 (peildatum 2024-01-01)" in page
    assert "Platform31, koploperpagina" in page  # regio-indeling.csv


def test_without_chromium_pdf_is_refused_with_a_dutch_message(tmp_path, monkeypatch):
    monkeypatch.setenv("WOONZORG_CHROMIUM", "geen-chromium-hier")
    with pytest.raises(PlanError, match="voor --pdf is Chromium nodig"):
        build(regios=["parkstad"], themas=["regioprofiel"], out_dir=tmp_path, pdf=True)


@pytest.mark.skipif(export.find_chromium() is None, reason="Chromium is niet geïnstalleerd")
def test_does_pdf_print_each_guide_with_chromium(site, tmp_path):
    target = tmp_path / "eerste.pdf"
    export.print_pdf(site / "parkstad" / "eerste.html", target)
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(export.find_chromium() is None, reason="Chromium is niet geïnstalleerd")
def test_pdf_prints_the_guide_and_its_appendix_and_a_later_build_without_pdf_drops_them(tmp_path):
    import io

    import pypdf

    notebooks, out = tmp_path / "notebooks", tmp_path / "out"
    tabel = new_code_cell("from IPython.display import HTML\nHTML('<table><caption>Tabel per gemeente</caption>"
                          "<tr><td>ALLEEN-IN-DE-BIJLAGE</td></tr></table>')")
    tabel.metadata["tags"] = ["remove-input", "bijlage"]
    write_theme(notebooks, "1_eerste", "{'gemeenten': len(g)}", new_markdown_cell("## Kort\n\nIN-DE-GIDS"), tabel)
    report = build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1, pdf=True)
    assert report.ok, report.summary()
    guide, appendix = out / "parkstad" / "eerste.pdf", out / "parkstad" / "eerste-bijlagen.pdf"

    def text(pdf: Path) -> str:
        return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)

    assert "IN-DE-GIDS" in text(guide) and "ALLEEN-IN-DE-BIJLAGE" not in text(guide)
    assert "ALLEEN-IN-DE-BIJLAGE" in text(appendix) and "Bijlage 1: Tabel per gemeente" in text(appendix)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="parkstad/eerste.pdf">PDF</a> (<a href="parkstad/eerste-bijlagen.pdf">bijlagen</a>)' in index

    appendix.unlink()  # a missing appendix PDF is printed again
    again = build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1, pdf=True)
    assert again.built[0].reason == "ontbreekt: eerste-bijlagen.pdf" and appendix.exists()

    # the pages change and are rebuilt without --pdf: the PDFs would show the old version, they go
    write_theme(notebooks, "1_eerste", "{'gemeenten': len(g) + 1}", tabel)
    build(regios=["parkstad"], notebooks=notebooks, out_dir=out, workers=1)
    assert not guide.exists() and not appendix.exists()
    assert 'eerste.pdf"' not in (out / "index.html").read_text(encoding="utf-8")
