"""The one sign convention for a difference between need and supply: tekort positive, ruimte negative.

Every table and chart that shows such a difference words it the same way: the value is vraag minus
aanbod, a positive value is a *tekort* (more need than homes), a negative one *ruimte* (more homes than
need), shown with a true minus sign. :data:`CONVENTION` is the sentence to put under such a table or
chart (:func:`convention_note` as HTML); :func:`signed` writes a value with its sign, :func:`meaning`
names it in words.
"""

from __future__ import annotations

import html

from woonzorg import dutch

TEKORT, RUIMTE = "tekort", "ruimte"
CONVENTION = "Verschil = vraag − aanbod: positief (+) is een tekort, negatief (−) is ruimte."
MINUS = "\u2212"  # a true minus: it does not break from its number and reads as minus to a screen reader


def signed(value: float, decimals: int = 0) -> str:
    """``1234`` -> ``+1.234``, ``-3611`` -> ``−3.611``, ``0`` -> ``0``: the Dutch number with its sign."""
    text = dutch.number(abs(value), decimals)
    if round(value, decimals) > 0:
        return "+" + text
    if round(value, decimals) < 0:
        return MINUS + text
    return text


def meaning(value: float) -> str:
    """The word for a difference: ``tekort`` (positive), ``ruimte`` (negative), ``in evenwicht`` (zero)."""
    return TEKORT if value > 0 else RUIMTE if value < 0 else "in evenwicht"


def convention_note() -> str:
    """The convention as a paragraph to put under a table or chart that shows a difference."""
    return f'<p class="wz-teken">{html.escape(CONVENTION)}</p>'
