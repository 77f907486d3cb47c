"""The command's refusals of issue 33 (item 11): a Dutch message and exit 2, never a traceback or a wrong promise."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from woonzorg import cli, storage


@pytest.mark.parametrize("poort, fragment", [("99999", "99999 is geen poortnummer"),
                                             ("-1", "-1 is geen poortnummer"), ("0", "0 is geen poortnummer"),
                                             ("tachtig", "'tachtig' is geen poortnummer")])
def test_is_a_port_outside_1_to_65535_refused_before_anything_starts(capsys, poort, fragment):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["leerkring", "enschede", "--poort", poort])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and fragment in err and "kies 1 tot en met 65535" in err
    assert "Traceback" not in err and "invalid" not in err


def test_are_65535_and_1_ports(capsys):
    assert cli.parser().parse_args(["leerkring", "enschede", "--poort", "65535"]).poort == 65535
    assert cli.parser().parse_args(["leerkring", "enschede", "--poort", "1"]).poort == 1


def test_is_a_template_into_a_file_or_through_one_a_dutch_error(data_copy, tmp_path, capsys):
    a_file = tmp_path / "bestand"
    a_file.write_text("x", encoding="utf-8")
    assert cli.main(["gegevens", "sjabloon", "--regio", "enschede", "--uit", str(a_file),
                     "--data", str(data_copy)]) == 2
    assert "dat is een bestand, geen map" in capsys.readouterr().err
    assert cli.main(["gegevens", "sjabloon", "--regio", "enschede", "--uit", str(a_file / "sub"),
                     "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "kan niet worden opgeslagen: een deel van het pad" in err and "is een bestand, geen map" in err
    assert "Traceback" not in err and "Not a directory" not in err
    assert a_file.read_text(encoding="utf-8") == "x"


def test_is_a_template_into_a_read_only_folder_a_dutch_error(data_copy, tmp_path, capsys, monkeypatch):
    # the tests run as root, for whom chmod 555 changes nothing: the folder refuses as a read-only one would
    def refuse(path, content):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(storage, "write_atomically", refuse)
    out = tmp_path / "alleen-lezen"
    assert cli.main(["gegevens", "sjabloon", "--regio", "enschede", "--uit", str(out), "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "kan niet worden opgeslagen: geen schrijfrechten" in err and "Traceback" not in err


def test_is_a_dask_scheduler_nobody_runs_a_dutch_error(data_copy, tmp_path, capsys):
    """``--dask 127.0.0.1:1``: nothing listens on port 1 of this machine; the build says so and builds nothing."""
    pytest.importorskip("distributed")
    out = tmp_path / "uit"
    code = cli.main(["build", "--dask", "127.0.0.1:1", "--regio", "enschede", "--thema", "regioprofiel",
                     "--data", str(data_copy), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "de Dask-scheduler op '127.0.0.1:1' is niet bereikbaar" in err and "Traceback" not in err
    assert not (out / "enschede" / "regioprofiel.html").exists()


def test_does_a_closed_pipe_end_the_command_with_one_dutch_line(tmp_path):
    """``woonzorg check | head``: the reader is gone before the command writes."""
    child = subprocess.Popen([sys.executable, "-c", "from woonzorg import cli; cli.run()", "check"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=Path(cli.__file__).parents[2])
    child.stdout.close()  # as head does once it has what it wants
    try:
        _, err = child.communicate(timeout=120)
    finally:
        child.kill()
    text = err.decode("utf-8")
    assert child.returncode == 2, text
    assert "de uitvoer werd niet verder gelezen" in text
    assert "Traceback" not in text and "Exception ignored" not in text and "BrokenPipe" not in text
