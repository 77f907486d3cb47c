"""Tests for woonzorg.data: the real data folder loads, and every kind of broken CSV gives a precise,
Dutch error naming file, regel (the header is regel 1) and kolom.

Most tests copy the real data folder to a temporary ``data/`` folder, break one file, and check the
exact error(s) that :func:`woonzorg.data.load_dataset` reports. Reader-level behaviour is tested on
tiny tables built inside the test.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from woonzorg import data as wd
from woonzorg.paths import PROJECT_ROOT

REAL_DATA = PROJECT_ROOT / "data"
GEMEENTEN = wd.schemas()["gemeenten"]
LANDELIJK = wd.schemas()["landelijke-cijfers"]

# --------------------------------------------------------------------------------------------
# Helpers


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh copy of the real data folder, named ``data`` so errors read ``data/<file>``."""
    target = tmp_path / "data"
    shutil.copytree(REAL_DATA, target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\n").writerows(rows)


def set_cell(path: Path, regel: int, kolom: str, value: str) -> None:
    """Overwrite one cell; ``regel`` counts like a spreadsheet (header = 1, no blank lines in data/)."""
    rows = read_rows(path)
    rows[regel - 1][rows[0].index(kolom)] = value
    write_rows(path, rows)


def cell(path: Path, regel: int, kolom: str) -> str:
    rows = read_rows(path)
    return rows[regel - 1][rows[0].index(kolom)]


def load_errors(folder: Path) -> list[wd.DataError]:
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(folder)
    return info.value.errors


def only_error(folder: Path) -> wd.DataError:
    errors = load_errors(folder)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


def tiny_gemeenten(inwoners: str = "243768", sep: str = ",", aandeel: str | None = None) -> str:
    """A one-row gemeenten table as text, in a ','-file or an Excel-style ';'-file."""
    aandeel = aandeel if aandeel is not None else ("0,315" if sep == ";" else "0.315")
    row = ["GM0014", "Groningen", "Groningen", inwoners, "145764", "124258", "37388", "2024-01-01",
           "CBS", aandeel, "2024-01-01", "allecijfers.nl", "nee", ""]
    return sep.join(GEMEENTEN.column_names) + "\n" + sep.join(row) + "\n"


# --------------------------------------------------------------------------------------------
# The real data


def test_real_data_folder_loads_without_errors():
    ds = wd.load_dataset(REAL_DATA)
    assert len(ds["gemeenten"]) == 342
    assert len(ds.regio_indeling) == 81
    assert ds.regio_indeling["regio"].nunique() == 6
    assert int(ds["gemeenten"]["inwoners"].sum()) == 17_942_942


def test_real_data_rows_remember_their_spreadsheet_regel():
    g = wd.load_dataset(REAL_DATA)["gemeenten"]
    assert list(g.attrs["regels"][:3]) == [2, 3, 4]
    # shared, not copied, by every pandas operation (a list was deep-copied each time)
    assert g.head().attrs["regels"] is g.attrs["regels"]
    assert g.attrs["file"] == "data/gemeenten.csv"


def test_a_folder_read_again_gives_its_own_copy_and_an_edit_is_read(data_dir):
    # a warm kernel reads the same folder for every notebook: the validated tables are kept, and
    # only copies leave, so one notebook's change never reaches the next
    first = wd.load_dataset(data_dir)
    first["gemeenten"].loc[0, "inwoners"] = 1
    first["gemeenten"].attrs["file"] = "veranderd"
    del first.tables["regio-indeling"]
    second = wd.load_dataset(data_dir)
    assert second is not first and second["gemeenten"] is not first["gemeenten"]
    assert int(second["gemeenten"].loc[0, "inwoners"]) == int(cell(data_dir / "gemeenten.csv", 2, "inwoners"))
    assert second["gemeenten"].attrs["file"] == "data/gemeenten.csv"
    assert len(second.regio_indeling) == 81
    # an edit of the same length, in the same second: read anew, and checked anew
    path = data_dir / "gemeenten.csv"
    old = cell(path, 2, "inwoners")
    set_cell(path, 2, "inwoners", str(int(old) + 1)[-len(old):].rjust(len(old), "1"))
    assert int(wd.load_dataset(data_dir)["gemeenten"].loc[0, "inwoners"]) == int(cell(path, 2, "inwoners")) != int(old)
    set_cell(path, 2, "inwoners", "-" + old[1:])
    assert only_error(data_dir).kolom == "inwoners"


# --------------------------------------------------------------------------------------------
# Files and columns


def test_missing_file_is_named_as_missing(data_dir):
    (data_dir / "aandachtsgroepen.csv").unlink()
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/aandachtsgroepen.csv", None, None)
    assert "ontbreekt" in err.message


def test_missing_data_folder_is_named(tmp_path):
    err = only_error(tmp_path / "bestaat-niet")
    assert "gegevensmap bestaat niet" in err.message


def test_missing_column_names_the_column_on_the_header_row(data_dir):
    path = data_dir / "gemeenten.csv"
    rows = read_rows(path)
    i = rows[0].index("provincie")
    write_rows(path, [r[:i] + r[i + 1:] for r in rows])
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 1, "provincie")
    assert "kolom 'provincie' ontbreekt" in err.message
    assert "verwachte kolommen" in err.message


def test_unknown_extra_column_is_rejected_by_name(data_dir):
    path = data_dir / "gemeenten.csv"
    rows = read_rows(path)
    write_rows(path, [rows[0] + ["opmerking"]] + [r + [""] for r in rows[1:]])
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 1, "opmerking")
    assert "onbekende kolom 'opmerking'" in err.message


def test_empty_file_of_zero_bytes_is_reported_as_empty(data_dir):
    (data_dir / "urgentiecategorieen.csv").write_bytes(b"")
    err = only_error(data_dir)
    assert err.file == "data/urgentiecategorieen.csv"
    assert "bestand is leeg" in err.message


def test_header_only_table_is_reported_as_empty_table(data_dir):
    path = data_dir / "urgentiecategorieen.csv"
    path.write_text(",".join(wd.schemas()["urgentiecategorieen"].column_names) + "\n", encoding="utf-8")
    err = only_error(data_dir)
    assert err.file == "data/urgentiecategorieen.csv"
    assert "tabel is leeg" in err.message and "alleen een kopregel" in err.message


def test_row_with_wrong_number_of_fields_names_the_row_and_both_counts(data_dir):
    path = data_dir / "gemeenten.csv"
    rows = read_rows(path)
    rows[4] = rows[4][:-1]  # regel 5 loses a field
    write_rows(path, rows)
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 5, None)
    assert "13 velden in plaats van 14" in err.message
    assert "komma's" in err.message


# --------------------------------------------------------------------------------------------
# Cell types and ranges


def test_text_in_a_count_column_names_file_row_and_column(data_dir):
    set_cell(data_dir / "gemeenten.csv", 14, "inwoners", "12a40")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 14, "inwoners")
    assert str(err) == "data/gemeenten.csv, regel 14, kolom inwoners: '12a40' is geen geheel getal"


def test_negative_count_is_rejected_as_negative(data_dir):
    set_cell(data_dir / "gemeenten.csv", 9, "woningvoorraad", "-5")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 9, "woningvoorraad")
    assert "'-5' is negatief" in err.message


def test_share_above_one_is_rejected_as_outside_zero_to_one(data_dir):
    set_cell(data_dir / "gemeenten.csv", 20, "corporatie_aandeel", "1.7")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 20, "corporatie_aandeel")
    assert "'1.7' ligt buiten 0–1" in err.message


def test_share_written_as_percentage_reads_as_fraction(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(tiny_gemeenten(aandeel="31.5%"), encoding="utf-8")
    assert wd.read_table(path, GEMEENTEN)["corporatie_aandeel"][0] == pytest.approx(0.315)


def test_empty_required_cell_is_reported_as_missing_value(data_dir):
    set_cell(data_dir / "gemeenten.csv", 3, "gemeente", "")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 3, "gemeente")
    assert err.message == "waarde ontbreekt"


def test_code_not_of_the_form_gm_and_four_digits_is_rejected(data_dir):
    set_cell(data_dir / "gemeenten.csv", 2, "gemeentecode", "GM14")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 2, "gemeentecode")
    assert "'GM14' is geen gemeentecode" in err.message
    assert "vier cijfers" in err.message


def test_region_id_with_capitals_and_space_is_rejected(data_dir):
    set_cell(data_dir / "regio-indeling.csv", 3, "regio", "Regio Enschede")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/regio-indeling.csv", 3, "regio")
    assert "'Regio Enschede' is geen geldige regio-id" in err.message
    assert "kleine letters" in err.message


def test_comma_decimal_in_a_comma_separated_file_is_rejected_with_a_clear_message(data_dir):
    set_cell(data_dir / "gemeenten.csv", 6, "corporatie_aandeel", "0,217")  # csv module quotes it
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 6, "corporatie_aandeel")
    assert "'0,217' is geen getal" in err.message
    assert "decimale punt" in err.message and "komma" in err.message


def test_unquoted_comma_decimal_in_a_comma_file_shows_up_as_an_extra_field(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(tiny_gemeenten(aandeel="0,217"), encoding="utf-8")
    with pytest.raises(wd.DataValidationError) as info:
        wd.read_table(path, GEMEENTEN, "g.csv")
    [err] = info.value.errors
    assert (err.file, err.regel) == ("g.csv", 2)
    assert "15 velden in plaats van 14" in err.message


# --------------------------------------------------------------------------------------------
# Keys and cross-table rules


def test_duplicate_municipality_in_gemeenten_points_to_the_first_row(data_dir):
    path = data_dir / "gemeenten.csv"
    set_cell(path, 3, "gemeentecode", cell(path, 2, "gemeentecode"))
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 3, "gemeentecode")
    assert "dubbele gemeentecode GM0014" in err.message
    assert "staat ook op regel 2" in err.message


def test_municipality_in_two_regions_is_rejected(data_dir):
    path = data_dir / "regio-indeling.csv"
    rows = read_rows(path)
    mra_row = next(r for r in rows if r[0] == "mra")
    rows.append([mra_row[0], mra_row[1], "GM0153", "nee", mra_row[4]])  # Enschede, already at regel 4
    write_rows(path, rows)
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/regio-indeling.csv", len(rows), "gemeentecode")
    assert "gemeente GM0153 staat ook in regio enschede (regel 4)" in err.message
    assert "per indeling bij ten hoogste één regio (indeling koploper)" in err.message


def test_same_municipality_twice_in_one_region_is_rejected(data_dir):
    path = data_dir / "regio-indeling.csv"
    rows = read_rows(path)
    rows.append(list(rows[1]))
    write_rows(path, rows)
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/regio-indeling.csv", len(rows), "gemeentecode")
    assert f"gemeente {rows[1][2]} staat nog een keer in dezelfde regio (regel 2)" in err.message


def test_unknown_municipality_code_in_regio_indeling_is_rejected(data_dir):
    set_cell(data_dir / "regio-indeling.csv", 5, "gemeentecode", "GM9999")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/regio-indeling.csv", 5, "gemeentecode")
    assert "onbekende gemeentecode GM9999" in err.message
    assert "data/gemeenten.csv" in err.message


def test_region_with_two_different_names_is_rejected(data_dir):
    set_cell(data_dir / "regio-indeling.csv", 4, "regio_naam", "Regio Twente")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/regio-indeling.csv", 4, "regio_naam")
    assert "regio enschede heet hier 'Regio Twente'" in err.message
    assert "regel 2 'Regio Enschede'" in err.message


def test_more_households_than_inhabitants_is_rejected(data_dir):
    path = data_dir / "gemeenten.csv"
    inwoners = int(cell(path, 10, "inwoners"))
    set_cell(path, 10, "huishoudens", str(inwoners + 1))
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 10, "huishoudens")
    assert f"{inwoners + 1} huishoudens is meer dan {inwoners} inwoners" in err.message


def test_unknown_aandachtsgroep_in_urgentiecategorieen_is_rejected(data_dir):
    set_cell(data_dir / "urgentiecategorieen.csv", 3, "groep", "zwervers")
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/urgentiecategorieen.csv", 3, "groep")
    assert "onbekende aandachtsgroep 'zwervers'" in err.message
    assert "statushouders" in err.message  # lists the known groups


# --------------------------------------------------------------------------------------------
# Collecting every error


def test_two_problems_in_one_file_are_both_reported(data_dir):
    path = data_dir / "gemeenten.csv"
    set_cell(path, 14, "inwoners", "12a40")
    set_cell(path, 20, "corporatie_aandeel", "1.7")
    errors = load_errors(data_dir)
    assert [(e.file, e.regel, e.kolom) for e in errors] == [
        ("data/gemeenten.csv", 14, "inwoners"),
        ("data/gemeenten.csv", 20, "corporatie_aandeel"),
    ]
    assert "geen geheel getal" in errors[0].message
    assert "buiten 0–1" in errors[1].message


def test_problems_in_two_files_are_both_reported(data_dir):
    (data_dir / "waarnemingen.csv").unlink()
    set_cell(data_dir / "gemeenten.csv", 14, "inwoners", "12a40")
    errors = load_errors(data_dir)
    assert {(e.file, e.regel, e.kolom) for e in errors} == {
        ("data/gemeenten.csv", 14, "inwoners"),
        ("data/waarnemingen.csv", None, None),
    }


def test_validation_error_text_lists_every_error_on_its_own_line(data_dir):
    path = data_dir / "gemeenten.csv"
    set_cell(path, 14, "inwoners", "12a40")
    set_cell(path, 20, "corporatie_aandeel", "1.7")
    with pytest.raises(wd.DataValidationError) as info:
        wd.load_dataset(data_dir)
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert lines[0] == "data/gemeenten.csv, regel 14, kolom inwoners: '12a40' is geen geheel getal"


# --------------------------------------------------------------------------------------------
# Encodings and Excel dialects


def test_windows_1252_file_is_rejected_naming_the_first_bad_line(data_dir):
    path = data_dir / "gemeenten.csv"
    text = path.read_text(encoding="utf-8")
    first_non_ascii = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert first_non_ascii == 7  # Fryslân
    path.write_bytes(text.encode("cp1252"))
    err = only_error(data_dir)
    assert (err.file, err.regel, err.kolom) == ("data/gemeenten.csv", 7, None)
    assert "geen UTF-8" in err.message and "Windows-1252" in err.message


def test_utf16_file_is_rejected_with_advice_to_save_as_utf8(data_dir):
    path = data_dir / "aandachtsgroepen.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    err = only_error(data_dir)
    assert err.file == "data/aandachtsgroepen.csv"
    assert "UTF-16" in err.message and "CSV UTF-8" in err.message


def test_utf8_with_bom_reads_the_same_as_without(data_dir):
    path = data_dir / "gemeenten.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with_bom = wd.load_dataset(data_dir)["gemeenten"]
    plain = wd.load_dataset(REAL_DATA)["gemeenten"]
    assert list(with_bom.columns) == GEMEENTEN.column_names
    pd.testing.assert_frame_equal(with_bom, plain)


def test_excel_semicolon_file_with_decimal_comma_reads_identical_values(data_dir):
    path = data_dir / "gemeenten.csv"
    rows = read_rows(path)
    header = rows[0]
    share = header.index("corporatie_aandeel")
    dates = [header.index("peildatum"), header.index("corporatie_peildatum")]
    for r in rows[1:]:
        r[share] = r[share].replace(".", ",")
        for d in dates:  # Excel NL shows 2024-01-01 as 1-1-2024
            y, m, dd = r[d].split("-")
            r[d] = f"{int(dd)}-{int(m)}-{y}"
    write_rows(path, rows, delimiter=";")
    assert ";" in path.read_text(encoding="utf-8").splitlines()[0]
    assert "0,315" in path.read_text(encoding="utf-8")

    excel = wd.load_dataset(data_dir)["gemeenten"]
    plain = wd.load_dataset(REAL_DATA)["gemeenten"]
    pd.testing.assert_frame_equal(excel, plain)


def test_thousands_dot_in_a_semicolon_file_reads_as_thousands(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(tiny_gemeenten(inwoners="12.345", sep=";"), encoding="utf-8")
    g = wd.read_table(path, GEMEENTEN)
    assert g["inwoners"][0] == 12345
    assert g["corporatie_aandeel"][0] == pytest.approx(0.315)


def test_thousands_dot_in_a_comma_file_is_not_a_whole_number(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(tiny_gemeenten(inwoners="12.345"), encoding="utf-8")
    with pytest.raises(wd.DataValidationError) as info:
        wd.read_table(path, GEMEENTEN, "g.csv")
    [err] = info.value.errors
    assert (err.regel, err.kolom) == (2, "inwoners")
    assert "'12.345' is geen geheel getal" in err.message


def test_decimal_comma_with_thousands_dot_in_a_semicolon_float_column(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text(";".join(LANDELIJK.column_names) + "\nx;1.234,5;personen;1-1-2024;CBS;\n",
                    encoding="utf-8")
    table = wd.read_table(path, LANDELIJK)
    assert table["waarde"][0] == pytest.approx(1234.5)
    assert table["peildatum"][0] == "2024-01-01"


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=0, max_value=2**53 - 1))
def test_any_non_negative_count_round_trips_in_comma_and_semicolon_files(tmp_path_factory, n):
    # a bare count column: the kind's own range (a column may declare a narrower one, as inwoners does)
    schema = wd.TableSchema("tellingen.csv", (wd.Column("code"), wd.Column("aantal", "count")))
    folder = tmp_path_factory.mktemp("prop", numbered=True)
    comma = folder / "komma.csv"
    comma.write_text(f"code,aantal\nx,{n}\n", encoding="utf-8")
    assert wd.read_table(comma, schema)["aantal"][0] == n

    semi = folder / "puntkomma.csv"
    written = f"{n:,}".replace(",", ".")  # 1234567 -> 1.234.567; below 1000 no dot
    assert ("." in written) == (n >= 1000)
    semi.write_text(f"code;aantal\nx;{written}\n", encoding="utf-8")
    assert wd.read_table(semi, schema)["aantal"][0] == n


# --------------------------------------------------------------------------------------------
# Edge cases that once crashed or misread (regression tests)


def test_file_of_only_separators_is_reported_as_empty_not_a_crash(data_dir):
    (data_dir / "aandachtsgroepen.csv").write_text(",,,\n,,,\n", encoding="utf-8")
    err = only_error(data_dir)
    assert err.file == "data/aandachtsgroepen.csv"
    assert "leeg" in err.message


def test_count_too_large_for_int64_is_a_data_error_not_a_crash(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(tiny_gemeenten(inwoners="1" * 25), encoding="utf-8")
    with pytest.raises(wd.DataValidationError) as info:
        wd.read_table(path, GEMEENTEN, "g.csv")
    [err] = info.value.errors
    assert (err.regel, err.kolom) == (2, "inwoners")


def test_non_utf8_byte_after_a_bom_names_the_right_line(tmp_path):
    path = tmp_path / "l.csv"
    body = ",".join(LANDELIJK.column_names) + "\n" + "één,1,x,2024-01-01,CBS,\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("cp1252"))
    with pytest.raises(wd.DataValidationError) as info:
        wd.read_table(path, LANDELIJK, "l.csv")
    [err] = info.value.errors
    assert "geen UTF-8" in err.message
    assert err.regel == 2


def test_header_error_after_a_leading_blank_line_names_the_header_line(tmp_path):
    path = tmp_path / "g.csv"
    lines = tiny_gemeenten().splitlines()
    path.write_text(f"\n{lines[0]},extra\n{lines[1]},x\n", encoding="utf-8")
    with pytest.raises(wd.DataValidationError) as info:
        wd.read_table(path, GEMEENTEN, "g.csv")
    [err] = info.value.errors
    assert err.kolom == "extra"
    assert err.regel == 2


def test_leading_zero_with_dot_in_a_semicolon_file_is_not_read_as_thousands(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text(";".join(LANDELIJK.column_names) + "\naandeel;0.217;fractie;2024-01-01;CBS;\n",
                    encoding="utf-8")
    try:
        waarde = wd.read_table(path, LANDELIJK, "l.csv")["waarde"][0]
    except wd.DataValidationError:
        return  # rejecting the ambiguous value is acceptable too
    assert waarde == pytest.approx(0.217)


def test_an_optional_table_with_only_its_header_reads_as_empty(data_dir):
    wd.load_dataset(data_dir)  # imports the theme modules, which register the optional tables
    optional = wd.schemas()["leerkring-sessies"]  # optional, and no other table refers to it
    assert optional.optional
    (data_dir / optional.file).write_text(",".join(optional.column_names) + "\n", encoding="utf-8")
    dataset = wd.load_dataset(data_dir)
    assert len(dataset[optional.file.removesuffix(".csv")]) == 0
