"""Maps of a region's municipalities: a choropleth in the house style, from the CBS boundaries in ``data/``.

The boundaries are ``data/gemeentegrenzen-2024.topojson`` (CBS/PDOK, simplified by cartomap/nl; see
``data/README.md`` for source, credit line and licence). TopoJSON stores each shared border once as
an *arc* of quantized, delta-encoded points; :func:`decode_topojson` turns it into polygons of
longitude/latitude (the format is small enough that a library would add more than it saves).

:func:`regio_kaart` draws the region's municipalities coloured by a value, the rest of the
province faintly for context, with the names on the map, and returns a
:class:`~woonzorg.present.charts.Chart` (SVG with live text, alt text stating the pattern, source).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from xml.sax.saxutils import escape as xml_escape
from typing import TYPE_CHECKING

from woonzorg import dutch, regions
from woonzorg.names import page_href
from woonzorg.present.canvas import new_figure
from woonzorg.present.charts import CHART_WIDTH, INK, Chart, house_style

if TYPE_CHECKING:
    import pandas as pd

    from woonzorg.data import Dataset

BOUNDARIES_FILE = "gemeentegrenzen-2024.topojson"
BOUNDARIES_OBJECT = "gemeente_2024"
CREDIT = "Kaartgrenzen: CBS/PDOK, vereenvoudigd door cartomap/nl"
# sequential, colour-blind safe and readable in greyscale (light = low, dark = high); ColorBrewer "Blues"
SEQUENTIAL = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
CONTEXT_FILL, CONTEXT_EDGE = "#f0f0f0", "#c8c8c8"
MISSING_FILL = "#ffffff"


class MapError(ValueError):
    """The boundaries file is missing or does not hold the municipalities asked for; message in Dutch."""


Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Municipality:
    code: str  # CBS code, "GM0917"
    naam: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring, then holes; (lon, lat)


def _decode_arcs(topology: dict) -> list[Ring]:
    """Absolute coordinates of every arc: undo the delta encoding, then the quantization."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    """Join arcs into one ring; a negative index ~i means arc i reversed; shared end points once."""
    points: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def decode_topojson(topology: dict, name: str = BOUNDARIES_OBJECT) -> dict[str, Municipality]:
    """The municipalities of a TopoJSON ``Topology`` by CBS code (property ``statcode``)."""
    if topology.get("type") != "Topology" or name not in topology.get("objects", {}):
        raise MapError(f"het kaartbestand is geen TopoJSON met het object '{name}'")
    arcs = _decode_arcs(topology)
    found: dict[str, Municipality] = {}
    for geometry in topology["objects"][name]["geometries"]:
        properties = geometry.get("properties", {})
        code = str(properties.get("statcode") or geometry.get("id"))
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        found[code] = Municipality(code, str(properties.get("statnaam", code)), tuple(
            tuple(_ring(ring, arcs) for ring in polygon) for polygon in polygons))
    return found


@functools.lru_cache(maxsize=4)
def _boundaries(path: Path, _stamp: float) -> dict[str, Municipality]:
    return decode_topojson(json.loads(path.read_text(encoding="utf-8")))


def load_boundaries(data_dir: Path) -> Mapping[str, Municipality]:
    """The municipality boundaries of a data folder (read once per process while the file is unchanged;
    read-only, as every caller shares them)."""
    path = Path(data_dir) / BOUNDARIES_FILE
    if not path.exists():
        raise MapError(f"{path.name} ontbreekt in {path.parent}: zonder kaartgrenzen geen kaart "
                       "(zie data/README.md, 'Kaartgrenzen')")
    return MappingProxyType(_boundaries(path, path.stat().st_mtime))


def _edges(values: list[float], classes: int, breaks: tuple[float, ...] = ()) -> list[float]:
    """Upper class edges (a class holds the values above the edge before it up to and including its own):
    quantiles of the distinct values, plus ``breaks`` (a policy ceiling) inside the values' range."""
    distinct = sorted(set(values))
    inside = [b for b in breaks if distinct[0] <= b < distinct[-1]]
    quantiles = classes - len(inside)
    if len(distinct) <= classes and not inside:
        edges = distinct[:-1]
    else:
        edges = [distinct[round(k * (len(distinct) - 1) / quantiles)] for k in range(1, quantiles)]
    return sorted({*edges, *inside} - {distinct[-1]})


def _class_of(value: float, edges: list[float]) -> int:
    return sum(value > e for e in edges)


def map_classes(values: list[float], classes: int, breaks: tuple[float, ...] = ()) -> list[list[float]]:
    """The values grouped in at most ``classes`` classes, low to high, none empty and none overlapping:
    by quantile of the distinct values, a class edge at each of ``breaks`` (a value equal to a break
    falls in the class below it)."""
    edges = _edges(values, classes, breaks)
    grouped: list[list[float]] = [[] for _ in range(len(edges) + 1)]
    for value in values:
        grouped[_class_of(value, edges)].append(value)
    return [sorted(group) for group in grouped if group]


def _centroid(ring: Ring) -> tuple[float, float]:
    """The area centroid of a ring (shoelace formula); the mean of its points for a degenerate one."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    return cx / (3 * area), cy / (3 * area)


def _projection(lat: float) -> Callable[[float, float], tuple[float, float]]:
    """Equirectangular at the region's latitude: true shapes at this scale (a province)."""
    factor = math.cos(math.radians(lat))
    return lambda lon, la: (lon * factor, la)


def regio_kaart(
    dataset: Dataset,
    regio: str,
    waarden: pd.Series,
    titel: str,
    legenda: str,
    *,
    bron: str,
    formatter: Callable[[float], str] = lambda v: dutch.number(v),
    klassen: int = 5,
    plafond: float | None = None,
) -> Chart:
    """A choropleth of the region's municipalities, coloured by ``waarden`` (indexed by gemeentecode).

    ``legenda`` names the quantity ("inwoners", "druk"); ``bron`` is the figures' source (the map's
    boundaries are credited after it). Municipalities without a value are white and say so in the
    legend. The rest of the region's province (or provinces) is drawn faintly for context. With a
    ``plafond`` (a policy ceiling) one class edge lies at it, so no class holds values on both sides
    of it, and the classes above it say so. Each area's SVG ``<title>`` names the municipality and value;
    under the map each municipality links to its page (:func:`woonzorg.names.page_href`).
    """
    import pandas as pd
    from matplotlib.patches import Patch, Polygon

    members = regions.region_municipalities(dataset, regio)
    codes = list(members["gemeentecode"])
    names = dict(zip(members["gemeentecode"], members["gemeente"]))
    shapes = load_boundaries(dataset.root)
    missing = [c for c in codes if c not in shapes]
    if missing:
        raise MapError(f"{BOUNDARIES_FILE} kent {', '.join(missing)} niet; de kaart van {regio} kan niet getekend worden")
    provinces = set(members["provincie"]) if "provincie" in members else set()
    gemeenten = dataset.gemeenten
    context = [c for c in gemeenten.loc[gemeenten["provincie"].isin(provinces), "gemeentecode"]
               if c not in set(codes) and c in shapes]

    values = pd.to_numeric(pd.Series(waarden), errors="coerce").reindex(codes)
    known = [float(v) for v in values.dropna()]
    breaks = (float(plafond),) if plafond is not None else ()
    groups = map_classes(known, klassen, breaks) if known else []
    n_classes = len(groups)
    colours = [SEQUENTIAL[round(k * (len(SEQUENTIAL) - 1) / (n_classes - 1))] if n_classes > 1 else SEQUENTIAL[2]
               for k in range(n_classes)]
    class_of = {v: k for k, group in enumerate(groups) for v in group}

    region_points = [p for c in codes for poly in shapes[c].polygons for p in poly[0]]
    mid_lat = (min(p[1] for p in region_points) + max(p[1] for p in region_points)) / 2
    project = _projection(mid_lat)
    xs = [project(*p)[0] for p in region_points]
    ys = [p[1] for p in region_points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    pad = 0.08 * max(width, height)

    with house_style():
        aspect = (height + 2 * pad) / (width + 2 * pad)
        # as wide as every chart (CHART_WIDTH): the names stay readable when a phone scales it to its column
        fig = new_figure((CHART_WIDTH, min(7.5, max(3.8, CHART_WIDTH * aspect * 0.82 + 1.4))))
        ax = fig.subplots()
        ax.set_aspect("equal")
        ax.axis("off")
        ax.grid(False)
        # add_artist, not add_patch: the limits are set from the region below, so growing the data
        # limits by every polygon's vertices (a fifth of the map's time) would be thrown away
        for code in context:
            for polygon in shapes[code].polygons:
                ax.add_artist(Polygon([project(*p) for p in polygon[0]], closed=True, facecolor=CONTEXT_FILL,
                                     edgecolor=CONTEXT_EDGE, linewidth=0.4, zorder=1))
        for code in codes:
            value = values.get(code)
            fill = MISSING_FILL if value is None or pd.isna(value) else \
                colours[class_of[float(value)]]
            for k, polygon in enumerate(shapes[code].polygons):
                area = Polygon([project(*p) for p in polygon[0]], closed=True, facecolor=fill,
                               edgecolor=INK, linewidth=0.8, zorder=2)
                area.set_gid(f"gebied-{code}-{k}")  # its <title> is added to the SVG below
                ax.add_artist(area)
        for code in codes:  # names on the largest part of each municipality, on a light box for contrast
            # (a path-effect halo would turn the name into outlines: no live text)
            cx, cy = _centroid([project(*p) for p in max(shapes[code].polygons, key=lambda poly: len(poly[0]))[0]])
            ax.text(cx, cy, names[code], ha="center", va="center", fontsize=10 if len(codes) <= 12 else 8,
                    color=INK, zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
        ax.set_title(titel)

        handles = []
        if known:
            # each class by the lowest and highest value in it: classes never share a value
            labels = [formatter(g[0]) if formatter(g[0]) == formatter(g[-1]) else f"{formatter(g[0])} – {formatter(g[-1])}"
                      for g in groups]
            if plafond is not None:
                labels = [label + (" (boven plafond)" if g[0] > plafond else "") for label, g in zip(labels, groups)]
            handles = [Patch(facecolor=c, edgecolor=INK, linewidth=0.5, label=label) for c, label in zip(colours, labels)]
        if values.isna().any():
            handles.append(Patch(facecolor=MISSING_FILL, edgecolor=INK, linewidth=0.5, label="onbekend"))
        if context:
            handles.append(Patch(facecolor=CONTEXT_FILL, edgecolor=CONTEXT_EDGE, label="rest van de provincie"))
        # below the map, never on it
        ax.legend(handles=handles, title=legenda, loc="upper center", bbox_to_anchor=(0.5, -0.02),
                  ncol=2 if len(handles) > 3 else len(handles) or 1, frameon=False, fontsize=9, title_fontsize=9)
        alt = kaart_alt(titel, legenda, values.dropna(), names, formatter)
        chart = Chart.from_figure(fig, alt=alt, bron=f"{bron}. {CREDIT}", title=titel, kind="Kaart")
    titles = {code: f"{names[code]}: " + ("onbekend" if pd.isna(values.get(code)) else formatter(float(values[code])))
              for code in codes}
    chart.svg = area_titles(chart.svg, titles)
    # under the map each municipality with its value, linked to its page: what hovering an area shows,
    # for every reader (an image's SVG titles reach no screen reader)
    chart.links = [(titles[code], page_href(names[code])) for code in sorted(codes, key=lambda c: names[c].lower())]
    return chart


_AREA_GROUP = re.compile(rb'(<g id="gebied-(GM\d+)-\d+">)')


def area_titles(svg: bytes, titles: Mapping[str, str]) -> bytes:
    """Each municipality's area in a map's SVG with a ``<title>``: its name and value (a tooltip, and
    what a screen reader names when the SVG is read on its own)."""
    def titled(found: re.Match) -> bytes:
        text = titles.get(found.group(2).decode("ascii"))
        return found.group(1) + (b"<title>" + xml_escape(text).encode("utf-8") + b"</title>" if text else b"")

    return _AREA_GROUP.sub(titled, svg)


def kaart_alt(titel: str, legenda: str, values: pd.Series, names: dict[str, str],
              formatter: Callable[[float], str]) -> str:
    """Alt text that states the pattern: highest and lowest municipality, and how many are shown."""
    if values.empty:
        return f"Kaart: {titel}. Voor geen van de {len(names)} gemeenten is een waarde bekend."
    top, bottom = values.idxmax(), values.idxmin()
    text = (f"Kaart van {dutch.count_noun(len(names), 'gemeente', 'gemeenten')}: {titel}. "
            f"Hoogste {legenda}: {names[top]} ({formatter(float(values[top]))}); "
            f"laagste: {names[bottom]} ({formatter(float(values[bottom]))}).")
    unknown = len(names) - len(values)
    if unknown:
        text += f" Voor {dutch.count_noun(unknown, 'gemeente', 'gemeenten')} is geen waarde bekend."
    return text
