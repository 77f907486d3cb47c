"""Each nbconvert preprocessor of the publisher on a tiny notebook: what it keeps, drops and changes."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from woonzorg.present.record import BEGELEIDER_MIMETYPE
from woonzorg.publish.preprocessors import (
    AppendixSplit,
    DropWidgetState,
    PortableNotebook,
    StableParameterIds,
    WorkbookFilter,
)


def tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def test_stable_parameter_ids_names_the_injected_cell_the_same_in_every_build():
    nb = new_notebook(cells=[tagged(new_code_cell('regio = "parkstad"'), "injected-parameters"), new_code_cell("1")])
    other_id = nb.cells[1].id
    nb, _ = StableParameterIds().preprocess(nb, {})
    assert [c.id for c in nb.cells] == ["injected-parameters", other_id]


def test_drop_widget_state_leaves_the_workbook_its_widgets():
    nb = new_notebook(metadata={"widgets": {"state": {"x": 1}}, "woonzorg": {"regio": "parkstad"}})
    page, _ = DropWidgetState().preprocess(nb, {})
    assert "widgets" not in page.metadata and page.metadata["woonzorg"] == {"regio": "parkstad"}
    assert nb.metadata["widgets"] == {"state": {"x": 1}}  # a copy: the workbook keeps its state


def test_workbook_filter_drops_the_handouts_and_the_facilitators_cells_and_records():
    record = new_output("display_data", data={BEGELEIDER_MIMETYPE: {"antwoord": 42}, "text/plain": ""})
    shown = new_output("display_data", data={"text/plain": "tabel"})
    nb = new_notebook(cells=[tagged(new_markdown_cell("alleen in de handreiking"), "handout-only"),
                             tagged(new_code_cell("begeleider"), "begeleider"),
                             new_code_cell("x", outputs=[record, shown]), new_markdown_cell("voor iedereen")])
    workbook, _ = WorkbookFilter().preprocess(nb, {})
    assert [c.source for c in workbook.cells] == ["x", "voor iedereen"]
    assert workbook.cells[0].outputs == [shown]
    assert len(nb.cells) == 4 and len(nb.cells[2].outputs) == 2  # the guide's notebook is untouched


def test_appendix_split_moves_tagged_runs_to_numbered_appendices_and_links_them():
    nb = new_notebook(cells=[new_markdown_cell("## In het kort"),
                             tagged(new_markdown_cell("## Tabellen per gemeente\n\nuitleg"), "bijlage"),
                             tagged(new_code_cell("t"), "bijlage"), new_markdown_cell("## Verder"),
                             tagged(new_markdown_cell("## Concepttekst"), "bijlage")],
                      metadata={"woonzorg": {"titel": "Woonzorgvisie Parkstad", "thema": "woonzorgvisie"}})
    guide, resources = AppendixSplit(appendix_name="woonzorgvisie-bijlagen.html").preprocess(nb, {})
    appendix = resources["bijlagen"]
    assert [c.source for c in guide.cells][0] == "## In het kort" and guide.cells[2].source == "## Verder"
    assert 'href="woonzorgvisie-bijlagen.html#bijlage-1">Bijlage 1: Tabellen per gemeente</a>' in guide.cells[1].source
    assert "#bijlage-2" in guide.cells[3].source and len(guide.cells) == 4
    sources = [c.source for c in appendix.cells]
    assert '<h2 id="bijlage-1">Bijlage 1: Tabellen per gemeente</h2>' in sources
    assert "uitleg" in sources and "t" in sources and '<h2 id="bijlage-2">Bijlage 2: Concepttekst</h2>' in sources
    assert appendix.metadata["woonzorg"]["titel"] == "Bijlagen — Woonzorgvisie Parkstad"
    plain, resources = AppendixSplit().preprocess(new_notebook(cells=[new_markdown_cell("x")]), {})
    assert resources["bijlagen"] is None and [c.source for c in plain.cells] == ["x"]


def test_portable_notebook_drops_papermills_paths_the_execution_times_and_default_reprs():
    injected = tagged(new_code_cell('# Parameters\nregio = "parkstad"\ndata_dir = "/tmp/bouw/data"\n'),
                      "injected-parameters")
    injected.metadata["papermill"] = {"start_time": "2026-12-08T00:51:36"}
    injected.metadata["execution"] = {"iopub.status.busy": "2026-12-08T00:51:36.916578Z"}
    markdown = new_output("display_data", data={"text/markdown": "**tekst**",
                                                "text/plain": "<woonzorg.visie.concept.Markdown at 0x7f3a2b>"})
    obj = new_output("display_data", data={"text/html": "<p>x</p>",
                                           "text/plain": "<woonzorg.x.Y object at 0x7f00aa>"})
    plain_only = new_output("execute_result", data={"text/plain": "<object object at 0x7f00bb>"}, execution_count=1)
    meaningful = new_output("display_data", data={"text/html": "<b>1</b>", "text/plain": "1"})
    nb = new_notebook(cells=[injected, new_code_cell("x", outputs=[markdown, obj, plain_only, meaningful])],
                      metadata={"papermill": {"input_path": "/work/notebooks/1.ipynb", "duration": 1.2}})
    nb, _ = PortableNotebook().preprocess(nb, {})
    assert "papermill" not in nb.metadata
    # the data folder stays: the workbook reads the data it was built from (the learning-circle app)
    assert 'data_dir = "/tmp/bouw/data"' in nb.cells[0].source and nb.cells[0].metadata == {
        "tags": ["injected-parameters"]}
    datas = [o["data"] for o in nb.cells[1].outputs]
    assert datas == [{"text/markdown": "**tekst**"}, {"text/html": "<p>x</p>"},
                     {"text/plain": "<object object at 0x7f00bb>"}, {"text/html": "<b>1</b>", "text/plain": "1"}]
    nbformat.validate(nb)
