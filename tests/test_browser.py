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
DESKTOP = {"width": 1280, "height": 900}

# What the layout did to numbers and figures, asked of a loaded page: every table cell whose text reads as
# one number, range, code or period (the same reading as woonzorg.present.tables.number_like) that the
# browser broke over two or more lines, and every image or SVG wider than the viewport.
LAYOUT_FACTS = r"""() => {
  const numberLike = /^(?:[<>≤≥~±+\-\u2212]\s?)?\d[\d.,]*\s?%?(?:\s?[–\-]\s?\d[\d.,]*\s?%?)?$|^[A-Z]{2}\d{2,6}$|^\d{4}(?:-[A-Z]?\d{1,2})?$/;
  const wrapped = [];
  let numeric = 0;
  for (const cell of document.querySelectorAll('td, th')) {
    const text = cell.textContent.trim();
    if (!numberLike.test(text)) continue;
    numeric += 1;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = Array.from(range.getClientRects()).filter(r => r.height > 0);
    if (!lines.length) continue;
    const line = Math.min(...lines.map(r => r.height));
    if (range.getBoundingClientRect().height > 1.5 * line) wrapped.push(text);
  }
  const viewport = document.documentElement.clientWidth;
  const wide = Array.from(document.querySelectorAll('img, svg'))
    .filter(el => el.getBoundingClientRect().width > viewport + 0.5)
    .map(el => (el.getAttribute('alt') || el.tagName).slice(0, 60) + ': ' + Math.round(el.getBoundingClientRect().width));
  return {wrapped, numeric, wide};
}"""


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
    layout: dict


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
            layout = page.evaluate(LAYOUT_FACTS)
            result = run_axe(page)
            if artifacts:
                page.screenshot(path=str(Path(artifacts, "screenshots", name.replace(os.sep, "__") + ".png")),
                                full_page=True)
            seen[name] = Seen(errors, outside, facts["lang"], facts["h1"], facts["hrefs"],
                              facts["width"], result["violations"], result["passes"], layout)
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


def test_does_no_number_in_a_table_wrap_and_no_chart_overflow_on_a_phone(sweep):
    """Issue 32: at 390 px 602 numeric cells broke over lines ("2 / 5 / 6. / 1 / 8 / 0") and 32 charts were
    576 px images in a 366 px box. Now no cell that reads as a number, range or code wraps, and no
    chart or map is wider than the viewport, on any page of the full build."""
    assert sum(seen.layout["numeric"] for seen in sweep.values()) > 500  # the check saw the tables
    assert {name: seen.layout["wrapped"][:5] for name, seen in sweep.items() if seen.layout["wrapped"]} == {}
    assert {name: seen.layout["wide"] for name, seen in sweep.items() if seen.layout["wide"]} == {}


def test_does_no_number_in_a_table_wrap_at_desktop_width(browser, built_site):
    """Issue 32: at 1280 px "256.1 / 80", "GM195 / 4" broke too. Every page again, layout only (no axe)."""
    context = browser.new_context(viewport=DESKTOP)
    visit = Visit(context, built_site)
    found, numeric = {}, 0
    try:
        for path in site_pages(built_site):
            visit.open(path)
            layout = visit.page.evaluate(LAYOUT_FACTS)
            numeric += layout["numeric"]
            if layout["wrapped"] or layout["wide"]:
                found[str(path.relative_to(built_site))] = (layout["wrapped"][:5], layout["wide"])
    finally:
        context.close()
    assert numeric > 500
    assert found == {}


def test_index_links_to_every_guide(browser, built_site):
    visit = Visit(browser, built_site, built_site / "index.html")
    try:
        hrefs = set(visit.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"))
    finally:
        visit.close()
    guides = {str(p.relative_to(built_site)) for p in built_site.glob("*/*.html")}
    assert guides and guides <= hrefs


def test_does_the_search_on_every_page_put_the_readers_region_first_and_find_a_municipality(browser, built_site):
    """Issue 32: the search was on the index only, in alphabetical region order, cut at 25, without a filter;
    "statushouders" showed no Parkstad hit among the first 25 and "Heerlen" found Parkstad at place 16."""
    visit = Visit(browser, built_site, built_site / "parkstad" / "woonzorganalyse.html")
    try:
        page = visit.page
        page.fill("#wz-zoekterm", "statushouders")
        page.wait_for_selector("#wz-zoekresultaten li")
        first = page.eval_on_selector_all("#wz-zoekresultaten a", "els => els.map(e => [e.getAttribute('href'), e.textContent])")
        total = int(re.match(r"(\d+) resultaten", page.inner_text("#wz-zoekstatus")).group(1))
        assert len(first) == 25 and total > 50
        assert all(href.startswith("../parkstad/") for href, _ in first)  # the reader's region first
        assert not any("¶" in title for _, title in first)
        page.click("#wz-zoekmeer")  # the next 25
        assert page.eval_on_selector_all("#wz-zoekresultaten li", "els => els.length") == 50
        page.select_option("#wz-zoekregio", "haaglanden")  # one region only
        only = page.eval_on_selector_all("#wz-zoekresultaten a", "els => els.map(e => e.getAttribute('href'))")
        assert only and all(href.startswith("../haaglanden/") for href in only)
        for start in ("index.html", "haaglanden/gemeente/delft.html"):
            visit.open(built_site / start)
            page.fill("#wz-zoekterm", "Heerlen")
            page.wait_for_selector("#wz-zoekresultaten li")
            href = page.eval_on_selector("#wz-zoekresultaten a", "e => e.getAttribute('href')")
            assert href.split("parkstad/", 1)[-1] == "gemeente/heerlen.html", (start, href)
            assert (built_site / start).parent.joinpath(href).resolve().is_file()
        assert visit.console_errors == [] and visit.outside == []
    finally:
        visit.close()
