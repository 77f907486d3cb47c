"""Procesorganisatie views: tables and text for the guide (every text from data is escaped)."""

from __future__ import annotations

import html

import pandas as pd

from woonzorg.present import charts
from woonzorg.present.tables import HTML, Table
from woonzorg.proces.model import Procesgegevens, Zelfscanuitslag, kernpartijen, raci_matrix, uitslag
from woonzorg.proces.schema import (AANDACHT_TOT, ACTORTYPEN, DIMENSIES, MIJLPAAL_SOORTEN, SCHAAL, SCHAAL_MAX,
                                    SCHAAL_MIN, SPOREN, STERK_VANAF, TABLE_KEYS, _present)

# --------------------------------------------------------------------------------------------
# HTML fragments for the guide (every text from data is escaped)


class Bronnen:
    """Numbered sources for one page: tables cite ``[n]``, the Bronnen section lists them."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def cite(self, bron) -> str:
        if not _present(bron) or not str(bron).strip():
            return "–"
        refs = []
        for part in str(bron).split("; "):
            part = part.strip()
            if part not in self.items:
                self.items.append(part)
            refs.append(f"[{self.items.index(part) + 1}]")
        return " ".join(refs)

    def to_html(self) -> str:
        if not self.items:
            return "<p>Geen bronnen voor deze regio in de gegevens.</p>"
        lis = "".join(f"<li>{html.escape(item)}</li>" for item in self.items)
        return f'<ol class="wz-bronnen">{lis}</ol>'

    def _repr_html_(self) -> str:
        return self.to_html()


def geen_gegevens_html(pg: Procesgegevens, what: str = "procesgegevens") -> HTML:
    files = ", ".join(f"<code>data/{t}.csv</code>" for t in TABLE_KEYS if t != "zelfscan-stellingen")
    return HTML(
        f'<div class="wz-schatting" role="note"><p><strong>Nog geen {html.escape(what)} voor '
        f"{html.escape(pg.regio.naam)}.</strong> Voeg ze toe in {files} (één regel per actor, rol, afspraak, "
        f"mijlpaal of antwoord, met <code>regio</code> = <code>{html.escape(pg.regio.id)}</code>), of vul de zelfscan "
        "in het werkboek in. Zie <code>data/README.md</code>, paragraaf Procesorganisatie.</p></div>")


def kernpartijen_html(pg: Procesgegevens) -> HTML:
    k = kernpartijen(pg.actoren)
    items = []
    for row in k.itertuples(index=False):
        orgs = f": {html.escape('; '.join(row.organisaties))}" if row.organisaties else ""
        mark = {"aan tafel (gedocumenteerd)": "✔", "nog in te vullen": "?", "nog niet in beeld": "–"}[row.status]
        items.append(f"<li><span aria-hidden=\"true\">{mark}</span> <strong>{html.escape(row.naam)}</strong> — "
                     f"{html.escape(row.status)}{orgs}</li>")
    return HTML(f'<ul class="wz-kernpartijen">{"".join(items)}</ul>')


def actoren_table(pg: Procesgegevens, bronnen: Bronnen) -> Table:
    a = pg.actoren
    shown = pd.DataFrame({
        "Nr.": [str(i + 1) for i in range(len(a))],
        "Organisatie": a["organisatie"],
        "Type": a["type"].map(ACTORTYPEN),
        "Rol": a["rol"],
        "Status": a["status"],
        "Toelichting": a["toelichting"].fillna(""),
        "Bron": [bronnen.cite(b) for b in a["bron"]],
    })
    return Table(shown, caption=f"Actoren in {pg.regio.naam}",
                 bron="openbare bronnen per actor, genummerd onder Bronnen en verantwoording (proces-actoren.csv)")


def raci_table(pg: Procesgegevens) -> Table:
    matrix = raci_matrix(pg.actoren, pg.raci)
    names = dict(zip(pg.actoren["actor"], pg.actoren["organisatie"]))
    shown = matrix.rename(columns=SPOREN)
    shown.insert(0, "Actor", [names.get(a, a) for a in matrix.index])
    voorbeeld = int(pg.raci["voorbeeld"].astype(bool).sum())
    return Table(shown.reset_index(drop=True), caption=f"RACI per processpoor, {pg.regio.naam}",
                 bron=f"proces-raci.csv; {voorbeeld} van de {len(pg.raci)} rollen zijn een voorbeeldinvulling")


def afspraken_table(pg: Procesgegevens, bronnen: Bronnen) -> Table:
    f = pg.afspraken.sort_values("datum", na_position="last", kind="stable")
    shown = pd.DataFrame({
        "Afspraak": f["naam"],
        "Datum": f["datum"].fillna("onbekend"),
        "Partijen": f["partijen"],
        "Inhoud": f["inhoud"],
        "Bron": [bronnen.cite(b) for b in f["bron"]],
    })
    return Table(shown, caption=f"Regionale afspraken, {pg.regio.naam}",
                 bron="openbare bronnen per afspraak, genummerd onder Bronnen en verantwoording (proces-afspraken.csv)")


def mijlpalen_table(pg: Procesgegevens, bronnen: Bronnen) -> Table:
    m = pg.mijlpalen
    shown = pd.DataFrame({
        "Datum": m["datum"],
        "Mijlpaal": m["mijlpaal"],
        "Soort": m["soort"].map(MIJLPAAL_SOORTEN),
        "Spoor": m["spoor"].map(lambda s: SPOREN.get(s, "") if _present(s) else ""),
        "Status": m["status"] + m["voorbeeld"].astype(bool).map({True: " (voorbeeld)", False: ""}),
        "Bron": [("voorbeeld" if v else bronnen.cite(b)) for v, b in zip(m["voorbeeld"].astype(bool), m["bron"])],
    })
    return Table(shown, caption=f"Mijlpalen en agenda, {pg.regio.naam}",
                 bron="proces-mijlpalen.csv; landelijke mijlpalen gelden voor elke regio")


def _score(v: float) -> str:
    return "–" if v != v else charts.dutch_number(v, 1)


def voorbeeld_html(result: Zelfscanuitslag | None) -> HTML:
    """The notice that the answers shown are examples, not the region's own."""
    if result is None or not result.voorbeeld:
        return HTML("")
    return HTML(
        '<div class="wz-schatting wz-voorbeeld" role="note"><p><strong>Let op: voorbeeldantwoorden.</strong> '
        "De zelfscan van deze regio is nog niet door een eigen leerkring ingevuld. De scores hieronder zijn "
        "<em>voorbeeld</em>antwoorden, verzonnen om te laten zien hoe de uitslag eruitziet; ze zeggen niets over "
        "de regio. Zodra de leerkring de zelfscan in het werkboek invult en opslaat, toont de volgende versie van "
        "deze handreiking de eigen antwoorden.</p></div>")


def uitslag_html(result: Zelfscanuitslag) -> HTML:
    """Round, respondents, score per dimension with level, strengths and weak spots."""
    def level(v: float) -> str:
        return SCHAAL[min(SCHAAL_MAX, max(SCHAAL_MIN, int(v + 0.5)))].lower()

    rows = "".join(
        f'<tr><th scope="row">{html.escape(DIMENSIES[d].naam)}</th><td class="num">{_score(v)}</td>'
        f"<td>{html.escape(level(v))}</td></tr>" for d, v in result.scores.items())
    table = (f'<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table wz-zelfscan-scores"><caption>Score per dimensie, '
             f"ronde {result.ronde}{' (voorbeeld)' if result.voorbeeld else ''}</caption><thead><tr>"
             '<th scope="col">Dimensie</th><th scope="col" class="num">Score (1–4)</th><th scope="col">Niveau</th>'
             f"</tr></thead><tbody>{rows}</tbody><tfoot><tr><th scope=\"row\">Gemiddeld</th>"
             f'<td class="num">{_score(result.totaal)}</td><td>{html.escape(level(result.totaal))}</td></tr></tfoot>'
             "</table></div>")
    sterk = ", ".join(DIMENSIES[d].naam for d in result.sterke_punten) or \
        f"geen dimensie scoort {charts.dutch_number(STERK_VANAF, 0)} of hoger"
    zwak = ", ".join(DIMENSIES[d].naam for d in result.aandachtspunten) or \
        f"geen dimensie scoort {charts.dutch_number(AANDACHT_TOT, 0)} of lager"
    low = result.lage_stellingen.head(5)
    low_items = "".join(f"<li>{html.escape(r.tekst)} (score {_score(r.score)})</li>" for r in low.itertuples())
    return HTML(
        f'<p class="wz-ronde">Ronde {result.ronde}, ingevuld op {html.escape(result.datum)} door: '
        f"{html.escape(', '.join(result.respondentgroepen))}"
        f"{' — voorbeeldantwoorden' if result.voorbeeld else ''}.</p>{table}"
        f"<p><strong>Sterke punten</strong> (score {charts.dutch_number(STERK_VANAF, 0)} of hoger): {html.escape(sterk)}.</p>"
        f"<p><strong>Aandachtspunten</strong> (score {charts.dutch_number(AANDACHT_TOT, 0)} of lager): {html.escape(zwak)}.</p>"
        + (f"<p>Stellingen om eerst te bespreken (de laagst gescoorde, ten hoogste vijf):</p><ul>{low_items}</ul>"
           if low_items else ""))


def verandering_table(change: pd.DataFrame, regio_naam: str) -> Table | HTML:
    if change.empty:
        return HTML("<p>Er is nog maar één ronde; na de volgende ronde ziet u hier wat er veranderde.</p>")
    def diff(v: float) -> str:
        return "–" if v != v else ("+" if v > 0 else "") + charts.dutch_number(v, 1)
    shown = pd.DataFrame({
        "Dimensie": change["naam"],
        f"Ronde {change.attrs['vorige_ronde']}": change["vorige"].map(_score),
        f"Ronde {change.attrs['huidige_ronde']}": change["huidige"].map(_score),
        "Verschil": change["verschil"].map(diff),
    })
    return Table(shown, caption=f"Verandering sinds de vorige ronde, {regio_naam}", bron="zelfscan-antwoorden.csv")


def vergelijking_table(comparison: pd.DataFrame, regio_naam: str) -> Table | HTML:
    """The comparison table: only aggregates of the other regions, never their names."""
    if comparison.empty:
        return HTML("<p>Er zijn nog geen antwoorden van andere regio's om mee te vergelijken.</p>")
    shown = pd.DataFrame({
        "Dimensie": comparison["naam"],
        "Deze regio": comparison["deze_regio"].map(_score),
        "Laagste andere regio": comparison["laagste"].map(_score),
        "Gemiddelde andere regio's": comparison["gemiddelde"].map(_score),
        "Hoogste andere regio": comparison["hoogste"].map(_score),
    })
    n, vb = comparison.attrs.get("andere", 0), comparison.attrs.get("voorbeeld", 0)
    bron = (f"zelfscan-antwoorden.csv, laatste ronde van {n} andere regio's (niet bij naam genoemd)"
            + (f"; bij {vb} daarvan gaat het om voorbeeldantwoorden" if vb else ""))
    return Table(shown, caption=f"{regio_naam} vergeleken met de andere regio's", bron=bron)


def kerncijfers(pg: Procesgegevens) -> dict[str, object]:
    """Key figures recorded for the site index."""
    result = uitslag(pg.antwoorden, pg.regio.id, stellingen=pg.stellingen)
    figures: dict[str, object] = {
        "actoren": int(len(pg.actoren)),
        "actoren_nog_in_te_vullen": int((pg.actoren["status"] == "nog in te vullen").sum()),
        "afspraken": int(len(pg.afspraken)),
    }
    if result is not None:
        figures.update({
            "zelfscan_ronde": result.ronde,
            "zelfscan_datum": result.datum,
            "zelfscan_voorbeeld": result.voorbeeld,
            "zelfscan_totaal": round(result.totaal, 2),
            **{f"zelfscan_{d}": round(float(v), 2) for d, v in result.scores.items()},
        })
    return figures


def titel(pg: Procesgegevens) -> HTML:
    return HTML(f"<h1>Regionale procesorganisatie — {html.escape(pg.regio.naam)}</h1>")


def dimensies_html(pg: Procesgegevens) -> HTML:
    """The zelfscan's dimensions with their question and number of statements, and the scale."""
    counts = pg.stellingen.groupby("dimensie").size()
    rows = "".join(
        f'<tr><th scope="row">{html.escape(d.naam)}</th><td>{html.escape(d.vraag)}</td>'
        f'<td class="num">{int(counts.get(d.id, 0))}</td></tr>' for d in DIMENSIES.values())
    schaal = " · ".join(f"{k} = {html.escape(v.lower())}" for k, v in SCHAAL.items())
    return HTML(
        '<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table"><caption>De zeven dimensies van de zelfscan</caption>'
        '<thead><tr><th scope="col">Dimensie</th><th scope="col">Kernvraag</th><th scope="col" class="num">'
        f"Stellingen</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="wz-bron">Schaal per stelling: {schaal}. Bron: eigen ontwerp (zelfscan-stellingen.csv); '
        "er is geen gepubliceerd volwassenheidsmodel voor dit veld gevonden.</p></div>")


def gespreksvragen_html(pg: Procesgegevens, result: Zelfscanuitslag | None) -> HTML:
    """Questions drawn from the region's own gaps: missing core parties and weak zelfscan dimensions."""
    vragen = []
    for row in kernpartijen(pg.actoren).itertuples(index=False):
        if row.status != "aan tafel (gedocumenteerd)":
            vragen.append(f"{row.naam} staat bij ons als '{row.status}'. Wie nodigen we uit, en welke rol geven we "
                          "hen in de vier sporen?")
    matrix = raci_matrix(pg.actoren, pg.raci)
    for spoor in SPOREN:
        if len(matrix) and not (matrix[spoor] == "A").any():
            vragen.append(f"Niemand is eindverantwoordelijk (A) voor het spoor '{SPOREN[spoor]}'. Wie pakt dat op?")
    if result is not None:
        for d in result.aandachtspunten[:3]:
            vragen.append(f"{DIMENSIES[d].naam} scoort {_score(result.scores[d])}: {DIMENSIES[d].vraag} "
                          "Wat is de eerste stap om dit een niveau hoger te krijgen?")
        if result.voorbeeld:
            vragen.append("De zelfscan toont nog voorbeeldantwoorden. Wanneer vult de leerkring hem zelf in, en met "
                          "welke respondentgroepen?")
    if not vragen:
        return HTML("")
    return HTML("<p>Vragen die uit de gegevens van deze regio volgen:</p><ul>"
                    + "".join(f"<li>{html.escape(v)}</li>" for v in vragen) + "</ul>")
