"""The structured period of an observed figure (kolom ``tijdvak``): its grammar, its dates and its length in years.

A ``tijdvak`` is written once, by hand, next to the source's own wording (``periode``), so that no
code ever reads a period from free text. The grammar:

- ``JJJJ`` — one calendar year (a flow over that year);
- ``JJJJ-H1`` / ``JJJJ-H2`` — a half-year;
- ``JJJJ-Q1`` .. ``JJJJ-Q4`` — a quarter;
- ``JJJJ-JJJJ`` — several whole calendar years, inclusive (a multi-year total);
- ``JJJJ-MM-DD`` — a moment: a count at a peildatum (a stock, never a flow).

An empty cell means the source leaves the period unclear: the figure's period is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

FIRST_YEAR, LAST_YEAR = 1900, 2100  # as the column jaar
SOORTEN = ("jaar", "halfjaar", "kwartaal", "jaren", "moment")
_YEAR = re.compile(r"^([0-9]{4})$")
_HALF = re.compile(r"^([0-9]{4})-H([12])$")
_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$")
_YEARS = re.compile(r"^([0-9]{4})-([0-9]{4})$")
_MOMENT = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
VOORBEELDEN = "2025, 2025-H2, 2025-Q1, 2021-2023 of 2026-01-01"
_MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december")


@dataclass(frozen=True)
class Tijdvak:
    """One period: ``soort`` (see :data:`SOORTEN`), its first and last day (inclusive)."""

    tekst: str
    soort: str
    begin: date
    eind: date

    @property
    def eerste_jaar(self) -> int:
        return self.begin.year

    @property
    def laatste_jaar(self) -> int:
        return self.eind.year

    @property
    def jaren(self) -> float:
        """Length in years of a flow (1, 0.5, 0.25, n); 0 for a moment (a stock has no length)."""
        if self.soort == "moment":
            return 0.0
        return {"jaar": 1.0, "halfjaar": 0.5, "kwartaal": 0.25}.get(
            self.soort, float(self.laatste_jaar - self.eerste_jaar + 1))

    @property
    def is_moment(self) -> bool:
        return self.soort == "moment"

    @property
    def code(self) -> str:
        """The structured form as written (``2024-H1``)."""
        return self.tekst

    @property
    def label(self) -> str:
        """Dutch for a reader: ``2024``, ``eerste helft 2024``, ``derde kwartaal 2024``, ``2021–2023``, ``1 januari 2024``."""
        y = self.eerste_jaar
        if self.soort == "halfjaar":
            return f"{'eerste' if self.begin.month == 1 else 'tweede'} helft {y}"
        if self.soort == "kwartaal":
            return f"{('eerste', 'tweede', 'derde', 'vierde')[(self.begin.month - 1) // 3]} kwartaal {y}"
        if self.soort == "jaren":
            return f"{y}–{self.laatste_jaar}"
        if self.soort == "moment":
            return f"{self.begin.day} {_MAANDEN[self.begin.month - 1]} {y}"
        return str(y)

    def __str__(self) -> str:
        return self.label

    def bevat_jaar(self, jaar: int) -> bool:
        """Whether calendar year ``jaar`` lies in this period (a moment: its own year)."""
        return self.eerste_jaar <= jaar <= self.laatste_jaar


def _year(text: str, whole: str) -> int:
    value = int(text)
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValueError(f"'{whole}': {value} is geen plausibel kalenderjaar ({FIRST_YEAR}–{LAST_YEAR})")
    return value


def parse(text: str) -> Tijdvak:
    """The :class:`Tijdvak` that ``text`` writes, or ValueError with a Dutch explanation."""
    t = text.strip()
    if m := _YEAR.match(t):
        y = _year(m[1], t)
        return Tijdvak(t, "jaar", date(y, 1, 1), date(y, 12, 31))
    if m := _HALF.match(t):
        y = _year(m[1], t)
        first = m[2] == "1"
        return Tijdvak(t, "halfjaar", date(y, 1 if first else 7, 1), date(y, 6 if first else 12, 30 if first else 31))
    if m := _QUARTER.match(t):
        y, q = _year(m[1], t), int(m[2])
        end_month = 3 * q
        end_day = 31 if end_month in (3, 12) else 30
        return Tijdvak(t, "kwartaal", date(y, end_month - 2, 1), date(y, end_month, end_day))
    if m := _YEARS.match(t):
        a, b = _year(m[1], t), _year(m[2], t)
        if b <= a:
            raise ValueError(f"'{t}': het laatste jaar moet na het eerste komen (meerdere hele jaren, "
                             "bijvoorbeeld 2021-2023; één jaar schrijft u als 2023)")
        return Tijdvak(t, "jaren", date(a, 1, 1), date(b, 12, 31))
    if m := _MOMENT.match(t):
        y = _year(m[1], t)
        try:
            day = date(y, int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"'{t}' is geen bestaande datum") from None
        return Tijdvak(t, "moment", day, day)
    raise ValueError(f"'{t}' is geen tijdvak; schrijf een jaar, halfjaar, kwartaal, reeks jaren of peildatum, "
                     f"bijvoorbeeld {VOORBEELDEN} (of laat het leeg als de bron de periode onduidelijk laat)")


def lees(value: object) -> Tijdvak | None:
    """The period of a cell: ``None`` when empty (the source leaves it unclear) or malformed (the check refuses it)."""
    text = "" if value is None else str(value).strip()
    if text in ("", "nan", "<NA>", "None"):
        return None
    try:
        return parse(text)
    except ValueError:
        return None


def jaar_problem(tijdvak: str, jaar: int) -> str | None:
    """A Dutch message when ``jaar`` does not lie in ``tijdvak`` (both given), else None."""
    period = parse(tijdvak)
    if period.bevat_jaar(jaar):
        return None
    if period.eerste_jaar == period.laatste_jaar:
        return f"jaar {jaar} past niet bij tijdvak {tijdvak} (dat gaat over {period.eerste_jaar})"
    return f"jaar {jaar} ligt niet in tijdvak {tijdvak} ({period.eerste_jaar}–{period.laatste_jaar})"
