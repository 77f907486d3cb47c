"""Shared fixtures: a private copy of the data folder, and the project's paths."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SiteBuild:
    """The session build: its output folder and the build's report (results with key figures)."""

    out: Path
    report: object  # woonzorg.publish.report.BuildReport

    def of_theme(self, thema: str):
        """The build's report restricted to one theme's tasks (as a build of that theme alone reports)."""
        from woonzorg.publish.report import BuildReport

        return BuildReport([r for r in self.report.results if r.task.thema == thema], self.report.seconds, self.out)


def _tree_digest(*folders: Path) -> str:
    """One hash over the names and contents of every file in the folders."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder.parent)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """The whole site (every region × every theme) from the project's own data, built once per test run.

    Every test that only reads a guide built from the project's data reads it here instead of running
    notebooks again. Under pytest-xdist (``make test`` runs a process per core) the first process to
    ask builds it into a folder they all share, under a file lock; the others wait and read its
    report. Tests must not change this folder (a test that changes data or output builds its own):
    each process checks at its end that every file is still as built.
    """
    from filelock import FileLock

    from woonzorg.publish import build

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    folder = shared / "sessiebouw"
    folder.mkdir(exist_ok=True)
    out, stored = folder / "handreikingen", folder / "report.pickle"
    with FileLock(folder / ".lock"):
        if not stored.exists():
            report = build(out_dir=out, workers=2)
            assert report.ok, report.summary()
            stored.write_bytes(pickle.dumps(report))
        report = pickle.loads(stored.read_bytes())
        before = _tree_digest(out, paths.facilitator_dir(out))
    yield SiteBuild(out, report)
    with FileLock(folder / ".lock"):
        after = _tree_digest(out, paths.facilitator_dir(out))
    assert after == before, "a test changed the shared session build (tests/conftest.py: site_build)"


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The session build's output folder (see :func:`site_build`)."""
    return site_build.out


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (tests/browsing.py), one per test module."""
    from playwright.sync_api import sync_playwright

    from browsing import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


# --------------------------------------------------------------------------------------------
# Tiers: unit tests (no mark), notebook tests (mark ``notebook``), browser tests (mark ``browser``).
# Modules with browser tests run first, then those with notebook tests, then the rest: under
# pytest-xdist (``--dist=loadfile``, a module per process at a time) the longest modules start first
# and the short ones fill the gaps at the end. Within a module the order is as written.

_TIERS = ("browser", "notebook")


def pytest_collection_modifyitems(config, items):
    def tier(item) -> int:
        return next((i for i, name in enumerate(_TIERS) if item.get_closest_marker(name)), len(_TIERS))

    module_tier: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        module_tier[module] = min(module_tier.get(module, len(_TIERS)), tier(item))
    items.sort(key=lambda item: module_tier[item.nodeid.split("::")[0]])


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
