"""Notes that can be corrected or withdrawn, internal or public (woonzorg.leerkring.notities), without a browser."""

from __future__ import annotations

import shutil

import pytest

from woonzorg import paths
from woonzorg.data import DataValidationError, load_dataset
from woonzorg.leerkring import notities, save_sessie, sessie_html, sessies_path


@pytest.fixture()
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", target)
    return target


def _ids(data_dir):
    dataset = load_dataset(data_dir)
    current = notities.actueel(dataset["leerkring-sessies"], dataset["leerkring-notitiecorrecties"])
    return dict(zip(current["tekst"], current["id"]))


def test_a_corrected_withdrawn_or_internal_note_is_shown_as_it_stands_and_the_history_stays(data_dir):
    save_sessie("parkstad", "woonzorganalyse", [("notitie", "", "Heerlen levert cijfers"), ("notitie", "", "Tik fout"),
                                                 ("keuze", "verdeelsleutel", "Naar inwoners")],
                groep="notulist", datum="2026-12-08", data_dir=data_dir)
    save_sessie("parkstad", "woonzorganalyse", [("notitie", "", "Wethouder X twijfelt")], groep="notulist",
                datum="2026-12-08", zichtbaarheid="intern", data_dir=data_dir)
    ids = _ids(data_dir)
    notities.corrigeer("parkstad", ids["Heerlen levert cijfers"], "wijzigen",
                       tekst="Heerlen en Kerkrade leveren cijfers", data_dir=data_dir)
    notities.corrigeer("parkstad", ids["Tik fout"], "intrekken", data_dir=data_dir)
    notities.corrigeer("parkstad", ids["Naar inwoners"], "intern", data_dir=data_dir)
    page = sessie_html(load_dataset(data_dir), "parkstad", "woonzorganalyse").markup
    assert "Heerlen en Kerkrade leveren cijfers" in page and "Heerlen levert cijfers" not in page
    for hidden in ("Tik fout", "Naar inwoners", "Wethouder X twijfelt"):
        assert hidden not in page, hidden
    raw = sessies_path(data_dir).read_text(encoding="utf-8")
    assert "Heerlen levert cijfers" in raw and "Tik fout" in raw  # nothing destroyed
    notities.corrigeer("parkstad", ids["Naar inwoners"], "openbaar", data_dir=data_dir)
    assert "Naar inwoners" in sessie_html(load_dataset(data_dir), "parkstad", "woonzorganalyse").markup


def test_a_correction_of_an_unknown_note_or_without_text_is_refused(data_dir):
    save_sessie("parkstad", "woonzorganalyse", [("notitie", "", "Een notitie")], groep="notulist", data_dir=data_dir)
    with pytest.raises(DataValidationError, match="leerkring-notitiecorrecties.csv.*notitie"):
        notities.corrigeer("parkstad", "000000000000", "intrekken", data_dir=data_dir)
    with pytest.raises(notities.CorrectieError, match="nieuwe tekst"):
        notities.corrigeer("parkstad", _ids(data_dir)["Een notitie"], "wijzigen", tekst=" ", data_dir=data_dir)
    with pytest.raises(notities.CorrectieError, match="onbekende actie"):
        notities.corrigeer("parkstad", _ids(data_dir)["Een notitie"], "verwijderen", data_dir=data_dir)
    assert not (data_dir / notities.CORRECTIES.file).exists()


def test_a_session_file_from_before_the_visibility_column_reads_as_public_and_gets_the_column(data_dir):
    old = sessies_path(data_dir)
    old.write_text("regio,datum,thema,soort,onderwerp,tekst,groep\n"
                   "parkstad,2026-01-10,woonzorganalyse,notitie,,Oude notitie,leerkring\n", encoding="utf-8")
    assert "Oude notitie" in sessie_html(load_dataset(data_dir), "parkstad", "woonzorganalyse").markup
    save_sessie("parkstad", "woonzorganalyse", [("notitie", "", "Nieuw en intern")], groep="notulist",
                datum="2026-01-10", zichtbaarheid="intern", data_dir=data_dir)
    lines = old.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",zichtbaarheid") and lines[1].endswith("leerkring,openbaar")
    assert lines[2].endswith(",intern")
    page = sessie_html(load_dataset(data_dir), "parkstad", "woonzorganalyse").markup
    assert "Oude notitie" in page and "Nieuw en intern" not in page
