"""The same plan on a Dask cluster: a LocalCluster on loopback builds what the local pool builds."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from woonzorg.publish import build

pytest.importorskip("distributed")
pytestmark = pytest.mark.notebook


def tiny_notebooks(folder: Path) -> Path:
    parameters = new_code_cell('regio: str = "parkstad"  # regio-id')
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[parameters, new_markdown_cell("# Proef"),
                             new_code_cell("from woonzorg import data, regions\nfrom woonzorg.present import record\n"
                                           "g = regions.region_municipalities(data.load_dataset(), regio)\n"
                                           "print(regio, int(g['inwoners'].sum()))\n"
                                           "import os\nprint('kernel', os.getpid())\n"
                                           "record.Kerncijfers({'gemeenten': len(g)})")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    for i, cell in enumerate(nb.cells):
        cell.id = f"cel-{i}"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "1_proef.ipynb")
    return folder


def test_does_a_local_dask_cluster_build_the_same_guides_as_the_local_pool(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    notebooks = tiny_notebooks(tmp_path / "notebooks")
    regios = ["parkstad", "enschede", "mra"]
    local = build(regios=regios, notebooks=notebooks, out_dir=tmp_path / "pool", workers=1)
    on_dask = build(regios=regios, notebooks=notebooks, out_dir=tmp_path / "dask", workers=2, dask="local")
    assert local.ok and on_dask.ok, on_dask.summary()
    assert [r.kerncijfers for r in on_dask.results] == [r.kerncijfers for r in local.results]
    assert on_dask.results[2].kerncijfers == {"gemeenten": 30}
    kernels = set()
    for regio in regios:
        pages = [(tmp_path / where / regio / "proef.html").read_text(encoding="utf-8") for where in ("pool", "dask")]
        kernels |= set(re.findall(r"kernel (\d+)", pages[1]))
        pages = [re.sub(r"ipykernel_\d+|kernel \d+", "", page) for page in pages]
        assert pages[0] == pages[1]
    # three tasks on two workers: each notebook in a kernel of its own (forked by its worker's zygote)
    assert len(kernels) == 3, kernels
    assert ((tmp_path / "pool" / "index.html").read_bytes() == (tmp_path / "dask" / "index.html").read_bytes())
