"""Regioprofiel views: the municipalities table, the inhabitants chart, key figures and sources."""

from __future__ import annotations

import html

import pandas as pd

from woonzorg.present import charts, maps
from woonzorg.present.tables import HTML, Table
from woonzorg.profiel.model import Regioprofiel, kerncijfers

def profiel_table(profiel: Regioprofiel) -> Table:
    """The municipalities as a published table, with the region total in the footer."""
    g = profiel.gemeenten
    shown = pd.DataFrame({
        "Gemeente": g["gemeente"] + g["centrumgemeente"].map({True: " (centrumgemeente)", False: ""}),
        "CBS-code": g["gemeentecode"],
        "Inwoners": g["inwoners"],
        "Huishoudens": g["huishoudens"],
        "Woningen": g["woningvoorraad"],
        "Corporatie-aandeel": g["corporatie_aandeel"],
        "Corporatiewoningen (afgeleid)": g["corporatiewoningen"],
        "65-plussers": g["inwoners_65plus"],
    })
    shown["Corporatie-aandeel"] = [
        f"{charts.dutch_number(v * 100, 1)}%{' (schatting)' if s else ''}"
        for v, s in zip(g["corporatie_aandeel"], g["corporatie_schatting"])
    ]
    t = profiel.totalen
    totals = {
        "Gemeente": f"Totaal {profiel.regio.naam}",
        "Inwoners": t["inwoners"],
        "Huishoudens": t["huishoudens"],
        "Woningen": t["woningvoorraad"],
        "Corporatie-aandeel": f"{charts.dutch_number(100 * t['corporatiewoningen'] / t['woningvoorraad'], 1)}%",
        "Corporatiewoningen (afgeleid)": t["corporatiewoningen"],
        "65-plussers": t["inwoners_65plus"],
    }
    return Table(
        shown,
        caption=f"Gemeenten van {profiel.regio.naam}, peildatum {profiel.peildatum}",
        bron="; ".join(profiel.bronnen) + ". Corporatiewoningen = woningen × corporatie-aandeel (afgeleid).",
        totals=totals,
    )


def inwoners_chart(profiel: Regioprofiel) -> charts.Chart:
    """Inhabitants per municipality, centrumgemeenten highlighted."""
    g = profiel.gemeenten.sort_values("inwoners", ascending=False)
    largest = g.iloc[0]
    share = largest["inwoners"] / profiel.totalen["inwoners"]
    return charts.horizontal_bars(
        g["gemeente"].tolist(),
        g["inwoners"].astype(float).tolist(),
        title=f"Inwoners per gemeente, {profiel.regio.naam}",
        xlabel="inwoners",
        bron=f"CBS, Kerncijfers wijken en buurten 2024 (85984NED), peildatum {profiel.peildatum}",
        alt=(
            f"Staafdiagram van het aantal inwoners van de {len(g)} gemeenten van {profiel.regio.naam}. "
            f"De grootste is {largest['gemeente']} met {charts.dutch_number(largest['inwoners'])} inwoners "
            f"({charts.dutch_number(share * 100, 0)}% van de regio); de kleinste is {g.iloc[-1]['gemeente']} "
            f"met {charts.dutch_number(g.iloc[-1]['inwoners'])}."
        ),
        highlight=g["centrumgemeente"].tolist(),
        highlight_label="centrumgemeente",
    )


def inwoners_kaart(profiel: Regioprofiel, dataset) -> charts.Chart:
    """A map of the region's municipalities coloured by their inhabitants (observed, CBS), the rest of the
    province faintly for context; works for any region, also one added with ``woonzorg regio toevoegen``."""
    g = profiel.gemeenten
    return maps.regio_kaart(
        dataset, profiel.regio.id, g.set_index("gemeentecode")["inwoners"].astype(float),
        f"Inwoners per gemeente, {profiel.regio.naam}", "inwoners",
        bron=f"CBS, Kerncijfers wijken en buurten 2024 (85984NED), peildatum {profiel.peildatum}",
        formatter=lambda v: charts.dutch_number(v),
    )


def kerncijfers_html(profiel: Regioprofiel) -> HTML:
    k = kerncijfers(profiel)
    items = [
        ("gemeenten", charts.dutch_number(k["gemeenten"])),
        ("inwoners", charts.dutch_number(k["inwoners"])),
        ("huishoudens", charts.dutch_number(k["huishoudens"])),
        ("woningen", charts.dutch_number(k["woningvoorraad"])),
        ("corporatiewoningen (afgeleid)", charts.dutch_number(k["corporatiewoningen"])),
        ("aandeel corporatiewoningen", f"{charts.dutch_number(100 * k['corporatie_aandeel'], 1)}%"),
    ]
    lis = "".join(f"<li><strong>{v}</strong> {html.escape(label)}</li>" for label, v in items)
    return HTML(
        f'<ul class="wz-kerncijfers">{lis}</ul>'
        f'<p class="wz-bron">Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED), peildatum {profiel.peildatum}; '
        "corporatiewoningen afgeleid als woningen × corporatie-aandeel.</p>"
    )


def schattingen_html(profiel: Regioprofiel) -> HTML:
    """A visible notice for every figure in the table that is an estimate, with its method."""
    if profiel.schattingen.empty:
        return HTML('<p class="wz-bron">Alle cijfers in deze tabel zijn waarnemingen uit de genoemde bronnen; '
                    "alleen het aantal corporatiewoningen is afgeleid.</p>")
    items = "".join(
        f"<li><strong>{html.escape(r.gemeente)}</strong>: corporatie-aandeel "
        f"{charts.dutch_number(100 * r.corporatie_aandeel, 1)}% is een <em>schatting</em> — "
        f"{html.escape(r.corporatie_methode or 'methode niet opgegeven')}</li>"
        for r in profiel.schattingen.itertuples()
    )
    return HTML(f'<div class="wz-schatting" role="note"><p><strong>Let op: schattingen.</strong></p><ul>{items}</ul></div>')


def bronnen_html(profiel: Regioprofiel) -> HTML:
    from woonzorg.dutch import count_noun

    rows = "".join(f"<li>{html.escape(b)}</li>" for b in profiel.bronnen)
    return HTML(
        f"<ul>{rows}</ul><p>Regio-indeling: {html.escape(', '.join(sorted(set(profiel.gemeenten['gemeentecode']))))} "
        f"({count_noun(len(profiel.gemeenten), 'gemeente', 'gemeenten')}). "
        f"Peildatum van de CBS-cijfers: {html.escape(profiel.peildatum)}.</p>"
    )


def in_het_kort_html(profiel: Regioprofiel, dataset) -> HTML:
    """Three to five findings from the region's figures and sourced statements, with a few key figures."""
    from woonzorg.dutch import count_noun, number, percent
    from woonzorg.names import common_name, enumerate_dutch
    from woonzorg.present.kenmerken import kenmerken

    g = profiel.gemeenten.assign(inw=lambda f: f["inwoners"].astype(float))
    t = profiel.totalen
    out = [f"{profiel.regio.naam} telt {count_noun(len(g), 'gemeente', 'gemeenten')} met samen {number(t['inwoners'])} "
           "inwoners."]
    if len(g) > 1:
        grootste = g[g["inw"] == g["inw"].max()]
        deel = percent(grootste["inw"].iloc[0] / t["inwoners"])
        if len(grootste) == len(g):  # all equal: no municipality is the largest
            out.append(f"De gemeenten zijn even groot, elk met {deel} van de inwoners.")
        elif len(grootste) > 1:
            out.append(f"De grootste gemeenten zijn {enumerate_dutch([common_name(x) for x in grootste['gemeente']])}, "
                       f"elk met {deel} van de inwoners.")
        else:
            out.append(f"{common_name(grootste['gemeente'].iloc[0])} is de grootste gemeente, met {deel} van de "
                       "inwoners.")
        hi, lo = g.loc[g["corporatie_aandeel"].astype(float).idxmax()], g.loc[g["corporatie_aandeel"].astype(float).idxmin()]
        if percent(hi["corporatie_aandeel"], 1) != percent(lo["corporatie_aandeel"], 1):  # as shown
            out.append(f"Het corporatie-aandeel loopt van {percent(lo['corporatie_aandeel'], 1)} in "
                       f"{common_name(lo['gemeente'])} tot {percent(hi['corporatie_aandeel'], 1)} in "
                       f"{common_name(hi['gemeente'])}.")
    out.append(f"{percent(t['inwoners_65plus'] / t['inwoners'], 1)} van de inwoners is 65 jaar of ouder.")
    rows = kenmerken(dataset, profiel.regio.id, "regioprofiel")
    out.append(rows.iloc[0]["tekst"] if len(rows) else
               "Wat de regio zelf over haar opgave zegt, is nog niet bekend.")
    lis = "".join(f"<li>{html.escape(b)}</li>" for b in out[:5])
    return HTML(f'<ul class="wz-bevindingen">{lis}</ul>')
