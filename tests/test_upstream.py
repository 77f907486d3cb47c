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


def test_does_the_html_exporter_still_have_the_parts_the_soup_free_export_repeats():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter()
    assert callable(exporter._init_resources) and hasattr(exporter, "_nb_metadata")


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
