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
    guide = sorted(built_site.glob("*/woonzorganalyse.html"))[0]  # a handout (findings first, then the nav)
    visit = Visit(browser, built_site, guide)
    try:
        for _ in range(120):  # past the navigation and the download links of "In het kort"
            visit.page.keyboard.press("Tab")
            inside = visit.page.evaluate(
                "() => { const n = document.activeElement && document.activeElement.closest('nav');"
                " if (!n) return false;"
                " const by = n.getAttribute('aria-labelledby');"
                " const name = n.getAttribute('aria-label') || (by && document.getElementById(by)"
                "   ? document.getElementById(by).textContent : '');"
                " return /op deze pagina/i.test(name); }")
            if inside:
                break
        assert inside, "Tab never reached the <nav> named Op deze pagina (the table of contents)"
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
        # every source line of the page (captions name the charts' sources) is in the print
        assert printed.replace("\n", " ").count("Bron:") >= on_page, guide


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


# --------------------------------------------------------------------------------------------
# One region, read as a wethouder would: phone, desktop, print, search (issue 16)


@pytest.fixture(scope="module")
def region_site(tmp_path_factory) -> Path:
    """Parkstad only (every theme), built once for the tests below."""
    from woonzorg.publish import build

    out = tmp_path_factory.mktemp("parkstad-site")
    report = build(regios=["parkstad"], out_dir=out, workers=1)
    assert report.ok, report.summary()
    return out


def test_is_no_page_wider_than_a_phone(browser, built_site):
    """Issue 16: at 390×844 no page of a full build (every region) is wider than the viewport."""
    too_wide = []
    for path in site_pages(built_site):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        try:
            page.goto(path.resolve().as_uri(), wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide.append((str(path.relative_to(built_site)), width))
        finally:
            page.close()
    assert too_wide == []


def test_does_chart_text_stay_readable_at_phone_width(browser, region_site):
    # a chart keeps at least 36rem on a phone (it scrolls in its box): its 10-point text is then
    # 10 * 96/72 * 576/800 ≈ 9.6 px high
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((region_site / "parkstad" / "woonzorganalyse.html").resolve().as_uri(), wait_until="load")
        scales = page.evaluate("Array.from(document.querySelectorAll('figure.wz-chart img'))"
                               ".map(i => i.getBoundingClientRect().width / i.naturalWidth)")
    finally:
        page.close()
    assert scales and min(scales) * 10 * 96 / 72 >= 9


def test_does_the_desktop_footer_hold_the_metadata_and_the_page_open_with_its_content(browser, region_site):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        page.goto((region_site / "parkstad" / "woonzorganalyse.html").resolve().as_uri(), wait_until="load")
        footer = page.locator("footer").inner_text()
        header = page.locator("header").inner_text()
        first_h2 = page.evaluate("document.querySelector('main h2').textContent")
        nav_after_first_section = page.evaluate(
            "(() => { const h = document.querySelectorAll('main h2'); const n = document.querySelector('nav.wz-toc');"
            " return !n || (h[0].compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) > 0; })()")
    finally:
        page.close()
    for text in ("Parameters", "regio = parkstad", "Gebouwd", "Codeversie", "woonzorg 0."):
        assert text in footer
    assert "Parameters" not in header and "woonzorg 0." not in header
    assert first_h2 != "Op deze pagina" and nav_after_first_section


def test_does_every_handout_open_with_in_het_kort(browser, built_site):
    """Issue 16: at 1366×900 the first heading after the title of every handout (every region) is In het kort."""
    handouts = [p for p in sorted(built_site.glob("*/*.html"))
                if not p.stem.endswith(("-bijlagen", "-deelnemers")) and "terugblik" not in p.stem]
    assert len(handouts) == 4 * len({p.parent for p in handouts}) >= 24
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        for handout in handouts:
            page.goto(handout.resolve().as_uri(), wait_until="load")
            first = page.evaluate("document.querySelector('main h2').textContent").replace("¶", "").strip()
            assert first == "In het kort", (handout.name, first)
    finally:
        page.close()


def test_does_the_search_find_sections_offline_and_pass_axe(browser, region_site):
    visit = Visit(browser, region_site, region_site / "index.html")
    try:
        visit.page.fill("#wz-zoekterm", "statushouders")
        visit.page.wait_for_selector("#wz-zoekresultaten li")
        hrefs = visit.page.eval_on_selector_all("#wz-zoekresultaten a", "els => els.map(e => e.getAttribute('href'))")
        status = visit.page.inner_text("#wz-zoekstatus")
        assert visit.outside == [] and visit.console_errors == []  # before axe, which reads the stylesheets itself
        result = axe_module.Axe().run(visit.page)
    finally:
        visit.close()
    assert re.match(r"\d+ resultaten", status) and hrefs
    assert all(h.startswith("parkstad/") and "begeleider" not in h for h in hrefs)
    serious = [v["id"] for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_have_the_guides_and_their_new_parts_no_serious_accessibility_violations(browser, region_site):
    axe = axe_module.Axe()
    problems = []
    for path in [region_site / "index.html", *sorted(region_site.glob("parkstad/*.html"))]:
        for width in (390, 1366):
            page = browser.new_page(viewport={"width": width, "height": 900})
            try:
                page.goto(path.resolve().as_uri(), wait_until="load")
                result = axe.run(page)
            finally:
                page.close()
            problems += [(path.name, width, v["id"]) for v in result.response["violations"]
                         if v["impact"] in ("serious", "critical")]
    assert problems == []


def test_does_pdf_print_a4_pages_with_page_numbers(region_site, tmp_path):
    from woonzorg.publish import export

    target = tmp_path / "woonzorganalyse.pdf"
    export.print_pdf(region_site / "parkstad" / "woonzorganalyse.html", target)
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842)}
    texts = [p.extract_text() for p in reader.pages]
    assert len(texts) >= 2
    assert all(f"Pagina {n} van {len(texts)}" in text for n, text in enumerate(texts, start=1))
    assert "Gegevensbronnen" in texts[-1] or any("peildatum" in t for t in texts[-2:])
