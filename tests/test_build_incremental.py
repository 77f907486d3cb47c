"""Incremental builds: what is skipped, what is rebuilt and why, and a failure that keeps the old guide."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from woonzorg import cli
from woonzorg import data as wzdata
from woonzorg.paths import MANIFEST_NAME, records_dir
from woonzorg.publish import build, cache

pytestmark = pytest.mark.notebook

REGIOS = ["parkstad", "enschede"]


def write_notebook(folder: Path, name: str, *cells, metadata: dict | None = None) -> Path:
    nb = new_notebook(cells=list(cells), metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                   "language": "python"}, **(metadata or {})})
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def parameters_cell():
    cell = new_code_cell('regio: str = "parkstad"  # regio-id\ndata_dir: str = ""  # gegevensmap')
    cell.metadata["tags"] = ["parameters"]
    return cell


def inwoners_notebook(folder: Path, extra: str = "", metadata: dict | None = None) -> Path:
    """A small notebook that reads the data and records one key figure."""
    return write_notebook(
        folder, "1_proef.ipynb", parameters_cell(), new_markdown_cell("# Proef\n\n## Eerste deel\n\n## Tweede deel"),
        new_code_cell("from woonzorg import data, regions\nfrom woonzorg.present import record\n"
                      "g = regions.region_municipalities(data.load_dataset(data_dir or None), regio)\n"
                      f"print('inwoners', int(g['inwoners'].sum()))\n{extra}\n"
                      "record.Kerncijfers({'inwoners': int(g['inwoners'].sum())})"),
        metadata=metadata)


def statuses(report) -> dict[str, str]:
    return {r.task.regio: r.status for r in report.results}


def edit_csv(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path, data_copy):
    notebooks = tmp_path / "notebooks"
    inwoners_notebook(notebooks)
    out = tmp_path / "out"

    def run(**kwargs):
        options = {"regios": REGIOS, "notebooks": notebooks, "data_dir": data_copy, "out_dir": out, "workers": 1}
        return build(**(options | kwargs))

    first = run()
    assert first.ok, first.summary()
    assert statuses(first) == {"parkstad": "gebouwd", "enschede": "gebouwd"}
    return notebooks, data_copy, out, run


def test_is_a_build_with_nothing_changed_skipped_entirely(project, monkeypatch):
    notebooks, data_dir, out, run = project
    page = out / "parkstad" / "proef.html"
    before = page.stat().st_mtime_ns
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # another build date is no reason to rebuild
    report = run()
    assert statuses(report) == {"parkstad": "overgeslagen", "enschede": "overgeslagen"}
    assert page.stat().st_mtime_ns == before
    assert report.seconds < 1.0
    # the skipped tasks still give the index their key figures, from the manifest
    assert "256.180" in (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((records_dir(out) / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["taken"]["parkstad/proef"]["kerncijfers"] == {"inwoners": 256180}


def test_does_a_change_in_one_regions_rows_rebuild_only_that_region(project):
    notebooks, data_dir, out, run = project
    edit_csv(data_dir / "gemeenten.csv", "GM0917,Heerlen,Limburg,87461,", "GM0917,Heerlen,Limburg,87462,")
    report = run()
    assert statuses(report) == {"parkstad": "gebouwd", "enschede": "overgeslagen"}
    parkstad = report.results[0]
    assert parkstad.reason == "gewijzigd: data: gemeenten"
    assert "inwoners 256181" in (out / "parkstad" / "proef.ipynb").read_text(encoding="utf-8")


def test_does_a_change_in_a_national_table_rebuild_every_region(project):
    notebooks, data_dir, out, run = project
    edit_csv(data_dir / "landelijke-cijfers.csv", "brief minister Faber\",aanvankelijk",
             "brief minister Faber\",eerst")
    report = run()
    assert statuses(report) == {"parkstad": "gebouwd", "enschede": "gebouwd"}
    assert all(r.reason == "gewijzigd: data: landelijke-cijfers" for r in report.results)


def test_a_notebook_that_reads_all_regions_depends_on_every_row(tmp_path, data_copy):
    notebooks = tmp_path / "notebooks"
    inwoners_notebook(notebooks, metadata={"woonzorg": {"gegevens": "alle"}})
    options = {"regios": ["enschede"], "notebooks": notebooks, "data_dir": data_copy,
               "out_dir": tmp_path / "out", "workers": 1}
    assert build(**options).ok
    edit_csv(data_copy / "gemeenten.csv", "GM0917,Heerlen,Limburg,87461,", "GM0917,Heerlen,Limburg,87462,")
    assert statuses(build(**options)) == {"enschede": "gebouwd"}


def test_notebook_change_missing_output_and_force_each_rebuild(project):
    notebooks, data_dir, out, run = project
    inwoners_notebook(notebooks, extra="print('nieuwe cel')")
    report = run()
    assert {r.reason for r in report.results} == {"gewijzigd: notebook"}
    (out / "enschede" / "proef.html").unlink()
    report = run()
    assert statuses(report) == {"parkstad": "overgeslagen", "enschede": "gebouwd"}
    assert report.results[1].reason == "ontbreekt: proef.html"
    report = run(force=True)
    assert statuses(report) == {"parkstad": "gebouwd", "enschede": "gebouwd"}
    assert {r.reason for r in report.results} == {"--force"}


def test_does_a_failed_region_keep_its_old_guide_and_the_command_exit_1(project, capsys, monkeypatch):
    notebooks, data_dir, out, run = project
    monkeypatch.setattr("woonzorg.paths.notebooks_dir", lambda override=None: notebooks)
    old_page = (out / "parkstad" / "proef.html").read_text(encoding="utf-8")
    old_workbook = (out / "parkstad" / "proef.ipynb").read_text(encoding="utf-8")
    inwoners_notebook(notebooks, extra="if regio == 'parkstad':\n    raise RuntimeError('kapotte gegevens')")
    code = cli.main(["build", "--regio", "parkstad", "--regio", "enschede", "--data", str(data_dir),
                     "--out", str(out), "--workers", "1"])
    printed = capsys.readouterr()
    assert code == 1
    assert "FOUT regio parkstad, notebook 1_proef.ipynb, cel 3" in printed.out
    assert "RuntimeError: kapotte gegevens" in printed.out
    assert "1 gebouwd, 0 overgeslagen, 1 mislukt" in printed.out
    assert "mislukt      parkstad/proef" in printed.err  # one line per task: stderr is no terminal here
    assert (out / "parkstad" / "proef.html").read_text(encoding="utf-8") == old_page
    assert (out / "parkstad" / "proef.ipynb").read_text(encoding="utf-8") == old_workbook
    assert not list(out.rglob("*.woonzorg-tmp"))
    # the index still shows the old guide and its figures, and says the last attempt failed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="parkstad/proef.html"' in index and "256.180" in index
    assert "laatste bouwpoging mislukt" in index
    # the failed task is tried again next time (its manifest entry still has the old inputs)
    again = run()
    assert statuses(again) == {"parkstad": "mislukt", "enschede": "overgeslagen"}


def test_a_notebook_that_reads_one_table_of_every_region_depends_on_that_table_only(data_copy):
    """Does a change in one region's gemeenten rows leave a cross-region zelfscan guide of another region alone,
    while a change in another region's zelfscan answers rebuilds it?"""
    from woonzorg import data as wzdata
    from woonzorg.publish import cache
    from woonzorg.publish.run import _data_digests

    declared = b'{"metadata": {"woonzorg": {"gegevens": ["zelfscan-antwoorden"]}}}'
    before = _data_digests(cache.DataFingerprints(wzdata.load_dataset(data_copy)), declared, "enschede")

    gemeenten = data_copy / "gemeenten.csv"
    gemeenten.write_text(gemeenten.read_text(encoding="utf-8").replace(",87461,", ",87462,"), encoding="utf-8")
    after_gemeenten = _data_digests(cache.DataFingerprints(wzdata.load_dataset(data_copy)), declared, "enschede")
    assert after_gemeenten == before  # Heerlen (parkstad) changed; enschede's guide does not read it

    answers = data_copy / "zelfscan-antwoorden.csv"
    lines = answers.read_text(encoding="utf-8").splitlines()
    parkstad_line = next(i for i, line in enumerate(lines) if line.startswith("parkstad,"))
    cells = lines[parkstad_line].split(",")
    score_index = lines[0].split(",").index("score")
    cells[score_index] = "1" if cells[score_index] != "1" else "2"
    lines[parkstad_line] = ",".join(cells)
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    after_answers = _data_digests(cache.DataFingerprints(wzdata.load_dataset(data_copy)), declared, "enschede")
    assert after_answers["zelfscan-antwoorden"] != before["zelfscan-antwoorden"]


def test_the_manifest_is_json_with_one_task_per_line_and_reads_back_as_written(tmp_path):
    from woonzorg.publish.cache import Manifest

    entries = {
        "mra/woonzorgvisie": {"regio_naam": "Metropoolregio \"Amsterdam\"", "kerncijfers": {"tekort": 1234.5},
                              "bronnen": [{"naam": "CBS – Statline\n(2025)"}], "onderweg": True},
        "fryslân/regioprofiel": {"regio_naam": "Fryslân", "kerncijfers": {}, "bronnen": []},
    }
    manifest = Manifest(tmp_path)
    for key, entry in entries.items():
        manifest.record(key, entry)
    manifest.save()
    text = (records_dir(tmp_path) / MANIFEST_NAME).read_text(encoding="utf-8")
    assert json.loads(text) == {"versie": 1, "taken": entries}
    assert [line.split(":")[0] for line in text.splitlines()[1:-1]] == ['"fryslân/regioprofiel"', '"mra/woonzorgvisie"']
    assert Manifest(tmp_path).tasks == entries

    empty = tmp_path / "leeg"
    empty.mkdir()
    Manifest(empty).save()
    assert json.loads((records_dir(empty) / MANIFEST_NAME).read_text(encoding="utf-8")) == {"versie": 1, "taken": {}}


def test_does_installing_or_upgrading_any_distribution_change_the_code_key(tmp_path, monkeypatch):
    import sys

    before = cache.libraries_digest()
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    assert cache.libraries_digest() == before  # a folder without distributions
    (tmp_path / "scipy-99.0.dist-info").mkdir()
    upgraded = cache.libraries_digest()
    assert upgraded != before
    (tmp_path / "scipy-99.0.dist-info").rename(tmp_path / "scipy-99.1.dist-info")
    assert cache.libraries_digest() not in {before, upgraded}


def test_do_the_build_records_hash_a_regions_rows_with_a_secret_key(tmp_path, data_copy):
    """Hashing the ten values 0–9 of a hidden count must not recover it from the records: the data hashes
    are keyed with a secret kept beside the site (readable by its owner only), made once."""
    import stat

    dataset = wzdata.load_dataset(data_copy)
    key = cache.records_key(tmp_path / "site")
    assert len(key) == 32 and cache.records_key(tmp_path / "site") == key
    assert stat.S_IMODE((tmp_path / "site-bouw" / cache.KEY_NAME).stat().st_mode) == 0o600
    keyed = cache.DataFingerprints(dataset, key=key).for_region("enschede")
    plain = cache.DataFingerprints(dataset).for_region("enschede")
    other = cache.DataFingerprints(dataset, key=cache.records_key(tmp_path / "elders")).for_region("enschede")
    assert set(keyed) == set(plain) and all(keyed[t] != plain[t] and keyed[t] != other[t] for t in keyed)
    frame = dataset.tables["gemeenten"]
    rows = cache.region_rows(frame, "enschede", cache.regions.load_regions(dataset)["enschede"].gemeentecodes)
    assert keyed["gemeenten"] != cache._digest([rows.to_csv(index=False, lineterminator="\n").encode()])
