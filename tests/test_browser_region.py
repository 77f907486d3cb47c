"""One region's guides in a real browser (Debian's Chromium via Playwright), read as a wethouder would:
phone, desktop, keyboard, print, search (issue 16). The whole site page by page: test_browser.py."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from browsing import CHROMIUM, NO_CHROMIUM, Visit, axe_context, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python")


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
    visit = Visit(browser, built_site)  # one tab for every page (see Visit)
    try:
        for guide in sorted(built_site.glob("parkstad/*.html")):
            visit.open(guide)
            images = visit.page.locator("img").count()
            loaded = visit.page.evaluate(
                "Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length")
            on_page = visit.page.evaluate("document.body.innerText").count("Bron:")
            pdf = visit.page.pdf(format="A4", print_background=True)
            assert pdf.startswith(b"%PDF")
            assert loaded == images, f"{guide}: {images - loaded} figure(s) did not load"
            printed = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
            # every source line of the page (captions name the charts' sources) is in the print
            assert printed.replace("\n", " ").count("Bron:") >= on_page, guide
    finally:
        visit.close()


def test_does_chart_text_stay_readable_at_phone_width(browser, built_site):
    # a chart keeps at least 36rem on a phone (it scrolls in its box): its 10-point text is then
    # 10 * 96/72 * 576/800 ≈ 9.6 px high
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((built_site / "parkstad" / "woonzorganalyse.html").resolve().as_uri(), wait_until="load")
        scales = page.evaluate("Array.from(document.querySelectorAll('figure.wz-chart img'))"
                               ".map(i => i.getBoundingClientRect().width / i.naturalWidth)")
    finally:
        page.close()
    assert scales and min(scales) * 10 * 96 / 72 >= 9


def test_does_the_desktop_footer_hold_the_metadata_and_the_page_open_with_its_content(browser, built_site):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        page.goto((built_site / "parkstad" / "woonzorganalyse.html").resolve().as_uri(), wait_until="load")
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


def test_does_the_search_find_sections_offline_and_pass_axe(browser, built_site):
    context = axe_context(browser)
    visit = Visit(context, built_site, built_site / "index.html")
    try:
        visit.page.fill("#wz-zoekterm", "statushouders parkstad")  # every word must occur
        visit.page.wait_for_selector("#wz-zoekresultaten li")
        hrefs = visit.page.eval_on_selector_all("#wz-zoekresultaten a", "els => els.map(e => e.getAttribute('href'))")
        status = visit.page.inner_text("#wz-zoekstatus")
        assert visit.outside == [] and visit.console_errors == []  # before axe, which reads the stylesheets itself
        result = run_axe(visit.page)
    finally:
        context.close()  # with its tab
    assert re.match(r"\d+ resultaten", status) and any(h.startswith("parkstad/") for h in hrefs)
    # every hit is a section of a published guide, never of a facilitator page
    assert all((built_site / h.partition("#")[0]).is_file() and "begeleider" not in h for h in hrefs)
    assert result["passes"] and [(v["id"], v["impact"]) for v in result["violations"]] == []


def test_have_one_regions_pages_no_accessibility_violations_on_a_desktop_either(browser, built_site):
    """The sweep runs axe on every page at phone width; here one region's pages at 1366×900 (any impact)."""
    problems, passes = [], []
    desktop = axe_context(browser, viewport={"width": 1366, "height": 900})
    visit = Visit(desktop, built_site)  # one tab for every page (see Visit)
    try:
        for path in [built_site / "index.html", *sorted(built_site.glob("parkstad/*.html"))]:
            visit.open(path)
            result = run_axe(visit.page)
            problems += [(path.name, v["id"], v["impact"]) for v in result["violations"]]
            passes.append(result["passes"])
    finally:
        desktop.close()
    assert all(passes), "axe ran no checks on some page"
    assert problems == []


def test_does_pdf_print_a4_pages_with_page_numbers(built_site, tmp_path):
    from woonzorg.publish import export

    target = tmp_path / "woonzorganalyse.pdf"
    export.print_pdf(built_site / "parkstad" / "woonzorganalyse.html", target)
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842)}
    texts = [p.extract_text() for p in reader.pages]
    assert len(texts) >= 2
    assert all(f"Pagina {n} van {len(texts)}" in text for n, text in enumerate(texts, start=1))
    assert "Gegevensbronnen" in texts[-1] or any("peildatum" in t for t in texts[-2:])
