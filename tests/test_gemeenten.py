"""A page per municipality (woonzorg.publish.gemeenten): every municipality of every built region, reachable
from its region's map and tables, showing the rows its guides show (nothing computed again)."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from woonzorg import names, regions
from woonzorg.data import load_dataset
from woonzorg.publish import gemeenten

pytestmark = pytest.mark.notebook


def test_does_a_row_name_a_municipality_by_name_code_or_in_a_list():
    assert gemeenten.names_it(["Heerlen", "12"], "Heerlen")
    assert gemeenten.names_it(["'s-Gravenhage (centrumgemeente)", "GM0518"], "'s-Gravenhage")
    assert gemeenten.names_it(["Den Haag", "3"], "'s-Gravenhage")  # the common name
    assert gemeenten.names_it(["Woondeal", "Delft, Westland en Zoetermeer"], "Westland")
    assert gemeenten.names_it(["x", "GM0917"], "Heerlen", "GM0917")
    assert not gemeenten.names_it(["Heerlenerweg 3", "Regio Heerlen"], "Heerlen")
    assert not gemeenten.names_it([], "Heerlen")


def test_has_every_municipality_of_every_region_a_page_linked_from_its_map_and_tables(built_site):
    dataset = load_dataset()
    missing, unlinked_map, unlinked_table, count = [], [], [], 0
    for region in regions.load_regions(dataset).values():
        if not (built_site / region.id / "regioprofiel.html").exists():
            continue
        guides = {p.name: p.read_text(encoding="utf-8") for p in (built_site / region.id).glob("*.html")}
        kaartlinks = " ".join(re.findall(r'<p class="wz-kaartlinks">(.*?)</p>', guides["regioprofiel.html"]))
        row_links = " ".join(m for page in guides.values()
                             for m in re.findall(r'<th scope="row"[^>]*><a href="[^"]+"', page))
        for naam in regions.region_municipalities(dataset, region.id)["gemeente"]:
            count += 1
            href = names.page_href(naam)
            if not (built_site / region.id / href).is_file():
                missing.append((region.id, naam))
            if f'href="{href}"' not in kaartlinks:
                unlinked_map.append((region.id, naam))
            if f'href="{href}"' not in row_links:
                unlinked_table.append((region.id, naam))
    assert count >= 60  # the six koploper regions
    assert missing == [] and unlinked_map == [] and unlinked_table == []
    # no page of a municipality the regions do not have
    pages = list(built_site.glob(f"*/{names.MUNICIPALITY_FOLDER}/*.html"))
    assert len(pages) == count


def test_does_a_municipality_page_show_the_rows_of_its_guides_as_they_show_them(built_site):
    """Heerlen's page holds each row of the regioprofiel's table that names Heerlen, cell for cell as the
    download (the page's cells) has it."""
    page = (built_site / "parkstad" / names.page_href("Heerlen")).read_text(encoding="utf-8")
    assert "<h1>Heerlen</h1>" in page and "GM0917" in page
    rows = list(csv.reader(io.StringIO((built_site / "parkstad" / "regioprofiel-tabel-1.csv")
                                       .read_text(encoding="utf-8-sig")), delimiter=";"))
    [heerlen] = [r for r in rows if r[0].startswith("Heerlen")]
    shown = [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
             for row in re.findall(r"<tr>(.*?)</tr>", page)]
    assert heerlen in shown
    # every theme of the region that names Heerlen in a table has a section, linked to its guide
    for thema in ("regioprofiel", "woonzorganalyse"):
        assert f'id="{thema}"' in page and f'href="../{thema}.html"' in page
    # the other municipalities of the region, and the way back to the site
    assert 'href="kerkrade.html"' in page and 'href="../../index.html"' in page
