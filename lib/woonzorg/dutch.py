"""Dutch numbers, the one place that writes and reads them: ``12.345``, ``0,25``, ``21,3%``, ``1.234,5``."""

from __future__ import annotations

import math
import re


UNKNOWN = "onbekend"  # what a figure that cannot be computed is called on every page


def number(value: float, decimals: int = 0) -> str:
    """``12345.6`` -> ``12.346``; ``0.25, 2`` -> ``0,25``. Thousands with a dot, decimals with a comma.
    A value that is no finite number (NaN, inf: a ratio without a denominator) reads ``onbekend``."""
    if value is None or not math.isfinite(float(value)):
        return UNKNOWN
    text = f"{float(value):,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return "0" if text in ("-0", "-0," + "0" * decimals) and decimals == 0 else text


def percent(share: float, decimals: int = 0) -> str:
    """A share 0–1 as a Dutch percentage: ``0.2134, 1`` -> ``21,3%``; no finite share: ``onbekend``."""
    if share is None or not math.isfinite(float(share)):
        return UNKNOWN
    return f"{number(100 * float(share), decimals)}%"


def figure(value: object, kind: str = "") -> str:
    """A figure by its kind: ``aantal`` ``256.180``, ``procent`` ``30,2%``, ``decimaal`` ``0,91``,
    ``jaar`` ``2030``, ``janee`` ``ja``, ``tekst`` as it is; without a kind, whole numbers without
    decimals and small ones with two."""
    if isinstance(value, bool) or kind == "janee":
        return "ja" if value else "nee"
    if not isinstance(value, (int, float)) or kind == "tekst":
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "onbekend"
    if kind == "jaar":
        return str(int(value))
    if kind == "procent":
        return percent(value, 1)
    if kind == "decimaal":
        return number(value, 2)
    if float(value).is_integer():
        return number(value, 0)
    return number(value, 2 if abs(value) < 10 else 0)


def count_noun(n: int, singular: str, plural: str) -> str:
    """``1 gemeente``, ``3 gemeenten``, ``0 gemeenten``: number agreement in generated text."""
    return f"{number(n)} {singular if n == 1 else plural}"


_NUMBER = re.compile(r"^(?P<sign>[+-]?)(?P<digits>[\d.,]+)(?P<pct>%?)(?P<unit>[^\d]*)$")
# one number exactly as the pages write it: 1.234 / 1234 / 12,5 / −3 / 27%
_WRITTEN = re.compile(r"^[+\-\u2212]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?%?$")


def written_number(text: str) -> bool:
    """Is ``text`` one number exactly as the pages write it (``1.234``, ``12,5``, ``−3``, ``27%``), and nothing else?"""
    return bool(_WRITTEN.match(text.strip()))
_DUTCH_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+\.\d+$")


def parse_number(text: str) -> tuple[float, bool]:
    """Read a number as Dutch people type it; returns ``(value, had_percent_sign)``.

    ``1.234,5``, ``1234,5``, ``1 234,5``, ``+0,31``, ``−0,3`` (a real minus), ``12%``, ``12 %`` and
    ``151,8 woningen`` all read. A comma is the decimal separator; a dot is a thousands separator
    when it groups by three (``1.234`` = 1234), else a decimal point (``2.57``). Raises
    ``ValueError`` with a Dutch message when the text is no number.
    """
    t = str(text or "").strip().replace("\u2212", "-").replace("\u2013", "-")
    t = re.sub(r"[\s\u00a0\u2009\u202f]", "", t)
    if not t:
        raise ValueError("vul eerst een getal in (bijvoorbeeld 1.234,5 of 12,5%)")
    m = _NUMBER.match(t)
    if not m or not re.search(r"\d", m["digits"]) or re.search(r"\d", m["unit"]):
        raise ValueError(f"'{text}' is geen getal; schrijf bijvoorbeeld 1.234,5 of 12,5%")
    digits = m["digits"]
    if "," in digits and "." in digits:
        if _EN_THOUSANDS.match(digits):
            digits = digits.replace(",", "")
        elif digits.rfind(",") > digits.rfind("."):
            digits = digits.replace(".", "").replace(",", ".")
        else:
            raise ValueError(f"'{text}' is geen getal: de komma hoort achter de punt, bijvoorbeeld 1.234,5")
    elif "," in digits:
        if digits.count(",") > 1:
            raise ValueError(f"'{text}' is geen getal: er staat meer dan één komma in; schrijf bijvoorbeeld 1.234,5")
        digits = digits.replace(",", ".")
    elif _DUTCH_THOUSANDS.match(digits):
        digits = digits.replace(".", "")
    elif digits.count(".") > 1:
        raise ValueError(f"'{text}' is geen getal: er staat meer dan één punt in; schrijf bijvoorbeeld 1.234,5")
    try:
        value = float(digits)
    except ValueError:
        raise ValueError(f"'{text}' is geen getal; schrijf bijvoorbeeld 1.234,5 of 12,5%") from None
    return (-value if m["sign"] == "-" else value), bool(m["pct"])
