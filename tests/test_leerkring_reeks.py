"""The learning circle as a series: four sessions per region with homework and roles, each theme's own plan,
practice examples with a source, participant sheets without answers, the terugblik, and the judgement
exercises of every theme."""

from __future__ import annotations

import html
import re

import pytest

from woonzorg import analyse, leerkring, proces, profiel, regions, visie
from woonzorg import data as wd
from woonzorg.names import common_name

SERIE = ["woonzorganalyse", "procesorganisatie", "woonzorgvisie", "terugblik"]
NOTEBOOK_THEMAS = ["regioprofiel", "woonzorganalyse", "procesorganisatie", "woonzorgvisie"]


@pytest.fixture(scope="module")
def dataset(project_data):
    return wd.load_dataset(project_data)


@pytest.fixture(scope="module")
def regios(dataset):
    return list(regions.load_regions(dataset))


def text_of(page: str) -> str:
    return html.unescape(page)


# --------------------------------------------------------------------------------------------
# The series


def test_every_region_has_four_sessions_with_plan_homework_and_roles(dataset, regios):
    assert [s.thema for s in leerkring.SERIE] == SERIE
    assert [s.naam for s in leerkring.SERIE] == ["Analyse", "Proces", "Visie", "Terugblik"]
    for regio in regios:
        context = leerkring.begeleider_context(dataset, regio, "woonzorganalyse")
        reeks = context["reeks"]
        assert [s["nummer"] for s in reeks] == [1, 2, 3, 4]
        for s, thema in zip(reeks, SERIE):
            assert s["meenemen"] and s["huiswerk"] and s["doel"], (regio, thema)
            plan = leerkring.sessieplan(thema, dataset)
            assert sum(p.minuten for p in plan) == 120
            assert {"voorzitter", "notulist"} <= {p.rol for p in plan}, thema
        # each municipality brings its own figures (the data request for this region) and later its draft bod
        assert any("Eigen cijfer invoeren" in m for m in reeks[0]["meenemen"])
        assert not any("woonzorg " in m or "`" in m for s in reeks for m in s["meenemen"] + s["huiswerk"])
        assert any("conceptbod" in h for h in reeks[1]["huiswerk"])
        assert any("conceptbod" in m for m in reeks[2]["meenemen"])
        assert [r["rol"] for r in context["rollen"]] == ["voorzitter", "notulist", "ervaringsdeskundige", "corporatie"]


def test_the_sessions_use_the_bod_ronde_the_live_zelfscan_and_a_practice_example(dataset):
    visie_plan = " ".join(p.wat for p in leerkring.sessieplan("woonzorgvisie", dataset))
    assert "De bod-ronde" in visie_plan and "eerlijk aandeel" in visie_plan
    assert any(o.id == "bodronde" for o in leerkring.opdrachten(dataset, "parkstad", "woonzorganalyse"))
    proces_plan = leerkring.sessieplan("procesorganisatie", dataset)
    live = next(p for p in proces_plan if p.titel == "Zelfscan live")
    assert "vervangt de voorbeeldscores" in live.wat
    for thema in SERIE[:-1]:
        assert any(p.titel == "Praktijkvoorbeeld" for p in leerkring.sessieplan(thema, dataset)), thema


def test_practice_examples_per_theme_each_with_a_source(dataset, regios):
    for thema in [*NOTEBOOK_THEMAS, "terugblik"]:
        voorbeelden = leerkring.praktijkvoorbeelden(dataset, thema, "parkstad")
        assert voorbeelden, thema
        assert all("https://" in v["bron"] and v["tekst"] for v in voorbeelden)
    # the region's own example comes first where there is one
    assert leerkring.praktijkvoorbeelden(dataset, "woonzorgvisie", "haaglanden")[0]["regio"] == "haaglanden"


def test_a_practice_example_without_an_address_names_file_regel_and_kolom(data_copy):
    path = data_copy / "leerkring-praktijkvoorbeelden.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "woonzorganalyse,parkstad,Zonder bron,Een verhaal,Iemand zei het\n", encoding="utf-8")
    with pytest.raises(wd.DataValidationError) as caught:
        wd.load_dataset(data_copy)
    assert f"leerkring-praktijkvoorbeelden.csv, regel {len(text.splitlines()) + 1}, kolom bron" in str(caught.value)


# --------------------------------------------------------------------------------------------
# Participant sheets and the terugblik


def answers_of(dataset, regio, thema) -> list[str]:
    """Everything that would give an exercise's answer away."""
    found = []
    for o in leerkring.opdrachten(dataset, regio, thema):
        if isinstance(o, leerkring.Keuze):
            found += [o.uitleg, *(x.uitleg for x in o.opties), *(x.tekst for x in o.opties if x.goed)]
        else:
            found += [o.antwoord_tekst, o.uitleg]
    return found


def test_participant_sheets_hold_the_regions_figures_roles_and_homework_and_no_answers(dataset, regios):
    for regio in regios:
        kerncijfers = {"opgave_per_jaar": "ten minste 1.234 woningen per jaar (schatting; 1 van de 8 groepen)",
                       "ambitie": 0.75}
        pages = leerkring.deelnemersbladen_van(dataset, regio, "woonzorgvisie", kerncijfers)
        assert set(pages) == {"deelnemers", "terugblik", "terugblik-deelnemers"}
        naam = regions.get_region(dataset, regio).naam
        for thema in SERIE[:-1]:
            page = leerkring.deelnemersbladen_van(dataset, regio, thema, kerncijfers)["deelnemers"]
            text = text_of(page)
            nummer = SERIE.index(thema) + 1
            assert f"Deelnemersblad sessie {nummer} van 4" in text and naam in text
            for g in regions.region_municipalities(dataset, regio)["gemeente"]:
                assert common_name(str(g)) in text
            assert all(rol.capitalize() in text for rol in ("voorzitter", "notulist", "ervaringsdeskundige", "corporatie"))
            assert "Huiswerk voor sessie" in text and "Bron:" in text
            for answer in answers_of(dataset, regio, thema):
                assert answer not in text, (regio, thema, answer)
        visie_page = text_of(pages["deelnemers"])
        assert "Opgave per jaar (met de groepen die meetellen)" in visie_page
        assert "ten minste 1.234 woningen per jaar (schatting; 1 van de 8 groepen)" in visie_page
        assert "75,0%" in visie_page
    code = leerkring.deelnemersbladen_van(dataset, "mra", "woonzorganalyse", {})["deelnemers"]
    assert "<code>" not in code and "woonzorg gegevens" not in code  # no command on a participant's sheet
    assert leerkring.deelnemersbladen_van(dataset, "mra", "regioprofiel", {}) == {}  # not a session of the series


def test_example_zelfscan_scores_are_no_key_figure_on_a_sheet(dataset):
    voorbeeld = {"zelfscan_totaal": 2.71, "zelfscan_voorbeeld": True, "actoren": 9}
    page = text_of(leerkring.deelnemersbladen_van(dataset, "parkstad", "procesorganisatie", voorbeeld)["deelnemers"])
    assert "2,71" not in page and "zelfscan: gemiddelde score" not in page.lower() and "Actoren in beeld" in page
    echt = {"zelfscan_totaal": 2.71, "zelfscan_voorbeeld": False}
    page = text_of(leerkring.deelnemersbladen_van(dataset, "parkstad", "procesorganisatie", echt)["deelnemers"])
    assert "2,71" in page


def test_the_terugblik_page_shows_what_the_region_recorded_per_session(data_copy):
    leerkring.save_sessie("enschede", "woonzorganalyse", [("keuze", "verdeelsleutel", "inwoners <met reden>")],
                          groep="tafel 1", datum="2026-02-02", data_dir=data_copy)
    leerkring.save_sessie("enschede", "woonzorgvisie", [("notitie", "bod", "Hengelo biedt 40 per jaar")],
                          groep="leerkring", datum="2026-04-06", data_dir=data_copy)
    leerkring.save_sessie("parkstad", "woonzorgvisie", [("notitie", "", "alleen Parkstad")], groep="g",
                          datum="2026-04-06", data_dir=data_copy)
    dataset = wd.load_dataset(data_copy)
    page = leerkring.terugblik_html(dataset, "enschede")
    assert "inwoners &lt;met reden&gt;" in page and "2 februari 2026" in page and "6 april 2026" in page
    assert page.index("Sessie 1: Analyse") < page.index("inwoners &lt;met reden&gt;") < page.index("Sessie 2: Proces")
    assert "Hengelo biedt 40 per jaar" in page and "alleen Parkstad" not in page
    assert "Nog niets vastgelegd" in page  # the Proces session recorded nothing
    sheet = text_of(leerkring.deelnemersbladen_van(dataset, "enschede", "woonzorgvisie", {})["terugblik-deelnemers"])
    assert "Deelnemersblad sessie 4 van 4: Terugblik" in sheet and "Analyse: 1 keuze of notitie" in sheet


# --------------------------------------------------------------------------------------------
# Judgement exercises of every theme


NEW_JUDGEMENTS = {"regioprofiel": "weinig-sociale-huur", "procesorganisatie": "rol-zonder-bron",
                  "woonzorgvisie": "doel-bij-schatting"}


def judgement(dataset, regio, thema):
    [o] = [o for o in leerkring.opdrachten(dataset, regio, thema) if o.id == NEW_JUDGEMENTS[thema]]
    assert isinstance(o, leerkring.Keuze)
    return o


@pytest.mark.parametrize("thema", sorted(NEW_JUDGEMENTS))
def test_each_new_judgement_has_one_right_option_and_feedback_for_each(dataset, regios, thema):
    for regio in regios:
        o = judgement(dataset, regio, thema)
        assert sum(x.goed for x in o.opties) == 1 and len(o.opties) >= 3
        feedback = [leerkring.check_answer(o, i) for i in range(len(o.opties))]
        assert [t.goed for t in feedback] == [x.goed for x in o.opties]
        assert len({t.tekst for t in feedback}) == len(o.opties)
        for t, x in zip(feedback, o.opties):
            assert x.uitleg in t.tekst and len(x.uitleg) > 60  # a reasoning, not just "fout"
        assert all(x.tekst not in repr(o) for x in o.opties) and not leerkring.check_answer(o, None).geldig


def test_the_judgements_are_built_on_the_regions_own_data(dataset, regios):
    for regio in regios:
        p = profiel.regioprofiel(dataset, regio)
        laagste = p.gemeenten.loc[p.gemeenten["corporatie_aandeel"].astype(float).idxmin()]
        assert common_name(laagste.gemeente) in judgement(dataset, regio, "regioprofiel").vraag

        actoren = proces.procesgegevens(dataset, regio).actoren
        open_rol = actoren[actoren["status"] != "gedocumenteerd"].iloc[0]
        o = judgement(dataset, regio, "procesorganisatie")
        assert open_rol.organisatie in o.vraag and o.nummer == 1  # the judgement is always exercise 1

        v = visie.woonzorgvisie(dataset, regio)
        g = v.per_gemeente()
        grootste = g.loc[g["opgave"].astype(float).idxmax()]
        o = judgement(dataset, regio, "woonzorgvisie")
        assert common_name(grootste.gemeente) in o.vraag
        statussen = set(analyse.woonzorganalyse(dataset, regio).vraag.query("gemeentecode == @grootste.gemeentecode")["status"])
        for status in statussen & {"waargenomen", "schatting"}:
            assert {"waargenomen": "waargenomen", "schatting": "geschat"}[status] in o.vraag


@pytest.mark.parametrize("thema", NOTEBOOK_THEMAS)
def test_the_facilitator_guide_lists_options_reasoning_series_and_example(dataset, thema):
    page = text_of(leerkring.begeleider_html(dataset, "groningen", thema))
    keuzes = [o for o in leerkring.opdrachten(dataset, "groningen", thema) if isinstance(o, leerkring.Keuze)]
    assert keuzes
    for o in keuzes:
        for x in o.opties:
            assert x.tekst in page and x.uitleg[1:] in page
    assert "De reeks van vier sessies" in page and "Rollen om te verdelen" in page
    assert "Werkvorm" in page and "JupyterLab en kiest" not in page
    if thema != "regioprofiel":
        assert "Praktijkvoorbeeld voor deze sessie" in page and "Bron: " in page
        assert f"Dit is sessie {SERIE.index(thema) + 1} van de reeks" in page
        # the guide lives in the facilitator folder: the sheet is linked in the public site
        assert re.search(rf'Print voor iedere deelnemer het deelnemersblad van deze sessie \(<a href="[^"]*/{thema}-deelnemers\.html">',
                         page)
    assert not re.search(r"\w\.\s*\.(?!\.|/)", page)  # no double full stop after an answer


def test_the_live_zelfscan_of_the_proces_session_replaces_the_example_scores(data_copy):
    before = wd.load_dataset(data_copy)
    assert proces.uitslag(before["zelfscan-antwoorden"], "parkstad").voorbeeld
    assert not [o for o in leerkring.opdrachten(before, "parkstad", "procesorganisatie") if o.id == "zwakste-dimensie"]
    stellingen = before["zelfscan-stellingen"]["stelling"]
    scores = {s: (2 if i % 3 else 3) for i, s in enumerate(stellingen)}
    proces.save_zelfscan("parkstad", scores, respondentgroep="leerkring", datum="2026-03-01", data_dir=data_copy)
    after = wd.load_dataset(data_copy)
    u = proces.uitslag(after["zelfscan-antwoorden"], "parkstad")
    assert not u.voorbeeld and u.respondentgroepen == ["leerkring"]
    # the session's own round now drives the numeric exercise, and the sheet shows its score
    assert [o for o in leerkring.opdrachten(after, "parkstad", "procesorganisatie") if o.id == "zwakste-dimensie"]
    figures = {"zelfscan_totaal": u.totaal, "zelfscan_voorbeeld": u.voorbeeld}
    sheet = text_of(leerkring.deelnemersbladen_van(after, "parkstad", "procesorganisatie", figures)["deelnemers"])
    from woonzorg import dutch

    assert dutch.figure(u.totaal, "decimaal") in sheet
