"""Shared fixtures: a private copy of the data folder, and the project's paths."""

from __future__ import annotations

import os
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


# --------------------------------------------------------------------------------------------
# In CI a browser or PDF test never skips: a missing Chromium (or Playwright, or Voilà) fails the run.

_BROWSER_WORDS = ("chromium", "playwright", "axe_playwright", "voila")


def _is_browser_skip(report) -> bool:
    if not report.skipped or not os.environ.get("CI"):
        return False
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr).lower()
    return any(word in reason for word in _BROWSER_WORDS)


def _fail_instead(report) -> None:
    reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
    report.outcome = "failed"
    report.longrepr = f"CI=true: deze browser- of PDF-test mag niet overgeslagen worden ({reason})"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if _is_browser_skip(report):
        _fail_instead(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if _is_browser_skip(report):
        _fail_instead(report)
