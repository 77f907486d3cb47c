"""Woonzorgvisie views: Dutch tables, charts and text for the guide."""

from __future__ import annotations

import html

import pandas as pd

from woonzorg import analyse
from woonzorg.dutch import number as _n, percent as _pct
from woonzorg.memo import per_object
from woonzorg.present import charts, oefenmateriaal, privacy
from woonzorg.present.tables import HTML, Table
from woonzorg.visie.model import (Woonzorgvisie, eigen_stand_bekend, keuzes_ambitie, keuzes_verdeelsleutel, monitoring,
                                  opgave, opgave_afgerond)
from woonzorg.visie.schema import SOORTEN, SOORTEN_KORT, STATUSSEN

# --------------------------------------------------------------------------------------------
# Presentation: Dutch tables and charts for the guide


BRON_GRAFIEK = ("eigen berekening op basis van de woonzorganalyse (CBS, NOS, taakstelling statushouders); "
                "ambitie en verdeelsleutel zijn keuzes")


def _bron_visie(v: Woonzorgvisie) -> str:
    return ("eigen berekening op basis van de woonzorganalyse (CBS Kerncijfers wijken en buurten 2024, woningvoorraad "
            "naar eigendom, taakstelling statushouders, NOS-enquête woningtoewijzing, CBS dakloosheid); ambitie en "
            "verdeelsleutel zijn keuzes")


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
    tekort = v.opgave_regio - v.beschikbaar_regio
    g = v.per_gemeente()
    boven = int((g["extra_nodig"] > 0.5).sum())
    items = [
        (_n(round(v.opgave_regio)), f"woningen voor aandachtsgroepen tot en met {v.doeljaar} (de regionale opgave bij "
                                    f"een ambitie van {_pct(v.ambitie)})"),
        (_n(v.opgave_regio / v.jaren), "woningen per jaar"),
        (_n(v.beschikbaar_regio), f"beschikbaar in dezelfde periode bij een plafond van {_pct(v.analyse.plafond_aandeel)}"),
        (_n(abs(tekort)), f"{'tekort' if tekort > 0 else 'overschot'} opgeteld tot en met {v.doeljaar}"),
        (str(boven), ("gemeente met een opgave groter dan haar" if boven == 1 else "gemeenten met een opgave groter dan "
                      "hun") + " eigen beschikbare aanbod"),
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
        "visie, afspraken, een analyse), en zet het in <code>data/visie-status.csv</code> met één regel per bouwsteen: "
        f"<code>regio</code> = <code>{html.escape(v.regio.id)}</code>, de <code>bouwsteen</code>, de <code>status</code> "
        "(aanwezig, gedeeltelijk, ontbreekt of onbekend), een toelichting, een bron en <code>voorbeeld</code> = "
        "<code>nee</code>. De volgende build toont dan de eigen stand.</p></div>")


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
                  bron="data/visie-status.csv, regels met voorbeeld = ja")
    return oefenmateriaal.oefenmateriaal_html(
        "Zo kan een ingevulde stand van de bouwstenen eruitzien. Deze statussen staan in data/visie-status.csv als "
        "voorbeeld; ze tellen niet mee in de stand van de regio, de grafiek, de concepttekst of de monitoring.", table)


def bouwstenen_chart(v: Woonzorgvisie) -> charts.Chart | HTML:
    bs = v.bouwstenen
    if not len(bs):
        return HTML("<p>Er staan nog geen bouwstenen in <code>data/visie-bouwstenen.csv</code>.</p>")
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
        bron="data/visie-status.csv (openbare bronnen over de koploperregio's; Taskforce Wonen en Zorg; Wvrv)",
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
                 bron="data/visie-status.csv; bouwstenen: Taskforce Wonen en Zorg (fase Visie) en Wet versterking "
                      "regie volkshuisvesting (data/visie-bouwstenen.csv). Onbekend = niets gevonden, geen oordeel")


def opgave_table_rows(v: Woonzorgvisie) -> list[dict[str, str]]:
    """The rows of the target table as shown (formatted strings), shared by the guide and the draft text."""
    g = v.per_gemeente()
    rows = [{
        "gemeente": r.gemeente,
        "aandeel": _pct(r.sleutelaandeel, 1),
        "per_jaar": _n(r.opgave_per_jaar),
        "totaal": _n(r.opgave_afgerond),
        "beschikbaar": _n(r.beschikbaar),
        "extra": ("+" + _n(r.extra_nodig)) if r.extra_nodig > 0.5 else "0",
    } for r in g.itertuples()]
    rows.append({
        "gemeente": f"Totaal {v.regio.naam}",
        "aandeel": "100,0%",
        "per_jaar": _n(v.opgave_regio / v.jaren),
        "totaal": _n(int(g["opgave_afgerond"].sum())),
        "beschikbaar": _n(g["beschikbaar"].sum()),
        "extra": "+" + _n(g["extra_nodig"].clip(lower=0).sum()) if g["extra_nodig"].clip(lower=0).sum() > 0.5 else "0",
    })
    return rows


OPGAVE_KOLOMMEN = {
    "gemeente": "Gemeente",
    "aandeel": "Aandeel (verdeelsleutel)",
    "per_jaar": "Opgave per jaar",
    "totaal": "Opgave tot en met doeljaar",
    "beschikbaar": "Beschikbaar aanbod tot en met doeljaar",
    "extra": "Extra nodig",
}


def opgave_table(v: Woonzorgvisie) -> Table:
    rows = opgave_table_rows(v)
    frame = pd.DataFrame([{OPGAVE_KOLOMMEN[c]: r[c] for c in OPGAVE_KOLOMMEN} for r in rows[:-1]])
    totals = {OPGAVE_KOLOMMEN[c]: rows[-1][c] for c in OPGAVE_KOLOMMEN}
    return Table(
        frame,
        caption=(f"Opgave per gemeente {v.peiljaar}–{v.doeljaar}, {v.regio.naam}: woningen voor aandachtsgroepen "
                 f"{analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, ambitie {_pct(v.ambitie)}. Beschikbaar = "
                 f"vrijkomende sociale huurwoningen × plafond {_pct(v.analyse.plafond_aandeel)}; extra nodig = opgave − "
                 "beschikbaar waar dat positief is (de totaalregel telt die tekorten op)"),
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
                                 f"{analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, ambitie {_pct(v.ambitie)})"),
                 bron=_bron_visie(v) + ". Afgerond op hele woningen; rijen en kolommen tellen op", totals=totals)


def _grootste_kleinste(g: pd.DataFrame) -> str:
    """Largest and smallest target (``g`` sorted descending); nothing when they are the same figure."""
    from woonzorg.names import common_name

    if len(g) < 2 or _n(g["opgave"].iloc[0]) == _n(g["opgave"].iloc[-1]):
        return ""
    return (f"De grootste opgave heeft {common_name(g['gemeente'].iloc[0])} (ongeveer {_n(g['opgave'].iloc[0])}), de "
            f"kleinste {common_name(g['gemeente'].iloc[-1])} (ongeveer {_n(g['opgave'].iloc[-1])}). ")


def _boven_aanbod(boven: int, totaal: int) -> str:
    if totaal == 1:
        return (f"De opgave is {'groter' if boven else 'niet groter'} dan het eigen beschikbare aanbod.")
    return (f"{boven} van de {totaal} gemeenten {'heeft' if boven == 1 else 'hebben'} een opgave die groter is dan "
            "het eigen beschikbare aanbod.")


@per_object  # the workbook's controls show the starting choices' chart again
def opgave_chart(v: Woonzorgvisie) -> charts.Chart:
    g = v.per_gemeente().sort_values("opgave", ascending=False)
    boven = g[g["extra_nodig"] > 0.5]
    key = analyse.VERDEELSLEUTELS[v.verdeelsleutel]
    return charts.horizontal_bars(
        g["gemeente"].tolist(), g["opgave"].tolist(),
        title=f"Opgave tot en met {v.doeljaar} per gemeente, {v.regio.naam}",
        xlabel=f"woningen voor aandachtsgroepen {v.peiljaar}–{v.doeljaar}",
        bron=BRON_GRAFIEK,
        highlight=(g["extra_nodig"] > 0.5).tolist(),
        highlight_label="opgave groter dan eigen beschikbaar aanbod",
        alt=(f"Staafdiagram met de opgave tot en met {v.doeljaar} per gemeente van {v.regio.naam}, {key.naam} en bij "
             f"een ambitie van {_pct(v.ambitie)}: samen ongeveer {_n(v.opgave_regio)} woningen. "
             + _grootste_kleinste(g) + _boven_aanbod(len(boven), len(g))),
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
                                 f"{v.regio.naam} (woningen, ambitie {_pct(v.ambitie)}). Eigen vraag = de vraag die in de "
                                 "gemeente zelf ontstaat"),
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
        "Tekort (+) of ruimte (−) bij het plafond": [("+" if x > 0.5 else "") + _n(x) for x in k["tekort"]],
        "Gemeenten boven eigen aanbod": [str(x) for x in k["gemeenten_boven_aanbod"]],
    })
    return Table(frame, caption=(f"Gevolgen van het ambitieniveau, {v.regio.naam} "
                                 f"({analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam}, plafond "
                                 f"{_pct(v.analyse.plafond_aandeel)})"), bron=_bron_visie(v))


def keuzes_chart(v: Woonzorgvisie) -> charts.Chart:
    k = keuzes_ambitie(v)
    jaren = list(range(v.peiljaar, v.doeljaar + 1))
    series = {}
    for n in k["ambitie"]:
        o = opgave(v.analyse.prognose, v.analyse.spreiding, verdeelsleutel=v.verdeelsleutel, ambitie=n)
        series[f"opgave bij ambitie {_pct(n)}"] = o.groupby("jaar")["opgave"].sum().cumsum().tolist()
    beschikbaar = v.opgave.groupby("jaar")["beschikbaar"].sum().cumsum().tolist()
    series["beschikbaar aanbod (plafond)"] = beschikbaar
    return charts.line_chart(
        jaren, series,
        title=f"Opgave bij verschillende ambities tegen het beschikbare aanbod, {v.regio.naam}",
        xlabel="jaar", ylabel="woningen (opgeteld)", bron=BRON_GRAFIEK,
        alt=(f"Lijndiagram van {v.peiljaar} tot en met {v.doeljaar} voor {v.regio.naam}: de opgetelde opgave bij een "
             "ambitie van " + ", ".join(f"{_pct(n)} (tot {_n(t)} woningen)" for n, t in zip(k['ambitie'], k['opgave']))
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
    return HTML(f"<p><strong>Bouwstenen</strong> (data/visie-bouwstenen.csv):</p><ul>{defs}</ul>"
                f"<p><strong>Stand in de regio</strong> (data/visie-status.csv):</p><ul>{lis or '<li>–</li>'}</ul>")


def gespreksvragen_html(v: Woonzorgvisie) -> HTML:
    """Questions written from the region's own figures and gaps."""
    from woonzorg.dutch import count_noun
    from woonzorg.names import common_name

    g = v.per_gemeente().sort_values("extra_nodig", ascending=False)
    onbekend = v.bouwstenen[v.bouwstenen["status"].isin(["onbekend", "ontbreekt"])]["naam"].tolist()
    vragen = []
    if (g["extra_nodig"] > 0.5).any():
        r = g.iloc[0]
        vragen.append(f"{common_name(r.gemeente)} heeft een opgave van ongeveer {_n(r.opgave)} woningen tot en met "
                      f"{v.doeljaar}, "
                      f"{_n(r.extra_nodig)} meer dan er daar bij het plafond vrijkomt. Hoe vult de gemeente dat in: "
                      "een hoger aandeel, nieuwbouw, andere woonvormen of een ruil met een buurgemeente?")
    if onbekend:
        vragen.append(f"Over {count_noun(len(onbekend), 'bouwsteen', 'bouwstenen')} vonden we niets ({', '.join(onbekend[:4])}"
                      f"{', …' if len(onbekend) > 4 else ''}). Wat is er al, wie weet het, en wat moet er nog komen?")
    vragen.append(f"Is een ambitie van {_pct(v.ambitie)} haalbaar en te verdedigen tegenover andere woningzoekenden?")
    return HTML("<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in vragen) + "</ul>")


def in_het_kort_html(v: Woonzorgvisie, wet: str) -> HTML:
    """Three to five findings from the region's figures, its sourced statements and the dated law."""
    from woonzorg.dutch import count_noun
    from woonzorg.names import common_name

    g = v.per_gemeente().sort_values("opgave", ascending=False, kind="stable")
    boven = int((g["extra_nodig"] > 0.5).sum())
    out = [f"Bij een ambitie van {_pct(v.ambitie)} is de regionale opgave ongeveer {_n(v.opgave_regio / v.jaren)} "
           f"woningen per jaar tot en met {v.doeljaar} ({analyse.VERDEELSLEUTELS[v.verdeelsleutel].naam})."]
    if len(g) > 1 and _n(g["opgave"].iloc[0]) != _n(g["opgave"].iloc[-1]):  # no comparison of a figure with itself
        out.append(f"De grootste opgave heeft {common_name(g['gemeente'].iloc[0])} (ongeveer {_n(g['opgave'].iloc[0])} "
                   f"woningen), de kleinste {common_name(g['gemeente'].iloc[-1])} (ongeveer {_n(g['opgave'].iloc[-1])}).")
    verb = "heeft" if boven == 1 else "hebben"
    out.append(f"{count_noun(boven, 'gemeente', 'gemeenten')} {verb} een opgave die groter is dan het eigen "
               "beschikbare aanbod.")
    out.append(f"De woonzorgvisie wordt het hoofdstuk aandachtsgroepen van elk volkshuisvestingsprogramma; de Wet "
               f"versterking regie volkshuisvesting: {wet}.")
    lis = "".join(f"<li>{html.escape(b)}</li>" for b in out[:5])
    return HTML(f'<ul class="wz-bevindingen">{lis}</ul>')
