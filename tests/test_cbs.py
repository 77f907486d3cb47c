"""Tests for the CBS refresh path (no network: CBS answers come from recorded-style fixtures)."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import socket
import urllib.error
from datetime import date
from pathlib import Path

import pytest

from woonzorg import cbs, data, paths

FIXTURES = paths.PACKAGE_DIR / "fixtures"
SOURCE_DATA = paths.PROJECT_ROOT / "data"
SAMPLE_CODES = {"GM0153", "GM0147", "GM0158"}
RETRIEVED = date(2025, 3, 14)


def load_pages() -> list[dict]:
    return [json.loads((FIXTURES / name).read_text(encoding="utf-8"))
            for name in ("cbs_85984NED_sample.json", "cbs_85984NED_sample_page2.json")]


class FakeCBS:
    """Serves pages in order: the first URL must be the municipality query, later ones the nextLinks."""

    def __init__(self, pages: list[dict]):
        self.pages = pages
        self.urls: list[str] = []

    def __call__(self, url: str) -> dict:
        if not self.urls:
            assert url == cbs.municipalities_url("85984NED")
        else:
            assert url == self.pages[len(self.urls) - 1]["odata.nextLink"]
        self.urls.append(url)
        return copy.deepcopy(self.pages[len(self.urls) - 1])


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SOURCE_DATA, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rows_by_code(path: Path) -> dict[str, dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return {r["gemeentecode"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}


def lines_by_code(path: Path) -> dict[str, bytes]:
    return {line.split(b",", 1)[0].decode(): line for line in path.read_bytes().splitlines()[1:]}


def refresh(data_dir: Path, fetch) -> cbs.RefreshResult:
    return cbs.refresh_gemeenten(data_dir, fetch=fetch, retrieved=RETRIEVED)


# --------------------------------------------------------------------------------------------


def test_fixture_holds_the_figures_of_the_project_data():
    ours = rows_by_code(SOURCE_DATA / "gemeenten.csv")
    records = [r for page in load_pages() for r in page["value"] if r["WijkenEnBuurten"].startswith("GM")]
    assert {r["WijkenEnBuurten"].strip() for r in records} == SAMPLE_CODES
    for r in records:
        row = ours[r["WijkenEnBuurten"].strip()]
        assert r["Gemeentenaam_1"].strip() == row["gemeente"]
        assert r["AantalInwoners_5"] == int(row["inwoners"])
        assert r["HuishoudensTotaal_29"] == int(row["huishoudens"])
        assert r["Woningvoorraad_35"] == int(row["woningvoorraad"])
        assert r["k_65JaarOfOuder_12"] == int(row["inwoners_65plus"])
        assert r["InBezitWoningcorporatie_49"] == round(float(row["corporatie_aandeel"]) * 100)


def test_refresh_updates_sample_rows_and_keeps_the_others(data_dir: Path):
    path = data_dir / "gemeenten.csv"
    before_lines = lines_by_code(path)
    before = rows_by_code(path)
    others_before = {k: v for k, v in snapshot(data_dir).items() if k != "gemeenten.csv"}
    fake = FakeCBS(load_pages())

    result = refresh(data_dir, fake)

    assert len(fake.urls) == 2  # followed odata.nextLink
    assert (result.updated, result.unchanged, result.kept_old) == (2, 1, len(before) - 3)
    assert set(result.kept_old_codes) == set(before) - SAMPLE_CODES
    assert result.not_added == [] and result.incomplete == [] and result.corporatie_kept == []
    assert "NL00" not in result.summary() and "bijgewerkt: 2 gemeenten" in result.summary()

    after_lines = lines_by_code(path)
    assert list(after_lines) == list(before_lines)  # same rows, same order
    for code in set(before_lines) - SAMPLE_CODES:
        assert after_lines[code] == before_lines[code]
    after = rows_by_code(path)
    bron = "CBS StatLine 85984NED, opgehaald 2025-03-14"
    for code in SAMPLE_CODES:
        row = after[code]
        assert row["bron"] == bron and row["corporatie_bron"] == bron
        assert row["peildatum"] == row["corporatie_peildatum"] == "2024-01-01"
        assert row["corporatie_schatting"] == "nee" and row["corporatie_methode"] == ""
        assert row["provincie"] == before[code]["provincie"] == "Overijssel"
        for column in ("gemeente", "inwoners", "huishoudens", "woningvoorraad", "inwoners_65plus"):
            assert row[column] == before[code][column]
    assert (after["GM0153"]["corporatie_aandeel"], after["GM0147"]["corporatie_aandeel"],
            after["GM0158"]["corporatie_aandeel"]) == ("0.36", "0.22", "0.21")

    assert {k: v for k, v in snapshot(data_dir).items() if k != "gemeenten.csv"} == others_before
    data.load_dataset(data_dir)  # the whole folder still validates
    assert refresh(data_dir, FakeCBS(load_pages())).updated == 0  # a second run changes nothing


def test_refresh_tolerates_renumbered_fields(data_dir: Path):
    pages = load_pages()
    for page in pages:
        for record in page["value"]:
            for key in list(record):
                if key.endswith("_35"):
                    record[key.replace("_35", "_36")] = record.pop(key)
    result = refresh(data_dir, FakeCBS(pages))
    assert result.updated + result.unchanged == 3


@pytest.mark.parametrize("error", [
    urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")),
    urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution")),
    socket.timeout("timed out"),
    ConnectionResetError(104, "Connection reset by peer"),
])
def test_offline_raises_cbs_unavailable_and_changes_nothing(data_dir: Path, error: Exception):
    before = snapshot(data_dir)

    def offline(url: str) -> dict:
        raise error

    with pytest.raises(cbs.CBSUnavailable) as exc:
        refresh(data_dir, offline)
    assert "niet bereikbaar" in str(exc.value) and "niet gewijzigd" in str(exc.value)
    assert snapshot(data_dir) == before


def test_default_fetch_offline_raises_cbs_unavailable(data_dir: Path, monkeypatch):
    before = snapshot(data_dir)

    def no_network(*args, **kwargs):
        raise urllib.error.URLError(OSError(101, "Network is unreachable"))

    monkeypatch.setattr(cbs.urllib.request, "urlopen", no_network)
    with pytest.raises(cbs.CBSUnavailable, match="CBS StatLine is niet bereikbaar"):
        cbs.refresh_gemeenten(data_dir)
    assert snapshot(data_dir) == before


def test_offline_on_second_page_changes_nothing(data_dir: Path):
    before = snapshot(data_dir)
    first = load_pages()[0]

    def flaky(url: str) -> dict:
        if url == cbs.municipalities_url("85984NED"):
            return first
        raise urllib.error.URLError("timed out")

    with pytest.raises(cbs.CBSUnavailable):
        refresh(data_dir, flaky)
    assert snapshot(data_dir) == before


def test_http_error_is_a_clear_response_error(data_dir: Path):
    before = snapshot(data_dir)

    def not_found(url: str) -> dict:
        raise urllib.error.HTTPError(url, 404, "Not Found", None, None)

    with pytest.raises(cbs.CBSResponseError, match="HTTP 404.*bestaat de tabel"):
        refresh(data_dir, not_found)
    assert snapshot(data_dir) == before


def test_missing_field_gives_clear_error_and_changes_nothing(data_dir: Path):
    before = snapshot(data_dir)
    pages = load_pages()
    for page in pages:
        for record in page["value"]:
            del record["Woningvoorraad_35"]
    with pytest.raises(cbs.CBSResponseError) as exc:
        refresh(data_dir, FakeCBS(pages))
    message = str(exc.value)
    assert "mist het veld 'Woningvoorraad_…' (woningvoorraad)" in message
    assert "85984NED" in message and "niet gewijzigd" in message
    assert snapshot(data_dir) == before


def test_response_without_municipalities_changes_nothing(data_dir: Path):
    before = snapshot(data_dir)
    page = load_pages()[0]
    page["value"] = [r for r in page["value"] if not r["WijkenEnBuurten"].startswith("GM")]
    del page["odata.nextLink"]
    with pytest.raises(cbs.CBSResponseError, match="geen gemeenten"):
        refresh(data_dir, lambda url: page)
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("field, value, kolom", [
    ("AantalInwoners_5", -24639, "inwoners"),  # fails the column type
    ("k_65JaarOfOuder_12", 99999, "inwoners_65plus"),  # fails the cross-row rule: more 65+ than inhabitants
    ("InBezitWoningcorporatie_49", 140, "corporatie_aandeel"),  # 140 % is no share
])
def test_invalid_figures_leave_the_old_file_unchanged(data_dir: Path, field: str, value: int, kolom: str):
    before = snapshot(data_dir)
    pages = load_pages()
    borne = next(r for r in pages[1]["value"] if r["WijkenEnBuurten"].strip() == "GM0147")
    borne[field] = value
    with pytest.raises(data.DataValidationError) as exc:
        refresh(data_dir, FakeCBS(pages))
    assert any(e.kolom == kolom and "niet opgeslagen" in e.file for e in exc.value.errors)
    assert snapshot(data_dir) == before  # no temp file left behind either


def test_missing_cbs_figures_keep_the_old_row(data_dir: Path):
    path = data_dir / "gemeenten.csv"
    before = lines_by_code(path)
    pages = load_pages()
    borne = next(r for r in pages[1]["value"] if r["WijkenEnBuurten"].strip() == "GM0147")
    borne["HuishoudensTotaal_29"] = None
    haaksbergen = next(r for r in pages[1]["value"] if r["WijkenEnBuurten"].strip() == "GM0158")
    haaksbergen["InBezitWoningcorporatie_49"] = None
    result = refresh(data_dir, FakeCBS(pages))
    after = lines_by_code(path)
    assert result.incomplete == ["GM0147"] and after["GM0147"] == before["GM0147"]
    assert result.corporatie_kept == ["GM0158"]
    row = rows_by_code(path)["GM0158"]
    assert row["bron"].startswith("CBS StatLine") and row["corporatie_aandeel"] == "0.209"
    assert row["corporatie_bron"].startswith("allecijfers.nl")


def test_new_municipality_in_cbs_is_reported_not_added(data_dir: Path):
    pages = load_pages()
    extra = dict(pages[1]["value"][0], WijkenEnBuurten="GM9999    ", Gemeentenaam_1="Nieuwgemeente")
    pages[1]["value"].append(extra)
    result = refresh(data_dir, FakeCBS(pages))
    assert result.not_added == ["GM9999"]
    assert "GM9999" not in rows_by_code(data_dir / "gemeenten.csv")


def test_excel_semicolon_file_keeps_its_dialect(data_dir: Path):
    path = data_dir / "gemeenten.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    share = header.index("corporatie_aandeel")
    for row in rows[1:]:
        row[share] = row[share].replace(".", ",")
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))

    refresh(data_dir, FakeCBS(load_pages()))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    table = data.read_table(path, data.schemas()["gemeenten"])
    borne = table[table["gemeentecode"] == "GM0147"].iloc[0]
    assert borne["corporatie_aandeel"] == pytest.approx(0.22)
    assert ";0,22;" in raw.decode("utf-8-sig")


# --------------------------------------------------------------------------------------------
# Issue 33, item 4: a refresh that would break check changes nothing; next pages only from CBS; no NaN


def test_a_refresh_that_renames_a_municipality_elsewhere_named_changes_nothing(data_dir: Path, capsys, monkeypatch):
    """Enschede renamed by CBS: centrumregios.csv still says Enschede, so check would fail afterwards."""
    before = snapshot(data_dir)
    pages = load_pages()
    enschede = next(r for p in pages for r in p["value"] if r["WijkenEnBuurten"].strip() == "GM0153")
    enschede["Gemeentenaam_1"] = "Enschede (O.)"
    with pytest.raises(cbs.CBSConflict) as exc:
        refresh(data_dir, FakeCBS(pages))
    assert any(e.file == "data/centrumregios.csv" and e.kolom == "gemeente" and "Enschede (O.)" in e.message
               for e in exc.value.errors), exc.value.errors
    assert snapshot(data_dir) == before  # nothing replaced, no temp file
    data.load_dataset(data_dir)  # check still passes
    # the command says so in Dutch, with the place check would name, and exits 2
    from woonzorg import cli

    pages_again = load_pages()
    next(r for p in pages_again for r in p["value"] if r["WijkenEnBuurten"].strip() == "GM0153")[
        "Gemeentenaam_1"] = "Enschede (O.)"
    monkeypatch.setattr(cbs, "default_fetch", FakeCBS(pages_again))
    assert cli.main(["data", "vernieuw", "--data", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "passen niet bij de rest van de gegevens" in err and "niet gewijzigd" in err
    assert "data/centrumregios.csv, regel" in err and "Traceback" not in err
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("link", ["http://evil.example/ODataApi/odata/85984NED/TypedDataSet?$skip=10",
                                  "file:///etc/passwd", "https://evil.example/ODataApi/odata/x",
                                  "http://opendata.cbs.nl/ODataApi/odata/85984NED/TypedDataSet?$skip=10",
                                  "https://opendata.cbs.nl.evil.example/x"])
def test_is_a_next_page_elsewhere_than_at_cbs_over_https_not_fetched(data_dir: Path, link: str):
    before = snapshot(data_dir)
    pages = load_pages()
    pages[0]["odata.nextLink"] = link
    fetched: list[str] = []

    def fetch(url: str) -> dict:
        fetched.append(url)
        return copy.deepcopy(pages[0])

    with pytest.raises(cbs.CBSResponseError, match="verwijst voor de volgende pagina naar .*niet naar "
                                                   "https://opendata.cbs.nl"):
        refresh(data_dir, fetch)
    assert fetched == [cbs.municipalities_url("85984NED")]  # the first page only
    assert snapshot(data_dir) == before


def test_is_json_with_nan_a_dutch_error(data_dir: Path, monkeypatch):
    before = snapshot(data_dir)
    text = (FIXTURES / "cbs_85984NED_sample.json").read_text(encoding="utf-8")
    text = text.replace('"odata.nextLink"', '"x": NaN, "odata.nextLink"', 1)

    class Answer(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(cbs.urllib.request, "urlopen", lambda request, timeout: Answer(text.encode("utf-8")))
    with pytest.raises(cbs.CBSResponseError, match=r"geen leesbare JSON \(NaN is geen JSON-getal\)"):
        cbs.refresh_gemeenten(data_dir, retrieved=RETRIEVED)
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_is_a_figure_that_is_no_finite_number_a_dutch_error(data_dir: Path, value: float):
    before = snapshot(data_dir)
    for field in ("AantalInwoners_5", "InBezitWoningcorporatie_49"):
        pages = load_pages()
        pages[1]["value"][0][field] = value
        with pytest.raises(cbs.CBSResponseError, match="geen (eindig )?getal"):
            refresh(data_dir, FakeCBS(pages))
    assert snapshot(data_dir) == before
