"""The figure algebra: intervals, onbekend as [0, ∞), completeness, signs only where the intervals fix them."""

import math

import pytest
from hypothesis import given, strategies as st

from woonzorg.tijdvak import parse as periode
from woonzorg.figures import Figure, Totaal, per_jaar, som, tekst, verdeel, verschil, verschil_tekst, \
    volledigheid_tekst

finite = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def figures(draw, names=("statushouders", "urgenten", "uitstroom", "studenten")):
    name = draw(st.sampled_from(names))
    kind = draw(st.sampled_from(["punt", "bereik", "onbekend"]))
    if kind == "onbekend":
        return Figure.onbekend(name)
    a, b = sorted((draw(finite), draw(finite)))
    if kind == "punt":
        return Figure.punt(a, name)
    return Figure.bereik(a, b, naam=name, status="schatting")


@given(st.lists(figures(), min_size=1, max_size=6))
def test_a_sum_with_an_unknown_part_is_unbounded_and_names_it(parts):
    total = som(parts)
    unknown = [p for p in parts if p.status == "onbekend"]
    assert total.laag == pytest.approx(math.fsum(p.laag for p in parts))
    if unknown:
        assert math.isinf(total.hoog) and not total.volledig
        for p in unknown:
            assert set(p.ontbrekend) <= set(total.ontbrekend)
        text = Totaal(total, 8).tekst("woningen")
        assert "onbekend" in text  # the missing parts are named next to the figure
        assert total.is_onbekend or "ten minste" in text
    else:
        assert total.volledig and math.isfinite(total.hoog)


@given(figures(), figures())
def test_a_sign_is_never_claimed_when_the_intervals_allow_both(a, b):
    d = verschil(a, b)
    words = verschil_tekst(d)
    possible_low, possible_high = a.laag - b.hoog, a.hoog - b.laag
    if possible_low <= 0 <= possible_high and not possible_low == possible_high == 0:
        assert d.teken() is None
        assert words.startswith("niet te zeggen")
    if d.teken() == 1:
        assert possible_low > 0 and "tekort" in words and "ruimte" not in words
    if d.teken() == -1:
        assert possible_high < 0 and "ruimte" in words and "tekort" not in words


def test_texts_of_totals_and_differences():
    status = Figure.bereik(150, 290, 222, naam="statushouders", status="schatting")
    total = som([status] + [Figure.onbekend(n) for n in ("urgenten", "uitstroom", "dak- en thuislozen")])
    assert tekst(total, "woningen per jaar") == "ten minste 150 woningen per jaar (schatting, onvolledig)"
    assert volledigheid_tekst(total, 4) == (
        "alleen statushouders (1 van de 4 groepen); onbekend: urgenten, uitstroom en dak- en thuislozen")
    supply = Figure.bereik(1500, 2700, status="schatting")
    assert verschil_tekst(total - supply).startswith("niet te zeggen of er een tekort of ruimte is: van "
                                                     "urgenten, uitstroom en dak- en thuislozen")
    assert verschil_tekst(Figure.punt(3000) - supply) == "een tekort van 300–1.500 woningen (schatting)"
    assert verschil_tekst(Figure.punt(100) - supply) == "ruimte voor 1.400–2.600 woningen meer (schatting)"
    assert verschil_tekst(som([Figure.punt(3000, "a"), Figure.onbekend("b")]) - supply) == \
        "een tekort van ten minste 300 woningen (schatting)"
    assert verschil_tekst(Figure.bereik(1000, 2000) - supply).startswith(
        "niet te zeggen of er een tekort of ruimte is: de uitkomst ligt tussen ruimte voor 1.700 en "
        "een tekort van 500")
    assert tekst(Figure.onbekend("x")) == "onbekend"
    assert Totaal(som([Figure.punt(5, "a"), Figure.punt(7, "b")]), 2).tekst("woningen") == \
        "12 woningen (waargenomen) — alle 2 groepen"


@pytest.mark.parametrize("code, soort, jaren, label", [
    ("2024", "jaar", 1, "2024"), ("2024-H2", "halfjaar", 0.5, "tweede helft 2024"),
    ("2024-Q1", "kwartaal", 0.25, "eerste kwartaal 2024"), ("2021-2023", "jaren", 3, "2021–2023"),
    ("2024-01-01", "moment", 0, "1 januari 2024")])
def test_periods_read_only_the_structured_form(code, soort, jaren, label):
    p = periode(code)
    assert (p.soort, p.jaren, p.label, p.code) == (soort, jaren, label, code)  # label: the reader's Dutch


@pytest.mark.parametrize("text", ["2023 (heel jaar)", "2024-H3", "2025-2024", "2024-02-30", "juli 2023"])
def test_free_text_is_no_period(text):
    with pytest.raises(ValueError):
        periode(text)


def test_yearly_conversion_by_period_and_never_of_a_stock():
    half = Figure.punt(246, "statushouders", periode=periode("2023-H2"))
    assert (per_jaar(half).laag, per_jaar(half).hoog) == (492, 492)
    assert "halfjaarcijfer × 2" in per_jaar(half).methode
    three = Figure.punt(300, periode=periode("2021-2023"))
    assert per_jaar(three).midden == pytest.approx(100)
    with pytest.raises(ValueError, match="stand"):
        per_jaar(Figure.punt(1500, periode=periode("2023-01-01")))
    with pytest.raises(ValueError, match="tijdvak"):
        per_jaar(Figure.punt(10))


@given(st.lists(st.floats(min_value=0.01, max_value=1000), min_size=1, max_size=10), figures())
def test_shares_of_a_verdeelsleutel_add_up_to_the_whole(weights, f):
    total = sum(weights)
    parts = verdeel(f, {str(i): w / total for i, w in enumerate(weights)})
    back = som(parts.values())
    assert back.laag == pytest.approx(f.laag, rel=1e-9, abs=1e-6)
    assert math.isinf(back.hoog) == math.isinf(f.hoog)
    assert back.status == f.status
