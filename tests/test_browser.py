"""The whole published site in a real browser (Debian's Chromium via Playwright): every page loads, links
resolve, fits a phone and passes axe. One region read as a wethouder would: test_browser_region.py."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from browsing import CHROMIUM, NO_CHROMIUM, Visit, axe_context, run_axe, site_pages

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python")


# --------------------------------------------------------------------------------------------
# Every page of the full site, opened once at phone width: the tests below each assert on one part
# of what that visit saw (loading, links, width, axe). One visit per page instead of one per test:
# opening and laying out 75 pages four times took most of this module's time.

PHONE = {"width": 390, "height": 844}


@dataclass
class Seen:
    """What one visit of one page recorded."""

    console_errors: list[str]
    outside: list[str]
    lang: str
    h1: int
    hrefs: list[str]
    width: int
    violations: list[dict]
    axe_passes: int


@pytest.fixture(scope="module")
def sweep(browser, built_site) -> dict[str, Seen]:
    """Every page of the session build (site_build in conftest.py) at 390×844, with axe's violations.

    With ``WOONZORG_ARTIFACTS=folder`` each page is also saved as a full-page screenshot there (for a
    person to look at; nothing is asserted on them, and they cost about half a second a page).
    """
    artifacts = os.environ.get("WOONZORG_ARTIFACTS")
    if artifacts:
        Path(artifacts, "screenshots").mkdir(parents=True, exist_ok=True)
    seen = {}
    phone = axe_context(browser, viewport=PHONE)
    visit = Visit(phone, built_site)  # one tab for every page (see Visit)
    try:
        for path in site_pages(built_site):
            name = str(path.relative_to(built_site))
            visit.open(path)
            page = visit.page
            # before axe, which reads the stylesheets itself (a request the page's own policy refuses)
            errors, outside = list(visit.console_errors), list(visit.outside)
            facts = page.evaluate("() => ({lang: document.documentElement.lang,"
                                  " h1: document.querySelectorAll('h1').length,"
                                  " hrefs: Array.from(document.querySelectorAll('a[href]'), a => a.href),"
                                  " width: document.documentElement.scrollWidth})")
            result = run_axe(page)
            if artifacts:
                page.screenshot(path=str(Path(artifacts, "screenshots", name.replace(os.sep, "__") + ".png")),
                                full_page=True)
            seen[name] = Seen(errors, outside, facts["lang"], facts["h1"], facts["hrefs"],
                              facts["width"], result["violations"], result["passes"])
    finally:
        phone.close()
    return seen


def test_every_page_loads_without_errors_or_outside_requests(sweep):
    assert len(sweep) >= 7
    for name, seen in sweep.items():
        assert seen.console_errors == [], (name, seen.console_errors)
        assert seen.outside == [], (name, seen.outside)
        assert seen.lang == "nl", name
        assert seen.h1 >= 1, name


def test_links_between_pages_resolve(sweep):
    broken = []
    ids: dict[Path, set[str]] = {}
    for name, seen in sweep.items():
        for href in seen.hrefs:
            parsed = urlparse(href)
            if parsed.scheme != "file":
                continue
            target = Path(unquote(parsed.path))
            if not target.exists():
                broken.append((name, href))
            elif parsed.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8")))
                # as browsers do: the fragment as written, then percent-decoded
                if parsed.fragment not in ids[target] and unquote(parsed.fragment) not in ids[target]:
                    broken.append((name, href))
    assert broken == []


def test_no_accessibility_violations_of_any_impact(sweep):
    """axe finds nothing on any page, minor and moderate findings included (two charts with one name
    were a moderate one: landmark-unique)."""
    problems = [(name, v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
                for name, seen in sweep.items() for v in seen.violations]
    assert all(seen.axe_passes for seen in sweep.values()), "axe ran no checks on some page"
    assert problems == []


def test_is_no_page_wider_than_a_phone(sweep):
    """Issue 16: at 390×844 no page of a full build (every region) is wider than the viewport."""
    assert [(name, seen.width) for name, seen in sweep.items() if seen.width > PHONE["width"]] == []


def test_index_links_to_every_guide(browser, built_site):
    visit = Visit(browser, built_site, built_site / "index.html")
    try:
        hrefs = set(visit.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"))
    finally:
        visit.close()
    guides = {str(p.relative_to(built_site)) for p in built_site.glob("*/*.html")}
    assert guides and guides <= hrefs
