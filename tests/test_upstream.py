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
def test_charts_measured_with_a_shared_renderer_come_out_as_matplotlib_draws_them(fonttype, tight):
    """The chart canvas shares one Agg renderer between figures (woonzorg.present.canvas): the layout and
    the SVG must be matplotlib's own, byte for byte, also for a figure measured after another."""
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


def test_are_the_three_titles_of_an_axes_the_ones_set_title_sets():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    for loc in ("center", "left", "right"):
        ax.set_title(f"titel {loc}", loc=loc)
    assert [t.get_text() for t in upstream.axes_titles(ax)] == ["titel center", "titel left", "titel right"]
    assert [t.get_text() for t in upstream.axes_titles(ax)] == [ax.get_title(loc) for loc in ("center", "left", "right")]
