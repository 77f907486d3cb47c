"""Shared by the browser tests: Debian's Chromium, and a page visit that lets only the site's own files load."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
NO_CHROMIUM = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"


def launch(playwright):
    """Debian's Chromium (no browser download), headless."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# axe-core (shipped by axe-playwright-python) as an init script of a browser context: compiled once for
# the context instead of evaluated again in every page, and each run hands back its violations and
# the number of rules passed, not every pass and inapplicable rule with its nodes (together a quarter
# of the time axe took per page)
AXE_RUN = ("axe.run(document, {resultTypes: ['violations']})"
           ".then(r => ({violations: r.violations, passes: r.passes.length}))")


def axe_context(browser, **options):
    """A browser context (``new_context`` options, e.g. a viewport) in whose every page axe-core is loaded."""
    from axe_playwright_python.base import AXE_SCRIPT

    context = browser.new_context(**options)
    context.add_init_script(AXE_SCRIPT)
    return context


def run_axe(page) -> dict:
    """axe on a page of an :func:`axe_context`: ``{"violations": [...], "passes": N}``."""
    return page.evaluate(AXE_RUN)


def site_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Visit:
    """A browser tab with every request routed: only files of the site itself may load.

    It opens ``page_path`` at once; :meth:`open` takes the same tab to another page of the site. A
    sweep over many pages reuses one tab: a new tab for every page starts a renderer and compiles
    its scripts (axe-core's half megabyte among them) again, which took over half of the time.
    """

    def __init__(self, browser, site: Path, page_path: Path | None = None):
        """``browser``: a Browser or a BrowserContext (such as :func:`axe_context`, with its own viewport)."""
        self.site = site.resolve()
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        self.page = browser.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        if page_path is not None:
            self.open(page_path)

    def open(self, page_path: Path) -> None:
        """Load ``page_path`` in this tab; ``outside`` and ``console_errors`` then speak of it alone."""
        self.outside.clear()
        self.console_errors.clear()
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
