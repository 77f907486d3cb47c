"""Group zelfscan rounds (woonzorg.leerkring.groepsscan) and the room's address and join link, without a browser."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from woonzorg import paths
from woonzorg.data import DataValidationError, load_dataset
from woonzorg.leerkring import app, groepsscan, server, sessie_html


@pytest.fixture()
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", target)
    return target


def _full(score_of, data_dir):
    return {s: score_of(i) for i, s in enumerate(groepsscan.stellingen(data_dir)["stelling"])}


def test_a_round_holds_each_participants_last_submission_and_the_file_keeps_the_history(data_dir):
    ronde = groepsscan.open_ronde("parkstad", "Start", "2026-12-08", data_dir)
    groepsscan.save_scan(ronde, "tafel 1", "gemeente", _full(lambda i: 1, data_dir), data_dir)
    groepsscan.save_scan(ronde, "tafel 2", "zorg", _full(lambda i: 4, data_dir), data_dir)
    groepsscan.save_scan(ronde, "tafel 1", "corporatie", _full(lambda i: 2, data_dir), data_dir)  # corrected
    scores = groepsscan.read_scores(data_dir)
    assert len(scores) == 3 * 21  # nothing overwritten
    answers = groepsscan.antwoorden_van(scores, ronde)
    assert sorted(answers["deelnemer"].unique()) == ["tafel 1", "tafel 2"]
    assert set(answers.loc[answers["deelnemer"] == "tafel 1", "score"]) == {2}
    assert set(answers.loc[answers["deelnemer"] == "tafel 1", "organisatietype"]) == {"corporatie"}
    table = groepsscan.per_stelling(answers, groepsscan.stellingen(data_dir))
    assert (table["n"] == 2).all() and (table["mediaan"] == 3.0).all()
    assert table["verdeling"][0] == {1: 0, 2: 1, 3: 0, 4: 1}


@pytest.mark.parametrize("change, message", [
    (lambda scores: scores.pop("eig-1"), "nog open: 1 van 21"),
    (lambda scores: scores.update({"eig-1": 5}), "buiten de schaal 1–4"),
    (lambda scores: scores.update({"eig-1": "veel"}), "geen geldige score"),
])
def test_an_incomplete_or_wrong_zelfscan_is_refused_and_nothing_is_written(data_dir, change, message):
    ronde = groepsscan.open_ronde("parkstad", "Start", "2026-12-08", data_dir)
    scores = _full(lambda i: 3, data_dir)
    change(scores)
    with pytest.raises(groepsscan.ScanError, match=message):
        groepsscan.save_scan(ronde, "tafel 1", "gemeente", scores, data_dir)
    with pytest.raises(groepsscan.ScanError, match="soort organisatie"):
        groepsscan.save_scan(ronde, "tafel 1", "ministerie", _full(lambda i: 3, data_dir), data_dir)
    assert groepsscan.read_scores(data_dir).empty


def test_answers_to_a_round_that_was_never_opened_are_refused_with_file_regel_and_kolom(data_dir):
    groepsscan.open_ronde("parkstad", "Start", "2026-12-08", data_dir)
    stray = groepsscan.Ronde("parkstad", "2026-12-09", "Nooit geopend")
    with pytest.raises(DataValidationError) as refused:
        groepsscan.save_scan(stray, "tafel 1", "gemeente", _full(lambda i: 3, data_dir), data_dir)
    text = str(refused.value)
    assert "leerkring-zelfscanscores.csv" in text and "regel 2" in text and "titel" in text


def test_rounds_are_ordered_by_date_never_by_save_order(data_dir):
    groepsscan.open_ronde("parkstad", "Later", "2026-12-08", data_dir)
    groepsscan.open_ronde("parkstad", "Eerder", "2026-03-01", data_dir)
    rondes = groepsscan.read_rondes(data_dir)
    assert [r.titel for r in groepsscan.rondes_van(rondes, "parkstad")] == ["Eerder", "Later"]
    assert groepsscan.huidige_ronde(rondes, "parkstad").titel == "Eerder"  # the one opened last is answered now


def test_spread_and_median_and_the_order_by_disagreement(data_dir):
    ronde = groepsscan.open_ronde("parkstad", "Start", "2026-12-08", data_dir)
    for n, values in enumerate(([1, 3, 3], [4, 3, 3], [2, 3, 3], [4, 3, 2])):
        groepsscan.save_scan(ronde, f"t{n}", "gemeente",
                             _full(lambda i: values[i] if i < 3 else 3, data_dir), data_dir)
    table = groepsscan.per_stelling(groepsscan.antwoorden_van(groepsscan.read_scores(data_dir), ronde),
                                    groepsscan.stellingen(data_dir))
    first = table.iloc[0]
    assert first["stelling"] == "eig-1"  # scores 1, 4, 2, 4: the most disagreement
    assert first["mediaan"] == np.median([1, 4, 2, 4]) == 3.0
    assert first["spreiding"] == pytest.approx(np.percentile([1, 4, 2, 4], 75) - np.percentile([1, 4, 2, 4], 25))
    assert table.iloc[-1]["spreiding"] == 0


def test_no_organisation_type_under_the_threshold_is_shown_alone(data_dir):
    stellingen = groepsscan.stellingen(data_dir)
    ronde = groepsscan.open_ronde("parkstad", "Start", "2026-12-08", data_dir)
    for n in range(12):
        groepsscan.save_scan(ronde, f"g{n}", "gemeente", _full(lambda i: 3, data_dir), data_dir)
    for n in range(3):
        groepsscan.save_scan(ronde, f"c{n}", "corporatie", _full(lambda i: 1, data_dir), data_dir)
    answers = groepsscan.antwoorden_van(groepsscan.read_scores(data_dir), ronde)
    # 12 gemeenten and 3 corporaties: the 3 would be given away by the whole round less the gemeenten
    assert set(groepsscan.per_dimensie(answers, stellingen, 10)["groep"]) == {"Alle deelnemers"}
    for n in range(7):
        groepsscan.save_scan(ronde, f"z{n}", "zorg", _full(lambda i: 2, data_dir), data_dir)
    answers = groepsscan.antwoorden_van(groepsscan.read_scores(data_dir), ronde)
    table = groepsscan.per_dimensie(answers, stellingen, 10)
    assert set(table["groep"]) == {"Alle deelnemers", "Gemeente", "Overige organisaties"}
    assert set(table.loc[table["groep"] == "Overige organisaties", "n"]) == {10}
    guide = sessie_html(load_dataset(data_dir), "parkstad", groepsscan.zelfscan_thema()).markup
    assert "Start (8 december 2026): 22 deelnemers" in guide and "Woningcorporatie" not in guide and "g1" not in guide
    assert sessie_html(load_dataset(data_dir), "parkstad", "woonzorganalyse").markup == ""


def test_the_join_link_carries_the_token_and_names_a_reachable_address():
    assert server.join_link("127.0.0.1", 8866, "abc") == "http://127.0.0.1:8866/leerkring/?token=abc"
    everywhere = server.join_link("0.0.0.0", 8866, "abc")
    assert "0.0.0.0" not in everywhere and everywhere.endswith(":8866/leerkring/?token=abc")
    code = server.qr_code("http://127.0.0.1:8866/leerkring/?token=abc")
    assert "<svg" in code.svg_inline() and code.designator  # segno made a real symbol


@pytest.mark.parametrize("adres", ["overal", "999.1.1.1", "laptop.local"])
def test_an_address_that_is_no_ip_address_is_refused_in_dutch(adres):
    with pytest.raises(app.AppError, match="geen IP-adres"):
        app.check_address(adres)


def test_the_culler_shuts_down_kernels_without_a_page():
    arguments = server.cull_arguments(60)
    assert "--MappingKernelManager.cull_idle_timeout=60" in arguments
    assert "--MappingKernelManager.cull_connected=False" in arguments
    assert "--MappingKernelManager.cull_interval=30" in arguments


def test_a_malformed_post_gets_a_dutch_400_and_saves_nothing(tmp_path):
    """The room's handlers in a tornado test server: a body that is no JSON object is refused in Dutch."""
    import asyncio
    import json

    import tornado.httpclient
    import tornado.httpserver
    import tornado.netutil
    import tornado.web

    data_dir = tmp_path / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", data_dir)
    kamer = server.Kamer(regio="parkstad", naam="Parkstad", data_dir=data_dir, werkboeken=[])

    class Open(server.ZelfscanHandler):  # no token in this test: the identity check is jupyter-server's own
        def get_current_user(self):
            return "deelnemer"

        def prepare(self):
            return None

        def check_xsrf_cookie(self):
            return None

    async def run():
        application = tornado.web.Application([("/z", Open, {"kamer": kamer})])
        listening = tornado.httpserver.HTTPServer(application)
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        listening.add_sockets(sockets)
        port = sockets[0].getsockname()[1]
        try:
            client = tornado.httpclient.AsyncHTTPClient()
            return await client.fetch(f"http://127.0.0.1:{port}/z", method="POST", body="[1, 2]",
                                      raise_error=False)
        finally:
            listening.stop()

    response = asyncio.run(run())
    assert response.code == 400
    assert "formulier kwam niet goed aan" in json.loads(response.body)["fout"]
    assert groepsscan.read_scores(data_dir).empty
