"""The published site in a real browser (Debian's Chromium via Playwright): loads, links, keyboard, print, axe."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pypdf
import pytest

from woonzorg import paths

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("WOONZORG_ARTIFACTS", paths.PROJECT_ROOT / "test-artifacts")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def site_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Visit:
    """One page opened with every request routed: only files of the site itself may load."""

    def __init__(self, browser, site: Path, page_path: Path):
        self.site = site.resolve()
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        self.page = browser.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.goto(page_path.resolve().as_uri(), wait_until="load")

    def _route(self, route):
        url = route.request.url
        if url.startswith("data:"):
            return route.continue_()
        parsed = urlparse(url)
        if parsed.scheme == "file" and Path(unquote(parsed.path)).resolve().is_relative_to(self.site):
            return route.continue_()
        self.outside.append(url)
        return route.abort()

    def close(self):
        self.page.close()


def test_every_page_loads_without_errors_or_outside_requests(browser, built_site, artifacts):
    pages = site_pages(built_site)
    assert len(pages) >= 7
    for path in pages:
        visit = Visit(browser, built_site, path)
        try:
            assert visit.console_errors == [], (path, visit.console_errors)
            assert visit.outside == [], (path, visit.outside)
            assert visit.page.evaluate("document.documentElement.lang") == "nl"
            assert visit.page.locator("h1").count() >= 1, path
            name = str(path.relative_to(built_site)).replace(os.sep, "__").removesuffix(".html")
            visit.page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        finally:
            visit.close()


def test_links_between_pages_resolve(browser, built_site):
    broken = []
    for path in site_pages(built_site):
        visit = Visit(browser, built_site, path)
        try:
            hrefs = visit.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            for href in hrefs:
                parsed = urlparse(href)
                if parsed.scheme != "file":
                    continue
                target = Path(unquote(parsed.path))
                if not target.exists():
                    broken.append((str(path.relative_to(built_site)), href))
                elif parsed.fragment and target.suffix == ".html":
                    ids = re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8"))
                    # as browsers do: the fragment as written, then percent-decoded
                    if parsed.fragment not in ids and unquote(parsed.fragment) not in ids:
                        broken.append((str(path.relative_to(built_site)), href))
        finally:
            visit.close()
    assert broken == []


def test_index_links_to_every_guide(browser, built_site):
    visit = Visit(browser, built_site, built_site / "index.html")
    try:
        hrefs = set(visit.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"))
    finally:
        visit.close()
    guides = {str(p.relative_to(built_site)) for p in built_site.glob("*/*.html")}
    assert guides and guides <= hrefs


def test_keyboard_reaches_the_table_of_contents(browser, built_site):
    guide = sorted(built_site.glob("*/*.html"))[0]
    visit = Visit(browser, built_site, guide)
    try:
        for _ in range(30):
            visit.page.keyboard.press("Tab")
            inside = visit.page.evaluate(
                "() => { const n = document.activeElement && document.activeElement.closest('nav');"
                " if (!n) return false;"
                " const by = n.getAttribute('aria-labelledby');"
                " const name = n.getAttribute('aria-label') || (by && document.getElementById(by)"
                "   ? document.getElementById(by).textContent : '');"
                " return /inhoud/i.test(name); }")
            if inside:
                break
        assert inside, "Tab never reached the <nav> named Inhoud (the table of contents)"
    finally:
        visit.close()


def test_print_to_pdf_contains_every_figure(browser, built_site):
    # Charts are SVG with live text: each one prints its own "Bron:" line as text, on top of the
    # "Bron:" lines of the page itself (captions, tables). A chart missing from the print misses one.
    for guide in sorted(built_site.glob("parkstad/*.html")):
        visit = Visit(browser, built_site, guide)
        try:
            images = visit.page.locator("img").count()
            loaded = visit.page.evaluate(
                "Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length")
            on_page = visit.page.evaluate("document.body.innerText").count("Bron:")
            pdf = visit.page.pdf(format="A4", print_background=True)
        finally:
            visit.close()
        assert pdf.startswith(b"%PDF")
        assert loaded == images, f"{guide}: {images - loaded} figure(s) did not load"
        printed = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
        assert printed.replace("\n", " ").count("Bron:") >= on_page + images, guide


def test_no_serious_or_critical_accessibility_violations(browser, built_site):
    axe = axe_module.Axe()
    problems = []
    for path in site_pages(built_site):
        visit = Visit(browser, built_site, path)
        try:
            result = axe.run(visit.page)
        finally:
            visit.close()
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append((str(path.relative_to(built_site)), violation["id"],
                                 [n["target"] for n in violation["nodes"][:3]]))
        assert result.response["passes"], "axe ran no checks"
    assert problems == []
