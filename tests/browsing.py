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


def site_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Visit:
    """One page opened with every request routed: only files of the site itself may load."""

    def __init__(self, browser, site: Path, page_path: Path, viewport: dict | None = None):
        self.site = site.resolve()
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        self.page = browser.new_page(**({"viewport": viewport} if viewport else {}))
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
