"""Example data (rows marked ``voorbeeld`` = ja) appears only inside the marked practice block.

One build of Parkstad (all four themes) from a data copy in which, besides the shipped example
zelfscan answers, RACI roles and milestones, every woonzorgvisie status of the region is marked as an
example (one with an invented sentinel text). The handout and appendix pages are parsed with
``html.parser``: every text node and every alt/aria-label/title holding example-derived content must
lie inside the ``wz-oefenmateriaal`` section.
"""

from __future__ import annotations

import csv
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from woonzorg import data, paths, visie
from woonzorg.present import oefenmateriaal
from woonzorg.publish.run import build

SENTINEL = "Verzonnen stand XQ7 om mee te oefenen"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
BLOCK = oefenmateriaal.CSS_CLASS


def _mark_visie_examples(folder: Path, regio: str) -> None:
    """Every status of the region becomes an example; the first one gets the sentinel text."""
    path = folder / "visie-status.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    first = True
    for row in rows:
        if row["regio"] == regio:
            row["voorbeeld"] = "ja"
            if first:
                row["toelichting"], first = SENTINEL, False
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _example_needles(folder: Path, regio: str) -> list[str]:
    """Texts that can only come from the region's example rows or the views that show them."""
    def rows(name: str) -> list[dict]:
        with (folder / name).open(encoding="utf-8", newline="") as f:
            return [r for r in csv.DictReader(f) if r["regio"] == regio and r.get("voorbeeld") == "ja"]

    needles = {SENTINEL, "Rollen per processpoor (RACI)", "— voorbeeldantwoorden",
               "Let op: voorbeeld", "Voorbeeldagenda (verzonnen)", "Voorbeeldinvulling van de bouwstenen"}
    needles |= {r["respondentgroep"] for r in rows("zelfscan-antwoorden.csv")}
    needles |= {r["mijlpaal"] for r in rows("proces-mijlpalen.csv")}
    needles |= {r["bron"] for name in ("zelfscan-antwoorden.csv", "proces-mijlpalen.csv", "proces-raci.csv")
                for r in rows(name) if r["bron"]}
    return sorted(n for n in needles if n)


class _Finder(HTMLParser):
    """Where the needles occur: (needle, inside the practice block?) per text node or attribute."""

    def __init__(self, needles: list[str]):
        super().__init__(convert_charrefs=True)
        self.needles = [n.lower() for n in needles]
        self.stack: list[tuple[str, bool]] = []
        self.hits: list[tuple[str, bool, str]] = []
        self.blocks = 0

    def _inside(self) -> bool:
        return any(block for _, block in self.stack)

    def _look(self, text: str) -> None:
        low = text.lower()
        for n in self.needles:
            if n in low:
                self.hits.append((n, self._inside(), text.strip()[:100]))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        block = BLOCK in (attributes.get("class") or "").split()
        self.blocks += block
        for name in ("alt", "aria-label", "title"):
            if attributes.get(name):
                self._look(attributes[name])
        if tag not in VOID:
            self.stack.append((tag, block))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self._look(data)


def _scan(page: Path, needles: list[str], *extra: str) -> _Finder:
    finder = _Finder(needles + ["Gespreksvragen", *extra])
    finder.feed(page.read_text(encoding="utf-8"))
    finder.close()
    return finder


@pytest.fixture(scope="module")
def parkstad(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oefen-data") / "data"
    shutil.copytree(paths.data_dir(None), folder)
    _mark_visie_examples(folder, "parkstad")
    out = tmp_path_factory.mktemp("oefen-out")
    report = build(regios=["parkstad"], data_dir=folder, out_dir=out, workers=1)
    assert not report.failed and len(report.results) == 4
    return out / "parkstad", _example_needles(folder, "parkstad")


@pytest.mark.notebook
def test_the_data_copy_has_example_rows_of_every_kind(parkstad):
    _, needles = parkstad
    assert SENTINEL in needles and "voorbeeld: ambtelijke werkgroep" in needles
    assert any(n.startswith("Voorbeeld: ") for n in needles)  # example milestones


@pytest.mark.notebook
@pytest.mark.parametrize("thema", ["regioprofiel", "woonzorganalyse", "procesorganisatie", "woonzorgvisie"])
def test_example_content_lies_only_inside_the_practice_block(parkstad, thema):
    folder, needles = parkstad
    pages = [p for p in (folder / f"{thema}.html", folder / f"{thema}-bijlagen.html") if p.exists()]
    assert pages
    for page in pages:
        finder = _scan(page, needles)
        outside = [(n, text) for n, inside, text in finder.hits if not inside and n != "gespreksvragen"]
        assert not outside, (page.name, outside)
        # the parser left the block where it ends: what follows it is outside again
        assert all(not inside for n, inside, _ in finder.hits if n == "gespreksvragen"), page.name


@pytest.mark.notebook
def test_the_process_and_vision_guides_have_one_block_with_the_examples(parkstad):
    folder, needles = parkstad
    proces_page = _scan(folder / "procesorganisatie.html", needles, oefenmateriaal.TITEL)
    assert proces_page.blocks == 1
    found = {n for n, inside, _ in proces_page.hits if inside}
    assert {"voorbeeld: ambtelijke werkgroep", "rollen per processpoor (raci)", oefenmateriaal.TITEL.lower()} <= found
    visie_page = _scan(folder / "woonzorgvisie.html", needles)
    assert visie_page.blocks == 1 and SENTINEL.lower() in {n for n, inside, _ in visie_page.hits if inside}
    text = (folder / "woonzorgvisie.html").read_text(encoding="utf-8")
    assert "De eigen stand van de bouwstenen van" in text and "is nog niet bekend" in text
    assert "Stand van de bouwstenen van de woonzorgvisie" not in text  # no chart of example statuses
    for other in ("regioprofiel.html", "woonzorganalyse.html"):
        assert _scan(folder / other, needles).blocks == 0


@pytest.mark.notebook
def test_the_draft_and_downloads_hold_no_example_data(parkstad):
    folder, needles = parkstad
    for path in [folder / "woonzorgvisie-concept.md", *folder.glob("*-tabel-*.csv")]:
        text = path.read_text(encoding="utf-8").lower()
        assert not [n for n in needles if n.lower() in text], path.name
    assert "Nog niet bekend" in (folder / "woonzorgvisie-concept.md").read_text(encoding="utf-8")


def test_only_example_statuses_mean_the_own_status_is_unknown(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(paths.data_dir(None), folder)
    _mark_visie_examples(folder, "parkstad")
    v = visie.woonzorgvisie(data.load_dataset(folder), "parkstad")
    assert set(v.bouwstenen["status"]) == {"onbekend"} and not v.bouwstenen["voorbeeld"].any()
    assert len(v.voorbeeldstatus) == len(v.bouwstenen) and v.voorbeeldstatus["voorbeeld"].all()
    assert "nog niet bekend" in visie.eigen_stand_html(v).markup
    assert visie.bouwstenen_chart(v).markup == ""
    block = visie.oefenmateriaal_html(v).markup
    assert block.startswith(f'<section class="{BLOCK}"') and SENTINEL in block
    assert "0 van 15 aanwezig" in visie.monitoring_table(v).to_html()
    # the shipped data: own statuses, no note, no practice block
    shipped = visie.woonzorgvisie(data.load_dataset(), "parkstad")
    assert visie.eigen_stand_html(shipped).markup == "" and visie.oefenmateriaal_html(shipped).markup == ""
