"""One figure per region everywhere: the key figures of #29 read back from every output of the session build."""

from __future__ import annotations

import html
import re

import pytest

from woonzorg import analyse, clock, data, figures, visie

pytestmark = pytest.mark.notebook

REGIOS = ("enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra")


def _text(path) -> str:
    """A page's text with tags dropped and entities read, whitespace folded (a figure may wrap in the source)."""
    raw = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def dataset():
    return data.load_dataset()


@pytest.mark.parametrize("regio", REGIOS)
def test_every_output_of_a_region_tells_the_same_need_and_task(built_site, dataset, regio):
    a = analyse.woonzorganalyse(dataset, regio)
    v = visie.woonzorgvisie(dataset, regio)
    assert a.peiljaar == v.peiljaar == clock.peiljaar()  # one peiljaar for every page of the build
    need = figures.getal(a.vraag_totaal().figuur, "woningen per jaar")
    task = figures.getal(v.opgave_per_jaar_totaal().figuur, "woningen per jaar")
    complete = figures.volledigheid_tekst(a.vraag_totaal().figuur, a.vraag_totaal().delen)
    analysis = _text(built_site / regio / "woonzorganalyse.html")
    vision = _text(built_site / regio / "woonzorgvisie.html")
    draft = re.sub(r"\s+", " ", (built_site / regio / visie.CONCEPT_BESTAND).read_text(encoding="utf-8"))
    # the analysis' first finding: the need with its completeness
    assert f"hebben vanaf {a.peiljaar} {need} nodig" in analysis and complete in analysis
    # the vision, its draft: the same need and the same task, with what they hold
    assert task in vision and complete in vision
    assert f"**{need}** nodig" in draft and complete in draft
    # no page states a sign the intervals leave open
    if a.tekort().teken() is None:
        for text in (analysis, vision, draft):
            assert not re.search(r"\b(tekort|overschot|ruimte) (van |voor )?(ongeveer |ten minste )?[\d.]+ ?(woningen)? ?(opgeteld|in "
                                 r"\d{4})", text)
            assert not re.search(r"\b(tekort|overschot|ruimte) \d{4}: [\d.]+", text)  # the old chart label
    # the site's index and comparison carry the same short figures
    index = _text(built_site / "index.html")
    comparison = _text(built_site / "vergelijking.html")
    short = a.vraag_totaal().kort("woningen per jaar")
    assert short in comparison
    assert v.opgave_per_jaar_totaal().kort("woningen per jaar") in comparison
    assert short in index or v.opgave_per_jaar_totaal().kort("woningen per jaar") in index


def test_the_comparison_counts_groups_and_claims_no_tekort_where_a_group_is_onbekend(built_site, dataset):
    comparison = _text(built_site / "vergelijking.html")
    assert "aandachtsgroepen met een cijfer in de opgave" in comparison
    assert "niet te zeggen" in comparison and re.search(r"Tekort ?: de vraag is zeker groter", comparison)
    for regio in REGIOS:
        v = visie.woonzorgvisie(dataset, regio)
        counted = v.kerncijfers()["groepen_meegeteld"]
        assert counted in comparison
        if not v.opgave_totaal().figuur.volledig:
            assert v.kerncijfers()["tekort_bij_ambitie"] == "niet te zeggen" or v.tekort().teken() is not None
