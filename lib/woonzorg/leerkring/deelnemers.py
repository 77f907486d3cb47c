"""Participant sheets (deelnemersbladen) and the terugblik page: what the participants of a session take home.

A sheet is one printed page beside the handout (``<regio>/<thema>-deelnemers.html``): the session's
goal, the region's own key figures (as the notebook recorded them), the roles to cast, what to
bring and the homework for the next session, a practice example with its source. It holds no
exercise and no answer. The terugblik has no notebook: its page (``<regio>/terugblik.html``) and
sheet (``<regio>/terugblik-deelnemers.html``) are made from the region's session records, in the
build of the series' last notebook session.

Everything comes from the facilitator guide's content (:func:`woonzorg.leerkring.begeleider_context`,
which a notebook hands to the build as a record) and the notebook's key figures, so the build needs
no dataset for them; only what is safe for participants is taken from it.
"""

from __future__ import annotations

from collections.abc import Mapping

from woonzorg import themes
from woonzorg.data import Dataset
from woonzorg.dutch import figure
from woonzorg.leerkring.guide import begeleider_context
from woonzorg.leerkring.reeks import LAATSTE_WERKBOEK, TERUGBLIK, pagina_soorten
from woonzorg.present.templates import html_environment


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


def _blad(inhoud: Mapping, nummer: int, kerncijfers: Mapping[str, object], *, gebouwd: str, versie: str) -> str:
    reeks = inhoud["reeks"]
    deze = next(s for s in reeks if s["nummer"] == nummer)
    volgende = next((s for s in reeks if s["nummer"] == nummer + 1), None)
    thema = str(inhoud["thema"])
    praktijk = inhoud["praktijk"] if nummer != TERUGBLIK.nummer else inhoud.get("praktijk_terugblik", [])
    return html_environment("leerkring").get_template("deelnemers.html.j2").render(
        regio=inhoud["regio"], regio_naam=inhoud["regio_naam"], sessie=deze, volgende=volgende, reeks=reeks,
        kerncijfers=_kerncijfers(thema, kerncijfers),
        sessies=inhoud.get("vastgelegd", []) if nummer == TERUGBLIK.nummer else [],
        rollen=inhoud["rollen"], gemeenten=inhoud["gemeenten"], praktijk=praktijk[0] if praktijk else None,
        handout=f"{thema}.html", gebouwd=gebouwd, versie=versie)


def terugblik_page(inhoud: Mapping, *, gebouwd: str = "", versie: str = "") -> str:
    """The terugblik session's page: what the region's learning circle recorded, per session and date."""
    deze = next(s for s in inhoud["reeks"] if s["nummer"] == TERUGBLIK.nummer)
    return html_environment("leerkring").get_template("terugblik.html.j2").render(
        regio=inhoud["regio"], regio_naam=inhoud["regio_naam"], sessie=deze, onderdelen=inhoud["terugblik"],
        gebouwd=gebouwd, versie=versie)


def deelnemersbladen(inhoud: Mapping, kerncijfers: Mapping[str, object], *, gebouwd: str = "",
                     versie: str = "") -> dict[str, str]:
    """For the build: the pages a theme's task writes beside its handout, by kind.

    ``inhoud`` is the facilitator guide's content of the task (its record). ``deelnemers`` — the
    session's participant sheet; for the series' last notebook session also ``terugblik`` and
    ``terugblik-deelnemers``. A theme outside the series gives ``{}``.
    """
    pages: dict[str, str] = {}
    soorten = pagina_soorten(str(inhoud["thema"]))
    if "deelnemers" in soorten:
        pages["deelnemers"] = _blad(inhoud, int(inhoud["sessie_nummer"]), kerncijfers, gebouwd=gebouwd, versie=versie)
    if "terugblik" in soorten:
        pages["terugblik"] = terugblik_page(inhoud, gebouwd=gebouwd, versie=versie)
        pages["terugblik-deelnemers"] = _blad(inhoud, TERUGBLIK.nummer, kerncijfers, gebouwd=gebouwd, versie=versie)
    return pages


def deelnemersbladen_van(dataset: Dataset, regio: str, thema: str, kerncijfers: Mapping[str, object], *,
                         gebouwd: str = "", versie: str = "") -> dict[str, str]:
    """:func:`deelnemersbladen` computed from the data (as the build does for a notebook without a record)."""
    return deelnemersbladen(begeleider_context(dataset, regio, thema), kerncijfers, gebouwd=gebouwd, versie=versie)


def terugblik_html(dataset: Dataset, regio: str, *, gebouwd: str = "", versie: str = "") -> str:
    """The terugblik page of a region, from its session records."""
    return terugblik_page(begeleider_context(dataset, regio, LAATSTE_WERKBOEK), gebouwd=gebouwd, versie=versie)
