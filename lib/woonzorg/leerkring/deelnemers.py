"""Participant sheets (deelnemersbladen) and the terugblik page: what the participants of a session take home.

A sheet is one printed page beside the handout (``<regio>/<thema>-deelnemers.html``): the session's
goal, the region's own key figures (as the notebook recorded them), the roles to cast, what to
bring and the homework for the next session, a practice example with its source. It holds no
exercise and no answer. The terugblik has no notebook: its page (``<regio>/terugblik.html``) and
sheet (``<regio>/terugblik-deelnemers.html``) are made from the region's session records, in the
build of the series' last notebook session.
"""

from __future__ import annotations

from collections.abc import Mapping

from woonzorg import regions, themes
from woonzorg.data import Dataset
from woonzorg.dutch import figure
from woonzorg.leerkring.guide import _template_environment
from woonzorg.leerkring.reeks import ROLLEN, SERIE, TERUGBLIK, Sessie, huiswerk_tekst, praktijkvoorbeelden, sessie
from woonzorg.leerkring.sessions import SOORTEN, datum_nl
from woonzorg.names import common_name

LAATSTE_WERKBOEK = SERIE[-2].thema  # the task that also writes the terugblik's pages


def _kerncijfers(thema: str, kerncijfers: Mapping[str, object]) -> list[dict[str, str]]:
    """The theme's declared key figures as label and Dutch value; example data (the zelfscan's example
    answers) never becomes a key figure."""
    theme = themes.get(thema)
    if theme is None:
        return []
    voorbeeld = bool(kerncijfers.get("zelfscan_voorbeeld"))
    shown = []
    for key, declared in theme.key_figures.items():
        if key not in kerncijfers or kerncijfers[key] is None or (voorbeeld and key.startswith("zelfscan")):
            continue
        shown.append({"label": declared.label[:1].upper() + declared.label[1:],
                      "waarde": figure(kerncijfers[key], declared.kind)})
    return shown


def _sessie_context(s: Sessie, regio: str) -> dict[str, object]:
    return {"nummer": s.nummer, "naam": s.naam, "doel": s.doel, "thema": s.thema,
            "meenemen": huiswerk_tekst(s.meenemen, regio), "huiswerk": huiswerk_tekst(s.huiswerk, regio)}


def _vastgelegd(dataset: Dataset, regio: str) -> list[dict[str, object]]:
    """Per notebook session of the series: how many choices and notes the region saved."""
    sessies = dataset["leerkring-sessies"]
    own = sessies[sessies["regio"] == regio]
    return [{"naam": s.naam, "regels": int((own["thema"] == s.thema).sum())} for s in SERIE[:-1]
            if (own["thema"] == s.thema).any()]


def deelnemersblad_html(dataset: Dataset, regio: str, thema: str, kerncijfers: Mapping[str, object], *,
                        cijfers_van: str | None = None, gebouwd: str = "", versie: str = "") -> str | None:
    """The participant sheet of a session of the series, or None for a theme outside it."""
    deze = sessie(thema)
    if deze is None:
        return None
    region = regions.get_region(dataset, regio)
    gemeenten = [common_name(str(g)) for g in regions.region_municipalities(dataset, regio)["gemeente"]]
    volgende = next((s for s in SERIE if s.nummer == deze.nummer + 1), None)
    voorbeelden = praktijkvoorbeelden(dataset, thema, regio)
    return _template_environment().get_template("deelnemers.html.j2").render(
        regio=regio, regio_naam=region.naam, sessie=_sessie_context(deze, regio),
        volgende=_sessie_context(volgende, regio) if volgende else None,
        reeks=[{"nummer": s.nummer, "naam": s.naam} for s in SERIE],
        kerncijfers=_kerncijfers(cijfers_van or thema, kerncijfers),
        sessies=_vastgelegd(dataset, regio) if deze is TERUGBLIK else [],
        rollen=[{"rol": rol, "taak": taak} for rol, taak in ROLLEN.items()],
        gemeenten=gemeenten, praktijk=voorbeelden[0] if voorbeelden else None,
        handout=f"{cijfers_van or thema}.html", gebouwd=gebouwd, versie=versie)


def terugblik_html(dataset: Dataset, regio: str, *, gebouwd: str = "", versie: str = "") -> str:
    """The terugblik session's page: what the region's learning circle recorded, per session and date."""
    region = regions.get_region(dataset, regio)
    sessies = dataset["leerkring-sessies"]
    own = sessies[sessies["regio"] == regio]
    onderdelen = []
    for s in SERIE[:-1]:
        rows = own[own["thema"] == s.thema]
        data = [{"datum": datum_nl(datum), "regels": [
            {"soort": SOORTEN.get(str(r.soort), str(r.soort)), "tekst": str(r.tekst), "groep": str(r.groep),
             "onderwerp": r.onderwerp if isinstance(r.onderwerp, str) else ""}
            for r in of_date.itertuples(index=False)]} for datum, of_date in rows.groupby("datum", sort=True)]
        onderdelen.append({"nummer": s.nummer, "naam": s.naam, "thema": s.thema, "data": data})
    return _template_environment().get_template("terugblik.html.j2").render(
        regio=regio, regio_naam=region.naam, sessie=_sessie_context(TERUGBLIK, regio), onderdelen=onderdelen,
        gebouwd=gebouwd, versie=versie)


def deelnemersbladen(dataset: Dataset, regio: str, thema: str, kerncijfers: Mapping[str, object], *,
                     gebouwd: str = "", versie: str = "") -> dict[str, str]:
    """For the build: the pages a theme's task writes beside its handout, by kind.

    ``deelnemers`` — the session's participant sheet; for the series' last notebook session also
    ``terugblik`` and ``terugblik-deelnemers`` (the terugblik has no notebook of its own). A theme
    outside the series gives ``{}``.
    """
    pages: dict[str, str] = {}
    blad = deelnemersblad_html(dataset, regio, thema, kerncijfers, gebouwd=gebouwd, versie=versie)
    if blad is not None:
        pages["deelnemers"] = blad
    if thema == LAATSTE_WERKBOEK:
        pages["terugblik"] = terugblik_html(dataset, regio, gebouwd=gebouwd, versie=versie)
        pages["terugblik-deelnemers"] = deelnemersblad_html(dataset, regio, TERUGBLIK.thema, kerncijfers,
                                                            cijfers_van=thema, gebouwd=gebouwd, versie=versie)
    return pages
