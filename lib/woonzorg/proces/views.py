"""Procesorganisatie views: tables and text for the guide (every text from data is escaped)."""

from __future__ import annotations

import html

import pandas as pd

from woonzorg.present import charts, oefenmateriaal, privacy
from woonzorg.present.tables import HTML, Table
from woonzorg.proces.model import Procesgegevens, Zelfscanuitslag, kernpartijen, raci_matrix, uitslag
from woonzorg.proces.schema import (AANDACHT_TOT, AFSPRAAK_SOORTEN, ACTORTYPEN, DIMENSIES, MIJLPAAL_SOORTEN, SCHAAL, SCHAAL_MAX,
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
                 bron="openbare bronnen per actor, genummerd onder Bronnen en verantwoording")


def raci_table(pg: Procesgegevens) -> Table:
    matrix = raci_matrix(pg.actoren, pg.raci)
    names = dict(zip(pg.actoren["actor"], pg.actoren["organisatie"]))
    shown = matrix.rename(columns=SPOREN)
    shown.insert(0, "Actor", [names.get(a, a) for a in matrix.index])
    voorbeeld = int(pg.raci["voorbeeld"].astype(bool).sum())
    return Table(shown.reset_index(drop=True), caption=f"RACI per processpoor, {pg.regio.naam}",
                 bron=f"rolverdeling van de regio; {voorbeeld} van de {len(pg.raci)} rollen zijn een voorbeeldinvulling")


def afspraken_table(pg: Procesgegevens, bronnen: Bronnen) -> Table:
    f = pg.afspraken.sort_values("datum", na_position="last", kind="stable")
    shown = pd.DataFrame({
        "Afspraak": f["naam"],
        "Datum": f["datum"].fillna("onbekend"),
        "Looptijd": [looptijd_tekst(t) for t in (f["looptijd"] if "looptijd" in f else [""] * len(f))],
        "Partijen": f["partijen"],
        "Inhoud": f["inhoud"],
        "Bron": [bronnen.cite(b) for b in f["bron"]],
    })
    return Table(shown, caption=f"Regionale afspraken, {pg.regio.naam}",
                 bron="openbare bronnen per afspraak, genummerd onder Bronnen en verantwoording")


def looptijd_tekst(looptijd: object, peiljaar: int | None = None) -> str:
    """``2024–2028``, or ``2023–2025 (verlopen)`` once its last year lies before the build's year; ``–`` when none."""
    from woonzorg import clock
    from woonzorg.tijdvak import lees

    found = lees(looptijd)
    if found is None:
        return "–"
    jaar = clock.peiljaar() if peiljaar is None else peiljaar
    return found.label + (" (verlopen)" if found.laatste_jaar < jaar else "")


def mijlpaal_stand(status: str, datum, today) -> str:
    """'gerealiseerd', 'gepland', or for a planned date that has passed: not confirmed."""
    if status == "gepland" and pd.Timestamp(datum).date() <= today:
        return "datum verstreken; of dit is gebeurd, is niet bevestigd"
    return status


def mijlpalen_table(pg: Procesgegevens, bronnen: Bronnen, *, voorbeeld: bool = False, today=None) -> Table | HTML:
    """The region's sourced milestones (or, with ``voorbeeld``, only the example ones, for the practice section)."""
    from woonzorg.beleid import build_date

    today = today or build_date()
    m = pg.mijlpalen[pg.mijlpalen["voorbeeld"].astype(bool) == voorbeeld].reset_index(drop=True)
    if m.empty:
        return HTML("<p>Geen mijlpalen.</p>")
    shown = pd.DataFrame({
        "Datum": m["datum"],
        "Mijlpaal": m["mijlpaal"],
        "Soort": m["soort"].map(MIJLPAAL_SOORTEN),
        "Spoor": m["spoor"].map(lambda s: SPOREN.get(s, "") if _present(s) else ""),
        "Status": [mijlpaal_stand(st, d, today) + (" (voorbeeld)" if v else "")
                   for st, d, v in zip(m["status"], m["datum"], m["voorbeeld"].astype(bool))],
        "Bron": [("voorbeeld" if v else bronnen.cite(b)) for v, b in zip(m["voorbeeld"].astype(bool), m["bron"])],
    })
    return Table(shown, caption=(f"Voorbeeldagenda (verzonnen), {pg.regio.naam}" if voorbeeld else
                                 f"Mijlpalen en agenda, {pg.regio.naam}"),
                 bron="mijlpalen van de regio en het Rijk; landelijke mijlpalen gelden voor elke regio")


def _score(v: float) -> str:
    return "–" if v != v else charts.dutch_number(v, 1)


def uitslag_html(result: Zelfscanuitslag) -> HTML:
    """Round, respondents, score per dimension with level, strengths and weak spots."""
    def level(v: float) -> str:
        return SCHAAL[min(SCHAAL_MAX, max(SCHAAL_MIN, int(v + 0.5)))].lower()

    scores = pd.DataFrame({
        "Dimensie": [DIMENSIES[d].naam for d in result.scores.index],
        "Score (1–4)": result.scores.to_numpy(dtype=float),
        "Niveau": [level(v) for v in result.scores],
    })
    table = Table(scores, caption=f"Score per dimensie, ronde {result.ronde}{' (voorbeeld)' if result.voorbeeld else ''}",
                  bron=f"zelfscan van de regio, ronde {result.ronde} ({result.datum})",
                  formats={"Score (1–4)": lambda v: charts.dutch_number(v, 1)},
                  totals={"Dimensie": "Gemiddeld", "Score (1–4)": result.totaal, "Niveau": level(result.totaal)},
                  ).to_html()
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
    return Table(shown, caption=f"Verandering sinds de vorige ronde, {regio_naam}", bron="zelfscan van de regio, per ronde")


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
    bron = (f"zelfscans van {n} andere regio's, van elk de laatste ronde (niet bij naam genoemd)"
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
    if result is not None and not result.voorbeeld:  # example answers never become a key figure
        figures.update({
            "zelfscan_ronde": result.ronde,
            "zelfscan_datum": result.datum,
            "zelfscan_totaal": round(result.totaal, 2),
            **{f"zelfscan_{d}": round(float(v), 2) for d, v in result.scores.items()},
        })
    return figures


def titel(pg: Procesgegevens) -> HTML:
    return HTML(f"<h1>Regionale procesorganisatie — {html.escape(pg.regio.naam)}</h1>")


def dimensies_html(pg: Procesgegevens) -> Table:
    """The zelfscan's dimensions with their question and number of statements, and the scale (in the source line)."""
    counts = pg.stellingen.groupby("dimensie").size()
    frame = pd.DataFrame({
        "Dimensie": [d.naam for d in DIMENSIES.values()],
        "Kernvraag": [d.vraag for d in DIMENSIES.values()],
        "Stellingen": [int(counts.get(d.id, 0)) for d in DIMENSIES.values()],
    })
    schaal = " · ".join(f"{k} = {v.lower()}" for k, v in SCHAAL.items())
    return Table(frame, caption="De zeven dimensies van de zelfscan",
                 bron=(f"eigen ontwerp van dit werkboek; er is geen gepubliceerd volwassenheidsmodel voor "
                       f"dit veld gevonden. Schaal per stelling: {schaal}"))


def gespreksvragen_html(pg: Procesgegevens, result: Zelfscanuitslag | None) -> HTML:
    """Questions drawn from the region's own gaps: missing core parties and weak zelfscan dimensions."""
    vragen = []
    for row in kernpartijen(pg.actoren).itertuples(index=False):
        if row.status != "aan tafel (gedocumenteerd)":
            vragen.append(f"{row.naam} staat bij ons als '{row.status}'. Wie nodigen we uit, en welke rol geven we "
                          "hen in de vier sporen?")
    matrix = raci_matrix(pg.actoren, pg.raci[~pg.raci["voorbeeld"].astype(bool)])  # example roles make no question
    for spoor in SPOREN:
        if len(matrix) and not (matrix[spoor] == "A").any():
            vragen.append(f"Niemand is eindverantwoordelijk (A) voor het spoor '{SPOREN[spoor]}'. Wie pakt dat op?")
    if result is not None and not result.voorbeeld:  # example answers never make a question
        for d in result.aandachtspunten[:3]:
            vragen.append(f"{DIMENSIES[d].naam} scoort {_score(result.scores[d])}: {DIMENSIES[d].vraag} "
                          "Wat is de eerste stap om dit een niveau hoger te krijgen?")
    else:
        vragen.append(f"{pg.regio.naam} heeft de zelfscan nog niet zelf ingevuld. Wanneer vult de leerkring hem in, "
                      "en met welke respondentgroepen?")
    if not vragen:
        return HTML("")
    return HTML("<p>Vragen die uit de gegevens van deze regio volgen:</p><ul>"
                    + "".join(f"<li>{html.escape(v)}</li>" for v in vragen) + "</ul>")


# --------------------------------------------------------------------------------------------
# Practice material, the municipalities of the region, the short summary


PRAKTIJK_TITEL = oefenmateriaal.TITEL


def praktijk_notitie(uitleg: str) -> HTML:
    """A note inside the practice block: what the next part is (see :mod:`woonzorg.present.oefenmateriaal`)."""
    return oefenmateriaal.notitie(uitleg)


def oefenmateriaal_html(pg: Procesgegevens, bronnen: Bronnen, result: Zelfscanuitslag | None) -> HTML:
    """The one marked practice section of the guide: every part built from example rows, and nothing else.

    Example positions of the actors, example RACI roles, example zelfscan answers and the example
    agenda; a part is left out when the region has no example rows for it (no block at all if none).
    """
    from woonzorg.proces.figures import actorenkaart, raci_heatmap, zelfscan_radar

    parts: list = []
    if len(pg.actoren) and pg.actoren["positie_voorbeeld"].astype(bool).any():
        parts += [praktijk_notitie("Belang en invloed zijn een voorbeeldinschatting per type actor."),
                  actorenkaart(pg.actoren, pg.regio.naam)]
    if len(pg.raci) and pg.raci["voorbeeld"].astype(bool).any():
        parts += [praktijk_notitie("Rollen per spoor: de meeste zijn een voorbeeldinvulling."),
                  raci_heatmap(raci_matrix(pg.actoren, pg.raci), pg.actoren, pg.regio.naam, voorbeeld=True)]
    if result is not None and result.voorbeeld:
        parts += [praktijk_notitie("Zo ziet een uitslag van de zelfscan eruit, met verzonnen antwoorden."),
                  uitslag_html(result), zelfscan_radar(result, regio_naam=pg.regio.naam)]
    if pg.mijlpalen["voorbeeld"].astype(bool).any():
        parts += [praktijk_notitie("Een voorbeeldagenda om mee te starten."),
                  mijlpalen_table(pg, bronnen, voorbeeld=True)]
    if not parts:
        return HTML("")
    return oefenmateriaal.oefenmateriaal_html(
        "Voorbeeldposities van de actoren, voorbeeldrollen in de RACI-matrix, voorbeeldantwoorden van de zelfscan en "
        "een voorbeeldagenda, om te laten zien hoe de eigen invulling eruit gaat zien.", *parts)


def geen_zelfscan_html(pg: Procesgegevens) -> HTML:
    """With no real zelfscan round: say so, and how the region fills one in."""
    return HTML(
        f'<div class="wz-schatting" role="note"><p><strong>{html.escape(pg.regio.naam)} heeft de zelfscan nog niet zelf '
        "ingevuld.</strong> Er is dus nog geen uitslag voor deze regio. Zo vult de regio hem in: open in de leerkring "
        "het werkboek <em>procesorganisatie</em> van de regio, scoor met de hele groep of per respondentgroep "
        "(gemeenten, corporaties, zorg) elke stelling van 1 tot 4, vul groep en datum in en klik op "
        "de opslagknop onder het formulier. Het formulier bewaart de ronde in <code>data/zelfscan-antwoorden.csv</code>; de "
        "volgende build van deze handreiking toont dan de eigen uitslag, de verandering per ronde en de vergelijking "
        "met andere regio's.</p></div>")


def _agreement_cell(items, bronnen: Bronnen) -> str:
    if not items:
        return "niet gevonden"
    return "; ".join(f"{naam} {bronnen.cite(bron)}" for naam, bron in items)


def gemeenten_table(overzicht: pd.DataFrame, regio_naam: str, bronnen: Bronnen) -> Table:
    """Every municipality with its role, sub-region, agreements, share of the task and taakstelling."""
    from woonzorg import analyse  # the key's Dutch name

    from woonzorg.dutch import number, percent
    from woonzorg.proces.gemeenten import AFSPRAAK_KOLOMMEN

    o = overzicht
    shown = pd.DataFrame({
        "Gemeente": o["gemeente"],
        "Rol beschermd wonen en opvang": [r if not b else f"{r} {bronnen.cite(b)}" for r, b in zip(o["rol"], o["rol_bron"])],
        "Woningmarktregio of deelregio": [d if not b else f"{d} {bronnen.cite(b)}"
                                          for d, b in zip(o["deelregio"], o["deelregio_bron"])],
        **{AFSPRAAK_SOORTEN[k]: [_agreement_cell(items, bronnen) for items in o[k]] for k in AFSPRAAK_KOLOMMEN},
        "Aandeel in de regionale opgave": [percent(x, 1) if x == x else "–" for x in o["sleutelaandeel"]],
        "Taakstelling statushouders (regel)": [
            f"{number(x)} ({p}) {bronnen.cite(b)}" if x == x else "niet gevonden"
            for x, p, b in zip(o["taakstelling_regel"], o["regel_periode"], o["regel_bron"])],
        "Taakstelling waargenomen": [
            f"{privacy.observed_text(x, h)} ({p}) {bronnen.cite(b)}" if x == x or h else "niet gevonden"
            for x, h, p, b in zip(o["taakstelling_waargenomen"], o["waargenomen_afgeschermd"], o["waargenomen_periode"],
                                  o["waargenomen_bron"])],
    })
    sleutel = analyse.VERDEELSLEUTELS[o.attrs.get("verdeelsleutel", "inwoners")].naam
    return Table(shown, caption=f"De gemeenten van {regio_naam}: rol, afspraken, aandeel in de opgave en taakstelling",
                 bron=(f"centrumregio-indeling, regio-indeling en deelregio's, afspraken van de regio (partijen volgens "
                       f"de bron; 'niet gevonden' = geen bron die de gemeente noemt); aandeel {sleutel} uit de "
                       "woonzorganalyse; taakstelling volgens de regel = landelijke taakstelling × aandeel inwoners; "
                       "waargenomen = de gepubliceerde taakstelling van de gemeente. Bronnen genummerd onder Bronnen en "
                       "verantwoording"))


def _common(name: str) -> str:
    from woonzorg.names import common_name

    return common_name(name)


def in_het_kort_bevindingen(pg: Procesgegevens, overzicht: pd.DataFrame, result: Zelfscanuitslag | None,
                            wet: str) -> list[str]:
    """Three to five findings from the region's own data (never from example data)."""
    from woonzorg.dutch import count_noun, percent
    from woonzorg.names import enumerate_dutch

    n = len(overzicht)
    centra = [_common(g) for g, r in zip(overzicht["gemeente"], overzicht["rol"]) if r.startswith("centrumgemeente")]
    onbekend = int((overzicht["rol"] == "niet gevonden").sum())
    out = [f"{pg.regio.naam} telt {count_noun(n, 'gemeente', 'gemeenten')}"
           + (f"; centrumgemeente voor beschermd wonen en opvang: {enumerate_dutch(centra)}" if centra else
              "; een centrumgemeente voor beschermd wonen en opvang noemen de gebruikte bronnen niet")
           + (f" (bij {count_noun(onbekend, 'gemeente', 'gemeenten')} is de rol niet gevonden)." if onbekend and centra
              else ".")]
    top = overzicht.sort_values("sleutelaandeel", ascending=False, kind="stable")
    if n > 1 and top["sleutelaandeel"].notna().any():
        a, b = top.iloc[0], top.iloc[-1]
        if percent(a["sleutelaandeel"], 1) != percent(b["sleutelaandeel"], 1):  # as shown: never a figure with itself
            out.append(f"Naar inwoners draagt {_common(a['gemeente'])} het grootste deel van de regionale opgave "
                       f"({percent(a['sleutelaandeel'], 1)}), {_common(b['gemeente'])} het kleinste "
                       f"({percent(b['sleutelaandeel'], 1)}).")
        else:
            out.append(f"Naar inwoners dragen alle gemeenten een even groot deel ({percent(a['sleutelaandeel'], 1)}).")
    met = {k: int(sum(bool(x) for x in overzicht[k])) for k in ("woondeal", "prestatieafspraken", "urgentie")}
    zonder = [AFSPRAAK_SOORTEN[k].lower() for k, v in met.items() if v == 0]
    out.append(f"In de gegevens {'staat' if len(pg.afspraken) == 1 else 'staan'} "
               f"{count_noun(len(pg.afspraken), 'regionale afspraak', 'regionale afspraken')}"
               + (f"; voor {enumerate_dutch(zonder)} is niet gevonden welke gemeenten partij zijn." if zonder else "."))
    if result is None or result.voorbeeld:
        out.append("De regio heeft de zelfscan nog niet zelf ingevuld; de leerkring doet dat in het werkboek.")
    else:
        out.append(f"De eigen zelfscan (ronde {result.ronde}) komt uit op {charts.dutch_number(result.totaal, 1)} van 4.")
    out.append(f"De Wet versterking regie volkshuisvesting: {wet}.")
    return out[:5]


def in_het_kort_html(bevindingen: list[str], figures: list[tuple[str, str]]) -> HTML:
    lis = "".join(f"<li>{html.escape(b)}</li>" for b in bevindingen)
    kc = "".join(f"<li><strong>{html.escape(v)}</strong> {html.escape(label)}</li>" for v, label in figures)
    return HTML(f'<ul class="wz-bevindingen">{lis}</ul><ul class="wz-kerncijfers">{kc}</ul>')


def in_het_kort_cijfers(overzicht: pd.DataFrame, pg: Procesgegevens) -> list[tuple[str, str]]:
    """A few key figures for the summary: municipalities, sourced agreements, the rule's taakstelling."""
    from woonzorg.dutch import number

    taak = overzicht["taakstelling_regel"].sum(min_count=1)
    periode = next((p for p in overzicht["regel_periode"] if p), "")
    out = [(number(len(overzicht)), "gemeente" if len(overzicht) == 1 else "gemeenten"),
           (number(len(pg.afspraken)), "regionale afspraak met bron" if len(pg.afspraken) == 1 else
            "regionale afspraken met bron")]
    if taak == taak:
        from woonzorg.tijdvak import lees

        label = lees(periode).label if lees(periode) else periode
        out.append((number(taak), f"statushouders te huisvesten in de {label} volgens de regel (hele regio; "
                                  f"ongeveer {number(2 * taak)} per jaar, zoals in de woonzorganalyse)"))
    return out


def aandeel_alt(overzicht: pd.DataFrame, regio_naam: str) -> str:
    from woonzorg.dutch import percent

    parts = "; ".join(f"{g} {percent(a, 1)}" for g, a in zip(overzicht["gemeente"], overzicht["sleutelaandeel"]) if a == a)
    return (f"Staafdiagram met het aandeel van elke gemeente van {regio_naam} in de regionale opgave bij een "
            f"verdeling naar inwoners: {parts}.")
