"""Shared fixtures: a private copy of the data folder, and the project's paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from woonzorg import paths


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the project's data folder that a test may change freely."""
    target = tmp_path / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", target)
    return target


@pytest.fixture(scope="session")
def project_data() -> Path:
    return paths.PROJECT_ROOT / "data"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site (every region × every theme), built once per test session."""
    from woonzorg.publish import build

    out = tmp_path_factory.mktemp("handreikingen")
    report = build(out_dir=out, workers=2)
    assert report.ok, report.summary()
    return out
