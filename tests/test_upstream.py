"""The upstream internals that woonzorg.publish.upstream relies on: an upstream release that changes one fails here."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from woonzorg.publish import upstream


def test_does_a_process_pool_still_list_its_workers():
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(abs, -3).result() == 3
        [process] = upstream.pool_processes(pool)
        assert process.pid > 0 and process.is_alive()


def _notebook_for_export():
    """A notebook with what the soup pass and the filters export_without_soup registers act on: Markdown, an
    HTML output with an image without alt text, a PNG, code, widget views with and without the notebook's
    widget state (nbconvert's widget filter shows the second as text)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    view = {"model_id": "m1", "version_major": 2, "version_minor": 0}
    state = {"state": {"m1": {"model_name": "IntSliderModel", "model_module": "@jupyter-widgets/controls",
                              "model_module_version": "2.0.0", "state": {"value": 3}}},
             "version_major": 2, "version_minor": 0}
    return new_notebook(
        cells=[new_markdown_cell("# Titel\n\n## Kop\n\nTekst met ![plaatje](data:,)."),
               new_code_cell("x = 1", outputs=[
                   new_output("display_data", data={"text/html": '<p>Logo</p><img src="data:,">', "text/plain": "x"}),
                   new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
                   new_output("display_data", data={"application/vnd.jupyter.widget-view+json": view, "text/plain": "w"}),
                   new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {**view, "model_id": "m2"},
                                                    "text/plain": "WIDGET ZONDER STAAT"})])],
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"},
                  "widgets": {"application/vnd.jupyter.widget-state+json": state}})


def _same_uuids(page: str) -> str:
    import re

    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "uuid", page)


@pytest.mark.parametrize("house", [False, True], ids=["lab", "woonzorg"])
def test_is_the_soup_free_export_nbconverts_own_but_for_the_soup_passs_two_changes(house):
    """``export_without_soup`` repeats ``HTMLExporter.from_notebook_node`` up to its BeautifulSoup pass: the stock
    page must equal ours after that pass's two documented changes (an English alt text for images without one,
    ``tabindex`` on JupyterLab's wrapper divs), with the same exporter and template."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from woonzorg.publish import export

    def exporter():  # one each: what the first export registers on its exporter must not help the second
        return export.html_exporter() if house else HTMLExporter()

    resources = {"wz_thema": "proef", "wz_bijlagen_naam": "proef-bijlagen.html"}
    nb = _notebook_for_export()
    stock, _ = HTMLExporter.from_notebook_node(exporter(), nb, dict(resources))
    ours, _ = upstream.export_without_soup(exporter(), nb, dict(resources))
    soup = BeautifulSoup(ours, features="html.parser")
    changed = 0
    for elem in soup.select("img:not([alt])"):
        elem.attrs["alt"] = "No description has been provided for this image"
        changed += 1
    for elem in soup.select(".jp-Notebook div.jp-Cell-inputWrapper, .jp-Notebook div.jp-OutputArea-output"):
        elem.attrs["tabindex"] = "0"
        changed += 1
    # a widget view's element is named by a fresh uuid4 in each export
    assert _same_uuids(str(soup)) == _same_uuids(str(BeautifulSoup(stock, features="html.parser")))
    # the lab template gives the soup pass work to do; the house page leaves it none
    assert (changed > 3) if not house else (changed == 0 and "<img" in ours and "jp-Cell" not in ours)
    assert "WIDGET ZONDER STAAT" in ours


def test_does_papermill_still_write_the_executed_notebook_through_write_ipynb(tmp_path, monkeypatch):
    import nbformat
    from papermill import execute

    upstream.skip_discarded_notebook_write()
    serialised = []
    real_writes = nbformat.writes
    monkeypatch.setattr(nbformat, "writes", lambda nb, *a, **kw: serialised.append(nb) or real_writes(nb, *a, **kw))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titel")])
    execute.write_ipynb(nb, None)  # written nowhere: not serialised either
    assert serialised == []
    execute.write_ipynb(nb, str(tmp_path / "uit.ipynb"))
    assert serialised == [nb] and nbformat.read(tmp_path / "uit.ipynb", as_version=4).cells[0].source == "# Titel"


@pytest.mark.notebook
def test_does_papermill_return_the_executed_notebook_without_serialising_it_when_given_no_path(tmp_path, monkeypatch):
    """The behaviour skip_discarded_notebook_write relies on: papermill hands the executed notebook to
    ``write_ipynb`` once, with the path None, and returns it (the test above: then it is not serialised)."""
    import nbformat
    import papermill
    from papermill import execute

    upstream.skip_discarded_notebook_write()
    written = []
    skipping = execute.write_ipynb
    monkeypatch.setattr(execute, "write_ipynb", lambda nb, path: written.append(path) or skipping(nb, path))
    source = tmp_path / "in.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titel")]), source)
    nb = papermill.execute_notebook(str(source), None, progress_bar=False, prepare_only=True)
    assert nb.cells[0].source == "# Titel" and written == [None]


def _chart_for_comparison(canvas_class):
    """A chart with what charts have: several fonts and sizes, a two-line label, math text, a legend below."""
    from matplotlib.figure import Figure

    from woonzorg.present import canvas, charts

    with charts.house_style():
        fig = Figure(figsize=(6, 3))
        canvas_class(fig)
        ax = fig.subplots()
        ax.barh(["Eén", "Twee\nregels", "Drie"], [3000, 1200, 2500], label="personen")
        ax.set_title("Een titel die lang genoeg is om te vallen", loc="left", fontsize=11, fontweight="bold")
        ax.set_xlabel("personen (× 1.000)")
        ax.text(0.6, 0.5, r"$\alpha \approx 0{,}5$ en tekst", transform=ax.transAxes, fontsize=8)
        canvas.legend_below(ax)
        fig.tight_layout()
    return fig


def _svg(fig, fonttype: str, **savefig) -> bytes:
    import io

    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "pin"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, **savefig)
    return buffer.getvalue()


@pytest.mark.parametrize("fonttype", ["none", "path"])
@pytest.mark.parametrize("tight", [False, True])
def test_charts_measured_once_per_process_come_out_as_matplotlib_draws_them(fonttype, tight):
    """The chart canvas answers matplotlib's private ``_get_font_height_metrics`` hook and writes SVG
    with a renderer that remembers text sizes (upstream.font_height_metrics, upstream.print_svg): the
    layout and the SVG must be matplotlib's own, byte for byte."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from woonzorg.present import canvas

    savefig = {"bbox_inches": "tight", "pad_inches": 0.1} if tight else {}
    for _ in range(2):  # the second time from what the first remembered
        ours = _chart_for_comparison(canvas._measuring_canvas())
        stock = _chart_for_comparison(FigureCanvasAgg)
        assert vars(ours.subplotpars) == vars(stock.subplotpars)  # laid out with the same font heights
        drawn = _svg(ours, fonttype, **savefig)
        assert drawn == _svg(stock, fonttype, backend="svg", **savefig)
        assert b"<svg" in drawn and b"Twee" in drawn  # as text, or as a comment beside its paths


def test_remembered_text_sizes_follow_the_font_that_the_settings_choose():
    """The same font properties mean another font when rcParams name other fonts: what is remembered
    is keyed by the font files matplotlib finds, so it never answers for the font used before."""
    import matplotlib
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="sans-serif", size=10)
    found = {}
    for font in ("DejaVu Sans", "DejaVu Serif", "DejaVu Sans"):
        with matplotlib.rc_context({"font.sans-serif": [font]}):
            size = upstream.svg_text_size("Woonzorganalyse", prop, False)
            assert size == TextToPath().get_text_width_height_descent("Woonzorganalyse", prop, False)
            found.setdefault(font, set()).add((size, upstream.font_height_metrics(prop, 100)))
    assert len(found["DejaVu Sans"]) == 1 and found["DejaVu Sans"] != found["DejaVu Serif"]


def _marker_state(marker) -> tuple:
    def path(p):
        return None if p is None else (p.vertices.tolist(), None if p.codes is None else p.codes.tolist())

    def matrix(t):
        return None if t is None else t.get_matrix().tolist()

    return (marker.get_marker(), marker.get_fillstyle(), marker.is_filled(), marker.get_joinstyle(),
            marker.get_capstyle(), path(marker.get_path()), matrix(marker.get_transform()),
            path(marker._alt_path), matrix(marker._alt_transform), bool(marker))


def test_a_marker_copied_cheaply_is_the_deep_copy_of_every_named_kind():
    """``MarkerStyle(other)`` builds a named marker anew (upstream.copy_markers_cheaply) instead of
    deep-copying ``other.__dict__``: for every kind, fill style, cap and join style the copy must have
    the paths, transforms and styles of the deep copy; a marker with a user transform is deep-copied."""
    import copy

    from matplotlib.markers import MarkerStyle
    from matplotlib.transforms import Affine2D

    upstream.copy_markers_cheaply()
    upstream.copy_markers_cheaply()  # once: a second call does not wrap the wrapper
    assert getattr(MarkerStyle._set_marker, "_woonzorg", False)
    compared = 0
    for kind in MarkerStyle.markers:
        for fillstyle in MarkerStyle.fillstyles:
            for styles in ({}, {"capstyle": "round", "joinstyle": "bevel"}):
                original = MarkerStyle(kind, fillstyle=fillstyle, **styles)
                deep = object.__new__(MarkerStyle)
                deep.__dict__ = copy.deepcopy(original.__dict__)  # what matplotlib's _set_marker does
                assert _marker_state(MarkerStyle(original)) == _marker_state(deep), (kind, fillstyle, styles)
                compared += 1
    assert compared > 300
    turned = MarkerStyle("^", transform=Affine2D().rotate_deg(30))
    copied = MarkerStyle(turned)
    assert copied._user_transform is not turned._user_transform  # deep-copied: rotating one leaves the other
    assert _marker_state(copied) == _marker_state(turned)


def test_are_the_three_titles_of_an_axes_the_ones_set_title_sets():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    for loc in ("center", "left", "right"):
        ax.set_title(f"titel {loc}", loc=loc)
    assert [t.get_text() for t in upstream.axes_titles(ax)] == ["titel center", "titel left", "titel right"]
    assert [t.get_text() for t in upstream.axes_titles(ax)] == [ax.get_title(loc) for loc in ("center", "left", "right")]


def test_a_remembered_text_layout_is_the_one_matplotlib_computes_for_every_change_of_the_text():
    """``cache_text_layout``: for the chart canvas's measuring renderer a text's layout comes from the
    cache, and equals matplotlib's own after every change of what it depends on (the text, font size,
    weight, family, rotation, rotation mode, alignments, line spacing, math parsing, dpi); each caller
    gets a box of its own; a renderer without ``metrics_per_process`` is never answered from the cache."""
    from matplotlib.backends.backend_agg import RendererAgg

    from woonzorg.present import canvas

    upstream.cache_text_layout()
    upstream.cache_text_layout()  # once: a second call does not wrap the wrapper
    from matplotlib.text import Text

    assert getattr(Text._get_layout, "_woonzorg", False)
    fig = canvas.new_figure((4, 3))
    renderer = fig.canvas.get_renderer()
    assert renderer.metrics_per_process
    text = fig.text(0.5, 0.5, "Heerlen")

    def fresh():  # matplotlib's own layout, through a renderer the cache does not serve
        plain = RendererAgg(1, 1, renderer.dpi)
        plain._get_font_height_metrics = renderer._get_font_height_metrics
        plain.get_text_width_height_descent = renderer.get_text_width_height_descent
        return text._get_layout(plain)

    def layout():
        box, lines, corner = text._get_layout(renderer)
        return box.bounds, lines, corner

    def same():
        box, lines, corner = fresh()
        assert layout() == (box.bounds, lines, corner)
        assert layout() == (box.bounds, lines, corner)  # and from the cache

    changes = [
        lambda: text.set_text("Landgraaf\nen Kerkrade"), lambda: text.set_fontsize(14), lambda: text.set_weight("bold"),
        lambda: text.set_family("monospace"), lambda: text.set_rotation(30), lambda: text.set_rotation_mode("anchor"),
        lambda: text.set_horizontalalignment("right"), lambda: text.set_verticalalignment("top"),
        lambda: text.set_multialignment("center"), lambda: text.set_linespacing(2.0),
        lambda: text.set_text(r"$x^2$ en \$5"), lambda: text.set_parse_math(False), lambda: fig.set_dpi(150),
    ]
    same()
    seen = {layout()[0]}
    for change in changes:
        change()
        if change is changes[-1]:  # the renderer of another dpi
            renderer = fig.canvas.get_renderer()
        same()
        seen.add(layout()[0])
    assert len(seen) >= len(changes) - 2  # nearly every change moved the box: the cache followed them
    first, second = text._get_layout(renderer)[0], text._get_layout(renderer)[0]
    assert first is not second  # each caller its own box
