"""The bod-ronde and an own figure entered in the app (woonzorg.leerkring.bodronde, .eigencijfer), without a browser."""

from __future__ import annotations

import shutil

import pytest

from woonzorg import paths
from woonzorg.data import load_dataset
from woonzorg.leerkring import bodinvoer, bodronde, eigencijfer


@pytest.fixture()
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", target)
    return target


def test_fair_shares_add_up_to_the_regions_need_for_every_key_and_group(data_dir):
    from woonzorg.analyse import woonzorganalyse

    dataset = load_dataset(data_dir)
    delen = bodinvoer.alle_eerlijke_delen(dataset, "parkstad")
    vraag = woonzorganalyse(dataset, "parkstad").vraag
    for sleutel, per_groep in delen.items():
        assert sum(per_groep[bodronde.ALLE].values()) == pytest.approx(vraag["vraag"].sum(), abs=0.05)
        for groep, shares in per_groep.items():
            if groep != bodronde.ALLE:
                assert sum(shares.values()) == pytest.approx(vraag.loc[vraag["groep"] == groep, "vraag"].sum(),
                                                             abs=0.05)


def test_the_latest_bid_is_the_latest_date_not_the_last_save(data_dir):
    codes = list(bodinvoer.eerlijke_delen(load_dataset(data_dir), "parkstad", "inwoners")["gemeentecode"])
    bodinvoer.save_bod("parkstad", {c: "20" for c in codes}, verdeelsleutel="inwoners", groep="tafel 1",
                      datum="2026-12-08", data_dir=data_dir)
    bodinvoer.save_bod("parkstad", {c: "1.000" for c in codes}, verdeelsleutel="inwoners", groep="tafel 2",
                      datum="2026-03-01", data_dir=data_dir)  # an older round, typed in later
    latest = bodronde.laatste_bod(bodronde.read_bod(data_dir), "parkstad")
    assert set(latest["bod"]) == {20.0} and len(latest) == len(codes)
    assert len(bodronde.read_bod(data_dir)) == 2 * len(codes)  # history kept


@pytest.mark.parametrize("value, message", [("", "vul een aantal"), ("-3", "vul een aantal"), ("12%", "vul een aantal"),
                                            ("veel", "geen getal")])
def test_a_bid_that_is_no_number_of_homes_is_refused_and_nothing_is_written(data_dir, value, message):
    codes = list(bodinvoer.eerlijke_delen(load_dataset(data_dir), "parkstad", "inwoners")["gemeentecode"])
    bids = {c: "10" for c in codes} | {codes[0]: value}
    with pytest.raises(bodronde.BodError, match=message):
        bodinvoer.save_bod("parkstad", bids, verdeelsleutel="inwoners", groep="leerkring", data_dir=data_dir)
    assert bodronde.read_bod(data_dir).empty


def test_an_own_figure_follows_the_data_requests_rules_and_names_the_field(data_dir):
    wanted = eigencijfer.gevraagd(load_dataset(data_dir), "parkstad").iloc[0]
    kwargs = dict(indicator=wanted.indicator, gebiedscode=wanted.gebiedscode, periode="2025-H1", data_dir=data_dir)
    with pytest.raises(eigencijfer.CijferError, match="^Bron: bron ontbreekt"):
        eigencijfer.save_eigen_cijfer("parkstad", waarde="37", bron="", **kwargs)
    with pytest.raises(eigencijfer.CijferError, match="^Waarde: "):
        eigencijfer.save_eigen_cijfer("parkstad", waarde="=1+1", bron="eigen registratie", **kwargs)
    with pytest.raises(eigencijfer.CijferError, match="^Gebied: 'GM0363' is geen gemeente"):
        eigencijfer.save_eigen_cijfer("parkstad", waarde="37", bron="eigen registratie",
                                      **(kwargs | {"gebiedscode": "GM0363"}))
    saved = eigencijfer.save_eigen_cijfer("parkstad", waarde="37", bron="eigen registratie", **kwargs)
    assert saved.nieuw == 1
    rows = load_dataset(data_dir)["waarnemingen"]
    row = rows[(rows["indicator"] == wanted.indicator) & (rows["gebiedscode"] == wanted.gebiedscode)
               & (rows["periode"] == "2025-H1")]
    assert len(row) == 1 and float(row["waarde"].iloc[0]) == 37 and row["bron"].iloc[0] == "eigen registratie"
    with pytest.raises(eigencijfer.CijferError, match="staat er al"):
        eigencijfer.save_eigen_cijfer("parkstad", waarde="37", bron="eigen registratie", **kwargs)
