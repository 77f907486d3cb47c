"""The one place that touches internals of upstream libraries; ``tests/test_upstream.py`` pins what is relied on.

Each function says which internal it uses and why no public API does the job. When an upstream
release changes one of them, its test fails here first, not somewhere in a build.
"""

from __future__ import annotations

import functools
from concurrent.futures import ProcessPoolExecutor


def pool_processes(pool: ProcessPoolExecutor) -> list:
    """The worker processes of a pool (``ProcessPoolExecutor._processes``, stable since Python 3.8).

    ``shutdown`` offers no timeout: a worker stuck in a notebook would block the build forever,
    so :func:`woonzorg.publish.executors.stop_pool` joins each with a deadline and kills the rest.
    """
    return list((getattr(pool, "_processes", None) or {}).values())


def export_without_soup(exporter, nb, resources=None, **kw):
    """nbconvert's ``HTMLExporter.from_notebook_node`` without its final BeautifulSoup pass.

    nbconvert 7 parses and re-serialises every finished page to give images without alt text a
    fallback and to put ``tabindex`` on JupyterLab's wrapper divs, which the house template does
    not emit; on pages with inline SVG charts that pass took two thirds of the export. This repeats
    the method's filter registration (``_init_resources``, ``_nb_metadata``) and calls the template
    exporter directly; the house export writes its own (Dutch) alt texts, in a preprocessor and the
    template. ``tests/test_upstream.py`` compares the result with nbconvert's own page.
    """
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    langinfo = nb.metadata.get("language_info", {})
    lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
    resources = exporter._init_resources(resources)
    exporter.register_filter("highlight_code", exporter.filters.get(
        "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=exporter)))
    exporter.register_filter("filter_data_type", WidgetsDataTypeFilter(
        notebook_metadata=exporter._nb_metadata, parent=exporter, resources=resources))
    return TemplateExporter.from_notebook_node(exporter, nb, resources, **kw)


def skip_discarded_notebook_write() -> None:
    """Let papermill skip serialising a notebook that it writes nowhere (``papermill.execute.write_ipynb``).

    ``papermill.execute_notebook(path, None)`` returns the executed notebook and, last, "writes" it to
    the path ``None``: it serialises and validates the whole notebook (``nbformat.writes``, with its
    embedded charts) and hands the text to an I/O handler that drops it. The build writes the
    workbook itself. With a path, papermill's own function runs unchanged.
    """
    from papermill import execute

    write = execute.write_ipynb
    if getattr(write, "_woonzorg_skips_none", False):
        return

    def write_ipynb(nb, path):
        if path is None:
            return None
        return write(nb, path)

    write_ipynb._woonzorg_skips_none = True  # type: ignore[attr-defined]
    execute.write_ipynb = write_ipynb


# --------------------------------------------------------------------------------------------
# matplotlib: text measured once per process instead of once per chart


def _font_files(prop) -> tuple:
    """The font files matplotlib draws ``prop`` with, as it finds them for every text
    (``FontManager._find_fonts_by_props``, itself cached): they depend on rcParams and on the fonts
    registered, so what is remembered below is keyed by the files, not by the properties."""
    from matplotlib.font_manager import fontManager

    return tuple(fontManager._find_fonts_by_props(prop))


@functools.lru_cache(maxsize=512)
def _font_heights(files: tuple, points: float, dpi: float) -> tuple:
    from matplotlib.font_manager import get_font

    font = get_font(list(files))
    for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                             ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is not None:
            scale = points * dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None  # matplotlib then measures the text "lp" itself


def font_height_metrics(prop, dpi: float) -> tuple:
    """A font's ascent, descent and line gap in pixels at ``dpi``, read from its tables once per process.

    matplotlib 3.11 reads them from the font file's tables (``get_sfnt_table``) every time it lays
    out a text, several times per text per chart, unless the renderer answers
    ``_get_font_height_metrics`` (a private hook, used by its PDF and PostScript backends). This
    answers it with the same figures (``tests/test_upstream.py`` compares charts drawn with and
    without it, byte for byte).
    """
    return _font_heights(_font_files(prop), prop.get_size_in_points(), float(dpi))


@functools.cache
def _text_to_path():
    from matplotlib.textpath import TextToPath

    return TextToPath()


_TEXT_SIZES: dict[tuple, tuple] = {}  # (text, font files, points) -> (width, height, descent)


def svg_text_size(text: str, prop, ismath) -> tuple:
    """What ``RendererSVG.get_text_width_height_descent`` answers, remembered for plain text.

    matplotlib's ``TextToPath`` measures plain text with the font files and the size alone, so that
    is the key; math text depends on more (the math fonts in rcParams) and is measured each time."""
    if ismath:
        return _text_to_path().get_text_width_height_descent(text, prop, ismath)
    key = (text, _font_files(prop), prop.get_size_in_points())
    size = _TEXT_SIZES.get(key)
    if size is None:
        if len(_TEXT_SIZES) >= 20_000:  # a long session: start again rather than grow without end
            _TEXT_SIZES.clear()
        size = _TEXT_SIZES[key] = _text_to_path().get_text_width_height_descent(text, prop, ismath)
    return size


@functools.cache
def _shared_metrics_svg_renderer():
    from matplotlib.backends.backend_svg import RendererSVG

    class SharedMetricsRendererSVG(RendererSVG):
        """matplotlib's SVG renderer, with the size of each text and font remembered for the whole process
        (matplotlib measures them anew for every figure: each SVG file gets a renderer of its own)."""

        def get_text_width_height_descent(self, s, prop, ismath):
            return svg_text_size(s, prop, ismath)

        def _get_font_height_metrics(self, prop):
            return font_height_metrics(prop, 72.0)  # an SVG is laid out in points

    SharedMetricsRendererSVG.metrics_per_process = True  # see cache_text_layout
    return SharedMetricsRendererSVG


def print_svg(figure, target, *, bbox_inches_restore=None, metadata=None) -> None:
    """Write ``figure`` as SVG to the binary file ``target``, as ``FigureCanvasSVG.print_svg`` does,
    but with a renderer that measures each text and font once per process.

    ``FigureCanvasSVG.print_svg`` makes its renderer itself (a ``RendererSVG`` in a
    ``MixedModeRenderer``, with the figure at 72 dpi), so a canvas that wants another renderer has to
    repeat those few lines; :func:`woonzorg.present.canvas.new_figure`'s canvas calls this as its
    ``print_svg``, and ``savefig(format="svg")`` uses it (savefig restores the figure's dpi).
    Charts come out byte for byte as before; by profile, measuring was about a tenth of the time spent on charts.
    """
    import io

    from matplotlib.backends.backend_mixed import MixedModeRenderer

    text = io.StringIO()
    dpi = figure.dpi
    figure.dpi = 72
    width, height = figure.get_size_inches()
    renderer = MixedModeRenderer(
        figure, width, height, dpi,
        _shared_metrics_svg_renderer()(width * 72, height * 72, text, image_dpi=dpi, metadata=metadata),
        bbox_inches_restore=bbox_inches_restore)
    figure.draw(renderer)
    renderer.finalize()
    target.write(text.getvalue().encode("utf-8"))


@functools.cache
def measuring_agg_renderer():
    """matplotlib's Agg renderer with each font's height read once per process (the private hook
    ``_get_font_height_metrics``, as :func:`font_height_metrics` says), for measuring charts that are
    then written as SVG (:mod:`woonzorg.present.canvas`)."""
    from matplotlib.backends.backend_agg import RendererAgg

    class MeasuringRenderer(RendererAgg):
        metrics_per_process = True  # every instance measures alike (cache_text_layout)

        def _get_font_height_metrics(self, prop):
            return font_height_metrics(prop, self.dpi)

    return MeasuringRenderer


def axes_titles(ax) -> tuple:
    """The three titles of an Axes (centre, left, right: ``Axes.title``, ``_left_title``, ``_right_title``);
    matplotlib's public API sets and gets their texts (``set_title(loc=...)``) but hands out only the centre one."""
    return ax.title, ax._left_title, ax._right_title


# --------------------------------------------------------------------------------------------
# matplotlib: a tick's marker copied without a deep copy


def copy_markers_cheaply() -> None:
    """Make ``MarkerStyle(other_marker_style)`` build the marker anew instead of deep-copying it.

    Every tick a chart needs beyond the first copies the first tick's lines (``Line2D.update_from``),
    and each copy of a line copies its marker through ``MarkerStyle._set_marker``, which deep-copies
    the other marker's ``__dict__`` (its paths and transforms): about a tenth of drawing a bar chart
    with thirty municipalities. For a marker of a named kind (``MarkerStyle.markers``: ticks, points,
    circles) without a user transform, building it again from its kind, fill style, cap and join
    style gives the same paths, transforms and styles (``tests/test_upstream.py`` compares every
    kind and fill style with the deep copy); any other marker is still deep-copied. Installed once
    per process, in the build's zygote only (:func:`woonzorg.publish.zygote.install_build_speedups`).
    """
    from collections.abc import Hashable

    from matplotlib import cbook
    from matplotlib.markers import MarkerStyle

    deep_copying = MarkerStyle._set_marker
    if getattr(deep_copying, "_woonzorg", False):
        return

    def _set_marker(self, marker):
        kind = getattr(marker, "_marker", None)
        if (isinstance(marker, MarkerStyle) and marker._user_transform is None
                and marker._marker_function is not None and isinstance(kind, Hashable)
                and not (isinstance(kind, str) and cbook.is_math_text(kind)) and kind in self.markers):
            self._user_transform = None
            self._user_capstyle = marker._user_capstyle
            self._user_joinstyle = marker._user_joinstyle
            self._fillstyle = marker._fillstyle
            deep_copying(self, kind)  # a named kind: sets the marker function and builds the paths
            return
        deep_copying(self, marker)

    _set_marker._woonzorg = True
    _set_marker.__doc__ = deep_copying.__doc__
    MarkerStyle._set_marker = _set_marker


def cache_text_layout() -> None:
    """Remember the layout of a text (``Text._get_layout``) for renderers whose metrics are the same
    for the whole process (a class with ``metrics_per_process``: the chart canvas's measuring renderer
    and the SVG renderer above).

    matplotlib lays a text out anew each time its extent is asked and again when it is drawn: the
    tight layout, the legend placement and the SVG ask for every tick label three or four times, and a
    third of laying a chart out and writing it went there (sampled in a build). The layout depends only on the text, its font, line spacing,
    alignment, rotation and math parsing, the figure's dpi and the renderer's metrics; it is kept per
    those (a wrapped or TeX text, whose layout depends on more, is laid out each time). Each caller gets
    its own copy of the box. Installed once per process, like :func:`copy_markers_cheaply`.
    """
    from matplotlib.text import Text

    computing = Text._get_layout
    if getattr(computing, "_woonzorg", False):
        return
    layouts: dict[tuple, tuple] = {}

    def _get_layout(self, renderer):
        if not getattr(renderer, "metrics_per_process", False) or self.get_wrap() or self.get_usetex():
            return computing(self, renderer)
        font = self._fontproperties
        key = (type(renderer), renderer.dpi, self.get_figure(root=True).dpi, self.get_text(), self.get_parse_math(),
               tuple(font.get_family()), font.get_style(), font.get_variant(), font.get_weight(), font.get_stretch(),
               font.get_size_in_points(), font.get_file(), font.get_math_fontfamily(), self._linespacing,
               self._get_multialignment(), self.get_rotation(), self.get_rotation_mode(), self._horizontalalignment,
               self._verticalalignment)
        found = layouts.get(key)
        if found is None:
            found = layouts[key] = computing(self, renderer)
        box, lines, corner = found
        return box.frozen(), list(lines), corner

    _get_layout._woonzorg = True
    _get_layout.__doc__ = computing.__doc__
    Text._get_layout = _get_layout
