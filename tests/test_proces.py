"""Tests for woonzorg.proces: zelfscan scoring on hand-computed answers, validation of the process
tables with Dutch errors naming file/regel/kolom, and saving rounds without ever losing one.
"""

from __future__ import annotations

import csv
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from woonzorg import data as wd
from woonzorg import proces, regions

KOPLOPERS = ["enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"]
ANTWOORDEN_HEADER = ["regio", "ronde", "datum", "respondentgroep", "dimensie", "stelling", "score", "voorbeeld", "bron"]


# --------------------------------------------------------------------------------------------
# Helpers


def write_answers(path: Path, rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(ANTWOORDEN_HEADER)
        writer.writerows(rows)


def read_answers(path: Path) -> pd.DataFrame:
    return wd.read_table(path, proces.ANTWOORDEN, "antwoorden.csv")


def set_cell(path: Path, regel: int, kolom: str, value: str) -> None:
    """Change one cell of a CSV (regel counted as in a spreadsheet: header is 1)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[regel - 1][rows[0].index(kolom)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def only_error(exc: wd.DataValidationError) -> wd.DataError:
    assert len(exc.errors) == 1, [str(e) for e in exc.errors]
    return exc.errors[0]


@pytest.fixture
def hand_answers(tmp_path: Path) -> pd.DataFrame:
    """Region 'x', round 1: two groups; round 2: one group. Scores chosen to compute by hand."""
    rows = [
        # ronde 1, groep a
        ["x", 1, "2025-01-10", "a", "eigenaarschap", "eig-1", 1, "nee", "test"],
        ["x", 1, "2025-01-10", "a", "eigenaarschap", "eig-2", 2, "nee", "test"],
        ["x", 1, "2025-01-10", "a", "governance", "gov-1", 4, "nee", "test"],
        # ronde 1, groep b
        ["x", 1, "2025-01-10", "b", "eigenaarschap", "eig-1", 3, "nee", "test"],
        ["x", 1, "2025-01-10", "b", "eigenaarschap", "eig-2", 2, "nee", "test"],
        ["x", 1, "2025-01-10", "b", "governance", "gov-1", 3, "nee", "test"],
        # ronde 2
        ["x", 2, "2025-06-01", "a", "eigenaarschap", "eig-1", 4, "nee", "test"],
        ["x", 2, "2025-06-01", "a", "eigenaarschap", "eig-2", 3, "nee", "test"],
        ["x", 2, "2025-06-01", "a", "governance", "gov-1", 2, "nee", "test"],
        # another region, latest round only counts
        ["y", 1, "2025-01-10", "a", "eigenaarschap", "eig-1", 1, "ja", "voorbeeld"],
        ["y", 1, "2025-01-10", "a", "governance", "gov-1", 1, "ja", "voorbeeld"],
        ["z", 3, "2025-01-10", "a", "eigenaarschap", "eig-1", 3, "nee", "test"],
        ["z", 3, "2025-01-10", "a", "governance", "gov-1", 4, "nee", "test"],
    ]
    path = tmp_path / "antwoorden.csv"
    write_answers(path, rows)
    return read_answers(path)


# --------------------------------------------------------------------------------------------
# Scoring


def test_dimension_score_is_the_mean_of_all_answers_in_the_round(hand_answers):
    result = proces.uitslag(hand_answers, "x", 1)
    # eigenaarschap: (1 + 2 + 3 + 2) / 4 = 2.0 ; governance: (4 + 3) / 2 = 3.5 ; total (2.0 + 3.5) / 2
    assert result.scores.to_dict() == {"eigenaarschap": 2.0, "governance": 3.5}
    assert result.totaal == pytest.approx(2.75)
    assert result.respondentgroepen == ["a", "b"]
    assert result.voorbeeld is False
    per_stelling = dict(zip(result.stellingscores["stelling"], result.stellingscores["score"]))
    assert per_stelling == {"eig-1": 2.0, "eig-2": 2.0, "gov-1": 3.5}


def test_strengths_and_weak_spots_follow_the_thresholds(hand_answers):
    r1 = proces.uitslag(hand_answers, "x", 1)
    assert r1.sterke_punten == ["governance"]  # 3.5 >= 3
    assert r1.aandachtspunten == ["eigenaarschap"]  # 2.0 <= 2
    assert list(r1.lage_stellingen["stelling"]) == ["eig-1", "eig-2"]
    r2 = proces.uitslag(hand_answers, "x", 2)  # eigenaarschap 3.5, governance 2.0
    assert r2.sterke_punten == ["eigenaarschap"]
    assert r2.aandachtspunten == ["governance"]


def test_latest_round_is_the_default_and_change_is_against_the_previous_one(hand_answers):
    assert proces.uitslag(hand_answers, "x").ronde == 2
    change = proces.verandering(hand_answers, "x").set_index("dimensie")
    assert change.loc["eigenaarschap", "vorige"] == 2.0
    assert change.loc["eigenaarschap", "huidige"] == 3.5
    assert change.loc["eigenaarschap", "verschil"] == pytest.approx(1.5)
    assert change.loc["governance", "verschil"] == pytest.approx(-1.5)
    assert proces.verandering(hand_answers, "z").empty  # one round only


def test_comparison_uses_the_other_regions_latest_rounds_without_names(hand_answers):
    comparison = proces.vergelijking(hand_answers, "x")
    row = comparison.set_index("dimensie").loc["governance"]
    # others: y has example answers only (never compared, issue 15), z governance 4
    assert (row["deze_regio"], row["laagste"], row["gemiddelde"], row["hoogste"], row["regios"]) == (2.0, 4.0, 4.0, 4.0, 1)
    assert comparison.attrs == {"andere": 1, "voorbeeld": 0}
    html = proces.vergelijking_table(comparison, "Regio X").to_html()
    assert "Regio X" in html
    for other in ("y", "z"):
        assert f">{other}<" not in html
    assert not set(comparison.columns) & {"regio", "y", "z"}


def test_own_rounds_replace_the_examples(tmp_path):
    path = tmp_path / "antwoorden.csv"
    write_answers(path, [
        ["x", 1, "2025-01-10", "voorbeeld", "eigenaarschap", "eig-1", 1, "ja", "voorbeeld"],
        ["x", 2, "2025-02-10", "voorbeeld", "eigenaarschap", "eig-1", 2, "ja", "voorbeeld"],
        ["x", 3, "2025-03-10", "leerkring", "eigenaarschap", "eig-1", 4, "nee", "leerkring"],
    ])
    answers = read_answers(path)
    assert proces.rondes(answers, "x") == [3]
    result = proces.uitslag(answers, "x")
    assert (result.ronde, result.voorbeeld, result.scores["eigenaarschap"]) == (3, False, 4.0)
    assert proces.verandering(answers, "x").empty


# --------------------------------------------------------------------------------------------
# The shipped data


def test_shipped_data_loads_and_covers_every_koploper_region(project_data):
    dataset = wd.load_dataset(project_data)
    for regio in KOPLOPERS:
        pg = proces.procesgegevens(dataset, regio)
        assert len(pg.actoren) >= 5, regio
        assert len(pg.afspraken) >= 1, regio
        documented = pg.actoren[pg.actoren["status"] == "gedocumenteerd"]
        assert documented["bron"].notna().all() and documented["bron"].str.contains("http").all(), regio
        result = proces.uitslag(pg.antwoorden, regio, stellingen=pg.stellingen)
        assert result is not None and set(result.scores.index) == set(proces.DIMENSIES)


def test_example_answers_are_marked_voorbeeld_in_the_data(project_data):
    answers = wd.load_dataset(project_data)["zelfscan-antwoorden"]
    examples = answers[answers["voorbeeld"].astype(bool)]
    assert len(examples)
    assert examples["respondentgroep"].str.startswith("voorbeeld").all()
    assert examples["bron"].str.contains("Voorbeeld").all()


def test_every_dimension_has_statements(project_data):
    stellingen = wd.load_dataset(project_data)["zelfscan-stellingen"]
    assert set(stellingen["dimensie"]) == set(proces.DIMENSIES)
    assert stellingen.groupby("dimensie").size().min() >= 3


def test_a_region_without_process_data_still_works(data_copy):
    regions.add_region(data_copy, "wadden", "Waddeneilanden", ["GM0060", "GM0088"])
    dataset = wd.load_dataset(data_copy)
    pg = proces.procesgegevens(dataset, "wadden")
    assert not pg.heeft_gegevens
    assert proces.uitslag(pg.antwoorden, "wadden") is None
    assert "Nog geen" in proces.geen_gegevens_html(pg).markup
    assert proces.kerncijfers(pg) == {"actoren": 0, "actoren_nog_in_te_vullen": 0, "afspraken": 0}


def test_a_data_folder_without_process_files_loads(data_copy):
    for key in proces.TABLE_KEYS:
        (data_copy / f"{key}.csv").unlink()
    dataset = wd.load_dataset(data_copy)
    assert dataset["zelfscan-antwoorden"].empty


# --------------------------------------------------------------------------------------------
# Validation: Dutch errors naming file, regel and kolom


def test_a_score_outside_the_scale_is_reported(data_copy):
    set_cell(data_copy / "zelfscan-antwoorden.csv", 4, "score", "5")
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_copy)
    err = only_error(info.value)
    assert (err.file, err.regel, err.kolom) == ("data/zelfscan-antwoorden.csv", 4, "score")
    assert "buiten de schaal 1–4" in err.message


def test_a_score_that_is_no_number_is_reported(data_copy):
    set_cell(data_copy / "zelfscan-antwoorden.csv", 7, "score", "drie")
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_copy)
    err = only_error(info.value)
    assert (err.file, err.regel, err.kolom) == ("data/zelfscan-antwoorden.csv", 7, "score")
    assert "geen geheel getal" in err.message


def test_an_unknown_dimension_in_the_answers_is_reported(data_copy):
    set_cell(data_copy / "zelfscan-antwoorden.csv", 3, "dimensie", "gezelligheid")
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_copy)
    err = only_error(info.value)
    assert (err.file, err.regel, err.kolom) == ("data/zelfscan-antwoorden.csv", 3, "dimensie")
    assert "onbekende dimensie 'gezelligheid'" in err.message and "eigenaarschap" in err.message
    assert str(err).startswith("data/zelfscan-antwoorden.csv, regel 3, kolom dimensie: ")


def test_an_unknown_dimension_in_the_statements_is_reported(data_copy):
    # change a statement's dimension that no answer refers to under that statement id's old dimension
    path = data_copy / "zelfscan-stellingen.csv"
    set_cell(path, 2, "dimensie", "gezelligheid")
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_copy)
    first = info.value.errors[0]
    assert (first.file, first.regel, first.kolom) == ("data/zelfscan-stellingen.csv", 2, "dimensie")


def test_a_statement_under_the_wrong_dimension_is_reported(data_copy):
    set_cell(data_copy / "zelfscan-antwoorden.csv", 2, "dimensie", "governance")  # eig-1 is eigenaarschap
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_copy)
    err = only_error(info.value)
    assert (err.regel, err.kolom) == (2, "dimensie")
    assert "hoort bij dimensie eigenaarschap" in err.message


def test_an_unknown_region_is_reported(data_copy):
    set_cell(data_copy / "proces-actoren.csv", 2, "regio", "atlantis")
    set_cell(data_copy / "zelfscan-antwoorden.csv", 2, "regio", "atlantis")
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_copy)
    where = {(e.file, e.regel, e.kolom) for e in info.value.errors}
    assert ("data/proces-actoren.csv", 2, "regio") in where
    assert ("data/zelfscan-antwoorden.csv", 2, "regio") in where
    assert all("onbekende regio 'atlantis'" in e.message for e in info.value.errors
               if e.kolom == "regio")


def test_two_accountables_for_one_track_are_reported(data_copy):
    path = data_copy / "proces-raci.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    regel = next(i + 1 for i, r in enumerate(rows) if r[:4] == ["mra", "werkgroepen", "governance", "R"])
    set_cell(path, regel, "rol", "A")
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_copy)
    err = only_error(info.value)
    assert (err.file, err.regel, err.kolom) == ("data/proces-raci.csv", regel, "rol")
    assert "één A" in err.message


def test_a_documented_actor_needs_a_source(data_copy):
    set_cell(data_copy / "proces-actoren.csv", 2, "bron", "")
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_copy)
    err = only_error(info.value)
    assert (err.file, err.regel, err.kolom) == ("data/proces-actoren.csv", 2, "bron")


# --------------------------------------------------------------------------------------------
# Saving rounds


def _scores(value: int) -> dict[str, int]:
    stellingen = wd.read_table(wd.paths.PROJECT_ROOT / "data" / "zelfscan-stellingen.csv", proces.STELLINGEN)
    return {s: value for s in stellingen["stelling"]}


def test_saving_appends_a_new_round_and_keeps_every_earlier_byte(data_copy):
    path = data_copy / "zelfscan-antwoorden.csv"
    before = path.read_bytes()
    saved = proces.save_zelfscan("parkstad", _scores(3), respondentgroep="leerkring", datum="2026-02-01",
                                 data_dir=data_copy)
    after = path.read_bytes()
    assert after.startswith(before)
    assert saved.ronde == 3 and saved.antwoorden == 21  # the examples hold rounds 1 and 2
    answers = wd.load_dataset(data_copy)["zelfscan-antwoorden"]
    own = answers[(answers["regio"] == "parkstad") & (answers["ronde"] == 3)]
    assert len(own) == 21 and set(own["score"]) == {3} and not own["voorbeeld"].any()
    assert set(own["datum"]) == {"2026-02-01"}
    again = proces.save_zelfscan("parkstad", _scores(4), respondentgroep="leerkring", data_dir=data_copy)
    assert again.ronde == 4
    assert path.read_bytes().startswith(after)


def test_a_second_group_can_join_a_round_but_never_overwrite(data_copy):
    first = proces.save_zelfscan("mra", _scores(2), respondentgroep="gemeenten", data_dir=data_copy)
    proces.save_zelfscan("mra", _scores(4), respondentgroep="corporaties", ronde=first.ronde, data_dir=data_copy)
    before = (data_copy / "zelfscan-antwoorden.csv").read_bytes()
    with pytest.raises(proces.ZelfscanSaveError, match="nooit overschreven"):
        proces.save_zelfscan("mra", _scores(1), respondentgroep="gemeenten", ronde=first.ronde, data_dir=data_copy)
    with pytest.raises(proces.ZelfscanSaveError, match="voorbeeldantwoorden"):
        proces.save_zelfscan("mra", _scores(1), respondentgroep="zorg", ronde=1, data_dir=data_copy)
    assert (data_copy / "zelfscan-antwoorden.csv").read_bytes() == before
    answers = wd.load_dataset(data_copy)["zelfscan-antwoorden"]
    result = proces.uitslag(answers, "mra")
    assert result.ronde == first.ronde and result.respondentgroepen == ["corporaties", "gemeenten"]
    assert result.totaal == pytest.approx(3.0)


@pytest.mark.parametrize("scores, groep, message", [
    ({"eig-1": 5}, "leerkring", "buiten de schaal"),
    ({"eig-1": True}, "leerkring", "buiten de schaal"),
    ({"onbekend": 2}, "leerkring", "onbekende stelling"),
    ({"eig-1": None}, "leerkring", "nog geen enkele stelling"),
    ({"eig-1": 2}, "   ", "respondentgroep"),
])
def test_invalid_answers_are_refused_and_nothing_changes(data_copy, scores, groep, message):
    before = (data_copy / "zelfscan-antwoorden.csv").read_bytes()
    with pytest.raises(proces.ZelfscanSaveError, match=message):
        proces.save_zelfscan("enschede", scores, respondentgroep=groep, data_dir=data_copy)
    assert (data_copy / "zelfscan-antwoorden.csv").read_bytes() == before


def test_an_unknown_region_cannot_save(data_copy):
    with pytest.raises(proces.ZelfscanSaveError, match="onbekende regio 'atlantis'"):
        proces.save_zelfscan("atlantis", {"eig-1": 2}, respondentgroep="x", data_dir=data_copy)


def test_saving_into_a_missing_file_writes_the_header(data_copy):
    (data_copy / "zelfscan-antwoorden.csv").unlink()
    saved = proces.save_zelfscan("groningen", {"eig-1": 2, "gov-1": 4}, respondentgroep="leerkring", data_dir=data_copy)
    assert saved.ronde == 1
    answers = wd.load_dataset(data_copy)["zelfscan-antwoorden"]
    assert list(answers["score"]) == [2, 4]


def test_excel_semicolon_files_stay_semicolon(data_copy):
    path = data_copy / "zelfscan-antwoorden.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)
    before = path.read_bytes()
    proces.save_zelfscan("groningen", {"eig-1": 2}, respondentgroep="leerkring", data_dir=data_copy)
    after = path.read_bytes()
    assert after.startswith(before) and after.endswith(b";Zelfscan ingevuld in de leerkring (werkboek procesorganisatie)\r\n")
    assert wd.load_dataset(data_copy)["zelfscan-antwoorden"]["regio"].iloc[-1] == "groningen"


def _save_in_process(args: tuple[str, int, str]) -> int:
    data_dir, score, groep = args
    return proces.save_zelfscan("haaglanden", _scores(score), respondentgroep=groep, data_dir=data_dir).ronde


def test_concurrent_saves_lose_nothing(data_copy):
    """Do two (and more) learning-circle groups saving at the same moment both keep their round?"""
    before = (data_copy / "zelfscan-antwoorden.csv").read_bytes()
    jobs = [(str(data_copy), 1 + i % 4, f"groep {i}") for i in range(6)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        rounds = pool.map(_save_in_process, jobs)
    assert sorted(rounds) == [3, 4, 5, 6, 7, 8]  # each save got its own round
    path = data_copy / "zelfscan-antwoorden.csv"
    assert path.read_bytes().startswith(before)
    answers = wd.load_dataset(data_copy)["zelfscan-antwoorden"]
    mine = answers[(answers["regio"] == "haaglanden") & ~answers["voorbeeld"].astype(bool)]
    assert sorted(mine["respondentgroep"].unique()) == sorted(j[2] for j in jobs)
    assert len(mine) == 6 * 21
    assert not list(data_copy.glob(".zelfscan-antwoorden.csv.*.woonzorg-tmp"))


# --------------------------------------------------------------------------------------------
# The workbook widget and the HTML


def test_the_form_saves_what_was_scored(data_copy):
    form = proces.zelfscan_formulier("enschede", data_dir=data_copy)
    assert len(form.vragen) == 21
    form.vragen["eig-1"].value = 4
    form.vragen["gov-2"].value = 1
    form.respondentgroep.value = "leerkring Twente"
    form.opslaan.click()
    assert "Opgeslagen" in form.melding.value and "ronde 3" in form.melding.value
    answers = wd.load_dataset(data_copy)["zelfscan-antwoorden"]
    saved = answers[(answers["regio"] == "enschede") & (answers["ronde"] == 3)]
    assert dict(zip(saved["stelling"], saved["score"])) == {"eig-1": 4, "gov-2": 1}


def test_the_form_explains_a_refusal(data_copy):
    form = proces.zelfscan_formulier("enschede", data_dir=data_copy)
    form.vragen["eig-1"].value = 2
    form.opslaan.click()  # no respondent group
    assert "Niet opgeslagen" in form.melding.value and "respondentgroep" in form.melding.value


def test_text_from_data_is_escaped(project_data):
    dataset = wd.load_dataset(project_data)
    pg = proces.procesgegevens(dataset, "parkstad")
    pg.actoren.loc[0, "organisatie"] = "<script>alert(1)</script>"
    markup = proces.actoren_table(pg, proces.Bronnen()).to_html() + proces.kernpartijen_html(pg).markup
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_every_chart_has_alt_text_and_source(project_data):
    dataset = wd.load_dataset(project_data)
    pg = proces.procesgegevens(dataset, "groningen")
    result = proces.uitslag(pg.antwoorden, "groningen", stellingen=pg.stellingen)
    made = [
        proces.actorenkaart(pg.actoren, pg.regio.naam),
        proces.raci_heatmap(proces.raci_matrix(pg.actoren, pg.raci), pg.actoren, pg.regio.naam, voorbeeld=True),
        proces.zelfscan_radar(result, proces.verandering(pg.antwoorden, "groningen"), regio_naam=pg.regio.naam),
        proces.tijdlijn(pg.mijlpalen, pg.afspraken, pg.regio.naam),
    ]
    for chart in made:
        assert chart.alt.strip() and chart.bron.strip() and chart.svg.lstrip().startswith(b"<?xml") and b"<svg" in chart.svg
        assert 'alt="' in chart.to_html()
