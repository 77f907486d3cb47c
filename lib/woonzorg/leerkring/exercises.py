"""The exercise engine: an exercise with its answer and known reasoning errors, and the feedback on an answer.

A theme writes its exercises with the region's own names and figures (its ``exercises`` in the
registry, :mod:`woonzorg.themes`); this module numbers them and checks an answer. A judgement
exercise (:class:`Keuze`) asks to choose among options and names the reasoning behind each; a
numeric one (:class:`Opdracht`) parses a Dutch answer (``1.234,5``, ``12%``) and says what is right
or which known reasoning error leads to the number given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from woonzorg import regions, themes
from woonzorg.data import Dataset
from woonzorg.dutch import number as _n
from woonzorg.dutch import parse_number
from woonzorg.memo import per_object


@dataclass(frozen=True)
class Denkfout:
    """A known wrong way to reason, the number it leads to, and what to say about it (Dutch)."""

    waarde: float
    uitleg: str


@dataclass(frozen=True)
class Opdracht:
    """One numeric exercise for one region. The answer is not part of the repr (nor of any widget)."""

    thema: str
    id: str
    titel: str
    vraag: str  # with the region's own names and figures; never the answer
    eenheid: str  # "%" for a percentage, else a word shown after the answer field
    decimalen: int
    antwoord: float = field(repr=False)
    tolerantie: float = field(repr=False)  # absolute, in the unit of the answer
    uitleg: str = field(repr=False)  # the worked solution with the region's figures (shown once right)
    hint: str = ""  # the method without numbers, shown when the answer is wrong
    denkfouten: tuple[Denkfout, ...] = field(default=(), repr=False)
    teken: bool = False  # show a + for positive answers (a change)
    nummer: int = 0

    @property
    def procent(self) -> bool:
        return self.eenheid == "%"

    def format_value(self, waarde: float) -> str:
        """A value of this exercise as the pages show it: ``151,8``, ``21,3%`` or ``+0,14``."""
        text = _n(waarde, self.decimalen)
        if self.teken and waarde > 0 and text.strip("0,") != "":
            text = "+" + text
        return f"{text}%" if self.procent else text

    @property
    def antwoord_tekst(self) -> str:
        return self.format_value(self.antwoord) + ("" if self.procent else f" {self.eenheid}")


@dataclass(frozen=True)
class Terugkoppeling:
    """The feedback on one answer: right or not, and a Dutch text that never gives the answer away when wrong."""

    goed: bool
    tekst: str
    geldig: bool = True  # False: the text was no number


def tolerantie(antwoord: float, absoluut: float, relatief: float = 0.0) -> float:
    return max(absoluut, abs(antwoord) * relatief)


def new_opdracht(*, thema: str, id: str, titel: str, vraag: str, eenheid: str, decimalen: int, antwoord: float,
                  tolerantie: float, uitleg: str, hint: str, denkfouten: Iterable[Denkfout] = (),
                  teken: bool = False) -> Opdracht:
    """An exercise whose wrong-reasoning values are kept only where they can be told apart from the answer.

    A reasoning error that happens to give (nearly) the right number in this region is dropped,
    and of two errors that give the same number only the first is kept: feedback must not call a
    right answer wrong, nor guess the wrong mistake.
    """
    kept: list[Denkfout] = []
    for fout in denkfouten:
        if not math.isfinite(fout.waarde) or abs(fout.waarde - antwoord) <= 2 * tolerantie:
            continue
        if any(abs(fout.waarde - k.waarde) <= 2 * tolerantie for k in kept):
            continue
        kept.append(fout)
    return Opdracht(thema=thema, id=id, titel=titel, vraag=vraag, eenheid=eenheid, decimalen=decimalen,
                    antwoord=float(antwoord), tolerantie=float(tolerantie), uitleg=uitleg, hint=hint,
                    denkfouten=tuple(kept), teken=teken)


@dataclass(frozen=True)
class Optie:
    """One answer to a judgement exercise: the text shown, whether it holds up, and the reasoning either way."""

    tekst: str
    goed: bool = field(repr=False)
    uitleg: str = field(repr=False)


@dataclass(frozen=True)
class Keuze:
    """A judgement exercise on the region's own figures: choose the position that holds up, and hear why.

    Which option is right is not part of the repr, nor of any widget (see :func:`woonzorg.leerkring.oefening`).
    """

    thema: str
    id: str
    titel: str
    vraag: str
    opties: tuple[Optie, ...] = field(repr=False)
    uitleg: str = field(repr=False)  # the reasoning, for the facilitator guide
    hint: str = ""
    nummer: int = 0
    denkfouten: tuple[Denkfout, ...] = field(default=(), repr=False)  # none: every option explains itself

    def __post_init__(self) -> None:
        if sum(o.goed for o in self.opties) != 1 or len(self.opties) < 2:
            raise ValueError(f"opdracht {self.id}: precies één van twee of meer opties is goed")

    @property
    def antwoord_tekst(self) -> str:
        return next(o.tekst for o in self.opties if o.goed)

    def format_value(self, waarde: object) -> str:  # the guide shows the right option's text
        return str(waarde)


Oefening = Opdracht | Keuze


@per_object(copy=True)  # a workbook asks once per exercise; computing them all takes a quarter second
def opdrachten(dataset: Dataset, regio: str, thema: str) -> list[Oefening]:
    """The exercises of a theme for one region, numbered from 1; a theme without exercises gives ``[]``.

    A maker returns ``None`` when its exercise does not apply to the region (for example a change
    between rounds of the zelfscan when there is only one round).
    """
    regions.get_region(dataset, regio)  # an unknown region is an error, not an empty list
    theme = themes.get(thema)
    made = [maker(dataset, regio) for maker in (theme.exercises if theme else ())]
    return [_numbered(o, i) for i, o in enumerate((o for o in made if o is not None), start=1)]


def _numbered(o: Oefening, nummer: int) -> Oefening:
    return replace(o, nummer=nummer)


def _decimalen(n: int) -> str:
    return {0: "hele getallen", 1: "één decimaal"}.get(n, f"{n} decimalen")


def check_keuze(o: Keuze, keuze: int | str | None) -> Terugkoppeling:
    """Check a judgement: the chosen option (its index or its text) and the reasoning behind it."""
    if keuze is None or keuze == "":
        return Terugkoppeling(False, "Nog geen antwoord om te controleren: kies eerst een van de mogelijkheden.",
                              geldig=False)
    index = keuze if isinstance(keuze, int) else next((i for i, x in enumerate(o.opties) if x.tekst == keuze), -1)
    if not 0 <= index < len(o.opties):
        return Terugkoppeling(False, "Nog geen antwoord om te controleren: kies een van de mogelijkheden.",
                              geldig=False)
    chosen = o.opties[index]
    if chosen.goed:
        return Terugkoppeling(True, f"Goed! {chosen.uitleg}")
    return Terugkoppeling(False, f"Nog niet goed: {chosen.uitleg}")


def check_answer(o: Opdracht | Keuze, antwoord: str | float | None) -> Terugkoppeling:
    """Check an answer: right (with the worked solution), a known reasoning error, or how far off.

    A judgement exercise (:class:`Keuze`) goes to :func:`check_keuze`. Text is read with
    :func:`woonzorg.dutch.parse_number`. For a percentage exercise a share (``0,213`` for
    ``21,3%``) counts as right, with a note. A wrong answer's feedback never contains the answer.
    """
    if isinstance(o, Keuze):
        return check_keuze(o, antwoord)
    if isinstance(antwoord, (int, float)) and not isinstance(antwoord, bool):
        candidates, had_pct = [float(antwoord)], False
    else:
        try:
            value, had_pct = parse_number(str(antwoord))
        except ValueError as exc:
            return Terugkoppeling(False, f"Nog geen antwoord om te controleren: {exc}.", geldig=False)
        candidates = [value]
        raw = re.sub(r"[\s\u00a0]", "", str(antwoord)).lstrip("+-\u2212").rstrip("%")
        if re.fullmatch(r"\d{1,3}\.\d{3}", raw):  # "2.571": Dutch thousands or a decimal point
            candidates.append(float(raw) * (-1 if str(antwoord).strip()[:1] in "-\u2212" else 1))
    if o.procent and not had_pct:
        candidates += [c * 100 for c in candidates if abs(c) <= 1.5]
    for value in candidates:
        if abs(value - o.antwoord) <= o.tolerantie:
            note = ""
            if o.procent and not had_pct and value != candidates[0]:
                note = " (U gaf een aandeel; als percentage schrijft u dat met een %-teken.)"
            return Terugkoppeling(True, f"Goed!{note} {o.uitleg}")
    value = candidates[0]
    for fout in o.denkfouten:
        for c in candidates:
            if abs(c - fout.waarde) <= max(o.tolerantie, abs(fout.waarde) * 0.002):
                return Terugkoppeling(False, f"Nog niet goed: {fout.uitleg}")
    if o.antwoord and math.isclose(abs(value), abs(o.antwoord) * 100, rel_tol=0.01):
        return Terugkoppeling(False, "Nog niet goed: uw antwoord is ongeveer honderd keer te groot. "
                                     "Rekent u met een percentage als heel getal (12 in plaats van 12% = 0,12)?")
    if o.antwoord and math.isclose(value, -o.antwoord, rel_tol=0.02, abs_tol=o.tolerantie):
        return Terugkoppeling(False, "Nog niet goed: de grootte klopt, maar het teken niet. Trekt u de goede "
                                     "twee getallen van elkaar af, in de goede volgorde?")
    afstand = abs(value - o.antwoord)
    if afstand <= 5 * o.tolerantie:
        return Terugkoppeling(False, "Bijna: u zit er dichtbij. Controleer de afronding; reken met de getallen "
                                     f"uit de tabel en rond pas aan het eind af op {_decimalen(o.decimalen)}. {o.hint}")
    richting = "te hoog" if value > o.antwoord else "te laag"
    return Terugkoppeling(False, f"Nog niet goed: uw antwoord is {richting}. {o.hint}")




def row_with_highest(frame, score):
    """The row of ``frame`` with the highest ``score`` (ties: the first in the table's order)."""
    return frame.loc[score.astype(float).idxmax()]
