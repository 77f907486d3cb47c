"""The woonzorganalyse on the page: Dutch tables, charts and text made from a :class:`~woonzorg.analyse.model.Woonzorganalyse`."""

from __future__ import annotations

import html

import pandas as pd

from woonzorg.dutch import number, percent
from woonzorg.memo import per_object
from woonzorg.present import charts, privacy
from woonzorg.present.tables import HTML, Table
from woonzorg.analyse.model import GROEP_NAMEN, GROEPEN, VERDEELSLEUTELS, Woonzorganalyse, controle_statushouders
from woonzorg.analyse.schema import REQUIRED_AANNAMES


_n = number  # short names for the many numbers in generated text
_pct = percent


def _bron_analyse(result: Woonzorganalyse) -> str:
    return ("eigen berekening woonzorganalyse op basis van CBS (Kerncijfers wijken en buurten 2024; "
            "woningvoorraad naar eigendom; verhuringen aan statushouders; dakloosheid), NOS-enquête "
            "woningtoewijzing en de taakstelling statushouders; zie Bronnen en verantwoording")


def kerncijfers_html(result: Woonzorganalyse) -> HTML:
    k = result.kerncijfers()
    tekort = k["tekort_doeljaar"]
    items = [
        (_n(k["vraag_per_jaar"]), "woningen per jaar nodig voor aandachtsgroepen (schatting)"),
        (_n(k["aanbod_per_jaar"]), "vrijkomende sociale huurwoningen per jaar"),
        (_n(k["beschikbaar_per_jaar"]), f"daarvan beschikbaar bij een plafond van {_pct(k['plafond_aandeel'])}"),
        (_n(abs(tekort)), f"{'tekort' if tekort > 0 else 'overschot'} opgeteld tot en met {result.doeljaar}"),
        (_n(k["evenredigheidsindex"], 2), f"evenredigheidsindex ({VERDEELSLEUTELS[result.verdeelsleutel].naam})"),
    ]
    lis = "".join(f"<li><strong>{v}</strong>{html.escape(label)}</li>" for v, label in items)
    return HTML(f'<ul class="wz-kerncijfers">{lis}</ul>'
                f'<p class="wz-bron">Bron: {html.escape(_bron_analyse(result))}.</p>')


def vraag_table(result: Woonzorganalyse) -> Table:
    """Need per group per municipality (homes per year), small numbers suppressed."""
    wide = (result.vraag.pivot_table(index=["gemeentecode", "gemeente"], columns="groep", values="vraag",
                                     aggfunc="sum", sort=False)
            .reindex(columns=list(GROEPEN)).reset_index())
    wide["Totaal"] = wide[list(GROEPEN)].sum(axis=1)
    shown = privacy.suppress_small(wide, list(GROEPEN), total_column="Totaal")
    frame = pd.DataFrame({"Gemeente": shown["gemeente"]})
    for gid in GROEPEN:
        frame[GROEP_NAMEN[gid]] = shown[gid]
    frame["Totaal"] = shown["Totaal"]
    totals = {"Gemeente": f"Totaal {result.regio.naam}"}
    footer = privacy.column_totals(wide, list(GROEPEN), total_column="Totaal")
    for gid in GROEPEN:
        totals[GROEP_NAMEN[gid]] = footer[gid]
    totals["Totaal"] = footer["Totaal"]
    status = result.vraag.groupby("groep")["status"].agg(lambda s: ", ".join(sorted(set(s))))
    soort = ", ".join(f"{GROEP_NAMEN[g].lower()}: {status.get(g, '')}" for g in GROEPEN)
    return Table(
        frame,
        caption=(f"Jaarlijkse woningvraag per aandachtsgroep, {result.regio.naam}, {result.peiljaar} "
                 f"(woningen per jaar; {soort})"),
        bron=_bron_analyse(result) + (". Aantallen onder 10 staan als <10; × betekent afgeschermd, zodat een "
                                      "verborgen aantal niet uit een totaal terug te rekenen is."),
        totals=totals,
        persons=[GROEP_NAMEN[gid] for gid in GROEPEN], row_total="Totaal",
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def vraag_chart(result: Woonzorganalyse) -> charts.Chart:
    wide = (result.vraag.pivot_table(index="gemeente", columns="groep", values="vraag", aggfunc="sum")
            .reindex(columns=list(GROEPEN)))
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]
    top = wide.sum(axis=1)
    totaal = float(top.sum())
    per_groep = wide.sum()
    grootste = per_groep.idxmax()
    return charts.stacked_horizontal_bars(
        wide.index.tolist(), {GROEP_NAMEN[g]: wide[g].tolist() for g in GROEPEN},
        title=f"Geschatte woningvraag per jaar per gemeente, {result.regio.naam}",
        xlabel="woningen per jaar (schatting)",
        bron=_bron_analyse(result),
        alt=(f"Gestapeld staafdiagram van de geschatte jaarlijkse woningvraag van aandachtsgroepen in de "
             f"{len(wide)} gemeenten van {result.regio.naam}, samen ongeveer {_n(totaal)} woningen per jaar. "
             f"De grootste vraag komt uit {top.index[0]} (ongeveer {_n(top.iloc[0])}); de grootste groep is "
             f"{GROEP_NAMEN[grootste].lower()} ({_pct(per_groep[grootste] / totaal)} van de vraag)."),
    )


def methode_html(result: Woonzorganalyse) -> HTML:
    """How each group was estimated: the method line of the first municipality (same for all)."""
    items = []
    for gid in GROEPEN:
        rows = result.vraag[result.vraag["groep"] == gid]
        obs = rows[rows["status"] == "waarneming"]
        est = rows[rows["status"] == "schatting"]
        text = html.escape(est["methode"].iloc[0]) if not est.empty else ""
        if not obs.empty:
            text += (f" Voor {html.escape(', '.join(obs['gemeente']))} is een eigen waarneming gebruikt "
                     f"({html.escape('; '.join(sorted(set(obs['bron']))))}).")
        items.append(f"<li><strong>{GROEP_NAMEN[gid]}</strong> (<em>schatting</em>): {text}.</li>")
    kant = result.grondslag.kanttekeningen.get("dakloos", "")
    return HTML('<div class="wz-schatting" role="note"><p><strong>Zo is de vraag geschat.</strong></p>'
                f"<ul>{''.join(items)}</ul>"
                + (f"<p>Kanttekening bij het CBS-cijfer over dakloosheid: {html.escape(kant)}.</p>" if kant else "")
                + "</div>")


def aanbod_table(result: Woonzorganalyse) -> Table:
    a = result.aanbod
    frame = pd.DataFrame({
        "Gemeente": a["gemeente"],
        "Corporatiewoningen (afgeleid)": a["corporatiewoningen"].round().astype(int),
        "Vrijkomend per jaar": [_n(v) for v in a["vrijkomend"]],
        "Geplande nieuwbouw": [_n(v) for v in a["nieuwbouw"]],
        "Aanbod per jaar": [_n(v) for v in a["aanbod"]],
        f"Beschikbaar bij plafond {_pct(result.plafond_aandeel)}": [_n(v * result.plafond_aandeel) for v in a["aanbod"]],
    })
    totals = {
        "Gemeente": f"Totaal {result.regio.naam}",
        "Corporatiewoningen (afgeleid)": int(round(a["corporatiewoningen"].sum())),
        "Vrijkomend per jaar": _n(a["vrijkomend"].sum()),
        "Geplande nieuwbouw": _n(a["nieuwbouw"].sum()),
        "Aanbod per jaar": _n(a["aanbod"].sum()),
        f"Beschikbaar bij plafond {_pct(result.plafond_aandeel)}": _n(a["aanbod"].sum() * result.plafond_aandeel),
    }
    return Table(
        frame,
        caption=(f"Vrijkomende sociale huurwoningen per jaar, {result.regio.naam} "
                 f"(mutatiegraad {_pct(result.mutatiegraad, 1)})"),
        bron=(f"corporatiewoningen = woningen × corporatie-aandeel (gemeenten.csv); mutatiegraad = "
              f"{_n(result.grondslag.vrijgekomen_nl)} vrijgekomen / {_n(result.grondslag.corporatiewoningen_nl)} "
              f"corporatiewoningen landelijk ({result.grondslag.bronnen['vrijgekomen']}; "
              f"{result.grondslag.bronnen['corporatiewoningen']}), tenzij anders gekozen"),
        totals=totals,
    )


def druk_table(result: Woonzorganalyse) -> Table:
    d = result.druk.copy()
    shown = privacy.suppress_small(d, ["vraag"])
    frame = pd.DataFrame({
        "Gemeente": d["gemeente"],
        "Vraag per jaar": shown["vraag"],
        "Aanbod per jaar": [_n(v) for v in d["aanbod"]],
        "Druk (vraag / aanbod)": ["–" if pd.isna(v) else _pct(v) for v in d["druk"]],
        "Boven plafond": ["ja" if b else "nee" for b in d["boven_plafond"]],
    })
    tv, ta = d["vraag"].sum(), d["aanbod"].sum()
    return Table(
        frame,
        caption=(f"Druk op het vrijkomende aanbod per gemeente, {result.regio.naam}, tegen een plafond van "
                 f"{_pct(result.plafond_aandeel)}"),
        bron=_bron_analyse(result) + ". Aantallen onder 10 staan als <10.",
        totals={"Gemeente": f"Totaal {result.regio.naam}",
                "Vraag per jaar": privacy.column_totals(d, ["vraag"])["vraag"],
                "Aanbod per jaar": _n(ta),
                "Druk (vraag / aanbod)": _pct(tv / ta) if ta else "–",
                "Boven plafond": "ja" if ta and tv / ta > result.plafond_aandeel else "nee"},
        persons=["Vraag per jaar"],
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def druk_chart(result: Woonzorganalyse) -> charts.Chart:
    d = result.druk.dropna(subset=["druk"]).sort_values("druk", ascending=False)
    boven = d[d["boven_plafond"]]
    return charts.bars_with_reference(
        d["gemeente"].tolist(), d["druk"].tolist(), result.plafond_aandeel,
        reference_label=f"plafond {_pct(result.plafond_aandeel)}",
        title=f"Vraag als aandeel van het vrijkomende aanbod, {result.regio.naam}",
        xlabel="vraag van aandachtsgroepen als % van de vrijkomende sociale huurwoningen",
        bron=_bron_analyse(result),
        alt=(f"Staafdiagram van de druk per gemeente in {result.regio.naam}: de geschatte vraag van aandachtsgroepen "
             f"als percentage van de vrijkomende sociale huurwoningen, met een stippellijn bij het plafond van "
             f"{_pct(result.plafond_aandeel)}. De hoogste druk heeft {d['gemeente'].iloc[0]} ({_pct(d['druk'].iloc[0])}), "
             f"de laagste {d['gemeente'].iloc[-1]} ({_pct(d['druk'].iloc[-1])}). "
             f"{len(boven)} van de {len(d)} gemeenten zitten boven het plafond."),
    )


def spreiding_table(result: Woonzorganalyse) -> Table:
    s = result.spreiding
    chosen = s[s["verdeelsleutel"] == result.verdeelsleutel].reset_index(drop=True)
    frame = pd.DataFrame({"Gemeente": chosen["gemeente"],
                          "Huidige bijdrage (eigen vraag)": [_n(v) for v in chosen["huidige_bijdrage"]]})
    for sid, key in VERDEELSLEUTELS.items():
        block = s[s["verdeelsleutel"] == sid].set_index("gemeentecode")
        frame[f"Eerlijk aandeel {key.naam}"] = [_n(block.at[c, "eerlijk_aandeel"]) for c in chosen["gemeentecode"]]
    frame[f"Verschil ({VERDEELSLEUTELS[result.verdeelsleutel].naam})"] = [
        "0" if abs(v) < 0.5 else ("+" if v > 0 else "") + _n(v) for v in chosen["verschil"]]
    e = result.evenredigheid.set_index("verdeelsleutel")
    totals = {"Gemeente": f"Totaal {result.regio.naam}",
              "Huidige bijdrage (eigen vraag)": _n(chosen["huidige_bijdrage"].sum())}
    for sid, key in VERDEELSLEUTELS.items():
        totals[f"Eerlijk aandeel {key.naam}"] = _n(s[s["verdeelsleutel"] == sid]["eerlijk_aandeel"].sum())
    totals[f"Verschil ({VERDEELSLEUTELS[result.verdeelsleutel].naam})"] = "0"
    return Table(
        frame,
        caption=(f"Eerlijk aandeel per gemeente onder drie verdeelsleutels, {result.regio.naam} (woningen per jaar). "
                 "Evenredigheidsindex: " + "; ".join(f"{VERDEELSLEUTELS[k].naam} {_n(e.at[k, 'index'], 2)}"
                                                     for k in VERDEELSLEUTELS)),
        bron=_bron_analyse(result) + ". Verschil = huidige bijdrage − eerlijk aandeel; positief: meer dan het eerlijke aandeel",
        totals=totals,
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def spreiding_chart(result: Woonzorganalyse) -> charts.Chart:
    s = result.spreiding
    chosen = s[s["verdeelsleutel"] == result.verdeelsleutel].sort_values("verschil", ascending=False)
    key = VERDEELSLEUTELS[result.verdeelsleutel]
    meer = chosen[chosen["verschil"] > 0]
    return charts.diverging_bars(
        chosen["gemeente"].tolist(), chosen["verschil"].tolist(),
        title=f"Verschil met het eerlijke aandeel ({key.naam}), {result.regio.naam}",
        xlabel="woningen per jaar: huidige bijdrage min eerlijk aandeel",
        bron=_bron_analyse(result),
        positive_label="draagt meer dan eerlijk aandeel", negative_label="draagt minder dan eerlijk aandeel",
        alt=(f"Staafdiagram met per gemeente van {result.regio.naam} het verschil tussen de eigen vraag en het "
             f"eerlijke aandeel {key.naam}. {len(meer)} gemeenten dragen meer dan hun eerlijke aandeel, "
             f"het meest {chosen['gemeente'].iloc[0]} ({'+' if chosen['verschil'].iloc[0] > 0 else ''}"
             f"{_n(chosen['verschil'].iloc[0])} woningen per jaar); {chosen['gemeente'].iloc[-1]} draagt het "
             f"minst ({_n(chosen['verschil'].iloc[-1])}). De evenredigheidsindex is {_n(result.index, 2)}."),
    )


def prognose_table(result: Woonzorganalyse) -> Table:
    p = result.prognose_regio
    frame = pd.DataFrame({
        "Jaar": p["jaar"].astype(str),
        "Vraag": [_n(v) for v in p["vraag"]],
        "Beschikbaar aanbod": [_n(v) for v in p["aanbod"]],
        "Vraag opgeteld": [_n(v) for v in p["cumulatief_vraag"]],
        "Aanbod opgeteld": [_n(v) for v in p["cumulatief_aanbod"]],
        "Tekort opgeteld": [_n(v) for v in p["tekort"]],
    })
    return Table(
        frame,
        caption=(f"Prognose {result.peiljaar}–{result.doeljaar}, {result.regio.naam} (woningen; groei van de vraag "
                 f"{_pct(result.groei_vraag, 1)} per jaar, plafond {_pct(result.plafond_aandeel)}, mutatiegraad "
                 f"{_pct(result.mutatiegraad, 1)}). Negatief tekort = overschot"),
        bron=_bron_analyse(result),
    )


@per_object  # the workbook's controls show the starting scenario's charts again
def prognose_chart(result: Woonzorganalyse) -> charts.Chart:
    p = result.prognose_regio
    tekort = float(p["tekort"].iloc[-1])
    return charts.line_chart(
        p["jaar"].tolist(),
        {"vraag van aandachtsgroepen, opgeteld": p["cumulatief_vraag"].tolist(),
         "beschikbaar aanbod, opgeteld": p["cumulatief_aanbod"].tolist()},
        title=f"Vraag en beschikbaar aanbod opgeteld tot {result.doeljaar}, {result.regio.naam}",
        xlabel="jaar", ylabel="woningen (opgeteld)",
        bron=_bron_analyse(result),
        alt=(f"Lijndiagram van {result.peiljaar} tot en met {result.doeljaar} voor {result.regio.naam}: de opgetelde "
             f"vraag van aandachtsgroepen loopt op tot ongeveer {_n(p['cumulatief_vraag'].iloc[-1])} woningen, het "
             f"opgetelde beschikbare aanbod tot ongeveer {_n(p['cumulatief_aanbod'].iloc[-1])}. In {result.doeljaar} "
             f"is er opgeteld een {'tekort' if tekort > 0 else 'overschot'} van ongeveer {_n(abs(tekort))} woningen."),
    )


def bevindingen(result: Woonzorganalyse) -> list[str]:
    """Key findings in plain Dutch, written from the numbers (not canned text)."""
    k = result.kerncijfers()
    v = result.vraag.groupby("groep")["vraag"].sum()
    totaal = float(v.sum())
    grootste = v.idxmax()
    d = result.druk
    boven = d[d["boven_plafond"]].sort_values("druk", ascending=False)
    s = result.spreiding[result.spreiding["verdeelsleutel"] == result.verdeelsleutel]
    e = result.evenredigheid.set_index("verdeelsleutel")["index"]
    out = [
        f"De aandachtsgroepen in {result.regio.naam} hebben naar schatting ongeveer {_n(totaal)} woningen per jaar "
        f"nodig. De grootste groep is {GROEP_NAMEN[grootste].lower()}: {_pct(v[grootste] / totaal)} van de vraag.",
        f"Er komen per jaar ongeveer {_n(k['aanbod_per_jaar'])} sociale huurwoningen vrij. De vraag is daarmee "
        f"{_pct(k['druk_regio'])} van het aanbod, {'boven' if k['druk_regio'] > result.plafond_aandeel else 'onder'} "
        f"het gekozen plafond van {_pct(result.plafond_aandeel)}.",
    ]
    if boven.empty:
        out.append("Geen enkele gemeente zit met haar eigen vraag boven het plafond.")
    else:
        namen = ", ".join(f"{r.gemeente} ({_pct(r.druk)})" for r in boven.head(3).itertuples())
        out.append(f"{len(boven)} van de {len(d)} gemeenten zitten boven het plafond; het hoogst zijn {namen}.")
    meer = s[s["verschil"] > 0.5].sort_values("verschil", ascending=False)
    if not meer.empty:
        out.append(
            f"{VERDEELSLEUTELS[result.verdeelsleutel].naam.capitalize()} draagt {meer['gemeente'].iloc[0]} nu het "
            f"meest boven haar eerlijke aandeel (+{_n(meer['verschil'].iloc[0])} woningen per jaar). Bij een "
            f"evenredige verdeling verschuiven er per jaar ongeveer "
            f"{_n(result.evenredigheid.set_index('verdeelsleutel').at[result.verdeelsleutel, 'te_herverdelen'])} "
            f"woningen tussen gemeenten.")
    beste = e.idxmax()
    out.append(
        f"De evenredigheidsindex is {_n(e[result.verdeelsleutel], 2)} {VERDEELSLEUTELS[result.verdeelsleutel].naam}; "
        f"de huidige verdeling ligt het dichtst bij de sleutel {VERDEELSLEUTELS[beste].naam} "
        f"({_n(e[beste], 2)}) en het verst van {VERDEELSLEUTELS[e.idxmin()].naam} ({_n(e.min(), 2)}).")
    tekort = k["tekort_doeljaar"]
    if tekort > 0:
        out.append(f"Als er niets verandert, loopt er tot en met {result.doeljaar} een tekort op van ongeveer "
                   f"{_n(tekort)} woningen voor aandachtsgroepen. Om dat te dichten moet het aandeel voor "
                   f"aandachtsgroepen naar ongeveer {_pct(result.prognose_regio['cumulatief_vraag'].iloc[-1] / (result.prognose_regio['cumulatief_aanbod'].iloc[-1] / result.plafond_aandeel))} "
                   f"of moet het aanbod groeien (nieuwbouw, doorstroming).")
    else:
        out.append(f"Met dit plafond is er tot en met {result.doeljaar} opgeteld ruimte voor ongeveer "
                   f"{_n(-tekort)} woningen meer dan de geschatte vraag; die ruimte is er alleen als de woningen "
                   f"ook in de gemeenten vrijkomen waar de vraag is.")
    return out


def bevindingen_html(result: Woonzorganalyse) -> HTML:
    items = "".join(f"<li>{html.escape(t)}</li>" for t in bevindingen(result))
    return HTML(f"<ul>{items}</ul><p class=\"wz-bron\">Alle cijfers zijn schattingen; zie de methode bij de vraag.</p>")


def aannames_html(result: Woonzorganalyse) -> HTML:
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(r.parameter)}</th><td class=\"num\">{_n(r.waarde, 2)}</td>"
        f"<td>{html.escape(r.eenheid)}</td><td>{'schatting' if r.schatting else 'waarneming'}</td>"
        f"<td>{html.escape(r.methode)}</td><td>{html.escape(r.bron)} ({html.escape(r.peildatum)})</td></tr>"
        for r in result.aannames.itertuples(index=False))
    return HTML('<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table"><caption>Aannames van de analyse '
                "(data/analyse-aannames.csv)</caption><thead><tr><th scope=\"col\">Aanname</th>"
                "<th scope=\"col\" class=\"num\">Waarde</th><th scope=\"col\">Eenheid</th><th scope=\"col\">Soort</th>"
                "<th scope=\"col\">Methode</th><th scope=\"col\">Bron</th></tr></thead>"
                f"<tbody>{rows}</tbody></table></div>")


def controle_html(result: Woonzorganalyse) -> HTML:
    """Observed half-year statushouders tasks against the rule, where both are known."""
    c = controle_statushouders(result)
    if c.empty:
        return HTML("<p>Voor deze regio staat geen gemeentelijke taakstelling per halfjaar in de waarnemingen "
                    "waarvoor ook de landelijke taakstelling bekend is; de rekenregel is daarom hier niet te "
                    "controleren.</p>")
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(r.gemeente)}</th><td>{html.escape(r.periode)}</td>"
        f"<td class=\"num\">{_n(r.waargenomen)}</td><td class=\"num\">{_n(r.volgens_regel, 1)}</td>"
        f"<td class=\"num\">{_n(r.verschil, 1)}</td></tr>" for r in c.itertuples(index=False))
    return HTML('<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table"><caption>Taakstelling statushouders: '
                "waargenomen tegen de rekenregel (landelijke taakstelling × aandeel inwoners)</caption><thead><tr>"
                '<th scope="col">Gemeente</th><th scope="col">Halfjaar</th><th scope="col" class="num">Waargenomen</th>'
                '<th scope="col" class="num">Volgens regel</th><th scope="col" class="num">Verschil</th></tr></thead>'
                f"<tbody>{rows}</tbody></table><p class=\"wz-bron\">Bron: waarnemingen.csv; landelijke-cijfers.csv; "
                "CBS, Kerncijfers wijken en buurten 2024 (inwoners). De regel gebruikt inwoners op 1 januari 2024; "
                "voor andere jaren wijkt de werkelijke verdeling daardoor iets af.</p></div>")


def waarnemingen_html(result: Woonzorganalyse) -> HTML:
    """Observed figures for the region's municipalities, as checks on the estimates."""
    w = result.waarnemingen
    if w.empty:
        return HTML("<p>Voor de gemeenten van deze regio staan geen waarnemingen in <code>waarnemingen.csv</code>. "
                    "Eigen cijfers van corporaties, de centrumgemeente of de woonruimteverdeling maken de schatting "
                    "beter.</p>")
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(str(r.gebied))}</th><td>{html.escape(str(r.indicator).replace('_', ' '))}</td>"
        f"<td class=\"num\">{_n(r.waarde, 0 if float(r.waarde).is_integer() else 1)}</td><td>{html.escape(str(r.eenheid))}</td>"
        f"<td>{html.escape(str(r.periode))}</td>"
        f"<td>{html.escape(str(r.opmerking)) if isinstance(r.opmerking, str) else ''}</td></tr>"
        for r in w.itertuples(index=False))
    return HTML('<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table"><caption>Waarnemingen uit openbare bronnen voor '
                f"gemeenten in {html.escape(result.regio.naam)} (ter controle van de schattingen)</caption><thead><tr>"
                "<th scope=\"col\">Gebied</th><th scope=\"col\">Cijfer</th><th scope=\"col\" class=\"num\">Waarde</th>"
                "<th scope=\"col\">Eenheid</th><th scope=\"col\">Periode</th><th scope=\"col\">Kanttekening</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>"
                "<p class=\"wz-bron\">Bron: waarnemingen.csv (de bronadressen staan in het bestand). Rijen met "
                "SECUNDAIR of PERIODE ONZEKER zijn onzeker.</p></div>")


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
        "corporatie-aandeel: allecijfers.nl op basis van CBS (zie gemeenten.csv)",
        "Regio-indeling: regio-indeling.csv",
    ] + [f"Aanname {p}: {b['aanname:' + p]}" for p in REQUIRED_AANNAMES]
    lis = "".join(f"<li>{html.escape(t)}</li>" for t in items)
    return HTML(f"<ul>{lis}</ul><p>Gekozen scenario: peiljaar {result.peiljaar}, doeljaar {result.doeljaar}, "
                f"verdeelsleutel {html.escape(VERDEELSLEUTELS[result.verdeelsleutel].naam)}, mutatiegraad "
                f"{_pct(result.mutatiegraad, 1)}, plafond {_pct(result.plafond_aandeel)}, groei van de vraag "
                f"{_pct(result.groei_vraag, 1)} per jaar.</p>")
