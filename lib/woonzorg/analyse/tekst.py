"""The woonzorganalyse in words: ranges rounded to what the method carries, key figures, findings and "In het kort".

Every sentence is written from the region's figures and says whether a figure is observed
(*waargenomen*), estimated (*schatting*, with its range) or unknown (*onbekend*).
"""

from __future__ import annotations

import html

from woonzorg.dutch import count_noun, number, percent
from woonzorg.figures import getal, rond, opsomming, verschil_kort, verschil_tekst, volledigheid_tekst
from woonzorg.present.tables import HTML

STATUS_WOORD = {"waargenomen": "waargenomen", "schatting": "geschat", "onbekend": "onbekend"}


def bereik(laag: float, hoog: float, status: str = "schatting", eenheid: str = "") -> str:
    """``1.200–1.900 personen per jaar (schatting)``; one number when both ends round to the same."""
    lo, hi = (laag, hoog) if status == "waargenomen" else (rond(laag), rond(hoog))
    text = number(lo) if lo == hi else f"{number(lo)}–{number(hi)}"
    return f"{text}{' ' + eenheid if eenheid else ''} ({status})"


def totaal_tekst(result, groep: str, grootheid: str, eenheid: str) -> str:
    """A group's regional total as a range with its status, or ``onbekend``."""
    found = result.totaal(groep, grootheid)
    if found is None:
        return "onbekend"
    status = _status_of(result, groep, grootheid)
    return bereik(found[0], found[2], status, eenheid)


def _status_of(result, groep: str, grootheid: str) -> str:
    c = result.cijfers
    block = c[(c["groep"] == groep) & (c["grootheid"] == grootheid) & c["in_totaal"]]
    statuses = set(block["status"])
    if not statuses:
        return "onbekend"
    return "waargenomen" if statuses == {"waargenomen"} else ("schatting" if statuses == {"schatting"}
                                                             else "deels waargenomen")


def aanbod_bereik(result) -> tuple[float, float, str]:
    a = result.aanbod
    status = "waargenomen" if set(a["status"]) == {"waargenomen"} else (
        "schatting" if "waargenomen" not in set(a["status"]) else "deels waargenomen")
    return float(a["aanbod_laag"].sum()), float(a["aanbod_hoog"].sum()), status


def kerncijfers_tekst(result) -> dict[str, str]:
    """The site's key figures as text with range and status (declared with kind ``tekst`` in THEME)."""
    inv = result.inventaris()
    counts = inv["status"].value_counts()
    lo, hi, status = aanbod_bereik(result)
    flagged = int(result.controles["gemarkeerd"].sum()) if not result.controles.empty else 0
    return {
        "groepen_inventaris": (f"{counts.get('waargenomen', 0)} waargenomen, {counts.get('schatting', 0)} geschat, "
                               f"{counts.get('onbekend', 0)} onbekend (van {len(inv)})"),
        "vraag_totaal": result.vraag_totaal().kort("woningen per jaar"),
        "tekort_tekst": verschil_kort(result.tekort()),
        "instroom_statushouders": totaal_tekst(result, "statushouders", "instroom", "personen per jaar"),
        "aanbod_bereik": bereik(lo, hi, "schatting" if status != "waargenomen" else status, "woningen per jaar")
        .replace("(schatting)", f"({status})" if status != "waargenomen" else "(waargenomen)"),
        "controles_gemarkeerd": (f"{flagged} van {len(result.controles)} boven ±20%" if len(result.controles)
                                 else "geen waarneming om het model mee te controleren"),
    }


def eerste_zin(result) -> str:
    """The first sentence of "In het kort": the region's yearly need with its status and completeness."""
    totaal = result.vraag_totaal()
    f = totaal.figuur
    return (f"Aandachtsgroepen in {result.regio.naam} hebben vanaf {result.peiljaar} {getal(f, 'woningen per jaar')} "
            f"nodig ({'onbekend' if f.is_onbekend else f.status}); in dat cijfer: "
            f"{volledigheid_tekst(f, totaal.delen)}.")


def onbekend_zin(result) -> str:
    """Which groups have no current figure, and that the region's partners hold them."""
    inv = result.inventaris()
    onbekend = [result.groep_namen[g].lower() for g in inv[inv["status"] == "onbekend"]["groep"]]
    if not onbekend:
        return f"Van alle {len(inv)} aandachtsgroepen is een actueel cijfer bekend."
    return (f"Van {opsomming(onbekend)} is geen actueel cijfer bekend; per groep staat bij *Wat weten we per "
            "aandachtsgroep?* wie het cijfer heeft en welke openbare tabel het kan geven.")


def bevindingen(result) -> list[str]:
    """Three to five findings in plain Dutch, written from the region's figures with their ranges and status."""
    out = [eerste_zin(result), onbekend_zin(result)]
    out.append(f"Opgeteld tot en met {result.doeljaar} tegen het aanbod dat bij het plafond beschikbaar is: "
               f"{verschil_tekst(result.tekort())}.")
    status = totaal_tekst(result, "statushouders", "instroom", "personen per jaar")
    if status != "onbekend":
        out.append(f"De instroom van statushouders is {status}: de nieuwste landelijke taakstelling naar het aandeel "
                   "inwoners, of de waargenomen taakstelling van een gemeente voor hetzelfde halfjaar.")
    lo, hi, status = aanbod_bereik(result)
    out.append(f"Per jaar komen er {bereik(lo, hi, 'schatting', 'sociale huurwoningen').replace(' (schatting)', '')} "
               f"vrij ({status}; mutatiegraad {_van_tot(result.mutatiegraad_laag, result.mutatiegraad_hoog)}). Welk "
               f"deel daarvan naar aandachtsgroepen gaat, is een keuze; het scenario rekent met "
               f"{percent(result.plafond_aandeel)}.")
    return out[:5]


def controle_zin(result) -> str:
    """What the observations that bear on the model's assumptions say (number agreement through count_noun)."""
    c = result.controles
    if not len(c):
        return "Er is geen waarneming die iets zegt over de aannames van het model."
    flagged = c[c["gemarkeerd"]].assign(grootte=lambda f: f["verschil"].abs()).sort_values("grootte", ascending=False)
    if len(flagged):
        r = flagged.iloc[0]
        return (f"{count_noun(len(flagged), 'waarneming wijkt', 'waarnemingen wijken')} meer dan 20% af van de "
                f"aanname van het model; de grootste: {r.onderwerp} in {r.gebied} (waargenomen "
                f"{_figure(r.waargenomen)}, model {_figure(r.model)}).")
    return (f"{count_noun(len(c), 'waarneming die iets zegt', 'waarnemingen die iets zeggen')} over de aannames "
            f"{'wijkt' if len(c) == 1 else 'wijken'} niet meer dan 20% af van het model.")


def evenredigheid_zin(result) -> str:
    """The evenness index only where observed contributions cover enough of the region, with the coverage."""
    dekking = percent(result.bijdrage_dekking)
    if result.index == result.index:
        return (f"Waar gehuisveste statushouders per gemeente bekend zijn ({result.bijdrage_bron}; gemeenten met "
                f"{dekking} van de inwoners), is de evenredigheidsindex {number(result.index, 2)} (naar inwoners; "
                "1 = ieder zijn eerlijke aandeel).")
    if result.bijdrage_dekking > 0:
        return (f"Of gemeenten nu hun eerlijke aandeel dragen, is niet te zeggen: wat gemeenten werkelijk huisvesten "
                f"is alleen bekend voor gemeenten met {dekking} van de inwoners (nodig: 80%).")
    return ("Of gemeenten nu hun eerlijke aandeel dragen, is niet te zeggen: daarvoor zijn cijfers nodig over wie "
            "elke gemeente werkelijk huisvest.")


def _van_tot(laag: float, hoog: float) -> str:
    """``3,9% tot 7,0%``, or one share when both ends are the same (no range of a value with itself)."""
    lo, hi = percent(laag, 1), percent(hoog, 1)
    return lo if lo == hi else f"{lo} tot {hi}"


def _figure(value: float) -> str:
    return percent(value) if abs(value) <= 1 else number(value)


def bevindingen_html(result) -> HTML:
    items = "".join(f"<li>{html.escape(t).replace('*', '')}</li>" for t in bevindingen(result))
    return HTML(f"<ul>{items}</ul>")


def betekenis_html(result) -> HTML:
    """"Wat betekent dit?": what the figures mean for the region's next steps (interprets, does not repeat)."""
    items = [controle_zin(result), evenredigheid_zin(result)]
    totaal = result.vraag_totaal().figuur
    if not totaal.volledig:
        items.append("Zolang niet van elke groep een actueel cijfer bekend is, is de regionale opgave een "
                     "ondergrens: een verdeling over gemeenten verdeelt dan alleen de bekende vraag.")
    t = result.tekort()
    if t.teken() is None:
        items.append("Of het aanbod de vraag bijhoudt, hangt af van de ontbrekende cijfers. Begin bij de groepen "
                     "met de grootste verwachte vraag in uw regio en vraag hun cijfers op bij wie ze heeft.")
    return HTML("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")


def kerncijfers_html(result) -> HTML:
    k = kerncijfers_tekst(result)
    items = [
        (k["vraag_totaal"], "vraag van aandachtsgroepen"),
        (k["groepen_inventaris"], "aandachtsgroepen: zo staan de cijfers ervoor"),
        (k["instroom_statushouders"], "instroom statushouders"),
        (k["aanbod_bereik"], "vrijkomende sociale huurwoningen per jaar"),
        (k["controles_gemarkeerd"], "controles van het model met waarnemingen"),
    ]
    lis = "".join(f"<li><strong>{html.escape(v)}</strong>{html.escape(label)}</li>" for v, label in items)
    return HTML(f'<ul class="wz-kerncijfers">{lis}</ul>')


def vragen_tekst(result) -> list[str]:
    """Discussion questions for the facilitator from the region's figures, inventory and flags."""
    inv = result.inventaris()
    onbekend = [result.groep_namen[g].lower() for g in inv[inv["status"] == "onbekend"]["groep"]]
    out = []
    if onbekend:
        out.append(f"Voor {', '.join(onbekend)} is er geen cijfer. Wie in de regio heeft die cijfers (gemeente, "
                   "corporatie, centrumgemeente, zorgaanbieder), en wie vraagt ze op?")
    c = result.controles
    for r in c[c["gemarkeerd"]].head(2).itertuples() if len(c) else []:
        out.append(f"Bij {r.onderwerp} in {r.gebied} wijkt de waarneming ({_figure(r.waargenomen)}) meer dan 20% af "
                   f"van het model ({_figure(r.model)}). Welk cijfer klopt voor uw regio, en wat betekent dat?")
    out.append(f"Het scenario geeft {percent(result.plafond_aandeel)} van het vrijkomende aanbod aan "
               "aandachtsgroepen. Welk deel mag het zijn zonder dat andere woningzoekenden of de leefbaarheid in "
               "de knel komen?")
    if result.index != result.index:
        out.append("Er is geen waarneming van wat elke gemeente nu huisvest. Welke registratie (verhuringen met "
                   "voorrang, gehuisveste statushouders, plekken in opvang) kan de regio daarvoor delen?")
    else:
        out.append(f"De evenredigheidsindex uit waargenomen huisvesting is {number(result.index, 2)}. Welke "
                   "verdeelsleutel vindt u eerlijk, en wat vraagt die van de gemeenten die nu minder doen?")
    return out


def site_kerncijfers(result) -> dict[str, object]:
    """What the notebook records for the site: the declared key figures only (ranges with status, the scenario)."""
    k = result.kerncijfers()
    keys = ("vraag_totaal", "tekort_tekst", "groepen_inventaris", "instroom_statushouders", "aanbod_bereik",
            "controles_gemarkeerd", "verdeelsleutel", "mutatiegraad", "plafond_aandeel", "peiljaar", "doeljaar")
    return {key: k[key] for key in keys}
