"""The figure algebra: every quantity an interval with a status, a structured period and its completeness.

A :class:`Figure` is an interval [laag, hoog] (a point when equal) with a central value inside it,
a status (``waargenomen``, ``schatting``, ``onbekend``), a level, a structured period (:class:`woonzorg.tijdvak.Tijdvak`),
a unit, a source and a peildatum. **Onbekend is the interval [0, ∞)**. A sum over parts of which
one is onbekend is therefore unbounded above: it reads "ten minste …" and names what is missing
(``ontbrekend``); a difference (tekort, ruimte) has a sign only where the intervals fix it
(:meth:`Figure.teken`). Conversions to a yearly figure (a half-year × 2, a multi-year figure ÷ its
years) go through :func:`per_jaar`, which refuses a stock. Views write figures with
:func:`tekst`, :func:`volledigheid_tekst` and :func:`verschil_tekst`, so a total never reaches a
reader without its completeness.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from woonzorg.dutch import number
from woonzorg.present.teken import RUIMTE, TEKORT
from woonzorg.tijdvak import Tijdvak

STATUSES = ("waargenomen", "schatting", "onbekend")
INF = math.inf

# --------------------------------------------------------------------------------------------
# Figures


def _combine_status(statuses: Iterable[str]) -> str:
    s = set(statuses)
    if not s or s == {"onbekend"}:
        return "onbekend"
    known = s - {"onbekend"}
    return "waargenomen" if known == {"waargenomen"} else "schatting"


def _union(*names: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for seq in names:
        for n in seq:
            if n not in out:
                out.append(n)
    return tuple(out)


@dataclass(frozen=True)
class Figure:
    """An interval [laag, hoog] with a central value, status, level, period, unit, source and completeness.

    ``meegeteld`` names the parts whose figure is in it, ``ontbrekend`` the parts that are onbekend
    (each contributes [0, ∞)). A figure is *volledig* when nothing is missing.
    """

    laag: float
    hoog: float
    midden: float = math.nan  # NaN: the midpoint of a bounded interval, no centre for an unbounded one
    status: str = "schatting"
    eenheid: str = ""
    niveau: str = ""
    periode: Tijdvak | None = None
    bron: str = ""
    peildatum: str = ""
    methode: str = ""
    meegeteld: tuple[str, ...] = ()
    ontbrekend: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"onbekende status '{self.status}'")
        lo, hi = float(self.laag), float(self.hoog)
        if math.isnan(lo) or math.isnan(hi) or lo > hi:
            raise ValueError(f"ongeldig interval [{self.laag}, {self.hoog}]")
        mid = float(self.midden)
        if math.isnan(mid) and math.isfinite(lo) and math.isfinite(hi):
            mid = (lo + hi) / 2
        if not math.isnan(mid) and not lo <= mid <= hi:
            raise ValueError(f"midden {mid} ligt buiten [{lo}, {hi}]")
        object.__setattr__(self, "laag", lo)
        object.__setattr__(self, "hoog", hi)
        object.__setattr__(self, "midden", mid)

    # constructors ---------------------------------------------------------------------------
    @classmethod
    def punt(cls, waarde: float, naam: str = "", **kw) -> Figure:
        kw.setdefault("status", "waargenomen")
        return cls(float(waarde), float(waarde), float(waarde), meegeteld=(naam,) if naam else (), **kw)

    @classmethod
    def bereik(cls, laag: float, hoog: float, midden: float = math.nan, naam: str = "", **kw) -> Figure:
        return cls(float(laag), float(hoog), float(midden), meegeteld=(naam,) if naam else (), **kw)

    @classmethod
    def onbekend(cls, naam: str = "", **kw) -> Figure:
        kw["status"] = "onbekend"
        return cls(0.0, INF, math.nan, ontbrekend=(naam,) if naam else (), **kw)

    # properties -----------------------------------------------------------------------------
    @property
    def begrensd(self) -> bool:
        return math.isfinite(self.hoog) and math.isfinite(self.laag)

    @property
    def volledig(self) -> bool:
        return not self.ontbrekend and self.status != "onbekend"

    @property
    def is_onbekend(self) -> bool:
        """Nothing of it is known (no part counted)."""
        return self.status == "onbekend" and not self.meegeteld

    def teken(self) -> int | None:
        """+1 when the whole interval is above 0, −1 when below, 0 for exactly 0, ``None`` when it allows both."""
        if self.laag > 0:
            return 1
        if self.hoog < 0:
            return -1
        if self.laag == self.hoog == 0:
            return 0
        return None

    # algebra --------------------------------------------------------------------------------
    def __add__(self, other: Figure) -> Figure:
        return som([self, other])

    def __sub__(self, other: Figure) -> Figure:
        return verschil(self, other)

    def maal(self, factor: float | Figure, methode: str = "") -> Figure:
        """Scale by a number ≥ 0 or by an interval ≥ 0 (a share, persons per home): the interval of the product."""
        if isinstance(factor, Figure):
            lo, hi, mid = factor.laag, factor.hoog, factor.midden
        else:
            lo = hi = mid = float(factor)
        if lo < 0:
            raise ValueError("vermenigvuldigen kan alleen met een factor van 0 of meer")
        ends = [_mul(a, b) for a in (self.laag, self.hoog) for b in (lo, hi)]
        status = self.status if not isinstance(factor, Figure) else _combine_status([self.status, factor.status])
        if self.is_onbekend:
            status = "onbekend"
        return replace(self, laag=min(ends), hoog=max(ends), midden=_mul(self.midden, mid),
                       status=status, methode=_join(self.methode, methode))

    def met(self, **changes) -> Figure:
        return replace(self, **changes)


def _mul(a: float, b: float) -> float:
    if a == 0 or b == 0:
        return 0.0  # 0 × ∞ is 0 here: nothing of an unknown amount
    return a * b


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def som(figures: Iterable[Figure], eenheid: str | None = None) -> Figure:
    """The sum: laag and hoog add up, an onbekend part makes it unbounded above; completeness is kept."""
    figs = list(figures)
    if not figs:
        return Figure(0.0, 0.0, 0.0, status="waargenomen", eenheid=eenheid or "")
    mids = [f.midden for f in figs]
    return Figure(
        laag=math.fsum(f.laag for f in figs),
        hoog=INF if any(math.isinf(f.hoog) for f in figs) else math.fsum(f.hoog for f in figs),
        midden=math.nan if any(math.isnan(m) for m in mids) else math.fsum(mids),
        status=_combine_status(f.status for f in figs),
        eenheid=eenheid if eenheid is not None else figs[0].eenheid,
        niveau=figs[0].niveau if len({f.niveau for f in figs}) == 1 else "",
        periode=figs[0].periode if len({f.periode for f in figs}) == 1 else None,
        meegeteld=_union(*(f.meegeteld for f in figs)),
        ontbrekend=_union(*(f.ontbrekend for f in figs)),
    )


def verschil(a: Figure, b: Figure) -> Figure:
    """a − b as an interval: [a.laag − b.hoog, a.hoog − b.laag]; its sign only where :meth:`Figure.teken` says."""
    lo = a.laag - b.hoog
    hi = a.hoog - b.laag
    mid = a.midden - b.midden if not (math.isnan(a.midden) or math.isnan(b.midden)) else math.nan
    if math.isnan(lo):
        lo = -INF
    if math.isnan(hi):
        hi = INF
    if not math.isnan(mid) and not lo <= mid <= hi:
        mid = math.nan
    return Figure(lo, hi, mid, status=_combine_status([a.status, b.status]), eenheid=a.eenheid,
                  niveau=a.niveau if a.niveau == b.niveau else "", meegeteld=_union(a.meegeteld, b.meegeteld),
                  ontbrekend=_union(a.ontbrekend, b.ontbrekend))


def per_jaar(f: Figure) -> Figure:
    """A flow over its period as a yearly figure: a half-year × 2, a quarter × 4, several years ÷ their number.

    A stock (a count at a moment) has no yearly rate, and a figure without a period cannot be
    converted: both raise ``ValueError``.
    """
    if f.periode is None:
        raise ValueError("een cijfer zonder tijdvak kan niet naar een jaarcijfer worden omgerekend")
    if f.periode.soort == "moment":
        raise ValueError("een stand op een peildatum is geen stroom per jaar")
    if f.periode.jaren == 1:
        return f
    return f.maal(1 / f.periode.jaren, jaar_omrekening(f.periode))


def jaar_omrekening(periode: Tijdvak) -> str:
    """How a flow over ``periode`` becomes yearly, in Dutch: ``halfjaarcijfer × 2 voor een jaar``."""
    years = periode.jaren
    words = {"halfjaar": "halfjaarcijfer × 2", "kwartaal": "kwartaalcijfer × 4"}.get(
        periode.soort, f"cijfer over {number(years)} jaar ÷ {number(years)}")
    return f"{words} voor een jaar"


def verdeel(f: Figure, aandelen: dict[str, float]) -> dict[str, Figure]:
    """Share a figure out by a verdeelsleutel (shares ≥ 0 that add up to 1): each part keeps status and completeness."""
    total = math.fsum(aandelen.values())
    if any(a < 0 for a in aandelen.values()) or not math.isclose(total, 1.0, abs_tol=1e-9):
        raise ValueError("de aandelen van een verdeelsleutel moeten 0 of meer zijn en samen 1")
    return {k: f.maal(a) for k, a in aandelen.items()}


# --------------------------------------------------------------------------------------------
# Writing figures (the one formatter)


def rond(value: float, digits: int = 2, richting: str = "") -> float:
    """Round to ``digits`` significant figures: an estimate carries no more (1.234 -> 1.200, 87 -> 87).

    ``richting`` ``omlaag`` or ``omhoog`` rounds a lower or upper bound outwards, so "ten minste" stays true.
    """
    if value is None or value != value or value == 0 or math.isinf(value):
        return value
    step = 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1)
    if step == 0 or not math.isfinite(step):  # a value at the edge of what a float holds: nothing to round
        return float(value)
    if richting == "omlaag":
        return float(math.floor(value / step + 1e-9) * step)
    if richting == "omhoog":
        return float(math.ceil(value / step - 1e-9) * step)
    return float(round(value / step) * step)


def _n(value: float, status: str, richting: str = "") -> str:
    return number(rond(value, 2, richting) if status != "waargenomen" else value)


def getal(f: Figure, eenheid: str | None = None) -> str:
    """The figure's value: ``1.234`` (observed), ``1.200–1.900`` (estimate), ``ten minste 150``, ``onbekend``."""
    unit = f.eenheid if eenheid is None else eenheid
    tail = f" {unit}" if unit else ""
    if f.is_onbekend:
        return "onbekend"
    if math.isinf(f.hoog):
        return f"ten minste {_n(f.laag, f.status, 'omlaag')}{tail}"
    lo, hi = _n(f.laag, f.status, "omlaag"), _n(f.hoog, f.status, "omhoog")
    return f"{lo}{tail}" if lo == hi else f"{lo}–{hi}{tail}"


STATUS_WOORD = {"waargenomen": "waargenomen", "schatting": "schatting", "onbekend": "onbekend"}


def tekst(f: Figure, eenheid: str | None = None, *, status: bool = True) -> str:
    """``1.200–1.900 woningen per jaar (schatting)``; ``ten minste 150 woningen per jaar (schatting, onvolledig)``."""
    value = getal(f, eenheid)
    if f.is_onbekend or not status:
        return value
    word = STATUS_WOORD[f.status]
    return f"{value} ({word}{', onvolledig' if not f.volledig else ''})"


def opsomming(names: Sequence[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} en {names[-1]}"


def volledigheid_tekst(f: Figure, delen: int | None = None, woord: tuple[str, str] = ("groep", "groepen")) -> str:
    """What a total holds: ``alle 8 groepen``; ``alleen statushouders (1 van 8 groepen); onbekend: …``."""
    deels = [n for n in f.meegeteld if n in f.ontbrekend]
    ontbreekt = [n for n in f.ontbrekend if n not in f.meegeteld]
    totaal = delen if delen is not None else len(set(f.meegeteld) | set(f.ontbrekend))
    counted = len(f.meegeteld)
    if not f.ontbrekend:
        return f"alle {totaal} {woord[1]}" if totaal != 1 else f"de enige {woord[0]}"
    if counted == 0:
        return f"van geen van de {totaal} {woord[1]} is een cijfer bekend"
    head = ("alleen " + opsomming(f.meegeteld) if not deels and len(f.meegeteld) <= 3
            else f"{counted} van de {totaal} {woord[1] if totaal != 1 else woord[0]}")
    if not deels and len(f.meegeteld) <= 3:
        head += f" ({counted} van de {totaal} {woord[1] if totaal != 1 else woord[0]})"
    parts = [head]
    if deels:
        parts.append("deels onbekend: " + opsomming(deels))
    if ontbreekt:
        parts.append("onbekend: " + opsomming(ontbreekt))
    return "; ".join(parts)


def verschil_tekst(d: Figure, *, eenheid: str = "woningen") -> str:
    """A difference need − supply in words, by the one sign convention (:mod:`woonzorg.present.teken`: tekort
    positive, ruimte negative), its sign only where the intervals fix it; else ``niet te zeggen`` with the reason."""
    sign = d.teken()
    unit = f" {eenheid}" if eenheid else ""
    if sign == 0:
        return f"geen {TEKORT} en geen {RUIMTE}"
    if sign == 1:
        amount = (f"ten minste {_n(d.laag, d.status, 'omlaag')}" if math.isinf(d.hoog)
                  else getal(d.met(eenheid=""), ""))
        return f"een {TEKORT} van {amount}{unit} ({STATUS_WOORD[d.status]})"
    if sign == -1:
        amount = (f"ten minste {_n(-d.hoog, d.status, 'omlaag')}" if math.isinf(d.laag)
                  else getal(Figure(-d.hoog, -d.laag, -d.midden, status=d.status), ""))
        return f"{RUIMTE} voor {amount}{unit} meer ({STATUS_WOORD[d.status]})"
    if d.ontbrekend:
        missing = list(d.ontbrekend)
        what = opsomming(missing) if len(missing) <= 3 else f"{len(missing)} onderdelen ({opsomming(missing)})"
        return f"niet te zeggen of er een tekort of ruimte is: van {what} is het cijfer (deels) onbekend"
    return (f"niet te zeggen of er een tekort of ruimte is: de uitkomst ligt tussen ruimte voor "
            f"{_n(-d.laag, d.status)} en een tekort van {_n(d.hoog, d.status)}{unit}")


def verschil_kort(d: Figure) -> str:
    """A table cell for a difference: ``tekort 300–1.500``, ``tekort ten minste 300``, ``ruimte 1.400``, ``niet te zeggen``."""
    sign = d.teken()
    if sign == 0:
        return "0"
    if sign == 1:
        return f"{TEKORT} " + (f"ten minste {_n(d.laag, d.status, 'omlaag')}" if math.isinf(d.hoog) else getal(d, ""))
    if sign == -1:
        flipped = Figure(-d.hoog, -d.laag, -d.midden if not math.isnan(d.midden) else math.nan, status=d.status)
        return f"{RUIMTE} " + (f"ten minste {_n(-d.hoog, d.status, 'omlaag')}" if math.isinf(d.laag) else getal(flipped, ""))
    return "niet te zeggen"


@dataclass(frozen=True)
class Totaal:
    """A total with the number of parts it should have: what every headline is made of."""

    figuur: Figure
    delen: int
    woord: tuple[str, str] = field(default=("groep", "groepen"))

    def tekst(self, eenheid: str | None = None) -> str:
        """``ten minste 150 woningen per jaar (schatting) — alleen statushouders (1 van de 8 groepen); onbekend: …``."""
        f = self.figuur
        if f.is_onbekend:
            return f"onbekend — {volledigheid_tekst(f, self.delen, self.woord)}"
        return f"{tekst(f, eenheid)} — {volledigheid_tekst(f, self.delen, self.woord)}"

    def kort(self, eenheid: str | None = None) -> str:
        """For a key figure card: ``ten minste 160 woningen per jaar (schatting; 1 van de 8 groepen)``."""
        f = self.figuur
        if f.is_onbekend:
            return f"onbekend (0 van de {self.delen} {self.woord[1]})"
        deels = any(n in f.ontbrekend for n in f.meegeteld)
        part = (f"alle {self.delen} {self.woord[1]}" if f.volledig
                else f"{len(f.meegeteld)} van de {self.delen} {self.woord[1]}{', deels' if deels else ''}")
        return f"{getal(f, eenheid)} ({STATUS_WOORD[f.status]}; {part})"
