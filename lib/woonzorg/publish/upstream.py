"""The one place that touches internals of upstream libraries; ``tests/test_upstream.py`` pins what is relied on.

Each function says which internal it uses and why no public API does the job. When an upstream
release changes one of them, its test fails here first, not somewhere in a build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a kernel that draws a chart imports this module (axes_titles): no multiprocessing for it
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


def axes_titles(ax) -> tuple:
    """The three titles of an Axes (centre, left, right: ``Axes.title``, ``_left_title``, ``_right_title``);
    matplotlib's public API sets and gets their texts (``set_title(loc=...)``) but hands out only the centre one."""
    return ax.title, ax._left_title, ax._right_title
