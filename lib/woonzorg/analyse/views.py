"""The woonzorganalyse on the page: Dutch tables and charts made from a :class:`~woonzorg.analyse.model.Woonzorganalyse`.

Figures come already suppressed from the model (an observed count of persons per municipality
below 10 is the interval 0–9 there), so every table, chart and file shows the same thing.
Text (key figures, findings, "In het kort") is in :mod:`.tekst`.
"""

from __future__ import annotations

import html

import pandas as pd

from woonzorg import dutch
from woonzorg.dutch import number, percent
from woonzorg.memo import per_object
from woonzorg.present import charts, maps, privacy, teken
from woonzorg.present.tables import HTML, Table
from woonzorg.analyse.model import VERDEELSLEUTELS, Woonzorganalyse
from woonzorg.analyse.schema import REQUIRED_AANNAMES
from woonzorg.analyse.tekst import bereik, bevindingen, bevindingen_html, kerncijfers_html, kerncijfers_tekst
from woonzorg.figures import opsomming, rond, verschil_kort, verschil_tekst, volledigheid_tekst

_n = number  # short names for the many numbers in generated text
_pct = percent
STATUS_KLEUR = {"waargenomen": charts.PALETTE[2], "geschat": charts.PALETTE[1], "onbekend": "#bbbbbb"}
GROOTHEID_NAAM = {"instroom": "instroom per jaar", "achterstand": "achterstand nu", "aanbod": "aanbod per jaar"}

__all__ = ["bevindingen", "bevindingen_html", "kerncijfers_html", "kerncijfers_tekst"]


def _bron_analyse(result: Woonzorganalyse) -> str:
    return ("eigen berekening woonzorganalyse op basis van waarnemingen uit openbare bronnen, CBS (Kerncijfers "
            "wijken en buurten 2024; woningvoorraad naar eigendom), NOS-enquête woningtoewijzing en de taakstelling "
            "statushouders; zie Bronnen en verantwoording")


def _waarde(row) -> str:
    if row.status == "onbekend":
        return "onbekend"
    if row.afgeschermd:
        return f"<{privacy.THRESHOLD}"
    if row.status == "schatting":
        return bereik(row.laag, row.hoog, "schatting").replace(" (schatting)", "")
    return _n(row.waarde) if row.laag == row.hoog else f"{_n(row.laag)}–{_n(row.hoog)}"


def inventaris_table(result: Woonzorganalyse) -> Table:
    """Step 1 of a woonzorganalyse: per group whether instroom and achterstand are observed, estimated or unknown."""
    inv = result.inventaris()
    def cell(status, niveau):
        return status + (f" ({niveau})" if niveau and status != "onbekend" else "")
    frame = pd.DataFrame({
        "Aandachtsgroep": [result.groep_namen[g] for g in inv["groep"]],
        "Instroom per jaar": [cell(s, n) for s, n in zip(inv["instroom"], inv["instroom_niveau"])],
        "Achterstand nu": [cell(s, n) for s, n in zip(inv["achterstand"], inv["achterstand_niveau"])],
        "Instroom (bereik)": [result_text(result, g, "instroom") for g in inv["groep"]],
        "Achterstand (bereik)": [result_text(result, g, "achterstand") for g in inv["groep"]],
        "Wie heeft het cijfer": [_houder(result, g) for g in inv["groep"]],
        "Context (geen vraag)": [context_tekst(result, g) for g in inv["groep"]],
    })
    return Table(frame, caption=(f"Wat weten we per aandachtsgroep in {result.regio.naam}: waargenomen, geschat of "
                                 "onbekend (met het niveau van het cijfer), en wie het cijfer heeft"),
                 bron="openbare bronnen per cijfer (zie Bronnen en verantwoording); rekenregel taakstelling "
                      "statushouders")


def context_tekst(result: Woonzorganalyse, groep: str, limit: int = 3) -> str:
    """A group's context at its own level, newest first: stock, supply, counts that are no need, and figures of the
    province (never part of the region's total); each with its area and period, older ones too."""
    from woonzorg.tijdvak import lees

    w = result.waarnemingen
    rows = w[(w["groep"] == groep) & (w["grootheid"].isin(["context", "aanbod"]) | (w["niveau"] == "provincie"))] \
        if len(w) else w
    if len(rows):
        ends = [lees(getattr(r, "tijdvak", "")) for r in rows.itertuples(index=False)]
        rows = rows.assign(_eind=[e.eind.isoformat() if e else "" for e in ends]).sort_values("_eind", ascending=False)
    parts = []
    for r in rows.itertuples(index=False):
        small = privacy.hidden_observation(r)
        value = privacy.observed_text(r.waarde, small, 0 if small or float(r.waarde).is_integer() else 2)
        if not small and not pd.isna(r.waarde_tot) and float(r.waarde_tot) != float(r.waarde):
            value += f"–{_n(r.waarde_tot)}"
        what = str(r.omschrijving) if isinstance(r.omschrijving, str) and r.omschrijving else str(r.indicator)
        parts.append(f"{value} {r.eenheid} — {what.rstrip('.')} ({r.gebied}, {r.periode})")
    if groep == "ouderen" and result.gemeenten_65plus == result.gemeenten_65plus:
        parts.insert(0, f"{_n(result.gemeenten_65plus)} inwoners van 65 jaar of ouder (CBS, 1 januari 2024)")
    return "; ".join(parts[:limit]) or "–"


def _houder(result: Woonzorganalyse, groep: str) -> str:
    """Who holds a group's demand figures and which public source gives or defines them (from the catalogue)."""
    h = result.houders.set_index("groep")
    if groep not in h.index or not h.at[groep, "houder"]:
        return "–"
    bron = h.at[groep, "bron"]
    return f"{h.at[groep, 'houder']}" + (f" (openbare tabel: {bron})" if bron else "")


def result_text(result: Woonzorganalyse, groep: str, grootheid: str) -> str:
    from woonzorg.analyse.tekst import totaal_tekst

    return totaal_tekst(result, groep, grootheid, "personen" if grootheid == "achterstand" else "per jaar")


@per_object
def inventaris_chart(result: Woonzorganalyse) -> charts.Chart:
    """One bar per group: instroom and achterstand, coloured by status (the chart of "In het kort")."""
    inv = result.inventaris()
    labels = [result.groep_namen[g] for g in inv["groep"]]
    series = {label: [sum(inv.loc[i, q] == status for q in ("instroom", "achterstand")) for i in inv.index]
              for status, label in (("waargenomen", "waargenomen"), ("schatting", "geschat"), ("onbekend", "onbekend"))}
    counts = {k: sum(v) for k, v in series.items()}
    return charts.status_bars(
        labels, series, STATUS_KLEUR,
        title=f"Instroom en achterstand per aandachtsgroep: wat is bekend in {result.regio.naam}?",
        xlabel="aantal cijfers (instroom en achterstand)", bron=_bron_analyse(result),
        alt=(f"Gestapelde staven voor {len(labels)} aandachtsgroepen in {result.regio.naam}, elk met twee cijfers "
             f"(instroom en achterstand): {counts['waargenomen']} zijn waargenomen, {counts['geschat']} geschat en "
             f"{counts['onbekend']} onbekend."),
    )


def in_het_kort(result: Woonzorganalyse) -> HTML:
    """The section "In het kort": findings, key figures and one chart, from the region's figures (one output)."""
    return HTML(bevindingen_html(result).markup + kerncijfers_html(result).markup + inventaris_chart(result).to_html())


def vraag_table(result: Woonzorganalyse) -> Table:
    """Every demand figure of the region (observed, estimated, unknown) with level, method, source and date."""
    c = result.cijfers
    frame = pd.DataFrame({
        "Aandachtsgroep": [result.groep_namen.get(g, g) for g in c["groep"]],
        "Grootheid": [GROOTHEID_NAAM.get(q, q) for q in c["grootheid"]],
        "Niveau": c["niveau"], "Gebied": c["gemeente"],
        "Waarde": [_waarde(r) for r in c.itertuples(index=False)],
        "Status": c["status"], "Peildatum": c["peildatum"].fillna(""), "Methode": c["methode"],
    })
    return Table(frame, caption=f"Vraag per aandachtsgroep, {result.regio.naam}: alle cijfers met hun status",
                 bron=_bron_analyse(result) + (f". Waargenomen aantallen personen per gemeente onder "
                                              f"{privacy.THRESHOLD} staan als <{privacy.THRESHOLD}; schattingen uit de "
                                              "openbare rekenregel zijn niet onthullend en staan er wel"))


@per_object
def vraag_chart(result: Woonzorganalyse) -> charts.Chart:
    """The known demand per group in homes per year (midden), region total; unknown groups named in the alt text."""
    per_group = result.vraag.groupby("groep")[["laag", "vraag", "hoog"]].sum()
    groepen = [g for g in result.groepen if g in per_group.index]
    labels = [result.groep_namen[g] for g in groepen]
    values = [float(per_group.at[g, "vraag"]) for g in groepen]
    missing = [result.groep_namen[g].lower() for g in result.groepen if g not in per_group.index]
    return charts.horizontal_bars(
        labels, values, title=f"Bekende vraag per aandachtsgroep, {result.regio.naam} (woningen per jaar, midden)",
        xlabel="woningen per jaar (instroom + achterstand gespreid tot het doeljaar)", bron=_bron_analyse(result),
        alt=(f"Staafdiagram van de bekende vraag van {len(labels)} aandachtsgroepen in {result.regio.naam}: "
             + "; ".join(f"{lab} ongeveer {_n(rond(v))} woningen per jaar" for lab, v in zip(labels, values))
             + (f". Onbekend en dus niet getekend: {', '.join(missing)}." if missing else ".")),
    )


def methode_html(result: Woonzorganalyse) -> HTML:
    """How each group's figures were found: observed, the rule's estimate, or onbekend."""
    items = []
    for g in result.groepen:
        block = result.cijfers[result.cijfers["groep"] == g]
        texts = sorted(set(block["methode"]))[:3]
        items.append(f"<li><strong>{html.escape(result.groep_namen[g])}</strong>: "
                     + html.escape("; ".join(texts)) + "</li>")
    centra = result.centrumregios
    centrum = ("Dakloosheid, beschermd wonen en opvang zijn per centrumregio georganiseerd. Centrumgemeente(n) van "
               f"deze regio: {opsomming(list(centra['centrumgemeente']))}. Hun cijfers gelden voor de hele centrumregio."
               if len(centra) else "Voor deze regio noemt geen bron een centrumgemeente voor beschermd wonen en "
                                   "opvang (niet gevonden).")
    ouderen = float(result.gemeenten_65plus) if result.gemeenten_65plus == result.gemeenten_65plus else None
    context = ("" if ouderen is None else
               f"<p><strong>Ouderen (context, geen vraag).</strong> In {html.escape(result.regio.naam)} wonen "
               f"{_n(ouderen)} mensen van 65 jaar of ouder (CBS, 1 januari 2024). Dat is geen woonvraag: vraag zijn "
               "de ouderen die wachten op een geschikte woning of een verpleeghuisplek. Die cijfers hebben de "
               "corporaties (wachtenden op een ouderenwoning) en het zorgkantoor (wachtlijst verpleeghuiszorg).</p>")
    return HTML('<div class="wz-schatting" role="note"><p><strong>Zo zijn de cijfers gevonden.</strong> Toewijzing '
                "(het aandeel verhuringen met voorrang) is geen vraag en wordt hier niet als vraag gebruikt.</p>"
                f"<ul>{''.join(items)}</ul><p>{html.escape(centrum)}</p>{context}</div>")


def aanbod_table(result: Woonzorganalyse) -> Table:
    a = result.aanbod
    frame = pd.DataFrame({
        "Gemeente": a["gemeente"],
        "Corporatiewoningen": [_n(v) for v in a["corporatiewoningen"]],
        "Vrijkomend per jaar": [_n(v) if s == "waargenomen" else f"{_n(rond(lo))}–{_n(rond(hi))}"
                                for v, lo, hi, s in zip(a["vrijkomend"], a["vrijkomend_laag"], a["vrijkomend_hoog"],
                                                        a["status"])],
        "Status": a["status"],
        "Geplande nieuwbouw": [_n(v) for v in a["nieuwbouw"]],
        f"Midden (mutatiegraad {_pct(result.mutatiegraad, 1)})": [_n(v) for v in a["aanbod"]],
    })
    return Table(frame, caption=(f"Vrijkomende sociale huurwoningen per jaar, {result.regio.naam}: waargenomen "
                                 f"verhuringen of corporatiewoningen × mutatiegraad {_pct(result.mutatiegraad_laag, 1)}"
                                 f"–{_pct(result.mutatiegraad_hoog, 1)}"),
                 bron=(f"corporatiewoningen = woningen × corporatie-aandeel (CBS, allecijfers.nl); mutatiegraad landelijk "
                       f"{_pct(result.grondslag.mutatiegraad, 1)} ({result.grondslag.bronnen['vrijgekomen']}); laag en "
                       "hoog: de laagste en hoogste mutatiegraad die waargenomen verhuringen opleveren; midden: "
                       f"{result.mutatiegraad_uitleg}"),
                 totals={"Gemeente": f"Totaal {result.regio.naam}",
                         "Corporatiewoningen": _n(a["corporatiewoningen"].sum()),
                         "Vrijkomend per jaar": f"{_n(rond(a['vrijkomend_laag'].sum()))}–"
                                                f"{_n(rond(a['vrijkomend_hoog'].sum()))}",
                         "Geplande nieuwbouw": _n(a["nieuwbouw"].sum()),
                         f"Midden (mutatiegraad {_pct(result.mutatiegraad, 1)})": _n(a["aanbod"].sum())})


def controle_table(result: Woonzorganalyse) -> Table | HTML:
    """Model against observation: each check with the difference, flagged beyond ±20%."""
    c = result.controles
    if c.empty:
        return HTML("<p>Voor deze regio is geen waarneming bekend die iets zegt over een aanname "
                    "van het model (verhuringen, aandeel met voorrang, dakloosheid per centrumregio of een "
                    "gemeentelijke taakstelling). Eigen cijfers maken deze controle mogelijk.</p>")
    def fig(v):
        return _pct(v) if abs(v) <= 1 else _n(v)
    hidden = c["afgeschermd"].astype(bool)
    frame = pd.DataFrame({
        "Onderwerp": c["onderwerp"], "Gebied": c["gebied"], "Peildatum": c["peildatum"],
        "Waargenomen": [privacy.observed_text(v, h) if h else fig(v) for v, h in zip(c["waargenomen"], hidden)],
        "Model": [fig(v) for v in c["model"]],
        "Verschil": ["–" if h else ("+" if v > 0 else "") + _pct(v) for v, h in zip(c["verschil"], hidden)],
        "Boven ±20%": ["–" if h else "ja ⚠" if f else "nee" for f, h in zip(c["gemarkeerd"], hidden)],
        "Toelichting": c["toelichting"],
    })
    return Table(frame, person_rows={"Waargenomen": c["persoonsaantal"].astype(bool).tolist()},
                 caption=(f"Controle van het model met waarnemingen, {result.regio.naam}: "
                                 f"{int(c['gemarkeerd'].sum())} van {len(c)} verschillen groter dan 20%"),
                 bron="waarnemingen uit openbare bronnen (zie Bronnen en verantwoording); verschil = (model − waarneming) / "
                      "waarneming")


controle_html = controle_table  # the notebook's older name


def waarnemingen_html(result: Woonzorganalyse) -> Table | HTML:
    """Every observed figure that belongs to the region (its municipalities, centrumregio's, the region)."""
    w = result.waarnemingen
    if w.empty:
        return HTML("<p>Voor deze regio zijn geen waarnemingen bekend.</p>")
    values = [privacy.observed_text(v, h, 0 if h or float(v).is_integer() else 1)
              for v, h in zip(w["waarde"], w["afgeschermd"])]
    frame = pd.DataFrame({"Gebied": w["gebied"], "Niveau": w["niveau"],
                          "Cijfer": w["indicator"].str.replace("_", " "), "Grootheid": w["grootheid"],
                          "Waarde": values, "Eenheid": w["eenheid"], "Periode": w["periode"]})
    return Table(frame, caption=f"Waarnemingen voor {result.regio.naam} uit openbare bronnen",
                 person_rows={"Waarde": w["persoonsaantal"].astype(bool).tolist()},
                 bron="openbare bronnen per cijfer; aantallen personen en huishoudens onder 10 staan als <10; cijfers "
                      "van de provincie zijn context, geen deel van de vraag")


def druk_table(result: Woonzorganalyse) -> Table:
    # the need per municipality is made from already suppressed figures and the public rule: shown as it is
    d = result.druk.copy()
    frame = pd.DataFrame({
        "Gemeente": d["gemeente"],
        "Vraag per jaar": [_n(v) for v in d["vraag"]],
        "Aanbod per jaar": [_n(v) for v in d["aanbod"]],
        "Druk (vraag / aanbod)": ["–" if pd.isna(v) else _pct(v) for v in d["druk"]],
        "Boven plafond": ["ja" if b else "nee" for b in d["boven_plafond"]],
    })
    tv, ta = d["vraag"].sum(), d["aanbod"].sum()
    return Table(
        frame,
        caption=(f"Druk op het vrijkomende aanbod per gemeente, {result.regio.naam}, tegen een plafond van "
                 f"{_pct(result.plafond_aandeel)}; vraag: "
                 f"{volledigheid_tekst(result.vraag_totaal().figuur, len(result.groepen))}"),
        bron=_bron_analyse(result) + ". Vraag: alleen groepen met een bekend cijfer (midden)",
        totals={"Gemeente": f"Totaal {result.regio.naam}",
                "Vraag per jaar": _n(tv),
                "Aanbod per jaar": _n(ta),
                "Druk (vraag / aanbod)": _pct(tv / ta) if ta else "–",
                "Boven plafond": "ja" if ta and tv / ta > result.plafond_aandeel else "nee"},
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def druk_chart(result: Woonzorganalyse) -> charts.Chart:
    d = result.druk.dropna(subset=["druk"]).sort_values("druk", ascending=False)
    boven = d[d["boven_plafond"]]
    if d.empty:
        pattern = "Van geen enkele gemeente is de druk bekend (geen bekende vraag of geen vrijkomend aanbod)."
    else:
        boven_tekst = dutch.count_noun(len(boven), "gemeente zit", "gemeenten zitten")
        pattern = (f"De hoogste druk heeft {d['gemeente'].iloc[0]} ({_pct(d['druk'].iloc[0])})"
                   + (f", de laagste {d['gemeente'].iloc[-1]} ({_pct(d['druk'].iloc[-1])}). " if len(d) > 1 else ". ")
                   + f"{boven_tekst} van de {len(d)} boven het plafond.")
    return charts.bars_with_reference(
        d["gemeente"].tolist(), d["druk"].tolist(), result.plafond_aandeel,
        reference_label=f"plafond {_pct(result.plafond_aandeel)}",
        title=f"Vraag als aandeel van het vrijkomende aanbod, {result.regio.naam}",
        xlabel="vraag van aandachtsgroepen als % van de vrijkomende sociale huurwoningen",
        bron=_bron_analyse(result),
        alt=(f"Staafdiagram van de druk per gemeente in {result.regio.naam}: de geschatte vraag van aandachtsgroepen "
             f"als percentage van de vrijkomende sociale huurwoningen, met een stippellijn bij het plafond van "
             f"{_pct(result.plafond_aandeel)}. {pattern}"),
    )


def druk_kaart(result: Woonzorganalyse, dataset) -> charts.Chart:
    """A map of the region's municipalities coloured by their druk (known need as a share of the homes that
    come free): a ratio made from the suppressed figures and the public rule, never a count of persons.
    A municipality without supply is white (onbekend)."""
    druk = result.druk.set_index("gemeentecode")["druk"].astype(float)
    return maps.regio_kaart(
        dataset, result.regio.id, druk,
        f"Druk op het vrijkomende aanbod per gemeente, {result.regio.naam}", "druk",
        bron=_bron_analyse(result) + f"; druk = bekende vraag / vrijkomend aanbod, plafond {_pct(result.plafond_aandeel)}",
        formatter=lambda v: _pct(v), plafond=result.plafond_aandeel,
    )


def spreiding_table(result: Woonzorganalyse) -> Table:
    """Fair shares of the regional need under each verdeelsleutel (always; homes per year, rounded)."""
    s = result.spreiding
    first = s[s["verdeelsleutel"] == next(iter(VERDEELSLEUTELS))].reset_index(drop=True)
    frame = pd.DataFrame({"Gemeente": first["gemeente"]})
    totals = {"Gemeente": f"Totaal {result.regio.naam}"}
    for sid, key in VERDEELSLEUTELS.items():
        block = s[s["verdeelsleutel"] == sid].set_index("gemeentecode")
        column = f"Eerlijk aandeel {key.naam}"
        frame[column] = [_n(block.at[c, "eerlijk_aandeel"]) for c in first["gemeentecode"]]
        totals[column] = _n(block["eerlijk_aandeel"].sum())
    verdeeld = sorted({result.groep_namen[g].lower() for g in result.vraag[result.vraag["regiobreed"]]["groep"]})
    return Table(frame, caption=(f"Eerlijk aandeel per gemeente van de vraag die voor de hele regio bekend is, onder "
                                 f"drie verdeelsleutels, {result.regio.naam} (woningen per jaar, midden; verdeeld: "
                                 f"{opsomming(verdeeld) or 'geen groep'})"),
                 bron=_bron_analyse(result) + ". Groepen met een onbekende vraag tellen niet mee; een cijfer van één "
                      "gemeente of centrumregio blijft daar en wordt niet verdeeld", totals=totals)


def bijdrage_view(result: Woonzorganalyse) -> Table | HTML:
    """Observed contribution against the fair share, only where the contribution is observed."""
    b = result.bijdrage
    if b.empty:
        return HTML("<p>Wat elke gemeente nu werkelijk huisvest, is voor deze regio niet waargenomen (in "
                    "de gegevens staan voor minder dan twee gemeenten gehuisveste statushouders in dezelfde "
                    "periode). Daarom staat hier geen evenredigheidsindex: de vergelijking van eerlijk aandeel en "
                    "huidige bijdrage vraagt de eigen cijfers van de regio (gehuisveste statushouders, verhuringen "
                    "met voorrang of plekken in opvang en beschermd wonen per gemeente).</p>")
    chosen = b[b["verdeelsleutel"] == result.verdeelsleutel].reset_index(drop=True)
    e = result.evenredigheid.set_index("verdeelsleutel")["index"]
    frame = pd.DataFrame({"Gemeente": chosen["gemeente"],
                          "Waargenomen": [privacy.observed_text(v, v != v) for v in chosen["huidige_bijdrage"]],
                          f"Eerlijk aandeel ({VERDEELSLEUTELS[result.verdeelsleutel].naam})":
                              [_n(v) for v in chosen["eerlijk_aandeel"]],
                          "Verschil": [("+" if v > 0 else "") + _n(v) if v == v else "–"
                                       for v in chosen["verschil"]]})
    return Table(frame, caption=(f"Huidige bijdrage ({result.bijdrage_bron}) tegen het eerlijke aandeel, over de "
                                 f"{len(chosen)} gemeenten met een waarneming. Evenredigheidsindex: "
                                 + "; ".join(f"{VERDEELSLEUTELS[k].naam} {_n(v, 2)}" for k, v in e.items())),
                 persons=["Waargenomen"],
                 bron="openbare bronnen per cijfer; eerlijk aandeel = het waargenomen totaal van deze gemeenten naar de "
                      "sleutel (een waargenomen aantal onder 10 telt niet mee)")


@per_object  # the workbook's controls show the starting scenario's charts again
def spreiding_chart(result: Woonzorganalyse) -> charts.Chart:
    """The fair share per municipality under the chosen key; when one municipality dwarfs the rest
    (Amsterdam in the MRA) a second panel shows the others on their own scale."""
    s = result.spreiding
    key = VERDEELSLEUTELS[result.verdeelsleutel]
    chosen = s[s["verdeelsleutel"] == result.verdeelsleutel].sort_values("eerlijk_aandeel", ascending=False)
    values = chosen["eerlijk_aandeel"].astype(float).tolist()
    big = charts.dwarfing_index(values)
    return charts.stacked_horizontal_bars(
        chosen["gemeente"].tolist(), {f"eerlijk aandeel ({key.naam})": values},
        title=f"Eerlijk aandeel van de bekende vraag ({key.naam}), {result.regio.naam}",
        xlabel="woningen per jaar (midden)", bron=_bron_analyse(result),
        alt=(f"Staafdiagram van het eerlijke aandeel {key.naam} per gemeente van {result.regio.naam}: het grootst "
             f"voor {chosen['gemeente'].iloc[0]} (ongeveer {_n(rond(chosen['eerlijk_aandeel'].iloc[0]))} woningen "
             f"per jaar), het kleinst voor {chosen['gemeente'].iloc[-1]}. Alleen groepen met een bekende vraag tellen mee."
             + (f" Een tweede paneel toont de gemeenten zonder {chosen['gemeente'].iloc[big]} op hun eigen schaal."
                if big is not None else "")),
    )


def prognose_table(result: Woonzorganalyse) -> Table:
    p = result.prognose_regio
    volledig = result.vraag_totaal().figuur.volledig
    vraag_kolom = "Vraag" if volledig else "Bekende vraag (ten minste)"
    frame = pd.DataFrame({
        "Jaar": p["jaar"].astype(int).astype(str),
        vraag_kolom: [_n(v) for v in p["vraag"]],
        "Beschikbaar aanbod (midden)": [_n(v) for v in p["aanbod"]],
        "Tekort of ruimte opgeteld": [verschil_kort(d) for d in result.tekort_per_jaar()],
    })
    return Table(
        frame,
        caption=(f"Prognose {result.peiljaar}–{result.doeljaar}, {result.regio.naam} (woningen; groei van de vraag "
                 f"{_pct(result.groei_vraag, 1)} per jaar, plafond {_pct(result.plafond_aandeel)}, mutatiegraad "
                 f"{_pct(result.mutatiegraad, 1)}). Vraag: {volledigheid_tekst(result.vraag_totaal().figuur, len(result.groepen))}. "
                 f"{teken.CONVENTION} Tekort of ruimte staat er alleen waar de bereiken het "
                 "vastleggen"),
        bron=_bron_analyse(result),
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def prognose_chart(result: Woonzorganalyse) -> charts.Chart:
    p = result.prognose_regio
    last = result.tekort_per_jaar()[-1]
    volledig = result.vraag_totaal().figuur.volledig
    need = "vraag van aandachtsgroepen, opgeteld" if volledig else "bekende vraag (ten minste), opgeteld"
    supply = "beschikbaar aanbod (midden), opgeteld"
    return charts.line_chart(
        p["jaar"].tolist(),
        {need: p["cumulatief_vraag"].tolist(), supply: p["cumulatief_aanbod"].tolist()},
        title=f"Vraag en beschikbaar aanbod opgeteld tot {result.doeljaar}, {result.regio.naam}",
        xlabel="jaar", ylabel="woningen (opgeteld)",
        bron=_bron_analyse(result),
        # the gap is shaded and named only where the intervals fix its sign
        gap=(need, supply) if last.teken() in (1, -1) else None,
        gap_labels=(teken.TEKORT, teken.RUIMTE),
        alt=(f"Lijndiagram van {result.peiljaar} tot en met {result.doeljaar} voor {result.regio.naam}: de opgetelde "
             f"{'vraag' if volledig else 'bekende vraag'} van aandachtsgroepen loopt op tot ongeveer "
             f"{_n(rond(p['cumulatief_vraag'].iloc[-1]))} woningen, het opgetelde beschikbare aanbod tot ongeveer "
             f"{_n(rond(p['cumulatief_aanbod'].iloc[-1]))}. In {result.doeljaar}: {verschil_tekst(last)}."),
    )


def aannames_html(result: Woonzorganalyse) -> Table:
    """The analysis' assumptions with value, unit, kind, method and source (a table like every other)."""
    a = result.aannames
    frame = pd.DataFrame({
        "Aanname": a["parameter"].astype(str),
        "Waarde": [_n(v, 2) for v in a["waarde"]],
        "Eenheid": a["eenheid"].astype(str),
        "Soort": ["schatting" if s else "waarneming" for s in a["schatting"]],
        "Methode": a["methode"].astype(str),
        "Bron": [f"{b} ({p})" for b, p in zip(a["bron"], a["peildatum"])],
    })
    return Table(frame, caption="Aannames van de analyse",
                 bron="per aanname de bron en peildatum in de laatste kolom")


def bronnen_html(result: Woonzorganalyse) -> HTML:
    b = result.grondslag.bronnen
    items = [
        f"Taakstelling statushouders {result.grondslag.taakstelling_jaar}: {b['taakstelling']}",
        f"Vrijgekomen corporatiewoningen: {b['vrijgekomen']}",
        f"Corporatiewoningen landelijk: {b['corporatiewoningen']}",
        f"Dakloosheid: {b['dakloos']}",
        f"Inwoners Nederland: {b['inwoners']}",
        f"Huishoudens Nederland: {b['huishoudens']}",
        "Inwoners, huishoudens en woningen per gemeente: CBS, Kerncijfers wijken en buurten 2024 (85984NED); "
        "corporatie-aandeel: allecijfers.nl op basis van CBS",
        "Regio-indeling: Platform31, koploperpagina's (of de indeling die de regio zelf vastlegde)",
    ] + [f"Aanname {p}: {b['aanname:' + p]}" for p in REQUIRED_AANNAMES]
    lis = "".join(f"<li>{html.escape(t)}</li>" for t in items)
    return HTML(f"<ul>{lis}</ul><p>Gekozen scenario: peiljaar {result.peiljaar}, doeljaar {result.doeljaar}, "
                f"verdeelsleutel {html.escape(VERDEELSLEUTELS[result.verdeelsleutel].naam)}, mutatiegraad "
                f"{_pct(result.mutatiegraad, 1)}, plafond {_pct(result.plafond_aandeel)}, groei van de vraag "
                f"{_pct(result.groei_vraag, 1)} per jaar.</p>")
