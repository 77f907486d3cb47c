"""The broken-input corpus: every malformed file gives a Dutch error naming file, row and column,
exits non-zero, and leaves the published site byte-for-byte unchanged."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from woonzorg import cli

CORPUS = Path(__file__).parent / "corpus"
CASES = list(csv.DictReader((CORPUS / "verwacht.csv").open(encoding="utf-8")))


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def published(tmp_path) -> Path:
    """A stand-in for an already published site."""
    site = tmp_path / "handreikingen"
    (site / "parkstad").mkdir(parents=True)
    (site / "index.html").write_text("<!DOCTYPE html><html lang='nl'>oude index</html>", encoding="utf-8")
    (site / "parkstad" / "regioprofiel.html").write_text("oude gids", encoding="utf-8")
    return site


def test_the_corpus_has_at_least_25_cases():
    assert len(CASES) >= 25
    assert all((CORPUS / case["bestand"]).exists() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["bestand"] for c in CASES])
def test_broken_file_is_refused_with_file_row_and_column(case, data_copy, published, capsys):
    table = case["bestand"].split("__")[0] + ".csv"
    shutil.copyfile(CORPUS / case["bestand"], data_copy / table)
    before = snapshot(published)

    code = cli.main(["check", "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"data/{table}" in err
    where = f"data/{table}"
    if case["regel"]:
        where += f", regel {case['regel']}"
    if case["kolom"]:
        where += f", kolom {case['kolom']}"
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith(where)]
    assert lines, f"no error at {where!r} in:\n{err}"
    assert any(case["fragment"] in line for line in lines), err

    code = cli.main(["build", "--data", str(data_copy), "--out", str(published), "--regio", "parkstad"])
    capsys.readouterr()
    assert code == 2
    assert snapshot(published) == before
