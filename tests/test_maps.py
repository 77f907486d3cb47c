"""Maps of a region's municipalities: the TopoJSON decoder and the choropleth (woonzorg.present.maps)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from woonzorg import paths, regions
from woonzorg.data import load_dataset
from woonzorg.present import maps


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def svg_texts(chart) -> list[str]:
    """The live text of a chart's SVG (matplotlib writes each text as one <text> element)."""
    svg = chart.svg.decode("utf-8")
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.DOTALL)]


def test_does_the_decoder_undo_quantization_delta_encoding_and_reversed_arcs():
    # two squares sharing the arc 0 (x=1 from y=0 to y=1); the second uses it reversed (~0 = -1)
    topology = {
        "type": "Topology", "transform": {"scale": [0.5, 0.25], "translate": [3.0, 50.0]},
        "arcs": [[[2, 0], [0, 4]],                              # (1,0) -> (1,1) after quantization
                 [[2, 4], [-2, 0], [0, -4], [2, 0]],            # (1,1) -> (0,1) -> (0,0) -> (1,0)
                 [[2, 0], [2, 0], [0, 4], [-2, 0]]],            # (1,0) -> (2,0) -> (2,1) -> (1,1)
        "objects": {"g": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"statcode": "GM0001", "statnaam": "West"}},
            {"type": "MultiPolygon", "arcs": [[[2, -1]]], "properties": {"statcode": "GM0002", "statnaam": "Oost"}},
        ]}},
    }
    decoded = maps.decode_topojson(topology, "g")
    west = [(x - 3.0, y - 50.0) for x, y in decoded["GM0001"].polygons[0][0]]
    east = [(x - 3.0, y - 50.0) for x, y in decoded["GM0002"].polygons[0][0]]
    assert west == [(1, 0), (1, 1), (0, 1), (0, 0), (1, 0)]
    assert east == [(1, 0), (2, 0), (2, 1), (1, 1), (1, 0)]
    assert decoded["GM0002"].naam == "Oost"


def test_does_the_boundaries_file_hold_every_municipality_of_gemeenten_csv(dataset):
    shapes = maps.load_boundaries(paths.data_dir())
    assert len(shapes) == 342
    assert set(shapes) == set(dataset.gemeenten["gemeentecode"])
    names = dict(zip(dataset.gemeenten["gemeentecode"], dataset.gemeenten["gemeente"]))
    assert all(shape.naam == names[code] for code, shape in shapes.items())
    for shape in shapes.values():  # every ring closes and lies in the Netherlands
        for polygon in shape.polygons:
            for ring in polygon:
                assert ring[0] == pytest.approx(ring[-1], abs=1e-9)
                assert all(3.3 <= x <= 7.3 and 50.7 <= y <= 53.6 for x, y in ring)


def test_does_the_parkstad_map_name_exactly_its_municipalities_and_state_the_pattern(dataset):
    members = regions.region_municipalities(dataset, "parkstad")
    inwoners = members.set_index("gemeentecode")["inwoners"]
    chart = maps.regio_kaart(dataset, "parkstad", inwoners, "Inwoners per gemeente", "inwoners",
                             bron="CBS 85984NED")
    labels = set(svg_texts(chart))
    assert set(members["gemeente"]) <= labels
    others = set(dataset.gemeenten["gemeente"]) - set(members["gemeente"])
    assert not labels & others  # the rest of Limburg is context, not labelled
    assert "Hoogste inwoners: Heerlen (87.461); laagste: Simpelveld (10.255)" in chart.alt
    assert "Kaartgrenzen: CBS/PDOK, vereenvoudigd door cartomap/nl" in chart.bron
    # one filled shape per part of a municipality of the region (drawn with the ink edge colour)
    parts = sum(len(maps.load_boundaries(paths.data_dir())[c].polygons) for c in members["gemeentecode"])
    assert chart.svg.decode().count("stroke: #1a1a1a; stroke-width: 0.8") == parts


def test_does_a_newly_added_region_get_a_map_of_its_own_municipalities(data_copy):
    regions.add_region(data_copy, "twente-west", "Twente-West", ["GM0141", "GM0183", "GM1700"])
    dataset = load_dataset(data_copy)
    values = pd.Series({"GM0141": 0.31, "GM0183": 0.12})  # GM1700 unknown
    chart = maps.regio_kaart(dataset, "twente-west", values, "Druk per gemeente", "druk", bron="eigen berekening",
                             formatter=lambda v: f"{round(v * 100)}%")
    names = set(regions.region_municipalities(dataset, "twente-west")["gemeente"])
    labels = set(svg_texts(chart))
    assert names <= labels and not labels & (set(dataset.gemeenten["gemeente"]) - names)
    assert "onbekend" in labels and "rest van de provincie" in labels
    assert "Hoogste druk: Almelo (31%); laagste: Tubbergen (12%)" in chart.alt
    assert "Voor 1 gemeente is geen waarde bekend." in chart.alt


def test_without_the_boundaries_file_the_map_says_so_in_dutch(data_copy, dataset):
    (data_copy / maps.BOUNDARIES_FILE).unlink()
    with pytest.raises(maps.MapError, match="gemeentegrenzen-2024.topojson ontbreekt"):
        maps.regio_kaart(load_dataset(data_copy), "parkstad", pd.Series(dtype=float), "t", "x", bron="b")


def map_figures(page: str) -> list[tuple[str, str]]:
    """The (alt, SVG) of every map on a built page: a chart figure whose alt text starts with 'Kaart'."""
    import base64
    import html as htmllib

    found = []
    for data, alt in re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page):
        alt = htmllib.unescape(alt)
        if alt.startswith("Kaart"):
            found.append((alt, base64.b64decode(data).decode("utf-8")))
    return found


@pytest.mark.notebook
def test_do_the_built_guides_of_a_region_and_a_new_one_show_a_map_of_exactly_their_municipalities(
        tmp_path, data_copy, capsys, built_site):
    """parkstad as the session build has it; a new region built from a copy of the data."""
    from woonzorg import cli

    assert cli.main(["regio", "toevoegen", "twente-west", "--naam", "Twente-West",
                     "GM0141", "GM0183", "GM1700", "--data", str(data_copy)]) == 0
    out = tmp_path / "out"
    code = cli.main(["build", "--data", str(data_copy), "--regio", "twente-west",
                     "--thema", "regioprofiel", "--thema", "woonzorganalyse", "--out", str(out), "--workers", "1"])
    assert code == 0, capsys.readouterr().out
    dataset = load_dataset(data_copy)
    everyone = set(dataset.gemeenten["gemeente"])
    for regio, folder in (("parkstad", built_site), ("twente-west", out)):
        members = set(regions.region_municipalities(dataset, regio)["gemeente"])
        for thema, legenda in (("regioprofiel", "inwoners"), ("woonzorganalyse", "druk")):
            page = (folder / regio / f"{thema}.html").read_text(encoding="utf-8")
            [(alt, svg)] = map_figures(page)
            labels = {re.sub(r"<[^>]+>", "", t).strip()
                      for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.DOTALL)}
            assert labels & everyone == members, (regio, thema)
            assert alt.startswith(f"Kaart van {len(members)} gemeenten") and f"Hoogste {legenda}: " in alt
            named = {n for n in everyone if re.search(rf"\b{re.escape(n)}\b", alt)}
            assert named <= members, (regio, thema, named - members)


def test_do_map_classes_never_share_a_value_and_break_at_the_plafond():
    """Issue 32: a legend showed 12,375 in two classes, and a top class "16% – 88%" lumped a municipality
    just over the plafond with Den Haag."""
    values = [0.02, 0.05, 0.09, 0.12375, 0.12375, 0.14, 0.16, 0.17, 0.88]
    groups = maps.map_classes(values, 5)
    assert sorted(v for g in groups for v in g) == sorted(values)
    assert all(a[-1] < b[0] for a, b in zip(groups, groups[1:]))  # disjoint and ordered
    assert len(groups) <= 5
    with_plafond = maps.map_classes(values, 5, breaks=(0.15,))
    assert len(with_plafond) <= 5
    assert any(g[-1] <= 0.15 < h[0] for g, h in zip(with_plafond, with_plafond[1:]))  # an edge at the plafond
    assert maps.map_classes([3.0, 3.0, 7.0], 5) == [[3.0, 3.0], [7.0]]


def test_does_each_map_area_carry_its_name_and_value_and_the_legend_the_plafond(dataset):
    members = regions.region_municipalities(dataset, "parkstad")
    druk = pd.Series([0.05 + 0.03 * k for k in range(len(members))], index=list(members["gemeentecode"]))
    chart = maps.regio_kaart(dataset, "parkstad", druk, "Druk per gemeente", "druk", bron="test",
                             formatter=lambda v: f"{round(v * 100)}%", plafond=0.15)
    svg = chart.svg.decode("utf-8")
    titles = re.findall(r'<g id="gebied-(GM\d+)-\d+"><title>([^<]*)</title>', svg)
    names = dict(zip(members["gemeentecode"], members["gemeente"]))
    assert {code for code, _ in titles} == set(names)
    for code, title in titles:
        assert title == f"{names[code]}: {round(druk[code] * 100)}%"
    legend = [t for t in svg_texts(chart) if "%" in t and ":" not in t]
    assert any(t.endswith("(boven plafond)") for t in legend)
    below = [t for t in legend if not t.endswith("(boven plafond)")]
    assert below and all(int(t.split("%")[-2].split()[-1]) <= 15 for t in below)
