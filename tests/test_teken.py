"""The one sign convention (woonzorg.present.teken): tekort positive, ruimte negative, a true minus sign."""

from __future__ import annotations

from woonzorg.present import teken


def test_is_a_shortfall_positive_and_room_negative_with_a_true_minus():
    assert teken.signed(1234) == "+1.234"
    assert teken.signed(-3611) == "\u22123.611"
    assert teken.signed(0) == "0" and teken.signed(-0.4) == "0"
    assert teken.signed(-2.26, 1) == "\u22122,3"
    assert [teken.meaning(v) for v in (5, -5, 0)] == ["tekort", "ruimte", "in evenwicht"]


def test_does_the_note_state_the_convention_once_in_dutch():
    note = teken.convention_note()
    assert note.startswith('<p class="wz-teken">') and "positief (+) is een tekort" in note
    assert "negatief (\u2212) is ruimte" in note
