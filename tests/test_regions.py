"""The manifest of regions: the six koploper regions and adding a region as data."""

from __future__ import annotations

import pytest

from woonzorg import data, regions

KOPLOPERS = {"enschede": 8, "groningen": 10, "parkstad": 7, "arnhem-nijmegen": 17, "haaglanden": 9, "mra": 30}


@pytest.fixture(scope="module")
def dataset():
    return data.load_dataset()


def test_the_six_koploper_regions_have_their_81_municipalities(dataset):
    found = {r.id: len(r.gemeentecodes) for r in regions.load_regions(dataset).values()}
    assert found == KOPLOPERS
    assert sum(found.values()) == 81


def test_every_municipality_is_in_exactly_one_region_and_has_a_valid_code(dataset):
    codes = [c for r in regions.load_regions(dataset).values() for c in r.gemeentecodes]
    assert len(codes) == len(set(codes)) == 81
    assert all(data.GM_CODE.match(c) for c in codes)
    assert set(codes) <= set(dataset.gemeenten["gemeentecode"])


def test_region_inhabitants_are_the_sum_of_their_municipalities(dataset):
    summary = regions.summary(dataset).set_index("regio")
    g = dataset.gemeenten.set_index("gemeentecode")
    for region in regions.load_regions(dataset).values():
        assert summary.loc[region.id, "inwoners"] == g.loc[list(region.gemeentecodes), "inwoners"].sum()
    # Parkstad, checked by hand against CBS 85984NED (1 Jan 2024)
    assert summary.loc["parkstad", "inwoners"] == 256180


def test_unknown_region_names_the_known_ones(dataset):
    with pytest.raises(regions.UnknownRegion) as info:
        regions.get_region(dataset, "atlantis")
    assert "onbekende regio 'atlantis'" in str(info.value)
    assert "parkstad" in str(info.value)


def test_adding_a_region_appends_it_and_keeps_the_others(data_copy):
    before = (data_copy / "regio-indeling.csv").read_text(encoding="utf-8")
    region = regions.add_region(data_copy, "twente-west", "Twente-West", ["GM0141", "gm0183"],
                                centrumgemeenten=["GM0141"])
    assert region.gemeentecodes == ("GM0141", "GM0183")
    after = (data_copy / "regio-indeling.csv").read_text(encoding="utf-8")
    assert after.startswith(before)
    loaded = regions.load_regions(data.load_dataset(data_copy))
    assert loaded["twente-west"].centrumgemeenten == ("GM0141",)
    assert len(loaded) == 7


@pytest.mark.parametrize(
    ("regio", "codes", "message"),
    [
        ("parkstad", ["GM0141"], "bestaat al"),
        ("Twente West", ["GM0141"], "geen geldige regio-id"),
        ("twente-west", ["GM0153"], "hoort al bij regio enschede"),
        ("twente-west", ["GM9999"], "geen bekende gemeente"),
        ("twente-west", ["GM14"], "geen gemeentecode"),
        ("twente-west", ["GM0141", "GM0141"], "twee keer"),
    ],
)
def test_adding_a_bad_region_is_refused_and_changes_nothing(data_copy, regio, codes, message):
    before = (data_copy / "regio-indeling.csv").read_bytes()
    with pytest.raises(regions.RegionDefinitionError, match=message):
        regions.add_region(data_copy, regio, "Naam", codes)
    assert (data_copy / "regio-indeling.csv").read_bytes() == before


def test_adding_a_region_to_a_semicolon_file_keeps_its_separator(data_copy):
    path = data_copy / "regio-indeling.csv"
    text = path.read_text(encoding="utf-8")
    import csv
    import io
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    regions.add_region(data_copy, "twente-west", "Twente, West", ["GM0141"], bron="eigen indeling, 2026")
    assert path.read_text(encoding="utf-8").splitlines()[-1] == 'twente-west;Twente, West;GM0141;nee;eigen indeling, 2026'
    assert "twente-west" in regions.load_regions(data.load_dataset(data_copy))


def test_national_totals_equal_the_sum_of_all_municipalities(dataset):
    """The analysis reads national totals from landelijke-cijfers.csv; they must agree with gemeenten.csv."""
    lc = dataset["landelijke-cijfers"]
    for indicator in ("inwoners", "huishoudens"):
        row = lc[(lc["indicator"] == indicator) & (lc["peildatum"] == "2024-01-01")]
        assert int(row["waarde"].iloc[0]) == int(dataset.gemeenten[indicator].sum())
