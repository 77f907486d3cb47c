"""The upstream internals that woonzorg.publish.upstream relies on: an upstream release that changes one fails here."""

from __future__ import annotations

import inspect
import warnings
from concurrent.futures import ProcessPoolExecutor
from importlib.machinery import SourceFileLoader
from types import SimpleNamespace

import pytest
from IPython.core.events import EventManager, available_events
from IPython.core.formatters import DisplayFormatter

from woonzorg.publish import upstream


def a_shell() -> SimpleNamespace:
    """The two parts of an IPython shell that the warm kernel's reset restores."""
    return SimpleNamespace(display_formatter=DisplayFormatter(), events=EventManager(None, available_events))


def test_are_display_formatters_and_event_callbacks_restored():
    shell = a_shell()
    flush = lambda: None  # noqa: E731 - stands for a callback registered before the snapshot
    shell.events.register("post_execute", flush)
    saved = upstream.ipython_state(shell)
    plain, html = shell.display_formatter.formatters["text/plain"], shell.display_formatter.formatters["text/html"]
    assert plain(1) == "1" and plain(0.5) == "0.5"

    plain.for_type(int, lambda n, p, cycle: p.text("gepatcht"))
    plain.for_type_by_name("decimal", "Decimal", lambda d, p, cycle: p.text("gepatcht"))
    plain.float_precision = "%.1f"
    html.enabled = False
    shell.display_formatter.formatters["text/x-lek"] = html
    shell.events.register("post_run_cell", lambda result: None)
    shell.events.unregister("post_execute", flush)
    assert plain(1) == "gepatcht" and plain(0.25) == "0.2"

    upstream.restore_ipython_state(shell, saved)
    import decimal

    assert plain(1) == "1" and plain(0.25) == "0.25" and plain(decimal.Decimal("1.5")) == "Decimal('1.5')"
    assert html.enabled and "text/x-lek" not in shell.display_formatter.formatters
    assert shell.events.callbacks["post_run_cell"] == [] and shell.events.callbacks["post_execute"] == [flush]


def test_does_forgetting_shown_warnings_show_a_warning_again():
    def warn():
        warnings.warn("nog eens", UserWarning, stacklevel=1)

    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("default")
        warn()
        warn()  # the registry remembers it: not shown twice
        upstream.forget_shown_warnings()
        warn()
    assert [str(w.message) for w in shown] == ["nog eens", "nog eens"]
    assert callable(getattr(warnings, "_filters_mutated", None) or getattr(warnings, "_filters_mutated_lock_held"))


def test_does_the_source_loader_still_take_the_optimize_keyword():
    parameters = inspect.signature(SourceFileLoader.source_to_code).parameters
    assert list(parameters)[:3] == ["self", "data", "path"] and "_optimize" in parameters


def test_does_a_process_pool_still_list_its_workers():
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(abs, -3).result() == 3
        [process] = upstream.pool_processes(pool)
        assert process.pid > 0 and process.is_alive()


def test_does_nbclient_still_keep_a_kernel_client_given_to_it():
    from nbclient import NotebookClient
    from nbformat.v4 import new_notebook

    client = NotebookClient(new_notebook(), km=object())
    marker = object()
    upstream.reuse_kernel_client(client, marker)
    assert client.kc is marker
    # it starts a client only when it has none, and stops it only when it owns the kernel manager
    assert "if self.kc is None:" in inspect.getsource(NotebookClient.async_setup_kernel)
    assert client.owns_km is False


def test_does_the_html_exporter_still_have_the_parts_the_soup_free_export_repeats():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter()
    assert callable(exporter._init_resources) and hasattr(exporter, "_nb_metadata")


def test_does_papermill_still_write_the_executed_notebook_through_write_ipynb(tmp_path, monkeypatch):
    import nbformat
    from papermill import execute

    upstream.skip_discarded_notebook_write()
    assert "write_ipynb(nb, output_path)" in inspect.getsource(execute.execute_notebook)
    serialised = []
    real_writes = nbformat.writes
    monkeypatch.setattr(nbformat, "writes", lambda nb, *a, **kw: serialised.append(nb) or real_writes(nb, *a, **kw))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titel")])
    execute.write_ipynb(nb, None)  # written nowhere: not serialised either
    assert serialised == []
    execute.write_ipynb(nb, str(tmp_path / "uit.ipynb"))
    assert serialised == [nb] and nbformat.read(tmp_path / "uit.ipynb", as_version=4).cells[0].source == "# Titel"


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


def test_an_adopted_kernel_process_is_polled_and_interrupted_as_the_managers_own():
    """``adopt_kernel_process`` sets what jupyter_client's local provisioner keeps of the process it
    launched: the manager then finds it alive, and an interrupt reaches its process group."""
    import os
    import signal
    import subprocess
    import sys

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    from woonzorg.publish.kernel_template import ForkedKernelProcess

    manager = AsyncKernelManager(kernel_name="python3")
    run_sync(manager._async_pre_start_kernel)()  # ports, key and the provisioner, as a start does
    # a stand-in kernel in a session of its own that a SIGINT ends
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        process = ForkedKernelProcess(child.pid)
        child.returncode = 0  # from here the stand-in is reaped by ForkedKernelProcess, not by Popen
        upstream.adopt_kernel_process(manager, process, "/")
        assert os.getpgid(child.pid) == child.pid == manager.provisioner.pgid
        assert run_sync(manager.is_alive)()
        assert manager.connection_file and manager.get_connection_info()["key"]
        run_sync(manager.interrupt_kernel)()  # to the process group
        assert process.wait(timeout=10) == -signal.SIGINT
        assert not run_sync(manager.is_alive)()
    finally:
        if process.poll() is None:
            process.kill()
        manager.cleanup_connection_file()


def test_a_worker_forgets_that_it_is_one_when_it_becomes_a_kernel():
    """``forget_multiprocessing_parent`` in a child of multiprocessing: to multiprocessing it is a main
    process again, with no resource tracker, forkserver or finalizer of its parent's, and can start
    processes of its own."""
    import subprocess
    import sys

    code = """
import multiprocessing, os
from multiprocessing import forkserver, resource_tracker, util
from woonzorg.publish import upstream
main_type = type(multiprocessing.current_process())
resource_tracker.ensure_running()  # the parent's tracker, which the child inherits

def child(conn):
    before = multiprocessing.current_process().name
    upstream.forget_multiprocessing_parent(main_type)
    me = multiprocessing.current_process()
    pool = multiprocessing.get_context("fork").Pool(1)  # processes of its own
    squares = pool.map(abs, [-2, 3])
    pool.close(); pool.join()
    conn.send([before, me.name, multiprocessing.parent_process() is None, resource_tracker._resource_tracker._fd is None
               or resource_tracker._resource_tracker._pid != inherited, forkserver._forkserver._forkserver_address is None,
               me.authkey != parent_key, squares])

inherited = resource_tracker._resource_tracker._pid
parent_key = multiprocessing.current_process().authkey
reader, writer = multiprocessing.Pipe(duplex=False)
p = multiprocessing.get_context("fork").Process(target=child, args=(writer,))
p.start(); print(reader.recv()); p.join()
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['ForkProcess-1', 'MainProcess', True, True, True, True, [2, 3]]", done.stdout + done.stderr


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
