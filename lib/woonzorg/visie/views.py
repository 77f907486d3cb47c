"""Woonzorgvisie views: Dutch tables, charts and text for the guide."""

from __future__ import annotations

import html

import pandas as pd

from woonzorg import analyse
from woonzorg.dutch import number as _n, percent as _pct
from woonzorg.figures import getal, verschil_kort, verschil_tekst, volledigheid_tekst
from woonzorg.memo import per_object
from woonzorg.present import charts, oefenmateriaal, privacy
from woonzorg.present.tables import HTML, Table
from woonzorg.visie.model import (Woonzorgvisie, eigen_stand_bekend, keuzes_ambitie, keuzes_verdeelsleutel, monitoring,
                                  opgave, opgave_afgerond, verdeelbaar)
from woonzorg.visie.schema import SOORTEN, SOORTEN_KORT, STATUSSEN

# --------------------------------------------------------------------------------------------
# Presentation: Dutch tables and charts for the guide


BRON_GRAFIEK = ("eigen berekening op basis van de woonzorganalyse (CBS, NOS, taakstelling statushouders); "
                "ambitie en verdeelsleutel zijn keuzes")


def _bron_visie(v: Woonzorgvisie) -> str:
    return ("eigen berekening op basis van de woonzorganalyse (CBS Kerncijfers wijken en buurten 2024, woningvoorraad "
            "naar eigendom, taakstelling statushouders, NOS-enquête woningtoewijzing, CBS dakloosheid); ambitie en "
            "verdeelsleutel zijn keuzes")


def _volledig(v: Woonzorgvisie) -> str:
    """What the task counts: every total of the vision says it (``alleen statushouders (1 van de 8 groepen); …``)."""
    t = v.opgave_totaal()
    text = volledigheid_tekst(t.figuur, t.delen)
    return text if t.figuur.volledig else f"het midden van de bekende vraag, {text}"


def titel(v: Woonzorgvisie) -> HTML:
    return HTML(f"<h1>Woonzorgvisie — {html.escape(v.regio.naam)}</h1>")


def keuzes_html(v: Woonzorgvisie) -> HTML:
    a = v.analyse
    key = analyse.VERDEELSLEUTELS[v.verdeelsleutel]
    items = [
        ("Verdeelsleutel", f"{key.naam}: {key.uitleg}"),
        ("Ambitie", f"{_pct(v.ambitie)} van de geschatte vraag van aandachtsgroepen wordt tot en met {v.doeljaar} "
                    "gehuisvest"),
        ("Periode", f"{v.peiljaar} tot en met {v.doeljaar} ({v.jaren} jaar)"),
        ("Plafond", f"{_pct(a.plafond_aandeel)} van de vrijkomende sociale huurwoningen mag naar aandachtsgroepen"),
        ("Mutatiegraad", f"{_pct(a.mutatiegraad, 1)} van de corporatievoorraad komt per jaar vrij"),
        ("Groei van de vraag", f"{_pct(a.groei_vraag, 1)} per jaar"),
    ]
    lis = "".join(f"<li><strong>{html.escape(t)}</strong>: {html.escape(d)}</li>" for t, d in items)
    return HTML(f"<ul>{lis}</ul>")


def kerncijfers_html(v: Woonzorgvisie) -> HTML:
    g = v.per_gemeente()
    boven = int((g["extra_zeker"] > 0.5).sum())
    totaal = v.opgave_totaal()
    items = [
        (getal(totaal.figuur, "woningen"), f"voor aandachtsgroepen van {v.peiljaar} tot en met {v.doeljaar} (de "
         f"regionale opgave bij een ambitie van {_pct(v.ambitie)}); daarin: {volledigheid_tekst(totaal.figuur, totaal.delen)}"),
        (getal(v.opgave_per_jaar_totaal().figuur, "woningen per jaar"), "gemiddeld"),
        (getal(v.beschikbaar_totaal(), "woningen"), f"beschikbaar in dezelfde periode bij een plafond van "
         f"{_pct(v.analyse.plafond_aandeel)} (vrijkomend aanbod; geplande sociale nieuwbouw "
         f"{'bekend' if v.analyse.nieuwbouw is not None else 'onbekend'})"),
        (verschil_kort(v.tekort()), f"tot en met {v.doeljaar}: {verschil_tekst(v.tekort())}"),
        (str(boven) if boven else "geen", ("gemeente met een opgave die zeker groter is dan haar" if boven == 1 else
                      "gemeente met een opgave die zeker groter is dan haar" if not boven else
                      "gemeenten met een opgave die zeker groter is dan hun") + " vrijkomende aanbod bij het plafond"),
    ]
    lis = "".join(f"<li><strong>{html.escape(val)}</strong> {html.escape(label)}</li>" for val, label in items)
    return HTML(f'<ul class="wz-kerncijfers">{lis}</ul><p class="wz-bron">Bron: {html.escape(_bron_visie(v))}.</p>')


def eigen_stand_html(v: Woonzorgvisie) -> HTML:
    """With no status of its own (no rows, or only example rows): say so plainly, and how to fill it in."""
    if eigen_stand_bekend(v.bouwstenen) or not len(v.bouwstenen):
        return HTML("")
    return HTML(
        f'<div class="wz-schatting" role="note"><p><strong>De eigen stand van de bouwstenen van '
        f"{html.escape(v.regio.naam)} is nog niet bekend.</strong> Er is voor deze regio nog geen bouwsteen met een "
        "vastgelegde stand en een bron. Zo vult de regio die in: zoek per bouwsteen uit wat er al is (een vastgestelde "
        "visie, afspraken, een analyse) en leg per bouwsteen de stand (aanwezig, gedeeltelijk, ontbreekt of onbekend), "
        "een toelichting en een bron vast, bijvoorbeeld in de leerkring. De volgende versie van deze handreiking toont "
        "dan de eigen stand.</p></div>")


def oefenmateriaal_html(v: Woonzorgvisie) -> HTML:
    """The marked practice block with the example statuses (``voorbeeld`` = ja); empty when there are none."""
    vb = v.voorbeeldstatus
    if not len(vb):
        return HTML("")
    frame = pd.DataFrame({
        "Bouwsteen": vb["naam"],
        "Voorbeeldstatus": [STATUSSEN[s].naam for s in vb["status"]],
        "Toelichting": vb["toelichting"],
    })
    table = Table(frame, caption=f"Voorbeeldinvulling van de bouwstenen (verzonnen), {v.regio.naam}",
                  bron="voorbeeldinvulling, geen stand van de regio")
    return oefenmateriaal.oefenmateriaal_html(
        "Zo kan een ingevulde stand van de bouwstenen eruitzien. Deze statussen zijn een voorbeeld; ze tellen niet mee in de stand van de regio, de grafiek, de concepttekst of de monitoring.", table)


def bouwstenen_chart(v: Woonzorgvisie) -> charts.Chart | HTML:
    bs = v.bouwstenen
    if not len(bs):
        return HTML("<p>Er zijn nog geen bouwstenen vastgelegd.</p>")
    if not eigen_stand_bekend(bs):  # all unknown: eigen_stand_html says so, a chart would add nothing
        return HTML("")
    soorten = [s for s in SOORTEN if (bs["soort"] == s).any()]
    counts = {st.naam: [int(((bs["soort"] == s) & (bs["status"] == sid)).sum()) for s in soorten]
              for sid, st in STATUSSEN.items()}
    labels = [f"{SOORTEN_KORT[s]} ({int((bs['soort'] == s).sum())})" for s in soorten]
    parts = "; ".join(
        f"{SOORTEN[s].lower()}: " + ", ".join(f"{counts[st.naam][i]} {st.naam.lower()}" for st in STATUSSEN.values()
                                             if counts[st.naam][i])
        for i, s in enumerate(soorten))
    return charts.status_bars(
        labels, counts, {st.naam: st.kleur for st in STATUSSEN.values()},
        title=f"Stand van de bouwstenen van de woonzorgvisie, {v.regio.naam}",
        xlabel="aantal bouwstenen",
        bron="openbare bronnen over de koploperregio's; Taskforce Wonen en Zorg; Wvrv",
        alt=(f"Gestapeld staafdiagram met het aantal bouwstenen van de woonzorgvisie van {v.regio.naam} per status. "
             f"{parts}."),
    )


def bouwstenen_table(v: Woonzorgvisie) -> Table | HTML:
    bs = v.bouwstenen
    if not len(bs):
        return HTML("")
    frame = pd.DataFrame({
        "Bouwsteen": bs["naam"],
        "Soort": [("Taskforce" if s == "onderwerp" else "Wet (Wvrv)") for s in bs["soort"]],
        "Status": [STATUSSEN[s].naam for s in bs["status"]],
        "Toelichting": bs["toelichting"],
        "Bron": bs["bron"].replace("", "–"),
    })
    return Table(frame, caption=f"Bouwstenen van de woonzorgvisie en hun stand, {v.regio.naam}",
                 bron="openbare bronnen per bouwsteen; bouwstenen: Taskforce Wonen en Zorg (fase Visie) en Wet versterking "
                      "regie volkshuisvesting. Onbekend = niets gevonden, geen oordeel")


def opgave_table_rows(v: Woonzorgvisie) -> list[dict[str, str]]:
    """The rows of the target table as shown (formatted strings), shared by the guide and the draft text."""
    g = v.per_gemeente()
    volledig = v.opgave_totaal().figuur.volledig
    prefix = ""  # targets are the central values of the known need; the caption says what they leave out

    def extra(zeker: float, nodig: float) -> str:
        if zeker > 0.5:
            return f"tekort ≥ {_n(zeker)}"
        return "0" if volledig and nodig <= 0.5 else "niet te zeggen"

    rows = [{
        "gemeente": r.gemeente,
        "aandeel": _pct(r.sleutelaandeel, 1),
        "per_jaar": prefix + _n(r.opgave_per_jaar),
        "totaal": prefix + _n(r.opgave_afgerond),
        "beschikbaar": _n(r.beschikbaar),
        "extra": extra(r.extra_zeker, r.extra_nodig),
    } for r in g.itertuples()]
    zeker = g["extra_zeker"].clip(lower=0).sum()
    rows.append({
        "gemeente": f"Totaal {v.regio.naam}",
        "aandeel": "100,0%",
        "per_jaar": prefix + _n(v.opgave_regio / v.jaren),
        "totaal": prefix + _n(int(g["opgave_afgerond"].sum())),
        "beschikbaar": _n(g["beschikbaar"].sum()),
        "extra": f"tekort ≥ {_n(zeker)}" if zeker > 0.5 else ("0" if volledig else "niet te zeggen"),
    })
    return rows


OPGAVE_KOLOMMEN = {
    "gemeente": "Gemeente",
    "aandeel": "Aandeel (verdeelsleutel)",
    "per_jaar": "Opgave per jaar",
    "totaal": "Opgave tot en met doeljaar",
    "beschikbaar": "Beschikbaar aanbod tot en met doeljaar",
    "extra": "Tekort tegen vrijkomend aanbod",
}


def opgave_table(v: Woonzorgvisie) -> Table:
    rows = opgave_table_rows(v)
    frame = pd.DataFrame([{OPGAVE_KOLOMMEN[c]: r[c] for c in OPGAVE_KOLOMMEN} for r in rows[:-1]])
    totals = {OPGAVE_KOLOMMEN[c]: rows[-1][c] for c in OPGAVE_KOLOMMEN}
    return Table(
        frame,
        caption=(f"Opgave per gemeente {v.peiljaar}–{v.doeljaar}, {v.regio.naam}: woningen voor aandachtsgroepen "
                 f"{analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, ambitie {_pct(v.ambitie)}. Opgave: "
                 f"{volledigheid_tekst(v.opgave_totaal().figuur, v.opgave_totaal().delen)}; het midden van de bekende "
                 f"vraag{', dus lager dan de echte opgave' if not v.opgave_totaal().figuur.volledig else ''}. "
                 f"Beschikbaar = vrijkomende sociale huurwoningen × plafond {_pct(v.analyse.plafond_aandeel)}, midden "
                 "(zonder nieuwbouw). Tekort ≥: de opgave is zeker zoveel groter dan wat er bij het plafond vrijkomt, "
                 "ook bij de hoogste mutatiegraad; niet te zeggen: de bereiken laten beide uitkomsten toe"),
        bron=_bron_visie(v) + ". Opgaven afgerond op hele woningen zodat ze optellen tot de regionale opgave",
        totals=totals,
    )


def opgave_jaar_table(v: Woonzorgvisie) -> Table:
    """Targets per municipality per year in whole homes (rows and columns add up)."""
    r = opgave_afgerond(v.opgave)
    jaren = [c for c in r.columns if isinstance(c, int)]
    frame = pd.DataFrame({"Gemeente": r["gemeente"]})
    for j in jaren:
        frame[str(j)] = [_n(x) for x in r[j]]
    frame["Totaal"] = [_n(x) for x in r["totaal"]]
    totals = {"Gemeente": f"Totaal {v.regio.naam}", **{str(j): _n(r[j].sum()) for j in jaren},
              "Totaal": _n(r["totaal"].sum())}
    return Table(frame, caption=(f"Opgave per gemeente per jaar, {v.regio.naam} (woningen voor aandachtsgroepen, "
                                 f"{analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, ambitie {_pct(v.ambitie)}); "
                                 f"opgave: {_volledig(v)}"),
                 bron=_bron_visie(v) + ". Afgerond op hele woningen; rijen en kolommen tellen op", totals=totals)


def _grootste_kleinste(g: pd.DataFrame, volledig: bool = True) -> str:
    """Largest and smallest target (``g`` sorted descending); nothing when they are the same figure."""
    from woonzorg.names import common_name

    if len(g) < 2 or _n(g["opgave"].iloc[0]) == _n(g["opgave"].iloc[-1]):
        return ""
    about = "ongeveer" if volledig else "ten minste"
    return (f"De grootste opgave heeft {common_name(g['gemeente'].iloc[0])} ({about} {_n(g['opgave'].iloc[0])} "
            f"woningen), de kleinste {common_name(g['gemeente'].iloc[-1])} ({about} {_n(g['opgave'].iloc[-1])}). ")


def _boven_aanbod(boven: int, totaal: int) -> str:
    if totaal == 1:
        return (f"De opgave is {'groter' if boven else 'niet groter'} dan het eigen beschikbare aanbod.")
    return (f"{boven} van de {totaal} gemeenten {'heeft' if boven == 1 else 'hebben'} een opgave die zeker groter "
            "is dan het eigen vrijkomende aanbod bij het plafond.")


@per_object  # the workbook's controls show the starting choices' chart again
def opgave_chart(v: Woonzorgvisie) -> charts.Chart:
    g = v.per_gemeente().sort_values("opgave", ascending=False)
    boven = g[g["extra_zeker"] > 0.5]
    key = analyse.VERDEELSLEUTELS[v.verdeelsleutel]
    totaal = v.opgave_totaal()
    bekend = "" if totaal.figuur.volledig else " (bekende vraag, ten minste)"
    return charts.horizontal_bars(
        g["gemeente"].tolist(), g["opgave"].tolist(),
        title=f"Opgave{bekend} tot en met {v.doeljaar} per gemeente, {v.regio.naam}",
        xlabel=f"woningen voor aandachtsgroepen {v.peiljaar}–{v.doeljaar}",
        bron=BRON_GRAFIEK,
        highlight=(g["extra_zeker"] > 0.5).tolist(),
        highlight_label="opgave zeker groter dan het vrijkomende aanbod bij het plafond",
        alt=(f"Staafdiagram met de opgave{bekend} tot en met {v.doeljaar} per gemeente van {v.regio.naam}, {key.naam} "
             f"en bij een ambitie van {_pct(v.ambitie)}: samen {getal(totaal.figuur, 'woningen')}; daarin: "
             f"{volledigheid_tekst(totaal.figuur, totaal.delen)}. "
             + _grootste_kleinste(g, totaal.figuur.volledig) + _boven_aanbod(len(boven), len(g))),
    )


def keuzes_sleutel_table(v: Woonzorgvisie) -> Table:
    k = keuzes_verdeelsleutel(v)
    shown = privacy.suppress_small(k, ["eigen_vraag"])
    frame = pd.DataFrame({"Gemeente": k["gemeente"],
                          "Eigen vraag (schatting)": shown["eigen_vraag"]})
    for sid, key in analyse.VERDEELSLEUTELS.items():
        frame[f"Opgave {key.naam}" + (" (gekozen)" if sid == v.verdeelsleutel else "")] = [_n(x) for x in k[sid]]
    frame["Beschikbaar aanbod"] = [_n(x) for x in k["beschikbaar"]]
    totals = {"Gemeente": f"Totaal {v.regio.naam}",
              "Eigen vraag (schatting)": privacy.column_totals(k, ["eigen_vraag"])["eigen_vraag"],
              **{c: _n(k[sid].sum()) for c, sid in zip(frame.columns[2:5], analyse.VERDEELSLEUTELS)},
              "Beschikbaar aanbod": _n(k["beschikbaar"].sum())}
    return Table(frame, caption=(f"Opgave tot en met {v.doeljaar} per gemeente onder de drie verdeelsleutels, "
                                 f"{v.regio.naam} (woningen, ambitie {_pct(v.ambitie)}; {_volledig(v)}). Eigen vraag = de "
                                 "vraag die in de gemeente zelf ontstaat"),
                 bron=_bron_visie(v) + f". Aantallen onder 10 staan als <10; een cel die alleen verborgen is om zo'n "
                      f"aantal te beschermen staat als {privacy.MASK}", totals=totals,
                 persons=["Eigen vraag (schatting)"])


def keuzes_ambitie_table(v: Woonzorgvisie) -> Table:
    k = keuzes_ambitie(v)
    frame = pd.DataFrame({
        "Ambitie": [_pct(x) + (" (gekozen)" if g else "") for x, g in zip(k["ambitie"], k["gekozen"])],
        f"Opgave tot en met {v.doeljaar}": [_n(x) for x in k["opgave"]],
        "Per jaar": [_n(x) for x in k["opgave_per_jaar"]],
        "Deel van alle vrijkomende sociale huur": [_pct(x) for x in k["aandeel_vrijkomend"]],
        "Tekort of ruimte bij het plafond": k["tekort_tekst"].tolist(),
        "Gemeenten boven eigen aanbod": [str(x) for x in k["gemeenten_boven_aanbod"]],
    })
    return Table(frame, caption=(f"Gevolgen van het ambitieniveau, {v.regio.naam} "
                                 f"({analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, plafond "
                                 f"{_pct(v.analyse.plafond_aandeel)}); opgave: {_volledig(v)}"), bron=_bron_visie(v))


def keuzes_chart(v: Woonzorgvisie) -> charts.Chart:
    k = keuzes_ambitie(v)
    jaren = list(range(v.peiljaar, v.doeljaar + 1))
    series = {}
    for n in k["ambitie"]:
        o = opgave(v.analyse.prognose, v.analyse.spreiding, verdeelsleutel=v.verdeelsleutel, ambitie=n,
                   verdeelbaar=verdeelbaar(v.analyse))
        series[f"opgave bij ambitie {_pct(n)}"] = o.groupby("jaar")["opgave"].sum().cumsum().tolist()
    beschikbaar = v.opgave.groupby("jaar")["beschikbaar"].sum().cumsum().tolist()
    series["beschikbaar aanbod (plafond)"] = beschikbaar
    return charts.line_chart(
        jaren, series,
        title=f"Opgave bij verschillende ambities tegen het beschikbare aanbod, {v.regio.naam}",
        xlabel="jaar", ylabel="woningen (opgeteld)", bron=BRON_GRAFIEK,
        alt=(f"Lijndiagram van {v.peiljaar} tot en met {v.doeljaar} voor {v.regio.naam}: de opgetelde opgave bij een "
             "ambitie van " + ", ".join(f"{_pct(n)} (tot {_n(t)} woningen)" for n, t in zip(k['ambitie'], k['opgave']))
             + f" ({_volledig(v)})"
             + f", tegen het opgetelde beschikbare aanbod bij het plafond (tot {_n(beschikbaar[-1])} woningen)."),
    )


def monitoring_table(v: Woonzorgvisie) -> Table:
    m = monitoring(v)
    frame = pd.DataFrame({"Indicator": m["indicator"], "Definitie": m["definitie"], "Nulmeting": m["nulmeting"],
                          "Streefwaarde": m["streefwaarde"], "Bron": m["bron"], "Hoe vaak": m["frequentie"]})
    return Table(frame, caption=f"Monitoringsindicatoren voor de woonzorgvisie, {v.regio.naam}",
                 bron=_bron_visie(v) + "; nulmeting uit de woonzorganalyse waar mogelijk")


def bronnen_html(v: Woonzorgvisie) -> HTML:
    bs = v.bouwstenen
    bronnen = sorted({b for r in bs.itertuples() for b in str(r.bron).split("; ") if b and b != "geen openbare bron gevonden"})
    definities = sorted(set(bs["bron_bouwsteen"])) if len(bs) else []
    lis = "".join(f"<li>{html.escape(b)}</li>" for b in bronnen)
    defs = "".join(f"<li>{html.escape(b)}</li>" for b in definities)
    return HTML(f"<p><strong>Bouwstenen</strong>:</p><ul>{defs}</ul>"
                f"<p><strong>Stand in de regio</strong>:</p><ul>{lis or '<li>–</li>'}</ul>")


def gespreksvragen_html(v: Woonzorgvisie) -> HTML:
    """Questions written from the region's own figures and gaps."""
    from woonzorg.dutch import count_noun
    from woonzorg.names import common_name

    g = v.per_gemeente().sort_values("extra_zeker", ascending=False)
    onbekend = v.bouwstenen[v.bouwstenen["status"].isin(["onbekend", "ontbreekt"])]["naam"].tolist()
    vragen = []
    if (g["extra_zeker"] > 0.5).any():
        r = g.iloc[0]
        vragen.append(f"{common_name(r.gemeente)} heeft een opgave van ten minste {_n(r.opgave)} woningen tot en met "
                      f"{v.doeljaar}, zeker {_n(r.extra_zeker)} meer dan er daar bij het plafond vrijkomt. Hoe vult de "
                      "gemeente dat in: een hoger aandeel, nieuwbouw, andere woonvormen of een ruil met een buurgemeente?")
    if not v.opgave_totaal().figuur.volledig:
        vragen.append("De opgave telt alleen de groepen met een bekend cijfer. Wie in de regio heeft de cijfers van de "
                      "andere groepen, en wanneer kunnen die erbij?")
    if onbekend:
        vragen.append(f"Over {count_noun(len(onbekend), 'bouwsteen', 'bouwstenen')} vonden we niets ({', '.join(onbekend[:4])}"
                      f"{', …' if len(onbekend) > 4 else ''}). Wat is er al, wie weet het, en wat moet er nog komen?")
    vragen.append(f"Is een ambitie van {_pct(v.ambitie)} haalbaar en te verdedigen tegenover andere woningzoekenden?")
    return HTML("<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in vragen) + "</ul>")


def in_het_kort_html(v: Woonzorgvisie, wet: str) -> HTML:
    """Three to five findings from the region's figures, its sourced statements and the dated law."""
    from woonzorg.dutch import count_noun

    g = v.per_gemeente().sort_values("opgave", ascending=False, kind="stable")
    boven = int((g["extra_zeker"] > 0.5).sum())
    per_jaar = v.opgave_per_jaar_totaal()
    out = [f"Bij een ambitie van {_pct(v.ambitie)} is de regionale opgave van {v.peiljaar} tot en met {v.doeljaar} "
           f"{getal(per_jaar.figuur, 'woningen per jaar')} ({per_jaar.figuur.status}; "
           f"{analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}); daarin: "
           f"{volledigheid_tekst(per_jaar.figuur, per_jaar.delen)}.",
           f"Tegen het aanbod dat bij het plafond vrijkomt: {verschil_tekst(v.tekort())}."]
    if len(g) > 1 and _n(g["opgave"].iloc[0]) != _n(g["opgave"].iloc[-1]):  # no comparison of a figure with itself
        out.append(_grootste_kleinste(g, per_jaar.figuur.volledig).strip())
    verb = "heeft" if boven == 1 else "hebben"
    if boven:
        out.append(f"{count_noun(boven, 'gemeente', 'gemeenten')} {verb} een opgave die zeker groter is dan het "
                   "eigen vrijkomende aanbod bij het plafond.")
    out.append(f"De woonzorgvisie wordt het hoofdstuk aandachtsgroepen van elk volkshuisvestingsprogramma; de Wet "
               f"versterking regie volkshuisvesting: {wet}.")
    lis = "".join(f"<li>{html.escape(b)}</li>" for b in out[:5])
    return HTML(f'<ul class="wz-bevindingen">{lis}</ul>')
