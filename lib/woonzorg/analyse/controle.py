"""Model against observation: wherever an observed figure bears on an assumption, the difference, flagged beyond ±20%.

Four checks (each a row of the frame :func:`controles` returns):

- *vrijkomend aanbod*: observed social lettings against corporation stock × the national
  mutatiegraad (the implied mutatiegraad is in the explanation);
- *aandeel met voorrang*: an observed share of lettings with priority against the assumed
  share that is the scenario's default plafond;
- *dakloosheid*: an observed centrumregio count against what the national CBS figure split by
  inhabitants would give (a method CBS warns against and this analysis does not use as demand);
- *taakstelling*: the statushouders rule (national half-year task × share of inhabitants)
  against a published municipal half-year task.
"""

from __future__ import annotations

import re

import pandas as pd

from woonzorg import tijdvak

from woonzorg.dutch import number, percent
from woonzorg.present.privacy import hidden_observation

MARGE = 0.20  # beyond this relative difference a check is flagged
KOLOMMEN = ["onderwerp", "niveau", "gebied", "peildatum", "waargenomen", "model", "verschil", "gemarkeerd",
            "toelichting", "bron", "persoonsaantal", "afgeschermd"]
_HALFJAAR = re.compile(r"^\d{4}-H[12]$")


def _row(onderwerp, niveau, gebied, peildatum, waargenomen, model, toelichting, bron, observation=None) -> dict:
    """One check; ``observation`` (a row of the suppressed waarnemingen) says whether it is a person count and
    whether its value was hidden: then the difference and the flag are unknown, whatever the value was."""
    persons = bool(getattr(observation, "persoonsaantal", False))
    hidden = hidden_observation(observation) if observation is not None else False
    verschil = (model - waargenomen) / waargenomen if waargenomen and not hidden else float("nan")
    return dict(onderwerp=onderwerp, niveau=niveau, gebied=gebied, peildatum=peildatum, waargenomen=waargenomen,
                model=model, verschil=verschil, gemarkeerd=bool(abs(verschil) > MARGE) if verschil == verschil else False,
                toelichting=toelichting, bron=bron, persoonsaantal=persons, afgeschermd=hidden)


def lettings_checks(implied: pd.DataFrame, landelijk: float) -> list[dict]:
    """Observed lettings per municipality against stock × the national mutatiegraad."""
    return [_row("vrijkomend aanbod", "gemeente", r.gemeente, r.periode, float(r.verhuringen),
                 float(r.corporatiewoningen) * landelijk,
                 f"waargenomen verhuringen gedeeld door {number(r.corporatiewoningen)} corporatiewoningen geeft een "
                 f"mutatiegraad van {percent(r.mutatiegraad, 1)}; het model rekent met landelijk "
                 f"{percent(landelijk, 1)}. De analyse gebruikt de waarneming.", r.bron)
            for r in implied.itertuples(index=False)]


def voorrang_checks(observations: pd.DataFrame, aangenomen: float) -> list[dict]:
    """Observed shares of lettings with priority (in the region) against the assumed share."""
    rows = observations[observations["indicator"] == "aandeel_verhuringen_voorrang"] if not observations.empty \
        else observations
    out = []
    for r in rows.itertuples(index=False):
        share = float(r.waarde) / 100 if float(r.waarde) > 1 else float(r.waarde)
        out.append(_row("aandeel verhuringen met voorrang", r.niveau, r.gebied, str(r.periode), share, aangenomen,
                        f"waargenomen {percent(share)} van de verhuringen met voorrang; het standaardplafond van "
                        f"de analyse is {percent(aangenomen)} (NOS-gemiddelde van de grote gemeenten)", str(r.bron)))
    return out


def dakloos_checks(observations: pd.DataFrame, centrumregios: pd.DataFrame | None, gemeenten_nl: pd.DataFrame,
                   dakloos_nl: float, inwoners_nl: float) -> list[dict]:
    """Observed centrumregio homeless counts against the national CBS figure split by inhabitants."""
    if observations.empty or centrumregios is None or centrumregios.empty:
        return []
    rows = observations[(observations["niveau"] == "centrumregio") & (observations["groep"] == "dakthuisloos")
                        & observations["eenheid"].astype(str).str.startswith("personen")]
    rows = rows.drop_duplicates("gebiedscode")  # the catalogue's preferred count per centrumregio
    inwoners = gemeenten_nl.set_index("gemeentecode")["inwoners"].astype(float)
    out = []
    for r in rows.itertuples(index=False):
        members = centrumregios[centrumregios["centrumgemeente_code"] == r.gebiedscode]["gemeentecode"]
        total = float(members.map(inwoners).sum())
        if not total:
            continue
        model = dakloos_nl * total / inwoners_nl
        out.append(_row("dakloosheid", "centrumregio", r.gebied, str(r.periode), float(r.waarde), model,
                        f"het landelijke CBS-cijfer ({number(dakloos_nl)}) naar het aandeel inwoners van de "
                        f"{len(members)} bekende gemeenten van de centrumregio zou {number(model)} geven; CBS "
                        "waarschuwt tegen zo'n verdeling en de analyse gebruikt hem niet. Definities verschillen "
                        "(geregistreerd in opvang tegenover een schatting van alle dakloze volwassenen).", str(r.bron),
                        r))
    return out


def taakstelling_checks(observations: pd.DataFrame, gemeenten_nl: pd.DataFrame, halfjaren: dict[str, float],
                        inwoners_nl: float) -> list[dict]:
    """The rule (national half-year task × share of inhabitants) against each published municipal half-year task."""
    if observations.empty:
        return []
    rows = observations[(observations["indicator"] == "taakstelling_vergunninghouders")
                        & (observations["niveau"] == "gemeente")]
    inwoners = gemeenten_nl.set_index("gemeentecode")["inwoners"].astype(float)
    out = []
    for r in rows.itertuples(index=False):
        tijdvak = _tijdvak(r)
        national = halfjaren.get(tijdvak) if _HALFJAAR.match(tijdvak) else None
        if national is None or r.gemeentecode not in inwoners.index:
            continue
        model = national * inwoners[r.gemeentecode] / inwoners_nl
        out.append(_row("taakstelling statushouders", "gemeente", r.gebied, tijdvak, float(r.waarde), model,
                        f"landelijke taakstelling {tijdvak} ({number(national)}) × aandeel inwoners "
                        "(1 januari 2024)", str(r.bron), r))
    return out


def _tijdvak(row) -> str:
    """The structured period of an observation (the column ``tijdvak``; never the free text of ``periode``)."""
    found = tijdvak.lees(getattr(row, "tijdvak", ""))
    return found.code if found else ""


def controles(rows: list[dict]) -> pd.DataFrame:
    """The checks as one frame (:data:`KOLOMMEN`), flagged ones first."""
    frame = pd.DataFrame(rows, columns=KOLOMMEN)
    if frame.empty:
        return frame
    return frame.sort_values(["gemarkeerd", "onderwerp"], ascending=[False, True], kind="stable").reset_index(drop=True)


_JAAR = re.compile(r"^\d{4}$")


def taakstelling_toets(observations: pd.DataFrame, gemeenten_nl: pd.DataFrame, halfjaren: dict[str, float],
                       inwoners_nl: float, opmerkingen: dict[str, str] | None = None) -> pd.DataFrame:
    """Every published municipal taakstelling against the rule, or why it cannot be compared.

    A half-year (``2024-H1``) is compared with that half's national task; a full year (``2022
    (heel jaar ...)``) with the sum of both halves. Returns gebied, periode, waargenomen, volgens_regel,
    verschil (relative) and uitleg (empty when compared).
    """
    rows = observations[(observations["indicator"] == "taakstelling_vergunninghouders")
                        & (observations["niveau"] == "gemeente")]
    inwoners = gemeenten_nl.set_index("gemeentecode")["inwoners"].astype(float)
    out = []
    for r in rows.itertuples(index=False):
        periode = _tijdvak(r)
        national, uitleg = None, ""
        if _HALFJAAR.match(periode):
            national = halfjaren.get(periode)
            uitleg = "" if national else f"de landelijke taakstelling van {periode} is niet bekend"
        elif _JAAR.match(periode):
            halves = [halfjaren.get(f"{periode}-H1"), halfjaren.get(f"{periode}-H2")]
            national = sum(halves) if all(halves) else None
            uitleg = "" if national else f"niet beide landelijke halfjaartaken van {periode} zijn bekend"
        else:
            uitleg = f"de periode '{r.periode}' is niet precies een halfjaar of jaar"
            periode = str(r.periode)
        regel = national * inwoners[r.gemeentecode] / inwoners_nl if national else float("nan")
        halves = [periode[:7]] if _HALFJAAR.match(periode) else [f"{periode[:4]}-H1", f"{periode[:4]}-H2"]
        remarks = [f"landelijke taakstelling {h}: {(opmerkingen or {}).get(h)}" for h in halves
                   if (opmerkingen or {}).get(h)]
        if pd.isna(r.waarde):  # a count under 10: its value is not kept, so there is nothing to compare
            out.append(dict(gebied=r.gebied, periode=periode, waargenomen=float("nan"), volgens_regel=regel,
                            verschil=float("nan"), uitleg="waargenomen aantal onder 10: afgeschermd"))
            continue
        if national and abs(regel - r.waarde) > 0.10 * r.waarde:
            uitleg = "; ".join(remarks) or "verschil groter dan 10% zonder bekende reden"
        out.append(dict(gebied=r.gebied, periode=periode, waargenomen=float(r.waarde), volgens_regel=regel,
                        verschil=(regel - r.waarde) / r.waarde if national else float("nan"), uitleg=uitleg))
    return pd.DataFrame(out, columns=["gebied", "periode", "waargenomen", "volgens_regel", "verschil", "uitleg"])
