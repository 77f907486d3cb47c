"""Learning circles (leerkringen): exercises with feedback, the facilitator guide and the record of each session.

A leerkring session of about two hours works on one region and one theme. This module gives it:

- **Opdrachten**: per theme a few numeric exercises written with the region's own names and
  figures (:func:`opdrachten`). The answer is computed by calling the theme's library, never typed
  in; :func:`controleer` parses a Dutch answer (``1.234,5``, ``12%``) and says what is right or
  which known reasoning error leads to the number given. :func:`oefening` is the workbook widget:
  the answer lives only in the kernel's closure, never in the widget state or the notebook.
- **Begeleidershandreiking**: :func:`begeleider_html` renders the facilitator guide (session plan
  with timings, questions with the region's figures, the answers with the common mistakes, tips)
  from ``templates/leerkring/begeleider.html.j2``; the build writes it beside every guide as
  ``<thema>-begeleider.html``.
- **Sessieverslag**: choices and notes of a session are appended to ``data/leerkring-sessies.csv``
  (:func:`save_sessie`, from the workbook with :func:`sessie_formulier`): dated, under an exclusive
  lock, through an atomic rename, never overwriting an earlier row. The handout shows the latest
  session of its theme in a section "Uit de leerkring" (:func:`sessie_html`); the table is keyed
  by region, so a saved session rebuilds that region's guides.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import analyse, paths, profiel, proces, regions, visie
from woonzorg.present import charts
from woonzorg.memo import per_object
from woonzorg.themes import Part
from woonzorg import data as wzdata
from woonzorg.data import Column, DataError, Dataset, TableSchema, check_region_membership
from woonzorg.storage import append_rows, exclusive_lock
from woonzorg.present.tables import HTML

# --------------------------------------------------------------------------------------------
# Dutch numbers


def _n(value: float, decimals: int = 0) -> str:
    return charts.dutch_number(float(value), decimals)


def _pct(value: float, decimals: int = 0) -> str:
    """A share 0–1 as a Dutch percentage: ``0.2134`` -> ``21,3%``."""
    return f"{_n(100 * float(value), decimals)}%"


_NUMBER = re.compile(r"^(?P<sign>[+-]?)(?P<digits>[\d.,]+)(?P<pct>%?)(?P<unit>[^\d]*)$")
_DUTCH_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+\.\d+$")


def lees_getal(tekst: str) -> tuple[float, bool]:
    """Read a number as Dutch people type it; returns ``(value, had_percent_sign)``.

    ``1.234,5``, ``1234,5``, ``1 234,5``, ``+0,31``, ``−0,3`` (a real minus), ``12%``, ``12 %`` and
    ``151,8 woningen`` all read. A comma is the decimal separator; a dot is a thousands separator
    when it groups by three (``1.234`` = 1234), else a decimal point (``2.57``). Raises
    ``ValueError`` with a Dutch message when the text is no number.
    """
    t = str(tekst or "").strip().replace("\u2212", "-").replace("\u2013", "-")
    t = re.sub(r"[\s\u00a0\u2009\u202f]", "", t)
    if not t:
        raise ValueError("vul eerst een getal in (bijvoorbeeld 1.234,5 of 12,5%)")
    m = _NUMBER.match(t)
    if not m or not re.search(r"\d", m["digits"]) or re.search(r"\d", m["unit"]):
        raise ValueError(f"'{tekst}' is geen getal; schrijf bijvoorbeeld 1.234,5 of 12,5%")
    digits = m["digits"]
    if "," in digits and "." in digits:
        if _EN_THOUSANDS.match(digits):
            digits = digits.replace(",", "")
        elif digits.rfind(",") > digits.rfind("."):
            digits = digits.replace(".", "").replace(",", ".")
        else:
            raise ValueError(f"'{tekst}' is geen getal: de komma hoort achter de punt, bijvoorbeeld 1.234,5")
    elif "," in digits:
        if digits.count(",") > 1:
            raise ValueError(f"'{tekst}' is geen getal: er staat meer dan één komma in; schrijf bijvoorbeeld 1.234,5")
        digits = digits.replace(",", ".")
    elif _DUTCH_THOUSANDS.match(digits):
        digits = digits.replace(".", "")
    elif digits.count(".") > 1:
        raise ValueError(f"'{tekst}' is geen getal: er staat meer dan één punt in; schrijf bijvoorbeeld 1.234,5")
    try:
        value = float(digits)
    except ValueError:
        raise ValueError(f"'{tekst}' is geen getal; schrijf bijvoorbeeld 1.234,5 of 12,5%") from None
    return (-value if m["sign"] == "-" else value), bool(m["pct"])


# --------------------------------------------------------------------------------------------
# Exercises


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

    def formatteer(self, waarde: float) -> str:
        """A value of this exercise as the pages show it: ``151,8``, ``21,3%`` or ``+0,14``."""
        text = _n(waarde, self.decimalen)
        if self.teken and waarde > 0 and text.strip("0,") != "":
            text = "+" + text
        return f"{text}%" if self.procent else text

    @property
    def antwoord_tekst(self) -> str:
        return self.formatteer(self.antwoord) + ("" if self.procent else f" {self.eenheid}")


@dataclass(frozen=True)
class Terugkoppeling:
    """The feedback on one answer: right or not, and a Dutch text that never gives the answer away when wrong."""

    goed: bool
    tekst: str
    geldig: bool = True  # False: the text was no number


def _tolerantie(antwoord: float, absoluut: float, relatief: float = 0.0) -> float:
    return max(absoluut, abs(antwoord) * relatief)


def maak_opdracht(*, thema: str, id: str, titel: str, vraag: str, eenheid: str, decimalen: int, antwoord: float,
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


OpdrachtMaker = Callable[[Dataset, str], "Opdracht | None"]
OPDRACHTEN: dict[str, list[OpdrachtMaker]] = {}


def opdracht(thema: str):
    """Register an exercise maker for a theme (a small registry, in the order of registration)."""
    def register_maker(maker: OpdrachtMaker) -> OpdrachtMaker:
        OPDRACHTEN.setdefault(thema, []).append(maker)
        return maker
    return register_maker


def opdrachten(dataset: Dataset, regio: str, thema: str) -> list[Opdracht]:
    """The exercises of a theme for one region, numbered from 1; a theme without exercises gives ``[]``.

    A maker returns ``None`` when its exercise does not apply to the region (for example a change
    between rounds of the zelfscan when there is only one round).
    """
    return list(_opdrachten(dataset, regio, thema))  # a list of its own: the remembered one stays as it was


@per_object  # a workbook asks once per exercise; computing them all takes a quarter second
def _opdrachten(dataset: Dataset, regio: str, thema: str) -> tuple[Opdracht, ...]:
    regions.get_region(dataset, regio)  # an unknown region is an error, not an empty list
    made = [maker(dataset, regio) for maker in OPDRACHTEN.get(thema, [])]
    return tuple(_numbered(o, i) for i, o in enumerate((o for o in made if o is not None), start=1))


def _numbered(o: Opdracht, nummer: int) -> Opdracht:
    return replace(o, nummer=nummer)


def _decimalen(n: int) -> str:
    return {0: "hele getallen", 1: "één decimaal"}.get(n, f"{n} decimalen")


def controleer(o: Opdracht, antwoord: str | float) -> Terugkoppeling:
    """Check an answer: right (with the worked solution), a known reasoning error, or how far off.

    Text is read with :func:`lees_getal`. For a percentage exercise a share (``0,213`` for
    ``21,3%``) counts as right, with a note. A wrong answer's feedback never contains the answer.
    """
    if isinstance(antwoord, (int, float)) and not isinstance(antwoord, bool):
        candidates, had_pct = [float(antwoord)], False
    else:
        try:
            value, had_pct = lees_getal(str(antwoord))
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


# --------------------------------------------------------------------------------------------
# The exercises per theme (each computed by calling the theme's library)


def _municipality_where(frame: pd.DataFrame, score: pd.Series) -> pd.Series:
    """The row with the highest score (ties: the first in the table's order)."""
    return frame.loc[score.astype(float).idxmax()]


@opdracht("regioprofiel")
def _aandeel_65plus(dataset: Dataset, regio: str) -> Opdracht:
    p = profiel.regioprofiel(dataset, regio)
    g, t = p.gemeenten, p.totalen
    antwoord = 100 * t["inwoners_65plus"] / t["inwoners"]
    ongewogen = 100 * float((g["inwoners_65plus"] / g["inwoners"]).astype(float).mean())
    return maak_opdracht(
        thema="regioprofiel", id="aandeel-65plus", titel="Hoe oud is de regio?",
        vraag=(f"Welk deel van de inwoners van {p.regio.naam} is 65 jaar of ouder? Gebruik de tabel "
               "'Gemeenten en hun cijfers' en geef een percentage met twee decimalen."),
        eenheid="%", decimalen=2, antwoord=antwoord, tolerantie=0.015,
        uitleg=(f"Alle 65-plussers van de regio ({_n(t['inwoners_65plus'])}) gedeeld door alle inwoners "
                f"({_n(t['inwoners'])}) is {_n(antwoord, 2)}%. Grote gemeenten wegen zo mee naar hun omvang."),
        hint="Tel eerst de 65-plussers en de inwoners van de hele regio op (de totaalregel) en deel dan.",
        denkfouten=[
            Denkfout(ongewogen, "u nam het ongewogen gemiddelde van de percentages van de gemeenten. Dan telt "
                                "een kleine gemeente even zwaar als een grote. Deel het totaal aantal 65-plussers "
                                "door het totaal aantal inwoners."),
            Denkfout(100 * t["inwoners_65plus"] / t["huishoudens"],
                     "u deelde door het aantal huishoudens. Het gaat om het deel van de inwoners."),
            Denkfout(100 - antwoord, "u berekende het deel van de inwoners dat jonger is dan 65."),
            Denkfout(antwoord / 100, "u gaf een aandeel in plaats van een percentage; vermenigvuldig met 100."),
        ],
    )


@opdracht("regioprofiel")
def _huishoudensgrootte(dataset: Dataset, regio: str) -> Opdracht:
    p = profiel.regioprofiel(dataset, regio)
    g, t = p.gemeenten, p.totalen
    antwoord = t["inwoners"] / t["huishoudens"]
    return maak_opdracht(
        thema="regioprofiel", id="huishoudensgrootte", titel="Hoe groot is een huishouden?",
        vraag=(f"Hoeveel inwoners telt een huishouden in {p.regio.naam} gemiddeld? Reken met de totalen van de "
               "regio en geef twee decimalen."),
        eenheid="inwoners per huishouden", decimalen=2, antwoord=antwoord, tolerantie=0.01,
        uitleg=(f"{_n(t['inwoners'])} inwoners gedeeld door {_n(t['huishoudens'])} huishoudens is "
                f"{_n(antwoord, 2)} inwoners per huishouden. (Inwoners in instellingen tellen mee bij de inwoners, "
                "niet bij de particuliere huishoudens; het cijfer is daardoor iets hoger dan de echte "
                "huishoudensgrootte.)"),
        hint="Deel het aantal inwoners van de regio door het aantal huishoudens van de regio.",
        denkfouten=[
            Denkfout(t["huishoudens"] / t["inwoners"], "u deelde de huishoudens door de inwoners: dat is het aantal "
                                                       "huishoudens per inwoner. Deel andersom."),
            Denkfout(t["inwoners"] / t["woningvoorraad"], "u deelde door het aantal woningen in plaats van het "
                                                          "aantal huishoudens."),
            Denkfout(float((g["inwoners"] / g["huishoudens"]).astype(float).mean()),
                     "u nam het ongewogen gemiddelde van de gemeenten. Reken met de totalen van de regio."),
        ],
    )


@opdracht("woonzorganalyse")
def _eerlijk_aandeel_huishoudens(dataset: Dataset, regio: str) -> Opdracht:
    a = analyse.woonzorganalyse(dataset, regio)
    g = a.gemeenten.reset_index(drop=True)
    totaal = float(a.vraag["vraag"].sum())
    aandeel_hh = g["huishoudens"] / g["huishoudens"].sum()
    per_sleutel = {k: a.spreiding[a.spreiding["verdeelsleutel"] == k].set_index("gemeentecode")["eerlijk_aandeel"]
                   for k in analyse.VERDEELSLEUTELS}
    # the municipality where the household key differs most from the key in the table everyone knows
    verschil = (aandeel_hh * totaal - g["gemeentecode"].map(per_sleutel["inwoners"])).abs()
    x = _municipality_where(g, verschil)
    antwoord = totaal * float(aandeel_hh[x.name])
    eigen = float(analyse.vraag_per_gemeente(a.vraag).set_index("gemeentecode").at[x.gemeentecode, "vraag"])
    return maak_opdracht(
        thema="woonzorganalyse", id="eerlijk-aandeel-huishoudens", titel="Een vierde verdeelsleutel",
        vraag=(f"De tabel 'Eerlijk aandeel per gemeente' rekent met drie verdeelsleutels. Stel dat de regio de "
               f"vraag van aandachtsgroepen verdeelt naar het aantal huishoudens. Wat is dan het eerlijke aandeel van "
               f"{x.gemeente}, in woningen per jaar? Gebruik de regionale vraag (totaal van de tabel 'Jaarlijkse "
               "woningvraag') en de huishoudens uit het regioprofiel; geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=_tolerantie(antwoord, 0.3, 0.005),
        uitleg=(f"Regionale vraag {_n(totaal)} woningen per jaar × het aandeel van {x.gemeente} in de huishoudens van "
                f"de regio ({_n(x.huishoudens)} van {_n(g['huishoudens'].sum())} = {_pct(aandeel_hh[x.name], 1)}) "
                f"= {_n(antwoord, 1)} woningen per jaar."),
        hint="Eerlijk aandeel = regionale vraag × (huishoudens van de gemeente / huishoudens van de regio).",
        denkfouten=[
            Denkfout(float(per_sleutel["inwoners"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar inwoners; dat staat al in de tabel. Reken met het aandeel "
                     "in de huishoudens."),
            Denkfout(float(per_sleutel["corporatiewoningen"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar sociale huurvoorraad. Reken met het aandeel in de huishoudens."),
            Denkfout(float(per_sleutel["vrijkomend"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar vrijkomend aanbod. Reken met het aandeel in de huishoudens."),
            Denkfout(eigen, f"dat is de vraag die in {x.gemeente} zelf ontstaat (de huidige bijdrage), niet haar "
                            "eerlijke aandeel van de regionale vraag."),
            Denkfout(totaal / len(g), "u verdeelde de vraag gelijk over alle gemeenten. Een verdeelsleutel weegt "
                                      "naar de omvang van elke gemeente."),
            Denkfout(100 * float(aandeel_hh[x.name]), "dat is het aandeel van de gemeente in de huishoudens (in "
                                                      "procenten). Vermenigvuldig dat aandeel met de regionale vraag."),
        ],
    )


def _eigen_mutatiegraad(landelijk: float) -> float:
    """A turnover clearly different from the national one, so the exercise's answer is in no table."""
    return 0.055 if abs(landelijk - 0.055) > 0.01 else 0.085


@opdracht("woonzorganalyse")
def _vrijkomend_aanbod(dataset: Dataset, regio: str) -> Opdracht:
    a = analyse.woonzorganalyse(dataset, regio)
    basis = analyse.gemeenten_basis(dataset, regio)
    mg = _eigen_mutatiegraad(a.mutatiegraad)
    eigen = analyse.aanbod(basis, mutatiegraad=mg)
    y = _municipality_where(eigen, eigen["corporatiewoningen"])
    antwoord = float(y.vrijkomend)
    woningen = float(regions.region_municipalities(dataset, regio).set_index("gemeentecode")
                     .at[y.gemeentecode, "woningvoorraad"])
    landelijk = float(a.aanbod.set_index("gemeentecode").at[y.gemeentecode, "vrijkomend"])
    procent = _n(100 * mg, 1)
    return maak_opdracht(
        thema="woonzorganalyse", id="vrijkomend-aanbod", titel="Een eigen mutatiegraad",
        vraag=(f"De corporaties in {y.gemeente} melden dat er per jaar {procent}% van hun woningen vrijkomt (de "
               f"mutatiegraad). Hoeveel sociale huurwoningen komen er dan per jaar vrij in {y.gemeente}, zonder "
               "nieuwbouw? Geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=_tolerantie(antwoord, 0.15, 0.002),
        uitleg=(f"{_n(y.corporatiewoningen)} corporatiewoningen × {procent}% = {_n(antwoord, 1)} vrijkomende "
                "woningen per jaar."),
        hint="Vrijkomend aanbod = corporatiewoningen van de gemeente × de mutatiegraad (als deel, dus 5% = 0,05).",
        denkfouten=[
            Denkfout(landelijk, f"u rekende met de landelijke mutatiegraad ({_pct(a.mutatiegraad, 1)}) uit de tabel "
                                f"'Vrijkomende sociale huurwoningen'. Gebruik de {procent}% van de corporaties."),
            Denkfout(woningen * mg, "u nam alle woningen van de gemeente. Alleen corporatiewoningen (de sociale "
                                    "huurvoorraad) komen vrij voor aandachtsgroepen."),
            Denkfout(antwoord * 100, f"u rekende met {procent} in plaats van {procent}% (= {_n(mg, 3)})."),
            Denkfout(antwoord * a.plafond_aandeel, "u nam alleen het deel onder het plafond voor aandachtsgroepen. "
                                                   "De vraag gaat over alle woningen die vrijkomen."),
        ],
    )


def _zelfscan(dataset: Dataset, regio: str):
    antwoorden = dataset["zelfscan-antwoorden"]
    return proces.uitslag(antwoorden, regio, stellingen=dataset["zelfscan-stellingen"])


@opdracht("procesorganisatie")
def _zwakste_dimensie_omhoog(dataset: Dataset, regio: str) -> Opdracht | None:
    u = _zelfscan(dataset, regio)
    if u is None or not len(u.scores):
        return None
    d = u.scores.astype(float).idxmin()
    if u.scores[d] > proces.SCHAAL_MAX - 1:
        return None
    k = len(u.scores)
    stellingen = int((dataset["zelfscan-stellingen"]["dimensie"] == d).sum()) or 1
    nieuw = u.scores.astype(float).copy()
    nieuw[d] += 1
    antwoord = float(nieuw.mean())
    naam = proces.DIMENSIES[d].naam
    return maak_opdracht(
        thema="procesorganisatie", id="zwakste-dimensie", titel="Wat levert één stap vooruit op?",
        vraag=(f"In ronde {u.ronde} van de zelfscan scoort {naam} het laagst. Stel dat bij de volgende ronde alle "
               f"{stellingen} stellingen van {naam} één punt hoger scoren en de rest gelijk blijft. Wat wordt dan de "
               "totaalscore (het gemiddelde over de dimensies)? Geef twee decimalen."),
        eenheid="punten", decimalen=2, antwoord=antwoord, tolerantie=0.06,
        uitleg=(f"De score van {naam} stijgt met één punt (het gemiddelde van stellingen die elk een punt stijgen). "
                f"Het totaal is het gemiddelde van {k} dimensies en stijgt dus met 1/{k} = {_n(1 / k, 2)} punt: van "
                f"{_n(u.totaal, 2)} naar {_n(antwoord, 2)}."),
        hint=f"Het totaal is het gemiddelde van {k} dimensiescores; een dimensiescore is het gemiddelde van haar "
             "stellingen.",
        denkfouten=[
            Denkfout(u.totaal + 1, f"u telde de punt bij het totaal op. Het totaal is het gemiddelde van {k} dimensies: "
                                   f"als één dimensie een punt stijgt, stijgt het totaal met 1/{k} punt."),
            Denkfout(u.totaal + stellingen / k, f"u telde {stellingen} punten op, één per stelling. Maar de "
                                                "dimensiescore is het gemiddelde van haar stellingen: die stijgt met "
                                                "één punt."),
            Denkfout(u.totaal + 1 / stellingen, f"u deelde door het aantal stellingen ({stellingen}). Deel door het "
                                                f"aantal dimensies ({k})."),
            Denkfout(float(u.scores[d]) + 1, f"dat is de nieuwe score van {naam} zelf. De vraag is naar de totaalscore."),
        ],
    )


@opdracht("procesorganisatie")
def _verandering_totaal(dataset: Dataset, regio: str) -> Opdracht | None:
    antwoorden = dataset["zelfscan-antwoorden"]
    shown = proces.rondes(antwoorden, regio)
    if len(shown) < 2:
        return None
    change = proces.verandering(antwoorden, regio).dropna(subset=["vorige", "huidige"])
    if change.empty:
        return None
    vorige = proces.uitslag(antwoorden, regio, shown[-2])
    huidige = proces.uitslag(antwoorden, regio, shown[-1])
    antwoord = huidige.totaal - vorige.totaal
    k = len(change)
    som = float(change["verschil"].sum())
    return maak_opdracht(
        thema="procesorganisatie", id="verandering-totaal", titel="Vooruit of achteruit?",
        vraag=(f"De tabel 'Verandering sinds de vorige ronde' zet ronde {shown[-2]} en ronde {shown[-1]} per dimensie "
               "naast elkaar. Hoeveel punten veranderde de totaalscore (het gemiddelde over de dimensies)? Geef twee "
               "decimalen, met een min-teken als de score daalde."),
        eenheid="punten", decimalen=2, antwoord=antwoord, tolerantie=0.06, teken=True,
        uitleg=(f"De totaalscore ging van {_n(vorige.totaal, 2)} naar {_n(huidige.totaal, 2)}: een verandering van "
                f"{'+' if antwoord > 0 else ''}{_n(antwoord, 2)} punt. Dat is ook het gemiddelde van de {k} verschillen "
                "in de tabel."),
        hint="Neem het gemiddelde van de verschillen per dimensie (of: nieuwe totaalscore min oude totaalscore).",
        denkfouten=[
            Denkfout(som, f"u telde de verschillen van de {k} dimensies op. De totaalscore is een gemiddelde: deel de "
                          f"som door {k}."),
            Denkfout(-antwoord, "u trok de nieuwe ronde van de oude af. Reken nieuw min oud: een stijging is positief."),
            Denkfout(huidige.totaal, f"dat is de totaalscore van ronde {shown[-1]} zelf; de vraag is hoeveel die "
                                     "veranderde."),
        ],
    )


@opdracht("woonzorgvisie")
def _opgave_per_jaar_gemeente(dataset: Dataset, regio: str) -> Opdracht:
    ambitie, sleutel = 0.75, "corporatiewoningen"
    v = visie.woonzorgvisie(dataset, regio, verdeelsleutel=sleutel, ambitie=ambitie)
    volledig = visie.woonzorgvisie(dataset, regio, ambitie=1.0)
    g = v.per_gemeente().reset_index(drop=True)
    vol = volledig.per_gemeente(sleutel).set_index("gemeentecode")
    inw = volledig.per_gemeente("inwoners").set_index("gemeentecode")
    verschil = (g["gemeentecode"].map(vol["opgave"]) - g["gemeentecode"].map(inw["opgave"])).abs()
    x = _municipality_where(g, verschil)
    antwoord = float(x.opgave_per_jaar)
    totaal_vol = float(vol.at[x.gemeentecode, "opgave"])
    sleutelnaam = analyse.VERDEELSLEUTELS[sleutel].naam
    return maak_opdracht(
        thema="woonzorgvisie", id="opgave-per-jaar", titel="De opgave van één gemeente",
        vraag=(f"Stel dat de regio kiest voor een ambitie van {_pct(ambitie)} en de opgave verdeelt {sleutelnaam}. "
               f"Hoeveel woningen per jaar moet {x.gemeente} dan beschikbaar maken voor aandachtsgroepen, gemiddeld "
               f"over {v.peiljaar} tot en met {v.doeljaar}? Gebruik de tabel 'Opgave tot en met {v.doeljaar} per "
               "gemeente onder de drie verdeelsleutels' (die rekent met een ambitie van 100%); geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=_tolerantie(antwoord, 0.15, 0.005),
        uitleg=(f"De opgave van {x.gemeente} {sleutelnaam} tot en met {v.doeljaar} is bij 100% ambitie "
                f"{_n(totaal_vol)} woningen. Bij {_pct(ambitie)} is dat {_n(totaal_vol * ambitie, 1)}, verdeeld over "
                f"{v.jaren} jaar ({v.peiljaar} tot en met {v.doeljaar}): {_n(antwoord, 1)} woningen per jaar."),
        hint=f"Opgave per jaar = opgave tot en met {v.doeljaar} bij 100% × de ambitie ÷ het aantal jaren (tel het "
             "eerste en het laatste jaar allebei mee).",
        denkfouten=[
            Denkfout(totaal_vol / v.jaren, f"u rekende met een ambitie van 100%. Vermenigvuldig met {_pct(ambitie)}."),
            Denkfout(totaal_vol * ambitie, f"dat is de opgave over de hele periode; deel door het aantal jaren "
                                           f"({v.jaren})."),
            Denkfout(totaal_vol * ambitie / (v.jaren - 1), f"u deelde door {v.jaren - 1} jaar. {v.peiljaar} tot en met "
                                                           f"{v.doeljaar} is {v.jaren} jaar: beide jaren tellen mee."),
            Denkfout(float(inw.at[x.gemeentecode, "opgave"]) * ambitie / v.jaren,
                     f"u gebruikte de verdeling naar inwoners. De vraag is de verdeling {sleutelnaam}."),
            Denkfout(totaal_vol * (1 - ambitie) / v.jaren, f"u rekende met {_pct(1 - ambitie)} in plaats van "
                                                           f"{_pct(ambitie)}."),
        ],
    )


@opdracht("woonzorgvisie")
def _opgave_regio_ambitie(dataset: Dataset, regio: str) -> Opdracht:
    ambitie = 0.6
    v = visie.woonzorgvisie(dataset, regio, ambitie=ambitie)
    volledig = visie.woonzorgvisie(dataset, regio, ambitie=1.0)
    antwoord = v.opgave_regio / v.jaren
    return maak_opdracht(
        thema="woonzorgvisie", id="opgave-regio", titel="Een lagere ambitie",
        vraag=(f"De tabel 'Gevolgen van het ambitieniveau' toont de opgave van {v.regio.naam} bij 50%, 75% en 100%. "
               f"Hoeveel woningen per jaar is de regionale opgave bij een ambitie van {_pct(ambitie)}? Geef één "
               "decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=_tolerantie(antwoord, 0.4, 0.003),
        uitleg=(f"Bij 100% ambitie is de opgave {_n(volledig.opgave_regio / volledig.jaren, 1)} woningen per jaar; "
                f"{_pct(ambitie)} daarvan is {_n(antwoord, 1)}. De opgave groeit evenredig met de ambitie."),
        hint="De opgave is evenredig met de ambitie: neem het juiste deel van de opgave per jaar bij 100%.",
        denkfouten=[
            Denkfout(volledig.opgave_regio / volledig.jaren, "dat is de opgave per jaar bij 100% ambitie."),
            Denkfout(v.opgave_regio, f"dat is de opgave over de hele periode; deel door het aantal jaren ({v.jaren})."),
            Denkfout(ambitie * volledig.beschikbaar_regio / volledig.jaren,
                     f"u nam {_pct(ambitie)} van het beschikbare aanbod. De ambitie is een deel van de vraag."),
            Denkfout(volledig.opgave_regio / volledig.jaren * (1 - ambitie),
                     f"u rekende met {_pct(1 - ambitie)} in plaats van {_pct(ambitie)}."),
        ],
    )


# --------------------------------------------------------------------------------------------
# The session record: data/leerkring-sessies.csv

SOORTEN: dict[str, str] = {"keuze": "Keuzes", "notitie": "Notities"}
MAX_TEKST, MAX_KORT = 2000, 100
_THEMA_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

SESSIES = TableSchema(
    "leerkring-sessies.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("datum", "date", True, "datum van de sessie"),
        Column("thema", "text", True, "thema van het werkboek (regioprofiel, woonzorganalyse, …)"),
        Column("soort", "text", True, f"{' of '.join(SOORTEN)}"),
        Column("onderwerp", "text", False, "waar de keuze of notitie over gaat (bijvoorbeeld 'verdeelsleutel')"),
        Column("tekst", "text", True, "de keuze of notitie zelf"),
        Column("groep", "text", True, "wie het vastlegde (bijvoorbeeld 'leerkring', 'tafel 2')"),
    ),
    description="Keuzes en notities uit leerkringsessies, per regio en thema; het werkboek voegt regels toe, "
                "eerdere regels blijven staan.",
    optional=True,
)


def _check_sessies(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    frame = tables.get("leerkring-sessies")
    if frame is None or frame.empty:
        return []
    name = names["leerkring-sessies"]
    errors = check_region_membership(frame, name, tables["regio-indeling"])
    for i, row in enumerate(frame.itertuples(index=False)):
        regel = frame.attrs["regels"][i]
        if row.soort not in SOORTEN:
            errors.append(DataError(name, f"onbekende soort '{row.soort}'; kies uit {', '.join(SOORTEN)}",
                                    regel, "soort"))
        if not _THEMA_ID.match(str(row.thema)):
            errors.append(DataError(name, f"'{row.thema}' is geen thema-id (kleine letters, bijvoorbeeld "
                                    "woonzorganalyse)", regel, "thema"))
    return errors




class SessieSaveError(ValueError):
    """A session entry that cannot be saved; the message is for the learning circle (Dutch)."""


@dataclass(frozen=True)
class SavedSessie:
    regio: str
    thema: str
    datum: str
    groep: str
    regels: int
    path: Path


def sessies_path(data_dir: str | Path | None = None) -> Path:
    return paths.data_dir(data_dir) / SESSIES.file


def read_sessies(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The session file alone (empty frame with the schema's columns when there is none yet)."""
    root = paths.data_dir(data_dir)
    return wzdata.read_optional_table(root / SESSIES.file, SESSIES, f"{root.name}/{SESSIES.file}")


def _clean(text: object, what: str, limit: int, *, required: bool = True, multiline: bool = False) -> str:
    t = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    t = "".join(c for c in t if c == "\n" or c == "\t" or ord(c) >= 32)
    t = t.strip() if multiline else " ".join(t.split())
    if required and not t:
        raise SessieSaveError(f"vul {what} in")
    if len(t) > limit:
        raise SessieSaveError(f"{what} is te lang (maximaal {limit} tekens)")
    return t


def _spreadsheet_safe(text: str) -> str:
    """A leading space keeps a spreadsheet from reading ``=…`` as a formula; the loader strips it again."""
    return " " + text if text[:1] in ("=", "+", "-", "@") else text


def save_sessie(
    regio: str,
    thema: str,
    regels: Iterable[Mapping[str, str] | Sequence[str]],
    *,
    groep: str,
    datum: str | date | None = None,
    data_dir: str | Path | None = None,
) -> SavedSessie:
    """Append a session's choices and notes for ``regio`` and ``thema`` to ``leerkring-sessies.csv``.

    ``regels`` are ``(soort, onderwerp, tekst)`` triples or mappings with those keys; ``soort`` is
    ``keuze`` or ``notitie``. The existing file is kept byte for byte and the new rows appended,
    under an exclusive lock and through an atomic rename, so an earlier session is never lost, also
    not when two groups save at the same moment.
    """
    root = paths.data_dir(data_dir)
    groep_text = _clean(groep, "de groep (bijvoorbeeld 'leerkring' of 'tafel 2')", MAX_KORT)
    thema = str(thema or "").strip()
    if not _THEMA_ID.match(thema):
        raise SessieSaveError(f"'{thema}' is geen thema-id (bijvoorbeeld woonzorganalyse)")
    try:
        datum_text = wzdata.PARSERS["date"](datum.isoformat() if isinstance(datum, date) else
                                            (datum or date.today().isoformat()), False)
    except ValueError as exc:
        raise SessieSaveError(str(exc)) from None
    rows: list[list[str]] = []
    for regel in regels:
        if isinstance(regel, Mapping):
            soort, onderwerp, tekst = regel.get("soort"), regel.get("onderwerp", ""), regel.get("tekst")
        else:
            soort, onderwerp, tekst = regel
        soort = str(soort or "").strip().lower()
        if soort not in SOORTEN:
            raise SessieSaveError(f"onbekende soort '{soort}'; kies uit {', '.join(SOORTEN)}")
        rows.append([regio, datum_text, thema, soort,
                     _spreadsheet_safe(_clean(onderwerp, "het onderwerp", MAX_KORT, required=False)),
                     _spreadsheet_safe(_clean(tekst, "de tekst van de keuze of notitie", MAX_TEKST, multiline=True)),
                     _spreadsheet_safe(groep_text)])
    if not rows:
        raise SessieSaveError("er is niets om op te slaan: schrijf eerst een keuze of notitie")
    indeling = wzdata.read_table(root / "regio-indeling.csv", wzdata.CORE_SCHEMAS["regio-indeling"],
                                 f"{root.name}/regio-indeling.csv")
    if regio not in set(indeling["regio"]):
        raise SessieSaveError(f"onbekende regio '{regio}'; bekend zijn: {', '.join(sorted(set(indeling['regio'])))}")

    path = root / SESSIES.file
    with exclusive_lock(path):
        existing = read_sessies(root)  # refuses to append to a broken file (the error names regel and kolom)
        problems = _check_sessies({SESSIES.file.removesuffix(".csv"): existing, "regio-indeling": indeling},
                                  {SESSIES.file.removesuffix(".csv"): f"{root.name}/{SESSIES.file}"})
        if problems:
            raise wzdata.DataValidationError(problems)
        append_rows(path, SESSIES.column_names, rows)
    return SavedSessie(regio, thema, datum_text, groep_text, len(rows), path)


def laatste_sessie(sessies: pd.DataFrame, regio: str, thema: str) -> pd.DataFrame:
    """The rows of the latest session (latest date) of a region and theme, in the order saved."""
    own = sessies[(sessies["regio"] == regio) & (sessies["thema"] == thema)]
    if own.empty:
        return own
    return own[own["datum"] == own["datum"].max()].reset_index(drop=True)


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum_nl(iso: str) -> str:
    """``2026-03-12`` -> ``12 maart 2026``."""
    d = date.fromisoformat(str(iso))
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def sessie_html(dataset: Dataset, regio: str, thema: str) -> HTML:
    """The section "Uit de leerkring": the latest session's choices and notes for this theme (escaped).

    Shows nothing when no session of this region and theme was saved yet.
    """
    sessies = dataset["leerkring-sessies"]
    rows = laatste_sessie(sessies, regio, thema)
    if rows.empty:
        return HTML("")
    own = sessies[(sessies["regio"] == regio) & (sessies["thema"] == thema)]
    eerder = own.loc[own["datum"] < rows["datum"].iloc[0], "datum"].nunique()
    groepen = ", ".join(dict.fromkeys(rows["groep"].astype(str)))
    parts = [f'<h2 id="uit-de-leerkring">Uit de leerkring</h2>'
             f'<p class="wz-sessie">Wat de leerkring vastlegde in de sessie van {html.escape(datum_nl(rows["datum"].iloc[0]))} '
             f"(door: {html.escape(groepen)}).</p>"]
    for soort, kop in SOORTEN.items():
        of_kind = rows[rows["soort"] == soort]
        if of_kind.empty:
            continue
        items = "".join(
            "<li>" + (f"<strong>{html.escape(str(r.onderwerp))}</strong>: " if isinstance(r.onderwerp, str) and r.onderwerp
                      else "") + html.escape(str(r.tekst)).replace("\n", "<br>") + "</li>"
            for r in of_kind.itertuples(index=False))
        parts.append(f"<h3>{kop}</h3><ul>{items}</ul>")
    parts.append('<p class="wz-bron">Bron: data/leerkring-sessies.csv, vastgelegd in het werkboek'
                 + (f"; {eerder} eerdere sessie{'s' if eerder != 1 else ''} van dit thema staan ook in dat bestand"
                    if eerder else "") + ".</p>")
    return HTML("".join(parts))


# --------------------------------------------------------------------------------------------
# Themes: what a session on each theme is about (a registry; an unknown theme gets the general plan)


@dataclass(frozen=True)
class Thema:
    titel: str
    doel: str
    verkennen: str  # what participants explore with the controls or tables
    onderwerpen: tuple[str, ...]  # suggested subjects for choices and notes
    tips: tuple[str, ...] = ()
    vragen: Callable[[Dataset, str], list[str]] | None = None  # discussion questions with the region's figures


def _vragen_regioprofiel(dataset: Dataset, regio: str) -> list[str]:
    p = profiel.regioprofiel(dataset, regio)
    g = p.gemeenten.assign(inw=lambda f: f["inwoners"].astype(float), corp=lambda f: f["corporatiewoningen"].astype(float))
    t = p.totalen
    grootste = g.loc[g["inw"].idxmax()]
    hoog, laag = g.loc[g["corporatie_aandeel"].astype(float).idxmax()], g.loc[g["corporatie_aandeel"].astype(float).idxmin()]
    return [
        f"{grootste.gemeente} heeft {_pct(grootste.inw / t['inwoners'])} van de inwoners van {p.regio.naam} en "
        f"{_pct(grootste.corp / t['corporatiewoningen'])} van de corporatiewoningen. Wat betekent dat voor wie nu "
        "de meeste aandachtsgroepen huisvest?",
        f"Het corporatie-aandeel loopt van {_pct(laag.corporatie_aandeel, 1)} in {laag.gemeente} tot "
        f"{_pct(hoog.corporatie_aandeel, 1)} in {hoog.gemeente}. Moet een gemeente met weinig sociale huur minder "
        "doen, of juist iets anders (nieuwbouw, andere woonvormen)?",
        f"De regio telt {_n(t['inwoners_65plus'])} inwoners van 65 jaar en ouder. Hoe nemen we ouderen mee in de "
        "woonzorgopgave naast de aandachtsgroepen?",
        "Welke cijfers heeft de regio zelf (corporaties, centrumgemeente, woonruimteverdeling) die beter zijn dan "
        "deze landelijke bronnen, en wie levert ze aan voor de volgende sessie?",
    ]


def _vragen_woonzorganalyse(dataset: Dataset, regio: str) -> list[str]:
    a = analyse.woonzorganalyse(dataset, regio)
    k = a.kerncijfers()
    s = a.spreiding[a.spreiding["verdeelsleutel"] == a.verdeelsleutel].sort_values("verschil", ascending=False)
    top = s.iloc[0]
    e = a.evenredigheid.set_index("verdeelsleutel")["index"]
    tekort = k["tekort_doeljaar"]
    return [
        f"De geschatte vraag is ongeveer {_n(k['vraag_per_jaar'])} woningen per jaar, tegen {_n(k['aanbod_per_jaar'])} "
        f"vrijkomende sociale huurwoningen ({_pct(k['druk_regio'])} van het aanbod). Herkent u dat beeld? Welke eigen "
        "cijfers zijn beter?",
        f"Bij de verdeling {_sleutelnaam(a.verdeelsleutel)} draagt {top.gemeente} nu {_n(top.verschil)} "
        "woningen per jaar meer dan haar eerlijke aandeel. "
        "Welke verdeelsleutel vindt u eerlijk, en wat vraagt die van de andere gemeenten?",
        f"De huidige verdeling ligt het dichtst bij de sleutel {_sleutelnaam(e.idxmax())} (index "
        f"{_n(e.max(), 2)}). Is dat toeval of beleid?",
        (f"Als er niets verandert, loopt tot en met {a.doeljaar} een tekort op van ongeveer {_n(tekort)} woningen. "
         "Wat dicht dat gat: een hoger plafond, nieuwbouw, doorstroming of andere woonvormen?") if tekort > 0 else
        (f"Met het huidige plafond is er tot en met {a.doeljaar} ruimte voor ongeveer {_n(-tekort)} woningen meer dan "
         "de geschatte vraag. Komen die woningen vrij waar de vraag is?"),
        f"Het plafond staat op {_pct(a.plafond_aandeel)} van het vrijkomende aanbod. Welk deel mag naar "
        "aandachtsgroepen zonder dat andere woningzoekenden of de leefbaarheid in de knel komen?",
    ]


def _sleutelnaam(sleutel: str) -> str:
    return analyse.VERDEELSLEUTELS[sleutel].naam


def _vragen_procesorganisatie(dataset: Dataset, regio: str) -> list[str]:
    pg = proces.procesgegevens(dataset, regio)
    u = proces.uitslag(pg.antwoorden, regio, stellingen=pg.stellingen)
    vragen = []
    if u is not None:
        zwak = [proces.DIMENSIES[d].naam for d in u.aandachtspunten[:3]]
        sterk = [proces.DIMENSIES[d].naam for d in u.sterke_punten[:3]]
        vragen.append(f"De zelfscan (ronde {u.ronde}{', voorbeeldantwoorden' if u.voorbeeld else ''}) komt uit op "
                      f"{_n(u.totaal, 1)} van 4."
                      + (f" Aandachtspunten: {', '.join(zwak)}." if zwak else "")
                      + (f" Sterk: {', '.join(sterk)}." if sterk else "")
                      + " Herkent u dat? Wat is de eerste stap om het zwakste punt een niveau hoger te krijgen?")
        if u.voorbeeld:
            vragen.append("De uitslag bestaat nog uit voorbeeldantwoorden. Vult de leerkring de zelfscan vandaag zelf in, "
                          "en met welke respondentgroepen?")
    missing = [r.naam for r in proces.kernpartijen(pg.actoren).itertuples(index=False)
               if r.status != "aan tafel (gedocumenteerd)"]
    if missing:
        vragen.append(f"Nog niet (gedocumenteerd) aan tafel: {', '.join(missing)}. Wie nodigen we uit, en met welke rol?")
    vragen += [
        f"Er staan {len(pg.afspraken)} regionale afspraken in de gegevens van {pg.regio.naam}. Welke daarvan gaan over "
        "de verdeling van aandachtsgroepen, en wat ontbreekt?",
        "Wat doen we lokaal, wat subregionaal en wat regionaal? Welke overlegtafels kunnen samen?",
    ]
    return vragen


def _vragen_woonzorgvisie(dataset: Dataset, regio: str) -> list[str]:
    v = visie.woonzorgvisie(dataset, regio)
    g = v.per_gemeente().sort_values("extra_nodig", ascending=False)
    onbekend = v.bouwstenen[v.bouwstenen["status"].isin(["onbekend", "ontbreekt"])]["naam"].tolist() \
        if len(v.bouwstenen) else []
    vragen = [f"De regionale opgave is ongeveer {_n(v.opgave_regio / v.jaren)} woningen per jaar tot en met "
              f"{v.doeljaar} (ambitie {_pct(v.ambitie)}, {_sleutelnaam(v.verdeelsleutel)}). Welke ambitie durft "
              "de regio vast te leggen?"]
    if len(g) and g["extra_nodig"].iloc[0] > 0.5:
        r = g.iloc[0]
        vragen.append(f"{r.gemeente} heeft een opgave van ongeveer {_n(r.opgave)} woningen, {_n(r.extra_nodig)} meer dan er "
                      "bij het plafond vrijkomt. Hoe vult de gemeente dat in: een hoger aandeel, nieuwbouw, andere "
                      "woonvormen of een ruil met een buurgemeente?")
    if onbekend:
        vragen.append(f"Over {len(onbekend)} bouwstenen vonden we niets ({', '.join(onbekend[:3])}"
                      f"{', …' if len(onbekend) > 3 else ''}). Wat is er al, en wie maakt de rest?")
    vragen.append("Hoe komen de opgaven per gemeente in de prestatieafspraken, en wie volgt de voortgang?")
    return vragen


ALGEMENE_TIPS = (
    "Begin bij de eigen situatie: laat elke deelnemer in één zin zeggen wat voor haar of zijn organisatie het "
    "belangrijkste cijfer is, en waarom.",
    "Laat de opdrachten in tweetallen maken, gemeente naast corporatie of zorg: de terugkoppeling zegt waar een "
    "redenering misgaat, het gesprek daarover is het leren.",
    "Schrijf keuzes en open vragen meteen op in het formulier 'Sessie vastleggen'; zo komen ze in de volgende "
    "handreiking en begint de volgende sessie waar deze eindigde.",
    "Cijfers zijn schattingen: vraag bij elk cijfer 'wie heeft een beter getal?' en spreek af wie dat levert.",
)

THEMAS: dict[str, Thema] = {
    "regioprofiel": Thema(
        "Regioprofiel", "Samen het beeld van de regio scherp krijgen: welke gemeenten, hoeveel mensen en woningen, "
        "en waar de sociale huurvoorraad staat.",
        "de tabel met gemeenten en de grafiek van de inwoners; vergelijk het corporatie-aandeel van de gemeenten",
        ("schaal van de regio", "eigen cijfers", "sociale huurvoorraad", "ouderen"),
        ("Laat één deelnemer per gemeente de eigen cijfers in de tabel controleren; fouten of betere cijfers gaan "
         "in de notities.",),
        _vragen_regioprofiel),
    "woonzorganalyse": Thema(
        "Woonzorganalyse", "Inzicht in vraag en aanbod van woningen voor aandachtsgroepen, en een eerste gesprek over "
        "een eerlijke verdeling over de gemeenten.",
        "de knoppen bij 'Scenario's verkennen': verdeelsleutel, mutatiegraad, plafond en groei van de vraag",
        ("verdeelsleutel", "plafond", "mutatiegraad", "eigen cijfers", "tekort"),
        ("Zet de verdeelsleutel om terwijl iedereen meekijkt: de gemeente die het meest verschuift, vertelt wat dat "
         "voor haar betekent.",
         "Het plafond is een keuze, geen norm: laat de corporaties vertellen wat een hoger plafond voor andere "
         "woningzoekenden betekent."),
        _vragen_woonzorganalyse),
    "procesorganisatie": Thema(
        "Procesorganisatie", "Een gedeeld beeld van wie aan tafel zit, wie welke rol heeft en hoe volwassen de "
        "samenwerking is (de zelfscan).",
        "de actorenkaart, de RACI-matrix en de zelfscan; vul de zelfscan samen in en sla hem op",
        ("rolverdeling", "wie ontbreekt", "zelfscan", "agenda", "governance"),
        ("Laat de zelfscan eerst individueel scoren en bespreek dan de stellingen waarop de scores het meest "
         "uiteenlopen; dat verschil is het gesprek.",
         "Bij de RACI-matrix: per spoor precies één A. Twee A's is geen A."),
        _vragen_procesorganisatie),
    "woonzorgvisie": Thema(
        "Woonzorgvisie", "Van analyse naar een visie: welke ambitie en welke verdeelsleutel, welke bouwstenen "
        "ontbreken, en hoe wordt het een afspraak per gemeente.",
        "de knoppen bij 'Zelf kiezen' (verdeelsleutel en ambitie) en de opgave per gemeente per jaar",
        ("ambitie", "verdeelsleutel", "bouwstenen", "concepttekst", "prestatieafspraken"),
        ("Laat elke gemeente de eigen opgave per jaar hardop noemen en zeggen of die haalbaar is: dat is de opstap "
         "naar het bod (Haaglanden-methode).",),
        _vragen_woonzorgvisie),
}


def thema_info(thema: str) -> Thema:
    """The theme's session description; a theme without one gets a general description."""
    return THEMAS.get(thema) or Thema(thema.capitalize(), "Samen de handreiking van dit thema doornemen en keuzes "
                                      "vastleggen.", "de tabellen en grafieken van het werkboek", ("notitie",))


# --------------------------------------------------------------------------------------------
# The session plan (about two hours)


@dataclass(frozen=True)
class Onderdeel:
    minuten: int
    titel: str
    wat: str
    start: int = 0  # minutes from the start of the session

    @property
    def tijd(self) -> str:
        return f"{self.start // 60}:{self.start % 60:02d}"


def sessieplan(thema: str, aantal_opdrachten: int) -> list[Onderdeel]:
    """The plan of a session of 120 minutes: the parts in order with their start times."""
    t = thema_info(thema)
    opdrachten_tekst = (f"De {aantal_opdrachten} opdracht{'en' if aantal_opdrachten != 1 else ''} in het werkboek, in "
                        "tweetallen; de knop Controleer geeft direct terugkoppeling. Bespreek daarna plenair de "
                        "denkfouten die voorkwamen." if aantal_opdrachten else
                        "Werk in tweetallen de opdrachten in het werkboek uit en bespreek ze plenair.")
    parts = [
        Onderdeel(10, "Welkom en doel", f"Doel van vandaag: {t.doel} Wie is er, en wat wil ieder vandaag weten?"),
        Onderdeel(15, "Het werkboek openen", "Iedereen opent het werkboek van de regio in JupyterLab en kiest "
                  "Run → Run All Cells. Loop samen door de kerncijfers: klopt dit beeld?"),
        Onderdeel(25, "Verkennen", f"Verken {t.verkennen}. Wat valt op, wat verrast?"),
        Onderdeel(10, "Pauze", "Koffie; de begeleider kijkt welke vragen al opkwamen."),
        Onderdeel(20, "Opdrachten met terugkoppeling", opdrachten_tekst),
        Onderdeel(30, "Gesprek", "De gespreksvragen hieronder, met de cijfers van de regio. Leg keuzes en open vragen "
                  "vast terwijl het gesprek loopt."),
        Onderdeel(10, "Vastleggen en afsluiten", "Sla keuzes en notities op met het formulier 'Sessie vastleggen' in "
                  "het werkboek. Spreek af wie welke eigen cijfers aanlevert en wat de volgende sessie oppakt."),
    ]
    out, start = [], 0
    for p in parts:
        out.append(Onderdeel(p.minuten, p.titel, p.wat, start))
        start += p.minuten
    return out


# --------------------------------------------------------------------------------------------
# Workbook widgets


def _terugkoppeling_html(t: Terugkoppeling) -> str:
    css = "wz-goed" if t.goed else ("wz-fout" if t.geldig else "wz-leeg")
    return f'<p class="{css}" role="status">{html.escape(t.tekst)}</p>'


def oefening(regio: str, thema: str, nummer: int, data_dir: str | Path | None = None, *,
             gegevens: Dataset | None = None):
    """The widget of one exercise: the question, an answer field, a button "Controleer" and the feedback.

    The exercise (and so its answer) is held only by the button's callback in the kernel: no widget
    trait carries it, so it is neither displayed nor stored in the notebook's widget state. The
    box carries its parts for scripting and tests: ``antwoord`` (Text), ``controleer`` (Button),
    ``terugkoppeling`` (HTML).
    """
    import ipywidgets as widgets

    dataset = gegevens if gegevens is not None else wzdata.load_dataset(data_dir)
    lijst = opdrachten(dataset, regio, thema)
    if not 1 <= nummer <= len(lijst):
        return widgets.HTML(f"<p>Opdracht {int(nummer)} is er voor deze regio (nog) niet; dit thema heeft hier "
                            f"{len(lijst)} opdracht{'en' if len(lijst) != 1 else ''} met terugkoppeling.</p>")
    o = lijst[nummer - 1]
    vraag = widgets.HTML(f"<p><strong>Opdracht {o.nummer}: {html.escape(o.titel)}</strong></p>"
                         f"<p>{html.escape(o.vraag)}</p>")
    antwoord = widgets.Text(description="Antwoord", placeholder="bijvoorbeeld 1.234,5" if not o.procent else
                            "bijvoorbeeld 12,5%", layout=widgets.Layout(width="18rem"))
    eenheid = widgets.Label(o.eenheid if not o.procent else "procent")
    knop = widgets.Button(description="Controleer", button_style="primary", icon="check")
    terugkoppeling = widgets.HTML()

    def check(_button=None) -> None:
        terugkoppeling.value = _terugkoppeling_html(controleer(o, antwoord.value))

    knop.on_click(check)
    box = widgets.VBox([vraag, widgets.HBox([antwoord, eenheid, knop]), terugkoppeling])
    box.antwoord, box.controleer, box.terugkoppeling = antwoord, knop, terugkoppeling
    return box


def sessie_formulier(regio: str, thema: str, data_dir: str | Path | None = None):
    """A form to save the session's choices and notes to ``data/leerkring-sessies.csv``, one entry per click.

    The box carries its parts for scripting and tests: ``groep``, ``datum``, ``soort``,
    ``onderwerp``, ``tekst``, ``opslaan`` (the button) and ``melding``.
    """
    import ipywidgets as widgets

    root = paths.data_dir(data_dir)
    info = thema_info(thema)
    style = {"description_width": "initial"}
    groep = widgets.Text(description="Groep", placeholder="bijvoorbeeld: leerkring, tafel 2", style=style)
    datum = widgets.DatePicker(description="Datum", value=date.today(), style=style)
    soort = widgets.ToggleButtons(options=[("Keuze", "keuze"), ("Notitie", "notitie")], value="notitie",
                                  description="Soort", style=style)
    onderwerp = widgets.Combobox(description="Onderwerp", options=list(info.onderwerpen), ensure_option=False,
                                 placeholder="bijvoorbeeld: " + info.onderwerpen[0], style=style)
    tekst = widgets.Textarea(description="Tekst", placeholder="Wat koos de leerkring, of wat moet worden onthouden?",
                             layout=widgets.Layout(width="40rem", height="6rem"), style=style)
    opslaan = widgets.Button(description="Opslaan", button_style="primary", icon="save")
    melding = widgets.HTML()

    def on_click(_button=None) -> None:
        try:
            saved = save_sessie(regio, thema, [(soort.value, onderwerp.value, tekst.value)], groep=groep.value,
                                datum=datum.value, data_dir=root)
        except (SessieSaveError, wzdata.DataValidationError) as exc:
            melding.value = f'<p class="wz-fout"><strong>Niet opgeslagen:</strong> {html.escape(str(exc))}</p>'
            return
        melding.value = (f"<p><strong>Opgeslagen</strong> ({html.escape(soort.value)}, "
                         f"{html.escape(datum_nl(saved.datum))}, {html.escape(saved.groep)}). De volgende build van de "
                         "handreiking toont de keuzes en notities van deze sessie onder 'Uit de leerkring'.</p>")
        tekst.value = ""

    opslaan.on_click(on_click)
    box = widgets.VBox([widgets.HBox([groep, datum]), soort, onderwerp, tekst, opslaan, melding])
    box.groep, box.datum, box.soort, box.onderwerp, box.tekst = groep, datum, soort, onderwerp, tekst
    box.opslaan, box.melding = opslaan, melding
    return box


# --------------------------------------------------------------------------------------------
# The facilitator guide (begeleidershandreiking)


@functools.cache
def _template_environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(paths.TEMPLATES_DIR / "leerkring")),
                              autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def begeleider_context(dataset: Dataset, regio: str, thema: str) -> dict[str, object]:
    """Everything the facilitator guide shows, as Dutch text (the template escapes it)."""
    region = regions.get_region(dataset, regio)
    info = thema_info(thema)
    lijst = opdrachten(dataset, regio, thema)
    plan = sessieplan(thema, len(lijst))
    vorige = laatste_sessie(dataset["leerkring-sessies"], regio, thema)
    return {
        "regio": regio, "regio_naam": region.naam, "thema": thema, "thema_titel": info.titel, "doel": info.doel,
        "plan": [{"tijd": p.tijd, "minuten": p.minuten, "titel": p.titel, "wat": p.wat} for p in plan],
        "totaal_minuten": sum(p.minuten for p in plan),
        "vragen": info.vragen(dataset, regio) if info.vragen else [],
        "opdrachten": [{
            "nummer": o.nummer, "titel": o.titel, "vraag": o.vraag, "antwoord": o.antwoord_tekst, "uitleg": o.uitleg,
            "hint": o.hint,
            "denkfouten": [{"waarde": o.formatteer(f.waarde), "uitleg": f.uitleg[:1].upper() + f.uitleg[1:]}
                           for f in o.denkfouten],
        } for o in lijst],
        "tips": [*info.tips, *ALGEMENE_TIPS],
        "vorige_sessie": [] if vorige.empty else [
            {"soort": str(r.soort), "onderwerp": r.onderwerp if isinstance(r.onderwerp, str) else "", "tekst": str(r.tekst),
             "groep": str(r.groep)} for r in vorige.itertuples(index=False)],
        "vorige_datum": datum_nl(vorige["datum"].iloc[0]) if not vorige.empty else "",
        "handout": f"{thema}.html", "werkboek": f"{thema}.ipynb",
    }


def begeleider_html(dataset: Dataset, regio: str, thema: str, *, gebouwd: str = "", versie: str = "") -> str:
    """The facilitator guide of one region and theme as a page of the site (``OUT/<regio>/<thema>-begeleider.html``)."""
    return render_begeleider(begeleider_context(dataset, regio, thema), gebouwd=gebouwd, versie=versie)


def render_begeleider(context: Mapping[str, object], *, gebouwd: str = "", versie: str = "") -> str:
    """The facilitator guide's page from its content (:func:`begeleider_context`, or a notebook's record)."""
    return _template_environment().get_template("begeleider.html.j2").render(**context, gebouwd=gebouwd,
                                                                              versie=versie)


def begeleider_record(dataset: Dataset, regio: str, thema: str):
    """For the build: the facilitator guide's content as a record, shown by a cell tagged ``begeleider``.

    The notebook's kernel has the exercises at hand (computed once per dataset), so the build
    renders the guide from this record rather than computing them again (see
    :class:`woonzorg.present.record.Begeleider`: the answers stay out of the workbook).
    """
    from woonzorg.present.record import Begeleider

    return Begeleider(begeleider_context(dataset, regio, thema))


def begeleider_bestand(thema: str) -> str:
    """The facilitator guide's file name beside the handout."""
    return f"{thema}-begeleider.html"


# The learning circle's sessions table (see woonzorg.themes)
PART = Part(tables=(SESSIES,), checks=(_check_sessies,))
