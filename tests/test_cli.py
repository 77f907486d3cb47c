"""The `woonzorg` command: exit codes and what it prints."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from woonzorg import cbs, cli, paths
from woonzorg import data as wzdata
from childproc import sigint_as_at_a_terminal


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


# --------------------------------------------------------------------------------------------
# Issue 19: Dutch everywhere, exit 2 instead of tracebacks


ARGPARSE_ENGLISH = ("usage", "error", "options", "optional arguments", "positional arguments", "show this help",
                    "required", "invalid", "choose from", "unrecognized", "expected", "ambiguous", "argument(s)")


def test_is_woonzorg_help_dutch(capsys):
    for argv in (["--help"], ["build", "--help"], ["regio", "toevoegen", "-h"], ["data", "vernieuw", "-h"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main(argv)
        out = capsys.readouterr().out
        assert exit_.value.code == 0
        assert out.startswith("gebruik: woonzorg") and "toon deze hulp en stop" in out and "opties:" in out
        assert [w for w in ARGPARSE_ENGLISH if w in out.lower()] == [], out


@pytest.mark.parametrize("argv,fragment", [
    ([], "deze argumenten ontbreken: opdracht"),
    (["bouw"], "argument opdracht: ongeldige keuze 'bouw' (kies uit"),
    (["build", "--workers", "x"], "argument --workers: 'x' is geen geheel getal"),
    (["build", "--regio"], "argument --regio: verwacht één waarde"),
    (["regio", "toevoegen", "x"], "deze argumenten ontbreken: --naam"),
    (["check", "--onzin"], "onbekende argumenten: --onzin"),
])
def test_is_a_bad_call_answered_in_dutch_with_exit_2(capsys, argv, fragment):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.startswith("gebruik: woonzorg") and ": fout: " in err and fragment in err, err
    assert [w for w in ARGPARSE_ENGLISH if w in err.lower()] == [], err


def test_does_ctrl_c_end_with_afgebroken_and_exit_130(capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(wzdata, "load_dataset", interrupted)  # the command imports it when it runs
    code, _, err = run(capsys, "check")
    assert code == 130 and "afgebroken" in err and "Traceback" not in err


def test_does_a_real_sigint_end_the_command_with_exit_130(tmp_path):
    script = ("import sys, time\n"
              "from woonzorg import cli, data\n"
              "def slow(*a, **k):\n"
              "    print('bezig', flush=True); time.sleep(30)\n"
              "data.load_dataset = slow\n"
              "sys.exit(cli.main(['check']))\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=child_env(), preexec_fn=sigint_as_at_a_terminal)
    assert process.stdout.readline().strip() == "bezig"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "woonzorg: afgebroken" in err and "Traceback" not in err


@pytest.fixture
def clean_tz():
    yield
    time.tzset()  # monkeypatch has put TZ back; make the C library read it again


@pytest.mark.parametrize("name,value,fragment", [("SOURCE_DATE_EPOCH", "abc", "SOURCE_DATE_EPOCH='abc' is geen tijdstip"),
                                                 ("SOURCE_DATE_EPOCH", "1e99", "geen tijdstip"),
                                                 ("TZ", "UTC+99", "tijdzone TZ='UTC+99' is ongeldig")])
def test_is_a_bad_clock_setting_refused_before_the_build(capsys, monkeypatch, tmp_path, clean_tz, name, value, fragment):
    from woonzorg import publish

    monkeypatch.setenv(name, value)
    monkeypatch.setattr(publish, "build", lambda **kwargs: pytest.fail("build started"))
    code, _, err = run(capsys, "build", "--regio", "parkstad", "--out", str(tmp_path / "uit"))
    assert code == 2 and fragment in err and "Traceback" not in err
    assert not (tmp_path / "uit").exists()


def test_does_build_date_honour_a_valid_source_date_epoch():
    from woonzorg import clock

    assert clock.build_date({"SOURCE_DATE_EPOCH": "1735689600"}) == "2025-01-01 00:00"
    assert clock.build_date({"SOURCE_DATE_EPOCH": ""}) == clock.build_date({})


def test_are_repeated_regions_and_themes_built_once(capsys, monkeypatch, tmp_path):
    from woonzorg import publish

    asked = {}

    class Report:
        ok = True

        def summary(self):
            return "klaar"

    def fake_build(**kwargs):
        asked.update(kwargs)
        return Report()

    monkeypatch.setattr(publish, "build", fake_build)
    code, _, _ = run(capsys, "build", "--regio", "parkstad", "--regio", "enschede", "--regio", "parkstad",
                     "--thema", "regioprofiel", "--thema", "regioprofiel", "--out", str(tmp_path))
    assert code == 0
    assert asked["regios"] == ["parkstad", "enschede"] and asked["themas"] == ["regioprofiel"]


def test_is_regio_toevoegen_in_a_read_only_data_folder_a_dutch_error(capsys, data_copy, monkeypatch):
    from woonzorg import storage

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EROFS, "Read-only file system")

    before = (data_copy / "regio-indeling.csv").read_bytes()
    monkeypatch.setattr(storage.FileLock, "acquire", refuse)
    code, _, err = run(capsys, "regio", "toevoegen", "twente-west", "--naam", "Twente-West", "GM0141",
                       "--data", str(data_copy))
    assert code == 2 and "Traceback" not in err
    assert "data/regio-indeling.csv: kan niet worden opgeslagen: geen schrijfrechten" in err
    assert (data_copy / "regio-indeling.csv").read_bytes() == before


def test_does_woonzorg_regios_never_print_an_escape_sequence(capsys, data_copy):
    path = data_copy / "regio-indeling.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Regio Enschede", "Regio \x1b[2J\x1b[31mEnschede"),
                    encoding="utf-8")
    code, out, err = run(capsys, "regios", "--data", str(data_copy))
    assert code == 2 and "\x1b" not in out + err
    assert "regio_naam: bevat een stuurteken U+001B (ESC)" in err
    code, _, err = run(capsys, "build", "--regio", "\x1b[2Jweg", "--out", str(data_copy.parent / "uit"))
    assert code == 2 and "\x1b" not in err and "\\x1b[2Jweg" in err


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(paths.PACKAGE_DIR.parent), env.get("PYTHONPATH", "")])
    return env


def test_do_two_parallel_adds_of_one_municipality_let_exactly_one_win(data_copy):
    """Issue 19 item 5: the membership check runs inside the lock (6 trials of two racing processes)."""
    command = [sys.executable, "-c", "import sys; from woonzorg.cli import main; sys.exit(main(sys.argv[1:]))",
               "regio", "toevoegen", "--data", str(data_copy)]
    for trial in range(6):
        racers = [subprocess.Popen(command + [f"race-{trial}-{side}", "--naam", f"Race {side}", "GM0141", "GM0183"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())
                  for side in ("a", "b")]
        results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in racers]
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 2], results
        loser = next(err for code, _, err in results if code == 2)
        assert "regio niet toegevoegd: GM0141 hoort al bij regio race-" in loser and "Traceback" not in loser
        assert cli.main(["check", "--data", str(data_copy)]) == 0
        # free the municipalities again for the next trial
        path = data_copy / "regio-indeling.csv"
        path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("race-")), encoding="utf-8")
