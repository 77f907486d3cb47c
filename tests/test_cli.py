"""The `woonzorg` command: exit codes and what it prints."""

from __future__ import annotations

import json


from woonzorg import cbs, cli, paths


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_on_the_real_data_prints_a_summary_and_exits_0(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert "gemeenten.csv" in out and "342 regels" in out
    assert "6 regio's met samen 81 gemeenten" in out


def test_check_on_corrupted_data_names_file_row_and_column_and_exits_2(capsys, data_copy):
    path = data_copy / "gemeenten.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[13].split(",")
    cells[3] = "12a40"
    lines[13] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--data", str(data_copy))
    assert code == 2
    assert "data/gemeenten.csv, regel 14, kolom inwoners: '12a40' is geen geheel getal" in err


def test_check_on_a_missing_data_folder_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "check", "--data", str(tmp_path / "bestaat-niet"))
    assert code == 2
    assert "bestaat niet" in err


def test_regios_lists_each_region_with_municipalities_and_inhabitants(capsys):
    code, out, _ = run(capsys, "regios")
    assert code == 0
    parkstad = next(line for line in out.splitlines() if line.startswith("parkstad"))
    assert parkstad.split()[-2:] == ["7", "256.180"]
    assert "Metropoolregio Amsterdam" in out


def test_regio_toevoegen_writes_the_region_and_refuses_a_taken_code(capsys, data_copy):
    code, out, _ = run(capsys, "regio", "toevoegen", "twente-west", "--naam", "Twente-West",
                       "GM0141", "GM0183", "--data", str(data_copy))
    assert code == 0 and "2 gemeenten" in out
    code, _, err = run(capsys, "regio", "toevoegen", "nog-een", "--naam", "X", "GM0141", "--data", str(data_copy))
    assert code == 2
    assert "GM0141 hoort al bij regio twente-west" in err


def test_build_with_an_unknown_region_exits_2_before_any_kernel(capsys, tmp_path):
    code, _, err = run(capsys, "build", "--regio", "atlantis", "--out", str(tmp_path))
    assert code == 2
    assert "onbekende regio 'atlantis'" in err
    assert not any(tmp_path.iterdir())


def test_build_with_an_unknown_theme_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "build", "--thema", "astrologie", "--out", str(tmp_path))
    assert code == 2
    assert "onbekend thema 'astrologie'" in err


def test_data_vernieuw_offline_says_so_and_changes_nothing(capsys, data_copy, monkeypatch):
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}

    def offline(url):
        raise cbs.CBSUnavailable("CBS StatLine is niet bereikbaar (geen internetverbinding?); "
                                 "de gegevens in data/ zijn niet gewijzigd.")

    monkeypatch.setattr(cbs, "default_fetch", offline)
    code, _, err = run(capsys, "data", "vernieuw", "--data", str(data_copy))
    assert code == 2
    assert "niet bereikbaar" in err
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before


def test_data_vernieuw_with_a_recorded_response_updates_the_figures(capsys, data_copy, monkeypatch):
    fixtures = paths.PACKAGE_DIR / "fixtures"
    pages = [json.loads((fixtures / name).read_text(encoding="utf-8"))
             for name in ("cbs_85984NED_sample.json", "cbs_85984NED_sample_page2.json")]
    monkeypatch.setattr(cbs, "default_fetch", lambda url: pages.pop(0))
    code, out, _ = run(capsys, "data", "vernieuw", "--data", str(data_copy))
    assert code == 0, out
    text = (data_copy / "gemeenten.csv").read_text(encoding="utf-8")
    enschede = next(line for line in text.splitlines() if line.startswith("GM0153"))
    assert "161738" in enschede and "CBS StatLine 85984NED" in enschede
